#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of `cxscore followup` (standard library only).

Usage: test_followup.py PATH/TO/cxscore SOURCE_ROOT

The queues are compared with tests/data/queue/expected-*.csv and the counts with
expected-*.txt, which tests/data/queue/make.py computes with pandas without libcxscore.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import unittest

from cli_report import sections_csv, sections_json

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
DATA = os.path.join(ROOT, "tests", "data", "queue")
SURVEY = os.path.join(DATA, "survey.csv")
VALUES = os.path.join(DATA, "values.csv")
ORDERS = os.path.join(DATA, "orders.csv")
NOW = "2026-03-01T00:00:00Z"
RUNS = {
    "nps": [SURVEY, "--nps", "score", "--value", VALUES, "--now", NOW],
    "mixed": [SURVEY, "--csat", "csat", "--ces", "ces", "--rules", os.path.join(DATA, "rules.txt"),
              "--value", VALUES, "--now", NOW, "--wait-scale", "12", "--top", "15"],
    "orders": [SURVEY, "--nps", "score", "--orders", ORDERS, "--value-period", "90",
               "--now", NOW],
    "clv": [SURVEY, "--nps", "score", "--orders", ORDERS, "--clv-retention", "0.8",
            "--clv-discount", "0.05", "--clv-margin", "0.3", "--now", NOW, "--top", "12"],
}


