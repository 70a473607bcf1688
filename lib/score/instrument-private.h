/* SPDX-License-Identifier: MIT */
/* Instrument internals shared with the SERVQUAL module. Not installed. */
#ifndef CX_INSTRUMENT_PRIVATE_H
#define CX_INSTRUMENT_PRIVATE_H

#include <cxscore/cx-instrument.h>

typedef struct {
    int number;       /* ≥ 1 */
    size_t dimension; /* index into the dimensions */
    char *label;      /* owned, may be NULL */
    int reverse;
} CxInstrumentItem;

/* The item with this number, or NULL. */
const CxInstrumentItem *cx_instrument_find_item(const CxInstrument *instrument, int number);

/* A deep copy (NULL if memory is exhausted); accumulators keep one. */
CxInstrument *cx_instrument_copy(const CxInstrument *instrument);

#endif /* CX_INSTRUMENT_PRIVATE_H */
