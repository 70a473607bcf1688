# SPDX-License-Identifier: MIT
"""The ctypes layer: finding and loading libcxscore, the C prototypes, status codes as
exceptions, result structs, borrowing buffers without copying, and memory handed out by C.

Everything else in the package calls C through the namespace ``C`` below (``C.cx_nps_new(...)``)
at call time, so a test can wrap one function (e.g. ``C.cx_free``) and watch every call."""
import contextlib
import ctypes
import ctypes.util
import dataclasses
import functools
import inspect
import math
import os
import subprocess
import sys
import threading
import weakref

#: The library major version (soname libcxscore.so.MAJOR) this binding was written for.
MAJOR = 0

_c = ctypes
_sz = _c.c_size_t
_u64 = _c.c_uint64
_u32 = _c.c_uint32
_i32 = _c.c_int32
_int = _c.c_int
_dbl = _c.c_double
_p = _c.c_void_p
_str = _c.c_char_p


# ---- loading the library ---------------------------------------------------------------------

def _pkg_config_libdir():
    try:
        done = subprocess.run(["pkg-config", "--variable=libdir", "cxscore"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _candidates():
    """Where to look, in order: $CXSCORE_LIBRARY alone if set; pkg-config's libdir; the dynamic
    linker's search for the soname; ctypes.util.find_library (ldconfig's cache, gcc, ld)."""
    env = os.environ.get("CXSCORE_LIBRARY")
    if env:
        yield env
        return
    soname = f"libcxscore.so.{MAJOR}"
    libdir = _pkg_config_libdir()
    if libdir:
        yield os.path.join(libdir, soname)
    yield soname
    found = ctypes.util.find_library("cxscore")
    if found:
        yield found


def _loaded_path(lib, fallback):
    """The file the dynamic linker really loaded (dladdr on one of its symbols), else fallback."""

    class _DlInfo(_c.Structure):
        _fields_ = [("dli_fname", _str), ("dli_fbase", _p), ("dli_sname", _str),
                    ("dli_saddr", _p)]

    try:
        dladdr = _c.CDLL(None).dladdr
    except (OSError, AttributeError):
        return fallback
    dladdr.argtypes = [_p, _c.POINTER(_DlInfo)]
    dladdr.restype = _int
    info = _DlInfo()
    addr = _c.cast(lib.cx_version_major, _p)
    if dladdr(addr, _c.byref(info)) and info.dli_fname:
        return os.path.realpath(os.fsdecode(info.dli_fname))
    return fallback


def _load():
    tried = []
    for path in _candidates():
        try:
            lib = _c.CDLL(path)
        except OSError as e:
            tried.append(str(e))
            continue
        try:
            version_major = lib.cx_version_major
        except AttributeError:
            tried.append(f"{path}: not libcxscore (no cx_version_major)")
            continue
        version_major.restype = _int
        version_major.argtypes = []
        major = version_major()
        where = _loaded_path(lib, path)
        if major != MAJOR:
            raise ImportError(
                f"{where} is libcxscore major version {major}, but this cxscore package was "
                f"written for major version {MAJOR} (libcxscore.so.{MAJOR}); install the "
                f"matching library or binding, or point CXSCORE_LIBRARY at libcxscore.so.{MAJOR}")
        return lib, where
    raise ImportError("libcxscore not found; install it (see the README) or set CXSCORE_LIBRARY "
                      "to the path of libcxscore.so." + str(MAJOR) + ". Tried: " +
                      "; ".join(tried))


_lib, LIBRARY_PATH = _load()


class _Api:
    """The C functions, prototyped. Attributes are looked up at call time (tests may wrap them)."""


C = _Api()


def _int_range(ctype):
    bits = 8 * _c.sizeof(ctype)
    signed = ctype(-1).value < 0
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


#: The C integer types of the prototypes, with their ranges: ctypes converts a Python int to
#: them modulo 2^bits, so that add_missing(-5) added 18446744073709551611 and 2**64 added 0.
_INT_RANGES = {t: _int_range(t) for t in (_c.c_uint8, _c.c_uint32, _c.c_uint64, _c.c_size_t,
                                          _c.c_int, _c.c_int32, _c.c_int64)}


def _argument_checks(name, argtypes):
    """(index, check) of the arguments that ctypes would convert silently: integers out of
    their C type's range (ValueError if negative for an unsigned type, OverflowError
    otherwise) and NUL-terminated strings with a NUL inside (ValueError, as open() does: C
    would see only the text before it). A char * followed by a size_t is a (pointer, length)
    pair, where NUL is data."""
    checks = []
    for i, t in enumerate(argtypes):
        if t in _INT_RANGES:
            lo, hi = _INT_RANGES[t]

            def check_int(v, i=i, lo=lo, hi=hi):
                if isinstance(v, int) and not lo <= v <= hi:
                    kind = ValueError if v < 0 and lo == 0 else OverflowError
                    raise kind(f"{name}: argument {i + 1} is {v}, outside [{lo}, {hi}]")
            checks.append((i, check_int))
        elif t is _str and (i + 1 >= len(argtypes) or argtypes[i + 1] is not _sz):
            def check_str(v, i=i):
                if isinstance(v, (bytes, bytearray)) and b"\0" in v:
                    raise ValueError(f"{name}: argument {i + 1} has an embedded null byte")
            checks.append((i, check_str))
    return checks


def int_array(ctype, values):
    """A ctypes array of integers, each checked against the C type's range as _fn() checks
    arguments (a ctypes array converts modulo 2^bits too)."""
    values = [int(v) for v in values]
    lo, hi = _INT_RANGES[ctype]
    for v in values:
        if not lo <= v <= hi:
            kind = ValueError if v < 0 and lo == 0 else OverflowError
            raise kind(f"{v} is outside [{lo}, {hi}]")
    return (ctype * len(values))(*values)


def _fn(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    checks = _argument_checks(name, argtypes)
    if checks:
        def call(*args):
            for i, check_arg in checks:
                if i < len(args):
                    check_arg(args[i])
            return f(*args)
        call.__name__ = name
        call.__wrapped__ = f
        setattr(C, name, call)
    else:
        setattr(C, name, f)


# ---- result structs --------------------------------------------------------------------------

class Sized(_c.Structure):
    """A C result struct whose first field, ``size``, holds ctypes.sizeof(the struct): the
    library fills only that many bytes, so a struct that grows in C never overflows ours."""

    def __init__(self):
        super().__init__()
        self.size = _c.sizeof(self)

    def values(self):
        """Field values except size and the reserved padding fields; C arrays become tuples."""
        out = {}
        for name, _ in self._fields_:
            if name in _HIDDEN:
                continue
            v = getattr(self, name)
            out[name] = tuple(v) if isinstance(v, _c.Array) else v
        return out


#: Every C result struct the binding mirrors, by its C name (tests compare them with the headers).
STRUCTS = {}

#: C fields that are not figures: the struct's size and the reserved fields that keep its layout
#: explicit (cx-common.h). Results do not show them.
_HIDDEN = ("size", "reserved")


def cstruct(c_name, fields):
    cls = type("_C" + c_name, (Sized,), {"_fields_": [("size", _sz)] + fields})
    STRUCTS[c_name] = cls
    return cls


def _py_type(ctype):
    if issubclass(ctype, _c.Array):
        return tuple
    return float if ctype in (_dbl, _c.c_float) else int


class _NaN:
    """Stands for NaN when results are compared or hashed (NaN matches NaN there)."""

    def __repr__(self):
        return "nan"


_NAN = _NaN()


def _key(v):
    if isinstance(v, float) and math.isnan(v):
        return _NAN
    if isinstance(v, tuple):
        return tuple(_key(x) for x in v)
    return v


def _fields_key(obj):
    return tuple(_key(getattr(obj, f.name)) for f in dataclasses.fields(obj))


def _result_eq(self, other):
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _fields_key(self) == _fields_key(other)


def _result_hash(self):
    return hash(_fields_key(self))


def result_class(name, struct, doc, extra=(), replace=None):
    """A frozen dataclass with the struct's fields (size excepted) in C order, then ``extra``
    (name, type) pairs; ``replace`` maps a field to the Python type it is converted to.
    Results compare equal when every field does, NaN matching NaN (a figure the data cannot
    give is NaN in both)."""
    replace = replace or {}
    fields = [(f, replace.get(f, _py_type(t))) for f, t in struct._fields_ if f not in _HIDDEN]
    cls = dataclasses.make_dataclass(name, fields + list(extra), frozen=True, eq=False,
                                     namespace={"__eq__": _result_eq,
                                                "__hash__": _result_hash})
    cls.__doc__ = doc + "\n\n    Equal when every field is, NaN matching NaN."
    cls.__module__ = "cxscore"
    return cls


# ---- errors ----------------------------------------------------------------------------------

_fn("cx_strerror", _str, _int)
_fn("cx_status_name", _str, _int)


class Error(Exception):
    """A libcxscore call failed.

    ``status`` is the C status code (a negative CX_E_* number, stable across releases), ``name``
    its CX_E_* name and ``message`` the library's description (cx_strerror); ``detail`` says
    more when the library or the binding knows more (e.g. the line of a bad instrument file, kept
    in ``line``). For CX_E_EMPTY and CX_E_UNDEFINED, ``result`` holds what the library still
    filled in (counts, with NaN statistics), when there is a result."""

    def __init__(self, status, detail=None, line=None, result=None):
        self.status = status
        self.name = C.cx_status_name(status).decode()
        self.message = C.cx_strerror(status).decode()
        self.detail = detail or None
        self.line = line
        self.result = result
        text = self.message + (f": {self.detail}" if self.detail else "")
        super().__init__(f"{text} ({self.name})")


class InvalidArgumentError(Error, ValueError):
    """CX_E_INVALID_ARGUMENT: e.g. a level outside (0, 1), an unknown method or bad bounds."""


class NoMemoryError(Error, MemoryError):
    """CX_E_NO_MEMORY."""


class EmptyError(Error):
    """CX_E_EMPTY: no usable data, e.g. the NPS of zero valid answers."""


class StructSizeError(Error):
    """CX_E_STRUCT_SIZE: a result struct is smaller than the library accepts (binding too old)."""


class CorruptError(Error, ValueError):
    """CX_E_CORRUPT: serialized state is truncated, corrupted or inconsistent."""


class VersionError(Error, ValueError):
    """CX_E_VERSION: serialized state was written by a newer, incompatible library."""


class ReadError(Error, OSError):
    """CX_E_IO: reading input failed."""


class MalformedRowError(Error):
    """CX_E_MALFORMED_ROW: a CSV record is malformed (the reader counts it and reads on)."""


class NoHeaderError(Error):
    """CX_E_NO_HEADER: the CSV input is empty."""


class ColumnNotFoundError(Error, LookupError):
    """CX_E_COLUMN_NOT_FOUND."""


class ColumnDuplicateError(Error, LookupError):
    """CX_E_COLUMN_DUPLICATE: several columns have the name."""


class MismatchError(Error, ValueError):
    """CX_E_MISMATCH: two accumulators cannot be combined (different scale, instrument, mode)."""


class NoConvergenceError(Error):
    """CX_E_NO_CONVERGENCE."""


class CountOverflowError(Error, OverflowError):
    """CX_E_OVERFLOW: a count would pass 2**64 - 1."""


class UndefinedError(Error):
    """CX_E_UNDEFINED: the statistic is undefined for the data (e.g. alpha, zero variance)."""


class ParseError(Error, ValueError):
    """CX_E_PARSE: an instrument definition is invalid; ``line`` and ``detail`` say where."""


# Classes by the C enumerator's name; the numbers come from the library (cx_status_name), so they
# cannot drift from cx-error.h.
_BY_NAME = {
    "CX_E_INVALID_ARGUMENT": InvalidArgumentError, "CX_E_NO_MEMORY": NoMemoryError,
    "CX_E_EMPTY": EmptyError, "CX_E_STRUCT_SIZE": StructSizeError,
    "CX_E_CORRUPT": CorruptError, "CX_E_VERSION": VersionError, "CX_E_IO": ReadError,
    "CX_E_MALFORMED_ROW": MalformedRowError, "CX_E_NO_HEADER": NoHeaderError,
    "CX_E_COLUMN_NOT_FOUND": ColumnNotFoundError, "CX_E_COLUMN_DUPLICATE": ColumnDuplicateError,
    "CX_E_MISMATCH": MismatchError, "CX_E_NO_CONVERGENCE": NoConvergenceError,
    "CX_E_OVERFLOW": CountOverflowError, "CX_E_UNDEFINED": UndefinedError,
    "CX_E_PARSE": ParseError,
}
ERRORS = {}
for _code in range(-1, -257, -1):
    _cls = _BY_NAME.get(C.cx_status_name(_code).decode())
    if _cls is not None:
        ERRORS[_code] = _cls
        _cls.status_code = _code
del _code, _cls
_missing = [n for n, cls in _BY_NAME.items() if not hasattr(cls, "status_code")]
if _missing:
    raise ImportError(f"{LIBRARY_PATH} does not know the status codes {sorted(_missing)}")


def check(status, detail=None, **kw):
    """Raises the Error subclass of a negative status; returns the status otherwise."""
    if status < 0:
        raise ERRORS.get(status, Error)(status, detail, **kw)
    return status


# ---- buffers ---------------------------------------------------------------------------------

class _PyBuffer(_c.Structure):
    """CPython's Py_buffer (stable ABI since 3.11, unchanged since 3.3)."""
    _fields_ = [("buf", _p), ("obj", _p), ("len", _c.c_ssize_t), ("itemsize", _c.c_ssize_t),
                ("readonly", _int), ("ndim", _int), ("format", _str), ("shape", _p),
                ("strides", _p), ("suboffsets", _p), ("internal", _p)]


_PyBUF_C_CONTIGUOUS_FORMAT = 0x0038 | 0x0004
try:
    _get_buffer = _c.pythonapi.PyObject_GetBuffer
    _get_buffer.argtypes = [_c.py_object, _c.POINTER(_PyBuffer), _int]
    _get_buffer.restype = _int
    _release_buffer = _c.pythonapi.PyBuffer_Release
    _release_buffer.argtypes = [_c.POINTER(_PyBuffer)]
    _release_buffer.restype = None
except (AttributeError, OSError):  # not CPython: read-only buffers are copied
    _get_buffer = None

_NATIVE = "<" if sys.byteorder == "little" else ">"
#: memoryview formats of the element types C takes, by (C type, item size).
_KINDS = {"u8": (_c.c_uint8, "B"), "i32": (_c.c_int, "i"), "f64": (_dbl, "d")}


def _kind_of(mv):
    fmt = mv.format.lstrip("@=" + _NATIVE)
    for kind, (ctype, code) in _KINDS.items():
        if mv.itemsize != _c.sizeof(ctype):
            continue
        if fmt == code or (kind == "i32" and fmt == "l"):
            return kind
    return None


class Borrowed:
    """Memory of a buffer object (numpy array, array.array, bytes, memoryview...) handed to C
    without a copy: ``ptr`` points into the object, ``n`` counts its elements, ``shape`` is its
    shape. A writable buffer is viewed through ctypes' from_buffer; a read-only one through
    PyObject_GetBuffer, released by release() (or the with block)."""

    def __init__(self, mv, kind):
        self.kind = kind
        self.shape = mv.shape
        self.n = mv.nbytes // mv.itemsize if mv.itemsize else 0
        self._view = None
        self._array = None
        ctype = _KINDS[kind][0]
        if self.n == 0:
            self.ptr = None
        elif not mv.readonly:
            self._array = (ctype * self.n).from_buffer(mv)
            self.ptr = _c.addressof(self._array)
        elif _get_buffer is not None:
            self._view = _PyBuffer()
            if _get_buffer(mv, _c.byref(self._view), _PyBUF_C_CONTIGUOUS_FORMAT) != 0:
                raise BufferError("cannot borrow the buffer")
            self.ptr = self._view.buf
        else:
            self._array = (ctype * self.n).from_buffer_copy(mv)
            self.ptr = _c.addressof(self._array)

    def release(self):
        if self._view is not None:
            _release_buffer(_c.byref(self._view))
            self._view = None
        self._array = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


def borrow(obj, kinds, ndim=None):
    """A Borrowed view of ``obj`` when it is a C-contiguous buffer of one of ``kinds`` ('u8',
    'i32', 'f64') in native byte order (with ``ndim`` dimensions if given); else None."""
    try:
        mv = memoryview(obj)
    except TypeError:
        return None
    kind = _kind_of(mv)
    if kind not in kinds or not mv.c_contiguous or (ndim is not None and mv.ndim != ndim):
        return None
    return Borrowed(mv, kind)


class Copied:
    """A ctypes array made from Python values, with the Borrowed interface."""

    def __init__(self, values, ctype, shape=None, kind=None):
        self.kind = kind
        self._array = (ctype * len(values))(*values)
        self.n = len(values)
        self.shape = shape or (self.n,)
        self.ptr = _c.addressof(self._array) if self.n else None

    def release(self):
        self._array = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()


def plain(obj):
    """pandas columns as the binding takes them, without importing pandas: nullable numbers
    (Int64, Float64, UInt8, ...) and booleans become float64 with NaN for <NA>; string and
    categorical columns become lists with None for a missing value (categories as their
    values, so numeric categories are numbers and text ones are read as cells). Anything else
    (lists, NumPy arrays, plain float64 Series) is returned as it is."""
    dtype = getattr(obj, "dtype", None)
    if dtype is None or not hasattr(obj, "to_numpy") or type(dtype).__module__ == "numpy":
        return obj
    if str(dtype) == "category" or getattr(dtype, "kind", "O") not in "iufb":
        values = obj.to_numpy(dtype=object, na_value=None)
        return [None if v is None or (isinstance(v, float) and math.isnan(v)) else v
                for v in values]
    return obj.to_numpy(dtype="float64", na_value=math.nan)


def doubles(obj, convert, ndim=1):
    """A float64 buffer of ``obj`` without copying when it is one, else a copy of its values
    passed through ``convert``."""
    obj = plain(obj) if ndim == 1 else obj
    b = borrow(obj, ("f64",), ndim)
    if b is not None:
        return b
    return Copied([convert(v) for v in obj], _dbl, kind="f64")


def as_weights(weights, n):
    """Weights as a float64 buffer of n values (borrowed when possible), or None."""
    if weights is None:
        return None
    w = doubles(weights, float)
    if w.n != n:
        w.release()
        raise ValueError(f"{n} values but {w.n} weights")
    return w


# ---- cells -----------------------------------------------------------------------------------

_fn("cx_cell_parse_number", _int, _str, _sz, _c.POINTER(_dbl))
_fn("cx_cell_max_number_length", _sz)

CELL_NUMBER, CELL_MISSING, CELL_NOT_A_NUMBER = 0, 1, 2


def encode(text):
    return text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)


def parse_number(text):
    """(kind, value) of CSV cell text by the library's rules (cx_cell_parse_number)."""
    raw = encode(text)
    value = _dbl(math.nan)
    kind = check(C.cx_cell_parse_number(raw, len(raw), _c.byref(value)))
    return kind, value.value


_fn("cx_cell_rules_new", _int, _c.POINTER(_p))
_fn("cx_cell_rules_parse_number", _int, _p, _str, _sz, _c.POINTER(_dbl), _c.POINTER(_int))
_default_rules = []  # one CxCellRules with the defaults, made on first use, never changed


def text_answer(text):
    """A text answer read as the reader reads an answer column (cx_cell_rules_parse_number()
    with the default rules): leading- and trailing-number labels ("10 - Extremely likely",
    "Not at all likely - 0") are their number, the wide missing markers (#N/A, NaN, null, ...)
    None; any other text is returned as it is, for the accumulator to reject and count."""
    if not _default_rules:
        out = _p()
        check(C.cx_cell_rules_new(_c.byref(out)))
        _default_rules.append(out.value)
    raw = encode(text)
    value, reason = _dbl(math.nan), _int(0)
    kind = check(C.cx_cell_rules_parse_number(_default_rules[0], raw, len(raw), _c.byref(value),
                                              _c.byref(reason)))
    return value.value if kind == CELL_NUMBER else None if kind == CELL_MISSING else text


def rating_value(v):
    """One answer as the double the rating-style C functions take: NaN for missing (None, NaN,
    blank/NA text), +infinity for text that is not a number, the number otherwise."""
    if v is None:
        return math.nan
    if isinstance(v, (str, bytes, bytearray)):
        kind, value = parse_number(v)
        if kind == CELL_NUMBER:
            return value
        return math.nan if kind == CELL_MISSING else math.inf
    return float(v)


# ---- memory handed out by C ------------------------------------------------------------------

_fn("cx_free", None, _p)
_string_at = _c.string_at


def take_bytes(serialize, handle):
    """Calls a cx_*_serialize function and returns its bytes; the C buffer is released with
    cx_free exactly once, whatever happens while copying it."""
    buf = _p()
    n = _sz()
    check(serialize(handle, _c.byref(buf), _c.byref(n)))
    try:
        return _string_at(buf, n.value) if n.value else b""
    finally:
        C.cx_free(buf)


def create(constructor, *args):
    """Calls a cx_*_new or cx_*_copy function (its last argument receives the object) and
    returns the new handle; a failure raises its Error."""
    out = _p()
    check(constructor(*args, _c.byref(out)))
    return out.value


def give_bytes(deserialize, data):
    """Calls a cx_*_deserialize function on bytes-like data; returns the new handle."""
    b = borrow(data, ("u8",), 1)
    if b is None:
        b = Copied(bytes(data), _c.c_uint8)
    out = _p()
    empty = (_c.c_uint8 * 1)()
    with b:
        # Empty data is corrupt state, as documented; C reads a NULL pointer as a missing
        # argument (CX_E_INVALID_ARGUMENT), so it gets a real one with length 0.
        check(deserialize(b.ptr if b.n else _c.addressof(empty), b.n, _c.byref(out)))
    return out.value


# ---- threads ---------------------------------------------------------------------------------
# ctypes releases the GIL around every C call, and a C object is not safe to use from two
# threads at once (cx-*.h: one object per thread). So every binding object has a lock of its
# own (re-entrant: a method may call another), held for each call that reaches its C object;
# two threads that share one object take turns instead of corrupting memory (a use-after-free
# before: closing a CsvReader while another thread iterated it, Retention.reset() while another
# thread added). An operation on two objects (merge, __eq__) takes both locks in a fixed order,
# so two threads merging a into b and b into a cannot deadlock; compare() takes one at a time.

#: Method names the lock does not wrap: they take their locks themselves, or only call
#: methods that do.
_SELF_LOCKING = frozenset({"merge", "compare", "__eq__", "__add__", "__iadd__", "__copy__",
                           "__deepcopy__", "__reduce__", "__iter__", "__enter__", "__exit__",
                           "close", "rows", "batches"})
#: Private methods called on another object of the same class (compare() reads the baseline's
#: result through it), so they lock too.
_LOCKED_PRIVATE = frozenset({"_c_result"})


def _locked(method):
    """``method`` run with its object's lock held."""
    if getattr(method, "_cx_locked", False):
        return method

    @functools.wraps(method)
    def call(self, *args, **kw):
        with self._lock:
            return method(self, *args, **kw)

    call._cx_locked = True
    return call


def guard_methods(cls):
    """Wraps the public methods and properties that ``cls`` itself defines (and the private
    ones of _LOCKED_PRIVATE, and __len__, __getitem__, __repr__) so that each runs with the
    object's lock held."""
    for name, value in list(vars(cls).items()):
        public = not name.startswith("_") or name in ("__len__", "__getitem__", "__repr__")
        if name in _SELF_LOCKING or not (public or name in _LOCKED_PRIVATE):
            continue
        if isinstance(value, property):
            setattr(cls, name, property(value.fget and _locked(value.fget),
                                        value.fset and _locked(value.fset),
                                        value.fdel, value.__doc__))
        elif inspect.isfunction(value):
            setattr(cls, name, _locked(value))


@contextlib.contextmanager
def locked_together(*objects):
    """Holds the locks of several binding objects, taken in one global order (by id)."""
    with contextlib.ExitStack() as stack:
        for obj in sorted({id(o): o for o in objects}.values(), key=id):
            stack.enter_context(obj._lock)
        yield


class Guarded:
    """A binding object that owns a C object: its methods run under its lock (guard_methods()
    for every subclass)."""

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        guard_methods(cls)

    def _init_lock(self, lock=None):
        """Gives the object its lock once (or shares ``lock``, for a view of another object)."""
        if "_lock" not in self.__dict__:
            self._lock = lock if lock is not None else threading.RLock()


# ---- accumulators ----------------------------------------------------------------------------

class Accumulator(Guarded):
    """Shared life cycle of the opaque C accumulators. Subclasses name their C functions:
    ``_c_prefix`` ('cx_nps') gives _free, _copy, _merge, _reset, _serialize, _deserialize."""
    _c_prefix = None

    def _c(self, what):
        return getattr(C, f"{self._c_prefix}_{what}")

    def _adopt(self, handle):
        if not handle:
            raise MemoryError(f"{self._c_prefix}: no accumulator")
        self._init_lock()
        self._h = handle
        self._finalizer = weakref.finalize(self, getattr(C, self._c_prefix + "_free"), handle)

    def _release(self):
        """Frees the C object now (it is freed once: finalize runs at most once)."""
        self._finalizer()

    @classmethod
    def _wrap(cls, handle):
        obj = cls.__new__(cls)
        obj._adopt(handle)
        return obj

    def _same_kind(self, other):
        if not isinstance(other, type(self)):
            raise TypeError(f"cannot merge {type(other).__name__} into {type(self).__name__}")

    def merge(self, other):
        """Adds everything ``other`` holds into this accumulator (the result equals one pass
        over both; counts exactly) and returns self. ``other`` is unchanged."""
        self._same_kind(other)
        src = other.copy() if other is self else other
        with locked_together(self, src):
            check(self._c("merge")(self._h, src._h))
        return self

    def copy(self):
        """An independent accumulator with the same state."""
        return self._wrap(create(self._c("copy"), self._h))

    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        return self.copy()

    def __add__(self, other):
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.copy().merge(other)

    def __iadd__(self, other):
        if not isinstance(other, type(self)):
            return NotImplemented
        return self.merge(other)

    def reset(self):
        """Forgets every answer."""
        check(self._c("reset")(self._h))
        return self

    #: False when the C type has no serializer (then to_bytes and pickling raise TypeError).
    _serializable = True

    @classmethod
    def _refuse_serialization(cls):
        if not cls._serializable:
            raise TypeError(f"libcxscore {MAJOR}.x has no {cls._c_prefix}_serialize: "
                            f"{cls.__name__} cannot be serialized or pickled")

    def to_bytes(self):
        """The state as the library's versioned, endian-independent bytes."""
        self._refuse_serialization()
        return take_bytes(self._c("serialize"), self._h)

    @classmethod
    def from_bytes(cls, data):
        """An accumulator rebuilt from to_bytes() output (CorruptError, VersionError)."""
        cls._refuse_serialization()
        return cls._wrap(give_bytes(getattr(C, cls._c_prefix + "_deserialize"), data))

    def __reduce__(self):
        return (type(self).from_bytes, (self.to_bytes(),))


guard_methods(Accumulator)

MISSING_MODES = {"pairwise": 0, "listwise": 1, "respondent": 2}
MISSING_NAMES = {v: k for k, v in MISSING_MODES.items()}


def missing_mode(name, allowed=("pairwise", "listwise")):
    if name not in allowed:
        raise ValueError(f"missing must be one of {', '.join(allowed)}, not {name!r}")
    return MISSING_MODES[name]


# ---- version ---------------------------------------------------------------------------------

_fn("cx_version_string", _str)
_fn("cx_version_major", _int)
_fn("cx_version_minor", _int)
_fn("cx_version_micro", _int)


def library_version():
    """The version string of the loaded libcxscore, e.g. '0.2.0'."""
    return C.cx_version_string().decode()


def library_version_info():
    """(major, minor, micro) of the loaded libcxscore."""
    return (C.cx_version_major(), C.cx_version_minor(), C.cx_version_micro())


def library_path():
    """The file of the libcxscore that was loaded."""
    return LIBRARY_PATH
