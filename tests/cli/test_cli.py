#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""End-to-end tests of the cxscore command (standard library only).

Usage: test_cli.py PATH/TO/cxscore SOURCE_ROOT

Expected NPS figures are recomputed here, independently of the library, from the CSV with the
formulas of tests/data/reference/NPS.md (promoters 9-10, detractors 0-6; blank / NA / N/A / -
missing; non-integers, out-of-range and text rejected), or taken from NPS.md's test vectors and
SERVQUAL.md's three-respondent vector (fixtures in tests/cli/data/ name their source).
"""
import csv
import datetime
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest

from cli_report import (contacts_view, drivers_view, loyalty_view, nps_view, rating_view,
                        retention_view, servqual_view, trend_view, sections_csv,
                        sections_json, sections_markdown, sections_table)

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
SAMPLE = os.path.join(ROOT, "examples", "data", "survey.csv")
DATA = os.path.join(ROOT, "tests", "cli", "data")


def run(*args, stdin=None):
    p = subprocess.run([CXSCORE, *args], input=stdin, capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def run_json(*args, **kw):
    code, out, err = run(*args, "--format", "json", **kw)
    assert code == 0, f"exit {code}: {err}"
    doc = json.loads(out)
    views = {"nps": nps_view, "trend": trend_view, "csat": rating_view, "ces": rating_view,
             "retention": retention_view, "contacts": contacts_view,
             "clv": lambda d: d["sections"][0]["rows"][0]}
    return views[args[0]](doc) if args[0] in views else doc


def expected_nps(rows, column="score", weight=None):
    """NPS.md's formulas, in points."""
    w_p = w_d = w_all = w_sq = 0.0
    n = missing = rejected = 0
    for r in rows:
        cell = r[column].strip()
        if cell.upper() in ("", "NA", "N/A", "-"):
            missing += 1
            continue
        try:
            v = float(cell)
        except ValueError:
            rejected += 1
            continue
        if v != int(v) or not 0 <= v <= 10:
            rejected += 1
            continue
        w = float(r[weight]) if weight else 1.0
        n += 1
        w_all += w
        w_sq += w * w
        if v >= 9:
            w_p += w
        elif v <= 6:
            w_d += w
    p, d = w_p / w_all, w_d / w_all
    n_eff = w_all * w_all / w_sq
    var = p + d - (p - d) ** 2
    return {"n": n, "missing": missing, "rejected": rejected, "nps": 100 * (p - d),
            "se": 100 * math.sqrt(var / n_eff), "n_eff": n_eff}


def sample_rows():
    with open(SAMPLE, newline="") as f:
        return list(csv.DictReader(f))


def check_formats(test, args, names):
    """The table, CSV, JSON and Markdown of one run carry the same sections (@names), the same
    rows and the same values: CSV and JSON to the last bit, the table and Markdown the same
    cells."""
    outs = {}
    for fmt in ("table", "csv", "json", "markdown"):
        code, outs[fmt], err = run(*args, "--format", fmt)
        test.assertEqual(code, 0, err)
    js = sections_json(outs["json"])
    test.assertEqual([n for n, _, _ in js], names)
    cs = sections_csv(outs["csv"])
    test.assertEqual([n for n, _ in cs], names)
    titles = [t for _, t, _ in js]
    md = sections_markdown(outs["markdown"])
    test.assertEqual([t for t, _ in md], titles)
    tb = sections_table(outs["table"], titles)
    test.assertEqual([t for t, _ in tb], titles)
    for (name, _, jrows), (_, crows), (_, mrows), (_, trows) in zip(js, cs, md, tb):
        test.assertEqual(len(crows), len(jrows), name)
        test.assertEqual(len(mrows), len(jrows), name)
        test.assertEqual(len(trows), len(jrows), name)
        for j, c, m, t in zip(jrows, crows, mrows, trows):
            test.assertEqual(c, j, name)
            test.assertEqual(" ".join(m).split(), t, name)
    for line in outs["table"].splitlines():
        test.assertLessEqual(len(line), 80, line)


