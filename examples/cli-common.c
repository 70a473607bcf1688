/* SPDX-License-Identifier: MIT */
/* Shared pieces of the cxscore subcommands (see cli-common.h). */
#include "cli-common.h"
#include "cli-input.h"
#include "cli-report.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

void
cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "cxscore %s: %s\n", cmd, msg);
    g_free(msg);
}

void
cli_created(int status)
{
    if (status == CX_OK)
        return;
    fprintf(stderr, "cxscore: cannot create an accumulator: %s\n", cx_strerror(status));
    exit(CLI_EXIT_DATA);
}

gboolean
cli_parse_format(const char *cmd, const char *name, CliFormat *format)
{
    if (!name || g_ascii_strcasecmp(name, "table") == 0)
        *format = CLI_FORMAT_TABLE;
    else if (g_ascii_strcasecmp(name, "csv") == 0)
        *format = CLI_FORMAT_CSV;
    else if (g_ascii_strcasecmp(name, "json") == 0)
        *format = CLI_FORMAT_JSON;
    else {
        cli_error(cmd, "unknown --format '%s' (expected table, csv or json)", name);
        return FALSE;
    }
    return TRUE;
}

/* @from_name (a library's name lookup, lower case) of @name in any case. */
static int
lookup_any_case(int (*from_name)(const char *), const char *name)
{
    char *lower = g_ascii_strdown(name, -1);
    int value = from_name(lower);
    g_free(lower);
    return value;
}

int
cli_nps_method(const char *name)
{
    return lookup_any_case(cx_nps_ci_method_from_name, name);
}

int
cli_period_unit(const char *name)
{
    return lookup_any_case(cx_period_unit_from_name, name);
}

gboolean
cli_parse_level(const char *cmd, const char *text, double *level)
{
    if (!text)
        return TRUE;
    char *end;
    double v = g_ascii_strtod(text, &end);
    /* From 0.0001 to 0.999999: the levels whose "%.6g%% CI" title says what they are. */
    if (end == text || *end || !(v >= 0.0001 && v <= 0.999999)) {
        cli_error(cmd, "--level must be a number from 0.0001 to 0.999999, e.g. 0.95 (got '%s')",
                  text);
        return FALSE;
    }
    *level = v;
    return TRUE;
}

gboolean
cli_parse_threads(const char *cmd, int requested, const char *path, gint64 min_bytes, guint max,
                  guint *threads)
{
    if (requested < 0 || requested > 64) {
        cli_error(cmd, "--threads takes a number from 1 to 64, or 0 for the default (got %d)",
                  requested);
        return FALSE;
    }
    struct stat st;
    *threads = requested > 0 ? (guint)requested
               : strcmp(path, "-") != 0 && stat(path, &st) == 0 && st.st_size > min_bytes
                   ? MIN(g_get_num_processors(), max)
                   : 1;
    return TRUE;
}

/* ---- input options ----------------------------------------------------------------------------
 * Every option about how the CSV input is read lives here, in one table: --delimiter. The CLI is
 * one command per process, so these options live in this file. */
static char *opt_delimiter;
static char delimiter = ',';

static GOptionEntry input_entries[] = {
    { "delimiter", 'd', 0, G_OPTION_ARG_FILENAME, &opt_delimiter,
      "Field separator: one character or 'tab' (default ,)", "CHAR" },
    { NULL },
};

static gboolean
input_options_check(const char *cmd)
{
    if (!opt_delimiter)
        return TRUE;
    if (g_ascii_strcasecmp(opt_delimiter, "tab") == 0 || strcmp(opt_delimiter, "\\t") == 0) {
        delimiter = '\t';
    } else if (strlen(opt_delimiter) == 1 && !strchr("\"\r\n", opt_delimiter[0])) {
        delimiter = opt_delimiter[0];
    } else {
        cli_error(cmd, "--delimiter takes one character other than a quote or a line break, "
                       "or 'tab' (got '%s')", opt_delimiter);
        return FALSE;
    }
    return TRUE;
}

/* ---- options ---------------------------------------------------------------------------------- */

/* The optimal-string-alignment distance of @a and @b (bytes): insertions, deletions,
 * substitutions and swaps of two neighbours ("levle" is one from "level"). */
