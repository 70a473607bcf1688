/* SPDX-License-Identifier: MIT */
/* The CSV reader (cx-reader.h). Expected values follow RFC 4180 and the header's documented
 * extensions; each case is small enough to check by eye. The cell rules: test-cell.c. */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <glib.h>
#include <unistd.h>

#include "test-common.h"

/* ---- helpers ----------------------------------------------------------------------------------- */

/* Reads everything and renders it as text, one line per row: "R line|f1|f2" for rows and
 * "M line" for malformed records, "E" for an I/O error; with the counts at the end. Two readers
 * agree exactly when their renderings do. */
static char *
render(CxReader *r)
{
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "H");
    for (size_t c = 0; c < cx_reader_column_count(r); c++)
        g_string_append_printf(out, "|%s", cx_reader_column_name(r, c));
    g_string_append_c(out, '\n');
    for (;;) {
        int st = cx_reader_next(r);
        if (st == CX_DONE)
            break;
        if (st == CX_E_MALFORMED_ROW) {
            g_string_append_printf(out, "M %llu %s\n", (unsigned long long)cx_reader_error_line(r),
                                   cx_reader_error_message(r));
            continue;
        }
        if (st != CX_ROW) {
            g_string_append_printf(out, "E %d\n", st);
            break;
        }
        g_string_append_printf(out, "R %llu", (unsigned long long)cx_reader_line(r));
        for (size_t c = 0; c < cx_reader_column_count(r); c++) {
            const char *t;
            size_t len;
            ck_assert_int_eq(cx_reader_field(r, c, &t, &len), CX_OK);
            ck_assert_uint_eq(strlen(t), len);
            g_string_append_printf(out, "|%s", t);
        }
        g_string_append_c(out, '\n');
    }
    g_string_append_printf(out, "rows %llu malformed %llu\n",
                           (unsigned long long)cx_reader_row_count(r),
                           (unsigned long long)cx_reader_malformed_count(r));
    return g_string_free(out, FALSE);
}

/* As render(), through cx_reader_next_batch() with batches of at most @max_rows, all columns; a
 * batch of one row also gives its line (a larger batch only gives the line of its last row, so
 * lines are left out then: with_lines = 0 in render_lines() for the comparison). */
static char *
render_batches(CxReader *r, size_t max_rows, int with_lines)
{
    GString *out = g_string_new(NULL);
    size_t n_cols = cx_reader_column_count(r);
    g_string_append_printf(out, "H");
    for (size_t c = 0; c < n_cols; c++)
        g_string_append_printf(out, "|%s", cx_reader_column_name(r, c));
    g_string_append_c(out, '\n');
    size_t *cols = g_new(size_t, n_cols);
    for (size_t c = 0; c < n_cols; c++)
        cols[c] = c;
    const char **text = g_new(const char *, max_rows * n_cols);
    size_t *len = g_new(size_t, max_rows * n_cols);
    for (;;) {
        size_t rows = 99;
        int st = cx_reader_next_batch(r, cols, n_cols, max_rows, text, len, &rows);
        if (st == CX_DONE) {
            ck_assert_uint_eq(rows, 0);
            break;
        }
        if (st == CX_E_MALFORMED_ROW) {
            ck_assert_uint_eq(rows, 0);
            g_string_append_printf(out, "M %llu %s\n", (unsigned long long)cx_reader_error_line(r),
                                   cx_reader_error_message(r));
            continue;
        }
        if (st != CX_ROW) {
            g_string_append_printf(out, "E %d\n", st);
            break;
        }
        ck_assert_uint_ge(rows, 1);
        ck_assert_uint_le(rows, max_rows);
        for (size_t i = 0; i < rows; i++) {
            if (with_lines && max_rows == 1)
                g_string_append_printf(out, "R %llu", (unsigned long long)cx_reader_line(r));
            else
                g_string_append_printf(out, "R");
            for (size_t c = 0; c < n_cols; c++) {
                g_string_append_c(out, '|');
                g_string_append_len(out, text[i * n_cols + c], (gssize)len[i * n_cols + c]);
            }
            g_string_append_c(out, '\n');
        }
    }
    g_string_append_printf(out, "rows %llu malformed %llu\n",
                           (unsigned long long)cx_reader_row_count(r),
                           (unsigned long long)cx_reader_malformed_count(r));
    g_free(cols);
    g_free(text);
    g_free(len);
    return g_string_free(out, FALSE);
}

