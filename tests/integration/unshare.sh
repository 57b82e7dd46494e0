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

# host_mounts: the mounts our unshare could leak (others' tests mount elsewhere concurrently)
host_mounts() {
  awk -v t="$_tap_tmp" '$5 == "/" || $5 ~ "^/(proc|sys|dev)(/|$)" || index($5, t) == 1 { print $5, $9, $10 }' /proc/self/mountinfo
}
mounts_before=$(host_mounts)

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
is "$(host_mounts)" "$mounts_before" "seed: the host's mounts are untouched afterwards"

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
is "$(host_mounts)" "$mounts_before" "after all of the above, the host's mounts are as they were"

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
  is "$err" "unshare: unshare failed: Operation not permitted"$'\n'"unshare: hint: creating namespaces other than a user namespace needs CAP_SYS_ADMIN; unprivileged, add --user (or -r) to create them inside a new user namespace" "control: the error, and a hint to add --user"
else
  skip "unprivileged user namespaces" "unprivileged user namespaces are disabled here"
fi

# uptime_s: the host's uptime in whole seconds
uptime_s() {
  cut -d. -f1 /proc/uptime
}
# offset_seen INSIDE OFFSET BEFORE: "ok" if the uptime INSIDE a time namespace, read after the
# host's uptime BEFORE, is that plus OFFSET (up to now: the tools may be slow, under valgrind)
offset_seen() {
  local after
  after=$(uptime_s)
  if [ $(($1 - $2)) -ge $(($3 - 1)) ] && [ $(($1 - $2)) -le $((after + 1)) ]; then
    echo ok
  else
    echo "uptime inside $1, offset $2, host uptime $3 before and $after after"
  fi
}

# ---- persistence: --type=FILE for all eight types, against the kernel
pdir="$_tap_tmp/persist"
mkdir -p "$pdir"
mount --bind "$pdir" "$pdir"
mount --make-private "$pdir"
for t in cgroup ipc mnt net pid time user uts; do : >"$pdir/$t"; done
run "$UNSHARE" --cgroup="$pdir/cgroup" --ipc="$pdir/ipc" --net="$pdir/net" --uts="$pdir/uts" -- \
  /bin/sh -c 'for t in cgroup ipc net uts; do printf "%s " $(stat -L -c %i /proc/self/ns/$t); done'
is "$rc" 0 "persist cgroup ipc net uts: exit 0"
want=""
for t in cgroup ipc net uts; do want+="$(stat -L -c %i "$pdir/$t") "; done
is "$out" "$want" "persist: each file is the namespace the program ran in"
for t in cgroup ipc net uts; do
  is "$(findmnt -n -o FSTYPE --mountpoint "$pdir/$t")" "nsfs" "persist --$t: an nsfs bind mount on the file"
done
run "$UNSHARE" --mount="$pdir/mnt" -- stat -L -c %i /proc/self/ns/mnt
is "$out:$rc" "$(stat -L -c %i "$pdir/mnt"):0" "persist --mount (bind helper in the original mount namespace)"
run "$UNSHARE" --user="$pdir/user" -- stat -L -c %i /proc/self/ns/user
is "$out:$rc" "$(stat -L -c %i "$pdir/user"):0" "persist --user (bind helper with the original rights)"
run "$UNSHARE" --pid="$pdir/pid" --fork -- stat -L -c %i /proc/self/ns/pid
is "$out:$rc" "$(stat -L -c %i "$pdir/pid"):0" "persist --pid binds pid_for_children after the fork"
run "$UNSHARE" --time="$pdir/time" --boottime=1000000 -- stat -L -c %i /proc/self/ns/time
is "$out:$rc" "$(stat -L -c %i "$pdir/time"):0" "persist --time binds time_for_children"
up_before=$(uptime_s)
up_in=$("$NSENTER" --time="$pdir/time" cat /proc/uptime | cut -d. -f1)
is "$(offset_seen "$up_in" 1000000 "$up_before")" ok "the persisted time namespace keeps its boottime offset"
umount -R "$pdir"
is "$(grep -c " $pdir" /proc/self/mountinfo || true)" "0" "persist: umount frees every bind"

missing="$_tap_tmp/does-not-exist"
run "$UNSHARE" --net="$missing" -- true
is "$rc" 1 "persist onto a missing file: exit 1"
like "$err" "^unshare: mount /proc/[0-9]+/ns/net on $missing failed: No such file or directory$" "persist onto a missing file: the error"

