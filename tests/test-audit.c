/* SPDX-License-Identifier: MIT */
/*
 * Mystery shopping and audits (cx-audit.h): the sample export scored against the sample
 * checklist, compared with tests/data/audit/expected.txt (pandas and R, by
 * tests/data/audit/reference.py); the critical rules on hand-made visits; checklist errors with
 * their lines; bad rows counted and listed; merge, copy, reset and serialization.
 */
#include <cxscore/cxscore.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "test-common.h"

#define EXAMPLES CX_TEST_DATA_DIR "/../../examples/data/"
#define REL 1e-9 /* the reference prints round-trip doubles: only summation order differs */

static GHashTable *expected;

static void
load_expected(void)
{
    if (expected)
        return;
    expected = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    size_t len;
    char *text = cx_test_read_file(cx_test_data_path("audit/expected.txt"), &len);
    gchar **lines = g_strsplit(text, "\n", -1);
    for (gchar **l = lines; *l; l++) {
        gchar **kv = g_strsplit(*l, " ", 2);
        if (kv[0] && kv[1]) {
            double *v = g_new(double, 1);
            *v = g_ascii_strtod(kv[1], NULL);
            g_hash_table_insert(expected, g_strdup(kv[0]), v);
        }
        g_strfreev(kv);
    }
    g_strfreev(lines);
    free(text);
}

/* The expected figure `name` (the test fails if the reference has none). */
static double
ref(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static double
ref(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gchar *name = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    const double *v = g_hash_table_lookup(expected, name);
    ck_assert_msg(v != NULL, "no reference figure %s", name);
    double x = *v;
    g_free(name);
    return x;
}

#define assert_rel(actual, expect, tol)                                                           \
    do {                                                                                          \
        const double a_ = (actual), e_ = (expect);                                                \
        ck_assert_msg(fabs(a_ - e_) <= (tol) * fmax(1.0, fabs(e_)),                               \
                      "%s: expected %.17g, got %.17g", #actual, e_, a_);                          \
    } while (0)

static CxChecklist *
load_checklist(const char *path)
{
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    int status = cx_checklist_load_file(c, path);
    ck_assert_msg(status == CX_OK, "%s: %s", path, cx_checklist_error_message(c));
    return c;
}

/* Scores rows of a CSV file whose row number r satisfies r % shards == shard (all if shards
 * is 1) into a new accumulator. */
static CxAudit *
score_file(const CxChecklist *c, const char *path, int shards, int shard)
{
    CxAudit *a = NULL;
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, &a), CX_OK);
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_path(path, &r), CX_OK);
    const size_t n = cx_reader_column_count(r);
    const char **names = g_new(const char *, n);
    for (size_t k = 0; k < n; k++)
        names[k] = cx_reader_column_name(r, k);
    ck_assert_int_eq(cx_audit_set_columns(a, names, n, 1), CX_OK);
    const char **fields = g_new(const char *, n);
    size_t *lens = g_new(size_t, n);
    int status, row = 0;
    while ((status = cx_reader_next(r)) == CX_ROW) {
        if (row++ % shards != shard)
            continue;
        for (size_t k = 0; k < n; k++)
            ck_assert_int_eq(cx_reader_field(r, k, &fields[k], &lens[k]), CX_OK);
        ck_assert_int_eq(cx_audit_add_row(a, fields, lens, n, cx_reader_line(r)), CX_OK);
    }
    ck_assert_int_eq(status, CX_DONE);
    g_free(names);
    g_free(fields);
    g_free(lens);
    cx_reader_free(r);
    return a;
}

static CxAudit *
score_sample(CxChecklist **checklist)
{
    CxChecklist *c = load_checklist(EXAMPLES "retail-checklist.ini");
    CxAudit *a = score_file(c, EXAMPLES "audit-visits.csv", 1, 0);
    if (checklist)
        *checklist = c;
    else
        cx_checklist_free(c);
    return a;
}

static void
check_mean(const char *prefix, uint64_t n, double mean, double sd, double lo, double hi)
{
    ck_assert_uint_eq(n, (uint64_t)ref("%s.n", prefix));
    assert_rel(mean, ref("%s.mean", prefix), REL);
    if (n < 2)
        return;
    assert_rel(sd, ref("%s.sd", prefix), REL);
    const double half = ref("%s.t", prefix) * ref("%s.sd", prefix) / sqrt((double)n);
    assert_rel(lo, ref("%s.mean", prefix) - half, 1e-8);
    assert_rel(hi, ref("%s.mean", prefix) + half, 1e-8);
}

