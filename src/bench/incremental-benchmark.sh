#!/usr/bin/env bash
# Incremental recalculation benchmark, rerunnable with one command:  src/bench/incremental-benchmark.sh
#
# The issue's "next month's delta": the benchmark dataset (ACCOUNTS x MONTHS, default 10,000 x 24)
# is split into a first load of all months but the last (every kind; MRR and usage before LAST_MONTH)
# and the next month's delta (accounts.csv again, plus LAST_MONTH's MRR and usage). Both are imported
# through the API into a fresh database, each timed from the upload to its recalculation done, in
# rounds: into globex as the app's first requests (cold), then into acme on the same app (warm, as a
# long-running server runs them), then WARM_ROUNDS - 1 more warm rounds (default 2), each into a tenant
# of its own created for it (inc2, inc3, …: create_tenant in bench-lib.sh). The ratios delta / first
# load, the cold one, acme's and the warm rounds' median, are the figures of docs/benchmarks.md. The
# app's own log lines give each recalculation's read, calculate and save times and whether it ran full
# or incremental. Then FEED_ROUNDS (default 3) events feed rounds into acme: 1,000 track events over 100
# accounts through POST /api/v1/events, each recalculated before the next (the rounds' split from the log).
#
# Then the delta's floor on this layout: the import's own steps (the app's log: the files into
# staging, comparing, inserting) plus what PostgreSQL alone takes to read what the new month's
# windows look at and to write the new month's rows (delta-floor.sql, statement by statement as the
# app's role, the least of two passes), against acme's first load.
#
# Shares the ports and database of bench-lib.sh; BENCH_PORT, BENCH_MANAGEMENT_PORT and BENCH_DB move
# them (e.g. when other benchmarks run on the same machine).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
require_tools jq # its warm rounds create tenants through the admin API (create_tenant)
RESULTS="$OUT/incremental-results.md"
WARM_ROUNDS=${WARM_ROUNDS:-3} # warm rounds: acme, then inc2, inc3, … (tenants of their own, created here)

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
# the feed rounds below are applied at the app's next poll (every 5 s) once this many seconds have passed
BW_FEEDS_COALESCE_SECONDS=${FEED_COALESCE_SECONDS:-5} start_app
# imports the files of directory $1; sets T_IMPORT and T_END (upload request to its recalculation done)
timed_import() {
  local files=()
  for k in "${KINDS[@]}"; do [[ -f $1/$k.csv ]] && files+=("$1/$k.csv"); done
  checkpoint
  read -r STATUS T_IMPORT < <(api_import "${files[@]}")
  [[ $STATUS == 201 ]] || die "Import answered $STATUS: $(head -c 400 "$OUT/answer.json")"
  await_recalculated 0.1
}
# One round: the first load, then the delta, into the tenant $AS_USER administers. Sets ROUND_* and
# appends the round's two recalculations (from the app's log) to RUNS.
RUNS=""
round() {
  timed_import "$FIRST"
  ROUND_FIRST_IMPORT=$T_IMPORT ROUND_FIRST=$T_END
  say "$1: first load: API import $ROUND_FIRST_IMPORT s, upload to recalculation done $ROUND_FIRST s"
  # the statistics refresh that follows a large import runs after its recalculation: let it finish
  sleep 5
  timed_import "$DELTA"
  ROUND_DELTA_IMPORT=$T_IMPORT ROUND_DELTA=$T_END
  say "$1: next month's delta: API import $ROUND_DELTA_IMPORT s, upload to recalculation done $ROUND_DELTA s"
  ROUND_RATIO=$(awk -v a="$ROUND_DELTA" -v b="$ROUND_FIRST" 'BEGIN { printf "%.2f", a / b }')
  RUNS+="$(grep -a "Recalculated tenant" "$OUT/app.log" | tail -n 2 | sed "s/.*Recalculated tenant [^ ]* /| $1 | /; s/\$/ |/")
"
  sleep 5
}
UPTIME_BEFORE=$(uptime)
# the cold round: the app's very first requests, into globex
round cold
COLD_FIRST_IMPORT=$ROUND_FIRST_IMPORT COLD_FIRST=$ROUND_FIRST COLD_DELTA_IMPORT=$ROUND_DELTA_IMPORT
COLD_DELTA=$ROUND_DELTA COLD_RATIO=$ROUND_RATIO
# the warm round: the same into acme, on an app that has done it once, as a long-running server runs
# (import-benchmark.sh compares its re-uploads with a warm first load too)
AS_USER=ada round warm
ACME_FIRST=$ROUND_FIRST ACME_FIRST_IMPORT=$ROUND_FIRST_IMPORT ACME_DELTA=$ROUND_DELTA
ACME_DELTA_IMPORT=$ROUND_DELTA_IMPORT
WARM=("acme $ROUND_FIRST $ROUND_DELTA $ROUND_RATIO")
# more warm rounds, each into a tenant of its own (inc2, inc3, …): one round's ratio moves by a third
# from run to run on a shared machine, their median less
for ((i = 2; i <= WARM_ROUNDS; i++)); do
  create_tenant "inc$i" "$(kc_admin_token)"
  AS_USER="bench-inc$i" round "warm $i"
  WARM+=("inc$i $ROUND_FIRST $ROUND_DELTA $ROUND_RATIO")
