/* SPDX-License-Identifier: MIT */
/*
 * Bad input at the API, each row of docs/bad-input.md that no module test covers already:
 * - every exported function called with NULL pointers and zero lengths, from a table checked
 *   against lib/cxscore.map (a new symbol without a row fails the test);
 * - inputs the fuzzers found (tests/data/fuzz/);
 * - weights whose squares overflow or underflow a double;
 * - counts beyond 2³² and up to 2⁶⁴ through merge and deserialize;
 * - a 100 MB record, and damaged serialized state for every module.
 * Expected values are those the public headers in include/cxscore/ document.
 */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/state-private.h"
#include "test-common.h"

#ifndef CX_MAPFILE
#error "CX_MAPFILE must be defined by the build (the path of lib/cxscore.map)"
#endif

static const uint8_t junk[16] = { 'C', 'X', 'N', 'P', 1, 0, 0, 0 };

/* ---- NULL pointers and zero lengths at every entry point -------------------------------------- */

#define CASE(sym) static void null_##sym(void)

CASE(cx_alpha_add)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    const double row[2] = { 1, 2 };
    ck_assert_int_eq(cx_alpha_add(NULL, row), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_add(a, NULL), CX_E_INVALID_ARGUMENT);
    cx_alpha_free(a);
}
CASE(cx_alpha_add_rows)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    ck_assert_int_eq(cx_alpha_add_rows(NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_add_rows(a, NULL, 3), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_add_rows(a, NULL, 0), CX_OK);
    ck_assert_uint_eq(cx_alpha_item_count(a), 2);
    cx_alpha_free(a);
}
CASE(cx_alpha_copy)
{
    ck_assert_int_eq(cx_alpha_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_alpha_deserialize)
{
    CxAlpha *out = (CxAlpha *)junk;
    ck_assert_int_eq(cx_alpha_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_alpha_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_deserialize(junk, 0, &out), CX_E_CORRUPT);
    ck_assert_ptr_null(out);
}
CASE(cx_alpha_free)
{
    cx_alpha_free(NULL);
}
CASE(cx_alpha_item)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    CxAlphaItem it = { .size = sizeof it };
    ck_assert_int_eq(cx_alpha_item(NULL, 0, &it), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_item(a, 0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_item(a, 2, &it), CX_E_INVALID_ARGUMENT);
    it.size = 0;
    ck_assert_int_eq(cx_alpha_item(a, 0, &it), CX_E_STRUCT_SIZE);
    cx_alpha_free(a);
}
CASE(cx_alpha_item_count)
{
    ck_assert_uint_eq(cx_alpha_item_count(NULL), 0);
}
CASE(cx_alpha_max_items)
{
    ck_assert_uint_eq(cx_alpha_max_items(), 256);
    {
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_new(cx_alpha_max_items() + 1, CX_MISSING_PAIRWISE, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_alpha_merge)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    ck_assert_int_eq(cx_alpha_merge(NULL, a), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_merge(a, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_merge(a, a), CX_E_INVALID_ARGUMENT);
    cx_alpha_free(a);
}
CASE(cx_alpha_new)
{
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    { /* zero items */
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_new(0, CX_MISSING_PAIRWISE, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxAlpha *refused = (CxAlpha *)&refused;
        ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_RESPONDENT, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_alpha_reset)
{
    ck_assert_int_eq(cx_alpha_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_alpha_result)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    CxAlphaResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_alpha_result(NULL, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_result(a, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_E_UNDEFINED); /* no rows */
    ck_assert_uint_eq(r.rows, 0);
    ck_assert(isnan(r.alpha));
    cx_alpha_free(a);
}
CASE(cx_alpha_serialize)
{
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_alpha_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_serialize(a, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_serialize(a, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_alpha_free(a);
}
CASE(cx_anova_oneway)
{
    const double n[2] = { 2, 2 }, m[2] = { 1, 2 }, v[2] = { 1, 1 };
    CxTestResult c = { .size = sizeof c };
    ck_assert_int_eq(cx_anova_oneway(NULL, m, v, 2, &c, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_anova_oneway(n, NULL, v, 2, &c, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_anova_oneway(n, m, NULL, 2, &c, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_anova_oneway(n, m, v, 2, NULL, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_anova_oneway(n, m, v, 0, &c, NULL), CX_E_EMPTY); /* zero groups */
    ck_assert(isnan(c.statistic));
}
CASE(cx_cell_max_number_length)
{
    ck_assert_uint_eq(cx_cell_max_number_length(), 1024);
    /* 1023 zeros then 7 is the number 7; one zero more is text, however numeric it looks. */
    char text[1025];
    memset(text, '0', sizeof text);
    text[1024] = '7';
    double v = 0.0;
    ck_assert_int_eq(cx_cell_parse_number(text + 1, 1024, &v), CX_CELL_NUMBER);
    ck_assert(v == 7.0);
    ck_assert_int_eq(cx_cell_parse_number(text, 1025, &v), CX_CELL_NOT_A_NUMBER);
}
CASE(cx_cell_parse_number)
{
    double v = 42;
    ck_assert_int_eq(cx_cell_parse_number(NULL, 0, NULL), CX_CELL_MISSING);
    ck_assert_int_eq(cx_cell_parse_number(NULL, 0, &v), CX_CELL_MISSING);
    ck_assert_int_eq(cx_cell_parse_number(NULL, 3, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_parse_number("7", 1, NULL), CX_CELL_NUMBER);
}
CASE(cx_chi_square_independence)
{
    const uint64_t t[4] = { 1, 2, 3, 4 };
    CxTestResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_chi_square_independence(NULL, 2, 2, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_chi_square_independence(t, 2, 2, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_chi_square_independence(t, 0, 2, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_chi_square_independence(t, 2, 0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_chi_square_independence(t, SIZE_MAX, 2, &r), CX_E_INVALID_ARGUMENT);
#ifndef __SANITIZE_ADDRESS__ /* ASan aborts on a failed allocation unless told otherwise */
    /* Sizes no memory can hold are refused before the table is read (GLib's g_new0 aborted). */
    ck_assert_int_eq(cx_chi_square_independence(t, SIZE_MAX / 16, 2, &r), CX_E_NO_MEMORY);
#endif
}
CASE(cx_value_clv)
{
    ck_assert_int_eq(cx_value_clv(100, 0.8, 0.1, 0, 0, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_free)
{
    cx_free(NULL);
}
CASE(cx_instrument_add_dimension)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_add_dimension(NULL, "a", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(in, NULL, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "a", NULL), CX_OK); /* index may be NULL */
    cx_instrument_free(in);
}
CASE(cx_instrument_add_item)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(NULL, 1, 0, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_item(in, 1, 0, NULL, 0), CX_E_INVALID_ARGUMENT); /* no dim */
    cx_instrument_add_dimension(in, "a", NULL);
    ck_assert_int_eq(cx_instrument_add_item(in, 1, 0, NULL, 0), CX_OK); /* label may be NULL */
    ck_assert_ptr_null(cx_instrument_item_label(in, 0));
    cx_instrument_free(in);
}
CASE(cx_instrument_new_builtin)
{
    CxInstrument *in = (CxInstrument *)junk;
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_new_builtin(7, &in), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(in);
}
CASE(cx_instrument_dimension_count)
{
    ck_assert_uint_eq(cx_instrument_dimension_count(NULL), 0);
}
CASE(cx_instrument_dimension_name)
{
    ck_assert_ptr_null(cx_instrument_dimension_name(NULL, 0));
}
CASE(cx_instrument_equal)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_equal(NULL, NULL), 0);
    ck_assert_int_eq(cx_instrument_equal(in, NULL), 0);
    ck_assert_int_eq(cx_instrument_equal(NULL, in), 0);
    cx_instrument_free(in);
}
CASE(cx_instrument_error_line)
{
    ck_assert_int_eq(cx_instrument_error_line(NULL), 0);
}
CASE(cx_instrument_error_message)
{
    ck_assert_str_eq(cx_instrument_error_message(NULL), "");
}
CASE(cx_instrument_free)
{
    cx_instrument_free(NULL);
}
CASE(cx_instrument_item_count)
{
    ck_assert_uint_eq(cx_instrument_item_count(NULL), 0);
}
CASE(cx_instrument_item_dimension)
{
    ck_assert_uint_eq(cx_instrument_item_dimension(NULL, 0), (size_t)-1);
}
CASE(cx_instrument_item_label)
{
    ck_assert_ptr_null(cx_instrument_item_label(NULL, 0));
}
CASE(cx_instrument_item_number)
{
    ck_assert_int_eq(cx_instrument_item_number(NULL, 0), 0);
}
CASE(cx_instrument_item_reverse)
{
    ck_assert_int_eq(cx_instrument_item_reverse(NULL, 0), 0);
}
CASE(cx_instrument_load_data)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(NULL, "x", 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_load_data(in, NULL, 3), CX_E_INVALID_ARGUMENT);
    /* Zero length: an empty definition, which has no [dimensions]. */
    ck_assert_int_eq(cx_instrument_load_data(in, NULL, 0), CX_E_PARSE);
    ck_assert(strstr(cx_instrument_error_message(in), "no [dimensions]") != NULL);
    cx_instrument_free(in);
}
CASE(cx_instrument_load_file)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(NULL, "x.ini"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_load_file(in, NULL), CX_E_INVALID_ARGUMENT);
    cx_instrument_free(in);
}
CASE(cx_instrument_max_definition_size)
{
    ck_assert_uint_eq(cx_instrument_max_definition_size(), 1024 * 1024);
}
CASE(cx_instrument_max_dimensions)
{
    ck_assert_uint_eq(cx_instrument_max_dimensions(), 32);
}
CASE(cx_instrument_max_items)
{
    ck_assert_uint_eq(cx_instrument_max_items(), 256);
}
CASE(cx_instrument_name)
{
    ck_assert_str_eq(cx_instrument_name(NULL), "");
}
CASE(cx_instrument_new)
{
    ck_assert_int_eq(cx_instrument_new(NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_ptr_nonnull(in);
    ck_assert_uint_eq(cx_instrument_item_count(in), 0);
    { /* zero items */
        CxServqual *refused = (CxServqual *)&refused;
        ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    cx_instrument_free(in);
}
CASE(cx_instrument_not_applicable)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    int code = 5;
    ck_assert_int_eq(cx_instrument_not_applicable(NULL, &code), 0);
    cx_instrument_set_not_applicable(in, 1, 0);
    ck_assert_int_eq(cx_instrument_not_applicable(in, NULL), 1); /* code may be NULL */
    cx_instrument_free(in);
}
CASE(cx_instrument_scale_max)
{
    ck_assert_int_eq(cx_instrument_scale_max(NULL), 0);
}
CASE(cx_instrument_scale_min)
{
    ck_assert_int_eq(cx_instrument_scale_min(NULL), 0);
}
CASE(cx_instrument_set_name)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_set_name(NULL, "x"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_name(in, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_name(in, ""), CX_OK);
    cx_instrument_free(in);
}
CASE(cx_instrument_set_not_applicable)
{
    ck_assert_int_eq(cx_instrument_set_not_applicable(NULL, 1, 0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_instrument_set_scale)
{
    ck_assert_int_eq(cx_instrument_set_scale(NULL, 1, 7), CX_E_INVALID_ARGUMENT);
}
CASE(cx_loyalty_index_add)
{
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    const double ans[3] = { 9, 9, 9 };
    ck_assert_int_eq(cx_loyalty_index_add(NULL, ans, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_add(li, NULL, 1.0), CX_E_INVALID_ARGUMENT);
    cx_loyalty_index_free(li);
}
CASE(cx_loyalty_index_free)
{
    cx_loyalty_index_free(NULL);
}
CASE(cx_loyalty_index_merge)
{
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_merge(NULL, li), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_merge(li, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_merge(li, li), CX_E_INVALID_ARGUMENT);
    cx_loyalty_index_free(li);
}
CASE(cx_loyalty_index_new)
{
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxLoyaltyIndex *refused = (CxLoyaltyIndex *)&refused;
        ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_RESPONDENT, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxLoyaltyIndex *refused = (CxLoyaltyIndex *)&refused;
        ck_assert_int_eq(cx_loyalty_index_new(-1, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_loyalty_index_result)
{
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    CxLoyaltyIndexResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_loyalty_index_result(NULL, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.95, &r), CX_E_EMPTY); /* no respondent */
    ck_assert(isnan(r.mean_index) && isnan(r.net_index));
    cx_loyalty_index_free(li);
}
CASE(cx_nps_add)
{
    ck_assert_int_eq(cx_nps_add(NULL, 5), CX_E_INVALID_ARGUMENT);
}
CASE(cx_nps_add_double)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_double(NULL, NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_double(nps, NULL, NULL, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_double(nps, NULL, NULL, 0), CX_OK);
    cx_nps_free(nps);
}
CASE(cx_nps_add_int)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_int(NULL, NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_int(nps, NULL, NULL, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_int(nps, NULL, NULL, 0), CX_OK);
    cx_nps_free(nps);
}
CASE(cx_nps_add_missing)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_missing(NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_missing(nps, 0), CX_OK);
    cx_nps_free(nps);
}
CASE(cx_nps_add_text)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_text(NULL, "9", 1, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_text(nps, NULL, 2, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_text(nps, NULL, 0, 1.0), CX_OK); /* a missing answer */
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_nps_result(nps, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.missing, 1);
    cx_nps_free(nps);
}
CASE(cx_nps_add_counts)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    const uint64_t counts[11] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
    ck_assert_int_eq(cx_nps_add_counts(NULL, counts), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_counts(nps, NULL), CX_E_INVALID_ARGUMENT);
    const uint64_t huge[11] = { UINT64_MAX, 1 }; /* the sum wraps: refused, nothing added */
    ck_assert_int_eq(cx_nps_add_counts(nps, huge), CX_E_OVERFLOW);
    ck_assert_int_eq(cx_nps_add_counts(nps, counts), CX_OK);
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_nps_result(nps, &r), CX_OK);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_uint_eq(r.promoters, 2);
    cx_nps_free(nps);
}
CASE(cx_nps_add_u8)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_u8(NULL, NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_u8(nps, NULL, NULL, 3), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_add_u8(nps, NULL, NULL, 0), CX_OK);
    cx_nps_free(nps);
}
CASE(cx_nps_add_weighted)
{
    ck_assert_int_eq(cx_nps_add_weighted(NULL, 5, 1.0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_nps_category)
{
    int c;
    ck_assert_int_eq(cx_nps_category(5, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_category(11, &c), CX_E_INVALID_ARGUMENT);
}
CASE(cx_nps_ci_method_from_name)
{
    ck_assert_int_eq(cx_nps_ci_method_from_name(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_ci_method_from_name(""), CX_E_INVALID_ARGUMENT);
}
CASE(cx_nps_ci_method_name)
{
    ck_assert_ptr_null(cx_nps_ci_method_name(-1));
    ck_assert_ptr_null(cx_nps_ci_method_name(3));
}
CASE(cx_nps_compare)
{
    CxNpsResult r = { .size = sizeof r };
    CxNpsComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_nps_compare(NULL, &r, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_compare(&r, NULL, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_compare(&r, &r, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_compare(&r, &r, 0.95, &c), CX_E_EMPTY); /* zero answers */
}
CASE(cx_nps_copy)
{
    ck_assert_int_eq(cx_nps_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxNps *refused = (CxNps *)&refused;
        ck_assert_int_eq(cx_nps_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_nps_deserialize)
{
    CxNps *out = (CxNps *)junk;
    ck_assert_int_eq(cx_nps_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_nps_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_deserialize(junk, 0, &out), CX_E_CORRUPT);
    ck_assert_int_eq(cx_nps_deserialize(junk, sizeof junk, &out), CX_E_CORRUPT);
}
CASE(cx_nps_detractor_max)
{
    ck_assert_int_eq(cx_nps_detractor_max(), 6);
}
CASE(cx_nps_free)
{
    cx_nps_free(NULL);
}
CASE(cx_nps_interval)
{
    CxNpsResult r = { .size = sizeof r };
    double lo, hi;
    ck_assert_int_eq(cx_nps_interval(NULL, 0.95, 0, &lo, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, 0, NULL, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, 0, &lo, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_interval(&r, 0.95, 0, &lo, &hi), CX_E_EMPTY); /* n = 0 */
}
CASE(cx_nps_merge)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_int_eq(cx_nps_merge(NULL, nps), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_merge(nps, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_merge(nps, nps), CX_E_INVALID_ARGUMENT);
    cx_nps_free(nps);
}
CASE(cx_nps_new)
{
    ck_assert_int_eq(cx_nps_new(NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    ck_assert_ptr_nonnull(nps);
    cx_nps_free(nps);
}
CASE(cx_nps_promoter_min)
{
    ck_assert_int_eq(cx_nps_promoter_min(), 9);
}
CASE(cx_nps_reset)
{
    ck_assert_int_eq(cx_nps_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_nps_result)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_nps_result(NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_result(nps, NULL), CX_E_INVALID_ARGUMENT);
    r.size = 0;
    ck_assert_int_eq(cx_nps_result(nps, &r), CX_E_STRUCT_SIZE);
    cx_nps_free(nps);
}
CASE(cx_nps_sample_size)
{
    uint64_t n;
    ck_assert_int_eq(cx_nps_sample_size(5, 0.95, 0.4, 0.2, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_sample_size(0, 0.95, 0.4, 0.2, &n), CX_E_INVALID_ARGUMENT);
}
CASE(cx_nps_serialize)
{
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_nps_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_serialize(nps, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_nps_serialize(nps, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_nps_free(nps);
}
CASE(cx_rating_add)
{
    ck_assert_int_eq(cx_rating_add(NULL, 3, 1.0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_rating_add_double)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &r), CX_OK);
    ck_assert_int_eq(cx_rating_add_double(NULL, NULL, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_add_double(r, NULL, NULL, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_add_double(r, NULL, NULL, 0), CX_OK);
    cx_rating_free(r);
}
CASE(cx_rating_add_text)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &r), CX_OK);
    ck_assert_int_eq(cx_rating_add_text(NULL, "3", 1, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_add_text(r, NULL, 2, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_add_text(r, NULL, 0, 1.0), CX_OK); /* a missing answer */
    cx_rating_free(r);
}
CASE(cx_rating_copy)
{
    ck_assert_int_eq(cx_rating_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_rating_count)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &r), CX_OK);
    uint64_t c;
    ck_assert_int_eq(cx_rating_count(NULL, 3, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_count(r, 3, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_count(r, 6, &c), CX_E_INVALID_ARGUMENT);
    cx_rating_free(r);
}
CASE(cx_rating_deserialize)
{
    CxRating *out = (CxRating *)junk;
    ck_assert_int_eq(cx_rating_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_rating_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_deserialize(junk, 0, &out), CX_E_CORRUPT);
}
CASE(cx_rating_free)
{
    cx_rating_free(NULL);
}
CASE(cx_rating_merge)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &r), CX_OK);
    ck_assert_int_eq(cx_rating_merge(NULL, r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_merge(r, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_merge(r, r), CX_E_INVALID_ARGUMENT);
    cx_rating_free(r);
}
CASE(cx_rating_new)
{
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_new(5, 1, 4, 5, 5, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    { /* a zero-width scale */
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_new(0, 0, 0, 0, 0, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxRating *refused = (CxRating *)&refused;
        ck_assert_int_eq(cx_rating_new(INT32_MIN, INT32_MAX, 0, 0, 0, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_rating_new_preset)
{
    CxRating *r = (CxRating *)junk;
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_new_preset(99, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
}
CASE(cx_rating_preset_from_name)
{
    ck_assert_int_eq(cx_rating_preset_from_name(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_preset_from_name(""), CX_E_INVALID_ARGUMENT);
}
CASE(cx_rating_reset)
{
    ck_assert_int_eq(cx_rating_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_rating_result)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &r), CX_OK);
    CxRatingResult res = { .size = sizeof res };
    ck_assert_int_eq(cx_rating_result(NULL, 0.95, &res), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_result(r, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_result(r, 0.95, &res), CX_E_EMPTY);
    ck_assert(isnan(res.mean));
    cx_rating_free(r);
}
CASE(cx_rating_serialize)
{
    CxRating *r = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &r), CX_OK);
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_rating_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_serialize(r, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_serialize(r, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_rating_free(r);
}
CASE(cx_reader_column_count)
{
    ck_assert_uint_eq(cx_reader_column_count(NULL), 0);
}
CASE(cx_reader_column_index)
{
    CxReader *r = NULL;
    size_t i;
    ck_assert_int_eq(cx_reader_open_memory("a,b\n", 4, &r), CX_OK);
    ck_assert_int_eq(cx_reader_column_index(NULL, "a", &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_column_index(r, NULL, &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_column_index(r, "a", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_column_index(r, "", &i), CX_E_COLUMN_NOT_FOUND);
    cx_reader_free(r);
}
CASE(cx_reader_column_name)
{
    ck_assert_ptr_null(cx_reader_column_name(NULL, 0));
}
CASE(cx_reader_default_max_record_size)
{
    ck_assert_uint_eq(cx_reader_default_max_record_size(), 8u * 1024 * 1024);
}
CASE(cx_reader_error_line)
{
    ck_assert_uint_eq(cx_reader_error_line(NULL), 0);
}
CASE(cx_reader_error_message)
{
    ck_assert_str_eq(cx_reader_error_message(NULL), "");
}
CASE(cx_reader_field)
{
    CxReader *r = NULL;
    const char *t;
    size_t n;
    ck_assert_int_eq(cx_reader_open_memory("a\n1\n", 4, &r), CX_OK);
    ck_assert_int_eq(cx_reader_field(NULL, 0, &t, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_field(r, 0, &t, &n), CX_E_INVALID_ARGUMENT); /* no row yet */
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_field(r, 0, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_field(r, 0, &t, NULL), CX_OK); /* len may be NULL */
    cx_reader_free(r);
}
CASE(cx_reader_field_number)
{
    CxReader *r = NULL;
    double v;
    ck_assert_int_eq(cx_reader_open_memory("a\n1\n", 4, &r), CX_OK);
    ck_assert_int_eq(cx_reader_field_number(NULL, 0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_field_number(r, 0, NULL), CX_CELL_NUMBER); /* value may be NULL */
    cx_reader_free(r);
}
CASE(cx_reader_free)
{
    cx_reader_free(NULL);
}
CASE(cx_reader_line)
{
    ck_assert_uint_eq(cx_reader_line(NULL), 0);
}
CASE(cx_reader_malformed_count)
{
    ck_assert_uint_eq(cx_reader_malformed_count(NULL), 0);
}
CASE(cx_reader_next)
{
    ck_assert_int_eq(cx_reader_next(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_next_batch)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory("a,b\n1,2\n", 8, &r), CX_OK);
    const size_t cols[] = { 1 }, out_of_range[] = { 2 };
    const char *text[2];
    size_t len[2], rows = 7;
    ck_assert_int_eq(cx_reader_next_batch(NULL, cols, 1, 2, text, len, &rows),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(rows, 0);
    ck_assert_int_eq(cx_reader_next_batch(r, NULL, 1, 2, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 0, 2, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 1, 0, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 1, 2, NULL, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 1, 2, text, NULL, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 1, 2, text, len, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, out_of_range, 1, 2, text, len, &rows),
                     CX_E_INVALID_ARGUMENT);
    const size_t both[] = { 0, 1 }; /* rows × columns would overflow size_t: refused */
    ck_assert_int_eq(cx_reader_next_batch(r, both, 2, SIZE_MAX, text, len, &rows),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 1, 2, text, len, &rows), CX_ROW);
    ck_assert_uint_eq(rows, 1);
    ck_assert(len[0] == 1 && text[0][0] == '2');
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 1, 2, text, len, &rows), CX_DONE);
    ck_assert_uint_eq(rows, 0);
    cx_reader_free(r);
}
CASE(cx_reader_set_delimiter)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_set_delimiter(NULL, ';'), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_memory("a;b\n1;2\n", 8, &r), CX_OK);
    ck_assert_int_eq(cx_reader_set_delimiter(r, '\0'), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_set_delimiter(r, '"'), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_set_delimiter(r, ';'), CX_OK);
    ck_assert_uint_eq(cx_reader_column_count(r), 2);
    cx_reader_free(r);
}
CASE(cx_reader_open_callback)
{
    CxReader *r = (CxReader *)junk;
    ck_assert_int_eq(cx_reader_open_callback(NULL, NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
}
CASE(cx_reader_open_fd)
{
    CxReader *r = (CxReader *)junk;
    ck_assert_int_eq(cx_reader_open_fd(-1, 0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(cx_reader_open_fd(0, 0, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_open_memory)
{
    CxReader *r = (CxReader *)junk;
    ck_assert_int_eq(cx_reader_open_memory(NULL, 3, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(cx_reader_open_memory("a", 1, NULL), CX_E_INVALID_ARGUMENT);
    /* Zero length: an empty input, with the reader kept for its message. */
    ck_assert_int_eq(cx_reader_open_memory(NULL, 0, &r), CX_E_NO_HEADER);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    cx_reader_free(r);
}
CASE(cx_reader_open_path)
{
    CxReader *r = (CxReader *)junk;
    ck_assert_int_eq(cx_reader_open_path(NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(cx_reader_open_path("x.csv", NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_row_count)
{
    ck_assert_uint_eq(cx_reader_row_count(NULL), 0);
}
CASE(cx_reader_set_max_record_size)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_set_max_record_size(NULL, 100), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_memory("a\n", 2, &r), CX_OK);
    ck_assert_int_eq(cx_reader_set_max_record_size(r, 0), CX_E_INVALID_ARGUMENT);
    cx_reader_free(r);
}
CASE(cx_value_retention_rate)
{
    double ret, churn;
    ck_assert_int_eq(cx_value_retention_rate(10, 10, 0, NULL, &churn), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_retention_rate(10, 10, 0, &ret, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_value_retention_rate(0, 0, 0, &ret, &churn), CX_E_EMPTY);
}

/* A one-dimension, two-item instrument for the SERVQUAL rows. */
static CxServqual *
small_servqual(void)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    cx_instrument_add_dimension(in, "d", NULL);
    cx_instrument_add_item(in, 1, 0, NULL, 0);
    cx_instrument_add_item(in, 2, 0, NULL, 0);
    CxServqual *sq = NULL;
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    cx_instrument_free(in);
    ck_assert_ptr_nonnull(sq);
    return sq;
}

CASE(cx_servqual_add)
{
    CxServqual *sq = small_servqual();
    ck_assert_int_eq(cx_servqual_add(NULL, NULL, NULL, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
    /* Every array may be NULL: a respondent who answered nothing is counted, not used. */
    ck_assert_int_eq(cx_servqual_add(sq, NULL, NULL, NULL, NULL, NULL), CX_OK);
    CxServqualResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_servqual_result(sq, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.respondents, 1);
    ck_assert_uint_eq(r.respondents_used, 0);
    cx_servqual_free(sq);
}
CASE(cx_servqual_add_rows)
{
    CxServqual *sq = small_servqual();
    ck_assert_int_eq(cx_servqual_add_rows(NULL, 0, NULL, NULL, NULL, NULL, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_add_rows(sq, 0, NULL, NULL, NULL, NULL, NULL), CX_OK);
    cx_servqual_free(sq);
}
CASE(cx_servqual_copy)
{
    ck_assert_int_eq(cx_servqual_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxServqual *refused = (CxServqual *)&refused;
        ck_assert_int_eq(cx_servqual_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_servqual_deserialize)
{
    CxServqual *out = (CxServqual *)junk;
    ck_assert_int_eq(cx_servqual_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_servqual_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_deserialize(junk, 0, &out), CX_E_CORRUPT);
}
CASE(cx_servqual_dimension)
{
    CxServqual *sq = small_servqual();
    CxServqualDimension d = { .size = sizeof d };
    ck_assert_int_eq(cx_servqual_dimension(NULL, 0, 0.95, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_dimension(sq, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_dimension(sq, 1, 0.95, &d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_dimension(sq, 0, 0.95, &d), CX_OK); /* no data: NaN figures */
    ck_assert(isnan(d.gap));
    cx_servqual_free(sq);
}
CASE(cx_servqual_free)
{
    cx_servqual_free(NULL);
}
CASE(cx_servqual_importance_tolerance)
{
    cx_assert_close(cx_servqual_importance_tolerance(), 0.5, 0.0);
}
CASE(cx_servqual_instrument)
{
    ck_assert_ptr_null(cx_servqual_instrument(NULL));
}
CASE(cx_servqual_item)
{
    CxServqual *sq = small_servqual();
    CxServqualItem it = { .size = sizeof it };
    ck_assert_int_eq(cx_servqual_item(NULL, 0, 0.95, &it), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_item(sq, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_item(sq, 2, 0.95, &it), CX_E_INVALID_ARGUMENT);
    cx_servqual_free(sq);
}
CASE(cx_servqual_merge)
{
    CxServqual *sq = small_servqual();
    ck_assert_int_eq(cx_servqual_merge(NULL, sq), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_merge(sq, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_merge(sq, sq), CX_E_INVALID_ARGUMENT);
    cx_servqual_free(sq);
}
CASE(cx_servqual_new)
{
    ck_assert_int_eq(cx_servqual_new(NULL, CX_MISSING_PAIRWISE, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxServqual *refused = (CxServqual *)&refused;
        ck_assert_int_eq(cx_servqual_new(NULL, CX_MISSING_PAIRWISE, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_servqual_reliability)
{
    CxServqual *sq = small_servqual();
    CxAlphaResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_servqual_reliability(NULL, 0, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_reliability(sq, 0, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_reliability(sq, 0, 3, 0.95, &r), CX_E_INVALID_ARGUMENT);
    cx_servqual_free(sq);
}
CASE(cx_servqual_reset)
{
    ck_assert_int_eq(cx_servqual_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_servqual_result)
{
    CxServqual *sq = small_servqual();
    CxServqualResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_servqual_result(NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_result(sq, NULL), CX_E_INVALID_ARGUMENT);
    cx_servqual_free(sq);
}
CASE(cx_servqual_serialize)
{
    CxServqual *sq = small_servqual();
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_servqual_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_serialize(sq, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_servqual_serialize(sq, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_servqual_free(sq);
}
CASE(cx_servqual_set_inversion_policy)
{
    ck_assert_int_eq(cx_servqual_set_inversion_policy(NULL, 0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_status_name)
{
    ck_assert_str_eq(cx_status_name(12345), "CX_UNKNOWN");
}
CASE(cx_strerror)
{
    ck_assert_str_eq(cx_strerror(12345), "unknown status code");
}
CASE(cx_version_major)
{
    ck_assert_int_eq(cx_version_major(), CX_VERSION_MAJOR);
}
CASE(cx_version_micro)
{
    ck_assert_int_eq(cx_version_micro(), CX_VERSION_MICRO);
}
CASE(cx_version_minor)
{
    ck_assert_int_eq(cx_version_minor(), CX_VERSION_MINOR);
}
CASE(cx_version_string)
{
    ck_assert_str_eq(cx_version_string(), CX_VERSION_STRING);
}
CASE(cx_wilson_interval)
{
    double lo, hi;
    ck_assert_int_eq(cx_wilson_interval(1, 2, 0.95, NULL, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_wilson_interval(1, 2, 0.95, &lo, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_wilson_interval(0, 0, 0.95, &lo, &hi), CX_E_EMPTY); /* n = 0 */
}

CASE(cx_cell_parse_time)
{
    double t = 1;
    ck_assert_int_eq(cx_cell_parse_time(NULL, 0, &t), CX_CELL_MISSING);
    ck_assert_int_eq(cx_cell_parse_time(NULL, 4, &t), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_parse_time("2026-01-02", 10, NULL), CX_CELL_NUMBER);
}
CASE(cx_contacts_add)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &c), CX_OK);
    ck_assert_int_eq(cx_contacts_add(NULL, "a", 1, 1, "web", 3, CX_RESOLVED_YES),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add(c, NULL, 1, 1, "web", 3, CX_RESOLVED_YES),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add(c, "a", 1, 1, NULL, 3, CX_RESOLVED_YES),
                     CX_E_INVALID_ARGUMENT);
    /* Zero lengths: an empty case id is rejected and counted, an empty channel is none. */
    ck_assert_int_eq(cx_contacts_add(c, NULL, 0, 1, NULL, 0, CX_RESOLVED_YES), CX_OK);
    ck_assert_int_eq(cx_contacts_add(c, "a", 1, 1, NULL, 0, CX_RESOLVED_YES), CX_OK);
    CxContactsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_contacts_result(c, 0.95, &r), CX_OK);
    cx_contacts_free(c);
}
CASE(cx_contacts_add_segmented)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &c), CX_OK);
    ck_assert_int_eq(cx_contacts_add_segmented(NULL, "a", 1, 1, NULL, 0, 0, "s", 1),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add_segmented(c, "a", 1, 1, NULL, 0, 0, NULL, 1),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add_segmented(c, "a", 1, 1, NULL, 0, 0, NULL, 0), CX_OK);
    cx_contacts_free(c);
}
CASE(cx_contacts_channel)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &c), CX_OK);
    CxContactsChannelResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_contacts_channel(NULL, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_channel(c, 0, 0.95, &r), CX_E_INVALID_ARGUMENT); /* none */
    cx_contacts_add(c, "a", 1, 1, "web", 3, CX_RESOLVED_YES);
    ck_assert_int_eq(cx_contacts_channel(c, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    cx_contacts_free(c);
}
CASE(cx_contacts_channel_name)
{
    size_t len = 7;
    ck_assert_ptr_null(cx_contacts_channel_name(NULL, 0, &len));
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &c), CX_OK);
    cx_contacts_add(c, "a", 1, 1, "web", 3, CX_RESOLVED_YES);
    ck_assert_str_eq(cx_contacts_channel_name(c, 0, NULL), "web"); /* len may be NULL */
    cx_contacts_free(c);
}
CASE(cx_contacts_channel_count)
{
    ck_assert_uint_eq(cx_contacts_channel_count(NULL), 0);
}
CASE(cx_followup_new)
{
    ck_assert_int_eq(cx_followup_new(0.0, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    CxFollowup *refused = (CxFollowup *)&refused;
    ck_assert_int_eq(cx_followup_new(INFINITY, &refused), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(refused);
}
CASE(cx_followup_free)
{
    cx_followup_free(NULL);
}
CASE(cx_followup_reset)
{
    ck_assert_int_eq(cx_followup_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_followup_copy)
{
    ck_assert_int_eq(cx_followup_copy(NULL, NULL), CX_E_INVALID_ARGUMENT);
    CxFollowup *refused = (CxFollowup *)&refused;
    ck_assert_int_eq(cx_followup_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(refused);
}
CASE(cx_followup_add)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(100.0, &f), CX_OK);
    CxFollowupAlert a = { .size = sizeof a, .alerted_at = 1, .first_contact_at = NAN,
                          .closed_at = NAN, .score_before = NAN, .score_after = NAN };
    int why = -1;
    ck_assert_int_eq(cx_followup_add(NULL, "a", 1, NULL, 0, &a, &why), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_add(f, NULL, 1, NULL, 0, &a, &why), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_add(f, "a", 1, NULL, 3, &a, &why), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_add(f, "a", 1, NULL, 0, NULL, &why), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_add(f, NULL, 0, NULL, 0, &a, &why), CX_OK); /* counted */
    ck_assert_int_eq(why, CX_FOLLOWUP_REJECT_NO_ID);
    ck_assert_int_eq(cx_followup_add(f, "a", 1, NULL, 0, &a, NULL), CX_OK);
    cx_followup_free(f);
}
CASE(cx_followup_parse_outcome)
{
    ck_assert_int_eq(cx_followup_parse_outcome(NULL, 0), CX_FOLLOWUP_OPEN);
    ck_assert_int_eq(cx_followup_parse_outcome(NULL, 2), CX_E_PARSE);
}
CASE(cx_followup_rejections)
{
    uint64_t line = 9;
    ck_assert_uint_eq(cx_followup_rejections(NULL, CX_FOLLOWUP_REJECT_NO_ID, &line), 0);
    ck_assert_uint_eq(line, 0);
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(0.0, &f), CX_OK);
    ck_assert_uint_eq(cx_followup_rejections(f, -1, NULL), 0);
    cx_followup_free(f);
}
CASE(cx_followup_merge)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(0.0, &f), CX_OK);
    ck_assert_int_eq(cx_followup_merge(NULL, f), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_merge(f, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_merge(f, f), CX_E_INVALID_ARGUMENT);
    cx_followup_free(f);
}
CASE(cx_followup_serialize)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(0.0, &f), CX_OK);
    uint8_t *b = (uint8_t *)junk;
    size_t n = 7;
    ck_assert_int_eq(cx_followup_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_serialize(f, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_serialize(f, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_followup_free(f);
}
CASE(cx_followup_deserialize)
{
    CxFollowup *out = (CxFollowup *)junk;
    ck_assert_int_eq(cx_followup_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_followup_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    out = (CxFollowup *)junk;
    ck_assert_int_eq(cx_followup_deserialize(junk, 0, &out), CX_E_CORRUPT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_followup_deserialize(junk, sizeof junk, &out), CX_E_CORRUPT);
}
CASE(cx_followup_result)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(0.0, &f), CX_OK);
    CxFollowupResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_followup_result(NULL, NULL, 0, 86400, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_result(f, NULL, 0, 86400, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_result(f, NULL, 2, 86400, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_result(f, NULL, 0, -1, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_result(f, NULL, 0, NAN, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_result(f, NULL, 0, 86400, 1.0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_followup_result(f, NULL, 0, 86400, 0.95, &r), CX_E_EMPTY);
    cx_followup_free(f);
}
CASE(cx_followup_group_count)
{
    ck_assert_uint_eq(cx_followup_group_count(NULL), 0);
}
CASE(cx_followup_group_name)
{
    size_t len = 9;
    ck_assert_ptr_null(cx_followup_group_name(NULL, 0, &len));
    ck_assert_uint_eq(len, 0);
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(0.0, &f), CX_OK);
    ck_assert_ptr_null(cx_followup_group_name(f, 0, NULL));
    cx_followup_free(f);
}
CASE(cx_contacts_copy)
{
    ck_assert_int_eq(cx_contacts_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxContacts *refused = (CxContacts *)&refused;
        ck_assert_int_eq(cx_contacts_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_contacts_deserialize)
{
    CxContacts *out = (CxContacts *)junk;
    ck_assert_int_eq(cx_contacts_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_contacts_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    out = (CxContacts *)junk;
    ck_assert_int_eq(cx_contacts_deserialize(junk, 0, &out), CX_E_CORRUPT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_contacts_deserialize(junk, sizeof junk, &out), CX_E_CORRUPT); /* CXNP */
}
CASE(cx_contacts_free)
{
    cx_contacts_free(NULL);
}
CASE(cx_contacts_merge)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &c), CX_OK);
    ck_assert_int_eq(cx_contacts_merge(NULL, c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_merge(c, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_merge(c, c), CX_E_INVALID_ARGUMENT);
    cx_contacts_free(c);
}
CASE(cx_contacts_new)
{
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxContacts *refused = (CxContacts *)&refused;
        ck_assert_int_eq(cx_contacts_new(-1, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
    {
        CxContacts *refused = (CxContacts *)&refused;
        ck_assert_int_eq(cx_contacts_new(2, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_contacts_parse_flag)
{
    ck_assert_int_eq(cx_contacts_parse_flag(NULL, 0), CX_RESOLVED_UNKNOWN);
    ck_assert_int_eq(cx_contacts_parse_flag(NULL, 2), CX_E_INVALID_ARGUMENT);
}
CASE(cx_contacts_add_contact)
{
    ck_assert_int_eq(cx_contacts_add_contact(NULL, "a", 1, 1.0, "", 0, 0, "", 0, "", 0, 0, 0,
                                             1.0, 0),
                     CX_E_INVALID_ARGUMENT);
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c), CX_OK);
    ck_assert_int_eq(cx_contacts_add_contact(c, "a", 1, 1.0, NULL, 0, 0, NULL, 0, NULL, 2, 0, 0,
                                             1.0, 0),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add_contact(c, "a", 1, 1.0, NULL, 0, 0, NULL, 0, NULL, 0, 2, 0,
                                             1.0, 0),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_add_contact(c, NULL, 0, 1.0, NULL, 0, 0, NULL, 0, NULL, 0, 0, 0,
                                             1.0, 0),
                     CX_OK); /* counted as no case */
    cx_contacts_free(c);
}
CASE(cx_contacts_waits)
{
    CxContactsWaits w = { .size = sizeof w };
    ck_assert_int_eq(cx_contacts_waits(NULL, CX_CONTACTS_ALL, 0, 20, 0, 0.95, &w),
                     CX_E_INVALID_ARGUMENT);
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c), CX_OK);
    ck_assert_int_eq(cx_contacts_waits(c, CX_CONTACTS_ALL, 0, 20, 0, 0.95, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_waits(c, CX_CONTACTS_ALL, 0, 20, 0, 0.95, &w), CX_E_EMPTY);
    ck_assert_int_eq(cx_contacts_waits(c, CX_CONTACTS_CHANNEL, 0, 20, 0, 0.95, &w),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_waits(c, 3, 0, 20, 0, 0.95, &w), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_waits(c, CX_CONTACTS_ALL, 0, -1, 0, 0.95, &w),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_waits(c, CX_CONTACTS_ALL, 0, 20, NAN, 0.95, &w),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_waits(c, CX_CONTACTS_ALL, 0, 20, 0, 1.0, &w),
                     CX_E_INVALID_ARGUMENT);
    cx_contacts_free(c);
}
CASE(cx_contacts_parse_resolved)
{
    ck_assert_int_eq(cx_contacts_parse_resolved(NULL, 0), CX_RESOLVED_UNKNOWN);
    ck_assert_int_eq(cx_contacts_parse_resolved(NULL, 2), CX_E_INVALID_ARGUMENT);
}
CASE(cx_contacts_reset)
{
    ck_assert_int_eq(cx_contacts_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_contacts_result)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c), CX_OK);
    CxContactsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_contacts_result(NULL, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_result(c, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_result(c, 0.95, &r), CX_E_EMPTY); /* no case */
    cx_contacts_free(c);
}
CASE(cx_contacts_serialize)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c), CX_OK);
    uint8_t *b = (uint8_t *)junk;
    size_t n = 7;
    ck_assert_int_eq(cx_contacts_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_serialize(c, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_serialize(c, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_contacts_free(c);
}
CASE(cx_contacts_segment)
{
    CxContacts *c = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c), CX_OK);
    CxContactsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_contacts_segment(NULL, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_contacts_segment(c, 0, 0.95, &r), CX_E_INVALID_ARGUMENT); /* none */
    ck_assert_int_eq(cx_contacts_segment(c, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    cx_contacts_free(c);
}
CASE(cx_contacts_segment_name)
{
    ck_assert_ptr_null(cx_contacts_segment_name(NULL, 0, NULL));
}
CASE(cx_contacts_segment_count)
{
    ck_assert_uint_eq(cx_contacts_segment_count(NULL), 0);
}
CASE(cx_drivers_add)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    const double x[2] = { 1, 2 };
    ck_assert_int_eq(cx_drivers_add(NULL, x, 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add(d, NULL, 1, 1), CX_E_INVALID_ARGUMENT);
    cx_drivers_free(d);
}
CASE(cx_alpha_feldt)
{
    CxAlphaResult r = { .size = sizeof r };
    double lo, hi;
    ck_assert_int_eq(cx_alpha_feldt(NULL, 0.95, CX_FELDT_N_ROWS, &lo, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_feldt(&r, 0.95, CX_FELDT_N_ROWS, NULL, &hi), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_feldt(&r, 0.95, CX_FELDT_N_ROWS, &lo, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_alpha_feldt(&r, 0.95, CX_FELDT_N_ROWS, &lo, &hi), CX_E_INVALID_ARGUMENT);
}
CASE(cx_design_new)
{
    CxDesign *d = (CxDesign *)junk;
    ck_assert_int_eq(cx_design_new(1, 0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_new(0, 0, &d), CX_E_INVALID_ARGUMENT); /* zero variables */
    ck_assert_ptr_null(d);
}
CASE(cx_design_free)
{
    cx_design_free(NULL);
}
CASE(cx_design_reset)
{
    ck_assert_int_eq(cx_design_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_design_copy)
{
    ck_assert_int_eq(cx_design_copy(NULL, NULL), CX_E_INVALID_ARGUMENT);
    CxDesign *refused = (CxDesign *)&refused;
    ck_assert_int_eq(cx_design_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(refused);
}
CASE(cx_design_merge)
{
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_design_new(1, 0, &d), CX_OK);
    ck_assert_int_eq(cx_design_merge(NULL, d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_merge(d, NULL), CX_E_INVALID_ARGUMENT);
    cx_design_free(d);
}
CASE(cx_design_add)
{
    CxDesign *d = NULL;
    double v = 1.0;
    ck_assert_int_eq(cx_design_new(1, 1, &d), CX_OK);
    ck_assert_int_eq(cx_design_add(NULL, "s", 1, "c", 1, 1.0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, "s", 1, "c", 1, 1.0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, NULL, 1, "c", 1, 1.0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, "s", 1, NULL, 0, 1.0, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_add(d, "", 0, "", 0, 1.0, &v), CX_OK); /* zero-length keys */
    cx_design_free(d);
}
CASE(cx_design_shape)
{
    CxDesign *d = NULL;
    size_t k;
    int clustered;
    ck_assert_int_eq(cx_design_new(3, 1, &d), CX_OK);
    ck_assert_int_eq(cx_design_shape(NULL, &k, &clustered), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_shape(d, NULL, &clustered), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_shape(d, &k, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_shape(d, &k, &clustered), CX_OK);
    ck_assert_uint_eq(k, 3);
    ck_assert_int_eq(clustered, 1);
    cx_design_free(d);
}
CASE(cx_design_rejected_weights)
{
    uint64_t n;
    ck_assert_int_eq(cx_design_rejected_weights(NULL, &n), CX_E_INVALID_ARGUMENT);
}
CASE(cx_design_mean)
{
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_design_new(1, 0, &d), CX_OK);
    CxDesignMean m = { .size = sizeof m };
    ck_assert_int_eq(cx_design_mean(NULL, 0, &m), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_mean(d, 0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_mean(d, 0, &m), CX_E_EMPTY);
    cx_design_free(d);
}
CASE(cx_design_mean_domain)
{
    CxDesign *d = NULL, *c = NULL;
    ck_assert_int_eq(cx_design_new(1, 0, &d), CX_OK);
    ck_assert_int_eq(cx_design_new(1, 1, &c), CX_OK);
    CxDesignMean m = { .size = sizeof m };
    ck_assert_int_eq(cx_design_mean_domain(NULL, d, 0, &m), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_mean_domain(d, NULL, 0, &m), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_mean_domain(d, d, 0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_mean_domain(d, d, 0, &m), CX_E_EMPTY);
    double v = 1.0;
    ck_assert_int_eq(cx_design_add(d, "s", 1, NULL, 0, 1.0, &v), CX_OK);
    ck_assert_int_eq(cx_design_add(d, "s", 1, NULL, 0, 2.0, &v), CX_OK);
    ck_assert_int_eq(cx_design_mean_domain(d, c, 0, &m), CX_E_MISMATCH); /* clustering */
    cx_design_free(d);
    cx_design_free(c);
}
CASE(cx_design_apply_nps)
{
    CxDesignMean m = { .size = sizeof m };
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_design_apply_nps(NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_apply_nps(&m, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_design_apply_loyalty_index)
{
    CxDesignMean m = { .size = sizeof m };
    CxLoyaltyIndexResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_design_apply_loyalty_index(&m, &m, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_apply_loyalty_index(NULL, NULL, &r), CX_E_INVALID_ARGUMENT);
}
CASE(cx_design_apply_rating)
{
    CxDesignMean m = { .size = sizeof m };
    CxRatingResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_design_apply_rating(NULL, NULL, NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_apply_rating(&m, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_design_serialize)
{
    CxDesign *d = NULL;
    ck_assert_int_eq(cx_design_new(1, 0, &d), CX_OK);
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_design_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_serialize(d, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_serialize(d, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_design_free(d);
}
CASE(cx_design_deserialize)
{
    CxDesign *out = (CxDesign *)junk;
    ck_assert_int_eq(cx_design_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_design_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_design_deserialize(junk, 0, &out), CX_E_CORRUPT);
}
CASE(cx_variance_method_from_name)
{
    ck_assert_int_eq(cx_variance_method_from_name(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_variance_method_from_name(""), CX_E_INVALID_ARGUMENT);
}
CASE(cx_variance_method_name)
{
    ck_assert_ptr_null(cx_variance_method_name(-1));
    ck_assert_ptr_null(cx_variance_method_name(2));
}
CASE(cx_drivers_add_rows)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    const double x[2] = { 1, 2 }, y[1] = { 3 };
    ck_assert_int_eq(cx_drivers_add_rows(NULL, x, y, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(d, NULL, y, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(d, x, NULL, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_add_rows(d, NULL, NULL, NULL, 0), CX_OK);
    cx_drivers_free(d);
}
CASE(cx_drivers_copy)
{
    ck_assert_int_eq(cx_drivers_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxDrivers *refused = (CxDrivers *)&refused;
        ck_assert_int_eq(cx_drivers_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_drivers_deserialize)
{
    CxDrivers *out = (CxDrivers *)junk;
    ck_assert_int_eq(cx_drivers_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_drivers_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    out = (CxDrivers *)junk;
    ck_assert_int_eq(cx_drivers_deserialize(junk, 0, &out), CX_E_CORRUPT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_drivers_deserialize(junk, sizeof junk, &out), CX_E_CORRUPT); /* CXNP */
}
CASE(cx_drivers_free)
{
    cx_drivers_free(NULL);
}
CASE(cx_drivers_max_distinct)
{
    ck_assert_uint_eq(cx_drivers_max_distinct(), 4096);
}
CASE(cx_drivers_max_predictors)
{
    ck_assert_uint_eq(cx_drivers_max_predictors(), 64);
    {
        CxDrivers *refused = (CxDrivers *)&refused;
        ck_assert_int_eq(cx_drivers_new(cx_drivers_max_predictors() + 1, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_drivers_merge)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    ck_assert_int_eq(cx_drivers_merge(NULL, d), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_merge(d, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_merge(d, d), CX_E_INVALID_ARGUMENT);
    cx_drivers_free(d);
}
CASE(cx_drivers_new)
{
    ck_assert_int_eq(cx_drivers_new(2, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    { /* zero predictors */
        CxDrivers *refused = (CxDrivers *)&refused;
        ck_assert_int_eq(cx_drivers_new(0, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_drivers_predictor)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    CxDriver p = { .size = sizeof p };
    ck_assert_int_eq(cx_drivers_predictor(NULL, 0, CX_MISSING_LISTWISE, 0.95, &p),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_predictor(d, 0, CX_MISSING_LISTWISE, 0.95, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_predictor(d, 2, CX_MISSING_LISTWISE, 0.95, &p),
                     CX_E_INVALID_ARGUMENT);
    cx_drivers_free(d);
}
CASE(cx_drivers_predictor_count)
{
    ck_assert_uint_eq(cx_drivers_predictor_count(NULL), 0);
}
CASE(cx_drivers_reset)
{
    ck_assert_int_eq(cx_drivers_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_drivers_result)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    CxDriversResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_drivers_result(NULL, CX_MISSING_LISTWISE, 0.95, &r),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_result(d, CX_MISSING_LISTWISE, 0.95, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_result(d, CX_MISSING_LISTWISE, 0.95, &r), CX_E_EMPTY);
    cx_drivers_free(d);
}
CASE(cx_drivers_serialize)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(1, &d), CX_OK);
    uint8_t *b = (uint8_t *)junk;
    size_t n = 7;
    ck_assert_int_eq(cx_drivers_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_serialize(d, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_drivers_serialize(d, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_drivers_free(d);
}
CASE(cx_loyalty_index_compare)
{
    CxLoyaltyIndexResult r = { .size = sizeof r };
    CxLoyaltyIndexComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_loyalty_index_compare(NULL, &r, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_compare(&r, NULL, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_compare(&r, &r, 0.95, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_loyalty_index_copy)
{
    ck_assert_int_eq(cx_loyalty_index_copy(NULL, NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    {
        CxLoyaltyIndex *refused = (CxLoyaltyIndex *)&refused;
        ck_assert_int_eq(cx_loyalty_index_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
        ck_assert_ptr_null(refused);
    }
}
CASE(cx_loyalty_index_deserialize)
{
    CxLoyaltyIndex *out = (CxLoyaltyIndex *)junk;
    ck_assert_int_eq(cx_loyalty_index_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_loyalty_index_deserialize(junk, sizeof junk, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_deserialize(junk, 0, &out), CX_E_CORRUPT);
}
CASE(cx_loyalty_index_reset)
{
    ck_assert_int_eq(cx_loyalty_index_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_loyalty_index_serialize)
{
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_loyalty_index_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_serialize(li, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_loyalty_index_serialize(li, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_loyalty_index_free(li);
}
CASE(cx_period_from_date)
{
    int64_t p;
    ck_assert_int_eq(cx_period_from_date(NULL, 10, CX_PERIOD_DAY, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_from_date("2026-01-02", 10, CX_PERIOD_DAY, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_from_date("", 0, CX_PERIOD_DAY, &p), CX_E_PARSE); /* zero length */
}
CASE(cx_period_label)
{
    char buf[16];
    ck_assert_int_eq(cx_period_label(CX_PERIOD_MONTH, 0, NULL, 16), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_MONTH, 0, buf, 0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_mean_compare)
{
    CxMeanComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_mean_compare(1, 1, 5, 2, 1, 5, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_mean_compare(1, 1, 0, 2, 1, 5, 0.95, &c), CX_E_EMPTY); /* n = 0 */
}
CASE(cx_period_unit_from_name)
{
    ck_assert_int_eq(cx_period_unit_from_name(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_unit_from_name(""), CX_E_INVALID_ARGUMENT);
}
CASE(cx_proportion_compare)
{
    CxProportionComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_proportion_compare(1, 2, 1, 2, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_proportion_compare(0, 0, 1, 2, 0.95, &c), CX_E_EMPTY); /* n = 0 */
}
CASE(cx_rating_compare)
{
    CxRatingResult r = { .size = sizeof r };
    CxRatingComparison c = { .size = sizeof c };
    ck_assert_int_eq(cx_rating_compare(NULL, &r, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_compare(&r, NULL, 0.95, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_rating_compare(&r, &r, 0.95, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_retention_add)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    ck_assert_int_eq(cx_retention_add(NULL, "a", 1, 0, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_add(rt, NULL, 1, 0, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_add(rt, NULL, 0, 0, 1.0), CX_OK); /* empty id: counted */
    CxRetentionResult s = { .size = sizeof s };
    ck_assert_int_eq(cx_retention_result(rt, 0.95, &s), CX_E_EMPTY);
    cx_retention_free(rt);
}
CASE(cx_retention_cohorts)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    uint64_t sizes[2], active[4];
    ck_assert_int_eq(cx_retention_cohorts(NULL, 0, 2, sizes, active), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_cohorts(rt, 0, 2, NULL, active), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_cohorts(rt, 0, 2, sizes, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_cohorts(rt, 0, 0, sizes, active), CX_E_INVALID_ARGUMENT);
    cx_retention_free(rt);
}
CASE(cx_retention_customer)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    CxRetentionCustomer c = { .size = sizeof c };
    ck_assert_int_eq(cx_retention_customer(NULL, "a", 1, 0, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_customer(rt, NULL, 1, 0, &c), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_customer(rt, "a", 1, 0, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_customer(rt, "a", 1, 0, &c), CX_E_EMPTY);
    cx_retention_free(rt);
}
CASE(cx_retention_deserialize)
{
    CxRetention *out = (CxRetention *)junk;
    ck_assert_int_eq(cx_retention_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(cx_retention_deserialize(junk, sizeof junk, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_deserialize(junk, 0, &out), CX_E_CORRUPT);
}
CASE(cx_retention_copy)
{
    ck_assert_int_eq(cx_retention_copy(NULL, NULL), CX_E_INVALID_ARGUMENT);
    CxRetention *refused = (CxRetention *)&refused;
    ck_assert_int_eq(cx_retention_copy(NULL, &refused), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(refused);
}
CASE(cx_retention_reset)
{
    ck_assert_int_eq(cx_retention_reset(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_retention_free)
{
    cx_retention_free(NULL);
}
CASE(cx_retention_merge)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    ck_assert_int_eq(cx_retention_merge(NULL, rt), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_merge(rt, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_merge(rt, rt), CX_E_INVALID_ARGUMENT);
    cx_retention_free(rt);
}
CASE(cx_retention_new)
{
    ck_assert_int_eq(cx_retention_new(NULL), CX_E_INVALID_ARGUMENT); /* nowhere to put it */
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    ck_assert_ptr_nonnull(rt);
    cx_retention_free(rt);
}
CASE(cx_retention_periods)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    CxRetentionPeriod p[1] = { { .size = sizeof p[0] } };
    ck_assert_int_eq(cx_retention_periods(NULL, 0, 1, 0.95, p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(rt, 0, 1, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(rt, 0, 0, 0.95, p), CX_E_INVALID_ARGUMENT);
    cx_retention_free(rt);
}
CASE(cx_retention_serialize)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    uint8_t *b;
    size_t n;
    ck_assert_int_eq(cx_retention_serialize(NULL, &b, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_serialize(rt, NULL, &n), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_serialize(rt, &b, NULL), CX_E_INVALID_ARGUMENT);
    cx_retention_free(rt);
}
CASE(cx_retention_result)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    CxRetentionResult s = { .size = sizeof s };
    ck_assert_int_eq(cx_retention_result(NULL, 0.95, &s), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_result(rt, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    cx_retention_free(rt);
}

/* ---- 0.2: cell rules and reading real exports ---- */
CASE(cx_reject_reason_name) { ck_assert_str_eq(cx_reject_reason_name(-1), "unknown reason"); }
CASE(cx_cell_rules_new) { ck_assert_int_eq(cx_cell_rules_new(NULL), CX_E_INVALID_ARGUMENT); }
CASE(cx_cell_rules_free) { cx_cell_rules_free(NULL); }
CASE(cx_cell_rules_set_decimal)
{
    ck_assert_int_eq(cx_cell_rules_set_decimal(NULL, ','), CX_E_INVALID_ARGUMENT);
}
CASE(cx_cell_rules_clear_missing)
{
    ck_assert_int_eq(cx_cell_rules_clear_missing(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_cell_rules_add_missing)
{
    CxCellRules *r = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&r), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_missing(NULL, "x"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_add_missing(r, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_add_missing(r, ""), CX_E_INVALID_ARGUMENT);
    cx_cell_rules_free(r);
}
CASE(cx_cell_rules_add_label)
{
    CxCellRules *r = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&r), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_label(NULL, "x", 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_add_label(r, NULL, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_add_label(r, "", 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_add_label(r, "x", NAN), CX_E_INVALID_ARGUMENT);
    cx_cell_rules_free(r);
}
CASE(cx_cell_rules_add_scale)
{
    ck_assert_int_eq(cx_cell_rules_add_scale(NULL, "csat"), CX_E_INVALID_ARGUMENT);
}
CASE(cx_cell_rules_load_labels)
{
    CxCellRules *r = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&r), CX_OK);
    ck_assert_int_eq(cx_cell_rules_load_labels(NULL, "", 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_load_labels(r, NULL, 3), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_load_labels(r, NULL, 0), CX_E_PARSE);
    cx_cell_rules_free(r);
}
CASE(cx_cell_rules_set_date_format)
{
    ck_assert_int_eq(cx_cell_rules_set_date_format(NULL, "%Y"), CX_E_INVALID_ARGUMENT);
}
CASE(cx_cell_rules_error_message) { ck_assert_str_eq(cx_cell_rules_error_message(NULL), ""); }
CASE(cx_cell_rules_parse_number)
{
    double v;
    ck_assert_int_eq(cx_cell_rules_parse_number(NULL, NULL, 0, &v, NULL), CX_CELL_MISSING);
    ck_assert_int_eq(cx_cell_rules_parse_number(NULL, NULL, 2, &v, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_cell_rules_parse_time)
{
    ck_assert_int_eq(cx_cell_rules_parse_time(NULL, NULL, 2, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_read_options_new) { ck_assert_int_eq(cx_read_options_new(NULL), CX_E_INVALID_ARGUMENT); }
CASE(cx_read_options_free) { cx_read_options_free(NULL); }
CASE(cx_read_options_set_encoding)
{
    CxReadOptions *o = NULL;
    ck_assert_int_eq(cx_read_options_new(&o), CX_OK);
    ck_assert_int_eq(cx_read_options_set_encoding(NULL, "UTF-8"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_read_options_set_encoding(o, ""), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_read_options_set_encoding(o, "NO-SUCH-CHARSET"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_read_options_set_encoding(o, NULL), CX_OK);
    cx_read_options_free(o);
}
CASE(cx_read_options_set_encoding_errors)
{
    ck_assert_int_eq(cx_read_options_set_encoding_errors(NULL, 1), CX_E_INVALID_ARGUMENT);
}
CASE(cx_read_options_set_delimiter)
{
    ck_assert_int_eq(cx_read_options_set_delimiter(NULL, ';'), CX_E_INVALID_ARGUMENT);
}
CASE(cx_read_options_set_skip_rows)
{
    ck_assert_int_eq(cx_read_options_set_skip_rows(NULL, 0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_read_options_set_header_rows)
{
    ck_assert_int_eq(cx_read_options_set_header_rows(NULL, 0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_read_options_set_profile)
{
    CxReadOptions *o = NULL;
    ck_assert_int_eq(cx_read_options_new(&o), CX_OK);
    ck_assert_int_eq(cx_read_options_set_profile(NULL, "auto"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_read_options_set_profile(o, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_read_options_set_profile(o, ""), CX_E_INVALID_ARGUMENT);
    cx_read_options_free(o);
}
CASE(cx_reader_open_path_with)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_path_with(NULL, NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_path_with("x", NULL, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_open_fd_with)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_fd_with(-1, 0, NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_fd_with(0, 0, NULL, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_open_memory_with)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory_with(NULL, 3, NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_memory_with(NULL, 0, NULL, &r), CX_E_NO_HEADER);
    cx_reader_free(r);
}
CASE(cx_reader_open_callback_with)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_callback_with(NULL, NULL, NULL, &r), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_profile) { ck_assert_str_eq(cx_reader_profile(NULL), ""); }
CASE(cx_reader_encoding) { ck_assert_str_eq(cx_reader_encoding(NULL), ""); }
CASE(cx_reader_replaced_count) { ck_assert_uint_eq(cx_reader_replaced_count(NULL), 0); }
CASE(cx_reader_header_row_count) { ck_assert_uint_eq(cx_reader_header_row_count(NULL), 0); }
CASE(cx_reader_header_cell) { ck_assert_ptr_null(cx_reader_header_cell(NULL, 0, 0)); }
CASE(cx_reader_choice_span) { ck_assert_uint_eq(cx_reader_choice_span(NULL, 0), 0); }
CASE(cx_reader_find_column)
{
    size_t i;
    ck_assert_int_eq(cx_reader_find_column(NULL, "a", &i), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_set_number_column)
{
    ck_assert_int_eq(cx_reader_set_number_column(NULL, 0, NULL, 0, 10, 1), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_set_time_column)
{
    ck_assert_int_eq(cx_reader_set_time_column(NULL, 0, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_set_choice_column)
{
    ck_assert_int_eq(cx_reader_set_choice_column(NULL, 0, 1), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_set_reject_func)
{
    ck_assert_int_eq(cx_reader_set_reject_func(NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_reader_column_counts)
{
    ck_assert_int_eq(cx_reader_column_counts(NULL, 0, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
}

#define ROW(sym) { #sym, null_##sym }

/* ---- audits ---- */
static const char bad_checklist[] = "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\n"
                                    "a = A\n[item Q1]\nsection = a\npoints = 1\ntype = yesno\n";
static CxChecklist *
bad_checklist_new(void)
{
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_int_eq(cx_checklist_load_data(c, bad_checklist, sizeof bad_checklist - 1), CX_OK);
    return c;
}
static CxAudit *
bad_audit_new(void)
{
    CxChecklist *c = bad_checklist_new();
    CxAudit *a = NULL;
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, &a), CX_OK);
    cx_checklist_free(c);
    return a;
}
CASE(cx_checklist_new)
{
    ck_assert_int_eq(cx_checklist_new(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_checklist_free)
{
    cx_checklist_free(NULL);
}
CASE(cx_checklist_load_data)
{
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_int_eq(cx_checklist_load_data(NULL, "", 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_load_data(c, NULL, 3), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_load_data(c, NULL, 0), CX_E_PARSE); /* empty: no group */
    ck_assert_int_eq(cx_checklist_item_count(c), 0);
    cx_checklist_free(c);
}
CASE(cx_checklist_load_file)
{
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_int_eq(cx_checklist_load_file(NULL, "x"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_load_file(c, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_load_file(c, ""), CX_E_IO);
    cx_checklist_free(c);
}
CASE(cx_checklist_error_message)
{
    ck_assert_str_eq(cx_checklist_error_message(NULL), "");
}
CASE(cx_checklist_error_line)
{
    ck_assert_uint_eq(cx_checklist_error_line(NULL), 0);
}
CASE(cx_checklist_name)
{
    ck_assert_str_eq(cx_checklist_name(NULL), "");
}
CASE(cx_checklist_pass_mark)
{
    ck_assert(isnan(cx_checklist_pass_mark(NULL)));
}
CASE(cx_checklist_critical_rule)
{
    ck_assert_int_eq(cx_checklist_critical_rule(NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_checklist_section_count)
{
    ck_assert_uint_eq(cx_checklist_section_count(NULL), 0);
}
CASE(cx_checklist_section_id)
{
    CxChecklist *c = bad_checklist_new();
    ck_assert_ptr_null(cx_checklist_section_id(NULL, 0));
    ck_assert_ptr_null(cx_checklist_section_id(c, 1));
    ck_assert_str_eq(cx_checklist_section_id(c, 0), "a");
    cx_checklist_free(c);
}
CASE(cx_checklist_section_name)
{
    ck_assert_ptr_null(cx_checklist_section_name(NULL, 0));
}
CASE(cx_checklist_item_count)
{
    ck_assert_uint_eq(cx_checklist_item_count(NULL), 0);
}
CASE(cx_checklist_item_index)
{
    CxChecklist *c = bad_checklist_new();
    size_t i;
    ck_assert_int_eq(cx_checklist_item_index(NULL, "Q1", &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_item_index(c, NULL, &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_item_index(c, "Q1", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_checklist_item_index(c, "", &i), CX_E_COLUMN_NOT_FOUND);
    cx_checklist_free(c);
}
CASE(cx_checklist_item_id)
{
    ck_assert_ptr_null(cx_checklist_item_id(NULL, 0));
}
CASE(cx_checklist_item_text)
{
    ck_assert_ptr_null(cx_checklist_item_text(NULL, 0));
}
CASE(cx_checklist_item_section)
{
    ck_assert_uint_eq(cx_checklist_item_section(NULL, 0), (size_t)-1);
}
CASE(cx_checklist_item_points)
{
    ck_assert(isnan(cx_checklist_item_points(NULL, 0)));
}
CASE(cx_checklist_item_type)
{
    ck_assert_int_eq(cx_checklist_item_type(NULL, 0), CX_E_INVALID_ARGUMENT);
}
CASE(cx_checklist_item_critical)
{
    ck_assert_int_eq(cx_checklist_item_critical(NULL, 0), 0);
}
CASE(cx_checklist_item_na_allowed)
{
    ck_assert_int_eq(cx_checklist_item_na_allowed(NULL, 0), 0);
}
CASE(cx_checklist_max_items)
{
    ck_assert_uint_eq(cx_checklist_max_items(), 256);
}
CASE(cx_checklist_max_sections)
{
    ck_assert_uint_eq(cx_checklist_max_sections(), 32);
}
CASE(cx_audit_max_listed_rejects)
{
    ck_assert_uint_eq(cx_audit_max_listed_rejects(), 1000);
}
CASE(cx_audit_new)
{
    CxChecklist *c = bad_checklist_new(), *empty = NULL;
    ck_assert_int_eq(cx_checklist_new(&empty), CX_OK);
    CxAudit *a = (CxAudit *)&a;
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_new(NULL, CX_PERIOD_MONTH, &a), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(cx_audit_new(empty, CX_PERIOD_MONTH, &a), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_new(c, 9, &a), CX_E_INVALID_ARGUMENT);
    cx_checklist_free(c);
    cx_checklist_free(empty);
}
CASE(cx_audit_free)
{
    cx_audit_free(NULL);
}
CASE(cx_audit_checklist)
{
    ck_assert_ptr_null(cx_audit_checklist(NULL));
}
CASE(cx_audit_set_columns)
{
    CxAudit *a = bad_audit_new();
    const char *cols[] = { "Q1", NULL };
    ck_assert_int_eq(cx_audit_set_columns(NULL, cols, 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_set_columns(a, NULL, 1, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_set_columns(a, cols, 2, 1), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_set_columns(a, NULL, 0, 1), CX_OK); /* no column: all blank */
    cx_audit_free(a);
}
CASE(cx_audit_add_row)
{
    CxAudit *a = bad_audit_new();
    const char *row[] = { "yes" };
    ck_assert_int_eq(cx_audit_add_row(a, row, NULL, 1, 2), CX_E_INVALID_ARGUMENT); /* no map */
    const char *cols[] = { "Q1" };
    ck_assert_int_eq(cx_audit_set_columns(a, cols, 1, 1), CX_OK);
    ck_assert_int_eq(cx_audit_add_row(NULL, row, NULL, 1, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_add_row(a, NULL, NULL, 1, 2), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_add_row(a, NULL, NULL, 0, 2), CX_OK); /* all blank: counted */
    CxAuditResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_result(a, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.rejected_no_applicable, 1);
    cx_audit_free(a);
}
CASE(cx_audit_reset)
{
    cx_audit_reset(NULL);
}
CASE(cx_audit_copy)
{
    CxAudit *out = (CxAudit *)&out;
    ck_assert_int_eq(cx_audit_copy(NULL, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_copy(NULL, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(out);
}
CASE(cx_audit_merge)
{
    CxAudit *a = bad_audit_new();
    ck_assert_int_eq(cx_audit_merge(NULL, a), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_merge(a, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_merge(a, a), CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
CASE(cx_audit_serialize)
{
    CxAudit *a = bad_audit_new();
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_audit_serialize(NULL, &bytes, &len), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_serialize(a, NULL, &len), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_serialize(a, &bytes, NULL), CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
CASE(cx_audit_deserialize)
{
    CxAudit *out = NULL;
    static const uint8_t header[8] = { 'C', 'X', 'A', 'U', 1, 0, 0, 0 };
    ck_assert_int_eq(cx_audit_deserialize(NULL, 10, &out), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_deserialize(header, sizeof header, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_deserialize(header, 0, &out), CX_E_CORRUPT);
    ck_assert_int_eq(cx_audit_deserialize(header, sizeof header, &out), CX_E_CORRUPT);
    ck_assert_ptr_null(out);
}
CASE(cx_audit_result)
{
    CxAudit *a = bad_audit_new();
    CxAuditResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_result(NULL, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_result(a, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_result(a, 1.0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_result(a, 0.95, &r), CX_OK); /* empty: NaN figures */
    ck_assert(isnan(r.mean) && isnan(r.pass_share));
    cx_audit_free(a);
}
CASE(cx_audit_section_result)
{
    CxAudit *a = bad_audit_new();
    CxAuditSection r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_section_result(NULL, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_section_result(a, 1, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_section_result(a, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
CASE(cx_audit_item_result)
{
    CxAudit *a = bad_audit_new();
    CxAuditItem r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_item_result(NULL, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_item_result(a, 1, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_item_result(a, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_item_result(a, 0, 0.95, &r), CX_OK);
    ck_assert(isnan(r.compliance));
    ck_assert_uint_eq(r.rank, 0);
    cx_audit_free(a);
}
CASE(cx_audit_segment_count)
{
    ck_assert_uint_eq(cx_audit_segment_count(NULL, 0), 0);
}
CASE(cx_audit_segment_name)
{
    CxAudit *a = bad_audit_new();
    ck_assert_ptr_null(cx_audit_segment_name(NULL, 0, 0));
    ck_assert_ptr_null(cx_audit_segment_name(a, 0, 0));
    ck_assert_ptr_null(cx_audit_segment_name(a, -1, 0));
    cx_audit_free(a);
}
CASE(cx_audit_segment_index)
{
    CxAudit *a = bad_audit_new();
    size_t i;
    ck_assert_int_eq(cx_audit_segment_index(NULL, 0, "x", &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_segment_index(a, 0, NULL, &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_segment_index(a, 0, "x", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_segment_index(a, 0, "", &i), CX_E_COLUMN_NOT_FOUND);
    cx_audit_free(a);
}
CASE(cx_audit_segment_result)
{
    CxAudit *a = bad_audit_new();
    CxAuditSegment r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_segment_result(NULL, 0, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_segment_result(a, 0, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_segment_result(a, 0, 0, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
CASE(cx_audit_segment_item_result)
{
    CxAuditItem r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_segment_item_result(NULL, 0, 0, 0, 0.95, &r),
                     CX_E_INVALID_ARGUMENT);
}
CASE(cx_audit_segment_compare)
{
    CxMeanComparison m = { .size = sizeof m };
    ck_assert_int_eq(cx_audit_segment_compare(NULL, 0, 0, 0, 0.95, &m, NULL),
                     CX_E_INVALID_ARGUMENT);
    CxAudit *a = bad_audit_new();
    ck_assert_int_eq(cx_audit_segment_compare(a, 0, 0, 0, 0.95, NULL, NULL),
                     CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
CASE(cx_audit_compare_target)
{
    CxMeanComparison m = { .size = sizeof m };
    ck_assert_int_eq(cx_audit_compare_target(NULL, -1, 0, 80.0, 0.95, &m),
                     CX_E_INVALID_ARGUMENT);
    CxAudit *a = bad_audit_new();
    ck_assert_int_eq(cx_audit_compare_target(a, -1, 0, 80.0, 0.95, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_compare_target(a, -1, 0, NAN, 0.95, &m), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_compare_target(a, -1, 0, 80.0, 0.95, &m), CX_E_EMPTY);
    cx_audit_free(a);
}
CASE(cx_audit_shopper_result)
{
    CxAuditShopper r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_shopper_result(NULL, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    CxAudit *a = bad_audit_new();
    ck_assert_int_eq(cx_audit_shopper_result(a, 0, 0.95, &r), CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
CASE(cx_audit_shopper_test)
{
    CxTestResult t = { .size = sizeof t };
    ck_assert_int_eq(cx_audit_shopper_test(NULL, &t), CX_E_INVALID_ARGUMENT);
    CxAudit *a = bad_audit_new();
    ck_assert_int_eq(cx_audit_shopper_test(a, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_audit_shopper_test(a, &t), CX_E_EMPTY);
    cx_audit_free(a);
}
CASE(cx_audit_location_anova)
{
    CxTestResult t = { .size = sizeof t };
    ck_assert_int_eq(cx_audit_location_anova(NULL, 0, &t, NULL), CX_E_INVALID_ARGUMENT);
}
CASE(cx_audit_reject_listed)
{
    ck_assert_uint_eq(cx_audit_reject_listed(NULL), 0);
}
CASE(cx_audit_reject)
{
    ck_assert_int_eq(cx_audit_reject(NULL, 0, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
}

static const struct {
    const char *name;
    void (*check)(void);
} null_table[] = {
    ROW(cx_checklist_new), ROW(cx_checklist_free), ROW(cx_checklist_load_data), ROW(cx_checklist_load_file), ROW(cx_checklist_error_message), ROW(cx_checklist_error_line), ROW(cx_checklist_name), ROW(cx_checklist_pass_mark), ROW(cx_checklist_critical_rule), ROW(cx_checklist_section_count), ROW(cx_checklist_section_id), ROW(cx_checklist_section_name), ROW(cx_checklist_item_count), ROW(cx_checklist_item_index), ROW(cx_checklist_item_id), ROW(cx_checklist_item_text), ROW(cx_checklist_item_section), ROW(cx_checklist_item_points), ROW(cx_checklist_item_type), ROW(cx_checklist_item_critical), ROW(cx_checklist_item_na_allowed), ROW(cx_checklist_max_items), ROW(cx_checklist_max_sections), ROW(cx_audit_max_listed_rejects), ROW(cx_audit_new), ROW(cx_audit_free), ROW(cx_audit_checklist), ROW(cx_audit_set_columns), ROW(cx_audit_add_row), ROW(cx_audit_reset), ROW(cx_audit_copy), ROW(cx_audit_merge), ROW(cx_audit_serialize), ROW(cx_audit_deserialize), ROW(cx_audit_result), ROW(cx_audit_section_result), ROW(cx_audit_item_result), ROW(cx_audit_segment_count), ROW(cx_audit_segment_name), ROW(cx_audit_segment_index), ROW(cx_audit_segment_result), ROW(cx_audit_segment_item_result), ROW(cx_audit_segment_compare), ROW(cx_audit_compare_target), ROW(cx_audit_shopper_result), ROW(cx_audit_shopper_test), ROW(cx_audit_location_anova), ROW(cx_audit_reject_listed), ROW(cx_audit_reject),
    ROW(cx_alpha_add), ROW(cx_alpha_add_rows), ROW(cx_alpha_copy), ROW(cx_alpha_deserialize),
    ROW(cx_alpha_free), ROW(cx_alpha_item), ROW(cx_alpha_item_count), ROW(cx_alpha_max_items),
    ROW(cx_alpha_merge), ROW(cx_alpha_new), ROW(cx_alpha_reset), ROW(cx_alpha_result),
    ROW(cx_alpha_serialize), ROW(cx_anova_oneway), ROW(cx_cell_max_number_length), ROW(cx_cell_parse_number),
    ROW(cx_cell_parse_time), ROW(cx_chi_square_independence), ROW(cx_value_clv), ROW(cx_contacts_add),
    ROW(cx_contacts_add_segmented), ROW(cx_contacts_channel), ROW(cx_contacts_channel_name),
    ROW(cx_contacts_channel_count), ROW(cx_contacts_copy), ROW(cx_contacts_deserialize),
    ROW(cx_contacts_free), ROW(cx_followup_new), ROW(cx_followup_free), ROW(cx_followup_reset),
    ROW(cx_followup_copy), ROW(cx_followup_add), ROW(cx_followup_parse_outcome),
    ROW(cx_followup_rejections), ROW(cx_followup_merge), ROW(cx_followup_serialize),
    ROW(cx_followup_deserialize), ROW(cx_followup_result), ROW(cx_followup_group_count),
    ROW(cx_followup_group_name),
    ROW(cx_contacts_merge), ROW(cx_contacts_new), ROW(cx_contacts_parse_resolved),
    ROW(cx_contacts_parse_flag), ROW(cx_contacts_add_contact), ROW(cx_contacts_waits),
    ROW(cx_contacts_reset), ROW(cx_contacts_result), ROW(cx_contacts_segment),
    ROW(cx_contacts_serialize),
    ROW(cx_contacts_segment_name), ROW(cx_contacts_segment_count), ROW(cx_drivers_add),
    ROW(cx_alpha_feldt), ROW(cx_design_new), ROW(cx_design_free), ROW(cx_design_reset), ROW(cx_design_copy),
    ROW(cx_design_merge), ROW(cx_design_add), ROW(cx_design_rejected_weights), ROW(cx_design_shape), ROW(cx_design_mean), ROW(cx_design_mean_domain),
    ROW(cx_design_apply_nps), ROW(cx_design_apply_loyalty_index), ROW(cx_design_apply_rating), ROW(cx_design_serialize),
    ROW(cx_design_deserialize), ROW(cx_variance_method_from_name), ROW(cx_variance_method_name),
    ROW(cx_drivers_add_rows), ROW(cx_drivers_copy), ROW(cx_drivers_deserialize),
    ROW(cx_drivers_free), ROW(cx_drivers_max_distinct), ROW(cx_drivers_max_predictors),
    ROW(cx_drivers_merge), ROW(cx_drivers_new), ROW(cx_drivers_predictor),
    ROW(cx_drivers_predictor_count), ROW(cx_drivers_reset), ROW(cx_drivers_result),
    ROW(cx_drivers_serialize), ROW(cx_free), ROW(cx_instrument_add_dimension),
    ROW(cx_instrument_add_item), ROW(cx_instrument_new_builtin), ROW(cx_instrument_dimension_count),
    ROW(cx_instrument_dimension_name), ROW(cx_instrument_equal), ROW(cx_instrument_error_line),
    ROW(cx_instrument_error_message), ROW(cx_instrument_free), ROW(cx_instrument_item_count),
    ROW(cx_instrument_item_dimension), ROW(cx_instrument_item_label),
    ROW(cx_instrument_item_number), ROW(cx_instrument_item_reverse), ROW(cx_instrument_load_data),
    ROW(cx_instrument_load_file), ROW(cx_instrument_max_definition_size), ROW(cx_instrument_max_dimensions), ROW(cx_instrument_max_items),
    ROW(cx_instrument_name), ROW(cx_instrument_new), ROW(cx_instrument_not_applicable),
    ROW(cx_instrument_scale_max), ROW(cx_instrument_scale_min), ROW(cx_instrument_set_name),
    ROW(cx_instrument_set_not_applicable), ROW(cx_instrument_set_scale), ROW(cx_loyalty_index_add),
    ROW(cx_loyalty_index_compare), ROW(cx_loyalty_index_copy), ROW(cx_loyalty_index_deserialize),
    ROW(cx_loyalty_index_free), ROW(cx_loyalty_index_merge), ROW(cx_loyalty_index_new),
    ROW(cx_loyalty_index_reset), ROW(cx_loyalty_index_result), ROW(cx_loyalty_index_serialize),
    ROW(cx_nps_add), ROW(cx_nps_add_double), ROW(cx_nps_add_int), ROW(cx_nps_add_missing),
    ROW(cx_nps_add_text), ROW(cx_nps_add_counts), ROW(cx_nps_add_u8), ROW(cx_nps_add_weighted), ROW(cx_nps_category),
    ROW(cx_nps_ci_method_from_name), ROW(cx_nps_ci_method_name), ROW(cx_nps_compare),
    ROW(cx_mean_compare), ROW(cx_nps_copy), ROW(cx_nps_deserialize), ROW(cx_nps_detractor_max), ROW(cx_nps_free),
    ROW(cx_nps_interval), ROW(cx_nps_merge), ROW(cx_nps_new), ROW(cx_nps_promoter_min),
    ROW(cx_nps_reset), ROW(cx_nps_result), ROW(cx_nps_sample_size), ROW(cx_nps_serialize),
    ROW(cx_period_from_date), ROW(cx_period_label), ROW(cx_period_unit_from_name),
    ROW(cx_proportion_compare), ROW(cx_rating_add), ROW(cx_rating_add_double),
    ROW(cx_rating_add_text), ROW(cx_rating_compare), ROW(cx_rating_copy), ROW(cx_rating_count),
    ROW(cx_rating_deserialize), ROW(cx_rating_free), ROW(cx_rating_merge), ROW(cx_rating_new),
    ROW(cx_rating_new_preset), ROW(cx_rating_preset_from_name), ROW(cx_rating_reset),
    ROW(cx_rating_result), ROW(cx_rating_serialize), ROW(cx_reader_column_count),
    ROW(cx_reader_column_index), ROW(cx_reader_column_name),
    ROW(cx_reader_default_max_record_size), ROW(cx_reader_error_line),
    ROW(cx_reader_error_message), ROW(cx_reader_field), ROW(cx_reader_field_number),
    ROW(cx_reader_free), ROW(cx_reader_line), ROW(cx_reader_malformed_count), ROW(cx_reader_next), ROW(cx_reader_next_batch), ROW(cx_reader_set_delimiter),
    ROW(cx_reader_open_callback), ROW(cx_reader_open_fd), ROW(cx_reader_open_memory),
    ROW(cx_reader_open_path), ROW(cx_reader_row_count), ROW(cx_reader_set_max_record_size),
    ROW(cx_retention_add), ROW(cx_retention_cohorts), ROW(cx_retention_customer),
    ROW(cx_retention_copy), ROW(cx_retention_deserialize), ROW(cx_retention_free), ROW(cx_value_retention_rate),
    ROW(cx_retention_merge), ROW(cx_retention_new), ROW(cx_retention_periods), ROW(cx_retention_reset),
    ROW(cx_retention_serialize), ROW(cx_retention_result), ROW(cx_servqual_add),
    ROW(cx_servqual_add_rows), ROW(cx_servqual_copy), ROW(cx_servqual_deserialize),
    ROW(cx_servqual_dimension), ROW(cx_servqual_free), ROW(cx_servqual_importance_tolerance),
    ROW(cx_servqual_instrument), ROW(cx_servqual_item), ROW(cx_servqual_merge),
    ROW(cx_servqual_new), ROW(cx_servqual_reliability), ROW(cx_servqual_reset),
    ROW(cx_servqual_result), ROW(cx_servqual_serialize), ROW(cx_servqual_set_inversion_policy),
    ROW(cx_status_name), ROW(cx_strerror), ROW(cx_version_major), ROW(cx_version_micro),
    ROW(cx_version_minor), ROW(cx_version_string), ROW(cx_wilson_interval),
    /* 0.2 */
    ROW(cx_reject_reason_name),
    ROW(cx_cell_rules_new),
    ROW(cx_cell_rules_free),
    ROW(cx_cell_rules_set_decimal),
    ROW(cx_cell_rules_clear_missing),
    ROW(cx_cell_rules_add_missing),
    ROW(cx_cell_rules_add_label),
    ROW(cx_cell_rules_add_scale),
    ROW(cx_cell_rules_load_labels),
    ROW(cx_cell_rules_set_date_format),
    ROW(cx_cell_rules_error_message),
    ROW(cx_cell_rules_parse_number),
    ROW(cx_cell_rules_parse_time),
    ROW(cx_read_options_new),
    ROW(cx_read_options_free),
    ROW(cx_read_options_set_encoding),
    ROW(cx_read_options_set_encoding_errors),
    ROW(cx_read_options_set_delimiter),
    ROW(cx_read_options_set_skip_rows),
    ROW(cx_read_options_set_header_rows),
    ROW(cx_read_options_set_profile),
    ROW(cx_reader_open_path_with),
    ROW(cx_reader_open_fd_with),
    ROW(cx_reader_open_memory_with),
    ROW(cx_reader_open_callback_with),
    ROW(cx_reader_profile),
    ROW(cx_reader_encoding),
    ROW(cx_reader_replaced_count),
    ROW(cx_reader_header_row_count),
    ROW(cx_reader_header_cell),
    ROW(cx_reader_choice_span),
    ROW(cx_reader_find_column),
    ROW(cx_reader_set_number_column),
    ROW(cx_reader_set_time_column),
    ROW(cx_reader_set_choice_column),
    ROW(cx_reader_set_reject_func),
    ROW(cx_reader_column_counts),
};

/* The global symbols of the version script (every node), as lib/cxscore.map lists them. */
static GPtrArray *
mapped_symbols(void)
{
    char *text = cx_test_read_file(CX_MAPFILE, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    int global = 0;
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l; l++) {
        char *s = g_strstrip(*l);
        if (g_str_has_prefix(s, "global:"))
            global = 1;
        else if (g_str_has_prefix(s, "local:") || g_str_has_prefix(s, "}"))
            global = 0;
        else if (global && g_str_has_prefix(s, "cx_") && g_str_has_suffix(s, ";"))
            g_ptr_array_add(names, g_strndup(s, strlen(s) - 1));
    }
    g_strfreev(lines);
    free(text);
    return names;
}

START_TEST(every_exported_function_takes_null_and_zero_lengths)
{
    GPtrArray *names = mapped_symbols();
    ck_assert_uint_gt(names->len, 100);
    GString *missing = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index(names, i);
        size_t k = 0;
        while (k < G_N_ELEMENTS(null_table) && strcmp(null_table[k].name, name) != 0)
            k++;
        if (k == G_N_ELEMENTS(null_table))
            g_string_append_printf(missing, " %s", name);
        else
            null_table[k].check();
    }
    ck_assert_msg(missing->len == 0,
                  "exported in lib/cxscore.map but without a NULL/zero-length case in "
                  "tests/test-bad-input.c:%s",
                  missing->str);
    /* And no stale row: every row names an exported symbol. */
    for (size_t k = 0; k < G_N_ELEMENTS(null_table); k++) {
        guint i = 0;
        while (i < names->len && strcmp(g_ptr_array_index(names, i), null_table[k].name) != 0)
            i++;
        ck_assert_msg(i < names->len, "%s has a NULL case but is not in lib/cxscore.map",
                      null_table[k].name);
    }
    g_string_free(missing, TRUE);
    g_ptr_array_free(names, TRUE);
}
END_TEST

/* ---- inputs the fuzzers found (tests/data/fuzz/README.md) ------------------------------------- */

START_TEST(fuzz_findings_stay_fixed)
{
    size_t len;
    char *text = cx_test_read_file(cx_test_data_path("fuzz/instrument-invalid-utf8-key.ini"), &len);
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(in, text, len), CX_E_PARSE);
    ck_assert_str_eq(cx_instrument_error_message(in), "line 5: not valid UTF-8 text");
    ck_assert_int_eq(cx_instrument_error_line(in), 5);
    ck_assert_uint_eq(cx_instrument_item_count(in), 0);
    free(text);
    /* The API refuses what the loader refuses: names and labels are serialized as UTF-8. */
    ck_assert_int_eq(cx_instrument_add_dimension(in, "ta\xfe\xfengibles", NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_name(in, "bad \xc3"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "Zuverl\xc3\xa4ssigkeit", NULL), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(in, 1, 0, "\xff", 0), CX_E_INVALID_ARGUMENT);
    cx_instrument_free(in);

    /* An invalid escape and a trailing backslash in one value: GLib 2.74's
     * g_key_file_get_string() set its GError twice and warned from inside the library (a
     * fatal warning under the harness). Values are now unescaped by the loader itself. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    text = cx_test_read_file(cx_test_data_path("fuzz/instrument-escape-twice.ini"), &len);
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(in, text, len), CX_E_PARSE);
    ck_assert_str_eq(cx_instrument_error_message(in),
                     "line 2: invalid escape sequence \\q in the value of name (write \\\\ for "
                     "a backslash)");
    ck_assert_uint_eq(cx_instrument_item_count(in), 0);
    cx_instrument_free(in);
    free(text);

    uint8_t *state = (uint8_t *)cx_test_read_file(
        cx_test_data_path("fuzz/nps-state-n-eff-overflow.bin"), &len);
    CxNps *nps = (CxNps *)junk;
    ck_assert_int_eq(cx_nps_deserialize(state, len, &nps), CX_E_CORRUPT);
    ck_assert_ptr_null(nps);
    free(state);

    /* fuzz-deserialize-alpha (issue 21): a listwise state whose pair co-moment passes what
     * its items' spreads allow gave alpha 1.33 with CX_OK. */
    state = (uint8_t *)cx_test_read_file(
        cx_test_data_path("fuzz/alpha-state-listwise-alpha-above-1.bin"), &len);
    CxAlpha *bad_alpha = (CxAlpha *)junk;
    int ast = cx_alpha_deserialize(state, len, &bad_alpha);
    ck_assert_msg(ast == CX_E_CORRUPT, "listwise alpha above 1: expected CX_E_CORRUPT, got %s",
                  cx_status_name(ast));
    ck_assert_ptr_null(bad_alpha);
    free(state);

    /* fuzz-adds: with pairwise deletion the covariance matrix need not be positive
     * semi-definite, and alpha may exceed 1 (a harness assumption, not a library bug). */
    static const double rows[] = { 5, 0, 3, 4, 1, 0, 7, 0, 1, 2, 3, 2, 5, 6, 7, 0,
                                   1, 2, NAN, 4, 5, 6, 5, 6, NAN, 0, 0, 1 };
    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    cx_alpha_add_rows(a, rows, 14);
    CxAlphaResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_alpha_result(a, 0.95, &r), CX_OK);
    ck_assert(isfinite(r.alpha));
    cx_alpha_free(a);
}
END_TEST

/* ---- weights beyond what a double's square can hold ---------------------------------------------- */

/* Weights whose squares underflow to a subnormal Σw²: one weight 2e-162 and twenty of 1e-162.
 * Each 1e-162² = 1e-324 rounds to 0 and 2e-162² to the smallest subnormal, 4.94e-324, so
 * (Σw)²/Σw² came out as 22²/4.94 ≈ 98 for 21 answers: an n_eff beyond n (Cauchy–Schwarz bounds
 * it by n) with CX_OK and too small a standard error (issue 21). Now CX_E_OVERFLOW, as for
 * weights whose squares are 0. */
START_TEST(underflowing_weight_squares_are_an_overflow_not_n_eff_beyond_n)
{
    double w[21];
    w[0] = 2e-162;
    for (int i = 1; i < 21; i++)
        w[i] = 1e-162;
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    CxRating *rating = NULL;
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &rating), CX_OK);
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    for (int i = 0; i < 21; i++) {
        const double answers[3] = { i % 11, (i * 3) % 11, 10 - i % 11 };
        ck_assert_int_eq(cx_nps_add_weighted(nps, i % 11, w[i]), CX_OK);
        ck_assert_int_eq(cx_rating_add(rating, 1 + i % 5, w[i]), CX_OK);
        ck_assert_int_eq(cx_loyalty_index_add(li, answers, w[i]), CX_OK);
    }
    CxNpsResult nr = { .size = sizeof nr };
    int st = cx_nps_result(nps, &nr);
    ck_assert_msg(st == CX_E_OVERFLOW, "NPS: expected CX_E_OVERFLOW, got %s with n_eff %g of n %d",
                  cx_status_name(st), nr.n_eff, 21);
    CxRatingResult rr = { .size = sizeof rr };
    st = cx_rating_result(rating, 0.95, &rr);
    ck_assert_msg(st == CX_E_OVERFLOW,
                  "rating: expected CX_E_OVERFLOW, got %s with n_eff %g of n %d",
                  cx_status_name(st), rr.n_eff, 21);
    CxLoyaltyIndexResult lr = { .size = sizeof lr };
    st = cx_loyalty_index_result(li, 0.95, &lr);
    ck_assert_msg(st == CX_E_OVERFLOW,
                  "loyalty: expected CX_E_OVERFLOW, got %s with n_eff %g of n %d, SE %g",
                  cx_status_name(st), lr.n_eff, 21, lr.mean_index_se);
    ck_assert(lr.n_eff == 0.0 && isnan(lr.mean_index) && isnan(lr.mean_index_se));
    ck_assert_uint_eq(lr.complete, 21);
    cx_nps_free(nps);
    cx_rating_free(rating);
    cx_loyalty_index_free(li);
}
END_TEST

START_TEST(huge_and_tiny_weights_are_an_overflow_not_nan)
{
    static const double huge[] = { 1e200, 1e200 }, tiny[] = { 1e-200, 1e-200 };
    static const int answers[] = { 10, 0 };
    const double *cases[] = { huge, tiny };
    for (int c = 0; c < 2; c++) {
        CxNps *nps = NULL;
        ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
        ck_assert_int_eq(cx_nps_add_int(nps, answers, cases[c], 2), CX_OK);
        CxNpsResult r = { .size = sizeof r };
        int st = cx_nps_result(nps, &r);
        ck_assert_msg(st == CX_E_OVERFLOW, "weights %g: expected CX_E_OVERFLOW, got %s",
                      cases[c][0], cx_status_name(st));
        ck_assert_uint_eq(r.n, 2); /* counts are still there */
        ck_assert(isnan(r.nps) && isnan(r.se));
        double lo, hi;
        ck_assert_int_eq(cx_nps_interval(&r, 0.95, CX_NPS_CI_TANGO, &lo, &hi), CX_E_EMPTY);
        cx_nps_free(nps);

        CxRating *rt = NULL;
        ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &rt), CX_OK);
        const double values[] = { 5, 1 };
        cx_rating_add_double(rt, values, cases[c], 2);
        CxRatingResult rr = { .size = sizeof rr };
        ck_assert_int_eq(cx_rating_result(rt, 0.95, &rr), CX_E_OVERFLOW);
        ck_assert_uint_eq(rr.n, 2);
        ck_assert(isnan(rr.mean) && isnan(rr.good));
        cx_rating_free(rt);
    }
    /* The loyalty index: two weights of 1e308 make Σw infinite. Found by fuzzing a state
     * (tests/data/fuzz/loyalty-state-weights-overflow.bin, replayed below); the same through the
     * API. */
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    const double full[3] = { 10, 9, 0 };
    cx_loyalty_index_add(li, full, 1e308);
    cx_loyalty_index_add(li, full, 1e308);
    CxLoyaltyIndexResult lr = { .size = sizeof lr };
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.95, &lr), CX_E_OVERFLOW);
    ck_assert_uint_eq(lr.n[0], 2);
    ck_assert(isnan(lr.mean_index) && isnan(lr.net_index) && isnan(lr.item_mean[0]));
    cx_loyalty_index_free(li);
    size_t state_len;
    char *state = cx_test_read_file(
        cx_test_data_path("fuzz/loyalty-state-weights-overflow.bin"), &state_len);
    /* The fuzzed state itself counts more answers than respondents (6 respondents, an item
     * with 2^64 − 2^60 answers): since the deserializer checks counts against totals (issue
     * 21), it is corrupt; its overflow is the API case above. */
    li = (CxLoyaltyIndex *)state;
    int dst = cx_loyalty_index_deserialize((const uint8_t *)state, state_len, &li);
    ck_assert_msg(dst == CX_E_CORRUPT, "fuzzed loyalty state: expected CX_E_CORRUPT, got %s",
                  cx_status_name(dst));
    ck_assert_ptr_null(li);
    free(state);

    /* Large but representable weights still score: 1e150² = 1e300. */
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    static const double big[] = { 1e150, 1e150 };
    cx_nps_add_int(nps, answers, big, 2);
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_nps_result(nps, &r), CX_OK);
    cx_assert_close(r.nps, 0.0, 0.0);
    cx_assert_close(r.n_eff, 2.0, 1e-12);
    cx_nps_free(nps);
}
END_TEST

/* ---- counts beyond 2³² ----------------------------------------------------------------------------- */

/* Doubles `acc` (of type `type *`) by merging a copy into it `times` times. */
#define DOUBLE_BY_MERGE(type, acc, copy_fn, merge_fn, free_fn, times)                            \
    for (int i_ = 0; i_ < (times); i_++) {                                                        \
        type *c_ = NULL;                                                                          \
        ck_assert_int_eq(copy_fn(acc, &c_), CX_OK);                                               \
        ck_assert_int_eq(merge_fn(acc, c_), CX_OK);                                               \
        free_fn(c_);                                                                              \
    }

START_TEST(counts_beyond_2_to_the_32)
{
    const uint64_t big = UINT64_C(1) << 40;

    /* Rating: 3 answers doubled 40 times, exact and through serialization. */
    CxRating *rt = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &rt), CX_OK);
    cx_rating_add(rt, 5, 1.0);
    cx_rating_add(rt, 4, 1.0);
    cx_rating_add(rt, 1, 1.0);
    DOUBLE_BY_MERGE(CxRating, rt, cx_rating_copy, cx_rating_merge, cx_rating_free, 40);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_rating_serialize(rt, &bytes, &len), CX_OK);
    CxRating *back = NULL;
    ck_assert_int_eq(cx_rating_deserialize(bytes, len, &back), CX_OK);
    CxRatingResult rr = { .size = sizeof rr };
    ck_assert_int_eq(cx_rating_result(back, 0.95, &rr), CX_OK);
    ck_assert_uint_eq(rr.n, 3 * big);
    cx_assert_close(rr.good, 2.0 / 3.0, 1e-15);
    cx_assert_close(rr.n_eff, 3.0 * (double)big, 0.0);
    cx_free(bytes);
    cx_rating_free(back);
    /* Two bins of 2⁶³ each are 2⁶⁴ answers: refused, never wrapped to 0. */
    CxRating *half = NULL, *other = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &half), CX_OK);
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &other), CX_OK);
    cx_rating_add(half, 5, 1.0);
    cx_rating_add(other, 1, 1.0);
    DOUBLE_BY_MERGE(CxRating, half, cx_rating_copy, cx_rating_merge, cx_rating_free, 63);
    DOUBLE_BY_MERGE(CxRating, other, cx_rating_copy, cx_rating_merge, cx_rating_free, 63);
    ck_assert_int_eq(cx_rating_merge(half, other), CX_E_OVERFLOW);
    ck_assert_int_eq(cx_rating_add(half, 3, 1.0), CX_OK);
    ck_assert_int_eq(cx_rating_result(half, 0.95, &rr), CX_OK);
    ck_assert_uint_eq(rr.n, (UINT64_C(1) << 63) + 1);
    cx_rating_free(half);
    cx_rating_free(other);
    cx_rating_free(rt);

    /* NPS: the same across categories (the per-value checks alone let n wrap). */
    CxNps *p = NULL, *d = NULL;
    ck_assert_int_eq(cx_nps_new(&p), CX_OK);
    ck_assert_int_eq(cx_nps_new(&d), CX_OK);
    cx_nps_add(p, 10);
    cx_nps_add(d, 0);
    DOUBLE_BY_MERGE(CxNps, p, cx_nps_copy, cx_nps_merge, cx_nps_free, 63);
    DOUBLE_BY_MERGE(CxNps, d, cx_nps_copy, cx_nps_merge, cx_nps_free, 63);
    ck_assert_int_eq(cx_nps_merge(p, d), CX_E_OVERFLOW);
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_nps_result(p, &r), CX_OK);
    ck_assert_uint_eq(r.n, UINT64_C(1) << 63);
    cx_nps_free(p);
    cx_nps_free(d);

    /* Loyalty index and alpha: 2⁴⁰ respondents. */
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    const double ans[3] = { 9, 10, 6 };
    cx_loyalty_index_add(li, ans, 1.0);
    for (int i = 0; i < 40; i++) { /* no copy function: merge into an empty twin and back */
        CxLoyaltyIndex *twin = NULL;
        ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &twin), CX_OK);
        ck_assert_int_eq(cx_loyalty_index_merge(twin, li), CX_OK);
        ck_assert_int_eq(cx_loyalty_index_merge(li, twin), CX_OK);
        cx_loyalty_index_free(twin);
    }
    CxLoyaltyIndexResult lr = { .size = sizeof lr };
    ck_assert_int_eq(cx_loyalty_index_result(li, 0.95, &lr), CX_OK);
    ck_assert_uint_eq(lr.respondents, big);
    ck_assert_uint_eq(lr.n[2], big);
    cx_assert_close(lr.net_index, 100.0 * (1 + 1 - 1) / 3.0, 1e-9);
    cx_loyalty_index_free(li);

    CxAlpha *a = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a), CX_OK);
    const double rows[] = { 1, 2, 2, 3, 3, 3 };
    cx_alpha_add_rows(a, rows, 3);
    DOUBLE_BY_MERGE(CxAlpha, a, cx_alpha_copy, cx_alpha_merge, cx_alpha_free, 40);
    ck_assert_int_eq(cx_alpha_serialize(a, &bytes, &len), CX_OK);
    CxAlpha *ab = NULL;
    ck_assert_int_eq(cx_alpha_deserialize(bytes, len, &ab), CX_OK);
    CxAlphaResult ar = { .size = sizeof ar };
    ck_assert_int_eq(cx_alpha_result(ab, 0.95, &ar), CX_OK);
    ck_assert_uint_eq(ar.rows, 3 * big);
    ck_assert_uint_eq(ar.n, 3 * big);
    cx_free(bytes);
    cx_alpha_free(ab);
    cx_alpha_free(a);
}
END_TEST

/* ---- a 100 MB record ----------------------------------------------------------------------------- */

typedef struct {
    size_t sent, line_len;
} LongLine;

/* "score\n", then a 100 MB line of '9's, then "7\n" — made on the fly, never held whole. */
static long
long_line(void *user, char *buf, size_t cap)
{
    LongLine *l = user;
    static const char head[] = "score\n", tail[] = "\n7\n";
    const size_t hl = sizeof head - 1, tl = sizeof tail - 1, total = hl + l->line_len + tl;
    size_t n = 0;
    while (n < cap && l->sent < total) {
        size_t at = l->sent;
        buf[n++] = at < hl ? head[at] : at < hl + l->line_len ? '9' : tail[at - hl - l->line_len];
        l->sent++;
    }
    return (long)n;
}

START_TEST(a_100_megabyte_line_is_one_reported_record)
{
    LongLine l = { 0, 100u * 1000 * 1000 };
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_callback(long_line, &l, &r), CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_E_MALFORMED_ROW);
    ck_assert_str_eq(cx_reader_error_message(r),
                     "line 2: record longer than the maximum of 8388608 bytes");
    ck_assert_int_eq(cx_reader_next(r), CX_ROW); /* the next record is intact */
    const char *t;
    ck_assert_int_eq(cx_reader_field(r, 0, &t, NULL), CX_OK);
    ck_assert_str_eq(t, "7");
    ck_assert_uint_eq(cx_reader_line(r), 3);
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    ck_assert_uint_eq(cx_reader_malformed_count(r), 1);
    ck_assert_uint_eq(l.sent, 6 + l.line_len + 3);
    cx_reader_free(r);
}
END_TEST

/* ---- damaged serialized state of every module ------------------------------------------------------ */

/* A module's state functions, for check_damage(). */
typedef struct {
    const char *name;
    int (*deserialize)(const uint8_t *, size_t, void **);
    int (*serialize)(const void *, uint8_t **, size_t *);
    void (*free)(void *);
    /* Whatever the deserializer accepts is what its serializer writes: an accepted damaged
     * state is written again byte for byte (no second encoding of one state). */
    int canonical;
} StateOps;

#define STATE_OPS(Type, prefix, is_canonical)                                                     \
    static int deserialize_##prefix(const uint8_t *b, size_t n, void **out)                       \
    {                                                                                             \
        Type *object = (Type *)&object;                                                           \
        int st = cx_##prefix##_deserialize(b, n, &object);                                        \
        *out = object;                                                                            \
        return st;                                                                                \
    }                                                                                             \
    static int serialize_##prefix(const void *object, uint8_t **b, size_t *n)                     \
    {                                                                                             \
        return cx_##prefix##_serialize(object, b, n);                                             \
    }                                                                                             \
    static void free_##prefix(void *object)                                                       \
    {                                                                                             \
        cx_##prefix##_free(object);                                                               \
    }                                                                                             \
    static const StateOps prefix##_state = { #prefix, deserialize_##prefix, serialize_##prefix,   \
                                             free_##prefix, is_canonical };

STATE_OPS(CxNps, nps, 0)
STATE_OPS(CxAlpha, alpha, 0)
STATE_OPS(CxLoyaltyIndex, loyalty_index, 0)
STATE_OPS(CxRating, rating, 0)
STATE_OPS(CxServqual, servqual, 0)
STATE_OPS(CxRetention, retention, 1)
STATE_OPS(CxContacts, contacts, 1)
STATE_OPS(CxDrivers, drivers, 1)

/* Every truncation is CX_E_CORRUPT; a newer format version (with its checksum) is CX_E_VERSION;
 * and every single-bit flip of every byte, header and checksum included, is CX_E_CORRUPT (the
 * envelope's CRC-32C, lib/core/state.c), as are the bursts 0x5A and 0xFF within a byte. Before the
 * checksum, 2502 of the 2736 single-bit flips of an NPS state were accepted (issue 21). */
static void
check_damage(const StateOps *ops, const uint8_t *bytes, size_t len)
{
    void *out = NULL;
    ck_assert_msg(ops->deserialize(bytes, len, &out) == CX_OK, "%s: the intact state", ops->name);
    ops->free(out);
    for (size_t cut = 0; cut < len; cut++) {
        int st = ops->deserialize(bytes, cut, &out);
        ck_assert_msg(st == CX_E_CORRUPT && out == NULL, "%s truncated to %zu: %s", ops->name,
                      cut, cx_status_name(st));
    }
    uint8_t *copy = malloc(len);
    memcpy(copy, bytes, len);
    copy[4]++; /* a newer format version */
    cx_test_state_seal(copy, len);
    ck_assert_msg(ops->deserialize(copy, len, &out) == CX_E_VERSION, "%s: newer version",
                  ops->name);
    memcpy(copy, bytes, len);
    copy[1] ^= 0x20; /* another module's magic */
    ck_assert_msg(ops->deserialize(copy, len, &out) == CX_E_CORRUPT, "%s: magic", ops->name);
    static const uint8_t masks[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x5A, 0xFF };
    for (size_t i = 0; i < len; i++)
        for (size_t m = 0; m < sizeof masks; m++) {
            memcpy(copy, bytes, len);
            copy[i] ^= masks[m];
            out = (void *)copy;
            int st = ops->deserialize(copy, len, &out);
            ck_assert_msg(st == CX_E_CORRUPT && out == NULL,
                          "%s (%zu bytes) with byte %zu ^ 0x%02x: expected CX_E_CORRUPT, got %s",
                          ops->name, len, i, masks[m], cx_status_name(st));
        }
    free(copy);
}

/* Three cases: "a" crossed from phone to chat and was resolved at its second contact, "b" has
 * one contact without a channel or an outcome, "c" was resolved at its first contact. */
static CxContacts *
small_contacts(void)
{
    CxContacts *ct = NULL;
    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &ct), CX_OK);
    cx_contacts_add_segmented(ct, "a", 1, 1.0, "phone", 5, CX_RESOLVED_NO, "x", 1);
    cx_contacts_add_segmented(ct, "a", 1, 2.0, "chat", 4, CX_RESOLVED_YES, "y", 1);
    cx_contacts_add_segmented(ct, "b", 1, 5.0, "", 0, CX_RESOLVED_UNKNOWN, "x", 1);
    cx_contacts_add_segmented(ct, "c", 1, 3.0, "phone", 5, CX_RESOLVED_YES, "", 0);
    cx_contacts_add(ct, "", 0, 1.0, "phone", 5, CX_RESOLVED_YES);
    return ct;
}

/* Two predictors, five rows: two complete, one with x₂ missing, one with y rejected, one with a
 * negative weight. */
static CxDrivers *
small_drivers(void)
{
    CxDrivers *d = NULL;
    ck_assert_int_eq(cx_drivers_new(2, &d), CX_OK);
    static const double x[5][2] = { { 1, 2 }, { 2, NAN }, { 3, 1 }, { 2, 2 }, { 1, 1 } };
    static const double y[5] = { 3, 4, 5, INFINITY, 1 }, w[5] = { 1, 2, 1, 1, -1 };
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(cx_drivers_add(d, x[i], y[i], w[i]), CX_OK);
    return d;
}

/* The envelope's checksum is RFC 3720's CRC-32C: its test vectors (appendix B.4) and the usual
 * check value of "123456789". */
START_TEST(state_checksum_is_crc32c)
{
    uint8_t b[32];
    memset(b, 0, sizeof b);
    ck_assert_uint_eq(cx_state_crc32c(b, sizeof b), 0x8A9136AAu);
    memset(b, 0xff, sizeof b);
    ck_assert_uint_eq(cx_state_crc32c(b, sizeof b), 0x62A8AB43u);
    for (int i = 0; i < 32; i++)
        b[i] = (uint8_t)i;
    ck_assert_uint_eq(cx_state_crc32c(b, sizeof b), 0x46DD794Eu);
    ck_assert_uint_eq(cx_state_crc32c((const uint8_t *)"123456789", 9), 0xE3069283u);
    ck_assert_uint_eq(cx_state_crc32c(b, 0), 0u);
}
END_TEST

START_TEST(truncated_corrupted_or_newer_state_of_every_module)
{
    uint8_t *state;
    size_t state_len;
    CxNps *np = NULL;
    ck_assert_int_eq(cx_nps_new(&np), CX_OK);
    const double nv[] = { 10, 9, 0, 7, 11, NAN, 6.5, 3 }, nw[] = { 1, 2, 0.5, 1, 1, 1, 1, -1 };
    cx_nps_add_double(np, nv, nw, 8);
    ck_assert_int_eq(cx_nps_serialize(np, &state, &state_len), CX_OK);
    check_damage(&nps_state, state, state_len);
    cx_free(state);
    cx_nps_free(np);

    CxAlpha *al = NULL;
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &al), CX_OK);
    const double arows[] = { 1, 2, 3, 2, NAN, 4, 5, 4, 4, 3, 3, 1 };
    ck_assert_int_eq(cx_alpha_add_rows(al, arows, 4), CX_OK);
    ck_assert_int_eq(cx_alpha_serialize(al, &state, &state_len), CX_OK);
    check_damage(&alpha_state, state, state_len);
    cx_free(state);
    cx_alpha_free(al);

    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    const double l1[] = { 9, 8, 10 }, l2[] = { 3, NAN, 7 }, l3[] = { 10, 10, 2 };
    cx_loyalty_index_add(li, l1, 1.0);
    cx_loyalty_index_add(li, l2, 2.0);
    cx_loyalty_index_add(li, l3, 0.5);
    ck_assert_int_eq(cx_loyalty_index_serialize(li, &state, &state_len), CX_OK);
    check_damage(&loyalty_index_state, state, state_len);
    cx_free(state);
    cx_loyalty_index_free(li);

    CxRating *rt = NULL;
    cx_rating_new_preset(CX_RATING_CSAT, &rt);
    const double v[] = { 5, 4, 2, NAN, 6 }, w[] = { 1, 2, 0.5, 1, 1 };
    cx_rating_add_double(rt, v, w, 5);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_rating_serialize(rt, &bytes, &len), CX_OK);
    check_damage(&rating_state, bytes, len);
    cx_free(bytes);
    cx_rating_free(rt);

    CxServqual *sq = small_servqual();
    const double e[] = { 5, 6 }, p[] = { 4, 7 }, imp[] = { 100 };
    cx_servqual_add(sq, e, p, imp, NULL, NULL);
    cx_servqual_add(sq, p, e, NULL, NULL, NULL);
    ck_assert_int_eq(cx_servqual_serialize(sq, &bytes, &len), CX_OK);
    check_damage(&servqual_state, bytes, len);
    cx_free(bytes);
    cx_servqual_free(sq);

    CxRetention *rl = NULL;
    ck_assert_int_eq(cx_retention_new(&rl), CX_OK);
    cx_retention_add(rl, "b", 1, 3, 2.5);
    cx_retention_add(rl, "a\0z", 3, -1, NAN);
    cx_retention_add(rl, "a\0z", 3, 2, 0.1);
    cx_retention_add(rl, "", 0, 2, 1.0);
    ck_assert_int_eq(cx_retention_serialize(rl, &bytes, &len), CX_OK);
    check_damage(&retention_state, bytes, len);
    cx_free(bytes);
    cx_retention_free(rl);

    CxContacts *ct = small_contacts();
    ck_assert_int_eq(cx_contacts_serialize(ct, &bytes, &len), CX_OK);
    check_damage(&contacts_state, bytes, len);
    cx_free(bytes);
    cx_contacts_free(ct);

    CxDrivers *dr = small_drivers();
    ck_assert_int_eq(cx_drivers_serialize(dr, &bytes, &len), CX_OK);
    check_damage(&drivers_state, bytes, len);
    cx_free(bytes);
    /* Empty accumulators' states, too. */
    ck_assert_int_eq(cx_drivers_reset(dr), CX_OK);
    ck_assert_int_eq(cx_drivers_serialize(dr, &bytes, &len), CX_OK);
    check_damage(&drivers_state, bytes, len);
    cx_free(bytes);
    cx_drivers_free(dr);
    ct = small_contacts();
    ck_assert_int_eq(cx_contacts_reset(ct), CX_OK);
    ck_assert_int_eq(cx_contacts_serialize(ct, &bytes, &len), CX_OK);
    check_damage(&contacts_state, bytes, len);
    cx_free(bytes);
    cx_contacts_free(ct);
    ck_assert_int_eq(cx_retention_new(&rl), CX_OK);
    ck_assert_int_eq(cx_retention_serialize(rl, &bytes, &len), CX_OK);
    check_damage(&retention_state, bytes, len);
    cx_free(bytes);
    cx_retention_free(rl);
}
END_TEST

/* ---- states whose framing is sound but whose content is not ---------------------------------- */

/* A copy of the state @bytes (payload of GVariant type @type, little-endian) in which @count
 * elements of @size bytes of payload member @index, from element @at on, are @values. */
static uint8_t *
state_edit(const uint8_t *bytes, size_t len, const char *type, size_t index, size_t at,
           size_t count, size_t size, const void *values, size_t *out_len)
{
    uint8_t *copy = g_memdup2(bytes + 8, len - 12); /* the payload, without the checksum */
    GVariant *payload = g_variant_ref_sink(
        g_variant_new_from_data(G_VARIANT_TYPE(type), copy, len - 12, FALSE, g_free, copy));
    ck_assert_msg(g_variant_is_normal_form(payload), "not a state of type %s", type);
    size_t n = g_variant_n_children(payload);
    GVariant **children = g_new(GVariant *, n);
    for (size_t i = 0; i < n; i++)
        children[i] = g_variant_get_child_value(payload, i);
    GVariant *old = children[index];
    ck_assert_uint_le((at + count) * size, g_variant_get_size(old));
    uint8_t *data = g_memdup2(g_variant_get_data(old), g_variant_get_size(old));
    memcpy(data + at * size, values, count * size);
    children[index] = g_variant_new_from_data(g_variant_get_type(old), data,
                                              g_variant_get_size(old), FALSE, g_free, data);
    g_variant_unref(old);
    GVariant *edited = g_variant_ref_sink(g_variant_new_tuple(children, n));
    for (size_t i = 0; i < n; i++)
        if (i != index) /* the tuple took its own references; the new child was floating */
            g_variant_unref(children[i]);
    *out_len = 8 + g_variant_get_size(edited) + 4;
    uint8_t *out = g_malloc(*out_len);
    memcpy(out, bytes, 8);
    g_variant_store(edited, out + 8);
    cx_test_state_seal(out, *out_len);
    g_variant_unref(edited);
    g_free(children);
    g_variant_unref(payload);
    return out;
}

typedef struct {
    const char *what;
    size_t index, at, count, size;
    uint64_t values[9]; /* the bytes of up to 9 elements of 8 bytes, or of 1, 4 bytes … */
    int status;
} Edit;

static void
check_edits(const StateOps *ops, const char *type, const uint8_t *bytes, size_t len,
            const Edit *edits, size_t n)
{
    ck_assert(G_BYTE_ORDER == G_LITTLE_ENDIAN); /* states are little-endian, as edited here */
    for (size_t e = 0; e < n; e++) {
        size_t edited_len;
        uint8_t *edited = state_edit(bytes, len, type, edits[e].index, edits[e].at,
                                     edits[e].count, edits[e].size, edits[e].values, &edited_len);
        void *out = NULL;
        int st = ops->deserialize(edited, edited_len, &out);
        ck_assert_msg(st == edits[e].status, "%s, %s: %s", ops->name, edits[e].what,
                      cx_status_name(st));
        ck_assert_ptr_null(out);
        g_free(edited);
    }
}

/* Bits of a double, for an Edit. */
static uint64_t
bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return u;
}

START_TEST(inconsistent_contacts_state)
{
    /* small_contacts(): channels "", chat, phone; labels "", x, y; cases a, b, c. Payload
     * members: 0 order, 1–3 rejected, 4–6 channel names, lengths, contacts, 7–8 labels, 9–10
     * agents, 11–12 case ids, 13 counts (12 a case), 14 keys (5), 15 channels (6), 16 labels
     * (5), 17 flags (6), 18 agents of the cases, 19–23 the channels' waits (5 counts a channel,
     * sizes, values, answered, abandoned), 24–28 the labels' waits. */
    static const char type[] = "(itttayatatayatayatayatatadauauayauatatadatatatatadatat)";
    CxContacts *ct = small_contacts();
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_contacts_serialize(ct, &bytes, &len), CX_OK);
    const Edit edits[] = {
        { "order kind 2", 0, 0, 1, 4, { 2 }, CX_E_CORRUPT },
        { "case ids out of order", 11, 0, 1, 1, { 'b' }, CX_E_CORRUPT },
        { "channel names out of order", 4, 4, 1, 1, { 'a' }, CX_E_CORRUPT },
        { "a channel without a contact", 6, 0, 1, 8, { 0 }, CX_E_CORRUPT },
        { "channels' contacts not the cases'", 6, 1, 1, 8, { 2 }, CX_E_CORRUPT },
        { "channel contacts past 2^64", 6, 1, 2, 8, { 1, UINT64_MAX }, CX_E_OVERFLOW },
        { "case contacts past 2^64", 13, 0, 9, 8,
          { UINT64_MAX, UINT64_MAX - 1, 1, 0, 0, 0, 0, 0, UINT64_MAX }, CX_E_OVERFLOW },
        { "counts by flag not the contacts", 13, 0, 1, 8, { 3 }, CX_E_CORRUPT },
        { "a blank contact not counted", 13, 17, 1, 8, { 0 }, CX_E_CORRUPT },
        { "more blank contacts than contacts", 13, 17, 1, 8, { 2 }, CX_E_CORRUPT },
        { "first contact after the last", 14, 0, 1, 8, { bits(9.0) }, CX_E_CORRUPT },
        { "one contact, first and last differ", 14, 5, 1, 8, { bits(4.0) }, CX_E_CORRUPT },
        { "an order key of -0", 14, 10, 2, 8, { bits(-0.0), bits(-0.0) }, CX_E_CORRUPT },
        { "an order key NaN", 14, 1, 1, 8, { bits((double)NAN) }, CX_E_CORRUPT },
        { "a resolution in an unresolved case", 14, 7, 1, 8, { bits(5.0) }, CX_E_CORRUPT },
        { "a channel out of range", 15, 0, 1, 4, { 3 }, CX_E_CORRUPT },
        { "crossed, yet one channel seen", 15, 5, 1, 4, { 1 }, CX_E_CORRUPT },
        { "a channel, yet none seen", 15, 17, 1, 4, { UINT32_MAX }, CX_E_CORRUPT },
        { "the blank channel seen", 15, 17, 1, 4, { 0 }, CX_E_CORRUPT },
        { "a contact in a channel not seen", 15, 12, 1, 4, { 1 }, CX_E_CORRUPT },
        { "a label out of range", 16, 0, 1, 4, { 3 }, CX_E_CORRUPT },
        { "a flag out of range", 17, 0, 1, 1, { 3 }, CX_E_CORRUPT },
        { "crossing without two channels", 17, 17, 1, 1, { 1 }, CX_E_CORRUPT },
        { "not crossed, yet two channels", 17, 5, 1, 1, { 0 }, CX_E_CORRUPT },
        { "first resolution after the last contact", 17, 1, 1, 1, { 0 }, CX_E_CORRUPT },
        { "a yes where no contact was flagged yes", 17, 6, 1, 1, { 2 }, CX_E_CORRUPT },
        /* 0.2: excluded cases, self-service, hand-offs, waits. */
        { "unscored contacts beyond the rejected ones", 13, 6, 1, 8, { 1 }, CX_E_CORRUPT },
        { "self-service and assisted not the contacts", 13, 7, 1, 8, { 1 }, CX_E_CORRUPT },
        { "more transfers than contacts", 13, 9, 1, 8, { 3 }, CX_E_CORRUPT },
        { "more agents than contacts", 13, 11, 1, 8, { 3 }, CX_E_CORRUPT },
        { "the last assisted contact not the last", 14, 4, 1, 8, { bits(1.0) }, CX_E_CORRUPT },
        { "a first self-service contact without one", 14, 3, 1, 8, { bits(1.0) },
          CX_E_CORRUPT },
        { "a channel's waits not its contacts", 19, 0, 1, 8, { 2 }, CX_E_CORRUPT },
        { "the labels' waits not the contacts", 24, 0, 1, 8, { 5 }, CX_E_CORRUPT },
        { "waits past their column", 20, 0, 1, 8, { 1 }, CX_E_CORRUPT },
    };
    check_edits(&contacts_state, type, bytes, len, edits, G_N_ELEMENTS(edits));
    /* And the state itself is fine. */
    CxContacts *back = NULL;
    ck_assert_int_eq(cx_contacts_deserialize(bytes, len, &back), CX_OK);
    cx_contacts_free(back);
    /* A state of format 2 (before 0.2's waits), checksum and all, is not read. */
    uint8_t *old = g_memdup2(bytes, len);
    old[4] = 2;
    const uint32_t crc = cx_state_crc32c(old, len - 4);
    for (int i = 0; i < 4; i++)
        old[len - 4 + (size_t)i] = (uint8_t)(crc >> (8 * i));
    ck_assert_int_eq(cx_contacts_deserialize(old, len, &back), CX_E_VERSION);
    ck_assert_ptr_null(back);
    g_free(old);
    cx_free(bytes);
    cx_contacts_free(ct);
}
END_TEST

START_TEST(inconsistent_retention_state)
{
    /* Customers "a" (periods 1, 2) and "b" (period 2). Payload members: 0 events, 1 without
     * amount, 4–5 revenue, 6–7 ids and lengths, 8 periods per customer, 9 periods, 10 events,
     * 11 amounts (2 a period). */
    static const char type[] = "(ttttddayatataxatad)";
    CxRetention *rl = NULL;
    ck_assert_int_eq(cx_retention_new(&rl), CX_OK);
    cx_retention_add(rl, "a", 1, 1, 1.0);
    cx_retention_add(rl, "a", 1, 2, 2.0);
    cx_retention_add(rl, "b", 1, 2, NAN);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_retention_serialize(rl, &bytes, &len), CX_OK);
    const Edit edits[] = {
        { "events not the customers'", 0, 0, 1, 8, { 4 }, CX_E_CORRUPT },
        { "more events without an amount than events", 1, 0, 1, 8, { 4 }, CX_E_CORRUPT },
        { "revenue not finite", 4, 0, 1, 8, { bits((double)INFINITY) }, CX_E_CORRUPT },
        { "ids out of order", 6, 0, 2, 1, { 'b' | 'a' << 8 }, CX_E_CORRUPT },
        { "the same id twice", 6, 0, 2, 1, { 'a' | 'a' << 8 }, CX_E_CORRUPT },
        { "an empty id", 7, 0, 2, 8, { 0, 2 }, CX_E_CORRUPT },
        { "a customer without a period", 8, 0, 2, 8, { 0, 3 }, CX_E_CORRUPT },
        { "periods past the column", 8, 0, 1, 8, { 3 }, CX_E_CORRUPT },
        { "periods not increasing", 9, 0, 2, 8, { 2, 2 }, CX_E_CORRUPT },
        { "a period without an event", 10, 0, 1, 8, { 0 }, CX_E_CORRUPT },
        { "an amount not finite", 11, 1, 1, 8, { bits((double)NAN) }, CX_E_CORRUPT },
    };
    check_edits(&retention_state, type, bytes, len, edits, G_N_ELEMENTS(edits));
    cx_free(bytes);
    cx_retention_free(rl);
}
END_TEST

START_TEST(inconsistent_loyalty_state)
{
    /* Pairwise: (9, 8, 10) weight 1, (3, NaN, 7) weight 2, (10, 10, 2) weight 0.5: three
     * respondents, two complete (Σw 1.5, Σw² 1.25). Payload members: 0 mode, 1 respondents,
     * 2 complete, 3 excluded, 4 rejected weights, 5 counts, 6 weights, 7 missing, 8 rejected,
     * 9 and 10 the mean-score and net-score moments (Σw, Σw², mean, M2). */
    static const char type[] = "(ittttatadatat(dddd)(dddd))";
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    const double r1[] = { 9, 8, 10 }, r2[] = { 3, NAN, 7 }, r3[] = { 10, 10, 2 };
    cx_loyalty_index_add(li, r1, 1.0);
    cx_loyalty_index_add(li, r2, 2.0);
    cx_loyalty_index_add(li, r3, 0.5);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_loyalty_index_serialize(li, &bytes, &len), CX_OK);
    const Edit edits[] = {
        { "excluded respondents in pairwise mode", 3, 0, 1, 8, { 1 }, CX_E_CORRUPT },
        { "complete and rejected-weight respondents past the respondents", 4, 0, 1, 8, { 2 },
          CX_E_CORRUPT },
        { "an item's answers and missing ones past the respondents", 7, 0, 1, 8, { 1 },
          CX_E_CORRUPT },
        { "more complete respondents than an item's answers", 2, 0, 1, 8, { 3 }, CX_E_CORRUPT },
        { "the two score moments with other Σw²", 10, 1, 1, 8, { bits(1.2) }, CX_E_CORRUPT },
        { "a mean score above 100", 9, 2, 1, 8, { bits(150.0) }, CX_E_CORRUPT },
        { "a net score below -100", 10, 2, 1, 8, { bits(-101.0) }, CX_E_CORRUPT },
        { "M2 beyond what scores in 0-100 can spread", 9, 3, 1, 8, { bits(1e6) }, CX_E_CORRUPT },
        { "Σw² beyond (Σw)²", 9, 1, 1, 8, { bits(3.0) }, CX_E_CORRUPT },
    };
    check_edits(&loyalty_index_state, type, bytes, len, edits, G_N_ELEMENTS(edits));
    cx_free(bytes);
    cx_loyalty_index_free(li);
}
END_TEST

START_TEST(inconsistent_servqual_state)
{
    /* small_servqual() (pairwise), two respondents, one with an importance allocation. Payload
     * members: 3 counters (respondents, used, excluded, missing, N/A, out of scale, not
     * integer, not a number, allocations used and refused, inversions), 7 the weighted score's
     * moments (n, mean, M2). */
    static const char type[] = "((siibiasa(itbs))iiatata(tdd)a(tdd)(tdd)aay)";
    CxServqual *sq = small_servqual();
    const double e[] = { 5, 6 }, p[] = { 4, 7 }, imp[] = { 100 };
    cx_servqual_add(sq, e, p, imp, NULL, NULL);
    cx_servqual_add(sq, p, e, NULL, NULL, NULL);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_servqual_serialize(sq, &bytes, &len), CX_OK);
    const Edit edits[] = {
        { "excluded respondents in pairwise mode", 3, 2, 1, 8, { 1 }, CX_E_CORRUPT },
        { "used and excluded past the respondents", 3, 0, 1, 8, { 1 }, CX_E_CORRUPT },
        { "allocations used and refused past the respondents", 3, 9, 1, 8, { 2 },
          CX_E_CORRUPT },
        { "a weighted score from more respondents than allocations", 7, 0, 1, 8, { 2 },
          CX_E_CORRUPT },
    };
    check_edits(&servqual_state, type, bytes, len, edits, G_N_ELEMENTS(edits));
    cx_free(bytes);
    cx_servqual_free(sq);
}
END_TEST

START_TEST(inconsistent_drivers_state)
{
    /* small_drivers(). Payload members: 0 k, 1 rows, 4 complete rows, 5 valid cells, 8 rows of
     * each pair, 9 their moments (7 a pair), 10 Σw of the complete rows, 12 their means, 13
     * their co-moments, 14 table states, 15 cells per table, 16 cells (4 doubles each). Pairs:
     * (x1, x2), (x1, y), (x2, y); tables: x1 and x2 pairwise (3 and 2 cells), then listwise. */
    static const char type[] = "(tttttatatatatadddadadayatad)";
    CxDrivers *d = small_drivers();
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_drivers_serialize(d, &bytes, &len), CX_OK);
    const Edit edits[] = {
        { "no predictor", 0, 0, 1, 8, { 0 }, CX_E_CORRUPT },
        { "65 predictors", 0, 0, 1, 8, { 65 }, CX_E_CORRUPT },
        { "rows not the cells'", 1, 0, 1, 8, { 4 }, CX_E_CORRUPT },
        { "more complete rows than valid cells", 4, 0, 1, 8, { 4 }, CX_E_CORRUPT },
        { "a variable's cells not the rows'", 5, 0, 1, 8, { 5 }, CX_E_CORRUPT },
        { "a pair without the complete rows", 8, 1, 1, 8, { 1 }, CX_E_CORRUPT },
        { "a pair with more rows than cells", 8, 0, 1, 8, { 5 }, CX_E_CORRUPT },
        { "a negative weight sum", 9, 7, 1, 8, { bits(-1.0) }, CX_E_CORRUPT },
        { "Σw² that no weights have", 9, 8, 1, 8, { bits(100.0) }, CX_E_CORRUPT },
        { "a mean not finite", 9, 9, 1, 8, { bits((double)NAN) }, CX_E_CORRUPT },
        { "moments without weight", 10, 0, 1, 8, { bits(0.0) }, CX_E_CORRUPT },
        { "a co-moment not finite", 13, 0, 1, 8, { bits((double)INFINITY) }, CX_E_CORRUPT },
        { "a table state out of range", 14, 0, 1, 1, { 3 }, CX_E_CORRUPT },
        { "a dropped table with cells", 14, 0, 1, 1, { 1 }, CX_E_CORRUPT },
        { "a table past its cap", 15, 0, 1, 8, { 4097 }, CX_E_CORRUPT },
        { "cells not the tables'", 15, 0, 1, 8, { 2 }, CX_E_CORRUPT },
        { "the same cell twice", 16, 4, 2, 8, { bits(1.0), bits(3.0) }, CX_E_CORRUPT },
        { "a cell without weight", 16, 2, 2, 8, { bits(0.0), bits(0.0) }, CX_E_CORRUPT },
        { "a value of -0", 16, 0, 1, 8, { bits(-0.0) }, CX_E_CORRUPT },
        { "a value not finite", 16, 1, 1, 8, { bits((double)NAN) }, CX_E_CORRUPT },
    };
    check_edits(&drivers_state, type, bytes, len, edits, G_N_ELEMENTS(edits));
    cx_free(bytes);
    cx_drivers_free(d);
}
END_TEST

/* fuzz-deserialize-retention found it (UBSan): the span check of cx_retention_periods() and
 * cx_retention_cohorts() computed INT64_MAX − first in signed arithmetic, which overflows for
 * a negative first period. */
START_TEST(retention_periods_before_the_epoch)
{
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    ck_assert_int_eq(cx_retention_add(rt, "a", 1, -3, 10.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(rt, "a", 1, -2, 5.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(rt, "b", 1, -2, NAN), CX_OK);
    CxRetentionPeriod p[2] = { { .size = sizeof p[0] }, { .size = sizeof p[1] } };
    ck_assert_int_eq(cx_retention_periods(rt, -3, 2, 0.95, p), CX_OK);
    ck_assert_uint_eq(p[0].active, 1);
    ck_assert_uint_eq(p[1].active, 2);
    ck_assert_uint_eq(p[1].retained, 1);
    uint64_t sizes[2], active[4];
    ck_assert_int_eq(cx_retention_cohorts(rt, -3, 2, sizes, active), CX_OK);
    ck_assert_uint_eq(sizes[0], 1);
    ck_assert_uint_eq(sizes[1], 1);
    /* The far ends of the period range: spans that fit are accepted, the others refused. */
    ck_assert_int_eq(cx_retention_periods(rt, -(INT64_C(1) << 62), 2, 0.95, p), CX_OK);
    ck_assert_int_eq(cx_retention_periods(rt, INT64_MIN, 1, 0.95, p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(rt, INT64_MAX, 2, 0.95, p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(rt, INT64_MAX - 1, 2, 0.95, p), CX_OK);
    cx_retention_free(rt);
}
END_TEST

/* fuzz-deserialize-retention found it: customers were serialized in hash-table order, so a
 * round trip could reorder them and equal states gave different bytes. */
START_TEST(retention_state_is_canonical)
{
    static const char *const ids[] = { "zed", "amy", "bob", "c", "cc", "" , "b" };
    CxRetention *forward = NULL, *backward = NULL;
    ck_assert_int_eq(cx_retention_new(&forward), CX_OK);
    ck_assert_int_eq(cx_retention_new(&backward), CX_OK);
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        size_t j = G_N_ELEMENTS(ids) - 1 - i;
        cx_retention_add(forward, ids[i], strlen(ids[i]), (int64_t)i % 3, 1.0);
        cx_retention_add(backward, ids[j], strlen(ids[j]), (int64_t)j % 3, 1.0);
    }
    uint8_t *a, *b;
    size_t alen, blen;
    ck_assert_int_eq(cx_retention_serialize(forward, &a, &alen), CX_OK);
    ck_assert_int_eq(cx_retention_serialize(backward, &b, &blen), CX_OK);
    ck_assert(alen == blen && memcmp(a, b, alen) == 0);
    cx_free(a);
    cx_free(b);
    cx_retention_free(forward);
    cx_retention_free(backward);

    /* The fuzzer's state (tests/data/fuzz/retention-state-reordered.bin, written in the first
     * form of format 1, before the state became columns), rebuilt through the API with its
     * customers in the order the file held them: read, written, read and written again, the
     * bytes agree. */
    static const struct {
        const char *id;
        int64_t period;
        double amount;
    } events[] = { { "c2", 103, 40 }, { "c0", 100, 10 }, { "c0", 101, 15 }, { "c0", 103, 5 },
                   { "c7", 101, NAN }, { "c3", 100, 20 }, { "c3", 102, 25 },
                   { "", 100, 1 },     { "c3", 101, INFINITY } };
    CxRetention *r0 = NULL, *r1 = NULL, *r2 = NULL;
    ck_assert_int_eq(cx_retention_new(&r0), CX_OK);
    for (size_t i = 0; i < G_N_ELEMENTS(events); i++)
        ck_assert_int_eq(cx_retention_add(r0, events[i].id, strlen(events[i].id),
                                          events[i].period, events[i].amount),
                         CX_OK);
    uint8_t *state;
    size_t len;
    ck_assert_int_eq(cx_retention_serialize(r0, &state, &len), CX_OK);
    ck_assert_int_eq(cx_retention_deserialize(state, len, &r1), CX_OK);
    ck_assert_int_eq(cx_retention_serialize(r1, &a, &alen), CX_OK);
    ck_assert_int_eq(cx_retention_deserialize(a, alen, &r2), CX_OK);
    ck_assert_int_eq(cx_retention_serialize(r2, &b, &blen), CX_OK);
    ck_assert_msg(len == alen && alen == blen && memcmp(state, a, alen) == 0 &&
                      memcmp(a, b, alen) == 0,
                  "a round trip changed the bytes");
    cx_free(a);
    cx_free(b);
    cx_free(state);
    cx_retention_free(r0);
    cx_retention_free(r1);
    cx_retention_free(r2);
}
END_TEST

/* Every module's state starts with its own magic, so one module's state is never read as
 * another's (rating and retention both used "CXRT"). */
START_TEST(state_magics_name_their_module)
{
    uint8_t *bytes[8];
    size_t len[8];
    CxNps *nps = NULL;
    ck_assert_int_eq(cx_nps_new(&nps), CX_OK);
    CxAlpha *alpha = NULL;
    ck_assert_int_eq(cx_alpha_new(2, CX_MISSING_PAIRWISE, &alpha), CX_OK);
    CxRating *rating = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &rating), CX_OK);
    CxServqual *sq = small_servqual();
    CxLoyaltyIndex *li = NULL;
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &li), CX_OK);
    CxRetention *rt = NULL;
    ck_assert_int_eq(cx_retention_new(&rt), CX_OK);
    ck_assert_int_eq(cx_nps_serialize(nps, &bytes[0], &len[0]), CX_OK);
    ck_assert_int_eq(cx_alpha_serialize(alpha, &bytes[1], &len[1]), CX_OK);
    ck_assert_int_eq(cx_rating_serialize(rating, &bytes[2], &len[2]), CX_OK);
    ck_assert_int_eq(cx_servqual_serialize(sq, &bytes[3], &len[3]), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_serialize(li, &bytes[4], &len[4]), CX_OK);
    ck_assert_int_eq(cx_retention_serialize(rt, &bytes[5], &len[5]), CX_OK);
    CxDrivers *dr = small_drivers();
    CxContacts *ct = small_contacts();
    ck_assert_int_eq(cx_drivers_serialize(dr, &bytes[6], &len[6]), CX_OK);
    ck_assert_int_eq(cx_contacts_serialize(ct, &bytes[7], &len[7]), CX_OK);
    for (int i = 0; i < 8; i++)
        for (int j = i + 1; j < 8; j++)
            ck_assert_msg(memcmp(bytes[i], bytes[j], 4) != 0, "states %d and %d share the magic %.4s",
                          i, j, (const char *)bytes[i]);
    /* A rating state is not a retention log, and the other way round. */
    CxRetention *as_rt = NULL;
    CxRating *as_rating = NULL;
    ck_assert_int_eq(cx_retention_deserialize(bytes[2], len[2], &as_rt), CX_E_CORRUPT);
    ck_assert_int_eq(cx_rating_deserialize(bytes[5], len[5], &as_rating), CX_E_CORRUPT);
    /* Nor is a drivers state a contact log. */
    CxContacts *as_ct = NULL;
    ck_assert_int_eq(cx_contacts_deserialize(bytes[6], len[6], &as_ct), CX_E_CORRUPT);
    for (int i = 0; i < 8; i++)
        cx_free(bytes[i]);
    cx_drivers_free(dr);
    cx_contacts_free(ct);
    cx_nps_free(nps);
    cx_alpha_free(alpha);
    cx_rating_free(rating);
    cx_servqual_free(sq);
    cx_loyalty_index_free(li);
    cx_retention_free(rt);
}
END_TEST

/* valgrind found it: the rating state's type had one double where two were written, so the
 * compensation of Σw² was dropped and deserialize read an uninitialised variable. Weights 1e8, 1
 * and 1 give Σw² = 1e16 + 2, which only the compensation holds (1e16 + 1 rounds to 1e16). */
START_TEST(rating_state_keeps_every_sum)
{
    CxRating *rt = NULL;
    ck_assert_int_eq(cx_rating_new(1, 5, 4, 5, 5, &rt), CX_OK);
    cx_rating_add(rt, 5, 1e8);
    cx_rating_add(rt, 4, 1.0);
    cx_rating_add(rt, 1, 1.0);
    CxRatingResult before = { .size = sizeof before }, after = { .size = sizeof after };
    ck_assert_int_eq(cx_rating_result(rt, 0.95, &before), CX_OK);
    cx_assert_close(before.n_eff, (1e8 + 2) * (1e8 + 2) / (1e16 + 2), 1e-7);
    uint8_t *bytes;
    size_t len;
    ck_assert_int_eq(cx_rating_serialize(rt, &bytes, &len), CX_OK);
    CxRating *back = NULL;
    ck_assert_int_eq(cx_rating_deserialize(bytes, len, &back), CX_OK);
    ck_assert_int_eq(cx_rating_result(back, 0.95, &after), CX_OK);
    ck_assert_msg(memcmp(&before, &after, sizeof before) == 0,
                  "n_eff %.17g before, %.17g after the round trip", before.n_eff, after.n_eff);
    cx_free(bytes);
    cx_rating_free(back);
    cx_rating_free(rt);
}
END_TEST

static Suite *
bad_input_suite(void)
{
    Suite *s = suite_create("bad-input");
    TCase *api = tcase_create("api");
    tcase_add_test(api, every_exported_function_takes_null_and_zero_lengths);
    tcase_add_test(api, fuzz_findings_stay_fixed);
    tcase_add_test(api, huge_and_tiny_weights_are_an_overflow_not_nan);
    tcase_add_test(api, underflowing_weight_squares_are_an_overflow_not_n_eff_beyond_n);
    tcase_add_test(api, counts_beyond_2_to_the_32);
    tcase_add_test(api, rating_state_keeps_every_sum);
    tcase_add_test(api, retention_periods_before_the_epoch);
    tcase_add_test(api, retention_state_is_canonical);
    tcase_add_test(api, state_magics_name_their_module);
    suite_add_tcase(s, api);
    /* Every byte of several states, four ways: seconds under ASan on a loaded machine. */
    TCase *state = tcase_create("state");
    tcase_set_timeout(state, 60);
    tcase_add_test(state, state_checksum_is_crc32c);
    tcase_add_test(state, truncated_corrupted_or_newer_state_of_every_module);
    tcase_add_test(state, inconsistent_contacts_state);
    tcase_add_test(state, inconsistent_retention_state);
    tcase_add_test(state, inconsistent_loyalty_state);
    tcase_add_test(state, inconsistent_servqual_state);
    tcase_add_test(state, inconsistent_drivers_state);
    suite_add_tcase(s, state);
    TCase *big = tcase_create("big");
    tcase_set_timeout(big, 300); /* 100 MB through the reader; slow under valgrind */
    tcase_add_test(big, a_100_megabyte_line_is_one_reported_record);
    suite_add_tcase(s, big);
    return s;
}

int
main(void)
{
    return cx_test_run(bad_input_suite());
}
