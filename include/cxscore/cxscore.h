/* SPDX-License-Identifier: MIT */
/**
 * @file cxscore.h
 * @brief libcxscore: scores customer-experience surveys. The one header users include.
 *
 * @code
 * #include <cxscore/cxscore.h>
 * @endcode
 * Link with `pkg-config --cflags --libs cxscore`.
 */
#ifndef CXSCORE_CXSCORE_H
#define CXSCORE_CXSCORE_H

#include <cxscore/cx-common.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-version.h>
#include <cxscore/cx-cell.h>
#include <cxscore/cx-compare.h>
#include <cxscore/cx-nps.h>
#include <cxscore/cx-rating.h>
#include <cxscore/cx-alpha.h>
#include <cxscore/cx-instrument.h>
#include <cxscore/cx-servqual.h>
#include <cxscore/cx-loyalty.h>
#include <cxscore/cx-value.h>
#include <cxscore/cx-drivers.h>
#include <cxscore/cx-contacts.h>
#include <cxscore/cx-reader.h>
#include <cxscore/cx-period.h>
#include <cxscore/cx-retention.h>

#endif /* CXSCORE_CXSCORE_H */
