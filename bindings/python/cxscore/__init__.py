# SPDX-License-Identifier: MIT
"""Python binding of libcxscore over ctypes: no compiler needed, standard library only.

    >>> import cxscore
    >>> r = cxscore.nps([10, 9, 8, 6, 0, 7, 10], method="tango")
    >>> round(r.nps, 1), r.promoters, r.detractors
    (14.3, 3, 2)

The shared library is found, in order, at the path in the environment variable CXSCORE_LIBRARY,
in the libdir that ``pkg-config cxscore`` reports, then by the dynamic linker's normal search for
``libcxscore.so.<major>``. A library of another major version is refused.

Scores, standard errors and interval bounds are in NPS points (-100..100); shares are proportions.
Errors raise :class:`Error` (or a subclass) carrying the C status code and message.
"""
import ctypes
import ctypes.util
import dataclasses
import math
import os
import subprocess

__all__ = [
    "Error", "EmptyError", "UndefinedError", "CorruptError", "VersionError",
    "Nps", "NpsResult", "NpsComparison", "nps", "compare", "sample_size",
    "Alpha", "AlphaResult", "AlphaItem", "alpha",
    "library_version", "MAJOR",
]

#: The library major version this binding was written for.
MAJOR = 0

# ---- errors ----------------------------------------------------------------------------------


class Error(Exception):
    """A libcxscore call failed. ``status`` is the C status code, ``name`` its CX_E_* name."""

    def __init__(self, status, detail=None):
        self.status = status
        self.name = _lib.cx_status_name(status).decode() if _lib else str(status)
        message = _lib.cx_strerror(status).decode() if _lib else "libcxscore error"
        if detail:
            message = f"{message}: {detail}"
        super().__init__(f"{message} ({self.name})")


class EmptyError(Error):
    """No usable data (CX_E_EMPTY): e.g. the NPS of zero valid answers."""


class UndefinedError(Error):
    """The statistic is undefined for the data (CX_E_UNDEFINED), e.g. alpha with zero variance."""


class CorruptError(Error):
    """Serialized state is truncated or corrupted (CX_E_CORRUPT)."""


class VersionError(Error):
    """Serialized state comes from a newer library (CX_E_VERSION)."""


_ERRORS = {-3: EmptyError, -15: UndefinedError, -5: CorruptError, -6: VersionError}


def _check(status, detail=None):
    if status < 0:
        raise _ERRORS.get(status, Error)(status, detail)
    return status


# ---- loading the library ---------------------------------------------------------------------

