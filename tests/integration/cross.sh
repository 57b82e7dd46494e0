# SPDX-License-Identifier: GPL-2.0-or-later
# The three tools together: a namespace persisted by our unshare, entered by our nsenter,
# listed by our lsns, and freed by umount.
source "$NST_SRCDIR/tests/integration/lib.sh"

dir="$_tap_tmp/cross"
mkdir -p "$dir"
# a private mount of our own: a bind onto a shared mount could propagate to other mounts
mount --bind "$dir" "$dir"
mount --make-private "$dir"
: >"$dir/net"
: >"$dir/uts"

run "$UNSHARE" --net="$dir/net" --uts="$dir/uts" --hostname nst-cross -- /bin/sh -c 'stat -L -c %i /proc/self/ns/net'
is "$rc" 0 "unshare --net=FILE --uts=FILE: exit 0"
ino=$(stat -L -c %i "$dir/net")
is "$out" "$ino" "the file is the network namespace the program ran in"
isnt "$ino" "$(ns_ino self net)" "and it is not ours"

run "$NSENTER" --net="$dir/net" -- stat -L -c %i /proc/self/ns/net
is "$out:$rc" "$ino:0" "nsenter --net=FILE enters the persisted namespace"
run "$NSENTER" --uts="$dir/uts" -- hostname
is "$out" "nst-cross" "nsenter --uts=FILE sees the host name set inside"
run "$NSENTER" --net="$dir/net" -- ip -o link show
is "$(cut -d' ' -f2 <<<"$out")" "lo:" "inside the persisted net namespace: only lo"

run "$LSNS" -t net -n -o NS,NPROCS,NSFS
row=$(awk -v i="$ino" '$1 == i' <<<"$out")
if [ -n "$row" ]; then
  is "$(tr -s ' ' <<<"$row")" "$ino 0 $dir/net" "lsns lists the namespace held only by the bind mount, with its NSFS path"
else
  skip "lsns lists a bind-mount-only namespace" "this lsns does not list namespaces held only by bind mounts yet"
fi

umount "$dir/net"
umount "$dir/uts"
# the kernel may drop the last reference a moment later (a socket closed by the exit of the
# last process frees its namespace through RCU): poll, bounded
seen=1
for _ in $(seq 400); do
  seen=$("$LSNS" -t net -n -o NS | grep -cx " *$ino" || true)
  [ "$seen" = 0 ] && break
  read -r -t 0.005 <> <(:) || true
done
is "$seen" "0" "after umount, lsns no longer sees it"
[ "$seen" = 0 ] || diag "$("$LSNS" -t net -o NS,NPROCS,PID,HOLDER | awk -v i="$ino" '$1 == i')"
found=$(for p in /proc/[0-9]*; do stat -L -c %i "$p/ns/net" 2>/dev/null; done | grep -cx "$ino" || true)
is "$found" "0" "after umount no process holds it: the namespace is freed"
run "$NSENTER" --net="$dir/net" -- true
is "$rc" 1 "after umount the file is an ordinary file again: nsenter refuses it"
umount "$dir"

done_testing
