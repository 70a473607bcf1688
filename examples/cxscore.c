/* SPDX-License-Identifier: MIT */
/*
 * cxscore: scores customer-experience survey exports with libcxscore.
 * git-style subcommands; each lives in its own cmd-*.c file and uses the public API only.
 */
#include <cxscore/cxscore.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} Command;

static const Command commands[] = {
    { "nps", "Net Promoter Score with intervals, by segment, against a baseline", cmd_nps },
    { "servqual", "SERVQUAL gaps, weights, SERVPERF, zone of tolerance, reliability",
      cmd_servqual },
    { "csat", "Customer satisfaction (1-5): mean, top-two-box share, by segment", cmd_csat },
    { "ces", "Customer Effort Score 2.0 (1-7): mean, share agreeing, by segment", cmd_ces },
    { "loyalty", "Loyalty index from recommend, repurchase and cross-buy answers",
      cmd_loyalty },
    { "drivers", "Which touchpoint ratings move the recommend answer (weights)",
      cmd_drivers },
    { "trend", "NPS, CSAT or CES per day/week/month/quarter, change and its p-value",
      cmd_trend },
    { "retention", "Retention, churn, cohorts, revenue at risk from an order log",
      cmd_retention },
    { "contacts", "First-contact resolution, repeats, channels, time to resolve",
      cmd_contacts },
    { "clv", "Customer lifetime value from margin, retention, discount", cmd_clv },
    { "audit", "Mystery-shopping visits: league tables, failing standards, shoppers",
      cmd_audit },
    { "loop", "Follow-up log: time to first contact, SLA, closure, recovery",
      cmd_loop },
    { "followup", "Call-back queue: unhappy responses by value at risk and wait",
      cmd_followup },
    { "report", "One HTML page of charts: NPS, trend, SERVQUAL, drivers, journey",
      cmd_report },
};

static void
usage(FILE *out)
{
    fprintf(out, "Usage: cxscore [--version] [--help] COMMAND [OPTIONS] FILE\n\n"
                 "Scores customer-experience survey exports (CSV with a header row; FILE '-'\n"
                 "reads standard input).\n\nCommands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'cxscore COMMAND --help' (or 'cxscore help COMMAND', 'man cxscore-COMMAND')\n"
                 "describes a command. Exit status: 0 success, 1 bad data (or output not\n"
                 "written), 2 bad usage. Documentation: " CLI_DOC_DIR "\n");
}

/* Every command's output must reach standard output: a write error met on the way (a full disk,
 * a closed standard output, a broken pipe with SIGPIPE ignored) or at the final flush and close
 * is exit status 1 with a message, never 0 after lost output. */
static int
finish(const char *cmd, int status)
{
    /* cli_report_finish() leaves the errno of a failed write, the stream only its error flag. */
    int failed = ferror(stdout), err = failed ? errno : 0;
    errno = 0;
    if (fflush(stdout) != 0) {
        failed = 1;
        err = errno ? errno : err;
    }
    errno = 0;
    if (fclose(stdout) != 0) {
        failed = 1;
        err = err ? err : errno;
    }
    if (!failed)
        return status;
    fprintf(stderr, "cxscore %s: cannot write the output%s%s\n", cmd, err ? ": " : "",
            err ? g_strerror(err) : "");
    return status == CLI_EXIT_USAGE ? status : CLI_EXIT_DATA;
}

int
main(int argc, char **argv)
{
    setlocale(LC_ALL, ""); /* messages; numbers are parsed and printed locale-independently */
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("cxscore %s (libcxscore %s)\n", CX_VERSION_STRING, cx_version_string());
        return CLI_EXIT_OK;
    }
    char *help_argv[4];
    if (strcmp(name, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        /* "cxscore help CMD" runs "cxscore CMD --help". */
        help_argv[0] = argv[0];
        help_argv[1] = argv[2];
        help_argv[2] = (char *)"--help";
        help_argv[3] = NULL;
        name = argv[2];
        argv = help_argv;
        argc = 3;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        if (strcmp(name, commands[i].name) == 0)
            return finish(commands[i].name, commands[i].run(argc - 1, argv + 1));
    const char *names[G_N_ELEMENTS(commands)];
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        names[i] = commands[i].name;
    const char *best = cli_closest(name, names, G_N_ELEMENTS(names));
    fprintf(stderr, "cxscore: unknown command '%s'%s%s%s\n\n", name,
            best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "");
    usage(stderr);
    return CLI_EXIT_USAGE;
}
