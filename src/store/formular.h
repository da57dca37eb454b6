/* store/formular: SQL of the stored form definitions (table formular). Plain reads and
 * writes, no rules: domain/formular_verwaltung.c decides. Strings are copied into the arena. */
#ifndef RATHAUS_STORE_FORMULAR_H
#define RATHAUS_STORE_FORMULAR_H

#include "domain/formular_verwaltung.h"

/* Insert a definition as the next version of its Leistung (1 for the first): *id and
 * *version are set. behoerde_id 0 stores NULL. ERR_BUSY/ERR_DB. */
RH_MUST_CHECK int store_formular_insert(struct db_conn *c, const char *leistung_id,
                                        int64_t behoerde_id, const char *status, const char *titel,
                                        const char *definition, const char *sha256, int64_t jetzt,
                                        int64_t *id, int64_t *version);
/* ERR_NOTFOUND. */
RH_MUST_CHECK int store_formular_get(struct db_conn *c, struct arena *a, int64_t id,
                                     struct formular_zeile *out);
/* Definitions of the authority and the Land's (behoerde_id NULL), by Leistung and version
 * descending; `leistung_id` may be NULL for all. The rows' definition is NULL (not read). */
RH_MUST_CHECK int store_formular_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                      const char *leistung_id, struct formular_zeile **out,
                                      size_t *n);
/* Set the status and its time column; *changes is 0 when `id` does not exist. */
RH_MUST_CHECK int store_formular_set_status(struct db_conn *c, int64_t id, const char *status,
                                            int64_t jetzt, int64_t *changes);
/* The authority's newest published definition of the Leistung, else the Land's. ERR_NOTFOUND. */
RH_MUST_CHECK int store_formular_aktuell(struct db_conn *c, struct arena *a,
                                         const char *leistung_id, int64_t behoerde_id,
                                         struct formular_zeile *out);

#endif
