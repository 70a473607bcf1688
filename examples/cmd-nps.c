/* SPDX-License-Identifier: MIT */
/* cxscore nps: Net Promoter Score of a CSV export, overall and by segment. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli-common.h"
#include "cli-design.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

#define CMD "nps"

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

/* Everything reported for one accumulator. */
typedef struct {
    CxNpsResult r;
    int status;        /* CX_OK or CX_E_EMPTY */
    gboolean ok;       /* estimates are shown: CX_OK and n at least --min-n */
    double lo, hi;     /* the interval, NaN when empty */
    int has_vs;        /* a comparison against the baseline exists */
    CxNpsComparison vs;
} Figures;

/* With a design (--variance design), its SE replaces Kish's before the interval, and so in the
 * comparisons too (cx_design_apply_nps()). The interval only when @interval (else NaN). */
static Figures
figures(const CxNps *nps, double level, int method, uint64_t min_n, const CliDesign *design,
        const void *segment, gboolean interval)
{
    Figures f;
    memset(&f, 0, sizeof f);
    f.r.size = sizeof f.r;
    f.vs.size = sizeof f.vs;
    f.status = cx_nps_result(nps, &f.r);
    CxDesignMean m = { .size = sizeof m };
    if (design && f.status == CX_OK) {
        int st = cli_design_mean(design, segment, 0, &m);
        if (st == CX_OK)
            st = cx_design_apply_nps(&m, &f.r);
        if (st != CX_OK) /* cli_design_check() has ruled out a single PSU: not the same rows */
            cli_error(CMD, "the design's NPS differs from the answers' (%s)", cx_strerror(st));
        f.status = st == CX_OK ? CX_OK : CX_E_UNDEFINED;
    }
    f.ok = f.status == CX_OK && f.r.n >= min_n;
    f.lo = f.hi = CLI_NAN;
    if (f.ok && interval)
        cx_nps_interval(&f.r, level, method, &f.lo, &f.hi);
    return f;
}

/* The segments of --by, sorted, and what their figures need. A segment's figures are computed
 * when they are written (its baseline's again for the comparison), never kept for every
 * segment: with millions of segments they would cost more than the segments themselves
 * (issue 21, docs/performance.md). */
typedef struct {
    CliGroups *groups;
    CliGroup **sorted;
    size_t n;
    double level;
    int method;
    uint64_t min_n;
    const CliDesign *design;
    const char *baseline; /* --baseline COL=VALUE, or NULL */
    size_t baseline_key;
} Segments;

/* What segment_figures() computes beyond the result. */
enum { FIGURES_BARE, FIGURES_INTERVAL, FIGURES_VS };

/* The figures of segment @i of @s, with its interval (FIGURES_INTERVAL) or its comparison
 * against its baseline (FIGURES_VS) as asked. */
static Figures
segment_figures(const Segments *s, size_t i, int what)
{
    const CliGroup *g = s->sorted[i];
    Figures f = figures(g->acc, s->level, s->method, s->min_n, s->design, g->acc,
                        what == FIGURES_INTERVAL);
    if (what == FIGURES_VS && s->baseline && f.ok) {
        size_t j = cli_baseline_index(s->groups, s->sorted, s->n, i, s->baseline_key, s->baseline);
        if (j != SIZE_MAX) {
            const CliGroup *b = s->sorted[j];
            Figures bf = figures(b->acc, s->level, s->method, s->min_n, s->design, b->acc, FALSE);
            f.has_vs = bf.ok && cx_nps_compare(&f.r, &bf.r, s->level, &f.vs) == CX_OK;
        }
    }
    return f;
}

