/* SPDX-License-Identifier: MIT */
/*
 * cx-bench: the benchmark of libcxscore and the cxscore command (issue #6).
 *
 * - data.c: deterministic data (splitmix64 with constant seeds), written once into a cache
 *   directory and reused while its size is right;
 * - loops.c: the single-purpose C loops the CLI is compared with;
 * - naive.c: the naive histogram loops the array API is compared with (compiled without
 *   auto-vectorization);
 * - cx-bench.c: options, timing, spawning the CLI, the results table.
 */
#ifndef CX_BENCH_H
#define CX_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* ---- deterministic data (data.c) ----------------------------------------------------------- */

/* The next number of a splitmix64 sequence (Steele, Lea & Flood, OOPSLA 2014). */
uint64_t bench_random(uint64_t *state);

/* @n answers 0..10 (uniform), from @seed. */
void bench_fill_u8(uint8_t *x, size_t n, uint64_t seed);
/* @n survey weights in [0.5, 2), from @seed. */
void bench_fill_weights(double *w, size_t n, uint64_t seed);

/* The generated CSV files. */
typedef enum {
    /* respondent_id,channel,region,score: unique ids, 5 channels, 6 regions, 0..10. */
    BENCH_FILE_NPS,
    /* The same columns; respondent_id takes exactly @keys distinct values, in scrambled order. */
    BENCH_FILE_GROUPBY,
    /* respondent_id,e1..e22,p1..p22: the built-in SERVQUAL (1991) columns, answers 1..7. */
    BENCH_FILE_SERVQUAL
} BenchFileKind;

/* The path of a data file in @dir (created if needed), written first if it is absent or not
 * of the expected size. @keys is used by BENCH_FILE_GROUPBY only (1 <= keys <= rows). Returns
 * a path to free with g_free(), or NULL after a message on standard error. */
char *bench_data_file(const char *dir, BenchFileKind kind, uint64_t rows, uint64_t keys);

/* A library call whose arguments are valid: anything but CX_OK (memory exhausted) ends the
 * benchmark with the status's name. */
#define BENCH_OK(call)                                                                           \
    do {                                                                                         \
        int bench_status_ = (call);                                                              \
        if (bench_status_ != 0) {                                                                \
            fprintf(stderr, "cx-bench: %s failed: %s\n", #call, cx_strerror(bench_status_));   \
            exit(1);                                                                             \
        }                                                                                        \
    } while (0)

/* The names of the generated channels and regions. */
#define BENCH_CHANNELS 5
#define BENCH_REGIONS 6

/* ---- single-purpose loops (loops.c) -------------------------------------------------------- */

#define LOOP_KEY_MAX 48
#define LOOP_GROUPS_MAX 64

typedef struct {
    char key[LOOP_KEY_MAX]; /* the raw bytes of column 2, or of columns 2 and 3 with their comma */
    uint64_t counts[11];    /* answers 0..10 */
    uint64_t n, promoters, passives, detractors;
    double nps;
} LoopGroup;

typedef struct {
    uint64_t rows;     /* data rows read */
    uint64_t rejected; /* last fields that are not 0..10 */
    LoopGroup all;     /* every row */
    size_t n_groups;   /* 0 when not grouping */
    LoopGroup groups[LOOP_GROUPS_MAX];
} LoopNps;

/* NPS of the last column of a CSV file (header skipped), overall and grouped by the text of
 * column 2 (@by = 1) or of columns 2 and 3 (@by = 2); read() with a 1 MiB buffer, no quotes.
 * Returns 0, or -1 after a message. */
int loop_nps(const char *path, int by, LoopNps *out);

/* Index of a group's key in @out (-1 if none). */
int loop_nps_find(const LoopNps *out, const char *key);

#define LOOP_SQ_ITEMS 22
#define LOOP_SQ_DIMENSIONS 5

typedef struct {
    uint64_t rows;
    double gap[LOOP_SQ_DIMENSIONS]; /* mean over the dimension's items of mean(p - e) */
} LoopServqual;

/* The five dimension gaps of a file laid out as BENCH_FILE_SERVQUAL writes it (every answer
 * present; the header is checked). Returns 0, or -1 after a message. */
int loop_servqual(const char *path, LoopServqual *out);

/* The 1991 instrument's dimension names, in order (as cxscore servqual prints them). */
extern const char *const loop_sq_dimension_names[LOOP_SQ_DIMENSIONS];

/* ---- naive histograms (naive.c, compiled without auto-vectorization) ----------------------- */

/* h[x[i]]++ over 256 bins. */
void naive_u8(const uint8_t *x, size_t n, uint64_t *h);
/* h[x[i]]++ and wsum[x[i]] += w[i] over 256 bins. */
void naive_u8_weighted(const uint8_t *x, const double *w, size_t n, uint64_t *h, double *wsum);
/* h[x[i]]++ for 0..10, h[11]++ for anything else. */
void naive_int(const int *x, size_t n, uint64_t *h);
/* h[(int)x[i]]++ for whole numbers 0..10, h[11]++ for anything else. */
void naive_double(const double *x, size_t n, uint64_t *h);

#endif /* CX_BENCH_H */
