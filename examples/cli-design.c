/* SPDX-License-Identifier: MIT */
/* The CLI's design-based variance: options, checks and per-row feeding (cli-design.h). */
#include <math.h>
#include <string.h>

#include "cli-common.h"
#include "cli-design.h"

struct CliDesign {
    size_t k;
    gboolean strata, clustered;
    size_t cols[2];
    const char *strata_name, *cluster_name; /* column names, owned by the reader */
    CxDesign *whole;
    GHashTable *segments; /* segment pointer -> CxDesign * */
    GHashTable *psus;     /* stratum (GBytes) -> Stratum *: for the single-PSU error */
    uint64_t rejected;
};

/* What a stratum has seen: its first PSU, and whether another one came. */
typedef struct {
    GBytes *first_cluster; /* NULL without clusters */
    gboolean several;
} Stratum;

static void
stratum_free(void *p)
{
    Stratum *s = p;
    if (s->first_cluster)
        g_bytes_unref(s->first_cluster);
    g_free(s);
}

void
cli_design_options_add(GOptionContext *ctx, CliDesignOptions *o)
{
    const GOptionEntry entries[] = {
        { "variance", 0, 0, G_OPTION_ARG_FILENAME, &o->variance,
          "SE of weighted figures: kish (default) or design", "METHOD" },
        { "strata", 0, 0, G_OPTION_ARG_FILENAME, &o->strata,
          "Column of the design's strata (implies design)", "COL" },
        { "cluster", 0, 0, G_OPTION_ARG_FILENAME, &o->cluster,
          "Column of the design's clusters (implies design)", "COL" },
        { NULL },
    };
    g_option_context_add_main_entries(ctx, entries, NULL);
    o->method = CX_VARIANCE_KISH;
}

gboolean
cli_design_options_check(const char *cmd, CliDesignOptions *o)
{
    gboolean design_columns = o->strata || o->cluster;
    o->method = design_columns ? CX_VARIANCE_DESIGN : CX_VARIANCE_KISH;
    if (!o->variance)
        return TRUE;
    int m = cx_variance_method_from_name(o->variance);
    if (m < 0) {
        cli_error(cmd, "unknown --variance '%s' (expected kish or design)", o->variance);
        return FALSE;
    }
    if (m == CX_VARIANCE_KISH && design_columns) {
        cli_error(cmd, "--variance kish ignores the design: drop --%s, or use --variance design",
                  o->strata ? "strata" : "cluster");
        return FALSE;
    }
    o->method = m;
    return TRUE;
}

void
cli_design_options_clear(CliDesignOptions *o)
{
    g_free(o->variance);
    g_free(o->strata);
    g_free(o->cluster);
}

int
cli_design_open(const char *cmd, const CliDesignOptions *o, CxReader *reader, size_t k,
                CliDesign **out)
{
    *out = NULL;
    if (o->method != CX_VARIANCE_DESIGN)
        return CLI_EXIT_OK;
    size_t cols[2], n = 0;
    if (o->strata && !cli_column(cmd, reader, o->strata, &cols[n++]))
        return CLI_EXIT_DATA;
    if (o->cluster && !cli_column(cmd, reader, o->cluster, &cols[n++]))
        return CLI_EXIT_DATA;
    CliDesign *d = g_new0(CliDesign, 1);
    d->k = k;
    d->strata = o->strata != NULL;
    d->clustered = o->cluster != NULL;
    memcpy(d->cols, cols, sizeof cols);
    d->strata_name = d->strata ? cx_reader_column_name(reader, cols[0]) : NULL;
    d->cluster_name = d->clustered ? cx_reader_column_name(reader, cols[n - 1]) : NULL;
    cli_created(cx_design_new(k, d->clustered, &d->whole));
    d->segments = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                        (GDestroyNotify)cx_design_free);
    d->psus = g_hash_table_new_full(g_bytes_hash, g_bytes_equal, (GDestroyNotify)g_bytes_unref,
                                    stratum_free);
    *out = d;
    return CLI_EXIT_OK;
}

size_t
cli_design_columns(const CliDesign *d, size_t *cols)
{
    size_t n = (d->strata ? 1 : 0) + (d->clustered ? 1 : 0);
    memcpy(cols, d->cols, n * sizeof *cols);
    return n;
}

