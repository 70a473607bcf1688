/* SPDX-License-Identifier: MIT */
/* Follow-up (closed-loop) logs (cx-followup.h). Expected values: tests/data/followup/
 * expected.txt, written by tests/data/followup/make.py with pandas from the header's rules
 * (see that script), on tests/data/followup/log.csv, read here with the library's reader and
 * cell parsers as a caller would. */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

#define TOL 1e-9
#define NOW 1772323200.0 /* 2026-03-01T00:00:00Z (Python's datetime) */

static const char *const REASONS[] = {
    NULL, "no_id", "duplicate", "bad_time", "out_of_order", "future", "unknown_outcome",
    "inconsistent", "bad_score",
};

/* A time or score cell read with @parse: NaN when missing, infinity when unreadable (which the
 * library rejects and counts). */
static double
cell(CxReader *r, size_t col, int (*parse)(const char *, size_t, double *))
{
    const char *text;
    size_t len;
    double v;
    ck_assert_int_eq(cx_reader_field(r, col, &text, &len), CX_OK);
    int kind = parse(text, len, &v);
    return kind == CX_CELL_NUMBER ? v : kind == CX_CELL_MISSING ? (double)NAN : (double)INFINITY;
}

/* Adds the rows of log.csv whose 0-based index i has i % shards == shard. */
static void
load_log(CxFollowup *f, int shard, int shards)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_path(cx_test_data_path("followup/log.csv"), &r), CX_OK);
    const char *names[] = { "response_id", "owner", "alerted_at", "first_contact_at",
                            "closed_at", "outcome", "score_before", "score_after" };
    size_t col[8];
    for (int i = 0; i < 8; i++)
        ck_assert_int_eq(cx_reader_column_index(r, names[i], &col[i]), CX_OK);
    int i = 0;
    while (cx_reader_next(r) == CX_ROW) {
        if (i++ % shards != shard)
            continue;
        const char *id, *owner, *outcome;
        size_t id_len, owner_len, outcome_len;
        ck_assert_int_eq(cx_reader_field(r, col[0], &id, &id_len), CX_OK);
        ck_assert_int_eq(cx_reader_field(r, col[1], &owner, &owner_len), CX_OK);
        ck_assert_int_eq(cx_reader_field(r, col[5], &outcome, &outcome_len), CX_OK);
        CxFollowupAlert a = {
            .size = sizeof a,
            .alerted_at = cell(r, col[2], cx_cell_parse_time),
            .first_contact_at = cell(r, col[3], cx_cell_parse_time),
            .closed_at = cell(r, col[4], cx_cell_parse_time),
            .score_before = cell(r, col[6], cx_cell_parse_number),
            .score_after = cell(r, col[7], cx_cell_parse_number),
            .line = cx_reader_line(r),
            .outcome = cx_followup_parse_outcome(outcome, outcome_len),
        };
        ck_assert_int_eq(cx_followup_add(f, id, id_len, owner, owner_len, &a, NULL), CX_OK);
    }
    cx_reader_free(r);
}

static void
assert_same(const char *what, double actual, double expected)
{
    if (isnan(expected)) {
        ck_assert_msg(isnan(actual), "%s: expected NaN, got %.17g", what, actual);
        return;
    }
    ck_assert_msg(fabs(actual - expected) <= TOL * fmax(1.0, fabs(expected)),
                  "%s: expected %.17g, got %.17g", what, expected, actual);
}

