-- nps(): the figures of the reference vectors, rejected and missing answers, the interval and
-- comparison functions, the rollup pattern, and every error a user can meet.
CREATE EXTENSION cxscore;
SET extra_float_digits = 0;

-- tests/data/nps-vectors.csv (tests/data/reference/NPS.md: computed outside libcxscore), whose
-- counts become answers spread over 0-6, 7-8 and 9-10.
\getenv abs_srcdir PG_ABS_SRCDIR
\set vectors_cmd 'grep -v "^#" ' :abs_srcdir '/../../../tests/data/nps-vectors.csv'
CREATE TABLE vectors (
    detractors int, passives int, promoters int, nps float8, se float8,
    wald_lo float8, wald_hi float8, adj_lo float8, adj_hi float8, tango_lo float8, tango_hi float8
);
COPY vectors FROM PROGRAM :'vectors_cmd' WITH (FORMAT csv, HEADER true);
ALTER TABLE vectors ADD COLUMN id serial;
CREATE TABLE answers AS
SELECT v.id, s.score
FROM vectors v, LATERAL (
    SELECT g % 7 AS score FROM generate_series(1, v.detractors) g
    UNION ALL SELECT 7 + g % 2 FROM generate_series(1, v.passives) g
    UNION ALL SELECT 9 + g % 2 FROM generate_series(1, v.promoters) g) s;

-- Every figure within 1e-9 (as proportions) of the reference: expect only "t".
SELECT v.id, r.n, r.promoters, r.passives, r.detractors,
       abs(r.nps - 100 * v.nps) < 1e-7 AS nps,
       abs(r.se - 100 * v.se) < 1e-7 AS se,
       abs(w.lower - 100 * v.wald_lo) < 1e-7 AND abs(w.upper - 100 * v.wald_hi) < 1e-7 AS wald,
       abs(a.lower - 100 * v.adj_lo) < 1e-7 AND abs(a.upper - 100 * v.adj_hi) < 1e-7 AS adjusted,
       abs(t.lower - 100 * v.tango_lo) < 1e-7 AND abs(t.upper - 100 * v.tango_hi) < 1e-7 AS tango
FROM vectors v
JOIN (SELECT id, nps_state_agg(score) AS s FROM answers GROUP BY id) st USING (id),
     LATERAL nps_result(st.s) r,
     LATERAL nps_interval(st.s, 0.95, 'wald') w,
     LATERAL nps_interval(st.s, 0.95, 'adjusted-wald') a,
     LATERAL nps_interval(st.s) t
ORDER BY v.id;

-- nps() gives the same row as nps_result(nps_state_agg()).
SELECT id, (nps(score)).* FROM answers GROUP BY id ORDER BY id;
SELECT bool_and(x.r = y.r) AS same
FROM (SELECT id, nps(score) AS r FROM answers GROUP BY id) x
JOIN (SELECT id, nps_result(nps_state_agg(score)) AS r FROM answers GROUP BY id) y USING (id);

-- Bad answers are counted, never an error: NULL is missing, -1, 11 and 100 are rejected.
SELECT (nps(score)).* FROM (VALUES (10), (NULL), (-1), (11), (9), (3), (NULL), (100), (7)) v(score);
-- Weighted: a NULL or negative weight rejects its answer; a NULL score is missing.
SELECT (nps(score, weight)).*
FROM (VALUES (10, 2.0), (0, 1.0), (8, 1.0), (9, NULL), (9, -1.0), (NULL, 1.0), (12, 1.0)) v(score, weight);
-- Answers held as numbers (numeric, bigint, float8): NaN is missing, 6.5 is not an integer
-- (rejected, never rounded), 9.0 is 9; the same rules as cx_nps_add_double().
SELECT (nps(score)).* FROM (VALUES (9.0), (6.5), ('NaN'::numeric), (10), (NULL), (3), (11.0)) v(score);
SELECT (nps(score)).* FROM (VALUES (9::bigint), (10), (2), (12)) v(score);
SELECT (nps(score, weight)).nps FROM (VALUES (9.0, 3.0), (0.0, 1.0)) v(score, weight);
-- Kish's n_eff = (sum w)^2 / sum w^2 = 16 / 6 here.
SELECT abs((nps(score, weight)).n_eff - 16.0 / 6) < 1e-12 AS n_eff
FROM (VALUES (10, 2.0), (0, 1.0), (8, 1.0)) v(score, weight);
-- No valid answer: the counts, and NULL for the undefined figures; no row at all: zeros.
SELECT (nps(score)).* FROM (VALUES (NULL::int), (42)) v(score);
SELECT (nps(score)).* FROM answers WHERE false;
SELECT (nps_interval(nps_state_agg(score))).* FROM (VALUES (NULL::int)) v(score);