static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), w = lb + 1;
    size_t *d = g_new(size_t, (la + 1) * w);
    for (size_t i = 0; i <= la; i++)
        for (size_t j = 0; j <= lb; j++) {
            if (i == 0 || j == 0) {
                d[i * w + j] = i + j;
                continue;
            }
            size_t v = MIN(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1);
            v = MIN(v, d[(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]));
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                v = MIN(v, d[(i - 2) * w + j - 2] + 1);
            d[i * w + j] = v;
        }
    size_t dist = d[la * w + lb];
    g_free(d);
    return dist;
}

const char *
cli_closest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(word, candidates[i]);
        if (d < best_d || (d == best_d && g_ascii_strcasecmp(word, candidates[i]) == 0)) {
            best = candidates[i];
            best_d = d;
        }
    }
    /* Close enough to be a slip: at most a third of the word, or the same but for case. */
    if (best && (best_d <= MAX(strlen(word) / 3, 1) || g_ascii_strcasecmp(word, best) == 0))
        return best;
    return NULL;
}

/* After an unknown option: "did you mean --level?", the closest of the options @ctx knows. */
static void
suggest_option(const char *cmd, GOptionContext *ctx, int argc, char **argv)
{
    char *help = g_option_context_get_help(ctx, FALSE, NULL);
    GPtrArray *known = g_ptr_array_new_with_free_func(g_free);
    for (const char *p = help; (p = strstr(p, "--")); p += 2) {
        size_t len = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz0123456789-");
        if (len)
            g_ptr_array_add(known, g_strndup(p + 2, len));
    }
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 || !argv[i][2])
            continue;
        char *name = g_strndup(argv[i] + 2, strcspn(argv[i] + 2, "="));
        gboolean is_known = FALSE;
        for (guint k = 0; k < known->len; k++)
            is_known |= strcmp(name, g_ptr_array_index(known, k)) == 0;
        const char *best =
            is_known ? NULL
                     : cli_closest(name, (const char *const *)known->pdata, known->len);
        if (best)
            fprintf(stderr, "cxscore %s: did you mean --%s?\n", cmd, best);
        g_free(name);
        if (!is_known)
            break;
    }
    g_ptr_array_free(known, TRUE);
    g_free(help);
}

static gboolean
parse_options(const char *cmd, GOptionContext *ctx, int *argc, char ***argv, gboolean input)
{
    char *prgname = g_strdup_printf("cxscore %s", cmd); /* usage: "cxscore nps [OPTION...]" */
    g_set_prgname(prgname);
    g_free(prgname);
    if (input) {
        g_option_context_add_main_entries(ctx, input_entries, NULL);
        cli_input_add_options(g_option_context_get_main_group(ctx)); /* cli-input.c */
    }
    GError *err = NULL;
    if (!g_option_context_parse(ctx, argc, argv, &err)) {
        cli_error(cmd, "%s (see 'cxscore %s --help')", err->message, cmd);
        if (err->code == G_OPTION_ERROR_UNKNOWN_OPTION)
            suggest_option(cmd, ctx, *argc, *argv);
        g_error_free(err);
        return FALSE;
    }
    return !input || (input_options_check(cmd) && cli_input_check(cmd, delimiter));
}

gboolean
cli_parse_options(const char *cmd, GOptionContext *ctx, int *argc, char ***argv)
{
    return parse_options(cmd, ctx, argc, argv, TRUE);
}

gboolean
cli_parse_options_no_input(const char *cmd, GOptionContext *ctx, int *argc, char ***argv)
{
    return parse_options(cmd, ctx, argc, argv, FALSE);
}

char
cli_delimiter(void)
{
    return delimiter;
}

CxReader *
cli_open(const char *cmd, const char *path)
{
    return cli_input_open(cmd, path); /* the input options (cli-input.c) */
}

static void
list_columns(const char *cmd, CxReader *reader)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < cx_reader_column_count(reader); i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", cx_reader_column_name(reader, i));
    cli_error(cmd, "the columns are: %s", s->str);
    g_string_free(s, TRUE);
}

