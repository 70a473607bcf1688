# SPDX-License-Identifier: MIT
"""Design-based variance from Python, against R's survey package (tests/data/survey/: the R
script survey-reference.R, its data and its output expected.csv)."""
import csv
import math
import pickle

import pytest

import cxscore
from refdata import data_path


def _rows(name):
    with open(data_path("survey", name)) as f:
        return list(csv.DictReader(f))


def _expected():
    return {(r["case"], r["variable"]): r for r in _rows("expected.csv")}


EXPECTED = _expected()
SYN = _rows("synthetic.csv")


def _close(actual, expected):
    assert math.isclose(actual, float(expected), rel_tol=1e-9, abs_tol=1e-12), (actual, expected)


def test_api_stratified_and_clustered_means_match_r():
    api = _rows("apistrat.csv")
    for case, strata, clusters in [("api-weights", False, False), ("api-strata", True, False),
                                   ("api-cluster", False, True),
                                   ("api-strata-cluster", True, True)]:
        d = cxscore.Design(1, clustered=clusters)
        d.extend([float(r["api00"]) for r in api], [float(r["pw"]) for r in api],
                 [r["stype"] for r in api] if strata else None,
                 [r["dnum"] for r in api] if clusters else None)
        m = d.mean(0)
        ref = EXPECTED[(case, "api00")]
        _close(m.mean, ref["mean"])
        _close(m.se, ref["se"])
        assert m.df == float(ref["df"])


def test_nps_design_matches_r_and_intervals_follow():
    scores = [None if r["nps"] == "" else int(r["nps"]) for r in SYN]
    weights = [float(r["w"]) for r in SYN]
    strata = [r["stratum"] for r in SYN]
    clusters = [r["cluster"] for r in SYN]
    r = cxscore.nps_design(scores, weights, strata, clusters, method="wald")
    ref = EXPECTED[("syn-strata-cluster", "nps100")]
    _close(r.nps, ref["mean"])
    _close(r.se, ref["se"])
    z = 1.959963984540054
    _close(r.ci_lower, float(ref["mean"]) - z * float(ref["se"]))
    kish = cxscore.nps(scores, weights, method="wald")
    assert kish.se != pytest.approx(r.se, rel=1e-3)
    tango = cxscore.nps_design(scores, weights, strata, clusters)
    assert tango.method == "tango" and tango.ci_lower < tango.nps < tango.ci_upper
    # Weights only: svydesign(ids = ~1, weights = ~w).
    _close(cxscore.nps_design(scores, weights).se, EXPECTED[("syn-weights", "nps100")]["se"])


def test_rating_design_matches_r():
    values = [int(r["rating"]) for r in SYN]
    weights = [float(r["w"]) for r in SYN]
    strata = [r["stratum"] for r in SYN]
    r = cxscore.rating_design(values, weights, strata)
    _close(r.se, EXPECTED[("syn-strata", "rating")]["se"])
    _close(r.good, EXPECTED[("syn-strata", "good")]["mean"])
    assert r.good_ci_lower < r.good < r.good_ci_upper


INDICES = _rows("indices.csv")
INDEX_EXPECTED = {(r["case"], r["command"], r["variable"]): r
                  for r in _rows("cli-expected-indices.csv") if r["segment"] == "(all)"}
DESIGNS = {"weights": (None, None),
           "strata": ([r["stratum"] for r in INDICES], None),
           "cluster": (None, [r["cluster_id"] for r in INDICES]),
           "strata-cluster": ([r["stratum"] for r in INDICES], [r["cluster"] for r in INDICES])}


@pytest.mark.parametrize("case", sorted(DESIGNS))
@pytest.mark.parametrize("preset,column", [("csat", "rating"), ("ces", "ces")])
def test_rating_design_agrees_with_r_and_the_cli_reference(case, preset, column):
    # cli-reference.R's figures for `cxscore csat/ces` (tests/cli/test_design.py), here from
    # Python: the same library calls, the same intervals.
    values = [None if r[column] == "" else int(r[column]) for r in INDICES]
    weights = [float(r["w"]) for r in INDICES]
    r = cxscore.rating_design(values, weights, *DESIGNS[case], preset=preset)
    for name, mean, lower, upper in [("mean", r.mean, r.mean_ci_lower, r.mean_ci_upper),
                                     ("good", r.good, r.good_ci_lower, r.good_ci_upper),
                                     ("top_box", r.top_box, r.top_box_ci_lower,
                                      r.top_box_ci_upper)]:
        ref = INDEX_EXPECTED[(case, preset, name)]
        _close(mean, ref["mean"])
        _close(lower, ref["lower"])
        _close(upper, ref["upper"])
    _close(r.se, INDEX_EXPECTED[(case, preset, "mean")]["se"])


