#!/usr/bin/env bash
# Starts Bellwether's whole stack on this machine, without Docker:
#   1. PostgreSQL: checks it answers (starts the local cluster if installed but stopped),
#      creates the app's roles and database if missing (idempotent);
#   2. Keycloak: fetches the official distribution from Maven Central through ./mvnw into a
#      cache folder if absent, starts it on 8180 with the demo realm imported;
#   3. the app on 8080 (dev mode; --jar builds and runs the packaged app), which loads the
#      demo data into the demo tenants on first start.
# Ctrl-C stops everything this script started.
#
# Usage: docker/run-local.sh [--jar]
# Settings (environment, with defaults):
#   BW_HTTP_PORT=8080 BW_KEYCLOAK_PORT=8180 BW_KEYCLOAK_MANAGEMENT_PORT=9180
#   BW_DB_HOST=127.0.0.1 BW_DB_PORT=5432 BW_DB_NAME=bellwether BW_DB_SUPERUSER=postgres
#   BW_CACHE_DIR=<repo>/.cache   BW_DEMO_DATA=true
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

MODE=dev
case "${1:-}" in
  --jar) MODE=jar ;;
  "") ;;
  -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
  *) echo "Unknown option: $1 (use --jar or nothing)" >&2; exit 2 ;;
esac

export BW_HTTP_PORT=${BW_HTTP_PORT:-8080}
export BW_KEYCLOAK_PORT=${BW_KEYCLOAK_PORT:-8180}
export BW_KEYCLOAK_MANAGEMENT_PORT=${BW_KEYCLOAK_MANAGEMENT_PORT:-9180}
export BW_DB_HOST=${BW_DB_HOST:-127.0.0.1}
export BW_DB_PORT=${BW_DB_PORT:-5432}
export BW_DB_NAME=${BW_DB_NAME:-bellwether}
export BW_DB_SUPERUSER=${BW_DB_SUPERUSER:-postgres}
export BW_KEYCLOAK_URL=${BW_KEYCLOAK_URL:-http://localhost:${BW_KEYCLOAK_PORT}}
export BW_DEMO_DATA=${BW_DEMO_DATA:-true}
CACHE=${BW_CACHE_DIR:-$ROOT/.cache}
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml)
KEYCLOAK_HOME="$CACHE/keycloak-$KEYCLOAK_VERSION"

say() { printf '\033[1m[run-local]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[run-local] %s\033[0m\n' "$*" >&2; exit 1; }

STARTED_PIDS=()
cleanup() {
  trap - EXIT INT TERM
  if ((${#STARTED_PIDS[@]})); then
    say "Stopping what this script started..."
    for pid in "${STARTED_PIDS[@]}"; do
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # url seconds what
  local url=$1 deadline=$((SECONDS + $2)) what=$3
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    ((SECONDS < deadline)) || die "$what did not answer at $url within $2 s"
    sleep 2
  done
}

for tool in java curl unzip psql; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y openjdk-17-jdk curl unzip postgresql)"
done

# --- 1. PostgreSQL ---------------------------------------------------------------------
if ! pg_isready -q -h "$BW_DB_HOST" -p "$BW_DB_PORT"; then
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    say "PostgreSQL is not answering; starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h "$BW_DB_HOST" -p "$BW_DB_PORT" && break; sleep 1; done
  fi
  pg_isready -q -h "$BW_DB_HOST" -p "$BW_DB_PORT" || die "PostgreSQL is not running on $BW_DB_HOST:$BW_DB_PORT"
fi
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h "$BW_DB_HOST" -p "$BW_DB_PORT" -U "$BW_DB_SUPERUSER")
"${PSQL[@]}" -d postgres -f docker/postgres/bootstrap-roles.sql
if [[ -z $("${PSQL[@]}" -d postgres -tAc "select 1 from pg_database where datname = '$BW_DB_NAME'") ]]; then
  say "Creating database $BW_DB_NAME"
  "${PSQL[@]}" -d postgres -c "create database \"$BW_DB_NAME\" owner bellwether_owner"
fi
say "PostgreSQL ready: database $BW_DB_NAME on $BW_DB_HOST:$BW_DB_PORT"

# --- 2. Keycloak -----------------------------------------------------------------------
if [[ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
  say "Fetching Keycloak $KEYCLOAK_VERSION from Maven Central (about 177 MB, once)"
  mkdir -p "$CACHE"
  ./mvnw -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$CACHE" -Dmdep.stripVersion=false
  unzip -q -o "$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$CACHE"
  rm -f "$CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
fi
mkdir -p "$KEYCLOAK_HOME/data/import"
cp docker/keycloak/bellwether-realm.json "$KEYCLOAK_HOME/data/import/"
REALM_URL="$BW_KEYCLOAK_URL/realms/bellwether/.well-known/openid-configuration"
if port_open "$BW_KEYCLOAK_PORT"; then
  curl -fsS -o /dev/null "$REALM_URL" \
    || die "Port $BW_KEYCLOAK_PORT is taken by something that is not Keycloak with the bellwether realm"
  say "Keycloak already runs on $BW_KEYCLOAK_PORT with the bellwether realm; using it"
else
  say "Starting Keycloak on $BW_KEYCLOAK_PORT (first start builds it: about a minute)"
  mkdir -p "$CACHE/logs"
  # The realm import skips a realm that already exists; delete $KEYCLOAK_HOME/data/h2 to re-import.
  setsid env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$BW_KEYCLOAK_PORT" \
    --http-management-port="$BW_KEYCLOAK_MANAGEMENT_PORT" --import-realm \
    >"$CACHE/logs/keycloak.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_for "$REALM_URL" 240 "Keycloak (log: $CACHE/logs/keycloak.log)"
  say "Keycloak ready (log: $CACHE/logs/keycloak.log)"
fi

# --- 3. The app ------------------------------------------------------------------------
port_open "$BW_HTTP_PORT" && die "Port $BW_HTTP_PORT is already in use"
if [[ $MODE == jar ]]; then
  say "Building the packaged app (tests skipped: run ./mvnw verify for those)"
  ./mvnw -q -B package -DskipTests
  setsid java -jar target/quarkus-app/quarkus-run.jar &
else
  say "Starting the app in dev mode"
  setsid ./mvnw -q -B quarkus:dev -Dquarkus.console.enabled=false &
fi
STARTED_PIDS+=($!)
wait_for "http://localhost:$BW_HTTP_PORT/q/health/ready" 300 "The app"

cat <<EOF

  Bellwether is running:  http://localhost:$BW_HTTP_PORT
  Keycloak:               $BW_KEYCLOAK_URL  (master admin: admin / admin, local only)

  Demo logins (password: demo)
    tenant acme:    ada (admin)   eve (executive)   cam (csm)   cole (csm)
    tenant globex:  gus (admin)   gia (csm)

  Ctrl-C stops everything this script started.

EOF
wait "${STARTED_PIDS[-1]}"
