/* SPDX-License-Identifier: MIT */
/*
 * Instruments: items, dimensions, scale, reverse keys (see cx-instrument.h).
 *
 * Built-in definitions: A. Parasuraman, V. A. Zeithaml & L. L. Berry, "SERVQUAL: a multiple-item
 * scale for measuring consumer perceptions of service quality", J. Retailing 64(1):12–40 (1988),
 * and A. Parasuraman, L. L. Berry & V. A. Zeithaml, "Refinement and reassessment of the SERVQUAL
 * scale", J. Retailing 67(4):420–450 (1991). Both group the 22 items as tangibles 1–4,
 * reliability 5–9, responsiveness 10–13, assurance 14–17, empathy 18–22, rated on 7 points; the
 * 1988 wording is negative (hence reverse-scored) for items 10–13 and 18–22.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-instrument.h>

#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keyfile-private.h"
#include "score/instrument-private.h"

#define MAX_ITEMS 256
#define MAX_DIMENSIONS 32
/* The largest definition a key file may hold. It bounds what GKeyFile allocates while parsing
 * (cxscore.h: GLib's aborting allocator serves only bounded work); a 22-item instrument with
 * long labels takes a few KiB. */
#define MAX_DEFINITION (1024 * 1024)

struct CxInstrument {
    char *name;
    int scale_min, scale_max;
    int has_na, na_code;
    size_t n_dims;
    char *dims[MAX_DIMENSIONS];
    size_t n_items;
    CxInstrumentItem items[MAX_ITEMS]; /* sorted by number */
    CxKeyFileError err; /* the last load error */
};

size_t
cx_instrument_max_items(void)
{
    return MAX_ITEMS;
}

size_t
cx_instrument_max_dimensions(void)
{
    return MAX_DIMENSIONS;
}

size_t
cx_instrument_max_definition_size(void)
{
    return MAX_DEFINITION;
}

/* A copy of a caller's string, whose length is the caller's: checked (cxscore.h). NULL when
 * memory is exhausted. */
static char *
dup_checked(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = g_try_malloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}

/* An empty instrument, or NULL when memory is exhausted. */
static CxInstrument *
instrument_create(void)
{
    CxInstrument *in = g_try_new0(CxInstrument, 1);
    if (in) {
        in->scale_min = 1;
        in->scale_max = 7;
    }
    return in;
}

int
cx_instrument_new(CxInstrument **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = instrument_create();
    return *out ? CX_OK : CX_E_NO_MEMORY;
}

static void
clear(CxInstrument *in)
{
    g_free(in->name);
    in->name = NULL;
    for (size_t d = 0; d < in->n_dims; d++)
        g_free(in->dims[d]);
    for (size_t i = 0; i < in->n_items; i++)
        g_free(in->items[i].label);
    in->n_dims = in->n_items = 0;
    in->scale_min = 1;
    in->scale_max = 7;
    in->has_na = 0;
    in->na_code = 0;
}

void
cx_instrument_free(CxInstrument *instrument)
{
    if (!instrument)
        return;
    clear(instrument);
    g_free(instrument);
}

int
cx_instrument_set_name(CxInstrument *instrument, const char *name)
{
    if (!instrument || !name || !g_utf8_validate(name, -1, NULL))
        return CX_E_INVALID_ARGUMENT;
    char *copy = dup_checked(name);
    if (!copy)
        return CX_E_NO_MEMORY;
    g_free(instrument->name);
    instrument->name = copy;
    return CX_OK;
}

int
cx_instrument_set_scale(CxInstrument *instrument, int min, int max)
{
    if (!instrument || min >= max)
        return CX_E_INVALID_ARGUMENT;
    if (instrument->has_na && instrument->na_code >= min && instrument->na_code <= max)
        return CX_E_INVALID_ARGUMENT;
    instrument->scale_min = min;
    instrument->scale_max = max;
    return CX_OK;
}

