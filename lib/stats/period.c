/* SPDX-License-Identifier: MIT */
/* Calendar periods from ISO 8601 dates (see cx-period.h for the numbering and its source). */
#include <cxscore/cx-error.h>
#include <cxscore/cx-period.h>

#include <glib.h>
#include <string.h>

#include "core/cell-private.h"
#include "core/date-private.h"

/* Monday-first weeks numbered from the week of 1970-01-01 (a Thursday): day −3 is a Monday. */
static int64_t
floor_div(int64_t a, int64_t b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

int
cx_period_unit_from_name(const char *name)
{
    static const char *const names[] = { "day", "week", "month", "quarter", "year" };
    if (name)
        for (int i = 0; i < (int)G_N_ELEMENTS(names); i++)
            if (g_ascii_strcasecmp(name, names[i]) == 0)
                return i;
    return CX_E_INVALID_ARGUMENT;
}

int
cx_period_from_date(const char *text, size_t len, int unit, int64_t *period)
{
    if (!text || !period || unit < CX_PERIOD_DAY || unit > CX_PERIOD_YEAR)
        return CX_E_INVALID_ARGUMENT;
    /* The library's one date reader (core/cell.c): a time is checked as strictly as the date
     * (2026-01-05T25:00:00 was taken), and a time with a zone is filed under its UTC date, as
     * cx_cell_parse_time() reads it (it was filed under the date as written). */
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    CxDateTime t;
    if (!cx_date_time_parse(s, n, &t))
        return CX_E_PARSE;
    int64_t y = t.year;
    int m = t.month, d = t.day;
    int64_t days = cx_days_from_civil(y, m, d);
    if (t.zoned) {
        days = cx_date_time_utc_seconds(&t);
        days = days / 86400 - (days % 86400 < 0); /* floor: the UTC day of that instant */
        cx_civil_from_days(days, &y, &m, &d);
        if (y < 1 || y > 9999)
            return CX_E_PARSE; /* 0001-01-01T00:00+01:00 is in year 0 */
    }
    switch (unit) {
    case CX_PERIOD_DAY:
        *period = days;
        break;
    case CX_PERIOD_WEEK:
        *period = floor_div(days + 3, 7);
        break;
    case CX_PERIOD_MONTH:
        *period = (int64_t)y * 12 + m - 1;
        break;
    case CX_PERIOD_QUARTER:
        *period = (int64_t)y * 4 + (m - 1) / 3;
        break;
    default:
        *period = y;
        break;
    }
    return CX_OK;
}

int
cx_period_label(int unit, int64_t period, char *buf, size_t size)
{
    if (!buf || unit < CX_PERIOD_DAY || unit > CX_PERIOD_YEAR)
        return CX_E_INVALID_ARGUMENT;
    /* Day numbers of 0001-01-01 and 9999-12-31. */
    const int64_t first = -719162, last = 2932896;
    char label[32];
    int64_t y;
    int m, d;
    switch (unit) {
    case CX_PERIOD_DAY:
        if (period < first || period > last)
            return CX_E_INVALID_ARGUMENT;
        cx_civil_from_days(period, &y, &m, &d);
        g_snprintf(label, sizeof label, "%04d-%02d-%02d", (int)y, m, d);
        break;
    case CX_PERIOD_WEEK: {
        /* The ISO year and week of a week are those of its Thursday. */
        if (period < floor_div(first + 3, 7) || period > floor_div(last + 3, 7))
            return CX_E_INVALID_ARGUMENT;
        int64_t thursday = period * 7;
        cx_civil_from_days(thursday, &y, &m, &d);
        int64_t week = (thursday - cx_days_from_civil(y, 1, 1)) / 7 + 1;
        g_snprintf(label, sizeof label, "%04d-W%02d", (int)y, (int)week);
        break;
    }
    case CX_PERIOD_MONTH:
        if (period < 12 || period > 9999 * 12 + 11)
            return CX_E_INVALID_ARGUMENT;
        g_snprintf(label, sizeof label, "%04d-%02d", (int)(period / 12), (int)(period % 12) + 1);
        break;
    case CX_PERIOD_QUARTER:
        if (period < 4 || period > 9999 * 4 + 3)
            return CX_E_INVALID_ARGUMENT;
        g_snprintf(label, sizeof label, "%04d-Q%d", (int)(period / 4), (int)(period % 4) + 1);
        break;
    default:
        if (period < 1 || period > 9999)
            return CX_E_INVALID_ARGUMENT;
        g_snprintf(label, sizeof label, "%04d", (int)period);
        break;
    }
    if (strlen(label) + 1 > size)
        return CX_E_INVALID_ARGUMENT;
    memcpy(buf, label, strlen(label) + 1);
    return CX_OK;
}
