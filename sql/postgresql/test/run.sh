#!/usr/bin/env bash
# Tests the extension on real PostgreSQL servers, started for the occasion and always stopped:
#   run.sh MODULE.so LIBCXSCORE_DIR SOURCE_DIR
# 1. the regression tests (pg_regress: test/sql/*.sql against test/expected/*.out) on a throwaway
#    cluster: initdb + pg_ctl in a temporary directory, Unix socket only;
# 2. the multi-node simulation (test/multinode.sh): three more clusters aggregate one shard each
#    into nps_state; the states travel as text and as binary to the first cluster, which merges
#    them to the figures of one pass over all rows.
# The server loads the extension from a copy of the installation tree under the temporary
# directory (PostgreSQL finds its share/ and lib/ relative to its binary), so nothing is installed
# on the machine. PostgreSQL refuses to run as root: as root, the servers run as `postgres`
# (CXSCORE_PG_USER to change). CXSCORE_PG_RESULTS=DIR copies pg_regress's results there.
# Exit 77 (skip) when no PostgreSQL server is installed.
set -euo pipefail

module=$1
libdir=$2
srcdir=$3

if ! command -v pg_config >/dev/null; then
    echo "SKIP: pg_config not found (Debian: postgresql-15 postgresql-server-dev-15)"
    exit 77
fi
bindir=$(pg_config --bindir)
sharedir=$(pg_config --sharedir)
pkglibdir=$(pg_config --pkglibdir)
pgxs=$(pg_config --pgxs)
pg_regress=$(dirname "$pgxs")/../test/regress/pg_regress
for f in "$bindir/postgres" "$bindir/initdb" "$bindir/pg_ctl" "$bindir/psql" "$pg_regress"; do
    if [ ! -x "$f" ]; then
        echo "SKIP: $f not found (Debian: postgresql-15 postgresql-server-dev-15)"
        exit 77
    fi
done

run_as=()
if [ "$(id -u)" -eq 0 ]; then
    user=${CXSCORE_PG_USER:-postgres}
    run_as=(runuser -u "$user" --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cxscore-pg.XXXXXX")
clusters=()
cleanup() {
    local status=$?
    for c in "${clusters[@]}"; do
        "${run_as[@]}" "$tmp/root$bindir/pg_ctl" -D "$c" -m immediate -w stop >/dev/null 2>&1 || true
    done
    if [ "$status" -ne 0 ]; then
        for c in "${clusters[@]}"; do
            echo "---- server log of $c"; tail -n 30 "$c.log" 2>/dev/null || true
        done
        [ -f "$tmp/out/regression.diffs" ] && cat "$tmp/out/regression.diffs"
    fi
    # For a maintainer updating test/expected/ after reading the diff.
    [ -z "${CXSCORE_PG_RESULTS:-}" ] || cp -r "$tmp/out/results/." "$CXSCORE_PG_RESULTS/" || true
    rm -rf "$tmp"
    exit "$status"
}
trap cleanup EXIT INT TERM

# The installation tree, relocated: binaries copied (PostgreSQL resolves symbolic links to find
# its own directory), share/ copied, the module directory as links plus our module.
root=$tmp/root
mkdir -p "$root$bindir" "$root$pkglibdir" "$(dirname "$root$sharedir")"
cp "$bindir/postgres" "$bindir/initdb" "$bindir/pg_ctl" "$root$bindir/"
cp -r "$sharedir" "$root$sharedir"
for f in "$pkglibdir"/*; do ln -s "$f" "$root$pkglibdir/"; done
cp "$module" "$root$pkglibdir/cxscore.so"
cp "$srcdir/cxscore.control" "$srcdir"/cxscore--*.sql "$root$sharedir/extension/"
mkdir -p "$tmp/out"
if [ "${#run_as[@]}" -gt 0 ]; then
    chown -R "$user" "$tmp"
    chmod 755 "$tmp"
fi

export LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export PGUSER=postgres

# start_cluster DIR: initdb (the first time) or a copy of the first cluster, then start it with
# its socket in DIR.sock.
start_cluster() {
    local dir=$1
    if [ "${#clusters[@]}" -eq 0 ]; then
        "${run_as[@]}" "$root$bindir/initdb" -D "$dir" -A trust -U postgres --no-sync \
            --no-locale -E UTF8 >"$dir.initdb.log" 2>&1 || { cat "$dir.initdb.log"; return 1; }
    else
        "${run_as[@]}" cp -r "${clusters[0]}" "$dir"
        rm -f "$dir/postmaster.pid"
    fi
    "${run_as[@]}" mkdir -p "$dir.sock"
    clusters+=("$dir")
    "${run_as[@]}" "$root$bindir/pg_ctl" -D "$dir" -l "$dir.log" -w -t 60 \
        -o "-k $dir.sock -c listen_addresses='' -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4" \
        start >/dev/null
}

echo "== regression tests (pg_regress)"
start_cluster "$tmp/node0"
tests=()
for f in "$srcdir"/test/sql/*.sql; do tests+=("$(basename "$f" .sql)"); done
(cd "$tmp/out" && "${run_as[@]}" env PG_ABS_SRCDIR="$srcdir/test" "$pg_regress" \
    --host="$tmp/node0.sock" --user=postgres --bindir="$bindir" \
    --inputdir="$srcdir/test" --outputdir="$tmp/out" --dbname=cxscore_regress "${tests[@]}")

echo "== multi-node simulation"
"${run_as[@]}" "$root$bindir/pg_ctl" -D "$tmp/node0" -m fast -w stop >/dev/null
for i in 1 2 3; do start_cluster "$tmp/node$i"; done
"${run_as[@]}" "$root$bindir/pg_ctl" -D "$tmp/node0" -l "$tmp/node0.log" -w \
    -o "-k $tmp/node0.sock -c listen_addresses=''" start >/dev/null
"${run_as[@]}" env PSQL="$bindir/psql" bash "$srcdir/test/multinode.sh" "$tmp"
