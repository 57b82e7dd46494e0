# SPDX-License-Identifier: GPL-2.0-or-later
# TAP helpers for the integration tests: assertions, namespace holders, cleanup on exit.
# Source it first thing; the binaries under test come in as $NSENTER $UNSHARE $LSNS $NSHOLDER.

set -euo pipefail

_tap_n=0
_tap_failed=0
_tap_tmp=$(mktemp -d /tmp/nstools-test.XXXXXX)
_holder_pids=()
_holder_fds=()
_at_exit=()

for _v in NSENTER UNSHARE LSNS NSHOLDER; do
  if [ -z "${!_v:-}" ] || [ ! -x "${!_v}" ]; then
    echo "Bail out! \$$_v is not set to a built binary (run through meson test)"
    exit 1
  fi
done

# NST_WRAPPER (e.g. "valgrind -q ..."): run our three binaries, and nothing else, under it. They
# become bare names found through PATH, so argv[0] in getopt's messages stays "$NSENTER". A test
# that empties PATH (env -i) must call "$(type -P "$NSENTER")", the wrapper's absolute path: a
# bare name would find util-linux's tool in /usr/bin. The wrapper itself needs no PATH.
_vg_dir=
if [ -n "${NST_WRAPPER:-}" ]; then
  chmod 711 "$_tap_tmp"
  mkdir -m 755 "$_tap_tmp/wrap" "$_tap_tmp/wrap/bin" "$_tap_tmp/wrap/real"
  read -r -a _wrap_words <<<"$NST_WRAPPER"
  _wrap_words[0]=$(type -P "${_wrap_words[0]}")
  for _w in "${_wrap_words[@]}"; do
    case $_w in --xml-file=*) _vg_dir=$(dirname "${_w#--xml-file=}") ;; esac
  done
  for _v in NSENTER UNSHARE LSNS; do
    ln -s "${!_v}" "$_tap_tmp/wrap/real/${!_v##*/}"
    # NST_WRAP_ID makes report names unique: inside a new pid namespace %p is 1 again
    printf '#!/bin/sh\nNST_WRAP_ID=$$.$(%s +%%s%%N) PATH=%s:$PATH exec %s %s "$@"\n' "$(type -P date)" \
      "$_tap_tmp/wrap/real" "${_wrap_words[*]}" "${!_v##*/}" >"$_tap_tmp/wrap/bin/${!_v##*/}"
    chmod 755 "$_tap_tmp/wrap/bin/${!_v##*/}"
    printf -v "$_v" '%s' "${!_v##*/}"
  done
  export PATH="$_tap_tmp/wrap/bin:$PATH" NSENTER UNSHARE LSNS
fi

# tool_unwrapped TOOL: the binary behind $NSENTER, $UNSHARE or $LSNS, without NST_WRAPPER.
tool_unwrapped() {
  if [ -n "${NST_WRAPPER:-}" ]; then
    echo "$_tap_tmp/wrap/real/$1"
  else
    echo "$1"
  fi
}

# Valgrind mode: what valgrind (3.19, --trace-children=no) and the wrapper add to the programs
# our tools run, so that the fd and environment checks can ignore exactly that and stay strict
# about everything else. Without NST_WRAPPER both filters pass their input through unchanged.
#  - fds: valgrind opens its log and XML files at the lowest free fds when it starts (so on 0
#    and 1 if the caller closed them) and they stay open across exec. tests/meson.build puts
#    both files in $_vg_dir as vg.*, which is how they are told apart. A process that still
#    runs under valgrind (unshare --init's PID 1) also holds the 12 fds valgrind reserves just
#    below its RLIMIT_NOFILE soft limit (N_RESERVED_FDS in valgrind's m_main.c).
#  - environment: the wrapper's NST_WRAP_ID and its PATH prefix; valgrind's LD_PRELOAD, which
#    it empties on exec; Debian's /usr/bin/valgrind script adds /usr/lib/debug to
#    LD_LIBRARY_PATH and sets GLIBCPP_FORCE_NEW=1 and GLIBCXX_FORCE_NEW=1.
vg_mode() {
  [ -n "$_vg_dir" ]
}

