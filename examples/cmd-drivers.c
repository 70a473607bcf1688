/* SPDX-License-Identifier: MIT */
/* cxscore drivers: which touchpoint ratings move the 0-10 recommend answer. Correlations,
 * standardized betas and Johnson's relative weights, overall and by segment. */
#include <stdlib.h>
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

#define CMD "drivers"

typedef struct {
    size_t k;                 /* drivers */
    char **names;             /* their column names (k) */
    int mode;                 /* CX_MISSING_LISTWISE or CX_MISSING_PAIRWISE */
    double level;
} Setup;

static void *
drivers_new(void *user)
{
    const Setup *s = user;
    CxDrivers *acc = NULL;
    cli_created(cx_drivers_new(s->k, &acc));
    return acc;
}

static void
drivers_free(void *acc)
{
    cx_drivers_free(acc);
}

/* The figures of one accumulator: the model and each driver (in column order). */
typedef struct {
    int status;
    CxDriversResult m;
    CxDriver *d; /* k */
} Figures;

static Figures
figures_of(const CxDrivers *acc, const Setup *s)
{
    Figures f = { 0 };
    f.m.size = sizeof f.m;
    f.status = cx_drivers_result(acc, s->mode, s->level, &f.m);
    f.d = g_new0(CxDriver, s->k);
    for (size_t j = 0; j < s->k; j++) {
        f.d[j].size = sizeof f.d[j];
        cx_drivers_predictor(acc, j, s->mode, s->level, &f.d[j]);
    }
    return f;
}

/* Why the regression has no figures, in words (NULL if it has). */
static char *
regression_problem(const Figures *f, const Setup *s)
{
    switch (f->status) {
    case CX_OK:
        return NULL;
    case CX_E_EMPTY:
        return g_strdup(s->mode == CX_MISSING_LISTWISE
                            ? "no row has the outcome and every driver"
                            : "two of the columns are never answered together");
    case CX_E_UNDEFINED:
        if (f->m.singular_predictor >= 0)
            return cli_fmt("'%s' has no variance or is a linear combination of the drivers "
                           "listed before it",
                           s->names[f->m.singular_predictor]);
        if (!(f->m.n_eff > (double)s->k + 1.0))
            return cli_fmt("too few rows (%llu) for %zu drivers",
                           (unsigned long long)f->m.n, s->k);
        return g_strdup(s->mode == CX_MISSING_LISTWISE
                            ? "the outcome has no variance"
                            : "the outcome has no variance, or the pairwise correlations are "
                              "not those of any data set (try --missing listwise)");
    default:
        return g_strdup(cx_strerror(f->status));
    }
}

static int
by_rank(const void *a, const void *b, void *user)
{
    const CxDriver *d = user;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    uint32_t ri = d[i].rank ? d[i].rank : UINT32_MAX, rj = d[j].rank ? d[j].rank : UINT32_MAX;
    return ri != rj ? (ri < rj ? -1 : 1) : (i < j ? -1 : i > j);
}

#define EST(ok, v) ((ok) ? CLI_NUM(v) : CLI_NA)

/* What a row is about: a segment, or all rows (key NULL, the last of a section). */
typedef struct {
    char **key;
    Figures f;
    gboolean ok; /* estimates shown: all rows, or a segment of at least --min-n rows */
} Unit;

/* The drivers of each unit in rank order (by relative weight; unranked ones last, in column
 * order). */
