# SPDX-License-Identifier: MIT
"""Scale reliability (C: cx-alpha.h): Cronbach's alpha (Psychometrika 16, 1951) with the item
statistics of R's psych::alpha and Feldt's interval (Feldt, Woodruff & Salih 1987)."""
import ctypes as _c

from ._ffi import (Accumulator, C, Copied, MISSING_NAMES, UndefinedError, _dbl, _fn, _i32, _int,
                   _p, _sz, _u64, borrow, check, create, cstruct, missing_mode, rating_value,
                   result_class)

_CAlphaResult = cstruct("CxAlphaResult", [
    ("k", _u64), ("rows", _u64), ("rows_complete", _u64), ("rows_empty", _u64),
    ("rows_excluded", _u64), ("n", _u64), ("n_min_pair", _u64), ("alpha", _dbl),
    ("std_alpha", _dbl), ("average_r", _dbl), ("total_variance", _dbl), ("mean", _dbl),
    ("sd", _dbl), ("ci_lower", _dbl), ("ci_upper", _dbl), ("level", _dbl),
    ("missing_mode", _i32), ("reserved", _i32)])

_CAlphaItem = cstruct("CxAlphaItem", [
    ("n", _u64), ("mean", _dbl), ("sd", _dbl), ("raw_r", _dbl), ("std_r", _dbl),
    ("r_drop", _dbl), ("alpha_if_deleted", _dbl), ("std_alpha_if_deleted", _dbl),
    ("average_r_if_deleted", _dbl)])

_fn("cx_alpha_new", _int, _sz, _int, _c.POINTER(_p))
_fn("cx_alpha_free", None, _p)
_fn("cx_alpha_max_items", _sz)
_fn("cx_alpha_copy", _int, _p, _c.POINTER(_p))
_fn("cx_alpha_reset", _int, _p)
_fn("cx_alpha_item_count", _sz, _p)
_fn("cx_alpha_merge", _int, _p, _p)
_fn("cx_alpha_add", _int, _p, _p)
_fn("cx_alpha_add_rows", _int, _p, _p, _sz)
_fn("cx_alpha_result", _int, _p, _dbl, _c.POINTER(_CAlphaResult))
_fn("cx_alpha_item", _int, _p, _sz, _c.POINTER(_CAlphaItem))
_fn("cx_alpha_feldt", _int, _c.POINTER(_CAlphaResult), _dbl, _int, _c.POINTER(_dbl),
    _c.POINTER(_dbl))

#: Feldt's n (cx_alpha_feldt): 'answered' (the library's rule, the respondents with an answer)
#: or 'rows' (psych::alpha's rule, every row, blank ones included).
FELDT_N = {"answered": 0, "rows": 1}
_fn("cx_alpha_serialize", _int, _p, _p, _p)
_fn("cx_alpha_deserialize", _int, _p, _sz, _c.POINTER(_p))

#: The most items an Alpha accumulator takes (cx_alpha_max_items()).
ALPHA_MAX_ITEMS = C.cx_alpha_max_items()

AlphaResult = result_class(
    "AlphaResult", _CAlphaResult,
    "Scale reliability, as the C CxAlphaResult (``missing_mode`` as a name).",
    replace={"missing_mode": str})
AlphaItem = result_class("AlphaItem", _CAlphaItem, "One item's statistics (the C CxAlphaItem).")


def alpha_result(r):
    values = r.values()
    values["missing_mode"] = MISSING_NAMES[values["missing_mode"]]
    return AlphaResult(**values)


def rows_buffer(rows, k, convert=rating_value):
    """Row-major float64 values of rows of k numbers: a 2-D float64 buffer of k columns is
    borrowed without copying; other rows are converted (None and blank text are NaN)."""
    b = borrow(rows, ("f64",), 2)
    if b is not None:
        if b.shape[1] != k:
            b.release()
            raise ValueError(f"rows have {b.shape[1]} values, expected {k}")
        return b
    flat = []
    n = 0
    for row in rows:
        row = list(row)
        if len(row) != k:
            raise ValueError(f"a row has {len(row)} values, expected {k}")
        flat.extend(convert(v) for v in row)
        n += 1
    return Copied(flat, _dbl, shape=(n, k), kind="f64")


class Alpha(Accumulator):
    """A streaming, mergeable Cronbach's alpha accumulator for k items (C: CxAlpha).

    Rows are sequences of k numbers (None or NaN: missing), or a 2-D float64 array of k
    columns, which is passed without copying. ``missing`` is 'pairwise' (as psych) or
    'listwise'."""
    _c_prefix = "cx_alpha"

    def __init__(self, k, missing="pairwise"):
        mode = missing_mode(missing)
        if not 1 <= k <= ALPHA_MAX_ITEMS:
            raise ValueError(f"k must be 1..{ALPHA_MAX_ITEMS}, not {k}")
        self._adopt(create(C.cx_alpha_new, k, mode))

    @property
    def k(self):
        """The number of items."""
        return C.cx_alpha_item_count(self._h)

    def add(self, row):
        """Adds one respondent's k answers."""
        with rows_buffer([row], self.k) as b:
            check(C.cx_alpha_add(self._h, b.ptr))
        return self

    def extend(self, rows):
        """Adds many respondents (see the class)."""
        with rows_buffer(rows, self.k) as b:
            check(C.cx_alpha_add_rows(self._h, b.ptr, b.shape[0] if b.n else 0))
        return self

    def result(self, level=0.95):
        """The AlphaResult with Feldt's interval at ``level``. UndefinedError when alpha is
        undefined (its ``result`` holds the counts)."""
        r = _CAlphaResult()
        status = C.cx_alpha_result(self._h, level, _c.byref(r))
        if status == UndefinedError.status_code:
            raise UndefinedError(status, result=alpha_result(r))
        check(status)
        return alpha_result(r)

    def feldt(self, level=0.95, n="answered"):
        """Feldt's interval (lower, upper) with the n of ``n``: 'answered' (the default, as
        ``result().ci_lower/ci_upper``: respondents who answered something) or 'rows' (every row,
        blank ones included, as psych::alpha). UndefinedError when alpha is undefined."""
        if n not in FELDT_N:
            raise ValueError(f"n must be 'answered' or 'rows', not {n!r}")
        r = _CAlphaResult()
        status = C.cx_alpha_result(self._h, level, _c.byref(r))
        if status == UndefinedError.status_code:
            raise UndefinedError(status, result=alpha_result(r))
        check(status)
        lo, hi = _dbl(), _dbl()
        check(C.cx_alpha_feldt(_c.byref(r), level, FELDT_N[n], _c.byref(lo), _c.byref(hi)))
        return lo.value, hi.value

    def item(self, index):
        """The AlphaItem of item ``index`` (0-based)."""
        r = _CAlphaItem()
        status = C.cx_alpha_item(self._h, index, _c.byref(r))
        if status == UndefinedError.status_code:
            raise UndefinedError(status, result=AlphaItem(**r.values()))
        check(status, f"item {index}")
        return AlphaItem(**r.values())

    def items(self):
        """The AlphaItem of every item."""
        return [self.item(i) for i in range(self.k)]


def alpha(rows, missing="pairwise", level=0.95):
    """Cronbach's alpha of rows of item scores (an AlphaResult)."""
    b = borrow(rows, ("f64",), 2)
    if b is not None:
        k = b.shape[1]
        b.release()
    else:
        rows = [list(r) for r in rows]
        if not rows:
            raise ValueError("no rows")
        k = len(rows[0])
    return Alpha(k, missing).extend(rows).result(level)

