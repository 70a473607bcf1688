/* SPDX-License-Identifier: MIT */
/* cxscore servqual: SERVQUAL gaps, importance weights, SERVPERF, zone of tolerance and
 * reliability of a CSV export, overall and by segment. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "cli-common.h"
#include "cli-report.h"

#define CMD "servqual"

typedef struct {
    char *instrument, *e, *p, *w, *a, *d, *by, *missing, *level, *format, *baseline;
    int threads;
} Options;

typedef struct {
    const CxInstrument *instrument;
    int mode;
} Spec;

static void *
sq_new(void *user)
{
    const Spec *s = user;
    CxServqual *acc = NULL;
    cli_created(cx_servqual_new(s->instrument, s->mode, &acc));
    return acc;
}

static void
sq_free(void *acc)
{
    cx_servqual_free(acc);
}

/* ---- a batch of respondents, as cx_servqual_add_rows() takes them ------------------------------ */

enum { S_E, S_P, S_A, S_D, S_W, SERIES };

/* One row-major array per series the file has (E, P, A, D: one value per item; W: per
 * dimension), NULL for the others. */
typedef struct {
    double *series[SERIES];
    size_t width[SERIES];
} Answers;

static void
answers_init(Answers *a, const gboolean have[SERIES], size_t items, size_t dims)
{
    for (int s = 0; s < SERIES; s++) {
        a->width[s] = s == S_W ? dims : items;
        a->series[s] = have[s] ? g_new(double, CLI_BATCH_ROWS * a->width[s]) : NULL;
    }
}

static void
answers_clear(Answers *a)
{
    for (int s = 0; s < SERIES; s++)
        g_free(a->series[s]);
}

/* Series s of row r, or NULL. */
static const double *
answers_row(const Answers *a, int s, size_t r)
{
    return a->series[s] ? a->series[s] + r * a->width[s] : NULL;
}

static int
answers_add(CxServqual *sq, const Answers *a, size_t first, size_t n)
{
    return cx_servqual_add_rows(sq, n, answers_row(a, S_E, first), answers_row(a, S_P, first),
                                answers_row(a, S_W, first), answers_row(a, S_A, first),
                                answers_row(a, S_D, first));
}

/* A cell as the library takes it: the number, NaN for a blank, or +infinity for text (counted
 * and not scored). A single digit, nearly every cell of a survey export, is read here. */
static inline double
answer_value(const char *text, size_t len)
{
    if (len == 1 && text[0] >= '0' && text[0] <= '9')
        return (double)(text[0] - '0');
    double v;
    int kind = cx_cell_parse_number(text, len, &v);
    return kind == CX_CELL_NUMBER ? v : kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
}

/* Adds each row of the batch to its segment's accumulator, acc[r], in file order: the rows of
 * one segment are gathered into `gather` and added together, so that a segment with many rows in
 * the batch gets the library's block path. */
typedef struct {
    GHashTable *slot;  /* accumulator -> its index in `touched` + 1 */
    GPtrArray *touched;
    size_t *head, *tail, *next;
    Answers gather;
} SegmentRows;

static void
segment_rows_init(SegmentRows *g, const gboolean have[SERIES], size_t items, size_t dims)
{
    g->slot = g_hash_table_new(NULL, NULL);
    g->touched = g_ptr_array_new();
    g->head = g_new(size_t, CLI_BATCH_ROWS);
    g->tail = g_new(size_t, CLI_BATCH_ROWS);
    g->next = g_new(size_t, CLI_BATCH_ROWS);
    answers_init(&g->gather, have, items, dims);
}

static void
segment_rows_clear(SegmentRows *g)
{
    if (!g->slot)
        return;
    g_hash_table_destroy(g->slot);
    g_ptr_array_free(g->touched, TRUE);
    g_free(g->head);
    g_free(g->tail);
    g_free(g->next);
    answers_clear(&g->gather);
}

