/* SPDX-License-Identifier: MIT */
/*
 * Customer value: retention from period counts and customer lifetime value (see cx-value.h).
 * Source: S. Gupta & D. R. Lehmann, "Customers as assets", Journal of Interactive Marketing
 * 17(1):9–24 (2003), for both the infinite-horizon margin multiple r/(1 + i − r) and the
 * finite-horizon discounted sum.
 */
#include <cxscore/cx-error.h>
#include <cxscore/cx-value.h>

#include <math.h>

int
cx_value_retention_rate(uint64_t start, uint64_t end, uint64_t new_customers, double *retention,
                         double *churn)
{
    if (!retention || !churn || new_customers > end)
        return CX_E_INVALID_ARGUMENT;
    if (start == 0)
        return CX_E_EMPTY;
    uint64_t retained = end - new_customers;
    if (retained > start)
        return CX_E_INVALID_ARGUMENT; /* more kept than there were */
    *retention = (double)retained / (double)start;
    *churn = (double)(start - retained) / (double)start;
    return CX_OK;
}

int
cx_value_clv(double margin, double retention, double discount, uint32_t horizon,
       double acquisition_cost, double *clv)
{
    if (!clv || !isfinite(margin) || !isfinite(acquisition_cost) || !(retention >= 0.0) ||
        !(retention <= 1.0) || !(discount > -1.0) || !isfinite(discount))
        return CX_E_INVALID_ARGUMENT;
    if (horizon == 0) {
        double den = 1.0 + discount - retention;
        if (!(den > 0.0))
            return CX_E_INVALID_ARGUMENT; /* the infinite sum diverges */
        *clv = margin * retention / den - acquisition_cost;
        return CX_OK;
    }
    /* Σ_{t=1..T} q^t with q = r/(1+i), summed term by term (T is a count of periods, and the
     * closed form q(1 − q^T)/(1 − q) loses precision as q approaches 1). */
    double q = retention / (1.0 + discount), term = 1.0, sum = 0.0;
    for (uint32_t t = 1; t <= horizon; t++) {
        term *= q;
        sum += term;
        if (term < 1e-300)
            break;
    }
    *clv = margin * sum - acquisition_cost;
    return CX_OK;
}
