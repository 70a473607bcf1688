# SPDX-License-Identifier: MIT
"""The follow-up (call-back) queue and row rules (C: cx-queue.h, cx-rules.h): the exact top K of
a stream by priority in memory bounded by K, the call-back priority
P = value x (1 + waited / scale), and rules such as ``score <= 6 and channel = phone`` evaluated
on rows; grammar, order and sources in the headers and docs/followup.md."""
import ctypes as _c
import weakref

from ._ffi import (Accumulator, C, ParseError, _dbl, _fn, _int, _p, _str, _sz, _u64, check,
                   create, encode)

_fn("cx_queue_priority", _int, _dbl, _dbl, _dbl, _c.POINTER(_dbl))
_fn("cx_queue_new", _int, _sz, _c.POINTER(_p))
_fn("cx_queue_free", None, _p)
_fn("cx_queue_reset", _int, _p)
_fn("cx_queue_copy", _int, _p, _c.POINTER(_p))
_fn("cx_queue_merge", _int, _p, _p)
_fn("cx_queue_serialize", _int, _p, _p, _p)
_fn("cx_queue_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_queue_push", _int, _p, _dbl, _u64, _str, _sz, _c.POINTER(_int))
_fn("cx_queue_offered", _u64, _p)
_fn("cx_queue_size", _sz, _p)
_fn("cx_queue_get", _int, _p, _sz, _c.POINTER(_dbl), _c.POINTER(_u64), _c.POINTER(_p),
    _c.POINTER(_sz))

_fn("cx_row_rules_max_length", _sz)
_fn("cx_row_rules_new", _int, _c.POINTER(_p))
_fn("cx_row_rules_free", None, _p)
_fn("cx_row_rules_load_data", _int, _p, _str, _sz)
_fn("cx_row_rules_error_message", _str, _p)
_fn("cx_row_rules_error_line", _u64, _p)
_fn("cx_row_rules_error_column", _u64, _p)
_fn("cx_row_rules_count", _sz, _p)
_fn("cx_row_rules_line", _u64, _p, _sz)
_fn("cx_row_rules_field_count", _sz, _p)
_fn("cx_row_rules_field_name", _p, _p, _sz, _c.POINTER(_sz))
_fn("cx_row_rules_match", _int, _p, _p, _p, _sz, _c.POINTER(_sz))

#: The longest rules text RowRules takes (cx_row_rules_max_length()).
MAX_RULES_LENGTH = C.cx_row_rules_max_length()


def priority(value, waited, scale=86400.0):
    """P = value x (1 + waited / scale), waited and scale in seconds (cx_queue_priority())."""
    out = _dbl()
    check(C.cx_queue_priority(float(value), float(waited), float(scale), _c.byref(out)))
    return out.value


class Queue(Accumulator):
    """The top ``k`` items of a stream by priority (C: CxQueue; ``k=0`` keeps every item).
    ``push(priority, line, item=b"")`` offers one item (bytes or text, kept with it) and returns
    whether it is among the top K now; ``items()`` lists (priority, line, bytes) highest first,
    ties by line then bytes. Mergeable, copyable, and pickles through the library's
    serialization."""
    _c_prefix = "cx_queue"

    def __init__(self, k=0):
        if k < 0:
            raise ValueError("k must be >= 0")
        self._adopt(create(C.cx_queue_new, k))

    def push(self, priority, line=0, item=b""):
        """Offers one item; True when it is kept (among the top K now)."""
        raw = encode(item) if isinstance(item, str) else bytes(item)
        kept = _int()
        check(C.cx_queue_push(self._h, float(priority), line, raw, len(raw), _c.byref(kept)))
        return bool(kept.value)

    @property
    def offered(self):
        """Items offered since creation or reset."""
        return C.cx_queue_offered(self._h)

    def __len__(self):
        return C.cx_queue_size(self._h)

    def items(self):
        """[(priority, line, bytes)], highest priority first."""
        out = []
        for rank in range(C.cx_queue_size(self._h)):
            p, line, ptr, n = _dbl(), _u64(), _p(), _sz()
            check(C.cx_queue_get(self._h, rank, _c.byref(p), _c.byref(line), _c.byref(ptr),
                                 _c.byref(n)))
            out.append((p.value, line.value, _c.string_at(ptr, n.value) if n.value else b""))
        return out


class RowRules:
    """Row rules (C: CxRowRules) parsed from text, one rule per line (grammar in cx-rules.h):
    ``RowRules("score <= 6 and channel = phone")``. A bad text raises ParseError with ``line``,
    ``column`` and ``detail``. ``fields`` lists the columns tested; ``match(row)`` takes a dict
    (or a sequence in the order of ``fields``) of cell texts and returns the index of the first
    rule that matches, or None."""

    def __init__(self, text):
        self._h = create(C.cx_row_rules_new)
        self._finalizer = weakref.finalize(self, C.cx_row_rules_free, self._h)
        raw = encode(text)
        status = C.cx_row_rules_load_data(self._h, raw, len(raw))
        if status < 0:
            msg = C.cx_row_rules_error_message(self._h)
            line = C.cx_row_rules_error_line(self._h)
            try:
                check(status, msg.decode() if msg else None, line=line or None)
            except ParseError as e:
                e.column = C.cx_row_rules_error_column(self._h) or None
                raise
        n = C.cx_row_rules_field_count(self._h)
        self.fields = []
        for i in range(n):
            length = _sz()
            ptr = C.cx_row_rules_field_name(self._h, i, _c.byref(length))
            self.fields.append(_c.string_at(ptr, length.value).decode("utf-8", "surrogateescape"))
        #: The text line of each rule.
        self.lines = [C.cx_row_rules_line(self._h, i) for i in range(C.cx_row_rules_count(self._h))]

    def __len__(self):
        return len(self.lines)

    def match(self, row):
        """The index of the first rule ``row`` matches, or None."""
        cells = [row.get(f, "") for f in self.fields] if hasattr(row, "get") else list(row)
        if len(cells) != len(self.fields):
            raise ValueError(f"{len(self.fields)} cells expected ({', '.join(self.fields)})")
        raw = [encode("" if c is None else str(c)) for c in cells]
        n = len(raw)
        arr = (_str * max(n, 1))(*raw)
        lens = (_sz * max(n, 1))(*[len(r) for r in raw])
        which = _sz()
        status = check(C.cx_row_rules_match(self._h, _c.cast(arr, _p), _c.cast(lens, _p), n,
                                            _c.byref(which)))
        return which.value if status == 1 else None
