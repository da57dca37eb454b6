#include "store/aktenplan.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"

#define COLS                                                                                       \
    "SELECT p.id, p.behoerde_id, p.eltern_id, p.kennzeichen, p.titel, p.beschreibung, "            \
    " p.aufbewahrung_jahre, p.archivwuerdigkeit, p.is_aktiv, p.is_demo, "                          \
    " (SELECT COUNT(*) FROM akte k WHERE k.aktenplan_id = p.id), p.erstellt, p.geaendert "         \
    "FROM aktenplan p "

static int
read_row(struct db_rows *r, struct arena *a, void *out)
{
    struct aktenplan_row *x = out;
    const char *w = db_rows_text(r, 7);
    memset(x, 0, sizeof(*x));
    x->id = db_rows_int(r, 0);
    x->behoerde_id = db_rows_int(r, 1);
    x->eltern_id = db_rows_is_null(r, 2) ? 0 : db_rows_int(r, 2);
    x->kennzeichen = zeile_dup(a, db_rows_text(r, 3));
    x->titel = zeile_dup(a, db_rows_text(r, 4));
    x->beschreibung = zeile_dup(a, db_rows_text(r, 5));
    x->aufbewahrung_jahre = db_rows_is_null(r, 6) ? -1 : (int)db_rows_int(r, 6);
    x->archivwuerdigkeit = w && w[0] ? w[0] : 0;
    x->is_aktiv = db_rows_int(r, 8) != 0;
    x->is_demo = db_rows_int(r, 9) != 0;
    x->n_akten = db_rows_int(r, 10);
    x->erstellt = db_rows_int(r, 11);
    x->geaendert = db_rows_int(r, 12);
    if (!x->kennzeichen || !x->titel || (db_rows_text(r, 5) && !x->beschreibung))
        return ERR_NOMEM;
    return ERR_OK;
}

static const char sql_liste[] = COLS "WHERE p.behoerde_id = ? ORDER BY p.kennzeichen, p.id";

int
store_aktenplan_liste(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                      struct aktenplan_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    struct db_rows *r;
    struct aktenplan_row *v = NULL;
    size_t cnt = 0, cap = 0;
    bool has = false;
    int rc = db_query(c, sql_liste, p, 1, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct aktenplan_row *nv = arena_alloc(a, ncap * sizeof(*nv));
            if (!nv) {
                rc = ERR_NOMEM;
                break;
            }
            if (cnt)
                memcpy(nv, v, cnt * sizeof(*nv));
            v = nv;
            cap = ncap;
        }
        rc = read_row(r, a, &v[cnt]);
        if (rc != ERR_OK)
            break;
        cnt++;
    }
    db_rows_free(r);
    if (rc == ERR_OK) {
        *out = v;
        *n = cnt;
    }
    return rc;
}

static const char sql_get[] = COLS "WHERE p.id = ?";

int
store_aktenplan_get(struct db_conn *c, struct arena *a, int64_t id, struct aktenplan_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_row, a, out);
}

static struct db_param
jahre_param(int j)
{
    return j >= 0 ? dbp_int(j) : dbp_null();
}

static struct db_param
wuerdig_param(const char *w)
{
    return w[0] ? dbp_textn(w, 1) : dbp_null();
}

static const char sql_insert[] =
    "INSERT INTO aktenplan (behoerde_id, eltern_id, kennzeichen, titel, beschreibung, "
    " aufbewahrung_jahre, archivwuerdigkeit, is_aktiv, is_demo, erstellt, geaendert) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_aktenplan_insert(struct db_conn *c, struct aktenplan_row *x)
{
    char w[2] = {x->archivwuerdigkeit, 0};
    struct db_param p[] = {DBP_INT(x->behoerde_id),
                           x->eltern_id > 0 ? dbp_int(x->eltern_id) : dbp_null(),
                           DBP_TEXT(x->kennzeichen),
                           DBP_TEXT(x->titel),
                           DBP_TEXT(x->beschreibung),
                           jahre_param(x->aufbewahrung_jahre),
                           wuerdig_param(w),
                           DBP_INT(x->is_aktiv ? 1 : 0),
                           DBP_INT(x->is_demo ? 1 : 0),
                           DBP_INT(x->erstellt),
                           DBP_INT(x->geaendert)};
    return zeile_insert_id(c, sql_insert, p, sizeof(p) / sizeof(p[0]), &x->id);
}

static const char sql_update[] =
    "UPDATE aktenplan SET eltern_id = ?, titel = ?, beschreibung = ?, aufbewahrung_jahre = ?, "
    " archivwuerdigkeit = ?, is_aktiv = ?, geaendert = ? WHERE id = ? AND behoerde_id = ?";

int
store_aktenplan_update(struct db_conn *c, const struct aktenplan_row *x)
{
    char w[2] = {x->archivwuerdigkeit, 0};
    struct db_param p[] = {x->eltern_id > 0 ? dbp_int(x->eltern_id) : dbp_null(),
                           DBP_TEXT(x->titel),
                           DBP_TEXT(x->beschreibung),
                           jahre_param(x->aufbewahrung_jahre),
                           wuerdig_param(w),
                           DBP_INT(x->is_aktiv ? 1 : 0),
                           DBP_INT(x->geaendert),
                           DBP_INT(x->id),
                           DBP_INT(x->behoerde_id)};
    int64_t changes = 0;
    int rc = db_exec(c, sql_update, p, sizeof(p) / sizeof(p[0]), &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

static const char sql_demo[] = "SELECT id FROM behoerde WHERE is_demo = 1 ORDER BY id";

int
store_aktenplan_demo_behoerden(struct db_conn *c, struct arena *a, int64_t **out, size_t *n)
{
    struct db_rows *r;
    int64_t *v = NULL;
    size_t cnt = 0, cap = 0;
    bool has = false;
    int rc = db_query(c, sql_demo, NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int64_t *nv = arena_alloc(a, ncap * sizeof(*nv));
            if (!nv) {
                rc = ERR_NOMEM;
                break;
            }
            if (cnt)
                memcpy(nv, v, cnt * sizeof(*nv));
            v = nv;
            cap = ncap;
        }
        v[cnt++] = db_rows_int(r, 0);
    }
    db_rows_free(r);
    if (rc == ERR_OK) {
        *out = v;
        *n = cnt;
    }
    return rc;
}
