/* SPDX-License-Identifier: MIT */
/* cxscore retention: retention, churn, repeat purchase, cohorts and revenue at risk from an
 * activity log (one row per order or visit: customer, date, amount), overall and by segment;
 * optionally the revenue at risk with the customers whose latest survey answer is a detractor. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"

#define CMD "retention"

typedef struct {
    char *customer, *date, *every, *amount, *by, *level, *format, *survey, *survey_customer,
        *survey_score, *margin_rate, *discount, *baseline;
    gboolean cohorts;
    gint64 cohort_periods;
} Options;

static void *
retention_new(void *user)
{
    (void)user;
    CxRetention *acc = NULL;
    cli_created(cx_retention_new(&acc));
    return acc;
}

static void
retention_free(void *acc)
{
    cx_retention_free(acc);
}

/* The first of @names that is a column, or NULL. */
static const char *
first_column(CxReader *reader, const char *const *names)
{
    size_t index;
    for (; *names; names++)
        if (cx_reader_column_index(reader, *names, &index) == CX_OK)
            return *names;
    return NULL;
}

static gboolean
parse_double(const char *opt, const char *text, double lo, double hi, double *out)
{
    if (!text)
        return TRUE;
    char *end;
    double v = g_ascii_strtod(text, &end);
    if (end == text || *end || !(v >= lo && v <= hi)) {
        cli_error(CMD, "%s takes a number from %g to %g (got '%s')", opt, lo, hi, text);
        return FALSE;
    }
    *out = v;
    return TRUE;
}

/* Revenue at risk with the detractors of a survey: customers whose latest valid 0-10 answer is
 * 0-6, and what those active in the last period brought in it. */
typedef struct {
    gboolean asked;
    uint64_t respondents, detractors, found, active;
    double revenue;
    uint64_t malformed, invalid;
} Detractors;

static int
read_survey(const Options *o, const CxRetention *log, int64_t period, Detractors *d)
{
    d->asked = TRUE;
    CxReader *reader = cli_open(CMD, o->survey);
    if (!reader)
        return CLI_EXIT_DATA;
    size_t id_col, score_col;
    if (!cli_column(CMD, reader, o->survey_customer ? o->survey_customer : "respondent_id",
                    &id_col) ||
        !cli_column(CMD, reader, o->survey_score ? o->survey_score : "score", &score_col)) {
        cx_reader_free(reader);
        return CLI_EXIT_DATA;
    }
    /* id -> latest category (the file's last valid answer): 1 detractor, 0 not. */
    GHashTable *latest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int st;
    while ((st = cx_reader_next(reader)) != CX_DONE) {
        if (st == CX_E_MALFORMED_ROW) {
            d->malformed++;
            continue;
        }
        if (st != CX_ROW) {
            cli_error(CMD, "%s: %s", o->survey, cx_reader_error_message(reader));
            g_hash_table_destroy(latest);
            cx_reader_free(reader);
            return CLI_EXIT_DATA;
        }
        const char *id;
        size_t len;
        double score;
        cx_reader_field(reader, id_col, &id, &len);
        if (len == 0 || cx_reader_field_number(reader, score_col, &score) != CX_CELL_NUMBER ||
            floor(score) < score || score < 0.0 || score > 10.0) {
            d->invalid++;
            continue;
        }
        g_hash_table_insert(latest, g_strndup(id, len), GINT_TO_POINTER(score <= 6.0 ? 1 : 2));
    }
    cx_reader_free(reader);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, latest);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        d->respondents++;
        if (GPOINTER_TO_INT(value) != 1)
            continue;
        d->detractors++;
        CxRetentionCustomer c = { .size = sizeof c };
        if (cx_retention_customer(log, key, strlen(key), period, &c) != CX_OK)
            continue;
        d->found++;
        if (c.active_in_period) {
            d->active++;
            d->revenue += c.revenue_in_period;
        }
    }
    g_hash_table_destroy(latest);
    return CLI_EXIT_OK;
}

