# SPDX-License-Identifier: MIT
"""Mystery shopping and point-of-sale audits (C: cx-audit.h): checklists as key files, visit
scores, league tables by location / region / shopper / period, failing standards and shopper
consistency. Scoring rules and their sources: docs/audit.md."""
import csv
import ctypes as _c
import dataclasses
import os
import weakref

from ._ffi import (Accumulator, C, _dbl, _fn, _int, _p, _str, _sz, _u32, _u64, check, create,
                   cstruct, encode, result_class)
from .loyalty import (MeanComparison, ProportionComparison, TestResult, _CMeanComparison,
                      _CProportionComparison, _CTestResult)

_CAuditResult = cstruct("CxAuditResult", [
    ("visits", _u64), ("scored", _u64), ("passed", _u64), ("critical_visits", _u64),
    ("critical_failures", _u64), ("rejected", _u64), ("rejected_answer", _u64),
    ("rejected_na_not_allowed", _u64), ("rejected_critical_blank", _u64),
    ("rejected_no_applicable", _u64), ("rejected_unknown_item", _u64), ("rejected_date", _u64),
    ("rejected_missing_segment", _u64), ("pass_mark", _dbl), ("level", _dbl), ("mean", _dbl),
    ("sd", _dbl), ("se", _dbl), ("ci_lower", _dbl), ("ci_upper", _dbl), ("pass_share", _dbl),
    ("pass_ci_lower", _dbl), ("pass_ci_upper", _dbl), ("earned", _dbl), ("applicable", _dbl)])

_CAuditSection = cstruct("CxAuditSection", [
    ("scored", _u64), ("critical_visits", _u64), ("mean", _dbl), ("sd", _dbl), ("se", _dbl),
    ("ci_lower", _dbl), ("ci_upper", _dbl), ("earned", _dbl), ("applicable", _dbl),
    ("level", _dbl)])

_CAuditItem = cstruct("CxAuditItem", [
    ("applicable", _u64), ("compliant", _u64), ("not_applicable", _u64), ("blank", _u64),
    ("rejected", _u64), ("critical_failures", _u64), ("section", _u32), ("rank", _u32),
    ("section_rank", _u32), ("cost_rank", _u32), ("points", _dbl), ("compliance", _dbl),
    ("ci_lower", _dbl), ("ci_upper", _dbl), ("points_lost", _dbl), ("points_lost_share", _dbl),
    ("level", _dbl)])

_CAuditSegment = cstruct("CxAuditSegment", [
    ("scored", _u64), ("passed", _u64), ("critical_visits", _u64), ("mean", _dbl), ("sd", _dbl),
    ("se", _dbl), ("ci_lower", _dbl), ("ci_upper", _dbl), ("pass_share", _dbl),
    ("pass_ci_lower", _dbl), ("pass_ci_upper", _dbl), ("level", _dbl)])

_CAuditShopper = cstruct("CxAuditShopper", [
    ("visits", _u64), ("locations", _u64), ("deviation", _dbl), ("sd", _dbl), ("se", _dbl),
    ("ci_lower", _dbl), ("ci_upper", _dbl), ("level", _dbl)])

_fn("cx_checklist_max_items", _sz)
_fn("cx_checklist_max_sections", _sz)
_fn("cx_checklist_new", _int, _c.POINTER(_p))
_fn("cx_checklist_free", None, _p)
_fn("cx_checklist_load_data", _int, _p, _str, _sz)
_fn("cx_checklist_load_file", _int, _p, _str)
_fn("cx_checklist_error_message", _str, _p)
_fn("cx_checklist_error_line", _u64, _p)
_fn("cx_checklist_name", _str, _p)
_fn("cx_checklist_pass_mark", _dbl, _p)
_fn("cx_checklist_critical_rule", _int, _p)
_fn("cx_checklist_section_count", _sz, _p)
_fn("cx_checklist_section_id", _str, _p, _sz)
_fn("cx_checklist_section_name", _str, _p, _sz)
_fn("cx_checklist_item_count", _sz, _p)
_fn("cx_checklist_item_index", _int, _p, _str, _c.POINTER(_sz))
_fn("cx_checklist_item_id", _str, _p, _sz)
_fn("cx_checklist_item_text", _str, _p, _sz)
_fn("cx_checklist_item_section", _sz, _p, _sz)
_fn("cx_checklist_item_points", _dbl, _p, _sz)
_fn("cx_checklist_item_type", _int, _p, _sz)
_fn("cx_checklist_item_critical", _int, _p, _sz)
_fn("cx_checklist_item_na_allowed", _int, _p, _sz)