# vg_filter_fds [NOFILE]: "FD TARGET" lines on stdin, valgrind's own fds dropped. NOFILE: the
# soft open-files limit of a process that runs under valgrind itself, whose fds these are.
vg_filter_fds() {
  if ! vg_mode; then
    cat
    return
  fi
  awk -v vg="$_vg_dir/vg." -v lim="${1:-0}" '{
    target = substr($0, length($1) + 2)
    if (index(target, vg) == 1 || (lim > 12 && $1 + 0 >= lim - 12))
      next
    print
  }'
}

# vg_fd_numbers: the numbers of the fds "FD TARGET" lines on stdin that are valgrind's files.
vg_fd_numbers() {
  if vg_mode; then
    awk -v vg="$_vg_dir/vg." 'index(substr($0, length($1) + 2), vg) == 1 { print $1 }'
  fi
}

# vg_filter_env: "NAME=VALUE" lines (env's output) on stdin, valgrind's additions undone.
vg_filter_env() {
  if ! vg_mode; then
    cat
    return
  fi
  awk -v pfx="$_tap_tmp/wrap/real:" '
    /^NST_WRAP_ID=/ || /^LD_PRELOAD=$/ || /^LD_LIBRARY_PATH=\/usr\/lib\/debug$/ { next }
    /^(GLIBCPP|GLIBCXX)_FORCE_NEW=1$/ { next }
    /^LD_LIBRARY_PATH=/ { sub(/:\/usr\/lib\/debug$/, "") }
    /^PATH=/ && index($0, "PATH=" pfx) == 1 { $0 = "PATH=" substr($0, length(pfx) + 6) }
    { print }'
}

diag() {
  printf '# %s\n' "$*"
}

_result() {
  # _result STATUS DESC
  _tap_n=$((_tap_n + 1))
  if [ "$1" = 0 ]; then
    printf 'ok %d - %s\n' "$_tap_n" "$2"
  else
    printf 'not ok %d - %s\n' "$_tap_n" "$2"
    _tap_failed=$((_tap_failed + 1))
  fi
}

# ok DESC CMD...: passes if CMD exits 0.
ok() {
  local desc=$1 rc=0
  shift
  "$@" >"$_tap_tmp/out" 2>&1 || rc=$?
  _result "$rc" "$desc"
  if [ "$rc" != 0 ]; then
    diag "command failed (exit $rc): $*"
    sed 's/^/#   /' "$_tap_tmp/out" | head -n 20
  fi
  return 0
}

# nok DESC CMD...: passes if CMD exits non-zero.
nok() {
  local desc=$1 rc=0
  shift
  "$@" >"$_tap_tmp/out" 2>&1 || rc=$?
  if [ "$rc" = 0 ]; then
    _result 1 "$desc"
    diag "command unexpectedly succeeded: $*"
  else
    _result 0 "$desc"
  fi
  return 0
}

# is GOT EXPECTED DESC
is() {
  if [ "$1" = "$2" ]; then
    _result 0 "$3"
  else
    _result 1 "$3"
    diag "got:      '$1'"
    diag "expected: '$2'"
  fi
}

# isnt GOT UNEXPECTED DESC
isnt() {
  if [ "$1" != "$2" ]; then
    _result 0 "$3"
  else
    _result 1 "$3"
    diag "got '$1', which it must not be"
  fi
}

# like GOT ERE DESC
like() {
  if [[ $1 =~ $2 ]]; then
    _result 0 "$3"
  else
    _result 1 "$3"
    diag "got:      '$1'"
    diag "expected to match: '$2'"
  fi
}

# skip DESC REASON: a skip is reported as a skip, never as a pass.
skip() {
  _tap_n=$((_tap_n + 1))
  printf 'ok %d - %s # SKIP %s\n' "$_tap_n" "$1" "$2"
}

skip_all() {
  echo "1..0 # SKIP $*"
  exit 0
}

