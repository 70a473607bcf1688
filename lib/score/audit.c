/* SPDX-License-Identifier: MIT */
/*
 * Mystery shopping and point-of-sale audits (see cx-audit.h and docs/audit.md for the scoring
 * rules and their sources).
 *
 * The state is counts and one-pass moments (core/moments-private.h: Welford's update, Chan et al.
 * to merge) over all visits, per section and per item, and the same per segment in key tables
 * (core/keys-private.h): one table per segment kind, and one of location–shopper pairs for the
 * shopper analyses. Nothing grows with the number of visits; merging is exact in counts.
 */
#include <cxscore/cx-audit.h>
#include <cxscore/cx-cell.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-instrument.h>
#include <cxscore/cx-period.h>

#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/cell-private.h"
#include "core/keyfile-private.h"
#include "core/keys-private.h"
#include "core/moments-private.h"
#include "core/state-private.h"
#include "core/util-private.h"
#include "score/abi-private.h"
#include "stats/distributions-private.h"

#define MAX_ITEMS 256
#define MAX_SECTIONS 32
#define MAX_LISTED 1000
#define N_REASONS 7
#define N_BY 4

/* ---- checklists -------------------------------------------------------------------------------- */

typedef struct {
    char *id, *text;
    size_t section;
    double points;
    int type;
    int scale_min, scale_max, pass; /* rating */
    int proportional;               /* rating: points · (r − min)/(max − min) */
    double target;                  /* measure */
    int at_most;                    /* measure: ≤ target passes (else ≥) */
    int na, critical;
} Item;

struct CxChecklist {
    char *name;
    double pass_mark;
    int critical_rule;
    size_t n_sections;
    char *section_id[MAX_SECTIONS], *section_name[MAX_SECTIONS];
    size_t n_items;
    Item items[MAX_ITEMS];
    char *text; /* the definition loaded, kept for copies and serialized state */
    size_t text_len;
    CxKeyFileError err;
};

size_t
cx_checklist_max_items(void)
{
    return MAX_ITEMS;
}

size_t
cx_checklist_max_sections(void)
{
    return MAX_SECTIONS;
}

int
cx_checklist_new(CxChecklist **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new0(CxChecklist, 1);
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

static void
checklist_clear(CxChecklist *c)
{
    g_free(c->name);
    for (size_t s = 0; s < c->n_sections; s++) {
        g_free(c->section_id[s]);
        g_free(c->section_name[s]);
    }
    for (size_t i = 0; i < c->n_items; i++) {
        g_free(c->items[i].id);
        g_free(c->items[i].text);
    }
    g_free(c->text);
    CxKeyFileError err = c->err;
    memset(c, 0, sizeof *c);
    c->err = err;
}

void
cx_checklist_free(CxChecklist *checklist)
{
    if (!checklist)
        return;
    checklist_clear(checklist);
    g_free(checklist);
}

/* An id: letters, digits, '_', '-', '.'; 1 to 64 bytes. */
static int
id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
            return 0;
    return 1;
}

/* yes → 1, no → 0, anything else → −1. */
static int
parse_yes_no(const char *v)
{
    if (!g_ascii_strcasecmp(v, "yes") || !g_ascii_strcasecmp(v, "true"))
        return 1;
    if (!g_ascii_strcasecmp(v, "no") || !g_ascii_strcasecmp(v, "false"))
        return 0;
    return -1;
}

/* The load context: the text for line numbers and the checklist that receives the error. */
typedef struct {
    CxChecklist *c;
    GKeyFile *kf;
    const char *text;
    size_t len;
} Load;

#define FAIL(ld, line, ...) cx_keyfile_fail(&(ld)->c->err, (line), __VA_ARGS__)

/* The stripped value of group/key (g_free it), or NULL after an error naming its line. */
static gchar *
value_of(Load *ld, const char *group, const char *key, int *line)
{
    *line = cx_keyfile_find_line(ld->text, ld->len, group, key);
    gchar *v = cx_keyfile_value(&ld->c->err, ld->kf, group, key, *line);
    return v ? g_strstrip(v) : NULL;
}

static int
load_header(Load *ld)
{
    CxChecklist *c = ld->c;
    int line, have_pass = 0, have_rule = 0, have_total = 0, total_line = 0;
    double total = 0.0;
    int status = CX_OK;
    if (!g_key_file_has_group(ld->kf, "checklist"))
        return FAIL(ld, 0, "no [checklist] group (name, pass_mark, critical)");
    gchar **keys = g_key_file_get_keys(ld->kf, "checklist", NULL, NULL);
    for (gchar **k = keys; *k && status == CX_OK; k++) {
        gchar *v = value_of(ld, "checklist", *k, &line);
        if (!v) {
            status = CX_E_PARSE;
        } else if (!strcmp(*k, "name")) {
            g_free(c->name);
            c->name = g_strdup(v);
        } else if (!strcmp(*k, "pass_mark")) {
            if (!cx_keyfile_parse_double(v, &c->pass_mark) || c->pass_mark < 0.0 ||
                c->pass_mark > 100.0)
                status = FAIL(ld, line, "pass_mark must be a score from 0 to 100, not '%s'", v);
            have_pass = 1;
        } else if (!strcmp(*k, "critical")) {
            if (!strcmp(v, "section"))
                c->critical_rule = CX_AUDIT_CRITICAL_SECTION;
            else if (!strcmp(v, "visit"))
                c->critical_rule = CX_AUDIT_CRITICAL_VISIT;
            else
                status = FAIL(ld, line, "unknown critical rule '%s' (expected section or visit)",
                              v);
            have_rule = 1;
        } else if (!strcmp(*k, "total_points")) {
            if (!cx_keyfile_parse_double(v, &total) || !(total > 0.0))
                status = FAIL(ld, line, "total_points must be a positive number, not '%s'", v);
            have_total = 1;
            total_line = line;
        } else {
            status = FAIL(ld, line, "unknown key '%s' in [checklist] (expected name, pass_mark, "
                                    "critical, total_points)", *k);
        }
        g_free(v);
    }
    g_strfreev(keys);
    int group_line = cx_keyfile_find_line(ld->text, ld->len, "checklist", NULL);
    if (status == CX_OK && !have_pass)
        status = FAIL(ld, group_line, "[checklist] needs pass_mark (the passing visit score)");
    if (status == CX_OK && !have_rule)
        status = FAIL(ld, group_line, "[checklist] needs critical = section or visit");
    if (status == CX_OK && have_total) {
        double sum = 0.0;
        for (size_t i = 0; i < c->n_items; i++)
            sum += c->items[i].points;
        if (fabs(sum - total) > 1e-9 * total)
            status = FAIL(ld, total_line, "the items' points add up to %g, not total_points = %g",
                          sum, total);
    }
    return status;
}

static int
load_sections(Load *ld)
{
    CxChecklist *c = ld->c;
    int line;
    if (!g_key_file_has_group(ld->kf, "sections"))
        return FAIL(ld, 0, "no [sections] group: a checklist needs at least one section");
    gchar **keys = g_key_file_get_keys(ld->kf, "sections", NULL, NULL);
    int status = CX_OK;
    if (!keys || !keys[0])
        status = FAIL(ld, cx_keyfile_find_line(ld->text, ld->len, "sections", NULL),
                      "[sections] lists no section");
    for (gchar **k = keys; k && *k && status == CX_OK; k++) {
        gchar *v = value_of(ld, "sections", *k, &line);
        if (!v)
            status = CX_E_PARSE;
        else if (!id_ok(*k))
            status = FAIL(ld, line, "section id '%s' must be letters, digits, _ - or .", *k);
        else if (c->n_sections >= MAX_SECTIONS)
            status = FAIL(ld, line, "too many sections (at most %d)", MAX_SECTIONS);
        else {
            c->section_id[c->n_sections] = g_strdup(*k);
            c->section_name[c->n_sections] = g_strdup(*v ? v : *k);
            c->n_sections++;
        }
        g_free(v);
    }
    g_strfreev(keys);
    return status;
}

static int
find_section(const CxChecklist *c, const char *id, size_t *s)
{
    for (size_t i = 0; i < c->n_sections; i++)
        if (!strcmp(c->section_id[i], id)) {
            *s = i;
            return 1;
        }
    return 0;
}

