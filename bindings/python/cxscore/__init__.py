# SPDX-License-Identifier: MIT
"""Python binding of libcxscore over ctypes: pure Python, standard library only (NumPy optional).

    >>> import cxscore
    >>> r = cxscore.nps([10, 9, 8, 6, 0, 7, 10], method="tango")
    >>> round(r.nps, 1), r.promoters, r.detractors
    (14.3, 3, 2)

The shared library is found, in order, at the path in the environment variable CXSCORE_LIBRARY,
in the libdir that ``pkg-config cxscore`` reports, then by the dynamic linker's normal search for
``libcxscore.so.<MAJOR>`` and ctypes.util.find_library. A library of another major version is
refused with an ImportError that says which file and which versions.

What is here (the C headers document every figure and its source):

- NPS: :class:`Nps`, :func:`nps`, :func:`compare`, :func:`sample_size`, :func:`nps_category`;
- SERVQUAL: :class:`Instrument`, :class:`Servqual`; reliability: :class:`Alpha`, :func:`alpha`;
- rating scales: :class:`Rating` (CSAT, CES, custom), :func:`csat`, :func:`ces`,
  :func:`wilson_interval`, :func:`proportion_compare`, :func:`mean_compare`; loyalty: :class:`LoyaltyIndex`,
  :func:`loyalty_index`;
- segment tests: :func:`chi_square_independence`, :func:`anova_oneway`; driver analysis:
  :class:`Drivers`, :func:`drivers`;
- customer value: :func:`retention_from_counts`, :func:`clv`; activity logs: :class:`Retention`
  (retention, churn, cohorts, repeat purchase, revenue at risk), :func:`period_from_date`,
  :func:`period_label`; contact logs: :class:`Contacts` (first-contact resolution, repeat
  contacts, channel crossing, time to resolution), :func:`parse_time`, :func:`parse_resolved`;
  follow-up logs: :class:`Followup` (time to first contact, SLA, closure, open alerts by age,
  recovery of detractors with McNemar's test), :func:`parse_outcome`;
- mystery shopping and audits: :class:`Checklist`, :class:`Audit` (visit scores, league
  tables, failing standards, shopper consistency);
- CSV: :class:`CsvReader`, :func:`parse_cell`.
- CSV: :class:`CsvReader`, :func:`parse_cell`; real exports (encodings, header rows, platform
  profiles, labels, rejects): :class:`CellRules`, :class:`Reject`.

Accumulators have ``add``, ``extend`` (NumPy arrays and other buffers of the C element types pass
without copying), ``merge``, ``+``, ``copy``, ``reset``, and pickle through the library's
versioned serialization. Results are frozen dataclasses with the fields of the C result structs.
Scores, standard errors and interval bounds of NPS are in points (-100..100); shares are
proportions. Failures raise :class:`Error` subclasses carrying the C status code and message.
"""
from ._ffi import (ColumnDuplicateError, ColumnNotFoundError, CorruptError, CountOverflowError,
                   EmptyError, Error, InvalidArgumentError, MAJOR, MalformedRowError,
                   MismatchError, NoConvergenceError, NoHeaderError, NoMemoryError, ParseError,
                   ReadError, StructSizeError, UndefinedError, VersionError, library_path,
                   library_version, library_version_info)
from .audit import (AUDIT_MAX_LISTED_REJECTS, CHECKLIST_MAX_ITEMS, CHECKLIST_MAX_SECTIONS,
                    Audit, AuditItem, AuditResult, AuditSection, AuditSegment, AuditShopper,
                    Checklist, ChecklistItem)
from .alpha import ALPHA_MAX_ITEMS, Alpha, AlphaItem, AlphaResult, alpha
from .contacts import (Contacts, ContactsChannelResult, ContactsResult, ContactsWaits, parse_flag,
                       parse_resolved, parse_time)
from .followup import Followup, FollowupAlert, FollowupResult, parse_outcome
from .design import (Design, DesignMean, loyalty_design, nps_design, rating_design,
                     variance_method)
from .drivers import (DRIVERS_MAX_DISTINCT, DRIVERS_MAX_PREDICTORS, Driver, Drivers,
                      DriversResult, drivers)
