#include "store/import_behoerde.h"

#include <string.h>

#include "store/zeile.h"

#define N_PARAMS(a) (sizeof(a) / sizeof((a)[0]))
#define P_BOOL(b)   DBP_INT((b) ? 1 : 0)

static const char sql_behoerde[] =
    "INSERT INTO behoerde (schluessel, name, art, gemeinde_ags, kreis_ags, strasse, plz, ort, "
    " telefon, email, webseite, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (schluessel) DO UPDATE SET name = excluded.name, art = excluded.art, "
    " gemeinde_ags = excluded.gemeinde_ags, kreis_ags = excluded.kreis_ags, "
    " strasse = excluded.strasse, plz = excluded.plz, ort = excluded.ort, "
    " telefon = excluded.telefon, email = excluded.email, webseite = excluded.webseite, "
    " is_demo = excluded.is_demo "
    "RETURNING id";

int
store_import_behoerde_upsert(struct db_conn *c, const struct import_behoerde *b, int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(b->schluessel),   DBP_TEXT(b->name),      DBP_TEXT(b->art),
                           DBP_TEXT(b->gemeinde_ags), DBP_TEXT(b->kreis_ags), DBP_TEXT(b->strasse),
                           DBP_TEXT(b->plz),          DBP_TEXT(b->ort),       DBP_TEXT(b->telefon),
                           DBP_TEXT(b->email),        DBP_TEXT(b->webseite),  P_BOOL(b->is_demo)};
    return zeile_insert_id(c, sql_behoerde, p, N_PARAMS(p), id);
}

static const char sql_oe[] =
    "INSERT INTO organisationseinheit (behoerde_id, schluessel, name, strasse, plz, ort, "
    " telefon, email, oeffnungszeiten, is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (schluessel) DO UPDATE SET behoerde_id = excluded.behoerde_id, "
    " name = excluded.name, strasse = excluded.strasse, plz = excluded.plz, ort = excluded.ort, "
    " telefon = excluded.telefon, email = excluded.email, "
    " oeffnungszeiten = excluded.oeffnungszeiten, is_demo = excluded.is_demo "
    "RETURNING id";

int
store_import_oe_upsert(struct db_conn *c, const struct import_oe *o, int64_t *id)
{
    struct db_param p[] = {
        DBP_INT(o->behoerde_id), DBP_TEXT(o->schluessel), DBP_TEXT(o->name),
        DBP_TEXT(o->strasse),    DBP_TEXT(o->plz),        DBP_TEXT(o->ort),
        DBP_TEXT(o->telefon),    DBP_TEXT(o->email),      DBP_TEXT(o->oeffnungszeiten),
        P_BOOL(o->is_demo)};
    return zeile_insert_id(c, sql_oe, p, N_PARAMS(p), id);
}

static const char sql_onlinedienst[] =
    "INSERT INTO onlinedienst (schluessel, oe_id, leistung_id, name, url, reifegrad, seit, "
    " is_demo) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (schluessel) DO UPDATE SET oe_id = excluded.oe_id, "
    " leistung_id = excluded.leistung_id, name = excluded.name, url = excluded.url, "
    " reifegrad = excluded.reifegrad, seit = excluded.seit, is_demo = excluded.is_demo "
    "RETURNING id";

int
store_import_onlinedienst_upsert(struct db_conn *c, const struct import_onlinedienst *o,
                                 int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(o->schluessel), DBP_INT(o->oe_id), DBP_TEXT(o->leistung_id),
                           DBP_TEXT(o->name),       DBP_TEXT(o->url),  DBP_INT(o->reifegrad),
                           DBP_TEXT(o->seit),       P_BOOL(o->is_demo)};
    return zeile_insert_id(c, sql_onlinedienst, p, N_PARAMS(p), id);
}

static const char sql_zustaendigkeit[] =
    "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id, onlinedienst_id, is_demo) "
    "VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (leistung_id, gebiet_ags, oe_id) DO UPDATE SET "
    " onlinedienst_id = excluded.onlinedienst_id, is_demo = excluded.is_demo";

int
store_import_zustaendigkeit_upsert(struct db_conn *c, const struct import_zustaendigkeit *z)
{
    struct db_param p[] = {DBP_TEXT(z->leistung_id), DBP_TEXT(z->gebiet_ags), DBP_INT(z->oe_id),
                           z->onlinedienst_id ? DBP_INT(z->onlinedienst_id) : DBP_NULL,
                           P_BOOL(z->is_demo)};
    return db_exec(c, sql_zustaendigkeit, p, N_PARAMS(p), NULL);
}