_fn("cx_audit_max_listed_rejects", _sz)
_fn("cx_audit_new", _int, _p, _int, _c.POINTER(_p))
_fn("cx_audit_free", None, _p)
_fn("cx_audit_checklist", _p, _p)
_fn("cx_audit_set_columns", _int, _p, _p, _sz, _u64)
_fn("cx_audit_add_row", _int, _p, _p, _p, _sz, _u64)
_fn("cx_audit_reset", None, _p)
_fn("cx_audit_copy", _int, _p, _c.POINTER(_p))
_fn("cx_audit_merge", _int, _p, _p)
_fn("cx_audit_serialize", _int, _p, _p, _p)
_fn("cx_audit_deserialize", _int, _p, _sz, _c.POINTER(_p))
_fn("cx_audit_result", _int, _p, _dbl, _c.POINTER(_CAuditResult))
_fn("cx_audit_section_result", _int, _p, _sz, _dbl, _c.POINTER(_CAuditSection))
_fn("cx_audit_item_result", _int, _p, _sz, _dbl, _c.POINTER(_CAuditItem))
_fn("cx_audit_segment_count", _sz, _p, _int)
_fn("cx_audit_segment_name", _str, _p, _int, _sz)
_fn("cx_audit_segment_index", _int, _p, _int, _str, _c.POINTER(_sz))
_fn("cx_audit_segment_result", _int, _p, _int, _sz, _dbl, _c.POINTER(_CAuditSegment))
_fn("cx_audit_segment_item_result", _int, _p, _int, _sz, _sz, _dbl, _c.POINTER(_CAuditItem))
_fn("cx_audit_segment_compare", _int, _p, _int, _sz, _sz, _dbl, _c.POINTER(_CMeanComparison),
    _c.POINTER(_CProportionComparison))
_fn("cx_audit_compare_target", _int, _p, _int, _sz, _dbl, _dbl, _c.POINTER(_CMeanComparison))
_fn("cx_audit_shopper_result", _int, _p, _sz, _dbl, _c.POINTER(_CAuditShopper))
_fn("cx_audit_shopper_test", _int, _p, _c.POINTER(_CTestResult))
_fn("cx_audit_location_anova", _int, _p, _sz, _c.POINTER(_CTestResult),
    _c.POINTER(_CTestResult))
_fn("cx_audit_reject_listed", _sz, _p)
_fn("cx_audit_reject", _int, _p, _sz, _c.POINTER(_u64), _c.POINTER(_sz), _c.POINTER(_int))

CHECKLIST_MAX_ITEMS = C.cx_checklist_max_items()
CHECKLIST_MAX_SECTIONS = C.cx_checklist_max_sections()
AUDIT_MAX_LISTED_REJECTS = C.cx_audit_max_listed_rejects()

#: Segment kinds (the C CxAuditSegmentBy), by name.
SEGMENTS = {"location": 0, "region": 1, "shopper": 2, "period": 3}
#: Reasons for a rejection (the C CxAuditReject), by number.
REJECT_REASONS = ("answer", "na_not_allowed", "critical_blank", "no_applicable",
                  "unknown_item", "date", "missing_segment")
_TYPES = ("yesno", "rating", "measure")
_UNITS = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}

AuditResult = result_class(
    "AuditResult", _CAuditResult,
    """Figures over all visits (the C CxAuditResult): counts of visits, scored, passed and
    critical; rejects by reason; mean visit score (0-100) with its t-interval; share passing
    with its Wilson interval; points earned and applicable.""")
AuditSection = result_class(
    "AuditSection", _CAuditSection,
    """One section's scores (the C CxAuditSection), with ``section`` its id.""",
    extra=(("section_id", str),))
AuditItem = result_class(
    "AuditItem", _CAuditItem,
    """One standard (the C CxAuditItem): compliance with its Wilson interval, ranks (1 = the
    lowest compliance / the most points lost) and points lost, with ``id`` the item's id.""",
    extra=(("id", str),))
AuditSegment = result_class(
    "AuditSegment", _CAuditSegment,
    """One location, region, shopper or period (the C CxAuditSegment): mean visit score with its
    t-interval, share passing with its Wilson interval.""")
AuditShopper = result_class(
    "AuditShopper", _CAuditShopper,
    """A shopper's mean deviation from the means of the locations they scored (the C
    CxAuditShopper); positive: more lenient than the other shoppers there.""")


@dataclasses.dataclass(frozen=True)
class ChecklistItem:
    """One checklist item: id, text, section index, points, type ('yesno', 'rating',
    'measure'), critical and N/A allowed."""
    id: str
    text: str
    section: int
    points: float
    type: str
    critical: bool
    na_allowed: bool


def _text(raw):
    return None if raw is None else raw.decode("utf-8", "surrogateescape")


