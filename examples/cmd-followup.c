/* SPDX-License-Identifier: MIT */
/* cxscore followup: the call-back queue of a survey export. The responses that need a call back
 * (detractors, the bottom of CSAT or CES, or row rules, cx-rules.h) are ranked by the priority of
 * cx-queue.h (value at risk joined from a value file, and the wait) and listed highest first;
 * with --top K only the K highest are kept, in memory bounded by K (the library's heap). Every
 * response the queue cannot take (no id, unreadable or future time, a second response with the
 * same id) is counted with its first line, never dropped silently. */
#include <string.h>

#include "cli-common.h"
#include "cli-orders.h"
#include "cli-report.h"

#define CMD "followup"

enum {
    BAD_NO_ID, BAD_TIME, BAD_FUTURE, BAD_DUPLICATE, BAD_SCORE,
    BAD_ORDER_CUSTOMER, BAD_ORDER_DATE, BAD_ORDER_AMOUNT, BAD_ORDER_NEGATIVE, BAD_ORDER_FUTURE,
    N_BAD
};
static const char *const BAD_NAMES[N_BAD] = {
    "no_id", "bad_time", "future", "duplicate", "bad_score", "order_no_customer",
    "order_bad_date", "order_bad_amount", "order_negative_amount", "order_future",
};
static const char *const BAD_TEXTS[N_BAD] = {
    "a response to call back without an id (not queued)",
    "no readable response time (not queued)",
    "a response time after --now (not queued)",
    "a second response with this id (not queued)",
    "a score that is not on its scale (criterion skipped)",
    "--orders: an order without a customer id (not counted)",
    "--orders: no date, or not a date (order not counted)",
    "--orders: an amount that is not a number (order not counted)",
    "--orders: a negative amount (order not counted)",
    "--orders: an order dated after the day of --now (not counted)",
};

/* warned: the survey's and the orders log's, the first ten of each named on stderr. */
typedef struct {
    uint64_t n[N_BAD], first[N_BAD], warned[2];
} Bad;

static void
bad(Bad *b, int why, uint64_t line)
{
    if (b->n[why]++ == 0)
        b->first[why] = line;
    if (b->warned[why >= BAD_ORDER_CUSTOMER]++ < 10)
        cli_error(CMD, "warning: line %llu: %s", (unsigned long long)line, BAD_TEXTS[why]);
}

/* One criterion on a score column: flagged when the number is in [lo, hi]. */
typedef struct {
    const char *name, *col_name;
    gboolean present;
    size_t col;
    double lo, hi, max;
} Criterion;

/* The value file: customer id -> value, and the line of each (to name both of a duplicate). */
typedef struct {
    double value;
    uint64_t line;
} Value;

static GHashTable *
load_values(const char *path)
{
    CxReader *r = cli_open(CMD, path);
    if (!r)
        return NULL;
    size_t c_cust, c_val;
    GHashTable *values = NULL;
    if (!cli_column(CMD, r, "customer", &c_cust) || !cli_column(CMD, r, "value", &c_val))
        goto out;
    values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    CliMalformed malformed = { .cmd = CMD };
    int st;
    while ((st = cli_next_row(r, &malformed)) == CX_ROW) {
        const char *id, *vt;
        size_t id_len, vt_len;
        uint64_t line = cx_reader_line(r);
        cx_reader_field(r, c_cust, &id, &id_len);
        cx_reader_field(r, c_val, &vt, &vt_len);
        double v;
        char *key = g_strndup(id, id_len);
        Value *old = g_hash_table_lookup(values, key);
        const char *why = !id_len ? "no customer id"
                          : old   ? NULL
                          : cx_cell_parse_number(vt, vt_len, &v) != CX_CELL_NUMBER
                              ? "the value is not a number"
                          : v < 0.0 ? "the value is negative"
                                    : "";
        if (old) {
            cli_error(CMD, "%s: customer '%s' is on line %llu and again on line %llu", path, key,
                      (unsigned long long)old->line, (unsigned long long)line);
        } else if (*why) {
            cli_error(CMD, "%s: line %llu: %s", path, (unsigned long long)line, why);
        } else {
            Value *val = g_new(Value, 1);
            *val = (Value){ v, line };
            g_hash_table_insert(values, key, val);
            continue;
        }
        g_free(key);
        g_clear_pointer(&values, g_hash_table_unref);
        goto out;
    }
    cli_malformed_summary(&malformed);
    if (st != CX_DONE)
        g_clear_pointer(&values, g_hash_table_unref);
out:
    cx_reader_free(r);
    return values;
}

