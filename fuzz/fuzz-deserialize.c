/* SPDX-License-Identifier: MIT */
/*
 * One *_deserialize() on arbitrary bytes; built once per accumulator (fuzz/meson.build defines
 * FUZZ_NPS, FUZZ_ALPHA, FUZZ_RATING, FUZZ_SERVQUAL, FUZZ_LOYALTY, FUZZ_RETENTION, FUZZ_DRIVERS
 * FUZZ_CONTACTS, FUZZ_DESIGN, FUZZ_AUDIT, FUZZ_FOLLOWUP or FUZZ_QUEUE). Invariants: the status is CX_OK or a documented
 * error, with no object on failure; an accepted state gives a result without a crash and with consistent counts, merges
 * with a copy of itself (or reports an overflow), and serializes to bytes that deserialize again
 * and serialize to the very same bytes.
 */
#include "fuzz-common.h"

#include "core/state-private.h"

/* Derived figures (issue 21): a number is finite, or NaN where the result says it is undefined;
 * an effective sample size lies in [0, n] (up to rounding); a standard error is ≥ 0; a share
 * lies in [0, 1]; an interval is ordered. NaN passes the range checks below only where allowed. */
G_GNUC_UNUSED static int
share_ok(double x)
{
    return x >= 0.0 && x <= 1.0;
}

G_GNUC_UNUSED static int
n_eff_ok(double n_eff, uint64_t n)
{
    return isfinite(n_eff) && n_eff >= 0.0 && n_eff <= (double)n * (1.0 + 1e-9);
}

G_GNUC_UNUSED static int
se_ok(double se)
{
    return isnan(se) || (isfinite(se) && se >= 0.0);
}

G_GNUC_UNUSED static int
interval_ok(double lo, double hi)
{
    return (isnan(lo) && isnan(hi)) || (isfinite(lo) && isfinite(hi) && lo <= hi);
}

/* cx_<ACC>_<fn>, ACC the prefix of the accumulator chosen below. */
#define ACC_CALL_(prefix, fn) cx_##prefix##_##fn
#define ACC_CALL(prefix, fn) ACC_CALL_(prefix, fn)
#define acc_deserialize ACC_CALL(ACC, deserialize)
#define acc_serialize ACC_CALL(ACC, serialize)
#define acc_copy ACC_CALL(ACC, copy)
#define acc_merge ACC_CALL(ACC, merge)
#define acc_free ACC_CALL(ACC, free)

#if defined(FUZZ_NPS)
typedef CxNps Acc;
#define ACC nps

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
        FUZZ_CHECK(isfinite(r.se) && r.se >= 0.0 && n_eff_ok(r.n_eff, r.n) && r.n_eff > 0.0,
                   "se %g n_eff %g of n %llu", r.se, r.n_eff, (unsigned long long)r.n);
        FUZZ_CHECK(share_ok(r.p_promoters) && share_ok(r.p_passives) && share_ok(r.p_detractors),
                   "shares %g %g %g", r.p_promoters, r.p_passives, r.p_detractors);
        FUZZ_CHECK(isfinite(r.variance) && r.variance >= 0.0, "variance %g", r.variance);
        for (int m = 0; m < 3; m++) {
            double lo = NAN, hi = NAN;
            FUZZ_CHECK(cx_nps_interval(&r, 0.95, m, &lo, &hi) == CX_OK, "interval %d", m);
            FUZZ_CHECK(isfinite(lo) && isfinite(hi) && lo <= hi, "interval %d: %g %g", m, lo, hi);
        }
    }
}
#elif defined(FUZZ_ALPHA)
typedef CxAlpha Acc;
#define ACC alpha

