/* SPDX-License-Identifier: MIT */
/*
 * How every module reads a CSV cell as a number (cx_cell_parse_number() in cx-cell.h).
 * A strict grammar is checked first, so that locale, hexadecimal, "inf" and "nan" forms that
 * strtod() would accept are refused, then the text is converted with g_ascii_strtod(), which is
 * locale-independent.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-cell.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/cell-private.h"
#include "core/date-private.h"

/* The longest text read as a number (cx-cell.h). */
#define MAX_NUMBER 1024

size_t
cx_cell_max_number_length(void)
{
    return MAX_NUMBER;
}

int
cx_cell_is_missing(const char *s, size_t n)
{
    return n == 0 || (n == 1 && s[0] == '-') || (n == 2 && g_ascii_strncasecmp(s, "NA", 2) == 0) ||
           (n == 3 && g_ascii_strncasecmp(s, "N/A", 3) == 0);
}

/* optional sign, digits with an optional '.' fraction (at least one digit), optional exponent */
static int
is_decimal(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    while (i < n && g_ascii_isdigit(s[i]))
        i++, digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && g_ascii_isdigit(s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_digits = 0;
        while (i < n && g_ascii_isdigit(s[i]))
            i++, exp_digits++;
        if (exp_digits == 0)
            return 0;
    }
    return i == n;
}

int
cx_cell_parse_number(const char *text, size_t len, double *value)
{
    if (!text && len > 0)
        return CX_E_INVALID_ARGUMENT;
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    /* The common case, a whole number of at most 15 digits ("7", "10", "-1"): converted
     * directly, exactly as strtod would (below 10^15 < 2^53 every integer is a double). */
    size_t sign = n > 0 && (s[0] == '-' || s[0] == '+');
    if (n > sign && n - sign <= 15) {
        int64_t whole = 0;
        size_t i = sign;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            whole = whole * 10 + (s[i++] - '0');
        if (i == n) {
            if (value)
                *value = s[0] == '-' ? -(double)whole : (double)whole;
            return CX_CELL_NUMBER;
        }
    }
    if (cx_cell_is_missing(s, n))
        return CX_CELL_MISSING;
    /* A number is at most CX_CELL_MAX_NUMBER characters (cx-cell.h): strtod needs a terminated
     * copy, and a bound keeps it on the stack, with no allocation sized by the cell. */
    if (n > MAX_NUMBER || !is_decimal(s, n))
        return CX_CELL_NOT_A_NUMBER;
    char copy[MAX_NUMBER + 1];
    memcpy(copy, s, n);
    copy[n] = '\0';
    double v = g_ascii_strtod(copy, NULL);
    if (!isfinite(v)) /* 1e999 overflows */
        return CX_CELL_NOT_A_NUMBER;
    if (value)
        *value = v;
    return CX_CELL_NUMBER;
}

/* ---- points in time -----------------------------------------------------------------------------
 * cx_cell_parse_time(): a strict reader of the ISO 8601 extended format (the RFC 3339 profile,
 * with a space allowed between date and time, minutes-only times and a date alone), written out
 * here rather than borrowed from GDateTime so that what is accepted does not change with the
 * GLib version (GDateTime also takes week dates and rounds leap seconds). */

/* Reads exactly n digits at s[*i]; returns -1 if they are not all digits. */
static long
digits(const char *s, size_t len, size_t *i, size_t n)
{
    long v = 0;
    if (*i + n > len)
        return -1;
    for (size_t k = 0; k < n; k++) {
        if (!g_ascii_isdigit(s[*i + k]))
            return -1;
        v = v * 10 + (s[*i + k] - '0');
    }
    *i += n;
    return v;
}

/* See cell-private.h. The grammar of cx_cell_parse_time()'s dates and times. */
int
cx_date_time_parse(const char *s, size_t n, CxDateTime *t)
{
    size_t i = 0;
    long y = digits(s, n, &i, 4);
    if (y < 1 || i >= n || s[i++] != '-')
        return 0;
    long mo = digits(s, n, &i, 2);
    if (mo < 1 || mo > 12 || i >= n || s[i++] != '-')
        return 0;
    long d = digits(s, n, &i, 2);
    if (d < 1 || d > cx_days_in_month(y, (int)mo))
        return 0;
    long hh = 0, mm = 0, ss = 0, offset = 0;
    int zoned = 0;
    double fraction = 0.0;
    if (i < n) {
        if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
            return 0;
        i++;
        hh = digits(s, n, &i, 2);
        if (hh < 0 || hh > 23 || i >= n || s[i++] != ':')
            return 0;
        mm = digits(s, n, &i, 2);
        if (mm < 0 || mm > 59)
            return 0;
        if (i < n && s[i] == ':') {
            i++;
            ss = digits(s, n, &i, 2);
            if (ss < 0 || ss > 59)
                return 0;
            if (i < n && s[i] == '.') {
                char buf[12] = "0.";
                size_t k = 2;
                for (i++; i < n && g_ascii_isdigit(s[i]); i++) {
                    if (k == 11)
                        return 0; /* more than 9 fraction digits */
                    buf[k++] = s[i];
                }
                if (k == 2)
                    return 0;
                buf[k] = '\0';
                fraction = g_ascii_strtod(buf, NULL);
            }
        }
        zoned = i < n;
        if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            long sign = s[i++] == '-' ? -1 : 1;
            long oh = digits(s, n, &i, 2), om = 0;
            if (oh < 0 || oh > 23)
                return 0;
            int colon = i < n && s[i] == ':';
            if (colon)
                i++;
            if (i < n || colon) {
                om = digits(s, n, &i, 2);
                if (om < 0 || om > 59)
                    return 0;
            }
            offset = sign * (oh * 3600 + om * 60);
        }
        if (i != n)
            return 0;
    }
    t->year = y;
    t->month = (int)mo;
    t->day = (int)d;
    t->seconds_of_day = hh * 3600 + mm * 60 + ss;
    t->fraction = fraction;
    t->offset = offset;
    t->zoned = zoned;
    return 1;
}

int64_t
cx_date_time_utc_seconds(const CxDateTime *t)
{
    /* Whole seconds stay below 2^53, so they are exact in a double before the fraction. */
    return cx_days_from_civil(t->year, t->month, t->day) * 86400 + t->seconds_of_day - t->offset;
}

int
cx_cell_parse_time(const char *text, size_t len, double *seconds)
{
    if (!text && len > 0)
        return CX_E_INVALID_ARGUMENT;
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    if (cx_cell_is_missing(s, n))
        return CX_CELL_MISSING;
    double number;
    if (cx_cell_parse_number(s, n, &number) == CX_CELL_NUMBER) {
        if (seconds)
            *seconds = number;
        return CX_CELL_NUMBER;
    }

    CxDateTime t;
    if (!cx_date_time_parse(s, n, &t))
        return CX_CELL_NOT_A_NUMBER;
    if (seconds)
        *seconds = (double)cx_date_time_utc_seconds(&t) + t.fraction;
    return CX_CELL_NUMBER;
}
