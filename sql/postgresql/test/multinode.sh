#!/usr/bin/env bash
# The multi-node simulation of run.sh (Citus's data flow for a distributed aggregate):
#   multinode.sh TMPDIR   (clusters node1..node3 and the coordinator node0 running there)
# Each of node1..node3 holds one third of 30 000 responses (with NULLs, and scores -1 and 11 that
# are rejected) and aggregates it into nps_state, plain and weighted. The states travel to node0
# twice: as text (the hexadecimal output, read back by the type's input function) and as binary
# (COPY ... (FORMAT binary), the type's send and receive functions). node0 merges each set with
# nps_merge() and compares the result with one pass over all 30 000 rows: counts and scores must
# be equal exactly, unweighted and weighted (the library's merge is exact for counts, and
# compensated sums make the weighted figures equal to within 1e-12).
set -euo pipefail
tmp=$1
psql=${PSQL:-psql}
q() { local node=$1; shift; "$psql" -X -q -v ON_ERROR_STOP=1 -h "$tmp/$node.sock" -U postgres "$@"; }

rows="generate_series(%s, %s) AS g"
score="CASE WHEN g % 17 = 0 THEN NULL ELSE (g * 7919) % 13 - 1 END"
weight="0.5 + (g % 5) * 0.25"
n=30000

q node0 -d postgres -c "CREATE DATABASE coord" >/dev/null
q node0 -d coord <<SQL >/dev/null
CREATE EXTENSION cxscore;
CREATE TABLE responses AS SELECT g, $score AS score, $weight AS weight
    FROM $(printf "$rows" 1 $n);
CREATE TABLE from_text (node int, plain nps_state, weighted nps_state);
CREATE TABLE from_binary (plain nps_state, weighted nps_state);
SQL

for i in 1 2 3; do
    lo=$(( (i - 1) * n / 3 + 1 )); hi=$(( i * n / 3 ))
    q "node$i" -d postgres -c "CREATE DATABASE shard" >/dev/null
    q "node$i" -d shard <<SQL >/dev/null
CREATE EXTENSION cxscore;
CREATE TABLE responses AS SELECT g, $score AS score, $weight AS weight
    FROM $(printf "$rows" $lo $hi);
SQL
    # As text: the states' output, pasted into a statement on the coordinator.
    text=$(q "node$i" -d shard -At -F ' ' -c \
        "SELECT nps_state_agg(score), nps_state_agg(score, weight) FROM responses")
    read -r plain weighted <<<"$text"
    q node0 -d coord -c "INSERT INTO from_text VALUES ($i, '$plain', '$weighted')" >/dev/null
    # As binary: COPY's binary format carries the send/receive form.
    q "node$i" -d shard -c "COPY (SELECT nps_state_agg(score), nps_state_agg(score, weight)
        FROM responses) TO STDOUT (FORMAT binary)" >"$tmp/state$i.bin"
    q node0 -d coord -c "COPY from_binary FROM STDIN (FORMAT binary)" <"$tmp/state$i.bin"
done

q node0 -d coord -At <<'SQL'
\pset format unaligned
-- One pass over all rows, then the merged shards: printed, then checked.
SELECT 'one pass', (nps(score)).*, (nps(score, weight)).nps AS weighted FROM responses;
SELECT 'text', (nps_result(nps_merge(plain))).*, (nps_result(nps_merge(weighted))).nps
    FROM from_text;
SELECT 'binary', (nps_result(nps_merge(plain))).*, (nps_result(nps_merge(weighted))).nps
    FROM from_binary;
DO $$
DECLARE
    one nps_result; onew nps_result;
    t nps_result; tw nps_result; b nps_result; bw nps_result;
BEGIN
    one := (SELECT nps(score) FROM responses);
    onew := (SELECT nps(score, weight) FROM responses);
    t := (SELECT nps_result(nps_merge(plain)) FROM from_text);
    tw := (SELECT nps_result(nps_merge(weighted)) FROM from_text);
    b := (SELECT nps_result(nps_merge(plain)) FROM from_binary);
    bw := (SELECT nps_result(nps_merge(weighted)) FROM from_binary);
    IF one IS DISTINCT FROM t OR one IS DISTINCT FROM b THEN
        RAISE EXCEPTION 'merged states differ from one pass: % / % / %', one, t, b;
    END IF;
    IF (onew.n, onew.promoters, onew.passives, onew.detractors, onew.missing, onew.rejected)
           IS DISTINCT FROM (tw.n, tw.promoters, tw.passives, tw.detractors, tw.missing, tw.rejected)
       OR abs(onew.nps - tw.nps) > 1e-12 OR abs(onew.se - tw.se) > 1e-12
       OR abs(onew.nps - bw.nps) > 1e-12 OR abs(onew.n_eff - bw.n_eff) > 1e-9 THEN
        RAISE EXCEPTION 'merged weighted states differ from one pass: % / % / %', onew, tw, bw;
    END IF;
    IF one.rejected = 0 OR one.missing = 0 THEN
        RAISE EXCEPTION 'the data were meant to hold rejected and missing answers: %', one;
    END IF;
    RAISE NOTICE 'multi-node: 3 shards merged (text and binary) = one pass over % rows',
        one.n + one.missing + one.rejected;
END
$$;
SQL