/* One [item ID] group. */
static int
load_item(Load *ld, const char *group, const char *id)
{
    CxChecklist *c = ld->c;
    int gline = cx_keyfile_find_line(ld->text, ld->len, group, NULL), line;
    if (!id_ok(id))
        return FAIL(ld, gline, "item id '%s' must be letters, digits, _ - or . (1-64 bytes)", id);
    for (size_t i = 0; i < c->n_items; i++)
        if (!strcmp(c->items[i].id, id))
            return FAIL(ld, gline, "item %s is defined twice", id);
    if (c->n_items >= MAX_ITEMS)
        return FAIL(ld, gline, "too many items (at most %d)", MAX_ITEMS);
    Item it = { .type = -1, .points = CX_NAN, .at_most = -1, .scale_min = 1, .scale_max = 0 };
    int have_section = 0, have_pass = 0, have_target = 0, have_scale = 0, have_scoring = 0;
    int scoring_line = 0, pass_line = 0;
    int status = CX_OK;
    gchar **keys = g_key_file_get_keys(ld->kf, group, NULL, NULL);
    for (gchar **k = keys; *k && status == CX_OK; k++) {
        gchar *v = value_of(ld, group, *k, &line);
        if (!v) {
            status = CX_E_PARSE;
        } else if (!strcmp(*k, "section")) {
            if (!find_section(c, v, &it.section))
                status = FAIL(ld, line, "item %s: section '%s' is not in [sections]", id, v);
            have_section = 1;
        } else if (!strcmp(*k, "text")) {
            g_free(it.text);
            it.text = g_strdup(v);
        } else if (!strcmp(*k, "points")) {
            if (!cx_keyfile_parse_double(v, &it.points) || !(it.points > 0.0) ||
                it.points > 1e6)
                status = FAIL(ld, line, "item %s: points must be a number in (0, 1e6]", id);
        } else if (!strcmp(*k, "type")) {
            it.type = !strcmp(v, "yesno")     ? CX_AUDIT_YES_NO
                      : !strcmp(v, "rating")  ? CX_AUDIT_RATING
                      : !strcmp(v, "measure") ? CX_AUDIT_MEASURE
                                              : -1;
            if (it.type < 0)
                status = FAIL(ld, line, "item %s: unknown type '%s' (expected yesno, rating, "
                                        "measure)", id, v);
        } else if (!strcmp(*k, "scale")) {
            gchar **b = g_strsplit(v, "-", 2);
            if (!b[0] || !b[1] || !cx_keyfile_parse_int(g_strstrip(b[0]), &it.scale_min) ||
                !cx_keyfile_parse_int(g_strstrip(b[1]), &it.scale_max) ||
                it.scale_min >= it.scale_max || it.scale_min < 0 || it.scale_max > 1000)
                status = FAIL(ld, line, "item %s: scale must be LOW-HIGH, 0 <= LOW < HIGH <= "
                                        "1000, e.g. 1-5", id);
            g_strfreev(b);
            have_scale = 1;
        } else if (!strcmp(*k, "pass")) {
            if (!cx_keyfile_parse_int(v, &it.pass))
                status = FAIL(ld, line, "item %s: pass must be a whole number", id);
            have_pass = 1;
            pass_line = line;
        } else if (!strcmp(*k, "scoring")) {
            it.proportional = !strcmp(v, "proportional") ? 1 : !strcmp(v, "threshold") ? 0 : -1;
            if (it.proportional < 0)
                status = FAIL(ld, line, "item %s: scoring must be threshold or proportional",
                              id);
            have_scoring = 1;
            scoring_line = line;
        } else if (!strcmp(*k, "target")) {
            if (!cx_keyfile_parse_double(v, &it.target))
                status = FAIL(ld, line, "item %s: target must be a number", id);
            have_target = 1;
        } else if (!strcmp(*k, "compare")) {
            it.at_most = !strcmp(v, "at_most") ? 1 : !strcmp(v, "at_least") ? 0 : -2;
            if (it.at_most == -2)
                status = FAIL(ld, line, "item %s: compare must be at_most or at_least", id);
        } else if (!strcmp(*k, "na") || !strcmp(*k, "critical")) {
            int yn = parse_yes_no(v);
            if (yn < 0)
                status = FAIL(ld, line, "item %s: %s must be yes or no", id, *k);
            else if (!strcmp(*k, "na"))
                it.na = yn;
            else
                it.critical = yn;
        } else {
            status = FAIL(ld, line, "item %s: unknown key '%s' (expected section, text, points, "
                                    "type, scale, pass, scoring, target, compare, na, critical)",
                          id, *k);
        }
        g_free(v);
    }
    g_strfreev(keys);
    if (status == CX_OK && !have_section)
        status = FAIL(ld, gline, "item %s needs a section", id);
    if (status == CX_OK && isnan(it.points))
        status = FAIL(ld, gline, "item %s needs points", id);
    if (status == CX_OK && it.type < 0)
        status = FAIL(ld, gline, "item %s needs a type (yesno, rating or measure)", id);
    if (status == CX_OK && it.type == CX_AUDIT_RATING) {
        if (!have_scale || !have_pass)
            status = FAIL(ld, gline, "rating item %s needs scale and pass", id);
        else if (it.pass <= it.scale_min || it.pass > it.scale_max)
            status = FAIL(ld, pass_line, "item %s: pass %d must be above the lowest answer and "
                                         "on the scale %d-%d", id, it.pass, it.scale_min,
                          it.scale_max);
    } else if (status == CX_OK && (have_scale || have_pass || have_scoring)) {
        status = FAIL(ld, have_scoring ? scoring_line : gline,
                      "item %s: scale, pass and scoring are for rating items", id);
    }
    if (status == CX_OK && it.type == CX_AUDIT_MEASURE) {
        if (!have_target || it.at_most < 0)
            status = FAIL(ld, gline, "measure item %s needs target and compare (at_most or "
                                     "at_least)", id);
    } else if (status == CX_OK && (have_target || it.at_most >= 0)) {
        status = FAIL(ld, gline, "item %s: target and compare are for measure items", id);
    }
    if (status != CX_OK) {
        g_free(it.text);
        return status;
    }
    it.id = g_strdup(id);
    if (!it.text)
        it.text = g_strdup("");
    c->items[c->n_items++] = it;
    return CX_OK;
}

static int
load(CxChecklist *c, const char *text, size_t len)
{
    Load ld = { c, NULL, text, len };
    int status = cx_keyfile_open(&c->err, text, len, &ld.kf);
    if (status != CX_OK)
        return status;
    gchar **groups = g_key_file_get_groups(ld.kf, NULL);
    for (gchar **g = groups; *g && status == CX_OK; g++)
        if (strcmp(*g, "checklist") && strcmp(*g, "sections") && strncmp(*g, "item ", 5))
            status = FAIL(&ld, cx_keyfile_find_line(text, len, *g, NULL),
                          "unknown group [%s] (expected [checklist], [sections], [item ID])",
                          *g);
    if (status == CX_OK)
        status = load_sections(&ld);
    for (gchar **g = groups; *g && status == CX_OK; g++)
        if (!strncmp(*g, "item ", 5))
            status = load_item(&ld, *g, *g + 5);
    if (status == CX_OK && c->n_items == 0)
        status = FAIL(&ld, 0, "no [item ID] group: a checklist needs at least one item");
    for (size_t s = 0; status == CX_OK && s < c->n_sections; s++) {
        int used = 0;
        for (size_t i = 0; i < c->n_items && !used; i++)
            used = c->items[i].section == s;
        if (!used)
            status = FAIL(&ld, cx_keyfile_find_line(text, len, "sections", c->section_id[s]),
                          "section %s has no item", c->section_id[s]);
    }
    if (status == CX_OK)
        status = load_header(&ld);
    g_strfreev(groups);
    g_key_file_free(ld.kf);
    if (status == CX_OK) {
        c->text = g_try_malloc(len + 1);
        if (!c->text)
            status = CX_E_NO_MEMORY;
        else {
            memcpy(c->text, text, len);
            c->text[len] = '\0';
            c->text_len = len;
        }
    }
    if (status != CX_OK)
        checklist_clear(c);
    return status;
}

int
cx_checklist_load_data(CxChecklist *checklist, const char *data, size_t len)
{
    if (!checklist || (!data && len > 0) || checklist->n_items > 0 || checklist->n_sections > 0)
        return CX_E_INVALID_ARGUMENT;
    checklist->err.message[0] = '\0';
    checklist->err.line = 0;
    if (len > cx_instrument_max_definition_size())
        return cx_keyfile_fail(&checklist->err, 0, "the definition is larger than %zu bytes",
                               cx_instrument_max_definition_size());
    return load(checklist, data ? data : "", len);
}

int
cx_checklist_load_file(CxChecklist *checklist, const char *path)
{
    if (!checklist || !path || checklist->n_items > 0 || checklist->n_sections > 0)
        return CX_E_INVALID_ARGUMENT;
    char *text;
    size_t len;
    int status =
        cx_keyfile_read_path(&checklist->err, path, cx_instrument_max_definition_size(), &text,
                             &len);
    if (status == CX_OK)
        status = cx_checklist_load_data(checklist, text, len);
    g_free(text);
    return status;
}

const char *
cx_checklist_error_message(const CxChecklist *checklist)
{
    return checklist ? checklist->err.message : "";
}

uint64_t
cx_checklist_error_line(const CxChecklist *checklist)
{
    return checklist ? checklist->err.line : 0;
}

const char *
cx_checklist_name(const CxChecklist *checklist)
{
    return checklist && checklist->name ? checklist->name : "";
}

double
cx_checklist_pass_mark(const CxChecklist *checklist)
{
    return checklist ? checklist->pass_mark : CX_NAN;
}

int
cx_checklist_critical_rule(const CxChecklist *checklist)
{
    return checklist ? checklist->critical_rule : CX_E_INVALID_ARGUMENT;
}

size_t
cx_checklist_section_count(const CxChecklist *checklist)
{
    return checklist ? checklist->n_sections : 0;
}

const char *
cx_checklist_section_id(const CxChecklist *checklist, size_t section)
{
    return checklist && section < checklist->n_sections ? checklist->section_id[section] : NULL;
}

const char *
cx_checklist_section_name(const CxChecklist *checklist, size_t section)
{
    return checklist && section < checklist->n_sections ? checklist->section_name[section]
                                                         : NULL;
}

size_t
cx_checklist_item_count(const CxChecklist *checklist)
{
    return checklist ? checklist->n_items : 0;
}

int
cx_checklist_item_index(const CxChecklist *checklist, const char *id, size_t *index)
{
    if (!checklist || !id || !index)
        return CX_E_INVALID_ARGUMENT;
    for (size_t i = 0; i < checklist->n_items; i++)
        if (!strcmp(checklist->items[i].id, id)) {
            *index = i;
            return CX_OK;
        }
    return CX_E_COLUMN_NOT_FOUND;
}

static const Item *
item_at(const CxChecklist *c, size_t i)
{
    return c && i < c->n_items ? &c->items[i] : NULL;
}

const char *
cx_checklist_item_id(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->id : NULL;
}

const char *
cx_checklist_item_text(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->text : NULL;
}

size_t
cx_checklist_item_section(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->section : (size_t)-1;
}

double
cx_checklist_item_points(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->points : CX_NAN;
}

int
cx_checklist_item_type(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->type : CX_E_INVALID_ARGUMENT;
}

int
cx_checklist_item_critical(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->critical : 0;
}

int
cx_checklist_item_na_allowed(const CxChecklist *checklist, size_t item)
{
    const Item *it = item_at(checklist, item);
    return it ? it->na : 0;
}

/* A checklist loaded again from another's text, or NULL (memory). */
static CxChecklist *
checklist_copy(const CxChecklist *c)
{
    CxChecklist *copy = NULL;
    if (cx_checklist_new(&copy) != CX_OK)
        return NULL;
    if (cx_checklist_load_data(copy, c->text, c->text_len) != CX_OK) {
        cx_checklist_free(copy);
        return NULL;
    }
    return copy;
}

/* ---- segment tables ---------------------------------------------------------------------------
 * A record per key: u64 [0] scored visits, [1] passed, [2] critical visits, then per item
 * (tables with items) [3 + 3i] applicable, [4 + 3i] compliant, [5 + 3i] critical failures;
 * doubles [0] mean score, [1] M2, then per item [2 + i] points lost. */

#define U_FIXED 3
#define D_FIXED 2

typedef struct {
    CxKeys keys;
    size_t nu, nd; /* per record */
    uint64_t *u;
    double *d;
    size_t cap_u, cap_d; /* in records */
} Table;

static void
table_init(Table *t, size_t n_items)
{
    memset(t, 0, sizeof *t);
    cx_keys_init(&t->keys);
    t->nu = U_FIXED + 3 * n_items;
    t->nd = D_FIXED + n_items;
}

static void
table_clear(Table *t)
{
    cx_keys_clear(&t->keys);
    g_free(t->u);
    g_free(t->d);
    t->u = NULL;
    t->d = NULL;
    t->cap_u = t->cap_d = 0;
}

/* Room for one more key of `len` bytes and its record: after CX_OK, table_add() cannot fail.
 * CX_E_NO_MEMORY or CX_E_OVERFLOW; the table's content never changes (only its room). */
static int
table_reserve(Table *t, size_t len)
{
    size_t n = cx_keys_count(&t->keys) + 1;
    if (n > SIZE_MAX / (t->nu * sizeof(uint64_t) + t->nd * sizeof(double)))
        return CX_E_OVERFLOW;
    int status = cx_keys_reserve(&t->keys, 1, len);
    if (status == CX_OK)
        status = cx_array_reserve(&t->u, &t->cap_u, n, t->nu * sizeof(uint64_t));
    if (status == CX_OK)
        status = cx_array_reserve(&t->d, &t->cap_d, n, t->nd * sizeof(double));
    return status;
}

/* Adds a key that is not in the table, with a zero record, in room reserved before. */
static uint32_t
table_add(Table *t, const char *key, size_t len)
{
    const uint32_t id = cx_keys_add_reserved(&t->keys, key, len);
    memset(t->u + (size_t)id * t->nu, 0, t->nu * sizeof(uint64_t));
    memset(t->d + (size_t)id * t->nd, 0, t->nd * sizeof(double));
    return id;
}

