/* SPDX-License-Identifier: MIT */
#include "cx-sql-codec.h"

#include <cxscore/cxscore.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void
cx_sql_hex_encode(const uint8_t *bytes, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0xf];
    }
    out[2 * len] = '\0';
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
cx_sql_hex_decode(const char *text, size_t len, uint8_t *out, size_t *out_len, size_t *bad_at)
{
    if (len % 2 != 0) {
        if (bad_at)
            *bad_at = len;
        return -1;
    }
    for (size_t i = 0; i < len; i += 2) {
        int hi = hex_value(text[i]);
        int lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) {
            if (bad_at)
                *bad_at = hi < 0 ? i : i + 1;
            return -1;
        }
        out[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    *out_len = len / 2;
    return 0;
}

const char *
cx_sql_state_error(int status)
{
    switch (status) {
    case CX_E_CORRUPT:
        return "the state is truncated, corrupted or of another accumulator";
    case CX_E_VERSION:
        return "the state was written by a newer libcxscore (its format version is not known "
               "to this one): upgrade libcxscore";
    case CX_E_OVERFLOW:
        return "the state's counts add up to more than 2^64 - 1 (it is corrupted)";
    case CX_E_NO_MEMORY:
        return "out of memory";
    default:
        return cx_strerror(status);
    }
}

int
cx_sql_level_ok(double level)
{
    return level > 0.0 && level < 1.0 ? 0 : -1;
}

void
cx_sql_json_number(double x, char out[32])
{
    if (!isfinite(x)) {
        snprintf(out, 32, "null");
        return;
    }
    /* The shortest of %.15g, %.16g, %.17g that reads back to x. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, 32, "%.*g", prec, x);
        double y = strtod(out, NULL);
        if (!(y < x) && !(y > x))
            return;
    }
}