/* The cells after the key of a row of the "nps" section, in the order of its columns. */
static void
figures_cells(CliCell *c, const Figures *f, gint64 min_n)
{
    const CxNpsResult *r = &f->r;
    gboolean ok = f->ok;
    *c++ = CLI_COUNT(r->n);
    *c++ = ok ? CLI_NUM(r->p_promoters) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->p_passives) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->p_detractors) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->nps) : CLI_NA;
    *c++ = ok && r->n > 1 ? CLI_NUM(r->se) : CLI_NA; /* no SE from one answer */
    *c++ = ok ? CLI_IV(f->lo, f->hi) : CLI_NA;
    *c++ = CLI_COUNT(r->promoters);
    *c++ = CLI_COUNT(r->passives);
    *c++ = CLI_COUNT(r->detractors);
    *c++ = CLI_COUNT(r->missing);
    *c++ = CLI_COUNT(r->rejected);
    *c++ = CLI_NUM(r->weight_total);
    *c++ = f->status == CX_OK ? CLI_NUM(r->n_eff) : CLI_NA;
    if (min_n > 0)
        *c = CLI_TEXT(f->status == CX_OK && !ok ? "small base" : NULL);
}

/* Do the segments differ? Pearson's chi-square on segments x (detractors, passives, promoters),
 * its p-value only where every expected count is at least 5; the range and SD of the segment
 * scores shown. */
