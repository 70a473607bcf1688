/* SPDX-License-Identifier: MIT */
/*
 * Cell rules (cx-cell.h): how the cells of a real export are read beyond cx_cell_parse_number()'s
 * fixed grammar: a wider set of missing markers, a decimal comma, leading-number labels
 * ("10 - Extremely likely") and label maps for text scales. The number itself is still read by
 * cx_cell_parse_number(), so that one grammar decides what a number is.
 */
#include <cxscore/cx-cell.h>
#include <cxscore/cx-error.h>

#include <glib.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "core/cell-private.h"
#include "core/date-private.h"
#include "core/keyfile-private.h"

#define MAX_LABEL 256

struct CxCellRules {
    char decimal;
    GHashTable *missing; /* lower-cased marker → itself */
    GHashTable *labels;  /* lower-cased label → double* */
    size_t longest_missing, longest_label; /* in bytes: longer cells skip the lookup */
    char *date_format;
    char error[256];
};

/* Missing markers by default: blank and what R (NA), pandas (NaN, None, null), Excel (#N/A,
 * #NULL!), SAS and Stata (.) and the library's own rules (N/A, -) write. */
static const char *const default_missing[] = { "na", "n/a", "-", "#n/a", "nan", "null", "none",
                                               ".", "#null!" };

const char *
cx_reject_reason_name(int reason)
{
    switch (reason) {
    case CX_REASON_NONE: return "";
    case CX_REASON_NOT_A_NUMBER: return "not a number";
    case CX_REASON_UNKNOWN_LABEL: return "unknown label";
    case CX_REASON_OUT_OF_RANGE: return "out of range";
    case CX_REASON_NOT_WHOLE: return "not a whole number";
    case CX_REASON_NOT_A_TIME: return "not a date";
    case CX_REASON_SEVERAL_CHOICES: return "several choices";
    case CX_REASON_MALFORMED_ROW: return "malformed row";
    default: return "unknown reason";
    }
}

int
cx_cell_rules_new(CxCellRules **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    CxCellRules *r = g_try_new0(CxCellRules, 1);
    if (!r)
        return CX_E_NO_MEMORY;
    r->decimal = '.';
    r->missing = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    r->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    for (size_t i = 0; i < G_N_ELEMENTS(default_missing); i++) {
        g_hash_table_add(r->missing, g_strdup(default_missing[i]));
        r->longest_missing = MAX(r->longest_missing, strlen(default_missing[i]));
    }
    *out = r;
    return CX_OK;
}

void
cx_cell_rules_free(CxCellRules *rules)
{
    if (!rules)
        return;
    g_hash_table_destroy(rules->missing);
    g_hash_table_destroy(rules->labels);
    g_free(rules->date_format);
    g_free(rules);
}

int
cx_cell_rules_set_decimal(CxCellRules *rules, char decimal)
{
    if (!rules || (decimal != '.' && decimal != ','))
        return CX_E_INVALID_ARGUMENT;
    rules->decimal = decimal;
    return CX_OK;
}

int
cx_cell_rules_clear_missing(CxCellRules *rules)
{
    if (!rules)
        return CX_E_INVALID_ARGUMENT;
    g_hash_table_remove_all(rules->missing);
    rules->longest_missing = 0;
    return CX_OK;
}

/* The key of a marker or label: trimmed, ASCII lower case; NULL if blank or too long. */
static char *
key_of(const char *text, size_t len)
{
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    if (n == 0 || n > MAX_LABEL)
        return NULL;
    return g_ascii_strdown(s, (gssize)n);
}

int
cx_cell_rules_add_missing(CxCellRules *rules, const char *marker)
{
    if (!rules || !marker)
        return CX_E_INVALID_ARGUMENT;
    char *key = key_of(marker, strlen(marker));
    if (!key)
        return CX_E_INVALID_ARGUMENT;
    rules->longest_missing = MAX(rules->longest_missing, strlen(key));
    g_hash_table_add(rules->missing, key);
    return CX_OK;
}

int
cx_cell_rules_add_label(CxCellRules *rules, const char *label, double value)
{
    if (!rules || !label || !isfinite(value))
        return CX_E_INVALID_ARGUMENT;
    char *key = key_of(label, strlen(label));
    if (!key)
        return CX_E_INVALID_ARGUMENT;
    const double *old = g_hash_table_lookup(rules->labels, key);
    if (old) {
        int same = !(*old < value || *old > value);
        if (!same)
            g_snprintf(rules->error, sizeof rules->error,
                       "label '%s' maps to %g already, not to %g", label, *old, value);
        g_free(key);
        return same ? CX_OK : CX_E_MISMATCH;
    }
    double *v = g_new(double, 1);
    *v = value;
    rules->longest_label = MAX(rules->longest_label, strlen(key));
    g_hash_table_insert(rules->labels, key, v);
    return CX_OK;
}

