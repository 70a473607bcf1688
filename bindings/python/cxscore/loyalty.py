# SPDX-License-Identifier: MIT
"""Rating scales (CSAT, CES, any bounded scale), the customer loyalty index, the tests of
segment differences and customer value (C: cx-rating.h, cx-loyalty.h, cx-compare.h,
cx-value.h). Sources in docs/loyalty.md: Wilson
(1927) for shares, Student t for means, Dixon, Freeman & Toman (2010) for CES, Pearson (1900),
Welch (1951), Gupta & Lehmann (2003)."""
import ctypes as _c
import dataclasses
import math

from ._ffi import (Accumulator, C, Copied, EmptyError, MISSING_NAMES, _dbl, _fn, _i32, _int, _p,
                   _str, _sz, _u32, _u64, as_weights, borrow, check, create, cstruct, encode,
                   int_array, missing_mode, plain, rating_value, result_class, text_answer)
from .alpha import rows_buffer

_CRatingResult = cstruct("CxRatingResult", [
    ("scale_min", _i32), ("scale_max", _i32), ("good_min", _i32), ("good_max", _i32),
    ("top", _i32), ("reserved", _i32), ("n", _u64), ("missing", _u64), ("rejected", _u64),
    ("rejected_out_of_range", _u64), ("rejected_not_integer", _u64),
    ("rejected_not_a_number", _u64), ("rejected_weight_negative", _u64),
    ("rejected_weight_invalid", _u64), ("weight_total", _dbl), ("n_eff", _dbl), ("mean", _dbl),
    ("sd", _dbl), ("se", _dbl), ("mean_ci_lower", _dbl), ("mean_ci_upper", _dbl),
    ("good", _dbl), ("good_ci_lower", _dbl), ("good_ci_upper", _dbl), ("top_box", _dbl),
    ("top_box_ci_lower", _dbl), ("top_box_ci_upper", _dbl), ("level", _dbl)])

_CLoyaltyIndexResult = cstruct("CxLoyaltyIndexResult", [
    ("respondents", _u64), ("complete", _u64), ("excluded", _u64), ("n", _u64 * 3),
    ("missing", _u64 * 3), ("rejected", _u64 * 3), ("rejected_weight", _u64),
    ("item_mean", _dbl * 3), ("item_net", _dbl * 3), ("mean_index", _dbl),
    ("mean_index_se", _dbl), ("mean_index_ci_lower", _dbl), ("mean_index_ci_upper", _dbl),
    ("net_index", _dbl), ("net_index_se", _dbl), ("net_index_ci_lower", _dbl),
    ("net_index_ci_upper", _dbl), ("n_eff", _dbl), ("level", _dbl), ("missing_mode", _i32),
    ("reserved", _i32)])

_CLoyaltyIndexComparison = cstruct("CxLoyaltyIndexComparison", [
    ("mean_diff", _dbl), ("mean_se", _dbl), ("mean_t", _dbl), ("mean_df", _dbl),
    ("mean_p_value", _dbl), ("mean_ci_lower", _dbl), ("mean_ci_upper", _dbl),
    ("net_diff", _dbl), ("net_se", _dbl), ("net_t", _dbl), ("net_df", _dbl),
    ("net_p_value", _dbl), ("net_ci_lower", _dbl), ("net_ci_upper", _dbl), ("level", _dbl)])

_CMeanComparison = cstruct("CxMeanComparison", [
    ("diff", _dbl), ("se", _dbl), ("t", _dbl), ("df", _dbl), ("p_value", _dbl),
    ("ci_lower", _dbl), ("ci_upper", _dbl), ("level", _dbl)])

_CProportionComparison = cstruct("CxProportionComparison", [
    ("diff", _dbl), ("z", _dbl), ("p_value", _dbl), ("ci_lower", _dbl), ("ci_upper", _dbl),
    ("level", _dbl)])

_CRatingComparison = cstruct("CxRatingComparison", [
    ("mean_diff", _dbl), ("mean_se", _dbl), ("mean_t", _dbl), ("mean_df", _dbl), ("mean_p_value", _dbl),
    ("mean_ci_lower", _dbl), ("mean_ci_upper", _dbl), ("good_diff", _dbl), ("good_z", _dbl),
    ("good_p_value", _dbl), ("good_ci_lower", _dbl), ("good_ci_upper", _dbl), ("level", _dbl)])

