/* SPDX-License-Identifier: MIT */
/**
 * @file cx-period.h
 * @brief Calendar periods (day, ISO week, month, quarter, year) from ISO 8601 dates, for trends
 *        and retention.
 *
 * @defgroup periods Calendar periods
 * @ingroup stats
 * @brief Days, ISO weeks, months, quarters and years as consecutive numbers, and their labels
 *        (cx-period.h).
 *
 * A period is a signed 64-bit number that orders periods of one unit and makes consecutive
 * periods consecutive numbers, so "the previous period" is `period − 1`:
 * - day: days since 1970-01-01 (proleptic Gregorian calendar);
 * - week: ISO 8601 weeks (Monday to Sunday), numbered from the week of 1970-01-01 (week 0, which
 *   begins on Monday 1969-12-29); labels use the ISO week-numbering year, e.g. "2026-W01";
 * - month: year · 12 + month − 1; quarter: year · 4 + quarter − 1; year: the year.
 * Labels: "2026-03-04", "2026-W10", "2026-03", "2026-Q1", "2026".
 *
 * Dates are read as cx_cell_parse_time() reads them (one reader for the library): "YYYY-MM-DD",
 * optionally followed by "T" or a space and a valid time of day, with or without a zone. A time
 * without a zone is local time as written: its calendar date is the date as written. A time
 * with a zone ("Z", "+01:00") is an instant: its period is that of its UTC date
 * (2026-01-05T00:30:00+01:00 is in 2026-01-04). Years 0001–9999. Conversion from civil dates follows the days-from-civil algorithm
 * of H. Hinnant, "chrono-Compatible Low-Level Date Algorithms" (2013).
 * @{
 */
#ifndef CXSCORE_CX_PERIOD_H
#define CXSCORE_CX_PERIOD_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Period units (passed as `int`). */
typedef enum {
    CX_PERIOD_DAY = 0,     /**< A calendar day: days since 1970-01-01; label "2026-03-04". */
    CX_PERIOD_WEEK = 1,    /**< ISO 8601 week, Monday first; label "2026-W10". */
    CX_PERIOD_MONTH = 2,   /**< A month: year · 12 + month − 1; label "2026-03". */
    CX_PERIOD_QUARTER = 3, /**< A quarter: year · 4 + quarter − 1; label "2026-Q1". */
    CX_PERIOD_YEAR = 4     /**< A year: the year itself; label "2026". */
} CxPeriodUnit;

/**
 * The unit named "day", "week", "month", "quarter" or "year" (ASCII case-insensitive).
 * @param name a NUL-terminated name.
 * @return the #CxPeriodUnit, or #CX_E_INVALID_ARGUMENT for another name or NULL.
 * @since 0.1
 */
CX_EXPORT int cx_period_unit_from_name(const char *name);

/**
 * The period of @p unit that contains the date at the start of @p text (@p len bytes, need not
 * be NUL-terminated): "YYYY-MM-DD", then nothing, or "T" or " " and a time as
 * cx_cell_parse_time() takes it (hours 00–23, minutes and seconds 00–59, an optional fraction and
 * zone); a zoned time counts on its UTC date. Surrounding spaces and tabs are allowed. Before
 * 0.2 anything after the "T" was taken, 2026-01-05T25:00:00 too.
 * @param text   the date (need not be NUL-terminated).
 * @param len    its length in bytes.
 * @param unit   a #CxPeriodUnit.
 * @param period receives the period number.
 * @return #CX_OK; #CX_E_PARSE if the text is not such a date or time, or the date or time does
 *         not exist (2026-02-30, 2026-01-05T25:00:00); #CX_E_INVALID_ARGUMENT for a bad unit or NULL pointers.
 * @since 0.1
 */
CX_EXPORT int cx_period_from_date(const char *text, size_t len, int unit, int64_t *period);

/**
 * Writes the label of @p period (a NUL-terminated string of at most 16 bytes with the NUL) to
 * @p buf of @p size bytes.
 * @param unit   a #CxPeriodUnit.
 * @param period a period number of that unit.
 * @param buf    receives the label.
 * @param size   the size of @p buf in bytes (16 is always enough).
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT for a bad unit, NULL, a period outside years
 *         0001–9999, or a buffer too small for the label.
 * @since 0.1
 */
CX_EXPORT int cx_period_label(int unit, int64_t period, char *buf, size_t size);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_PERIOD_H */
