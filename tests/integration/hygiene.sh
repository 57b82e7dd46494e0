#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fd, signal and privilege hygiene of nsenter and unshare, in every mode that exists now:
#  - the program's fds are exactly the caller's (3<file passes through; closed 0-2 become
#    /dev/null), compared with running the same program directly;
#  - the caller sees the program's exit status, death by signal and stops as if it ran it;
#  - after nsenter -S/-G, real/effective/saved uid and gid and the groups are as asked.
source "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (entering a root-owned target, mapping, -S/-G)"
FDLIST=$NST_BUILDDIR/tests/helpers/fdlist
[ -x "$FDLIST" ] || { echo "Bail out! $FDLIST is not built"; exit 1; }

holder_start net uts ipc pid
H=$HOLDER_PID
file=$_tap_tmp/passed-on
echo data >"$file"

# the modes: a tool and its options before the program
modes=(
  "nsenter -t $H -n"
  "nsenter -t $H -n -F"
  "nsenter -t $H -u -i"
  "nsenter -t $H -p"
  "nsenter -t $H -a"
  "nsenter --net=/proc/$H/ns/net"
  "unshare -n"
  "unshare --fork -n"
  "unshare --fork --pid --mount-proc"
  "unshare -r"
  "unshare -c"
  "unshare --fork -r -p"
)
tool_cmd() {
  # shellcheck disable=SC2206 # words on purpose
  local words=($1)
  case "${words[0]}" in
  nsenter) echo "$NSENTER" ;;
  unshare) echo "$UNSHARE" ;;
  esac
}

# ---- fds ------------------------------------------------------------------------------------
# list_fds OUT PREFIX...: run fdlist through PREFIX with the caller's 3<file
list_fds() {
  local out=$1
  shift
  "$@" "$FDLIST" "$out" 3<"$file" </dev/null >/dev/null 2>>"$_tap_tmp/stderr"
}
list_fds_closed() {
  local out=$1
  shift
  "$@" "$FDLIST" "$out" 3<"$file" <&- >&- 2>&-
}
list_fds "$_tap_tmp/direct"
list_fds_closed "$_tap_tmp/direct-closed"
is "$(grep -cxF "3 $file" "$_tap_tmp/direct")" 1 "control: the direct run sees the caller's 3<file"

for m in "${modes[@]}"; do
  # shellcheck disable=SC2206 # words on purpose
  words=($m)
  words[0]=$(tool_cmd "$m")
  rm -f "$_tap_tmp/via"
  rc=0
  list_fds "$_tap_tmp/via" "${words[@]}" || rc=$?
  is "$rc:$(cat "$_tap_tmp/via" 2>/dev/null)" "0:$(cat "$_tap_tmp/direct")" "$m: the program has exactly the caller's fds"
  rm -f "$_tap_tmp/via"
  rc=0
  list_fds_closed "$_tap_tmp/via" "${words[@]}" || rc=$?
  # with 0-2 closed the tool opens /dev/null there, so the program's list has them in addition
  want=$( (printf '0 /dev/null\n1 /dev/null\n2 /dev/null\n'; cat "$_tap_tmp/direct-closed") | sort -n)
  is "$rc:$(sort -n "$_tap_tmp/via" 2>/dev/null)" "0:$want" "$m: with fds 0-2 closed: /dev/null there, nothing else new"
done

# negative control: an extra fd is noticed
list_fds "$_tap_tmp/leaky" bash -c 'exec 7</dev/null; exec "$@"' bash
isnt "$(cat "$_tap_tmp/leaky")" "$(cat "$_tap_tmp/direct")" "control: a leaked fd 7 changes the list"

