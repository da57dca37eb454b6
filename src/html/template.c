#include "template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html/html_modell.h"
#include "html/template_intern.h"
#include "util/embedded.h"
#include "util/str.h"

/* How this works.
 *
 * Parsing walks the template once. Literal text between tags is fed byte by byte through a
 * small model of the HTML tokenizer (struct html, html_step), which follows the states of
 * the WHATWG tokenizer that matter for escaping: text, tags, attribute names and values,
 * comments, <!...>, and the raw-text elements. At each {{path}} slot the model's state picks
 * the escaping (enum slot_ctx) or rejects the template. The output is a flat node list:
 *
 *   TEXT "<p>"  VAR name  IF x [then nodes...] [else nodes...]  TEXT "</p>"
 *
 * An IF or EACH node keeps the index of its first else node and of the node after its end,
 * so rendering is a loop over a range with recursion only into sections and partials.
 *
 * Sections ({{#if}}, {{#each}}) may change the output between the branches, so the model must
 * be in the same state at {{#if}}, {{else}} and {{/if}} (and at both ends of an {{#each}}
 * body); otherwise a slot after the section could be escaped for the wrong context. Two
 * things may differ and are merged to the stricter value: whether a URL attribute value is
 * still empty, and whether a URL slot's scheme could still be completed by literal text.
 * Inside a tag a section boundary ends the attribute name being read; if it did end one, the
 * next literal byte must end it too (space, '/' or '>'), so that the browser and the model
 * agree on attribute names whichever branch is taken. */

#define MAX_NAME_LEN 128 /* template and partial names */
#define MAX_TAG_LEN  256 /* bytes between "{{" and "}}", comments excepted */

/* ---- parsing ---- */

struct section {
    enum node_kind kind; /* NODE_IF or NODE_EACH */
    size_t node;
    unsigned line;
    bool has_else;
    struct html open, then_end;
};

struct parser {
    const char *name;
    const char *text;
    size_t len;
    unsigned line;
    struct html h;
    struct node *nodes; /* malloc'd, grows */
    size_t n_nodes, cap_nodes;
    struct section sec[TEMPLATE_MAX_SECTION_DEPTH];
    size_t n_sec;
    char *errmsg;
    size_t errmsg_len;
};

static void errmsg_set(char *errmsg, size_t errmsg_len, const char *name, unsigned line,
                       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "name:line: reason" into errmsg, truncated to fit; nothing when errmsg_len is 0. */
static void
errmsg_set(char *errmsg, size_t errmsg_len, const char *name, unsigned line, const char *fmt, ...)
{
    if (!errmsg || errmsg_len == 0)
        return;
    int n = snprintf(errmsg, errmsg_len, "%s:%u: ", name ? name : "(null)", line);
    if (n < 0 || (size_t)n >= errmsg_len)
        return; /* truncated: a message is still there */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(errmsg + n, errmsg_len - (size_t)n, fmt, ap);
    va_end(ap);
}

#define FAIL(p, ...)                                                                               \
    (errmsg_set((p)->errmsg, (p)->errmsg_len, (p)->name, (p)->line, __VA_ARGS__), ERR_INVALID)

static int
add_node(struct parser *p, enum node_kind kind, size_t off, size_t len)
{
    if (p->n_nodes == p->cap_nodes) {
        size_t cap = p->cap_nodes ? p->cap_nodes * 2 : 64;
        struct node *n = realloc(p->nodes, cap * sizeof(*n)); /* cap <= 4 * TEMPLATE_MAX_LEN */
        if (!n)
            return ERR_NOMEM;
        p->nodes = n;
        p->cap_nodes = cap;
    }
    struct node *nd = &p->nodes[p->n_nodes++];
    memset(nd, 0, sizeof(*nd));
    nd->kind = kind;
    nd->off = (uint32_t)off;
    nd->len = (uint32_t)len;
    return ERR_OK;
}

static int
feed_text(struct parser *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        unsigned char c = (unsigned char)p->text[i];
        if (p->h.is_after_section) {
            p->h.is_after_section = false;
            if (p->h.st == HS_BEFORE_ATTR_NAME && !html_is_ws(c) && c != '/' && c != '>')
                return FAIL(p, "put a space, '/' or '>' after a section tag that ends an "
                               "attribute name");
        }
        const char *why = html_step(&p->h, c);
        if (why)
            return FAIL(p, "%s", why);
        if (c == '\n')
            p->line++;
    }
    return to > from ? add_node(p, NODE_TEXT, from, to - from) : ERR_OK;
}

