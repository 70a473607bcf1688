/* SPDX-License-Identifier: MIT */
/* cxscore contacts: first-contact resolution, contacts per case, repeat contacts, channel
 * crossing and time to resolution of a contact log (one row per contact), overall, by segment
 * (a case-level column, taken from each case's first contact) and by first channel. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"

#define CMD "contacts"

typedef struct {
    char *case_col, *time_col, *seq_col, *channel_col, *resolved_col;
    gint64 max_segments;
} Options;

/* ---- segment labels: the --by cells of a contact in one byte string -----------------------------
 * Each value with its NUL bytes written as 00 02, values separated by 00 01: byte-wise order of
 * labels is the order of the value tuples, and the values can be read back. */

static void
label_append(GString *label, const char *text, size_t len, gboolean first)
{
    if (!first)
        g_string_append_len(label, "\0\1", 2);
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\0')
            g_string_append_len(label, "\0\2", 2);
        else
            g_string_append_c(label, text[i]);
    }
}

/* The label's values, valid UTF-8 (for tables and JSON); free with g_strfreev(). */
static char **
label_values(const char *label, size_t len, guint n_keys)
{
    char **values = g_new0(char *, n_keys + 1);
    GString *v = g_string_new(NULL);
    guint k = 0;
    for (size_t i = 0; i <= len && k < n_keys; i++) {
        if (i == len || (label[i] == '\0' && i + 1 < len && label[i + 1] == '\1')) {
            values[k++] = g_utf8_make_valid(v->str, (gssize)v->len);
            g_string_truncate(v, 0);
            i++;
        } else if (label[i] == '\0' && i + 1 < len) {
            g_string_append_c(v, '\0');
            i++;
        } else {
            g_string_append_c(v, label[i]);
        }
    }
    while (k < n_keys)
        values[k++] = g_strdup("");
    g_string_free(v, TRUE);
    return values;
}

/* ---- output ---------------------------------------------------------------------------------- */

/* A segment against its --baseline segment (same key but COL=VALUE): FCR and repeat-contact
 * rate by the pooled z test with Newcombe's interval. */
typedef struct {
    gboolean ok;
    CxProportionComparison fcr, repeat;
} Versus;

static Versus
versus(char ***values, const CxContactsResult *seg, size_t used, size_t n_keys, size_t i,
       size_t key_index, const char *baseline, double level)
{
    Versus v = { FALSE, { .size = sizeof v.fcr }, { .size = sizeof v.repeat } };
    if (!baseline)
        return v;
    const char *value = strchr(baseline, '=') + 1;
    for (size_t j = 0; j < used; j++) {
        gboolean same = j != i && strcmp(values[j][key_index], value) == 0;
        for (size_t k = 0; same && k < n_keys; k++)
            same = k == key_index || strcmp(values[j][k], values[i][k]) == 0;
        if (!same)
            continue;
        v.ok = cx_proportion_compare((double)seg[i].fcr_cases, (double)seg[i].cases,
                                     (double)seg[j].fcr_cases, (double)seg[j].cases, level,
                                     &v.fcr) == CX_OK &&
               cx_proportion_compare((double)seg[i].repeat_cases, (double)seg[i].cases,
                                     (double)seg[j].repeat_cases, (double)seg[j].cases, level,
                                     &v.repeat) == CX_OK;
        break;
    }
    return v;
}

