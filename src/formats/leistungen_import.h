/* leistungen_import: `rathaus import leistungen` — the OZG catalogue and the Leistungen.
 *
 * Inputs, recognised by content (CSV header, or JSON), given as files or folders in any order:
 *   ozg-themenfelder.csv   themenfeld_id,themenfeld
 *   ozg-lebenslagen.csv    lebenslage_id,lebenslage,themenfeld_id[,themenfeld]
 *   ozg-leistungen.csv     ozg_id,ozg_leistung,lebenslage,themenfeld[,anzahl_leika_leistungen]
 *                          (Lebenslage and Themenfeld by name, looked up in the database after
 *                          the files before were written)
 *   leika-leistungen.csv   leika_schluessel,leistung,typisierung,ozg_id,...,rechtsgrundlage,...
 *                          id = the 14-digit LeiKa key; a row without one gets the id "n" + the
 *                          first 12 hex digits of SHA-256("name" 0x1F "ozg_id"), stable across
 *                          re-imports. Two rows with the same id: the first is kept, the others
 *                          are skipped with a warning (leistungen_import_warnings()).
 *   *.json                 the format "rathaus-leistungen/1" of docs/formats.md
 * A folder stands for the four CSV files above (those present) and every *.json in it.
 * They are always written in the order Themenfelder, Lebenslagen, OZG-Leistungen, LeiKa, JSON.
 *
 * LeiKa rows write the catalogue columns of a Leistung (name, leika, typisierung, ozg_id,
 * rechtsgrundlage) and keep its descriptive ones; when a row with an own id already claims the
 * LeiKa key (from JSON), that row is updated instead of a second one created. A JSON record
 * changes exactly the keys it gives (null clears an optional one; "id" and "beliebtheit" may
 * not be null) and keeps the rest; a new id needs "name", and a 14-digit id is also its leika.
 * Unknown keys, wrong types, values out of range, strings over 20,000 bytes or with control
 * characters, lists over 100 entries, an id twice in a file: rejected with
 * "FILE: $.leistungen[3].kosten: reason". "amt" is checked ([a-z0-9_-]{1,40}) but not stored
 * (the demo data uses it). leistung.suchtext = suchtext_build(name + suchbegriffe + the
 * OZG-Leistung's name + kurztext); "aktualisiert" is set to the day of a JSON import.
 *
 * Like gemeinden_import: everything is read and validated before the database is touched,
 * then written in ONE transaction (db_tx), bumping meta 'katalog_version'. An importer is
 * used by one thread and owns copies of all it read. */
#ifndef RATHAUS_FORMATS_LEISTUNGEN_IMPORT_H
#define RATHAUS_FORMATS_LEISTUNGEN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "formats/progress.h"
#include "store/db.h"
#include "store/import_leistung.h"
#include "util/buf.h"

#define LEISTUNGEN_JSON_FORMAT   "rathaus-leistungen/1"
#define LEISTUNGEN_JSON_MAX_TEXT 20000  /* bytes of one string */
#define LEISTUNGEN_JSON_MAX_LIST 100    /* entries of one list */
#define LEISTUNGEN_JSON_MAX_RECS 100000 /* records of one file */

struct leistungen_import;

struct leistungen_import_stats {
    size_t n[IMPORT_N_TABELLEN]; /* distinct rows written per table */
    size_t n_json;               /* JSON records written */
    size_t n_doppelt;            /* LeiKa rows skipped as duplicates */
    int64_t n_neu, n_aktualisiert;
    int64_t version; /* meta 'katalog_version' after the import */
};

/* ERR_NOMEM or ERR_OK with *out set; free with leistungen_import_free() (accepts NULL). */
RH_MUST_CHECK int leistungen_import_new(struct leistungen_import **out);
void leistungen_import_free(struct leistungen_import *l);

/* Read, recognise and validate the file or folder at `path`; ERR_INVALID, ERR_IO, ERR_LIMIT or
 * ERR_NOMEM with "FILE:LINE: reason" appended to `err`. */
RH_MUST_CHECK int leistungen_import_add_path(struct leistungen_import *l, const char *path,
                                             struct buf *err);
/* The same for data[0..len); `name` (copied) names it in messages; a name ending in ".json"
 * or data starting with '{' is read as JSON. */
RH_MUST_CHECK int leistungen_import_add_data(struct leistungen_import *l, const char *name,
                                             const char *data, size_t len, struct buf *err);
/* Number of files added so far. Cannot fail. */
size_t leistungen_import_n_files(const struct leistungen_import *l);
/* Warnings so far ("FILE:LINE: ...", one per line), "" when none. Borrowed until the next
 * call on `l`. */
const char *leistungen_import_warnings(const struct leistungen_import *l);

/* Write everything, in one transaction on `c`. On failure nothing was changed and
 * "FILE:LINE: reason" (or "FILE: $.path: reason") is appended to `err`. */
RH_MUST_CHECK int leistungen_import_run(struct leistungen_import *l, struct db_conn *c,
                                        struct progress *p, struct leistungen_import_stats *st,
                                        struct buf *err);
/* The same inside a transaction the caller opened on `c` (the demo data uses this): nothing is
 * committed or rolled back here; on failure the caller must roll back. */
RH_MUST_CHECK int leistungen_import_apply(struct leistungen_import *l, struct db_conn *c,
                                          struct progress *p, struct leistungen_import_stats *st,
                                          struct buf *err);

#endif
