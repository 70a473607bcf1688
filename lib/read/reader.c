/* SPDX-License-Identifier: MIT */
/*
 * Streaming CSV reader (see cx-reader.h for what it accepts).
 *
 * Format: RFC 4180 ("Common Format and MIME Type for Comma-Separated Values (CSV) Files",
 * Y. Shafranovich, 2005): fields separated by commas, optionally enclosed in double quotes, a
 * quote inside a quoted field written as two quotes, line breaks allowed inside quotes. Real
 * exports add what the reader also takes: LF or lone CR line endings, a UTF-8 byte-order mark, a
 * missing final line break.
 *
 * Memory is constant: input is pulled in blocks (1 MiB from a file, 64 KiB from a callback; memory
 * input is read in place), and one record at a time is held, up to the maximum record size. A
 * record that is malformed is consumed up to its real end, so that it is never merged into the
 * next one, and reported.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-reader.h>

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "read/csv-index-private.h"

/* Reads from a file of 1 MiB: few system calls, and the batch fast path sees long runs of whole
 * records. A read callback is asked for at most 64 KiB at a time. */
#define FD_BLOCK_SIZE (1024 * 1024)
#define CALLBACK_BLOCK_SIZE (64 * 1024)
/* The fast path indexes at most this many bytes at a time (the index needs 4 bytes per byte). */
#define INDEX_WINDOW (64 * 1024)
#define DEFAULT_MAX_RECORD (8 * 1024 * 1024)
#define MIN_MAX_RECORD 64

enum { SRC_FD, SRC_MEMORY, SRC_CALLBACK };

/* read_record() outcomes */
enum { REC_OK, REC_EOF, REC_MALFORMED, REC_IO, REC_NO_MEMORY };

struct CxReader {
    int source;
    int fd, close_fd;
    CxReadFunc read_func;
    void *user_data;

    char *block;          /* owned block buffer (not for memory input) */
    size_t block_size;
    const char *buf;      /* current input bytes */
    size_t buf_len, buf_pos;
    int eof, io_failed;
    unsigned char pushback[4];
    size_t pushback_len;
    /* cx_reader_set_delimiter(): the header's bytes as read (capture), and bytes to read again
     * before the input (replay). */
    guint8 *raw; /* plain malloc, not GByteArray: GSlice memory confuses ThreadSanitizer */
    size_t raw_len, raw_cap;
    int capture, raw_too_long, raw_no_memory, header_read;
    guint8 *replay;
    size_t replay_len, replay_pos;

    char delimiter;
    size_t max_record;
    char *rec;            /* the current record's fields, each followed by a NUL */
    size_t rec_len, rec_cap;
    size_t *starts;       /* field offsets into rec */
    size_t n_fields, fields_cap;

    char **columns;
    size_t n_columns;

    uint64_t line;        /* the physical line at the read position, 1-based */
    uint64_t record_line; /* where the current or last record started */
    uint64_t rows, malformed;
    int have_row, done;

    char error[256];
    uint64_t error_line;

    /* Batch fast path (cx_reader_next_batch()): idx[] lists the structural bytes of
     * buf[idx_base .. idx_base + window), up to the last line feed; idx_pos is the next entry
     * to use. Valid only while idx_buf == buf and idx_gen == gen (gen counts refills). */
    uint32_t *idx;
    size_t idx_len, idx_pos, idx_base;
    int idx_regular; /* every record of the window is plain (checked by index_window()) */
    const char *idx_buf;
    uint64_t gen, idx_gen;
    size_t *fstart, *flen; /* the fields of the record being read on the fast path */
    CxSimdLevel level;
};

/* ---- input ------------------------------------------------------------------------------------- */

static int
refill(CxReader *r)
{
    if (r->eof || r->io_failed)
        return 0;
    if (r->source == SRC_MEMORY) {
        r->eof = 1;
        return 0;
    }
    int64_t got; /* CxReadFunc's type: checked against the block before any narrowing */
    if (r->source == SRC_FD) {
        ssize_t n;
        do
            n = read(r->fd, r->block, r->block_size);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            g_snprintf(r->error, sizeof r->error, "read error: %s", g_strerror(errno));
        got = (int64_t)n;
    } else {
        got = r->read_func(r->user_data, r->block, r->block_size);
        if (got < 0 || (uint64_t)got > (uint64_t)r->block_size) {
            g_snprintf(r->error, sizeof r->error, "read error: the read callback failed");
            got = -1;
        }
    }
    if (got < 0) {
        r->io_failed = 1;
        r->error_line = r->line;
        return 0;
    }
    if (got == 0) {
        r->eof = 1;
        return 0;
    }
    r->buf = r->block;
    r->buf_len = (size_t)got;
    r->buf_pos = 0;
    r->gen++;
    return 1;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem);

