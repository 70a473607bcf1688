/* SPDX-License-Identifier: MIT */
/*
 * The first released size of each public result struct of score/ (core/struct-private.h says
 * how it is used): the end of its last field in that release. Frozen: when a struct gains a
 * field, its entry here stays as it is. tests/test-structs.c checks every entry against the
 * struct as declared today and calls every function that fills or reads one.
 * Not installed.
 */
#ifndef CX_SCORE_ABI_PRIVATE_H
#define CX_SCORE_ABI_PRIVATE_H

#include <cxscore/cx-alpha.h>
#include <cxscore/cx-audit.h>
#include <cxscore/cx-contacts.h>
#include <cxscore/cx-design.h>
#include <cxscore/cx-drivers.h>
#include <cxscore/cx-followup.h>
#include <cxscore/cx-loyalty.h>
#include <cxscore/cx-nps.h>
#include <cxscore/cx-rating.h>
#include <cxscore/cx-retention.h>
#include <cxscore/cx-servqual.h>

#include "core/struct-private.h"

/* 0.1 */
#define CX_ABI_NPS_RESULT CX_STRUCT_END(CxNpsResult, se)
#define CX_ABI_NPS_COMPARISON CX_STRUCT_END(CxNpsComparison, level)
#define CX_ABI_RATING_RESULT CX_STRUCT_END(CxRatingResult, level)
#define CX_ABI_RATING_COMPARISON CX_STRUCT_END(CxRatingComparison, level)
#define CX_ABI_LOYALTY_INDEX_RESULT CX_STRUCT_END(CxLoyaltyIndexResult, reserved)
#define CX_ABI_LOYALTY_INDEX_COMPARISON CX_STRUCT_END(CxLoyaltyIndexComparison, level)
#define CX_ABI_ALPHA_RESULT CX_STRUCT_END(CxAlphaResult, reserved)
#define CX_ABI_ALPHA_ITEM CX_STRUCT_END(CxAlphaItem, average_r_if_deleted)
#define CX_ABI_SERVQUAL_RESULT CX_STRUCT_END(CxServqualResult, reserved)
#define CX_ABI_SERVQUAL_DIMENSION CX_STRUCT_END(CxServqualDimension, zone_width)
#define CX_ABI_SERVQUAL_ITEM CX_STRUCT_END(CxServqualItem, zone_width)
#define CX_ABI_DRIVERS_RESULT CX_STRUCT_END(CxDriversResult, reserved)
#define CX_ABI_DRIVER CX_STRUCT_END(CxDriver, rho_status)
#define CX_ABI_CONTACTS_RESULT CX_STRUCT_END(CxContactsResult, level)
#define CX_ABI_CONTACTS_CHANNEL_RESULT CX_STRUCT_END(CxContactsChannelResult, level)
#define CX_ABI_RETENTION_RESULT CX_STRUCT_END(CxRetentionResult, level)
#define CX_ABI_RETENTION_PERIOD CX_STRUCT_END(CxRetentionPeriod, level)
#define CX_ABI_RETENTION_CUSTOMER CX_STRUCT_END(CxRetentionCustomer, reserved)

/* 0.2 */
#define CX_ABI_FOLLOWUP_RESULT CX_STRUCT_END(CxFollowupResult, level)
#define CX_ABI_FOLLOWUP_ALERT CX_STRUCT_END(CxFollowupAlert, reserved)
#define CX_ABI_DESIGN_MEAN CX_STRUCT_END(CxDesignMean, n_eff)
#define CX_ABI_AUDIT_RESULT CX_STRUCT_END(CxAuditResult, applicable)
#define CX_ABI_AUDIT_SECTION CX_STRUCT_END(CxAuditSection, level)
#define CX_ABI_AUDIT_ITEM CX_STRUCT_END(CxAuditItem, level)
#define CX_ABI_AUDIT_SEGMENT CX_STRUCT_END(CxAuditSegment, level)
#define CX_ABI_AUDIT_SHOPPER CX_STRUCT_END(CxAuditShopper, level)
#define CX_ABI_CONTACTS_WAITS CX_STRUCT_END(CxContactsWaits, level)

#endif /* CX_SCORE_ABI_PRIVATE_H */
