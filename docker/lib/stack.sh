# Shared pieces of docker/run-local.sh and the benchmark scripts (src/bench/): settings with
# their defaults, PostgreSQL, the app's database, Keycloak. Source it; it defines functions only
# (and the settings below), starts nothing by itself.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
export BW_HTTP_PORT=${BW_HTTP_PORT:-8080}
export BW_MANAGEMENT_PORT=${BW_MANAGEMENT_PORT:-9000}
export BW_KEYCLOAK_PORT=${BW_KEYCLOAK_PORT:-8180}
export BW_KEYCLOAK_MANAGEMENT_PORT=${BW_KEYCLOAK_MANAGEMENT_PORT:-9180}
export BW_DB_HOST=${BW_DB_HOST:-127.0.0.1}
export BW_DB_PORT=${BW_DB_PORT:-5432}
export BW_DB_NAME=${BW_DB_NAME:-bellwether}
export BW_DB_SUPERUSER=${BW_DB_SUPERUSER:-postgres}
export BW_KEYCLOAK_URL=${BW_KEYCLOAK_URL:-http://localhost:${BW_KEYCLOAK_PORT}}
export BW_SMTP_PORT=${BW_SMTP_PORT:-1025}
export BW_MAIL_WEB_PORT=${BW_MAIL_WEB_PORT:-1080}
# MailDev 3 needs Node.js 20 or later; 2.2 takes 18, Debian 12's own (chosen in ensure_mail_catcher)
MAILDEV_VERSION=3.0.0
MAILDEV_HOME=
BW_CACHE=${BW_CACHE_DIR:-$ROOT/.cache}
KEYCLOAK_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$ROOT/pom.xml")
KEYCLOAK_HOME="$BW_CACHE/keycloak-$KEYCLOAK_VERSION"
# -w: never prompt for a password (Debian's pg_hba asks one of postgres, who has none): fail, and say why
PSQL=(psql -X -q -w -v ON_ERROR_STOP=1 -h "$BW_DB_HOST" -p "$BW_DB_PORT" -U "$BW_DB_SUPERUSER")
# a superuser with a password (the tests take it as BW_DB_SUPERUSER_PASSWORD too)
if [[ -n ${BW_DB_SUPERUSER_PASSWORD:-} ]]; then export PGPASSWORD=$BW_DB_SUPERUSER_PASSWORD; fi
STARTED_PIDS=()

say() { printf '\033[1m[%s]\033[0m %s\n' "${BW_SCRIPT:-bellwether}" "$*"; }
die() { printf '\033[31m[%s] %s\033[0m\n' "${BW_SCRIPT:-bellwether}" "$*" >&2; exit 1; }

# Stops whatever these functions started (each in its own process group).
stop_started() {
  if ((${#STARTED_PIDS[@]})); then
    say "Stopping what this script started..."
    for pid in "${STARTED_PIDS[@]}"; do
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    STARTED_PIDS=()
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for() { # url seconds what [pid: stop waiting, with the reason, once that process has ended]
  local url=$1 deadline=$((SECONDS + $2)) what=$3 pid=${4:-}
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    ((SECONDS < deadline)) || die "$what did not answer at $url within $2 s"
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      die "$what stopped before it answered at $url"
    fi
    sleep 1
  done
}

require_tools() {
  local tool package
  for tool in "$@"; do
    case "$tool" in
      java | jstat) package=openjdk-17-jdk ;;
      psql | pg_isready) package=postgresql-client ;;
      awk) package=gawk ;;
      *) package=$tool ;;
    esac
    command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get update && apt-get install -y $package)"
  done
}

