/* store/import_gebiet: the writes of `rathaus import gemeinden` — upserts of the territory
 * tables (regierungsbezirk, region, kreis, verband, gemeinde, gemeinde_plz) and the version
 * counters in meta.
 *
 * Every write is an INSERT ... ON CONFLICT (key) DO UPDATE, so importing the same row again
 * updates it and never duplicates it. The caller runs them inside one transaction (db_tx).
 * A NULL string or a has_* flag of false means "not known to this source": the column keeps
 * its stored value (COALESCE) instead of being cleared, so a file that only knows part of a
 * row (the parent rows derived from bw-gemeinden.csv) does not erase what a fuller file
 * (bw-kreise.csv, GV100AD) wrote. All pointers are borrowed for the call. */
#ifndef RATHAUS_STORE_IMPORT_GEBIET_H
#define RATHAUS_STORE_IMPORT_GEBIET_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"

struct import_regierungsbezirk {
    const char *ags;  /* 3 digits */
    const char *name; /* required */
    const char *sitz;
    int64_t einwohner;
    bool has_einwohner;
};

struct import_region {
    const char *key; /* 4 digits */
    const char *name;
    const char *sitz;
    const char *regierungsbezirk_ags;
};

struct import_kreis {
    const char *ags; /* 5 digits */
    const char *name, *typ;
    const char *verwaltungssitz;
    const char *regierungsbezirk_ags; /* required; the row must exist */
    const char *region_key;
    int64_t einwohner;
    bool has_einwohner;
    const char *flaeche_km2; /* decimal text, e.g. "207.33", or NULL */
    /* true when flaeche_km2 is only an estimate (the sum over the Gemeinden of a file that
     * lacks the gemeindefreie Gebiete): then it fills an empty column but never overwrites */
    bool flaeche_is_estimate;
};

struct import_verband {
    const char *ars; /* 9 digits */
    const char *name, *typ, *sitz;
    const char *kreis_ags;
};

struct import_gemeinde {
    const char *ags, *ars; /* 8 and 12 digits */
    const char *name, *name_kurz, *name_norm, *typ;
    const char *kreis_ags; /* the row must exist */
    const char *verband_ars;
    int64_t einwohner;
    int64_t einwohner_maennlich;
    bool has_einwohner_maennlich;
    const char *flaeche_km2; /* decimal text or NULL */
    const char *plz;         /* 5 digits or NULL; also written to gemeinde_plz */
    bool plz_eindeutig;
    const char *gebietsstand; /* YYYY-MM-DD or NULL */
};

/* Upsert one row. ERR_DB/ERR_BUSY from the database (e.g. a missing parent row). */
RH_MUST_CHECK int store_import_regierungsbezirk(struct db_conn *c,
                                                const struct import_regierungsbezirk *r);
RH_MUST_CHECK int store_import_region(struct db_conn *c, const struct import_region *r);
RH_MUST_CHECK int store_import_kreis(struct db_conn *c, const struct import_kreis *k);
RH_MUST_CHECK int store_import_verband(struct db_conn *c, const struct import_verband *v);
/* Also inserts (plz, ags) into gemeinde_plz when plz is given; postcodes stored earlier for the
 * Gemeinde stay (the table collects every postcode known for it). */
RH_MUST_CHECK int store_import_gemeinde(struct db_conn *c, const struct import_gemeinde *g);

enum import_gebiet_ebene {
    IMPORT_REGIERUNGSBEZIRK,
    IMPORT_REGION,
    IMPORT_KREIS,
    IMPORT_VERBAND,
    IMPORT_GEMEINDE,
    IMPORT_GEMEINDE_PLZ,
    IMPORT_N_EBENEN,
};

/* *found = whether a row with `key` exists at that level (not for IMPORT_GEMEINDE_PLZ). */
RH_MUST_CHECK int store_import_gebiet_exists(struct db_conn *c, enum import_gebiet_ebene e,
                                             const char *key, bool *found);
/* Row counts of every level into n[IMPORT_N_EBENEN]. */
RH_MUST_CHECK int store_import_gebiet_count(struct db_conn *c, int64_t n[IMPORT_N_EBENEN]);

/* Add one to the counter meta[key] (created as 1), e.g. 'gebiet_version' or
 * 'katalog_version', so that caches notice the import; *version (may be NULL) gets the new
 * value. Used by both importers. */
RH_MUST_CHECK int store_import_bump_version(struct db_conn *c, const char *key, int64_t *version);

#endif
