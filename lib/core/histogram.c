/* SPDX-License-Identifier: MIT */
/*
 * Histogram of answers 0–10 in a byte array, at memory speed.
 *
 * The vector kernels compare each block of 32 or 64 bytes with the eleven values and keep one
 * byte-wide counter per lane and value; before a byte counter can wrap (255 blocks), the counters
 * are summed into 64-bit totals with PSADBW (sum of absolute differences against zero, the usual
 * horizontal byte sum; Intel® 64 and IA-32 Architectures Optimization Reference Manual). Bytes
 * above 10 are what is left: n minus the eleven counts. Counting is exact integer work, so every
 * level gives the same counts. The level is chosen at run time (simd.c).
 */
#include "core/histogram-private.h"

#include <float.h>
#include <string.h>

#if CX_X86_SIMD
#include <immintrin.h>
#endif

#define EACH_BIN(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10)

/* ---- portable ---------------------------------------------------------------------------------- */

/* Four interleaved tables, so that runs of one value do not serialize on one counter; values
 * outside 0–10 (as unsigned: negative ints too) share the twelfth bin. */
#define DEFINE_HIST_SCALAR(name, type)                                                             \
    static uint64_t name(const type *p, size_t n, uint64_t counts[CX_HIST_BINS])                  \
    {                                                                                              \
        uint64_t t[4][12];                                                                         \
        memset(t, 0, sizeof t);                                                                    \
        size_t i = 0;                                                                              \
        for (; i + 4 <= n; i += 4)                                                                 \
            for (size_t k = 0; k < 4; k++) {                                                       \
                unsigned v = (unsigned)p[i + k];                                                   \
                t[k][v > 11 ? 11 : v]++;                                                           \
            }                                                                                      \
        for (; i < n; i++) {                                                                       \
            unsigned v = (unsigned)p[i];                                                           \
            t[0][v > 11 ? 11 : v]++;                                                               \
        }                                                                                          \
        for (int v = 0; v < CX_HIST_BINS; v++)                                                     \
            counts[v] += t[0][v] + t[1][v] + t[2][v] + t[3][v];                                    \
        return t[0][11] + t[1][11] + t[2][11] + t[3][11];                                          \
    }

DEFINE_HIST_SCALAR(hist_scalar, uint8_t)
DEFINE_HIST_SCALAR(hist_scalar_int, int)

#if CX_X86_SIMD

/* ---- AVX2: 32 bytes per step --------------------------------------------------------------------- */

