/* SPDX-License-Identifier: MIT */
/* Cell rules (cx-cell.h, lib/core/cell-rules.c, lib/core/date-format.c): the wide missing set,
 * the decimal comma, leading-number labels, label maps (built-in scales and key files) and the
 * platforms' date formats. Expected times were computed with Python's datetime
 * (datetime(..., tzinfo=timezone(timedelta(minutes=offset))).timestamp()), independently of
 * the library's calendar code. */
#include <cxscore/cxscore.h>

#include <math.h>
#include <string.h>

#include <glib.h>

#include "test-common.h"

static CxCellRules *
rules_new(void)
{
    CxCellRules *rules = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&rules), CX_OK);
    ck_assert_ptr_nonnull(rules);
    return rules;
}

typedef struct {
    const char *text;
    int kind;
    double value;
    int reason;
} Case;

static void
check_cases(const CxCellRules *rules, const Case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = -999;
        int reason = -1;
        int kind = cx_cell_rules_parse_number(rules, cases[i].text, strlen(cases[i].text), &v,
                                              &reason);
        ck_assert_msg(kind == cases[i].kind, "'%s': expected kind %d, got %d", cases[i].text,
                      cases[i].kind, kind);
        ck_assert_msg(reason == cases[i].reason, "'%s': expected reason %d, got %d",
                      cases[i].text, cases[i].reason, reason);
        if (kind == CX_CELL_NUMBER)
            ck_assert_msg(v == cases[i].value, "'%s': expected %g, got %g", cases[i].text,
                          cases[i].value, v);
    }
}

