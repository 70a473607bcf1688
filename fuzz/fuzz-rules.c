/* SPDX-License-Identifier: MIT */
/*
 * Cell rules (cx-cell.h): a label key file, a date format and a cell, all from the input.
 * Input: key-file bytes, a NUL, then the cell (a NUL again separates a date format). Invariants:
 * loading returns a documented status; a kind is one of three, a number finite; a reason is
 * given exactly for text that is not a number; the rules extend cx_cell_parse_number() (what it
 * reads as a number, they read as the same number) and never call a fixed-rules number missing;
 * padding with spaces and tabs changes nothing; a date is finite.
 */
#include "fuzz-common.h"

static void
check_cell(const CxCellRules *rules, const char *s, size_t n)
{
    double v = -1, fixed = -2;
    int reason = -1;
    int kind = cx_cell_rules_parse_number(rules, s, n, &v, &reason);
    FUZZ_CHECK(kind == CX_CELL_NUMBER || kind == CX_CELL_MISSING || kind == CX_CELL_NOT_A_NUMBER,
               "kind %d", kind);
    FUZZ_CHECK((reason != CX_REASON_NONE) == (kind == CX_CELL_NOT_A_NUMBER), "reason %d kind %d",
               reason, kind);
    FUZZ_CHECK(reason == CX_REASON_NONE || reason == CX_REASON_NOT_A_NUMBER ||
                   reason == CX_REASON_UNKNOWN_LABEL, "reason %d", reason);
    if (kind == CX_CELL_NUMBER)
        FUZZ_CHECK(isfinite(v), "number %g", v);
    if (cx_cell_parse_number(s, n, &fixed) == CX_CELL_NUMBER)
        FUZZ_CHECK(kind == CX_CELL_NUMBER && memcmp(&v, &fixed, sizeof v) == 0,
                   "a plain number read as kind %d (%g vs %g)", kind, v, fixed);
    char *padded = malloc(n + 4);
    if (padded) {
        memcpy(padded, " \t", 2);
        if (n)
            memcpy(padded + 2, s, n);
        memcpy(padded + 2 + n, "\t ", 2);
        double pv = -1;
        int pr = -1;
        FUZZ_CHECK(cx_cell_rules_parse_number(rules, padded, n + 4, &pv, &pr) == kind &&
                       pr == reason, "padding changed the verdict");
        if (kind == CX_CELL_NUMBER)
            FUZZ_CHECK(memcmp(&pv, &v, sizeof v) == 0, "padded %g vs %g", pv, v);
        free(padded);
    }
    double t = 0;
    int tk = cx_cell_rules_parse_time(rules, s, n, &t);
    FUZZ_CHECK(tk == CX_CELL_NUMBER || tk == CX_CELL_MISSING || tk == CX_CELL_NOT_A_NUMBER,
               "time kind %d", tk);
    if (tk == CX_CELL_NUMBER)
        FUZZ_CHECK(isfinite(t), "time %g", t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t key_len = nul ? (size_t)(nul - text) : size;
    const char *cell = nul ? nul + 1 : text + size;
    size_t cell_len = size - key_len - (nul ? 1 : 0);

    CxCellRules *rules = NULL;
    FUZZ_OK(cx_cell_rules_new(&rules));
    int st = cx_cell_rules_load_labels(rules, text, key_len);
    FUZZ_CHECK(st == CX_OK || st == CX_E_PARSE || st == CX_E_MISMATCH || st == CX_E_NO_MEMORY ||
                   st == CX_E_INVALID_ARGUMENT, "load_labels %d", st);
    if (st != CX_OK)
        FUZZ_CHECK(*cx_cell_rules_error_message(rules) || st == CX_E_NO_MEMORY ||
                       st == CX_E_INVALID_ARGUMENT, "status %d without a message", st);

    /* A second NUL: the text before it is a date format too. */
    const char *nul2 = memchr(cell, '\0', cell_len);
    if (nul2) {
        char *format = g_strndup(cell, (gsize)(nul2 - cell));
        int fs = cx_cell_rules_set_date_format(rules, format);
        FUZZ_CHECK(fs == CX_OK || fs == CX_E_PARSE, "date format %d", fs);
        g_free(format);
    }
    check_cell(rules, cell, cell_len);
    check_cell(NULL, cell, cell_len);
    cx_cell_rules_free(rules);
    return 0;
}