START_TEST(test_sample_overall)
{
    load_expected();
    CxAudit *a = score_sample(NULL);
    CxAuditResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_result(a, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.visits, (uint64_t)ref("visits"));
    ck_assert_uint_eq(r.scored, (uint64_t)ref("scored"));
    ck_assert_uint_eq(r.passed, (uint64_t)ref("passed"));
    ck_assert_uint_eq(r.critical_visits, (uint64_t)ref("critical_visits"));
    ck_assert_uint_eq(r.critical_failures, (uint64_t)ref("critical_failures"));
    ck_assert_uint_eq(r.rejected_answer, (uint64_t)ref("rejected.answer"));
    ck_assert_uint_eq(r.rejected_na_not_allowed, (uint64_t)ref("rejected.na_not_allowed"));
    ck_assert_uint_eq(r.rejected_critical_blank, (uint64_t)ref("rejected.critical_blank"));
    ck_assert_uint_eq(r.rejected_no_applicable, (uint64_t)ref("rejected.no_applicable"));
    ck_assert_uint_eq(r.rejected_unknown_item, (uint64_t)ref("rejected.unknown_item"));
    ck_assert_uint_eq(r.rejected_date, (uint64_t)ref("rejected.date"));
    ck_assert_uint_eq(r.rejected_missing_segment, (uint64_t)ref("rejected.missing_segment"));
    ck_assert_uint_eq(r.rejected, r.rejected_answer + r.rejected_na_not_allowed +
                                      r.rejected_critical_blank + r.rejected_no_applicable +
                                      r.rejected_unknown_item + r.rejected_date +
                                      r.rejected_missing_segment);
    check_mean("overall", r.scored, r.mean, r.sd, r.ci_lower, r.ci_upper);
    assert_rel(r.pass_share, ref("passed") / ref("scored"), REL);
    assert_rel(r.pass_ci_lower, ref("overall.pass_lower"), REL);
    assert_rel(r.pass_ci_upper, ref("overall.pass_upper"), REL);
    assert_rel(r.earned, ref("earned"), REL);
    assert_rel(r.applicable, ref("applicable"), REL);

    const CxChecklist *c = cx_audit_checklist(a);
    for (size_t s = 0; s < cx_checklist_section_count(c); s++) {
        CxAuditSection sec = { .size = sizeof sec };
        ck_assert_int_eq(cx_audit_section_result(a, s, 0.95, &sec), CX_OK);
        gchar *prefix = g_strdup_printf("section.%s", cx_checklist_section_id(c, s));
        check_mean(prefix, sec.scored, sec.mean, sec.sd, sec.ci_lower, sec.ci_upper);
        ck_assert_uint_eq(sec.critical_visits, (uint64_t)ref("%s.critical", prefix));
        g_free(prefix);
    }
    cx_audit_free(a);
}
END_TEST