/* The orders log of --orders: each customer's revenue in the --value-period days ending on the
 * day of --now, kept by the library's retention accumulator (compensated sums) as period 1;
 * earlier orders are period 0, so a customer with orders only before the window is known, with
 * revenue 0. Orders the log cannot give are counted in @b with their line. */
static CxRetention *
load_orders(const char *path, const char *const cols[3], double now, gint64 days, Bad *b,
            uint64_t *n_orders)
{
    CxReader *r = cli_open(CMD, path);
    if (!r)
        return NULL;
    CxRetention *acc = NULL;
    CliOrders orders;
    if (!cli_orders_columns(CMD, r, cols[0], cols[1], cols[2], &orders))
        goto out;
    if (!orders.has_amount) {
        cli_error(CMD, "%s: no amount column (name it with --orders-amount)", path);
        goto out;
    }
    cli_created(cx_retention_new(&acc));
    const int64_t today = (int64_t)floor(now / 86400.0);
    CliMalformed malformed = { .cmd = CMD };
    int st;
    while ((st = cli_next_row(r, &malformed)) == CX_ROW) {
        const char *id;
        size_t len;
        int64_t day;
        double amount;
        uint64_t line = cx_reader_line(r);
        int row = cli_orders_row(r, &orders, CX_PERIOD_DAY, &id, &len, &day, &amount);
        int why = row == CLI_ORDER_BAD_AMOUNT  ? BAD_ORDER_AMOUNT
                  : row != CLI_ORDER_OK        ? BAD_ORDER_DATE
                  : !len                       ? BAD_ORDER_CUSTOMER
                  : amount < 0.0               ? BAD_ORDER_NEGATIVE
                  : day > today                ? BAD_ORDER_FUTURE
                                               : -1;
        if (why >= 0) {
            bad(b, why, line);
            continue;
        }
        int added = cx_retention_add(acc, id, len, day > today - days ? 1 : 0, amount);
        if (added != CX_OK) {
            cli_error(CMD, "%s: line %llu: could not add the order: %s", path,
                      (unsigned long long)line, cx_strerror(added));
            g_clear_pointer(&acc, cx_retention_free);
            goto out;
        }
        (*n_orders)++;
    }
    cli_malformed_summary(&malformed);
    if (st != CX_DONE)
        g_clear_pointer(&acc, cx_retention_free);
out:
    cx_reader_free(r);
    return acc;
}

static CxRowRules *
load_rules(const char *path)
{
    gchar *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &text, &len, &err)) {
        cli_error(CMD, "%s", err->message);
        g_error_free(err);
        return NULL;
    }
    CxRowRules *rules = NULL;
    cli_created(cx_row_rules_new(&rules));
    int st = len > cx_row_rules_max_length() ? CX_E_INVALID_ARGUMENT
                                              : cx_row_rules_load_data(rules, text, len);
    if (st == CX_E_PARSE && cx_row_rules_error_line(rules))
        cli_error(CMD, "%s:%llu:%llu: %s", path,
                  (unsigned long long)cx_row_rules_error_line(rules),
                  (unsigned long long)cx_row_rules_error_column(rules),
                  cx_row_rules_error_message(rules));
    else if (st == CX_E_PARSE)
        cli_error(CMD, "%s: %s", path, cx_row_rules_error_message(rules));
    else if (st != CX_OK)
        cli_error(CMD, "%s: more than %zu bytes", path, cx_row_rules_max_length());
    g_free(text);
    if (st != CX_OK)
        g_clear_pointer(&rules, cx_row_rules_free);
    return rules;
}

/* The item kept in the queue: NUL-separated texts (id, customer, reason, comment), then the
 * value and the wait as doubles. */
