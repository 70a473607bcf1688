/* SPDX-License-Identifier: MIT */
/* cxscore loyalty: customer loyalty index from three 0–10 answers (recommend, buy again, buy
 * other products), both variants, overall and by segment. */
#include <string.h>

#include "cli-common.h"
#include "cli-design.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

#define CMD "loyalty"

static void *
index_new(void *user)
{
    CxLoyaltyIndex *acc = NULL;
    cli_created(cx_loyalty_index_new(*(const int *)user, &acc));
    return acc;
}

static void
index_free(void *acc)
{
    cx_loyalty_index_free(acc);
}

/* What a row is about: a segment, or all respondents (key NULL, the last row). */
typedef struct {
    char **key;
    CxLoyaltyIndexResult r;
    int status;
    gboolean ok;      /* estimates shown: scored, and at least --min-n complete respondents */
    int has_vs;       /* a comparison with the --baseline segment exists */
    CxLoyaltyIndexComparison vs;
} Unit;

static int
apply_design(const CxDesignMean *m, void *result)
{
    return cx_design_apply_loyalty_index(&m[0], &m[1], result);
}

/* With a design, its SEs replace Kish's in the intervals and the comparisons
 * (cx_design_apply_loyalty_index()); @segment is the segment's accumulator, NULL for all. */
static void
unit_init(Unit *u, char **key, const CxLoyaltyIndex *acc, double level, uint64_t min_n,
          const CliDesign *design, const void *segment)
{
    memset(u, 0, sizeof *u);
    u->key = key;
    u->r.size = sizeof u->r;
    u->vs.size = sizeof u->vs;
    u->status = cx_loyalty_index_result(acc, level, &u->r);
    if (design && u->status == CX_OK && u->r.complete > 0 &&
        !cli_design_apply(CMD, design, segment, 2, apply_design, &u->r))
        u->status = CX_E_UNDEFINED;
    u->ok = u->status == CX_OK && u->r.complete >= min_n;
}

/* The design's variables of a respondent with all three answers valid: 10 x the mean answer
 * and 100 x the mean NPS code +1/0/-1 (as the index adds them); NaN otherwise. */
static void
design_values(const double *a, double *v)
{
    double sum = 0.0, code = 0.0;
    for (int j = 0; j < 3; j++) {
        int cat;
        if (!(a[j] >= 0.0 && a[j] <= 10.0) || floor(a[j]) < a[j] ||
            cx_nps_category((int)a[j], &cat) != CX_OK) {
            v[0] = v[1] = CLI_NAN;
            return;
        }
        sum += a[j];
        code += cat;
    }
    v[0] = 10.0 * sum / 3.0;
    v[1] = 100.0 * code / 3.0;
}

#define EST(ok, v) ((ok) ? CLI_NUM(v) : CLI_NA)

/* The "loyalty" section: both indices of each unit. */
static void
loyalty_section(CliReport *rep, const CliReportOptions *ro, const char *mode, const Unit *unit,
                size_t n_units, CliColumn *cols, CliCell *cells, size_t n_by, const char *ci,
                const CliDesign *design)
{
    const size_t nk = MAX(n_by, 1);
    const CliColumn index_cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("mean_index", "mean idx", CLI_COL_NUMBER, 1),
        CLI_COL("mean_index_ci", ci, CLI_COL_INTERVAL, 1),
        CLI_COL("net_index", "net idx", CLI_COL_NUMBER, 1),
        CLI_COL("net_index_ci", ci, CLI_COL_INTERVAL, 1),
        CLI_DETAIL("respondents", CLI_COL_COUNT, 0),
        CLI_DETAIL("excluded", CLI_COL_COUNT, 0),
        CLI_DETAIL("rejected_weight", CLI_COL_COUNT, 0),
        CLI_COL("small_base", "note", CLI_COL_LABEL, 0),
    };
    size_t n_index = G_N_ELEMENTS(index_cols) - (ro->min_n > 0 ? 0 : 1);
    memcpy(cols + nk, index_cols, n_index * sizeof *cols);
    char *title = g_strdup_printf("Customer loyalty index (%s missing answers)", mode);
    cli_report_section(rep, "loyalty", title, cols, nk + n_index);
    g_free(title);
    for (size_t i = 0; i < n_units; i++) {
        const Unit *u = &unit[i];
        const CxLoyaltyIndexResult *r = &u->r;
        gboolean iv = u->ok && r->complete > 1; /* no interval from one respondent */
        cli_key_cells(cells, n_by, u->key);
        CliCell *c = cells + nk;
        *c++ = CLI_COUNT(r->complete);
        *c++ = EST(u->ok, r->mean_index);
        *c++ = iv ? CLI_IV(r->mean_index_ci_lower, r->mean_index_ci_upper) : CLI_NA;
        *c++ = EST(u->ok, r->net_index);
        *c++ = iv ? CLI_IV(r->net_index_ci_lower, r->net_index_ci_upper) : CLI_NA;
        *c++ = CLI_COUNT(r->respondents);
        *c++ = CLI_COUNT(r->excluded);
        *c++ = CLI_COUNT(r->rejected_weight);
        *c = u->status == CX_OK && !u->ok ? CLI_TEXT("small base") : CLI_NA;
        cli_report_row(rep, cells);
    }
    cli_report_note(rep, "mean idx: item means x 10 (0-100); net idx: mean of the item net "
                         "scores.\nn: respondents with all three answers (behind the "
                         "intervals).%s",
                    ro->min_n > 0 ? "\nSegments with n below --min-n have no estimates." : "");
    cli_design_note(rep, design);
}