bool
tmpl_is_name_char(unsigned char c)
{
    return html_is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static int
parse_path(struct parser *p, const char *s, size_t len, enum path_kind *kind)
{
    static const struct {
        const char *word;
        enum path_kind kind;
    } specials[] = {
        {".", PATH_DOT},        {"@index", PATH_INDEX}, {"@number", PATH_NUMBER},
        {"@first", PATH_FIRST}, {"@last", PATH_LAST},
    };
    struct str w = {s, len};

    for (size_t i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
        if (str_eq(w, specials[i].word)) {
            *kind = specials[i].kind;
            return ERR_OK;
        }
    }
    bool is_seg_start = true;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.' && !is_seg_start && i + 1 < len)
            is_seg_start = true;
        else if (tmpl_is_name_char(c))
            is_seg_start = false;
        else
            return FAIL(p, "bad path '%.*s'", (int)len, s);
    }
    if (len == 0)
        return FAIL(p, "empty tag");
    *kind = PATH_NAME;
    return ERR_OK;
}

/* Where a section tag may stand; inside a tag it ends the attribute name being read. */
static int
section_boundary(struct parser *p)
{
    struct html *h = &p->h;

    switch (h->st) {
    case HS_TEXT:
    case HS_COMMENT:
    case HS_ATTR_VALUE_DQ:
    case HS_ATTR_VALUE_SQ:
        return ERR_OK;
    case HS_RAW:
        if (h->match == 0 && h->esc == 0)
            return ERR_OK;
        break;
    case HS_ATTR_NAME:
        h->attr = ATTR_PLAIN;
        h->st = HS_BEFORE_ATTR_NAME;
        h->is_after_section = true;
        return ERR_OK;
    case HS_BEFORE_ATTR_NAME:
    case HS_AFTER_ATTR_NAME:
    case HS_AFTER_ATTR_VALUE:
        h->attr = ATTR_PLAIN;
        h->st = HS_BEFORE_ATTR_NAME;
        return ERR_OK;
    default:
        break;
    }
    return FAIL(p, "section tag inside a tag name, an unquoted value or a markup declaration");
}

static const char *const section_words[] = {[NODE_IF] = "if", [NODE_EACH] = "each"};

static int
open_section(struct parser *p, enum node_kind kind, const char *path, size_t path_len)
{
    enum path_kind pk;
    int rc = parse_path(p, path, path_len, &pk);
    if (rc != ERR_OK)
        return rc;
    if (p->n_sec == TEMPLATE_MAX_SECTION_DEPTH)
        return FAIL(p, "sections nested too deeply");
    rc = section_boundary(p);
    if (rc != ERR_OK)
        return rc;
    if (kind == NODE_EACH) {
        /* the body repeats: from the second pass on it is not at the start of a value, and
         * inside a tag each pass must begin a new attribute */
        p->h.is_value_start = false;
        if (p->h.st == HS_BEFORE_ATTR_NAME)
            p->h.is_after_section = true;
    }
    struct section *s = &p->sec[p->n_sec++];
    s->kind = kind;
    s->node = p->n_nodes;
    s->line = p->line;
    s->has_else = false;
    s->open = p->h;
    rc = add_node(p, kind, (size_t)(path - p->text), path_len);
    if (rc == ERR_OK)
        p->nodes[s->node].path = pk;
    return rc;
}