static void
capture_byte(CxReader *r, int c)
{
    if (r->raw_len > r->max_record + 4) {
        r->raw_too_long = 1;
        return;
    }
    if (r->raw_len == r->raw_cap &&
        !grow((void **)&r->raw, &r->raw_cap, r->raw_len + 1, 1)) {
        r->raw_no_memory = 1; /* the header cannot be read again: said by set_delimiter */
        return;
    }
    r->raw[r->raw_len++] = (guint8)c;
}

/* The next byte, or −1 at the end of input or on a read error. */
static inline int
next_byte(CxReader *r)
{
    int c;
    if (G_UNLIKELY(r->pushback_len))
        c = r->pushback[--r->pushback_len];
    else if (G_UNLIKELY(r->replay_pos < r->replay_len))
        c = r->replay[r->replay_pos++];
    else if (G_LIKELY(r->buf_pos < r->buf_len))
        c = (unsigned char)r->buf[r->buf_pos++];
    else if (!refill(r))
        return -1;
    else
        c = (unsigned char)r->buf[r->buf_pos++];
    if (G_UNLIKELY(r->capture))
        capture_byte(r, c);
    return c;
}

static inline void
unget_byte(CxReader *r, int c)
{
    r->pushback[r->pushback_len++] = (unsigned char)c;
    if (G_UNLIKELY(r->capture) && r->raw_len > 0 && !r->raw_too_long && !r->raw_no_memory)
        r->raw_len--;
}

/* No byte waits in the pushback or replay buffers: the batch fast path may read buf directly. */
static inline int
direct_input(const CxReader *r)
{
    return r->pushback_len == 0 && r->replay_pos >= r->replay_len;
}

/* The index still describes the read buffer and has entries left (see index_window()). */
static inline int
index_ready(const CxReader *r)
{
    return r->idx_buf == r->buf && r->idx_gen == r->gen && r->idx_pos < r->idx_len;
}

/* ---- records ------------------------------------------------------------------------------------ */

static int
grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 1;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *q = g_try_realloc(*p, n * elem);
    if (!q)
        return 0;
    *p = q;
    *cap = n;
    return 1;
}

typedef struct {
    int too_long;
    int bad_quote;
    int no_memory;
} RecordFlags;

static inline void
append(CxReader *r, RecordFlags *f, char c)
{
    if (G_UNLIKELY(r->rec_len + 1 >= r->max_record)) {
        f->too_long = 1;
        return;
    }
    if (G_UNLIKELY(r->rec_len + 1 >= r->rec_cap) &&
        !grow((void **)&r->rec, &r->rec_cap, r->rec_len + 2, 1)) {
        f->no_memory = 1;
        return;
    }
    r->rec[r->rec_len++] = c;
}

static void
end_field(CxReader *r, RecordFlags *f)
{
    if (f->too_long || f->no_memory)
        return;
    append(r, f, '\0');
    if (f->too_long || f->no_memory)
        return;
    if (!grow((void **)&r->starts, &r->fields_cap, r->n_fields + 2, sizeof(size_t))) {
        f->no_memory = 1;
        return;
    }
    r->starts[++r->n_fields] = r->rec_len;
}

/* After a CR: a following LF belongs to the same line ending. */
static void
finish_cr(CxReader *r)
{
    int c = next_byte(r);
    if (c >= 0 && c != '\n')
        unget_byte(r, c);
    r->line++;
}

enum { S_FIELD_START, S_UNQUOTED, S_QUOTED, S_QUOTE_IN_QUOTED };