START_TEST(test_sample_items)
{
    load_expected();
    CxAudit *a = score_sample(NULL);
    const CxChecklist *c = cx_audit_checklist(a);
    for (size_t i = 0; i < cx_checklist_item_count(c); i++) {
        CxAuditItem it = { .size = sizeof it };
        ck_assert_int_eq(cx_audit_item_result(a, i, 0.95, &it), CX_OK);
        const char *id = cx_checklist_item_id(c, i);
        ck_assert_uint_eq(it.applicable, (uint64_t)ref("item.%s.applicable", id));
        ck_assert_uint_eq(it.compliant, (uint64_t)ref("item.%s.compliant", id));
        ck_assert_uint_eq(it.not_applicable, (uint64_t)ref("item.%s.na", id));
        ck_assert_uint_eq(it.blank, (uint64_t)ref("item.%s.blank", id));
        ck_assert_uint_eq(it.rejected, (uint64_t)ref("item.%s.rejected", id));
        ck_assert_uint_eq(it.critical_failures, (uint64_t)ref("item.%s.critical", id));
        ck_assert_uint_eq(it.rank, (uint32_t)ref("item.%s.rank", id));
        ck_assert_uint_eq(it.cost_rank, (uint32_t)ref("item.%s.cost_rank", id));
        assert_rel(it.compliance, ref("item.%s.compliance", id), REL);
        assert_rel(it.ci_lower, ref("item.%s.lower", id), REL);
        assert_rel(it.ci_upper, ref("item.%s.upper", id), REL);
        assert_rel(it.points_lost, ref("item.%s.lost", id), REL);
        assert_rel(it.points_lost_share, ref("item.%s.lost", id) / ref("item.lost_total"), REL);
        ck_assert_uint_eq(it.section, cx_checklist_item_section(c, i));
    }
    /* Within one store. */
    size_t s01;
    ck_assert_int_eq(cx_audit_segment_index(a, CX_AUDIT_BY_LOCATION, "S01", &s01), CX_OK);
    for (size_t i = 0; i < cx_checklist_item_count(c); i++) {
        CxAuditItem it = { .size = sizeof it };
        ck_assert_int_eq(cx_audit_segment_item_result(a, CX_AUDIT_BY_LOCATION, s01, i, 0.95,
                                                      &it),
                         CX_OK);
        const char *id = cx_checklist_item_id(c, i);
        ck_assert_uint_eq(it.applicable, (uint64_t)ref("location.S01.item.%s.applicable", id));
        ck_assert_uint_eq(it.compliant, (uint64_t)ref("location.S01.item.%s.compliant", id));
        assert_rel(it.points_lost, ref("location.S01.item.%s.lost", id), REL);
    }
    cx_audit_free(a);
}
END_TEST

