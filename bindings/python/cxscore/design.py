# SPDX-License-Identifier: MIT
"""Design-based variance of weighted means and shares (C: cx-design.h): Taylor linearization
for weights-only, stratified and one-stage clustered designs, as R's
``survey::svymean(~y, svydesign(ids=~cluster, strata=~stratum, weights=~w, nest=TRUE))``.
Formulas and sources in docs/design.md."""
import ctypes as _c
import math

from ._ffi import (Accumulator, C, _dbl, _fn, _int, _p, _str, _sz, _u64, check, create, cstruct,
                   encode, result_class)
from .loyalty import (_CLoyaltyIndexResult, _CRatingResult, LoyaltyIndex, Rating, RatingResult,
                      _loyalty_result)
from .nps import _CNpsResult, Nps, NpsResult, ci_method

_CDesignMean = cstruct("CxDesignMean", [
    ("n", _u64), ("rows", _u64), ("psus", _u64), ("strata", _u64), ("missing", _u64),
    ("rejected", _u64), ("weight_total", _dbl), ("mean", _dbl), ("se", _dbl), ("df", _dbl),
    ("n_eff", _dbl)])

_fn("cx_design_new", _int, _sz, _int, _c.POINTER(_p))
_fn("cx_design_free", None, _p)
_fn("cx_design_copy", _int, _p, _c.POINTER(_p))
_fn("cx_design_reset", _int, _p)
_fn("cx_design_merge", _int, _p, _p)
_fn("cx_design_add", _int, _p, _str, _sz, _str, _sz, _dbl, _c.POINTER(_dbl))
_fn("cx_design_shape", _int, _p, _c.POINTER(_sz), _c.POINTER(_int))
_fn("cx_design_rejected_weights", _int, _p, _c.POINTER(_u64))
_fn("cx_design_mean", _int, _p, _sz, _c.POINTER(_CDesignMean))
_fn("cx_design_mean_domain", _int, _p, _p, _sz, _c.POINTER(_CDesignMean))
_fn("cx_design_apply_nps", _int, _c.POINTER(_CDesignMean), _c.POINTER(_CNpsResult))
_fn("cx_design_apply_rating", _int, _c.POINTER(_CDesignMean), _c.POINTER(_CDesignMean),
    _c.POINTER(_CDesignMean), _c.POINTER(_CRatingResult))
_fn("cx_design_apply_loyalty_index", _int, _c.POINTER(_CDesignMean), _c.POINTER(_CDesignMean),
    _c.POINTER(_CLoyaltyIndexResult))
_fn("cx_design_serialize", _int, _p, _p, _p)
_fn("cx_design_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_variance_method_from_name", _int, _str)
_fn("cx_variance_method_name", _str, _int)

DesignMean = result_class(
    "DesignMean", _CDesignMean,
    """The design-based mean of one variable (the C CxDesignMean): ``mean`` = sum(w*y)/sum(w),
    ``se`` its linearization standard error, ``df`` the design degrees of freedom (R's degf),
    ``n_eff`` Kish's effective sample size for comparison.""")


def variance_method(name):
    """The canonical name of a variance method: 'kish' (the default everywhere) or 'design'."""
    m = C.cx_variance_method_from_name(encode(name))
    check(m, f"unknown variance method {name!r} (kish or design)")
    return C.cx_variance_method_name(m).decode()


def _key(value):
    if value is None:
        return None, 0
    raw = encode(str(value)) if not isinstance(value, (bytes, bytearray)) else bytes(value)
    return raw, len(raw)


class Design(Accumulator):
    """Per-stratum and per-cluster totals of ``variables`` numbers per row (C: CxDesign).

    ``add(values, weight, stratum=None, cluster=None)`` adds one row: ``values`` is a number or
    a sequence of ``variables`` numbers, None or NaN for a missing value (the row stays in the
    design, with weight 0 for that variable, as R's ``na.rm=TRUE``). With ``clustered=True``
    every row needs a cluster; clusters are nested in strata. A negative or non-finite weight
    rejects the row (counted in ``rejected_weights``). ``mean(j)`` gives variable j's
    :class:`DesignMean`; UndefinedError for a stratum with a single PSU, as R's default.
    Mergeable (``merge``, ``+``), copyable and picklable like every accumulator."""
    _c_prefix = "cx_design"

    def __init__(self, variables=1, clustered=False):
        self.variables = int(variables)
        self.clustered = bool(clustered)
        self._adopt(create(C.cx_design_new, self.variables, int(self.clustered)))

    @classmethod
    def _wrap(cls, handle):
        obj = super()._wrap(handle)
        k, clustered = _sz(), _int()
        check(C.cx_design_shape(handle, _c.byref(k), _c.byref(clustered)))
        obj.variables, obj.clustered = k.value, bool(clustered.value)
        return obj

    def add(self, values, weight=1.0, stratum=None, cluster=None):
        if isinstance(values, (int, float)) or values is None:
            values = [values]
        values = [math.nan if v is None else float(v) for v in values]
        if len(values) != self.variables:
            raise ValueError(f"{len(values)} values for {self.variables} variables")
        s, slen = _key(stratum)
        c, clen = _key(cluster)
        arr = (_dbl * len(values))(*values)
        check(C.cx_design_add(self._h, s, slen, c, clen, float(weight), arr),
              "a cluster key is needed exactly when the design is clustered")
        return self

    def extend(self, rows, weights=None, strata=None, clusters=None):
        """Adds rows (each a number or a sequence), with optional parallel weights, strata and
        clusters. Returns self."""
        rows = list(rows)
        n = len(rows)
        weights = [1.0] * n if weights is None else list(weights)
        strata = [None] * n if strata is None else list(strata)
        clusters = [None] * n if clusters is None else list(clusters)
        if not len(weights) == len(strata) == len(clusters) == n:
            raise ValueError("rows, weights, strata and clusters differ in length")
        for r, w, s, c in zip(rows, weights, strata, clusters):
            self.add(r, w, s, c)
        return self

    @property
    def rejected_weights(self):
        """Rows refused for a negative, NaN or infinite weight."""
        out = _u64()
        check(C.cx_design_rejected_weights(self._h, _c.byref(out)))
        return out.value

    def _c_mean(self, j, within=None):
        out = _CDesignMean()
        if within is None:
            check(C.cx_design_mean(self._h, j, _c.byref(out)), f"variable {j}")
        else:
            check(C.cx_design_mean_domain(self._h, within._h, j, _c.byref(out)),
                  "this design must be a part of `within`, with the same clustering")
        return out

    def mean(self, j=0, within=None):
        """Variable j's DesignMean. ``within``: the Design of the whole sample when this one
        holds a domain (a segment) of it, as R's svyby/subset (cx_design_mean_domain)."""
        return DesignMean(**self._c_mean(j, within).values())