/* The "items" section: each of the three answers of each unit. */
static void
items_section(CliReport *rep, const Unit *unit, size_t n_units, CliColumn *cols, CliCell *cells,
              size_t n_by)
{
    static const char *const items[3] = { "recommend", "repurchase", "cross_buy" };
    const size_t nk = MAX(n_by, 1);
    const CliColumn item_cols[] = {
        CLI_COL("item", NULL, CLI_COL_LABEL, 0),     CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("missing", NULL, CLI_COL_COUNT, 0), CLI_COL("rejected", NULL, CLI_COL_COUNT, 0),
        CLI_COL("mean", NULL, CLI_COL_NUMBER, 2),    CLI_COL("net", NULL, CLI_COL_NUMBER, 1),
    };
    memcpy(cols + nk, item_cols, sizeof item_cols);
    cli_report_section(rep, "items", "Items (mean 0-10; net: %9-10 - %0-6, in points)", cols,
                       nk + G_N_ELEMENTS(item_cols));
    for (size_t i = 0; i < n_units; i++) {
        const Unit *u = &unit[i];
        for (int j = 0; j < 3; j++) {
            cli_key_cells(cells, n_by, u->key);
            CliCell *c = cells + nk;
            *c++ = CLI_TEXT(items[j]);
            *c++ = CLI_COUNT(u->r.n[j]);
            *c++ = CLI_COUNT(u->r.missing[j]);
            *c++ = CLI_COUNT(u->r.rejected[j]);
            *c++ = EST(u->ok, u->r.item_mean[j]);
            *c = EST(u->ok, u->r.item_net[j]);
            cli_report_row(rep, cells);
        }
    }
}

