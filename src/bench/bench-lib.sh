#!/usr/bin/env bash
# Shared by the benchmarks (src/bench/*-benchmark.sh): the dataset, the packaged app on its own
# port and database, imports through the API, and waiting for recalculations. Sourced, not run.
BW_SCRIPT=bench
source "$(dirname "${BASH_SOURCE[0]}")/../../docker/lib/stack.sh"
cd "$ROOT"

ACCOUNTS=${ACCOUNTS:-10000}
MONTHS=${MONTHS:-24}
USAGE_ROWS=${USAGE_ROWS:-14}
HEAP_USAGE_ROWS=${HEAP_USAGE_ROWS:-33}
LAST_MONTH=${LAST_MONTH:-2026-10}
APP_PORT=${BENCH_PORT:-8090}
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-9090}
BENCH_DB=${BENCH_DB:-bellwether_bench} # a database of its own per engineer when several run benchmarks
OUT=target/bench
DATA="$OUT/data-${ACCOUNTS}x${MONTHS}"
HEAP_DATA="$OUT/data-heap"
KINDS=(accounts mrr usage surveys tickets activities opportunities)

APP_PID=""
AS_USER=${AS_USER:-gus} # the admin the API calls sign in as: gus (globex) or ada (acme)
cleanup() {
  [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
  stop_started
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require_tools java curl psql jstat awk unzip
ensure_postgres
if [[ ${1:-} == --build || ! -f target/quarkus-app/quarkus-run.jar ]]; then
  say "Building the packaged app"
  ./mvnw -q -B package -DskipTests
fi
CP="target/classes:$(ls target/quarkus-app/lib/main/de.siegmar.fastcsv-*.jar)"
mkdir -p "$OUT"
: >"$OUT/app.log" # each start of the app appends its log here

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

generate() { # dir usage-rows
  if [[ ! -f $1/opportunities.csv ]]; then
    say "Generating $ACCOUNTS accounts x $MONTHS months into $1"
    java -cp "$CP" dev.bellwether.ingest.demo.DatasetGenerator --accounts "$ACCOUNTS" --months "$MONTHS" \
      --usage-rows-per-month "$2" --last-month "$LAST_MONTH" --out "$1"
  fi
}

start_app() { # extra JVM options
  ensure_database "$BENCH_DB" ${KEEP_DB:+--keep} --fresh
  port_open "$APP_PORT" && die "Port $APP_PORT is in use"
  BW_DB_NAME="$BENCH_DB" BW_DEMO_DATA=false BW_DEMO_TENANTS=${BW_DEMO_TENANTS:-acme,globex} BW_ALLOW_DEMO_SECRETS=true java ${BENCH_JAVA_OPTS:-} "$@" -Dquarkus.http.port="$APP_PORT" \
    -Dquarkus.management.port="$MANAGEMENT_PORT" \
    -jar target/quarkus-app/quarkus-run.jar >>"$OUT/app.log" 2>&1 &
  APP_PID=$!
  wait_for "http://localhost:$MANAGEMENT_PORT/q/health/ready" "${APP_START_TIMEOUT:-120}" "The app (log: $OUT/app.log)"
}
stop_app() { kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""; }

api_import() { # answers "<http status> <seconds>", the body in $OUT/answer.json
  local args=()
  for f in "$@"; do args+=(-F "file=@$f"); done
  curl -sS -o "$OUT/answer.json" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $(token_for "$AS_USER")" \
    "${args[@]}" "http://localhost:$APP_PORT/api/v1/imports"
}
import_dataset() { # imports the seven files of $1 (default $DATA) in one request; sets STATUS, T_IMPORT and FILES
  FILES=()
  for k in "${KINDS[@]}"; do FILES+=("${1:-$DATA}/$k.csv"); done
  read -r STATUS T_IMPORT < <(api_import "${FILES[@]}")
  [[ $STATUS == 201 ]] || die "Import answered $STATUS: $(head -c 400 "$OUT/answer.json")"
}
# $CHANGED: the dataset $DATA with 1 % of each file's rows changed (every 100th data row), made once (python3);
# the import benchmark's changed re-upload and its floor, the busy-pages benchmark's rounds after the first
make_changed_copy() {
  if [[ ! -f $CHANGED/opportunities.csv ]]; then
    mkdir -p "$CHANGED"
    python3 - "$DATA" "$CHANGED" <<'PY'
import csv, sys
source, target = sys.argv[1], sys.argv[2]
def seats(v): return str(int(v) + 1) if v else "1"
def amount(v): return f"{float(v) + 1:.2f}"
changes = {  # file: (column, new value from old)
    "accounts": ("licensed_seats", seats), "mrr": ("mrr", amount), "usage": ("events", lambda v: str(int(v) + 1)),
    "surveys": ("comment", lambda v: (v + " (edited)").strip()),
    "tickets": ("priority", lambda v: "high" if v != "high" else "normal"),
    "activities": ("csm_email", lambda v: "edited@bellwether.example"), "opportunities": ("amount", amount)}
for kind, (column, change) in changes.items():
    with open(f"{source}/{kind}.csv", newline="", encoding="utf-8") as i, \
            open(f"{target}/{kind}.csv", "w", newline="", encoding="utf-8") as o:
        rows, out = csv.reader(i), csv.writer(o, lineterminator="\n")
        header = next(rows)
        out.writerow(header)
        at = header.index(column)
        for n, row in enumerate(rows, 1):
            if n % 100 == 0:
                row[at] = change(row[at])
            out.writerow(row)
PY
  fi
}
await_idle() { # waits until the tenant's latest recalculation is done; prints nothing
  # one sign-in for the whole wait (a token lives 5 minutes): a password grant per poll would load Keycloak, on the
  # cores the timed work runs on, and delay each look
  local token
  token=$(token_for "$AS_USER")
  for _ in $(seq 1 $((${RECALC_TIMEOUT:-240} * 5))); do
    case "$(curl -fsS -H "Authorization: Bearer $token" "http://localhost:$APP_PORT/api/v1/recalculation")" in
      *'"status":"done"'*) return 0 ;;
      *'"status":"failed"'*) die "A recalculation failed" ;;
    esac
    sleep 0.2
  done
  die "No recalculation finished within ${RECALC_TIMEOUT:-240} s"
}

