/* SPDX-License-Identifier: MIT */
/* cxscore loop: loop-closure figures of a follow-up log (cx-followup.h): time to first contact,
 * share contacted within SLAs, closure, open alerts by age, recovery of detractors with
 * McNemar's test, overall and by owner. The library computes and counts everything; this file
 * reads the cells, hands them on, and fills the report's rows. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

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

/* --baseline: each owner's SLA share, closure and recovery rates against the baseline owner's,
 * by cx_proportion_compare() (pooled z test, Newcombe's hybrid score interval). */
static void
baseline_rows(CliReport *rep, const CxFollowup *f, const char *baseline, const double *slas,
              size_t n_slas, double level)
{
    for (size_t i = 0; i < cx_followup_group_count(f); i++) {
        size_t len;
        const char *name = cx_followup_group_name(f, i, &len);
        if (!name || (len == strlen(baseline) && memcmp(name, baseline, len) == 0))
            continue;
        for (size_t s = 0; s < n_slas; s++) {
            CxFollowupResult a = { .size = sizeof a }, b = { .size = sizeof b };
            cx_followup_result(f, name, len, slas[s] * 3600.0, level, &a);
            cx_followup_result(f, baseline, strlen(baseline), slas[s] * 3600.0, level, &b);
            CxProportionComparison c[3];
            const double x[3][4] = {
                { (double)a.sla_met, (double)a.sla_decided, (double)b.sla_met,
                  (double)b.sla_decided },
                { (double)a.closed, (double)a.alerts, (double)b.closed, (double)b.alerts },
                { (double)(a.to_passive + a.to_promoter), (double)a.detractors_before,
                  (double)(b.to_passive + b.to_promoter), (double)b.detractors_before },
            };
            CliCell cells[11] = { CLI_TEXT(name), CLI_NUM(slas[s]) };
            for (int k = 0; k < 3; k++) {
                c[k] = (CxProportionComparison){ .size = sizeof c[k] };
                gboolean ok = cx_proportion_compare(x[k][0], x[k][1], x[k][2], x[k][3], level,
                                                    &c[k]) == CX_OK;
                cells[2 + 3 * k] = ok ? CLI_NUM(c[k].diff) : CLI_NA;
                cells[3 + 3 * k] = ok ? CLI_IV(c[k].ci_lower, c[k].ci_upper) : CLI_NA;
                cells[4 + 3 * k] = ok ? CLI_NUM(c[k].p_value) : CLI_NA;
            }
            cli_report_row(rep, cells);
        }
    }
}

/* One run of loop: the options, the columns found, and the log read. */
typedef struct {
    char *id_col, *alerted_col, *contact_col, *closed_col, *outcome_col, *owner_col, *before_col,
        *after_col, *now_s, *sla_s, *by_col, *baseline;
    CliReportOptions ro;
    const char *base_value; /* the baseline owner: --baseline's VALUE */
    double slas[MAX_SLAS], now;
    size_t n_slas;
    CxReader *reader;
    CxFollowup *f;
    size_t c_id, c_alerted, c_contact, c_closed, c_outcome, c_owner, c_before, c_after;
    gboolean has_owner, has_before, has_after;
} Loop;

