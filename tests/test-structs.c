/* SPDX-License-Identifier: MIT */
/*
 * Result structs that grow (core/struct-private.h): every public function that fills a result
 * struct is called
 * - with the struct's first released (0.1) size inside a larger buffer of canary bytes: it must
 *   succeed, fill what a full struct gets, and leave every byte past that size untouched;
 * - with a larger, "future" size (a caller built against newer headers): it must succeed, fill
 *   the struct it knows and leave the bytes after it as the caller set them;
 * - with one byte less than the 0.1 size: CX_E_STRUCT_SIZE, and nothing written.
 * Every function that reads a caller's struct (the compare functions) is given one whose size
 * stops short of the last field it reads (CX_E_STRUCT_SIZE), and one of the 0.1 size.
 * The 0.1 sizes come from the library's frozen tables (lib/{stats,score}/abi-private.h), and are
 * checked here against the byte counts they had when 0.1 was frozen (LP64), so that an edited
 * table cannot go unnoticed. tests/check-headers.py checks that every function of the headers
 * that takes a result struct has a row below.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/struct-private.h"
#include "score/abi-private.h"
#include "stats/abi-private.h"
#include "test-common.h"

#define CANARY 0xA5
#define FUTURE 64 /* bytes a future version might add */

/* ---- fixtures: one small accumulator of each kind, with data ------------------------------- */

typedef struct {
    CxNps *nps;
    CxRating *rating;
    CxLoyaltyIndex *loyalty;
    CxAlpha *alpha;
    CxServqual *servqual;
    CxDrivers *drivers;
    CxContacts *contacts;
    CxRetention *retention;
    CxFollowup *followup;
    CxDesign *design;
    CxAudit *audit;
} Fixtures;

static Fixtures f;

static void
fixtures_make(void)
{
    static const int scores[] = { 10, 9, 8, 7, 6, 0, 10, 3 };
    ck_assert_int_eq(cx_nps_new(&f.nps), CX_OK);
    ck_assert_int_eq(cx_nps_add_int(f.nps, scores, NULL, 8), CX_OK);

    static const double csat[] = { 5, 4, 4, 3, 5, 2, 1, 4 };
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &f.rating), CX_OK);
    ck_assert_int_eq(cx_rating_add_double(f.rating, csat, NULL, 8), CX_OK);

    static const double loyalty[][3] = { { 9, 8, 7 }, { 10, 10, 9 }, { 3, 5, 6 }, { 7, 7, 8 } };
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &f.loyalty), CX_OK);
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(cx_loyalty_index_add(f.loyalty, loyalty[i], 1.0), CX_OK);

    static const double rows[] = { 1, 2, 2, 2, 3, 3, 4, 4, 5, 3, 3, 4, 5, 4, 4 };
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &f.alpha), CX_OK);
    ck_assert_int_eq(cx_alpha_add_rows(f.alpha, rows, 5), CX_OK);

    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &in), CX_OK);
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &f.servqual), CX_OK);
    cx_instrument_free(in);
    double e[3 * 22], p[3 * 22];
    for (size_t i = 0; i < 3 * 22; i++) {
        e[i] = (double)(1 + (i * 7) % 7);
        p[i] = (double)(1 + (i * 5) % 7);
    }
    ck_assert_int_eq(cx_servqual_add_rows(f.servqual, 3, e, p, NULL, NULL, NULL), CX_OK);

    static const double x[] = { 1, 2, 2, 3, 3, 1, 4, 5, 5, 4, 2, 2 };
    static const double y[] = { 2, 3, 5, 9, 8, 6 };
    ck_assert_int_eq(cx_drivers_new(2, &f.drivers), CX_OK);
    ck_assert_int_eq(cx_drivers_add_rows(f.drivers, x, y, NULL, 6), CX_OK);

    ck_assert_int_eq(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &f.contacts), CX_OK);
    ck_assert_int_eq(cx_contacts_add(f.contacts, "a", 1, 0.0, "phone", 5, CX_RESOLVED_NO), CX_OK);
    ck_assert_int_eq(cx_contacts_add(f.contacts, "a", 1, 60.0, "web", 3, CX_RESOLVED_YES), CX_OK);
    ck_assert_int_eq(cx_contacts_add_contact(f.contacts, "c", 1, 7.0, "phone", 5, CX_RESOLVED_YES,
                                             NULL, 0, "ann", 3, 0, CX_RESOLVED_NO, 12.0,
                                             CX_RESOLVED_NO),
                     CX_OK);
    ck_assert_int_eq(cx_contacts_add(f.contacts, "b", 1, 5.0, "phone", 5, CX_RESOLVED_YES),
                     CX_OK);

    ck_assert_int_eq(cx_retention_new(&f.retention), CX_OK);
    ck_assert_int_eq(cx_retention_add(f.retention, "c1", 2, 10, 5.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(f.retention, "c1", 2, 11, 7.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(f.retention, "c2", 2, 10, 3.0), CX_OK);

    ck_assert_int_eq(cx_followup_new(1e6, &f.followup), CX_OK);
    CxFollowupAlert alert = { .size = sizeof alert, .alerted_at = 10.0, .first_contact_at = 70.0,
                              .closed_at = NAN, .score_before = 3, .score_after = 8 };
    ck_assert_int_eq(cx_followup_add(f.followup, "r1", 2, "ana", 3, &alert, NULL), CX_OK);
    ck_assert_int_eq(cx_design_new(1, 0, &f.design), CX_OK);
    for (int i = 0; i < 8; i++) {
        double code = scores[i] >= 9 ? 100.0 : scores[i] >= 7 ? 0.0 : -100.0;
        ck_assert_int_eq(cx_design_add(f.design, NULL, 0, NULL, 0, 1.0 + i % 3, &code), CX_OK);
    }

    static const char checklist[] = "[checklist]\npass_mark = 50\ncritical = visit\n"
                                    "[sections]\na = A\n"
                                    "[item Q1]\nsection = a\npoints = 1\ntype = yesno\n"
                                    "[item Q2]\nsection = a\npoints = 2\ntype = rating\n"
                                    "scale = 1-5\npass = 4\nscoring = proportional\n";
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_int_eq(cx_checklist_load_data(c, checklist, strlen(checklist)), CX_OK);
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, &f.audit), CX_OK);
    cx_checklist_free(c);
    const char *cols[] = { "location", "shopper", "Q1", "Q2" };
    ck_assert_int_eq(cx_audit_set_columns(f.audit, cols, 4, 1), CX_OK);
    static const char *const visits[][4] = {
        { "L1", "s1", "yes", "5" }, { "L1", "s1", "no", "3" }, { "L1", "s2", "yes", "2" },
        { "L1", "s2", "yes", "4" }, { "L2", "s1", "no", "1" }, { "L2", "s2", "yes", "5" },
    };
    for (size_t i = 0; i < 6; i++)
        ck_assert_int_eq(cx_audit_add_row(f.audit, visits[i], NULL, 4, 2 + i), CX_OK);
}

