/* store/aktenplan: SQL of the file plan (table aktenplan of migration 0005): list an
 * authority's plan with the number of files per subject, read one entry, insert and update.
 * Plain reads and writes, no roles and no tree rules: domain/aktenplan.h decides. Strings
 * read are copied into the arena passed in. */
#ifndef RATHAUS_STORE_AKTENPLAN_H
#define RATHAUS_STORE_AKTENPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct aktenplan_row {
    int64_t id, behoerde_id, eltern_id;             /* eltern_id 0: a top group */
    const char *kennzeichen, *titel, *beschreibung; /* beschreibung may be NULL */
    int aufbewahrung_jahre;                         /* -1: inherited (NULL) */
    char archivwuerdigkeit;                         /* 'A', 'B', 'V'; 0: inherited */
    bool is_aktiv, is_demo;
    int64_t n_akten; /* files filed directly under this subject */
    int64_t erstellt, geaendert;
};

/* Every entry of authority `behoerde_id`, ordered by kennzeichen. *out in `a`. */
RH_MUST_CHECK int store_aktenplan_liste(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                        struct aktenplan_row **out, size_t *n);
/* Entry `id` (any authority). ERR_NOTFOUND. */
RH_MUST_CHECK int store_aktenplan_get(struct db_conn *c, struct arena *a, int64_t id,
                                      struct aktenplan_row *out);
/* Insert `x` (its id, n_akten ignored); sets x->id. */
RH_MUST_CHECK int store_aktenplan_insert(struct db_conn *c, struct aktenplan_row *x);
/* Update eltern_id, titel, beschreibung, aufbewahrung_jahre, archivwuerdigkeit, is_aktiv and
 * geaendert of entry x->id of x->behoerde_id. ERR_NOTFOUND when no row matched. */
RH_MUST_CHECK int store_aktenplan_update(struct db_conn *c, const struct aktenplan_row *x);

/* Ids of the demo authorities (behoerde.is_demo = 1), ascending, in `a`. */
RH_MUST_CHECK int store_aktenplan_demo_behoerden(struct db_conn *c, struct arena *a, int64_t **out,
                                                 size_t *n);

#endif
