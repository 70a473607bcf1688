/* SPDX-License-Identifier: MIT */
/* Definitions as key files: line numbers, syntax, strict unescaping (see keyfile-private.h). */
#include "core/keyfile-private.h"

#include <cxscore/cx-error.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
cx_keyfile_fail(CxKeyFileError *e, int line, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    g_vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        g_snprintf(e->message, sizeof e->message, "line %d: %s", line, msg);
    else
        g_snprintf(e->message, sizeof e->message, "%s", msg);
    e->line = line > 0 ? (uint64_t)line : 0;
    return CX_E_PARSE;
}

int
cx_keyfile_find_line(const char *text, size_t len, const char *group, const char *key)
{
    int line = 1, in_group = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *s = p;
        while (s < eol && (*s == ' ' || *s == '\t'))
            s++;
        if (s < eol && *s == '[') {
            const char *close = memchr(s, ']', (size_t)(eol - s));
            in_group = close && (size_t)(close - s - 1) == strlen(group) &&
                       strncmp(s + 1, group, strlen(group)) == 0;
            if (in_group && !key)
                return line; /* the group's own line */
        } else if (in_group && key) {
            const char *eq = memchr(s, '=', (size_t)(eol - s));
            if (eq) {
                const char *k_end = eq;
                while (k_end > s && (k_end[-1] == ' ' || k_end[-1] == '\t'))
                    k_end--;
                if ((size_t)(k_end - s) == strlen(key) && strncmp(s, key, strlen(key)) == 0)
                    return line;
            }
        }
        line++;
        p = eol + 1;
    }
    return 0;
}

/* Every line is blank, a '#' comment, a [group] or key = value, and keys come after a group:
 * checked here so that syntax errors name their line (GKeyFile's messages do not). */
static int
check_syntax(CxKeyFileError *e, const char *text, size_t len)
{
    int line = 1, have_group = 0;
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *s = p, *t = eol;
        /* Names and labels must be valid UTF-8 (and hold no NUL): they are serialized as text. */
        if (!g_utf8_validate(p, eol - p, NULL))
            return cx_keyfile_fail(e, line, "not valid UTF-8 text");
        while (s < t && (*s == ' ' || *s == '\t'))
            s++;
        while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
            t--;
        if (s < t && *s != '#') {
            if (*s == '[') {
                if (t[-1] != ']' || t - s < 3)
                    return cx_keyfile_fail(e, line, "a group header must look like [name]");
                have_group = 1;
            } else {
                const char *eq = memchr(s, '=', (size_t)(t - s));
                if (!eq || eq == s)
                    return cx_keyfile_fail(e, line,
                                           "expected [group], key = value or a # comment");
                if (!have_group)
                    return cx_keyfile_fail(e, line, "key outside any [group]");
            }
        }
        line++;
        p = eol + 1;
    }
    return CX_OK;
}

int
cx_keyfile_open(CxKeyFileError *e, const char *text, size_t len, GKeyFile **kf)
{
    *kf = NULL;
    int status = check_syntax(e, text, len);
    if (status != CX_OK)
        return status;
    GKeyFile *k = g_key_file_new();
    GError *err = NULL;
    if (!g_key_file_load_from_data(k, text, len, G_KEY_FILE_NONE, &err)) {
        cx_keyfile_fail(e, 0, "%s", err->message);
        g_error_free(err);
        g_key_file_free(k);
        return CX_E_PARSE;
    }
    *kf = k;
    return CX_OK;
}

/* Values are read raw and unescaped here rather than by g_key_file_get_string() or
 * g_key_file_get_string_list(): GLib 2.74 sets its GError twice on a value holding both an
 * invalid escape and a trailing backslash, and prints a GLib warning (fatal under
 * G_DEBUG=fatal-warnings) from inside the library (found by fuzz/fuzz-instrument, and for lists
 * by fuzz/fuzz-rules). */

