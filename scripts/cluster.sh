# Functions that run a throwaway PostgreSQL 15 cluster on a unix socket only. Source this
# file as root, then:
#
#   cluster_start DIR [PORT]   initdb DIR/data if needed, start it, export PGHOST/PGPORT/PGUSER
#   cluster_env DIR            export PGHOST/PGPORT/PGUSER of the running cluster in DIR
#   cluster_stop DIR           stop the cluster if it runs
#
# DIR contains data/ (the data directory), initdb.log, server.log and, when the path is short
# enough, socket/. initdb and the server run as the postgres user, which must be able to
# reach DIR. The functions return 1 on failure instead of relying on the caller's set -e,
# because bash ignores set -e inside a function called from an if or || list.

PG_BIN=$("${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}" --bindir)

# The server binds no TCP port (listen_addresses=''), so PORT only names the socket file
# .s.PGSQL.PORT. It cannot clash with other servers, whose sockets live in other folders.
CLUSTER_DEFAULT_PORT=5432

# sun_path in <sys/un.h> is 108 bytes long, including the terminating NUL.
CLUSTER_MAX_SOCKET_PATH=107

cluster_start() {
    local dir=$1 port=${2:-$CLUSTER_DEFAULT_PORT}
    mkdir -p "$dir" || return 1
    dir=$(cd "$dir" && pwd) || return 1
    chown postgres:postgres "$dir" || return 1

    if [[ ! -f $dir/data/PG_VERSION ]]; then
        if ! runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres \
            --encoding UTF8 --locale C.UTF-8 >"$dir/initdb.log" 2>&1; then
            echo "cluster.sh: initdb failed, see $dir/initdb.log" >&2
            return 1
        fi
        # Also set in postgresql.conf, so that a server started by hand binds no TCP port either.
        echo "listen_addresses = ''" >>"$dir/data/postgresql.conf" || return 1
    fi

    if _cluster_is_running "$dir"; then
        echo "cluster.sh: the cluster in $dir is already running" >&2
        cluster_env "$dir"
        return
    fi

    local socket_dir=$dir/socket
    if ((${#socket_dir} + ${#port} + 10 > CLUSTER_MAX_SOCKET_PATH)); then
        # 10 is the length of "/.s.PGSQL.". cluster_stop removes this folder again.
        socket_dir=$(mktemp -d /tmp/amp-pg.XXXXXX) || return 1
    fi
    mkdir -p "$socket_dir" || return 1
    chown postgres:postgres "$socket_dir" || return 1

    # pg_ctl passes -o through a shell, hence the inner quotes. The server must not inherit
    # RUST_BACKTRACE, or every error raised inside amp carries a Rust backtrace in its DETAIL.
    if ! runuser -u postgres -- env -u RUST_BACKTRACE -u RUST_LIB_BACKTRACE \
        "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-p $port -k '$socket_dir' -c listen_addresses=''" start >/dev/null; then
        echo "cluster.sh: PostgreSQL failed to start; last lines of $dir/server.log:" >&2
        tail -n 20 "$dir/server.log" >&2
        return 1
    fi
    cluster_env "$dir"
}

# Reads the port and socket folder from postmaster.pid, whose line 4 is the port and line 5
# the first unix socket directory (LOCK_FILE_LINE_* in PostgreSQL 15's utils/pidfile.h).
cluster_env() {
    local dir
    dir=$(cd "$1" && pwd) || return 1
    if ! _cluster_is_running "$dir"; then
        echo "cluster.sh: no cluster is running in $dir" >&2
        return 1
    fi
    export PGPORT PGHOST PGUSER=postgres
    PGPORT=$(sed -n 4p "$dir/data/postmaster.pid")
    PGHOST=$(sed -n 5p "$dir/data/postmaster.pid")
}

cluster_stop() {
    local dir=$1 socket_dir
    if ! _cluster_is_running "$dir"; then
        return 0
    fi
    socket_dir=$(sed -n 5p "$dir/data/postmaster.pid")
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null ||
        return 1
    if [[ $socket_dir == /tmp/amp-pg.* ]]; then
        rm -rf "$socket_dir"
    fi
}

_cluster_is_running() {
    [[ -f $1/data/PG_VERSION ]] &&
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null
}
