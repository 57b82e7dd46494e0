#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lsns exit codes 2 and 32 under the conditions the kernel really produces, and a pid
# namespace held only as pid_for_children, made by util-linux `unshare --pid` without --fork.
# - exit 2: tests/helpers/sysfail runs lsns under a seccomp filter that fails every nsfs
#   ioctl (type byte 0xb7: NS_GET_USERNS, NS_GET_PARENT, NS_GET_NSTYPE, NS_GET_OWNER_UID) with
#   ENOTTY or ENOSYS, as a kernel without them does. Control: the same filter on type 0xb6,
#   which nothing uses.
# - exit 32: in a private mount namespace an unreadable file (mode 0200 /proc/sys/vm/drop_caches,
#   EACCES even for root) is bound over lsns's own /proc/PID/mountinfo. Control: a readable
#   copy of that mountinfo bound the same way.
source "$(dirname "$0")/lib.sh"

SYSFAIL=$NST_BUILDDIR/tests/helpers/sysfail
[ -x "$SYSFAIL" ] || { echo "Bail out! $SYSFAIL is not built"; exit 1; }
command -v python3 >/dev/null || skip_all "needs python3 (the ioctl oracle)"

# sysfail rules without their =ERRNO: an ioctl (request: args[1]) whose type byte, bits 8-15, is
NSIO='ioctl:1&0xff00==0xb700'	# 0xb7, the _IOC_TYPE of every NS_GET_* request (<linux/nsfs.h>)
UNUSED='ioctl:1&0xff00==0xb600'	# 0xb6, a type byte no ioctl lsns makes has
CLONE_NEWUTS=67108864

# Without root, new pid and mount namespaces need a user namespace of their own.
if [ "$(id -u)" = 0 ]; then
  as_owner=()
elif "$UNSHARE_REF" --user --map-root-user true 2>/dev/null; then
  as_owner=(--user --map-root-user)
else
  skip_all "needs root or unprivileged user namespaces"
fi

# nsget RULE REQ: NS_GET_* request number REQ (0xb7nn) on our uts namespace, run by python
# under sysfail RULE: prints the ioctl's result or the errno. The kernel's own answer.
nsget() {
  "$SYSFAIL" "$1" -- python3 -c '
import fcntl, os, sys
fd = os.open("/proc/self/ns/uts", os.O_RDONLY)
try:
    r = fcntl.ioctl(fd, int(sys.argv[1], 0))
except OSError as e:
    print("errno", e.errno)
else:
    print(os.fstat(r).st_ino if sys.argv[1] == "0xb701" else r)
' "$2"
}

# row_of NS TEXT: the line of TEXT whose first field is NS.
row_of() {
  awk -v ns="$1" '$1 == ns' <<<"$2"
}

# pending_row NS TEXT: the line of "NS TYPE HOLDER" TEXT for NS as a pid namespace held as
# pid_for_children.
pending_row() {
  awk -v ns="$1" '$1 == ns && $2 == "pid" && $3 ~ /(^|,)children(,|$)/' <<<"$2"
}

uts_self=$(ns_ino $$ uts)
user_self=$(ns_ino $$ user)

# --- The filter does what a kernel without the nsfs ioctls does, and only that.
is "$(nsget "$NSIO=ENOTTY" 0xb703)" "errno 25" "oracle: under the 0xb7 filter NS_GET_NSTYPE fails with ENOTTY"
is "$(nsget "$NSIO=ENOSYS" 0xb701)" "errno 38" "oracle: with ENOSYS, NS_GET_USERNS fails with ENOSYS"
is "$(nsget "$UNUSED=ENOTTY" 0xb703)" "$CLONE_NEWUTS" "control oracle: under the 0xb6 filter NS_GET_NSTYPE works"
# FIONREAD is 0x541b: type 0x54 shares bits with 0xb7, so only the whole byte may be compared
run "$SYSFAIL" "$NSIO=ENOTTY" -- python3 -c '
import array, fcntl, os, termios
r, w = os.pipe()
os.write(w, b"abc")
n = array.array("i", [0])
fcntl.ioctl(r, termios.FIONREAD, n)
print(n[0])
'
is "$rc:$out" "0:3" "oracle: under the 0xb7 filter an ioctl of another type (FIONREAD) works"
run "$SYSFAIL" "$UNUSED=ENOTTY" -- awk '/^Seccomp:/ { print $2 }' /proc/self/status
is "$out" 2 "control oracle: the 0xb6 filter is installed all the same (Seccomp: 2)"