_CTestResult = cstruct("CxTestResult", [
    ("statistic", _dbl), ("df1", _dbl), ("df2", _dbl), ("p_value", _dbl), ("groups", _u64)])

_fn("cx_rating_new", _int, _int, _int, _int, _int, _int, _c.POINTER(_p))
_fn("cx_rating_new_preset", _int, _int, _c.POINTER(_p))
_fn("cx_rating_preset_from_name", _int, _str)
_fn("cx_rating_free", None, _p)
_fn("cx_rating_reset", _int, _p)
_fn("cx_rating_copy", _int, _p, _c.POINTER(_p))
_fn("cx_rating_merge", _int, _p, _p)
_fn("cx_rating_add", _int, _p, _int, _dbl)
_fn("cx_rating_add_double", _int, _p, _p, _p, _sz)
_fn("cx_rating_add_text", _int, _p, _str, _sz, _dbl)
_fn("cx_rating_result", _int, _p, _dbl, _c.POINTER(_CRatingResult))
_fn("cx_rating_count", _int, _p, _int, _c.POINTER(_u64))
_fn("cx_wilson_interval", _int, _dbl, _dbl, _dbl, _c.POINTER(_dbl), _c.POINTER(_dbl))
_fn("cx_mean_compare", _int, _dbl, _dbl, _dbl, _dbl, _dbl, _dbl, _dbl,
    _c.POINTER(_CMeanComparison))
_fn("cx_proportion_compare", _int, _dbl, _dbl, _dbl, _dbl, _dbl,
    _c.POINTER(_CProportionComparison))
_fn("cx_rating_compare", _int, _c.POINTER(_CRatingResult), _c.POINTER(_CRatingResult), _dbl,
    _c.POINTER(_CRatingComparison))
_fn("cx_rating_serialize", _int, _p, _p, _p)
_fn("cx_rating_deserialize", _int, _p, _sz, _c.POINTER(_p))

_fn("cx_loyalty_index_new", _int, _int, _c.POINTER(_p))
_fn("cx_loyalty_index_free", None, _p)
_fn("cx_loyalty_index_add", _int, _p, _p, _dbl)
_fn("cx_loyalty_index_merge", _int, _p, _p)
_fn("cx_loyalty_index_reset", _int, _p)
_fn("cx_loyalty_index_copy", _int, _p, _c.POINTER(_p))
_fn("cx_loyalty_index_serialize", _int, _p, _p, _p)
_fn("cx_loyalty_index_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_loyalty_index_result", _int, _p, _dbl, _c.POINTER(_CLoyaltyIndexResult))
_fn("cx_loyalty_index_compare", _int, _c.POINTER(_CLoyaltyIndexResult),
    _c.POINTER(_CLoyaltyIndexResult), _dbl, _c.POINTER(_CLoyaltyIndexComparison))

_fn("cx_chi_square_independence", _int, _p, _sz, _sz, _c.POINTER(_CTestResult))
_fn("cx_anova_oneway", _int, _p, _p, _p, _sz, _c.POINTER(_CTestResult),
    _c.POINTER(_CTestResult))
_fn("cx_value_retention_rate", _int, _u64, _u64, _u64, _c.POINTER(_dbl), _c.POINTER(_dbl))
_fn("cx_value_clv", _int, _dbl, _dbl, _dbl, _u32, _dbl, _c.POINTER(_dbl))

RatingResult = result_class(
    "RatingResult", _CRatingResult,
    """Figures of a rating scale (the C CxRatingResult): the mean with a Student t-interval,
    the share in the good band ("CSAT %" / 100 for CSAT) and in the top box with Wilson
    intervals, at ``level``.""")

LoyaltyIndexResult = result_class(
    "LoyaltyIndexResult", _CLoyaltyIndexResult,
    """Customer loyalty index (the C CxLoyaltyIndexResult): the mean variant (0-100) and the net
    variant (points), with intervals; per-item tuples in the order recommend, repurchase,
    cross-buy; ``missing_mode`` as a name.""",
    replace={"missing_mode": str})

RatingComparison = result_class(
    "RatingComparison", _CRatingComparison,
    """Segment minus baseline of two rating results (the C CxRatingComparison): Welch's t-test
    of the means and the pooled z test with Newcombe's interval of the good-band shares.""")

MeanComparison = result_class(
    "MeanComparison", _CMeanComparison,
    """Difference of two independent means (the C CxMeanComparison): Welch's t-test.""")