# PostgreSQL answers (starting the local cluster if it is installed but stopped), and the
# app's roles exist.
ensure_postgres() {
  if ! pg_isready -q -h "$BW_DB_HOST" -p "$BW_DB_PORT"; then
    if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
      say "PostgreSQL is not answering; starting the local cluster"
      # pg_ctlcluster runs as root or as the cluster's owner: through sudo for anyone else
      local as=()
      [[ $(id -u) -eq 0 ]] || ! command -v sudo >/dev/null || as=(sudo)
      "${as[@]}" pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start
      for _ in $(seq 1 30); do pg_isready -q -h "$BW_DB_HOST" -p "$BW_DB_PORT" && break; sleep 1; done
    fi
    if ! pg_isready -q -h "$BW_DB_HOST" -p "$BW_DB_PORT"; then
      [[ -d /etc/postgresql ]] || die "PostgreSQL is not running on $BW_DB_HOST:$BW_DB_PORT, and no local server is" \
        "installed (Debian: apt-get update && apt-get install -y postgresql; or set BW_DB_HOST and BW_DB_PORT to yours)"
      die "PostgreSQL is not running on $BW_DB_HOST:$BW_DB_PORT"
    fi
  fi
  local refused
  if ! refused=$("${PSQL[@]}" -d postgres -c "select 1" 2>&1 >/dev/null); then
    die "PostgreSQL refused $BW_DB_SUPERUSER: $refused. Without a password, put" \
      "'host all postgres 127.0.0.1/32 trust' above the other host lines of pg_hba.conf and reload it;" \
      "or set BW_DB_SUPERUSER and BW_DB_SUPERUSER_PASSWORD (README.md)"
  fi
  "${PSQL[@]}" -d postgres -f "$ROOT/docker/postgres/bootstrap-roles.sql"
}

# The database $1 exists, owned by the schema owner (created when missing; --fresh drops it first).
ensure_database() {
  local name=$1
  if [[ ${2:-} == --fresh ]]; then
    "${PSQL[@]}" -d postgres -c "drop database if exists \"$name\" with (force)"
  fi
  if [[ -z $("${PSQL[@]}" -d postgres -tAc "select 1 from pg_database where datname = '$name'") ]]; then
    say "Creating database $name"
    "${PSQL[@]}" -d postgres -c "create database \"$name\" owner bellwether_owner"
  fi
}

