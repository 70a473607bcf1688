/* SPDX-License-Identifier: MIT */
/*
 * Date-time formats beyond ISO 8601 (date-private.h): a small strptime-style matcher, written
 * here rather than calling strptime(3) because strptime reads month names and AM/PM in the
 * process's locale, ignores time zones (glibc's %z sets tm_gmtoff, which timegm() drops) and is
 * missing on Windows. The built-in forms are the exports' own:
 * - Google Forms (Sheets' CSV download): `2026/01/05 1:00:00 PM GMT+2`;
 * - SurveyMonkey and Microsoft Forms, and Excel in US English: `01/05/2026 10:00:00 AM`,
 *   month first;
 * - activity logs' periods: `2026-01` (a month) and `2026-Q1` (a quarter), read as their
 *   first day.
 */
#include <glib.h>
#include <string.h>

#include "core/date-private.h"

typedef struct {
    long year, month, day, hour, minute, second, quarter;
    int pm;          /* -1: no %p, 0: AM, 1: PM */
    long offset;     /* seconds east of UTC */
    int have_day, have_quarter;
} Fields;

/* 1 to max_digits digits (at least min_digits) at s[*i]. */
static int
number(const char *s, size_t n, size_t *i, int min_digits, int max_digits, long *v)
{
    int k = 0;
    long x = 0;
    while (k < max_digits && *i < n && g_ascii_isdigit(s[*i])) {
        x = x * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < min_digits)
        return 0;
    *v = x;
    return 1;
}

static const char *const months[] = { "january", "february", "march", "april", "may", "june",
                                      "july", "august", "september", "october", "november",
                                      "december" };

static int
month_name(const char *s, size_t n, size_t *i, long *month)
{
    for (int m = 0; m < 12; m++) {
        size_t full = strlen(months[m]);
        if (*i + full <= n && g_ascii_strncasecmp(s + *i, months[m], full) == 0) {
            *i += full;
            *month = m + 1;
            return 1;
        }
        if (*i + 3 <= n && g_ascii_strncasecmp(s + *i, months[m], 3) == 0) {
            *i += 3;
            *month = m + 1;
            return 1;
        }
    }
    return 0;
}

/* Z, ±hh, ±hh:mm, ±hhmm, or GMT / UTC with an optional ±h[:mm] (Google's GMT+2, GMT-03:30). */
static int
zone(const char *s, size_t n, size_t *i, long *offset)
{
    *offset = 0;
    if (*i < n && (s[*i] == 'Z' || s[*i] == 'z')) {
        (*i)++;
        return 1;
    }
    int named = 0;
    if (*i + 3 <= n && (g_ascii_strncasecmp(s + *i, "GMT", 3) == 0 ||
                        g_ascii_strncasecmp(s + *i, "UTC", 3) == 0)) {
        *i += 3;
        named = 1;
        if (*i >= n || (s[*i] != '+' && s[*i] != '-'))
            return 1;
    }
    if (*i >= n || (s[*i] != '+' && s[*i] != '-'))
        return 0;
    long sign = s[(*i)++] == '-' ? -1 : 1, h, m = 0;
    size_t start = *i;
    if (!number(s, n, i, named ? 1 : 2, 2, &h) || h > 23)
        return 0;
    if (*i < n && s[*i] == ':') {
        (*i)++;
        if (!number(s, n, i, 2, 2, &m))
            return 0;
    } else if (!named && *i - start == 2 && *i + 2 <= n && g_ascii_isdigit(s[*i])) {
        if (!number(s, n, i, 2, 2, &m))
            return 0;
    }
    if (m > 59)
        return 0;
    *offset = sign * (h * 3600 + m * 60);
    return 1;
}

