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
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "core/cell-private.h"
#include "core/date-private.h"
#include "read/csv-index-private.h"
#include "read/profile-private.h"

/* Reads from a file of 1 MiB: few system calls, and the batch fast path sees long runs of whole
 * records. A read callback is asked for at most 64 KiB at a time. */
#define FD_BLOCK_SIZE (1024 * 1024)
#define CALLBACK_BLOCK_SIZE (64 * 1024)
/* A buffer decoded with options is read through blocks sized to it, of at least this much. */
#define MEMORY_MIN_BLOCK (4 * 1024)
/* The fast path indexes at most this many bytes at a time (the index needs 4 bytes per byte). */
#define INDEX_WINDOW (64 * 1024)
#define DEFAULT_MAX_RECORD (8 * 1024 * 1024)
#define MIN_MAX_RECORD 64

enum { SRC_FD, SRC_MEMORY, SRC_CALLBACK };

/* Decoding (readers opened with options): none (bytes pass through, the 0.1 openers), UTF-8
 * checked, or another encoding converted by iconv. */
enum { DEC_NONE, DEC_UTF8, DEC_ICONV };

/* ASCII taken past iconv: a single-byte encoding that extends ASCII (Windows-125x, ISO-8859-x,
 * KOI8, Mac Roman, DOS code pages), or UTF-16 in either byte order; iconv converts the rest. */
enum { FAST_NONE, FAST_SINGLE_BYTE, FAST_UTF16LE, FAST_UTF16BE };

/* What the reader does to a column's cells (cx_reader_set_number_column() and the like). */
enum { RULE_NONE, RULE_NUMBER, RULE_TIME, RULE_CHOICE };

/* Room for a cell the reader rewrites: a number in plain decimal (G_ASCII_DTOSTR_BUF_SIZE). */
#define SLOT 48
#define MAX_HEADER_ROWS 16
#define MAX_SKIP_ROWS 1000

typedef struct {
    int kind;
    const CxCellRules *rules;
    double min, max;
    int whole;
    size_t span;
    uint64_t valid, missing, rejected;
} ColRule;

struct CxReadOptions {
    char encoding[64]; /* "" = auto */
    int replace;
    char delimiter;
    size_t skip_rows, header_rows;
    char profile[32]; /* "auto", "none" or a profile's name */
};

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
    size_t idx_cap; /* entries of idx: the largest window indexed yet, plus the slack */
    size_t idx_len, idx_pos, idx_base;
    int idx_regular; /* every record of the window is plain (checked by index_window()) */
    const char *idx_buf;
    uint64_t gen, idx_gen;
    size_t *fstart, *flen; /* the fields of the record being read on the fast path */
    CxSimdLevel level;

    /* 0.2, readers opened with options: decoding in front of the parser (decode_refill()). */
    int with_options;
    int decode;
    GIConv conv;
    int fast;             /* FAST_* below: ASCII copied without iconv */
    int replace;
    char *in;             /* raw input not yet decoded: in[in_pos .. in_len) */
    size_t in_pos, in_len, in_cap;
    uint64_t in_base;     /* the input offset of in[0] */
    int in_eof;
    const char *mem;      /* memory input read through the decoder */
    size_t mem_len, mem_pos;
    int decode_pending;   /* an undecodable byte at bad_offset waits behind the bytes handed out */
    uint64_t bad_offset;
    unsigned bad_byte;
    uint64_t replaced;
    char encoding[64];
    size_t skip_rows, header_rows;
    const CxProfile *profile;
    char **header;        /* header rows 2… : header[(row − 1) × n_columns + column] */
    /* Rules on columns, and the cells they rewrite. */
    ColRule *col_rules;
    size_t *ruled;
    size_t n_ruled;
    int has_choice;
    CxCellRules *default_rules;
    char *row_slots;      /* SLOT bytes per column, for cx_reader_next() */
    const char **norm_text;
    size_t *norm_len;
    char *batch_slots;
    size_t batch_slots_cap;
    CxRejectFunc reject_func;
    void *reject_data;
};

static int decode_refill(CxReader *r);

/* ---- input ------------------------------------------------------------------------------------- */

/* Reads up to @room bytes from a file or a read callback (as much as one call gives); on a read
 * error, says why, marks the reader failed and returns −1. */
static int64_t
source_read(CxReader *r, char *dst, size_t room)
{
    int64_t got; /* CxReadFunc's type: checked against the room before any narrowing */
    if (r->source == SRC_FD) {
        ssize_t n;
        do
            n = read(r->fd, dst, room);
        while (n < 0 && errno == EINTR);
        if (n < 0)
            g_snprintf(r->error, sizeof r->error, "read error: %s", g_strerror(errno));
        got = (int64_t)n;
    } else {
        size_t ask = MIN(room, (size_t)CALLBACK_BLOCK_SIZE);
        got = r->read_func(r->user_data, dst, ask);
        if (got < 0 || (uint64_t)got > (uint64_t)ask) {
            g_snprintf(r->error, sizeof r->error, "read error: the read callback failed");
            got = -1;
        }
    }
    if (got < 0) {
        r->io_failed = 1;
        r->error_line = r->line;
    }
    return got;
}

