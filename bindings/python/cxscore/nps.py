# SPDX-License-Identifier: MIT
"""Net Promoter Score (C: cx-nps.h). Reichheld, "The One Number You Need to Grow", HBR 2003;
intervals and their sources in docs/nps.md."""
import ctypes as _c
import math

from ._ffi import (Accumulator, C, Copied, EmptyError, _dbl, _fn, _int, _p, _str, _sz, _u64,
                   as_weights, borrow, check, create, cstruct, encode, int_array, plain,
                   result_class, text_answer)

_CNpsResult = cstruct("CxNpsResult", [
    ("counts", _u64 * 11), ("detractors", _u64), ("passives", _u64), ("promoters", _u64),
    ("n", _u64), ("missing", _u64), ("rejected", _u64), ("rejected_out_of_range", _u64),
    ("rejected_not_integer", _u64), ("rejected_not_a_number", _u64),
    ("rejected_weight_negative", _u64), ("rejected_weight_invalid", _u64),
    ("weight_total", _dbl), ("weight_promoters", _dbl), ("weight_passives", _dbl),
    ("weight_detractors", _dbl), ("n_eff", _dbl), ("p_promoters", _dbl), ("p_passives", _dbl),
    ("p_detractors", _dbl), ("nps", _dbl), ("variance", _dbl), ("se", _dbl)])

_CNpsComparison = cstruct("CxNpsComparison", [
    ("diff", _dbl), ("se", _dbl), ("z", _dbl), ("p_value", _dbl), ("ci_lower", _dbl),
    ("ci_upper", _dbl), ("level", _dbl)])

_fn("cx_nps_new", _int, _c.POINTER(_p))
_fn("cx_nps_free", None, _p)
_fn("cx_nps_copy", _int, _p, _c.POINTER(_p))
_fn("cx_nps_reset", _int, _p)
_fn("cx_nps_merge", _int, _p, _p)
_fn("cx_nps_add", _int, _p, _int)
_fn("cx_nps_add_weighted", _int, _p, _int, _dbl)
_fn("cx_nps_add_u8", _int, _p, _p, _p, _sz)
_fn("cx_nps_add_int", _int, _p, _p, _p, _sz)
_fn("cx_nps_add_double", _int, _p, _p, _p, _sz)
_fn("cx_nps_add_text", _int, _p, _str, _sz, _dbl)
_fn("cx_nps_add_missing", _int, _p, _u64)
_fn("cx_nps_add_counts", _int, _p, _c.POINTER(_u64 * 11))
_fn("cx_nps_result", _int, _p, _c.POINTER(_CNpsResult))
_fn("cx_nps_interval", _int, _c.POINTER(_CNpsResult), _dbl, _int, _c.POINTER(_dbl),
    _c.POINTER(_dbl))
_fn("cx_nps_compare", _int, _c.POINTER(_CNpsResult), _c.POINTER(_CNpsResult), _dbl,
    _c.POINTER(_CNpsComparison))
_fn("cx_nps_sample_size", _int, _dbl, _dbl, _dbl, _dbl, _c.POINTER(_u64))
_fn("cx_nps_serialize", _int, _p, _p, _p)
_fn("cx_nps_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_nps_category", _int, _int, _c.POINTER(_int))
_fn("cx_nps_promoter_min", _int)
_fn("cx_nps_detractor_max", _int)
_fn("cx_nps_ci_method_from_name", _int, _str)
_fn("cx_nps_ci_method_name", _str, _int)

#: The lowest promoter answer (9) and the highest detractor answer (6), from the library.
PROMOTER_MIN = C.cx_nps_promoter_min()
DETRACTOR_MAX = C.cx_nps_detractor_max()

NpsResult = result_class(
    "NpsResult", _CNpsResult,
    """Everything about the answers (the C CxNpsResult), plus the interval asked for.

    ``counts`` holds the 11 counts of answers 0..10. ``nps``, ``se``, ``ci_lower`` and
    ``ci_upper`` are in points (-100..100); shares (``p_*``) are proportions; ``variance`` is that
    of the +1/0/-1 code. ``level`` and ``method`` say which interval.""",
    extra=[("ci_lower", float), ("ci_upper", float), ("level", float), ("method", str)])

NpsComparison = result_class(
    "NpsComparison", _CNpsComparison,
    """Segment minus baseline (the C CxNpsComparison): difference, SE, z, two-sided p and a Wald
    interval, in points, at ``level``.""")


def nps_category(score):
    """-1 for a detractor answer (0-6), 0 for a passive (7-8), 1 for a promoter (9-10);
    InvalidArgumentError outside 0-10."""
    out = _int()
    check(C.cx_nps_category(int(score), _c.byref(out)), f"score {score!r}")
    return out.value


def ci_method(name):
    """The canonical name of an interval method ('wald', 'adjusted-wald', 'tango'; any case)."""
    m = C.cx_nps_ci_method_from_name(encode(name))
    check(m, f"unknown interval method {name!r}")
    return C.cx_nps_ci_method_name(m).decode()


def _is_text(v):
    return isinstance(v, (str, bytes, bytearray))