/* Everything reported for one series (overall or a segment). */
typedef struct {
    CxRetentionResult s;
    CxRetentionPeriod *periods; /* n_periods */
    uint64_t *sizes, *active;   /* cohort table, n_periods × n_periods */
    double value_lost;          /* lifetime value lost with the last period's churned */
} Report;

static void
report_of(const CxRetention *r, int64_t first, size_t n, double level, double margin_rate,
          double discount, double pooled_retention, Report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->s.size = sizeof rep->s;
    cx_retention_result(r, level, &rep->s);
    rep->periods = g_new0(CxRetentionPeriod, n);
    for (size_t i = 0; i < n; i++)
        rep->periods[i].size = sizeof rep->periods[i];
    cx_retention_periods(r, first, n, level, rep->periods);
    rep->sizes = g_new0(uint64_t, n);
    rep->active = g_new0(uint64_t, n * n);
    cx_retention_cohorts(r, first, n, rep->sizes, rep->active);
    rep->value_lost = CLI_NAN;
    /* Gupta & Lehmann: each churned customer's margin per period m_c = revenue × margin rate;
     * CLV is linear in m, so the sum of their CLVs is CLV(Σ m_c). */
    if (!isnan(margin_rate) && n >= 1)
        cx_value_clv(rep->periods[n - 1].revenue_at_risk * margin_rate, pooled_retention, discount, 0,
               0.0, &rep->value_lost);
}

static void
report_free(Report *rep)
{
    g_free(rep->periods);
    g_free(rep->sizes);
    g_free(rep->active);
}