/* The id of a key, added with a zero record if new. CX_OK, CX_E_NO_MEMORY, CX_E_OVERFLOW; the
 * table is unchanged on failure. */
static int
table_id(Table *t, const char *key, size_t len, uint32_t *id)
{
    *id = cx_keys_find(&t->keys, key, len);
    if (*id != CX_KEYS_NONE)
        return CX_OK;
    int status = table_reserve(t, len);
    if (status == CX_OK)
        *id = table_add(t, key, len);
    return status;
}

static CxMoments
record_moments(const Table *t, uint32_t id)
{
    return cx_moments_unweighted(t->u[(size_t)id * t->nu], t->d[(size_t)id * t->nd],
                                 t->d[(size_t)id * t->nd + 1]);
}

static void
record_set_moments(Table *t, uint32_t id, const CxMoments *m)
{
    t->u[(size_t)id * t->nu] = m->n;
    t->d[(size_t)id * t->nd] = m->mean;
    t->d[(size_t)id * t->nd + 1] = m->m2;
}

/* Adds record `sid` of src into record `did` of dst (same layout). */
static void
record_merge(Table *dst, uint32_t did, const Table *src, uint32_t sid)
{
    CxMoments a = record_moments(dst, did), b = record_moments(src, sid);
    cx_moments_merge(&a, &b); /* counts are bounded by the checked visit total */
    uint64_t *du = dst->u + (size_t)did * dst->nu;
    const uint64_t *su = src->u + (size_t)sid * src->nu;
    double *dd = dst->d + (size_t)did * dst->nd;
    const double *sd = src->d + (size_t)sid * src->nd;
    for (size_t k = 1; k < dst->nu; k++)
        du[k] += su[k];
    for (size_t k = D_FIXED; k < dst->nd; k++)
        dd[k] += sd[k];
    record_set_moments(dst, did, &a);
}

/* Adds every record of src into dst (keys added as needed). dst may have gained keys when this
 * fails: callers merge into a scratch copy. */
static int
table_merge(Table *dst, const Table *src)
{
    for (uint32_t id = 0; id < cx_keys_count(&src->keys); id++) {
        size_t len;
        const char *key = cx_keys_data(&src->keys, id, &len);
        uint32_t did;
        int status = table_id(dst, key, len, &did);
        if (status != CX_OK)
            return status;
        record_merge(dst, did, src, id);
    }
    return CX_OK;
}

/* ---- the accumulator --------------------------------------------------------------------------- */

enum { ROLE_IGNORE = -1, ROLE_LOCATION = -2, ROLE_REGION = -3, ROLE_SHOPPER = -4, ROLE_DATE = -5 };

typedef struct {
    uint64_t line, column, reason;
} Listed;

/* Per item: counts and the points lost (compensated). */
typedef struct {
    uint64_t applicable, compliant, na, blank, rejected, critical;
    CxSum lost;
} ItemStat;

typedef struct {
    uint64_t critical;
    CxMoments m;
    CxSum earned, applicable;
} SectionStat;

/* The label of a period, cached by period number modulo PERIOD_CACHE: visits of a season hold a
 * few periods, often interleaved (a month's visits entered in any order), and making a label
 * costs more than scoring the visit's answers (bench/audit-bench.c). */
#define PERIOD_CACHE 32
typedef struct {
    int64_t period;
    int used;
    size_t len;
    char label[16];
} PeriodLabel;

struct CxAudit {
    CxChecklist *checklist;
    int unit;
    /* the column mapping (not part of the state) */
    size_t n_columns;
    int *role;                       /* per column: an item index or a ROLE_ */
    size_t item_column[MAX_ITEMS];   /* per item: its column, or SIZE_MAX */
    size_t item_columns_end;         /* 1 + the largest item column; SIZE_MAX if an item has
                                        none: a row of at least this many fields with their
                                        lengths is read without field_of()'s checks */
    size_t key_column[4];            /* location, region, shopper, date: column or SIZE_MAX */
    PeriodLabel labels[PERIOD_CACHE]; /* a cache of period labels (not state) */
    /* the state */
    uint64_t visits, passed, critical_visits, critical_failures;
    uint64_t rejects[N_REASONS];
    CxMoments score; /* n = scored visits */
    CxSum earned, applicable;
    SectionStat sections[MAX_SECTIONS];
    ItemStat items[MAX_ITEMS];
    Table seg[N_BY];
    Table pairs; /* key: 4-byte location length, location, shopper; no item columns */
    Listed *listed;
    size_t n_listed;
};

size_t
cx_audit_max_listed_rejects(void)
{
    return MAX_LISTED;
}

static void
state_clear(CxAudit *a)
{
    for (int b = 0; b < N_BY; b++)
        table_clear(&a->seg[b]);
    table_clear(&a->pairs);
    a->n_listed = 0;
    a->visits = a->passed = a->critical_visits = a->critical_failures = 0;
    memset(a->rejects, 0, sizeof a->rejects);
    memset(&a->score, 0, sizeof a->score);
    memset(&a->earned, 0, sizeof a->earned);
    memset(&a->applicable, 0, sizeof a->applicable);
    memset(a->sections, 0, sizeof a->sections);
    memset(a->items, 0, sizeof a->items);
}

static CxAudit *
audit_create(CxChecklist *owned, int unit)
{
    CxAudit *a = g_try_new0(CxAudit, 1);
    Listed *listed = g_try_new(Listed, MAX_LISTED);
    if (!a || !listed) {
        g_free(a);
        g_free(listed);
        return NULL;
    }
    a->listed = listed;
    a->checklist = owned;
    a->unit = unit;
    for (int b = 0; b < N_BY; b++)
        table_init(&a->seg[b], owned->n_items);
    table_init(&a->pairs, 0);
    for (size_t i = 0; i < MAX_ITEMS; i++)
        a->item_column[i] = SIZE_MAX;
    a->item_columns_end = SIZE_MAX;
    for (int k = 0; k < 4; k++)
        a->key_column[k] = SIZE_MAX;
    return a;
}

static int
unit_ok(int unit)
{
    return unit >= CX_PERIOD_DAY && unit <= CX_PERIOD_YEAR;
}

int
cx_audit_new(const CxChecklist *checklist, int period_unit, CxAudit **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!checklist || checklist->n_items == 0 || !unit_ok(period_unit))
        return CX_E_INVALID_ARGUMENT;
    CxChecklist *copy = checklist_copy(checklist);
    CxAudit *a = copy ? audit_create(copy, period_unit) : NULL;
    if (!a) {
        cx_checklist_free(copy);
        return CX_E_NO_MEMORY;
    }
    *out = a;
    return CX_OK;
}

void
cx_audit_free(CxAudit *audit)
{
    if (!audit)
        return;
    state_clear(audit);
    g_free(audit->listed);
    g_free(audit->role);
    cx_checklist_free(audit->checklist);
    g_free(audit);
}

const CxChecklist *
cx_audit_checklist(const CxAudit *audit)
{
    return audit ? audit->checklist : NULL;
}

void
cx_audit_reset(CxAudit *audit)
{
    if (audit)
        state_clear(audit);
}

/* Counts a reject and lists it while there is room (the list is allocated with the
 * accumulator, so this never fails). */
static void
reject(CxAudit *a, int reason, uint64_t line, size_t column)
{
    a->rejects[reason]++;
    if (a->n_listed >= MAX_LISTED)
        return;
    a->listed[a->n_listed++] =
        (Listed){ line, column == SIZE_MAX ? UINT64_MAX : (uint64_t)column, (uint64_t)reason };
}

int
cx_audit_set_columns(CxAudit *audit, const char *const *names, size_t n, uint64_t line)
{
    if (!audit || (!names && n > 0) || n > (size_t)INT32_MAX)
        return CX_E_INVALID_ARGUMENT;
    for (size_t c = 0; c < n; c++)
        if (!names[c])
            return CX_E_INVALID_ARGUMENT;
    static const char *const reserved[] = { "location", "region", "shopper", "date" };
    int *role = g_try_new(int, n ? n : 1);
    if (!role)
        return CX_E_NO_MEMORY;
    size_t item_column[MAX_ITEMS], key_column[4];
    for (size_t i = 0; i < MAX_ITEMS; i++)
        item_column[i] = SIZE_MAX;
    for (int k = 0; k < 4; k++)
        key_column[k] = SIZE_MAX;
    for (size_t c = 0; c < n; c++) {
        role[c] = ROLE_IGNORE;
        int known = 0;
        for (int k = 0; k < 4 && !known; k++)
            if (!g_ascii_strcasecmp(names[c], reserved[k])) {
                known = 1;
                if (key_column[k] != SIZE_MAX) {
                    g_free(role);
                    return CX_E_COLUMN_DUPLICATE;
                }
                key_column[k] = c;
                role[c] = -2 - k;
            }
        if (known || !g_ascii_strcasecmp(names[c], "visit") ||
            !g_ascii_strcasecmp(names[c], "comments"))
            continue;
        size_t i;
        if (cx_checklist_item_index(audit->checklist, names[c], &i) == CX_OK) {
            if (item_column[i] != SIZE_MAX) {
                g_free(role);
                return CX_E_COLUMN_DUPLICATE;
            }
            item_column[i] = c;
            role[c] = (int)i;
        }
    }
    /* Valid: count the unknown columns and commit. */
    for (size_t c = 0; c < n; c++)
        if (role[c] == ROLE_IGNORE && g_ascii_strcasecmp(names[c], "visit") &&
            g_ascii_strcasecmp(names[c], "comments"))
            reject(audit, CX_AUDIT_REJECT_UNKNOWN_ITEM, line, c);
    g_free(audit->role);
    audit->role = role;
    audit->n_columns = n;
    memcpy(audit->item_column, item_column, sizeof item_column);
    memcpy(audit->key_column, key_column, sizeof key_column);
    audit->item_columns_end = 0;
    for (size_t i = 0; i < audit->checklist->n_items; i++)
        audit->item_columns_end = item_column[i] == SIZE_MAX
                                      ? SIZE_MAX
                                      : MAX(audit->item_columns_end, item_column[i] + 1);
    return CX_OK;
}

/* How an answer scores. */
enum { ANSWER_BLANK, ANSWER_NA, ANSWER_REJECTED, ANSWER_SCORED };

typedef struct {
    int kind;
    int compliant;
    double earned;
} Answer;

/* A yes/no answer: 1 yes (yes, y, true, pass, 1), 0 no (no, n, false, fail, 0), −1 neither;
 * ASCII case-insensitive. Dispatched on the length: this runs once per item and visit. */
/* Whether the n bytes of s are the lower-case ASCII word w in any case. c | 0x20 folds an upper-
 * case letter to its lower case and no other byte onto a letter, so this is
 * g_ascii_strncasecmp(s, w, n) == 0 for a word of letters, without a call per answer cell (the
 * hot path of cx_audit_add_row(), bench/audit-bench.c). */
static int
same_word(const char *s, const char *w, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if ((s[k] | 0x20) != w[k])
            return 0;
    return 1;
}

