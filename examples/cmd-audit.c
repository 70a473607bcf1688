/* SPDX-License-Identifier: MIT */
/*
 * cxscore audit: mystery-shopping and point-of-sale audit visits scored against a checklist.
 * Every figure comes from the library (cx-audit.h); this command only reads the rows, fills the
 * report's sections (cli-report.h) and leaves the formats to its emitters.
 */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"

#define CMD "audit"

/* At most this many listed rejects are printed (the library lists 1000). */
#define SHOWN_REJECTS 20

static const char *const segment_names[] = { "location", "region", "shopper", "period" };
static const char *const reason_names[] = { "answer", "na_not_allowed", "critical_blank",
                                            "no_applicable", "unknown_item", "date",
                                            "missing_segment" };

typedef struct {
    char *checklist, *period;
    double target;
    gboolean has_target;
    char *target_text;
} Options;

/* Reads every row into the accumulator; FALSE after a read error was printed. */
static gboolean
read_visits(CxReader *reader, CxAudit *audit, CliMalformed *malformed)
{
    const size_t n = cx_reader_column_count(reader);
    const char **names = g_new(const char *, n);
    for (size_t k = 0; k < n; k++)
        names[k] = cx_reader_column_name(reader, k);
    int st = cx_audit_set_columns(audit, names, n, 1);
    g_free(names);
    if (st != CX_OK) {
        cli_error(CMD, "%s", st == CX_E_COLUMN_DUPLICATE
                                 ? "the header names an item or a key column twice"
                                 : cx_strerror(st));
        return FALSE;
    }
    const char **text = g_new(const char *, n);
    size_t *len = g_new(size_t, n);
    int status;
    while ((status = cli_next_row(reader, malformed)) == CX_ROW) {
        for (size_t k = 0; k < n; k++)
            cx_reader_field(reader, k, &text[k], &len[k]);
        cli_created(cx_audit_add_row(audit, text, len, n, cx_reader_line(reader)));
    }
    g_free(text);
    g_free(len);
    return status == CX_DONE;
}

/* The segment index of "COL=VALUE" (COL the --by kind), or FALSE after a message. */
static gboolean
baseline_index(const CxAudit *audit, int by, const char *baseline, size_t *index)
{
    const char *eq = strchr(baseline, '=');
    if (!eq || (size_t)(eq - baseline) != strlen(segment_names[by]) ||
        strncmp(baseline, segment_names[by], (size_t)(eq - baseline)) != 0) {
        cli_error(CMD, "--baseline takes %s=VALUE (the --by kind)", segment_names[by]);
        return FALSE;
    }
    if (cx_audit_segment_index(audit, by, eq + 1, index) != CX_OK) {
        cli_error(CMD, "no %s '%s' in the data", segment_names[by], eq + 1);
        return FALSE;
    }
    return TRUE;
}

/* Segment indices sorted by mean score, best first (the league table). */
typedef struct {
    size_t index;
    double mean;
} Ranked;