static int
refill(CxReader *r)
{
    if (r->eof || r->io_failed)
        return 0;
    if (r->decode)
        return decode_refill(r);
    if (r->source == SRC_MEMORY) {
        r->eof = 1;
        return 0;
    }
    int64_t got = source_read(r, r->block, r->block_size);
    if (got < 0)
        return 0;
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


/* ---- decoding (readers opened with options) ------------------------------------------------------
 * The raw input is pulled into `in` and decoded into the block the parser reads: UTF-8 is checked
 * (g_utf8_validate_len()) and copied; other encodings go through GLib's iconv. A sequence cut by
 * the end of a read is carried over to the next. An undecodable byte is either replaced by
 * U+FFFD and counted, or held back: the bytes before it are handed out first, so that when the
 * parser reaches it the reader's line is the byte's line. */

/* Reads raw input into in[in_len ..]; returns the bytes read, 0 at the end, −1 on error. */
static int64_t
fill_in(CxReader *r)
{
    size_t room = r->in_cap - r->in_len;
    char *dst = r->in + r->in_len;
    if (room == 0)
        return 0;
    int64_t got;
    if (r->source == SRC_MEMORY) {
        size_t n = MIN(room, r->mem_len - r->mem_pos);
        if (n)
            memcpy(dst, r->mem + r->mem_pos, n);
        r->mem_pos += n;
        got = (int64_t)n;
    } else if ((got = source_read(r, dst, room)) < 0) {
        return -1;
    }
    if (got == 0)
        r->in_eof = 1;
    r->in_len += (size_t)got;
    return got;
}

/* Moves the undecoded bytes to the front of `in` and reads more. */
static int64_t
more_input(CxReader *r)
{
    size_t left = r->in_len - r->in_pos;
    memmove(r->in, r->in + r->in_pos, left);
    r->in_base += r->in_pos;
    r->in_pos = 0;
    r->in_len = left;
    return fill_in(r);
}

/* An undecodable byte at in_pos: replaced, or held back. Returns 1 to go on decoding. */
static int
bad_byte(CxReader *r, char *out, size_t *produced)
{
    if (r->replace) {
        memcpy(out + *produced, "\xEF\xBF\xBD", 3);
        *produced += 3;
        r->in_pos++;
        r->replaced++;
        return 1;
    }
    r->decode_pending = 1;
    r->bad_offset = r->in_base + r->in_pos;
    r->bad_byte = (unsigned char)r->in[r->in_pos];
    return 0;
}

/* The length of the ASCII run at the start of p[0..n), eight bytes at a time: most exports are
 * ASCII but for a few names, and GLib's validator reads a byte at a time. */
static size_t
ascii_prefix(const char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & UINT64_C(0x8080808080808080))
            break;
    }
    while (i < n && !((unsigned char)p[i] & 0x80))
        i++;
    return i;
}

static int
decode_refill(CxReader *r)
{
    if (r->decode_pending) {
        g_snprintf(r->error, sizeof r->error,
                   "line %" PRIu64 ": byte offset %" PRIu64 ": byte 0x%02X is not valid %s "
                   "(give the file's encoding, e.g. WINDOWS-1252, or have such bytes replaced)",
                   r->line, r->bad_offset, r->bad_byte, r->encoding);
        r->error_line = r->line;
        r->io_failed = 1;
        return 0;
    }
    char *out = r->block;
    size_t produced = 0;
    for (;;) {
        if (r->in_pos == r->in_len) {
            if (r->in_eof)
                break;
            if (more_input(r) < 0)
                return 0;
            continue;
        }
        size_t room = r->block_size - produced;
        if (room < 8)
            break;
        size_t avail = r->in_len - r->in_pos;
        if (r->decode == DEC_UTF8) {
            size_t take = MIN(avail, room);
            /* ASCII runs (NUL included: a byte like any other in a CSV cell), and GLib's check
             * of each character above 0x7F. g_utf8_validate_len() is not used: it reads a byte
             * at a time and stops at a NUL. */
            const char *p = r->in + r->in_pos;
            size_t good = 0;
            while (good < take) {
                good += ascii_prefix(p + good, take - good);
                if (good == take)
                    break;
                gunichar ch = g_utf8_get_char_validated(p + good, (gssize)(take - good));
                if (ch == (gunichar)-1 || ch == (gunichar)-2)
                    break;
                good += (size_t)g_utf8_skip[(unsigned char)p[good]];
            }
            memcpy(out + produced, r->in + r->in_pos, good);
            produced += good;
            r->in_pos += good;
            if (good == take)
                continue;
            gunichar c = g_utf8_get_char_validated(r->in + r->in_pos,
                                                   (gssize)(r->in_len - r->in_pos));
            if (c == (gunichar)-2 && !r->in_eof) { /* cut by the end of a read */
                if (more_input(r) < 0)
                    return 0;
                continue;
            }
            if (c != (gunichar)-1 && c != (gunichar)-2)
                break; /* a whole character that did not fit */
        } else {
            const char *p = r->in + r->in_pos;
            size_t limit = avail; /* what iconv is given */
            if (r->fast == FAST_SINGLE_BYTE) {
                size_t run = ascii_prefix(p, MIN(avail, room - 4));
                memcpy(out + produced, p, run);
                produced += run;
                r->in_pos += run;
                if (run) /* an ASCII run, then iconv for the bytes up to the next one */
                    continue;
                limit = 0;
                while (limit < avail && ((unsigned char)p[limit] & 0x80))
                    limit++;
            } else if (r->fast) {
                const int lo = r->fast == FAST_UTF16LE ? 0 : 1;
                size_t k = 0, units = MIN(avail, room - 4) / 2;
                /* four ASCII code units at a time: high bytes 0, low bytes below 0x80 */
                const uint64_t mask = lo ? UINT64_C(0x80FF80FF80FF80FF)
                                         : UINT64_C(0xFF80FF80FF80FF80);
                const int shift = lo ? 8 : 0;
                for (; k + 4 <= units; k += 4) {
                    uint64_t w;
                    memcpy(&w, p + 2 * k, 8);
                    if (G_BYTE_ORDER == G_BIG_ENDIAN)
                        w = GUINT64_SWAP_LE_BE(w);
                    if (w & mask)
                        break;
                    char *o = out + produced + k;
                    o[0] = (char)(w >> shift);
                    o[1] = (char)(w >> (16 + shift));
                    o[2] = (char)(w >> (32 + shift));
                    o[3] = (char)(w >> (48 + shift));
                }
                while (k < units && p[2 * k + 1 - lo] == 0 && !((unsigned char)p[2 * k + lo] & 0x80))
                    out[produced + k] = p[2 * k + lo], k++;
                produced += k;
                r->in_pos += 2 * k;
                if (k)
                    continue;
                while (2 * limit + 2 <= avail && !(p[2 * limit + 1 - lo] == 0 &&
                                                   !((unsigned char)p[2 * limit + lo] & 0x80)))
                    limit++;
                limit = 2 * limit + 2 <= avail ? 2 * limit : avail; /* a pair cut: all */
                if (limit == 0)
                    limit = avail;
            }
            gchar *ip = r->in + r->in_pos, *op = out + produced;
            gsize il = limit, ol = room - 4; /* room for U+FFFD after a bad byte */
            gsize rc = g_iconv(r->conv, &ip, &il, &op, &ol);
            int err = errno;
            r->in_pos = (size_t)(ip - r->in);
            produced = (size_t)(op - out);
            if (rc != (gsize)-1)
                continue;
            if (err == E2BIG)
                break;
            if (err == EINVAL && il < limit && limit < avail)
                continue; /* a sequence cut by the limit, not by the input: go on */
            if (err == EINVAL && !r->in_eof) {
                if (more_input(r) < 0)
                    return 0;
                continue;
            }
        }
        if (!bad_byte(r, out, &produced))
            break;
    }
    if (produced == 0) {
        if (r->decode_pending)
            return decode_refill(r);
        r->eof = 1;
        return 0;
    }
    r->buf = r->block;
    r->buf_len = produced;
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

    /* Records above the header (options only). */
    for (size_t k = 0; k < r->skip_rows; k++) {
        int skipped = read_record(r);
        if (skipped == REC_EOF) {
            g_snprintf(r->error, sizeof r->error,
                       "the input ends before the header: %zu rows to skip, %zu found",
                       r->skip_rows, k);
            return CX_E_NO_HEADER;
        }
        if (skipped == REC_IO)
            return CX_E_IO;
        if (skipped != REC_OK)
            return skipped == REC_NO_MEMORY ? CX_E_NO_MEMORY : CX_E_MALFORMED_ROW;
    }

    /* Keep the header's bytes (after any BOM) for cx_reader_set_delimiter(). */
    r->raw_len = 0;
    r->raw_too_long = r->raw_no_memory = 0;
    r->header_read = 1;
    r->capture = !r->with_options;
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
        const size_t len = r->starts[i + 1] - r->starts[i] - 1;
        /* A NUL byte inside a name would end it early, so that "ch" would name the column
         * "ch\0an": it is stored as U+FFFD (3 bytes), and a name matches only in full. */
        size_t nuls = 0;
        for (size_t k = 0; k < len; k++)
            nuls += name[k] == '\0';
        r->columns[i] = g_try_malloc(len + 2 * nuls + 1);
        if (!r->columns[i])
            return CX_E_NO_MEMORY;
        char *out = r->columns[i];
        for (size_t k = 0; k < len; k++) {
            if (name[k] == '\0') {
                memcpy(out, "\xef\xbf\xbd", 3);
                out += 3;
            } else {
                *out++ = name[k];
            }
        }
        *out = '\0';
    }
    r->n_columns = r->n_fields;
    return CX_OK;
}