# a shared target mount: the kernel refuses a mount namespace bind there (it could loop)
sdir="$_tap_tmp/sharedp"
mkdir -p "$sdir"
mount --bind "$sdir" "$sdir"
mount --make-shared "$sdir"
: >"$sdir/mnt"
run "$UNSHARE" --mount="$sdir/mnt" -- true
is "$rc" 1 "persist --mount onto a shared mount: exit 1"
like "$err" "failed: Invalid argument"$'\n'"unshare: hint: the target is on a shared mount" "persist onto a shared mount: the error and a hint naming the cause"
run env NSTOOLS_NO_HINTS=1 "$UNSHARE" --mount="$sdir/mnt" -- true
is "$(wc -l <<<"$err")" "1" "NSTOOLS_NO_HINTS=1 turns the hint off"
umount -R "$sdir" 2>/dev/null || umount -l "$sdir"

# ---- time namespaces
up=$(uptime_s)
run "$UNSHARE" --time --boottime=86400 -- cat /proc/uptime
is "$(offset_seen "${out%%.*}" 86400 "$up")" ok "--boottime 86400: /proc/uptime inside is a day ahead"
half=$((up / 2))
up=$(uptime_s)
run "$UNSHARE" --time --boottime=-$half -- cat /proc/uptime
is "$(offset_seen "${out%%.*}" -$half "$up")" ok "--boottime negative: /proc/uptime inside is behind"
up=$(uptime_s)
run "$UNSHARE" --time -- cat /proc/uptime
isnt "$(offset_seen "${out%%.*}" 86400 "$up")" ok "control: without --boottime the uptime inside is not a day ahead"
run "$UNSHARE" -T --monotonic=-100 --fork -- cat /proc/self/timens_offsets
is "$(grep monotonic <<<"$out" | tr -s ' ')" "monotonic -100 0" "--monotonic negative: the offset as the kernel has it (with --fork)"
run "$UNSHARE" --monotonic=5 -- true
is "$rc:$err" "1:unshare: options --monotonic and --boottime require unsharing of a time namespace (-T)"$'\n'"Try 'unshare --help' for more information." "--monotonic without -T"
run "$UNSHARE" -T --boottime=1x -- true
is "$rc:$err" "1:unshare: failed to parse boottime offset: '1x'" "--boottime bad number"
run "$UNSHARE" -T --monotonic=99999999999999999999 -- true
is "$rc:$err" "1:unshare: failed to parse monotonic offset: '99999999999999999999': Numerical result out of range" "--monotonic out of range"

# ---- --kill-child, --forward-signals
# wait_for COND...: poll (bounded) until COND holds; a signal's delivery can't be awaited otherwise
wait_for() {
  local i
  for i in $(seq 2000); do
    "$@" && return 0
    read -r -t 0.005 <> <(:) || true
  done
  return 1
}
run "$UNSHARE" --kill-child -- /bin/sh -c 'echo $$ >"$1"; kill -KILL $PPID; exec sleep 30' sh "$_tap_tmp/kc.pid"
is "$rc" 137 "--kill-child: unshare killed"
kcpid=$(cat "$_tap_tmp/kc.pid")
gone() { [ ! -e "/proc/$kcpid" ] || [ "$(awk '{print $3}' "/proc/$kcpid/stat" 2>/dev/null)" = Z ]; }
wait_for gone && r=0 || r=1
is "$r" 0 "--kill-child: the child got KILL when unshare died"
for ks in usr1 10; do
  : >"$_tap_tmp/kc.sig"
  run "$UNSHARE" --kill-child="$ks" -- /bin/sh -c 'trap "echo USR1 >\"\$1\"; exit 0" USR1; kill -KILL $PPID; sleep 30 & wait' sh "$_tap_tmp/kc.sig"
  wait_for test -s "$_tap_tmp/kc.sig" || true
  is "$(cat "$_tap_tmp/kc.sig")" "USR1" "--kill-child=$ks (names case-insensitive, numbers too)"
done
for sig in TERM INT HUP QUIT USR1 USR2 WINCH; do
  run "$UNSHARE" --forward-signals -- /bin/sh -c "trap 'echo got $sig; exit 3' $sig; kill -$sig \$PPID; sleep 30 & wait"
  is "$out:$rc" "got $sig:3" "--forward-signals relays $sig"