# A CHECKPOINT before a timed step, so that it does not pay for the previous step's (loading the
# dataset sets off checkpoints; import-benchmark.sh says more).
checkpoint() { "${PSQL[@]}" -d postgres -c checkpoint; }

# After an import whose answer is in $OUT/answer.json and took $T_IMPORT: sets IMPORT_ID and T_END, the
# time from the upload request until its recalculation is done, polling the import every $1 seconds
# (default 0.2). For an import that changed nothing T_END is the answer's own time: it asks for no
# recalculation, the figures are already those of its data.
await_recalculated() {
  local poll=${1:-0.2} start_e2e state token
  IMPORT_ID=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$OUT/answer.json")
  T_END=""
  if grep -q '"message":"Nothing changed' "$OUT/answer.json"; then
    T_END=$T_IMPORT
    return
  fi
  start_e2e=$(awk -v a="$(now)" -v b="$T_IMPORT" 'BEGIN { printf "%.3f", a - b }')
  token=$(token_for "$AS_USER") # once, as await_idle
  for _ in $(seq 1 "$(awk -v t="${RECALC_TIMEOUT:-240}" -v p="$poll" 'BEGIN { print int(t / p) }')"); do
    state=$(curl -fsS -H "Authorization: Bearer $token" "http://localhost:$APP_PORT/api/v1/imports/$IMPORT_ID")
    case "$state" in
      *'"recalculation":"done"'*) T_END=$(seconds "$start_e2e" "$(now)"); break ;;
      *'"recalculation":"failed"'*) die "The recalculation failed: $state" ;;
    esac
    sleep "$poll"
  done
  [[ -n $T_END ]] || die "The recalculation did not finish within ${RECALC_TIMEOUT:-240} s"
}

sign_in() { # prints the Cookie header value of a fresh session of $USER_NAME (the page benchmarks)
  local jar="$OUT/cookies.txt" form action
  rm -f "$jar"
  form=$(curl -sS -L -c "$jar" -b "$jar" "http://localhost:$APP_PORT/executive")
  action=$(grep -o 'id="kc-form-login"[^>]*action="[^"]*"' <<<"$form" | sed 's/.*action="\([^"]*\)".*/\1/; s/&amp;/\&/g')
  [[ -n $action ]] || die "No Keycloak login form; is Keycloak on ${BW_KEYCLOAK_PORT:-8180}?"
  # Identity-first (organizations): the username first, then the password on a second form.
  form=$(curl -sS -L -c "$jar" -b "$jar" --data-urlencode "username=$USER_NAME" "$action")
  action=$(grep -o 'id="kc-form-login"[^>]*action="[^"]*"' <<<"$form" | sed 's/.*action="\([^"]*\)".*/\1/; s/&amp;/\&/g')
  [[ -n $action ]] || die "Keycloak did not ask for the password of $USER_NAME"
  curl -sS -L -o /dev/null -c "$jar" -b "$jar" --data-urlencode "password=demo" "$action"
  awk '$1 ~ /localhost/ && $6 ~ /^q_session/ { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
}

