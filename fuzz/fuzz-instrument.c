/* SPDX-License-Identifier: MIT */
/*
 * The instrument loader (cx_instrument_load_data(), a GKeyFile text) on arbitrary bytes.
 * Invariants: success gives a usable instrument (at least one dimension and item, items in
 * increasing unique order each in a dimension, min < max, an N/A code outside the scale) that a
 * SERVQUAL accumulator accepts, scores and round-trips through serialization with an equal
 * instrument; failure leaves the instrument empty with a message, and is CX_E_PARSE.
 */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CxInstrument *in = NULL;
    FUZZ_OK(cx_instrument_new(&in));
    FUZZ_CHECK(in != NULL, "new");
    int st = cx_instrument_load_data(in, (const char *)data, size);
    if (st != CX_OK) {
        FUZZ_CHECK(st == CX_E_PARSE, "status %d", st);
        FUZZ_CHECK(cx_instrument_item_count(in) == 0 && cx_instrument_dimension_count(in) == 0,
                   "not left empty");
        FUZZ_CHECK(cx_instrument_error_message(in)[0] != '\0', "no message");
        FUZZ_CHECK(cx_instrument_error_line(in) >= 0, "line %d", cx_instrument_error_line(in));
        cx_instrument_free(in);
        return 0;
    }
    size_t items = cx_instrument_item_count(in), dims = cx_instrument_dimension_count(in);
    int lo = cx_instrument_scale_min(in), hi = cx_instrument_scale_max(in), na = 0;
    FUZZ_CHECK(items >= 1 && items <= cx_instrument_max_items(), "items %zu", items);
    FUZZ_CHECK(dims >= 1 && dims <= cx_instrument_max_dimensions(), "dimensions %zu", dims);
    FUZZ_CHECK(lo < hi, "scale %d-%d", lo, hi);
    if (cx_instrument_not_applicable(in, &na))
        FUZZ_CHECK(na < lo || na > hi, "N/A %d inside %d-%d", na, lo, hi);
    for (size_t d = 0; d < dims; d++)
        FUZZ_CHECK(cx_instrument_dimension_name(in, d) && *cx_instrument_dimension_name(in, d),
                   "dimension %zu unnamed", d);
    for (size_t i = 0; i < items; i++) {
        FUZZ_CHECK(cx_instrument_item_number(in, i) >= 1, "item number");
        if (i)
            FUZZ_CHECK(cx_instrument_item_number(in, i) > cx_instrument_item_number(in, i - 1),
                       "items out of order");
        FUZZ_CHECK(cx_instrument_item_dimension(in, i) < dims, "item %zu's dimension", i);
    }

    CxServqual *sq = NULL;
    FUZZ_OK(cx_servqual_new(in, (int)(size % 3), &sq));
    FUZZ_CHECK(sq != NULL, "accumulator refused a loaded instrument");
    double *e = malloc(items * sizeof *e), *p = malloc(items * sizeof *p);
    FUZZ_CHECK(e && p, "malloc");
    for (size_t i = 0; i < items; i++) {
        e[i] = hi;
        p[i] = (double)lo + (double)(i % 2);
    }
    FUZZ_CHECK(cx_servqual_add(sq, e, p, NULL, NULL, NULL) == CX_OK, "add");
    CxServqualResult r = { .size = sizeof r };
    FUZZ_CHECK(cx_servqual_result(sq, &r) == CX_OK, "result");
    FUZZ_CHECK(r.rejected == 0 && r.respondents_used == 1, "the scale's own values were refused");
    uint8_t *bytes = NULL;
    size_t len = 0;
    FUZZ_CHECK(cx_servqual_serialize(sq, &bytes, &len) == CX_OK, "serialize");
    CxServqual *back = NULL;
    FUZZ_CHECK(cx_servqual_deserialize(bytes, len, &back) == CX_OK, "deserialize");
    FUZZ_CHECK(cx_instrument_equal(cx_servqual_instrument(back), in), "instrument changed");
    cx_free(bytes);
    cx_servqual_free(back);
    cx_servqual_free(sq);
    free(e);
    free(p);
    cx_instrument_free(in);
    return 0;
}
