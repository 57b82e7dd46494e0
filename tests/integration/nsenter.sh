# SPDX-License-Identifier: GPL-2.0-or-later
# nsenter in real namespaces: the kernel's namespace inodes are the oracle.
source "$NST_SRCDIR/tests/integration/lib.sh"

types5="mnt uts ipc net pid"

# Does the nsenter under test get pidfds? Not under valgrind 3.19 (meson test --setup valgrind),
# which refuses pidfd_open(): the tests that need one (PID:INO, -N) are skipped then, and the
# section "a kernel without pidfds" checks the clear errors nsenter gives instead.
pidfd_probe='print syscall(434, $$ + 0, 0) >= 0 ? "pidfd" : $! + 0'
nsenter_pidfd=pidfd
if [[ ${NST_WRAPPER:-} == valgrind* ]]; then
  nsenter_pidfd=$(valgrind --log-file=/dev/null perl -e "$pidfd_probe" 2>/dev/null || true)
fi

# ---- the seed scenario: five namespaces of a target, env -i, a shell command
holder_start -h nst-target mnt uts ipc net pid
T=$HOLDER_PID

expected=""
for t in $types5; do expected+="$t:$(ns_ino "$T" "$t") "; done

# negative control: without nsenter we are somewhere else
here=""
for t in $types5; do here+="$t:$(ns_ino self "$t") "; done
isnt "$here" "$expected" "control: the caller is not in the target's namespaces"

script='for t in mnt uts ipc net pid; do printf "%s:%s " $t $(stat -L -c %i /proc/self/ns/$t); done; echo; hostname; exit 42'
run "$NSENTER" --target "$T" --mount --uts --ipc --net --pid -- env --ignore-environment -- /bin/sh -c "$script"
is "$rc" 42 "seed: the command's exit status is nsenter's"
is "$(sed -n 1p <<<"$out")" "$expected" "seed: the command runs in all five namespaces of the target"
is "$(sed -n 2p <<<"$out")" "nst-target" "seed: the hostname is the target's"
is "$err" "" "seed: nothing on stderr"

# a pid namespace takes a fork: the program is a child inside it, not PID 1's sibling outside
run "$NSENTER" -t "$T" -p -- /bin/sh -c 'echo $$'
like "$out" '^[0-9]+$' "pid: the program sees a pid of the target's namespace"
isnt "$out" "1" "pid: the program is not the namespace's init"

run "$NSENTER" -t "$T" -F -n -- /bin/sh -c 'stat -L -c %i /proc/self/ns/net'
is "$out" "$(ns_ino "$T" net)" "--no-fork: net namespace entered without a fork"

# ---- exit statuses
run "$NSENTER" -t "$T" -n -- true
is "$rc" 0 "exit 0 passes through"
run "$NSENTER" -t "$T" -n -p -- /bin/sh -c 'exit 255'
is "$rc" 255 "exit 255 passes through the fork"
run "$NSENTER" -t "$T" -n -p -- /bin/sh -c 'kill -TERM $$'
is "$rc" 143 "a child killed by TERM makes nsenter die by TERM (143)"
run "$NSENTER" -t "$T" -n -- /bin/sh -c 'kill -KILL $$'
is "$rc" 137 "without a fork, the program's own death by KILL is what the caller sees"
run "$NSENTER" -t "$T" -n -- /nonexistent/program
is "$rc" 127 "a missing program: 127"
like "$err" "^nsenter: failed to execute /nonexistent/program: No such file or directory$" "a missing program: the error names it"
noexec="$_tap_tmp/not-executable"
echo 'echo hi' >"$noexec"
chmod 644 "$noexec"
run "$NSENTER" -t "$T" -n -- "$noexec"
is "$rc" 126 "a program that is not executable: 126"

# ---- --all: every namespace that differs from ours, and nothing else
run "$NSENTER" -t "$T" -a -- /bin/sh -c 'for t in cgroup ipc mnt net pid time user uts; do printf "%s:%s " $t $(stat -L -c %i /proc/self/ns/$t); done'
all_expected=""
for t in cgroup ipc mnt net pid time user uts; do all_expected+="$t:$(ns_ino "$T" "$t") "; done
is "$out" "$all_expected" "--all: all of the target's namespaces"
is "$rc" 0 "--all: exit 0 (our own user, cgroup and time namespaces are skipped, not re-entered)"

# ---- namespace files
run "$NSENTER" --net="/proc/$T/ns/net" -- stat -L -c %i /proc/self/ns/net
is "$out" "$(ns_ino "$T" net)" "--net=FILE enters the namespace of the file, no --target needed"
run "$NSENTER" -n"/proc/$T/ns/net" -- stat -L -c %i /proc/self/ns/net
is "$out" "$(ns_ino "$T" net)" "-nFILE: attached short form"
run "$NSENTER" --net="/proc/$T/ns/uts" -- true
is "$rc" 1 "a uts file given as --net: exit 1"
is "$err" "nsenter: not a network namespace file: '/proc/$T/ns/uts'" "a uts file given as --net: a clear error"
is "$out" "" "a uts file given as --net: nothing on stdout, nothing ran"
run "$NSENTER" --net="$noexec" -- true
is "$err" "nsenter: not a network namespace file: '$noexec'" "a regular file as --net: refused"
run "$NSENTER" --net=/nonexistent -- true
is "$err" "nsenter: cannot open /nonexistent: No such file or directory" "a missing --net file"

# ---- errors
run "$NSENTER" --bogus
is "$rc" 1 "unknown option: exit 1"
is "$err" "$(printf '%s\n%s' "$NSENTER: unrecognized option '--bogus'" "Try 'nsenter --help' for more information.")" "unknown option: util-linux's two lines"
run "$NSENTER" -t "$T" -- true
is "$rc" 1 "no namespace selected: exit 1"
is "$err" "nsenter: no namespace specified" "no namespace selected: error"
run "$NSENTER" -n -- true
is "$err" "nsenter: no target PID specified" "a namespace with neither file nor target"
run "$NSENTER" -a -- true
is "$err" "nsenter: no target PID specified" "--all without --target (util-linux: stat of /proc/0/ns/user failed)"
for bad in abc 0 -1 12x "" 99999999999 "$T:" "$T:0" "$T:x"; do
  run "$NSENTER" -t "$bad" -n true
  is "$rc:$err" "1:nsenter: invalid PID argument: '$bad'" "bad --target '$bad' is refused"
done
run "$NSENTER" -t "$T" -t "$T" -n true
is "$rc" 1 "--target twice: exit 1"
like "$err" "may be given only once" "--target twice: error"
for bad in abc 4294967295 4294967296 -1 ""; do
  run "$NSENTER" -t "$T" -n -S "$bad" true
  is "$rc:$err" "1:nsenter: failed to parse uid: '$bad'" "bad --setuid '$bad' is refused"
done

# ---- PID:INODE pins the right process
if [ "$nsenter_pidfd" = pidfd ]; then
  pidfs_ino=$(python3 -c 'import os,sys; fd=os.pidfd_open(int(sys.argv[1])); print(os.fstat(fd).st_ino)' "$T")
  run "$NSENTER" -t "$T:$pidfs_ino" -n -- stat -L -c %i /proc/self/ns/net
  is "$out" "$(ns_ino "$T" net)" "PID:INODE with the right inode enters"
  run "$NSENTER" -t "$T:$((pidfs_ino + 1))" -n -- true
  is "$rc" 1 "PID:INODE with a wrong inode: exit 1"
  like "$err" "^nsenter: process $T is not the one expected" "PID:INODE with a wrong inode: a clear error"
