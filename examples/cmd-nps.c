/* SPDX-License-Identifier: MIT */
/* cxscore nps: Net Promoter Score of a CSV export, overall and by segment. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-common.h"
#include "cli-input.h"

#define CMD "nps"

typedef struct {
    char *column, *by, *weight, *level, *method, *baseline, *format;
    int threads;
} Options;

static void *
nps_new(void *user)
{
    CxNps *acc = NULL;
    cli_created(cx_nps_new(&acc));
    return acc;
}

static void
nps_free(void *acc)
{
    cx_nps_free(acc);
}

/* Everything printed for one accumulator. */
typedef struct {
    CxNpsResult r;
    int status;        /* CX_OK or CX_E_EMPTY */
    double lo, hi;     /* the interval, NaN when empty */
    int has_vs;        /* a comparison against the baseline exists */
    CxNpsComparison vs;
} Figures;

static Figures
figures(const CxNps *nps, double level, int method)
{
    Figures f;
    memset(&f, 0, sizeof f);
    f.r.size = sizeof f.r;
    f.vs.size = sizeof f.vs;
    f.status = cx_nps_result(nps, &f.r);
    f.lo = f.hi = CLI_NAN;
    if (f.status == CX_OK)
        cx_nps_interval(&f.r, level, method, &f.lo, &f.hi);
    return f;
}

static void
json_figures(JsonBuilder *b, const Figures *f)
{
    const CxNpsResult *r = &f->r;
    cli_json_uint(b, "n", r->n);
    cli_json_uint(b, "promoters", r->promoters);
    cli_json_uint(b, "passives", r->passives);
    cli_json_uint(b, "detractors", r->detractors);
    cli_json_uint(b, "missing", r->missing);
    cli_json_uint(b, "rejected", r->rejected);
    json_builder_set_member_name(b, "rejected_by_reason");
    json_builder_begin_object(b);
    cli_json_uint(b, "out_of_range", r->rejected_out_of_range);
    cli_json_uint(b, "not_integer", r->rejected_not_integer);
    cli_json_uint(b, "not_a_number", r->rejected_not_a_number);
    cli_json_uint(b, "weight_negative", r->rejected_weight_negative);
    cli_json_uint(b, "weight_invalid", r->rejected_weight_invalid);
    json_builder_end_object(b);
    cli_json_double(b, "weight_total", r->weight_total);
    cli_json_double(b, "n_eff", f->status == CX_OK ? r->n_eff : CLI_NAN);
    cli_json_double(b, "p_promoters", r->p_promoters);
    cli_json_double(b, "p_passives", r->p_passives);
    cli_json_double(b, "p_detractors", r->p_detractors);
    cli_json_double(b, "nps", r->nps);
    cli_json_double(b, "se", r->se);
    cli_json_double(b, "ci_lower", f->lo);
    cli_json_double(b, "ci_upper", f->hi);
}

static void
json_vs(JsonBuilder *b, const Figures *f)
{
    json_builder_set_member_name(b, "vs_baseline");
    if (!f->has_vs) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    cli_json_double(b, "diff", f->vs.diff);
    cli_json_double(b, "se", f->vs.se);
    cli_json_double(b, "z", f->vs.z);
    cli_json_double(b, "p", f->vs.p_value);
    cli_json_double(b, "ci_lower", f->vs.ci_lower);
    cli_json_double(b, "ci_upper", f->vs.ci_upper);
    json_builder_end_object(b);
}

static char *
segment_label(char **values, size_t n)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s", i ? " / " : "", *values[i] ? values[i] : "(blank)");
    return g_string_free(s, FALSE);
}

static void
table_row(CliTable *t, const char *label, const Figures *f)
{
    const CxNpsResult *r = &f->r;
    int ok = f->status == CX_OK;
    char *cells[] = {
        (char *)label,
        cli_fmt("%llu", (unsigned long long)r->n),
        ok ? cli_num(100.0 * r->p_promoters, 1) : g_strdup("-"),
        ok ? cli_num(100.0 * r->p_passives, 1) : g_strdup("-"),
        ok ? cli_num(100.0 * r->p_detractors, 1) : g_strdup("-"),
        cli_num(r->nps, 1),
        cli_num(r->se, 1),
        ok ? cli_fmt("%.1f to %.1f", f->lo, f->hi) : g_strdup("-"),
    };
    cli_table_add(t, cells);
    for (size_t i = 1; i < G_N_ELEMENTS(cells); i++)
        g_free(cells[i]);
}

