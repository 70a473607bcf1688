/* SPDX-License-Identifier: MIT */
/* Calendar periods (cx-period.h). Expected values: tests/data/periods/periods.csv, computed with
 * Python's datetime module (date.toordinal(), date.isocalendar()) by make-periods.py next to it. */
#include <cxscore/cxscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test-common.h"

static int64_t
period_of(const char *date, int unit)
{
    int64_t p = 0;
    int st = cx_period_from_date(date, strlen(date), unit, &p);
    ck_assert_msg(st == CX_OK, "'%s': expected CX_OK, got %s", date, cx_status_name(st));
    return p;
}

static void
assert_label(int unit, int64_t period, const char *expected)
{
    char buf[16];
    int st = cx_period_label(unit, period, buf, sizeof buf);
    ck_assert_msg(st == CX_OK, "label of %lld: expected CX_OK, got %s", (long long)period,
                  cx_status_name(st));
    ck_assert_str_eq(buf, expected);
}

START_TEST(reference_dates)
{
    FILE *f = fopen(CX_TEST_DATA_DIR "/periods/periods.csv", "r");
    ck_assert_ptr_nonnull(f);
    char line[256];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* header */
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        char date[16], week[16], month[16], quarter[16];
        long long days, monday;
        ck_assert_int_eq(sscanf(line, "%15[^,],%lld,%15[^,],%lld,%15[^,],%15[^,\n]", date, &days,
                                week, &monday, month, quarter),
                         6);
        ck_assert_int_eq(period_of(date, CX_PERIOD_DAY), days);
        assert_label(CX_PERIOD_DAY, days, date);
        int64_t w = period_of(date, CX_PERIOD_WEEK);
        ck_assert_int_eq(w * 7 - 3, monday); /* week n begins on day 7n − 3 */
        assert_label(CX_PERIOD_WEEK, w, week);
        assert_label(CX_PERIOD_MONTH, period_of(date, CX_PERIOD_MONTH), month);
        assert_label(CX_PERIOD_QUARTER, period_of(date, CX_PERIOD_QUARTER), quarter);
        char year[5];
        memcpy(year, date, 4);
        year[4] = 0;
        assert_label(CX_PERIOD_YEAR, period_of(date, CX_PERIOD_YEAR), year);
        rows++;
    }
    fclose(f);
    ck_assert_int_eq(rows, 222);
}
END_TEST

START_TEST(consecutive_and_forms)
{
    /* Consecutive periods are consecutive numbers, across year ends too. */
    ck_assert_int_eq(period_of("2027-01-01", CX_PERIOD_MONTH) -
                         period_of("2026-12-31", CX_PERIOD_MONTH), 1);
    ck_assert_int_eq(period_of("2027-01-01", CX_PERIOD_QUARTER) -
                         period_of("2026-12-31", CX_PERIOD_QUARTER), 1);
    ck_assert_int_eq(period_of("2021-01-04", CX_PERIOD_WEEK) -
                         period_of("2021-01-03", CX_PERIOD_WEEK), 1);
    ck_assert_int_eq(period_of("2026-03-01", CX_PERIOD_DAY) -
                         period_of("2026-02-28", CX_PERIOD_DAY), 1);
    /* A time of day is allowed and not used; so are surrounding spaces. */
    int64_t d = period_of("2026-03-04", CX_PERIOD_DAY);
    ck_assert_int_eq(period_of("2026-03-04T23:59:59+05:00", CX_PERIOD_DAY), d);
    ck_assert_int_eq(period_of("2026-03-04 10:15", CX_PERIOD_DAY), d);
    ck_assert_int_eq(period_of("  2026-03-04 ", CX_PERIOD_DAY), d);
    /* Not a date, or a date that does not exist. */
    static const char *const bad[] = { "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10",
                                       "2026-04-31", "2026/03/04", "26-03-04", "", "2026-03-4",
                                       "2026-03-04x", "0000-01-01", "2026-3-04", "N/A" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t p = 0;
        int st = cx_period_from_date(bad[i], strlen(bad[i]), CX_PERIOD_DAY, &p);
        ck_assert_msg(st == CX_E_PARSE, "'%s': expected CX_E_PARSE, got %s", bad[i],
                      cx_status_name(st));
    }
    /* Length-given text: the date may sit in a larger buffer. */
    int64_t p = 0;
    ck_assert_int_eq(cx_period_from_date("2026-03-04,next", 10, CX_PERIOD_DAY, &p), CX_OK);
    ck_assert_int_eq(p, d);
}
END_TEST