static double
field_of(const CxFollowupResult *r, const char *name)
{
#define F(x)                                                                                       \
    if (strcmp(name, #x) == 0)                                                                     \
        return (double)r->x;
    F(alerts) F(contacted) F(first_contact_median) F(first_contact_p90) F(sla) F(sla_decided)
    F(sla_met) F(sla_share) F(sla_lower) F(sla_upper) F(closed) F(resolved) F(closure_rate)
    F(closure_lower) F(closure_upper) F(open_under_24h) F(open_24h_48h) F(open_48h_7d)
    F(open_over_7d) F(pairs) F(detractors_before) F(to_passive) F(to_promoter)
    F(became_detractor) F(recovery_rate) F(recovery_lower) F(recovery_upper) F(mcnemar_chi2)
    F(mcnemar_p)
#undef F
    ck_abort_msg("expected.txt names an unknown field %s", name);
    return NAN;
}

/* Checks every section and rejection line of expected.txt against @f; returns the number of
 * figures compared. */
static int
check_expected(const CxFollowup *f)
{
    FILE *fp = fopen(cx_test_data_path("followup/expected.txt"), "r");
    ck_assert_ptr_nonnull(fp);
    char line[256], section[160] = "";
    CxFollowupResult res = { .size = sizeof res };
    int compared = 0;
    while (fgets(line, sizeof line, fp)) {
        char a[64], b[64];
        double sla, v;
        unsigned long long n, first;
        if (line[0] == '#')
            continue;
        if (sscanf(line, "rejected %63s %llu %llu", a, &n, &first) == 3) {
            int reason = 0;
            for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++)
                if (strcmp(REASONS[k], a) == 0)
                    reason = k;
            ck_assert_msg(reason, "unknown reason %s", a);
            uint64_t got_first;
            uint64_t got = cx_followup_rejections(f, reason, &got_first);
            ck_assert_msg(got == n && got_first == first,
                          "rejected %s: expected %llu at line %llu, got %llu at line %llu", a, n,
                          first, (unsigned long long)got, (unsigned long long)got_first);
            compared++;
        } else if (sscanf(line, "== %63s sla %lf", a, &sla) == 2) {
            snprintf(section, sizeof section, "%s sla %.0f", a, sla);
            const char *group = strcmp(a, "all") == 0 ? NULL : a + strlen("group:");
            ck_assert_int_eq(cx_followup_result(f, group, group ? strlen(group) : 0, sla, 0.95,
                                                &res),
                             CX_OK);
        } else if (sscanf(line, "%63s %lf", b, &v) == 2) {
            char what[256];
            snprintf(what, sizeof what, "%s: %s", section, b);
            assert_same(what, field_of(&res, b), v);
            compared++;
        }
    }
    fclose(fp);
    return compared;
}

START_TEST(log_matches_pandas)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(NOW, &f), CX_OK);
    load_log(f, 0, 1);
    ck_assert_int_ge(check_expected(f), 8 + 10 * 29);
    ck_assert_uint_eq(cx_followup_group_count(f), 3);
    size_t len;
    ck_assert_str_eq(cx_followup_group_name(f, 0, &len), "ana");
    ck_assert_str_eq(cx_followup_group_name(f, 2, &len), "chen");
    ck_assert_ptr_null(cx_followup_group_name(f, 3, &len));
    cx_followup_free(f);
}
END_TEST

/* Three shards, each serialized and read back, merged in the order @order: the one-pass
 * figures (the duplicate R0005, its two rows in different shards, is found across shards and
 * the alert on the earlier line is kept whatever the order). */
static CxFollowup *
merged_shards(const int order[3])
{
    CxFollowup *all = NULL;
    ck_assert_int_eq(cx_followup_new(NOW, &all), CX_OK);
    for (int i = 0; i < 3; i++) {
        CxFollowup *part = NULL, *back = NULL;
        ck_assert_int_eq(cx_followup_new(NOW, &part), CX_OK);
        load_log(part, order[i], 3);
        uint8_t *bytes = NULL;
        size_t len = 0;
        ck_assert_int_eq(cx_followup_serialize(part, &bytes, &len), CX_OK);
        ck_assert_int_eq(cx_followup_deserialize(bytes, len, &back), CX_OK);
        /* A truncated state is refused, never read. */
        CxFollowup *bad = NULL;
        ck_assert_int_eq(cx_followup_deserialize(bytes, len - 1, &bad), CX_E_CORRUPT);
        ck_assert_ptr_null(bad);
        cx_free(bytes);
        ck_assert_int_eq(cx_followup_merge(all, back), CX_OK);
        cx_followup_free(part);
        cx_followup_free(back);
    }
    return all;
}

START_TEST(merged_shards_and_round_trip_match)
{
    CxFollowup *forward = merged_shards((const int[3]){ 0, 1, 2 });
    check_expected(forward);
    cx_followup_free(forward);
    CxFollowup *all = merged_shards((const int[3]){ 2, 1, 0 });
    check_expected(all);
    CxFollowup *copy = NULL, *other = NULL;
    ck_assert_int_eq(cx_followup_copy(all, &copy), CX_OK);
    check_expected(copy);
    ck_assert_int_eq(cx_followup_new(NOW + 1, &other), CX_OK);
    ck_assert_int_eq(cx_followup_merge(copy, other), CX_E_MISMATCH);
    ck_assert_int_eq(cx_followup_reset(copy), CX_OK);
    CxFollowupResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_followup_result(copy, NULL, 0, 86400, 0.95, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.alerts, 0);
    ck_assert(isnan(r.closure_rate));
    cx_followup_free(other);
    cx_followup_free(copy);
    cx_followup_free(all);
}
END_TEST