def _candidates():
    env = os.environ.get("CXSCORE_LIBRARY")
    if env:
        yield env
        return
    soname = f"libcxscore.so.{MAJOR}"
    try:
        libdir = subprocess.run(["pkg-config", "--variable=libdir", "cxscore"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
        if libdir:
            yield os.path.join(libdir, soname)
    except (OSError, subprocess.SubprocessError):
        pass
    yield soname
    found = ctypes.util.find_library("cxscore")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path}: {e}")
            continue
        lib.cx_version_major.restype = ctypes.c_int
        major = lib.cx_version_major()
        if major != MAJOR:
            raise ImportError(f"{path} is libcxscore major version {major}; this binding "
                              f"needs major version {MAJOR}")
        return lib
    raise ImportError("libcxscore not found (set CXSCORE_LIBRARY to its path): " +
                      "; ".join(tried))


_lib = None
_lib = _load()

_c = ctypes
_sz = _c.c_size_t
_u64 = _c.c_uint64
_dbl = _c.c_double
_p = _c.c_void_p


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


_fn("cx_strerror", _c.c_char_p, _c.c_int)
_fn("cx_status_name", _c.c_char_p, _c.c_int)
_fn("cx_version_string", _c.c_char_p)
_fn("cx_free", None, _p)


def library_version():
    """The version string of the loaded libcxscore, e.g. '0.1.0'."""
    return _lib.cx_version_string().decode()


class _Sized(_c.Structure):
    """A C result struct whose first field, size, must hold its size."""

    def __init__(self):
        super().__init__()
        self.size = _c.sizeof(self)

    def _public(self):
        return {name: getattr(self, name) for name, _ in self._fields_ if name != "size"}


def _as_array(values, ctype, typecode):
    """A ctypes pointer to values: buffers (numpy arrays, array.array, bytes) of the right
    element type are passed without copying; other iterables are converted once."""
    try:
        mv = memoryview(values)
    except TypeError:
        mv = None
    if mv is not None and mv.format == typecode and mv.c_contiguous:
        n = mv.nbytes // _c.sizeof(ctype)
        if mv.readonly:
            holder = (ctype * n).from_buffer_copy(mv)  # a read-only buffer must be copied
        else:
            holder = (ctype * n).from_buffer(mv)
        return holder, n
    seq = list(values)
    holder = (ctype * len(seq))(*seq)
    return holder, len(seq)


def _serialized(fn, handle):
    buf = _c.POINTER(_c.c_uint8)()
    n = _sz()
    _check(fn(handle, _c.byref(buf), _c.byref(n)))
    try:
        return _c.string_at(buf, n.value)
    finally:
        _lib.cx_free(buf)  # memory handed out by C is released by C, exactly once


def _deserialize(fn, data):
    data = bytes(data)
    out = _p()
    _check(fn(data, len(data), _c.byref(out)))
    return out


# ---- NPS -------------------------------------------------------------------------------------

class _CNpsResult(_Sized):
    _fields_ = [("size", _sz), ("counts", _u64 * 11),
                ("detractors", _u64), ("passives", _u64), ("promoters", _u64), ("n", _u64),
                ("missing", _u64), ("rejected", _u64), ("rejected_out_of_range", _u64),
                ("rejected_not_integer", _u64), ("rejected_not_a_number", _u64),
                ("rejected_weight_negative", _u64), ("rejected_weight_invalid", _u64),
                ("weight_total", _dbl), ("weight_promoters", _dbl), ("weight_passives", _dbl),
                ("weight_detractors", _dbl), ("n_eff", _dbl), ("p_promoters", _dbl),
                ("p_passives", _dbl), ("p_detractors", _dbl), ("nps", _dbl), ("variance", _dbl),
                ("se", _dbl)]


class _CNpsComparison(_Sized):
    _fields_ = [("size", _sz), ("diff", _dbl), ("se", _dbl), ("z", _dbl), ("p_value", _dbl),
                ("ci_lower", _dbl), ("ci_upper", _dbl)]


_fn("cx_nps_new", _p)
_fn("cx_nps_free", None, _p)
_fn("cx_nps_copy", _p, _p)
_fn("cx_nps_reset", _c.c_int, _p)
_fn("cx_nps_merge", _c.c_int, _p, _p)
_fn("cx_nps_add_weighted", _c.c_int, _p, _c.c_int, _dbl)
_fn("cx_nps_add_u8", _c.c_int, _p, _p, _p, _sz)
_fn("cx_nps_add_int", _c.c_int, _p, _p, _p, _sz)
_fn("cx_nps_add_double", _c.c_int, _p, _p, _p, _sz)
_fn("cx_nps_add_text", _c.c_int, _p, _c.c_char_p, _sz, _dbl)
_fn("cx_nps_add_missing", _c.c_int, _p, _u64)
_fn("cx_nps_result", _c.c_int, _p, _c.POINTER(_CNpsResult))
_fn("cx_nps_interval", _c.c_int, _c.POINTER(_CNpsResult), _dbl, _c.c_int,
    _c.POINTER(_dbl), _c.POINTER(_dbl))
_fn("cx_nps_compare", _c.c_int, _c.POINTER(_CNpsResult), _c.POINTER(_CNpsResult), _dbl,
    _c.POINTER(_CNpsComparison))
_fn("cx_nps_sample_size", _c.c_int, _dbl, _dbl, _dbl, _dbl, _c.POINTER(_u64))
_fn("cx_nps_serialize", _c.c_int, _p, _p, _p)
_fn("cx_nps_deserialize", _c.c_int, _c.c_char_p, _sz, _c.POINTER(_p))
_fn("cx_nps_ci_method_from_name", _c.c_int, _c.c_char_p)

_NPS_FIELDS = [name for name, _ in _CNpsResult._fields_ if name != "size"]


@dataclasses.dataclass(frozen=True)
class NpsResult:
    """Everything about the answers, as the C CxNpsResult, plus the interval asked for.

    ``counts`` is a tuple of 11 counts (answers 0..10). ``nps``, ``se``, ``ci_lower`` and
    ``ci_upper`` are in points; ``level`` and ``method`` say which interval."""
    counts: tuple
    detractors: int
    passives: int
    promoters: int
    n: int
    missing: int
    rejected: int
    rejected_out_of_range: int
    rejected_not_integer: int
    rejected_not_a_number: int
    rejected_weight_negative: int
    rejected_weight_invalid: int
    weight_total: float
    weight_promoters: float
    weight_passives: float
    weight_detractors: float
    n_eff: float
    p_promoters: float
    p_passives: float
    p_detractors: float
    nps: float
    variance: float
    se: float
    ci_lower: float
    ci_upper: float
    level: float
    method: str


@dataclasses.dataclass(frozen=True)
class NpsComparison:
    """Segment minus baseline: difference, SE, z, two-sided p and CI, in points."""
    diff: float
    se: float
    z: float
    p_value: float
    ci_lower: float
    ci_upper: float
    level: float


class Nps:
    """A streaming, mergeable NPS accumulator (C: CxNps).

    ``add(score, weight=1.0)`` takes one answer (int, float, or text as in a CSV cell);
    ``extend(scores, weights=None)`` takes any iterable or buffer. Bad answers are counted as
    rejected, by reason, never raised. Accumulators merge with ``merge`` or ``+``, copy with
    ``copy``, and pickle through the library's versioned serialization."""

    def __init__(self, scores=None, weights=None):
        self._h = _lib.cx_nps_new()
        if not self._h:
            raise MemoryError("cx_nps_new")
        if scores is not None:
            self.extend(scores, weights)

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h and _lib:
            _lib.cx_nps_free(h)

    @classmethod
    def _wrap(cls, handle):
        obj = cls.__new__(cls)
        obj._h = handle
        return obj

    def add(self, score, weight=1.0):
        if isinstance(score, (str, bytes)):
            raw = score.encode() if isinstance(score, str) else score
            _check(_lib.cx_nps_add_text(self._h, raw, len(raw), float(weight)))
        elif score is None:
            _check(_lib.cx_nps_add_missing(self._h, 1))
        elif isinstance(score, float):
            self.extend([score], [weight])
        else:
            _check(_lib.cx_nps_add_weighted(self._h, int(score), float(weight)))
        return self

    def extend(self, scores, weights=None):
        """Adds many answers. A buffer of uint8 ('B'), int32 ('i') or float64 ('d') is passed to
        C without copying; anything else is converted (None and NaN count as missing)."""
        try:
            fmt = memoryview(scores).format
        except TypeError:
            fmt = None
        w, nw = (None, None) if weights is None else _as_array(weights, _dbl, "d")
        if fmt == "B":
            s, n = _as_array(scores, _c.c_uint8, "B")
            fn = _lib.cx_nps_add_u8
        elif fmt == "i":
            s, n = _as_array(scores, _c.c_int, "i")
            fn = _lib.cx_nps_add_int
        else:
            values = [math.nan if v is None else v for v in scores] if fmt is None else scores
            s, n = _as_array(values, _dbl, "d")
            fn = _lib.cx_nps_add_double
        if w is not None and nw != n:
            raise ValueError(f"{n} scores but {nw} weights")
        _check(fn(self._h, s, w, n))
        return self

    def add_missing(self, count=1):
        _check(_lib.cx_nps_add_missing(self._h, count))
        return self

    def reset(self):
        _check(_lib.cx_nps_reset(self._h))

    def merge(self, other):
        _check(_lib.cx_nps_merge(self._h, other._h))
        return self

    def copy(self):
        return Nps._wrap(_lib.cx_nps_copy(self._h))

    def __add__(self, other):
        return self.copy().merge(other)

    def _c_result(self, allow_empty=False):
        r = _CNpsResult()
        status = _lib.cx_nps_result(self._h, _c.byref(r))
        if status != -3 or not allow_empty:
            _check(status)
        return r

    def result(self, level=0.95, method="tango"):
        """The NpsResult with a confidence interval. Raises EmptyError without valid answers."""
        r = self._c_result()
        m = _lib.cx_nps_ci_method_from_name(method.encode())
        _check(m, f"unknown method {method!r}")
        lo, hi = _dbl(), _dbl()
        _check(_lib.cx_nps_interval(_c.byref(r), level, m, _c.byref(lo), _c.byref(hi)))
        values = r._public()
        values["counts"] = tuple(r.counts)
        return NpsResult(**values, ci_lower=lo.value, ci_upper=hi.value, level=level,
                         method=method)

    def compare(self, baseline, level=0.95):
        """This accumulator's NPS minus ``baseline``'s, with z, p and CI."""
        a, b = self._c_result(), baseline._c_result()
        c = _CNpsComparison()
        _check(_lib.cx_nps_compare(_c.byref(a), _c.byref(b), level, _c.byref(c)))
        return NpsComparison(**c._public(), level=level)

    def to_bytes(self):
        return _serialized(_lib.cx_nps_serialize, self._h)

    @classmethod
    def from_bytes(cls, data):
        return cls._wrap(_deserialize(_lib.cx_nps_deserialize, data))

    def __reduce__(self):
        return (Nps.from_bytes, (self.to_bytes(),))


def nps(scores, weights=None, level=0.95, method="tango"):
    """NPS of an iterable or buffer of 0-10 answers: an NpsResult (points)."""
    return Nps(scores, weights).result(level, method)


def compare(segment, baseline, level=0.95):
    """NPS difference of two accumulators or answer lists: segment minus baseline."""
    a = segment if isinstance(segment, Nps) else Nps(segment)
    b = baseline if isinstance(baseline, Nps) else Nps(baseline)
    return a.compare(b, level)


def sample_size(margin, level=0.95, promoters=0.5, detractors=0.5):
    """Respondents needed for a margin of error (points); the default shares are the worst case."""
    n = _u64()
    _check(_lib.cx_nps_sample_size(margin, level, promoters, detractors, _c.byref(n)))
    return n.value


# ---- Cronbach's alpha ------------------------------------------------------------------------

class _CAlphaResult(_Sized):
    _fields_ = [("size", _sz), ("k", _u64), ("rows", _u64), ("rows_complete", _u64),
                ("rows_empty", _u64), ("rows_excluded", _u64), ("n", _u64), ("n_min_pair", _u64),
                ("alpha", _dbl), ("std_alpha", _dbl), ("average_r", _dbl),
                ("total_variance", _dbl), ("mean", _dbl), ("sd", _dbl), ("ci_lower", _dbl),
                ("ci_upper", _dbl), ("level", _dbl), ("missing_mode", _c.c_int32)]


class _CAlphaItem(_Sized):
    _fields_ = [("size", _sz), ("n", _u64), ("mean", _dbl), ("sd", _dbl), ("raw_r", _dbl),
                ("std_r", _dbl), ("r_drop", _dbl), ("alpha_if_deleted", _dbl),
                ("std_alpha_if_deleted", _dbl), ("average_r_if_deleted", _dbl)]


_fn("cx_alpha_new", _p, _sz, _c.c_int)
_fn("cx_alpha_free", None, _p)
_fn("cx_alpha_copy", _p, _p)
_fn("cx_alpha_items", _sz, _p)
_fn("cx_alpha_merge", _c.c_int, _p, _p)
_fn("cx_alpha_add_rows", _c.c_int, _p, _p, _sz)
_fn("cx_alpha_result", _c.c_int, _p, _dbl, _c.POINTER(_CAlphaResult))
_fn("cx_alpha_item", _c.c_int, _p, _sz, _c.POINTER(_CAlphaItem))
_fn("cx_alpha_serialize", _c.c_int, _p, _p, _p)
_fn("cx_alpha_deserialize", _c.c_int, _c.c_char_p, _sz, _c.POINTER(_p))

_MODES = {"pairwise": 0, "listwise": 1}

AlphaResult = dataclasses.make_dataclass(
    "AlphaResult", [n for n, _ in _CAlphaResult._fields_ if n != "size"], frozen=True)
AlphaResult.__doc__ = "Scale reliability, as the C CxAlphaResult (missing_mode as a name)."
AlphaItem = dataclasses.make_dataclass(
    "AlphaItem", [n for n, _ in _CAlphaItem._fields_ if n != "size"], frozen=True)
AlphaItem.__doc__ = "One item's statistics, as the C CxAlphaItem."


class Alpha:
    """A streaming, mergeable Cronbach's alpha accumulator for k items (C: CxAlpha).
    Rows are sequences of k numbers; None or NaN is a missing answer."""

    def __init__(self, k, missing="pairwise"):
        if missing not in _MODES:
            raise ValueError(f"missing must be one of {sorted(_MODES)}")
        self._h = _lib.cx_alpha_new(k, _MODES[missing])
        if not self._h:
            raise ValueError(f"cannot make an accumulator for k = {k}")

    def __del__(self):
        h, self._h = getattr(self, "_h", None), None
        if h and _lib:
            _lib.cx_alpha_free(h)

    @property
    def k(self):
        return _lib.cx_alpha_items(self._h)

    def extend(self, rows):
        flat = []
        k = self.k
        for row in rows:
            row = list(row)
            if len(row) != k:
                raise ValueError(f"a row has {len(row)} values, expected {k}")
            flat.extend(math.nan if v is None else float(v) for v in row)
        arr = (_dbl * len(flat))(*flat)
        _check(_lib.cx_alpha_add_rows(self._h, arr, len(flat) // k if k else 0))
        return self

    def merge(self, other):
        _check(_lib.cx_alpha_merge(self._h, other._h))
        return self

    def copy(self):
        obj = Alpha.__new__(Alpha)
        obj._h = _lib.cx_alpha_copy(self._h)
        return obj

    def __add__(self, other):
        return self.copy().merge(other)

    def result(self, level=0.95):
        r = _CAlphaResult()
        _check(_lib.cx_alpha_result(self._h, level, _c.byref(r)))
        values = r._public()
        values["missing_mode"] = {v: k for k, v in _MODES.items()}[values["missing_mode"]]
        return AlphaResult(**values)

    def item(self, index):
        r = _CAlphaItem()
        _check(_lib.cx_alpha_item(self._h, index, _c.byref(r)))
        return AlphaItem(**r._public())

    def items(self):
        return [self.item(i) for i in range(self.k)]

    def to_bytes(self):
        return _serialized(_lib.cx_alpha_serialize, self._h)

    @classmethod
    def from_bytes(cls, data):
        obj = cls.__new__(cls)
        obj._h = _deserialize(_lib.cx_alpha_deserialize, data)
        return obj

    def __reduce__(self):
        return (Alpha.from_bytes, (self.to_bytes(),))


def alpha(rows, missing="pairwise", level=0.95):
    """Cronbach's alpha of rows of item scores (an AlphaResult)."""
    rows = [list(r) for r in rows]
    if not rows:
        raise ValueError("no rows")
    return Alpha(len(rows[0]), missing).extend(rows).result(level)