else
  skip "PID:INODE" "nsenter gets no pidfd here (pidfd_open: $nsenter_pidfd)"
fi

# ---- credentials
run "$NSENTER" -t "$T" -n -S 65534 -G 65534 -- /bin/sh -c 'id -u; id -g; id -G'
is "$out" "$(printf '65534\n65534\n65534')" "-S/-G switch uid, gid and drop the supplementary groups"

# ---- help and version
run "$NSENTER" --help
is "$rc" 0 "--help: exit 0"
like "$out" "^"$'\n'"Usage:"$'\n'" nsenter \[options\]" "--help: usage on stdout"
run "$NSENTER" -V
is "$out" "nsenter from nstools 0.1.0" "--version"

# ---- a dead target: nothing is entered
holder_stop "$T"
run "$NSENTER" -t "$T" -n -- true
is "$rc" 1 "a dead target: exit 1"
like "$err" "^nsenter: failed to pidfd_open\(\) for $T: No such process$" "a dead target: a clear error"

# ---- unprivileged: a rootless container (user namespace owned by nobody)
if userns_works; then
  HOLDER_AS_NOBODY=1 holder_start -h rootless user net uts
  R=$HOLDER_PID
  script='for t in user net uts; do printf "%s:%s " $t $(stat -L -c %i /proc/self/ns/$t); done; id -u'
  want=""
  for t in user net uts; do want+="$t:$(ns_ino "$R" "$t") "; done
  run as_nobody "$NSENTER" -t "$R" -U -n -u -- /bin/sh -c "$script"
  is "$out" "${want}0" "unprivileged: enters its own user namespace first, then the rest, as root inside"
  run as_nobody "$NSENTER" -t "$R" -a -- /bin/sh -c "$script"
  is "$out" "${want}0" "unprivileged: --all skips the namespaces it shares (cgroup, ipc, ...)"
  run "$NSENTER" -t "$R" -U -n -u -- /bin/sh -c "$script"
  is "$out" "${want}0" "root enters the rootless container, user namespace last"

  holder_start net
  run as_nobody "$NSENTER" -t "$HOLDER_PID" -n -- true
  # (setns() refuses with EPERM; without a pidfd nsenter opens /proc/PID/ns/net first, which
  # needs ptrace access: EACCES)
  eperm="Operation not permitted" missing="CAP_SYS_ADMIN"
  [ "$nsenter_pidfd" = pidfd ] || eperm="Permission denied" missing="ptrace access"
  is "$rc" 1 "control: unprivileged cannot enter root's net namespace"
  is "$(sed -n 1p <<<"$err")" "nsenter: reassociate to namespace 'ns/net' failed: $eperm" "control: the error names the namespace"
  like "$(sed -n 2p <<<"$err")" "^nsenter: hint: .*$missing" "control: a hint says what is missing"
  run env NSTOOLS_NO_HINTS=1 setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NSENTER" -t "$HOLDER_PID" -n -- true
  is "$err" "nsenter: reassociate to namespace 'ns/net' failed: $eperm" "NSTOOLS_NO_HINTS: only the error line"
  is "$rc" 1 "NSTOOLS_NO_HINTS: the exit code is unchanged"
  holder_stop "$HOLDER_PID"

  # --keep-caps: the capabilities of the user namespace survive exec as ambient ones
  run "$NSENTER" -t "$R" -U --keep-caps -- awk '/^CapAmb/ { print $2 }' /proc/self/status
  isnt "$out" "0000000000000000" "--keep-caps: ambient capabilities raised in the user namespace"
  run "$NSENTER" -t "$R" -U -- awk '/^CapAmb/ { print $2 }' /proc/self/status
  is "$out" "0000000000000000" "control: without --keep-caps no ambient capabilities"

  # --env of a non-dumpable target inside the container
  mkfifo "$_tap_tmp/nd.out" "$_tap_tmp/nd.in"
  as_nobody "$NSENTER" -t "$R" -U -- env -i NST_INNER=inner python3 -c '
import ctypes, os, sys
ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)
print(os.getpid(), flush=True)
sys.stdin.read()' <"$_tap_tmp/nd.in" >"$_tap_tmp/nd.out" &
  nd_job=$!
  exec {nd_w}>"$_tap_tmp/nd.in"
  read -r nd <"$_tap_tmp/nd.out"
  run as_nobody "$NSENTER" -t "$nd" -U -e -- /bin/sh -c 'echo "$NST_INNER"'
  is "$out" "inner" "--env: the environment of a non-dumpable target in a user namespace"
  is "$rc" 0 "--env after the switch: exit 0"
  exec {nd_w}>&-
  wait "$nd_job" || true

  # --env, util-linux#4558: a target nobody may enter (nobody owns its user namespace) but not
  # read first: it runs as root inside, uid 2000000 outside, whose /proc/PID/environ is 0400.
  # Only after the switch to uid 0 inside may nobody read it: nsenter has to read it again.
  if [ "$(id -u)" = 0 ]; then
    mkfifo "$_tap_tmp/id.out" "$_tap_tmp/id.in"
    "$NST_BUILDDIR/tests/helpers/idholder" 65534 2000000 2000000 -- \
      env -i NST_MARK=from-the-target perl -e '$| = 1; print "$$\n"; <STDIN>' <"$_tap_tmp/id.in" >"$_tap_tmp/id.out" &
    id_job=$!
    exec {id_w}>"$_tap_tmp/id.in"
    read -r idp <"$_tap_tmp/id.out"
    id_env=$(tr '\0' '\n' <"/proc/$idp/environ" | sed '/^$/d' | sort)
    is "$(stat -c '%u %a' "/proc/$idp/environ")|$(awk '/^Uid:/ { print $2 }' "/proc/$idp/status")" "2000000 400|2000000" \
      "control: the target's environ belongs to its uid outside, 2000000, and only it may read it"
    run as_nobody cat "/proc/$idp/environ"
    is "$rc|$err" "1|cat: /proc/$idp/environ: Permission denied" "control: nobody can't read it before entering (EACCES)"
    run env NST_MINE=caller setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NSENTER" -t "$idp" -U -e -- env
    is "$rc|$(sort <<<"$out")|$err" "0|$id_env|" "--env, EACCES before the switch: read again as root inside, the target's environment exactly"
    run as_nobody "$NSENTER" -t "$idp" -U -e -- /bin/sh -c 'id -u; cat /proc/self/uid_map'
    is "$(tr -s ' ' <<<"$out")" "0"$'\n'" 0 2000000 1" "control: the program runs as 0 inside, which is 2000000 outside, like the target"
    run as_nobody "$NSENTER" -t "$idp" -U -- printenv NST_MARK
    is "$rc|$out" "1|" "control: without -e the target's environment is not there"
    exec {id_w}>&-
    wait "$id_job" || true
  else
    skip "--env after the credential switch" "building the target needs root (it writes id maps)"
  fi

  # --user-parent: from a nested user namespace to its parent
  # a holder started inside R's user namespace (nsenter -U execs it: same pid)
  printf '#!/bin/sh\nexec "%s" -t "%s" -U -- "%s" "$@"\n' "$NSENTER" "$R" "$NSHOLDER" >"$_tap_tmp/nested-holder"
  chmod +x "$_tap_tmp/nested-holder"
  NSHOLDER=$_tap_tmp/nested-holder holder_start user
  R2=$HOLDER_PID
  isnt "$(ns_ino "$R2" user)" "$(ns_ino "$R" user)" "control: the nested holder has a user namespace of its own"
  run "$NSENTER" -t "$R2" -U --user-parent -- stat -L -c %i /proc/self/ns/user
  is "$out" "$(ns_ino "$R" user)" "--user-parent with --user: the parent of the target's user namespace"
  run "$NSENTER" -t "$R2" --user-parent -- stat -L -c %i /proc/self/ns/user
  is "$out" "$(ns_ino "$R" user)" "--user-parent alone: the owner of the target's user namespace"
  run "$NSENTER" --user-parent -- true
  is "$rc:$err" "1:nsenter: no target PID specified" "--user-parent without --target"
  holder_stop "$R2"
  holder_stop "$R"
