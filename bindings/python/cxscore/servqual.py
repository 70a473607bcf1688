# SPDX-License-Identifier: MIT
"""SERVQUAL (C: cx-instrument.h, cx-servqual.h): instruments as data, expectation-perception
gaps by item and dimension with paired t-tests, importance weights, SERVPERF, zone of tolerance
and reliability. Sources: Parasuraman, Zeithaml & Berry 1988 (J. Retailing 64(1)), 1991
(J. Retailing 67(4)) and 1994 (J. Retailing 70(3)); Cronin & Taylor 1992; docs/servqual.md."""
import ctypes as _c
import dataclasses
import os
import weakref

from ._ffi import (Accumulator, C, EmptyError, Guarded, MISSING_NAMES, UndefinedError, _dbl, _fn,
                   _i32, _int, _p, _str, _sz, _u32, _u64, check, create, cstruct, encode,
                   locked_together, missing_mode, result_class)
from .alpha import _CAlphaResult, alpha_result, rows_buffer

_CServqualResult = cstruct("CxServqualResult", [
    ("respondents", _u64), ("respondents_used", _u64), ("respondents_excluded", _u64),
    ("answers_missing", _u64), ("answers_not_applicable", _u64), ("rejected", _u64),
    ("rejected_out_of_range", _u64), ("rejected_not_integer", _u64),
    ("rejected_not_a_number", _u64), ("importance_used", _u64), ("importance_rejected", _u64),
    ("inversions", _u64), ("dimensions", _u64), ("items", _u64), ("unweighted_score", _dbl),
    ("weighted_score", _dbl), ("weighted_score_respondent", _dbl), ("servperf", _dbl),
    ("servperf_weighted", _dbl), ("missing_mode", _i32), ("reserved", _i32)])

_CServqualDimension = cstruct("CxServqualDimension", [
    ("n_gap", _u64), ("rank", _u32), ("reserved", _u32), ("expectation", _dbl),
    ("perception", _dbl), ("gap", _dbl), ("gap_sd", _dbl), ("gap_se", _dbl),
    ("gap_ci_lower", _dbl), ("gap_ci_upper", _dbl), ("gap_t", _dbl), ("gap_df", _dbl),
    ("gap_p_value", _dbl), ("weight", _dbl),
    ("alpha_perception", _dbl), ("alpha_expectation", _dbl), ("alpha_gap", _dbl),
    ("adequate", _dbl), ("desired", _dbl), ("msa", _dbl), ("mss", _dbl), ("zone_width", _dbl)])

_CServqualItem = cstruct("CxServqualItem", [
    ("number", _i32), ("dimension", _u32), ("n_expectation", _u64), ("n_perception", _u64),
    ("n_gap", _u64), ("expectation", _dbl), ("perception", _dbl), ("gap", _dbl),
    ("gap_sd", _dbl), ("gap_se", _dbl), ("gap_ci_lower", _dbl), ("gap_ci_upper", _dbl),
    ("gap_t", _dbl), ("gap_df", _dbl), ("gap_p_value", _dbl), ("alpha_if_deleted_perception", _dbl),
    ("item_total_r_perception", _dbl), ("alpha_if_deleted_expectation", _dbl),
    ("item_total_r_expectation", _dbl), ("alpha_if_deleted_gap", _dbl),
    ("item_total_r_gap", _dbl), ("n_zone", _u64), ("below_zone", _u64), ("within_zone", _u64),
    ("above_zone", _u64), ("inversions", _u64), ("adequate", _dbl), ("desired", _dbl),
    ("msa", _dbl), ("mss", _dbl), ("zone_width", _dbl)])

