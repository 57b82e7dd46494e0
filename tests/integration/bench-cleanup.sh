#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/mkworld: a small world exists as built, and --cleanup removes it all and nothing else.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || skip_all "mkworld needs root"
[ -e /proc/self/ns/time ] || skip_all "mkworld needs time namespaces (Linux 5.6)"
if [ -z "${MKWORLD:-}" ] || [ ! -x "$MKWORLD" ]; then
  echo "Bail out! \$MKWORLD is not set to a built binary (run through meson test)"
  exit 1
fi

wdir=$_tap_tmp/worlds
wid=cleanup$$
state=$wdir/$wid.state
ctl_mnt=$_tap_tmp/control-net

_world_cleanup() {
  "$MKWORLD" --dir "$wdir" --id "$wid" --cleanup >/dev/null 2>&1 || true
  if [ -e "$ctl_mnt" ]; then
    umount "$ctl_mnt" 2>/dev/null || true
  fi
  _cleanup
}
trap _world_cleanup EXIT

# start_time PID: field 22 of /proc/PID/stat (the command name may hold spaces).
start_time() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  # $s now starts at field 3
  set -- $s
  echo "${20}"
}

# alive PID START: PID runs, is not a zombie, and is the process that started at START.
alive() {
  local s want=$2
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  set -- $s
  [ "$1" != Z ] && [ "${20}" = "$want" ]
}

nsdev=$(stat -L -c %d /proc/self/ns/net)

# ns_inodes_of PID...: every namespace inode those processes hold: own, per-thread, fds.
ns_inodes_of() {
  local p
  for p in "$@"; do
    stat -L -c '%d %i' /proc/"$p"/task/*/ns/* /proc/"$p"/fd/* 2>/dev/null || true
  done | awk -v d="$nsdev" '$1 == d { print $2 }' | sort -u
}

# nsfs_mounts [DIR]: "target inode" of every nsfs mount in our mount table (under DIR).
nsfs_mounts() {
  awk -v dir="${1:-}" '{
    for (i = 7; $i != "-"; i++) ;
    if ($(i + 1) != "nsfs" || (dir != "" && index($5, dir "/") != 1)) next
    ino = $4; sub(/.*\[/, "", ino); sub(/\].*/, "", ino)
    print $5, ino
  }' /proc/self/mountinfo
}

# Negative controls, made before the world: a process in a new net namespace, and an nsfs
# bind mount of that namespace outside the world's directory.
holder_start net
ctl_pid=$HOLDER_PID
ctl_start=$(start_time "$ctl_pid")
ctl_net=$(ns_ino "$ctl_pid" net)
: >"$ctl_mnt"
mount --bind "/proc/$ctl_pid/ns/net" "$ctl_mnt"

run "$MKWORLD" --dir "$wdir" --id "$wid" --sets 20 --binds 1 --fds 1 --threads 2 200
is "$rc" 0 "mkworld builds a world of 200 processes in 20 sets"
[ "$rc" = 0 ] || diag "$err"
like "$out" "procs=200 " "mkworld reports it"
ok "the state file exists" test -s "$state"

mapfile -t leaders < <(awk '$1 == "proc" && $4 == "leader" { print $2 }' "$state")
mapfile -t procs < <(awk '$1 == "proc" && ($4 == "leader" || $4 == "member") { print $2, $3 }' "$state")
keeper=$(awk '$1 == "proc" && $4 == "keeper" { print $2 }' "$state")
keeper_start=$(awk '$1 == "proc" && $4 == "keeper" { print $3 }' "$state")
threads=$(awk '$1 == "proc" && $4 == "threads" { print $2 }' "$state")
is "${#leaders[@]}" 20 "the state file records 20 set leaders"
is "${#procs[@]}" 200 "the state file records 200 set processes"

n=0
for pr in "${procs[@]}"; do
  alive $pr && n=$((n + 1))
done
is "$n" 200 "all 200 processes run, with the recorded start times"

