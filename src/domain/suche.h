/* suche: the service finder. A query typed by a person ("Hund anmelden", "Personalausweis
 * beantragen", also with a typo or another word form) becomes stems (domain/suchtext.h);
 * stems unknown to the catalogue are corrected to the nearest known one (edit distance 1–2);
 * the store finds candidates by full text (FTS5 or tsvector, every stem as a prefix, all
 * stems, else any); and this module ranks them itself, so that SQLite and PostgreSQL give
 * the same order. Results are paged by an opaque (score, id) cursor.
 *
 * struct suche caches the catalogue's vocabulary and every Leistung's search columns; it is
 * shared by all threads (guarded by a lock) and reloaded when meta 'katalog_stand' changes
 * (checked at most once a second). Triggers move that counter in the same transaction as
 * every change of a table the finder reads (migration 0011: services, responsibilities,
 * offices, online services, places), whichever process writes it. It also keeps, in a bounded
 * LRU cache (domain/suche_cache.h), the full ranking of recent (normalized query, place) pairs
 * and rendered public pages that depend on the catalogue only; both are dropped on every
 * reload, so within a second of any change a cached answer equals a computed one field for
 * field.
 * Owned by the app. */
#ifndef RATHAUS_DOMAIN_SUCHE_H
#define RATHAUS_DOMAIN_SUCHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/leistung.h"
#include "util/buf.h"

struct suche;

struct suche_treffer {
    struct leistung leistung;
    int64_t score; /* higher is better; milli-points */
};

struct suche_page {
    struct suche_treffer *items;
    size_t n;
    const char *next_cursor; /* NULL at the end */
    const char *korrigiert;  /* the corrected query when a typo was fixed, else NULL */
};

RH_MUST_CHECK int suche_new(struct suche **out);
void suche_free(struct suche *s);

/* Search for `query` (1..200 bytes). `ort` (may be NULL) is the Gemeinde of the person:
 * services with a responsible office there rank higher. ERR_INVALID with *bad_param set for
 * a malformed query or cursor. */
RH_MUST_CHECK int suche_leistungen(struct suche *s, struct db_conn *c, struct arena *a,
                                   const char *query, const struct gemeinde *ort, int64_t limit,
                                   const char *cursor, struct suche_page *out,
                                   const char **bad_param);

/* The current catalogue generation into *gen (reloading the catalogue when meta
 * 'katalog_stand' changed): what a cached page must have been made from. */
RH_MUST_CHECK int suche_stand(struct suche *s, struct db_conn *c, struct arena *a, uint64_t *gen);

/* A rendered page kept under `key` (at most 1024 bytes) for generation `gen`: on a hit it is
 * appended to `out` and true returned. Only for pages that hold nothing personal (no session,
 * no CSRF token) and depend on nothing but the catalogue. */
bool suche_seite_holen(struct suche *s, uint64_t gen, const char *key, struct buf *out);
/* Keep a copy of `body` under `key` for generation `gen`. A cache may forget: cannot fail. */
void suche_seite_merken(struct suche *s, uint64_t gen, const char *key, const char *body,
                        size_t len);

/* Hits and misses of the cache so far (tests, metrics). Cannot fail. */
void suche_cache_zahlen(struct suche *s, uint64_t *hits, uint64_t *misses);

/* Damerau–Levenshtein (optimal string alignment) distance, capped at `cap` + 1. */
size_t suche_distance(const char *a, size_t a_len, const char *b, size_t b_len, size_t cap);

#endif