/* Notes the row's PSU in its stratum (rows the design keeps: a valid weight). */
static void
note_psu(CliDesign *d, const char *stratum, size_t stratum_len, const char *cluster,
         size_t cluster_len)
{
    GBytes *key = g_bytes_new(stratum, stratum_len);
    Stratum *s = g_hash_table_lookup(d->psus, key);
    if (!s) {
        s = g_new0(Stratum, 1);
        if (cluster)
            s->first_cluster = g_bytes_new(cluster, cluster_len);
        g_hash_table_insert(d->psus, key, s);
        return;
    }
    g_bytes_unref(key);
    if (s->several)
        return;
    if (!cluster) {
        s->several = TRUE; /* a second row: a second PSU */
        return;
    }
    size_t n;
    const void *first = g_bytes_get_data(s->first_cluster, &n);
    s->several = n != cluster_len || memcmp(first, cluster, n) != 0;
}

/* The key cells of the current row (strata first, then cluster), as cli_design_add() takes them. */
static size_t
row_key(const CliDesign *d, CxReader *reader, const char **key, size_t *len)
{
    size_t cols[2], n = cli_design_columns(d, cols);
    key[0] = key[1] = "";
    len[0] = len[1] = 0;
    for (size_t i = 0; i < n; i++)
        cx_reader_field(reader, cols[i], &key[i], &len[i]);
    return n;
}

static gboolean
key_blank(const CliDesign *d, const size_t *key_len)
{
    size_t n = 0;
    if (d->strata && key_len[n++] == 0)
        return TRUE;
    return d->clustered && key_len[n] == 0;
}

/* One row into the whole sample and into each of the @n @segments (domains). */
static gboolean
add_row(CliDesign *d, const void *const *segments, size_t n_segments, const char *const *key,
        const size_t *key_len, double weight, const double *values)
{
    const char *stratum = NULL, *cluster = NULL;
    size_t stratum_len = 0, cluster_len = 0, n = 0;
    if (key_blank(d, key_len)) {
        d->rejected++;
        return FALSE;
    }
    if (d->strata) {
        stratum = key[n];
        stratum_len = key_len[n++];
    }
    if (d->clustered) {
        cluster = key[n];
        cluster_len = key_len[n];
    }
    if (isfinite(weight) && weight >= 0.0)
        note_psu(d, stratum ? stratum : "", stratum_len, cluster, cluster_len);
    cli_created(cx_design_add(d->whole, stratum, stratum_len, cluster, cluster_len, weight,
                              values));
    for (size_t i = 0; i < n_segments; i++) {
        CxDesign *seg = g_hash_table_lookup(d->segments, segments[i]);
        if (!seg) {
            cli_created(cx_design_new(d->k, d->clustered, &seg));
            g_hash_table_insert(d->segments, (void *)segments[i], seg);
        }
        cli_created(cx_design_add(seg, stratum, stratum_len, cluster, cluster_len, weight,
                                  values));
    }
    return TRUE;
}

gboolean
cli_design_add(CliDesign *d, const void *segment, const char *const *key, const size_t *key_len,
               double weight, const double *values)
{
    return add_row(d, &segment, segment ? 1 : 0, key, key_len, weight, values);
}

gboolean
cli_design_row_blank(CliDesign *d, CxReader *reader)
{
    const char *key[2];
    size_t len[2];
    row_key(d, reader, key, len);
    if (!key_blank(d, len))
        return FALSE;
    d->rejected++;
    return TRUE;
}

gboolean
cli_design_add_current_domains(CliDesign *d, CxReader *reader, const void *const *segments,
                               size_t n_segments, double weight, const double *values)
{
    const char *key[2];
    size_t len[2];
    row_key(d, reader, key, len);
    return add_row(d, segments, n_segments, key, len, weight, values);
}

double
cli_design_nps_code(const char *text, size_t len)
{
    double v;
    int cat;
    if (cx_cell_parse_number(text, len, &v) != CX_CELL_NUMBER || floor(v) < v || v < 0.0 ||
        v > 10.0 || cx_nps_category((int)v, &cat) != CX_OK)
        return CLI_NAN;
    return 100.0 * cat;
}

void
cli_design_rating_values(int min, int max, int good_min, int good_max, int top,
                         const char *text, size_t len, double *v)
{
    double x;
    if (cx_cell_parse_number(text, len, &x) != CX_CELL_NUMBER || floor(x) < x || x < min ||
        x > max) {
        v[0] = v[1] = v[2] = CLI_NAN;
        return;
    }
    v[0] = x;
    v[1] = x >= good_min && x <= good_max;
    v[2] = (int)x == top;
}

