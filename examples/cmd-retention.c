/* SPDX-License-Identifier: MIT */
/* cxscore retention: retention, churn, repeat purchase, cohorts and revenue at risk from an
 * activity log (one row per order or visit: customer, date, amount), overall and by segment;
 * optionally the revenue at risk with the customers whose latest survey answer is a detractor. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-orders.h"
#include "cli-report.h"
#include "cli-rows.h"

#define CMD "retention"

typedef struct {
    char *customer, *date, *every, *amount, *survey, *survey_customer, *survey_score,
        *margin_rate, *discount;
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
    cli_input_answers(reader, score_col, 0, 10); /* labels, missing markers (cli-input.c) */
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
    gboolean reported = cli_input_report_cells(CMD, reader);
    cx_reader_free(reader);
    if (!reported)
        return CLI_EXIT_DATA;
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

/* Everything reported for one series: its figures, its comparison with the baseline, and
 * whether it has estimates (--min-n customers). */
typedef struct {
    Report rep;
    Versus vs;
    gboolean ok;
} Series;

/* The "periods" section: one row per segment and period, then the overall series. */
static void
periods_section(CliReport *r, CliColumn *cols, size_t nk, size_t n_by, CliGroup *const *sorted,
                const Series *ser, size_t n_groups, size_t n, int unit, const char *title)
{
    const CliColumn pc[] = {
        CLI_COL("period", NULL, CLI_COL_LABEL, 0),
        CLI_COL("active", NULL, CLI_COL_COUNT, 0),
        CLI_COL("new", NULL, CLI_COL_COUNT, 0),
        CLI_COL("retained", "kept", CLI_COL_COUNT, 0),
        CLI_COL("returning", "back", CLI_COL_COUNT, 0),
        CLI_COL("churned", "lost", CLI_COL_COUNT, 0),
        CLI_DETAIL("previous_active", CLI_COL_COUNT, 0),
        CLI_COL("retention", "kept %", CLI_COL_SHARE, 1),
        CLI_DETAIL("retention_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("revenue", CLI_COL_NUMBER, 0),
        CLI_COL("revenue_at_risk", "at risk", CLI_COL_NUMBER, 0),
    };
    size_t nc = nk;
    for (size_t j = 0; j < G_N_ELEMENTS(pc); j++)
        cols[nc++] = pc[j];
    cli_report_section(r, "periods", title, cols, nc);
    CliCell *c = g_new0(CliCell, nc);
    for (size_t g = 0; g <= n_groups; g++) {
        const Series *s = &ser[g];
        for (size_t i = 0; i < n; i++) {
            const CxRetentionPeriod *p = &s->rep.periods[i];
            gboolean has = s->ok && p->previous_active > 0;
            char *label = cli_period_label(unit, p->period);
            cli_key_cells(c, n_by, g < n_groups ? sorted[g]->values : NULL);
            CliCell *d = c + nk;
            *d++ = CLI_TEXT(label);
            *d++ = CLI_COUNT(p->active);
            *d++ = CLI_COUNT(p->new_customers);
            *d++ = CLI_COUNT(p->retained);
            *d++ = CLI_COUNT(p->returning);
            *d++ = CLI_COUNT(p->churned);
            *d++ = CLI_COUNT(p->previous_active);
            *d++ = has ? CLI_NUM(p->retention) : CLI_NA;
            *d++ = has ? CLI_IV(p->retention_ci_lower, p->retention_ci_upper) : CLI_NA;
            *d++ = CLI_NUM(p->revenue);
            *d = p->previous_active > 0 ? CLI_NUM(p->revenue_at_risk) : CLI_NA;
            cli_report_row(r, c);
            g_free(label);
        }
    }
    g_free(c);
}

/* The "summary" section: customers, repeat purchase, pooled retention and churn, revenue at
 * risk in the last period and, with --margin-rate, its lifetime value. */
static void
summary_section(CliReport *r, CliColumn *cols, size_t nk, size_t n_by, CliGroup *const *sorted,
                const Series *ser, size_t n_groups, size_t n, gboolean min_n)
{
    const CliColumn sc[] = {
        CLI_COL("customers", NULL, CLI_COL_COUNT, 0),
        CLI_COL("events", "orders", CLI_COL_COUNT, 0),
        CLI_DETAIL("repeat_customers", CLI_COL_COUNT, 0),
        CLI_COL("repeat_rate", "repeat %", CLI_COL_SHARE, 1),
        CLI_DETAIL("repeat_rate_ci", CLI_COL_INTERVAL, 3),
        CLI_COL("retention", "kept %", CLI_COL_SHARE, 1),
        CLI_DETAIL("retention_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("churn", CLI_COL_SHARE, 1),
        CLI_DETAIL("revenue", CLI_COL_NUMBER, 0),
        CLI_DETAIL("churned_last", CLI_COL_COUNT, 0),
        CLI_COL("revenue_at_risk", "at risk", CLI_COL_NUMBER, 2),
        CLI_COL("lifetime_value_lost", "LTV lost", CLI_COL_NUMBER, 2),
        CLI_COL("small_base", "note", CLI_COL_LABEL, 0),
    };
    size_t nc = nk;
    for (size_t j = 0; j < G_N_ELEMENTS(sc) - (min_n ? 0 : 1); j++)
        cols[nc++] = sc[j];
    cli_report_section(r, "summary", "Customers, repeat purchase, retention, revenue at risk",
                       cols, nc);
    CliCell *c = g_new0(CliCell, nc);
    for (size_t g = 0; g <= n_groups; g++) {
        const Series *s = &ser[g];
        const CxRetentionResult *t = &s->rep.s;
        const CxRetentionPeriod *last = &s->rep.periods[n - 1];
        gboolean ok = s->ok;
        cli_key_cells(c, n_by, g < n_groups ? sorted[g]->values : NULL);
        CliCell *d = c + nk;
        *d++ = CLI_COUNT(t->customers);
        *d++ = CLI_COUNT(t->events);
        *d++ = CLI_COUNT(t->repeat_customers);
        *d++ = ok ? CLI_NUM(t->repeat_rate) : CLI_NA;
        *d++ = ok ? CLI_IV(t->repeat_rate_ci_lower, t->repeat_rate_ci_upper) : CLI_NA;
        *d++ = ok ? CLI_NUM(t->retention) : CLI_NA;
        *d++ = ok ? CLI_IV(t->retention_ci_lower, t->retention_ci_upper) : CLI_NA;
        *d++ = ok ? CLI_NUM(t->churn) : CLI_NA;
        *d++ = t->customers ? CLI_NUM(t->revenue) : CLI_NA;
        *d++ = CLI_COUNT(last->churned);
        *d++ = n >= 2 ? CLI_NUM(last->revenue_at_risk) : CLI_NA;
        *d++ = ok ? CLI_NUM(s->rep.value_lost) : CLI_NA;
        if (min_n)
            *d = CLI_TEXT(t->customers && !ok ? "small base" : NULL);
        cli_report_row(r, c);
    }
    g_free(c);
}

/* The "cohorts" section (--cohorts): of each cohort (customers first seen in a period), the share
 * active k periods later, for k below --cohort-periods. */
static void
cohorts_section(CliReport *r, CliColumn *cols, size_t nk, size_t n_by, CliGroup *const *sorted,
                const Series *ser, size_t n_groups, size_t n, int unit, size_t max_k)
{
    size_t nc = nk, k_cols = MIN(n, max_k);
    char **names = g_new0(char *, 2 * k_cols + 1);
    CliColumn *key_cols = cols;
    cols = g_new0(CliColumn, nk + 2 + k_cols);
    memcpy(cols, key_cols, nk * sizeof *cols);
    cols[nc++] = (CliColumn)CLI_COL("cohort", NULL, CLI_COL_LABEL, 0);
    cols[nc++] = (CliColumn)CLI_COL("size", "n", CLI_COL_COUNT, 0);
    for (size_t k = 0; k < k_cols; k++) {
        names[2 * k] = g_strdup_printf("after_%zu", k);
        names[2 * k + 1] = g_strdup_printf("+%zu", k);
        cols[nc++] = (CliColumn)CLI_COL(names[2 * k], names[2 * k + 1], CLI_COL_SHARE, 0);
    }
    cli_report_section(r, "cohorts", "Cohorts: % of each cohort (first period) active k "
                                     "periods later", cols, nc);
    CliCell *c = g_new0(CliCell, nc);
    for (size_t g = 0; g <= n_groups; g++) {
        const Report *rep = &ser[g].rep;
        for (size_t i = 0; i < n; i++) {
            char *label = cli_period_label(unit, rep->periods[i].period);
            cli_key_cells(c, n_by, g < n_groups ? sorted[g]->values : NULL);
            c[nk] = CLI_TEXT(label);
            c[nk + 1] = CLI_COUNT(rep->sizes[i]);
            for (size_t k = 0; k < k_cols; k++)
                c[nk + 2 + k] = i + k < n && rep->sizes[i] && ser[g].ok
                                    ? CLI_NUM((double)rep->active[i * n + k] /
                                              (double)rep->sizes[i])
                                    : CLI_NA;
            cli_report_row(r, c);
            g_free(label);
        }
    }
    g_free(c);
    g_free(cols);
    g_strfreev(names);
}

/* The "baseline" section: each segment minus its --baseline segment, pooled retention and
 * repeat-purchase rate (pooled z test, Newcombe's interval). */
static void
baseline_section(CliReport *r, CliColumn *cols, size_t nk, size_t n_by, CliGroup *const *sorted,
                 const Series *ser, size_t n_groups, const char *baseline, const char *ci)
{
    const CliColumn vc[] = {
        CLI_COL("retention_diff", "kept", CLI_COL_NUMBER, 3),
        CLI_COL("retention_p", "p", CLI_COL_P, 0),
        CLI_COL("retention_ci", ci, CLI_COL_INTERVAL, 3),
        CLI_COL("repeat_diff", "repeat", CLI_COL_NUMBER, 3),
        CLI_COL("repeat_p", "p", CLI_COL_P, 0),
        CLI_DETAIL("repeat_ci", CLI_COL_INTERVAL, 3),
        CLI_DETAIL("retention_z", CLI_COL_NUMBER, 2),
        CLI_DETAIL("repeat_z", CLI_COL_NUMBER, 2),
    };
    size_t nc = nk;
    for (size_t j = 0; j < G_N_ELEMENTS(vc); j++)
        cols[nc++] = vc[j];
    char *title = g_strdup_printf("Against %s (segment minus baseline)", baseline);
    cli_report_section(r, "baseline", title, cols, nc);
    g_free(title);
    CliCell *c = g_new0(CliCell, nc);
    for (size_t g = 0; g < n_groups; g++) {
        const Versus *v = &ser[g].vs;
        gboolean ok = v->ok && ser[g].ok;
        cli_key_cells(c, n_by, sorted[g]->values);
        const CliCell x[] = { CLI_NUM(v->retention.diff), CLI_NUM(v->retention.p_value),
                              CLI_IV(v->retention.ci_lower, v->retention.ci_upper),
                              CLI_NUM(v->repeat.diff), CLI_NUM(v->repeat.p_value),
                              CLI_IV(v->repeat.ci_lower, v->repeat.ci_upper),
                              CLI_NUM(v->retention.z), CLI_NUM(v->repeat.z) };
        for (size_t j = 0; j < G_N_ELEMENTS(x); j++)
            c[nk + j] = ok ? x[j] : CLI_NA;
        cli_report_row(r, c);
    }
    g_free(c);
    cli_report_note(r, "Differences of proportions: pooled z test, Newcombe's interval.");
}

/* One run of retention: the options, the columns found, the log read and its series. */
typedef struct {
    Options o;
    CliReportOptions ro;
    double margin_rate, discount;
    int unit;
    CxReader *reader;
    CliOrders orders;
    GArray *by;
    size_t baseline_key;
    CxRetention *overall;
    CliGroups *groups;
    CliMalformed malformed;
    uint64_t no_date, bad_date, bad_amount, added_rows;
    CxRetentionResult all; /* the overall series' figures */
    int64_t first;         /* the span of periods: first .. first + n - 1 */
    size_t n;
    Detractors det;
    CliGroup **sorted; /* the segments in key order */
    size_t n_groups;
    Series *ser; /* each segment's, then the overall one */
} Retention;

static const char *const UNIT_NAMES[] = { "day", "week", "month", "quarter", "year" };

static GOptionContext *
retention_context(Retention *t)
{
    Options *o = &t->o;
    GOptionEntry entries[] = {
        { "customer", 0, 0, G_OPTION_ARG_FILENAME, &o->customer,
          "Customer id column (customer_id or customer)", "COL" },
        { "date", 0, 0, G_OPTION_ARG_FILENAME, &o->date,
          "Date column (default order_date or date)", "COL" },
        { "every", 'e', 0, G_OPTION_ARG_FILENAME, &o->every,
          "Period: day, week, month (default), quarter or year", "UNIT" },
        { "amount", 0, 0, G_OPTION_ARG_FILENAME, &o->amount,
          "Revenue column (default amount, if there is one)", "COL" },
        { "cohorts", 0, 0, G_OPTION_ARG_NONE, &o->cohorts, "Add the cohort table", NULL },
        { "cohort-periods", 0, 0, G_OPTION_ARG_INT64, &o->cohort_periods,
          "Columns of the cohort table (default 12)", "N" },
        { "survey", 0, 0, G_OPTION_ARG_FILENAME, &o->survey,
          "A survey export: revenue at risk of detractors", "FILE" },
        { "survey-customer", 0, 0, G_OPTION_ARG_FILENAME, &o->survey_customer,
          "Its customer id column (default respondent_id)", "COL" },
        { "survey-score", 0, 0, G_OPTION_ARG_FILENAME, &o->survey_score,
          "Its 0-10 recommend column (default score)", "COL" },
        { "margin-rate", 0, 0, G_OPTION_ARG_FILENAME, &o->margin_rate,
          "Margin share of revenue, 0-1: adds value lost", "R" },
        { "discount", 0, 0, G_OPTION_ARG_FILENAME, &o->discount,
          "Discount rate per period (default 0.01 a month)", "I" },
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - retention from an order or activity log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &t->ro, CLI_OPT_BY | CLI_OPT_LEVEL | CLI_OPT_FORMAT |
                                             CLI_OPT_BASELINE | CLI_OPT_MIN_N | CLI_OPT_SECTION |
                                             CLI_OPT_MAX_SEGMENTS);
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
             "without revenue. --min-n counts customers.\n" CLI_BASELINE_HELP
             "Exit status: 0 success, 1 bad data, 2 bad usage.\n"
             "Formulas and sources: " CLI_DOC_DIR "/loyalty.md.");
    return ctx;
}

/* The options after parsing: --margin-rate, --discount, --every, --cohort-periods; FALSE after
 * a message. */
static gboolean
retention_check(void *p, G_GNUC_UNUSED const char *path)
{
    Retention *t = p;
    if (!parse_double("--margin-rate", t->o.margin_rate, 0.0, 1.0, &t->margin_rate) ||
        !parse_double("--discount", t->o.discount, 0.0, 10.0, &t->discount))
        return FALSE;
    if (t->o.every && (t->unit = cli_period_unit(t->o.every)) < 0) {
        cli_error(CMD, "unknown --every '%s' (day, week, month, quarter or year)", t->o.every);
        return FALSE;
    }
    if (t->o.cohort_periods < 1) {
        cli_error(CMD, "--cohort-periods must be at least 1");
        return FALSE;
    }
    return TRUE;
}

/* Opens FILE, finds the log's columns, the segments' and the --baseline's key; a status. */
static int
retention_open(void *p, const char *path)
{
    Retention *t = p;
    t->reader = cli_open(CMD, path);
    if (!t->reader ||
        !cli_orders_columns(CMD, t->reader, t->o.customer, t->o.date, t->o.amount, &t->orders) ||
        (t->ro.by && !cli_columns(CMD, t->reader, t->ro.by, t->by)))
        return CLI_EXIT_DATA;
    cli_input_segments(t->reader, t->by);
    if (t->ro.baseline)
        return cli_baseline_key(CMD, t->ro.baseline, t->reader, t->by, &t->baseline_key);
    return CLI_EXIT_OK;
}

/* Every row with a customer id and a date into the overall log and its segment's, the others
 * counted; then every row accounted for (cli_input_report()). FALSE after a message. */
static gboolean
retention_read(void *p)
{
    Retention *t = p;
    CxReader *reader = t->reader;
    t->overall = retention_new(NULL);
    if (t->by->len)
        t->groups = cli_groups_new(t->by->len, retention_new, retention_free, NULL);
    int st;
    while ((st = cli_next_row(reader, &t->malformed)) == CX_ROW) {
        const char *id;
        size_t len;
        int64_t period;
        double value;
        int row = cli_orders_row(reader, &t->orders, t->unit, &id, &len, &period, &value);
        if (row != CLI_ORDER_OK) {
            t->no_date += row == CLI_ORDER_NO_DATE;
            t->bad_date += row == CLI_ORDER_BAD_DATE;
            t->bad_amount += row == CLI_ORDER_BAD_AMOUNT;
            continue;
        }
        int added = cx_retention_add(t->overall, id, len, period, value);
        void *seg = NULL;
        if (added == CX_OK &&
            !cli_row_segment(CMD, t->groups, reader, t->by, (size_t)t->ro.max_segments, &seg))
            return FALSE;
        if (seg)
            added = cx_retention_add(seg, id, len, period, value);
        if (added != CX_OK) { /* out of memory or past 2^64: the row cannot be dropped silently */
            cli_error(CMD, "line %llu: could not add the row: %s",
                      (unsigned long long)cx_reader_line(reader), cx_strerror(added));
            return FALSE;
        }
        t->added_rows++;
    }
    if (st != CX_DONE)
        return FALSE;
    cli_malformed_summary(&t->malformed);
    /* Every row accounted for: added; no date (missing); a date or amount rejected. */
    return cli_input_report(CMD, reader, t->added_rows, t->no_date, t->bad_date + t->bad_amount,
                            t->malformed.count);
}

/* The span of periods checked, then the --survey read against the log's last period; a
 * status. */
static int
retention_span(Retention *t)
{
    t->all.size = sizeof t->all;
    if (cx_retention_result(t->overall, t->ro.level, &t->all) != CX_OK) {
        cli_error(CMD, "no row with a customer id and a date");
        return CLI_EXIT_DATA;
    }
    if (t->all.last_period - t->all.first_period >= 10000) {
        cli_error(CMD, "the dates span %lld periods; use a longer --every",
                  (long long)(t->all.last_period - t->all.first_period + 1));
        return CLI_EXIT_USAGE;
    }
    t->first = t->all.first_period;
    t->n = (size_t)(t->all.last_period - t->all.first_period + 1);
    if (t->o.survey)
        return read_survey(&t->o, t->overall, t->all.last_period, &t->det);
    return CLI_EXIT_OK;
}

/* The segments sorted, --baseline checked against them, and every series' figures: the
 * segments in key order, then the overall one; a status. */
static int
retention_series(Retention *t)
{
    const double level = t->ro.level;
    const char *baseline = t->ro.baseline;
    t->sorted = t->groups ? cli_groups_sorted(t->groups, &t->n_groups) : NULL;
    int status;
    if (baseline &&
        (status = cli_baseline_check(CMD, baseline, t->baseline_key, t->sorted, t->n_groups,
                                     t->orders.has_amount ? "row with a readable date and amount"
                                                          : "row with a readable date")))
        return status;
    size_t n_groups = t->n_groups;
    Series *ser = t->ser = g_new0(Series, n_groups + 1);
    for (size_t g = 0; g <= n_groups; g++) {
        const CxRetention *acc = g < n_groups ? t->sorted[g]->acc : t->overall;
        CxRetentionResult gs = { .size = sizeof gs };
        cx_retention_result(acc, level, &gs);
        report_of(acc, t->first, t->n, level, t->margin_rate, t->discount, gs.retention,
                  &ser[g].rep);
        ser[g].ok = g == n_groups || gs.customers >= (uint64_t)t->ro.min_n;
        if (g < n_groups)
            ser[g].vs = versus(t->groups, t->sorted[g], t->baseline_key, baseline, level);
    }
    for (size_t g = 0; baseline && g < n_groups; g++) {
        size_t j =
            cli_baseline_index(t->groups, t->sorted, n_groups, g, t->baseline_key, baseline);
        if (j != SIZE_MAX && !ser[j].ok)
            ser[g].vs.ok = FALSE;
    }
    return CLI_EXIT_OK;
}

/* The "detractors" section of --survey: the revenue at risk of the log's last period. */
static void
detractors_section(CliReport *rep, const Retention *t)
{
    const Detractors *det = &t->det;
    const CxRetentionPeriod *last = &t->ser[t->n_groups].rep.periods[t->n - 1];
    char *last_label = cli_period_label(t->unit, t->all.last_period);
    const CliColumn dc[] = {
        CLI_COL("respondents", NULL, CLI_COL_COUNT, 0),
        CLI_COL("detractors", NULL, CLI_COL_COUNT, 0),
        CLI_COL("in_log", "in log", CLI_COL_COUNT, 0),
        CLI_COL("period", NULL, CLI_COL_LABEL, 0),
        CLI_COL("active_last_period", "active", CLI_COL_COUNT, 0),
        CLI_COL("revenue_last_period", "revenue", CLI_COL_NUMBER, 2),
        CLI_COL("revenue_share", "% revenue", CLI_COL_SHARE, 1),
        CLI_DETAIL("survey_rows_without_valid_answer", CLI_COL_COUNT, 0),
        CLI_DETAIL("survey_malformed_rows", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "detractors", "Detractors (latest answer 0-6) in the log", dc,
                       G_N_ELEMENTS(dc));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(det->respondents), CLI_COUNT(det->detractors),
                                     CLI_COUNT(det->found), CLI_TEXT(last_label),
                                     CLI_COUNT(det->active), CLI_NUM(det->revenue),
                                     fabs(last->revenue) > 0.0
                                         ? CLI_NUM(det->revenue / last->revenue)
                                         : CLI_NA,
                                     CLI_COUNT(det->invalid), CLI_COUNT(det->malformed) });
    g_free(last_label);
}

