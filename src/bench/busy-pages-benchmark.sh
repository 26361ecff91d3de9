#!/usr/bin/env bash
# Pages during heavy work (issue 18, part 6):  src/bench/busy-pages-benchmark.sh
#
# One tenant (acme, $QUIET_ACCOUNTS accounts) is read at 20 connections: 10 on its executive
# dashboard and 10 on one account's page, two wrk runs side by side (latency.lua: anything but a
# 200 is an error). First with nothing else running (baseline), then while another tenant (globex)
# imports the benchmark dataset (10,000 accounts x 24 months) through the API and recalculates it,
# over and over until the window ends: the first round is a first load, the next ones re-upload the
# dataset and a copy of it with 1 % of each file's rows changed, in turn (the same files again would
# change nothing and ask for no recalculation): each writes the changed rows and recalculates nearly
# every account from the first month. Reports p50/p95/p99 of both windows, their ratio,
# and how much of the busy window the heavy work covered. Bar: p95 < 200 ms during the work.
#
#   BENCH_PORT=8095 BENCH_MANAGEMENT_PORT=9095 BENCH_DB=bellwether_h7_bench src/bench/busy-pages-benchmark.sh
# Keycloak's web client must accept sign-ins back to $BENCH_PORT (see tenants-benchmark.sh,
# allow_redirect). JAVA_OPTS passes extra JVM options to the app (e.g. -Dbellwether....). RENICE_BULK=1 runs
# the probe renice-bulk-backends.sh through the busy window (root, the database on this machine): the
# PostgreSQL backends of long statements at nice 19, to tell whether their CPU share is what the pages pay.
set -euo pipefail
BENCH_PORT=${BENCH_PORT:-8081}
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
require_tools wrk python3
QUIET_ACCOUNTS=${QUIET_ACCOUNTS:-1000}
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-20}
QUIET_DATA="$OUT/data-${QUIET_ACCOUNTS}x${MONTHS}"
RESULTS="$OUT/busy-pages-results.md"

generate "$DATA" "$USAGE_ROWS"
CHANGED="$DATA-changed-1pct"
make_changed_copy
(ACCOUNTS=$QUIET_ACCOUNTS; generate "$QUIET_DATA" "$USAGE_ROWS")
ensure_keycloak
allow_redirect "$APP_PORT"
# shellcheck disable=SC2086
start_app ${JAVA_OPTS:-}

# acme: the tenant whose pages are read
AS_USER=ada
files=()
for k in "${KINDS[@]}"; do files+=("$QUIET_DATA/$k.csv"); done
read -r status t < <(api_import "${files[@]}")
[[ $status == 201 ]] || die "acme's import answered $status: $(head -c 400 "$OUT/answer.json")"
await_idle
ACCOUNT=$(sed -n '2s/,.*//p' "$QUIET_DATA/accounts.csv")
USER_NAME=ada
cookie=$(sign_in)
[[ -n $cookie ]] || die "Sign-in as ada gave no session cookie"
for path in /executive "/accounts/$ACCOUNT"; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://localhost:$APP_PORT$path")
  [[ $code == 200 ]] || die "$path answered $code"
  wrk -t1 -c$((CONNECTIONS / 2)) -d5s -H "Cookie: $cookie" "http://localhost:$APP_PORT$path" >/dev/null
done

window() { # label: both pages at once for DURATION seconds
  local executive account
  wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" --timeout 10s -s src/bench/latency.lua -H "Cookie: $cookie" \
    "http://localhost:$APP_PORT/executive" | grep '^RESULT' | sed "s/^/$1 executive /" >>"$OUT/busy-pages.txt" &
  executive=$!
  wrk -t1 -c$((CONNECTIONS / 2)) -d"${DURATION}s" --timeout 10s -s src/bench/latency.lua -H "Cookie: $cookie" \
    "http://localhost:$APP_PORT/accounts/$ACCOUNT" | grep '^RESULT' | sed "s/^/$1 account /" >>"$OUT/busy-pages.txt" &
  account=$!
  wait "$executive" "$account" # not a plain wait: the app runs in the background too
}

: >"$OUT/busy-pages.txt"
echo "baseline $(uptime)" >"$OUT/busy-uptime.txt"
say "Baseline: acme's pages, nothing else running (${DURATION} s)"
window quiet

heavy() { # globex: import and recalculate until the flag file goes
  AS_USER=gus
  local round=0 t0
  while [[ -f $OUT/busy.flag ]]; do
    round=$((round + 1))
    t0=$(now)
    if ((round % 2 == 0)); then import_dataset "$CHANGED"; else import_dataset; fi
    await_idle
    echo "round $round: import $T_IMPORT s, import to recalculated $(seconds "$t0" "$(now)") s, ended $(now)" >>"$OUT/busy-heavy.txt"
  done
}
: >"$OUT/busy-heavy.txt"
touch "$OUT/busy.flag"
echo "busy $(uptime)" >>"$OUT/busy-uptime.txt"
say "Busy: the same while globex imports $ACCOUNTS accounts and recalculates, round after round"
w0=$(now)
heavy &
heavy_pid=$!
: >"$OUT/busy-renice.txt"
if [[ ${RENICE_BULK:-} == 1 ]]; then
  src/bench/renice-bulk-backends.sh "$BENCH_DB" "$OUT/busy.flag" "$OUT/busy-renice.txt" &
fi
window busy
w1=$(now)
rm -f "$OUT/busy.flag"
wait "$heavy_pid" || die "The heavy work failed (see $OUT/app.log)"
echo "end $(uptime)" >>"$OUT/busy-uptime.txt"
stop_app

{
  echo "| page | quiet p50 / p95 / p99 ms | busy p50 / p95 / p99 ms | busy p95 / quiet p95 | errors (busy) |"
  echo "|---|---|---|---|---|"
  for p in executive account; do
    awk -v p="$p" '$2 == p { for (i = 4; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = kv[2] } }
      END { printf "| %s | %s / %s / %s | %s / %s / %s | %.2f | %d |\n", p, v["quiet", "p50"], v["quiet", "p95"], v["quiet", "p99"],
        v["busy", "p50"], v["busy", "p95"], v["busy", "p99"], v["busy", "p95"] / v["quiet", "p95"], v["busy", "non200"] + v["busy", "socket"] }' \
      "$OUT/busy-pages.txt"
  done
  echo
  echo "Busy window $(seconds "$w0" "$w1") s; globex's rounds (the last may run past the window):"
  echo '```'
  cat "$OUT/busy-heavy.txt"
  echo
  cat "$OUT/busy-uptime.txt" "$OUT/busy-renice.txt"
  echo '```'
} >"$RESULTS"
say "Results (also in $RESULTS):"
cat "$RESULTS"
