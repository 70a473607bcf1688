/* SPDX-License-Identifier: MIT */
/* cxscore loyalty: customer loyalty index from three 0–10 answers (recommend, buy again, buy
 * other products), both variants, overall and by segment. */
#include <string.h>

#include "cli-common.h"

#define CMD "loyalty"

static void *
index_new(void *user)
{
    return cx_loyalty_index_new(*(const int *)user);
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

int
cmd_loyalty(int argc, char **argv)
{
    char *col_s[3] = { NULL, NULL, NULL }, *by = NULL, *weight = NULL, *level_s = NULL,
         *missing = NULL, *format_s = NULL;
    GOptionEntry entries[] = {
        { "recommend", 0, 0, G_OPTION_ARG_STRING, &col_s[0],
          "0-10 likelihood to recommend (default score)", "COL" },
        { "repurchase", 0, 0, G_OPTION_ARG_STRING, &col_s[1],
          "0-10 likelihood to buy again (default repurchase)", "COL" },
        { "cross-buy", 0, 0, G_OPTION_ARG_STRING, &col_s[2],
          "0-10 likelihood to buy other products (default cross_buy)", "COL" },
        { "by", 'b', 0, G_OPTION_ARG_STRING, &by, "One row per segment of these columns",
          "COL[,COL...]" },
        { "weight", 'w', 0, G_OPTION_ARG_STRING, &weight, "Column of survey weights", "COL" },
        { "missing", 0, 0, G_OPTION_ARG_STRING, &missing, "pairwise (default) or listwise",
          "MODE" },
        { "level", 'l', 0, G_OPTION_ARG_STRING, &level_s, "Confidence level (default 0.95)",
          "0.95" },
        { "format", 'f', 0, G_OPTION_ARG_STRING, &format_s, "table (default), csv or json",
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
             "  cxscore loyalty survey.csv --missing listwise --format json\n\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage. Sources: docs/loyalty.md.");
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
    if (missing && strcmp(missing, "listwise") == 0)
        mode = CX_MISSING_LISTWISE;
    else if (missing && strcmp(missing, "pairwise") != 0) {
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
    overall = cx_loyalty_index_new(mode);
    groups = by_cols->len ? cli_groups_new(by_cols->len, index_new, index_free, &mode) : NULL;
    CliMalformed malformed = { CMD, 0 };
    int st;
    while ((st = cx_reader_next(reader)) != CX_DONE) {
        if (st == CX_E_MALFORMED_ROW) {
            cli_malformed(&malformed, reader);
            continue;
        }
        if (st != CX_ROW) {
            cli_error(CMD, "%s", cx_reader_error_message(reader));
            goto out;
        }
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
    cli_malformed_summary(&malformed);
    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "missing_mode");
        json_builder_add_string_value(b, mode == CX_MISSING_LISTWISE ? "listwise" : "pairwise");
        cli_json_double(b, "level", level);
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
                json_builder_set_member_name(b, "key");
                json_builder_begin_object(b);
                for (guint k = 0; k < by_cols->len; k++) {
                    json_builder_set_member_name(
                        b, cx_reader_column_name(reader, g_array_index(by_cols, size_t, k)));
                    json_builder_add_string_value(b, sorted[i]->values[k]);
                }
                json_builder_end_object(b);
                json_figures(b, sorted[i]->acc, level);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        for (guint k = 0; k < by_cols->len; k++)
            cli_csv_field(stdout,
                          cx_reader_column_name(reader, g_array_index(by_cols, size_t, k)),
                          FALSE);
        fputs("complete,mean_index,mean_index_ci_lower,mean_index_ci_upper,net_index,"
              "net_index_ci_lower,net_index_ci_upper\n",
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
                cli_csv_double(stdout, v[j], j + 1 == G_N_ELEMENTS(v));
        }
    } else {
        char *ci = cli_fmt("%g%% CI", 100.0 * level);
        const char *h[] = { by ? by : "segment", "n", "mean idx", ci, "net idx", ci };
        CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
        for (size_t i = 0; i < n_groups; i++) {
            GString *label = g_string_new(NULL);
            for (guint k = 0; k < by_cols->len; k++)
                g_string_append_printf(label, "%s%s", k ? " / " : "",
                                       *sorted[i]->values[k] ? sorted[i]->values[k] : "(blank)");
            table_row(t, label->str, sorted[i]->acc, level);
            g_string_free(label, TRUE);
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
        g_free(ci);
    }
    g_free(sorted);
    CxLoyaltyIndexResult r = { .size = sizeof r };
    if (cx_loyalty_index_result(overall, level, &r) != CX_OK) {
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
    g_option_context_free(ctx);
    return status;
}