else
  skip "unprivileged user namespaces" "unprivileged user namespaces are disabled here"
fi

# ---- the options util-linux 2.42 added after the seed, in real namespaces
holder_start -h nst-more mnt uts ipc net pid
T=$HOLDER_PID

# bad input: exit 1, one line on stderr, nothing ran (stdout empty)
bad_input() {
  # bad_input DESC EXPECTED_ERR ARGS...
  local desc=$1 want=$2
  shift 2
  run "$NSENTER" "$@" -- echo RAN
  is "$rc|$out|$err" "1||$want" "bad input: $desc"
}
bad_input "-G abc" "nsenter: failed to parse gid: 'abc'" -t "$T" -n -G abc
bad_input "-G 4294967295" "nsenter: failed to parse gid: '4294967295'" -t "$T" -n -G 4294967295
bad_input "-N abc" "nsenter: failed to parse file descriptor: 'abc'" -t "$T" -N abc
bad_input "-N -1" "nsenter: failed to parse file descriptor: '-1'" -t "$T" -N -1
bad_input "-N 99999999999" "nsenter: failed to parse file descriptor: '99999999999'" -t "$T" -N 99999999999
if [ "$nsenter_pidfd" = pidfd ]; then
  bad_input "-N without a socket there" "nsenter: pidfd_getfd(3, 999): Bad file descriptor" -t "$T" -N 999
fi
bad_input "-N without --target" "nsenter: no target PID specified" -N 0
bad_input "-S follow without --target" "nsenter: neither filename nor target pid supplied for follow" -n/proc/$T/ns/net -S follow
bad_input "-r=/nonexistent" "nsenter: cannot open /nonexistent: No such file or directory" -t "$T" -n -r=/nonexistent
bad_input "--root=/nonexistent" "nsenter: cannot open /nonexistent: No such file or directory" -t "$T" -n --root=/nonexistent
bad_input "-w/nonexistent" "nsenter: cannot open /nonexistent: No such file or directory" -t "$T" -n -w/nonexistent
bad_input "-W=/nonexistent" "nsenter: cannot open current working directory: No such file or directory" -t "$T" -m -W=/nonexistent
bad_input "-r without --target" "nsenter: neither filename nor target pid supplied for root" -n/proc/$T/ns/net -r
bad_input "-e without --target" "nsenter: neither filename nor target pid supplied for environ" -n/proc/$T/ns/net -e
bad_input "-c without --target" "nsenter: neither filename nor target pid supplied for cgroup" -n/proc/$T/ns/net -c
bad_input "--net=:abc" "nsenter: failed to parse nsid: abc" --net=:abc
bad_input "--netns ''" "nsenter: invalid network namespace name: " --netns ''
bad_input "--netns a/b" "nsenter: invalid network namespace name: a/b" --netns a/b
bad_input "--netns .." "nsenter: invalid network namespace name: .." --netns ..
bad_input "--netns missing" "nsenter: cannot open /run/netns/nst-missing-$$: No such file or directory" --netns nst-missing-$$
bad_input "-Z" "nsenter: --follow-context is not supported in this build (no SELinux support)" -t "$T" -n -Z
run "$NSENTER" -t "$T" -w -W -- echo RAN
is "$rc|$out" "1|" "-w with -W: exit 1, nothing ran"
is "$err" "$(printf '%s\n%s' "nsenter: options --wd and --wdns cannot be combined" "Try 'nsenter --help' for more information.")" "-w with -W: the conflict, first given first"
run "$NSENTER" -t "$T" --wdns=/ --wd -- echo RAN
is "$(sed -n 1p <<<"$err")" "nsenter: options --wdns and --wd cannot be combined" "--wdns with --wd: named in the order given"
for o in --forward-signals --pty; do
  run "$NSENTER" -t "$T" -n -F "$o" -- echo RAN
  is "$rc|$out|$(sed -n 1p <<<"$err")" "1||nsenter: options --no-fork and $o cannot be combined" "$o with --no-fork: refused"
done
run "$NSENTER" --netns x -n -- echo RAN
is "$rc|$(sed -n 1p <<<"$err")" "1|nsenter: options --netns and --net cannot be combined" "--netns with --net: refused"

# optional arguments must be attached: "-w /tmp" is -w without argument, program /tmp
run "$NSENTER" -t "$T" -n -w /tmp
is "$rc" 126 "-w /tmp: /tmp is the program (not executable: 126)"
like "$err" "^nsenter: failed to execute /tmp: Permission denied$" "-w /tmp: the error names /tmp as the program"

# -w and -W
mkdir "$_tap_tmp/wd"
run "$NSENTER" -t "$T" -n -w="$_tap_tmp/wd" -- pwd
is "$out" "$_tap_tmp/wd" "-w=DIR: the working directory"
run "$NSENTER" -t "$T" -n --wd -- readlink /proc/self/cwd
is "$out" "$(readlink /proc/$T/cwd)" "--wd: the target's working directory"
run "$NSENTER" -t "$T" -m -W/proc -- pwd
is "$out" "/proc" "-W/proc: a path looked up in the entered mount namespace"
run "$NSENTER" -t "$T" -m -W -- pwd
is "$out" "$(readlink /proc/$T/cwd)" "-W without a dir: the target's working directory, looked up inside"

# -r: a root directory of our own making, with a marker the host's / lacks
newroot=$_tap_tmp/newroot
mkdir -p "$newroot/usr" "$newroot/proc"
ln -s usr/bin "$newroot/bin"; ln -s usr/lib "$newroot/lib"; ln -s usr/lib64 "$newroot/lib64"
echo "in-the-new-root" >"$newroot/marker"
in_newroot() {
  /usr/bin/unshare -m -- /bin/sh -c 'mount --bind /usr "$1/usr" && shift && exec "$@"' _ "$newroot" "$@"
}
run in_newroot "$NSENTER" -t "$T" -n -r="$newroot" -- cat /marker
is "$rc:$out" "0:in-the-new-root" "-r=DIR: chroot to DIR (util-linux opens '=DIR')"
run in_newroot "$NSENTER" -t "$T" -n -r"$newroot" -w="$newroot" -- cat marker
is "$out" "in-the-new-root" "-rDIR -w=DIR: DIR is opened before the chroot, in the caller's view"
run in_newroot "$NSENTER" -t "$T" -n --root="$newroot" -W=/usr -- pwd
is "$out" "/usr" "--root with --wdns: the directory is looked up after the chroot"
run "$NSENTER" -t "$T" -n -r -- readlink /proc/self/root
is "$out" "/" "-r without a dir: the target's root"
( cd "$_tap_tmp/wd" && run "$NSENTER" -t "$T" -n -r -- pwd && echo "$out" >"$_tap_tmp/r-pwd" )
is "$(cat "$_tap_tmp/r-pwd")" "$_tap_tmp/wd" "-r without -w: the caller's working directory is kept"