START_TEST(test_sample_segments)
{
    load_expected();
    CxAudit *a = score_sample(NULL);
    static const char *const by_name[] = { "location", "region", "shopper", "period" };
    for (int by = 0; by < 4; by++) {
        ck_assert_uint_eq(cx_audit_segment_count(a, by), (size_t)ref("%s.count", by_name[by]));
        for (size_t k = 0; k < cx_audit_segment_count(a, by); k++) {
            CxAuditSegment s = { .size = sizeof s };
            ck_assert_int_eq(cx_audit_segment_result(a, by, k, 0.95, &s), CX_OK);
            gchar *prefix =
                g_strdup_printf("%s.%s", by_name[by], cx_audit_segment_name(a, by, k));
            check_mean(prefix, s.scored, s.mean, s.sd, s.ci_lower, s.ci_upper);
            ck_assert_uint_eq(s.passed, (uint64_t)ref("%s.passed", prefix));
            ck_assert_uint_eq(s.critical_visits, (uint64_t)ref("%s.critical", prefix));
            assert_rel(s.pass_ci_lower, ref("%s.pass_lower", prefix), REL);
            assert_rel(s.pass_ci_upper, ref("%s.pass_upper", prefix), REL);
            g_free(prefix);
        }
    }
    /* Baseline comparison: north against south (R's t.test and prop.test). */
    size_t north, south;
    ck_assert_int_eq(cx_audit_segment_index(a, CX_AUDIT_BY_REGION, "north", &north), CX_OK);
    ck_assert_int_eq(cx_audit_segment_index(a, CX_AUDIT_BY_REGION, "south", &south), CX_OK);
    CxMeanComparison mc = { .size = sizeof mc };
    CxProportionComparison pc = { .size = sizeof pc };
    ck_assert_int_eq(cx_audit_segment_compare(a, CX_AUDIT_BY_REGION, north, south, 0.95, &mc,
                                              &pc),
                     CX_OK);
    assert_rel(mc.t, ref("welch.t"), 1e-9);
    assert_rel(mc.df, ref("welch.df"), 1e-9);
    assert_rel(mc.p_value, ref("welch.p"), 1e-7);
    assert_rel(mc.ci_lower, ref("welch.lower"), 1e-8);
    assert_rel(mc.ci_upper, ref("welch.upper"), 1e-8);
    assert_rel(pc.p_value, ref("pass.p"), 1e-7);
    /* Against a target of 75 (R's one-sample t.test). */
    ck_assert_int_eq(cx_audit_compare_target(a, -1, 0, 75.0, 0.95, &mc), CX_OK);
    assert_rel(mc.t, ref("target.t"), 1e-9);
    assert_rel(mc.p_value / ref("target.p"), 1.0, 1e-6);
    ck_assert_int_eq(cx_audit_segment_compare(a, 7, 0, 0, 0.95, &mc, NULL),
                     CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
END_TEST

START_TEST(test_sample_shoppers)
{
    load_expected();
    CxAudit *a = score_sample(NULL);
    for (size_t k = 0; k < cx_audit_segment_count(a, CX_AUDIT_BY_SHOPPER); k++) {
        const char *name = cx_audit_segment_name(a, CX_AUDIT_BY_SHOPPER, k);
        CxAuditShopper s = { .size = sizeof s };
        ck_assert_int_eq(cx_audit_shopper_result(a, k, 0.95, &s), CX_OK);
        ck_assert_uint_eq(s.visits, (uint64_t)ref("shopper.%s.dev_n", name));
        ck_assert_uint_eq(s.locations, (uint64_t)ref("shopper.%s.dev_locations", name));
        assert_rel(s.deviation, ref("shopper.%s.deviation", name), 1e-9);
        assert_rel(s.sd, ref("shopper.%s.dev_sd", name), 1e-9);
        const double half = ref("shopper.%s.t", name) * s.sd / sqrt((double)s.visits);
        assert_rel(s.ci_lower, s.deviation - half, 1e-9);
        assert_rel(s.ci_upper, s.deviation + half, 1e-9);
    }
    CxTestResult t = { .size = sizeof t };
    ck_assert_int_eq(cx_audit_shopper_test(a, &t), CX_OK);
    assert_rel(t.statistic, ref("nested.F"), 1e-9);
    ck_assert(t.df1 == ref("nested.df1"));
    ck_assert(t.df2 == ref("nested.df2"));
    ck_assert_uint_eq(t.groups, (uint64_t)ref("nested.cells"));
    assert_rel(t.p_value / ref("nested.p"), 1.0, 1e-6);
    /* Per location, through cx_anova_oneway(). */
    CxTestResult classic = { .size = sizeof classic }, welch = { .size = sizeof welch };
    ck_assert_int_eq(cx_audit_location_anova(a, 0, &classic, &welch), CX_OK);
    ck_assert(classic.groups >= 2);
    ck_assert(classic.p_value >= 0.0 && classic.p_value <= 1.0);
    ck_assert_int_eq(cx_audit_location_anova(a, 999, &classic, NULL), CX_E_INVALID_ARGUMENT);
    cx_audit_free(a);
}
END_TEST

/* Every figure of two accumulators agrees: counts exactly, the rest to rounding. */
static void
assert_same(const CxAudit *x, const CxAudit *y)
{
    CxAuditResult a = { .size = sizeof a }, b = { .size = sizeof b };
    ck_assert_int_eq(cx_audit_result(x, 0.9, &a), CX_OK);
    ck_assert_int_eq(cx_audit_result(y, 0.9, &b), CX_OK);
    ck_assert_uint_eq(a.visits, b.visits);
    ck_assert_uint_eq(a.scored, b.scored);
    ck_assert_uint_eq(a.passed, b.passed);
    ck_assert_uint_eq(a.rejected, b.rejected);
    ck_assert_uint_eq(a.critical_failures, b.critical_failures);
    assert_rel(a.mean, b.mean, 1e-12);
    assert_rel(a.sd, b.sd, 1e-12);
    assert_rel(a.earned, b.earned, 1e-12);
    ck_assert_uint_eq(cx_audit_reject_listed(x), cx_audit_reject_listed(y));
    const CxChecklist *c = cx_audit_checklist(x);
    for (size_t i = 0; i < cx_checklist_item_count(c); i++) {
        CxAuditItem p = { .size = sizeof p }, q = { .size = sizeof q };
        ck_assert_int_eq(cx_audit_item_result(x, i, 0.9, &p), CX_OK);
        ck_assert_int_eq(cx_audit_item_result(y, i, 0.9, &q), CX_OK);
        ck_assert_uint_eq(p.applicable, q.applicable);
        ck_assert_uint_eq(p.compliant, q.compliant);
        ck_assert_uint_eq(p.blank, q.blank);
        ck_assert_uint_eq(p.rank, q.rank);
        assert_rel(p.points_lost, q.points_lost, 1e-12);
    }
    for (int by = 0; by < 4; by++) {
        ck_assert_uint_eq(cx_audit_segment_count(x, by), cx_audit_segment_count(y, by));
        for (size_t k = 0; k < cx_audit_segment_count(x, by); k++) {
            size_t k2;
            ck_assert_int_eq(cx_audit_segment_index(y, by, cx_audit_segment_name(x, by, k), &k2),
                             CX_OK);
            CxAuditSegment p = { .size = sizeof p }, q = { .size = sizeof q };
            ck_assert_int_eq(cx_audit_segment_result(x, by, k, 0.9, &p), CX_OK);
            ck_assert_int_eq(cx_audit_segment_result(y, by, k2, 0.9, &q), CX_OK);
            ck_assert_uint_eq(p.scored, q.scored);
            ck_assert_uint_eq(p.passed, q.passed);
            assert_rel(p.mean, q.mean, 1e-12);
        }
    }
    CxTestResult s = { .size = sizeof s }, t = { .size = sizeof t };
    ck_assert_int_eq(cx_audit_shopper_test(x, &s), CX_OK);
    ck_assert_int_eq(cx_audit_shopper_test(y, &t), CX_OK);
    assert_rel(s.statistic, t.statistic, 1e-9);
}

START_TEST(test_merge_copy_serialize)
{
    CxChecklist *c = NULL;
    CxAudit *whole = score_sample(&c);
    CxAudit *shard[3];
    for (int k = 0; k < 3; k++)
        shard[k] = score_file(c, EXAMPLES "audit-visits.csv", 3, k);
    /* Through bytes, as shards from other processes would come. */
    for (int k = 1; k < 3; k++) {
        uint8_t *bytes = NULL;
        size_t len = 0;
        ck_assert_int_eq(cx_audit_serialize(shard[k], &bytes, &len), CX_OK);
        CxAudit *back = NULL;
        ck_assert_int_eq(cx_audit_deserialize(bytes, len, &back), CX_OK);
        assert_same(shard[k], back);
        ck_assert_int_eq(cx_audit_merge(shard[0], back), CX_OK);
        cx_audit_free(back);
        cx_free(bytes);
    }
    /* The unknown-column reject was counted once per shard's header: 2 more than whole. */
    CxAuditResult a = { .size = sizeof a };
    ck_assert_int_eq(cx_audit_result(shard[0], 0.9, &a), CX_OK);
    ck_assert_uint_eq(a.rejected_unknown_item, 3);
    ck_assert_int_eq(cx_audit_result(whole, 0.9, &a), CX_OK);
    ck_assert_uint_eq(a.rejected_unknown_item, 1);

    CxAudit *copy = NULL;
    ck_assert_int_eq(cx_audit_copy(whole, &copy), CX_OK);
    assert_same(whole, copy);
    cx_audit_reset(copy);
    ck_assert_int_eq(cx_audit_result(copy, 0.9, &a), CX_OK);
    ck_assert_uint_eq(a.visits, 0);
    ck_assert(isnan(a.mean));
    ck_assert_uint_eq(cx_audit_segment_count(copy, CX_AUDIT_BY_LOCATION), 0);
    ck_assert_int_eq(cx_audit_shopper_test(copy, &(CxTestResult){ .size = sizeof(CxTestResult) }),
                     CX_E_EMPTY);
    /* Another period unit is another accumulator. */
    CxAudit *other = NULL;
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_WEEK, &other), CX_OK);
    ck_assert_int_eq(cx_audit_merge(whole, other), CX_E_MISMATCH);
    cx_audit_free(other);

    /* Corrupt state: every truncation is refused, never read past. */
    uint8_t *bytes = NULL;
    size_t len = 0;
    ck_assert_int_eq(cx_audit_serialize(shard[1], &bytes, &len), CX_OK);
    for (size_t cut = 0; cut < len; cut += 1 + cut / 8) {
        CxAudit *back = NULL;
        int status = cx_audit_deserialize(bytes, cut, &back);
        ck_assert_msg(status == CX_E_CORRUPT, "cut at %zu: %s", cut, cx_status_name(status));
        ck_assert_ptr_null(back);
    }
    cx_free(bytes);
    /* Found by fuzz-deserialize-audit: a location with more scored visits than the whole. */
    size_t flen;
    char *found = cx_test_read_file(cx_test_data_path("fuzz/audit-state-segment-over-scored.bin"),
                                    &flen);
    CxAudit *bad = (CxAudit *)&bad;
    ck_assert_int_eq(cx_audit_deserialize((const uint8_t *)found, flen, &bad), CX_E_CORRUPT);
    ck_assert_ptr_null(bad);
    free(found);
    /* And a state whose stored mean score is -7.3e-304 (read, as stored means have a tolerance
     * of 1e-9): its mean is reported as 0, the bound of visit scores, not below it. */
    found = cx_test_read_file(cx_test_data_path("fuzz/audit-state-mean-below-zero.bin"), &flen);
    cx_test_state_seal((unsigned char *)found, flen);
    ck_assert_int_eq(cx_audit_deserialize((const uint8_t *)found, flen, &bad), CX_OK);
    CxAuditResult low = { .size = sizeof low };
    ck_assert_int_eq(cx_audit_result(bad, 0.95, &low), CX_OK);
    ck_assert_uint_gt(low.scored, 0);
    ck_assert_msg(low.mean >= 0.0 && low.mean <= 100.0, "mean %g outside [0, 100]", low.mean);
    cx_audit_free(bad);
    free(found);
    for (int k = 0; k < 3; k++)
        cx_audit_free(shard[k]);
    cx_audit_free(copy);
    cx_audit_free(whole);
    cx_checklist_free(c);
}
END_TEST