/* A group's figures come from an index of the alerts by group that every change drops: asked
 * between adds, merges, a duplicate that moves an alert to another group and a reset, each
 * group's count is what was added, the groups add up to the whole, and the names stay sorted. */
static void
assert_groups(const CxFollowup *f, const char *const *names, const uint64_t *counts, size_t n,
              uint64_t no_owner)
{
    CxFollowupResult r = { .size = sizeof r };
    ck_assert_uint_eq(cx_followup_group_count(f), n);
    uint64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len;
        const char *name = cx_followup_group_name(f, i, &len);
        ck_assert_msg(name && len == strlen(names[i]) && memcmp(name, names[i], len) == 0,
                      "group %zu: expected '%s', got '%.*s'", i, names[i], (int)len, name);
        cx_followup_result(f, name, len, 86400.0, 0.95, &r);
        ck_assert_msg(r.alerts == counts[i], "group %s: expected %llu alerts, got %llu",
                      names[i], (unsigned long long)counts[i], (unsigned long long)r.alerts);
        sum += r.alerts;
    }
    cx_followup_result(f, "", 0, 86400.0, 0.95, &r);
    ck_assert_uint_eq(r.alerts, no_owner);
    ck_assert_int_eq(cx_followup_result(f, "nobody", 6, 86400.0, 0.95, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.alerts, 0);
    cx_followup_result(f, NULL, 0, 86400.0, 0.95, &r);
    ck_assert_uint_eq(r.alerts, sum + no_owner);
}

START_TEST(group_figures_follow_every_change)
{
    const double now = 1000000.0;
    CxFollowup *f = NULL, *g = NULL;
    ck_assert_int_eq(cx_followup_new(now, &f), CX_OK);
    ck_assert_int_eq(cx_followup_new(now, &g), CX_OK);
    CxFollowupAlert a = { .size = sizeof a, .alerted_at = now - 3600.0, .first_contact_at = NAN,
                          .closed_at = NAN, .score_before = NAN, .score_after = NAN, .line = 9 };
    ck_assert_int_eq(cx_followup_add(f, "r1", 2, "lee", 3, &a, NULL), CX_OK);
    ck_assert_int_eq(cx_followup_add(f, "r2", 2, "ana", 3, &a, NULL), CX_OK);
    assert_groups(f, (const char *const[]){ "ana", "lee" }, (const uint64_t[]){ 1, 1 }, 2, 0);
    ck_assert_int_eq(cx_followup_add(f, "r3", 2, "kim", 3, &a, NULL), CX_OK);
    ck_assert_int_eq(cx_followup_add(f, "r4", 2, NULL, 0, &a, NULL), CX_OK);
    assert_groups(f, (const char *const[]){ "ana", "kim", "lee" }, (const uint64_t[]){ 1, 1, 1 },
                  3, 1);
    /* r1 again on an earlier line, for ana: that alert is kept, so r1 moves from lee to ana. */
    a.line = 2;
    int why = -1;
    ck_assert_int_eq(cx_followup_add(f, "r1", 2, "ana", 3, &a, &why), CX_OK);
    ck_assert_int_eq(why, CX_FOLLOWUP_REJECT_DUPLICATE);
    assert_groups(f, (const char *const[]){ "ana", "kim", "lee" }, (const uint64_t[]){ 2, 1, 0 },
                  3, 1);
    ck_assert_int_eq(cx_followup_add(g, "s1", 2, "bo", 2, &a, NULL), CX_OK);
    ck_assert_int_eq(cx_followup_add(g, "s2", 2, "kim", 3, &a, NULL), CX_OK);
    ck_assert_int_eq(cx_followup_merge(f, g), CX_OK);
    assert_groups(f, (const char *const[]){ "ana", "bo", "kim", "lee" },
                  (const uint64_t[]){ 2, 1, 2, 0 }, 4, 1);
    ck_assert_int_eq(cx_followup_reset(f), CX_OK);
    assert_groups(f, NULL, NULL, 0, 0);
    ck_assert_int_eq(cx_followup_add(f, "t1", 2, "zed", 3, &a, NULL), CX_OK);
    assert_groups(f, (const char *const[]){ "zed" }, (const uint64_t[]){ 1 }, 1, 0);
    cx_followup_free(f);
    cx_followup_free(g);
}
END_TEST

