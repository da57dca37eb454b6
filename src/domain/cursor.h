/* cursor: opaque keyset cursors for paginated lists. A cursor carries up to four text parts
 * (the sort key of the last row and its id), base64url-encoded, so that clients treat it as
 * opaque and the next page continues after that row even while rows are inserted. */
#ifndef RATHAUS_DOMAIN_CURSOR_H
#define RATHAUS_DOMAIN_CURSOR_H

#include <stddef.h>

#include "util/arena.h"
#include "util/err.h"

#define CURSOR_MAX_PARTS 4

/* Encode parts[0..n) (none may contain the byte 0x1f) into an arena string; NULL on OOM. */
char *cursor_encode(struct arena *a, const char *const *parts, size_t n);
/* Decode `cursor` into exactly `n` parts (arena strings). ERR_INVALID for anything else. */
RH_MUST_CHECK int cursor_decode(struct arena *a, const char *cursor, size_t n, char **parts);

#endif
