#!/usr/bin/env bash
# Events intake benchmark (issue 18, docs/feeds.md): POSTs Segment batches of track events to a
# running Bellwether with an ingest key, and reports accepted events per second (target: 10,000/s on
# one instance), then how long the coalescing job takes to fold them into product_usage.
#
#   BW_URL=http://localhost:8080 INGEST_KEY=bwk_… src/bench/events-benchmark.sh [seconds]
#
# Needs wrk and curl; psql (optional) with BW_DB_URL to report when the events are applied. The
# key's organisation gets accounts BENCH-0001 … BENCH-0100 (group calls) before the run. Events carry
# no messageId, so every request adds its events (with ids, a repeated body would count once).
set -euo pipefail

URL=${BW_URL:-http://localhost:8080}
KEY=${INGEST_KEY:?set INGEST_KEY to an ingest key secret (Administration, Integrations)}
SECONDS_TO_RUN=${1:-${DURATION:-30}}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
BATCH=${BATCH:-1000}
ACCOUNTS=${BENCH_ACCOUNTS:-100}
OUT=${OUT:-target/bench}
mkdir -p "$OUT"
command -v wrk >/dev/null || { echo "wrk is required" >&2; exit 1; }

auth="Basic $(printf '%s:' "$KEY" | base64 | tr -d '\n')"

# The accounts the events name, created by group calls.
groups="$OUT/events-groups.json"
{
  printf '{"batch":['
  for ((a = 1; a <= ACCOUNTS; a++)); do
    ((a > 1)) && printf ','
    printf '{"type":"group","groupId":"BENCH-%04d","traits":{"name":"Bench %d","segment":"SMB"}}' "$a" "$a"
  done
  printf ']}'
} >"$groups"
curl -fsS -H "Authorization: $auth" -H 'Content-Type: application/json' --data-binary "@$groups" "$URL/api/v1/events"
echo

# One batch of $BATCH track events over the accounts, 20 users and 10 features, today.
body="$OUT/events-batch.json"
today=$(date -u +%Y-%m-%d)
{
  printf '{"batch":['
  for ((i = 0; i < BATCH; i++)); do
    ((i > 0)) && printf ','
    printf '{"type":"track","userId":"u%d","event":"Feature %d","context":{"groupId":"BENCH-%04d"},"timestamp":"%sT12:00:00Z"}' \
      $((i % 20)) $((i % 10)) $((i % ACCOUNTS + 1)) "$today"
  done
  printf ']}'
} >"$body"
size=$(wc -c <"$body")
if ((size > 500 * 1024)); then
  echo "A batch of $BATCH events is $size bytes, over the 500 KB limit: lower BATCH" >&2
  exit 1
fi

script="$OUT/events-wrk.lua"
cat >"$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$auth"
local f = io.open("$body", "rb"); wrk.body = f:read("*a"); f:close()
done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

echo "Sending batches of $BATCH events ($size bytes) for ${SECONDS_TO_RUN}s, $CONNECTIONS connections"
start=$(date +%s.%N)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --latency -s "$script" "$URL/api/v1/events" | tee "$OUT/events-wrk.txt"
end=$(date +%s.%N)
requests=$(awk '/requests in/ { print $1 }' "$OUT/events-wrk.txt")
errors=$(awk -F': ' '/non-2xx or errors/ { print $2 }' "$OUT/events-wrk.txt")
awk -v r="$requests" -v e="${errors:-0}" -v b="$BATCH" -v s="$start" -v t="$end" 'BEGIN {
  printf "accepted events: %d in %.1f s = %.0f events/s (target 10000)\n", (r - e) * b, t - s, (r - e) * b / (t - s) }'

if [[ -n ${BW_DB_URL:-} ]] && command -v psql >/dev/null; then
  echo "Waiting for the coalescing job to apply the staged events…"
  waited=$(date +%s)
  while [[ $(psql "$BW_DB_URL" -Atc "select count(*) from feed_event where applied_at is null") != 0 ]]; do
    sleep 1
  done
  echo "all staged events applied $(($(date +%s) - waited)) s after the last request"
fi
