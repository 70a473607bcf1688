/* SPDX-License-Identifier: MIT */
/* cxscore clv: customer lifetime value (Gupta & Lehmann 2003) from a margin, a retention rate —
 * given, or derived from period counts — and a discount rate. */
#include <string.h>

#include "cli-common.h"

#define CMD "clv"

static gboolean
parse_double(const char *opt, const char *text, double *out)
{
    if (!text)
        return TRUE;
    char *end;
    double v = g_ascii_strtod(text, &end);
    if (end == text || *end || !isfinite(v)) {
        cli_error(CMD, "%s takes a number (got '%s')", opt, text);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

int
cmd_clv(int argc, char **argv)
{
    char *margin_s = NULL, *retention_s = NULL, *discount_s = NULL, *cost_s = NULL,
         *format_s = NULL;
    gint64 start = -1, end = -1, added = -1;
    int horizon = 0;
    GOptionEntry entries[] = {
        { "margin", 0, 0, G_OPTION_ARG_FILENAME, &margin_s, "Margin per customer and period",
          "M" },
        { "retention", 'r', 0, G_OPTION_ARG_FILENAME, &retention_s,
          "Share of customers kept per period, 0-1", "R" },
        { "start", 0, 0, G_OPTION_ARG_INT64, &start,
          "Customers at a period's start (with --end, --new)",
          "S" },
        { "end", 0, 0, G_OPTION_ARG_INT64, &end, "Customers at the end of that period", "E" },
        { "new", 0, 0, G_OPTION_ARG_INT64, &added, "Customers gained during that period", "N" },
        { "discount", 0, 0, G_OPTION_ARG_FILENAME, &discount_s,
          "Discount rate per period (default 0.1)", "I" },
        { "horizon", 0, 0, G_OPTION_ARG_INT, &horizon,
          "Periods to count (default 0: infinite horizon)", "T" },
        { "acquisition-cost", 0, 0, G_OPTION_ARG_FILENAME, &cost_s,
          "Cost of acquiring a customer (default 0)", "AC" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &format_s, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("- customer lifetime value");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "CLV = m * r / (1 + i - r) - AC over an infinite horizon, or\n"
             "m * sum_{t=1..T} (r / (1 + i))^t - AC over T periods (Gupta & Lehmann 2003).\n"
             "The retention may be given, or derived from counts: (E - N) / S.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore clv --margin 100 --retention 0.8 --discount 0.1\n"
             "  cxscore clv --margin 100 --start 200 --end 220 --new 40 --horizon 5\n"
             "  cxscore clv -m 100 -r 0.8 -a 50 --format json\n\n"
             "Exit status: 0 success, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");
    int status = CLI_EXIT_USAGE;
    double margin = CLI_NAN, retention = CLI_NAN, discount = 0.1, cost = 0.0, churn = CLI_NAN, clv = CLI_NAN;
    CliFormat format;
    if (!cli_parse_options_no_input(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 1) {
        cli_error(CMD, "no FILE is read: give the figures as options (see --help)");
        goto out;
    }
    if (!cli_parse_format(CMD, format_s, &format) || !parse_double("--margin", margin_s, &margin) ||
        !parse_double("--retention", retention_s, &retention) ||
        !parse_double("--discount", discount_s, &discount) ||
        !parse_double("--acquisition-cost", cost_s, &cost))
        goto out;
    if (!margin_s) {
        cli_error(CMD, "--margin is required");
        goto out;
    }
    gboolean counts = start >= 0 || end >= 0 || added >= 0;
    if (counts == (retention_s != NULL)) {
        cli_error(CMD, "give either --retention or all of --start, --end and --new");
        goto out;
    }
    if (counts) {
        if (start < 0 || end < 0 || added < 0 ||
            cx_value_retention_rate((uint64_t)start, (uint64_t)end, (uint64_t)added,
                                     &retention, &churn) != CX_OK) {
            cli_error(CMD, "--start, --end and --new must be counts with new <= end and "
                           "end - new <= start, start > 0");
            goto out;
        }
    } else {
        churn = 1.0 - retention;
    }
    if (horizon < 0 || cx_value_clv(margin, retention, discount, (uint32_t)horizon, cost, &clv) != CX_OK) {
        cli_error(CMD, "no finite value: the retention must be in 0-1, the discount above -1, "
                       "and over an infinite horizon 1 + discount - retention above 0");
        goto out;
    }
    double multiple = horizon == 0 ? retention / (1.0 + discount - retention) : (clv + cost) / margin;
    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        cli_json_double(b, "margin", margin);
        cli_json_double(b, "retention", retention);
        cli_json_double(b, "churn", churn);
        cli_json_double(b, "discount", discount);
        json_builder_set_member_name(b, "horizon");
        if (horizon)
            json_builder_add_int_value(b, horizon);
        else
            json_builder_add_null_value(b);
        cli_json_double(b, "acquisition_cost", cost);
        cli_json_double(b, "margin_multiple", multiple);
        cli_json_double(b, "clv", clv);
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        fputs("margin,retention,churn,discount,horizon,acquisition_cost,margin_multiple,clv\n",
              stdout);
        cli_csv_double(stdout, margin, FALSE);
        cli_csv_double(stdout, retention, FALSE);
        cli_csv_double(stdout, churn, FALSE);
        cli_csv_double(stdout, discount, FALSE);
        if (horizon)
            fprintf(stdout, "%d,", horizon);
        else
            fputc(',', stdout);
        cli_csv_double(stdout, cost, FALSE);
        cli_csv_double(stdout, multiple, FALSE);
        cli_csv_double(stdout, clv, TRUE);
    } else {
        printf("retention %.4g (churn %.4g), discount %.4g per period, ", retention, churn,
               discount);
        if (horizon)
            printf("horizon %d periods\n", horizon);
        else
            printf("infinite horizon\n");
        printf("margin multiple %.6g x margin %.6g - acquisition cost %.6g\n", multiple, margin,
               cost);
        printf("customer lifetime value: %.2f\n", clv);
    }
    status = CLI_EXIT_OK;
out:
    g_free(margin_s);
    g_free(retention_s);
    g_free(discount_s);
    g_free(cost_s);
    g_free(format_s);
    g_option_context_free(ctx);
    return status;
}
