#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `cxscore loop` (standard library only).

Usage: test_loop.py PATH/TO/cxscore SOURCE_ROOT

The figures are compared with tests/data/followup/expected.txt, which
tests/data/followup/make.py computes with pandas from the rules of cx-followup.h, without
libcxscore; the four formats must carry the same sections and rows.
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
LOG = os.path.join(ROOT, "tests", "data", "followup", "log.csv")
NOW = "2026-03-01T00:00:00Z"


def run(*args):
    p = subprocess.run([CXSCORE, "loop", *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def load_expected():
    rejected, sections, current = {}, {}, None
    with open(os.path.join(ROOT, "tests", "data", "followup", "expected.txt")) as f:
        for line in f:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            if w[0] == "rejected":
                rejected[w[1]] = (int(w[2]), int(w[3]))
            elif w[0] == "==":
                current = sections.setdefault((w[1], float(w[3]) / 3600), {})
            else:
                current[w[0]] = float(w[1])
    return rejected, sections


REJECTED, EXPECTED = load_expected()


def same(a, b):
    if a is None:
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def owner_of(name):
    return {"all": "(all)", "group:": "(no owner)"}.get(name, name[len("group:"):])


class Loop(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        code, out, err = run(LOG, "--now", NOW, "--format", "json")
        assert code == 0, err
        cls.err = err
        cls.sec = {s["name"]: s["rows"] for s in json.loads(out)["sections"]}

    def test_sla_and_closure_match_pandas(self):
        rows = {(r["owner"], r["sla_hours"]): r for r in self.sec["loop"]}
        for (name, sla), exp in EXPECTED.items():
            r = rows[(owner_of(name), sla)]
            pairs = [("alerts", "alerts"), ("contacted", "contacted"),
                     ("sla_decided", "sla_decided"), ("sla_met", "sla_met"),
                     ("sla_share", "sla_share"), ("sla_ci_lower", "sla_lower"),
                     ("sla_ci_upper", "sla_upper"), ("closed", "closed"),
                     ("closure_rate", "closure_rate"), ("closure_ci_lower", "closure_lower"),
                     ("closure_ci_upper", "closure_upper")]
            for col, key in pairs:
                self.assertTrue(same(r[col], exp[key]), (name, sla, col, r[col], exp[key]))
            self.assertTrue(same(r["first_contact_median_hours"],
                                 exp["first_contact_median"] / 3600))
            self.assertTrue(same(r["first_contact_p90_hours"], exp["first_contact_p90"] / 3600))

    def test_open_and_recovery_match_pandas(self):
        opened = {r["owner"]: r for r in self.sec["open"]}
        rec = {r["owner"]: r for r in self.sec["recovery"]}
        for (name, sla), exp in EXPECTED.items():
            o, r = opened[owner_of(name)], rec[owner_of(name)]
            self.assertEqual(o["under_24h"], exp["open_under_24h"])
            self.assertEqual(o["over_7d"], exp["open_over_7d"])
            for col in ("pairs", "detractors_before", "to_passive", "to_promoter",
                        "became_detractor", "recovery_rate", "mcnemar_chi2", "mcnemar_p"):
                self.assertTrue(same(r[col], exp[col]), (name, col, r[col], exp[col]))

    def test_every_rejection_is_counted_and_named_with_its_line(self):
        got = {r["reason"]: (r["alerts"], r["first_line"]) for r in self.sec["rejected"]}
        self.assertEqual(got, REJECTED)
        self.assertIn("line 36: alert rejected (duplicate)", self.err)
        self.assertIn("line 70: alert rejected (bad_time)", self.err)

    def test_formats_carry_the_same_rows(self):
        outs = {f: run(LOG, "--now", NOW, "--format", f)[1] for f in ("csv", "json", "markdown")}
        j = sections_json(outs["json"])
        c = sections_csv(outs["csv"])
        m = sections_markdown(outs["markdown"])
        self.assertEqual([(name, len(rows)) for name, _, rows in j],
                         [(name, len(rows)) for name, rows in c])
        self.assertEqual([(title, len(rows)) for _, title, rows in j],
                         [(title, len(rows)) for title, rows in m])
        for (_, _, jrows), (_, crows) in zip(j, c):
            for jr, cr in zip(jrows, crows):
                for k, v in jr.items():
                    self.assertTrue(v == cr[k] or (isinstance(v, float) and same(cr[k], v)),
                                    (k, v, cr[k]))

    def test_bad_usage_and_no_data(self):
        self.assertEqual(run(LOG, "--sla", "x")[0], 2)
        self.assertEqual(run(LOG, "--now", "yesterday")[0], 2)
        self.assertEqual(run()[0], 2)
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "bad.csv")
            with open(bad, "w") as f:
                f.write("response_id,alerted_at,first_contact_at,closed_at,outcome\n"
                        "R1,2026-01-02,2026-01-01,,\n")
            code, _, err = run(bad, "--now", NOW)
            self.assertEqual(code, 1)
            self.assertIn("line 2: alert rejected (out_of_order)", err)
            self.assertIn("no accepted alert", err)


class Baseline(unittest.TestCase):
    """--by owner --baseline ana: each owner minus ana, computed here from the pandas figures of
    expected.txt: the difference of shares, the pooled two-proportion z test (p = erfc(|z|/√2))
    and Newcombe's (1998) hybrid score interval from the two Wilson intervals."""

    def test_owners_against_the_baseline_owner(self):
        code, out, err = run(LOG, "--now", NOW, "--by", "owner", "--baseline", "ana",
                             "--format", "json")
        self.assertEqual(code, 0, err)
        rows = {(r["owner"], r["sla_hours"]): r
                for r in {s["name"]: s["rows"] for s in json.loads(out)["sections"]}["baseline"]}
        self.assertEqual(sorted(rows), [("bo", 24), ("bo", 48), ("chen", 24), ("chen", 48)])
        figures = [("sla_share", "sla_met", "sla_decided", "sla_share", "sla_lower", "sla_upper"),
                   ("closure_rate", "closed", "alerts", "closure_rate", "closure_lower",
                    "closure_upper"),
                   ("recovery_rate", None, "detractors_before", "recovery_rate",
                    "recovery_lower", "recovery_upper")]
        for (owner, sla), row in rows.items():
            a, b = EXPECTED[("group:" + owner, sla)], EXPECTED[("group:ana", sla)]
            for col, x, n, share, lo, up in figures:
                xa = a[x] if x else a["to_passive"] + a["to_promoter"]
                xb = b[x] if x else b["to_passive"] + b["to_promoter"]
                d = a[share] - b[share]
                pooled = (xa + xb) / (a[n] + b[n])
                z = d / math.sqrt(pooled * (1 - pooled) * (1 / a[n] + 1 / b[n]))
                lower = d - math.sqrt((a[share] - a[lo]) ** 2 + (b[up] - b[share]) ** 2)
                upper = d + math.sqrt((a[up] - a[share]) ** 2 + (b[share] - b[lo]) ** 2)
                for key, want in [(col + "_diff", d), (col + "_diff_ci_lower", lower),
                                  (col + "_diff_ci_upper", upper),
                                  (col + "_p", math.erfc(abs(z) / math.sqrt(2)))]:
                    self.assertTrue(math.isclose(row[key], want, rel_tol=1e-9, abs_tol=1e-12),
                                    (owner, sla, key, row[key], want))

    def test_baseline_errors(self):
        code, _, err = run(LOG, "--now", NOW, "--by", "owner", "--baseline", "zed")
        self.assertEqual(code, 2)
        self.assertIn("--baseline zed: no alert has that owner (owners: ana, bo, chen)", err)
        code, _, err = run(LOG, "--now", NOW, "--by", "owner", "--baseline", "team=ana")
        self.assertEqual(code, 2)
        self.assertIn("COL must be the --by/--owner column", err)
        code, out, _ = run(LOG, "--now", NOW, "--baseline", "owner=ana", "--format", "csv")
        self.assertEqual(code, 0)  # the owner column is found by its name
        self.assertIn("\nbaseline,bo,24,", out)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=1)
