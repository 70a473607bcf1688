/* SPDX-License-Identifier: MIT */
/* cxscore drivers: which touchpoint ratings move the 0-10 recommend answer. Correlations,
 * standardized betas and Johnson's relative weights, overall and by segment. */
#include <stdlib.h>
#include <string.h>

#include "cli-common.h"

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

static void
json_figures(JsonBuilder *b, const CxDrivers *acc, const Setup *s)
{
    Figures f = figures_of(acc, s);
    cli_json_uint(b, "rows", f.m.rows);
    cli_json_uint(b, "rows_complete", f.m.rows_complete);
    cli_json_uint(b, "rejected_weight", f.m.rows_weight_negative + f.m.rows_weight_invalid);
    cli_json_uint(b, "n", f.m.n);
    cli_json_double(b, "n_eff", f.m.n_eff);
    json_builder_set_member_name(b, "outcome");
    json_builder_begin_object(b);
    cli_json_uint(b, "valid", f.m.outcome_valid);
    cli_json_uint(b, "missing", f.m.outcome_missing);
    cli_json_uint(b, "rejected", f.m.outcome_rejected);
    json_builder_end_object(b);
    cli_json_double(b, "r_squared", f.m.r_squared);
    cli_json_double(b, "adj_r_squared", f.m.adj_r_squared);
    cli_json_double(b, "f", f.m.f);
    cli_json_double(b, "df1", f.m.df1);
    cli_json_double(b, "df2", f.m.df2);
    cli_json_double(b, "p", f.m.f_p_value);
    char *problem = regression_problem(&f, s);
    cli_json_string(b, "regression_problem", problem);
    g_free(problem);
    json_builder_set_member_name(b, "drivers");
    json_builder_begin_array(b);
    for (size_t j = 0; j < s->k; j++) {
        const CxDriver *d = &f.d[j];
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, s->names[j]);
        json_builder_set_member_name(b, "rank");
        if (d->rank)
            json_builder_add_int_value(b, d->rank);
        else
            json_builder_add_null_value(b);
        cli_json_uint(b, "n", d->n);
        cli_json_double(b, "n_eff", d->n_eff);
        cli_json_uint(b, "valid", d->valid);
        cli_json_uint(b, "missing", d->missing);
        cli_json_uint(b, "rejected", d->rejected);
        cli_json_double(b, "mean", d->mean);
        cli_json_double(b, "sd", d->sd);
        cli_json_double(b, "r", d->r);
        cli_json_double(b, "r_p", d->r_p_value);
        cli_json_double(b, "r_ci_lower", d->r_ci_lower);
        cli_json_double(b, "r_ci_upper", d->r_ci_upper);
        cli_json_double(b, "rho", d->rho);
        cli_json_double(b, "beta", d->beta);
        cli_json_double(b, "relative_weight", d->relative_weight);
        cli_json_double(b, "relative_weight_pct", d->relative_weight_pct);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    g_free(f.d);
}

static void
csv_rows(FILE *out, const CxDrivers *acc, const Setup *s, char *const *key, size_t n_keys)
{
    Figures f = figures_of(acc, s);
    for (size_t j = 0; j < s->k; j++) {
        const CxDriver *d = &f.d[j];
        for (size_t i = 0; i < n_keys; i++)
            cli_csv_field(out, key ? key[i] : "(all)", FALSE);
        cli_csv_field(out, s->names[j], FALSE);
        if (d->rank)
            fprintf(out, "%u,", (unsigned)d->rank);
        else
            fputc(',', out);
        fprintf(out, "%llu,%llu,%llu,", (unsigned long long)d->n,
                (unsigned long long)d->missing, (unsigned long long)d->rejected);
        const double v[] = { d->n_eff, d->mean, d->sd, d->r, d->r_p_value, d->r_ci_lower,
                             d->r_ci_upper, d->rho, d->beta, d->relative_weight,
                             d->relative_weight_pct, f.m.r_squared, f.m.adj_r_squared,
                             f.m.f_p_value };
        for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
            cli_csv_double(out, v[i], FALSE);
        fprintf(out, "%llu\n", (unsigned long long)f.m.n);
    }
    g_free(f.d);
}

static char *
p_text(double p)
{
    return cli_p(p);
}

