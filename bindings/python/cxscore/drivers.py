# SPDX-License-Identifier: MIT
"""Driver analysis (C: cx-drivers.h): which touchpoint ratings move the outcome. Pearson's r with
Fisher's interval (Fisher 1921), Spearman's rho (Spearman 1904), standardized betas, R² and F,
Johnson's relative weights (Johnson 2000); sources and rules in docs/loyalty.md, "Drivers"."""
import ctypes as _c

from ._ffi import (Accumulator, C, EmptyError, MISSING_NAMES, NoConvergenceError, UndefinedError,
                   _dbl, _fn, _i32, _int, _p, _sz, _u32, _u64, as_weights, borrow, check, create,
                   cstruct, doubles, missing_mode, rating_value, result_class)
from .alpha import rows_buffer

_CDriversResult = cstruct("CxDriversResult", [
    ("k", _u64), ("rows", _u64), ("rows_weight_negative", _u64), ("rows_weight_invalid", _u64),
    ("rows_complete", _u64), ("outcome_valid", _u64), ("outcome_missing", _u64),
    ("outcome_rejected", _u64), ("n", _u64), ("n_eff", _dbl), ("r_squared", _dbl),
    ("adj_r_squared", _dbl), ("f", _dbl), ("df1", _dbl), ("df2", _dbl), ("f_p_value", _dbl),
    ("level", _dbl), ("missing_mode", _i32), ("regression_status", _i32),
    ("singular_predictor", _i32), ("reserved", _i32)])

_CDriver = cstruct("CxDriver", [
    ("valid", _u64), ("missing", _u64), ("rejected", _u64), ("n", _u64), ("n_eff", _dbl),
    ("mean", _dbl), ("sd", _dbl), ("r", _dbl), ("r_p_value", _dbl), ("r_ci_lower", _dbl),
    ("r_ci_upper", _dbl), ("rho", _dbl), ("beta", _dbl), ("relative_weight", _dbl),
    ("relative_weight_pct", _dbl), ("rank", _u32), ("rho_status", _i32)])

_fn("cx_drivers_max_predictors", _sz)
_fn("cx_drivers_max_distinct", _sz)
_fn("cx_drivers_new", _int, _sz, _c.POINTER(_p))
_fn("cx_drivers_free", None, _p)
_fn("cx_drivers_predictor_count", _sz, _p)
_fn("cx_drivers_reset", _int, _p)
_fn("cx_drivers_copy", _int, _p, _c.POINTER(_p))
_fn("cx_drivers_merge", _int, _p, _p)
_fn("cx_drivers_serialize", _int, _p, _p, _p)
_fn("cx_drivers_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_drivers_add", _int, _p, _p, _dbl, _dbl)
_fn("cx_drivers_add_rows", _int, _p, _p, _p, _p, _sz)
_fn("cx_drivers_result", _int, _p, _int, _dbl, _c.POINTER(_CDriversResult))
_fn("cx_drivers_predictor", _int, _p, _sz, _int, _dbl, _c.POINTER(_CDriver))

#: The most predictors a Drivers accumulator takes, and the most distinct (x, y) pairs a
#: Spearman table holds.
DRIVERS_MAX_PREDICTORS = C.cx_drivers_max_predictors()
DRIVERS_MAX_DISTINCT = C.cx_drivers_max_distinct()

DriversResult = result_class(
    "DriversResult", _CDriversResult,
    """Model-level driver figures (the C CxDriversResult): counts, R², adjusted R², the F test;
    ``missing_mode`` as a name; ``regression_status`` is the C status (0, or why the regression
    figures are NaN) and ``singular_predictor`` the predictor that made it undefined, or -1.""",
    replace={"missing_mode": str})

Driver = result_class(
    "Driver", _CDriver,
    """One predictor's figures (the C CxDriver): counts, mean and SD, Pearson's r with its
    p-value and Fisher interval, Spearman's rho (``rho_status`` the C status when it is NaN),
    the standardized beta, Johnson's relative weight (raw and % of R²) and its rank.""")

