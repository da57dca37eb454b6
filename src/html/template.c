#include "template.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
#define REPLACEMENT  "\xef\xbf\xbd"
#define INVALID_URL  "#invalid"

/* The key of a safe fragment. It starts with a NUL byte: json_loads() refuses such keys and
 * json_object_set() cannot make them, and a template path cannot name it. */
#define SAFE_KEY     "\0rathaus-safe-html"
#define SAFE_KEY_LEN (sizeof(SAFE_KEY) - 1)

enum node_kind { NODE_TEXT, NODE_VAR, NODE_IF, NODE_EACH, NODE_PARTIAL };

enum slot_ctx {
    CTX_TEXT,      /* element text: escape & < > " ' ; safe fragments raw */
    CTX_RCDATA,    /* <textarea>, <title>: escaped like text, fragments too */
    CTX_ATTR,      /* quoted attribute value: also ` and = */
    CTX_URL_START, /* start of a URL attribute: checked scheme, then attribute-escaped */
    CTX_URL_PART,  /* later in a URL attribute: percent-encoded */
};

enum path_kind { PATH_NAME, PATH_DOT, PATH_INDEX, PATH_NUMBER, PATH_FIRST, PATH_LAST };

struct node {
    enum node_kind kind;
    enum slot_ctx ctx;     /* NODE_VAR */
    enum path_kind path;   /* NODE_VAR, NODE_IF, NODE_EACH */
    uint32_t off, len;     /* in the text: the literal, the path or the partial's name */
    uint32_t else_at, end; /* NODE_IF, NODE_EACH: first else node; node after the section */
};

/* One allocation: the struct, the nodes, then the name and the text, NUL-terminated. */
struct tmpl {
    const char *name;
    const char *text;
    size_t n_nodes;
    struct node nodes[];
};

struct template_set {
    struct tmpl **tpl; /* sorted by name; each owned */
    size_t n_tpl, cap_tpl;
};

/* ---- the HTML tokenizer model ---- */

enum hs {
    HS_TEXT,
    HS_RAW, /* content of a raw-text or RCDATA element, up to "</name" */
    HS_TAG_OPEN,
    HS_END_TAG_OPEN,
    HS_TAG_NAME,
    HS_BEFORE_ATTR_NAME,
    HS_ATTR_NAME,
    HS_AFTER_ATTR_NAME,
    HS_BEFORE_ATTR_VALUE,
    HS_ATTR_VALUE_DQ,
    HS_ATTR_VALUE_SQ,
    HS_ATTR_VALUE_UNQ,
    HS_AFTER_ATTR_VALUE,
    HS_SELF_CLOSING,
    HS_MARKUP_DECL, /* after "<!" */
    HS_MARKUP_DASH, /* after "<!-" */
    HS_BOGUS,       /* <!DOCTYPE ...>, <?...>, </ ...>: up to '>' */
    HS_COMMENT_START,
    HS_COMMENT_START_DASH,
    HS_COMMENT,
    HS_COMMENT_END_DASH,
    HS_COMMENT_END,
    HS_COMMENT_END_BANG,
};

enum elem {
    EL_OTHER,
    EL_SCRIPT,
    EL_STYLE,
    EL_XMP,
    EL_IFRAME,
    EL_NOEMBED,
    EL_NOFRAMES,
    EL_NOSCRIPT,
    EL_PLAINTEXT,
    EL_TEXTAREA,
    EL_TITLE,
    EL_BASE,
    EL_LINK,
    EL_OBJECT,
    EL_EMBED,
    EL_FRAME,
    EL_APPLET,
    EL_SELECT,
    EL_SVG,
    EL_MATH,
    EL_FRAMESET,
};

#define EF_RAW    1u /* content is raw text up to the end tag; slots rejected */
#define EF_RCDATA 2u /* content is text up to the end tag; slots escaped as text */
#define EF_LOADS  4u /* a URL attribute loads code or changes what relative URLs mean */

