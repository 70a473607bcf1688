/* SPDX-License-Identifier: MIT */
/* Calendar periods from ISO 8601 dates (see cx-period.h for the numbering and its source). */
#include <cxscore/cx-error.h>
#include <cxscore/cx-period.h>

#include <glib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil: years start in
 * March so that the leap day ends the year; 146097 days per 400-year era). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                  /* [0, 399] */
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

/* The inverse: the civil date of a day number. */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
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

static int
days_in_month(int64_t y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

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

static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int
cx_period_from_date(const char *text, size_t len, int unit, int64_t *period)
{
    if (!text || !period || unit < CX_PERIOD_DAY || unit > CX_PERIOD_YEAR)
        return CX_E_INVALID_ARGUMENT;
    while (len && text[0] == ' ') {
        text++;
        len--;
    }
    while (len && text[len - 1] == ' ')
        len--;
    if (len < 10 || text[4] != '-' || text[7] != '-' ||
        (len > 10 && text[10] != 'T' && text[10] != ' '))
        return CX_E_PARSE;
    int y = digits(text, 4), m = digits(text + 5, 2), d = digits(text + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return CX_E_PARSE;
    int64_t days = days_from_civil(y, m, d);
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
        civil_from_days(period, &y, &m, &d);
        g_snprintf(label, sizeof label, "%04d-%02d-%02d", (int)y, m, d);
        break;
    case CX_PERIOD_WEEK: {
        /* The ISO year and week of a week are those of its Thursday. */
        if (period < floor_div(first + 3, 7) || period > floor_div(last + 3, 7))
            return CX_E_INVALID_ARGUMENT;
        int64_t thursday = period * 7;
        civil_from_days(thursday, &y, &m, &d);
        int64_t week = (thursday - days_from_civil(y, 1, 1)) / 7 + 1;
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
