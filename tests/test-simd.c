/* SPDX-License-Identifier: MIT */
/*
 * The vectorized paths against the scalar one: the 0–10 histogram at every instruction-set level
 * the CPU has (a level it lacks runs the best one it has, so the test is meaningful on any CPU and
 * under valgrind), on lengths 0–257, every byte value, unaligned starts, long runs that would
 * wrap a byte counter, and random data; then the weighted block path of cx_nps_add_u8() against
 * one answer at a time.
 */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/block-private.h"
#include "read/csv-index-private.h"
#include "core/histogram-private.h"
#include "test-common.h"

static uint64_t
splitmix(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* The reference: one byte at a time. */
static uint64_t
reference(const uint8_t *p, size_t n, uint64_t counts[CX_HIST_BINS])
{
    uint64_t above = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] <= 10)
            counts[p[i]]++;
        else
            above++;
    }
    return above;
}

/* Checks every level on p[0..n) against the reference; the message names level, offset, length. */
static void
check_all_levels(const uint8_t *p, size_t n, const char *what, size_t offset)
{
    uint64_t want[CX_HIST_BINS] = { 0 };
    uint64_t want_above = reference(p, n, want);
    for (int level = CX_SIMD_SCALAR; level <= CX_SIMD_AVX512; level++) {
        uint64_t got[CX_HIST_BINS] = { 0 };
        uint64_t above = cx_hist11_u8_at((CxSimdLevel)level, p, n, got);
        ck_assert_msg(above == want_above,
                      "%s, level %s, offset %zu, length %zu: expected %llu bytes above 10, got %llu",
                      what, cx_simd_level_name((CxSimdLevel)level), offset, n,
                      (unsigned long long)want_above, (unsigned long long)above);
        for (int v = 0; v < CX_HIST_BINS; v++)
            ck_assert_msg(got[v] == want[v],
                          "%s, level %s, offset %zu, length %zu: expected %llu answers %d, got %llu",
                          what, cx_simd_level_name((CxSimdLevel)level), offset, n,
                          (unsigned long long)want[v], v, (unsigned long long)got[v]);
    }
}

START_TEST(levels_are_ordered_and_named)
{
    CxSimdLevel best = cx_simd_best_level();
    ck_assert_int_ge(best, CX_SIMD_SCALAR);
    ck_assert_int_le(best, CX_SIMD_AVX512);
    ck_assert_str_eq(cx_simd_level_name(CX_SIMD_SCALAR), "scalar");
    ck_assert_str_eq(cx_simd_level_name(CX_SIMD_AVX2), "avx2");
    ck_assert_str_eq(cx_simd_level_name(CX_SIMD_AVX512), "avx512bw");
    /* Adds to the counts: does not reset them. */
    uint64_t counts[CX_HIST_BINS] = { 5 };
    const uint8_t one_zero = 0;
    ck_assert_uint_eq(cx_hist11_u8(&one_zero, 1, counts), 0);
    ck_assert_uint_eq(counts[0], 6);
    ck_assert_uint_eq(cx_hist11_u8(NULL, 0, counts), 0);
}
END_TEST

START_TEST(every_length_and_unaligned_start)
{
    /* Random bytes with most in 0–10 and some above, at each start offset 0–63 and each length
     * 0–257 (covers empty input, partial blocks and the tails of both vector widths). */
    enum { MAX = 257, PAD = 64 };
    static uint8_t buf[MAX + PAD];
    uint64_t seed = 11;
    for (size_t i = 0; i < sizeof buf; i++) {
        uint64_t r = splitmix(&seed);
        buf[i] = (r & 7) == 0 ? (uint8_t)(r >> 8) : (uint8_t)((r >> 8) % 11);
    }
    for (size_t offset = 0; offset < PAD; offset++)
        for (size_t n = 0; n <= MAX; n++)
            check_all_levels(buf + offset, n, "random bytes", offset);
}
END_TEST

