/* SPDX-License-Identifier: MIT */
/* cxscore csat / cxscore ces: a rating-scale index (mean and top-box shares) of a CSV export,
 * overall and by segment. One file for both: they differ only in the preset and the default
 * column. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"

typedef struct {
    char *column, *by, *weight, *level, *format, *scale, *good, *baseline;
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

static void
json_figures(JsonBuilder *b, const CxRating *acc, double level)
{
    CxRatingResult r = { .size = sizeof r };
    cx_rating_result(acc, level, &r);
    cli_json_uint(b, "n", r.n);
    cli_json_uint(b, "missing", r.missing);
    cli_json_uint(b, "rejected", r.rejected);
    json_builder_set_member_name(b, "rejected_by_reason");
    json_builder_begin_object(b);
    cli_json_uint(b, "out_of_scale", r.rejected_out_of_range);
    cli_json_uint(b, "not_integer", r.rejected_not_integer);
    cli_json_uint(b, "not_a_number", r.rejected_not_a_number);
    cli_json_uint(b, "weight_negative", r.rejected_weight_negative);
    cli_json_uint(b, "weight_invalid", r.rejected_weight_invalid);
    json_builder_end_object(b);
    cli_json_double(b, "weight_total", r.weight_total);
    cli_json_double(b, "n_eff", r.n_eff);
    cli_json_double(b, "mean", r.mean);
    cli_json_double(b, "sd", r.sd);
    cli_json_double(b, "se", r.se);
    cli_json_double(b, "mean_ci_lower", r.mean_ci_lower);
    cli_json_double(b, "mean_ci_upper", r.mean_ci_upper);
    cli_json_double(b, "good", r.good);
    cli_json_double(b, "good_ci_lower", r.good_ci_lower);
    cli_json_double(b, "good_ci_upper", r.good_ci_upper);
    cli_json_double(b, "top_box", r.top_box);
    cli_json_double(b, "top_box_ci_lower", r.top_box_ci_lower);
    cli_json_double(b, "top_box_ci_upper", r.top_box_ci_upper);
    json_builder_set_member_name(b, "distribution");
    json_builder_begin_object(b);
    for (int v = r.scale_min; v <= r.scale_max; v++) {
        uint64_t c = 0;
        cx_rating_count(acc, v, &c);
        char key[16];
        g_snprintf(key, sizeof key, "%d", v);
        cli_json_uint(b, key, c);
    }
    json_builder_end_object(b);
}

/* The comparison of a segment with its --baseline segment; FALSE when there is none (the segment
 * is the baseline, the baseline is absent, or either side has no valid answer). */
static gboolean
vs_baseline(CliGroups *groups, const CliGroup *g, size_t key_index, const char *baseline,
            double level, CxRatingComparison *c)
{
    c->size = sizeof *c;
    if (!baseline)
        return FALSE;
    const CliGroup *base = cli_baseline_find(groups, g, key_index, baseline);
    CxRatingResult a = { .size = sizeof a }, b = { .size = sizeof b };
    return base && cx_rating_result(g->acc, level, &a) == CX_OK &&
           cx_rating_result(base->acc, level, &b) == CX_OK &&
           cx_rating_compare(&a, &b, level, c) == CX_OK;
}

static void
json_vs(JsonBuilder *b, gboolean ok, const CxRatingComparison *c)
{
    json_builder_set_member_name(b, "vs_baseline");
    if (!ok) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    cli_json_double(b, "mean_diff", c->mean_diff);
    cli_json_double(b, "mean_se", c->mean_se);
    cli_json_double(b, "t", c->mean_t);
    cli_json_double(b, "df", c->mean_df);
    cli_json_double(b, "mean_p", c->mean_p_value);
    cli_json_double(b, "mean_ci_lower", c->mean_ci_lower);
    cli_json_double(b, "mean_ci_upper", c->mean_ci_upper);
    cli_json_double(b, "good_diff", c->good_diff);
    cli_json_double(b, "good_z", c->good_z);
    cli_json_double(b, "good_p", c->good_p_value);
    cli_json_double(b, "good_ci_lower", c->good_ci_lower);
    cli_json_double(b, "good_ci_upper", c->good_ci_upper);
    json_builder_end_object(b);
}

