/* SPDX-License-Identifier: MIT */
/* Retention from an activity log (cx-retention.h). Expected values: tests/data/retention/
 * expected.txt, computed by retention.R next to it with base R set operations on log.csv;
 * LOYALTY.md's retention-from-counts vector for the link with cx_value_retention_rate(). */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define LOG CX_TEST_DATA_DIR "/retention/log.csv"

/* Adds the rows of log.csv whose index satisfies (i % mod == rem) to @r, in file order or
 * backwards. */
static void
load(CxRetention *r, unsigned mod, unsigned rem, int backwards)
{
    CxReader *reader = NULL;
    ck_assert_int_eq(cx_reader_open_path(LOG, &reader), CX_OK);
    char ids[64][8];
    int64_t periods[64];
    double amounts[64];
    unsigned n = 0;
    while (cx_reader_next(reader) == CX_ROW) {
        const char *text;
        size_t len;
        double v;
        ck_assert_int_eq(cx_reader_field(reader, 0, &text, &len), CX_OK);
        ck_assert_uint_lt(len, 8);
        memcpy(ids[n], text, len);
        ids[n][len] = 0;
        ck_assert_int_eq(cx_reader_field_number(reader, 1, &v), CX_CELL_NUMBER);
        periods[n] = (int64_t)v;
        amounts[n] = cx_reader_field_number(reader, 2, &v) == CX_CELL_NUMBER ? v : (double)NAN;
        n++;
    }
    cx_reader_free(reader);
    ck_assert_uint_eq(n, 23);
    for (unsigned k = 0; k < n; k++) {
        unsigned i = backwards ? n - 1 - k : k;
        if (i % mod == rem)
            ck_assert_int_eq(cx_retention_add(r, ids[i], strlen(ids[i]), periods[i], amounts[i]),
                             CX_OK);
    }
}

/* expected.txt: period, active, new, retained, returning, churned, previous_active, revenue,
 * revenue_at_risk. */
static const double expected_periods[6][9] = {
    { 1, 3, 3, 0, 0, 0, 0, 35.50, 0.00 },  { 2, 3, 1, 2, 0, 1, 3, 42.00, 5.50 },
    { 3, 4, 1, 2, 1, 1, 3, 57.25, 0.00 },  { 4, 3, 1, 2, 0, 2, 4, 59.00, 37.25 },
    { 5, 4, 1, 2, 1, 1, 3, 79.00, 9.00 },  { 6, 5, 1, 2, 2, 2, 4, 117.00, 66.00 },
};

static void
check_reference(const CxRetention *r)
{
    CxRetentionPeriod p[6];
    for (int i = 0; i < 6; i++)
        p[i].size = sizeof p[i];
    ck_assert_int_eq(cx_retention_periods(r, 1, 6, 0.95, p), CX_OK);
    for (int i = 0; i < 6; i++) {
        const double *e = expected_periods[i];
        ck_assert_int_eq(p[i].period, (int64_t)e[0]);
        ck_assert_uint_eq(p[i].active, (uint64_t)e[1]);
        ck_assert_uint_eq(p[i].new_customers, (uint64_t)e[2]);
        ck_assert_uint_eq(p[i].retained, (uint64_t)e[3]);
        ck_assert_uint_eq(p[i].returning, (uint64_t)e[4]);
        ck_assert_uint_eq(p[i].churned, (uint64_t)e[5]);
        ck_assert_uint_eq(p[i].previous_active, (uint64_t)e[6]);
        cx_assert_close(p[i].revenue, e[7], 1e-12);
        cx_assert_close(p[i].revenue_at_risk, e[8], 1e-12);
        if (e[6] > 0) {
            cx_assert_close(p[i].retention, e[3] / e[6], 1e-15);
            cx_assert_close(p[i].churn, 1.0 - e[3] / e[6], 1e-15);
            /* LOYALTY.md: retention from counts is (E − N)/S; here S = previous active,
             * E = active, N = new + returning. */
            double from_counts, churn;
            ck_assert_int_eq(cx_value_retention_rate(p[i].previous_active, p[i].active,
                                                      p[i].new_customers + p[i].returning,
                                                      &from_counts, &churn),
                             CX_OK);
            cx_assert_close(p[i].retention, from_counts, 1e-15);
        } else {
            ck_assert(isnan(p[i].retention));
        }
    }
    /* Cohorts: first period; size; active at +0..+5. */
    static const uint64_t cohort[6][7] = {
        { 3, 3, 2, 2, 1, 1, 2 }, { 1, 1, 1, 0, 1, 0, 0 }, { 1, 1, 1, 0, 1, 0, 0 },
        { 1, 1, 1, 0, 0, 0, 0 }, { 1, 1, 1, 0, 0, 0, 0 }, { 1, 1, 0, 0, 0, 0, 0 },
    };
    uint64_t sizes[6], active[36];
    ck_assert_int_eq(cx_retention_cohorts(r, 1, 6, sizes, active), CX_OK);
    for (int i = 0; i < 6; i++) {
        ck_assert_uint_eq(sizes[i], cohort[i][0]);
        for (int k = 0; k < 6; k++)
            ck_assert_msg(active[i * 6 + k] == cohort[i][k + 1],
                          "cohort %d at +%d: expected %llu, got %llu", i + 1, k,
                          (unsigned long long)cohort[i][k + 1],
                          (unsigned long long)active[i * 6 + k]);
    }
    /* customers 8 events 23 repeat 7; pooled retained 10 at_risk 17 retention 0.588235294118
     * wilson 0.360054426430 0.783889432098; revenue 389.75. */
    CxRetentionResult s = { .size = sizeof s };
    ck_assert_int_eq(cx_retention_result(r, 0.95, &s), CX_OK);
    ck_assert_uint_eq(s.customers, 8);
    ck_assert_uint_eq(s.events, 23);
    ck_assert_uint_eq(s.events_no_amount, 1);
    ck_assert_uint_eq(s.repeat_customers, 7);
    cx_assert_close(s.repeat_rate, 7.0 / 8.0, 1e-15);
    ck_assert_int_eq(s.first_period, 1);
    ck_assert_int_eq(s.last_period, 6);
    ck_assert_uint_eq(s.retained, 10);
    ck_assert_uint_eq(s.at_risk, 17);
    cx_assert_close(s.retention, 0.588235294118, 1e-12);
    cx_assert_close(s.retention_ci_lower, 0.360054426430, 1e-11);
    cx_assert_close(s.retention_ci_upper, 0.783889432098, 1e-11);
    cx_assert_close(s.revenue, 389.75, 1e-12);
}