/* Reads one record into rec/starts. Always consumes the record up to its real end. */
static int
read_record(CxReader *r)
{
    RecordFlags f = { 0, 0, 0 };
    r->rec_len = 0;
    r->n_fields = 0;
    if (!grow((void **)&r->starts, &r->fields_cap, 2, sizeof(size_t)))
        return REC_NO_MEMORY; /* nothing consumed: the same record can be tried again */
    r->starts[0] = 0;
    r->record_line = r->line;
    uint64_t quote_line = 0;
    int state = S_FIELD_START, any = 0;
    const char delim = r->delimiter;

    for (;;) {
        int c = next_byte(r);
        if (c < 0) {
            if (r->io_failed)
                return REC_IO;
            if (!any)
                return REC_EOF;
            if (state == S_QUOTED) {
                g_snprintf(r->error, sizeof r->error,
                           "line %" PRIu64 ": quoted field opened on line %" PRIu64
                           " is not closed before the end of the input",
                           r->record_line, quote_line);
                r->error_line = r->record_line;
                return REC_MALFORMED;
            }
            end_field(r, &f);
            break;
        }
        any = 1;
        switch (state) {
        case S_FIELD_START:
            if (c == '"') {
                state = S_QUOTED;
                quote_line = r->line;
                continue;
            }
            state = S_UNQUOTED;
            /* fall through */
        case S_UNQUOTED:
            if (c == delim) {
                end_field(r, &f);
                state = S_FIELD_START;
            } else if (c == '\n') {
                r->line++;
                goto record_end;
            } else if (c == '\r') {
                finish_cr(r);
                goto record_end;
            } else {
                append(r, &f, (char)c); /* a quote here is literal text */
            }
            break;
        case S_QUOTED:
            if (c == '"') {
                state = S_QUOTE_IN_QUOTED;
            } else {
                if (c == '\n')
                    r->line++;
                append(r, &f, (char)c);
            }
            break;
        case S_QUOTE_IN_QUOTED:
            if (c == '"') {
                append(r, &f, '"');
                state = S_QUOTED;
            } else if (c == delim) {
                end_field(r, &f);
                state = S_FIELD_START;
            } else if (c == '\n') {
                r->line++;
                goto record_end;
            } else if (c == '\r') {
                finish_cr(r);
                goto record_end;
            } else {
                /* `"ab"c`: text after a closing quote. Read on to the record's end as
                 * unquoted text so that the next record starts where it should. */
                f.bad_quote = 1;
                state = S_UNQUOTED;
                append(r, &f, (char)c);
            }
            break;
        }
        continue;
    record_end:
        end_field(r, &f);
        break;
    }

    r->error_line = r->record_line;
    if (f.no_memory) {
        g_snprintf(r->error, sizeof r->error,
                   "line %" PRIu64 ": out of memory: the record could not be held and was skipped",
                   r->record_line);
        return REC_NO_MEMORY;
    }
    if (f.too_long) {
        g_snprintf(r->error, sizeof r->error,
                   "line %" PRIu64 ": record longer than the maximum of %zu bytes",
                   r->record_line, r->max_record);
        return REC_MALFORMED;
    }
    if (f.bad_quote) {
        g_snprintf(r->error, sizeof r->error,
                   "line %" PRIu64 ": text after the closing quote of a quoted field",
                   r->record_line);
        return REC_MALFORMED;
    }
    return REC_OK;
}

/* ---- opening ------------------------------------------------------------------------------------ */

static CxReader *
reader_new(int source)
{
    CxReader *r = g_try_new0(CxReader, 1);
    if (!r)
        return NULL;
    r->source = source;
    r->fd = -1;
    r->delimiter = ',';
    r->max_record = DEFAULT_MAX_RECORD;
    r->line = 1;
    r->level = cx_simd_best_level();
    if (source != SRC_MEMORY) {
        r->block_size = source == SRC_FD ? FD_BLOCK_SIZE : CALLBACK_BLOCK_SIZE;
        r->block = g_try_malloc(r->block_size);
        if (!r->block) {
            g_free(r);
            return NULL;
        }
    }
    return r;
}