/* Drops the line numbers of "R <line>" rows, for comparing with batches of many rows. */
static char *
without_row_lines(const char *rendering)
{
    GString *out = g_string_new(NULL);
    for (const char *p = rendering; *p;) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) + 1 : strlen(p);
        if (p[0] == 'R' && p[1] == ' ') {
            const char *bar = memchr(p, '|', n);
            g_string_append_c(out, 'R');
            if (bar)
                g_string_append_len(out, bar, (gssize)(n - (size_t)(bar - p)));
            else
                g_string_append_c(out, '\n');
        } else {
            g_string_append_len(out, p, (gssize)n);
        }
        p += n;
    }
    return g_string_free(out, FALSE);
}

static char *
render_memory(const char *data)
{
    CxReader *r = NULL;
    int st = cx_reader_open_memory(data, strlen(data), &r);
    ck_assert_msg(st == CX_OK, "open: %s (%s)", cx_status_name(st), cx_reader_error_message(r));
    char *s = render(r);
    cx_reader_free(r);
    return s;
}

static void
expect(const char *input, const char *expected)
{
    char *got = render_memory(input);
    ck_assert_msg(strcmp(got, expected) == 0, "input:\n%s\nexpected:\n%s\ngot:\n%s", input,
                  expected, got);
    g_free(got);
}

/* ---- records ------------------------------------------------------------------------------------ */

START_TEST(plain_rows_and_line_endings)
{
    expect("a,b\n1,2\n3,4\n", "H|a|b\nR 2|1|2\nR 3|3|4\nrows 2 malformed 0\n");
    expect("a,b\r\n1,2\r\n3,4\r\n", "H|a|b\nR 2|1|2\nR 3|3|4\nrows 2 malformed 0\n");
    expect("a,b\r1,2\r3,4", "H|a|b\nR 2|1|2\nR 3|3|4\nrows 2 malformed 0\n");
    expect("a,b\n1,2", "H|a|b\nR 2|1|2\nrows 1 malformed 0\n"); /* no final newline */
    expect("a,b\n", "H|a|b\nrows 0 malformed 0\n");              /* header only */
    expect("a,b", "H|a|b\nrows 0 malformed 0\n");
    expect("a,b\n,\n", "H|a|b\nR 2||\nrows 1 malformed 0\n");    /* blank cells */
    expect("\xEF\xBB\xBFscore\n9\n", "H|score\nR 2|9\nrows 1 malformed 0\n"); /* BOM */
}
END_TEST

START_TEST(quoted_fields)
{
    expect("name,score\n\"Smith, J\",9\n", "H|name|score\nR 2|Smith, J|9\nrows 1 malformed 0\n");
    expect("q,s\n\"He said \"\"hi\"\"\",8\n",
           "H|q|s\nR 2|He said \"hi\"|8\nrows 1 malformed 0\n");
    /* A line break inside quotes: one row; the next row's line number counts it. */
    expect("c,s\n\"two\nlines\",7\nx,8\n", "H|c|s\nR 2|two\nlines|7\nR 4|x|8\nrows 2 malformed 0\n");
    expect("c,s\r\n\"a\r\nb\",7\r\n", "H|c|s\nR 2|a\r\nb|7\nrows 1 malformed 0\n");
    expect("c,s\n\"\",1\n", "H|c|s\nR 2||1\nrows 1 malformed 0\n");
    /* A quote inside an unquoted field is literal. */
    expect("c,s\n7\",1\nab\"c,2\n", "H|c|s\nR 2|7\"|1\nR 3|ab\"c|2\nrows 2 malformed 0\n");
    expect("\"a,b\",\"c\"\n1,2\n", "H|a,b|c\nR 2|1|2\nrows 1 malformed 0\n");
}
END_TEST

