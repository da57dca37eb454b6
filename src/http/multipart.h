/* multipart: a bounded parser of multipart/form-data request bodies (RFC 7578, RFC 2046).
 *
 * The whole body is in memory (the server caps its size); parts are views into it, so nothing
 * is copied but the names. Each part must have "Content-Disposition: form-data; name=..." and
 * may have a filename and a Content-Type (only reported: the content decides a file's type,
 * see domain/antrag_einreichung.h). The parser is strict where the RFCs are: the boundary
 * from the Content-Type header (1-70 characters), CRLF line ends, the closing delimiter
 * "--boundary--"; a preamble before the first and an epilogue after the last delimiter are
 * ignored. Limits: at most `max_teile` parts, 8 KiB of headers per part, 16 headers per part.
 * Thread-safe; no global state. */
#ifndef RATHAUS_HTTP_MULTIPART_H
#define RATHAUS_HTTP_MULTIPART_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define MULTIPART_MAX_KOPF 8192

struct multipart_teil {
    const char *name;      /* the form field's name (arena, clean UTF-8) */
    const char *dateiname; /* filename="...", or NULL (arena, clean UTF-8) */
    const char *typ;       /* the part's Content-Type as sent, or NULL (arena) */
    const char *daten;     /* the content: borrowed from the body */
    size_t len;
};

/* The boundary of a "multipart/form-data; boundary=..." Content-Type (in `a`), or NULL when
 * the header is missing, of another type or malformed. */
const char *multipart_boundary(struct arena *a, const char *content_type);

/* Parse body[0..len) with `boundary` into *out / *n (in `a`). ERR_INVALID for a malformed
 * body (*grund: a German reason, static); ERR_LIMIT past max_teile parts; ERR_NOMEM. */
RH_MUST_CHECK int multipart_parse(struct arena *a, const char *boundary, const char *body,
                                  size_t len, size_t max_teile, struct multipart_teil **out,
                                  size_t *n, const char **grund);

#endif
