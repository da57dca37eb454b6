/* html_modell: a small model of the WHATWG HTML tokenizer, as far as it decides how a value
 * written into a template must be escaped (text, RCDATA, quoted attribute value, URL
 * attribute) or whether it may not be written at all (raw-text elements, event handler and
 * style attributes, unquoted values). Used by the template parser (template.c), which feeds
 * the literal text of a template through it byte by byte. Pure functions over a struct the
 * caller owns; thread-safe. Internal to src/html/. */
#ifndef RATHAUS_HTML_HTML_MODELL_H
#define RATHAUS_HTML_HTML_MODELL_H

#include <stdbool.h>
#include <stddef.h>

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

enum attr_kind { ATTR_PLAIN, ATTR_URL, ATTR_FORBIDDEN };

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

/* Feed one byte. NULL, or a static message when the template's HTML cannot be modelled. */
const char *html_step(struct html *h, unsigned char c);
/* True when a and b agree on everything that decides later contexts (see template.c). */
bool html_same(const struct html *a, const struct html *b);
/* Join the states at the ends of two branches, which html_same() has accepted. */
void html_merge(struct html *into, const struct html *other);
/* The element's tag name ("script"); "" for EL_OTHER. */
const char *html_elem_name(enum elem e);
/* True when element e has any of the EF_* flags. */
bool html_elem_has(enum elem e, unsigned flags);
/* HTML whitespace and ASCII letters as the tokenizer sees them. */
bool html_is_ws(unsigned char c);
bool html_is_alpha(unsigned char c);

#endif