START_TEST(every_byte_value)
{
    /* Each of the 256 byte values alone, in runs of every length up to 200, so that every
     * value lands in every lane and in the tail. */
    static uint8_t buf[200];
    for (int value = 0; value < 256; value++) {
        memset(buf, value, sizeof buf);
        for (size_t n = 1; n <= sizeof buf; n += 7)
            check_all_levels(buf, n, "one byte value", (size_t)value);
    }
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    for (size_t offset = 0; offset < 64; offset++)
        check_all_levels(all + offset, 256 - offset, "all byte values", offset);
}
END_TEST

START_TEST(long_runs_do_not_wrap_byte_counters)
{
    /* 255 blocks of 64 bytes fill a byte counter; one run of a value over several such stretches
     * (and lengths either side of each boundary) checks the flush to 64-bit totals. */
    enum { N = 255 * 64 * 3 + 100 };
    uint8_t *buf = malloc(N);
    ck_assert_ptr_nonnull(buf);
    for (int value = 0; value <= 11; value += 5) {
        memset(buf, value, N);
        const size_t lengths[] = { 255 * 32 - 1, 255 * 32, 255 * 32 + 1, 255 * 64 - 1, 255 * 64,
                                   255 * 64 + 1, 255 * 64 * 2 + 63, N };
        for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++)
            check_all_levels(buf, lengths[k], "long run", (size_t)value);
    }
    uint64_t seed = 5;
    for (size_t i = 0; i < N; i++)
        buf[i] = (uint8_t)(splitmix(&seed) % 13);
    for (size_t offset = 0; offset < 3; offset++)
        check_all_levels(buf + offset, N - offset, "long random", offset);
    free(buf);
}
END_TEST

START_TEST(nps_add_u8_counts_match_one_by_one)
{
    /* The public entry point: bulk bytes against single adds, including bytes above 10. */
    enum { N = 40000 };
    static uint8_t s[N];
    uint64_t seed = 3;
    for (size_t i = 0; i < N; i++)
        s[i] = (uint8_t)(splitmix(&seed) % 12);
    CxNps *bulk = NULL, *single = NULL;
    ck_assert_int_eq(cx_nps_new(&bulk), CX_OK);
    ck_assert_int_eq(cx_nps_new(&single), CX_OK);
    ck_assert_int_eq(cx_nps_add_u8(bulk, s, NULL, N), CX_OK);
    for (size_t i = 0; i < N; i++)
        cx_nps_add(single, s[i]);
    CxNpsResult a = { .size = sizeof a }, b = { .size = sizeof b };
    ck_assert_int_eq(cx_nps_result(bulk, &a), CX_OK);
    ck_assert_int_eq(cx_nps_result(single, &b), CX_OK);
    ck_assert_msg(memcmp(&a, &b, sizeof a) == 0,
                  "bulk and single adds differ: NPS %.17g vs %.17g, rejected %llu vs %llu", a.nps,
                  b.nps, (unsigned long long)a.rejected_out_of_range,
                  (unsigned long long)b.rejected_out_of_range);
    cx_nps_free(bulk);
    cx_nps_free(single);
}
END_TEST