/* The cells after the key of a row of the "contacts" section, in the order of its columns. */
static void
figures_cells(CliCell *c, const CxContactsResult *r, gboolean ok, gboolean min_n)
{
    *c++ = CLI_COUNT(r->cases);
    *c++ = ok ? CLI_NUM(r->contacts_mean) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->fcr) : CLI_NA;
    *c++ = ok ? CLI_IV(r->fcr_ci_lower, r->fcr_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->repeat_rate) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->cross_channel) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->resolution_rate) : CLI_NA;
    *c++ = CLI_COUNT(r->contacts);
    *c++ = CLI_COUNT(r->fcr_cases);
    *c++ = CLI_COUNT(r->fcr_reopened);
    *c++ = CLI_COUNT(r->resolved_cases);
    *c++ = ok ? CLI_IV(r->resolution_rate_ci_lower, r->resolution_rate_ci_upper) : CLI_NA;
    *c++ = CLI_COUNT(r->cases_reopened);
    *c++ = CLI_COUNT(r->cases_resolved_twice);
    *c++ = CLI_COUNT(r->cases_outcome_unknown);
    *c++ = CLI_COUNT(r->repeat_cases);
    *c++ = ok ? CLI_IV(r->repeat_rate_ci_lower, r->repeat_rate_ci_upper) : CLI_NA;
    *c++ = CLI_COUNT(r->cross_channel_cases);
    *c++ = ok ? CLI_IV(r->cross_channel_ci_lower, r->cross_channel_ci_upper) : CLI_NA;
    *c++ = ok ? CLI_NUM(r->contacts_sd) : CLI_NA;
    *c++ = CLI_COUNT(r->max_contacts);
    for (int i = 0; i < 5; i++)
        *c++ = CLI_COUNT(r->contacts_per_case[i]);
    *c++ = CLI_COUNT(r->flag_unknown);
    *c++ = CLI_COUNT(r->flag_invalid);
    *c++ = CLI_COUNT(r->channel_missing);
    if (min_n)
        *c = CLI_TEXT(r->cases && !ok ? "small base" : NULL);
}

static const CliColumn figures_columns[] = {
    CLI_COL("cases", NULL, CLI_COL_COUNT, 0),
    CLI_COL("contacts_mean", "c/case", CLI_COL_NUMBER, 2),
    CLI_COL("fcr", "FCR %", CLI_COL_SHARE, 1),
    CLI_DETAIL("fcr_ci", CLI_COL_INTERVAL, 3),
    CLI_COL("repeat_rate", "repeat %", CLI_COL_SHARE, 1),
    CLI_COL("cross_channel", "cross %", CLI_COL_SHARE, 1),
    CLI_COL("resolution_rate", "res. %", CLI_COL_SHARE, 1),
    CLI_DETAIL("contacts", CLI_COL_COUNT, 0),
    CLI_DETAIL("fcr_cases", CLI_COL_COUNT, 0),
    CLI_DETAIL("fcr_reopened", CLI_COL_COUNT, 0),
    CLI_DETAIL("resolved_cases", CLI_COL_COUNT, 0),
    CLI_DETAIL("resolution_rate_ci", CLI_COL_INTERVAL, 3),
    CLI_DETAIL("reopened", CLI_COL_COUNT, 0),
    CLI_DETAIL("resolved_twice", CLI_COL_COUNT, 0),
    CLI_DETAIL("outcome_unknown", CLI_COL_COUNT, 0),
    CLI_DETAIL("repeat_cases", CLI_COL_COUNT, 0),
    CLI_DETAIL("repeat_rate_ci", CLI_COL_INTERVAL, 3),
    CLI_DETAIL("cross_channel_cases", CLI_COL_COUNT, 0),
    CLI_DETAIL("cross_channel_ci", CLI_COL_INTERVAL, 3),
    CLI_DETAIL("contacts_sd", CLI_COL_NUMBER, 2),
    CLI_DETAIL("contacts_max", CLI_COL_COUNT, 0),
    CLI_DETAIL("contacts_1", CLI_COL_COUNT, 0),
    CLI_DETAIL("contacts_2", CLI_COL_COUNT, 0),
    CLI_DETAIL("contacts_3", CLI_COL_COUNT, 0),
    CLI_DETAIL("contacts_4", CLI_COL_COUNT, 0),
    CLI_DETAIL("contacts_5_plus", CLI_COL_COUNT, 0),
    CLI_DETAIL("flag_blank", CLI_COL_COUNT, 0),
    CLI_DETAIL("flag_unreadable", CLI_COL_COUNT, 0),
    CLI_DETAIL("channel_blank", CLI_COL_COUNT, 0),
    CLI_COL("small_base", "note", CLI_COL_LABEL, 0),
};