/* "a, b, c, … (12 columns)": the start of the first header row, for messages. */
static void
found_columns(const CxReader *r, char *buf, size_t size)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < r->n_columns && i < 6; i++)
        g_string_append_printf(s, "%s'%s'", i ? ", " : "", r->columns[i]);
    if (r->n_columns > 6)
        g_string_append_printf(s, ", … (%zu columns)", r->n_columns);
    g_strlcpy(buf, s->str, size);
    g_string_free(s, TRUE);
}

/* The profile (explicit, checked; or detected), then the header rows after the first. */
static int
read_profile_and_header(CxReader *r, const CxReadOptions *o, const CxProfile *chosen)
{
    char found[160];
    if (chosen) {
        int ok = cx_profile_matches(chosen, r->columns, r->n_columns);
        if (ok && chosen->delimiter && r->n_columns == 1 && strchr(r->columns[0], ','))
            ok = 0; /* "a,b,c" in one field: the file is not ';'-separated */
        if (!ok) {
            GString *want = g_string_new(NULL);
            for (const char *const *sig = chosen->signature; *sig; sig++)
                g_string_append_printf(want, "%s'%s'", want->len ? ", " : "", *sig);
            found_columns(r, found, sizeof found);
            if (want->len)
                g_snprintf(r->error, sizeof r->error,
                           "the header does not match the %s profile: expected the columns %s; "
                           "found %s",
                           chosen->title, want->str, found);
            else
                g_snprintf(r->error, sizeof r->error,
                           "the header does not match the %s profile: expected fields "
                           "separated by '%c'; found one field %s",
                           chosen->title, chosen->delimiter, found);
            g_string_free(want, TRUE);
            r->error_line = 1 + r->skip_rows;
            return CX_E_MISMATCH;
        }
        r->profile = chosen;
    } else if (strcmp(o->profile, "auto") == 0) {
        const CxProfile *p;
        if (cx_profile_detect(r->columns, r->n_columns, &p) == 1)
            r->profile = p;
    }
    r->header_rows = o->header_rows ? o->header_rows : r->profile ? r->profile->header_rows : 1;
    if (r->header_rows == 1)
        return CX_OK;
    size_t extra = r->header_rows - 1;
    r->header = g_try_new0(char *, extra * r->n_columns + 1);
    if (!r->header)
        return CX_E_NO_MEMORY;
    for (size_t h = 0; h < extra; h++) {
        int rec = read_record(r);
        if (rec == REC_EOF) {
            g_snprintf(r->error, sizeof r->error,
                       "the input ends inside the header: %zu header rows expected, %zu found",
                       r->header_rows, h + 1);
            return CX_E_NO_HEADER;
        }
        if (rec == REC_IO)
            return CX_E_IO;
        if (rec == REC_NO_MEMORY)
            return CX_E_NO_MEMORY;
        if (rec == REC_MALFORMED)
            return CX_E_MALFORMED_ROW;
        if (r->n_fields != r->n_columns) {
            g_snprintf(r->error, sizeof r->error,
                       "line %" PRIu64 ": header row %zu has %zu fields, the first has %zu",
                       r->record_line, h + 2, r->n_fields, r->n_columns);
            r->error_line = r->record_line;
            return CX_E_MALFORMED_ROW;
        }
        for (size_t i = 0; i < r->n_columns; i++) {
            r->header[h * r->n_columns + i] = g_try_malloc(r->starts[i + 1] - r->starts[i]);
            if (!r->header[h * r->n_columns + i])
                return CX_E_NO_MEMORY;
            memcpy(r->header[h * r->n_columns + i], r->rec + r->starts[i],
                   r->starts[i + 1] - r->starts[i]);
        }
    }
    const CxProfile *p = r->profile;
    if (p && p->third_row_prefix && r->header_rows >= 3) {
        const char *third = r->header[r->n_columns]; /* row 3, first column */
        if (!g_str_has_prefix(third, p->third_row_prefix)) {
            g_snprintf(r->error, sizeof r->error,
                       "the header does not match the %s profile: expected a third header row "
                       "of import ids (%s…); found '%.60s'",
                       p->title, p->third_row_prefix, third);
            r->error_line = r->record_line;
            return CX_E_MISMATCH;
        }
    }
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
    if (reader->decode == DEC_ICONV)
        g_iconv_close(reader->conv);
    g_free(reader->in);
    if (reader->header)
        for (size_t i = 0; i < (reader->header_rows - 1) * reader->n_columns; i++)
            g_free(reader->header[i]);
    g_free(reader->header);
    g_free(reader->col_rules);
    g_free(reader->ruled);
    cx_cell_rules_free(reader->default_rules);
    g_free(reader->row_slots);
    g_free(reader->norm_text);
    g_free(reader->norm_len);
    g_free(reader->batch_slots);
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

/* The one rule for a delimiter, whichever setter is given it: any byte but the quote, the line
 * ends and NUL (which cx_read_options_set_delimiter() took for "the profile's": a default is
 * what is left unset, never a byte). */
static int
delimiter_allowed(char delimiter)
{
    return delimiter != '"' && delimiter != '\n' && delimiter != '\r' && delimiter != '\0';
}

int
cx_reader_set_delimiter(CxReader *reader, char delimiter)
{
    if (!reader || !delimiter_allowed(delimiter))
        return CX_E_INVALID_ARGUMENT;
    if (reader->rows || reader->malformed || reader->done || !reader->header_read ||
        reader->with_options)
        return CX_E_INVALID_ARGUMENT; /* a row was read, the input could not be opened, or
                                       * the options gave the delimiter */
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
    reader->idx_cap = 0;
    reader->error[0] = '\0';
    reader->error_line = 0;
    return read_header(reader);
}

size_t
cx_reader_default_max_record_size(void)
{
    return DEFAULT_MAX_RECORD;
}

/* ---- rules on columns and the rejects channel ------------------------------------------------- */

static void
report(CxReader *r, uint64_t line, size_t column, const char *value, size_t len, int reason)
{
    if (r->reject_func)
        r->reject_func(r->reject_data, line, column, value, len, reason);
}

static void
report_malformed(CxReader *r)
{
    report(r, r->error_line, SIZE_MAX, r->error, strlen(r->error), CX_REASON_MALFORMED_ROW);
}

/* A number in plain decimal text that cx_cell_parse_number() reads back exactly. */
static size_t
format_number(char *slot, double v)
{
    if (v >= -1e15 && v <= 1e15 && !(v > floor(v))) { /* whole: written by hand, no printf */
        uint64_t u = (uint64_t)(v < 0 ? -v : v);
        char digits[20];
        size_t k = 0, n = 0;
        do
            digits[k++] = (char)('0' + u % 10);
        while ((u /= 10) != 0);
        if (v < 0)
            slot[n++] = '-';
        while (k)
            slot[n++] = digits[--k];
        slot[n] = '\0';
        return n;
    }
    /* The shortest of 15 and 17 significant digits that reads back as v. */
    g_ascii_formatd(slot, SLOT, "%.15g", v);
    double back = g_ascii_strtod(slot, NULL);
    if (back < v || back > v)
        g_ascii_formatd(slot, SLOT, "%.17g", v);
    return strlen(slot);
}

/* A time (seconds since the epoch, whole) as ISO 8601 in UTC, "2026-01-05T11:00:00Z": what
 * cx_cell_parse_time() and cx_period_from_date() both read. */
static size_t
format_time(char *slot, double seconds)
{
    int64_t t = (int64_t)floor(seconds);
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rest = t - days * 86400, y;
    int m, d;
    cx_civil_from_days(days, &y, &m, &d);
    return (size_t)g_snprintf(slot, SLOT, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
                              (int)(rest / 3600), (int)(rest / 60 % 60), (int)(rest % 60));
}

/* Reads one cell of a number or time column by its rules: *out is the text to hand out (the
 * cell, "" when missing, or a rewritten number in @slot), and the column's counts go up. */
static void
normalize_cell(CxReader *r, size_t column, uint64_t line, const char *text, size_t len,
               char *slot, const char **out, size_t *out_len)
{
    ColRule *c = &r->col_rules[column];
    double v;
    int reason = CX_REASON_NONE;
    *out = text;
    *out_len = len;
    if (c->kind == RULE_NUMBER) {
        /* The common cell, one or two digits, without a call. */
        if ((len == 1 && text[0] >= '0' && text[0] <= '9') ||
            (len == 2 && text[0] >= '1' && text[0] <= '9' && text[1] >= '0' && text[1] <= '9')) {
            v = len == 1 ? text[0] - '0' : (text[0] - '0') * 10 + (text[1] - '0');
            if (v >= c->min && v <= c->max) {
                c->valid++;
                return;
            }
        }
        int plain = cx_cell_parse_number(text, len, &v) == CX_CELL_NUMBER;
        int kind = plain ? CX_CELL_NUMBER
                         : cx_cell_rules_parse_number(c->rules, text, len, &v, &reason);
        if (kind == CX_CELL_MISSING) {
            c->missing++;
            *out = "";
            *out_len = 0;
            return;
        }
        if (kind == CX_CELL_NUMBER) {
            if (c->whole && v > floor(v))
                reason = CX_REASON_NOT_WHOLE;
            else if (v < c->min || v > c->max)
                reason = CX_REASON_OUT_OF_RANGE;
            else {
                c->valid++;
                if (!plain) {
                    *out_len = format_number(slot, v);
                    *out = slot;
                }
                return;
            }
        }
    } else {
        int kind = cx_cell_parse_time(text, len, &v);
        if (kind == CX_CELL_NUMBER) {
            c->valid++;
            return;
        }
        /* The profile's own timestamps, unless the rules name a format (cell-private.h). */
        kind = cx_cell_rules_parse_time_in(c->rules, r->profile ? r->profile->date_formats : NULL,
                                           text, len, &v);
        if (kind == CX_CELL_NUMBER) {
            c->valid++;
            *out_len = format_time(slot, v);
            *out = slot;
            return;
        }
        if (kind == CX_CELL_MISSING) {
            c->missing++;
            *out = "";
            *out_len = 0;
            return;
        }
        reason = CX_REASON_NOT_A_TIME;
    }
    c->rejected++;
    report(r, line, column, text, len, reason);
}

/* The one chosen option of a single-choice question spread over option columns. */
static void
normalize_choice(CxReader *r, size_t column)
{
    ColRule *c = &r->col_rules[column];
    const char *chosen = NULL;
    size_t chosen_len = 0, n_chosen = 0;
    for (size_t k = column; k < column + c->span; k++) {
        const char *s;
        size_t n;
        cx_cell_trim(r->rec + r->starts[k], r->starts[k + 1] - r->starts[k] - 1, &s, &n);
        if (n == 0)
            continue;
        if (!n_chosen++) {
            chosen = s;
            chosen_len = n;
        }
    }
    r->norm_text[column] = "";
    r->norm_len[column] = 0;
    if (n_chosen == 0) {
        c->missing++;
    } else if (n_chosen == 1) {
        c->valid++;
        r->norm_text[column] = chosen;
        r->norm_len[column] = chosen_len;
    } else {
        c->rejected++;
        report(r, r->record_line, column, chosen, chosen_len, CX_REASON_SEVERAL_CHOICES);
    }
}

/* The ruled cells of the row just read by cx_reader_next(). */
static void
normalize_row(CxReader *r)
{
    for (size_t k = 0; k < r->n_ruled; k++) {
        size_t col = r->ruled[k];
        if (r->col_rules[col].kind == RULE_CHOICE) {
            normalize_choice(r, col);
            continue;
        }
        normalize_cell(r, col, r->record_line, r->rec + r->starts[col],
                       r->starts[col + 1] - r->starts[col] - 1, r->row_slots + col * SLOT,
                       &r->norm_text[col], &r->norm_len[col]);
    }
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
        report_malformed(reader);
        return CX_E_MALFORMED_ROW;
    case REC_NO_MEMORY:
        /* Counted with the malformed records (rows + malformed = records read); the message
         * names the line, and the next call reads on. */
        reader->malformed++;
        report_malformed(reader);
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
        report_malformed(reader);
        return CX_E_MALFORMED_ROW;
    }
    reader->rows++;
    reader->have_row = 1;
    if (reader->n_ruled)
        normalize_row(reader);
    return CX_ROW;
}

