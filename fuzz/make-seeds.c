/* SPDX-License-Identifier: MIT */
/*
 * Writes the seed corpus files that only the library can produce: serialized accumulator states
 * (fuzz/corpus/deserialize-*) and byte strings for fuzz-adds. Built with the harnesses
 * (-Dfuzz=true); run from the top of the tree:  build-fuzz/fuzz/make-seeds fuzz/corpus
 * The output is deterministic, so the committed seeds can be checked by regenerating them.
 */
#include <cxscore/cxscore.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *root;

/* A call that cannot fail with the arguments given here. */
#define FUZZ_OK(call)                                                                            \
    do {                                                                                         \
        int status_ = (call);                                                                    \
        if (status_ != CX_OK) {                                                                  \
            fprintf(stderr, "make-seeds: %s: %s\n", #call, cx_strerror(status_));              \
            exit(1);                                                                             \
        }                                                                                        \
    } while (0)

static void
put(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, dir);
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
    snprintf(path, sizeof path, "%s/%s/%s", root, dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* Serializes first, then writes (a call's arguments are evaluated in no fixed order). */
#define SAVE(dir, name, call)                                                                     \
    do {                                                                                          \
        int status_ = (call);                                                                     \
        put_state(dir, name, status_, bytes, len);                                                \
    } while (0)

static void
put_state(const char *dir, const char *name, int status, uint8_t *bytes, size_t len)
{
    if (status != CX_OK) {
        fprintf(stderr, "%s/%s: %s\n", dir, name, cx_strerror(status));
        exit(1);
    }
    put(dir, name, bytes, len);
    cx_free(bytes);
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make-seeds CORPUS_DIR\n");
        return 2;
    }
    root = argv[1];
    uint8_t *bytes;
    size_t len;

    /* NPS: empty, unweighted, weighted with every kind of rejection. */
    CxNps *nps = NULL;
    FUZZ_OK(cx_nps_new(&nps));
    SAVE("deserialize-nps", "empty", cx_nps_serialize(nps, &bytes, &len));
    static const uint8_t answers[] = { 10, 9, 8, 6, 0, 7, 10, 9, 9, 3, 11, 255 };
    cx_nps_add_u8(nps, answers, NULL, sizeof answers);
    SAVE("deserialize-nps", "unweighted", cx_nps_serialize(nps, &bytes, &len));
    static const double w[] = { 1, 2, 0.5, -1, NAN, 0, 1.25, 3, 1, 1, 1, 1 };
    cx_nps_add_u8(nps, answers, w, sizeof answers);
    cx_nps_add_text(nps, "7a", 2, 1.0);
    cx_nps_add_text(nps, "6.5", 3, 1.0);
    cx_nps_add_missing(nps, 4);
    SAVE("deserialize-nps", "weighted-rejects", cx_nps_serialize(nps, &bytes, &len));
    cx_nps_free(nps);

    /* Alpha: 2 and 4 items, pairwise with missing answers, listwise. */
    for (int mode = 0; mode < 2; mode++) {
        CxAlpha *a = NULL;
        FUZZ_OK(cx_alpha_new(4, mode, &a));
        const double rows[] = { 3, 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 1, 5, 4, 4, 5, NAN, 2, 3, 4,
                                NAN, NAN, NAN, NAN };
        cx_alpha_add_rows(a, rows, 6);
        SAVE("deserialize-alpha", mode ? "listwise-4" : "pairwise-4",
                  cx_alpha_serialize(a, &bytes, &len));
        cx_alpha_free(a);
    }
    CxAlpha *a2 = NULL;
    FUZZ_OK(cx_alpha_new(2, CX_MISSING_PAIRWISE, &a2));
    SAVE("deserialize-alpha", "empty-2", cx_alpha_serialize(a2, &bytes, &len));
    cx_alpha_free(a2);

    /* Ratings: CSAT with weights and rejects, CES 1.0 empty, a 0–100 scale. */
    CxRating *r = NULL;
    cx_rating_new_preset(CX_RATING_CSAT, &r);
    const double csat[] = { 5, 4, 4, 3, 5, 2, 4, 5, 1, 4, 6, 4.5, NAN, INFINITY };
    const double cw[] = { 1, 1, 2, 1, 0.5, 1, 1, 1, -2, 1, 1, 1, 1, 1 };
    cx_rating_add_double(r, csat, cw, 14);
    SAVE("deserialize-rating", "csat", cx_rating_serialize(r, &bytes, &len));
    cx_rating_free(r);
    cx_rating_new_preset(CX_RATING_CES_1, &r);
    SAVE("deserialize-rating", "ces1-empty", cx_rating_serialize(r, &bytes, &len));
    cx_rating_free(r);
    FUZZ_OK(cx_rating_new(0, 100, 80, 100, 100, &r));
    for (int v = 0; v <= 100; v += 7)
        cx_rating_add(r, v, 1.0);
    SAVE("deserialize-rating", "scale-0-100", cx_rating_serialize(r, &bytes, &len));
    cx_rating_free(r);

    /* SERVQUAL: the 1991 instrument with three respondents and importance points; an adapted
     * instrument with N/A codes, reverse items and three-column data. */
    CxInstrument *in = NULL;
    cx_instrument_new_builtin(CX_INSTRUMENT_SERVQUAL_1991, &in);
    CxServqual *sq = NULL;
    FUZZ_OK(cx_servqual_new(in, CX_MISSING_PAIRWISE, &sq));
    double e[22], p[22], imp[5] = { 20, 30, 15, 20, 15 };
    for (int resp = 0; resp < 3; resp++) {
        for (int i = 0; i < 22; i++) {
            e[i] = 1 + (i + resp) % 7;
            p[i] = 1 + (i * 3 + resp) % 7;
        }
        cx_servqual_add(sq, e, p, imp, NULL, NULL);
    }
    SAVE("deserialize-servqual", "builtin-1991", cx_servqual_serialize(sq, &bytes, &len));
    cx_servqual_free(sq);
    cx_instrument_free(in);
    static const char bank[] = "[instrument]\nname = bank\nscale = 1-5\nnot_applicable = 0\n"
                               "reverse = 3;7\n[dimensions]\ntangibles = 1;2;3\n"
                               "reliability = 4;5;6;7\n[labels]\n1 = Equipment\n";
    FUZZ_OK(cx_instrument_new(&in));
    if (cx_instrument_load_data(in, bank, strlen(bank)) != CX_OK) {
        fprintf(stderr, "bank instrument: %s\n", cx_instrument_error_message(in));
        return 1;
    }
    FUZZ_OK(cx_servqual_new(in, CX_MISSING_RESPONDENT, &sq));
    cx_servqual_set_inversion_policy(sq, CX_INVERSION_DROP_ITEM);
    const double be[] = { 4, 4, 2, 4, 4, 4, 2 }, bp[] = { 5, 0, 2, 5, 4, NAN, 3 };
    const double ba[] = { 3, 3, 3, 3, 3, 3, 3 }, bd[] = { 5, 5, 2, 5, 5, 5, 5 };
    const double bi[] = { 40, 60 };
    cx_servqual_add(sq, be, bp, bi, ba, bd);
    cx_servqual_add(sq, bp, be, NULL, bd, ba);
    SAVE("deserialize-servqual", "bank-three-column", cx_servqual_serialize(sq, &bytes, &len));
    cx_servqual_free(sq);
    cx_instrument_free(in);

    /* Loyalty index: pairwise with weights and bad answers; listwise. */
    for (int mode = 0; mode < 2; mode++) {
        CxLoyaltyIndex *li = NULL;
        FUZZ_OK(cx_loyalty_index_new(mode, &li));
        const double rows[][4] = { { 10, 9, 7, 1 },  { 8, 8, 5, 2 },   { 6, NAN, 3, 1 },
                                   { 9, 10, 9, 0.5 }, { 3, 5, 11, 1 }, { 7, 7, 7, -1 } };
        for (size_t i = 0; i < 6; i++)
            cx_loyalty_index_add(li, rows[i], rows[i][3]);
        SAVE("deserialize-loyalty", mode ? "listwise" : "pairwise",
             cx_loyalty_index_serialize(li, &bytes, &len));
        cx_loyalty_index_free(li);
    }

    /* Retention: a small activity log over five periods, with rejected events. */
    CxRetention *ret = NULL;
    FUZZ_OK(cx_retention_new(&ret));
    const char *const customers[] = { "c1", "c2", "c3", "c1", "c2", "c1", "c4", "", "c3" };
    const int64_t periods[] = { 100, 100, 101, 101, 102, 103, 103, 103, 104 };
    const double amounts[] = { 10, 20, NAN, 15, 25, 5, 40, 1, INFINITY };
    for (size_t i = 0; i < 9; i++)
        cx_retention_add(ret, customers[i], strlen(customers[i]), periods[i], amounts[i]);
    SAVE("deserialize-retention", "log", cx_retention_serialize(ret, &bytes, &len));
    cx_retention_reset(ret);
    SAVE("deserialize-retention", "empty", cx_retention_serialize(ret, &bytes, &len));
    cx_retention_free(ret);

    /* Drivers: two touchpoints with weights, blanks, rejects and dropped rows; five ratings;
     * a table past its cap (dropped); empty. */
    CxDrivers *dr = NULL;
    FUZZ_OK(cx_drivers_new(2, &dr));
    const double dx[][2] = { { 1, 2 }, { 2, NAN }, { 3, 1 }, { 2, 2 }, { 4, 5 }, { 5, 4 },
                             { INFINITY, 3 }, { 1, 1 } };
    const double dy[] = { 3, 4, 5, INFINITY, 9, 10, 6, NAN };
    const double dw[] = { 1, 2, 0.5, 1, 1, 0, 1, -1 };
    for (size_t i = 0; i < 8; i++)
        cx_drivers_add(dr, dx[i], dy[i], dw[i]);
    SAVE("deserialize-drivers", "two-weighted", cx_drivers_serialize(dr, &bytes, &len));
    cx_drivers_free(dr);
    FUZZ_OK(cx_drivers_new(5, &dr));
    for (int i = 0; i < 60; i++) {
        const double x[5] = { 1 + i % 5, 1 + (i * 3) % 5, 1 + (i * 7) % 4, 1 + i % 2,
                              i % 9 ? 1 + (i * 11) % 5 : NAN };
        cx_drivers_add(dr, x, (i * 13) % 11, 1.0);
    }
    SAVE("deserialize-drivers", "five-ratings", cx_drivers_serialize(dr, &bytes, &len));
    cx_drivers_free(dr);
    FUZZ_OK(cx_drivers_new(1, &dr));
    for (size_t i = 0; i <= cx_drivers_max_distinct(); i++) {
        const double x = (double)i;
        cx_drivers_add(dr, &x, (double)(i % 7), 1.0);
    }
    SAVE("deserialize-drivers", "table-dropped", cx_drivers_serialize(dr, &bytes, &len));
    cx_drivers_free(dr);
    FUZZ_OK(cx_drivers_new(3, &dr));
    SAVE("deserialize-drivers", "empty-3", cx_drivers_serialize(dr, &bytes, &len));
    cx_drivers_free(dr);

    /* Contacts: a small log in time order with every kind of case (resolved first time,
     * reopened, crossed, blank channel, unknown outcome, a NUL in an id) and rejects; a
     * sequence-ordered one; empty. */
    CxContacts *ct = NULL;
    FUZZ_OK(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &ct));
    static const struct {
        const char *id, *channel, *segment;
        size_t id_len;
        double order;
        int resolved;
    } contacts[] = {
        { "c1", "phone", "billing", 2, 100, CX_RESOLVED_YES },
        { "c2", "chat", "billing", 2, 50, CX_RESOLVED_NO },
        { "c2", "phone", "tech", 2, 60, CX_RESOLVED_YES },
        { "c2", "phone", "", 2, 90, CX_RESOLVED_NO },
        { "c3", "", "tech", 2, 10, CX_RESOLVED_UNKNOWN },
        { "c3", "", "tech", 2, 10, CX_RESOLVED_INVALID },
        { "c\0x", "email", "", 3, -5.5, CX_RESOLVED_YES },
        { "c\0x", "email", "", 3, -5.5, CX_RESOLVED_YES },
        { "", "phone", "", 0, 1, CX_RESOLVED_YES },
        { "c4", "phone", "", 2, NAN, CX_RESOLVED_YES },
        { "c4", "phone", "", 2, INFINITY, CX_RESOLVED_YES },
    };
    for (size_t i = 0; i < sizeof contacts / sizeof contacts[0]; i++)
        cx_contacts_add_segmented(ct, contacts[i].id, contacts[i].id_len, contacts[i].order,
                                  contacts[i].channel, strlen(contacts[i].channel),
                                  contacts[i].resolved, contacts[i].segment,
                                  strlen(contacts[i].segment));
    /* 0.2: agents, self-service, transfers and waits (answered, abandoned, short, bad). */
    static const struct {
        const char *id, *channel, *agent;
        double order, wait;
        int resolved, self_service, transferred, abandoned;
    } centre[] = {
        { "c5", "ivr", "", 10, 3, CX_RESOLVED_NO, 1, CX_RESOLVED_NO, CX_RESOLVED_NO },
        { "c5", "phone", "ann", 20, 45, CX_RESOLVED_NO, 0, CX_RESOLVED_YES, CX_RESOLVED_NO },
        { "c5", "phone", "bob", 30, 12.5, CX_RESOLVED_YES, 0, CX_RESOLVED_NO, CX_RESOLVED_NO },
        { "c6", "web", "", 5, NAN, CX_RESOLVED_YES, 1, CX_RESOLVED_UNKNOWN, CX_RESOLVED_NO },
        { "c7", "phone", "ann", 8, 2, CX_RESOLVED_NO, 0, CX_RESOLVED_INVALID, CX_RESOLVED_YES },
        { "c7", "phone", "ann", 9, 90, CX_RESOLVED_NO, 0, CX_RESOLVED_NO, CX_RESOLVED_YES },
        { "c7", "phone", "cy", 11, -1, CX_RESOLVED_NO, 0, CX_RESOLVED_NO, CX_RESOLVED_NO },
        { "c7", "phone", "cy", 12, 4, CX_RESOLVED_NO, 0, CX_RESOLVED_NO, CX_RESOLVED_UNKNOWN },
        { "c7", "phone", "cy", 13, 4, CX_RESOLVED_NO, 0, CX_RESOLVED_NO, CX_RESOLVED_INVALID },
        { "c7", "phone", "cy", 14, INFINITY, CX_RESOLVED_NO, 0, CX_RESOLVED_NO, CX_RESOLVED_NO },
    };
    for (size_t i = 0; i < sizeof centre / sizeof centre[0]; i++)
        cx_contacts_add_contact(ct, centre[i].id, 2, centre[i].order, centre[i].channel,
                                strlen(centre[i].channel), centre[i].resolved, "tech", 4,
                                centre[i].agent, strlen(centre[i].agent), centre[i].self_service,
                                centre[i].transferred, centre[i].wait, centre[i].abandoned);
    SAVE("deserialize-contacts", "time-log", cx_contacts_serialize(ct, &bytes, &len));
    cx_contacts_free(ct);
    FUZZ_OK(cx_contacts_new(CX_CONTACTS_ORDER_SEQUENCE, &ct));
    for (int i = 0; i < 40; i++) {
        char id[8];
        snprintf(id, sizeof id, "k%d", i % 13);
        cx_contacts_add(ct, id, strlen(id), i % 5, i % 3 ? "web" : "store", i % 3 ? 3 : 5,
                        i % 4 == 0 ? CX_RESOLVED_YES : CX_RESOLVED_NO);
    }
    SAVE("deserialize-contacts", "sequence-log", cx_contacts_serialize(ct, &bytes, &len));
    cx_contacts_free(ct);
    FUZZ_OK(cx_contacts_new(CX_CONTACTS_ORDER_TIME, &ct));
    SAVE("deserialize-contacts", "empty", cx_contacts_serialize(ct, &bytes, &len));
    cx_contacts_free(ct);

    /* Design: empty; stratified with a missing value and a rejected weight; clustered. */
    for (int clustered = 0; clustered < 2; clustered++) {
        CxDesign *d = NULL;
        FUZZ_OK(cx_design_new(2, clustered, &d));
        if (!clustered)
            SAVE("deserialize-design", "empty", cx_design_serialize(d, &bytes, &len));
        static const char *const strata[] = { "a", "a", "b", "b", "b", "a" };
        static const char *const clusters[] = { "1", "2", "1", "2", "2", "1" };
        static const double design_w[] = { 1, 2.5, 0, 3, -1, 1.5 };
        for (int i = 0; i < 6; i++) {
            double v[2] = { 100.0 * (i % 3 - 1), i == 2 ? (double)NAN : (double)(i % 2) };
            cx_design_add(d, strata[i], 1, clustered ? clusters[i] : NULL, clustered ? 1 : 0,
                          design_w[i], v);
        }
        SAVE("deserialize-design", clustered ? "clustered" : "stratified",
             cx_design_serialize(d, &bytes, &len));
        cx_design_free(d);
    }
    /* Audits: a small checklist, visits with segments, N/A, a critical failure and rejects. */
    static const char checklist[] = "[checklist]\npass_mark = 70\ncritical = section\n"
                                    "[sections]\na = A\nb = B\n"
                                    "[item Q1]\nsection = a\npoints = 2\ntype = yesno\n"
                                    "critical = yes\n"
                                    "[item Q2]\nsection = b\npoints = 3\ntype = rating\n"
                                    "scale = 1-5\npass = 4\nna = yes\n"
                                    "[item Q3]\nsection = b\npoints = 1\ntype = measure\n"
                                    "target = 30\ncompare = at_most\n";
    CxChecklist *cl = NULL;
    FUZZ_OK(cx_checklist_new(&cl));
    FUZZ_OK(cx_checklist_load_data(cl, checklist, sizeof checklist - 1));
    CxAudit *au = NULL;
    FUZZ_OK(cx_audit_new(cl, CX_PERIOD_MONTH, &au));
    static const char *const cols[] = { "location", "region", "shopper", "date", "Q1", "Q2",
                                        "Q3", "Q9" };
    FUZZ_OK(cx_audit_set_columns(au, cols, 8, 1));
    for (int i = 0; i < 30; i++) {
        char loc[8], shop[8], date[16];
        snprintf(loc, sizeof loc, "L%d", i % 4);
        snprintf(shop, sizeof shop, "s%d", (i * 3) % 5);
        snprintf(date, sizeof date, "2026-0%d-1%d", 1 + i % 3, i % 10);
        const char *row[] = { loc, i % 2 ? "north" : "south", i == 7 ? "" : shop, date,
                              i % 6 ? "yes" : "no", i % 5 ? "4" : "N/A", i % 4 ? "12" : "44",
                              "" };
        FUZZ_OK(cx_audit_add_row(au, row, NULL, 8, 2 + (uint64_t)i));
    }
    SAVE("deserialize-audit", "visits", cx_audit_serialize(au, &bytes, &len));
    cx_audit_reset(au);
    SAVE("deserialize-audit", "empty", cx_audit_serialize(au, &bytes, &len));
    cx_audit_free(au);
    cx_checklist_free(cl);

    /* fuzz-adds: mode byte, split byte, then answers (see fuzz-adds.c). */
    for (int mode = 0; mode < 16; mode++) {
        uint8_t seed[2 + 256];
        seed[0] = (uint8_t)(mode * 37 % 256);
        seed[1] = (uint8_t)(mode * 5 + 3);
        for (int i = 0; i < 256; i++)
            seed[2 + i] = (uint8_t)((i * 73 + mode * 11) % 256);
        char name[32];
        snprintf(name, sizeof name, "mixed-%d", mode);
        put("adds", name, seed, sizeof seed);
    }
    /* SERVQUAL with tidy ratings (mode bit 7) and 300 respondents answering expectations,
     * perceptions and importance: the bulk check's whole-number blocks, in each missing mode. */
    for (int missing = 0; missing < 3; missing++) {
        enum { ROWS = 300, PER_ROW = 23 };
        static uint8_t seed[2 + ROWS * PER_ROW];
        seed[0] = (uint8_t)(0x80 | missing << 3 | 4);
        seed[1] = 100;
        for (int i = 0; i < ROWS * PER_ROW; i++)
            seed[2 + i] = i % PER_ROW == PER_ROW - 1 ? 0x13 : (uint8_t)((i * 73 + missing) % 256);
        char name[32];
        snprintf(name, sizeof name, "servqual-tidy-%d", missing);
        put("adds", name, seed, sizeof seed);
    }
    /* Cronbach's alpha with whole numbers only (mode bit 7): the integer blocks of
     * cx_alpha_add_rows(), for 4 items pairwise, 2 listwise and 5 pairwise. */
    const uint8_t alpha_modes[] = { 0x83, 0xa3, 0x9b };
    for (size_t m = 0; m < sizeof alpha_modes; m++) {
        static uint8_t seed[2 + 1200];
        seed[0] = alpha_modes[m];
        seed[1] = 37;
        for (int i = 0; i < 1200; i++)
            seed[2 + i] = (uint8_t)((i * 29 + (int)m * 7) % 256);
        char name[32];
        snprintf(name, sizeof name, "alpha-tidy-%zu", m);
        put("adds", name, seed, sizeof seed);
    }
    return 0;
}
