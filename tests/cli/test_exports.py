#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The cxscore command on the platforms' exports of tests/data/exports/ (made by
make-exports.py): with no hand edit, each gives the NPS, CSAT and region segments that
expected.py computed with pandas alone (expected.json); and the bad inputs of docs/input.md.

Usage: test_exports.py PATH/TO/cxscore SOURCE_ROOT (standard library only)."""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

from cli_report import nps_view, rating_view, retention_view, trend_view

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
DATA = os.path.join(ROOT, "tests", "data", "exports")
with open(os.path.join(DATA, "expected.json"), encoding="utf-8") as f:
    EXPECTED = json.load(f)

FILES = {"qualtrics": ("qualtrics.csv", []), "surveymonkey": ("surveymonkey.csv", []),
         "google-forms": ("google-forms.csv", []), "typeform": ("typeform.csv", []),
         "microsoft-forms": ("microsoft-forms.csv", []),
         "excel": ("excel.csv", ["--from", "excel", "--encoding", "windows-1252",
                                 "--decimal", ","]),
         "excel-unicode": ("excel-unicode.txt", [])}


def run(*args, stdin=b""):
    p = subprocess.run([CXSCORE, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def score_column(name):
    return "score" if name.startswith("excel") else "recommend"


class Exports(unittest.TestCase):
    def test_nps_and_segments_match_pandas_with_no_hand_edit(self):
        for name, (path, extra) in FILES.items():
            with self.subTest(name):
                code, out, err = run("nps", os.path.join(DATA, path), "--column",
                                     score_column(name), "--by", "region", "--format", "json",
                                     *extra)
                self.assertEqual(code, 0, err)
                want = EXPECTED[name]
                view = nps_view(json.loads(out))
                o = view["overall"]
                for k in ("n", "promoters", "detractors", "missing", "rejected"):
                    self.assertEqual(o[k], want["nps"][k], f"{name} {k}")
                self.assertAlmostEqual(o["nps"], want["nps"]["nps"], places=9)
                segs = {list(s["key"].values())[0]: s for s in view["segments"]}
                self.assertEqual(sorted(segs), sorted(want["nps_by_region"]))
                for region, w in want["nps_by_region"].items():
                    self.assertEqual(segs[region]["n"], w["n"], f"{name} {region}")
                    self.assertAlmostEqual(segs[region]["nps"], w["nps"], places=9)
                self.assertIn(f"{want['rows']} rows = {want['nps']['n']} scored + "
                              f"{want['nps']['missing']} missing + {want['nps']['rejected']} "
                              f"rejected + {want['malformed']} malformed (every row accounted "
                              "for)", err)
                if not name.startswith("excel"):
                    self.assertIn(f"read as a {name} export (detected", err)

    def test_csat_labels_match_pandas_and_the_unknown_label_is_shown(self):
        for name, (path, extra) in FILES.items():
            with self.subTest(name):
                col = "csat" if name.startswith("excel") else "satisfied"
                code, out, err = run("csat", os.path.join(DATA, path), "--column", col,
                                     "--label-scale", "csat", "--format", "json", *extra)
                self.assertEqual(code, 0, err)
                want = EXPECTED[name]["csat"]
                o = rating_view(json.loads(out))["overall"]
                self.assertEqual((o["n"], o["missing"], o["rejected"]),
                                 (want["n"], want["missing"], want["rejected"]))
                self.assertAlmostEqual(o["mean"], want["mean"], places=4)
                self.assertIn("1 unknown label cell", err)
                self.assertIn("'Very happy'", err)

    def test_trend_by_month_reads_each_profiles_timestamps(self):
        # no --date-format: the detected profile knows its platform's timestamps; Google Forms'
        # GMT+2 puts 2026/03/01 12:30 AM in February (UTC), as pandas does
        dates = {"qualtrics": "StartDate", "surveymonkey": "Start Date",
                 "google-forms": "Timestamp", "typeform": "Submit Date (UTC)",
                 "microsoft-forms": "Completion time"}
        for name, date in dates.items():
            with self.subTest(name):
                code, out, err = run("trend", os.path.join(DATA, FILES[name][0]), "--column",
                                     "recommend", "--date", date, "--format", "json")
                self.assertEqual(code, 0, err)
                self.assertIn(f"read as a {name} export", err)
                rows = trend_view(json.loads(out))["overall"]["periods"]
                want = EXPECTED[name]["nps_by_month"]
                self.assertEqual([r["period"] for r in rows], sorted(want))
                for r in rows:
                    w = want[r["period"]]
                    self.assertEqual((r["n"], r["missing"], r["rejected"]),
                                     (w["n"], w["missing"], w["rejected"]), r["period"])
                    self.assertAlmostEqual(r["nps"], w["nps"], places=9)

    def test_a_sheet_downloaded_from_google_sheets_needs_its_date_format(self):
        # The responses sheet downloaded from Google Sheets (not Forms' own CSV) writes the
        # Timestamp in the sheet's locale, "7/7/2022 15:35:10" in a US sheet. The profile does
        # not guess month or day first: every date is rejected by name, the error says how to
        # read them, and --date-format reads them.
        data = ("Timestamp,Email Address,How likely are you to recommend us?\n"
                "7/7/2022 15:35:10,a@x.org,9\n7/8/2022 15:35:16,b@x.org,3\n"
                "8/7/2022 9:01:00,c@x.org,10\n").encode()
        code, out, err = run("trend", "-", "--column", "How", "--date", "Timestamp",
                             stdin=data)
        self.assertEqual(code, 1, err)
        self.assertIn("3 not a date cells", err)
        self.assertIn("line 2, column 'Timestamp': '7/7/2022 15:35:10'", err)
        self.assertIn("--date-format FMT reads dates written another way", err)
        code, out, err = run("trend", "-", "--column", "How", "--date", "Timestamp",
                             "--date-format", "%m/%d/%Y %H:%M:%S", "--format", "json",
                             stdin=data)
        self.assertEqual(code, 0, err)
        rows = trend_view(json.loads(out))["overall"]["periods"]
        self.assertEqual([(r["period"], r["n"]) for r in rows], [("2022-07", 2), ("2022-08", 1)])

    def test_weighted_nps_with_decimal_commas(self):
        path, extra = FILES["excel"]
        code, out, err = run("nps", os.path.join(DATA, path), "--column", "score", "--weight",
                             "weight", "--format", "json", *extra)
        self.assertEqual(code, 0, err)
        self.assertAlmostEqual(nps_view(json.loads(out))["overall"]["nps"],
                               EXPECTED["excel"]["nps_weighted"], places=9)


class Dates(unittest.TestCase):
    def test_platform_dates_months_and_quarters_give_periods(self):
        # 2026-01 and 2026-Q1 are their first day; 03/15/2026 (month first) is in March;
        # "soon" is no date. By hand: January a, b, c active; February a; March c.
        data = (b"customer_id,order_date,amount\na,2026-01,10\na,2026-02,5\nb,2026-01,7\n"
                b"c,2026-Q1,3\nc,03/15/2026 10:00:00 AM,4\nb,soon,1\n")
        code, out, err = run("retention", "-", "--format", "json", stdin=data)
        self.assertEqual(code, 0, err)
        self.assertIn("1 with a bad date", err)
        periods = {p["period"]: p["active"]
                   for p in retention_view(json.loads(out))["overall"]["periods"]}
        self.assertEqual(periods, {"2026-01": 3, "2026-02": 1, "2026-03": 1})
        code, out, err = run("retention", "-", "--format", "json", "--date-format", "%d.%m.%Y",
                             stdin=b"customer_id,order_date\na,05.01.2026\na,05.02.2026\n")
        self.assertEqual(code, 0, err)
        periods = retention_view(json.loads(out))["overall"]["periods"]
        self.assertEqual([p["period"] for p in periods],
                         ["2026-01", "2026-02"])


def bank_survey():
    """A survey for the bank instrument (examples/data/bank-instrument.ini: 7 items on 1-5,
    0 not applicable, 2 dimensions): 6 respondents, a label, a missing marker, an unknown
    label, a 9 off the scale and a short row."""
    head = ",".join(["id"] + [f"e{i}" for i in range(1, 8)] + [f"p{i}" for i in range(1, 8)] +
                    ["w1", "w2"])
    rows = [head]
    for r in range(6):
        rows.append(",".join([str(r)] + [str(1 + (r + i) % 5) for i in range(14)] +
                             ["40", "60"]))
    # line 2 (respondent 0) e1, line 3 e2, line 4 e2, line 5 e2 (values 1 + (r + i) % 5)
    rows[1] = rows[1].replace(",1,", ",1 - Very poor,", 1)
    rows[2] = rows[2].replace(",3,", ",#N/A,", 1)
    rows[3] = rows[3].replace(",4,", ",Superb,", 1)
    rows[4] = rows[4].replace(",5,", ",9,", 1)
    rows[5] = "5,1,2"
    return ("\n".join(rows) + "\n").encode()


class RejectsInEveryCommand(unittest.TestCase):
    """Each command that reads survey cells reads them by the same rules (labels, missing
    markers, decimal comma) and reports alike: the reasons on stderr match the --rejects file
    row for row, and the summary reconciles. Counts by hand from the inputs below."""

    def check(self, args, stdin, summary, rejects):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rejects.csv")
            code, _, err = run(*args, "--rejects", path, stdin=stdin)
            self.assertEqual(code, 0, err)
            with open(path, encoding="utf-8") as f:
                rows = list(csv.reader(f))
        self.assertEqual(rows[0], ["line", "column", "value", "reason"])
        self.assertEqual([(r[0], r[1], r[3]) for r in rows[1:]], rejects)
        self.assertIn(summary, err)
        by_reason = {}
        for r in rows[1:]:
            by_reason[r[3]] = by_reason.get(r[3], 0) + 1
        for reason, n in by_reason.items():  # the stderr lines say the same counts
            self.assertRegex(err, rf"cxscore \w+:   {n} {reason}( cells?|s?), e\.g\.:")
        self.assertIn(f"every rejected cell and malformed row is in {path}", err)

    def test_trend(self):
        data = (b"date,score\n2026-01-05,10 - Extremely likely\n2026-01-06,#N/A\n"
                b"2026-02-01,Very likely\n,5\nsoon,7\n2026-02-03,9,x\n2026-02-04,11\n"
                b"2026-02-05,0 = Not at all likely\n")
        self.check(["trend", "-"], data,
                   "8 rows = 2 scored + 2 missing + 3 rejected + 1 malformed (every row "
                   "accounted for)",
                   [("4", "score", "unknown label"), ("6", "date", "not a date"),
                    ("7", "", "malformed row"), ("8", "score", "out of range")])

    def test_loyalty(self):
        data = (b"id,score,repurchase,cross_buy\n1,10 - Extremely likely,9,8\n"
                b"2,#N/A,7,Very happy\n3,0 - Not at all likely,3,2\n4,5,5\n5,8,11,7\n")
        self.check(["loyalty", "-"], data,
                   "5 rows = 4 read + 1 malformed; their 12 cells in 3 columns read by the "
                   "rules = 9 valid + 1 missing + 2 rejected (every cell accounted for)",
                   [("3", "cross_buy", "unknown label"), ("5", "", "malformed row"),
                    ("6", "repurchase", "out of range")])

    def test_drivers(self):
        rows = ["score,tp_web,tp_call"] + [f"{(3 * i) % 11},{1 + i % 5},{1 + (2 * i) % 5}"
                                           for i in range(20)]
        rows[3] = "10 - Extremely likely,4,5"
        rows[5] = "#N/A,3,3"
        rows[7] = "8,Very good,2"
        rows[9] = "7,3"
        rows[11] = "12,3,3"
        self.check(["drivers", "-"], ("\n".join(rows) + "\n").encode(),
                   "20 rows = 19 read + 1 malformed; their 57 cells in 3 columns read by the "
                   "rules = 54 valid + 1 missing + 2 rejected (every cell accounted for)",
                   [("8", "tp_web", "unknown label"), ("10", "", "malformed row"),
                    ("12", "score", "out of range")])

    def test_servqual(self):
        self.check(["servqual", "-", "--instrument",
                    os.path.join(ROOT, "examples", "data", "bank-instrument.ini")],
                   bank_survey(),
                   "6 rows = 5 read + 1 malformed; their 80 cells in 16 columns read by the "
                   "rules = 77 valid + 1 missing + 2 rejected (every cell accounted for)",
                   [("4", "e2", "unknown label"), ("5", "e2", "out of range"),
                    ("6", "", "malformed row")])

    def test_retention(self):
        data = (b'customer_id,order_date,amount\na,2026-01-05,"10,5"\nb,soon,5\nc,,3\n'
                b"d,2026-02-01,abc\ne,2026-02-02,1,x\nf,03/01/2026,2\n")
        self.check(["retention", "-", "--decimal", ","], data,
                   "6 rows = 2 scored + 1 missing + 2 rejected + 1 malformed (every row "
                   "accounted for)",
                   [("3", "order_date", "not a date"), ("5", "amount", "unknown label"),
                    ("6", "", "malformed row")])

    def test_audit_accounts_for_a_malformed_row(self):
        # audit reads checklist answers by its own rules; a short row is still in the file
        visits = os.path.join(ROOT, "examples", "data", "audit-visits.csv")
        with open(visits, "rb") as f:
            lines = f.read().splitlines(keepends=True)
        stdin = b"".join(lines[:3]) + lines[0].split(b",")[0] + b"\n" + b"".join(lines[3:])
        self.check(["audit", "-", "--checklist",
                    os.path.join(ROOT, "examples", "data", "retail-checklist.ini")], stdin,
                   f"{len(lines)} rows = {len(lines) - 1} read + 1 malformed (every row "
                   "accounted for)", [("4", "", "malformed row")])


class BadExports(unittest.TestCase):
    def test_a_profile_that_does_not_match_exits_2_saying_expected_and_found(self):
        code, _, err = run("nps", os.path.join(DATA, "typeform.csv"), "--from", "qualtrics")
        self.assertEqual(code, 2, err)
        self.assertIn("expected the columns 'StartDate', 'EndDate', 'ResponseId'; found '#'",
                      err)

    def test_an_undecodable_byte_exits_1_with_line_and_offset(self):
        code, out, err = run("nps", os.path.join(DATA, "excel.csv"), "--from", "excel",
                             "--column", "score")
        self.assertEqual(code, 1, err)
        self.assertEqual(out, "")
        self.assertRegex(err, r"line \d+: byte offset \d+: byte 0xE9 is not valid UTF-8")
        code, out, err = run("nps", os.path.join(DATA, "excel.csv"), "--from", "excel",
                             "--column", "score", "--encoding-errors", "replace")
        self.assertEqual(code, 0, err)
        self.assertIn("undecodable bytes replaced by U+FFFD", err)

    def test_an_unknown_label_is_in_the_examples_and_the_rejects_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            rejects = os.path.join(tmp, "rejects.csv")
            code, _, err = run("nps", "-", "--column", "score", "--rejects", rejects,
                               stdin=b"id,score\n1,9\n2,Very likely\n3,11\n4,2,x\n")
            self.assertEqual(code, 0, err)
            self.assertIn("line 3, column 'score': 'Very likely'", err)
            self.assertIn("1 out of range cell", err)
            with open(rejects, encoding="utf-8") as f:
                rows = list(csv.reader(f))
            self.assertEqual(rows, [["line", "column", "value", "reason"],
                                    ["3", "score", "Very likely", "unknown label"],
                                    ["4", "score", "11", "out of range"],
                                    ["5", "", "line 5: 3 fields, expected 2", "malformed row"]])
            self.assertIn("4 rows = 1 scored + 0 missing + 2 rejected + 1 malformed", err)

    def test_an_ambiguous_question_text_lists_the_candidates(self):
        code, _, err = run("nps", os.path.join(DATA, "qualtrics.csv"), "--column", "acme")
        self.assertEqual(code, 1, err)
        self.assertIn("'acme' matches 2 columns: 'Q1' (How likely", err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
