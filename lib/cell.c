/* SPDX-License-Identifier: MIT */
/*
 * How every module reads a CSV cell as a number (cx_cell_parse_number() in cx-reader.h).
 * A strict grammar is checked first, so that locale, hexadecimal, "inf" and "nan" forms that
 * strtod() would accept are refused, then the text is converted with g_ascii_strtod(), which is
 * locale-independent.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-reader.h>

#include <glib.h>
#include <math.h>
#include <string.h>

static int
is_missing_token(const char *s, size_t n)
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
    const char *s = text ? text : "";
    size_t n = len;
    while (n > 0 && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (is_missing_token(s, n))
        return CX_CELL_MISSING;
    if (!is_decimal(s, n))
        return CX_CELL_NOT_A_NUMBER;

    char small[64];
    char *copy = n < sizeof small ? small : g_strndup(s, n);
    if (copy == small) {
        memcpy(small, s, n);
        small[n] = '\0';
    }
    double v = g_ascii_strtod(copy, NULL);
    if (copy != small)
        g_free(copy);
    if (!isfinite(v)) /* 1e999 overflows */
        return CX_CELL_NOT_A_NUMBER;
    if (value)
        *value = v;
    return CX_CELL_NUMBER;
}
