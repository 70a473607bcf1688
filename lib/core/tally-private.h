/* SPDX-License-Identifier: MIT */
/*
 * Answers on a small whole-number scale, tallied: per point of the scale the valid answers and
 * their compensated Σw (a weighted histogram, so that results do not depend on the order of the
 * answers and merges are exact in counts); the missing answers; the rejected ones by reason; Σw²
 * for Kish's effective sample size; and a reserve that keeps every count, and every sum of counts
 * a result takes, below 2^64. The state of cx_nps_* and cx_rating_*; the loyalty index keeps the
 * bins of its items with the same helpers (cx_tally_bins_*). Not installed.
 *
 * How an answer counts, in every module (cx_answer_classify()): NaN is missing; ±infinity is a
 * cell that held text (not a number, cxscore.h); then a fraction is not an integer and a whole
 * number outside the scale out of range; a valid answer's weight must be finite (else weight
 * invalid) and ≥ 0 (else weight negative).
 */
#ifndef CX_TALLY_PRIVATE_H
#define CX_TALLY_PRIVATE_H

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util-private.h"

/* Why an answer is rejected: the order of the counters in every state. */
enum {
    CX_REJECT_OUT_OF_RANGE,
    CX_REJECT_NOT_INTEGER,
    CX_REJECT_NOT_A_NUMBER,
    CX_REJECT_WEIGHT_NEGATIVE,
    CX_REJECT_WEIGHT_INVALID,
    CX_REJECT_REASONS,
    /* The other answers of cx_answer_classify(). */
    CX_ANSWER_MISSING = CX_REJECT_REASONS,
    CX_ANSWER_VALID
};

/* The most points a tally has (a rating scale's, cx-rating.h). */
#define CX_TALLY_MAX_POINTS 101

/* One point of the scale. */
typedef struct {
    uint64_t count; /* valid answers */
    CxSum weight;   /* their Σw */
} CxTallyBin;

typedef struct {
    int32_t lo;                           /* the answer that bin[0] counts */
    uint32_t points;                      /* bins: answers lo … lo + points − 1 */
    uint64_t missing;                     /* NaN answers */
    uint64_t rejected[CX_REJECT_REASONS]; /* by reason */
    CxSum weight_sq;                      /* Σw² over the valid answers */
    uint64_t answers; /* every answer held: valid + missing + rejected (not stored, recounted) */
    CxTallyBin bin[];
} CxTally;

/* How the answer x counts on the whole-number scale lo … hi: CX_ANSWER_VALID, CX_ANSWER_MISSING,
 * or the reason it is rejected (see the top of the file; its weight is checked apart). */
static inline int
cx_answer_classify(double x, double lo, double hi)
{
    if (isnan(x))
        return CX_ANSWER_MISSING;
    if (isinf(x)) /* a cell that held text */
        return CX_REJECT_NOT_A_NUMBER;
    if (x > floor(x)) /* finite and not whole */
        return CX_REJECT_NOT_INTEGER;
    if (x < lo || x > hi)
        return CX_REJECT_OUT_OF_RANGE;
    return CX_ANSWER_VALID;
}

/* ---- the tally ------------------------------------------------------------------------------- */

/* A tally of the answers lo … lo + points − 1 (1 ≤ points ≤ CX_TALLY_MAX_POINTS), all zero; NULL
 * when out of memory. */
CxTally *cx_tally_new(int lo, size_t points);

/* The bytes of a tally of `points` answers (its struct and bins), for a caller that keeps it in a
 * block of its own. */
size_t cx_tally_size(size_t points);

/* A copy of t, or NULL when out of memory. */
CxTally *cx_tally_copy(const CxTally *t);

void cx_tally_free(CxTally *t);

/* Back to zero answers, same scale. */
void cx_tally_reset(CxTally *t);

/* Reserves room for n more answers: false, and nothing reserved, if the answers held would pass
 * 2^64 − 1. Every add below takes an answer the caller has reserved room for. */
static inline int
cx_tally_reserve(CxTally *t, uint64_t n)
{
    return cx_u64_add(t->answers, n, &t->answers);
}

/* Counts n missing answers. */
static inline void
cx_tally_add_missing(CxTally *t, uint64_t n)
{
    t->missing += n;
}

/* Counts n answers rejected for `reason` (a CX_REJECT_* below CX_REJECT_REASONS). */
static inline void
cx_tally_reject(CxTally *t, int reason, uint64_t n)
{
    t->rejected[reason] += n;
}

/* Adds a valid answer of weight w (finite, ≥ 0) to its bin. */
static inline void
cx_tally_bin_add(CxTallyBin *bin, double w)
{
    bin->count++;
    cx_sum_add(&bin->weight, w);
}

/* Adds the valid answer at bin `point` with weight w, or rejects it for its weight. */
static inline void
cx_tally_add(CxTally *t, size_t point, double w)
{
    if (G_UNLIKELY(!isfinite(w))) {
        t->rejected[CX_REJECT_WEIGHT_INVALID]++;
        return;
    }
    if (G_UNLIKELY(w < 0.0)) {
        t->rejected[CX_REJECT_WEIGHT_NEGATIVE]++;
        return;
    }
    cx_tally_bin_add(&t->bin[point], w);
    cx_sum_add(&t->weight_sq, w * w);
}

