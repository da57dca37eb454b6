/* lagebild_cache: computed Lagebilder (domain/lagebild.h) and their rendered bytes (the JSON
 * of GET /api/v1/lagebild), kept in memory between requests, so that the statewide picture
 * over 1,101 Gemeinden is not counted and serialized again for every caller.
 *
 * It cannot go stale: every entry carries the version stamp of the database it was computed
 * under (store_ums_stand(), table lagebild_stand of migration 0009), which triggers replace
 * with a new random value in the same transaction as every change of a table the Lagebild
 * reads. A lookup hits only when the caller's stamp — read before the figures, on every
 * request — equals the entry's; anything else drops the entry. Random stamps also keep apart
 * databases used by one process (tests) and transactions that were rolled back.
 *
 * Keys are built by the caller from the filter and the current quarter (lagebild.c); they are
 * the same for every actor, so callers check authorization BEFORE looking up. Process-wide,
 * bounded (LAGEBILD_CACHE_PLAETZE entries, the least recently used gives way), one mutex.
 * Everything is copied in and out: a hit copies into the caller's arena or buffer, so nothing
 * handed out can be freed under the caller. The module owns its entries (reachable until the
 * process ends, or lagebild_cache_leeren()). */
#ifndef RATHAUS_DOMAIN_LAGEBILD_CACHE_H
#define RATHAUS_DOMAIN_LAGEBILD_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

struct lagebild;

#define LAGEBILD_CACHE_PLAETZE   32
#define LAGEBILD_CACHE_KEY_MAX   200                /* bytes of a key; longer: not cached */
#define LAGEBILD_CACHE_BYTES_MAX (4u * 1024 * 1024) /* bytes of a rendered form */

/* On a hit for (key, version) copy the picture into arena `a` (strings included) and return
 * true. False on a miss and when the arena is full (then *out is unusable). */
bool lagebild_cache_bild(const char *key, int64_t version, struct arena *a, struct lagebild *out);

/* Store a copy of `lb` under (key, version). Silently forgets when memory is short. */
void lagebild_cache_bild_merken(const char *key, int64_t version, const struct lagebild *lb);

/* On a hit for (key, version) append the stored bytes to `out` and return true. */
bool lagebild_cache_bytes(const char *key, int64_t version, struct buf *out);

/* Store a copy of p[0..n) under (key, version). Silently forgets when too long or short of
 * memory. */
void lagebild_cache_bytes_merken(const char *key, int64_t version, const void *p, size_t n);

/* Drop every entry (tests, the benchmark's cold runs). Cannot fail. */
void lagebild_cache_leeren(void);

/* Hits and misses so far. Cannot fail. */
void lagebild_cache_zaehler(uint64_t *hits, uint64_t *misses);

/* A deep copy of `src` into arena `a` (every array and string). ERR_LIMIT when it is full. */
RH_MUST_CHECK int lagebild_kopieren(struct arena *a, const struct lagebild *src,
                                    struct lagebild *dst);

#endif
