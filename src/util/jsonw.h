/* jsonw: a streaming JSON writer into a struct buf, for the API's hot list answers.
 *
 * jansson builds a tree of allocated values and then prints it: for the inbox's 50 entries
 * that was two thirds of the request's CPU time (bench/README.md). This writes the text
 * directly. Members and elements are separated automatically; strings are escaped as
 * RFC 8259 requires (quote, backslash, control characters) and invalid UTF-8 becomes U+FFFD,
 * so the output is always valid JSON text in UTF-8. Numbers are integers only.
 *
 * The first error (ERR_LIMIT from the buffer, ERR_NOMEM, ERR_INVALID for nesting deeper than
 * JSONW_TIEFE_MAX, a mismatched end, a value in an object without its name or a name outside
 * an object) is kept and every later call does nothing;
 * jsonw_ende() returns it. The writer borrows the buffer; nothing to free. Not thread-safe. */
#ifndef RATHAUS_UTIL_JSONW_H
#define RATHAUS_UTIL_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "util/buf.h"

#define JSONW_TIEFE_MAX 16

struct jsonw {
    struct buf *b;
    int rc;
    int tiefe;
    bool leer[JSONW_TIEFE_MAX + 1];   /* nothing written yet at this depth */
    bool objekt[JSONW_TIEFE_MAX + 1]; /* the container at this depth is an object */
    bool nach_name;                   /* a member name was written, its value comes next */
};

/* Start writing at the end of `b`. */
void jsonw_beginn(struct jsonw *w, struct buf *b);
void jsonw_objekt(struct jsonw *w);
void jsonw_objekt_ende(struct jsonw *w);
void jsonw_liste(struct jsonw *w);
void jsonw_liste_ende(struct jsonw *w);
/* A member name inside an object; its value follows with one of the calls below. */
void jsonw_name(struct jsonw *w, const char *name);
/* A string, or null for NULL. */
void jsonw_text(struct jsonw *w, const char *s);
void jsonw_zahl(struct jsonw *w, int64_t v);
/* v when v > 0, else null (ids that may be missing). */
void jsonw_id(struct jsonw *w, int64_t v);
void jsonw_null(struct jsonw *w);
void jsonw_bool(struct jsonw *w, bool v);
/* ERR_OK, or the first error; also ERR_INVALID when an object or list is still open. */
RH_MUST_CHECK int jsonw_ende(struct jsonw *w);

#endif
