#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth and a `test` database.
# Starts the machine's cluster if it stopped; creates a private one if the machine has none.
set -euo pipefail
PORT=${CLIENTFIT_PG_PORT:-5432}
ready() { pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; }

if ! ready; then
  if ls /etc/postgresql >/dev/null 2>&1 && [ -n "$(ls /etc/postgresql 2>/dev/null)" ]; then
    version=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
fi
if ! ready; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  DATA=/tmp/clientfit-pg
  if [ ! -d "$DATA" ]; then
    mkdir -p "$DATA" && chown postgres "$DATA"
    su postgres -c "$PGBIN/initdb -D $DATA -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
  fi
  su postgres -c "$PGBIN/pg_ctl -D $DATA -l $DATA/log -w -o '-c listen_addresses=127.0.0.1 -p $PORT -k $DATA' start"
fi
for _ in $(seq 1 30); do ready && break; sleep 1; done
ready || { echo "PostgreSQL did not start on 127.0.0.1:$PORT" >&2; exit 1; }
if ! psql -h 127.0.0.1 -p "$PORT" -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1; then
  psql -h 127.0.0.1 -p "$PORT" -U postgres -c "create database test" >/dev/null
fi
echo "PostgreSQL ready on 127.0.0.1:$PORT"