START_TEST(malformed_rows_are_reported_and_never_merged)
{
    expect("a,b,c\n1,2,3\n1,2\n4,5,6\n1,2,3,4\n7,8,9\n",
           "H|a|b|c\nR 2|1|2|3\nM 3 line 3: 2 fields, expected 3\nR 4|4|5|6\n"
           "M 5 line 5: 4 fields, expected 3\nR 6|7|8|9\nrows 3 malformed 2\n");
    expect("a,b\n1,2\n\n3,4\n",
           "H|a|b\nR 2|1|2\nM 3 line 3: empty line, expected 2 fields\nR 4|3|4\n"
           "rows 2 malformed 1\n");
    /* A blank line is a row with one empty (missing) cell when there is one column. */
    expect("score\n9\n\n7\n", "H|score\nR 2|9\nR 3|\nR 4|7\nrows 3 malformed 0\n");
    expect("a,b\n\"x\"y,1\n2,3\n",
           "H|a|b\nM 2 line 2: text after the closing quote of a quoted field\nR 3|2|3\n"
           "rows 1 malformed 1\n");
    expect("a,b\n1,2\n\"open,3\n4,5\n",
           "H|a|b\nR 2|1|2\nM 3 line 3: quoted field opened on line 3 is not closed before the "
           "end of the input\nrows 1 malformed 1\n");
}
END_TEST

START_TEST(header_errors)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory("", 0, &r), CX_E_NO_HEADER);
    ck_assert_ptr_nonnull(r);
    ck_assert(strstr(cx_reader_error_message(r), "empty") != NULL);
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    cx_reader_free(r);
    ck_assert_int_eq(cx_reader_open_memory("\xEF\xBB\xBF", 3, &r), CX_E_NO_HEADER);
    cx_reader_free(r);
    ck_assert_int_eq(cx_reader_open_memory("\"a,b\n", 5, &r), CX_E_MALFORMED_ROW);
    ck_assert_int_eq(cx_reader_error_line(r), 1);
    cx_reader_free(r);
    ck_assert_int_eq(cx_reader_open_path("/nonexistent/survey.csv", &r), CX_E_IO);
    ck_assert(strstr(cx_reader_error_message(r), "/nonexistent/survey.csv") != NULL);
    ck_assert_int_eq(cx_reader_next(r), CX_E_IO);
    cx_reader_free(r);
}
END_TEST

START_TEST(columns_by_name)
{
    static const char csv[] = "id,score,channel,score\n1,9,web,3\n";
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(csv, strlen(csv), &r), CX_OK);
    size_t i = 99;
    ck_assert_uint_eq(cx_reader_column_count(r), 4);
    ck_assert_int_eq(cx_reader_column_index(r, "channel", &i), CX_OK);
    ck_assert_uint_eq(i, 2);
    ck_assert_int_eq(cx_reader_column_index(r, "Channel", &i), CX_E_COLUMN_NOT_FOUND);
    ck_assert_int_eq(cx_reader_column_index(r, "score", &i), CX_E_COLUMN_DUPLICATE);
    ck_assert_str_eq(cx_reader_column_name(r, 3), "score");
    ck_assert_ptr_null(cx_reader_column_name(r, 4));
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    double v;
    ck_assert_int_eq(cx_reader_field_number(r, 1, &v), CX_CELL_NUMBER);
    cx_assert_close(v, 9.0, 0.0);
    ck_assert_int_eq(cx_reader_field_number(r, 2, &v), CX_CELL_NOT_A_NUMBER);
    ck_assert_int_eq(cx_reader_field_number(r, 4, &v), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    const char *t;
    ck_assert_int_eq(cx_reader_field(r, 0, &t, NULL), CX_E_INVALID_ARGUMENT); /* no row now */
    ck_assert_int_eq(cx_reader_next(r), CX_DONE);
    cx_reader_free(r);
}
END_TEST

