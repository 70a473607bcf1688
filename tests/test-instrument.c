/* SPDX-License-Identifier: MIT */
/*
 * Instruments as data (cx-instrument.h): the built-in SERVQUAL instruments (Parasuraman,
 * Zeithaml & Berry 1988; Parasuraman, Berry & Zeithaml 1991), definitions built by hand and
 * loaded from key files (tests/data/servqual/bank.ini), and the errors that name the line.
 */
#define _POSIX_C_SOURCE 200809L
#include <cxscore/cxscore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "test-common.h"

START_TEST(builtin_instruments)
{
    CxInstrument *a = NULL, *b = NULL;
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &a), CX_OK);
    ck_assert_int_eq(cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1988, &b), CX_OK);
    ck_assert_uint_eq(cx_instrument_item_count(a), 22);
    ck_assert_uint_eq(cx_instrument_dimension_count(a), 5);
    static const char *names[] = { "tangibles", "reliability", "responsiveness", "assurance",
                                   "empathy" };
    static const size_t first[] = { 1, 5, 10, 14, 18, 23 };
    for (size_t d = 0; d < 5; d++) {
        ck_assert_str_eq(cx_instrument_dimension_name(a, d), names[d]);
        for (size_t item_no = first[d]; item_no < first[d + 1]; item_no++) {
            ck_assert_int_eq(cx_instrument_item_number(a, item_no - 1), (int)item_no);
            ck_assert_uint_eq(cx_instrument_item_dimension(a, item_no - 1), d);
            ck_assert_int_eq(cx_instrument_item_reverse(a, item_no - 1), 0);
            /* 1988: items 10–13 and 18–22 reverse-scored. */
            int rev = (item_no >= 10 && item_no <= 13) || item_no >= 18;
            ck_assert_int_eq(cx_instrument_item_reverse(b, item_no - 1), rev);
        }
    }
    ck_assert_int_eq(cx_instrument_scale_min(a), 1);
    ck_assert_int_eq(cx_instrument_scale_max(a), 7);
    ck_assert_int_eq(cx_instrument_not_applicable(a, NULL), 0);
    ck_assert_int_eq(cx_instrument_equal(a, b), 0);
    cx_instrument_free(b);
    ck_assert_int_eq(cx_instrument_new_builtin(7, &b), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(b);
    cx_instrument_free(a);
}
END_TEST

START_TEST(instrument_file_loads)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, cx_test_data_path("servqual/bank.ini")), CX_OK);
    ck_assert_str_eq(cx_instrument_name(in), "Retail bank (adapted SERVQUAL)");
    ck_assert_int_eq(cx_instrument_scale_min(in), 1);
    ck_assert_int_eq(cx_instrument_scale_max(in), 5);
    int na = -1;
    ck_assert_int_eq(cx_instrument_not_applicable(in, &na), 1);
    ck_assert_int_eq(na, 0);
    ck_assert_uint_eq(cx_instrument_dimension_count(in), 2);
    ck_assert_str_eq(cx_instrument_dimension_name(in, 1), "reliability");
    ck_assert_uint_eq(cx_instrument_item_count(in), 7);
    ck_assert_int_eq(cx_instrument_item_reverse(in, 2), 1);
    ck_assert_int_eq(cx_instrument_item_reverse(in, 6), 1);
    ck_assert_int_eq(cx_instrument_item_reverse(in, 0), 0);
    ck_assert_str_eq(cx_instrument_item_label(in, 3), "Does what it promises by when it promises");
    ck_assert_ptr_null(cx_instrument_item_label(in, 1));
    cx_instrument_free(in);

    /* GKeyFile's escapes in values: \s (space), \t, \n, \r, \\. */
    static const char ini[] = "[instrument]\nname = Bank\\s\\\\\\sBranch\n[dimensions]\n"
                              "a = 1;2\n[labels]\n1 = Tab\\there\n2 = Two\\nlines\\r\n";
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(in, ini, strlen(ini)), CX_OK);
    ck_assert_str_eq(cx_instrument_name(in), "Bank \\ Branch");
    ck_assert_str_eq(cx_instrument_item_label(in, 0), "Tab\there");
    ck_assert_str_eq(cx_instrument_item_label(in, 1), "Two\nlines\r");
    cx_instrument_free(in);
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, cx_test_data_path("servqual/bank.ini")), CX_OK);
    /* Loading into a non-empty instrument is refused. */
    ck_assert_int_eq(cx_instrument_load_file(in, cx_test_data_path("servqual/bank.ini")),
                     CX_E_INVALID_ARGUMENT);
    cx_instrument_free(in);
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, "/nonexistent/x.ini"), CX_E_IO);
    ck_assert(strlen(cx_instrument_error_message(in)) > 0);
    cx_instrument_free(in);
}
END_TEST