START_TEST(default_rules_read_labels_and_wide_missing_markers)
{
    CxCellRules *rules = rules_new();
    static const Case cases[] = {
        { "7", CX_CELL_NUMBER, 7, CX_REASON_NONE },
        { "10 - Extremely likely", CX_CELL_NUMBER, 10, CX_REASON_NONE },
        { "0 - Not at all likely", CX_CELL_NUMBER, 0, CX_REASON_NONE },
        { "0 = Not at all likely", CX_CELL_NUMBER, 0, CX_REASON_NONE },
        { "10 (Extremely likely)", CX_CELL_NUMBER, 10, CX_REASON_NONE },
        { "5: Very satisfied", CX_CELL_NUMBER, 5, CX_REASON_NONE },
        { "3. Neutral", CX_CELL_NUMBER, 3, CX_REASON_NONE },
        { "9 \xE2\x80\x93 Very likely", CX_CELL_NUMBER, 9, CX_REASON_NONE },
        { " 4-Good ", CX_CELL_NUMBER, 4, CX_REASON_NONE },
        /* trailing-number labels */
        { "Not at all likely - 0", CX_CELL_NUMBER, 0, CX_REASON_NONE },
        { "Extremely likely - 10", CX_CELL_NUMBER, 10, CX_REASON_NONE },
        { "Extremely likely (10)", CX_CELL_NUMBER, 10, CX_REASON_NONE },
        { "Very likely \xE2\x80\x93 9", CX_CELL_NUMBER, 9, CX_REASON_NONE },
        { "Satisfied: 4", CX_CELL_NUMBER, 4, CX_REASON_NONE },
        { "likely -5", CX_CELL_NUMBER, 5, CX_REASON_NONE },
        { "8 - 7", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
        { "(10)", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
        { "Top 3", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
        { "Likely - ", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
        { "#N/A", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "NaN", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "null", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "NULL", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "None", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { ".", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "#NULL!", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "n/a", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "0,53", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
        { "Very satisfied", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
        { "T\xC3\xA9l\xC3\xA9phone", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
        { "10 -", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
        { "7 7", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
        { "1..2", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
    };
    check_cases(rules, cases, G_N_ELEMENTS(cases));
    /* NULL rules: the fixed 0.1 rules, with reasons. */
    static const Case fixed[] = {
        { "#N/A", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
        { "NA", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "10 - Extremely likely", CX_CELL_NUMBER, 10, CX_REASON_NONE },
    };
    check_cases(NULL, fixed, G_N_ELEMENTS(fixed));
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(decimal_comma_and_custom_missing_markers)
{
    CxCellRules *rules = rules_new();
    ck_assert_int_eq(cx_cell_rules_set_decimal(rules, ','), CX_OK);
    ck_assert_int_eq(cx_cell_rules_set_decimal(rules, ';'), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_clear_missing(rules), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_missing(rules, " Prefer not to say "), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_missing(rules, "  "), CX_E_INVALID_ARGUMENT);
    static const Case cases[] = {
        { "0,53", CX_CELL_NUMBER, 0.53, CX_REASON_NONE },
        { "-1,5", CX_CELL_NUMBER, -1.5, CX_REASON_NONE },
        { "2.25", CX_CELL_NUMBER, 2.25, CX_REASON_NONE },
        { "1.234,5", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_NOT_A_NUMBER },
        { "7,5 - quite", CX_CELL_NUMBER, 7.5, CX_REASON_NONE },
        { "prefer NOT to say", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "NA", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
    };
    check_cases(rules, cases, G_N_ELEMENTS(cases));
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(built_in_scales_map_text_answers)
{
    CxCellRules *rules = rules_new();
    ck_assert_int_eq(cx_cell_rules_add_scale(rules, "csat"), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_scale(rules, "ces"), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_scale(rules, "agree5"), CX_E_MISMATCH);
    ck_assert_msg(strstr(cx_cell_rules_error_message(rules), "maps to") != NULL, "message: %s",
                  cx_cell_rules_error_message(rules));
    ck_assert_int_eq(cx_cell_rules_add_scale(rules, "stars"), CX_E_INVALID_ARGUMENT);
    static const Case cases[] = {
        { "Very satisfied", CX_CELL_NUMBER, 5, CX_REASON_NONE },
        { "  very SATISFIED ", CX_CELL_NUMBER, 5, CX_REASON_NONE },
        { "Extremely dissatisfied", CX_CELL_NUMBER, 1, CX_REASON_NONE },
        { "Neither satisfied nor dissatisfied", CX_CELL_NUMBER, 3, CX_REASON_NONE },
        { "Somewhat agree", CX_CELL_NUMBER, 5, CX_REASON_NONE },
        { "Strongly agree", CX_CELL_NUMBER, 7, CX_REASON_NONE },
        { "Agree", CX_CELL_NUMBER, 6, CX_REASON_NONE },
        { "Very happy", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
    };
    check_cases(rules, cases, G_N_ELEMENTS(cases));
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(label_key_files_load_and_refuse_what_they_should)
{
    CxCellRules *rules = rules_new();
    static const char good[] = "[labels]\nLoved it=5\nHated it=1\n"
                               "[cells]\nscales=agree5\nmissing=Skipped;Does not apply\n"
                               "decimal=,\n";
    ck_assert_int_eq(cx_cell_rules_load_labels(rules, good, strlen(good)), CX_OK);
    static const Case cases[] = {
        { "loved it", CX_CELL_NUMBER, 5, CX_REASON_NONE },
        { "Hated it", CX_CELL_NUMBER, 1, CX_REASON_NONE },
        { "Agree", CX_CELL_NUMBER, 4, CX_REASON_NONE },
        { "skipped", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "does not apply", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "4,5", CX_CELL_NUMBER, 4.5, CX_REASON_NONE },
        { "Liked it", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
    };
    check_cases(rules, cases, G_N_ELEMENTS(cases));
    /* "\;" is a ';' within an element, as GKeyFile writes lists. */
    static const char escaped[] = "[cells]\nmissing=N\\;A;Nothing\\sat all;\n";
    ck_assert_int_eq(cx_cell_rules_load_labels(rules, escaped, strlen(escaped)), CX_OK);
    static const Case listed[] = {
        { "N;A", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "Nothing at all", CX_CELL_MISSING, 0, CX_REASON_NONE },
        { "N", CX_CELL_NOT_A_NUMBER, 0, CX_REASON_UNKNOWN_LABEL },
    };
    check_cases(rules, listed, G_N_ELEMENTS(listed));

    static const struct {
        const char *text;
        int status;
        const char *message;
    } bad[] = {
        { "not a key file", CX_E_PARSE, "not a key file" },
        { "[other]\na=1\n", CX_E_PARSE, "no [labels]" },
        { "[labels]\na=1\n[extra]\nb=2\n", CX_E_PARSE, "unknown group [extra]" },
        { "[labels]\nGood=five\n", CX_E_PARSE, "'five' is not a number" },
        { "[labels]\nLoved it=4\n", CX_E_MISMATCH, "maps to 5" },
        { "[cells]\nscales=stars\n", CX_E_PARSE, "unknown scale 'stars'" },
        { "[cells]\ncolour=red\n", CX_E_PARSE, "unknown key 'colour'" },
        { "[cells]\ndecimal=;\n", CX_E_PARSE, "decimal" },
        /* Lists are unescaped by the library (fuzz-rules: GLib's list reader set its GError
         * twice on an invalid escape with a trailing backslash, printed a GLib warning and
         * dropped the whole list without an error). */
        { "[cells]\nmissing=x\\q;y\\\n", CX_E_PARSE,
          "[cells] invalid escape sequence \\q in the value of missing" },
        { "[cells]\nscales=csat\\\n", CX_E_PARSE, "scales ends with a lone backslash" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        int st = cx_cell_rules_load_labels(rules, bad[i].text, strlen(bad[i].text));
        ck_assert_msg(st == bad[i].status, "'%s': expected %d, got %d", bad[i].text,
                      bad[i].status, st);
        ck_assert_msg(strstr(cx_cell_rules_error_message(rules), bad[i].message) != NULL,
                      "'%s': expected a message with '%s', got '%s'", bad[i].text,
                      bad[i].message, cx_cell_rules_error_message(rules));
    }
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(platform_dates_read_with_their_zones)
{
    static const struct {
        const char *text;
        int kind;
        double seconds;
    } cases[] = {
        { "2026/01/05 1:00:00 PM GMT+2", CX_CELL_NUMBER, 1767610800 },
        { "2026/01/05 12:00:00 AM GMT-03:30", CX_CELL_NUMBER, 1767583800 },
        { "2026/01/05 12:00:00 PM", CX_CELL_NUMBER, 1767614400 },
        { "01/05/2026 10:00:00 AM", CX_CELL_NUMBER, 1767607200 },
        { "12/31/2025 12:30 AM", CX_CELL_NUMBER, 1767141000 },
        { "1/5/2026 13:00", CX_CELL_NUMBER, 1767618000 },
        { "2026-03", CX_CELL_NUMBER, 1772323200 },
        { "2026-Q3", CX_CELL_NUMBER, 1782864000 },
        { "2026-01-05T13:00:00+02:00", CX_CELL_NUMBER, 1767610800 },
        { "2024-02-29 12:00", CX_CELL_NUMBER, 1709208000 },
        { "#N/A", CX_CELL_MISSING, 0 },
        { "2026-Q5", CX_CELL_NOT_A_NUMBER, 0 },
        { "2026-13", CX_CELL_NOT_A_NUMBER, 0 },
        { "02/30/2026", CX_CELL_NOT_A_NUMBER, 0 },
        { "2026/01/05 13:00:00 PM", CX_CELL_NOT_A_NUMBER, 0 },
        { "2026/01/05 1:00:00 PM GMT+24", CX_CELL_NOT_A_NUMBER, 0 },
        { "yesterday", CX_CELL_NOT_A_NUMBER, 0 },
    };
    CxCellRules *rules = rules_new();
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        double t = -1;
        int kind = cx_cell_rules_parse_time(rules, cases[i].text, strlen(cases[i].text), &t);
        ck_assert_msg(kind == cases[i].kind, "'%s': expected kind %d, got %d", cases[i].text,
                      cases[i].kind, kind);
        if (kind == CX_CELL_NUMBER)
            ck_assert_msg(t == cases[i].seconds, "'%s': expected %.0f, got %.0f",
                          cases[i].text, cases[i].seconds, t);
    }
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(a_date_format_is_the_only_form_read)
{
    CxCellRules *rules = rules_new();
    ck_assert_int_eq(cx_cell_rules_set_date_format(rules, "%d.%m.%Y %H:%M"), CX_OK);
    double t = 0;
    ck_assert_int_eq(cx_cell_rules_parse_time(rules, "05.01.2026 13:00", 16, &t),
                     CX_CELL_NUMBER);
    ck_assert_msg(t == 1767618000, "expected 1767618000, got %.0f", t);
    ck_assert_int_eq(cx_cell_rules_parse_time(rules, "2026-01-05", 10, &t),
                     CX_CELL_NOT_A_NUMBER);
    ck_assert_int_eq(cx_cell_rules_set_date_format(rules, "%e %b %Y"), CX_OK);
    ck_assert_int_eq(cx_cell_rules_parse_time(rules, "5 January 2026", 14, &t), CX_CELL_NUMBER);
    ck_assert_msg(t == 1767571200, "expected 1767571200, got %.0f", t);
    ck_assert_int_eq(cx_cell_rules_parse_time(rules, "5 Jan 2026", 10, &t), CX_CELL_NUMBER);
    ck_assert_int_eq(cx_cell_rules_set_date_format(rules, "%Y-%j"), CX_E_PARSE);
    ck_assert_msg(strstr(cx_cell_rules_error_message(rules), "%j") != NULL, "message: %s",
                  cx_cell_rules_error_message(rules));
    ck_assert_int_eq(cx_cell_rules_set_date_format(rules, NULL), CX_OK);
    ck_assert_int_eq(cx_cell_rules_parse_time(rules, "2026-01-05", 10, &t), CX_CELL_NUMBER);
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(reject_reasons_have_names)
{
    ck_assert_str_eq(cx_reject_reason_name(CX_REASON_UNKNOWN_LABEL), "unknown label");
    ck_assert_str_eq(cx_reject_reason_name(CX_REASON_MALFORMED_ROW), "malformed row");
    ck_assert_str_eq(cx_reject_reason_name(CX_REASON_NONE), "");
    ck_assert_str_eq(cx_reject_reason_name(99), "unknown reason");
    ck_assert_int_eq(cx_cell_rules_new(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_parse_number(NULL, NULL, 3, NULL, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_cell_rules_parse_time(NULL, NULL, 0, NULL), CX_CELL_MISSING);
}
END_TEST

static Suite *
cell_rules_suite(void)
{
    Suite *s = suite_create("cell-rules");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, default_rules_read_labels_and_wide_missing_markers);
    tcase_add_test(tc, decimal_comma_and_custom_missing_markers);
    tcase_add_test(tc, built_in_scales_map_text_answers);
    tcase_add_test(tc, label_key_files_load_and_refuse_what_they_should);
    tcase_add_test(tc, platform_dates_read_with_their_zones);
    tcase_add_test(tc, a_date_format_is_the_only_form_read);
    tcase_add_test(tc, reject_reasons_have_names);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(cell_rules_suite());
}