static int
yes_no(const char *s, size_t n)
{
    switch (n) {
    case 1:
        return s[0] == '1' || s[0] == 'y' || s[0] == 'Y'   ? 1
               : s[0] == '0' || s[0] == 'n' || s[0] == 'N' ? 0
                                                           : -1;
    case 2:
        return same_word(s, "no", 2) ? 0 : -1;
    case 3:
        return same_word(s, "yes", 3) ? 1 : -1;
    case 4:
        return same_word(s, "true", 4) || same_word(s, "pass", 4) ? 1
               : same_word(s, "fail", 4)                          ? 0
                                                                  : -1;
    case 5:
        return same_word(s, "false", 5) ? 0 : -1;
    default:
        return -1;
    }
}

/* A number by the library's cell rules (cx_cell_parse_number()), with a fast path for what
 * audit exports mostly hold, a whole number of at most 9 digits (exact either way). */
static int
answer_number(const char *s, size_t n, double *v)
{
    if (n > 0 && n <= 9) {
        long x = 0;
        size_t k = 0;
        while (k < n && s[k] >= '0' && s[k] <= '9')
            x = 10 * x + (s[k++] - '0');
        if (k == n) {
            *v = (double)x;
            return 1;
        }
    }
    return cx_cell_parse_number(s, n, v) == CX_CELL_NUMBER;
}

/* Classifies one cell for item `it` (reasons for a rejection in *reason). */
static Answer
score_answer(const Item *it, const char *text, size_t len, int *reason)
{
    Answer a = { ANSWER_REJECTED, 0, 0.0 };
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    if (n == 0) {
        a.kind = ANSWER_BLANK;
        return a;
    }
    /* The missing markers (NA, N/A, -) start with N, n or -. */
    if ((s[0] == 'N' || s[0] == 'n' || s[0] == '-') && cx_cell_is_missing(s, n)) {
        if (it->na)
            a.kind = ANSWER_NA;
        else
            *reason = CX_AUDIT_REJECT_NA_NOT_ALLOWED;
        return a;
    }
    *reason = CX_AUDIT_REJECT_ANSWER;
    if (it->type == CX_AUDIT_YES_NO) {
        const int yn = yes_no(s, n);
        if (yn < 0)
            return a;
        a.compliant = yn;
        a.kind = ANSWER_SCORED;
        a.earned = a.compliant ? it->points : 0.0;
        return a;
    }
    double v;
    if (!answer_number(s, n, &v))
        return a;
    if (it->type == CX_AUDIT_RATING) {
        if (floor(v) < v || v < it->scale_min || v > it->scale_max)
            return a;
        a.compliant = v >= it->pass;
        a.earned = it->proportional
                       ? it->points * (v - it->scale_min) / (it->scale_max - it->scale_min)
                       : (a.compliant ? it->points : 0.0);
    } else {
        a.compliant = it->at_most ? v <= it->target : v >= it->target;
        a.earned = a.compliant ? it->points : 0.0;
    }
    a.kind = ANSWER_SCORED;
    return a;
}

static void
field_of(const char *const *fields, const size_t *lengths, size_t n, size_t col,
         const char **text, size_t *len)
{
    if (col == SIZE_MAX || col >= n) {
        *text = "";
        *len = 0;
        return;
    }
    *text = fields[col] ? fields[col] : "";
    *len = lengths ? lengths[col] : strlen(*text);
    if (!fields[col])
        *len = 0;
}

/* Asks the processor to bring a record into cache, where the compiler knows how (a hint: no
 * effect on any figure). */
static void
record_prefetch(const Table *t, uint32_t id)
{
#if defined(__GNUC__) || defined(__clang__)
    const uint64_t *u = t->u + (size_t)id * t->nu;
    const double *d = t->d + (size_t)id * t->nd;
    for (size_t k = 0; k < t->nu; k += 8)
        __builtin_prefetch(u + k, 1);
    for (size_t k = 0; k < t->nd; k += 8)
        __builtin_prefetch(d + k, 1);
#else
    (void)t;
    (void)id;
#endif
}

/* What a visit adds to each item of a segment record, worked out once per visit for the four
 * segments and the pair: 1/0 counts (0 for an answer not scored) and the points lost (+0.0 for an
 * answer not scored: adding it leaves a sum of non-negative terms bit for bit as it was). */
typedef struct {
    uint64_t scored[MAX_ITEMS], compliant[MAX_ITEMS], critical[MAX_ITEMS];
    double lost[MAX_ITEMS];
} VisitItems;

/* Adds a scored visit to a segment record. */
static void
record_add(Table *t, uint32_t id, double score, int passed, int critical, const VisitItems *v,
           size_t n_items)
{
    CxMoments m = record_moments(t, id);
    cx_moments_add(&m, score);
    record_set_moments(t, id, &m);
    uint64_t *u = t->u + (size_t)id * t->nu;
    double *d = t->d + (size_t)id * t->nd;
    u[1] += (uint64_t)passed;
    u[2] += (uint64_t)critical;
    if (t->nu == U_FIXED)
        return;
    u += U_FIXED;
    d += D_FIXED;
    for (size_t i = 0; i < n_items; i++) {
        u[3 * i] += v->scored[i];
        u[3 * i + 1] += v->compliant[i];
        u[3 * i + 2] += v->critical[i];
        d[i] += v->lost[i];
    }
}

int
cx_audit_add_row(CxAudit *audit, const char *const *fields, const size_t *lengths, size_t n,
                 uint64_t line)
{
    if (!audit || !audit->role || (!fields && n > 0))
        return CX_E_INVALID_ARGUMENT;
    if (audit->visits == UINT64_MAX)
        return CX_E_OVERFLOW;
    const CxChecklist *c = audit->checklist;

    /* The segments first, the only step that can fail: every new key's room is reserved
     * before any is added, so that a failed row changes nothing. */
    const char *seg_key[N_BY + 1] = { NULL };
    size_t seg_len[N_BY + 1] = { 0 };
    uint32_t seg_id[N_BY + 1];
    int seg_reject[N_BY] = { 0 };
    char stack[256], *pair_key = NULL;
    for (int b = 0; b < N_BY; b++) {
        const char *text, *s;
        size_t len, sn;
        if (audit->key_column[b] == SIZE_MAX)
            continue;
        field_of(fields, lengths, n, audit->key_column[b], &text, &len);
        cx_cell_trim(text, len, &s, &sn);
        if (b == CX_AUDIT_BY_PERIOD) {
            int64_t period;
            if (cx_period_from_date(s, sn, audit->unit, &period) != CX_OK) {
                seg_reject[b] = CX_AUDIT_REJECT_DATE;
                continue;
            }
            PeriodLabel *pl = &audit->labels[(uint64_t)period % PERIOD_CACHE];
            if (!pl->used || pl->period != period) {
                if (cx_period_label(audit->unit, period, pl->label, sizeof pl->label) != CX_OK) {
                    pl->used = 0;
                    seg_reject[b] = CX_AUDIT_REJECT_DATE;
                    continue;
                }
                pl->period = period;
                pl->len = strlen(pl->label);
                pl->used = 1;
            }
            s = pl->label;
            sn = pl->len;
        } else if (sn == 0) {
            seg_reject[b] = CX_AUDIT_REJECT_MISSING_SEGMENT;
            continue;
        }
        seg_key[b] = s;
        seg_len[b] = sn;
    }
    const char *loc = seg_key[CX_AUDIT_BY_LOCATION], *shop = seg_key[CX_AUDIT_BY_SHOPPER];
    if (loc && shop) {
        const size_t loc_len = seg_len[CX_AUDIT_BY_LOCATION];
        const size_t shop_len = seg_len[CX_AUDIT_BY_SHOPPER];
        if (loc_len > UINT32_MAX || shop_len > SIZE_MAX - 4 - loc_len)
            return CX_E_OVERFLOW;
        size_t klen = 4 + loc_len + shop_len;
        pair_key = klen <= sizeof stack ? stack : g_try_malloc(klen);
        if (!pair_key)
            return CX_E_NO_MEMORY;
        const uint32_t l32 = (uint32_t)loc_len;
        for (int k = 0; k < 4; k++)
            pair_key[k] = (char)((l32 >> (8 * k)) & 0xff);
        memcpy(pair_key + 4, loc, loc_len);
        memcpy(pair_key + 4 + loc_len, shop, shop_len);
        seg_key[N_BY] = pair_key;
        seg_len[N_BY] = klen;
    }
    int status = CX_OK;
    for (int b = 0; b <= N_BY && status == CX_OK; b++) {
        Table *t = b < N_BY ? &audit->seg[b] : &audit->pairs;
        if (seg_key[b] && (seg_id[b] = cx_keys_find(&t->keys, seg_key[b], seg_len[b])) ==
                              CX_KEYS_NONE)
            status = table_reserve(t, seg_len[b]);
    }
    for (int b = 0; b <= N_BY && status == CX_OK; b++)
        if (seg_key[b] && seg_id[b] == CX_KEYS_NONE)
            seg_id[b] = table_add(b < N_BY ? &audit->seg[b] : &audit->pairs, seg_key[b],
                                  seg_len[b]);
    if (pair_key != stack)
        g_free(pair_key);
    if (status != CX_OK)
        return status;
    /* The segments' records are read and written after the answers are scored: fetch them now
     * (a league table of hundreds of locations does not stay in cache; bench/audit-bench.c). */
    for (int b = 0; b <= N_BY; b++)
        if (seg_key[b])
            record_prefetch(b < N_BY ? &audit->seg[b] : &audit->pairs, seg_id[b]);

    /* Score the answers. */
    VisitItems vi;
    double earned[MAX_SECTIONS] = { 0 }, appl[MAX_SECTIONS] = { 0 };
    int crit_section[MAX_SECTIONS] = { 0 }, any_crit = 0;
    audit->visits++;
    const int direct = lengths && audit->item_columns_end != SIZE_MAX &&
                       n >= audit->item_columns_end;
    for (size_t i = 0; i < c->n_items; i++) {
        const Item *it = &c->items[i];
        const char *text;
        size_t len;
        if (direct) { /* field_of() without the checks this row has passed */
            const size_t col = audit->item_column[i];
            text = fields[col] ? fields[col] : "";
            len = fields[col] ? lengths[col] : 0;
        } else {
            field_of(fields, lengths, n, audit->item_column[i], &text, &len);
        }
        int reason = 0;
        const Answer a = score_answer(it, text, len, &reason);
        const int scored = a.kind == ANSWER_SCORED;
        vi.scored[i] = (uint64_t)scored;
        vi.compliant[i] = (uint64_t)(scored && a.compliant);
        vi.critical[i] = (uint64_t)(scored && it->critical && !a.compliant);
        vi.lost[i] = scored ? it->points - a.earned : 0.0;
        ItemStat *st = &audit->items[i];
        switch (a.kind) {
        case ANSWER_BLANK:
            st->blank++;
            if (it->critical)
                reject(audit, CX_AUDIT_REJECT_CRITICAL_BLANK, line, audit->item_column[i]);
            break;
        case ANSWER_NA:
            st->na++;
            break;
        case ANSWER_REJECTED:
            st->rejected++;
            reject(audit, reason, line, audit->item_column[i]);
            break;
        default:
            st->applicable++;
            st->compliant += (uint64_t)a.compliant;
            cx_sum_add(&st->lost, vi.lost[i]);
            appl[it->section] += it->points;
            earned[it->section] += a.earned;
            if (it->critical && !a.compliant) {
                st->critical++;
                audit->critical_failures++;
                crit_section[it->section] = 1;
                any_crit = 1;
            }
        }
    }
    for (int b = 0; b < N_BY; b++)
        if (seg_reject[b])
            reject(audit, seg_reject[b], line, audit->key_column[b]);

    /* Critical rules, then the visit's score. */
    double e = 0.0, p = 0.0;
    for (size_t s = 0; s < c->n_sections; s++) {
        if (crit_section[s] || (any_crit && c->critical_rule == CX_AUDIT_CRITICAL_VISIT))
            earned[s] = 0.0;
        e += earned[s];
        p += appl[s];
    }
    if (!(p > 0.0)) {
        reject(audit, CX_AUDIT_REJECT_NO_APPLICABLE, line, SIZE_MAX);
        return CX_OK;
    }
    const double score = 100.0 * e / p;
    const int passed = score >= c->pass_mark;
    cx_moments_add(&audit->score, score);
    cx_sum_add(&audit->earned, e);
    cx_sum_add(&audit->applicable, p);
    audit->passed += (uint64_t)passed;
    audit->critical_visits += (uint64_t)any_crit;
    for (size_t s = 0; s < c->n_sections; s++) {
        if (!(appl[s] > 0.0))
            continue;
        SectionStat *st = &audit->sections[s];
        cx_moments_add(&st->m, 100.0 * earned[s] / appl[s]);
        cx_sum_add(&st->earned, earned[s]);
        cx_sum_add(&st->applicable, appl[s]);
        st->critical += (uint64_t)crit_section[s];
    }
    for (int b = 0; b <= N_BY; b++)
        if (seg_key[b])
            record_add(b < N_BY ? &audit->seg[b] : &audit->pairs, seg_id[b], score, passed,
                       any_crit, &vi, c->n_items);
    return CX_OK;
}