/* Skips a UTF-8 byte-order mark, then reads the header. */
static int
read_header(CxReader *r)
{
    int b[3], n = 0;
    while (n < 3 && (b[n] = next_byte(r)) >= 0)
        n++;
    if (!(n == 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF))
        while (n > 0)
            unget_byte(r, b[--n]);

    /* Keep the header's bytes (after any BOM) for cx_reader_set_delimiter(). */
    r->raw_len = 0;
    r->raw_too_long = r->raw_no_memory = 0;
    r->header_read = 1;
    r->capture = 1;
    int rec = read_record(r);
    r->capture = 0;
    switch (rec) {
    case REC_EOF:
        g_snprintf(r->error, sizeof r->error, "the input is empty: no header row");
        return CX_E_NO_HEADER;
    case REC_IO:
        return CX_E_IO;
    case REC_MALFORMED:
        return CX_E_MALFORMED_ROW;
    case REC_NO_MEMORY:
        return CX_E_NO_MEMORY;
    default:
        break;
    }
    r->columns = g_try_new0(char *, r->n_fields + 1);
    if (!r->columns)
        return CX_E_NO_MEMORY;
    /* The names are the caller's data, up to the record size: copied with checked allocations
     * (cxscore.h). A column not copied is NULL, which cx_reader_free() skips. */
    for (size_t i = 0; i < r->n_fields; i++) {
        const char *name = r->rec + r->starts[i];
        size_t bytes = strlen(name) + 1;
        r->columns[i] = g_try_malloc(bytes);
        if (!r->columns[i])
            return CX_E_NO_MEMORY;
        memcpy(r->columns[i], name, bytes);
    }
    r->n_columns = r->n_fields;
    return CX_OK;
}

static int
open_with(CxReader *r, CxReader **out)
{
    if (!r)
        return CX_E_NO_MEMORY;
    int status = read_header(r);
    *out = r; /* even on failure, so that the caller can read the message */
    return status;
}

int
cx_reader_open_fd(int fd, int close_fd, CxReader **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (fd < 0)
        return CX_E_INVALID_ARGUMENT;
    CxReader *r = reader_new(SRC_FD);
    if (r) {
        r->fd = fd;
        r->close_fd = close_fd != 0;
    }
    return open_with(r, out);
}

int
cx_reader_open_path(const char *path, CxReader **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!path)
        return CX_E_INVALID_ARGUMENT;
    int fd;
    do
        fd = open(path, O_RDONLY | O_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        int err = errno;
        CxReader *r = reader_new(SRC_FD);
        if (!r)
            return CX_E_NO_MEMORY;
        g_snprintf(r->error, sizeof r->error, "cannot open %s: %s", path, g_strerror(err));
        r->io_failed = 1;
        *out = r;
        return CX_E_IO;
    }
    return cx_reader_open_fd(fd, 1, out);
}

int
cx_reader_open_memory(const char *data, size_t len, CxReader **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!data && len > 0)
        return CX_E_INVALID_ARGUMENT;
    CxReader *r = reader_new(SRC_MEMORY);
    if (r) {
        r->buf = data ? data : "";
        r->buf_len = len;
    }
    return open_with(r, out);
}

int
cx_reader_open_callback(CxReadFunc read_func, void *user_data, CxReader **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = NULL;
    if (!read_func)
        return CX_E_INVALID_ARGUMENT;
    CxReader *r = reader_new(SRC_CALLBACK);
    if (r) {
        r->read_func = read_func;
        r->user_data = user_data;
    }
    return open_with(r, out);
}

void
cx_reader_free(CxReader *reader)
{
    if (!reader)
        return;
    if (reader->close_fd && reader->fd >= 0)
        close(reader->fd);
    if (reader->columns)
        g_strfreev(reader->columns);
    g_free(reader->block);
    g_free(reader->rec);
    g_free(reader->starts);
    g_free(reader->raw);
    g_free(reader->replay);
    g_free(reader->idx);
    g_free(reader->fstart);
    g_free(reader->flen);
    g_free(reader);
}

int
cx_reader_set_max_record_size(CxReader *reader, size_t bytes)
{
    if (!reader || bytes < MIN_MAX_RECORD)
        return CX_E_INVALID_ARGUMENT;
    reader->max_record = bytes;
    return CX_OK;
}