START_TEST(int_and_double_arrays_match_one_by_one)
{
    /* The unweighted int and double paths tally a histogram: the same result, bit for bit, as
     * adding each answer (cx_nps_add_weighted / cx_nps_add_text rules), bad values included. */
    enum { N = 7000 };
    static int si[N];
    static double sd[N];
    static const double odd[] = { NAN, 6.5, 11.0, -1.0, -0.0, INFINITY, -INFINITY, 1e300, 10.5 };
    uint64_t seed = 41;
    for (size_t i = 0; i < N; i++) {
        uint64_t r = splitmix(&seed);
        si[i] = (r & 15) == 0 ? (int)(r >> 32) : (int)((r >> 8) % 11); /* INT_MIN..INT_MAX too */
        sd[i] = (r & 15) == 1 ? odd[(r >> 16) % 9] : (double)((r >> 8) % 11);
    }
    CxNps *a = NULL, *b = NULL;
    ck_assert_int_eq(cx_nps_new(&a), CX_OK);
    ck_assert_int_eq(cx_nps_new(&b), CX_OK);
    ck_assert_int_eq(cx_nps_add_int(a, si, NULL, N), CX_OK);
    ck_assert_int_eq(cx_nps_add_double(a, sd, NULL, N), CX_OK);
    for (size_t i = 0; i < N; i++)
        cx_nps_add_weighted(b, si[i], 1.0);
    for (size_t i = 0; i < N; i++) {
        if (isnan(sd[i])) {
            cx_nps_add_missing(b, 1);
        } else {
            char text[64];
            snprintf(text, sizeof text, "%.17g", sd[i]);
            if (isinf(sd[i]))
                cx_nps_add_text(b, "inf", 3, 1.0); /* an infinity is a text cell */
            else
                cx_nps_add_text(b, text, strlen(text), 1.0);
        }
    }
    CxNpsResult ra = { .size = sizeof ra }, rb = { .size = sizeof rb };
    ck_assert_int_eq(cx_nps_result(a, &ra), CX_OK);
    ck_assert_int_eq(cx_nps_result(b, &rb), CX_OK);
    ck_assert_msg(memcmp(&ra, &rb, sizeof ra) == 0,
                  "arrays and single adds differ: n %llu vs %llu, missing %llu vs %llu, "
                  "out of range %llu vs %llu, not integer %llu vs %llu",
                  (unsigned long long)ra.n, (unsigned long long)rb.n,
                  (unsigned long long)ra.missing, (unsigned long long)rb.missing,
                  (unsigned long long)ra.rejected_out_of_range,
                  (unsigned long long)rb.rejected_out_of_range,
                  (unsigned long long)ra.rejected_not_integer,
                  (unsigned long long)rb.rejected_not_integer);
    cx_nps_free(a);
    cx_nps_free(b);
}
END_TEST

START_TEST(weighted_blocks_match_one_by_one)
{
    /* Weighted bytes go through block sums: same counts and rejections as single adds, and
     * weighted totals equal to within a few ulps. Includes bad weights of every kind and answers
     * above 10, at lengths around the block size. */
    enum { N = 5000 };
    static uint8_t s[N];
    static double w[N];
    uint64_t seed = 17;
    for (size_t i = 0; i < N; i++) {
        uint64_t r = splitmix(&seed);
        s[i] = (uint8_t)(r % 12);
        w[i] = (double)((r >> 8) % 100000) / 997.0;
        switch ((r >> 40) % 64) {
        case 0: w[i] = NAN; break;
        case 1: w[i] = -1.5; break;
        case 2: w[i] = INFINITY; break;
        case 3: w[i] = -INFINITY; break;
        case 4: w[i] = 0.0; break;
        default: break;
        }
    }
    const size_t lengths[] = { 0, 1, 3, 1023, 1024, 1025, 2048, 4099, N };
    for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
        size_t n = lengths[k];
        CxNps *bulk = NULL, *single = NULL;
        ck_assert_int_eq(cx_nps_new(&bulk), CX_OK);
        ck_assert_int_eq(cx_nps_new(&single), CX_OK);
        ck_assert_int_eq(cx_nps_add_u8(bulk, s, w, n), CX_OK);
        for (size_t i = 0; i < n; i++)
            cx_nps_add_weighted(single, s[i], w[i]);
        CxNpsResult a = { .size = sizeof a }, b = { .size = sizeof b };
        int sa = cx_nps_result(bulk, &a), sb = cx_nps_result(single, &b);
        ck_assert_int_eq(sa, sb);
        ck_assert_msg(memcmp(a.counts, b.counts, sizeof a.counts) == 0, "counts differ at n=%zu", n);
        ck_assert_uint_eq(a.rejected_out_of_range, b.rejected_out_of_range);
        ck_assert_uint_eq(a.rejected_weight_invalid, b.rejected_weight_invalid);
        ck_assert_uint_eq(a.rejected_weight_negative, b.rejected_weight_negative);
        if (sa == CX_OK) {
            double scale = fabs(b.weight_total) + 1.0;
            cx_assert_close(a.weight_total, b.weight_total, 1e-12 * scale);
            cx_assert_close(a.n_eff, b.n_eff, 1e-9 * (b.n_eff + 1.0));
            cx_assert_close(a.nps, b.nps, 1e-10);
            cx_assert_close(a.se, b.se, 1e-10);
        }
        cx_nps_free(bulk);
        cx_nps_free(single);
    }
}
END_TEST

