#include "store/amt_auswahl.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) (db_rows_is_null(rows, (col)) ? NULL : arena_strdup(a, db_rows_text(rows, (col))))
#define INT0(col) (db_rows_is_null(rows, (col)) ? 0 : db_rows_int(rows, (col)))
#define N(p)      (sizeof(p) / sizeof((p)[0]))

/* ---- what the case page shows besides ---- */

static const char sql_dokumente[] =
    "SELECT d.id, d.aktuelle_version, d.geaendert, d.titel, d.art, d.is_final, v.dateiname, "
    " v.typ, v.groesse FROM dokument d "
    "LEFT JOIN dokument_version v ON v.dokument_id = d.id AND v.version = d.aktuelle_version "
    /* the case's authority first: the index leads with it (else a scan of every document) */
    "WHERE d.behoerde_id = (SELECT x.behoerde_id FROM vorgang x WHERE x.id = ?) "
    " AND d.vorgang_id = ? ORDER BY d.id";

int
store_vorgang_dokumente(struct db_conn *c, struct arena *a, int64_t vorgang_id,
                        struct vorgang_dokument **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(vorgang_id), DBP_INT(vorgang_id)};
    struct db_rows *rows;
    struct vorgang_dokument *arr = NULL;
    size_t k = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_dokumente, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, k, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct vorgang_dokument *x = &arr[k++];
        x->id = db_rows_int(rows, 0);
        x->version = db_rows_int(rows, 1);
        x->geaendert = db_rows_int(rows, 2);
        x->titel = COPY(3);
        x->art = COPY(4);
        x->is_final = db_rows_int(rows, 5) != 0;
        x->dateiname = COPY(6);
        x->typ = COPY(7);
        x->groesse = INT0(8);
        if (!x->titel || !x->art) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc == ERR_OK) {
        *out = arr;
        *n = k;
    }
    return rc;
}

static const char sql_nachrichten[] =
    "SELECT id, behoerde_id, konto_id, richtung, art, betreff, text, erstellt, gelesen "
    "FROM nachricht WHERE antrag_id = ? ORDER BY id LIMIT 200";

int
store_vorgang_nachrichten(struct db_conn *c, struct arena *a, int64_t antrag_id,
                          struct nachricht **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    struct db_rows *rows;
    struct nachricht *arr = NULL;
    size_t k = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_nachrichten, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, k, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct nachricht *x = &arr[k++];
        memset(x, 0, sizeof(*x));
        x->id = db_rows_int(rows, 0);
        x->behoerde_id = db_rows_int(rows, 1);
        x->konto_id = db_rows_int(rows, 2);
        x->antrag_id = antrag_id;
        x->richtung = COPY(3);
        x->art = COPY(4);
        x->betreff = COPY(5);
        x->text = COPY(6);
        x->erstellt = db_rows_int(rows, 7);
        x->gelesen = INT0(8);
        if (!x->richtung || !x->art || !x->betreff || !x->text) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc == ERR_OK) {
        *out = arr;
        *n = k;
    }
    return rc;
}

/* ---- choices for forms ---- */

static int
auswahl(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p, size_t np,
        struct amt_auswahl **out, size_t *n)
{
    struct db_rows *rows;
    struct amt_auswahl *arr = NULL;
    size_t k = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql, p, np, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, k, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[k].id = db_rows_int(rows, 0);
        arr[k].name = COPY(1);
        if (!arr[k++].name) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc == ERR_OK) {
        *out = arr;
        *n = k;
    }
    return rc;
}

static const char sql_oe_auswahl[] =
    "SELECT id, name FROM organisationseinheit WHERE behoerde_id = ? ORDER BY name, id LIMIT 500";

int
store_amt_oe_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                     struct amt_auswahl **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    return auswahl(c, a, sql_oe_auswahl, p, N(p), out, n);
}

static const char sql_sb_auswahl[] =
    "SELECT DISTINCT k.id, k.email FROM konto_rolle r JOIN konto k ON k.id = r.konto_id "
    "WHERE r.behoerde_id = ? AND r.rolle = 'sachbearbeitung' AND k.status = 'aktiv' "
    " AND (r.oe_id IS NULL OR CAST(? AS INTEGER) = 0 OR r.oe_id = ?) "
    "ORDER BY k.email, k.id LIMIT 500";

int
store_amt_sb_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id, int64_t oe_id,
                     struct amt_auswahl **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(oe_id), DBP_INT(oe_id)};
    return auswahl(c, a, sql_sb_auswahl, p, N(p), out, n);
}

static const char sql_plan_auswahl[] =
    "SELECT id, kennzeichen || ' ' || titel FROM aktenplan WHERE behoerde_id = ? AND is_aktiv = 1 "
    "ORDER BY kennzeichen, id LIMIT 500";

int
store_amt_aktenplan_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                            struct amt_auswahl **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    return auswahl(c, a, sql_plan_auswahl, p, N(p), out, n);
}

static const char sql_akten_auswahl[] =
    "SELECT id, aktenzeichen || ' ' || titel FROM akte WHERE behoerde_id = ? "
    " AND (CAST(? AS INTEGER) = 0 OR oe_id = CAST(? AS INTEGER)) AND status = 'offen' "
    "ORDER BY id DESC LIMIT 500";

int
store_amt_akten_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id, int64_t oe_id,
                        struct amt_auswahl **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(oe_id), DBP_INT(oe_id)};
    return auswahl(c, a, sql_akten_auswahl, p, N(p), out, n);
}

/* ---- demo ---- */

static const char sql_demo_ziele[] =
    "SELECT b.id, (SELECT MIN(o.id) FROM organisationseinheit o WHERE o.behoerde_id = b.id), "
    " pa.id, pa.kennzeichen, pb.id, pb.kennzeichen FROM behoerde b "
    "JOIN aktenplan pa ON pa.behoerde_id = b.id AND pa.kennzeichen = '021' AND pa.is_aktiv = 1 "
    "JOIN aktenplan pb ON pb.behoerde_id = b.id AND pb.kennzeichen = '101' AND pb.is_aktiv = 1 "
    "WHERE b.is_demo = 1 AND b.gemeinde_ags LIKE '08221%' AND NOT EXISTS (SELECT 1 FROM akte k "
    "WHERE k.behoerde_id = b.id) "
    " AND EXISTS (SELECT 1 FROM organisationseinheit o WHERE o.behoerde_id = b.id) "
    "ORDER BY b.id LIMIT 1000";

int
store_amt_demo_ziele(struct db_conn *c, struct arena *a, struct amt_demo_ziel **out, size_t *n)
{
    struct db_rows *rows;
    struct amt_demo_ziel *arr = NULL;
    size_t k = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_demo_ziele, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, k, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct amt_demo_ziel *x = &arr[k++];
        x->behoerde_id = db_rows_int(rows, 0);
        x->oe_id = db_rows_int(rows, 1);
        x->plan_a = db_rows_int(rows, 2);
        x->kz_a = COPY(3);
        x->plan_b = db_rows_int(rows, 4);
        x->kz_b = COPY(5);
        if (!x->kz_a || !x->kz_b) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc == ERR_OK) {
        *out = arr;
        *n = k;
    }
    return rc;
}
