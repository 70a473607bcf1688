#!/bin/sh
# SPDX-License-Identifier: MIT
# Memory of `cxscore followup` with and without --top (docs/performance.md, "Call-back queue"):
# the peak resident set size (GNU time's "Maximum resident set size") on a synthetic export of
# ROWS responses (a third of them detractors, each with a comment of about 60 bytes), for the
# whole queue and for --top 100. With --top the queue holds 100 items whatever ROWS; what still
# grows is the set of queued response ids (the duplicate check). Both runs must list the same
# first 100 rows (checked).
# Usage: sh bench/queue-memory.sh [ROWS] [CXSCORE]   (defaults: 2000000, build/examples/cxscore)
set -eu
rows=${1:-2000000}
cx=${2:-build/examples/cxscore}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$rows" "$dir" <<'PY'
import random, sys
n, d = int(sys.argv[1]), sys.argv[2]
rng = random.Random(18)
words = ["slow", "delivery", "rude", "agent", "billing", "error", "waited", "again", "refund"]
with open(f"{d}/survey.csv", "w") as f, open(f"{d}/values.csv", "w") as v:
    f.write("response_id,customer_id,responded_at,score,comment\n")
    for i in range(n):
        day, sec = 1 + i % 28, i % 86400
        comment = " ".join(rng.choice(words) for _ in range(8))
        f.write(f"R{i:09d},C{i % 50000:06d},2026-02-{day:02d}T{sec // 3600:02d}:"
                f"{sec // 60 % 60:02d}:{sec % 60:02d}Z,{rng.randrange(11)},{comment}\n")
    v.write("customer,value\n")
    for c in range(50000):
        v.write(f"C{c:06d},{rng.uniform(10, 5000):.2f}\n")
PY
size=$(du -m "$dir/survey.csv" | cut -f1)
run() {
    /usr/bin/time -f "%M %e" -o "$dir/time" "$cx" followup "$dir/survey.csv" \
        --value "$dir/values.csv" --now 2026-03-01T00:00:00Z --format csv --section queue "$@" \
        > "$dir/out" 2>/dev/null
    cat "$dir/time"
}
set -- $(run); all_kb=$1; all_s=$2
head -101 "$dir/out" > "$dir/all-head"
set -- $(run --top 100); top_kb=$1; top_s=$2
cmp -s "$dir/all-head" "$dir/out" || { echo "FAIL: --top 100 differs from the head of the queue"; exit 1; }
echo "| cxscore followup, $rows rows ($size MiB) | peak RSS | time |"
echo "|---|---|---|"
echo "| whole queue | $((all_kb / 1024)) MiB | ${all_s} s |"
echo "| --top 100 | $((top_kb / 1024)) MiB | ${top_s} s |"
