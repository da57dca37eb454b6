/* store/import_leistung: the writes and look-ups of `rathaus import leistungen` — the OZG
 * catalogue (themenfeld, lebenslage, ozg_leistung) and the Leistungen.
 *
 * Writes are upserts (INSERT ... ON CONFLICT (id) DO UPDATE), so a re-import updates and
 * never duplicates; the caller runs them in one transaction. A leistung row has two groups of
 * columns: the catalogue columns (leika, name, typisierung, ozg_id, rechtsgrundlage) written
 * by the LeiKa CSV, and the descriptive columns (kurztext ... beliebtheit) written by the
 * JSON format; store_import_leistung_katalog() never touches the descriptive ones. suchtext is
 * computed by the caller (domain/suchtext.h). Pointers are borrowed for the call. */
#ifndef RATHAUS_STORE_IMPORT_LEISTUNG_H
#define RATHAUS_STORE_IMPORT_LEISTUNG_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* One leistung row; NULL strings are SQL NULL. */
struct import_leistung {
    const char *id;
    const char *leika; /* 14 digits or NULL */
    const char *name;
    const char *typisierung;
    int64_t ozg_id; /* 0 = none */
    const char *rechtsgrundlage;
    const char *kurztext, *volltext, *berechtigte;
    const char *unterlagen; /* JSON array text */
    const char *kosten, *bearbeitungsdauer, *fristen;
    const char *rechtsgrundlagen; /* JSON array text */
    const char *suchbegriffe;     /* space separated */
    const char *ebene;
    int64_t beliebtheit;
    const char *suchtext; /* never NULL when written */
    const char *aktualisiert;
};

struct import_ozg_leistung {
    int64_t id;
    const char *name;
    int64_t lebenslage_id, themenfeld_id; /* 0 = none */
    int64_t anzahl_leika;
    bool has_anzahl_leika;
};

/* Upserts. ERR_DB/ERR_BUSY from the database; ERR_CONFLICT when a unique key (leistung.leika)
 * belongs to another row. themenfeld_id 0 is NULL. */
RH_MUST_CHECK int store_import_themenfeld(struct db_conn *c, int64_t id, const char *name);
RH_MUST_CHECK int store_import_lebenslage(struct db_conn *c, int64_t id, const char *name,
                                          int64_t themenfeld_id);
RH_MUST_CHECK int store_import_ozg_leistung(struct db_conn *c, const struct import_ozg_leistung *o);
/* Writes id, leika, name, typisierung, ozg_id, rechtsgrundlage and suchtext; a new row gets
 * the defaults for everything else. */
RH_MUST_CHECK int store_import_leistung_katalog(struct db_conn *c, const struct import_leistung *l);
/* Writes every column except is_demo. */
RH_MUST_CHECK int store_import_leistung_put(struct db_conn *c, const struct import_leistung *l);

/* The row whose id is `id` or, when none has that id, whose leika is `leika` (may be NULL).
 * *found false when there is none; else *out is filled with strings in `a` (NULL for SQL NULL),
 * suchtext left NULL. ERR_NOMEM when `a` is full. */
RH_MUST_CHECK int store_import_leistung_get(struct db_conn *c, struct arena *a, const char *id,
                                            const char *leika, struct import_leistung *out,
                                            bool *found);

/* The Leistungen a catalogue import must look at before writing: those with suchbegriffe or
 * kurztext (their stems go into suchtext) and those whose leika is not their id (an own id
 * that claimed a LeiKa key). Only id, leika, suchbegriffe and kurztext are filled, strings in
 * `a`; in no particular order. One query instead of one per catalogue row. */
RH_MUST_CHECK int store_import_leistung_beschrieben(struct db_conn *c, struct arena *a,
                                                    struct import_leistung **out, size_t *n);

/* An id and a name (of a Themenfeld, Lebenslage or OZG-Leistung). */
struct import_name {
    int64_t id;
    const char *name;
};

enum import_katalog_tabelle {
    IMPORT_THEMENFELD,
    IMPORT_LEBENSLAGE,
    IMPORT_OZG_LEISTUNG,
    IMPORT_LEISTUNG,
    IMPORT_N_TABELLEN,
};

/* All (id, name) rows of themenfeld, lebenslage or ozg_leistung, ordered by id, in `a`.
 * ERR_INVALID for IMPORT_LEISTUNG. */
RH_MUST_CHECK int store_import_katalog_names(struct db_conn *c, struct arena *a,
                                             enum import_katalog_tabelle t,
                                             struct import_name **out, size_t *n);
/* Row counts of the four tables into n[IMPORT_N_TABELLEN]. */
RH_MUST_CHECK int store_import_katalog_count(struct db_conn *c, int64_t n[IMPORT_N_TABELLEN]);

#endif
