/* SPDX-License-Identifier: MIT */
/*
 * The single-purpose loops the cxscore command is compared with: what a programmer would write
 * for one file layout and one question, with no quoting, no missing values, no error
 * reporting beyond "this is not my layout". They read with read() into a 1 MiB buffer, cut
 * lines with memchr() and keep a tiny open-addressing table of groups.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"

#define LOOP_BUF (1u << 20)
#define LOOP_SLOTS 128 /* > 2 · LOOP_GROUPS_MAX, a power of two */

const char *const loop_sq_dimension_names[LOOP_SQ_DIMENSIONS] = { "tangibles", "reliability",
                                                                  "responsiveness", "assurance",
                                                                  "empathy" };
static const int sq_first_item[LOOP_SQ_DIMENSIONS + 1] = { 0, 4, 9, 13, 17, 22 };

/* Calls @line for every line after the header (without its '\n'; a final line without one
 * too). Returns 0, or -1 after a message. */
static int
each_line(const char *path, int (*line)(void *ctx, const char *p, const char *end),
          int (*header)(void *ctx, const char *p, const char *end), void *ctx)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "cx-bench: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *buf = malloc(LOOP_BUF);
    int status = -1, first = 1;
    size_t have = 0;
    if (!buf)
        goto out;
    for (;;) {
        ssize_t got = read(fd, buf + have, LOOP_BUF - have);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            fprintf(stderr, "cx-bench: %s: %s\n", path, strerror(errno));
            goto out;
        }
        have += (size_t)got;
        const char *p = buf, *end = buf + have;
        for (;;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            if (!nl && (got > 0 || p == end))
                break;
            const char *stop = nl ? nl : end; /* the last line lacks its '\n' */
            int ok = first ? header(ctx, p, stop) : line(ctx, p, stop);
            first = 0;
            if (ok != 0) {
                fprintf(stderr, "cx-bench: %s: not the generated layout\n", path);
                goto out;
            }
            p = nl ? nl + 1 : end;
        }
        have = (size_t)(end - p);
        memmove(buf, p, have);
        if (got == 0)
            break;
        if (have == LOOP_BUF) {
            fprintf(stderr, "cx-bench: %s: a line longer than 1 MiB\n", path);
            goto out;
        }
    }
    status = 0;
out:
    free(buf);
    close(fd);
    return status;
}

/* ---- NPS ----------------------------------------------------------------------------------- */

typedef struct {
    LoopNps *out;
    int by;
    int16_t slot[LOOP_SLOTS]; /* index into out->groups, -1 when free */
} NpsCtx;

static int
nps_header(void *ctx, const char *p, const char *end)
{
    return 0;
}

static LoopGroup *
nps_group(NpsCtx *c, const char *key, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)key[i]) * 16777619u;
    for (uint32_t s = h & (LOOP_SLOTS - 1);; s = (s + 1) & (LOOP_SLOTS - 1)) {
        if (c->slot[s] < 0) {
            if (c->out->n_groups == LOOP_GROUPS_MAX || len >= LOOP_KEY_MAX)
                return NULL;
            LoopGroup *g = &c->out->groups[c->out->n_groups];
            memcpy(g->key, key, len);
            g->key[len] = '\0';
            c->slot[s] = (int16_t)c->out->n_groups++;
            return g;
        }
        LoopGroup *g = &c->out->groups[c->slot[s]];
        if (strncmp(g->key, key, len) == 0 && g->key[len] == '\0')
            return g;
    }
}

static int
nps_line(void *ctx, const char *p, const char *end)
{
    NpsCtx *c = ctx;
    if (end > p && end[-1] == '\r')
        end--;
    /* The answer: the last field. */
    const char *s = end;
    while (s > p && s[-1] != ',')
        s--;
    int v = -1;
    if (end - s == 1 && s[0] >= '0' && s[0] <= '9')
        v = s[0] - '0';
    else if (end - s == 2 && s[0] == '1' && s[1] == '0')
        v = 10;
    c->out->rows++;
    if (v < 0) {
        c->out->rejected++;
        return 0;
    }
    c->out->all.counts[v]++;
    if (!c->by)
        return 0;
    const char *k = memchr(p, ',', (size_t)(end - p));
    if (!k)
        return -1;
    k++;
    const char *ke = memchr(k, ',', (size_t)(end - k));
    if (ke && c->by == 2)
        ke = memchr(ke + 1, ',', (size_t)(end - ke - 1));
    if (!ke)
        return -1;
    LoopGroup *g = nps_group(c, k, (size_t)(ke - k));
    if (!g)
        return -1;
    g->counts[v]++;
    return 0;
}