/* Each rule on one alert, computed by hand. */
START_TEST(rules_by_hand)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(1000000.0, &f), CX_OK);
    const double H = 3600.0, now = 1000000.0;
    /* x: contacted after exactly 24 h (meets a 24 h SLA: ≤), closed resolved, 3 → 9. */
    CxFollowupAlert x = { .size = sizeof x, .alerted_at = now - 100 * H,
                          .first_contact_at = now - 76 * H, .closed_at = now - 70 * H,
                          .score_before = 3, .score_after = 9, .line = 2,
                          .outcome = CX_FOLLOWUP_RESOLVED };
    /* y: open, not contacted, raised 30 h ago (24 h window over: decided, missed). */
    CxFollowupAlert y = { .size = sizeof y, .alerted_at = now - 30 * H, .first_contact_at = NAN,
                          .closed_at = NAN, .score_before = 8, .score_after = 5, .line = 3 };
    /* z: open, raised 2 h ago: undecided for a 24 h SLA. */
    CxFollowupAlert z = { .size = sizeof z, .alerted_at = now - 2 * H, .first_contact_at = NAN,
                          .closed_at = NAN, .score_before = NAN, .score_after = NAN, .line = 4 };
    int why = -1;
    ck_assert_int_eq(cx_followup_add(f, "x", 1, "t1", 2, &x, &why), CX_OK);
    ck_assert_int_eq(why, CX_FOLLOWUP_ACCEPTED);
    ck_assert_int_eq(cx_followup_add(f, "y", 1, NULL, 0, &y, &why), CX_OK);
    ck_assert_int_eq(cx_followup_add(f, "z", 1, "t1", 2, &z, &why), CX_OK);
    CxFollowupResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_followup_result(f, NULL, 0, 24 * H, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.alerts, 3);
    ck_assert_uint_eq(r.sla_decided, 2);
    ck_assert_uint_eq(r.sla_met, 1);
    assert_same("median", r.first_contact_median, 24 * H);
    ck_assert_uint_eq(r.closed, 1);
    ck_assert_uint_eq(r.open_under_24h, 1);
    ck_assert_uint_eq(r.open_24h_48h, 1);
    ck_assert_uint_eq(r.pairs, 2);
    ck_assert_uint_eq(r.to_promoter, 1);
    ck_assert_uint_eq(r.became_detractor, 1);
    /* b = c = 1: χ² = 0, p = 1. */
    assert_same("chi2", r.mcnemar_chi2, 0.0);
    assert_same("p", r.mcnemar_p, 1.0);
    ck_assert_int_eq(cx_followup_result(f, "t1", 2, 24 * H, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.alerts, 2);
    ck_assert_int_eq(cx_followup_result(f, "", 0, 24 * H, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.alerts, 1);
    ck_assert_int_eq(cx_followup_result(f, "nobody", 6, 24 * H, 0.95, &r), CX_E_EMPTY);
    ck_assert_uint_eq(r.alerts, 0);
    cx_followup_free(f);
}
END_TEST

START_TEST(bad_alerts_are_counted_with_their_line)
{
    CxFollowup *f = NULL;
    ck_assert_int_eq(cx_followup_new(1000.0, &f), CX_OK);
    struct {
        double a, c, z, before;
        int outcome, reason;
    } cases[] = {
        { NAN, NAN, NAN, NAN, 0, CX_FOLLOWUP_REJECT_BAD_TIME },
        { 10, INFINITY, NAN, NAN, 0, CX_FOLLOWUP_REJECT_BAD_TIME },
        { 10, 5, NAN, NAN, 0, CX_FOLLOWUP_REJECT_OUT_OF_ORDER },
        { 10, 20, 15, NAN, 1, CX_FOLLOWUP_REJECT_OUT_OF_ORDER },
        { 10, 2000, NAN, NAN, 0, CX_FOLLOWUP_REJECT_FUTURE },
        { 10, 20, 30, NAN, CX_E_PARSE, CX_FOLLOWUP_REJECT_UNKNOWN_OUTCOME },
        { 10, 20, 30, NAN, 4, CX_FOLLOWUP_REJECT_UNKNOWN_OUTCOME },
        { 10, 20, NAN, NAN, 1, CX_FOLLOWUP_REJECT_INCONSISTENT },
        { 10, 20, NAN, -1, 0, CX_FOLLOWUP_REJECT_BAD_SCORE },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        CxFollowupAlert a = { .size = sizeof a, .alerted_at = cases[i].a,
                              .first_contact_at = cases[i].c, .closed_at = cases[i].z,
                              .score_before = cases[i].before, .score_after = NAN,
                              .line = 100 + i, .outcome = cases[i].outcome };
        int why = 0;
        ck_assert_int_eq(cx_followup_add(f, "r", 1, NULL, 0, &a, &why), CX_OK);
        ck_assert_msg(why == cases[i].reason, "case %zu: expected reason %d, got %d", i,
                      cases[i].reason, why);
    }
    uint64_t line;
    ck_assert_uint_eq(cx_followup_rejections(f, CX_FOLLOWUP_REJECT_BAD_TIME, &line), 2);
    ck_assert_uint_eq(line, 100);
    ck_assert_uint_eq(cx_followup_rejections(f, CX_FOLLOWUP_REJECT_UNKNOWN_OUTCOME, &line), 2);
    ck_assert_uint_eq(line, 105);
    ck_assert_uint_eq(cx_followup_rejections(f, CX_FOLLOWUP_ACCEPTED, &line), 0);
    ck_assert_uint_eq(cx_followup_rejections(f, CX_FOLLOWUP_N_REJECTIONS, &line), 0);
    CxFollowupAlert ok = { .size = sizeof ok, .alerted_at = 10, .first_contact_at = NAN,
                           .closed_at = NAN, .score_before = NAN, .score_after = NAN, .line = 7 };
    int why;
    ck_assert_int_eq(cx_followup_add(f, "", 0, NULL, 0, &ok, &why), CX_OK);
    ck_assert_int_eq(why, CX_FOLLOWUP_REJECT_NO_ID);
    ck_assert_int_eq(cx_followup_add(f, "r", 1, NULL, 0, &ok, &why), CX_OK);
    ck_assert_int_eq(why, CX_FOLLOWUP_ACCEPTED);
    ok.line = 8;
    ck_assert_int_eq(cx_followup_add(f, "r", 1, NULL, 0, &ok, &why), CX_OK);
    ck_assert_int_eq(why, CX_FOLLOWUP_REJECT_DUPLICATE);
    ck_assert_uint_eq(cx_followup_rejections(f, CX_FOLLOWUP_REJECT_DUPLICATE, &line), 1);
    ck_assert_uint_eq(line, 8);
    ok.size = sizeof(size_t);
    ck_assert_int_eq(cx_followup_add(f, "s", 1, NULL, 0, &ok, &why), CX_E_STRUCT_SIZE);
    cx_followup_free(f);
    ck_assert_int_eq(cx_followup_new(NAN, &f), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(f);
}
END_TEST

START_TEST(outcome_cells)
{
    ck_assert_int_eq(cx_followup_parse_outcome("", 0), CX_FOLLOWUP_OPEN);
    ck_assert_int_eq(cx_followup_parse_outcome(NULL, 0), CX_FOLLOWUP_OPEN);
    ck_assert_int_eq(cx_followup_parse_outcome(" Open ", 6), CX_FOLLOWUP_OPEN);
    ck_assert_int_eq(cx_followup_parse_outcome("RESOLVED", 8), CX_FOLLOWUP_RESOLVED);
    ck_assert_int_eq(cx_followup_parse_outcome("unresolved", 10), CX_FOLLOWUP_UNRESOLVED);
    ck_assert_int_eq(cx_followup_parse_outcome("unreachable", 11), CX_FOLLOWUP_UNREACHABLE);
    ck_assert_int_eq(cx_followup_parse_outcome("resolve", 7), CX_E_PARSE);
    ck_assert_int_eq(cx_followup_parse_outcome("resolved\0", 9), CX_E_PARSE);
}
END_TEST

/* tests/data/fuzz/followup-state-rejections-overflow.bin (fuzz-deserialize-followup): a state
 * whose rejection counts are near 2^64; merged with itself they wrapped to 0, leaving a first line
 * without a count. A merge (or an add) that would overflow a count is now CX_E_OVERFLOW and
 * changes nothing. */
START_TEST(rejection_counts_never_wrap)
{
    size_t len;
    char *raw = cx_test_read_file(cx_test_data_path("fuzz/followup-state-rejections-overflow.bin"),
                                  &len);
    cx_test_state_seal((unsigned char *)raw, len);
    CxFollowup *a = NULL, *c = NULL;
    ck_assert_int_eq(cx_followup_deserialize((const uint8_t *)raw, len, &a), CX_OK);
    ck_assert_int_eq(cx_followup_copy(a, &c), CX_OK);
    uint64_t before[CX_FOLLOWUP_N_REJECTIONS], first;
    for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++)
        before[k] = cx_followup_rejections(c, k, NULL);
    ck_assert_uint_eq(before[CX_FOLLOWUP_REJECT_DUPLICATE], UINT64_C(1) << 63);
    ck_assert_int_eq(cx_followup_merge(c, a), CX_E_OVERFLOW);
    for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++)
        ck_assert_uint_eq(cx_followup_rejections(c, k, &first), before[k]);
    cx_followup_free(a);
    cx_followup_free(c);
    free(raw);
}
END_TEST