/* Returns the first error of cx_servqual_add_rows(), or CX_OK. */
static int
segment_rows_add(SegmentRows *g, CxServqual *const *acc, const Answers *batch, size_t rows)
{
    g_hash_table_remove_all(g->slot);
    g_ptr_array_set_size(g->touched, 0);
    for (size_t r = 0; r < rows; r++) {
        size_t at = GPOINTER_TO_SIZE(g_hash_table_lookup(g->slot, acc[r]));
        if (at == 0) {
            g_ptr_array_add(g->touched, acc[r]);
            at = g->touched->len;
            g_hash_table_insert(g->slot, acc[r], GSIZE_TO_POINTER(at));
            g->head[at - 1] = r;
        } else {
            g->next[g->tail[at - 1]] = r;
        }
        g->tail[at - 1] = r;
        g->next[r] = SIZE_MAX;
    }
    for (size_t t = 0; t < g->touched->len; t++) {
        size_t n = 0;
        for (size_t r = g->head[t]; r != SIZE_MAX; r = g->next[r], n++)
            for (int s = 0; s < SERIES; s++)
                if (batch->series[s])
                    memcpy(g->gather.series[s] + n * batch->width[s], answers_row(batch, s, r),
                           batch->width[s] * sizeof(double));
        int st = answers_add(g_ptr_array_index(g->touched, t), &g->gather, 0, n);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

/* ---- reading and adding at once ------------------------------------------------------------- */

/*
 * With two threads, the main thread reads and converts batch n + 1 while a second one adds batch
 * n: two batches take turns through a pair of queues. The library gets the same calls with the
 * same rows in the same order as on one thread, so the figures are the same bit for bit.
 */
typedef struct {
    Answers answers;
    CxServqual **acc; /* with --by: each row's segment */
    size_t rows;
    gboolean stop;    /* no more batches */
} Slot;

/* A queue of slots between the two threads. POSIX threads' own mutex and condition variable, so
 * that ThreadSanitizer sees the hand-over. */
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    Slot *item[4]; /* never more than the two slots and the stop mark */
    size_t head, count;
} Queue;

static void
queue_init(Queue *q)
{
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->changed, NULL);
    q->head = q->count = 0;
}

static void
queue_clear(Queue *q)
{
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->changed);
}

static void
queue_push(Queue *q, Slot *s)
{
    pthread_mutex_lock(&q->lock);
    g_assert(q->count < G_N_ELEMENTS(q->item));
    q->item[(q->head + q->count++) % G_N_ELEMENTS(q->item)] = s;
    pthread_cond_signal(&q->changed);
    pthread_mutex_unlock(&q->lock);
}

static Slot *
queue_pop(Queue *q)
{
    pthread_mutex_lock(&q->lock);
    while (q->count == 0)
        pthread_cond_wait(&q->changed, &q->lock);
    Slot *s = q->item[q->head];
    q->head = (q->head + 1) % G_N_ELEMENTS(q->item);
    q->count--;
    pthread_mutex_unlock(&q->lock);
    return s;
}

typedef struct {
    Queue full, empty;
    CxServqual *overall;
    SegmentRows *segments; /* NULL without --by */
    Slot slot[2];
    Slot stop;
    GThread *thread; /* NULL on one thread */
    Slot *current;   /* the slot being filled */
    int status;      /* the first failed add (then no more are made), else CX_OK */
} Adder;

static void
adder_add(Adder *ad, Slot *s)
{
    if (ad->status == CX_OK)
        ad->status = answers_add(ad->overall, &s->answers, 0, s->rows);
    if (ad->status == CX_OK && ad->segments)
        ad->status = segment_rows_add(ad->segments, s->acc, &s->answers, s->rows);
}

static gpointer
adder_run(gpointer data)
{
    Adder *ad = data;
    for (;;) {
        Slot *s = queue_pop(&ad->full);
        if (s->stop)
            return NULL;
        adder_add(ad, s);
        queue_push(&ad->empty, s);
    }
}

static void
adder_init(Adder *ad, guint threads, const gboolean have[SERIES], size_t items, size_t dims,
           CxServqual *overall, SegmentRows *segments)
{
    memset(ad, 0, sizeof *ad);
    ad->status = CX_OK;
    ad->overall = overall;
    ad->segments = segments;
    ad->stop.stop = TRUE;
    const int n_slots = threads > 1 ? 2 : 1;
    for (int i = 0; i < n_slots; i++) {
        answers_init(&ad->slot[i].answers, have, items, dims);
        ad->slot[i].acc = segments ? g_new(CxServqual *, CLI_BATCH_ROWS) : NULL;
    }
    ad->current = &ad->slot[0];
    if (n_slots > 1) {
        queue_init(&ad->full);
        queue_init(&ad->empty);
        queue_push(&ad->empty, &ad->slot[1]);
        ad->thread = g_thread_new("cxscore-add", adder_run, ad);
    }
}

/* Hands the filled slot over (or adds it, on one thread) and returns the next one to fill. */
static Slot *
adder_next(Adder *ad)
{
    if (!ad->thread) {
        adder_add(ad, ad->current);
        return ad->current;
    }
    queue_push(&ad->full, ad->current);
    ad->current = queue_pop(&ad->empty);
    return ad->current;
}

/* Waits until every batch handed over is added, frees the slots and returns the status of the
 * adds (read after the thread is joined). */
static int
adder_finish(Adder *ad)
{
    if (ad->thread) {
        queue_push(&ad->full, &ad->stop);
        g_thread_join(ad->thread);
        queue_clear(&ad->full);
        queue_clear(&ad->empty);
        ad->thread = NULL;
    }
    for (int i = 0; i < 2; i++) {
        answers_clear(&ad->slot[i].answers);
        g_free(ad->slot[i].acc);
        ad->slot[i].acc = NULL;
    }
    return ad->status;
}

