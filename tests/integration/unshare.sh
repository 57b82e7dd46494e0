# SPDX-License-Identifier: GPL-2.0-or-later
# unshare in real namespaces: inodes, /proc and mountinfo are the oracle.
source "$NST_SRCDIR/tests/integration/lib.sh"

ids() {
  # ids PIDSPEC TYPES...: "type:inode " for each type
  local p=$1 t s=""
  shift
  for t in "$@"; do s+="$t:$(stat -L -c %i "/proc/$p/ns/$t") "; done
  printf '%s' "$s"
}

mounts_before=$(cat /proc/self/mountinfo)

# ---- the seed scenario
# ps writes straight to a file, so that only the shell and ps itself exist inside
psout="$_tap_tmp/ps.out"
script='echo "pid=$$"; ip -o link show | cut -d" " -f2,3,9; for t in mnt ipc pid net uts; do printf "%s:%s " $t $(stat -L -c %i /proc/self/ns/$t); done; echo; ps -e -o pid=,comm= >"$1"; exit 42'
run "$UNSHARE" --mount --ipc --pid --net --mount-proc --fork /bin/sh -c "$script" sh "$psout"
is "$rc" 42 "seed: the program's exit status is unshare's"
is "$(sed -n 1p <<<"$out")" "pid=1" "seed: the program is PID 1 of the new pid namespace"
like "$(tr -s ' ' <"$psout" | sed 's/^ //' | tr '\n' ';')" '^1 sh;[0-9]+ ps;$' "seed: ps -e lists only the new namespace's processes"
is "$(sed -n 2p <<<"$out")" "lo: <LOOPBACK> DOWN" "seed: the new net namespace has only lo, down"
inside=$(sed -n 3p <<<"$out")
outside="$(ids self mnt ipc pid net) uts:$(stat -L -c %i /proc/self/ns/uts) "
for t in mnt ipc pid net; do
  isnt "$(grep -o "$t:[0-9]*" <<<"$inside")" "$t:$(stat -L -c %i /proc/self/ns/$t)" "seed: a new $t namespace"
done
is "$(grep -o "uts:[0-9]*" <<<"$inside")" "uts:$(stat -L -c %i /proc/self/ns/uts)" "control: uts was not asked for and is shared"
is "$(cat /proc/self/mountinfo)" "$mounts_before" "seed: the host's mounts are untouched afterwards"

# negative control for the ps check: without --pid, the shell sees the host's processes
run "$UNSHARE" --mount --mount-proc --fork /bin/sh -c 'echo $$; ps -e -o pid= | wc -l'
isnt "$(sed -n 1p <<<"$out")" "1" "control: without --pid the program is not PID 1"
[ "$(sed -n 2p <<<"$out")" -gt 2 ] && r=0 || r=1
is "$r" 0 "control: without --pid ps sees more than its own namespace"

# ---- every type, one at a time, against the kernel
for t in cgroup ipc mnt net pid time user uts; do
  opt=$(case $t in mnt) echo --mount ;; *) echo "--$t" ;; esac)
  child=$t
  run "$UNSHARE" "$opt" --fork -- stat -L -c %i "/proc/self/ns/$child"
  isnt "$out" "$(stat -L -c %i "/proc/self/ns/$t")" "$opt creates a new $t namespace"
  is "$rc" 0 "$opt: exit 0"
done

