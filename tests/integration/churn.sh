#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# lsns under churn: while tests/helpers/churn makes and kills thousands of processes and
# namespaces, runs of lsns, lsns -J and lsns -t net all exit 0, print well-formed output and
# never list a namespace twice. NST_CHURN_RUNS (default 200) runs of each, within
# NST_CHURN_BUDGET seconds (default 300; what the budget cuts is reported as skipped).
source "$(dirname "$0")/lib.sh"

CHURN=$NST_BUILDDIR/tests/helpers/churn
[ -x "$CHURN" ] || { echo "Bail out! $CHURN is not built"; exit 1; }
runs=${NST_CHURN_RUNS:-200}
budget=${NST_CHURN_BUDGET:-300}

# check_output MODE FILE: "" if FILE is good lsns output for MODE, else what is wrong
check_output() {
  python3 - "$1" "$2" <<'PY'
import collections, json, sys
mode, path = sys.argv[1], sys.argv[2]
text = open(path).read()
keys = []
try:
    if mode == "json":
        rows = json.loads(text)["namespaces"]
        # a tree nests rows under "children"; flatten it
        stack = list(rows)
        while stack:
            r = stack.pop()
            stack.extend(r.get("children", []))
            keys.append((r["type"], int(r["ns"])))
    else:
        lines = text.splitlines()
        head = lines[0].split()
        assert head[:2] == ["NS", "TYPE"], "header %r" % lines[0]
        for line in lines[1:]:
            f = line.split()
            assert f[0].isdigit(), "row %r" % line
            if mode == "net":
                assert f[1] == "net", "a %s row in lsns -t net" % f[1]
            keys.append((f[1], int(f[0])))
except Exception as e:
    print("malformed: %s" % e)
    sys.exit(0)
dups = sorted(k for k, n in collections.Counter(keys).items() if n > 1)
if not keys:
    print("no namespace listed")
elif dups:
    print("listed twice: %s" % dups[:5])
PY
}

# negative controls: the checker rejects a duplicate and malformed JSON
printf '        NS TYPE NPROCS\n4026531840 net 1\n4026531840 net 2\n' >"$_tap_tmp/dup"
like "$(check_output plain "$_tap_tmp/dup")" "listed twice" "control: a namespace listed twice is caught"
printf '{"namespaces": [' >"$_tap_tmp/bad.json"
like "$(check_output json "$_tap_tmp/bad.json")" "malformed" "control: truncated JSON is caught"

# fifos both ways: "ready" is read as it comes (no sleeping), EOF on stdin stops the helper
mkfifo "$_tap_tmp/churn.in" "$_tap_tmp/churn.out"
"$CHURN" <"$_tap_tmp/churn.in" >"$_tap_tmp/churn.out" &
churn_pid=$!
exec {churn_w}>"$_tap_tmp/churn.in"
exec {churn_r}<"$_tap_tmp/churn.out"
read -r first <&"$churn_r" || true
is "$first" "ready" "the churn helper is running"

start=$SECONDS
declare -A done_runs=([plain]=0 [json]=0 [net]=0) bad_runs=([plain]=0 [json]=0 [net]=0)
declare -A args=([plain]="" [json]="-J" [net]="-t net")
first_bad=""
for ((i = 0; i < runs; i++)); do
  if ((SECONDS - start > budget)); then
    break
  fi
  for mode in plain json net; do
    rc=0
    # shellcheck disable=SC2086 # args are words
    timeout 60 "$LSNS" ${args[$mode]} >"$_tap_tmp/out.$mode" 2>"$_tap_tmp/err.$mode" || rc=$?
    why=""
    [ "$rc" = 0 ] || why="exit $rc: $(head -c 300 "$_tap_tmp/err.$mode")"
    [ -n "$why" ] || why=$(check_output "$mode" "$_tap_tmp/out.$mode")
    [ -s "$_tap_tmp/err.$mode" ] && [ -z "$why" ] && why="stderr: $(head -c 300 "$_tap_tmp/err.$mode")"
    done_runs[$mode]=$((done_runs[$mode] + 1))
    if [ -n "$why" ]; then
      bad_runs[$mode]=$((bad_runs[$mode] + 1))
      [ -n "$first_bad" ] || first_bad="lsns ${args[$mode]} (run $i): $why"
    fi
  done
done

exec {churn_w}>&-
read -r stats <&"$churn_r" || true
wait "$churn_pid" || true
exec {churn_r}<&-
diag "churn helper: $stats; lsns runs: ${done_runs[plain]} + ${done_runs[json]} + ${done_runs[net]} in $((SECONDS - start))s"

for mode in plain json net; do
  desc="lsns ${args[$mode]}: ${done_runs[$mode]} runs under churn, each exit 0, well-formed, no namespace twice"
  if [ "${done_runs[$mode]}" -lt "$runs" ]; then
    skip "$desc" "time budget of ${budget}s ran out after ${done_runs[$mode]} of $runs runs"
  fi
  is "${bad_runs[$mode]}" 0 "$desc"
done
[ -z "$first_bad" ] || diag "first failure: $first_bad"
like "$stats" "^processes [0-9]{3,} namespaces [0-9]{3,}$" "the helper made hundreds of processes and namespaces meanwhile"
done_testing
