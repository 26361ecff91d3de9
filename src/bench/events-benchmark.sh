#!/usr/bin/env bash
# Events intake benchmark (issue 18, docs/feeds.md):  src/bench/events-benchmark.sh [seconds]
#
# 1. Starts the packaged app on a fresh database ($BENCH_DB, as the other benchmarks), reusing Keycloak on
#    8180 or starting it as they do, and creates an ingest key for globex through the admin API as gus.
# 2. Sends group calls for accounts BENCH-0001 … BENCH-$BENCH_ACCOUNTS and waits until they are applied
#    (a track call for an account not known yet is rejected).
# 3. POSTs one Segment batch of $BATCH track events over and over with wrk ($CONNECTIONS connections)
#    for the given seconds, while a probe asks for a page every half second (the executive page when
#    PAGE_PROBE=web and the web client accepts sign-ins on this port; by default GET
#    /api/v1/recalculation with a bearer token, which goes through the same HTTP workers and database
#    pool). Reports accepted events per second (target: 10,000/s on this 2-core machine) and the
#    probe's p50/p95/max.
# 4. Times how long after the last request the events are applied (no event left unapplied in
#    staging) and the tenant's recalculation is done, and checks one account's usage for today in
#    product_usage against what was sent: events visible in its figures within one coalescing period
#    ($COALESCE_SECONDS, the app's BW_FEEDS_COALESCE_SECONDS, default 30).
#
# Events carry no messageId, so every request adds its events (with ids, a repeated body would count once).
# Against an app that already runs: BW_URL=http://localhost:8080 INGEST_KEY=bwk_… (steps 2-3 only).
set -euo pipefail
SECONDS_TO_RUN=${1:-${DURATION:-30}}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
BATCH=${BATCH:-1000}
BENCH_ACCOUNTS=${BENCH_ACCOUNTS:-100}
COALESCE_SECONDS=${COALESCE_SECONDS:-30}
if [[ -n ${INGEST_KEY:-} ]]; then
  URL=${BW_URL:-http://localhost:8080}
  OUT=${OUT:-target/bench}
  say() { echo "[bench] $*"; }
  now() { date +%s.%N; }
  seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
  die() { echo "[bench] $*" >&2; exit 1; }
  mkdir -p "$OUT"
  KEY=$INGEST_KEY
  OWN_APP=""
else
  source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
  require_tools wrk jq
  ensure_keycloak # the ingest key is created through the admin API, as an admin signed in
  BW_FEEDS_COALESCE_SECONDS=$COALESCE_SECONDS start_app
  URL="http://localhost:$APP_PORT"
  KEY=$(curl -fsS -H "Authorization: Bearer $(token_for gus)" -H 'Content-Type: application/json' \
    -d '{"name":"events benchmark"}' "$URL/api/v1/admin/ingest-keys" | jq -r .secret)
  [[ -n $KEY && $KEY != null ]] || die "Could not create an ingest key"
  OWN_APP=1
fi
command -v wrk >/dev/null || die "wrk is required"
auth="Basic $(printf '%s:' "$KEY" | base64 | tr -d '\n')"
echo "start $(uptime)" >"$OUT/events-uptime.txt"

# The accounts the events name, created by group calls.
groups="$OUT/events-groups.json"
{
  printf '{"batch":['
  for ((a = 1; a <= BENCH_ACCOUNTS; a++)); do
    ((a > 1)) && printf ','
    printf '{"type":"group","groupId":"BENCH-%04d","traits":{"name":"Bench %d","segment":"SMB"}}' "$a" "$a"
  done
  printf ']}'
} >"$groups"
curl -fsS -H "Authorization: $auth" -H 'Content-Type: application/json' --data-binary "@$groups" "$URL/api/v1/events"
echo
if [[ -n $OWN_APP ]]; then
  say "Waiting for the group calls to be applied"
  for _ in $(seq 1 600); do
    [[ $("${PSQL[@]}" -d "$BENCH_DB" -Atc "select count(*) from account where tenant_id = 'globex' and account_id like 'BENCH-%'") == "$BENCH_ACCOUNTS" ]] && break
    sleep 0.5
  done
  AS_USER=gus await_idle
fi

# One batch of $BATCH track events over the accounts, 20 users and 10 features, today.
body="$OUT/events-batch.json"
today=$(date -u +%Y-%m-%d)
{
  printf '{"batch":['
  for ((i = 0; i < BATCH; i++)); do
    ((i > 0)) && printf ','
    printf '{"type":"track","userId":"u%d","event":"Feature %d","context":{"groupId":"BENCH-%04d"},"timestamp":"%sT12:00:00Z"}' \
      $((i % 20)) $((i % 10)) $((i % BENCH_ACCOUNTS + 1)) "$today"
  done
  printf ']}'
} >"$body"
size=$(wc -c <"$body")
if ((size > 500 * 1024)); then
  die "A batch of $BATCH events is $size bytes, over the 500 KB limit: lower BATCH"
fi
check=$(curl -sS -o "$OUT/events-answer.json" -w '%{http_code}' -H "Authorization: $auth" -H 'Content-Type: application/json' \
  --data-binary "@$body" "$URL/api/v1/events")
[[ $check == 200 ]] || die "A batch answered $check: $(head -c 400 "$OUT/events-answer.json")"
say "Answer to one batch: $(head -c 200 "$OUT/events-answer.json")"

script="$OUT/events-wrk.lua"
cat >"$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$auth"
local f = io.open("$body", "rb"); wrk.body = f:read("*a"); f:close()
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
done = function(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("not_ok") end
  io.write(string.format("non-2xx or errors: %d\n", bad + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

probe() { # a page every half second while the flag file exists: "<status> <seconds>" lines
  local headers=()
  if [[ ${PAGE_PROBE:-api} == web ]]; then
    USER_NAME=gus
    headers=(-H "Cookie: $(sign_in)")
    path=/executive
  else
    headers=(-H "Authorization: Bearer $(token_for gus)")
    path=/api/v1/recalculation
  fi
  while [[ -f $OUT/events.flag ]]; do
    curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 10 "${headers[@]}" "$URL$path" || echo "000 10"
    sleep 0.5
  done >"$OUT/events-probe.txt"
}

echo "load $(uptime)" >>"$OUT/events-uptime.txt"
say "Sending batches of $BATCH events ($size bytes) for ${SECONDS_TO_RUN}s, $CONNECTIONS connections"
touch "$OUT/events.flag"
if [[ -n $OWN_APP ]]; then probe & probe_pid=$!; fi
start=$(now)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_TO_RUN}s" --timeout 10s --latency -s "$script" "$URL/api/v1/events" | tee "$OUT/events-wrk.txt"
end=$(date +%s.%N)
rm -f "$OUT/events.flag"
[[ -n ${probe_pid:-} ]] && wait "$probe_pid"
requests=$(awk '/requests in/ { print $1 }' "$OUT/events-wrk.txt")
errors=$(awk -F': ' '/non-2xx or errors/ { print $2 }' "$OUT/events-wrk.txt")
accepted=$(((requests - ${errors:-0}) * BATCH))
rate=$(awk -v a="$accepted" -v s="$start" -v t="$end" 'BEGIN { printf "%.0f", a / (t - s) }')
say "accepted events: $accepted in $(seconds "$start" "$end") s = $rate events/s (target 10000); failed requests: ${errors:-0}"
if [[ -s $OUT/events-probe.txt ]]; then
  probe_line=$(sort -k2 -n "$OUT/events-probe.txt" | awk '{ a[NR] = $2 * 1000; if ($1 != 200) bad++ }
    END { printf "%d probes, p50 %.0f ms, p95 %.0f ms, max %.0f ms, not 200: %d", NR, a[int(NR * 0.5) + 1], a[int(NR * 0.95) + 1], a[NR], bad }')
  say "page probe during the load: $probe_line"
fi

if [[ -n $OWN_APP ]]; then
  echo "drain $(uptime)" >>"$OUT/events-uptime.txt"
  say "Waiting for the coalescing job to apply the staged events and recalculate"
  t0=$(now)
  until [[ $("${PSQL[@]}" -d "$BENCH_DB" -Atc "select count(*) from feed_event where tenant_id = 'globex' and applied_at is null") == 0 ]]; do
    sleep 0.5
  done
  applied=$(seconds "$t0" "$(now)")
  sleep 1
  AS_USER=gus await_idle
  recalculated=$(seconds "$t0" "$(now)")
  # account BENCH-0001 gets every BENCH_ACCOUNTS-th event of a batch: the first check batch plus every accepted request
  expected=$(((accepted / BATCH + 1) * ((BATCH + BENCH_ACCOUNTS - 1) / BENCH_ACCOUNTS)))
  got=$("${PSQL[@]}" -d "$BENCH_DB" -Atc "select coalesce(sum(events), 0) from product_usage where tenant_id = 'globex' and account_id = 'BENCH-0001' and day = date '$today'")
  say "applied ${applied} s and recalculated ${recalculated} s after the last request (coalescing period $COALESCE_SECONDS s); BENCH-0001's usage today: $got events (sent $expected)"
  echo "end $(uptime)" >>"$OUT/events-uptime.txt"
  {
    echo "| figure | value |"
    echo "|---|---|"
    echo "| accepted events/s | $rate ($accepted in $(seconds "$start" "$end") s, batches of $BATCH, $CONNECTIONS connections) |"
    echo "| failed requests | ${errors:-0} |"
    echo "| page probe during the load (${PAGE_PROBE:-api}) | ${probe_line:-none} |"
    echo "| last request to all applied / recalculated | $applied s / $recalculated s (period $COALESCE_SECONDS s) |"
    echo "| BENCH-0001's usage today, stored / sent | $got / $expected (up to $CONNECTIONS batches still in flight when wrk stops are sent but not counted by wrk: up to $((CONNECTIONS * ((BATCH + BENCH_ACCOUNTS - 1) / BENCH_ACCOUNTS))) more) |"
    echo
    echo '```'
    cat "$OUT/events-uptime.txt"
    echo '```'
  } >"$OUT/events-results.md"
  stop_app
  cat "$OUT/events-results.md"
fi
