# SPDX-License-Identifier: MIT
"""cxscore servqual on the report model (issue 14): the four formats carry the same sections,
the CSV has the item rows and the "Segments differ?" test, --min-n and --max-segments behave as
in nps. Figures are checked against computations done here from the raw CSV or the formulas."""
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_report import sections  # noqa: E402
from test_cli import check_formats  # noqa: E402

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
SAMPLE = os.path.join(ROOT, "examples", "data", "survey.csv")


def run(*args, stdin=None):
    p = subprocess.run([CXSCORE, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def run_json(*args, stdin=None):
    code, out, err = run(*args, "--format", "json", stdin=stdin)
    assert code == 0, err
    return json.loads(out)


class ServqualReport(unittest.TestCase):
    def test_every_format_carries_the_same_sections(self):
        check_formats(self, ("servqual", SAMPLE, "--by", "channel", "--baseline", "channel=web"),
                      ["scores", "dimensions", "reliability", "items", "answers", "consistency",
                       "baseline"])

    def test_csv_has_the_item_rows_and_the_segment_test(self):
        code, out, err = run("servqual", SAMPLE, "--by", "channel", "--format", "csv",
                             "--section", "items")
        self.assertEqual(code, 0, err)
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual(len(rows), 5 * 22)  # four channels and (all), 22 items each
        # Item 1 of the app segment, from the raw file: respondents with both e1 and p1.
        with open(SAMPLE, newline="") as f:
            raw = [r for r in csv.DictReader(f) if r["channel"] == "app"]
        gaps = []
        for r in raw:
            try:
                e, p = float(r["e1"]), float(r["p1"])
            except ValueError:
                continue
            if 1 <= e <= 7 and 1 <= p <= 7 and e == int(e) and p == int(p):
                gaps.append(p - e)
        app1 = [r for r in rows if r["channel"] == "app" and r["item"] == "1"][0]
        self.assertEqual(int(app1["n"]), len(gaps))
        self.assertAlmostEqual(float(app1["gap"]), sum(gaps) / len(gaps), delta=1e-12)
        code, out, err = run("servqual", SAMPLE, "--by", "channel", "--format", "csv",
                             "--section", "consistency")
        self.assertEqual(code, 0, err)
        self.assertEqual(len(list(csv.DictReader(io.StringIO(out)))), 5)

    def test_segments_differ_is_the_one_way_anova_of_the_dimension_gaps(self):
        doc = run_json("servqual", SAMPLE, "--by", "channel")
        secs = sections(doc)
        for test in secs["consistency"]:
            segs = [r for r in secs["dimensions"]
                    if r["dimension"] == test["dimension"] and r["channel"] != "(all)"]
            n = [r["n"] for r in segs]
            m = [r["gap"] for r in segs]
            # SD of the gap scores from the SE: se = sd / sqrt(n).
            v = [(r["gap_se"] * math.sqrt(r["n"])) ** 2 for r in segs]
            total = sum(n)
            grand = sum(a * b for a, b in zip(n, m)) / total
            between = sum(a * (b - grand) ** 2 for a, b in zip(n, m)) / (len(n) - 1)
            within = sum((a - 1) * c for a, c in zip(n, v)) / (total - len(n))
            self.assertEqual((test["df1"], test["df2"]), (len(n) - 1, total - len(n)))
            self.assertAlmostEqual(test["f"], between / within, delta=1e-9 * test["f"])
            self.assertLess(test["p"], 1e-4)

    def test_min_n_keeps_small_segments_without_estimates(self):
        doc = run_json("servqual", SAMPLE, "--by", "channel", "--min-n", "300")
        secs = sections(doc)
        store = [r for r in secs["scores"] if r["channel"] == "store"][0]
        self.assertEqual(store["small_base"], "small base")
        self.assertIsNone(store["unweighted_score"])
        self.assertGreater(store["n"], 0)
        for r in secs["dimensions"]:
            if r["channel"] == "store":
                self.assertIsNone(r["gap"])
                self.assertIsNone(r["ci_lower"])
        self.assertEqual(secs["consistency"][0]["segments"], 3)

    def test_one_respondent_shows_no_se(self):
        head = ",".join([f"e{i}" for i in range(1, 23)] + [f"p{i}" for i in range(1, 23)])
        row = ",".join(["5"] * 22 + ["4"] * 22)
        doc = run_json("servqual", "-", stdin=head + "\n" + row + "\n")
        for r in sections(doc)["dimensions"]:
            self.assertEqual(r["n"], 1)
            self.assertEqual(r["gap"], -1)
            self.assertIsNone(r["gap_se"])
            self.assertIsNone(r["p"])

    def test_zone_of_tolerance_in_every_format(self):
        # Two respondents, every item alike: P - A is 1 and 3, P - D -1 and -1, D - A 2 and 4,
        # so MSA 2, MSS -1 and the zone 3 in every dimension (by hand).
        cols = [f"{s}{i}" for s in "epad" for i in range(1, 23)]
        rows = [[5] * 22 + [5] * 22 + [4] * 22 + [6] * 22,
                [6] * 22 + [6] * 22 + [3] * 22 + [7] * 22]
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write(",".join(cols) + "\n")
            for r in rows:
                f.write(",".join(map(str, r)) + "\n")
        try:
            check_formats(self, ("servqual", f.name),
                          ["scores", "dimensions", "reliability", "zone", "items", "answers"])
            doc = run_json("servqual", f.name)
        finally:
            os.unlink(f.name)
        zone = sections(doc)["zone"]
        self.assertEqual(len(zone), 5)
        for r in zone:
            self.assertEqual((r["adequate"], r["desired"], r["perception"]), (3.5, 6.5, 5.5))
            self.assertEqual((r["msa"], r["mss"], r["zone_width"]), (2, -1, 3))

    def test_max_segments(self):
        code, out, err = run("servqual", SAMPLE, "--by", "respondent_id", "--max-segments", "10")
        self.assertEqual(code, 1)
        self.assertIn("--max-segments", err)
        self.assertEqual(out, "")
        self.assertEqual(run("servqual", SAMPLE, "--max-segments", "-1")[0], 2)


class LoyaltyReport(unittest.TestCase):
    def test_every_format_carries_the_same_sections(self):
        check_formats(self, ("loyalty", SAMPLE, "--by", "channel,period", "--baseline",
                             "period=2026-Q1"), ["loyalty", "items", "unscored", "baseline"])

    def test_items_by_segment_match_the_raw_file(self):
        secs = sections(run_json("loyalty", SAMPLE, "--by", "channel"))
        with open(SAMPLE, newline="") as f:
            raw = list(csv.DictReader(f))
        for item, col in (("recommend", "score"), ("repurchase", "repurchase"),
                          ("cross_buy", "cross_buy")):
            for channel in ("app", "store"):
                vals = []
                for r in raw:
                    try:
                        v = float(r[col])
                    except ValueError:
                        continue
                    if r["channel"] == channel and v == int(v) and 0 <= v <= 10:
                        vals.append(v)
                got = [r for r in secs["items"]
                       if r["channel"] == channel and r["item"] == item][0]
                self.assertEqual(got["n"], len(vals))
                self.assertAlmostEqual(got["mean"], sum(vals) / len(vals), delta=1e-12)
                net = 100 * (sum(v >= 9 for v in vals) - sum(v <= 6 for v in vals)) / len(vals)
                self.assertAlmostEqual(got["net"], net, delta=1e-9)

    def test_min_n_and_one_respondent(self):
        secs = sections(run_json("loyalty", SAMPLE, "--by", "channel", "--min-n", "500"))
        store = [r for r in secs["loyalty"] if r["channel"] == "store"][0]
        self.assertEqual((store["small_base"], store["mean_index"]), ("small base", None))
        self.assertGreater(store["n"], 0)
        one = sections(run_json("loyalty", "-", stdin="score,repurchase,cross_buy\n9,9,9\n"))
        row = one["loyalty"][0]
        self.assertEqual(row["mean_index"], 90)
        self.assertIsNone(row["mean_index_ci_lower"])
        self.assertIsNone(row["net_index_ci_upper"])

    def test_max_segments(self):
        code, out, err = run("loyalty", SAMPLE, "--by", "respondent_id", "--max-segments", "10")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("--max-segments", err)


class DriversReport(unittest.TestCase):
    def test_every_format_carries_the_same_sections(self):
        check_formats(self, ("drivers", SAMPLE, "--by", "channel"),
                      ["drivers", "model", "unscored"])

    def test_csv_in_rank_order(self):
        code, out, err = run("drivers", SAMPLE, "--by", "channel", "--format", "csv",
                             "--section", "drivers")
        self.assertEqual(code, 0, err)
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual(len(rows), 5 * 5)
        for k in range(0, len(rows), 5):
            block = rows[k:k + 5]
            self.assertEqual([r["rank"] for r in block], ["1", "2", "3", "4", "5"])
            weights = [float(r["relative_weight"]) for r in block]
            self.assertEqual(weights, sorted(weights, reverse=True))

    def test_min_n_and_no_rank_is_null_everywhere(self):
        secs = sections(run_json("drivers", SAMPLE, "--by", "channel", "--min-n", "200"))
        store = [r for r in secs["model"] if r["channel"] == "store"][0]
        self.assertEqual((store["note"], store["r_squared"]), ("small base", None))
        for r in secs["drivers"]:
            if r["channel"] == "store":
                self.assertIsNone(r["rank"])
                self.assertIsNone(r["r"])
                self.assertGreater(r["n"], 0)
        code, out, err = run("drivers", SAMPLE, "--by", "channel", "--min-n", "200",
                             "--format", "csv", "--section", "drivers")
        store = [r for r in csv.DictReader(io.StringIO(out)) if r["channel"] == "store"]
        self.assertEqual({r["rank"] for r in store}, {""})

    def test_max_segments(self):
        code, out, err = run("drivers", SAMPLE, "--by", "respondent_id", "--max-segments", "10")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("--max-segments", err)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]], verbosity=2)