_fn("cx_instrument_max_items", _sz)
_fn("cx_instrument_max_dimensions", _sz)
_fn("cx_instrument_max_definition_size", _sz)
_fn("cx_instrument_new", _int, _c.POINTER(_p))
_fn("cx_instrument_free", None, _p)
_fn("cx_instrument_new_builtin", _int, _int, _c.POINTER(_p))
_fn("cx_instrument_load_file", _int, _p, _str)
_fn("cx_instrument_load_data", _int, _p, _str, _sz)
_fn("cx_instrument_error_message", _str, _p)
_fn("cx_instrument_error_line", _u64, _p)
_fn("cx_instrument_set_name", _int, _p, _str)
_fn("cx_instrument_set_scale", _int, _p, _int, _int)
_fn("cx_instrument_set_not_applicable", _int, _p, _int, _int)
_fn("cx_instrument_add_dimension", _int, _p, _str, _c.POINTER(_sz))
_fn("cx_instrument_add_item", _int, _p, _int, _sz, _str, _int)
_fn("cx_instrument_name", _str, _p)
_fn("cx_instrument_scale_min", _int, _p)
_fn("cx_instrument_scale_max", _int, _p)
_fn("cx_instrument_not_applicable", _int, _p, _c.POINTER(_int))
_fn("cx_instrument_dimension_count", _sz, _p)
_fn("cx_instrument_dimension_name", _str, _p, _sz)
_fn("cx_instrument_item_count", _sz, _p)
_fn("cx_instrument_item_number", _int, _p, _sz)
_fn("cx_instrument_item_dimension", _sz, _p, _sz)
_fn("cx_instrument_item_reverse", _int, _p, _sz)
_fn("cx_instrument_item_label", _str, _p, _sz)
_fn("cx_instrument_equal", _int, _p, _p)

_fn("cx_servqual_new", _int, _p, _int, _c.POINTER(_p))
_fn("cx_servqual_free", None, _p)
_fn("cx_servqual_instrument", _p, _p)
_fn("cx_servqual_set_inversion_policy", _int, _p, _int)
_fn("cx_servqual_importance_tolerance", _dbl)
_fn("cx_servqual_reset", _int, _p)
_fn("cx_servqual_copy", _int, _p, _c.POINTER(_p))
_fn("cx_servqual_merge", _int, _p, _p)
_fn("cx_servqual_add", _int, _p, _p, _p, _p, _p, _p)
_fn("cx_servqual_add_rows", _int, _p, _sz, _p, _p, _p, _p, _p)
_fn("cx_servqual_result", _int, _p, _c.POINTER(_CServqualResult))
_fn("cx_servqual_dimension", _int, _p, _sz, _dbl, _c.POINTER(_CServqualDimension))
_fn("cx_servqual_item", _int, _p, _sz, _dbl, _c.POINTER(_CServqualItem))
_fn("cx_servqual_reliability", _int, _p, _sz, _int, _dbl, _c.POINTER(_CAlphaResult))
_fn("cx_servqual_serialize", _int, _p, _p, _p)
_fn("cx_servqual_deserialize", _int, _p, _sz, _c.POINTER(_p))

#: Limits of an instrument, and the tolerance (points) of an importance allocation around 100.
INSTRUMENT_MAX_ITEMS = C.cx_instrument_max_items()
INSTRUMENT_MAX_DIMENSIONS = C.cx_instrument_max_dimensions()
#: The largest instrument definition (key file) accepted, in bytes.
INSTRUMENT_MAX_DEFINITION_SIZE = C.cx_instrument_max_definition_size()
IMPORTANCE_TOLERANCE = C.cx_servqual_importance_tolerance()

_BUILTIN = {1991: 0, 1988: 1, "servqual-1991": 0, "servqual-1988": 1}
_INVERSION = {"keep": 0, "drop-item": 1, "drop-respondent": 2}
_SERIES = {"perception": 0, "expectation": 1, "gap": 2}


@dataclasses.dataclass(frozen=True)
class InstrumentItem:
    """One item of an instrument: its number (data columns e<number>, p<number>...), the index
    and name of its dimension, its wording (or None) and whether it is reverse-scored."""
    number: int
    dimension: int
    dimension_name: str
    label: object
    reverse: bool


def _text(raw):
    return None if raw is None else raw.decode("utf-8", "surrogateescape")