int
cx_reader_set_delimiter(CxReader *reader, char delimiter)
{
    if (!reader || delimiter == '"' || delimiter == '\n' || delimiter == '\r' ||
        delimiter == '\0')
        return CX_E_INVALID_ARGUMENT;
    if (reader->rows || reader->malformed || reader->done || !reader->header_read)
        return CX_E_INVALID_ARGUMENT; /* a row was read, or the input could not be opened */
    if (reader->io_failed)
        return CX_E_IO;
    if (reader->raw_too_long) {
        g_snprintf(reader->error, sizeof reader->error,
                   "line 1: the header is longer than the maximum of %zu bytes",
                   reader->max_record);
        reader->error_line = 1;
        return CX_E_MALFORMED_ROW;
    }
    if (reader->raw_no_memory) {
        g_snprintf(reader->error, sizeof reader->error,
                   "line 1: out of memory: the header could not be kept to read it again");
        reader->error_line = 1;
        return CX_E_NO_MEMORY;
    }
    reader->delimiter = delimiter;
    /* Read the header again: its bytes, then a byte peeked after it (pushback, read last in
     * first out), then whatever was left of an earlier replay, then the input. */
    size_t left = reader->replay_len - reader->replay_pos;
    size_t n = reader->raw_len + reader->pushback_len + left;
    guint8 *replay = g_try_malloc(n ? n : 1);
    if (!replay)
        return CX_E_NO_MEMORY;
    if (reader->raw_len) /* an empty input captured nothing, and raw is then NULL */
        memcpy(replay, reader->raw, reader->raw_len);
    size_t k = reader->raw_len;
    while (reader->pushback_len)
        replay[k++] = reader->pushback[--reader->pushback_len];
    if (left)
        memcpy(replay + k, reader->replay + reader->replay_pos, left);
    g_free(reader->replay);
    reader->replay = replay;
    reader->replay_len = n;
    reader->replay_pos = 0;
    if (reader->columns)
        g_strfreev(reader->columns);
    reader->columns = NULL;
    reader->n_columns = 0;
    reader->line = 1;
    reader->have_row = 0;
    reader->idx_len = reader->idx_pos = 0;
    reader->idx_regular = 0;
    g_clear_pointer(&reader->fstart, g_free);
    g_clear_pointer(&reader->flen, g_free);
    g_clear_pointer(&reader->idx, g_free);
    reader->error[0] = '\0';
    reader->error_line = 0;
    return read_header(reader);
}

size_t
cx_reader_default_max_record_size(void)
{
    return DEFAULT_MAX_RECORD;
}

/* ---- columns and rows --------------------------------------------------------------------------- */

size_t
cx_reader_column_count(const CxReader *reader)
{
    return reader ? reader->n_columns : 0;
}

const char *
cx_reader_column_name(const CxReader *reader, size_t index)
{
    return reader && index < reader->n_columns ? reader->columns[index] : NULL;
}

int
cx_reader_column_index(const CxReader *reader, const char *name, size_t *index)
{
    if (!reader || !name || !index)
        return CX_E_INVALID_ARGUMENT;
    int found = 0;
    for (size_t i = 0; i < reader->n_columns; i++) {
        if (strcmp(reader->columns[i], name) != 0)
            continue;
        if (found)
            return CX_E_COLUMN_DUPLICATE;
        *index = i;
        found = 1;
    }
    return found ? CX_OK : CX_E_COLUMN_NOT_FOUND;
}

/* Forgets the current row; returns the status of a reader that cannot read on (CX_E_IO after a
 * read error, CX_DONE at the end or without a header), or 0. */
static int
stopped(CxReader *reader)
{
    reader->have_row = 0;
    if (reader->io_failed)
        return CX_E_IO;
    if (reader->done || !reader->columns)
        return CX_DONE;
    return 0;
}

int
cx_reader_next(CxReader *reader)
{
    if (!reader)
        return CX_E_INVALID_ARGUMENT;
    int st = stopped(reader);
    if (st)
        return st;
    switch (read_record(reader)) {
    case REC_EOF:
        reader->done = 1;
        return CX_DONE;
    case REC_IO:
        return CX_E_IO;
    case REC_MALFORMED:
        reader->malformed++;
        return CX_E_MALFORMED_ROW;
    case REC_NO_MEMORY:
        /* Counted with the malformed records (rows + malformed = records read); the message
         * names the line, and the next call reads on. */
        reader->malformed++;
        return CX_E_NO_MEMORY;
    default:
        break;
    }
    if (reader->n_fields != reader->n_columns) {
        reader->malformed++;
        reader->error_line = reader->record_line;
        if (reader->n_fields == 1 && reader->rec_len == 1)
            g_snprintf(reader->error, sizeof reader->error,
                       "line %" PRIu64 ": empty line, expected %zu fields", reader->record_line,
                       reader->n_columns);
        else
            g_snprintf(reader->error, sizeof reader->error,
                       "line %" PRIu64 ": %zu field%s, expected %zu", reader->record_line,
                       reader->n_fields, reader->n_fields == 1 ? "" : "s", reader->n_columns);
        return CX_E_MALFORMED_ROW;
    }
    reader->rows++;
    reader->have_row = 1;
    return CX_ROW;
}