class NpsCommand(unittest.TestCase):
    def test_overall_and_by_channel_match_independent_computation(self):
        rows = sample_rows()
        got = run_json("nps", SAMPLE, "--by", "channel")
        want = expected_nps(rows)
        o = got["overall"]
        self.assertEqual((o["n"], o["missing"], o["rejected"]),
                         (want["n"], want["missing"], want["rejected"]))
        self.assertAlmostEqual(o["nps"], want["nps"], delta=1e-9)
        self.assertAlmostEqual(o["se"], want["se"], delta=1e-9)
        self.assertEqual(o["rejected_by_reason"]["out_of_range"], 1)   # the planted 11
        self.assertEqual(o["rejected_by_reason"]["not_integer"], 1)    # 6.5
        self.assertEqual(o["rejected_by_reason"]["not_a_number"], 1)   # 7a
        keys = [s["key"]["channel"] for s in got["segments"]]
        self.assertEqual(keys, sorted(keys))
        for seg in got["segments"]:
            w = expected_nps([r for r in rows if r["channel"] == seg["key"]["channel"]])
            self.assertAlmostEqual(seg["nps"], w["nps"], delta=1e-9)
            self.assertEqual(seg["n"], w["n"])
            self.assertLess(seg["ci_lower"], seg["nps"])
            self.assertGreater(seg["ci_upper"], seg["nps"])
        self.assertEqual(sum(s["n"] for s in got["segments"]), o["n"])
        self.assertEqual(got["method"], "tango")
        self.assertEqual(got["level"], 0.95)

    def test_semicolon_and_tab_exports_give_the_same_figures(self):
        with open(SAMPLE, newline="") as f:
            table = list(csv.reader(f))
        want = run_json("nps", SAMPLE, "--by", "channel")
        for delimiter, option in ((";", ";"), ("\t", "tab"), ("\t", "\\t"), ("|", "|")):
            with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as f:
                csv.writer(f, delimiter=delimiter).writerows(table)
            try:
                got = run_json("nps", f.name, "--by", "channel", "--delimiter", option)
                self.assertEqual(got["overall"], want["overall"], option)
                self.assertEqual(got["segments"], want["segments"], option)
                code, out, err = run("nps", f.name)  # read with ',': one column, no score
                self.assertEqual(code, 1)
                self.assertIn("no 'score' column", err)
            finally:
                os.unlink(f.name)
        for bad in ("ab", '"', ""):
            code, out, err = run("nps", SAMPLE, "--delimiter", bad)
            self.assertEqual(code, 2, bad)
            self.assertIn("--delimiter takes one character", err)

    def test_threads_give_the_same_output(self):
        # The file is cut at line feeds and read on several threads; whatever falls on a cut
        # (a quoted line break, a malformed row, CRLF, a BOM) must give the one-thread output,
        # messages included.
        import random
        rng = random.Random(5)
        channels = ["web", "app", "store", '"a, b"', "phone"]
        lines = ["\ufeffid,channel,score"]
        for i in range(3000):
            score = rng.choice(["0", "6", "7", "9", "10", "", "NA", "11", "6.5"])
            lines.append(f"{i},{rng.choice(channels)},{score}")
        plain = "\r\n".join(lines) + "\r\n"
        quoted = list(lines)
        for k in range(100, 3000, 37):  # quoted fields with a line break, all over the file
            quoted[k] = f'{k},"multi\nline",9'
        ragged = list(lines)
        ragged[2000] = "1,2"
        variants = {"plain": plain, "quoted": "\n".join(quoted) + "\n",
                    "ragged": "\n".join(ragged) + "\n"}
        for name, text in variants.items():
            with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False,
                                             encoding="utf-8") as f:
                f.write(text)
            try:
                for by in ([], ["--by", "channel"]):
                    want = run("nps", f.name, *by, "--format", "json", "--threads", "1")
                    self.assertEqual(want[0], 0, want[2])
                    for t in ("2", "3", "5", "16"):
                        got = run("nps", f.name, *by, "--format", "json", "--threads", t)
                        self.assertEqual(got, want, f"{name} {by} --threads {t}")
                    if name == "ragged":
                        self.assertIn("line 2001: 2 fields, expected 3", want[2])
            finally:
                os.unlink(f.name)
        for bad in ("-1", "65", "x"):
            code, out, err = run("nps", SAMPLE, "--threads", bad)
            self.assertEqual(code, 2, bad)

    def test_many_segments_match_independent_counts(self):
        # More segments than nps's 1024-slot cache, their rows interleaved: a segment's plain
        # answers are tallied in its cache slot and added to its accumulator when another
        # segment takes the slot, so segments leave and come back many times (issue 21).
        import random
        rng = random.Random(21)
        keys = [(f"k{i}", rng.choice(["a", "b", ""])) for i in range(5000)]
        cells = ["0", "3", "6", "7", "8", "9", "10", "", "NA", "11", " 8"]
        lines, want = ["id,region,score"], {}
        for _ in range(40000):
            key = rng.choice(keys)
            cell = rng.choice(cells)
            lines.append(f"{key[0]},{key[1]},{cell}")
            c = want.setdefault(key, {"promoters": 0, "passives": 0, "detractors": 0,
                                      "missing": 0, "rejected": 0})
            v = cell.strip()
            kind = ("missing" if v in ("", "NA") else "rejected" if v == "11" else
                    "promoters" if int(v) >= 9 else "passives" if int(v) >= 7 else
                    "detractors")
            c[kind] += 1
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("\n".join(lines) + "\n")
        try:
            for threads in ("1", "2"):
                code, out, err = run("nps", f.name, "--by", "id,region", "--threads", threads,
                                     "--format", "csv", "--section", "nps")
                self.assertEqual(code, 0, err)
                got = {(r["id"], r["region"]): {k: int(r[k]) for k in ("promoters", "passives",
                                                                        "detractors", "missing",
                                                                        "rejected")}
                       for r in csv.DictReader(io.StringIO(out)) if r["id"] != "(all)"}
                self.assertEqual(len(got), len(want), f"segments, --threads {threads}")
                for key, counts in want.items():
                    self.assertEqual(got.get(key), counts, f"segment {key}, --threads {threads}")
        finally:
            os.unlink(f.name)

    def test_weighted_matches_independent_computation(self):
        got = run_json("nps", SAMPLE, "--weight", "weight")
        want = expected_nps([r for r in sample_rows()], weight="weight")
        self.assertAlmostEqual(got["overall"]["nps"], want["nps"], delta=1e-9)
        self.assertAlmostEqual(got["overall"]["n_eff"], want["n_eff"], delta=1e-6)
        self.assertAlmostEqual(got["overall"]["se"], want["se"], delta=1e-9)

    def test_reference_weighted_vector(self):
        # NPS.md: NPS_w 7/29, n_eff 5.496732026144, SE_w 0.329535022969,
        # Wald 95 % -0.404497466319, 0.887256087009 (proportions; points here).
        got = run_json("nps", os.path.join(DATA, "weighted.csv"), "--weight", "weight",
                       "--method", "wald")["overall"]
        self.assertAlmostEqual(got["nps"], 100 * 7 / 29, delta=1e-9)
        self.assertAlmostEqual(got["n_eff"], 5.496732026144, delta=1e-9)
        self.assertAlmostEqual(got["se"], 32.9535022969, delta=1e-7)
        self.assertAlmostEqual(got["ci_lower"], -40.4497466319, delta=1e-7)
        self.assertAlmostEqual(got["ci_upper"], 88.7256087009, delta=1e-7)

    def test_reference_tango_through_stdin(self):
        # NPS.md: counts D 1, Pa 2, P 3 -> Tango 95 % -0.311073784624, 0.753956663564.
        data = "score\n0\n7\n8\n9\n10\n9\n"
        code, out, err = run("nps", "-", "--format", "json", stdin=data)
        self.assertEqual(code, 0, err)
        o = nps_view(json.loads(out))["overall"]
        self.assertAlmostEqual(o["ci_lower"], -31.1073784624, delta=1e-7)
        self.assertAlmostEqual(o["ci_upper"], 75.3956663564, delta=1e-7)

    def test_baseline_comparison(self):
        got = run_json("nps", SAMPLE, "--by", "period", "--baseline", "period=2026-Q1")
        segs = {s["key"]["period"]: s for s in got["segments"]}
        self.assertIsNone(segs["2026-Q1"]["vs_baseline"])
        q3 = segs["2026-Q3"]["vs_baseline"]
        self.assertAlmostEqual(q3["diff"], segs["2026-Q3"]["nps"] - segs["2026-Q1"]["nps"],
                               delta=1e-9)
        se = math.hypot(segs["2026-Q3"]["se"], segs["2026-Q1"]["se"])
        self.assertAlmostEqual(q3["se"], se, delta=1e-9)
        self.assertAlmostEqual(q3["z"], q3["diff"] / q3["se"], delta=1e-9)
        self.assertAlmostEqual(q3["p"], math.erfc(abs(q3["z"]) / math.sqrt(2)), delta=1e-12)
        # Two --by columns: each channel's quarters against that channel's Q1.
        got = run_json("nps", SAMPLE, "--by", "channel,period", "--baseline", "period=2026-Q1")
        by_key = {(s["key"]["channel"], s["key"]["period"]): s for s in got["segments"]}
        web_q2 = by_key[("web", "2026-Q2")]
        self.assertAlmostEqual(web_q2["vs_baseline"]["diff"],
                               web_q2["nps"] - by_key[("web", "2026-Q1")]["nps"], delta=1e-9)

    def test_segments_consistency(self):
        # LOYALTY.md: D/Pa/P by channel (30,40,80), (50,45,55), (20,30,100): chi-square
        # 30.022201665125, df 4, p 4.843763538241e-06.
        counts = {"x": (30, 40, 80), "y": (50, 45, 55), "z": (20, 30, 100)}
        data = "channel,score\n" + "".join(
            f"{ch},{s}\n" * n for ch, c in counts.items() for s, n in zip((0, 7, 10), c))
        got = nps_view(json.loads(run("nps", "-", "--by", "channel", "--format", "json",
                                      stdin=data)[1]))
        c = got["consistency"]
        self.assertAlmostEqual(c["chi_square"], 30.022201665125, delta=1e-9)
        self.assertEqual(c["df"], 4)
        self.assertAlmostEqual(c["p"], 4.843763538241e-06, delta=1e-16)
        npss = [s["nps"] for s in got["segments"]]
        self.assertAlmostEqual(c["range"], max(npss) - min(npss), delta=1e-12)
        code, out, _ = run("nps", "-", "--by", "channel", stdin=data)
        self.assertIn("Segments differ? (on the categories)", out)
        self.assertIn("     30.02   4  <0.0001", out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)

    def test_csv_and_table_formats(self):
        code, out, err = run("nps", SAMPLE, "--by", "channel", "--format", "csv")
        self.assertEqual(code, 0, err)
        rows = dict(sections_csv(out))["nps"]
        self.assertEqual(rows[-1]["channel"], "(all)")
        self.assertEqual(len(rows), 5)
        js = run_json("nps", SAMPLE, "--by", "channel")
        self.assertEqual(rows[0]["nps"], js["segments"][0]["nps"])  # shortest round trip
        code, out, err = run("nps", SAMPLE, "--by", "channel,region")
        self.assertEqual(code, 0, err)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertIn("(all)", out)

    def test_every_format_carries_the_same_sections(self):
        check_formats(self, ("nps", SAMPLE, "--by", "channel,period", "--baseline",
                             "period=2026-Q1"), ["nps", "unscored", "consistency", "baseline"])

    def test_json_numbers_are_the_shortest_round_trip(self):
        code, out, err = run("nps", SAMPLE, "--format", "JSON", "--level", "0.95")
        self.assertEqual(code, 0, err)
        self.assertIn('"level": 0.95,', out)
        doc = json.loads(out)
        for row in doc["sections"][0]["rows"]:
            for v in row.values():
                if isinstance(v, float):
                    self.assertEqual(float(repr(v)), v)
                    self.assertLessEqual(len(json.dumps(v)), len(repr(v)))

    def test_levels_that_cannot_be_printed_are_refused(self):
        for level in ("1e-320", "0.9999999", "0", "1", "x"):
            code, out, err = run("nps", SAMPLE, "--level", level)
            self.assertEqual(code, 2, level)
            self.assertIn("--level must be a number from 0.0001 to 0.999999", err)
        code, out, err = run("nps", SAMPLE, "--level", "0.999")
        self.assertEqual(code, 0, err)
        self.assertIn("99.9% CI", out)

    def test_section_writes_one_plain_table(self):
        code, out, err = run("nps", SAMPLE, "--by", "channel", "--format", "csv",
                             "--section", "nps")
        self.assertEqual(code, 0, err)
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual([r["channel"] for r in rows], ["app", "phone", "store", "web", "(all)"])
        self.assertEqual(list(rows[0])[:3], ["channel", "n", "promoters_share"])
        js = run_json("nps", SAMPLE, "--by", "channel")
        self.assertEqual(float(rows[-1]["nps"]), js["overall"]["nps"])
        code, out, err = run("nps", SAMPLE, "--by", "channel", "-s", "consistency")
        self.assertEqual(code, 0, err)
        self.assertTrue(out.startswith("chi-square  df"), out)
        code, out, err = run("nps", SAMPLE, "--section", "nope")
        self.assertEqual(code, 2)
        self.assertIn("no section 'nope' in this report (its sections: nps, unscored)", err)

    def test_small_bases(self):
        data = "channel,score\n" + "a,9\n" * 40 + "a,3\n" * 10 + "b,9\nb,2\nb,7\nc,10\n"
        code, out, err = run("nps", "-", "--by", "channel", "--min-n", "30", "--format", "json",
                             stdin=data)
        self.assertEqual(code, 0, err)
        rows = {r["channel"]: r for r in json.loads(out)["sections"][0]["rows"]}
        self.assertEqual(rows["b"]["n"], 3)
        self.assertIsNone(rows["b"]["nps"])
        self.assertIsNone(rows["b"]["ci_lower"])
        self.assertEqual(rows["b"]["small_base"], "small base")
        self.assertAlmostEqual(rows["a"]["nps"], 60.0, delta=1e-12)
        self.assertIsNone(rows["a"]["small_base"])  # no note: null, as csat and ces write it
        # one answer: no SE; the chi-square's expected counts are below 5: no p-value
        code, out, err = run("nps", "-", "--by", "channel", "--format", "json", stdin=data)
        doc = json.loads(out)
        rows = {r["channel"]: r for r in doc["sections"][0]["rows"]}
        self.assertIsNone(rows["c"]["se"])
        self.assertEqual(rows["c"]["nps"], 100)
        chi = [s for s in doc["sections"] if s["name"] == "consistency"][0]["rows"][0]
        self.assertIsNotNone(chi["chi_square"])
        self.assertIsNone(chi["p"])
        self.assertLess(chi["min_expected"], 5)
        code, out, err = run("nps", "-", "--by", "channel", stdin=data)
        self.assertIn("No p-value: an expected count is below 5", out)
        self.assertNotIn("nan", out)
        code, _, err = run("nps", "-", "--min-n", "-1", stdin=data)
        self.assertEqual(code, 2)

    def test_malformed_rows_are_warned_and_counted(self):
        code, out, err = run("nps", os.path.join(DATA, "messy.csv"), "--by", "channel",
                             "--format", "json")
        self.assertEqual(code, 0, err)
        got = nps_view(json.loads(out))
        self.assertEqual(got["malformed_rows"], 2)  # the extra field, the unterminated quote
        self.assertIn("line 4: 4 fields, expected 3", err)
        self.assertIn("not closed", err)
        o = got["overall"]
        self.assertEqual((o["n"], o["missing"], o["rejected"]), (3, 2, 3))
        self.assertIn("store, downtown", [s["key"]["channel"] for s in got["segments"]])

    def test_odd_segment_names_keep_json_valid_and_table_aligned(self):
        # Invalid UTF-8 in a key, replaced on request (--encoding-errors replace; without it the
        # reader stops, docs/input.md), is shown as U+FFFD (JSON must stay valid UTF-8); a line
        # break inside a quoted key is shown escaped so the table keeps one line per segment.
        data = b'channel,score\nab\xf0,9\n"a\nb",3\nweb,10\n'
        p = subprocess.run([CXSCORE, "nps", "-", "--by", "channel", "--format", "json",
                            "--encoding-errors", "replace"],
                           input=data, capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        doc = nps_view(json.loads(p.stdout.decode("utf-8")))
        keys = [s["key"]["channel"] for s in doc["segments"]]
        self.assertIn("ab\ufffd", keys)
        self.assertIn("a\nb", keys)
        p = subprocess.run([CXSCORE, "nps", "-", "--by", "channel", "--encoding-errors",
                            "replace"], input=data, capture_output=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        table = p.stdout.decode("utf-8")
        self.assertIn("a\\nb ", table)
        self.assertEqual(len([l for l in table.splitlines() if l.startswith(("a", "web"))]), 3)

    def test_no_valid_answer_gives_nulls_and_exit_1(self):
        code, out, err = run("nps", "-", "--format", "json", stdin="score\nN/A\n\n")
        self.assertEqual(code, 1)
        o = nps_view(json.loads(out))["overall"]
        self.assertIsNone(o["nps"])
        self.assertIsNone(o["ci_lower"])
        self.assertEqual(o["missing"], 2)
        self.assertIn("no valid answer", err)

    def test_exit_codes(self):
        bad_usage = [["nps"], ["nps", SAMPLE, "--level", "1.5"], ["nps", SAMPLE, "--method", "x"],
                     ["nps", SAMPLE, "--format", "xml"], ["nps", SAMPLE, "--bogus"],
                     ["nps", SAMPLE, "--by", "channel", "--baseline", "period"],
                     ["nps", SAMPLE, "--by", "channel", "--baseline", "period=2026-Q1"],
                     ["nps", SAMPLE, SAMPLE], ["frobnicate"], []]
        for args in bad_usage:
            code, _, err = run(*args)
            self.assertEqual(code, 2, f"{args}: {err}")
            self.assertTrue(err.strip(), args)
        bad_data = [["nps", "/nonexistent.csv"], ["nps", SAMPLE, "--column", "nope"],
                    ["nps", SAMPLE, "--by", "nope"], ["nps", SAMPLE, "--weight", "nope"]]
        for args in bad_data:
            code, _, err = run(*args)
            self.assertEqual(code, 1, f"{args}: {err}")
        code, _, err = run("nps", "-", stdin="")
        self.assertEqual((code, "empty" in err), (1, True))
        code, _, err = run("nps", "-", stdin="a,a\n1,2\n", )
        self.assertEqual(code, 1)
        code, _, err = run("nps", "-", "--column", "a", stdin="a,a\n1,2\n")
        self.assertEqual(code, 1)
        self.assertIn("several columns", err)

    def test_help_and_version(self):
        code, out, _ = run("--version")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^cxscore \d+\.\d+\.\d+ \(libcxscore \d+\.\d+\.\d+\)")
        code, out, _ = run("--help")
        self.assertEqual(code, 0)
        self.assertIn("nps", out)
        self.assertIn("servqual", out)
        self.assertIn("drivers", out)
        for cmd in ("nps", "servqual", "csat", "ces", "clv", "loyalty", "drivers"):
            code, out, _ = run(cmd, "--help")
            self.assertEqual(code, 0)
            self.assertIn("Examples:", out)
            code2, out2, _ = run("help", cmd)
            self.assertEqual((code2, out2), (0, out))


class ServqualCommand(unittest.TestCase):
    def test_reference_three_respondents(self):
        # SERVQUAL.md: dimension gaps (-0.0833333, -0.7333333, -0.6666667, -0.1666667,
        # -0.5333333); unweighted -0.4366667; aggregate weighted -0.4875; per respondent
        # -0.4783333; SERVPERF 5.36.
        got = servqual_view(run_json("servqual", os.path.join(DATA, "servqual-three.csv")))
        gaps = [d["gap"] for d in got["dimensions"]]
        for g, w in zip(gaps, (-0.0833333, -0.7333333, -0.6666667, -0.1666667, -0.5333333)):
            self.assertAlmostEqual(g, w, delta=5e-7)
        self.assertAlmostEqual(got["unweighted_score"], -0.4366667, delta=5e-7)
        self.assertAlmostEqual(got["weighted_score"], -0.4875, delta=5e-7)
        self.assertAlmostEqual(got["weighted_score_respondent"], -0.4783333, delta=5e-7)
        self.assertAlmostEqual(got["servperf"], 5.36, delta=5e-7)
        self.assertEqual([d["name"] for d in got["dimensions"]],
                         ["tangibles", "reliability", "responsiveness", "assurance", "empathy"])
        self.assertEqual(got["dimensions"][0]["items"], [1, 2, 3, 4])
        self.assertIsNone(got["items"][0]["msa"])  # no three-column data: null, not 0
        self.assertEqual(got["missing_mode"], "pairwise")
        self.assertEqual(len(got["items"]), 22)

    def test_sample_report_and_segments(self):
        code, out, err = run("servqual", SAMPLE)
        self.assertEqual(code, 0, err)
        for name in ("tangibles", "reliability", "responsiveness", "assurance", "empathy",
                     "SERVPERF", "alpha"):
            self.assertIn(name, out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        got = servqual_view(run_json("servqual", SAMPLE, "--by", "channel", "--missing",
                                     "listwise"))
        self.assertEqual(got["missing_mode"], "listwise")
        self.assertGreater(got["excluded"], 0)
        self.assertEqual(sum(s["respondents"] for s in got["segments"]), got["respondents"])
        code, out, err = run("servqual", SAMPLE, "--format", "csv", "--section", "dimensions")
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual([r["segment"] for r in rows][-1], "(all)")

    def test_custom_instrument(self):
        ini = os.path.join(ROOT, "examples", "data", "bank-instrument.ini")
        got = servqual_view(run_json("servqual", os.path.join(ROOT, "examples", "data",
                                                           "bank-survey.csv"), "--instrument", ini))
        self.assertEqual(got["instrument"], "Retail bank (adapted SERVQUAL)")
        self.assertEqual([d["name"] for d in got["dimensions"]], ["tangibles", "reliability"])
        self.assertGreater(got["not_applicable"], 0)
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write("[dimensions]\na = 1;2\nb = 2;3\n")
        try:
            code, _, err = run("servqual", SAMPLE, "--instrument", f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(code, 1)
        self.assertIn("line 3: item 2 is already in dimension a", err)

    def test_baseline_gaps_by_welch(self):
        got = servqual_view(run_json("servqual", SAMPLE, "--by", "channel", "--baseline",
                                     "channel=web"))
        seg = {s["key"]["channel"]: s for s in got["segments"]}
        self.assertIsNone(seg["web"]["vs_baseline"])
        for name in ("app", "phone", "store"):
            for vs, a, b in zip(seg[name]["vs_baseline"], seg[name]["dimensions"],
                                seg["web"]["dimensions"]):
                self.assertEqual(vs["dimension"], a["name"])
                # Welch (1947) from the two dimension summaries printed beside it.
                va, vb = a["gap_se"] ** 2, b["gap_se"] ** 2
                df = (va + vb) ** 2 / (va ** 2 / a["df"] + vb ** 2 / b["df"])
                self.assertAlmostEqual(vs["gap_diff"], a["gap"] - b["gap"], delta=1e-12)
                self.assertAlmostEqual(vs["t"], (a["gap"] - b["gap"]) / math.sqrt(va + vb),
                                       delta=1e-9)
                self.assertAlmostEqual(vs["df"], df, delta=1e-6)
                self.assertTrue(0 <= vs["p"] <= 1)
        code, out, err = run("servqual", SAMPLE, "--by", "channel", "--baseline", "channel=web")
        self.assertEqual(code, 0, err)
        self.assertIn("Dimension gaps against channel=web", out)
        self.assertEqual(run("servqual", SAMPLE, "--baseline", "channel=web")[0], 2)

    def test_threads_give_the_same_output(self):
        # With two threads one reads while the other adds; the library gets the same batches in
        # the same order, so the output (messages included) is the one-thread output byte for
        # byte. Three batches and more, tidy runs and messy ones, segments, importance, a
        # malformed row.
        import random
        rng = random.Random(7)
        head = (["id", "channel"] + [f"e{i}" for i in range(1, 23)]
                + [f"p{i}" for i in range(1, 23)] + [f"w{i}" for i in range(1, 6)])
        lines = [",".join(head)]
        for r in range(10000):
            messy = 3000 <= r < 5000
            cells = [str(r), rng.choice(["web", "app", "store"])]
            for _ in range(44):
                if messy and rng.random() < 0.05:
                    cells.append(rng.choice(["", "NA", "8", "0", "4.5", "x"]))
                else:
                    cells.append(str(rng.randint(1, 7)))
            cells += ["20"] * 5 if rng.random() < 0.5 else [""] * 5
            lines.append(",".join(cells))
        lines[6000] = "1,2"
        with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
            f.write("\n".join(lines) + "\n")
        try:
            for extra in ([], ["--by", "channel"], ["--missing", "listwise"]):
                for fmt in ("json", "csv"):
                    want = run("servqual", f.name, *extra, "--format", fmt, "--threads", "1")
                    self.assertEqual(want[0], 0, want[2])
                    self.assertIn("line 6001: 2 fields, expected 51", want[2])
                    for t in ("2", "3"):
                        got = run("servqual", f.name, *extra, "--format", fmt, "--threads", t)
                        self.assertEqual(got, want, f"{extra} {fmt} --threads {t}")
        finally:
            os.unlink(f.name)
        for bad in ("-1", "65", "x"):
            self.assertEqual(run("servqual", SAMPLE, "--threads", bad)[0], 2, bad)

    def test_bad_usage_and_columns(self):
        self.assertEqual(run("servqual", SAMPLE, "--missing", "sometimes")[0], 2)
        code, _, err = run("servqual", "-", stdin="e1,e2\n1,2\n")
        self.assertEqual(code, 1)
        self.assertIn("incomplete", err)


class RatingCommands(unittest.TestCase):
    def test_csat_reference_vector(self):
        # LOYALTY.md: CSAT 5,4,4,3,5,2,4,5,1,4: mean 3.7, SD 1.337493509849, top-two 0.7,
        # Wilson [0.396778147461, 0.892208732594]; t bounds to 5e-11 (scipy's t.ppf error).
        data = "csat\n" + "\n".join("5 4 4 3 5 2 4 5 1 4".split()) + "\n"
        code, out, err = run("csat", "-", "--format", "json", stdin=data)
        self.assertEqual(code, 0, err)
        o = rating_view(json.loads(out))["overall"]
        self.assertAlmostEqual(o["mean"], 3.7, delta=1e-12)
        self.assertAlmostEqual(o["sd"], 1.337493509849, delta=1e-11)
        self.assertAlmostEqual(o["mean_ci_lower"], 2.743214781063, delta=5e-11)
        self.assertAlmostEqual(o["good"], 0.7, delta=1e-12)
        self.assertAlmostEqual(o["good_ci_lower"], 0.396778147461, delta=1e-11)
        self.assertAlmostEqual(o["good_ci_upper"], 0.892208732594, delta=1e-11)
        self.assertEqual(o["distribution"], {"1": 1, "2": 1, "3": 1, "4": 4, "5": 3})

    def test_ces_reference_vector(self):
        # LOYALTY.md: CES 7,6,5,5,4,3,7,2,6,5,1,6: mean 4.75, agree 2/3,
        # Wilson [0.390622088873, 0.861879908909].
        data = "ces\n" + "\n".join("7 6 5 5 4 3 7 2 6 5 1 6".split()) + "\n"
        o = run_json("ces", "-", stdin=data)["overall"]
        self.assertAlmostEqual(o["mean"], 4.75, delta=1e-12)
        self.assertAlmostEqual(o["good"], 2 / 3, delta=1e-12)
        self.assertAlmostEqual(o["good_ci_lower"], 0.390622088873, delta=1e-11)
        self.assertAlmostEqual(o["good_ci_upper"], 0.861879908909, delta=1e-11)

    def test_sample_by_channel_matches_independent_computation(self):
        got = run_json("csat", SAMPLE, "--by", "channel")
        rows = sample_rows()
        for seg in got["segments"]:
            vals = [int(r["csat"]) for r in rows if r["channel"] == seg["key"]["channel"]
                    and r["csat"].strip() in ("1", "2", "3", "4", "5")]
            self.assertEqual(seg["n"], len(vals))
            self.assertAlmostEqual(seg["mean"], sum(vals) / len(vals), delta=1e-12)
            self.assertAlmostEqual(seg["good"], sum(v >= 4 for v in vals) / len(vals),
                                   delta=1e-12)
        self.assertGreater(got["overall"]["rejected_by_reason"]["out_of_scale"], 0)
        code, out, err = run("ces", SAMPLE, "--by", "channel,region")
        self.assertEqual(code, 0, err)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        code, out, _ = run("csat", SAMPLE, "--format", "csv", "--section", "rating")
        self.assertEqual(list(csv.DictReader(io.StringIO(out)))[0]["n"],
                         str(got["overall"]["n"]))

    def test_no_segments_no_consistency(self):
        # Without --by there is nothing to compare: no "Segments differ?" line; one segment
        # gives null tests, never zeros.
        code, out, err = run("csat", SAMPLE)
        self.assertEqual(code, 0, err)
        self.assertNotIn("Segments differ", out)
        got = run_json("csat", "-", "--by", "ch", stdin="csat,ch\n4,a\n5,a\n")
        self.assertNotIn("consistency", got)

    def test_csat_baseline_matches_r(self):
        # R 4.2 on examples/data/survey.csv (csat 1-5, Q3 vs Q1): t.test(q3, q1) gives t
        # 5.6094416151, df 1854.3579574324, p 2.3355257455e-08, CI [0.1701360179, 0.3530637570];
        # prop.test(c(668, 506), c(992, 917), correct = FALSE) gives p 4.9108649462e-08.
        got = run_json("csat", SAMPLE, "--by", "period", "--baseline", "period=2026-Q1")
        self.assertEqual(got["baseline"], "period=2026-Q1")
        seg = {s["key"]["period"]: s for s in got["segments"]}
        self.assertIsNone(seg["2026-Q1"]["vs_baseline"])
        vs = seg["2026-Q3"]["vs_baseline"]
        self.assertAlmostEqual(vs["t"], 5.6094416151, delta=1e-9)
        self.assertAlmostEqual(vs["df"], 1854.3579574324, delta=1e-9)
        self.assertAlmostEqual(vs["mean_p"], 2.3355257455e-08, delta=1e-17)
        self.assertAlmostEqual(vs["mean_ci_lower"], 0.1701360179, delta=1e-9)
        self.assertAlmostEqual(vs["mean_ci_upper"], 0.3530637570, delta=1e-9)
        self.assertAlmostEqual(vs["good_diff"], 668 / 992 - 506 / 917, delta=1e-12)
        self.assertAlmostEqual(vs["good_p"], 4.9108649462e-08, delta=1e-17)
        code, out, err = run("ces", SAMPLE, "--by", "channel", "--baseline", "channel=web")
        self.assertEqual(code, 0, err)
        self.assertIn("Against channel=web", out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        code, out, _ = run("csat", SAMPLE, "--by", "channel", "--baseline", "channel=web",
                           "--format", "csv", "--section", "baseline")
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual(rows[-1]["channel"], "web")
        self.assertEqual(rows[-1]["mean_diff"], "")
        self.assertNotEqual(rows[0]["mean_p"], "")
        self.assertEqual(run("csat", SAMPLE, "--baseline", "period=2026-Q1")[0], 2)
        self.assertEqual(run("csat", SAMPLE, "--by", "channel", "--baseline", "period=x")[0], 2)
        self.assertEqual(run("csat", SAMPLE, "--by", "channel", "--baseline", "web")[0], 2)

    def test_segments_consistency(self):
        # LOYALTY.md: groups (5,4,4,3,5,2,4,5), (3,3,2,4,3,1,2), (5,5,4,5,4,5,3,4,5):
        # F 8.525442477876, p 0.001947478165; Welch F 8.596709402901, df2 12.689509507698,
        # p 0.004364040794.
        groups = {"a": "5 4 4 3 5 2 4 5", "b": "3 3 2 4 3 1 2", "c": "5 5 4 5 4 5 3 4 5"}
        data = "seg,csat\n" + "".join(f"{g},{v}\n" for g, vs in groups.items()
                                       for v in vs.split())
        c = run_json("csat", "-", "--by", "seg", stdin=data)["consistency"]
        self.assertAlmostEqual(c["anova"]["f"], 8.525442477876, delta=1e-9)
        self.assertAlmostEqual(c["anova"]["p"], 0.001947478165, delta=1e-11)
        self.assertAlmostEqual(c["welch"]["f"], 8.596709402901, delta=1e-9)
        self.assertAlmostEqual(c["welch"]["df2"], 12.689509507698, delta=1e-9)
        self.assertAlmostEqual(c["welch"]["p"], 0.004364040794, delta=1e-11)
        code, out, _ = run("csat", "-", "--by", "seg", stdin=data)
        self.assertRegex(out, r"\nwelch +8\.60 +2 +12\.7 +0\.0044 ")

    def test_other_scales_and_usage(self):
        # CES 1.0: effort 1-5, lower is better.
        o = run_json("ces", "-", "--scale", "1-5", "--good", "1-2", "--top", "1",
                     stdin="ces\n1\n2\n5\n4\n")
        self.assertEqual((o["good"], o["top"]), ([1, 2], 1))
        self.assertAlmostEqual(o["overall"]["good"], 0.5, delta=1e-15)
        self.assertEqual(run("csat", SAMPLE, "--scale", "5-1")[0], 2)
        self.assertEqual(run("csat", SAMPLE, "--good", "6-7")[0], 2)
        self.assertEqual(run("csat", SAMPLE, "--column", "nope")[0], 1)
        code, _, err = run("csat", "-", stdin="csat\nN/A\n")
        self.assertEqual(code, 1)
        self.assertIn("no valid answer", err)


class LoyaltyCommand(unittest.TestCase):
    def test_reference_vector(self):
        # LOYALTY.md: (10,9,7) (8,8,5) (6,7,3) (9,10,9) (3,5,2): item means 7.2, 7.8, 5.2;
        # mean 67.333333333333; item nets 0, 0.2, -0.4; net -6.666666666667 (points here).
        data = ("score,repurchase,cross_buy\n10,9,7\n8,8,5\n6,7,3\n9,10,9\n3,5,2\n")
        got = loyalty_view(run_json("loyalty", "-", stdin=data))["overall"]
        self.assertAlmostEqual(got["mean_index"], 67.333333333333, delta=1e-9)
        self.assertAlmostEqual(got["net_index"], -6.666666666667, delta=1e-9)
        self.assertAlmostEqual(got["items"]["repurchase"]["mean"], 7.8, delta=1e-12)
        self.assertAlmostEqual(got["items"]["cross_buy"]["net"], -40.0, delta=1e-12)
        self.assertAlmostEqual(got["mean_index_ci_lower"], 36.862630089361716, delta=1e-9)

    def test_sample_and_usage(self):
        got = loyalty_view(run_json("loyalty", SAMPLE, "--by", "channel", "--missing",
                                    "listwise"))
        self.assertEqual(got["missing_mode"], "listwise")
        self.assertGreater(got["overall"]["excluded"], 0)
        code, out, err = run("loyalty", SAMPLE)
        self.assertEqual(code, 0, err)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertEqual(run("loyalty", SAMPLE, "--missing", "x")[0], 2)
        self.assertEqual(run("loyalty", SAMPLE, "--repurchase", "nope")[0], 1)


class LoyaltyBaseline(unittest.TestCase):
    def test_listwise_baseline_matches_r(self):
        # R 4.2 on examples/data/survey.csv, respondents with three valid 0-10 answers, phone
        # minus web, t.test() of the per-respondent scores (docs/loyalty.md):
        #   mean index: diff -9.6216905960 t -13.8523257779 df 1410.4985925346
        #               p 5.2357161889e-41 CI [-10.9842316887, -8.2591495032]
        #   net index:  diff -30.9023570260 t -13.2146155120 df 1535.0630139117
        #               p 7.7312300075e-38 CI [-35.4893463324, -26.3153677196]
        got = loyalty_view(run_json("loyalty", SAMPLE, "--by", "channel", "--baseline",
                                    "channel=web", "--missing", "listwise"))
        seg = {s["key"]["channel"]: s["vs_baseline"] for s in got["segments"]}
        self.assertIsNone(seg["web"])
        vs = seg["phone"]
        for key, want in (("mean_diff", -9.6216905960), ("mean_t", -13.8523257779),
                          ("mean_df", 1410.4985925346), ("mean_ci_lower", -10.9842316887),
                          ("mean_ci_upper", -8.2591495032), ("net_diff", -30.9023570260),
                          ("net_t", -13.2146155120), ("net_df", 1535.0630139117),
                          ("net_ci_lower", -35.4893463324), ("net_ci_upper", -26.3153677196)):
            self.assertAlmostEqual(vs[key], want, delta=1e-8, msg=key)
        self.assertAlmostEqual(vs["mean_p"] / 5.2357161889e-41, 1.0, delta=1e-8)
        self.assertAlmostEqual(vs["net_p"] / 7.7312300075e-38, 1.0, delta=1e-8)
        code, out, err = run("loyalty", SAMPLE, "--by", "period", "--baseline", "period=2026-Q1")
        self.assertEqual(code, 0, err)
        self.assertIn("Against period=2026-Q1", out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertEqual(run("loyalty", SAMPLE, "--baseline", "channel=web")[0], 2)
TOUCHPOINTS = ["tp_website", "tp_wait", "tp_agent", "tp_billing", "tp_delivery"]


class DriversCommand(unittest.TestCase):
    def test_reference_vector(self):
        # LOYALTY.md, Drivers: Pearson 0.965176057754, 0.829380506046, 0.923455631488; Spearman
        # 0.967977659735, 0.868281971399, 0.866476811375; betas 0.070100869767, 0.383434051934,
        # 0.621322625340 (R2 0.959436286497); relative weights 0.323134699914, 0.269755560483,
        # 0.366546026099 (33.679641312525 %, 28.116047337381 %, 38.204311350094 %).
        with open(os.path.join(ROOT, "tests", "data", "drivers", "loyalty-vector.csv")) as f:
            data = f.read().replace("y", "score", 1)
        got = drivers_view(run_json("drivers", "-", "--drivers", "x1,x2,x3",
                                    stdin=data))["overall"]
        want = {"r": (0.965176057754, 0.829380506046, 0.923455631488),
                "rho": (0.967977659735, 0.868281971399, 0.866476811375),
                "beta": (0.070100869767, 0.383434051934, 0.621322625340),
                "relative_weight": (0.323134699914, 0.269755560483, 0.366546026099),
                "relative_weight_pct": (33.679641312525, 28.116047337381, 38.204311350094)}
        for key, values in want.items():
            for d, v in zip(got["drivers"], values):
                self.assertAlmostEqual(d[key], v, delta=1e-9 if key.endswith("pct") else 1e-11,
                                       msg=f"{d['name']} {key}")
        self.assertAlmostEqual(got["r_squared"], 0.959436286497, delta=1e-11)
        self.assertEqual([d["rank"] for d in got["drivers"]], [2, 3, 1])

    def test_sample_matches_r(self):
        # Golden values: tests/cli/data/drivers-sample.R (base R 4.2.2) on the sample file.
        got = drivers_view(run_json("drivers", SAMPLE))  # default drivers: the tp_* columns
        self.assertEqual(got["drivers"], TOUCHPOINTS)
        o = got["overall"]
        self.assertEqual(o["n"], 1109)
        for d, rw, rho in zip(o["drivers"],
                              (0.0229538401879603, 0.209954484850484, 0.231524177417852,
                               0.0572143564315867, 0.0398429208984968),
                              (0.237957020581561, 0.633672700867868, 0.625347802380032,
                               0.347411048667224, 0.277845636131175)):
            self.assertAlmostEqual(d["relative_weight"], rw, delta=1e-12, msg=d["name"])
            self.assertAlmostEqual(d["rho"], rho, delta=1e-12, msg=d["name"])
        self.assertAlmostEqual(o["r_squared"], 0.56148977978638, delta=1e-12)
        self.assertAlmostEqual(sum(d["relative_weight"] for d in o["drivers"]), o["r_squared"],
                               delta=1e-12)
        o = drivers_view(run_json("drivers", SAMPLE, "--missing", "pairwise", "--weight",
                                   "weight"))["overall"]
        for d, rw in zip(o["drivers"], (0.023605151278825, 0.226281180810531, 0.213616698918039,
                                        0.0605137457638875, 0.0295153118370821)):
            self.assertAlmostEqual(d["relative_weight"], rw, delta=1e-12, msg=d["name"])
        self.assertAlmostEqual(o["r_squared"], 0.553532088608365, delta=1e-12)
        segs = drivers_view(run_json("drivers", SAMPLE, "--by", "channel"))["segments"]
        phone = [s for s in segs if s["key"]["channel"] == "phone"][0]
        self.assertEqual(phone["n"], 386)
        for d, rw in zip(phone["drivers"], (0.0207296679853529, 0.204749122159862,
                                            0.232759508743353, 0.0677436012036817,
                                            0.0489538759061306)):
            self.assertAlmostEqual(d["relative_weight"], rw, delta=1e-12, msg=d["name"])

    def test_counts_and_pearson_match_independent_computation(self):
        import statistics
        rows = sample_rows()

        def cell(v):
            v = v.strip()
            if v.upper() in ("", "NA", "N/A", "-"):
                return None
            try:
                return float(v)
            except ValueError:
                return "text"

        got = drivers_view(run_json("drivers", SAMPLE))["overall"]
        ys = [cell(r["score"]) for r in rows]
        ys = [y if isinstance(y, float) and y == int(y) and 0 <= y <= 10 else
              ("rejected" if y is not None else None) for y in ys]
        self.assertEqual(got["outcome"]["missing"], ys.count(None))
        self.assertEqual(got["outcome"]["rejected"], ys.count("rejected"))
        xs = {c: [cell(r[c]) for r in rows] for c in TOUCHPOINTS}
        complete = [i for i in range(len(rows)) if isinstance(ys[i], float) and
                    all(isinstance(xs[c][i], float) for c in TOUCHPOINTS)]
        self.assertEqual(got["rows_complete"], len(complete))
        for d in got["drivers"]:
            c = d["name"]
            self.assertEqual(d["missing"], xs[c].count(None), c)
            self.assertEqual(d["rejected"], xs[c].count("text"), c)
            self.assertEqual(d["valid"] + d["missing"] + d["rejected"], len(rows))
            r = statistics.correlation([xs[c][i] for i in complete], [ys[i] for i in complete])
            self.assertAlmostEqual(d["r"], r, delta=1e-12, msg=c)
        self.assertEqual(got["drivers"][1]["rejected"], 1)  # the "ten" in tp_wait

    def test_table_and_csv(self):
        code, out, err = run("drivers", SAMPLE, "--by", "channel")
        self.assertEqual(code, 0, err)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        ranked = [line.split()[2] for line in out.split("Drivers, by relative weight")[1]
                  .splitlines() if line.startswith("(all)")]
        self.assertEqual(ranked[:2], ["tp_agent", "tp_wait"])  # the sample's design
        code, out, _ = run("drivers", SAMPLE, "--by", "period", "--format", "csv",
                           "--section", "drivers")
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual(len(rows), 5 * 4)  # 5 drivers x (3 periods + overall)
        self.assertEqual(rows[-1]["period"], "(all)")
        # Rank order in every segment, as in the table.
        for k in range(0, len(rows), 5):
            self.assertEqual([r["rank"] for r in rows[k:k + 5]], ["1", "2", "3", "4", "5"])

    def test_bad_columns_options_and_data(self):
        self.assertEqual(run("drivers", SAMPLE, "--drivers", "tp_wait,nope")[0], 1)
        self.assertEqual(run("drivers", SAMPLE, "--outcome", "nope")[0], 1)
        for args in (["--missing", "sometimes"], ["--drivers", "tp_wait,tp_wait"],
                     ["--drivers", "score"], ["--scale", "10-0"], ["--level", "1.5"],
                     ["--format", "xml"], ["--bogus"]):
            code, _, err = run("drivers", SAMPLE, *args)
            self.assertEqual(code, 2, f"{args}: {err}")
            self.assertTrue(err.strip())
        code, _, err = run("drivers", "-", stdin="score,a\n1,2\n")
        self.assertEqual(code, 1)
        self.assertIn("no touchpoint column", err)
        # Collinear drivers: correlations still printed, the regression named as impossible.
        data = "score,a,b\n" + "".join(f"{v},{v % 4},{v % 4}\n" for v in range(11))
        code, out, err = run("drivers", "-", "--drivers", "a,b", "--format", "json", stdin=data)
        self.assertEqual(code, 1)
        self.assertIn("'b' has no variance or is a linear combination", err)
        o = drivers_view(json.loads(out))["overall"]
        self.assertIsNone(o["r_squared"])
        self.assertIsNone(o["drivers"][0]["rank"])
        self.assertIsNotNone(o["drivers"][0]["r"])


class ClvCommand(unittest.TestCase):
    def test_reference_vector(self):
        # LOYALTY.md: m = 100, r = 0.8, i = 0.1: infinite 266.666666666667; T = 5:
        # 212.409733562660; infinite with AC = 50: 216.666666666667; S = 200, E = 220, N = 40
        # -> retention 0.9.
        got = run_json("clv", "--margin", "100", "--retention", "0.8", "--discount", "0.1")
        self.assertAlmostEqual(got["clv"], 266.666666666667, delta=1e-9)
        self.assertAlmostEqual(got["margin_multiple"], 8 / 3, delta=1e-12)
        self.assertIsNone(got["horizon"])
        got = run_json("clv", "--margin", "100", "-r", "0.8", "--discount", "0.1",
                       "--horizon", "5")
        self.assertAlmostEqual(got["clv"], 212.409733562660, delta=1e-9)
        got = run_json("clv", "--margin", "100", "-r", "0.8", "--acquisition-cost", "50")
        self.assertAlmostEqual(got["clv"], 216.666666666667, delta=1e-9)
        got = run_json("clv", "--margin", "100", "--start", "200", "--end", "220", "--new", "40")
        self.assertAlmostEqual(got["retention"], 0.9, delta=1e-15)
        self.assertAlmostEqual(got["churn"], 0.1, delta=1e-15)

    def test_every_format_carries_the_same_sections(self):
        check_formats(self, ("clv", "--margin", "100", "--start", "200", "--end", "220",
                             "--new", "40", "--horizon", "5"), ["clv"])

    def test_usage(self):
        for args in (["clv"], ["clv", "-r", "0.8"], ["clv", "--margin", "100"],
                     ["clv", "--margin", "100", "-r", "0.8", "--start", "5"],
                     ["clv", "--margin", "100", "-r", "1", "--discount", "0"],
                     ["clv", "--margin", "x", "-r", "0.5"],
                     ["clv", "--margin", "100", "-r", "0.5", "f.csv"],
                     ["clv", "--margin", "100", "--start", "10", "--end", "5", "--new", "6"]):
            code, _, err = run(*args)
            self.assertEqual(code, 2, f"{args}: {err}")
            self.assertTrue(err.strip())
        code, out, _ = run("clv", "--margin", "100", "-r", "0.8", "--format", "csv")
        self.assertEqual(code, 0)
        self.assertAlmostEqual(dict(sections_csv(out))["clv"][0]["clv"],
                               266.666666666667, delta=1e-9)


class TrendCommand(unittest.TestCase):
    def test_monthly_nps_and_change_match_independent_computation(self):
        rows = sample_rows()
        got = run_json("trend", SAMPLE, "--weight", "weight")
        self.assertEqual(got["every"], "month")
        periods = got["overall"]["periods"]
        self.assertEqual([p["period"] for p in periods],
                         [f"2026-{m:02d}" for m in range(1, 10)])
        prev = None
        for p in periods:
            e = expected_nps([r for r in rows if r["date"][:7] == p["period"]], weight="weight")
            self.assertEqual(p["n"], e["n"])
            self.assertEqual(p["missing"], e["missing"])
            self.assertEqual(p["rejected"], e["rejected"])
            self.assertAlmostEqual(p["nps"], e["nps"], delta=1e-9)
            self.assertAlmostEqual(p["se"], e["se"], delta=1e-9)
            if prev is None:
                self.assertIsNone(p["change"])
            else:
                # NPS.md: difference of two independent NPS, SE = sqrt(se_a^2 + se_b^2).
                diff = e["nps"] - prev["nps"]
                z = diff / math.hypot(e["se"], prev["se"])
                self.assertAlmostEqual(p["change"]["diff"], diff, delta=1e-9)
                self.assertAlmostEqual(p["change"]["z"], z, delta=1e-9)
                self.assertAlmostEqual(p["change"]["p"], math.erfc(abs(z) / math.sqrt(2)),
                                       delta=1e-12)
            prev = e

    def test_quarters_equal_nps_by_period_column(self):
        # The sample's period column holds the calendar quarter of its date column.
        trend = run_json("trend", SAMPLE, "--every", "quarter", "--by", "channel")
        nps = run_json("nps", SAMPLE, "--by", "channel,period")
        by_key = {(s["key"]["channel"], s["key"]["period"]): s for s in nps["segments"]}
        for seg in trend["segments"]:
            for p in seg["periods"]:
                ref = by_key[(seg["key"]["channel"], p["period"])]
                self.assertEqual(p["n"], ref["n"])
                self.assertAlmostEqual(p["nps"], ref["nps"], delta=1e-9)
                self.assertAlmostEqual(p["ci_lower"], ref["ci_lower"], delta=1e-9)

    def test_csat_by_week_and_table(self):
        rows = sample_rows()
        got = run_json("trend", SAMPLE, "--index", "csat", "--every", "week")
        first = got["overall"]["periods"][0]
        self.assertEqual(first["period"], "2026-W01")  # 2026-01-01 is a Thursday
        import datetime
        vals = [int(r["csat"]) for r in rows
                if datetime.date.fromisoformat(r["date"]).isocalendar()[:2] == (2026, 1)
                and r["csat"].strip() in ("1", "2", "3", "4", "5")]
        self.assertEqual(first["n"], len(vals))
        self.assertAlmostEqual(first["mean"], sum(vals) / len(vals), delta=1e-12)
        second = got["overall"]["periods"][1]
        self.assertAlmostEqual(second["change"]["mean_diff"], second["mean"] - first["mean"],
                               delta=1e-12)
        code, out, err = run("trend", SAMPLE, "--every", "quarter", "--by", "region")
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"\nnorth +2026-Q1 ")
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        code, out, _ = run("trend", SAMPLE, "--index", "ces", "--format", "csv")
        self.assertEqual(code, 0)
        self.assertEqual(len(dict(sections_csv(out))["periods"]), 9)

    def test_bad_dates_are_counted_and_gaps_shown(self):
        data = ("date,score\n2026-01-05,9\n2026-01-06,3\n,10\n2026-02-30,9\nyesterday,9\n"
                "2026-03-01T08:00:00,10\n2026-03-02,N/A\n")
        code, out, err = run("trend", "-", "--format", "json", stdin=data)
        self.assertEqual(code, 0, err)
        got = trend_view(json.loads(out))
        self.assertEqual((got["rows_without_date"], got["rows_bad_date"]), (1, 2))
        self.assertIn("1 rows without a date and 2 with a date that is not", err)
        p = got["overall"]["periods"]
        self.assertEqual([x["period"] for x in p], ["2026-01", "2026-02", "2026-03"])
        self.assertEqual([x["n"] for x in p], [2, 0, 1])
        self.assertIsNone(p[1]["nps"])
        self.assertIsNone(p[2]["change"])  # no answers in the month before
        self.assertEqual(p[2]["missing"], 1)

    def test_every_format_carries_the_same_sections(self):
        check_formats(self, ("trend", SAMPLE, "--every", "quarter", "--by", "channel"),
                      ["periods", "unscored"])
        check_formats(self, ("trend", SAMPLE, "--index", "ces", "--weight", "weight"),
                      ["periods", "unscored"])

    def test_errors(self):
        self.assertEqual(run("trend", SAMPLE, "--every", "fortnight")[0], 2)
        self.assertEqual(run("trend", SAMPLE, "--index", "xyz")[0], 2)
        self.assertEqual(run("trend", SAMPLE, "--date", "when")[0], 1)
        code, _, err = run("trend", SAMPLE, "--every", "day", "--max-periods", "10")
        self.assertEqual(code, 2)
        self.assertIn("span", err)
        self.assertEqual(run("trend", "-", stdin="date,score\nnone,9\n")[0], 1)
        self.assertEqual(run("trend", "-", stdin="date,score\n2026-01-01,x\n")[0], 1)


ORDERS = os.path.join(ROOT, "examples", "data", "orders.csv")


class RetentionCommand(unittest.TestCase):
    @staticmethod
    def independent(rows):
        """LOYALTY.md's definitions with Python sets, month by month."""
        active, revenue, counts = {}, {}, {}
        for r in rows:
            cid, date, amount = r["customer_id"], r["order_date"], r["amount"].strip()
            if not cid:
                continue
            try:
                import datetime
                datetime.date.fromisoformat(date)
            except ValueError:
                continue
            m = date[:7]
            active.setdefault(m, set()).add(cid)
            counts[cid] = counts.get(cid, 0) + 1
            if amount not in ("", "N/A", "NA", "-"):
                revenue[(m, cid)] = revenue.get((m, cid), 0.0) + float(amount)
        return active, revenue, counts

    def test_periods_match_independent_computation(self):
        with open(ORDERS, newline="") as f:
            rows = list(csv.DictReader(f))
        active, revenue, counts = self.independent(rows)
        got = run_json("retention", ORDERS, "--cohorts", "--cohort-periods", "24")
        months = sorted(active)
        periods = got["overall"]["periods"]
        self.assertEqual([p["period"] for p in periods], months)
        seen = set()
        for i, m in enumerate(months):
            p = periods[i]
            prev = active[months[i - 1]] if i else set()
            self.assertEqual(p["active"], len(active[m]))
            self.assertEqual(p["new"], len(active[m] - seen))
            self.assertEqual(p["retained"], len(active[m] & prev))
            self.assertEqual(p["returning"], len((active[m] - prev) & seen))
            self.assertEqual(p["churned"], len(prev - active[m]))
            self.assertAlmostEqual(p["revenue"], sum(revenue.get((m, c), 0.0)
                                                     for c in active[m]), delta=1e-6)
            if i:
                lost = prev - active[m]
                self.assertAlmostEqual(p["revenue_at_risk"],
                                       sum(revenue.get((months[i - 1], c), 0.0) for c in lost),
                                       delta=1e-6)
                self.assertAlmostEqual(p["retention"], len(active[m] & prev) / len(prev),
                                       delta=1e-12)
            seen |= active[m]
        o = got["overall"]
        self.assertEqual(o["customers"], len(counts))
        self.assertEqual(o["repeat_customers"], sum(1 for c in counts.values() if c >= 2))
        self.assertEqual(got["rows_bad_date"], 8)
        self.assertEqual(o["rejected_no_customer"],
                         sum(1 for r in rows if not r["customer_id"]))
        # Cohort of the first month: share active 3 months later.
        first = active[months[0]]
        self.assertAlmostEqual(o["cohorts"][0]["share_active"][3],
                               len(first & active[months[3]]) / len(first), delta=1e-12)
        self.assertAlmostEqual(o["revenue_at_risk"]["revenue_per_period"],
                               periods[-1]["revenue_at_risk"], delta=1e-9)
        self.assertIsNone(o["revenue_at_risk"]["lifetime_value_lost"])
        self.assertIsNone(got["detractors"])

    def test_detractors_and_value_lost(self):
        got = run_json("retention", ORDERS, "--survey", SAMPLE, "--margin-rate", "0.3",
                       "--discount", "0.01")
        o = got["overall"]
        r, m = o["retention"], 0.3 * o["revenue_at_risk"]["revenue_per_period"]
        # Gupta & Lehmann, infinite horizon: m r / (1 + i - r).
        self.assertAlmostEqual(o["revenue_at_risk"]["lifetime_value_lost"],
                               m * r / (1.01 - r), delta=1e-6)
        latest = {}
        for row in sample_rows():
            s = row["score"].strip()
            if s.isdigit() and 0 <= int(s) <= 10:
                latest[row["respondent_id"]] = int(s)
        detractors = {k for k, v in latest.items() if v <= 6}
        with open(ORDERS, newline="") as f:
            last = {}
            for row in csv.DictReader(f):
                if row["order_date"].startswith("2026-09") and row["customer_id"] in detractors:
                    a = row["amount"].strip()
                    last[row["customer_id"]] = last.get(row["customer_id"], 0.0) + (
                        float(a) if a not in ("", "N/A") else 0.0)
        d = got["detractors"]
        self.assertEqual(d["detractors"], len(detractors))
        self.assertEqual(d["active_last_period"], len(last))
        self.assertAlmostEqual(d["revenue_last_period"], sum(last.values()), delta=1e-6)
        code, out, err = run("retention", ORDERS, "--survey", SAMPLE, "--margin-rate", "0.3",
                             "--cohorts")
        self.assertEqual(code, 0, err)
        self.assertIn("at risk: what the customers lost", out)
        self.assertIn("Detractors (latest answer 0-6)", out)
        self.assertIn("Cohorts:", out)
        self.assertIn("left out 16 rows without a customer id", err)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)

    def test_segments_quarters_and_errors(self):
        got = run_json("retention", ORDERS, "--by", "channel", "--every", "quarter")
        self.assertEqual(sorted(s["key"]["channel"] for s in got["segments"]),
                         ["app", "phone", "store", "web"])
        self.assertEqual(got["overall"]["periods"][0]["period"], "2025-Q1")
        code, out, _ = run("retention", ORDERS, "--format", "csv", "--section", "periods")
        self.assertEqual(code, 0)
        self.assertEqual(len(list(csv.DictReader(io.StringIO(out)))), 21)
        data = "customer,date,amount\na,2026-01-02,5\na,2026-02-02,x\nb,2026-02-03,\n"
        got = run_json("retention", "-", stdin=data)
        self.assertEqual(got["rows_bad_amount"], 1)
        self.assertEqual(got["overall"]["events_without_amount"], 1)
        self.assertEqual(got["overall"]["periods"][1]["churned"], 1)
        # --baseline: pooled retention and repeat rate against web, by the pooled z test.
        got = run_json("retention", ORDERS, "--by", "channel", "--baseline", "channel=web")
        seg = {s["key"]["channel"]: s for s in got["segments"]}
        self.assertIsNone(seg["web"]["vs_baseline"])

        def counts(s):
            p = s["periods"]
            return (sum(x["retained"] for x in p[1:]), sum(x["previous_active"] for x in p[1:]))
        (xa, na), (xb, nb) = counts(seg["app"]), counts(seg["web"])
        pooled = (xa + xb) / (na + nb)
        z = (xa / na - xb / nb) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        vs = seg["app"]["vs_baseline"]
        self.assertAlmostEqual(vs["retention_diff"], xa / na - xb / nb, delta=1e-12)
        self.assertAlmostEqual(vs["retention_z"], z, delta=1e-9)
        self.assertAlmostEqual(vs["retention_p"], math.erfc(abs(z) / math.sqrt(2)), delta=1e-9)
        code, out, _ = run("retention", ORDERS, "--by", "channel", "--baseline", "channel=web")
        self.assertIn("Against channel=web", out)
        self.assertEqual(run("retention", ORDERS, "--baseline", "channel=web")[0], 2)
        self.assertEqual(run("retention", ORDERS, "--every", "decade")[0], 2)
        self.assertEqual(run("retention", ORDERS, "--margin-rate", "3")[0], 2)
        self.assertEqual(run("retention", ORDERS, "--customer", "who")[0], 1)
        self.assertEqual(run("retention", "-", stdin="customer_id,order_date\n,x\n")[0], 1)
# ---- contacts ------------------------------------------------------------------------------------
CONTACTS = os.path.join(ROOT, "examples", "data", "contacts.csv")
CONTACTS_DATA = os.path.join(ROOT, "tests", "data", "contacts")
ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?"
                 r"(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$")


def contact_time(cell):
    """Seconds since the epoch (None: missing; math.inf: unreadable), with Python's calendar."""
    s = cell.strip(" \t")
    if s.upper() in ("", "NA", "N/A", "-"):
        return None
    m = ISO.match(s)
    if not m:
        try:
            return float(s)
        except ValueError:
            return math.inf
    y, mo, d, hh, mm, ss, frac, zone = m.groups()
    try:
        t = datetime.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                              tzinfo=datetime.timezone.utc)
    except ValueError:
        return math.inf
    off = 0
    if zone and zone not in "Zz":
        digits = zone[1:].replace(":", "")
        off = (int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60) * (-1 if zone[0] == "-" else 1)
    return t.timestamp() + (float(frac) if frac else 0.0) - off


def resolved_flag(cell):
    s = cell.strip(" \t").lower()
    if s in ("yes", "y", "true", "t", "1", "resolved"):
        return 2
    if s in ("no", "n", "false", "f", "0", "unresolved"):
        return 0
    return 1  # blank or unreadable: unknown (the rank used to break ties)


def wilson(k, n, z=1.959963984540054):
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def quantile7(xs, p):
    """Hyndman & Fan (1996) definition 7 on sorted xs."""
    h = (len(xs) - 1) * p
    lo = math.floor(h)
    return xs[lo] if lo + 1 >= len(xs) else xs[lo] + (h - lo) * (xs[lo + 1] - xs[lo])


def expected_contacts(path, by="issue"):
    """The rules of cx-contacts.h, in Python: {segment or None: figures}."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    cases, excluded = {}, set()
    for r in rows:
        t = contact_time(r["contact_time"])
        if r["case_id"] != "" and (t is None or math.isinf(t)):
            excluded.add(r["case_id"])  # issue 21: the case leaves every case figure
        if r["case_id"] == "" or t is None or math.isinf(t):
            continue
        cases.setdefault(r["case_id"], []).append(
            (t, resolved_flag(r["resolved"]), r["channel"].encode(), r[by].encode()))
    per_case = []
    for case_id, contacts in cases.items():
        if case_id in excluded:
            continue
        contacts.sort()
        yes = [i for i, c in enumerate(contacts) if c[1] == 2]
        per_case.append({
            "segment": contacts[0][3].decode(), "first_channel": contacts[0][2].decode(),
            "n": len(contacts), "fcr": len(contacts) == 1 and contacts[0][1] == 2,
            "resolved": bool(yes),
            "ttr": contacts[yes[0]][0] - contacts[0][0] if yes else None,
            "cross": len({c[2] for c in contacts if c[2]}) >= 2})
    out = {}
    for seg in [None] + sorted({c["segment"] for c in per_case}):
        cs = [c for c in per_case if seg is None or c["segment"] == seg]
        n = len(cs)
        ttr = sorted(c["ttr"] for c in cs if c["resolved"])
        mean = sum(c["n"] for c in cs) / n
        out[seg] = {
            "cases": n, "contacts": sum(c["n"] for c in cs),
            "fcr_cases": sum(c["fcr"] for c in cs),
            "repeat_cases": sum(c["n"] >= 2 for c in cs),
            "cross_channel_cases": sum(c["cross"] for c in cs),
            "resolved_cases": sum(c["resolved"] for c in cs),
            "sd": math.sqrt(sum((c["n"] - mean) ** 2 for c in cs) / (n - 1)),
            "ttr": (len(ttr), quantile7(ttr, 0.5), quantile7(ttr, 0.9), sum(ttr) / len(ttr)),
            "first_channels": {ch: sum(c["first_channel"] == ch for c in cs)
                               for ch in {c["first_channel"] for c in cs}}}
    return out


class ContactsCommand(unittest.TestCase):
    def test_sample_golden_values_from_r(self):
        # tests/data/contacts/sample-expected.txt: Rscript contacts.R on examples/data/contacts.csv
        # (base R; Wilson intervals from prop.test(correct = FALSE), quantile(type = 7)).
        got = run_json("contacts", CONTACTS, "--by", "issue")
        o = got["overall"]
        self.assertEqual((o["cases"], o["contacts"], o["rejected"]), (1497, 2400, 3))
        self.assertEqual((o["cases_excluded"], o["contacts_excluded"]), (2, 2))
        self.assertEqual(o["rejected_by_reason"],
                         {"no_case_id": 1, "order_missing": 1, "order_unreadable": 1})
        self.assertEqual((o["flag_blank"], o["flag_unreadable"]), (3, 1))
        self.assertEqual(o["fcr_cases"], 765)
        self.assertAlmostEqual(o["fcr"], 0.51102204408817631, delta=1e-15)
        self.assertAlmostEqual(o["fcr_ci_lower"], 0.4857040318783043, delta=1e-12)
        self.assertAlmostEqual(o["fcr_ci_upper"], 0.53628363364496157, delta=1e-12)
        self.assertEqual(o["resolved_cases"], 1340)
        self.assertAlmostEqual(o["resolution_rate_ci_lower"], 0.87857824141982988, delta=1e-12)
        self.assertEqual(o["cross_channel_cases"], 434)
        self.assertAlmostEqual(o["cross_channel_ci_upper"], 0.31341181634672277, delta=1e-12)
        self.assertEqual(o["repeat_cases"], 618)
        self.assertAlmostEqual(o["repeat_rate_ci_lower"], 0.38813927895073641, delta=1e-12)
        self.assertEqual((o["fcr_reopened"], o["reopened"], o["resolved_twice"],
                          o["outcome_unknown"]), (37, 59, 24, 1))
        cpc = o["contacts_per_case"]
        self.assertEqual(cpc["distribution"], {"1": 879, "2": 406, "3": 150, "4": 52, "5+": 10})
        self.assertEqual(cpc["max"], 6)
        self.assertAlmostEqual(cpc["mean"], 1.6032064128256514, delta=1e-12)
        self.assertAlmostEqual(cpc["sd"], 0.85683185925773209, delta=1e-12)
        ttr = o["time_to_resolution"]
        self.assertEqual((ttr["unit"], ttr["n"]), ("seconds", 1340))
        self.assertAlmostEqual(ttr["median"], 0.0, delta=1e-9)
        self.assertAlmostEqual(ttr["p90"], 238337.50000000012, delta=1e-6)
        self.assertAlmostEqual(ttr["mean"], 61869.606716417911, delta=1e-6)
        segs = {s["key"]["issue"]: s for s in got["segments"]}
        self.assertEqual(sorted(segs), ["billing", "cancellation", "moving", "technical"])
        t = segs["technical"]
        self.assertEqual((t["cases"], t["contacts"], t["fcr_cases"]), (528, 925, 230))
        self.assertAlmostEqual(t["fcr_ci_lower"], 0.39392854990961196, delta=1e-12)
        self.assertAlmostEqual(t["time_to_resolution"]["p90"], 276754, delta=1e-6)
        self.assertAlmostEqual(segs["cancellation"]["time_to_resolution"]["p90"],
                               203638.80000000002, delta=1e-6)
        ch = {c["channel"]: c for c in got["channels"]}
        s = ch["self-service"]
        self.assertEqual((s["contacts"], s["cases"], s["fcr_cases"], s["repeat_cases"],
                          s["cross_channel_cases"], s["resolved_cases"], s["resolved_here"]),
                         (372, 354, 110, 204, 193, 297, 117))
        self.assertAlmostEqual(s["fcr_ci_lower"], 0.26477298145756689, delta=1e-12)
        self.assertAlmostEqual(s["fcr_ci_upper"], 0.36075950870829682, delta=1e-12)
        self.assertEqual(ch["phone"]["resolved_here"], 690)

    def test_sample_matches_independent_computation(self):
        want = expected_contacts(CONTACTS)
        got = run_json("contacts", CONTACTS, "--by", "issue")
        for seg, figures in [(None, got["overall"])] + [
                (s["key"]["issue"], s) for s in got["segments"]]:
            w = want[seg]
            for key in ("cases", "contacts", "fcr_cases", "repeat_cases", "cross_channel_cases",
                        "resolved_cases"):
                self.assertEqual(figures[key], w[key], f"{seg}: {key}")
            lo, hi = wilson(w["fcr_cases"], w["cases"])
            self.assertAlmostEqual(figures["fcr_ci_lower"], lo, delta=1e-12)
            self.assertAlmostEqual(figures["fcr_ci_upper"], hi, delta=1e-12)
            self.assertAlmostEqual(figures["contacts_per_case"]["sd"], w["sd"], delta=1e-12)
            ttr = figures["time_to_resolution"]
            self.assertEqual(ttr["n"], w["ttr"][0])
            for k, v in zip(("median", "p90", "mean"), w["ttr"][1:]):
                self.assertAlmostEqual(ttr[k], v, delta=1e-6, msg=f"{seg}: {k}")
        for c in got["channels"]:
            self.assertEqual(c["cases"], want[None]["first_channels"].get(c["channel"], 0))

    def test_handbuilt_log_and_time_zones(self):
        # tests/data/contacts/handbuilt-expected.txt (R): C16's first contact is
        # 2026-03-11T01:00:00+02:00, i.e. 23:00Z the day before, so it is a "technical" case.
        got = run_json("contacts", os.path.join(CONTACTS_DATA, "handbuilt.csv"), "--by", "issue")
        self.assertEqual((got["overall"]["cases"], got["overall"]["contacts"]), (16, 31))
        segs = {s["key"]["issue"]: s for s in got["segments"]}
        self.assertEqual(segs["technical"]["cases"], 5)
        self.assertAlmostEqual(segs["technical"]["time_to_resolution"]["mean"],
                               4920.1499999999996, delta=1e-6)
        self.assertAlmostEqual(got["overall"]["fcr_ci_upper"], 0.43008880961974139, delta=1e-12)
        self.assertEqual([c["channel"] for c in got["channels"]],
                         ["", "chat", "email", "phone", "self-service", "store"])
        self.assertAlmostEqual(got["consistency"]["fcr_chi_square"]["df"], 3.0, delta=0)

    def test_row_order_does_not_matter(self):
        with open(CONTACTS, newline="") as f:
            lines = f.read().splitlines(keepends=True)
        body = lines[1:]
        shuffled = body[1::2] + body[0::2]
        shuffled.reverse()
        a = run_json("contacts", "-", "--by", "issue", stdin="".join(lines))
        b = run_json("contacts", "-", "--by", "issue", stdin=lines[0] + "".join(shuffled))
        self.assertEqual(a, b)

    def test_orders_and_usage(self):
        # A sequence column, no durations; the same figures as in time order.
        data = ("case_id,n,channel,resolved\nA,2,phone,yes\nA,1,web,no\nB,1,chat,Y\n"
                "C,1,phone,no\nC,2,phone,no\nD,,chat,yes\nE,x,chat,yes\n")
        got = run_json("contacts", "-", "--sequence", "n", stdin=data)
        self.assertEqual(got["order"], {"kind": "sequence", "column": "n"})
        o = got["overall"]
        self.assertEqual((o["cases"], o["fcr_cases"], o["repeat_cases"], o["resolved_cases"],
                          o["cross_channel_cases"]), (3, 1, 2, 2, 1))
        self.assertEqual(o["rejected_by_reason"]["order_missing"], 1)
        self.assertEqual(o["rejected_by_reason"]["order_unreadable"], 1)
        self.assertIsNone(o["time_to_resolution"])
        # No time column: the rows' order. A then B: A's first row is its first contact.
        got = run_json("contacts", "-", stdin="case_id,channel,resolved\nA,web,no\nA,phone,yes\n")
        self.assertEqual(got["order"], {"kind": "file", "column": None})
        self.assertEqual((got["overall"]["fcr_cases"], got["overall"]["resolved_cases"]), (0, 1))
        self.assertEqual(got["channels"][1]["channel"], "web")
        self.assertEqual(got["channels"][1]["cases"], 1)
        code, out, _ = run("contacts", "-", stdin="case_id,channel,resolved\nA,web,yes\n")
        self.assertEqual(code, 0)
        self.assertNotIn("nan", out.lower())
        got = run_json("contacts", "-", stdin="case_id,channel,resolved\nA,web,yes\n")
        self.assertIsNone(got["overall"]["contacts_per_case"]["sd"])  # one case: no SD
        # Several --by columns; values with commas and quotes come back intact.
        data = ('case_id,contact_time,channel,resolved,region,tier\n'
                'A,2026-01-01 10:00:00,phone,yes,"north, east","a""b"\n'
                'B,2026-01-01 11:00:00,phone,no,south,x\n')
        got = run_json("contacts", "-", "--by", "region,tier", stdin=data)
        self.assertEqual([s["key"] for s in got["segments"]],
                         [{"region": "north, east", "tier": 'a"b'},
                          {"region": "south", "tier": "x"}])
        code, out, err = run("contacts", CONTACTS, "--by", "issue")
        self.assertEqual(code, 0, err)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertIn("Segments differ? (FCR)", out)
        self.assertIn("unreadable time '2026-02-30 14:05:00'", err)
        code, out, _ = run("contacts", CONTACTS, "--by", "issue", "--format", "csv",
                           "--section", "contacts")
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual([r["issue"] for r in rows],
                         ["billing", "cancellation", "moving", "technical", "(all)"])
        self.assertEqual(rows[-1]["fcr_cases"], "765")
        self.assertEqual(run("contacts", CONTACTS, "--time", "t", "--sequence", "n")[0], 2)
        self.assertEqual(run("contacts", CONTACTS, "--level", "2")[0], 2)
        self.assertEqual(run("contacts", CONTACTS, "--format", "xml")[0], 2)
        self.assertEqual(run("contacts", CONTACTS, "--case", "nope")[0], 1)
        self.assertEqual(run("contacts", CONTACTS, "--time", "nope")[0], 1)
        code, _, err = run("contacts", "-", stdin="case_id,channel,resolved\n,phone,yes\n")
        self.assertEqual(code, 1)
        self.assertIn("no case", err)



class ContactsBaseline(unittest.TestCase):
    def test_fcr_against_baseline_segment(self):
        contacts = os.path.join(ROOT, "examples", "data", "contacts.csv")
        got = run_json("contacts", contacts, "--by", "issue", "--baseline", "issue=billing")
        self.assertEqual(got["baseline"], "issue=billing")
        seg = {s["key"]["issue"]: s for s in got["segments"]}
        self.assertIsNone(seg["billing"]["vs_baseline"])
        a, b = seg["technical"], seg["billing"]
        xa, na, xb, nb = a["fcr_cases"], a["cases"], b["fcr_cases"], b["cases"]
        pooled = (xa + xb) / (na + nb)
        z = (xa / na - xb / nb) / math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        vs = a["vs_baseline"]
        self.assertAlmostEqual(vs["fcr_diff"], xa / na - xb / nb, delta=1e-12)
        self.assertAlmostEqual(vs["fcr_z"], z, delta=1e-9)
        self.assertAlmostEqual(vs["fcr_p"], math.erfc(abs(z) / math.sqrt(2)), delta=1e-9)
        self.assertLess(vs["fcr_ci_lower"], vs["fcr_diff"])
        code, out, _ = run("contacts", contacts, "--by", "issue", "--baseline", "issue=billing")
        self.assertEqual(code, 0)
        self.assertIn("Against issue=billing", out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        self.assertEqual(run("contacts", contacts, "--baseline", "issue=billing")[0], 2)

COMMANDS = ("nps", "servqual", "csat", "ces", "loyalty", "drivers", "trend", "retention",
            "contacts", "clv")


def options_of(cmd):
    """{long name: short letter or None} from the command's --help-all."""
    code, out, err = run(cmd, "--help-all")
    assert code == 0, err
    opts = {}
    for m in re.finditer(r"^  (?:-(\w), )?--([a-z][a-z0-9-]*)", out, re.M):
        if m.group(2) not in ("help", "help-all"):
            opts[m.group(2)] = m.group(1)
    return opts


class Conventions(unittest.TestCase):
    def test_help_fits_80_columns_and_names_the_command(self):
        for cmd in COMMANDS:
            code, out, err = run(cmd, "--help-all")
            self.assertEqual(code, 0, err)
            self.assertIn(f"cxscore {cmd} [OPTION", out)
            for line in out.splitlines():
                self.assertLessEqual(len(line), 80, f"{cmd}: {line}")
        code, out, _ = run("--help")
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)

    def test_no_long_option_declared_twice(self):
        # GOption lets a later group shadow an option of the same name: the command's own
        # --missing (listwise/pairwise) and the input group's markers once collided.
        for cmd in COMMANDS:
            code, out, err = run(cmd, "--help-all")
            self.assertEqual(code, 0, err)
            names = re.findall(r"^[ \t]+(?:-\w, )?--([\w-]+)(?:=\S+)?[ \t]{2,}\S", out, re.M)
            dups = sorted({n for n in names if names.count(n) > 1})
            self.assertEqual(dups, [], f"{cmd}: declared more than once: {dups}")

    def test_one_meaning_per_short_option(self):
        meaning = {}
        for cmd in COMMANDS:
            for name, short in options_of(cmd).items():
                if short:
                    self.assertEqual(meaning.setdefault(short, name), name,
                                     f"-{short} is --{meaning[short]} and --{name} ({cmd})")
        self.assertEqual(meaning["d"], "delimiter")
        self.assertNotIn("delimiter", options_of("clv"))  # clv reads no CSV

    def test_enum_values_in_any_case(self):
        for args in (("nps", SAMPLE, "--format", "JSON"), ("nps", SAMPLE, "--method", "Wald"),
                     ("trend", SAMPLE, "--every", "Quarter", "--index", "CSAT"),
                     ("csat", SAMPLE, "--format", "Csv"), ("nps", SAMPLE, "-d", "TAB")):
            code, out, err = run(*args)
            self.assertIn(code, (0, 1) if "TAB" in args else (0,), f"{args}: {err}")
        self.assertEqual(run("nps", SAMPLE, "--format", "JSON")[1],
                         run("nps", SAMPLE, "--format", "json")[1])

    def test_did_you_mean(self):
        code, _, err = run("nps", SAMPLE, "--levle", "0.9")
        self.assertEqual(code, 2)
        self.assertIn("cxscore nps: did you mean --level?", err)
        code, _, err = run("nps", SAMPLE, "--by", "chanel")
        self.assertEqual(code, 1)
        self.assertIn("cxscore nps: did you mean 'channel'?", err)
        # A column is found by its question text too, case-insensitively (docs/input.md), so
        # another case of an existing name is that column, not an error.
        self.assertEqual(run("nps", SAMPLE, "--by", "Channel", "--format", "json")[1],
                         run("nps", SAMPLE, "--by", "channel", "--format", "json")[1])
        code, _, err = run("nps", SAMPLE, "--zzzzzz")
        self.assertNotIn("did you mean", err)
        code, _, err = run("trnd", SAMPLE)
        self.assertEqual(code, 2)
        self.assertIn("cxscore: unknown command 'trnd' (did you mean 'trend'?)", err)

    def test_column_names_are_the_files_bytes_whatever_the_locale(self):
        data = "région,score\nnord,9\nsud,3\n".encode()
        for lang in ("C", "POSIX", "C.UTF-8"):
            env = dict(os.environ, LANG=lang, LC_ALL=lang)
            p = subprocess.run([CXSCORE, "nps", "-", "--by", "région", "--format", "json"],
                               input=data, capture_output=True, env=env, timeout=60)
            self.assertEqual(p.returncode, 0, (lang, p.stderr))
            rows = json.loads(p.stdout)["sections"][0]["rows"]
            self.assertEqual([r["région"] for r in rows], ["nord", "sud", "(all)"])


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