static void
drivers_section(CliReport *rep, const Setup *s, const Unit *unit, size_t n_units,
                CliColumn *cols, CliCell *cells, size_t n_by, const char *ci)
{
    const size_t nk = MAX(n_by, 1);
    const CliColumn driver_cols[] = {
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
        CLI_COL("driver", NULL, CLI_COL_LABEL, 0),
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_DETAIL("n_eff", CLI_COL_NUMBER, 1),
        CLI_DETAIL("valid", CLI_COL_COUNT, 0),
        CLI_DETAIL("missing", CLI_COL_COUNT, 0),
        CLI_DETAIL("rejected", CLI_COL_COUNT, 0),
        CLI_DETAIL("mean", CLI_COL_NUMBER, 2),
        CLI_DETAIL("sd", CLI_COL_NUMBER, 2),
        CLI_COL("r", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("r_p", "p", CLI_COL_P, 0),
        { "r_ci", ci, CLI_COL_INTERVAL, 2, TRUE },
        CLI_DETAIL("rho", CLI_COL_NUMBER, 2),
        CLI_COL("beta", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("relative_weight", "weight", CLI_COL_NUMBER, 3),
        CLI_COL("relative_weight_pct", "% of R2", CLI_COL_NUMBER, 1),
    };
    memcpy(cols + nk, driver_cols, sizeof driver_cols);
    cli_report_section(rep, "drivers", "Drivers, by relative weight", cols,
                       nk + G_N_ELEMENTS(driver_cols));
    size_t *order = g_new(size_t, s->k);
    for (size_t i = 0; i < n_units; i++) {
        const Unit *u = &unit[i];
        for (size_t j = 0; j < s->k; j++)
            order[j] = j;
        if (u->ok)
            g_qsort_with_data(order, (gint)s->k, sizeof *order, by_rank, u->f.d);
        for (size_t j = 0; j < s->k; j++) {
            const CxDriver *d = &u->f.d[order[j]];
            gboolean ok = u->ok;
            cli_key_cells(cells, n_by, u->key);
            CliCell *c = cells + nk;
            *c++ = ok && d->rank ? CLI_COUNT(d->rank) : CLI_NA;
            *c++ = CLI_TEXT(s->names[order[j]]);
            *c++ = CLI_COUNT(d->n);
            *c++ = EST(ok, d->n_eff);
            *c++ = CLI_COUNT(d->valid);
            *c++ = CLI_COUNT(d->missing);
            *c++ = CLI_COUNT(d->rejected);
            const double v[] = { d->mean, d->sd, d->r, d->r_p_value };
            for (size_t k = 0; k < G_N_ELEMENTS(v); k++)
                *c++ = EST(ok, v[k]);
            *c++ = ok ? CLI_IV(d->r_ci_lower, d->r_ci_upper) : CLI_NA;
            const double w[] = { d->rho, d->beta, d->relative_weight, d->relative_weight_pct };
            for (size_t k = 0; k < G_N_ELEMENTS(w); k++)
                *c++ = EST(ok, w[k]);
            cli_report_row(rep, cells);
        }
    }
    g_free(order);
    cli_report_note(rep, "weight: Johnson's relative weight, the driver's share of R2;\nr: "
                         "Pearson (p: t test); beta: standardized. Spearman's rho: CSV, JSON.");
}

/* The model of each unit. */
static void
model_section(CliReport *rep, const Setup *s, const Unit *unit, size_t n_units, CliColumn *cols,
              CliCell *cells, size_t n_by, gint64 min_n)
{
    const size_t nk = MAX(n_by, 1);
    const CliColumn model_cols[] = {
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_DETAIL("n_eff", CLI_COL_NUMBER, 1),
        CLI_DETAIL("rows", CLI_COL_COUNT, 0),
        CLI_DETAIL("rows_complete", CLI_COL_COUNT, 0),
        CLI_COL("r_squared", "R2", CLI_COL_NUMBER, 3),
        CLI_COL("adj_r_squared", "adj. R2", CLI_COL_NUMBER, 3),
        CLI_COL("f", "F", CLI_COL_NUMBER, 1),
        CLI_COL("df1", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("df2", NULL, CLI_COL_NUMBER, 1),
        CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("note", NULL, CLI_COL_LABEL, 0),
    };
    memcpy(cols + nk, model_cols, sizeof model_cols);
    cli_report_section(rep, "model", "The regression", cols, nk + G_N_ELEMENTS(model_cols));
    for (size_t i = 0; i < n_units; i++) {
        const Unit *u = &unit[i];
        const CxDriversResult *m = &u->f.m;
        char *problem = regression_problem(&u->f, s);
        cli_key_cells(cells, n_by, u->key);
        CliCell *c = cells + nk;
        *c++ = CLI_COUNT(m->n);
        *c++ = CLI_NUM(m->n_eff);
        *c++ = CLI_COUNT(m->rows);
        *c++ = CLI_COUNT(m->rows_complete);
        const double v[] = { m->r_squared, m->adj_r_squared, m->f, m->df1, m->df2,
                             m->f_p_value };
        for (size_t k = 0; k < G_N_ELEMENTS(v); k++)
            *c++ = EST(u->ok, v[k]);
        *c = problem ? CLI_TEXT(problem) : !u->ok ? CLI_TEXT("small base") : CLI_NA;
        cli_report_row(rep, cells);
        g_free(problem);
    }
    if (min_n > 0)
        cli_report_note(rep, "Segments with n below --min-n have no estimates.");
}

/* What was not used: the overall model's counts (the last unit) and the malformed rows. */
static void
unscored_section(CliReport *rep, const CxDriversResult *m, uint64_t malformed)
{
    const CliColumn unscored_cols[] = {
        CLI_COL("outcome_missing", "outcome missing", CLI_COL_COUNT, 0),
        CLI_COL("outcome_rejected", "outcome rejected", CLI_COL_COUNT, 0),
        CLI_COL("bad_weight", "bad weight", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed rows", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Rows not used", unscored_cols,
                       G_N_ELEMENTS(unscored_cols));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(m->outcome_missing),
                                     CLI_COUNT(m->outcome_rejected),
                                     CLI_COUNT(m->rows_weight_negative + m->rows_weight_invalid),
                                     CLI_COUNT(malformed) });
    cli_report_note(rep, "Each driver's missing and rejected cells: the drivers section in "
                         "CSV and JSON.");
}

static gboolean
parse_scale(const char *text, double *lo, double *hi)
{
    char *end;
    long a = strtol(text, &end, 10);
    if (end == text || *end != '-')
        return FALSE;
    char *rest = end + 1;
    long b = strtol(rest, &end, 10);
    if (end == rest || *end || a >= b || a < -1000 || b > 1000)
        return FALSE;
    *lo = (double)a;
    *hi = (double)b;
    return TRUE;
}

/* The drivers: --drivers, or every column whose name starts with "tp_". */
static gboolean
find_drivers(CxReader *reader, const char *list, GArray *cols)
{
    if (list)
        return cli_columns(CMD, reader, list, cols);
    for (size_t i = 0; i < cx_reader_column_count(reader); i++)
        if (g_str_has_prefix(cx_reader_column_name(reader, i), "tp_"))
            g_array_append_val(cols, i);
    if (cols->len == 0)
        cli_error(CMD, "no --drivers given and no touchpoint column (named tp_...): list the "
                       "driver columns with --drivers COL,COL,...");
    return cols->len > 0;
}

/* One run of drivers: the options, the columns found, and what was read. */
typedef struct {
    char *drivers_s, *outcome_s, *scale_s, *missing;
    CliReportOptions ro;
    Setup s;
    double lo, hi; /* the outcome's scale */
    CxReader *reader;
    CxDrivers *overall;
    CliGroups *groups;
    GArray *by_cols, *cols;
    size_t y_col, weight_col;
    CliMalformed malformed;
} Run;

static GOptionContext *
drivers_context(Run *run)
{
    GOptionEntry entries[] = {
        { "drivers", 0, 0, G_OPTION_ARG_FILENAME, &run->drivers_s,
          "Touchpoint ratings (default: columns tp_...)", "COL,COL,..." },
        { "outcome", 'o', 0, G_OPTION_ARG_FILENAME, &run->outcome_s,
          "The outcome column (default score, 0-10)", "COL" },
        { "scale", 0, 0, G_OPTION_ARG_FILENAME, &run->scale_s,
          "Whole-number scale of the outcome (default 0-10)", "LOW-HIGH" },
        { "missing", 0, 0, G_OPTION_ARG_FILENAME, &run->missing,
          "listwise (default) or pairwise", "MODE" },
        { NULL },
    };
    GOptionContext *ctx =
        g_option_context_new("FILE - which touchpoints move the recommend answer");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &run->ro, CLI_OPT_BY | CLI_OPT_WEIGHT | CLI_OPT_LEVEL |
                                              CLI_OPT_FORMAT | CLI_OPT_MIN_N | CLI_OPT_SECTION |
                                              CLI_OPT_MAX_SEGMENTS);
    g_option_context_set_summary(
        ctx, "Driver analysis of a CSV export: for each touchpoint rating, Pearson's r with\n"
             "the outcome (p-value, Fisher interval), Spearman's rho, the standardized\n"
             "regression coefficient and Johnson's relative weight (its share of R2),\n"
             "ranked by weight.");
    g_option_context_set_description(
        ctx, "Examples:\n  cxscore drivers survey.csv\n"
             "  cxscore drivers survey.csv --drivers tp_wait,tp_agent,tp_billing --by channel\n"
             "  cxscore drivers survey.csv --missing pairwise --weight weight --format json\n\n"
             "Outcome answers off the scale, non-integers and text are rejected and counted;\n"
             "driver cells that are text are rejected; blank, NA, N/A and - are missing.\n"
             "Sections: drivers (in rank order), model, unscored. --level: of r's interval.\n"
             "Exit status: 0 success, 1 bad data (or no regression overall), 2 bad usage.\n"
             "Formulas and sources: " CLI_DOC_DIR "/loyalty.md.");
    return ctx;
}

/* The options after parsing: --missing, --scale; FALSE after a message. */
static gboolean
drivers_check(void *p, G_GNUC_UNUSED const char *path)
{
    Run *run = p;
    run->s.level = run->ro.level;
    if (run->missing && g_ascii_strcasecmp(run->missing, "pairwise") == 0)
        run->s.mode = CX_MISSING_PAIRWISE;
    else if (run->missing && g_ascii_strcasecmp(run->missing, "listwise") != 0) {
        cli_error(CMD, "unknown --missing '%s' (listwise or pairwise)", run->missing);
        return FALSE;
    }
    if (run->scale_s && !parse_scale(run->scale_s, &run->lo, &run->hi)) {
        cli_error(CMD, "--scale takes LOW-HIGH, e.g. 0-10 (got '%s')", run->scale_s);
        return FALSE;
    }
    return TRUE;
}

/* The drivers' names; a driver listed twice or that is the outcome is bad usage (a status). */
static int
driver_names(Run *run)
{
    Setup *s = &run->s;
    s->names = g_new0(char *, s->k + 1);
    for (size_t j = 0; j < s->k; j++) {
        size_t c = g_array_index(run->cols, size_t, j);
        s->names[j] = g_strdup(cx_reader_column_name(run->reader, c));
        for (size_t i = 0; i < j; i++)
            if (g_array_index(run->cols, size_t, i) == c) {
                cli_error(CMD, "driver '%s' is listed twice", s->names[j]);
                return CLI_EXIT_USAGE;
            }
        if (c == run->y_col) {
            cli_error(CMD, "'%s' is the outcome: it cannot also be a driver", s->names[j]);
            return CLI_EXIT_USAGE;
        }
    }
    return CLI_EXIT_OK;
}

/* Opens FILE, finds its columns and gives them the input options; a status. */
static int
drivers_open(void *p, const char *path)
{
    Run *run = p;
    const CliReportOptions *ro = &run->ro;
    run->reader = cli_open(CMD, path);
    CxReader *reader = run->reader;
    if (!reader || !cli_column(CMD, reader, run->outcome_s ? run->outcome_s : "score",
                               &run->y_col) ||
        (ro->weight && !cli_column(CMD, reader, ro->weight, &run->weight_col)) ||
        (ro->by && !cli_columns(CMD, reader, ro->by, run->by_cols)) ||
        !find_drivers(reader, run->drivers_s, run->cols))
        return CLI_EXIT_DATA;
    run->s.k = run->cols->len;
    if (run->s.k > cx_drivers_max_predictors()) {
        cli_error(CMD, "%zu drivers: at most %zu, please", run->s.k,
                  cx_drivers_max_predictors());
        return CLI_EXIT_USAGE;
    }
    int status = driver_names(run);
    if (status)
        return status;
    /* The input options (cli-input.c): labels, label maps, missing markers, decimal comma; the
     * outcome on its --scale, the drivers as numbers. */
    cli_input_answer_columns(reader, &run->y_col, 1, run->lo, run->hi, TRUE);
    cli_input_answer_columns(reader, (size_t *)(void *)run->cols->data, run->s.k, -HUGE_VAL,
                             HUGE_VAL, FALSE);
    if (ro->weight)
        cli_input_weights(reader, run->weight_col);
    cli_input_segments(reader, run->by_cols);
    return CLI_EXIT_OK;
}

/* Every row into the overall accumulator and its segment's; FALSE after a message. */
static gboolean
drivers_read(void *p)
{
    Run *run = p;
    CxReader *reader = run->reader;
    run->overall = drivers_new(&run->s);
    if (run->by_cols->len)
        run->groups = cli_groups_new(run->by_cols->len, drivers_new, drivers_free, &run->s);
    double *x = g_new(double, run->s.k);
    gboolean within = TRUE;
    int st = CX_DONE;
    while (within && (st = cli_next_row(reader, &run->malformed)) == CX_ROW) {
        /* Text is rejected (+inf for the library); so is an outcome off its whole-number
         * scale. */
        for (size_t j = 0; j < run->s.k; j++)
            x[j] = cli_row_number(reader, g_array_index(run->cols, size_t, j));
        double y = cli_row_number(reader, run->y_col);
        if (y < run->lo || y > run->hi || y > floor(y))
            y = HUGE_VAL;
        double w = cli_row_weight(reader, run->ro.weight, run->weight_col);
        cx_drivers_add(run->overall, x, y, w);
        void *seg;
        within = cli_row_segment(CMD, run->groups, reader, run->by_cols,
                                 (size_t)run->ro.max_segments, &seg);
        if (seg)
            cx_drivers_add(seg, x, y, w);
    }
    g_free(x);
    if (!within || st != CX_DONE) /* too many segments or a read error: said */
        return FALSE;
    cli_malformed_summary(&run->malformed);
    return cli_input_report_cells(CMD, reader);
}

/* The report: settings, then the sections in their order. */
static int
drivers_emit(const Run *run, const Unit *unit, size_t n_units)
{
    const Setup *s = &run->s;
    const CliReportOptions *ro = &run->ro;
    CliReport *rep = cli_report_new(CMD, ro->format, stdout);
    cli_report_only(rep, ro->section);
    cli_report_setting_text(rep, "outcome", cx_reader_column_name(run->reader, run->y_col));
    char *names = g_strjoinv(",", s->names);
    cli_report_setting_text(rep, "drivers", names);
    g_free(names);
    cli_report_setting_number(rep, "scale_low", run->lo);
    cli_report_setting_number(rep, "scale_high", run->hi);
    cli_report_setting_text(rep, "missing_mode",
                            s->mode == CX_MISSING_LISTWISE ? "listwise" : "pairwise");
    cli_report_setting_text(rep, "weight", ro->weight);
    cli_report_setting_number(rep, "level", s->level);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro->min_n);
    const size_t n_by = run->by_cols->len;
    CliColumn *cols = cli_key_columns(run->reader, run->by_cols, 24);
    CliCell *cells = g_new0(CliCell, MAX(n_by, 1) + 24);
    char *ci = cli_level_title(s->level);
    drivers_section(rep, s, unit, n_units, cols, cells, n_by, ci);
    model_section(rep, s, unit, n_units, cols, cells, n_by, ro->min_n);
    unscored_section(rep, &unit[n_units - 1].f.m, run->malformed.count);
    g_free(ci);
    g_free(cells);
    g_free(cols);
    return cli_report_finish(rep);
}

