#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests, demos and benchmarks: installed with apt when missing
# (Debian, as root), initialised in a temporary directory, listening on a free port of 127.0.0.1.
#
#   scripts/pg.sh start DIR [PID]  initdb in DIR (created), start, print the server's URL; with
#                                  PID, the server is also stopped when that process ends, so a
#                                  killed test run leaves no server behind
#   scripts/pg.sh stop DIR         stop the server in DIR and remove DIR
#   scripts/pg.sh run -- CMD...  start a server in a temporary directory, run CMD with
#                                WATCHLIST_PG_URL set to it, stop the server whatever CMD does
#   scripts/pg.sh bindir         print the directory of initdb/pg_ctl/pg_dump (installing first)
#
# PG_SH_DURABLE=1 keeps fsync and synchronous commits on (benchmarks); tests turn them off.
# Exit status 3 means PostgreSQL is not installed and cannot be (not root, or no apt-get):
# callers that may run without PostgreSQL (the test suite) test for it.
# A developer without root points WATCHLIST_TEST_PG_URL at an existing server instead.
set -euo pipefail

NOT_INSTALLABLE=3

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

find_bindir() {
  # Debian keeps the server binaries out of PATH, one directory per major version.
  if [ -n "${PG_BINDIR:-}" ]; then
    [ -x "$PG_BINDIR/initdb" ] || die "PG_BINDIR=$PG_BINDIR holds no initdb"
    echo "$PG_BINDIR"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return 0
  fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

install_postgres() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "pg.sh: PostgreSQL is not installed and cannot be installed here (needs root and" \
      "apt-get); set WATCHLIST_TEST_PG_URL to an existing server" >&2
    exit $NOT_INSTALLABLE
  fi
  echo "pg.sh: installing PostgreSQL with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # Debian's package creates and starts a cluster on port 5432 unless told not to; the
  # servers this script runs live in temporary directories instead.
  apt-get install -y -qq postgresql-common >/dev/null
  sed -i 's/^#\?\s*create_main_cluster.*/create_main_cluster = false/' \
    /etc/postgresql-common/createcluster.conf
  apt-get install -y -qq postgresql >/dev/null
}

bindir() {
  find_bindir || { install_postgres && find_bindir; } || die "PostgreSQL installed, but no initdb"
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# initdb and postgres refuse to run as root; root runs them as Debian's postgres user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start() {
  local dir=$1 owner=${2:-} bin port
  bin=$(bindir)
  mkdir -p "$dir"
  [ -e "$dir/PG_VERSION" ] && die "$dir holds a cluster already"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no postgres system user (is Debian's postgresql installed?)"
    chown postgres: "$dir"
  fi
  chmod 700 "$dir"
  # Text sorts as on a typical production server (ICU en-US, where case and punctuation weigh
  # less than letters), not in byte order as in SQLite, so that tests catch code that lets the
  # database decide an order users see.
  as_owner "$bin/initdb" -D "$dir" -U watchlist --auth=trust -E UTF8 --locale=C.UTF-8 \
    --locale-provider=icu --icu-locale=en-US --no-sync \
    >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir.initdb.log"
  cat >>"$dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
EOF
  # A test server trades durability for speed, since its data is thrown away; benchmarks set
  # PG_SH_DURABLE=1 to measure a server configured as in production.
  if [ "${PG_SH_DURABLE:-}" != 1 ]; then
    printf '%s\n' "fsync = off" "synchronous_commit = off" "full_page_writes = off" \
      >>"$dir/postgresql.conf"
  fi
  for _attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir" -o "-p $port" -l "$dir/server.log" -w -t 60 start \
      >/dev/null; then
      "$bin/psql" -q -h 127.0.0.1 -p "$port" -U watchlist -d postgres \
        -c "CREATE DATABASE watchlist" >/dev/null
      if [ -n "$owner" ]; then
        setsid bash "$0" watch "$dir" "$owner" </dev/null >/dev/null 2>&1 &
        echo $! >"$dir.watchdog"
      fi
      echo "postgresql+psycopg://watchlist@127.0.0.1:$port/watchlist"
      return 0
    fi
    # Another process took the port between the probe and the start: try another one.
  done
  cat "$dir/server.log" >&2 || true
  die "could not start PostgreSQL in $dir"
}

stop() {
  local dir=$1 bin
  if [ -f "$dir.watchdog" ]; then
    [ "${PG_SH_WATCHDOG:-}" = 1 ] || kill "$(cat "$dir.watchdog")" 2>/dev/null || true
    rm -f "$dir.watchdog"
  fi
  [ -e "$dir/PG_VERSION" ] || die "$dir holds no cluster"
  bin=$(find_bindir) || die "no pg_ctl found"
  as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
  rm -rf "$dir"
}

watch() {
  local dir=$1 pid=$2
  while kill -0 "$pid" 2>/dev/null; do sleep 1; done
  if [ -e "$dir/PG_VERSION" ]; then
    PG_SH_WATCHDOG=1 stop "$dir"
  fi
}

run() {
  local url status=0
  # global, for the EXIT trap that runs after this function has returned
  RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/watchlist-pg.XXXXXX")
  rmdir "$RUN_DIR"
  url=$(start "$RUN_DIR")
  trap 'stop "$RUN_DIR"' EXIT
  echo "pg.sh: PostgreSQL at $url" >&2
  WATCHLIST_PG_URL=$url "$@" || status=$?
  return $status
}

case "${1:-}" in
  start) [ $# -ge 2 ] && [ $# -le 3 ] || die "usage: pg.sh start DIR [PID]"; start "$2" "${3:-}" ;;
  stop) [ $# -eq 2 ] || die "usage: pg.sh stop DIR"; stop "$2" ;;
  run) shift; [ "${1:-}" = "--" ] && shift; [ $# -ge 1 ] || die "usage: pg.sh run -- CMD..."; run "$@" ;;
  watch) [ $# -eq 3 ] || die "usage: pg.sh watch DIR PID"; watch "$2" "$3" ;;
  bindir) bindir ;;
  *) die "usage: pg.sh start DIR | stop DIR | run -- CMD... | bindir" ;;
esac
