#include "store/import_gebiet.h"

#include "util/str.h"

/* A text parameter, NULL for SQL NULL. */
#define P_TEXT(s)         DBP_TEXT(s)
#define P_OPT_INT(has, v) ((has) ? DBP_INT(v) : DBP_NULL)
#define N_PARAMS(a)       (sizeof(a) / sizeof((a)[0]))

static const char sql_rb[] =
    "INSERT INTO regierungsbezirk (ags, name, sitz, einwohner) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (ags) DO UPDATE SET name = excluded.name, "
    "sitz = COALESCE(excluded.sitz, regierungsbezirk.sitz), "
    "einwohner = COALESCE(excluded.einwohner, regierungsbezirk.einwohner)";

int
store_import_regierungsbezirk(struct db_conn *c, const struct import_regierungsbezirk *r)
{
    struct db_param p[] = {P_TEXT(r->ags), P_TEXT(r->name), P_TEXT(r->sitz),
                           P_OPT_INT(r->has_einwohner, r->einwohner)};
    return db_exec(c, sql_rb, p, N_PARAMS(p), NULL);
}

static const char sql_region[] =
    "INSERT INTO region (key, name, sitz, regierungsbezirk_ags) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET name = excluded.name, "
    "sitz = COALESCE(excluded.sitz, region.sitz), "
    "regierungsbezirk_ags = COALESCE(excluded.regierungsbezirk_ags, region.regierungsbezirk_ags)";

int
store_import_region(struct db_conn *c, const struct import_region *r)
{
    struct db_param p[] = {P_TEXT(r->key), P_TEXT(r->name), P_TEXT(r->sitz),
                           P_TEXT(r->regierungsbezirk_ags)};
    return db_exec(c, sql_region, p, N_PARAMS(p), NULL);
}

#define KREIS_UPSERT                                                                               \
    "INSERT INTO kreis (ags, name, typ, verwaltungssitz, regierungsbezirk_ags, region_key, "       \
    "einwohner, flaeche_km2) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "                                     \
    "ON CONFLICT (ags) DO UPDATE SET name = excluded.name, typ = excluded.typ, "                   \
    "verwaltungssitz = COALESCE(excluded.verwaltungssitz, kreis.verwaltungssitz), "                \
    "regierungsbezirk_ags = excluded.regierungsbezirk_ags, "                                       \
    "region_key = COALESCE(excluded.region_key, kreis.region_key), "                               \
    "einwohner = COALESCE(excluded.einwohner, kreis.einwohner), "

/* an exact area overwrites; an estimated one only fills an empty column */
static const char sql_kreis[] =
    KREIS_UPSERT "flaeche_km2 = COALESCE(excluded.flaeche_km2, kreis.flaeche_km2)";
static const char sql_kreis_estimate[] =
    KREIS_UPSERT "flaeche_km2 = COALESCE(kreis.flaeche_km2, excluded.flaeche_km2)";

int
store_import_kreis(struct db_conn *c, const struct import_kreis *k)
{
    struct db_param p[] = {P_TEXT(k->ags),
                           P_TEXT(k->name),
                           P_TEXT(k->typ),
                           P_TEXT(k->verwaltungssitz),
                           P_TEXT(k->regierungsbezirk_ags),
                           P_TEXT(k->region_key),
                           P_OPT_INT(k->has_einwohner, k->einwohner),
                           P_TEXT(k->flaeche_km2)};
    return db_exec(c, k->flaeche_is_estimate ? sql_kreis_estimate : sql_kreis, p, N_PARAMS(p),
                   NULL);
}

static const char sql_verband[] =
    "INSERT INTO verband (ars, name, typ, sitz, kreis_ags) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (ars) DO UPDATE SET name = excluded.name, "
    "typ = COALESCE(excluded.typ, verband.typ), sitz = COALESCE(excluded.sitz, verband.sitz), "
    "kreis_ags = COALESCE(excluded.kreis_ags, verband.kreis_ags)";

int
store_import_verband(struct db_conn *c, const struct import_verband *v)
{
    struct db_param p[] = {P_TEXT(v->ars), P_TEXT(v->name), P_TEXT(v->typ), P_TEXT(v->sitz),
                           P_TEXT(v->kreis_ags)};
    return db_exec(c, sql_verband, p, N_PARAMS(p), NULL);
}

