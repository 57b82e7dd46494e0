#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# nsenter against a dying target: the target is killed while nsenter is starting, at a moment
# that varies with scheduling. nsenter must either enter exactly the target's namespaces (the
# program reports them) or fail with exit 1 and one clear error line: never run the program in
# the host's namespaces or in a mix. NST_DYING_RUNS iterations (default 300).
source "$(dirname "$0")/lib.sh"

runs=${NST_DYING_RUNS:-300}
host="net:[$(ns_ino $$ net)] uts:[$(ns_ino $$ uts)] ipc:[$(ns_ino $$ ipc)]"

# judge RC OUT ERR WANT: "" if the outcome is allowed, else why not
judge() {
  local rc=$1 out=$2 err=$3 want=$4
  if [ "$rc" = 0 ]; then
    [ "$out" = "$want" ] || echo "exit 0 in namespaces '$out', not the target's '$want'"
    return 0
  fi
  [ "$rc" = 1 ] || { echo "exit $rc"; return 0; }
  [ -z "$out" ] || { echo "failed, yet the program ran: '$out'"; return 0; }
  [[ $err =~ ^nsenter:\ [^$'\n']+$ ]] || echo "not one 'nsenter: ' error line: '$err'"
}

# negative controls
isnt "$(judge 0 "$host" "" "net:[1] uts:[2] ipc:[3]")" "" "control: running in the host's namespaces is caught"
isnt "$(judge 0 "net:[1] uts:[2] ipc:[9]" "" "net:[1] uts:[2] ipc:[3]")" "" "control: a mix of namespaces is caught"
isnt "$(judge 1 "" "nsenter: x"$'\n'"more" "")" "" "control: two error lines are caught"
is "$(judge 1 "" "nsenter: target process 1 exited during setup" "")" "" "control: a clean failure is allowed"

# race NSENTER RUNS LABEL: RUNS targets killed while NSENTER starts; one TAP line per verdict
race() {
  local nsenter=$1 n=$2 label=$3 i y pid want nspid rc why saved_err
  local entered=0 failed=0 bad=0 first_bad=""
  exec {saved_err}>&2 2>"$_tap_tmp/job-messages"	# bash's "Killed" notices of the holders
  for ((i = 0; i < n; i++)); do
    holder_start net uts ipc
    pid=$HOLDER_PID
    want="net:[$(ns_ino "$pid" net)] uts:[$(ns_ino "$pid" uts)] ipc:[$(ns_ino "$pid" ipc)]"
    "$nsenter" -t "$pid" -n -u -i sh -c 'echo $(readlink /proc/self/ns/net /proc/self/ns/uts /proc/self/ns/ipc)' \
      >"$_tap_tmp/o" 2>"$_tap_tmp/e" &
    nspid=$!
    # vary the moment: kill at once, or after up to ~2 ms of busy work in this shell
    for ((y = 0; y < (i % 10) * 200; y++)); do :; done
    kill -KILL "$pid"
    rc=0
    wait "$nspid" || rc=$?
    holder_stop "$pid" || true
    why=$(judge "$rc" "$(cat "$_tap_tmp/o")" "$(cat "$_tap_tmp/e")" "$want")
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      [ -n "$first_bad" ] || first_bad="run $i: $why"
    elif [ "$rc" = 0 ]; then
      entered=$((entered + 1))
    else
      failed=$((failed + 1))
    fi
  done
  exec 2>&"$saved_err" {saved_err}>&-
  diag "$label: $n runs: $entered entered the target's namespaces, $failed failed cleanly, $bad wrong"
  [ -z "$first_bad" ] || diag "first wrong outcome: $first_bad"
  is "$bad" 0 "$label: all-or-nothing, never the host's or a mix ($n runs)"
  ok "$label: some runs raced the kill (failed cleanly): $failed" test "$failed" -gt 0
}

race "$NSENTER" "$runs" "nsenter -t DYING"

# A kernel without pidfds (sysfail makes pidfd_* fail with ENOSYS): the target is pinned by an
# fd on /proc/PID instead, and the same must hold.
nopidfd="$_tap_tmp/nsenter-nopidfd"
printf '#!/bin/sh\nexec "%s" pidfd_open=ENOSYS pidfd_getfd=ENOSYS pidfd_send_signal=ENOSYS -- "%s" "$@"\n' \
  "$NST_BUILDDIR/tests/helpers/sysfail" "$NSENTER" >"$nopidfd"
chmod 755 "$nopidfd"
holder_start net
run "$nopidfd" -t "$HOLDER_PID:1" -n true
is "$rc|$err" "1|nsenter: cannot check $HOLDER_PID:1: the kernel has no pidfd_open()" \
  "control: the wrapped nsenter has no pidfd (so it can't check PID:INO)"
holder_stop "$HOLDER_PID"
race "$nopidfd" $(((runs + 2) / 3)) "without pidfds, nsenter -t DYING"
done_testing
