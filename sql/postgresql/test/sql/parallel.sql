-- Parallel aggregation: Partial Aggregate under Gather, and the same figures as one process.
CREATE EXTENSION IF NOT EXISTS cxscore;
CREATE TABLE big AS
SELECT g, g % 3 AS channel, (0.5 + (g % 4) * 0.5)::float8 AS weight,
       CASE WHEN g % 101 = 0 THEN NULL ELSE ((g::bigint * 7919) % 12)::int END AS score
FROM generate_series(1, 300000) g;
ANALYZE big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT nps(score) FROM big;
EXPLAIN (COSTS OFF) SELECT channel, nps(score) FROM big GROUP BY channel;
EXPLAIN (COSTS OFF) SELECT nps_state_agg(score, weight) FROM big;
-- The workers do run (loops = 3: two workers and the leader).
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
SELECT nps(score) FROM big;
SELECT (nps(score)).* FROM big;
SELECT nps(score)::text AS overall, nps(score, weight)::text AS weighted,
       rating(score, 1, 5)::text AS rating, nps_state_agg(score)::text AS state
FROM big \gset par_
SELECT string_agg(channel || ':' || r::text, ' ' ORDER BY channel) AS by_channel
FROM (SELECT channel, nps(score) AS r FROM big GROUP BY channel) s \gset par_
SET max_parallel_workers_per_gather = 0;
EXPLAIN (COSTS OFF) SELECT nps(score) FROM big;
-- Serial figures equal the parallel ones: counts exactly, and the weighted sums too (they are
-- compensated, and the partial states merge in any order to the same rounded values here).
SELECT nps(score)::text = :'par_overall' AS overall,
       nps(score, weight)::text = :'par_weighted' AS weighted,
       rating(score, 1, 5)::text = :'par_rating' AS rating,
       nps_result(nps_state_agg(score)) = nps_result(:'par_state') AS state
FROM big;
SELECT string_agg(channel || ':' || r::text, ' ' ORDER BY channel) = :'par_by_channel' AS by_channel
FROM (SELECT channel, nps(score) AS r FROM big GROUP BY channel) s;
-- Many groups, and a hash aggregate that spills to disk (a tiny work_mem): every answer is
-- counted once.
SET work_mem = '64kB';
SELECT count(*) AS groups, sum((r).n) AS n, sum((r).missing) AS missing,
       sum((r).rejected) AS rejected
FROM (SELECT g % 50000 AS k, nps(score) AS r FROM big GROUP BY 1) s;
SELECT (nps(score)).n, (nps(score)).missing, (nps(score)).rejected FROM big;
RESET work_mem;
