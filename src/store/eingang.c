#include "store/eingang.h"

#include <string.h>

#include "store/db.h"

#define COPY(col) (db_rows_is_null(rows, (col)) ? NULL : arena_strdup(a, db_rows_text(rows, (col))))
#define INT0(col) (db_rows_is_null(rows, (col)) ? 0 : db_rows_int(rows, (col)))
#define N(p)      (sizeof(p) / sizeof((p)[0]))

static struct db_param
id_or_null(int64_t id)
{
    return id > 0 ? dbp_int(id) : dbp_null();
}

static const char sql_aus_antrag[] =
    "INSERT INTO eingang (behoerde_id, oe_id, art, antrag_id, betreff, leistung_id, status, "
    " eingegangen, geaendert) "
    "SELECT a.behoerde_id, a.oe_id, 'antrag', a.id, COALESCE(l.name, a.leistung_id), "
    " a.leistung_id, 'neu', ?, ? FROM antrag a LEFT JOIN leistung l ON l.id = a.leistung_id "
    "WHERE a.id = ? AND NOT EXISTS (SELECT 1 FROM eingang e WHERE e.antrag_id = a.id)";

int
store_posteingang_aus_antrag(struct db_conn *c, int64_t antrag_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(jetzt), DBP_INT(antrag_id)};
    return db_exec(c, sql_aus_antrag, p, N(p), NULL);
}

static const char sql_dokument[] =
    "INSERT INTO eingang (behoerde_id, oe_id, art, sha256, dateiname, typ, groesse, betreff, "
    " status, notiz, eingegangen, geaendert) "
    "VALUES (?, ?, 'dokument', ?, ?, ?, ?, ?, 'neu', ?, ?, ?) RETURNING id";

int
store_posteingang_dokument(struct db_conn *c, const struct eingang_row *x, int64_t *id)
{
    struct db_param p[] = {DBP_INT(x->behoerde_id), DBP_INT(x->oe_id),  DBP_TEXT(x->sha256),
                           DBP_TEXT(x->dateiname),  DBP_TEXT(x->typ),   DBP_INT(x->groesse),
                           DBP_TEXT(x->betreff),    DBP_TEXT(x->notiz), DBP_INT(x->eingegangen),
                           DBP_INT(x->eingegangen)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_dokument, p, N(p), &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK)
        *id = db_rows_int(rows, 0);
    db_rows_free(rows);
    return rc;
}

#define EINGANG_COLS                                                                               \
    "SELECT e.id, e.behoerde_id, e.oe_id, e.art, e.antrag_id, e.sha256, e.dateiname, e.typ, "      \
    " e.groesse, e.betreff, e.leistung_id, e.status, e.zugewiesen_konto_id, e.vorgang_id, "        \
    " e.notiz, e.eingegangen, e.geaendert, o.name, k.email, v.aktenzeichen, a.gemeinde_ags "       \
    "FROM eingang e JOIN organisationseinheit o ON o.id = e.oe_id "                                \
    "LEFT JOIN konto k ON k.id = e.zugewiesen_konto_id "                                           \
    "LEFT JOIN vorgang v ON v.id = e.vorgang_id LEFT JOIN antrag a ON a.id = e.antrag_id "

static int
read_rows(struct db_rows *rows, struct arena *a, struct eingang_row **out, size_t *n_out)
{
    struct eingang_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct eingang_row *p = arena_alloc(a, ncap * sizeof(*p));
            if (!p) {
                rc = ERR_NOMEM;
                break;
            }
            if (n)
                memcpy(p, arr, n * sizeof(*p));
            arr = p;
            cap = ncap;
        }
        struct eingang_row *x = &arr[n++];
        x->id = db_rows_int(rows, 0);
        x->behoerde_id = db_rows_int(rows, 1);
        x->oe_id = db_rows_int(rows, 2);
        x->art = COPY(3);
        x->antrag_id = INT0(4);
        x->sha256 = COPY(5);
        x->dateiname = COPY(6);
        x->typ = COPY(7);
        x->groesse = INT0(8);
        x->betreff = COPY(9);
        x->leistung_id = COPY(10);
        x->status = COPY(11);
        x->zugewiesen_konto_id = INT0(12);
        x->vorgang_id = INT0(13);
        x->notiz = COPY(14);
        x->eingegangen = db_rows_int(rows, 15);
        x->geaendert = db_rows_int(rows, 16);
        x->oe_name = COPY(17);
        x->zugewiesen_name = COPY(18);
        x->vorgang_aktenzeichen = COPY(19);
        x->gemeinde_ags = COPY(20);
        if (!x->art || !x->betreff || !x->status || !x->oe_name) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc == ERR_OK) {
        *out = arr;
        *n_out = n;
    }
    return rc;
}

static const char sql_get[] = EINGANG_COLS "WHERE e.id = ?";

int
store_posteingang_get(struct db_conn *c, struct arena *a, int64_t id, struct eingang_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    struct db_rows *rows;
    struct eingang_row *arr = NULL;
    size_t n = 0;
    int rc = db_query(c, sql_get, p, 1, &rows);
    if (rc == ERR_OK)
        rc = read_rows(rows, a, &arr, &n);
    if (rc == ERR_OK && n == 0)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        *out = arr[0];
    return rc;
}

