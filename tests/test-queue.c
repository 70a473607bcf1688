/* SPDX-License-Identifier: MIT */
/* The follow-up queue (cx-queue.h): the priority by hand, the top K of a stream equal to the head
 * of a full sort (with ties), merges of shards in any order, and the order of
 * tests/data/queue/expected-nps.csv, which pandas sorted (tests/data/queue/make.py). */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

START_TEST(priority_by_hand)
{
    double p = 0;
    /* 1000 x (1 + 36 h / 24 h) = 2500; no wait: the value; no value: 0. */
    ck_assert_int_eq(cx_queue_priority(1000.0, 36 * 3600.0, 86400.0, &p), CX_OK);
    ck_assert_double_eq(p, 2500.0);
    ck_assert_int_eq(cx_queue_priority(1000.0, 0.0, 86400.0, &p), CX_OK);
    ck_assert_double_eq(p, 1000.0);
    ck_assert_int_eq(cx_queue_priority(0.0, 1e6, 86400.0, &p), CX_OK);
    ck_assert_double_eq(p, 0.0);
    /* Waiting one scale doubles the priority: V who waited τ ranks with 2V now. */
    double a, b;
    ck_assert_int_eq(cx_queue_priority(400.0, 43200.0, 43200.0, &a), CX_OK);
    ck_assert_int_eq(cx_queue_priority(800.0, 0.0, 43200.0, &b), CX_OK);
    ck_assert_double_eq(a, b);
}
END_TEST

typedef struct {
    double priority;
    uint64_t line;
    char bytes[8];
} Ref;

/* Best first: priority descending, line ascending, bytes ascending. */
static int
ref_order(const void *pa, const void *pb)
{
    const Ref *a = pa, *b = pb;
    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return strcmp(a->bytes, b->bytes);
}

static void
check_head(CxQueue *q, const Ref *sorted, size_t n, size_t k)
{
    size_t want = k && k < n ? k : n;
    ck_assert_uint_eq(cx_queue_size(q), want);
    ck_assert_uint_eq(cx_queue_offered(q), n);
    for (size_t r = 0; r < want; r++) {
        double p;
        uint64_t line;
        const void *item;
        size_t len;
        ck_assert_int_eq(cx_queue_get(q, r, &p, &line, &item, &len), CX_OK);
        ck_assert_msg(p == sorted[r].priority && line == sorted[r].line &&
                          len == strlen(sorted[r].bytes) && memcmp(item, sorted[r].bytes, len) == 0,
                      "k %zu rank %zu: expected %g line %llu '%s', got %g line %llu", k, r,
                      sorted[r].priority, (unsigned long long)sorted[r].line, sorted[r].bytes, p,
                      (unsigned long long)line);
    }
}