/* Issue 21 item 11: a NUL byte inside a header name ended it early, so "ch" named "ch\0an". */
START_TEST(a_nul_in_a_header_name_is_not_its_end)
{
    static const char csv[] = "id,ch\0an,ch\0\n1,web,x\n";
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(csv, sizeof csv - 1, &r), CX_OK);
    ck_assert_uint_eq(cx_reader_column_count(r), 3);
    ck_assert_str_eq(cx_reader_column_name(r, 1), "ch\xef\xbf\xbd" "an");
    ck_assert_str_eq(cx_reader_column_name(r, 2), "ch\xef\xbf\xbd");
    size_t i = 99;
    ck_assert_int_eq(cx_reader_column_index(r, "ch", &i), CX_E_COLUMN_NOT_FOUND);
    ck_assert_uint_eq(i, 99);
    ck_assert_int_eq(cx_reader_column_index(r, "ch\xef\xbf\xbd" "an", &i), CX_OK);
    ck_assert_uint_eq(i, 1);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    const char *t;
    size_t len;
    ck_assert_int_eq(cx_reader_field(r, 1, &t, &len), CX_OK);
    ck_assert_uint_eq(len, 3); /* the data is untouched */
    cx_reader_free(r);
}
END_TEST

START_TEST(max_record_size)
{
    GString *s = g_string_new("a,b\n1,2\n");
    g_string_append(s, "\"");
    for (int i = 0; i < 500; i++)
        g_string_append(s, "x,\n"); /* inside quotes: one long record over several lines */
    g_string_append(s, "\",3\n4,5\n");
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(s->str, s->len, &r), CX_OK);
    ck_assert_int_eq(cx_reader_set_max_record_size(r, 63), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_set_max_record_size(r, 100), CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_next(r), CX_E_MALFORMED_ROW);
    ck_assert(strstr(cx_reader_error_message(r), "longer than the maximum of 100") != NULL);
    ck_assert_int_eq(cx_reader_error_line(r), 3);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW); /* recovered at the record's real end */
    const char *t;
    cx_reader_field(r, 0, &t, NULL);
    ck_assert_str_eq(t, "4");
    ck_assert_uint_eq(cx_reader_line(r), 504); /* 3 + the 500 line breaks inside quotes + 1 */
    ck_assert_uint_eq(cx_reader_default_max_record_size(), 8u * 1024 * 1024);
    cx_reader_free(r);
    g_string_free(s, TRUE);
}
END_TEST

/* ---- sources and block boundaries ------------------------------------------------------------- */

static const char tricky[] = "\xEF\xBB\xBFid,comment,score\r\n"
                             "1,\"multi\r\nline, with \"\"quotes\"\"\",9\r\n"
                             "2,plain,7\n"
                             "3,short\n"
                             "4,\"\",\r"
                             "5,\"x\"y,1\r\n"
                             "\n"
                             "6,\"last\",10";

typedef struct {
    const char *data;
    size_t len, pos, block;
} Chunks;

static long
chunked_read(void *user, char *buf, size_t cap)
{
    Chunks *c = user;
    size_t n = c->len - c->pos;
    if (n > c->block)
        n = c->block;
    if (n > cap)
        n = cap;
    memcpy(buf, c->data + c->pos, n);
    c->pos += n;
    return (long)n;
}

START_TEST(any_block_split_gives_the_same_rows)
{
    char *whole = render_memory(tricky);
    ck_assert(strstr(whole, "R 2|1|multi\r\nline, with \"quotes\"|9") != NULL);
    ck_assert(strstr(whole, "rows 4 malformed 3") != NULL);
    size_t len = strlen(tricky);
    for (size_t block = 1; block <= len; block++) {
        Chunks c = { tricky, len, 0, block };
        CxReader *r = NULL;
        ck_assert_int_eq(cx_reader_open_callback(chunked_read, &c, &r), CX_OK);
        char *got = render(r);
        ck_assert_msg(strcmp(got, whole) == 0, "block size %zu:\n%s\nvs one block:\n%s", block,
                      got, whole);
        g_free(got);
        cx_reader_free(r);
    }
    g_free(whole);
}
END_TEST

/* A random export of about @target bytes, three columns, mixing plain rows with what sends a
 * record to the general parser: quoted fields (with delimiters, doubled quotes, CR and LF), a
 * literal quote in an unquoted field, text after a closing quote, CRLF, lone CR, blank lines,
 * ragged rows; optionally without a final line break. */