gboolean
cli_column(const char *cmd, CxReader *reader, const char *name, size_t *index)
{
    int st = cx_reader_find_column(reader, name, index); /* a name, else question text */
    if (st == CX_OK)
        return TRUE;
    if (st == CX_E_COLUMN_DUPLICATE &&
        cx_reader_column_index(reader, name, index) == CX_E_COLUMN_DUPLICATE)
        cli_error(cmd, "several columns are named '%s': rename them in the export", name);
    else if (st == CX_E_COLUMN_DUPLICATE)
        cli_error(cmd, "%s: give one column's name", cx_reader_error_message(reader));
    else {
        cli_error(cmd, "no column named '%s'", name);
        size_t n = cx_reader_column_count(reader);
        const char **names = g_new(const char *, n ? n : 1);
        for (size_t c = 0; c < n; c++)
            names[c] = cx_reader_column_name(reader, c);
        const char *best = cli_closest(name, names, n);
        if (best)
            fprintf(stderr, "cxscore %s: did you mean '%s'?\n", cmd, best);
        g_free(names);
        list_columns(cmd, reader);
    }
    return FALSE;
}

gboolean
cli_columns(const char *cmd, CxReader *reader, const char *list, GArray *indices)
{
    gchar **names = g_strsplit(list, ",", -1);
    gboolean ok = TRUE;
    for (gchar **n = names; *n && ok; n++) {
        size_t index;
        ok = cli_column(cmd, reader, g_strstrip(*n), &index);
        if (ok)
            g_array_append_val(indices, index);
    }
    g_strfreev(names);
    return ok;
}

void
cli_no_score_in(const char *cmd, const char *where, const char *column, int status, uint64_t n)
{
    if (status == CX_E_OVERFLOW)
        cli_error(cmd, "%sthe weights of column '%s' are too large or too small to score "
                       "(their squares overflow a double)", where, column);
    else if (n > 0)
        cli_error(cmd, "%severy valid answer in column '%s' has weight 0", where, column);
    else
        cli_error(cmd, "%sno valid answer in column '%s'", where, column);
}

void
cli_no_score(const char *cmd, const char *column, int status, uint64_t n)
{
    cli_no_score_in(cmd, "", column, status, n);
}

void
cli_malformed(CliMalformed *m, CxReader *reader)
{
    if (m->count++ < 10 && !m->quiet)
        cli_error(m->cmd, "warning: skipped malformed row: %s", cx_reader_error_message(reader));
}

int
cli_next_row(CxReader *reader, CliMalformed *m)
{
    int st;
    while ((st = cx_reader_next(reader)) == CX_E_MALFORMED_ROW)
        cli_malformed(m, reader);
    if (st != CX_ROW && st != CX_DONE && !m->quiet)
        cli_error(m->cmd, "%s", cx_reader_error_message(reader));
    return st;
}

CliBatch *
cli_batch_new(CxReader *reader, const size_t *columns, size_t width, CliMalformed *m)
{
    CliBatch *b = g_new0(CliBatch, 1);
    b->reader = reader;
    b->width = width;
    b->columns = g_memdup2(columns, width * sizeof *columns);
    b->text = g_new(const char *, CLI_BATCH_ROWS * width);
    b->len = g_new(size_t, CLI_BATCH_ROWS * width);
    b->m = m;
    return b;
}

int
cli_batch_next(CliBatch *b)
{
    int st;
    while ((st = cx_reader_next_batch(b->reader, b->columns, b->width, CLI_BATCH_ROWS, b->text,
                                      b->len, &b->rows)) == CX_E_MALFORMED_ROW)
        cli_malformed(b->m, b->reader);
    if (st != CX_ROW && st != CX_DONE && !b->m->quiet)
        cli_error(b->m->cmd, "%s", cx_reader_error_message(b->reader));
    return st;
}

void
cli_batch_free(CliBatch *b)
{
    if (!b)
        return;
    g_free(b->columns);
    g_free(b->text);
    g_free(b->len);
    g_free(b);
}

void
cli_malformed_summary(CliMalformed *m)
{
    if (m->count > 10)
        cli_error(m->cmd, "warning: %llu malformed rows skipped in all (first 10 shown)",
                  (unsigned long long)m->count);
}

/* ---- group-by ------------------------------------------------------------------------------------ */

/* A segment and its key in one block (a segment of a --by column of millions of values costs its
 * accumulator, this block and a slot of the table; docs/performance.md): the CliGroup, then its
 * values vector, then the key as read, encoded for each cell as "LEN:" (decimal), its bytes and
 * a NUL, which is unambiguous. values[k] points at the k-th cell's bytes in the key when they
 * are valid UTF-8 without a NUL byte, else at a repaired copy (g_utf8_make_valid()) of its own.
 * A lookup probes with a block whose key is the scratch string. */
