/* SPDX-License-Identifier: MIT */
/*
 * Structural index of CSV bytes (see csv-index-private.h).
 *
 * The vector levels compare each 32- or 64-byte block with the four structural bytes, turn the
 * result into a bit mask (one bit per byte) and write out the position of each set bit, lowest
 * first (count trailing zeros, clear the lowest bit). This is the first stage of the simdjson
 * design applied to CSV: G. Langdale and D. Lemire, "Parsing Gigabytes of JSON per Second", VLDB
 * Journal 28 (2019), §3.1 and §4.
 */
#include "read/csv-index-private.h"

#if CX_X86_SIMD
#include <immintrin.h>
#endif

static size_t
index_scalar(const char *p, size_t n, char delim, uint32_t *out, size_t base, size_t *line_feeds,
             size_t *specials)
{
    size_t k = 0, lf = 0, sp = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        out[k] = (uint32_t)(base + i);
        k += (c == delim) | (c == '\n') | (c == '"') | (c == '\r');
        lf += c == '\n';
        sp += (c == '"') | (c == '\r');
    }
    *line_feeds += lf;
    *specials += sp;
    return k;
}

#if CX_X86_SIMD

/* Writes the positions of the set bits four at a time, without a branch per bit (entries past
 * the count are garbage, overwritten by the next block; hence CX_CSV_INDEX_SLACK). */
__attribute__((target("bmi,popcnt"))) static inline size_t
flatten(uint64_t mask, uint32_t base, uint32_t *out)
{
    size_t count = (size_t)_mm_popcnt_u64(mask);
    while (mask) {
        out[0] = base + (uint32_t)_tzcnt_u64(mask);
        mask = _blsr_u64(mask);
        out[1] = base + (uint32_t)_tzcnt_u64(mask);
        mask = _blsr_u64(mask);
        out[2] = base + (uint32_t)_tzcnt_u64(mask);
        mask = _blsr_u64(mask);
        out[3] = base + (uint32_t)_tzcnt_u64(mask);
        mask = _blsr_u64(mask);
        out += 4;
    }
    return count;
}

__attribute__((target("avx2,bmi,popcnt"))) static size_t
index_avx2(const char *p, size_t n, char delim, uint32_t *out, size_t *line_feeds,
           size_t *specials)
{
    size_t lf_count = 0, special_count = 0;
    const __m256i d = _mm256_set1_epi8(delim), lf = _mm256_set1_epi8('\n'),
                  q = _mm256_set1_epi8('"'), cr = _mm256_set1_epi8('\r');
    size_t i = 0, k = 0;
    for (; i + 64 <= n; i += 64) {
        __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)(p + i));
        __m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + i + 32));
        __m256i la = _mm256_cmpeq_epi8(a, lf), lb = _mm256_cmpeq_epi8(b, lf);
        __m256i sa = _mm256_or_si256(_mm256_cmpeq_epi8(a, q), _mm256_cmpeq_epi8(a, cr));
        __m256i sb = _mm256_or_si256(_mm256_cmpeq_epi8(b, q), _mm256_cmpeq_epi8(b, cr));
        uint64_t lf_mask = (uint32_t)_mm256_movemask_epi8(la) |
                           ((uint64_t)(uint32_t)_mm256_movemask_epi8(lb) << 32);
        uint64_t special = (uint32_t)_mm256_movemask_epi8(sa) |
                           ((uint64_t)(uint32_t)_mm256_movemask_epi8(sb) << 32);
        uint64_t delims = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, d)) |
                          ((uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, d)) << 32);
        lf_count += (size_t)_mm_popcnt_u64(lf_mask);
        special_count += (size_t)_mm_popcnt_u64(special);
        k += flatten(delims | lf_mask | special, (uint32_t)i, out + k);
    }
    *line_feeds += lf_count;
    *specials += special_count;
    return k + index_scalar(p + i, n - i, delim, out + k, i, line_feeds, specials);
}

__attribute__((target("avx512f,avx512bw,bmi,popcnt"))) static size_t
index_avx512(const char *p, size_t n, char delim, uint32_t *out, size_t *line_feeds,
             size_t *specials)
{
    size_t lf_count = 0, special_count = 0;
    const __m512i d = _mm512_set1_epi8(delim), lf = _mm512_set1_epi8('\n'),
                  q = _mm512_set1_epi8('"'), cr = _mm512_set1_epi8('\r');
    size_t i = 0, k = 0;
    for (; i < n; i += 64) {
        __mmask64 live = n - i >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << (n - i)) - 1;
        __m512i v = _mm512_maskz_loadu_epi8(live, (const void *)(p + i));
        uint64_t lf_mask = _mm512_cmpeq_epi8_mask(v, lf) & live;
        uint64_t special = (_mm512_cmpeq_epi8_mask(v, q) | _mm512_cmpeq_epi8_mask(v, cr)) & live;
        uint64_t delims = _mm512_cmpeq_epi8_mask(v, d) & live;
        lf_count += (size_t)_mm_popcnt_u64(lf_mask);
        special_count += (size_t)_mm_popcnt_u64(special);
        k += flatten(delims | lf_mask | special, (uint32_t)i, out + k);
    }
    *line_feeds += lf_count;
    *specials += special_count;
    return k;
}

#endif /* CX_X86_SIMD */

size_t
cx_csv_index_at(CxSimdLevel level, const char *p, size_t n, char delim, uint32_t *out,
                size_t *line_feeds, size_t *specials)
{
    if (n == 0)
        return 0;
    level = cx_simd_usable(level);
#if CX_X86_SIMD
    if (level == CX_SIMD_AVX512)
        return index_avx512(p, n, delim, out, line_feeds, specials);
    if (level == CX_SIMD_AVX2)
        return index_avx2(p, n, delim, out, line_feeds, specials);
#endif
    return index_scalar(p, n, delim, out, 0, line_feeds, specials);
}
