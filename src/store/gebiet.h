/* store/gebiet: SQL reads of the territory tables. Rows are returned in structs of
 * domain/gebiet.h with strings in the arena passed in. Writes are in store/import_gebiet.c. */
#ifndef RATHAUS_STORE_GEBIET_H
#define RATHAUS_STORE_GEBIET_H

#include "domain/gebiet.h"

RH_MUST_CHECK int store_regierungsbezirk_list(struct db_conn *c, struct arena *a, const char *ags,
                                              struct regierungsbezirk **out, size_t *n);
RH_MUST_CHECK int store_kreis_list(struct db_conn *c, struct arena *a, const char *rb_ags,
                                   const char *ags, struct kreis **out, size_t *n);

/* Keyset page: rows after (after_key, after_ags) in the order of `sort`/`desc`; after_key is
 * the sort column's value as text (NULL for the first page). Returns up to `limit` rows. */
RH_MUST_CHECK int store_gemeinde_page(struct db_conn *c, struct arena *a, const char *q_norm,
                                      const char *kreis_ags, enum gemeinde_sort sort, bool desc,
                                      const char *after_key, const char *after_ags, int64_t limit,
                                      struct gemeinde **out, size_t *n);
RH_MUST_CHECK int store_gemeinde_get(struct db_conn *c, struct arena *a, const char *ags,
                                     struct gemeinde *out);
RH_MUST_CHECK int store_gemeinde_by_plz(struct db_conn *c, struct arena *a, const char *plz,
                                        size_t max, struct gemeinde **out, size_t *n);
/* exact name_norm match first, then prefix matches, ordered by population */
RH_MUST_CHECK int store_gemeinde_by_name(struct db_conn *c, struct arena *a, const char *norm,
                                         size_t max, struct gemeinde **out, size_t *n);

#endif