done
run "$UNSHARE" --fork -- /bin/sh -c 'trap "echo got TERM; exit 3" TERM; kill -TERM $PPID; kill -INT $PPID; echo alive'
is "$out:$rc" "alive:0" "--fork without --forward-signals: TERM and INT to unshare do nothing"

# ---- mounts: --mount-proc=DIR, binfmt_misc
pdir2="$_tap_tmp/procdir"
mkdir -p "$pdir2"
run "$UNSHARE" --pid --fork --mount-proc="$pdir2" -- /bin/sh -c 'readlink "$1"/self; findmnt -n -o FSTYPE,OPTIONS --mountpoint "$1"' sh "$pdir2"
is "$(sed -n 1p <<<"$out")" "2" "--mount-proc=DIR: a proc of the new pid namespace at DIR"
like "$(sed -n 2p <<<"$out")" '^proc +rw,nosuid,nodev,noexec' "--mount-proc: nosuid,nodev,noexec"
run "$UNSHARE" -r --mount-proc -- true
like "$err" "^unshare: mount /proc failed: Operation not permitted"$'\n'"unshare: hint: proc can only be mounted by the owner of its pid namespace" "--mount-proc in a user namespace without --pid: error and hint"
if "$UNSHARE" -r --pid --fork --mount-binfmt -- test -e /proc/sys/fs/binfmt_misc/register 2>/dev/null; then
  run "$UNSHARE" -r --pid --fork --mount-binfmt -- findmnt -n -o FSTYPE --mountpoint /proc/sys/fs/binfmt_misc
  is "$out" "binfmt_misc" "--mount-binfmt: a binfmt_misc of the new user namespace (and a proc below it)"
  bdir="$_tap_tmp/binfmt"
  mkdir -p "$bdir"
  run "$UNSHARE" -r --mount-binfmt="$bdir" -- findmnt -n -o FSTYPE --mountpoint "$bdir"
  is "$out" "binfmt_misc" "--mount-binfmt=DIR"
  printf 'hello from the interpreter\n' >"$_tap_tmp/x.nsttst"
  chmod 755 "$_tap_tmp/x.nsttst"
  run "$UNSHARE" -r --pid --fork -l ":nsttest:E::nsttst::/bin/cat:" -- /bin/sh -c 'head -1 /proc/sys/fs/binfmt_misc/nsttest; "$1"' sh "$_tap_tmp/x.nsttst"
  is "$out" "enabled"$'\n'"hello from the interpreter" "-l registers an interpreter in the user namespace's binfmt_misc"
  is "$(cat /proc/sys/fs/binfmt_misc/nsttest 2>/dev/null || echo none)" "none" "-l: the host's binfmt_misc is untouched"
else
  skip "--mount-binfmt, -l" "this kernel has no binfmt_misc per user namespace (Linux >= 6.7)"
fi

# ---- -R, -w, -S, -G, --keep-caps, --hostname
run "$UNSHARE" -R / -w /tmp -- pwd
is "$out" "/tmp" "-R / -w /tmp"
# (LeakSanitizer, in sanitizer builds, can't read /proc once the root has changed)
run env ASAN_OPTIONS=detect_leaks=0 "$UNSHARE" -R "$_tap_tmp" -- /bin/true
is "$rc" 127 "-R DIR: the program is looked up inside the new root"
run "$UNSHARE" -R /nonexistent -- true
is "$rc:$err" "1:unshare: cannot change root directory to '/nonexistent': No such file or directory" "-R bad dir"
run "$UNSHARE" -w /nonexistent -- true
is "$rc:$err" "1:unshare: cannot change directory to /nonexistent: No such file or directory" "-w bad dir"
run "$UNSHARE" -S 65534 -G 65534 -- /bin/sh -c 'id -u; id -g; id -G'
is "$out" "65534"$'\n'"65534"$'\n'"65534" "-S/-G: uid, gid, no supplementary groups"
if userns_works; then
  run as_nobody "$UNSHARE" -r --keep-caps -- grep CapAmb /proc/self/status
  is "$rc:$(awk '{print $2}' <<<"$out")" "0:$(printf '%016x' $(((1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1)))" "--keep-caps: every capability of the user namespace is ambient"
  run as_nobody "$UNSHARE" -r -- grep CapAmb /proc/self/status
  is "$rc:$(awk '{print $2}' <<<"$out")" "0:0000000000000000" "control: without --keep-caps none"
else
  skip "--keep-caps" "unprivileged user namespaces are disabled here"
