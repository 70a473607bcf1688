/* SPDX-License-Identifier: MIT */
/* An orders log's columns and rows (cli-orders.h). */
#include "cli-orders.h"

#include "cli-common.h"
#include "cli-input.h"

/* The first of @names that is a column, or NULL. */
static const char *
first_column(CxReader *reader, const char *const *names)
{
    size_t index;
    for (; *names; names++)
        if (cx_reader_column_index(reader, *names, &index) == CX_OK)
            return *names;
    return NULL;
}

gboolean
cli_orders_columns(const char *cmd, CxReader *reader, const char *customer, const char *date,
                   const char *amount, CliOrders *out)
{
    static const char *const customer_names[] = { "customer_id", "customer", NULL };
    static const char *const date_names[] = { "order_date", "date", NULL };
    static const char *const amount_names[] = { "amount", NULL };
    if (!customer)
        customer = first_column(reader, customer_names);
    if (!date)
        date = first_column(reader, date_names);
    if (!amount)
        amount = first_column(reader, amount_names);
    *out = (CliOrders){ .has_amount = amount != NULL };
    if (!cli_column(cmd, reader, customer ? customer : "customer_id", &out->customer) ||
        !cli_column(cmd, reader, date ? date : "order_date", &out->date) ||
        (amount && !cli_column(cmd, reader, amount, &out->amount)))
        return FALSE;
    /* The input options (cli-input.c): platforms' dates and --date-format; decimal comma and
     * missing markers in the amounts. */
    cli_input_times(reader, out->date);
    if (amount)
        cli_input_answer_columns(reader, &out->amount, 1, -HUGE_VAL, HUGE_VAL, FALSE);
    return TRUE;
}

int
cli_orders_row(CxReader *reader, const CliOrders *orders, int unit, const char **id,
               size_t *id_len, int64_t *period, double *amount)
{
    const char *dtext;
    size_t dlen;
    double value;
    cx_reader_field(reader, orders->date, &dtext, &dlen);
    if (cx_period_from_date(dtext, dlen, unit, period) != CX_OK)
        return cx_cell_parse_number(dtext, dlen, &value) == CX_CELL_MISSING ? CLI_ORDER_NO_DATE
                                                                            : CLI_ORDER_BAD_DATE;
    *amount = CLI_NAN;
    if (orders->has_amount) {
        int cell = cx_reader_field_number(reader, orders->amount, amount);
        if (cell == CX_CELL_MISSING)
            *amount = CLI_NAN;
        else if (cell != CX_CELL_NUMBER)
            return CLI_ORDER_BAD_AMOUNT;
    }
    cx_reader_field(reader, orders->customer, id, id_len);
    return CLI_ORDER_OK;
}