START_TEST(bad_instrument_files_name_the_line)
{
    static const struct {
        const char *text;
        int line;
        const char *needle;
    } cases[] = {
        { "[dimensions]\na = 1;2\nb = 2;3\n", 3, "item 2 is already in dimension a" },
        { "[instrument]\nscale = 7-1\n[dimensions]\na = 1\n", 2, "scale must be" },
        { "[instrument]\nscael = 1-7\n[dimensions]\na = 1\n", 2, "unknown key 'scael'" },
        { "[dimensions]\na = 1;x\n", 2, "must list its item numbers" },
        { "[dimensions]\na = 1\n[labels]\n5 = nope\n", 4, "not an item number" },
        { "[instrument]\nreverse = 9\n[dimensions]\na = 1\n", 2, "reverse names item 9" },
        { "[instrument]\nnot_applicable = 3\n[dimensions]\na = 1;2\n", 2, "inside the scale" },
        { "# fine\n[dimensions]\na = 1\nthis line is wrong\n", 4, "expected [group]" },
        { "a = 1\n", 1, "outside any [group]" },
        { "[dimension]\na = 1\n", 1, "unknown group [dimension]" },
        { "[instrument]\nname = x\n", 0, "no [dimensions] group" },
        { "[dimensions]\n", 1, "lists no dimension" },
        { "", 0, "no [dimensions] group" },
        /* Escapes: GKeyFile's \s \n \t \r \\ only. The first is fuzz/fuzz-instrument's
         * find (2026-11-25): an invalid escape then a trailing backslash made GLib 2.74 warn
         * "GError set over the top of a previous GError" from inside the library. */
        { "[instrument]\nname = a\\qb\\\n[dimensions]\nx = 1;2\n", 2,
          "invalid escape sequence \\q in the value of name" },
        { "[instrument]\nname = ab\\\n[dimensions]\nx = 1;2\n", 2,
          "the value of name ends with a lone backslash" },
        { "[dimensions]\n\nx = 1;\\\xc3\xa9\n", 3, "invalid escape sequence \\\xc3\xa9 in" },
        { "[dimensions]\nx = 1\n[labels]\n1 = a\\q\\\n", 4, "invalid escape sequence \\q" },
    };
    /* A GLib warning or critical from inside the library is a bug: make it fail the test. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        CxInstrument *in = NULL;
        ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
        int st = cx_instrument_load_data(in, cases[i].text, strlen(cases[i].text));
        ck_assert_msg(st == CX_E_PARSE, "case %zu: expected CX_E_PARSE, got %s", i,
                      cx_status_name(st));
        ck_assert_msg(strstr(cx_instrument_error_message(in), cases[i].needle) != NULL,
                      "case %zu: expected a message with \"%s\", got \"%s\"", i, cases[i].needle,
                      cx_instrument_error_message(in));
        ck_assert_int_eq(cx_instrument_error_line(in), cases[i].line);
        ck_assert_uint_eq(cx_instrument_item_count(in), 0); /* left empty */
        cx_instrument_free(in);
    }
}
END_TEST


