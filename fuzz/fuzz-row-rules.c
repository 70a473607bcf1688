/* SPDX-License-Identifier: MIT */
/*
 * Row rules (cx-rules.h): a rules text and a row, both from the input.
 * Input: the rules text, a NUL, then the row's cells separated by NUL bytes (missing cells are
 * empty). Invariants: loading returns CX_OK or CX_E_PARSE; a failure leaves no rule and says
 * why, on a line of the text and a column within it (or line 0 for a text without any rule); a
 * success has rules on increasing lines of the text and names every field; loading the same text
 * again gives the same rules; a match returns 0 or 1 with the index of a rule; padding every
 * cell with spaces and tabs changes no verdict.
 */
#include "fuzz-common.h"

static uint64_t
count_lines(const char *s, size_t n)
{
    uint64_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += s[i] == '\n';
    return lines;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t text_len = nul ? (size_t)(nul - text) : size;
    CxRowRules *rules = NULL;
    FUZZ_OK(cx_row_rules_new(&rules));
    int st = cx_row_rules_load_data(rules, text, text_len);
    uint64_t lines = count_lines(text, text_len);
    if (st != CX_OK) {
        FUZZ_CHECK(st == CX_E_PARSE, "status %d", st);
        FUZZ_CHECK(cx_row_rules_error_message(rules) != NULL, "no message");
        FUZZ_CHECK(cx_row_rules_count(rules) == 0 && cx_row_rules_field_count(rules) == 0,
                   "rules left after a failure");
        uint64_t line = cx_row_rules_error_line(rules), col = cx_row_rules_error_column(rules);
        FUZZ_CHECK(line <= lines && (line == 0) == (col == 0) && col <= text_len + 1,
                   "error at %llu:%llu of %llu lines", (unsigned long long)line,
                   (unsigned long long)col, (unsigned long long)lines);
        cx_row_rules_free(rules);
        return 0;
    }
    FUZZ_CHECK(cx_row_rules_error_message(rules) == NULL, "a message after a success");
    size_t n_rules = cx_row_rules_count(rules), n = cx_row_rules_field_count(rules);
    FUZZ_CHECK(n_rules > 0 && n > 0, "%zu rules on %zu fields", n_rules, n);
    uint64_t last = 0;
    for (size_t r = 0; r < n_rules; r++) {
        uint64_t line = cx_row_rules_line(rules, r);
        FUZZ_CHECK(line > last && line <= lines, "rule %zu on line %llu", r,
                   (unsigned long long)line);
        last = line;
    }
    for (size_t f = 0; f < n; f++) {
        size_t len = 99;
        const char *name = cx_row_rules_field_name(rules, f, &len);
        FUZZ_CHECK(name != NULL && strlen(name) == len, "field %zu", f);
    }
    CxRowRules *again = NULL;
    FUZZ_OK(cx_row_rules_new(&again));
    FUZZ_OK(cx_row_rules_load_data(again, text, text_len));
    FUZZ_CHECK(cx_row_rules_count(again) == n_rules && cx_row_rules_field_count(again) == n,
               "a second load differs");
    cx_row_rules_free(again);

    /* The row: cells after the text's NUL. */
    const char **cells = calloc(n, sizeof *cells), **padded = calloc(n, sizeof *padded);
    size_t *lens = calloc(n, sizeof *lens), *plens = calloc(n, sizeof *plens);
    FUZZ_CHECK(cells && padded && lens && plens, "calloc");
    const char *p = nul ? nul + 1 : text + size, *end = text + size;
    for (size_t f = 0; f < n; f++) {
        const char *stop = p < end ? memchr(p, '\0', (size_t)(end - p)) : NULL;
        size_t len = p < end ? (stop ? (size_t)(stop - p) : (size_t)(end - p)) : 0;
        cells[f] = p < end ? p : NULL;
        lens[f] = len;
        char *pad = malloc(len + 4);
        FUZZ_CHECK(pad != NULL, "malloc");
        memcpy(pad, " \t", 2);
        if (len)
            memcpy(pad + 2, p, len);
        memcpy(pad + 2 + len, "\t ", 2);
        padded[f] = pad;
        plens[f] = len + 4;
        p += len + (p < end ? 1 : 0);
    }
    size_t which = SIZE_MAX, pwhich = SIZE_MAX;
    int m = cx_row_rules_match(rules, cells, lens, n, &which);
    FUZZ_CHECK(m == 0 || m == 1, "match %d", m);
    FUZZ_CHECK(m == 0 ? which == SIZE_MAX : which < n_rules, "rule %zu", which);
    int pm = cx_row_rules_match(rules, padded, plens, n, &pwhich);
    FUZZ_CHECK(pm == m && pwhich == which, "padding changed the verdict (%d, %d)", m, pm);
    for (size_t f = 0; f < n; f++)
        free((void *)padded[f]);
    free(cells);
    free(padded);
    free(lens);
    free(plens);
    cx_row_rules_free(rules);
    return 0;
}