/* The "unscored" section: the rows left out, by reason. */
static void
unscored_section(CliReport *rep, const Retention *t)
{
    const CliColumn uc[] = {
        CLI_COL("rows_without_customer", "no customer", CLI_COL_COUNT, 0),
        CLI_COL("rows_without_date", "no date", CLI_COL_COUNT, 0),
        CLI_COL("rows_bad_date", "bad date", CLI_COL_COUNT, 0),
        CLI_COL("rows_bad_amount", "bad amount", CLI_COL_COUNT, 0),
        CLI_COL("events_without_amount", "no amount", CLI_COL_COUNT, 0),
        CLI_COL("malformed_rows", "malformed", CLI_COL_COUNT, 0),
    };
    cli_report_section(rep, "unscored", "Rows left out (no amount: kept, without revenue)", uc,
                       G_N_ELEMENTS(uc));
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(t->all.rejected_no_customer),
                                     CLI_COUNT(t->no_date), CLI_COUNT(t->bad_date),
                                     CLI_COUNT(t->bad_amount),
                                     CLI_COUNT(t->all.events_no_amount),
                                     CLI_COUNT(t->malformed.count) });
}

/* The report: settings, then the sections; the status of cli_report_finish(). */
static int
retention_emit(const Retention *t)
{
    const CliReportOptions *ro = &t->ro;
    const size_t n_by = t->by->len, n_groups = t->n_groups, n = t->n;
    const char *idname = cx_reader_column_name(t->reader, t->orders.customer);
    const char *datename = cx_reader_column_name(t->reader, t->orders.date);
    CliReport *rep = cli_report_new(CMD, ro->format, stdout);
    cli_report_only(rep, ro->section);
    cli_report_setting_text(rep, "customer_column", idname);
    cli_report_setting_text(rep, "date_column", datename);
    cli_report_setting_text(rep, "amount_column",
                            t->orders.has_amount
                                ? cx_reader_column_name(t->reader, t->orders.amount)
                                : NULL);
    cli_report_setting_text(rep, "every", UNIT_NAMES[t->unit]);
    cli_report_setting_number(rep, "level", ro->level);
    cli_report_setting_number(rep, "margin_rate", t->margin_rate);
    cli_report_setting_number(rep, "discount", isnan(t->margin_rate) ? CLI_NAN : t->discount);
    cli_report_setting_text(rep, "survey", t->o.survey);
    cli_report_setting_text(rep, "baseline", ro->baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro->min_n);

    CliColumn *cols = cli_key_columns(t->reader, t->by, 16);
    size_t nk = MAX(n_by, 1);
    char *title = g_strdup_printf("Retention of '%s' by %s of '%s'", idname,
                                  UNIT_NAMES[t->unit], datename);
    periods_section(rep, cols, nk, n_by, t->sorted, t->ser, n_groups, n, t->unit, title);
    g_free(title);
    cli_report_note(rep, "kept %%: of those active the period before (Wilson interval in CSV,");
    cli_report_note(rep, "JSON, with the revenue); at risk: what those lost brought in the");
    cli_report_note(rep, "period before.");
    summary_section(rep, cols, nk, n_by, t->sorted, t->ser, n_groups, n, ro->min_n > 0);
    cli_report_note(rep, "Pooled over the span. at risk: what the customers lost in the last");
    cli_report_note(rep, "period brought in the one before; LTV lost: their lifetime value");
    cli_report_note(rep, "with --margin-rate (Gupta & Lehmann).");
    if (ro->min_n > 0)
        cli_report_note(rep, "Segments with fewer customers than --min-n have no estimates.");
    if (t->o.cohorts)
        cohorts_section(rep, cols, nk, n_by, t->sorted, t->ser, n_groups, n, t->unit,
                        (size_t)t->o.cohort_periods);
    if (t->det.asked)
        detractors_section(rep, t);
    if (ro->baseline) {
        char *ci = cli_level_title(ro->level);
        baseline_section(rep, cols, nk, n_by, t->sorted, t->ser, n_groups, ro->baseline, ci);
        g_free(ci);
    }
    unscored_section(rep, t);
    g_free(cols);
    return cli_report_finish(rep);
}