START_TEST(building_by_hand)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    /* Defaults: no item, scale 1–7, no N/A code, no name. */
    ck_assert_uint_eq(cx_instrument_item_count(in), 0);
    ck_assert_int_eq(cx_instrument_scale_min(in), 1);
    ck_assert_int_eq(cx_instrument_scale_max(in), 7);
    ck_assert_str_eq(cx_instrument_name(in), "");
    ck_assert_int_eq(cx_instrument_set_name(in, "Café survey"), CX_OK);
    ck_assert_str_eq(cx_instrument_name(in), "Café survey");
    ck_assert_int_eq(cx_instrument_set_name(in, "\xff bad"), CX_E_INVALID_ARGUMENT);
    ck_assert_str_eq(cx_instrument_name(in), "Café survey"); /* unchanged */

    size_t d0 = 99, d1 = 99;
    ck_assert_int_eq(cx_instrument_add_dimension(in, "speed", &d0), CX_OK);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "care", &d1), CX_OK);
    ck_assert_uint_eq(d0, 0);
    ck_assert_uint_eq(d1, 1);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "speed", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_dimension(in, "\xc3", NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_instrument_dimension_count(in), 2);

    /* Items are kept in the order of their numbers, whatever the order they are added in. */
    ck_assert_int_eq(cx_instrument_add_item(in, 7, 1, "Kind staff", 0), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(in, 2, 0, NULL, 1), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(in, 4, 1, "Listens", 0), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(in, 4, 0, NULL, 0), CX_E_INVALID_ARGUMENT); /* twice */
    ck_assert_int_eq(cx_instrument_add_item(in, 0, 0, NULL, 0), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_add_item(in, 9, 2, NULL, 0), CX_E_INVALID_ARGUMENT); /* no dim */
    ck_assert_int_eq(cx_instrument_add_item(in, 9, 0, "\xe2\x82", 0), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_instrument_item_count(in), 3);
    static const int numbers[] = { 2, 4, 7 };
    static const size_t dims[] = { 0, 1, 1 };
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(cx_instrument_item_number(in, i), numbers[i]);
        ck_assert_uint_eq(cx_instrument_item_dimension(in, i), dims[i]);
    }
    ck_assert_int_eq(cx_instrument_item_reverse(in, 0), 1);
    ck_assert_str_eq(cx_instrument_item_label(in, 2), "Kind staff");
    ck_assert_ptr_null(cx_instrument_item_label(in, 0));
    /* Out of range: the documented "nothing" values. */
    ck_assert_int_eq(cx_instrument_item_number(in, 3), 0);
    ck_assert_uint_eq(cx_instrument_item_dimension(in, 3), (size_t)-1);
    ck_assert_ptr_null(cx_instrument_item_label(in, 3));
    ck_assert_ptr_null(cx_instrument_dimension_name(in, 2));

    /* The scale and the N/A code may not overlap. */
    ck_assert_int_eq(cx_instrument_set_scale(in, 5, 5), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_scale(in, 1, 5), CX_OK);
    ck_assert_int_eq(cx_instrument_set_not_applicable(in, 1, 3), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_instrument_set_not_applicable(in, 1, 9), CX_OK);
    int na = 0;
    ck_assert_int_eq(cx_instrument_not_applicable(in, &na), 1);
    ck_assert_int_eq(na, 9);
    ck_assert_int_eq(cx_instrument_set_scale(in, 1, 10), CX_E_INVALID_ARGUMENT); /* holds 9 */
    ck_assert_int_eq(cx_instrument_set_not_applicable(in, 0, 0), CX_OK);
    ck_assert_int_eq(cx_instrument_not_applicable(in, NULL), 0);

    /* Equal: the same items, dimensions, scale, keys and N/A code; names and labels aside. */
    CxInstrument *twin = NULL;
    ck_assert_int_eq(cx_instrument_new(&twin), CX_OK);
    ck_assert_int_eq(cx_instrument_set_scale(twin, 1, 5), CX_OK);
    cx_instrument_add_dimension(twin, "fast", NULL);
    cx_instrument_add_dimension(twin, "kind", NULL);
    cx_instrument_add_item(twin, 2, 0, "other wording", 1);
    cx_instrument_add_item(twin, 4, 1, NULL, 0);
    ck_assert_int_eq(cx_instrument_equal(in, twin), 0); /* item 7 missing */
    cx_instrument_add_item(twin, 7, 1, NULL, 0);
    ck_assert_int_eq(cx_instrument_equal(in, twin), 1);
    ck_assert_int_eq(cx_instrument_equal(in, NULL), 0);
    cx_instrument_free(twin);
    cx_instrument_free(in);
}
END_TEST