START_TEST(reference_log)
{
    CxRetention *r = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    load(r, 1, 0, 0);
    check_reference(r);
    /* One customer: a is active in 1..6 with 7 events, 64 of revenue, 11 + 1 in period 3. */
    CxRetentionCustomer c = { .size = sizeof c };
    ck_assert_int_eq(cx_retention_customer(r, "a", 1, 3, &c), CX_OK);
    ck_assert_int_eq(c.first_period, 1);
    ck_assert_int_eq(c.last_period, 6);
    ck_assert_uint_eq(c.events, 7);
    ck_assert_uint_eq(c.active_periods, 6);
    cx_assert_close(c.revenue, 64.0, 1e-12);
    cx_assert_close(c.revenue_in_period, 12.0, 1e-12);
    ck_assert_int_eq(c.active_in_period, 1);
    ck_assert_int_eq(cx_retention_customer(r, "b", 1, 3, &c), CX_OK);
    ck_assert_int_eq(c.active_in_period, 0);
    cx_assert_close(c.revenue_in_period, 0.0, 0.0);
    ck_assert_int_eq(cx_retention_customer(r, "zz", 2, 3, &c), CX_E_EMPTY);
    cx_retention_free(r);
}
END_TEST

START_TEST(order_and_merge)
{
    /* Backwards input, and three shards merged, give the same figures. */
    CxRetention *back = NULL;
    ck_assert_int_eq(cx_retention_new(&back), CX_OK);
    load(back, 1, 0, 1);
    check_reference(back);
    CxRetention *shards[3];
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_int_eq(cx_retention_new(&shards[i]), CX_OK);
        load(shards[i], 3, i, i == 1);
    }
    ck_assert_int_eq(cx_retention_merge(shards[0], shards[1]), CX_OK);
    ck_assert_int_eq(cx_retention_merge(shards[0], shards[2]), CX_OK);
    check_reference(shards[0]);
    for (unsigned i = 0; i < 3; i++)
        cx_retention_free(shards[i]);
    cx_retention_free(back);
}
END_TEST

