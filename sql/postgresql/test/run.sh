#!/usr/bin/env bash
# Tests the extension on real PostgreSQL servers, started for the occasion and always stopped:
#   run.sh MODULE.so LIBCXSCORE_DIR SOURCE_DIR
# 1. the regression tests (pg_regress: test/sql/*.sql against test/expected/*.out) on a throwaway
#    cluster: initdb + pg_ctl in a temporary directory, Unix socket only;
# 2. the multi-node simulation (test/multinode.sh): three more clusters aggregate one shard each
#    into nps_state; the states travel as text and as binary to the first cluster, which merges
#    them to the figures of one pass over all rows.
# The clusters are set up by test/pg-cluster.sh (nothing is installed on the machine).
# CXSCORE_PG_RESULTS=DIR copies pg_regress's results there.
# Exit 77 (skip) when no PostgreSQL server is installed.
set -euo pipefail

module=$1
libdir=$2
srcdir=$3

. "$srcdir/test/pg-cluster.sh"

# The tests and the reference data they read, copied where the server's user can read them (the
# source tree may be in a directory only its owner can enter), in the source tree's layout.
mkdir -p "$tmp/src/sql/postgresql" "$tmp/src/tests/data"
cp -r "$srcdir/test" "$tmp/src/sql/postgresql/"
cp -r "$srcdir/../../tests/data/nps-vectors.csv" "$srcdir/../../tests/data/alpha" "$tmp/src/tests/data/"
[ "${#run_as[@]}" -eq 0 ] || chown -R "$user" "$tmp/src"
tests_dir=$tmp/src/sql/postgresql/test

echo "== regression tests (pg_regress)"
start_cluster "$tmp/node0"
tests=()
for f in "$tests_dir"/sql/*.sql; do tests+=("$(basename "$f" .sql)"); done
(cd "$tmp/out" && "${run_as[@]}" env PG_ABS_SRCDIR="$tests_dir" "$pg_regress" \
    --host="$tmp/node0.sock" --user=postgres --bindir="$bindir" \
    --inputdir="$tests_dir" --outputdir="$tmp/out" --dbname=cxscore_regress "${tests[@]}")

echo "== multi-node simulation"
"${run_as[@]}" "$root$bindir/pg_ctl" -D "$tmp/node0" -m fast -w stop >/dev/null
for i in 1 2 3; do start_cluster "$tmp/node$i"; done
"${run_as[@]}" "$root$bindir/pg_ctl" -D "$tmp/node0" -l "$tmp/node0.log" -w \
    -o "-k $tmp/node0.sock -c listen_addresses=''" start >/dev/null
"${run_as[@]}" env PSQL="$bindir/psql" bash "$tests_dir/multinode.sh" "$tmp"
