/* SPDX-License-Identifier: MIT */
/* cxscore loop: loop-closure figures of a follow-up log (cx-followup.h): time to first contact,
 * share contacted within SLAs, closure, open alerts by age, recovery of detractors with
 * McNemar's test, overall and by owner. The library computes and counts everything; this file
 * reads the cells, hands them on, and fills the report's rows. */
#include <string.h>

#include "cli-common.h"
#include "cli-report.h"

#define CMD "loop"
#define MAX_SLAS 8

static const char *const REASONS[] = {
    NULL, "no_id", "duplicate", "bad_time", "out_of_order", "future", "unknown_outcome",
    "inconsistent", "bad_score",
};

/* A cell read by @parse: NaN when missing, infinity when unreadable (the library rejects it). */
static double
cell(CxReader *r, gboolean present, size_t col, int (*parse)(const char *, size_t, double *))
{
    const char *text;
    size_t len;
    double v;
    if (!present || cx_reader_field(r, col, &text, &len) != CX_OK)
        return CLI_NAN;
    int kind = parse(text, len, &v);
    return kind == CX_CELL_NUMBER ? v : kind == CX_CELL_MISSING ? CLI_NAN : (double)INFINITY;
}

static gboolean
parse_slas(const char *text, double *hours, size_t *n)
{
    gchar **parts = g_strsplit(text ? text : "24,48", ",", -1);
    gboolean ok = TRUE;
    *n = 0;
    for (gchar **p = parts; *p && ok; p++) {
        char *end;
        double h = g_ascii_strtod(*p, &end);
        ok = end != *p && !*end && isfinite(h) && h >= 0.0 && *n < MAX_SLAS;
        if (ok)
            hours[(*n)++] = h;
    }
    g_strfreev(parts);
    return ok && *n > 0;
}

static void
rows_for(CliReport *rep, const CxFollowup *f, const char *label, const char *group, size_t glen,
         const double *slas, size_t n_slas, double level, int what)
{
    CxFollowupResult r = { .size = sizeof r };
    for (size_t s = 0; s < (what == 0 ? n_slas : 1); s++) {
        int st = cx_followup_result(f, group, glen, slas[s] * 3600.0, level, &r);
        if (st != CX_OK && st != CX_E_EMPTY)
            continue;
        if (what == 0)
            cli_report_row(rep, (CliCell[]){
                CLI_TEXT(label), CLI_NUM(slas[s]), CLI_COUNT(r.alerts), CLI_COUNT(r.contacted),
                CLI_NUM(r.first_contact_median / 3600.0), CLI_NUM(r.first_contact_p90 / 3600.0),
                CLI_COUNT(r.sla_decided), CLI_COUNT(r.sla_met), CLI_NUM(r.sla_share),
                CLI_IV(r.sla_lower, r.sla_upper), CLI_COUNT(r.closed), CLI_NUM(r.closure_rate),
                CLI_IV(r.closure_lower, r.closure_upper) });
        else if (what == 1)
            cli_report_row(rep, (CliCell[]){ CLI_TEXT(label), CLI_COUNT(r.open_under_24h),
                                             CLI_COUNT(r.open_24h_48h), CLI_COUNT(r.open_48h_7d),
                                             CLI_COUNT(r.open_over_7d) });
        else
            cli_report_row(rep, (CliCell[]){
                CLI_TEXT(label), CLI_COUNT(r.pairs), CLI_COUNT(r.detractors_before),
                CLI_COUNT(r.to_passive), CLI_COUNT(r.to_promoter), CLI_COUNT(r.became_detractor),
                CLI_NUM(r.recovery_rate), CLI_IV(r.recovery_lower, r.recovery_upper),
                CLI_NUM(r.mcnemar_chi2), CLI_NUM(r.mcnemar_p) });
    }
}