static int
else_section(struct parser *p)
{
    if (p->n_sec == 0 || p->sec[p->n_sec - 1].has_else)
        return FAIL(p, "{{else}} without {{#if}} or {{#each}}");
    struct section *s = &p->sec[p->n_sec - 1];
    int rc = section_boundary(p);
    if (rc != ERR_OK)
        return rc;
    if (!html_same(&s->open, &p->h))
        return FAIL(p, "the HTML context at {{else}} differs from the one at {{#%s}} on line %u",
                    section_words[s->kind], s->line);
    s->has_else = true;
    s->then_end = p->h;
    p->nodes[s->node].else_at = (uint32_t)p->n_nodes;
    p->h = s->open;
    return ERR_OK;
}

static int
close_section(struct parser *p, enum node_kind kind)
{
    if (p->n_sec == 0 || p->sec[p->n_sec - 1].kind != kind)
        return FAIL(p, "{{/%s}} without {{#%s}}", section_words[kind], section_words[kind]);
    struct section *s = &p->sec[p->n_sec - 1];
    int rc = section_boundary(p);
    if (rc != ERR_OK)
        return rc;
    if (!html_same(&s->open, &p->h))
        return FAIL(p, "the HTML context at {{/%s}} differs from the one at {{#%s}} on line %u",
                    section_words[kind], section_words[kind], s->line);
    html_merge(&p->h, s->has_else ? &s->then_end : &s->open);
    struct node *nd = &p->nodes[s->node];
    if (!s->has_else)
        nd->else_at = (uint32_t)p->n_nodes;
    nd->end = (uint32_t)p->n_nodes;
    p->n_sec--;
    return ERR_OK;
}

/* The escaping for a {{path}} slot at the model's state, or a parse error. */
static int
slot_context(struct parser *p, enum slot_ctx *ctx)
{
    const struct html *h = &p->h;

    switch (h->st) {
    case HS_TEXT:
        *ctx = CTX_TEXT;
        return ERR_OK;
    case HS_RAW:
        if (html_elem_has(h->el, EF_RCDATA) && h->match == 0) {
            *ctx = CTX_RCDATA;
            return ERR_OK;
        }
        if (html_elem_has(h->el, EF_RCDATA))
            return FAIL(p, "slot inside an end tag");
        return FAIL(p, "slot inside <%s>", html_elem_name(h->el));
    case HS_ATTR_VALUE_DQ:
    case HS_ATTR_VALUE_SQ:
        if (h->attr == ATTR_FORBIDDEN)
            return FAIL(
                p, "slot in attribute '%.*s' (event handlers, style and srcdoc take no data)",
                (int)(h->name_len < sizeof(h->name) ? h->name_len : sizeof(h->name)), h->name);
        if (h->attr == ATTR_PLAIN)
            *ctx = CTX_ATTR;
        else if (!h->is_value_start)
            *ctx = CTX_URL_PART;
        else if (html_elem_has(h->el, EF_LOADS) && !h->is_end_tag)
            return FAIL(p,
                        "slot at the start of a URL in <%s>: only later parts may come from data",
                        html_elem_name(h->el));
        else
            *ctx = CTX_URL_START;
        return ERR_OK;
    case HS_BEFORE_ATTR_VALUE:
    case HS_ATTR_VALUE_UNQ:
        return FAIL(p, "slot in an unquoted attribute value");
    case HS_TAG_OPEN:
    case HS_END_TAG_OPEN:
    case HS_TAG_NAME:
        return FAIL(p, "slot in a tag name");
    case HS_BEFORE_ATTR_NAME:
    case HS_ATTR_NAME:
    case HS_AFTER_ATTR_NAME:
    case HS_AFTER_ATTR_VALUE:
    case HS_SELF_CLOSING:
        return FAIL(p, "slot in a tag outside a quoted attribute value");
    case HS_COMMENT_START:
    case HS_COMMENT_START_DASH:
    case HS_COMMENT:
    case HS_COMMENT_END_DASH:
    case HS_COMMENT_END:
    case HS_COMMENT_END_BANG:
        return FAIL(p, "slot inside an HTML comment");
    case HS_MARKUP_DECL:
    case HS_MARKUP_DASH:
    case HS_BOGUS:
        break;
    }
    return FAIL(p, "slot inside <!...> or <?...>");
}