gboolean
cli_design_add_current(CliDesign *d, CxReader *reader, const void *segment, double weight,
                       const double *values)
{
    const char *key[2];
    size_t len[2];
    row_key(d, reader, key, len);
    return cli_design_add(d, segment, key, len, weight, values);
}

gboolean
cli_design_apply(const char *cmd, const CliDesign *d, const void *segment, size_t k,
                 int (*apply)(const CxDesignMean *m, void *result), void *result)
{
    CxDesignMean m[8];
    int st = k <= G_N_ELEMENTS(m) ? CX_OK : CX_E_INVALID_ARGUMENT;
    for (size_t j = 0; j < k && st == CX_OK; j++) {
        m[j] = (CxDesignMean){ .size = sizeof m[j] };
        st = cli_design_mean(d, segment, j, &m[j]);
    }
    if (st == CX_OK)
        st = apply(m, result);
    if (st != CX_OK)
        cli_error(cmd, "the design's figures differ from the answers' (%s)", cx_strerror(st));
    return st == CX_OK;
}

uint64_t
cli_design_rejected(const CliDesign *d)
{
    return d->rejected;
}

gboolean
cli_design_check(const char *cmd, const CliDesign *d)
{
    if (d->rejected)
        cli_error(cmd, "%" G_GUINT64_FORMAT " row%s with a blank %s%s%s cell rejected (in no "
                       "figure)", d->rejected, d->rejected == 1 ? "" : "s",
                  d->strata ? "--strata" : "", d->strata && d->clustered ? " or " : "",
                  d->clustered ? "--cluster" : "");
    GHashTableIter it;
    void *key, *value;
    g_hash_table_iter_init(&it, d->psus);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        const Stratum *s = value;
        if (s->several)
            continue;
        size_t n;
        const char *name = g_bytes_get_data(key, &n);
        char *stratum = g_strndup(name, n), *psu = NULL;
        if (s->first_cluster) {
            const char *c = g_bytes_get_data(s->first_cluster, &n);
            psu = g_strndup(c, n);
        }
        if (d->strata)
            cli_error(cmd, "stratum '%s' of column '%s' has a single primary sampling unit "
                           "(%s%s%s): its design variance is undefined; merge it with another "
                           "stratum (docs/design.md)", stratum, d->strata_name,
                      psu ? "cluster '" : "one row", psu ? psu : "", psu ? "'" : "");
        else
            cli_error(cmd, "the sample has a single primary sampling unit (%s%s%s): no design "
                           "variance", psu ? "cluster '" : "one row", psu ? psu : "",
                      psu ? "'" : "");
        g_free(stratum);
        g_free(psu);
        return FALSE;
    }
    return TRUE;
}

int
cli_design_mean(const CliDesign *d, const void *segment, size_t j, CxDesignMean *out)
{
    if (!segment)
        return cx_design_mean(d->whole, j, out);
    const CxDesign *seg = g_hash_table_lookup(d->segments, segment);
    if (!seg) {
        out->n = 0;
        return CX_E_EMPTY;
    }
    return cx_design_mean_domain(seg, d->whole, j, out);
}

void
cli_design_settings(CliReport *rep, const CliDesign *d)
{
    cli_report_setting_text(rep, "variance", cx_variance_method_name(d ? CX_VARIANCE_DESIGN
                                                                       : CX_VARIANCE_KISH));
    cli_report_setting_text(rep, "strata", d ? d->strata_name : NULL);
    cli_report_setting_text(rep, "cluster", d ? d->cluster_name : NULL);
}

void
cli_design_note(CliReport *rep, const CliDesign *d)
{
    if (!d)
        return;
    cli_report_note(rep, "SE by the design (linearization%s%s%s%s%s); segments as domains.",
                    d->strata ? ", strata " : "", d->strata ? d->strata_name : "",
                    d->clustered ? ", clusters " : "", d->clustered ? d->cluster_name : "",
                    d->strata || d->clustered ? "" : ", weights only");
}

void
cli_design_free(CliDesign *d)
{
    if (!d)
        return;
    cx_design_free(d->whole);
    g_hash_table_destroy(d->segments);
    g_hash_table_destroy(d->psus);
    g_free(d);
}