static void
fixtures_free(void)
{
    cx_nps_free(f.nps);
    cx_rating_free(f.rating);
    cx_loyalty_index_free(f.loyalty);
    cx_alpha_free(f.alpha);
    cx_servqual_free(f.servqual);
    cx_drivers_free(f.drivers);
    cx_contacts_free(f.contacts);
    cx_retention_free(f.retention);
    cx_followup_free(f.followup);
    cx_design_free(f.design);
    cx_audit_free(f.audit);
    memset(&f, 0, sizeof f);
}

/* Results the compare functions read, computed once per test. */
static CxNpsResult
nps_result(void)
{
    CxNpsResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_nps_result(f.nps, &r), CX_OK);
    return r;
}

static CxRatingResult
rating_result(void)
{
    CxRatingResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_rating_result(f.rating, 0.95, &r), CX_OK);
    return r;
}

static CxLoyaltyIndexResult
loyalty_result(void)
{
    CxLoyaltyIndexResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_loyalty_index_result(f.loyalty, 0.95, &r), CX_OK);
    return r;
}

/* ---- the functions that fill a result struct ------------------------------------------------ */

static int
fill_nps_result(void *out)
{
    return cx_nps_result(f.nps, out);
}
static int
fill_nps_compare(void *out)
{
    CxNpsResult a = nps_result();
    return cx_nps_compare(&a, &a, 0.95, out);
}
static int
fill_rating_result(void *out)
{
    return cx_rating_result(f.rating, 0.95, out);
}
static int
fill_rating_compare(void *out)
{
    CxRatingResult a = rating_result();
    return cx_rating_compare(&a, &a, 0.95, out);
}
static int
fill_mean_compare(void *out)
{
    return cx_mean_compare(3.5, 0.25, 40.0, 3.1, 0.3, 35.0, 0.95, out);
}
static int
fill_proportion_compare(void *out)
{
    return cx_proportion_compare(30.0, 40.0, 20.0, 35.0, 0.95, out);
}
static int
fill_chi_square(void *out)
{
    static const uint64_t table[] = { 10, 20, 30, 20, 20, 20 };
    return cx_chi_square_independence(table, 2, 3, out);
}
static const double anova_n[] = { 10, 12, 9 }, anova_mean[] = { 3.1, 3.6, 2.9 },
                    anova_var[] = { 1.1, 0.8, 1.4 };
