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

/**
 * Why a cell was rejected (cx_cell_rules_parse_number(), the reader's rejects channel,
 * cx_reader_set_reject_func()). The numbers never change.
 * @since 0.2
 */
typedef enum {
    CX_REASON_NONE = 0,           /**< Not rejected. */
    CX_REASON_NOT_A_NUMBER = 1,   /**< Text with no letter that is not a number ("7a", "1..2"). */
    CX_REASON_UNKNOWN_LABEL = 2,  /**< Text with a letter that no label map knows ("Very happy"). */
    CX_REASON_OUT_OF_RANGE = 3,   /**< A number outside the column's scale. */
    CX_REASON_NOT_WHOLE = 4,      /**< A fraction where the scale has whole points only ("7.5"). */
    CX_REASON_NOT_A_TIME = 5,     /**< A time column's cell that no date format reads. */
    CX_REASON_SEVERAL_CHOICES = 6,/**< Several option columns of one single-choice question are set. */
    CX_REASON_MALFORMED_ROW = 7   /**< A whole row: malformed CSV (the value is the reader's message). */
} CxRejectReason;

/**
 * Names a reject reason.
 * @param reason a #CxRejectReason.
 * @return a static lower-case phrase ("not a number", "unknown label", "out of range", "not a
 *         whole number", "not a date", "several choices", "malformed row"), "" for
 *         #CX_REASON_NONE, or "unknown reason".
 * @since 0.2
 */
CX_EXPORT const char *cx_reject_reason_name(int reason);

/**
 * Opaque cell rules: how the cells of one export are read, beyond the fixed rules of
 * cx_cell_parse_number() and cx_cell_parse_time():
 * - **missing markers**: by default blank, `NA`, `N/A`, `-`, `#N/A`, `NaN`, `null`, `NULL`,
 *   `None`, `.` and `#NULL!` (what R, pandas, Excel, SPSS and SQL exports write for an empty
 *   cell; ASCII case ignored); cx_cell_rules_clear_missing() and cx_cell_rules_add_missing()
 *   change the set;
 * - **decimal comma** (cx_cell_rules_set_decimal()): `0,53` is 0.53 (spreadsheets in most of
 *   Europe); no thousands separators are read, so `1.234,5` stays text;
 * - **leading-number labels**: `10 - Extremely likely`, `0 = Not at all likely`,
 *   `10 (Extremely likely)`, `5: Very satisfied`, `3. Neutral` are read as their number (how
 *   Google Forms, SurveyMonkey and Qualtrics "export choice text" label the ends of a scale),
 *   and trailing-number labels, `Not at all likely - 0`, `Extremely likely (10)`,
 *   `Satisfied: 4` (since 0.2; the label must hold a letter, the number has no sign);
 * - **label maps**: a text answer mapped to its point, from a key file
 *   (cx_cell_rules_load_labels()), one by one (cx_cell_rules_add_label()) or from the built-in
 *   English scales (cx_cell_rules_add_scale()): labels are matched whole, after trimming, with
 *   ASCII case ignored;
 * - **dates**: a strptime-style format (cx_cell_rules_set_date_format()), otherwise ISO 8601
 *   and the survey platforms' formats (cx_cell_rules_parse_time()).
 *
 * Rules are not changed by parsing: one rules object may serve several threads once set up.
 * @since 0.2
 */
typedef struct CxCellRules CxCellRules;

/**
 * Creates cell rules with the defaults above ('.' decimal mark, the wide missing set, no labels).
 * @param out receives the rules (free with cx_cell_rules_free()); NULL on failure.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL @p out) or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_new(CxCellRules **out);

/** Frees rules (NULL is allowed). @param rules the rules. @since 0.2 */
CX_EXPORT void cx_cell_rules_free(CxCellRules *rules);

