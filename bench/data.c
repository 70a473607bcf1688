/* SPDX-License-Identifier: MIT */
/*
 * Deterministic benchmark data: every byte follows from constant seeds, so each run (and each
 * machine) measures the same files. The CSV files are written once into the cache directory
 * (through a temporary name, then renamed) and reused while their size is the one the
 * generator gives; the name carries a format version, so a changed generator never reuses an
 * old file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "bench.h"

/* Bump when a generator's output changes. */
#define DATA_VERSION "v1"

uint64_t
bench_random(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* A uniform number in [0, n) from 32 random bits (Lemire's multiply-shift, bias < 2⁻²⁰). */
static uint32_t
below(uint64_t r, uint32_t n)
{
    return (uint32_t)(((r >> 32) * n) >> 32);
}

void
bench_fill_u8(uint8_t *x, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i += 4) {
        uint64_t r = bench_random(&s);
        for (size_t k = 0; k < 4 && i + k < n; k++, r <<= 16)
            x[i + k] = (uint8_t)(((r >> 48) * 11) >> 16);
    }
}

void
bench_fill_weights(double *w, size_t n, uint64_t seed)
{
    uint64_t s = seed;
    for (size_t i = 0; i < n; i++)
        w[i] = 0.5 + 1.5 * (double)(bench_random(&s) >> 11) * 0x1.0p-53;
}

/* ---- a buffered writer that can also just count ------------------------------------------ */

typedef struct {
    int fd; /* -1: count the bytes only */
    char buf[1 << 20];
    size_t len;
    uint64_t total;
    int failed;
} Out;

static void
out_flush(Out *o)
{
    size_t done = 0;
    while (o->fd >= 0 && !o->failed && done < o->len) {
        ssize_t w = write(o->fd, o->buf + done, o->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            o->failed = 1;
        else
            done += (size_t)w;
    }
    o->total += o->len;
    o->len = 0;
}

/* Room for one row: every generator writes less than 256 bytes between two calls. */
static char *
out_room(Out *o)
{
    if (o->len > sizeof o->buf - 256)
        out_flush(o);
    return o->buf + o->len;
}

static void
out_str(Out *o, const char *s)
{
    size_t n = strlen(s);
    memcpy(out_room(o), s, n);
    o->len += n;
}

static void
out_uint(Out *o, uint64_t v)
{
    char tmp[24], *p = tmp + sizeof tmp;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    size_t n = (size_t)(tmp + sizeof tmp - p);
    memcpy(out_room(o), p, n);
    o->len += n;
}

static void
out_char(Out *o, char c)
{
    *out_room(o) = c;
    o->len++;
}

/* ---- the generators ------------------------------------------------------------------------ */

static const char *const channels[BENCH_CHANNELS] = { "web", "app", "phone", "store", "email" };
static const char *const regions[BENCH_REGIONS] = { "north", "south",   "east",
                                                    "west",  "central", "islands" };

/* Relative frequency of each answer 0..10 per channel: the channels' NPS differ. */
static const uint16_t answer_weights[BENCH_CHANNELS][11] = {
    { 20, 10, 15, 20, 25, 40, 60, 120, 170, 230, 290 },  /* web */
    { 10, 5, 10, 15, 20, 30, 50, 110, 180, 260, 310 },   /* app */
    { 60, 40, 50, 60, 70, 90, 100, 140, 130, 120, 140 }, /* phone */
    { 30, 20, 20, 30, 40, 60, 80, 150, 170, 190, 210 },  /* store */
    { 40, 30, 40, 50, 60, 80, 90, 150, 150, 150, 160 },  /* email */
};

/* One row's channel, region and answer, drawn from @r. */
static void
nps_tail(Out *o, uint64_t *s)
{
    uint64_t r = bench_random(s);
    uint32_t c = below(r, BENCH_CHANNELS);
    uint32_t g = below(r << 32, BENCH_REGIONS);
    uint32_t total = 0;
    for (int v = 0; v < 11; v++)
        total += answer_weights[c][v];
    uint32_t pick = below(bench_random(s), total), v = 0;
    while (pick >= answer_weights[c][v])
        pick -= answer_weights[c][v++];
    out_char(o, ',');
    out_str(o, channels[c]);
    out_char(o, ',');
    out_str(o, regions[g]);
    out_char(o, ',');
    out_uint(o, v);
    out_char(o, '\n');
}

static void
write_nps(Out *o, uint64_t rows)
{
    uint64_t s = UINT64_C(0x4E5053);
    out_str(o, "respondent_id,channel,region,score\n");
    for (uint64_t i = 0; i < rows; i++) {
        out_uint(o, i + 1);
        nps_tail(o, &s);
    }
}

static void
write_groupby(Out *o, uint64_t rows, uint64_t keys)
{
    /* Row i has the key (i mod keys)·m mod keys: a bijection of 0..keys-1 when gcd(m, keys) =
     * 1, so every key occurs (rows >= keys) and equal keys are far apart. */
    uint64_t m = UINT64_C(999983); /* prime */
    if (keys % m == 0)
        m = 1;
    uint64_t s = UINT64_C(0x475259);
    out_str(o, "respondent_id,channel,region,score\n");
    for (uint64_t i = 0; i < rows; i++) {
        out_uint(o, (i % keys) * m % keys + 1);
        nps_tail(o, &s);
    }
}

static void
write_servqual(Out *o, uint64_t rows)
{
    /* Perceptions fall short of expectations by a dimension-specific amount. Items 1-4
     * tangibles, 5-9 reliability, 10-13 responsiveness, 14-17 assurance, 18-22 empathy. */
    static const int shift_per_dimension[LOOP_SQ_DIMENSIONS] = { 0, -2, -1, 0, -1 };
    static const int dimension_of_item[LOOP_SQ_ITEMS] = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2,
                                                          2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4 };
    uint64_t s = UINT64_C(0x5345525651);
    out_str(o, "respondent_id");
    for (int i = 1; i <= LOOP_SQ_ITEMS; i++) {
        out_str(o, ",e");
        out_uint(o, (uint64_t)i);
    }
    for (int i = 1; i <= LOOP_SQ_ITEMS; i++) {
        out_str(o, ",p");
        out_uint(o, (uint64_t)i);
    }
    out_char(o, '\n');
    for (uint64_t r = 0; r < rows; r++) {
        int e[LOOP_SQ_ITEMS], level = 5 + (int)below(bench_random(&s), 3); /* 5, 6 or 7 */
        out_uint(o, r + 1);
        for (int i = 0; i < LOOP_SQ_ITEMS; i++) {
            e[i] = level + (int)below(bench_random(&s), 3) - 1;
            e[i] = e[i] < 1 ? 1 : e[i] > 7 ? 7 : e[i];
            out_char(o, ',');
            out_uint(o, (uint64_t)e[i]);
        }
        for (int i = 0; i < LOOP_SQ_ITEMS; i++) {
            int p = e[i] + shift_per_dimension[dimension_of_item[i]] +
                    (int)below(bench_random(&s), 4) - 2;
            p = p < 1 ? 1 : p > 7 ? 7 : p;
            out_char(o, ',');
            out_uint(o, (uint64_t)p);
        }
        out_char(o, '\n');
    }
}

static void
generate(Out *o, BenchFileKind kind, uint64_t rows, uint64_t keys)
{
    switch (kind) {
    case BENCH_FILE_NPS:
        write_nps(o, rows);
        break;
    case BENCH_FILE_GROUPBY:
        write_groupby(o, rows, keys);
        break;
    case BENCH_FILE_SERVQUAL:
        write_servqual(o, rows);
        break;
    }
    out_flush(o);
}

char *
bench_data_file(const char *dir, BenchFileKind kind, uint64_t rows, uint64_t keys)
{
    char *name = NULL, *path = NULL, *tmp = NULL;
    Out *o = NULL;
    if (kind == BENCH_FILE_GROUPBY && (keys == 0 || keys > rows)) {
        fprintf(stderr, "cx-bench: %llu keys for %llu rows\n", (unsigned long long)keys,
                (unsigned long long)rows);
        goto fail;
    }
    if (g_mkdir_with_parents(dir, 0755) != 0) {
        fprintf(stderr, "cx-bench: cannot create %s: %s\n", dir, g_strerror(errno));
        goto fail;
    }
    if (kind == BENCH_FILE_NPS)
        name = g_strdup_printf("nps-%s-%llu.csv", DATA_VERSION, (unsigned long long)rows);
    else if (kind == BENCH_FILE_GROUPBY)
        name = g_strdup_printf("groupby-%s-%llu-%llu.csv", DATA_VERSION, (unsigned long long)rows,
                               (unsigned long long)keys);
    else
        name = g_strdup_printf("servqual-%s-%llu.csv", DATA_VERSION, (unsigned long long)rows);
    path = g_build_filename(dir, name, NULL);

    o = g_new0(Out, 1);
    o->fd = -1;
    generate(o, kind, rows, keys); /* counts the bytes only */
    uint64_t size = o->total;
    GStatBuf st;
    if (g_stat(path, &st) == 0 && (uint64_t)st.st_size == size)
        goto done;

    fprintf(stderr, "cx-bench: writing %s (%.0f MB)\n", path, (double)size / 1e6);
    tmp = g_strdup_printf("%s.tmp.%ld", path, (long)getpid());
    memset(o, 0, sizeof *o);
    o->fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o->fd < 0) {
        fprintf(stderr, "cx-bench: cannot write %s: %s\n", tmp, g_strerror(errno));
        goto fail;
    }
    generate(o, kind, rows, keys);
    int failed = o->failed;
    if (close(o->fd) != 0)
        failed = 1;
    if (failed || o->total != size || rename(tmp, path) != 0) {
        fprintf(stderr, "cx-bench: cannot write %s: %s\n", path, g_strerror(errno));
        unlink(tmp);
        goto fail;
    }
done:
    g_free(o);
    g_free(tmp);
    g_free(name);
    return path;
fail:
    g_free(o);
    g_free(tmp);
    g_free(name);
    g_free(path);
    return NULL;
}