static GByteArray *
pack(GByteArray *b, const char *const *texts, const size_t *lens, double value, double waited)
{
    g_byte_array_set_size(b, 0);
    for (int i = 0; i < 4; i++) {
        /* A NUL inside a cell would cut it: shown up to there. */
        const char *nul = memchr(texts[i], '\0', lens[i]);
        g_byte_array_append(b, (const guint8 *)texts[i],
                            (guint)(nul ? (size_t)(nul - texts[i]) : lens[i]));
        g_byte_array_append(b, (const guint8 *)"", 1);
    }
    g_byte_array_append(b, (const guint8 *)&value, sizeof value);
    g_byte_array_append(b, (const guint8 *)&waited, sizeof waited);
    return b;
}

/* One run of followup: the options, the sources of the value, the columns found and the queue. */
typedef struct {
    char *id_col, *cust_col, *time_col, *comment_col, *nps_col, *csat_col, *ces_col, *rules_path,
        *value_path, *now_s, *orders_path, *order_cols[3], *clv_retention_s;
    double csat_max, ces_max, missing_value, wait_scale, clv_discount, clv_margin, clv_retention;
    gint64 top, value_days;
    CliReportOptions ro;
    double now;
    CxReader *reader;
    CxRowRules *rules;
    CxQueue *queue;
    GHashTable *values, *seen;
    CxRetention *orders;
    Bad b;
    uint64_t n_orders;
    GByteArray *item;
    Criterion crit[3];
    size_t n_fields, *rule_cols, *rule_lens;
    const char **rule_cells;
    size_t c_id, c_cust, c_time, c_comment;
    gboolean has_comment;
    uint64_t responses, flagged, no_value;
    CliMalformed malformed;
} Followup;