static void
consistency_section(CliReport *rep, const Segments *seg)
{
    /* Two passes over the segments, their figures computed again in each: the SD's deviations
     * need the mean first. Only the counts table of the test stays, three counts a segment. */
    const size_t n = seg->n;
    uint64_t *table = g_new0(uint64_t, 3 * n);
    double lo = INFINITY, hi = -INFINITY, s1 = 0.0, s2 = 0.0;
    size_t scored = 0;
    for (size_t i = 0; i < n; i++) {
        Figures f = segment_figures(seg, i, FIGURES_BARE);
        table[3 * i] = f.r.detractors;
        table[3 * i + 1] = f.r.passives;
        table[3 * i + 2] = f.r.promoters;
        if (f.ok) {
            lo = MIN(lo, f.r.nps);
            hi = MAX(hi, f.r.nps);
            s1 += f.r.nps;
            scored++;
        }
    }
    for (size_t i = 0; scored && i < n; i++) {
        Figures f = segment_figures(seg, i, FIGURES_BARE);
        if (f.ok)
            s2 += (f.r.nps - s1 / (double)scored) * (f.r.nps - s1 / (double)scored);
    }
    CxTestResult chi = { .size = sizeof chi };
    gboolean tested = cx_chi_square_independence(table, n, 3, &chi) == CX_OK;
    double min_expected = cli_chi_min_expected(table, n, 3);
    g_free(table);
    gboolean valid = tested && min_expected >= 5.0;
    const CliColumn cols[] = {
        CLI_COL("chi_square", "chi-square", CLI_COL_NUMBER, 2), CLI_COL("df", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("min_expected", "min expected", CLI_COL_NUMBER, 1),
        CLI_COL("nps_range", "NPS range", CLI_COL_NUMBER, 1),
        CLI_COL("nps_sd", "SD of NPS", CLI_COL_NUMBER, 1),
    };
    cli_report_section(rep, "consistency", "Segments differ? (on the categories)", cols,
                       G_N_ELEMENTS(cols));
    cli_report_row(rep, (CliCell[]){ tested ? CLI_NUM(chi.statistic) : CLI_NA,
                                     tested ? CLI_NUM(chi.df1) : CLI_NA,
                                     valid ? CLI_NUM(chi.p_value) : CLI_NA,
                                     CLI_NUM(min_expected),
                                     scored >= 2 ? CLI_NUM(hi - lo) : CLI_NA,
                                     scored >= 2 ? CLI_NUM(sqrt(s2 / (double)(scored - 1)))
                                                 : CLI_NA });
    if (tested && !valid)
        cli_report_note(rep, "No p-value: an expected count is below 5, where the chi-square "
                             "test is not valid.");
}

/* The default column: "score", else the one column named like an NPS question. */
/* ---- reading ---------------------------------------------------------------------------------- */

/* The segment of a row is found through a direct-mapped cache on cheap features of its key cells
 * (each cell's length, first and last byte) in front of the group table (cli-common.c): with the
 * few segments of a channel or region column, a row costs one byte comparison of its key instead
 * of a hash over it. Each cache entry also tallies its segment's plain answers, added to the
 * segment's accumulator (cx_nps_add_counts()) when another segment takes the entry and at the
 * end: a segment itself holds only its accumulator and its key, whatever the number of segments
 * (docs/performance.md). */
#define QUICK_SLOTS 1024

typedef struct {
    CliGroup *group;     /* NULL: an empty entry */
    uint64_t counts[11]; /* plain answers of the group not yet in its accumulator */
} Quick;

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

/* Adds the answers tallied in @q to its segment's accumulator. */
static void
quick_flush(Quick *q)
{
    uint64_t any = 0;
    for (int v = 0; v <= 10; v++)
        any |= q->counts[v];
    if (q->group && any)
        cx_nps_add_counts(q->group->acc, q->counts);
    memset(q->counts, 0, sizeof q->counts);
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

/* tally_read(): the --by columns have more values than --max-segments allows. */
#define TALLY_TOO_MANY 1000
/* tally_parallel(): the file was read in parts, or must be read in one piece. */
#define TALLY_SPLIT 1001
#define TALLY_NOT_SPLIT 1002

/* What one reader adds up: plain answers tallied (overall and per segment) until
 * tally_finish(), everything else added to the accumulators at once. */
typedef struct {
    CxNps *overall;
    CliGroups *groups; /* NULL without --by */
    CliDesign *design; /* NULL: Kish's variance */
    size_t design_at;  /* where the design's key cells start in a row */
    size_t n_keys;     /* --by columns */
    size_t max;        /* --max-segments: no more segments are created (0: no limit) */
    Quick *quick;      /* QUICK_SLOTS entries, with --by */
    uint64_t all[11];
} Tally;

static void
tally_init(Tally *ty, CxNps *overall, CliGroups *groups, size_t n_by, size_t max_segments)
{
    memset(ty, 0, sizeof *ty);
    ty->overall = overall;
    ty->groups = groups;
    ty->n_keys = n_by;
    ty->max = max_segments;
    ty->quick = groups ? g_new0(Quick, QUICK_SLOTS) : NULL;
}

static void
tally_clear(Tally *ty)
{
    g_free(ty->quick);
}

/* The cache entry of the segment of the row whose key cells are @text, @len; NULL when it would
 * be one segment more than --max-segments allows. */
static Quick *
tally_segment(Tally *ty, const char *const *text, const size_t *len)
{
    Quick *q = &ty->quick[quick_slot(text, len, ty->n_keys)];
    if (q->group && cli_group_has_cells(ty->groups, q->group, text, len))
        return q;
    CliGroup *g = cli_groups_get_group(ty->groups, text, len, ty->max);
    if (!g)
        return NULL; /* one segment too many: the caller stops */
    quick_flush(q);
    q->group = g;
    return q;
}

/* Reads every row; @cols are the score column, the --by columns, the design's columns, then the
 * weight column when @weighted. Malformed rows are reported (or, quiet, counted) through @m. Returns CX_DONE, or the
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
            Quick *seg = ty->groups ? tally_segment(ty, cell + 1, cell_len + 1) : NULL;
            if (ty->groups && !seg) {
                cli_batch_free(batch);
                return TALLY_TOO_MANY;
            }
            int v = weighted || ty->design ? -1 : plain_answer(cell[0], cell_len[0]);
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
            double code = ty->design ? cli_design_nps_code(cell[0], cell_len[0]) : 0.0;
            if (ty->design && !cli_design_add(ty->design, seg ? seg->group->acc : NULL,
                                              cell + ty->design_at, cell_len + ty->design_at,
                                              weight, &code))
                continue; /* a blank design key: counted, in no figure */
            cx_nps_add_text(ty->overall, cell[0], cell_len[0], weight);
            if (seg)
                cx_nps_add_text(seg->group->acc, cell[0], cell_len[0], weight);
        }
    }
    cli_batch_free(batch);
    return st;
}

/* Adds the tallied answers to the accumulators. */
static void
tally_finish(Tally *ty)
{
    cx_nps_add_counts(ty->overall, ty->all);
    memset(ty->all, 0, sizeof ty->all);
    for (size_t i = 0; ty->quick && i < QUICK_SLOTS; i++)
        quick_flush(&ty->quick[i]);
}

/* Adds what @src read into @dst (unweighted answers only: their sums are exact, so the result
 * does not depend on how the rows were shared out). FALSE if @dst would get more segments than
 * --max-segments allows. */
