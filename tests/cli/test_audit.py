#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `cxscore audit` (standard library only).

Usage: test_audit.py PATH/TO/cxscore SOURCE_ROOT

The figures are compared with tests/data/audit/expected.txt, which
tests/data/audit/reference.py computes from the sample export without libcxscore (pandas and
R); the four formats must carry the same sections and rows.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

from cli_report import sections_csv, sections_json, sections_markdown

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
VISITS = os.path.join(ROOT, "examples", "data", "audit-visits.csv")
CHECKLIST = os.path.join(ROOT, "examples", "data", "retail-checklist.ini")


def run(*args):
    p = subprocess.run([CXSCORE, "audit", *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def load_expected():
    with open(os.path.join(ROOT, "tests", "data", "audit", "expected.txt")) as f:
        return {k: float(v) for k, v in (line.split() for line in f if line.strip())}


EXPECTED = load_expected()


def close(a, b, rel=1e-9):
    return math.isclose(a, b, rel_tol=rel, abs_tol=rel)


class Audit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        code, out, err = run(VISITS, "--checklist", CHECKLIST, "--format", "json",
                             "--target", "75")
        assert code == 0, err
        cls.doc = json.loads(out)
        cls.sec = {s["name"]: s["rows"] for s in cls.doc["sections"]}

    def test_summary_matches_pandas(self):
        s = self.sec["summary"][0]
        self.assertEqual(s["visits"], EXPECTED["visits"])
        self.assertEqual(s["scored"], EXPECTED["scored"])
        self.assertEqual(s["passed"], EXPECTED["passed"])
        self.assertEqual(s["critical_visits"], EXPECTED["critical_visits"])
        self.assertTrue(close(s["mean"], EXPECTED["overall.mean"]))
        self.assertTrue(close(s["pass_ci_lower"], EXPECTED["overall.pass_lower"]))
        self.assertEqual(self.doc["settings"]["critical_rule"], "visit")

    def test_league_table_is_sorted_and_matches(self):
        rows = self.sec["league"]
        self.assertEqual(len(rows), EXPECTED["location.count"])
        means = [r["mean"] for r in rows]
        self.assertEqual(means, sorted(means, reverse=True))
        for r in rows:
            self.assertTrue(close(r["mean"], EXPECTED[f"location.{r['location']}.mean"]))
            self.assertEqual(r["n"], EXPECTED[f"location.{r['location']}.n"])
            self.assertIsNotNone(r["vs_target_p"])

    def test_standards_and_shoppers(self):
        rows = self.sec["standards"]
        self.assertEqual([r["rank"] for r in rows], list(range(1, len(rows) + 1)))
        for r in rows:
            self.assertEqual(r["rank"], EXPECTED[f"item.{r['item']}.rank"])
            self.assertTrue(close(r["points_lost"], EXPECTED[f"item.{r['item']}.lost"]))
        for r in self.sec["shoppers"]:
            self.assertTrue(close(r["deviation"], EXPECTED[f"shopper.{r['shopper']}.deviation"]))
        t = self.sec["consistency"][0]
        self.assertTrue(close(t["f"], EXPECTED["nested.F"]))
        self.assertTrue(close(t["p"], EXPECTED["nested.p"], 1e-6))

    def test_rejects_are_counted_and_listed_with_lines(self):
        counts = {r["reason"]: r["count"] for r in self.sec["rejected"]}
        for reason in ("answer", "na_not_allowed", "critical_blank", "no_applicable",
                       "unknown_item", "date", "missing_segment"):
            self.assertEqual(counts[reason], EXPECTED[f"rejected.{reason}"], reason)
        first = self.sec["rejects"][0]
        self.assertEqual((first["line"], first["column"], first["reason"]),
                         (1, "X9", "unknown_item"))

    def test_baseline_is_welch(self):
        code, out, err = run(VISITS, "-k", CHECKLIST, "--by", "region", "--baseline",
                             "region=south", "-f", "json")
        self.assertEqual(code, 0, err)
        rows = {r["region"]: r for s in json.loads(out)["sections"] if s["name"] == "baseline"
                for r in s["rows"]}
        self.assertNotIn("south", rows)
        self.assertTrue(close(rows["north"]["t"], EXPECTED["welch.t"]))
        self.assertTrue(close(rows["north"]["p"], EXPECTED["welch.p"], 1e-7))
        self.assertTrue(close(rows["north"]["pass_p"], EXPECTED["pass.p"], 1e-7))

    def test_formats_carry_the_same_rows(self):
        _, csv_out, _ = run(VISITS, "-k", CHECKLIST, "-f", "csv")
        _, md_out, _ = run(VISITS, "-k", CHECKLIST, "-f", "markdown")
        code, table_out, _ = run(VISITS, "-k", CHECKLIST)
        self.assertEqual(code, 0)
        j = sections_json(json.dumps(self.doc))
        c = sections_csv(csv_out)
        m = sections_markdown(md_out)
        self.assertEqual([n for n, _, _ in j], [n for n, _ in c])
        self.assertEqual([len(rows) for _, _, rows in j], [len(rows) for _, rows in c])
        self.assertEqual([len(rows) for _, _, rows in j], [len(rows) for _, rows in m])
        for title in ("All visits", "Sections", "Standards (lowest compliance first)"):
            self.assertIn(title, table_out)
        # --section: one plain CSV table
        _, one, _ = run(VISITS, "-k", CHECKLIST, "-f", "csv", "--section", "league")
        self.assertTrue(one.startswith("rank,location,n,mean"))

    def test_bad_usage_and_bad_data(self):
        self.assertEqual(run(VISITS)[0], 2)  # no --checklist
        self.assertEqual(run(VISITS, "-k", CHECKLIST, "--by", "store")[0], 2)
        self.assertEqual(run(VISITS, "-k", CHECKLIST, "--target", "120")[0], 2)
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.ini")
            with open(bad, "w") as f:
                f.write("[checklist]\npass_mark = 80\ncritical = store\n[sections]\na = A\n"
                        "[item Q]\nsection = a\npoints = 1\ntype = yesno\n")
            code, _, err = run(VISITS, "-k", bad)
            self.assertEqual(code, 1)
            self.assertIn("line 3: unknown critical rule 'store'", err)
            empty = os.path.join(d, "empty.csv")
            with open(empty, "w") as f:
                f.write("location,E1\nS1,\nS2,N/A\n")
            code, out, err = run(empty, "-k", CHECKLIST, "-f", "json")
            self.assertEqual(code, 1)
            self.assertIn("no visit could be scored", err)
        code, _, err = run(VISITS, "-k", CHECKLIST, "--baseline", "location=nowhere")
        self.assertEqual(code, 1)
        self.assertIn("no location 'nowhere'", err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=1)