static const struct {
    const char *name;
    unsigned flags;
} elems[] = {
    [EL_OTHER] = {"", 0},
    [EL_SCRIPT] = {"script", EF_RAW | EF_LOADS},
    [EL_STYLE] = {"style", EF_RAW},
    [EL_XMP] = {"xmp", EF_RAW},
    [EL_IFRAME] = {"iframe", EF_RAW | EF_LOADS},
    [EL_NOEMBED] = {"noembed", EF_RAW},
    [EL_NOFRAMES] = {"noframes", EF_RAW},
    [EL_NOSCRIPT] = {"noscript", EF_RAW},
    [EL_PLAINTEXT] = {"plaintext", EF_RAW},
    [EL_TEXTAREA] = {"textarea", EF_RCDATA},
    [EL_TITLE] = {"title", EF_RCDATA},
    [EL_BASE] = {"base", EF_LOADS},
    [EL_LINK] = {"link", EF_LOADS},
    [EL_OBJECT] = {"object", EF_LOADS},
    [EL_EMBED] = {"embed", EF_LOADS},
    [EL_FRAME] = {"frame", EF_LOADS},
    [EL_APPLET] = {"applet", EF_LOADS},
    [EL_SELECT] = {"select", 0},
    [EL_SVG] = {"svg", 0},
    [EL_MATH] = {"math", 0},
    [EL_FRAMESET] = {"frameset", 0},
};

enum attr_kind { ATTR_PLAIN, ATTR_URL, ATTR_FORBIDDEN };

static const char *const url_attrs[] = {
    "action",     "archive", "background", "cite",     "classid",    "codebase", "data",
    "formaction", "href",    "icon",       "longdesc", "manifest",   "ping",     "poster",
    "profile",    "src",     "srcset",     "usemap",   "xlink:href",
};

struct html {
    enum hs st;
    enum elem el;        /* the tag being read, or the raw-text element */
    enum attr_kind attr; /* the attribute whose value is being read */
    bool is_end_tag;
    bool is_value_start;   /* nothing but spaces yet in this attribute value */
    bool is_scheme_open;   /* a URL slot began this value; no '/', '?' or '#' since */
    bool is_after_section; /* a section tag ended an attribute name: next byte must too */
    bool is_in_select;     /* after <select>, before </select> */
    unsigned match;        /* HS_RAW: bytes of "</name" seen */
    unsigned esc;          /* HS_RAW in <script>: bytes of "<!--" seen */
    char name[24];         /* tag or attribute name, lower case, truncated */
    size_t name_len;       /* untruncated length */
};

static bool
is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool
is_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static unsigned char
lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool
name_is(const struct html *h, const char *s)
{
    size_t n = strlen(s);
    return h->name_len == n && n <= sizeof(h->name) && memcmp(h->name, s, n) == 0;
}

static void
name_add(struct html *h, unsigned char c)
{
    if (h->name_len < sizeof(h->name))
        h->name[h->name_len] = (char)lower(c);
    h->name_len++;
}

static bool
elem_has(enum elem e, unsigned flags)
{
    return (elems[e].flags & flags) != 0;
}

static enum elem
elem_lookup(const struct html *h)
{
    for (size_t i = 1; i < sizeof(elems) / sizeof(elems[0]); i++)
        if (name_is(h, elems[i].name))
            return (enum elem)i;
    return EL_OTHER;
}

static enum attr_kind
attr_classify(const struct html *h)
{
    if (h->name_len >= 2 && h->name[0] == 'o' && h->name[1] == 'n')
        return ATTR_FORBIDDEN;
    if (name_is(h, "style") || name_is(h, "srcdoc"))
        return ATTR_FORBIDDEN;
    for (size_t i = 0; i < sizeof(url_attrs) / sizeof(url_attrs[0]); i++)
        if (name_is(h, url_attrs[i]))
            return ATTR_URL;
    return ATTR_PLAIN;
}

