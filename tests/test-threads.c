/* SPDX-License-Identifier: MIT */
/*
 * Threads (cx-nps.h: "one accumulator per thread, merged at the end"): each thread parses its own
 * slice of one shared, read-only CSV export with its own reader and scores it into its own NPS,
 * rating, loyalty-index and alpha accumulators; the main thread merges them. The merged results
 * must equal one pass over the whole export: counts exactly, and every figure bit for bit where
 * the sums are exact (weights are multiples of 1/4), alpha within rounding. Run under
 * ThreadSanitizer in CI (.ci/run), which reports any data race between the threads.
 */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "test-common.h"

enum { THREADS = 4, ROWS = 20000 };

typedef struct {
    CxNps *nps;
    CxRating *csat;
    CxLoyaltyIndex *loyalty;
    CxAlpha *alpha;
} Scores;

static Scores
scores_new(void)
{
    Scores s = { NULL, NULL, NULL, NULL };
    ck_assert_int_eq(cx_nps_new(&s.nps), CX_OK);
    ck_assert_int_eq(cx_rating_new_preset(CX_RATING_CSAT, &s.csat), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_new(CX_MISSING_PAIRWISE, &s.loyalty), CX_OK);
    ck_assert_int_eq(cx_alpha_new(3, CX_MISSING_PAIRWISE, &s.alpha), CX_OK);
    return s;
}

static void
scores_free(Scores *s)
{
    cx_nps_free(s->nps);
    cx_rating_free(s->csat);
    cx_loyalty_index_free(s->loyalty);
    cx_alpha_free(s->alpha);
}

/* A messy export: scores 0–12 and text, blanks, CSAT 0–6, weights in quarters. */
static GString *
make_export(void)
{
    GString *csv = g_string_new("score,repurchase,cross_buy,csat,weight\n");
    guint32 x = 12345;
    for (int i = 0; i < ROWS; i++) {
        x = x * 1103515245u + 12345u; /* a fixed LCG: the same export every run */
        unsigned a = (x >> 8) % 14, b = (x >> 12) % 12, c = (x >> 16) % 11, d = (x >> 20) % 7;
        double w = (double)((x >> 24) % 12) / 4.0;
        char score[8], csat[8];
        if (a >= 12)
            g_strlcpy(score, a == 13 ? "N/A" : "7a", sizeof score);
        else
            g_snprintf(score, sizeof score, "%u", a);
        if (d == 0)
            csat[0] = '\0';
        else
            g_snprintf(csat, sizeof csat, "%u", d);
        g_string_append_printf(csv, "%s,%u,%u,%s,", score, b, c, csat);
        char wbuf[G_ASCII_DTOSTR_BUF_SIZE];
        g_string_append_printf(csv, "%s\n", g_ascii_dtostr(wbuf, sizeof wbuf, w));
    }
    return csv;
}

/* Scores rows [first, last) of the export (0-based data rows). */
static void
score_rows(const GString *csv, int first, int last, Scores *s)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(csv->str, csv->len, &r), CX_OK);
    for (int row = 0; row < last && cx_reader_next(r) == CX_ROW; row++) {
        if (row < first)
            continue;
        const char *text;
        size_t len;
        double answers[3], weight;
        ck_assert_int_eq(cx_reader_field_number(r, 4, &weight), CX_CELL_NUMBER);
        cx_reader_field(r, 0, &text, &len);
        cx_nps_add_text(s->nps, text, len, weight);
        cx_reader_field(r, 3, &text, &len);
        cx_rating_add_text(s->csat, text, len, weight);
        for (int j = 0; j < 3; j++)
            if (cx_reader_field_number(r, (size_t)j, &answers[j]) != CX_CELL_NUMBER)
                answers[j] = NAN;
        cx_loyalty_index_add(s->loyalty, answers, weight);
        cx_alpha_add(s->alpha, answers);
    }
    cx_reader_free(r);
}

typedef struct {
    const GString *csv;
    int first, last;
    Scores scores;
} Shard;

