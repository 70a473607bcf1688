/* SPDX-License-Identifier: MIT */
/* Reading real exports (cx-reader.h 0.2, lib/read/): encodings, header rows and profiles,
 * columns by question text, option columns, cells read by rules as rows are handed out, and the
 * rejects channel. Expected values are written out by hand from the inputs below. */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "test-common.h"

typedef struct {
    GString *log; /* "line:column:value:reason\n" per reject */
} Rejects;

static void
on_reject(void *user_data, uint64_t line, size_t column, const char *value, size_t len,
          int reason)
{
    Rejects *r = user_data;
    g_string_append_printf(r->log, "%" G_GUINT64_FORMAT ":%ld:%.*s:%s\n", line,
                           column == SIZE_MAX ? -1L : (long)column, (int)len, value,
                           cx_reject_reason_name(reason));
}

static CxReader *
open_mem(const char *data, size_t len, CxReadOptions *o, int expect)
{
    CxReader *r = NULL;
    int st = cx_reader_open_memory_with(data, len, o, &r);
    ck_assert_msg(st == expect, "open: expected %s, got %s (%s)", cx_status_name(expect),
                  cx_status_name(st), cx_reader_error_message(r));
    return r;
}

static CxReadOptions *
options(void)
{
    CxReadOptions *o = NULL;
    ck_assert_int_eq(cx_read_options_new(&o), CX_OK);
    return o;
}

static void
assert_field(CxReader *r, size_t col, const char *expected)
{
    const char *text;
    size_t len;
    ck_assert_int_eq(cx_reader_field(r, col, &text, &len), CX_OK);
    ck_assert_msg(len == strlen(expected) && memcmp(text, expected, len) == 0,
                  "column %zu: expected '%s', got '%.*s'", col, expected, (int)len, text);
}

START_TEST(utf16_with_a_byte_order_mark_is_decoded_and_tab_separated)
{
    /* "name\tscore\r\nTéléphone\t9\r\n" in UTF-16LE after FF FE */
    const char *utf8 = "name\tscore\r\nT\xC3\xA9l\xC3\xA9phone\t9\r\n";
    gsize n16 = 0;
    gchar *le = g_convert(utf8, -1, "UTF-16LE", "UTF-8", NULL, &n16, NULL);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)"\xFF\xFE", 2);
    g_byte_array_append(b, (const guint8 *)le, (guint)n16);
    CxReader *r = open_mem((const char *)b->data, b->len, NULL, CX_OK);
    ck_assert_str_eq(cx_reader_encoding(r), "UTF-16LE");
    ck_assert_uint_eq(cx_reader_column_count(r), 2);
    ck_assert_str_eq(cx_reader_column_name(r, 1), "score");
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 0, "T\xC3\xA9l\xC3\xA9phone");
    assert_field(r, 1, "9");
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    cx_reader_free(r);
    g_byte_array_free(b, TRUE);
    g_free(le);
}
END_TEST

START_TEST(windows_1252_semicolons_and_decimal_commas_through_the_excel_profile)
{
    /* "canal;score;poids\nT\xE9l\xE9phone;9;0,53\n": Excel's "CSV (semicolon)" in Windows-1252 */
    static const char data[] = "canal;score;poids\nT\xE9l\xE9phone;9;0,53\nWeb;10 - Tr\xE8s probable;1\n";
    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_profile(o, "excel"), CX_OK);
    ck_assert_int_eq(cx_read_options_set_encoding(o, "WINDOWS-1252"), CX_OK);
    CxReader *r = open_mem(data, sizeof data - 1, o, CX_OK);
    ck_assert_str_eq(cx_reader_profile(r), "excel");
    ck_assert_uint_eq(cx_reader_column_count(r), 3);
    CxCellRules *rules = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&rules), CX_OK);
    ck_assert_int_eq(cx_cell_rules_set_decimal(rules, ','), CX_OK);
    ck_assert_int_eq(cx_reader_set_number_column(r, 1, rules, 0, 10, 1), CX_OK);
    ck_assert_int_eq(cx_reader_set_number_column(r, 2, rules, 0, HUGE_VAL, 0), CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 0, "T\xC3\xA9l\xC3\xA9phone");
    assert_field(r, 2, "0.53");
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 1, "10");
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    cx_reader_free(r);
    cx_cell_rules_free(rules);
    cx_read_options_free(o);
}
END_TEST