typedef struct {
    CliGroup group;
    const char *key; /* the encoded key: after vec[], or the scratch string of a probe */
    size_t key_len;
    char *vec[]; /* group.values: n_keys + 1 entries, the last NULL */
} GroupBlock;

struct CliGroups {
    size_t n_keys;
    GHashTable *table; /* a set of GroupBlock* (owned), hashed and compared on their keys */
    GString *scratch;
    const char **cell_text; /* the key cells of a row, for cli_groups_get() */
    size_t *cell_len;
    void *(*acc_new)(void *);
    void (*acc_free)(void *);
    void *user;
};

static guint
key_hash(gconstpointer p)
{
    const GroupBlock *k = p;
    guint h = 5381; /* djb2 */
    for (size_t i = 0; i < k->key_len; i++)
        h = h * 33u + (unsigned char)k->key[i];
    return h;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
    const GroupBlock *x = a, *y = b;
    return x->key_len == y->key_len && memcmp(x->key, y->key, x->key_len) == 0;
}

/* The cell at *p in an encoded key (its bytes, *len of them when @len is not NULL); moves *p to
 * the next cell. */
static const char *
key_cell(const char **p, size_t *len)
{
    size_t n = 0;
    for (; **p != ':'; (*p)++)
        n = n * 10 + (size_t)(**p - '0');
    const char *text = *p + 1;
    *p = text + n + 1;
    if (len)
        *len = n;
    return text;
}

static void
group_free(gpointer data, gpointer user)
{
    CliGroups *groups = user;
    GroupBlock *b = data;
    const char *p = b->key;
    for (size_t k = 0; k < groups->n_keys; k++) /* the repaired copies */
        if (b->vec[k] != key_cell(&p, NULL))
            g_free(b->vec[k]);
    groups->acc_free(b->group.acc);
    g_free(b);
}

CliGroups *
cli_groups_new(size_t n_keys, void *(*acc_new)(void *), void (*acc_free)(void *), void *user)
{
    CliGroups *g = g_new0(CliGroups, 1);
    g->n_keys = n_keys;
    g->table = g_hash_table_new(key_hash, key_equal);
    g->scratch = g_string_new(NULL);
    g->cell_text = g_new0(const char *, n_keys ? n_keys : 1);
    g->cell_len = g_new0(size_t, n_keys ? n_keys : 1);
    g->acc_new = acc_new;
    g->acc_free = acc_free;
    g->user = user;
    return g;
}

void
cli_groups_free(CliGroups *groups)
{
    if (!groups)
        return;
    GList *blocks = g_hash_table_get_keys(groups->table);
    g_list_foreach(blocks, group_free, groups);
    g_list_free(blocks);
    g_hash_table_destroy(groups->table);
    g_string_free(groups->scratch, TRUE);
    g_free(groups->cell_text);
    g_free(groups->cell_len);
    g_free(groups);
}

static void
encode(GString *s, const char *text, size_t len)
{
    g_string_append_printf(s, "%zu:", len);
    g_string_append_len(s, text, (gssize)len);
    g_string_append_c(s, '\0');
}

/* The segment whose encoded key is in the scratch string, or NULL. */
static GroupBlock *
lookup(CliGroups *groups)
{
    GroupBlock probe = { .key = groups->scratch->str, .key_len = groups->scratch->len };
    return g_hash_table_lookup(groups->table, &probe);
}

/* A new segment for the encoded key in the scratch string. */
static GroupBlock *
insert(CliGroups *groups)
{
    const size_t n = groups->n_keys, key_len = groups->scratch->len;
    GroupBlock *b = g_malloc(sizeof *b + (n + 1) * sizeof(char *) + key_len);
    char *key = (char *)&b->vec[n + 1];
    memcpy(key, groups->scratch->str, key_len);
    b->key = key;
    b->key_len = key_len;
    const char *p = key;
    for (size_t k = 0; k < n; k++) {
        size_t len;
        const char *text = key_cell(&p, &len);
        b->vec[k] = g_utf8_validate_len(text, len, NULL) && !memchr(text, '\0', len)
                        ? (char *)text
                        : g_utf8_make_valid(text, (gssize)len);
    }
    b->vec[n] = NULL;
    b->group.values = b->vec;
    b->group.acc = groups->acc_new(groups->user);
    g_hash_table_add(groups->table, b);
    return b;
}

