/* SPDX-License-Identifier: MIT */
/* cxscore csat / cxscore ces: a rating-scale index (mean and top-box shares) of a CSV export,
 * overall and by segment. One file for both: they differ only in the preset and the default
 * column. */
#include <string.h>

#include "cli-common.h"
#include "cli-design.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

typedef struct {
    char *column, *scale, *good;
} Options;

typedef struct {
    int min, max, good_min, good_max, top;
} Scale;

static void *
rating_new(void *user)
{
    const Scale *s = user;
    CxRating *acc = NULL;
    int status = cx_rating_new(s->min, s->max, s->good_min, s->good_max, s->top, &acc);
    if (status == CX_E_INVALID_ARGUMENT)
        return NULL;
    cli_created(status);
    return acc;
}

static void
rating_free(void *acc)
{
    cx_rating_free(acc);
}

static gboolean
parse_range(const char *cmd, const char *opt, const char *text, int *lo, int *hi)
{
    char *end;
    long a = strtol(text, &end, 10);
    if (*end != '-') {
        cli_error(cmd, "%s takes LOW-HIGH, e.g. 1-5 (got '%s')", opt, text);
        return FALSE;
    }
    char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end || a > b || a < -1000 || b > 1000) {
        cli_error(cmd, "%s takes LOW-HIGH, e.g. 1-5 (got '%s')", opt, text);
        return FALSE;
    }
    *lo = (int)a;
    *hi = (int)b;
    return TRUE;
}

/* Everything reported for one accumulator. */
typedef struct {
    const CxRating *acc;
    CxRatingResult r;
    int status;     /* CX_OK, or CX_E_EMPTY without a valid answer */
    gboolean ok;    /* estimates are shown: CX_OK and n at least --min-n */
    gboolean has_vs; /* a comparison against the baseline exists */
    CxRatingComparison vs;
} Figures;

static int
apply_design(const CxDesignMean *m, void *result)
{
    return cx_design_apply_rating(&m[0], &m[1], &m[2], result);
}

/* With a design (--variance design), its SEs replace Kish's in the intervals, and so in the
 * comparisons too (cx_design_apply_rating()); @segment is the segment's accumulator, or NULL
 * for the whole sample. */
static Figures
figures(const CxRating *acc, double level, uint64_t min_n, const CliDesign *design,
        const void *segment, const char *cmd)
{
    Figures f;
    memset(&f, 0, sizeof f);
    f.acc = acc;
    f.r.size = sizeof f.r;
    f.vs.size = sizeof f.vs;
    f.status = cx_rating_result(acc, level, &f.r);
    if (design && f.status == CX_OK && !cli_design_apply(cmd, design, segment, 3, apply_design,
                                                          &f.r))
        f.status = CX_E_UNDEFINED;
    f.ok = f.status == CX_OK && f.r.n >= min_n;
    return f;
}

/* The cells after the key of a row of the "rating" section, in the order of its columns. */
static void
figures_cells(CliCell *c, const Figures *f, gint64 min_n)
{
    const CxRatingResult *r = &f->r;
    gboolean ok = f->ok;
    *c++ = CLI_COUNT(r->n);
    *c++ = ok ? CLI_NUM(r->mean) : CLI_NA;
    *c++ = ok ? CLI_IV(r->mean_ci_lower, r->mean_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->good) : CLI_NA;
    *c++ = ok ? CLI_IV(r->good_ci_lower, r->good_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->top_box) : CLI_NA;
    *c++ = ok ? CLI_IV(r->top_box_ci_lower, r->top_box_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->sd) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->se) : CLI_NA;
    *c++ = CLI_COUNT(r->missing);
    *c++ = CLI_COUNT(r->rejected);
    *c++ = CLI_NUM(r->weight_total);
    *c++ = f->status == CX_OK ? CLI_NUM(r->n_eff) : CLI_NA;
    if (min_n > 0)
        *c = CLI_TEXT(f->status == CX_OK && !ok ? "small base" : NULL);
}

/* Do the segments differ? One-way and Welch ANOVA of the means of the segments with estimates
 * (weighted data use n_eff), and the range and SD of those means. */