static int
fill_anova_classic(void *out)
{
    return cx_anova_oneway(anova_n, anova_mean, anova_var, 3, out, NULL);
}
static int
fill_anova_welch(void *out)
{
    return cx_anova_oneway(anova_n, anova_mean, anova_var, 3, NULL, out);
}
static int
fill_loyalty_result(void *out)
{
    return cx_loyalty_index_result(f.loyalty, 0.95, out);
}
static int
fill_loyalty_compare(void *out)
{
    CxLoyaltyIndexResult a = loyalty_result();
    return cx_loyalty_index_compare(&a, &a, 0.95, out);
}
static int
fill_alpha_result(void *out)
{
    return cx_alpha_result(f.alpha, 0.95, out);
}
static int
fill_alpha_item(void *out)
{
    return cx_alpha_item(f.alpha, 1, out);
}
static int
fill_servqual_result(void *out)
{
    return cx_servqual_result(f.servqual, out);
}
static int
fill_servqual_dimension(void *out)
{
    return cx_servqual_dimension(f.servqual, 1, 0.95, out);
}
static int
fill_servqual_item(void *out)
{
    return cx_servqual_item(f.servqual, 3, 0.95, out);
}
static int
fill_servqual_reliability(void *out)
{
    return cx_servqual_reliability(f.servqual, 1, CX_SERVQUAL_GAP, 0.95, out);
}
static int
fill_drivers_result(void *out)
{
    return cx_drivers_result(f.drivers, CX_MISSING_LISTWISE, 0.95, out);
}
static int
fill_drivers_predictor(void *out)
{
    return cx_drivers_predictor(f.drivers, 1, CX_MISSING_LISTWISE, 0.95, out);
}
static int
fill_contacts_result(void *out)
{
    return cx_contacts_result(f.contacts, 0.95, out);
}
static int
fill_contacts_channel(void *out)
{
    return cx_contacts_channel(f.contacts, 0, 0.95, out);
}
static int
fill_contacts_segment(void *out)
{
    return cx_contacts_segment(f.contacts, 0, 0.95, out);
}
static int
fill_contacts_waits(void *out)
{
    return cx_contacts_waits(f.contacts, CX_CONTACTS_ALL, 0, 20.0, 5.0, 0.95, out);
}
static int
fill_retention_result(void *out)
{
    return cx_retention_result(f.retention, 0.95, out);
}
static int
fill_retention_periods(void *out)
{
    return cx_retention_periods(f.retention, 11, 1, 0.95, out);
}
static int
fill_design_mean(void *out)
{
    return cx_design_mean(f.design, 0, out);
}
static int
fill_design_mean_domain(void *out)
{
    return cx_design_mean_domain(f.design, f.design, 0, out);
}
static int
fill_retention_customer(void *out)
{
    return cx_retention_customer(f.retention, "c1", 2, 11, out);
}

static int
fill_audit_result(void *out)
{
    return cx_audit_result(f.audit, 0.95, out);
}
static int
fill_audit_section(void *out)
{
    return cx_audit_section_result(f.audit, 0, 0.95, out);
}
static int
fill_audit_item(void *out)
{
    return cx_audit_item_result(f.audit, 1, 0.95, out);
}
static int
fill_audit_segment_item(void *out)
{
    return cx_audit_segment_item_result(f.audit, CX_AUDIT_BY_LOCATION, 0, 1, 0.95, out);
}
static int
fill_audit_segment(void *out)
{
    return cx_audit_segment_result(f.audit, CX_AUDIT_BY_LOCATION, 0, 0.95, out);
}
static int
fill_audit_compare_mean(void *out)
{
    return cx_audit_segment_compare(f.audit, CX_AUDIT_BY_SHOPPER, 0, 1, 0.95, out, NULL);
}
static int
fill_audit_compare_pass(void *out)
{
    return cx_audit_segment_compare(f.audit, CX_AUDIT_BY_SHOPPER, 0, 1, 0.95, NULL, out);
}
static int
fill_audit_target(void *out)
{
    return cx_audit_compare_target(f.audit, -1, 0, 60.0, 0.95, out);
}
static int
fill_audit_shopper(void *out)
{
    return cx_audit_shopper_result(f.audit, 0, 0.95, out);
}
static int
fill_audit_shopper_test(void *out)
{
    return cx_audit_shopper_test(f.audit, out);
}
static int
fill_audit_location_anova(void *out)
{
    return cx_audit_location_anova(f.audit, 0, out, NULL);
}
static int
fill_audit_location_welch(void *out)
{
    return cx_audit_location_anova(f.audit, 0, NULL, out);
}

typedef struct {
    const char *function;
    const char *type;
    size_t frozen;      /* the library's first released size */
    size_t size_0_1_lp64; /* that size in bytes, as frozen in 0.1 (LP64) */
    size_t full;        /* sizeof the struct as declared today */
    int (*fill)(void *out);
} Row;