START_TEST(invalid_utf8_stops_with_line_and_offset_or_is_replaced)
{
    static const char data[] = "a,b\n1,2\n3,T\xE9l\n5,6\n";
    CxReader *r = open_mem(data, sizeof data - 1, NULL, CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_next(r), CX_E_IO);
    ck_assert_str_eq(cx_reader_error_message(r),
                     "line 3: byte offset 11: byte 0xE9 is not valid UTF-8 (give the file's "
                     "encoding, e.g. WINDOWS-1252, or have such bytes replaced)");
    ck_assert_uint_eq(cx_reader_error_line(r), 3);
    cx_reader_free(r);

    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_encoding_errors(o, 1), CX_OK);
    r = open_mem(data, sizeof data - 1, o, CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 1, "T\xEF\xBF\xBDl");
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    ck_assert_uint_eq(cx_reader_replaced_count(r), 1);
    cx_reader_free(r);
    cx_read_options_free(o);
}
END_TEST

/* Hands out one byte per call: sequences cut anywhere. */
typedef struct {
    const char *data;
    size_t len, pos;
} Trickle;

static int64_t
trickle(void *user_data, char *buf, size_t capacity)
{
    Trickle *t = user_data;
    if (t->pos == t->len || capacity == 0)
        return 0;
    buf[0] = t->data[t->pos++];
    return 1;
}

START_TEST(decoding_streams_across_any_split)
{
    const char *utf8 = "q,w\n\xE2\x80\x93 x,\xF0\x9F\x99\x82\n";
    gsize n16 = 0;
    gchar *be = g_convert(utf8, -1, "UTF-16BE", "UTF-8", NULL, &n16, NULL);
    GByteArray *b = g_byte_array_new();
    g_byte_array_append(b, (const guint8 *)"\xFE\xFF", 2);
    g_byte_array_append(b, (const guint8 *)be, (guint)n16);
    const char *inputs[] = { utf8, (const char *)b->data };
    size_t lens[] = { strlen(utf8), b->len };
    for (int k = 0; k < 2; k++) {
        Trickle t = { inputs[k], lens[k], 0 };
        CxReadOptions *o = options();
        ck_assert_int_eq(cx_read_options_set_delimiter(o, ','), CX_OK);
        CxReader *r = NULL;
        ck_assert_int_eq(cx_reader_open_callback_with(trickle, &t, o, &r), CX_OK);
        ck_assert_int_eq(cx_reader_next(r), CX_ROW);
        assert_field(r, 0, "\xE2\x80\x93 x");
        assert_field(r, 1, "\xF0\x9F\x99\x82");
        ck_assert_int_eq(cx_reader_next(r), CX_DONE);
        cx_reader_free(r);
        cx_read_options_free(o);
    }
    g_byte_array_free(b, TRUE);
    g_free(be);
}
END_TEST

/* Hands out at most 64 KiB at a time, as much as the reader asks for. */
static int64_t
in_pieces(void *user_data, char *buf, size_t capacity)
{
    Trickle *t = user_data;
    size_t n = MIN(MIN(capacity, (size_t)65536), t->len - t->pos);
    memcpy(buf, t->data + t->pos, n);
    t->pos += n;
    return (int64_t)n;
}

/* A reader opened with options on a buffer decodes it through blocks sized to the buffer (issue
 * 21: small buffers no longer take 2 MiB). A Windows-1252 buffer of 180 KiB whose text doubles in
 * UTF-8, with a 30 000-byte record, is read in several blocks; every cell equals what a callback
 * reader (64 KiB reads) hands out, and the counts are those written. */
