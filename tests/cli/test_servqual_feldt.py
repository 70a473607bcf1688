#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""cxscore servqual --feldt-n answered|rows against psych::alpha on data with blank rows.

Usage: test_servqual_feldt.py PATH/TO/cxscore SOURCE_ROOT

tests/data/alpha/psych-servqual-blank-rows.R writes servqual-blank-rows.csv (40 respondents of
the 22-item SERVQUAL, a few single blanks, 4 rows with no answer at all) and
psych-servqual-blank-rows.csv: per dimension and series, psych's alpha and Feldt's 95 % bounds
with n = every row (`rows`, psych::alpha's own $feldt) and n = the rows with an answer
(`answered`, the library's rule, by psych's alpha.ci()).
"""
import csv
import json
import os
import subprocess
import sys
import unittest

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
ALPHA = os.path.join(ROOT, "tests", "data", "alpha")
DATA = os.path.join(ALPHA, "servqual-blank-rows.csv")
TOL = 1e-9
SERIES = ("perception", "expectation", "gap")


def run(*args):
    p = subprocess.run([CXSCORE, *args], capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


class FeldtN(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with open(os.path.join(ALPHA, "psych-servqual-blank-rows.csv"), newline="") as f:
            cls.psych = {(r["dimension"], r["series"], r["rule"]): r for r in csv.DictReader(f)}

    def reliability(self, *args):
        code, out, err = run("servqual", DATA, "--format", "json", "--section", "reliability",
                             *args)
        self.assertEqual(code, 0, err)
        doc = json.loads(out)
        rows = doc["sections"][0]["rows"]
        return doc["settings"], {r["dimension"]: r for r in rows}

    def close(self, got, want, what):
        want = float(want)
        self.assertLessEqual(abs(got - want), TOL * max(1.0, abs(want)),
                             f"{what}: expected {want!r}, got {got!r}")

    def check(self, rule, args):
        settings, rows = self.reliability(*args)
        self.assertEqual(settings["feldt_n"], rule)
        self.assertEqual(len(rows), 5)
        for dim, r in rows.items():
            for s in SERIES:
                want = self.psych[(dim, s, rule)]
                what = f"{rule} {dim} {s}"
                self.close(r[f"alpha_{s}"], want["alpha"], what + " alpha")
                self.close(r[f"alpha_{s}_ci_lower"], want["lower"], what + " lower")
                self.close(r[f"alpha_{s}_ci_upper"], want["upper"], what + " upper")
                self.assertEqual(r[f"feldt_n_{s}"], int(want["n"]), what + " n")
                if rule == "rows":  # psych::alpha's own interval
                    self.close(r[f"alpha_{s}_ci_lower"], want["psych_feldt_lower"], what)
                    self.close(r[f"alpha_{s}_ci_upper"], want["psych_feldt_upper"], what)

    def test_rows_matches_psych_alpha(self):
        self.check("rows", ["--feldt-n", "ROWS"])

    def test_answered_is_the_default_and_leaves_blank_rows_out(self):
        self.check("answered", [])
        self.check("answered", ["--feldt-n", "answered"])
        _, rows = self.reliability("--feldt-n", "rows")
        _, answered = self.reliability()
        r, a = rows["tangibles"], answered["tangibles"]
        # Four blank rows narrow psych's interval: the library's is wider.
        self.assertLess(a["alpha_gap_ci_lower"], r["alpha_gap_ci_lower"])
        self.assertGreater(a["alpha_gap_ci_upper"], r["alpha_gap_ci_upper"])

    def test_csv_and_table_carry_the_rule(self):
        code, out, err = run("servqual", DATA, "--section", "reliability", "--feldt-n", "rows")
        self.assertEqual(code, 0, err)
        self.assertIn("n = every row, as psych::alpha", out)

    def test_unknown_rule_is_a_usage_error(self):
        code, out, err = run("servqual", DATA, "--feldt-n", "all")
        self.assertEqual(code, 2, err)
        self.assertIn("unknown --feldt-n 'all' (answered or rows)", err)
        self.assertEqual(out, "")


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
