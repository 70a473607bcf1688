/* SPDX-License-Identifier: MIT */
/*
 * The CSV reader on arbitrary bytes, through every API path (cx-reader.h): memory input, a read
 * callback fed in blocks of one size of 1–64 bytes that the input chooses (its first byte: one
 * read size per input, so that the harness runs thousands of inputs a second; that every split
 * gives the same rows is test-reader.c's any_block_split_gives_the_same_rows), a small maximum
 * record size; every column looked up by name and read by index, as text and as a number.
 * Invariants: the same rows, fields, line numbers and malformed records whatever the block size;
 * reading ends (each call consumes input); counts equal the CX_ROW / CX_E_MALFORMED_ROW returns;
 * a field is NUL-terminated at its length; a numeric field is finite and parses as
 * cx_cell_parse_number() says; a name lookup finds a column with that name. The batch entry
 * point (cx_reader_next_batch()), with batches of 1–7 and 4096 rows, from memory and in blocks,
 * with the normal and a small record limit, gives the same rows, cells, errors and counts as
 * cx_reader_next(); so do both after cx_reader_set_delimiter() with the input's last byte.
 */
#include "fuzz-common.h"

static void
mix(uint64_t *h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) /* FNV-1a */
        *h = (*h ^ b[i]) * 0x100000001b3ULL;
}

/* Reads everything; returns a hash of what was read. */
static uint64_t
read_all(CxReader *r, size_t input_size, int by_name, uint64_t *content)
{
    *content = 0xcbf29ce484222325ULL;
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t cols = cx_reader_column_count(r);
    for (size_t c = 0; c < cols; c++) {
        const char *name = cx_reader_column_name(r, c);
        FUZZ_CHECK(name != NULL, "column %zu has no name", c);
        mix(&h, name, strlen(name) + 1);
        if (by_name) {
            size_t index = (size_t)-1;
            int st = cx_reader_column_index(r, name, &index);
            FUZZ_CHECK(st == CX_OK || st == CX_E_COLUMN_DUPLICATE, "lookup of '%s': %d", name, st);
            FUZZ_CHECK(index < cols && strcmp(cx_reader_column_name(r, index), name) == 0,
                       "lookup of '%s' gave column %zu", name, index);
            FUZZ_CHECK(index <= c, "the first '%s' is after column %zu", name, c);
        }
    }
    uint64_t rows = 0, malformed = 0, calls = 0;
    for (;;) {
        int st = cx_reader_next(r);
        FUZZ_CHECK(++calls <= input_size + 2, "%llu calls on %zu bytes: no progress",
                   (unsigned long long)calls, input_size);
        mix(&h, &st, sizeof st);
        mix(content, &st, sizeof st);
        if (st == CX_DONE || st == CX_E_IO)
            break;
        uint64_t line = st == CX_ROW ? cx_reader_line(r) : cx_reader_error_line(r);
        mix(&h, &line, sizeof line);
        if (st == CX_E_MALFORMED_ROW) {
            malformed++;
            const char *msg = cx_reader_error_message(r);
            mix(&h, msg, strlen(msg));
            mix(content, &line, sizeof line);
            mix(content, msg, strlen(msg));
            continue;
        }
        FUZZ_CHECK(st == CX_ROW, "cx_reader_next returned %d", st);
        rows++;
        for (size_t c = 0; c < cols; c++) {
            const char *text = NULL;
            size_t len = 0;
            FUZZ_CHECK(cx_reader_field(r, c, &text, &len) == CX_OK, "field %zu", c);
            FUZZ_CHECK(text[len] == '\0', "field %zu not NUL-terminated", c);
            mix(&h, text, len + 1);
            mix(content, &len, sizeof len);
            mix(content, text, len);
            double v = 0.0, w = 0.0;
            int kind = cx_reader_field_number(r, c, &v);
            FUZZ_CHECK(kind == cx_cell_parse_number(text, len, &w), "field %zu kind", c);
            if (kind == CX_CELL_NUMBER)
                FUZZ_CHECK(isfinite(v) && memcmp(&v, &w, sizeof v) == 0, "field %zu value", c);
        }
        const char *t;
        FUZZ_CHECK(cx_reader_field(r, cols, &t, NULL) == CX_E_INVALID_ARGUMENT, "past the end");
    }
    FUZZ_CHECK(cx_reader_row_count(r) == rows, "rows %llu vs %llu",
               (unsigned long long)cx_reader_row_count(r), (unsigned long long)rows);
    FUZZ_CHECK(cx_reader_malformed_count(r) == malformed, "malformed %llu vs %llu",
               (unsigned long long)cx_reader_malformed_count(r), (unsigned long long)malformed);
    int again = cx_reader_next(r);
    FUZZ_CHECK(again == CX_DONE || again == CX_E_IO, "after the end: %d", again);
    return h;
}

