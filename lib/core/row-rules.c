/* SPDX-License-Identifier: MIT */
/*
 * Row rules (cx-rules.h): a hand-written scanner for the one-line-per-rule grammar, and an
 * evaluator over a row's cells. The text is bounded (1 MiB), so the parsed form lives in GLib's
 * arrays (cxscore.h, "Out of memory": bounded definitions use GLib's allocator). Numbers are read
 * by cx_cell_parse_number(), the one number grammar of the library, both in the text and in the
 * cells, so "6" in a rule and "6" in a cell are the same double.
 */
#include <cxscore/cx-cell.h>
#include <cxscore/cx-error.h>
#include <cxscore/cx-rules.h>

#include <glib.h>
#include <string.h>

#define MAX_LENGTH ((size_t)1 << 20)

enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE };

typedef struct {
    uint32_t field;
    uint8_t op;
    uint8_t is_number;
    double number;
    char *text; /* the string value (is_number 0), NUL-terminated */
    size_t text_len;
} Test;

typedef struct {
    size_t first, n; /* tests[first .. first + n) */
    uint64_t line;
} Rule;

struct CxRowRules {
    GPtrArray *fields; /* GString names */
    GArray *tests;     /* Test */
    GArray *rules;     /* Rule */
    char *message;
    uint64_t error_line, error_column;
};

/* ---- the scanner ------------------------------------------------------------------------------ */

typedef struct {
    const char *text;
    size_t len, pos;
    uint64_t line;
    size_t line_start;
    CxRowRules *rules;
} Scan;

