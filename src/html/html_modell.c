#include "html/html_modell.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

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

static const char *const url_attrs[] = {
    "action",     "archive", "background", "cite",     "classid",    "codebase", "data",
    "formaction", "href",    "icon",       "longdesc", "manifest",   "ping",     "poster",
    "profile",    "src",     "srcset",     "usemap",   "xlink:href",
};

bool
html_is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool
html_is_alpha(unsigned char c)
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

const char *
html_elem_name(enum elem e)
{
    return elems[e].name;
}

bool
html_elem_has(enum elem e, unsigned flags)
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
        if (h->is_in_select && html_elem_has(h->el, EF_RAW | EF_RCDATA))
            return "<title>, <style> and other raw-text elements inside <select> are not "
                   "supported";
        break;
    }
    if (html_elem_has(h->el, EF_RAW | EF_RCDATA)) {
        enum elem el = h->el;
        to_text(h);
        h->st = HS_RAW;
        h->el = el;
        return NULL;
    }
    to_text(h);
    return NULL;
}

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
        if (html_is_ws(c) || c == '/' || c == '>') {
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
const char *
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
        if (html_is_alpha(c)) {
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
        if (html_is_alpha(c)) {
            start_tag(h, true);
            return html_step(h, c);
        }
        if (c == '>')
            to_text(h);
        else
            h->st = HS_BOGUS;
        return NULL;
    case HS_TAG_NAME:
        if (html_is_ws(c) || c == '/' || c == '>') {
            h->el = elem_lookup(h);
            h->st = HS_BEFORE_ATTR_NAME;
            return html_step(h, c);
        }
        name_add(h, c);
        return NULL;
    case HS_BEFORE_ATTR_NAME:
        if (html_is_ws(c))
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
        if (html_is_ws(c) || c == '/' || c == '>' || c == '=') {
            h->attr = attr_classify(h);
            h->st = HS_AFTER_ATTR_NAME;
            return html_step(h, c);
        }
        name_add(h, c);
        return NULL;
    case HS_AFTER_ATTR_NAME:
        if (html_is_ws(c))
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
        if (html_is_ws(c))
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
        if (!html_is_ws(c))
            h->is_value_start = false;
        return NULL;
    case HS_ATTR_VALUE_UNQ:
        if (html_is_ws(c)) {
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
bool
html_same(const struct html *a, const struct html *b)
{
    return a->st == b->st && a->el == b->el && a->attr == b->attr &&
           a->is_end_tag == b->is_end_tag && a->is_in_select == b->is_in_select &&
           a->match == b->match && a->esc == b->esc;
}

/* Join the states at the ends of two branches, which html_same() has accepted. */
void
html_merge(struct html *into, const struct html *other)
{
    into->is_value_start = into->is_value_start && other->is_value_start;
    into->is_scheme_open = into->is_scheme_open || other->is_scheme_open;
    into->is_after_section = into->is_after_section || other->is_after_section;
}