# -e: the target's environment, not ours
holder_stop "$T"
NST_MARK=from-target holder_start mnt uts ipc net pid
T=$HOLDER_PID
run env NST_MINE=ours "$NSENTER" -t "$T" -n -e -- /bin/sh -c 'echo "${NST_MARK:-unset} ${NST_MINE:-unset}"'
is "$out" "from-target unset" "-e: the target's environment replaces ours"
run env NST_MINE=ours "$NSENTER" -t "$T" -n -- /bin/sh -c 'echo "${NST_MARK:-unset} ${NST_MINE:-unset}"'
is "$out" "unset ours" "control: without -e our environment"

# -e parses the raw block: entries without '=' or without a name are skipped, '=' in values kept
mkfifo "$_tap_tmp/ev.in" "$_tap_tmp/ev.out"
python3 -c '
import ctypes
argv = (ctypes.c_char_p * 4)(b"sh", b"-c", b"echo ready; read x", None)
envp = (ctypes.c_char_p * 6)(b"NOEQ", b"A=1", b"=nameless", b"B=2=3", b"C=", None)
ctypes.CDLL(None).execve(b"/bin/sh", argv, envp)' <"$_tap_tmp/ev.in" >"$_tap_tmp/ev.out" &
ev_job=$!
exec {ev_w}>"$_tap_tmp/ev.in"
read -r _ <"$_tap_tmp/ev.out"
is "$(tr '\0' ' ' <"/proc/$ev_job/environ")" "NOEQ A=1 =nameless B=2=3 C= " "control: the target's raw environment block"
run "$NSENTER" -t "$ev_job" -n -e -- /usr/bin/env
is "$out" "$(printf 'A=1\nB=2=3\nC=')" "-e: NAME=value entries in order; no '=' or no name: skipped"
exec {ev_w}>&-
wait "$ev_job" || true

# -S/-G follow: the owner of /proc/PID
HOLDER_AS_NOBODY=1 holder_start
N=$HOLDER_PID
run "$NSENTER" -t "$N" -n -S follow -G follow -- /bin/sh -c 'id -u; id -g; id -G'
is "$out" "$(printf '65534\n65534\n65534')" "-S follow -G follow: uid and gid of the target, groups dropped"
run "$NSENTER" -t "$N" -n --setuid follow -- id -u
is "$out" "65534" "--setuid follow alone"
holder_stop "$N"

# -N: the network namespace of a socket the target holds, not of the target itself
mkfifo "$_tap_tmp/sk.in" "$_tap_tmp/sk.out"
cat >"$_tap_tmp/sk.py" <<'PY'
import ctypes, os, socket, sys
libc = ctypes.CDLL(None, use_errno=True)
home = os.open("/proc/self/ns/net", os.O_RDONLY)
there = os.open("/proc/%s/ns/net" % sys.argv[1], os.O_RDONLY)
assert libc.setns(there, 0x40000000) == 0
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
assert libc.setns(home, 0x40000000) == 0
print(os.getpid(), s.fileno(), flush=True)
sys.stdin.read()
PY
python3 "$_tap_tmp/sk.py" "$T" <"$_tap_tmp/sk.in" >"$_tap_tmp/sk.out" &
sk_job=$!
exec {sk_w}>"$_tap_tmp/sk.in"
read -r sk_pid sk_fd <"$_tap_tmp/sk.out"
isnt "$(ns_ino "$sk_pid" net)" "$(ns_ino "$T" net)" "control: the socket holder is not in the target's netns"
if [ "$nsenter_pidfd" = pidfd ]; then
  run "$NSENTER" -t "$sk_pid" -N "$sk_fd" -- stat -L -c %i /proc/self/ns/net
  is "$out" "$(ns_ino "$T" net)" "-N FD: the network namespace of the socket"
  run "$NSENTER" -t "$sk_pid" -n --net-socket="$sk_fd" -- stat -L -c %i /proc/self/ns/net
  is "$out" "$(ns_ino "$T" net)" "--net-socket overrides --net"
  run "$NSENTER" -t "$sk_pid" -N 0 -- true
  is "$rc" 1 "-N on a non-socket fd: exit 1"
  like "$err" "^nsenter: ioctl\([0-9]+, SIOCGSKNS\): " "-N on a non-socket fd: the error"
else
  skip "-N FD" "nsenter gets no pidfd here (pidfd_open: $nsenter_pidfd)"
fi
exec {sk_w}>&-
wait "$sk_job" || true

# -c: the target's cgroups, in every hierarchy of this host
cg_name=nst-test-$$
cg_dirs=()
for m in $(awk '$9 == "cgroup2" || $9 == "cgroup" { print $5 }' /proc/self/mountinfo); do
  [ -w "$m" ] || continue
  mkdir "$m/$cg_name" 2>/dev/null && cg_dirs+=("$m/$cg_name")
done
if [ "${#cg_dirs[@]}" -gt 0 ]; then
  holder_start net
  C=$HOLDER_PID
  moved=0
  for d in "${cg_dirs[@]}"; do
    if echo "$C" >"$d/cgroup.procs" 2>/dev/null; then moved=$((moved + 1)); fi
  done
fi
if [ "${#cg_dirs[@]}" -gt 0 ] && [ "$moved" -gt 0 ]; then
  isnt "$(cat /proc/$C/cgroup)" "$(cat /proc/self/cgroup)" "control: the holder is in other cgroups than we are ($moved hierarchies)"
  run "$NSENTER" -t "$C" -n -c -- cat /proc/self/cgroup
  is "$out" "$(cat /proc/$C/cgroup)" "-c: every hierarchy's cgroup is the target's ($(stat -f -c %T /sys/fs/cgroup) at /sys/fs/cgroup)"
  run "$NSENTER" -t "$C" -n -p -c -- cat /proc/self/cgroup
  is "$out" "$(cat /proc/$C/cgroup)" "-c with a fork: the child is in the target's cgroups"
  run "$NSENTER" -t "$C" -n -- cat /proc/self/cgroup
  is "$out" "$(cat /proc/self/cgroup)" "control: without -c our own cgroups"
  # the other layouts, made in a private mount namespace from this host's hierarchies
  if [ "$(stat -f -c %T /sys/fs/cgroup)" = tmpfs ] && mountpoint -q /sys/fs/cgroup/unified; then
    in_layout() {
      /usr/bin/unshare -m -- /bin/sh -c "$1"' && exec "$@"' _ "${@:2}"
    }
    run in_layout 'umount -l /sys/fs/cgroup && mount -t cgroup2 none /sys/fs/cgroup' \
      "$NSENTER" -t "$C" -n -c -- cat /proc/self/cgroup
    is "$out" "$(sed '/^0::/d' /proc/self/cgroup; sed -n '/^0::/p' /proc/$C/cgroup)" \
      "-c on pure cgroup v2: the v2 cgroup is the target's, v1 controllers untouched"
    run in_layout 'umount -l /sys/fs/cgroup/unified' "$NSENTER" -t "$C" -n -c -- cat /proc/self/cgroup
    is "$out" "$(sed '/^0::/d' /proc/$C/cgroup; sed -n '/^0::/p' /proc/self/cgroup)" \
      "-c on pure cgroup v1: every mounted controller's cgroup is the target's"
    run in_layout 'umount -l /sys/fs/cgroup' "$NSENTER" -t "$C" -n -c -- cat /proc/self/cgroup
    is "$rc|$out|$err" "1||nsenter: --join-cgroup is only supported in cgroup v2" \
      "-c with no cgroup hierarchy mounted: util-linux's error"
  else
    skip "-c on the pure v2 and v1 layouts" "they are simulated from a hybrid host, this one is not"
  fi
