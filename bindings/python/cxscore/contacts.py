# SPDX-License-Identifier: MIT
"""Contact logs (C: cx-contacts.h): first-contact resolution, repeat contacts, channel crossing
and time to resolution, with Wilson intervals (Wilson 1927) and type-7 quantiles (Hyndman & Fan
1996); rules and sources in the header and docs/loyalty.md, "Contacts"."""
import calendar
import ctypes as _c
import datetime
import math

from ._ffi import (Accumulator, C, CELL_MISSING, CELL_NUMBER, EmptyError, _dbl, _fn, _i32, _int,
                   _p, _str, _sz, _u64, check, create, cstruct, encode, parse_number,
                   result_class)

_CContactsResult = cstruct("CxContactsResult", [
    ("order", _i32), ("reserved", _i32), ("cases", _u64), ("contacts", _u64), ("rejected", _u64),
    ("rejected_no_case", _u64), ("rejected_order_missing", _u64),
    ("rejected_order_invalid", _u64), ("flag_unknown", _u64), ("flag_invalid", _u64),
    ("channel_missing", _u64), ("fcr_cases", _u64), ("fcr", _dbl), ("fcr_ci_lower", _dbl),
    ("fcr_ci_upper", _dbl), ("fcr_reopened", _u64), ("resolved_cases", _u64),
    ("resolution_rate", _dbl), ("resolution_rate_ci_lower", _dbl), ("resolution_rate_ci_upper", _dbl),
    ("cases_reopened", _u64), ("cases_resolved_twice", _u64), ("cases_outcome_unknown", _u64),
    ("contacts_per_case", _u64 * 5), ("max_contacts", _u64), ("contacts_mean", _dbl),
    ("contacts_sd", _dbl), ("repeat_cases", _u64), ("repeat_rate", _dbl),
    ("repeat_rate_ci_lower", _dbl), ("repeat_rate_ci_upper", _dbl), ("cross_channel_cases", _u64),
    ("cross_channel", _dbl), ("cross_channel_ci_lower", _dbl), ("cross_channel_ci_upper", _dbl),
    ("resolution_times", _u64), ("time_to_resolution_mean", _dbl),
    ("time_to_resolution_median", _dbl), ("time_to_resolution_p90", _dbl), ("level", _dbl),
    # 0.2
    ("cases_excluded", _u64), ("contacts_excluded", _u64), ("self_service_cases", _u64),
    ("contained_cases", _u64), ("containment", _dbl), ("containment_ci_lower", _dbl),
    ("containment_ci_upper", _dbl), ("failed_self_service_cases", _u64),
    ("failed_self_service", _dbl), ("failed_self_service_ci_lower", _dbl),
    ("failed_self_service_ci_upper", _dbl), ("agent_cases", _u64), ("agents_max", _u64),
    ("agents_mean", _dbl), ("agents_ci_lower", _dbl), ("agents_ci_upper", _dbl),
    ("restarted_cases", _u64), ("restarted", _dbl), ("restarted_ci_lower", _dbl),
    ("restarted_ci_upper", _dbl), ("transfers", _u64), ("transfer_cases", _u64),
    ("transfer_rate", _dbl), ("transfer_rate_ci_lower", _dbl), ("transfer_rate_ci_upper", _dbl),
    ("transfer_flag_invalid", _u64)])

_CContactsChannelResult = cstruct("CxContactsChannelResult", [
    ("contacts", _u64), ("cases", _u64), ("fcr_cases", _u64), ("fcr", _dbl),
    ("fcr_ci_lower", _dbl), ("fcr_ci_upper", _dbl), ("repeat_cases", _u64),
    ("crossed_cases", _u64), ("resolved_cases", _u64), ("resolved_here", _u64), ("level", _dbl),
    # 0.2
    ("self_service_cases", _u64), ("contained_cases", _u64), ("containment", _dbl),
    ("containment_ci_lower", _dbl), ("containment_ci_upper", _dbl),
    ("failed_self_service_cases", _u64), ("failed_self_service", _dbl),
    ("failed_self_service_ci_lower", _dbl), ("failed_self_service_ci_upper", _dbl)])