static void
consistency_section(CliReport *rep, const Figures *seg, size_t n)
{
    double *gn = g_new0(double, n), *gm = g_new0(double, n), *gv = g_new0(double, n);
    double lo = INFINITY, hi = -INFINITY, s1 = 0.0, s2 = 0.0;
    size_t scored = 0;
    for (size_t i = 0; i < n; i++)
        if (seg[i].ok) {
            gn[scored] = seg[i].r.n_eff;
            gm[scored] = seg[i].r.mean;
            gv[scored] = isnan(seg[i].r.sd) ? 0.0 : seg[i].r.sd * seg[i].r.sd;
            lo = MIN(lo, seg[i].r.mean);
            hi = MAX(hi, seg[i].r.mean);
            s1 += seg[i].r.mean;
            scored++;
        }
    for (size_t i = 0; i < scored; i++)
        s2 += (gm[i] - s1 / (double)scored) * (gm[i] - s1 / (double)scored);
    CxTestResult t[2] = { { .size = sizeof t[0] }, { .size = sizeof t[1] } };
    gboolean tested = cx_anova_oneway(gn, gm, gv, scored, &t[0], &t[1]) == CX_OK;
    g_free(gn);
    g_free(gm);
    g_free(gv);
    const CliColumn cols[] = {
        CLI_COL("test", NULL, CLI_COL_LABEL, 0),   CLI_COL("f", "F", CLI_COL_NUMBER, 2),
        CLI_COL("df1", NULL, CLI_COL_NUMBER, 0),   CLI_COL("df2", NULL, CLI_COL_NUMBER, 1),
        CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("mean_range", "range of means", CLI_COL_NUMBER, 2),
        CLI_COL("mean_sd", "SD of means", CLI_COL_NUMBER, 2),
    };
    cli_report_section(rep, "consistency", "Segments differ? (on the means)", cols,
                       G_N_ELEMENTS(cols));
    const char *names[2] = { "anova", "welch" };
    for (int k = 0; k < 2; k++) {
        gboolean ok = tested && !isnan(t[k].statistic);
        cli_report_row(rep, (CliCell[]){ CLI_TEXT(names[k]), ok ? CLI_NUM(t[k].statistic) : CLI_NA,
                                         ok ? CLI_NUM(t[k].df1) : CLI_NA,
                                         ok ? CLI_NUM(t[k].df2) : CLI_NA,
                                         ok ? CLI_NUM(t[k].p_value) : CLI_NA,
                                         scored >= 2 ? CLI_NUM(hi - lo) : CLI_NA,
                                         scored >= 2 ? CLI_NUM(sqrt(s2 / (double)(scored - 1)))
                                                     : CLI_NA });
    }
    if (!tested)
        cli_report_note(rep, "No test: it needs two segments with estimates, and spread.");
    else
        cli_report_note(rep, "Welch's ANOVA does not assume equal variances; prefer it.");
}

/* The "distribution" section: the count and share of each answer of the scale, per segment. */
static void
distribution_section(CliReport *rep, CliColumn *cols, size_t nk, size_t n_by,
                     CliGroup *const *sorted, const Figures *seg, size_t n_groups,
                     const Figures *all)
{
    size_t nc = nk;
    cols[nc++] = (CliColumn)CLI_COL("answer", NULL, CLI_COL_NUMBER, 0);
    cols[nc++] = (CliColumn)CLI_COL("count", NULL, CLI_COL_COUNT, 0);
    cols[nc++] = (CliColumn)CLI_COL("share", "%", CLI_COL_SHARE, 1);
    cli_report_section(rep, "distribution", "Answers (unweighted)", cols, nc);
    CliCell *cells = g_new0(CliCell, nc);
    for (size_t i = 0; i <= n_groups; i++) {
        const Figures *f = i < n_groups ? &seg[i] : all;
        cli_key_cells(cells, n_by, i < n_groups ? sorted[i]->values : NULL);
        for (int v = f->r.scale_min; v <= f->r.scale_max; v++) {
            uint64_t c = 0;
            cx_rating_count(f->acc, v, &c);
            cells[nk] = CLI_NUM(v);
            cells[nk + 1] = CLI_COUNT(c);
            cells[nk + 2] = f->r.n ? CLI_NUM((double)c / (double)f->r.n) : CLI_NA;
            cli_report_row(rep, cells);
        }
    }
    g_free(cells);
}