nets=$(for l in "${leaders[@]}"; do ns_ino "$l" net; done | sort -u | wc -l)
is "$nets" 20 "the 20 sets have 20 distinct net namespaces"
fresh=0
for t in cgroup ipc mnt net pid time user uts; do
  [ "$(ns_ino "${leaders[0]}" "$t")" != "$(ns_ino $$ "$t")" ] && fresh=$((fresh + 1))
done
is "$fresh" 8 "a set leader is in fresh namespaces of all eight types"
members=$(wc -w <"/proc/${leaders[0]}/task/${leaders[0]}/children")
is "$members" 9 "a set leader has its 9 members as children"
member=$(awk '$1 == "proc" && $4 == "member" { print $2; exit }' "$state")
is "$(ns_ino "$member" time)" "$(ns_ino "${leaders[0]}" time)" "members share their set's time namespace"
is "$(nsfs_mounts "$wdir/$wid" | wc -l)" 8 "8 namespaces are held by nsfs bind mounts in the world's directory"
fdns=$(stat -L -c %d /proc/"$keeper"/fd/* 2>/dev/null | grep -cx "$nsdev" || true)
is "$fdns" 8 "8 namespaces are held only by the keeper's fds"
thr=$(for t in /proc/"$threads"/task/*; do stat -L -c %i "$t/ns/net"; done | sort -u | wc -l)
is "$thr" 3 "the threads hold 2 net namespaces besides their process's"

# Everything the world holds, to look for after cleanup.
world_ns=$_tap_tmp/world-ns
{
  ns_inodes_of "${leaders[@]}" "$keeper" "$threads"
  nsfs_mounts "$wdir/$wid" | awk '{ print $2 }'
} | sort -u | comm -23 - <(ns_inodes_of $$) >"$world_ns"
diag "the world holds $(wc -l <"$world_ns") namespaces"

# Forge two records that are not the world's: the control process under a wrong start time
# (as if its PID had been reused) and the control mount under a wrong inode.
echo "proc $ctl_pid $((ctl_start + 1)) member" >>"$state"
echo "mount $ctl_mnt 1" >>"$state"

# now, in clock ticks since boot: the start time of a process started now
t0=$(awk '{ sub(/.*\) /, ""); split($0, f, " "); print f[20] }' /proc/self/stat)
run "$MKWORLD" --dir "$wdir" --id "$wid" --cleanup
is "$rc" 0 "mkworld --cleanup succeeds"
[ "$rc" = 0 ] || diag "$err"
ok "the state file is gone" test ! -e "$state"

left=0
for pr in "${procs[@]}"; do
  alive $pr && left=$((left + 1))
done
is "$left" 0 "no process of the world is left"
nok "the keeper has exited" alive "$keeper" "$keeper_start"
is "$(nsfs_mounts "$wdir/$wid" | wc -l)" 0 "no bind mount of the world is left"
is "$(awk -v d="$wdir/$wid" '$5 == d' /proc/self/mountinfo | wc -l)" 0 "the world's tmpfs is unmounted"
ok "the world's directory is removed" test ! -e "$wdir/$wid"

# Any process that existed before the cleanup, any thread, fd or mount: none may still hold a
# namespace of the world. Processes started since are skipped: the kernel reuses freed
# namespace inode numbers, and other jobs on this machine create namespaces.
old=()
for d in /proc/[0-9]*; do
  s=$(start_time "${d#/proc/}") || continue
  [ "$s" -le "$t0" ] && old+=("${d#/proc/}")
done
still=$({ ns_inodes_of "${old[@]}"; nsfs_mounts | awk '{ print $2 }'; } | sort -u |
        comm -12 - "$world_ns" | tr '\n' ' ')
is "$still" "" "no namespace of the world is held any more"

ok "the unrelated process is untouched" alive "$ctl_pid" "$ctl_start"
is "$(ns_ino "$ctl_pid" net)" "$ctl_net" "it is still in its own net namespace"
is "$(nsfs_mounts | awk -v m="$ctl_mnt" '$1 == m { print $2 }')" "$ctl_net" \
  "the unrelated nsfs bind mount is still there"

run "$MKWORLD" --dir "$wdir" --id "$wid" --cleanup
is "$rc" 0 "a second cleanup finds nothing to do and succeeds"

done_testing
