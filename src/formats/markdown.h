/* markdown: knowledge articles are written in Markdown (CommonMark) and parsed with cmark.
 *
 * Nothing here produces HTML. The document is turned into a JSON tree that the template
 * engine renders (templates koordination/md_bloecke and koordination/md_inline), so every
 * text and every link goes through the engine's context-aware escaping and its URL scheme
 * check; raw HTML in the Markdown is dropped (cmark's CMARK_OPT_SAFE behaviour), images are
 * shown as their alt text, links keep only http, https, mailto and relative targets.
 * Nesting deeper than MARKDOWN_MAX_DEPTH is flattened into text, so the partial depth of the
 * template engine is never reached.
 *
 * Node objects carry every flag key, exactly one of them true, and the keys "c" (children),
 * "s" (text) and "url" (the engine looks names up through enclosing scopes, so no key may be
 * missing):
 *   blocks: p, h2..h6 (headings shift one level: the page has the h1), ul, ol, li, quote,
 *           pre ("s"), hr
 *   inlines: txt ("s"), code ("s"), em, strong, a ("url"), br, span (children only: a link
 *            with an unsafe target, an image's alt text)
 * Thread-safe; no global state. */
#ifndef RATHAUS_FORMATS_MARKDOWN_H
#define RATHAUS_FORMATS_MARKDOWN_H

#include <stddef.h>

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"

#define MARKDOWN_MAX_LEN   (256u * 1024) /* bytes of Markdown accepted */
#define MARKDOWN_MAX_DEPTH 5             /* block and inline nesting kept */
#define MARKDOWN_MAX_NODES 20000

/* Parse md[0..len) into *out (a new JSON array of block nodes, the caller owns it).
 * ERR_INVALID for invalid UTF-8 or NUL bytes; ERR_LIMIT past MARKDOWN_MAX_LEN or
 * MARKDOWN_MAX_NODES; ERR_NOMEM. */
RH_MUST_CHECK int markdown_json(const char *md, size_t len, json_t **out);

/* The plain text of md[0..len) (for search and the iCalendar description): the text of all
 * nodes, blocks separated by newlines, appended to `out`. Same errors as markdown_json. */
RH_MUST_CHECK int markdown_text(const char *md, size_t len, struct buf *out);

#endif
