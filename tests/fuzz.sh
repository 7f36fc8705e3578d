#!/usr/bin/env bash
# A short, bounded fuzz run (scripts/fuzz.sh): NULL and hostile calls of every amp function,
# then sqlsmith for at most 60 seconds or 3000 queries, in a cluster of its own. Fails on a
# backend crash or an internal error (XX000) from a statement that uses amp.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

export PG_CONFIG
exec "$REPO_ROOT/scripts/fuzz.sh" --seconds 60 --queries 3000 --seed 42
