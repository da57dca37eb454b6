/* suche_cache: a small, bounded, thread-safe cache of byte strings under text keys, for the
 * service finder (domain/suche.h): ranked results per (normalized query, place) and rendered
 * public pages that depend on nothing but the catalogue.
 *
 * Every entry carries the catalogue generation it was computed from and its age: a lookup
 * with another generation, or of an entry older than the time to live, misses. When full, the
 * least recently used entry gives way. Keys and values are copied in; a hit copies the value
 * out into the caller's buffer, so nothing handed out can be freed under the caller.
 * One mutex guards everything; entries are few (at most `cap`) and scanned linearly by hash.
 * Owner: whoever calls suche_cache_new() frees with suche_cache_free(). */
#ifndef RATHAUS_DOMAIN_SUCHE_CACHE_H
#define RATHAUS_DOMAIN_SUCHE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define SUCHE_CACHE_KEY_MAX   1024          /* bytes of a key; longer ones are not cached */
#define SUCHE_CACHE_VALUE_MAX (256u * 1024) /* bytes of a value; longer ones are not cached */

struct suche_cache;

/* A cache of at most `cap` (1..4096) entries, each living at most `ttl_s` seconds. */
RH_MUST_CHECK int suche_cache_new(size_t cap, int ttl_s, struct suche_cache **out);
void suche_cache_free(struct suche_cache *c);

/* Drop every entry. Cannot fail. */
void suche_cache_clear(struct suche_cache *c);

/* On a hit, append the value stored under (gen, key) to `out` and return true. False on a
 * miss, and when `out` cannot grow (it is then unchanged in length). */
bool suche_cache_get(struct suche_cache *c, uint64_t gen, const char *key, struct buf *out);

/* Store a copy of `val` under (gen, key), replacing what was there. Silently stores nothing
 * when the key or value is too long or memory is short: a cache may forget. */
void suche_cache_put(struct suche_cache *c, uint64_t gen, const char *key, const void *val,
                     size_t len);

/* Hits and misses so far (for tests and /metrics). Cannot fail. */
void suche_cache_stats(struct suche_cache *c, uint64_t *hits, uint64_t *misses);

#endif