# --- Exit 2: PNS and ONS need NS_GET_PARENT and NS_GET_USERNS for every row.
for e in ENOTTY ENOSYS; do
  run "$SYSFAIL" "$NSIO=$e" -- "$LSNS" -l -n -r -o NS,TYPE,PNS,ONS
  is "$rc" 2 "PNS,ONS without the nsfs ioctls ($e): exit 2"
  is "$out" "" "PNS,ONS without the nsfs ioctls ($e): no table"
  like "$err" 'Unsupported ioctl NS_GET_(PARENT|USERNS)' \
    "PNS,ONS without the nsfs ioctls ($e): names the ioctl"
done
run "$SYSFAIL" "$NSIO=ENOTTY" -- "$LSNS" --tree=owner
is "$rc:$out" "2:" "--tree=owner without the nsfs ioctls: exit 2, no table"
# as in util-linux, also when no shown column needs them
for args in "-p $$" "-t mnt -o NS,TYPE,NPROCS" ""; do
  # shellcheck disable=SC2086
  run "$SYSFAIL" "$NSIO=ENOTTY" -- "$LSNS" $args
  is "$rc:$out:$err" "2::lsns: Unsupported ioctl NS_GET_USERNS" \
    "lsns $args without the nsfs ioctls: exit 2, no table, one line"
  # shellcheck disable=SC2086
  run "$SYSFAIL" "$UNUSED=ENOTTY" -- "$LSNS" $args
  is "$rc:$err" "0:" "control: lsns $args under the 0xb6 filter: exit 0, no warning"
  like "$out" "[0-9]+ " "control: lsns $args under the 0xb6 filter: a table"
done

run "$SYSFAIL" "$UNUSED=ENOTTY" -- "$LSNS" -l -n -r -o NS,TYPE,PNS,ONS
is "$rc" 0 "control: PNS,ONS under the 0xb6 filter: exit 0"
is "$err" "" "control: PNS,ONS under the 0xb6 filter: no warning"
is "$(row_of "$uts_self" "$out")" "$uts_self uts 0 $(nsget "$UNUSED=ENOTTY" 0xb701)" \
  "control: our uts namespace with ONS as NS_GET_USERNS reports it"
run "$SYSFAIL" "$UNUSED=ENOTTY" -- "$LSNS" --tree=owner -n -r -o NS,TYPE
is "$rc" 0 "control: --tree=owner under the 0xb6 filter: exit 0"
is "$(row_of "$user_self" "$out")" "$user_self user" "control: --tree=owner lists our user namespace"

# --- A pid namespace no process is in, held as pid_for_children. util-linux unshare --pid
# without --fork execs sh in our pid namespace; its children's namespace is new. Until a first
# child has entered it, the kernel hides it (pid_for_children: ENOENT, no child reaper yet).
# After that child, PID 1 there, has exited it has no process and stays, held only by sh's
# pid_for_children. sh says where it is and runs no other command (each fork would be a child).
# (Namespace inodes are reused once freed, so the controls ask for this namespace as a pending
# pid namespace, not for the bare number.)
run "$LSNS" -l -n -r -o NS,TYPE,HOLDER -t pid
before=$out
mkfifo "$_tap_tmp/pend.in" "$_tap_tmp/pend.out"
( for fd in "${_holder_fds[@]}"; do [ -n "$fd" ] && eval "exec $fd>&-"; done
  exec "$UNSHARE_REF" "${as_owner[@]}" --pid \
    sh -c 'echo pending; read -r _; /bin/true; echo orphaned; exec cat >/dev/null'
) <"$_tap_tmp/pend.in" >"$_tap_tmp/pend.out" &
P=$!
exec {pend_w}>"$_tap_tmp/pend.in"
exec {pend_r}<"$_tap_tmp/pend.out"
_holder_pids+=("$P")
_holder_fds+=("$pend_w")
read -r line <&"$pend_r" || { echo "Bail out! unshare --pid did not start"; exit 1; }
run stat -L -c %i "/proc/$P/ns/pid_for_children"
like "$rc:$err" '^[1-9][0-9]*:.*No such file' "oracle: before its first process the new namespace is hidden"
run "$LSNS" -n -r -o NS,TYPE -t pid -p "$P"
is "$rc:$out" "0:$(ns_ino "$P" pid) pid" \
  "a process whose pid_for_children is hidden is still listed in its pid namespace"

