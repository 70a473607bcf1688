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

typedef struct {
    char id[8];
    size_t len;
    int64_t period;
    double amount;
} Event;

/* The 23 events of log.csv, in file order. */
static void
read_log(Event *events)
{
    CxReader *reader = NULL;
    ck_assert_int_eq(cx_reader_open_path(LOG, &reader), CX_OK);
    unsigned n = 0;
    while (cx_reader_next(reader) == CX_ROW) {
        const char *text;
        size_t len;
        double v;
        ck_assert_uint_lt(n, 23);
        ck_assert_int_eq(cx_reader_field(reader, 0, &text, &len), CX_OK);
        ck_assert_uint_lt(len, 8);
        memcpy(events[n].id, text, len);
        events[n].len = len;
        ck_assert_int_eq(cx_reader_field_number(reader, 1, &v), CX_CELL_NUMBER);
        events[n].period = (int64_t)v;
        events[n].amount =
            cx_reader_field_number(reader, 2, &v) == CX_CELL_NUMBER ? v : (double)NAN;
        n++;
    }
    cx_reader_free(reader);
    ck_assert_uint_eq(n, 23);
}

static void
add_event(CxRetention *r, const Event *e)
{
    ck_assert_int_eq(cx_retention_add(r, e->id, e->len, e->period, e->amount), CX_OK);
}

/* Adds the rows of log.csv whose index satisfies (i % mod == rem) to @r, in file order or
 * backwards. */