static GOptionContext *
followup_context(Followup *f)
{
    GOptionEntry entries[] = {
        { "id", 0, 0, G_OPTION_ARG_STRING, &f->id_col, "Response id column (response_id)",
          "COL" },
        { "customer", 0, 0, G_OPTION_ARG_STRING, &f->cust_col,
          "Customer id column, joined with --value or --orders", "COL" },
        { "time", 0, 0, G_OPTION_ARG_STRING, &f->time_col,
          "Response time column, ISO 8601 (responded_at)", "COL" },
        { "comment", 0, 0, G_OPTION_ARG_STRING, &f->comment_col,
          "Comment column (comment, if present)", "COL" },
        { "nps", 0, 0, G_OPTION_ARG_STRING, &f->nps_col,
          "0-10 column: detractors (0-6) need a call back (score, without another criterion)",
          "COL" },
        { "csat", 0, 0, G_OPTION_ARG_STRING, &f->csat_col, "1-5 CSAT column", "COL" },
        { "csat-max", 0, 0, G_OPTION_ARG_DOUBLE, &f->csat_max,
          "CSAT at or below this needs a call back (2)", "X" },
        { "ces", 0, 0, G_OPTION_ARG_STRING, &f->ces_col, "1-7 CES column", "COL" },
        { "ces-max", 0, 0, G_OPTION_ARG_DOUBLE, &f->ces_max,
          "CES at or below this needs a call back (3)", "X" },
        { "rules", 0, 0, G_OPTION_ARG_FILENAME, &f->rules_path,
          "Rules file: one rule per line, e.g. score <= 6 and channel = phone", "FILE" },
        { "value", 0, 0, G_OPTION_ARG_FILENAME, &f->value_path,
          "CSV with columns customer,value (lifetime value or revenue)", "FILE" },
        { "orders", 0, 0, G_OPTION_ARG_FILENAME, &f->orders_path,
          "Or an orders log (customer, date, amount)", "FILE" },
        { "orders-customer", 0, 0, G_OPTION_ARG_STRING, &f->order_cols[0],
          "Its customer id column (customer_id or customer)", "COL" },
        { "orders-date", 0, 0, G_OPTION_ARG_STRING, &f->order_cols[1],
          "Its date column (order_date or date)", "COL" },
        { "orders-amount", 0, 0, G_OPTION_ARG_STRING, &f->order_cols[2],
          "Its revenue column (amount)", "COL" },
        { "value-period", 0, 0, G_OPTION_ARG_INT64, &f->value_days,
          "Value = revenue of DAYS to --now (365)", "DAYS" },
        { "clv-retention", 0, 0, G_OPTION_ARG_STRING, &f->clv_retention_s,
          "Value = CLV, r kept per value period (0-1)", "R" },
        { "clv-discount", 0, 0, G_OPTION_ARG_DOUBLE, &f->clv_discount,
          "CLV discount rate per value period (0.1)", "I" },
        { "clv-margin", 0, 0, G_OPTION_ARG_DOUBLE, &f->clv_margin,
          "CLV margin: this share of the period's revenue (1)", "M" },
        { "missing-value", 0, 0, G_OPTION_ARG_DOUBLE, &f->missing_value,
          "Value of a customer not in the file (0)", "X" },
        { "now", 0, 0, G_OPTION_ARG_STRING, &f->now_s,
          "Time of the analysis, ISO 8601 (default: the clock)", "TIME" },
        { "wait-scale", 0, 0, G_OPTION_ARG_DOUBLE, &f->wait_scale,
          "Hours of waiting that double a response's priority (24)", "H" },
        { "top", 0, 0, G_OPTION_ARG_INT64, &f->top,
          "Only the K highest priorities, in memory bounded by K (0: all)", "K" },
        { NULL },
    };
    GOptionContext *ctx =
        g_option_context_new("FILE - the responses that need a call back, by priority");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &f->ro, CLI_OPT_FORMAT | CLI_OPT_SECTION);
    g_option_context_set_summary(
        ctx, "Lists the survey responses that need a call back - detractors (0-6), CSAT or CES\n"
             "at or below a threshold, or rows matching a rules file - ranked by priority\n"
             "P = value x (1 + waited / wait-scale): the customer's value at risk - from\n"
             "--value, or from an orders log (--orders): the revenue of the last\n"
             "--value-period days, or with --clv-retention the CLV (Gupta & Lehmann 2003)\n"
             "of that revenue - and the hours since the response.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore followup survey.csv --value values.csv --now 2026-03-01T00:00:00Z\n"
             "  cxscore followup survey.csv --rules callback.rules --top 50 --format csv\n"
             "  cxscore followup survey.csv --orders orders.csv --value-period 90\n"
             "  cxscore followup survey.csv --orders orders.csv --clv-retention 0.8\n\n"
             "Rules: 'score <= 6 and channel = phone'; operators = != < <= > >=; strings in\n"
             "quotes or bare names; # starts a comment; a row matching any line is flagged.\n"
             "A response to call back without an id, with no readable or a future time, or a\n"
             "second one with the same id is not queued: counted in the section 'rejected'\n"
             "with its first line (the first ten on stderr). A customer twice in the value\n"
             "file is an error naming both lines. An order without a customer, with no or a\n"
             "bad date, a bad or negative amount, or dated after --now is counted there too.\n"
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Sources: " CLI_DOC_DIR "/followup.md.");
    return ctx;
}

/* The options after parsing: --now, the limits, the CLV's and the value's sources; FALSE
 * after a message. */
static gboolean
followup_check(Followup *f)
{
    if (f->now_s && cx_cell_parse_time(f->now_s, strlen(f->now_s), &f->now) != CX_CELL_NUMBER) {
        cli_error(CMD, "--now takes an ISO 8601 time (got '%s')", f->now_s);
        return FALSE;
    }
    if (f->top < 0 || !(f->wait_scale > 0.0) || !isfinite(f->wait_scale) ||
        !(f->missing_value >= 0.0) || !isfinite(f->missing_value) || !isfinite(f->csat_max) ||
        !isfinite(f->ces_max)) {
        cli_error(CMD, "--top takes K >= 0, --wait-scale hours > 0, --missing-value a value >= 0");
        return FALSE;
    }
    if (f->clv_retention_s) {
        char *end;
        f->clv_retention = g_ascii_strtod(f->clv_retention_s, &end);
        double probe;
        if (end == f->clv_retention_s || *end ||
            cx_value_clv(1.0, f->clv_retention, f->clv_discount, 0, 0.0, &probe) != CX_OK ||
            !(f->clv_margin >= 0.0) || !isfinite(f->clv_margin)) {
            cli_error(CMD, "--clv-retention takes r in 0-1 with 1 + --clv-discount - r > 0, "
                           "--clv-margin a share >= 0");
            return FALSE;
        }
    }
    if (f->value_path && f->orders_path) {
        cli_error(CMD, "--value and --orders are two sources of the value: give one");
        return FALSE;
    }
    if (!f->orders_path &&
        (f->clv_retention_s || f->order_cols[0] || f->order_cols[1] || f->order_cols[2])) {
        cli_error(CMD, "--clv-retention and --orders-* need --orders");
        return FALSE;
    }
    if (f->value_days < 1 || f->value_days > 3660000) {
        cli_error(CMD, "--value-period takes a number of days >= 1");
        return FALSE;
    }
    return TRUE;
}

