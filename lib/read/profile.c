/* SPDX-License-Identifier: MIT */
/*
 * What each platform's CSV export looks like (docs/input.md cites each platform's description):
 * - Qualtrics, "Download Data Table" as CSV: three header rows: the question ids (Q1, …), the
 *   question texts, and the import ids ({"ImportId":"QID1"}); metadata columns first
 *   (StartDate, EndDate, Status, IPAddress, Progress, Duration (in seconds), Finished,
 *   RecordedDate, ResponseId, …).
 * - SurveyMonkey, "All responses data" CSV (expanded): two header rows: the question text
 *   (empty over the second and later option columns of a question) and the option or
 *   "Response"; metadata Respondent ID, Collector ID, Start Date, End Date, IP Address, Email
 *   Address, First Name, Last Name, Custom Data 1.
 * - Google Forms (the responses sheet downloaded as CSV): one header row, "Timestamp" first.
 * - Typeform, "Download all responses" CSV: one header row; "#" (the response token) first,
 *   then the questions, then Start Date (UTC), Submit Date (UTC), Network ID (and Response Type,
 *   Stage Date (UTC), Tags, Ending in newer exports).
 * - Microsoft Forms ("Open results in Excel", saved as CSV): one header row: ID, Start time,
 *   Completion time, Email, Name (and Last modified time), then the questions; a quiz adds
 *   Total points and Quiz feedback.
 * - Excel, "CSV (semicolon)" in locales with a decimal comma: ';' between fields, one header
 *   row; never detected (any header fits it), only chosen.
 */
#include <glib.h>
#include <string.h>

#include "read/profile-private.h"

static const char *const qualtrics_sig[] = { "StartDate", "EndDate", "ResponseId", NULL };
static const char *const qualtrics_meta[] = {
    "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
    "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
    "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
    "DistributionChannel", "UserLanguage", NULL,
};
static const char *const monkey_sig[] = { "Respondent ID", "Collector ID", "Start Date",
                                          "End Date", NULL };
static const char *const monkey_meta[] = { "Respondent ID", "Collector ID", "Start Date",
                                           "End Date", "IP Address", "Email Address",
                                           "First Name", "Last Name", "Custom Data 1", NULL };
static const char *const google_sig[] = { "Timestamp", NULL };
static const char *const google_meta[] = { "Timestamp", "Email Address", "Score", NULL };
static const char *const typeform_sig[] = { "#", "Submit Date (UTC)", "Network ID", NULL };
static const char *const typeform_meta[] = { "#", "Response Type", "Start Date (UTC)",
                                             "Stage Date (UTC)", "Submit Date (UTC)",
                                             "Network ID", "Tags", "Ending", NULL };
static const char *const msforms_sig[] = { "ID", "Start time", "Completion time", NULL };
static const char *const msforms_meta[] = { "ID",           "Start time",   "Completion time",
                                            "Email",        "Name",         "Last modified time",
                                            "Total points", "Quiz feedback", NULL };
static const char *const none[] = { NULL };

/* Their timestamps, as each writes them (docs/input.md, "Dates"): the first format is the
 * platform's; ISO 8601 is always read before them. No guessing of month or day first. */
static const char *const qualtrics_dates[] = { "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", NULL };
static const char *const monkey_dates[] = { "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", NULL };
static const char *const google_dates[] = { "%Y/%m/%d %I:%M:%S %p %z", "%Y/%m/%d %H:%M:%S %z",
                                            NULL };
static const char *const typeform_dates[] = { "%Y-%m-%d %H:%M:%S", NULL };
static const char *const msforms_dates[] = { "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
                                             "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", NULL };

static const CxProfile profiles[] = {
    { "qualtrics", "Qualtrics", 3, 0, qualtrics_sig, qualtrics_meta, "{\"ImportId\"", 0, 1,
      qualtrics_dates },
    { "surveymonkey", "SurveyMonkey", 2, 0, monkey_sig, monkey_meta, NULL, 1, 1, monkey_dates },
    { "google-forms", "Google Forms", 1, 0, google_sig, google_meta, NULL, 0, 1, google_dates },
    { "typeform", "Typeform", 1, 0, typeform_sig, typeform_meta, NULL, 0, 1, typeform_dates },
    { "microsoft-forms", "Microsoft Forms", 1, 0, msforms_sig, msforms_meta, NULL, 0, 1,
      msforms_dates },
    /* Excel writes dates as the locale does: the built-in forms, or --date-format. */
    { "excel", "Excel (semicolon CSV)", 1, ';', none, none, NULL, 0, 0, NULL },
};

const CxProfile *
cx_profile_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++)
        if (strcmp(profiles[i].name, name) == 0)
            return &profiles[i];
    return NULL;
}

int
cx_profile_matches(const CxProfile *p, char *const *names, size_t n)
{
    for (const char *const *s = p->signature; *s; s++) {
        size_t i = 0;
        while (i < n && strcmp(names[i], *s) != 0)
            i++;
        if (i == n)
            return 0;
    }
    return 1;
}

size_t
cx_profile_detect(char *const *names, size_t n, const CxProfile **found)
{
    size_t hits = 0;
    *found = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++) {
        if (!profiles[i].detectable || !cx_profile_matches(&profiles[i], names, n))
            continue;
        if (!hits++)
            *found = &profiles[i];
    }
    return hits;
}

int
cx_profile_is_metadata(const CxProfile *p, const char *name)
{
    if (!p)
        return 0;
    for (const char *const *s = p->metadata; *s; s++)
        if (strcmp(*s, name) == 0)
            return 1;
    return 0;
}
