#!/usr/bin/env bash
# A thousand tenants (issue 18, part 5):  src/bench/tenants-benchmark.sh
#
# 1. Starts the packaged app on a fresh database ($BENCH_DB) and loads the benchmark dataset
#    (10,000 accounts x 24 months) into globex, the big tenant, through the import API.
# 2. Measures the pages of globex (executive dashboard, one account's page: wrk, 20 connections,
#    as page-benchmark.sh) with 2 tenants in the database (globex and one small tenant), with the
#    catalog size and the planning time of the pages' main queries.
# 3. Creates $TENANTS - 1 more tenants of $SMALL_ACCOUNTS accounts each, every one through the app's own
#    import API (the real path), $PARALLEL at a time; times every import and, on every $SAMPLE_EVERY-th
#    tenant, the recalculation it starts (the others are not awaited: their recalculations queue).
#    BULK=sql clones t0001 by SQL (src/bench/clone-tenant.sql: the same partitions and rows its import
#    and recalculation wrote) for all but every SAMPLE_EVERY-th tenant, which still goes through the API.
# 4. Waits for the queue to drain, then measures the same pages, catalog and planning times again
#    and writes the ratios (bar: page p95 with 1,000 tenants <= 1.2 x the 2-tenant figure).
#
# Tenants: a tenant is a Keycloak Organization (alias = tenant id) with a member bench-<id> holding
# the admin realm role, plus the tenant's row in the database (what the operator's "create tenant"
# makes, without its e-mailed invitation). create_tenant (bench-lib.sh) is the one place that knows
# it. Organizations and users are created through Keycloak's admin API (admin/admin on the master
# realm) and left in place for a rerun; --delete-users removes them.
#
# Needs what page-benchmark.sh needs. Keycloak's web client must accept sign-ins back to
# $BENCH_PORT (the demo realm lists 8080 and 8081): allow_redirect adds the port to the client's
# redirect URIs through the admin API when it is missing.
#   BENCH_PORT=8095 BENCH_MANAGEMENT_PORT=9095 BENCH_DB=bellwether_h7_bench src/bench/tenants-benchmark.sh
set -euo pipefail
BENCH_PORT=${BENCH_PORT:-8081}
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
require_tools wrk jq
TENANTS=${TENANTS:-1000}              # tenants in the database at the end, globex included
SMALL_ACCOUNTS=${SMALL_ACCOUNTS:-100}
PARALLEL=${PARALLEL:-2}               # imports in flight at once
SAMPLE_EVERY=${SAMPLE_EVERY:-50}      # every n-th small tenant's recalculation is timed
BULK=${BULK:-api}                     # api: every tenant through the import API; sql: only every
                                      # SAMPLE_EVERY-th, the others cloned from t0001 by clone-tenant.sql
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-20}
USER_NAME=${BENCH_USER:-gus}
KC=$BW_KEYCLOAK_URL
RESULTS="$OUT/tenants-results.md"
SMALL_DATA="$OUT/data-${SMALL_ACCOUNTS}x${MONTHS}"
delete_bench_users() {
  local admin id
  admin=$(kc_admin_token)
  while id=$(curl -fsS -H "Authorization: Bearer $admin" "$KC/admin/realms/bellwether/users?search=bench-&max=100" | jq -r '.[].id') && [[ -n $id ]]; do
    for u in $id; do curl -fsS -X DELETE -H "Authorization: Bearer $admin" "$KC/admin/realms/bellwether/users/$u"; done
  done
  while id=$(curl -fsS -H "Authorization: Bearer $admin" "$KC/admin/realms/bellwether/organizations?search=Bench%20&max=100" | jq -r '.[].id') && [[ -n $id ]]; do
    for o in $id; do curl -fsS -X DELETE -H "Authorization: Bearer $admin" "$KC/admin/realms/bellwether/organizations/$o"; done
  done
}
[[ ${1:-} == --delete-users ]] && { delete_bench_users; exit 0; }

