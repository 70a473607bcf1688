/* SPDX-License-Identifier: MIT */
/* cxscore servqual: SERVQUAL gaps, importance weights, SERVPERF, zone of tolerance and
 * reliability of a CSV export, overall and by segment. */
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

#define CMD "servqual"

typedef struct {
    char *instrument, *e, *p, *w, *a, *d, *missing, *feldt_n;
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

/* ---- the report ------------------------------------------------------------------------------- */

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

/* What a row is about: a segment, or all respondents (key NULL, the last row of a section). */
typedef struct {
    char **key;
    const CxServqual *sq;
    gboolean ok;            /* estimates shown: scored, and at least --min-n respondents used */
    const CxServqual *base; /* --baseline: the baseline segment when both show estimates */
} Unit;

typedef struct {
    CliReport *rep;
    const CxInstrument *in;
    double level;
    size_t n_by, nk;  /* --by columns; key cells (at least one) */
    CliColumn *cols;  /* the key columns, then the section's */
    CliCell *cells;
    const Unit *unit; /* the segments, then all respondents */
    size_t n_units;
    int feldt_n;      /* CxFeldtN: the n of Feldt's interval (--feldt-n) */
} Out;

#define EST(ok, v) ((ok) ? CLI_NUM(v) : CLI_NA)
#define MAX_SECTION_COLUMNS 24

/* Starts a section whose rows begin with the key, followed by @cols. */
static void
section(Out *o, const char *name, const char *title, const CliColumn *cols, size_t n)
{
    g_assert(n <= MAX_SECTION_COLUMNS);
    memcpy(o->cols + o->nk, cols, n * sizeof *cols);
    cli_report_section(o->rep, name, title, o->cols, o->nk + n);
}

/* The row of @u: its key, then @cells. */
static void
row(Out *o, const Unit *u, const CliCell *cells, size_t n)
{
    cli_key_cells(o->cells, o->n_by, u->key);
    memcpy(o->cells + o->nk, cells, n * sizeof *cells);
    cli_report_row(o->rep, o->cells);
}

/* The rows of a per-dimension section: for each unit and dimension, the key, the dimension's
 * name, then the cells @fill gives from its figures. */
static void
dimension_rows(Out *o, void (*fill)(CliCell *, const Out *, const Unit *, size_t dim,
                                     const CxServqualDimension *))
{
    for (size_t i = 0; i < o->n_units; i++) {
        const Unit *u = &o->unit[i];
        for (size_t d = 0; d < cx_instrument_dimension_count(o->in); d++) {
            CxServqualDimension x = { .size = sizeof x };
            cx_servqual_dimension(u->sq, d, o->level, &x);
            cli_key_cells(o->cells, o->n_by, u->key);
            o->cells[o->nk] = CLI_TEXT(cx_instrument_dimension_name(o->in, d));
            fill(o->cells + o->nk + 1, o, u, d, &x);
            cli_report_row(o->rep, o->cells);
        }
    }
}

static void
scores_section(Out *o, const char *title, gboolean min_n)
{
    const CliColumn cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("unweighted_score", "SERVQUAL", CLI_COL_NUMBER, 3),
        CLI_COL("weighted_score", "weighted", CLI_COL_NUMBER, 3),
        CLI_COL("weighted_score_respondent", "per resp.", CLI_COL_NUMBER, 3),
        CLI_COL("servperf", "SERVPERF", CLI_COL_NUMBER, 3),
        CLI_DETAIL("servperf_weighted", CLI_COL_NUMBER, 3),
        CLI_COL("small_base", "note", CLI_COL_LABEL, 0),
    };
    section(o, "scores", title, cols, G_N_ELEMENTS(cols) - (min_n ? 0 : 1));
    for (size_t i = 0; i < o->n_units; i++) {
        const Unit *u = &o->unit[i];
        CxServqualResult r = { .size = sizeof r };
        int st = cx_servqual_result(u->sq, &r);
        row(o, u, (CliCell[]){ CLI_COUNT(r.respondents_used), EST(u->ok, r.unweighted_score),
                               EST(u->ok, r.weighted_score),
                               EST(u->ok, r.weighted_score_respondent), EST(u->ok, r.servperf),
                               EST(u->ok, r.servperf_weighted),
                               st == CX_OK && !u->ok ? CLI_TEXT("small base") : CLI_NA },
            G_N_ELEMENTS(cols));
    }
    cli_report_note(o->rep, "SERVQUAL: the mean gap P - E, unweighted, weighted by the mean "
                            "importance, or\nper respondent; SERVPERF: the mean perception.%s",
                    min_n ? "\nSegments with n below --min-n have no estimates." : "");
}

