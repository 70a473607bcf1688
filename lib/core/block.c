/* SPDX-License-Identifier: MIT */
/*
 * Block kernels (see block-private.h), written lane by lane. The products and sums compile to
 * vector operations as they are; the kernels that skip NaN also have an SSE2 version on x86-64,
 * since compilers do not turn a test for NaN into a vector mask by themselves. Both versions add
 * the same terms in the same lanes and order, so they agree bit for bit (tests/test-simd.c).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/block-private.h"

#if CX_BLOCK_VECTOR
#include <emmintrin.h>
#endif

#define L CX_BLOCK_LANES

/* ((l0 + l1) + (l2 + l3)) + ((l4 + l5) + (l6 + l7)): the one order every kernel uses. */
static double
lanes_sum(const double s[L])
{
    return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

/* The second pass's sums (deviations s and squares sq from the first pass's mean, over c values)
 * as moments, with the two-pass correction. */
static CxMoments
moments_result(double c, double mean, double s, double sq)
{
    double q = sq - s * s / c;
    return cx_moments_unweighted((uint64_t)c, mean + s / c, q > 0.0 ? q : 0.0);
}

CxMoments
cx_block_moments_scalar(const double *x, size_t n)
{
    double sum[L] = { 0 }, count[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++) {
            double v = x[r + l];
            int ok = !isnan(v);
            sum[l] += ok ? v : 0.0;
            count[l] += ok ? 1.0 : 0.0;
        }
    double c = lanes_sum(count); /* exact: a count below 2^53 */
    if (!(c > 0.0))
        return cx_moments_unweighted(0, 0.0, 0.0);
    double mean = lanes_sum(sum) / c;
    double dev[L] = { 0 }, sq[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++) {
            double v = x[r + l];
            double d = isnan(v) ? 0.0 : v - mean;
            dev[l] += d;
            sq[l] += d * d;
        }
    return moments_result(c, mean, lanes_sum(dev), lanes_sum(sq));
}

void
cx_block_moments_merge(CxMoments *m, const double *x, size_t n)
{
    CxMoments b = cx_block_moments(x, n);
    cx_moments_merge(m, &b);
}

double
cx_block_dot(const double *a, size_t n, const double *b)
{
    double s[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++)
            s[l] += a[r + l] * b[r + l];
    return lanes_sum(s);
}

void
cx_block_pair_sums(const double *ci, const double *pi, const double *cj, const double *pj,
                   size_t n, double out[6])
{
    double both[L] = { 0 }, si[L] = { 0 }, sj[L] = { 0 }, cc[L] = { 0 }, sii[L] = { 0 },
           sjj[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++) {
            const double a = ci[r + l] * pj[r + l], b = pi[r + l] * cj[r + l];
            both[l] += pi[r + l] * pj[r + l];
            si[l] += a;
            sj[l] += b;
            cc[l] += ci[r + l] * cj[r + l];
            sii[l] += a * ci[r + l];
            sjj[l] += b * cj[r + l];
        }
    out[0] = lanes_sum(both);
    out[1] = lanes_sum(si);
    out[2] = lanes_sum(sj);
    out[3] = lanes_sum(cc);
    out[4] = lanes_sum(sii);
    out[5] = lanes_sum(sjj);
}

/* The second pass's sums (deviations from the first pass's means mx and mt) as an item's
 * moments, with the two-pass correction. */
static void
item_result(double c, double mx, double mt, double sa, double sb, double sxx, double stt,
            double sxt, CxBlockItem *out)
{
    double qx = sxx - sa * sa / c, qt = stt - sb * sb / c;
    out->n = c;
    out->centre = mx;
    out->dev = sa;
    out->mean = mx + sa / c;
    out->m2 = qx > 0.0 ? qx : 0.0;
    out->mean_t = mt + sb / c;
    out->m2_t = qt > 0.0 ? qt : 0.0;
    out->co_t = sxt - sa * sb / c;
}

void
cx_block_item_moments_scalar(const double *x, const double *t, size_t n, double *centred,
                             double *present, CxBlockItem *out)
{
    double count[L] = { 0 }, sx[L] = { 0 }, st[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++) {
            double v = x[r + l], w = t[r + l];
            int ok = !isnan(v) && !isnan(w);
            count[l] += ok ? 1.0 : 0.0;
            sx[l] += ok ? v : 0.0;
            st[l] += ok ? w : 0.0;
        }
    double c = lanes_sum(count);
    *out = (CxBlockItem){ 0 };
    if (!(c > 0.0)) {
        for (size_t r = 0; r < n; r++)
            centred[r] = present[r] = 0.0;
        return;
    }
    double mx = lanes_sum(sx) / c, mt = lanes_sum(st) / c;
    double dx[L] = { 0 }, dt[L] = { 0 }, xx[L] = { 0 }, tt[L] = { 0 }, xt[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++) {
            double v = x[r + l], w = t[r + l];
            int ok = !isnan(v) && !isnan(w);
            double a = ok ? v - mx : 0.0, b = ok ? w - mt : 0.0;
            centred[r + l] = a;
            present[r + l] = ok ? 1.0 : 0.0;
            dx[l] += a;
            dt[l] += b;
            xx[l] += a * a;
            tt[l] += b * b;
            xt[l] += a * b;
        }
    item_result(c, mx, mt, lanes_sum(dx), lanes_sum(dt), lanes_sum(xx), lanes_sum(tt), lanes_sum(xt), out);
}

/* ---- whole-number blocks (exact integer sums) ------------------------------------------- */

int
cx_block_whole_scalar(const double *x, size_t n, double lo, double hi)
{
    for (size_t r = 0; r < n; r++) {
        double v = x[r];
        if (!(v >= lo && v <= hi))
            return 0;
        double whole = (double)(int32_t)v; /* in range, so the conversion is defined */
        if (v > whole || v < whole)
            return 0;
    }
    return 1;
}

static int64_t
int_lanes_total(const int32_t s[L])
{
    int64_t total = 0;
    for (int l = 0; l < L; l++)
        total += s[l];
    return total;
}

int64_t
cx_block_dot16_scalar(const int16_t *a, const int16_t *b, size_t n)
{
    int32_t s[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++)
            s[l] += (int32_t)a[r + l] * b[r + l];
    return int_lanes_total(s);
}

int64_t
cx_block_sum16_scalar(const int16_t *a, size_t n)
{
    int32_t s[L] = { 0 };
    for (size_t r = 0; r < n; r += L)
        for (int l = 0; l < L; l++)
            s[l] += a[r + l];
    return int_lanes_total(s);
}

void
cx_block_gram16(const int16_t *base, const size_t *index, size_t stride, size_t k, size_t n,
                int64_t *sums, int64_t *gram)
{
    for (size_t j = 0; j < k; j++) {
        const int16_t *x = base + (index ? index[j] : j) * stride;
        sums[j] = cx_block_sum16(x, n);
        gram[j * k + j] = cx_block_dot16(x, x, n);
        for (size_t l = j + 1; l < k; l++)
            gram[j * k + l] = gram[l * k + j] =
                cx_block_dot16(x, base + (index ? index[l] : l) * stride, n);
    }
}

/* ---- SSE2 versions ------------------------------------------------------------------- */

#if CX_BLOCK_VECTOR
/* SSE2, which every x86-64 processor has: the lanes are four pairs, lane l of the eight being
 * element l % 2 of pair l / 2. (A compiler left to itself turns the NaN test into a branch or a
 * conditional move per lane.) */
#define P (L / 2)

static double
pairs_total(const __m128d v[P])
{
    double s[L];
    for (int j = 0; j < P; j++)
        _mm_storeu_pd(s + 2 * j, v[j]);
    return lanes_sum(s);
}

CxMoments
cx_block_moments(const double *x, size_t n)
{
    const __m128d one = _mm_set1_pd(1.0);
    __m128d sum[P], count[P];
    for (int j = 0; j < P; j++)
        sum[j] = count[j] = _mm_setzero_pd();
    for (size_t r = 0; r < n; r += L)
        for (int j = 0; j < P; j++) {
            __m128d v = _mm_loadu_pd(x + r + 2 * j), ok = _mm_cmpord_pd(v, v);
            sum[j] = _mm_add_pd(sum[j], _mm_and_pd(ok, v));
            count[j] = _mm_add_pd(count[j], _mm_and_pd(ok, one));
        }
    double c = pairs_total(count);
    if (!(c > 0.0))
        return cx_moments_unweighted(0, 0.0, 0.0);
    double mean = pairs_total(sum) / c;
    const __m128d mu = _mm_set1_pd(mean);
    __m128d dev[P], sq[P];
    for (int j = 0; j < P; j++)
        dev[j] = sq[j] = _mm_setzero_pd();
    for (size_t r = 0; r < n; r += L)
        for (int j = 0; j < P; j++) {
            __m128d v = _mm_loadu_pd(x + r + 2 * j);
            __m128d d = _mm_and_pd(_mm_cmpord_pd(v, v), _mm_sub_pd(v, mu));
            dev[j] = _mm_add_pd(dev[j], d);
            sq[j] = _mm_add_pd(sq[j], _mm_mul_pd(d, d));
        }
    return moments_result(c, mean, pairs_total(dev), pairs_total(sq));
}

void
cx_block_item_moments(const double *x, const double *t, size_t n, double *centred,
                      double *present, CxBlockItem *out)
{
    const __m128d one = _mm_set1_pd(1.0);
    __m128d count[P], sx[P], st[P];
    for (int j = 0; j < P; j++)
        count[j] = sx[j] = st[j] = _mm_setzero_pd();
    for (size_t r = 0; r < n; r += L)
        for (int j = 0; j < P; j++) {
            __m128d v = _mm_loadu_pd(x + r + 2 * j), w = _mm_loadu_pd(t + r + 2 * j);
            __m128d ok = _mm_and_pd(_mm_cmpord_pd(v, v), _mm_cmpord_pd(w, w));
            count[j] = _mm_add_pd(count[j], _mm_and_pd(ok, one));
            sx[j] = _mm_add_pd(sx[j], _mm_and_pd(ok, v));
            st[j] = _mm_add_pd(st[j], _mm_and_pd(ok, w));
        }
    double c = pairs_total(count);
    *out = (CxBlockItem){ 0 };
    if (!(c > 0.0)) {
        memset(centred, 0, n * sizeof *centred);
        memset(present, 0, n * sizeof *present);
        return;
    }
    double mx = pairs_total(sx) / c, mt = pairs_total(st) / c;
    const __m128d mux = _mm_set1_pd(mx), mut = _mm_set1_pd(mt);
    __m128d dx[P], dt[P], xx[P], tt[P], xt[P];
    for (int j = 0; j < P; j++)
        dx[j] = dt[j] = xx[j] = tt[j] = xt[j] = _mm_setzero_pd();
    for (size_t r = 0; r < n; r += L)
        for (int j = 0; j < P; j++) {
            __m128d v = _mm_loadu_pd(x + r + 2 * j), w = _mm_loadu_pd(t + r + 2 * j);
            __m128d ok = _mm_and_pd(_mm_cmpord_pd(v, v), _mm_cmpord_pd(w, w));
            __m128d a = _mm_and_pd(ok, _mm_sub_pd(v, mux)), b = _mm_and_pd(ok, _mm_sub_pd(w, mut));
            _mm_storeu_pd(centred + r + 2 * j, a);
            _mm_storeu_pd(present + r + 2 * j, _mm_and_pd(ok, one));
            dx[j] = _mm_add_pd(dx[j], a);
            dt[j] = _mm_add_pd(dt[j], b);
            xx[j] = _mm_add_pd(xx[j], _mm_mul_pd(a, a));
            tt[j] = _mm_add_pd(tt[j], _mm_mul_pd(b, b));
            xt[j] = _mm_add_pd(xt[j], _mm_mul_pd(a, b));
        }
    item_result(c, mx, mt, pairs_total(dx), pairs_total(dt), pairs_total(xx), pairs_total(tt), pairs_total(xt), out);
}

/* Every value of x whole and within [lo, hi]: two at a time, checked every 64 values so that a
 * block that fails stops early. */
int
cx_block_whole(const double *x, size_t n, double lo, double hi)
{
    const __m128d vlo = _mm_set1_pd(lo), vhi = _mm_set1_pd(hi);
    size_t r = 0;
    while (n - r >= 2) {
        const size_t stop = n - r >= 64 ? r + 64 : r + ((n - r) & ~(size_t)1);
        __m128d ok = _mm_cmpeq_pd(vlo, vlo);
        for (; r < stop; r += 2) {
            __m128d v = _mm_loadu_pd(x + r);
            __m128d whole = _mm_cmpeq_pd(v, _mm_cvtepi32_pd(_mm_cvttpd_epi32(v)));
            ok = _mm_and_pd(ok, _mm_and_pd(whole, _mm_and_pd(_mm_cmpge_pd(v, vlo),
                                                              _mm_cmple_pd(v, vhi))));
        }
        if (_mm_movemask_pd(ok) != 3)
            return 0;
    }
    return cx_block_whole_scalar(x + r, n - r, lo, hi);
}

/* The four 32-bit lanes of an SSE2 sum. pmaddwd adds the products of 16-bit lanes 2m and
 * 2m + 1 into 32-bit lane m; integers add exactly, so the total equals the portable version's. */
static int64_t
int_total(__m128i s)
{
    int32_t v[4];
    _mm_storeu_si128((__m128i *)v, s);
    return (int64_t)v[0] + v[1] + v[2] + v[3];
}

int64_t
cx_block_dot16(const int16_t *a, const int16_t *b, size_t n)
{
    __m128i s = _mm_setzero_si128();
    for (size_t r = 0; r < n; r += L)
        s = _mm_add_epi32(s, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(a + r)),
                                            _mm_loadu_si128((const __m128i *)(b + r))));
    return int_total(s);
}

int64_t
cx_block_sum16(const int16_t *a, size_t n)
{
    const __m128i one = _mm_set1_epi16(1);
    __m128i s = _mm_setzero_si128();
    for (size_t r = 0; r < n; r += L)
        s = _mm_add_epi32(s, _mm_madd_epi16(_mm_loadu_si128((const __m128i *)(a + r)), one));
    return int_total(s);
}

#else

CxMoments
cx_block_moments(const double *x, size_t n)
{
    return cx_block_moments_scalar(x, n);
}

void
cx_block_item_moments(const double *x, const double *t, size_t n, double *centred,
                      double *present, CxBlockItem *out)
{
    cx_block_item_moments_scalar(x, t, n, centred, present, out);
}

int
cx_block_whole(const double *x, size_t n, double lo, double hi)
{
    return cx_block_whole_scalar(x, n, lo, hi);
}

int64_t
cx_block_dot16(const int16_t *a, const int16_t *b, size_t n)
{
    return cx_block_dot16_scalar(a, b, n);
}

int64_t
cx_block_sum16(const int16_t *a, size_t n)
{
    return cx_block_sum16_scalar(a, n);
}

#endif