int
cx_instrument_set_not_applicable(CxInstrument *instrument, int enabled, int code)
{
    if (!instrument)
        return CX_E_INVALID_ARGUMENT;
    if (enabled && code >= instrument->scale_min && code <= instrument->scale_max)
        return CX_E_INVALID_ARGUMENT;
    instrument->has_na = enabled != 0;
    instrument->na_code = enabled ? code : 0;
    return CX_OK;
}

int
cx_instrument_add_dimension(CxInstrument *instrument, const char *name, size_t *index)
{
    if (!instrument || !name || !*name || !g_utf8_validate(name, -1, NULL) ||
        instrument->n_dims >= MAX_DIMENSIONS)
        return CX_E_INVALID_ARGUMENT;
    for (size_t d = 0; d < instrument->n_dims; d++)
        if (strcmp(instrument->dims[d], name) == 0)
            return CX_E_INVALID_ARGUMENT;
    instrument->dims[instrument->n_dims] = dup_checked(name);
    if (!instrument->dims[instrument->n_dims])
        return CX_E_NO_MEMORY;
    if (index)
        *index = instrument->n_dims;
    instrument->n_dims++;
    return CX_OK;
}

int
cx_instrument_add_item(CxInstrument *instrument, int number, size_t dimension, const char *label,
                       int reverse)
{
    if (!instrument || number < 1 || dimension >= instrument->n_dims ||
        instrument->n_items >= MAX_ITEMS || (label && !g_utf8_validate(label, -1, NULL)))
        return CX_E_INVALID_ARGUMENT;
    size_t pos = instrument->n_items;
    for (size_t i = 0; i < instrument->n_items; i++) {
        if (instrument->items[i].number == number)
            return CX_E_INVALID_ARGUMENT;
        if (instrument->items[i].number > number && pos == instrument->n_items)
            pos = i;
    }
    char *copy = label ? dup_checked(label) : NULL;
    if (label && !copy)
        return CX_E_NO_MEMORY;
    memmove(&instrument->items[pos + 1], &instrument->items[pos],
            (instrument->n_items - pos) * sizeof instrument->items[0]);
    instrument->items[pos] = (CxInstrumentItem){
        .number = number,
        .dimension = dimension,
        .label = copy,
        .reverse = reverse != 0,
    };
    instrument->n_items++;
    return CX_OK;
}

int
cx_instrument_new_builtin(int which, CxInstrument **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (which != CX_INSTRUMENT_SERVQUAL_1991 && which != CX_INSTRUMENT_SERVQUAL_1988)
        return CX_E_INVALID_ARGUMENT;
    static const char *const names[5] = { "tangibles", "reliability", "responsiveness",
                                          "assurance", "empathy" };
    static const int first[6] = { 1, 5, 10, 14, 18, 23 };
    CxInstrument *in = instrument_create();
    if (!in)
        return CX_E_NO_MEMORY;
    /* The definitions are valid: a failure is memory. */
    int status = cx_instrument_set_name(in, which == CX_INSTRUMENT_SERVQUAL_1991
                                                ? "SERVQUAL 1991"
                                                : "SERVQUAL 1988");
    for (size_t d = 0; status == CX_OK && d < 5; d++) {
        status = cx_instrument_add_dimension(in, names[d], NULL);
        for (int item = first[d]; status == CX_OK && item < first[d + 1]; item++) {
            /* 1988: responsiveness and empathy items are negatively worded. */
            int reverse = which == CX_INSTRUMENT_SERVQUAL_1988 && (d == 2 || d == 4);
            status = cx_instrument_add_item(in, item, d, NULL, reverse);
        }
    }
    if (status != CX_OK) {
        cx_instrument_free(in);
        return status;
    }
    *out = in;
    return CX_OK;
}

/* ---- loading ----------------------------------------------------------------------------------- */

/* Empties the instrument after a failed load and returns the failure. */
static int
emptied(CxInstrument *in, int status)
{
    clear(in);
    return status;
}

/* Sets the load error (core/keyfile-private.h), empties the instrument, returns CX_E_PARSE. */
#define fail(in, line, ...) emptied((in), cx_keyfile_fail(&(in)->err, (line), __VA_ARGS__))