void *
cli_groups_get(CliGroups *groups, CxReader *reader, const size_t *columns)
{
    for (size_t i = 0; i < groups->n_keys; i++)
        cx_reader_field(reader, columns[i], &groups->cell_text[i], &groups->cell_len[i]);
    return cli_groups_get_cells(groups, groups->cell_text, groups->cell_len);
}

void *
cli_groups_get_cells(CliGroups *groups, const char *const *text, const size_t *len)
{
    return cli_groups_get_group(groups, text, len, 0)->acc;
}

CliGroup *
cli_groups_get_group(CliGroups *groups, const char *const *text, const size_t *len, size_t max)
{
    g_string_truncate(groups->scratch, 0);
    for (size_t i = 0; i < groups->n_keys; i++)
        encode(groups->scratch, text[i], len[i]);
    GroupBlock *b = lookup(groups);
    if (!b && max && g_hash_table_size(groups->table) >= max)
        return NULL;
    return b ? &b->group : &insert(groups)->group;
}

void
cli_group_cells(const CliGroups *groups, const CliGroup *group, const char **text, size_t *len)
{
    const char *p = ((const GroupBlock *)(const void *)group)->key;
    for (size_t k = 0; k < groups->n_keys; k++)
        text[k] = key_cell(&p, &len[k]);
}

gboolean
cli_group_has_cells(const CliGroups *groups, const CliGroup *group, const char *const *text,
                    const size_t *len)
{
    const char *p = ((const GroupBlock *)(const void *)group)->key;
    for (size_t k = 0; k < groups->n_keys; k++) {
        size_t n;
        const char *key = key_cell(&p, &n);
        if (n != len[k])
            return FALSE;
        for (size_t i = 0; i < n; i++) /* keys are short: a loop beats a call to memcmp */
            if (key[i] != text[k][i])
                return FALSE;
    }
    return TRUE;
}

gboolean
cli_groups_within(const char *cmd, const CliGroups *groups, size_t max)
{
    if (max == 0 || g_hash_table_size(groups->table) <= max)
        return TRUE;
    cli_error(cmd, "the --by columns have more than %zu distinct values (segments); raise "
                   "--max-segments if the memory allows", max);
    return FALSE;
}

CliGroup *
cli_groups_find(CliGroups *groups, char *const *values)
{
    g_string_truncate(groups->scratch, 0);
    for (size_t i = 0; i < groups->n_keys; i++)
        encode(groups->scratch, values[i], strlen(values[i]));
    GroupBlock *b = lookup(groups);
    return b ? &b->group : NULL;
}

char *
cli_segment_label(char *const *values, size_t n)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s", i ? " / " : "", *values[i] ? values[i] : "(blank)");
    return g_string_free(s, FALSE);
}

char *
cli_period_label(int unit, int64_t period)
{
    char buf[16];
    if (cx_period_label(unit, period, buf, sizeof buf) != CX_OK)
        return g_strdup_printf("%lld", (long long)period);
    return g_strdup(buf);
}

char *
cli_segment_title(CxReader *reader, const GArray *by, char *const *values)
{
    GString *s = g_string_new(NULL);
    for (guint k = 0; k < by->len; k++)
        g_string_append_printf(s, "%s%s = %s", k ? ", " : "",
                               cx_reader_column_name(reader, g_array_index(by, size_t, k)),
                               *values[k] ? values[k] : "(blank)");
    return g_string_free(s, FALSE);
}

int
cli_baseline_key(const char *cmd, const char *baseline, CxReader *reader, const GArray *by,
                 size_t *key_index)
{
    const char *eq = baseline ? strchr(baseline, '=') : NULL;
    if (!eq || !by->len) {
        cli_error(cmd, "--baseline takes COL=VALUE, with COL one of the --by columns");
        return CLI_EXIT_USAGE;
    }
    char *col = g_strndup(baseline, (gsize)(eq - baseline));
    size_t index;
    gboolean found = FALSE;
    if (cx_reader_column_index(reader, col, &index) == CX_OK)
        for (guint k = 0; k < by->len && !found; k++)
            if (g_array_index(by, size_t, k) == index) {
                *key_index = k;
                found = TRUE;
            }
    if (!found)
        cli_error(cmd, "--baseline column '%s' is not among the --by columns", col);
    g_free(col);
    return found ? CLI_EXIT_OK : CLI_EXIT_USAGE;
}

