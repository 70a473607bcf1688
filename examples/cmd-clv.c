/* SPDX-License-Identifier: MIT */
/* cxscore clv: customer lifetime value (Gupta & Lehmann 2003) from a margin, a retention rate —
 * given, or derived from period counts — and a discount rate. */
#include <string.h>

#include "cli-common.h"
#include "cli-report.h"

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
    char *margin_s = NULL, *retention_s = NULL, *discount_s = NULL, *cost_s = NULL;
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
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("- customer lifetime value");
    g_option_context_add_main_entries(ctx, entries, NULL);
    CliReportOptions ro = { 0 };
    cli_report_options_add(ctx, &ro, CLI_OPT_FORMAT | CLI_OPT_SECTION);
    g_option_context_set_summary(
        ctx, "CLV = m * r / (1 + i - r) - AC over an infinite horizon, or\n"
             "m * sum_{t=1..T} (r / (1 + i))^t - AC over T periods (Gupta & Lehmann 2003).\n"
             "The retention may be given, or derived from counts: (E - N) / S.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore clv --margin 100 --retention 0.8 --discount 0.1\n"
             "  cxscore clv --margin 100 --start 200 --end 220 --new 40 --horizon 5\n"
             "  cxscore clv --margin 100 -r 0.8 --acquisition-cost 50 --format json\n\n"
             "Exit status: 0 success, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");
    int status = CLI_EXIT_USAGE;
    double margin = CLI_NAN, retention = CLI_NAN, discount = 0.1, cost = 0.0, churn = CLI_NAN, clv = CLI_NAN;
    if (!cli_parse_options_no_input(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 1) {
        cli_error(CMD, "no FILE is read: give the figures as options (see --help)");
        goto out;
    }
    if (!cli_report_options_check(CMD, &ro) || !parse_double("--margin", margin_s, &margin) ||
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
    const CliReportFormat format = ro.format;
    const char *section = ro.section;
    double multiple = horizon == 0 ? retention / (1.0 + discount - retention) : (clv + cost) / margin;
    const CliColumn cols[] = {
        CLI_COL("margin", NULL, CLI_COL_NUMBER, 2),
        CLI_COL("retention", "retention %", CLI_COL_SHARE, 2),
        CLI_COL("churn", "churn %", CLI_COL_SHARE, 2),
        CLI_COL("discount", NULL, CLI_COL_NUMBER, 4),
        CLI_COL("horizon", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("acquisition_cost", "acq. cost", CLI_COL_NUMBER, 2),
        CLI_COL("margin_multiple", "multiple", CLI_COL_NUMBER, 4),
        CLI_COL("clv", "CLV", CLI_COL_NUMBER, 2),
    };
    CliReport *rep = cli_report_new(CMD, format, stdout);
    cli_report_only(rep, section);
    cli_report_section(rep, "clv", "Customer lifetime value", cols, G_N_ELEMENTS(cols));
    cli_report_row(rep, (CliCell[]){ CLI_NUM(margin), CLI_NUM(retention), CLI_NUM(churn),
                                     CLI_NUM(discount),
                                     horizon ? CLI_NUM((double)horizon) : CLI_NA, CLI_NUM(cost),
                                     CLI_NUM(multiple), CLI_NUM(clv) });
    cli_report_note(rep, "CLV = multiple x margin - acquisition cost; horizon '-': infinite.");
    status = cli_report_finish(rep);
    goto out;
out:
    g_free(margin_s);
    g_free(retention_s);
    g_free(discount_s);
    g_free(cost_s);
    cli_report_options_clear(&ro);
    g_option_context_free(ctx);
    return status;
}
