#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL 15 + pgvector cluster on 127.0.0.1 and MIP_TEST_PG pointing at it.
# The cluster lives in a temp folder and is stopped and deleted when the command ends, however it ends.
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/setup-pgvector.sh"
bin=/usr/lib/postgresql/15/bin
# initdb and postgres refuse to run as root; the cluster belongs to the postgres user the Debian package creates.
run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
data="$(mktemp -d /tmp/mip-pg.XXXXXX)"
chmod 755 "$data"
[ "$(id -u)" = 0 ] && chown postgres: "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)
stop() {
  run_as_pg "$bin/pg_ctl" -D "$data/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$data"
}
trap stop EXIT
run_as_pg "$bin/initdb" -D "$data/db" -U postgres -A trust --no-sync -E UTF8 >"$data/initdb.log" 2>&1 \
  || { cat "$data/initdb.log"; exit 1; }
# fsync stays on: the stores' durability is part of what the tests check. Sockets go in the temp folder, not /var/run.
run_as_pg "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $data -c max_connections=200 -c shared_buffers=256MB" start >/dev/null \
  || { cat "$data/server.log"; exit 1; }
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
export MIP_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=100"
echo "PostgreSQL with pgvector on 127.0.0.1:$port (MIP_TEST_PG set)"
"$@"