/* The "baseline" section: each segment minus its --baseline segment. */
static void
baseline_section(CliReport *rep, CliColumn *cols, size_t nk, size_t n_by,
                 CliGroup *const *sorted, const Figures *seg, size_t n_groups,
                 const char *baseline, const char *ci)
{
    const CliColumn vs_cols[] = {
        CLI_COL("mean_diff", "mean", CLI_COL_NUMBER, 2), CLI_COL("mean_p", "p", CLI_COL_P, 0),
        CLI_COL("mean_ci", ci, CLI_COL_INTERVAL, 2),
        CLI_COL("good_diff", "good", CLI_COL_NUMBER, 3), CLI_COL("good_p", "p", CLI_COL_P, 0),
        CLI_DETAIL("good_ci", CLI_COL_INTERVAL, 3),      CLI_DETAIL("mean_se", CLI_COL_NUMBER, 2),
        CLI_DETAIL("t", CLI_COL_NUMBER, 2),              CLI_DETAIL("df", CLI_COL_NUMBER, 1),
        CLI_DETAIL("good_z", CLI_COL_NUMBER, 2),
    };
    size_t nc = nk;
    for (size_t j = 0; j < G_N_ELEMENTS(vs_cols); j++)
        cols[nc++] = vs_cols[j];
    char *title = g_strdup_printf("Against %s (segment minus baseline)", baseline);
    cli_report_section(rep, "baseline", title, cols, nc);
    g_free(title);
    CliCell *cells = g_new0(CliCell, nc);
    for (size_t i = 0; i < n_groups; i++) {
        const CxRatingComparison *c = &seg[i].vs;
        gboolean ok = seg[i].has_vs;
        cli_key_cells(cells, n_by, sorted[i]->values);
        const CliCell v[] = { CLI_NUM(c->mean_diff), CLI_NUM(c->mean_p_value),
                              CLI_IV(c->mean_ci_lower, c->mean_ci_upper),
                              CLI_NUM(c->good_diff), CLI_NUM(c->good_p_value),
                              CLI_IV(c->good_ci_lower, c->good_ci_upper), CLI_NUM(c->mean_se),
                              CLI_NUM(c->mean_t), CLI_NUM(c->mean_df), CLI_NUM(c->good_z) };
        for (size_t j = 0; j < G_N_ELEMENTS(v); j++)
            cells[nk + j] = ok ? v[j] : CLI_NA;
        cli_report_row(rep, cells);
    }
    cli_report_note(rep, "Means: Welch's t-test. Good-band shares, as proportions: pooled z");
    cli_report_note(rep, "test and Newcombe's hybrid score interval.");
    g_free(cells);
}

/* One run of csat or ces: its options, what it reads, and the figures it reports. */
typedef struct {
    const char *cmd, *default_column, *what;
    int preset;
    Options o;
    CliReportOptions ro;
    CliDesignOptions dop;
    int top;
    Scale sc;
    CxReader *reader;
    CxRating *overall;
    CliGroups *groups;
    CliDesign *design;
    GArray *by;
    size_t col, weight_col, baseline_key;
    CliMalformed malformed;
    Figures all; /* of every row */
} Run;