CliGroup *
cli_baseline_find(CliGroups *groups, const CliGroup *group, size_t key_index,
                  const char *baseline)
{
    char **key = g_strdupv(group->values);
    g_free(key[key_index]);
    key[key_index] = g_strdup(strchr(baseline, '=') + 1);
    CliGroup *base = cli_groups_find(groups, key);
    g_strfreev(key);
    return base == group ? NULL : base;
}

static int
compare_strings(gconstpointer a, gconstpointer b, gpointer user)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
cli_baseline_check(const char *cmd, const char *baseline, size_t key_index,
                   CliGroup *const *segments, size_t n, const char *unit)
{
    /* No segment at all: no data, which the command reports itself (exit 1). */
    if (n == 0)
        return CLI_EXIT_OK;
    const char *eq = strchr(baseline, '=');
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(segments[i]->values[key_index], eq + 1) == 0) {
            g_hash_table_destroy(seen);
            return CLI_EXIT_OK;
        }
        g_hash_table_add(seen, segments[i]->values[key_index]);
    }
    /* Not there: name the values that are, sorted byte-wise like the segments, escaped like
     * table cells (a line break in a value must not break the message). */
    guint n_seen;
    gpointer *values = g_hash_table_get_keys_as_array(seen, &n_seen);
    g_qsort_with_data(values, (gint)n_seen, sizeof *values, compare_strings, NULL);
    GString *list = g_string_new(NULL);
    for (guint i = 0; i < n_seen && i < 10; i++) {
        char *shown = *(char *)values[i] ? cli_table_text(values[i]) : g_strdup("(blank)");
        g_string_append_printf(list, "%s%s", i ? ", " : "", shown);
        g_free(shown);
    }
    if (n_seen > 10)
        g_string_append_printf(list, " and %u more", n_seen - 10);
    char *col = g_strndup(baseline, (gsize)(eq - baseline));
    char *shown_baseline = cli_table_text(baseline), *shown_col = cli_table_text(col),
         *shown_value = cli_table_text(eq + 1);
    cli_error(cmd, "--baseline %s: no %s has %s '%s' (values seen: %s)", shown_baseline, unit,
              shown_col, shown_value, list->str);
    g_free(shown_baseline);
    g_free(shown_col);
    g_free(shown_value);
    g_free(col);
    g_string_free(list, TRUE);
    g_free(values);
    g_hash_table_destroy(seen);
    return CLI_EXIT_USAGE;
}

static int
compare_groups(gconstpointer a, gconstpointer b, gpointer user)
{
    const CliGroup *x = *(CliGroup *const *)a, *y = *(CliGroup *const *)b;
    const size_t n_keys = *(const size_t *)user;
    for (size_t i = 0; i < n_keys; i++) {
        int c = strcmp(x->values[i], y->values[i]);
        if (c)
            return c;
    }
    return 0;
}

size_t
cli_baseline_index(CliGroups *groups, CliGroup *const *sorted, size_t n, size_t i,
                   size_t key_index, const char *baseline)
{
    const CliGroup *base = cli_baseline_find(groups, sorted[i], key_index, baseline);
    if (!base)
        return SIZE_MAX;
    size_t lo = 0, hi = n; /* sorted[] is in compare_groups() order, keys unique */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_groups(&sorted[mid], &base, &groups->n_keys);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return SIZE_MAX;
}

CliGroup **
cli_groups_list(CliGroups *groups, size_t *n)
{
    *n = g_hash_table_size(groups->table);
    CliGroup **all = g_new(CliGroup *, *n + 1);
    GHashTableIter it;
    gpointer block;
    size_t i = 0;
    g_hash_table_iter_init(&it, groups->table);
    while (g_hash_table_iter_next(&it, &block, NULL))
        all[i++] = &((GroupBlock *)block)->group;
    return all;
}

