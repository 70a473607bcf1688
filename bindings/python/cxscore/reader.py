# SPDX-License-Identifier: MIT
"""The library's streaming CSV reader (C: cx-reader.h): RFC 4180 plus what survey exports do
(BOM, CRLF / LF / CR, quoted line breaks), malformed records counted and reported with their
line, and the cell rules every accumulator uses (blank, NA, N/A, - are missing)."""
import ctypes as _c
import dataclasses
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

    def __init__(self, source, max_record_size=None, max_errors=1000, delimiter=","):
        self._init_lock()
        self._busy = 0  # > 0 while C reads (and may call the file object's read())
        out = _p()
        keep = []
        if isinstance(source, (str, os.PathLike)):
            # A NUL would end the path early in C: C.cx_reader_open_path refuses it.
            status = C.cx_reader_open_path(os.fsencode(source), _c.byref(out))
        elif isinstance(source, int):
            status = C.cx_reader_open_fd(source, 0, _c.byref(out))
        elif hasattr(source, "read"):
            src = _Source(source)
            keep.append(src)
            status = C.cx_reader_open_callback(src.callback, None, _c.byref(out))
        else:
            data = borrow(source, ("u8",), 1)
            if data is None:
                data = Copied(bytes(source), _c.c_uint8)
            keep.append(data)
            status = C.cx_reader_open_memory(data.ptr, data.n, _c.byref(out))
        self._h = out.value
        self._source = keep[0] if keep and isinstance(keep[0], _Source) else None
        self._finalizer = weakref.finalize(self, _close, self._h, keep)
        self.max_errors = max_errors
        self.malformed = []
        if delimiter != ",":
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
        return [self.column_index(c) if isinstance(c, str) else int(c) for c in columns]

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