done
WARM_MEDIAN=$(printf '%s\n' "${WARM[@]}" | awk '{ print $4 }' | sort -n |
  awk '{ r[NR] = $1 } END { printf "%.2f", NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2 }')
WARM_TABLE=$(printf '%s\n' "${WARM[@]}" | awk '{ printf "| %s | %s s | %s s | %s x |\n", $1, $2, $3, $4 }')
say "Warm rounds' median delta / first load: $WARM_MEDIAN x"
# Feed rounds: what the events feed's recalculation costs at 10,000 accounts. FEED_ROUNDS (default 3)
# batches of 1,000 track events of known features over 100 of acme's accounts, dated in its reporting month (the delta's
# last day), through POST /api/v1/events with an ingest key made for it; each is applied at the app's
# next poll and recalculated incrementally (only those accounts, from that month) before the next is
# sent. The rounds' read/calculate/save come from the app's log.
FEED_ROUNDS=${FEED_ROUNDS:-3}
FEED_RUNS=""
FEED_SECTION="No events feed rounds (FEED_ROUNDS=0)."
if ((FEED_ROUNDS > 0)); then
  FEED_KEY=$(curl -fsS -H "Authorization: Bearer $(token_for ada)" -H 'Content-Type: application/json' \
    -d '{"name":"incremental benchmark"}' "http://localhost:$APP_PORT/api/v1/admin/ingest-keys" |
    sed -n 's/.*"secret":"\([^"]*\)".*/\1/p')
  [[ -n $FEED_KEY ]] || die "Could not create an ingest key for acme"
  FEED_DAY=$("${PSQL[@]}" -d "$BENCH_DB" -Atc "select max(day) from product_usage where tenant_id = 'acme'")
  FEED_BODY="$OUT/incremental-feed.json"
  # features the tenant already uses, as a product's events name the same features day after day (a new
  # one would move every account's feature adoption, and so every account's snapshot)
  FEED_FEATURES=(reports dashboards api alerts exports)
  for ((r = 1; r <= FEED_ROUNDS; r++)); do
    {
      printf '{"batch":['
      for ((i = 0; i < 1000; i++)); do
        ((i > 0)) && printf ','
        printf '{"type":"track","userId":"feed-u%d","event":"%s","context":{"groupId":"ACC-%05d"},"timestamp":"%sT12:00:00Z"}' \
          $((i % 20)) "${FEED_FEATURES[i % 5]}" $((i % 100 + 1)) "$FEED_DAY"
      done
      printf ']}'
    } >"$FEED_BODY"
    runs_before=$(grep -ac "Recalculated tenant acme " "$OUT/app.log")
    answer=$(curl -fsS -u "$FEED_KEY:" -H 'Content-Type: application/json' --data-binary "@$FEED_BODY" \
      "http://localhost:$APP_PORT/api/v1/events")
    [[ $answer == *'"accepted":1000'* ]] || die "The feed round's batch answered $answer"
    for _ in $(seq 1 600); do
      (($(grep -ac "Recalculated tenant acme " "$OUT/app.log") > runs_before)) && break
      sleep 0.1
    done
    FEED_RUNS+="$(grep -a "Recalculated tenant acme " "$OUT/app.log" | tail -n 1 |
      sed "s/.*Recalculated tenant [^ ]* /| feed round $r | /; s/\$/ |/")
"
    say "Feed round $r: $(grep -a "Recalculated tenant acme " "$OUT/app.log" | tail -n 1 | sed 's/.*): //')"
    sleep "${FEED_COALESCE_SECONDS:-5}"
  done
  FEED_SECTION="The events feed's rounds into acme after its delta (1,000 track events over 100 accounts, dated
$FEED_DAY), from the app's log:

$FEED_RUNS"
fi
UPTIME_AFTER=$(uptime)
# what keeping the last runs in memory costs: the heap after a full GC, with every round's tenant's last run held
jcmd "$APP_PID" GC.run >/dev/null
HEAP_MB=$(jstat -gc "$APP_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  { printf "%.0f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }')
say "Heap used after a full GC, the last runs of $((WARM_ROUNDS + 1)) tenants held: $HEAP_MB MB"
stop_app
# the floor: the warm delta's import steps from the app's log, the database's reads and writes from psql
# its steps: "Reading <file> 0.13 s" (parsed, checked, copied into staging), then "Comparing accounts 0.07 s",
# "Inserting usage 0.72 s" (statements from staging into the tables)
import_steps() { grep -a "Import .* of tenant acme applied" "$OUT/app.log" | tail -n 1 | sed 's/.*applied: //' |
  tr ',' '\n' | grep -E "^ *$1 " | grep -oE '[0-9.]+ s$' | awk '{ t += $1 } END { printf "%.2f", t }'; }
