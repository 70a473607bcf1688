/* SPDX-License-Identifier: MIT */
/* The pieces of cell reading (core/cell.c) that other modules share, so that every module trims
 * and recognizes missing cells by one rule (cx-cell.h). Not installed. */
#ifndef CX_CELL_PRIVATE_H
#define CX_CELL_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

/* The text of a cell without its leading and trailing spaces and tabs: @text (NULL only with
 * @len 0) becomes *start and *n. Inline: it runs for every cell of the per-cell loops (the reader,
 * cx_audit_add_row(): bench/audit-bench.c), where a call cost more than the work. */
static inline void
cx_cell_trim(const char *text, size_t len, const char **start, size_t *n)
{
    const char *s = text ? text : "";
    while (len > 0 && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    *start = s;
    *n = len;
}

/* True for a trimmed cell that marks a missing answer: blank, NA, N/A, - (ASCII case ignored). */
int cx_cell_is_missing(const char *s, size_t n);

/* A date, or a date and time, as written (ISO 8601 extended format, the RFC 3339 profile: see
 * cx_cell_parse_time() in cx-cell.h for the grammar). */
typedef struct {
    int64_t year;
    int month, day;
    int64_t seconds_of_day; /* hh·3600 + mm·60 + ss, 0 for a date alone */
    double fraction;        /* of a second, [0, 1) */
    int64_t offset;         /* the zone's offset east of UTC in seconds (0: UTC or no zone) */
    int zoned;              /* a zone was written (Z or ±hh:mm) */
} CxDateTime;

/* Reads a trimmed cell @s of @n bytes as a date or a date and time, strictly: every field in
 * range (no hour 25, no February 30), nothing after it. True on success. The one reader of dates
 * of the library: cx_cell_parse_time() and cx_period_from_date() both use it (issue 21: the
 * periods' own reader took 2026-01-05T25:00:00). */
int cx_date_time_parse(const char *s, size_t n, CxDateTime *t);

/* The seconds since 1970-01-01T00:00:00Z of @t, without its fraction; a time without a zone is
 * read as UTC. */
int64_t cx_date_time_utc_seconds(const CxDateTime *t);

typedef struct CxCellRules CxCellRules;

/* cx_cell_rules_parse_time() with a reader's default: a format set on @rules
 * (cx_cell_rules_set_date_format()) wins; else ISO 8601, then @formats (a NULL-terminated list,
 * the export platform's own, lib/read/profile.c) when given, else the built-in platforms' forms.
 * So a profile's dates are read by its format alone, never guessed (month or day first). */
int cx_cell_rules_parse_time_in(const CxCellRules *rules, const char *const *formats,
                                const char *text, size_t len, double *seconds);

#endif /* CX_CELL_PRIVATE_H */
