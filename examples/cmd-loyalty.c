/* SPDX-License-Identifier: MIT */
/* cxscore loyalty: customer loyalty index from three 0–10 answers (recommend, buy again, buy
 * other products), both variants, overall and by segment. */
#include <string.h>

#include "cli-common.h"
#include "cli-report.h"

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

static void
json_figures(JsonBuilder *b, const CxLoyaltyIndex *acc, double level)
{
    CxLoyaltyIndexResult r = { .size = sizeof r };
    cx_loyalty_index_result(acc, level, &r);
    static const char *const items[3] = { "recommend", "repurchase", "cross_buy" };
    cli_json_uint(b, "respondents", r.respondents);
    cli_json_uint(b, "complete", r.complete);
    cli_json_uint(b, "excluded", r.excluded);
    cli_json_uint(b, "rejected_weight", r.rejected_weight);
    cli_json_double(b, "mean_index", r.mean_index);
    cli_json_double(b, "mean_index_ci_lower", r.mean_index_ci_lower);
    cli_json_double(b, "mean_index_ci_upper", r.mean_index_ci_upper);
    cli_json_double(b, "net_index", r.net_index);
    cli_json_double(b, "net_index_ci_lower", r.net_index_ci_lower);
    cli_json_double(b, "net_index_ci_upper", r.net_index_ci_upper);
    json_builder_set_member_name(b, "items");
    json_builder_begin_object(b);
    for (int j = 0; j < 3; j++) {
        json_builder_set_member_name(b, items[j]);
        json_builder_begin_object(b);
        cli_json_uint(b, "n", r.n[j]);
        cli_json_uint(b, "missing", r.missing[j]);
        cli_json_uint(b, "rejected", r.rejected[j]);
        cli_json_double(b, "mean", r.item_mean[j]);
        cli_json_double(b, "net", r.item_net[j]);
        json_builder_end_object(b);
    }
    json_builder_end_object(b);
}

static void
table_row(CliTable *t, const char *label, const CxLoyaltyIndex *acc, double level)
{
    CxLoyaltyIndexResult r = { .size = sizeof r };
    int ok = cx_loyalty_index_result(acc, level, &r) == CX_OK;
    char *cells[] = {
        (char *)label,
        cli_fmt("%llu", (unsigned long long)r.complete),
        cli_num(r.mean_index, 1),
        ok && !isnan(r.mean_index_ci_lower)
            ? cli_fmt("%.1f to %.1f", r.mean_index_ci_lower, r.mean_index_ci_upper)
            : g_strdup("-"),
        cli_num(r.net_index, 1),
        ok && !isnan(r.net_index_ci_lower)
            ? cli_fmt("%.1f to %.1f", r.net_index_ci_lower, r.net_index_ci_upper)
            : g_strdup("-"),
    };
    cli_table_add(t, cells);
    for (size_t i = 1; i < G_N_ELEMENTS(cells); i++)
        g_free(cells[i]);
}

/* The comparison of a segment with its --baseline segment; FALSE when there is none. */
static gboolean
vs_baseline(CliGroups *groups, const CliGroup *g, size_t key_index, const char *baseline,
            double level, CxLoyaltyIndexComparison *c)
{
    c->size = sizeof *c;
    if (!baseline)
        return FALSE;
    const CliGroup *base = cli_baseline_find(groups, g, key_index, baseline);
    CxLoyaltyIndexResult a = { .size = sizeof a }, b = { .size = sizeof b };
    return base && cx_loyalty_index_result(g->acc, level, &a) == CX_OK &&
           cx_loyalty_index_result(base->acc, level, &b) == CX_OK &&
           cx_loyalty_index_compare(&a, &b, level, c) == CX_OK;
}

