/* store/leistung: SQL reads of the service catalogue and of responsibilities. Rows come back
 * in the structs of domain/leistung.h with strings in the arena passed in. */
#ifndef RATHAUS_STORE_LEISTUNG_H
#define RATHAUS_STORE_LEISTUNG_H

#include "domain/leistung.h"

RH_MUST_CHECK int store_leistung_get(struct db_conn *c, struct arena *a, const char *id,
                                     struct leistung *out);

/* The `max` most asked-for Leistungen (beliebtheit > 0), most asked-for first. */
RH_MUST_CHECK int store_leistung_beliebt(struct db_conn *c, struct arena *a, int64_t max,
                                         struct leistung **out, size_t *n);

/* Catalogue page ordered by (name, id), after the given key (NULLs for the first page). */
RH_MUST_CHECK int store_leistung_page(struct db_conn *c, struct arena *a, const char *after_name,
                                      const char *after_id, int64_t limit, struct leistung **out,
                                      size_t *n);

/* Candidates of a full-text search for the given stems (each [a-z0-9]+), every stem matched
 * as a word prefix; `all` requires every stem, else any. At most `max` rows, unordered;
 * description columns other than kurztext are not loaded (NULL). */
RH_MUST_CHECK int store_leistung_search(struct db_conn *c, struct arena *a,
                                        const char *const *stems, size_t n_stems, bool all,
                                        size_t max, struct leistung **out, size_t *n);

/* Every Leistung with the columns of a search candidate (as store_leistung_search), ordered
 * by id: the search keeps them in memory to answer repeated queries without the database. */
RH_MUST_CHECK int store_leistung_alle_kurz(struct db_conn *c, struct arena *a,
                                           struct leistung **out, size_t *n);

/* Call `fn` with every Leistung's id, name and suchtext (for the search's vocabulary and
 * ranking cache); the strings are borrowed for the call. */
typedef int (*store_text_fn)(void *ctx, const char *id, const char *name, const char *suchtext);
RH_MUST_CHECK int store_leistung_each_suchtext(struct db_conn *c, store_text_fn fn, void *ctx);

/* meta value for `key` into the arena; *out = NULL when unset. */
RH_MUST_CHECK int store_meta_get(struct db_conn *c, struct arena *a, const char *key,
                                 const char **out);

/* Responsible offices for a Leistung in the given areas (any may be NULL), most specific
 * area first. */
RH_MUST_CHECK int store_stellen(struct db_conn *c, struct arena *a, const char *leistung_id,
                                const char *gemeinde_ags, const char *kreis_ags, const char *rb_ags,
                                struct stelle **out, size_t *n);

/* The responsible offices for several Leistungen (ids [a-z0-9-]) in the given areas, ordered
 * by Leistung id, then most specific area first. */
RH_MUST_CHECK int store_stellen_fuer(struct db_conn *c, struct arena *a,
                                     const char *const *leistung_ids, size_t n_ids,
                                     const char *gemeinde_ags, const char *kreis_ags,
                                     const char *rb_ags, struct stelle **out, size_t *n);

/* Ids of the Leistungen with a responsible office in any of these areas (any may be NULL). */
RH_MUST_CHECK int store_leistung_ids_at(struct db_conn *c, struct arena *a,
                                        const char *gemeinde_ags, const char *kreis_ags,
                                        const char *rb_ags, const char ***out, size_t *n);

#endif
