# Services the tests need, sourced by scripts/test.sh, which calls
# start_services. It installs Debian's chromium for the browser tests when it
# is missing (as root, with apt-get), then starts a throwaway PostgreSQL 15
# (installed with the machine, not running) in a temporary directory, exports
# PUSHBACK_TEST_POSTGRES for the tests and stops it when the shell exits.
#
# By hand:  source scripts/services.sh && start_services
#           go test ./store/ ./server/ ./queue/
#
# Set PUSHBACK_TEST_POSTGRES yourself to use a database you already run.

PB_PG_BIN=${PB_PG_BIN:-/usr/lib/postgresql/15/bin}

# pb_as_postgres runs a command as the postgres OS user when we are root
# (initdb and postgres refuse to run as root).
pb_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pb_free_port prints a TCP port on 127.0.0.1 that nothing listens on.
pb_free_port() {
  local p
  for p in $(seq $((20000 + RANDOM % 20000)) 65000); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# ensure_chromium makes Debian's chromium available for the web app's
# end-to-end tests (web/e2e_test.go): it installs the package with apt-get
# when it is missing and we are root, and exports PUSHBACK_CHROMIUM. Without
# it the browser tests skip.
ensure_chromium() {
  if [ -n "${PUSHBACK_CHROMIUM:-}" ] && [ -x "$PUSHBACK_CHROMIUM" ]; then
    echo "Chromium: using PUSHBACK_CHROMIUM ($PUSHBACK_CHROMIUM)"
    return 0
  fi
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Chromium: installing Debian's chromium for the browser tests"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null ||
        { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; } ||
        echo "Chromium: apt-get install chromium failed; browser tests will be skipped"
    else
      echo "Chromium: /usr/bin/chromium not found and not root; browser tests will be skipped"
    fi
  fi
  if [ -x /usr/bin/chromium ]; then
    export PUSHBACK_CHROMIUM=/usr/bin/chromium
    echo "Chromium: $PUSHBACK_CHROMIUM"
  fi
  return 0
}

start_services() {
  ensure_chromium
  if [ -n "${PUSHBACK_TEST_POSTGRES:-}" ]; then
    echo "PostgreSQL: using PUSHBACK_TEST_POSTGRES"
    return 0
  fi
  if [ ! -x "$PB_PG_BIN/postgres" ]; then
    echo "PostgreSQL: $PB_PG_BIN/postgres not found; PostgreSQL tests will be skipped"
    return 0
  fi
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "PostgreSQL: no postgres OS user to run it as; PostgreSQL tests will be skipped"
    return 0
  fi

  PB_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pushback-pg.XXXXXX")
  chmod 755 "$PB_PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$PB_PG_DIR"
  trap stop_services EXIT

  pb_as_postgres "$PB_PG_BIN/initdb" -D "$PB_PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PB_PG_DIR/initdb.log" 2>&1 || {
    cat "$PB_PG_DIR/initdb.log"; return 1; }

  local port tries=0
  # A port can be taken between choosing it and postgres binding it: retry.
  while :; do
    port=$(pb_free_port)
    if pb_as_postgres "$PB_PG_BIN/pg_ctl" -D "$PB_PG_DIR/data" -l "$PB_PG_DIR/postgres.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $PB_PG_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
      break
    fi
    tries=$((tries + 1))
    if [ $tries -ge 3 ]; then
      cat "$PB_PG_DIR/postgres.log"; return 1
    fi
  done
  PB_PG_PORT=$port

  pb_as_postgres "$PB_PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres pushback_test
  export PUSHBACK_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/pushback_test?sslmode=disable"
  echo "PostgreSQL 15 on 127.0.0.1:$port ($PB_PG_DIR)"
}

stop_services() {
  if [ -n "${PB_PG_DIR:-}" ] && [ -d "$PB_PG_DIR/data" ]; then
    pb_as_postgres "$PB_PG_BIN/pg_ctl" -D "$PB_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$PB_PG_DIR"
  fi
  PB_PG_DIR=
}