static GOptionContext *
rating_context(Run *run)
{
    const char *cmd = run->cmd;
    GOptionEntry entries[] = {
        { "column", 'c', 0, G_OPTION_ARG_FILENAME, &run->o.column, "The answer column", "COL" },
        { "scale", 0, 0, G_OPTION_ARG_FILENAME, &run->o.scale, "Another scale, e.g. 1-7",
          "LOW-HIGH" },
        { "good", 0, 0, G_OPTION_ARG_FILENAME, &run->o.good,
          "The band whose share is reported (e.g. 4-5)", "LOW-HIGH" },
        { "top", 0, 0, G_OPTION_ARG_INT, &run->top, "The top box (default: the best end)",
          "VALUE" },
        { NULL },
    };
    char *param = g_strdup_printf("FILE - %s of a CSV export", run->what);
    GOptionContext *ctx = g_option_context_new(param);
    g_free(param);
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &run->ro, CLI_OPT_BY | CLI_OPT_WEIGHT | CLI_OPT_LEVEL |
                                              CLI_OPT_FORMAT | CLI_OPT_BASELINE | CLI_OPT_MIN_N |
                                              CLI_OPT_SECTION | CLI_OPT_MAX_SEGMENTS);
    cli_design_options_add(ctx, &run->dop);
    if (run->preset == CX_RATING_CSAT)
        g_option_context_set_summary(
            ctx, "Customer satisfaction on 1-5: the mean with a t-interval and the top-two-box\n"
                 "share (4-5, \"CSAT %\") and top box (5) with Wilson intervals.");
    else
        g_option_context_set_summary(
            ctx, "Customer Effort Score 2.0 (\"The company made it easy for me to handle my\n"
                 "issue\", 1-7): the mean with a t-interval and the share agreeing (5-7) with a\n"
                 "Wilson interval. For CES 1.0 (1-5 effort, lower is better) use --scale 1-5\n"
                 "--good 1-2 --top 1.");
    char *desc = g_strdup_printf(
        "Examples:\n  cxscore %s survey.csv\n  cxscore %s survey.csv --by channel --format json\n"
        "  cxscore %s survey.csv --by period --baseline period=2026-Q1\n"
        "  cxscore %s survey.csv --column q7 --scale 1-10 --good 9-10\n\n"
        "Blank, NA, N/A and - are missing; answers off the scale, non-integers and text\n"
        "are rejected and counted. Exit status: 0 success, 1 bad data, 2 bad usage.\n"
        "Against a baseline: Welch's t-test of the means; the shares by a pooled z test\n"
        "with Newcombe's hybrid score interval.\n" CLI_BASELINE_HELP
        "Survey designs: --variance design gives the weighted figures the linearization\n"
        "SE of R's survey package (strata and clusters with --strata and --cluster, which\n"
        "imply it); the intervals and comparisons follow.\n"
        "  cxscore %s survey.csv --weight w --strata region --cluster store\n"
        "Formulas and sources: " CLI_DOC_DIR "/loyalty.md and design.md.",
        cmd, cmd, cmd, cmd, cmd);
    g_option_context_set_description(ctx, desc);
    g_free(desc);
    return ctx;
}

/* The options after parsing: the design's, and the scale: the preset's, or --scale, --good
 * and --top; FALSE after a message (bad usage). Creates the overall accumulator on it. */
static gboolean
rating_check(void *p, G_GNUC_UNUSED const char *path)
{
    Run *run = p;
    if (!cli_design_options_check(run->cmd, &run->dop))
        return FALSE;
    CxRating *proto = NULL;
    cx_rating_new_preset(run->preset, &proto);
    CxRatingResult pr = { .size = sizeof pr };
    cx_rating_result(proto, 0.95, &pr);
    cx_rating_free(proto);
    Scale *sc = &run->sc;
    *sc = (Scale){ pr.scale_min, pr.scale_max, pr.good_min, pr.good_max, pr.top };
    if (run->o.scale) {
        if (!parse_range(run->cmd, "--scale", run->o.scale, &sc->min, &sc->max))
            return FALSE;
        /* A new scale keeps the preset's idea of "good": the top two points (or the bottom two
         * for CES 1.0's effort, where lower is better). */
        gboolean low_good = run->preset == CX_RATING_CES_1;
        sc->good_min = low_good ? sc->min : sc->max - 1;
        sc->good_max = low_good ? sc->min + 1 : sc->max;
        sc->top = low_good ? sc->min : sc->max;
    }
    if (run->o.good && !parse_range(run->cmd, "--good", run->o.good, &sc->good_min,
                                    &sc->good_max))
        return FALSE;
    if (run->top != G_MININT)
        sc->top = run->top;
    run->overall = rating_new(sc);
    if (!run->overall)
        cli_error(run->cmd, "the scale %d-%d with good band %d-%d and top box %d is not valid "
                            "(bands inside the scale, at most 101 points)",
                  sc->min, sc->max, sc->good_min, sc->good_max, sc->top);
    return run->overall != NULL;
}