class Nps(Accumulator):
    """A streaming, mergeable NPS accumulator (C: CxNps).

    ``add(score, weight=1.0)`` takes one answer: an int, a float, text as in a CSV cell, or None
    (missing). ``extend(scores, weights=None)`` takes any iterable, or a buffer: a uint8, int32 or
    float64 array (numpy, array.array, bytes...) is passed to C without copying, and so is a
    float64 weight array. Bad answers are counted as rejected, by reason, never raised. Merge with
    ``merge`` or ``+``, copy with ``copy``, pickle through the library's versioned serialization.
    Not thread-safe: give each thread its own accumulator and merge them."""
    _c_prefix = "cx_nps"

    def __init__(self, scores=None, weights=None):
        self._adopt(create(C.cx_nps_new))
        if scores is not None:
            self.extend(scores, weights)

    def add(self, score, weight=1.0):
        if _is_text(score):  # a label is its number, a missing marker missing (text_answer)
            score = text_answer(score)
        if _is_text(score):
            raw = encode(score)
            check(C.cx_nps_add_text(self._h, raw, len(raw), float(weight)))
        elif score is None:
            check(C.cx_nps_add_missing(self._h, 1))
        elif isinstance(score, int) and -2**31 <= score < 2**31:
            if weight == 1.0:
                check(C.cx_nps_add(self._h, score))
            else:
                check(C.cx_nps_add_weighted(self._h, score, float(weight)))
        else:  # a float (6.5 is rejected, NaN missing) or an int beyond C int
            value = _dbl(float(score))
            w = _dbl(float(weight))
            check(C.cx_nps_add_double(self._h, _c.addressof(value), _c.addressof(w), 1))
        return self

    def extend(self, scores, weights=None):
        """Adds many answers (see the class). Returns self."""
        scores = plain(scores)
        b = borrow(scores, ("u8", "i32", "f64"), 1)
        if b is None:
            values = list(scores)
            if any(_is_text(v) for v in values):  # CSV cells: each through add() (labels)
                ws = [1.0] * len(values) if weights is None else [
                    math.nan if w is None else float(w) for w in plain(weights)]
                if len(ws) != len(values):
                    raise ValueError(f"{len(values)} scores but {len(ws)} weights")
                for v, w in zip(values, ws):
                    self.add(v, w)
                return self
            b = Copied([math.nan if v is None else float(v) for v in values], _dbl, kind="f64")
        fn = {"u8": C.cx_nps_add_u8, "i32": C.cx_nps_add_int, "f64": C.cx_nps_add_double}[b.kind]
        with b:
            w = as_weights(weights, b.n)
            try:
                check(fn(self._h, b.ptr, w.ptr if w else None, b.n))
            finally:
                if w:
                    w.release()
        return self

    def add_counts(self, counts):
        """Adds answers already counted: ``counts[v]`` unweighted answers of value v, for the 11
        values 0-10 (a histogram from a database GROUP BY, say); the same as adding each."""
        counts = [int(c) for c in counts]
        if len(counts) != 11 or min(counts) < 0:
            raise ValueError("add_counts takes 11 counts >= 0, one for each answer 0-10")
        check(C.cx_nps_add_counts(self._h, _c.byref(int_array(_u64, counts))))
        return self

    def add_missing(self, count=1):
        """Records ``count`` respondents who skipped the question."""
        check(C.cx_nps_add_missing(self._h, count))
        return self

    def _c_result(self, level=math.nan, method=""):
        r = _CNpsResult()
        status = C.cx_nps_result(self._h, _c.byref(r))
        if status == EmptyError.status_code:
            raise EmptyError(status, "no valid answer with a positive weight",
                             result=NpsResult(**r.values(), ci_lower=math.nan,
                                              ci_upper=math.nan, level=level, method=method))
        check(status)
        return r

    def result(self, level=0.95, method="tango"):
        """The NpsResult with a confidence interval (method 'wald', 'adjusted-wald' or 'tango').
        EmptyError without a valid answer (its ``result`` still has the counts)."""
        name = ci_method(method)
        r = self._c_result(level, name)
        lo, hi = _dbl(), _dbl()
        check(C.cx_nps_interval(_c.byref(r), level, C.cx_nps_ci_method_from_name(name.encode()),
                                _c.byref(lo), _c.byref(hi)))
        return NpsResult(**r.values(), ci_lower=lo.value, ci_upper=hi.value, level=level,
                         method=name)

    def compare(self, baseline, level=0.95):
        """This accumulator's NPS minus ``baseline``'s: an NpsComparison with z, p and CI."""
        a, b = self._c_result(), baseline._c_result()
        c = _CNpsComparison()
        check(C.cx_nps_compare(_c.byref(a), _c.byref(b), level, _c.byref(c)))
        return NpsComparison(**c.values())


def nps(scores, weights=None, level=0.95, method="tango"):
    """NPS of an iterable or buffer of 0-10 answers: an NpsResult (points)."""
    return Nps(scores, weights).result(level, method)


def compare(segment, baseline, level=0.95):
    """NPS difference, segment minus baseline; each an Nps or an iterable of answers."""
    a = segment if isinstance(segment, Nps) else Nps(segment)
    b = baseline if isinstance(baseline, Nps) else Nps(baseline)
    return a.compare(b, level)


def sample_size(margin, level=0.95, promoters=0.5, detractors=0.5):
    """Respondents needed for a Wald margin of error of ``margin`` points, given planning shares
    of promoters and detractors (the defaults are the worst case)."""
    n = _u64()
    check(C.cx_nps_sample_size(margin, level, promoters, detractors, _c.byref(n)))
    return n.value
