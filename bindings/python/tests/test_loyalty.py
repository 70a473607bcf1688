# SPDX-License-Identifier: MIT
"""Rating scales, loyalty index, segment tests and customer value through Python against
tests/data/reference/LOYALTY.md's test vectors (data/reference.json, section "loyalty")."""
import math
import pickle
import statistics

import pytest

import cxscore
from refdata import REFERENCE, assert_same_figures, number

REF = REFERENCE["loyalty"]
TOL = 1e-11     # LOYALTY.md prints 12 significant digits
T_TOL = 5e-11   # its t bounds came from scipy's t.ppf, ~2.5e-11 off at 9 df (docs/loyalty.md)


def test_wilson_reference():
    first = REF["wilson"][0]
    lo, hi = cxscore.wilson_interval(first["successes"], first["n"])
    assert (lo, hi) == pytest.approx(tuple(first["ci"]), abs=TOL)
    assert first["successes"] / first["n"] == pytest.approx(first["share"], abs=TOL)
    for case in REF["wilson"][1:]:
        lo, hi = cxscore.wilson_interval(case["successes"], case["n"])
        assert (lo, hi) == pytest.approx(tuple(case["ci"]), abs=TOL)
    assert cxscore.wilson_interval(0, 20)[0] == 0.0 and cxscore.wilson_interval(20, 20)[1] == 1.0
    with pytest.raises(cxscore.EmptyError):
        cxscore.wilson_interval(1, 0)
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.wilson_interval(21, 20)


@pytest.mark.parametrize("kind", ["csat", "ces"])
def test_rating_reference(kind):
    ref = REF[kind]
    r = getattr(cxscore, kind)(ref["answers"])
    assert r.n == len(ref["answers"])
    assert r.mean == pytest.approx(ref["mean"], abs=1e-14)
    assert r.sd == pytest.approx(ref["sd"], abs=TOL)
    assert (r.mean_ci_lower, r.mean_ci_upper) == pytest.approx(tuple(ref["mean_ci"]), abs=T_TOL)
    assert r.good == pytest.approx(number(ref["good"]), abs=1e-15)
    assert (r.good_ci_lower, r.good_ci_upper) == pytest.approx(tuple(ref["good_ci"]), abs=TOL)
    # The same through the accumulator, one answer at a time, as text cells, and as a custom
    # scale with the preset's bounds.
    acc = cxscore.Rating.preset(kind)
    for a in ref["answers"]:
        acc.add(str(a))
    assert acc.result() == r
    low, high = (1, 5) if kind == "csat" else (1, 7)
    good = (4, 5) if kind == "csat" else (5, 7)
    assert cxscore.Rating(low, high, good=good, top=high).extend(ref["answers"]).result() == r


def test_csat_help_page():
    # LOYALTY.md: 74 of 107 answers were 4 or 5 -> CSAT 69.16 %.
    ref = REF["csat_help_page"]
    answers = [5] * ref["good_answers"] + [2] * (ref["n"] - ref["good_answers"])
    assert 100 * cxscore.csat(answers).good == pytest.approx(ref["csat_percent"], abs=0.005)


def test_rating_counts_and_errors():
    r = cxscore.Rating.csat()
    r.extend([5, 4, "4", 6, 4.5, "x", None, "N/A"], weights=[1, 1, 1, 1, 1, 1, 1, 1])
    r.add(3, weight=-2)
    r.add(3, weight=math.nan)
    res = r.result()
    assert (res.n, res.missing, res.rejected_out_of_range, res.rejected_not_integer,
            res.rejected_not_a_number) == (3, 2, 1, 1, 1)
    assert (res.rejected_weight_negative, res.rejected_weight_invalid) == (1, 1)
    assert (res.scale_min, res.scale_max, res.good_min, res.good_max, res.top) == (1, 5, 4, 5, 5)
    assert r.count(4) == 2 and r.distribution() == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    ces1 = cxscore.Rating.preset("CES1").extend([1, 2, 5]).result()
    assert (ces1.good_min, ces1.good_max, ces1.top) == (1, 2, 1)
    assert ces1.good == pytest.approx(2 / 3)
    back = pickle.loads(pickle.dumps(r))
    assert back.result() == res
    assert (r + back).result().n == 6
    with pytest.raises(cxscore.MismatchError):
        r.merge(cxscore.Rating.ces())
    with pytest.raises(cxscore.EmptyError) as e:
        cxscore.Rating(0, 10).result()
    assert e.value.result.scale_max == 10
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.Rating.preset("nps")
    with pytest.raises(ValueError):
        cxscore.Rating(1, 5, good=(4, 6))
    with pytest.raises(cxscore.InvalidArgumentError):
        r.count(0)


def test_loyalty_index_reference():
    ref = REF["loyalty_index"]
    r = cxscore.loyalty_index(ref["respondents"])
    assert r.item_mean == pytest.approx(tuple(ref["item_mean"]), abs=1e-13)
    assert r.mean_index == pytest.approx(ref["mean_index"], abs=1e-11)
    # item_net is in points; LOYALTY.md gives proportions.
    assert r.item_net == pytest.approx(tuple(100 * x for x in ref["item_net"]), abs=1e-11)
    assert r.net_index == pytest.approx(ref["net_index"], abs=1e-11)
    assert (r.respondents, r.complete, r.n) == (5, 5, (5, 5, 5))
    assert r.mean_index_ci_lower < r.mean_index < r.mean_index_ci_upper