static gboolean
tally_merge(Tally *dst, Tally *src)
{
    tally_finish(src);
    cx_nps_merge(dst->overall, src->overall);
    if (!src->groups)
        return TRUE;
    size_t n = dst->n_keys, n_groups;
    const char **text = g_new(const char *, n ? n : 1);
    size_t *len = g_new(size_t, n ? n : 1);
    CliGroup **all = cli_groups_list(src->groups, &n_groups);
    gboolean ok = TRUE;
    for (size_t i = 0; ok && i < n_groups; i++) {
        cli_group_cells(src->groups, all[i], text, len);
        CliGroup *into = cli_groups_get_group(dst->groups, text, len, dst->max);
        if (into)
            cx_nps_merge(into->acc, all[i]->acc);
        ok = into != NULL;
    }
    g_free(all);
    g_free(len);
    g_free(text);
    return ok;
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

/* Reads @path in @n_parts threads into @ty (see above). Returns TALLY_SPLIT; TALLY_NOT_SPLIT,
 * with @ty untouched, when the file cannot be split or the split result cannot be kept; or
 * TALLY_TOO_MANY. */
static int
tally_parallel(Tally *ty, const char *path, guint n_parts, const size_t *cols, size_t width)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return TALLY_NOT_SPLIT;
    }
    /* The header: the first line, which must hold no quote (a quoted header may span lines)
     * and no CR but before its LF (lone-CR files are not cut). */
    char head[65536];
    ssize_t got = pread(fd, head, sizeof head, 0);
    char *lf = got > 0 ? memchr(head, '\n', (size_t)got) : NULL;
    if (!lf || memchr(head, '"', (size_t)(lf - head)) ||
        memchr(head, '\r', (size_t)(lf - head)) != (lf > head && lf[-1] == '\r' ? lf - 1 : NULL)) {
        close(fd);
        return TALLY_NOT_SPLIT;
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
                   ty->groups ? cli_groups_new(ty->n_keys, nps_new, nps_free, NULL) : NULL,
                   ty->n_keys, ty->max);
        threads[i] = i ? g_thread_new("cxscore-part", part_run, p) : NULL;
    }
    part_run(&parts[0]);
    gboolean ok = TRUE;
    for (guint i = 0; i < n_parts; i++) {
        if (threads[i])
            g_thread_join(threads[i]);
        ok &= parts[i].status == CX_DONE && parts[i].malformed.count == 0;
    }
    /* A part over --max-segments fails like a malformed row: read again in one piece, which
     * says so. A merge over it has changed @ty: too many, said by the caller. */
    int result = ok ? TALLY_SPLIT : TALLY_NOT_SPLIT;
    for (guint i = 0; i < n_parts; i++) {
        if (result == TALLY_SPLIT && !tally_merge(ty, &parts[i].tally))
            result = TALLY_TOO_MANY;
        cx_nps_free(parts[i].tally.overall);
        cli_groups_free(parts[i].tally.groups);
        tally_clear(&parts[i].tally);
    }
    g_free(threads);
    g_free(parts);
    g_free(cut);
    close(fd);
    return result;
}

/* Reads every row into @overall and, with --by, the segments in @groups, on @threads cores when
 * the file allows it (see above). Returns FALSE after printing a read error. */
