#include "store/artikel.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

static const char sql_insert[] =
    "INSERT INTO artikel (titel, text, version, loesung, suchtext, konto_id, erstellt, geaendert) "
    "VALUES (?, ?, 1, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_version[] =
    "INSERT INTO artikel_version (artikel_id, version, titel, text, konto_id, erstellt) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_tags_del[] = "DELETE FROM artikel_tag WHERE artikel_id = ?";
static const char sql_tag_ins[] = "INSERT INTO artikel_tag (artikel_id, tag) VALUES (?, ?) "
                                  "ON CONFLICT (artikel_id, tag) DO NOTHING";

static int
write_version_and_tags(struct db_conn *c, int64_t id, const struct artikel_row *x)
{
    struct db_param v[] = {DBP_INT(id),       DBP_INT(x->version), DBP_TEXT(x->titel),
                           DBP_TEXT(x->text), dbp_id(x->konto_id), DBP_INT(x->geaendert)};
    struct db_param d[] = {DBP_INT(id)};
    int rc = db_exec(c, sql_version, v, sizeof(v) / sizeof(v[0]), NULL);
    if (rc == ERR_OK)
        rc = db_exec(c, sql_tags_del, d, 1, NULL);
    for (size_t i = 0; rc == ERR_OK && i < x->n_tags; i++) {
        struct db_param t[] = {DBP_INT(id), DBP_TEXT(x->tags[i])};
        rc = db_exec(c, sql_tag_ins, t, 2, NULL);
    }
    return rc;
}

int
store_artikel_insert(struct db_conn *c, const struct artikel_row *x, int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(x->titel),    DBP_TEXT(x->text),   DBP_INT(x->loesung ? 1 : 0),
                           DBP_TEXT(x->suchtext), dbp_id(x->konto_id), DBP_INT(x->erstellt),
                           DBP_INT(x->geaendert)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_insert, p, sizeof(p) / sizeof(p[0]), &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    int64_t nid = has ? db_rows_int(rows, 0) : 0;
    db_rows_free(rows);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK)
        rc = write_version_and_tags(c, nid, x);
    if (rc == ERR_OK)
        *id = nid;
    return rc;
}

static const char sql_update[] =
    "UPDATE artikel SET titel = ?, text = ?, version = ?, loesung = ?, suchtext = ?, "
    " konto_id = ?, geaendert = ? WHERE id = ? AND version = ?";

