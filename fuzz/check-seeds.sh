#!/bin/sh
# Guard: the seeds in fuzz/corpus/ that the library writes (serialized states, fuzz-adds inputs)
# are what fuzz/make-seeds.c writes today. A changed state format makes old seeds useless to the
# fuzzers (rejected at once): regenerate them with
#   meson compile -C build make-seeds && build/fuzz/make-seeds fuzz/corpus
# Usage: check-seeds.sh MAKE_SEEDS CORPUS_DIR
set -eu
make_seeds=$1
corpus=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$make_seeds" "$tmp"
status=0
for dir in "$tmp"/*; do
    name=$(basename "$dir")
    if ! diff -r "$dir" "$corpus/$name" >/dev/null 2>&1; then
        for f in "$dir"/*; do
            cmp -s "$f" "$corpus/$name/$(basename "$f")" ||
                echo "FAIL: fuzz/corpus/$name/$(basename "$f") differs from what make-seeds writes"
        done
        status=1
    fi
done
if [ "$status" -eq 0 ]; then
    echo "1 passed, 0 failed"
else
    echo "regenerate: meson compile -C build make-seeds && build/fuzz/make-seeds fuzz/corpus"
    echo "0 passed, 1 failed"
fi
exit "$status"
