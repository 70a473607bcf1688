#!/usr/bin/env bash
# Runs every libFuzzer harness (or the ones named) for SECONDS each, one after the other, from
# the seed corpus in fuzz/corpus/<harness>/. New inputs go to a scratch corpus, crashes and hangs
# to the artifact directory; the seed corpus is never written. Prints the executions per harness
# and a closing "N passed, N failed" line; exits 1 if any harness found a crash, a leak or a hang.
#
# Usage: fuzz/run.sh BUILD_DIR SECONDS [HARNESS...]
#   BUILD_DIR  a build configured with CC=clang -Dfuzz=true (see fuzz/README.md)
#   HARNESS    csv cell rules row-rules decode instrument checklist adds deserialize-nps
#              deserialize-alpha deserialize-rating deserialize-servqual deserialize-loyalty
#              deserialize-retention deserialize-drivers deserialize-contacts
#              deserialize-design deserialize-audit deserialize-followup deserialize-queue
#              sql-state (default: all)
# Environment: FUZZ_WORK (default BUILD_DIR/fuzz-work) holds the scratch corpora, artifacts and
# logs; FUZZ_JOBS (default 1) runs that many fuzzing processes per harness; FUZZ_PARALLEL
# (default: the number of processors) fuzzes that many harnesses at once, each for SECONDS, so
# that every harness gets a whole processor and the run takes SECONDS x harnesses / FUZZ_PARALLEL;
# FUZZ_SEED fixes libFuzzer's random seed (CI sets it, so that a run can be repeated; default: a
# new seed each run).
set -uo pipefail

if [ $# -lt 2 ]; then
    sed -n '2,13p' "$0" >&2
    exit 2
fi
build=$1
seconds=$2
shift 2
src=$(cd "$(dirname "$0")" && pwd)
all=(csv cell rules row-rules decode instrument checklist adds deserialize-nps deserialize-alpha
     deserialize-rating deserialize-servqual deserialize-loyalty deserialize-retention
     deserialize-drivers deserialize-contacts deserialize-design deserialize-audit
     deserialize-followup deserialize-queue sql-state)
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=("${all[@]}")
work=${FUZZ_WORK:-$build/fuzz-work}
mkdir -p "$work"
work=$(cd "$work" && pwd)
build=$(cd "$build" && pwd)
jobs=${FUZZ_JOBS:-1}

parallel=${FUZZ_PARALLEL:-$(nproc 2>/dev/null || echo 1)}
[ "$parallel" -ge 1 ] 2>/dev/null || parallel=1
results=$work/results
rm -rf "$results"
mkdir -p "$results"

# Fuzzes harness $1 and writes its summary line to $results/$1 (first word: ok or FAILED).
fuzz_one() {
    local h=$1
    local exe=$build/fuzz/fuzz-$h
    if [ ! -x "$exe" ]; then
        printf 'FAILED fuzz-%s: not built (meson compile -C %s fuzz)\n' "$h" "$build" \
            >"$results/$h"
        return
    fi
    mkdir -p "$work/corpus/$h" "$work/artifacts/$h"
    opts=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
          -error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$work/artifacts/$h/")
    case $h in
    csv | cell) opts+=(-dict="$src/csv.dict") ;;
    esac
    case $h in
    csv) opts+=(-max_len=65536) ;;
    esac
    if [ -n "${FUZZ_SEED:-}" ]; then
        opts+=(-seed="$FUZZ_SEED")
    fi
    if [ "$jobs" -gt 1 ]; then
        opts+=(-jobs="$jobs" -workers="$jobs")
    fi
    # With -jobs, libFuzzer writes one fuzz-N.log per job into the current directory.
    logs=$work/logs/$h
    rm -rf "$logs"
    mkdir -p "$logs"
    log=$work/fuzz-$h.log
    start=$SECONDS
    # Seeds, then the minimized corpus earlier runs found (fuzz/corpus-found/, committed).
    found_dir=()
    [ -d "$src/corpus-found/$h" ] && found_dir=("$src/corpus-found/$h")
    (cd "$logs" && exec "$exe" "${opts[@]}" "$work/corpus/$h" "$src/corpus/$h" "${found_dir[@]}") \
        >"$log" 2>&1
    status=$?
    execs=$(cat "$log" "$logs"/*.log 2>/dev/null | grep 'stat::number_of_executed_units' |
            awk '{s += $2} END {print s + 0}')
    found=$(find "$work/artifacts/$h" -type f | wc -l)
    if [ "$status" -eq 0 ] && [ "$found" -eq 0 ]; then
        verdict=ok
    else
        verdict="FAILED (status $status; artifacts in $work/artifacts/$h; log $log)"
    fi
    {
        printf '%s fuzz-%-22s %6d s %12d executions  %s\n' "${verdict%% *}" "$h" \
            $((SECONDS - start)) "$execs" "$verdict"
        if [ "$verdict" != ok ]; then
            # What went wrong: a broken invariant, a sanitizer report, or a GLib warning or
            # critical (fatal in the harnesses: a SIGTRAP, for which libFuzzer writes no
            # reproducer).
            cat "$log" "$logs"/*.log 2>/dev/null |
                grep -m 8 -A 2 -E 'invariant broken|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|GLib[-A-Za-z]*-(WARNING|CRITICAL|ERROR) \*\*|^==[0-9]+== ?ERROR' |
                cut -c 1-300
        fi
    } >"$results/$h"
}

# At most $parallel harnesses at a time; each summary is printed as its harness ends.
running=0
report() {
    local f
    for f in "$results"/*; do
        [ -f "$f" ] || continue
        case $f in *.shown) continue ;; esac
        [ -e "$f.shown" ] && continue
        # The summary line without its verdict word, then what went wrong, if anything.
        sed '1s/^[^ ]* //' "$f"
        touch "$f.shown"
    done
}
for h in "${harnesses[@]}"; do
    if [ "$running" -ge "$parallel" ]; then
        wait -n
        running=$((running - 1))
        report
    fi
    fuzz_one "$h" &
    running=$((running + 1))
done
wait
report
passed=0
failed=0
for h in "${harnesses[@]}"; do
    if [ "$(head -c 2 "$results/$h" 2>/dev/null)" = ok ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
