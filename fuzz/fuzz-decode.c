/* SPDX-License-Identifier: MIT */
/*
 * The 0.2 reader (cx-reader.h): encodings, profiles, header rows, ruled columns and the rejects
 * channel. The first input byte chooses the options (encoding, replacement, profile, header rows,
 * read split), the rest is the file. Invariants: the reader opened from memory and from a
 * callback that hands out a few bytes at a time give the same statuses, rows and cells; every
 * cell handed out is valid UTF-8 (an undecodable byte stops the reader or is replaced); a ruled
 * column's valid + missing + rejected equals the rows, and the rejects channel saw each rejected
 * cell and malformed row once.
 */
#include "fuzz-common.h"

static const char *const encodings[] = { NULL, "WINDOWS-1252", "UTF-16LE", "UTF-16BE",
                                         "ISO-8859-15", "UTF-8", "UTF-16", "SHIFT_JIS" };
static const char *const profiles[] = { "auto", "none", "qualtrics", "surveymonkey",
                                        "google-forms", "excel", "typeform", "microsoft-forms" };

typedef struct {
    uint64_t cells, rows;
} Seen;

static void
on_reject(void *user_data, uint64_t line, size_t column, const char *value, size_t len,
          int reason)
{
    Seen *s = user_data;
    FUZZ_CHECK(line >= 1, "line %llu", (unsigned long long)line);
    FUZZ_CHECK(value != NULL || len == 0, "value");
    FUZZ_CHECK(reason > CX_REASON_NONE && reason <= CX_REASON_MALFORMED_ROW, "reason %d", reason);
    if (column == SIZE_MAX)
        s->rows++;
    else
        s->cells++;
}

/* Reads everything; returns a digest (FNV-1a) of statuses and cells. */
static uint64_t
read_all(CxReader *r, int open_status, Seen *seen)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)(open_status + 1000);
    if (open_status != CX_OK)
        return h;
    size_t n = cx_reader_column_count(r);
    for (size_t c = 0; c < n; c++)
        FUZZ_CHECK(g_utf8_validate(cx_reader_column_name(r, c), -1, NULL), "column name");
    cx_reader_set_reject_func(r, on_reject, seen);
    FUZZ_OK(cx_reader_set_number_column(r, n - 1, NULL, 0, 10, 1));
    int st;
    while ((st = cx_reader_next(r)) != CX_DONE && st != CX_E_IO) {
        h = (h ^ (uint64_t)(st + 1000)) * 1099511628211u;
        if (st != CX_ROW)
            continue;
        for (size_t c = 0; c < n; c++) {
            const char *t;
            size_t len;
            FUZZ_OK(cx_reader_field(r, c, &t, &len));
            FUZZ_CHECK(g_utf8_validate_len(t, len, NULL) || memchr(t, '\0', len),
                       "a cell is not UTF-8");
            for (size_t i = 0; i < len; i++)
                h = (h ^ (unsigned char)t[i]) * 1099511628211u;
        }
    }
    h = (h ^ (uint64_t)(st + 1000)) * 1099511628211u;
    uint64_t valid, missing, rejected;
    FUZZ_OK(cx_reader_column_counts(r, n - 1, &valid, &missing, &rejected));
    FUZZ_CHECK(valid + missing + rejected == cx_reader_row_count(r), "counts do not add up");
    FUZZ_CHECK(seen->cells == rejected, "rejects seen %llu, counted %llu",
               (unsigned long long)seen->cells, (unsigned long long)rejected);
    FUZZ_CHECK(seen->rows == cx_reader_malformed_count(r), "malformed rows seen %llu of %llu",
               (unsigned long long)seen->rows, (unsigned long long)cx_reader_malformed_count(r));
    return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    data++, size--;
    CxReadOptions *o = NULL;
    FUZZ_OK(cx_read_options_new(&o));
    const char *enc = encodings[flags & 7];
    if (cx_read_options_set_encoding(o, enc) != CX_OK) /* a charset iconv lacks here */
        enc = NULL;
    FUZZ_OK(cx_read_options_set_encoding_errors(o, (flags >> 3) & 1));
    FUZZ_OK(cx_read_options_set_profile(o, profiles[(flags >> 4) & 7]));
    if (flags & 0x80)
        FUZZ_OK(cx_read_options_set_header_rows(o, 2));

    CxReader *a = NULL, *b = NULL;
    int sa = cx_reader_open_memory_with((const char *)data, size, o, &a);
    Chunks f = { data, size, 0, 1 + (size % 7) };
    int sb = cx_reader_open_callback_with(chunked, &f, o, &b);
    FUZZ_CHECK(sa == sb, "open: memory %d, callback %d", sa, sb);
    Seen seen_a = { 0, 0 }, seen_b = { 0, 0 };
    uint64_t ha = read_all(a, sa, &seen_a), hb = read_all(b, sb, &seen_b);
    FUZZ_CHECK(ha == hb, "memory and callback readers differ");
    cx_reader_free(a);
    cx_reader_free(b);
    cx_read_options_free(o);
    return 0;
}