static int
fail(Scan *s, size_t at, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static int
fail(Scan *s, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_free(s->rules->message);
    s->rules->message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    s->rules->error_line = s->line;
    s->rules->error_column = (uint64_t)(at - s->line_start) + 1;
    return CX_E_PARSE;
}

static int
at_end_of_line(const Scan *s)
{
    return s->pos >= s->len || s->text[s->pos] == '\n' ||
           (s->text[s->pos] == '\r' && s->pos + 1 < s->len && s->text[s->pos + 1] == '\n') ||
           s->text[s->pos] == '#';
}

static void
skip_blanks(Scan *s)
{
    while (s->pos < s->len && (s->text[s->pos] == ' ' || s->text[s->pos] == '\t'))
        s->pos++;
}

static int
name_start(char c)
{
    return g_ascii_isalpha(c) || c == '_';
}

static int
name_char(char c)
{
    return g_ascii_isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* A quoted text at s->pos (the quote character there): its content, doubled quotes undone. */
static int
quoted(Scan *s, GString **out)
{
    char q = s->text[s->pos];
    size_t open = s->pos++;
    GString *str = g_string_new(NULL);
    for (;;) {
        if (s->pos >= s->len || s->text[s->pos] == '\n' || s->text[s->pos] == '\r') {
            g_string_free(str, TRUE);
            return fail(s, open, "the quote %c opened here is not closed on its line", q);
        }
        char c = s->text[s->pos++];
        if (c == q) {
            if (s->pos < s->len && s->text[s->pos] == q) {
                s->pos++;
                g_string_append_c(str, q);
                continue;
            }
            break;
        }
        if (c == '\0') {
            g_string_free(str, TRUE);
            return fail(s, s->pos - 1, "a NUL byte inside quotes");
        }
        g_string_append_c(str, c);
    }
    *out = str;
    return CX_OK;
}

/* A bare token: a name, or a number's characters (sign, digits, '.', exponent). */
static size_t
bare_end(const Scan *s)
{
    size_t p = s->pos;
    while (p < s->len && (name_char(s->text[p]) || s->text[p] == '+'))
        p++;
    return p;
}

static uint32_t
field_index(CxRowRules *r, const GString *name)
{
    for (guint i = 0; i < r->fields->len; i++) {
        const GString *f = g_ptr_array_index(r->fields, i);
        if (g_string_equal(f, name))
            return i;
    }
    g_ptr_array_add(r->fields, g_string_new_len(name->str, (gssize)name->len));
    return r->fields->len - 1;
}

static int
parse_field(Scan *s, GString **out)
{
    char c = s->text[s->pos];
    if (c == '"')
        return quoted(s, out);
    if (!name_start(c))
        return fail(s, s->pos, "a column name was expected (a letter or '_', or a name in "
                                 "double quotes)");
    size_t start = s->pos;
    while (s->pos < s->len && name_char(s->text[s->pos]))
        s->pos++;
    *out = g_string_new_len(s->text + start, (gssize)(s->pos - start));
    return CX_OK;
}

static int
parse_op(Scan *s, uint8_t *op)
{
    const char *t = s->text + s->pos;
    size_t left = s->len - s->pos;
    static const struct {
        const char *text;
        uint8_t op;
    } ops[] = { { "==", OP_EQ }, { "!=", OP_NE }, { "<>", OP_NE }, { "<=", OP_LE },
                { ">=", OP_GE }, { "=", OP_EQ },  { "<", OP_LT },  { ">", OP_GT } };
    for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
        size_t n = strlen(ops[i].text);
        if (left >= n && memcmp(t, ops[i].text, n) == 0) {
            *op = ops[i].op;
            s->pos += n;
            return CX_OK;
        }
    }
    return fail(s, s->pos, "an operator was expected: =, ==, !=, <>, <, <=, > or >=");
}

static int
parse_value(Scan *s, Test *t)
{
    if (s->pos >= s->len || at_end_of_line(s))
        return fail(s, s->pos, "a value was expected (a number, a name or a quoted string)");
    char c = s->text[s->pos];
    if (c == '"' || c == '\'') {
        GString *str;
        int st = quoted(s, &str);
        if (st != CX_OK)
            return st;
        t->text_len = str->len;
        t->text = g_string_free(str, FALSE);
        return CX_OK;
    }
    size_t start = s->pos, end = bare_end(s);
    if (end == start)
        return fail(s, s->pos, "a value was expected (a number, a name or a quoted string)");
    double v;
    if (cx_cell_parse_number(s->text + start, end - start, &v) == CX_CELL_NUMBER) {
        t->is_number = 1;
        t->number = v;
        s->pos = end;
        return CX_OK;
    }
    if (!name_start(c))
        return fail(s, start, "'%.*s' is neither a number nor a name (quote a string)",
                    (int)MIN(end - start, 40), s->text + start);
    for (size_t p = start; p < end; p++)
        if (s->text[p] == '+')
            return fail(s, p, "'+' inside a name (quote the string)");
    t->text = g_strndup(s->text + start, end - start);
    t->text_len = end - start;
    s->pos = end;
    return CX_OK;
}

/* The keyword @word (any ASCII case) at s->pos, ended by a blank, a quote or the line's end. */
static int
keyword(const Scan *s, const char *word)
{
    size_t n = strlen(word);
    if (s->len - s->pos < n || g_ascii_strncasecmp(s->text + s->pos, word, n) != 0)
        return 0;
    return s->pos + n == s->len || !name_char(s->text[s->pos + n]);
}

static void
test_clear(Test *t)
{
    g_free(t->text);
}

static void
clear(CxRowRules *r)
{
    for (guint i = 0; i < r->tests->len; i++)
        test_clear(&g_array_index(r->tests, Test, i));
    g_array_set_size(r->tests, 0);
    g_array_set_size(r->rules, 0);
    g_ptr_array_set_size(r->fields, 0);
}

static int
parse_line(Scan *s)
{
    skip_blanks(s);
    if (at_end_of_line(s))
        return CX_OK;
    Rule rule = { .first = s->rules->tests->len, .line = s->line };
    for (;;) {
        Test t = { 0 };
        GString *name;
        int st = parse_field(s, &name);
        if (st != CX_OK)
            return st;
        t.field = field_index(s->rules, name);
        g_string_free(name, TRUE);
        skip_blanks(s);
        if ((st = parse_op(s, &t.op)) != CX_OK)
            return st;
        skip_blanks(s);
        if ((st = parse_value(s, &t)) != CX_OK)
            return st;
        g_array_append_val(s->rules->tests, t);
        rule.n++;
        size_t before = s->pos;
        skip_blanks(s);
        if (at_end_of_line(s))
            break;
        if (s->pos == before)
            return fail(s, s->pos, "a blank, 'and' or the end of the line was expected");
        if (keyword(s, "or"))
            return fail(s, s->pos, "'or' joins rules on separate lines: write each alternative "
                                   "on a line of its own");
        if (!keyword(s, "and"))
            return fail(s, s->pos, "'and', a comment (#) or the end of the line was expected");
        s->pos += 3;
        size_t after = s->pos;
        skip_blanks(s);
        if (s->pos == after && !at_end_of_line(s) && s->text[s->pos] != '"')
            return fail(s, s->pos, "a blank was expected after 'and'");
        if (at_end_of_line(s))
            return fail(s, s->pos, "a test was expected after 'and'");
    }
    g_array_append_val(s->rules->rules, rule);
    return CX_OK;
}

/* ---- the public functions ---------------------------------------------------------------------- */

size_t
cx_row_rules_max_length(void)
{
    return MAX_LENGTH;
}

static void
free_field(gpointer p)
{
    g_string_free(p, TRUE);
}

int
cx_row_rules_new(CxRowRules **out)
{
    if (!out)
        return CX_E_INVALID_ARGUMENT;
    CxRowRules *r = g_try_new0(CxRowRules, 1);
    if (!r) {
        *out = NULL;
        return CX_E_NO_MEMORY;
    }
    r->fields = g_ptr_array_new_with_free_func(free_field);
    r->tests = g_array_new(FALSE, TRUE, sizeof(Test));
    r->rules = g_array_new(FALSE, TRUE, sizeof(Rule));
    *out = r;
    return CX_OK;
}

void
cx_row_rules_free(CxRowRules *rules)
{
    if (!rules)
        return;
    clear(rules);
    g_ptr_array_unref(rules->fields);
    g_array_unref(rules->tests);
    g_array_unref(rules->rules);
    g_free(rules->message);
    g_free(rules);
}

int
cx_row_rules_load_data(CxRowRules *rules, const char *text, size_t len)
{
    if (!rules || (!text && len) || len > MAX_LENGTH)
        return CX_E_INVALID_ARGUMENT;
    clear(rules);
    g_clear_pointer(&rules->message, g_free);
    rules->error_line = rules->error_column = 0;
    Scan s = { .text = text, .len = len, .line = 1, .rules = rules };
    for (;;) {
        int st = parse_line(&s);
        if (st != CX_OK) {
            clear(rules);
            return st;
        }
        /* What is left of the line is a comment (or nothing): skip it up to the LF. */
        while (s.pos < s.len && s.text[s.pos] != '\n')
            s.pos++;
        if (s.pos >= s.len)
            break;
        s.pos++;
        s.line++;
        s.line_start = s.pos;
    }
    if (rules->rules->len == 0) {
        g_free(rules->message);
        rules->message = g_strdup("the text holds no rule");
        rules->error_line = rules->error_column = 0;
        return CX_E_PARSE;
    }
    return CX_OK;
}

const char *
cx_row_rules_error_message(const CxRowRules *rules)
{
    return rules ? rules->message : NULL;
}

uint64_t
cx_row_rules_error_line(const CxRowRules *rules)
{
    return rules ? rules->error_line : 0;
}

uint64_t
cx_row_rules_error_column(const CxRowRules *rules)
{
    return rules ? rules->error_column : 0;
}

size_t
cx_row_rules_count(const CxRowRules *rules)
{
    return rules ? rules->rules->len : 0;
}

uint64_t
cx_row_rules_line(const CxRowRules *rules, size_t rule)
{
    if (!rules || rule >= rules->rules->len)
        return 0;
    return g_array_index(rules->rules, Rule, rule).line;
}

size_t
cx_row_rules_field_count(const CxRowRules *rules)
{
    return rules ? rules->fields->len : 0;
}

const char *
cx_row_rules_field_name(const CxRowRules *rules, size_t field, size_t *len)
{
    if (len)
        *len = 0;
    if (!rules || field >= rules->fields->len)
        return NULL;
    const GString *f = g_ptr_array_index(rules->fields, field);
    if (len)
        *len = f->len;
    return f->str;
}

static int
compare(int c, uint8_t op)
{
    switch (op) {
    case OP_EQ: return c == 0;
    case OP_NE: return c != 0;
    case OP_LT: return c < 0;
    case OP_LE: return c <= 0;
    case OP_GT: return c > 0;
    default: return c >= 0;
    }
}

static int
test_holds(const Test *t, const char *cell, size_t len)
{
    if (t->is_number) {
        double v;
        if (cx_cell_parse_number(cell, len, &v) != CX_CELL_NUMBER)
            return 0;
        return compare(v < t->number ? -1 : v > t->number ? 1 : 0, t->op);
    }
    while (len && (cell[0] == ' ' || cell[0] == '\t'))
        cell++, len--;
    while (len && (cell[len - 1] == ' ' || cell[len - 1] == '\t'))
        len--;
    size_t n = MIN(len, t->text_len);
    int c = n ? memcmp(cell, t->text, n) : 0;
    if (c == 0)
        c = len < t->text_len ? -1 : len > t->text_len ? 1 : 0;
    return compare(c, t->op);
}

int
cx_row_rules_match(const CxRowRules *rules, const char *const *cells, const size_t *lens,
                   size_t n_fields, size_t *rule)
{
    if (!rules || n_fields != rules->fields->len || (n_fields && (!cells || !lens)))
        return CX_E_INVALID_ARGUMENT;
    for (size_t f = 0; f < n_fields; f++)
        if (!cells[f] && lens[f])
            return CX_E_INVALID_ARGUMENT;
    for (guint i = 0; i < rules->rules->len; i++) {
        const Rule *r = &g_array_index(rules->rules, Rule, i);
        int all = 1;
        for (size_t k = 0; k < r->n && all; k++) {
            const Test *t = &g_array_index(rules->tests, Test, r->first + k);
            all = test_holds(t, cells[t->field] ? cells[t->field] : "", lens[t->field]);
        }
        if (all) {
            if (rule)
                *rule = i;
            return 1;
        }
    }
    return 0;
}