/* The "baseline" section: each segment's indices minus its --baseline segment's. */
static void
baseline_section(CliReport *rep, const char *baseline, const Unit *unit, size_t n_units,
                 CliColumn *cols, CliCell *cells, size_t n_by, const char *ci)
{
    const size_t nk = MAX(n_by, 1);
    const CliColumn vs_cols[] = {
        CLI_COL("mean_diff", "mean idx", CLI_COL_NUMBER, 1),
        CLI_DETAIL("mean_se", CLI_COL_NUMBER, 2),
        CLI_DETAIL("mean_t", CLI_COL_NUMBER, 2),
        CLI_DETAIL("mean_df", CLI_COL_NUMBER, 1),
        CLI_COL("mean_p", "p", CLI_COL_P, 0),
        CLI_COL("mean_ci", ci, CLI_COL_INTERVAL, 1),
        CLI_COL("net_diff", "net idx", CLI_COL_NUMBER, 1),
        CLI_DETAIL("net_se", CLI_COL_NUMBER, 2),
        CLI_DETAIL("net_t", CLI_COL_NUMBER, 2),
        CLI_DETAIL("net_df", CLI_COL_NUMBER, 1),
        CLI_COL("net_p", "p", CLI_COL_P, 0),
        CLI_COL("net_ci", ci, CLI_COL_INTERVAL, 1),
    };
    memcpy(cols + nk, vs_cols, sizeof vs_cols);
    char *title = g_strdup_printf("Against %s (segment minus baseline)", baseline);
    cli_report_section(rep, "baseline", title, cols, nk + G_N_ELEMENTS(vs_cols));
    g_free(title);
    for (size_t i = 0; i + 1 < n_units; i++) {
        const CxLoyaltyIndexComparison *v = &unit[i].vs;
        gboolean ok = unit[i].has_vs;
        cli_key_cells(cells, n_by, unit[i].key);
        CliCell *c = cells + nk;
        const double x[] = { v->mean_diff, v->mean_se, v->mean_t, v->mean_df, v->mean_p_value };
        for (size_t k = 0; k < G_N_ELEMENTS(x); k++)
            *c++ = EST(ok, x[k]);
        *c++ = ok ? CLI_IV(v->mean_ci_lower, v->mean_ci_upper) : CLI_NA;
        const double y[] = { v->net_diff, v->net_se, v->net_t, v->net_df, v->net_p_value };
        for (size_t k = 0; k < G_N_ELEMENTS(y); k++)
            *c++ = EST(ok, y[k]);
        *c = ok ? CLI_IV(v->net_ci_lower, v->net_ci_upper) : CLI_NA;
        cli_report_row(rep, cells);
    }
    cli_report_note(rep, "Welch's t-test of each index (respondents with all three "
                         "answers).");
}

static void
report(CliReport *rep, CxReader *reader, const GArray *by, const CliReportOptions *ro,
       const char *mode, const Unit *unit, size_t n_units, uint64_t malformed,
       const CliDesign *design)
{
    cli_report_only(rep, ro->section);
    cli_report_setting_text(rep, "missing_mode", mode);
    cli_report_setting_text(rep, "weight", ro->weight);
    cli_report_setting_number(rep, "level", ro->level);
    cli_report_setting_text(rep, "baseline", ro->baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro->min_n);
    cli_design_settings(rep, design);
    char *ci = cli_level_title(ro->level);
    size_t nk = MAX(by->len, 1);
    CliColumn *cols = cli_key_columns(reader, by, 16);
    CliCell *cells = g_new0(CliCell, nk + 16);
    loyalty_section(rep, ro, mode, unit, n_units, cols, cells, by->len, ci, design);
    items_section(rep, unit, n_units, cols, cells, by->len);
    const CliColumn unscored_cols[] = {
        CLI_COL("bad_weight", "bad weight", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed rows", CLI_COL_COUNT, 0),
        CLI_COL("no_design_key", "no design key", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Rows not scored", unscored_cols,
                       G_N_ELEMENTS(unscored_cols) - (design ? 0 : 1));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(unit[n_units - 1].r.rejected_weight),
                                     CLI_COUNT(malformed),
                                     CLI_COUNT(design ? cli_design_rejected(design) : 0) });
    if (ro->baseline)
        baseline_section(rep, ro->baseline, unit, n_units, cols, cells, by->len, ci);
    g_free(cells);
    g_free(cols);
    g_free(ci);
}

/* One run of loyalty: the options, the columns found, and what was read. */
typedef struct {
    char *col_s[3], *missing;
    CliReportOptions ro;
    CliDesignOptions dop;
    int mode;
    CxReader *reader;
    CxLoyaltyIndex *overall;
    CliGroups *groups;
    CliDesign *design;
    GArray *by_cols;
    size_t cols[3], weight_col, baseline_key;
    CliMalformed malformed;
} Run;