int
cmd_retention(int argc, char **argv)
{
    Retention t = { .o = { .cohort_periods = 12 }, .ro = { .max_segments = 1000000 },
                    .margin_rate = CLI_NAN, .discount = 0.01, .unit = CX_PERIOD_MONTH,
                    .malformed = { .cmd = CMD } };
    t.by = g_array_new(FALSE, FALSE, sizeof(size_t));
    GOptionContext *ctx = retention_context(&t);
    static const CliSteps steps = { retention_check, retention_open, retention_read };
    int status = cli_rows_steps(CMD, ctx, &argc, &argv, &t.ro, &steps, &t);
    if (status || (status = retention_span(&t)) || (status = retention_series(&t)))
        goto out;
    status = retention_emit(&t);
    if (t.no_date + t.bad_date + t.bad_amount + t.all.rejected_no_customer)
        fprintf(stderr,
                "cxscore %s: left out %llu rows without a customer id, %llu without a date, "
                "%llu with a bad date, %llu with a bad amount\n",
                CMD, (unsigned long long)t.all.rejected_no_customer,
                (unsigned long long)t.no_date, (unsigned long long)t.bad_date,
                (unsigned long long)t.bad_amount);
out:
    for (size_t g = 0; t.ser && g <= t.n_groups; g++)
        report_free(&t.ser[g].rep);
    g_free(t.ser);
    g_free(t.sorted);
    cli_groups_free(t.groups);
    cx_retention_free(t.overall);
    cx_reader_free(t.reader);
    g_array_free(t.by, TRUE);
    g_free(t.o.customer);
    g_free(t.o.date);
    g_free(t.o.every);
    g_free(t.o.amount);
    g_free(t.o.survey);
    g_free(t.o.survey_customer);
    g_free(t.o.survey_score);
    g_free(t.o.margin_rate);
    g_free(t.o.discount);
    cli_report_options_clear(&t.ro);
    g_option_context_free(ctx);
    return status;
}
