/* SPDX-License-Identifier: MIT */
/* cxscore contacts: first-contact resolution, contacts per case, repeat contacts, channel
 * crossing and time to resolution of a contact log (one row per contact), overall, by segment
 * (a case-level column, taken from each case's first contact) and by first channel; with the
 * optional columns, waits (service level, ASA, abandonment), self-service and hand-offs. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"
#include "cli-rows.h"

#define CMD "contacts"

typedef struct {
    char *case_col, *time_col, *seq_col, *channel_col, *resolved_col;
    char *wait_col, *abandoned_col, *agent_col, *transferred_col, *self_service, *every;
    double service_level, short_abandon;
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
    CxProportionComparison fcr, repeat, containment, transfer;
} Versus;

static Versus
versus(char ***values, const CxContactsResult *seg, size_t used, size_t n_keys, size_t i,
       size_t key_index, const char *baseline, double level)
{
    Versus v = { FALSE, { .size = sizeof v.fcr }, { .size = sizeof v.repeat },
                 { .size = sizeof v.containment }, { .size = sizeof v.transfer } };
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
        /* 0.2: undefined (dashes) where a side has no self-service case. */
        if (cx_proportion_compare((double)seg[i].contained_cases,
                                  (double)seg[i].self_service_cases,
                                  (double)seg[j].contained_cases,
                                  (double)seg[j].self_service_cases, level,
                                  &v.containment) != CX_OK)
            v.containment.diff = v.containment.p_value = v.containment.ci_lower =
                v.containment.ci_upper = CLI_NAN;
        if (cx_proportion_compare((double)seg[i].transfer_cases, (double)seg[i].cases,
                                  (double)seg[j].transfer_cases, (double)seg[j].cases, level,
                                  &v.transfer) != CX_OK)
            v.transfer.diff = v.transfer.p_value = v.transfer.ci_lower = v.transfer.ci_upper =
                CLI_NAN;
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
    *c++ = CLI_COUNT(r->cases_excluded);
    *c++ = CLI_COUNT(r->contacts_excluded);
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
    CLI_DETAIL("cases_excluded", CLI_COL_COUNT, 0),
    CLI_DETAIL("contacts_excluded", CLI_COL_COUNT, 0),
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
        CLI_DETAIL("repeat_rate_ci", CLI_COL_INTERVAL, 3),
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
        double n = (double)ch.cases, rlo = CLI_NAN, rhi = CLI_NAN;
        /* The repeat rate's Wilson interval, as the overall one (the report's contact chart
         * draws it). */
        gboolean rok = ch.cases &&
                       cx_wilson_interval((double)ch.repeat_cases, n, level, &rlo, &rhi) == CX_OK;
        cli_report_row(rep, (CliCell[]){
            CLI_TEXT(valid), CLI_COUNT(ch.contacts), CLI_COUNT(ch.cases),
            ch.cases ? CLI_NUM(ch.fcr) : CLI_NA,
            ch.cases ? CLI_IV(ch.fcr_ci_lower, ch.fcr_ci_upper) : CLI_NA,
            ch.cases ? CLI_NUM((double)ch.repeat_cases / n) : CLI_NA,
            rok ? CLI_IV(rlo, rhi) : CLI_NA,
            ch.cases ? CLI_NUM((double)ch.crossed_cases / n) : CLI_NA,
            CLI_COUNT(ch.resolved_here), CLI_COUNT(ch.fcr_cases), CLI_COUNT(ch.repeat_cases),
            CLI_COUNT(ch.crossed_cases), CLI_COUNT(ch.resolved_cases) });
        g_free(valid);
    }
    cli_report_note(rep, "The cases that started in the channel; res. here: resolved in it.");
}

/* ---- 0.2: waits, self-service, hand-offs ------------------------------------------------------ */

static const CliColumn wait_columns[] = {
    CLI_COL("group", NULL, CLI_COL_LABEL, 0),
    CLI_COL("value", NULL, CLI_COL_LABEL, 0),
    CLI_COL("answered", NULL, CLI_COL_COUNT, 0),
    CLI_COL("abandoned", "aband.", CLI_COL_COUNT, 0),
    CLI_COL("service_level", "SL %", CLI_COL_SHARE, 1),
    CLI_DETAIL("service_level_ci", CLI_COL_INTERVAL, 3),
    CLI_COL("abandonment_rate", "aband. %", CLI_COL_SHARE, 1),
    CLI_DETAIL("abandonment_rate_ci", CLI_COL_INTERVAL, 3),
    CLI_COL("asa_seconds", "ASA s", CLI_COL_NUMBER, 1),
    CLI_DETAIL("asa_ci", CLI_COL_INTERVAL, 2),
    CLI_COL("p50_seconds", "p50 s", CLI_COL_NUMBER, 1),
    CLI_COL("p90_seconds", "p90 s", CLI_COL_NUMBER, 1),
    CLI_DETAIL("answered_within", CLI_COL_COUNT, 0),
    CLI_DETAIL("short_abandoned", CLI_COL_COUNT, 0),
    CLI_DETAIL("wait_sd", CLI_COL_NUMBER, 2),
    CLI_DETAIL("wait_max", CLI_COL_NUMBER, 1),
    CLI_DETAIL("wait_blank", CLI_COL_COUNT, 0),
    CLI_DETAIL("wait_negative", CLI_COL_COUNT, 0),
    CLI_DETAIL("wait_unreadable", CLI_COL_COUNT, 0),
    CLI_DETAIL("abandoned_blank", CLI_COL_COUNT, 0),
    CLI_DETAIL("abandoned_unreadable", CLI_COL_COUNT, 0),
};