static gboolean
read_answers(CxReader *reader, const char *path, guint threads, size_t score_col,
             const size_t *weight_col, const GArray *by, CxNps *overall, CliGroups *groups,
             CliMalformed *malformed, size_t max_segments, CliDesign *design)
{
    size_t design_cols[2], n_design = design ? cli_design_columns(design, design_cols) : 0;
    const size_t n_by = by->len, width = 1 + n_by + n_design + (weight_col ? 1 : 0);
    size_t *cols = g_new(size_t, width);
    cols[0] = score_col;
    for (size_t k = 0; k < n_by; k++)
        cols[1 + k] = g_array_index(by, size_t, k);
    for (size_t k = 0; k < n_design; k++)
        cols[1 + n_by + k] = design_cols[k];
    if (weight_col)
        cols[width - 1] = *weight_col;
    Tally ty;
    tally_init(&ty, overall, groups, n_by, max_segments);
    ty.design = design;
    ty.design_at = 1 + n_by;
    /* The parts of a parallel read tally unweighted answers without a design: with a design
     * (per-row totals), one thread, as with a weight. */
    int split = threads > 1 && !weight_col && !design && strcmp(path, "-") != 0
                    ? tally_parallel(&ty, path, threads, cols, width)
                    : TALLY_NOT_SPLIT;
    int st = split == TALLY_SPLIT       ? CX_DONE
             : split == TALLY_TOO_MANY ? TALLY_TOO_MANY
                                       : tally_read(&ty, reader, cols, width, weight_col != NULL,
                                                    malformed);
    if (st == TALLY_TOO_MANY)
        cli_error(CMD, "the --by columns have more than %zu distinct values (segments); raise "
                       "--max-segments if the memory allows (about 1.3 KiB each as a table, "
                       "0.6 KiB as CSV or JSON)",
                  max_segments);
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

/* One run of nps: the options, the columns found, and what was read. */
typedef struct {
    char *column, *method_s;
    int threads_opt; /* --threads as given */
    CliReportOptions ro;
    CliDesignOptions dop;
    int method;
    guint threads; /* the cores to read on */
    const char *path;
    CxReader *reader;
    size_t score_col, weight_col, baseline_key;
    GArray *by;
    CxNps *overall;
    CliGroups *groups;
    CliDesign *design;
    CliMalformed malformed;
} Nps;

static GOptionContext *
nps_context(Nps *t)
{
    GOptionEntry entries[] = {
        { "column", 'c', 0, G_OPTION_ARG_FILENAME, &t->column,
          "The 0-10 answer column (default: see below)", "COL" },
        { "method", 'm', 0, G_OPTION_ARG_FILENAME, &t->method_s,
          "Interval: wald, adjusted-wald or tango (default)", "METHOD" },
        { "threads", 't', 0, G_OPTION_ARG_INT, &t->threads_opt,
          "Read the file on N cores (0: see below)", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - Net Promoter Score of a CSV export");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &t->ro, CLI_OPT_BY | CLI_OPT_WEIGHT | CLI_OPT_LEVEL |
                                             CLI_OPT_FORMAT | CLI_OPT_BASELINE | CLI_OPT_MIN_N |
                                             CLI_OPT_SECTION | CLI_OPT_MAX_SEGMENTS);
    cli_design_options_add(ctx, &t->dop);
    g_option_context_set_summary(
        ctx, "Promoters answer 9-10, detractors 0-6; NPS = %promoters - %detractors, in\n"
             "points. Blank, NA, N/A and - are missing; 11, 6.5 or 7a are rejected and\n"
             "counted. The default --column is score, or the one column named nps,\n"
             "recommend, likelihood_to_recommend or ltr.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore nps survey.csv --by channel\n"
             "  cxscore nps survey.csv --by period --baseline period=2026-Q1\n"
             "  cxscore nps survey.csv --weight weight --method adjusted-wald --format json\n"
             "  cxscore nps survey.csv --weight w --strata region --cluster store --by period\n"
             "  cat survey.csv | cxscore nps - --column recommend\n\n" CLI_BASELINE_HELP
             "--threads: by default all cores, up to 8, for a file over 16 MiB, else one;\n"
             "the figures are the same whatever N (one core with a design).\n"
             "--variance: kish (sd_w/sqrt(n_eff)) unless --strata or --cluster is given;\n"
             "design is the linearization SE of R's survey package (design.md).\n"
             "Exit status: 0 success, 1 bad data (unreadable file, no such column, no valid\n"
             "answer, output not written, a stratum with one PSU), 2 bad usage.\n"
             "Formulas and sources: " CLI_DOC_DIR "/nps.md.");
    return ctx;
}

/* The options after parsing: the design's, --threads, --method, --baseline; FALSE after a
 * message. */
static gboolean
nps_check(void *p, const char *path)
{
    Nps *t = p;
    if (!cli_design_options_check(CMD, &t->dop))
        return FALSE;
    /* Several cores by default only where it pays: a file of more than 16 MiB. */
    if (!cli_parse_threads(CMD, t->threads_opt, path, 16 * 1024 * 1024, 8, &t->threads))
        return FALSE;
    if (t->method_s && (t->method = cli_nps_method(t->method_s)) < 0) {
        cli_error(CMD, "unknown --method '%s' (expected wald, adjusted-wald or tango)",
                  t->method_s);
        return FALSE;
    }
    if (t->ro.baseline && (!strchr(t->ro.baseline, '=') || !t->ro.by)) {
        cli_error(CMD, "--baseline takes COL=VALUE, with COL one of the --by columns");
        return FALSE;
    }
    return TRUE;
}

/* Opens FILE, finds its columns (the default answer column by its name) and gives them the
 * input options, then finds --baseline's column; a status. */
static int
nps_open(void *p, const char *path)
{
    Nps *t = p;
    const CliReportOptions *ro = &t->ro;
    t->path = path;
    t->reader = cli_open(CMD, path);
    CxReader *reader = t->reader;
    if (!reader)
        return CLI_EXIT_DATA;
    if (t->column ? !cli_column(CMD, reader, t->column, &t->score_col)
                  : !default_column(reader, &t->score_col)) {
        if (!t->column) {
            cli_error(CMD, "no 'score' column, and no single column named like an NPS answer: "
                           "name it with --column");
            cli_column(CMD, reader, "score", &t->score_col); /* lists the columns */
        }
        return CLI_EXIT_DATA;
    }
    if ((ro->weight && !cli_column(CMD, reader, ro->weight, &t->weight_col)) ||
        (ro->by && !cli_columns(CMD, reader, ro->by, t->by)))
        return CLI_EXIT_DATA;
    int status = cli_design_open(CMD, &t->dop, reader, 1, &t->design);
    if (status)
        return status;
    /* The input options (cli-input.c): labels, missing markers, decimal comma, option columns. */
    cli_input_answers(reader, t->score_col, 0, 10);
    if (ro->weight)
        cli_input_weights(reader, t->weight_col);
    cli_input_segments(reader, t->by);
    if (!cli_input_splittable(reader))
        t->threads = 1;
    return ro->baseline ? cli_baseline_key(CMD, ro->baseline, reader, t->by, &t->baseline_key)
                        : CLI_EXIT_OK;
}

/* Every row into the overall accumulator, its segment's and the design; FALSE after a
 * message. */
static gboolean
nps_read(void *p)
{
    Nps *t = p;
    t->overall = nps_new(NULL);
    t->groups = t->by->len ? cli_groups_new(t->by->len, nps_new, nps_free, NULL) : NULL;
    if (!read_answers(t->reader, t->path, t->threads, t->score_col,
                      t->ro.weight ? &t->weight_col : NULL, t->by, t->overall, t->groups,
                      &t->malformed, (size_t)t->ro.max_segments, t->design))
        return FALSE;
    cli_malformed_summary(&t->malformed);
    return !t->design || cli_design_check(CMD, t->design);
}

/* Rows left out for a blank --strata or --cluster cell. */
static uint64_t
no_design_key(const Nps *t)
{
    return t->design ? cli_design_rejected(t->design) : 0;
}

/* The "nps" section: a row per segment, then the overall one @all. */
static void
nps_section(CliReport *rep, const Nps *t, const Segments *seg, const Figures *all)
{
    const CliReportOptions *ro = &t->ro;
    char *ci = cli_level_title(ro->level);
    CliColumn *cols = cli_key_columns(t->reader, t->by, 20);
    size_t nk = MAX(t->by->len, 1), nc = nk;
    const CliColumn figures_cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("promoters_share", "prom%", CLI_COL_SHARE, 1),
        CLI_COL("passives_share", "pass%", CLI_COL_SHARE, 1),
        CLI_COL("detractors_share", "detr%", CLI_COL_SHARE, 1),
        CLI_COL("nps", "NPS", CLI_COL_NUMBER, 1),
        CLI_COL("se", "SE", CLI_COL_NUMBER, 1),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
        CLI_DETAIL("promoters", CLI_COL_COUNT, 0),
        CLI_DETAIL("passives", CLI_COL_COUNT, 0),
        CLI_DETAIL("detractors", CLI_COL_COUNT, 0),
        CLI_DETAIL("missing", CLI_COL_COUNT, 0),
        CLI_DETAIL("rejected", CLI_COL_COUNT, 0),
        CLI_DETAIL("weight_total", CLI_COL_NUMBER, 1),
        CLI_DETAIL("n_eff", CLI_COL_NUMBER, 1),
        CLI_COL("small_base", "note", CLI_COL_LABEL, 0),
    };
    size_t n_fig = G_N_ELEMENTS(figures_cols) - (ro->min_n > 0 ? 0 : 1);
    for (size_t j = 0; j < n_fig; j++)
        cols[nc++] = figures_cols[j];
    char *title = g_strdup_printf("NPS of column '%s'%s%s",
                                  cx_reader_column_name(t->reader, t->score_col),
                                  ro->weight ? ", weighted by " : "", ro->weight ? ro->weight : "");
    cli_report_section(rep, "nps", title, cols, nc);
    g_free(title);
    CliCell *cells = g_new0(CliCell, nc);
    for (size_t i = 0; i <= seg->n; i++) {
        Figures f = i < seg->n ? segment_figures(seg, i, FIGURES_INTERVAL) : *all;
        cli_key_cells(cells, t->by->len, i < seg->n ? seg->sorted[i]->values : NULL);
        figures_cells(cells + nk, &f, ro->min_n);
        cli_report_row(rep, cells);
    }
    cli_report_note(rep, "%s interval; NPS and SE in points.%s",
                    cx_nps_ci_method_name(t->method),
                    ro->min_n > 0 ? " Segments with n below --min-n have no estimates." : "");
    cli_design_note(rep, t->design);
    g_free(cells);
    g_free(cols);
    g_free(ci);
}

/* The "unscored" section: the overall answers not scored, by reason. */
static void
unscored_section(CliReport *rep, const Nps *t, const CxNpsResult *r)
{
    const CliColumn answer_cols[] = {
        CLI_COL("missing", NULL, CLI_COL_COUNT, 0),
        CLI_COL("rejected", NULL, CLI_COL_COUNT, 0),
        CLI_COL("out_of_range", "out of range", CLI_COL_COUNT, 0),
        CLI_COL("not_integer", "not integer", CLI_COL_COUNT, 0),
        CLI_COL("not_a_number", "not number", CLI_COL_COUNT, 0),
        CLI_COL("bad_weight", "bad weight", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
        CLI_DETAIL("weight_negative", CLI_COL_COUNT, 0),
        CLI_DETAIL("weight_invalid", CLI_COL_COUNT, 0),
        CLI_COL("no_design_key", "no design key", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Answers not scored", answer_cols,
                       G_N_ELEMENTS(answer_cols) - (t->design ? 0 : 1));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(r->missing),
                                     CLI_COUNT(r->rejected + no_design_key(t)),
                                     CLI_COUNT(r->rejected_out_of_range),
                                     CLI_COUNT(r->rejected_not_integer),
                                     CLI_COUNT(r->rejected_not_a_number),
                                     CLI_COUNT(r->rejected_weight_negative +
                                               r->rejected_weight_invalid),
                                     CLI_COUNT(t->malformed.count),
                                     CLI_COUNT(r->rejected_weight_negative),
                                     CLI_COUNT(r->rejected_weight_invalid),
                                     CLI_COUNT(no_design_key(t)) });
}

/* The "baseline" section: each segment against --baseline's. */
static void
baseline_section(CliReport *rep, const Nps *t, const Segments *seg)
{
    char *ci = cli_level_title(t->ro.level);
    CliColumn *cols = cli_key_columns(t->reader, t->by, 20);
    size_t nk = MAX(t->by->len, 1), nc = nk;
    char *vtitle = g_strdup_printf("Against %s (segment minus baseline)", t->ro.baseline);
    const CliColumn vs_cols[] = {
        CLI_COL("diff", NULL, CLI_COL_NUMBER, 1), CLI_COL("se", "SE", CLI_COL_NUMBER, 1),
        CLI_COL("z", NULL, CLI_COL_NUMBER, 2),    CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
    };
    for (size_t j = 0; j < G_N_ELEMENTS(vs_cols); j++)
        cols[nc++] = vs_cols[j];
    cli_report_section(rep, "baseline", vtitle, cols, nc);
    g_free(vtitle);
    CliCell *cells = g_new0(CliCell, nc);
    for (size_t i = 0; i < seg->n; i++) {
        Figures f = segment_figures(seg, i, FIGURES_VS);
        const CxNpsComparison *c = &f.vs;
        cli_key_cells(cells, t->by->len, seg->sorted[i]->values);
        gboolean ok = f.has_vs;
        cells[nk] = ok ? CLI_NUM(c->diff) : CLI_NA;
        cells[nk + 1] = ok ? CLI_NUM(c->se) : CLI_NA;
        cells[nk + 2] = ok ? CLI_NUM(c->z) : CLI_NA;
        cells[nk + 3] = ok ? CLI_NUM(c->p_value) : CLI_NA;
        cells[nk + 4] = ok ? CLI_IV(c->ci_lower, c->ci_upper) : CLI_NA;
        cli_report_row(rep, cells);
    }
    g_free(cells);
    g_free(cols);
    g_free(ci);
}

/* The report: settings, then the sections; a status. */
static int
nps_emit(const Nps *t, const Segments *seg, const Figures *all)
{
    const CliReportOptions *ro = &t->ro;
    CliReport *rep = cli_report_new(CMD, ro->format, stdout);
    cli_report_only(rep, ro->section);
    cli_report_setting_text(rep, "column", cx_reader_column_name(t->reader, t->score_col));
    cli_report_setting_text(rep, "weight", ro->weight);
    cli_report_setting_number(rep, "level", ro->level);
    cli_report_setting_text(rep, "method", cx_nps_ci_method_name(t->method));
    cli_report_setting_text(rep, "baseline", ro->baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro->min_n);
    cli_design_settings(rep, t->design);
    nps_section(rep, t, seg, all);
    unscored_section(rep, t, &all->r);
    if (seg->n >= 2)
        consistency_section(rep, seg);
    if (ro->baseline)
        baseline_section(rep, t, seg);
    return cli_report_finish(rep);
}

/* Every answer accounted for (cli_input_report()), the segments sorted with --baseline among
 * them, then the report; a status. */
static int
nps_report(const Nps *t)
{
    Figures all = figures(t->overall, t->ro.level, t->method, 0, t->design, NULL, TRUE);
    if (!cli_input_report(CMD, t->reader, all.r.n, all.r.missing,
                          all.r.rejected + no_design_key(t), t->malformed.count))
        return CLI_EXIT_DATA;
    size_t n_groups;
    CliGroup **sorted;
    int status = cli_row_segments(CMD, t->groups, t->ro.baseline, t->baseline_key, &sorted,
                                  &n_groups);
    if (status)
        return status;
    const Segments seg = { t->groups, sorted, n_groups, t->ro.level, t->method,
                           (uint64_t)t->ro.min_n, t->design, t->ro.baseline, t->baseline_key };
    status = nps_emit(t, &seg, &all);
    g_free(sorted);
    if (status == CLI_EXIT_OK && all.status != CX_OK) {
        cli_no_score(CMD, cx_reader_column_name(t->reader, t->score_col), all.status, all.r.n);
        status = CLI_EXIT_DATA;
    }
    return status;
}

int
cmd_nps(int argc, char **argv)
{
    Nps t = { .ro = { .max_segments = 1000000 }, .method = CX_NPS_CI_TANGO,
              .malformed = { .cmd = CMD } };
    t.by = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = nps_context(&t);
    static const CliSteps steps = { nps_check, nps_open, nps_read };
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &t.ro, &steps, &t);
    if (status == CLI_EXIT_OK)
        status = nps_report(&t);
    cli_design_free(t.design);
    cli_groups_free(t.groups);
    cx_nps_free(t.overall);
    cx_reader_free(t.reader);
    g_array_free(t.by, TRUE);
    g_free(t.column);
    g_free(t.method_s);
    cli_report_options_clear(&t.ro);
    cli_design_options_clear(&t.dop);
    g_option_context_free(ctx);
    return status;
}