static char *
random_export(guint32 seed, size_t target, int final_newline)
{
    GRand *rng = g_rand_new_with_seed(seed);
    GString *out = g_string_new("id,channel,score\n");
    static const char *const plain[] = { "web", "app", "", "N/A", "store", "10", "7", "phone" };
    static const char *const odd[] = { "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"",
                                       "\"cr\r\nlf\"", "7\"", "\"x\"y", "\"\"", "\"open" };
    static const char *const ends[] = { "\n", "\n", "\n", "\r\n", "\r\n", "\r" };
    while (out->len < target) {
        int kind = g_rand_int_range(rng, 0, 100);
        if (kind < 2) {
            g_string_append(out, "\n"); /* blank line */
            continue;
        }
        int fields = kind < 5 ? g_rand_int_range(rng, 1, 5) : 3; /* ragged rows */
        for (int f = 0; f < fields; f++) {
            if (f)
                g_string_append_c(out, ',');
            if (g_rand_int_range(rng, 0, 100) < 3 && kind != 50)
                g_string_append(out, odd[g_rand_int_range(rng, 0, 7)]);
            else
                g_string_append(out, plain[g_rand_int_range(rng, 0, 8)]);
        }
        g_string_append(out, ends[g_rand_int_range(rng, 0, 100) < 95 ? g_rand_int_range(rng, 0, 3)
                                                                     : g_rand_int_range(rng, 3, 6)]);
    }
    if (g_rand_int_range(rng, 0, 2))
        g_string_append(out, odd[7]); /* an unterminated quote at the end, sometimes */
    if (!final_newline)
        g_string_append(out, "9,web,9");
    g_rand_free(rng);
    return g_string_free(out, FALSE);
}

static void
check_batches_match(const char *data, size_t len, const char *what)
{
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(data, len, &r), CX_OK);
    char *want = render(r);
    cx_reader_free(r);
    char *want_no_lines = without_row_lines(want);
    const size_t batch_sizes[] = { 1, 2, 7, 1000, 100000 };
    const size_t blocks[] = { 0, 1, 3, 64, 4093, 65536, 65537 };
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        for (size_t k = 0; k < sizeof batch_sizes / sizeof batch_sizes[0]; k++) {
            /* Tiny reads are slow, large inputs too under valgrind: a few combinations each. */
            if (blocks[b] > 0 && blocks[b] < 64 && (batch_sizes[k] > 2 || len > 20000))
                continue;
            if (len > 20000 && (batch_sizes[k] == 2 || batch_sizes[k] == 7 || blocks[b] == 64 ||
                                blocks[b] == 65536))
                continue;
            Chunks c = { data, len, 0, blocks[b] };
            r = NULL;
            if (blocks[b] == 0)
                ck_assert_int_eq(cx_reader_open_memory(data, len, &r), CX_OK);
            else
                ck_assert_int_eq(cx_reader_open_callback(chunked_read, &c, &r), CX_OK);
            char *got = render_batches(r, batch_sizes[k], 1);
            const char *expected = batch_sizes[k] == 1 ? want : want_no_lines;
            if (strcmp(got, expected) != 0) {
                size_t i = 0;
                while (got[i] && got[i] == expected[i])
                    i++;
                size_t from = i > 200 ? i - 200 : 0;
                ck_abort_msg("%s, read block %zu, batches of %zu: first difference at byte %zu:\n"
                             "expected ...%.300s\ngot      ...%.300s",
                             what, blocks[b], batch_sizes[k], i, expected + from, got + from);
            }
            g_free(got);
            cx_reader_free(r);
        }
    }
    g_free(want);
    g_free(want_no_lines);
}

START_TEST(batches_equal_records_on_the_tricky_file)
{
    check_batches_match(tricky, strlen(tricky), "tricky");
    /* Each prefix: a record cut anywhere, including inside a CRLF or a quoted field. */
    for (size_t n = 0; n <= strlen(tricky); n++) {
        CxReader *r = NULL;
        int st = cx_reader_open_memory(tricky, n, &r);
        cx_reader_free(r);
        if (st == CX_OK)
            check_batches_match(tricky, n, "tricky prefix");
    }
}
END_TEST