ProportionComparison = result_class(
    "ProportionComparison", _CProportionComparison,
    """Difference of two independent shares (the C CxProportionComparison): pooled z test and
    Newcombe's hybrid score interval.""")

LoyaltyIndexComparison = result_class(
    "LoyaltyIndexComparison", _CLoyaltyIndexComparison,
    """Segment minus baseline of two loyalty-index results (the C CxLoyaltyIndexComparison):
    Welch's t-test of each variant.""")

TestResult = result_class(
    "TestResult", _CTestResult,
    """A test statistic (the C CxTestResult): chi-square or F, its degrees of freedom (df2 is
    NaN for chi-square), the upper-tail p-value and the number of groups that entered.""")
TestResult.__test__ = False  # not a pytest test class

_PRESETS = ("csat", "ces", "ces1")


def _is_text(v):
    return isinstance(v, (str, bytes, bytearray))


class Rating(Accumulator):
    """A streaming, mergeable rating-scale accumulator (C: CxRating) for whole-number answers
    on [low, high] (at most 101 points), with a "good" band and a top box.

    ``Rating(1, 5, good=(4, 5), top=5)`` for a custom scale; ``Rating.csat()`` (1-5, good 4-5),
    ``Rating.ces()`` (CES 2.0: 1-7 agreement, good 5-7), ``Rating.preset('ces1')`` (CES 1.0:
    1-5 effort, good 1-2, top 1). ``add`` takes an int, a float, CSV cell text or None;
    ``extend`` takes any iterable, and a float64 buffer (values and weights) without copying
    (other buffers are converted: the library adds doubles)."""
    _c_prefix = "cx_rating"

    def __init__(self, low, high, good=None, top=None):
        good = (low + (high - low + 1) // 2, high) if good is None else tuple(good)
        top = high if top is None else top
        out = _p()
        status = C.cx_rating_new(low, high, good[0], good[1], top, _c.byref(out))
        check(status, f"invalid rating scale {low}-{high}, good band {good[0]}-{good[1]}, top "
                      f"{top} (all inside the scale, at most 101 points)")
        self._adopt(out.value)

    @classmethod
    def preset(cls, name):
        """A preset scale: 'csat', 'ces' (CES 2.0) or 'ces1' (CES 1.0); any case."""
        which = C.cx_rating_preset_from_name(encode(name))
        check(which, f"unknown preset {name!r}; use one of {', '.join(_PRESETS)}")
        out = _p()
        check(C.cx_rating_new_preset(which, _c.byref(out)))
        return cls._wrap(out.value)

    @classmethod
    def csat(cls):
        """CSAT: satisfaction on 1-5, good band (top two box) 4-5, top box 5."""
        return cls.preset("csat")

    @classmethod
    def ces(cls):
        """CES 2.0: agreement on 1-7, good band (agree) 5-7, top box 7."""
        return cls.preset("ces")

    def add(self, value, weight=1.0):
        """Adds one answer (bad ones are counted, by reason)."""
        if _is_text(value):  # a label is its number, a missing marker missing (text_answer)
            value = text_answer(value)
        if _is_text(value):
            raw = encode(value)
            check(C.cx_rating_add_text(self._h, raw, len(raw), float(weight)))
        elif isinstance(value, int) and -2**31 <= value < 2**31:
            check(C.cx_rating_add(self._h, value, float(weight)))
        else:
            v, w = _dbl(math.nan if value is None else float(value)), _dbl(float(weight))
            check(C.cx_rating_add_double(self._h, _c.addressof(v), _c.addressof(w), 1))
        return self

    def extend(self, values, weights=None):
        """Adds many answers (see the class). Returns self."""
        values = plain(values)
        b = borrow(values, ("f64",), 1)
        if b is None:
            values = list(values)
            if any(_is_text(v) for v in values):
                ws = [1.0] * len(values) if weights is None else [
                    math.nan if w is None else float(w) for w in plain(weights)]
                if len(ws) != len(values):
                    raise ValueError(f"{len(values)} values but {len(ws)} weights")
                for v, w in zip(values, ws):
                    self.add(v, w)
                return self
            b = Copied([rating_value(v) for v in values], _dbl, kind="f64")
        with b:
            w = as_weights(weights, b.n)
            try:
                check(C.cx_rating_add_double(self._h, b.ptr, w.ptr if w else None, b.n))
            finally:
                if w:
                    w.release()
        return self

    def count(self, value):
        """Valid answers equal to ``value`` (unweighted)."""
        out = _u64()
        check(C.cx_rating_count(self._h, value, _c.byref(out)), f"value {value!r}")
        return out.value

    def distribution(self):
        """{value: count} over the whole scale."""
        r = _CRatingResult()
        status = C.cx_rating_result(self._h, 0.95, _c.byref(r))
        if status != EmptyError.status_code:
            check(status)
        return {v: self.count(v) for v in range(r.scale_min, r.scale_max + 1)}

    def _c_result(self, level):
        r = _CRatingResult()
        status = C.cx_rating_result(self._h, level, _c.byref(r))
        if status == EmptyError.status_code:
            raise EmptyError(status, "no valid answer with a positive weight",
                             result=RatingResult(**r.values()))
        check(status)
        return r

    def result(self, level=0.95):
        """The RatingResult, intervals at ``level``. EmptyError without a valid answer."""
        return RatingResult(**self._c_result(level).values())

    def compare(self, baseline, level=0.95):
        """This accumulator minus ``baseline`` (same scale and band): a RatingComparison."""
        a, b = self._c_result(level), baseline._c_result(level)
        out = _CRatingComparison()
        check(C.cx_rating_compare(_c.byref(a), _c.byref(b), level, _c.byref(out)))
        return RatingComparison(**out.values())


def csat(values, weights=None, level=0.95):
    """CSAT figures (1-5, top-two box) of an iterable or buffer of answers."""
    return Rating.csat().extend(values, weights).result(level)


def ces(values, weights=None, level=0.95):
    """CES 2.0 figures (1-7, agree 5-7) of an iterable or buffer of answers."""
    return Rating.ces().extend(values, weights).result(level)


def mean_compare(mean_a, se_a, n_a, mean_b, se_b, n_b, level=0.95):
    """Welch's t-test of two independent means from their summaries (mean, standard error,
    sample size), a minus b: a MeanComparison (Welch 1947)."""
    out = _CMeanComparison()
    check(C.cx_mean_compare(mean_a, se_a, n_a, mean_b, se_b, n_b, level, _c.byref(out)),
          f"{mean_a} (se {se_a}, n {n_a}) against {mean_b} (se {se_b}, n {n_b})")
    return MeanComparison(**out.values())


def proportion_compare(successes_a, n_a, successes_b, n_b, level=0.95):
    """Compares two independent shares, a minus b: a ProportionComparison (pooled z test,
    Newcombe's hybrid score interval; Newcombe 1998, method 10)."""
    out = _CProportionComparison()
    check(C.cx_proportion_compare(successes_a, n_a, successes_b, n_b, level, _c.byref(out)),
          f"{successes_a} of {n_a} against {successes_b} of {n_b}")
    return ProportionComparison(**out.values())


def wilson_interval(successes, n, level=0.95):
    """Wilson score interval (lower, upper) of a share: ``successes`` out of ``n`` (Wilson 1927).
    EmptyError for n <= 0."""
    lo, hi = _dbl(), _dbl()
    check(C.cx_wilson_interval(successes, n, level, _c.byref(lo), _c.byref(hi)),
          f"{successes} of {n}")
    return lo.value, hi.value


class LoyaltyIndex(Accumulator):
    """A streaming, mergeable customer loyalty index (C: CxLoyaltyIndex) from three 0-10
    answers per respondent: recommend, repurchase, cross-buy. Both variants practice uses are
    computed: the mean index (0-100) and the net index (points). ``missing`` is 'pairwise' or
    'listwise'."""
    _c_prefix = "cx_loyalty_index"

    def __init__(self, missing="pairwise"):
        self._adopt(create(C.cx_loyalty_index_new, missing_mode(missing)))

    def add(self, recommend, repurchase, cross_buy, weight=1.0):
        """Adds one respondent's answers (numbers, None / blank text for missing, text)."""
        row = (_dbl * 3)(*(rating_value(v) for v in (recommend, repurchase, cross_buy)))
        check(C.cx_loyalty_index_add(self._h, _c.addressof(row), float(weight)))
        return self

    def extend(self, rows, weights=None):
        """Adds respondents: an iterable of (recommend, repurchase, cross_buy), or an n x 3
        float64 array (its rows are passed without copying)."""
        with rows_buffer(rows, 3) as b:
            n = b.shape[0] if b.n else 0
            w = as_weights(weights, n)
            try:
                size = _c.sizeof(_dbl)
                for i in range(n):
                    weight = 1.0 if w is None else _dbl.from_address(w.ptr + size * i).value
                    check(C.cx_loyalty_index_add(self._h, b.ptr + 3 * size * i, weight))
            finally:
                if w:
                    w.release()
        return self

    def _c_result(self, level):
        r = _CLoyaltyIndexResult()
        status = C.cx_loyalty_index_result(self._h, level, _c.byref(r))
        if status == EmptyError.status_code:
            raise EmptyError(status, "an item has no valid answer", result=_loyalty_result(r))
        check(status)
        return r

    def result(self, level=0.95):
        """The LoyaltyIndexResult, intervals at ``level``. EmptyError if an item has no valid
        answer."""
        return _loyalty_result(self._c_result(level))

    def compare(self, baseline, level=0.95):
        """This index minus ``baseline``'s: a LoyaltyIndexComparison (Welch's t per variant)."""
        a, b = self._c_result(level), baseline._c_result(level)
        out = _CLoyaltyIndexComparison()
        check(C.cx_loyalty_index_compare(_c.byref(a), _c.byref(b), level, _c.byref(out)))
        return LoyaltyIndexComparison(**out.values())


def _loyalty_result(r):
    values = r.values()
    values["missing_mode"] = MISSING_NAMES[values["missing_mode"]]
    return LoyaltyIndexResult(**values)


def loyalty_index(rows, weights=None, missing="pairwise", level=0.95):
    """The LoyaltyIndexResult of (recommend, repurchase, cross_buy) rows."""
    return LoyaltyIndex(missing).extend(rows, weights).result(level)


# ---- are segments different? -----------------------------------------------------------------

def chi_square_independence(table):
    """Pearson's chi-square test of independence on a table of counts (rows of equal length,
    e.g. segments x (detractors, passives, promoters)): a TestResult."""
    rows = [list(r) for r in table]
    cols = len(rows[0]) if rows else 0
    if any(len(r) != cols for r in rows):
        raise ValueError("the table's rows have different lengths")
    flat = int_array(_u64, (v for r in rows for v in r))
    out = _CTestResult()
    check(C.cx_chi_square_independence(_c.addressof(flat) if rows and cols else None,
                                       len(rows), cols, _c.byref(out)))
    return TestResult(**out.values())


def anova_oneway(n, mean, variance):
    """One-way ANOVA and Welch's ANOVA of group means from summaries: sizes, means and sample
    variances (n - 1 denominators), one per group. Returns (classic, welch) TestResults; an
    undefined figure (e.g. Welch with a zero variance) has NaN fields."""
    n, mean, variance = (list(map(float, x)) for x in (n, mean, variance))
    k = len(n)
    if len(mean) != k or len(variance) != k:
        raise ValueError("n, mean and variance need one value per group")
    arrays = [(_dbl * k)(*x) for x in (n, mean, variance)]
    classic, welch = _CTestResult(), _CTestResult()
    check(C.cx_anova_oneway(*(_c.addressof(a) if k else None for a in arrays), k,
                            _c.byref(classic), _c.byref(welch)))
    return TestResult(**classic.values()), TestResult(**welch.values())


# ---- customer value --------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class RetentionRate:
    """Retention and churn over a period (proportions)."""
    retention: float
    churn: float


def retention_from_counts(start, end, new):
    """Retention = (end - new) / start and churn = 1 - retention, from customer counts at the
    start and end of a period and the new customers during it."""
    r, c = _dbl(), _dbl()
    check(C.cx_value_retention_rate(start, end, new, _c.byref(r), _c.byref(c)),
          f"start {start}, end {end}, new {new}")
    return RetentionRate(r.value, c.value)


def clv(margin, retention, discount, horizon=None, acquisition_cost=0.0):
    """Customer lifetime value (Gupta & Lehmann 2003): m * r / (1 + i - r) - AC for an infinite
    horizon (``horizon`` None or 0), else m * sum_{t=1..T} (r / (1 + i))**t - AC."""
    out = _dbl()
    check(C.cx_value_clv(margin, retention, discount, horizon or 0, acquisition_cost, _c.byref(out)),
          f"margin {margin}, retention {retention}, discount {discount}")
    return out.value