static void
to_text(struct html *h)
{
    bool is_in_select = h->is_in_select;
    memset(h, 0, sizeof(*h));
    h->st = HS_TEXT;
    h->is_in_select = is_in_select;
}

static void
start_tag(struct html *h, bool is_end)
{
    h->st = HS_TAG_NAME;
    h->is_end_tag = is_end;
    h->el = EL_OTHER;
    h->name_len = 0;
}

static void
start_attr(struct html *h)
{
    h->st = HS_ATTR_NAME;
    h->attr = ATTR_PLAIN;
    h->name_len = 0;
}

static void
start_value(struct html *h, enum hs st)
{
    h->st = st;
    h->is_value_start = true;
    h->is_scheme_open = false;
}

static void
end_value(struct html *h)
{
    h->attr = ATTR_PLAIN;
    h->is_value_start = false;
    h->is_scheme_open = false;
}

/* The '>' of a tag. */
static const char *
emit_tag(struct html *h)
{
    if (h->is_end_tag) {
        if (h->el == EL_SELECT)
            h->is_in_select = false;
        to_text(h);
        return NULL;
    }
    switch (h->el) {
    case EL_SVG:
    case EL_MATH:
        /* foreign content parses differently (CDATA, no raw text, break-out tags) */
        return "inline <svg> and <math> are not supported; use <img> or CSS";
    case EL_NOSCRIPT:
        /* raw text with scripting on, markup with it off: no single context */
        return "<noscript> is not supported";
    case EL_FRAMESET:
        return "<frameset> is not supported";
    case EL_SELECT:
        h->is_in_select = true;
        break;
    case EL_SCRIPT:
    case EL_TEXTAREA:
        break;
    default:
        /* parsers without customizable <select> ignore these tags inside it */
        if (h->is_in_select && elem_has(h->el, EF_RAW | EF_RCDATA))
            return "<title>, <style> and other raw-text elements inside <select> are not "
                   "supported";
        break;
    }
    if (elem_has(h->el, EF_RAW | EF_RCDATA)) {
        enum elem el = h->el;
        to_text(h);
        h->st = HS_RAW;
        h->el = el;
        return NULL;
    }
    to_text(h);
    return NULL;
}

static const char *html_step(struct html *h, unsigned char c);

static const char *
raw_step(struct html *h, unsigned char c)
{
    const char *en = elems[h->el].name;
    size_t n = strlen(en);

    if (h->el == EL_PLAINTEXT)
        return NULL;
    if (h->el == EL_SCRIPT) {
        /* "<!--" starts the script's escaped states, where "</script>" may not end it */
        if (c == (unsigned char)"<!--"[h->esc]) {
            if (++h->esc == 4)
                return "'<!--' inside <script> is not supported";
        } else {
            h->esc = c == '<';
        }
    }
    if (h->match == n + 2) {
        if (is_ws(c) || c == '/' || c == '>') {
            start_tag(h, true);
            memcpy(h->name, en, n);
            h->name_len = n;
            return html_step(h, c);
        }
        h->match = 0;
    }
    unsigned char want = h->match == 0   ? '<'
                         : h->match == 1 ? '/'
                                         : (unsigned char)en[h->match - 2];
    if (lower(c) == want)
        h->match++;
    else
        h->match = c == '<';
    return NULL;
}

/* Advance the model by one byte of literal template text. Returns NULL or why the template
 * is rejected. */
