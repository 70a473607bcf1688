# Throwaway PostgreSQL clusters for the tests (run.sh) and the benchmark (bench/sql-bench.sh).
# Sourced after MODULE, LIBDIR and SRCDIR are set in module, libdir and srcdir. Defines
# start_cluster DIR [OPTION...] and the variables tmp, root, bindir, pg_regress and run_as;
# installs an EXIT trap that stops every cluster started and removes the temporary directory.
# Exits 77 (skip) when no PostgreSQL server is installed.
#
# The server loads the extension from a copy of the installation tree under the temporary
# directory (PostgreSQL finds its share/ and lib/ relative to its binary), so nothing is installed
# on the machine. PostgreSQL refuses to run as root: as root, the servers run as `postgres`
# (CXSCORE_PG_USER to change).
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
# libcxscore too, so that the server's user need not enter the build directory.
mkdir -p "$tmp/lib"
cp -a "$libdir"/libcxscore.so* "$tmp/lib/"
if [ "${#run_as[@]}" -gt 0 ]; then
    chown -R "$user" "$tmp"
    chmod 755 "$tmp"
fi

export LD_LIBRARY_PATH=$tmp/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export PGUSER=postgres

# start_cluster DIR [OPTION...]: initdb (the first time) or a copy of the first cluster, then
# start it with its socket in DIR.sock and the server options given.
start_cluster() {
    local dir=$1
    shift
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
        -o "-k $dir.sock -c listen_addresses='' -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4 $*" \
        start >/dev/null
}