class Checklist:
    """An audit checklist (C: CxChecklist), loaded from a key file (format in cx-audit.h and
    docs/audit.md): ``Checklist.from_file(path)`` or ``Checklist.from_text(text)``. A bad file
    raises ParseError whose ``line`` is the key-file line and ``detail`` the reason."""

    def __init__(self):
        raise TypeError("use Checklist.from_file() or Checklist.from_text()")

    @classmethod
    def _empty(cls):
        obj = cls.__new__(cls)
        obj._h = create(C.cx_checklist_new)
        obj._owner = None
        obj._finalizer = weakref.finalize(obj, C.cx_checklist_free, obj._h)
        return obj

    @classmethod
    def _view(cls, handle, owner):
        obj = cls.__new__(cls)
        obj._h = handle
        obj._owner = owner  # keeps the accumulator that owns the checklist alive
        return obj

    def _load(self, status):
        if status < 0:
            check(status, _text(C.cx_checklist_error_message(self._h)),
                  line=C.cx_checklist_error_line(self._h) or None)
        return self

    @classmethod
    def from_file(cls, path):
        obj = cls._empty()
        return obj._load(C.cx_checklist_load_file(obj._h, os.fsencode(path)))

    @classmethod
    def from_text(cls, text):
        obj = cls._empty()
        raw = encode(text)
        return obj._load(C.cx_checklist_load_data(obj._h, raw, len(raw)))

    @property
    def name(self):
        return _text(C.cx_checklist_name(self._h))

    @property
    def pass_mark(self):
        return C.cx_checklist_pass_mark(self._h)

    @property
    def critical_rule(self):
        """'section' or 'visit': what a critical failure zeroes."""
        return ("section", "visit")[C.cx_checklist_critical_rule(self._h)]

    @property
    def sections(self):
        """[(id, name)] in checklist order."""
        return [(_text(C.cx_checklist_section_id(self._h, s)),
                 _text(C.cx_checklist_section_name(self._h, s)))
                for s in range(C.cx_checklist_section_count(self._h))]

    @property
    def items(self):
        """[ChecklistItem] in checklist order (the order of item indices)."""
        h = self._h
        return [ChecklistItem(_text(C.cx_checklist_item_id(h, i)),
                              _text(C.cx_checklist_item_text(h, i)),
                              C.cx_checklist_item_section(h, i),
                              C.cx_checklist_item_points(h, i),
                              _TYPES[C.cx_checklist_item_type(h, i)],
                              bool(C.cx_checklist_item_critical(h, i)),
                              bool(C.cx_checklist_item_na_allowed(h, i)))
                for i in range(C.cx_checklist_item_count(h))]

    def item_index(self, item_id):
        out = _sz()
        check(C.cx_checklist_item_index(self._h, encode(item_id), _c.byref(out)),
              f"no item {item_id!r}")
        return out.value


def _strings(values):
    raw = [encode(v if v is not None else "") for v in values]
    arr = (_c.c_char_p * max(1, len(raw)))(*raw)
    lens = (_sz * max(1, len(raw)))(*[len(r) for r in raw])
    return raw, arr, lens


