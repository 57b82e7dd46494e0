#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fd, signal and privilege hygiene of nsenter and unshare, in every mode that exists now:
#  - the program's fds are exactly the caller's (3<file passes through; closed 0-2 become
#    /dev/null; with --pty 0-2 are the pseudo-terminal), compared with running the same program
#    directly; also through unshare's helpers (persistence binds, id maps) and for the
#    newuidmap those run;
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

# files for unshare's persistence helper, on a private mount (a mount namespace can't be bound
# onto a shared one); every bind is undone after each run
pdir=$_tap_tmp/persist
mkdir "$pdir"
mount --bind "$pdir" "$pdir"
at_exit umount -R -l "$pdir"
mount --make-private "$pdir"
for t in net mnt user pid; do : >"$pdir/$t"; done
unbind() {
  local t
  for t in net mnt user pid; do
    while umount "$pdir/$t" 2>/dev/null; do :; done
  done
}

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
  "unshare --init"
  "unshare --pty"
  "nsenter -t $H -n --pty"
  "unshare --net=$pdir/net"
  "unshare --mount=$pdir/mnt"
  "unshare --user=$pdir/user"
  "unshare --fork --pid=$pdir/pid"
  "unshare --map-users=0:100000:10 --map-groups=0:100000:10"
  "unshare --map-user=5 --map-users=100:200000:10"
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

# got FILE [pty]: the program's fd list without valgrind's own fds (lib.sh); with "pty", a
# pseudo-terminal on 0-2 reads PTY
got() {
  [ -e "$1" ] || return 0
  vg_filter_fds <"$1" | awk -v pty="${2:-}" 'pty && $1 <= 2 && $2 ~ "^/dev/pts/[0-9]+$" { $2 = "PTY" } { print }' | sort -n
}
# want FILE VIA [pty]: the expected list, from the direct run's FILE: 0-2 on PTY with "pty";
# less the fd numbers valgrind's own files took in the run through the tool (its list VIA)
want() {
  local taken
  taken=$(vg_fd_numbers <"$2" 2>/dev/null | tr '\n' ' ')
  awk -v pty="${3:-}" -v taken=" $taken" 'index(taken, " " $1 " ") { next }
    pty && $1 <= 2 { $2 = "PTY" } { print }' "$1" | sort -n
}
for m in "${modes[@]}"; do
  # shellcheck disable=SC2206 # words on purpose
  words=($m)
  words[0]=$(tool_cmd "$m")
  pty=
  [[ $m == *--pty* ]] && pty=pty
  rm -f "$_tap_tmp/via"
  rc=0
  list_fds "$_tap_tmp/via" "${words[@]}" || rc=$?
  unbind
  is "$rc:$(got "$_tap_tmp/via" $pty)" "0:$(want "$_tap_tmp/direct" "$_tap_tmp/via" $pty)" "$m: the program has exactly the caller's fds"
  rm -f "$_tap_tmp/via"
  rc=0
  list_fds_closed "$_tap_tmp/via" "${words[@]}" || rc=$?
  unbind
  # with 0-2 closed the tool opens /dev/null there, so the program's list has them in addition
  (printf '0 /dev/null\n1 /dev/null\n2 /dev/null\n'; cat "$_tap_tmp/direct-closed") >"$_tap_tmp/want-closed"
  is "$rc:$(got "$_tap_tmp/via" $pty)" "0:$(want "$_tap_tmp/want-closed" "$_tap_tmp/via" $pty)" "$m: with fds 0-2 closed: ${pty:-/dev/null} there, nothing else new"
done
is "$(grep -c " $pdir/" /proc/self/mountinfo || true)" 0 "control: no bind of the persistence runs is left behind"

# control of the comparison: a pseudo-terminal is only accepted on 0-2 where asked for
printf '0 /dev/pts/9\n1 /dev/null\n' >"$_tap_tmp/ptylist"
isnt "$(got "$_tap_tmp/ptylist")" "$(got "$_tap_tmp/ptylist" pty)" "control: a pty on fd 0 is seen as such only in --pty mode"
# control of the valgrind filter: it drops valgrind's own files and nothing else (and nothing at
# all without valgrind)
vgd=$NST_BUILDDIR/valgrind
printf '3 %s\n4 %s\n5 %s\n6 /dev/null\n' "$file" "$vgd/vg.1.2.xml" "$vgd/other.xml" >"$_tap_tmp/vglist"
if vg_mode; then
  is "$(vg_filter_fds <"$_tap_tmp/vglist" | tr '\n' ' ')" "3 $file 5 $vgd/other.xml 6 /dev/null " "control: the valgrind filter drops only valgrind's files"