IMPORT_STAGING=$(import_steps Reading)
IMPORT_WRITING=$(import_steps '(Comparing|Inserting|Writing|Updating)')
declare -A FLOOR=()
for pass in 1 2; do
  while read -r key ms; do
    if [[ -z ${FLOOR[$key]:-} ]] || awk -v a="$ms" -v b="${FLOOR[$key]}" 'BEGIN { exit !(a < b) }'; then
      FLOOR[$key]=$ms
    fi
  done < <("${PSQL[@]}" -d "$BENCH_DB" -v tenant=acme -v month="$LAST_MONTH-01" -f src/bench/delta-floor.sql |
    awk '/^step: / { key = $2; next } /^Time: / && key { print key, $2; key = "" }')
done
floor_sum() { local t=0 k; for k in "$@"; do t=$(awk -v a="$t" -v b="${FLOOR[$k]}" 'BEGIN { print a + b / 1000 }'); done
  printf '%.2f' "$t"; }
FLOOR_READ=$(floor_sum read-months read-accounts read-mrr read-usage-30 read-surveys read-tickets read-activities \
  read-opportunities)
FLOOR_SAVE=$(floor_sum save-accounts save-history save-metrics)
FLOOR_SQL=$(awk -v a="$IMPORT_WRITING" -v b="$FLOOR_READ" -v c="$FLOOR_SAVE" 'BEGIN { printf "%.2f", a + b + c }')
FLOOR_TOTAL=$(awk -v a="$IMPORT_STAGING" -v b="$FLOOR_SQL" 'BEGIN { printf "%.2f", a + b }')
FLOOR_SQL_RATIO=$(awk -v a="$FLOOR_SQL" -v b="$ACME_FIRST" 'BEGIN { printf "%.3f", a / b }')
FLOOR_RATIO=$(awk -v a="$FLOOR_TOTAL" -v b="$ACME_FIRST" 'BEGIN { printf "%.3f", a / b }')
FLOOR_STEPS=$(for k in "${!FLOOR[@]}"; do echo "$k ${FLOOR[$k]} ms"; done | sort | paste -sd ';' | sed 's/;/ · /g')
say "The delta's floor: $FLOOR_TOTAL s, $FLOOR_RATIO x the warm first load"
cat >"$RESULTS" <<EOT
| measure | cold round (globex) | warm round (acme) |
|---|---|---|
| first load: API import / upload to recalculated | $COLD_FIRST_IMPORT s / $COLD_FIRST s | $ACME_FIRST_IMPORT s / $ACME_FIRST s |
| delta: API import / upload to recalculated | $COLD_DELTA_IMPORT s / $COLD_DELTA s | $ACME_DELTA_IMPORT s / $ACME_DELTA s |
| delta / first load, upload to recalculated | **$COLD_RATIO x** | **${WARM[0]##* } x** |

The warm rounds (acme, then a tenant of its own each), upload to recalculated; **median delta / first
load: $WARM_MEDIAN x**:

| tenant | first load | delta | delta / first load |
|---|---|---|---|
$WARM_TABLE

- first load ($((MONTHS - 1)) months): $(rows "$FIRST")
- next month's delta: $(rows "$DELTA")
- heap used after a full GC, the last runs of $((WARM_ROUNDS + 1)) tenants of 10,000 accounts held in memory: $HEAP_MB MB
- load before / after: ${UPTIME_BEFORE#*load average: } / ${UPTIME_AFTER#*load average: }

The recalculations of the rounds, from the app's log:

$RUNS

$FEED_SECTION

The warm delta's floor on this layout (the database's own work, without the app's):

| part | seconds |
|---|---|
| the import: the files parsed, checked and copied into staging (the app's log) | $IMPORT_STAGING |
| the import: comparing and inserting, statements from staging (the app's log) | $IMPORT_WRITING |
| the read in psql (months, accounts, MRR, the new month's usage, answers, tickets, activities, opportunities) | $FLOOR_READ |
| the save in psql, server-side (account snapshots, the history's new month, the tenant figures) | $FLOOR_SAVE |
| **the SQL statements alone, / the warm first load ($ACME_FIRST s)** | **$FLOOR_SQL s, $FLOOR_SQL_RATIO x** |
| **with the files' staging** | **$FLOOR_TOTAL s, $FLOOR_RATIO x** |

Each statement (least of two passes): $FLOOR_STEPS
EOT
say "Written to $RESULTS"
cat "$RESULTS"