/* Parses "a;b;c" (';' or ',' separated, spaces allowed) into positive item numbers. */
static int
parse_numbers(const char *value, int *out, size_t cap, size_t *n)
{
    *n = 0;
    gchar **parts = g_strsplit_set(value, ";,", -1);
    int ok = 1;
    for (gchar **q = parts; *q && ok; q++) {
        gchar *t = g_strstrip(*q);
        if (!*t)
            continue; /* a trailing separator */
        char *end;
        errno = 0;
        long v = strtol(t, &end, 10);
        if (*end || errno || v < 1 || v > INT_MAX || *n >= cap)
            ok = 0;
        else
            out[(*n)++] = (int)v;
    }
    g_strfreev(parts);
    return ok;
}

static int
load(CxInstrument *in, const char *text, size_t len)
{
    GKeyFile *kf;
    int status = cx_keyfile_open(&in->err, text, len, &kf);
    if (status != CX_OK) {
        clear(in);
        return status;
    }
    status = CX_E_PARSE;
    gchar **groups = g_key_file_get_groups(kf, NULL);
    gchar **keys = NULL;
    int reverse[MAX_ITEMS];
    size_t n_reverse = 0;

    for (gchar **g = groups; *g; g++) {
        if (strcmp(*g, "instrument") && strcmp(*g, "dimensions") && strcmp(*g, "labels")) {
            fail(in, cx_keyfile_find_line(text, len, *g, NULL),
                 "unknown group [%s] (expected [instrument], [dimensions], [labels])", *g);
            goto out;
        }
    }
    if (g_key_file_has_group(kf, "instrument")) {
        keys = g_key_file_get_keys(kf, "instrument", NULL, NULL);
        for (gchar **k = keys; *k; k++) {
            int line = cx_keyfile_find_line(text, len, "instrument", *k);
            gchar *v = cx_keyfile_value(&in->err, kf, "instrument", *k, line);
            int ok = 1;
            if (!v) {
                ok = 0;
            } else if (strcmp(*k, "name") == 0) {
                g_free(in->name);
                in->name = g_strdup(g_strstrip(v));
            } else if (strcmp(*k, "scale") == 0) {
                int lo, hi;
                gchar **b = g_strsplit(v, "-", 2);
                if (!b[0] || !b[1] || !cx_keyfile_parse_int(g_strstrip(b[0]), &lo) ||
                    !cx_keyfile_parse_int(g_strstrip(b[1]), &hi) || lo >= hi)
                    ok = 0;
                else {
                    in->scale_min = lo;
                    in->scale_max = hi;
                }
                g_strfreev(b);
                if (!ok)
                    fail(in, line, "scale must be LOW-HIGH with LOW < HIGH, e.g. 1-7");
            } else if (strcmp(*k, "not_applicable") == 0) {
                int code;
                if (!cx_keyfile_parse_int(g_strstrip(v), &code)) {
                    ok = 0;
                    fail(in, line, "not_applicable must be a whole number");
                } else {
                    in->has_na = 1;
                    in->na_code = code;
                }
            } else if (strcmp(*k, "reverse") == 0) {
                if (!parse_numbers(v, reverse, MAX_ITEMS, &n_reverse)) {
                    ok = 0;
                    fail(in, line, "reverse must list item numbers, e.g. 10;11;12");
                }
            } else {
                ok = 0;
                fail(in, line, "unknown key '%s' in [instrument] (expected name, scale, "
                               "not_applicable, reverse)", *k);
            }
            g_free(v);
            if (!ok)
                goto out;
        }
        g_strfreev(keys);
        keys = NULL;
    }
    if (in->has_na && in->na_code >= in->scale_min && in->na_code <= in->scale_max) {
        fail(in, cx_keyfile_find_line(text, len, "instrument", "not_applicable"),
             "the not-applicable code %d lies inside the scale %d-%d", in->na_code,
             in->scale_min, in->scale_max);
        goto out;
    }

    if (!g_key_file_has_group(kf, "dimensions")) {
        fail(in, 0, "no [dimensions] group: an instrument needs at least one dimension");
        goto out;
    }
    keys = g_key_file_get_keys(kf, "dimensions", NULL, NULL);
    if (!keys || !keys[0]) {
        fail(in, cx_keyfile_find_line(text, len, "dimensions", NULL), "[dimensions] lists no dimension");
        goto out;
    }
    for (gchar **k = keys; *k; k++) {
        int line = cx_keyfile_find_line(text, len, "dimensions", *k);
        size_t d;
        if (cx_instrument_add_dimension(in, *k, &d) != CX_OK) {
            fail(in, line, "too many dimensions (at most %d)", MAX_DIMENSIONS);
            goto out;
        }
        gchar *v = cx_keyfile_value(&in->err, kf, "dimensions", *k, line);
        if (!v)
            goto out;
        int numbers[MAX_ITEMS];
        size_t n = 0;
        int ok = parse_numbers(v, numbers, MAX_ITEMS, &n) && n > 0;
        g_free(v);
        if (!ok) {
            fail(in, line, "dimension %s must list its item numbers, e.g. 1;2;3", *k);
            goto out;
        }
        for (size_t i = 0; i < n; i++) {
            const CxInstrumentItem *dup = cx_instrument_find_item(in, numbers[i]);
            if (dup) {
                fail(in, line, "item %d is already in dimension %s", numbers[i],
                     in->dims[dup->dimension]);
                goto out;
            }
            if (cx_instrument_add_item(in, numbers[i], d, NULL, 0) != CX_OK) {
                fail(in, line, "too many items (at most %d)", MAX_ITEMS);
                goto out;
            }
        }
    }
    g_strfreev(keys);
    keys = NULL;

    for (size_t r = 0; r < n_reverse; r++) {
        CxInstrumentItem *item = (CxInstrumentItem *)cx_instrument_find_item(in, reverse[r]);
        if (!item) {
            fail(in, cx_keyfile_find_line(text, len, "instrument", "reverse"),
                 "reverse names item %d, which no dimension lists", reverse[r]);
            goto out;
        }
        item->reverse = 1;
    }
    if (g_key_file_has_group(kf, "labels")) {
        keys = g_key_file_get_keys(kf, "labels", NULL, NULL);
        for (gchar **k = keys; *k; k++) {
            int number;
            CxInstrumentItem *item = NULL;
            if (cx_keyfile_parse_int(*k, &number))
                item = (CxInstrumentItem *)cx_instrument_find_item(in, number);
            if (!item) {
                fail(in, cx_keyfile_find_line(text, len, "labels", *k),
                     "label for '%s', which is not an item number of any dimension", *k);
                goto out;
            }
            gchar *label = cx_keyfile_value(&in->err, kf, "labels", *k,
                                            cx_keyfile_find_line(text, len, "labels", *k));
            if (!label)
                goto out;
            g_free(item->label);
            item->label = label;
        }
    }
    status = CX_OK;
out:
    if (status != CX_OK)
        clear(in); /* also after cx_keyfile_value(), which only sets the error */
    g_strfreev(keys);
    g_strfreev(groups);
    g_key_file_free(kf);
    return status;
}