START_TEST(state_round_trip)
{
    CxRetention *r = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    load(r, 1, 0, 0);
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_retention_serialize(r, &bytes, &len), CX_OK);
    CxRetention *back = NULL;
    ck_assert_int_eq(cx_retention_deserialize(bytes, len, &back), CX_OK);
    check_reference(back);
    /* Two halves, each through a round trip, merged: still the reference. */
    CxRetention *h[2];
    for (unsigned i = 0; i < 2; i++) {
        CxRetention *part = NULL;
        ck_assert_int_eq(cx_retention_new(&part), CX_OK);
        load(part, 2, i, 0);
        uint8_t *b = NULL;
        size_t n = 0;
        ck_assert_int_eq(cx_retention_serialize(part, &b, &n), CX_OK);
        ck_assert_int_eq(cx_retention_deserialize(b, n, &h[i]), CX_OK);
        cx_free(b);
        cx_retention_free(part);
    }
    ck_assert_int_eq(cx_retention_merge(h[0], h[1]), CX_OK);
    check_reference(h[0]);
    cx_retention_free(h[0]);
    cx_retention_free(h[1]);
    cx_retention_free(back);
    for (size_t cut = 0; cut < len; cut++)
        ck_assert_int_eq(cx_retention_deserialize(bytes, cut, &back), CX_E_CORRUPT);
    uint8_t *copy = malloc(len);
    for (size_t i = 8; i < len; i++) {
        memcpy(copy, bytes, len);
        copy[i] ^= 0x41;
        int st = cx_retention_deserialize(copy, len, &back);
        ck_assert_msg(st == CX_OK || st == CX_E_CORRUPT, "byte %zu: got %s", i,
                      cx_status_name(st));
        if (st == CX_OK) {
            CxRetentionResult s = { .size = sizeof s };
            st = cx_retention_result(back, 0.95, &s);
            ck_assert(st == CX_OK || st == CX_E_EMPTY);
            cx_retention_free(back);
        }
    }
    memcpy(copy, bytes, len);
    copy[4] = 2;
    ck_assert_int_eq(cx_retention_deserialize(copy, len, &back), CX_E_VERSION);
    free(copy);
    cx_free(bytes);
    ck_assert_int_eq(cx_retention_serialize(NULL, &bytes, &len), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_deserialize(NULL, 4, &back), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_deserialize(bytes, 4, NULL), CX_E_INVALID_ARGUMENT);
    cx_retention_free(r);
}
END_TEST

START_TEST(bad_input)
{
    CxRetention *r = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    CxRetentionResult s = { .size = sizeof s };
    ck_assert_int_eq(cx_retention_result(r, 0.95, &s), CX_E_EMPTY);
    ck_assert_uint_eq(s.customers, 0);
    ck_assert(isnan(s.retention));
    ck_assert_int_eq(cx_retention_add(r, "", 0, 1, 5.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(r, "x", 1, 1, (double)INFINITY), CX_OK);
    ck_assert_int_eq(cx_retention_add(r, "x", 1, 1, -(double)INFINITY), CX_OK);
    /* Ids are bytes: an embedded NUL makes another customer. */
    ck_assert_int_eq(cx_retention_add(r, "x\0y", 3, 1, 1.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(r, "x", 1, INT64_MIN, 1.0), CX_OK);
    ck_assert_int_eq(cx_retention_result(r, 0.95, &s), CX_OK);
    ck_assert_uint_eq(s.rejected_customer, 1);
    ck_assert_uint_eq(s.rejected_amount, 2);
    ck_assert_uint_eq(s.customers, 2);
    ck_assert_uint_eq(s.events, 2);
    ck_assert_int_eq(s.first_period, INT64_MIN);

    CxRetentionPeriod p = { .size = sizeof p };
    uint64_t sizes[2], active[4];
    ck_assert_int_eq(cx_retention_add(NULL, "x", 1, 1, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_add(r, NULL, 1, 1, 1.0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_merge(r, r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_merge(NULL, r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_result(r, 1.5, &s), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(r, 1, 0, 0.95, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(r, INT64_MIN, 1, 0.95, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(r, INT64_MAX, 2, 0.95, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_periods(r, 1, 1, 0.95, NULL), CX_E_INVALID_ARGUMENT);
    p.size = 8;
    ck_assert_int_eq(cx_retention_periods(r, 1, 1, 0.95, &p), CX_E_STRUCT_SIZE);
    ck_assert_int_eq(cx_retention_cohorts(r, 1, 2, NULL, active), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_cohorts(r, 1, SIZE_MAX / 2, sizes, active),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_retention_customer(r, NULL, 1, 1, NULL), CX_E_INVALID_ARGUMENT);
    cx_retention_free(r);
    cx_retention_free(NULL);
}
END_TEST

static Suite *
retention_suite(void)
{
    Suite *s = suite_create("retention");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, reference_log);
    tcase_add_test(tc, order_and_merge);
    tcase_add_test(tc, state_round_trip);
    tcase_add_test(tc, bad_input);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(retention_suite());
}
