# SPDX-License-Identifier: MIT
"""Calendar periods and retention from an activity log (C: cx-period.h, cx-retention.h):
retention and churn per period with Wilson intervals, repeat purchase, cohorts and revenue at
risk. Definitions: LOYALTY.md and docs/loyalty.md; ISO 8601 weeks; days from civil dates after
H. Hinnant (2013)."""
import ctypes as _c
import dataclasses
import datetime
import math

from ._ffi import (Accumulator, C, EmptyError, MismatchError, _dbl, _fn, _int, _p, _str, _sz,
                   _u64, check, create, cstruct, encode, result_class)

_i64 = _c.c_int64

_CRetentionResult = cstruct("CxRetentionResult", [
    ("customers", _u64), ("events", _u64), ("events_no_amount", _u64),
    ("rejected_no_customer", _u64), ("rejected_amount", _u64), ("first_period", _i64),
    ("last_period", _i64), ("repeat_customers", _u64), ("repeat_rate", _dbl),
    ("repeat_rate_ci_lower", _dbl), ("repeat_rate_ci_upper", _dbl), ("retained", _u64),
    ("at_risk", _u64), ("retention", _dbl), ("retention_ci_lower", _dbl),
    ("retention_ci_upper", _dbl), ("churn", _dbl), ("revenue", _dbl), ("level", _dbl)])

_CRetentionPeriod = cstruct("CxRetentionPeriod", [
    ("period", _i64), ("active", _u64), ("new_customers", _u64), ("retained", _u64),
    ("returning", _u64), ("churned", _u64), ("previous_active", _u64), ("retention", _dbl),
    ("retention_ci_lower", _dbl), ("retention_ci_upper", _dbl), ("churn", _dbl),
    ("revenue", _dbl), ("revenue_at_risk", _dbl), ("level", _dbl)])

_CRetentionCustomer = cstruct("CxRetentionCustomer", [
    ("first_period", _i64), ("last_period", _i64), ("events", _u64), ("active_periods", _u64),
    ("revenue", _dbl), ("revenue_in_period", _dbl), ("active_in_period", _c.c_int32),
    ("reserved", _c.c_int32)])

_fn("cx_period_unit_from_name", _int, _str)
_fn("cx_period_from_date", _int, _str, _sz, _int, _c.POINTER(_i64))
_fn("cx_period_label", _int, _int, _i64, _p, _sz)

_fn("cx_retention_new", _int, _c.POINTER(_p))
_fn("cx_retention_copy", _int, _p, _c.POINTER(_p))
_fn("cx_retention_reset", _int, _p)
_fn("cx_retention_free", None, _p)
_fn("cx_retention_add", _int, _p, _str, _sz, _i64, _dbl)
_fn("cx_retention_merge", _int, _p, _p)
_fn("cx_retention_serialize", _int, _p, _p, _p)
_fn("cx_retention_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_retention_result", _int, _p, _dbl, _c.POINTER(_CRetentionResult))
_fn("cx_retention_periods", _int, _p, _i64, _sz, _dbl, _p)
_fn("cx_retention_cohorts", _int, _p, _i64, _sz, _p, _p)
_fn("cx_retention_customer", _int, _p, _str, _sz, _i64, _c.POINTER(_CRetentionCustomer))

RetentionResult = result_class(
    "RetentionResult", _CRetentionResult,
    """Whole-log figures (the C CxRetentionResult): customers, events and rejections, the
    repeat-purchase rate and the pooled retention with Wilson intervals, revenue.""")
RetentionPeriod = result_class(
    "RetentionPeriod", _CRetentionPeriod,
    """One period's figures (the C CxRetentionPeriod): active, new, retained, returning and
    churned customers, retention with its Wilson interval, revenue and revenue at risk.""")
RetentionCustomer = result_class(
    "RetentionCustomer", _CRetentionCustomer,
    """One customer's record (the C CxRetentionCustomer); ``active_in_period`` and
    ``revenue_in_period`` refer to the period asked for.""",
    replace={"active_in_period": bool})


@dataclasses.dataclass(frozen=True)
class Cohorts:
    """A cohort table: cohort i (customers first seen in period first + i) has ``sizes[i]``
    customers, of whom ``active[i][k]`` were active in period first + i + k."""
    first: int
    sizes: tuple
    active: tuple


def period_unit(name):
    """Checks a unit name ('day', 'week', 'month', 'quarter', 'year'; any case); returns the
    C CxPeriodUnit number."""
    return check(C.cx_period_unit_from_name(encode(name)), f"unknown period unit {name!r}")