static int
fill_followup_result(void *out)
{
    return cx_followup_result(f.followup, NULL, 0, 86400.0, 0.95, out);
}

#define ROW(fn, T, frozen, bytes, fill) { #fn, #T, frozen, bytes, sizeof(T), fill }

static const Row rows[] = {
    ROW(cx_nps_result, CxNpsResult, CX_ABI_NPS_RESULT, 272, fill_nps_result),
    ROW(cx_nps_compare, CxNpsComparison, CX_ABI_NPS_COMPARISON, 64, fill_nps_compare),
    ROW(cx_rating_result, CxRatingResult, CX_ABI_RATING_RESULT, 208, fill_rating_result),
    ROW(cx_rating_compare, CxRatingComparison, CX_ABI_RATING_COMPARISON, 112,
        fill_rating_compare),
    ROW(cx_mean_compare, CxMeanComparison, CX_ABI_MEAN_COMPARISON, 72, fill_mean_compare),
    ROW(cx_proportion_compare, CxProportionComparison, CX_ABI_PROPORTION_COMPARISON, 56,
        fill_proportion_compare),
    ROW(cx_chi_square_independence, CxTestResult, CX_ABI_TEST_RESULT, 48, fill_chi_square),
    ROW(cx_anova_oneway, CxTestResult, CX_ABI_TEST_RESULT, 48, fill_anova_classic),
    ROW(cx_anova_oneway, CxTestResult, CX_ABI_TEST_RESULT, 48, fill_anova_welch),
    ROW(cx_loyalty_index_result, CxLoyaltyIndexResult, CX_ABI_LOYALTY_INDEX_RESULT, 248,
        fill_loyalty_result),
    ROW(cx_loyalty_index_compare, CxLoyaltyIndexComparison, CX_ABI_LOYALTY_INDEX_COMPARISON,
        128, fill_loyalty_compare),
    ROW(cx_alpha_result, CxAlphaResult, CX_ABI_ALPHA_RESULT, 144, fill_alpha_result),
    ROW(cx_alpha_item, CxAlphaItem, CX_ABI_ALPHA_ITEM, 80, fill_alpha_item),
    ROW(cx_servqual_result, CxServqualResult, CX_ABI_SERVQUAL_RESULT, 168, fill_servqual_result),
    ROW(cx_servqual_dimension, CxServqualDimension, CX_ABI_SERVQUAL_DIMENSION, 176,
        fill_servqual_dimension),
    ROW(cx_servqual_item, CxServqualItem, CX_ABI_SERVQUAL_ITEM, 248, fill_servqual_item),
    ROW(cx_servqual_reliability, CxAlphaResult, CX_ABI_ALPHA_RESULT, 144,
        fill_servqual_reliability),
    ROW(cx_drivers_result, CxDriversResult, CX_ABI_DRIVERS_RESULT, 160, fill_drivers_result),
    ROW(cx_drivers_predictor, CxDriver, CX_ABI_DRIVER, 136, fill_drivers_predictor),
    ROW(cx_contacts_result, CxContactsResult, CX_ABI_CONTACTS_RESULT, 352, fill_contacts_result),
    ROW(cx_contacts_channel, CxContactsChannelResult, CX_ABI_CONTACTS_CHANNEL_RESULT, 96,
        fill_contacts_channel),
    ROW(cx_contacts_segment, CxContactsResult, CX_ABI_CONTACTS_RESULT, 352,
        fill_contacts_segment),
    ROW(cx_retention_result, CxRetentionResult, CX_ABI_RETENTION_RESULT, 160,
        fill_retention_result),
    ROW(cx_retention_periods, CxRetentionPeriod, CX_ABI_RETENTION_PERIOD, 120,
        fill_retention_periods),
    ROW(cx_retention_customer, CxRetentionCustomer, CX_ABI_RETENTION_CUSTOMER, 64,
        fill_retention_customer),
    ROW(cx_followup_result, CxFollowupResult, CX_ABI_FOLLOWUP_RESULT, 248, fill_followup_result),
    /* 0.2: the first released size is the size in 0.2. */
    ROW(cx_design_mean, CxDesignMean, CX_ABI_DESIGN_MEAN, 96, fill_design_mean),
    ROW(cx_design_mean_domain, CxDesignMean, CX_ABI_DESIGN_MEAN, 96, fill_design_mean_domain),
    ROW(cx_audit_result, CxAuditResult, CX_ABI_AUDIT_RESULT, 208, fill_audit_result),
    ROW(cx_audit_section_result, CxAuditSection, CX_ABI_AUDIT_SECTION, 88, fill_audit_section),
    ROW(cx_audit_item_result, CxAuditItem, CX_ABI_AUDIT_ITEM, 128, fill_audit_item),
    ROW(cx_audit_segment_item_result, CxAuditItem, CX_ABI_AUDIT_ITEM, 128,
        fill_audit_segment_item),
    ROW(cx_audit_segment_result, CxAuditSegment, CX_ABI_AUDIT_SEGMENT, 104, fill_audit_segment),
    ROW(cx_audit_segment_compare, CxMeanComparison, CX_ABI_MEAN_COMPARISON, 72,
        fill_audit_compare_mean),
    ROW(cx_audit_segment_compare, CxProportionComparison, CX_ABI_PROPORTION_COMPARISON, 56,
        fill_audit_compare_pass),
    ROW(cx_audit_compare_target, CxMeanComparison, CX_ABI_MEAN_COMPARISON, 72,
        fill_audit_target),
    ROW(cx_audit_shopper_result, CxAuditShopper, CX_ABI_AUDIT_SHOPPER, 72, fill_audit_shopper),
    ROW(cx_contacts_waits, CxContactsWaits, CX_ABI_CONTACTS_WAITS, 216, fill_contacts_waits),
    ROW(cx_audit_shopper_test, CxTestResult, CX_ABI_TEST_RESULT, 48, fill_audit_shopper_test),
    ROW(cx_audit_location_anova, CxTestResult, CX_ABI_TEST_RESULT, 48,
        fill_audit_location_anova),
    ROW(cx_audit_location_anova, CxTestResult, CX_ABI_TEST_RESULT, 48,
        fill_audit_location_welch),
};