int
cx_reader_field(const CxReader *reader, size_t column, const char **text, size_t *len)
{
    if (!reader || !text || !reader->have_row || column >= reader->n_fields)
        return CX_E_INVALID_ARGUMENT;
    if (reader->col_rules && reader->col_rules[column].kind != RULE_NONE) {
        *text = reader->norm_text[column];
        if (len)
            *len = reader->norm_len[column];
        return CX_OK;
    }
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
 * line feed). Returns 0 when the window holds no line feed: no record can be read fast there;
 * −1 without the memory for the index (nothing consumed: a later call tries again). */
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
    /* Sized to the window, not to INDEX_WINDOW: a small input costs a small index (under ASan
     * a 256 KiB block per reader was mapped and unmapped each time, most of fuzz-csv's time). */
    if (!grow((void **)&r->idx, &r->idx_cap, n + CX_CSV_INDEX_SLACK, sizeof *r->idx))
        return -1;
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
 * fstart/flen, or 0 (nothing consumed) for the general parser to read it; −1 (nothing consumed)
 * without the memory to index the input. */
static int
fast_record(CxReader *r)
{
    if (!direct_input(r))
        return 0;
    if (!index_ready(r)) {
        int indexed = index_window(r);
        if (indexed <= 0)
            return indexed;
    }
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

/* The ruled cells of a batch (the first row is done already when the general parser read it).
 * Rows after the first are plain one-line records (fast paths), so row j's line is counted back
 * from the last row's. A column wanted twice is read once and copied. */
static void
normalize_batch(CxReader *r, const size_t *columns, size_t n_sel, const char **text, size_t *len,
                size_t rows, int general_first)
{
    const uint64_t last = r->record_line;
    for (size_t c = 0; c < n_sel; c++) {
        size_t col = columns[c], twin = c;
        if (r->col_rules[col].kind == RULE_NONE)
            continue;
        for (size_t e = 0; e < c; e++)
            if (columns[e] == col) {
                twin = e;
                break;
            }
        for (size_t j = (size_t)general_first; j < rows; j++) {
            size_t k = j * n_sel + c;
            if (twin != c) {
                text[k] = text[j * n_sel + twin];
                len[k] = len[j * n_sel + twin];
                continue;
            }
            normalize_cell(r, col, last - (rows - 1 - j), text[k], len[k],
                           r->batch_slots + k * SLOT, &text[k], &len[k]);
        }
    }
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
    if (!reader->fstart) {
        reader->fstart = g_try_new(size_t, reader->n_columns);
        reader->flen = g_try_new(size_t, reader->n_columns);
        if (!reader->fstart || !reader->flen) {
            g_clear_pointer(&reader->fstart, g_free);
            g_clear_pointer(&reader->flen, g_free);
            return CX_E_NO_MEMORY;
        }
    }

    /* Rewritten cells of ruled columns need SLOT bytes each: reserved before any row is read. */
    int ruled = 0;
    for (size_t c = 0; c < n_columns && reader->n_ruled; c++)
        ruled |= reader->col_rules[columns[c]].kind != RULE_NONE;
    if (ruled) {
        if (max_rows > SIZE_MAX / SLOT / n_columns)
            return CX_E_INVALID_ARGUMENT;
        if (!grow((void **)&reader->batch_slots, &reader->batch_slots_cap,
                  max_rows * n_columns * SLOT, 1))
            return CX_E_NO_MEMORY;
    }
    const int one_by_one = reader->has_choice; /* option columns: every field is needed */
    int general_first = 0;

    size_t n = 0;
    while (n < max_rows) {
        const char **t = text + n * n_columns;
        size_t *l = len + n * n_columns;
        if (one_by_one)
            goto general;
        if (reader->idx_regular && direct_input(reader) && index_ready(reader)) {
            size_t got = regular_rows(reader, columns, n_columns, t, l, max_rows - n);
            if (got) {
                n += got;
                continue;
            }
        }
        int fast = fast_record(reader);
        if (fast < 0) {
            if (n > 0)
                break; /* the rows so far; the next call reports it if it persists */
            return CX_E_NO_MEMORY;
        }
        if (fast) {
            for (size_t c = 0; c < n_columns; c++) {
                t[c] = reader->buf + reader->fstart[columns[c]];
                l[c] = reader->flen[columns[c]];
            }
            n++;
            continue;
        }
        /* The general parser, for one record at the start of a batch: its fields live in the
         * record buffer, which the next such record would overwrite. */
    general:
        if (n > 0)
            break;
        reader->idx_len = 0;
        reader->idx_regular = 0;
        int status = cx_reader_next(reader);
        if (status != CX_ROW)
            return status;
        for (size_t c = 0; c < n_columns; c++)
            cx_reader_field(reader, columns[c], &t[c], &l[c]); /* ruled cells: as rewritten */
        reader->have_row = 0;
        general_first = 1;
        n = 1;
        if (one_by_one)
            break;
    }
    *rows = n;
    if (ruled)
        normalize_batch(reader, columns, n_columns, text, len, n, general_first);
    return CX_ROW;
}

/* ---- options and the 0.2 openers ---------------------------------------------------------------- */

int
cx_read_options_new(CxReadOptions **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    *out = g_try_new0(CxReadOptions, 1);
    if (!*out)
        return CX_E_NO_MEMORY;
    g_strlcpy((*out)->profile, "auto", sizeof (*out)->profile);
    return CX_OK;
}

void
cx_read_options_free(CxReadOptions *options)
{
    g_free(options);
}

static int
is_utf8_name(const char *charset)
{
    return g_ascii_strcasecmp(charset, "UTF-8") == 0 || g_ascii_strcasecmp(charset, "UTF8") == 0;
}

int
cx_read_options_set_encoding(CxReadOptions *options, const char *charset)
{
    if (!options)
        return CX_E_INVALID_ARGUMENT;
    if (!charset || g_ascii_strcasecmp(charset, "auto") == 0) {
        options->encoding[0] = '\0';
        return CX_OK;
    }
    if (strlen(charset) >= sizeof options->encoding || !*charset)
        return CX_E_INVALID_ARGUMENT;
    if (!is_utf8_name(charset)) {
        GIConv conv = g_iconv_open("UTF-8", charset);
        if (conv == (GIConv)-1)
            return CX_E_INVALID_ARGUMENT;
        g_iconv_close(conv);
    }
    g_strlcpy(options->encoding, charset, sizeof options->encoding);
    return CX_OK;
}

int
cx_read_options_set_encoding_errors(CxReadOptions *options, int replace)
{
    if (!options || (replace != 0 && replace != 1))
        return CX_E_INVALID_ARGUMENT;
    options->replace = replace;
    return CX_OK;
}

int
cx_read_options_set_delimiter(CxReadOptions *options, char delimiter)
{
    if (!options || !delimiter_allowed(delimiter))
        return CX_E_INVALID_ARGUMENT;
    options->delimiter = delimiter;
    return CX_OK;
}

int
cx_read_options_set_skip_rows(CxReadOptions *options, size_t rows)
{
    if (!options || rows > MAX_SKIP_ROWS)
        return CX_E_INVALID_ARGUMENT;
    options->skip_rows = rows;
    return CX_OK;
}

int
cx_read_options_set_header_rows(CxReadOptions *options, size_t rows)
{
    if (!options || rows > MAX_HEADER_ROWS)
        return CX_E_INVALID_ARGUMENT;
    options->header_rows = rows;
    return CX_OK;
}

int
cx_read_options_set_profile(CxReadOptions *options, const char *name)
{
    if (!options || !name)
        return CX_E_INVALID_ARGUMENT;
    if (strcmp(name, "auto") != 0 && strcmp(name, "none") != 0 && !cx_profile_find(name))
        return CX_E_INVALID_ARGUMENT;
    g_strlcpy(options->profile, name, sizeof options->profile);
    return CX_OK;
}

/* Chooses the decoding: a byte-order mark (auto), or the encoding named. */
static int
setup_decoding(CxReader *r, const CxReadOptions *o, int *utf16)
{
    while (r->in_len < 4 && !r->in_eof)
        if (fill_in(r) < 0)
            return CX_E_IO;
    const unsigned char *b = (const unsigned char *)r->in;
    int le = r->in_len >= 2 && b[0] == 0xFF && b[1] == 0xFE;
    int be = r->in_len >= 2 && b[0] == 0xFE && b[1] == 0xFF;
    const char *charset = o->encoding;
    *utf16 = 0;
    if (!*charset) {
        charset = le ? "UTF-16LE" : be ? "UTF-16BE" : "UTF-8";
        if (le || be)
            r->in_pos = 2;
    } else if ((le && g_ascii_strcasecmp(charset, "UTF-16LE") == 0) ||
               (be && g_ascii_strcasecmp(charset, "UTF-16BE") == 0)) {
        r->in_pos = 2; /* iconv keeps the mark of an explicit byte order as U+FEFF */
    }
    *utf16 = g_ascii_strncasecmp(charset, "UTF-16", 6) == 0;
    g_strlcpy(r->encoding, charset, sizeof r->encoding);
    if (is_utf8_name(charset)) {
        r->decode = DEC_UTF8;
        g_strlcpy(r->encoding, "UTF-8", sizeof r->encoding);
        return CX_OK;
    }
    r->conv = g_iconv_open("UTF-8", charset);
    if (r->conv == (GIConv)-1) {
        g_snprintf(r->error, sizeof r->error, "unknown encoding '%s'", charset);
        return CX_E_INVALID_ARGUMENT;
    }
    r->decode = DEC_ICONV;
    static const char *const single_byte[] = { "WINDOWS-125", "CP125", "ISO-8859-", "ISO8859-",
                                               "ISO_8859-", "LATIN", "KOI8-", "MACINTOSH",
                                               "MAC", "CP437", "CP850", "IBM437", "IBM850" };
    for (size_t k = 0; k < G_N_ELEMENTS(single_byte); k++)
        if (g_ascii_strncasecmp(charset, single_byte[k], strlen(single_byte[k])) == 0)
            r->fast = FAST_SINGLE_BYTE;
    if (g_ascii_strcasecmp(charset, "UTF-16LE") == 0)
        r->fast = FAST_UTF16LE;
    else if (g_ascii_strcasecmp(charset, "UTF-16BE") == 0)
        r->fast = FAST_UTF16BE;
    return CX_OK;
}

static int
open_options(CxReader *r, const CxReadOptions *options, CxReader **out)
{
    if (!r)
        return CX_E_NO_MEMORY;
    *out = r;
    CxReadOptions defaults;
    if (!options) {
        memset(&defaults, 0, sizeof defaults);
        g_strlcpy(defaults.profile, "auto", sizeof defaults.profile);
        options = &defaults;
    }
    r->with_options = 1;
    r->replace = options->replace;
    r->skip_rows = options->skip_rows;
    r->header_rows = 1;
    r->in_cap = r->source == SRC_CALLBACK ? CALLBACK_BLOCK_SIZE : FD_BLOCK_SIZE;
    if (r->source == SRC_MEMORY) {
        /* Decoded into a block of its own: the buffer is read as the raw input. Both buffers
         * are sized to the input (a small buffer costs little; any size reads the same, in
         * more refills), up to a file reader's. */
        r->mem = r->buf;
        r->mem_len = r->buf_len;
        r->buf = NULL;
        r->buf_len = 0;
        r->in_cap = MIN(FD_BLOCK_SIZE, MAX(MEMORY_MIN_BLOCK, r->mem_len + 16));
        r->block_size = MIN(FD_BLOCK_SIZE, MAX(MEMORY_MIN_BLOCK, r->mem_len / 2 * 3 + 64));
        r->block = g_try_malloc(r->block_size);
        if (!r->block)
            return CX_E_NO_MEMORY;
    }
    r->in = g_try_malloc(r->in_cap);
    if (!r->in)
        return CX_E_NO_MEMORY;
    int utf16, st = setup_decoding(r, options, &utf16);
    if (st != CX_OK)
        return st;
    const CxProfile *chosen = NULL;
    if (strcmp(options->profile, "auto") != 0 && strcmp(options->profile, "none") != 0)
        chosen = cx_profile_find(options->profile);
    r->delimiter = options->delimiter       ? options->delimiter
                   : chosen && chosen->delimiter ? chosen->delimiter
                   : utf16                       ? '\t'
                                                 : ',';
    st = read_header(r);
    if (st != CX_OK)
        return st;
    return read_profile_and_header(r, options, chosen);
}

int
cx_reader_open_path_with(const char *path, const CxReadOptions *options, CxReader **out)
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
    if (fd < 0) /* the 0.1 opener says why, with the reader */
        return cx_reader_open_path(path, out);
    return cx_reader_open_fd_with(fd, 1, options, out);
}