CliGroup **
cli_groups_sorted(CliGroups *groups, size_t *n)
{
    CliGroup **all = cli_groups_list(groups, n);
    g_qsort_with_data(all, (gint)*n, sizeof *all, compare_groups, &groups->n_keys);
    return all;
}

/* ---- table --------------------------------------------------------------------------------------- */

struct CliTable {
    size_t n;
    char **headers;
    GPtrArray *rows; /* char ** each */
};

/* A cell as shown in a table: valid UTF-8, control characters escaped (a line break in a
 * segment name must not break the alignment). */
char *
cli_escape_text(const char *text, gboolean json)
{
    char *valid = g_utf8_make_valid(text ? text : "", -1);
    GString *s = g_string_sized_new(strlen(valid));
    for (const char *c = valid; *c; c++) {
        unsigned char u = (unsigned char)*c;
        if (json && (u == '"' || u == '\\'))
            g_string_append_printf(s, "\\%c", u);
        else if (u == '\n')
            g_string_append(s, "\\n");
        else if (u == '\r')
            g_string_append(s, "\\r");
        else if (u == '\t')
            g_string_append(s, "\\t");
        else if (u < 0x20 || u == 0x7f)
            g_string_append_printf(s, json ? "\\u%04x" : "\\x%02x", u);
        else
            g_string_append_c(s, *c);
    }
    g_free(valid);
    return g_string_free(s, FALSE);
}

char *
cli_table_text(const char *text)
{
    return cli_escape_text(text, FALSE);
}

CliTable *
cli_table_new(size_t n_columns, const char *const *headers)
{
    CliTable *t = g_new0(CliTable, 1);
    t->n = n_columns;
    t->headers = g_new0(char *, n_columns + 1);
    for (size_t i = 0; i < n_columns; i++)
        t->headers[i] = cli_table_text(headers[i]);
    t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    return t;
}

void
cli_table_add(CliTable *table, char **cells)
{
    char **row = g_new0(char *, table->n + 1);
    for (size_t i = 0; i < table->n; i++)
        row[i] = cli_table_text(cells[i]);
    g_ptr_array_add(table->rows, row);
}

static void
print_row(FILE *out, char **cells, const size_t *width, size_t n, size_t left)
{
    for (size_t i = 0; i < n; i++) {
        int pad = (int)(width[i] - g_utf8_strlen(cells[i], -1));
        if (i)
            fputs("  ", out);
        if (i < left)
            fprintf(out, "%s%*s", cells[i], i + 1 < n ? pad : 0, "");
        else
            fprintf(out, "%*s%s", pad, "", cells[i]);
    }
    fputc('\n', out);
}

void
cli_table_print(CliTable *table, FILE *out, size_t left)
{
    size_t *width = g_new0(size_t, table->n);
    for (size_t i = 0; i < table->n; i++)
        width[i] = (size_t)g_utf8_strlen(table->headers[i], -1);
    for (guint r = 0; r < table->rows->len; r++) {
        char **row = g_ptr_array_index(table->rows, r);
        for (size_t i = 0; i < table->n; i++)
            width[i] = MAX(width[i], (size_t)g_utf8_strlen(row[i], -1));
    }
    print_row(out, table->headers, width, table->n, left);
    for (guint r = 0; r < table->rows->len; r++)
        print_row(out, g_ptr_array_index(table->rows, r), width, table->n, left);
    g_free(width);
}

void
cli_table_free(CliTable *table)
{
    if (!table)
        return;
    g_strfreev(table->headers);
    g_ptr_array_free(table->rows, TRUE);
    g_free(table);
}

char *
cli_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return s;
}

char *
cli_num(double x, int decimals)
{
    if (isnan(x))
        return g_strdup("-");
    return g_strdup_printf("%.*f", decimals, x);
}

char *
cli_interval(double lo, double hi, int decimals)
{
    if (isnan(lo) || isnan(hi))
        return g_strdup("-");
    return g_strdup_printf("%.*f to %.*f", decimals, lo, decimals, hi);
}

char *
cli_markdown_escape(const char *text)
{
    GString *s = g_string_new(NULL);
    for (const char *c = text; *c; c++) {
        if (strchr("|\\`*_[]<>#", *c))
            g_string_append_c(s, '\\');
        g_string_append_c(s, *c);
    }
    return g_string_free(s, FALSE);
}