def run(*args):
    p = subprocess.run([CXSCORE, "followup", *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def run_with_file(text, *args):
    """run() with a temporary CSV holding text in place of the argument "{}"."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        f.write(text)
    try:
        return run(*[f.name if a == "{}" else a for a in args])
    finally:
        os.unlink(f.name)


def expected(name):
    with open(os.path.join(DATA, f"expected-{name}.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    counts, rejected = None, {}
    with open(os.path.join(DATA, f"expected-{name}.txt")) as f:
        for line in f:
            w = line.split()
            if w and w[0] == "summary":
                counts = [int(x) for x in w[1:]]
            elif w and w[0] == "rejected":
                rejected[w[1]] = (int(w[2]), int(w[3]))
    return rows, counts, rejected


class Queue(unittest.TestCase):
    def check_run(self, name):
        code, out, err = run(*RUNS[name], "--format", "json")
        self.assertEqual(code, 0, err)
        secs = {n: rows for n, _, rows in sections_json(out)}
        rows, counts, rejected = expected(name)
        got = secs["queue"]
        self.assertEqual(len(got), len(rows))
        for g, w in zip(got, rows):
            self.assertEqual(g["rank"], int(w["rank"]))
            for key in ["response_id", "customer_id", "reason"]:
                self.assertEqual(g[key], w[key], (w["rank"], key))
            self.assertEqual(g["line"], int(w["line"]))
            self.assertEqual(g["comment"] or "", w["comment"], w["rank"])
            for key in ["value", "waited_hours", "priority"]:
                self.assertAlmostEqual(g[key], float(w[key]), delta=1e-8 * abs(float(w[key])) +
                                       1e-9, msg=(w["rank"], key))
        s = secs["summary"][0]
        self.assertEqual([s["responses"], s["to_call_back"], s["queued"], s["listed"],
                          s["without_value"]], counts)
        self.assertEqual({r["reason"]: (r["responses"], r["first_line"])
                          for r in secs["rejected"]}, rejected)
        # Every rejected response is named on stderr with its line.
        for why, (n, first) in rejected.items():
            self.assertIn(f"line {first}:", err)
        return out

    def test_detractors_by_value_and_wait_match_pandas(self):
        self.check_run("nps")

    def test_csat_ces_rules_and_top_k_match_pandas(self):
        self.check_run("mixed")

    def test_revenue_of_the_value_period_from_an_orders_log_matches_pandas(self):
        out = self.check_run("orders")
        settings = json.loads(out)["settings"]
        self.assertEqual(settings["value_period_days"], 90)
        self.assertEqual(settings["orders"], ORDERS)

    def test_clv_of_the_orders_revenue_matches_pandas(self):
        self.check_run("clv")

    def test_orders_in_every_format(self):
        for fmt in ["table", "csv", "markdown", "json"]:
            code, out, err = run(*RUNS["clv"], "--format", fmt)
            self.assertEqual(code, 0, (fmt, err))
            self.assertIn("order_negative_amount", out.replace("\\_", "_"), fmt)
        code, out, _ = run(*RUNS["clv"])
        self.assertIn("value = CLV: m r / (1 + i - r), m = 0.3 x revenue in 365 days", out)

    def test_top_k_is_the_head_of_the_full_queue(self):
        code, full, _ = run(*RUNS["nps"], "--format", "csv", "--section", "queue")
        self.assertEqual(code, 0)
        code, top, _ = run(*RUNS["nps"], "--format", "csv", "--section", "queue", "--top", "7")
        self.assertEqual(code, 0)
        self.assertEqual(top.splitlines(), full.splitlines()[:8])

    def test_csv_carries_the_json_rows(self):
        code, out, _ = run(*RUNS["mixed"], "--format", "csv")
        self.assertEqual(code, 0)
        secs = dict((n, rows) for n, rows in sections_csv(out))
        self.assertEqual(len(secs["queue"]), 15)
        self.assertEqual(secs["queue"][0]["response_id"], expected("mixed")[0][0]["response_id"])
        code, table, _ = run(*RUNS["mixed"])
        self.assertEqual(code, 0)
        self.assertIn("priority = value x (1 + waited / 12 h)", table)
        self.assertTrue(all(len(line) <= 80 for line in table.splitlines()), table)


class BadInput(unittest.TestCase):
    def test_customer_twice_in_the_value_file_names_both_lines(self):
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("customer,value\nC001,10\nC002,20\nC001,30\n")
        try:
            code, out, err = run(SURVEY, "--value", f.name, "--now", NOW)
        finally:
            os.unlink(f.name)
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertIn("customer 'C001' is on line 2 and again on line 4", err)

    def test_bad_values_are_errors_with_their_line(self):
        for body, msg in [("C001,-5\n", "line 2: the value is negative"),
                          ("C001,lots\n", "line 2: the value is not a number"),
                          (",5\n", "line 2: no customer id")]:
            with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
                f.write("customer,value\n" + body)
            try:
                code, out, err = run(SURVEY, "--value", f.name, "--now", NOW)
            finally:
                os.unlink(f.name)
            self.assertEqual(code, 1, body)
            self.assertIn(msg, err)

    def test_rules_error_names_line_and_column(self):
        with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as f:
            f.write("# ok\nscore <= 6 or channel = phone\n")
        try:
            code, out, err = run(SURVEY, "--rules", f.name, "--now", NOW)
        finally:
            os.unlink(f.name)
        self.assertEqual(code, 1)
        self.assertIn(f"{f.name}:2:12: 'or' joins rules", err)

    def test_rules_on_an_unknown_column_is_an_error(self):
        with tempfile.NamedTemporaryFile("w", suffix=".rules", delete=False) as f:
            f.write("mood = grumpy\n")
        try:
            code, out, err = run(SURVEY, "--rules", f.name, "--now", NOW)
        finally:
            os.unlink(f.name)
        self.assertEqual(code, 1)
        self.assertIn("mood", err)

    def test_orders_without_an_amount_column_is_an_error(self):
        code, out, err = run_with_file("customer_id,order_date\nC001,2026-01-01\n",
                                       SURVEY, "--orders", "{}", "--now", NOW)
        self.assertEqual(code, 1)
        self.assertEqual(out, "")
        self.assertIn("no amount column", err)

    def test_usage_errors(self):
        for args in [["--value", VALUES, "--orders", ORDERS], ["--clv-retention", "0.8"],
                     ["--orders", ORDERS, "--clv-retention", "1.2"],
                     ["--orders", ORDERS, "--clv-retention", "0.8", "--clv-discount", "-0.5"],
                     ["--orders", ORDERS, "--value-period", "0"]]:
            code, out, err = run(SURVEY, "--now", NOW, *args)
            self.assertEqual(code, 2, args)
            self.assertEqual(out, "", args)
            self.assertIn("cxscore followup:", err)
        for args in [["--top", "-1"], ["--wait-scale", "0"], ["--now", "yesterday"], []]:
            code, _, err = run(*([SURVEY] if args else []), *args)
            self.assertEqual(code, 2, args)
            self.assertIn("cxscore followup:", err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