class Audit(Accumulator):
    """Visits scored against a checklist (C: CxAudit). Feed an export with ``read_csv(path)``,
    or ``set_columns(header)`` then ``add_row(fields)``; columns location, region, shopper and
    date (periods of ``period``: day, week, month, quarter, year) and the item ids. Results:
    result(), sections(), items(), segments(by), compare(by, name, baseline), compare_target(),
    shoppers(), shopper_test(), location_anova(), rejects(). Merges, copies and pickles."""
    _c_prefix = "cx_audit"

    def __init__(self, checklist, period="month"):
        if period not in _UNITS:
            raise ValueError(f"period must be one of {', '.join(_UNITS)}, not {period!r}")
        self._adopt(create(C.cx_audit_new, checklist._h, _UNITS[period]))

    @property
    def checklist(self):
        return Checklist._view(C.cx_audit_checklist(self._h), self)

    def reset(self):
        """Forgets every visit (the checklist and the column mapping stay)."""
        C.cx_audit_reset(self._h)
        return self

    def set_columns(self, names, line=1):
        _, arr, _ = _strings(names)
        check(C.cx_audit_set_columns(self._h, arr, len(names), line))
        return self

    def add_row(self, fields, line=0):
        _, arr, lens = _strings(fields)
        check(C.cx_audit_add_row(self._h, arr, lens, len(fields), line))
        return self

    def read_csv(self, path):
        """Scores every row of a CSV export (header first); rejects carry the file's lines."""
        with open(path, newline="", encoding="utf-8") as f:
            rows = csv.reader(f)
            self.set_columns(next(rows), rows.line_num)
            for row in rows:
                self.add_row(row, rows.line_num)
        return self

    def result(self, level=0.95):
        r = _CAuditResult()
        check(C.cx_audit_result(self._h, level, _c.byref(r)))
        return AuditResult(**r.values())

    def sections(self, level=0.95):
        out = []
        for s, (sid, _) in enumerate(self.checklist.sections):
            r = _CAuditSection()
            check(C.cx_audit_section_result(self._h, s, level, _c.byref(r)))
            out.append(AuditSection(**r.values(), section_id=sid))
        return out

    def _by(self, by):
        if by not in SEGMENTS:
            raise ValueError(f"by must be one of {', '.join(SEGMENTS)}, not {by!r}")
        return SEGMENTS[by]

    def _index(self, by, name):
        out = _sz()
        check(C.cx_audit_segment_index(self._h, self._by(by), encode(name), _c.byref(out)),
              f"no {by} {name!r}")
        return out.value

    def items(self, level=0.95, by=None, name=None):
        """[AuditItem] in checklist order, over all visits or within one segment."""
        out = []
        ids = [it.id for it in self.checklist.items]
        for i, iid in enumerate(ids):
            r = _CAuditItem()
            if by is None:
                check(C.cx_audit_item_result(self._h, i, level, _c.byref(r)))
            else:
                check(C.cx_audit_segment_item_result(self._h, self._by(by),
                                                     self._index(by, name), i, level,
                                                     _c.byref(r)))
            out.append(AuditItem(**r.values(), id=iid))
        return out

    def segments(self, by, level=0.95):
        """{name: AuditSegment} in order of first appearance."""
        b = self._by(by)
        out = {}
        for k in range(C.cx_audit_segment_count(self._h, b)):
            r = _CAuditSegment()
            check(C.cx_audit_segment_result(self._h, b, k, level, _c.byref(r)))
            out[_text(C.cx_audit_segment_name(self._h, b, k))] = AuditSegment(**r.values())
        return out

    def compare(self, by, name, baseline, level=0.95):
        """(MeanComparison, ProportionComparison) of segment ``name`` minus ``baseline``:
        Welch's t-test of the mean visit scores, pooled z and Newcombe for pass shares."""
        m, p = _CMeanComparison(), _CProportionComparison()
        check(C.cx_audit_segment_compare(self._h, self._by(by), self._index(by, name),
                                         self._index(by, baseline), level, _c.byref(m),
                                         _c.byref(p)))
        return MeanComparison(**m.values()), ProportionComparison(**p.values())

    def compare_target(self, target, by=None, name=None, level=0.95):
        """One-sample t-test of the mean visit score (of all visits, or of one segment)
        against ``target``."""
        m = _CMeanComparison()
        b, k = (-1, 0) if by is None else (self._by(by), self._index(by, name))
        check(C.cx_audit_compare_target(self._h, b, k, float(target), level, _c.byref(m)))
        return MeanComparison(**m.values())

    def shoppers(self, level=0.95):
        """{shopper: AuditShopper}: each shopper's mean deviation from the location means."""
        out = {}
        for k in range(C.cx_audit_segment_count(self._h, SEGMENTS["shopper"])):
            r = _CAuditShopper()
            check(C.cx_audit_shopper_result(self._h, k, level, _c.byref(r)))
            out[_text(C.cx_audit_segment_name(self._h, SEGMENTS["shopper"], k))] = \
                AuditShopper(**r.values())
        return out

    def shopper_test(self):
        """The nested ANOVA of visit scores, shoppers within locations (TestResult)."""
        t = _CTestResult()
        check(C.cx_audit_shopper_test(self._h, _c.byref(t)))
        return TestResult(**t.values())

    def location_anova(self, location):
        """(classic, Welch) one-way ANOVA of visit scores by shopper at one location."""
        a, b = _CTestResult(), _CTestResult()
        check(C.cx_audit_location_anova(self._h, self._index("location", location),
                                        _c.byref(a), _c.byref(b)))
        return TestResult(**a.values()), TestResult(**b.values())

    def rejects(self):
        """[(line, column or None, reason)] of the listed rejects (the first
        AUDIT_MAX_LISTED_REJECTS); counts of all are in result()."""
        out = []
        line, col, reason = _u64(), _sz(), _int()
        for k in range(C.cx_audit_reject_listed(self._h)):
            check(C.cx_audit_reject(self._h, k, _c.byref(line), _c.byref(col),
                                    _c.byref(reason)))
            column = None if col.value == _c.c_size_t(-1).value else col.value
            out.append((line.value, column, REJECT_REASONS[reason.value]))
        return out
