# SPDX-License-Identifier: GPL-2.0-or-later
# nsenter in real namespaces: the kernel's namespace inodes are the oracle.
source "$NST_SRCDIR/tests/integration/lib.sh"

types5="mnt uts ipc net pid"

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
is "$err" "nsenter: neither filename nor target pid supplied for ns/net" "a namespace with neither file nor target"
run "$NSENTER" -a -- true
is "$err" "nsenter: no target PID specified for --all" "--all without --target"
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
pidfs_ino=$(python3 -c 'import os,sys; fd=os.pidfd_open(int(sys.argv[1])); print(os.fstat(fd).st_ino)' "$T")
run "$NSENTER" -t "$T:$pidfs_ino" -n -- stat -L -c %i /proc/self/ns/net
is "$out" "$(ns_ino "$T" net)" "PID:INODE with the right inode enters"
run "$NSENTER" -t "$T:$((pidfs_ino + 1))" -n -- true
is "$rc" 1 "PID:INODE with a wrong inode: exit 1"
like "$err" "^nsenter: process $T is not the one expected" "PID:INODE with a wrong inode: a clear error"

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
  is "$rc" 1 "control: unprivileged cannot enter root's net namespace"
  like "$err" "^nsenter: reassociate to namespace 'ns/net' failed: Operation not permitted$" "control: the error names the namespace"
  holder_stop "$HOLDER_PID"
  holder_stop "$R"
else
  skip "unprivileged user namespaces" "unprivileged user namespaces are disabled here"
fi

done_testing
