#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input, table-driven: every malformed invocation exits 1 with one error line (plus the Try
# line for usage errors), prints nothing on stdout, and leaves no mount, namespace or process.
# To extend: add a row "bad KIND TOOL ARG..." below. KIND is
#   U  usage error: "<tool>: ..." or "<argv0>: ..." (getopt), then "Try '<tool> --help' ..."
#   E  fatal error: exactly one line "<tool>: ..."
#   ?  either (options other engineers are adding right now: getopt rejects them today)
# TOOL is nsenter, unshare or lsns. An argument @DEAD is replaced by a pid that is not running,
# @HOLDER by a live process in its own namespaces, @TMP by this script's scratch directory
# (also inside an argument: --net=/proc/@DEAD/ns/net).
source "$(dirname "$0")/lib.sh"

# Run in a private mount namespace of our own when we can: then a mount a tool leaks into its
# caller's namespace shows up here, and mounts other work on the machine makes don't.
if [ "$(id -u)" = 0 ] && [ -z "${NST_BAD_INPUT_INNER:-}" ] && [ -x "$UNSHARE_REF" ]; then
  rc=0
  NST_BAD_INPUT_INNER=1 "$UNSHARE_REF" -m --propagation private bash "$0" "$@" || rc=$?
  exit "$rc"
fi

declare -A path=([nsenter]=$NSENTER [unshare]=$UNSHARE [lsns]=$LSNS)

# Each case runs under tests/helpers/reaper: anything it leaves running is reported there.
REAPER=$NST_BUILDDIR/tests/helpers/reaper
[ -x "$REAPER" ] || { echo "Bail out! $REAPER is not built"; exit 1; }
left=$_tap_tmp/leftovers

# The processes of our session: the tools stay in it, and the rest of a busy machine (which
# may make namespaces of its own meanwhile) does not.
session() {
  pgrep -s 0 || true
}