int
cx_reader_open_fd_with(int fd, int close_fd, const CxReadOptions *options, CxReader **out)
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
    return open_options(r, options, out);
}

int
cx_reader_open_memory_with(const char *data, size_t len, const CxReadOptions *options,
                           CxReader **out)
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
    return open_options(r, options, out);
}

int
cx_reader_open_callback_with(CxReadFunc read_func, void *user_data, const CxReadOptions *options,
                             CxReader **out)
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
    return open_options(r, options, out);
}

const char *
cx_reader_profile(const CxReader *reader)
{
    return reader && reader->profile ? reader->profile->name : "";
}

const char *
cx_reader_encoding(const CxReader *reader)
{
    return reader ? reader->encoding : "";
}

uint64_t
cx_reader_replaced_count(const CxReader *reader)
{
    return reader ? reader->replaced : 0;
}

size_t
cx_reader_header_row_count(const CxReader *reader)
{
    if (!reader)
        return 0;
    return reader->header_rows ? reader->header_rows : 1;
}

const char *
cx_reader_header_cell(const CxReader *reader, size_t row, size_t column)
{
    if (!reader || column >= reader->n_columns || row >= cx_reader_header_row_count(reader))
        return NULL;
    if (row == 0)
        return reader->columns[column];
    return reader->header ? reader->header[(row - 1) * reader->n_columns + column] : NULL;
}

