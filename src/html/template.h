/* template: HTML templates with context-aware escaping.
 *
 * A template is HTML with mustache-like tags (docs/templates.md has the full syntax):
 *
 *   {{path}}  {{a.b.c}}  {{.}}  {{@index}}  {{@number}}
 *   {{#if path}} ... {{else}} ... {{/if}}
 *   {{#each path}} ... {{else}} ... {{/each}}
 *   {{> partial}}  {{! comment }}
 *
 * template_set_add() parses a template once into a node list. While parsing it follows the
 * HTML tokenizer through the literal text, so it knows for every {{path}} slot whether it sits
 * in element text, in a quoted attribute value, or in a URL attribute (at the start of the
 * value or further on), and it fixes the escaping for that slot then. A slot anywhere else is
 * a parse error (ERR_INVALID, "name:line: reason"): inside <script>, <style> and the other
 * raw-text elements, in an HTML comment, in a tag or attribute name, in an unquoted attribute
 * value, in an on* / style / srcdoc attribute, or at the start of a URL attribute of an element
 * that loads code (<script src>, <iframe src>, <link href>, ...). Markup whose parsing the
 * model does not follow is rejected too: inline <svg> and <math>, <noscript>, <frameset>.
 *
 * Data is a jansson json_t. Strings are escaped for their slot; invalid UTF-8 in them becomes
 * U+FFFD, so output is always valid UTF-8. Raw HTML comes only from a "safe fragment": a value
 * made by template_render_to_safe(), which is an object with one key that contains a NUL byte.
 * json_loads() rejects such keys and json_object_set() cannot make them, so request data cannot
 * forge a fragment. Rule for handlers: never pass outside data as a key to json_object_setn().
 *
 * Ownership and threads: a template_set owns copies of its names and texts. Fill it at startup
 * from one thread (template_set_add, template_set_load_embedded); afterwards it is immutable and
 * any number of threads may call template_render() and template_render_to_safe() on it at the
 * same time, each with its own output buffer. The data passed to a render is only read. */
#ifndef RATHAUS_HTML_TEMPLATE_H
#define RATHAUS_HTML_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "util/buf.h"
#include "util/err.h"

/* Largest template text accepted, in bytes. */
#define TEMPLATE_MAX_LEN (1024 * 1024)
/* Deepest chain of partials a render follows; one more gives ERR_INVALID. */
#define TEMPLATE_MAX_PARTIAL_DEPTH 16
/* Deepest nesting of {{#if}} / {{#each}} in one template. */
#define TEMPLATE_MAX_SECTION_DEPTH 32

struct template_set;

/* A new, empty set in *out. ERR_OK or ERR_NOMEM. The caller owns it; template_set_free(). */
RH_MUST_CHECK int template_set_new(struct template_set **out);

/* Free the set and every template in it. Accepts NULL. No render may be running on it. */
void template_set_free(struct template_set *ts);

/* Parse text[0..len) and store it in `ts` under `name` (copied; letters, digits and "_-./",
 * at most 128 bytes). Returns ERR_OK; ERR_INVALID for a bad name or template (invalid UTF-8,
 * NUL or other control characters, syntax error, slot in a forbidden HTML context);
 * ERR_LIMIT when len > TEMPLATE_MAX_LEN; ERR_CONFLICT when the name is taken; ERR_NOMEM.
 * On failure the set is unchanged and, when errmsg_len > 0, errmsg holds "name:line: reason"
 * (truncated to fit). Partials are looked up when rendering, so templates may be added in
 * any order. Not thread-safe: only during setup. */
RH_MUST_CHECK int template_set_add(struct template_set *ts, const char *name, const char *text,
                                   size_t len, char *errmsg, size_t errmsg_len);

/* Add every entry of embedded_files (util/embedded.h) whose name starts with
 * "html/templates/" and ends with ".html", under the name between the two: the file
 * "html/templates/portal/start.html" becomes "portal/start". Returns ERR_OK or the first
 * error of template_set_add() (with errmsg filled the same way); templates added before the
 * failing one stay in the set. */
RH_MUST_CHECK int template_set_load_embedded(struct template_set *ts, char *errmsg,
                                             size_t errmsg_len);

/* Render template `name` with `data` (borrowed, only read; NULL renders as an empty object)
 * and append the HTML to `out`. Returns ERR_OK; ERR_NOTFOUND for an unknown template or
 * partial; ERR_LIMIT when out's maximum is reached; ERR_INVALID when partials nest deeper than
 * TEMPLATE_MAX_PARTIAL_DEPTH; ERR_NOMEM. On failure out is restored to its previous length.
 * Thread-safe on a set that is no longer being changed. */
RH_MUST_CHECK int template_render(const struct template_set *ts, const char *name,
                                  const json_t *data, struct buf *out);

/* Render like template_render() into a new safe fragment of at most max_len bytes of HTML and
 * store it in *out (a new reference the caller owns: json_decref(), or hand it over with
 * json_object_set_new()). A {{path}} slot in element text that finds the fragment emits its
 * HTML unescaped; in an attribute it is escaped like a string; it is truthy when non-empty.
 * Returns the errors of template_render() (ERR_LIMIT past max_len); *out is set only on
 * success. Thread-safe like template_render(). */
RH_MUST_CHECK int template_render_to_safe(const struct template_set *ts, const char *name,
                                          const json_t *data, size_t max_len, json_t **out);

#endif
