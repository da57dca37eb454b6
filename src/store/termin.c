#include "store/termin.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

static const char sql_insert[] =
    "INSERT INTO termin (titel, beschreibung, art, beginn, ende, ort, kapazitaet, kreis_ags, "
    " konto_id, erstellt, geaendert) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_termin_insert(struct db_conn *c, const struct termin_row *t, int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(t->titel),     DBP_TEXT(t->beschreibung), DBP_TEXT(t->art),
                           DBP_INT(t->beginn),     DBP_INT(t->ende),          DBP_TEXT(t->ort),
                           DBP_INT(t->kapazitaet), DBP_TEXT(t->kreis_ags),    dbp_id(t->konto_id),
                           DBP_INT(t->erstellt),   DBP_INT(t->geaendert)};
    return zeile_insert_id(c, sql_insert, p, sizeof(p) / sizeof(p[0]), id);
}

#define TERMIN_COLS                                                                                \
    "SELECT t.id, t.titel, t.beschreibung, t.art, t.ort, t.kreis_ags, t.beginn, t.ende, "          \
    " t.kapazitaet, t.belegt, "                                                                    \
    " (SELECT COUNT(*) FROM anmeldung w WHERE w.termin_id = t.id AND w.status = 'warteliste'), "   \
    " t.konto_id, t.erstellt, t.geaendert, t.abgesagt FROM termin t "

static int
read_row(struct db_rows *rows, struct arena *a, void *out)
{
    struct termin_row *t = out;
    t->id = db_rows_int(rows, 0);
    t->titel = COPY(1);
    t->beschreibung = COPY(2);
    t->art = COPY(3);
    t->ort = COPY(4);
    t->kreis_ags = COPY(5);
    t->beginn = db_rows_int(rows, 6);
    t->ende = db_rows_int(rows, 7);
    t->kapazitaet = db_rows_int(rows, 8);
    t->belegt = db_rows_int(rows, 9);
    t->warteliste = db_rows_int(rows, 10);
    t->konto_id = db_rows_is_null(rows, 11) ? 0 : db_rows_int(rows, 11);
    t->erstellt = db_rows_int(rows, 12);
    t->geaendert = db_rows_int(rows, 13);
    t->abgesagt = db_rows_int(rows, 14) != 0;
    return t->titel && t->art ? ERR_OK : ERR_NOMEM;
}

static const char sql_get[] = TERMIN_COLS "WHERE t.id = ?";

int
store_termin_get(struct db_conn *c, struct arena *a, int64_t id, struct termin_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_row, a, out);
}

static const char sql_list[] =
    TERMIN_COLS "WHERE t.ende >= ? AND (t.beginn > ? OR (t.beginn = ? AND t.id > ?)) "
                "ORDER BY t.beginn, t.id LIMIT ?";

int
store_termin_list(struct db_conn *c, struct arena *a, int64_t ab, int64_t after_beginn,
                  int64_t after_id, int64_t limit, struct termin_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(ab), DBP_INT(after_beginn), DBP_INT(after_beginn),
                           DBP_INT(after_id), DBP_INT(limit)};
    return zeile_query_list(c, sql_list, p, 5, read_row, a, sizeof(**out), out, n_out);
}

static const char sql_absagen[] = "UPDATE termin SET abgesagt = 1, geaendert = ? WHERE id = ?";

int
store_termin_absagen(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_absagen, p, 2, NULL);
}

static const char sql_nehmen[] =
    "UPDATE termin SET belegt = belegt + 1 WHERE id = ? AND belegt < kapazitaet AND abgesagt = 0";

int
store_termin_platz_nehmen(struct db_conn *c, int64_t id, bool *got)
{
    struct db_param p[] = {DBP_INT(id)};
    int64_t changes = 0;
    int rc = db_exec(c, sql_nehmen, p, 1, &changes);
    if (rc == ERR_OK)
        *got = changes == 1;
    return rc;
}