START_TEST(memory_buffers_decode_through_blocks_sized_to_them)
{
    GString *in = g_string_new("id,text\n");
    const size_t rows = 3000;
    for (size_t i = 0; i < rows; i++) {
        g_string_append_printf(in, "%zu,", i);
        const size_t n = i == rows / 2 ? 15000 : 50 + i % 17;
        for (size_t k = 0; k < n; k++)
            g_string_append_c(in, (char)(k % 2 ? 0xE9 : 0x80)); /* é, € */
        g_string_append_c(in, '\n');
    }
    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_encoding(o, "WINDOWS-1252"), CX_OK);
    CxReader *a = open_mem(in->str, in->len, o, CX_OK), *b = NULL;
    Trickle t = { in->str, in->len, 0 };
    ck_assert_int_eq(cx_reader_open_callback_with(in_pieces, &t, o, &b), CX_OK);
    size_t n = 0, long_len = 0;
    int sa, sb;
    while ((sa = cx_reader_next(a)) == CX_ROW) {
        sb = cx_reader_next(b);
        ck_assert_int_eq(sb, CX_ROW);
        for (size_t c = 0; c < 2; c++) {
            const char *ta, *tb;
            size_t la, lb;
            ck_assert_int_eq(cx_reader_field(a, c, &ta, &la), CX_OK);
            ck_assert_int_eq(cx_reader_field(b, c, &tb, &lb), CX_OK);
            ck_assert_msg(la == lb && memcmp(ta, tb, la) == 0,
                          "row %zu column %zu: %zu bytes from memory, %zu from the callback", n,
                          c, la, lb);
            if (c == 1 && n == rows / 2)
                long_len = la;
            if (c == 1)
                ck_assert_msg(g_str_has_prefix(ta, "\xE2\x82\xAC\xC3\xA9"),
                              "row %zu: '%.8s'", n, ta);
        }
        n++;
    }
    ck_assert_int_eq(sa, CX_DONE);
    ck_assert_int_eq(cx_reader_next(b), CX_DONE);
    ck_assert_uint_eq(n, rows);
    ck_assert_uint_eq(long_len, 7500 * 3 + 7500 * 2); /* € is 3 bytes in UTF-8, é 2 */
    cx_reader_free(a);
    cx_reader_free(b);
    cx_read_options_free(o);
    g_string_free(in, TRUE);
}
END_TEST

static const char qualtrics[] =
    "StartDate,EndDate,ResponseId,Q1,Q2,Q3\n"
    "Start Date,End Date,Response ID,How likely are you to recommend us to a friend?,"
    "How satisfied are you?,How likely are you to buy again?\n"
    "{\"ImportId\":\"startDate\"},{\"ImportId\":\"endDate\"},{\"ImportId\":\"_recordId\"},"
    "{\"ImportId\":\"QID1\"},{\"ImportId\":\"QID2\"},{\"ImportId\":\"QID3\"}\n"
    "2026-01-05 10:00:00,2026-01-05 10:03:00,R_1,10 - Extremely likely,Very satisfied,9\n"
    "2026-01-05 11:00:00,2026-01-05 11:03:00,R_2,6,Very happy,8\n"
    "2026-01-05 12:00:00,2026-01-05 12:03:00,R_3,#N/A,Satisfied,7\n"
    "2026-01-05 12:30:00,2026-01-05 12:33:00,R_4,11,Satisfied\n"
    "2026-01-05 13:00:00,2026-01-05 13:03:00,R_5,0 = Not at all likely,,7\n";