static int
by_rank(const void *a, const void *b, void *user)
{
    const CxDriver *d = user;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    uint32_t ri = d[i].rank ? d[i].rank : UINT32_MAX, rj = d[j].rank ? d[j].rank : UINT32_MAX;
    return ri != rj ? (ri < rj ? -1 : 1) : (i < j ? -1 : i > j);
}

/* One block of the table: a heading, the drivers ranked by relative weight, the model line. */
static void
table_block(const char *heading, const CxDrivers *acc, const Setup *s)
{
    Figures f = figures_of(acc, s);
    if (*heading)
        printf("%s\n", heading);
    static const char *const h[] = { "rank", "driver", "n",   "mean",   "r",      "p",
                                     "rho",  "beta",   "weight", "% of R2" };
    CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
    size_t *order = g_new(size_t, s->k);
    for (size_t j = 0; j < s->k; j++)
        order[j] = j;
    g_qsort_with_data(order, (gint)s->k, sizeof *order, by_rank, f.d);
    for (size_t i = 0; i < s->k; i++) {
        const CxDriver *d = &f.d[order[i]];
        char *cells[] = {
            d->rank ? cli_fmt("%u", (unsigned)d->rank) : g_strdup("-"),
            s->names[order[i]],
            cli_fmt("%llu", (unsigned long long)d->n),
            cli_num(d->mean, 2),
            cli_num(d->r, 2),
            p_text(d->r_p_value),
            cli_num(d->rho, 2),
            cli_num(d->beta, 2),
            cli_num(d->relative_weight, 3),
            cli_num(d->relative_weight_pct, 1),
        };
        cli_table_add(t, cells);
        for (size_t c = 0; c < G_N_ELEMENTS(cells); c++)
            if (c != 1)
                g_free(cells[c]);
    }
    cli_table_print(t, stdout, 2);
    cli_table_free(t);
    char *problem = regression_problem(&f, s);
    if (problem) {
        printf("No regression: %s.\n", problem);
    } else {
        char *pv = cli_p(f.m.f_p_value);
        char *p = cli_fmt("p %s", pv);
        g_free(pv);
        /* df2 is n − k − 1, or n_eff − k − 1 with weights: a whole number only unweighted. */
        int df2_decimals = f.m.df2 > floor(f.m.df2) ? 1 : 0;
        printf("R2 %.3f (adjusted %.3f), F %.1f on %.0f and %.*f df, %s\n", f.m.r_squared,
               f.m.adj_r_squared, f.m.f, f.m.df1, df2_decimals, f.m.df2, p);
        g_free(p);
    }
    g_free(problem);
    g_free(order);
    g_free(f.d);
}