# every namespace (type:[inode]) that a process of our session is in
ns_set() {
  local p f
  for p in $(session); do
    for f in /proc/"$p"/ns/*; do
      readlink "$f" 2>/dev/null || true
    done
  done | sort -u
}

holder_start net uts ipc
dead_pid=4194304	# PID_MAX_LIMIT: a valid number, never a pid
scratch=$_tap_tmp/scratch
mkdir "$scratch"
: >"$scratch/file"

mounts_before=$(cat /proc/self/mountinfo)
ns_before=$(ns_set)
n_cases=0

# check_case KIND NAME: judge $rc $out $err of the last run
check_case() {
  local kind=$1 name=$2 argv0=${path[$2]} why="" first second nlines
  nlines=$(printf '%s' "$err" | awk 'END { print NR }')
  first=$(printf '%s\n' "$err" | sed -n 1p)
  second=$(printf '%s\n' "$err" | sed -n 2p)
  [ "$rc" = 1 ] || why+="exit $rc, not 1; "
  [ -z "$out" ] || why+="stdout not empty; "
  case "$first" in
  "$name: "?* | "$argv0: "?*) ;;
  *) why+="first line doesn't start with '$name: ' or '$argv0: '; " ;;
  esac
  case "$kind:$nlines" in
  U:2 | \?:2)
    [ "$second" = "Try '$name --help' for more information." ] || why+="second line is not the Try line; " ;;
  E:1 | \?:1) ;;
  *) why+="$nlines stderr lines for kind $kind; " ;;
  esac
  case "$first" in
  *AddressSanitizer* | *runtime\ error* | *LeakSanitizer*) why+="sanitizer report; " ;;
  esac
  if [ -s "$left" ]; then
    why+="processes left behind: $(tr '\n' ' ' <"$left"); "
  fi
  echo "$why"
}

# bad KIND TOOL ARG...
bad() {
  local kind=$1 name=$2 a why
  local -a args=()
  shift 2
  for a in "$@"; do
    a=${a//@DEAD/$dead_pid}
    a=${a//@HOLDER/$HOLDER_PID}
    a=${a//@TMP/$scratch}
    args+=("$a")
  done
  n_cases=$((n_cases + 1))
  run timeout 20 "$REAPER" "$left" "${path[$name]}" "${args[@]}"
  why=$(check_case "$kind" "$name")
  if [ -z "$why" ]; then
    _result 0 "$name ${args[*]}"
  else
    _result 1 "$name ${args[*]}"
    diag "$why"
    diag "stderr: $err"
    [ -z "$out" ] || diag "stdout: $out"
  fi
}

# ---- nsenter -------------------------------------------------------------------------------
bad U nsenter --bogus
bad U nsenter -X
bad U nsenter -t
bad U nsenter --target
bad U nsenter --all=3
bad U nsenter --no-fork=yes
bad U nsenter --preserve-credentials=1
bad ? nsenter -t @HOLDER -t @HOLDER -n true
bad ? nsenter -t '' -n true
bad ? nsenter -t 0 -n true
bad ? nsenter -t -1 -n true
bad ? nsenter -t ' 1' -n true
bad ? nsenter -t '1 ' -n true
bad ? nsenter -t +1 -n true
bad ? nsenter -t 0x10 -n true
bad ? nsenter -t 4194305 -n true
bad ? nsenter -t 2147483648 -n true
bad ? nsenter -t 99999999999999999999 -n true
bad ? nsenter -t 1: -n true
bad ? nsenter -t :1 -n true
bad ? nsenter -t 1:0 -n true
bad ? nsenter -t 1:x -n true
bad ? nsenter -t 1:2:3 -n true
bad ? nsenter -t 1:18446744073709551616 -n true
bad ? nsenter -S 4294967296 -t @HOLDER -n true
bad ? nsenter -S 4294967295 -t @HOLDER -n true
bad ? nsenter -S -1 -t @HOLDER -n true
bad ? nsenter -S '' -t @HOLDER -n true
bad ? nsenter -S 1x -t @HOLDER -n true
bad ? nsenter -G 4294967296 -t @HOLDER -n true
bad ? nsenter -G '' -t @HOLDER -n true
bad ? nsenter -G abc -t @HOLDER -n true
bad ? nsenter --setuid=99999999999999999999 -t @HOLDER -n true
bad ? nsenter
bad ? nsenter true
bad ? nsenter -n true
bad ? nsenter -a true
bad ? nsenter --uts true
bad E nsenter -t @DEAD -n true
bad E nsenter -t @DEAD -a true
bad E nsenter --net=/nonexistent true
bad E nsenter --net=@TMP/file true
bad E nsenter --net=/etc/passwd true
bad E nsenter --net=/dev/null true
bad E nsenter --net=/proc/self/ns true
bad E nsenter --net=@TMP true
bad E nsenter --net=/proc/self/ns/uts true
bad E nsenter --uts=/proc/self/ns/net true
bad E nsenter --mount=/proc/self/ns/pid true
bad E nsenter --ipc=/proc/self/ns/user true
bad E nsenter --cgroup=/proc/self/ns/time true
bad E nsenter -n/proc/self/ns/ipc true
bad E nsenter --net=/proc/@DEAD/ns/net true
bad E nsenter --user=/proc/self/ns/mnt true

# ---- unshare -------------------------------------------------------------------------------
bad U unshare --bogus
bad U unshare -X
bad U unshare --fork=1
bad U unshare --propagation
bad U unshare --map-root-user=1
bad ? unshare --propagation= true
bad ? unshare --propagation=bogus true
bad ? unshare --propagation=PRIVATE true
bad ? unshare --propagation='private ' true
bad ? unshare -S 4294967296 true
bad ? unshare -S '' true
bad ? unshare -G 4294967296 true
bad ? unshare --setuid=abc true
bad ? unshare --kill-child=BOGUS -f true
bad ? unshare --kill-child=0 -f true
bad ? unshare --setgroups=maybe -U true
bad ? unshare --map-user=4294967295 true
bad ? unshare --map-group= true
bad ? unshare --map-users=0:1 true
bad ? unshare --map-users=0:0:0 true
bad ? unshare --map-users=4294967295:0:2 true
bad ? unshare --map-groups=a:b:c true
bad ? unshare --monotonic=1x --time true
bad ? unshare --boottime=99999999999999999999 --time true
bad ? unshare --wd= true
bad ? unshare -R /nonexistent true
bad ? unshare --net=/nonexistent/dir/file true
bad E unshare --mount-proc=/nonexistent true
bad E unshare --mount-proc=@TMP/file true

# ---- lsns ----------------------------------------------------------------------------------
bad U lsns --bogus
bad U lsns -X
bad U lsns -o
bad U lsns -t
bad U lsns -p
bad U lsns --json=1
bad U lsns -J -r
bad U lsns --json --raw
bad ? lsns -t ''
bad ? lsns -t bogus
bad ? lsns -t mount
bad ? lsns -t NET
bad ? lsns -t net,uts
bad ? lsns -t net -t bogus
bad ? lsns -o ''
bad ? lsns -o BOGUS
bad ? lsns -o NS,,TYPE
bad ? lsns -o NS,
bad ? lsns -o +
bad ? lsns -o +BOGUS
bad ? lsns -o 'NS TYPE'
bad ? lsns -p 0
bad ? lsns -p ''
bad ? lsns -p x
bad ? lsns -p -1
bad ? lsns -p 4194305
bad ? lsns -p 1:2
bad ? lsns 0
bad ? lsns abc
bad ? lsns -- -1
bad ? lsns 4026531833x
bad ? lsns 99999999999999999999
bad ? lsns ''
bad ? lsns -Q 'TYPE =='
bad ? lsns -Q '(((('
bad ? lsns -Q 'BOGUSCOLUMN == 1'
bad ? lsns -Q 'COMMAND =~ "["'
bad ? lsns -T bogus
bad ? lsns --tree=bogus

# negative controls: a valid invocation, and one that leaves a process behind, must fail
run "$REAPER" "$left" "$LSNS" -t net
is "$(check_case E lsns)" "exit 0, not 1; stdout not empty; first line doesn't start with 'lsns: ' or '$LSNS: '; 0 stderr lines for kind E; " \
  "control: a good invocation fails the bad-input check"
run "$REAPER" "$left" bash -c '(exec -a lsns sleep 1000 </dev/null >/dev/null 2>&1 &) ; echo "lsns: x" >&2; exit 1'
like "$(check_case E lsns)" "^processes left behind: [0-9]+ (sleep|bash)" "control: a process left behind is caught (and killed)"

ok "at least 80 invocations were tried ($n_cases)" test "$n_cases" -ge 80
holder_stop "$HOLDER_PID"
is "$(cat /proc/self/mountinfo)" "$mounts_before" "no mount appeared or vanished"
new_ns=$(comm -13 <(echo "$ns_before") <(ns_set))
is "$new_ns" "" "no namespace appeared that was not there before"
done_testing