int
cmd_drivers(int argc, char **argv)
{
    Run run = { .ro = { .max_segments = 1000000 }, .s = { 0, NULL, CX_MISSING_LISTWISE, 0.95 },
                .lo = 0.0, .hi = 10.0, .malformed = { .cmd = CMD } };
    run.by_cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    run.cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = drivers_context(&run);
    static const CliSteps steps = { drivers_check, drivers_open, drivers_read };
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &run.ro, &steps, &run);
    if (status)
        goto out;
    size_t n_groups = 0;
    CliGroup **sorted = run.groups ? cli_groups_sorted(run.groups, &n_groups) : NULL;
    Unit *unit = g_new0(Unit, n_groups + 1);
    for (size_t i = 0; i <= n_groups; i++) {
        unit[i].key = i < n_groups ? sorted[i]->values : NULL;
        unit[i].f = figures_of(i < n_groups ? sorted[i]->acc : run.overall, &run.s);
        unit[i].ok = i == n_groups || unit[i].f.m.n >= (uint64_t)run.ro.min_n;
    }
    status = drivers_emit(&run, unit, n_groups + 1);
    for (size_t i = 0; i <= n_groups; i++)
        g_free(unit[i].f.d);
    g_free(unit);
    g_free(sorted);
    /* No regression overall is bad data, said after the report that shows why. */
    CxDriversResult m = { .size = sizeof m };
    int st = status == CLI_EXIT_OK ? cx_drivers_result(run.overall, run.s.mode, run.s.level, &m)
                                   : CX_OK;
    if (st != CX_OK) {
        Figures f = { .status = st, .m = m };
        char *problem = regression_problem(&f, &run.s);
        cli_error(CMD, "no regression: %s", problem);
        g_free(problem);
        status = CLI_EXIT_DATA;
    }
out:
    cli_groups_free(run.groups);
    cx_drivers_free(run.overall);
    cx_reader_free(run.reader);
    g_array_free(run.by_cols, TRUE);
    g_array_free(run.cols, TRUE);
    g_strfreev(run.s.names);
    g_free(run.drivers_s);
    g_free(run.outcome_s);
    g_free(run.scale_s);
    g_free(run.missing);
    cli_report_options_clear(&run.ro);
    g_option_context_free(ctx);
    return status;
}