static void
wait_row(CliReport *rep, const CxContacts *acc, int group, size_t index, const char *kind,
         const char *value, const Options *o, double level)
{
    CxContactsWaits w = { .size = sizeof w };
    int st = cx_contacts_waits(acc, group, index, o->service_level, o->short_abandon, level, &w);
    gboolean ok = st == CX_OK;
    cli_report_row(rep, (CliCell[]){
        CLI_TEXT(kind), CLI_TEXT(value), CLI_COUNT(w.answered), CLI_COUNT(w.abandoned),
        ok ? CLI_NUM(w.service_level) : CLI_NA,
        ok ? CLI_IV(w.service_level_ci_lower, w.service_level_ci_upper) : CLI_NA,
        ok ? CLI_NUM(w.abandonment_rate) : CLI_NA,
        ok ? CLI_IV(w.abandonment_rate_ci_lower, w.abandonment_rate_ci_upper) : CLI_NA,
        ok ? CLI_NUM(w.asa) : CLI_NA, ok ? CLI_IV(w.asa_ci_lower, w.asa_ci_upper) : CLI_NA,
        ok ? CLI_NUM(w.wait_median) : CLI_NA, ok ? CLI_NUM(w.wait_p90) : CLI_NA,
        CLI_COUNT(w.answered_within), CLI_COUNT(w.short_abandoned),
        ok ? CLI_NUM(w.wait_sd) : CLI_NA, ok ? CLI_NUM(w.wait_max) : CLI_NA,
        CLI_COUNT(w.wait_missing), CLI_COUNT(w.wait_negative), CLI_COUNT(w.wait_invalid),
        CLI_COUNT(w.abandoned_unknown), CLI_COUNT(w.abandoned_invalid) });
}

/* A name of the accumulator (channel or segment label) as text for the report. */
static char *
name_text(const char *name, size_t len, guint n_keys)
{
    if (n_keys == 0)
        return g_utf8_make_valid(name, (gssize)len);
    char **values = label_values(name, len, n_keys);
    char *joined = g_strjoinv(", ", values);
    g_strfreev(values);
    return joined;
}

/* The "waits" section: every contact, by channel, by --by label (the contact's own), and by
 * --every period (the segments of @periods, labelled by the period of each contact's time). */
static void
waits_section(CliReport *rep, const CxContacts *acc, const CxContacts *periods,
              const Options *o, guint n_keys, double level)
{
    char *title = g_strdup_printf("Waits: service level within %g s, short abandons within %g s",
                                  o->service_level, o->short_abandon);
    cli_report_section(rep, "waits", title, wait_columns, G_N_ELEMENTS(wait_columns));
    g_free(title);
    wait_row(rep, acc, CX_CONTACTS_ALL, 0, "all", NULL, o, level);
    for (size_t i = 0; i < cx_contacts_channel_count(acc); i++) {
        size_t len;
        const char *name = cx_contacts_channel_name(acc, i, &len);
        char *text = name_text(name, len, 0);
        wait_row(rep, acc, CX_CONTACTS_CHANNEL, i, "channel", text, o, level);
        g_free(text);
    }
    for (size_t i = 0; n_keys && i < cx_contacts_segment_count(acc); i++) {
        size_t len;
        const char *name = cx_contacts_segment_name(acc, i, &len);
        char *text = name_text(name, len, n_keys);
        wait_row(rep, acc, CX_CONTACTS_SEGMENT, i, "segment", text, o, level);
        g_free(text);
    }
    for (size_t i = 0; periods && i < cx_contacts_segment_count(periods); i++) {
        size_t len;
        const char *name = cx_contacts_segment_name(periods, i, &len);
        char *text = name_text(name, len, 0);
        wait_row(rep, periods, CX_CONTACTS_SEGMENT, i, "period", text, o, level);
        g_free(text);
    }
    cli_report_note(rep, "SL = answered within T / (answered + abandoned after the short-abandon");
    cli_report_note(rep, "threshold); ASA and percentiles over answered contacts. By segment: the");
    cli_report_note(rep, periods ? "contact's own --by value; by period: the period of its time."
                                 : "contact's own --by value.");
}