_CContactsWaits = cstruct("CxContactsWaits", [
    ("contacts", _u64), ("answered", _u64), ("answered_within", _u64), ("abandoned", _u64),
    ("short_abandoned", _u64), ("wait_missing", _u64), ("wait_negative", _u64),
    ("wait_invalid", _u64), ("abandoned_unknown", _u64), ("abandoned_invalid", _u64),
    ("threshold", _dbl), ("short_abandon", _dbl), ("service_level", _dbl),
    ("service_level_ci_lower", _dbl), ("service_level_ci_upper", _dbl),
    ("abandonment_rate", _dbl), ("abandonment_rate_ci_lower", _dbl),
    ("abandonment_rate_ci_upper", _dbl), ("asa", _dbl), ("asa_ci_lower", _dbl),
    ("asa_ci_upper", _dbl), ("wait_sd", _dbl), ("wait_median", _dbl), ("wait_p90", _dbl),
    ("wait_max", _dbl), ("level", _dbl)])

_fn("cx_cell_parse_time", _int, _str, _sz, _c.POINTER(_dbl))
_fn("cx_contacts_new", _int, _int, _c.POINTER(_p))
_fn("cx_contacts_free", None, _p)
_fn("cx_contacts_reset", _int, _p)
_fn("cx_contacts_copy", _int, _p, _c.POINTER(_p))
_fn("cx_contacts_merge", _int, _p, _p)
_fn("cx_contacts_serialize", _int, _p, _p, _p)
_fn("cx_contacts_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_contacts_add", _int, _p, _str, _sz, _dbl, _str, _sz, _int)
_fn("cx_contacts_add_segmented", _int, _p, _str, _sz, _dbl, _str, _sz, _int, _str, _sz)
_fn("cx_contacts_parse_resolved", _int, _str, _sz)
_fn("cx_contacts_result", _int, _p, _dbl, _c.POINTER(_CContactsResult))
_fn("cx_contacts_channel_count", _sz, _p)
_fn("cx_contacts_channel_name", _p, _p, _sz, _c.POINTER(_sz))
_fn("cx_contacts_channel", _int, _p, _sz, _dbl, _c.POINTER(_CContactsChannelResult))
_fn("cx_contacts_segment_count", _sz, _p)
_fn("cx_contacts_segment_name", _p, _p, _sz, _c.POINTER(_sz))
_fn("cx_contacts_segment", _int, _p, _sz, _dbl, _c.POINTER(_CContactsResult))
_fn("cx_contacts_add_contact", _int, _p, _str, _sz, _dbl, _str, _sz, _int, _str, _sz, _str, _sz,
    _int, _int, _dbl, _int)
_fn("cx_contacts_parse_flag", _int, _str, _sz)
_fn("cx_contacts_waits", _int, _p, _int, _sz, _dbl, _dbl, _dbl, _c.POINTER(_CContactsWaits))

_GROUPS = {"all": 0, "channel": 1, "segment": 2}

_ORDERS = {"time": 0, "sequence": 1}
_ORDER_NAMES = {v: k for k, v in _ORDERS.items()}
_RESOLVED = {"no": 0, "yes": 1, "unknown": 2, "invalid": 3}
_RESOLVED_NAMES = {v: k for k, v in _RESOLVED.items()}

ContactsResult = result_class(
    "ContactsResult", _CContactsResult,
    """Figures of a contact log or one segment (the C CxContactsResult): FCR, resolution,
    repeat-contact and channel-crossing rates with Wilson intervals, contacts per case, times to
    resolution in seconds; ``order`` as a name ('time' or 'sequence').""",
    replace={"order": str})

ContactsChannelResult = result_class(
    "ContactsChannelResult", _CContactsChannelResult,
    """Figures of the cases first contacted in one channel (the C CxContactsChannelResult), and
    the channel's ``name``.""",
    extra=[("name", str)])


ContactsWaits = result_class(
    "ContactsWaits", _CContactsWaits,
    """Waiting-time figures of a group of contacts (the C CxContactsWaits): service level =
    answered within ``threshold`` / (answered + abandoned after ``short_abandon``), abandonment
    rate, average speed of answer (ASA) with a t interval, exact type-7 wait percentiles of the
    answered contacts, and the contacts whose wait was not used, by reason.""")


def parse_flag(text):
    """'yes', 'no', 'unknown' (blank, NA, N/A, -) or 'invalid': a yes/no flag (abandoned,
    transferred) read from cell text as the library reads it."""
    raw = encode(text)
    return _RESOLVED_NAMES[check(C.cx_contacts_parse_flag(raw, len(raw)))]