static void
check_result(const Acc *a)
{
    CxAlphaResult r = { .size = sizeof r };
    int st = cx_alpha_result(a, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_UNDEFINED, "result %d", st);
    FUZZ_CHECK(r.rows_complete <= r.rows && r.rows_empty <= r.rows, "row counts");
    FUZZ_CHECK(st != CX_OK || (isfinite(r.alpha) && r.alpha <= 1.0 + 1e-9) || r.missing_mode == CX_MISSING_PAIRWISE,
               "alpha %g", r.alpha);
    FUZZ_CHECK(st != CX_OK || isfinite(r.alpha), "alpha %g with CX_OK", r.alpha);
    for (size_t i = 0; i < cx_alpha_item_count(a); i++) {
        CxAlphaItem it = { .size = sizeof it };
        int ist = cx_alpha_item(a, i, &it);
        FUZZ_CHECK(ist == CX_OK || ist == CX_E_UNDEFINED, "item %zu: %d", i, ist);
    }
}
#elif defined(FUZZ_RATING)
typedef CxRating Acc;
#define ACC rating

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
        FUZZ_CHECK(n_eff_ok(r.n_eff, r.n) && r.n_eff > 0.0, "n_eff %g of n %llu", r.n_eff,
                   (unsigned long long)r.n);
        FUZZ_CHECK(se_ok(r.se) && se_ok(r.sd) && interval_ok(r.mean_ci_lower, r.mean_ci_upper),
                   "se %g sd %g ci %g %g", r.se, r.sd, r.mean_ci_lower, r.mean_ci_upper);
        FUZZ_CHECK(share_ok(r.good_ci_lower) && share_ok(r.good_ci_upper) &&
                       r.good_ci_lower <= r.good_ci_upper && share_ok(r.top_box_ci_lower) &&
                       share_ok(r.top_box_ci_upper) && r.top_box_ci_lower <= r.top_box_ci_upper,
                   "share intervals");
    }
}
#elif defined(FUZZ_SERVQUAL)
typedef CxServqual Acc;
#define ACC servqual

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
        FUZZ_CHECK(se_ok(dim.gap_se) && se_ok(dim.gap_sd) &&
                       interval_ok(dim.gap_ci_lower, dim.gap_ci_upper) &&
                       (isnan(dim.gap_p_value) || share_ok(dim.gap_p_value)) &&
                       (isnan(dim.weight) || share_ok(dim.weight)) && dim.n_gap <= r.respondents,
                   "dimension %zu: se %g sd %g p %g weight %g", d, dim.gap_se, dim.gap_sd,
                   dim.gap_p_value, dim.weight);
        for (int s = 0; s < 3; s++) {
            CxAlphaResult ar = { .size = sizeof ar };
            int rs = cx_servqual_reliability(a, d, s, 0.95, &ar);
            FUZZ_CHECK(rs == CX_OK || rs == CX_E_UNDEFINED, "reliability %zu/%d: %d", d, s, rs);
        }
    }
    for (size_t i = 0; i < r.items; i++) {
        CxServqualItem it = { .size = sizeof it };
        FUZZ_CHECK(cx_servqual_item(a, i, 0.95, &it) == CX_OK, "item %zu", i);
        FUZZ_CHECK(it.n_gap <= it.n_expectation && it.n_gap <= it.n_perception &&
                       it.n_perception <= r.respondents_used && se_ok(it.gap_se) &&
                       interval_ok(it.gap_ci_lower, it.gap_ci_upper) &&
                       it.below_zone + it.within_zone + it.above_zone <= r.respondents_used,
                   "item %zu", i);
    }
}
#elif defined(FUZZ_LOYALTY)
typedef CxLoyaltyIndex Acc;
#define ACC loyalty_index

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
        for (int j = 0; j < 3; j++)
            FUZZ_CHECK(r.item_mean[j] >= 0.0 && r.item_mean[j] <= 10.0 &&
                           fabs(r.item_net[j]) <= 100.0 + 1e-9,
                       "item %d: mean %g net %g", j, r.item_mean[j], r.item_net[j]);
    }
    FUZZ_CHECK(n_eff_ok(r.n_eff, r.complete), "n_eff %g of %llu complete", r.n_eff,
               (unsigned long long)r.complete);
    FUZZ_CHECK(se_ok(r.mean_index_se) && se_ok(r.net_index_se) &&
                   interval_ok(r.mean_index_ci_lower, r.mean_index_ci_upper) &&
                   interval_ok(r.net_index_ci_lower, r.net_index_ci_upper),
               "se %g %g", r.mean_index_se, r.net_index_se);
    FUZZ_CHECK(r.complete + r.excluded + r.rejected_weight <= r.respondents, "respondents");
    for (int j = 0; j < 3; j++)
        FUZZ_CHECK(r.n[j] + r.missing[j] + r.rejected[j] <= r.respondents && r.n[j] >= r.complete,
                   "item %d counts", j);
}
#elif defined(FUZZ_RETENTION)
typedef CxRetention Acc;
#define ACC retention

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
#elif defined(FUZZ_DRIVERS)
typedef CxDrivers Acc;
#define ACC drivers