/* The "self_service" section: overall and by the channel of the first self-service contact. */
static void
self_service_section(CliReport *rep, const CxContacts *acc, const CxContactsResult *all,
                     double level)
{
    const CliColumn cols[] = {
        CLI_COL("channel", NULL, CLI_COL_LABEL, 0),
        CLI_COL("self_service_cases", "ss cases", CLI_COL_COUNT, 0),
        CLI_COL("contained", NULL, CLI_COL_COUNT, 0),
        CLI_COL("containment", "contain. %", CLI_COL_SHARE, 1),
        CLI_DETAIL("containment_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("failed", NULL, CLI_COL_COUNT, 0),
        CLI_COL("failed_rate", "failed %", CLI_COL_SHARE, 1),
        CLI_DETAIL("failed_rate_ci", CLI_COL_INTERVAL, 3),
    };
    cli_report_section(rep, "self_service", "Self-service", cols, G_N_ELEMENTS(cols));
    for (size_t i = 0; i <= cx_contacts_channel_count(acc); i++) {
        CxContactsChannelResult ch = { .size = sizeof ch };
        const gboolean overall = i == cx_contacts_channel_count(acc);
        char *text = NULL;
        if (!overall) {
            cx_contacts_channel(acc, i, level, &ch);
            if (ch.self_service_cases == 0)
                continue;
            size_t len;
            const char *name = cx_contacts_channel_name(acc, i, &len);
            text = name_text(name, len, 0);
        }
        const uint64_t n = overall ? all->self_service_cases : ch.self_service_cases;
        const uint64_t k = overall ? all->contained_cases : ch.contained_cases;
        const uint64_t f = overall ? all->failed_self_service_cases : ch.failed_self_service_cases;
        CliCell cells[] = {
            CLI_TEXT(overall ? "all" : text), CLI_COUNT(n), CLI_COUNT(k),
            n ? CLI_NUM(overall ? all->containment : ch.containment) : CLI_NA,
            n ? (overall ? CLI_IV(all->containment_ci_lower, all->containment_ci_upper)
                         : CLI_IV(ch.containment_ci_lower, ch.containment_ci_upper))
              : CLI_NA,
            CLI_COUNT(f), n ? CLI_NUM(overall ? all->failed_self_service : ch.failed_self_service)
                            : CLI_NA,
            n ? (overall ? CLI_IV(all->failed_self_service_ci_lower,
                                  all->failed_self_service_ci_upper)
                         : CLI_IV(ch.failed_self_service_ci_lower,
                                  ch.failed_self_service_ci_upper))
              : CLI_NA };
        cli_report_row(rep, cells);
        g_free(text);
    }
    cli_report_note(rep, "Cases with a self-service contact, by the channel of the first one;");
    cli_report_note(rep, "contained: resolved, no assisted contact; failed: an assisted contact");
    cli_report_note(rep, "came after a self-service one.");
}

/* The cells of a row of the "handoffs" section after its key. */
static void
handoff_cells(CliCell *c, const CxContactsResult *r, gboolean ok)
{
    *c++ = CLI_COUNT(r->agent_cases);
    *c++ = ok && r->agent_cases ? CLI_NUM(r->agents_mean) : CLI_NA;
    *c++ = ok && r->agent_cases ? CLI_IV(r->agents_ci_lower, r->agents_ci_upper) : CLI_NA;
    *c++ = CLI_COUNT(r->agents_max);
    *c++ = CLI_COUNT(r->restarted_cases);
    *c++ = ok && r->agent_cases ? CLI_NUM(r->restarted) : CLI_NA;
    *c++ = ok && r->agent_cases ? CLI_IV(r->restarted_ci_lower, r->restarted_ci_upper) : CLI_NA;
    *c++ = CLI_COUNT(r->transfers);
    *c++ = CLI_COUNT(r->transfer_cases);
    *c++ = ok ? CLI_NUM(r->transfer_rate) : CLI_NA;
    *c++ = ok ? CLI_IV(r->transfer_rate_ci_lower, r->transfer_rate_ci_upper) : CLI_NA;
    *c = CLI_COUNT(r->transfer_flag_invalid);
}

static const CliColumn handoff_columns[] = {
    CLI_COL("agent_cases", "cases w/ agent", CLI_COL_COUNT, 0),
    CLI_COL("agents_mean", "agents", CLI_COL_NUMBER, 2),
    CLI_DETAIL("agents_ci", CLI_COL_INTERVAL, 3),
    CLI_DETAIL("agents_max", CLI_COL_COUNT, 0),
    CLI_COL("restarted_cases", "restarted", CLI_COL_COUNT, 0),
    CLI_COL("restarted", "restart %", CLI_COL_SHARE, 1),
    CLI_DETAIL("restarted_ci", CLI_COL_INTERVAL, 3),
    CLI_COL("transfers", NULL, CLI_COL_COUNT, 0),
    CLI_DETAIL("transfer_cases", CLI_COL_COUNT, 0),
    CLI_COL("transfer_rate", "transf. %", CLI_COL_SHARE, 1),
    CLI_DETAIL("transfer_rate_ci", CLI_COL_INTERVAL, 3),
    CLI_DETAIL("transfer_flag_unreadable", CLI_COL_COUNT, 0),
};

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

/* One run of contacts: the options, the columns found, the log read, and its figures. */
typedef struct {
    Options o;
    CliReportOptions ro;
    int unit; /* --every's period unit */
    CxReader *reader;
    CxContacts *acc, *periods;
    GArray *by_cols;
    char **self_service;
    size_t case_col, channel_col, resolved_col, order_col, wait_col, abandoned_col, agent_col,
        transferred_col, baseline_key;
    const char *order_name, *order_kind; /* the order column (NULL: the rows'), its kind */
    gboolean by_time;
    CliMalformed malformed;
    /* The figures: overall, and the segments with a result (@used of them), their values and
     * whether they have estimates (@ok, the overall one last). */
    CxContactsResult all;
    int overall_status;
    CxContactsResult *seg;
    char ***seg_values;
    gboolean *ok;
    size_t used;
} Contacts;

static GOptionContext *
contacts_context(Contacts *c)
{
    Options *o = &c->o;
    GOptionEntry entries[] = {
        { "case", 0, 0, G_OPTION_ARG_FILENAME, &o->case_col, "Case id column (default case_id)",
          "COL" },
        { "time", 0, 0, G_OPTION_ARG_FILENAME, &o->time_col,
          "Contact time column (default contact_time)", "COL" },
        { "sequence", 0, 0, G_OPTION_ARG_FILENAME, &o->seq_col,
          "Or a column of contact numbers (no durations)", "COL" },
        { "channel", 0, 0, G_OPTION_ARG_FILENAME, &o->channel_col,
          "Channel column (default channel)", "COL" },
        { "resolved", 0, 0, G_OPTION_ARG_FILENAME, &o->resolved_col,
          "Resolved flag, yes/no (default resolved)", "COL" },
        { "wait", 0, 0, G_OPTION_ARG_FILENAME, &o->wait_col,
          "Seconds waited for an answer (waits section)", "COL" },
        { "abandoned", 0, 0, G_OPTION_ARG_FILENAME, &o->abandoned_col,
          "Abandoned flag, yes/no (default: none)", "COL" },
        { "service-level", 0, 0, G_OPTION_ARG_DOUBLE, &o->service_level,
          "Answered within T seconds (default 20)", "T" },
        { "short-abandon", 0, 0, G_OPTION_ARG_DOUBLE, &o->short_abandon,
          "Abandons within S s are left out (default 5)", "S" },
        { "self-service", 0, 0, G_OPTION_ARG_STRING, &o->self_service,
          "Self-service channels, e.g. web,ivr,app", "LIST" },
        { "agent", 0, 0, G_OPTION_ARG_FILENAME, &o->agent_col, "Agent column (hand-offs)",
          "COL" },
        { "transferred", 0, 0, G_OPTION_ARG_FILENAME, &o->transferred_col,
          "Transferred flag column, yes/no (hand-offs)", "COL" },
        { "every", 0, 0, G_OPTION_ARG_STRING, &o->every,
          "Waits by period of the time: day, week, month...", "UNIT" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - first-contact resolution of a contact log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &c->ro, CLI_OPT_BY | CLI_OPT_LEVEL | CLI_OPT_FORMAT |
                                            CLI_OPT_BASELINE | CLI_OPT_MIN_N | CLI_OPT_SECTION |
                                            CLI_OPT_MAX_SEGMENTS);
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
             "A case with a contact not scored (no readable time) is left out of the case\n"
             "figures and counted (cases_excluded).\n"
             "Waits (--wait, --abandoned): service level = answered within T (--service-level)\n"
             "/ (answered + abandoned after S, --short-abandon), abandonment, ASA, p50/p90;\n"
             "overall, by channel, by --by value and by --every period of the contact time.\n"
             "--self-service: containment and failed self-service; --agent and\n"
             "--transferred: distinct agents, restarts with a new agent, transfers.\n"
             CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");
    return ctx;
}

/* The options after parsing: the order, the thresholds, --abandoned, --every; FALSE after a
 * message. */
static gboolean
contacts_check(void *p, G_GNUC_UNUSED const char *path)
{
    Contacts *c = p;
    const Options *o = &c->o;
    if (o->time_col && o->seq_col) {
        cli_error(CMD, "--time and --sequence exclude each other");
        return FALSE;
    }
    if (!isfinite(o->service_level) || o->service_level < 0.0 || !isfinite(o->short_abandon) ||
        o->short_abandon < 0.0) {
        cli_error(CMD, "--service-level and --short-abandon take seconds, 0 or more");
        return FALSE;
    }
    if (o->abandoned_col && !o->wait_col) {
        cli_error(CMD, "--abandoned needs --wait");
        return FALSE;
    }
    if (o->every && ((c->unit = cli_period_unit(o->every)) < 0 || !o->wait_col || o->seq_col)) {
        cli_error(CMD, "--every takes day, week, month, quarter or year, and needs --wait and "
                       "contact times (not --sequence)");
        return FALSE;
    }
    return TRUE;
}

/* Opens FILE and finds its columns; a status (CLI_EXIT_OK or after a message). */
static int
contacts_open(void *p, const char *path)
{
    Contacts *c = p;
    const Options *o = &c->o;
    CxReader *reader = c->reader = cli_open(CMD, path);
    if (!reader ||
        !cli_column(CMD, reader, o->case_col ? o->case_col : "case_id", &c->case_col) ||
        !cli_column(CMD, reader, o->channel_col ? o->channel_col : "channel", &c->channel_col) ||
        !cli_column(CMD, reader, o->resolved_col ? o->resolved_col : "resolved",
                    &c->resolved_col))
        return CLI_EXIT_DATA;
    /* The order: --time, --sequence, a contact_time column, or the rows' order. */
    c->order_name = o->time_col ? o->time_col : o->seq_col;
    c->by_time = !o->seq_col;
    if (!c->order_name &&
        cx_reader_column_index(reader, "contact_time", &c->order_col) == CX_OK)
        c->order_name = "contact_time";
    if (c->order_name && !cli_column(CMD, reader, c->order_name, &c->order_col))
        return CLI_EXIT_DATA;
    if ((o->wait_col && !cli_column(CMD, reader, o->wait_col, &c->wait_col)) ||
        (o->abandoned_col && !cli_column(CMD, reader, o->abandoned_col, &c->abandoned_col)) ||
        (o->agent_col && !cli_column(CMD, reader, o->agent_col, &c->agent_col)) ||
        (o->transferred_col &&
         !cli_column(CMD, reader, o->transferred_col, &c->transferred_col)))
        return CLI_EXIT_DATA;
    c->self_service = o->self_service ? g_strsplit(o->self_service, ",", -1) : NULL;
    c->order_kind = !c->order_name ? "file" : c->by_time ? "time" : "sequence";
    if (!c->order_name)
        c->by_time = FALSE;
    if (o->every && !c->order_name) {
        cli_error(CMD, "--every needs a time column (--time, or contact_time)");
        return CLI_EXIT_USAGE;
    }
    if (c->ro.by && !cli_columns(CMD, reader, c->ro.by, c->by_cols))
        return CLI_EXIT_DATA;
    if (c->ro.baseline)
        return cli_baseline_key(CMD, c->ro.baseline, reader, c->by_cols, &c->baseline_key);
    return CLI_EXIT_OK;
}

/* The cells of one contact: the texts as read (blank for a column not given) and what they
 * parse to. */
typedef struct {
    const char *id, *channel, *flag, *when, *agent, *wait_text, *aband_text, *transf_text;
    size_t id_len, channel_len, flag_len, when_len, agent_len, wait_len, aband_len, transf_len;
    double order, wait; /* NaN: missing; infinity: unreadable */
    int resolved, abandoned, transferred;
    gboolean is_self_service;
} Contact;

static void
contact_cells(const Contacts *c, Contact *x)
{
    const Options *o = &c->o;
    CxReader *reader = c->reader;
    *x = (Contact){ .when = "", .agent = "", .wait_text = "", .aband_text = "",
                    .transf_text = "" };
    cx_reader_field(reader, c->case_col, &x->id, &x->id_len);
    cx_reader_field(reader, c->channel_col, &x->channel, &x->channel_len);
    cx_reader_field(reader, c->resolved_col, &x->flag, &x->flag_len);
    x->order = (double)cx_reader_row_count(reader); /* file order */
    if (c->order_name) {
        cx_reader_field(reader, c->order_col, &x->when, &x->when_len);
        int kind = c->by_time ? cx_cell_parse_time(x->when, x->when_len, &x->order)
                              : cx_cell_parse_number(x->when, x->when_len, &x->order);
        if (kind != CX_CELL_NUMBER)
            x->order = kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
    }
    x->resolved = cx_contacts_parse_resolved(x->flag, x->flag_len);
    /* 0.2 columns: blank when not given. */
    if (o->agent_col)
        cx_reader_field(reader, c->agent_col, &x->agent, &x->agent_len);
    if (o->wait_col)
        cx_reader_field(reader, c->wait_col, &x->wait_text, &x->wait_len);
    if (o->abandoned_col)
        cx_reader_field(reader, c->abandoned_col, &x->aband_text, &x->aband_len);
    if (o->transferred_col)
        cx_reader_field(reader, c->transferred_col, &x->transf_text, &x->transf_len);
    x->wait = CLI_NAN;
    int wait_kind = o->wait_col ? cx_cell_parse_number(x->wait_text, x->wait_len, &x->wait) : 0;
    if (o->wait_col && wait_kind != CX_CELL_NUMBER)
        x->wait = wait_kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
    x->abandoned = o->abandoned_col ? cx_contacts_parse_flag(x->aband_text, x->aband_len)
                                    : CX_RESOLVED_NO;
    x->transferred = cx_contacts_parse_flag(x->transf_text, x->transf_len);
    for (char **s = c->self_service; s && *s && !x->is_self_service; s++)
        x->is_self_service = strlen(*s) == x->channel_len &&
                             memcmp(*s, x->channel, x->channel_len) == 0;
}

/* The first thing wrong with the contact, if any, as a warning. */
static void
contact_warn(const Contacts *c, Warnings *w, const Contact *x)
{
    CxReader *reader = c->reader;
    if (x->id_len == 0)
        warn(w, reader, "no case id, contact not scored", NULL);
    else if (isnan(x->order))
        warn(w, reader, c->by_time ? "no time, contact not scored"
                                   : "no number, contact not scored",
             NULL);
    else if (isinf(x->order))
        warn(w, reader, c->by_time ? "contact not scored, unreadable time"
                                   : "contact not scored, unreadable number",
             x->when);
    else if (x->resolved == CX_RESOLVED_INVALID)
        warn(w, reader, "resolved flag taken as unknown, unreadable", x->flag);
    else if (isinf(x->wait))
        warn(w, reader, "wait not used, unreadable", x->wait_text);
    else if (x->wait < 0.0)
        warn(w, reader, "wait not used, negative", x->wait_text);
    else if (!isnan(x->wait) && x->abandoned == CX_RESOLVED_INVALID)
        warn(w, reader, "wait not used, unreadable abandoned flag", x->aband_text);
    else if (!isnan(x->wait) && x->abandoned == CX_RESOLVED_UNKNOWN)
        warn(w, reader, "wait not used, blank abandoned flag", NULL);
    else if (x->transferred == CX_RESOLVED_INVALID)
        warn(w, reader, "transferred flag taken as no, unreadable", x->transf_text);
}

/* The contact into the accumulator under its --by @label, and into the one of --every under
 * its period; FALSE after a message (a contact the library cannot take, too many segments). */
static gboolean
contact_add(Contacts *c, Warnings *w, const Contact *x, const char *label, size_t label_len)
{
    int added = cx_contacts_add_contact(c->acc, x->id, x->id_len, x->order, x->channel,
                                        x->channel_len, x->resolved, label, label_len, x->agent,
                                        x->agent_len, x->is_self_service, x->transferred,
                                        x->wait, x->abandoned);
    int64_t period;
    char plabel[16];
    if (added == CX_OK && c->periods && isfinite(x->order) &&
        cx_period_from_date(x->when, x->when_len, c->unit, &period) == CX_OK &&
        cx_period_label(c->unit, period, plabel, sizeof plabel) == CX_OK)
        added = cx_contacts_add_contact(c->periods, x->id, x->id_len, x->order, x->channel,
                                        x->channel_len, x->resolved, plabel, strlen(plabel),
                                        x->agent, x->agent_len, x->is_self_service,
                                        x->transferred, x->wait, x->abandoned);
    else if (added == CX_OK && c->periods && isfinite(x->order) && x->id_len)
        warn(w, c->reader, "contact in no --every period, time", x->when);
    if (added != CX_OK) { /* more than 2^32 - 2 channels or labels: not a row to drop */
        cli_error(CMD, "line %llu: could not add the contact: %s",
                  (unsigned long long)cx_reader_line(c->reader), cx_strerror(added));
        return FALSE;
    }
    if (c->by_cols->len && c->ro.max_segments > 0 &&
        cx_contacts_segment_count(c->acc) > (size_t)c->ro.max_segments) {
        cli_error(CMD, "the --by columns have more than %lld distinct values (segments); "
                       "raise --max-segments if the memory allows",
                  (long long)c->ro.max_segments);
        return FALSE;
    }
    return TRUE;
}

/* Every row of the log into the accumulators; FALSE after a message. */
static gboolean
contacts_read(void *p)
{
    Contacts *c = p;
    cli_created(
        cx_contacts_new(c->by_time ? CX_CONTACTS_ORDER_TIME : CX_CONTACTS_ORDER_SEQUENCE, &c->acc));
    if (c->o.every) /* the same contacts, each labelled by its period: waits by period */
        cli_created(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &c->periods));
    Warnings warnings = { 0 };
    GString *label = g_string_new(NULL);
    gboolean added = TRUE;
    int st;
    while (added && (st = cli_next_row(c->reader, &c->malformed)) == CX_ROW) {
        Contact x;
        contact_cells(c, &x);
        contact_warn(c, &warnings, &x);
        g_string_truncate(label, 0);
        for (guint k = 0; k < c->by_cols->len; k++) {
            const char *v;
            size_t v_len;
            cx_reader_field(c->reader, g_array_index(c->by_cols, size_t, k), &v, &v_len);
            label_append(label, v, v_len, k == 0);
        }
        added = contact_add(c, &warnings, &x, label->str, label->len);
    }
    g_string_free(label, TRUE);
    if (!added || st != CX_DONE)
        return FALSE;
    cli_malformed_summary(&c->malformed);
    return cli_input_report_cells(CMD, c->reader); /* --rejects FILE, the rows accounted for */
}

/* The figures: overall, and the segments (the labels that are some case's segment, in byte
 * order = value order) with --baseline checked against them; a status, after a message. */
static int
contacts_figures(Contacts *c)
{
    const double level = c->ro.level;
    c->all = (CxContactsResult){ .size = sizeof c->all };
    c->overall_status = cx_contacts_result(c->acc, level, &c->all);
    size_t n_seg = c->by_cols->len ? cx_contacts_segment_count(c->acc) : 0;
    c->seg = g_new0(CxContactsResult, n_seg + 1);
    c->seg_values = g_new0(char **, n_seg + 1);
    for (size_t i = 0; i < n_seg; i++) {
        c->seg[c->used].size = sizeof c->seg[c->used];
        if (cx_contacts_segment(c->acc, i, level, &c->seg[c->used]) != CX_OK)
            continue;
        size_t len;
        const char *name = cx_contacts_segment_name(c->acc, i, &len);
        c->seg_values[c->used++] = label_values(name, len, c->by_cols->len);
    }
    /* --baseline VALUE must be some case's segment value: else every comparison is a dash. */
    if (c->ro.baseline) {
        CliGroup *keys = g_new0(CliGroup, c->used + 1);
        CliGroup **key_ptrs = g_new0(CliGroup *, c->used + 1);
        for (size_t i = 0; i < c->used; i++) {
            keys[i].values = c->seg_values[i];
            key_ptrs[i] = &keys[i];
        }
        int status = cli_baseline_check(CMD, c->ro.baseline, c->baseline_key, key_ptrs, c->used,
                                        "case");
        g_free(key_ptrs);
        g_free(keys);
        if (status)
            return status;
    }
    c->ok = g_new0(gboolean, c->used + 1);
    for (size_t i = 0; i < c->used; i++)
        c->ok[i] = c->seg[i].cases > 0 && c->seg[i].cases >= (uint64_t)c->ro.min_n;
    c->ok[c->used] = c->overall_status == CX_OK;
    return CLI_EXIT_OK;
}

/* A section with a row per segment and the overall one: the key columns, then @n of @cols.
 * Returns the cells of a row, the key's filled by row_key(); g_free() them. */
static CliCell *
keyed_section(CliReport *rep, const Contacts *c, const char *name, const char *title,
              const CliColumn *cols, size_t n)
{
    CliColumn *all = cli_key_columns(c->reader, c->by_cols, n);
    size_t nk = MAX(c->by_cols->len, 1);
    memcpy(all + nk, cols, n * sizeof *cols);
    cli_report_section(rep, name, title, all, nk + n);
    g_free(all);
    return g_new0(CliCell, nk + n);
}

/* The key cells of row @i (the overall one: i = used); the figures' cells come after them. */
static CliCell *
row_key(const Contacts *c, CliCell *cells, size_t i)
{
    cli_key_cells(cells, c->by_cols->len, i < c->used ? c->seg_values[i] : NULL);
    return cells + MAX(c->by_cols->len, 1);
}

/* The "contacts" section: the figures of each segment and overall. */
static void
figures_section(CliReport *rep, const Contacts *c)
{
    char *title = g_strdup_printf("Contact log: %llu cases, %llu contacts; order: %s%s",
                                  (unsigned long long)c->all.cases,
                                  (unsigned long long)c->all.contacts,
                                  c->order_name ? c->order_name : "the rows'",
                                  c->by_time ? " (no zone = UTC)" : "");
    CliCell *cells = keyed_section(rep, c, "contacts", title, figures_columns,
                                   G_N_ELEMENTS(figures_columns) - (c->ro.min_n > 0 ? 0 : 1));
    g_free(title);
    for (size_t i = 0; i <= c->used; i++) {
        figures_cells(row_key(c, cells, i), i < c->used ? &c->seg[i] : &c->all, c->ok[i],
                      c->ro.min_n > 0);
        cli_report_row(rep, cells);
    }
    g_free(cells);
    cli_report_note(rep, "FCR: the case's only contact resolved it (Wilson intervals in CSV, "
                         "JSON).");
    if (c->ro.min_n > 0)
        cli_report_note(rep, "Segments with fewer cases than --min-n have no estimates.");
}

/* The "time_to_resolution" section (contact times only). */
static void
resolution_section(CliReport *rep, const Contacts *c)
{
    const CliColumn tc[] = {
        CLI_COL("resolved", NULL, CLI_COL_COUNT, 0),
        CLI_COL("median_hours", "median", CLI_COL_NUMBER, 1),
        CLI_COL("p90_hours", "p90", CLI_COL_NUMBER, 1),
        CLI_COL("mean_hours", "mean", CLI_COL_NUMBER, 1),
    };
    CliCell *cells = keyed_section(rep, c, "time_to_resolution", "Hours to resolution", tc,
                                   G_N_ELEMENTS(tc));
    for (size_t i = 0; i <= c->used; i++) {
        const CxContactsResult *r = i < c->used ? &c->seg[i] : &c->all;
        const gboolean ok = c->ok[i];
        CliCell *x = row_key(c, cells, i);
        x[0] = CLI_COUNT(r->resolution_times);
        x[1] = ok ? CLI_NUM(r->time_to_resolution_median / 3600.0) : CLI_NA;
        x[2] = ok ? CLI_NUM(r->time_to_resolution_p90 / 3600.0) : CLI_NA;
        x[3] = ok ? CLI_NUM(r->time_to_resolution_mean / 3600.0) : CLI_NA;
        cli_report_row(rep, cells);
    }
    g_free(cells);
    cli_report_note(rep, "From the first contact to the first flagged resolved.");
}

/* The "handoffs" section (--agent, --transferred). */
static void
handoffs_section(CliReport *rep, const Contacts *c)
{
    CliCell *cells = keyed_section(rep, c, "handoffs", "Hand-offs", handoff_columns,
                                   G_N_ELEMENTS(handoff_columns));
    for (size_t i = 0; i <= c->used; i++) {
        handoff_cells(row_key(c, cells, i), i < c->used ? &c->seg[i] : &c->all, c->ok[i]);
        cli_report_row(rep, cells);
    }
    g_free(cells);
    cli_report_note(rep, "restarted: cases whose contacts met 2+ agents; transfer rate: cases");
    cli_report_note(rep, "with a transfer / cases. Agents: t interval.");
}

/* The "unscored" section: the contacts not scored and the flags not read, by reason. */
static void
unscored_section(CliReport *rep, const Contacts *c)
{
    const CliColumn uc[] = {
        CLI_COL("rejected", "refused", CLI_COL_COUNT, 0),
        CLI_COL("no_case_id", "no id", CLI_COL_COUNT, 0),
        CLI_COL("order_missing", c->by_time ? "no time" : "no number", CLI_COL_COUNT, 0),
        CLI_COL("order_unreadable", c->by_time ? "bad time" : "bad number", CLI_COL_COUNT, 0),
        CLI_COL("flag_blank", "no flag", CLI_COL_COUNT, 0),
        CLI_COL("flag_unreadable", "flag bad", CLI_COL_COUNT, 0),
        CLI_COL("channel_blank", "no chan", CLI_COL_COUNT, 0),
        CLI_COL("wait_bad", "bad wait", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "bad row", CLI_COL_COUNT, 0),
    };
    const CxContactsResult *all = &c->all;
    /* Waits the waits section could not use because they are negative or unreadable (the
     * contact itself is scored); none without --wait. */
    CxContactsWaits bad_waits = { .size = sizeof bad_waits };
    int waits_st = c->o.wait_col
                       ? cx_contacts_waits(c->acc, CX_CONTACTS_ALL, 0, c->o.service_level,
                                           c->o.short_abandon, c->ro.level, &bad_waits)
                       : CX_E_INVALID_ARGUMENT;
    gboolean waits_read = waits_st == CX_OK || waits_st == CX_E_EMPTY;
    cli_report_section(rep, "unscored", "Contacts not scored, flags not read", uc,
                       G_N_ELEMENTS(uc));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(all->rejected), CLI_COUNT(all->rejected_no_case),
                                     CLI_COUNT(all->rejected_order_missing),
                                     CLI_COUNT(all->rejected_order_invalid),
                                     CLI_COUNT(all->flag_unknown), CLI_COUNT(all->flag_invalid),
                                     CLI_COUNT(all->channel_missing),
                                     waits_read ? CLI_COUNT(bad_waits.wait_negative +
                                                            bad_waits.wait_invalid)
                                                : CLI_NA,
                                     CLI_COUNT(c->malformed.count) });
    if (waits_read)
        cli_report_note(rep, "bad wait: negative or unreadable; the contact is scored, its wait "
                             "is not used.");
}

