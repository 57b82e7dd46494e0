#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Back to back: NST_B2B_RUNS (default 1000) runs each of `unshare --fork --pid --mount-proc true`
# and `nsenter -t PID -a true` leave no process, zombie, mount or fd behind.
source "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root (--mount-proc and nsenter -a into a root-owned target)"
REAPER=$NST_BUILDDIR/tests/helpers/reaper
[ -x "$REAPER" ] || { echo "Bail out! $REAPER is not built"; exit 1; }
runs=${NST_B2B_RUNS:-1000}

# Run in a private mount namespace of our own: a mount leaked into the caller's namespace shows
# up here, other work on the machine does not.
if [ -z "${NST_B2B_INNER:-}" ]; then
  rc=0
  NST_B2B_INNER=1 "$UNSHARE_REF" -m --propagation private bash "$0" "$@" || rc=$?
  exit "$rc"
fi

holder_start net uts ipc pid
# Our own fds, listed by a plain child: inside $(...) the list could catch the write end of
# the substitution's pipe, which bash closes only after forking.
our_fds() {
  ls "/proc/$$/fd" >"$_tap_tmp/fds"
  sort -n "$_tap_tmp/fds" | tr '\n' ' '
}
our_fds >"$_tap_tmp/fds.before"
fds_before=$(cat "$_tap_tmp/fds.before")
holder_fds_before=$(ls "/proc/$HOLDER_PID/fd" | sort -n | tr '\n' ' ')
mounts_before=$(cat /proc/self/mountinfo)

# negative control: the reaper sees an abandoned process and a zombie
"$REAPER" "$_tap_tmp/control" bash -c 'sleep 1000 </dev/null >/dev/null 2>&1 & exit 0' || true
like "$(cat "$_tap_tmp/control")" "^[0-9]+ (sleep|bash)" "control: a process left behind is caught"

for tool in unshare nsenter; do
  if [ "$tool" = unshare ]; then
    cmd=("$UNSHARE" --fork --pid --mount-proc true)
  else
    cmd=("$NSENTER" -t "$HOLDER_PID" -a true)
  fi
  rc=0
  "$REAPER" "$_tap_tmp/left.$tool" bash -c '
    n=$1; shift
    for ((i = 0; i < n; i++)); do
      "$@" || { echo "run $i: exit $?" >&2; exit 1; }
    done' bash "$runs" "${cmd[@]}" 2>"$_tap_tmp/err.$tool" || rc=$?
  is "$rc:$(head -c 300 "$_tap_tmp/err.$tool")" "0:" "$tool: $runs runs of ${cmd[*]##*/} all exit 0, silently"
  is "$(cat "$_tap_tmp/left.$tool")" "" "$tool: no process or zombie left behind"
  is "$(cat /proc/self/mountinfo)" "$mounts_before" "$tool: no mount left behind"
  our_fds >"$_tap_tmp/fds.after"
  is "$(cat "$_tap_tmp/fds.after")" "$fds_before" "$tool: the caller has the fds it had"
  is "$(ls "/proc/$HOLDER_PID/fd" | sort -n | tr '\n' ' ')" "$holder_fds_before" "$tool: the target has the fds it had"
done
holder_stop "$HOLDER_PID"
done_testing