def period_from_date(date, unit="month"):
    """The period number of ``unit`` containing ``date``: ISO text "YYYY-MM-DD" (a time after
    "T" or a space is ignored), or a datetime.date / datetime. Consecutive periods are
    consecutive numbers. ParseError for text that is not such a date."""
    if isinstance(date, (datetime.date, datetime.datetime)):
        date = date.isoformat()
    raw = encode(date)
    out = _i64()
    check(C.cx_period_from_date(raw, len(raw), period_unit(unit), _c.byref(out)),
          f"date {date!r}")
    return out.value


def period_label(period, unit="month"):
    """The label of a period: '2026-03-04', '2026-W10', '2026-03', '2026-Q1' or '2026'."""
    buf = _c.create_string_buffer(16)
    check(C.cx_period_label(period_unit(unit), period, _c.addressof(buf), len(buf)),
          f"period {period!r}")
    return buf.value.decode()


class Retention(Accumulator):
    """Retention from an activity log (C: CxRetention): one event per ``add(customer, period,
    amount=None)``. Periods are numbers where consecutive periods are consecutive (from
    period_from_date()); with ``unit`` set, ``add`` also takes dates and converts them.
    Customer ids are text or bytes. Merging any split of the log equals one pass; the state
    pickles through the library's serialization (with the unit)."""
    _c_prefix = "cx_retention"

    def __init__(self, unit=None):
        if unit is not None:
            period_unit(unit)
        self.unit = unit
        self._adopt(create(C.cx_retention_new))

    def copy(self):
        other = super().copy()
        other.unit = self.unit
        return other

    @classmethod
    def from_bytes(cls, data, unit=None):
        """An accumulator rebuilt from to_bytes() output; ``unit`` as for the constructor."""
        if unit is not None:
            period_unit(unit)
        obj = super().from_bytes(data)
        obj.unit = unit
        return obj

    def __reduce__(self):
        return (Retention.from_bytes, (self.to_bytes(), self.unit))

    def _period(self, period):
        if isinstance(period, int):
            return period
        if self.unit is None:
            raise TypeError("periods are numbers unless the Retention has a unit")
        return period_from_date(period, self.unit)

    def add(self, customer, period, amount=None):
        """Adds one event; an empty id or an infinite amount is rejected and counted."""
        raw = encode(customer)
        check(C.cx_retention_add(self._h, raw, len(raw), self._period(period),
                                 math.nan if amount is None else float(amount)))
        return self

    def extend(self, events):
        """Adds (customer, period) or (customer, period, amount) events."""
        for event in events:
            self.add(*event)
        return self

    def merge(self, other):
        self._same_kind(other)
        if self.unit != other.unit:
            raise MismatchError(MismatchError.status_code,
                                f"period units differ: {self.unit!r} and {other.unit!r}")
        return super().merge(other)

    def summary(self, level=0.95):
        """The RetentionResult. EmptyError without an event (its ``result`` has the counts)."""
        r = _CRetentionResult()
        status = C.cx_retention_result(self._h, level, _c.byref(r))
        if status == EmptyError.status_code:
            raise EmptyError(status, "no event", result=RetentionResult(**r.values()))
        check(status)
        return RetentionResult(**r.values())

    def _span(self, first, n):
        if first is None or n is None:
            s = self.summary()
            first = s.first_period if first is None else self._period(first)
            n = s.last_period - first + 1 if n is None else n
        return self._period(first), n

    def periods(self, first=None, n=None, level=0.95):
        """RetentionPeriod figures of n consecutive periods from ``first`` (default: every
        period from the first to the last with an event)."""
        first, n = self._span(first, n)
        if n < 1:
            return []
        out = (_CRetentionPeriod * n)()
        for p in out:
            p.size = _c.sizeof(_CRetentionPeriod)
        check(C.cx_retention_periods(self._h, first, n, level, _c.addressof(out)))
        return [RetentionPeriod(**p.values()) for p in out]

    def cohorts(self, first=None, n=None):
        """The Cohorts table of n cohorts from period ``first``, each followed for n periods
        (default: from the first to the last period with an event)."""
        first, n = self._span(first, n)
        if n < 1:
            return Cohorts(first, (), ())
        sizes, active = (_u64 * n)(), (_u64 * (n * n))()
        check(C.cx_retention_cohorts(self._h, first, n, _c.addressof(sizes),
                                     _c.addressof(active)))
        return Cohorts(first, tuple(sizes), tuple(tuple(active[i * n:(i + 1) * n])
                                                  for i in range(n)))

    def customer(self, customer, period=None):
        """One customer's RetentionCustomer, with their activity in ``period`` (default: the
        last period with an event). EmptyError for a customer without events."""
        raw = encode(customer)
        p = self.summary().last_period if period is None else self._period(period)
        r = _CRetentionCustomer()
        check(C.cx_retention_customer(self._h, raw, len(raw), p, _c.byref(r)),
              f"customer {customer!r}")
        return RetentionCustomer(**{**r.values(), "active_in_period": bool(r.active_in_period)})
