#!/usr/bin/env bash
# Tests the SQLite extension: run.sh MODULE.so SOURCE_DIR [SQLITE3_SHELL]
#  1. test/shell.sql through the sqlite3 shell, compared with test/expected/shell.out;
#  2. test/test_sqlite.py through Python's sqlite3 module (/usr/bin/python3 by default, whose
#     Debian build can load extensions; CXSCORE_SQLITE_PYTHON to change).
# Exit 77 (skip) when neither the shell nor a Python that can load extensions is available.
set -euo pipefail
module=$1
srcdir=$2
shell=${3:-}
python=${CXSCORE_SQLITE_PYTHON:-/usr/bin/python3}
ran=0

if [ -n "$shell" ] && [ -x "$shell" ]; then
    echo "== sqlite3 shell: test/shell.sql"
    out=$(mktemp)
    trap 'rm -f "$out"' EXIT
    { echo ".load ${module%.so}"; cat "$srcdir/test/shell.sql"; } |
        (cd "$srcdir/test" && "$shell" -batch :memory:) >"$out" 2>&1 || true
    if [ -n "${CXSCORE_SQLITE_RESULTS:-}" ]; then cp "$out" "$CXSCORE_SQLITE_RESULTS"; fi
    diff -u "$srcdir/test/expected/shell.out" "$out"
    ran=1
fi

if [ -x "$python" ] &&
   "$python" -c 'import sqlite3; sqlite3.connect(":memory:").enable_load_extension(True)' 2>/dev/null; then
    echo "== Python sqlite3 module: test/test_sqlite.py"
    "$python" "$srcdir/test/test_sqlite.py" "$module" "$srcdir/../.."
    ran=1
fi

if [ "$ran" -eq 0 ]; then
    echo "SKIP: neither the sqlite3 shell nor a Python whose sqlite3 can load extensions"
    exit 77
fi
