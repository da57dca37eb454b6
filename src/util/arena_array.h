/* arena_array: a growable array whose storage lives in an arena — the helper the store
 * modules use to collect the rows of a query.
 *
 *     struct gemeinde *arr = NULL;
 *     size_t n = 0, cap = 0;
 *     while (...) {
 *         if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr))))
 *             return ERR_NOMEM;
 *         arr[n++] = ...;
 *     }
 *
 * Growing copies the first `n` elements into a new block twice as large (16 at first); the
 * old block stays in the arena until the arena is reset or freed. Owner: the arena. */
#ifndef RATHAUS_UTIL_ARENA_ARRAY_H
#define RATHAUS_UTIL_ARENA_ARRAY_H

#include <stddef.h>

#include "util/arena.h"

/* `arr` itself when there is room for one more element (n < *cap), else a copy with twice the
 * room (*cap updated). NULL when the arena is full or the size would overflow; `arr` is then
 * unchanged. */
void *arena_array_grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size);

#endif