static void
load(CxRetention *r, unsigned mod, unsigned rem, int backwards)
{
    Event events[23];
    read_log(events);
    for (unsigned k = 0; k < 23; k++) {
        unsigned i = backwards ? 23 - 1 - k : k;
        if (i % mod == rem)
            add_event(r, &events[i]);
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
    copy[4] = 3;
    cx_test_state_seal(copy, len);
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
    ck_assert_uint_eq(s.rejected_no_customer, 1);
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

/* ---- state: copies, resets, round trips and shards ------------------------------------------ */

static uint8_t *
state_of(const CxRetention *r, size_t *len)
{
    uint8_t *bytes = NULL;
    ck_assert_int_eq(cx_retention_serialize(r, &bytes, len), CX_OK);
    return bytes;
}

/* Every figure over periods lo … lo + 11 and every byte of the state, bit for bit. */
static void
assert_same(const CxRetention *a, const CxRetention *b, int64_t lo)
{
    CxRetentionResult ra = { .size = sizeof ra }, rb = { .size = sizeof rb };
    ck_assert_int_eq(cx_retention_result(a, 0.9, &ra), cx_retention_result(b, 0.9, &rb));
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0, "results differ: revenue %.17g / %.17g",
                  ra.revenue, rb.revenue);
    CxRetentionPeriod pa[12], pb[12];
    pa[0].size = pb[0].size = sizeof pa[0];
    ck_assert_int_eq(cx_retention_periods(a, lo, 12, 0.9, pa), CX_OK);
    ck_assert_int_eq(cx_retention_periods(b, lo, 12, 0.9, pb), CX_OK);
    ck_assert_msg(memcmp(pa, pb, sizeof pa) == 0, "periods differ");
    uint64_t sa[12], sb[12], aa[144], ab[144];
    ck_assert_int_eq(cx_retention_cohorts(a, lo, 12, sa, aa), CX_OK);
    ck_assert_int_eq(cx_retention_cohorts(b, lo, 12, sb, ab), CX_OK);
    ck_assert(memcmp(sa, sb, sizeof sa) == 0 && memcmp(aa, ab, sizeof aa) == 0);
    size_t la, lb;
    uint8_t *x = state_of(a, &la), *y = state_of(b, &lb);
    ck_assert_msg(la == lb && memcmp(x, y, la) == 0, "states differ (%zu and %zu bytes)", la, lb);
    cx_free(x);
    cx_free(y);
}

START_TEST(reset_and_copy)
{
    CxRetention *r = NULL, *copy = NULL, *fresh = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    ck_assert_int_eq(cx_retention_new(&fresh), CX_OK);
    load(r, 1, 0, 0);
    cx_retention_add(r, "", 0, 1, 1.0);
    cx_retention_add(r, "x", 1, 1, (double)INFINITY);
    /* A copy equals the original ... */
    ck_assert_int_eq(cx_retention_copy(r, &copy), CX_OK);
    check_reference(copy);
    assert_same(r, copy, 0);
    /* ... and is independent of it: what is added to one does not show in the other. */
    size_t before_len;
    uint8_t *before = state_of(copy, &before_len);
    ck_assert_int_eq(cx_retention_add(r, "new", 3, 7, 10.0), CX_OK);
    ck_assert_int_eq(cx_retention_add(r, "a", 1, 9, 1.0), CX_OK);
    size_t after_len;
    uint8_t *after = state_of(copy, &after_len);
    ck_assert(before_len == after_len && memcmp(before, after, before_len) == 0);
    check_reference(copy);
    ck_assert_int_eq(cx_retention_add(copy, "other", 5, 2, 1.0), CX_OK);
    CxRetentionCustomer c = { .size = sizeof c };
    ck_assert_int_eq(cx_retention_customer(r, "other", 5, 2, &c), CX_E_EMPTY);
    ck_assert_int_eq(cx_retention_customer(copy, "new", 3, 7, &c), CX_E_EMPTY);
    cx_free(before);
    cx_free(after);
    /* Reset: an empty result, nothing left of any customer or count ... */
    ck_assert_int_eq(cx_retention_reset(r), CX_OK);
    CxRetentionResult s = { .size = sizeof s };
    ck_assert_int_eq(cx_retention_result(r, 0.95, &s), CX_E_EMPTY);
    ck_assert_uint_eq(s.customers + s.events + s.events_no_amount + s.rejected_no_customer +
                          s.rejected_amount + s.repeat_customers + s.retained + s.at_risk,
                      0);
    ck_assert_int_eq(cx_retention_customer(r, "a", 1, 3, &c), CX_E_EMPTY);
    assert_same(r, fresh, 0);
    /* ... and the accumulator is usable again: the reference log gives the reference. */
    load(r, 1, 0, 1);
    check_reference(r);
    /* A copy of an empty accumulator is empty; resetting twice is harmless. */
    CxRetention *empty = NULL;
    ck_assert_int_eq(cx_retention_copy(fresh, &empty), CX_OK);
    assert_same(empty, fresh, 0);
    ck_assert_int_eq(cx_retention_reset(empty), CX_OK);
    ck_assert_int_eq(cx_retention_reset(empty), CX_OK);
    assert_same(empty, fresh, 0);
    cx_retention_free(empty);
    cx_retention_free(fresh);
    cx_retention_free(copy);
    cx_retention_free(r);
}
END_TEST

/* A log of @n events: ids of 1–7 bytes with NULs inside, periods −3 … 8, amounts in quarters
 * (sums stay exact, so any order of adding gives the same bits) or none, and rejected events. */
static Event *
random_log(unsigned seed, size_t n)
{
    Event *log = calloc(n, sizeof *log);
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        unsigned x = seed >> 8;
        Event *e = &log[i];
        e->len = x % 97 == 0 ? 0 : 1 + (x >> 3) % 7;
        for (size_t k = 0; k < e->len; k++)
            e->id[k] = (char)("ab\0c"[(x >> (5 + k)) % 4] + (k == 0 ? (x >> 13) % 40 : 0));
        e->period = (int64_t)((x >> 9) % 12) - 3;
        e->amount = x % 11 == 0   ? (double)NAN
                    : x % 89 == 0 ? (double)INFINITY
                                  : (double)((int)((x >> 4) % 4001) - 1000) / 4.0;
    }
    return log;
}