static int
unit_or_nan(double x)
{
    return isnan(x) || (x >= -1.0 && x <= 1.0);
}

static void
check_result(const Acc *a)
{
    for (int mode = CX_MISSING_PAIRWISE; mode <= CX_MISSING_LISTWISE; mode++) {
        CxDriversResult r = { .size = sizeof r };
        int st = cx_drivers_result(a, mode, 0.95, &r);
        FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY || st == CX_E_UNDEFINED ||
                       st == CX_E_NO_CONVERGENCE,
                   "result %d", st);
        uint64_t kept = r.rows - r.rows_weight_negative - r.rows_weight_invalid;
        FUZZ_CHECK(r.rows_weight_negative + r.rows_weight_invalid <= r.rows &&
                       r.outcome_valid + r.outcome_missing + r.outcome_rejected == kept &&
                       r.rows_complete <= r.outcome_valid,
                   "counts");
        for (size_t j = 0; j < cx_drivers_predictor_count(a); j++) {
            CxDriver p = { .size = sizeof p };
            FUZZ_CHECK(cx_drivers_predictor(a, j, mode, 0.95, &p) == st, "predictor %zu", j);
            FUZZ_CHECK(p.valid + p.missing + p.rejected == kept && p.n <= p.valid,
                       "predictor %zu counts", j);
            FUZZ_CHECK(unit_or_nan(p.r) && unit_or_nan(p.rho), "predictor %zu: r %g rho %g", j,
                       p.r, p.rho);
            FUZZ_CHECK(p.rho_status == CX_OK || p.rho_status == CX_E_UNDEFINED ||
                           p.rho_status == CX_E_OVERFLOW || p.rho_status == CX_E_NO_MEMORY,
                       "rho status %d", p.rho_status);
        }
    }
}
#elif defined(FUZZ_CONTACTS)
typedef CxContacts Acc;
#define ACC contacts