# ---- propagation: private by default, so mounts made inside stay inside
shared="$_tap_tmp/shared"
mkdir -p "$shared/sub"
mount --bind "$shared" "$shared"
mount --make-shared "$shared"
check='mount -t tmpfs nst-test "$1/sub" && grep -c " $1/sub " /proc/$2/mountinfo || true'
run "$UNSHARE" --mount -- /bin/sh -c "$check" sh "$shared" $$
is "$out" "0" "a mount made inside does not appear outside (default propagation private)"
run "$UNSHARE" --mount --propagation unchanged -- /bin/sh -c "$check" sh "$shared" $$
is "$out" "1" "control: with --propagation unchanged it does appear outside"
umount -l "$shared/sub" 2>/dev/null || true
umount -l "$shared"
run "$UNSHARE" --mount --propagation private -- /bin/sh -c 'findmnt -n -o PROPAGATION /'
is "$out" "private" "--propagation private"
run "$UNSHARE" --mount --propagation slave -- /bin/sh -c 'findmnt -n -o PROPAGATION /'
is "$out" "private" "--propagation slave of a private mount stays private"

# ---- exit statuses through --fork
run "$UNSHARE" --fork -- /bin/sh -c 'exit 0'
is "$rc" 0 "--fork: exit 0"
run "$UNSHARE" --fork -- /bin/sh -c 'exit 255'
is "$rc" 255 "--fork: exit 255"
run "$UNSHARE" --fork -- /bin/sh -c 'kill -TERM $$'
is "$rc" 143 "--fork: child killed by TERM -> unshare dies by TERM"
run "$UNSHARE" --fork -- /bin/sh -c 'kill -KILL $$'
is "$rc" 137 "--fork: child killed by KILL -> unshare dies by KILL"
is "$err" "" "--fork: no bogus error when the child is killed (util-linux#2614)"
run "$UNSHARE" --fork -- /nonexistent
is "$rc" 127 "a missing program: 127"
noexec="$_tap_tmp/not-executable"
echo 'echo hi' >"$noexec"
run "$UNSHARE" -- "$noexec"
is "$rc" 126 "a program that is not executable: 126"

# ---- errors: one line, exit 1, nothing created
run "$UNSHARE" --bogus
is "$rc:$err" "1:$UNSHARE: unrecognized option '--bogus'"$'\n'"Try 'unshare --help' for more information." "unknown option: util-linux's two lines"
run "$UNSHARE" --mount --propagation sideways -- true
is "$rc:$err" "1:unshare: unsupported propagation mode: sideways" "a bad propagation mode"
run "$UNSHARE" -u/tmp/x true
is "$rc" 1 "namespace short options take no argument"
run "$UNSHARE" --help
is "$rc" 0 "--help: exit 0"
like "$out" "^"$'\n'"Usage:"$'\n'" unshare \[options\]" "--help: usage on stdout"
run "$UNSHARE" --version
is "$out" "unshare from nstools 0.1.0" "--version"
is "$(cat /proc/self/mountinfo)" "$mounts_before" "after all of the above, the host's mounts are as they were"

# ---- unprivileged
if userns_works; then
  chmod 777 "$_tap_tmp"
  run as_nobody "$UNSHARE" -r --mount --pid --net --mount-proc --fork -- /bin/sh -c 'echo $$ $(id -u) $(id -g); ip -o link show | cut -d" " -f2; ps -e -o pid=,comm= >"$1"' sh "$psout.2"
  is "$(sed -n 1p <<<"$out")" "1 0 0" "unprivileged -r: PID 1, root inside"
  is "$(sed -n 2p <<<"$out")" "lo:" "unprivileged -r: only lo"
  like "$(tr -s ' ' <"$psout.2" | sed 's/^ //' | tr '\n' ';')" '^1 sh;[0-9]+ ps;$' "unprivileged -r: --mount-proc shows only the new pid namespace"
  run as_nobody "$UNSHARE" -c -- /bin/sh -c 'id -u; cat /proc/self/setgroups'
  is "$out" "$(printf '65534\ndeny')" "unprivileged -c: our own uid inside, setgroups denied"
  run as_nobody "$UNSHARE" --net -- true
  is "$rc" 1 "control: unprivileged --net without a user namespace fails"
  is "$err" "unshare: unshare failed: Operation not permitted" "control: the error"
else
  skip "unprivileged user namespaces" "unprivileged user namespaces are disabled here"
fi

done_testing
