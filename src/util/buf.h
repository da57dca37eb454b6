/* buf: a growable byte buffer with a hard maximum, always NUL-terminated.
 *
 * The buffer owns its memory (malloc); buf_free() releases it. An append that would pass
 * `max` fails with ERR_LIMIT and leaves the contents unchanged. Not thread-safe. */
#ifndef RATHAUS_UTIL_BUF_H
#define RATHAUS_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "err.h"
#include "str.h"

struct buf {
    char *p; /* NULL until the first append; then NUL-terminated */
    size_t len, cap, max;
};

#define BUF_INIT(maxbytes) ((struct buf){NULL, 0, 0, (maxbytes)})

RH_MUST_CHECK int buf_append(struct buf *b, const void *p, size_t len);
RH_MUST_CHECK int buf_puts(struct buf *b, const char *s);
RH_MUST_CHECK int buf_putc(struct buf *b, char c);
RH_MUST_CHECK int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
RH_MUST_CHECK int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* The contents as a C string; "" for an empty buffer. Borrowed until the next change. */
const char *buf_cstr(const struct buf *b);
struct str buf_str(const struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Take ownership of the bytes (malloc'd, NUL-terminated, may be NULL when empty); the buffer
 * becomes empty. */
char *buf_steal(struct buf *b);

#endif