static int
add_slot(struct parser *p, const char *s, size_t len)
{
    enum path_kind pk;
    enum slot_ctx ctx;
    int rc = parse_path(p, s, len, &pk);
    if (rc == ERR_OK)
        rc = slot_context(p, &ctx);
    if (rc == ERR_OK)
        rc = add_node(p, NODE_VAR, (size_t)(s - p->text), len);
    if (rc != ERR_OK)
        return rc;
    p->nodes[p->n_nodes - 1].path = pk;
    p->nodes[p->n_nodes - 1].ctx = ctx;
    if (ctx == CTX_URL_START)
        p->h.is_scheme_open = true;
    p->h.is_value_start = false;
    return ERR_OK;
}

/* Letters, digits and "_-./", at most MAX_NAME_LEN bytes, no empty, "." or ".." segment. */
static bool
is_template_name(const char *s, size_t len)
{
    size_t seg = 0;

    if (len == 0 || len > MAX_NAME_LEN)
        return false;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '/') {
            if (seg == 0 || (seg == 1 && s[i - 1] == '.') ||
                (seg == 2 && s[i - 1] == '.' && s[i - 2] == '.'))
                return false;
            seg = 0;
        } else if (tmpl_is_name_char((unsigned char)s[i]) || s[i] == '.') {
            seg++;
        } else {
            return false;
        }
    }
    return true;
}

