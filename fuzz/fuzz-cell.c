/* SPDX-License-Identifier: MIT */
/*
 * One CSV cell (arbitrary bytes, NUL included) through cx_cell_parse_number(), the text adds
 * of every accumulator that takes cells, and the other cell parsers (cx_cell_parse_time(),
 * cx_contacts_parse_resolved(), cx_period_from_date() with cx_period_label()). Invariants: a number is finite; the cell is counted
 * exactly once (valid, missing or rejected) and in the bucket its parse says; surrounding spaces
 * and tabs do not change the verdict; an embedded NUL makes the cell not a number.
 */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    double v = -12345.0;
    int kind = cx_cell_parse_number(text, size, &v);
    FUZZ_CHECK(kind == CX_CELL_NUMBER || kind == CX_CELL_MISSING || kind == CX_CELL_NOT_A_NUMBER,
               "kind %d", kind);
    if (kind == CX_CELL_NUMBER)
        FUZZ_CHECK(isfinite(v), "number %g", v);
    if (memchr(data, '\0', size))
        FUZZ_CHECK(kind == CX_CELL_NOT_A_NUMBER, "a NUL inside gave kind %d", kind);

    /* Padding with spaces and tabs changes nothing. */
    char *padded = malloc(size + 4);
    if (padded) {
        memcpy(padded, " \t", 2);
        if (size)
            memcpy(padded + 2, data, size);
        memcpy(padded + 2 + size, "\t ", 2);
        double pv = -12345.0;
        int pk = cx_cell_parse_number(padded, size + 4, &pv);
        FUZZ_CHECK(pk == kind, "padded kind %d vs %d", pk, kind);
        if (kind == CX_CELL_NUMBER)
            FUZZ_CHECK(memcmp(&pv, &v, sizeof v) == 0, "padded value %g vs %g", pv, v);
        free(padded);
    }

    CxNps *nps = NULL;
    FUZZ_OK(cx_nps_new(&nps));
    FUZZ_CHECK(cx_nps_add_text(nps, text, size, 1.0) == CX_OK, "nps add_text");
    CxNpsResult r = { .size = sizeof r };
    cx_nps_result(nps, &r);
    FUZZ_CHECK(r.n + r.missing + r.rejected == 1, "counted %llu times",
               (unsigned long long)(r.n + r.missing + r.rejected));
    FUZZ_CHECK((kind == CX_CELL_MISSING) == (r.missing == 1), "missing");
    FUZZ_CHECK((kind == CX_CELL_NOT_A_NUMBER) == (r.rejected_not_a_number == 1), "not a number");
    if (kind == CX_CELL_NUMBER) {
        int whole = v == floor(v);
        FUZZ_CHECK((!whole) == (r.rejected_not_integer == 1), "not integer %g", v);
        FUZZ_CHECK((whole && v >= 0.0 && v <= 10.0) == (r.n == 1), "valid %g", v);
        if (r.n == 1)
            FUZZ_CHECK(r.counts[(int)v] == 1, "counted as another value than %g", v);
    }
    cx_nps_free(nps);

    CxRating *rating = NULL;
    FUZZ_CHECK(cx_rating_new_preset(CX_RATING_CES, &rating) == CX_OK, "preset");
    FUZZ_CHECK(cx_rating_add_text(rating, text, size, 1.0) == CX_OK, "rating add_text");
    CxRatingResult rr = { .size = sizeof rr };
    cx_rating_result(rating, 0.95, &rr);
    FUZZ_CHECK(rr.n + rr.missing + rr.rejected == 1, "rating counted %llu times",
               (unsigned long long)(rr.n + rr.missing + rr.rejected));
    FUZZ_CHECK((kind == CX_CELL_MISSING) == (rr.missing == 1), "rating missing");
    cx_rating_free(rating);

    /* The other cell parsers: times, resolved flags and dates. */
    double t = -1.0;
    int tk = cx_cell_parse_time(text, size, &t);
    FUZZ_CHECK(tk == CX_CELL_NUMBER || tk == CX_CELL_MISSING || tk == CX_CELL_NOT_A_NUMBER,
               "time kind %d", tk);
    if (tk == CX_CELL_NUMBER)
        FUZZ_CHECK(isfinite(t), "time %g", t);
    if (kind == CX_CELL_MISSING)
        FUZZ_CHECK(tk == CX_CELL_MISSING, "a missing cell is a time of kind %d", tk);
    int resolved = cx_contacts_parse_resolved(text, size);
    FUZZ_CHECK(resolved >= CX_RESOLVED_NO && resolved <= CX_RESOLVED_INVALID, "resolved %d",
               resolved);
    for (int unit = CX_PERIOD_DAY; unit <= CX_PERIOD_YEAR; unit++) {
        int64_t period = 0;
        int ps = cx_period_from_date(text, size, unit, &period);
        FUZZ_CHECK(ps == CX_OK || ps == CX_E_PARSE, "period %d", ps);
        if (ps == CX_OK) {
            char label[16];
            FUZZ_CHECK(cx_period_label(unit, period, label, sizeof label) == CX_OK,
                       "no label for period %lld of unit %d", (long long)period, unit);
        }
    }
    return 0;
}