int
store_artikel_update(struct db_conn *c, const struct artikel_row *x)
{
    struct db_param p[] = {
        DBP_TEXT(x->titel),          DBP_TEXT(x->text),     DBP_INT(x->version),
        DBP_INT(x->loesung ? 1 : 0), DBP_TEXT(x->suchtext), dbp_id(x->konto_id),
        DBP_INT(x->geaendert),       DBP_INT(x->id),        DBP_INT(x->version - 1)};
    int64_t changes = 0;
    int rc = db_exec(c, sql_update, p, sizeof(p) / sizeof(p[0]), &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = write_version_and_tags(c, x->id, x);
    return rc;
}

static const char sql_tags[] = "SELECT tag FROM artikel_tag WHERE artikel_id = ? ORDER BY tag";

static int
load_tags(struct db_conn *c, struct arena *a, struct artikel_row *x)
{
    struct db_param p[] = {DBP_INT(x->id)};
    struct db_rows *rows;
    size_t cap = 0;
    bool has;
    x->tags = NULL;
    x->n_tags = 0;
    int rc = db_query(c, sql_tags, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(x->tags = arena_array_grow(a, (void *)x->tags, x->n_tags, &cap, sizeof(*x->tags))) ||
            !(x->tags[x->n_tags++] = COPY(0))) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_get[] =
    "SELECT a.id, COALESCE(v.version, a.version), COALESCE(v.titel, a.titel), "
    " COALESCE(v.text, a.text), a.loesung, a.suchtext, COALESCE(v.konto_id, a.konto_id), "
    " a.erstellt, COALESCE(v.erstellt, a.geaendert) "
    "FROM artikel a LEFT JOIN artikel_version v ON v.artikel_id = a.id AND v.version = ? "
    "WHERE a.id = ? AND (CAST(? AS INTEGER) = 0 OR v.version IS NOT NULL)";

static int
read_artikel(struct db_rows *rows, struct arena *a, void *out)
{
    struct artikel_row *x = out;
    memset(x, 0, sizeof(*x));
    x->id = db_rows_int(rows, 0);
    x->version = db_rows_int(rows, 1);
    x->titel = COPY(2);
    x->text = COPY(3);
    x->loesung = db_rows_int(rows, 4) != 0;
    x->suchtext = COPY(5);
    x->konto_id = zeile_int0(rows, 6);
    x->erstellt = db_rows_int(rows, 7);
    x->geaendert = db_rows_int(rows, 8);
    return x->titel && x->text ? ERR_OK : ERR_NOMEM;
}

int
store_artikel_get(struct db_conn *c, struct arena *a, int64_t id, int64_t version,
                  struct artikel_row *out)
{
    struct db_param p[] = {DBP_INT(version), DBP_INT(id), DBP_INT(version)};
    int rc = zeile_query_one(c, sql_get, p, 3, read_artikel, a, out);
    if (rc == ERR_OK)
        rc = load_tags(c, a, out);
    return rc;
}

static const char sql_versionen[] = "SELECT version, erstellt, titel FROM artikel_version "
                                    "WHERE artikel_id = ? ORDER BY version DESC";

int
store_artikel_versionen(struct db_conn *c, struct arena *a, int64_t id,
                        struct artikel_version_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(id)};
    struct db_rows *rows;
    struct artikel_version_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_versionen, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[n].version = db_rows_int(rows, 0);
        arr[n].erstellt = db_rows_int(rows, 1);
        if (!(arr[n++].titel = COPY(2))) {
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

#define TERM " AND (CAST(? AS TEXT) IS NULL OR a.suchtext LIKE '%' || CAST(? AS TEXT) || '%') "

static const char sql_suche[] =
    "SELECT a.id, a.version, a.titel, a.loesung, a.konto_id, a.erstellt, a.geaendert "
    "FROM artikel a WHERE (CAST(? AS TEXT) IS NULL OR EXISTS (SELECT 1 FROM artikel_tag t "
    " WHERE t.artikel_id = a.id AND t.tag = CAST(? AS TEXT))) " TERM TERM TERM TERM TERM
    " AND (CAST(? AS INTEGER) = 0 OR a.geaendert < ? OR (a.geaendert = ? AND a.id < ?)) "
    "ORDER BY a.geaendert DESC, a.id DESC LIMIT ?";

int
store_artikel_suche(struct db_conn *c, struct arena *a, const char *const *terms, size_t n_terms,
                    const char *tag, int64_t after_geaendert, int64_t after_id, int64_t limit,
                    struct artikel_row **out, size_t *n_out)
{
    struct db_param p[19];
    size_t k = 0;
    struct db_rows *rows;
    struct artikel_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    if (n_terms > 5)
        return ERR_INVALID;
    p[k++] = DBP_TEXT(tag);
    p[k++] = DBP_TEXT(tag);
    for (size_t i = 0; i < 5; i++) {
        p[k++] = DBP_TEXT(i < n_terms ? terms[i] : NULL);
        p[k++] = DBP_TEXT(i < n_terms ? terms[i] : NULL);
    }
    p[k++] = DBP_INT(after_id);
    p[k++] = DBP_INT(after_geaendert);
    p[k++] = DBP_INT(after_geaendert);
    p[k++] = DBP_INT(after_id);
    p[k++] = DBP_INT(limit);
    int rc = db_query(c, sql_suche, p, k, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct artikel_row *x = &arr[n++];
        memset(x, 0, sizeof(*x));
        x->id = db_rows_int(rows, 0);
        x->version = db_rows_int(rows, 1);
        x->titel = COPY(2);
        x->loesung = db_rows_int(rows, 3) != 0;
        x->konto_id = db_rows_is_null(rows, 4) ? 0 : db_rows_int(rows, 4);
        x->erstellt = db_rows_int(rows, 5);
        x->geaendert = db_rows_int(rows, 6);
        if (!x->titel) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        rc = load_tags(c, a, &arr[i]);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}