/* As read_all(), through cx_reader_next_batch() with batches of @max_rows: returns the content
 * hash read_all() gives in *content (rows, cells, errors; batch rows carry no line each). */
static uint64_t
read_batches(CxReader *r, size_t input_size, size_t max_rows)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t cols = cx_reader_column_count(r);
    if (cols == 0) { /* no header: the reader is done */
        int st = cx_reader_next(r);
        mix(&h, &st, sizeof st);
        return h;
    }
    /* At most 64 Ki cells a batch: 4096 rows of a wide header made buffers of megabytes per
     * input, whose mapping and page faults cost more than the reading. */
    if (max_rows * cols > 65536)
        max_rows = 65536 / cols ? 65536 / cols : 1;
    /* Nor more rows than the input holds (every record but the last ends in a byte of its
     * own): a batch of 4096 on a 100-byte input still asks past the end, with 1 MiB less to
     * map and unmap per input under ASan. */
    if (max_rows > input_size + 1)
        max_rows = input_size + 1;
    size_t *index = malloc(cols * sizeof *index);
    const char **text = malloc(max_rows * cols * sizeof *text);
    size_t *len = malloc(max_rows * cols * sizeof *len);
    FUZZ_CHECK(index && text && len, "out of memory");
    for (size_t c = 0; c < cols; c++)
        index[c] = c;
    uint64_t rows = 0, malformed = 0, calls = 0;
    for (;;) {
        size_t n = (size_t)-1;
        int st = cx_reader_next_batch(r, index, cols, max_rows, text, len, &n);
        FUZZ_CHECK(++calls <= input_size + 2, "%llu batch calls on %zu bytes: no progress",
                   (unsigned long long)calls, input_size);
        if (st == CX_DONE || st == CX_E_IO) {
            FUZZ_CHECK(n == 0, "%zu rows with status %d", n, st);
            mix(&h, &st, sizeof st);
            break;
        }
        if (st == CX_E_MALFORMED_ROW) {
            FUZZ_CHECK(n == 0, "%zu rows with a malformed record", n);
            malformed++;
            uint64_t line = cx_reader_error_line(r);
            const char *msg = cx_reader_error_message(r);
            mix(&h, &st, sizeof st);
            mix(&h, &line, sizeof line);
            mix(&h, msg, strlen(msg));
            continue;
        }
        FUZZ_CHECK(st == CX_ROW && n >= 1 && n <= max_rows, "batch: status %d, %zu rows", st, n);
        for (size_t i = 0; i < n; i++) {
            mix(&h, &st, sizeof st);
            for (size_t c = 0; c < cols; c++) {
                mix(&h, &len[i * cols + c], sizeof len[0]);
                mix(&h, text[i * cols + c], len[i * cols + c]);
            }
        }
        rows += n;
    }
    FUZZ_CHECK(cx_reader_row_count(r) == rows, "batch rows %llu vs %llu",
               (unsigned long long)cx_reader_row_count(r), (unsigned long long)rows);
    FUZZ_CHECK(cx_reader_malformed_count(r) == malformed, "batch malformed %llu vs %llu",
               (unsigned long long)cx_reader_malformed_count(r), (unsigned long long)malformed);
    free(index);
    free(text);
    free(len);
    return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CxReader *r = NULL;
    int st = cx_reader_open_memory((const char *)data, size, &r);
    FUZZ_CHECK(r != NULL, "no reader (%d)", st);
    FUZZ_CHECK(st == CX_OK || st == CX_E_NO_HEADER || st == CX_E_MALFORMED_ROW, "open: %d", st);
    uint64_t content, content2, batched;
    uint64_t whole = read_all(r, size, 1, &content);
    cx_reader_free(r);

    /* The input chooses which one of five comparisons with that reading it gets (issue 21:
     * all of them on every input ran at about 500 inputs per CPU second; over a run each one
     * still sees a fifth of the inputs, and the seeds replayed in CI fall in all five). */
    const size_t batch_rows[2] = { 1 + (size ? data[0] % 7 : 0), 4096 };
    switch (size ? data[size / 2] % 5 : 0) {
    case 0:
    case 1: {
        /* Batches, from memory and in blocks, of 1–7 rows (case 0) or of 4096 (case 1). */
        size_t rows = batch_rows[size ? data[size / 2] % 5 : 0];
        cx_reader_open_memory((const char *)data, size, &r);
        batched = read_batches(r, size, rows);
        FUZZ_CHECK(batched == content, "batches of %zu from memory differ", rows);
        cx_reader_free(r);
        Chunks c = { data, size, 0, 1 + size % 61 };
        cx_reader_open_callback(chunked, &c, &r);
        batched = read_batches(r, size, rows);
        FUZZ_CHECK(batched == content, "batches of %zu in blocks of %zu differ", rows, c.block);
        break;
    }
    case 2: {
        /* One read size, chosen by the input (issue 21: every input was read at many sizes,
         * and at one byte at a time up to 4 KiB). */
        const size_t block = 1 + (size ? data[0] % 64 : 0);
        Chunks c = { data, size, 0, block };
        int st2 = cx_reader_open_callback(chunked, &c, &r);
        FUZZ_CHECK(st2 == st, "open in blocks of %zu: %d vs %d", block, st2, st);
        uint64_t split = read_all(r, size, 0, &content2);
        FUZZ_CHECK(split == whole, "blocks of %zu read differently", block);
        break;
    }
    case 3: {
        /* Another delimiter (the last byte of the input): the header is read again, and
         * records and batches still agree, from memory and in blocks. */
        char delim = size ? (char)data[size - 1] : ';';
        if (delim == '"' || delim == '\n' || delim == '\r' || delim == '\0')
            delim = ';';
        cx_reader_open_memory((const char *)data, size, &r);
        int sd = cx_reader_set_delimiter(r, delim);
        uint64_t content_d = 0;
        read_all(r, size, 1, &content_d);
        cx_reader_free(r);
        Chunks cd = { data, size, 0, 1 + size % 13 };
        cx_reader_open_callback(chunked, &cd, &r);
        FUZZ_CHECK(cx_reader_set_delimiter(r, delim) == sd, "set_delimiter differs in blocks");
        batched = read_batches(r, size, batch_rows[0]);
        FUZZ_CHECK(batched == content_d, "batches with delimiter %d in blocks of %zu differ",
                   delim, cd.block);
        break;
    }
    default: {
        /* A small record limit: long records are reported, never cut into pieces. */
        size_t limit = 64 + (size % 64);
        r = NULL;
        if (cx_reader_open_memory((const char *)data, size, &r) == CX_OK) {
            FUZZ_CHECK(cx_reader_set_max_record_size(r, limit) == CX_OK, "max size");
            read_all(r, size, 0, &content);
            cx_reader_free(r);
            r = NULL;
            cx_reader_open_memory((const char *)data, size, &r);
            cx_reader_set_max_record_size(r, limit);
            batched = read_batches(r, size, batch_rows[0]);
            FUZZ_CHECK(batched == content, "batches with a %zu-byte record limit differ", limit);
        }
        break;
    }
    }
    cx_reader_free(r);
    return 0;
}