import_small() { # tenant-id [await]: prints "<tenant> <import s> <recalculation s or ->"
  local token files=() status t_import t0 rec="-"
  token=$(token_for "bench-$1")
  for k in "${KINDS[@]}"; do files+=(-F "file=@$SMALL_DATA/$k.csv"); done
  read -r status t_import < <(curl -sS -o "$OUT/answer-$1.json" -w '%{http_code} %{time_total}\n' \
    -H "Authorization: Bearer $token" "${files[@]}" "http://localhost:$APP_PORT/api/v1/imports")
  [[ $status == 201 ]] || { echo "$1 import answered $status: $(head -c 300 "$OUT/answer-$1.json")" >&2; return 1; }
  rm -f "$OUT/answer-$1.json"
  if [[ ${2:-} == await ]]; then
    t0=$(now)
    for _ in $(seq 1 3000); do
      case "$(curl -fsS -H "Authorization: Bearer $token" "http://localhost:$APP_PORT/api/v1/recalculation")" in
        *'"status":"done"'*) rec=$(seconds "$t0" "$(now)"); break ;;
        *'"status":"failed"'*) rec=failed; break ;;
      esac
      sleep 0.2
    done
  fi
  echo "$1 $t_import $rec"
}

catalog() { # label: pg_class rows, relations of the data tables, database size
  "${PSQL[@]}" -d "$BENCH_DB" -At -F ' ' -c "select '$1',
      (select count(*) from pg_class),
      (select count(*) from pg_inherits),
      pg_size_pretty(pg_database_size(current_database())),
      (select pg_size_pretty(sum(pg_total_relation_size(oid))) from pg_class where relname like 'pg\_%' and relnamespace = 'pg_catalog'::regnamespace)"
}

planning() { # label: Planning Time of the pages' main reads for globex and one account, median of 5
  local q
  while IFS='|' read -r name q; do
    for _ in 1 2 3 4 5; do
      "${PSQL[@]}" -d "$BENCH_DB" -At -c "explain (analyze, summary) $q" | sed -n 's/^Planning Time: \([0-9.]*\) ms/\1/p'
    done | sort -n | sed -n 3p | awk -v l="$1" -v n="$name" '{ printf "%s %s %s\n", l, n, $1 }'
  done <<SQL
mrr by month|select month, sum(mrr) from mrr where tenant_id = 'globex' group by month
usage of one account|select day, sum(events) from product_usage where tenant_id = 'globex' and account_id = '$ACCOUNT' and day >= date '2025-11-01' group by day
account months|select month, mrr, health, band from account_month where tenant_id = 'globex' and account_id = '$ACCOUNT'
tickets of one account|select * from ticket where tenant_id = 'globex' and account_id = '$ACCOUNT'
SQL
}

run_page() { # label name path
  local cookie line
  cookie=$(sign_in)
  [[ -n $cookie ]] || die "Sign-in as $USER_NAME gave no session cookie"
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Cookie: $cookie" "http://localhost:$APP_PORT$3" >/dev/null
  line=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s src/bench/latency.lua -H "Cookie: $cookie" \
    "http://localhost:$APP_PORT$3" | grep '^RESULT')
  say "$1 $2: ${line#RESULT }"
  echo "$1|$2|$line" >>"$OUT/tenants-pages.txt"
}
pages() { # label
  run_page "$1" executive /executive
  run_page "$1" account "/accounts/$ACCOUNT"
}

generate "$DATA" "$USAGE_ROWS"
(ACCOUNTS=$SMALL_ACCOUNTS; generate "$SMALL_DATA" "$USAGE_ROWS")
ensure_keycloak
allow_redirect "$APP_PORT"
start_app
say "uptime at start: $(uptime)"
echo "start $(uptime)" >"$OUT/tenants-uptime.txt"
: >"$OUT/tenants-pages.txt"
: >"$OUT/tenants-imports.txt"
: >"$OUT/tenants-catalog.txt"

import_dataset
say "globex: $ACCOUNTS accounts imported in $T_IMPORT s; waiting for its recalculation"
await_idle
ACCOUNT=$(sed -n '2s/,.*//p' "$DATA/accounts.csv")

admin=$(kc_admin_token)
create_tenant t0001 "$admin"
import_small t0001 await | tee -a "$OUT/tenants-imports.txt"
catalog two >>"$OUT/tenants-catalog.txt"
planning two >>"$OUT/tenants-catalog.txt"
echo "two-tenant pages $(uptime)" >>"$OUT/tenants-uptime.txt"
pages two