/* ---- copy and merge ---------------------------------------------------------------------------- */

/* Copies the state (not the mapping) of src into the empty accumulator dst. */
static int
copy_state(CxAudit *dst, const CxAudit *src)
{
    dst->visits = src->visits;
    dst->passed = src->passed;
    dst->critical_visits = src->critical_visits;
    dst->critical_failures = src->critical_failures;
    memcpy(dst->rejects, src->rejects, sizeof dst->rejects);
    dst->score = src->score;
    dst->earned = src->earned;
    dst->applicable = src->applicable;
    memcpy(dst->sections, src->sections, sizeof dst->sections);
    memcpy(dst->items, src->items, sizeof dst->items);
    int status = CX_OK;
    for (int b = 0; b < N_BY && status == CX_OK; b++)
        status = table_merge(&dst->seg[b], &src->seg[b]);
    if (status == CX_OK)
        status = table_merge(&dst->pairs, &src->pairs);
    memcpy(dst->listed, src->listed, src->n_listed * sizeof(Listed));
    dst->n_listed = src->n_listed;
    return status;
}

int
cx_audit_copy(const CxAudit *audit, CxAudit **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!audit)
        return CX_E_INVALID_ARGUMENT;
    CxAudit *c = NULL;
    int status = cx_audit_new(audit->checklist, audit->unit, &c);
    if (status == CX_OK)
        status = copy_state(c, audit);
    if (status == CX_OK && audit->role) {
        c->role = g_try_new(int, audit->n_columns ? audit->n_columns : 1);
        if (!c->role)
            status = CX_E_NO_MEMORY;
        else {
            memcpy(c->role, audit->role, audit->n_columns * sizeof(int));
            c->n_columns = audit->n_columns;
            memcpy(c->item_column, audit->item_column, sizeof c->item_column);
            memcpy(c->key_column, audit->key_column, sizeof c->key_column);
        }
    }
    if (status != CX_OK) {
        cx_audit_free(c);
        return status;
    }
    *out = c;
    return CX_OK;
}

int
cx_audit_merge(CxAudit *dst, const CxAudit *src)
{
    if (!dst || !src || dst == src)
        return CX_E_INVALID_ARGUMENT;
    if (dst->unit != src->unit || dst->checklist->text_len != src->checklist->text_len ||
        memcmp(dst->checklist->text, src->checklist->text, dst->checklist->text_len) != 0)
        return CX_E_MISMATCH;
    uint64_t visits, sum;
    if (!cx_u64_add(dst->visits, src->visits, &visits) ||
        !cx_u64_add(dst->critical_failures, src->critical_failures, &sum))
        return CX_E_OVERFLOW;
    for (int r = 0; r < N_REASONS; r++)
        if (!cx_u64_add(dst->rejects[r], src->rejects[r], &sum))
            return CX_E_OVERFLOW;
    /* Every other count is bounded by the visits (checked when state is read). */
    /* Into a scratch copy of dst's state, swapped in on success: dst is unchanged on failure. */
    CxAudit *t = audit_create(dst->checklist, dst->unit);
    if (!t)
        return CX_E_NO_MEMORY;
    int status = copy_state(t, dst);
    for (int b = 0; b < N_BY && status == CX_OK; b++)
        status = table_merge(&t->seg[b], &src->seg[b]);
    if (status == CX_OK)
        status = table_merge(&t->pairs, &src->pairs);
    if (status != CX_OK) {
        state_clear(t);
        g_free(t->listed);
        g_free(t);
        return status;
    }
    t->visits = visits;
    t->passed += src->passed;
    t->critical_visits += src->critical_visits;
    t->critical_failures += src->critical_failures;
    for (int r = 0; r < N_REASONS; r++)
        t->rejects[r] += src->rejects[r];
    cx_moments_merge(&t->score, &src->score);
    cx_sum_merge(&t->earned, &src->earned);
    cx_sum_merge(&t->applicable, &src->applicable);
    for (size_t s = 0; s < MAX_SECTIONS; s++) {
        SectionStat *a = &t->sections[s];
        const SectionStat *b = &src->sections[s];
        a->critical += b->critical;
        cx_moments_merge(&a->m, &b->m);
        cx_sum_merge(&a->earned, &b->earned);
        cx_sum_merge(&a->applicable, &b->applicable);
    }
    for (size_t i = 0; i < MAX_ITEMS; i++) {
        ItemStat *a = &t->items[i];
        const ItemStat *b = &src->items[i];
        a->applicable += b->applicable;
        a->compliant += b->compliant;
        a->na += b->na;
        a->blank += b->blank;
        a->rejected += b->rejected;
        a->critical += b->critical;
        cx_sum_merge(&a->lost, &b->lost);
    }
    for (size_t k = 0; k < src->n_listed && t->n_listed < MAX_LISTED; k++)
        t->listed[t->n_listed++] = src->listed[k];
    /* Swap the state in; dst keeps its checklist and mapping. */
    state_clear(dst);
    dst->visits = t->visits;
    dst->passed = t->passed;
    dst->critical_visits = t->critical_visits;
    dst->critical_failures = t->critical_failures;
    memcpy(dst->rejects, t->rejects, sizeof dst->rejects);
    dst->score = t->score;
    dst->earned = t->earned;
    dst->applicable = t->applicable;
    memcpy(dst->sections, t->sections, sizeof dst->sections);
    memcpy(dst->items, t->items, sizeof dst->items);
    memcpy(dst->seg, t->seg, sizeof dst->seg);
    dst->pairs = t->pairs;
    memcpy(dst->listed, t->listed, t->n_listed * sizeof(Listed));
    dst->n_listed = t->n_listed;
    g_free(t->listed);
    g_free(t);
    return CX_OK;
}

/* ---- results ----------------------------------------------------------------------------------- */

/* sd, se and the t-interval of a mean from moments of n unit-weight values; NaN when undefined.
 * Visit scores lie in [0, 100], so their mean does too: a mean that merges' rounding (or a
 * stored state, read with a tolerance of 1e-9) puts a hair outside is reported at the bound. */
static void
mean_interval(const CxMoments *m, double level, double *mean, double *sd, double *se, double *lo,
              double *hi)
{
    *mean = m->n > 0 ? CLAMP(m->mean, 0.0, 100.0) : CX_NAN;
    *sd = *se = *lo = *hi = CX_NAN;
    if (m->n < 2)
        return;
    const double n = (double)m->n;
    *sd = sqrt(m->m2 / (n - 1.0));
    *se = *sd / sqrt(n);
    const double t = cx_t_quantile(0.5 + level / 2.0, n - 1.0);
    *lo = *mean - t * *se;
    *hi = *mean + t * *se;
}

static void
share_interval(uint64_t x, uint64_t n, double level, double *share, double *lo, double *hi)
{
    *share = *lo = *hi = CX_NAN;
    if (n == 0)
        return;
    *share = (double)x / (double)n;
    cx_wilson_interval((double)x, (double)n, level, lo, hi);
}

int
cx_audit_result(const CxAudit *audit, double level, CxAuditResult *out)
{
    if (!audit || !out || !cx_level_ok(level))
        return CX_E_INVALID_ARGUMENT;
    CxAuditResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.visits = audit->visits;
    r.scored = audit->score.n;
    r.passed = audit->passed;
    r.critical_visits = audit->critical_visits;
    r.critical_failures = audit->critical_failures;
    uint64_t *reasons[N_REASONS] = { &r.rejected_answer,        &r.rejected_na_not_allowed,
                                     &r.rejected_critical_blank, &r.rejected_no_applicable,
                                     &r.rejected_unknown_item,  &r.rejected_date,
                                     &r.rejected_missing_segment };
    for (int k = 0; k < N_REASONS; k++) {
        *reasons[k] = audit->rejects[k];
        r.rejected += audit->rejects[k];
    }
    r.pass_mark = audit->checklist->pass_mark;
    r.level = level;
    mean_interval(&audit->score, level, &r.mean, &r.sd, &r.se, &r.ci_lower, &r.ci_upper);
    share_interval(r.passed, r.scored, level, &r.pass_share, &r.pass_ci_lower,
                   &r.pass_ci_upper);
    r.earned = cx_sum_value(&audit->earned);
    r.applicable = cx_sum_value(&audit->applicable);
    return cx_struct_out(out, &r, sizeof r, CX_ABI_AUDIT_RESULT);
}

int
cx_audit_section_result(const CxAudit *audit, size_t section, double level, CxAuditSection *out)
{
    if (!audit || !out || !cx_level_ok(level) || section >= audit->checklist->n_sections)
        return CX_E_INVALID_ARGUMENT;
    const SectionStat *st = &audit->sections[section];
    CxAuditSection r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.scored = st->m.n;
    r.critical_visits = st->critical;
    mean_interval(&st->m, level, &r.mean, &r.sd, &r.se, &r.ci_lower, &r.ci_upper);
    r.earned = cx_sum_value(&st->earned);
    r.applicable = cx_sum_value(&st->applicable);
    r.level = level;
    return cx_struct_out(out, &r, sizeof r, CX_ABI_AUDIT_SECTION);
}

/* Per-item figures for ranking: applicable, compliant, critical failures and points lost. */
typedef struct {
    uint64_t applicable, compliant, critical;
    double lost;
} ItemFigures;