/* Reads --orders, --rules and --value, then opens FILE and finds its columns: the criteria's,
 * the id, time, customer and comment, and every field the rules name. FALSE after a message. */
static gboolean
followup_open(Followup *f, const char *path)
{
    if (f->orders_path &&
        !(f->orders = load_orders(f->orders_path, (const char *const *)f->order_cols, f->now,
                                  f->value_days, &f->b, &f->n_orders)))
        return FALSE;
    if ((f->rules_path && !(f->rules = load_rules(f->rules_path))) ||
        (f->value_path && !(f->values = load_values(f->value_path))))
        return FALSE;
    CxReader *reader = f->reader = cli_open(CMD, path);
    if (!reader)
        return FALSE;
    const Criterion crit[3] = {
        { "nps", f->nps_col, FALSE, 0, 0.0, 6.0, 10.0 },
        { "csat", f->csat_col, FALSE, 0, 1.0, f->csat_max, 5.0 },
        { "ces", f->ces_col, FALSE, 0, 1.0, f->ces_max, 7.0 },
    };
    memcpy(f->crit, crit, sizeof crit);
    if (!f->nps_col && !f->csat_col && !f->ces_col && !f->rules)
        f->crit[0].col_name = "score";
    for (int c = 0; c < 3; c++)
        if (f->crit[c].col_name &&
            !(f->crit[c].present = cli_column(CMD, reader, f->crit[c].col_name, &f->crit[c].col)))
            return FALSE;
    if (!cli_column(CMD, reader, f->id_col ? f->id_col : "response_id", &f->c_id) ||
        !cli_column(CMD, reader, f->time_col ? f->time_col : "responded_at", &f->c_time) ||
        ((f->value_path || f->orders) &&
         !cli_column(CMD, reader, f->cust_col ? f->cust_col : "customer_id", &f->c_cust)))
        return FALSE;
    f->has_comment = f->comment_col
                         ? cli_column(CMD, reader, f->comment_col, &f->c_comment)
                         : cx_reader_column_index(reader, "comment", &f->c_comment) == CX_OK;
    if (f->comment_col && !f->has_comment)
        return FALSE;
    f->n_fields = cx_row_rules_field_count(f->rules);
    f->rule_cols = g_new0(size_t, f->n_fields + 1);
    f->rule_cells = g_new0(const char *, f->n_fields + 1);
    f->rule_lens = g_new0(size_t, f->n_fields + 1);
    for (size_t i = 0; i < f->n_fields; i++)
        if (!cli_column(CMD, reader, cx_row_rules_field_name(f->rules, i, NULL),
                        &f->rule_cols[i]))
            return FALSE;
    return TRUE;
}

/* Why the current row needs a call back, in @reason (empty: it does not): the first criterion
 * its score meets, else the first rule it matches. A score off its scale is counted. */