/* The "channels" section: the cases by the channel of their first contact. */
static void
channels_section(CliReport *rep, const CxContacts *acc, double level)
{
    const CliColumn cols[] = {
        CLI_COL("channel", "1st channel", CLI_COL_LABEL, 0),
        CLI_COL("contacts", NULL, CLI_COL_COUNT, 0),
        CLI_COL("cases", NULL, CLI_COL_COUNT, 0),
        CLI_COL("fcr", "FCR %", CLI_COL_SHARE, 1),
        CLI_DETAIL("fcr_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("repeat_rate", "repeat %", CLI_COL_SHARE, 1),
        CLI_COL("cross_channel", "cross %", CLI_COL_SHARE, 1),
        CLI_COL("resolved_here", "res. here", CLI_COL_COUNT, 0),
        CLI_DETAIL("fcr_cases", CLI_COL_COUNT, 0),
        CLI_DETAIL("repeat_cases", CLI_COL_COUNT, 0),
        CLI_DETAIL("cross_channel_cases", CLI_COL_COUNT, 0),
        CLI_DETAIL("resolved_cases", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "channels", "By first channel", cols, G_N_ELEMENTS(cols));
    for (size_t i = 0; i < cx_contacts_channel_count(acc); i++) {
        CxContactsChannelResult ch = { .size = sizeof ch };
        cx_contacts_channel(acc, i, level, &ch);
        size_t len;
        const char *name = cx_contacts_channel_name(acc, i, &len);
        char *valid = g_utf8_make_valid(name, (gssize)len);
        double n = (double)ch.cases;
        cli_report_row(rep, (CliCell[]){
            CLI_TEXT(valid), CLI_COUNT(ch.contacts), CLI_COUNT(ch.cases),
            ch.cases ? CLI_NUM(ch.fcr) : CLI_NA,
            ch.cases ? CLI_IV(ch.fcr_ci_lower, ch.fcr_ci_upper) : CLI_NA,
            ch.cases ? CLI_NUM((double)ch.repeat_cases / n) : CLI_NA,
            ch.cases ? CLI_NUM((double)ch.crossed_cases / n) : CLI_NA,
            CLI_COUNT(ch.resolved_here), CLI_COUNT(ch.fcr_cases), CLI_COUNT(ch.repeat_cases),
            CLI_COUNT(ch.crossed_cases), CLI_COUNT(ch.resolved_cases) });
        g_free(valid);
    }
    cli_report_note(rep, "The cases that started in the channel; res. here: resolved in it.");
}

/* Does FCR differ between segments? Pearson's chi-square on segments x (FCR, not FCR), its
 * p-value only where every expected count is at least 5. */
static void
consistency_section(CliReport *rep, const CxContactsResult *seg, size_t used)
{
    uint64_t *table = g_new(uint64_t, 2 * used);
    for (size_t i = 0; i < used; i++) {
        table[2 * i] = seg[i].fcr_cases;
        table[2 * i + 1] = seg[i].cases - seg[i].fcr_cases;
    }
    CxTestResult chi = { .size = sizeof chi };
    gboolean tested = cx_chi_square_independence(table, used, 2, &chi) == CX_OK;
    double min_expected = cli_chi_min_expected(table, used, 2);
    g_free(table);
    gboolean valid = tested && min_expected >= 5.0;
    const CliColumn cols[] = {
        CLI_COL("chi_square", "chi-square", CLI_COL_NUMBER, 2),
        CLI_COL("df", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("p", NULL, CLI_COL_P, 0),
        CLI_COL("min_expected", "min expected", CLI_COL_NUMBER, 1),
    };
    cli_report_section(rep, "consistency", "Segments differ? (FCR)", cols, G_N_ELEMENTS(cols));
    cli_report_row(rep, (CliCell[]){ tested ? CLI_NUM(chi.statistic) : CLI_NA,
                                     tested ? CLI_NUM(chi.df1) : CLI_NA,
                                     valid ? CLI_NUM(chi.p_value) : CLI_NA,
                                     CLI_NUM(min_expected) });
    if (tested && !valid)
        cli_report_note(rep, "No p-value: an expected count is below 5, where the chi-square");
    if (tested && !valid)
        cli_report_note(rep, "test is not valid.");
}

/* Warnings for the first 10 contacts that are not scored or have an unreadable flag; the
 * counts in the output cover them all. */
typedef struct {
    uint64_t count;
} Warnings;

static void
warn(Warnings *w, CxReader *reader, const char *what, const char *text)
{
    if (w->count++ < 10) {
        char *valid = g_utf8_make_valid(text ? text : "", -1);
        cli_error(CMD, "warning: line %llu: %s%s%s%s", (unsigned long long)cx_reader_line(reader),
                  what, text ? " '" : "", valid, text ? "'" : "");
        g_free(valid);
    } else if (w->count == 11) {
        cli_error(CMD, "warning: more contacts not scored or with unreadable flags: see the "
                       "counts");
    }
}

int
cmd_contacts(int argc, char **argv)
{
    Options o = { .max_segments = 1000000 };
    CliReportOptions ro = { 0 };
    GOptionEntry entries[] = {
        { "case", 0, 0, G_OPTION_ARG_FILENAME, &o.case_col, "Case id column (default case_id)",
          "COL" },
        { "time", 0, 0, G_OPTION_ARG_FILENAME, &o.time_col,
          "Contact time column (default contact_time)", "COL" },
        { "sequence", 0, 0, G_OPTION_ARG_FILENAME, &o.seq_col,
          "Or a column of contact numbers (no durations)", "COL" },
        { "channel", 0, 0, G_OPTION_ARG_FILENAME, &o.channel_col,
          "Channel column (default channel)", "COL" },
        { "resolved", 0, 0, G_OPTION_ARG_FILENAME, &o.resolved_col,
          "Resolved-here column, yes/no (default resolved)", "COL" },
        { "max-segments", 0, 0, G_OPTION_ARG_INT64, &o.max_segments,
          "Stop beyond N segments (default 1000000; 0: none)", "N" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - first-contact resolution of a contact log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &ro, CLI_OPT_BY | CLI_OPT_LEVEL | CLI_OPT_FORMAT |
                                         CLI_OPT_BASELINE | CLI_OPT_MIN_N | CLI_OPT_SECTION);
    g_option_context_set_summary(
        ctx, "One row per contact: case id, time (or sequence), channel, resolved flag.\n"
             "FCR = cases resolved by their only contact / all cases; repeat = cases with 2+\n"
             "contacts; cross = cases that used 2+ channels; time from the first contact to\n"
             "the first contact flagged resolved. Shares with Wilson intervals.");
    g_option_context_set_description(
        ctx, "Examples:\n  cxscore contacts contacts.csv --by issue\n"
             "  cxscore contacts log.csv --sequence contact_no --format json\n\n"
             "Times: 2026-03-04T10:15:00, 2026-03-04 10:15:00, with Z or +01:00 if known;\n"
             "a time without a zone is read as UTC (never the local zone). Without --time or\n"
             "--sequence, contact_time is used if present, else the order of the rows.\n"
             "Contacts without a case id or a readable time are not scored and are counted.\n"
             "--by: a case's segment is its first contact's values; --min-n counts cases.\n"
             CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");

    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    CxContacts *acc = NULL;
    GArray *by_cols = g_array_new(FALSE, FALSE, sizeof(size_t));
    GString *label = g_string_new(NULL);
    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (o.time_col && o.seq_col) {
        cli_error(CMD, "--time and --sequence exclude each other");
        goto out;
    }
    if (!cli_report_options_check(CMD, &ro))
        goto out;
    if (o.max_segments < 0) {
        cli_error(CMD, "--max-segments takes a count, 0 for no limit (got %lld)",
                  (long long)o.max_segments);
        goto out;
    }
    const double level = ro.level;

    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    size_t case_col, channel_col, resolved_col, order_col = 0;
    if (!cli_column(CMD, reader, o.case_col ? o.case_col : "case_id", &case_col) ||
        !cli_column(CMD, reader, o.channel_col ? o.channel_col : "channel", &channel_col) ||
        !cli_column(CMD, reader, o.resolved_col ? o.resolved_col : "resolved", &resolved_col))
        goto out;
    /* The order: --time, --sequence, a contact_time column, or the rows' order. */
    const char *order_name = o.time_col ? o.time_col : o.seq_col;
    gboolean by_time = !o.seq_col;
    if (!order_name && cx_reader_column_index(reader, "contact_time", &order_col) == CX_OK)
        order_name = "contact_time";
    if (order_name && !cli_column(CMD, reader, order_name, &order_col))
        goto out;
    const char *order_kind = !order_name ? "file" : by_time ? "time" : "sequence";
    if (!order_name)
        by_time = FALSE;
    if (ro.by && !cli_columns(CMD, reader, ro.by, by_cols))
        goto out;
    size_t baseline_key = 0;
    if (ro.baseline &&
        (status = cli_baseline_key(CMD, ro.baseline, reader, by_cols, &baseline_key)))
        goto out;
    status = CLI_EXIT_DATA;
    cli_created(
        cx_contacts_new(by_time ? CX_CONTACTS_ORDER_TIME : CX_CONTACTS_ORDER_SEQUENCE, &acc));

    CliMalformed malformed = { .cmd = CMD };
    Warnings warnings = { 0 };
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *id, *channel, *flag, *when = "";
        size_t id_len, channel_len, flag_len, when_len = 0;
        cx_reader_field(reader, case_col, &id, &id_len);
        cx_reader_field(reader, channel_col, &channel, &channel_len);
        cx_reader_field(reader, resolved_col, &flag, &flag_len);
        double order = (double)cx_reader_row_count(reader); /* file order */
        if (order_name) {
            cx_reader_field(reader, order_col, &when, &when_len);
            int kind = by_time ? cx_cell_parse_time(when, when_len, &order)
                               : cx_cell_parse_number(when, when_len, &order);
            if (kind != CX_CELL_NUMBER)
                order = kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
        }
        int resolved = cx_contacts_parse_resolved(flag, flag_len);
        if (id_len == 0)
            warn(&warnings, reader, "no case id, contact not scored", NULL);
        else if (isnan(order))
            warn(&warnings, reader, by_time ? "no time, contact not scored"
                                            : "no number, contact not scored",
                 NULL);
        else if (isinf(order))
            warn(&warnings, reader, by_time ? "contact not scored, unreadable time"
                                            : "contact not scored, unreadable number",
                 when);
        else if (resolved == CX_RESOLVED_INVALID)
            warn(&warnings, reader, "resolved flag taken as unknown, unreadable", flag);
        g_string_truncate(label, 0);
        for (guint k = 0; k < by_cols->len; k++) {
            const char *v;
            size_t v_len;
            cx_reader_field(reader, g_array_index(by_cols, size_t, k), &v, &v_len);
            label_append(label, v, v_len, k == 0);
        }
        int added = cx_contacts_add_segmented(acc, id, id_len, order, channel, channel_len,
                                              resolved, label->str, label->len);
        if (added != CX_OK) { /* more than 2^32 - 2 channels or labels: not a row to drop */
            cli_error(CMD, "line %llu: could not add the contact: %s",
                      (unsigned long long)cx_reader_line(reader), cx_strerror(added));
            goto out;
        }
        if (by_cols->len && o.max_segments > 0 &&
            cx_contacts_segment_count(acc) > (size_t)o.max_segments) {
            cli_error(CMD, "the --by columns have more than %lld distinct values (segments); "
                           "raise --max-segments if the memory allows",
                      (long long)o.max_segments);
            goto out;
        }
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    if (!cli_input_report_cells(CMD, reader)) /* --rejects FILE, the rows accounted for */
        goto out;

    CxContactsResult all = { .size = sizeof all };
    int overall_status = cx_contacts_result(acc, level, &all);
    /* Segments: the labels that are some case's segment, in byte order (= value order). */
    size_t n_seg = by_cols->len ? cx_contacts_segment_count(acc) : 0, used = 0;
    CxContactsResult *seg = g_new0(CxContactsResult, n_seg + 1);
    char ***seg_values = g_new0(char **, n_seg + 1);
    for (size_t i = 0; i < n_seg; i++) {
        seg[used].size = sizeof seg[used];
        if (cx_contacts_segment(acc, i, level, &seg[used]) != CX_OK)
            continue;
        size_t len;
        const char *name = cx_contacts_segment_name(acc, i, &len);
        seg_values[used++] = label_values(name, len, by_cols->len);
    }
    /* --baseline VALUE must be some case's segment value: else every comparison is a dash. */
    if (ro.baseline) {
        CliGroup *keys = g_new0(CliGroup, used + 1), **key_ptrs = g_new0(CliGroup *, used + 1);
        for (size_t i = 0; i < used; i++) {
            keys[i].values = seg_values[i];
            key_ptrs[i] = &keys[i];
        }
        status = cli_baseline_check(CMD, ro.baseline, baseline_key, key_ptrs, used, "case");
        g_free(key_ptrs);
        g_free(keys);
        if (status) {
            for (size_t i = 0; i < used; i++)
                g_strfreev(seg_values[i]);
            g_free(seg_values);
            g_free(seg);
            goto out;
        }
        status = CLI_EXIT_DATA;
    }
    CliReport *rep = cli_report_new(CMD, ro.format, stdout);
    cli_report_only(rep, ro.section);
    cli_report_setting_text(rep, "case_column", cx_reader_column_name(reader, case_col));
    cli_report_setting_text(rep, "order", order_kind);
    cli_report_setting_text(rep, "order_column", order_name);
    cli_report_setting_text(rep, "channel_column", cx_reader_column_name(reader, channel_col));
    cli_report_setting_text(rep, "resolved_column",
                            cx_reader_column_name(reader, resolved_col));
    cli_report_setting_number(rep, "level", level);
    cli_report_setting_text(rep, "baseline", ro.baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro.min_n);

    gboolean *ok = g_new0(gboolean, used + 1);
    for (size_t i = 0; i < used; i++)
        ok[i] = seg[i].cases > 0 && seg[i].cases >= (uint64_t)ro.min_n;
    ok[used] = overall_status == CX_OK;
    CliColumn *cols = cli_key_columns(reader, by_cols, G_N_ELEMENTS(figures_columns));
    size_t nk = MAX(by_cols->len, 1), nc = nk;
    for (size_t j = 0; j < G_N_ELEMENTS(figures_columns) - (ro.min_n > 0 ? 0 : 1); j++)
        cols[nc++] = figures_columns[j];
    char *title = g_strdup_printf("Contact log: %llu cases, %llu contacts; order: %s%s",
                                  (unsigned long long)all.cases,
                                  (unsigned long long)all.contacts,
                                  order_name ? order_name : "the rows'",
                                  by_time ? " (no zone = UTC)" : "");
    cli_report_section(rep, "contacts", title, cols, nc);
    g_free(title);
    CliCell *cells = g_new0(CliCell, nc);
    for (size_t i = 0; i <= used; i++) {
        cli_key_cells(cells, by_cols->len, i < used ? seg_values[i] : NULL);
        figures_cells(cells + nk, i < used ? &seg[i] : &all, ok[i], ro.min_n > 0);
        cli_report_row(rep, cells);
    }
    cli_report_note(rep, "FCR: the case's only contact resolved it (Wilson intervals in CSV, "
                         "JSON).");
    if (ro.min_n > 0)
        cli_report_note(rep, "Segments with fewer cases than --min-n have no estimates.");
    if (by_time) {
        const CliColumn tc[] = {
            CLI_COL("resolved", NULL, CLI_COL_COUNT, 0),
            CLI_COL("median_hours", "median", CLI_COL_NUMBER, 1),
            CLI_COL("p90_hours", "p90", CLI_COL_NUMBER, 1),
            CLI_COL("mean_hours", "mean", CLI_COL_NUMBER, 1),
        };
        nc = nk;
        for (size_t j = 0; j < G_N_ELEMENTS(tc); j++)
            cols[nc++] = tc[j];
        cli_report_section(rep, "time_to_resolution", "Hours to resolution", cols, nc);
        for (size_t i = 0; i <= used; i++) {
            const CxContactsResult *r = i < used ? &seg[i] : &all;
            cli_key_cells(cells, by_cols->len, i < used ? seg_values[i] : NULL);
            cells[nk] = CLI_COUNT(r->resolution_times);
            cells[nk + 1] = ok[i] ? CLI_NUM(r->time_to_resolution_median / 3600.0) : CLI_NA;
            cells[nk + 2] = ok[i] ? CLI_NUM(r->time_to_resolution_p90 / 3600.0) : CLI_NA;
            cells[nk + 3] = ok[i] ? CLI_NUM(r->time_to_resolution_mean / 3600.0) : CLI_NA;
            cli_report_row(rep, cells);
        }
        cli_report_note(rep, "From the first contact to the first flagged resolved.");
    }
    channels_section(rep, acc, level);
    const CliColumn uc[] = {
        CLI_COL("rejected", NULL, CLI_COL_COUNT, 0),
        CLI_COL("no_case_id", "no case", CLI_COL_COUNT, 0),
        CLI_COL("order_missing", by_time ? "no time" : "no number", CLI_COL_COUNT, 0),
        CLI_COL("order_unreadable", by_time ? "bad time" : "bad number", CLI_COL_COUNT, 0),
        CLI_COL("flag_blank", "no flag", CLI_COL_COUNT, 0),
        CLI_COL("flag_unreadable", "flag bad", CLI_COL_COUNT, 0),
        CLI_COL("channel_blank", "no channel", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Contacts not scored, flags not read", uc,
                       G_N_ELEMENTS(uc));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(all.rejected), CLI_COUNT(all.rejected_no_case),
                                     CLI_COUNT(all.rejected_order_missing),
                                     CLI_COUNT(all.rejected_order_invalid),
                                     CLI_COUNT(all.flag_unknown), CLI_COUNT(all.flag_invalid),
                                     CLI_COUNT(all.channel_missing),
                                     CLI_COUNT(malformed.count) });
    size_t n_ok = 0;
    CxContactsResult *tested = g_new0(CxContactsResult, used + 1);
    for (size_t i = 0; i < used; i++)
        if (ok[i])
            tested[n_ok++] = seg[i];
    if (n_ok >= 2)
        consistency_section(rep, tested, n_ok);
    g_free(tested);
    if (ro.baseline) {
        char *ci = cli_level_title(level);
        const CliColumn vc[] = {
            CLI_COL("fcr_diff", "FCR", CLI_COL_NUMBER, 3),
            CLI_COL("fcr_p", "p", CLI_COL_P, 0),
            CLI_COL("fcr_ci", ci, CLI_COL_INTERVAL, 3),
            CLI_COL("repeat_diff", "repeat", CLI_COL_NUMBER, 3),
            CLI_COL("repeat_p", "p", CLI_COL_P, 0),
            CLI_DETAIL("repeat_ci", CLI_COL_INTERVAL, 3),
            CLI_DETAIL("fcr_z", CLI_COL_NUMBER, 2),
            CLI_DETAIL("repeat_z", CLI_COL_NUMBER, 2),
        };
        nc = nk;
        for (size_t j = 0; j < G_N_ELEMENTS(vc); j++)
            cols[nc++] = vc[j];
        char *vtitle = g_strdup_printf("Against %s (segment minus baseline)", ro.baseline);
        cli_report_section(rep, "baseline", vtitle, cols, nc);
        g_free(vtitle);
        for (size_t i = 0; i < used; i++) {
            Versus v = versus(seg_values, seg, used, by_cols->len, i, baseline_key,
                              ro.baseline, level);
            for (size_t j = 0; v.ok && j < used; j++) /* no comparison with a small base */
                if (!ok[j] && j != i &&
                    strcmp(seg_values[j][baseline_key], strchr(ro.baseline, '=') + 1) == 0)
                    v.ok = FALSE;
            v.ok = v.ok && ok[i];
            cli_key_cells(cells, by_cols->len, seg_values[i]);
            const CliCell x[] = { CLI_NUM(v.fcr.diff), CLI_NUM(v.fcr.p_value),
                                  CLI_IV(v.fcr.ci_lower, v.fcr.ci_upper),
                                  CLI_NUM(v.repeat.diff), CLI_NUM(v.repeat.p_value),
                                  CLI_IV(v.repeat.ci_lower, v.repeat.ci_upper),
                                  CLI_NUM(v.fcr.z), CLI_NUM(v.repeat.z) };
            for (size_t j = 0; j < G_N_ELEMENTS(x); j++)
                cells[nk + j] = v.ok ? x[j] : CLI_NA;
            cli_report_row(rep, cells);
        }
        cli_report_note(rep, "Differences of proportions: pooled z test, Newcombe's interval.");
        g_free(ci);
    }
    g_free(cells);
    g_free(cols);
    g_free(ok);
    status = cli_report_finish(rep);
    for (size_t i = 0; i < used; i++)
        g_strfreev(seg_values[i]);
    g_free(seg_values);
    g_free(seg);
    if (status == CLI_EXIT_OK && overall_status != CX_OK) {
        cli_error(CMD, "no case with a usable contact");
        status = CLI_EXIT_DATA;
    }
out:
    cx_contacts_free(acc);
    cx_reader_free(reader);
    g_array_free(by_cols, TRUE);
    g_string_free(label, TRUE);
    g_free(o.case_col);
    g_free(o.time_col);
    g_free(o.seq_col);
    g_free(o.channel_col);
    g_free(o.resolved_col);
    cli_report_options_clear(&ro);
    g_option_context_free(ctx);
    return status;
}