/* Prints @text wrapped at 80 columns on spaces. */
static void
print_wrapped(const char *text)
{
    size_t col = 0;
    gchar **words = g_strsplit(text, " ", -1);
    for (gchar **w = words; *w; w++) {
        size_t len = (size_t)g_utf8_strlen(*w, -1);
        if (col && col + 1 + len > 80) {
            putchar('\n');
            col = 0;
        } else if (col) {
            putchar(' ');
            col++;
        }
        fputs(*w, stdout);
        col += len;
    }
    putchar('\n');
    g_strfreev(words);
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

int
cmd_drivers(int argc, char **argv)
{
    char *drivers_s = NULL, *outcome_s = NULL, *scale_s = NULL, *by = NULL, *weight = NULL,
         *missing = NULL, *level_s = NULL, *format_s = NULL;
    GOptionEntry entries[] = {
        { "drivers", 0, 0, G_OPTION_ARG_FILENAME, &drivers_s,
          "Touchpoint ratings (default: columns tp_...)", "COL,COL,..." },
        { "outcome", 'o', 0, G_OPTION_ARG_FILENAME, &outcome_s,
          "The outcome column (default score, 0-10)", "COL" },
        { "scale", 0, 0, G_OPTION_ARG_FILENAME, &scale_s,
          "Whole-number scale of the outcome (default 0-10)", "LOW-HIGH" },
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &by, "One analysis per segment of these columns",
          "COL[,COL...]" },
        { "weight", 'w', 0, G_OPTION_ARG_FILENAME, &weight, "Column of survey weights", "COL" },
        { "missing", 0, 0, G_OPTION_ARG_FILENAME, &missing,
          "listwise (default) or pairwise", "MODE" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &level_s,
          "Confidence level of the r intervals (default 0.95)", "0.95" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &format_s, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    GOptionContext *ctx =
        g_option_context_new("FILE - which touchpoints move the recommend answer");
    g_option_context_add_main_entries(ctx, entries, NULL);
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
             "Exit status: 0 success, 1 bad data (or no regression overall), 2 bad usage.\n"
             "Formulas and sources: " CLI_DOC_DIR "/loyalty.md.");
    int status = CLI_EXIT_USAGE;
    Setup s = { 0, NULL, CX_MISSING_LISTWISE, 0.95 };
    double lo = 0.0, hi = 10.0;
    CliFormat format;
    CxReader *reader = NULL;
    CxDrivers *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by_cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    GArray *cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    double *x = NULL;
    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (!cli_parse_format(CMD, format_s, &format) || !cli_parse_level(CMD, level_s, &s.level))
        goto out;
    if (missing && g_ascii_strcasecmp(missing, "pairwise") == 0)
        s.mode = CX_MISSING_PAIRWISE;
    else if (missing && g_ascii_strcasecmp(missing, "listwise") != 0) {
        cli_error(CMD, "unknown --missing '%s' (listwise or pairwise)", missing);
        goto out;
    }
    if (scale_s && !parse_scale(scale_s, &lo, &hi)) {
        cli_error(CMD, "--scale takes LOW-HIGH, e.g. 0-10 (got '%s')", scale_s);
        goto out;
    }
    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    size_t y_col, weight_col = 0;
    if (!cli_column(CMD, reader, outcome_s ? outcome_s : "score", &y_col))
        goto out;
    if (weight && !cli_column(CMD, reader, weight, &weight_col))
        goto out;
    if (by && !cli_columns(CMD, reader, by, by_cols))
        goto out;
    if (!find_drivers(reader, drivers_s, cols))
        goto out;
    s.k = cols->len;
    if (s.k > cx_drivers_max_predictors()) {
        cli_error(CMD, "%zu drivers: at most %zu, please", s.k, cx_drivers_max_predictors());
        status = CLI_EXIT_USAGE;
        goto out;
    }
    s.names = g_new0(char *, s.k + 1);
    for (size_t j = 0; j < s.k; j++) {
        size_t c = g_array_index(cols, size_t, j);
        s.names[j] = g_strdup(cx_reader_column_name(reader, c));
        for (size_t i = 0; i < j; i++)
            if (g_array_index(cols, size_t, i) == c) {
                cli_error(CMD, "driver '%s' is listed twice", s.names[j]);
                status = CLI_EXIT_USAGE;
                goto out;
            }
        if (c == y_col) {
            cli_error(CMD, "'%s' is the outcome: it cannot also be a driver", s.names[j]);
            status = CLI_EXIT_USAGE;
            goto out;
        }
    }
    overall = drivers_new(&s);
    groups = by_cols->len ? cli_groups_new(by_cols->len, drivers_new, drivers_free, &s) : NULL;
    x = g_new(double, s.k);
    CliMalformed malformed = { .cmd = CMD };
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        /* Text is rejected (+inf for the library); so is an outcome off its whole-number
         * scale. */
        for (size_t j = 0; j < s.k; j++) {
            int kind = cx_reader_field_number(reader, g_array_index(cols, size_t, j), &x[j]);
            if (kind != CX_CELL_NUMBER)
                x[j] = kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
        }
        double y, w = 1.0;
        int kind = cx_reader_field_number(reader, y_col, &y);
        if (kind != CX_CELL_NUMBER)
            y = kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
        else if (y < lo || y > hi || y > floor(y))
            y = HUGE_VAL;
        if (weight && cx_reader_field_number(reader, weight_col, &w) != CX_CELL_NUMBER)
            w = CLI_NAN;
        cx_drivers_add(overall, x, y, w);
        if (groups)
            cx_drivers_add(cli_groups_get(groups, reader, (size_t *)(void *)by_cols->data), x,
                           y, w);
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    const char *outcome = cx_reader_column_name(reader, y_col);
    const char *mode_name = s.mode == CX_MISSING_LISTWISE ? "listwise" : "pairwise";
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "outcome");
        json_builder_add_string_value(b, outcome);
        json_builder_set_member_name(b, "scale");
        json_builder_begin_array(b);
        json_builder_add_int_value(b, (gint64)lo);
        json_builder_add_int_value(b, (gint64)hi);
        json_builder_end_array(b);
        json_builder_set_member_name(b, "drivers");
        json_builder_begin_array(b);
        for (size_t j = 0; j < s.k; j++)
            json_builder_add_string_value(b, s.names[j]);
        json_builder_end_array(b);
        json_builder_set_member_name(b, "missing_mode");
        json_builder_add_string_value(b, mode_name);
        cli_json_double(b, "level", s.level);
        cli_json_string(b, "weight", weight);
        cli_json_uint(b, "malformed_rows", malformed.count);
        json_builder_set_member_name(b, "overall");
        json_builder_begin_object(b);
        json_figures(b, overall, &s);
        json_builder_end_object(b);
        if (groups) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t i = 0; i < n_groups; i++) {
                json_builder_begin_object(b);
                cli_json_key(b, reader, by_cols, sorted[i]->values);
                json_figures(b, sorted[i]->acc, &s);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by_cols);
        fputs("driver,rank,n,missing,rejected,n_eff,mean,sd,r,r_p,r_ci_lower,r_ci_upper,rho,"
              "beta,relative_weight,relative_weight_pct,r_squared,adj_r_squared,p,model_n\n",
              stdout);
        for (size_t i = 0; i < n_groups; i++)
            csv_rows(stdout, sorted[i]->acc, &s, sorted[i]->values, by_cols->len);
        csv_rows(stdout, overall, &s, NULL, by_cols->len);
    } else {
        CxDriversResult m = { .size = sizeof m };
        cx_drivers_result(overall, s.mode, s.level, &m);
        printf("Drivers of '%s' (%g-%g), %s%s%s\n\n", outcome, lo, hi, mode_name,
               weight ? ", weighted by " : "", weight ? weight : "");
        for (size_t i = 0; i < n_groups; i++) {
            char *label = cli_segment_title(reader, by_cols, sorted[i]->values);
            table_block(label, sorted[i]->acc, &s);
            putchar('\n');
            g_free(label);
        }
        table_block(groups ? "(all)" : "", overall, &s);
        GString *foot = g_string_new(NULL);
        g_string_append_printf(
            foot,
            "\nweight: Johnson's relative weight, the driver's share of R2; r: Pearson (p: t "
            "test); rho: Spearman; beta: standardized. Rows %llu, with every answer %llu",
            (unsigned long long)m.rows, (unsigned long long)m.rows_complete);
        g_string_append_printf(foot, "; '%s' missing %llu, rejected %llu", outcome,
                               (unsigned long long)m.outcome_missing,
                               (unsigned long long)m.outcome_rejected);
        for (size_t j = 0; j < s.k; j++) {
            CxDriver d = { .size = sizeof d };
            cx_drivers_predictor(overall, j, s.mode, s.level, &d);
            g_string_append_printf(foot, "; %s %llu/%llu", s.names[j],
                                   (unsigned long long)d.missing,
                                   (unsigned long long)d.rejected);
        }
        g_string_append_printf(foot, " (missing/rejected); bad weight %llu, malformed rows %llu.",
                               (unsigned long long)(m.rows_weight_negative +
                                                    m.rows_weight_invalid),
                               (unsigned long long)malformed.count);
        print_wrapped(foot->str);
        g_string_free(foot, TRUE);
    }
    g_free(sorted);
    CxDriversResult m = { .size = sizeof m };
    st = cx_drivers_result(overall, s.mode, s.level, &m);
    if (st != CX_OK) {
        Figures f = { .status = st, .m = m };
        char *problem = regression_problem(&f, &s);
        cli_error(CMD, "no regression: %s", problem);
        g_free(problem);
        goto out;
    }
    status = CLI_EXIT_OK;
out:
    g_free(x);
    cli_groups_free(groups);
    cx_drivers_free(overall);
    cx_reader_free(reader);
    g_array_free(by_cols, TRUE);
    g_array_free(cols, TRUE);
    g_strfreev(s.names);
    g_free(drivers_s);
    g_free(outcome_s);
    g_free(scale_s);
    g_free(by);
    g_free(weight);
    g_free(missing);
    g_free(level_s);
    g_free(format_s);
    g_option_context_free(ctx);
    return status;
}