def _codes(scores):
    """The NPS code +100/0/-100 of each answer (None for a missing or invalid one)."""
    out = []
    for s in scores:
        try:
            v = float(s)
        except (TypeError, ValueError):
            out.append(None)
            continue
        if not (v == v) or v != int(v) or not 0 <= v <= 10:
            out.append(None)
        else:
            out.append(100.0 if v >= 9 else (0.0 if v >= 7 else -100.0))
    return out


def _design_rows(values, weights, strata, clusters, variables):
    d = Design(variables, clustered=clusters is not None)
    d.extend(values, weights, strata, clusters)
    return d


def nps_design(scores, weights=None, strata=None, clusters=None, level=0.95, method="tango"):
    """NPS of 0-10 answers with the design-based SE: strata and clusters are parallel lists
    (None: a weights-only design). The interval (``method``) and any comparison then use the
    design's effective sample size (cx_design_apply_nps). Returns an NpsResult."""
    scores = list(scores)
    nps = Nps(scores, weights)
    d = _design_rows(_codes(scores), weights, strata, clusters, 1)
    name = ci_method(method)
    r = nps._c_result(level, name)
    m = d._c_mean(0)
    check(C.cx_design_apply_nps(_c.byref(m), _c.byref(r)))
    lo, hi = _dbl(), _dbl()
    check(C.cx_nps_interval(_c.byref(r), level, C.cx_nps_ci_method_from_name(name.encode()),
                            _c.byref(lo), _c.byref(hi)))
    return NpsResult(**r.values(), ci_lower=lo.value, ci_upper=hi.value, level=level,
                     method=name)


def rating_design(values, weights=None, strata=None, clusters=None, preset="csat", level=0.95):
    """A rating (``preset`` 'csat', 'ces', 'ces1', or a Rating to copy the scale from) with
    design-based SEs of the mean, the good-band share and the top-box share
    (cx_design_apply_rating). Returns a RatingResult."""
    values = list(values)
    rating = preset.copy().reset() if isinstance(preset, Rating) else Rating.preset(preset)
    rating.extend(values, weights)
    probe = rating._c_result(level)
    rows = []
    for v in values:
        try:
            x = float(v)
        except (TypeError, ValueError):
            x = math.nan
        ok = x == x and x == int(x) and probe.scale_min <= x <= probe.scale_max
        rows.append([x, float(probe.good_min <= x <= probe.good_max), float(x == probe.top)]
                    if ok else [None, None, None])
    d = _design_rows(rows, weights, strata, clusters, 3)
    r = rating._c_result(level)
    m, g, t = d._c_mean(0), d._c_mean(1), d._c_mean(2)
    check(C.cx_design_apply_rating(_c.byref(m), _c.byref(g), _c.byref(t), _c.byref(r)))
    return RatingResult(**r.values())


def loyalty_design(rows, weights=None, strata=None, clusters=None, level=0.95):
    """The loyalty index (listwise: respondents with all three 0-10 answers) with design-based
    SEs and t-intervals of both variants (cx_design_apply_loyalty_index). ``rows`` are
    (recommend, repurchase, cross_buy) triples, None for a missing answer. Returns a
    LoyaltyIndexResult."""
    rows = [tuple(r) for r in rows]
    index = LoyaltyIndex(missing="listwise")
    index.extend(rows, weights)
    values = []
    for r in rows:
        try:
            x = [float(v) for v in r]
        except (TypeError, ValueError):
            x = None
        if x is None or len(x) != 3 or any(not (0 <= v <= 10 and v == int(v)) for v in x):
            values.append([None, None])
            continue
        codes = [1 if v >= 9 else (0 if v >= 7 else -1) for v in x]
        values.append([10.0 * sum(x) / 3.0, 100.0 * sum(codes) / 3.0])
    d = _design_rows(values, weights, strata, clusters, 2)
    r = index._c_result(level)
    m, n = d._c_mean(0), d._c_mean(1)
    check(C.cx_design_apply_loyalty_index(_c.byref(m), _c.byref(n), _c.byref(r)))
    return _loyalty_result(r)