static void
json_vs(JsonBuilder *b, gboolean ok, const CxLoyaltyIndexComparison *c)
{
    json_builder_set_member_name(b, "vs_baseline");
    if (!ok) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    const double v[] = { c->mean_diff, c->mean_se, c->mean_t, c->mean_df, c->mean_p_value,
                         c->mean_ci_lower, c->mean_ci_upper, c->net_diff, c->net_se, c->net_t,
                         c->net_df, c->net_p_value, c->net_ci_lower, c->net_ci_upper };
    static const char *const names[] = { "mean_diff", "mean_se", "mean_t", "mean_df", "mean_p",
                                         "mean_ci_lower", "mean_ci_upper", "net_diff", "net_se",
                                         "net_t", "net_df", "net_p", "net_ci_lower",
                                         "net_ci_upper" };
    for (size_t i = 0; i < G_N_ELEMENTS(v); i++)
        cli_json_double(b, names[i], v[i]);
    json_builder_end_object(b);
}

int
cmd_loyalty(int argc, char **argv)
{
    char *col_s[3] = { NULL, NULL, NULL }, *by = NULL, *weight = NULL, *level_s = NULL,
         *missing = NULL, *format_s = NULL, *baseline = NULL;
    GOptionEntry entries[] = {
        { "recommend", 0, 0, G_OPTION_ARG_FILENAME, &col_s[0],
          "0-10 likelihood to recommend (default score)", "COL" },
        { "repurchase", 0, 0, G_OPTION_ARG_FILENAME, &col_s[1],
          "0-10 likelihood to buy again (default repurchase)", "COL" },
        { "cross-buy", 0, 0, G_OPTION_ARG_FILENAME, &col_s[2],
          "0-10 likelihood to cross-buy (default cross_buy)", "COL" },
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &by, "One row per segment of these columns",
          "COL[,COL...]" },
        { "weight", 'w', 0, G_OPTION_ARG_FILENAME, &weight, "Column of survey weights", "COL" },
        { "missing", 0, 0, G_OPTION_ARG_FILENAME, &missing, "pairwise (default) or listwise",
          "MODE" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &level_s, "Confidence level (default 0.95)",
          "0.95" },
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &baseline,
          "Compare each segment with the one where COL=VALUE", "COL=VALUE" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &format_s, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - customer loyalty index of a CSV export");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "From three 0-10 answers (recommend, buy again, buy other products):\n"
             "  mean index = mean of the three item means x 10 (0-100);\n"
             "  net index  = mean of the three items' net scores (%9-10 - %0-6), in points.");
    g_option_context_set_description(
        ctx, "Examples:\n  cxscore loyalty survey.csv --by channel\n"
             "  cxscore loyalty survey.csv --missing listwise --format json\n"
             "  cxscore loyalty survey.csv --by period --baseline period=2026-Q1\n\n"
             "Against a baseline: Welch's t-test of each index (respondents with all three\n"
             "answers behind the standard errors).\n" CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");
    static const char *const defaults[3] = { "score", "repurchase", "cross_buy" };
    int status = CLI_EXIT_USAGE, mode = CX_MISSING_PAIRWISE;
    double level = 0.95;
    CliFormat format;
    CxReader *reader = NULL;
    CxLoyaltyIndex *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by_cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (!cli_parse_format(CMD, format_s, &format) || !cli_parse_level(CMD, level_s, &level))
        goto out;
    if (missing && g_ascii_strcasecmp(missing, "listwise") == 0)
        mode = CX_MISSING_LISTWISE;
    else if (missing && g_ascii_strcasecmp(missing, "pairwise") != 0) {
        cli_error(CMD, "unknown --missing '%s' (pairwise or listwise)", missing);
        goto out;
    }
    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    size_t cols[3], weight_col = 0;
    for (int j = 0; j < 3; j++)
        if (!cli_column(CMD, reader, col_s[j] ? col_s[j] : defaults[j], &cols[j]))
            goto out;
    if (weight && !cli_column(CMD, reader, weight, &weight_col))
        goto out;
    if (by && !cli_columns(CMD, reader, by, by_cols))
        goto out;
    size_t baseline_key = 0;
    if (baseline && (status = cli_baseline_key(CMD, baseline, reader, by_cols, &baseline_key)))
        goto out;
    status = CLI_EXIT_DATA;
    overall = index_new(&mode);
    groups = by_cols->len ? cli_groups_new(by_cols->len, index_new, index_free, &mode) : NULL;
    CliMalformed malformed = { .cmd = CMD };
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        double a[3], w = 1.0;
        for (int j = 0; j < 3; j++) {
            int kind = cx_reader_field_number(reader, cols[j], &a[j]);
            if (kind != CX_CELL_NUMBER)
                a[j] = kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
        }
        if (weight && cx_reader_field_number(reader, weight_col, &w) != CX_CELL_NUMBER)
            w = CLI_NAN;
        cx_loyalty_index_add(overall, a, w);
        if (groups)
            cx_loyalty_index_add(cli_groups_get(groups, reader, (size_t *)(void *)by_cols->data),
                                 a, w);
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    if (baseline &&
        (status = cli_baseline_check(CMD, baseline, baseline_key, sorted, n_groups, "row"))) {
        g_free(sorted);
        goto out;
    }
    status = CLI_EXIT_DATA;
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "missing_mode");
        json_builder_add_string_value(b, mode == CX_MISSING_LISTWISE ? "listwise" : "pairwise");
        cli_json_double(b, "level", level);
        cli_json_string(b, "baseline", baseline);
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
                cli_json_key(b, reader, by_cols, sorted[i]->values);
                json_figures(b, sorted[i]->acc, level);
                CxLoyaltyIndexComparison c;
                gboolean ok = vs_baseline(groups, sorted[i], baseline_key, baseline, level, &c);
                json_vs(b, ok, &c);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by_cols);
        fputs("complete,mean_index,mean_index_ci_lower,mean_index_ci_upper,net_index,"
              "net_index_ci_lower,net_index_ci_upper",
              stdout);
        fputs(baseline ? ",mean_diff,mean_p,mean_diff_ci_lower,mean_diff_ci_upper,net_diff,"
                         "net_p,net_diff_ci_lower,net_diff_ci_upper\n"
                       : "\n",
              stdout);
        for (size_t i = 0; i <= n_groups; i++) {
            const CxLoyaltyIndex *acc = i < n_groups ? sorted[i]->acc : overall;
            for (guint k = 0; k < by_cols->len; k++)
                cli_csv_field(stdout, i < n_groups ? sorted[i]->values[k] : "(all)", FALSE);
            CxLoyaltyIndexResult r = { .size = sizeof r };
            cx_loyalty_index_result(acc, level, &r);
            fprintf(stdout, "%llu,", (unsigned long long)r.complete);
            const double v[] = { r.mean_index, r.mean_index_ci_lower, r.mean_index_ci_upper,
                                 r.net_index, r.net_index_ci_lower, r.net_index_ci_upper };
            for (size_t j = 0; j < G_N_ELEMENTS(v); j++)
                cli_csv_double(stdout, v[j], !baseline && j + 1 == G_N_ELEMENTS(v));
            if (baseline) {
                CxLoyaltyIndexComparison c = { .size = sizeof c };
                gboolean ok = i < n_groups &&
                              vs_baseline(groups, sorted[i], baseline_key, baseline, level, &c);
                const double d[] = { c.mean_diff, c.mean_p_value, c.mean_ci_lower,
                                     c.mean_ci_upper, c.net_diff, c.net_p_value,
                                     c.net_ci_lower, c.net_ci_upper };
                for (size_t j = 0; j < G_N_ELEMENTS(d); j++)
                    cli_csv_double(stdout, ok ? d[j] : CLI_NAN, j + 1 == G_N_ELEMENTS(d));
            }
        }
    } else {
        char *ci = cli_level_title(level);
        const char *h[] = { by ? by : "segment", "n", "mean idx", ci, "net idx", ci };
        CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
        for (size_t i = 0; i < n_groups; i++) {
            char *label = cli_segment_label(sorted[i]->values, by_cols->len);
            table_row(t, label, sorted[i]->acc, level);
            g_free(label);
        }
        table_row(t, "(all)", overall, level);
        printf("Customer loyalty index (%s missing answers)\n\n",
               mode == CX_MISSING_LISTWISE ? "listwise" : "pairwise");
        cli_table_print(t, stdout, 1);
        cli_table_free(t);
        CxLoyaltyIndexResult r = { .size = sizeof r };
        cx_loyalty_index_result(overall, level, &r);
        printf("\nmean idx: item means x 10 (0-100); net idx: mean of the item net scores.\n"
               "n: respondents with all three answers (behind the intervals).\n"
               "Items (mean, net): recommend %.2f, %.1f; repurchase %.2f, %.1f;\ncross-buy %.2f, "
               "%.1f.\nmissing %llu/%llu/%llu, rejected %llu/%llu/%llu, bad weight %llu, "
               "malformed rows %llu\n",
               r.item_mean[0], r.item_net[0], r.item_mean[1], r.item_net[1], r.item_mean[2],
               r.item_net[2], (unsigned long long)r.missing[0], (unsigned long long)r.missing[1],
               (unsigned long long)r.missing[2], (unsigned long long)r.rejected[0],
               (unsigned long long)r.rejected[1], (unsigned long long)r.rejected[2],
               (unsigned long long)r.rejected_weight, (unsigned long long)malformed.count);
        if (baseline) {
            printf("\nAgainst %s (segment minus baseline):\n\n", baseline);
            const char *vh[] = { by, "mean idx", "p", ci, "net idx", "p", ci };
            CliTable *vt = cli_table_new(G_N_ELEMENTS(vh), vh);
            for (size_t i = 0; i < n_groups; i++) {
                CxLoyaltyIndexComparison c = { .size = sizeof c };
                gboolean ok = vs_baseline(groups, sorted[i], baseline_key, baseline, level, &c);
                char *label = cli_segment_label(sorted[i]->values, by_cols->len);
                char *cells[] = {
                    label,
                    ok ? cli_fmt("%+.1f", c.mean_diff) : g_strdup("-"),
                    ok ? cli_p(c.mean_p_value) : g_strdup("-"),
                    ok && !isnan(c.mean_ci_lower)
                        ? cli_fmt("%.1f to %.1f", c.mean_ci_lower, c.mean_ci_upper)
                        : g_strdup("-"),
                    ok ? cli_fmt("%+.1f", c.net_diff) : g_strdup("-"),
                    ok ? cli_p(c.net_p_value) : g_strdup("-"),
                    ok && !isnan(c.net_ci_lower)
                        ? cli_fmt("%.1f to %.1f", c.net_ci_lower, c.net_ci_upper)
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
    }
    g_free(sorted);
    CxLoyaltyIndexResult r = { .size = sizeof r };
    int result_status = cx_loyalty_index_result(overall, level, &r);
    if (result_status != CX_OK) {
        if (result_status == CX_E_OVERFLOW)
            cli_error(CMD, "the weights are too large to score (their sums overflow a double): "
                           "no index");
        else
            cli_error(CMD, "an item has no valid answer: no index");
        goto out;
    }
    status = CLI_EXIT_OK;
out:
    cli_groups_free(groups);
    cx_loyalty_index_free(overall);
    cx_reader_free(reader);
    g_array_free(by_cols, TRUE);
    for (int j = 0; j < 3; j++)
        g_free(col_s[j]);
    g_free(by);
    g_free(weight);
    g_free(level_s);
    g_free(missing);
    g_free(format_s);
    g_free(baseline);
    g_option_context_free(ctx);
    return status;
}