static const char sql_freigeben[] =
    "UPDATE termin SET belegt = belegt - 1 WHERE id = ? AND belegt > 0";

int
store_termin_platz_freigeben(struct db_conn *c, int64_t id)
{
    struct db_param p[] = {DBP_INT(id)};
    return db_exec(c, sql_freigeben, p, 1, NULL);
}

static const char sql_status[] =
    "SELECT status FROM anmeldung WHERE termin_id = ? AND konto_id = ?";

int
store_anmeldung_status(struct db_conn *c, struct arena *a, int64_t termin_id, int64_t konto_id,
                       const char **status)
{
    struct db_param p[] = {DBP_INT(termin_id), DBP_INT(konto_id)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_status, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    *status = NULL;
    if (rc == ERR_OK && has && !(*status = COPY(0)))
        rc = ERR_NOMEM;
    db_rows_free(rows);
    return rc;
}

/* A new registration joins the end of the queue: its id is fresh (delete and insert), so the
 * waiting list stays in order of registration. */
static const char sql_put_del[] = "DELETE FROM anmeldung WHERE termin_id = ? AND konto_id = ? "
                                  "AND status = 'storniert'";
static const char sql_put[] =
    "INSERT INTO anmeldung (termin_id, konto_id, behoerde_id, status, erstellt, geaendert) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (termin_id, konto_id) DO UPDATE SET "
    " status = excluded.status, geaendert = excluded.geaendert";

int
store_anmeldung_put(struct db_conn *c, int64_t termin_id, int64_t konto_id, int64_t behoerde_id,
                    const char *status, int64_t jetzt)
{
    struct db_param d[] = {DBP_INT(termin_id), DBP_INT(konto_id)};
    struct db_param p[] = {DBP_INT(termin_id), DBP_INT(konto_id), dbp_id(behoerde_id),
                           DBP_TEXT(status),   DBP_INT(jetzt),    DBP_INT(jetzt)};
    int rc = ERR_OK;
    if (strcmp(status, "storniert") != 0)
        rc = db_exec(c, sql_put_del, d, 2, NULL);
    if (rc == ERR_OK)
        rc = db_exec(c, sql_put, p, sizeof(p) / sizeof(p[0]), NULL);
    return rc;
}

static const char sql_erste[] = "SELECT konto_id FROM anmeldung WHERE termin_id = ? "
                                "AND status = 'warteliste' ORDER BY id LIMIT 1";

int
store_anmeldung_erste_wartende(struct db_conn *c, int64_t termin_id, int64_t *konto_id)
{
    struct db_param p[] = {DBP_INT(termin_id)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_erste, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK)
        *konto_id = has ? db_rows_int(rows, 0) : 0;
    db_rows_free(rows);
    return rc;
}

static const char sql_anmeldungen[] =
    "SELECT a.id, a.konto_id, k.email, b.name, a.status, a.erstellt FROM anmeldung a "
    "JOIN konto k ON k.id = a.konto_id LEFT JOIN behoerde b ON b.id = a.behoerde_id "
    "WHERE a.termin_id = ? AND a.status <> 'storniert' "
    "ORDER BY CASE a.status WHEN 'angemeldet' THEN 0 ELSE 1 END, a.id";

int
store_anmeldungen(struct db_conn *c, struct arena *a, int64_t termin_id, struct anmeldung_row **out,
                  size_t *n_out)
{
    struct db_param p[] = {DBP_INT(termin_id)};
    struct db_rows *rows;
    struct anmeldung_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_anmeldungen, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct anmeldung_row *x = &arr[n++];
        x->id = db_rows_int(rows, 0);
        x->konto_id = db_rows_int(rows, 1);
        x->email = COPY(2);
        x->behoerde = COPY(3);
        x->status = COPY(4);
        x->erstellt = db_rows_int(rows, 5);
        if (!x->email || !x->status) {
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