/* ---- hand-made visits --------------------------------------------------------------------------- */

static const char SMALL[] = "[checklist]\n"
                            "pass_mark = 75\n"
                            "critical = %s\n"
                            "[sections]\n"
                            "a = First\n"
                            "b = Second\n"
                            "[item Q1]\nsection = a\npoints = 4\ntype = yesno\ncritical = yes\n"
                            "[item Q2]\nsection = a\npoints = 6\ntype = rating\nscale = 1-5\n"
                            "pass = 4\nscoring = proportional\nna = yes\n"
                            "[item Q3]\nsection = b\npoints = 10\ntype = measure\ntarget = 30\n"
                            "compare = at_most\n";

static CxAudit *
small_audit(const char *rule)
{
    gchar *text = g_strdup_printf(SMALL, rule);
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_msg(cx_checklist_load_data(c, text, strlen(text)) == CX_OK, "%s",
                  cx_checklist_error_message(c));
    g_free(text);
    CxAudit *a = NULL;
    ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, &a), CX_OK);
    cx_checklist_free(c);
    const char *cols[] = { "location", "shopper", "date", "Q1", "Q2", "Q3" };
    ck_assert_int_eq(cx_audit_set_columns(a, cols, 6, 1), CX_OK);
    return a;
}

static double
one_visit(const char *rule, const char *q1, const char *q2, const char *q3)
{
    CxAudit *a = small_audit(rule);
    const char *row[] = { "L1", "s1", "2026-03-04", q1, q2, q3 };
    ck_assert_int_eq(cx_audit_add_row(a, row, NULL, 6, 2), CX_OK);
    CxAuditResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_result(a, 0.95, &r), CX_OK);
    cx_audit_free(a);
    return r.mean;
}