START_TEST(batches_equal_records_on_random_exports)
{
    /* One of 140 KB (three index windows of 64 KiB) and smaller ones; with small reads, thousands of
     * read boundaries, so quotes, CR, LF and delimiters fall on every kind of boundary. */
    for (guint32 seed = 1; seed <= 6; seed++) {
        char *data = random_export(seed, seed == 1 ? 140000 : 15000, seed % 2);
        char what[64];
        g_snprintf(what, sizeof what, "random export %u", seed);
        check_batches_match(data, strlen(data), what);
        g_free(data);
    }
}
END_TEST

START_TEST(batches_of_chosen_columns_and_mixed_calls)
{
    const char data[] = "a,b,c\n1,2,3\n4,\"5\",6\r\n7,8,9\nx,y\n10,11,12";
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(data, strlen(data), &r), CX_OK);
    const size_t cols[] = { 2, 0, 2 };
    const char *text[6];
    size_t len[6], rows = 0;
    ck_assert_int_eq(cx_reader_next(r), CX_ROW); /* 1,2,3 through the record API */
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 2, text, len, &rows), CX_ROW);
    ck_assert_uint_eq(rows, 2);
    ck_assert_int_eq(cx_reader_field(r, 0, &text[0], NULL), CX_E_INVALID_ARGUMENT);
    /* Row 4,"5",6 (quoted: the general parser) then 7,8,9 (the fast path). */
    ck_assert_uint_eq(len[0], 1);
    ck_assert(memcmp(text[0], "6", 1) == 0 && memcmp(text[1], "4", 1) == 0 &&
              memcmp(text[2], "6", 1) == 0);
    ck_assert(memcmp(text[3], "9", 1) == 0 && memcmp(text[4], "7", 1) == 0 &&
              memcmp(text[5], "9", 1) == 0);
    ck_assert_uint_eq(cx_reader_line(r), 4);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 2, text, len, &rows), CX_E_MALFORMED_ROW);
    ck_assert_uint_eq(rows, 0);
    ck_assert_uint_eq(cx_reader_error_line(r), 5);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW); /* 10,11,12 without a final newline */
    const char *t;
    ck_assert_int_eq(cx_reader_field(r, 1, &t, NULL), CX_OK);
    ck_assert_str_eq(t, "11");
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 2, text, len, &rows), CX_DONE);
    ck_assert_uint_eq(cx_reader_row_count(r), 4);
    ck_assert_uint_eq(cx_reader_malformed_count(r), 1);
    /* Bad arguments. */
    const size_t bad[] = { 3 };
    ck_assert_int_eq(cx_reader_next_batch(r, bad, 1, 2, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 0, 2, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 0, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 2, NULL, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 2, text, NULL, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, cols, 3, 2, text, len, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(r, NULL, 3, 2, text, len, &rows), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next_batch(NULL, cols, 3, 2, text, len, &rows),
                     CX_E_INVALID_ARGUMENT);
    cx_reader_free(r);
}
END_TEST

START_TEST(batch_never_joins_a_short_record_to_the_next)
{
    /* After 1,2,3 the window holds a 1-field, a 2-field and a 6-field record: 12 entries for 4
     * line feeds, as many as 4 plain records of 3 fields would have, and the third entry after
     * 1,2,3 is a line feed. A check of each record's own n-th entry alone would read "x\na,b"
     * as one row. */
    static const char data[] = "a,b,c\n1,2,3\nx\na,b\n1,2,3,4,5,6\n7,8,9\n";
    expect(data, "H|a|b|c\nR 2|1|2|3\nM 3 line 3: 1 field, expected 3\n"
                 "M 4 line 4: 2 fields, expected 3\nM 5 line 5: 6 fields, expected 3\n"
                 "R 6|7|8|9\nrows 2 malformed 3\n");
    check_batches_match(data, strlen(data), "short record then long one");
}
END_TEST

START_TEST(batch_respects_the_maximum_record_size)
{
    GString *data = g_string_new("a,b\n1,2\n");
    g_string_append(data, "3,");
    for (int i = 0; i < 100; i++)
        g_string_append_c(data, 'x');
    g_string_append(data, "\n4,5\n");
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(data->str, data->len, &r), CX_OK);
    ck_assert_int_eq(cx_reader_set_max_record_size(r, 64), CX_OK);
    char *got = render_batches(r, 10, 0);
    ck_assert_msg(strstr(got, "M 3 line 3: record longer than the maximum of 64 bytes") != NULL,
                  "got:\n%s", got);
    ck_assert_msg(strstr(got, "rows 2 malformed 1") != NULL, "got:\n%s", got);
    g_free(got);
    cx_reader_free(r);
    g_string_free(data, TRUE);
}
END_TEST

