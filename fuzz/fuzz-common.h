/* SPDX-License-Identifier: MIT */
/*
 * Shared helpers of the libFuzzer harnesses (fuzz/README.md). A harness checks the library's
 * promises on arbitrary input: no crash, no hang, no leak (ASan), no undefined behaviour (UBSan),
 * and the invariants each harness states. A broken invariant aborts with a message, which
 * libFuzzer reports as a crash and saves as a reproducer.
 */
#ifndef CX_FUZZ_COMMON_H
#define CX_FUZZ_COMMON_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cxscore/cxscore.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A GLib critical or warning inside the library means it misused GLib on some input (e.g. an
 * invalid UTF-8 string given to GVariant): make it a crash that libFuzzer reports. The handler
 * aborts, which libFuzzer catches and saves a reproducer for; a fatal log level alone would end
 * the process with SIGTRAP, which libFuzzer does not catch (no reproducer). */
static void
fuzz_glib_message(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
    (void)data;
    const char *what = (level & G_LOG_LEVEL_ERROR)      ? "ERROR"
                       : (level & G_LOG_LEVEL_CRITICAL) ? "CRITICAL"
                       : (level & G_LOG_LEVEL_WARNING)  ? "WARNING"
                                                        : NULL;
    if (!what)
        return; /* messages, info and debug output are not failures */
    fprintf(stderr, "invariant broken: the library raised %s-%s **: %s\n",
            domain ? domain : "(no domain)", what, message);
    abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_log_set_default_handler(fuzz_glib_message, NULL);
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

/* A constructor the harness needs: its arguments are valid, so anything but CX_OK is a bug
 * (or memory exhausted, which libFuzzer reports too). */
#define FUZZ_OK(call) FUZZ_CHECK((call) == CX_OK, "%s", "the call failed")

#define FUZZ_CHECK(cond, ...)                                                                     \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__, __LINE__, #cond);         \
            fprintf(stderr, __VA_ARGS__);                                                         \
            fputc('\n', stderr);                                                                  \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

/* A byte reader over the fuzzer's input: running out of bytes yields zeros. */
typedef struct {
    const uint8_t *data;
    size_t size, pos;
} FuzzBytes;

static inline uint8_t
fuzz_u8(FuzzBytes *b)
{
    return b->pos < b->size ? b->data[b->pos++] : 0;
}

static inline double
fuzz_double(FuzzBytes *b)
{
    uint8_t raw[8] = { 0 };
    for (int i = 0; i < 8; i++)
        raw[i] = fuzz_u8(b);
    double d;
    memcpy(&d, raw, sizeof d);
    return d;
}

/* A double from one byte: the interesting values (0–11, NaN, ±inf, negative, fractions, huge)
 * are far more likely than with 8 random bytes. */
static inline double
fuzz_small_double(FuzzBytes *b)
{
    uint8_t c = fuzz_u8(b);
    switch (c >> 4) {
    case 0x0:
    case 0x1:
    case 0x2:
    case 0x3:
        return (double)(c % 13);                  /* 0–12: valid and just out of range */
    case 0x4:
        return (double)(c & 0x0f) + 0.5;          /* not whole */
    case 0x5:
        return -(double)(c & 0x0f);               /* negative (and −0) */
    case 0x6:
        return (c & 1) ? INFINITY : -INFINITY;
    case 0x7:
        return (double)NAN;
    case 0x8:
        return (double)(c & 0x0f) * 1e150;         /* squares overflow */
    case 0x9:
        return (double)(c & 0x0f) * 1e-300;        /* subnormal territory */
    default:
        return (double)(c & 0x0f);
    }
}

/* Relative closeness for sums that merge in another order. */
static inline int
fuzz_close(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b))
        return a == b;
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-9 * scale;
}


/* Input handed to a reader in blocks of at most `block` bytes (cx_reader_open_callback()). */
typedef struct {
    const uint8_t *data;
    size_t size, pos, block;
} Chunks;

static inline int64_t
chunked(void *user, char *buf, size_t cap)
{
    Chunks *c = user;
    size_t n = c->size - c->pos;
    if (n > c->block)
        n = c->block;
    if (n > cap)
        n = cap;
    if (n)
        memcpy(buf, c->data + c->pos, n);
    c->pos += n;
    return (int64_t)n;
}

#endif /* CX_FUZZ_COMMON_H */