size_t
cx_reader_choice_span(const CxReader *reader, size_t column)
{
    if (!reader || column >= reader->n_columns)
        return 0;
    size_t span = 1;
    if (cx_reader_header_row_count(reader) < 2 || !reader->columns[column][0])
        return 1;
    while (column + span < reader->n_columns && !reader->columns[column + span][0])
        span++;
    return span;
}

/* The first column of the option group that holds @column (itself when not an option). */
static size_t
group_of(const CxReader *reader, size_t column)
{
    if (cx_reader_header_row_count(reader) < 2)
        return column;
    while (column > 0 && !reader->columns[column][0])
        column--;
    return column;
}

int
cx_reader_find_column(CxReader *reader, const char *query, size_t *index)
{
    if (!reader || !query || !index)
        return CX_E_INVALID_ARGUMENT;
    int st = cx_reader_column_index(reader, query, index);
    if (st != CX_E_COLUMN_NOT_FOUND || !*query)
        return st;
    char *needle = g_utf8_casefold(query, -1);
    GArray *hits = g_array_new(FALSE, FALSE, sizeof(size_t));
    for (size_t col = 0; col < reader->n_columns; col++) {
        size_t g = group_of(reader, col);
        if (cx_profile_is_metadata(reader->profile, reader->columns[g]))
            continue;
        int hit = 0;
        for (size_t row = 0; row < cx_reader_header_row_count(reader) && !hit; row++) {
            const char *text = cx_reader_header_cell(reader, row, col);
            char *folded = g_utf8_casefold(text ? text : "", -1);
            hit = strstr(folded, needle) != NULL;
            g_free(folded);
        }
        if (hit && (hits->len == 0 || g_array_index(hits, size_t, hits->len - 1) != g))
            g_array_append_val(hits, g);
    }
    g_free(needle);
    st = hits->len == 0 ? CX_E_COLUMN_NOT_FOUND : hits->len == 1 ? CX_OK : CX_E_COLUMN_DUPLICATE;
    if (st == CX_OK)
        *index = g_array_index(hits, size_t, 0);
    if (st == CX_E_COLUMN_DUPLICATE) {
        GString *list = g_string_new(NULL);
        for (guint k = 0; k < hits->len; k++) {
            size_t col = g_array_index(hits, size_t, k);
            const char *text = reader->header_rows >= 2 ? cx_reader_header_cell(reader, 1, col)
                                                        : NULL;
            g_string_append_printf(list, "%s'%s'", k ? ", " : "", reader->columns[col]);
            if (text && *text)
                g_string_append_printf(list, " (%.40s)", text);
        }
        g_snprintf(reader->error, sizeof reader->error, "'%s' matches %u columns: %s", query,
                   hits->len, list->str);
        g_string_free(list, TRUE);
        *index = g_array_index(hits, size_t, 0);
    }
    g_array_free(hits, TRUE);
    return st;
}

