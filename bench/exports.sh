#!/bin/sh
# SPDX-License-Identifier: MIT
# Times `cxscore nps` on one export in three encodings (docs/input.md, "Speed"): plain UTF-8
# numbers, Windows-1252 with labelled scale ends, and UTF-16LE (Excel "Unicode text") with the
# same labels; best of 3, one thread. The three must give the same figures (checked).
# Usage: sh bench/exports.sh [ROWS] [CXSCORE]   (defaults: 5000000, build/examples/cxscore)
set -eu
rows=${1:-5000000}
cx=${2:-build/examples/cxscore}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$rows" "$dir" <<'PY'
import random, sys
n, d = int(sys.argv[1]), sys.argv[2]
rng = random.Random(1)
lab = {0: "0 - Not at all likely", 10: "10 - Extremely likely"}
with open(f"{d}/utf8.csv", "w") as f, open(f"{d}/labels.csv", "w") as g:
    f.write("id,region,score\n"); g.write("id,region,score\n")
    for i in range(n):
        s = rng.randrange(11); r = ("North", "South", "West", "Est")[i % 4]
        f.write(f"{i},{r},{s}\n"); g.write(f"{i},{r},{lab.get(s, s)}\n")
PY
iconv -f utf-8 -t windows-1252 "$dir/labels.csv" > "$dir/cp1252.csv"
{ printf '\377\376'; tr ',' '\t' < "$dir/labels.csv" | iconv -f utf-8 -t utf-16le; } > "$dir/utf16.txt"
best() {
    b=
    for _ in 1 2 3; do
        s=$(date +%s.%N); "$@" > "$dir/out" 2>/dev/null; e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
u=$(best "$cx" nps "$dir/utf8.csv" --threads 1 --format csv); cp "$dir/out" "$dir/ref"
w=$(best "$cx" nps "$dir/cp1252.csv" --threads 1 --format csv --encoding windows-1252)
cmp -s "$dir/out" "$dir/ref" || { echo "windows-1252: different figures" >&2; exit 1; }
x=$(best "$cx" nps "$dir/utf16.txt" --threads 1 --format csv)
cmp -s "$dir/out" "$dir/ref" || { echo "utf-16: different figures" >&2; exit 1; }
printf 'rows %s\nutf-8 numbers          %.3f s\nwindows-1252 labels    %.3f s (%.2fx)\nutf-16 labels          %.3f s (%.2fx)\n' \
    "$rows" "$u" "$w" "$(echo "$w / $u" | bc -l)" "$x" "$(echo "$x / $u" | bc -l)"
