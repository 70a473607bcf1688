/* SPDX-License-Identifier: MIT */
/**
 * @file cx-value.h
 * @brief Customer value: customer lifetime value (infinite and finite horizon) and retention over
 *        a period from counts.
 *
 * @defgroup value Customer value
 * @ingroup score
 * @brief Customer lifetime value and retention from period counts (cx-value.h); retention from
 *        an activity log is in @ref retention.
 *
 * Gupta, S. & Lehmann, D. R. (2003). "Customers as assets". Journal of Interactive Marketing
 * 17(1):9–24: a customer brings margin m at the end of each period they stay, stays from one
 * period to the next with probability r (retention), and money is discounted at rate i per
 * period.
 * @{
 */
#ifndef CXSCORE_CX_VALUE_H
#define CXSCORE_CX_VALUE_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>

CX_BEGIN_DECLS

/**
 * Retention and churn over a period from counts: S customers at the start, E at the end, N new
 * during the period; retention = (E − N)/S, churn = 1 − retention.
 * @param start         S, the customers at the start of the period.
 * @param end           E, the customers at its end.
 * @param new_customers N, the customers won during the period (N ≤ E).
 * @param retention     receives the retention rate, a share in [0, 1].
 * @param churn         receives the churn rate, 1 − retention.
 * @return #CX_OK; #CX_E_EMPTY if S is 0; #CX_E_INVALID_ARGUMENT if N > E, E − N > S, or a
 *         pointer is NULL.
 * @since 0.1
 */
CX_EXPORT int cx_value_retention_rate(uint64_t start, uint64_t end, uint64_t new_customers,
                                       double *retention, double *churn);

/**
 * Customer lifetime value.
 * - @p horizon 0 (infinite): CLV = m · r / (1 + i − r) − AC (the "margin multiple" r/(1+i−r));
 * - @p horizon T ≥ 1 periods: CLV = m · Σ_{t=1..T} (r/(1+i))^t − AC.
 * @param margin          margin per period per customer (any currency unit), finite.
 * @param retention       r in [0, 1].
 * @param discount        i per period, > −1 (e.g. 0.1 for 10 %); for the infinite horizon
 *                        1 + i − r must be > 0.
 * @param horizon         number of periods, or 0 for the infinite horizon.
 * @param acquisition_cost AC, finite (0 for none).
 * @param clv             receives the value.
 * @return #CX_OK or #CX_E_INVALID_ARGUMENT.
 * @since 0.1
 */
CX_EXPORT int cx_value_clv(double margin, double retention, double discount, uint32_t horizon,
                     double acquisition_cost, double *clv);

CX_END_DECLS

/** @} */

#endif /* CXSCORE_CX_VALUE_H */