START_TEST(round_trip_gives_the_same_figures_and_bytes)
{
    Event *log = random_log(5, 3000);
    CxRetention *r = NULL, *back = NULL, *again = NULL;
    ck_assert_int_eq(cx_retention_new(&r), CX_OK);
    for (size_t i = 0; i < 3000; i++)
        add_event(r, &log[i]);
    /* Amounts that do not sum exactly too: the state keeps the compensated sums as they are. */
    for (int i = 0; i < 200; i++)
        cx_retention_add(r, "z", 1, i % 5, 0.1 * i);
    size_t len;
    uint8_t *bytes = state_of(r, &len);
    ck_assert_int_eq(cx_retention_deserialize(bytes, len, &back), CX_OK);
    assert_same(r, back, -4);
    ck_assert_int_eq(cx_retention_copy(back, &again), CX_OK);
    assert_same(r, again, -4);
    /* Equal states, whatever the order of the events: the same bytes. */
    CxRetention *reversed = NULL;
    ck_assert_int_eq(cx_retention_new(&reversed), CX_OK);
    for (int i = 199; i >= 0; i--)
        cx_retention_add(reversed, "z", 1, i % 5, 0.1 * i);
    CxRetention *z = NULL;
    ck_assert_int_eq(cx_retention_new(&z), CX_OK);
    for (int i = 0; i < 200; i++)
        cx_retention_add(z, "z", 1, i % 5, 0.1 * i);
    CxRetention *shuffled = NULL;
    ck_assert_int_eq(cx_retention_new(&shuffled), CX_OK);
    for (size_t i = 0; i < 3000; i++)
        add_event(shuffled, &log[(i * 1031) % 3000]); /* 1031 is prime to 3000: a permutation */
    ck_assert_int_eq(cx_retention_reset(r), CX_OK);
    for (size_t i = 0; i < 3000; i++)
        add_event(r, &log[i]);
    assert_same(r, shuffled, -4);
    cx_free(bytes);
    cx_retention_free(shuffled);
    cx_retention_free(z);
    cx_retention_free(reversed);
    cx_retention_free(again);
    cx_retention_free(back);
    cx_retention_free(r);
    free(log);
}
END_TEST

/* Splits @log between @k shards, by customer (mode 0) or event by event (mode 1: one customer's
 * events land in several shards), and checks that merging the shards, or their states read back,
 * gives the one-pass accumulator @one. */
static void
check_shards(const Event *log, size_t n, const CxRetention *one, unsigned k, int mode)
{
    CxRetention *shards[5], *merged = NULL, *from_bytes = NULL;
    for (unsigned s = 0; s < k; s++)
        ck_assert_int_eq(cx_retention_new(&shards[s]), CX_OK);
    unsigned seed = 11;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        unsigned s = mode == 0 ? (log[i].len ? (unsigned char)log[i].id[0] : 0u) % k
                               : (seed >> 8) % k;
        add_event(shards[s], &log[i]);
    }
    ck_assert_int_eq(cx_retention_new(&merged), CX_OK);
    ck_assert_int_eq(cx_retention_new(&from_bytes), CX_OK);
    for (unsigned s = k; s-- > 0;) {
        ck_assert_int_eq(cx_retention_merge(merged, shards[s]), CX_OK);
        size_t len;
        uint8_t *bytes = state_of(shards[s], &len);
        CxRetention *back = NULL;
        ck_assert_int_eq(cx_retention_deserialize(bytes, len, &back), CX_OK);
        ck_assert_int_eq(cx_retention_merge(from_bytes, back), CX_OK);
        cx_retention_free(back);
        cx_free(bytes);
    }
    assert_same(one, merged, -4);
    assert_same(one, from_bytes, -4);
    /* Into a shard that is not empty. */
    for (unsigned s = 1; s < k; s++)
        ck_assert_int_eq(cx_retention_merge(shards[0], shards[s]), CX_OK);
    assert_same(one, shards[0], -4);
    for (unsigned s = 0; s < k; s++)
        cx_retention_free(shards[s]);
    cx_retention_free(merged);
    cx_retention_free(from_bytes);
}

START_TEST(merged_shards_equal_one_pass)
{
    Event reference[23];
    read_log(reference);
    Event *random = random_log(17, 4000);
    const Event *logs[2] = { reference, random };
    const size_t sizes[2] = { 23, 4000 };
    static const unsigned ks[] = { 1, 2, 5 };
    for (int l = 0; l < 2; l++) {
        CxRetention *one = NULL;
        ck_assert_int_eq(cx_retention_new(&one), CX_OK);
        for (size_t i = 0; i < sizes[l]; i++)
            add_event(one, &logs[l][i]);
        for (size_t k = 0; k < 3; k++)
            for (int mode = 0; mode < 2; mode++)
                check_shards(logs[l], sizes[l], one, ks[k], mode);
        if (l == 0)
            check_reference(one);
        cx_retention_free(one);
    }
    free(random);
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
    TCase *state = tcase_create("state");
    tcase_set_timeout(state, 60);
    tcase_add_test(state, reset_and_copy);
    tcase_add_test(state, round_trip_gives_the_same_figures_and_bytes);
    tcase_add_test(state, merged_shards_equal_one_pass);
    suite_add_tcase(s, state);
    return s;
}

int
main(void)
{
    return cx_test_run(retention_suite());
}
