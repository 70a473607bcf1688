# SPDX-License-Identifier: MIT
"""Follow-up (closed-loop) logs (C: cx-followup.h): time to first contact (median, p90), share
contacted within an SLA and closure rate with Wilson intervals (Wilson 1927), open alerts by
age, and recovery of detractors with McNemar's test (McNemar 1947); rules and sources in the
header and docs/followup.md."""
import ctypes as _c
import math

from ._ffi import (Accumulator, C, EmptyError, _dbl, _fn, _i32, _int, _p, _str, _sz, _u64,
                   check, create, cstruct, encode, result_class)
from .contacts import parse_time

_CFollowupAlert = cstruct("CxFollowupAlert", [
    ("alerted_at", _dbl), ("first_contact_at", _dbl), ("closed_at", _dbl),
    ("score_before", _dbl), ("score_after", _dbl), ("line", _u64), ("outcome", _i32),
    ("reserved", _i32)])

_CFollowupResult = cstruct("CxFollowupResult", [
    ("alerts", _u64), ("contacted", _u64), ("first_contact_median", _dbl),
    ("first_contact_p90", _dbl), ("sla", _dbl), ("sla_decided", _u64), ("sla_met", _u64),
    ("sla_share", _dbl), ("sla_lower", _dbl), ("sla_upper", _dbl), ("closed", _u64),
    ("resolved", _u64), ("closure_rate", _dbl), ("closure_lower", _dbl),
    ("closure_upper", _dbl), ("open_under_24h", _u64), ("open_24h_48h", _u64),
    ("open_48h_7d", _u64), ("open_over_7d", _u64), ("pairs", _u64),
    ("detractors_before", _u64), ("to_passive", _u64), ("to_promoter", _u64),
    ("became_detractor", _u64), ("recovery_rate", _dbl), ("recovery_lower", _dbl),
    ("recovery_upper", _dbl), ("mcnemar_chi2", _dbl), ("mcnemar_p", _dbl), ("level", _dbl)])

_fn("cx_followup_new", _int, _dbl, _c.POINTER(_p))
_fn("cx_followup_free", None, _p)
_fn("cx_followup_reset", _int, _p)
_fn("cx_followup_copy", _int, _p, _c.POINTER(_p))
_fn("cx_followup_merge", _int, _p, _p)
_fn("cx_followup_serialize", _int, _p, _p, _p)
_fn("cx_followup_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_followup_add", _int, _p, _str, _sz, _str, _sz, _c.POINTER(_CFollowupAlert),
    _c.POINTER(_int))
_fn("cx_followup_parse_outcome", _int, _str, _sz)
_fn("cx_followup_rejections", _u64, _p, _int, _c.POINTER(_u64))
_fn("cx_followup_result", _int, _p, _str, _sz, _dbl, _dbl, _c.POINTER(_CFollowupResult))
_fn("cx_followup_group_count", _sz, _p)
_fn("cx_followup_group_name", _p, _p, _sz, _c.POINTER(_sz))

#: Outcome names, as cx_followup_parse_outcome() reads them, and their C values.
OUTCOMES = {"open": 0, "resolved": 1, "unresolved": 2, "unreachable": 3}
_OUTCOME_NAMES = {v: k for k, v in OUTCOMES.items()}

#: Rejection reasons (CxFollowupRejection), by their C value.
REJECTIONS = ("no_id", "duplicate", "bad_time", "out_of_order", "future", "unknown_outcome",
              "inconsistent", "bad_score")

FollowupAlert = result_class(
    "FollowupAlert", _CFollowupAlert,
    """The times (Unix seconds, NaN: not yet), scores, line and outcome of one alert, as
    given to the library (the C CxFollowupAlert).""")

FollowupResult = result_class(
    "FollowupResult", _CFollowupResult,
    """Loop-closure figures (the C CxFollowupResult): time to first contact in seconds, SLA
    share, closure and recovery rates with Wilson intervals, open alerts by age, McNemar's
    chi-square and p-value for the paired detractor change.""")


