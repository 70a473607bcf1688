/* SPDX-License-Identifier: MIT */
/*
 * One *_deserialize() on arbitrary bytes; built once per accumulator (fuzz/meson.build defines
 * FUZZ_NPS, FUZZ_ALPHA, FUZZ_RATING, FUZZ_SERVQUAL, FUZZ_LOYALTY or FUZZ_RETENTION). Invariants: the status is CX_OK or a
 * documented error, with no object on failure; an accepted state gives a result without a crash
 * and with consistent counts, merges with a copy of itself (or reports an overflow), and
 * serializes to bytes that deserialize again and serialize to the very same bytes.
 */
#include "fuzz-common.h"

#if defined(FUZZ_NPS)
typedef CxNps Acc;
#define acc_deserialize cx_nps_deserialize
#define acc_serialize cx_nps_serialize
#define acc_copy cx_nps_copy
#define acc_merge cx_nps_merge
#define acc_free cx_nps_free

static void
check_result(const Acc *a)
{
    CxNpsResult r = { .size = sizeof r };
    int st = cx_nps_result(a, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY || st == CX_E_OVERFLOW, "result %d", st);
    uint64_t sum = 0;
    for (int v = 0; v < 11; v++)
        sum += r.counts[v];
    FUZZ_CHECK(sum == r.n && r.n == r.detractors + r.passives + r.promoters, "counts");
    FUZZ_CHECK(r.rejected == r.rejected_out_of_range + r.rejected_not_integer +
                                 r.rejected_not_a_number + r.rejected_weight_negative +
                                 r.rejected_weight_invalid,
               "rejected");
    if (st == CX_OK) {
        FUZZ_CHECK(isfinite(r.nps) && r.nps >= -100.0 - 1e-9 && r.nps <= 100.0 + 1e-9,
                   "nps %g", r.nps);
        FUZZ_CHECK(isfinite(r.se) && r.se >= 0.0 && isfinite(r.n_eff) && r.n_eff > 0.0,
                   "se %g n_eff %g", r.se, r.n_eff);
        for (int m = 0; m < 3; m++) {
            double lo = NAN, hi = NAN;
            FUZZ_CHECK(cx_nps_interval(&r, 0.95, m, &lo, &hi) == CX_OK, "interval %d", m);
            FUZZ_CHECK(isfinite(lo) && isfinite(hi) && lo <= hi, "interval %d: %g %g", m, lo, hi);
        }
    }
}
#elif defined(FUZZ_ALPHA)
typedef CxAlpha Acc;
#define acc_deserialize cx_alpha_deserialize
#define acc_serialize cx_alpha_serialize
#define acc_copy cx_alpha_copy
#define acc_merge cx_alpha_merge
#define acc_free cx_alpha_free

static void
check_result(const Acc *a)
{
    CxAlphaResult r = { .size = sizeof r };
    int st = cx_alpha_result(a, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_UNDEFINED, "result %d", st);
    FUZZ_CHECK(r.rows_complete <= r.rows && r.rows_empty <= r.rows, "row counts");
    for (size_t i = 0; i < cx_alpha_item_count(a); i++) {
        CxAlphaItem it = { .size = sizeof it };
        int ist = cx_alpha_item(a, i, &it);
        FUZZ_CHECK(ist == CX_OK || ist == CX_E_UNDEFINED, "item %zu: %d", i, ist);
    }
}
#elif defined(FUZZ_RATING)
typedef CxRating Acc;
#define acc_deserialize cx_rating_deserialize
#define acc_serialize cx_rating_serialize
#define acc_copy cx_rating_copy
#define acc_merge cx_rating_merge
#define acc_free cx_rating_free

static void
check_result(const Acc *a)
{
    CxRatingResult r = { .size = sizeof r };
    int st = cx_rating_result(a, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY || st == CX_E_OVERFLOW, "result %d", st);
    uint64_t sum = 0, c = 0;
    for (int v = r.scale_min; v <= r.scale_max; v++) {
        FUZZ_CHECK(cx_rating_count(a, v, &c) == CX_OK, "count %d", v);
        sum += c;
    }
    FUZZ_CHECK(sum == r.n, "counts");
    if (st == CX_OK) {
        FUZZ_CHECK(isfinite(r.mean) && r.mean >= r.scale_min - 1e-9 &&
                       r.mean <= r.scale_max + 1e-9,
                   "mean %g", r.mean);
        FUZZ_CHECK(r.good >= 0.0 && r.good <= 1.0 && r.top_box >= 0.0 && r.top_box <= 1.0,
                   "shares %g %g", r.good, r.top_box);
    }
}
#elif defined(FUZZ_SERVQUAL)
typedef CxServqual Acc;
#define acc_deserialize cx_servqual_deserialize
#define acc_serialize cx_servqual_serialize
#define acc_copy cx_servqual_copy
#define acc_merge cx_servqual_merge
#define acc_free cx_servqual_free