/* A buffer of @len canary bytes whose size field says @size. */
static unsigned char *
canary_buffer(size_t len, size_t size)
{
    unsigned char *b = malloc(len);
    ck_assert_ptr_nonnull(b);
    memset(b, CANARY, len);
    memcpy(b, &size, sizeof size);
    return b;
}

static size_t
first_changed(const unsigned char *b, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (b[i] != CANARY)
            return i;
    return to;
}

START_TEST(frozen_sizes_are_the_0_1_sizes)
{
    const Row *r = &rows[_i];
    /* The layout is explicit: the frozen size is the end of the last 0.1 field, a multiple of
     * 8, and today's struct is at least that large (it equals it until a field is added). */
    ck_assert_msg(r->frozen % 8 == 0, "%s: frozen size %zu is not a multiple of 8", r->type,
                  r->frozen);
    ck_assert_msg(r->full >= r->frozen, "%s: sizeof %zu below the frozen %zu", r->type, r->full,
                  r->frozen);
#if SIZE_MAX == UINT64_MAX
    ck_assert_msg(r->frozen == r->size_0_1_lp64,
                  "%s: the frozen 0.1 size is %zu bytes, but abi-private.h now says %zu", r->type,
                  r->size_0_1_lp64, r->frozen);
#endif
}
END_TEST

START_TEST(result_fills_the_frozen_size_and_nothing_past_it)
{
    const Row *r = &rows[_i];
    fixtures_make();
    /* What a struct of today's size receives. */
    unsigned char *ref = canary_buffer(r->full, r->full);
    int status = r->fill(ref);
    ck_assert_msg(status == CX_OK, "%s: expected CX_OK, got %s", r->function,
                  cx_status_name(status));

    unsigned char *b = canary_buffer(r->frozen + FUTURE, r->frozen);
    status = r->fill(b);
    ck_assert_msg(status == CX_OK, "%s with the 0.1 size %zu: expected CX_OK, got %s",
                  r->function, r->frozen, cx_status_name(status));
    size_t at = first_changed(b, r->frozen, r->frozen + FUTURE);
    ck_assert_msg(at == r->frozen + FUTURE,
                  "%s wrote byte %zu past the caller's size %zu (%s)", r->function,
                  at - r->frozen, r->frozen, r->type);
    /* Past the size field, which each caller set to its own size. */
    ck_assert_msg(memcmp(b + sizeof(size_t), ref + sizeof(size_t),
                         r->frozen - sizeof(size_t)) == 0,
                  "%s with the 0.1 size filled other bytes than a full struct gets", r->function);
    size_t size;
    memcpy(&size, b, sizeof size);
    ck_assert_uint_eq(size, r->frozen); /* the caller's size is left as it was */
    free(b);
    free(ref);
    fixtures_free();
}
END_TEST