fi
run "$UNSHARE" --hostname nst-test-host -- hostname
is "$out" "nst-test-host" "--hostname sets the name in a new UTS namespace"
isnt "$(hostname)" "nst-test-host" "--hostname: the host keeps its name"

# ---- environment and the default program
# (env -i empties PATH: the tool by its absolute path, valgrind's additions filtered out)
unshare_abs=$(type -P "$UNSHARE")
run env -i FOO=1 BAR=2 PATH=/usr/bin:/bin "$unshare_abs" --whitelist-env FOO,NOPE --whitelist-env PATH -- env
is "$(vg_filter_env <<<"$out" | sort | tr '\n' ' ')" "FOO=1 PATH=/usr/bin:/bin " "--whitelist-env keeps only the named variables (unset names skipped, repeatable)"
run env -i FOO=1 "$unshare_abs" --clear-env -- /usr/bin/env
is "$(vg_filter_env <<<"$out"):$rc" ":0" "--clear-env: an empty environment"
run env -i FOO=1 "$unshare_abs" --whitelist-env NOPE -- /usr/bin/env
is "$(vg_filter_env <<<"$out")" "" "--whitelist-env with none set clears everything (util-linux master clears nothing)"
# (PWD given: the valgrind wrapper's /bin/sh would set it)
run env -i FOO=1 BAR=2 PATH=/usr/bin:/bin PWD="$PWD" "$unshare_abs" -- /usr/bin/env
is "$(vg_filter_env <<<"$out" | sort | tr '\n' ' ')" "BAR=2 FOO=1 PATH=/usr/bin:/bin PWD=$PWD " "control: without them the whole environment passes"
run env SHELL=/bin/bash "$UNSHARE" <<<'echo "shell:$0"'
is "$out" "shell:-bash" "no program: \$SHELL as a login shell"
run env SHELL= "$UNSHARE" <<<'echo "login:$0"'
is "$out" "login:-$(basename "$(getent passwd "$(id -u)" | cut -d: -f7)")" "no program, empty \$SHELL: the passwd shell as a login shell"

# ---- user namespace maps as root (written directly)
run "$UNSHARE" --map-user=5 --map-group=7 -- /bin/sh -c 'cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups | tr -s " "'
is "$out" " 5 0 1"$'\n'" 7 0 1"$'\n'"deny" "--map-user/--map-group: single maps, setgroups denied"
run "$UNSHARE" --map-user=root -- /bin/sh -c 'tr -s " " </proc/self/uid_map'
is "$out" " 0 0 1" "--map-user takes a name"
run "$UNSHARE" --map-users=0:100000:10 --map-users=200000,1000,5 --map-groups=0:100000:10 -- /bin/sh -c 'cat /proc/self/uid_map /proc/self/gid_map | tr -s " "'
is "$out" " 0 100000 10"$'\n'" 1000 200000 5"$'\n'" 0 100000 10" "--map-users inner:outer:count and the old outer,inner,count; repeatable"
run "$UNSHARE" --map-user=5 --map-users=0:100000:10 -- /bin/sh -c 'tr -s " " </proc/self/uid_map'
is "$out" " 5 0 1"$'\n'" 0 100000 5"$'\n'" 6 100006 4" "single map first; the overlapping range loses one id (a hole)"
run "$UNSHARE" -r --map-users=all --map-groups=all -- /bin/sh -c 'tr -s " " </proc/self/uid_map'
is "$out" " 0 0 1"$'\n'" 1 1 4294967294" "--map-users=all: our whole uid_map, minus the single mapping"
run "$UNSHARE" --owner 65534:65534 -r -- /bin/sh -c 'tr -s " " </proc/self/uid_map'
is "$out" " 0 65534 1" "--owner: the single map's outer id is the owner"
run "$UNSHARE" --owner 65534:65534 -- /bin/sh -c 'grep ^Uid /proc/self/status | cut -f2'
is "$out" "65534" "--owner: the user namespace is created (and the program runs) as the owner"
run "$UNSHARE" -r --setgroups allow -- true
is "$rc:$err" "1:unshare: options --setgroups=allow and --map-group are mutually exclusive" "--setgroups=allow with -r"
run "$UNSHARE" --user --setgroups deny -- cat /proc/self/setgroups
is "$out" "deny" "--setgroups deny"
run "$UNSHARE" --map-users=0:100000:10 --setgroups allow -- cat /proc/self/setgroups
is "$out" "allow" "--setgroups allow"
run "$UNSHARE" --map-users=0:4294967290:10 -- /bin/sh -c 'echo RAN'
is "$rc:$out" "1:" "a failing map helper: exit 1, and the program never runs"

