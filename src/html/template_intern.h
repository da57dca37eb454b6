/* template_intern: what the template parser (template.c) and the renderer (template_render.c)
 * share — the compiled form of a template (a flat node list) and the set that owns them.
 * Internal to src/html/; the public interface is template.h. */
#ifndef RATHAUS_HTML_TEMPLATE_INTERN_H
#define RATHAUS_HTML_TEMPLATE_INTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "html/template.h"

#define REPLACEMENT "\xef\xbf\xbd"
#define INVALID_URL "#invalid"

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

/* The length of the valid UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0. */
size_t tmpl_utf8_len(const unsigned char *s, size_t n);
/* Letters, digits, '_' and '-': the bytes of a path segment. */
bool tmpl_is_name_char(unsigned char c);
/* The template called name[0..len) in ts, or NULL. */
const struct tmpl *tmpl_find(const struct template_set *ts, const char *name, size_t len);

#endif