/* The ranks of item `item` among `figs` (n items): by compliance (lowest first), within its
 * section, and by points lost (most first); ties by checklist order; 0 for an item never
 * applicable. */
static void
item_ranks(const CxChecklist *c, const ItemFigures *figs, size_t item, uint32_t *rank,
           uint32_t *section_rank, uint32_t *cost_rank)
{
    *rank = *section_rank = *cost_rank = 0;
    const ItemFigures *f = &figs[item];
    if (f->applicable == 0)
        return;
    const double p = (double)f->compliant / (double)f->applicable;
    uint32_t r = 1, sr = 1, cr = 1;
    for (size_t j = 0; j < c->n_items; j++) {
        const ItemFigures *g = &figs[j];
        if (j == item || g->applicable == 0)
            continue;
        const double q = (double)g->compliant / (double)g->applicable;
        int before = q < p || (!(q > p) && j < item);
        r += (uint32_t)before;
        sr += (uint32_t)(before && c->items[j].section == c->items[item].section);
        cr += (uint32_t)(g->lost > f->lost || (!(g->lost < f->lost) && j < item));
    }
    *rank = r;
    *section_rank = sr;
    *cost_rank = cr;
}

static int
item_out(const CxChecklist *c, const ItemFigures *figs, size_t item, const ItemStat *extra,
         double level, CxAuditItem *out)
{
    CxAuditItem r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    const ItemFigures *f = &figs[item];
    r.applicable = f->applicable;
    r.compliant = f->compliant;
    r.critical_failures = f->critical;
    if (extra) {
        r.not_applicable = extra->na;
        r.blank = extra->blank;
        r.rejected = extra->rejected;
    }
    r.section = (uint32_t)c->items[item].section;
    item_ranks(c, figs, item, &r.rank, &r.section_rank, &r.cost_rank);
    r.points = c->items[item].points;
    share_interval(f->compliant, f->applicable, level, &r.compliance, &r.ci_lower, &r.ci_upper);
    r.points_lost = f->lost;
    double total = 0.0;
    for (size_t j = 0; j < c->n_items; j++)
        total += figs[j].lost;
    r.points_lost_share = total > 0.0 ? f->lost / total : CX_NAN;
    r.level = level;
    return cx_struct_out(out, &r, sizeof r, CX_ABI_AUDIT_ITEM);
}

int
cx_audit_item_result(const CxAudit *audit, size_t item, double level, CxAuditItem *out)
{
    if (!audit || !out || !cx_level_ok(level) || item >= audit->checklist->n_items)
        return CX_E_INVALID_ARGUMENT;
    ItemFigures figs[MAX_ITEMS];
    for (size_t i = 0; i < audit->checklist->n_items; i++) {
        const ItemStat *st = &audit->items[i];
        figs[i] = (ItemFigures){ st->applicable, st->compliant, st->critical,
                                 cx_sum_value(&st->lost) };
    }
    return item_out(audit->checklist, figs, item, &audit->items[item], level, out);
}

static const Table *
table_of(const CxAudit *audit, int by)
{
    return audit && by >= 0 && by < N_BY ? &audit->seg[by] : NULL;
}

size_t
cx_audit_segment_count(const CxAudit *audit, int by)
{
    const Table *t = table_of(audit, by);
    return t ? cx_keys_count(&t->keys) : 0;
}

const char *
cx_audit_segment_name(const CxAudit *audit, int by, size_t index)
{
    const Table *t = table_of(audit, by);
    return t && index < cx_keys_count(&t->keys) ? cx_keys_data(&t->keys, (uint32_t)index, NULL)
                                                : NULL;
}

int
cx_audit_segment_index(const CxAudit *audit, int by, const char *name, size_t *index)
{
    const Table *t = table_of(audit, by);
    if (!t || !name || !index)
        return CX_E_INVALID_ARGUMENT;
    uint32_t id = cx_keys_find(&t->keys, name, strlen(name));
    if (id == CX_KEYS_NONE)
        return CX_E_COLUMN_NOT_FOUND;
    *index = id;
    return CX_OK;
}

int
cx_audit_segment_result(const CxAudit *audit, int by, size_t index, double level,
                        CxAuditSegment *out)
{
    const Table *t = table_of(audit, by);
    if (!t || !out || !cx_level_ok(level) || index >= cx_keys_count(&t->keys))
        return CX_E_INVALID_ARGUMENT;
    const uint32_t id = (uint32_t)index;
    const CxMoments m = record_moments(t, id);
    const uint64_t *u = t->u + (size_t)id * t->nu;
    CxAuditSegment r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.scored = m.n;
    r.passed = u[1];
    r.critical_visits = u[2];
    mean_interval(&m, level, &r.mean, &r.sd, &r.se, &r.ci_lower, &r.ci_upper);
    share_interval(r.passed, r.scored, level, &r.pass_share, &r.pass_ci_lower,
                   &r.pass_ci_upper);
    r.level = level;
    return cx_struct_out(out, &r, sizeof r, CX_ABI_AUDIT_SEGMENT);
}

int
cx_audit_segment_item_result(const CxAudit *audit, int by, size_t index, size_t item,
                             double level, CxAuditItem *out)
{
    const Table *t = table_of(audit, by);
    if (!t || !out || !cx_level_ok(level) || index >= cx_keys_count(&t->keys) ||
        item >= audit->checklist->n_items)
        return CX_E_INVALID_ARGUMENT;
    const uint64_t *u = t->u + index * t->nu;
    const double *d = t->d + index * t->nd;
    ItemFigures figs[MAX_ITEMS];
    for (size_t i = 0; i < audit->checklist->n_items; i++)
        figs[i] = (ItemFigures){ u[U_FIXED + 3 * i], u[U_FIXED + 3 * i + 1],
                                 u[U_FIXED + 3 * i + 2], d[D_FIXED + i] };
    return item_out(audit->checklist, figs, item, NULL, level, out);
}

int
cx_audit_segment_compare(const CxAudit *audit, int by, size_t index, size_t baseline,
                         double level, CxMeanComparison *mean, CxProportionComparison *pass)
{
    const Table *t = table_of(audit, by);
    if (!t || !cx_level_ok(level) || index >= cx_keys_count(&t->keys) ||
        baseline >= cx_keys_count(&t->keys) || (!mean && !pass))
        return CX_E_INVALID_ARGUMENT;
    const CxMoments a = record_moments(t, (uint32_t)index);
    const CxMoments b = record_moments(t, (uint32_t)baseline);
    if (a.n < 2 || b.n < 2)
        return CX_E_EMPTY;
    double ma, sda, sea, la, ha, mb, sdb, seb, lb, hb;
    mean_interval(&a, level, &ma, &sda, &sea, &la, &ha);
    mean_interval(&b, level, &mb, &sdb, &seb, &lb, &hb);
    int status = CX_OK;
    if (mean)
        status = cx_mean_compare(ma, sea, (double)a.n, mb, seb, (double)b.n, level, mean);
    if (status == CX_OK && pass) {
        const uint64_t pa = t->u[index * t->nu + 1], pb = t->u[baseline * t->nu + 1];
        status = cx_proportion_compare((double)pa, (double)a.n, (double)pb, (double)b.n, level,
                                       pass);
    }
    return status;
}

int
cx_audit_compare_target(const CxAudit *audit, int by, size_t index, double target, double level,
                        CxMeanComparison *out)
{
    if (!audit || !out || !cx_level_ok(level) || !isfinite(target))
        return CX_E_INVALID_ARGUMENT;
    CxMoments m;
    if (by == -1) {
        m = audit->score;
    } else {
        const Table *t = table_of(audit, by);
        if (!t || index >= cx_keys_count(&t->keys))
            return CX_E_INVALID_ARGUMENT;
        m = record_moments(t, (uint32_t)index);
    }
    if (m.n < 2)
        return CX_E_EMPTY;
    double mean, sd, se, lo, hi;
    mean_interval(&m, level, &mean, &sd, &se, &lo, &hi);
    /* A target known without error: se_b = 0 makes Welch's test the one-sample t-test, with
     * df = se_a⁴/(se_a⁴/(n − 1)) = n − 1 (any n_b > 1 does; 2 is passed). */
    return cx_mean_compare(mean, se, (double)m.n, target, 0.0, 2.0, level, out);
}

/* ---- shoppers ---------------------------------------------------------------------------------- */

/* The location and shopper ids of every pair, and per location its moments over the pairs and
 * its number of shoppers. Arrays g_free'd by the caller; CX_E_NO_MEMORY. */
typedef struct {
    uint32_t *loc, *shop; /* per pair */
    CxMoments *lm;        /* per location */
    uint32_t *k;          /* per location: shoppers */
} PairMap;

static void
pair_map_free(PairMap *pm)
{
    g_free(pm->loc);
    g_free(pm->shop);
    g_free(pm->lm);
    g_free(pm->k);
}

static int
pair_map(const CxAudit *a, PairMap *pm)
{
    const size_t np = cx_keys_count(&a->pairs.keys);
    const size_t nl = cx_keys_count(&a->seg[CX_AUDIT_BY_LOCATION].keys);
    pm->loc = cx_column_alloc(np, sizeof(uint32_t));
    pm->shop = cx_column_alloc(np, sizeof(uint32_t));
    pm->lm = g_try_new0(CxMoments, nl ? nl : 1);
    pm->k = g_try_new0(uint32_t, nl ? nl : 1);
    if (!pm->loc || !pm->shop || !pm->lm || !pm->k) {
        pair_map_free(pm);
        return CX_E_NO_MEMORY;
    }
    for (uint32_t p = 0; p < np; p++) {
        size_t len;
        const unsigned char *key = (const unsigned char *)cx_keys_data(&a->pairs.keys, p, &len);
        const uint32_t ll = (uint32_t)key[0] | (uint32_t)key[1] << 8 | (uint32_t)key[2] << 16 |
                            (uint32_t)key[3] << 24;
        pm->loc[p] = cx_keys_find(&a->seg[CX_AUDIT_BY_LOCATION].keys, key + 4, ll);
        pm->shop[p] = cx_keys_find(&a->seg[CX_AUDIT_BY_SHOPPER].keys, key + 4 + ll,
                                   len - 4 - ll);
        const CxMoments m = record_moments(&a->pairs, p);
        if (m.n == 0)
            continue;
        cx_moments_merge(&pm->lm[pm->loc[p]], &m);
        pm->k[pm->loc[p]]++;
    }
    return CX_OK;
}