/* Column indices of PREFIX<number> for every item (or dimension, for importance). A series is
 * used when all its columns exist; a partial set is an error that names the missing columns. */
static int
series_columns(CxReader *reader, const char *prefix, const int *numbers, size_t n, size_t *cols,
               gboolean *present)
{
    size_t found = 0;
    GString *absent = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        char *name = g_strdup_printf("%s%d", prefix, numbers[i]);
        int st = cx_reader_column_index(reader, name, &cols[i]);
        if (st == CX_OK)
            found++;
        else
            g_string_append_printf(absent, "%s%s", absent->len ? ", " : "", name);
        if (st == CX_E_COLUMN_DUPLICATE) {
            cli_error(CMD, "several columns are named '%s'", name);
            found = SIZE_MAX;
        }
        g_free(name);
    }
    int ok = found != SIZE_MAX && (found == 0 || found == n);
    if (found != SIZE_MAX && found > 0 && found < n)
        cli_error(CMD, "columns %s1... are incomplete: missing %s", prefix, absent->str);
    g_string_free(absent, TRUE);
    *present = found == n;
    return ok;
}

static const char *
mode_name(int mode)
{
    return mode == CX_MISSING_LISTWISE ? "listwise"
           : mode == CX_MISSING_RESPONDENT ? "respondent" : "pairwise";
}

/* ---- JSON ---------------------------------------------------------------------------------------- */

