#!/usr/bin/env bash
# Copies the full install scripts of earlier amp releases (sql/releases/amp--VERSION.sql)
# into the extension folder of a PostgreSQL installation, next to the scripts that
# `cargo pgrx install` writes. cargo-pgrx 0.18.1 generates the script of the current version
# and copies the upgrade scripts sql/amp--A--B.sql, but not old full scripts, and
# CREATE EXTENSION amp VERSION 'A' needs amp--A.sql. See docs/upgrades.md.
#
# Usage: scripts/install_releases.sh [PG_CONFIG]   (default: $PG_CONFIG, then
# /usr/lib/postgresql/15/bin/pg_config). Run it as a user that may write there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pg_config=${1:-${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}}
extension_dir=$("$pg_config" --sharedir)/extension

for script in sql/releases/amp--*.sql; do
    install -m 644 "$script" "$extension_dir/"
done