/* Opens @data (from memory, or through a read callback in blocks of @block bytes when @block is
 * not 0), sets the delimiter and renders what is read. */
static char *
render_with_delimiter(const char *data, size_t block, char delimiter, int batches)
{
    static Chunks c;
    CxReader *r = NULL;
    c = (Chunks){ data, strlen(data), 0, block };
    if (block)
        cx_reader_open_callback(chunked_read, &c, &r);
    else
        cx_reader_open_memory(data, strlen(data), &r);
    ck_assert_ptr_nonnull(r);
    int st = cx_reader_set_delimiter(r, delimiter);
    ck_assert_msg(st == CX_OK, "set_delimiter: %s (%s)", cx_status_name(st),
                  cx_reader_error_message(r));
    char *out = batches ? render_batches(r, 1, 1) : render(r);
    cx_reader_free(r);
    return out;
}

START_TEST(semicolon_and_tab_exports)
{
    /* With ',' this header is malformed ("x" followed by ;); with ';' it has two columns, the
     * second quoted across a line break, so the first row is on line 3. */
    static const char semi[] = "\xEF\xBB\xBF\"x\";\"y\nz\"\r\n1,5;\"a;b\"\r\n2;3\n4;5;6\n7;8";
    const char *want = "H|x|y\nz\nR 3|1,5|a;b\nR 4|2|3\nM 5 line 5: 3 fields, expected 2\n"
                       "R 6|7|8\nrows 3 malformed 1\n";
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(semi, strlen(semi), &r), CX_E_MALFORMED_ROW);
    cx_reader_free(r);
    const size_t blocks[] = { 0, 1, 2, 3, 5, 64 };
    for (size_t b = 0; b < sizeof blocks / sizeof blocks[0]; b++) {
        for (int batches = 0; batches < 2; batches++) {
            char *got = render_with_delimiter(semi, blocks[b], ';', batches);
            ck_assert_msg(strcmp(got, want) == 0, "blocks of %zu, batches %d:\n%s\nexpected:\n%s",
                          blocks[b], batches, got, want);
            g_free(got);
        }
    }
    char *tab = render_with_delimiter("a\tb\n1\t2\n", 0, '\t', 1);
    ck_assert_str_eq(tab, "H|a|b\nR 2|1|2\nrows 1 malformed 0\n");
    g_free(tab);
}
END_TEST

START_TEST(delimiter_rules)
{
    static const char data[] = "a;b,c\n1;2,3\n";
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_memory(data, strlen(data), &r), CX_OK);
    ck_assert_uint_eq(cx_reader_column_count(r), 2); /* "a;b" and "c" */
    ck_assert_int_eq(cx_reader_set_delimiter(r, ';'), CX_OK);
    ck_assert_uint_eq(cx_reader_column_count(r), 2);
    ck_assert_str_eq(cx_reader_column_name(r, 1), "b,c");
    ck_assert_int_eq(cx_reader_set_delimiter(r, ','), CX_OK); /* and back */
    ck_assert_str_eq(cx_reader_column_name(r, 0), "a;b");
    const char refused[] = { '"', '\n', '\r', '\0' };
    for (size_t i = 0; i < sizeof refused; i++)
        ck_assert_int_eq(cx_reader_set_delimiter(r, refused[i]), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_set_delimiter(NULL, ';'), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_set_delimiter(r, ';'), CX_E_INVALID_ARGUMENT); /* too late */
    cx_reader_free(r);
    /* An empty input stays empty; a header over the record limit is reported. */
    ck_assert_int_eq(cx_reader_open_memory("", 0, &r), CX_E_NO_HEADER);
    ck_assert_int_eq(cx_reader_set_delimiter(r, ';'), CX_E_NO_HEADER);
    cx_reader_free(r);
}
END_TEST