/* Sets up a column's rule; the first call allocates the per-column tables. */
static int
add_rule(CxReader *reader, size_t column, const ColRule *rule)
{
    if (!reader || column >= reader->n_columns || reader->rows || reader->malformed ||
        reader->done)
        return CX_E_INVALID_ARGUMENT;
    if (!reader->col_rules) {
        size_t n = reader->n_columns;
        reader->col_rules = g_try_new0(ColRule, n);
        reader->ruled = g_try_new(size_t, n);
        reader->row_slots = g_try_malloc(n * SLOT);
        reader->norm_text = g_try_new0(const char *, n);
        reader->norm_len = g_try_new0(size_t, n);
        if (!reader->col_rules || !reader->ruled || !reader->row_slots || !reader->norm_text ||
            !reader->norm_len) {
            g_clear_pointer(&reader->col_rules, g_free);
            g_clear_pointer(&reader->ruled, g_free);
            g_clear_pointer(&reader->row_slots, g_free);
            g_clear_pointer(&reader->norm_text, g_free);
            g_clear_pointer(&reader->norm_len, g_free);
            return CX_E_NO_MEMORY;
        }
    }
    if (!rule->rules && rule->kind != RULE_CHOICE && !reader->default_rules &&
        cx_cell_rules_new(&reader->default_rules) != CX_OK)
        return CX_E_NO_MEMORY;
    if (reader->col_rules[column].kind == RULE_NONE)
        reader->ruled[reader->n_ruled++] = column;
    reader->col_rules[column] = *rule;
    if (!rule->rules)
        reader->col_rules[column].rules = reader->default_rules;
    if (rule->kind == RULE_CHOICE)
        reader->has_choice = 1;
    return CX_OK;
}