from .loyalty import (LoyaltyIndex, LoyaltyIndexComparison, LoyaltyIndexResult,
                      MeanComparison, ProportionComparison, Rating, RatingComparison, RatingResult,
                      RetentionRate, TestResult, anova_oneway, ces, chi_square_independence,
                      clv, csat, loyalty_index, mean_compare, proportion_compare,
                      retention_from_counts,
                      wilson_interval)
from .nps import (DETRACTOR_MAX, PROMOTER_MIN, Nps, NpsComparison, NpsResult, compare,
                  nps, nps_category, sample_size)
from .retention import (Cohorts, Retention, RetentionCustomer, RetentionPeriod,
                        RetentionResult, period_from_date, period_label)
from .reader import (CELL_MAX_NUMBER_LENGTH, PROFILES, READER_DEFAULT_MAX_RECORD_SIZE, Cell,
                     CellRules, CsvReader, Reject, parse_cell, reject_reason_name)
from .servqual import (IMPORTANCE_TOLERANCE, INSTRUMENT_MAX_DEFINITION_SIZE,
                       INSTRUMENT_MAX_DIMENSIONS, INSTRUMENT_MAX_ITEMS,
                       Instrument, InstrumentItem, Servqual, ServqualDimension, ServqualItem,
                       ServqualResult)

__all__ = [
    # errors
    "Error", "InvalidArgumentError", "NoMemoryError", "EmptyError", "StructSizeError",
    "CorruptError", "VersionError", "ReadError", "MalformedRowError", "NoHeaderError",
    "ColumnNotFoundError", "ColumnDuplicateError", "MismatchError", "NoConvergenceError",
    "CountOverflowError", "UndefinedError", "ParseError",
    # library
    "MAJOR", "library_version", "library_version_info", "library_path",
    # NPS
    "Nps", "NpsResult", "NpsComparison", "nps", "compare", "sample_size", "nps_category",
    "PROMOTER_MIN", "DETRACTOR_MAX",
    # reliability and SERVQUAL
    "Alpha", "AlphaResult", "AlphaItem", "alpha", "ALPHA_MAX_ITEMS",
    "Instrument", "InstrumentItem", "Servqual", "ServqualResult", "ServqualDimension",
    "ServqualItem", "INSTRUMENT_MAX_ITEMS", "INSTRUMENT_MAX_DIMENSIONS",
    "INSTRUMENT_MAX_DEFINITION_SIZE", "IMPORTANCE_TOLERANCE",
    # rating scales, loyalty, tests, value
    "Rating", "RatingResult", "RatingComparison", "csat", "ces", "wilson_interval",
    "ProportionComparison", "proportion_compare", "MeanComparison", "mean_compare",
    "LoyaltyIndex", "LoyaltyIndexResult", "LoyaltyIndexComparison", "loyalty_index",
    "TestResult", "chi_square_independence", "anova_oneway",
    # design-based variance
    "Design", "DesignMean", "nps_design", "rating_design", "loyalty_design", "variance_method",
    # driver analysis
    "Drivers", "DriversResult", "Driver", "drivers", "DRIVERS_MAX_PREDICTORS",
    "DRIVERS_MAX_DISTINCT",
    "RetentionRate", "retention_from_counts", "clv",
    # contact logs
    "Contacts", "ContactsResult", "ContactsChannelResult", "ContactsWaits", "parse_flag",
    "parse_time", "parse_resolved",
    # follow-up logs
    "Followup", "FollowupAlert", "FollowupResult", "parse_outcome",
    # periods and activity logs
    "period_from_date", "period_label", "Retention", "RetentionResult", "RetentionPeriod",
    "RetentionCustomer", "Cohorts",
    # mystery shopping and audits
    "Checklist", "ChecklistItem", "Audit", "AuditResult", "AuditSection", "AuditItem",
    "AuditSegment", "AuditShopper", "CHECKLIST_MAX_ITEMS", "CHECKLIST_MAX_SECTIONS",
    "AUDIT_MAX_LISTED_REJECTS",
    # CSV
    "CsvReader", "Cell", "parse_cell", "CellRules", "Reject", "reject_reason_name", "PROFILES", "READER_DEFAULT_MAX_RECORD_SIZE", "CELL_MAX_NUMBER_LENGTH",
]