static void
print_counts(const CxNpsResult *r, uint64_t malformed)
{
    printf("missing %llu, rejected %llu (out of range %llu,\nnot integer %llu, not a number %llu, "
           "bad weight %llu), malformed rows %llu\n",
           (unsigned long long)r->missing, (unsigned long long)r->rejected,
           (unsigned long long)r->rejected_out_of_range,
           (unsigned long long)r->rejected_not_integer,
           (unsigned long long)r->rejected_not_a_number,
           (unsigned long long)(r->rejected_weight_negative + r->rejected_weight_invalid),
           (unsigned long long)malformed);
}

/* The default column: "score", else the one column named like an NPS question. */
/* ---- reading ---------------------------------------------------------------------------------- */

/* A segment seen in this run, found by its key cells through an open-addressing table (FNV-1a
 * hash, linear probing, doubled at half full): one probe per row instead of building the key
 * string cli_groups_get_cells() needs, which is only called the first time a key is seen. */
typedef struct {
    CxNps *acc;
    uint64_t counts[11]; /* plain answers, added with cx_nps_add_counts() at the end */
    size_t key;          /* offset of its key in the table's arena: for each cell, its length
                          * (size_t), then its bytes */
} Segment;

typedef struct {
    uint64_t hash;
    Segment *seg; /* NULL: empty slot */
} Slot;

/* In front of the table, a direct-mapped cache on cheap features of the key (each cell's
 * length, first and last byte): with the few segments of a channel or region column, a row
 * costs one byte comparison of its key instead of a hash over it. */
#define QUICK_SLOTS 1024

typedef struct {
    Slot *slots;
    size_t mask, used, n_keys;
    GByteArray *arena;
    GPtrArray *segments; /* owns the Segment structs */
    Segment *quick[QUICK_SLOTS];
} SegmentTable;

static size_t
quick_slot(const char *const *text, const size_t *len, size_t n)
{
    size_t h = 0;
    for (size_t k = 0; k < n; k++) {
        size_t f = len[k] ? ((size_t)(uint8_t)text[k][0] << 8) ^ (uint8_t)text[k][len[k] - 1] : 0;
        h = h * 131 + (f ^ (len[k] << 4));
    }
    return (h ^ (h >> 10)) & (QUICK_SLOTS - 1);
}

static uint64_t
cells_hash(const char *const *text, const size_t *len, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t k = 0; k < n; k++) {
        h = (h ^ len[k]) * 0x100000001b3u;
        for (size_t i = 0; i < len[k]; i++)
            h = (h ^ (uint8_t)text[k][i]) * 0x100000001b3u;
    }
    return h ^ (h >> 29);
}

static gboolean
cells_equal(const SegmentTable *t, size_t key, const char *const *text, const size_t *len)
{
    const uint8_t *p = t->arena->data + key;
    for (size_t k = 0; k < t->n_keys; k++) {
        size_t n;
        memcpy(&n, p, sizeof n);
        if (n != len[k])
            return FALSE;
        for (size_t i = 0; i < n; i++) /* keys are short: a loop beats a call to memcmp */
            if (p[sizeof n + i] != (uint8_t)text[k][i])
                return FALSE;
        p += sizeof n + n;
    }
    return TRUE;
}