int
cx_instrument_load_data(CxInstrument *instrument, const char *data, size_t len)
{
    if (!instrument || (!data && len > 0) || instrument->n_items > 0 || instrument->n_dims > 0)
        return CX_E_INVALID_ARGUMENT;
    instrument->err.message[0] = '\0';
    instrument->err.line = 0;
    if (len > MAX_DEFINITION) {
        fail(instrument, 0, "the definition is larger than %d bytes", MAX_DEFINITION);
        return CX_E_PARSE;
    }
    return load(instrument, data ? data : "", len);
}

int
cx_instrument_load_file(CxInstrument *instrument, const char *path)
{
    if (!instrument || !path || instrument->n_items > 0 || instrument->n_dims > 0)
        return CX_E_INVALID_ARGUMENT;
    /* At most one byte more than a definition may hold: a larger file is refused by
     * cx_instrument_load_data() without reading it whole. */
    char *text;
    size_t len;
    int status = cx_keyfile_read_path(&instrument->err, path, MAX_DEFINITION, &text, &len);
    if (status == CX_OK)
        status = cx_instrument_load_data(instrument, text, len);
    g_free(text);
    return status;
}

const char *
cx_instrument_error_message(const CxInstrument *instrument)
{
    return instrument ? instrument->err.message : "";
}