done_testing() {
  echo "1..$_tap_n"
  if [ "$_tap_n" = 0 ]; then
    echo "Bail out! no test ran"
    exit 1
  fi
  [ "$_tap_failed" = 0 ]
}

# run CMD...: sets $out (stdout), $err (stderr) and $rc, never fails.
run() {
  rc=0
  "$@" >"$_tap_tmp/run.out" 2>"$_tap_tmp/run.err" || rc=$?
  out=$(cat "$_tap_tmp/run.out")
  err=$(cat "$_tap_tmp/run.err")
}

# ns_ino PID TYPE: the namespace inode as the kernel reports it.
ns_ino() {
  stat -L -c %i "/proc/$1/ns/$2"
}

# as_nobody CMD...: run unprivileged.
as_nobody() {
  setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
}

# userns_works: can an unprivileged user create a user namespace here?
userns_works() {
  as_nobody "$UNSHARE_REF" --user true 2>/dev/null
}
UNSHARE_REF=/usr/bin/unshare

# holder_start [nsholder options] TYPE...: start a process in new namespaces of these types.
# Sets HOLDER_PID to its host pid. It lives until holder_stop or the end of the script;
# nothing sleeps: nsholder reports when it is ready and exits when its stdin closes.
# With HOLDER_AS_NOBODY=1 the holder runs as uid/gid 65534 (set -U to get a user namespace).
holder_start() {
  local n=${#_holder_pids[@]} in out line wfd rfd
  in="$_tap_tmp/holder$n.in"
  out="$_tap_tmp/holder$n.out"
  mkfifo "$in" "$out"
  # The new holder must not inherit the stdin pipes of earlier holders: it would keep
  # them open, and holder_stop on those would wait forever.
  (
    for fd in "${_holder_fds[@]}"; do
      [ -n "$fd" ] && eval "exec $fd>&-"
    done
    if [ "${HOLDER_AS_NOBODY:-0}" = 1 ]; then
      exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NSHOLDER" "$@"
    fi
    exec "$NSHOLDER" "$@"
  ) <"$in" >"$out" &
  local bgpid=$!
  exec {wfd}>"$in"
  exec {rfd}<"$out"
  if ! read -r line <&"$rfd"; then
    echo "Bail out! nsholder $* did not start"
    exit 1
  fi
  HOLDER_PID=${line%% *}
  HOLDER_IDS=${line#* }
  _holder_pids+=("$bgpid")
  _holder_fds+=("$wfd")
  eval "exec $rfd<&-"
}

# holder_stop PID: close that holder's stdin and wait until it has exited.
holder_stop() {
  local i fd
  for i in "${!_holder_pids[@]}"; do
    fd=${_holder_fds[$i]}
    [ -n "$fd" ] || continue
    if _holder_owns "${_holder_pids[$i]}" "$1"; then
      eval "exec $fd>&-"
      wait "${_holder_pids[$i]}" 2>/dev/null || true
      _holder_fds[$i]=
      return 0
    fi
  done
  return 1
}

# _holder_owns BGPID PID: is PID the background job BGPID or one of its descendants?
_holder_owns() {
  local p=$2
  while [ -n "$p" ] && [ "$p" -gt 1 ]; do
    [ "$p" = "$1" ] && return 0
    p=$(awk '/^PPid:/ { print $2 }' "/proc/$p/status" 2>/dev/null) || return 1
  done
  return 1
}

# at_exit CMD...: run CMD (e.g. an umount) when the script ends, however it ends; last in, first out.
at_exit() {
  _at_exit=("$(printf '%q ' "$@")" "${_at_exit[@]}")
}

_cleanup() {
  local i
  for i in "${_at_exit[@]}"; do
    eval "$i" || true
  done
  for i in "${!_holder_fds[@]}"; do
    local fd=${_holder_fds[$i]}
    [ -n "$fd" ] || continue
    eval "exec $fd>&-" 2>/dev/null || true
  done
  for i in "${!_holder_pids[@]}"; do
    wait "${_holder_pids[$i]}" 2>/dev/null || true
  done
  rm -rf "$_tap_tmp"
}
trap _cleanup EXIT