/* Opens FILE and finds its columns; a status (CLI_EXIT_OK or after a message). */
static int
rating_open(void *p, const char *path)
{
    Run *run = p;
    const char *cmd = run->cmd;
    const CliReportOptions *ro = &run->ro;
    run->reader = cli_open(cmd, path);
    if (!run->reader)
        return CLI_EXIT_DATA;
    CxReader *reader = run->reader;
    if (!cli_column(cmd, reader, run->o.column ? run->o.column : run->default_column,
                    &run->col) ||
        (ro->weight && !cli_column(cmd, reader, ro->weight, &run->weight_col)) ||
        (ro->by && !cli_columns(cmd, reader, ro->by, run->by)))
        return CLI_EXIT_DATA;
    int status = cli_design_open(cmd, &run->dop, reader, 3, &run->design);
    if (status)
        return status;
    /* The input options (cli-input.c): labels, missing markers, decimal comma, option columns. */
    cli_input_answers(reader, run->col, run->sc.min, run->sc.max);
    if (ro->weight)
        cli_input_weights(reader, run->weight_col);
    cli_input_segments(reader, run->by);
    if (ro->baseline)
        return cli_baseline_key(cmd, ro->baseline, reader, run->by, &run->baseline_key);
    return CLI_EXIT_OK;
}

/* Every row into the overall accumulator, its segment's and the design, every row accounted
 * for (cli_input_report()); FALSE after a message. */
static gboolean
rating_read(void *p)
{
    Run *run = p;
    CxReader *reader = run->reader;
    if (run->by->len)
        run->groups = cli_groups_new(run->by->len, rating_new, rating_free, &run->sc);
    int st;
    while ((st = cli_next_row(reader, &run->malformed)) == CX_ROW) {
        const char *text;
        size_t len;
        cx_reader_field(reader, run->col, &text, &len);
        double weight = cli_row_weight(reader, run->ro.weight, run->weight_col);
        void *seg;
        if (!cli_row_segment(run->cmd, run->groups, reader, run->by,
                             (size_t)run->ro.max_segments, &seg))
            return FALSE;
        double v[3];
        if (run->design) {
            cli_design_rating_values(run->sc.min, run->sc.max, run->sc.good_min,
                                     run->sc.good_max, run->sc.top, text, len, v);
            if (!cli_design_add_current(run->design, reader, seg, weight, v))
                continue; /* a blank design key: counted, in no figure */
        }
        cx_rating_add_text(run->overall, text, len, weight);
        if (seg)
            cx_rating_add_text(seg, text, len, weight);
    }
    if (st != CX_DONE)
        return FALSE;
    cli_malformed_summary(&run->malformed);
    if (run->design && !cli_design_check(run->cmd, run->design))
        return FALSE;
    run->all = figures(run->overall, run->ro.level, 0, run->design, NULL, run->cmd);
    const CxRatingResult *r = &run->all.r;
    uint64_t no_design_key = run->design ? cli_design_rejected(run->design) : 0;
    return cli_input_report(run->cmd, reader, r->n, r->missing, r->rejected + no_design_key,
                            run->malformed.count);
}

/* The figures of each segment, and each against its --baseline segment. */
static Figures *
segment_figures(const Run *run, CliGroup *const *sorted, size_t n)
{
    const double level = run->ro.level;
    Figures *seg = g_new0(Figures, n + 1);
    for (size_t i = 0; i < n; i++)
        seg[i] = figures(sorted[i]->acc, level, (uint64_t)run->ro.min_n, run->design,
                         sorted[i]->acc, run->cmd);
    for (size_t i = 0; run->ro.baseline && i < n; i++) {
        size_t j = cli_baseline_index(run->groups, sorted, n, i, run->baseline_key,
                                      run->ro.baseline);
        const Figures *bf = j == SIZE_MAX ? NULL : &seg[j];
        seg[i].has_vs = bf && seg[i].ok && bf->ok &&
                        cx_rating_compare(&seg[i].r, &bf->r, level, &seg[i].vs) == CX_OK;
    }
    return seg;
}

