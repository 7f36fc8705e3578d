#!/usr/bin/env bash
# Install what building and testing amp needs on Debian 12, as root. Each step runs only
# when its result is missing, so a second run changes nothing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
# python3-psycopg2 is the client library of tests/grafana_queries.py; sqlsmith drives the fuzz test.
packages=(postgresql-15 postgresql-server-dev-15 libclang-dev clang pkg-config sudo python3
    python3-psycopg2 sqlsmith)

if [[ $EUID -ne 0 ]]; then
    echo "setup.sh: run it as root, because it installs packages and runs PostgreSQL as postgres" >&2
    exit 1
fi

if ! command -v cargo >/dev/null; then
    echo "setup.sh: cargo not found. Install Rust with rustup and put ~/.cargo/bin on PATH." >&2
    exit 1
fi

# 1. Debian packages.
missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
    if [[ $status != installed ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    # Installing postgresql-15 would otherwise create the Debian cluster "main" and, where
    # services may start, run it on localhost:5432. amp's scripts use their own clusters.
    if [[ ! -d /etc/postgresql/15 ]]; then
        mkdir -p /etc/postgresql-common/createcluster.d
        echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/amp.conf
    fi

    echo "setup.sh: installing ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# 2. cargo-pgrx, at the pgrx version that Cargo.lock pins.
pgrx_version=$(awk '$0 == "name = \"pgrx\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$root/Cargo.lock")
if [[ -z $pgrx_version ]]; then
    echo "setup.sh: no pgrx package found in $root/Cargo.lock. Run 'cargo generate-lockfile'." >&2
    exit 1
fi

installed_version=$(cargo pgrx --version 2>/dev/null || true)
if [[ $installed_version != "cargo-pgrx $pgrx_version" ]]; then
    echo "setup.sh: installing cargo-pgrx $pgrx_version (found: ${installed_version:-none})"
    cargo install cargo-pgrx --version "=$pgrx_version" --locked
fi

# 3. pgrx's configuration. As root this only writes config.toml and downloads nothing.
pgrx_config=${PGRX_HOME:-$HOME/.pgrx}/config.toml
if ! grep -qs '^pg15 *=' "$pgrx_config"; then
    cargo pgrx init --pg15 "$pg_config"
fi

# 4. The postgres user runs the clusters under target/, so it must be able to traverse
# every folder from / down to target/. Walk down and add o+x where it is missing.
mkdir -p "$root/target"
path=""
IFS=/ read -ra parts <<<"${root#/}/target"
for part in "${parts[@]}"; do
    path="$path/$part"
    if ! runuser -u postgres -- test -x "$path"; then
        echo "setup.sh: chmod o+x $path so that the postgres user can reach target/"
        chmod o+x "$path"
    fi
done
