#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""cxscore nps, csat, ces, loyalty and trend with --variance design / --strata / --cluster
against R's survey package.

Usage: test_design.py PATH/TO/cxscore SOURCE_ROOT

The figures come from tests/data/survey/: synthetic.csv (a 12-stratum, 53-cluster NPS survey
with blank answers and a zero weight), expected.csv (survey-reference.R: svymean of the NPS code
+100/0/-100 for weights only, strata, clusters and both) and cli-expected.csv (cli-reference.R:
the same designs with svyby() over the segments of the `rating` column, each a domain of the
whole design). Intervals and baseline comparisons are checked from R's SEs by their formulas:
Wald is NPS +/- z*SE, a comparison's SE is sqrt(SE_a^2 + SE_b^2) (docs/design.md).

csat, ces and loyalty (class Indices) read indices.csv and compare with cli-expected-indices.csv
(both written by the second part of cli-reference.R): the mean, good-band and top-box shares of
a 1-5 and a 1-7 answer and the two loyalty indices, per design and per segment, with their
intervals (t on R's degf(), Wilson on the effective n) and the baseline comparisons.

trend (class Trend) reads trend.csv, indices.csv with a date column, and compares each month,
overall and by region, with trend-expected.csv (trend-reference.R: svyby() over the months).
"""
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import unittest

from cli_report import nps_view

CXSCORE = sys.argv[1] if len(sys.argv) > 1 else "cxscore"
ROOT = sys.argv[2] if len(sys.argv) > 2 else "."
SURVEY = os.path.join(ROOT, "tests", "data", "survey")
TOL = 1e-9

# The test's designs: the CLI's options, R's case names in the two expected files.
DESIGNS = {
    "weights": ["--variance", "design"],
    "strata": ["--strata", "stratum"],
    "cluster": ["--cluster", "cluster_id"],
    "strata-cluster": ["--strata", "stratum", "--cluster", "cluster"],
}


def run(*args, stdin=None):
    p = subprocess.run([CXSCORE, *args], input=stdin, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def read_rows(name):
    with open(os.path.join(SURVEY, name), newline="") as f:
        return list(csv.DictReader(f))


def close(test, got, want, what):
    test.assertIsNotNone(got, what)
    test.assertLessEqual(abs(got - want), TOL * max(1.0, abs(want)),
                         f"{what}: expected {want!r}, got {got!r}")


class Design(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # synthetic.csv with R's cluster_id (stratum/cluster): clusters without strata need a
        # key that is unique in the sample, as survey-reference.R builds it.
        cls.tmp = tempfile.TemporaryDirectory()
        rows = read_rows("synthetic.csv")
        cls.rows = rows
        cls.data = os.path.join(cls.tmp.name, "synthetic.csv")
        cls.write(cls.data, rows)
        cls.expected = {}
        for r in read_rows("cli-expected.csv"):
            cls.expected.setdefault(r["case"], {})[r["segment"]] = (float(r["nps"]),
                                                                    float(r["se"]))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @staticmethod
    def write(path, rows):
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["stratum", "cluster", "cluster_id", "w", "nps", "rating"])
            for r in rows:
                w.writerow([r["stratum"], r["cluster"], f"{r['stratum']}/{r['cluster']}",
                            r["w"], r["nps"], r["rating"]])

    def nps(self, *args, path=None):
        code, out, err = run("nps", path or self.data, "--column", "nps", "--format", "json",
                             *args)
        self.assertEqual(code, 0, err)
        return nps_view(json.loads(out)), err

    def test_overall_matches_svymean_for_each_design(self):
        ref = {r["case"]: r for r in read_rows("expected.csv") if r["variable"] == "nps100"}
        for case, opts in DESIGNS.items():
            with self.subTest(case=case):
                got, _ = self.nps("--weight", "w", *opts)
                want = ref["syn-" + case]
                o = got["overall"]
                close(self, o["nps"], float(want["mean"]), f"{case} NPS")
                close(self, o["se"], float(want["se"]), f"{case} SE")
                self.assertEqual(got["variance"], "design")
                self.assertEqual(got["strata"], "stratum" if "strata" in case else None)

    def test_segments_baseline_and_wald_intervals_match_svyby(self):
        z = statistics.NormalDist().inv_cdf(0.975)
        for case, opts in DESIGNS.items():
            with self.subTest(case=case):
                got, _ = self.nps("--weight", "w", "--by", "rating", "--baseline", "rating=3",
                                  "--method", "wald", *opts)
                want = self.expected[case]
                rows = {s["key"]["rating"]: s for s in got["segments"]}
                rows["(all)"] = got["overall"]
                self.assertEqual(sorted(rows), sorted(want))
                for seg, (nps, se) in want.items():
                    r = rows[seg]
                    close(self, r["nps"], nps, f"{case} segment {seg} NPS")
                    close(self, r["se"], se, f"{case} segment {seg} SE")
                    close(self, r["ci_lower"], nps - z * se, f"{case} segment {seg} lower")
                    close(self, r["ci_upper"], nps + z * se, f"{case} segment {seg} upper")
                base_nps, base_se = want["3"]
                for seg, s in rows.items():
                    if seg in ("(all)", "3"):
                        continue
                    vs = s["vs_baseline"]
                    nps, se = want[seg]
                    close(self, vs["diff"], nps - base_nps, f"{case} {seg} - 3")
                    close(self, vs["se"], math.hypot(se, base_se), f"{case} {seg} - 3 SE")
                    close(self, vs["ci_lower"], nps - base_nps - z * math.hypot(se, base_se),
                          f"{case} {seg} - 3 lower")

    def test_default_is_kish_and_the_name_is_case_insensitive(self):
        kish, _ = self.nps("--weight", "w")
        self.assertEqual(kish["variance"], "kish")
        ref = self.expected["weights"]["(all)"]
        self.assertGreater(abs(kish["overall"]["se"] - ref[1]), 1e-3)  # not the design's
        got, _ = self.nps("--weight", "w", "--variance", "DeSiGn")
        close(self, got["overall"]["se"], ref[1], "--variance DeSiGn SE")
        same, _ = self.nps("--weight", "w", "--variance", "KISH")
        self.assertEqual(same["overall"]["se"], kish["overall"]["se"])

    def test_threads_fall_back_to_one_with_a_design(self):
        opts = ["--strata", "stratum", "--cluster", "cluster", "--by", "rating"]
        one = run("nps", self.data, "--column", "nps", "--format", "csv", "--threads", "1",
                  *opts)
        four = run("nps", self.data, "--column", "nps", "--format", "csv", "--threads", "4",
                   *opts)
        self.assertEqual(one[0], 0, one[2])
        self.assertEqual(four, one)

    def test_table_says_which_variance(self):
        code, out, err = run("nps", self.data, "--column", "nps", "--strata", "stratum",
                             "--cluster", "cluster")
        self.assertEqual(code, 0, err)
        self.assertIn("variance design, strata stratum, cluster cluster", out)
        self.assertIn("SE by the design (linearization, strata stratum, clusters cluster)", out)


def sections_of(out):
    return {s["name"]: s["rows"] for s in json.loads(out)["sections"]}


class Indices(unittest.TestCase):
    """csat, ces and loyalty with --variance design / --strata / --cluster against R."""

    @classmethod
    def setUpClass(cls):
        cls.data = os.path.join(SURVEY, "indices.csv")
        cls.expected = {}
        for r in read_rows("cli-expected-indices.csv"):
            cls.expected[(r["case"], r["command"], r["segment"], r["variable"])] = {
                k: float(r[k]) for k in ("mean", "se", "df", "lower", "upper")}

    def want(self, case, command, segment, variable):
        return self.expected[(case, command, segment, variable)]

    def run_json(self, command, *args):
        code, out, err = run(command, self.data, "--weight", "w", "--format", "json",
                             "--by", "region", "--baseline", "region=north", *args)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_csat_and_ces_match_svymean_and_svyby(self):
        for command, column in (("csat", "rating"), ("ces", "ces")):
            for case, opts in DESIGNS.items():
                with self.subTest(command=command, case=case):
                    doc = self.run_json(command, "--column", column, *opts)
                    self.assertEqual(doc["settings"]["variance"], "design")
                    rows = {r["region"] or "(all)": r for r in sections_of(
                        json.dumps(doc))["rating"]}
                    for seg, r in rows.items():
                        what = f"{command} {case} {seg}"
                        m = self.want(case, command, seg, "mean")
                        close(self, r["mean"], m["mean"], what + " mean")
                        close(self, r["se"], m["se"], what + " SE")
                        close(self, r["mean_ci_lower"], m["lower"], what + " mean lower")
                        close(self, r["mean_ci_upper"], m["upper"], what + " mean upper")
                        for share in ("good", "top_box"):
                            s = self.want(case, command, seg, share)
                            close(self, r[share], s["mean"], f"{what} {share}")
                            close(self, r[share + "_ci_lower"], s["lower"], f"{what} {share} lower")
                            close(self, r[share + "_ci_upper"], s["upper"], f"{what} {share} upper")
                    base = self.want(case, command, "north", "mean")
                    for v in sections_of(json.dumps(doc))["baseline"]:
                        seg = v["region"]
                        if seg == "north":
                            continue
                        m = self.want(case, command, seg, "mean")
                        close(self, v["mean_diff"], m["mean"] - base["mean"], f"{what} diff")
                        close(self, v["mean_se"], math.hypot(m["se"], base["se"]),
                              f"{command} {case} {seg} - north SE")

    def test_loyalty_matches_svymean_and_svyby_listwise(self):
        for case, opts in DESIGNS.items():
            with self.subTest(case=case):
                doc = self.run_json("loyalty", "--recommend", "nps", *opts)
                self.assertEqual(doc["settings"]["missing_mode"], "listwise")
                secs = sections_of(json.dumps(doc))
                rows = {r["region"] or "(all)": r for r in secs["loyalty"]}
                self.assertEqual(sorted(rows), ["(all)", "east", "north", "west"])
                for seg, r in rows.items():
                    for index in ("mean_index", "net_index"):
                        w = self.want(case, "loyalty", seg, index)
                        what = f"loyalty {case} {seg} {index}"
                        close(self, r[index], w["mean"], what)
                        close(self, r[index + "_ci_lower"], w["lower"], what + " lower")
                        close(self, r[index + "_ci_upper"], w["upper"], what + " upper")
                for v in secs["baseline"]:
                    seg = v["region"]
                    if seg == "north":
                        continue
                    for index, key in (("mean_index", "mean"), ("net_index", "net")):
                        a = self.want(case, "loyalty", seg, index)
                        b = self.want(case, "loyalty", "north", index)
                        what = f"loyalty {case} {seg} - north {index}"
                        close(self, v[key + "_diff"], a["mean"] - b["mean"], what)
                        close(self, v[key + "_se"], math.hypot(a["se"], b["se"]), what + " SE")

    def test_loyalty_with_a_design_refuses_pairwise(self):
        code, out, err = run("loyalty", self.data, "--recommend", "nps", "--strata", "stratum",
                             "--missing", "pairwise")
        self.assertEqual(code, 2, err)
        self.assertIn("--missing pairwise has no design variance", err)
        self.assertEqual(out, "")

    def test_default_stays_kish(self):
        for command, args in (("csat", ["--column", "rating"]), ("ces", ["--column", "ces"]),
                              ("loyalty", ["--recommend", "nps", "--missing", "listwise"])):
            with self.subTest(command=command):
                code, out, err = run(command, self.data, "--weight", "w", "--format", "json",
                                     *args)
                self.assertEqual(code, 0, err)
                doc = json.loads(out)
                self.assertEqual((doc["settings"]["variance"], doc["settings"]["strata"]),
                                 ("kish", None))
        code, out, err = run("csat", self.data, "--column", "rating", "--weight", "w",
                             "--format", "json")
        r = sections_of(out)["rating"][0]
        self.assertGreater(abs(r["se"] - self.want("weights", "csat", "(all)", "mean")["se"]),
                           1e-4)  # Kish's SE, not the design's

    def test_blank_design_keys_and_single_psu(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.csv")
            with open(path, "w") as f:
                f.write("csat,score,repurchase,cross_buy,s,c\n5,9,9,9,a,1\n2,3,4,5,a,2\n"
                        "4,10,8,7,b,1\n3,6,7,8,b,2\n1,0,0,0,,1\n")
            for command in ("csat", "loyalty"):
                with self.subTest(command=command):
                    code, out, err = run(command, path, "--format", "json", "--strata", "s",
                                         "--cluster", "c")
                    self.assertEqual(code, 0, err)
                    self.assertEqual(sections_of(out)["unscored"][0]["no_design_key"], 1)
                    self.assertIn("1 row with a blank --strata or --cluster cell rejected", err)
                    code, out, err = run(command, path, "--strata", "csat")
                    self.assertEqual(code, 1, err)
                    self.assertIn("has a single primary sampling unit (one row)", err)
                    self.assertEqual(out, "")


class Trend(unittest.TestCase):
    """cxscore trend with a design: each month a domain of the whole sample, against svyby()
    (trend.csv and trend-expected.csv, written by trend-reference.R)."""

    Z95 = 1.959963984540054

    @classmethod
    def setUpClass(cls):
        cls.data = os.path.join(SURVEY, "trend.csv")
        cls.expected = {(r["case"], r["index"], r["segment"], r["period"]):
                        (float(r["value"]), float(r["se"]))
                        for r in read_rows("trend-expected.csv")}

    def run_json(self, *args):
        code, out, err = run("trend", self.data, "--weight", "w", "--format", "json", *args)
        self.assertEqual(code, 0, err)
        return json.loads(out)

    def test_nps_by_month_and_by_region_match_svyby(self):
        for case, opts in DESIGNS.items():
            with self.subTest(case=case):
                doc = self.run_json("--column", "nps", "--by", "region", *opts)
                self.assertEqual(doc["settings"]["variance"], "design")
                rows = sections_of(json.dumps(doc))["periods"]
                self.assertEqual(len(rows), 16)  # 3 regions and the whole, 4 months each
                prev = {}
                for r in rows:
                    r["segment"] = r["region"]  # "(all)" for the whole sample
                    value, se = self.expected[(case, "nps", r["segment"], r["period"])]
                    what = f"{case} {r['segment']} {r['period']}"
                    close(self, r["nps"], value, what + " nps")
                    close(self, r["se"], se, what + " se")
                    if r["segment"] in prev:  # the change: the two SEs as independent
                        pv, pse = prev[r["segment"]]
                        close(self, r["change"], value - pv, what + " change")
                        close(self, r["change_se"], math.hypot(se, pse), what + " change se")
                    prev[r["segment"]] = (value, se)

    def test_csat_mean_and_good_share_match_svyby(self):
        for case, opts in DESIGNS.items():
            with self.subTest(case=case):
                doc = self.run_json("--index", "csat", "--column", "rating", *opts)
                prev = None
                for r in sections_of(json.dumps(doc))["periods"]:
                    what = f"{case} {r['period']}"
                    mean, se = self.expected[(case, "csat", "(all)", r["period"])]
                    good, good_se = self.expected[(case, "csat-good", "(all)", r["period"])]
                    close(self, r["mean"], mean, what + " mean")
                    close(self, r["good"], good, what + " good")
                    # Wilson's interval on the effective n p(1 - p)/se^2 (Korn & Graubard)
                    n, z = good * (1 - good) / good_se ** 2, self.Z95
                    mid = (good + z * z / (2 * n)) / (1 + z * z / n)
                    half = z * math.sqrt(good * (1 - good) / n + z * z / (4 * n * n)) / (1 + z * z / n)
                    close(self, r["good_ci_lower"], mid - half, what + " good lower")
                    close(self, r["good_ci_upper"], mid + half, what + " good upper")
                    if prev:  # Welch's t of the change uses the design SEs
                        close(self, r["change_t"], (mean - prev[0]) / math.hypot(se, prev[1]),
                              what + " change t")
                    prev = (mean, se)

    def test_default_stays_kish_and_blank_keys_are_counted(self):
        doc = self.run_json("--column", "nps")
        self.assertEqual(doc["settings"]["variance"], "kish")
        self.assertNotIn("no_design_key", sections_of(json.dumps(doc))["unscored"][0])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f.csv")
            with open(path, "w") as f:
                f.write("date,score,s,c\n2026-01-02,9,a,1\n2026-01-03,3,a,2\n"
                        "2026-01-04,10,b,1\n2026-01-05,6,b,2\n2026-01-06,0,,1\n")
            code, out, err = run("trend", path, "--format", "json", "--strata", "s",
                                 "--cluster", "c")
            self.assertEqual(code, 0, err)
            self.assertEqual(sections_of(out)["unscored"][0]["no_design_key"], 1)
            self.assertIn("5 rows = 4 scored + 0 missing + 1 rejected", err)
            code, out, err = run("trend", path, "--strata", "score")
            self.assertEqual(code, 1, err)
            self.assertIn("has a single primary sampling unit (one row)", err)


class DesignBadInput(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def file(self, text):
        path = os.path.join(self.tmp.name, f"f{id(text)}.csv")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_usage_errors_exit_2(self):
        data = self.file("score,s,c\n9,a,1\n")
        for args, message in [
                (["--variance", "kish", "--strata", "s"], "--variance kish ignores the design"),
                (["--variance", "kish", "--cluster", "c"], "drop --cluster"),
                (["--variance", "taylor"], "unknown --variance 'taylor'"),
        ]:
            with self.subTest(args=args):
                code, out, err = run("nps", data, *args)
                self.assertEqual(code, 2, err)
                self.assertIn(message, err)
                self.assertEqual(out, "")

    def test_no_such_design_column_exits_1(self):
        code, _, err = run("nps", self.file("score,s\n9,a\n"), "--strata", "region")
        self.assertEqual(code, 1)
        self.assertIn("region", err)

    def test_blank_stratum_or_cluster_rows_are_counted_and_in_no_figure(self):
        rows = "9,a,1\n3,a,2\n10,b,1\n7,b,2\n8,b,3\n"
        clean = self.file("score,s,c\n" + rows)
        dirty = self.file("score,s,c\n" + rows + "0,,1\n10,a,\n")
        args = ["--format", "json", "--strata", "s", "--cluster", "c"]
        code, out, err = run("nps", clean, *args)
        self.assertEqual(code, 0, err)
        want = nps_view(json.loads(out))["overall"]
        code, out, err = run("nps", dirty, *args)
        self.assertEqual(code, 0, err)
        doc = json.loads(out)
        got = nps_view(doc)["overall"]
        self.assertEqual((got["n"], got["nps"], got["se"]), (want["n"], want["nps"], want["se"]))
        unscored = {s["name"]: s["rows"] for s in doc["sections"]}["unscored"][0]
        self.assertEqual(unscored["no_design_key"], 2)
        self.assertEqual(unscored["rejected"], 2)
        self.assertIn("2 rows with a blank --strata or --cluster cell rejected", err)
        self.assertIn("7 rows = 5 scored + 0 missing + 2 rejected + 0 malformed", err)

    def test_a_stratum_with_one_psu_is_an_error_naming_it(self):
        data = self.file("score,s,c\n9,a,1\n3,a,2\n10,b,1\n7,b,1\n")
        code, out, err = run("nps", data, "--strata", "s", "--cluster", "c")
        self.assertEqual(code, 1)
        self.assertIn("stratum 'b' of column 's' has a single primary sampling unit "
                      "(cluster '1')", err)
        self.assertEqual(out, "")
        code, out, err = run("nps", data, "--strata", "c")
        self.assertEqual(code, 1)
        self.assertIn("stratum '2' of column 'c' has a single primary sampling unit (one row)",
                      err)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