/* tests/data/fuzz/followup-state-copy-near-count-limit.bin (fuzz-deserialize-followup, a CI run
 * with seed 1): a valid state whose duplicate count is near 2^64 and that holds alerts. The
 * overflow guard of the merge assumed that each of the source's alerts could add a duplicate, so
 * even a copy (a merge into an empty accumulator, where none can) failed with CX_E_OVERFLOW. Only
 * the alerts the destination already holds count now: the copy works, and merging the state into
 * its copy, where every alert is a duplicate, is still refused with nothing changed. */
START_TEST(copy_near_the_count_limit)
{
    size_t len;
    char *raw = cx_test_read_file(
        cx_test_data_path("fuzz/followup-state-copy-near-count-limit.bin"), &len);
    cx_test_state_seal((unsigned char *)raw, len);
    CxFollowup *a = NULL, *c = NULL;
    ck_assert_int_eq(cx_followup_deserialize((const uint8_t *)raw, len, &a), CX_OK);
    const uint64_t dups = cx_followup_rejections(a, CX_FOLLOWUP_REJECT_DUPLICATE, NULL);
    CxFollowupResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_followup_result(a, NULL, 0, 24 * 3600.0, 0.95, &r), CX_OK);
    ck_assert_uint_gt(r.alerts, 0);
    ck_assert_uint_gt(dups, UINT64_MAX - r.alerts);
    ck_assert_int_eq(cx_followup_copy(a, &c), CX_OK);
    ck_assert_uint_eq(cx_followup_rejections(c, CX_FOLLOWUP_REJECT_DUPLICATE, NULL), dups);
    uint8_t *b1 = NULL, *b2 = NULL;
    size_t l1, l2;
    ck_assert_int_eq(cx_followup_serialize(a, &b1, &l1), CX_OK);
    ck_assert_int_eq(cx_followup_serialize(c, &b2, &l2), CX_OK);
    ck_assert_uint_eq(l1, l2);
    ck_assert_mem_eq(b1, b2, l1);
    ck_assert_int_eq(cx_followup_merge(c, a), CX_E_OVERFLOW);
    ck_assert_uint_eq(cx_followup_rejections(c, CX_FOLLOWUP_REJECT_DUPLICATE, NULL), dups);
    cx_free(b1);
    cx_free(b2);
    cx_followup_free(a);
    cx_followup_free(c);
    free(raw);
}
END_TEST

static Suite *
followup_suite(void)
{
    Suite *s = suite_create("followup");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, log_matches_pandas);
    tcase_add_test(ref, rules_by_hand);
    suite_add_tcase(s, ref);
    TCase *prop = tcase_create("properties");
    tcase_add_test(prop, merged_shards_and_round_trip_match);
    tcase_add_test(prop, group_figures_follow_every_change);
    suite_add_tcase(s, prop);
    TCase *input = tcase_create("input");
    tcase_add_test(input, bad_alerts_are_counted_with_their_line);
    tcase_add_test(input, outcome_cells);
    tcase_add_test(input, rejection_counts_never_wrap);
    tcase_add_test(input, copy_near_the_count_limit);
    suite_add_tcase(s, input);
    return s;
}

int
main(void)
{
    return cx_test_run(followup_suite());
}