char *
cli_p(double p)
{
    if (isnan(p))
        return g_strdup("-");
    return p < 0.0001 ? g_strdup("<0.0001") : g_strdup_printf("%.4f", p);
}

double
cli_chi_min_expected(const uint64_t *table, size_t rows, size_t cols)
{
    double total = 0.0, min_row = INFINITY, min_col = INFINITY;
    for (size_t r = 0; r < rows; r++) {
        double sum = 0.0;
        for (size_t c = 0; c < cols; c++)
            sum += (double)table[r * cols + c];
        total += sum;
        if (sum > 0.0)
            min_row = MIN(min_row, sum);
    }
    for (size_t c = 0; c < cols; c++) {
        double sum = 0.0;
        for (size_t r = 0; r < rows; r++)
            sum += (double)table[r * cols + c];
        if (sum > 0.0)
            min_col = MIN(min_col, sum);
    }
    return total > 0.0 ? min_row * min_col / total : CLI_NAN;
}

/* ---- CSV ------------------------------------------------------------------------------------------ */

void
cli_csv_field(FILE *out, const char *text, gboolean last)
{
    if (strpbrk(text, ",\"\r\n")) {
        fputc('"', out);
        for (const char *c = text; *c; c++) {
            if (*c == '"')
                fputc('"', out);
            fputc(*c, out);
        }
        fputc('"', out);
    } else {
        fputs(text, out);
    }
    fputc(last ? '\n' : ',', out);
}

void
cli_csv_key_header(FILE *out, CxReader *reader, const GArray *by)
{
    for (guint k = 0; k < by->len; k++)
        cli_csv_field(out, cx_reader_column_name(reader, g_array_index(by, size_t, k)), FALSE);
}

void
cli_csv_double(FILE *out, double x, gboolean last)
{
    char buf[32];
    cli_csv_field(out, cli_shortest(x, buf), last);
}

/* ---- JSON ------------------------------------------------------------------------------------------ */

void
cli_json_double(JsonBuilder *b, const char *name, double x)
{
    json_builder_set_member_name(b, name);
    if (isfinite(x))
        json_builder_add_double_value(b, x);
    else
        json_builder_add_null_value(b);
}

void
cli_json_uint(JsonBuilder *b, const char *name, uint64_t x)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, (gint64)x);
}

void
cli_json_string(JsonBuilder *b, const char *name, const char *text)
{
    json_builder_set_member_name(b, name);
    if (text)
        json_builder_add_string_value(b, text);
    else
        json_builder_add_null_value(b);
}

void
cli_json_key(JsonBuilder *b, CxReader *reader, const GArray *by, char *const *values)
{
    json_builder_set_member_name(b, "key");
    json_builder_begin_object(b);
    for (guint k = 0; k < by->len; k++) {
        json_builder_set_member_name(b,
                                     cx_reader_column_name(reader, g_array_index(by, size_t, k)));
        json_builder_add_string_value(b, values[k]);
    }
    json_builder_end_object(b);
}

/* json-glib 1.6 writes a double with "%.17g" and appends ".0" when there is no '.', which
 * turns 1e+22 or 2e-200 into "1e+22.0", not JSON. Drops ".0" right after an exponent, outside
 * strings, in place. */
static void
fix_exponents(char *text)
{
    char *w = text;
    int in_string = 0;
    for (const char *r = text; *r;) {
        char c = *r++;
        *w++ = c;
        if (in_string) {
            if (c == '\\' && *r)
                *w++ = *r++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if ((c == 'e' || c == 'E') && w - text >= 2 && g_ascii_isdigit(w[-2])) {
            if (*r == '+' || *r == '-')
                *w++ = *r++;
            while (g_ascii_isdigit(*r))
                *w++ = *r++;
            if (r[0] == '.' && r[1] == '0' && !g_ascii_isdigit(r[2]))
                r += 2;
        }
    }
    *w = '\0';
}

void
cli_json_print(JsonBuilder *b, FILE *out)
{
    JsonGenerator *gen = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json_generator_set_pretty(gen, TRUE);
    json_generator_set_indent(gen, 2);
    char *text = json_generator_to_data(gen, NULL);
    fix_exponents(text);
    fputs(text, out);
    fputc('\n', out);
    g_free(text);
    json_node_unref(root);
    g_object_unref(gen);
}