static void
gap_cells(CliCell *c, G_GNUC_UNUSED const Out *o, const Unit *u, G_GNUC_UNUSED size_t dim,
          const CxServqualDimension *x)
{
    const gboolean ok = u->ok;
    gboolean tested = ok && x->n_gap > 1; /* no SE from one answer */
    *c++ = CLI_COUNT(x->n_gap);
    *c++ = EST(ok, x->expectation);
    *c++ = EST(ok, x->perception);
    *c++ = EST(ok, x->gap);
    *c++ = EST(tested, x->gap_se);
    *c++ = tested ? CLI_IV(x->gap_ci_lower, x->gap_ci_upper) : CLI_NA;
    *c++ = EST(tested, x->gap_t);
    *c++ = EST(tested, x->gap_df);
    *c++ = EST(tested, x->gap_p_value);
    *c++ = EST(ok, x->weight);
    *c = ok && x->rank ? CLI_COUNT(x->rank) : CLI_NA;
}

static void
dimensions_section(Out *o, const char *ci)
{
    const CliColumn cols[] = {
        CLI_COL("dimension", NULL, CLI_COL_LABEL, 0), CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("expectation", "E", CLI_COL_NUMBER, 2),
        CLI_COL("perception", "P", CLI_COL_NUMBER, 2), CLI_COL("gap", NULL, CLI_COL_NUMBER, 2),
        CLI_DETAIL("gap_se", CLI_COL_NUMBER, 2),       CLI_COL("ci", ci, CLI_COL_INTERVAL, 2),
        CLI_DETAIL("t", CLI_COL_NUMBER, 2),            CLI_DETAIL("df", CLI_COL_NUMBER, 0),
        CLI_DETAIL("p", CLI_COL_P, 0),                 CLI_COL("weight", "w", CLI_COL_NUMBER, 2),
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
    };
    section(o, "dimensions", "Dimension gaps (P - E)", cols, G_N_ELEMENTS(cols));
    dimension_rows(o, gap_cells);
    cli_report_note(o->rep, "Negative gap: a shortfall; rank 1 = the largest; w = mean importance "
                            "share.\nThe interval is the paired t's; its p is in CSV and JSON.");
}

/* Each series' alpha, then Feldt's interval and its n by the --feldt-n rule (cx_alpha_feldt()). */
static void
alpha_cells(CliCell *c, const Out *o, const Unit *u, size_t dim, const CxServqualDimension *x)
{
    c[0] = EST(u->ok, x->alpha_perception);
    c[1] = EST(u->ok, x->alpha_expectation);
    c[2] = EST(u->ok, x->alpha_gap);
    static const int series[3] = { CX_SERVQUAL_PERCEPTION, CX_SERVQUAL_EXPECTATION,
                                   CX_SERVQUAL_GAP };
    for (int s = 0; s < 3; s++) {
        CxAlphaResult r = { .size = sizeof r };
        double lo, hi;
        gboolean ok = u->ok &&
                      cx_servqual_reliability(u->sq, dim, series[s], o->level, &r) == CX_OK &&
                      cx_alpha_feldt(&r, o->level, o->feldt_n, &lo, &hi) == CX_OK;
        c[3 + s] = ok ? CLI_IV(lo, hi) : CLI_NA;
        c[6 + s] = ok ? CLI_COUNT(o->feldt_n == CX_FELDT_N_ROWS ? r.rows : r.n) : CLI_NA;
    }
}

