#!/usr/bin/env bash
# Compares one page of two or more packaged builds in alternating rounds, so that a machine whose
# speed drifts by tens of percent between minutes (as these shared machines do) drifts under every
# build alike:
#
#   src/bench/page-ab-benchmark.sh [--rounds N] [--path /accounts/ACC-00001] [--reuse] NAME=DIR NAME=DIR ...
#
# Each DIR is a checkout whose app is packaged (target/quarkus-app/quarkus-run.jar, built with
# ./mvnw package -DskipTests). Each build gets its own database (bellwether_ab_NAME), loaded once with
# the benchmark dataset through its own API, so builds with different migrations never share a
# schema (--reuse keeps a build's database from an earlier run of this script instead). Then, ROUNDS times, each build in turn is started on port 8081, signed in through Keycloak,
# warmed up for 5 s and measured with wrk for DURATION seconds (default 20) on the page, and stopped.
# Prints a row per run, then per build the median requests/s, p50/p95 and CPU per request (the app's process and
# every PostgreSQL process, from /proc: steadier than requests/s on a machine whose speed drifts), and the ratio of each
# build's median to the first build's. Results: target/bench/page-ab-results.md.
#
# Needs what page-benchmark.sh needs (PostgreSQL, Keycloak, wrk, port 8081 free: do not run the tests
# meanwhile).
set -euo pipefail
BENCH_PORT=${BENCH_PORT:-8081}
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
require_tools wrk
ROUNDS=3
PAGE=""
REUSE=false
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-20}
USER_NAME=${BENCH_USER:-gus}
BUILDS=()
while (($#)); do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --path) PAGE=$2; shift 2 ;;
    --reuse) REUSE=true; shift ;;
    *=*) BUILDS+=("$1"); shift ;;
    *) die "Unknown argument $1 (expected NAME=DIR, --rounds N or --path /page)" ;;
  esac