class Instrument(Guarded):
    """A survey instrument (C: CxInstrument): numbered items, each in one dimension, rated on a
    bounded integer scale, some reverse-worded, with an optional not-applicable code.

    ``Instrument.builtin(1991)`` (the default SERVQUAL) or ``builtin(1988)`` (items 10-13 and
    18-22 reverse-scored); ``Instrument.from_file(path)`` or ``from_text(text)`` load a key file
    (format in cx-instrument.h; errors raise ParseError with ``line``); ``Instrument()`` starts
    empty, to build with add_dimension() and add_item()."""

    def __init__(self, name=None, scale=(1, 7), not_applicable=None):
        self._adopt(create(C.cx_instrument_new))
        if name is not None:
            self.name = name
        if tuple(scale) != (1, 7):
            self.scale = scale
        if not_applicable is not None:
            self.not_applicable = not_applicable

    def _adopt(self, handle, owner=None):
        if not handle:
            raise MemoryError("cx_instrument_new")
        self._init_lock(owner._lock if owner is not None else None)
        self._h = handle
        self._owner = owner  # a Servqual whose instrument this is: read-only, not ours to free
        if owner is None:
            self._finalizer = weakref.finalize(self, C.cx_instrument_free, handle)

    @classmethod
    def _view(cls, handle, owner):
        obj = cls.__new__(cls)
        obj._adopt(handle, owner)
        return obj

    @classmethod
    def builtin(cls, which=1991):
        """A built-in instrument: 1991 / 'servqual-1991' or 1988 / 'servqual-1988'."""
        if which not in _BUILTIN:
            raise ValueError(f"no built-in instrument {which!r}; use 1991 or 1988")
        out = _p()
        check(C.cx_instrument_new_builtin(_BUILTIN[which], _c.byref(out)))
        obj = cls.__new__(cls)
        obj._adopt(out.value)
        return obj

    def _load(self, status):
        if status < 0:
            message = _text(C.cx_instrument_error_message(self._h))
            check(status, message, line=C.cx_instrument_error_line(self._h) or None)
        return self

    @classmethod
    def from_file(cls, path):
        """Loads a key-file definition (ReadError if unreadable, ParseError if invalid)."""
        obj = cls()
        return obj._load(C.cx_instrument_load_file(obj._h, os.fsencode(path)))

    @classmethod
    def from_text(cls, text):
        """Loads a key-file definition from a string or bytes."""
        obj = cls()
        raw = encode(text)
        return obj._load(C.cx_instrument_load_data(obj._h, raw, len(raw)))

    def _writable(self):
        if self._owner is not None:
            raise TypeError("this instrument belongs to a Servqual accumulator: it is read-only")
        return self._h

    @property
    def name(self):
        return _text(C.cx_instrument_name(self._h))

    @name.setter
    def name(self, value):
        check(C.cx_instrument_set_name(self._writable(), encode(value)))

    @property
    def scale(self):
        """(lowest, highest) rating."""
        return (C.cx_instrument_scale_min(self._h), C.cx_instrument_scale_max(self._h))

    @scale.setter
    def scale(self, bounds):
        low, high = bounds
        check(C.cx_instrument_set_scale(self._writable(), low, high), f"scale {low}-{high}")

    @property
    def not_applicable(self):
        """The numeric not-applicable code, or None."""
        code = _int()
        return code.value if C.cx_instrument_not_applicable(self._h, _c.byref(code)) else None

    @not_applicable.setter
    def not_applicable(self, code):
        enabled = code is not None
        check(C.cx_instrument_set_not_applicable(self._writable(), enabled,
                                                 code if enabled else 0),
              f"not-applicable code {code!r}")

    def add_dimension(self, name):
        """Appends a dimension; returns its index."""
        index = _sz()
        check(C.cx_instrument_add_dimension(self._writable(), encode(name), _c.byref(index)),
              f"dimension {name!r}")
        return index.value

    def add_item(self, number, dimension, label=None, reverse=False):
        """Adds item ``number`` to a dimension (index or name)."""
        d = self.dimension_index(dimension)
        check(C.cx_instrument_add_item(self._writable(), number, d,
                                       None if label is None else encode(label), int(reverse)),
              f"item {number!r}")
        return self

    @property
    def dimensions(self):
        """Dimension names, in order."""
        return tuple(_text(C.cx_instrument_dimension_name(self._h, i))
                     for i in range(C.cx_instrument_dimension_count(self._h)))

    def dimension_index(self, dimension):
        if isinstance(dimension, str):
            try:
                return self.dimensions.index(dimension)
            except ValueError:
                raise KeyError(f"no dimension {dimension!r}") from None
        return int(dimension)

    @property
    def items(self):
        """The items (InstrumentItem), in the order of the answer arrays."""
        names = self.dimensions
        out = []
        for i in range(C.cx_instrument_item_count(self._h)):
            d = C.cx_instrument_item_dimension(self._h, i)
            out.append(InstrumentItem(number=C.cx_instrument_item_number(self._h, i),
                                      dimension=d, dimension_name=names[d],
                                      label=_text(C.cx_instrument_item_label(self._h, i)),
                                      reverse=bool(C.cx_instrument_item_reverse(self._h, i))))
        return tuple(out)

    def __len__(self):
        return C.cx_instrument_item_count(self._h)

    def __eq__(self, other):
        """Same items, dimensions, scale, reverse keys and N/A code (names and labels aside)."""
        if not isinstance(other, Instrument):
            return NotImplemented
        with locked_together(self, other):
            return bool(C.cx_instrument_equal(self._h, other._h))

    __hash__ = None

    def copy(self):
        """An independent, writable instrument with the same definition, names and labels."""
        return _rebuild(self.name, self.scale, self.not_applicable, self.dimensions,
                        [dataclasses.astuple(i) for i in self.items])

    def __reduce__(self):
        return (_rebuild, (self.name, self.scale, self.not_applicable, self.dimensions,
                           [dataclasses.astuple(i) for i in self.items]))

    def __repr__(self):
        lo, hi = self.scale
        return (f"<cxscore.Instrument {self.name!r}: {len(self)} items, "
                f"{len(self.dimensions)} dimensions, scale {lo}-{hi}>")