int
cx_reader_field(const CxReader *reader, size_t column, const char **text, size_t *len)
{
    if (!reader || !text || !reader->have_row || column >= reader->n_fields)
        return CX_E_INVALID_ARGUMENT;
    size_t start = reader->starts[column];
    *text = reader->rec + start;
    if (len)
        *len = reader->starts[column + 1] - start - 1;
    return CX_OK;
}

int
cx_reader_field_number(const CxReader *reader, size_t column, double *value)
{
    const char *text;
    size_t len;
    int status = cx_reader_field(reader, column, &text, &len);
    if (status != CX_OK)
        return status;
    return cx_cell_parse_number(text, len, value);
}

uint64_t
cx_reader_line(const CxReader *reader)
{
    return reader ? reader->record_line : 0;
}

uint64_t
cx_reader_row_count(const CxReader *reader)
{
    return reader ? reader->rows : 0;
}

uint64_t
cx_reader_malformed_count(const CxReader *reader)
{
    return reader ? reader->malformed : 0;
}

const char *
cx_reader_error_message(const CxReader *reader)
{
    return reader ? reader->error : "";
}

uint64_t
cx_reader_error_line(const CxReader *reader)
{
    return reader ? reader->error_line : 0;
}

/* ---- batches ------------------------------------------------------------------------------------ */

/* Indexes the next window of the input from buf_pos, keeping only whole records (up to the last
 * line feed). Returns 0 when the window holds no line feed: no record can be read fast there. */
static int
index_window(CxReader *r)
{
    r->idx_len = r->idx_pos = 0;
    r->idx_buf = r->buf;
    r->idx_gen = r->gen;
    r->idx_base = r->buf_pos;
    size_t n = r->buf_len - r->buf_pos;
    if (n > INDEX_WINDOW)
        n = INDEX_WINDOW;
    if (n == 0)
        return 0;
    size_t line_feeds = 0, specials = 0;
    size_t k = cx_csv_index_at(r->level, r->buf + r->buf_pos, n, r->delimiter, r->idx,
                               &line_feeds, &specials);
    char c;
    while (k > 0 && (c = r->buf[r->idx_base + r->idx[k - 1]]) != '\n') {
        specials -= c == '"' || c == '\r';
        k--;
    }
    r->idx_len = k;
    /* Regular: no quote or CR, as many entries as line feeds × columns, and every n-th entry a
     * line feed. Then the line feeds are exactly those entries (there are no others to place),
     * so every record has n − 1 delimiters and one line feed: it is plain. All records are
     * checked here, before any is read: a short record followed by a long one would otherwise
     * pass the check of the first record's n-th entry. */
    const size_t n_cols = r->n_columns;
    int regular = specials == 0 && k == line_feeds * n_cols;
    for (size_t e = n_cols - 1; regular && e < k; e += n_cols)
        regular = r->buf[r->idx_base + r->idx[e]] == '\n';
    r->idx_regular = regular;
    return k > 0;
}

/* Reads the record at buf_pos from the index if it is plain: no quote, no lone CR, as many fields
 * as the header, ending in LF or CRLF, shorter than the maximum record size. Returns 1 and fills
 * fstart/flen, or 0 (nothing consumed) for the general parser to read it. */
static int
fast_record(CxReader *r)
{
    if (!direct_input(r) || (!index_ready(r) && !index_window(r)))
        return 0;
    /* Locals: the stores to fstart[] and flen[] could otherwise alias the reader's fields. */
    const char *buf = r->buf;
    const char delim = r->delimiter;
    const uint32_t *idx = r->idx;
    size_t *fstart = r->fstart, *flen = r->flen;
    const size_t start = r->buf_pos, base = r->idx_base, idx_len = r->idx_len;
    const size_t last_field = r->n_columns - 1;
    size_t k = r->idx_pos, nf = 0, field = start;
    for (; k < idx_len; k++) {
        size_t pos = base + idx[k];
        char c = buf[pos];
        if (c == delim) {
            if (nf >= last_field)
                return 0; /* too many fields: malformed, the general parser says so */
            fstart[nf] = field;
            flen[nf] = pos - field;
            nf++;
            field = pos + 1;
            continue;
        }
        size_t end = pos;
        if (c == '\r') {
            /* CRLF ends the record; a lone CR is left to the general parser. */
            if (k + 1 >= idx_len || base + idx[k + 1] != pos + 1 || buf[pos + 1] != '\n')
                return 0;
            k++;
            pos++;
        } else if (c != '\n') {
            return 0; /* a quote */
        }
        if (nf != last_field || pos + 2 - start >= r->max_record)
            return 0;
        fstart[nf] = field;
        flen[nf] = end - field;
        r->idx_pos = k + 1;
        r->buf_pos = pos + 1;
        r->record_line = r->line++;
        r->rows++;
        return 1;
    }
    return 0;
}