int
cx_reader_set_number_column(CxReader *reader, size_t column, const CxCellRules *rules,
                            double min, double max, int whole)
{
    if (isnan(min) || isnan(max) || min > max)
        return CX_E_INVALID_ARGUMENT;
    ColRule rule = { .kind = RULE_NUMBER, .rules = rules, .min = min, .max = max,
                     .whole = whole != 0, .span = 1 };
    return add_rule(reader, column, &rule);
}

int
cx_reader_set_time_column(CxReader *reader, size_t column, const CxCellRules *rules)
{
    ColRule rule = { .kind = RULE_TIME, .rules = rules, .min = -HUGE_VAL, .max = HUGE_VAL,
                     .span = 1 };
    return add_rule(reader, column, &rule);
}

int
cx_reader_set_choice_column(CxReader *reader, size_t column, size_t span)
{
    if (!reader || span == 0 || column >= reader->n_columns ||
        span > reader->n_columns - column)
        return CX_E_INVALID_ARGUMENT;
    ColRule rule = { .kind = RULE_CHOICE, .span = span };
    return add_rule(reader, column, &rule);
}

int
cx_reader_set_reject_func(CxReader *reader, CxRejectFunc func, void *user_data)
{
    if (!reader)
        return CX_E_INVALID_ARGUMENT;
    reader->reject_func = func;
    reader->reject_data = user_data;
    return CX_OK;
}

int
cx_reader_column_counts(const CxReader *reader, size_t column, uint64_t *valid,
                        uint64_t *missing, uint64_t *rejected)
{
    if (!reader || column >= reader->n_columns || !reader->col_rules ||
        reader->col_rules[column].kind == RULE_NONE)
        return CX_E_INVALID_ARGUMENT;
    const ColRule *c = &reader->col_rules[column];
    if (valid)
        *valid = c->valid;
    if (missing)
        *missing = c->missing;
    if (rejected)
        *rejected = c->rejected;
    return CX_OK;
}