else
  skip "-c: joining the target's cgroups" "no cgroup hierarchy we can create cgroups in"
fi
if [ "${#cg_dirs[@]}" -gt 0 ]; then
  holder_stop "$C"
  for d in "${cg_dirs[@]}"; do rmdir "$d" 2>/dev/null || true; done
fi

# =:NSID, behind a run-time probe
run "$NSENTER" --uts=:1 -- true
if [[ $err == "nsenter: failed to fill namespace file handle"* ]]; then
  is "$rc|$(sed -n 2p <<<"$err")" "1|nsenter: hint: this kernel cannot open namespaces by ID (needs Linux 6.19 or later); use a namespace file or --target" \
    "=:NSID on a kernel without lookup by ID: a clear error and a hint"
  skip "=:NSID enters the namespace of that ID" "the kernel cannot open namespaces by ID (probe failed: ${err%%$'\n'*})"
else
  id=$(python3 -c 'import fcntl,os,struct,sys; fd=os.open(sys.argv[1],os.O_RDONLY); b=fcntl.ioctl(fd,0x8008b70d,bytes(8)); print(struct.unpack("Q",b)[0])' "/proc/$T/ns/uts")
  run "$NSENTER" --uts=:"$id" -- hostname
  is "$out" "nst-more" "=:NSID enters the namespace of that ID"
fi

# ---- fork parent: an inherited SIG_IGN for SIGCHLD does not lose the child's status
run perl -e '$SIG{CHLD} = "IGNORE"; exec @ARGV or exit 99' "$NSENTER" -t "$T" -p -- /bin/sh -c 'exit 9'
is "$rc" 9 "SIGCHLD ignored by the caller: the child's exit code still comes back"

# ---- fork parent: stops are followed
mkfifo "$_tap_tmp/stop.out"
"$NSENTER" -t "$T" -p -- /bin/sh -c 'kill -STOP $$; echo resumed' >"$_tap_tmp/stop.out" &
stop_job=$!
exec {stop_r}<"$_tap_tmp/stop.out"
state=
for _ in $(seq 1 2000); do
  state=$(awk '{ print $3 }' "/proc/$stop_job/stat" 2>/dev/null || true)
  [ "$state" = T ] && break
done
is "$state" "T" "the fork parent stops when the child stops"
kill -CONT "$stop_job"
read -r line <&"$stop_r" || true
is "$line" "resumed" "continuing the parent continues the child"
wait "$stop_job"; rc=$?
is "$rc" 0 "after the stop: exit 0"
exec {stop_r}<&-

# ---- no program: $SHELL as a login shell, else the passwd shell
# (a script can't see its argv[0]; python, started under another name, can)
ln -s /usr/bin/python3 "$_tap_tmp/myshell"
run env SHELL="$_tap_tmp/myshell" "$NSENTER" -t "$T" -n <<<'import sys; print(sys.orig_argv)'
is "$rc|$out" "0|['-myshell']" "no program: \$SHELL, as a login shell (argv[0] '-myshell', no arguments)"
run env SHELL= "$NSENTER" -t "$T" -n </dev/null
is "$rc" 0 "no program, empty \$SHELL: the passwd shell runs (and ends at EOF)"

# ---- hints name the cause (REFERENCE 7.7)
run "$NSENTER" -t $$ -U -- echo RAN
is "$rc|$out|$(sed -n 1p <<<"$err")" "1||nsenter: reassociate to namespace 'ns/user' failed: Invalid argument" "our own user namespace: the util-linux error first"
is "$(sed -n 2p <<<"$err")" "nsenter: hint: the target is in our own user namespace, which cannot be entered again; drop --user" "our own user namespace: the hint says so"

# "kernel lacks time namespaces": sysfail plays a kernel without them: setns() refuses
# CLONE_NEWTIME with EINVAL, and /proc/self/ns/time is not there for access(path, F_OK). (All
# such F_OK probes fail then; the X_OK ones of a PATH search, as valgrind's, still work.)
notime=("setns:1&0x80=EINVAL" "access:1==0=ENOENT" "faccessat:2==0=ENOENT" "faccessat2:2==0=ENOENT")
holder_start time
TT=$HOLDER_PID
isnt "$(ns_ino "$TT" time)" "$(ns_ino self time)" "control: the time holder has a time namespace of its own"
run "$NST_BUILDDIR/tests/helpers/sysfail" "${notime[@]}" -- "$NSENTER" -t "$TT" -T -- echo RAN
is "$rc|$out" "1|" "no time namespaces: exit 1, nothing run"
is "$err" "nsenter: reassociate to namespace 'ns/time' failed: Invalid argument"$'\n'"nsenter: hint: the kernel lacks time namespaces" \
  "no time namespaces: the error, then the hint naming the cause"
run "$NST_BUILDDIR/tests/helpers/sysfail" "setns:1&0x80=EINVAL" -- "$NSENTER" -t "$TT" -T -- echo RAN
is "$rc|$(sed -n 1p <<<"$err")" "1|nsenter: reassociate to namespace 'ns/time' failed: Invalid argument" \
  "control: setns refused with /proc/self/ns/time present: the same error"
isnt "$(sed -n 2p <<<"$err")" "nsenter: hint: the kernel lacks time namespaces" "control: ... but no claim that the kernel lacks them"
run "$NSENTER" -t "$TT" -T -- stat -L -c %i /proc/self/ns/time
is "$rc|$out" "0|$(ns_ino "$TT" time)" "control: on the real kernel -T enters the target's time namespace"
holder_stop "$TT"