__attribute__((target("avx2"))) static uint64_t
hist_avx2(const uint8_t *p, size_t n, uint64_t counts[CX_HIST_BINS])
{
    const __m256i zero = _mm256_setzero_si256();
#define DECLARE(k) __m256i tot##k = zero; const __m256i val##k = _mm256_set1_epi8(k);
    EACH_BIN(DECLARE)
#undef DECLARE
    size_t i = 0;
    while (n - i >= 32) {
        size_t blocks = (n - i) / 32;
        if (blocks > 255)
            blocks = 255;
#define DECLARE(k) __m256i acc##k = zero;
        EACH_BIN(DECLARE)
#undef DECLARE
        for (size_t b = 0; b < blocks; b++, i += 32) {
            const __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
            /* A match is −1 in its lane: subtracting it counts it. */
#define COUNT(k) acc##k = _mm256_sub_epi8(acc##k, _mm256_cmpeq_epi8(v, val##k));
            EACH_BIN(COUNT)
#undef COUNT
        }
#define FOLD(k) tot##k = _mm256_add_epi64(tot##k, _mm256_sad_epu8(acc##k, zero));
        EACH_BIN(FOLD)
#undef FOLD
    }
    uint64_t counted = 0;
#define STORE(k)                                                                                   \
    {                                                                                              \
        uint64_t lane[4];                                                                          \
        _mm256_storeu_si256((__m256i *)(void *)lane, tot##k);                                      \
        uint64_t c = lane[0] + lane[1] + lane[2] + lane[3];                                        \
        counts[k] += c;                                                                            \
        counted += c;                                                                              \
    }
    EACH_BIN(STORE)
#undef STORE
    return (i - counted) + hist_scalar(p + i, n - i, counts);
}

/* ---- AVX-512 BW: 64 bytes per step, the tail through a masked load --------------------------------- */

__attribute__((target("avx512f,avx512bw"))) static uint64_t
hist_avx512(const uint8_t *p, size_t n, uint64_t counts[CX_HIST_BINS])
{
    const __m512i zero = _mm512_setzero_si512();
    const __m512i one = _mm512_set1_epi8(1);
#define DECLARE(k) __m512i tot##k = zero; const __m512i val##k = _mm512_set1_epi8(k);
    EACH_BIN(DECLARE)
#undef DECLARE
    size_t i = 0;
    while (i < n) {
        size_t blocks = (n - i + 63) / 64;
        if (blocks > 255)
            blocks = 255;
#define DECLARE(k) __m512i acc##k = zero;
        EACH_BIN(DECLARE)
#undef DECLARE
        for (size_t b = 0; b < blocks; b++) {
            __m512i v;
            __mmask64 live = ~(__mmask64)0;
            if (n - i >= 64) {
                v = _mm512_loadu_si512((const void *)(p + i));
                i += 64;
            } else {
                /* The last, partial block: masked-off bytes are not read. */
                live = ((__mmask64)1 << (n - i)) - 1;
                v = _mm512_maskz_loadu_epi8(live, (const void *)(p + i));
                i = n;
            }
#define COUNT(k) acc##k = _mm512_mask_add_epi8(acc##k, _mm512_mask_cmpeq_epi8_mask(live, v, val##k), acc##k, one);
            EACH_BIN(COUNT)
#undef COUNT
        }
#define FOLD(k) tot##k = _mm512_add_epi64(tot##k, _mm512_sad_epu8(acc##k, zero));
        EACH_BIN(FOLD)
#undef FOLD
    }
    uint64_t counted = 0;
#define STORE(k)                                                                                   \
    {                                                                                              \
        uint64_t c = (uint64_t)_mm512_reduce_add_epi64(tot##k);                                    \
        counts[k] += c;                                                                            \
        counted += c;                                                                              \
    }
    EACH_BIN(STORE)
#undef STORE
    return n - counted;
}

/* ---- weighted sums, AVX-512: eight weights per step, one masked add per answer value -------------- */

__attribute__((target("avx512f,avx512bw,avx512vl"))) static int
wsum_avx512(const uint8_t *s, const double *w, size_t n, double w1[16][CX_WSUM_LANES],
            double w2[CX_WSUM_LANES])
{
    const __m512d zero = _mm512_setzero_pd(), max = _mm512_set1_pd(DBL_MAX);
    const __m128i ten = _mm_set1_epi8(10);
#define DECLARE(k) __m512d acc##k = _mm512_loadu_pd(w1[k]); const __m128i val##k = _mm_set1_epi8(k);
    EACH_BIN(DECLARE)
#undef DECLARE
    __m512d sq = _mm512_loadu_pd(w2);
    size_t i = 0;
    for (; i + CX_WSUM_LANES <= n; i += CX_WSUM_LANES) {
        const __m512d wv = _mm512_loadu_pd(w + i);
        const __m128i sv = _mm_loadl_epi64((const __m128i *)(const void *)(s + i));
        /* Ordered comparisons: NaN fails both. */
        __mmask8 good = _mm512_cmp_pd_mask(wv, zero, _CMP_GE_OQ) &
                        _mm512_cmp_pd_mask(wv, max, _CMP_LE_OQ) &
                        (__mmask8)_mm_cmple_epu8_mask(sv, ten);
        if (good != 0xFF)
            return 0;
#define ADD(k) acc##k = _mm512_mask_add_pd(acc##k, (__mmask8)_mm_cmpeq_epi8_mask(sv, val##k), acc##k, wv);
        EACH_BIN(ADD)
#undef ADD
        sq = _mm512_add_pd(sq, _mm512_mul_pd(wv, wv));
    }
#define STORE(k) _mm512_storeu_pd(w1[k], acc##k);
    EACH_BIN(STORE)
#undef STORE
    _mm512_storeu_pd(w2, sq);
    /* The tail, lane by lane as the scalar path does. */
    for (; i < n; i++) {
        if (!(s[i] <= 10 && w[i] >= 0.0 && w[i] <= DBL_MAX))
            return 0;
        w1[s[i]][i % CX_WSUM_LANES] += w[i];
        w2[i % CX_WSUM_LANES] += w[i] * w[i];
    }
    return 1;
}

#endif /* CX_X86_SIMD */

static int
wsum_scalar(const uint8_t *s, const double *w, size_t n, double w1[16][CX_WSUM_LANES],
            double w2[CX_WSUM_LANES])
{
    for (size_t i = 0; i < n; i++) {
        if (!(s[i] <= 10 && w[i] >= 0.0 && w[i] <= DBL_MAX))
            return 0;
        w1[s[i]][i % CX_WSUM_LANES] += w[i];
        w2[i % CX_WSUM_LANES] += w[i] * w[i];
    }
    return 1;
}

/* ---- dispatch ---------------------------------------------------------------------------------- */

uint64_t
cx_hist11_u8_at(CxSimdLevel level, const uint8_t *p, size_t n, uint64_t counts[CX_HIST_BINS])
{
    if (n == 0)
        return 0;
    level = cx_simd_usable(level);
#if CX_X86_SIMD
    if (level == CX_SIMD_AVX512)
        return hist_avx512(p, n, counts);
    if (level == CX_SIMD_AVX2)
        return hist_avx2(p, n, counts);
#endif
    return hist_scalar(p, n, counts);
}

int
cx_wsum11_u8_at(CxSimdLevel level, const uint8_t *s, const double *w, size_t n,
                double w1[16][CX_WSUM_LANES], double w2[CX_WSUM_LANES])
{
    if (n == 0)
        return 1;
#if CX_X86_SIMD
    if (cx_simd_usable(level) == CX_SIMD_AVX512)
        return wsum_avx512(s, w, n, w1, w2);
#endif
    (void)level;
    return wsum_scalar(s, w, n, w1, w2);
}

uint64_t
cx_hist11_int(const int *p, size_t n, uint64_t counts[CX_HIST_BINS])
{
    return n ? hist_scalar_int(p, n, counts) : 0;
}

uint64_t
cx_hist11_u8(const uint8_t *p, size_t n, uint64_t counts[CX_HIST_BINS])
{
    return cx_hist11_u8_at(CX_SIMD_AVX512, p, n, counts);
}