START_TEST(top_k_is_the_head_of_a_full_sort)
{
    GRand *rng = g_rand_new_with_seed(18);
    enum { N = 2000 };
    Ref *items = g_new(Ref, N);
    for (size_t i = 0; i < N; i++) {
        /* Few distinct priorities and lines, so that both tie-breaks are exercised. */
        items[i].priority = (double)g_rand_int_range(rng, 0, 40) / 4.0;
        items[i].line = (uint64_t)g_rand_int_range(rng, 1, 300);
        g_snprintf(items[i].bytes, sizeof items[i].bytes, "%d", g_rand_int_range(rng, 0, 999));
    }
    Ref *sorted = g_memdup2(items, N * sizeof *items);
    qsort(sorted, N, sizeof *sorted, ref_order);
    const size_t ks[] = { 1, 2, 7, 100, N - 1, N, N + 5, 0 };
    for (size_t t = 0; t < G_N_ELEMENTS(ks); t++) {
        CxQueue *q = NULL;
        ck_assert_int_eq(cx_queue_new(ks[t], &q), CX_OK);
        for (size_t i = 0; i < N; i++) {
            ck_assert_int_eq(cx_queue_push(q, items[i].priority, items[i].line, items[i].bytes,
                                           strlen(items[i].bytes), NULL),
                             CX_OK);
            if (i == N / 2) /* reading in the middle leaves a valid heap */
                cx_queue_get(q, 0, NULL, NULL, NULL, NULL);
        }
        check_head(q, sorted, N, ks[t]);
        /* A copy, a round trip through the serialized state, and a reset. */
        CxQueue *c = NULL, *d = NULL;
        ck_assert_int_eq(cx_queue_copy(q, &c), CX_OK);
        check_head(c, sorted, N, ks[t]);
        uint8_t *bytes = NULL, *again = NULL;
        size_t len = 0, len2 = 0;
        ck_assert_int_eq(cx_queue_serialize(q, &bytes, &len), CX_OK);
        ck_assert_int_eq(cx_queue_deserialize(bytes, len, &d), CX_OK);
        check_head(d, sorted, N, ks[t]);
        ck_assert_int_eq(cx_queue_serialize(c, &again, &len2), CX_OK);
        ck_assert_msg(len == len2 && memcmp(bytes, again, len) == 0,
                      "equal queues, different states");
        /* An item out of rank order is corrupt: swap the first two priorities (worst first). */
        if (cx_queue_size(q) > 1 && sorted[cx_queue_size(q) - 1].priority !=
                                        sorted[cx_queue_size(q) - 2].priority) {
            CxQueue *bad = (CxQueue *)q;
            size_t at = 0;
            double lo = sorted[cx_queue_size(q) - 1].priority;
            while (at + 8 <= len && memcmp(bytes + at, &lo, 8) != 0)
                at++;
            ck_assert_uint_lt(at + 16, len);
            memcpy(bytes + at, bytes + at + 8, 8);
            memcpy(bytes + at + 8, &lo, 8);
            cx_test_state_seal(bytes, len);
            ck_assert_int_eq(cx_queue_deserialize(bytes, len, &bad), CX_E_CORRUPT);
            ck_assert_ptr_null(bad);
        }
        cx_free(bytes);
        cx_free(again);
        cx_queue_free(d);
        ck_assert_int_eq(cx_queue_reset(q), CX_OK);
        ck_assert_uint_eq(cx_queue_size(q), 0);
        ck_assert_uint_eq(cx_queue_offered(q), 0);
        cx_queue_free(c);
        cx_queue_free(q);
    }
    /* Shards merged in both orders give the same queue. */
    for (int order = 0; order < 2; order++) {
        CxQueue *shard[3] = { NULL, NULL, NULL };
        for (int s = 0; s < 3; s++)
            ck_assert_int_eq(cx_queue_new(25, &shard[s]), CX_OK);
        for (size_t i = 0; i < N; i++)
            ck_assert_int_eq(cx_queue_push(shard[i % 3], items[i].priority, items[i].line,
                                           items[i].bytes, strlen(items[i].bytes), NULL),
                             CX_OK);
        CxQueue *dst = shard[order ? 2 : 0];
        ck_assert_int_eq(cx_queue_merge(dst, shard[1]), CX_OK);
        ck_assert_int_eq(cx_queue_merge(dst, shard[order ? 0 : 2]), CX_OK);
        check_head(dst, sorted, N, 25);
        for (int s = 0; s < 3; s++)
            cx_queue_free(shard[s]);
    }
    g_free(sorted);
    g_free(items);
    g_rand_free(rng);
}
END_TEST