def _rebuild(name, scale, not_applicable, dimensions, items):
    inst = Instrument(name=name, scale=scale, not_applicable=not_applicable)
    for d in dimensions:
        inst.add_dimension(d)
    for number, dimension, _, label, reverse in items:
        inst.add_item(number, dimension, label, reverse)
    return inst


ServqualResult = result_class(
    "ServqualResult", _CServqualResult,
    "Overall SERVQUAL figures (the C CxServqualResult; ``missing_mode`` as a name).",
    replace={"missing_mode": str})
ServqualDimension = result_class(
    "ServqualDimension", _CServqualDimension,
    """One dimension's figures (the C CxServqualDimension) and its ``name``. Gaps are P - E
    (negative: a shortfall); ``rank`` 1 is the largest shortfall.""",
    extra=[("name", str)])
ServqualItem = result_class("ServqualItem", _CServqualItem,
                            "One item's figures (the C CxServqualItem).")


class Servqual(Accumulator):
    """A streaming, mergeable SERVQUAL accumulator (C: CxServqual) for an instrument (default:
    the built-in 1991 SERVQUAL, 22 items, 5 dimensions, 1-7).

    Per respondent, answer arrays in the instrument's item order, any of which may be left out:
    ``expectation``, ``perception``, ``adequate`` and ``desired`` ratings, and ``importance``
    points per dimension (summing to 100). Values are numbers, None / NaN / blank text
    (missing), or other text (rejected as not a number), as in a CSV export. ``missing`` is
    'pairwise', 'listwise' or 'respondent'; ``inversion`` ('keep', 'drop-item',
    'drop-respondent') says what to do when adequate > desired."""
    _c_prefix = "cx_servqual"

    def __init__(self, instrument=None, missing="pairwise", inversion="keep"):
        if instrument is None:
            instrument = Instrument.builtin(1991)
        if not isinstance(instrument, Instrument):
            raise TypeError("instrument must be a cxscore.Instrument")
        if len(instrument) == 0:
            raise ValueError("the instrument has no items")
        mode = missing_mode(missing, ("pairwise", "listwise", "respondent"))
        if inversion not in _INVERSION:
            raise ValueError(f"inversion must be one of {', '.join(_INVERSION)}")
        with instrument._lock:
            self._adopt(create(C.cx_servqual_new, instrument._h, mode))
        check(C.cx_servqual_set_inversion_policy(self._h, _INVERSION[inversion]))

    @property
    def instrument(self):
        """The accumulator's instrument (read-only; .copy() gives a writable one)."""
        return Instrument._view(C.cx_servqual_instrument(self._h), self)

    def _sizes(self):
        inst = C.cx_servqual_instrument(self._h)
        return C.cx_instrument_item_count(inst), C.cx_instrument_dimension_count(inst)

    def _arrays(self, expectation, perception, importance, adequate, desired):
        items, dims = self._sizes()
        given = {"expectation": (expectation, items), "perception": (perception, items),
                 "importance": (importance, dims), "adequate": (adequate, items),
                 "desired": (desired, items)}
        bufs = {}
        try:
            for name, (rows, k) in given.items():
                if rows is not None:
                    bufs[name] = rows_buffer(rows, k)
        except BaseException:
            for b in bufs.values():
                b.release()
            raise
        sizes = {b.shape[0] if b.n else 0 for b in bufs.values()}
        if len(sizes) > 1:
            for b in bufs.values():
                b.release()
            raise ValueError("the answer arrays have different numbers of respondents")
        return bufs, (sizes.pop() if sizes else 0)

    def _call(self, fn, rows, *arrays):
        bufs, n = self._arrays(*arrays)
        try:
            ptrs = [bufs[k].ptr if k in bufs else None
                    for k in ("expectation", "perception", "importance", "adequate", "desired")]
            if rows:
                check(fn(self._h, n, *ptrs))
            else:
                check(fn(self._h, *ptrs))
        finally:
            for b in bufs.values():
                b.release()
        return self

    def add(self, expectation=None, perception=None, importance=None, adequate=None,
            desired=None):
        """Adds one respondent (each argument one array, or None)."""
        one = [None if a is None else [a] for a in
               (expectation, perception, importance, adequate, desired)]
        return self._call(C.cx_servqual_add, False, *one)

    def extend(self, expectation=None, perception=None, importance=None, adequate=None,
               desired=None):
        """Adds many respondents: each argument is a sequence of rows or a 2-D float64 array
        (passed without copying), all with the same number of respondents."""
        return self._call(C.cx_servqual_add_rows, True, expectation, perception, importance,
                          adequate, desired)

    def result(self):
        """The ServqualResult. EmptyError if no respondent gave a usable answer."""
        r = _CServqualResult()
        status = C.cx_servqual_result(self._h, _c.byref(r))
        values = r.values()
        values["missing_mode"] = MISSING_NAMES[values["missing_mode"]]
        if status == EmptyError.status_code:
            raise EmptyError(status, result=ServqualResult(**values))
        check(status)
        return ServqualResult(**values)

    def dimension(self, dimension, level=0.95):
        """The ServqualDimension of a dimension (index or name), intervals at ``level``."""
        inst = self.instrument
        d = inst.dimension_index(dimension)
        r = _CServqualDimension()
        check(C.cx_servqual_dimension(self._h, d, level, _c.byref(r)), f"dimension {dimension!r}")
        return ServqualDimension(**r.values(), name=inst.dimensions[d])

    def dimensions(self, level=0.95):
        """Every dimension's figures, in order."""
        return [self.dimension(d, level) for d in range(self._sizes()[1])]

    def item(self, index, level=0.95):
        """The ServqualItem of the item at ``index`` (instrument order, 0-based)."""
        r = _CServqualItem()
        check(C.cx_servqual_item(self._h, index, level, _c.byref(r)), f"item index {index!r}")
        return ServqualItem(**r.values())

    def items(self, level=0.95):
        """Every item's figures, in instrument order."""
        return [self.item(i, level) for i in range(self._sizes()[0])]

    def reliability(self, dimension, series="gap", level=0.95):
        """Cronbach's alpha (an AlphaResult) of a dimension's 'perception', 'expectation' or
        'gap' scores. UndefinedError when it is undefined."""
        if series not in _SERIES:
            raise ValueError(f"series must be one of {', '.join(_SERIES)}")
        d = self.instrument.dimension_index(dimension)
        r = _CAlphaResult()
        status = C.cx_servqual_reliability(self._h, d, _SERIES[series], level, _c.byref(r))
        if status == UndefinedError.status_code:
            raise UndefinedError(status, f"{series} of dimension {dimension!r}",
                                 result=alpha_result(r))
        check(status, f"dimension {dimension!r}")
        return alpha_result(r)
