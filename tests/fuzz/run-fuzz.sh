#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-fuzz.sh TARGET SEED_CORPUS WORKDIR: run one libFuzzer target for $NST_FUZZ_SECONDS
# (default 30) from the seeds, new inputs going to WORKDIR (never into the source tree).
# Exit 0 only if the fuzzer found nothing; the crash input is printed as hex for a unit test.
set -euo pipefail
target=$1 seeds=$2 work=$3
secs=${NST_FUZZ_SECONDS:-30}
[ -d "$seeds" ] || { echo "no seed corpus $seeds"; exit 1; }
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
rc=0
"$target" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$seeds" 2>"$work/log" || rc=$?
grep -E '^(stat::number_of_executed_units|stat::new_units_added|INFO: -max_total_time|#[0-9]+ *DONE)' "$work/log" || true
for f in "$work"/artifacts/*; do
  [ -e "$f" ] || continue
  echo "crash input $f:"
  od -An -c "$f" | head -n 20
  rc=1
done
if [ "$rc" != 0 ]; then
  tail -n 60 "$work/log"
  echo "fuzzer $(basename "$target") failed (exit $rc)"
  exit 1
fi
echo "$(basename "$target"): $(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log") executions in ${secs}s, no crash"
