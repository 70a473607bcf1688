/* SPDX-License-Identifier: MIT */
/* The cell rules (cx-cell.h, lib/core/cell.c): numbers, missing markers and text, and whole numbers
 * read as strtod reads them. Points in time are tested with the contact logs that read them
 * (test-contacts.c). */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "test-common.h"

START_TEST(cells_parse_by_the_documented_rules)
{
    static const struct {
        const char *text;
        int kind;
        double value;
    } cases[] = {
        { "7", CX_CELL_NUMBER, 7 },          { " 8 ", CX_CELL_NUMBER, 8 },
        { "\t9\t", CX_CELL_NUMBER, 9 },      { "-1", CX_CELL_NUMBER, -1 },
        { "+3", CX_CELL_NUMBER, 3 },         { "6.5", CX_CELL_NUMBER, 6.5 },
        { ".5", CX_CELL_NUMBER, 0.5 },       { "5.", CX_CELL_NUMBER, 5 },
        { "1e1", CX_CELL_NUMBER, 10 },       { "2.5E-1", CX_CELL_NUMBER, 0.25 },
        { "9.0", CX_CELL_NUMBER, 9 },        { "", CX_CELL_MISSING, 0 },
        { "   ", CX_CELL_MISSING, 0 },       { "NA", CX_CELL_MISSING, 0 },
        { "na", CX_CELL_MISSING, 0 },        { "N/A", CX_CELL_MISSING, 0 },
        { "n/a", CX_CELL_MISSING, 0 },       { "-", CX_CELL_MISSING, 0 },
        { " - ", CX_CELL_MISSING, 0 },       { "7a", CX_CELL_NOT_A_NUMBER, 0 },
        { "seven", CX_CELL_NOT_A_NUMBER, 0 }, { "inf", CX_CELL_NOT_A_NUMBER, 0 },
        { "nan", CX_CELL_NOT_A_NUMBER, 0 },  { "0x10", CX_CELL_NOT_A_NUMBER, 0 },
        { "1,5", CX_CELL_NOT_A_NUMBER, 0 },  { "1e999", CX_CELL_NOT_A_NUMBER, 0 },
        { "1e", CX_CELL_NOT_A_NUMBER, 0 },   { ".", CX_CELL_NOT_A_NUMBER, 0 },
        { "+", CX_CELL_NOT_A_NUMBER, 0 },    { "--1", CX_CELL_NOT_A_NUMBER, 0 },
        { "7 7", CX_CELL_NOT_A_NUMBER, 0 },  { "N/A2", CX_CELL_NOT_A_NUMBER, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double v = -999;
        int kind = cx_cell_parse_number(cases[i].text, strlen(cases[i].text), &v);
        ck_assert_msg(kind == cases[i].kind, "\"%s\": expected kind %d, got %d", cases[i].text,
                      cases[i].kind, kind);
        if (kind == CX_CELL_NUMBER)
            cx_assert_close(v, cases[i].value, 0.0);
    }
    /* Not NUL-terminated, and a long number. */
    ck_assert_int_eq(cx_cell_parse_number("12345", 2, NULL), CX_CELL_NUMBER);
    char longnum[200];
    memset(longnum, '0', sizeof longnum);
    longnum[198] = '7';
    longnum[199] = '\0';
    double v;
    ck_assert_int_eq(cx_cell_parse_number(longnum, 199, &v), CX_CELL_NUMBER);
    cx_assert_close(v, 7.0, 0.0);
    ck_assert_int_eq(cx_cell_parse_number(NULL, 0, &v), CX_CELL_MISSING);
    ck_assert_int_eq(cx_cell_parse_number(NULL, 3, &v), CX_E_INVALID_ARGUMENT);
}
END_TEST

START_TEST(whole_numbers_parse_as_strtod_does)
{
    /* Whole numbers take a shortcut past strtod: the same doubles, bit for bit (the sign of
     * -0 included), at every length up to 15 digits and past it (16+ go through strtod). */
    static const char *const cells[] = { "0", "-0", "+0", "7", "+7", "-1", " 10 ", "\t9",
                                         "000123", "999999999999999", "-999999999999999",
                                         "9999999999999999", "12345678901234567890", "+-1",
                                         "1-", "--1", "1 2", "07a" };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        double got = 42.0;
        int kind = cx_cell_parse_number(cells[i], strlen(cells[i]), &got);
        char *end = NULL;
        gchar *trimmed = g_strstrip(g_strdup(cells[i]));
        double want = g_ascii_strtod(trimmed, &end);
        int whole = *trimmed && *end == '\0';
        g_free(trimmed);
        if (!whole) {
            ck_assert_msg(kind == CX_CELL_NOT_A_NUMBER, "'%s': expected not a number, got %d",
                          cells[i], kind);
            continue;
        }
        ck_assert_msg(kind == CX_CELL_NUMBER && memcmp(&got, &want, sizeof got) == 0,
                      "'%s': expected %.17g, got %.17g (kind %d)", cells[i], want, got, kind);
    }
    for (long v = -100000; v <= 100000; v += 7) {
        char buf[32];
        double got;
        g_snprintf(buf, sizeof buf, "%ld", v);
        ck_assert_int_eq(cx_cell_parse_number(buf, strlen(buf), &got), CX_CELL_NUMBER);
        ck_assert_msg(got == (double)v, "'%s' read as %.17g", buf, got);
    }
}
END_TEST

static Suite *
cell_suite(void)
{
    Suite *s = suite_create("cell");
    TCase *tc = tcase_create("cells");
    tcase_add_test(tc, cells_parse_by_the_documented_rules);
    tcase_add_test(tc, whole_numbers_parse_as_strtod_does);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(cell_suite());
}