def parse_outcome(text):
    """'open', 'resolved', 'unresolved' or 'unreachable' from cell text as the library reads it
    (blank is 'open'); ValueError for anything else."""
    raw = encode(text)
    status = C.cx_followup_parse_outcome(raw, len(raw))
    if status < 0:
        raise ValueError(f"not an outcome: {text!r}")
    return _OUTCOME_NAMES[status]


def _time(value):
    if value is None:
        return math.nan
    if isinstance(value, (str, bytes, bytearray)):
        t = parse_time(value) if value else None
        return math.nan if t is None else t
    return float(value)


def _score(value):
    return math.nan if value is None or value == "" else float(value)


class Followup(Accumulator):
    """A streaming, mergeable follow-up-log accumulator (C: CxFollowup). ``now`` (Unix seconds,
    or ISO 8601 text) is the time of the analysis: later times are rejected, open alerts are
    aged at it.

    ``add(response_id, alerted_at, first_contact_at=None, closed_at=None, outcome="open",
    group=None, score_before=None, score_after=None, line=0)`` takes one alert and returns None
    when it is accepted, else the name of the reason it was rejected for (counted, see
    ``rejections``). Times are numbers, None or cell text; an unreadable time or outcome is
    rejected, never dropped. Pickles through the library's serialization."""
    _c_prefix = "cx_followup"

    def __init__(self, now):
        self._adopt(create(C.cx_followup_new, _time(now)))

    def add(self, response_id, alerted_at, first_contact_at=None, closed_at=None,
            outcome="open", group=None, score_before=None, score_after=None, line=0):
        """Adds one alert (see the class); returns None or the rejection reason."""
        rid, grp = encode(response_id), encode(group or "")
        raw = encode(outcome or "")
        alert = _CFollowupAlert()
        try:
            times = [_time(alerted_at), _time(first_contact_at), _time(closed_at)]
        except ValueError:
            times = [math.inf] * 3
        alert.alerted_at, alert.first_contact_at, alert.closed_at = times
        alert.score_before, alert.score_after = _score(score_before), _score(score_after)
        alert.line = line
        alert.outcome = C.cx_followup_parse_outcome(raw, len(raw))
        why = _int()
        check(C.cx_followup_add(self._h, rid, len(rid), grp, len(grp), _c.byref(alert),
                                _c.byref(why)))
        return REJECTIONS[why.value - 1] if why.value else None

    @property
    def rejections(self):
        """{reason: (count, first line)} of the reasons met."""
        out = {}
        for k, name in enumerate(REJECTIONS, 1):
            first = _u64()
            n = C.cx_followup_rejections(self._h, k, _c.byref(first))
            if n:
                out[name] = (n, first.value)
        return out

    @property
    def groups(self):
        """The owners, teams or segments met (byte-wise order)."""
        out = []
        for i in range(C.cx_followup_group_count(self._h)):
            n = _sz()
            ptr = C.cx_followup_group_name(self._h, i, _c.byref(n))
            out.append(_c.string_at(ptr, n.value).decode("utf-8", "surrogateescape"))
        return out

    def result(self, sla=86400.0, level=0.95, group=None):
        """The FollowupResult of every alert, or of one group ('' for alerts without one), for
        an SLA in seconds. EmptyError without an alert (its ``result`` has the counts)."""
        r = _CFollowupResult()
        if group is None:
            status = C.cx_followup_result(self._h, None, 0, sla, level, _c.byref(r))
        else:
            g = encode(group)
            status = C.cx_followup_result(self._h, g, len(g), sla, level, _c.byref(r))
        if status == EmptyError.status_code:
            raise EmptyError(status, "no alert", result=FollowupResult(**r.values()))
        check(status)
        return FollowupResult(**r.values())