static const char sql_mark_demo[] = "UPDATE leistung SET is_demo = 1 WHERE id = ?";

int
store_import_leistung_mark_demo(struct db_conn *c, const char *id)
{
    struct db_param p[] = {DBP_TEXT(id)};
    return db_exec(c, sql_mark_demo, p, N_PARAMS(p), NULL);
}

/* A copy of column `col` in the arena, NULL for SQL NULL; *oom set when the arena is full. */
static const char *
copy_col(struct arena *a, struct db_rows *rows, int col, bool *oom)
{
    const char *s = db_rows_text(rows, col);
    if (!s)
        return NULL;
    char *d = arena_strndup(a, s, db_rows_len(rows, col));
    if (!d)
        *oom = true;
    return d;
}

static int
read_kreis_info(struct db_rows *rows, struct arena *a, void *out)
{
    struct import_kreis_info *k = out;
    bool oom = false;
    k->ags = copy_col(a, rows, 0, &oom);
    k->name = copy_col(a, rows, 1, &oom);
    k->typ = copy_col(a, rows, 2, &oom);
    k->verwaltungssitz = copy_col(a, rows, 3, &oom);
    return oom ? ERR_NOMEM : ERR_OK;
}

static const char sql_kreis_info[] =
    "SELECT ags, name, typ, verwaltungssitz FROM kreis WHERE ags = ?";

int
store_import_kreis_info(struct db_conn *c, struct arena *a, const char *ags,
                        struct import_kreis_info *out)
{
    struct db_param p[] = {DBP_TEXT(ags)};
    struct import_kreis_info k = {0};
    int rc = zeile_query_one(c, sql_kreis_info, p, N_PARAMS(p), read_kreis_info, a, &k);
    if (rc == ERR_OK)
        *out = k;
    return rc;
}

static const char sql_kreis_orte[] =
    "SELECT ags, name_kurz, typ, plz, einwohner FROM gemeinde WHERE kreis_ags = ? ORDER BY ags";

int
store_import_kreis_orte(struct db_conn *c, struct arena *a, const char *kreis_ags, size_t max,
                        struct import_ort **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(kreis_ags)};
    struct db_rows *rows;
    struct import_ort *arr = NULL;
    size_t n = 0;
    bool has = false, oom = false;
    int rc;

    if (max == 0 || max > SIZE_MAX / sizeof(*arr))
        return ERR_INVALID;
    arr = arena_alloc(a, max * sizeof(*arr));
    if (!arr)
        return ERR_NOMEM;
    rc = db_query(c, sql_kreis_orte, p, N_PARAMS(p), &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (n == max) {
            rc = ERR_LIMIT;
            break;
        }
        struct import_ort *o = &arr[n++];
        o->ags = copy_col(a, rows, 0, &oom);
        o->name_kurz = copy_col(a, rows, 1, &oom);
        o->typ = copy_col(a, rows, 2, &oom);
        o->plz = copy_col(a, rows, 3, &oom);
        o->einwohner = db_rows_int(rows, 4);
        if (oom) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_demo_counts[] =
    "SELECT (SELECT COUNT(*) FROM leistung WHERE is_demo = 1), "
    " (SELECT COUNT(*) FROM behoerde WHERE is_demo = 1), "
    " (SELECT COUNT(*) FROM organisationseinheit WHERE is_demo = 1), "
    " (SELECT COUNT(*) FROM onlinedienst WHERE is_demo = 1), "
    " (SELECT COUNT(*) FROM zustaendigkeit WHERE is_demo = 1)";

int
store_import_demo_counts(struct db_conn *c, struct import_demo_counts *out)
{
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_demo_counts, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK) {
        out->leistungen = db_rows_int(rows, 0);
        out->behoerden = db_rows_int(rows, 1);
        out->oes = db_rows_int(rows, 2);
        out->onlinedienste = db_rows_int(rows, 3);
        out->zustaendigkeiten = db_rows_int(rows, 4);
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_meta_set[] = "INSERT INTO meta (key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int
store_import_meta_set(struct db_conn *c, const char *key, const char *value)
{
    struct db_param p[] = {DBP_TEXT(key), DBP_TEXT(value)};
    return db_exec(c, sql_meta_set, p, N_PARAMS(p), NULL);
}