START_TEST(qualtrics_header_rows_are_detected_and_searched)
{
    CxReader *r = open_mem(qualtrics, sizeof qualtrics - 1, NULL, CX_OK);
    ck_assert_str_eq(cx_reader_profile(r), "qualtrics");
    ck_assert_uint_eq(cx_reader_header_row_count(r), 3);
    ck_assert_str_eq(cx_reader_header_cell(r, 1, 4), "How satisfied are you?");
    size_t col = 99;
    ck_assert_int_eq(cx_reader_find_column(r, "Q1", &col), CX_OK);
    ck_assert_uint_eq(col, 3);
    ck_assert_int_eq(cx_reader_find_column(r, "RECOMMEND", &col), CX_OK);
    ck_assert_uint_eq(col, 3);
    ck_assert_int_eq(cx_reader_find_column(r, "how likely", &col), CX_E_COLUMN_DUPLICATE);
    ck_assert_msg(strstr(cx_reader_error_message(r), "'Q1' (How likely are you to recommend") &&
                      strstr(cx_reader_error_message(r), "'Q3'"),
                  "message: %s", cx_reader_error_message(r));
    /* "Date" is in the metadata columns' texts only: not searched. */
    ck_assert_int_eq(cx_reader_find_column(r, "date", &col), CX_E_COLUMN_NOT_FOUND);

    CxCellRules *rules = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&rules), CX_OK);
    ck_assert_int_eq(cx_cell_rules_add_scale(rules, "csat"), CX_OK);
    Rejects rej = { g_string_new(NULL) };
    ck_assert_int_eq(cx_reader_set_reject_func(r, on_reject, &rej), CX_OK);
    ck_assert_int_eq(cx_reader_set_number_column(r, 3, rules, 0, 10, 1), CX_OK);
    ck_assert_int_eq(cx_reader_set_number_column(r, 4, rules, 1, 5, 1), CX_OK);
    ck_assert_int_eq(cx_reader_set_time_column(r, 0, rules), CX_OK);
    size_t cols[] = { 3, 4, 0 };
    const char *text[3 * 8];
    size_t len[3 * 8], rows = 0;
    GString *seen = g_string_new(NULL);
    int st;
    while ((st = cx_reader_next_batch(r, cols, 3, 8, text, len, &rows)) != CX_DONE) {
        if (st != CX_ROW)
            continue;
        for (size_t j = 0; j < rows; j++)
            g_string_append_printf(seen, "%.*s|%.*s\n", (int)len[3 * j], text[3 * j],
                                   (int)len[3 * j + 1], text[3 * j + 1]);
    }
    ck_assert_str_eq(seen->str, "10|5\n6|Very happy\n|4\n0|\n");
    ck_assert_str_eq(rej.log->str, "5:4:Very happy:unknown label\n"
                                   "7:-1:line 7: 5 fields, expected 6:malformed row\n");
    uint64_t valid, missing, rejected;
    ck_assert_int_eq(cx_reader_column_counts(r, 3, &valid, &missing, &rejected), CX_OK);
    ck_assert_uint_eq(valid, 3);
    ck_assert_uint_eq(missing, 1);
    ck_assert_uint_eq(rejected, 0);
    ck_assert_int_eq(cx_reader_column_counts(r, 4, &valid, &missing, &rejected), CX_OK);
    ck_assert_uint_eq(valid + missing + rejected, cx_reader_row_count(r));
    ck_assert_uint_eq(rejected, 1);
    ck_assert_uint_eq(cx_reader_malformed_count(r), 1);
    ck_assert_int_eq(cx_reader_column_counts(r, 5, NULL, NULL, NULL), CX_E_INVALID_ARGUMENT);
    g_string_free(seen, TRUE);
    g_string_free(rej.log, TRUE);
    cx_reader_free(r);
    cx_cell_rules_free(rules);
}
END_TEST

START_TEST(out_of_range_and_fractions_are_rejected_with_their_line)
{
    static const char data[] = "id,score\na,11\nb,7.5\nc,\"9\"\nd,10 (Extremely likely)\n";
    CxReader *r = open_mem(data, sizeof data - 1, NULL, CX_OK);
    Rejects rej = { g_string_new(NULL) };
    cx_reader_set_reject_func(r, on_reject, &rej);
    ck_assert_int_eq(cx_reader_set_number_column(r, 1, NULL, 0, 10, 1), CX_OK);
    while (cx_reader_next(r) != CX_DONE)
        ;
    ck_assert_str_eq(rej.log->str, "2:1:11:out of range\n3:1:7.5:not a whole number\n");
    uint64_t valid;
    cx_reader_column_counts(r, 1, &valid, NULL, NULL);
    ck_assert_uint_eq(valid, 2);
    g_string_free(rej.log, TRUE);
    cx_reader_free(r);
}
END_TEST