static gpointer
run_shard(gpointer p)
{
    Shard *sh = p;
    score_rows(sh->csv, sh->first, sh->last, &sh->scores);
    return NULL;
}

START_TEST(threads_with_their_own_accumulators_merge_to_one_pass)
{
    GString *csv = make_export();
    Scores one = scores_new();
    score_rows(csv, 0, ROWS, &one);

    Shard shards[THREADS];
    GThread *threads[THREADS];
    for (int t = 0; t < THREADS; t++) {
        shards[t] = (Shard){ csv, t * ROWS / THREADS, (t + 1) * ROWS / THREADS, scores_new() };
        threads[t] = g_thread_new("shard", run_shard, &shards[t]);
    }
    Scores merged = scores_new();
    for (int t = 0; t < THREADS; t++) {
        g_thread_join(threads[t]);
        ck_assert_int_eq(cx_nps_merge(merged.nps, shards[t].scores.nps), CX_OK);
        ck_assert_int_eq(cx_rating_merge(merged.csat, shards[t].scores.csat), CX_OK);
        ck_assert_int_eq(cx_loyalty_index_merge(merged.loyalty, shards[t].scores.loyalty), CX_OK);
        ck_assert_int_eq(cx_alpha_merge(merged.alpha, shards[t].scores.alpha), CX_OK);
        scores_free(&shards[t].scores);
    }

    CxNpsResult n1 = { .size = sizeof n1 }, n2 = { .size = sizeof n2 };
    ck_assert_int_eq(cx_nps_result(one.nps, &n1), CX_OK);
    ck_assert_int_eq(cx_nps_result(merged.nps, &n2), CX_OK);
    ck_assert_uint_eq(n1.n + n1.missing + n1.rejected, ROWS);
    ck_assert_msg(memcmp(&n1, &n2, sizeof n1) == 0, "NPS %.17g (one pass) vs %.17g (threads)",
                  n1.nps, n2.nps);

    CxRatingResult r1 = { .size = sizeof r1 }, r2 = { .size = sizeof r2 };
    ck_assert_int_eq(cx_rating_result(one.csat, 0.95, &r1), CX_OK);
    ck_assert_int_eq(cx_rating_result(merged.csat, 0.95, &r2), CX_OK);
    ck_assert_msg(memcmp(&r1, &r2, sizeof r1) == 0, "CSAT mean %.17g vs %.17g", r1.mean, r2.mean);

    CxLoyaltyIndexResult l1 = { .size = sizeof l1 }, l2 = { .size = sizeof l2 };
    ck_assert_int_eq(cx_loyalty_index_result(one.loyalty, 0.95, &l1), CX_OK);
    ck_assert_int_eq(cx_loyalty_index_result(merged.loyalty, 0.95, &l2), CX_OK);
    ck_assert(memcmp(&l1, &l2, offsetof(CxLoyaltyIndexResult, item_mean)) == 0);
    cx_assert_close(l2.mean_index, l1.mean_index, 1e-12);
    cx_assert_close(l2.net_index, l1.net_index, 1e-12);
    cx_assert_close(l2.mean_index_ci_lower, l1.mean_index_ci_lower, 1e-9);

    CxAlphaResult a1 = { .size = sizeof a1 }, a2 = { .size = sizeof a2 };
    ck_assert_int_eq(cx_alpha_result(one.alpha, 0.95, &a1), CX_OK);
    ck_assert_int_eq(cx_alpha_result(merged.alpha, 0.95, &a2), CX_OK);
    ck_assert(memcmp(&a1, &a2, offsetof(CxAlphaResult, alpha)) == 0);
    cx_assert_close(a2.alpha, a1.alpha, 1e-12);
    cx_assert_close(a2.ci_lower, a1.ci_lower, 1e-12);

    scores_free(&one);
    scores_free(&merged);
    g_string_free(csv, TRUE);
}
END_TEST

static Suite *
threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("merge");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, threads_with_their_own_accumulators_merge_to_one_pass);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(threads_suite());
}