typedef struct {
    const char *label;
    double value;
} Label;

/* The common English scales. CSAT: the 5-point satisfaction scale with the wordings of
 * Qualtrics ("Extremely", "Somewhat") and of most other tools ("Very"); agreement: Likert's
 * 5- and 7-point forms, the 7-point one being CES 2.0's (Dixon, Freeman & Toman 2010, HBR
 * "Stop Trying to Delight Your Customers"); effort: the 5-point effort scale of CES 1.0. */
static const Label csat[] = {
    { "Very dissatisfied", 1 }, { "Extremely dissatisfied", 1 }, { "Dissatisfied", 2 },
    { "Somewhat dissatisfied", 2 }, { "Neither satisfied nor dissatisfied", 3 },
    { "Neutral", 3 }, { "Satisfied", 4 }, { "Somewhat satisfied", 4 },
    { "Very satisfied", 5 }, { "Extremely satisfied", 5 }, { NULL, 0 },
};
static const Label agree5[] = {
    { "Strongly disagree", 1 }, { "Disagree", 2 }, { "Neither agree nor disagree", 3 },
    { "Agree", 4 }, { "Strongly agree", 5 }, { NULL, 0 },
};
static const Label agree7[] = {
    { "Strongly disagree", 1 }, { "Disagree", 2 }, { "Somewhat disagree", 3 },
    { "Neither agree nor disagree", 4 }, { "Somewhat agree", 5 }, { "Agree", 6 },
    { "Strongly agree", 7 }, { NULL, 0 },
};
static const Label effort5[] = {
    { "Very easy", 1 }, { "Easy", 2 }, { "Neither easy nor difficult", 3 }, { "Difficult", 4 },
    { "Very difficult", 5 }, { NULL, 0 },
};

int
cx_cell_rules_add_scale(CxCellRules *rules, const char *name)
{
    if (!rules || !name)
        return CX_E_INVALID_ARGUMENT;
    const Label *scale = strcmp(name, "csat") == 0     ? csat
                         : strcmp(name, "agree5") == 0 ? agree5
                         : strcmp(name, "agree7") == 0 || strcmp(name, "ces") == 0 ? agree7
                         : strcmp(name, "effort5") == 0 ? effort5
                                                        : NULL;
    if (!scale) {
        g_snprintf(rules->error, sizeof rules->error,
                   "unknown scale '%s' (expected csat, agree5, agree7, ces or effort5)", name);
        return CX_E_INVALID_ARGUMENT;
    }
    for (const Label *l = scale; l->label; l++) {
        int st = cx_cell_rules_add_label(rules, l->label, l->value);
        if (st != CX_OK)
            return st;
    }
    return CX_OK;
}