def _flag(value, missing):
    if value is None:
        return _RESOLVED[missing]
    if isinstance(value, bool):
        return _RESOLVED["yes" if value else "no"]
    if isinstance(value, (str, bytes, bytearray)):
        raw = encode(value)
        return check(C.cx_contacts_parse_flag(raw, len(raw)))
    raise TypeError(f"a flag must be True, False, None or cell text, not {value!r}")


def _wait(value):
    if value is None:
        return math.nan
    if isinstance(value, (str, bytes, bytearray)):
        kind, number = parse_number(encode(value))
        if kind == CELL_NUMBER:
            return number
        return math.nan if kind == CELL_MISSING else math.inf
    return float(value)


def parse_time(text):
    """Seconds since 1970-01-01T00:00:00Z of an ISO 8601 / RFC 3339 cell (a time without a zone
    is UTC) or of a plain number; None for a missing cell (blank, NA, N/A, -). ValueError for
    text the library cannot read as a time."""
    raw = encode(text)
    seconds = _dbl()
    kind = check(C.cx_cell_parse_time(raw, len(raw), _c.byref(seconds)))
    if kind == CELL_NUMBER:
        return seconds.value
    if kind == CELL_MISSING:
        return None
    raise ValueError(f"not a time: {text!r}")


def parse_resolved(text):
    """'yes', 'no', 'unknown' (blank, NA, N/A, -) or 'invalid': a resolved flag read from cell
    text as the library reads it (yes/y/true/t/1/resolved, no/n/false/f/0/unresolved)."""
    raw = encode(text)
    return _RESOLVED_NAMES[check(C.cx_contacts_parse_resolved(raw, len(raw)))]


def _resolved(value):
    if value is None:
        return _RESOLVED["unknown"]
    if isinstance(value, bool):
        return _RESOLVED["yes" if value else "no"]
    if isinstance(value, (str, bytes, bytearray)):
        raw = encode(value)
        return check(C.cx_contacts_parse_resolved(raw, len(raw)))
    raise TypeError(f"resolved must be True, False, None or cell text, not {value!r}")


def _name(fn, handle, index):
    n = _sz()
    ptr = fn(handle, index, _c.byref(n))
    return _c.string_at(ptr, n.value).decode("utf-8", "surrogateescape") if n.value else ""


