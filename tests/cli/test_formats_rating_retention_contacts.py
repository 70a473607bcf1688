#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The report model of cxscore csat, ces, retention and contacts (standard library only).

Usage: test_formats_rating_retention_contacts.py PATH/TO/cxscore SOURCE_ROOT

For each command, the table, CSV, JSON and Markdown of one run carry the same sections, rows and
values (check_formats); --min-n and --max-segments behave as in nps.
"""
import csv
import io
import json
import os
import sys
import unittest

from test_cli import CONTACTS, ORDERS, SAMPLE, check_formats, run

from cli_report import contacts_view, rating_view, retention_view


class Rating(unittest.TestCase):
    def test_csat_formats_carry_the_same_sections(self):
        check_formats(self, ("csat", SAMPLE, "--by", "channel", "--baseline", "channel=web"),
                      ["rating", "unscored", "distribution", "consistency", "baseline"])
        check_formats(self, ("csat", SAMPLE), ["rating", "unscored", "distribution"])

    def test_ces_formats_with_two_keys_weights_and_min_n(self):
        check_formats(self, ("ces", SAMPLE, "--by", "channel,region", "--weight", "weight",
                             "--min-n", "200"),
                      ["rating", "unscored", "distribution", "consistency"])

    def test_min_n_keeps_small_segments_flagged_without_estimates(self):
        # a has 1 answer, b 3: with --min-n 2, a is listed without estimates; a single answer
        # has no SD (and so no SE) even without --min-n.
        data = "csat,ch\n4,a\n5,b\n3,b\n4,b\n"
        v = rating_view(json.loads(run("csat", "-", "--by", "ch", "--min-n", "2",
                                       "--format", "json", stdin=data)[1]))
        a, b = v["segments"]
        self.assertEqual((a["n"], a["mean"], a["small_base"]), (1, None, "small base"))
        self.assertEqual((b["mean"], b["small_base"]), (4.0, None))
        # one segment with estimates: nothing to compare, no F (null, never 0)
        self.assertIsNone(v["consistency"]["welch"]["f"])
        v = rating_view(json.loads(run("csat", "-", "--by", "ch", "--format", "json",
                                       stdin=data)[1]))
        self.assertEqual((v["segments"][0]["mean"], v["segments"][0]["se"]), (4.0, None))

    def test_max_segments_exits_1_naming_the_option(self):
        data = "csat,id\n" + "".join(f"4,{i}\n" for i in range(5))
        code, out, err = run("csat", "-", "--by", "id", "--max-segments", "3", stdin=data)
        self.assertEqual(code, 1)
        self.assertIn("--max-segments", err)
        self.assertEqual(out, "")
        self.assertEqual(run("csat", "-", "--by", "id", "--max-segments", "5", stdin=data)[0], 0)
        self.assertEqual(run("ces", SAMPLE, "--max-segments", "-1")[0], 2)


class Retention(unittest.TestCase):
    def test_formats_carry_the_same_sections(self):
        check_formats(self, ("retention", ORDERS, "--by", "channel", "--baseline", "channel=web",
                             "--cohorts", "--survey", SAMPLE, "--margin-rate", "0.3"),
                      ["periods", "summary", "cohorts", "detractors", "baseline", "unscored"])
        check_formats(self, ("retention", ORDERS, "--every", "quarter", "--min-n", "1870",
                             "--by", "channel"),
                      ["periods", "summary", "unscored"])

    def test_csv_carries_cohorts_survey_and_margin_rate(self):
        # Issue 14: the CSV was byte-identical with or without these options.
        plain = run("retention", ORDERS, "--format", "csv")[1]
        full = run("retention", ORDERS, "--format", "csv", "--cohorts", "--survey", SAMPLE,
                   "--margin-rate", "0.3")[1]
        self.assertNotEqual(plain, full)
        blocks = {b.splitlines()[1].split(",")[0]: b for b in full.split("\n\n")}
        self.assertIn("cohorts", blocks)
        self.assertIn("detractors", blocks)
        summary = [l.split(",") for l in blocks["summary"].splitlines()]
        value_lost = summary[0].index("lifetime_value_lost")
        self.assertNotEqual(summary[-1][value_lost], "")  # the overall row has the value lost
        self.assertEqual([l.split(",")[value_lost] for l in plain.split("\n\n")[2].splitlines()
                          [1:]], [""])  # none without --margin-rate

    def test_min_n_and_max_segments(self):
        v = retention_view(json.loads(run("retention", ORDERS, "--by", "channel", "--min-n",
                                          "1870", "--format", "json")[1]))
        seg = {s["key"]["channel"]: s for s in v["segments"]}
        self.assertEqual((seg["store"]["small_base"], seg["store"]["retention"]),
                         ("small base", None))
        self.assertEqual(seg["store"]["customers"], 1862)  # listed with its count
        self.assertIsNone(seg["app"]["small_base"])
        self.assertIsNotNone(seg["app"]["retention"])
        code, out, err = run("retention", ORDERS, "--by", "customer_id", "--max-segments", "10")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("--max-segments", err)


class Contacts(unittest.TestCase):
    def test_formats_carry_the_same_sections(self):
        check_formats(self, ("contacts", CONTACTS, "--by", "issue", "--baseline", "issue=billing"),
                      ["contacts", "time_to_resolution", "channels", "unscored", "excluded", "consistency",
                       "baseline"])
        check_formats(self, ("contacts", CONTACTS), ["contacts", "time_to_resolution",
                                                     "channels", "unscored", "excluded"])

    def test_csv_has_time_to_resolution_and_first_channel(self):
        # Issue 14: the CSV had neither table. Hours in every format (R: p90 238337.5 s).
        code, out, err = run("contacts", CONTACTS, "--format", "csv", "--section",
                             "time_to_resolution")
        self.assertEqual(code, 0, err)
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertAlmostEqual(float(rows[-1]["p90_hours"]), 238337.50000000012 / 3600, delta=1e-9)
        out = run("contacts", CONTACTS, "--format", "csv", "--section", "channels")[1]
        ch = {r["channel"]: r for r in csv.DictReader(io.StringIO(out))}
        self.assertEqual(ch["phone"]["resolved_here"], "690")

    def test_min_n_small_chi_square_and_max_segments(self):
        v = contacts_view(json.loads(run("contacts", CONTACTS, "--by", "issue", "--min-n", "300",
                                         "--format", "json")[1]))
        seg = {s["key"]["issue"]: s for s in v["segments"]}
        self.assertEqual((seg["moving"]["cases"], seg["moving"]["fcr"],
                          seg["moving"]["small_base"]), (260, None, "small base"))
        self.assertIsNotNone(seg["billing"]["fcr"])
        # Three cases in two segments: expected counts below 5, no p-value.
        data = ("case_id,channel,resolved,g\nA,web,yes,x\nB,web,no,x\nC,web,yes,y\n")
        code, out, err = run("contacts", "-", "--by", "g", stdin=data)
        self.assertEqual(code, 0, err)
        self.assertIn("No p-value: an expected count is below 5", out)
        v = contacts_view(json.loads(run("contacts", "-", "--by", "g", "--format", "json",
                                         stdin=data)[1]))
        self.assertIsNone(v["consistency"]["fcr_chi_square"]["p"])
        code, out, err = run("contacts", CONTACTS, "--by", "case_id", "--max-segments", "5")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("--max-segments", err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