#define LIST_FILTER                                                                                \
    "WHERE e.behoerde_id = ? AND (CAST(? AS INTEGER) = 0 OR e.oe_id = CAST(? AS INTEGER)) "        \
    " AND (CAST(? AS TEXT) IS NULL OR e.status = CAST(? AS TEXT)) "                                \
    " AND (CAST(? AS TEXT) IS NULL OR e.leistung_id = CAST(? AS TEXT)) "                           \
    " AND (CAST(? AS INTEGER) = 0 OR e.eingegangen >= CAST(? AS INTEGER)) "                        \
    " AND (CAST(? AS INTEGER) = 0 OR e.eingegangen < CAST(? AS INTEGER)) "                         \
    " AND (CAST(? AS INTEGER) = 0 OR (CAST(? AS INTEGER) = -1 AND e.zugewiesen_konto_id IS NULL) " \
    "      OR e.zugewiesen_konto_id = CAST(? AS INTEGER)) "

static const char sql_list_neu[] = EINGANG_COLS LIST_FILTER
    " AND (CAST(? AS INTEGER) = 0 OR e.eingegangen < CAST(? AS INTEGER) "
    "      OR (e.eingegangen = CAST(? AS INTEGER) AND e.id < CAST(? AS INTEGER))) "
    "ORDER BY e.eingegangen DESC, e.id DESC LIMIT ?";
static const char sql_list_alt[] = EINGANG_COLS LIST_FILTER
    " AND (CAST(? AS INTEGER) = 0 OR e.eingegangen > CAST(? AS INTEGER) "
    "      OR (e.eingegangen = CAST(? AS INTEGER) AND e.id > CAST(? AS INTEGER))) "
    "ORDER BY e.eingegangen, e.id LIMIT ?";

int
store_posteingang_list(struct db_conn *c, struct arena *a, const struct eingang_scope *s,
                       int64_t nach_zeit, int64_t nach_id, int64_t limit, struct eingang_row **out,
                       size_t *n)
{
    int64_t cur = nach_id > 0 ? 1 : 0;
    struct db_param p[] = {DBP_INT(s->behoerde_id),
                           DBP_INT(s->oe_id),
                           DBP_INT(s->oe_id),
                           DBP_TEXT(s->status),
                           DBP_TEXT(s->status),
                           DBP_TEXT(s->leistung_id),
                           DBP_TEXT(s->leistung_id),
                           DBP_INT(s->von),
                           DBP_INT(s->von),
                           DBP_INT(s->bis),
                           DBP_INT(s->bis),
                           DBP_INT(s->zugewiesen),
                           DBP_INT(s->zugewiesen),
                           DBP_INT(s->zugewiesen),
                           DBP_INT(cur),
                           DBP_INT(nach_zeit),
                           DBP_INT(nach_zeit),
                           DBP_INT(nach_id),
                           DBP_INT(limit)};
    struct db_rows *rows;
    int rc = db_query(c, s->sort == EINGANG_AELTESTE ? sql_list_alt : sql_list_neu, p, N(p), &rows);
    return rc == ERR_OK ? read_rows(rows, a, out, n) : rc;
}

static const char sql_zaehlen[] =
    "SELECT status, COUNT(*) FROM eingang WHERE behoerde_id = ? "
    " AND (CAST(? AS INTEGER) = 0 OR oe_id = CAST(? AS INTEGER)) GROUP BY status";

int
store_posteingang_zaehlen(struct db_conn *c, const struct eingang_scope *s,
                          struct eingang_zaehler *out)
{
    struct db_param p[] = {DBP_INT(s->behoerde_id), DBP_INT(s->oe_id), DBP_INT(s->oe_id)};
    struct db_rows *rows;
    bool has;
    int rc = db_query(c, sql_zaehlen, p, N(p), &rows);
    if (rc != ERR_OK)
        return rc;
    memset(out, 0, sizeof(*out));
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        const char *st = db_rows_text(rows, 0);
        int64_t k = db_rows_int(rows, 1);
        if (!st)
            continue;
        if (strcmp(st, "neu") == 0)
            out->neu = k;
        else if (strcmp(st, "zugewiesen") == 0)
            out->zugewiesen = k;
        else if (strcmp(st, "uebernommen") == 0)
            out->uebernommen = k;
        else if (strcmp(st, "weitergeleitet") == 0)
            out->weitergeleitet = k;
        else if (strcmp(st, "erledigt") == 0)
            out->erledigt = k;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_setzen[] =
    "UPDATE eingang SET status = ?, zugewiesen_konto_id = ?, vorgang_id = ?, oe_id = ?, "
    " notiz = COALESCE(?, notiz), geaendert = ? WHERE id = ? AND status = ?";

int
store_posteingang_setzen(struct db_conn *c, int64_t id, const char *alt, const char *neu,
                         int64_t zugewiesen, int64_t vorgang_id, int64_t oe_id, const char *notiz,
                         int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_TEXT(neu),  id_or_null(zugewiesen), id_or_null(vorgang_id),
                           DBP_INT(oe_id), DBP_TEXT(notiz),        DBP_INT(jetzt),
                           DBP_INT(id),    DBP_TEXT(alt)};
    return db_exec(c, sql_setzen, p, N(p), changes);
}

static const char sql_antrag_oe[] = "UPDATE antrag SET oe_id = ?, geaendert = ? WHERE id = ?";

int
store_posteingang_antrag_oe(struct db_conn *c, int64_t antrag_id, int64_t oe_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(oe_id), DBP_INT(jetzt), DBP_INT(antrag_id)};
    return db_exec(c, sql_antrag_oe, p, N(p), NULL);
}

static const char sql_oe_name[] =
    "SELECT name FROM organisationseinheit WHERE id = ? AND behoerde_id = ?";

int
store_posteingang_oe_name(struct db_conn *c, struct arena *a, int64_t oe_id, int64_t behoerde_id,
                          const char **name)
{
    struct db_param p[] = {DBP_INT(oe_id), DBP_INT(behoerde_id)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_oe_name, p, N(p), &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK) {
        *name = COPY(0);
        if (!*name)
            rc = ERR_NOMEM;
    }
    db_rows_free(rows);
    return rc;
}
