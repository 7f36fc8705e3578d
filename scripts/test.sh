#!/usr/bin/env bash
# Run every amp test as root and exit non-zero if any stage fails. The stages, in order:
#
#   setup       scripts/setup.sh
#   unit        pure Rust tests of src/domain (cargo test ... domain::), no server
#   pg_test     the #[pg_test]s, through cargo pgrx test with a server run as postgres
#   install     cargo pgrx install (debug build) into the system PostgreSQL 15
#   regress     pg_regress over pg_test/schedule, against a new cluster in target/regress-cluster
#   tests/*.sh  each script there, one stage per script, against the same cluster
#
# pg_regress creates the database "regression" once, and every test in the schedule shares
# it, so the first test runs CREATE EXTENSION amp.
#
# Each tests/*.sh script runs with bash from the repository root. PGHOST, PGPORT and PGUSER
# point at the cluster, where amp is installed but CREATE EXTENSION has not run. AMP_TEST_DB
# and PGDATABASE both name a new, empty database made for that script alone. A non-zero
# exit status means the script failed.
#
# A failed stage does not stop later ones, except that a failed setup ends the run and a
# failed install fails the stages that need the cluster. The last line reads
# "amp: N passed, N failed".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/cluster.sh

# PG_CONFIG selects another PostgreSQL 15 installation, such as a private copy.
pg_config=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
export PG_CONFIG=$pg_config
pg_regress=$("$pg_config" --pkglibdir)/pgxs/src/test/regress/pg_regress
regress_cluster=target/regress-cluster

passed=0
failed=0
failed_stages=()
last_status=0

# Run "$@" as the stage named $1 and record the result in last_status and the counters.
# Bash ignores set -e inside a function called from an if or || list. So the stage runs in
# a subshell between set +e and set -e, and callers read last_status instead of testing
# this function.
run_stage() {
    local name=$1
    shift
    echo "=== amp: $name"
    set +e
    (
        set -e
        "$@"
    )
    last_status=$?
    set -e
    record_stage "$name" "$last_status"
}

record_stage() {
    if (($2 == 0)); then
        passed=$((passed + 1))
        echo "=== amp: $1 passed"
    else
        failed=$((failed + 1))
        failed_stages+=("$1")
        echo "=== amp: $1 FAILED"
    fi
}

print_summary() {
    if ((failed > 0)); then
        echo "failed stages: ${failed_stages[*]}"
    fi
    echo "amp: $passed passed, $failed failed"
}

stage_unit() {
    cargo test --lib --no-default-features --features pg15 domain::
}

stage_pg_test() {
    mkdir -p target/pgrx-test-data
    chown postgres:postgres target/pgrx-test-data
    # An absolute path, because cargo-pgrx 0.18.1 runs initdb from inside --pgdata but
    # pg_ctl from the crate folder, so a relative path names two different folders.
    cargo pgrx test pg15 --runas postgres --pgdata "$PWD/target/pgrx-test-data"
}

stage_install() {
    cargo pgrx install --pg-config "$pg_config"
    # Full scripts of earlier releases, so that the upgrade test can install them.
    scripts/install_releases.sh "$pg_config"
}

stage_regress() {
    if [[ ! -f pg_test/schedule ]]; then
        echo "pg_test/schedule not found. It lists the regression tests, one 'test: NAME' line each."
        return 1
    fi
    rm -rf target/regress
    mkdir -p target/regress
    if ! "$pg_regress" --bindir="$("$pg_config" --bindir)" --host="$PGHOST" --port="$PGPORT" \
        --user=postgres --inputdir=pg_test --outputdir=target/regress \
        --schedule=pg_test/schedule; then
        if [[ -f target/regress/regression.diffs ]]; then
            cat target/regress/regression.diffs
        fi
        return 1
    fi
}

stage_script() {
    local script=$1 database
    database=amp_test_$(basename "$script" .sh | tr -c 'A-Za-z0-9_\n' _)
    psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$database\""
    AMP_TEST_DB=$database PGDATABASE=$database bash "$script"
}

run_stage setup scripts/setup.sh
if ((last_status != 0)); then
    print_summary
    exit 1
fi

run_stage unit stage_unit
run_stage pg_test stage_pg_test
run_stage install stage_install

cluster_ready=false
if ((last_status == 0)); then
    trap 'cluster_stop "$regress_cluster"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # Start from an empty cluster, also after a run that was killed before its EXIT trap.
    if cluster_stop "$regress_cluster" && rm -rf "$regress_cluster" &&
        cluster_start "$regress_cluster"; then
        cluster_ready=true
    fi
fi

stages=(regress)
shopt -s nullglob
for script in tests/*.sh; do
    stages+=("$script")
done

for stage in "${stages[@]}"; do
    if [[ $cluster_ready != true ]]; then
        echo "=== amp: $stage skipped because the install or the cluster start failed"
        record_stage "$stage" 1
    elif [[ $stage == regress ]]; then
        run_stage regress stage_regress
    else
        run_stage "$stage" stage_script "$stage"
    fi
done

print_summary
((failed == 0))
