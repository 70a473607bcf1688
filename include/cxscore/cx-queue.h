/* SPDX-License-Identifier: MIT */
/**
 * @file cx-queue.h
 * @brief The follow-up (call-back) queue: the exact K items of highest priority from a stream of
 *        any length, in memory bounded by K, and the priority of a response that needs a call
 *        back (its value at risk and how long it has waited).
 *
 * @defgroup queue Follow-up queue
 * @ingroup score
 * @brief Top-K of a stream by priority, and the call-back priority (cx-queue.h).
 *
 * Order: by priority, highest first; equal priorities by line, smallest first; then by the
 * item's bytes (byte-wise, a shorter prefix first), so the kept items and their order depend
 * neither on the order of the pushes nor on how shards were merged. With K > 0 the queue is a
 * binary min-heap of at most K items (Williams, J. W. J. (1964), "Algorithm 232: Heapsort",
 * CACM 7(6):347–348): a push costs O(log K) and the memory is K items whatever the number pushed;
 * with K = 0 every item is kept.
 *
 * Priority (cx_queue_priority(), docs/followup.md "Priority"):
 * P = V · (1 + t / τ), with V the customer's value at risk (≥ 0: lifetime value or a period's
 * revenue), t the time the response has waited (now − response time, in seconds) and τ the
 * wait scale (seconds; 24 h by default in `cxscore followup`): waiting τ doubles the urgency of a
 * response, so a customer worth V who has waited τ ranks with one worth 2V who answered now.
 * This is a ranking convention, not an estimate of a churn probability: linear in V, because
 * the loss if the customer leaves is proportional to the value; linear in the wait, because the
 * aim of closing the loop is a call within a horizon of a day or two (the SLAs of
 * cx-followup.h; Reichheld, F. F. & Markey, R. (2011), *The Ultimate Question 2.0*, Harvard
 * Business Review Press, on following up with the customer in the "inner loop"), so urgency
 * should keep growing with each day, not saturate or explode.
 *
 * Thread safety: one queue per thread, merged at the end (cx_queue_merge()); a queue serializes
 * (cx_queue_serialize()) so shards on other machines can send their top K.
 */
#ifndef CXSCORE_CX_QUEUE_H
#define CXSCORE_CX_QUEUE_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

#include <stddef.h>
#include <stdint.h>

CX_BEGIN_DECLS

/** A priority queue keeping the top K items (opaque). @since 0.2 */
typedef struct CxQueue CxQueue;

/**
 * The priority of a response that needs a call back: P = V · (1 + t / τ) (see above).
 * @param value  V, the value at risk (finite, ≥ 0).
 * @param waited t, seconds since the response (finite, ≥ 0).
 * @param scale  τ, the wait scale in seconds (finite, > 0), e.g. 86400.
 * @param out    receives P.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL, an argument out of its range); #CX_E_OVERFLOW
 *         (P not finite).
 * @since 0.2
 */
CX_EXPORT int cx_queue_priority(double value, double waited, double scale, double *out);

/**
 * Creates an empty queue.
 * @param k   the number of items kept (0: every item).
 * @param out receives the queue (free with cx_queue_free()).
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT (NULL), #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_queue_new(size_t k, CxQueue **out);

/**
 * Frees a queue (NULL is allowed).
 * @param queue the queue.
 * @since 0.2
 */
CX_EXPORT void cx_queue_free(CxQueue *queue);

/**
 * Empties a queue (K is kept).
 * @param queue the queue.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT (NULL).
 * @since 0.2
 */
CX_EXPORT int cx_queue_reset(CxQueue *queue);

/**
 * An independent copy.
 * @param queue the queue.
 * @param out   receives the copy.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_queue_copy(const CxQueue *queue, CxQueue **out);

/**
 * Offers one item.
 * @param queue    the queue.
 * @param priority its priority (finite).
 * @param line     its line in its file (for the order of ties and for reports).
 * @param item     the caller's bytes kept with it (copied; may be NULL when @p len is 0), e.g.
 *                 the fields to show.
 * @param len      their length.
 * @param kept     receives 1 when the item is among the top K now, 0 when it was not kept (may
 *                 be NULL). An item kept now may be pushed out by a later one.
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL queue, priority not finite, NULL item with a
 *         length); #CX_E_NO_MEMORY or #CX_E_OVERFLOW (the queue unchanged).
 * @since 0.2
 */
CX_EXPORT int cx_queue_push(CxQueue *queue, double priority, uint64_t line, const void *item,
                            size_t len, int *kept);

/**
 * Merges @p src into @p dst (src unchanged): dst keeps the top K of both.
 * @param dst the queue merged into.
 * @param src the queue merged.
 * @return #CX_OK; #CX_E_MISMATCH (different K); #CX_E_INVALID_ARGUMENT (NULL, dst == src);
 *         #CX_E_NO_MEMORY or #CX_E_OVERFLOW (dst unchanged).
 * @since 0.2
 */
CX_EXPORT int cx_queue_merge(CxQueue *dst, const CxQueue *src);

/**
 * Serializes the queue (the shared envelope, magic "CXQU", format 1): K, the number offered and
 * the kept items in rank order, so equal queues give equal bytes.
 * @param queue the queue.
 * @param bytes receives a new buffer (free with cx_free()).
 * @param len   receives its length.
 * @return #CX_OK, #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_queue_serialize(const CxQueue *queue, uint8_t **bytes, size_t *len);

/**
 * Rebuilds a queue from cx_queue_serialize() output. A state with more items than K, or more
 * than were offered, items out of rank order or a priority that is not finite is corrupt.
 * @param bytes the state.
 * @param len   its length.
 * @param out   receives the queue (NULL on failure).
 * @return #CX_OK, #CX_E_CORRUPT, #CX_E_VERSION, #CX_E_INVALID_ARGUMENT, #CX_E_NO_MEMORY.
 * @since 0.2
 */
CX_EXPORT int cx_queue_deserialize(const uint8_t *bytes, size_t len, CxQueue **out);

/**
 * The number of items offered (pushed, and merged in) since creation or reset.
 * @param queue the queue.
 * @return the count (0 for NULL).
 * @since 0.2
 */
CX_EXPORT uint64_t cx_queue_offered(const CxQueue *queue);

/**
 * The number of items kept: min(K, offered), or offered when K = 0.
 * @param queue the queue.
 * @return the count (0 for NULL).
 * @since 0.2
 */
CX_EXPORT size_t cx_queue_size(const CxQueue *queue);

/**
 * The kept item of rank @p rank (0: the highest priority). The first call after a push sorts the
 * queue in place (O(K log K)); later calls are O(1) until the next push or merge.
 * @param queue    the queue.
 * @param rank     below cx_queue_size().
 * @param priority receives its priority (may be NULL).
 * @param line     receives its line (may be NULL).
 * @param item     receives its bytes, owned by the queue and valid until the next push, merge,
 *                 reset or free (may be NULL).
 * @param len      receives their length (may be NULL).
 * @return #CX_OK; #CX_E_INVALID_ARGUMENT (NULL queue, @p rank out of range).
 * @since 0.2
 */
CX_EXPORT int cx_queue_get(CxQueue *queue, size_t rank, double *priority, uint64_t *line,
                           const void **item, size_t *len);

CX_END_DECLS

#endif /* CXSCORE_CX_QUEUE_H */