START_TEST(weighted_kernel_levels_are_bit_identical)
{
    /* The weighted kernel at every level against the scalar one: the same sums bit for bit on
     * every length 0–300 and start offset, and the same verdict when one answer or weight is bad,
     * wherever it sits (vector body or tail). */
    enum { MAX = 300, PAD = 8 };
    static uint8_t s[MAX + PAD];
    static double w[MAX + PAD];
    uint64_t seed = 23;
    for (size_t i = 0; i < MAX + PAD; i++) {
        uint64_t r = splitmix(&seed);
        s[i] = (uint8_t)(r % 11);
        w[i] = (double)(r >> 11) * 0x1.0p-53 * 3.0;
    }
    for (size_t offset = 0; offset < PAD; offset++) {
        for (size_t n = 0; n <= MAX; n++) {
            double a1[16][CX_WSUM_LANES] = { { 0 } }, a2[CX_WSUM_LANES] = { 0 };
            double b1[16][CX_WSUM_LANES] = { { 0 } }, b2[CX_WSUM_LANES] = { 0 };
            int ca = cx_wsum11_u8_at(CX_SIMD_SCALAR, s + offset, w + offset, n, a1, a2);
            int cb = cx_wsum11_u8_at(CX_SIMD_AVX512, s + offset, w + offset, n, b1, b2);
            ck_assert_int_eq(ca, 1);
            ck_assert_int_eq(cb, 1);
            ck_assert_msg(memcmp(a1, b1, sizeof a1) == 0 && memcmp(a2, b2, sizeof a2) == 0,
                          "weighted sums differ between scalar and %s at offset %zu, length %zu",
                          cx_simd_level_name(cx_simd_best_level()), offset, n);
        }
    }
    const double bad_weights[] = { NAN, -1.0, INFINITY, -INFINITY, -0x1p-1074 };
    for (size_t pos = 0; pos < 40; pos++) {
        for (size_t k = 0; k <= sizeof bad_weights / sizeof bad_weights[0]; k++) {
            uint8_t s2[40];
            double w2v[40];
            memcpy(s2, s, sizeof s2);
            memcpy(w2v, w, sizeof w2v);
            if (k < sizeof bad_weights / sizeof bad_weights[0])
                w2v[pos] = bad_weights[k];
            else
                s2[pos] = 11;
            for (int level = CX_SIMD_SCALAR; level <= CX_SIMD_AVX512; level++) {
                double x1[16][CX_WSUM_LANES] = { { 0 } }, x2[CX_WSUM_LANES] = { 0 };
                ck_assert_msg(cx_wsum11_u8_at((CxSimdLevel)level, s2, w2v, 40, x1, x2) == 0,
                              "level %s accepted bad input %zu at position %zu",
                              cx_simd_level_name((CxSimdLevel)level), k, pos);
            }
        }
    }
}
END_TEST