static void
json_scores(JsonBuilder *b, const CxServqual *sq, double level)
{
    const CxInstrument *in = cx_servqual_instrument(sq);
    CxServqualResult r = { .size = sizeof r };
    cx_servqual_result(sq, &r);
    cli_json_uint(b, "n", r.respondents_used);
    cli_json_uint(b, "respondents", r.respondents);
    cli_json_uint(b, "excluded", r.respondents_excluded);
    cli_json_uint(b, "missing", r.answers_missing);
    cli_json_uint(b, "not_applicable", r.answers_not_applicable);
    cli_json_uint(b, "rejected", r.rejected);
    json_builder_set_member_name(b, "rejected_by_reason");
    json_builder_begin_object(b);
    cli_json_uint(b, "out_of_scale", r.rejected_out_of_range);
    cli_json_uint(b, "not_integer", r.rejected_not_integer);
    cli_json_uint(b, "not_a_number", r.rejected_not_a_number);
    json_builder_end_object(b);
    cli_json_uint(b, "importance_used", r.importance_used);
    cli_json_uint(b, "importance_rejected", r.importance_rejected);
    cli_json_uint(b, "inversions", r.inversions);
    cli_json_double(b, "unweighted_score", r.unweighted_score);
    cli_json_double(b, "weighted_score", r.weighted_score);
    cli_json_double(b, "weighted_score_respondent", r.weighted_score_respondent);
    cli_json_double(b, "servperf", r.servperf);
    cli_json_double(b, "servperf_weighted", r.servperf_weighted);

    json_builder_set_member_name(b, "dimensions");
    json_builder_begin_array(b);
    for (size_t d = 0; d < cx_instrument_dimension_count(in); d++) {
        CxServqualDimension x = { .size = sizeof x };
        cx_servqual_dimension(sq, d, level, &x);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, cx_instrument_dimension_name(in, d));
        json_builder_set_member_name(b, "items");
        json_builder_begin_array(b);
        for (size_t i = 0; i < cx_instrument_item_count(in); i++)
            if (cx_instrument_item_dimension(in, i) == d)
                json_builder_add_int_value(b, cx_instrument_item_number(in, i));
        json_builder_end_array(b);
        cli_json_uint(b, "n", x.n_gap);
        cli_json_double(b, "expectation", x.expectation);
        cli_json_double(b, "perception", x.perception);
        cli_json_double(b, "gap", x.gap);
        cli_json_double(b, "gap_se", x.gap_se);
        cli_json_double(b, "gap_ci_lower", x.gap_ci_lower);
        cli_json_double(b, "gap_ci_upper", x.gap_ci_upper);
        cli_json_double(b, "t", x.gap_t);
        cli_json_double(b, "df", x.gap_df);
        cli_json_double(b, "p", x.gap_p_value);
        cli_json_double(b, "weight", x.weight);
        cli_json_double(b, "alpha_perception", x.alpha_perception);
        cli_json_double(b, "alpha_expectation", x.alpha_expectation);
        cli_json_double(b, "alpha_gap", x.alpha_gap);
        cli_json_double(b, "adequate", x.adequate);
        cli_json_double(b, "desired", x.desired);
        cli_json_double(b, "msa", x.msa);
        cli_json_double(b, "mss", x.mss);
        cli_json_double(b, "zone_width", x.zone_width);
        json_builder_set_member_name(b, "rank");
        if (x.rank)
            json_builder_add_int_value(b, x.rank);
        else
            json_builder_add_null_value(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "items");
    json_builder_begin_array(b);
    for (size_t i = 0; i < cx_instrument_item_count(in); i++) {
        CxServqualItem x = { .size = sizeof x };
        cx_servqual_item(sq, i, level, &x);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "item");
        json_builder_add_int_value(b, x.number);
        json_builder_set_member_name(b, "dimension");
        json_builder_add_string_value(b, cx_instrument_dimension_name(in, x.dimension));
        cli_json_uint(b, "n", x.n_gap);
        cli_json_uint(b, "n_expectation", x.n_expectation);
        cli_json_uint(b, "n_perception", x.n_perception);
        cli_json_double(b, "expectation", x.expectation);
        cli_json_double(b, "perception", x.perception);
        cli_json_double(b, "gap", x.gap);
        cli_json_double(b, "gap_sd", x.gap_sd);
        cli_json_double(b, "gap_ci_lower", x.gap_ci_lower);
        cli_json_double(b, "gap_ci_upper", x.gap_ci_upper);
        cli_json_double(b, "t", x.gap_t);
        cli_json_double(b, "p", x.gap_p_value);
        cli_json_double(b, "alpha_if_deleted_perception", x.alpha_if_deleted_perception);
        cli_json_double(b, "item_total_r_perception", x.item_total_r_perception);
        cli_json_double(b, "alpha_if_deleted_expectation", x.alpha_if_deleted_expectation);
        cli_json_double(b, "item_total_r_expectation", x.item_total_r_expectation);
        cli_json_double(b, "alpha_if_deleted_gap", x.alpha_if_deleted_gap);
        cli_json_double(b, "item_total_r_gap", x.item_total_r_gap);
        cli_json_double(b, "msa", x.msa);
        cli_json_double(b, "mss", x.mss);
        cli_json_double(b, "zone_width", x.zone_width);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

/* ---- table --------------------------------------------------------------------------------------- */

/* A coefficient in [−1, 1] in two decimals without the leading zero (".84"), "-" for NaN. */
static char *
coef(double x)
{
    if (isnan(x))
        return g_strdup("-");
    char *s = g_strdup_printf("%.2f", x);
    char *zero = strstr(s, "0.");
    if (zero && (zero == s || zero == s + 1) && !(x >= 1.0 || x <= -1.0))
        memmove(zero, zero + 1, strlen(zero));
    return s;
}

static char *
alphas(const CxServqualDimension *x)
{
    char *p = coef(x->alpha_perception), *e = coef(x->alpha_expectation),
         *g = coef(x->alpha_gap);
    char *s = cli_fmt("%s/%s/%s", p, e, g);
    g_free(p);
    g_free(e);
    g_free(g);
    return s;
}

static char *
p_value(double p)
{
    return cli_p(p);
}

static void
print_report(const CxServqual *sq, double level, gboolean zone)
{
    const CxInstrument *in = cx_servqual_instrument(sq);
    char *ci = cli_level_title(level);
    const char *h[] = { "dimension", "E", "P", "gap", ci, "p", "alpha P/E/G", "w", "rank" };
    CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
    for (size_t d = 0; d < cx_instrument_dimension_count(in); d++) {
        CxServqualDimension x = { .size = sizeof x };
        cx_servqual_dimension(sq, d, level, &x);
        char *cells[] = {
            (char *)cx_instrument_dimension_name(in, d),
            cli_num(x.expectation, 2),
            cli_num(x.perception, 2),
            cli_num(x.gap, 2),
            isnan(x.gap_ci_lower) ? g_strdup("-")
                                  : cli_fmt("%.2f,%.2f", x.gap_ci_lower, x.gap_ci_upper),
            p_value(x.gap_p_value),
            alphas(&x),
            cli_num(x.weight, 2),
            x.rank ? cli_fmt("%u", x.rank) : g_strdup("-"),
        };
        cli_table_add(t, cells);
        for (size_t k = 1; k < G_N_ELEMENTS(cells); k++)
            g_free(cells[k]);
    }
    cli_table_print(t, stdout, 1);
    cli_table_free(t);

    CxServqualResult r = { .size = sizeof r };
    cx_servqual_result(sq, &r);
    char *s1 = cli_num(r.unweighted_score, 3), *s2 = cli_num(r.weighted_score, 3),
         *s3 = cli_num(r.weighted_score_respondent, 3), *s4 = cli_num(r.servperf, 3);
    printf("\nSERVQUAL score %s unweighted, %s weighted (aggregate),\n%s weighted (per "
           "respondent); SERVPERF %s.\nGap = P - E: negative is a shortfall; rank 1 = the "
           "largest; w = mean importance.\n",
           s1, s2, s3, s4);
    g_free(s1);
    g_free(s2);
    g_free(s3);
    g_free(s4);

    if (zone) {
        const char *zh[] = { "dimension", "adequate", "desired", "P", "MSA", "MSS", "zone" };
        CliTable *z = cli_table_new(G_N_ELEMENTS(zh), zh);
        for (size_t d = 0; d < cx_instrument_dimension_count(in); d++) {
            CxServqualDimension x = { .size = sizeof x };
            cx_servqual_dimension(sq, d, level, &x);
            char *cells[] = { (char *)cx_instrument_dimension_name(in, d), cli_num(x.adequate, 2),
                              cli_num(x.desired, 2), cli_num(x.perception, 2), cli_num(x.msa, 2),
                              cli_num(x.mss, 2), cli_num(x.zone_width, 2) };
            cli_table_add(z, cells);
            for (size_t k = 1; k < G_N_ELEMENTS(cells); k++)
                g_free(cells[k]);
        }
        printf("\nZone of tolerance (MSA = P - adequate, MSS = P - desired):\n\n");
        cli_table_print(z, stdout, 1);
        cli_table_free(z);
    }

    const char *ih[] = { "item", "dimension", "n", "E", "P", "gap", "SD", "alpha-del P",
                         "r.drop P" };
    CliTable *it = cli_table_new(G_N_ELEMENTS(ih), ih);
    for (size_t i = 0; i < cx_instrument_item_count(in); i++) {
        CxServqualItem x = { .size = sizeof x };
        cx_servqual_item(sq, i, level, &x);
        char *cells[] = {
            cli_fmt("%d%s", x.number, cx_instrument_item_reverse(in, i) ? "r" : ""),
            (char *)cx_instrument_dimension_name(in, x.dimension),
            cli_fmt("%llu", (unsigned long long)x.n_gap),
            cli_num(x.expectation, 2),
            cli_num(x.perception, 2),
            cli_num(x.gap, 2),
            cli_num(x.gap_sd, 2),
            cli_num(x.alpha_if_deleted_perception, 3),
            cli_num(x.item_total_r_perception, 3),
        };
        cli_table_add(it, cells);
        for (size_t k = 0; k < G_N_ELEMENTS(cells); k++)
            if (k != 1)
                g_free(cells[k]);
    }
    printf("\nItems (r = reverse-scored; alpha-del P and r.drop P: the perception scale):\n\n");
    cli_table_print(it, stdout, 2);
    cli_table_free(it);

    printf("\nrespondents %llu, used %llu, excluded %llu; answers missing %llu,\nnot applicable "
           "%llu, rejected %llu (out of scale %llu, not integer %llu, not a number\n%llu); "
           "importance used %llu, rejected %llu; inversions %llu\n",
           (unsigned long long)r.respondents, (unsigned long long)r.respondents_used,
           (unsigned long long)r.respondents_excluded, (unsigned long long)r.answers_missing,
           (unsigned long long)r.answers_not_applicable, (unsigned long long)r.rejected,
           (unsigned long long)r.rejected_out_of_range,
           (unsigned long long)r.rejected_not_integer,
           (unsigned long long)r.rejected_not_a_number, (unsigned long long)r.importance_used,
           (unsigned long long)r.importance_rejected, (unsigned long long)r.inversions);
    g_free(ci);
}

/* ---- CSV: one row per segment and dimension, then the overall score as dimension "(overall)" - */

static void
csv_rows(const CxServqual *sq, char **key, size_t n_keys, double level)
{
    const CxInstrument *in = cx_servqual_instrument(sq);
    for (size_t d = 0; d < cx_instrument_dimension_count(in); d++) {
        CxServqualDimension x = { .size = sizeof x };
        cx_servqual_dimension(sq, d, level, &x);
        for (size_t k = 0; k < n_keys; k++)
            cli_csv_field(stdout, key ? key[k] : "(all)", FALSE);
        cli_csv_field(stdout, cx_instrument_dimension_name(in, d), FALSE);
        fprintf(stdout, "%llu,", (unsigned long long)x.n_gap);
        const double v[] = { x.expectation, x.perception, x.gap, x.gap_se, x.gap_ci_lower,
                             x.gap_ci_upper, x.gap_t, x.gap_df, x.gap_p_value, x.weight, x.alpha_perception,
                             x.alpha_expectation, x.alpha_gap, x.msa, x.mss, x.zone_width };
        for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
            cli_csv_double(stdout, v[i], FALSE);
        fprintf(stdout, "%u\n", x.rank);
    }
    CxServqualResult r = { .size = sizeof r };
    cx_servqual_result(sq, &r);
    for (size_t k = 0; k < n_keys; k++)
        cli_csv_field(stdout, key ? key[k] : "(all)", FALSE);
    fprintf(stdout, "(overall),%llu,,", (unsigned long long)r.respondents_used);
    cli_csv_double(stdout, r.servperf, FALSE);
    cli_csv_double(stdout, r.unweighted_score, FALSE);
    fputs(",,,,,,", stdout);
    cli_csv_double(stdout, r.weighted_score, FALSE);
    fputs(",,,,,,\n", stdout);
}

/* A segment's dimension gap against the baseline segment's: Welch's t-test of the two mean gap
 * scores (cx_mean_compare()). FALSE if either side has no gap test. */
static gboolean
gap_versus(const CxServqual *a, const CxServqual *b, size_t dim, double level,
           CxMeanComparison *c)
{
    CxServqualDimension x = { .size = sizeof x }, y = { .size = sizeof y };
    c->size = sizeof *c;
    return cx_servqual_dimension(a, dim, level, &x) == CX_OK &&
           cx_servqual_dimension(b, dim, level, &y) == CX_OK &&
           cx_mean_compare(x.gap, x.gap_se, (double)x.n_gap, y.gap, y.gap_se,
                           (double)y.n_gap, level, c) == CX_OK;
}

static void
json_gap_versus(JsonBuilder *b, const CxServqual *seg, const CxServqual *base, double level)
{
    json_builder_set_member_name(b, "vs_baseline");
    if (!base) {
        json_builder_add_null_value(b);
        return;
    }
    const CxInstrument *in = cx_servqual_instrument(seg);
    json_builder_begin_array(b);
    for (size_t d = 0; d < cx_instrument_dimension_count(in); d++) {
        CxMeanComparison c;
        gboolean ok = gap_versus(seg, base, d, level, &c);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "dimension");
        json_builder_add_string_value(b, cx_instrument_dimension_name(in, d));
        cli_json_double(b, "gap_diff", ok ? c.diff : CLI_NAN);
        cli_json_double(b, "se", ok ? c.se : CLI_NAN);
        cli_json_double(b, "t", ok ? c.t : CLI_NAN);
        cli_json_double(b, "df", ok ? c.df : CLI_NAN);
        cli_json_double(b, "p", ok ? c.p_value : CLI_NAN);
        cli_json_double(b, "ci_lower", ok ? c.ci_lower : CLI_NAN);
        cli_json_double(b, "ci_upper", ok ? c.ci_upper : CLI_NAN);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

int
cmd_servqual(int argc, char **argv)
{
    Options o = { 0 };
    GOptionEntry entries[] = {
        { "instrument", 0, 0, G_OPTION_ARG_FILENAME, &o.instrument,
          "Instrument (default: 22-item SERVQUAL of 1991)", "FILE.ini" },
        { "expect-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o.e, "Expectation columns (default e)",
          "e" },
        { "perceive-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o.p, "Perception columns (default p)",
          "p" },
        { "importance-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o.w,
          "Importance points per dimension (default w: w1..wD)", "w" },
        { "adequate-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o.a,
          "Adequate-service columns (default a)", "a" },
        { "desired-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o.d,
          "Desired-service columns (default d)", "d" },
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &o.by, "One report per segment of these columns",
          "COL[,COL...]" },
        { "missing", 0, 0, G_OPTION_ARG_FILENAME, &o.missing,
          "pairwise (default), listwise or respondent", "MODE" },
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &o.baseline,
          "Compare each segment's gaps with COL=VALUE's", "COL=VALUE" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &o.level, "Confidence level (default 0.95)",
          "0.95" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &o.format, "table (default), csv or json",
          "FORMAT" },
        { "threads", 't', 0, G_OPTION_ARG_INT, &o.threads,
          "Read and add on 2 cores (0: the default, below)", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - SERVQUAL report of a CSV export");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "Gap = perception - expectation per item (columns p1.., e1..), dimension and\n"
             "overall; importance weights (w1..), SERVPERF, zone of tolerance (a1.., d1..),\n"
             "Cronbach's alpha per dimension. Any of the column sets may be absent.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore servqual survey.csv\n"
             "  cxscore servqual survey.csv --by channel --format json\n"
             "  cxscore servqual bank.csv --instrument bank-instrument.ini --missing listwise\n"
             "  cxscore servqual survey.csv --by channel --baseline channel=web\n\n"
             "Against a baseline: Welch's t-test of each dimension's mean gap score.\n"
             "CSV output: one row per segment and dimension, then \"(overall)\" rows whose\n"
             "perception is SERVPERF, gap the unweighted and weight the weighted score.\n"
             CLI_BASELINE_HELP
             "--threads: by default 2 (one reads, one adds) for a file over 4 MiB on a\n"
             "machine with two cores, else 1; more adds nothing; the figures are the same.\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/servqual.md.");
    int status = CLI_EXIT_USAGE;
    CxInstrument *in = NULL;
    CxReader *reader = NULL;
    CxServqual *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    size_t *cols = NULL;
    SegmentRows segment_rows;
    memset(&segment_rows, 0, sizeof segment_rows);
    double level = 0.95;
    int mode = CX_MISSING_PAIRWISE;
    CliFormat format;

    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (!cli_parse_format(CMD, o.format, &format) || !cli_parse_level(CMD, o.level, &level))
        goto out;
    /* Two threads by default only where it pays: a file of more than 4 MiB. */
    guint threads;
    if (!cli_parse_threads(CMD, o.threads, argv[1], 4 * 1024 * 1024, 2, &threads))
        goto out;
    if (o.missing) {
        if (g_ascii_strcasecmp(o.missing, "listwise") == 0)
            mode = CX_MISSING_LISTWISE;
        else if (g_ascii_strcasecmp(o.missing, "respondent") == 0)
            mode = CX_MISSING_RESPONDENT;
        else if (g_ascii_strcasecmp(o.missing, "pairwise") != 0) {
            cli_error(CMD, "unknown --missing '%s' (pairwise, listwise or respondent)",
                      o.missing);
            goto out;
        }
    }
    status = CLI_EXIT_DATA;
    if (o.instrument) {
        cli_created(cx_instrument_new(&in));
        int st = cx_instrument_load_file(in, o.instrument);
        if (st != CX_OK) {
            cli_error(CMD, "%s: %s", o.instrument, cx_instrument_error_message(in));
            goto out;
        }
    } else {
        cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &in);
    }
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;

    const size_t ni = cx_instrument_item_count(in), nd = cx_instrument_dimension_count(in);
    int *numbers = g_new(int, ni), *dims = g_new(int, nd);
    for (size_t i = 0; i < ni; i++)
        numbers[i] = cx_instrument_item_number(in, i);
    for (size_t d = 0; d < nd; d++)
        dims[d] = (int)d + 1;
    /* Column blocks: E, P, A, D (ni each) and W (nd). */
    cols = g_new0(size_t, 4 * ni + nd);
    const char *prefix[5] = { o.e ? o.e : "e", o.p ? o.p : "p", o.a ? o.a : "a",
                              o.d ? o.d : "d", o.w ? o.w : "w" };
    gboolean have[5];
    int ok = 1;
    for (int s = 0; s < 4; s++)
        ok &= series_columns(reader, prefix[s], numbers, ni, cols + (size_t)s * ni, &have[s]);
    ok &= series_columns(reader, prefix[4], dims, nd, cols + 4 * ni, &have[4]);
    g_free(numbers);
    g_free(dims);
    if (!ok)
        goto out;
    if (!have[0] && !have[1]) {
        cli_error(CMD, "no perception (%s1..) or expectation (%s1..) columns", prefix[1],
                  prefix[0]);
        goto out;
    }
    if (have[2] != have[3]) {
        cli_error(CMD, "the zone of tolerance needs both %s1.. and %s1.. columns", prefix[2],
                  prefix[3]);
        goto out;
    }
    if (o.by && !cli_columns(CMD, reader, o.by, by))
        goto out;
    size_t baseline_key = 0;
    if (o.baseline && (status = cli_baseline_key(CMD, o.baseline, reader, by, &baseline_key)))
        goto out;
    status = CLI_EXIT_DATA;

    Spec spec = { in, mode };
    overall = sq_new(&spec);
    groups = by->len ? cli_groups_new(by->len, sq_new, sq_free, &spec) : NULL;
    CliMalformed malformed = { .cmd = CMD };
    /* The wanted columns: each series present, then the --by columns. */
    GArray *wanted = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (int s = 0; s < 5; s++)
        if (have[s])
            g_array_append_vals(wanted, cols + (size_t)s * ni, s < 4 ? ni : nd);
    const size_t key_at = wanted->len;
    g_array_append_vals(wanted, by->data, by->len);
    CliBatch *batch = cli_batch_new(reader, (size_t *)(void *)wanted->data, wanted->len,
                                    &malformed);
    g_array_free(wanted, TRUE);
    if (groups)
        segment_rows_init(&segment_rows, have, ni, nd);
    Adder adder;
    adder_init(&adder, threads, have, ni, nd, overall, groups ? &segment_rows : NULL);
    Slot *slot = adder.current;
    int st;
    while ((st = cli_batch_next(batch)) == CX_ROW) {
        for (size_t r = 0; r < batch->rows; r++) {
            const char *const *cell = batch->text + r * batch->width;
            const size_t *cell_len = batch->len + r * batch->width;
            size_t at = 0;
            for (int s = 0; s < SERIES; s++) {
                if (!have[s])
                    continue;
                double *row = slot->answers.series[s] + r * slot->answers.width[s];
                for (size_t i = 0; i < slot->answers.width[s]; i++, at++)
                    row[i] = answer_value(cell[at], cell_len[at]);
            }
            if (groups)
                slot->acc[r] = cli_groups_get_cells(groups, cell + key_at, cell_len + key_at);
        }
        slot->rows = batch->rows;
        slot = adder_next(&adder);
    }
    int added = adder_finish(&adder);
    cli_batch_free(batch);
    if (st != CX_DONE)
        goto out;
    if (added != CX_OK) { /* no respondent may go uncounted */
        cli_error(CMD, "could not add the answers: %s", cx_strerror(added));
        goto out;
    }
    cli_malformed_summary(&malformed);

    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    if (o.baseline &&
        (status = cli_baseline_check(CMD, o.baseline, baseline_key, sorted, n_groups, "row"))) {
        g_free(sorted);
        goto out;
    }
    status = CLI_EXIT_DATA;
    const char *name = *cx_instrument_name(in) ? cx_instrument_name(in) : "(unnamed)";
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "instrument");
        json_builder_add_string_value(b, name);
        json_builder_set_member_name(b, "missing_mode");
        json_builder_add_string_value(b, mode_name(mode));
        cli_json_double(b, "level", level);
        cli_json_string(b, "baseline", o.baseline);
        cli_json_uint(b, "malformed_rows", malformed.count);
        json_scores(b, overall, level);
        if (groups) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t i = 0; i < n_groups; i++) {
                json_builder_begin_object(b);
                cli_json_key(b, reader, by, sorted[i]->values);
                json_scores(b, sorted[i]->acc, level);
                const CliGroup *base =
                    o.baseline ? cli_baseline_find(groups, sorted[i], baseline_key, o.baseline)
                               : NULL;
                json_gap_versus(b, sorted[i]->acc, base ? base->acc : NULL, level);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by);
        fputs("dimension,n,expectation,perception,gap,gap_se,gap_ci_lower,gap_ci_upper,t,df,p,"
              "weight,alpha_perception,alpha_expectation,alpha_gap,msa,mss,zone_width,rank\n",
              stdout);
        for (size_t i = 0; i < n_groups; i++)
            csv_rows(sorted[i]->acc, sorted[i]->values, by->len, level);
        csv_rows(overall, NULL, by->len, level);
    } else {
        printf("SERVQUAL report: %s (%s missing answers)\n\n", name, mode_name(mode));
        for (size_t i = 0; i < n_groups; i++) {
            char *label = cli_segment_title(reader, by, sorted[i]->values);
            printf("== %s ==\n\n", label);
            g_free(label);
            print_report(sorted[i]->acc, level, have[2]);
            printf("\n");
        }
        if (groups)
            printf("== all respondents ==\n\n");
        print_report(overall, level, have[2]);
        if (malformed.count)
            printf("malformed rows skipped: %llu\n", (unsigned long long)malformed.count);
        if (o.baseline) {
            char *ci = cli_level_title(level);
            printf("\nDimension gaps against %s (segment minus baseline, Welch's t):\n\n",
                   o.baseline);
            const char *vh[] = { o.by, "dimension", "gap diff", "t", "p", ci };
            CliTable *vt = cli_table_new(G_N_ELEMENTS(vh), vh);
            for (size_t i = 0; i < n_groups; i++) {
                const CliGroup *base = cli_baseline_find(groups, sorted[i], baseline_key,
                                                         o.baseline);
                if (!base)
                    continue;
                char *label = cli_segment_label(sorted[i]->values, by->len);
                for (size_t d = 0; d < cx_instrument_dimension_count(in); d++) {
                    CxMeanComparison c;
                    gboolean has = gap_versus(sorted[i]->acc, base->acc, d, level, &c);
                    char *cells[] = {
                        d == 0 ? g_strdup(label) : g_strdup(""),
                        g_strdup(cx_instrument_dimension_name(in, d)),
                        has ? cli_fmt("%+.2f", c.diff) : g_strdup("-"),
                        has ? cli_num(c.t, 2) : g_strdup("-"),
                        has ? cli_p(c.p_value) : g_strdup("-"),
                        has && !isnan(c.ci_lower)
                            ? cli_fmt("%.2f to %.2f", c.ci_lower, c.ci_upper)
                            : g_strdup("-"),
                    };
                    cli_table_add(vt, cells);
                    for (size_t k = 0; k < G_N_ELEMENTS(cells); k++)
                        g_free(cells[k]);
                }
                g_free(label);
            }
            cli_table_print(vt, stdout, 2);
            cli_table_free(vt);
            g_free(ci);
        }
    }
    g_free(sorted);
    CxServqualResult r = { .size = sizeof r };
    if (cx_servqual_result(overall, &r) != CX_OK) {
        cli_error(CMD, "no usable SERVQUAL answer in the file");
        goto out;
    }
    status = CLI_EXIT_OK;

out:
    cli_groups_free(groups);
    cx_servqual_free(overall);
    cx_reader_free(reader);
    cx_instrument_free(in);
    g_array_free(by, TRUE);
    g_free(cols);
    segment_rows_clear(&segment_rows);
    g_free(o.instrument);
    g_free(o.e);
    g_free(o.p);
    g_free(o.w);
    g_free(o.a);
    g_free(o.d);
    g_free(o.by);
    g_free(o.missing);
    g_free(o.level);
    g_free(o.format);
    g_free(o.baseline);
    g_option_context_free(ctx);
    return status;
}