static const char sql_gemeinde[] =
    "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, typ, kreis_ags, verband_ars, "
    "einwohner, einwohner_maennlich, flaeche_km2, plz, plz_eindeutig, gebietsstand) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (ags) DO UPDATE SET ars = excluded.ars, name = excluded.name, "
    "name_kurz = excluded.name_kurz, name_norm = excluded.name_norm, "
    "typ = COALESCE(excluded.typ, gemeinde.typ), kreis_ags = excluded.kreis_ags, "
    "verband_ars = COALESCE(excluded.verband_ars, gemeinde.verband_ars), "
    "einwohner = excluded.einwohner, "
    "einwohner_maennlich = COALESCE(excluded.einwohner_maennlich, gemeinde.einwohner_maennlich), "
    "flaeche_km2 = COALESCE(excluded.flaeche_km2, gemeinde.flaeche_km2), "
    "plz_eindeutig = CASE WHEN excluded.plz IS NULL THEN gemeinde.plz_eindeutig "
    "ELSE excluded.plz_eindeutig END, "
    "plz = COALESCE(excluded.plz, gemeinde.plz), "
    "gebietsstand = COALESCE(excluded.gebietsstand, gemeinde.gebietsstand)";

static const char sql_gemeinde_plz[] =
    "INSERT INTO gemeinde_plz (plz, ags) VALUES (?, ?) ON CONFLICT (plz, ags) DO NOTHING";

int
store_import_gemeinde(struct db_conn *c, const struct import_gemeinde *g)
{
    struct db_param p[] = {P_TEXT(g->ags),
                           P_TEXT(g->ars),
                           P_TEXT(g->name),
                           P_TEXT(g->name_kurz),
                           P_TEXT(g->name_norm),
                           P_TEXT(g->typ),
                           P_TEXT(g->kreis_ags),
                           P_TEXT(g->verband_ars),
                           DBP_INT(g->einwohner),
                           P_OPT_INT(g->has_einwohner_maennlich, g->einwohner_maennlich),
                           P_TEXT(g->flaeche_km2),
                           P_TEXT(g->plz),
                           DBP_INT(g->plz_eindeutig ? 1 : 0),
                           P_TEXT(g->gebietsstand)};
    int rc = db_exec(c, sql_gemeinde, p, N_PARAMS(p), NULL);
    if (rc != ERR_OK || !g->plz)
        return rc;
    struct db_param q[] = {P_TEXT(g->plz), P_TEXT(g->ags)};
    return db_exec(c, sql_gemeinde_plz, q, N_PARAMS(q), NULL);
}

static const char *const sql_exists[IMPORT_N_EBENEN] = {
    [IMPORT_REGIERUNGSBEZIRK] = "SELECT 1 FROM regierungsbezirk WHERE ags = ?",
    [IMPORT_REGION] = "SELECT 1 FROM region WHERE key = ?",
    [IMPORT_KREIS] = "SELECT 1 FROM kreis WHERE ags = ?",
    [IMPORT_VERBAND] = "SELECT 1 FROM verband WHERE ars = ?",
    [IMPORT_GEMEINDE] = "SELECT 1 FROM gemeinde WHERE ags = ?",
    [IMPORT_GEMEINDE_PLZ] = "SELECT 1 FROM gemeinde_plz WHERE plz = ?",
};

int
store_import_gebiet_exists(struct db_conn *c, enum import_gebiet_ebene e, const char *key,
                           bool *found)
{
    struct db_rows *rows = NULL;
    struct db_param p[] = {P_TEXT(key)};
    bool has = false;

    if ((unsigned)e >= IMPORT_N_EBENEN)
        return ERR_INVALID;
    int rc = db_query(c, sql_exists[e], p, N_PARAMS(p), &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    db_rows_free(rows);
    if (rc == ERR_OK)
        *found = has;
    return rc;
}

static const char sql_count[] =
    "SELECT (SELECT COUNT(*) FROM regierungsbezirk), (SELECT COUNT(*) FROM region), "
    "(SELECT COUNT(*) FROM kreis), (SELECT COUNT(*) FROM verband), "
    "(SELECT COUNT(*) FROM gemeinde), (SELECT COUNT(*) FROM gemeinde_plz)";

int
store_import_gebiet_count(struct db_conn *c, int64_t n[IMPORT_N_EBENEN])
{
    struct db_rows *rows = NULL;
    bool has = false;

    int rc = db_query(c, sql_count, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK)
        for (int i = 0; i < IMPORT_N_EBENEN; i++)
            n[i] = db_rows_int(rows, i);
    db_rows_free(rows);
    return rc;
}

static const char sql_bump[] =
    "INSERT INTO meta (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE "
    "SET value = CAST(CAST(meta.value AS BIGINT) + 1 AS TEXT)";
static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = ?";

int
store_import_bump_version(struct db_conn *c, const char *key, int64_t *version)
{
    struct db_param p[] = {P_TEXT(key)};
    struct db_rows *rows = NULL;
    bool has = false;
    int64_t v = 0;

    int rc = db_exec(c, sql_bump, p, N_PARAMS(p), NULL);
    if (rc != ERR_OK || !version)
        return rc;
    rc = db_query(c, sql_meta_get, p, N_PARAMS(p), &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK &&
        (!has || str_to_int64(str_from(db_rows_text(rows, 0)), 0, INT64_MAX, &v) != ERR_OK))
        rc = ERR_DB;
    db_rows_free(rows);
    if (rc == ERR_OK)
        *version = v;
    return rc;
}