seed_tasks() { # count tenant csm-email: open tasks straight into the benchmark database, then the task queries' plans
  local count=$1 tenant=$2 me=$3 started
  say "Seeding $count open tasks into $tenant (each for its account's CSM, one in 160 for $me)"
  started=$(now)
  # as the superuser, who is not subject to row-level security; the app's pages read them through it
  "${PSQL[@]}" -d "${BENCH_DB:-bellwether_bench}" -v tenant="$tenant" -v me="$me" -v n="$count" <<'SQL'
with a as (
  select account_id, lower(csm_email) as csm, (row_number() over (order by account_id) - 1)::int as i,
         count(*) over ()::int as n
  from account where tenant_id = :'tenant'
)
insert into task (tenant_id, id, account_id, title, due_date, assignee_email, status, created_at, created_by)
select :'tenant', gen_random_uuid(), a.account_id, 'Benchmark task ' || g,
       (now() at time zone 'UTC')::date + (g % 90) - 20,
       case when g % 160 = 0 then lower(:'me') else a.csm end, 'open', now(), 'bench'
from generate_series(0, :n - 1) g join a on a.i = g % a.n;
analyze task;
SQL
  say "Seeded in $(seconds "$started" "$(now)") s: $("${PSQL[@]}" -d "${BENCH_DB:-bellwether_bench}" -tAc \
    "select count(*) || ' open tasks, ' || count(*) filter (where due_date < current_date) || ' overdue, '
       || count(*) filter (where assignee_email = lower('$me')) || ' for $me' from task where status = 'open'")"
  explain_tasks "$tenant" "$me" | tee "$OUT/task-plans.txt"
}

explain_tasks() { # tenant csm-email: the plans of the CSM page's task queries (My tasks, the overdue tile), as the app runs them
  "${PSQL[@]}" -d "${BENCH_DB:-bellwether_bench}" -v tenant="$1" -v me="$2" <<'SQL'
set role bellwether_app;
select set_config('app.tenant_id', :'tenant', false);
explain (analyze, buffers, costs off)
select t.id, t.account_id, a.name, t.title, t.due_date, t.assignee_email, t.status, t.playbook_key,
       t.alert_id, t.created_at, t.done_at
from task t join account a on a.tenant_id = t.tenant_id and a.account_id = t.account_id
where true and t.assignee_email = lower(:'me') and t.status = 'open'
order by t.due_date, t.created_at, t.id
limit 10;
explain (analyze, buffers, costs off)
select count(*)::int as n from task where assignee_email = lower(:'me') and status = 'open' and due_date < current_date;
SQL
}

# The one place that knows what a tenant is: organization <id>, its admin bench-<id> (password demo),
# the tenant's row. Idempotent: what exists is kept.
ADMIN_ROLE=""
create_tenant() { # tenant-id admin-token
  local user="bench-$1" id org
  require_tools jq
  [[ -n $ADMIN_ROLE ]] || ADMIN_ROLE=$(curl -fsS -H "Authorization: Bearer $2" "$BW_KEYCLOAK_URL/admin/realms/bellwether/roles/admin")
  curl -sS -o /dev/null -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    --data-binary "{\"name\":\"Bench $1\",\"alias\":\"$1\",\"enabled\":true}" "$BW_KEYCLOAK_URL/admin/realms/bellwether/organizations"
  org=$(curl -fsS -H "Authorization: Bearer $2" "$BW_KEYCLOAK_URL/admin/realms/bellwether/organizations?exact=true&search=Bench%20$1" \
    | jq -r --arg a "$1" '.[] | select(.alias == $a) | .id')
  [[ -n $org ]] || die "Keycloak has no organization $1"
  curl -sS -o /dev/null -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$user\",\"enabled\":true,\"emailVerified\":true,\"firstName\":\"Bench\",
      \"lastName\":\"$1\",\"email\":\"$user@bench.example\",
      \"credentials\":[{\"type\":\"password\",\"value\":\"demo\",\"temporary\":false}]}" \
    "$BW_KEYCLOAK_URL/admin/realms/bellwether/users"
  id=$(curl -fsS -H "Authorization: Bearer $2" "$BW_KEYCLOAK_URL/admin/realms/bellwether/users?exact=true&username=$user" | jq -r '.[0].id')
  curl -fsS -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json' --data-binary "[$ADMIN_ROLE]" \
    "$BW_KEYCLOAK_URL/admin/realms/bellwether/users/$id/role-mappings/realm"
  curl -sS -o /dev/null -X POST -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    --data-binary "\"$id\"" "$BW_KEYCLOAK_URL/admin/realms/bellwether/organizations/$org/members" # 409 when already a member
  "${PSQL[@]}" -d "$BENCH_DB" -qAtc "select bw_create_tenant('$1', 'Bench $1')" >/dev/null
}
