/* SPDX-License-Identifier: MIT */
/*
 * The first released size of each public result struct of stats/ (core/struct-private.h says
 * how it is used): the end of its last field in that release. Frozen: when a struct gains a
 * field, its entry here stays as it is. tests/test-structs.c checks every entry against the
 * struct as declared today and calls every function that fills or reads one.
 * Not installed.
 */
#ifndef CX_STATS_ABI_PRIVATE_H
#define CX_STATS_ABI_PRIVATE_H

#include <cxscore/cx-compare.h>

#include "core/struct-private.h"

/* 0.1 */
#define CX_ABI_MEAN_COMPARISON CX_STRUCT_END(CxMeanComparison, level)
#define CX_ABI_PROPORTION_COMPARISON CX_STRUCT_END(CxProportionComparison, level)
#define CX_ABI_TEST_RESULT CX_STRUCT_END(CxTestResult, groups)

#endif /* CX_STATS_ABI_PRIVATE_H */