static void
nps_finish(LoopGroup *g)
{
    g->detractors = g->passives = g->promoters = 0;
    for (int v = 0; v <= 10; v++)
        *(v <= 6 ? &g->detractors : v <= 8 ? &g->passives : &g->promoters) += g->counts[v];
    g->n = g->detractors + g->passives + g->promoters;
    g->nps = 100.0 * ((double)g->promoters / (double)g->n - (double)g->detractors / (double)g->n);
}

static int
group_order(const void *a, const void *b)
{
    return strcmp(((const LoopGroup *)a)->key, ((const LoopGroup *)b)->key);
}

int
loop_nps(const char *path, int by, LoopNps *out)
{
    NpsCtx *c = malloc(sizeof *c);
    if (!c)
        return -1;
    memset(out, 0, sizeof *out);
    c->out = out;
    c->by = by;
    memset(c->slot, 0xff, sizeof c->slot);
    int st = each_line(path, nps_line, nps_header, c);
    free(c);
    if (st != 0)
        return st;
    nps_finish(&out->all);
    for (size_t i = 0; i < out->n_groups; i++)
        nps_finish(&out->groups[i]);
    qsort(out->groups, out->n_groups, sizeof out->groups[0], group_order);
    return 0;
}

int
loop_nps_find(const LoopNps *out, const char *key)
{
    for (size_t i = 0; i < out->n_groups; i++)
        if (strcmp(out->groups[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* ---- SERVQUAL ------------------------------------------------------------------------------ */

typedef struct {
    uint64_t rows;
    int64_t gap_sum[LOOP_SQ_ITEMS]; /* Σ (p - e) per item */
} SqCtx;

static int
sq_header(void *ctx, const char *p, const char *end)
{
    char expected[400];
    size_t n = (size_t)snprintf(expected, sizeof expected, "respondent_id");
    for (int s = 0; s < 2; s++)
        for (int i = 1; i <= LOOP_SQ_ITEMS; i++)
            n += (size_t)snprintf(expected + n, sizeof expected - n, ",%c%d", "ep"[s], i);
    if (end > p && end[-1] == '\r')
        end--;
    return (size_t)(end - p) == n && memcmp(p, expected, n) == 0 ? 0 : -1;
}

static int
sq_line(void *ctx, const char *p, const char *end)
{
    SqCtx *c = ctx;
    int v[2 * LOOP_SQ_ITEMS];
    p = memchr(p, ',', (size_t)(end - p)); /* skip respondent_id */
    for (int i = 0; i < 2 * LOOP_SQ_ITEMS; i++) {
        if (!p || p >= end || *p != ',')
            return -1;
        p++;
        int x = 0;
        while (p < end && *p >= '0' && *p <= '9')
            x = 10 * x + (*p++ - '0');
        v[i] = x;
    }
    for (int i = 0; i < LOOP_SQ_ITEMS; i++)
        c->gap_sum[i] += v[LOOP_SQ_ITEMS + i] - v[i];
    c->rows++;
    return 0;
}

int
loop_servqual(const char *path, LoopServqual *out)
{
    SqCtx c;
    memset(&c, 0, sizeof c);
    memset(out, 0, sizeof *out);
    int st = each_line(path, sq_line, sq_header, &c);
    if (st != 0 || c.rows == 0)
        return -1;
    out->rows = c.rows;
    for (int d = 0; d < LOOP_SQ_DIMENSIONS; d++) {
        double sum = 0.0;
        for (int i = sq_first_item[d]; i < sq_first_item[d + 1]; i++)
            sum += (double)c.gap_sum[i] / (double)c.rows;
        out->gap[d] = sum / (double)(sq_first_item[d + 1] - sq_first_item[d]);
    }
    return 0;
}