static int parse_error(CxCellRules *rules, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static int
parse_error(CxCellRules *rules, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(rules->error, sizeof rules->error, fmt, ap);
    va_end(ap);
    return CX_E_PARSE;
}

int
cx_cell_rules_load_labels(CxCellRules *rules, const char *data, size_t len)
{
    if (!rules || (!data && len > 0))
        return CX_E_INVALID_ARGUMENT;
    GKeyFile *kf = g_key_file_new();
    GError *err = NULL;
    int st = CX_OK;
    if (!g_key_file_load_from_data(kf, data ? data : "", len, G_KEY_FILE_NONE, &err)) {
        st = parse_error(rules, "not a key file: %s", err->message);
        goto out;
    }
    if (!g_key_file_has_group(kf, "labels") && !g_key_file_has_group(kf, "cells")) {
        st = parse_error(rules, "%s", "no [labels] or [cells] group");
        goto out;
    }
    gsize n_groups;
    gchar **groups = g_key_file_get_groups(kf, &n_groups);
    for (gsize g = 0; g < n_groups && st == CX_OK; g++)
        if (strcmp(groups[g], "labels") != 0 && strcmp(groups[g], "cells") != 0)
            st = parse_error(rules, "unknown group [%s] (expected [labels] and [cells])",
                             groups[g]);
    g_strfreev(groups);
    if (st != CX_OK)
        goto out;
    if (g_key_file_has_group(kf, "cells")) {
        gchar **keys = g_key_file_get_keys(kf, "cells", NULL, NULL);
        for (gchar **k = keys; k && *k && st == CX_OK; k++) {
            CxKeyFileError ke = { "", 0 };
            gchar **list = strcmp(*k, "decimal") != 0 ? cx_keyfile_list(&ke, kf, "cells", *k, 0)
                                                      : NULL;
            if (!list && ke.message[0]) {
                st = parse_error(rules, "[cells] %s", ke.message);
                break;
            }
            if (strcmp(*k, "scales") == 0) {
                for (gchar **v = list; v && *v && st == CX_OK; v++)
                    if ((st = cx_cell_rules_add_scale(rules, g_strstrip(*v))) ==
                        CX_E_INVALID_ARGUMENT)
                        st = CX_E_PARSE; /* the message is set */
            } else if (strcmp(*k, "missing") == 0) {
                for (gchar **v = list; v && *v && st == CX_OK; v++)
                    if (**v)
                        st = cx_cell_rules_add_missing(rules, *v);
            } else if (strcmp(*k, "decimal") == 0) {
                gchar *v = g_key_file_get_value(kf, "cells", *k, NULL);
                if (!v || cx_cell_rules_set_decimal(rules, v[0]) != CX_OK || v[1] != '\0')
                    st = parse_error(rules, "[cells] decimal=%s: expected . or ,", v ? v : "");
                g_free(v);
            } else {
                st = parse_error(rules, "unknown key '%s' in [cells] (expected scales, missing, "
                                        "decimal)", *k);
            }
            g_strfreev(list);
        }
        g_strfreev(keys);
    }
    if (st == CX_OK && g_key_file_has_group(kf, "labels")) {
        gchar **keys = g_key_file_get_keys(kf, "labels", NULL, NULL);
        for (gchar **k = keys; k && *k && st == CX_OK; k++) {
            gchar *v = g_key_file_get_value(kf, "labels", *k, NULL);
            double value;
            if (!v || cx_cell_parse_number(v, strlen(v), &value) != CX_CELL_NUMBER) {
                g_snprintf(rules->error, sizeof rules->error,
                           "label '%s': '%s' is not a number", *k, v ? v : "");
                st = CX_E_PARSE;
            } else {
                st = cx_cell_rules_add_label(rules, *k, value);
            }
            g_free(v);
        }
        g_strfreev(keys);
    }
out:
    if (err)
        g_error_free(err);
    g_key_file_free(kf);
    return st;
}

int
cx_cell_rules_set_date_format(CxCellRules *rules, const char *format)
{
    if (!rules)
        return CX_E_INVALID_ARGUMENT;
    if (format) {
        const char *bad = cx_date_format_check(format);
        if (bad) {
            g_snprintf(rules->error, sizeof rules->error,
                       "unknown directive '%.2s' in date format '%s'", bad, format);
            return CX_E_PARSE;
        }
    }
    g_free(rules->date_format);
    rules->date_format = g_strdup(format);
    return CX_OK;
}

const char *
cx_cell_rules_error_message(const CxCellRules *rules)
{
    return rules ? rules->error : "";
}

/* Looks a trimmed cell up in a table of lower-cased keys (no allocation: the key is built on the
 * stack, and cells longer than the longest key are not looked up). */
static int
lookup(GHashTable *table, size_t longest, const char *s, size_t n, gpointer *value)
{
    if (n == 0 || n > longest || n > MAX_LABEL)
        return 0;
    char key[MAX_LABEL + 1];
    for (size_t i = 0; i < n; i++)
        key[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + ('a' - 'A') : s[i]);
    key[n] = '\0';
    return g_hash_table_lookup_extended(table, key, NULL, value);
}

static int
is_missing(const CxCellRules *rules, const char *s, size_t n)
{
    if (n == 0)
        return 1;
    if (!rules)
        return cx_cell_is_missing(s, n);
    return lookup(rules->missing, rules->longest_missing, s, n, NULL);
}

static int
has_letter(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (g_ascii_isalpha(s[i]) || (unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

/* A leading-number label: a number, optional spaces, then one of "-", "–" (U+2013), "=", ":",
 * "." or "(" and at least one more character: "10 - Extremely likely", "0 = Not at all likely",
 * "10 (Extremely likely)"; the label after it must hold a letter, so "7 - 8" is not read as 7.
 * Returns 1 with the number. */
static int
leading_number(const CxCellRules *rules, const char *s, size_t n, double *value)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t digits = i;
    while (i < n && g_ascii_isdigit(s[i]))
        i++;
    if (i == digits)
        return 0;
    if (i + 1 < n && (s[i] == '.' || (rules && rules->decimal == ',' && s[i] == ',')) &&
        g_ascii_isdigit(s[i + 1])) {
        i++;
        while (i < n && g_ascii_isdigit(s[i]))
            i++;
    }
    size_t end = i;
    while (i < n && s[i] == ' ')
        i++;
    size_t sep;
    if (i < n && (s[i] == '-' || s[i] == '=' || s[i] == ':' || s[i] == '(' || s[i] == '.'))
        sep = 1;
    else if (i + 3 <= n && memcmp(s + i, "\xE2\x80\x93", 3) == 0)
        sep = 3;
    else
        return 0;
    i += sep;
    while (i < n && s[i] == ' ')
        i++;
    if (!has_letter(s + i, n - i)) /* "7 - 8", "1..2": not a label */
        return 0;
    char buf[64];
    if (end >= sizeof buf)
        return 0;
    memcpy(buf, s, end);
    for (size_t k = 0; k < end; k++)
        if (buf[k] == ',')
            buf[k] = '.';
    return cx_cell_parse_number(buf, end, value) == CX_CELL_NUMBER;
}

/* A trailing-number label, the other way round: a label holding a letter, then "-", "–", "="
 * or ":" and a number ending the cell ("Not at all likely - 0", "Extremely likely: 10"), or the
 * number in parentheses ("Extremely likely (10)"). The number has no sign: in "likely -5" the
 * "-" is the separator. Returns 1 with the number. */
static int
trailing_number(const CxCellRules *rules, const char *s, size_t n, double *value)
{
    size_t end = n, i;
    int paren = n > 0 && s[n - 1] == ')';
    if (paren)
        end--;
    i = end;
    while (i > 0 && (g_ascii_isdigit(s[i - 1]) || s[i - 1] == '.' ||
                     (rules && rules->decimal == ',' && s[i - 1] == ',')))
        i--;
    size_t start = i;
    if (start == end || !g_ascii_isdigit(s[start]) || end - start >= 64)
        return 0;
    while (i > 0 && s[i - 1] == ' ')
        i--;
    if (paren) {
        if (i == 0 || s[i - 1] != '(')
            return 0;
        i--;
    } else if (i >= 3 && memcmp(s + i - 3, "\xE2\x80\x93", 3) == 0) {
        i -= 3;
    } else if (i > 0 && (s[i - 1] == '-' || s[i - 1] == '=' || s[i - 1] == ':')) {
        i--;
    } else {
        return 0;
    }
    if (!has_letter(s, i)) /* "8 - 7", "(10)": not a label */
        return 0;
    char buf[64];
    memcpy(buf, s + start, end - start);
    for (size_t k = 0; k < end - start; k++)
        if (buf[k] == ',')
            buf[k] = '.';
    return cx_cell_parse_number(buf, end - start, value) == CX_CELL_NUMBER;
}

int
cx_cell_rules_parse_number(const CxCellRules *rules, const char *text, size_t len,
                           double *value, int *reason)
{
    if (!text && len > 0)
        return CX_E_INVALID_ARGUMENT;
    if (reason)
        *reason = CX_REASON_NONE;
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    if (cx_cell_parse_number(s, n, value) == CX_CELL_NUMBER)
        return CX_CELL_NUMBER;
    if (is_missing(rules, s, n))
        return CX_CELL_MISSING;
    if (rules && rules->decimal == ',' && n <= 64 && memchr(s, ',', n) && !memchr(s, '.', n)) {
        char buf[65];
        memcpy(buf, s, n);
        for (size_t k = 0; k < n; k++)
            if (buf[k] == ',')
                buf[k] = '.';
        if (cx_cell_parse_number(buf, n, value) == CX_CELL_NUMBER)
            return CX_CELL_NUMBER;
    }
    gpointer v;
    if (rules && lookup(rules->labels, rules->longest_label, s, n, &v)) {
        if (value)
            *value = *(const double *)v;
        return CX_CELL_NUMBER;
    }
    if (leading_number(rules, s, n, value) || trailing_number(rules, s, n, value))
        return CX_CELL_NUMBER;
    if (reason)
        *reason = has_letter(s, n) ? CX_REASON_UNKNOWN_LABEL : CX_REASON_NOT_A_NUMBER;
    return CX_CELL_NOT_A_NUMBER;
}

int
cx_cell_rules_parse_time_in(const CxCellRules *rules, const char *const *formats,
                            const char *text, size_t len, double *seconds)
{
    if (!text && len > 0)
        return CX_E_INVALID_ARGUMENT;
    const char *s;
    size_t n;
    cx_cell_trim(text, len, &s, &n);
    if (is_missing(rules, s, n))
        return CX_CELL_MISSING;
    if (rules && rules->date_format)
        return cx_date_parse_format(rules->date_format, s, n, seconds) ? CX_CELL_NUMBER
                                                                       : CX_CELL_NOT_A_NUMBER;
    int kind = cx_cell_parse_time(s, n, seconds);
    if (kind != CX_CELL_NOT_A_NUMBER)
        return kind;
    if (!formats)
        return cx_date_parse_builtin(s, n, seconds) ? CX_CELL_NUMBER : CX_CELL_NOT_A_NUMBER;
    for (const char *const *f = formats; *f; f++)
        if (cx_date_parse_format(*f, s, n, seconds))
            return CX_CELL_NUMBER;
    return CX_CELL_NOT_A_NUMBER;
}

int
cx_cell_rules_parse_time(const CxCellRules *rules, const char *text, size_t len, double *seconds)
{
    return cx_cell_rules_parse_time_in(rules, NULL, text, len, seconds);
}