else
  is "$(vg_filter_fds <"$_tap_tmp/vglist")" "$(cat "$_tap_tmp/vglist")" "control: without valgrind the filter drops nothing"
fi

# unprivileged id maps go through newuidmap, run by unshare's map helper: its fds must be the
# caller's as well. A stand-in newuidmap (first in PATH) lists them and writes the one map it
# is given itself, as an unprivileged owner may, so no /etc/subuid entry is needed.
if userns_works; then
  chmod 777 "$_tap_tmp"
  fake=$_tap_tmp/fakebin
  mkdir -m 755 "$fake"
  printf '#!/bin/sh\n"%s" "%s" || exit 1\necho "$2 $3 $4" >/proc/$1/uid_map\n' "$FDLIST" \
    "$_tap_tmp/newuidmap.fds" >"$fake/newuidmap"
  chmod 755 "$fake/newuidmap"
  list_fds "$_tap_tmp/nobody-direct" as_nobody
  rm -f "$_tap_tmp/newuidmap.fds"
  rc=0
  list_fds "$_tap_tmp/nobody-via" as_nobody env PATH="$fake:$PATH" "$UNSHARE" --map-users=0:65534:1 || rc=$?
  is "$rc:$(got "$_tap_tmp/nobody-via")" "0:$(want "$_tap_tmp/nobody-direct" "$_tap_tmp/nobody-via")" \
    "unprivileged unshare --map-users (newuidmap): the program has exactly the caller's fds"
  is "$(got "$_tap_tmp/newuidmap.fds")" "$(want "$_tap_tmp/nobody-direct" "$_tap_tmp/newuidmap.fds")" \
    "... and so has the newuidmap its map helper runs"
  run as_nobody env PATH="$fake:$PATH" "$UNSHARE" --map-users=0:65534:1 -- cat /proc/self/uid_map
  is "$rc:$(tr -s ' ' <<<"$out")" "0: 0 65534 1" "control: the map came from the stand-in newuidmap"
else
  skip "unprivileged --map-users through newuidmap" "unprivileged user namespaces are not available"
fi

# negative control: an extra fd is noticed
list_fds "$_tap_tmp/leaky" bash -c 'exec 7</dev/null; exec "$@"' bash
isnt "$(cat "$_tap_tmp/leaky")" "$(cat "$_tap_tmp/direct")" "control: a leaked fd 7 changes the list"

# ---- exit status matrix ---------------------------------------------------------------------
# wait.py status CMD...: what a waiting parent sees, stops included: "stop:SIG" words (each
# answered with SIGCONT to the process we started), then "exit:N" or "signal:N".
# wait.py late-stop CMD...: the same for unshare --init, after stopping unshare, then the
# program, then continuing unshare (see below); "program:STATE" is the program's state then.
# wait.py key-stop CMD...: the same after a ^Z typed into CMD's stdin once it printed "ready".
# wait.py kill-init CMD...: the same after SIGKILL to unshare's child (PID 1 with --init).
WAITPY=$_tap_tmp/wait.py
cat >"$WAITPY" <<'PY'
import fcntl, os, signal, struct, subprocess, sys, termios, time

def follow(p, seen):
    while True:
        _, st = os.waitpid(p.pid, os.WUNTRACED)
        if os.WIFSTOPPED(st):
            seen.append("stop:%d" % os.WSTOPSIG(st))
            os.kill(p.pid, signal.SIGCONT)
            continue
        seen.append("exit:%d" % os.WEXITSTATUS(st) if os.WIFEXITED(st) else "signal:%d" % os.WTERMSIG(st))
        return seen

def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []

