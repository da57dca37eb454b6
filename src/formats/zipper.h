/* zipper: build a ZIP archive in memory with libzip, for the exports (a whole Akte, the xdomea
 * hand-over). Entries are added as (name, bytes); the bytes are BORROWED and must stay valid
 * until zipper_finish() or zipper_free(). Names are stored as UTF-8 as given; the caller makes
 * them safe (zipper_safe_name()). One zipper is used by one thread. */
#ifndef RATHAUS_FORMATS_ZIPPER_H
#define RATHAUS_FORMATS_ZIPPER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct zipper;

/* ERR_NOMEM or ERR_OK with *out; free with zipper_free(). */
RH_MUST_CHECK int zipper_new(struct zipper **out);
/* Accepts NULL. */
void zipper_free(struct zipper *z);
/* Add entry `name` with data[0..len) (borrowed). ERR_CONFLICT for a duplicate name, ERR_NOMEM,
 * ERR_IO. */
RH_MUST_CHECK int zipper_add(struct zipper *z, const char *name, const void *data, size_t len);
/* Write the archive into `out` (appended; its max applies: ERR_LIMIT). The zipper is spent
 * afterwards either way; still call zipper_free(). */
RH_MUST_CHECK int zipper_finish(struct zipper *z, struct buf *out);

/* A file name safe for an archive entry and for any file system: ASCII letters, digits, '.',
 * '-', '_' kept, everything else becomes '_', no leading dot, at most `max` - 1 bytes, never
 * empty ("datei"). Cannot fail. */
void zipper_safe_name(const char *name, char *out, size_t max);

#endif
