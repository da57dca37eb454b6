#include "formats/markdown.h"

#include <string.h>

#include <cmark.h>

#include "util/str.h"

struct conv {
    size_t n_nodes;
    int rc;
};

static json_t *node(struct conv *cv, const char *flag);
static int children(struct conv *cv, cmark_node *parent, json_t *into, int depth);

/* Every node carries every key: the template engine looks names up through the enclosing
 * scopes, so a key missing in a child would find its parent's value. */
static const char *const flags[] = {"p",  "h2",     "h3",    "h4",  "h5",  "h6",  "ul",
                                    "ol", "li",     "quote", "pre", "hr",  "txt", "code",
                                    "em", "strong", "a",     "br",  "span"};

static json_t *
node(struct conv *cv, const char *flag)
{
    if (++cv->n_nodes > MARKDOWN_MAX_NODES) {
        cv->rc = ERR_LIMIT;
        return NULL;
    }
    json_t *o = json_object();
    int bad = !o;
    for (size_t i = 0; !bad && i < sizeof(flags) / sizeof(flags[0]); i++)
        bad = json_object_set_new(o, flags[i], json_boolean(strcmp(flags[i], flag) == 0));
    if (!bad)
        bad = json_object_set_new(o, "c", json_array()) ||
              json_object_set_new(o, "s", json_string("")) ||
              json_object_set_new(o, "url", json_null());
    if (bad) {
        json_decref(o);
        cv->rc = ERR_NOMEM;
        return NULL;
    }
    return o;
}

static int
append(struct conv *cv, json_t *arr, json_t *o)
{
    if (!o)
        return cv->rc ? cv->rc : ERR_NOMEM;
    if (json_array_append_new(arr, o) != 0)
        return cv->rc = ERR_NOMEM;
    return ERR_OK;
}

static int
set_text(json_t *o, const char *s)
{
    json_t *v = json_string(s ? s : "");
    if (!v) /* invalid UTF-8 cannot happen (checked before parsing); be safe */
        v = json_string("");
    return json_object_set_new(o, "s", v) == 0 ? ERR_OK : ERR_NOMEM;
}

/* A text node with the literal text of `n` and all below it (for flattened nesting). */
static int
flat_text(struct conv *cv, cmark_node *n, struct buf *b)
{
    int rc = ERR_OK;
    const char *lit = cmark_node_get_literal(n);
    cmark_node_type t = cmark_node_get_type(n);
    if (lit && t != CMARK_NODE_HTML_BLOCK && t != CMARK_NODE_HTML_INLINE)
        rc = buf_puts(b, lit);
    for (cmark_node *c = cmark_node_first_child(n); rc == ERR_OK && c; c = cmark_node_next(c))
        rc = flat_text(cv, c, b);
    if (rc == ERR_OK &&
        (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
         t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || t == CMARK_NODE_CODE_BLOCK))
        rc = buf_putc(b, t == CMARK_NODE_SOFTBREAK ? ' ' : '\n');
    return rc;
}

static json_t *
text_node(struct conv *cv, const char *flag, const char *s)
{
    json_t *o = node(cv, flag);
    if (o && set_text(o, s) != ERR_OK) {
        json_decref(o);
        cv->rc = ERR_NOMEM;
        return NULL;
    }
    return o;
}

/* Link targets kept: http(s), mailto, and relative ones (no scheme). */
static bool
is_safe_url(const char *u)
{
    if (!u || !*u)
        return false;
    if (strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0 ||
        strncmp(u, "mailto:", 7) == 0)
        return true;
    /* relative: no ':' before the first '/', '?' or '#' */
    size_t span = strcspn(u, "/?#");
    return memchr(u, ':', span) == NULL;
}

