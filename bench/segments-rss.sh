#!/bin/sh
# SPDX-License-Identifier: MIT
# Peak memory of `cxscore nps --by id` on an export with one segment per row (issue 21, item 2):
# the same file written as a table, as CSV and as JSON in the same run, each the peak resident
# set (getrusage's ru_maxrss of the child) and its bytes per segment. The table must keep every
# row to size its columns; CSV and JSON are written as a stream, so each must stay within the
# table's memory: the script exits 1 when one does not, or when the three disagree on the count
# of segments. It asserts no time.
# Usage: sh bench/segments-rss.sh [SEGMENTS] [CXSCORE]   (defaults: 2000000, build/examples/cxscore)
# Environment: CX_BENCH_THREADS (default 1) is passed to --threads.
set -eu
segments=${1:-2000000}
cx=${2:-build/examples/cxscore}
threads=${CX_BENCH_THREADS:-1}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$segments" "$dir/seg.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write("id,score\n")
    for i in range(n):
        f.write(f"S{i},{i % 11}\n")
PY
python3 - "$segments" "$cx" "$dir" "$threads" <<'PY'
import os, resource, subprocess, sys, time
n, cx, d, threads = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def peak(fmt):
    """Runs one format in a child of its own, so that ru_maxrss is that run's alone."""
    code = ("import resource, subprocess, sys\n"
            "with open(sys.argv[1], 'wb') as out:\n"
            "    st = subprocess.run(sys.argv[2:], stdout=out).returncode\n"
            "print(st, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    argv = [sys.executable, "-c", code, f"{d}/out.{fmt}", cx, "nps", f"{d}/seg.csv", "--by",
            "id", "--max-segments", str(n), "--threads", threads, "--format", fmt]
    t = time.monotonic()
    st, kib = subprocess.run(argv, capture_output=True, text=True, check=True).stdout.split()
    if st != "0":
        sys.exit(f"{fmt}: cxscore exited {st}")
    size = os.path.getsize(f"{d}/out.{fmt}")
    return int(kib), time.monotonic() - t, size
res = {f: peak(f) for f in ("table", "csv", "json")}
# The same segments in each: the lines that start with a segment's name (table, CSV) or hold
# one's JSON object (one a line; json.load of a 500 MB document would cost more than cxscore).
import re
def count(fmt, pattern):
    with open(f"{d}/out.{fmt}") as f:
        return sum(1 for line in f if re.match(pattern, line))
counts = {"table": count("table", r"S[0-9]+ "), "csv": count("csv", r"nps,S[0-9]+,"),
          "json": count("json", r' *\{"id": "S[0-9]+"')}
print(f"segments {n}  (cxscore nps --by id --threads {threads})")
for f, (kib, secs, size) in res.items():
    print(f"{f:6s} peak RSS {kib / 1024:9.1f} MiB  {kib * 1024 / n:7.0f} B/segment"
          f"  {secs:7.1f} s  output {size / 2**20:8.1f} MiB")
bad = [f for f in ("csv", "json") if res[f][0] > res["table"][0]]
if set(counts.values()) != {n}:
    sys.exit(f"segments written: {counts}, expected {n} each")
if bad:
    sys.exit(f"over the table's memory: {', '.join(bad)}")
PY