START_TEST(result_leaves_a_future_tail_alone)
{
    const Row *r = &rows[_i];
    fixtures_make();
    unsigned char *ref = canary_buffer(r->full, r->full);
    ck_assert_int_eq(r->fill(ref), CX_OK);
    const size_t future = r->full + FUTURE;
    unsigned char *b = canary_buffer(future + FUTURE, future);
    int status = r->fill(b);
    ck_assert_msg(status == CX_OK, "%s with a future size %zu: expected CX_OK, got %s",
                  r->function, future, cx_status_name(status));
    ck_assert_msg(memcmp(b + sizeof(size_t), ref + sizeof(size_t), r->full - sizeof(size_t)) ==
                      0,
                  "%s with a future size filled other bytes than a full struct gets",
                  r->function);
    size_t at = first_changed(b, r->full, future + FUTURE);
    ck_assert_msg(at == future + FUTURE,
                  "%s wrote byte %zu of the fields it does not know (%s is %zu bytes)",
                  r->function, at, r->type, r->full);
    free(b);
    free(ref);
    fixtures_free();
}
END_TEST

START_TEST(result_refuses_a_size_below_0_1)
{
    const Row *r = &rows[_i];
    fixtures_make();
    const size_t small = r->frozen - 1;
    unsigned char *b = canary_buffer(r->frozen + FUTURE, small);
    int status = r->fill(b);
    ck_assert_msg(status == CX_E_STRUCT_SIZE, "%s with size %zu: expected CX_E_STRUCT_SIZE, got %s",
                  r->function, small, cx_status_name(status));
    ck_assert_msg(first_changed(b, sizeof(size_t), r->frozen + FUTURE) == r->frozen + FUTURE,
                  "%s refused the struct but wrote into it", r->function);
    free(b);
    fixtures_free();
}
END_TEST

/* ---- the mechanism, on a struct that really grew -------------------------------------------- */

/* Version 1 of a result struct, and version 2 with two fields appended. At 0.1 every public
 * struct still has its first size, so only such a pair shows what a later release will do. */
typedef struct {
    size_t size;
    uint64_t n;
    double mean;
} V1;

typedef struct {
    size_t size;
    uint64_t n;
    double mean;
    double sd;   /* added in "version 2" */
    int32_t mode;
    int32_t reserved;
} V2;

#define V1_FROZEN CX_STRUCT_END(V1, mean)

START_TEST(a_grown_struct_reaches_old_and_new_callers)
{
    const V2 lib = { sizeof(V2), 7, 2.5, 0.5, 3, 0 }; /* what a version-2 library computes */

    /* A version-1 caller: n and mean, and not one byte more. */
    unsigned char *b = canary_buffer(sizeof(V1) + FUTURE, sizeof(V1));
    ck_assert_int_eq(cx_struct_out(b, &lib, sizeof lib, V1_FROZEN), CX_OK);
    V1 old;
    memcpy(&old, b, sizeof old);
    ck_assert_uint_eq(old.size, sizeof(V1));
    ck_assert_uint_eq(old.n, 7);
    cx_assert_close(old.mean, 2.5, 0.0);
    ck_assert_msg(first_changed(b, sizeof(V1), sizeof(V1) + FUTURE) == sizeof(V1) + FUTURE,
                  "a version-1 caller's struct was written past its %zu bytes", sizeof(V1));
    free(b);

    /* A version-3 caller on this version-2 library: the known fields, the rest left alone. */
    const size_t v3 = sizeof(V2) + 16;
    b = canary_buffer(v3 + FUTURE, v3);
    ck_assert_int_eq(cx_struct_out(b, &lib, sizeof lib, V1_FROZEN), CX_OK);
    V2 got;
    memcpy(&got, b, sizeof got);
    ck_assert_uint_eq(got.size, v3);
    cx_assert_close(got.sd, 0.5, 0.0);
    ck_assert_int_eq(got.mode, 3);
    ck_assert(first_changed(b, sizeof(V2), v3 + FUTURE) == v3 + FUTURE);
    free(b);

    /* Smaller than any version: refused, nothing written. */
    b = canary_buffer(sizeof(V2), V1_FROZEN - 1);
    ck_assert_int_eq(cx_struct_out(b, &lib, sizeof lib, V1_FROZEN), CX_E_STRUCT_SIZE);
    ck_assert(first_changed(b, sizeof(size_t), sizeof(V2)) == sizeof(V2));
    free(b);

    /* Reading: a function that needs sd cannot read it from a version-1 struct. */
    V1 in1 = { sizeof in1, 1, 1.0 };
    V2 in2 = lib;
    ck_assert(cx_struct_holds(&in1, CX_STRUCT_END(V1, mean)));
    ck_assert(!cx_struct_holds(&in1, CX_STRUCT_END(V2, sd)));
    ck_assert(cx_struct_holds(&in2, CX_STRUCT_END(V2, sd)));
}
END_TEST

/* ---- an array of results walked with the caller's element size ------------------------------ */