# ---- bad input: exit 1, one line, nothing runs, no namespace or mount is left
while IFS='|' read -r args want; do
  # shellcheck disable=SC2086
  run "$UNSHARE" $args -- /bin/sh -c 'echo RAN'
  is "$rc:$out:$err" "1::$want" "bad input: unshare $args"
done <<'LIST'
--map-users=1:2|unshare: invalid mapping '1:2'
--map-users=0:1:0|unshare: invalid mapping '0:1:0'
--map-groups=x|unshare: invalid mapping 'x'
--map-user=nosuchuser-nst|unshare: failed to parse uid 'nosuchuser-nst'
--map-group=nosuchgroup-nst|unshare: failed to parse gid 'nosuchgroup-nst'
--owner=1|unshare: failed to parse owner
--owner=a:b|unshare: failed to parse owner
--setgroups=maybe|unshare: unsupported --setgroups argument 'maybe'
--mount --propagation=up|unshare: unsupported propagation mode: up
--kill-child=SIGNOPE|unshare: unknown signal: SIGNOPE
-T --monotonic=|unshare: failed to parse monotonic offset: ''
-S -1|unshare: failed to parse uid: '-1'
-S 4294967296|unshare: failed to parse uid: '4294967296': Numerical result out of range
-G abc|unshare: failed to parse gid: 'abc'
-G 4294967295|unshare: failed to parse gid: '4294967295': Numerical result out of range
LIST
for o in --root --wd --setuid --setgid --load-interp --propagation --map-user --map-group --map-users --map-groups --owner --setgroups --monotonic --boottime --whitelist-env --hostname; do
  run "$UNSHARE" "$o"
  is "$rc:$err" "1:$UNSHARE: option '$o' requires an argument"$'\n'"Try 'unshare --help' for more information." "$o without its argument"
done
is "$(host_mounts)" "$mounts_before" "after everything above, the host's mounts are as they were"

# ---- unprivileged maps through newuidmap/newgidmap, with a real /etc/subuid entry
tuser=nsttest-unshare
if userns_works && command -v newuidmap >/dev/null && command -v useradd >/dev/null; then
  if id "$tuser" >/dev/null 2>&1; then userdel "$tuser" >/dev/null 2>&1 || true; fi
  subuid_before=$(cat /etc/subuid 2>/dev/null || true)
  subgid_before=$(cat /etc/subgid 2>/dev/null || true)
  useradd -M -N -s /bin/sh -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$tuser"
  tuid=$(id -u "$tuser")
  echo "$tuser:300000:65536" >>/etc/subuid
  echo "$tuid:400000:1000" >>/etc/subgid
  as_t() { setpriv --reuid="$tuid" --regid=100 --clear-groups -- "$@"; }
  run as_t "$UNSHARE" --map-auto -- /bin/sh -c 'cat /proc/self/uid_map /proc/self/gid_map | tr -s " "'
  is "$out:$rc" " 0 300000 65536"$'\n'" 0 400000 1000:0" "unprivileged --map-auto via newuidmap/newgidmap (subgid line by uid)"
  run as_t "$UNSHARE" -r --map-auto -- /bin/sh -c 'tr -s " " </proc/self/uid_map; id -u'
  is "$out" " 0 $tuid 1"$'\n'" 1 300000 65536"$'\n'"0" "-r --map-auto: the auto range starts after root and keeps all its ids (util-linux#4457)"
  run as_t "$UNSHARE" --map-subids -- /bin/sh -c 'tr -s " " </proc/self/uid_map'
  is "$out" " 300000 300000 65536" "--map-subids maps the range to itself"
  run as_t "$UNSHARE" --map-users=0:300000:10 -- /bin/sh -c 'tr -s " " </proc/self/uid_map'
  is "$out" " 0 300000 10" "unprivileged --map-users inside the subuid range"
  run as_t "$UNSHARE" --map-users=0:500000:10 -- /bin/sh -c 'echo RAN'
  like "$rc:$out:$err" "^1::newuidmap: .*not allowed" "outside the range: newuidmap's status becomes unshare's, the program never runs"
  run as_t env PATH=/nonexistent "$(type -P "$UNSHARE")" --map-auto -- /bin/true
  is "$rc" "127" "newuidmap not found: 127"
  run as_nobody "$UNSHARE" --map-auto -- true
  is "$rc:$err" "1:unshare: no line matching user \"nobody\" in /etc/subuid" "no subuid line for us"
  userdel "$tuser" >/dev/null 2>&1 || true
  # userdel drops the user's subid lines; put back exactly what was there in any case
  printf '%s\n' "$subuid_before" | sed '/^$/d' >/etc/subuid
  printf '%s\n' "$subgid_before" | sed '/^$/d' >/etc/subgid
  is "$(id "$tuser" 2>/dev/null || echo gone):$(cat /etc/subuid)" "gone:$subuid_before" "the test user is removed, /etc/subuid as before"
