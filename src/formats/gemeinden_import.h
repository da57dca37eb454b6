/* gemeinden_import: `rathaus import gemeinden` — the official territory of a Land from the
 * project's CSV files (../shared/data/bw-*.csv) or from Destatis's GV100AD fixed-width file.
 *
 * Use: gemeinden_import_new(), then gemeinden_import_add_path() (or _add_data()) for every
 * file or folder — each is read, recognised and validated completely, without a database —
 * then gemeinden_import_run() writes everything in ONE transaction. A malformed file is
 * rejected before the database is touched, with "FILE:LINE: reason" (German); a problem only
 * the database can see (a parent row that is missing) rolls the whole import back. Writes are
 * upserts, so importing the same files again changes nothing but the version counter.
 *
 * Files are recognised by their header (CSV) or content (GV100AD), not by name:
 *   bw-regierungsbezirke.csv  regierungsbezirk_ags,name,sitz,...,einwohner
 *   bw-regionen.csv           region_key,name,sitz,regierungsbezirk_ags,kreise
 *   bw-kreise.csv             kreis_ags,kreis_name,kreis_typ,verwaltungssitz,... (also writes
 *                             the Regierungsbezirk and Region named in each row)
 *   bw-gemeindeverbaende.csv  verband_ars,name,verband_typ,sitz,kreis_ags,...
 *   bw-gemeinden.csv          ags,ars,name,kreis_ags,kreis_name,... (also writes every
 *                             Kreis, Regierungsbezirk, Region and Verband it names, so a
 *                             Gemeinde always has its parents; their populations are the sums
 *                             over the file, a Kreis's area such a sum only until an exact one
 *                             is known)
 *   GV100AD                   every level of the Land (Satzarten 20-60); Kreis and
 *                             Regierungsbezirk populations and areas are sums over all
 *                             Satzart-60 records; a Land without Regierungsbezirke gets one
 *                             with key Land + "0" and the Land's name. The gemeindefreie
 *                             Gebiete (Textkennzeichen 65/66) are not Gemeinden: skipped
 *                             (counted), but their area counts for their Kreis.
 * A folder stands for the five bw-*.csv files in it (those present). Whatever the order of
 * the arguments, files are written parent first: Regierungsbezirke, Regionen, Kreise,
 * Verbände, Gemeinden, GV100AD. Only keys of the Land given to gemeinden_import_new() are
 * accepted (CSV: another Land's key is an error; GV100AD: other Länder are skipped).
 *
 * gemeinde.name_norm is gebiet_name_norm() of the short name (domain/gebiet.h: lower case,
 * ä→a ö→o ü→u ß→ss, "ae/oe/ue" folded likewise), so imports and look-ups always agree.
 *
 * An importer is used by one thread; it owns copies of everything it read. */
#ifndef RATHAUS_FORMATS_GEMEINDEN_IMPORT_H
#define RATHAUS_FORMATS_GEMEINDEN_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "formats/progress.h"
#include "store/db.h"
#include "store/import_gebiet.h"
#include "util/buf.h"

struct gemeinden_import;

struct gemeinden_import_stats {
    size_t n[IMPORT_N_EBENEN]; /* distinct rows written per level (gemeinde_plz: postcodes) */
    size_t n_skipped;          /* gemeindefreie Gebiete in a GV100AD file */
    int64_t n_neu;             /* rows that did not exist before, over all levels */
    int64_t n_aktualisiert;    /* rows written that existed before */
    int64_t version;           /* meta 'gebiet_version' after the import */
};

/* A new importer for Land `land` (2 digits, e.g. "08"). ERR_INVALID for a malformed key,
 * ERR_NOMEM. Free with gemeinden_import_free(), which accepts NULL. */
RH_MUST_CHECK int gemeinden_import_new(const char *land, struct gemeinden_import **out);
void gemeinden_import_free(struct gemeinden_import *g);

/* Read, recognise and validate the file or folder at `path`. ERR_INVALID (malformed),
 * ERR_IO, ERR_LIMIT (file over CSV_MAX_FILE) or ERR_NOMEM, with "FILE:LINE: reason" appended
 * to `err`; the importer then holds what it held before. */
RH_MUST_CHECK int gemeinden_import_add_path(struct gemeinden_import *g, const char *path,
                                            struct buf *err);
/* The same for data[0..len) read elsewhere; `name` (copied) is the file name for messages. */
RH_MUST_CHECK int gemeinden_import_add_data(struct gemeinden_import *g, const char *name,
                                            const char *data, size_t len, struct buf *err);
/* Number of files added so far. Cannot fail. */
size_t gemeinden_import_n_files(const struct gemeinden_import *g);

/* Write everything added, in one transaction on `c` (db_tx), bumping meta 'gebiet_version'.
 * `p` (may be NULL) shows progress. On success *st is filled. On failure nothing was changed
 * and a message is appended to `err`: "FILE:LINE: reason" for a row the database refused or a
 * missing parent, else the database error. */
RH_MUST_CHECK int gemeinden_import_run(struct gemeinden_import *g, struct db_conn *c,
                                       struct progress *p, struct gemeinden_import_stats *st,
                                       struct buf *err);
/* The same inside a transaction the caller opened on `c` (for a larger import such as the
 * demo data): nothing is committed or rolled back here; on failure the caller must roll
 * back. */
RH_MUST_CHECK int gemeinden_import_apply(struct gemeinden_import *g, struct db_conn *c,
                                         struct progress *p, struct gemeinden_import_stats *st,
                                         struct buf *err);

#endif