static void
json_report(JsonBuilder *b, const Report *rep, size_t n, int unit)
{
    const CxRetentionResult *s = &rep->s;
    cli_json_uint(b, "customers", s->customers);
    cli_json_uint(b, "events", s->events);
    cli_json_uint(b, "events_without_amount", s->events_no_amount);
    cli_json_uint(b, "rejected_no_customer", s->rejected_no_customer);
    cli_json_uint(b, "repeat_customers", s->repeat_customers);
    cli_json_double(b, "repeat_rate", s->repeat_rate);
    cli_json_double(b, "repeat_rate_ci_lower", s->repeat_rate_ci_lower);
    cli_json_double(b, "repeat_rate_ci_upper", s->repeat_rate_ci_upper);
    cli_json_double(b, "retention", s->retention);
    cli_json_double(b, "retention_ci_lower", s->retention_ci_lower);
    cli_json_double(b, "retention_ci_upper", s->retention_ci_upper);
    cli_json_double(b, "churn", s->churn);
    cli_json_double(b, "revenue", s->customers ? s->revenue : CLI_NAN);
    json_builder_set_member_name(b, "periods");
    json_builder_begin_array(b);
    for (size_t i = 0; i < n; i++) {
        const CxRetentionPeriod *p = &rep->periods[i];
        json_builder_begin_object(b);
        char *label = cli_period_label(unit, p->period);
        json_builder_set_member_name(b, "period");
        json_builder_add_string_value(b, label);
        g_free(label);
        cli_json_uint(b, "active", p->active);
        cli_json_uint(b, "new", p->new_customers);
        cli_json_uint(b, "retained", p->retained);
        cli_json_uint(b, "returning", p->returning);
        cli_json_uint(b, "churned", p->churned);
        cli_json_uint(b, "previous_active", p->previous_active);
        cli_json_double(b, "retention", p->retention);
        cli_json_double(b, "retention_ci_lower", p->retention_ci_lower);
        cli_json_double(b, "retention_ci_upper", p->retention_ci_upper);
        cli_json_double(b, "churn", p->churn);
        cli_json_double(b, "revenue", p->revenue);
        cli_json_double(b, "revenue_at_risk", p->revenue_at_risk);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "cohorts");
    json_builder_begin_array(b);
    for (size_t i = 0; i < n; i++) {
        json_builder_begin_object(b);
        char *label = cli_period_label(unit, rep->periods[i].period);
        json_builder_set_member_name(b, "cohort");
        json_builder_add_string_value(b, label);
        g_free(label);
        cli_json_uint(b, "size", rep->sizes[i]);
        json_builder_set_member_name(b, "share_active");
        json_builder_begin_array(b);
        for (size_t k = 0; i + k < n; k++) {
            if (rep->sizes[i])
                json_builder_add_double_value(b, (double)rep->active[i * n + k] /
                                                     (double)rep->sizes[i]);
            else
                json_builder_add_null_value(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "revenue_at_risk");
    json_builder_begin_object(b);
    const CxRetentionPeriod *last = &rep->periods[n - 1];
    char *label = cli_period_label(unit, last->period);
    json_builder_set_member_name(b, "period");
    json_builder_add_string_value(b, label);
    g_free(label);
    cli_json_uint(b, "churned", last->churned);
    cli_json_double(b, "revenue_per_period", last->revenue_at_risk);
    cli_json_double(b, "lifetime_value_lost", rep->value_lost);
    json_builder_end_object(b);
}

static void
table_report(const Report *rep, size_t n, int unit, double level, const char *title)
{
    char *ci = cli_level_title(level);
    const char *h[] = { "period", "active", "new", "kept", "back", "lost", "kept %", ci,
                        "revenue", "at risk" };
    CliTable *t = cli_table_new(G_N_ELEMENTS(h), h);
    for (size_t i = 0; i < n; i++) {
        const CxRetentionPeriod *p = &rep->periods[i];
        gboolean has = p->previous_active > 0;
        char *cells[] = {
            cli_period_label(unit, p->period),
            cli_fmt("%llu", (unsigned long long)p->active),
            cli_fmt("%llu", (unsigned long long)p->new_customers),
            cli_fmt("%llu", (unsigned long long)p->retained),
            cli_fmt("%llu", (unsigned long long)p->returning),
            cli_fmt("%llu", (unsigned long long)p->churned),
            has ? cli_num(100.0 * p->retention, 1) : g_strdup("-"),
            has ? cli_fmt("%.1f to %.1f", 100.0 * p->retention_ci_lower,
                          100.0 * p->retention_ci_upper)
                : g_strdup("-"),
            cli_num(p->revenue, 0),
            has ? cli_num(p->revenue_at_risk, 0) : g_strdup("-"),
        };
        cli_table_add(t, cells);
        for (size_t k = 0; k < G_N_ELEMENTS(cells); k++)
            g_free(cells[k]);
    }
    printf("%s\n\n", title);
    cli_table_print(t, stdout, 1);
    cli_table_free(t);
    g_free(ci);
}

static void
table_cohorts(const Report *rep, size_t n, int unit, size_t max_k)
{
    size_t cols = MIN(n, max_k);
    GPtrArray *h = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(h, g_strdup("cohort"));
    g_ptr_array_add(h, g_strdup("size"));
    for (size_t k = 0; k < cols; k++)
        g_ptr_array_add(h, g_strdup_printf("+%zu", k));
    CliTable *t = cli_table_new(h->len, (const char *const *)h->pdata);
    for (size_t i = 0; i < n; i++) {
        char **cells = g_new0(char *, h->len);
        cells[0] = cli_period_label(unit, rep->periods[i].period);
        cells[1] = cli_fmt("%llu", (unsigned long long)rep->sizes[i]);
        for (size_t k = 0; k < cols; k++)
            cells[2 + k] = i + k < n && rep->sizes[i]
                               ? cli_num(100.0 * (double)rep->active[i * n + k] /
                                             (double)rep->sizes[i],
                                         0)
                               : g_strdup("");
        cli_table_add(t, cells);
        for (size_t k = 0; k < h->len; k++)
            g_free(cells[k]);
        g_free(cells);
    }
    printf("\nCohorts: %% of each cohort (first period) active k periods later\n\n");
    cli_table_print(t, stdout, 1);
    cli_table_free(t);
    g_ptr_array_free(h, TRUE);
}

/* A segment against its --baseline segment: pooled retention and repeat-purchase rate. */
typedef struct {
    gboolean ok;
    CxProportionComparison retention, repeat;
} Versus;

static Versus
versus(CliGroups *groups, const CliGroup *g, size_t key_index, const char *baseline, double level)
{
    Versus v = { FALSE, { .size = sizeof v.retention }, { .size = sizeof v.repeat } };
    const CliGroup *base = baseline ? cli_baseline_find(groups, g, key_index, baseline) : NULL;
    CxRetentionResult a = { .size = sizeof a }, b = { .size = sizeof b };
    if (!base || cx_retention_result(g->acc, level, &a) != CX_OK ||
        cx_retention_result(base->acc, level, &b) != CX_OK)
        return v;
    v.ok = cx_proportion_compare((double)a.retained, (double)a.at_risk, (double)b.retained,
                                 (double)b.at_risk, level, &v.retention) == CX_OK &&
           cx_proportion_compare((double)a.repeat_customers, (double)a.customers,
                                 (double)b.repeat_customers, (double)b.customers, level,
                                 &v.repeat) == CX_OK;
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
    const CxProportionComparison *c[2] = { &v->retention, &v->repeat };
    const char *names[2][5] = {
        { "retention_diff", "retention_z", "retention_p", "retention_ci_lower",
          "retention_ci_upper" },
        { "repeat_diff", "repeat_z", "repeat_p", "repeat_ci_lower", "repeat_ci_upper" },
    };
    for (int i = 0; i < 2; i++) {
        cli_json_double(b, names[i][0], c[i]->diff);
        cli_json_double(b, names[i][1], c[i]->z);
        cli_json_double(b, names[i][2], c[i]->p_value);
        cli_json_double(b, names[i][3], c[i]->ci_lower);
        cli_json_double(b, names[i][4], c[i]->ci_upper);
    }
    json_builder_end_object(b);
}

int
cmd_retention(int argc, char **argv)
{
    Options o = { 0 };
    o.cohort_periods = 12;
    GOptionEntry entries[] = {
        { "customer", 0, 0, G_OPTION_ARG_FILENAME, &o.customer,
          "Customer id column (customer_id or customer)", "COL" },
        { "date", 0, 0, G_OPTION_ARG_FILENAME, &o.date,
          "Date column (default order_date or date)", "COL" },
        { "every", 'e', 0, G_OPTION_ARG_FILENAME, &o.every,
          "Period: day, week, month (default), quarter or year", "UNIT" },
        { "amount", 0, 0, G_OPTION_ARG_FILENAME, &o.amount,
          "Revenue column (default amount, if there is one)", "COL" },
        { "by", 'b', 0, G_OPTION_ARG_FILENAME, &o.by,
          "One report per segment of these columns", "COL[,COL...]" },
        { "cohorts", 0, 0, G_OPTION_ARG_NONE, &o.cohorts, "Print the cohort table too", NULL },
        { "cohort-periods", 0, 0, G_OPTION_ARG_INT64, &o.cohort_periods,
          "Columns of the printed cohort table (default 12)", "N" },
        { "survey", 0, 0, G_OPTION_ARG_FILENAME, &o.survey,
          "A survey export: revenue at risk of detractors", "FILE" },
        { "survey-customer", 0, 0, G_OPTION_ARG_FILENAME, &o.survey_customer,
          "Its customer id column (default respondent_id)", "COL" },
        { "survey-score", 0, 0, G_OPTION_ARG_FILENAME, &o.survey_score,
          "Its 0-10 recommend column (default score)", "COL" },
        { "margin-rate", 0, 0, G_OPTION_ARG_FILENAME, &o.margin_rate,
          "Margin share of revenue, 0-1: adds value lost", "R" },
        { "discount", 0, 0, G_OPTION_ARG_FILENAME, &o.discount,
          "Discount rate per period (default 0.01 a month)", "I" },
        { "baseline", 0, 0, G_OPTION_ARG_FILENAME, &o.baseline,
          "Compare each segment with the one where COL=VALUE", "COL=VALUE" },
        { "level", 'l', 0, G_OPTION_ARG_FILENAME, &o.level, "Confidence level (default 0.95)",
          "0.95" },
        { "format", 'f', 0, G_OPTION_ARG_FILENAME, &o.format, "table (default), csv or json",
          "FORMAT" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - retention from an order or activity log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    g_option_context_set_summary(
        ctx, "Per period: customers active, new, kept from the period before, back after a\n"
             "gap, lost; retention = kept / active before (Wilson interval), revenue, and the\n"
             "revenue at risk: what the customers lost in a period brought in the one before.\n"
             "Overall: repeat-purchase rate, pooled retention, the cohort table.");
    g_option_context_set_description(
        ctx, "Examples:\n"
             "  cxscore retention orders.csv\n"
             "  cxscore retention orders.csv --every quarter --cohorts\n"
             "  cxscore retention orders.csv --survey survey.csv --margin-rate 0.3\n"
             "  cxscore retention orders.csv --by channel --format json\n"
             "  cxscore retention orders.csv --by channel --baseline channel=web\n\n"
             "Rows without a customer id or a date, with a date that is not YYYY-MM-DD or an\n"
             "amount that is not a number are counted and reported; a blank amount is an order\n"
             "without revenue.\n" CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Formulas and sources: " CLI_DOC_DIR "/loyalty.md.");

    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    CxRetention *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    double level = 0.95, margin_rate = CLI_NAN, discount = 0.01;
    int unit = CX_PERIOD_MONTH;
    CliFormat format;
    if (!cli_parse_options(CMD, ctx, &argc, &argv))
        goto out;
    if (argc != 2) {
        cli_error(CMD, argc < 2 ? "no FILE given (use - for standard input)"
                                : "one FILE only, please");
        goto out;
    }
    if (!cli_parse_format(CMD, o.format, &format) || !cli_parse_level(CMD, o.level, &level) ||
        !parse_double("--margin-rate", o.margin_rate, 0.0, 1.0, &margin_rate) ||
        !parse_double("--discount", o.discount, 0.0, 10.0, &discount))
        goto out;
    if (o.every && (unit = cli_period_unit(o.every)) < 0) {
        cli_error(CMD, "unknown --every '%s' (day, week, month, quarter or year)", o.every);
        goto out;
    }
    if (o.cohort_periods < 1) {
        cli_error(CMD, "--cohort-periods must be at least 1");
        goto out;
    }

    status = CLI_EXIT_DATA;
    reader = cli_open(CMD, argv[1]);
    if (!reader)
        goto out;
    static const char *const customer_names[] = { "customer_id", "customer", NULL };
    static const char *const date_names[] = { "order_date", "date", NULL };
    static const char *const amount_names[] = { "amount", NULL };
    const char *customer = o.customer ? o.customer : first_column(reader, customer_names);
    const char *date = o.date ? o.date : first_column(reader, date_names);
    const char *amount = o.amount ? o.amount : first_column(reader, amount_names);
    size_t id_col, date_col, amount_col = 0;
    if (!cli_column(CMD, reader, customer ? customer : "customer_id", &id_col) ||
        !cli_column(CMD, reader, date ? date : "order_date", &date_col) ||
        (amount && !cli_column(CMD, reader, amount, &amount_col)) ||
        (o.by && !cli_columns(CMD, reader, o.by, by)))
        goto out;
    cli_input_times(reader, date_col); /* platforms' dates, --date-format (cli-input.c) */
    size_t baseline_key = 0;
    if (o.baseline && (status = cli_baseline_key(CMD, o.baseline, reader, by, &baseline_key)))
        goto out;
    status = CLI_EXIT_DATA;

    overall = retention_new(NULL);
    groups = by->len ? cli_groups_new(by->len, retention_new, retention_free, NULL) : NULL;
    CliMalformed malformed = { .cmd = CMD };
    uint64_t no_date = 0, bad_date = 0, bad_amount = 0;
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *id, *dtext;
        size_t len, dlen;
        cx_reader_field(reader, date_col, &dtext, &dlen);
        int64_t period;
        double value = CLI_NAN;
        if (cx_period_from_date(dtext, dlen, unit, &period) != CX_OK) {
            if (cx_cell_parse_number(dtext, dlen, &value) == CX_CELL_MISSING)
                no_date++;
            else
                bad_date++;
            continue;
        }
        value = CLI_NAN;
        if (amount) {
            int cell = cx_reader_field_number(reader, amount_col, &value);
            if (cell == CX_CELL_MISSING) {
                value = CLI_NAN;
            } else if (cell != CX_CELL_NUMBER) {
                bad_amount++;
                continue;
            }
        }
        cx_reader_field(reader, id_col, &id, &len);
        int added = cx_retention_add(overall, id, len, period, value);
        if (added == CX_OK && groups)
            added = cx_retention_add(cli_groups_get(groups, reader, (size_t *)(void *)by->data),
                                     id, len, period, value);
        if (added != CX_OK) { /* out of memory or past 2^64: the row cannot be dropped silently */
            cli_error(CMD, "line %llu: could not add the row: %s",
                      (unsigned long long)cx_reader_line(reader), cx_strerror(added));
            goto out;
        }
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);

    CxRetentionResult all = { .size = sizeof all };
    if (cx_retention_result(overall, level, &all) != CX_OK) {
        cli_error(CMD, "no row with a customer id and a date");
        goto out;
    }
    if (all.last_period - all.first_period >= 10000) {
        cli_error(CMD, "the dates span %lld periods; use a longer --every",
                  (long long)(all.last_period - all.first_period + 1));
        status = CLI_EXIT_USAGE;
        goto out;
    }
    const int64_t first = all.first_period;
    const size_t n = (size_t)(all.last_period - all.first_period + 1);
    Detractors det = { 0 };
    if (o.survey && (status = read_survey(&o, overall, all.last_period, &det)) != CLI_EXIT_OK)
        goto out;

    size_t n_groups = 0;
    CliGroup **sorted = groups ? cli_groups_sorted(groups, &n_groups) : NULL;
    if (o.baseline &&
        (status = cli_baseline_check(CMD, o.baseline, baseline_key, sorted, n_groups,
                                     amount ? "row with a readable date and amount"
                                            : "row with a readable date"))) {
        g_free(sorted);
        goto out;
    }
    status = CLI_EXIT_DATA;

    Report rep;
    report_of(overall, first, n, level, margin_rate, discount, all.retention, &rep);
    static const char *const unit_names[] = { "day", "week", "month", "quarter", "year" };
    const char *idname = cx_reader_column_name(reader, id_col);
    const char *datename = cx_reader_column_name(reader, date_col);
    char *last_label = cli_period_label(unit, all.last_period);
    char *before_label = cli_period_label(unit, all.last_period - 1);

    if (format == CLI_FORMAT_JSON) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "customer_column");
        json_builder_add_string_value(b, idname);
        json_builder_set_member_name(b, "date_column");
        json_builder_add_string_value(b, datename);
        cli_json_string(b, "amount_column", amount);
        json_builder_set_member_name(b, "every");
        json_builder_add_string_value(b, unit_names[unit]);
        cli_json_double(b, "level", level);
        cli_json_double(b, "margin_rate", margin_rate);
        cli_json_double(b, "discount", isnan(margin_rate) ? CLI_NAN : discount);
        cli_json_uint(b, "malformed_rows", malformed.count);
        cli_json_uint(b, "rows_without_date", no_date);
        cli_json_uint(b, "rows_bad_date", bad_date);
        cli_json_uint(b, "rows_bad_amount", bad_amount);
        cli_json_string(b, "baseline", o.baseline);
        json_builder_set_member_name(b, "overall");
        json_builder_begin_object(b);
        json_report(b, &rep, n, unit);
        json_builder_end_object(b);
        json_builder_set_member_name(b, "detractors");
        if (!det.asked) {
            json_builder_add_null_value(b);
        } else {
            json_builder_begin_object(b);
            cli_json_uint(b, "respondents", det.respondents);
            cli_json_uint(b, "detractors", det.detractors);
            cli_json_uint(b, "in_log", det.found);
            cli_json_uint(b, "active_last_period", det.active);
            cli_json_double(b, "revenue_last_period", det.revenue);
            cli_json_uint(b, "survey_rows_without_valid_answer", det.invalid);
            cli_json_uint(b, "survey_malformed_rows", det.malformed);
            json_builder_end_object(b);
        }
        if (groups) {
            json_builder_set_member_name(b, "segments");
            json_builder_begin_array(b);
            for (size_t g = 0; g < n_groups; g++) {
                json_builder_begin_object(b);
                cli_json_key(b, reader, by, sorted[g]->values);
                Report r;
                CxRetentionResult gs = { .size = sizeof gs };
                cx_retention_result(sorted[g]->acc, level, &gs);
                report_of(sorted[g]->acc, first, n, level, margin_rate, discount, gs.retention,
                          &r);
                json_report(b, &r, n, unit);
                report_free(&r);
                Versus v = versus(groups, sorted[g], baseline_key, o.baseline, level);
                json_versus(b, &v);
                json_builder_end_object(b);
            }
            json_builder_end_array(b);
        }
        json_builder_end_object(b);
        cli_json_print(b, stdout);
        g_object_unref(b);
    } else if (format == CLI_FORMAT_CSV) {
        cli_csv_key_header(stdout, reader, by);
        fputs("period,active,new,retained,returning,churned,previous_active,retention,"
              "retention_ci_lower,retention_ci_upper,revenue,revenue_at_risk\n",
              stdout);
        for (size_t g = 0; g <= n_groups; g++) {
            Report r, *rp = &rep;
            if (g < n_groups) {
                CxRetentionResult gs = { .size = sizeof gs };
                cx_retention_result(sorted[g]->acc, level, &gs);
                report_of(sorted[g]->acc, first, n, level, margin_rate, discount, gs.retention,
                          &r);
                rp = &r;
            }
            for (size_t i = 0; i < n; i++) {
                const CxRetentionPeriod *p = &rp->periods[i];
                for (guint k = 0; k < by->len; k++)
                    cli_csv_field(stdout, g < n_groups ? sorted[g]->values[k] : "(all)", FALSE);
                char *label = cli_period_label(unit, p->period);
                cli_csv_field(stdout, label, FALSE);
                g_free(label);
                fprintf(stdout, "%llu,%llu,%llu,%llu,%llu,%llu,",
                        (unsigned long long)p->active, (unsigned long long)p->new_customers,
                        (unsigned long long)p->retained, (unsigned long long)p->returning,
                        (unsigned long long)p->churned, (unsigned long long)p->previous_active);
                const double v[] = { p->retention, p->retention_ci_lower,
                                     p->retention_ci_upper, p->revenue, p->revenue_at_risk };
                for (size_t j = 0; j < G_N_ELEMENTS(v); j++)
                    cli_csv_double(stdout, v[j], j + 1 == G_N_ELEMENTS(v));
            }
            if (rp != &rep)
                report_free(rp);
        }
    } else {
        for (size_t g = 0; g < n_groups; g++) {
            char *title = cli_segment_title(reader, by, sorted[g]->values);
            Report r;
            CxRetentionResult gs = { .size = sizeof gs };
            cx_retention_result(sorted[g]->acc, level, &gs);
            report_of(sorted[g]->acc, first, n, level, margin_rate, discount, gs.retention, &r);
            table_report(&r, n, unit, level, title);
            printf("\nRetention %.1f%%, repeat purchase %.1f%% of %llu customers.\n\n",
                   100.0 * gs.retention, 100.0 * gs.repeat_rate,
                   (unsigned long long)gs.customers);
            report_free(&r);
            g_free(title);
        }
        char *title = cli_fmt("Retention of '%s' by %s of '%s'%s", idname, unit_names[unit],
                              datename, groups ? " (all)" : "");
        table_report(&rep, n, unit, level, title);
        g_free(title);
        if (o.cohorts)
            table_cohorts(&rep, n, unit, (size_t)o.cohort_periods);
        const CxRetentionPeriod *last = &rep.periods[n - 1];
        printf("\n%llu customers, %llu orders; repeat purchase %.1f%% (%.1f to %.1f).\n"
               "Retention per %s %.1f%% (%.1f to %.1f), churn %.1f%% (pooled over the span).\n",
               (unsigned long long)all.customers, (unsigned long long)all.events,
               100.0 * all.repeat_rate, 100.0 * all.repeat_rate_ci_lower,
               100.0 * all.repeat_rate_ci_upper, unit_names[unit], 100.0 * all.retention,
               100.0 * all.retention_ci_lower, 100.0 * all.retention_ci_upper,
               100.0 * all.churn);
        if (n >= 2)
            printf("Revenue at risk: the %llu customers lost in %s brought %.2f in %s.\n",
                   (unsigned long long)last->churned, last_label, last->revenue_at_risk,
                   before_label);
        if (!isnan(rep.value_lost))
            printf("Their lifetime value (margin %.0f%%, retention %.1f%%, discount %g): %.2f.\n",
                   100.0 * margin_rate, 100.0 * all.retention, discount, rep.value_lost);
        if (det.asked)
            printf("Detractors (latest answer 0-6): %llu of %llu respondents; %llu in the log,\n"
                   "%llu active in %s with %.2f of revenue (%.1f%% of %s).\n",
                   (unsigned long long)det.detractors, (unsigned long long)det.respondents,
                   (unsigned long long)det.found, (unsigned long long)det.active, last_label,
                   det.revenue, fabs(last->revenue) > 0.0 ? 100.0 * det.revenue / last->revenue : 0.0,
                   last_label);
        if (o.baseline) {
            char *ci = cli_level_title(level);
            printf("\nAgainst %s (segment minus baseline, in points):\n\n", o.baseline);
            const char *vh[] = { o.by, "retention", "p", ci, "repeat", "p", ci };
            CliTable *vt = cli_table_new(G_N_ELEMENTS(vh), vh);
            for (size_t g = 0; g < n_groups; g++) {
                Versus v = versus(groups, sorted[g], baseline_key, o.baseline, level);
                char *label = cli_segment_label(sorted[g]->values, by->len);
                char *cells[] = {
                    label,
                    v.ok ? cli_fmt("%+.1f", 100.0 * v.retention.diff) : g_strdup("-"),
                    v.ok ? cli_p(v.retention.p_value) : g_strdup("-"),
                    v.ok ? cli_fmt("%.1f to %.1f", 100.0 * v.retention.ci_lower,
                                   100.0 * v.retention.ci_upper)
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
            g_free(ci);
            putchar('\n');
        }
        printf("Rows without a customer %llu, without a date %llu, bad date %llu,\n"
               "bad amount %llu, no amount %llu, malformed %llu.\n",
               (unsigned long long)all.rejected_no_customer, (unsigned long long)no_date,
               (unsigned long long)bad_date, (unsigned long long)bad_amount,
               (unsigned long long)all.events_no_amount, (unsigned long long)malformed.count);
    }
    if (no_date + bad_date + bad_amount + all.rejected_no_customer)
        fprintf(stderr,
                "cxscore %s: left out %llu rows without a customer id, %llu without a date, "
                "%llu with a bad date, %llu with a bad amount\n",
                CMD, (unsigned long long)all.rejected_no_customer, (unsigned long long)no_date,
                (unsigned long long)bad_date, (unsigned long long)bad_amount);
    report_free(&rep);
    g_free(sorted);
    g_free(last_label);
    g_free(before_label);
    status = CLI_EXIT_OK;
out:
    cli_groups_free(groups);
    cx_retention_free(overall);
    cx_reader_free(reader);
    g_array_free(by, TRUE);
    g_free(o.customer);
    g_free(o.date);
    g_free(o.every);
    g_free(o.amount);
    g_free(o.by);
    g_free(o.level);
    g_free(o.format);
    g_free(o.survey);
    g_free(o.survey_customer);
    g_free(o.survey_score);
    g_free(o.margin_rate);
    g_free(o.discount);
    g_free(o.baseline);
    g_option_context_free(ctx);
    return status;
}