# pid != pid_for_children (util-linux#1510): the target unshared a pid namespace without a fork
# of its own, so its pid namespace is still ours, which nobody may not enter. (Its first child,
# the subshell, is PID 1 there: pid_for_children can't be opened before that.)
if userns_works; then
  mkfifo "$_tap_tmp/pfc.out" "$_tap_tmp/pfc.in"
  as_nobody "$UNSHARE_REF" --user --map-root-user --pid -- sh -c 'exec 3<&0; (read -r _ <&3) & echo $$; exec cat 3<&-' <"$_tap_tmp/pfc.in" >"$_tap_tmp/pfc.out" &
  pfc_job=$!
  exec {pfc_w}>"$_tap_tmp/pfc.in"
  read -r PF <"$_tap_tmp/pfc.out"
  isnt "$(ns_ino "$PF" pid_for_children)" "$(ns_ino "$PF" pid)" "control: the target's pid and pid_for_children differ"
  is "$(ns_ino "$PF" pid)" "$(ns_ino self pid)" "control: its pid namespace is still ours"
  run as_nobody "$NSENTER" -t "$PF" -U -p -- echo RAN
  is "$rc|$out|$(sed -n 1p <<<"$err")" "1||nsenter: reassociate to namespace 'ns/pid' failed: Operation not permitted" \
    "pid != pid_for_children: entering its pid namespace is refused"
  is "$(sed -n 2p <<<"$err")" "nsenter: hint: the target's pid and pid_for_children namespaces differ (it unshared a pid namespace without forking); --pid=/proc/$PF/ns/pid_for_children enters the new one" \
    "pid != pid_for_children: the hint says why and what to do"
  run as_nobody "$NSENTER" -t "$PF" -U --pid="/proc/$PF/ns/pid_for_children" -- stat -L -c %i /proc/self/ns/pid
  is "$rc|$out" "0|$(ns_ino "$PF" pid_for_children)" "following the hint: the program is in the new pid namespace"
  exec {pfc_w}>&-
  wait "$pfc_job" || true
  HOLDER_AS_NOBODY=1 holder_start user
  is "$(ns_ino "$HOLDER_PID" pid_for_children)" "$(ns_ino "$HOLDER_PID" pid)" "control: a target whose pid and pid_for_children agree"
  run as_nobody "$NSENTER" -t "$HOLDER_PID" -U -p -- echo RAN
  is "$rc|$(sed -n 1p <<<"$err")" "1|nsenter: reassociate to namespace 'ns/pid' failed: Operation not permitted" "control: refused the same way"
  is "$(grep -c pid_for_children <<<"$err" || true)" 0 "control: ... without the pid_for_children hint"
  holder_stop "$HOLDER_PID"
else
  skip "pid != pid_for_children hint" "unprivileged user namespaces are disabled here"
fi

# "pid namespace needs a fork": -p with --no-fork runs the program outside the target's pid
# namespace; like unshare -p without -f, a warning on a terminal (REFERENCE 7.7)
if command -v script >/dev/null; then
  # (sh is the program; stat, its child, reports on both)
  nofork_sh='stat -L -c %i /proc/$$/ns/pid /proc/self/ns/pid'
  run script -qec "$NSENTER -t $T -p -F -- sh -c '$nofork_sh'" /dev/null
  out=$(tr -d '\r' <<<"$out" | sed 's/\^@//g')
  is "$(sed -n 1p <<<"$out")" "nsenter: hint: pid namespace needs a fork; drop --no-fork (without one the program stays in its own pid namespace and only its children enter the target's)" \
    "-p -F on a terminal: the hint"
  is "$(sed -n 2,3p <<<"$out")" "$(ns_ino self pid)"$'\n'"$(ns_ino "$T" pid)" \
    "-p -F: as the hint says, the program is in our pid namespace, its child in the target's"
  run script -qec "$NSENTER -t $T -p -- sh -c 'stat -L -c %i /proc/self/ns/pid'" /dev/null
  is "$(tr -d '\r' <<<"$out" | sed 's/\^@//g')" "$(ns_ino "$T" pid)" "control: -p with a fork: no hint, the program is in the target's pid namespace"
  run script -qec "NSTOOLS_NO_HINTS=1 $NSENTER -t $T -p -F -- true" /dev/null
  is "$(tr -d '\r' <<<"$out" | sed 's/\^@//g')" "" "control: NSTOOLS_NO_HINTS silences it"
else
  skip "-p -F hint on a terminal" "script(1) is not installed"
fi
run "$NSENTER" -t "$T" -p -F -- true
is "$rc|$err" "0|" "control: -p -F, stderr not a terminal: no hint"

# ---- PR_SET_DUMPABLE: a parent that joined a pid namespace can't be ptraced from inside
if userns_works; then
  HOLDER_AS_NOBODY=1 holder_start user pid
  P=$HOLDER_PID
  dumpable_owner() {
    # dumpable_owner NSENTER-OPTIONS...: the owner of the forked nsenter parent's /proc entry
    # (root for a process that is not dumpable), seen while its child runs
    mkfifo "$_tap_tmp/d.out" "$_tap_tmp/d.in"
    setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NSENTER" -t "$P" "$@" -- /bin/sh -c 'echo ready; read x' <"$_tap_tmp/d.in" >"$_tap_tmp/d.out" &
    local job=$! w
    exec {w}>"$_tap_tmp/d.in"
    read -r _ <"$_tap_tmp/d.out"
    # (/proc/PID itself always shows the euid; its other entries show the dump owner)
    stat -c %u "/proc/$job/environ"
    eval "exec $w>&-"
    wait "$job" || true
    rm "$_tap_tmp/d.out" "$_tap_tmp/d.in"
  }
  is "$(dumpable_owner -U -p)" 0 "joining a pid namespace: the waiting parent is not dumpable (its /proc entry is root's)"
  is "$(dumpable_owner -U --forward-signals)" 65534 "control: without a pid namespace the forked parent stays dumpable"
  holder_stop "$P"
else
  skip "PR_SET_DUMPABLE" "unprivileged user namespaces are disabled here"
fi

# ---- --forward-signals
sigtest() {
  # sigtest NSENTER-OPTIONS...: start a program that reports TERM, kill nsenter with TERM
  mkfifo "$_tap_tmp/sig.out"
  "$NSENTER" -t "$T" -n "$@" -- /bin/sh -c 'trap "echo got-TERM; exit 3" TERM; echo ready; while :; do sleep 1 & wait $!; done' >"$_tap_tmp/sig.out" &
  sig_job=$!
  exec {sig_r}<"$_tap_tmp/sig.out"
  read -r line <&"$sig_r"
  kill -TERM "$sig_job"
  sig_rc=0
  wait "$sig_job" || sig_rc=$?
  # an orphaned program (util-linux behaviour) still holds the pipe: end it first
  pkill -KILL -f '^/bin/sh -c trap "echo got-TERM' 2>/dev/null || true
  line=
  read -r line <&"$sig_r" || true
  exec {sig_r}<&-
  rm "$_tap_tmp/sig.out"
}
sigtest --forward-signals
is "$line|$sig_rc" "got-TERM|3" "--forward-signals: TERM to nsenter reaches the program; its exit code comes back"
sigtest --forward-signals -p
is "$line|$sig_rc" "got-TERM|3" "--forward-signals with a pid namespace"
sigtest -p
is "$sig_rc|$line" "143|" "control: without --forward-signals nsenter dies by TERM, the program gets nothing"

# ---- --pty
if command -v script >/dev/null; then
  run script -qec "stty cols 123 rows 45; tty; $NSENTER -t $T -n --pty -- sh -c 'tty; stty size; ls -l /proc/self/fd/ | grep -c pts'" /dev/null
  # (script echoes a NUL it feeds the terminal as "^@")
  out=$(tr -d '\r' <<<"$out" | sed 's/\^@//g')
  outer=$(sed -n 1p <<<"$out")
  inner=$(sed -n 2p <<<"$out")
  like "$inner" "^/dev/pts/[0-9]+$" "--pty: the program is on a pseudo-terminal"
  isnt "$inner" "$outer" "--pty: not on the caller's terminal"
  is "$(sed -n 3p <<<"$out")" "45 123" "--pty: the window size is the caller's"
  # a resize of the caller's terminal reaches the program (WINCH -> new size on the pty)
  cat >"$_tap_tmp/winch.sh" <<'WINCH'