START_TEST(units_and_errors)
{
    ck_assert_int_eq(cx_period_unit_from_name("day"), CX_PERIOD_DAY);
    ck_assert_int_eq(cx_period_unit_from_name("Week"), CX_PERIOD_WEEK);
    ck_assert_int_eq(cx_period_unit_from_name("MONTH"), CX_PERIOD_MONTH);
    ck_assert_int_eq(cx_period_unit_from_name("quarter"), CX_PERIOD_QUARTER);
    ck_assert_int_eq(cx_period_unit_from_name("year"), CX_PERIOD_YEAR);
    ck_assert_int_eq(cx_period_unit_from_name("fortnight"), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_unit_from_name(NULL), CX_E_INVALID_ARGUMENT);
    int64_t p;
    char buf[16];
    ck_assert_int_eq(cx_period_from_date(NULL, 10, CX_PERIOD_DAY, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_from_date("2026-01-01", 10, CX_PERIOD_DAY, NULL),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_from_date("2026-01-01", 10, 5, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_from_date("2026-01-01", 10, -1, &p), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_DAY, 0, NULL, 16), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(7, 0, buf, sizeof buf), CX_E_INVALID_ARGUMENT);
    /* Outside years 1–9999, and a buffer too small ("2026-Q1" needs 8 bytes). */
    ck_assert_int_eq(cx_period_label(CX_PERIOD_DAY, INT64_MAX, buf, sizeof buf),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_WEEK, INT64_MIN, buf, sizeof buf),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_MONTH, 11, buf, sizeof buf),
                     CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_YEAR, 10000, buf, sizeof buf),
                     CX_E_INVALID_ARGUMENT);
    int64_t q = period_of("2026-02-01", CX_PERIOD_QUARTER);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_QUARTER, q, buf, 7), CX_E_INVALID_ARGUMENT);
    ck_assert_int_eq(cx_period_label(CX_PERIOD_QUARTER, q, buf, 8), CX_OK);
    ck_assert_str_eq(buf, "2026-Q1");
}
END_TEST

/* Issue 21: the periods' own date reader took any text after the "T" (2026-01-05T25:00:00) and
 * filed a zoned time under its written date. Dates and times now have one reader
 * (cx_date_time_parse(), core/cell.c): a period is read where cx_cell_parse_time() reads a
 * date or time, and a zoned time counts on its UTC date (days by hand: 2026-01-04 is day 20457
 * since 1970-01-01, 56 years of which 14 leap, plus 3 days). */
START_TEST(times_are_checked_and_zones_counted)
{
    static const struct {
        const char *text;
        int status;
        int64_t day;
    } cases[] = {
        { "2026-01-05T25:00:00", CX_E_PARSE, 0 },
        { "2026-01-05T10:60", CX_E_PARSE, 0 },
        { "2026-01-05T10:00:61", CX_E_PARSE, 0 },
        { "2026-01-05Tnoon", CX_E_PARSE, 0 },
        { "2026-01-05T10:00+25:00", CX_E_PARSE, 0 },
        { "2026-01-05 10:00:00 extra", CX_E_PARSE, 0 },
        { "0001-01-01T00:30+01:00", CX_E_PARSE, 0 }, /* the UTC date is in year 0 */
        { "2026-01-05", CX_OK, 20458 },
        { "2026-01-05T23:59:59.5", CX_OK, 20458 },  /* no zone: the date as written */
        { "\t2026-01-05 00:30 ", CX_OK, 20458 },
        { "2026-01-05T00:30:00+01:00", CX_OK, 20457 }, /* 2026-01-04T23:30Z */
        { "2026-01-04T23:30:00-01:00", CX_OK, 20458 }, /* 2026-01-05T00:30Z */
        { "2026-01-05T10:00:00Z", CX_OK, 20458 },
        { "1970-01-01T00:00:00+00:01", CX_OK, -1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t day = -99;
        int st = cx_period_from_date(cases[i].text, strlen(cases[i].text), CX_PERIOD_DAY, &day);
        ck_assert_msg(st == cases[i].status, "%s: expected %s, got %s", cases[i].text,
                      cx_status_name(cases[i].status), cx_status_name(st));
        if (st == CX_OK)
            ck_assert_msg(day == cases[i].day, "%s: expected day %lld, got %lld", cases[i].text,
                          (long long)cases[i].day, (long long)day);
        /* The same reader as the contact log's times: accepted by one, accepted by the other
         * (the year-0 case aside, which only a period cannot label), and on the same UTC day. */
        double seconds = 0.0;
        int cell = cx_cell_parse_time(cases[i].text, strlen(cases[i].text), &seconds);
        if (i != 6)
            ck_assert_msg((cell == CX_CELL_NUMBER) == (st == CX_OK), "%s: cell %d, period %s",
                          cases[i].text, cell, cx_status_name(st));
        if (st == CX_OK && strchr(cases[i].text, 'Z') != NULL)
            ck_assert_int_eq((int64_t)floor(seconds / 86400.0), day);
    }
}
END_TEST

static Suite *
period_suite(void)
{
    Suite *s = suite_create("period");
    TCase *tc = tcase_create("reference");
    tcase_add_test(tc, reference_dates);
    tcase_add_test(tc, consecutive_and_forms);
    tcase_add_test(tc, units_and_errors);
    tcase_add_test(tc, times_are_checked_and_zones_counted);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return cx_test_run(period_suite());
}