START_TEST(limits_of_size)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    char name[32];
    for (size_t d = 0; d < cx_instrument_max_dimensions(); d++) {
        snprintf(name, sizeof name, "d%zu", d);
        ck_assert_int_eq(cx_instrument_add_dimension(in, name, NULL), CX_OK);
    }
    ck_assert_int_eq(cx_instrument_add_dimension(in, "one too many", NULL),
                     CX_E_INVALID_ARGUMENT);
    for (size_t i = 0; i < cx_instrument_max_items(); i++)
        ck_assert_int_eq(cx_instrument_add_item(in, (int)i + 1, i % 32, NULL, 0), CX_OK);
    ck_assert_int_eq(cx_instrument_add_item(in, 1000, 0, NULL, 0), CX_E_INVALID_ARGUMENT);
    cx_instrument_free(in);

    /* A definition larger than the limit is refused before it is parsed, in memory or in a
     * file; one at the limit (padded with a comment) is read. */
    const size_t max = cx_instrument_max_definition_size();
    static const char head[] = "[dimensions]\na = 1;2\n# ";
    char *text = malloc(max + 2);
    ck_assert_ptr_nonnull(text);
    memcpy(text, head, sizeof head - 1);
    memset(text + sizeof head - 1, 'x', max + 1 - (sizeof head - 1));
    text[max - 1] = '\n';
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(in, text, max), CX_OK);
    ck_assert_uint_eq(cx_instrument_item_count(in), 2);
    cx_instrument_free(in);
    text[max] = '\n';
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_data(in, text, max + 1), CX_E_PARSE);
    ck_assert_msg(strstr(cx_instrument_error_message(in), "larger than") != NULL,
                  "expected a message about the size, got \"%s\"",
                  cx_instrument_error_message(in));
    ck_assert_uint_eq(cx_instrument_item_count(in), 0);
    cx_instrument_free(in);
    char path[] = "/tmp/cx-instrument-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, max + 1), (ssize_t)(max + 1));
    close(fd);
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, path), CX_E_PARSE);
    cx_instrument_free(in);
    unlink(path);
    free(text);
}
END_TEST

START_TEST(accumulators_keep_their_own_copy)
{
    CxInstrument *in = NULL;
    ck_assert_int_eq(cx_instrument_new(&in), CX_OK);
    ck_assert_int_eq(cx_instrument_load_file(in, cx_test_data_path("servqual/bank.ini")), CX_OK);
    CxServqual *sq = NULL;
    ck_assert_int_eq(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq), CX_OK);
    cx_instrument_free(in);
    const CxInstrument *kept = cx_servqual_instrument(sq);
    ck_assert_str_eq(cx_instrument_name(kept), "Retail bank (adapted SERVQUAL)");
    ck_assert_str_eq(cx_instrument_item_label(kept, 3), "Does what it promises by when it promises");
    ck_assert_uint_eq(cx_instrument_item_count(kept), 7);
    cx_servqual_free(sq);
}
END_TEST

static Suite *
instrument_suite(void)
{
    Suite *s = suite_create("instrument");
    TCase *tc = tcase_create("instrument");
    tcase_add_test(tc, builtin_instruments);
    tcase_add_test(tc, instrument_file_loads);
    tcase_add_test(tc, bad_instrument_files_name_the_line);
    tcase_add_test(tc, building_by_hand);
    tcase_add_test(tc, limits_of_size);
    tcase_add_test(tc, accumulators_keep_their_own_copy);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(instrument_suite());
}
