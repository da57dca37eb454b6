/* store/import_behoerde: the writes of `rathaus demo` (and of later imports of real
 * authorities) — upserts of behoerde, organisationseinheit, onlinedienst and zustaendigkeit,
 * the demo mark of the Leistungen it describes, the few reads the generator needs (a Kreis and
 * its Gemeinden) and the counts of demo rows.
 *
 * Every write is an INSERT ... ON CONFLICT DO UPDATE on the row's stable key (`schluessel`,
 * or the primary key of zustaendigkeit), or an UPDATE of one row, so importing the same rows again
 * updates them and never duplicates them. The caller runs the writes inside one transaction
 * (db_tx). All pointers passed in are borrowed for the call. All SQL of the demo lives here. */
#ifndef RATHAUS_STORE_IMPORT_BEHOERDE_H
#define RATHAUS_STORE_IMPORT_BEHOERDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct import_behoerde {
    const char *schluessel;               /* required, stable external key, e.g. "demo-08115003" */
    const char *name, *art;               /* required; art 'gemeinde', 'landratsamt', 'land', ... */
    const char *gemeinde_ags, *kreis_ags; /* NULL when none; the rows must exist */
    const char *strasse, *plz, *ort, *telefon, *email, *webseite; /* NULL when unknown */
    bool is_demo;
};

struct import_oe {
    int64_t behoerde_id;
    const char *schluessel, *name; /* required */
    const char *strasse, *plz, *ort, *telefon, *email;
    const char *oeffnungszeiten; /* one line per day range, separated by '\n' */
    bool is_demo;
};

struct import_onlinedienst {
    const char *schluessel; /* required */
    int64_t oe_id;
    const char *leistung_id, *name, *url; /* required; the Leistung must exist */
    int reifegrad;                        /* 0-4 */
    const char *seit;                     /* YYYY-MM-DD or NULL */
    bool is_demo;
};

struct import_zustaendigkeit {
    const char *leistung_id, *gebiet_ags; /* gebiet: Gemeinde, Kreis, Regierungsbezirk or '08' */
    int64_t oe_id;
    int64_t onlinedienst_id; /* 0 when there is none (stored as NULL) */
    bool is_demo;
};

/* Upsert by schluessel; *id gets the row's id. ERR_DB/ERR_BUSY from the database. */
RH_MUST_CHECK int store_import_behoerde_upsert(struct db_conn *c, const struct import_behoerde *b,
                                               int64_t *id);
RH_MUST_CHECK int store_import_oe_upsert(struct db_conn *c, const struct import_oe *o, int64_t *id);
RH_MUST_CHECK int store_import_onlinedienst_upsert(struct db_conn *c,
                                                   const struct import_onlinedienst *o,
                                                   int64_t *id);
/* Upsert by (leistung_id, gebiet_ags, oe_id): sets onlinedienst_id and is_demo. */
RH_MUST_CHECK int store_import_zustaendigkeit_upsert(struct db_conn *c,
                                                     const struct import_zustaendigkeit *z);
/* Mark Leistung `id` as described by demo text (is_demo = 1), so that the pages say so; a
 * missing id changes nothing. */
RH_MUST_CHECK int store_import_leistung_mark_demo(struct db_conn *c, const char *id);

/* A Kreis as the generator needs it; strings in the arena. */
struct import_kreis_info {
    const char *ags, *name, *typ; /* typ 'Landkreis' or 'Stadtkreis' */
    const char *verwaltungssitz;  /* may be NULL */
};

/* One Gemeinde of a Kreis; strings in the arena, NULL for SQL NULL. */
struct import_ort {
    const char *ags, *name_kurz, *typ, *plz;
    int64_t einwohner;
};

/* The Kreis `ags` into *out. ERR_NOTFOUND when there is no such row. */
RH_MUST_CHECK int store_import_kreis_info(struct db_conn *c, struct arena *a, const char *ags,
                                          struct import_kreis_info *out);
/* All Gemeinden of Kreis `kreis_ags`, ordered by AGS, at most `max`; *n may be 0. ERR_LIMIT
 * when there are more than `max`, ERR_NOMEM when the arena is full. */
RH_MUST_CHECK int store_import_kreis_orte(struct db_conn *c, struct arena *a, const char *kreis_ags,
                                          size_t max, struct import_ort **out, size_t *n);

/* How many rows of each table are marked is_demo = 1. */
struct import_demo_counts {
    int64_t leistungen, behoerden, oes, onlinedienste, zustaendigkeiten;
};
RH_MUST_CHECK int store_import_demo_counts(struct db_conn *c, struct import_demo_counts *out);

/* Set meta[key] = value (inserted or replaced). */
RH_MUST_CHECK int store_import_meta_set(struct db_conn *c, const char *key, const char *value);

#endif