static void
table_grow(SegmentTable *t)
{
    size_t cap = (t->mask + 1) * 2;
    Slot *slots = g_new0(Slot, cap);
    for (size_t i = 0; i <= t->mask; i++) {
        if (!t->slots[i].seg)
            continue;
        size_t j = t->slots[i].hash & (cap - 1);
        while (slots[j].seg)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    g_free(t->slots);
    t->slots = slots;
    t->mask = cap - 1;
}

static Segment *
table_get(SegmentTable *t, CliGroups *groups, const char *const *text, const size_t *len)
{
    size_t q = quick_slot(text, len, t->n_keys);
    Segment *hit = t->quick[q];
    if (hit && cells_equal(t, hit->key, text, len))
        return hit;
    uint64_t h = cells_hash(text, len, t->n_keys);
    size_t j = h & t->mask;
    for (; t->slots[j].seg; j = (j + 1) & t->mask)
        if (t->slots[j].hash == h && cells_equal(t, t->slots[j].seg->key, text, len))
            return t->quick[q] = t->slots[j].seg;
    Segment *seg = g_new0(Segment, 1);
    seg->acc = cli_groups_get_cells(groups, text, len);
    seg->key = t->arena->len;
    g_ptr_array_add(t->segments, seg);
    t->quick[q] = seg;
    t->slots[j].hash = h;
    t->slots[j].seg = seg;
    for (size_t k = 0; k < t->n_keys; k++) {
        g_byte_array_append(t->arena, (const guint8 *)&len[k], sizeof len[k]);
        g_byte_array_append(t->arena, (const guint8 *)text[k], (guint)len[k]);
    }
    if (++t->used * 2 > t->mask + 1)
        table_grow(t);
    return seg;
}


/* The answer of a plain cell: "0"…"9" or "10"; -1 for anything else (blank, NA, 11, " 8",
 * 7.0, …), which cx_nps_add_text() classifies by the library's cell rules. */
static inline int
plain_answer(const char *text, size_t len)
{
    if (len == 1 && text[0] >= '0' && text[0] <= '9')
        return text[0] - '0';
    if (len == 2 && text[0] == '1' && text[1] == '0')
        return 10;
    return -1;
}

/* What one reader adds up: plain answers tallied (overall and per segment) until
 * tally_finish(), everything else added to the accumulators at once. */
typedef struct {
    CxNps *overall;
    CliGroups *groups; /* NULL without --by */
    SegmentTable t;
    uint64_t all[11];
} Tally;

static void
tally_init(Tally *ty, CxNps *overall, CliGroups *groups, size_t n_by)
{
    memset(ty, 0, sizeof *ty);
    ty->overall = overall;
    ty->groups = groups;
    ty->t.slots = g_new0(Slot, 64);
    ty->t.mask = 63;
    ty->t.n_keys = n_by;
    ty->t.arena = g_byte_array_new();
    ty->t.segments = g_ptr_array_new_with_free_func(g_free);
}

static void
tally_clear(Tally *ty)
{
    g_ptr_array_free(ty->t.segments, TRUE);
    g_byte_array_free(ty->t.arena, TRUE);
    g_free(ty->t.slots);
}

/* Reads every row; @cols are the score column, the --by columns, then the weight column when
 * @weighted. Malformed rows are reported (or, quiet, counted) through @m. Returns CX_DONE, or the
 * status of a read error. Rows come in batches (cx_reader_next_batch()); unweighted plain answers
 * are tallied, everything else is added cell by cell with cx_nps_add_text(): in the end the same
 * as adding each cell with cx_nps_add_text(), as answers are counted and the order of adds does
 * not change a count. */
static int
tally_read(Tally *ty, CxReader *reader, const size_t *cols, size_t width, gboolean weighted,
           CliMalformed *m)
{
    CliBatch *batch = cli_batch_new(reader, cols, width, m);
    int st;
    while ((st = cli_batch_next(batch)) == CX_ROW) {
        for (size_t r = 0; r < batch->rows; r++) {
            const char *const *cell = batch->text + r * width;
            const size_t *cell_len = batch->len + r * width;
            Segment *seg = ty->groups ? table_get(&ty->t, ty->groups, cell + 1, cell_len + 1)
                                      : NULL;
            int v = weighted ? -1 : plain_answer(cell[0], cell_len[0]);
            if (v >= 0) {
                ty->all[v]++;
                if (seg)
                    seg->counts[v]++;
                continue;
            }
            double weight = 1.0;
            if (weighted && cx_cell_parse_number(cell[width - 1], cell_len[width - 1],
                                                 &weight) != CX_CELL_NUMBER)
                weight = CLI_NAN; /* counted by the library as an invalid weight */
            cx_nps_add_text(ty->overall, cell[0], cell_len[0], weight);
            if (seg)
                cx_nps_add_text(seg->acc, cell[0], cell_len[0], weight);
        }
    }
    cli_batch_free(batch);
    return st;
}

/* Adds what @src read into @dst (unweighted answers only: their sums are exact, so the result
 * does not depend on how the rows were shared out). */
static void
tally_merge(Tally *dst, Tally *src)
{
    cx_nps_merge(dst->overall, src->overall);
    for (int v = 0; v <= 10; v++)
        dst->all[v] += src->all[v];
    size_t n = src->t.n_keys;
    const char **text = g_new(const char *, n ? n : 1);
    size_t *len = g_new(size_t, n ? n : 1);
    for (guint i = 0; i < src->t.segments->len; i++) {
        Segment *seg = g_ptr_array_index(src->t.segments, i);
        const uint8_t *p = src->t.arena->data + seg->key;
        for (size_t k = 0; k < n; k++) {
            memcpy(&len[k], p, sizeof len[k]);
            text[k] = (const char *)p + sizeof len[k];
            p += sizeof len[k] + len[k];
        }
        Segment *into = table_get(&dst->t, dst->groups, text, len);
        for (int v = 0; v <= 10; v++)
            into->counts[v] += seg->counts[v];
        cx_nps_merge(into->acc, seg->acc);
    }
    g_free(len);
    g_free(text);
}

/* Adds the tallied answers to the accumulators. */
static void
tally_finish(Tally *ty)
{
    cx_nps_add_counts(ty->overall, ty->all);
    for (guint i = 0; i < ty->t.segments->len; i++) {
        Segment *seg = g_ptr_array_index(ty->t.segments, i);
        cx_nps_add_counts(seg->acc, seg->counts);
    }
}

/* ---- reading a file on several cores ---------------------------------------------------------
 *
 * A regular file is cut into parts at line feeds; each part is read by its own reader in its
 * own thread, the parts after the first behind a copy of the header line, and the tallies are
 * merged. That is only right if every cut falls between two records, which is so exactly when
 * no part but the last ends inside a quoted field (a line feed outside quotes ends a record);
 * a part that ends inside one reports a malformed row. So the split result is kept only when no
 * part met a malformed row (or a read error); otherwise the file is read again in one piece,
 * which also reports each malformed row with its real line number. Unweighted answers only:
 * their sums are exact, so the figures are identical to a single pass. */

typedef struct {
    int fd;
    const char *header; /* fed first (parts after the first): the header line */
    size_t header_len, header_pos;
    off_t pos, end;
} Range;

static int64_t
range_read(void *user, char *buf, size_t cap)
{
    Range *r = user;
    if (r->header_pos < r->header_len) {
        size_t n = MIN(cap, r->header_len - r->header_pos);
        memcpy(buf, r->header + r->header_pos, n);
        r->header_pos += n;
        return (long)n;
    }
    size_t want = (size_t)MIN((off_t)cap, r->end - r->pos);
    if (want == 0)
        return 0;
    ssize_t got;
    do
        got = pread(r->fd, buf, want, r->pos);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        return -1;
    r->pos += got;
    return (long)got;
}

typedef struct {
    Range range;
    Tally tally;
    CliMalformed malformed; /* quiet: any malformed row drops the split result */
    const size_t *cols;
    size_t width;
    int status; /* CX_DONE when the part was read through */
} Part;

static gpointer
part_run(gpointer data)
{
    Part *part = data;
    CxReader *reader = NULL;
    part->status = cli_input_open_part(range_read, &part->range, part->cols[0], 0, 10, &reader);
    if (part->status == CX_OK)
        part->status = tally_read(&part->tally, reader, part->cols, part->width, FALSE,
                                  &part->malformed);
    /* A rejected answer is reported with its line: only a single pass knows it. */
    if (part->status == CX_DONE && cli_input_part_problems(reader, part->cols[0]))
        part->status = CX_E_MALFORMED_ROW;
    cx_reader_free(reader);
    return NULL;
}

/* Reads @path in @n_parts threads into @ty (see above). Returns FALSE, with @ty untouched,
 * when the file cannot be split or the split result cannot be kept. */
static gboolean
tally_parallel(Tally *ty, const char *path, guint n_parts, const size_t *cols, size_t width)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return FALSE;
    }
    /* The header: the first line, which must hold no quote (a quoted header may span lines)
     * and no CR but before its LF (lone-CR files are not cut). */
    char head[65536];
    ssize_t got = pread(fd, head, sizeof head, 0);
    char *lf = got > 0 ? memchr(head, '\n', (size_t)got) : NULL;
    if (!lf || memchr(head, '"', (size_t)(lf - head)) ||
        memchr(head, '\r', (size_t)(lf - head)) != (lf > head && lf[-1] == '\r' ? lf - 1 : NULL)) {
        close(fd);
        return FALSE;
    }
    const size_t header_len = (size_t)(lf - head) + 1;
    off_t *cut = g_new(off_t, n_parts + 1);
    cut[0] = 0;
    cut[n_parts] = st.st_size;
    for (guint i = 1; i < n_parts; i++) {
        /* The byte after the first line feed at or after an even share of the file. */
        off_t at = MAX(cut[i - 1], (off_t)((double)st.st_size * i / n_parts));
        char buf[4096];
        ssize_t n;
        cut[i] = st.st_size;
        while ((n = pread(fd, buf, sizeof buf, at)) > 0) {
            char *nl = memchr(buf, '\n', (size_t)n);
            if (nl) {
                cut[i] = at + (nl - buf) + 1;
                break;
            }
            at += n;
        }
    }
    Part *parts = g_new0(Part, n_parts);
    GThread **threads = g_new0(GThread *, n_parts);
    for (guint i = 0; i < n_parts; i++) {
        Part *p = &parts[i];
        p->range = (Range){ fd, i ? head : NULL, i ? header_len : 0, 0, cut[i], cut[i + 1] };
        p->malformed = (CliMalformed){ .cmd = CMD, .quiet = TRUE };
        p->cols = cols;
        p->width = width;
        tally_init(&p->tally, nps_new(NULL),
                   ty->groups ? cli_groups_new(ty->t.n_keys, nps_new, nps_free, NULL) : NULL,
                   ty->t.n_keys);
        threads[i] = i ? g_thread_new("cxscore-part", part_run, p) : NULL;
    }
    part_run(&parts[0]);
    gboolean ok = TRUE;
    for (guint i = 0; i < n_parts; i++) {
        if (threads[i])
            g_thread_join(threads[i]);
        ok &= parts[i].status == CX_DONE && parts[i].malformed.count == 0;
    }
    for (guint i = 0; i < n_parts; i++) {
        if (ok)
            tally_merge(ty, &parts[i].tally);
        cx_nps_free(parts[i].tally.overall);
        cli_groups_free(parts[i].tally.groups);
        tally_clear(&parts[i].tally);
    }
    g_free(threads);
    g_free(parts);
    g_free(cut);
    close(fd);
    return ok;
}

