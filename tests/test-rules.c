/* SPDX-License-Identifier: MIT */
/* Row rules (cx-rules.h): the grammar by hand, errors with their line and column, and the rules of
 * tests/data/queue/rules.txt on every row of survey.csv against the rows pandas found
 * (tests/data/queue/make.py writes expected-rules.csv). */
#include <cxscore/cxscore.h>

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "test-common.h"

static CxRowRules *
load(const char *text)
{
    CxRowRules *r = NULL;
    ck_assert_int_eq(cx_row_rules_new(&r), CX_OK);
    int st = cx_row_rules_load_data(r, text, strlen(text));
    ck_assert_msg(st == CX_OK, "'%s': %s at %llu:%llu", text, cx_row_rules_error_message(r),
                  (unsigned long long)cx_row_rules_error_line(r),
                  (unsigned long long)cx_row_rules_error_column(r));
    return r;
}

/* Evaluates @r on cells given as "field=value" pairs, in field order. */
static int
match(const CxRowRules *r, const char *const *cells, size_t *rule)
{
    size_t n = cx_row_rules_field_count(r), lens[8];
    ck_assert_uint_le(n, 8);
    for (size_t i = 0; i < n; i++)
        lens[i] = strlen(cells[i]);
    return cx_row_rules_match(r, cells, lens, n, rule);
}

START_TEST(grammar_by_hand)
{
    CxRowRules *r = load("# comment only\n"
                         "score <= 6 and channel = phone   # detractors on the phone\r\n"
                         "\n"
                         "  \"Net score\" >= 9.5 AnD region != 'O''Brien'\n"
                         "channel <> \"\" and channel < m\n");
    ck_assert_uint_eq(cx_row_rules_count(r), 3);
    ck_assert_uint_eq(cx_row_rules_line(r, 0), 2);
    ck_assert_uint_eq(cx_row_rules_line(r, 1), 4);
    ck_assert_uint_eq(cx_row_rules_line(r, 2), 5);
    ck_assert_uint_eq(cx_row_rules_line(r, 3), 0);
    ck_assert_uint_eq(cx_row_rules_field_count(r), 4);
    size_t len;
    ck_assert_str_eq(cx_row_rules_field_name(r, 0, &len), "score");
    ck_assert_uint_eq(len, 5);
    ck_assert_str_eq(cx_row_rules_field_name(r, 1, NULL), "channel");
    ck_assert_str_eq(cx_row_rules_field_name(r, 2, NULL), "Net score");
    ck_assert_str_eq(cx_row_rules_field_name(r, 3, NULL), "region");
    size_t which = 99;
    /* Fields: score, channel, Net score, region. */
    ck_assert_int_eq(match(r, (const char *[]){ "6", "phone", "", "" }, &which), 1);
    ck_assert_uint_eq(which, 0);
    ck_assert_int_eq(match(r, (const char *[]){ " 6.0 ", " phone\t", "", "" }, &which), 1);
    /* 7 is no detractor; "phone" < "m" is false; "Net score" missing: rule 2 false. */
    ck_assert_int_eq(match(r, (const char *[]){ "7", "phone", "", "x" }, &which), 0);
    ck_assert_int_eq(match(r, (const char *[]){ "7", "phone", "9.5", "north" }, &which), 1);
    ck_assert_uint_eq(which, 1);
    ck_assert_int_eq(match(r, (const char *[]){ "7", "phone", "10", "O'Brien" }, &which), 0);
    /* Rule 3: channel not empty and before "m" byte-wise ("Phone" < "m": upper case first). */
    ck_assert_int_eq(match(r, (const char *[]){ "NA", "Phone", "", "" }, &which), 1);
    ck_assert_uint_eq(which, 2);
    ck_assert_int_eq(match(r, (const char *[]){ "NA", "  ", "", "" }, &which), 0);
    /* An unreadable number makes every numeric test false, also != and the score rule. */
    cx_row_rules_free(r);
    r = load("score != 6");
    ck_assert_int_eq(match(r, (const char *[]){ "seven" }, NULL), 0);
    ck_assert_int_eq(match(r, (const char *[]){ "" }, NULL), 0);
    ck_assert_int_eq(match(r, (const char *[]){ "7" }, NULL), 1);
    ck_assert_int_eq(match(r, (const char *[]){ "6" }, NULL), 0);
    cx_row_rules_free(r);
    /* A string value compares as a string even when the cell holds a number. */
    r = load("code = '007'\ncode > 10");
    ck_assert_int_eq(match(r, (const char *[]){ "007" }, NULL), 1);
    ck_assert_int_eq(match(r, (const char *[]){ "7" }, NULL), 0);
    ck_assert_int_eq(match(r, (const char *[]){ "1e2" }, NULL), 1);
    cx_row_rules_free(r);
}
END_TEST