static GOptionContext *
loyalty_context(Run *run)
{
    GOptionEntry entries[] = {
        { "recommend", 0, 0, G_OPTION_ARG_FILENAME, &run->col_s[0],
          "0-10 likelihood to recommend (default score)", "COL" },
        { "repurchase", 0, 0, G_OPTION_ARG_FILENAME, &run->col_s[1],
          "0-10 likelihood to buy again (default repurchase)", "COL" },
        { "cross-buy", 0, 0, G_OPTION_ARG_FILENAME, &run->col_s[2],
          "0-10 likelihood to cross-buy (default cross_buy)", "COL" },
        { "missing", 0, 0, G_OPTION_ARG_FILENAME, &run->missing,
          "pairwise (default) or listwise (a design's)", "MODE" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - customer loyalty index of a CSV export");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &run->ro, CLI_OPT_BY | CLI_OPT_WEIGHT | CLI_OPT_LEVEL |
                                              CLI_OPT_FORMAT | CLI_OPT_BASELINE | CLI_OPT_MIN_N |
                                              CLI_OPT_SECTION | CLI_OPT_MAX_SEGMENTS);
    cli_design_options_add(ctx, &run->dop);
    g_option_context_set_summary(
        ctx, "From three 0-10 answers (recommend, buy again, buy other products):\n"
             "  mean index = mean of the three item means x 10 (0-100);\n"
             "  net index  = mean of the three items' net scores (%9-10 - %0-6), in points.");
    g_option_context_set_description(
        ctx, "Examples:\n  cxscore loyalty survey.csv --by channel\n"
             "  cxscore loyalty survey.csv --missing listwise --format json\n"
             "  cxscore loyalty survey.csv --by period --baseline period=2026-Q1\n\n"
             "Sections: loyalty, items, unscored; with --baseline, baseline: Welch's\n"
             "t-test of each index (respondents with all three answers behind the\n"
             "standard errors).\n" CLI_BASELINE_HELP
             "Survey designs: --variance design gives the indices the linearization SE of\n"
             "R's survey package (strata and clusters with --strata and --cluster, which\n"
             "imply it), and the intervals and comparisons follow; the indices are then\n"
             "means over respondents with all three answers, so a design implies --missing\n"
             "listwise (" CLI_DOC_DIR "/design.md).\n"
             "  cxscore loyalty survey.csv --weight w --strata region --cluster store\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");
    return ctx;
}

/* The options after parsing: --missing, and what a design implies; FALSE after a message. */
static gboolean
loyalty_check(void *p, G_GNUC_UNUSED const char *path)
{
    Run *run = p;
    if (!cli_design_options_check(CMD, &run->dop))
        return FALSE;
    if (run->missing && g_ascii_strcasecmp(run->missing, "listwise") == 0)
        run->mode = CX_MISSING_LISTWISE;
    else if (run->missing && g_ascii_strcasecmp(run->missing, "pairwise") != 0) {
        cli_error(CMD, "unknown --missing '%s' (pairwise or listwise)", run->missing);
        return FALSE;
    }
    /* A design's variables are each respondent's index, which the pairwise index is not a
     * mean of (cx_design_apply_loyalty_index()). */
    if (run->dop.method == CX_VARIANCE_DESIGN) {
        if (run->missing && run->mode == CX_MISSING_PAIRWISE) {
            cli_error(CMD, "--missing pairwise has no design variance (the index is then no mean "
                           "over respondents): use --missing listwise");
            return FALSE;
        }
        run->mode = CX_MISSING_LISTWISE;
    }
    return TRUE;
}

/* Opens FILE, finds its columns and gives them the input options; a status. */
static int
loyalty_open(void *p, const char *path)
{
    Run *run = p;
    static const char *const defaults[3] = { "score", "repurchase", "cross_buy" };
    const CliReportOptions *ro = &run->ro;
    run->reader = cli_open(CMD, path);
    CxReader *reader = run->reader;
    if (!reader)
        return CLI_EXIT_DATA;
    for (int j = 0; j < 3; j++)
        if (!cli_column(CMD, reader, run->col_s[j] ? run->col_s[j] : defaults[j], &run->cols[j]))
            return CLI_EXIT_DATA;
    if ((ro->weight && !cli_column(CMD, reader, ro->weight, &run->weight_col)) ||
        (ro->by && !cli_columns(CMD, reader, ro->by, run->by_cols)))
        return CLI_EXIT_DATA;
    int status = cli_design_open(CMD, &run->dop, reader, 2, &run->design);
    if (!status && ro->baseline)
        status = cli_baseline_key(CMD, ro->baseline, reader, run->by_cols, &run->baseline_key);
    if (status)
        return status;
    /* The input options (cli-input.c): labels, label maps, missing markers, decimal comma. */
    cli_input_answer_columns(reader, run->cols, 3, 0, 10, TRUE);
    if (ro->weight)
        cli_input_weights(reader, run->weight_col);
    cli_input_segments(reader, run->by_cols);
    return CLI_EXIT_OK;
}

/* Every row into the overall index, its segment's and the design; FALSE after a message. */
static gboolean
loyalty_read(void *p)
{
    Run *run = p;
    CxReader *reader = run->reader;
    run->overall = index_new(&run->mode);
    if (run->by_cols->len)
        run->groups = cli_groups_new(run->by_cols->len, index_new, index_free, &run->mode);
    int st;
    while ((st = cli_next_row(reader, &run->malformed)) == CX_ROW) {
        double a[3];
        for (int j = 0; j < 3; j++)
            a[j] = cli_row_number(reader, run->cols[j]);
        double w = cli_row_weight(reader, run->ro.weight, run->weight_col);
        void *seg;
        if (!cli_row_segment(CMD, run->groups, reader, run->by_cols,
                             (size_t)run->ro.max_segments, &seg))
            return FALSE;
        double v[2];
        if (run->design) {
            design_values(a, v);
            if (!cli_design_add_current(run->design, reader, seg, w, v))
                continue; /* a blank design key: counted, in no figure */
        }
        cx_loyalty_index_add(run->overall, a, w);
        if (seg)
            cx_loyalty_index_add(seg, a, w);
    }
    if (st != CX_DONE)
        return FALSE;
    cli_malformed_summary(&run->malformed);
    return cli_input_report_cells(CMD, reader) &&
           (!run->design || cli_design_check(CMD, run->design));
}

/* The figures of each segment and of all respondents (the last), each segment against its
 * --baseline segment. */
static Unit *
loyalty_units(const Run *run, CliGroup *const *sorted, size_t n_groups)
{
    const CliReportOptions *ro = &run->ro;
    Unit *unit = g_new0(Unit, n_groups + 1);
    for (size_t i = 0; i <= n_groups; i++)
        unit_init(&unit[i], i < n_groups ? sorted[i]->values : NULL,
                  i < n_groups ? sorted[i]->acc : run->overall, ro->level,
                  i < n_groups ? (uint64_t)ro->min_n : 0, run->design,
                  i < n_groups ? sorted[i]->acc : NULL);
    for (size_t i = 0; ro->baseline && i < n_groups; i++) {
        size_t j = cli_baseline_index(run->groups, sorted, n_groups, i, run->baseline_key,
                                      ro->baseline);
        if (j != SIZE_MAX)
            unit[i].has_vs = unit[i].ok && unit[j].ok &&
                             cx_loyalty_index_compare(&unit[i].r, &unit[j].r, ro->level,
                                                      &unit[i].vs) == CX_OK;
    }
    return unit;
}

int
cmd_loyalty(int argc, char **argv)
{
    Run run = { .ro = { .max_segments = 1000000 }, .mode = CX_MISSING_PAIRWISE,
                .malformed = { .cmd = CMD } };
    run.by_cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = loyalty_context(&run);
    static const CliSteps steps = { loyalty_check, loyalty_open, loyalty_read };
    size_t n_groups;
    CliGroup **sorted;
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &run.ro, &steps, &run);
    if (status || (status = cli_row_segments(CMD, run.groups, run.ro.baseline,
                                             run.baseline_key, &sorted, &n_groups)))
        goto out;
    Unit *unit = loyalty_units(&run, sorted, n_groups);
    CliReport *rep = cli_report_new(CMD, run.ro.format, stdout);
    report(rep, run.reader, run.by_cols, &run.ro,
           run.mode == CX_MISSING_LISTWISE ? "listwise" : "pairwise", unit, n_groups + 1,
           run.malformed.count, run.design);
    status = cli_report_finish(rep);
    int result_status = unit[n_groups].status;
    g_free(unit);
    g_free(sorted);
    if (status == CLI_EXIT_OK && result_status != CX_OK) {
        if (result_status == CX_E_OVERFLOW)
            cli_error(CMD, "the weights are too large to score (their sums overflow a double): "
                           "no index");
        else
            cli_error(CMD, "an item has no valid answer: no index");
        status = CLI_EXIT_DATA;
    }
out:
    cli_design_free(run.design);
    cli_groups_free(run.groups);
    cx_loyalty_index_free(run.overall);
    cx_reader_free(run.reader);
    g_array_free(run.by_cols, TRUE);
    for (int j = 0; j < 3; j++)
        g_free(run.col_s[j]);
    g_free(run.missing);
    cli_report_options_clear(&run.ro);
    cli_design_options_clear(&run.dop);
    g_option_context_free(ctx);
    return status;
}