static void
check_result(const Acc *a)
{
    CxContactsResult r = { .size = sizeof r };
    int st = cx_contacts_result(a, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY, "result %d", st);
    uint64_t per_case = 0;
    for (int i = 0; i < 5; i++)
        per_case += r.contacts_per_case[i];
    FUZZ_CHECK(per_case == r.cases && r.fcr_cases + r.fcr_reopened <= r.cases &&
                   r.resolved_cases <= r.cases && r.repeat_cases <= r.cases &&
                   r.cross_channel_cases <= r.cases && r.cases <= r.contacts,
               "counts");
    if (st == CX_OK)
        FUZZ_CHECK(share_ok(r.fcr) && share_ok(r.fcr_ci_lower) && share_ok(r.fcr_ci_upper) &&
                       r.fcr_ci_lower <= r.fcr_ci_upper,
                   "fcr %g", r.fcr);
    uint64_t contacts = 0, cases = 0;
    for (size_t i = 0; i < cx_contacts_channel_count(a); i++) {
        CxContactsChannelResult c = { .size = sizeof c };
        FUZZ_CHECK(cx_contacts_channel_name(a, i, NULL) != NULL, "channel %zu name", i);
        FUZZ_CHECK(cx_contacts_channel(a, i, 0.95, &c) == CX_OK, "channel %zu", i);
        contacts += c.contacts;
        cases += c.cases;
    }
    /* A channel counts every scored contact in it, those of excluded cases too. */
    FUZZ_CHECK(contacts == r.contacts + r.contacts_excluded && cases == r.cases,
               "channels: %llu contacts, %llu + %llu excluded overall; %llu cases, %llu overall",
               (unsigned long long)contacts, (unsigned long long)r.contacts,
               (unsigned long long)r.contacts_excluded, (unsigned long long)cases,
               (unsigned long long)r.cases);
    cases = 0;
    uint64_t excluded = 0;
    for (size_t i = 0; i < cx_contacts_segment_count(a); i++) {
        CxContactsResult s = { .size = sizeof s };
        int ss = cx_contacts_segment(a, i, 0.95, &s);
        FUZZ_CHECK(ss == CX_OK || ss == CX_E_EMPTY, "segment %zu: %d", i, ss);
        cases += s.cases;
        excluded += s.cases_excluded;
    }
    /* An excluded case with no scored contact has no segment. */
    FUZZ_CHECK(cases == r.cases && excluded <= r.cases_excluded,
               "segments: %llu cases, %llu excluded; overall %llu, %llu",
               (unsigned long long)cases, (unsigned long long)excluded,
               (unsigned long long)r.cases, (unsigned long long)r.cases_excluded);
    /* 0.2: excluded cases, self-service, hand-offs and waits. */
    FUZZ_CHECK(r.contained_cases + r.failed_self_service_cases <= r.self_service_cases &&
                   r.self_service_cases <= r.cases && r.agent_cases <= r.cases &&
                   r.restarted_cases <= r.agent_cases && r.transfer_cases <= r.cases &&
                   r.transfer_cases <= r.transfers && r.agents_max <= r.max_contacts &&
                   r.contacts_excluded + r.contacts + r.rejected_order_missing +
                           r.rejected_order_invalid >= r.cases_excluded,
               "0.2 counts");
    const double shares[][3] = {
        { r.containment, r.containment_ci_lower, r.containment_ci_upper },
        { r.failed_self_service, r.failed_self_service_ci_lower, r.failed_self_service_ci_upper },
        { r.restarted, r.restarted_ci_lower, r.restarted_ci_upper },
        { r.transfer_rate, r.transfer_rate_ci_lower, r.transfer_rate_ci_upper },
    };
    for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++)
        FUZZ_CHECK((isnan(shares[i][0]) && isnan(shares[i][1])) ||
                       (share_ok(shares[i][0]) && share_ok(shares[i][1]) &&
                        share_ok(shares[i][2]) && shares[i][1] <= shares[i][0] + 1e-12 &&
                        shares[i][0] <= shares[i][2] + 1e-12),
                   "share %zu: %g", i, shares[i][0]);
    FUZZ_CHECK(r.agent_cases == 0 ? isnan(r.agents_mean)
                                  : r.agents_mean >= 1.0 &&
                                        r.agents_mean <= (double)r.agents_max &&
                                        interval_ok(r.agents_ci_lower, r.agents_ci_upper),
               "agents mean %g", r.agents_mean);
    uint64_t waited = 0;
    for (int g = 0; g < 3; g++) {
        const size_t n = g == 0 ? 1 : g == 1 ? cx_contacts_channel_count(a)
                                             : cx_contacts_segment_count(a);
        uint64_t in_groups = 0;
        for (size_t i = 0; i < n; i++) {
            CxContactsWaits w = { .size = sizeof w };
            int ws = cx_contacts_waits(a, g, i, 20.0, 5.0, 0.95, &w);
            FUZZ_CHECK(ws == CX_OK || ws == CX_E_EMPTY, "waits %d %zu: %d", g, i, ws);
            FUZZ_CHECK(w.answered + w.abandoned + w.short_abandoned + w.wait_missing +
                                   w.wait_negative + w.wait_invalid + w.abandoned_unknown +
                                   w.abandoned_invalid ==
                               w.contacts &&
                           w.answered_within <= w.answered,
                       "waits %d %zu counts", g, i);
            in_groups += w.contacts;
            if (w.answered) {
                FUZZ_CHECK(isfinite(w.asa) && w.asa >= 0.0 && w.wait_median >= 0.0 &&
                               w.wait_median <= w.wait_p90 && w.wait_p90 <= w.wait_max &&
                               w.asa <= w.wait_max * (1.0 + 1e-12),
                           "waits %d %zu: asa %g", g, i, w.asa);
                FUZZ_CHECK(se_ok(w.wait_sd) && interval_ok(w.asa_ci_lower, w.asa_ci_upper),
                           "waits %d %zu: sd", g, i);
            }
            if (w.answered + w.abandoned)
                FUZZ_CHECK(share_ok(w.service_level) && share_ok(w.abandonment_rate) &&
                               share_ok(w.service_level_ci_lower) &&
                               share_ok(w.service_level_ci_upper) &&
                               share_ok(w.abandonment_rate_ci_lower) &&
                               share_ok(w.abandonment_rate_ci_upper),
                           "waits %d %zu: shares", g, i);
        }
        if (g == 0)
            waited = in_groups;
        else
            FUZZ_CHECK(in_groups == waited, "waits of group kind %d", g);
    }
    FUZZ_CHECK(waited == r.contacts + r.contacts_excluded, "waited contacts");
}
#elif defined(FUZZ_DESIGN)
typedef CxDesign Acc;
#define ACC design

