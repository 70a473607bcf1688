/* SPDX-License-Identifier: MIT */
/* cxscore contacts: first-contact resolution, contacts per case, repeat contacts, channel
 * crossing and time to resolution of a contact log (one row per contact), overall, by segment
 * (a case-level column, taken from each case's first contact) and by first channel. */
#include <string.h>

#include "cli-common.h"
#include "cli-report.h"

#define CMD "contacts"

typedef struct {
    char *case_col, *time_col, *seq_col, *channel_col, *resolved_col, *by, *level, *format,
        *baseline;
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

static void
json_versus(JsonBuilder *b, const Versus *v)
{
    json_builder_set_member_name(b, "vs_baseline");
    if (!v->ok) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    cli_json_double(b, "fcr_diff", v->fcr.diff);
    cli_json_double(b, "fcr_z", v->fcr.z);
    cli_json_double(b, "fcr_p", v->fcr.p_value);
    cli_json_double(b, "fcr_ci_lower", v->fcr.ci_lower);
    cli_json_double(b, "fcr_ci_upper", v->fcr.ci_upper);
    cli_json_double(b, "repeat_diff", v->repeat.diff);
    cli_json_double(b, "repeat_z", v->repeat.z);
    cli_json_double(b, "repeat_p", v->repeat.p_value);
    cli_json_double(b, "repeat_ci_lower", v->repeat.ci_lower);
    cli_json_double(b, "repeat_ci_upper", v->repeat.ci_upper);
    json_builder_end_object(b);
}

static void
json_share(JsonBuilder *b, const char *name, double p, double lo, double hi)
{
    cli_json_double(b, name, p);
    char *l = cli_fmt("%s_ci_lower", name), *u = cli_fmt("%s_ci_upper", name);
    cli_json_double(b, l, lo);
    cli_json_double(b, u, hi);
    g_free(l);
    g_free(u);
}

static void
json_figures(JsonBuilder *b, const CxContactsResult *r, gboolean overall)
{
    cli_json_uint(b, "cases", r->cases);
    cli_json_uint(b, "contacts", r->contacts);
    if (overall) {
        cli_json_uint(b, "rejected", r->rejected);
        json_builder_set_member_name(b, "rejected_by_reason");
        json_builder_begin_object(b);
        cli_json_uint(b, "no_case_id", r->rejected_no_case);
        cli_json_uint(b, "order_missing", r->rejected_order_missing);
        cli_json_uint(b, "order_unreadable", r->rejected_order_invalid);
        json_builder_end_object(b);
    }
    cli_json_uint(b, "flag_blank", r->flag_unknown);
    cli_json_uint(b, "flag_unreadable", r->flag_invalid);
    cli_json_uint(b, "channel_blank", r->channel_missing);
    cli_json_uint(b, "fcr_cases", r->fcr_cases);
    json_share(b, "fcr", r->fcr, r->fcr_ci_lower, r->fcr_ci_upper);
    cli_json_uint(b, "fcr_reopened", r->fcr_reopened);
    cli_json_uint(b, "resolved_cases", r->resolved_cases);
    json_share(b, "resolution_rate", r->resolution_rate, r->resolution_rate_ci_lower,
               r->resolution_rate_ci_upper);
    cli_json_uint(b, "reopened", r->cases_reopened);
    cli_json_uint(b, "resolved_twice", r->cases_resolved_twice);
    cli_json_uint(b, "outcome_unknown", r->cases_outcome_unknown);
    cli_json_uint(b, "repeat_cases", r->repeat_cases);
    json_share(b, "repeat_rate", r->repeat_rate, r->repeat_rate_ci_lower, r->repeat_rate_ci_upper);
    cli_json_uint(b, "cross_channel_cases", r->cross_channel_cases);
    json_share(b, "cross_channel", r->cross_channel, r->cross_channel_ci_lower,
               r->cross_channel_ci_upper);
    json_builder_set_member_name(b, "contacts_per_case");
    json_builder_begin_object(b);
    cli_json_double(b, "mean", r->contacts_mean);
    cli_json_double(b, "sd", r->contacts_sd);
    cli_json_uint(b, "max", r->max_contacts);
    json_builder_set_member_name(b, "distribution");
    json_builder_begin_object(b);
    static const char *const keys[5] = { "1", "2", "3", "4", "5+" };
    for (int i = 0; i < 5; i++)
        cli_json_uint(b, keys[i], r->contacts_per_case[i]);
    json_builder_end_object(b);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "time_to_resolution");
    if (r->order != CX_CONTACTS_ORDER_TIME) {
        json_builder_add_null_value(b);
        return;
    }
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "unit");
    json_builder_add_string_value(b, "seconds");
    cli_json_uint(b, "n", r->resolution_times);
    cli_json_double(b, "median", r->time_to_resolution_median);
    cli_json_double(b, "p90", r->time_to_resolution_p90);
    cli_json_double(b, "mean", r->time_to_resolution_mean);
    json_builder_end_object(b);
}