static int
match(const char *fmt, const char *s, size_t n, Fields *f)
{
    size_t i = 0;
    for (const char *p = fmt; *p; p++) {
        if (*p == ' ') {
            if (i >= n || s[i] != ' ')
                return 0;
            while (i < n && s[i] == ' ')
                i++;
            continue;
        }
        if (*p != '%') {
            if (i >= n || s[i] != *p)
                return 0;
            i++;
            continue;
        }
        p++;
        int ok;
        switch (*p) {
        case 'Y': ok = number(s, n, &i, 4, 4, &f->year); break;
        case 'y':
            ok = number(s, n, &i, 2, 2, &f->year);
            f->year += 2000;
            break;
        case 'm': ok = number(s, n, &i, 1, 2, &f->month); break;
        case 'd':
        case 'e':
            ok = number(s, n, &i, 1, 2, &f->day);
            f->have_day = 1;
            break;
        case 'H':
        case 'I': ok = number(s, n, &i, 1, 2, &f->hour); break;
        case 'M': ok = number(s, n, &i, 1, 2, &f->minute); break;
        case 'S': ok = number(s, n, &i, 1, 2, &f->second); break;
        case 'q':
            ok = number(s, n, &i, 1, 1, &f->quarter);
            f->have_quarter = 1;
            break;
        case 'b': ok = month_name(s, n, &i, &f->month); break;
        case 'p':
            ok = i + 2 <= n && (s[i + 1] == 'M' || s[i + 1] == 'm') &&
                 (s[i] == 'A' || s[i] == 'a' || s[i] == 'P' || s[i] == 'p');
            if (ok) {
                f->pm = s[i] == 'P' || s[i] == 'p';
                i += 2;
            }
            break;
        case 'z': ok = zone(s, n, &i, &f->offset); break;
        case '%': ok = i < n && s[i++] == '%'; break;
        default: ok = 0; break;
        }
        if (!ok)
            return 0;
    }
    return i == n;
}

/* Checks the fields and converts them. */
static int
convert(Fields *f, double *seconds)
{
    if (f->have_quarter) {
        if (f->quarter < 1 || f->quarter > 4)
            return 0;
        f->month = 3 * (f->quarter - 1) + 1;
    }
    if (!f->have_day)
        f->day = 1;
    if (f->year < 1 || f->year > 9999 || f->month < 1 || f->month > 12 || f->day < 1 ||
        f->day > cx_days_in_month(f->year, (int)f->month))
        return 0;
    if (f->pm >= 0) { /* 12-hour clock: 12 AM is midnight, 12 PM noon */
        if (f->hour < 1 || f->hour > 12)
            return 0;
        f->hour = f->hour % 12 + (f->pm ? 12 : 0);
    }
    if (f->hour > 23 || f->minute > 59 || f->second > 59)
        return 0;
    int64_t t = cx_days_from_civil(f->year, (int)f->month, (int)f->day) * 86400 +
                f->hour * 3600 + f->minute * 60 + f->second - f->offset;
    if (seconds)
        *seconds = (double)t;
    return 1;
}

int
cx_date_parse_format(const char *format, const char *s, size_t n, double *seconds)
{
    Fields f = { .month = 1, .pm = -1 };
    return match(format, s, n, &f) && convert(&f, seconds);
}

const char *
cx_date_format_check(const char *format)
{
    for (const char *p = format; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (!*p || !strchr("YymdeHIMSqbpz%", *p))
            return p - 1;
    }
    return NULL;
}

int
cx_date_parse_builtin(const char *s, size_t n, double *seconds)
{
    static const char *const forms[] = {
        "%Y/%m/%d %I:%M:%S %p %z", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S %z",
        "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
        "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
        "%m/%d/%Y",
        "%Y-%m", "%Y-Q%q", "%Y Q%q",
    };
    /* Quick refusal: every form starts with a digit. */
    if (n == 0 || !g_ascii_isdigit(s[0]))
        return 0;
    for (size_t k = 0; k < G_N_ELEMENTS(forms); k++)
        if (cx_date_parse_format(forms[k], s, n, seconds))
            return 1;
    return 0;
}