static void
rating_settings(CliReport *rep, const Run *run)
{
    const Scale *sc = &run->sc;
    cli_report_only(rep, run->ro.section);
    cli_report_setting_text(rep, "column", cx_reader_column_name(run->reader, run->col));
    cli_report_setting_text(rep, "index", run->cmd);
    cli_report_setting_text(rep, "weight", run->ro.weight);
    cli_report_setting_number(rep, "level", run->ro.level);
    cli_report_setting_number(rep, "scale_min", sc->min);
    cli_report_setting_number(rep, "scale_max", sc->max);
    cli_report_setting_number(rep, "good_min", sc->good_min);
    cli_report_setting_number(rep, "good_max", sc->good_max);
    cli_report_setting_number(rep, "top", sc->top);
    cli_report_setting_text(rep, "baseline", run->ro.baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)run->ro.min_n);
    cli_design_settings(rep, run->design);
}

/* The "rating" section: a row per segment, then all rows. */
static void
rating_section(CliReport *rep, const Run *run, CliColumn *cols, size_t nk, const char *ci,
               CliGroup *const *sorted, const Figures *seg, size_t n_groups, const Figures *all)
{
    const Scale *sc = &run->sc;
    const CliReportOptions *ro = &run->ro;
    char *good = g_strdup_printf("%d-%d %%", sc->good_min, sc->good_max);
    char *topl = g_strdup_printf("%d %%", sc->top);
    const CliColumn figures_cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("mean", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("mean_ci", ci, CLI_COL_INTERVAL, 2),
        CLI_COL("good", good, CLI_COL_SHARE, 1),
        CLI_DETAIL("good_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("top_box", topl, CLI_COL_SHARE, 1),
        CLI_DETAIL("top_box_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("sd", "SD", CLI_COL_NUMBER, 2),
        CLI_DETAIL("se", CLI_COL_NUMBER, 3),
        CLI_DETAIL("missing", CLI_COL_COUNT, 0),
        CLI_DETAIL("rejected", CLI_COL_COUNT, 0),
        CLI_DETAIL("weight_total", CLI_COL_NUMBER, 1),
        CLI_DETAIL("n_eff", CLI_COL_NUMBER, 1),
        CLI_COL("small_base", "note", CLI_COL_LABEL, 0),
    };
    size_t n_fig = G_N_ELEMENTS(figures_cols) - (ro->min_n > 0 ? 0 : 1), nc = nk;
    for (size_t j = 0; j < n_fig; j++)
        cols[nc++] = figures_cols[j];
    char *title = g_strdup_printf("%s of column '%s', scale %d-%d%s%s", run->what,
                                  cx_reader_column_name(run->reader, run->col), sc->min,
                                  sc->max, ro->weight ? ", weighted by " : "",
                                  ro->weight ? ro->weight : "");
    cli_report_section(rep, "rating", title, cols, nc);
    g_free(title);
    CliCell *cells = g_new0(CliCell, nc);
    for (size_t i = 0; i <= n_groups; i++) {
        cli_key_cells(cells, run->by->len, i < n_groups ? sorted[i]->values : NULL);
        figures_cells(cells + nk, i < n_groups ? &seg[i] : all, ro->min_n);
        cli_report_row(rep, cells);
    }
    g_free(cells);
    g_free(good);
    g_free(topl);
    cli_report_note(rep, "Mean: t-interval; shares: Wilson intervals (in CSV and JSON).");
    if (ro->min_n > 0)
        cli_report_note(rep, "Segments with n below --min-n have no estimates.");
    cli_design_note(rep, run->design);
}

/* The "unscored" section: why answers of the whole file were not scored. */
static void
unscored_section(CliReport *rep, const Run *run, const CxRatingResult *r)
{
    const CliColumn answer_cols[] = {
        CLI_COL("missing", NULL, CLI_COL_COUNT, 0),
        CLI_COL("rejected", NULL, CLI_COL_COUNT, 0),
        CLI_COL("out_of_scale", "off scale", CLI_COL_COUNT, 0),
        CLI_COL("not_integer", "not integer", CLI_COL_COUNT, 0),
        CLI_COL("not_a_number", "not number", CLI_COL_COUNT, 0),
        CLI_COL("bad_weight", "bad weight", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
        CLI_DETAIL("weight_negative", CLI_COL_COUNT, 0),
        CLI_DETAIL("weight_invalid", CLI_COL_COUNT, 0),
        CLI_COL("no_design_key", "no design key", CLI_COL_COUNT, 0),
    };
    uint64_t no_design_key = run->design ? cli_design_rejected(run->design) : 0;
    cli_report_section(rep, "unscored", "Answers not scored", answer_cols,
                       G_N_ELEMENTS(answer_cols) - (run->design ? 0 : 1));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(r->missing),
                                     CLI_COUNT(r->rejected + no_design_key),
                                     CLI_COUNT(r->rejected_out_of_range),
                                     CLI_COUNT(r->rejected_not_integer),
                                     CLI_COUNT(r->rejected_not_a_number),
                                     CLI_COUNT(r->rejected_weight_negative +
                                               r->rejected_weight_invalid),
                                     CLI_COUNT(run->malformed.count),
                                     CLI_COUNT(r->rejected_weight_negative),
                                     CLI_COUNT(r->rejected_weight_invalid),
                                     CLI_COUNT(no_design_key) });
}

/* The report: settings, then the sections in their order. */
static int
rating_emit(const Run *run, CliGroup *const *sorted, const Figures *seg, size_t n_groups,
            const Figures *all)
{
    CliReport *rep = cli_report_new(run->cmd, run->ro.format, stdout);
    rating_settings(rep, run);
    char *ci = cli_level_title(run->ro.level);
    CliColumn *cols = cli_key_columns(run->reader, run->by, 16);
    size_t nk = MAX(run->by->len, 1);
    rating_section(rep, run, cols, nk, ci, sorted, seg, n_groups, all);
    unscored_section(rep, run, &all->r);
    distribution_section(rep, cols, nk, run->by->len, sorted, seg, n_groups, all);
    if (n_groups >= 2)
        consistency_section(rep, seg, n_groups);
    if (run->ro.baseline)
        baseline_section(rep, cols, nk, run->by->len, sorted, seg, n_groups, run->ro.baseline,
                         ci);
    g_free(cols);
    g_free(ci);
    return cli_report_finish(rep);
}

static int
run_rating(const char *cmd, int preset, const char *default_column, const char *what, int argc,
           char **argv)
{
    Run run = { .cmd = cmd, .preset = preset, .default_column = default_column, .what = what,
                .ro = { .max_segments = 1000000 }, .top = G_MININT,
                .malformed = { .cmd = cmd } };
    run.by = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = rating_context(&run);
    static const CliSteps steps = { rating_check, rating_open, rating_read };
    size_t n_groups;
    CliGroup **sorted;
    int status = cli_rows_steps(cmd, ctx, &argc, &argv, &run.ro, &steps, &run);
    if (status || (status = cli_row_segments(cmd, run.groups, run.ro.baseline,
                                             run.baseline_key, &sorted, &n_groups)))
        goto out;
    Figures *seg = segment_figures(&run, sorted, n_groups);
    status = rating_emit(&run, sorted, seg, n_groups, &run.all);
    g_free(sorted);
    g_free(seg);
    if (status == CLI_EXIT_OK && run.all.status != CX_OK) {
        cli_no_score(cmd, cx_reader_column_name(run.reader, run.col), run.all.status,
                     run.all.r.n);
        status = CLI_EXIT_DATA;
    }
out:
    cli_design_free(run.design);
    cli_groups_free(run.groups);
    cx_rating_free(run.overall);
    cx_reader_free(run.reader);
    g_array_free(run.by, TRUE);
    g_free(run.o.column);
    g_free(run.o.scale);
    g_free(run.o.good);
    cli_report_options_clear(&run.ro);
    cli_design_options_clear(&run.dop);
    g_option_context_free(ctx);
    return status;
}

int
cmd_csat(int argc, char **argv)
{
    return run_rating("csat", CX_RATING_CSAT, "csat", "CSAT", argc, argv);
}

int
cmd_ces(int argc, char **argv)
{
    return run_rating("ces", CX_RATING_CES, "ces", "Customer Effort Score", argc, argv);
}