# ---- exit status matrix ---------------------------------------------------------------------
# status CMD...: what a waiting parent sees, stops included: "stop:SIG" lines (each answered with
# SIGCONT to the process we started), then "exit:N" or "signal:N".
status() {
  python3 - "$@" <<'PY'
import os, signal, subprocess, sys
p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
seen = []
while True:
    _, st = os.waitpid(p.pid, os.WUNTRACED)
    if os.WIFSTOPPED(st):
        seen.append("stop:%d" % os.WSTOPSIG(st))
        os.kill(p.pid, signal.SIGCONT)
        continue
    seen.append("exit:%d" % os.WEXITSTATUS(st) if os.WIFEXITED(st) else "signal:%d" % os.WTERMSIG(st))
    break
print(" ".join(seen))
PY
}

ulimit -c 0
programs=(
  "exit 0"
  "exit 1"
  "exit 42"
  "exit 255"
  'kill -TERM $$'
  'kill -INT $$'
  'kill -KILL $$'
  'kill -SEGV $$'
  'kill -STOP $$; exit 7'
)
exit_modes=(
  "unshare -n"
  "unshare --fork -n"
  "unshare --fork --pid --mount-proc"
  "nsenter -t $H -n"
  "nsenter -t $H -p"
  "nsenter -t $H -n -F"
)
is "$(status sh -c 'kill -STOP $$; exit 7')" "stop:19 exit:7" "control: the status helper sees a stop and the exit"
for prog in "${programs[@]}"; do
  want=$(status sh -c "$prog")
  for m in "${exit_modes[@]}"; do
    # unshare's fork parent does not pass stops on (as util-linux); only nsenter's does
    if [[ $prog == *STOP* && $m == "unshare --fork"* ]]; then
      skip "$m: sh -c '$prog'" "unshare --fork does not propagate stops (util-linux behaviour)"
      continue
    fi
    if [[ $prog == kill* && $m == *--pid* ]]; then
      skip "$m: sh -c '$prog'" "the program is PID 1 of a new pid namespace: the kernel drops signals it has no handler for"
      continue
    fi
    # shellcheck disable=SC2206 # words on purpose
    words=($m)
    words[0]=$(tool_cmd "$m")
    is "$(timeout 30 bash -c "$(declare -f status); status \"\$@\"" bash "${words[@]}" sh -c "$prog")" "$want" \
      "$m: sh -c '$prog' looks like running it directly ($want)"
  done
done

# ---- privilege drop -------------------------------------------------------------------------
# ids PREFIX...: Uid, Gid and Groups lines of the program's /proc/self/status
ids() {
  "$@" cat /proc/self/status | awk '/^(Uid|Gid|Groups):/ { $1 = $1; print }' | tr '\n' ';'
}
is "$(ids "$NSENTER" -t "$H" -n -S 1234 -G 4321)" "Uid: 1234 1234 1234 1234;Gid: 4321 4321 4321 4321;Groups:;" \
  "nsenter -S 1234 -G 4321: real, effective, saved and fs ids, no groups"
is "$(ids "$NSENTER" -t "$H" -n -G 4321)" "Uid: 0 0 0 0;Gid: 4321 4321 4321 4321;Groups:;" \
  "nsenter -G 4321 alone: the uid stays, gid set, groups dropped"
is "$(ids "$NSENTER" -t "$H" -n -S 1234 -G 0)" "Uid: 1234 1234 1234 1234;Gid: 0 0 0 0;Groups:;" \
  "nsenter -S 1234 -G 0"
isnt "$(ids setpriv --groups=5,6 -- "$NSENTER" -t "$H" -n)" "$(ids "$NSENTER" -t "$H" -n -S 0 -G 0)" \
  "control: without -G the caller's groups stay"

if userns_works; then
  HOLDER_AS_NOBODY=1 holder_start user net
  U=$HOLDER_PID
  rm -f "$_tap_tmp/ran"
  run as_nobody "$NSENTER" -t "$U" -U -n -S 5 touch "$_tap_tmp/ran"
  is "$rc" 1 "an unmapped -S uid in the target's user namespace: exit 1"
  ok "... and the program did not run" test ! -e "$_tap_tmp/ran"
  like "$err" "^nsenter: " "... with an error from nsenter"
else
  skip "failing setuid aborts before exec" "unprivileged user namespaces are not available"
fi

holder_stop "$H"
done_testing