int
cx_audit_shopper_result(const CxAudit *audit, size_t shopper, double level, CxAuditShopper *out)
{
    if (!audit || !out || !cx_level_ok(level) ||
        shopper >= cx_keys_count(&audit->seg[CX_AUDIT_BY_SHOPPER].keys))
        return CX_E_INVALID_ARGUMENT;
    PairMap pm;
    if (pair_map(audit, &pm) != CX_OK)
        return CX_E_NO_MEMORY;
    /* Deviations d = x − m_l: Σd = Σ n_ls (m_ls − m_l); Σd² = Σ [M2_ls + n_ls (m_ls − m_l)²]. */
    uint64_t n = 0, locations = 0;
    CxSum sd = { 0, 0 }, sd2 = { 0, 0 };
    for (uint32_t p = 0; p < cx_keys_count(&audit->pairs.keys); p++) {
        const CxMoments m = record_moments(&audit->pairs, p);
        if (pm.shop[p] != shopper || m.n == 0 || pm.k[pm.loc[p]] < 2)
            continue;
        const double dev = m.mean - pm.lm[pm.loc[p]].mean;
        n += m.n;
        locations++;
        cx_sum_add(&sd, (double)m.n * dev);
        cx_sum_add(&sd2, m.m2 + (double)m.n * dev * dev);
    }
    pair_map_free(&pm);
    CxAuditShopper r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.visits = n;
    r.locations = locations;
    r.level = level;
    r.deviation = r.sd = r.se = r.ci_lower = r.ci_upper = CX_NAN;
    if (n > 0)
        r.deviation = cx_sum_value(&sd) / (double)n;
    if (n > 1) {
        const double ss = cx_sum_value(&sd2) - (double)n * r.deviation * r.deviation;
        r.sd = sqrt(fmax(ss, 0.0) / (double)(n - 1));
        r.se = r.sd / sqrt((double)n);
        const double t = cx_t_quantile(0.5 + level / 2.0, (double)(n - 1));
        r.ci_lower = r.deviation - t * r.se;
        r.ci_upper = r.deviation + t * r.se;
    }
    return cx_struct_out(out, &r, sizeof r, CX_ABI_AUDIT_SHOPPER);
}

int
cx_audit_shopper_test(const CxAudit *audit, CxTestResult *out)
{
    if (!audit || !out)
        return CX_E_INVALID_ARGUMENT;
    if (cx_struct_size(out) < CX_STRUCT_END(CxTestResult, groups))
        return CX_E_STRUCT_SIZE;
    PairMap pm;
    if (pair_map(audit, &pm) != CX_OK)
        return CX_E_NO_MEMORY;
    CxSum ssb = { 0, 0 }, ssw = { 0, 0 };
    double df1 = 0.0, df2 = 0.0;
    uint64_t cells = 0;
    for (uint32_t p = 0; p < cx_keys_count(&audit->pairs.keys); p++) {
        const CxMoments m = record_moments(&audit->pairs, p);
        if (m.n == 0 || pm.k[pm.loc[p]] < 2)
            continue;
        const double dev = m.mean - pm.lm[pm.loc[p]].mean;
        cx_sum_add(&ssb, (double)m.n * dev * dev);
        cx_sum_add(&ssw, m.m2);
        df2 += (double)m.n - 1.0; /* Σ_l (N_l − k_l), cell by cell */
        cells++;
    }
    const size_t nl = cx_keys_count(&audit->seg[CX_AUDIT_BY_LOCATION].keys);
    for (size_t l = 0; l < nl; l++)
        if (pm.k[l] >= 2)
            df1 += (double)pm.k[l] - 1.0;
    pair_map_free(&pm);
    if (!(df1 > 0.0) || !(df2 > 0.0) || !(cx_sum_value(&ssw) > 0.0))
        return CX_E_EMPTY;
    CxTestResult r;
    memset(&r, 0, sizeof r);
    r.size = sizeof r;
    r.statistic = (cx_sum_value(&ssb) / df1) / (cx_sum_value(&ssw) / df2);
    r.df1 = df1;
    r.df2 = df2;
    r.p_value = cx_f_sf(r.statistic, df1, df2);
    r.groups = cells;
    return cx_struct_out(out, &r, sizeof r, CX_STRUCT_END(CxTestResult, groups));
}

int
cx_audit_location_anova(const CxAudit *audit, size_t location, CxTestResult *classic,
                        CxTestResult *welch)
{
    if (!audit || location >= cx_keys_count(&audit->seg[CX_AUDIT_BY_LOCATION].keys))
        return CX_E_INVALID_ARGUMENT;
    PairMap pm;
    if (pair_map(audit, &pm) != CX_OK)
        return CX_E_NO_MEMORY;
    const size_t np = cx_keys_count(&audit->pairs.keys);
    double *n = cx_column_alloc(np, sizeof(double)), *mean = cx_column_alloc(np, sizeof(double));
    double *var = cx_column_alloc(np, sizeof(double));
    int status = n && mean && var ? CX_OK : CX_E_NO_MEMORY;
    size_t k = 0;
    for (uint32_t p = 0; status == CX_OK && p < np; p++) {
        const CxMoments m = record_moments(&audit->pairs, p);
        if (pm.loc[p] != location || m.n == 0)
            continue;
        n[k] = (double)m.n;
        mean[k] = m.mean;
        var[k] = m.n > 1 ? m.m2 / ((double)m.n - 1.0) : 0.0;
        k++;
    }
    if (status == CX_OK)
        status = cx_anova_oneway(n, mean, var, k, classic, welch);
    g_free(n);
    g_free(mean);
    g_free(var);
    pair_map_free(&pm);
    return status;
}

/* ---- rejects ----------------------------------------------------------------------------------- */

size_t
cx_audit_reject_listed(const CxAudit *audit)
{
    return audit ? audit->n_listed : 0;
}

int
cx_audit_reject(const CxAudit *audit, size_t i, uint64_t *line, size_t *column, int *reason)
{
    if (!audit || i >= audit->n_listed)
        return CX_E_INVALID_ARGUMENT;
    const Listed *l = &audit->listed[i];
    if (line)
        *line = l->line;
    if (column)
        *column = l->column == UINT64_MAX ? SIZE_MAX : (size_t)l->column;
    if (reason)
        *reason = (int)l->reason;
    return CX_OK;
}

/* ---- serialization ------------------------------------------------------------------------------
 * Magic "CXAU", format 1:
 *   s   the checklist's definition text
 *   i   the period unit
 *   at  visits, passed, critical visits, critical failures, rejects[7]            (11)
 *   ad  score: n as a double is not kept (n = the count below), mean, M2, earned s, c,
 *       applicable s, c                                                             (6)
 *   t   scored visits
 *   at  per section: n, critical                                               (2 · sections)
 *   ad  per section: mean, M2, earned s, c, applicable s, c                     (6 · sections)
 *   at  per item: applicable, compliant, na, blank, rejected, critical           (6 · items)
 *   ad  per item: lost s, c                                                      (2 · items)
 *   at  listed rejects: line, column (2^64 − 1: none), reason                    (3 · listed)
 *   five tables (location, region, shopper, period, pairs), each (ay key bytes, at key lengths,
 *   at records' u64, ad records' doubles), keys in byte-wise order. */
#define AU_MAGIC "CXAU"
#define AU_FORMAT_VERSION 1
#define AU_TABLE "(ayatatad)"
#define AU_STATE_TYPE_V1                                                                       \
    "(siatadtatadatadat" AU_TABLE AU_TABLE AU_TABLE AU_TABLE AU_TABLE ")"

static GVariant *
u64_column(const uint64_t *v, size_t n)
{
    static const uint64_t none = 0;
    return g_variant_new_fixed_array(G_VARIANT_TYPE_UINT64, n ? (const void *)v : &none, n,
                                     sizeof(uint64_t));
}

static GVariant *
double_column(const double *v, size_t n)
{
    static const double none = 0.0;
    return g_variant_new_fixed_array(G_VARIANT_TYPE_DOUBLE, n ? (const void *)v : &none, n,
                                     sizeof(double));
}

static int
table_build(const Table *t, GVariantBuilder *b)
{
    uint32_t *ids = NULL;
    int status = cx_keys_sorted(&t->keys, &ids);
    const size_t n = cx_keys_count(&t->keys);
    GVariant *bytes = NULL, *lengths = NULL;
    if (status == CX_OK)
        status = cx_keys_write_columns(&t->keys, ids, &bytes, &lengths);
    uint64_t *u = status == CX_OK ? cx_column_alloc(n * t->nu, sizeof(uint64_t)) : NULL;
    double *d = u ? cx_column_alloc(n * t->nd, sizeof(double)) : NULL;
    if (status == CX_OK && (!u || !d))
        status = CX_E_NO_MEMORY;
    if (status != CX_OK) {
        if (bytes)
            g_variant_unref(g_variant_ref_sink(bytes));
        if (lengths)
            g_variant_unref(g_variant_ref_sink(lengths));
        g_free(u);
        g_free(d);
        g_free(ids);
        return status;
    }
    for (size_t k = 0; k < n; k++) {
        memcpy(u + k * t->nu, t->u + (size_t)ids[k] * t->nu, t->nu * sizeof(uint64_t));
        memcpy(d + k * t->nd, t->d + (size_t)ids[k] * t->nd, t->nd * sizeof(double));
    }
    g_free(ids);
    g_variant_builder_add_value(b, g_variant_new_tuple(
                                       (GVariant *[]){ bytes, lengths,
                                                       cx_column_take("at", u, n * t->nu *
                                                                      sizeof(uint64_t)),
                                                       cx_column_take("ad", d, n * t->nd *
                                                                      sizeof(double)) },
                                       4));
    return CX_OK;
}

int
cx_audit_serialize(const CxAudit *audit, uint8_t **bytes, size_t *len)
{
    if (!audit || !bytes || !len)
        return CX_E_INVALID_ARGUMENT;
    *bytes = NULL;
    *len = 0;
    const CxChecklist *c = audit->checklist;
    const size_t S = c->n_sections, I = c->n_items;
    uint64_t g[11] = { audit->visits, audit->passed, audit->critical_visits,
                       audit->critical_failures };
    memcpy(g + 4, audit->rejects, sizeof audit->rejects);
    double gd[6] = { audit->score.mean,  audit->score.m2,    audit->earned.s,
                     audit->earned.c,    audit->applicable.s, audit->applicable.c };
    uint64_t su[2 * MAX_SECTIONS], iu[6 * MAX_ITEMS];
    double sd[6 * MAX_SECTIONS], id[2 * MAX_ITEMS];
    for (size_t s = 0; s < S; s++) {
        const SectionStat *st = &audit->sections[s];
        su[2 * s] = st->m.n;
        su[2 * s + 1] = st->critical;
        const double v[6] = { st->m.mean,      st->m.m2,           st->earned.s,
                              st->earned.c,    st->applicable.s,   st->applicable.c };
        memcpy(sd + 6 * s, v, sizeof v);
    }
    for (size_t i = 0; i < I; i++) {
        const ItemStat *st = &audit->items[i];
        const uint64_t v[6] = { st->applicable, st->compliant, st->na,
                                st->blank,      st->rejected,  st->critical };
        memcpy(iu + 6 * i, v, sizeof v);
        id[2 * i] = st->lost.s;
        id[2 * i + 1] = st->lost.c;
    }
    GVariantBuilder b;
    g_variant_builder_init(&b, G_VARIANT_TYPE(AU_STATE_TYPE_V1));
    g_variant_builder_add(&b, "s", c->text);
    g_variant_builder_add(&b, "i", (gint32)audit->unit);
    g_variant_builder_add_value(&b, u64_column(g, 11));
    g_variant_builder_add_value(&b, double_column(gd, 6));
    g_variant_builder_add(&b, "t", (guint64)audit->score.n);
    g_variant_builder_add_value(&b, u64_column(su, 2 * S));
    g_variant_builder_add_value(&b, double_column(sd, 6 * S));
    g_variant_builder_add_value(&b, u64_column(iu, 6 * I));
    g_variant_builder_add_value(&b, double_column(id, 2 * I));
    g_variant_builder_add_value(&b, u64_column((const uint64_t *)audit->listed,
                                               3 * audit->n_listed));
    int status = CX_OK;
    for (int t = 0; t < N_BY && status == CX_OK; t++)
        status = table_build(&audit->seg[t], &b);
    if (status == CX_OK)
        status = table_build(&audit->pairs, &b);
    if (status != CX_OK) {
        g_variant_builder_clear(&b);
        return status;
    }
    return cx_state_pack(AU_MAGIC, AU_FORMAT_VERSION, g_variant_builder_end(&b), bytes, len);
}

