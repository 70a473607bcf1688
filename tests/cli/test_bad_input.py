#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The cxscore command on bad input: each test is a row of docs/bad-input.md (standard library only).

Usage: test_bad_input.py PATH/TO/cxscore SOURCE_ROOT

Expected counts follow the cell rules of include/cxscore/cx-cell.h and the NPS rules of
tests/data/reference/NPS.md (0-10 whole numbers are valid; blank / NA / N/A / - are missing;
other numbers and text are rejected by reason), worked out by hand for each small input.
"""
import json
import os
import signal
import subprocess
import sys
import time
import unittest

from cli_report import contacts_view, loyalty_view, nps_view, rating_view, retention_view, servqual_view

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
MESSY = os.path.join(ROOT, "tests", "cli", "data", "messy.csv")


def run(*args, stdin=b""):
    if isinstance(stdin, str):
        stdin = stdin.encode()
    p = subprocess.run([CXSCORE, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def nps_json(data, *args):
    code, out, err = run("nps", "-", "--format", "json", *args, stdin=data)
    return code, nps_view(json.loads(out)), err


class BadAnswers(unittest.TestCase):
    def test_answers_11_minus1_6_5_7a_space8_are_counted_by_reason(self):
        code, got, err = nps_json("score\n11\n-1\n6.5\n7a\n 8 \n9\n")
        self.assertEqual(code, 0, err)
        o = got["overall"]
        self.assertEqual(o["n"], 2)  # " 8 " (spaces ignored) and 9
        self.assertEqual((o["passives"], o["promoters"]), (1, 1))
        self.assertEqual(o["rejected"], 4)
        self.assertEqual(o["rejected_by_reason"]["out_of_range"], 2)  # 11, -1
        self.assertEqual(o["rejected_by_reason"]["not_integer"], 1)  # 6.5
        self.assertEqual(o["rejected_by_reason"]["not_a_number"], 1)  # 7a
        code, out, _ = run("nps", "-", stdin="score\n11\n-1\n6.5\n7a\n 8 \n9\n")
        self.assertIn("missing  rejected  out of range  not integer  not number", out)
        self.assertIn("      0         4             2            1           1", out)

    def test_blanks_na_and_dash_are_missing(self):
        # One column: a blank line is a row whose cell is blank.
        code, got, err = nps_json("score\n\nNA\nN/A\n-\nn/a\n 9\n")
        self.assertEqual(code, 0, err)
        self.assertEqual((got["overall"]["n"], got["overall"]["missing"]), (1, 5))
        self.assertEqual(got["overall"]["rejected"], 0)

    def test_nan_inf_negative_and_text_weights_are_counted(self):
        data = "score,weight\n9,NaN\n9,inf\n9,-1\n9,\n9,abc\n10,2\n0,0.5\n"
        code, got, err = nps_json(data, "--weight", "weight")
        self.assertEqual(code, 0, err)
        o = got["overall"]
        self.assertEqual(o["n"], 2)
        self.assertEqual(o["rejected_by_reason"]["weight_negative"], 1)
        self.assertEqual(o["rejected_by_reason"]["weight_invalid"], 4)  # NaN, inf, blank, abc
        self.assertAlmostEqual(o["nps"], 100 * (2 - 0.5) / 2.5, delta=1e-12)

    def test_all_weights_zero_is_exit_1_with_the_reason(self):
        code, got, err = nps_json("score,weight\n9,0\n3,0\n", "--weight", "weight")
        self.assertEqual(code, 1)
        self.assertEqual(got["overall"]["n"], 2)
        self.assertIsNone(got["overall"]["nps"])
        self.assertIn("every valid answer in column 'score' has weight 0", err)

    def test_weights_beyond_a_double_are_exit_1_with_the_reason(self):
        for w in ("1e200", "1e-200"):
            code, got, err = nps_json(f"score,weight\n9,{w}\n3,{w}\n", "--weight", "weight")
            self.assertEqual(code, 1, w)
            self.assertIsNone(got["overall"]["nps"])
            self.assertIn("too large or too small to score", err)
            code, _, err = run("csat", "-", "--weight", "weight",
                               stdin=f"csat,weight\n5,{w}\n1,{w}\n")
            self.assertEqual(code, 1, w)
            self.assertIn("too large or too small to score", err)
        # The loyalty index: sums of weights of 1e308 pass the largest double (a fuzz finding).
        code, out, err = run("loyalty", "-", "--weight", "w", "--format", "json",
                             stdin="score,repurchase,cross_buy,w\n10,9,0,1e308\n10,9,0,1e308\n")
        self.assertEqual(code, 1, err)
        self.assertIsNone(loyalty_view(json.loads(out))["overall"]["mean_index"])
        self.assertIn("too large to score (their sums overflow a double)", err)


    def test_trend_period_without_a_figure_is_exit_1_with_the_reason(self):
        # Issue 21 item 10: the period showed dashes and the command exited 0. Now as nps:
        # exit 1, one message per period, after the whole report (the other periods' figures
        # stand); a month without answers inside the span (2026-03) is not an error.
        data = ("date,score,csat,w\n2026-01-05,9,5,1e200\n2026-01-06,3,1,1e200\n"
                "2026-02-03,9,5,1\n2026-02-04,3,2,2\n2026-04-01,10,4,0\n2026-04-02,x,x,1\n")
        for index, column in (("nps", "score"), ("csat", "csat")):
            for fmt in ("table", "csv", "json"):
                code, out, err = run("trend", "-", "--index", index, "--weight", "w",
                                     "--format", fmt, stdin=data)
                self.assertEqual(code, 1, (index, fmt, err))
                # The reject of 'x' is reported first, as every command reports its rejects.
                self.assertIn("6 rows = 5 scored + 0 missing + 1 rejected + 0 malformed", err)
                self.assertEqual(err.splitlines()[-2:], [
                    f"cxscore trend: period 2026-01: the weights of column '{column}' are too "
                    "large or too small to score (their squares overflow a double)",
                    f"cxscore trend: period 2026-04: every valid answer in column '{column}' "
                    "has weight 0"], (index, fmt))
                self.assertIn("2026-02", out)  # the report is whole
            code, out, err = run("trend", "-", "--index", index, "--weight", "w", "--format",
                                 "json", stdin=data)
            rows = {r["period"]: r for s in json.loads(out)["sections"] if s["name"] == "periods"
                    for r in s["rows"]}
            self.assertEqual(rows["2026-01"]["n"], 2)
            self.assertIsNone(rows["2026-01"]["nps" if index == "nps" else "mean"])
            self.assertEqual(rows["2026-03"]["n"], 0)
            self.assertEqual(rows["2026-04"]["rejected"], 1)

    def test_json_stays_valid_with_extreme_numbers(self):
        # Regression: json-glib 1.6 printed 1e22 as "1e+22.0" and 2e-200 as "2e-200.0".
        code, got, err = nps_json("score,weight,channel\n9,1e22,1e+22.0\n3,1e22,x\n",
                                  "--weight", "weight", "--by", "channel")
        self.assertEqual(code, 0, err)
        self.assertEqual(got["overall"]["weight_total"], 2e22)
        self.assertEqual([s["key"]["channel"] for s in got["segments"]], ["1e+22.0", "x"])
        code, got, _ = nps_json("score,weight\n9,1e-200\n3,1e-200\n", "--weight", "weight")
        self.assertEqual(got["overall"]["weight_total"], 2e-200)


class BadRecords(unittest.TestCase):
    def test_ragged_rows_are_warned_counted_and_skipped(self):
        code, got, err = nps_json("id,score\n1,9\n2\n3,9,x\n4,10\n")
        self.assertEqual(code, 0, err)
        self.assertEqual(got["malformed_rows"], 2)
        self.assertEqual(got["overall"]["n"], 2)
        self.assertIn("skipped malformed row: line 3: 1 field, expected 2", err)
        self.assertIn("skipped malformed row: line 4: 3 fields, expected 2", err)

    def test_unterminated_quote_at_end_of_file(self):
        code, got, err = nps_json('score,c\n9,x\n10,"open\n')
        self.assertEqual(code, 0, err)
        self.assertEqual((got["overall"]["n"], got["malformed_rows"]), (1, 1))
        self.assertIn("line 3: quoted field opened on line 3 is not closed", err)

    def test_quote_inside_an_unquoted_field_is_text(self):
        code, got, err = nps_json('score,channel\n7",web\n9,we"b\n', "--by", "channel")
        self.assertEqual(code, 0, err)
        self.assertEqual(got["malformed_rows"], 0)
        self.assertEqual(got["overall"]["rejected_by_reason"]["not_a_number"], 1)  # 7"
        self.assertEqual([s["key"]["channel"] for s in got["segments"]], ["we\"b", "web"])

    def test_bom_and_crlf_change_nothing(self):
        plain = open(MESSY, "rb").read()
        crlf = b"\xef\xbb\xbf" + plain.replace(b"\n", b"\r\n")
        a = run("nps", "-", "--by", "channel", "--format", "json", stdin=plain)
        b = run("nps", "-", "--by", "channel", "--format", "json", stdin=crlf)
        self.assertEqual(a[0], 0, a[2])
        self.assertEqual(a[1], b[1])
        self.assertEqual(a[2], b[2])

    def test_a_file_without_a_final_newline(self):
        a = nps_json("score\n9\n10\n3\n")
        b = nps_json("score\n9\n10\n3")
        self.assertEqual(a[1], b[1])
        self.assertEqual(b[1]["overall"]["n"], 3)

    def test_a_100_megabyte_line_is_one_skipped_row(self):
        data = b"score\n" + b"9" * 100_000_000 + b"\n7\n9\n"
        code, out, err = run("nps", "-", "--format", "json", stdin=data)
        self.assertEqual(code, 0, err)
        got = nps_view(json.loads(out))
        self.assertEqual(got["malformed_rows"], 1)
        self.assertEqual(got["overall"]["n"], 2)
        self.assertIn("line 2: record longer than the maximum of 8388608 bytes", err)

    def test_one_byte_at_a_time_through_a_pipe(self):
        data = open(MESSY, "rb").read()
        whole = run("nps", "-", "--by", "channel", "--format", "json", stdin=data)
        p = subprocess.Popen([CXSCORE, "nps", "-", "--by", "channel", "--format", "json"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        for i in range(len(data)):
            p.stdin.write(data[i:i + 1])
            p.stdin.flush()
            time.sleep(0.001)  # let the reader see each byte on its own
        p.stdin.close()
        out, err = p.stdout.read(), p.stderr.read()
        p.wait(timeout=60)
        p.stdout.close()
        p.stderr.close()
        self.assertEqual((p.returncode, out.decode(), err.decode()), whole)


class BadFiles(unittest.TestCase):
    def test_an_empty_file(self):
        code, _, err = run("nps", "-", stdin="")
        self.assertEqual(code, 1)
        self.assertIn("the input is empty: no header row", err)

    def test_a_header_only_file(self):
        code, got, err = nps_json("score,channel\n")
        self.assertEqual(code, 1)
        self.assertEqual((got["overall"]["n"], got["malformed_rows"]), (0, 0))
        self.assertIn("no valid answer in column 'score'", err)

    def test_a_missing_or_duplicated_column(self):
        code, _, err = run("nps", "-", "--column", "nps_score", stdin="score\n9\n")
        self.assertEqual(code, 1)
        self.assertIn("no column named 'nps_score'", err)
        self.assertIn("the columns are: score", err)
        code, _, err = run("nps", "-", stdin="score,score\n9,3\n")
        self.assertEqual(code, 1)
        self.assertIn("several columns are named 'score'", err)

    def test_invalid_utf8_in_an_instrument_file(self):
        ini = os.path.join(ROOT, "tests", "data", "fuzz", "instrument-invalid-utf8-key.ini")
        code, _, err = run("servqual", os.path.join(ROOT, "examples", "data", "survey.csv"),
                           "--instrument", ini)
        self.assertEqual(code, 1)
        self.assertIn("line 5: not valid UTF-8 text", err)

    def test_bad_escape_in_an_instrument_file(self):
        # Found by fuzz-instrument: GLib warned from inside the library on this value.
        ini = os.path.join(ROOT, "tests", "data", "fuzz", "instrument-escape-twice.ini")
        code, _, err = run("servqual", os.path.join(ROOT, "examples", "data", "survey.csv"),
                           "--instrument", ini)
        self.assertEqual(code, 1)
        self.assertIn("line 2: invalid escape sequence \\q in the value of name", err)
        self.assertNotIn("GLib", err)

    def test_no_segment_test_without_segments(self):
        # Regression: without --by the table printed "Segments differ? chi-square 0.00, df 0,
        # p < 0.0001 ... NPS range -inf points, SD of segment NPS nan".
        for cmd, data in (("nps", "score\n9\n3\n7\n"), ("csat", "csat\n5\n1\n4\n")):
            code, out, err = run(cmd, "-", stdin=data)
            self.assertEqual(code, 0, err)
            self.assertNotIn("Segments differ?", out)
            self.assertNotIn("nan", out)
            self.assertNotIn("inf", out)


SURVEY = os.path.join(ROOT, "examples", "data", "survey.csv")
ORDERS = os.path.join(ROOT, "examples", "data", "orders.csv")
CONTACTS = os.path.join(ROOT, "examples", "data", "contacts.csv")

# Every command with --baseline: its file, a --by column whose values the sample data fix, and
# what one of its segments is made of (named in the message).
BASELINE_COMMANDS = (
    ("nps", SURVEY, "channel", ("app", "phone", "store", "web"), "row"),
    ("csat", SURVEY, "channel", ("app", "phone", "store", "web"), "row"),
    ("ces", SURVEY, "channel", ("app", "phone", "store", "web"), "row"),
    ("loyalty", SURVEY, "channel", ("app", "phone", "store", "web"), "row"),
    ("servqual", SURVEY, "channel", ("app", "phone", "store", "web"), "row"),
    ("retention", ORDERS, "channel", ("app", "phone", "store", "web"),
     "row with a readable date and amount"),
    ("contacts", CONTACTS, "issue", ("billing", "cancellation", "moving", "technical"), "case"),
)


class BadOptions(unittest.TestCase):
    def test_a_baseline_value_no_segment_has_is_exit_2_naming_the_values(self):
        # Regression: --baseline channel=Web (the data say "web") printed a comparison of
        # dashes only and exited 0.
        for cmd, path, col, values, unit in BASELINE_COMMANDS:
            with self.subTest(cmd=cmd):
                wrong = values[-1].capitalize()
                for fmt in ("table", "json", "csv"):
                    code, out, err = run(cmd, path, "--by", col, "--baseline", f"{col}={wrong}",
                                         "--format", fmt)
                    self.assertEqual(code, 2, f"{fmt}: {err}")
                    self.assertEqual(out, "", fmt)  # no half report on standard output
                    self.assertIn(f"cxscore {cmd}: --baseline {col}={wrong}: no {unit} has "
                                  f"{col} '{wrong}' (values seen: {', '.join(values)})\n", err)

    def test_a_baseline_value_that_exists_still_compares(self):
        for cmd, path, col, values, _ in BASELINE_COMMANDS:
            with self.subTest(cmd=cmd):
                base = values[-1]
                code, out, err = run(cmd, path, "--by", col, "--baseline", f"{col}={base}",
                                     "--format", "json")
                self.assertEqual(code, 0, err)
                doc = json.loads(out)
                views = {"nps": nps_view, "csat": rating_view, "ces": rating_view,
                         "retention": retention_view, "contacts": contacts_view,
                         "servqual": servqual_view, "loyalty": loyalty_view}
                doc = views[cmd](doc) if cmd in views else doc
                seg = {s["key"][col]: s["vs_baseline"] for s in doc["segments"]}
                self.assertEqual(sorted(seg), list(values))
                self.assertIsNone(seg[base])
                for v in values[:-1]:
                    self.assertTrue(seg[v], v)  # a comparison, not null
                code, out, err = run(cmd, path, "--by", col, "--baseline", f"{col}={base}")
                self.assertEqual(code, 0, err)
                self.assertIn(f"against {col}={base} (segment minus baseline", out.lower())
                self.assertNotIn("no row has", err)

    def test_a_baseline_value_in_only_some_combinations_is_fine(self):
        # --by channel,region: web exists in north only; app/south has no web/south to be
        # compared with (dashes, null), app/north is compared; exit 0.
        data = ("channel,region,score\n"
                "web,north,9\nweb,north,3\nweb,north,3\n"
                "app,north,9\napp,north,9\napp,north,6\n"
                "app,south,7\napp,south,10\napp,south,2\n")
        code, got, err = nps_json(data, "--by", "channel,region", "--baseline", "channel=web")
        self.assertEqual(code, 0, err)
        vs = {(s["key"]["channel"], s["key"]["region"]): s["vs_baseline"] for s in got["segments"]}
        self.assertIsNone(vs[("app", "south")])
        self.assertIsNone(vs[("web", "north")])
        self.assertAlmostEqual(vs[("app", "north")]["diff"], 100 * (2 - 1) / 3 - 100 * (1 - 2) / 3,
                               delta=1e-9)
        code, out, err = run("nps", "-", "--by", "channel,region", "--baseline", "channel=web",
                             stdin=data)
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"app +south +- +- +- +- +-\n")

    def test_a_baseline_message_lists_ten_values_blank_and_the_rest_counted(self):
        code, _, err = run("nps", SURVEY, "--by", "respondent_id", "--baseline",
                           "respondent_id=R99999")
        self.assertEqual(code, 2)
        first = ", ".join(f"R{i:05d}" for i in range(1, 11))
        self.assertIn(f"no row has respondent_id 'R99999' (values seen: {first} and 2990 more)\n",
                      err)
        # A blank value is named (blank); a line break in one does not break the message.
        code, _, err = run("csat", "-", "--by", "channel", "--baseline", "channel=web",
                           stdin='channel,csat\n,5\n"ph\none",4\n')
        self.assertEqual(code, 2)
        self.assertIn("(values seen: (blank), ph\\none)\n", err)

    def test_help_says_the_baseline_value_must_be_in_the_data(self):
        for cmd, *_ in BASELINE_COMMANDS:
            code, out, _ = run(cmd, "--help")
            self.assertEqual(code, 0)
            self.assertIn("VALUE must be a value of COL in the data, matched\nexactly (exit 2", out)
            self.assertIn("a segment\nwhose COL=VALUE counterpart is absent is shown without a "
                          "comparison.", out)

    def test_a_baseline_on_empty_data_is_the_no_data_error(self):
        # No segment at all: the data error (exit 1) comes first, not the --baseline one.
        code, _, err = run("nps", "-", "--by", "channel", "--baseline", "channel=web",
                           stdin="channel,score\n")
        self.assertEqual(code, 1)
        self.assertIn("no valid answer in column 'score'", err)
        self.assertNotIn("--baseline", err)


# One run of every command that writes a report (issue 21 item 9).
WRITING_COMMANDS = (
    ("nps", SURVEY, "--by", "channel"), ("servqual", SURVEY), ("csat", SURVEY), ("ces", SURVEY),
    ("loyalty", SURVEY), ("drivers", SURVEY), ("trend", SURVEY), ("retention", ORDERS),
    ("contacts", CONTACTS), ("clv", "--margin", "100", "--retention", "0.8"),
)


class WriteErrors(unittest.TestCase):
    """A report that cannot be written is exit 1 with a message, never exit 0."""

    def check(self, args, stdout, preexec=None, quiet_ok=False):
        p = subprocess.run([CXSCORE, *args], stdout=stdout, stderr=subprocess.PIPE,
                           preexec_fn=preexec, timeout=120)
        self.assertEqual(p.returncode, 1, (args, p.stderr))
        if not quiet_ok:
            self.assertIn(f"cxscore {args[0]}: cannot write the output", p.stderr.decode())

    def test_a_full_disk(self):
        for cmd in WRITING_COMMANDS:
            for fmt in ("table", "csv", "json"):
                with self.subTest(cmd=cmd[0], fmt=fmt), open("/dev/full", "wb") as full:
                    self.check([*cmd, "--format", fmt], full)
                    p = subprocess.run([CXSCORE, *cmd, "--format", fmt], stdout=full,
                                       stderr=subprocess.PIPE, timeout=120)
                    self.assertIn("No space left on device", p.stderr.decode())

    def test_a_closed_standard_output(self):
        for cmd in WRITING_COMMANDS:
            with self.subTest(cmd=cmd[0]):
                p = subprocess.run(["sh", "-c", '"$0" "$@" >&-', CXSCORE, *cmd],
                                   stderr=subprocess.PIPE, timeout=120)
                self.assertEqual(p.returncode, 1, p.stderr)
                self.assertIn("cannot write the output", p.stderr.decode())

    def test_a_broken_pipe_with_sigpipe_ignored(self):
        # The reader goes away after 10 bytes; the writer, SIGPIPE ignored, gets EPIPE.
        big = ("nps", SURVEY, "--by", "respondent_id")
        for cmd in (big, ("trend", SURVEY, "--by", "respondent_id")):
            for fmt in ("table", "csv", "json", "markdown"):
                if cmd[0] != "nps" and fmt == "markdown":
                    continue
                with self.subTest(cmd=cmd[0], fmt=fmt):
                    with subprocess.Popen([CXSCORE, *cmd, "--format", fmt],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          preexec_fn=lambda: signal.signal(signal.SIGPIPE,
                                                                           signal.SIG_IGN)) as p:
                        p.stdout.read(10)
                        p.stdout.close()
                        err = p.stderr.read().decode()
                        self.assertEqual(p.wait(timeout=120), 1, err)
                    self.assertIn("Broken pipe", err)


class TooManySegments(unittest.TestCase):
    def test_max_segments_is_a_clear_exit_1_never_an_abort(self):
        # 3000 respondents: one segment each. Over the limit: exit 1, a message that names the
        # option, nothing on standard output - on one thread and on several (a part over the
        # limit, or a merge over it).
        for threads in ("1", "2", "3"):
            for fmt in ("table", "json"):
                code, out, err = run("nps", SURVEY, "--by", "respondent_id", "--max-segments",
                                     "100", "--threads", threads, "--format", fmt)
                self.assertEqual(code, 1, err)
                self.assertEqual(out, "")
                self.assertIn("the --by columns have more than 100 distinct values (segments); "
                              "raise --max-segments", err)
        for limit, ok in (("3000", True), ("2999", False), ("0", True)):
            code, out, err = run("nps", SURVEY, "--by", "respondent_id", "--max-segments", limit,
                                 "--threads", "2", "--format", "csv", "--section", "nps")
            self.assertEqual(code, 0 if ok else 1, (limit, err))
            if ok:
                self.assertEqual(len(out.splitlines()), 3002)  # header, 3000, (all)
        self.assertEqual(run("nps", SURVEY, "--max-segments", "-1")[0], 2)
        # trend too (an accumulator per segment and period; default 100000)
        code, out, err = run("trend", SURVEY, "--by", "respondent_id", "--max-segments", "100",
                             "--format", "json")
        self.assertEqual((code, out), (1, ""), err)
        self.assertIn("more than 100 distinct values (segments); raise --max-segments", err)
        code, out, err = run("trend", SURVEY, "--by", "respondent_id", "--max-segments", "3000",
                             "--format", "csv", "--section", "periods")
        self.assertEqual(code, 0, err)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
