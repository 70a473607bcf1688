#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""cxscore contacts with a contact centre's columns: waits, self-service, hand-offs and excluded
cases, against tests/data/contacts/centre-expected.json (pandas, centre.py), in every format.

Usage: test_contacts_centre.py PATH/TO/cxscore SOURCE_ROOT
"""
import json
import os
import sys
import unittest

from test_cli import check_formats, run

from cli_report import sections, sections_csv

ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
DATA = os.path.join(ROOT, "tests", "data", "contacts")
CENTRE = os.path.join(DATA, "centre.csv")
ARGS = ("contacts", CENTRE, "--by", "month", "--wait", "wait_seconds", "--abandoned",
        "abandoned", "--agent", "agent", "--transferred", "transferred",
        "--self-service", "ivr,web", "--service-level", "20", "--short-abandon", "5")
with open(os.path.join(DATA, "centre-expected.json")) as f:
    WANT = json.load(f)


class Centre(unittest.TestCase):
    def setUp(self):
        code, out, err = run(*ARGS, "--format", "json")
        self.assertEqual(code, 0, err)
        self.secs = sections(json.loads(out))
        self.err = err

    def close(self, got, want, msg):
        if want is None:
            self.assertIsNone(got, msg)
        else:
            self.assertAlmostEqual(got, want, delta=1e-9 * max(1.0, abs(want)), msg=msg)

    def share(self, row, name, want, msg):
        self.close(row[name], want[0], f"{msg} {name}")
        self.close(row[name + "_ci_lower"], want[1], f"{msg} {name} lower")
        self.close(row[name + "_ci_upper"], want[2], f"{msg} {name} upper")

    def test_excluded_case_is_counted_in_every_place(self):
        overall = self.secs["contacts"][-1]
        self.assertEqual((overall["cases"], overall["contacts"]),
                         (WANT["overall"]["cases"], WANT["contacts"]))
        self.assertEqual((overall["cases_excluded"], overall["contacts_excluded"]),
                         (WANT["cases_excluded"], WANT["contacts_excluded"]))
        self.assertEqual(self.secs["excluded"][0],
                         {"cases_excluded": WANT["cases_excluded"],
                          "contacts_excluded": WANT["contacts_excluded"]})

    def test_waits_overall_by_channel_and_segment(self):
        rows = self.secs["waits"]
        groups = [("all", None, WANT["waits"]["all"])]
        groups += [("channel", c, w) for c, w in WANT["waits"]["channel"].items()]
        groups += [("segment", m, w) for m, w in WANT["waits"]["segment"].items()]
        self.check_waits(rows, groups)

    def check_waits(self, rows, groups):
        self.assertEqual(len(rows), len(groups))
        for row, (group, value, w) in zip(rows, groups):
            msg = f"{group} {value}"
            self.assertEqual((row["group"], row["value"]), (group, value))
            for k, col in (("answered", "answered"), ("abandoned", "abandoned"),
                           ("answered_within", "answered_within"),
                           ("short_abandoned", "short_abandoned"), ("wait_missing", "wait_blank"),
                           ("wait_negative", "wait_negative"), ("wait_invalid", "wait_unreadable"),
                           ("abandoned_unknown", "abandoned_blank"),
                           ("abandoned_invalid", "abandoned_unreadable")):
                self.assertEqual(row[col], w[k], f"{msg} {k}")
            self.share(row, "service_level", w["service_level"], msg)
            self.share(row, "abandonment_rate", w["abandonment_rate"], msg)
            self.close(row["asa_seconds"], w["asa"][0], f"{msg} asa")
            self.close(row["asa_ci_lower"], w["asa"][1], f"{msg} asa lower")
            self.close(row["asa_ci_upper"], w["asa"][2], f"{msg} asa upper")
            for k, col in (("wait_median", "p50_seconds"), ("wait_p90", "p90_seconds"),
                           ("wait_sd", "wait_sd"), ("wait_max", "wait_max")):
                self.close(row[col], w[k], f"{msg} {k}")

    def test_bad_waits_are_counted_in_the_unscored_section(self):
        want = WANT["waits"]["all"]["wait_negative"] + WANT["waits"]["all"]["wait_invalid"]
        self.assertEqual(want, 2)  # -4 on line 18, abc on line 20
        self.assertEqual(self.secs["unscored"][0]["wait_bad"], want)
        code, out, _ = run(*ARGS, "--format", "csv")
        self.assertEqual(code, 0)
        self.assertEqual(dict(sections_csv(out))["unscored"][0]["wait_bad"], want)
        for fmt in ("table", "markdown"):
            code, out, _ = run(*ARGS, "--format", fmt, "--section", "unscored")
            self.assertEqual(code, 0)
            head, values = [ln.strip("| ").replace(" | ", "  ") for ln in out.splitlines()
                            if ln.strip() and ("refused" in ln or ln.strip("| ")[:1].isdigit())]
            self.assertEqual(dict(zip(head.split("  "), values.split()))["bad wait"], str(want),
                             fmt)
        # Without --wait there is no wait to read: null, not 0.
        code, out, _ = run("contacts", CENTRE, "--format", "json")
        self.assertEqual(code, 0)
        self.assertIsNone(sections(json.loads(out))["unscored"][0]["wait_bad"])

    def test_waits_by_period_of_the_contact_time(self):
        for unit, want in WANT["waits"]["period"].items():
            code, out, err = run(*ARGS, "--every", unit, "--format", "json")
            self.assertEqual(code, 0, err)
            doc = json.loads(out)
            self.assertEqual(doc["settings"]["every"], unit)
            rows = [r for r in sections(doc)["waits"] if r["group"] == "period"]
            self.check_waits(rows, [("period", p, w) for p, w in want.items()])
            # The other rows are those without --every.
            others = [r for r in sections(doc)["waits"] if r["group"] != "period"]
            self.assertEqual(others, self.secs["waits"], unit)

    def test_waits_by_period_in_every_format(self):
        check_formats(self, ARGS + ("--every", "week"),
                      ["contacts", "time_to_resolution", "channels", "waits", "self_service",
                       "handoffs", "unscored", "excluded", "consistency"])
        for fmt in ("table", "markdown", "csv"):
            code, out, _ = run(*ARGS, "--every", "week", "--format", fmt)
            self.assertEqual(code, 0, fmt)
            self.assertIn("2026-W14", out, fmt)

    def test_self_service_overall_and_by_channel(self):
        rows = {r["channel"]: r for r in self.secs["self_service"]}
        want = dict(WANT["self_service_by_channel"])
        want["all"] = WANT["overall"]
        self.assertEqual(sorted(rows), sorted(want))
        for ch, w in want.items():
            r = rows[ch]
            self.assertEqual((r["self_service_cases"], r["contained"], r["failed"]),
                             (w["self_service_cases"], w["contained_cases"],
                              w["failed_self_service_cases"]), ch)
            self.share(r, "containment", w["containment"], ch)
            self.share(r, "failed_rate", w["failed_self_service"], ch)

    def test_handoffs_overall_and_by_segment(self):
        rows = self.secs["handoffs"]
        want = [(m, w) for m, w in WANT["segments"].items()] + [("(all)", WANT["overall"])]
        self.assertEqual([r["month"] for r in rows], [m for m, _ in want])
        for r, (m, w) in zip(rows, want):
            for k in ("agent_cases", "agents_max", "restarted_cases", "transfers",
                      "transfer_cases"):
                self.assertEqual(r[k], w[k], f"{m} {k}")
            self.assertEqual(r["transfer_flag_unreadable"], w["transfer_flag_invalid"], m)
            self.share(r, "restarted", w["restarted"], m)
            self.share(r, "transfer_rate", w["transfer_rate"], m)
            self.close(r["agents_mean"], w["agents_mean"][0], m)
            self.close(r["agents_ci_lower"], w["agents_mean"][1], m)
            self.close(r["agents_ci_upper"], w["agents_mean"][2], m)

    def test_bad_cells_are_warned_with_their_line(self):
        for line, what in ((18, "negative '-4'"), (20, "unreadable 'abc'"),
                           (22, "unreadable time 'not a time'"),
                           (23, "unreadable abandoned flag 'maybe'"),
                           (24, "blank abandoned flag")):
            self.assertIn(f"line {line}: ", self.err)
            self.assertIn(what, self.err)

    def test_every_format_carries_the_new_sections(self):
        check_formats(self, ARGS, ["contacts", "time_to_resolution", "channels", "waits",
                                   "self_service", "handoffs", "unscored", "excluded", "consistency"])
        check_formats(self, ARGS + ("--baseline", "month=2026-03"),
                      ["contacts", "time_to_resolution", "channels", "waits", "self_service",
                       "handoffs", "unscored", "excluded", "consistency", "baseline"])
        code, out, _ = run(*ARGS, "--format", "table")
        self.assertIn("Cases left out", out)
        code, out, _ = run(*ARGS, "--format", "markdown")
        self.assertIn("Cases left out", out)
        code, out, _ = run(*ARGS, "--format", "csv")
        self.assertIn("cases_excluded", out)

    def test_usage_errors(self):
        for extra, text in ((("--short-abandon", "-1"), "--short-abandon"),
                            (("--service-level", "nan"), "--service-level")):
            code, out, err = run("contacts", CENTRE, "--wait", "wait_seconds", *extra)
            self.assertEqual((code, out), (2, ""), err)
            self.assertIn(text, err)
        for extra in (("--every", "fortnight"), ("--every", "week"),
                      ("--every", "week", "--wait", "wait_seconds", "--sequence", "case_id")):
            code, out, err = run("contacts", CENTRE, *extra)
            self.assertEqual((code, out), (2, ""), extra)
            self.assertIn("--every", err)
        code, out, err = run("contacts", CENTRE, "--abandoned", "abandoned")
        self.assertEqual((code, out), (2, ""))
        self.assertIn("--abandoned needs --wait", err)
        code, out, err = run("contacts", CENTRE, "--wait", "no_such_column")
        self.assertEqual(code, 2 if code == 2 else 1)
        self.assertIn("no_such_column", err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
