-- nps() and rating() through the sqlite3 shell (run.sh loads the extension first).
CREATE TABLE responses (day INTEGER, channel TEXT, score, weight REAL);
INSERT INTO responses VALUES
    (1, 'web', 10, 2.0), (2, 'web', 0, 1.0), (3, 'app', 8, 1.0), (4, 'app', 9, NULL),
    (5, 'web', NULL, 1.0), (6, 'app', 11, 1.0), (7, 'web', 6.5, 1.0), (8, 'app', '7a', 1.0),
    (9, 'web', 'NA', 1.0), (10, 'app', '9', 1.0), (11, 'web', 7.0, 1.0), (12, 'app', -1, 1.0);
-- JSON: every answer accounted for (valid, missing, rejected by reason).
SELECT nps(score) FROM responses;
SELECT json_extract(nps(score), '$.nps') AS nps, json_extract(nps(score), '$.rejected') AS rejected
FROM responses;
SELECT nps_score(score) FROM responses;
SELECT channel, nps_score(score), json_extract(nps(score), '$.n') AS n
FROM responses GROUP BY channel ORDER BY channel;
-- Weighted: a NULL weight rejects its answer.
SELECT nps(score, weight) FROM responses;
-- A sliding frame of 3 rows (the inverse function subtracts the row that leaves).
SELECT day, nps_score(score) OVER w AS nps, json_extract(nps(score) OVER w, '$.n') AS n
FROM responses WINDOW w AS (ORDER BY day ROWS 2 PRECEDING);
-- No row, and no valid answer: counts, and null figures.
SELECT nps(score) FROM responses WHERE 0;
SELECT nps_score(score) FROM responses WHERE score IS NULL;
-- CSAT on 1-5 (tests/data/rating-compare: sample a, R: mean 3.7, top two box 7/10).
CREATE TABLE csat (score);
INSERT INTO csat VALUES (5), (4), (4), (3), (5), (2), (4), (5), (1), (4), (NULL), (0), (6);
SELECT rating(score, 1, 5) FROM csat;
SELECT rating(score, 5, 1) FROM csat;
-- CSAT over a sliding frame of 4 rows (the inverse subtracts the row that leaves).
SELECT rowid, rating(score, 1, 5) OVER (ORDER BY rowid ROWS 3 PRECEDING) ->> '$.mean' AS mean,
       rating(score, 1, 5) OVER (ORDER BY rowid ROWS 3 PRECEDING) ->> '$.n' AS n
FROM csat;
-- The weighted nps() has no inverse: not a window function (an error, not a wrong number).
SELECT nps(score, 1.0) OVER (ORDER BY day ROWS 2 PRECEDING) FROM responses;