START_TEST(a_profile_that_does_not_match_says_expected_and_found)
{
    static const char data[] = "id,score\n1,9\n";
    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_profile(o, "qualtrics"), CX_OK);
    CxReader *r = open_mem(data, sizeof data - 1, o, CX_E_MISMATCH);
    ck_assert_str_eq(cx_reader_error_message(r),
                     "the header does not match the Qualtrics profile: expected the columns "
                     "'StartDate', 'EndDate', 'ResponseId'; found 'id', 'score'");
    cx_reader_free(r);
    ck_assert_int_eq(cx_read_options_set_profile(o, "excel"), CX_OK);
    r = open_mem(data, sizeof data - 1, o, CX_E_MISMATCH);
    ck_assert_msg(strstr(cx_reader_error_message(r), "expected fields separated by ';'"),
                  "message: %s", cx_reader_error_message(r));
    cx_reader_free(r);
    /* Qualtrics columns without the import-id row */
    static const char two[] = "StartDate,EndDate,ResponseId,Q1\nS,E,R,Q\n2026,2026,R_1,9\n";
    ck_assert_int_eq(cx_read_options_set_profile(o, "auto"), CX_OK);
    r = open_mem(two, sizeof two - 1, o, CX_E_MISMATCH);
    ck_assert_msg(strstr(cx_reader_error_message(r), "third header row of import ids"),
                  "message: %s", cx_reader_error_message(r));
    cx_reader_free(r);
    /* ... which --header-rows 2 and profile none read */
    ck_assert_int_eq(cx_read_options_set_profile(o, "none"), CX_OK);
    ck_assert_int_eq(cx_read_options_set_header_rows(o, 2), CX_OK);
    r = open_mem(two, sizeof two - 1, o, CX_OK);
    ck_assert_str_eq(cx_reader_profile(r), "");
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 3, "9");
    cx_reader_free(r);
    cx_read_options_free(o);
}
END_TEST

START_TEST(surveymonkey_option_columns_read_as_one)
{
    static const char data[] =
        "Respondent ID,Collector ID,Start Date,End Date,Which region are you in?,,,"
        "How likely is it that you would recommend us?\n"
        ",,,,North,South,West,Response\n"
        "1001,42,01/05/2026 10:00:00 AM,01/05/2026 10:05:00 AM,North,,,9\n"
        "1002,42,01/05/2026 11:00:00 AM,01/05/2026 11:05:00 AM,,South,,3\n"
        "1003,42,01/05/2026 12:00:00 PM,01/05/2026 12:05:00 PM,,,,10\n"
        "1004,42,01/05/2026 01:00:00 PM,01/05/2026 01:05:00 PM,North,,West,7\n";
    CxReader *r = open_mem(data, sizeof data - 1, NULL, CX_OK);
    ck_assert_str_eq(cx_reader_profile(r), "surveymonkey");
    size_t region;
    ck_assert_int_eq(cx_reader_find_column(r, "region", &region), CX_OK);
    ck_assert_uint_eq(region, 4);
    ck_assert_int_eq(cx_reader_find_column(r, "south", &region), CX_OK); /* an option: its group */
    ck_assert_uint_eq(region, 4);
    ck_assert_uint_eq(cx_reader_choice_span(r, 4), 3);
    ck_assert_uint_eq(cx_reader_choice_span(r, 7), 1);
    Rejects rej = { g_string_new(NULL) };
    cx_reader_set_reject_func(r, on_reject, &rej);
    ck_assert_int_eq(cx_reader_set_choice_column(r, 4, 3), CX_OK);
    ck_assert_int_eq(cx_reader_set_time_column(r, 2, NULL), CX_OK);
    size_t cols[] = { 4, 7, 2 };
    const char *text[3 * 4];
    size_t len[3 * 4], rows;
    GString *seen = g_string_new(NULL);
    while (cx_reader_next_batch(r, cols, 3, 4, text, len, &rows) == CX_ROW) {
        ck_assert_uint_eq(rows, 1);
        g_string_append_printf(seen, "%.*s|%.*s|%.*s\n", (int)len[0], text[0], (int)len[1],
                               text[1], (int)len[2], text[2]);
    }
    ck_assert_str_eq(seen->str, "North|9|2026-01-05T10:00:00Z\nSouth|3|2026-01-05T11:00:00Z\n"
                                "|10|2026-01-05T12:00:00Z\n|7|2026-01-05T13:00:00Z\n");
    ck_assert_str_eq(rej.log->str, "6:4:North:several choices\n");
    g_string_free(seen, TRUE);
    g_string_free(rej.log, TRUE);
    cx_reader_free(r);
}
END_TEST