static json_t *
convert(struct conv *cv, cmark_node *n, int depth)
{
    cmark_node_type t = cmark_node_get_type(n);
    json_t *o = NULL;
    const char *flag = NULL;

    switch (t) {
    case CMARK_NODE_PARAGRAPH:
        flag = "p";
        break;
    case CMARK_NODE_HEADING: {
        static const char *const h[] = {"h2", "h2", "h3", "h4", "h5", "h6", "h6"};
        int lv = cmark_node_get_heading_level(n);
        flag = h[lv < 1 ? 1 : lv > 6 ? 6 : lv];
        break;
    }
    case CMARK_NODE_LIST:
        flag = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "ol" : "ul";
        break;
    case CMARK_NODE_ITEM:
        flag = "li";
        break;
    case CMARK_NODE_BLOCK_QUOTE:
        flag = "quote";
        break;
    case CMARK_NODE_THEMATIC_BREAK:
        return node(cv, "hr");
    case CMARK_NODE_CODE_BLOCK:
        return text_node(cv, "pre", cmark_node_get_literal(n));
    case CMARK_NODE_TEXT:
        return text_node(cv, "txt", cmark_node_get_literal(n));
    case CMARK_NODE_CODE:
        return text_node(cv, "code", cmark_node_get_literal(n));
    case CMARK_NODE_SOFTBREAK:
        return text_node(cv, "txt", " ");
    case CMARK_NODE_LINEBREAK:
        return node(cv, "br");
    case CMARK_NODE_EMPH:
        flag = "em";
        break;
    case CMARK_NODE_STRONG:
        flag = "strong";
        break;
    case CMARK_NODE_LINK:
        if (!is_safe_url(cmark_node_get_url(n)))
            flag = "span"; /* the text without the link */
        else
            flag = "a";
        break;
    case CMARK_NODE_IMAGE:
        flag = "span"; /* alt text only: no external loads */
        break;
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_CUSTOM_INLINE:
    default:
        return NULL; /* raw HTML is dropped */
    }
    if (depth >= MARKDOWN_MAX_DEPTH) {
        struct buf b = BUF_INIT(MARKDOWN_MAX_LEN);
        int rc = flat_text(cv, n, &b);
        if (rc != ERR_OK) {
            cv->rc = rc;
            buf_free(&b);
            return NULL;
        }
        o = text_node(cv, "txt", buf_cstr(&b));
        buf_free(&b);
        return o;
    }
    o = node(cv, flag);
    if (!o)
        return NULL;
    if (strcmp(flag, "a") == 0 &&
        json_object_set_new(o, "url", json_string(cmark_node_get_url(n))) != 0) {
        json_decref(o);
        cv->rc = ERR_NOMEM;
        return NULL;
    }
    json_t *c = json_object_get(o, "c");
    if (!c || children(cv, n, c, depth + 1) != ERR_OK) {
        json_decref(o);
        if (!cv->rc)
            cv->rc = ERR_NOMEM;
        return NULL;
    }
    return o;
}

static int
children(struct conv *cv, cmark_node *parent, json_t *into, int depth)
{
    for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
        cmark_node_type t = cmark_node_get_type(n);
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE)
            continue;
        json_t *o = convert(cv, n, depth);
        if (!o) {
            if (cv->rc)
                return cv->rc;
            continue;
        }
        int rc = append(cv, into, o);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

static int
parse(const char *md, size_t len, cmark_node **doc)
{
    if (len > MARKDOWN_MAX_LEN)
        return ERR_LIMIT;
    if (memchr(md, '\0', len) || !str_is_clean_utf8(md, len))
        return ERR_INVALID;
    *doc = cmark_parse_document(md, len, CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8);
    return *doc ? ERR_OK : ERR_NOMEM;
}

int
markdown_json(const char *md, size_t len, json_t **out)
{
    cmark_node *doc = NULL;
    struct conv cv = {0, ERR_OK};
    int rc = parse(md, len, &doc);
    if (rc != ERR_OK)
        return rc;
    json_t *arr = json_array();
    rc = arr ? children(&cv, doc, arr, 0) : ERR_NOMEM;
    cmark_node_free(doc);
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return ERR_OK;
}

int
markdown_text(const char *md, size_t len, struct buf *out)
{
    cmark_node *doc = NULL;
    struct conv cv = {0, ERR_OK};
    int rc = parse(md, len, &doc);
    if (rc != ERR_OK)
        return rc;
    rc = flat_text(&cv, doc, out);
    cmark_node_free(doc);
    return rc;
}