static void
trim(const char **s, size_t *len)
{
    while (*len > 0 && html_is_ws((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && html_is_ws((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* Split " word rest " at the first space after the word; both trimmed. */
static void
split_word(const char *s, size_t len, struct str *word, struct str *rest)
{
    size_t i = 0;

    trim(&s, &len);
    while (i < len && !html_is_ws((unsigned char)s[i]))
        i++;
    word->p = s;
    word->len = i;
    const char *r = s + i;
    size_t rlen = len - i;
    trim(&r, &rlen);
    rest->p = r;
    rest->len = rlen;
}

/* The tag text[from..to), between "{{" and "}}". */
static int
parse_tag(struct parser *p, size_t from, size_t to)
{
    const char *s = p->text + from;
    size_t len = to - from;
    struct str word, rest;

    if (len > 0 && s[0] == '{')
        return FAIL(p, "'{{{' is not supported: raw HTML comes only from safe fragments");
    trim(&s, &len);
    if (len > 0 && s[0] == '!')
        return ERR_OK;
    if (len > MAX_TAG_LEN)
        return FAIL(p, "tag longer than %d bytes", MAX_TAG_LEN);
    if (len > 0 && (s[0] == '#' || s[0] == '/')) {
        split_word(s + 1, len - 1, &word, &rest);
        enum node_kind kind = str_eq(word, "if")     ? NODE_IF
                              : str_eq(word, "each") ? NODE_EACH
                                                     : NODE_TEXT;
        if (kind == NODE_TEXT)
            return FAIL(p, "unknown section '%.*s'", (int)word.len, word.p);
        if (s[0] == '#')
            return open_section(p, kind, rest.p, rest.len);
        if (rest.len > 0)
            return FAIL(p, "unexpected '%.*s' in {{/%s}}", (int)rest.len, rest.p,
                        section_words[kind]);
        return close_section(p, kind);
    }
    if (len > 0 && s[0] == '>') {
        const char *n = s + 1;
        size_t n_len = len - 1;
        trim(&n, &n_len);
        if (!is_template_name(n, n_len))
            return FAIL(p, "bad partial name '%.*s'", (int)n_len, n);
        if (p->h.st != HS_TEXT || p->h.is_in_select)
            return FAIL(p, "partial outside element text or inside <select>");
        return add_node(p, NODE_PARTIAL, (size_t)(n - p->text), n_len);
    }
    if (str_eq((struct str){s, len}, "else"))
        return else_section(p);
    return add_slot(p, s, len);
}

/* The index of "cc" at or after `from`, or len. */
static size_t
find_pair(const char *s, size_t len, size_t from, char c)
{
    for (size_t i = from; i + 1 < len; i++)
        if (s[i] == c && s[i + 1] == c)
            return i;
    return len;
}

/* The length of the valid UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0. */
size_t
tmpl_utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    uint32_t cp, min;

    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2, cp = s[0] & 0x1f, min = 0x80;
    } else if ((s[0] & 0xf0) == 0xe0) {
        len = 3, cp = s[0] & 0x0f, min = 0x800;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4, cp = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

static int
check_text(struct parser *p)
{
    const unsigned char *s = (const unsigned char *)p->text;
    for (size_t i = 0; i < p->len;) {
        if (s[i] >= 0x80) {
            size_t n = tmpl_utf8_len(s + i, p->len - i);
            if (n == 0)
                return FAIL(p, "invalid UTF-8");
            i += n;
            continue;
        }
        if (s[i] == 0)
            return FAIL(p, "NUL byte");
        if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') || s[i] == 0x7f)
            return FAIL(p, "control character 0x%02x", s[i]);
        if (s[i++] == '\n')
            p->line++;
    }
    p->line = 1;
    return ERR_OK;
}

static int
parse(struct parser *p)
{
    int rc = check_text(p);
    size_t pos = 0;

    while (rc == ERR_OK && pos < p->len) {
        size_t open = find_pair(p->text, p->len, pos, '{');
        rc = feed_text(p, pos, open);
        if (rc != ERR_OK || open == p->len)
            break;
        size_t close = find_pair(p->text, p->len, open + 2, '}');
        if (close == p->len)
            return FAIL(p, "'{{' without '}}'");
        rc = parse_tag(p, open + 2, close);
        for (size_t i = open; i < close; i++)
            p->line += p->text[i] == '\n';
        pos = close + 2;
    }
    if (rc != ERR_OK)
        return rc;
    if (p->n_sec > 0) {
        struct section *s = &p->sec[p->n_sec - 1];
        p->line = s->line;
        return FAIL(p, "{{#%s}} without {{/%s}}", section_words[s->kind], section_words[s->kind]);
    }
    if (p->h.st != HS_TEXT)
        return FAIL(p, "template ends inside a tag, a comment or <%s>",
                    p->h.st == HS_RAW ? html_elem_name(p->h.el) : "!");
    if (p->h.is_in_select)
        return FAIL(p, "template ends inside <select>");
    return ERR_OK;
}

/* ---- the set ---- */

static int
name_cmp(const char *a, size_t a_len, const char *b)
{
    size_t b_len = strlen(b);
    int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
    if (c != 0)
        return c;
    return a_len < b_len ? -1 : a_len > b_len;
}

/* The position of `name` in ts->tpl, or where it would go (*found false). */
static size_t
find_pos(const struct template_set *ts, const char *name, size_t len, bool *found)
{
    size_t lo = 0, hi = ts->n_tpl;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = name_cmp(name, len, ts->tpl[mid]->name);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *found = false;
    return lo;
}

const struct tmpl *
tmpl_find(const struct template_set *ts, const char *name, size_t len)
{
    bool found;
    size_t i = find_pos(ts, name, len, &found);
    return found ? ts->tpl[i] : NULL;
}

int
template_set_new(struct template_set **out)
{
    struct template_set *ts = calloc(1, sizeof(*ts));
    if (!ts)
        return ERR_NOMEM;
    *out = ts;
    return ERR_OK;
}

void
template_set_free(struct template_set *ts)
{
    if (!ts)
        return;
    for (size_t i = 0; i < ts->n_tpl; i++)
        free(ts->tpl[i]);
    free(ts->tpl);
    free(ts);
}

/* A template holding the parsed nodes and copies of name and text; NULL when out of memory.
 * Sizes cannot overflow: len <= TEMPLATE_MAX_LEN and n_nodes <= len + 1. */
static struct tmpl *
template_new(const struct parser *p)
{
    size_t name_len = strlen(p->name);
    size_t nodes_size = p->n_nodes * sizeof(struct node);
    struct tmpl *t = malloc(sizeof(struct tmpl) + nodes_size + name_len + 1 + p->len + 1);
    if (!t)
        return NULL;
    char *name = (char *)t->nodes + nodes_size;
    char *text = name + name_len + 1;
    if (nodes_size)
        memcpy(t->nodes, p->nodes, nodes_size);
    memcpy(name, p->name, name_len + 1);
    if (p->len)
        memcpy(text, p->text, p->len);
    text[p->len] = '\0';
    t->name = name;
    t->text = text;
    t->n_nodes = p->n_nodes;
    return t;
}

static int
insert(struct template_set *ts, size_t pos, struct tmpl *t)
{
    if (ts->n_tpl == ts->cap_tpl) {
        size_t cap = ts->cap_tpl ? ts->cap_tpl * 2 : 16;
        if (cap > SIZE_MAX / sizeof(*ts->tpl))
            return ERR_NOMEM;
        struct tmpl **tpl = realloc(ts->tpl, cap * sizeof(*tpl));
        if (!tpl)
            return ERR_NOMEM;
        ts->tpl = tpl;
        ts->cap_tpl = cap;
    }
    memmove(ts->tpl + pos + 1, ts->tpl + pos, (ts->n_tpl - pos) * sizeof(*ts->tpl));
    ts->tpl[pos] = t;
    ts->n_tpl++;
    return ERR_OK;
}

int
template_set_add(struct template_set *ts, const char *name, const char *text, size_t len,
                 char *errmsg, size_t errmsg_len)
{
    struct parser p = {.name = name,
                       .text = text,
                       .len = len,
                       .line = 1,
                       .errmsg = errmsg,
                       .errmsg_len = errmsg_len};
    struct tmpl *t = NULL;
    bool found;
    size_t pos = 0;
    int rc;

    p.h.st = HS_TEXT;
    if (errmsg && errmsg_len > 0)
        errmsg[0] = '\0';
    if (!name || !is_template_name(name, strlen(name))) {
        rc = FAIL(&p, "bad template name");
        goto out;
    }
    if (!text && len > 0) {
        rc = FAIL(&p, "no text");
        goto out;
    }
    if (len > TEMPLATE_MAX_LEN) {
        errmsg_set(errmsg, errmsg_len, name, 1, "longer than %d bytes", TEMPLATE_MAX_LEN);
        rc = ERR_LIMIT;
        goto out;
    }
    pos = find_pos(ts, name, strlen(name), &found);
    if (found) {
        errmsg_set(errmsg, errmsg_len, name, 1, "a template of this name exists");
        rc = ERR_CONFLICT;
        goto out;
    }
    if (!text)
        p.text = "";
    rc = parse(&p);
    if (rc != ERR_OK)
        goto out;
    t = template_new(&p);
    if (!t) {
        rc = ERR_NOMEM;
        goto out;
    }
    rc = insert(ts, pos, t);
    if (rc == ERR_OK)
        t = NULL;
out:
    free(t);
    free(p.nodes);
    return rc;
}

int
template_set_load_embedded(struct template_set *ts, char *errmsg, size_t errmsg_len)
{
    static const char prefix[] = "html/templates/", suffix[] = ".html";
    const size_t pre = sizeof(prefix) - 1, suf = sizeof(suffix) - 1;
    char name[MAX_NAME_LEN + 1];

    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        size_t n = strlen(f->name);
        if (n <= pre + suf || memcmp(f->name, prefix, pre) != 0 ||
            memcmp(f->name + n - suf, suffix, suf) != 0)
            continue;
        size_t name_len = n - pre - suf;
        if (name_len > MAX_NAME_LEN) {
            errmsg_set(errmsg, errmsg_len, f->name, 1, "name too long");
            return ERR_INVALID;
        }
        memcpy(name, f->name + pre, name_len);
        name[name_len] = '\0';
        int rc = template_set_add(ts, name, f->data, f->len, errmsg, errmsg_len);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}
