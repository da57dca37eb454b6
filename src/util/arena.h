/* arena: a region allocator with a hard cap, one per request (or per command).
 *
 * Everything allocated from an arena lives until arena_free() or arena_reset(); nothing is
 * freed piecemeal. Past the cap given to arena_new() an allocation returns NULL, which callers
 * report as ERR_LIMIT (or ERR_NOMEM), never abort. An arena is used by one thread at a time. */
#ifndef RATHAUS_UTIL_ARENA_H
#define RATHAUS_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

#include "str.h"

struct arena;

/* A new arena that will hand out at most `cap` bytes in all; NULL when out of memory.
 * The caller owns it and frees it with arena_free(). */
struct arena *arena_new(size_t cap);
void arena_free(struct arena *a);
/* Forget every allocation but keep the first block for reuse. */
void arena_reset(struct arena *a);

/* `n` bytes aligned for any type, or NULL past the cap. */
void *arena_alloc(struct arena *a, size_t n);
/* Like arena_alloc, zeroed. */
void *arena_zalloc(struct arena *a, size_t n);
/* A NUL-terminated copy of p[0..len); NULL past the cap. */
char *arena_strndup(struct arena *a, const char *p, size_t len);
char *arena_strdup(struct arena *a, const char *s);
char *arena_str(struct arena *a, struct str s);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Bytes handed out so far. */
size_t arena_used(const struct arena *a);

#endif