START_TEST(rows_above_the_header_are_skipped)
{
    static const char data[] = "Survey export\nGenerated 2026-01-05\nid,score\n1,9\n";
    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_skip_rows(o, 2), CX_OK);
    CxReader *r = open_mem(data, sizeof data - 1, o, CX_OK);
    ck_assert_str_eq(cx_reader_column_name(r, 1), "score");
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_uint_eq(cx_reader_line(r), 4);
    ck_assert_int_eq(cx_reader_set_delimiter(r, ';'), CX_E_INVALID_ARGUMENT);
    cx_reader_free(r);
    ck_assert_int_eq(cx_read_options_set_skip_rows(o, 5), CX_OK);
    r = open_mem(data, sizeof data - 1, o, CX_E_NO_HEADER);
    cx_reader_free(r);
    ck_assert_int_eq(cx_read_options_set_skip_rows(o, 2), CX_OK);
    ck_assert_int_eq(cx_read_options_set_header_rows(o, 9), CX_OK);
    r = open_mem(data, sizeof data - 1, o, CX_E_NO_HEADER);
    ck_assert_msg(strstr(cx_reader_error_message(r), "9 header rows expected"), "message: %s",
                  cx_reader_error_message(r));
    cx_reader_free(r);
    cx_read_options_free(o);
}
END_TEST

/* Issue 21: cx_read_options_set_delimiter() took NUL, which cx_reader_set_delimiter() refuses;
 * one rule now serves both, and a refused byte leaves the options as they were. */
START_TEST(both_delimiter_setters_refuse_the_same_bytes)
{
    static const char data[] = "a;b,c\n1;2,3\n";
    const char refused[] = { '\0', '"', '\n', '\r' };
    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_delimiter(o, ';'), CX_OK);
    for (size_t i = 0; i < sizeof refused; i++) {
        CxReader *r = NULL;
        ck_assert_int_eq(cx_reader_open_memory(data, sizeof data - 1, &r), CX_OK);
        ck_assert_msg(cx_reader_set_delimiter(r, refused[i]) == CX_E_INVALID_ARGUMENT,
                      "cx_reader_set_delimiter(0x%02x): expected CX_E_INVALID_ARGUMENT", refused[i]);
        cx_reader_free(r);
        ck_assert_msg(cx_read_options_set_delimiter(o, refused[i]) == CX_E_INVALID_ARGUMENT,
                      "cx_read_options_set_delimiter(0x%02x): expected CX_E_INVALID_ARGUMENT",
                      refused[i]);
    }
    /* Still ';': "a;b,c" is two columns, "a" and "b,c". */
    CxReader *r = open_mem(data, sizeof data - 1, o, CX_OK);
    ck_assert_uint_eq(cx_reader_column_count(r), 2);
    ck_assert_str_eq(cx_reader_column_name(r, 1), "b,c");
    cx_reader_free(r);
    cx_read_options_free(o);
}
END_TEST

/* A Microsoft Forms quiz export adds Total points and Quiz feedback after the metadata block;
 * they are metadata, so a piece of question text ("points") finds the question alone. */
START_TEST(microsoft_forms_quiz_columns_are_metadata)
{
    static const char data[] = "ID,Start time,Completion time,Email,Name,Total points,"
                               "Quiz feedback,How many points would you give us?\n"
                               "1,1/5/2026 13:00,1/5/2026 13:02,anonymous,,0,,9\n";
    CxReader *r = open_mem(data, sizeof data - 1, NULL, CX_OK);
    ck_assert_str_eq(cx_reader_profile(r), "microsoft-forms");
    size_t col = 99;
    ck_assert_int_eq(cx_reader_find_column(r, "points", &col), CX_OK);
    ck_assert_uint_eq(col, 7);
    ck_assert_int_eq(cx_reader_find_column(r, "feedback", &col), CX_E_COLUMN_NOT_FOUND);
    cx_reader_free(r);
}
END_TEST

/* A profile reads its platform's timestamps by the platform's format alone: a Google Forms
 * export's "2026/03/01 12:30:00 AM GMT+2" is 2026-02-28T22:30:00Z; a month-first date, which
 * Google Forms never writes, is not guessed but rejected; ISO 8601 is always read; a format on
 * the rules (--date-format) wins over the profile's. Without a profile the built-in forms read
 * the month-first date (cx-cell.h). */