START_TEST(kept_reports_the_verdict)
{
    CxQueue *q = NULL;
    int kept = -1;
    ck_assert_int_eq(cx_queue_new(2, &q), CX_OK);
    ck_assert_int_eq(cx_queue_push(q, 5.0, 10, "a", 1, &kept), CX_OK);
    ck_assert_int_eq(kept, 1);
    ck_assert_int_eq(cx_queue_push(q, 5.0, 11, "b", 1, &kept), CX_OK);
    ck_assert_int_eq(kept, 1);
    /* Equal priority, a later line: ranks below both, not kept. */
    ck_assert_int_eq(cx_queue_push(q, 5.0, 12, "c", 1, &kept), CX_OK);
    ck_assert_int_eq(kept, 0);
    /* An earlier line wins the tie and pushes out line 11. */
    ck_assert_int_eq(cx_queue_push(q, 5.0, 9, "d", 1, &kept), CX_OK);
    ck_assert_int_eq(kept, 1);
    uint64_t line;
    ck_assert_int_eq(cx_queue_get(q, 0, NULL, &line, NULL, NULL), CX_OK);
    ck_assert_uint_eq(line, 9);
    ck_assert_int_eq(cx_queue_get(q, 1, NULL, &line, NULL, NULL), CX_OK);
    ck_assert_uint_eq(line, 10);
    ck_assert_int_eq(cx_queue_get(q, 2, NULL, &line, NULL, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_queue_offered(q), 4);
    cx_queue_free(q);
}
END_TEST

START_TEST(order_matches_pandas)
{
    /* expected-nps.csv: rank,response_id,customer_id,line,reason,value,waited_hours,priority,...
     * pushed from the last row to the first into a queue of 10: the queue's order must be the
     * file's (pandas' sort by priority, then line). */
    FILE *fp = fopen(cx_test_data_path("queue/expected-nps.csv"), "r");
    ck_assert_ptr_nonnull(fp);
    char buf[512];
    GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
    ck_assert_ptr_nonnull(fgets(buf, sizeof buf, fp));
    while (fgets(buf, sizeof buf, fp))
        g_ptr_array_add(rows, g_strdup(buf));
    fclose(fp);
    ck_assert_uint_gt(rows->len, 100);
    CxQueue *q = NULL;
    ck_assert_int_eq(cx_queue_new(10, &q), CX_OK);
    gboolean tie = FALSE;
    double last = -1;
    for (guint i = rows->len; i-- > 0;) {
        gchar **f = g_strsplit(g_ptr_array_index(rows, i), ",", 9);
        double value = g_ascii_strtod(f[5], NULL), waited = g_ascii_strtod(f[6], NULL) * 3600.0,
               p;
        ck_assert_int_eq(cx_queue_priority(value, waited, 86400.0, &p), CX_OK);
        cx_assert_close(p, g_ascii_strtod(f[7], NULL), 1e-9 * p);
        tie = tie || p == last;
        last = p;
        ck_assert_int_eq(cx_queue_push(q, p, g_ascii_strtoull(f[3], NULL, 10), f[1],
                                       strlen(f[1]), NULL),
                         CX_OK);
        g_strfreev(f);
    }
    for (size_t r = 0; r < 10; r++) {
        gchar **f = g_strsplit(g_ptr_array_index(rows, r), ",", 9);
        uint64_t line;
        const void *item;
        size_t len;
        ck_assert_int_eq(cx_queue_get(q, r, NULL, &line, &item, &len), CX_OK);
        ck_assert_msg(line == g_ascii_strtoull(f[3], NULL, 10) && len == strlen(f[1]) &&
                          memcmp(item, f[1], len) == 0,
                      "rank %zu: expected %s (line %s), got line %llu", r + 1, f[1], f[3],
                      (unsigned long long)line);
        g_strfreev(f);
    }
    ck_assert_msg(tie, "the reference has equal priorities (R0011 and R0012)");
    cx_queue_free(q);
    g_ptr_array_unref(rows);
}
END_TEST

static Suite *
queue_suite(void)
{
    Suite *s = suite_create("queue");
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, priority_by_hand);
    tcase_add_test(ref, order_matches_pandas);
    suite_add_tcase(s, ref);
    TCase *prop = tcase_create("properties");
    tcase_add_test(prop, top_k_is_the_head_of_a_full_sort);
    tcase_add_test(prop, kept_reports_the_verdict);
    suite_add_tcase(s, prop);
    return s;
}

int
main(void)
{
    return cx_test_run(queue_suite());
}