static void
all_rows(CliReport *rep, const CxFollowup *f, const double *slas, size_t n_slas, double level,
         int what, gboolean by_owner)
{
    rows_for(rep, f, "(all)", NULL, 0, slas, n_slas, level, what);
    if (!by_owner)
        return;
    for (size_t i = 0; i < cx_followup_group_count(f); i++) {
        size_t len;
        const char *name = cx_followup_group_name(f, i, &len);
        if (name)
            rows_for(rep, f, name, name, len, slas, n_slas, level, what);
    }
    CxFollowupResult r = { .size = sizeof r };
    if (cx_followup_result(f, "", 0, 86400.0, level, &r) == CX_OK)
        rows_for(rep, f, "(no owner)", "", 0, slas, n_slas, level, what);
}

int
cmd_loop(int argc, char **argv)
{
    char *id_col = NULL, *alerted_col = NULL, *contact_col = NULL, *closed_col = NULL,
         *outcome_col = NULL, *owner_col = NULL, *before_col = NULL, *after_col = NULL,
         *now_s = NULL, *sla_s = NULL;
    GOptionEntry entries[] = {
        { "id", 0, 0, G_OPTION_ARG_STRING, &id_col, "Response id column (response_id)", "COL" },
        { "alerted", 0, 0, G_OPTION_ARG_STRING, &alerted_col,
          "Alert time column (alerted_at)", "COL" },
        { "contacted", 0, 0, G_OPTION_ARG_STRING, &contact_col,
          "First contact time column (first_contact_at)", "COL" },
        { "closed", 0, 0, G_OPTION_ARG_STRING, &closed_col, "Closure time column (closed_at)",
          "COL" },
        { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome_col,
          "Outcome column: open, resolved, unresolved, unreachable (outcome)", "COL" },
        { "owner", 0, 0, G_OPTION_ARG_STRING, &owner_col,
          "Owner, team or segment column: figures by owner too (owner, if present)", "COL" },
        { "before", 0, 0, G_OPTION_ARG_STRING, &before_col,
          "0-10 score of the alerting response (score_before, if present)", "COL" },
        { "after", 0, 0, G_OPTION_ARG_STRING, &after_col,
          "0-10 score of the follow-up survey (score_after, if present)", "COL" },
        { "now", 0, 0, G_OPTION_ARG_STRING, &now_s,
          "Time of the analysis, ISO 8601 (default: the clock)", "TIME" },
        { "sla", 0, 0, G_OPTION_ARG_STRING, &sla_s, "SLAs in hours (default 24,48)", "H[,H...]" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - loop-closure figures of a follow-up log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    CliReportOptions ro = { 0 };
    cli_report_options_add(ctx, &ro, CLI_OPT_LEVEL | CLI_OPT_FORMAT | CLI_OPT_SECTION);
    g_option_context_set_summary(
        ctx, "Time to first contact (median, p90), share contacted within each SLA and closure\n"
             "rate with Wilson (1927) intervals, open alerts by age, and recovery of detractors\n"
             "with McNemar's (1947) test, overall and by owner.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore loop followups.csv --now 2026-03-01T00:00:00Z\n"
             "  cxscore loop followups.csv --sla 4,24 --format json\n\n"
             "Every rejected alert (bad or missing time, out of order, in the future, unknown\n"
             "outcome, duplicate, bad score) is counted in the section 'rejected' with its\n"
             "first line, and the first ten are named on stderr.\n"
             "Exit status: 0 success, 1 bad data (no accepted alert), 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/followup.md.");
    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    CxFollowup *f = NULL;
    double slas[MAX_SLAS];
    size_t n_slas = 0;
    double now = (double)(g_get_real_time() / G_USEC_PER_SEC);
    if (!cli_report_parse(CMD, ctx, &argc, &argv, &ro))
        goto out;
    if (!parse_slas(sla_s, slas, &n_slas)) {
        cli_error(CMD, "--sla takes up to %d numbers of hours >= 0, comma-separated (got '%s')",
                  MAX_SLAS, sla_s);
        goto out;
    }
    if (now_s && cx_cell_parse_time(now_s, strlen(now_s), &now) != CX_CELL_NUMBER) {
        cli_error(CMD, "--now takes an ISO 8601 time (got '%s')", now_s);
        goto out;
    }
    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    size_t c_id, c_alerted, c_contact, c_closed, c_outcome, c_owner = 0, c_before = 0,
                                                            c_after = 0;
    if (!cli_column(CMD, reader, id_col ? id_col : "response_id", &c_id) ||
        !cli_column(CMD, reader, alerted_col ? alerted_col : "alerted_at", &c_alerted) ||
        !cli_column(CMD, reader, contact_col ? contact_col : "first_contact_at", &c_contact) ||
        !cli_column(CMD, reader, closed_col ? closed_col : "closed_at", &c_closed) ||
        !cli_column(CMD, reader, outcome_col ? outcome_col : "outcome", &c_outcome))
        goto out;
    /* Optional columns: looked up when named, used when present. */
    gboolean has_owner = owner_col ? cli_column(CMD, reader, owner_col, &c_owner)
                                   : cx_reader_column_index(reader, "owner", &c_owner) == CX_OK;
    gboolean has_before = before_col ? cli_column(CMD, reader, before_col, &c_before)
                                     : cx_reader_column_index(reader, "score_before",
                                                              &c_before) == CX_OK;
    gboolean has_after = after_col ? cli_column(CMD, reader, after_col, &c_after)
                                   : cx_reader_column_index(reader, "score_after",
                                                            &c_after) == CX_OK;
    if ((owner_col && !has_owner) || (before_col && !has_before) || (after_col && !has_after))
        goto out;
    cli_created(cx_followup_new(now, &f));
    CliMalformed malformed = { .cmd = CMD };
    uint64_t warned = 0;
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *id, *owner = NULL, *outcome;
        size_t id_len, owner_len = 0, outcome_len;
        cx_reader_field(reader, c_id, &id, &id_len);
        cx_reader_field(reader, c_outcome, &outcome, &outcome_len);
        if (has_owner)
            cx_reader_field(reader, c_owner, &owner, &owner_len);
        CxFollowupAlert a = {
            .size = sizeof a,
            .alerted_at = cell(reader, TRUE, c_alerted, cx_cell_parse_time),
            .first_contact_at = cell(reader, TRUE, c_contact, cx_cell_parse_time),
            .closed_at = cell(reader, TRUE, c_closed, cx_cell_parse_time),
            .score_before = cell(reader, has_before, c_before, cx_cell_parse_number),
            .score_after = cell(reader, has_after, c_after, cx_cell_parse_number),
            .line = cx_reader_line(reader),
            .outcome = cx_followup_parse_outcome(outcome, outcome_len),
        };
        int why = CX_FOLLOWUP_ACCEPTED;
        int added = cx_followup_add(f, id, id_len, owner, owner_len, &a, &why);
        if (added != CX_OK) {
            cli_error(CMD, "line %llu: could not add the alert: %s",
                      (unsigned long long)a.line, cx_strerror(added));
            goto out;
        }
        if (why != CX_FOLLOWUP_ACCEPTED && warned++ < 10)
            cli_error(CMD, "warning: line %llu: alert rejected (%s)",
                      (unsigned long long)a.line, REASONS[why]);
    }
    cli_malformed_summary(&malformed);
    if (st != CX_DONE)
        goto out;
    if (warned > 10)
        cli_error(CMD, "warning: %llu more alerts rejected: see the section 'rejected'",
                  (unsigned long long)(warned - 10));
    CxFollowupResult all = { .size = sizeof all };
    if (cx_followup_result(f, NULL, 0, 86400.0, 0.95, &all) != CX_OK) {
        cli_error(CMD, "no accepted alert in %s", argv[1]);
        goto out;
    }
    char *ci = cli_level_title(ro.level);
    const CliColumn loop_cols[] = {
        CLI_COL("owner", NULL, CLI_COL_LABEL, 0),
        CLI_COL("sla_hours", "SLA h", CLI_COL_NUMBER, 0),
        CLI_COL("alerts", NULL, CLI_COL_COUNT, 0),
        CLI_COL("contacted", NULL, CLI_COL_COUNT, 0),
        CLI_COL("first_contact_median_hours", "median h", CLI_COL_NUMBER, 1),
        CLI_COL("first_contact_p90_hours", "p90 h", CLI_COL_NUMBER, 1),
        CLI_DETAIL("sla_decided", CLI_COL_COUNT, 0),
        CLI_DETAIL("sla_met", CLI_COL_COUNT, 0),
        CLI_COL("sla_share", "in SLA", CLI_COL_SHARE, 1),
        CLI_COL("sla_ci", ci, CLI_COL_INTERVAL, 3),
        CLI_DETAIL("closed", CLI_COL_COUNT, 0),
        CLI_COL("closure_rate", "closed", CLI_COL_SHARE, 1),
        CLI_DETAIL("closure_ci", CLI_COL_INTERVAL, 3),
    };
    const CliColumn open_cols[] = {
        CLI_COL("owner", NULL, CLI_COL_LABEL, 0),
        CLI_COL("under_24h", "< 24 h", CLI_COL_COUNT, 0),
        CLI_COL("from_24h_to_48h", "24-48 h", CLI_COL_COUNT, 0),
        CLI_COL("from_48h_to_7d", "48 h-7 d", CLI_COL_COUNT, 0),
        CLI_COL("over_7d", ">= 7 d", CLI_COL_COUNT, 0),
    };
    const CliColumn rec_cols[] = {
        CLI_COL("owner", NULL, CLI_COL_LABEL, 0),
        CLI_COL("pairs", NULL, CLI_COL_COUNT, 0),
        CLI_COL("detractors_before", "detr.", CLI_COL_COUNT, 0),
        CLI_COL("to_passive", "->pass.", CLI_COL_COUNT, 0),
        CLI_COL("to_promoter", "->prom.", CLI_COL_COUNT, 0),
        CLI_COL("became_detractor", "->detr.", CLI_COL_COUNT, 0),
        CLI_COL("recovery_rate", "recovered", CLI_COL_SHARE, 1),
        CLI_DETAIL("recovery_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("mcnemar_chi2", CLI_COL_NUMBER, 3),
        CLI_COL("mcnemar_p", "McNemar p", CLI_COL_P, 0),
    };
    const CliColumn rej_cols[] = {
        CLI_COL("reason", NULL, CLI_COL_LABEL, 0),
        CLI_COL("alerts", NULL, CLI_COL_COUNT, 0),
        CLI_COL("first_line", "first line", CLI_COL_COUNT, 0),
    };
    CliReport *rep = cli_report_new(CMD, ro.format, stdout);
    cli_report_only(rep, ro.section);
    cli_report_setting_text(rep, "file", argv[1]);
    cli_report_setting_text(rep, "now", now_s);
    cli_report_setting_number(rep, "level", ro.level);
    cli_report_section(rep, "loop", "Time to first contact, SLA and closure", loop_cols,
                       G_N_ELEMENTS(loop_cols));
    all_rows(rep, f, slas, n_slas, ro.level, 0, has_owner);
    cli_report_note(rep, "in SLA: contacted within the SLA / alerts contacted or past it.");
    cli_report_section(rep, "open", "Open alerts by age", open_cols, G_N_ELEMENTS(open_cols));
    all_rows(rep, f, slas, n_slas, ro.level, 1, has_owner);
    cli_report_section(rep, "recovery", "Recovery of detractors (follow-up survey)", rec_cols,
                       G_N_ELEMENTS(rec_cols));
    all_rows(rep, f, slas, n_slas, ro.level, 2, has_owner);
    cli_report_section(rep, "rejected", "Rejected alerts", rej_cols, G_N_ELEMENTS(rej_cols));
    for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++) {
        uint64_t first;
        uint64_t n = cx_followup_rejections(f, k, &first);
        if (n)
            cli_report_row(rep, (CliCell[]){ CLI_TEXT(REASONS[k]), CLI_COUNT(n),
                                             CLI_COUNT(first) });
    }
    g_free(ci);
    status = cli_report_finish(rep);
out:
    cx_followup_free(f);
    cx_reader_free(reader);
    g_free(id_col);
    g_free(alerted_col);
    g_free(contact_col);
    g_free(closed_col);
    g_free(outcome_col);
    g_free(owner_col);
    g_free(before_col);
    g_free(after_col);
    g_free(now_s);
    g_free(sla_s);
    cli_report_options_clear(&ro);
    g_option_context_free(ctx);
    return status;
}