#!/bin/bash
# winch.sh NSENTER TARGET DIR
stty cols 100 rows 30
mkfifo "$3/winch.out"
"$1" -t "$2" -n --pty -- sh -c 'trap "stty size; exit 0" WINCH; echo ready; while :; do sleep 1 & wait $!; done' </dev/tty >"$3/winch.out" &
exec 3<"$3/winch.out"
read -r line <&3
stty cols 77 rows 22
read -r line <&3
echo "size: $line"
wait
WINCH
  chmod +x "$_tap_tmp/winch.sh"
  run timeout 60 script -qec "$_tap_tmp/winch.sh $NSENTER $T $_tap_tmp" /dev/null
  is "$(tr -d '\r' <<<"$out" | sed -n 's/\^@//g; s/^size: //p')" "22 77" "--pty: the window size follows a resize of the caller's terminal"
  # TIOCSTI from inside: the caller's terminal input queue must stay empty
  tiocsti='import fcntl, termios
for c in "echo INJECTED\n": fcntl.ioctl(0, termios.TIOCSTI, c.encode())'
  check='import array, fcntl, subprocess, sys, termios
subprocess.run(sys.argv[1:])
n = array.array("i", [0]); fcntl.ioctl(0, termios.FIONREAD, n); print("pending", n[0])'
  run script -qec "python3 -c '$check' $NSENTER -t $T -n --pty -- python3 -c '$tiocsti'" /dev/null
  is "$(tr -d '\r' <<<"$out" | grep pending)" "pending 0" "--pty: TIOCSTI inside cannot reach the caller's terminal"
  run script -qec "python3 -c '$check' $NSENTER -t $T -n -- python3 -c '$tiocsti'" /dev/null
  like "$(tr -d '\r' <<<"$out" | grep pending)" "^pending [1-9]" "control: without --pty TIOCSTI reaches the caller's terminal"
  run script -qec "$NSENTER -t $T -n --pty -- sh -c 'exit 7'" /dev/null
  is "$rc" 7 "--pty: the program's exit code comes back"
  run script -qec "stty -g; $NSENTER -t $T -n --pty -- sh -c 'kill -TERM \$PPID; read x'; stty -g" /dev/null
  out=$(tr -d '\r' <<<"$out" | sed 's/\^@//g')
  isnt "$(sed -n 1p <<<"$out")" "" "control: stty -g reports the terminal mode"
  is "$(sed -n '$p' <<<"$out")" "$(sed -n 1p <<<"$out")" "--pty: nsenter killed by TERM restores the caller's terminal mode first"
  run sh -c "echo piped | $NSENTER -t $T -n --pty -- sh -c 'read x; echo got \$x'"
  like "$(tr -d '\r' <<<"$out")" "got piped" "--pty without a terminal: input is proxied, EOF passed on"
else
  skip "--pty" "script(1) is not installed"
fi

# ---- --netns NAME against a namespace made by ip netns add
if command -v ip >/dev/null && ip netns add "nst-test-$$" 2>/dev/null; then
  nn=nst-test-$$
  mkdir -p "/etc/netns/$nn"
  echo "127.0.0.1 nst-netns-marker" >"/etc/netns/$nn/hosts"
  run "$NSENTER" --netns "$nn" -- /bin/sh -c 'stat -L -c %i /proc/self/ns/net; echo $(ls /sys/class/net); cat /etc/hosts'
  is "$(sed -n 1p <<<"$out")" "$(stat -L -c %i "/run/netns/$nn")" "--netns: the network namespace of /run/netns/NAME"
  is "$(sed -n 2p <<<"$out")" "lo" "--netns: /sys shows that namespace's devices only"
  is "$(sed -n 3p <<<"$out")" "127.0.0.1 nst-netns-marker" "--netns: /etc/netns/NAME/hosts is bound over /etc/hosts"
  isnt "$(ls /sys/class/net | tr '\n' ' ')" "lo " "control: the host's /sys is untouched"
  isnt "$(cat /etc/hosts)" "127.0.0.1 nst-netns-marker" "control: the host's /etc/hosts is untouched"
  run "$NSENTER" --net="/run/netns/$nn" -- /bin/sh -c 'ls /sys/class/net | tr "\n" " "'
  isnt "$out" "lo " "control: --net=/run/netns/NAME keeps the host's /sys"
  rm -rf "/etc/netns/$nn"
  rmdir /etc/netns 2>/dev/null || true
  ip netns del "$nn"
else
  skip "--netns" "ip netns add is not available here"
fi

# ---- hardening: the program's fds are the caller's, nothing of nsenter's
# fdlist: the fds of the process (ls's own directory fd left out), "FD TARGET" per line; under
# valgrind (meson test --setup valgrind) without valgrind's own files (vg_filter_fds)
printf '#!/bin/sh\nls -l /proc/self/fd/ >"$1"; awk '"'"'NR > 1 && $11 !~ /^\\/proc\\/[0-9]+\\/fd$/ { print $9, $11 }'"'"' "$1"\n' >"$_tap_tmp/fdlist"
chmod +x "$_tap_tmp/fdlist"
fdlist="$_tap_tmp/fdlist $_tap_tmp/fdlist.out"
run bash -c "$fdlist 4<\"$noexec\""
want=$out
like "$want" $'(^|\n)4 '"$noexec"'($|\n)' "control: the fd list shows the caller's fd 4"
run bash -c "\"$NSENTER\" -t $T -a -r -w -e -S follow -G follow -c -- $fdlist 4<\"$noexec\""
is "$(vg_filter_fds <<<"$out")" "$want" "no fd of nsenter reaches the program; the caller's fd 4 does"
run bash -c "\"$NSENTER\" -t $T -n --forward-signals -- $fdlist 4<\"$noexec\""
is "$(vg_filter_fds <<<"$out")" "$want" "the same with --forward-signals"
if vg_mode; then
  skip "closed fds 0-2 are /dev/null for the program" "valgrind opens its own files on them before nsenter starts"
else
  run bash -c "exec 0<&- 1>&- 2>&-; \"$NSENTER\" -t $T -n -- sh -c 'ls -l /proc/self/fd/ >\"$_tap_tmp/closed\"'"
  like "$(cat "$_tap_tmp/closed")" " 0 -> /dev/null" "closed fds 0-2 are /dev/null for the program"
fi

# ---- a kernel without pidfds (before 5.3, and valgrind 3.19): an fd on /proc/PID pins the target
# sysfail makes pidfd_open/getfd/send_signal fail with ENOSYS, as such a kernel does
SYSFAIL=$NST_BUILDDIR/tests/helpers/sysfail
nopidfd="$_tap_tmp/nsenter-nopidfd"
printf '#!/bin/sh\nexec "%s" pidfd_open=ENOSYS pidfd_getfd=ENOSYS pidfd_send_signal=ENOSYS -- "%s" "$@"\n' \
  "$SYSFAIL" "$NSENTER" >"$nopidfd"
chmod 755 "$nopidfd"
run "$SYSFAIL" pidfd_open=ENOSYS -- perl -e "$pidfd_probe"
is "$out" 38 "control: under sysfail pidfd_open() fails with ENOSYS"
run perl -e "$pidfd_probe"
is "$out" pidfd "control: without it pidfd_open() works"

