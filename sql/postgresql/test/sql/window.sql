-- nps() as a moving aggregate: a sliding frame subtracts the row that leaves it.
CREATE EXTENSION IF NOT EXISTS cxscore;
CREATE TABLE days AS
SELECT g AS day,
       CASE WHEN g % 23 = 0 THEN NULL WHEN g % 31 = 0 THEN 13 ELSE (g * 37) % 11 END AS score
FROM generate_series(1, 2000) g;
CREATE TABLE rolling AS
SELECT day, nps(score) OVER (ORDER BY day ROWS 29 PRECEDING) AS r FROM days;
SELECT day, (r).* FROM rolling WHERE day IN (1, 2, 29, 30, 31, 62, 1000, 2000) ORDER BY day;
-- Every frame equals the aggregate computed from scratch over the same 30 rows.
SELECT count(*) AS frames,
       count(*) FILTER (WHERE r = (SELECT nps(score) FROM days d
                                   WHERE d.day BETWEEN m.day - 29 AND m.day)) AS equal
FROM rolling m;
-- The weighted form (no inverse) gives the same frames with weight 1.
SELECT count(*) FILTER (WHERE a = b) AS equal
FROM (SELECT nps(score) OVER w AS a, nps(score, 1.0) OVER w AS b
      FROM days WINDOW w AS (ORDER BY day ROWS 29 PRECEDING)) s;
-- Frames that grow and shrink (RANGE with peers), and a partitioned window.
SELECT count(*) FILTER (WHERE a = b) AS equal, count(*) AS frames
FROM (SELECT nps(score) OVER (PARTITION BY day % 7 ORDER BY day / 10
                              RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING) AS a,
             nps(score, 1.0) OVER (PARTITION BY day % 7 ORDER BY day / 10
                                   RANGE BETWEEN 3 PRECEDING AND 1 FOLLOWING) AS b
      FROM days) s;
-- nps_score(): the NPS alone, as a moving aggregate and as a plain one.
SELECT count(*) FILTER (WHERE a IS NOT DISTINCT FROM (b).nps) AS equal, count(*) AS frames
FROM (SELECT nps_score(score) OVER w AS a, nps(score) OVER w AS b
      FROM days WINDOW w AS (ORDER BY day ROWS 29 PRECEDING)) s;
SELECT nps_score(score) = (nps(score)).nps AS same FROM days;
SELECT nps_score(score) IS NULL AS no_valid_answer FROM days WHERE score IS NULL;
