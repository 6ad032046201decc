#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, from Debian's postgresql package (15 or later).
#
#   eval "$(bash scripts/postgres-test-cluster.sh start)"   # prints export POLESTAGE_TEST_POSTGRES_URL=… and …_DIR=…
#   bash scripts/postgres-test-cluster.sh stop "$POLESTAGE_TEST_POSTGRES_DIR"
#   bash scripts/postgres-test-cluster.sh pause DIR | resume DIR   # stops the server, keeping its data; starts it again
#
# The cluster lives in a new temporary folder, listens on 127.0.0.1 only (port POLESTAGE_TEST_POSTGRES_PORT, 54329 by
# default) and trusts local connections: it is for tests, never for data. PostgreSQL refuses to run as root, so as
# root the cluster belongs to the `postgres` user that Debian's package creates.
set -euo pipefail

command=${1:-}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/initdb" ]] || { echo "PostgreSQL's initdb not found: apt-get install postgresql" >&2; exit 1; }

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_server() {
    local dir=$1 port
    port=$(cat "$dir/port")
    # Nothing of the caller's is left open in the server: a caller reading this script's output gets its end.
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=120 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=on" start </dev/null >"$dir/pg_ctl.log" 2>&1 \
        || { cat "$dir/pg_ctl.log" "$dir/server.log" >&2; exit 1; }
}

case "$command" in
start)
    port=${POLESTAGE_TEST_POSTGRES_PORT:-54329}
    dir=$(mktemp -d /tmp/polestage-postgres.XXXXXX)
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=polestage --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    start_server "$dir"
    echo "export POLESTAGE_TEST_POSTGRES_URL=postgres://polestage@127.0.0.1:$port/postgres?sslmode=disable"
    echo "export POLESTAGE_TEST_POSTGRES_DIR=$dir"
    ;;
stop)
    dir=${2:?the folder of the cluster, as start printed it}
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >&2 || true
    rm -rf "$dir"
    ;;
pause)
    dir=${2:?the folder of the cluster, as start printed it}
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=fast --wait stop >&2
    ;;
resume)
    dir=${2:?the folder of the cluster, as start printed it}
    start_server "$dir"
    ;;
*)
    echo "usage: $0 start | stop DIR | pause DIR | resume DIR" >&2
    exit 2
    ;;
esac
