/* suche: the service finder. A query typed by a person ("Hund anmelden", "Personalausweis
 * beantragen", also with a typo or another word form) becomes stems (domain/suchtext.h);
 * stems unknown to the catalogue are corrected to the nearest known one (edit distance 1–2);
 * the store finds candidates by full text (FTS5 or tsvector, every stem as a prefix, all
 * stems, else any); and this module ranks them itself, so that SQLite and PostgreSQL give
 * the same order. Results are paged by an opaque (score, id) cursor.
 *
 * struct suche caches the catalogue's vocabulary; it is shared by all threads (guarded by a
 * lock) and reloaded when meta 'katalog_version' changes. Owned by the app. */
#ifndef RATHAUS_DOMAIN_SUCHE_H
#define RATHAUS_DOMAIN_SUCHE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/leistung.h"

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

/* Damerau–Levenshtein (optimal string alignment) distance, capped at `cap` + 1. */
size_t suche_distance(const char *a, size_t a_len, const char *b, size_t b_len, size_t cap);

#endif
