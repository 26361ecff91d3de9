#!/usr/bin/env bash
# Churn drivers and suggested weights benchmark, rerunnable with one command:
#   src/bench/churn-drivers-benchmark.sh            (--build rebuilds the packaged app first)
#
# 1. Loads the benchmark dataset (10,000 accounts x 24 months, generated like the other
#    benchmarks') into a fresh database through the API and waits for its recalculation.
# 2. RUNS times (default 5): changes the health model's weights through the API (alternating two
#    sets, so every run has a new recalculation and a new stored sample), waits for the
#    recalculation, then times GET /api/v1/churn-drivers twice with curl: the first answer runs
#    the suggested-weights search on the stored sample (the cold case the issue's 2 s bar is
#    about), the second comes from the per-recalculation cache.
# 3. Prints the engine's own timings of each recalculation ("calculated" includes the drivers and
#    the sample), so the cost of the precomputation shows too.
# Results are printed and written to target/bench/churn-drivers-results.md.
#
# Needs: PostgreSQL and Keycloak as for run-local, curl, and the packaged app (built when missing).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
RESULTS="$OUT/churn-drivers-results.md"
RUNS=${RUNS:-5}
WEIGHTS=('{"weights":{"usage":35,"engagement":30,"outcomes":20,"financial":15}}'
  '{"weights":{"usage":40,"engagement":25,"outcomes":20,"financial":15}}')

generate "$DATA" "$USAGE_ROWS"
ensure_keycloak
start_app
import_dataset
say "Imported $ACCOUNTS accounts in $T_IMPORT s; waiting for the recalculation"
await_idle

drivers() { # prints "<http status> <seconds>", the body in $OUT/drivers.json
  curl -sS -o "$OUT/drivers.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $(token_for "$AS_USER")" \
    "http://localhost:$APP_PORT/api/v1/churn-drivers"
}

rm -f "$RESULTS.rows"
for run in $(seq 1 "$RUNS"); do
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $(token_for "$AS_USER")" \
    -H 'Content-Type: application/json' -d "${WEIGHTS[$(((run + 1) % 2))]}" "http://localhost:$APP_PORT/api/v1/health-model"
  sleep 0.5 # the request is recorded when the PUT answers; let the worker claim it before polling
  await_idle
  read -r STATUS T_COLD < <(drivers)
  [[ $STATUS == 200 ]] || die "GET /api/v1/churn-drivers answered $STATUS: $(head -c 400 "$OUT/drivers.json")"
  grep -q '"suggestion":{"weights":{' "$OUT/drivers.json" || die "No suggested weights in $(head -c 400 "$OUT/drivers.json")"
  SUGGESTED=$(grep -o '"suggestion":{"weights":{[^}]*}' "$OUT/drivers.json" | sed 's/.*"weights":{//')
  read -r STATUS T_WARM < <(drivers)
  [[ $STATUS == 200 ]] || die "GET /api/v1/churn-drivers answered $STATUS the second time"
  RECALC=$(grep -a "Recalculated tenant" "$OUT/app.log" | tail -n 1 | sed 's/.*months): //')
  say "Run $run: first answer $T_COLD s, cached $T_WARM s; suggested $SUGGESTED; recalculation: $RECALC"
  echo "| $run | $T_COLD | $T_WARM | $SUGGESTED | $RECALC |" >>"$RESULTS.rows"
done
stop_app

{
  echo "| run | first GET /churn-drivers s (search) | cached GET s | suggested weights | recalculation (engine log) |"
  echo "|---|---|---|---|---|"
  cat "$RESULTS.rows"
  echo
  echo "$ACCOUNTS accounts x $MONTHS months; curl time_total on loopback, one request at a time;"
  echo "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(psql --version | awk '{ print "PostgreSQL " $3 }'), $(java -version 2>&1 | head -n1)"
} >"$RESULTS"
rm -f "$RESULTS.rows"
say "Results (also in $RESULTS):"
cat "$RESULTS"