static char *
pct(uint64_t k, double p)
{
    return k || !isnan(p) ? cli_num(100.0 * p, 1) : g_strdup("-");
}

static char *
interval(double lo, double hi)
{
    return isnan(lo) ? g_strdup("-") : cli_fmt("%.1f to %.1f", 100.0 * lo, 100.0 * hi);
}

static void
table_row(CliTable *t, const char *label, const CxContactsResult *r)
{
    char *cells[] = {
        (char *)label,
        cli_fmt("%llu", (unsigned long long)r->cases),
        cli_num(r->contacts_mean, 2),
        pct(r->fcr_cases, r->fcr),
        interval(r->fcr_ci_lower, r->fcr_ci_upper),
        pct(r->repeat_cases, r->repeat_rate),
        pct(r->cross_channel_cases, r->cross_channel),
        pct(r->resolved_cases, r->resolution_rate),
    };
    cli_table_add(t, cells);
    for (size_t i = 1; i < G_N_ELEMENTS(cells); i++)
        g_free(cells[i]);
}

static void
time_row(CliTable *t, const char *label, const CxContactsResult *r)
{
    char *cells[] = {
        (char *)label,
        cli_fmt("%llu", (unsigned long long)r->resolution_times),
        cli_num(r->time_to_resolution_median / 3600.0, 1),
        cli_num(r->time_to_resolution_p90 / 3600.0, 1),
        cli_num(r->time_to_resolution_mean / 3600.0, 1),
    };
    cli_table_add(t, cells);
    for (size_t i = 1; i < G_N_ELEMENTS(cells); i++)
        g_free(cells[i]);
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
    Options o = { 0 };
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
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &o.baseline,
          "Compare each segment with the one where COL=VALUE", "COL=VALUE" },
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &o.by,
          "One row per segment (the first contact's values)",
          "COL[,COL...]" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &o.level, "Confidence level (default 0.95)",
          "0.95" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &o.format, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - first-contact resolution of a contact log");
    g_option_context_add_main_entries(ctx, entries, NULL);
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
             CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/loyalty.md.");

    int status = CLI_EXIT_USAGE;
    double level = 0.95;
    CliFormat format;
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
    if (!cli_parse_format(CMD, o.format, &format) || !cli_parse_level(CMD, o.level, &level))
        goto out;

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
    if (o.by && !cli_columns(CMD, reader, o.by, by_cols))
        goto out;
    size_t baseline_key = 0;
    if (o.baseline &&
        (status = cli_baseline_key(CMD, o.baseline, reader, by_cols, &baseline_key)))
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
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);

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
    if (o.baseline) {
        CliGroup *keys = g_new0(CliGroup, used + 1), **key_ptrs = g_new0(CliGroup *, used + 1);
        for (size_t i = 0; i < used; i++) {
            keys[i].values = seg_values[i];
            key_ptrs[i] = &keys[i];
        }
        status = cli_baseline_check(CMD, o.baseline, baseline_key, key_ptrs, used, "case");
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
    /* Does FCR differ between segments? Chi-square on segments x (FCR, not FCR). */
    CxTestResult chi = { .size = sizeof chi };
    gboolean have_chi = FALSE;
    if (used >= 2) {
        uint64_t *table = g_new(uint64_t, 2 * used);
        for (size_t i = 0; i < used; i++) {
            table[2 * i] = seg[i].fcr_cases;
            table[2 * i + 1] = seg[i].cases - seg[i].fcr_cases;
        }
        have_chi = cx_chi_square_independence(table, used, 2, &chi) == CX_OK;
        g_free(table);
    }
    const size_t n_ch = cx_contacts_channel_count(acc);
    CxContactsChannelResult *ch = g_new0(CxContactsChannelResult, n_ch + 1);
    for (size_t i = 0; i < n_ch; i++) {
        ch[i].size = sizeof ch[i];
        cx_contacts_channel(acc, i, level, &ch[i]);
    }

    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "case_column");
        json_builder_add_string_value(b, cx_reader_column_name(reader, case_col));
        json_builder_set_member_name(b, "order");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "kind");
        json_builder_add_string_value(b, order_kind);
        cli_json_string(b, "column", order_name);
        json_builder_end_object(b);
        json_builder_set_member_name(b, "channel_column");
        json_builder_add_string_value(b, cx_reader_column_name(reader, channel_col));
        json_builder_set_member_name(b, "resolved_column");
        json_builder_add_string_value(b, cx_reader_column_name(reader, resolved_col));
        cli_json_double(b, "level", level);
        cli_json_string(b, "baseline", o.baseline);
        cli_json_uint(b, "malformed_rows", malformed.count);
        json_builder_set_member_name(b, "overall");
        json_builder_begin_object(b);
        json_figures(b, &all, TRUE);
        json_builder_end_object(b);
        json_builder_set_member_name(b, "channels");
        json_builder_begin_array(b);
        for (size_t i = 0; i < n_ch; i++) {
            json_builder_begin_object(b);
            size_t len;
            const char *name = cx_contacts_channel_name(acc, i, &len);
            char *valid = g_utf8_make_valid(name, (gssize)len);
            json_builder_set_member_name(b, "channel");
            json_builder_add_string_value(b, valid);
            g_free(valid);
            cli_json_uint(b, "contacts", ch[i].contacts);
            cli_json_uint(b, "cases", ch[i].cases);
            cli_json_uint(b, "fcr_cases", ch[i].fcr_cases);
            json_share(b, "fcr", ch[i].fcr, ch[i].fcr_ci_lower, ch[i].fcr_ci_upper);
            cli_json_uint(b, "repeat_cases", ch[i].repeat_cases);
            cli_json_uint(b, "cross_channel_cases", ch[i].crossed_cases);
            cli_json_uint(b, "resolved_cases", ch[i].resolved_cases);
            cli_json_uint(b, "resolved_here", ch[i].resolved_here);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        if (by_cols->len) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t i = 0; i < used; i++) {
                json_builder_begin_object(b);
                cli_json_key(b, reader, by_cols, seg_values[i]);
                json_figures(b, &seg[i], FALSE);
                Versus v = versus(seg_values, seg, used, by_cols->len, i, baseline_key,
                                  o.baseline, level);
                json_versus(b, &v);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
            json_builder_set_member_name(b, "consistency");
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "fcr_chi_square");
            json_builder_begin_object(b);
            cli_json_double(b, "statistic", have_chi ? chi.statistic : CLI_NAN);
            cli_json_double(b, "df", have_chi ? chi.df1 : CLI_NAN);
            cli_json_double(b, "p", have_chi ? chi.p_value : CLI_NAN);
            json_builder_end_object(b);
            json_builder_end_object(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by_cols);
        fputs("cases,contacts,fcr_cases,fcr,fcr_ci_lower,fcr_ci_upper,resolved_cases,"
              "resolution_rate,repeat_cases,repeat_rate,cross_channel_cases,cross_channel,"
              "contacts_mean,contacts_sd,resolution_times,ttr_median_s,ttr_p90_s,ttr_mean_s\n",
              stdout);
        for (size_t i = 0; i <= used; i++) {
            const CxContactsResult *r = i < used ? &seg[i] : &all;
            for (guint k = 0; k < by_cols->len; k++)
                cli_csv_field(stdout, i < used ? seg_values[i][k] : "(all)", FALSE);
            fprintf(stdout, "%llu,%llu,%llu,", (unsigned long long)r->cases,
                    (unsigned long long)r->contacts, (unsigned long long)r->fcr_cases);
            const double a[] = { r->fcr, r->fcr_ci_lower, r->fcr_ci_upper };
            for (size_t j = 0; j < G_N_ELEMENTS(a); j++)
                cli_csv_double(stdout, a[j], FALSE);
            fprintf(stdout, "%llu,", (unsigned long long)r->resolved_cases);
            cli_csv_double(stdout, r->resolution_rate, FALSE);
            fprintf(stdout, "%llu,", (unsigned long long)r->repeat_cases);
            cli_csv_double(stdout, r->repeat_rate, FALSE);
            fprintf(stdout, "%llu,", (unsigned long long)r->cross_channel_cases);
            cli_csv_double(stdout, r->cross_channel, FALSE);
            cli_csv_double(stdout, r->contacts_mean, FALSE);
            cli_csv_double(stdout, r->contacts_sd, FALSE);
            fprintf(stdout, "%llu,", (unsigned long long)r->resolution_times);
            const double t[] = { r->time_to_resolution_median, r->time_to_resolution_p90,
                                 r->time_to_resolution_mean };
            for (size_t j = 0; j < G_N_ELEMENTS(t); j++)
                cli_csv_double(stdout, t[j], j + 1 == G_N_ELEMENTS(t));
        }
    } else {
        char *ci = cli_level_title(level);
        printf("Contact log: %llu cases, %llu contacts; order: %s%s%s\n\n",
               (unsigned long long)all.cases, (unsigned long long)all.contacts,
               order_name ? order_name : "the rows' order",
               by_time ? " (no zone = UTC)" : "", !by_time && order_name ? " (sequence)" : "");
        const char *h[] = { o.by ? o.by : "segment", "cases", "c/case", "FCR %", ci, "repeat %",
                            "cross %", "resolved %" };
        CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
        for (size_t i = 0; i < used; i++) {
            char *name = cli_segment_label(seg_values[i], by_cols->len);
            table_row(t, name, &seg[i]);
            g_free(name);
        }
        table_row(t, "(all)", &all);
        cli_table_print(t, stdout, 1);
        cli_table_free(t);
        if (by_time) {
            const char *th[] = { "hours to resolution", "resolved", "median", "p90", "mean" };
            t = cli_table_new(G_N_ELEMENTS(th), th);
            for (size_t i = 0; i < used; i++) {
                char *name = cli_segment_label(seg_values[i], by_cols->len);
                time_row(t, name, &seg[i]);
                g_free(name);
            }
            time_row(t, "(all)", &all);
            putchar('\n');
            cli_table_print(t, stdout, 1);
            cli_table_free(t);
        }
        const char *chh[] = { "1st channel", "contacts", "cases", "FCR %", ci, "repeat %",
                              "cross %", "res. here" };
        t = cli_table_new(G_N_ELEMENTS(chh), chh);
        for (size_t i = 0; i < n_ch; i++) {
            size_t len;
            const char *name = cx_contacts_channel_name(acc, i, &len);
            char *valid = len ? g_utf8_make_valid(name, (gssize)len) : g_strdup("(blank)");
            double cross = ch[i].cases ? (double)ch[i].crossed_cases / (double)ch[i].cases
                                       : CLI_NAN;
            double rep = ch[i].cases ? (double)ch[i].repeat_cases / (double)ch[i].cases
                                     : CLI_NAN;
            char *cells[] = {
                valid,
                cli_fmt("%llu", (unsigned long long)ch[i].contacts),
                cli_fmt("%llu", (unsigned long long)ch[i].cases),
                pct(ch[i].fcr_cases, ch[i].fcr),
                interval(ch[i].fcr_ci_lower, ch[i].fcr_ci_upper),
                pct(ch[i].repeat_cases, rep),
                pct(ch[i].crossed_cases, cross),
                cli_fmt("%llu", (unsigned long long)ch[i].resolved_here),
            };
            cli_table_add(t, cells);
            for (size_t j = 0; j < G_N_ELEMENTS(cells); j++)
                g_free(cells[j]);
        }
        putchar('\n');
        cli_table_print(t, stdout, 1);
        cli_table_free(t);
        char *mean = cli_num(all.contacts_mean, 2), *sd = cli_num(all.contacts_sd, 2);
        printf("\nFCR: the case's only contact resolved it; shares with Wilson intervals. By 1st\n"
               "channel: the cases that started there; res. here: resolutions in the channel.\n"
               "Contacts per case: 1: %llu, 2: %llu, 3: %llu, 4: %llu, 5+: %llu (max %llu);\n"
               "mean %s, SD %s. Reopened %llu (first contact flagged resolved: %llu),\n"
               "resolved twice %llu, outcome unknown %llu.\n",
               (unsigned long long)all.contacts_per_case[0],
               (unsigned long long)all.contacts_per_case[1],
               (unsigned long long)all.contacts_per_case[2],
               (unsigned long long)all.contacts_per_case[3],
               (unsigned long long)all.contacts_per_case[4],
               (unsigned long long)all.max_contacts, mean, sd,
               (unsigned long long)all.cases_reopened,
               (unsigned long long)(all.fcr_cases + all.fcr_reopened),
               (unsigned long long)all.cases_resolved_twice,
               (unsigned long long)all.cases_outcome_unknown);
        g_free(mean);
        g_free(sd);
        const char *key = by_time ? "time" : "number";
        printf("Not scored: %llu contacts (no case id %llu, no %s %llu, unreadable %s "
               "%llu).\nFlags blank %llu, unreadable %llu; channel blank %llu; malformed rows "
               "%llu.\n",
               (unsigned long long)all.rejected, (unsigned long long)all.rejected_no_case, key,
               (unsigned long long)all.rejected_order_missing, key,
               (unsigned long long)all.rejected_order_invalid,
               (unsigned long long)all.flag_unknown, (unsigned long long)all.flag_invalid,
               (unsigned long long)all.channel_missing, (unsigned long long)malformed.count);
        if (have_chi) {
            char *pbuf = cli_p(chi.p_value);
            printf("Segments differ? Chi-square on FCR by %s: %.2f, df %.0f, p %s.\n", o.by,
                   chi.statistic, chi.df1, pbuf);
            g_free(pbuf);
        }
        if (o.baseline) {
            printf("\nAgainst %s (segment minus baseline, in points):\n\n", o.baseline);
            const char *vh[] = { o.by, "FCR", "p", ci, "repeat", "p", ci };
            CliTable *vt = cli_table_new(G_N_ELEMENTS(vh), vh);
            for (size_t i = 0; i < used; i++) {
                Versus v = versus(seg_values, seg, used, by_cols->len, i, baseline_key,
                                  o.baseline, level);
                char *cells[] = {
                    cli_segment_label(seg_values[i], by_cols->len),
                    v.ok ? cli_fmt("%+.1f", 100.0 * v.fcr.diff) : g_strdup("-"),
                    v.ok ? cli_p(v.fcr.p_value) : g_strdup("-"),
                    v.ok ? cli_fmt("%.1f to %.1f", 100.0 * v.fcr.ci_lower,
                                   100.0 * v.fcr.ci_upper)
                         : g_strdup("-"),
                    v.ok ? cli_fmt("%+.1f", 100.0 * v.repeat.diff) : g_strdup("-"),
                    v.ok ? cli_p(v.repeat.p_value) : g_strdup("-"),
                    v.ok ? cli_fmt("%.1f to %.1f", 100.0 * v.repeat.ci_lower,
                                   100.0 * v.repeat.ci_upper)
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
    for (size_t i = 0; i < used; i++)
        g_strfreev(seg_values[i]);
    g_free(seg_values);
    g_free(seg);
    g_free(ch);
    if (overall_status != CX_OK) {
        cli_error(CMD, "no case with a usable contact");
        goto out;
    }
    status = CLI_EXIT_OK;
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
    g_free(o.by);
    g_free(o.baseline);
    g_free(o.level);
    g_free(o.format);
    g_option_context_free(ctx);
    return status;
}
