/* SPDX-License-Identifier: MIT */
/* The per-row and per-segment steps the segmenting commands share (cli-rows.h). */
#include "cli-rows.h"

double
cli_row_number(CxReader *reader, size_t col)
{
    double x;
    int kind = cx_reader_field_number(reader, col, &x);
    if (kind != CX_CELL_NUMBER)
        x = kind == CX_CELL_MISSING ? CLI_NAN : HUGE_VAL;
    return x;
}

double
cli_row_weight(CxReader *reader, const char *weight, size_t col)
{
    double w = 1.0;
    if (weight && cx_reader_field_number(reader, col, &w) != CX_CELL_NUMBER)
        w = CLI_NAN;
    return w;
}

gboolean
cli_row_segment(const char *cmd, CliGroups *groups, CxReader *reader, const GArray *by, size_t max,
                void **acc)
{
    *acc = NULL;
    if (!groups)
        return TRUE;
    *acc = cli_groups_get(groups, reader, (const size_t *)(const void *)by->data);
    return cli_groups_within(cmd, groups, max);
}

int
cli_row_segments(const char *cmd, CliGroups *groups, const char *baseline, size_t key_index,
                 CliGroup ***sorted, size_t *n)
{
    *n = 0;
    *sorted = groups ? cli_groups_sorted(groups, n) : NULL;
    int status =
        baseline ? cli_baseline_check(cmd, baseline, key_index, *sorted, *n, "row") : CLI_EXIT_OK;
    if (status != CLI_EXIT_OK) {
        g_free(*sorted);
        *sorted = NULL;
    }
    return status;
}

int
cli_rows_steps(const char *cmd, GOptionContext *ctx, int *argc, char ***argv, CliReportOptions *ro,
               const CliSteps *steps, void *run)
{
    if (!cli_report_parse(cmd, ctx, argc, argv, ro) || !steps->check(run, (*argv)[1]))
        return CLI_EXIT_USAGE;
    int status = steps->open(run, (*argv)[1]);
    if (status != CLI_EXIT_OK)
        return status;
    return steps->read(run) ? CLI_EXIT_OK : CLI_EXIT_DATA;
}