START_TEST(a_profile_reads_its_platforms_timestamps)
{
    static const char data[] = "Timestamp,How likely?\n"
                               "2026/03/01 12:30:00 AM GMT+2,9\n"
                               "03/01/2026 10:00:00 AM,8\n"
                               "2026-03-01T10:00:00Z,7\n"
                               "01.03.2026,6\n";
    static const char *const want[] = { "2026-02-28T22:30:00Z", "03/01/2026 10:00:00 AM",
                                        "2026-03-01T10:00:00Z", "01.03.2026" };
    CxReader *r = open_mem(data, sizeof data - 1, NULL, CX_OK);
    ck_assert_str_eq(cx_reader_profile(r), "google-forms");
    Rejects rej = { g_string_new(NULL) };
    cx_reader_set_reject_func(r, on_reject, &rej);
    ck_assert_int_eq(cx_reader_set_time_column(r, 0, NULL), CX_OK);
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        ck_assert_int_eq(cx_reader_next(r), CX_ROW);
        assert_field(r, 0, want[i]);
    }
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    ck_assert_str_eq(rej.log->str, "3:0:03/01/2026 10:00:00 AM:not a date\n"
                                   "5:0:01.03.2026:not a date\n");
    cx_reader_free(r);
    g_string_truncate(rej.log, 0);

    /* The rules' format wins; without a profile, the built-in month-first form. */
    CxCellRules *rules = NULL;
    ck_assert_int_eq(cx_cell_rules_new(&rules), CX_OK);
    ck_assert_int_eq(cx_cell_rules_set_date_format(rules, "%d.%m.%Y"), CX_OK);
    r = open_mem(data, sizeof data - 1, NULL, CX_OK);
    cx_reader_set_reject_func(r, on_reject, &rej);
    ck_assert_int_eq(cx_reader_set_time_column(r, 0, rules), CX_OK);
    for (int i = 0; i < 4; i++)
        ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 0, "2026-03-01T00:00:00Z");
    cx_reader_free(r);
    CxReadOptions *o = options();
    ck_assert_int_eq(cx_read_options_set_profile(o, "none"), CX_OK);
    r = open_mem(data, sizeof data - 1, o, CX_OK);
    ck_assert_int_eq(cx_reader_set_time_column(r, 0, NULL), CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    assert_field(r, 0, "2026-03-01T10:00:00Z");
    cx_reader_free(r);
    cx_read_options_free(o);
    cx_cell_rules_free(rules);
    g_string_free(rej.log, TRUE);
}
END_TEST

static Suite *
reader_exports_suite(void)
{
    Suite *s = suite_create("reader-exports");
    TCase *enc = tcase_create("encodings");
    tcase_add_test(enc, utf16_with_a_byte_order_mark_is_decoded_and_tab_separated);
    tcase_add_test(enc, windows_1252_semicolons_and_decimal_commas_through_the_excel_profile);
    tcase_add_test(enc, invalid_utf8_stops_with_line_and_offset_or_is_replaced);
    tcase_add_test(enc, decoding_streams_across_any_split);
    tcase_add_test(enc, memory_buffers_decode_through_blocks_sized_to_them);
    suite_add_tcase(s, enc);
    TCase *lay = tcase_create("layout");
    tcase_add_test(lay, qualtrics_header_rows_are_detected_and_searched);
    tcase_add_test(lay, a_profile_that_does_not_match_says_expected_and_found);
    tcase_add_test(lay, surveymonkey_option_columns_read_as_one);
    tcase_add_test(lay, rows_above_the_header_are_skipped);
    tcase_add_test(lay, both_delimiter_setters_refuse_the_same_bytes);
    tcase_add_test(lay, a_profile_reads_its_platforms_timestamps);
    tcase_add_test(lay, microsoft_forms_quiz_columns_are_metadata);
    suite_add_tcase(s, lay);
    TCase *rej = tcase_create("rejects");
    tcase_add_test(rej, out_of_range_and_fractions_are_rejected_with_their_line);
    suite_add_tcase(s, rej);
    return s;
}

int
main(void)
{
    return cx_test_run(reader_exports_suite());
}