else
  skip "unprivileged subid maps" "no unprivileged user namespaces, newuidmap or useradd here"
fi

# ---- --init
zcheck='for (1..3) { my $c = fork; if (!$c) { fork or exit 0; exit 0 } waitpid($c, 0) }
my $want = shift; my $z = -1;
for (1..2000) { $z = 0; for my $f (glob "/proc/[0-9]*/stat") { open(my $h, "<", $f) or next; my $s = <$h>; $z++ if $s =~ /\) Z / }
  last if $z == $want; select(undef, undef, undef, 0.005) } print "$z\n"'
run "$UNSHARE" --init --mount-proc -- perl -e "$zcheck" 0
is "$out" "0" "--init reaps orphans: no zombie piles up"
run "$UNSHARE" --pid --fork --mount-proc -- perl -e "$zcheck" 3
is "$out" "3" "control: without --init the orphans of PID 1 stay zombies"
run "$UNSHARE" --init -- /bin/sh -c 'kill -TERM 1; exec sleep 30'
is "$rc" 143 "--init: SIGTERM to PID 1 reaches the program (which as PID 1 would ignore it)"
run "$UNSHARE" --pid --fork -- /bin/sh -c 'kill -TERM 1; echo survived'
is "$out" "survived" "control: without --init, PID 1 ignores SIGTERM"
fifo="$_tap_tmp/init.fifo"
mkfifo "$fifo"
fdfile0=$_tap_tmp/init-passed-on
: >"$fdfile0"
"$UNSHARE" --init --forward-signals --mount-proc -- /bin/sh -c 'trap "echo got TERM; exit 3" TERM; for f in /proc/1/fd/*; do [ "${f##*/}" -gt 2 ] && echo "${f##*/} $(readlink "$f")"; done >"$1.fds"; awk "/^Max open files/ { print \$4 }" /proc/1/limits >"$1.nofile"; echo ready >"$1"; sleep 30 & wait' sh "$fifo" >"$_tap_tmp/init.out" 2>&1 4<"$fdfile0" 7<"$fdfile0" &
ipid=$!
read -r _ <"$fifo"
# the outer unshare's pipes, while it waits: one of them is the read end of PID 1's reports
outer_pipes=$(for f in /proc/"$ipid"/fd/*; do readlink "$f"; done | grep '^pipe:' | sort -u | tr '\n' ' ')
kill -TERM "$ipid"
rc=0
wait "$ipid" || rc=$?
is "$(cat "$_tap_tmp/init.out"):$rc" "got TERM:3" "--init --forward-signals: kill -TERM <unshare> reaches the program through init"
# (under valgrind PID 1 is still valgrind's process, with valgrind's own fds: vg_filter_fds)
init_fds=$(vg_filter_fds "$(cat "$fifo.nofile")" <"$fifo.fds" | tr '\n' ' ')
like "$init_fds" '^3 pipe:\[[0-9]+\] ([0-9]+ anon_inode:\[(signalfd|pidfd)\] )+$' \
  "--init: PID 1 holds no fd of the caller (4, 7) beyond 0-2: its report pipe as fd 3, its signalfd and pidfd"
report_pipe=$(awk '$1 == 3 { print $2 }' "$fifo.fds")
ok "--init: PID 1's fd 3 is a pipe to the outer unshare (its reports), not one of the caller's" \
  grep -qwF -- "${report_pipe:-none}" <<<"$outer_pipes"
run "$UNSHARE" --init -- /bin/sh -c 'echo $$; exit 9'
is "$out:$rc" "2:9" "--init: the program is PID 2 and its status is unshare's"
run "$UNSHARE" --init -- /bin/sh -c 'kill -KILL $$'
is "$rc" 137 "--init: the program killed by KILL: the shell sees 128+9 (unshare dies by it, tests/integration/hygiene.sh)"

# ---- hardening: no fd of ours reaches the program; the caller's do
# fdlist OUT: "FD TARGET" for each fd the program has (tests/helpers/fdlist)
FDLIST=$NST_BUILDDIR/tests/helpers/fdlist
fdfile=$_tap_tmp/passed-on
: >"$fdfile"
run "$FDLIST" "$_tap_tmp/fds.want" 3<"$fdfile"
want_fds=$(cat "$_tap_tmp/fds.want")
like "$want_fds" $'(^|\n)3 '"$fdfile"'($|\n)' "control: the fd list shows the caller's fd 3"
: >"$_tap_tmp/fdnet"
for args in "-r --map-users=all" "--kill-child --forward-signals" "--init" "-m --net=$_tap_tmp/fdnet -T --boottime=1"; do
  rm -f "$_tap_tmp/fds.got"
  # shellcheck disable=SC2086
  run "$UNSHARE" $args -- "$FDLIST" "$_tap_tmp/fds.got" 3<"$fdfile"
  is "$rc:$(vg_filter_fds <"$_tap_tmp/fds.got")" "0:$want_fds" "fds: the program sees exactly the caller's fds (unshare $args)"
done
umount "$_tap_tmp/fdnet"
run "$UNSHARE" -- "$FDLIST" "$_tap_tmp/fds.got" 0<&-
if [[ $'\n'$(vg_fd_numbers <"$_tap_tmp/fds.got")$'\n' == *$'\n0\n'* ]]; then
  skip "fd 0 closed at start" "valgrind put its own log file on fd 0 before unshare started"
else
  is "$(grep '^0 ' "$_tap_tmp/fds.got")" "0 /dev/null" "fd 0 closed at start: the program gets /dev/null there, never one of our fds"
fi
if [ -c /dev/ptmx ] && command -v script >/dev/null; then
  run script -qec "$UNSHARE --pty -- /bin/sh -c 'tty; exit 4'" /dev/null
  like "$out" "/dev/pts/[0-9]+" "--pty: the program runs on a pseudo-terminal"
  run "$UNSHARE" --pty -- /bin/sh -c 'exit 5' </dev/null
  is "$rc" 5 "--pty: the exit status passes"
else
  skip "--pty" "no /dev/ptmx or script(1)"
fi

# ---- diagnostics
if command -v script >/dev/null; then
  run script -qec "$UNSHARE --pid -- true" /dev/null
  like "$out" "unshare: hint: --pid without --fork: the program's first child becomes PID 1" "--pid without --fork on a terminal: a warning"
fi
run "$UNSHARE" --pid -- true
is "$rc:$err" "0:" "--pid without --fork, stderr not a terminal: no warning"
if userns_works; then
  run as_nobody "$UNSHARE" -r -G 0 -- true
  is "$rc:$err" "1:unshare: setgroups failed: Operation not permitted"$'\n'"unshare: hint: setgroups is denied in this user namespace (by -r, -c or --map-group); map groups with --map-groups, or use --setgroups=allow" "setgroups failed: hint names the deny"
fi

if userns_works; then
  # an overmounted /proc, as in containers, in a private mount namespace of our own
  run "$UNSHARE" --mount -- /bin/sh -c 'mount -t tmpfs nst-test /proc/sys/fs && exec setpriv --reuid=65534 --regid=65534 --clear-groups -- "$1" -r --pid --fork --mount-proc true' sh "$UNSHARE"
  is "$rc:$err" "1:unshare: mount /proc failed: Operation not permitted"$'\n'"unshare: hint: the kernel refuses a new proc in a user namespace while parts of /proc are overmounted or /proc is read-only (as in many containers)" "/proc overmounted: the hint names the cause"
fi
# user.max_user_namespaces is per user namespace: lower it in one of our own to provoke ENOSPC
run "$UNSHARE" -r -- /bin/sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && exec "$1" --user true' sh "$UNSHARE"
is "$rc:$err" "1:unshare: unshare failed: No space left on device"$'\n'"unshare: hint: user namespaces are disabled by the sysctl user.max_user_namespaces=0 (raise it: sysctl -w user.max_user_namespaces=<n>)" "user namespaces disabled: the hint names the sysctl"
run "$UNSHARE" -r -- /bin/sh -c 'echo 1 >/proc/sys/user/max_user_namespaces && exec "$1" --user "$1" --user true' sh "$UNSHARE"
like "$err" "unshare failed: No space left on device"$'\n'"unshare: hint: the limit user.max_user_namespaces .* is reached$" "user namespace limit reached: the hint says so"
run env NSTOOLS_NO_HINTS=1 "$UNSHARE" -r -- /bin/sh -c 'echo 0 >/proc/sys/user/max_user_namespaces && exec "$1" --user true' sh "$UNSHARE"
is "$rc:$err" "1:unshare: unshare failed: No space left on device" "NSTOOLS_NO_HINTS: the error alone, same exit status"

# ---- differential: the options util-linux 2.38.1 also has behave as /usr/bin/unshare
if [ -x "$UNSHARE_REF" ] && "$UNSHARE_REF" --version | grep -F 'util-linux' >/dev/null; then
  # same_as_ref DESC ARGS...: exit status, stdout and stderr (program name aside) must match
  same_as_ref() {
    local desc=$1 o r e
    shift
    run "$UNSHARE" "$@"
    o=$out r=$rc e=${err//$UNSHARE/unshare}
    run "$UNSHARE_REF" "$@"
    is "$r|$o|$e" "$rc|$out|${err//$UNSHARE_REF/unshare}" "same as util-linux: $desc"
  }
  maps='cat /proc/self/uid_map /proc/self/gid_map /proc/self/setgroups 2>&1 | tr -s " "'
  same_as_ref "--fork exit code" --fork -- /bin/sh -c 'exit 3'
  same_as_ref "--fork child killed by TERM" --fork -- /bin/sh -c 'kill -TERM $$'
  same_as_ref "-r maps" -r -- /bin/sh -c "$maps"
  same_as_ref "-c maps" -c -- /bin/sh -c "$maps"
  same_as_ref "--map-user/--map-group" --map-user=5 --map-group=7 -- /bin/sh -c "$maps"
  same_as_ref "--setgroups deny" --user --setgroups=deny -- cat /proc/self/setgroups
  same_as_ref "--propagation slave" --mount --propagation slave -- findmnt -n -o PROPAGATION /
  same_as_ref "--propagation unchanged" --mount --propagation unchanged -- findmnt -n -o PROPAGATION /
  same_as_ref "--mount-proc with --pid --fork" --pid --fork --mount-proc -- /bin/sh -c 'echo $$; readlink /proc/self'
  same_as_ref "--time offsets" -T --monotonic=-100 --boottime=200 --fork -- cat /proc/self/timens_offsets
  same_as_ref "-R / -w /tmp" -R / -w /tmp -- pwd
  same_as_ref "-S -G" -S 65534 -G 65534 -- id
  same_as_ref "--kill-child=TERM" --kill-child=TERM -- /bin/sh -c 'echo ok'
  same_as_ref "--keep-caps" -r --keep-caps -- grep CapAmb /proc/self/status
  same_as_ref "namespaces created" --uts --ipc --net --cgroup --fork -- /bin/sh -c 'ip -o link | wc -l; ls /proc/self/ns | wc -l'
  same_as_ref "missing program" -- /nonexistent/prog
  same_as_ref "program not executable" -- "$noexec"
  same_as_ref "bad propagation" --mount --propagation=sideways -- true
  same_as_ref "bad --setgroups" --setgroups=maybe -- true
  same_as_ref "bad --kill-child" --kill-child=nosuchsig -- true
  same_as_ref "bad -S" -S abc -- true
  same_as_ref "--setgroups=allow with --map-group" --map-group=0 --setgroups=allow -- true
  run "$UNSHARE" --bogus
  r=$rc
  run "$UNSHARE_REF" --bogus
  is "$r" "$rc" "same as util-linux: unknown option, exit status"
  run "$UNSHARE" --map-users=1,2 -- true
  r=$rc
  run "$UNSHARE_REF" --map-users=1,2 -- true
  is "$r" "$rc" "same as util-linux: a bad mapping, exit status (2.42 reworded the message)"
  # deliberate differences, each a util-linux bug (REFERENCE.md §5): SIGKILL re-raise (#29),
  # -S/-G range (#16), --kill-child numbers (#24); and 2.38 ran newuidmap even as root where
  # 2.42 writes the maps itself. Tested above against the kernel instead.
else
  skip "differential tests" "/usr/bin/unshare is not util-linux"
fi

done_testing