@pytest.mark.parametrize("case", sorted(DESIGNS))
def test_loyalty_design_agrees_with_r_and_the_cli_reference(case):
    rows = [tuple(None if r[c] == "" else int(r[c]) for c in ("nps", "repurchase", "cross_buy"))
            for r in INDICES]
    weights = [float(r["w"]) for r in INDICES]
    r = cxscore.loyalty_design(rows, weights, *DESIGNS[case])
    for name in ("mean_index", "net_index"):
        ref = INDEX_EXPECTED[(case, "loyalty", name)]
        _close(getattr(r, name), ref["mean"])
        _close(getattr(r, name + "_se"), ref["se"])
        _close(getattr(r, name + "_ci_lower"), ref["lower"])
        _close(getattr(r, name + "_ci_upper"), ref["upper"])


def test_design_accumulator_merges_pickles_and_reports_bad_rows():
    a = cxscore.Design(2)
    b = cxscore.Design(2)
    a.add([1.0, None], 2.0, stratum="x")
    a.add([3.0, 1.0], 1.0, stratum="x")
    b.add([2.0, 0.0], 1.0, stratum="y")
    b.add([5.0, 1.0], 3.0, stratum="y")
    b.add([5.0, 1.0], -1.0, stratum="y")
    assert b.rejected_weights == 1
    both = a + b
    back = pickle.loads(pickle.dumps(both))
    assert back.variables == 2 and back.clustered is False
    assert back.mean(0) == both.mean(0)
    assert both.mean(1).missing == 1
    with pytest.raises(cxscore.UndefinedError):
        cxscore.Design(1).add(1.0, 1.0, "x").add(2.0, 1.0, "x").add(3.0, 1.0, "y").mean(0)
    with pytest.raises(ValueError):
        a.add([1.0])
    with pytest.raises(cxscore.InvalidArgumentError):
        a.add([1.0, 2.0], cluster="c")
    assert cxscore.variance_method("DESIGN") == "design"
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.variance_method("bootstrap")


def test_loyalty_design_carries_the_design_se():
    rows, weights, strata = [], [], []
    for i, r in enumerate(SYN):
        score = None if r["nps"] == "" else int(r["nps"])
        rating = int(r["rating"])
        rows.append((score, min(10, 2 * rating), (3 * rating + i) % 11))
        weights.append(float(r["w"]))
        strata.append(r["stratum"])
    res = cxscore.loyalty_design(rows, weights, strata)
    d = cxscore.Design(1)
    for (a, b, c), w, s in zip(rows, weights, strata):
        d.add(None if a is None else 10.0 * (a + b + c) / 3.0, w, s)
    m = d.mean(0)
    _close(res.mean_index, m.mean)
    _close(res.mean_index_se, m.se)
    kish = cxscore.loyalty_index(rows, weights, missing="listwise")
    assert kish.mean_index_se != pytest.approx(res.mean_index_se, rel=1e-6)


def test_domain_mean_matches_r_subset():
    whole = cxscore.Design(1, clustered=True)
    segment = cxscore.Design(1, clustered=True)
    for r in SYN:
        code = None if r["nps"] == "" else (100.0 if int(r["nps"]) >= 9 else
                                            (0.0 if int(r["nps"]) >= 7 else -100.0))
        whole.add(code, float(r["w"]), r["stratum"], r["cluster"])
        if int(r["rating"]) >= 4:
            segment.add(code, float(r["w"]), r["stratum"], r["cluster"])
    ref = EXPECTED[("dom-strata-cluster", "nps100")]
    m = segment.mean(0, within=whole)
    _close(m.mean, ref["mean"])
    _close(m.se, ref["se"])
    assert m.df == float(ref["df"])
    with pytest.raises(cxscore.MismatchError):
        whole.mean(0, within=cxscore.Design(1, clustered=False))