START_TEST(retention_periods_walk_the_callers_element_size)
{
    fixtures_make();
    const size_t n = 3;
    CxRetentionPeriod ref[3];
    for (size_t i = 0; i < n; i++)
        ref[i].size = sizeof ref[i];
    ck_assert_int_eq(cx_retention_periods(f.retention, 10, n, 0.95, ref), CX_OK);
    /* The 0.1 element size, and a future one 24 bytes larger; only the first size is set. */
    const size_t strides[] = { CX_ABI_RETENTION_PERIOD, sizeof(CxRetentionPeriod) + 24 };
    for (size_t s = 0; s < 2; s++) {
        const size_t stride = strides[s], len = n * stride + FUTURE;
        unsigned char *b = canary_buffer(len, stride);
        ck_assert_int_eq(cx_retention_periods(f.retention, 10, n, 0.95, (void *)b), CX_OK);
        for (size_t i = 0; i < n; i++) {
            unsigned char *e = b + i * stride;
            size_t size;
            memcpy(&size, e, sizeof size);
            ck_assert_uint_eq(size, stride); /* set in every element */
            size_t known = stride < sizeof ref[i] ? stride : sizeof ref[i];
            ck_assert_msg(memcmp(e + sizeof size, (unsigned char *)&ref[i] + sizeof size,
                                 known - sizeof size) == 0,
                          "element %zu (stride %zu) differs from a full struct's", i, stride);
            ck_assert_msg(first_changed(e, known, stride) == stride,
                          "element %zu (stride %zu): bytes past the known fields were written",
                          i, stride);
        }
        ck_assert(first_changed(b, n * stride, len) == len);
        free(b);
    }
    /* An element size below 0.1: refused, nothing written. */
    unsigned char *b = canary_buffer(4 * CX_ABI_RETENTION_PERIOD, CX_ABI_RETENTION_PERIOD - 8);
    ck_assert_int_eq(cx_retention_periods(f.retention, 10, n, 0.95, (void *)b), CX_E_STRUCT_SIZE);
    ck_assert(first_changed(b, sizeof(size_t), 4 * CX_ABI_RETENTION_PERIOD) ==
              4 * CX_ABI_RETENTION_PERIOD);
    free(b);
    fixtures_free();
}
END_TEST

/* ---- functions that read a caller's struct -------------------------------------------------- */

