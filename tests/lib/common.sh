# Helpers shared by the shell tests in tests/. Source it from a test script run by bash with
# PGHOST, PGPORT, PGUSER and PGDATABASE set, as scripts/test.sh does.
#
#   sql 'STATEMENTS'             run statements, print unaligned tuples, stop the test on error
#   sql_state 'STATEMENT'        print the SQLSTATE the statement raises, or "ok"
#   expect NAME ACTUAL EXPECTED  record one check: prints "ok NAME" or "FAILED NAME" with values
#   finish                       print the totals and exit non-zero if any check failed

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PG_BIN=$("$PG_CONFIG" --bindir)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

checks_passed=0
checks_failed=0

sql() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -At -c "$1"
}

# Runs one statement and prints its SQLSTATE, or "ok" when it succeeds. The statement runs
# in its own transaction, so an error does not affect later statements.
sql_state() {
    local output
    output=$("$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "$1" \
        2>&1 >/dev/null) && {
        echo ok
        return
    }
    sed -n 's/^ERROR: *\([0-9A-Z]\{5\}\):.*/\1/p' <<<"$output" | head -n 1
}

expect() {
    local name=$1 actual=$2 expected=$3
    if [[ $actual == "$expected" ]]; then
        checks_passed=$((checks_passed + 1))
        echo "ok $name"
    else
        checks_failed=$((checks_failed + 1))
        echo "FAILED $name"
        echo "  expected: $expected"
        echo "  actual:   $actual"
    fi
}

finish() {
    echo "$(basename "$0"): $checks_passed passed, $checks_failed failed"
    ((checks_failed == 0))
}
