#!/usr/bin/env bash
# Incremental recalculation benchmark, rerunnable with one command:  src/bench/incremental-benchmark.sh
#
# The issue's "next month's delta": the benchmark dataset (ACCOUNTS x MONTHS, default 10,000 x 24)
# is split into a first load of all months but the last (every kind; MRR and usage before LAST_MONTH)
# and the next month's delta (accounts.csv again, plus LAST_MONTH's MRR and usage). Both are imported
# through the API into a fresh database, each timed from the upload to its recalculation done; the
# ratio delta / first load is the figure of docs/benchmarks.md. The app's own log lines give each
# recalculation's read, calculate and save times and whether it ran full or incremental.
#
# Shares the ports and database of bench-lib.sh; BENCH_PORT, BENCH_MANAGEMENT_PORT and BENCH_DB move
# them (e.g. when other benchmarks run on the same machine).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
RESULTS="$OUT/incremental-results.md"

generate "$DATA" "$USAGE_ROWS"
FIRST="$OUT/incremental-first" DELTA="$OUT/incremental-delta"
rm -rf "$FIRST" "$DELTA" && mkdir -p "$FIRST" "$DELTA"
for k in accounts surveys tickets activities opportunities; do cp "$DATA/$k.csv" "$FIRST/"; done
cp "$DATA/accounts.csv" "$DELTA/"
# mrr.csv: account_id,month,mrr; usage.csv: account_id,user_id,date,feature,events (no quoted commas)
awk -F, -v m="$LAST_MONTH" -v first="$FIRST/mrr.csv" -v delta="$DELTA/mrr.csv" \
  'NR == 1 { print > first; print > delta; next } { print > (substr($2, 1, 7) < m ? first : delta) }' "$DATA/mrr.csv"
awk -F, -v m="$LAST_MONTH" -v first="$FIRST/usage.csv" -v delta="$DELTA/usage.csv" \
  'NR == 1 { print > first; print > delta; next } { print > (substr($3, 1, 7) < m ? first : delta) }' "$DATA/usage.csv"
rows() { for f in "$1"/*.csv; do printf '%s %s · ' "$(basename "$f" .csv)" "$(($(wc -l <"$f") - 1))"; done; }
say "First load: $(rows "$FIRST")"
say "Delta: $(rows "$DELTA")"

ensure_keycloak
start_app
# imports the files of directory $1; sets T_IMPORT and T_END (upload request to its recalculation done)
timed_import() {
  local files=()
  for k in "${KINDS[@]}"; do [[ -f $1/$k.csv ]] && files+=("$1/$k.csv"); done
  checkpoint
  read -r STATUS T_IMPORT < <(api_import "${files[@]}")
  [[ $STATUS == 201 ]] || die "Import answered $STATUS: $(head -c 400 "$OUT/answer.json")"
  await_recalculated 0.1
}
# warm the JIT on the public sample, in the other demo tenant, so the first load is not the app's first request
AS_USER=ada timed_import src/test/resources/samples/small
say "Warm-up (the public sample into acme): upload to recalculation done $T_END s"
UPTIME_BEFORE=$(uptime)
timed_import "$FIRST"
T_FIRST_IMPORT=$T_IMPORT T_FIRST=$T_END
say "First load: API import $T_FIRST_IMPORT s, upload to recalculation done $T_FIRST s"
# the statistics refresh that follows a large import runs after its recalculation: let it finish
sleep 5
timed_import "$DELTA"
T_DELTA_IMPORT=$T_IMPORT T_DELTA=$T_END
say "Next month's delta: API import $T_DELTA_IMPORT s, upload to recalculation done $T_DELTA s"
UPTIME_AFTER=$(uptime)
# what keeping the last run in memory costs: the heap after a full GC, with the tenant's last run held
jcmd "$APP_PID" GC.run >/dev/null
HEAP_MB=$(jstat -gc "$APP_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { printf "%.0f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')
say "Heap used after a full GC, the last run held: $HEAP_MB MB"
RUNS=$(grep -a "Recalculated tenant" "$OUT/app.log" | tail -n 2 | sed 's/.*Recalculated tenant [^ ]* /| /; s/$/ |/')
stop_app
RATIO=$(awk -v a="$T_DELTA" -v b="$T_FIRST" 'BEGIN { printf "%.2f", a / b }')
cat >"$RESULTS" <<EOT
| measure | value |
|---|---|
| first load ($((MONTHS - 1)) months) | $(rows "$FIRST") |
| next month's delta | $(rows "$DELTA") |
| first load: API import / upload to recalculated | $T_FIRST_IMPORT s / $T_FIRST s |
| delta: API import / upload to recalculated | $T_DELTA_IMPORT s / $T_DELTA s |
| delta / first load, upload to recalculated | **$RATIO x** |
| heap used after a full GC, the tenant's last run held in memory | $HEAP_MB MB |
| load before / after | ${UPTIME_BEFORE#*load average: } / ${UPTIME_AFTER#*load average: } |

The two recalculations, from the app's log:

$RUNS
EOT
say "Written to $RESULTS"
cat "$RESULTS"