static void
followup_reason(Followup *f, uint64_t line, char *reason, size_t size)
{
    CxReader *reader = f->reader;
    for (int c = 0; c < 3 && !reason[0]; c++) {
        const Criterion *crit = &f->crit[c];
        const char *t;
        size_t tl;
        double v;
        if (!crit->present)
            continue;
        cx_reader_field(reader, crit->col, &t, &tl);
        int kind = cx_cell_parse_number(t, tl, &v);
        if (kind == CX_CELL_MISSING)
            continue;
        if (kind != CX_CELL_NUMBER || v < (c == 0 ? 0.0 : 1.0) || v > crit->max) {
            bad(&f->b, BAD_SCORE, line);
            continue;
        }
        if (v >= crit->lo && v <= crit->hi)
            g_strlcpy(reason, crit->name, size);
    }
    if (!reason[0] && f->rules) {
        for (size_t i = 0; i < f->n_fields; i++)
            cx_reader_field(reader, f->rule_cols[i], &f->rule_cells[i], &f->rule_lens[i]);
        size_t which;
        if (cx_row_rules_match(f->rules, f->rule_cells, f->rule_lens, f->n_fields, &which) == 1)
            g_snprintf(reason, size, "rule line %llu",
                       (unsigned long long)cx_row_rules_line(f->rules, which));
    }
}

/* The value of customer @cust (@len bytes) in *@value: from --value or --orders, else
 * --missing-value (counted without a value). FALSE after a message (a CLV not finite). */
static gboolean
followup_value(Followup *f, uint64_t line, const char *cust, size_t len, double *value)
{
    *value = f->missing_value;
    if (f->values) {
        char *key = g_strndup(cust, len);
        const Value *v = g_hash_table_lookup(f->values, key);
        g_free(key);
        if (v)
            *value = v->value;
        else
            f->no_value++;
    } else if (f->orders) {
        CxRetentionCustomer c = { .size = sizeof c };
        if (cx_retention_customer(f->orders, cust, len, 1, &c) != CX_OK)
            f->no_value++;
        else if (!f->clv_retention_s)
            *value = c.revenue_in_period;
        else if (cx_value_clv(f->clv_margin * c.revenue_in_period, f->clv_retention,
                              f->clv_discount, 0, 0.0, value) != CX_OK) {
            cli_error(CMD, "line %llu: the CLV is not finite", (unsigned long long)line);
            return FALSE;
        }
    }
    return TRUE;
}

/* The current row into the queue when it needs a call back and has an id and a valid time,
 * once per id; the others counted. FALSE after a message. */
static gboolean
followup_row(Followup *f)
{
    CxReader *reader = f->reader;
    uint64_t line = cx_reader_line(reader);
    f->responses++;
    char reason[48] = "";
    followup_reason(f, line, reason, sizeof reason);
    if (!reason[0])
        return TRUE;
    f->flagged++;
    const char *texts[4] = { "", "", reason, "" };
    size_t lens[4] = { 0, 0, strlen(reason), 0 };
    const char *tt;
    size_t tl;
    double at;
    cx_reader_field(reader, f->c_id, &texts[0], &lens[0]);
    cx_reader_field(reader, f->c_time, &tt, &tl);
    if (f->value_path || f->orders)
        cx_reader_field(reader, f->c_cust, &texts[1], &lens[1]);
    if (f->has_comment)
        cx_reader_field(reader, f->c_comment, &texts[3], &lens[3]);
    int why = !lens[0]                                              ? BAD_NO_ID
              : cx_cell_parse_time(tt, tl, &at) != CX_CELL_NUMBER ? BAD_TIME
              : at > f->now                                         ? BAD_FUTURE
                                                                    : -1;
    char *key = why < 0 ? g_strndup(texts[0], lens[0]) : NULL;
    if (key && g_hash_table_contains(f->seen, key)) {
        g_free(key);
        why = BAD_DUPLICATE;
    }
    if (why >= 0) {
        bad(&f->b, why, line);
        return TRUE;
    }
    g_hash_table_add(f->seen, key);
    double value, waited = f->now - at, priority;
    if (!followup_value(f, line, texts[1], lens[1], &value))
        return FALSE;
    int ps = cx_queue_priority(value, waited, f->wait_scale * 3600.0, &priority);
    if (ps != CX_OK) {
        cli_error(CMD, "line %llu: priority: %s", (unsigned long long)line, cx_strerror(ps));
        return FALSE;
    }
    pack(f->item, texts, lens, value, waited);
    int pushed = cx_queue_push(f->queue, priority, line, f->item->data, f->item->len, NULL);
    if (pushed != CX_OK) {
        cli_error(CMD, "line %llu: %s", (unsigned long long)line, cx_strerror(pushed));
        return FALSE;
    }
    return TRUE;
}