# The imports in flight (a plain `wait` would also wait for the app, which runs in the background too).
IMPORTS=()
wait_imports() { # most: waits until at most this many imports are in flight
  local running=() p
  while :; do
    running=()
    for p in "${IMPORTS[@]}"; do kill -0 "$p" 2>/dev/null && running+=("$p"); done
    IMPORTS=("${running[@]}")
    ((${#IMPORTS[@]} <= $1)) && return 0
    sleep 0.1
  done
}
[[ $BULK == sql ]] && "${PSQL[@]}" -d "$BENCH_DB" -f src/bench/clone-tenant.sql
say "Creating tenants t0002 … t$(printf %04d $((TENANTS - 1))) ($PARALLEL imports at once)"
t_bulk=$(now)
for ((n = 2; n < TENANTS; n++)); do
  id=$(printf 't%04d' "$n")
  if [[ $BULK == sql ]] && ((n % SAMPLE_EVERY != 0)); then
    "${PSQL[@]}" -d "$BENCH_DB" -c "set session_replication_role = replica" -c "select bench_clone_tenant('t0001', '$id')" >/dev/null
    ((n % 100 == 0)) && say "$n tenants; $(uptime)"
    continue
  fi
  admin=$(kc_admin_token) # admin tokens live a minute; the page measurements and clones take longer
  create_tenant "$id" "$admin"
  if ((n % SAMPLE_EVERY == 0)); then
    wait_imports 0
    import_small "$id" await >>"$OUT/tenants-imports.txt" || true
  else
    import_small "$id" >>"$OUT/tenants-imports.txt" &
    IMPORTS+=($!)
    wait_imports $((PARALLEL - 1))
  fi
  ((n % 100 == 0)) && say "$n tenants; $(uptime)"
done
wait_imports 0
say "All tenants imported in $(seconds "$t_bulk" "$(now)") s; waiting for the recalculations to drain"
until [[ $("${PSQL[@]}" -d "$BENCH_DB" -Atc "select count(*) from recalculation where status in ('pending', 'running')" 2>/dev/null || echo 0) == 0 ]]; do
  sleep 2
done
catalog thousand >>"$OUT/tenants-catalog.txt"
planning thousand >>"$OUT/tenants-catalog.txt"
echo "thousand-tenant pages $(uptime)" >>"$OUT/tenants-uptime.txt"
pages thousand
stop_app

{
  echo "| page | 2 tenants p50 / p95 ms | $TENANTS tenants p50 / p95 ms | p95 ratio (bar <= 1.2) |"
  echo "|---|---|---|---|"
  for p in executive account; do
    awk -F'|' -v p="$p" '$2 == p {
        for (i = 1; i <= split($3, f, " "); i++) { split(f[i], kv, "="); v[$1, kv[1]] = kv[2] } }
      END { printf "| %s | %s / %s | %s / %s | %.2f |\n", p, v["two", "p50"], v["two", "p95"], v["thousand", "p50"],
        v["thousand", "p95"], v["thousand", "p95"] / v["two", "p95"] }' "$OUT/tenants-pages.txt"
  done
  echo
  echo "Catalog (label, pg_class rows, inheritance rows, database size, pg_catalog size) and planning times (ms, median of 5):"
  echo '```'
  cat "$OUT/tenants-catalog.txt"
  echo '```'
  [[ $BULK == sql ]] && echo "Bulk tenants: cloned from t0001 by src/bench/clone-tenant.sql (SQL mirroring the import); every $SAMPLE_EVERY-th through the import API."
  echo "Small-tenant imports ($SMALL_ACCOUNTS accounts x $MONTHS months, $PARALLEL at once): $(awk '{ s += $2; n++ } END { printf "%d, mean %.2f s", n, s / n }' "$OUT/tenants-imports.txt"),"
  echo "p50 / p95 $(awk '{ print $2 }' "$OUT/tenants-imports.txt" | sort -n | awk '{ a[NR] = $1 } END { printf "%.2f / %.2f s", a[int(NR * 0.5) + 1], a[int(NR * 0.95) + 1] }')"
  echo "Recalculations timed alone: $(awk '$3 != "-" { printf "%s=%s s ", $1, $3 }' "$OUT/tenants-imports.txt")"
  echo
  echo "Machine load:"
  echo '```'
  cat "$OUT/tenants-uptime.txt"
  echo '```'
} >"$RESULTS"
say "Results (also in $RESULTS):"
cat "$RESULTS"