START_TEST(csv_index_levels_match_scalar)
{
    /* The structural index at every level against the scalar one: every length 0–257 at every
     * offset 0–63, over bytes drawn mostly from the structural set (delimiter, LF, quote, CR) so
     * that they sit at every position of a block and at its edges; and with other delimiters. */
    enum { MAX = 257, PAD = 64 };
    static char buf[MAX + PAD];
    static uint32_t want[MAX + PAD + CX_CSV_INDEX_SLACK], got[MAX + PAD + CX_CSV_INDEX_SLACK];
    static const char alphabet[] = ",\n\"\r;\tab7\0";
    uint64_t seed = 29;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = alphabet[splitmix(&seed) % (sizeof alphabet - 1)];
    const char delimiters[] = { ',', ';', '\t', '\0' };
    for (size_t d = 0; d < sizeof delimiters; d++) {
        for (size_t offset = 0; offset < PAD; offset++) {
            for (size_t n = 0; n <= MAX; n++) {
                size_t lf = 0, sp = 0;
                size_t k = cx_csv_index_at(CX_SIMD_SCALAR, buf + offset, n, delimiters[d], want,
                                           &lf, &sp);
                size_t want_lf = 0, want_sp = 0;
                for (size_t i = 0; i < n; i++) {
                    want_lf += buf[offset + i] == '\n';
                    want_sp += buf[offset + i] == '"' || buf[offset + i] == '\r';
                }
                ck_assert_uint_eq(lf, want_lf);
                ck_assert_uint_eq(sp, want_sp);
                for (int level = CX_SIMD_AVX2; level <= CX_SIMD_AVX512; level++) {
                    size_t lf2 = 0, sp2 = 0;
                    size_t k2 = cx_csv_index_at((CxSimdLevel)level, buf + offset, n,
                                                delimiters[d], got, &lf2, &sp2);
                    ck_assert_msg(lf2 == lf && sp2 == sp, "level %s: %zu/%zu line feeds and "
                                  "%zu/%zu quotes or CR (expected/got)",
                                  cx_simd_level_name((CxSimdLevel)level), lf, lf2, sp, sp2);
                    ck_assert_msg(k2 == k && memcmp(got, want, k * sizeof want[0]) == 0,
                                  "index at level %s, delimiter %d, offset %zu, length %zu: "
                                  "expected %zu entries, got %zu (or different offsets)",
                                  cx_simd_level_name((CxSimdLevel)level), delimiters[d], offset,
                                  n, k, k2);
                }
            }
        }
    }
}
END_TEST

/* The block kernels of cx_servqual_add_rows() and cx_alpha_add_rows(): the SSE2 versions against
 * the portable ones, bit for bit, on columns with NaN anywhere (or everywhere). */
static int
same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

START_TEST(block_kernels_match_scalar)
{
    enum { MAX = 264 };
    double x[MAX], t[MAX], c1[MAX], p1[MAX], c2[MAX], p2[MAX];
    unsigned seed = 3;
    for (size_t n = 0; n <= MAX; n += CX_BLOCK_LANES)
        for (int density = 0; density <= 4; density++) {
            for (size_t r = 0; r < n; r++) {
                seed = seed * 1664525u + 1013904223u;
                int missing = density == 4 || (int)((seed >> 20) % 4) < density;
                x[r] = missing ? (double)NAN : (double)((seed >> 8) % 7) + 1e6 * (density == 1);
                t[r] = (seed >> 24) % 9 == 0 ? (double)NAN : (double)((seed >> 12) % 13) / 3.0;
            }
            CxMoments a = cx_block_moments(x, n), b = cx_block_moments_scalar(x, n);
            ck_assert_msg(a.n == b.n && same_bits(a.mean, b.mean) && same_bits(a.m2, b.m2),
                          "moments, n %zu: (%llu, %.17g, %.17g) against scalar (%llu, %.17g, "
                          "%.17g)",
                          n, (unsigned long long)a.n, a.mean, a.m2, (unsigned long long)b.n,
                          b.mean, b.m2);
            CxBlockItem u, v;
            cx_block_item_moments(x, t, n, c1, p1, &u);
            cx_block_item_moments_scalar(x, t, n, c2, p2, &v);
            ck_assert_msg(memcmp(&u, &v, sizeof u) == 0, "item moments differ, n %zu", n);
            ck_assert_msg(n == 0 || (memcmp(c1, c2, n * sizeof *c1) == 0 &&
                                     memcmp(p1, p2, n * sizeof *p1) == 0),
                          "centred or presence columns differ, n %zu", n);
        }
}
END_TEST

/* The whole-number kernels: the check against the portable one and a plain loop, with every
 * kind of value that is not a whole number inside the scale at every position; the exact sums
 * against 64-bit loops at the magnitude limit. */