static const char *
html_step(struct html *h, unsigned char c)
{
    switch (h->st) {
    case HS_TEXT:
        if (c == '<')
            h->st = HS_TAG_OPEN;
        return NULL;
    case HS_RAW:
        return raw_step(h, c);
    case HS_TAG_OPEN:
        if (is_alpha(c)) {
            start_tag(h, false);
            return html_step(h, c);
        }
        if (c == '!')
            h->st = HS_MARKUP_DECL;
        else if (c == '/')
            h->st = HS_END_TAG_OPEN;
        else if (c == '?')
            h->st = HS_BOGUS;
        else {
            h->st = HS_TEXT;
            return html_step(h, c);
        }
        return NULL;
    case HS_END_TAG_OPEN:
        if (is_alpha(c)) {
            start_tag(h, true);
            return html_step(h, c);
        }
        if (c == '>')
            to_text(h);
        else
            h->st = HS_BOGUS;
        return NULL;
    case HS_TAG_NAME:
        if (is_ws(c) || c == '/' || c == '>') {
            h->el = elem_lookup(h);
            h->st = HS_BEFORE_ATTR_NAME;
            return html_step(h, c);
        }
        name_add(h, c);
        return NULL;
    case HS_BEFORE_ATTR_NAME:
        if (is_ws(c))
            return NULL;
        if (c == '/' || c == '>') {
            h->st = HS_AFTER_ATTR_NAME;
            return html_step(h, c);
        }
        if (c == '=')
            return "unexpected '=' in a tag";
        start_attr(h);
        return html_step(h, c);
    case HS_ATTR_NAME:
        if (is_ws(c) || c == '/' || c == '>' || c == '=') {
            h->attr = attr_classify(h);
            h->st = HS_AFTER_ATTR_NAME;
            return html_step(h, c);
        }
        name_add(h, c);
        return NULL;
    case HS_AFTER_ATTR_NAME:
        if (is_ws(c))
            return NULL;
        if (c == '/')
            h->st = HS_SELF_CLOSING;
        else if (c == '=')
            h->st = HS_BEFORE_ATTR_VALUE;
        else if (c == '>')
            return emit_tag(h);
        else {
            start_attr(h);
            return html_step(h, c);
        }
        return NULL;
    case HS_BEFORE_ATTR_VALUE:
        if (is_ws(c))
            return NULL;
        if (c == '"')
            start_value(h, HS_ATTR_VALUE_DQ);
        else if (c == '\'')
            start_value(h, HS_ATTR_VALUE_SQ);
        else if (c == '>')
            return emit_tag(h);
        else
            h->st = HS_ATTR_VALUE_UNQ;
        return NULL;
    case HS_ATTR_VALUE_DQ:
    case HS_ATTR_VALUE_SQ:
        if (c == (h->st == HS_ATTR_VALUE_DQ ? '"' : '\'')) {
            end_value(h);
            h->st = HS_AFTER_ATTR_VALUE;
            return NULL;
        }
        if (h->is_scheme_open) {
            /* '&' too: "&colon;" is a colon once the browser decodes the value */
            if (c == ':' || c == '&')
                return "':' or '&' after a URL slot could make a scheme; put '/' first";
            if (c == '/' || c == '?' || c == '#')
                h->is_scheme_open = false;
        }
        if (!is_ws(c))
            h->is_value_start = false;
        return NULL;
    case HS_ATTR_VALUE_UNQ:
        if (is_ws(c)) {
            end_value(h);
            h->st = HS_BEFORE_ATTR_NAME;
        } else if (c == '>') {
            end_value(h);
            return emit_tag(h);
        }
        return NULL;
    case HS_AFTER_ATTR_VALUE:
        if (c == '/')
            h->st = HS_SELF_CLOSING;
        else if (c == '>')
            return emit_tag(h);
        else {
            h->st = HS_BEFORE_ATTR_NAME;
            return html_step(h, c);
        }
        return NULL;
    case HS_SELF_CLOSING:
        if (c == '>')
            return emit_tag(h);
        h->st = HS_BEFORE_ATTR_NAME;
        return html_step(h, c);
    case HS_MARKUP_DECL:
        if (c == '-')
            h->st = HS_MARKUP_DASH;
        else if (c == '[')
            return "'<![' (CDATA) is not supported";
        else {
            h->st = HS_BOGUS;
            return html_step(h, c);
        }
        return NULL;
    case HS_MARKUP_DASH:
        if (c == '-') {
            h->st = HS_COMMENT_START;
            return NULL;
        }
        h->st = HS_BOGUS;
        return html_step(h, c);
    case HS_BOGUS:
        if (c == '>')
            to_text(h);
        return NULL;
    case HS_COMMENT_START:
    case HS_COMMENT_START_DASH:
        if (c == '>')
            to_text(h); /* "<!-->" and "<!--->" are closed comments */
        else if (c == '-')
            h->st = h->st == HS_COMMENT_START ? HS_COMMENT_START_DASH : HS_COMMENT_END;
        else
            h->st = HS_COMMENT;
        return NULL;
    case HS_COMMENT:
        if (c == '-')
            h->st = HS_COMMENT_END_DASH;
        return NULL;
    case HS_COMMENT_END_DASH:
        h->st = c == '-' ? HS_COMMENT_END : HS_COMMENT;
        return NULL;
    case HS_COMMENT_END:
        if (c == '>')
            to_text(h);
        else if (c == '!')
            h->st = HS_COMMENT_END_BANG;
        else if (c != '-')
            h->st = HS_COMMENT;
        return NULL;
    case HS_COMMENT_END_BANG:
        if (c == '>')
            to_text(h);
        else
            h->st = c == '-' ? HS_COMMENT_END_DASH : HS_COMMENT;
        return NULL;
    }
    return "internal error: unknown HTML state";
}

