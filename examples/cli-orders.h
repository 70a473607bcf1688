/* SPDX-License-Identifier: MIT */
/*
 * An orders (activity) log, one row per order or visit: customer, date, amount. Read alike by
 * `cxscore retention` and `cxscore followup --orders`: the same default column names, the same
 * input options (cli-input.c: platforms' dates, --date-format, decimal comma, missing markers)
 * and the library's reading of dates (cx_period_from_date()) and amounts (the cell rules).
 */
#ifndef CXSCORE_CLI_ORDERS_H
#define CXSCORE_CLI_ORDERS_H

#include <stdint.h>

#include <glib.h>

#include <cxscore/cxscore.h>

typedef struct {
    size_t customer, date, amount;
    gboolean has_amount; /* an amount column was named or found */
} CliOrders;

/* What cli_orders_row() made of a row. */
typedef enum {
    CLI_ORDER_OK,         /* customer, period and amount (NaN: blank, or no amount column) */
    CLI_ORDER_NO_DATE,    /* the date cell is blank (or a missing marker) */
    CLI_ORDER_BAD_DATE,   /* the date is not a date cx_period_from_date() reads */
    CLI_ORDER_BAD_AMOUNT, /* the amount is not a number */
} CliOrderStatus;

/* Finds the columns (@customer, @date, @amount when given, else customer_id or customer,
 * order_date or date, and amount if there is one) and sets their input options. Prints and
 * returns FALSE when a column is missing. */
gboolean cli_orders_columns(const char *cmd, CxReader *reader, const char *customer,
                            const char *date, const char *amount, CliOrders *out);

/* Reads the reader's current row: the customer id (not NUL-terminated), the period of @unit
 * (a #CxPeriodUnit) of its date, and its amount. Returns a #CliOrderStatus. */
int cli_orders_row(CxReader *reader, const CliOrders *orders, int unit, const char **id,
                   size_t *id_len, int64_t *period, double *amount);

#endif /* CXSCORE_CLI_ORDERS_H */