START_TEST(whole_number_kernels_match_scalar)
{
    enum { MAX = 67 };
    const double bad[] = { NAN, INFINITY, -INFINITY, 0.0, 8.0, 3.5, -0.5, 7.000000001, 1e300,
                           -1e300, 2147483648.0, -2147483649.0 };
    double x[MAX];
    for (size_t n = 0; n <= MAX; n++) {
        for (size_t r = 0; r < n; r++)
            x[r] = (double)(1 + r % 7);
        ck_assert_int_eq(cx_block_whole(x, n, 1.0, 7.0), 1);
        ck_assert_int_eq(cx_block_whole_scalar(x, n, 1.0, 7.0), 1);
        for (size_t at = 0; at < n; at++)
            for (size_t b = 0; b < sizeof bad / sizeof *bad; b++) {
                double keep = x[at];
                x[at] = bad[b];
                ck_assert_msg(cx_block_whole(x, n, 1.0, 7.0) == 0 &&
                                  cx_block_whole_scalar(x, n, 1.0, 7.0) == 0,
                              "%.17g at %zu of %zu accepted as a whole number on 1-7", bad[b], at,
                              n);
                x[at] = keep;
            }
    }
    /* Negative scales: truncation runs toward zero, so -2.5 must still be refused. */
    const double neg[] = { -3.0, -2.0, 0.0, 2.0, -2.5, -3.0 };
    ck_assert_int_eq(cx_block_whole(neg, 4, -3.0, 3.0), 1);
    ck_assert_int_eq(cx_block_whole(neg, 5, -3.0, 3.0), 0);
    ck_assert_int_eq(cx_block_whole_scalar(neg, 5, -3.0, 3.0), 0);

    enum { ROWS = CX_BLOCK_INT_ROWS };
    static int16_t a[ROWS], b[ROWS];
    unsigned seed = 5;
    for (size_t n = 0; n <= ROWS; n += CX_BLOCK_LANES)
        for (int extreme = 0; extreme < 3; extreme++) {
            int64_t dot = 0, sum = 0;
            for (size_t r = 0; r < n; r++) {
                seed = seed * 1664525u + 1013904223u;
                int lim = CX_BLOCK_INT_LIMIT;
                a[r] = (int16_t)(extreme == 1 ? lim : extreme == 2 ? -lim
                                                    : (int)((seed >> 8) % (2 * lim + 1)) - lim);
                b[r] = (int16_t)(extreme == 1 ? lim : extreme == 2 ? lim
                                                    : (int)((seed >> 16) % (2 * lim + 1)) - lim);
                dot += (int64_t)a[r] * b[r];
                sum += a[r];
            }
            ck_assert_msg(cx_block_dot16(a, b, n) == dot && cx_block_dot16_scalar(a, b, n) == dot,
                          "dot of %zu rows: %lld and %lld, expected %lld", n,
                          (long long)cx_block_dot16(a, b, n),
                          (long long)cx_block_dot16_scalar(a, b, n), (long long)dot);
            ck_assert_msg(cx_block_sum16(a, n) == sum && cx_block_sum16_scalar(a, n) == sum,
                          "sum of %zu rows: %lld and %lld, expected %lld", n,
                          (long long)cx_block_sum16(a, n), (long long)cx_block_sum16_scalar(a, n),
                          (long long)sum);
        }
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("simd");
    TCase *hist = tcase_create("histogram");
    tcase_add_test(hist, levels_are_ordered_and_named);
    tcase_add_test(hist, every_length_and_unaligned_start);
    tcase_add_test(hist, every_byte_value);
    tcase_add_test(hist, long_runs_do_not_wrap_byte_counters);
    tcase_add_test(hist, csv_index_levels_match_scalar);
    tcase_add_test(hist, block_kernels_match_scalar);
    tcase_add_test(hist, whole_number_kernels_match_scalar);
    tcase_set_timeout(hist, 60);
    suite_add_tcase(s, hist);
    TCase *nps = tcase_create("nps-bulk");
    tcase_add_test(nps, nps_add_u8_counts_match_one_by_one);
    tcase_add_test(nps, weighted_blocks_match_one_by_one);
    tcase_add_test(nps, int_and_double_arrays_match_one_by_one);
    tcase_add_test(nps, weighted_kernel_levels_are_bit_identical);
    suite_add_tcase(s, nps);
    return cx_test_run(s);
}