static void
check_result(const Acc *a)
{
    CxServqualResult r = { .size = sizeof r };
    int st = cx_servqual_result(a, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY, "result %d", st);
    FUZZ_CHECK(r.respondents_used <= r.respondents, "respondents");
    for (size_t d = 0; d < r.dimensions; d++) {
        CxServqualDimension dim = { .size = sizeof dim };
        FUZZ_CHECK(cx_servqual_dimension(a, d, 0.95, &dim) == CX_OK, "dimension %zu", d);
        for (int s = 0; s < 3; s++) {
            CxAlphaResult ar = { .size = sizeof ar };
            int rs = cx_servqual_reliability(a, d, s, 0.95, &ar);
            FUZZ_CHECK(rs == CX_OK || rs == CX_E_UNDEFINED, "reliability %zu/%d: %d", d, s, rs);
        }
    }
    for (size_t i = 0; i < r.items; i++) {
        CxServqualItem it = { .size = sizeof it };
        FUZZ_CHECK(cx_servqual_item(a, i, 0.95, &it) == CX_OK, "item %zu", i);
    }
}
#elif defined(FUZZ_LOYALTY)
typedef CxLoyaltyIndex Acc;
#define acc_deserialize cx_loyalty_index_deserialize
#define acc_serialize cx_loyalty_index_serialize
#define acc_copy cx_loyalty_index_copy
#define acc_merge cx_loyalty_index_merge
#define acc_free cx_loyalty_index_free

static void
check_result(const Acc *a)
{
    CxLoyaltyIndexResult r = { .size = sizeof r };
    int st = cx_loyalty_index_result(a, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY || st == CX_E_OVERFLOW, "result %d", st);
    FUZZ_CHECK(r.complete <= r.respondents, "complete %llu of %llu",
               (unsigned long long)r.complete, (unsigned long long)r.respondents);
    if (st == CX_OK) {
        FUZZ_CHECK(isfinite(r.mean_index) && r.mean_index >= -1e-9 &&
                       r.mean_index <= 100.0 + 1e-9,
                   "mean index %g", r.mean_index);
        FUZZ_CHECK(isfinite(r.net_index) && fabs(r.net_index) <= 100.0 + 1e-9, "net index %g",
                   r.net_index);
    }
}
#elif defined(FUZZ_RETENTION)
typedef CxRetention Acc;
#define acc_deserialize cx_retention_deserialize
#define acc_serialize cx_retention_serialize
#define acc_merge cx_retention_merge
#define acc_free cx_retention_free

static Acc *
acc_copy(const Acc *a)
{
    Acc *c = NULL;
    FUZZ_OK(cx_retention_new(&c));
    FUZZ_CHECK(c && cx_retention_merge(c, a) == CX_OK, "copy by merge");
    return c;
}

static void
check_result(const Acc *a)
{
    CxRetentionResult r = { .size = sizeof r };
    int st = cx_retention_result(a, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY, "summary %d", st);
    FUZZ_CHECK(r.repeat_customers <= r.customers && r.retained <= r.at_risk, "counts");
    if (st == CX_OK && r.at_risk > 0)
        FUZZ_CHECK(r.retention >= 0.0 && r.retention <= 1.0, "retention %g", r.retention);
    if (st == CX_OK && r.last_period >= r.first_period) {
        uint64_t span = (uint64_t)r.last_period - (uint64_t)r.first_period; /* no signed overflow */
        size_t n = span < 8 ? (size_t)span + 1 : 8;
        CxRetentionPeriod periods[8];
        for (size_t i = 0; i < n; i++)
            periods[i] = (CxRetentionPeriod){ .size = sizeof periods[i] };
        /* Documented: the period before the first must be representable, so a log that holds
         * INT64_MIN cannot be asked from there. */
        int edge = r.first_period == INT64_MIN;
        int ps = cx_retention_periods(a, r.first_period, n, 0.95, periods);
        FUZZ_CHECK(ps == CX_OK || ps == CX_E_NO_MEMORY || (edge && ps == CX_E_INVALID_ARGUMENT),
                   "periods %d", ps);
        uint64_t sizes[8], active[64];
        int cs = cx_retention_cohorts(a, r.first_period, n, sizes, active);
        FUZZ_CHECK(cs == CX_OK || (edge && cs == CX_E_INVALID_ARGUMENT), "cohorts %d", cs);
    }
}
#else
#error "define FUZZ_NPS, FUZZ_ALPHA, FUZZ_RATING, FUZZ_SERVQUAL, FUZZ_LOYALTY or FUZZ_RETENTION"
#endif

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Acc *a = (Acc *)&size; /* must be overwritten */
    int st = acc_deserialize(data, size, &a);
    if (st != CX_OK) {
        FUZZ_CHECK(st == CX_E_CORRUPT || st == CX_E_VERSION || st == CX_E_OVERFLOW ||
                       (st == CX_E_INVALID_ARGUMENT && data == NULL),
                   "status %d", st);
        FUZZ_CHECK(a == NULL, "an object on failure");
        return 0;
    }
    check_result(a);

    uint8_t *bytes = NULL, *again = NULL;
    size_t len = 0, len2 = 0;
    FUZZ_CHECK(acc_serialize(a, &bytes, &len) == CX_OK, "serialize");
    Acc *b = NULL;
    FUZZ_CHECK(acc_deserialize(bytes, len, &b) == CX_OK, "re-read its own bytes");
    FUZZ_CHECK(acc_serialize(b, &again, &len2) == CX_OK, "serialize again");
    FUZZ_CHECK(len == len2 && memcmp(bytes, again, len) == 0, "the round trip changed the state");

    Acc *c = acc_copy(a);
    FUZZ_CHECK(c != NULL, "copy");
    int ms = acc_merge(c, b);
    FUZZ_CHECK(ms == CX_OK || ms == CX_E_OVERFLOW, "merge %d", ms);
    check_result(c);

    cx_free(bytes);
    cx_free(again);
    acc_free(a);
    acc_free(b);
    acc_free(c);
    return 0;
}
