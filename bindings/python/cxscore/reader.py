# SPDX-License-Identifier: MIT
"""The library's streaming CSV reader (C: cx-reader.h): RFC 4180 plus what survey exports do
(BOM, CRLF / LF / CR, quoted line breaks), malformed records counted and reported with their
line, and the cell rules every accumulator uses (blank, NA, N/A, - are missing)."""
import ctypes as _c
import dataclasses
import math
import os
import weakref

from ._ffi import (C, CELL_MISSING, CELL_NUMBER, Copied, Guarded, _dbl, _fn, _int, _p, _str,
                   _sz, _u64, borrow, check, encode, int_array, parse_number)

_READ_FUNC = _c.CFUNCTYPE(_c.c_int64, _p, _p, _sz)

_fn("cx_reader_open_path", _int, _str, _c.POINTER(_p))
_fn("cx_reader_open_fd", _int, _int, _int, _c.POINTER(_p))
_fn("cx_reader_open_memory", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_reader_open_callback", _int, _READ_FUNC, _p, _c.POINTER(_p))
_fn("cx_reader_free", None, _p)
_fn("cx_reader_set_max_record_size", _int, _p, _sz)
_fn("cx_reader_set_delimiter", _int, _p, _c.c_char)
_fn("cx_reader_default_max_record_size", _sz)
_fn("cx_reader_column_count", _sz, _p)
_fn("cx_reader_column_name", _str, _p, _sz)
_fn("cx_reader_column_index", _int, _p, _str, _c.POINTER(_sz))
_fn("cx_reader_next", _int, _p)
_fn("cx_reader_next_batch", _int, _p, _c.POINTER(_sz), _sz, _sz, _c.POINTER(_p),
    _c.POINTER(_sz), _c.POINTER(_sz))
_fn("cx_reader_field", _int, _p, _sz, _c.POINTER(_p), _c.POINTER(_sz))
_fn("cx_reader_field_number", _int, _p, _sz, _c.POINTER(_dbl))
_fn("cx_reader_line", _u64, _p)
_fn("cx_reader_row_count", _u64, _p)
_fn("cx_reader_malformed_count", _u64, _p)
_fn("cx_reader_error_message", _str, _p)
_fn("cx_reader_error_line", _u64, _p)

# 0.2: cell rules, reading options, real exports, the rejects channel
_REJECT_FUNC = _c.CFUNCTYPE(None, _p, _c.c_uint64, _sz, _p, _sz, _int)
_fn("cx_reject_reason_name", _str, _int)
_fn("cx_cell_rules_new", _int, _c.POINTER(_p))
_fn("cx_cell_rules_free", None, _p)
_fn("cx_cell_rules_set_decimal", _int, _p, _c.c_char)
_fn("cx_cell_rules_clear_missing", _int, _p)
_fn("cx_cell_rules_add_missing", _int, _p, _str)
_fn("cx_cell_rules_add_label", _int, _p, _str, _dbl)
_fn("cx_cell_rules_add_scale", _int, _p, _str)
_fn("cx_cell_rules_load_labels", _int, _p, _str, _sz)
_fn("cx_cell_rules_set_date_format", _int, _p, _str)
_fn("cx_cell_rules_error_message", _str, _p)
_fn("cx_cell_rules_parse_number", _int, _p, _str, _sz, _c.POINTER(_dbl), _c.POINTER(_int))
_fn("cx_cell_rules_parse_time", _int, _p, _str, _sz, _c.POINTER(_dbl))
_fn("cx_read_options_new", _int, _c.POINTER(_p))
_fn("cx_read_options_free", None, _p)
_fn("cx_read_options_set_encoding", _int, _p, _str)
_fn("cx_read_options_set_encoding_errors", _int, _p, _int)
_fn("cx_read_options_set_delimiter", _int, _p, _c.c_char)
_fn("cx_read_options_set_skip_rows", _int, _p, _sz)
_fn("cx_read_options_set_header_rows", _int, _p, _sz)
_fn("cx_read_options_set_profile", _int, _p, _str)
_fn("cx_reader_open_path_with", _int, _str, _p, _c.POINTER(_p))
_fn("cx_reader_open_fd_with", _int, _int, _int, _p, _c.POINTER(_p))
_fn("cx_reader_open_memory_with", _int, _p, _sz, _p, _c.POINTER(_p))
_fn("cx_reader_open_callback_with", _int, _READ_FUNC, _p, _p, _c.POINTER(_p))
_fn("cx_reader_profile", _str, _p)
_fn("cx_reader_encoding", _str, _p)
_fn("cx_reader_replaced_count", _u64, _p)
_fn("cx_reader_header_row_count", _sz, _p)
_fn("cx_reader_header_cell", _str, _p, _sz, _sz)
_fn("cx_reader_find_column", _int, _p, _str, _c.POINTER(_sz))
_fn("cx_reader_choice_span", _sz, _p, _sz)
_fn("cx_reader_set_number_column", _int, _p, _sz, _p, _dbl, _dbl, _int)
_fn("cx_reader_set_time_column", _int, _p, _sz, _p)
_fn("cx_reader_set_choice_column", _int, _p, _sz, _sz)
_fn("cx_reader_set_reject_func", _int, _p, _REJECT_FUNC, _p)
_fn("cx_reader_column_counts", _int, _p, _sz, _c.POINTER(_u64), _c.POINTER(_u64),
    _c.POINTER(_u64))

#: Profiles of survey platforms' exports (CsvReader(profile=...)).
PROFILES = ("qualtrics", "surveymonkey", "google-forms", "typeform", "microsoft-forms", "excel")

#: The longest record a reader accepts unless told otherwise (bytes).
READER_DEFAULT_MAX_RECORD_SIZE = C.cx_reader_default_max_record_size()
#: The longest cell text read as a number (longer text is not a number).
CELL_MAX_NUMBER_LENGTH = C.cx_cell_max_number_length()

_ROW, _DONE = 100, 101
if (C.cx_status_name(_ROW), C.cx_status_name(_DONE)) != (b"CX_ROW", b"CX_DONE"):
    raise ImportError("libcxscore's CX_ROW / CX_DONE codes differ from cx-error.h 0.1")


def _decode(raw):
    return raw.decode("utf-8", "surrogateescape")


@dataclasses.dataclass(frozen=True)
class Cell:
    """A cell classified by the library: kind 'number' (value is the float), 'missing' (blank,
    NA, N/A, -; value None) or 'not-a-number' (value None)."""
    kind: str
    value: object


def parse_cell(text):
    """Classifies CSV cell text the way every libcxscore module reads cells."""
    kind, value = parse_number(text)
    if kind == CELL_NUMBER:
        return Cell("number", value)
    return Cell("missing" if kind == CELL_MISSING else "not-a-number", None)


def reject_reason_name(reason):
    """The phrase of a reject reason code ("unknown label", ...)."""
    return _decode(C.cx_reject_reason_name(reason))


@dataclasses.dataclass(frozen=True)
class Reject:
    """A rejected cell (column is the index) or a malformed row (column None; value is the
    reader's message): line (1-based), column, value, reason (a phrase: "unknown label", "not a
    number", "out of range", "not a whole number", "not a date", "several choices", "malformed
    row")."""
    line: int
    column: object
    value: str
    reason: str


class CellRules:
    """How an export's cells are read (C: CxCellRules): ``decimal`` "." or ","; ``missing``
    markers added to the wide default set (or, with ``clear_missing``, replacing it); ``labels``
    a {text: value} map; ``scales`` built-in English scales ("csat", "agree5", "agree7" / "ces",
    "effort5"); ``key_file`` the text of a label key file ([labels], [cells]); ``date_format``
    strptime-style. Leading-number labels ("10 - Extremely likely") are always read."""

    def __init__(self, decimal=".", missing=(), labels=None, scales=(), key_file=None,
                 date_format=None, clear_missing=False):
        out = _p()
        check(C.cx_cell_rules_new(_c.byref(out)))
        self._h = out.value
        self._finalizer = weakref.finalize(self, C.cx_cell_rules_free, self._h)
        self._check(C.cx_cell_rules_set_decimal(self._h, decimal.encode()))
        if clear_missing:
            self._check(C.cx_cell_rules_clear_missing(self._h))
        for m in missing:
            self._check(C.cx_cell_rules_add_missing(self._h, encode(m)))
        for name in scales:
            self._check(C.cx_cell_rules_add_scale(self._h, encode(name)))
        if key_file is not None:
            raw = encode(key_file)
            self._check(C.cx_cell_rules_load_labels(self._h, raw, len(raw)))
        for text, value in (labels or {}).items():
            self._check(C.cx_cell_rules_add_label(self._h, encode(text), float(value)))
        if date_format is not None:
            self._check(C.cx_cell_rules_set_date_format(self._h, encode(date_format)))

    def _check(self, status):
        message = _decode(C.cx_cell_rules_error_message(self._h))
        check(status, message or None)

    def parse(self, text):
        """(Cell, reason): the cell read as a number by the rules, and why it was rejected ("" if
        it was not)."""
        raw = encode(text)
        value, reason = _dbl(), _int()
        kind = check(C.cx_cell_rules_parse_number(self._h, raw, len(raw), _c.byref(value),
                                                  _c.byref(reason)))
        cell = (Cell("number", value.value) if kind == CELL_NUMBER else
                Cell("missing" if kind == CELL_MISSING else "not-a-number", None))
        return cell, reject_reason_name(reason.value)

    def parse_time(self, text):
        """Seconds since the epoch (UTC) of a date cell, None when missing; ValueError when no
        format reads it."""
        raw = encode(text)
        seconds = _dbl()
        kind = check(C.cx_cell_rules_parse_time(self._h, raw, len(raw), _c.byref(seconds)))
        if kind == CELL_NUMBER:
            return seconds.value
        if kind == CELL_MISSING:
            return None
        raise ValueError(f"not a date: {text!r}")


def _options(encoding, encoding_errors, delimiter, skip_rows, header_rows, profile):
    out = _p()
    check(C.cx_read_options_new(_c.byref(out)))
    h = out.value
    try:
        check(C.cx_read_options_set_encoding(h, encode(encoding) if encoding else None),
              f"encoding {encoding!r}")
        if encoding_errors not in ("strict", "replace"):
            raise ValueError("encoding_errors is 'strict' or 'replace'")
        check(C.cx_read_options_set_encoding_errors(h, int(encoding_errors == "replace")))
        if delimiter is not None:
            check(C.cx_read_options_set_delimiter(h, delimiter.encode()), "delimiter")
        check(C.cx_read_options_set_skip_rows(h, skip_rows), f"skip_rows {skip_rows}")
        check(C.cx_read_options_set_header_rows(h, header_rows or 0),
              f"header_rows {header_rows}")
        check(C.cx_read_options_set_profile(h, encode(profile)), f"profile {profile!r}")
    except BaseException:
        C.cx_read_options_free(h)
        raise
    return h


class _Source:
    """Feeds a Python file object to cx_reader_open_callback; keeps the first exception."""

    def __init__(self, f):
        self.f = f
        self.pending = b""
        self.error = None
        self.callback = _READ_FUNC(self.read)

    def read(self, _user, buf, capacity):
        try:
            if not self.pending:
                chunk = self.f.read(capacity)
                if isinstance(chunk, str):
                    self.pending = chunk.encode("utf-8")
                elif isinstance(chunk, (bytes, bytearray, memoryview)):
                    self.pending = bytes(chunk)
                else:
                    # bytes(42) would be 42 NUL bytes, read forever from a read() returning 42.
                    raise TypeError(f"{type(self.f).__name__}.read() returned "
                                    f"{type(chunk).__name__}, not bytes or str")
            n = min(capacity, len(self.pending))
            _c.memmove(buf, self.pending, n)
            self.pending = self.pending[n:]
            return n
        except BaseException as e:  # noqa: BLE001 - handed back to Python after the C call
            self.error = e
            return -1


def _close(handle, keep):
    C.cx_reader_free(handle)
    for k in keep:
        if hasattr(k, "release"):
            k.release()


class CsvReader(Guarded):
    """Streams a CSV export with a header row through the library's reader.

    ``source`` is a path, a file descriptor (int; not closed), a binary or text file object, or
    bytes-like data in memory (not copied). Iterating gives each row as a tuple of strings; a
    malformed record is skipped, counted (``malformed_rows``) and noted in ``malformed`` (line,
    message; the first ``max_errors``). ``rows(columns, numbers=True)`` picks columns by name and
    parses numbers: a float, None for a missing cell, the text for anything else (which every
    accumulator counts as rejected, not a number). ``delimiter`` is the field separator (one
    character: "," by default, ";" or "\\t" for other exports). Use it as a context manager or
    close().

    Threads: a reader may be shared, but its calls take turns (it has a lock); a row is read
    whole before another thread reads the next one or closes the reader, after which iterating
    raises ValueError ("the reader is closed"). A file object's read() must not close the
    reader that calls it (RuntimeError)."""

    def __init__(self, source, max_record_size=None, max_errors=1000, delimiter=",",
                 encoding=None, encoding_errors="strict", skip_rows=0, header_rows=None,
                 profile=None):
        self._init_lock()
        self._busy = 0  # > 0 while C reads (and may call the file object's read())
        out = _p()
        keep = []
        # Any of the 0.2 reading options: the *_with openers (decoding, header rows, profiles).
        opts = None
        if (encoding is not None or encoding_errors != "strict" or skip_rows or header_rows
                or profile is not None):
            opts = _options(encoding, encoding_errors, None if delimiter == "," and profile
                            else delimiter, skip_rows, header_rows, profile or "auto")
        try:
            if isinstance(source, (str, os.PathLike)):
                # A NUL would end the path early in C: _fn's argument check refuses it.
                status = (C.cx_reader_open_path_with(os.fsencode(source), opts, _c.byref(out))
                          if opts else C.cx_reader_open_path(os.fsencode(source), _c.byref(out)))
            elif isinstance(source, int):
                status = (C.cx_reader_open_fd_with(source, 0, opts, _c.byref(out)) if opts
                          else C.cx_reader_open_fd(source, 0, _c.byref(out)))
            elif hasattr(source, "read"):
                src = _Source(source)
                keep.append(src)
                status = (C.cx_reader_open_callback_with(src.callback, None, opts, _c.byref(out))
                          if opts else C.cx_reader_open_callback(src.callback, None,
                                                                 _c.byref(out)))
            else:
                data = borrow(source, ("u8",), 1)
                if data is None:
                    data = Copied(bytes(source), _c.c_uint8)
                keep.append(data)
                status = (C.cx_reader_open_memory_with(data.ptr, data.n, opts, _c.byref(out))
                          if opts else C.cx_reader_open_memory(data.ptr, data.n, _c.byref(out)))
        finally:
            if opts:
                C.cx_read_options_free(opts)
        self._h = out.value
        self._source = keep[0] if keep and isinstance(keep[0], _Source) else None
        self._rules = []  # CellRules kept alive while the reader uses them
        self.rejects = []
        self._on_reject = _REJECT_FUNC(self._reject)
        keep.append(self._on_reject)
        self._finalizer = weakref.finalize(self, _close, self._h, keep)
        self.max_errors = max_errors
        self.malformed = []
        if self._h:
            C.cx_reader_set_reject_func(self._h, self._on_reject, None)
        if delimiter != "," and opts is None:
            if not isinstance(delimiter, str) or len(delimiter.encode()) != 1:
                self.close()
                raise ValueError("delimiter must be one ASCII character")
            # The header is read with "," at opening, and again with the delimiter.
            if status == 0 or C.cx_status_name(status) == b"CX_E_MALFORMED_ROW":  # CX_OK
                status = C.cx_reader_set_delimiter(self._h, delimiter.encode())
        if status < 0:
            message = _decode(C.cx_reader_error_message(self._h)) if self._h else None
            self.close()
            self._raise(status, message)
        if max_record_size is not None:
            check(C.cx_reader_set_max_record_size(self._h, max_record_size),
                  f"max_record_size {max_record_size}")

    def _reject(self, _user, line, column, value, n, reason):
        if len(self.rejects) < self.max_errors:
            self.rejects.append(Reject(line, None if column == 2**(8 * _c.sizeof(_sz)) - 1
                                       else column, _decode(_c.string_at(value, n)),
                                       reject_reason_name(reason)))

    @property
    def profile(self):
        """The platform profile in use ("qualtrics", ...), or "" for none."""
        return _decode(C.cx_reader_profile(self._handle()))

    @property
    def encoding(self):
        """The input's encoding as read ("UTF-8", "UTF-16LE", ...), "" without reading options."""
        return _decode(C.cx_reader_encoding(self._handle()))

    @property
    def replaced(self):
        """Undecodable bytes replaced by U+FFFD (encoding_errors="replace")."""
        return C.cx_reader_replaced_count(self._handle())

    @property
    def header_rows(self):
        """Every header row, as tuples (the first is ``columns``)."""
        h = self._handle()
        n = C.cx_reader_column_count(h)
        return tuple(tuple(_decode(C.cx_reader_header_cell(h, r, i)) for i in range(n))
                     for r in range(C.cx_reader_header_row_count(h)))

    def find_column(self, query):
        """A column by name, else by question text (case-insensitive substring of any header
        row); ColumnDuplicateError lists the candidates when several match."""
        index = _sz()
        h = self._handle()
        status = C.cx_reader_find_column(h, encode(query), _c.byref(index))
        check(status, _decode(C.cx_reader_error_message(h)) if status == -11 else
              f"column {query!r}")
        return index.value

    def choice_span(self, column):
        """How many option columns a single-choice question spans (SurveyMonkey)."""
        return C.cx_reader_choice_span(self._handle(), self._indexes([column])[0])

    def read_numbers(self, column, rules=None, min=-math.inf, max=math.inf, whole=False):
        """Cells of ``column`` read by ``rules`` (CellRules) as rows are read: numbers in plain
        text, "" for missing, rejected cells as they were and in ``rejects``."""
        if rules is not None:
            self._rules.append(rules)
        check(C.cx_reader_set_number_column(self._handle(), self._indexes([column])[0],
                                            rules._h if rules else None, min, max, int(whole)))
        return self

    def read_times(self, column, rules=None):
        """Cells of ``column`` read as dates (seconds since the epoch in text when rewritten)."""
        if rules is not None:
            self._rules.append(rules)
        check(C.cx_reader_set_time_column(self._handle(), self._indexes([column])[0],
                                          rules._h if rules else None))
        return self

    def read_choice(self, column, span=None):
        """A single-choice question spread over option columns, read as its first column."""
        i = self._indexes([column])[0]
        check(C.cx_reader_set_choice_column(self._handle(), i,
                                            span or C.cx_reader_choice_span(self._handle(), i)))
        return self

    def column_counts(self, column):
        """(valid, missing, rejected) cells so far of a column read by rules."""
        v, m, r = _u64(), _u64(), _u64()
        check(C.cx_reader_column_counts(self._handle(), self._indexes([column])[0], _c.byref(v),
                                        _c.byref(m), _c.byref(r)))
        return v.value, m.value, r.value

    @classmethod
    def from_text(cls, text, **kw):
        """A reader over CSV text held in a string."""
        return cls(encode(text), **kw)

    def _raise(self, status, message):
        if self._source is not None and self._source.error is not None:
            raise self._source.error
        check(status, message)

    def close(self):
        """Frees the reader (and releases the memory or file it reads). Waits for a call of
        another thread to finish; RuntimeError from inside the reader's own read()."""
        with self._lock:
            if self._busy:
                raise RuntimeError("a CsvReader cannot be closed from inside its own read()")
            self._finalizer()
            self._h = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _handle(self):
        if not self._h:
            raise ValueError("the reader is closed")
        return self._h

    @property
    def columns(self):
        """The header's column names."""
        h = self._handle()
        return tuple(_decode(C.cx_reader_column_name(h, i))
                     for i in range(C.cx_reader_column_count(h)))

    def column_index(self, name):
        """The index of a column (ColumnNotFoundError, ColumnDuplicateError)."""
        index = _sz()
        check(C.cx_reader_column_index(self._handle(), encode(name), _c.byref(index)),
              f"column {name!r}")
        return index.value

    @property
    def line(self):
        """The line where the current or last record started."""
        return C.cx_reader_line(self._handle())

    @property
    def rows_read(self):
        """Data rows returned so far."""
        return C.cx_reader_row_count(self._handle())

    @property
    def malformed_rows(self):
        """Malformed records met so far."""
        return C.cx_reader_malformed_count(self._handle())

    @property
    def error(self):
        """(line, message) of the last error or malformed record, or None."""
        h = self._handle()
        line = C.cx_reader_error_line(h)
        return (line, _decode(C.cx_reader_error_message(h))) if line else None

    def _text(self, h, i):
        ptr, n = _p(), _sz()
        check(C.cx_reader_field(h, i, _c.byref(ptr), _c.byref(n)))
        return _decode(_c.string_at(ptr, n.value)) if n.value else ""

    def _number(self, h, i):
        value = _dbl()
        kind = check(C.cx_reader_field_number(h, i, _c.byref(value)))
        if kind == CELL_NUMBER:
            return value.value
        return None if kind == CELL_MISSING else self._text(h, i)

    def _indexes(self, columns):
        if columns is None:
            return list(range(C.cx_reader_column_count(self._handle())))
        return [self.find_column(c) if isinstance(c, str) else int(c) for c in columns]

    def _step(self, step, on_row):
        """One step(h) and, for a row, on_row(h), with the lock held: another thread cannot
        free the reader (or read on) in between. (True, row), (False, None) at the end, or
        (None, None) for a malformed record (recorded)."""
        with self._lock:
            h = self._handle()
            self._busy += 1
            try:
                status = step(h)
            finally:
                self._busy -= 1
            if status == _ROW:
                return True, on_row(h)
            if status == _DONE:
                return False, None
            if status < 0 and C.cx_status_name(status) == b"CX_E_MALFORMED_ROW":
                if len(self.malformed) < self.max_errors:
                    self.malformed.append(self.error)
                return None, None
            self._raise(status, _decode(C.cx_reader_error_message(h)))

    def _read(self, step, on_row):
        """Calls step(h) until the end; yields on_row(h) of each row; records or raises errors.
        The lock is held for each step, never across a yield."""
        while True:
            more, row = self._step(step, on_row)
            if more:
                yield row
            elif more is False:
                return

    def rows(self, columns=None, numbers=False):
        """Yields rows (tuples) of the given columns (names or indexes; default all), as text,
        or with ``numbers`` parsed as described in the class."""
        with self._lock:
            index = self._indexes(columns)
        get = self._number if numbers else self._text
        return self._read(lambda h: C.cx_reader_next(h), lambda h: tuple(get(h, i) for i in index))

    def batches(self, columns=None, size=4096):
        """Yields lists of up to ``size`` rows (tuples of text) of the given columns (names or
        indexes; default all), read with cx_reader_next_batch(): the fast way through a large
        export. Malformed records are handled as by rows()."""
        with self._lock:
            index = self._indexes(columns)
        if not index or size < 1:
            raise ValueError("batches() needs at least one column and a size >= 1")
        width = len(index)
        cols = int_array(_sz, index)
        text = (_p * (size * width))()
        lens = (_sz * (size * width))()
        rows = _sz()

        def batch(_h):
            cells = [_decode(_c.string_at(text[i], lens[i])) if lens[i] else ""
                     for i in range(rows.value * width)]
            return [tuple(cells[r * width:(r + 1) * width]) for r in range(rows.value)]

        return self._read(lambda h: C.cx_reader_next_batch(h, cols, width, size, text, lens,
                                                           _c.byref(rows)), batch)

    def __iter__(self):
        return self.rows()
