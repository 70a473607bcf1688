/* SPDX-License-Identifier: MIT */
/*
 * The audit checklist loader (cx_checklist_load_data(), a GKeyFile text) on arbitrary bytes.
 * Invariants: failure is CX_E_PARSE and leaves the checklist empty with a message, and loading
 * the same bytes again fails the same way on the same line; success gives a usable checklist
 * (1 to cx_checklist_max_items() items with unique non-empty ids, points > 0, a known type, a
 * section in range; every section used; a pass mark in [0, 100]; a known critical rule) that an
 * accumulator accepts, scores a visit of the first answers of each type with a score in
 * [0, 100], and round-trips through serialization with the same figures.
 */
#include <inttypes.h>

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    CxChecklist *c = NULL;
    FUZZ_OK(cx_checklist_new(&c));
    int st = cx_checklist_load_data(c, (const char *)data, size);
    if (st != CX_OK) {
        FUZZ_CHECK(st == CX_E_PARSE, "status %d", st);
        FUZZ_CHECK(cx_checklist_item_count(c) == 0 && cx_checklist_section_count(c) == 0,
                   "not left empty");
        FUZZ_CHECK(cx_checklist_error_message(c)[0] != '\0', "no message");
        uint64_t line = cx_checklist_error_line(c);
        CxChecklist *again = NULL;
        FUZZ_OK(cx_checklist_new(&again));
        FUZZ_CHECK(cx_checklist_load_data(again, (const char *)data, size) == st &&
                       cx_checklist_error_line(again) == line &&
                       strcmp(cx_checklist_error_message(again),
                              cx_checklist_error_message(c)) == 0,
                   "a second load differs");
        cx_checklist_free(again);
        cx_checklist_free(c);
        return 0;
    }
    const size_t items = cx_checklist_item_count(c), sections = cx_checklist_section_count(c);
    FUZZ_CHECK(items >= 1 && items <= cx_checklist_max_items(), "items %zu", items);
    FUZZ_CHECK(sections >= 1 && sections <= cx_checklist_max_sections(), "sections %zu",
               sections);
    const double mark = cx_checklist_pass_mark(c);
    FUZZ_CHECK(mark >= 0.0 && mark <= 100.0, "pass mark %g", mark);
    const int rule = cx_checklist_critical_rule(c);
    FUZZ_CHECK(rule == CX_AUDIT_CRITICAL_SECTION || rule == CX_AUDIT_CRITICAL_VISIT, "rule %d",
               rule);
    int used[32] = { 0 };
    const char **cols = malloc((items + 1) * sizeof *cols);
    const char **row = malloc((items + 1) * sizeof *row);
    FUZZ_CHECK(cols && row, "malloc");
    for (size_t i = 0; i < items; i++) {
        const char *id = cx_checklist_item_id(c, i);
        FUZZ_CHECK(id && *id, "item %zu has no id", i);
        size_t back;
        FUZZ_CHECK(cx_checklist_item_index(c, id, &back) == CX_OK && back == i,
                   "item %s not unique", id);
        FUZZ_CHECK(cx_checklist_item_points(c, i) > 0.0, "item %s points", id);
        const int type = cx_checklist_item_type(c, i);
        FUZZ_CHECK(type >= CX_AUDIT_YES_NO && type <= CX_AUDIT_MEASURE, "item %s type", id);
        const size_t s = cx_checklist_item_section(c, i);
        FUZZ_CHECK(s < sections, "item %s section %zu", id, s);
        used[s] = 1;
        cols[i] = id;
        row[i] = type == CX_AUDIT_YES_NO ? (i % 2 ? "no" : "yes") : i % 3 ? "3" : "N/A";
    }
    for (size_t s = 0; s < sections; s++)
        FUZZ_CHECK(used[s], "section %zu has no item", s);
    cols[items] = "location";
    row[items] = "L1";

    CxAudit *a = NULL;
    FUZZ_OK(cx_audit_new(c, CX_PERIOD_MONTH, &a));
    FUZZ_OK(cx_audit_set_columns(a, cols, items + 1, 1));
    FUZZ_OK(cx_audit_add_row(a, row, NULL, items + 1, 2));
    CxAuditResult r = { .size = sizeof r };
    FUZZ_OK(cx_audit_result(a, 0.95, &r));
    FUZZ_CHECK(r.visits == 1 && r.scored <= 1, "visits %" PRIu64, r.visits);
    if (r.scored == 1)
        FUZZ_CHECK(r.mean >= 0.0 && r.mean <= 100.0, "score %g", r.mean);
    uint8_t *bytes = NULL;
    size_t len = 0;
    FUZZ_OK(cx_audit_serialize(a, &bytes, &len));
    CxAudit *back = NULL;
    FUZZ_OK(cx_audit_deserialize(bytes, len, &back));
    CxAuditResult r2 = { .size = sizeof r2 };
    FUZZ_OK(cx_audit_result(back, 0.95, &r2));
    FUZZ_CHECK(r2.visits == r.visits && r2.scored == r.scored && r2.passed == r.passed &&
                   r2.rejected == r.rejected,
               "round trip changed the counts");
    FUZZ_CHECK(cx_checklist_item_count(cx_audit_checklist(back)) == items, "round trip items");
    cx_free(bytes);
    cx_audit_free(back);
    cx_audit_free(a);
    free(cols);
    free(row);
    cx_checklist_free(c);
    return 0;
}
