/* SPDX-License-Identifier: MIT */
/* cxscore retention: retention, churn, repeat purchase, cohorts and revenue at risk from an
 * activity log (one row per order or visit: customer, date, amount), overall and by segment;
 * optionally the revenue at risk with the customers whose latest survey answer is a detractor. */
#include <string.h>

#include "cli-common.h"
#include "cli-input.h"
#include "cli-orders.h"
#include "cli-report.h"

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

int
cmd_retention(int argc, char **argv)
{
    Options o = { .cohort_periods = 12 };
    CliReportOptions ro = { .max_segments = 1000000 };
    GOptionEntry entries[] = {
        { "customer", 0, 0, G_OPTION_ARG_FILENAME, &o.customer,
          "Customer id column (customer_id or customer)", "COL" },
        { "date", 0, 0, G_OPTION_ARG_FILENAME, &o.date,
          "Date column (default order_date or date)", "COL" },
        { "every", 'e', 0, G_OPTION_ARG_FILENAME, &o.every,
          "Period: day, week, month (default), quarter or year", "UNIT" },
        { "amount", 0, 0, G_OPTION_ARG_FILENAME, &o.amount,
          "Revenue column (default amount, if there is one)", "COL" },
        { "cohorts", 0, 0, G_OPTION_ARG_NONE, &o.cohorts, "Add the cohort table", NULL },
        { "cohort-periods", 0, 0, G_OPTION_ARG_INT64, &o.cohort_periods,
          "Columns of the cohort table (default 12)", "N" },
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
        { NULL },
    };
    GOptionContext *ctx = g_option_context_new("FILE - retention from an order or activity log");
    g_option_context_add_main_entries(ctx, entries, NULL);
    cli_report_options_add(ctx, &ro, CLI_OPT_BY | CLI_OPT_LEVEL | CLI_OPT_FORMAT |
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

    int status = CLI_EXIT_USAGE;
    CxReader *reader = NULL;
    CxRetention *overall = NULL;
    CliGroups *groups = NULL;
    GArray *by = g_array_new(FALSE, FALSE, sizeof(size_t));
    double margin_rate = CLI_NAN, discount = 0.01;
    int unit = CX_PERIOD_MONTH;
    if (!cli_report_parse(CMD, ctx, &argc, &argv, &ro) ||
        !parse_double("--margin-rate", o.margin_rate, 0.0, 1.0, &margin_rate) ||
        !parse_double("--discount", o.discount, 0.0, 10.0, &discount))
        goto out;
    const double level = ro.level;
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
    CliOrders orders;
    if (!cli_orders_columns(CMD, reader, o.customer, o.date, o.amount, &orders) ||
        (ro.by && !cli_columns(CMD, reader, ro.by, by)))
        goto out;
    const char *amount =
        orders.has_amount ? cx_reader_column_name(reader, orders.amount) : NULL;
    cli_input_segments(reader, by);
    size_t baseline_key = 0;
    if (ro.baseline && (status = cli_baseline_key(CMD, ro.baseline, reader, by, &baseline_key)))
        goto out;
    status = CLI_EXIT_DATA;

    overall = retention_new(NULL);
    groups = by->len ? cli_groups_new(by->len, retention_new, retention_free, NULL) : NULL;
    CliMalformed malformed = { .cmd = CMD };
    uint64_t no_date = 0, bad_date = 0, bad_amount = 0, added_rows = 0;
    int st;
    while ((st = cli_next_row(reader, &malformed)) == CX_ROW) {
        const char *id;
        size_t len;
        int64_t period;
        double value;
        int row = cli_orders_row(reader, &orders, unit, &id, &len, &period, &value);
        if (row != CLI_ORDER_OK) {
            no_date += row == CLI_ORDER_NO_DATE;
            bad_date += row == CLI_ORDER_BAD_DATE;
            bad_amount += row == CLI_ORDER_BAD_AMOUNT;
            continue;
        }
        int added = cx_retention_add(overall, id, len, period, value);
        if (added == CX_OK && groups) {
            added = cx_retention_add(cli_groups_get(groups, reader, (size_t *)(void *)by->data),
                                     id, len, period, value);
            if (!cli_groups_within(CMD, groups, (size_t)ro.max_segments))
                goto out;
        }
        if (added != CX_OK) { /* out of memory or past 2^64: the row cannot be dropped silently */
            cli_error(CMD, "line %llu: could not add the row: %s",
                      (unsigned long long)cx_reader_line(reader), cx_strerror(added));
            goto out;
        }
        added_rows++;
    }
    if (st != CX_DONE)
        goto out;
    cli_malformed_summary(&malformed);
    /* Every row accounted for: added; no date (missing); a date or amount rejected. */
    if (!cli_input_report(CMD, reader, added_rows, no_date, bad_date + bad_amount,
                          malformed.count))
        goto out;

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
    if (ro.baseline &&
        (status = cli_baseline_check(CMD, ro.baseline, baseline_key, sorted, n_groups,
                                     amount ? "row with a readable date and amount"
                                            : "row with a readable date"))) {
        g_free(sorted);
        goto out;
    }

    /* Every series: the segments in key order, then the overall one. */
    Series *ser = g_new0(Series, n_groups + 1);
    for (size_t g = 0; g <= n_groups; g++) {
        const CxRetention *acc = g < n_groups ? sorted[g]->acc : overall;
        CxRetentionResult gs = { .size = sizeof gs };
        cx_retention_result(acc, level, &gs);
        report_of(acc, first, n, level, margin_rate, discount, gs.retention, &ser[g].rep);
        ser[g].ok = g == n_groups || gs.customers >= (uint64_t)ro.min_n;
        if (g < n_groups)
            ser[g].vs = versus(groups, sorted[g], baseline_key, ro.baseline, level);
    }
    for (size_t g = 0; ro.baseline && g < n_groups; g++) {
        size_t j = cli_baseline_index(groups, sorted, n_groups, g, baseline_key, ro.baseline);
        if (j != SIZE_MAX && !ser[j].ok)
            ser[g].vs.ok = FALSE;
    }

    static const char *const unit_names[] = { "day", "week", "month", "quarter", "year" };
    const char *idname = cx_reader_column_name(reader, orders.customer);
    const char *datename = cx_reader_column_name(reader, orders.date);
    CliReport *rep = cli_report_new(CMD, ro.format, stdout);
    cli_report_only(rep, ro.section);
    cli_report_setting_text(rep, "customer_column", idname);
    cli_report_setting_text(rep, "date_column", datename);
    cli_report_setting_text(rep, "amount_column", amount);
    cli_report_setting_text(rep, "every", unit_names[unit]);
    cli_report_setting_number(rep, "level", level);
    cli_report_setting_number(rep, "margin_rate", margin_rate);
    cli_report_setting_number(rep, "discount", isnan(margin_rate) ? CLI_NAN : discount);
    cli_report_setting_text(rep, "survey", o.survey);
    cli_report_setting_text(rep, "baseline", ro.baseline);
    cli_report_setting_count(rep, "min_n", (uint64_t)ro.min_n);

    CliColumn *cols = cli_key_columns(reader, by, 16);
    size_t nk = MAX(by->len, 1);
    char *title = g_strdup_printf("Retention of '%s' by %s of '%s'", idname, unit_names[unit],
                                  datename);
    periods_section(rep, cols, nk, by->len, sorted, ser, n_groups, n, unit, title);
    g_free(title);
    cli_report_note(rep, "kept %%: of those active the period before (Wilson interval in CSV,");
    cli_report_note(rep, "JSON, with the revenue); at risk: what those lost brought in the");
    cli_report_note(rep, "period before.");
    summary_section(rep, cols, nk, by->len, sorted, ser, n_groups, n, ro.min_n > 0);
    cli_report_note(rep, "Pooled over the span. at risk: what the customers lost in the last");
    cli_report_note(rep, "period brought in the one before; LTV lost: their lifetime value");
    cli_report_note(rep, "with --margin-rate (Gupta & Lehmann).");
    if (ro.min_n > 0)
        cli_report_note(rep, "Segments with fewer customers than --min-n have no estimates.");
    if (o.cohorts)
        cohorts_section(rep, cols, nk, by->len, sorted, ser, n_groups, n, unit,
                        (size_t)o.cohort_periods);
    if (det.asked) {
        const CxRetentionPeriod *last = &ser[n_groups].rep.periods[n - 1];
        char *last_label = cli_period_label(unit, all.last_period);
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
        cli_report_row(rep, (CliCell[]){ CLI_COUNT(det.respondents), CLI_COUNT(det.detractors),
                                         CLI_COUNT(det.found), CLI_TEXT(last_label),
                                         CLI_COUNT(det.active), CLI_NUM(det.revenue),
                                         fabs(last->revenue) > 0.0
                                             ? CLI_NUM(det.revenue / last->revenue)
                                             : CLI_NA,
                                         CLI_COUNT(det.invalid), CLI_COUNT(det.malformed) });
        g_free(last_label);
    }
    if (ro.baseline) {
        char *ci = cli_level_title(level);
        baseline_section(rep, cols, nk, by->len, sorted, ser, n_groups, ro.baseline, ci);
        g_free(ci);
    }
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
    cli_report_row(rep, (CliCell[]){ CLI_COUNT(all.rejected_no_customer), CLI_COUNT(no_date),
                                     CLI_COUNT(bad_date), CLI_COUNT(bad_amount),
                                     CLI_COUNT(all.events_no_amount),
                                     CLI_COUNT(malformed.count) });
    g_free(cols);
    status = cli_report_finish(rep);
    if (no_date + bad_date + bad_amount + all.rejected_no_customer)
        fprintf(stderr,
                "cxscore %s: left out %llu rows without a customer id, %llu without a date, "
                "%llu with a bad date, %llu with a bad amount\n",
                CMD, (unsigned long long)all.rejected_no_customer, (unsigned long long)no_date,
                (unsigned long long)bad_date, (unsigned long long)bad_amount);
    for (size_t g = 0; g <= n_groups; g++)
        report_free(&ser[g].rep);
    g_free(ser);
    g_free(sorted);
out:
    cli_groups_free(groups);
    cx_retention_free(overall);
    cx_reader_free(reader);
    g_array_free(by, TRUE);
    g_free(o.customer);
    g_free(o.date);
    g_free(o.every);
    g_free(o.amount);
    g_free(o.survey);
    g_free(o.survey_customer);
    g_free(o.survey_score);
    g_free(o.margin_rate);
    g_free(o.discount);
    cli_report_options_clear(&ro);
    g_option_context_free(ctx);
    return status;
}