/* Every row of FILE through followup_row(), then the warnings left unnamed on stderr; FALSE
 * after a message. */
static gboolean
followup_read(Followup *f)
{
    cli_created(cx_queue_new((size_t)f->top, &f->queue));
    f->seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int st;
    while ((st = cli_next_row(f->reader, &f->malformed)) == CX_ROW)
        if (!followup_row(f))
            return FALSE;
    cli_malformed_summary(&f->malformed);
    if (st != CX_DONE)
        return FALSE;
    uint64_t unnamed = (f->b.warned[0] > 10 ? f->b.warned[0] - 10 : 0) +
                       (f->b.warned[1] > 10 ? f->b.warned[1] - 10 : 0);
    if (unnamed)
        cli_error(CMD, "warning: %llu more: see the section 'rejected'",
                  (unsigned long long)unnamed);
    return TRUE;
}

/* The "queue" section: the queued responses, highest priority first, with its notes. */
static void
queue_section(CliReport *rep, const Followup *f)
{
    const CliColumn queue_cols[] = {
        CLI_COL("rank", NULL, CLI_COL_COUNT, 0),
        CLI_COL("response_id", "response", CLI_COL_LABEL, 0),
        CLI_COL("customer_id", "customer", CLI_COL_LABEL, 0),
        CLI_DETAIL("line", CLI_COL_COUNT, 0),
        CLI_COL("reason", NULL, CLI_COL_LABEL, 0),
        CLI_COL("value", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("waited_hours", "waited h", CLI_COL_NUMBER, 0),
        CLI_COL("priority", NULL, CLI_COL_NUMBER, 0),
        CLI_COL("comment", NULL, CLI_COL_LABEL, 0),
    };
    cli_report_section(rep, "queue", "Call-back queue, highest priority first", queue_cols,
                       G_N_ELEMENTS(queue_cols));
    for (size_t r = 0; r < cx_queue_size(f->queue); r++) {
        const void *data;
        size_t len;
        double priority;
        uint64_t line;
        cx_queue_get(f->queue, r, &priority, &line, &data, &len);
        const char *p = data, *t[4];
        for (int i = 0; i < 4; i++) {
            t[i] = p;
            p += strlen(p) + 1;
        }
        double value, waited;
        memcpy(&value, p, sizeof value);
        memcpy(&waited, p + sizeof value, sizeof waited);
        cli_report_row(rep, (CliCell[]){ CLI_COUNT(r + 1), CLI_TEXT(t[0]),
                                         CLI_TEXT(f->value_path || f->orders ? t[1] : NULL),
                                         CLI_COUNT(line), CLI_TEXT(t[2]), CLI_NUM(value),
                                         CLI_NUM(waited / 3600.0), CLI_NUM(priority),
                                         CLI_TEXT(f->has_comment ? t[3] : NULL) });
    }
    cli_report_note(rep, "priority = value x (1 + waited / %g h)", f->wait_scale);
    if (f->orders && f->clv_retention_s)
        cli_report_note(rep, "value = CLV: m r / (1 + i - r), m = %g x revenue in %lld days, "
                        "r = %g, i = %g", f->clv_margin, (long long)f->value_days,
                        f->clv_retention, f->clv_discount);
    else if (f->orders)
        cli_report_note(rep, "value = revenue in the %lld days to the day of --now",
                        (long long)f->value_days);
}

/* The report: settings, the queue, the summary and the rejections; a status. */
static int
followup_emit(const Followup *f, const char *path)
{
    const CliColumn sum_cols[] = {
        CLI_COL("responses", NULL, CLI_COL_COUNT, 0),
        CLI_COL("to_call_back", "to call", CLI_COL_COUNT, 0),
        CLI_COL("queued", NULL, CLI_COL_COUNT, 0),
        CLI_COL("listed", NULL, CLI_COL_COUNT, 0),
        CLI_COL("without_value", "no value", CLI_COL_COUNT, 0),
    };
    const CliColumn rej_cols[] = {
        CLI_COL("reason", NULL, CLI_COL_LABEL, 0),
        CLI_COL("responses", NULL, CLI_COL_COUNT, 0),
        CLI_COL("first_line", "first line", CLI_COL_COUNT, 0),
    };
    CliReport *rep = cli_report_new(CMD, f->ro.format, stdout);
    cli_report_only(rep, f->ro.section);
    cli_report_setting_text(rep, "file", path);
    cli_report_setting_text(rep, "now", f->now_s);
    cli_report_setting_number(rep, "wait_scale_hours", f->wait_scale);
    cli_report_setting_count(rep, "top", (uint64_t)f->top);
    cli_report_setting_text(rep, "value_file", f->value_path);
    cli_report_setting_text(rep, "orders", f->orders_path);
    if (f->orders) {
        const gboolean clv = f->clv_retention_s != NULL;
        cli_report_setting_count(rep, "value_period_days", (uint64_t)f->value_days);
        cli_report_setting_count(rep, "orders_counted", f->n_orders);
        cli_report_setting_number(rep, "clv_retention", f->clv_retention);
        cli_report_setting_number(rep, "clv_discount", clv ? f->clv_discount : CLI_NAN);
        cli_report_setting_number(rep, "clv_margin", clv ? f->clv_margin : CLI_NAN);
    }
    queue_section(rep, f);
    cli_report_section(rep, "summary", "Responses", sum_cols, G_N_ELEMENTS(sum_cols));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(f->responses), CLI_COUNT(f->flagged),
                                     CLI_COUNT(cx_queue_offered(f->queue)),
                                     CLI_COUNT(cx_queue_size(f->queue)),
                                     CLI_COUNT(f->no_value) });
    cli_report_note(rep, "to call: flagged; queued: with an id and a valid time, once each.");
    cli_report_section(rep, "rejected", "Responses not queued, unreadable scores and orders",
                       rej_cols, G_N_ELEMENTS(rej_cols));
    for (int k = 0; k < N_BAD; k++)
        if (f->b.n[k])
            cli_report_row(rep, (CliCell[]){ CLI_TEXT(BAD_NAMES[k]), CLI_COUNT(f->b.n[k]),
                                             CLI_COUNT(f->b.first[k]) });
    if (f->orders)
        cli_report_note(rep, "order_*: rows of --orders, their first line in that file.");
    return cli_report_finish(rep);
}