static void
reliability_section(Out *o)
{
    const CliColumn cols[] = {
        CLI_COL("dimension", NULL, CLI_COL_LABEL, 0),
        CLI_COL("alpha_perception", "alpha P", CLI_COL_NUMBER, 2),
        CLI_COL("alpha_expectation", "alpha E", CLI_COL_NUMBER, 2),
        CLI_COL("alpha_gap", "alpha gap", CLI_COL_NUMBER, 2),
        CLI_DETAIL("alpha_perception_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("alpha_expectation_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("alpha_gap_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("feldt_n_perception", CLI_COL_COUNT, 0),
        CLI_DETAIL("feldt_n_expectation", CLI_COL_COUNT, 0),
        CLI_DETAIL("feldt_n_gap", CLI_COL_COUNT, 0),
    };
    section(o, "reliability", "Reliability (Cronbach's alpha)", cols, G_N_ELEMENTS(cols));
    dimension_rows(o, alpha_cells);
    cli_report_note(o->rep, "Feldt's intervals of alpha (in CSV and JSON): n = %s.",
                    o->feldt_n == CX_FELDT_N_ROWS ? "every row, as psych::alpha"
                                                  : "respondents who answered");
}

static void
zone_cells(CliCell *c, G_GNUC_UNUSED const Out *o, const Unit *u, G_GNUC_UNUSED size_t dim,
          const CxServqualDimension *x)
{
    const gboolean ok = u->ok;
    const double v[] = { x->adequate, x->desired, x->perception, x->msa, x->mss, x->zone_width };
    for (size_t k = 0; k < G_N_ELEMENTS(v); k++)
        c[k] = EST(ok, v[k]);
}

static void
zone_section(Out *o)
{
    const CliColumn cols[] = {
        CLI_COL("dimension", NULL, CLI_COL_LABEL, 0),
        CLI_COL("adequate", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("desired", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("perception", "P", CLI_COL_NUMBER, 2),
        CLI_COL("msa", "MSA", CLI_COL_NUMBER, 2),
        CLI_COL("mss", "MSS", CLI_COL_NUMBER, 2),
        CLI_COL("zone_width", "zone", CLI_COL_NUMBER, 2),
    };
    section(o, "zone", "Zone of tolerance (MSA = P - adequate, MSS = P - desired)", cols,
            G_N_ELEMENTS(cols));
    dimension_rows(o, zone_cells);
}

static void
items_section(Out *o, const char *ci)
{
    const CliColumn cols[] = {
        CLI_COL("item", NULL, CLI_COL_COUNT, 0),
        CLI_DETAIL("reverse", CLI_COL_COUNT, 0),
        CLI_DETAIL("dimension", CLI_COL_LABEL, 0),
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_DETAIL("n_expectation", CLI_COL_COUNT, 0),
        CLI_DETAIL("n_perception", CLI_COL_COUNT, 0),
        CLI_COL("expectation", "E", CLI_COL_NUMBER, 2),
        CLI_COL("perception", "P", CLI_COL_NUMBER, 2),
        CLI_COL("gap", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("gap_sd", "SD", CLI_COL_NUMBER, 2),
        CLI_DETAIL("gap_se", CLI_COL_NUMBER, 2),
        { "ci", ci, CLI_COL_INTERVAL, 2, TRUE },
        CLI_DETAIL("t", CLI_COL_NUMBER, 2),
        CLI_DETAIL("df", CLI_COL_NUMBER, 0),
        CLI_DETAIL("p", CLI_COL_P, 0),
        CLI_COL("alpha_if_deleted_perception", "a.del P", CLI_COL_NUMBER, 3),
        CLI_COL("item_total_r_perception", "r.drop P", CLI_COL_NUMBER, 3),
        CLI_DETAIL("alpha_if_deleted_expectation", CLI_COL_NUMBER, 3),
        CLI_DETAIL("item_total_r_expectation", CLI_COL_NUMBER, 3),
        CLI_DETAIL("alpha_if_deleted_gap", CLI_COL_NUMBER, 3),
        CLI_DETAIL("item_total_r_gap", CLI_COL_NUMBER, 3),
        CLI_DETAIL("msa", CLI_COL_NUMBER, 2),
        CLI_DETAIL("mss", CLI_COL_NUMBER, 2),
        CLI_DETAIL("zone_width", CLI_COL_NUMBER, 2),
    };
    section(o, "items", "Items", cols, G_N_ELEMENTS(cols));
    GString *reversed = g_string_new(NULL);
    for (size_t i = 0; i < cx_instrument_item_count(o->in); i++)
        if (cx_instrument_item_reverse(o->in, i))
            g_string_append_printf(reversed, "%s%d", reversed->len ? ", " : "",
                                   cx_instrument_item_number(o->in, i));
    for (size_t k = 0; k < o->n_units; k++) {
        const Unit *u = &o->unit[k];
        gboolean ok = u->ok;
        for (size_t i = 0; i < cx_instrument_item_count(o->in); i++) {
            CxServqualItem x = { .size = sizeof x };
            cx_servqual_item(u->sq, i, o->level, &x);
            gboolean tested = ok && x.n_gap > 1;
            row(o, u,
                (CliCell[]){
                    CLI_COUNT((uint64_t)x.number),
                    CLI_COUNT(cx_instrument_item_reverse(o->in, i) ? 1 : 0),
                    CLI_TEXT(cx_instrument_dimension_name(o->in, x.dimension)),
                    CLI_COUNT(x.n_gap), CLI_COUNT(x.n_expectation), CLI_COUNT(x.n_perception),
                    EST(ok, x.expectation), EST(ok, x.perception), EST(ok, x.gap),
                    EST(tested, x.gap_sd), EST(tested, x.gap_se),
                    tested ? CLI_IV(x.gap_ci_lower, x.gap_ci_upper) : CLI_NA,
                    EST(tested, x.gap_t), EST(tested, x.gap_df), EST(tested, x.gap_p_value),
                    EST(ok, x.alpha_if_deleted_perception), EST(ok, x.item_total_r_perception),
                    EST(ok, x.alpha_if_deleted_expectation), EST(ok, x.item_total_r_expectation),
                    EST(ok, x.alpha_if_deleted_gap), EST(ok, x.item_total_r_gap),
                    EST(ok, x.msa), EST(ok, x.mss), EST(ok, x.zone_width) },
                G_N_ELEMENTS(cols));
        }
    }
    cli_report_note(o->rep, "a.del P: alpha of the perception scale without the item; r.drop P: "
                            "its\ncorrected item-total r. Reverse-scored items: %s.", reversed->len ? reversed->str : "none");
    g_string_free(reversed, TRUE);
}

static void
answers_section(Out *o, uint64_t malformed)
{
    const CliColumn cols[] = {
        CLI_COL("respondents", "resp.", CLI_COL_COUNT, 0),
        CLI_COL("excluded", "excl.", CLI_COL_COUNT, 0),
        CLI_COL("missing", NULL, CLI_COL_COUNT, 0),
        CLI_COL("not_applicable", "n/a", CLI_COL_COUNT, 0),
        CLI_COL("rejected", "rej.", CLI_COL_COUNT, 0),
        CLI_DETAIL("out_of_scale", CLI_COL_COUNT, 0),
        CLI_DETAIL("not_integer", CLI_COL_COUNT, 0),
        CLI_DETAIL("not_a_number", CLI_COL_COUNT, 0),
        CLI_DETAIL("importance_used", CLI_COL_COUNT, 0),
        CLI_COL("importance_rejected", "w rej.", CLI_COL_COUNT, 0),
        CLI_COL("inversions", "inv.", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
    };
    section(o, "answers", "Respondents and answers", cols, G_N_ELEMENTS(cols));
    for (size_t i = 0; i < o->n_units; i++) {
        const Unit *u = &o->unit[i];
        CxServqualResult r = { .size = sizeof r };
        cx_servqual_result(u->sq, &r);
        row(o, u,
            (CliCell[]){ CLI_COUNT(r.respondents), CLI_COUNT(r.respondents_excluded),
                         CLI_COUNT(r.answers_missing), CLI_COUNT(r.answers_not_applicable),
                         CLI_COUNT(r.rejected), CLI_COUNT(r.rejected_out_of_range),
                         CLI_COUNT(r.rejected_not_integer), CLI_COUNT(r.rejected_not_a_number),
                         CLI_COUNT(r.importance_used), CLI_COUNT(r.importance_rejected),
                         CLI_COUNT(r.inversions), u->key ? CLI_NA : CLI_COUNT(malformed) },
            G_N_ELEMENTS(cols));
    }
    cli_report_note(o->rep, "excl.: respondents without a usable gap (see --missing); n/a: not "
                            "applicable;\nw rej.: importance points rejected; inv.: adequate "
                            "above desired.");
}

/* Do the segments differ? Per dimension, one-way and Welch ANOVA of the segments' mean gap
 * scores (cx_anova_oneway()) over the segments that show estimates. */
static void
consistency_section(Out *o, size_t n_segments)
{
    const CliColumn cols[] = {
        CLI_COL("dimension", NULL, CLI_COL_LABEL, 0),
        CLI_COL("segments", NULL, CLI_COL_COUNT, 0),
        CLI_COL("f", "F", CLI_COL_NUMBER, 2),
        CLI_COL("df1", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("df2", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("welch_f", "Welch F", CLI_COL_NUMBER, 2),
        CLI_COL("welch_df2", "df2", CLI_COL_NUMBER, 1),
        CLI_COL("welch_p", "Welch p", CLI_COL_P, 0),
    };
    cli_report_section(o->rep, "consistency", "Segments differ? (mean gap per dimension)", cols,
                       G_N_ELEMENTS(cols));
    double *n = g_new(double, n_segments), *mean = g_new(double, n_segments),
           *var = g_new(double, n_segments);
    for (size_t d = 0; d < cx_instrument_dimension_count(o->in); d++) {
        for (size_t i = 0; i < n_segments; i++) {
            CxServqualDimension x = { .size = sizeof x };
            gboolean ok = o->unit[i].ok &&
                          cx_servqual_dimension(o->unit[i].sq, d, o->level, &x) == CX_OK;
            n[i] = ok ? (double)x.n_gap : 0.0;
            mean[i] = ok ? x.gap : 0.0;
            var[i] = ok && x.n_gap > 1 ? x.gap_sd * x.gap_sd : 0.0;
        }
        CxTestResult a = { .size = sizeof a }, w = { .size = sizeof w };
        gboolean ok = cx_anova_oneway(n, mean, var, n_segments, &a, &w) == CX_OK;
        cli_report_row(o->rep, (CliCell[]){ CLI_TEXT(cx_instrument_dimension_name(o->in, d)),
                                            CLI_COUNT(ok ? a.groups : 0), EST(ok, a.statistic),
                                            EST(ok, a.df1), EST(ok, a.df2), EST(ok, a.p_value),
                                            EST(ok, w.statistic), EST(ok, w.df2),
                                            EST(ok, w.p_value) });
    }
    g_free(n);
    g_free(mean);
    g_free(var);
    cli_report_note(o->rep, "One-way ANOVA (F, df1, df2, p) and Welch's ANOVA of the segments' "
                            "mean gap\nscores; segments without estimates are left out.");
}

static void
baseline_section(Out *o, const char *baseline, const char *ci, size_t n_segments)
{
    const CliColumn cols[] = {
        CLI_COL("dimension", NULL, CLI_COL_LABEL, 0), CLI_COL("diff", "gap diff", CLI_COL_NUMBER, 2),
        CLI_DETAIL("se", CLI_COL_NUMBER, 2),          CLI_COL("t", NULL, CLI_COL_NUMBER, 2),
        CLI_DETAIL("df", CLI_COL_NUMBER, 1),          CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 2),
    };
    char *title = g_strdup_printf("Dimension gaps against %s (segment minus baseline)", baseline);
    section(o, "baseline", title, cols, G_N_ELEMENTS(cols));
    g_free(title);
    for (size_t i = 0; i < n_segments; i++) {
        const Unit *u = &o->unit[i];
        for (size_t d = 0; d < cx_instrument_dimension_count(o->in); d++) {
            CxMeanComparison c;
            gboolean ok = u->base && gap_versus(u->sq, u->base, d, o->level, &c);
            row(o, u,
                (CliCell[]){ CLI_TEXT(cx_instrument_dimension_name(o->in, d)), EST(ok, c.diff),
                             EST(ok, c.se), EST(ok, c.t), EST(ok, c.df), EST(ok, c.p_value),
                             ok ? CLI_IV(c.ci_lower, c.ci_upper) : CLI_NA },
                G_N_ELEMENTS(cols));
        }
    }
    cli_report_note(o->rep, "Welch's t-test of the two mean gap scores.");
}

/* Fills the report: one row per segment and all respondents in each section. */
static void
report(CliReport *rep, CxReader *reader, const CxInstrument *in, const GArray *by,
       const CliReportOptions *ro, const char *mode, gboolean zone, CliGroups *groups,
       CliGroup **sorted, size_t n_groups, size_t baseline_key, const CxServqual *overall,
       uint64_t malformed, int feldt_n)
{
    const char *name = *cx_instrument_name(in) ? cx_instrument_name(in) : "(unnamed)";
    cli_report_only(rep, ro->section);
    cli_report_setting_text(rep, "instrument", name);
    cli_report_setting_text(rep, "missing_mode", mode);
    cli_report_setting_number(rep, "level", ro->level);
    cli_report_setting_text(rep, "baseline", ro->baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro->min_n);
    cli_report_setting_text(rep, "feldt_n", feldt_n == CX_FELDT_N_ROWS ? "rows" : "answered");

    Unit *unit = g_new0(Unit, n_groups + 1);
    for (size_t i = 0; i <= n_groups; i++) {
        CxServqualResult r = { .size = sizeof r };
        unit[i].key = i < n_groups ? sorted[i]->values : NULL;
        unit[i].sq = i < n_groups ? sorted[i]->acc : overall;
        unit[i].ok = cx_servqual_result(unit[i].sq, &r) == CX_OK &&
                     (i == n_groups || r.respondents_used >= (uint64_t)ro->min_n);
    }
    for (size_t i = 0; ro->baseline && i < n_groups; i++) {
        size_t j = cli_baseline_index(groups, sorted, n_groups, i, baseline_key, ro->baseline);
        if (j != SIZE_MAX && unit[i].ok && unit[j].ok)
            unit[i].base = sorted[j]->acc;
    }
    Out o = { .rep = rep, .in = in, .level = ro->level, .n_by = by->len,
              .nk = MAX(by->len, 1), .unit = unit, .n_units = n_groups + 1,
              .feldt_n = feldt_n };
    o.cols = cli_key_columns(reader, by, MAX_SECTION_COLUMNS);
    o.cells = g_new0(CliCell, o.nk + MAX_SECTION_COLUMNS);
    char *ci = cli_level_title(ro->level);
    char *title = g_strdup_printf("SERVQUAL: %s (%s missing answers)", name, mode);
    scores_section(&o, title, ro->min_n > 0);
    dimensions_section(&o, ci);
    reliability_section(&o);
    if (zone)
        zone_section(&o);
    items_section(&o, ci);
    answers_section(&o, malformed);
    if (n_groups >= 2)
        consistency_section(&o, n_groups);
    if (ro->baseline)
        baseline_section(&o, ro->baseline, ci, n_groups);
    g_free(title);
    g_free(ci);
    g_free(o.cells);
    g_free(o.cols);
    g_free(unit);
}

/* One run of servqual: the options, the instrument, the columns found, and what was read. */
typedef struct {
    Options o;
    CliReportOptions ro;
    int mode, feldt_n;
    guint threads;
    Spec spec; /* of every accumulator */
    CxInstrument *in;
    CxReader *reader;
    CxServqual *overall;
    CliGroups *groups;
    GArray *by;
    size_t *cols; /* column blocks: E, P, A, D (ni each) and W (nd) */
    size_t ni, nd;
    gboolean have[SERIES]; /* S_E, S_P, S_A, S_D, S_W */
    size_t baseline_key;
    SegmentRows segment_rows;
    CliMalformed malformed;
} Run;

static GOptionContext *
servqual_context(Run *run)
{
    Options *o = &run->o;
    GOptionEntry entries[] = {
        { "instrument", 0, 0, G_OPTION_ARG_FILENAME, &o->instrument,
          "Instrument (default: 22-item SERVQUAL of 1991)", "FILE.ini" },
        { "expect-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o->e,
          "Expectation columns (default e)", "e" },
        { "perceive-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o->p,
          "Perception columns (default p)", "p" },
        { "importance-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o->w,
          "Importance points per dimension (default w: w1..wD)", "w" },
        { "adequate-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o->a,
          "Adequate-service columns (default a)", "a" },
        { "desired-prefix", 0, 0, G_OPTION_ARG_FILENAME, &o->d,
          "Desired-service columns (default d)", "d" },
        { "missing", 0, 0, G_OPTION_ARG_FILENAME, &o->missing,
          "pairwise (default), listwise or respondent", "MODE" },
        { "feldt-n", 0, 0, G_OPTION_ARG_FILENAME, &o->feldt_n,
          "Feldt's n: answered (default) or rows", "RULE" },
        { "threads", 't', 0, G_OPTION_ARG_INT, &o->threads,
          "Read and add on 2 cores (0: the default, below)", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - SERVQUAL report of a CSV export");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &run->ro, CLI_OPT_BY | CLI_OPT_LEVEL | CLI_OPT_FORMAT |
                                              CLI_OPT_BASELINE | CLI_OPT_MIN_N | CLI_OPT_SECTION |
                                              CLI_OPT_MAX_SEGMENTS);
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
             "Sections: scores, dimensions, reliability, zone (with a1.., d1..), items,\n"
             "answers; with --by, consistency (ANOVA of the segments' mean gaps); with\n"
             "--baseline, baseline (Welch's t-test of each dimension's mean gap).\n"
             "--feldt-n: the n of Feldt's interval of alpha, answered (respondents who\n"
             "answered an item of the dimension) or rows (every row, blank ones too, as\n"
             "psych::alpha, whose figures it matches).\n"
             CLI_BASELINE_HELP
             "--threads: by default 2 (one reads, one adds) for a file over 4 MiB on a\n"
             "machine with two cores, else 1; more adds nothing; the figures are the same.\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/servqual.md.");
    return ctx;
}

/* The options after parsing: --feldt-n, --threads, --missing; FALSE after a message. */
static gboolean
servqual_check(void *p, const char *path)
{
    Run *run = p;
    const Options *o = &run->o;
    if (o->feldt_n && g_ascii_strcasecmp(o->feldt_n, "rows") == 0)
        run->feldt_n = CX_FELDT_N_ROWS;
    else if (o->feldt_n && g_ascii_strcasecmp(o->feldt_n, "answered") != 0) {
        cli_error(CMD, "unknown --feldt-n '%s' (answered or rows)", o->feldt_n);
        return FALSE;
    }
    /* Two threads by default only where it pays: a file of more than 4 MiB. */
    if (!cli_parse_threads(CMD, o->threads, path, 4 * 1024 * 1024, 2, &run->threads))
        return FALSE;
    if (o->missing) {
        if (g_ascii_strcasecmp(o->missing, "listwise") == 0)
            run->mode = CX_MISSING_LISTWISE;
        else if (g_ascii_strcasecmp(o->missing, "respondent") == 0)
            run->mode = CX_MISSING_RESPONDENT;
        else if (g_ascii_strcasecmp(o->missing, "pairwise") != 0) {
            cli_error(CMD, "unknown --missing '%s' (pairwise, listwise or respondent)",
                      o->missing);
            return FALSE;
        }
    }
    return TRUE;
}

/* The instrument: --instrument FILE or the built-in one; FALSE after a message. */
static gboolean
servqual_instrument(Run *run)
{
    if (!run->o.instrument) {
        cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &run->in);
        return TRUE;
    }
    cli_created(cx_instrument_new(&run->in));
    if (cx_instrument_load_file(run->in, run->o.instrument) == CX_OK)
        return TRUE;
    cli_error(CMD, "%s: %s", run->o.instrument, cx_instrument_error_message(run->in));
    return FALSE;
}

/* The column blocks of the instrument's items and dimensions, each present or absent whole;
 * FALSE after a message. */
static gboolean
servqual_columns(Run *run)
{
    const Options *o = &run->o;
    const size_t ni = run->ni, nd = run->nd;
    int *numbers = g_new(int, ni), *dims = g_new(int, nd);
    for (size_t i = 0; i < ni; i++)
        numbers[i] = cx_instrument_item_number(run->in, i);
    for (size_t d = 0; d < nd; d++)
        dims[d] = (int)d + 1;
    run->cols = g_new0(size_t, 4 * ni + nd);
    const char *prefix[5] = { o->e ? o->e : "e", o->p ? o->p : "p", o->a ? o->a : "a",
                              o->d ? o->d : "d", o->w ? o->w : "w" };
    int ok = 1;
    for (int s = 0; s < 4; s++)
        ok &= series_columns(run->reader, prefix[s], numbers, ni, run->cols + (size_t)s * ni,
                             &run->have[s]);
    ok &= series_columns(run->reader, prefix[4], dims, nd, run->cols + 4 * ni, &run->have[4]);
    g_free(numbers);
    g_free(dims);
    if (!ok)
        return FALSE;
    if (!run->have[0] && !run->have[1]) {
        cli_error(CMD, "no perception (%s1..) or expectation (%s1..) columns", prefix[1],
                  prefix[0]);
        return FALSE;
    }
    if (run->have[2] != run->have[3]) {
        cli_error(CMD, "the zone of tolerance needs both %s1.. and %s1.. columns", prefix[2],
                  prefix[3]);
        return FALSE;
    }
    return TRUE;
}

/* Opens FILE, finds its columns and gives them the input options; a status. */
static int
servqual_open(void *p, const char *path)
{
    Run *run = p;
    if (!servqual_instrument(run))
        return CLI_EXIT_DATA;
    run->reader = cli_open(CMD, path);
    if (!run->reader)
        return CLI_EXIT_DATA;
    run->ni = cx_instrument_item_count(run->in);
    run->nd = cx_instrument_dimension_count(run->in);
    if (!servqual_columns(run) ||
        (run->ro.by && !cli_columns(CMD, run->reader, run->ro.by, run->by)))
        return CLI_EXIT_DATA;
    /* The input options (cli-input.c): labels, label maps, missing markers, decimal comma; the
     * items on the instrument's scale (its N/A code let through, counted by the library), the
     * weights as points. */
    int scale_lo = cx_instrument_scale_min(run->in), scale_hi = cx_instrument_scale_max(run->in),
        na;
    if (cx_instrument_not_applicable(run->in, &na)) {
        scale_lo = MIN(scale_lo, na);
        scale_hi = MAX(scale_hi, na);
    }
    for (int s = 0; s < 4; s++)
        if (run->have[s])
            cli_input_answer_columns(run->reader, run->cols + (size_t)s * run->ni, run->ni,
                                     scale_lo, scale_hi, TRUE);
    if (run->have[4])
        cli_input_answer_columns(run->reader, run->cols + 4 * run->ni, run->nd, 0, 100, FALSE);
    if (run->ro.baseline)
        return cli_baseline_key(CMD, run->ro.baseline, run->reader, run->by, &run->baseline_key);
    return CLI_EXIT_OK;
}

/* Fills @slot's answers and segments from a batch's rows; FALSE after a message when the
 * segments outgrow --max-segments. */
static gboolean
slot_fill(Run *run, Slot *slot, const CliBatch *batch, size_t key_at)
{
    for (size_t r = 0; r < batch->rows; r++) {
        const char *const *cell = batch->text + r * batch->width;
        const size_t *cell_len = batch->len + r * batch->width;
        size_t at = 0;
        for (int s = 0; s < SERIES; s++) {
            if (!run->have[s])
                continue;
            double *row = slot->answers.series[s] + r * slot->answers.width[s];
            for (size_t i = 0; i < slot->answers.width[s]; i++, at++)
                row[i] = answer_value(cell[at], cell_len[at]);
        }
        if (run->groups) {
            slot->acc[r] = cli_groups_get_cells(run->groups, cell + key_at, cell_len + key_at);
            if (!cli_groups_within(CMD, run->groups, (size_t)run->ro.max_segments))
                return FALSE;
        }
    }
    return TRUE;
}

/* Every row in batches into the overall accumulator and its segment's, on one or two threads;
 * FALSE after a message. */
static gboolean
servqual_read(void *p)
{
    Run *run = p;
    run->spec = (Spec){ run->in, run->mode };
    run->overall = sq_new(&run->spec);
    if (run->by->len)
        run->groups = cli_groups_new(run->by->len, sq_new, sq_free, &run->spec);
    /* The wanted columns: each series present, then the --by columns. */
    GArray *wanted = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (int s = 0; s < 5; s++)
        if (run->have[s])
            g_array_append_vals(wanted, run->cols + (size_t)s * run->ni,
                                s < 4 ? run->ni : run->nd);
    const size_t key_at = wanted->len;
    g_array_append_vals(wanted, run->by->data, run->by->len);
    CliBatch *batch = cli_batch_new(run->reader, (size_t *)(void *)wanted->data, wanted->len,
                                    &run->malformed);
    g_array_free(wanted, TRUE);
    if (run->groups)
        segment_rows_init(&run->segment_rows, run->have, run->ni, run->nd);
    Adder adder;
    adder_init(&adder, run->threads, run->have, run->ni, run->nd, run->overall,
               run->groups ? &run->segment_rows : NULL);
    Slot *slot = adder.current;
    int st;
    gboolean too_many = FALSE;
    while (!too_many && (st = cli_batch_next(batch)) == CX_ROW) {
        too_many = !slot_fill(run, slot, batch, key_at);
        slot->rows = too_many ? 0 : batch->rows;
        slot = adder_next(&adder);
    }
    int added = adder_finish(&adder);
    cli_batch_free(batch);
    if (too_many || st != CX_DONE) /* said by cli_groups_within() or the reader */
        return FALSE;
    if (added != CX_OK) { /* no respondent may go uncounted */
        cli_error(CMD, "could not add the answers: %s", cx_strerror(added));
        return FALSE;
    }
    cli_malformed_summary(&run->malformed);
    return cli_input_report_cells(CMD, run->reader);
}

int
cmd_servqual(int argc, char **argv)
{
    Run run = { .ro = { .max_segments = 100000 }, .mode = CX_MISSING_PAIRWISE,
                .feldt_n = CX_FELDT_N_ANSWERED, .malformed = { .cmd = CMD } };
    run.by = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = servqual_context(&run);
    static const CliSteps steps = { servqual_check, servqual_open, servqual_read };
    size_t n_groups;
    CliGroup **sorted;
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &run.ro, &steps, &run);
    if (status || (status = cli_row_segments(CMD, run.groups, run.ro.baseline,
                                             run.baseline_key, &sorted, &n_groups)))
        goto out;
    CliReport *rep = cli_report_new(CMD, run.ro.format, stdout);
    report(rep, run.reader, run.in, run.by, &run.ro, mode_name(run.mode), run.have[S_A],
           run.groups, sorted, n_groups, run.baseline_key, run.overall, run.malformed.count,
           run.feldt_n);
    status = cli_report_finish(rep);
    g_free(sorted);
    CxServqualResult r = { .size = sizeof r };
    if (status == CLI_EXIT_OK && cx_servqual_result(run.overall, &r) != CX_OK) {
        cli_error(CMD, "no usable SERVQUAL answer in the file");
        status = CLI_EXIT_DATA;
    }
out:
    cli_groups_free(run.groups);
    cx_servqual_free(run.overall);
    cx_reader_free(run.reader);
    cx_instrument_free(run.in);
    g_array_free(run.by, TRUE);
    g_free(run.cols);
    segment_rows_clear(&run.segment_rows);
    char **owned[] = { &run.o.instrument, &run.o.e, &run.o.p,       &run.o.w,
                       &run.o.a,          &run.o.d, &run.o.missing, &run.o.feldt_n };
    for (size_t i = 0; i < G_N_ELEMENTS(owned); i++)
        g_free(*owned[i]);
    cli_report_options_clear(&run.ro);
    g_option_context_free(ctx);
    return status;
}
