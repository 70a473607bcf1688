/* SPDX-License-Identifier: MIT */
/* Proleptic Gregorian calendar arithmetic shared by cx_period_*() and cx_cell_parse_time(): day
 * numbers since 1970-01-01 after H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"
 * (2013): years start in March so that the leap day ends the year; 146097 days per 400-year era.
 * Not installed. */
#ifndef CX_DATE_PRIVATE_H
#define CX_DATE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>

static inline int
cx_is_leap_year(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1–12) of year y. */
static inline int
cx_days_in_month(int64_t y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && cx_is_leap_year(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of the date y-m-d. */
static inline int64_t
cx_days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                  /* [0, 399] */
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* The date of a day number. */
static inline void
cx_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* ---- formats (core/date-format.c): the platforms' date-time forms and strptime-style formats,
 * an extension of cx_cell_parse_time()'s ISO 8601 reader. Both read a trimmed cell s[0..n) and
 * return 1 with *seconds (UTC, a zone converted) or 0. */

/* A strptime-style format (cx_cell_rules_set_date_format() lists the directives). */
int cx_date_parse_format(const char *format, const char *s, size_t n, double *seconds);

/* The built-in forms after ISO 8601: Google Forms, SurveyMonkey / Microsoft Forms (month first),
 * YYYY-MM and YYYY-Qn. */
int cx_date_parse_builtin(const char *s, size_t n, double *seconds);

/* NULL if every directive of @format is known, else the first unknown one ("%Q"). */
const char *cx_date_format_check(const char *format);

#endif /* CX_DATE_PRIVATE_H */