_STATUSES_WITH_COUNTS = (EmptyError, UndefinedError, NoConvergenceError)


def _drivers_result(r):
    values = r.values()
    values["missing_mode"] = MISSING_NAMES[values["missing_mode"]]
    return DriversResult(**values)


class Drivers(Accumulator):
    """A streaming, mergeable driver-analysis accumulator (C: CxDrivers) for k predictors
    (touchpoint ratings) and one outcome (e.g. the 0-10 recommend answer).

    ``add(x, y, weight=1.0)`` takes one respondent's k predictor values and outcome: numbers,
    None / NaN / blank text (missing) or other text (rejected, counted). ``extend(x, y,
    weights=None)`` takes rows of k values and outcomes; a 2-D float64 array of k columns and
    float64 outcome and weight arrays are passed without copying. The missing-data mode
    ('listwise', the default, or 'pairwise') is chosen when the figures are asked for. The
    state pickles (and ``to_bytes()`` / ``from_bytes()``) through the library's serialization:
    read back, it gives every figure bit for bit."""
    _c_prefix = "cx_drivers"

    def __init__(self, k):
        if not 1 <= k <= DRIVERS_MAX_PREDICTORS:
            raise ValueError(f"k must be 1..{DRIVERS_MAX_PREDICTORS}, not {k}")
        self._adopt(create(C.cx_drivers_new, k))

    @property
    def k(self):
        """The number of predictors."""
        return C.cx_drivers_predictor_count(self._h)

    def add(self, x, y, weight=1.0):
        """Adds one respondent."""
        with rows_buffer([x], self.k) as b:
            check(C.cx_drivers_add(self._h, b.ptr, rating_value(y), float(weight)))
        return self

    def extend(self, x, y, weights=None):
        """Adds respondents: ``x`` rows of k predictor values, ``y`` their outcomes."""
        with rows_buffer(x, self.k) as xb, doubles(y, rating_value) as yb:
            n = xb.shape[0] if xb.n else 0
            if yb.n != n:
                raise ValueError(f"{n} rows of predictors but {yb.n} outcomes")
            w = as_weights(weights, n)
            try:
                check(C.cx_drivers_add_rows(self._h, xb.ptr, yb.ptr, w.ptr if w else None, n))
            finally:
                if w:
                    w.release()
        return self

    def result(self, missing="listwise", level=0.95):
        """The DriversResult. EmptyError (no rows behind the regression), UndefinedError
        (e.g. collinear predictors) and NoConvergenceError carry the counts in ``result``."""
        r = _CDriversResult()
        status = C.cx_drivers_result(self._h, missing_mode(missing), level, _c.byref(r))
        for cls in _STATUSES_WITH_COUNTS:
            if status == cls.status_code:
                raise cls(status, "the regression is not defined for these rows",
                          result=_drivers_result(r))
        check(status)
        return _drivers_result(r)

    def predictor(self, j, missing="listwise", level=0.95):
        """The Driver figures of predictor ``j`` (0-based). Its correlations are given whenever
        they are defined, even when the regression is not (then beta, the relative weight and
        the rank are NaN / 0 and result() says why)."""
        r = _CDriver()
        status = C.cx_drivers_predictor(self._h, j, missing_mode(missing), level, _c.byref(r))
        if status not in tuple(cls.status_code for cls in _STATUSES_WITH_COUNTS):
            check(status, f"predictor {j!r}")
        return Driver(**r.values())

    def predictors(self, missing="listwise", level=0.95):
        """The Driver figures of every predictor."""
        return [self.predictor(j, missing, level) for j in range(self.k)]


def drivers(x, y, weights=None, missing="listwise", level=0.95):
    """(DriversResult, [Driver per predictor]) of rows of predictor values and their outcomes."""
    b = borrow(x, ("f64",), 2)
    if b is not None:
        k = b.shape[1]
        b.release()
    else:
        x = [list(row) for row in x]
        if not x:
            raise ValueError("no rows")
        k = len(x[0])
    acc = Drivers(k).extend(x, y, weights)
    return acc.result(missing, level), acc.predictors(missing, level)