START_TEST(errors_name_line_and_column)
{
    static const struct {
        const char *text;
        uint64_t line, column;
        const char *message_part;
    } cases[] = {
        { "score <= 6 or channel = phone", 1, 12, "'or' joins rules" },
        { "a = 1\n\nscore => 6", 3, 8, "a value was expected" },
        { "a = 1\n  6 = score", 2, 3, "a column name was expected" },
        { "score 6", 1, 7, "an operator was expected" },
        { "channel = \"phone", 1, 11, "not closed" },
        { "score <= 6 and", 1, 15, "a test was expected" },
        { "score <= 6 and\tand", 1, 19, "an operator was expected" },
        { "score <= 6 x = 1", 1, 12, "'and', a comment" },
        { "score = 1.2.3", 1, 9, "neither a number nor a name" },
        { "score = 6phone", 1, 9, "neither a number nor a name" },
        { "a = 1\nb = 2\nc =", 3, 4, "a value was expected" },
        { "score = 'a'b", 1, 12, "a blank" },
        { "# only a comment\n\n", 0, 0, "no rule" },
        { "", 0, 0, "no rule" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        CxRowRules *r = NULL;
        ck_assert_int_eq(cx_row_rules_new(&r), CX_OK);
        ck_assert_int_eq(cx_row_rules_load_data(r, "x = 1", 5), CX_OK);
        int st = cx_row_rules_load_data(r, cases[i].text, strlen(cases[i].text));
        const char *msg = cx_row_rules_error_message(r);
        ck_assert_msg(st == CX_E_PARSE, "'%s': status %d", cases[i].text, st);
        ck_assert_msg(cx_row_rules_error_line(r) == cases[i].line &&
                          cx_row_rules_error_column(r) == cases[i].column,
                      "'%s': expected %llu:%llu, got %llu:%llu (%s)", cases[i].text,
                      (unsigned long long)cases[i].line, (unsigned long long)cases[i].column,
                      (unsigned long long)cx_row_rules_error_line(r),
                      (unsigned long long)cx_row_rules_error_column(r), msg);
        ck_assert_msg(msg && strstr(msg, cases[i].message_part), "'%s': message '%s'",
                      cases[i].text, msg);
        ck_assert_uint_eq(cx_row_rules_count(r), 0); /* a failed load leaves no rule */
        ck_assert_uint_eq(cx_row_rules_field_count(r), 0);
        cx_row_rules_free(r);
    }
}
END_TEST

START_TEST(survey_matches_pandas)
{
    size_t len;
    char *text = cx_test_read_file(cx_test_data_path("queue/rules.txt"), &len);
    CxRowRules *rules = NULL;
    ck_assert_int_eq(cx_row_rules_new(&rules), CX_OK);
    ck_assert_int_eq(cx_row_rules_load_data(rules, text, len), CX_OK);
    g_free(text);
    size_t n = cx_row_rules_field_count(rules), col[8];
    ck_assert_uint_le(n, 8);
    CxReader *rd = NULL;
    ck_assert_int_eq(cx_reader_open_path(cx_test_data_path("queue/survey.csv"), &rd), CX_OK);
    for (size_t f = 0; f < n; f++)
        ck_assert_int_eq(cx_reader_column_index(rd, cx_row_rules_field_name(rules, f, NULL),
                                                &col[f]),
                         CX_OK);
    GString *got = g_string_new("line,rule_line\n");
    while (cx_reader_next(rd) == CX_ROW) {
        const char *cells[8];
        size_t lens[8], which;
        for (size_t f = 0; f < n; f++)
            ck_assert_int_eq(cx_reader_field(rd, col[f], &cells[f], &lens[f]), CX_OK);
        if (cx_row_rules_match(rules, cells, lens, n, &which) == 1)
            g_string_append_printf(got, "%llu,%llu\n", (unsigned long long)cx_reader_line(rd),
                                   (unsigned long long)cx_row_rules_line(rules, which));
    }
    cx_reader_free(rd);
    char *want = cx_test_read_file(cx_test_data_path("queue/expected-rules.csv"), &len);
    ck_assert_str_eq(got->str, want);
    ck_assert_uint_gt(got->len, 200); /* the rules do match rows */
    g_free(want);
    g_string_free(got, TRUE);
    cx_row_rules_free(rules);
}
END_TEST

static Suite *
rules_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *grammar = tcase_create("grammar");
    tcase_add_test(grammar, grammar_by_hand);
    tcase_add_test(grammar, errors_name_line_and_column);
    suite_add_tcase(s, grammar);
    TCase *ref = tcase_create("reference");
    tcase_add_test(ref, survey_matches_pandas);
    suite_add_tcase(s, ref);
    return s;
}

int
main(void)
{
    return cx_test_run(rules_suite());
}