/* Classifies a numeric answer (cx_answer_classify()) and counts it with weight w. */
static inline void
cx_tally_add_number(CxTally *t, double x, double w)
{
    const double lo = (double)t->lo;
    const int what = cx_answer_classify(x, lo, lo + (double)(t->points - 1));
    if (what == CX_ANSWER_VALID)
        cx_tally_add(t, (size_t)(x - lo), w);
    else if (what == CX_ANSWER_MISSING)
        t->missing++;
    else
        t->rejected[what]++;
}

/* A cell's text (cx_cell_parse_number(): a number, missing, or not a number) with weight w. */
void cx_tally_add_text(CxTally *t, const char *text, size_t len, double w);

/* Adds counts[p] answers of weight 1 to each bin p. Sums of ones are exact below 2^53, so this is
 * adding 1.0 that many times, bit for bit. */
void cx_tally_add_counts(CxTally *t, const uint64_t *counts);

/* Adds a block of weighted answers summed elsewhere: counts[p] answers of Σw weights[p] to each
 * bin p (the bins with a count only), and weight_sq to Σw². */
void cx_tally_add_block(CxTally *t, const uint64_t *counts, const double *weights,
                        double weight_sq);

/* The Σw of bin `point`. */
static inline double
cx_tally_weight(const CxTally *t, size_t point)
{
    return cx_sum_value(&t->bin[point].weight);
}

/* The rejected answers, every reason. */
uint64_t cx_tally_rejected(const CxTally *t);

/* Copies t's missing and rejected counts into the result struct `res` (CxNpsResult,
 * CxRatingResult: the fields of the same names). */
#define CX_TALLY_RESULT_COUNTS(res, t)                                                           \
    do {                                                                                         \
        (res).missing = (t)->missing;                                                            \
        (res).rejected_out_of_range = (t)->rejected[CX_REJECT_OUT_OF_RANGE];                     \
        (res).rejected_not_integer = (t)->rejected[CX_REJECT_NOT_INTEGER];                       \
        (res).rejected_not_a_number = (t)->rejected[CX_REJECT_NOT_A_NUMBER];                     \
        (res).rejected_weight_negative = (t)->rejected[CX_REJECT_WEIGHT_NEGATIVE];               \
        (res).rejected_weight_invalid = (t)->rejected[CX_REJECT_WEIGHT_INVALID];                 \
        (res).rejected = cx_tally_rejected(t);                                                   \
    } while (0)

/* Adds src into dst. CX_E_MISMATCH if their scales differ; CX_E_OVERFLOW, leaving dst unchanged,
 * if any count would pass 2^64 − 1 (every count is checked before one changes). */
int cx_tally_merge(CxTally *dst, const CxTally *src);

/*
 * Serialized, a tally is six fields of a tuple, of types CX_TALLY_FIELDS: at counts (one per
 * point), t missing, at rejected (one per reason), ad weights (Σw and its compensation per point),
 * d Σw², d its compensation. The scale is the owner's to store.
 */
#define CX_TALLY_FIELDS "attataddd"

/* Adds the six fields to a tuple being built. */
void cx_tally_build(const CxTally *t, GVariantBuilder *tuple);

/* Reads the six fields from children first … first + 5 of `tuple` into t, a tally of zero
 * answers on the owner's scale. CX_E_CORRUPT if an array's length is not the scale's, a sum is
 * not finite or negative, a point has weight without a count, Σw² is there without answers, or
 * Σw and Σw² are not what the counts' weights can give (cx_weight_sums_consistent());
 * CX_E_OVERFLOW if the answers pass 2^64 − 1. On failure t holds part of the state: reset or free
 * it. */
int cx_tally_read(CxTally *t, GVariant *tuple, size_t first);

/* ---- bins alone (the loyalty index's items) -------------------------------------------------- */

/* Whether every count of src can be added to dst's without passing 2^64 − 1. */
int cx_tally_bins_fit(const CxTallyBin *dst, const CxTallyBin *src, size_t n);

/* Adds src's bins into dst's (after cx_tally_bins_fit()). */
void cx_tally_bins_merge(CxTallyBin *dst, const CxTallyBin *src, size_t n);

/* The bins' counts, "at", and their weight sums, "ad" (Σw and its compensation per bin), as
 * floating references. */
GVariant *cx_tally_bins_counts(const CxTallyBin *bins, size_t n);
GVariant *cx_tally_bins_weights(const CxTallyBin *bins, size_t n);

/* Sets n bins from counts[n] and weights[2n] as the two functions above write them, and their
 * total count in *total. CX_E_CORRUPT if a sum is not finite or negative or a bin has weight
 * without a count; CX_E_OVERFLOW if the counts add up past 2^64 − 1. */
int cx_tally_bins_load(CxTallyBin *bins, size_t n, const uint64_t *counts, const double *weights,
                       uint64_t *total);

#endif /* CX_TALLY_PRIVATE_H */