static void
table_row(CliTable *t, const char *label, const CxRating *acc, double level)
{
    CxRatingResult r = { .size = sizeof r };
    int ok = cx_rating_result(acc, level, &r) == CX_OK;
    char *cells[] = {
        (char *)label,
        cli_fmt("%llu", (unsigned long long)r.n),
        cli_num(r.mean, 2),
        ok && !isnan(r.mean_ci_lower) ? cli_fmt("%.2f to %.2f", r.mean_ci_lower, r.mean_ci_upper)
                                      : g_strdup("-"),
        ok ? cli_num(100.0 * r.good, 1) : g_strdup("-"),
        ok ? cli_fmt("%.1f to %.1f", 100.0 * r.good_ci_lower, 100.0 * r.good_ci_upper)
           : g_strdup("-"),
        ok ? cli_num(100.0 * r.top_box, 1) : g_strdup("-"),
    };
    cli_table_add(t, cells);
    for (size_t i = 1; i < G_N_ELEMENTS(cells); i++)
        g_free(cells[i]);
}

static int
run_rating(const char *cmd, int preset, const char *default_column, const char *what, int argc,
           char **argv)
{
    Options o = { 0 };
    GOptionEntry entries[] = {
        { "column", 'c', 0, G_OPTION_ARG_FILENAME, &o.column, "The answer column", "NAME" },
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &o.by, "One row per segment of these columns",
          "COL[,COL...]" },
        { "weight", 'w', 0, G_OPTION_ARG_FILENAME, &o.weight, "Column of survey weights", "COL" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &o.level, "Confidence level (default 0.95)",
          "0.95" },
        { "scale", 0, 0, G_OPTION_ARG_FILENAME, &o.scale, "Another scale, e.g. 1-7", "LOW-HIGH" },
        { "good", 0, 0, G_OPTION_ARG_FILENAME, &o.good,
          "The band whose share is reported (e.g. 4-5)", "LOW-HIGH" },
        { "top", 0, 0, G_OPTION_ARG_INT, NULL, "The top box (default: the best end)", "VALUE" },
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &o.baseline,
          "Compare each segment with the one where COL=VALUE", "COL=VALUE" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &o.format, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    int top_opt = G_MININT;
    entries[6].arg_data = &top_opt;
    char *param = g_strdup_printf("FILE - %s of a CSV export", what);
    GOptionContext *ctx = g_option_context_new(param);
    g_free(param);
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (preset == CX_RATING_CSAT)
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
        "Formulas and sources: " CLI_DOC_DIR "/loyalty.md.",
        cmd, cmd, cmd, cmd);
    g_option_context_set_description(ctx, desc);
    g_free(desc);

    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    CxRating *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    double level = 0.95;
    CliFormat format;
    Scale sc;
    CxRating *proto = NULL;
    cx_rating_new_preset(preset, &proto);
    CxRatingResult pr = { .size = sizeof pr };
    cx_rating_result(proto, 0.95, &pr);
    cx_rating_free(proto);
    sc = (Scale){ pr.scale_min, pr.scale_max, pr.good_min, pr.good_max, pr.top };

    if (!cli_parse_options(cmd, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(cmd, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (!cli_parse_format(cmd, o.format, &format) || !cli_parse_level(cmd, o.level, &level))
        goto out;
    if (o.scale) {
        if (!parse_range(cmd, "--scale", o.scale, &sc.min, &sc.max))
            goto out;
        /* A new scale keeps the preset's idea of "good": the top two points (or the bottom two
         * for CES 1.0's effort, where lower is better). */
        gboolean low_good = preset == CX_RATING_CES_1;
        sc.good_min = low_good ? sc.min : sc.max - 1;
        sc.good_max = low_good ? sc.min + 1 : sc.max;
        sc.top = low_good ? sc.min : sc.max;
    }
    if (o.good && !parse_range(cmd, "--good", o.good, &sc.good_min, &sc.good_max))
        goto out;
    if (top_opt != G_MININT)
        sc.top = top_opt;
    overall = rating_new(&sc);
    if (!overall) {
        cli_error(cmd, "the scale %d-%d with good band %d-%d and top box %d is not valid "
                       "(bands inside the scale, at most 101 points)",
                  sc.min, sc.max, sc.good_min, sc.good_max, sc.top);
        goto out;
    }

    status = CLI_EXIT_DATA;
    reader = cli_open(cmd, argv[1]);
    if (!reader)
        goto out;
    size_t col, weight_col = 0;
    if (!cli_column(cmd, reader, o.column ? o.column : default_column, &col))
        goto out;
    if (o.weight && !cli_column(cmd, reader, o.weight, &weight_col))
        goto out;
    if (o.by && !cli_columns(cmd, reader, o.by, by))
        goto out;
    /* The input options (cli-input.c): labels, missing markers, decimal comma, option columns. */
    cli_input_answers(reader, col, sc.min, sc.max);
    if (o.weight)
        cli_input_weights(reader, weight_col);
    cli_input_segments(reader, by);
    size_t baseline_key = 0;
    if (o.baseline && (status = cli_baseline_key(cmd, o.baseline, reader, by, &baseline_key)))
        goto out;
    status = CLI_EXIT_DATA;
    groups = by->len ? cli_groups_new(by->len, rating_new, rating_free, &sc) : NULL;
    CliMalformed malformed = { .cmd = cmd };
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *text;
        size_t len;
        cx_reader_field(reader, col, &text, &len);
        double weight = 1.0;
        if (o.weight && cx_reader_field_number(reader, weight_col, &weight) != CX_CELL_NUMBER)
            weight = CLI_NAN;
        cx_rating_add_text(overall, text, len, weight);
        if (groups)
            cx_rating_add_text(cli_groups_get(groups, reader, (size_t *)(void *)by->data), text,
                               len, weight);
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    CxRatingResult counts = { .size = sizeof counts };
    cx_rating_result(overall, 0.95, &counts);
    if (!cli_input_report(cmd, reader, counts.n, counts.missing, counts.rejected,
                          malformed.count))
        goto out;

    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    if (o.baseline &&
        (status = cli_baseline_check(cmd, o.baseline, baseline_key, sorted, n_groups, "row"))) {
        g_free(sorted);
        goto out;
    }
    status = CLI_EXIT_DATA;
    const char *column = cx_reader_column_name(reader, col);

    /* Do the segments differ? One-way and Welch ANOVA of the segment means (weighted data use
     * n_eff), and the spread of the means. */
    /* NaN until a test ran: without --by (or with one segment) no "Segments differ?" line. */
    CxTestResult anova = { .size = sizeof anova, .statistic = CLI_NAN },
                 welch = { .size = sizeof welch, .statistic = CLI_NAN };
    double lo_mean = INFINITY, hi_mean = -INFINITY, spread_sd = CLI_NAN;
    gboolean have_test = FALSE; /* with two segments or more, and within-segment spread */
    if (n_groups >= 2) {
        double *gn = g_new0(double, n_groups), *gm = g_new0(double, n_groups),
               *gv = g_new0(double, n_groups), s1 = 0.0, s2 = 0.0;
        size_t scored = 0;
        for (size_t i = 0; i < n_groups; i++) {
            CxRatingResult r = { .size = sizeof r };
            if (cx_rating_result(sorted[i]->acc, level, &r) != CX_OK)
                continue;
            gn[i] = r.n_eff;
            gm[i] = r.mean;
            gv[i] = isnan(r.sd) ? 0.0 : r.sd * r.sd;
            lo_mean = MIN(lo_mean, r.mean);
            hi_mean = MAX(hi_mean, r.mean);
            s1 += r.mean;
            scored++;
        }
        have_test = cx_anova_oneway(gn, gm, gv, n_groups, &anova, &welch) == CX_OK;
        for (size_t i = 0; i < n_groups; i++)
            if (gn[i] > 0.0)
                s2 += (gm[i] - s1 / (double)scored) * (gm[i] - s1 / (double)scored);
        if (scored >= 2)
            spread_sd = sqrt(s2 / (double)(scored - 1));
        else
            lo_mean = hi_mean = CLI_NAN;
        g_free(gn);
        g_free(gm);
        g_free(gv);
    }
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "column");
        json_builder_add_string_value(b, column);
        json_builder_set_member_name(b, "index");
        json_builder_add_string_value(b, cmd);
        cli_json_double(b, "level", level);
        json_builder_set_member_name(b, "scale");
        json_builder_begin_array(b);
        json_builder_add_int_value(b, sc.min);
        json_builder_add_int_value(b, sc.max);
        json_builder_end_array(b);
        json_builder_set_member_name(b, "good");
        json_builder_begin_array(b);
        json_builder_add_int_value(b, sc.good_min);
        json_builder_add_int_value(b, sc.good_max);
        json_builder_end_array(b);
        json_builder_set_member_name(b, "top");
        json_builder_add_int_value(b, sc.top);
        cli_json_string(b, "weight", o.weight);
        cli_json_string(b, "baseline", o.baseline);
        cli_json_uint(b, "malformed_rows", malformed.count);
        json_builder_set_member_name(b, "overall");
        json_builder_begin_object(b);
        json_figures(b, overall, level);
        json_builder_end_object(b);
        if (groups) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t i = 0; i < n_groups; i++) {
                json_builder_begin_object(b);
                cli_json_key(b, reader, by, sorted[i]->values);
                json_figures(b, sorted[i]->acc, level);
                CxRatingComparison c = { .size = sizeof c };
                gboolean ok = vs_baseline(groups, sorted[i], baseline_key, o.baseline, level, &c);
                json_vs(b, ok, &c);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
            json_builder_set_member_name(b, "consistency");
            json_builder_begin_object(b);
            const CxTestResult *tests[2] = { &anova, &welch };
            const char *names[2] = { "anova", "welch" };
            for (int t = 0; t < 2; t++) {
                json_builder_set_member_name(b, names[t]);
                json_builder_begin_object(b);
                cli_json_double(b, "f", have_test ? tests[t]->statistic : CLI_NAN);
                cli_json_double(b, "df1", have_test ? tests[t]->df1 : CLI_NAN);
                cli_json_double(b, "df2", have_test ? tests[t]->df2 : CLI_NAN);
                cli_json_double(b, "p", have_test ? tests[t]->p_value : CLI_NAN);
                json_builder_end_object(b);
            }
            cli_json_double(b, "range", n_groups >= 2 ? hi_mean - lo_mean : CLI_NAN);
            cli_json_double(b, "sd", spread_sd);
            json_builder_end_object(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by);
        fputs("n,missing,rejected,weight_total,n_eff,mean,sd,se,mean_ci_lower,mean_ci_upper,"
              "good,good_ci_lower,good_ci_upper,top_box,top_box_ci_lower,top_box_ci_upper",
              stdout);
        fputs(o.baseline ? ",mean_diff,mean_se,t,df,mean_p,mean_diff_ci_lower,mean_diff_ci_upper,"
                           "good_diff,good_z,good_p,good_diff_ci_lower,good_diff_ci_upper\n"
                         : "\n",
              stdout);
        for (size_t i = 0; i <= n_groups; i++) {
            const CxRating *acc = i < n_groups ? sorted[i]->acc : overall;
            for (guint k = 0; k < by->len; k++)
                cli_csv_field(stdout, i < n_groups ? sorted[i]->values[k] : "(all)", FALSE);
            CxRatingResult r = { .size = sizeof r };
            cx_rating_result(acc, level, &r);
            fprintf(stdout, "%llu,%llu,%llu,", (unsigned long long)r.n,
                    (unsigned long long)r.missing, (unsigned long long)r.rejected);
            const double v[] = { r.weight_total, r.n_eff, r.mean, r.sd, r.se, r.mean_ci_lower,
                                 r.mean_ci_upper, r.good, r.good_ci_lower, r.good_ci_upper,
                                 r.top_box, r.top_box_ci_lower, r.top_box_ci_upper };
            for (size_t j = 0; j < G_N_ELEMENTS(v); j++)
                cli_csv_double(stdout, v[j], !o.baseline && j + 1 == G_N_ELEMENTS(v));
            if (o.baseline) {
                CxRatingComparison c = { .size = sizeof c };
                gboolean ok = i < n_groups &&
                              vs_baseline(groups, sorted[i], baseline_key, o.baseline, level, &c);
                const double d[] = { c.mean_diff,     c.mean_se,       c.mean_t,
                                     c.mean_df,       c.mean_p_value,  c.mean_ci_lower,
                                     c.mean_ci_upper, c.good_diff,     c.good_z,
                                     c.good_p_value,  c.good_ci_lower, c.good_ci_upper };
                for (size_t j = 0; j < G_N_ELEMENTS(d); j++)
                    cli_csv_double(stdout, ok ? d[j] : CLI_NAN, j + 1 == G_N_ELEMENTS(d));
            }
        }
    } else {
        char *ci = cli_level_title(level);
        char *good = cli_fmt("%d-%d %%", sc.good_min, sc.good_max);
        char *topl = cli_fmt("%d %%", sc.top);
        const char *h[] = { o.by ? o.by : "segment", "n", "mean", ci, good, ci, topl };
        CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
        for (size_t i = 0; i < n_groups; i++) {
            char *label = cli_segment_label(sorted[i]->values, by->len);
            table_row(t, label, sorted[i]->acc, level);
            g_free(label);
        }
        table_row(t, "(all)", overall, level);
        printf("%s of column '%s', scale %d-%d%s%s\n\n", what, column, sc.min, sc.max,
               o.weight ? ", weighted by " : "", o.weight ? o.weight : "");
        cli_table_print(t, stdout, 1);
        cli_table_free(t);
        CxRatingResult r = { .size = sizeof r };
        cx_rating_result(overall, level, &r);
        printf("\nMean: t-interval; shares: Wilson intervals, in %%. missing %llu, rejected %llu\n"
               "(out of scale %llu, not integer %llu, not a number %llu, bad weight %llu), "
               "malformed rows %llu\n",
               (unsigned long long)r.missing, (unsigned long long)r.rejected,
               (unsigned long long)r.rejected_out_of_range,
               (unsigned long long)r.rejected_not_integer,
               (unsigned long long)r.rejected_not_a_number,
               (unsigned long long)(r.rejected_weight_negative + r.rejected_weight_invalid),
               (unsigned long long)malformed.count);
        if (have_test) {
            const CxTestResult *test = !isnan(welch.statistic) ? &welch : &anova;
            char *pbuf = cli_p(test->p_value);
            printf("Segments differ? %s F %.2f, df %.0f and %.1f, p %s;\nrange of segment "
                   "means %.2f, SD %.2f.\n",
                   test == &welch ? "Welch ANOVA" : "ANOVA", test->statistic, test->df1,
                   test->df2, pbuf,
                   hi_mean - lo_mean, spread_sd);
            g_free(pbuf);
        }
        if (o.baseline) {
            printf("\nAgainst %s (segment minus baseline; shares in points):\n\n", o.baseline);
            const char *vh[] = { o.by, "mean", "p", ci, "share", "p", ci };
            CliTable *vt = cli_table_new(G_N_ELEMENTS(vh), vh);
            for (size_t i = 0; i < n_groups; i++) {
                CxRatingComparison c = { .size = sizeof c };
                gboolean ok = vs_baseline(groups, sorted[i], baseline_key, o.baseline, level, &c);
                char *label = cli_segment_label(sorted[i]->values, by->len);
                char *cells[] = {
                    label,
                    ok ? cli_num(c.mean_diff, 2) : g_strdup("-"),
                    ok ? cli_p(c.mean_p_value) : g_strdup("-"),
                    ok && !isnan(c.mean_ci_lower)
                        ? cli_fmt("%.2f to %.2f", c.mean_ci_lower, c.mean_ci_upper)
                        : g_strdup("-"),
                    ok ? cli_num(100.0 * c.good_diff, 1) : g_strdup("-"),
                    ok ? cli_p(c.good_p_value) : g_strdup("-"),
                    ok ? cli_fmt("%.1f to %.1f", 100.0 * c.good_ci_lower,
                                 100.0 * c.good_ci_upper)
                       : g_strdup("-"),
                };
                cli_table_add(vt, cells);
                for (size_t k = 0; k < G_N_ELEMENTS(cells); k++)
                    g_free(cells[k]);
            }
            cli_table_print(vt, stdout, 1);
            cli_table_free(vt);
        }
        g_free(ci);
        g_free(good);
        g_free(topl);
    }
    g_free(sorted);
    CxRatingResult r = { .size = sizeof r };
    int scored = cx_rating_result(overall, level, &r);
    if (scored != CX_OK) {
        cli_no_score(cmd, column, scored, r.n);
        goto out;
    }
    status = CLI_EXIT_OK;
out:
    cli_groups_free(groups);
    cx_rating_free(overall);
    cx_reader_free(reader);
    g_array_free(by, TRUE);
    g_free(o.column);
    g_free(o.by);
    g_free(o.weight);
    g_free(o.level);
    g_free(o.format);
    g_free(o.scale);
    g_free(o.good);
    g_free(o.baseline);
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
