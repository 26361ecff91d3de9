#!/usr/bin/env bash
# Starts Bellwether's whole stack on this machine, without Docker:
#   1. PostgreSQL: checks it answers (starts the local cluster if installed but stopped),
#      creates the app's roles and database if missing (idempotent);
#   2. Keycloak: fetches the official distribution from Maven Central through ./mvnw into a
#      cache folder if absent, starts it on 8180 with the demo realm imported;
#   3. a local mail catcher (MailDev, from npm) whose web inbox on 1080 shows every email the
#      app sends (digests and alert emails) and Keycloak's invitations;
#   4. the app on 8080 (dev mode; --jar builds and runs the packaged app), which fills the
#      demo tenants acme and globex with generated data on its first start.
# Ctrl-C stops everything this script started.
#
# Usage: docker/run-local.sh [--jar]
# Settings (environment, with defaults):
#   BW_HTTP_PORT=8080 BW_MANAGEMENT_PORT=9000 BW_KEYCLOAK_PORT=8180 BW_KEYCLOAK_MANAGEMENT_PORT=9180
#   BW_DB_HOST=127.0.0.1 BW_DB_PORT=5432 BW_DB_NAME=bellwether BW_DB_SUPERUSER=postgres
#   BW_SMTP_PORT=1025 BW_MAIL_WEB_PORT=1080
#   BW_CACHE_DIR=<repo>/.cache   BW_DEMO_DATA=true   BW_DEMO_TENANTS=acme,globex
set -euo pipefail
BW_SCRIPT=run-local
source "$(dirname "${BASH_SOURCE[0]}")/lib/stack.sh"
cd "$ROOT"

MODE=dev
case "${1:-}" in
  --jar) MODE=jar ;;
  "") ;;
  -h|--help) sed -n '2,18p' "$ROOT/docker/run-local.sh"; exit 0 ;;
  *) echo "Unknown option: $1 (use --jar or nothing)" >&2; exit 2 ;;
esac
export BW_DEMO_DATA=${BW_DEMO_DATA:-true}
# Only the platform operator creates tenants; the demo realm's two are created at start-up.
export BW_DEMO_TENANTS=${BW_DEMO_TENANTS:-acme,globex}
# The demo realm and application.properties share demo secrets; the packaged app (--jar) runs in
# production mode, which refuses them unless told this is a demo machine.
export BW_ALLOW_DEMO_SECRETS=${BW_ALLOW_DEMO_SECRETS:-true}
# Email goes to the local mail catcher; webhooks may point at this machine (a local test receiver).
export BW_SMTP_HOST=${BW_SMTP_HOST:-127.0.0.1}
export BW_WEBHOOK_ALLOW_PRIVATE=${BW_WEBHOOK_ALLOW_PRIVATE:-true}
export BW_PUBLIC_URL=${BW_PUBLIC_URL:-http://localhost:$BW_HTTP_PORT}

trap stop_started EXIT
trap 'exit 130' INT TERM

require_tools java curl unzip psql pg_isready
# the app's ports first: found taken after Keycloak's first start, they cost a minute for nothing
port_open "$BW_HTTP_PORT" && die "Port $BW_HTTP_PORT is already in use (set BW_HTTP_PORT for another)"
port_open "$BW_MANAGEMENT_PORT" \
  && die "Port $BW_MANAGEMENT_PORT (health and metrics) is already in use (set BW_MANAGEMENT_PORT for another)"
ensure_postgres
ensure_database "$BW_DB_NAME"
say "PostgreSQL ready: database $BW_DB_NAME on $BW_DB_HOST:$BW_DB_PORT"
ensure_keycloak
check_realm_has_organizations
# the demo realm's web client returns to 8080 and 8081 only
[[ $BW_HTTP_PORT == 8080 || $BW_HTTP_PORT == 8081 ]] || allow_redirect "$BW_HTTP_PORT"
ensure_mail_catcher

if [[ $MODE == jar ]]; then
  say "Building the packaged app (tests skipped: run ./mvnw verify for those)"
  ./mvnw -q -B package -DskipTests
  setsid java -jar target/quarkus-app/quarkus-run.jar &
else
  # downloaded and compiled in the foreground first: on a fresh machine that alone can take longer than
  # the wait for the app below, which would then stop a download half done
  say "Compiling the app (the first time, Maven downloads its libraries: about 1 GB)"
  ./mvnw -q -B test-compile -Dcheckstyle.skip
  say "Starting the app in dev mode"
  setsid ./mvnw -q -B quarkus:dev -Dquarkus.console.enabled=false &
fi
STARTED_PIDS+=($!)
wait_for "http://localhost:$BW_MANAGEMENT_PORT/q/health/ready" 300 "The app" "$!"

cat <<BANNER

  Bellwether is running:  http://localhost:$BW_HTTP_PORT
  Keycloak:               $BW_KEYCLOAK_URL  (master admin: admin / admin, local only)
  Mail inbox (MailDev):   ${MAIL_INBOX:-none this time: digests and alert emails wait in /admin/outbox, invitations fail}

  Demo logins (password: demo; the username first, then the password)
    tenant acme:    ada (admin)   eve (executive)   cam (csm)   cole (csm)
    tenant globex:  gus (admin)   gia (csm)
    no tenant:      otto (platform operator: /operator creates, suspends and deletes tenants)
  Tenants are Keycloak organizations; admins invite people on /admin/team.

  Ctrl-C stops everything this script started.

BANNER
wait "${STARTED_PIDS[-1]}"
