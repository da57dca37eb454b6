#include "store/formular.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"

static const char *
dup_or_null(struct arena *a, const char *s, bool *nomem)
{
    const char *d = s ? arena_strdup(a, s) : NULL;
    if (s && !d)
        *nomem = true;
    return d;
}

#define FORMULAR_COLS                                                                              \
    "SELECT id, leistung_id, COALESCE(behoerde_id, 0), version, status, titel, definition, "       \
    "sha256, erstellt, COALESCE(veroeffentlicht, 0), COALESCE(zurueckgezogen, 0) FROM formular "

static int
read_row(struct db_rows *r, struct arena *a, bool mit_definition, struct formular_zeile *z)
{
    bool nomem = false;
    z->id = db_rows_int(r, 0);
    z->leistung_id = dup_or_null(a, db_rows_text(r, 1), &nomem);
    z->behoerde_id = db_rows_int(r, 2);
    z->version = db_rows_int(r, 3);
    z->status = dup_or_null(a, db_rows_text(r, 4), &nomem);
    z->titel = dup_or_null(a, db_rows_text(r, 5), &nomem);
    z->definition = mit_definition ? dup_or_null(a, db_rows_text(r, 6), &nomem) : NULL;
    z->sha256 = dup_or_null(a, db_rows_text(r, 7), &nomem);
    z->erstellt = db_rows_int(r, 8);
    z->veroeffentlicht = db_rows_int(r, 9);
    z->zurueckgezogen = db_rows_int(r, 10);
    return nomem ? ERR_NOMEM : ERR_OK;
}

/* read_row() with the definition, for zeile_query_one() */
static int
read_ganz(struct db_rows *r, struct arena *a, void *out)
{
    return read_row(r, a, true, out);
}

static const char sql_insert[] =
    "INSERT INTO formular (leistung_id, behoerde_id, version, status, titel, definition, sha256, "
    "erstellt, veroeffentlicht) "
    "SELECT ?, CAST(? AS BIGINT), COALESCE(MAX(version), 0) + 1, ?, ?, ?, ?, ?, "
    "CAST(? AS BIGINT) FROM formular "
    "WHERE leistung_id = ? RETURNING id, version";

int
store_formular_insert(struct db_conn *c, const char *leistung_id, int64_t behoerde_id,
                      const char *status, const char *titel, const char *definition,
                      const char *sha256, int64_t jetzt, int64_t *id, int64_t *version)
{
    bool is_pub = strcmp(status, "veroeffentlicht") == 0;
    struct db_param p[] = {DBP_TEXT(leistung_id), behoerde_id > 0 ? DBP_INT(behoerde_id) : DBP_NULL,
                           DBP_TEXT(status),      DBP_TEXT(titel),
                           DBP_TEXT(definition),  DBP_TEXT(sha256),
                           DBP_INT(jetzt),        is_pub ? DBP_INT(jetzt) : DBP_NULL,
                           DBP_TEXT(leistung_id)};
    struct db_rows *r;
    bool has;
    int rc = db_query(c, sql_insert, p, 9, &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK) {
        *id = db_rows_int(r, 0);
        *version = db_rows_int(r, 1);
    }
    db_rows_free(r);
    return rc;
}

static const char sql_get[] = FORMULAR_COLS "WHERE id = ?";

int
store_formular_get(struct db_conn *c, struct arena *a, int64_t id, struct formular_zeile *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_ganz, a, out);
}

static const char sql_list[] = FORMULAR_COLS "WHERE (behoerde_id = ? OR behoerde_id IS NULL) "
                                             "AND (? = '' OR leistung_id = ?) "
                                             "ORDER BY leistung_id, version DESC LIMIT 1000";

int
store_formular_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                    const char *leistung_id, struct formular_zeile **out, size_t *n)
{
    const char *l = leistung_id ? leistung_id : "";
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_TEXT(l), DBP_TEXT(l)};
    struct db_rows *r;
    struct formular_zeile *items = NULL;
    size_t cnt = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_list, p, 3, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct formular_zeile *ni = arena_alloc(a, ncap * sizeof(*ni));
            if (!ni) {
                rc = ERR_NOMEM;
                break;
            }
            if (cnt)
                memcpy(ni, items, cnt * sizeof(*ni));
            items = ni;
            cap = ncap;
        }
        rc = read_row(r, a, false, &items[cnt]);
        if (rc != ERR_OK)
            break;
        cnt++;
    }
    db_rows_free(r);
    if (rc != ERR_OK)
        return rc;
    *out = items;
    *n = cnt;
    return ERR_OK;
}

static const char sql_pub[] =
    "UPDATE formular SET status = 'veroeffentlicht', veroeffentlicht = ? WHERE id = ?";
static const char sql_ret[] =
    "UPDATE formular SET status = 'zurueckgezogen', zurueckgezogen = ? WHERE id = ?";

int
store_formular_set_status(struct db_conn *c, int64_t id, const char *status, int64_t jetzt,
                          int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    if (strcmp(status, "veroeffentlicht") == 0)
        return db_exec(c, sql_pub, p, 2, changes);
    if (strcmp(status, "zurueckgezogen") == 0)
        return db_exec(c, sql_ret, p, 2, changes);
    return ERR_INVALID;
}

static const char sql_aktuell[] =
    FORMULAR_COLS "WHERE leistung_id = ? AND status = 'veroeffentlicht' "
                  "AND (behoerde_id = ? OR behoerde_id IS NULL) "
                  "ORDER BY CASE WHEN behoerde_id IS NULL THEN 1 ELSE 0 END, version DESC LIMIT 1";

int
store_formular_aktuell(struct db_conn *c, struct arena *a, const char *leistung_id,
                       int64_t behoerde_id, struct formular_zeile *out)
{
    struct db_param p[] = {DBP_TEXT(leistung_id), DBP_INT(behoerde_id)};
    return zeile_query_one(c, sql_aktuell, p, 2, read_ganz, a, out);
}