echo go >&"$pend_w"
read -r line <&"$pend_r" || { echo "Bail out! the pending holder did not fork"; exit 1; }
eval "exec $pend_r<&-"
pend=$(ns_ino "$P" pid_for_children)
isnt "$pend" "$(ns_ino "$P" pid)" "oracle: pid_for_children is now visible and not sh's own"
is "$(pending_row "$pend" "$before")" "" "control: that namespace was not listed before the unshare"

run "$LSNS" -l -n -r -o NS,TYPE,NPROCS,HOLDER
like "$(row_of "$pend" "$out")" "^$pend pid 0 (.*,)?children(,.*)?$" \
  "the processless pid namespace is listed with HOLDER children"
run "$LSNS" -l -n -r -o NS,PNS,PATH -t pid
is "$(row_of "$pend" "$out")" "$pend $(ns_ino "$P" pid) /proc/$P/ns/pid_for_children" \
  "its PNS is the unsharer's pid namespace, its PATH the pid_for_children file"
is "$(stat -L -c %i "/proc/$P/ns/pid_for_children")" "$pend" "oracle: that PATH is the namespace"

# A row without processes needs NS_GET_OWNER_UID for USER: -t pid must fail as a whole.
run "$SYSFAIL" "$NSIO=ENOTTY" -- "$LSNS" -t pid
is "$rc:$out" "2:" "lsns -t pid with a pending namespace, without the nsfs ioctls: exit 2, no table"
like "$err" 'Unsupported ioctl NS_GET_' "... and says which ioctl"
run "$SYSFAIL" "$UNUSED=ENOTTY" -- "$LSNS" -l -n -r -o NS,TYPE,NPROCS -t pid
is "$rc:$(row_of "$pend" "$out")" "0:$pend pid 0" "control: under the 0xb6 filter it is listed, exit 0"

holder_stop "$P"
[ ! -e "/proc/$P" ] || { echo "Bail out! the pending holder $P did not exit"; exit 1; }
run "$LSNS" -l -n -r -o NS,TYPE,HOLDER -t pid
is "$(pending_row "$pend" "$out")" "" "control: once its process has exited the namespace is gone"

# --- Exit 32: our own mountinfo cannot be read.
# with_mountinfo FILE CMD...: CMD in a private mount namespace with FILE bound over its own
# /proc/PID/mountinfo (sh binds it over its own, then execs CMD, which keeps the pid).
with_mountinfo() {
  local file=$1
  shift
  "$UNSHARE_REF" "${as_owner[@]}" --mount --propagation private -- \
    sh -c 'mount --bind "$0" /proc/$$/mountinfo && exec "$@"' "$file" "$@"
}
DENIED=/proc/sys/vm/drop_caches	# mode 0200: proc_sys refuses reads even to root
if [ ! -e "$DENIED" ]; then
  skip "exit 32 tests" "no $DENIED"
else
  cat /proc/self/mountinfo >"$_tap_tmp/mountinfo"
  chmod 644 "$_tap_tmp/mountinfo"
  run with_mountinfo "$DENIED" head -c 1 /proc/self/mountinfo
  like "$rc:$err" '^[1-9][0-9]*:.*Permission denied' "oracle: the bound-over mountinfo cannot be read"
  run with_mountinfo "$_tap_tmp/mountinfo" head -c 1 /proc/self/mountinfo
  is "$rc:$out" "0:$(head -c 1 /proc/self/mountinfo)" "control oracle: the bound copy can be read"

  run with_mountinfo "$DENIED" "$LSNS"
  is "$rc" 32 "unreadable mountinfo: exit 32"
  is "$out" "" "unreadable mountinfo: no table"
  like "$err" 'failed to parse /proc/self/mountinfo' "unreadable mountinfo: says so"
  run with_mountinfo "$DENIED" "$LSNS" -t net
  is "$rc:$out" "32:" "unreadable mountinfo with the NSFS column (-t net): exit 32, no table"

  run with_mountinfo "$_tap_tmp/mountinfo" "$LSNS" -l -n -r -o NS,TYPE
  is "$rc:$err" "0:" "control: a readable mountinfo bound the same way: exit 0"
  is "$(row_of "$uts_self" "$out")" "$uts_self uts" "control: ... and the table lists our uts namespace"
fi

done_testing