/* Reads every row into @overall and, with --by, the segments in @groups, on @threads cores when
 * the file allows it (see above). Returns FALSE after printing a read error. */
static gboolean
read_answers(CxReader *reader, const char *path, guint threads, size_t score_col,
             const size_t *weight_col, const GArray *by, CxNps *overall, CliGroups *groups,
             CliMalformed *malformed)
{
    const size_t n_by = by->len, width = 1 + n_by + (weight_col ? 1 : 0);
    size_t *cols = g_new(size_t, width);
    cols[0] = score_col;
    for (size_t k = 0; k < n_by; k++)
        cols[1 + k] = g_array_index(by, size_t, k);
    if (weight_col)
        cols[width - 1] = *weight_col;
    Tally ty;
    tally_init(&ty, overall, groups, n_by);
    gboolean split = threads > 1 && !weight_col && strcmp(path, "-") != 0 &&
                     tally_parallel(&ty, path, threads, cols, width);
    int st = split ? CX_DONE : tally_read(&ty, reader, cols, width, weight_col != NULL, malformed);
    tally_finish(&ty);
    tally_clear(&ty);
    g_free(cols);
    return st == CX_DONE;
}

static gboolean
default_column(CxReader *reader, size_t *index)
{
    if (cx_reader_column_index(reader, "score", index) == CX_OK)
        return TRUE;
    static const char *const names[] = { "nps", "recommend", "likelihood_to_recommend", "ltr" };
    int found = 0;
    for (size_t c = 0; c < cx_reader_column_count(reader); c++)
        for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
            if (g_ascii_strcasecmp(cx_reader_column_name(reader, c), names[k]) == 0) {
                *index = c;
                found++;
            }
    return found == 1;
}