/* True when a and b agree on everything that decides later contexts (see the top comment). */
static bool
html_same(const struct html *a, const struct html *b)
{
    return a->st == b->st && a->el == b->el && a->attr == b->attr &&
           a->is_end_tag == b->is_end_tag && a->is_in_select == b->is_in_select &&
           a->match == b->match && a->esc == b->esc;
}

/* Join the states at the ends of two branches, which html_same() has accepted. */
static void
html_merge(struct html *into, const struct html *other)
{
    into->is_value_start = into->is_value_start && other->is_value_start;
    into->is_scheme_open = into->is_scheme_open || other->is_scheme_open;
    into->is_after_section = into->is_after_section || other->is_after_section;
}

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
            if (p->h.st == HS_BEFORE_ATTR_NAME && !is_ws(c) && c != '/' && c != '>')
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

static bool
is_name_char(unsigned char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
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
        else if (is_name_char(c))
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
        if (elem_has(h->el, EF_RCDATA) && h->match == 0) {
            *ctx = CTX_RCDATA;
            return ERR_OK;
        }
        if (elem_has(h->el, EF_RCDATA))
            return FAIL(p, "slot inside an end tag");
        return FAIL(p, "slot inside <%s>", elems[h->el].name);
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
        else if (elem_has(h->el, EF_LOADS) && !h->is_end_tag)
            return FAIL(p,
                        "slot at the start of a URL in <%s>: only later parts may come from data",
                        elems[h->el].name);
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
        } else if (is_name_char((unsigned char)s[i]) || s[i] == '.') {
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
    while (*len > 0 && is_ws((unsigned char)**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_ws((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

/* Split " word rest " at the first space after the word; both trimmed. */
static void
split_word(const char *s, size_t len, struct str *word, struct str *rest)
{
    size_t i = 0;

    trim(&s, &len);
    while (i < len && !is_ws((unsigned char)s[i]))
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
static size_t
utf8_len(const unsigned char *s, size_t n)
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
            size_t n = utf8_len(s + i, p->len - i);
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
                    p->h.st == HS_RAW ? elems[p->h.el].name : "!");
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

static const struct tmpl *
find_template(const struct template_set *ts, const char *name, size_t len)
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

/* ---- rendering ---- */

struct scope {
    const json_t *v;
    const struct scope *up;
    bool is_loop; /* an {{#each}} element; index and n are set */
    size_t index, n;
};

struct render {
    const struct template_set *ts;
    struct buf *out;
};

/* The HTML of a safe fragment, or NULL when v is not one. */
static const json_t *
safe_html(const json_t *v)
{
    if (!json_is_object(v) || json_object_size(v) != 1)
        return NULL;
    const json_t *s = json_object_getn(v, SAFE_KEY, SAFE_KEY_LEN);
    return json_is_string(s) ? s : NULL;
}

static const json_t *
child(const json_t *v, const char *seg, size_t len)
{
    if (json_is_object(v))
        return json_object_getn(v, seg, len);
    if (!json_is_array(v) || len == 0 || len > 9)
        return NULL;
    size_t i = 0;
    for (size_t k = 0; k < len; k++) {
        if (seg[k] < '0' || seg[k] > '9')
            return NULL;
        i = i * 10 + (size_t)(seg[k] - '0');
    }
    return json_array_get(v, i);
}

/* The value of a PATH_NAME: the first segment in the innermost scope that has it. */
static const json_t *
lookup(const char *p, size_t len, const struct scope *sc)
{
    const char *dot = memchr(p, '.', len);
    size_t n = dot ? (size_t)(dot - p) : len;
    const json_t *v = NULL;

    for (; sc && !v; sc = sc->up)
        if (json_is_object(sc->v))
            v = json_object_getn(sc->v, p, n);
    while (v && dot) {
        p = dot + 1;
        len -= n + 1;
        dot = memchr(p, '.', len);
        n = dot ? (size_t)(dot - p) : len;
        v = child(v, p, n);
    }
    return v;
}

static const struct scope *
innermost_loop(const struct scope *sc)
{
    while (sc && !sc->is_loop)
        sc = sc->up;
    return sc;
}

static bool
is_truthy(const struct tmpl *t, const struct node *nd, const struct scope *sc)
{
    const struct scope *loop = innermost_loop(sc);
    const json_t *v;

    switch (nd->path) {
    case PATH_INDEX:
        return loop && loop->index > 0;
    case PATH_NUMBER:
        return loop != NULL;
    case PATH_FIRST:
        return loop && loop->index == 0;
    case PATH_LAST:
        return loop && loop->index + 1 == loop->n;
    case PATH_DOT:
        v = sc->v;
        break;
    default:
        v = lookup(t->text + nd->off, nd->len, sc);
        break;
    }
    const json_t *html = safe_html(v);
    if (html)
        return json_string_length(html) > 0;
    if (!v)
        return false;
    switch (json_typeof(v)) {
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    case JSON_TRUE:
    case JSON_OBJECT:
        return true;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    default:
        return false;
    }
}

/* Entities for the ASCII bytes that need one; '`' and '=' only in attribute values. */
static const char *const entities[128] = {
    [0] = REPLACEMENT, ['&'] = "&amp;",  ['<'] = "&lt;",  ['>'] = "&gt;",
    ['"'] = "&quot;",  ['\''] = "&#39;", ['`'] = "&#96;", ['='] = "&#61;",
};

/* Append s escaped for HTML text (is_attr false) or a quoted attribute value; invalid UTF-8
 * and NUL become U+FFFD. */
static int
put_escaped(struct buf *out, const char *s, size_t len, bool is_attr)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0;
    int rc = ERR_OK;

    while (i < len && rc == ERR_OK) {
        const char *rep = NULL;
        size_t n = 1;
        if (u[i] < 0x80) {
            rep = entities[u[i]];
            if (rep && !is_attr && (u[i] == '`' || u[i] == '='))
                rep = NULL;
        } else if ((n = utf8_len(u + i, len - i)) == 0) {
            rep = REPLACEMENT;
            n = 1;
        }
        if (rep) {
            rc = buf_append(out, s + run, i - run);
            if (rc == ERR_OK)
                rc = buf_puts(out, rep);
            run = i + n;
        }
        i += n;
    }
    return rc == ERR_OK ? buf_append(out, s + run, len - run) : rc;
}

/* Append s percent-encoded: all but A-Z a-z 0-9 - . _ ~ ; invalid UTF-8 and NUL as U+FFFD. */
static int
put_percent(struct buf *out, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)s;
    int rc = ERR_OK;

    for (size_t i = 0; i < len && rc == ERR_OK;) {
        unsigned char c = u[i];
        if (is_name_char(c) || c == '.' || c == '~') {
            size_t k = i + 1;
            while (k < len && (is_name_char(u[k]) || u[k] == '.' || u[k] == '~'))
                k++;
            rc = buf_append(out, s + i, k - i);
            i = k;
            continue;
        }
        size_t n = c >= 0x80 ? utf8_len(u + i, len - i) : (size_t)(c != 0);
        if (n == 0) {
            rc = buf_puts(out, "%EF%BF%BD");
            i++;
            continue;
        }
        for (size_t k = 0; k < n && rc == ERR_OK; k++) {
            char e[3] = {'%', hex[u[i + k] >> 4], hex[u[i + k] & 15]};
            rc = buf_append(out, e, sizeof(e));
        }
        i += n;
    }
    return rc;
}

/* True for a URL that cannot run script: relative, or http(s), mailto, tel. */
static bool
url_is_safe(const char *s, size_t len)
{
    static const char *const schemes[] = {"http://", "https://", "mailto:", "tel:"};
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        size_t n = strlen(schemes[i]);
        if (len >= n && str_eq_nocase((struct str){s, n}, schemes[i]))
            return true;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ':')
            return false;
        if (s[i] == '/' || s[i] == '?' || s[i] == '#')
            return true;
    }
    return true;
}

static int
put_value(struct buf *out, enum slot_ctx ctx, const char *s, size_t len)
{
    switch (ctx) {
    case CTX_TEXT:
    case CTX_RCDATA:
        return put_escaped(out, s, len, false);
    case CTX_ATTR:
        return put_escaped(out, s, len, true);
    case CTX_URL_START:
        if (!url_is_safe(s, len))
            return buf_puts(out, INVALID_URL);
        return put_escaped(out, s, len, true);
    case CTX_URL_PART:
        return put_percent(out, s, len);
    }
    return ERR_INVALID;
}

/* A number as text: integers in full, reals with up to two decimals. */
static size_t
format_number(const json_t *v, char *tmp, size_t tmp_len)
{
    int n;
    if (json_is_integer(v))
        n = snprintf(tmp, tmp_len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else
        n = snprintf(tmp, tmp_len, "%.2f", json_real_value(v));
    if (n < 0 || (size_t)n >= tmp_len)
        return 0;
    size_t len = (size_t)n;
    if (json_is_real(v) && memchr(tmp, '.', len)) {
        while (tmp[len - 1] == '0')
            len--;
        if (tmp[len - 1] == '.')
            len--;
        if (len == 2 && tmp[0] == '-' && tmp[1] == '0') {
            tmp[0] = '0';
            len = 1;
        }
    }
    return len;
}

static int
render_var(const struct render *r, const struct tmpl *t, const struct node *nd,
           const struct scope *sc)
{
    char tmp[400]; /* "%.2f" of the largest double needs 313 */
    const json_t *v;
    size_t len;

    if (nd->path == PATH_INDEX || nd->path == PATH_NUMBER) {
        const struct scope *loop = innermost_loop(sc);
        if (!loop)
            return ERR_OK;
        int n = snprintf(tmp, sizeof(tmp), "%zu", loop->index + (nd->path == PATH_NUMBER));
        return n > 0 ? put_value(r->out, nd->ctx, tmp, (size_t)n) : ERR_INVALID;
    }
    if (nd->path == PATH_FIRST || nd->path == PATH_LAST)
        return ERR_OK; /* booleans render nothing */
    v = nd->path == PATH_DOT ? sc->v : lookup(t->text + nd->off, nd->len, sc);
    const json_t *html = safe_html(v);
    if (html && nd->ctx == CTX_TEXT)
        return buf_append(r->out, json_string_value(html), json_string_length(html));
    if (html)
        v = html;
    if (json_is_string(v))
        return put_value(r->out, nd->ctx, json_string_value(v), json_string_length(v));
    if (!json_is_number(v))
        return ERR_OK; /* null, booleans, arrays, objects render nothing */
    len = format_number(v, tmp, sizeof(tmp));
    return put_value(r->out, nd->ctx, tmp, len);
}

static int render_nodes(const struct render *r, const struct tmpl *t, size_t from, size_t to,
                        const struct scope *sc, unsigned depth);

static int
render_each(const struct render *r, const struct tmpl *t, size_t i, const struct scope *sc,
            unsigned depth)
{
    const struct node *nd = &t->nodes[i];
    const json_t *arr = nd->path == PATH_DOT    ? sc->v
                        : nd->path == PATH_NAME ? lookup(t->text + nd->off, nd->len, sc)
                                                : NULL;
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    int rc = ERR_OK;

    if (n == 0)
        return render_nodes(r, t, nd->else_at, nd->end, sc, depth);
    for (size_t k = 0; k < n && rc == ERR_OK; k++) {
        struct scope s = {json_array_get(arr, k), sc, true, k, n};
        rc = render_nodes(r, t, i + 1, nd->else_at, &s, depth);
    }
    return rc;
}

static int
render_nodes(const struct render *r, const struct tmpl *t, size_t from, size_t to,
             const struct scope *sc, unsigned depth)
{
    int rc = ERR_OK;
    size_t i = from;

    while (i < to && rc == ERR_OK) {
        const struct node *nd = &t->nodes[i];
        const struct tmpl *part;
        switch (nd->kind) {
        case NODE_TEXT:
            rc = buf_append(r->out, t->text + nd->off, nd->len);
            i++;
            break;
        case NODE_VAR:
            rc = render_var(r, t, nd, sc);
            i++;
            break;
        case NODE_IF:
            if (is_truthy(t, nd, sc))
                rc = render_nodes(r, t, i + 1, nd->else_at, sc, depth);
            else
                rc = render_nodes(r, t, nd->else_at, nd->end, sc, depth);
            i = nd->end;
            break;
        case NODE_EACH:
            rc = render_each(r, t, i, sc, depth);
            i = nd->end;
            break;
        case NODE_PARTIAL:
            part = find_template(r->ts, t->text + nd->off, nd->len);
            if (!part)
                rc = ERR_NOTFOUND;
            else if (depth >= TEMPLATE_MAX_PARTIAL_DEPTH)
                rc = ERR_INVALID;
            else
                rc = render_nodes(r, part, 0, part->n_nodes, sc, depth + 1);
            i++;
            break;
        }
    }
    return rc;
}

int
template_render(const struct template_set *ts, const char *name, const json_t *data,
                struct buf *out)
{
    const struct tmpl *t = name ? find_template(ts, name, strlen(name)) : NULL;
    struct render r = {ts, out};
    struct scope root = {data, NULL, false, 0, 0};
    size_t before = out->len;

    if (!t)
        return ERR_NOTFOUND;
    int rc = render_nodes(&r, t, 0, t->n_nodes, &root, 0);
    if (rc != ERR_OK && out->p) {
        out->len = before;
        out->p[before] = '\0';
    }
    return rc;
}

int
template_render_to_safe(const struct template_set *ts, const char *name, const json_t *data,
                        size_t max_len, json_t **out)
{
    struct buf b = BUF_INIT(max_len);
    json_t *obj = NULL, *html = NULL;
    int rc = template_render(ts, name, data, &b);

    if (rc != ERR_OK)
        goto out;
    rc = ERR_NOMEM;
    html = json_stringn(buf_cstr(&b), b.len); /* valid UTF-8 by construction */
    obj = json_object();
    if (!html || !obj)
        goto out;
    int set = json_object_setn_new_nocheck(obj, SAFE_KEY, SAFE_KEY_LEN, html);
    html = NULL; /* taken even on failure */
    if (set != 0)
        goto out;
    *out = obj;
    obj = NULL;
    rc = ERR_OK;
out:
    json_decref(html);
    json_decref(obj);
    buf_free(&b);
    return rc;
}