START_TEST(compare_functions_read_only_what_the_size_covers)
{
    fixtures_make();
    double lo, hi;

    /* NPS: cx_nps_interval() and cx_nps_compare() read up to p_detractors. */
    CxNpsResult n = nps_result();
    CxNpsComparison nc = { .size = sizeof nc };
    n.size = CX_ABI_NPS_RESULT;
    ck_assert_int_eq(cx_nps_interval(&n, 0.95, CX_NPS_CI_TANGO, &lo, &hi), CX_OK);
    ck_assert_int_eq(cx_nps_compare(&n, &n, 0.95, &nc), CX_OK);
    n.size = CX_STRUCT_END(CxNpsResult, p_detractors) - 1;
    ck_assert_int_eq(cx_nps_interval(&n, 0.95, CX_NPS_CI_TANGO, &lo, &hi), CX_E_STRUCT_SIZE);
    CxNpsResult full = nps_result();
    ck_assert_int_eq(cx_nps_compare(&full, &n, 0.95, &nc), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_nps_compare(&n, &full, 0.95, &nc), CX_E_STRUCT_SIZE);
    n.size = CX_STRUCT_END(CxNpsResult, p_detractors); /* exactly enough */
    ck_assert_int_eq(cx_nps_interval(&n, 0.95, CX_NPS_CI_TANGO, &lo, &hi), CX_OK);

    /* Ratings: cx_rating_compare() reads up to good. */
    CxRatingResult r = rating_result(), rfull = rating_result();
    CxRatingComparison rc = { .size = sizeof rc };
    r.size = CX_ABI_RATING_RESULT;
    ck_assert_int_eq(cx_rating_compare(&r, &rfull, 0.95, &rc), CX_OK);
    r.size = CX_STRUCT_END(CxRatingResult, good) - 1;
    ck_assert_int_eq(cx_rating_compare(&r, &rfull, 0.95, &rc), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_rating_compare(&rfull, &r, 0.95, &rc), CX_E_STRUCT_SIZE);

    /* ANOVA fills two structs: one too small, and neither is written. */
    CxTestResult classic, welch_small;
    memset(&classic, CANARY, sizeof classic);
    memset(&welch_small, CANARY, sizeof welch_small);
    classic.size = sizeof classic;
    welch_small.size = CX_ABI_TEST_RESULT - 1;
    ck_assert_int_eq(cx_anova_oneway(anova_n, anova_mean, anova_var, 3, &classic, &welch_small),
                     CX_E_STRUCT_SIZE);
    ck_assert(first_changed((const unsigned char *)&classic, sizeof(size_t), sizeof classic) ==
              sizeof classic);

    /* Loyalty index: cx_loyalty_index_compare() reads up to n_eff. */
    CxLoyaltyIndexResult l = loyalty_result(), lfull = loyalty_result();
    CxLoyaltyIndexComparison lc = { .size = sizeof lc };
    l.size = CX_ABI_LOYALTY_INDEX_RESULT;
    ck_assert_int_eq(cx_loyalty_index_compare(&l, &lfull, 0.95, &lc), CX_OK);
    l.size = CX_STRUCT_END(CxLoyaltyIndexResult, n_eff) - 1;
    ck_assert_int_eq(cx_loyalty_index_compare(&l, &lfull, 0.95, &lc), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_loyalty_index_compare(&lfull, &l, 0.95, &lc), CX_E_STRUCT_SIZE);

    /* Alpha: cx_alpha_feldt() reads up to alpha. */
    CxAlphaResult ar = { .size = sizeof ar };
    ck_assert_int_eq(cx_alpha_result(f.alpha, 0.95, &ar), CX_OK);
    ar.size = CX_ABI_ALPHA_RESULT;
    ck_assert_int_eq(cx_alpha_feldt(&ar, 0.95, CX_FELDT_N_ROWS, &lo, &hi), CX_OK);
    ar.size = CX_STRUCT_END(CxAlphaResult, alpha) - 1;
    ck_assert_int_eq(cx_alpha_feldt(&ar, 0.95, CX_FELDT_N_ROWS, &lo, &hi), CX_E_STRUCT_SIZE);

    /* Design: cx_design_apply_nps() and cx_design_apply_rating() read and write a result up to
     * its 0.1 end, and read a design mean up to n_eff. */
    CxDesignMean dm = { .size = sizeof dm };
    ck_assert_int_eq(cx_design_mean(f.design, 0, &dm), CX_OK);
    CxNpsResult dn = { .size = sizeof dn };
    CxNps *weighted = NULL;
    static const int scores[] = { 10, 9, 8, 7, 6, 0, 10, 3 };
    ck_assert_int_eq(cx_nps_new(&weighted), CX_OK);
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(cx_nps_add_weighted(weighted, scores[i], 1.0 + i % 3), CX_OK);
    ck_assert_int_eq(cx_nps_result(weighted, &dn), CX_OK);
    cx_nps_free(weighted);
    dn.size = CX_ABI_NPS_RESULT;
    ck_assert_int_eq(cx_design_apply_nps(&dm, &dn), CX_OK);
    dn.size = CX_ABI_NPS_RESULT - 1;
    ck_assert_int_eq(cx_design_apply_nps(&dm, &dn), CX_E_STRUCT_SIZE);
    dn.size = CX_ABI_NPS_RESULT;
    dm.size = CX_ABI_DESIGN_MEAN - 1;
    ck_assert_int_eq(cx_design_apply_nps(&dm, &dn), CX_E_STRUCT_SIZE);
    CxRatingResult dr = rating_result();
    dr.size = CX_ABI_RATING_RESULT - 1;
    ck_assert_int_eq(cx_design_apply_rating(&dm, NULL, NULL, &dr), CX_E_STRUCT_SIZE);
    dr.size = CX_ABI_RATING_RESULT;
    ck_assert_int_eq(cx_design_apply_rating(&dm, NULL, NULL, &dr), CX_E_STRUCT_SIZE);
    CxLoyaltyIndexResult dl = loyalty_result();
    dl.size = CX_ABI_LOYALTY_INDEX_RESULT - 1;
    ck_assert_int_eq(cx_design_apply_loyalty_index(&dm, NULL, &dl), CX_E_STRUCT_SIZE);
    dl.size = CX_ABI_LOYALTY_INDEX_RESULT;
    ck_assert_int_eq(cx_design_apply_loyalty_index(&dm, NULL, &dl), CX_E_STRUCT_SIZE);
    fixtures_free();
}
END_TEST

static Suite *
structs_suite(void)
{
    Suite *s = suite_create("structs");
    TCase *t = tcase_create("grow");
    const int n = (int)(sizeof rows / sizeof *rows);
    tcase_add_loop_test(t, frozen_sizes_are_the_0_1_sizes, 0, n);
    tcase_add_loop_test(t, result_fills_the_frozen_size_and_nothing_past_it, 0, n);
    tcase_add_loop_test(t, result_leaves_a_future_tail_alone, 0, n);
    tcase_add_loop_test(t, result_refuses_a_size_below_0_1, 0, n);
    tcase_add_test(t, a_grown_struct_reaches_old_and_new_callers);
    tcase_add_test(t, retention_periods_walk_the_callers_element_size);
    tcase_add_test(t, compare_functions_read_only_what_the_size_covers);
    suite_add_tcase(s, t);
    return s;
}

int
main(void)
{
    return cx_test_run(structs_suite());
}