# Keycloak answers on $BW_KEYCLOAK_PORT with the bellwether realm: reuses a running one, or
# fetches the distribution through ./mvnw (once, into the cache) and starts it.
ensure_keycloak() {
  local realm_url="$BW_KEYCLOAK_URL/realms/bellwether/.well-known/openid-configuration"
  if port_open "$BW_KEYCLOAK_PORT"; then
    curl -fsS -o /dev/null "$realm_url" \
      || die "Port $BW_KEYCLOAK_PORT is taken by something that is not Keycloak with the bellwether realm"
    say "Keycloak already runs on $BW_KEYCLOAK_PORT with the bellwether realm; using it"
    return
  fi
  # taken, Keycloak would build for a minute and then stop
  port_open "$BW_KEYCLOAK_MANAGEMENT_PORT" && die "Port $BW_KEYCLOAK_MANAGEMENT_PORT (Keycloak's health) is already" \
    "in use (set BW_KEYCLOAK_MANAGEMENT_PORT for another)"
  if [[ ! -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
    say "Fetching Keycloak $KEYCLOAK_VERSION from Maven Central (about 177 MB, once)"
    mkdir -p "$BW_CACHE"
    (cd "$ROOT" && ./mvnw -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
      -DoutputDirectory="$BW_CACHE")
    # unpacked beside it, then moved into place: an unzip cut short (Ctrl-C, a full disk) leaves no
    # half a Keycloak that later runs would take for a whole one
    rm -rf "$BW_CACHE/.unzip"
    unzip -q -o "$BW_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" -d "$BW_CACHE/.unzip"
    rm -rf "$KEYCLOAK_HOME"
    mv "$BW_CACHE/.unzip/keycloak-$KEYCLOAK_VERSION" "$KEYCLOAK_HOME"
    rm -rf "$BW_CACHE/.unzip" "$BW_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
  fi
  mkdir -p "$KEYCLOAK_HOME/data/import" "$BW_CACHE/logs"
  cp "$ROOT/docker/keycloak/bellwether-realm.json" "$KEYCLOAK_HOME/data/import/"
  say "Starting Keycloak on $BW_KEYCLOAK_PORT (the first start builds it: about a minute)"
  # The realm import skips a realm that already exists; delete $KEYCLOAK_HOME/data/h2 to re-import.
  # The realm's SMTP (Keycloak's own emails: invitations) goes to the local mail catcher.
  setsid env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    BW_KC_SMTP_HOST=127.0.0.1 BW_KC_SMTP_PORT="$BW_SMTP_PORT" \
    "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$BW_KEYCLOAK_PORT" \
    --http-management-port="$BW_KEYCLOAK_MANAGEMENT_PORT" --import-realm \
    >"$BW_CACHE/logs/keycloak.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_for "$realm_url" 240 "Keycloak (log: $BW_CACHE/logs/keycloak.log)" "$!"
  say "Keycloak ready (log: $BW_CACHE/logs/keycloak.log)"
}

# A local mail catcher with a web inbox: MailDev (npm package maildev), SMTP on $BW_SMTP_PORT and its
# inbox on http://localhost:$BW_MAIL_WEB_PORT. Installed once with npm into $MAILDEV_HOME (under the
# user's cache folder, not the repository). Reuses one already listening. Without node and npm it
# warns and goes on: the app keeps its emails in the outbox (pending) until an SMTP server answers.
ensure_mail_catcher() {
  MAIL_INBOX=""
  if port_open "$BW_SMTP_PORT"; then
    say "Something already listens for SMTP on $BW_SMTP_PORT; the app sends its emails there"
    if port_open "$BW_MAIL_WEB_PORT"; then MAIL_INBOX="http://localhost:$BW_MAIL_WEB_PORT (if that is MailDev's)"; fi
    return 0
  fi
  if port_open "$BW_MAIL_WEB_PORT"; then
    say "Port $BW_MAIL_WEB_PORT (the mail inbox) is already in use: no local mail inbox this time"
    return
  fi
  if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
    say "node and npm are missing (apt-get update && apt-get install -y nodejs npm): no local mail inbox this time"
    return
  fi
  # MailDev 3 needs Node.js 20 or later; Debian 12's apt gives 18, which MailDev 2.2 takes
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)
  if [[ ! $major =~ ^[0-9]+$ ]] || (( major < 18 )); then
    say "MailDev needs Node.js 18 or later, and this one is ${major:-unknown}: no local mail inbox this time"
    return
  fi
  if (( major < 20 )); then MAILDEV_VERSION=2.2.1; fi
  MAILDEV_HOME=${BW_MAILDEV_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/bellwether/maildev-$MAILDEV_VERSION}
  if [[ ! -x "$MAILDEV_HOME/node_modules/.bin/maildev" ]]; then
    say "Installing MailDev $MAILDEV_VERSION from npm into $MAILDEV_HOME (once)"
    mkdir -p "$MAILDEV_HOME"
    # --prefix: without it npm installs into the nearest parent folder with a package.json or node_modules
    npm install --prefix "$MAILDEV_HOME" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >/dev/null \
      && [[ -x "$MAILDEV_HOME/node_modules/.bin/maildev" ]] \
      || { say "Could not install MailDev: no local mail inbox this time"; return; }
  fi
  mkdir -p "$BW_CACHE/logs"
  setsid "$MAILDEV_HOME/node_modules/.bin/maildev" --smtp "$BW_SMTP_PORT" --ip 127.0.0.1 \
    --web "$BW_MAIL_WEB_PORT" --web-ip 127.0.0.1 >"$BW_CACHE/logs/maildev.log" 2>&1 &
  local maildev=$!
  STARTED_PIDS+=("$maildev")
  # the app works without it (emails wait in its outbox): a MailDev that does not start is no reason to stop
  local i
  for ((i = 0; i < 60; i++)); do
    if ! kill -0 "$maildev" 2>/dev/null; then
      say "MailDev stopped (log: $BW_CACHE/logs/maildev.log): no local mail inbox this time"
      return
    fi
    # its messages' API: 3.x under /api/email, 2.x under /email (3.x answers / only to a browser's Accept)
    if curl -fsS -o /dev/null "http://127.0.0.1:$BW_MAIL_WEB_PORT/api/email" 2>/dev/null \
      || curl -fsS -o /dev/null "http://127.0.0.1:$BW_MAIL_WEB_PORT/email" 2>/dev/null; then
      MAIL_INBOX="http://localhost:$BW_MAIL_WEB_PORT"
      say "Mail inbox ready: $MAIL_INBOX (SMTP on $BW_SMTP_PORT)"
      return
    fi
    sleep 1
  done
  say "MailDev did not answer within 60 s (log: $BW_CACHE/logs/maildev.log): no local mail inbox this time"
}

# Keycloak admin API (admin/admin on the master realm unless KC_ADMIN / KC_ADMIN_PASSWORD say otherwise).
kc_admin_token() {
  curl -fsS -d grant_type=password -d client_id=admin-cli -d username="${KC_ADMIN:-admin}" \
    -d password="${KC_ADMIN_PASSWORD:-admin}" "$BW_KEYCLOAK_URL/realms/master/protocol/openid-connect/token" | jq -r .access_token
}

# The web client accepts http://localhost:$1/* and http://127.0.0.1:$1/* as redirect URIs (the demo realm lists
# 8080 and 8081). Needs jq.
allow_redirect() {
  local admin client id url
  require_tools jq
  admin=$(kc_admin_token)
  client=$(curl -fsS -H "Authorization: Bearer $admin" "$BW_KEYCLOAK_URL/admin/realms/bellwether/clients?clientId=bellwether-web")
  id=$(jq -r '.[0].id' <<<"$client")
  for url in "http://localhost:$1/*" "http://127.0.0.1:$1/*"; do
    if ! jq -e --arg u "$url" '.[0].redirectUris | index($u)' <<<"$client" >/dev/null; then
      say "Adding $url to bellwether-web's redirect URIs"
      client=$(jq --arg u "$url" '.[0].redirectUris += [$u]' <<<"$client")
    fi
  done
  jq '.[0]' <<<"$client" | curl -fsS -X PUT -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    --data-binary @- "$BW_KEYCLOAK_URL/admin/realms/bellwether/clients/$id"
}

# An access token for a demo user, from the password grant on the public client.
token_for() {
  curl -fsS -d grant_type=password -d client_id=bellwether-cli -d "username=$1" -d password=demo \
    "$BW_KEYCLOAK_URL/realms/bellwether/protocol/openid-connect/token" \
    | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# Warns when the running Keycloak's realm predates tenants as organizations (an old data folder:
# the import skips a realm that exists), since its tokens then carry no tenant and every page is 403.
check_realm_has_organizations() {
  local payload
  # no token (ada deleted with her organisation on /operator, say) is no reason to stop the stack
  if ! payload=$(token_for ada | cut -d. -f2 | tr '_-' '/+') || [[ -z "$payload" ]]; then
    say "Note: could not sign in as ada to check the realm (deleted with acme?); skipping that check."
    return 0
  fi
  while (( ${#payload} % 4 )); do payload+="="; done
  if ! base64 -d <<<"$payload" 2>/dev/null | grep -q '"organization"'; then
    say "WARNING: Keycloak's bellwether realm has no organizations (imported before they came):"
    say "         stop Keycloak, delete $KEYCLOAK_HOME/data/h2 and start again to re-import it."
  fi
}