static GOptionContext *
loop_context(Loop *l)
{
    GOptionEntry entries[] = {
        { "id", 0, 0, G_OPTION_ARG_STRING, &l->id_col, "Response id column (response_id)",
          "COL" },
        { "alerted", 0, 0, G_OPTION_ARG_STRING, &l->alerted_col,
          "Alert time column (alerted_at)", "COL" },
        { "contacted", 0, 0, G_OPTION_ARG_STRING, &l->contact_col,
          "First contact time column (first_contact_at)", "COL" },
        { "closed", 0, 0, G_OPTION_ARG_STRING, &l->closed_col,
          "Closure time column (closed_at)", "COL" },
        { "outcome", 0, 0, G_OPTION_ARG_STRING, &l->outcome_col,
          "Outcome column: open, resolved, unresolved, unreachable (outcome)", "COL" },
        { "owner", 0, 0, G_OPTION_ARG_STRING, &l->owner_col,
          "Owner, team or segment column: figures by owner too (owner, if present)", "COL" },
        { "by", 'b', 0, G_OPTION_ARG_STRING, &l->by_col, "The same as --owner", "COL" },
        { "baseline", 0, 0, G_OPTION_ARG_STRING, &l->baseline,
          "Compare each owner with this one (VALUE or COL=VALUE)", "VALUE" },
        { "before", 0, 0, G_OPTION_ARG_STRING, &l->before_col,
          "0-10 score of the alerting response (score_before, if present)", "COL" },
        { "after", 0, 0, G_OPTION_ARG_STRING, &l->after_col,
          "0-10 score of the follow-up survey (score_after, if present)", "COL" },
        { "now", 0, 0, G_OPTION_ARG_STRING, &l->now_s,
          "Time of the analysis, ISO 8601 (default: the clock)", "TIME" },
        { "sla", 0, 0, G_OPTION_ARG_STRING, &l->sla_s, "SLAs in hours (default 24,48)",
          "H[,H...]" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - loop-closure figures of a follow-up log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &l->ro, CLI_OPT_LEVEL | CLI_OPT_FORMAT | CLI_OPT_SECTION);
    g_option_context_set_summary(
        ctx, "Time to first contact (median, p90), share contacted within each SLA and closure\n"
             "rate with Wilson (1927) intervals, open alerts by age, and recovery of detractors\n"
             "with McNemar's (1947) test, overall and by owner.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore loop followups.csv --now 2026-03-01T00:00:00Z\n"
             "  cxscore loop followups.csv --sla 4,24 --format json\n"
             "  cxscore loop followups.csv --by owner --baseline ana\n\n"
             "Every rejected alert (bad or missing time, out of order, in the future, unknown\n"
             "outcome, duplicate, bad score) is counted in the section 'rejected' with its\n"
             "first line, and the first ten are named on stderr.\n"
             "Exit status: 0 success, 1 bad data (no accepted alert), 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/followup.md.");
    return ctx;
}

/* The options after parsing: --by/--owner, --baseline, --sla, --now; FALSE after a message. */
static gboolean
loop_check(void *p, G_GNUC_UNUSED const char *path)
{
    Loop *l = p;
    if (l->by_col && l->owner_col && strcmp(l->by_col, l->owner_col) != 0) {
        cli_error(CMD, "--by and --owner name one column: give one of them");
        return FALSE;
    }
    if (l->by_col && !l->owner_col)
        l->owner_col = g_strdup(l->by_col);
    /* --baseline COL=VALUE as in the other commands, COL being the owner column. */
    const char *eq = l->baseline ? strchr(l->baseline, '=') : NULL;
    const char *group_col = l->owner_col ? l->owner_col : "owner";
    if (eq && ((size_t)(eq - l->baseline) != strlen(group_col) ||
               strncmp(l->baseline, group_col, (size_t)(eq - l->baseline)) != 0)) {
        cli_error(CMD, "--baseline %s: COL must be the --by/--owner column", l->baseline);
        return FALSE;
    }
    l->base_value = eq ? eq + 1 : l->baseline;
    if (!parse_slas(l->sla_s, l->slas, &l->n_slas)) {
        cli_error(CMD, "--sla takes up to %d numbers of hours >= 0, comma-separated (got '%s')",
                  MAX_SLAS, l->sla_s);
        return FALSE;
    }
    if (l->now_s && cx_cell_parse_time(l->now_s, strlen(l->now_s), &l->now) != CX_CELL_NUMBER) {
        cli_error(CMD, "--now takes an ISO 8601 time (got '%s')", l->now_s);
        return FALSE;
    }
    return TRUE;
}

/* An optional column: looked up when named (a message if absent), else used when present. */
static gboolean
optional_column(CxReader *reader, const char *named, const char *name, size_t *col)
{
    return named ? cli_column(CMD, reader, named, col)
                 : cx_reader_column_index(reader, name, col) == CX_OK;
}

/* Opens FILE and finds its columns; a status (CLI_EXIT_OK or after a message). */
static int
loop_open(void *p, const char *path)
{
    Loop *l = p;
    l->reader = cli_open(CMD, path);
    CxReader *reader = l->reader;
    if (!reader ||
        !cli_column(CMD, reader, l->id_col ? l->id_col : "response_id", &l->c_id) ||
        !cli_column(CMD, reader, l->alerted_col ? l->alerted_col : "alerted_at",
                    &l->c_alerted) ||
        !cli_column(CMD, reader, l->contact_col ? l->contact_col : "first_contact_at",
                    &l->c_contact) ||
        !cli_column(CMD, reader, l->closed_col ? l->closed_col : "closed_at", &l->c_closed) ||
        !cli_column(CMD, reader, l->outcome_col ? l->outcome_col : "outcome", &l->c_outcome))
        return CLI_EXIT_DATA;
    l->has_owner = optional_column(reader, l->owner_col, "owner", &l->c_owner);
    l->has_before = optional_column(reader, l->before_col, "score_before", &l->c_before);
    l->has_after = optional_column(reader, l->after_col, "score_after", &l->c_after);
    if ((l->owner_col && !l->has_owner) || (l->before_col && !l->has_before) ||
        (l->after_col && !l->has_after))
        return CLI_EXIT_DATA;
    if (l->base_value && !l->has_owner) {
        cli_error(CMD, "--baseline needs an owner column (--by COL, or a column named owner)");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

/* Every row of the log into the follow-up accumulator; FALSE after a message. */
static gboolean
loop_read(void *p)
{
    Loop *l = p;
    CxReader *reader = l->reader;
    cli_created(cx_followup_new(l->now, &l->f));
    CliMalformed malformed = { .cmd = CMD };
    uint64_t warned = 0;
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *id, *owner = NULL, *outcome;
        size_t id_len, owner_len = 0, outcome_len;
        cx_reader_field(reader, l->c_id, &id, &id_len);
        cx_reader_field(reader, l->c_outcome, &outcome, &outcome_len);
        if (l->has_owner)
            cx_reader_field(reader, l->c_owner, &owner, &owner_len);
        CxFollowupAlert a = {
            .size = sizeof a,
            .alerted_at = cell(reader, TRUE, l->c_alerted, cx_cell_parse_time),
            .first_contact_at = cell(reader, TRUE, l->c_contact, cx_cell_parse_time),
            .closed_at = cell(reader, TRUE, l->c_closed, cx_cell_parse_time),
            .score_before = cell(reader, l->has_before, l->c_before, cx_cell_parse_number),
            .score_after = cell(reader, l->has_after, l->c_after, cx_cell_parse_number),
            .line = cx_reader_line(reader),
            .outcome = cx_followup_parse_outcome(outcome, outcome_len),
        };
        int why = CX_FOLLOWUP_ACCEPTED;
        int added = cx_followup_add(l->f, id, id_len, owner, owner_len, &a, &why);
        if (added != CX_OK) {
            cli_error(CMD, "line %llu: could not add the alert: %s",
                      (unsigned long long)a.line, cx_strerror(added));
            return FALSE;
        }
        if (why != CX_FOLLOWUP_ACCEPTED && warned++ < 10)
            cli_error(CMD, "warning: line %llu: alert rejected (%s)",
                      (unsigned long long)a.line, REASONS[why]);
    }
    cli_malformed_summary(&malformed);
    if (st != CX_DONE)
        return FALSE;
    if (!cli_input_report_cells(CMD, reader)) /* --rejects FILE, the rows accounted for */
        return FALSE;
    if (warned > 10)
        cli_error(CMD, "warning: %llu more alerts rejected: see the section 'rejected'",
                  (unsigned long long)(warned - 10));
    return TRUE;
}

/* --baseline VALUE must be an owner of the log: CLI_EXIT_OK, else CLI_EXIT_USAGE after a
 * message naming the first ten owners. */
static int
baseline_known(const CxFollowup *f, const char *base_value)
{
    gboolean found = FALSE;
    GString *seen = g_string_new(NULL);
    for (size_t i = 0; i < cx_followup_group_count(f); i++) {
        size_t len;
        const char *name = cx_followup_group_name(f, i, &len);
        found = found || (len == strlen(base_value) && memcmp(name, base_value, len) == 0);
        if (i < 10)
            g_string_append_printf(seen, "%s%s", i ? ", " : "", name);
    }
    if (!found)
        cli_error(CMD, "--baseline %s: no alert has that owner (owners: %s)", base_value,
                  seen->str);
    g_string_free(seen, TRUE);
    return found ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

/* The "baseline" section: each owner's rates minus the baseline owner's. */
static void
baseline_section(CliReport *rep, const Loop *l)
{
    const CliColumn base_cols[] = {
        CLI_COL("owner", NULL, CLI_COL_LABEL, 0),
        CLI_COL("sla_hours", "SLA h", CLI_COL_NUMBER, 0),
        CLI_COL("sla_share_diff", "in SLA", CLI_COL_SHARE, 1),
        CLI_DETAIL("sla_share_diff_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("sla_share_p", "p", CLI_COL_P, 0),
        CLI_COL("closure_rate_diff", "closed", CLI_COL_SHARE, 1),
        CLI_DETAIL("closure_rate_diff_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("closure_rate_p", "p", CLI_COL_P, 0),
        CLI_COL("recovery_rate_diff", "recovered", CLI_COL_SHARE, 1),
        CLI_DETAIL("recovery_rate_diff_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("recovery_rate_p", "p", CLI_COL_P, 0),
    };
    char *title = g_strdup_printf("Against owner %s (owner minus baseline)", l->base_value);
    cli_report_section(rep, "baseline", title, base_cols, G_N_ELEMENTS(base_cols));
    baseline_rows(rep, l->f, l->base_value, l->slas, l->n_slas, l->ro.level);
    cli_report_note(rep, "Differences of shares; p: pooled two-proportion z test; "
                         "intervals: Newcombe (1998).");
    g_free(title);
}

/* The report: settings, then the sections in their order. */
static int
loop_emit(const Loop *l, const char *path)
{
    char *ci = cli_level_title(l->ro.level);
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
    const double level = l->ro.level;
    CliReport *rep = cli_report_new(CMD, l->ro.format, stdout);
    cli_report_only(rep, l->ro.section);
    cli_report_setting_text(rep, "file", path);
    cli_report_setting_text(rep, "now", l->now_s);
    cli_report_setting_number(rep, "level", level);
    if (l->base_value)
        cli_report_setting_text(rep, "baseline", l->base_value);
    cli_report_section(rep, "loop", "Time to first contact, SLA and closure", loop_cols,
                       G_N_ELEMENTS(loop_cols));
    all_rows(rep, l->f, l->slas, l->n_slas, level, 0, l->has_owner);
    cli_report_note(rep, "in SLA: contacted within the SLA / alerts contacted or past it.");
    cli_report_section(rep, "open", "Open alerts by age", open_cols, G_N_ELEMENTS(open_cols));
    all_rows(rep, l->f, l->slas, l->n_slas, level, 1, l->has_owner);
    cli_report_section(rep, "recovery", "Recovery of detractors (follow-up survey)", rec_cols,
                       G_N_ELEMENTS(rec_cols));
    all_rows(rep, l->f, l->slas, l->n_slas, level, 2, l->has_owner);
    if (l->base_value)
        baseline_section(rep, l);
    cli_report_section(rep, "rejected", "Rejected alerts", rej_cols, G_N_ELEMENTS(rej_cols));
    for (int k = 1; k < CX_FOLLOWUP_N_REJECTIONS; k++) {
        uint64_t first;
        uint64_t n = cx_followup_rejections(l->f, k, &first);
        if (n)
            cli_report_row(rep, (CliCell[]){ CLI_TEXT(REASONS[k]), CLI_COUNT(n),
                                             CLI_COUNT(first) });
    }
    g_free(ci);
    return cli_report_finish(rep);
}

int
cmd_loop(int argc, char **argv)
{
    Loop l = { .now = (double)(g_get_real_time() / G_USEC_PER_SEC) };
    GOptionContext *ctx = loop_context(&l);
    static const CliSteps steps = { loop_check, loop_open, loop_read };
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &l.ro, &steps, &l);
    if (status)
        goto out;
    status = CLI_EXIT_DATA;
    CxFollowupResult all = { .size = sizeof all };
    if (cx_followup_result(l.f, NULL, 0, 86400.0, 0.95, &all) != CX_OK) {
        cli_error(CMD, "no accepted alert in %s", argv[1]);
        goto out;
    }
    if (l.base_value && (status = baseline_known(l.f, l.base_value)))
        goto out;
    status = loop_emit(&l, argv[1]);
out:
    cx_followup_free(l.f);
    cx_reader_free(l.reader);
    char **owned[] = { &l.id_col,     &l.alerted_col, &l.contact_col, &l.closed_col,
                       &l.outcome_col, &l.owner_col,  &l.before_col,  &l.after_col,
                       &l.now_s,      &l.sla_s,       &l.by_col,      &l.baseline };
    for (size_t i = 0; i < G_N_ELEMENTS(owned); i++)
        g_free(*owned[i]);
    cli_report_options_clear(&l.ro);
    g_option_context_free(ctx);
    return status;
}