-- The rollup pattern: a state per day, stored; merged over any range of days.
CREATE TABLE daily AS
SELECT id AS day, nps_state_agg(score) AS state FROM answers GROUP BY id;
SELECT (nps_result(nps_merge(state))).* FROM daily;
SELECT (nps(score)).* FROM answers;
SELECT nps_result(nps_merge(state)) = (SELECT nps(score) FROM answers) AS same FROM daily;
-- Two states merged by the plain function equal the aggregate over both.
SELECT nps_result(nps_state_combine(a.state, b.state)) =
       (SELECT nps(score) FROM answers WHERE id IN (2, 3)) AS same
FROM daily a, daily b WHERE a.day = 2 AND b.day = 3;

-- Comparison of two states (day 3 minus day 2): diff, SE, z, p and the interval.
SELECT round(diff::numeric, 6) AS diff, round(se::numeric, 6) AS se, round(z::numeric, 6) AS z,
       round(p_value::numeric, 6) AS p, round(ci_lower::numeric, 6) AS lo,
       round(ci_upper::numeric, 6) AS hi, level
FROM daily a, daily b, LATERAL nps_compare(a.state, b.state, 0.9)
WHERE a.day = 3 AND b.day = 2;
-- ... by hand: diff = 60 - 30, se = sqrt(var_a/n_a + var_b/n_b) with var = p + d - (p - d)^2.
SELECT round((60 - 30)::numeric, 6) AS diff,
       round((100 * sqrt((0.7 + 0.1 - 0.36) / 1000 + (0.5 + 0.2 - 0.09) / 50))::numeric, 6) AS se;

-- The text form: hexadecimal of the library's serialization; it reads back to the same state.
SELECT state::text = state::text::nps_state::text AS round_trip,
       left(state::text, 12) AS magic_and_version
FROM daily WHERE day = 1;
-- ... and the binary form (send/receive) is those very bytes.
SELECT nps_state_send(state) = decode(state::text, 'hex') AS binary_is_the_bytes
FROM daily WHERE day = 1;

-- Errors, each with a message that says what is valid.
SELECT nps_interval(state, 1.5) FROM daily WHERE day = 1;
SELECT nps_interval(state, 0) FROM daily WHERE day = 1;
SELECT nps_interval(state, 0.95, 'wilson') FROM daily WHERE day = 1;
SELECT nps_compare(a.state, a.state, -0.5) FROM daily a WHERE day = 1;
SELECT 'zz'::nps_state;
SELECT 'abc'::nps_state;
SELECT ''::nps_state;
-- A truncated state, a corrupted one, a newer format version, another accumulator's state.
SELECT left(state::text, 30)::nps_state FROM daily WHERE day = 1;
SELECT left(state::text, length(state::text) - 2)::nps_state FROM daily WHERE day = 1;
-- Editing the version in place breaks the CRC-32C that ends every state, so the newer state is
-- a literal: the answers 9 and 5 at format version 0xffff, resealed (test/newer-state.py).
SELECT overlay(state::text PLACING 'ffff' FROM 9 FOR 4)::nps_state FROM daily WHERE day = 1;
SELECT '43584e50ffff0000000000000000000000000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f03f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000f03f000000000000000000000000000000000000000000000000000000000000004000000000000000003801880058003314e75c'::nps_state;
SELECT (SELECT rating_state_agg(s, 1, 5) FROM (VALUES (4)) v(s))::text::nps_state;
-- The transition function outside an aggregate.
SELECT nps_state_add(NULL, 5);