done
((${#BUILDS[@]} >= 2)) || die "Give at least two builds as NAME=DIR"
RESULTS="$OUT/page-ab-results.md"

start_build() { # name dir: starts that build's packaged app on its own database
  local name=$1 dir=$2 health
  port_open "$APP_PORT" && die "Port $APP_PORT is in use"
  BW_DB_NAME="bellwether_ab_$name" BW_DEMO_DATA=false BW_DEMO_TENANTS=${BW_DEMO_TENANTS:-acme,globex} BW_ALLOW_DEMO_SECRETS=true java -Dquarkus.http.port="$APP_PORT" \
    -Dquarkus.management.port="$MANAGEMENT_PORT" -jar "$dir/target/quarkus-app/quarkus-run.jar" >>"$OUT/app.log" 2>&1 &
  APP_PID=$!
  # builds from before the management interface answer their health on the app's own port
  for _ in $(seq 1 240); do
    for health in "http://localhost:$MANAGEMENT_PORT/q/health/ready" "http://localhost:$APP_PORT/q/health/ready"; do
      curl -fsS -o /dev/null "$health" 2>/dev/null && return 0
    done
    kill -0 "$APP_PID" 2>/dev/null || die "The app of $name stopped (log: $OUT/app.log)"
    sleep 0.5
  done
  die "The app of $name did not become ready (log: $OUT/app.log)"
}


# CPU time in clock ticks: the app's process, and every PostgreSQL process (its backends serve the pages)
app_ticks() { awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"; }
pg_ticks() { local t=0 p; for p in $(pgrep -u postgres); do
    t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
TICK_MS=$(awk -v hz="$(getconf CLK_TCK)" 'BEGIN { print 1000 / hz }')

generate "$DATA" "$USAGE_ROWS"
ensure_keycloak
[[ -n $PAGE ]] || PAGE="/accounts/$(sed -n '2s/,.*//p' "$DATA/accounts.csv")"
for build in "${BUILDS[@]}"; do
  name=${build%%=*}
  dir=${build#*=}
  [[ -f $dir/target/quarkus-app/quarkus-run.jar ]] || die "No packaged app in $dir (./mvnw package -DskipTests there)"
  if $REUSE && [[ -n $("${PSQL[@]}" -d postgres -tAc "select 1 from pg_database where datname = 'bellwether_ab_$name'") ]]
  then
    continue
  fi
  ensure_database "bellwether_ab_$name" --fresh
  start_build "$name" "$dir"
  import_dataset
  say "$name: imported $ACCOUNTS accounts in $T_IMPORT s; waiting for the recalculation"
  await_idle
  stop_app
done

: >"$RESULTS.rows"
for round in $(seq 1 "$ROUNDS"); do
  for build in "${BUILDS[@]}"; do
    name=${build%%=*}
    start_build "$name" "${build#*=}"
    cookie=$(sign_in)
    [[ -n $cookie ]] || die "Sign-in as $USER_NAME gave no session cookie"
    status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "http://localhost:$APP_PORT$PAGE")
    [[ $status == 200 ]] || die "$PAGE answered $status to $name's signed-in session"
    wrk -t2 -c"$CONNECTIONS" -d5s -H "Cookie: $cookie" "http://localhost:$APP_PORT$PAGE" >/dev/null
    app0=$(app_ticks); pg0=$(pg_ticks)
    line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s src/bench/latency.lua -H "Cookie: $cookie" \
      "http://localhost:$APP_PORT$PAGE" | grep '^RESULT')
    app1=$(app_ticks); pg1=$(pg_ticks)
    # CPU per request: what a page costs, whatever share of the machine the run got (it drifts by tens of percent)
    requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$line")
    line="$line $(awk -v a="$((app1 - app0))" -v p="$((pg1 - pg0))" -v n="$requests" -v ms="$TICK_MS" \
      'BEGIN { printf "app_ms=%.2f pg_ms=%.2f", a * ms / n, p * ms / n }')"
    stop_app
    say "round $round, $name: ${line#RESULT }"
    echo "$round $name ${line#RESULT }" >>"$RESULTS.rows"
  done
done

{
  echo "Page \`$PAGE\`, $ROUNDS alternating rounds; wrk, $CONNECTIONS connections, 2 threads, ${DURATION} s per run after a 5 s warm-up"
  echo
  echo "| round | build | p50 ms | p95 ms | requests/s | CPU ms per request: app / PostgreSQL | errors |"
  echo "|---|---|---|---|---|---|---|"
  awk '{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
         printf "| %s | %s | %s | %s | %s | %s / %s | %s |\n", $1, $2, v["p50"], v["p95"], v["rps"], v["app_ms"],
           v["pg_ms"], v["non200"] + v["socket"] }' \
    "$RESULTS.rows"
  echo
  echo "| build | median requests/s | median p50 ms | median p95 ms | median CPU ms per request: app / PostgreSQL | requests/s against the first |"
  echo "|---|---|---|---|---|---|"
  first=""
  for build in "${BUILDS[@]}"; do
    name=${build%%=*}
    median() { awk -v n="$name" -v key="$1" '$2 == n { for (i = 3; i <= NF; i++) { split($i, kv, "=");
        if (kv[1] == key) print kv[2] } }' "$RESULTS.rows" | sort -g | awk '{ a[NR] = $1 }
        END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
    rps=$(median rps)
    [[ -n $first ]] || first=$rps
    echo "| $name | $rps | $(median p50) | $(median p95) | $(median app_ms) / $(median pg_ms) | $(awk -v a="$rps" -v b="$first" 'BEGIN { printf "%.2f", a / b }') |"
  done
  echo
  echo "$ACCOUNTS accounts x $MONTHS months; $(nproc) cores; $(java -version 2>&1 | head -n1)"
} >"$RESULTS"
rm -f "$RESULTS.rows"
cat "$RESULTS"
