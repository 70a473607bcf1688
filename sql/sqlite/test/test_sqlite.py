#!/usr/bin/env python3
"""The SQLite extension through Python's sqlite3 module: test_sqlite.py MODULE.so SOURCE_ROOT.

Checks the figures against references computed outside libcxscore: the NPS vectors of
tests/data/nps-vectors.csv (tests/data/reference/NPS.md) and the CSAT sample of
tests/data/rating-compare/ (R); every sliding frame against the same frame aggregated from
scratch; and the bad-input rules (NULL missing, rejected by reason, never an error).
"""
import csv
import json
import math
import sqlite3
import sys

module, root = sys.argv[1], sys.argv[2]
failures = 0


def check(name, ok, expected, actual):
    global failures
    if not ok:
        failures += 1
        print(f"FAIL {name}: expected {expected!r}, got {actual!r}")


def close(name, expected, actual, tol):
    ok = actual is not None and abs(actual - expected) <= tol
    check(name, ok, expected, actual)


db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(module.removesuffix(".so"))
db.enable_load_extension(False)

# The reference vectors: counts spread over 0-6, 7-8, 9-10; proportions, 95 % level.
with open(f"{root}/tests/data/nps-vectors.csv") as f:
    rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
for i, v in enumerate(rows):
    d, p, q = int(v["detractors"]), int(v["passives"]), int(v["promoters"])
    scores = [g % 7 for g in range(d)] + [7 + g % 2 for g in range(p)] + [9 + g % 2 for g in range(q)]
    db.execute("CREATE TEMP TABLE v (score)")
    db.executemany("INSERT INTO v VALUES (?)", [(s,) for s in scores])
    r = json.loads(db.execute("SELECT nps(score) FROM v").fetchone()[0])
    check(f"vector {i} counts", (r["detractors"], r["passives"], r["promoters"]) == (d, p, q),
          (d, p, q), (r["detractors"], r["passives"], r["promoters"]))
    close(f"vector {i} nps", 100 * float(v["nps"]), r["nps"], 1e-7)
    close(f"vector {i} se", 100 * float(v["se"]), r["se"], 1e-7)
    close(f"vector {i} tango lower", 100 * float(v["tango_lo"]), r["ci_lower"], 1e-7)
    close(f"vector {i} tango upper", 100 * float(v["tango_hi"]), r["ci_upper"], 1e-7)
    score = db.execute("SELECT nps_score(score) FROM v").fetchone()[0]
    check(f"vector {i} nps_score", score == r["nps"], r["nps"], score)
    w = json.loads(db.execute("SELECT nps(score, 1.0) FROM v").fetchone()[0])
    check(f"vector {i} weight 1", w == r, r, w)
    db.execute("DROP TABLE v")

# Bad input: counted by reason, never an error. The same figures as PostgreSQL's
# sql/postgresql/test/expected/nps.out for the same answers (NPS 25, SE 41.4578098794425).
values = [10, None, -1, 11, 9, 3, None, 100, 7, 6.5, "7a", "NA", " 9 ", 2 ** 40]
db.execute("CREATE TABLE bad (score)")
db.executemany("INSERT INTO bad VALUES (?)", [(x,) for x in values])
r = json.loads(db.execute("SELECT nps(score) FROM bad").fetchone()[0])
expected = {"n": 5, "promoters": 3, "passives": 1, "detractors": 1, "missing": 3,
            "rejected": 6, "rejected_out_of_range": 4, "rejected_not_integer": 1,
            "rejected_not_a_number": 1}
got = {k: r[k] for k in expected}
check("bad input counts", got == expected, expected, got)
close("bad input nps", 40.0, r["nps"], 1e-12)
r4 = json.loads(db.execute("SELECT nps(score) FROM bad WHERE rowid <= 9").fetchone()[0])
close("same as PostgreSQL: nps", 25.0, r4["nps"], 1e-12)
close("same as PostgreSQL: se", 41.4578098794425, r4["se"], 1e-12)
empty = json.loads(db.execute("SELECT nps(score) FROM bad WHERE 0").fetchone()[0])
check("empty", empty["n"] == 0 and empty["nps"] is None, "n 0, nps null", empty)

# Sliding frames: the inverse function against each frame from scratch.
db.execute("CREATE TABLE days (day INTEGER PRIMARY KEY, score)")
db.executemany("INSERT INTO days VALUES (?, ?)",
               [(g, None if g % 23 == 0 else 13 if g % 31 == 0 else (g * 37) % 11)
                for g in range(1, 1001)])
rolling = db.execute("SELECT day, nps(score) OVER (ORDER BY day ROWS 29 PRECEDING) FROM days").fetchall()
bad_frames = 0
for day, r in rolling:
    scratch = db.execute("SELECT nps(score) FROM days WHERE day BETWEEN ? AND ?",
                         (day - 29, day)).fetchone()[0]
    bad_frames += r != scratch
check("sliding frames equal to scratch", bad_frames == 0, 0, bad_frames)
rolling = db.execute("SELECT day, rating(score, 0, 10) OVER (ORDER BY day ROWS 29 PRECEDING) FROM days").fetchall()
bad_frames = 0
for day, r in rolling:
    scratch = db.execute("SELECT rating(score, 0, 10) FROM days WHERE day BETWEEN ? AND ?",
                         (day - 29, day)).fetchone()[0]
    bad_frames += r != scratch
check("rating sliding frames equal to scratch", bad_frames == 0, 0, bad_frames)

# CSAT (tests/data/rating-compare/welch-newcombe.R, sample a): mean 3.7, top two box 7/10,
# and its 95 % Wilson interval by hand.
db.execute("CREATE TABLE csat (score)")
db.executemany("INSERT INTO csat VALUES (?)", [(x,) for x in [5, 4, 4, 3, 5, 2, 4, 5, 1, 4, None, 0]])
r = json.loads(db.execute("SELECT rating(score, 1, 5) FROM csat").fetchone()[0])
check("rating counts", (r["n"], r["missing"], r["rejected"]) == (10, 1, 1), (10, 1, 1),
      (r["n"], r["missing"], r["rejected"]))
close("rating mean", 3.7, r["mean"], 1e-12)
close("rating top two box", 0.7, r["top_two_box"], 1e-12)
z, n, p = 1.959963984540054, 10, 0.7
centre = (p + z * z / (2 * n)) / (1 + z * z / n)
half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
close("rating Wilson lower", centre - half, r["top_two_box_ci_lower"], 1e-12)
close("rating Wilson upper", centre + half, r["top_two_box_ci_upper"], 1e-12)
try:
    db.execute("SELECT rating(score, 5, 1) FROM csat").fetchone()
    check("rating bad scale is an error", False, "an error", "no error")
except sqlite3.OperationalError as e:
    check("rating error names the valid scale", "low < high" in str(e), "low < high", str(e))

if failures:
    print(f"{failures} check(s) failed")
    sys.exit(1)
print("all checks passed")