def state(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()[0]

def first(pids):
    for _ in range(500):
        if pids():
            return pids()[0]
        time.sleep(0.01)
    sys.exit("no such process showed up")

def reported(pid):
    # wait until PID 1's stop report (8 bytes) sits unread in one of unshare's pipes (FIONREAD
    # on the pipe, opened again through /proc; nothing is consumed). Only low fds: valgrind's
    # own pipes sit at the top of the fd range.
    for _ in range(1000):
        for fd in os.listdir("/proc/%d/fd" % pid):
            path = "/proc/%d/fd/%s" % (pid, fd)
            if int(fd) > 64 or not os.readlink(path).startswith("pipe:"):
                continue
            try:
                rfd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            except OSError:
                continue
            try:
                n = struct.unpack("i", fcntl.ioctl(rfd, termios.FIONREAD, b"\0" * 4))[0]
            finally:
                os.close(rfd)
            if n >= 8:
                return "yes"
        time.sleep(0.01)
    return "no"

def late_stop(p):
    # unshare -> its child (PID 1) -> the program
    prog = first(lambda: [g for c in children(p.pid) for g in children(c)])
    seen = []
    os.kill(p.pid, signal.SIGSTOP)       # the caller stops unshare ...
    _, st = os.waitpid(p.pid, os.WUNTRACED)
    seen.append("stop:%d" % os.WSTOPSIG(st))
    os.kill(prog, signal.SIGSTOP)        # ... the program stops while unshare is stopped ...
    for _ in range(500):
        if state(prog) == "T":
            break
        time.sleep(0.01)
    seen.append("program:" + state(prog))
    seen.append("reported:%s" % reported(p.pid))
    os.kill(p.pid, signal.SIGCONT)       # ... and the caller continues unshare
    return follow(p, seen)

def key_stop(argv):
    # ^Z typed on the program's pseudo-terminal (through unshare's stdin) once it is running
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    while b"ready" not in p.stdout.readline():
        pass
    p.stdin.write(b"\x1a")
    p.stdin.flush()
    seen = follow(p, [])
    p.stdout.read()
    return seen

def kill_init(p):
    os.kill(first(lambda: children(p.pid)), signal.SIGKILL)
    return follow(p, [])

modes = {"status": lambda p: follow(p, []), "late-stop": late_stop, "kill-init": kill_init}
mode, argv = sys.argv[1], sys.argv[2:]
if mode == "key-stop":
    print(" ".join(key_stop(argv)))
    sys.exit(0)
p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
print(" ".join(modes[mode](p)))
PY
status() {
  timeout 30 python3 "$WAITPY" status "$@"
}

ulimit -c 0
programs=(
  "exit 0"
  "exit 1"
  "exit 42"
  "exit 255"
  "exit 143"
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
  "unshare --init"
  "unshare --pty"
  "unshare --init --pty"
  "unshare --fork --forward-signals -n"
  "unshare --init --forward-signals"
  "nsenter -t $H -n --pty"
  "nsenter -t $H -p --pty"
  "nsenter -t $H -n --forward-signals"
)
is "$(status sh -c 'kill -STOP $$; exit 7')" "stop:19 exit:7" "control: the status helper sees a stop and the exit"
is "$(status sh -c 'exit 143')" "exit:143" "control: an exit 143 is not a death by TERM to the status helper"
for prog in "${programs[@]}"; do
  want=$(status sh -c "$prog")
  for m in "${exit_modes[@]}"; do
    if [[ $prog == kill* && $m == *--pid* ]]; then
      skip "$m: sh -c '$prog'" "the program is PID 1 of a new pid namespace: the kernel drops signals it has no handler for"
      continue
    fi
    # shellcheck disable=SC2206 # words on purpose
    words=($m)
    words[0]=$(tool_cmd "$m")
    seen=$(status "${words[@]}" sh -c "$prog")
    is "$seen" "$want" "$m: sh -c '$prog' looks like running it directly ($want)"
  done
done

# --init learns of the program's stops from its PID 1. A stop reported while unshare itself was
# stopped and is then continued by its caller (as ^Z and fg do to a whole job) must not stop
# unshare a second time: the caller has resumed the job. Running the program directly, the
# caller's continue resumes it, so the caller sees one stop, then the exit.
is "$(timeout 30 python3 "$WAITPY" late-stop "$UNSHARE" --init sleep 1)" \
  "stop:19 program:T reported:yes exit:0" "--init: a stop reported while unshare was stopped doesn't stop it again; the program goes on"
# control: a stop of the program while unshare runs is passed on (one stop, then the exit)
is "$(status "$UNSHARE" --init sh -c 'kill -STOP $$; exit 0')" "stop:19 exit:0" \
  "control: --init passes on a stop of the program while unshare runs"
# ^Z on the pseudo-terminal of --init --pty: the program has a process group of its own in
# PID 1's session, so the terminal stop is not discarded (the kernel drops stops of orphaned
# groups), and unshare stops with it; the whole group goes on after the continue
is "$(timeout 30 python3 "$WAITPY" key-stop "$UNSHARE" --init --pty sh -c 'echo ready; sleep 1; exit 7')" \
  "stop:19 exit:7" "--init --pty: ^Z on the pseudo-terminal stops the program and unshare; fg goes on"
# control: plain --pty leaves the program leading an orphaned group, where ^Z does nothing
is "$(timeout 30 python3 "$WAITPY" key-stop "$UNSHARE" --pty sh -c 'echo ready; sleep 1; exit 7')" \
  "exit:7" "control: --pty without --init: the kernel discards ^Z for the program's orphaned group"
# PID 1 itself killed from outside: no report, so the caller sees PID 1's own death
is "$(timeout 30 python3 "$WAITPY" kill-init "$UNSHARE" --init sleep 30)" "signal:9" \
  "--init: PID 1 killed from outside: unshare dies by SIGKILL too"

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