START_TEST(test_scoring_rules)
{
    /* By hand: Q2 = 3 on 1-5 earns 6 · 2/4 = 3; Q3 = 25 s ≤ 30 earns 10. */
    assert_rel(one_visit("visit", "yes", "3", "25"), 100.0 * 17.0 / 20.0, 1e-15);
    /* N/A leaves Q2's 6 points out of both: (4 + 10)/14. */
    assert_rel(one_visit("visit", "yes", "N/A", "25"), 100.0, 1e-15);
    /* 31 s misses the target. */
    assert_rel(one_visit("visit", "yes", "5", "31"), 100.0 * 10.0 / 20.0, 1e-15);
    /* A critical "no" zeroes the visit, or only its section a (Q3's 10 of 20 stay). */
    assert_rel(one_visit("visit", "no", "5", "10"), 0.0, 0.0);
    assert_rel(one_visit("section", "no", "5", "10"), 50.0, 1e-15);
    /* A blank critical item is counted, and leaves its points out. */
    CxAudit *a = small_audit("visit");
    const char *row1[] = { "L1", "s1", "2026-03-04", "", "4", "20" };
    const char *row2[] = { "L1", "s2", "2026-03-05", "maybe", "9", "fast" };
    const char *row3[] = { "L2", "", "not a date", "", "N/A", "" };
    ck_assert_int_eq(cx_audit_add_row(a, row1, NULL, 6, 2), CX_OK);
    ck_assert_int_eq(cx_audit_add_row(a, row2, NULL, 6, 3), CX_OK);
    ck_assert_int_eq(cx_audit_add_row(a, row3, NULL, 6, 4), CX_OK);
    CxAuditResult r = { .size = sizeof r };
    ck_assert_int_eq(cx_audit_result(a, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.visits, 3);
    ck_assert_uint_eq(r.scored, 1); /* row 2 has nothing valid, row 3 nothing applicable */
    assert_rel(r.mean, 100.0 * (4.5 + 10.0) / 16.0, 1e-15);
    ck_assert_uint_eq(r.rejected_critical_blank, 2);
    ck_assert_uint_eq(r.rejected_answer, 3);
    ck_assert_uint_eq(r.rejected_no_applicable, 2);
    ck_assert_uint_eq(r.rejected_date, 1);
    ck_assert_uint_eq(r.rejected_missing_segment, 1);
    /* The list names lines and columns: row 2 rejects columns 3, 4, 5. */
    const struct {
        uint64_t line;
        size_t column;
        int reason;
    } want[] = {
        { 2, 3, CX_AUDIT_REJECT_CRITICAL_BLANK }, { 3, 3, CX_AUDIT_REJECT_ANSWER },
        { 3, 4, CX_AUDIT_REJECT_ANSWER },         { 3, 5, CX_AUDIT_REJECT_ANSWER },
        { 3, (size_t)-1, CX_AUDIT_REJECT_NO_APPLICABLE },
        { 4, 3, CX_AUDIT_REJECT_CRITICAL_BLANK }, { 4, 1, CX_AUDIT_REJECT_MISSING_SEGMENT },
        { 4, 2, CX_AUDIT_REJECT_DATE },           { 4, (size_t)-1, CX_AUDIT_REJECT_NO_APPLICABLE },
    };
    ck_assert_uint_eq(cx_audit_reject_listed(a), G_N_ELEMENTS(want));
    for (size_t k = 0; k < G_N_ELEMENTS(want); k++) {
        uint64_t line;
        size_t column;
        int reason;
        ck_assert_int_eq(cx_audit_reject(a, k, &line, &column, &reason), CX_OK);
        ck_assert_msg(line == want[k].line && column == want[k].column &&
                          reason == want[k].reason,
                      "reject %zu: expected line %" PRIu64 " column %zu reason %d, got %" PRIu64
                      " %zu %d", k, want[k].line, want[k].column, want[k].reason, line, column,
                      reason);
    }
    ck_assert_int_eq(cx_audit_reject(a, 99, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
    /* Unknown and duplicate columns. */
    const char *cols[] = { "location", "Q1", "Q9", "comments", "visit" };
    ck_assert_int_eq(cx_audit_set_columns(a, cols, 5, 1), CX_OK);
    ck_assert_int_eq(cx_audit_result(a, 0.95, &r), CX_OK);
    ck_assert_uint_eq(r.rejected_unknown_item, 1);
    const char *dup[] = { "Q1", "Q1" };
    ck_assert_int_eq(cx_audit_set_columns(a, dup, 2, 1), CX_E_COLUMN_DUPLICATE);
    cx_audit_free(a);
}
END_TEST

/* ---- checklist errors -------------------------------------------------------------------------- */

START_TEST(test_checklist_errors)
{
    static const struct {
        const char *text;
        uint64_t line;
        const char *message;
    } cases[] = {
        { "[checklist]\npass_mark = 80\ncritical = store\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = yesno\n",
          3, "unknown critical rule 'store'" },
        { "[checklist]\npass_mark = 80\ncritical = visit\ntotal_points = 100\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 60\ntype = yesno\n"
          "[item Y]\nsection = a\npoints = 30\ntype = yesno\n",
          4, "add up to 90, not total_points = 100" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = b\npoints = 1\ntype = yesno\n",
          7, "section 'b' is not in [sections]" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = rating\nscale = 1-5\n",
          6, "needs scale and pass" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = stars\n",
          9, "unknown type 'stars'" },
        { "[checklist]\npass_mark = 180\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = yesno\n",
          2, "pass_mark must be a score from 0 to 100" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\nb = B\n"
          "[item X]\nsection = a\npoints = 1\ntype = yesno\n",
          6, "section b has no item" },
        { "[checklist]\npass_mark = 80\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = yesno\n",
          1, "needs critical = section or visit" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = -1\ntype = yesno\n",
          8, "points must be a number" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = yesno\ntarget = 3\n",
          6, "target and compare are for measure items" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[item X]\nsection = a\npoints = 1\ntype = yesno\ncritical = maybe\n",
          10, "critical must be yes or no" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n"
          "[thing]\nx = 1\n",
          6, "unknown group [thing]" },
        { "[checklist]\npass_mark = 80\ncritical = visit\n[sections]\na = A\n", 0,
          "no [item ID] group" },
        { "pass_mark = 80\n", 1, "key outside any [group]" },
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        CxChecklist *c = NULL;
        ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
        int status = cx_checklist_load_data(c, cases[k].text, strlen(cases[k].text));
        ck_assert_msg(status == CX_E_PARSE, "case %zu: %s", k, cx_status_name(status));
        ck_assert_msg(strstr(cx_checklist_error_message(c), cases[k].message) != NULL,
                      "case %zu: expected '%s' in '%s'", k, cases[k].message,
                      cx_checklist_error_message(c));
        ck_assert_msg(cx_checklist_error_line(c) == cases[k].line,
                      "case %zu: expected line %" PRIu64 ", got %" PRIu64 " (%s)", k,
                      cases[k].line, cx_checklist_error_line(c), cx_checklist_error_message(c));
        ck_assert_uint_eq(cx_checklist_item_count(c), 0);
        CxAudit *a = NULL;
        ck_assert_int_eq(cx_audit_new(c, CX_PERIOD_MONTH, &a), CX_E_INVALID_ARGUMENT);
        cx_checklist_free(c);
    }
    CxChecklist *c = NULL;
    ck_assert_int_eq(cx_checklist_new(&c), CX_OK);
    ck_assert_int_eq(cx_checklist_load_file(c, EXAMPLES "no-such-file.ini"), CX_E_IO);
    ck_assert_int_eq(cx_checklist_load_file(c, EXAMPLES "retail-checklist.ini"), CX_OK);
    ck_assert_str_eq(cx_checklist_name(c), "Retail store visit");
    ck_assert_uint_eq(cx_checklist_item_count(c), 21);
    ck_assert_uint_eq(cx_checklist_section_count(c), 6);
    ck_assert_int_eq(cx_checklist_critical_rule(c), CX_AUDIT_CRITICAL_VISIT);
    ck_assert(cx_checklist_pass_mark(c) == 80.0);
    size_t i;
    ck_assert_int_eq(cx_checklist_item_index(c, "C4", &i), CX_OK);
    ck_assert_int_eq(cx_checklist_item_type(c, i), CX_AUDIT_YES_NO);
    ck_assert_int_eq(cx_checklist_item_critical(c, i), 1);
    ck_assert_int_eq(cx_checklist_item_na_allowed(c, i), 1);
    ck_assert(cx_checklist_item_points(c, i) == 8.0);
    ck_assert_int_eq(cx_checklist_item_index(c, "Z1", &i), CX_E_COLUMN_NOT_FOUND);
    /* Loading into a loaded checklist is refused. */
    ck_assert_int_eq(cx_checklist_load_data(c, "", 0), CX_E_INVALID_ARGUMENT);
    cx_checklist_free(c);
}
END_TEST

static Suite *
audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *sample = tcase_create("sample export against pandas and R");
    tcase_set_timeout(sample, 60);
    tcase_add_test(sample, test_sample_overall);
    tcase_add_test(sample, test_sample_items);
    tcase_add_test(sample, test_sample_segments);
    tcase_add_test(sample, test_sample_shoppers);
    tcase_add_test(sample, test_merge_copy_serialize);
    suite_add_tcase(s, sample);
    TCase *rules = tcase_create("rules and bad input");
    tcase_add_test(rules, test_scoring_rules);
    tcase_add_test(rules, test_checklist_errors);
    suite_add_tcase(s, rules);
    return s;
}

int
main(void)
{
    return cx_test_run(audit_suite());
}
