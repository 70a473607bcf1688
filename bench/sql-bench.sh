#!/usr/bin/env bash
# The SQL extensions against the SQL a user would write by hand, measured side by side in one run
# (docs/postgresql.md, docs/sqlite.md, "Speed"):
#   bench/sql-bench.sh BUILD_DIR [PG_ROWS [WINDOW_ROWS [SQLITE_ROWS]]]
# defaults 10000000, 1000000 and 10000000 rows (a few minutes); CI runs it with small sizes.
#  PostgreSQL (a throwaway cluster, sql/postgresql/test/pg-cluster.sh), with 0 and 2 parallel
#  workers: SELECT nps(score) FROM t and ... GROUP BY channel against
#  100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score);
#  the rolling 30-row NPS (ROWS 29 PRECEDING) against the same window written with FILTER.
#  SQLite (the sqlite3 shell, an on-disk temporary database): nps_score(score) against the CASE
#  expression.
# Each figure is the best of 3 runs, the two queries of a line alternating, in seconds. Prints "ratio" = extension / hand-written SQL.
set -euo pipefail
build=$(cd "$1" && pwd)
pg_rows=${2:-10000000}
win_rows=${3:-1000000}
sqlite_rows=${4:-10000000}
src=$(cd "$(dirname "$0")/.." && pwd)
reps=3

filter_nps="100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / count(score)"
case_nps="100.0 * (sum(CASE WHEN score >= 9 THEN 1 ELSE 0 END) - sum(CASE WHEN score <= 6 THEN 1 ELSE 0 END)) / count(score)"

# best SECONDS... : the smallest.
best() { printf '%s\n' "$@" | sort -g | head -n 1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

if [ -f "$build/sql/postgresql/cxscore.so" ]; then
    module=$build/sql/postgresql/cxscore.so
    libdir=$build/lib
    srcdir=$src/sql/postgresql
    (
    . "$srcdir/test/pg-cluster.sh"
    start_cluster "$tmp/bench" -c shared_buffers=256MB -c work_mem=64MB -c jit=off \
        -c max_parallel_workers_per_gather=2
    q() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp/bench.sock" -U postgres -d postgres "$@"; }
    # time_query WORKERS SQL: one run, in seconds (psql's \timing), in a new session that has
    # loaded the extension's module first (loading it is not the query's time).
    time_query() {
        printf 'SELECT nps_score(1) \\g /dev/null\nSET max_parallel_workers_per_gather = %s;\n\\timing on\n%s \\g /dev/null\n' "$1" "$2" |
            q | awk '/^Time:/ { print $2 / 1000 }'
    }
    # compare LABEL WORKERS SQL BASELINE_SQL: both, alternately, $reps times; the best of each.
    compare() {
        local ta=() tb=() a b
        for _ in $(seq $reps); do
            ta+=("$(time_query "$2" "$3")")
            tb+=("$(time_query "$2" "$4")")
        done
        a=$(best "${ta[@]}")
        b=$(best "${tb[@]}")
        printf '%-44s %8.3f s  FILTER SQL %8.3f s  ratio %s\n' "$1" "$a" "$b" "$(ratio "$a" "$b")"
    }
    echo "== PostgreSQL: $pg_rows rows, rolling window over $win_rows rows"
    q >/dev/null <<SQL
CREATE EXTENSION cxscore;
CREATE TABLE t AS SELECT (random() * 10)::int AS score, (g % 8) AS channel
    FROM generate_series(1, $pg_rows) g;
CREATE TABLE d AS SELECT g AS day, (random() * 10)::int AS score FROM generate_series(1, $win_rows) g;
VACUUM ANALYZE t;
VACUUM ANALYZE d;
SQL
    # The figures agree before they are timed.
    q -At -c "SELECT round((nps(score)).nps::numeric, 9) = round(($filter_nps)::numeric, 9) FROM t" |
        grep -qx t || { echo "nps() and the FILTER SQL disagree"; exit 1; }
    window="SELECT sum(x) FROM (SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) OVER w - count(*) FILTER (WHERE score <= 6) OVER w) / count(score) OVER w AS x FROM d WINDOW w AS (ORDER BY day ROWS 29 PRECEDING)) s"
    for w in 0 2; do
        compare "nps(score), $w workers" $w "SELECT nps(score) FROM t" "SELECT $filter_nps FROM t"
        compare "nps(score) GROUP BY channel, $w workers" $w \
            "SELECT channel, nps(score) FROM t GROUP BY channel" \
            "SELECT channel, $filter_nps FROM t GROUP BY channel"
    done
    compare "rolling 30-row nps(score)" 0 \
        "SELECT sum((r).nps) FROM (SELECT nps(score) OVER (ORDER BY day ROWS 29 PRECEDING) AS r FROM d) s" \
        "$window"
    compare "rolling 30-row nps_score(score)" 0 \
        "SELECT sum(r) FROM (SELECT nps_score(score) OVER (ORDER BY day ROWS 29 PRECEDING) AS r FROM d) s" \
        "$window"
    )
else
    echo "== PostgreSQL: skipped ($build/sql/postgresql/cxscore.so not built)"
fi

if [ -f "$build/sql/sqlite/cxscore.so" ] && command -v sqlite3 >/dev/null; then
    echo "== SQLite: $sqlite_rows rows"
    db=$(mktemp "${TMPDIR:-/tmp}/cxscore-bench.XXXXXX")
    trap 'rm -f "$db"' EXIT
    sqlite3 "$db" "CREATE TABLE t (score INTEGER);
        INSERT INTO t SELECT abs(random()) % 11 FROM generate_series(1, $sqlite_rows);"
    # sqlite_time SQL: the best of $reps runs (the shell's .timer, real time).
    sqlite_time() {
        local out
        out=$({ echo ".load $build/sql/sqlite/cxscore"; echo ".timer on"
                for _ in $(seq $reps); do echo "$1;"; done; } | sqlite3 "$db" |
              awk '/^Run Time:/ { print $4 }')
        best $out
    }
    same=$({ echo ".load $build/sql/sqlite/cxscore"
             echo "SELECT round(nps_score(score), 9) = round($case_nps, 9) FROM t;"; } | sqlite3 "$db")
    [ "$same" = 1 ] || { echo "nps_score() and the CASE SQL disagree"; exit 1; }
    a=$(sqlite_time "SELECT nps_score(score) FROM t")
    c=$(sqlite_time "SELECT nps(score) FROM t")
    b=$(sqlite_time "SELECT $case_nps FROM t")
    printf '%-44s %8.3f s  CASE SQL   %8.3f s  ratio %s\n' "nps_score(score)" "$a" "$b" "$(ratio "$a" "$b")"
    printf '%-44s %8.3f s  CASE SQL   %8.3f s  ratio %s\n' "nps(score) (JSON)" "$c" "$b" "$(ratio "$c" "$b")"
else
    echo "== SQLite: skipped"
fi
