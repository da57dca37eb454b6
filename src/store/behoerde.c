#include "store/behoerde.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

#define BEHOERDE_COLS                                                                              \
    "SELECT id, name, art, gemeinde_ags, kreis_ags, strasse, plz, ort, telefon, email, "           \
    " webseite, is_demo FROM behoerde "

static int
read_behoerde(struct db_rows *rows, struct arena *a, void *out)
{
    struct behoerde *b = out;
    memset(b, 0, sizeof(*b));
    b->id = db_rows_int(rows, 0);
    b->name = COPY(1);
    b->art = COPY(2);
    b->gemeinde_ags = COPY(3);
    b->kreis_ags = COPY(4);
    b->strasse = COPY(5);
    b->plz = COPY(6);
    b->ort = COPY(7);
    b->telefon = COPY(8);
    b->email = COPY(9);
    b->webseite = COPY(10);
    b->is_demo = db_rows_int(rows, 11) != 0;
    return ERR_OK;
}

static const char sql_list[] =
    BEHOERDE_COLS "WHERE (CAST(? AS TEXT) IS NOT NULL AND gemeinde_ags = ?) "
                  "   OR (CAST(? AS TEXT) IS NOT NULL AND kreis_ags = ? "
                  "       AND (? = 0 OR art <> 'gemeinde')) "
                  "ORDER BY CASE WHEN art = 'gemeinde' THEN 0 ELSE 1 END, name, id LIMIT 500";

int
store_behoerde_list(struct db_conn *c, struct arena *a, const char *g, const char *k,
                    bool kreis_only_landratsamt, struct behoerde **out, size_t *n)
{
    struct db_param p[] = {DBP_TEXT(g), DBP_TEXT(g), DBP_TEXT(k), DBP_TEXT(k),
                           DBP_INT(kreis_only_landratsamt ? 1 : 0)};
    return zeile_query_list(c, sql_list, p, 5, read_behoerde, a, sizeof(**out), out, n);
}

static const char sql_get[] = BEHOERDE_COLS "WHERE id = ?";

int
store_behoerde_get(struct db_conn *c, struct arena *a, int64_t id, struct behoerde *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_behoerde, a, out);
}

static const char sql_oes[] = "SELECT id, name, strasse, plz, ort, telefon, email, oeffnungszeiten "
                              "FROM organisationseinheit WHERE behoerde_id = ? ORDER BY name, id";

int
store_oe_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
              struct organisationseinheit **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    struct db_rows *rows;
    struct organisationseinheit *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_oes, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct organisationseinheit *o = &arr[n++];
        o->id = db_rows_int(rows, 0);
        o->name = COPY(1);
        o->strasse = COPY(2);
        o->plz = COPY(3);
        o->ort = COPY(4);
        o->telefon = COPY(5);
        o->email = COPY(6);
        o->oeffnungszeiten = COPY(7);
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_online[] =
    "SELECT l.id, l.name, od.name, od.url, od.seit, od.reifegrad, b.name "
    "FROM zustaendigkeit z JOIN onlinedienst od ON od.id = z.onlinedienst_id "
    "JOIN leistung l ON l.id = z.leistung_id "
    "JOIN organisationseinheit oe ON oe.id = z.oe_id JOIN behoerde b ON b.id = oe.behoerde_id "
    "WHERE z.gebiet_ags IN (?, ?, '08') ORDER BY l.name, l.id, od.id LIMIT 1000";

int
store_online_angebote(struct db_conn *c, struct arena *a, const char *g, const char *k,
                      struct online_angebot **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(g), DBP_TEXT(k)};
    struct db_rows *rows;
    struct online_angebot *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_online, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct online_angebot *o = &arr[n++];
        o->leistung_id = COPY(0);
        o->leistung_name = COPY(1);
        o->name = COPY(2);
        o->url = COPY(3);
        o->seit = COPY(4);
        o->reifegrad = db_rows_int(rows, 5);
        o->behoerde_name = COPY(6);
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}