script5='for t in mnt uts ipc net pid; do printf "%s:%s " $t $(stat -L -c %i /proc/self/ns/$t); done; exit 42'
want5=""
for t in $types5; do want5+="$t:$(ns_ino "$T" "$t") "; done
run "$nopidfd" -t "$T" -m -u -i -n -p -- /bin/sh -c "$script5"
is "$rc|$out|$err" "42|$want5|" "no pidfds: all five namespaces of the target, its exit code back"
run "$nopidfd" -t "$T" -a -- stat -L -c %i /proc/self/ns/net
is "$rc|$out" "0|$(ns_ino "$T" net)" "no pidfds: --all"
run "$nopidfd" -t "$T" -n -e -- env
is "$(sort <<<"$out")" "$(tr '\0' '\n' <"/proc/$T/environ" | sed '/^$/d' | sort)" "no pidfds: -e reads the environment below the pinned /proc/PID"
t_ino=$(python3 -c 'import os,sys; print(os.fstat(os.pidfd_open(int(sys.argv[1]))).st_ino)' "$T")
run "$nopidfd" -t "$T:$t_ino" -n -- echo RAN
is "$rc|$out|$err" "1||nsenter: cannot check $T:$t_ino: the kernel has no pidfd_open()" \
  "no pidfds: PID:INO can't be checked, so it is an error, never a silent pass"
run "$nopidfd" -t "$T" -N 0 -- echo RAN
is "$rc|$out|$(sed -n 1p <<<"$err")" "1||nsenter: cannot take socket 0 of process $T: Function not implemented" \
  "no pidfds: -N is a clear error (no pidfd_getfd())"
if [ "$nsenter_pidfd" = pidfd ]; then
  run "$NSENTER" -t "$T" -N 0 -- echo RAN
  like "$err" "SIOCGSKNS" "control: with pidfds -N gets as far as the socket ioctl"
fi
run bash -c "\"$nopidfd\" -t $T -a -r -w -e -S follow -G follow -- $fdlist 4<\"$noexec\""
is "$(vg_filter_fds <<<"$out")" "$want" "no pidfds: the /proc/PID fd does not reach the program either"
holder_start net
D=$HOLDER_PID
holder_stop "$D"
run "$nopidfd" -t "$D" -n -- echo RAN
is "$rc|$out|$err" "1||nsenter: failed to pidfd_open() for $D: No such process" "no pidfds: a dead target, nothing run"
saved_nsenter=$NSENTER
NSENTER=$nopidfd
sigtest --forward-signals
is "$line|$sig_rc" "got-TERM|3" "no pidfds: --forward-signals relays TERM with kill()"
# (a kernel with pidfd_open() but without pidfd_send_signal() does not exist; the relay copes)
printf '#!/bin/sh\nexec "%s" pidfd_send_signal=ENOSYS -- "%s" "$@"\n' "$SYSFAIL" "$saved_nsenter" >"$nopidfd.send"
chmod 755 "$nopidfd.send"
NSENTER=$nopidfd.send
sigtest --forward-signals
NSENTER=$saved_nsenter
is "$line|$sig_rc" "got-TERM|3" "no pidfd_send_signal(): --forward-signals relays TERM with kill()"

# the same under valgrind 3.19, whose pidfd_* calls fail with ENOSYS (unless the whole suite is
# under valgrind already: meson test --setup valgrind)
# (and not for a sanitizer build, which can't run under valgrind)
if command -v valgrind >/dev/null && [ -z "${NST_WRAPPER:-}" ] && [[ $(ldd "$NSENTER") != *lib[at]san* ]]; then
  vg=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q
      --log-file="$_tap_tmp/vg.%p")
  run "${vg[@]}" perl -e "$pidfd_probe"
  vg_probe=$out
  run "${vg[@]}" "$NSENTER" -t "$T" -n -u -- /bin/sh -c 'stat -L -c %i /proc/self/ns/net /proc/self/ns/uts'
  is "$rc|$out" "0|$(ns_ino "$T" net)"$'\n'"$(ns_ino "$T" uts)" "valgrind ($vg_probe from pidfd_open): -n -u enter the target's namespaces"
  run "${vg[@]}" "$NSENTER" -t "$T" -p -e -w -- /bin/sh -c 'exit 7'
  is "$rc" 7 "valgrind: -p forks, the child's status comes back, no memory errors"
  run "${vg[@]}" "$NSENTER" -t "$T:$t_ino" -n -- echo RAN
  is "$rc|$out" "1|" "valgrind: PID:INO is a clean error (exit 1, not a memory error's 99)"
  run "${vg[@]}" "$NSENTER" -t "$D" -n -- echo RAN
  is "$rc|$out" "1|" "valgrind: a dead target is a clean error"
else
  skip "nsenter under valgrind" "no valgrind, the suite runs under it already, or a sanitizer build"
fi

# ---- differential: util-linux 2.38.1 on the same target, options both have
UL=/usr/bin/nsenter
if [ -x "$UL" ] && [[ $("$UL" --version) == *util-linux* ]]; then
  probe='for t in cgroup ipc mnt net pid time user uts; do printf "%s:%s " $t $(stat -L -c %i /proc/self/ns/$t); done; echo; id; pwd; readlink /proc/self/root; hostname'
  # control: the command below runs ours, not util-linux's (a bare name under env -i would not)
  run env -i PATH=/usr/bin:/bin "$(type -P "$NSENTER")" --version
  isnt "$out" "$("$UL" --version)" "the differential runs our nsenter, not $UL"
  while IFS= read -r args; do
    # shellcheck disable=SC2086
    run env -i PATH=/usr/bin:/bin "$UL" $args -- /bin/sh -c "$probe; exit 5"
    ul="$rc|$out"
    # shellcheck disable=SC2086
    run env -i PATH=/usr/bin:/bin "$(type -P "$NSENTER")" $args -- /bin/sh -c "$probe; exit 5"
    is "$rc|$out" "$ul" "differential vs util-linux 2.38.1: nsenter $args"
  done <<LIST
-t $T -m -u -i -n -p
-t $T --mount --uts --ipc --net --pid
-t $T -a
-t $T -n -F
-t $T -n -S 65534 -G 65534
-t $T -m -w/proc
-t $T -m --wdns=/proc
-t $T -n -r
-t $T -n -w
-t $T -n --preserve-credentials
-n/proc/$T/ns/net -u/proc/$T/ns/uts
--net=/proc/$T/ns/net
-t $T -C
LIST
  # (nsenter -t PID without a namespace runs the program in 2.38 and is an error since 2.41)
  for args in "-t 0 -n" "-t $T -n -S abc" "-t $T -n -G x"; do
    # shellcheck disable=SC2086
    run "$UL" $args -- true
    ul="$rc|$out"
    # shellcheck disable=SC2086
    run "$NSENTER" $args -- true
    is "$rc|$out" "$ul" "differential vs util-linux 2.38.1, an error: nsenter $args"
  done
  run "$UL" -t "$T" -n -- /nonexistent; ul=$rc
  run "$NSENTER" -t "$T" -n -- /nonexistent
  is "$rc" "$ul" "differential: a missing program"
  run "$UL" -t "$T" -p -- /bin/sh -c 'kill -TERM $$'; ul=$rc
  run "$NSENTER" -t "$T" -p -- /bin/sh -c 'kill -TERM $$'
  is "$rc" "$ul" "differential: a child killed by TERM"
else
  skip "differential tests" "util-linux nsenter is not installed at $UL"
fi
holder_stop "$T"

done_testing