static int
by_mean_desc(const void *a, const void *b)
{
    const Ranked *x = a, *y = b;
    if (x->mean > y->mean || (isnan(y->mean) && !isnan(x->mean)))
        return -1;
    if (x->mean < y->mean || (isnan(x->mean) && !isnan(y->mean)))
        return 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void
summary_section(CliReport *rep, const CxAuditResult *r, uint64_t malformed, const char *ci)
{
    const CliColumn cols[] = {
        CLI_COL("visits", NULL, CLI_COL_COUNT, 0),
        CLI_COL("scored", NULL, CLI_COL_COUNT, 0),
        CLI_COL("mean", "score", CLI_COL_NUMBER, 1),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
        CLI_COL("pass_share", "pass%", CLI_COL_SHARE, 1),
        CLI_COL("pass_ci", "pass CI", CLI_COL_INTERVAL, 3),
        CLI_COL("critical_visits", "critical", CLI_COL_COUNT, 0),
        CLI_DETAIL("passed", CLI_COL_COUNT, 0),
        CLI_DETAIL("sd", CLI_COL_NUMBER, 2),
        CLI_DETAIL("critical_failures", CLI_COL_COUNT, 0),
        CLI_DETAIL("earned", CLI_COL_NUMBER, 1),
        CLI_DETAIL("applicable", CLI_COL_NUMBER, 1),
        CLI_DETAIL("malformed_rows", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "summary", "All visits", cols, G_N_ELEMENTS(cols));
    cli_report_row(rep, (CliCell[]){
                            CLI_COUNT(r->visits), CLI_COUNT(r->scored), CLI_NUM(r->mean),
                            CLI_IV(r->ci_lower, r->ci_upper), CLI_NUM(r->pass_share),
                            CLI_IV(r->pass_ci_lower, r->pass_ci_upper),
                            CLI_COUNT(r->critical_visits), CLI_COUNT(r->passed), CLI_NUM(r->sd),
                            CLI_COUNT(r->critical_failures), CLI_NUM(r->earned),
                            CLI_NUM(r->applicable), CLI_COUNT(malformed) });
    cli_report_note(rep, "Visit score = 100 x earned / applicable points; pass mark %g.",
                    r->pass_mark);
}

static void
league_section(CliReport *rep, const CxAudit *a, int by, double level, const Options *o,
               gint64 min_n, const char *ci)
{
    const size_t n = cx_audit_segment_count(a, by);
    Ranked *order = g_new(Ranked, n ? n : 1);
    for (size_t k = 0; k < n; k++) {
        CxAuditSegment s = { .size = sizeof s };
        cli_created(cx_audit_segment_result(a, by, k, level, &s));
        order[k] = (Ranked){ k, s.mean };
    }
    qsort(order, n, sizeof *order, by_mean_desc);
    const CliColumn cols[] = {
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
        CLI_COL(segment_names[by], NULL, CLI_COL_LABEL, 0),
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("mean", "score", CLI_COL_NUMBER, 1),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
        CLI_COL("pass_share", "pass%", CLI_COL_SHARE, 1),
        CLI_COL("pass_ci", "pass CI", CLI_COL_INTERVAL, 3),
        CLI_COL("critical_visits", "critical", CLI_COL_COUNT, 0),
        CLI_DETAIL("passed", CLI_COL_COUNT, 0),
        CLI_DETAIL("sd", CLI_COL_NUMBER, 2),
        CLI_COL("vs_target", "vs target", CLI_COL_NUMBER, 1),
        CLI_COL("vs_target_p", "p", CLI_COL_P, 0),
    };
    char *title = g_strdup_printf("League table by %s (best mean score first)",
                                  segment_names[by]);
    cli_report_section(rep, "league", title, cols, G_N_ELEMENTS(cols) - (o->has_target ? 0 : 2));
    g_free(title);
    for (size_t r = 0; r < n; r++) {
        const size_t k = order[r].index;
        CxAuditSegment s = { .size = sizeof s };
        cli_created(cx_audit_segment_result(a, by, k, level, &s));
        const gboolean ok = s.scored >= (uint64_t)MAX(min_n, 1);
        CxMeanComparison t = { .size = sizeof t };
        const gboolean has_t = o->has_target && ok &&
                               cx_audit_compare_target(a, by, k, o->target, level, &t) == CX_OK;
        cli_report_row(rep, (CliCell[]){
                                CLI_COUNT(r + 1), CLI_TEXT(cx_audit_segment_name(a, by, k)),
                                CLI_COUNT(s.scored), ok ? CLI_NUM(s.mean) : CLI_NA,
                                ok ? CLI_IV(s.ci_lower, s.ci_upper) : CLI_NA,
                                ok ? CLI_NUM(s.pass_share) : CLI_NA,
                                ok ? CLI_IV(s.pass_ci_lower, s.pass_ci_upper) : CLI_NA,
                                CLI_COUNT(s.critical_visits), CLI_COUNT(s.passed),
                                ok ? CLI_NUM(s.sd) : CLI_NA, has_t ? CLI_NUM(t.diff) : CLI_NA,
                                has_t ? CLI_NUM(t.p_value) : CLI_NA });
    }
    if (o->has_target)
        cli_report_note(rep, "vs target: mean minus %g, one-sample t-test.", o->target);
    if (min_n > 0)
        cli_report_note(rep, "Segments with fewer than %" G_GINT64_FORMAT
                             " scored visits have no estimates.", min_n);
    g_free(order);
}

static void
baseline_section(CliReport *rep, const CxAudit *a, int by, size_t base, double level,
                 const char *baseline, const char *ci)
{
    const CliColumn cols[] = {
        CLI_COL(segment_names[by], NULL, CLI_COL_LABEL, 0),
        CLI_COL("diff", NULL, CLI_COL_NUMBER, 1),
        CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
        CLI_COL("pass_diff", "pass diff", CLI_COL_NUMBER, 3),
        CLI_COL("pass_p", "p", CLI_COL_P, 0),
        CLI_COL("pass_ci", "pass CI", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("t", CLI_COL_NUMBER, 2),
        CLI_DETAIL("df", CLI_COL_NUMBER, 1),
    };
    char *title = g_strdup_printf("Against %s (Welch; Newcombe for pass shares)", baseline);
    cli_report_section(rep, "baseline", title, cols, G_N_ELEMENTS(cols));
    g_free(title);
    for (size_t k = 0; k < cx_audit_segment_count(a, by); k++) {
        if (k == base)
            continue;
        CxMeanComparison m = { .size = sizeof m };
        CxProportionComparison p = { .size = sizeof p };
        const gboolean ok = cx_audit_segment_compare(a, by, k, base, level, &m, &p) == CX_OK;
        cli_report_row(rep, (CliCell[]){
                                CLI_TEXT(cx_audit_segment_name(a, by, k)),
                                ok ? CLI_NUM(m.diff) : CLI_NA, ok ? CLI_NUM(m.p_value) : CLI_NA,
                                ok ? CLI_IV(m.ci_lower, m.ci_upper) : CLI_NA,
                                ok ? CLI_NUM(p.diff) : CLI_NA, ok ? CLI_NUM(p.p_value) : CLI_NA,
                                ok ? CLI_IV(p.ci_lower, p.ci_upper) : CLI_NA,
                                ok ? CLI_NUM(m.t) : CLI_NA, ok ? CLI_NUM(m.df) : CLI_NA });
    }
}

static void
sections_section(CliReport *rep, const CxAudit *a, double level, const char *ci)
{
    const CxChecklist *c = cx_audit_checklist(a);
    const CliColumn cols[] = {
        CLI_COL("section_id", "section", CLI_COL_LABEL, 0),
        CLI_COL("name", NULL, CLI_COL_LABEL, 0),
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("mean", "score", CLI_COL_NUMBER, 1),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
        CLI_COL("critical_visits", "critical", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "sections", "Sections", cols, G_N_ELEMENTS(cols));
    for (size_t s = 0; s < cx_checklist_section_count(c); s++) {
        CxAuditSection r = { .size = sizeof r };
        cli_created(cx_audit_section_result(a, s, level, &r));
        cli_report_row(rep, (CliCell[]){ CLI_TEXT(cx_checklist_section_id(c, s)),
                                         CLI_TEXT(cx_checklist_section_name(c, s)),
                                         CLI_COUNT(r.scored), CLI_NUM(r.mean),
                                         CLI_IV(r.ci_lower, r.ci_upper),
                                         CLI_COUNT(r.critical_visits) });
    }
}

static void
standards_section(CliReport *rep, const CxAudit *a, double level, const char *ci)
{
    const CxChecklist *c = cx_audit_checklist(a);
    const size_t n = cx_checklist_item_count(c);
    CxAuditItem *items = g_new(CxAuditItem, n);
    size_t *order = g_new(size_t, n), used = 0;
    for (size_t i = 0; i < n; i++) {
        items[i] = (CxAuditItem){ .size = sizeof items[i] };
        cli_created(cx_audit_item_result(a, i, level, &items[i]));
    }
    /* By rank (lowest compliance first); never-applicable items last, in checklist order. */
    for (uint32_t r = 1; r <= n; r++)
        for (size_t i = 0; i < n; i++)
            if (items[i].rank == r)
                order[used++] = i;
    for (size_t i = 0; i < n; i++)
        if (items[i].rank == 0)
            order[used++] = i;
    const CliColumn cols[] = {
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
        CLI_COL("item", NULL, CLI_COL_LABEL, 0),
        CLI_COL("section_id", "section", CLI_COL_LABEL, 0),
        CLI_COL("n", NULL, CLI_COL_COUNT, 0),
        CLI_COL("compliance", "comply%", CLI_COL_SHARE, 1),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 3),
        CLI_COL("points_lost", "lost", CLI_COL_NUMBER, 0),
        CLI_COL("cost_rank", "cost#", CLI_COL_COUNT, 0),
        CLI_DETAIL("text", CLI_COL_LABEL, 0),
        CLI_DETAIL("points", CLI_COL_NUMBER, 1),
        CLI_DETAIL("compliant", CLI_COL_COUNT, 0),
        CLI_DETAIL("not_applicable", CLI_COL_COUNT, 0),
        CLI_DETAIL("blank", CLI_COL_COUNT, 0),
        CLI_DETAIL("rejected", CLI_COL_COUNT, 0),
        CLI_DETAIL("critical_failures", CLI_COL_COUNT, 0),
        CLI_DETAIL("section_rank", CLI_COL_COUNT, 0),
        CLI_DETAIL("points_lost_share", CLI_COL_SHARE, 1),
    };
    cli_report_section(rep, "standards", "Standards (lowest compliance first)", cols,
                       G_N_ELEMENTS(cols));
    for (size_t k = 0; k < n; k++) {
        const size_t i = order[k];
        const CxAuditItem *it = &items[i];
        const gboolean ok = it->applicable > 0;
        cli_report_row(rep, (CliCell[]){
                                ok ? CLI_COUNT(it->rank) : CLI_NA,
                                CLI_TEXT(cx_checklist_item_id(c, i)),
                                CLI_TEXT(cx_checklist_section_id(c, it->section)),
                                CLI_COUNT(it->applicable), CLI_NUM(it->compliance),
                                CLI_IV(it->ci_lower, it->ci_upper), CLI_NUM(it->points_lost),
                                ok ? CLI_COUNT(it->cost_rank) : CLI_NA,
                                CLI_TEXT(cx_checklist_item_text(c, i)), CLI_NUM(it->points),
                                CLI_COUNT(it->compliant), CLI_COUNT(it->not_applicable),
                                CLI_COUNT(it->blank), CLI_COUNT(it->rejected),
                                CLI_COUNT(it->critical_failures),
                                ok ? CLI_COUNT(it->section_rank) : CLI_NA,
                                CLI_NUM(it->points_lost_share) });
    }
    cli_report_note(rep, "lost: points the item's failures cost over all visits; cost# ranks "
                         "them (1 = costs the most).");
    g_free(items);
    g_free(order);
}

static void
shoppers_section(CliReport *rep, const CxAudit *a, double level, const char *ci)
{
    const CliColumn cols[] = {
        CLI_COL("shopper", NULL, CLI_COL_LABEL, 0),
        CLI_COL("visits", NULL, CLI_COL_COUNT, 0),
        CLI_COL("locations", NULL, CLI_COL_COUNT, 0),
        CLI_COL("deviation", NULL, CLI_COL_NUMBER, 1),
        CLI_COL("ci", ci, CLI_COL_INTERVAL, 1),
        CLI_DETAIL("sd", CLI_COL_NUMBER, 2),
    };
    cli_report_section(rep, "shoppers", "Shoppers: mean deviation from the location means",
                       cols, G_N_ELEMENTS(cols));
    for (size_t k = 0; k < cx_audit_segment_count(a, CX_AUDIT_BY_SHOPPER); k++) {
        CxAuditShopper s = { .size = sizeof s };
        cli_created(cx_audit_shopper_result(a, k, level, &s));
        cli_report_row(rep, (CliCell[]){
                                CLI_TEXT(cx_audit_segment_name(a, CX_AUDIT_BY_SHOPPER, k)),
                                CLI_COUNT(s.visits), CLI_COUNT(s.locations), CLI_NUM(s.deviation),
                                CLI_IV(s.ci_lower, s.ci_upper), CLI_NUM(s.sd) });
    }
    cli_report_note(rep, "Over locations scored by two shoppers or more; positive = lenient.");

    CxTestResult t = { .size = sizeof t };
    const gboolean ok = cx_audit_shopper_test(a, &t) == CX_OK;
    const CliColumn tcols[] = {
        CLI_COL("test", NULL, CLI_COL_LABEL, 0), CLI_COL("f", "F", CLI_COL_NUMBER, 2),
        CLI_COL("df1", NULL, CLI_COL_NUMBER, 0), CLI_COL("df2", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("p", NULL, CLI_COL_P, 0),        CLI_COL("cells", NULL, CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "consistency", "Are shoppers consistent on the same locations?",
                       tcols, G_N_ELEMENTS(tcols));
    cli_report_row(rep, (CliCell[]){ CLI_TEXT("nested ANOVA, shoppers within locations"),
                                     ok ? CLI_NUM(t.statistic) : CLI_NA,
                                     ok ? CLI_NUM(t.df1) : CLI_NA, ok ? CLI_NUM(t.df2) : CLI_NA,
                                     ok ? CLI_NUM(t.p_value) : CLI_NA,
                                     CLI_COUNT(ok ? t.groups : 0) });
}

static void
rejected_sections(CliReport *rep, const CxAudit *a, const CxAuditResult *r, CxReader *reader)
{
    const uint64_t counts[] = { r->rejected_answer,        r->rejected_na_not_allowed,
                                r->rejected_critical_blank, r->rejected_no_applicable,
                                r->rejected_unknown_item,  r->rejected_date,
                                r->rejected_missing_segment };
    const CliColumn cols[] = {
        CLI_COL("reason", NULL, CLI_COL_LABEL, 0),
        CLI_COL("count", NULL, CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "rejected", "Rejected input, by reason", cols, G_N_ELEMENTS(cols));
    for (size_t k = 0; k < G_N_ELEMENTS(counts); k++)
        cli_report_row(rep, (CliCell[]){ CLI_TEXT(reason_names[k]), CLI_COUNT(counts[k]) });

    const size_t listed = cx_audit_reject_listed(a);
    const CliColumn lcols[] = {
        CLI_COL("line", NULL, CLI_COL_COUNT, 0),
        CLI_COL("column", NULL, CLI_COL_LABEL, 0),
        CLI_COL("reason", NULL, CLI_COL_LABEL, 0),
    };
    cli_report_section(rep, "rejects", "First rejects, by line", lcols, G_N_ELEMENTS(lcols));
    for (size_t k = 0; k < listed && k < SHOWN_REJECTS; k++) {
        uint64_t line;
        size_t column;
        int reason;
        cx_audit_reject(a, k, &line, &column, &reason);
        const char *name = column == (size_t)-1 ? NULL : cx_reader_column_name(reader, column);
        cli_report_row(rep, (CliCell[]){ CLI_COUNT(line), CLI_TEXT(name ? name : "(visit)"),
                                         CLI_TEXT(reason_names[reason]) });
    }
    if (listed > SHOWN_REJECTS)
        cli_report_note(rep, "%zu more listed; the counts above are complete.",
                        listed - SHOWN_REJECTS);
}

static GOptionContext *
audit_context(Options *o, CliReportOptions *ro)
{
    GOptionEntry entries[] = {
        { "checklist", 'k', 0, G_OPTION_ARG_FILENAME, &o->checklist,
          "The checklist key file (required)", "FILE" },
        { "period", 'p', 0, G_OPTION_ARG_STRING, &o->period,
          "day, week, month (default), quarter or year", "UNIT" },
        { "target", 0, 0, G_OPTION_ARG_STRING, &o->target_text,
          "Test each segment's mean score against this (0-100)", "SCORE" },
        { NULL },
    };
    GOptionContext *ctx =
        g_option_context_new("FILE - score mystery-shopping visits");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, ro, CLI_OPT_BY | CLI_OPT_LEVEL | CLI_OPT_FORMAT |
                                        CLI_OPT_BASELINE | CLI_OPT_MIN_N | CLI_OPT_SECTION);
    g_option_context_set_summary(
        ctx, "One row per visit: columns location, region, shopper, date and one per checklist\n"
             "item. Visit score = 100 x earned / applicable points (N/A leaves both); a failed\n"
             "critical item zeroes its section or the visit, as the checklist says. --by is\n"
             "location (default), region, shopper or period.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore audit visits.csv --checklist checklist.ini\n"
             "  cxscore audit visits.csv -k checklist.ini --by region --baseline region=north\n"
             "  cxscore audit visits.csv -k checklist.ini --by period --target 75 -f json\n\n"
             "Exit status: 0 success, 1 bad data (unreadable file or checklist, no visit\n"
             "scored, output not written), 2 bad usage.\n"
             "Rules and sources: " CLI_DOC_DIR "/audit.md.");
    return ctx;
}

/* The options after parsing: --checklist, --by, --period, --target; FALSE after a message. */
static gboolean
audit_check(Options *o, const CliReportOptions *ro, int *by, int *unit)
{
    if (!o->checklist) {
        cli_error(CMD, "--checklist FILE is required");
        return FALSE;
    }
    if (ro->by) {
        *by = -1;
        for (int b = 0; b < 4; b++)
            if (g_ascii_strcasecmp(ro->by, segment_names[b]) == 0)
                *by = b;
        if (*by < 0) {
            cli_error(CMD, "--by takes location, region, shopper or period, not '%s'", ro->by);
            return FALSE;
        }
    }
    if (o->period && (*unit = cli_period_unit(o->period)) < 0) {
        cli_error(CMD, "unknown --period '%s' (day, week, month, quarter or year)", o->period);
        return FALSE;
    }
    if (o->target_text) {
        char *end;
        o->target = g_ascii_strtod(o->target_text, &end);
        if (*end || !(o->target >= 0.0 && o->target <= 100.0)) {
            cli_error(CMD, "--target takes a score from 0 to 100, not '%s'", o->target_text);
            return FALSE;
        }
        o->has_target = TRUE;
    }
    return TRUE;
}

/* The report: settings, then the sections in their order. */
static int
audit_emit(const CxChecklist *checklist, const CxAudit *audit, CxReader *reader,
           const Options *o, const CliReportOptions *ro, int by, size_t base,
           const CxAuditResult *r, uint64_t malformed)
{
    const double level = ro->level;
    char *ci = cli_level_title(level);
    CliReport *rep = cli_report_new(CMD, ro->format, stdout);
    cli_report_only(rep, ro->section);
    cli_report_setting_text(rep, "checklist", cx_checklist_name(checklist));
    cli_report_setting_text(rep, "by", segment_names[by]);
    cli_report_setting_number(rep, "level", level);
    cli_report_setting_number(rep, "pass_mark", r->pass_mark);
    cli_report_setting_text(rep, "critical_rule",
                            cx_checklist_critical_rule(checklist) == CX_AUDIT_CRITICAL_VISIT
                                ? "visit"
                                : "section");
    cli_report_setting_text(rep, "baseline", ro->baseline);
    cli_report_setting_number(rep, "target", o->has_target ? o->target : CLI_NAN);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro->min_n);

    summary_section(rep, r, malformed, ci);
    league_section(rep, audit, by, level, o, ro->min_n, ci);
    if (ro->baseline)
        baseline_section(rep, audit, by, base, level, ro->baseline, ci);
    sections_section(rep, audit, level, ci);
    standards_section(rep, audit, level, ci);
    shoppers_section(rep, audit, level, ci);
    rejected_sections(rep, audit, r, reader);
    g_free(ci);
    return cli_report_finish(rep);
}

int
cmd_audit(int argc, char **argv)
{
    Options o = { 0 };
    CliReportOptions ro = { 0 };
    GOptionContext *ctx = audit_context(&o, &ro);
    int status = CLI_EXIT_USAGE;
    CxChecklist *checklist = NULL;
    CxAudit *audit = NULL;
    CxReader *reader = NULL;
    int by = CX_AUDIT_BY_LOCATION, unit = CX_PERIOD_MONTH;

    if (!cli_report_parse(CMD, ctx, &argc, &argv, &ro) || !audit_check(&o, &ro, &by, &unit))
        goto out;
    status = CLI_EXIT_DATA;
    cli_created(cx_checklist_new(&checklist));
    if (cx_checklist_load_file(checklist, o.checklist) != CX_OK) {
        cli_error(CMD, "%s: %s", o.checklist, cx_checklist_error_message(checklist));
        goto out;
    }
    cli_created(cx_audit_new(checklist, unit, &audit));
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    CliMalformed malformed = { .cmd = CMD };
    if (!read_visits(reader, audit, &malformed))
        goto out;
    cli_malformed_summary(&malformed);
    if (!cli_input_report_cells(CMD, reader)) /* --rejects FILE, the rows accounted for */
        goto out;
    size_t base = 0;
    if (ro.baseline && !baseline_index(audit, by, ro.baseline, &base))
        goto out;
    CxAuditResult r = { .size = sizeof r };
    cli_created(cx_audit_result(audit, ro.level, &r));
    status = audit_emit(checklist, audit, reader, &o, &ro, by, base, &r, malformed.count);
    if (status == CLI_EXIT_OK && r.scored == 0) {
        cli_error(CMD, "no visit could be scored (%" G_GUINT64_FORMAT " rows read)", r.visits);
        status = CLI_EXIT_DATA;
    }

out:
    cx_reader_free(reader);
    cx_audit_free(audit);
    cx_checklist_free(checklist);
    g_free(o.checklist);
    g_free(o.period);
    g_free(o.target_text);
    cli_report_options_clear(&ro);
    g_option_context_free(ctx);
    return status;
}