int
cmd_followup(int argc, char **argv)
{
    Followup f = { .csat_max = 2.0, .ces_max = 3.0, .wait_scale = 24.0, .clv_discount = 0.1,
                   .clv_margin = 1.0, .clv_retention = CLI_NAN, .value_days = 365,
                   .now = (double)(g_get_real_time() / G_USEC_PER_SEC),
                   .malformed = { .cmd = CMD } };
    f.item = g_byte_array_new();
    GOptionContext *ctx = followup_context(&f);
    int status = CLI_EXIT_USAGE;
    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)" : "one FILE only");
        goto out;
    }
    if (!cli_report_options_check(CMD, &f.ro) || !followup_check(&f))
        goto out;
    status = CLI_EXIT_DATA;
    if (followup_open(&f, argv[1]) && followup_read(&f))
        status = followup_emit(&f, argv[1]);
out:
    g_byte_array_unref(f.item);
    g_free(f.rule_cols);
    g_free(f.rule_cells);
    g_free(f.rule_lens);
    if (f.seen)
        g_hash_table_unref(f.seen);
    if (f.values)
        g_hash_table_unref(f.values);
    cx_queue_free(f.queue);
    cx_row_rules_free(f.rules);
    cx_reader_free(f.reader);
    g_free(f.id_col);
    g_free(f.cust_col);
    g_free(f.time_col);
    g_free(f.comment_col);
    g_free(f.nps_col);
    g_free(f.csat_col);
    g_free(f.ces_col);
    g_free(f.rules_path);
    g_free(f.value_path);
    g_free(f.orders_path);
    for (int i = 0; i < 3; i++)
        g_free(f.order_cols[i]);
    g_free(f.clv_retention_s);
    cx_retention_free(f.orders);
    g_free(f.now_s);
    cli_report_options_clear(&f.ro);
    g_option_context_free(ctx);
    return status;
}