int
cmd_nps(int argc, char **argv)
{
    Options o = { 0 };
    GOptionEntry entries[] = {
        { "column", 'c', 0, G_OPTION_ARG_STRING, &o.column,
          "The 0-10 answer column (default: score, or the one column named nps, recommend, "
          "likelihood_to_recommend or ltr)", "NAME" },
        { "by", 'b', 0, G_OPTION_ARG_STRING, &o.by, "One row per segment of these columns",
          "COL[,COL...]" },
        { "weight", 'w', 0, G_OPTION_ARG_STRING, &o.weight, "Column of survey weights", "COL" },
        { "level", 'l', 0, G_OPTION_ARG_STRING, &o.level, "Confidence level (default 0.95)",
          "0.95" },
        { "method", 'm', 0, G_OPTION_ARG_STRING, &o.method,
          "Interval: wald, adjusted-wald or tango (default)", "METHOD" },
        { "baseline", 0, 0, G_OPTION_ARG_STRING, &o.baseline,
          "Compare each segment with the one where COL=VALUE (COL among --by)", "COL=VALUE" },
        { "format", 'f', 0, G_OPTION_ARG_STRING, &o.format, "table (default), csv or json",
          "FORMAT" },
        { "threads", 't', 0, G_OPTION_ARG_INT, &o.threads,
          "Read the file on N cores (default: all, up to 8, for files over 16 MiB; 1: one "
          "thread). The figures are the same whatever N", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - Net Promoter Score of a CSV export");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "Promoters answer 9-10, detractors 0-6; NPS = %promoters - %detractors, in points.\n"
             "Blank, NA, N/A and - are missing; 11, 6.5 or 7a are rejected and counted.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore nps survey.csv --by channel\n"
             "  cxscore nps survey.csv --by period --baseline period=2026-Q1\n"
             "  cxscore nps survey.csv --weight weight --method adjusted-wald --format json\n"
             "  cat survey.csv | cxscore nps - --column recommend\n\n" CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data (unreadable file, no such column, no valid\n"
             "answer), 2 bad usage. Formulas and sources: docs/nps.md.");
    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    CxNps *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    char **baseline = NULL;
    double level = 0.95;
    int method = CX_NPS_CI_TANGO;
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
    /* Several cores by default only where it pays: a file of more than 16 MiB. */
    guint threads;
    if (!cli_parse_threads(CMD, o.threads, argv[1], 16 * 1024 * 1024, 8, &threads))
        goto out;
    if (o.method && (method = cx_nps_ci_method_from_name(o.method)) < 0) {
        cli_error(CMD, "unknown --method '%s' (expected wald, adjusted-wald or tango)",
                  o.method);
        goto out;
    }
    if (o.baseline && (!strchr(o.baseline, '=') || !o.by)) {
        cli_error(CMD, "--baseline takes COL=VALUE, with COL one of the --by columns");
        goto out;
    }

    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    size_t score_col, weight_col = 0;
    if (o.column ? !cli_column(CMD, reader, o.column, &score_col)
                 : !default_column(reader, &score_col)) {
        if (!o.column) {
            cli_error(CMD, "no 'score' column, and no single column named like an NPS answer: "
                           "name it with --column");
            cli_column(CMD, reader, "score", &score_col); /* lists the columns */
        }
        goto out;
    }
    if (o.weight && !cli_column(CMD, reader, o.weight, &weight_col))
        goto out;
    if (o.by && !cli_columns(CMD, reader, o.by, by))
        goto out;
    /* The input options (cli-input.c): labels, missing markers, decimal comma, option columns. */
    cli_input_answers(reader, score_col, 0, 10);
    if (o.weight)
        cli_input_weights(reader, weight_col);
    cli_input_segments(reader, by);
    if (!cli_input_splittable(reader))
        threads = 1;
    size_t baseline_key = 0;
    if (o.baseline) {
        char *eq = strchr(o.baseline, '=');
        char *col = g_strndup(o.baseline, (gsize)(eq - o.baseline));
        size_t index;
        gboolean found = FALSE;
        if (cx_reader_column_index(reader, col, &index) == CX_OK)
            for (guint k = 0; k < by->len; k++)
                if (g_array_index(by, size_t, k) == index) {
                    baseline_key = k;
                    found = TRUE;
                }
        if (!found)
            cli_error(CMD, "--baseline column '%s' is not among the --by columns", col);
        g_free(col);
        if (!found) {
            status = CLI_EXIT_USAGE;
            goto out;
        }
    }

    overall = nps_new(NULL);
    groups = by->len ? cli_groups_new(by->len, nps_new, nps_free, NULL) : NULL;
    CliMalformed malformed = { .cmd = CMD };
    if (!read_answers(reader, argv[1], threads, score_col, o.weight ? &weight_col : NULL, by,
                      overall, groups, &malformed))
        goto out;
    cli_malformed_summary(&malformed);

    Figures all = figures(overall, level, method);
    if (!cli_input_report(CMD, reader, all.r.n, all.r.missing, all.r.rejected, malformed.count))
        goto out;
    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    if (o.baseline &&
        (status = cli_baseline_check(CMD, o.baseline, baseline_key, sorted, n_groups, "row"))) {
        g_free(sorted);
        goto out;
    }
    status = CLI_EXIT_DATA;
    Figures *seg = g_new0(Figures, n_groups + 1);
    for (size_t i = 0; i < n_groups; i++) {
        seg[i] = figures(sorted[i]->acc, level, method);
        if (!o.baseline)
            continue;
        /* The baseline of a segment: the same key with COL=VALUE. */
        char **key = g_strdupv(sorted[i]->values);
        g_free(key[baseline_key]);
        key[baseline_key] = g_strdup(strchr(o.baseline, '=') + 1);
        CliGroup *base = cli_groups_find(groups, key);
        g_strfreev(key);
        if (base && base != sorted[i]) {
            Figures bf = figures(base->acc, level, method);
            seg[i].has_vs = seg[i].status == CX_OK && bf.status == CX_OK &&
                            cx_nps_compare(&seg[i].r, &bf.r, level, &seg[i].vs) == CX_OK;
        }
    }

    /* Do the segments differ? χ² on segments × (D, Pa, P); spread of the segment scores. */
    /* NaN until a test ran: without --by (or with one segment) no "Segments differ?" line. */
    CxTestResult chi = { .size = sizeof chi, .statistic = CLI_NAN };
    double lo_score = INFINITY, hi_score = -INFINITY, s1 = 0.0, s2 = 0.0;
    size_t scored = 0;
    if (n_groups >= 2) {
        uint64_t *table = g_new0(uint64_t, 3 * n_groups);
        for (size_t i = 0; i < n_groups; i++) {
            table[3 * i] = seg[i].r.detractors;
            table[3 * i + 1] = seg[i].r.passives;
            table[3 * i + 2] = seg[i].r.promoters;
            if (seg[i].status == CX_OK) {
                lo_score = MIN(lo_score, seg[i].r.nps);
                hi_score = MAX(hi_score, seg[i].r.nps);
                s1 += seg[i].r.nps;
                scored++;
            }
        }
        cx_chi_square_independence(table, n_groups, 3, &chi);
        g_free(table);
        for (size_t i = 0; i < n_groups; i++)
            if (seg[i].status == CX_OK)
                s2 += (seg[i].r.nps - s1 / (double)scored) * (seg[i].r.nps - s1 / (double)scored);
    }
    double spread_sd = scored >= 2 ? sqrt(s2 / (double)(scored - 1)) : CLI_NAN;

    const char *method_name = cx_nps_ci_method_name(method);
    const char *column = cx_reader_column_name(reader, score_col);
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "column");
        json_builder_add_string_value(b, column);
        cli_json_double(b, "level", level);
        json_builder_set_member_name(b, "method");
        json_builder_add_string_value(b, method_name);
        json_builder_set_member_name(b, "weight");
        if (o.weight)
            json_builder_add_string_value(b, o.weight);
        else
            json_builder_add_null_value(b);
        if (o.baseline) {
            json_builder_set_member_name(b, "baseline");
            json_builder_add_string_value(b, o.baseline);
        }
        cli_json_uint(b, "malformed_rows", malformed.count);
        json_builder_set_member_name(b, "overall");
        json_builder_begin_object(b);
        json_figures(b, &all);
        json_builder_end_object(b);
        if (groups) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t i = 0; i < n_groups; i++) {
                json_builder_begin_object(b);
                json_builder_set_member_name(b, "key");
                json_builder_begin_object(b);
                for (guint k = 0; k < by->len; k++) {
                    json_builder_set_member_name(
                        b, cx_reader_column_name(reader, g_array_index(by, size_t, k)));
                    json_builder_add_string_value(b, sorted[i]->values[k]);
                }
                json_builder_end_object(b);
                json_figures(b, &seg[i]);
                if (o.baseline)
                    json_vs(b, &seg[i]);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
            json_builder_set_member_name(b, "consistency");
            json_builder_begin_object(b);
            cli_json_double(b, "chi_square", chi.statistic);
            cli_json_double(b, "df", chi.df1);
            cli_json_double(b, "p", chi.p_value);
            cli_json_double(b, "range", scored >= 2 ? hi_score - lo_score : CLI_NAN);
            cli_json_double(b, "sd", spread_sd);
            json_builder_end_object(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        for (guint k = 0; k < by->len; k++)
            cli_csv_field(stdout, cx_reader_column_name(reader, g_array_index(by, size_t, k)),
                          FALSE);
        fputs("n,promoters,passives,detractors,missing,rejected,weight_total,n_eff,nps,se,"
              "ci_lower,ci_upper",
              stdout);
        fputs(o.baseline ? ",diff,diff_se,z,p,diff_ci_lower,diff_ci_upper\n" : "\n", stdout);
        for (size_t i = 0; i <= n_groups; i++) {
            const Figures *f = i < n_groups ? &seg[i] : &all;
            /* The overall row has the key "(all)" in every --by column. */
            for (guint k = 0; k < by->len; k++)
                cli_csv_field(stdout, i < n_groups ? sorted[i]->values[k] : "(all)", FALSE);
            fprintf(stdout, "%llu,%llu,%llu,%llu,%llu,%llu,", (unsigned long long)f->r.n,
                    (unsigned long long)f->r.promoters, (unsigned long long)f->r.passives,
                    (unsigned long long)f->r.detractors, (unsigned long long)f->r.missing,
                    (unsigned long long)f->r.rejected);
            cli_csv_double(stdout, f->r.weight_total, FALSE);
            cli_csv_double(stdout, f->status == CX_OK ? f->r.n_eff : CLI_NAN, FALSE);
            cli_csv_double(stdout, f->r.nps, FALSE);
            cli_csv_double(stdout, f->r.se, FALSE);
            cli_csv_double(stdout, f->lo, FALSE);
            cli_csv_double(stdout, f->hi, !o.baseline);
            if (o.baseline) {
                const CxNpsComparison *c = &f->vs;
                double nan = CLI_NAN;
                cli_csv_double(stdout, f->has_vs ? c->diff : nan, FALSE);
                cli_csv_double(stdout, f->has_vs ? c->se : nan, FALSE);
                cli_csv_double(stdout, f->has_vs ? c->z : nan, FALSE);
                cli_csv_double(stdout, f->has_vs ? c->p_value : nan, FALSE);
                cli_csv_double(stdout, f->has_vs ? c->ci_lower : nan, FALSE);
                cli_csv_double(stdout, f->has_vs ? c->ci_upper : nan, TRUE);
            }
        }
    } else {
        char *ci = cli_fmt("%g%% CI", 100.0 * level);
        const char *headers[] = { o.by ? o.by : "segment", "n", "prom%", "pass%", "detr%", "NPS",
                                  "SE", ci };
        CliTable *t = cli_table_new(G_N_ELEMENTS(headers), headers);
        for (size_t i = 0; i < n_groups; i++) {
            char *label = segment_label(sorted[i]->values, by->len);
            table_row(t, label, &seg[i]);
            g_free(label);
        }
        table_row(t, "(all)", &all);
        printf("NPS of column '%s'%s%s\n\n", column, o.weight ? ", weighted by " : "",
               o.weight ? o.weight : "");
        cli_table_print(t, stdout, 1);
        cli_table_free(t);
        printf("\n%s interval; NPS and SE in points. ", method_name);
        print_counts(&all.r, malformed.count);
        if (!isnan(chi.statistic)) {
            char pbuf[32];
            if (chi.p_value < 0.0001)
                g_strlcpy(pbuf, "< 0.0001", sizeof pbuf);
            else
                g_snprintf(pbuf, sizeof pbuf, "%.4f", chi.p_value);
            printf("Segments differ? chi-square %.2f, df %.0f, p %s (on the categories);\n"
                   "NPS range %.1f points, SD of segment NPS %.1f.\n",
                   chi.statistic, chi.df1, pbuf, hi_score - lo_score, spread_sd);
        }
        if (o.baseline) {
            printf("\nAgainst %s (segment minus baseline):\n\n", o.baseline);
            const char *vh[] = { o.by, "diff", "SE", "z", "p", ci };
            CliTable *vt = cli_table_new(G_N_ELEMENTS(vh), vh);
            for (size_t i = 0; i < n_groups; i++) {
                char *label = segment_label(sorted[i]->values, by->len);
                const CxNpsComparison *c = &seg[i].vs;
                int ok = seg[i].has_vs;
                char *cells[] = {
                    label,
                    ok ? cli_num(c->diff, 1) : g_strdup("-"),
                    ok ? cli_num(c->se, 1) : g_strdup("-"),
                    ok ? cli_num(c->z, 2) : g_strdup("-"),
                    ok ? cli_fmt("%.4f", c->p_value) : g_strdup("-"),
                    ok ? cli_fmt("%.1f to %.1f", c->ci_lower, c->ci_upper) : g_strdup("-"),
                };
                cli_table_add(vt, cells);
                for (size_t k = 0; k < G_N_ELEMENTS(cells); k++)
                    g_free(cells[k]);
            }
            cli_table_print(vt, stdout, 1);
            cli_table_free(vt);
        }
        g_free(ci);
    }
    g_free(sorted);
    g_free(seg);
    if (all.status != CX_OK) {
        cli_no_score(CMD, column, all.status, all.r.n);
        goto out;
    }
    status = CLI_EXIT_OK;

out:
    cli_groups_free(groups);
    cx_nps_free(overall);
    cx_reader_free(reader);
    g_array_free(by, TRUE);
    g_strfreev(baseline);
    g_free(o.column);
    g_free(o.by);
    g_free(o.weight);
    g_free(o.level);
    g_free(o.method);
    g_free(o.baseline);
    g_free(o.format);
    g_option_context_free(ctx);
    return status;
}