static void
check_result(const Acc *a)
{
    size_t k = 0;
    int clustered = 0;
    FUZZ_OK(cx_design_shape(a, &k, &clustered));
    for (size_t j = 0; j < k; j++) {
        CxDesignMean m = { .size = sizeof m };
        int st = cx_design_mean(a, j, &m);
        FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY || st == CX_E_UNDEFINED ||
                       st == CX_E_OVERFLOW || st == CX_E_NO_MEMORY,
                   "mean %zu: %d", j, st);
        FUZZ_CHECK(m.n + m.missing + m.rejected == m.rows, "counts of variable %zu", j);
        FUZZ_CHECK(m.psus <= m.rows && m.strata <= m.psus, "psus");
        if (st == CX_OK)
            FUZZ_CHECK(!(m.se < 0.0) && !isnan(m.mean), "mean %g se %g", m.mean, m.se);
    }
}
#elif defined(FUZZ_AUDIT)
typedef CxAudit Acc;
#define ACC audit

static void
check_result(const Acc *a)
{
    CxAuditResult r = { .size = sizeof r };
    FUZZ_CHECK(cx_audit_result(a, 0.95, &r) == CX_OK, "result");
    FUZZ_CHECK(r.scored <= r.visits && r.passed <= r.scored && r.critical_visits <= r.scored,
               "counts");
    if (r.scored > 0)
        FUZZ_CHECK(r.mean >= 0.0 && r.mean <= 100.0 && r.pass_share >= 0.0 &&
                       r.pass_share <= 1.0,
                   "mean %g share %g", r.mean, r.pass_share);
    const CxChecklist *c = cx_audit_checklist(a);
    for (size_t i = 0; i < cx_checklist_item_count(c); i++) {
        CxAuditItem it = { .size = sizeof it };
        FUZZ_CHECK(cx_audit_item_result(a, i, 0.95, &it) == CX_OK, "item %zu", i);
        FUZZ_CHECK(it.compliant <= it.applicable && it.rank <= cx_checklist_item_count(c),
                   "item %zu counts", i);
    }
    for (int by = 0; by < 4; by++)
        for (size_t k = 0; k < cx_audit_segment_count(a, by); k++) {
            CxAuditSegment s = { .size = sizeof s };
            FUZZ_CHECK(cx_audit_segment_result(a, by, k, 0.95, &s) == CX_OK, "segment");
            FUZZ_CHECK(s.passed <= s.scored && s.scored <= r.scored, "segment counts");
        }
    for (size_t k = 0; k < cx_audit_segment_count(a, CX_AUDIT_BY_SHOPPER); k++) {
        CxAuditShopper s = { .size = sizeof s };
        FUZZ_CHECK(cx_audit_shopper_result(a, k, 0.95, &s) == CX_OK, "shopper");
    }
    CxTestResult t = { .size = sizeof t };
    const int ts = cx_audit_shopper_test(a, &t);
    FUZZ_CHECK(ts == CX_OK || ts == CX_E_EMPTY, "shopper test %d", ts);
}
#elif defined(FUZZ_FOLLOWUP)
typedef CxFollowup Acc;
#define ACC followup

static int
share_or_nan(double x)
{
    return isnan(x) || share_ok(x);
}

/* The figures of every alert or of one group: counts that nest, shares in [0, 1] (NaN where
 * nothing was counted), ordered intervals; returns the alerts. */
static uint64_t
check_group(const Acc *a, const char *group, size_t len)
{
    CxFollowupResult r = { .size = sizeof r };
    int st = cx_followup_result(a, group, len, 86400.0, 0.95, &r);
    FUZZ_CHECK(st == CX_OK || st == CX_E_EMPTY, "result %d", st);
    FUZZ_CHECK(r.contacted <= r.alerts && r.sla_met <= r.sla_decided &&
                   r.sla_decided <= r.alerts && r.resolved <= r.closed && r.closed <= r.alerts,
               "counts");
    FUZZ_CHECK(r.open_under_24h + r.open_24h_48h + r.open_48h_7d + r.open_over_7d <= r.alerts,
               "open alerts");
    FUZZ_CHECK(r.pairs <= r.alerts && r.detractors_before <= r.pairs &&
                   r.to_passive + r.to_promoter <= r.detractors_before &&
                   r.became_detractor <= r.pairs - r.detractors_before,
               "pairs");
    FUZZ_CHECK(share_or_nan(r.sla_share) && share_or_nan(r.closure_rate) &&
                   share_or_nan(r.recovery_rate),
               "shares %g %g %g", r.sla_share, r.closure_rate, r.recovery_rate);
    FUZZ_CHECK(interval_ok(r.sla_lower, r.sla_upper) &&
                   interval_ok(r.closure_lower, r.closure_upper) &&
                   interval_ok(r.recovery_lower, r.recovery_upper),
               "intervals");
    FUZZ_CHECK(isnan(r.first_contact_median) ||
                   (r.first_contact_median >= 0.0 && r.first_contact_p90 >= r.first_contact_median),
               "median %g p90 %g", r.first_contact_median, r.first_contact_p90);
    FUZZ_CHECK(isnan(r.mcnemar_p) || share_ok(r.mcnemar_p), "p %g", r.mcnemar_p);
    return r.alerts;
}