def test_loyalty_index_accumulator():
    ref = REF["loyalty_index"]
    whole = cxscore.LoyaltyIndex()
    for row in ref["respondents"]:
        whole.add(*row)
    a = cxscore.LoyaltyIndex().extend(ref["respondents"][:2])
    b = cxscore.LoyaltyIndex().extend(ref["respondents"][2:], weights=[1.0, 1.0, 1.0])
    assert_same_figures((a + b).result(), whole.result())
    c = a.copy()
    c.add(10, None, "seven")
    r = c.result()
    assert (r.respondents, r.missing, r.rejected) == (3, (0, 1, 0), (0, 0, 1))
    assert a.result().respondents == 2
    listwise = cxscore.LoyaltyIndex("listwise").extend([(10, 9, 7), (8, None, 5)]).result()
    assert (listwise.excluded, listwise.complete, listwise.missing_mode) == (1, 1, "listwise")
    weighted = cxscore.LoyaltyIndex().extend([(10, 9, 7)], weights=[-1.0]).add(5, 5, 5)
    assert weighted.result().rejected_weight == 1
    back = pickle.loads(pickle.dumps(c))
    assert back.result() == c.result()
    with pytest.raises(cxscore.EmptyError):
        c.reset().result()
    assert back.result().respondents == 3  # the copy is independent
    with pytest.raises(cxscore.CorruptError):
        cxscore.LoyaltyIndex.from_bytes(back.to_bytes()[:-5])
    restored = cxscore.LoyaltyIndex.from_bytes(cxscore.LoyaltyIndex("listwise").to_bytes())
    with pytest.raises(cxscore.MismatchError):  # the missing mode travels with the state
        restored.merge(a)
    with pytest.raises(cxscore.MismatchError):
        a.merge(cxscore.LoyaltyIndex("listwise"))
    with pytest.raises(ValueError):
        a.extend([(1, 2)])


def test_chi_square_reference():
    ref = REF["chi_square"]
    r = cxscore.chi_square_independence(ref["table"])
    assert r.statistic == pytest.approx(ref["statistic"], abs=1e-10)
    assert r.df1 == ref["df"] and math.isnan(r.df2) and r.groups == 3
    assert r.p_value == pytest.approx(ref["p"], rel=1e-10)
    with pytest.raises(cxscore.EmptyError):
        cxscore.chi_square_independence([[1, 2, 3]])
    with pytest.raises(ValueError):
        cxscore.chi_square_independence([[1, 2, 3], [1, 2]])


def test_anova_reference():
    ref = REF["anova"]
    groups = ref["groups"]
    # Summaries by the standard library, independent of libcxscore.
    n = [len(g) for g in groups]
    mean = [statistics.fmean(g) for g in groups]
    var = [statistics.variance(g) for g in groups]
    classic, welch = cxscore.anova_oneway(n, mean, var)
    assert classic.statistic == pytest.approx(ref["f"], abs=1e-11)
    assert classic.p_value == pytest.approx(ref["p"], abs=1e-12)
    assert (classic.df1, classic.df2) == (2, sum(n) - 3)
    assert welch.statistic == pytest.approx(ref["welch_f"], abs=1e-11)
    assert (welch.df1, welch.df2) == pytest.approx(tuple(ref["welch_df"]), abs=1e-11)
    assert welch.p_value == pytest.approx(ref["welch_p"], abs=1e-12)
    # The same from Rating accumulators' results (what cxscore csat --by does).
    results = [cxscore.Rating(1, 5).extend(g).result() for g in groups]
    again = cxscore.anova_oneway([r.n for r in results], [r.mean for r in results],
                                 [r.sd ** 2 for r in results])
    assert again[0].statistic == pytest.approx(classic.statistic, abs=1e-12)
    with pytest.raises(cxscore.EmptyError):
        cxscore.anova_oneway([3], [1.0], [1.0])
    with pytest.raises(ValueError):
        cxscore.anova_oneway([3, 3], [1.0], [1.0, 2.0])


def test_customer_value_reference():
    ref = REF["retention"]
    r = cxscore.retention_from_counts(ref["start"], ref["end"], ref["new"])
    assert (r.retention, r.churn) == pytest.approx((ref["retention"], ref["churn"]), abs=1e-15)
    with pytest.raises(cxscore.EmptyError):
        cxscore.retention_from_counts(0, 10, 10)
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.retention_from_counts(100, 10, 20)
    ref = REF["clv"]
    m, rr, i = ref["margin"], ref["retention"], ref["discount"]
    assert cxscore.clv(m, rr, i) == pytest.approx(ref["infinite"], abs=1e-9)
    assert cxscore.clv(m, rr, i, horizon=5) == pytest.approx(ref["horizon_5"], abs=1e-9)
    assert cxscore.clv(m, rr, i, acquisition_cost=ref["acquisition_cost"]) == pytest.approx(
        ref["infinite_minus_ac"], abs=1e-9)
    with pytest.raises(cxscore.InvalidArgumentError):
        cxscore.clv(100, 1.2, 0.1)