uint64_t
cx_instrument_error_line(const CxInstrument *instrument)
{
    return instrument ? instrument->err.line : 0;
}

/* ---- reading ----------------------------------------------------------------------------------- */

const char *
cx_instrument_name(const CxInstrument *instrument)
{
    return instrument && instrument->name ? instrument->name : "";
}

int
cx_instrument_scale_min(const CxInstrument *instrument)
{
    return instrument ? instrument->scale_min : 0;
}

int
cx_instrument_scale_max(const CxInstrument *instrument)
{
    return instrument ? instrument->scale_max : 0;
}

int
cx_instrument_not_applicable(const CxInstrument *instrument, int *code)
{
    if (!instrument || !instrument->has_na)
        return 0;
    if (code)
        *code = instrument->na_code;
    return 1;
}

size_t
cx_instrument_dimension_count(const CxInstrument *instrument)
{
    return instrument ? instrument->n_dims : 0;
}

const char *
cx_instrument_dimension_name(const CxInstrument *instrument, size_t index)
{
    return instrument && index < instrument->n_dims ? instrument->dims[index] : NULL;
}

size_t
cx_instrument_item_count(const CxInstrument *instrument)
{
    return instrument ? instrument->n_items : 0;
}

int
cx_instrument_item_number(const CxInstrument *instrument, size_t index)
{
    return instrument && index < instrument->n_items ? instrument->items[index].number : 0;
}

size_t
cx_instrument_item_dimension(const CxInstrument *instrument, size_t index)
{
    return instrument && index < instrument->n_items ? instrument->items[index].dimension
                                                     : (size_t)-1;
}

int
cx_instrument_item_reverse(const CxInstrument *instrument, size_t index)
{
    return instrument && index < instrument->n_items ? instrument->items[index].reverse : 0;
}

const char *
cx_instrument_item_label(const CxInstrument *instrument, size_t index)
{
    return instrument && index < instrument->n_items ? instrument->items[index].label : NULL;
}

int
cx_instrument_equal(const CxInstrument *a, const CxInstrument *b)
{
    if (!a || !b || a->scale_min != b->scale_min || a->scale_max != b->scale_max ||
        a->has_na != b->has_na || a->na_code != b->na_code || a->n_dims != b->n_dims ||
        a->n_items != b->n_items)
        return 0;
    for (size_t i = 0; i < a->n_items; i++)
        if (a->items[i].number != b->items[i].number ||
            a->items[i].dimension != b->items[i].dimension ||
            a->items[i].reverse != b->items[i].reverse)
            return 0;
    return 1;
}

/* ---- private ----------------------------------------------------------------------------------- */

const CxInstrumentItem *
cx_instrument_find_item(const CxInstrument *instrument, int number)
{
    for (size_t i = 0; i < instrument->n_items; i++)
        if (instrument->items[i].number == number)
            return &instrument->items[i];
    return NULL;
}

CxInstrument *
cx_instrument_copy(const CxInstrument *instrument)
{
    CxInstrument *c = instrument_create();
    if (!c)
        return NULL;
    c->scale_min = instrument->scale_min;
    c->scale_max = instrument->scale_max;
    c->has_na = instrument->has_na;
    c->na_code = instrument->na_code;
    int ok = !instrument->name || (c->name = dup_checked(instrument->name)) != NULL;
    for (size_t d = 0; ok && d < instrument->n_dims; d++, c->n_dims++)
        ok = (c->dims[d] = dup_checked(instrument->dims[d])) != NULL;
    for (size_t i = 0; ok && i < instrument->n_items; i++, c->n_items++) {
        c->items[i] = instrument->items[i];
        const char *label = instrument->items[i].label;
        ok = !label || (c->items[i].label = dup_checked(label)) != NULL;
    }
    if (!ok) {
        cx_instrument_free(c);
        return NULL;
    }
    return c;
}