static void
check_result(const Acc *a)
{
    uint64_t all = check_group(a, NULL, 0), sum = check_group(a, "", 0);
    for (size_t i = 0; i < cx_followup_group_count(a); i++) {
        size_t len = 0;
        const char *name = cx_followup_group_name(a, i, &len);
        FUZZ_CHECK(name != NULL, "group %zu name", i);
        sum += check_group(a, name, len);
    }
    FUZZ_CHECK(sum == all, "groups hold %llu of %llu alerts", (unsigned long long)sum,
               (unsigned long long)all);
    for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++) {
        uint64_t first = 0;
        uint64_t n = cx_followup_rejections(a, k, &first);
        FUZZ_CHECK(n > 0 || first == 0, "reason %d: a first line without a rejection", k);
    }
}
#elif defined(FUZZ_QUEUE)
typedef CxQueue Acc;
#define ACC queue

/* Ranks in order: priorities finite and non-increasing, equal ones by line; at most as many
 * kept as offered. (cx_queue_get() sorts in place, so the harness reads a copy.) */
static void
check_result(const Acc *a)
{
    CxQueue *c = NULL;
    FUZZ_OK(cx_queue_copy(a, &c));
    FUZZ_CHECK(cx_queue_size(c) <= cx_queue_offered(c), "%zu kept of %llu offered",
               cx_queue_size(c), (unsigned long long)cx_queue_offered(c));
    double last = INFINITY;
    uint64_t last_line = 0;
    for (size_t r = 0; r < cx_queue_size(c); r++) {
        double p;
        uint64_t line;
        const void *item;
        size_t len;
        FUZZ_OK(cx_queue_get(c, r, &p, &line, &item, &len));
        FUZZ_CHECK(isfinite(p) && (p < last || (p == last && line >= last_line)) &&
                       (len == 0 || item != NULL),
                   "rank %zu: %g line %llu after %g line %llu", r, p, (unsigned long long)line,
                   last, (unsigned long long)last_line);
        last = p;
        last_line = line;
    }
    cx_queue_free(c);
}
#else
#error "define the FUZZ_ macro of one accumulator (fuzz/meson.build passes it)"
#endif

/* The input, its checksum mended (lib/core/state-private.h), so that mutations reach the
 * payload's checks instead of stopping at the checksum; NULL when the input is too short to
 * hold one. If the input's own checksum was wrong, the input as it is must be CX_E_CORRUPT. */
static uint8_t *
mended(const uint8_t *data, size_t size)
{
    if (size < 12)
        return NULL;
    uint8_t *copy = malloc(size);
    FUZZ_CHECK(copy != NULL, "malloc");
    memcpy(copy, data, size);
    uint32_t crc = cx_state_crc32c(copy, size - 4);
    for (int i = 0; i < 4; i++)
        copy[size - 4 + i] = (uint8_t)(crc >> (8 * i));
    if (memcmp(copy, data, size) != 0) {
        Acc *raw = (Acc *)&size;
        FUZZ_CHECK(acc_deserialize(data, size, &raw) == CX_E_CORRUPT && raw == NULL,
                   "a state with a wrong checksum was not refused");
    }
    return copy;
}

/* The harness proper, on the mended input. */
static int
test_state(const uint8_t *data, size_t size)
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

    Acc *c = NULL;
    FUZZ_OK(acc_copy(a, &c));
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

int
LLVMFuzzerTestOneInput(const uint8_t *input, size_t size)
{
    uint8_t *copy = mended(input, size);
    const uint8_t *data = copy ? copy : input;
    int st = test_state(data, size);
    free(copy);
    return st;
}