/**
 * Sets the decimal mark.
 * @param rules   the rules.
 * @param decimal '.' (the default) or ','.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_set_decimal(CxCellRules *rules, char decimal);

/**
 * Empties the set of missing markers: only a blank cell is then missing.
 * @param rules the rules.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_clear_missing(CxCellRules *rules);

/**
 * Adds a missing marker (matched whole after trimming, ASCII case ignored).
 * @param rules  the rules.
 * @param marker a NUL-terminated marker, e.g. "Prefer not to say" (at most 256 bytes).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT or #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_add_missing(CxCellRules *rules, const char *marker);

/**
 * Maps a text answer to a number.
 * @param rules the rules.
 * @param label a NUL-terminated label (trimmed; at most 256 bytes; not blank).
 * @param value its finite value.
 * @return #CX_OK; #CX_E_MISMATCH if the label already maps to another value (the message names
 *         both, cx_cell_rules_error_message()); #CX_E_INVALID_ARGUMENT; #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_add_label(CxCellRules *rules, const char *label, double value);

/**
 * Adds a built-in English scale's labels:
 * - "csat": Very/Extremely dissatisfied 1, (Somewhat) dissatisfied 2, Neither satisfied nor
 *   dissatisfied / Neutral 3, (Somewhat) satisfied 4, Very/Extremely satisfied 5;
 * - "agree5": Strongly disagree 1, Disagree 2, Neither agree nor disagree 3, Agree 4,
 *   Strongly agree 5;
 * - "agree7" (also "ces", the 7-point agreement of CES 2.0): Strongly disagree 1, Disagree 2,
 *   Somewhat disagree 3, Neither agree nor disagree 4, Somewhat agree 5, Agree 6,
 *   Strongly agree 7;
 * - "effort5": Very easy 1 … Very difficult 5 (Very easy, Easy, Neither easy nor difficult,
 *   Difficult, Very difficult).
 * @param rules the rules.
 * @param name  the scale's name.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT for an unknown name; #CX_E_MISMATCH when a label
 *         is already mapped to another value (e.g. "agree5" and "agree7" together);
 *         #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_add_scale(CxCellRules *rules, const char *name);

/**
 * Loads a label map from a GLib key file (the .ini-like format of the freedesktop Desktop Entry
 * specification), in memory:
 * @code
 * [labels]
 * Very satisfied=5
 * Satisfied=4
 * [cells]
 * scales=agree5
 * missing=Prefer not to say;Does not apply
 * decimal=,
 * @endcode
 * Every key of `[labels]` is a label, its value a number (decimal point). `[cells]` is optional.
 * @param rules the rules.
 * @param data  the key file's text (UTF-8).
 * @param len   its length in bytes.
 * @return #CX_OK; #CX_E_PARSE for a file that is not a key file, has no `[labels]` or
 *         `[cells]` group, a value that is not a number, an unknown key or scale (the message
 *         names it, cx_cell_rules_error_message()); #CX_E_MISMATCH as cx_cell_rules_add_label();
 *         #CX_E_INVALID_ARGUMENT; #CX_E_NO_MEMORY. On failure the labels read before the error
 *         stay added.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_load_labels(CxCellRules *rules, const char *data, size_t len);

/**
 * Sets the date format of cx_cell_rules_parse_time(), strptime-style: `%Y` (4 digits), `%y`
 * (2 digits, 2000–2099), `%m`, `%d`, `%e`, `%H`, `%I`, `%M`, `%S` (1 or 2 digits), `%p`
 * (AM/PM), `%b` (an English month name or its 3-letter abbreviation), `%z` (`Z`, `±hh`,
 * `±hh:mm`, `±hhmm`, or `GMT`/`UTC` optionally followed by `±h[:mm]`), `%q` (quarter 1–4),
 * `%%`; a space matches one or more spaces; any other character matches itself.
 * @param rules  the rules.
 * @param format the format, or NULL to go back to the built-in formats.
 * @return #CX_OK; #CX_E_PARSE for an unknown directive (the message names it);
 *         #CX_E_INVALID_ARGUMENT; #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_set_date_format(CxCellRules *rules, const char *format);

/**
 * The detail of the last failed call on the rules.
 * @param rules the rules.
 * @return a NUL-terminated string owned by the rules, "" if none (also for NULL).
 * @since 0.2
 */
CX_EXPORT const char *cx_cell_rules_error_message(const CxCellRules *rules);

/**
 * Reads a cell as a number by the rules: trimmed; a missing marker; a number (with the rules'
 * decimal mark; '.' is always accepted); a mapped label; a leading- or trailing-number label.
 * @param rules  the rules (NULL: cx_cell_parse_number()'s fixed rules, with reasons).
 * @param text   the cell (need not be NUL-terminated); NULL is allowed when @p len is 0.
 * @param len    its length in bytes.
 * @param value  receives the number when the result is #CX_CELL_NUMBER (may be NULL).
 * @param reason receives #CX_REASON_NOT_A_NUMBER or #CX_REASON_UNKNOWN_LABEL for
 *               #CX_CELL_NOT_A_NUMBER, else #CX_REASON_NONE (may be NULL).
 * @return a #CxCellKind, or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_parse_number(const CxCellRules *rules, const char *text, size_t len,
                                         double *value, int *reason);

/**
 * Reads a cell as a point in time by the rules: a missing marker; with a date format
 * (cx_cell_rules_set_date_format()), that format only; otherwise cx_cell_parse_time()'s ISO
 * 8601 forms, then the platforms' formats: `YYYY/MM/DD h:mm:ss AM GMT+2` (Google Forms),
 * `MM/DD/YYYY h:mm[:ss] [AM|PM]` (SurveyMonkey, Microsoft Forms, Excel in the US: month
 * first), `YYYY-MM` (the first of the month) and `YYYY-Qn` (the first day of the quarter).
 * A zone (`GMT+2`, `+02:00`) is converted to UTC; a time without one is read as UTC, as
 * cx_cell_parse_time().
 * @param rules   the rules (NULL: the built-in formats).
 * @param text    the cell; NULL is allowed when @p len is 0.
 * @param len     its length in bytes.
 * @param seconds receives the time (seconds since 1970-01-01T00:00:00Z) (may be NULL).
 * @return #CX_CELL_NUMBER, #CX_CELL_MISSING, #CX_CELL_NOT_A_NUMBER, or #CX_E_INVALID_ARGUMENT.
 * @since 0.2
 */
CX_EXPORT int cx_cell_rules_parse_time(const CxCellRules *rules, const char *text, size_t len,
                                       double *seconds);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_CELL_H */
