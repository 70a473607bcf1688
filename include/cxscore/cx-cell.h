/* SPDX-License-Identifier: MIT */
/**
 * @file cx-cell.h
 * @brief Reading one cell of a survey export: numbers and missing markers, points in time.
 *
 * @defgroup cells Cells
 * @ingroup core
 * @brief Reading one cell of a survey export: numbers and missing markers, points in time
 *        (cx-cell.h).
 *
 * The rules every libcxscore module applies to text cells (the CSV reader, the accumulators'
 * `*_add_text()` functions, the example CLI), available on their own so that callers reading
 * cells from elsewhere (a database, a spreadsheet library) classify them the same way:
 * blank, `NA`, `N/A` and `-` are missing; a number is a plain decimal, read independently of the
 * locale; anything else is text that is not a number, which accumulators count as rejected.
 * Where an accumulator takes doubles instead of text, NaN stands for a missing cell and
 * ±infinity for a cell that held text (cxscore.h, @ref rules_data).
 * @{
 */
#ifndef CXSCORE_CX_CELL_H
#define CXSCORE_CX_CELL_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/** Kinds of cell, as classified by cx_cell_parse_number() and cx_cell_parse_time(). */
typedef enum {
    CX_CELL_NUMBER = 0,       /**< A finite decimal number. */
    CX_CELL_MISSING = 1,      /**< Blank, or one of NA, N/A, -, (case-insensitive, after trimming). */
    CX_CELL_NOT_A_NUMBER = 2  /**< Anything else ("7a", "seven", "inf", "nan", "0x10"). */
} CxCellKind;

/**
 * Classifies and parses a cell as a number, the way every libcxscore module reads CSV cells.
 * Leading and trailing spaces and tabs are ignored. A number is an optional sign, digits with an
 * optional '.' fraction, and an optional exponent ("7", "-1", "6.5", "1e1"), parsed independently
 * of the locale, of at most cx_cell_max_number_length() characters; hexadecimal, "inf", "nan" and
 * longer text are not numbers.
 *
 * @param text  the cell (need not be NUL-terminated); NULL is allowed when @p len is 0.
 * @param len   its length in bytes.
 * @param value receives the number when the result is #CX_CELL_NUMBER (may be NULL).
 * @return a #CxCellKind, or #CX_E_INVALID_ARGUMENT if @p text is NULL and @p len is not 0.
 * @since 0.1
 */
CX_EXPORT int cx_cell_parse_number(const char *text, size_t len, double *value);

/**
 * The longest text, in characters after trimming, that cx_cell_parse_number() reads as a number.
 * @return 1024.
 * @since 0.1
 */
CX_EXPORT size_t cx_cell_max_number_length(void);

/**
 * Reads a point in time from a CSV cell, as seconds since 1970-01-01T00:00:00Z (Unix time,
 * leap seconds ignored as in POSIX). Leading and trailing spaces and tabs are ignored. Accepted:
 * - ISO 8601 / RFC 3339 extended format: `YYYY-MM-DD`, optionally followed by `T` (or `t`, or
 *   one space) and `hh:mm`, `hh:mm:ss` or `hh:mm:ss.f…` (1–9 fraction digits), then optionally
 *   a zone: `Z`, `±hh:mm`, `±hhmm` or `±hh` (at most 23:59), e.g. "2026-03-04T10:15:00",
 *   "2026-03-04 10:15:00", "2026-03-04T10:15:00+01:00", "2026-03-04";
 * - a plain number (cx_cell_parse_number()): seconds since the epoch.
 * Years 0001–9999 of the proleptic Gregorian calendar; the date must exist (2026-02-30 does
 * not); hours 00–23, minutes and seconds 00–59 (24:00 and leap second 60 are refused).
 *
 * **Time zones:** a time with a zone is converted to UTC; a time without one (and a date alone,
 * which means its midnight) is read as UTC, never in the machine's local zone, so results do
 * not depend on where they are computed. Differences between such times are exact when the
 * export uses one fixed offset; an export in local time with daylight saving is off by the
 * shift for intervals that span a change (export with offsets, or in UTC, to avoid it).
 *
 * @param text    the cell (need not be NUL-terminated); NULL is allowed when @p len is 0.
 * @param len     its length in bytes.
 * @param seconds receives the time when the result is #CX_CELL_NUMBER (may be NULL).
 * @return #CX_CELL_NUMBER when a time was read; #CX_CELL_MISSING for blank, NA, N/A, -;
 *         #CX_CELL_NOT_A_NUMBER otherwise; #CX_E_INVALID_ARGUMENT if @p text is NULL and @p len
 *         is not 0.
 * @since 0.1
 */
CX_EXPORT int cx_cell_parse_time(const char *text, size_t len, double *seconds);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_CELL_H */