/* Reads up to @room records of a regular window (idx_regular, see index_window()) into
 * text/len: the fields of record j are the n_columns entries from j × n_columns, so only the
 * wanted ones are looked at. Returns the records read; stops (and clears idx_regular) at a
 * record longer than the maximum, for the general parser to report. */
static size_t
regular_rows(CxReader *r, const size_t *columns, size_t n_sel, const char **text, size_t *len,
             size_t room)
{
    const char *buf = r->buf;
    const uint32_t *idx = r->idx;
    const size_t n = r->n_columns, base = r->idx_base, idx_len = r->idx_len;
    const size_t max_record = r->max_record;
    size_t k = r->idx_pos, start = r->buf_pos, rows = 0;
    while (rows < room && k + n <= idx_len) {
        const uint32_t *e = idx + k;
        size_t end = base + e[n - 1];
        if (end + 2 - start >= max_record) {
            r->idx_regular = 0;
            break;
        }
        for (size_t c = 0; c < n_sel; c++) {
            size_t col = columns[c];
            size_t from = col ? base + e[col - 1] + 1 : start;
            text[c] = buf + from;
            len[c] = base + e[col] - from;
        }
        text += n_sel;
        len += n_sel;
        start = end + 1;
        k += n;
        rows++;
    }
    if (rows) {
        r->idx_pos = k;
        r->buf_pos = start;
        r->line += rows;
        r->record_line = r->line - 1;
        r->rows += rows;
    }
    return rows;
}

int
cx_reader_next_batch(CxReader *reader, const size_t *columns, size_t n_columns, size_t max_rows,
                     const char **text, size_t *len, size_t *rows)
{
    if (rows)
        *rows = 0;
    if (!reader || !columns || n_columns == 0 || max_rows == 0 || !text || !len || !rows)
        return CX_E_INVALID_ARGUMENT;
    if (n_columns > SIZE_MAX / max_rows)
        return CX_E_INVALID_ARGUMENT;
    for (size_t c = 0; c < n_columns; c++)
        if (columns[c] >= reader->n_columns)
            return CX_E_INVALID_ARGUMENT;
    int st = stopped(reader);
    if (st)
        return st;
    if (!reader->idx) {
        reader->idx = g_try_new(uint32_t, INDEX_WINDOW + CX_CSV_INDEX_SLACK);
        reader->fstart = g_try_new(size_t, reader->n_columns);
        reader->flen = g_try_new(size_t, reader->n_columns);
        if (!reader->idx || !reader->fstart || !reader->flen) {
            g_clear_pointer(&reader->idx, g_free);
            g_clear_pointer(&reader->fstart, g_free);
            g_clear_pointer(&reader->flen, g_free);
            return CX_E_NO_MEMORY;
        }
    }

    size_t n = 0;
    while (n < max_rows) {
        const char **t = text + n * n_columns;
        size_t *l = len + n * n_columns;
        if (reader->idx_regular && direct_input(reader) && index_ready(reader)) {
            size_t got = regular_rows(reader, columns, n_columns, t, l, max_rows - n);
            if (got) {
                n += got;
                continue;
            }
        }
        if (fast_record(reader)) {
            for (size_t c = 0; c < n_columns; c++) {
                t[c] = reader->buf + reader->fstart[columns[c]];
                l[c] = reader->flen[columns[c]];
            }
            n++;
            continue;
        }
        /* The general parser, for one record at the start of a batch: its fields live in the
         * record buffer, which the next such record would overwrite. */
        if (n > 0)
            break;
        reader->idx_len = 0;
        reader->idx_regular = 0;
        int status = cx_reader_next(reader);
        if (status != CX_ROW)
            return status;
        for (size_t c = 0; c < n_columns; c++) {
            t[c] = reader->rec + reader->starts[columns[c]];
            l[c] = reader->starts[columns[c] + 1] - reader->starts[columns[c]] - 1;
        }
        reader->have_row = 0;
        n = 1;
    }
    *rows = n;
    return CX_ROW;
}