/* Unescapes @raw into a new string; with @list, "\;" is a ';' and an unescaped ';' ends the
 * element (*next: where the next one starts, or NULL at the end). NULL with the error set on an
 * invalid escape. */
static gchar *
unescape(CxKeyFileError *e, const char *raw, int list, const char **next, const char *key,
         int line)
{
    gchar *out = g_malloc(strlen(raw) + 1), *q = out;
    const char *p = raw;
    if (next)
        *next = NULL;
    for (; *p; p++) {
        if (list && *p == ';') {
            if (next)
                *next = p[1] ? p + 1 : NULL;
            break;
        }
        if (*p != '\\') {
            *q++ = *p;
            continue;
        }
        char c = *++p;
        if (c == 's' || c == 'n' || c == 't' || c == 'r' || c == '\\' || (list && c == ';')) {
            *q++ = c == 's' ? ' ' : c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c;
            continue;
        }
        if (c)
            cx_keyfile_fail(e, line, "invalid escape sequence \\%.*s in the value of %s (write "
                                     "\\\\ for a backslash)", (int)g_utf8_skip[(guchar)c], p,
                            key);
        else
            cx_keyfile_fail(e, line, "the value of %s ends with a lone backslash (write \\\\ "
                                     "for a backslash)", key);
        g_free(out);
        return NULL;
    }
    *q = '\0';
    return out;
}

/* The value as written (g_free it), or NULL with the error set. */
static gchar *
raw_value(CxKeyFileError *e, GKeyFile *kf, const char *group, const char *key, int line)
{
    gchar *raw = g_key_file_get_value(kf, group, key, NULL);
    if (!raw)
        cx_keyfile_fail(e, line, "cannot read the value of %s", key);
    return raw;
}

gchar *
cx_keyfile_value(CxKeyFileError *e, GKeyFile *kf, const char *group, const char *key, int line)
{
    gchar *raw = raw_value(e, kf, group, key, line);
    if (!raw)
        return NULL;
    gchar *out = unescape(e, raw, 0, NULL, key, line);
    g_free(raw);
    return out;
}

gchar **
cx_keyfile_list(CxKeyFileError *e, GKeyFile *kf, const char *group, const char *key, int line)
{
    gchar *raw = raw_value(e, kf, group, key, line);
    if (!raw)
        return NULL;
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
    for (const char *p = *raw ? raw : NULL; p;) {
        gchar *item = unescape(e, p, 1, &p, key, line);
        if (!item) {
            g_ptr_array_free(items, TRUE);
            g_free(raw);
            return NULL;
        }
        g_ptr_array_add(items, item);
    }
    g_free(raw);
    g_ptr_array_set_free_func(items, NULL);
    g_ptr_array_add(items, NULL);
    return (gchar **)g_ptr_array_free(items, FALSE);
}

int
cx_keyfile_parse_int(const char *value, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(value, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == value || *end || errno || v < INT_MIN || v > INT_MAX)
        return 0;
    *out = (int)v;
    return 1;
}

int
cx_keyfile_parse_double(const char *value, double *out)
{
    /* g_ascii_strtod: a '.' decimal point whatever the locale. */
    while (*value == ' ' || *value == '\t')
        value++;
    char *end;
    errno = 0;
    double v = g_ascii_strtod(value, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == value || *end || errno || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

int
cx_keyfile_read_path(CxKeyFileError *e, const char *path, size_t max, char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        g_snprintf(e->message, sizeof e->message, "%s: %s", path, g_strerror(errno));
        e->line = 0;
        return CX_E_IO;
    }
    char *buf = g_try_malloc(max + 1);
    if (!buf) {
        fclose(f);
        return CX_E_NO_MEMORY;
    }
    size_t n = fread(buf, 1, max + 1, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        g_snprintf(e->message, sizeof e->message, "%s: a read error", path);
        e->line = 0;
        g_free(buf);
        return CX_E_IO;
    }
    *text = buf;
    *len = n;
    return CX_OK;
}