/* The "excluded" section. Issue 21: a case whose contact could not be placed is not scored on
 * the rest. */
static void
excluded_section(CliReport *rep, const CxContactsResult *all)
{
    const CliColumn xc[] = {
        CLI_COL("cases_excluded", "cases", CLI_COL_COUNT, 0),
        CLI_COL("contacts_excluded", "their scored contacts", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "excluded", "Cases left out: a contact without a usable time", xc,
                       G_N_ELEMENTS(xc));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(all->cases_excluded),
                                     CLI_COUNT(all->contacts_excluded) });
    cli_report_note(rep, "Their figures would be wrong without that contact (issue 21).");
}

/* The "baseline" section: each segment against its --baseline segment, dashes where either
 * has a small base. */
static void
baseline_section(CliReport *rep, const Contacts *c)
{
    const char *baseline = c->ro.baseline, *value = strchr(baseline, '=') + 1;
    char *ci = cli_level_title(c->ro.level);
    const CliColumn vc[] = {
        CLI_COL("fcr_diff", "FCR", CLI_COL_NUMBER, 3),
        CLI_COL("fcr_p", "p", CLI_COL_P, 0),
        CLI_COL("fcr_ci", ci, CLI_COL_INTERVAL, 3),
        CLI_COL("repeat_diff", "repeat", CLI_COL_NUMBER, 3),
        CLI_COL("repeat_p", "p", CLI_COL_P, 0),
        CLI_DETAIL("repeat_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("fcr_z", CLI_COL_NUMBER, 2),
        CLI_DETAIL("repeat_z", CLI_COL_NUMBER, 2),
        CLI_DETAIL("containment_diff", CLI_COL_NUMBER, 3),
        CLI_DETAIL("containment_p", CLI_COL_P, 0),
        CLI_DETAIL("containment_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("transfer_diff", CLI_COL_NUMBER, 3),
        CLI_DETAIL("transfer_p", CLI_COL_P, 0),
        CLI_DETAIL("transfer_ci", CLI_COL_INTERVAL, 3),
    };
    char *vtitle = g_strdup_printf("Against %s (segment minus baseline)", baseline);
    CliCell *cells = keyed_section(rep, c, "baseline", vtitle, vc, G_N_ELEMENTS(vc));
    g_free(vtitle);
    for (size_t i = 0; i < c->used; i++) {
        Versus v = versus(c->seg_values, c->seg, c->used, c->by_cols->len, i, c->baseline_key,
                          baseline, c->ro.level);
        for (size_t j = 0; v.ok && j < c->used; j++) /* no comparison with a small base */
            if (!c->ok[j] && j != i && strcmp(c->seg_values[j][c->baseline_key], value) == 0)
                v.ok = FALSE;
        v.ok = v.ok && c->ok[i];
        const CliCell x[] = { CLI_NUM(v.fcr.diff), CLI_NUM(v.fcr.p_value),
                              CLI_IV(v.fcr.ci_lower, v.fcr.ci_upper),
                              CLI_NUM(v.repeat.diff), CLI_NUM(v.repeat.p_value),
                              CLI_IV(v.repeat.ci_lower, v.repeat.ci_upper),
                              CLI_NUM(v.fcr.z), CLI_NUM(v.repeat.z),
                              CLI_NUM(v.containment.diff), CLI_NUM(v.containment.p_value),
                              CLI_IV(v.containment.ci_lower, v.containment.ci_upper),
                              CLI_NUM(v.transfer.diff), CLI_NUM(v.transfer.p_value),
                              CLI_IV(v.transfer.ci_lower, v.transfer.ci_upper) };
        CliCell *after = row_key(c, cells, i);
        for (size_t j = 0; j < G_N_ELEMENTS(x); j++)
            after[j] = v.ok ? x[j] : CLI_NA;
        cli_report_row(rep, cells);
    }
    g_free(cells);
    cli_report_note(rep, "Differences of proportions: pooled z test, Newcombe's interval.");
    g_free(ci);
}

/* The report: settings, then the sections in their order. */
static int
contacts_emit(const Contacts *c)
{
    const double level = c->ro.level;
    CxReader *reader = c->reader;
    CliReport *rep = cli_report_new(CMD, c->ro.format, stdout);
    cli_report_only(rep, c->ro.section);
    cli_report_setting_text(rep, "case_column", cx_reader_column_name(reader, c->case_col));
    cli_report_setting_text(rep, "order", c->order_kind);
    cli_report_setting_text(rep, "order_column", c->order_name);
    cli_report_setting_text(rep, "channel_column", cx_reader_column_name(reader, c->channel_col));
    cli_report_setting_text(rep, "resolved_column",
                            cx_reader_column_name(reader, c->resolved_col));
    cli_report_setting_number(rep, "level", level);
    cli_report_setting_text(rep, "every", c->o.every);
    cli_report_setting_text(rep, "baseline", c->ro.baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)c->ro.min_n);
    figures_section(rep, c);
    if (c->by_time)
        resolution_section(rep, c);
    channels_section(rep, c->acc, level);
    if (c->o.wait_col)
        waits_section(rep, c->acc, c->periods, &c->o, c->by_cols->len, level);
    if (c->o.self_service)
        self_service_section(rep, c->acc, &c->all, level);
    if (c->o.agent_col || c->o.transferred_col)
        handoffs_section(rep, c);
    unscored_section(rep, c);
    excluded_section(rep, &c->all);
    size_t n_ok = 0;
    CxContactsResult *tested = g_new0(CxContactsResult, c->used + 1);
    for (size_t i = 0; i < c->used; i++)
        if (c->ok[i])
            tested[n_ok++] = c->seg[i];
    if (n_ok >= 2)
        consistency_section(rep, tested, n_ok);
    g_free(tested);
    if (c->ro.baseline)
        baseline_section(rep, c);
    return cli_report_finish(rep);
}

int
cmd_contacts(int argc, char **argv)
{
    Contacts c = { .o = { .service_level = 20.0, .short_abandon = 5.0 },
                   .ro = { .max_segments = 1000000 },
                   .by_cols = g_array_new(FALSE, FALSE, sizeof(size_t)),
                   .malformed = { .cmd = CMD } };
    GOptionContext *ctx = contacts_context(&c);
    static const CliSteps steps = { contacts_check, contacts_open, contacts_read };
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &c.ro, &steps, &c);
    if (status || (status = contacts_figures(&c)))
        goto out;
    status = contacts_emit(&c);
    if (status == CLI_EXIT_OK && c.overall_status != CX_OK) {
        cli_error(CMD, "no case with a usable contact");
        status = CLI_EXIT_DATA;
    }
out:
    for (size_t i = 0; i < c.used; i++)
        g_strfreev(c.seg_values[i]);
    g_free(c.seg_values);
    g_free(c.seg);
    g_free(c.ok);
    cx_contacts_free(c.acc);
    cx_contacts_free(c.periods);
    cx_reader_free(c.reader);
    g_array_free(c.by_cols, TRUE);
    g_strfreev(c.self_service);
    char **owned[] = { &c.o.case_col,     &c.o.time_col,     &c.o.seq_col,
                       &c.o.channel_col,  &c.o.resolved_col, &c.o.wait_col,
                       &c.o.abandoned_col, &c.o.agent_col,   &c.o.transferred_col,
                       &c.o.self_service, &c.o.every };
    for (size_t i = 0; i < G_N_ELEMENTS(owned); i++)
        g_free(*owned[i]);
    cli_report_options_clear(&c.ro);
    g_option_context_free(ctx);
    return status;
}
