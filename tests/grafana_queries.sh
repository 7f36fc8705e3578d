#!/usr/bin/env bash
# Run the SQL queries of dashboards/grafana/amp.json through psycopg2, as Grafana would send
# them, and check their results. tests/grafana_queries.py lists the checks. scripts/test.sh
# runs this file with PGHOST, PGPORT, PGUSER and PGDATABASE set, in a new database where amp
# is installed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Debian's python3-psycopg2 installs into the system interpreter, which a python3 earlier on
# PATH (from pyenv, for example) does not see.
python=/usr/bin/python3
if ! "$python" -c 'import psycopg2' 2>/dev/null; then
    echo "grafana_queries.sh: psycopg2 not found for $python. Install python3-psycopg2 (scripts/setup.sh does)." >&2
    exit 1
fi
exec "$python" tests/grafana_queries.py