class Contacts(Accumulator):
    """A streaming, mergeable contact-log accumulator (C: CxContacts). ``order`` says what a
    contact's order key is: 'time' (seconds since the epoch; durations are computed) or
    'sequence' (any number; only the order matters).

    ``add(case_id, order, channel="", resolved=None, segment=None)`` takes one contact, in any
    order: the key as a number, None (absent: rejected and counted), a datetime (naive means
    UTC, as the library reads times without a zone) or cell text (ISO 8601 in time order; text
    that does not parse is rejected and counted); ``resolved`` as True, False, None (unknown) or
    cell text ('yes', 'N/A', 'maybe': unreadable, counted). The state pickles (and
    ``to_bytes()`` / ``from_bytes()``) through the library's serialization, with its order kind:
    shards pickled and merged give the one-pass figures bit for bit."""
    _c_prefix = "cx_contacts"

    def __init__(self, order="time"):
        if order not in _ORDERS:
            raise ValueError(f"order must be 'time' or 'sequence', not {order!r}")
        self._adopt(create(C.cx_contacts_new, _ORDERS[order]))

    @property
    def order(self):
        """'time' or 'sequence' (read once from the C object, which keeps it)."""
        if "_order" not in self.__dict__:
            r = _CContactsResult()
            C.cx_contacts_result(self._h, 0.95, _c.byref(r))
            self._order = _ORDER_NAMES[r.order]
        return self._order

    def _key(self, value):
        if value is None:
            return math.nan
        if isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                return calendar.timegm(value.timetuple()) + value.microsecond / 1e6
            return value.timestamp()
        if isinstance(value, (str, bytes, bytearray)):
            raw = encode(value)
            seconds = _dbl()
            if self.order == "time":
                kind = check(C.cx_cell_parse_time(raw, len(raw), _c.byref(seconds)))
                value = seconds.value
            else:
                kind, value = parse_number(raw)
            if kind == CELL_NUMBER:
                return value
            return math.nan if kind == CELL_MISSING else math.inf
        return float(value)

    def add(self, case_id, order, channel="", resolved=None, segment=None, *, agent=None,
            self_service=False, transferred=None, wait=None, abandoned=None):
        """Adds one contact (see the class). The keywords (since 0.2) give a contact centre's
        columns: the ``agent`` (None or '' for none), ``self_service`` (True for an IVR, web or
        app contact), ``transferred`` (True, False, None or cell text; unreadable text is
        counted), the ``wait`` in seconds (None: no wait; negative or unreadable text: counted,
        not used) and whether it was ``abandoned`` (None: no; blank or unreadable text with a
        wait: counted, the wait not used)."""
        case, chan = encode(case_id), encode(channel or "")
        key, flag = self._key(order), _resolved(resolved)
        if (agent is not None or self_service or transferred is not None or wait is not None or
                abandoned is not None):
            seg, ag = encode(segment or ""), encode(agent or "")
            check(C.cx_contacts_add_contact(self._h, case, len(case), key, chan, len(chan), flag,
                                            seg, len(seg), ag, len(ag), 1 if self_service else 0,
                                            _flag(transferred, "no"), _wait(wait),
                                            _flag(abandoned, "no")))
        elif segment is None:
            check(C.cx_contacts_add(self._h, case, len(case), key, chan, len(chan), flag))
        else:
            seg = encode(segment)
            check(C.cx_contacts_add_segmented(self._h, case, len(case), key, chan, len(chan),
                                              flag, seg, len(seg)))
        return self

    def extend(self, contacts):
        """Adds contacts: tuples (case_id, order[, channel[, resolved[, segment]]])."""
        for contact in contacts:
            self.add(*contact)
        return self

    def result(self, level=0.95):
        """The ContactsResult of the whole log. EmptyError without a case (its ``result`` has
        the counts of rejected contacts)."""
        r = _CContactsResult()
        status = C.cx_contacts_result(self._h, level, _c.byref(r))
        return self._result(status, r)

    def _result(self, status, r):
        values = r.values()
        values["order"] = _ORDER_NAMES.get(values["order"], str(values["order"]))
        if status == EmptyError.status_code:
            raise EmptyError(status, "no case", result=ContactsResult(**values))
        check(status)
        return ContactsResult(**values)

    @property
    def channels(self):
        """The channel names met (byte-wise order; '' for a blank channel)."""
        return [_name(C.cx_contacts_channel_name, self._h, i)
                for i in range(C.cx_contacts_channel_count(self._h))]

    @property
    def segments(self):
        """The segment labels met (byte-wise order; '' for contacts without one)."""
        return [_name(C.cx_contacts_segment_name, self._h, i)
                for i in range(C.cx_contacts_segment_count(self._h))]

    @staticmethod
    def _index(names, which, what):
        if isinstance(which, int):
            return which
        try:
            return names.index(which)
        except ValueError:
            raise KeyError(f"no {what} {which!r}") from None

    def channel(self, which, level=0.95):
        """The ContactsChannelResult of a channel (name or index)."""
        names = self.channels
        i = self._index(names, which, "channel")
        r = _CContactsChannelResult()
        check(C.cx_contacts_channel(self._h, i, level, _c.byref(r)), f"channel {which!r}")
        return ContactsChannelResult(**r.values(), name=names[i])

    def waits(self, group="all", which=None, threshold=20.0, short_abandon=5.0, level=0.95):
        """The ContactsWaits of every contact (``group='all'``), of a channel
        (``group='channel'``, ``which`` a name or index) or of the contacts carrying a segment
        label (``group='segment'``). EmptyError when no contact has a usable wait (its
        ``result`` has the counts)."""
        if group not in _GROUPS:
            raise ValueError(f"group must be 'all', 'channel' or 'segment', not {group!r}")
        i = 0
        if group != "all":
            names = self.channels if group == "channel" else self.segments
            i = self._index(names, which, group)
        r = _CContactsWaits()
        status = C.cx_contacts_waits(self._h, _GROUPS[group], i, threshold, short_abandon, level,
                                     _c.byref(r))
        if status == EmptyError.status_code:
            raise EmptyError(status, "no wait", result=ContactsWaits(**r.values()))
        check(status, f"waits of {group} {which!r}")
        return ContactsWaits(**r.values())

    def segment(self, which, level=0.95):
        """The ContactsResult of the cases in a segment (label or index)."""
        i = self._index(self.segments, which, "segment")
        r = _CContactsResult()
        return self._result(C.cx_contacts_segment(self._h, i, level, _c.byref(r)), r)