/* Fixed array child `i` of `state`: its elements and count. */
static const void *
child_array(GVariant *state, size_t i, size_t elem, size_t *n, GVariant **hold)
{
    *hold = g_variant_get_child_value(state, i);
    return g_variant_get_fixed_array(*hold, n, elem);
}

static int
moments_ok(uint64_t n, double mean, double m2, double lo, double hi)
{
    if (!isfinite(mean) || !isfinite(m2) || m2 < 0.0)
        return 0;
    if (n == 0)
        return cx_is_zero(mean) && cx_is_zero(m2);
    return mean >= lo - 1e-9 && mean <= hi + 1e-9;
}

static int
sum_ok(double s, double c)
{
    return isfinite(s) && isfinite(c) && s + c >= -1e-6;
}

static int
table_read(Table *t, GVariant *tuple, uint64_t scored, size_t n_items)
{
    GVariant *bytes = g_variant_get_child_value(tuple, 0);
    GVariant *lengths = g_variant_get_child_value(tuple, 1);
    int status = cx_keys_read_columns(&t->keys, bytes, lengths, 1);
    g_variant_unref(bytes);
    g_variant_unref(lengths);
    if (status != CX_OK)
        return status;
    const size_t n = cx_keys_count(&t->keys);
    GVariant *hu, *hd;
    size_t nu, nd;
    const uint64_t *u = child_array(tuple, 2, sizeof(uint64_t), &nu, &hu);
    const double *d = child_array(tuple, 3, sizeof(double), &nd, &hd);
    if (nu != n * t->nu || nd != n * t->nd)
        status = CX_E_CORRUPT;
    if (status == CX_OK) {
        if (cx_array_reserve(&t->u, &t->cap_u, n ? n : 1, t->nu * sizeof(uint64_t)) != CX_OK ||
            cx_array_reserve(&t->d, &t->cap_d, n ? n : 1, t->nd * sizeof(double)) != CX_OK)
            status = CX_E_NO_MEMORY;
    }
    for (size_t k = 0; status == CX_OK && k < n; k++) {
        const uint64_t *ru = u + k * t->nu;
        const double *rd = d + k * t->nd;
        if (ru[0] > scored || ru[1] > ru[0] || ru[2] > ru[0] ||
            !moments_ok(ru[0], rd[0], rd[1], 0.0, 100.0))
            status = CX_E_CORRUPT;
        for (size_t i = 0; status == CX_OK && i < n_items && t->nu > U_FIXED; i++) {
            const uint64_t ap = ru[U_FIXED + 3 * i];
            if (ap > ru[0] || ru[U_FIXED + 3 * i + 1] > ap || ru[U_FIXED + 3 * i + 2] > ap ||
                !isfinite(rd[D_FIXED + i]) || rd[D_FIXED + i] < 0.0)
                status = CX_E_CORRUPT;
        }
    }
    if (status == CX_OK && n > 0) {
        memcpy(t->u, u, n * t->nu * sizeof(uint64_t));
        memcpy(t->d, d, n * t->nd * sizeof(double));
    }
    g_variant_unref(hu);
    g_variant_unref(hd);
    return status;
}

/* Every pair key holds a location length that fits, a known location and a known shopper, and
 * a pair's visits are at most its location's and its shopper's. */
static int
pairs_valid(const CxAudit *a)
{
    const Table *loc = &a->seg[CX_AUDIT_BY_LOCATION], *shop = &a->seg[CX_AUDIT_BY_SHOPPER];
    for (uint32_t p = 0; p < cx_keys_count(&a->pairs.keys); p++) {
        size_t len;
        const unsigned char *key = (const unsigned char *)cx_keys_data(&a->pairs.keys, p, &len);
        if (len < 4)
            return CX_E_CORRUPT;
        const size_t ll = (size_t)key[0] | (size_t)key[1] << 8 | (size_t)key[2] << 16 |
                          (size_t)key[3] << 24;
        if (ll > len - 4)
            return CX_E_CORRUPT;
        const uint32_t l = cx_keys_find(&loc->keys, key + 4, ll);
        const uint32_t s = cx_keys_find(&shop->keys, key + 4 + ll, len - 4 - ll);
        if (l == CX_KEYS_NONE || s == CX_KEYS_NONE)
            return CX_E_CORRUPT;
        const uint64_t n = a->pairs.u[(size_t)p * a->pairs.nu];
        if (n > loc->u[(size_t)l * loc->nu] || n > shop->u[(size_t)s * shop->nu])
            return CX_E_CORRUPT;
    }
    return CX_OK;
}

int
cx_audit_deserialize(const uint8_t *bytes, size_t len, CxAudit **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    GVariant *state = NULL;
    int status = cx_state_unpack(bytes, len, AU_MAGIC, AU_FORMAT_VERSION, AU_STATE_TYPE_V1,
                                 &state, NULL);
    if (status != CX_OK)
        return status;
    gsize text_len;
    GVariant *textv = g_variant_get_child_value(state, 0);
    const char *text = g_variant_get_string(textv, &text_len);
    gint32 unit;
    g_variant_get_child(state, 1, "i", &unit);
    CxChecklist *c = NULL;
    CxAudit *a = NULL;
    status = cx_checklist_new(&c);
    if (status == CX_OK) {
        status = cx_checklist_load_data(c, text, text_len);
        if (status == CX_E_PARSE || status == CX_E_INVALID_ARGUMENT || !unit_ok(unit))
            status = CX_E_CORRUPT;
    }
    g_variant_unref(textv);
    if (status == CX_OK) {
        a = audit_create(c, unit);
        if (!a)
            status = CX_E_NO_MEMORY;
        else
            c = NULL;
    }
    cx_checklist_free(c);
    GVariant *h[7] = { NULL };
    size_t n[7];
    const uint64_t *g = NULL, *su = NULL, *iu = NULL, *lu = NULL;
    const double *gd = NULL, *sd = NULL, *id = NULL;
    guint64 scored = 0;
    if (status == CX_OK) {
        const size_t S = a->checklist->n_sections, I = a->checklist->n_items;
        g = child_array(state, 2, sizeof(uint64_t), &n[0], &h[0]);
        gd = child_array(state, 3, sizeof(double), &n[1], &h[1]);
        g_variant_get_child(state, 4, "t", &scored);
        su = child_array(state, 5, sizeof(uint64_t), &n[2], &h[2]);
        sd = child_array(state, 6, sizeof(double), &n[3], &h[3]);
        iu = child_array(state, 7, sizeof(uint64_t), &n[4], &h[4]);
        id = child_array(state, 8, sizeof(double), &n[5], &h[5]);
        lu = child_array(state, 9, sizeof(uint64_t), &n[6], &h[6]);
        if (n[0] != 11 || n[1] != 6 || n[2] != 2 * S || n[3] != 6 * S || n[4] != 6 * I ||
            n[5] != 2 * I || n[6] % 3 != 0 || n[6] / 3 > MAX_LISTED)
            status = CX_E_CORRUPT;
    }
    if (status == CX_OK) {
        const uint64_t visits = g[0];
        /* Critical failures: at most one per critical item and visit. */
        uint64_t critical_items = 0;
        for (size_t i = 0; i < a->checklist->n_items; i++)
            critical_items += (uint64_t)a->checklist->items[i].critical;
        if (scored > visits || g[1] > scored || g[2] > scored ||
            (critical_items == 0 ? g[3] != 0 : g[3] / critical_items > visits) ||
            !moments_ok(scored, gd[0], gd[1], 0.0, 100.0) || !sum_ok(gd[2], gd[3]) ||
            !sum_ok(gd[4], gd[5]))
            status = CX_E_CORRUPT;
        a->visits = visits;
        a->passed = g[1];
        a->critical_visits = g[2];
        a->critical_failures = g[3];
        memcpy(a->rejects, g + 4, sizeof a->rejects);
        a->score = cx_moments_unweighted(scored, gd[0], gd[1]);
        a->earned = (CxSum){ gd[2], gd[3] };
        a->applicable = (CxSum){ gd[4], gd[5] };
        for (size_t s = 0; status == CX_OK && s < a->checklist->n_sections; s++) {
            SectionStat *st = &a->sections[s];
            const double *v = sd + 6 * s;
            if (su[2 * s] > scored || su[2 * s + 1] > su[2 * s] ||
                !moments_ok(su[2 * s], v[0], v[1], 0.0, 100.0) || !sum_ok(v[2], v[3]) ||
                !sum_ok(v[4], v[5]))
                status = CX_E_CORRUPT;
            st->m = cx_moments_unweighted(su[2 * s], v[0], v[1]);
            st->critical = su[2 * s + 1];
            st->earned = (CxSum){ v[2], v[3] };
            st->applicable = (CxSum){ v[4], v[5] };
        }
        for (size_t i = 0; status == CX_OK && i < a->checklist->n_items; i++) {
            const uint64_t *v = iu + 6 * i;
            ItemStat *st = &a->items[i];
            if (v[0] > visits || v[1] > v[0] || v[5] > v[0] || v[2] > visits ||
                v[3] > visits || v[4] > visits || !sum_ok(id[2 * i], id[2 * i + 1]))
                status = CX_E_CORRUPT;
            *st = (ItemStat){ v[0], v[1], v[2], v[3], v[4], v[5],
                              { id[2 * i], id[2 * i + 1] } };
        }
        if (status == CX_OK && n[6] > 0) {
            for (size_t k = 0; status == CX_OK && k < n[6] / 3; k++) {
                if (lu[3 * k + 2] >= N_REASONS)
                    status = CX_E_CORRUPT;
                a->listed[k] = (Listed){ lu[3 * k], lu[3 * k + 1], lu[3 * k + 2] };
            }
            a->n_listed = n[6] / 3;
        }
    }
    for (int k = 0; k < 7; k++)
        if (h[k])
            g_variant_unref(h[k]);
    for (int t = 0; status == CX_OK && t <= N_BY; t++) {
        GVariant *tuple = g_variant_get_child_value(state, 10 + (size_t)t);
        /* A segment's scored visits are some of all the scored visits. */
        status = table_read(t < N_BY ? &a->seg[t] : &a->pairs, tuple, a->score.n,
                            a->checklist->n_items);
        g_variant_unref(tuple);
    }
    g_variant_unref(state);
    if (status == CX_OK)
        status = pairs_valid(a);
    if (status != CX_OK) {
        cx_audit_free(a);
        return status;
    }
    *out = a;
    return CX_OK;
}
