/* SPDX-License-Identifier: MIT */
/*
 * Definitions as key files (instruments, audit checklists): GLib's GKeyFile does the parsing, and
 * these helpers add what it lacks for a definition a person wrote by hand: every error names its
 * line, the text is checked as UTF-8 and line syntax first, values are unescaped strictly, and a
 * file is read no further than a bounded size. Not installed.
 */
#ifndef CX_KEYFILE_PRIVATE_H
#define CX_KEYFILE_PRIVATE_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

/* The last error of a load: "line N: what" (or "what" without a line) and its line (0: none). */
typedef struct {
    char message[256];
    uint64_t line;
} CxKeyFileError;

/* Sets the error (line ≤ 0: none) and returns CX_E_PARSE. */
int cx_keyfile_fail(CxKeyFileError *e, int line, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* The line where `key` is set in `[group]` (key NULL: the group's header), or 0 if none:
 * GKeyFile does not keep lines. */
int cx_keyfile_find_line(const char *text, size_t len, const char *group, const char *key);

/* Checks the syntax (every line blank, a '#' comment, a [group] or key = value after a group;
 * valid UTF-8) and loads the text into a new GKeyFile (*kf, free with g_key_file_free()).
 * CX_OK or CX_E_PARSE with the error set. */
int cx_keyfile_open(CxKeyFileError *e, const char *text, size_t len, GKeyFile **kf);

/* The value of `key` in `[group]` with GKeyFile's escapes (\s \n \t \r \\) replaced (g_free it),
 * or NULL with the error set, naming `line`. */
gchar *cx_keyfile_value(CxKeyFileError *e, GKeyFile *kf, const char *group, const char *key,
                        int line);

/* The value of `key` in `[group]` as a list: split at each ';' not written "\;" (a last ';' ends
 * the list), each element unescaped as cx_keyfile_value() does. A new NULL-terminated array
 * (g_strfreev it), or NULL with the error set, naming `line`. GKeyFile's own list reader is not
 * used: it unescapes by the code that sets its GError twice. */
gchar **cx_keyfile_list(CxKeyFileError *e, GKeyFile *kf, const char *group, const char *key,
                        int line);

/* A whole number (trailing spaces allowed) in int range: 1, or 0 if `value` is not one. */
int cx_keyfile_parse_int(const char *value, int *out);

/* A finite decimal number (spaces around allowed): 1, or 0 if `value` is not one. */
int cx_keyfile_parse_double(const char *value, double *out);

/* Reads at most max + 1 bytes of the file `path` into *text (g_free it), so that a caller
 * refusing more than `max` bytes never reads a larger file whole. CX_OK; CX_E_IO with the error
 * set (no line); CX_E_NO_MEMORY. */
int cx_keyfile_read_path(CxKeyFileError *e, const char *path, size_t max, char **text,
                         size_t *len);

#endif /* CX_KEYFILE_PRIVATE_H */