static long
failing_read(void *user, char *buf, size_t cap)
{
    int *calls = user;
    if ((*calls)++ == 0) {
        memcpy(buf, "a,b\n1,2\n", 8);
        return 8;
    }
    return -1;
}

START_TEST(files_descriptors_and_read_errors)
{
    char path[] = "/tmp/cx-reader-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, tricky, strlen(tricky)), (int)strlen(tricky));
    close(fd);
    char *whole = render_memory(tricky);
    CxReader *r = NULL;
    ck_assert_int_eq(cx_reader_open_path(path, &r), CX_OK);
    char *got = render(r);
    ck_assert_str_eq(got, whole);
    g_free(got);
    cx_reader_free(r);
    fd = open(path, O_RDONLY);
    ck_assert_int_eq(cx_reader_open_fd(fd, 1, &r), CX_OK);
    got = render(r);
    ck_assert_str_eq(got, whole);
    g_free(got);
    cx_reader_free(r); /* closes fd */
    unlink(path);
    g_free(whole);

    int calls = 0;
    ck_assert_int_eq(cx_reader_open_callback(failing_read, &calls, &r), CX_OK);
    ck_assert_int_eq(cx_reader_next(r), CX_ROW);
    ck_assert_int_eq(cx_reader_next(r), CX_E_IO);
    ck_assert(strstr(cx_reader_error_message(r), "read error") != NULL);
    ck_assert_int_eq(cx_reader_next(r), CX_E_IO); /* final */
    cx_reader_free(r);
}
END_TEST

START_TEST(null_arguments)
{
    CxReader *r = NULL;
    size_t i;
    const char *t;
    ck_assert_int_eq(cx_reader_open_memory(NULL, 3, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_memory("a", 1, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_path(NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_fd(-1, 0, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_open_callback(NULL, NULL, &r), CX_E_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(cx_reader_next(NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_field(NULL, 0, &t, NULL), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_column_index(NULL, "a", &i), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_reader_set_max_record_size(NULL, 100), CX_E_INVALID_ARGUMENT);
    ck_assert_uint_eq(cx_reader_column_count(NULL), 0);
    ck_assert_ptr_null(cx_reader_column_name(NULL, 0));
    ck_assert_uint_eq(cx_reader_row_count(NULL) + cx_reader_malformed_count(NULL), 0);
    ck_assert_uint_eq(cx_reader_line(NULL) + cx_reader_error_line(NULL), 0);
    ck_assert_str_eq(cx_reader_error_message(NULL), "");
    cx_reader_free(NULL);
}
END_TEST

static Suite *
reader_suite(void)
{
    Suite *s = suite_create("reader");
    TCase *rec = tcase_create("records");
    tcase_add_test(rec, plain_rows_and_line_endings);
    tcase_add_test(rec, quoted_fields);
    tcase_add_test(rec, malformed_rows_are_reported_and_never_merged);
    tcase_add_test(rec, header_errors);
    tcase_add_test(rec, columns_by_name);
    tcase_add_test(rec, a_nul_in_a_header_name_is_not_its_end);
    tcase_add_test(rec, max_record_size);
    suite_add_tcase(s, rec);
    TCase *src = tcase_create("sources");
    tcase_add_test(src, any_block_split_gives_the_same_rows);
    tcase_add_test(src, files_descriptors_and_read_errors);
    tcase_add_test(src, null_arguments);
    suite_add_tcase(s, src);
    TCase *batch = tcase_create("batches");
    tcase_add_test(batch, batches_equal_records_on_the_tricky_file);
    tcase_add_test(batch, batches_equal_records_on_random_exports);
    tcase_add_test(batch, batches_of_chosen_columns_and_mixed_calls);
    tcase_add_test(batch, batch_respects_the_maximum_record_size);
    tcase_add_test(batch, batch_never_joins_a_short_record_to_the_next);
    tcase_add_test(batch, semicolon_and_tab_exports);
    tcase_add_test(batch, delimiter_rules);
    tcase_set_timeout(batch, 120);
    suite_add_tcase(s, batch);
    return s;
}

int
main(void)
{
    return cx_test_run(reader_suite());
}
