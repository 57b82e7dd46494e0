#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lsns against fds that change under it: tests/helpers/fdflip keeps one fd number flipping
# between a net and a uts namespace (dup2 in a loop). NST_FDRACE_RUNS (default 100) runs of
# `lsns` and `lsns -p PID`: each ends within 30 s and every row's TYPE is the true type of its
# NS, as stat/readlink of the real namespace files tell. (Whether lsns finds namespaces through
# fds at all is not asked here: rows it prints must be right, and it must terminate.)
source "$(dirname "$0")/lib.sh"

FDFLIP=$NST_BUILDDIR/tests/helpers/fdflip
[ -x "$FDFLIP" ] || { echo "Bail out! $FDFLIP is not built"; exit 1; }
runs=${NST_FDRACE_RUNS:-100}

mkfifo "$_tap_tmp/flip.in" "$_tap_tmp/flip.out"
"$FDFLIP" 10 <"$_tap_tmp/flip.in" >"$_tap_tmp/flip.out" &
flip_bg=$!
exec {flip_w}>"$_tap_tmp/flip.in"
exec {flip_r}<"$_tap_tmp/flip.out"
read -r flip_pid flip_a flip_b <&"$flip_r" || true
like "$flip_a $flip_b" '^net:\[[0-9]+\] uts:\[[0-9]+\]$' "the flipping helper is running"

# The truth: type of every namespace inode of the helper and of ourselves, from the kernel.
truth=$_tap_tmp/truth
{
  for t in /proc/"$flip_pid"/ns/* /proc/$$/ns/*; do
    l=$(readlink "$t") || continue
    echo "${l%%:*} $(stat -L -c %i "$t")"
  done
  echo "${flip_a%%:*} $(echo "$flip_a" | tr -dc 0-9)"
  echo "${flip_b%%:*} $(echo "$flip_b" | tr -dc 0-9)"
} | sort -u >"$truth"

# check_rows FILE: rows "NS TYPE"; prints what is wrong ("" if nothing)
check_rows() {
  awk -v truth="$truth" '
    BEGIN { while ((getline l < truth) > 0) { split(l, f, " "); type[f[2]] = f[1] } }
    NF != 2 || $1 !~ /^[0-9]+$/ { print "malformed row: " $0; next }
    ($1 in type) && type[$1] != $2 { print "NS " $1 " listed as " $2 ", it is " type[$1] }
    ($1 in seen) && seen[$1] != $2 { print "NS " $1 " listed as " seen[$1] " and as " $2 }
    { seen[$1] = $2 }
  ' "$1"
}

# negative control: a wrong TYPE is caught
printf '%s uts\n' "$(echo "$flip_a" | tr -dc 0-9)" >"$_tap_tmp/wrong"
like "$(check_rows "$_tap_tmp/wrong")" "listed as uts, it is net" "control: a net namespace listed as uts is caught"

start=$SECONDS
for mode in all pid; do
  bad=0 first_bad="" slow=0
  for ((i = 0; i < runs; i++)); do
    args=(-r -n -o NS,TYPE)
    [ "$mode" = pid ] && args+=(-p "$flip_pid")
    rc=0
    timeout 30 "$LSNS" "${args[@]}" >"$_tap_tmp/rows" 2>"$_tap_tmp/err" || rc=$?
    if [ "$rc" = 124 ]; then
      slow=$((slow + 1))
      why="did not end within 30 s"
    elif [ "$rc" != 0 ]; then
      why="exit $rc: $(head -c 200 "$_tap_tmp/err")"
    else
      why=$(check_rows "$_tap_tmp/rows" | head -n 3)
    fi
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      [ -n "$first_bad" ] || first_bad="run $i: $why"
    fi
  done
  desc="lsns ${args[*]}: $runs runs ended in time with every TYPE right"
  is "$bad" 0 "$desc"
  [ -z "$first_bad" ] || diag "$bad bad runs ($slow too slow); first: $first_bad"
done
# the -p rows must include the helper's own namespaces, correctly typed
"$LSNS" -r -n -o NS,TYPE -p "$flip_pid" >"$_tap_tmp/rows"
like "$(cat "$_tap_tmp/rows")" "$(echo "$flip_a" | tr -dc 0-9) net" "lsns -p lists the helper's net namespace as net"
diag "$((2 * runs)) lsns runs in $((SECONDS - start))s"

exec {flip_w}>&-
wait "$flip_bg" || true
exec {flip_r}<&-
done_testing
