-- rating() for CSAT and CES, its comparison, and cronbach_alpha().
CREATE EXTENSION IF NOT EXISTS cxscore;
SET extra_float_digits = 0;
-- tests/data/rating-compare/welch-newcombe.R: the CSAT samples a and b (1-5, good = 4-5).
CREATE TABLE csat (sample text, score int);
INSERT INTO csat SELECT 'a', unnest(ARRAY[5,4,4,3,5,2,4,5,1,4]);
INSERT INTO csat SELECT 'b', unnest(ARRAY[3,3,2,4,3,1,2,5,3,4,2,3]);
-- Bad answers are counted: NULL is missing, 0 and 6 are outside 1-5.
INSERT INTO csat VALUES ('a', NULL), ('a', 0), ('b', 6);
SELECT sample, (rating(score, 1, 5)).* FROM csat GROUP BY sample ORDER BY sample;
-- By hand for a: mean 37/10, top two box 7/10, top box 3/10.
SELECT 37 / 10.0 AS mean, 7 / 10.0 AS top_two_box, 3 / 10.0 AS top_box;
-- tests/data/rating-compare/expected.txt (R: t.test, prop.test, Newcombe's hybrid interval):
-- welch diff 0.783333333333 t 1.489048135198 df 17.303056154753 p 1.544753240706e-01
--       ci -0.325083894675 1.891750561342
-- good 7/10 vs 3/12 diff 0.45 z 2.110687091921 p 3.479921620986e-02
--       newcombe 0.035705667443 0.700766790196
SELECT abs(c.mean_diff - 0.783333333333) < 1e-9 AS diff,
       abs(c.mean_t - 1.489048135198) < 1e-9 AS t,
       abs(c.mean_df - 17.303056154753) < 1e-9 AS df,
       abs(c.mean_p_value - 1.544753240706e-01) < 1e-9 AS p,
       abs(c.mean_ci_lower - -0.325083894675) < 1e-9 AND
       abs(c.mean_ci_upper - 1.891750561342) < 1e-9 AS ci,
       abs(c.top_two_box_diff - 0.45) < 1e-12 AS good_diff,
       abs(c.top_two_box_z - 2.110687091921) < 1e-9 AS z,
       abs(c.top_two_box_p_value - 3.479921620986e-02) < 1e-9 AS good_p,
       abs(c.top_two_box_ci_lower - 0.035705667443) < 1e-9 AND
       abs(c.top_two_box_ci_upper - 0.700766790196) < 1e-9 AS newcombe
FROM (SELECT rating_state_agg(score, 1, 5) AS s FROM csat WHERE sample = 'a') a,
     (SELECT rating_state_agg(score, 1, 5) AS s FROM csat WHERE sample = 'b') b,
     LATERAL rating_compare(a.s, b.s) c;
-- Rollup: per-sample states merged equal one pass.
SELECT rating_result(rating_merge(s)) = (SELECT rating(score, 1, 5) FROM csat) AS same
FROM (SELECT rating_state_agg(score, 1, 5) AS s FROM csat GROUP BY sample) x;
-- The 90 % level narrows the intervals.
SELECT round(top_two_box_ci_lower::numeric, 6) AS lo, round(top_two_box_ci_upper::numeric, 6) AS hi,
       level
FROM (SELECT rating_state_agg(score, 1, 5) AS s FROM csat WHERE sample = 'a') a,
     LATERAL rating_result(a.s, 0.9);
-- CES on 1-7: top two box is 6-7.
SELECT (rating(score, 1, 7)).n, (rating(score, 1, 7)).top_two_box
FROM (VALUES (7), (6), (5), (1)) v(score);
-- Errors: a scale that is not one, a scale that changes, merging different scales.
SELECT rating(score, 5, 1) FROM (VALUES (3)) v(score);
SELECT rating(score, 1, high) FROM (VALUES (3, 5), (4, 7)) v(score, high);
SELECT rating_merge(s) FROM (SELECT rating_state_agg(3, 1, 5) AS s UNION ALL
                             SELECT rating_state_agg(3, 1, 7)) x;
SELECT rating_result(s, 2) FROM (SELECT rating_state_agg(3, 1, 5) AS s) x;

-- Cronbach's alpha: tests/data/alpha/ (published alpha 0.674 for thinkdeeply.csv; pingouin's
-- cronbach_alpha_wide: 0.5917188485995826, 95 % CI [0.195, 0.840]).
\getenv abs_srcdir PG_ABS_SRCDIR
\set think :abs_srcdir '/../../../tests/data/alpha/thinkdeeply.csv'
\set wide :abs_srcdir '/../../../tests/data/alpha/cronbach_alpha_wide.csv'
CREATE TABLE think (x1 float8, x2 float8, x3 float8, x4 float8);
COPY think FROM :'think' WITH (FORMAT csv, HEADER true);
SELECT k, rows, rows_complete, round(alpha::numeric, 3) AS alpha
FROM (SELECT (cronbach_alpha(ARRAY[x1, x2, x3, x4])).* FROM think) a;
CREATE TABLE wide (q1 float8, q2 float8, q3 float8, q4 float8, q5 float8,
                   q6 float8, q7 float8, q8 float8, q9 float8, q10 float8);
COPY wide FROM :'wide' WITH (FORMAT csv, HEADER true);
SELECT abs(alpha - 0.5917188485995826) < 1e-12 AS alpha,
       round(ci_lower::numeric, 3) AS ci_lower, round(ci_upper::numeric, 3) AS ci_upper
FROM (SELECT (cronbach_alpha(ARRAY[q1, q2, q3, q4, q5, q6, q7, q8, q9, q10])).* FROM wide) a;
-- Missing items (NULL) are left out pairwise; a row of another length is an error.
SELECT k, rows, rows_complete
FROM (SELECT (cronbach_alpha(r)).* FROM (VALUES (ARRAY[1, 2, 3]::float8[]),
      (ARRAY[2, NULL, 3]::float8[]), (ARRAY[3, 3, 4]::float8[]), (NULL)) v(r)) a;
SELECT cronbach_alpha(r) FROM (VALUES (ARRAY[1, 2, 3]::float8[]), (ARRAY[1, 2]::float8[])) v(r);
