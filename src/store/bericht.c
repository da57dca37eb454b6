#include "store/bericht.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

/* Columns 0 (and 1 for out2) of the first row into *out (and *out2); 0 for NULL or no row. */
static int
one_int(struct db_conn *c, const char *sql, const struct db_param *p, size_t n, int64_t *out,
        int64_t *out2)
{
    int64_t v[2] = {0, 0};
    int rc = zeile_query_ints(c, sql, p, n, v, out2 ? 2 : 1);
    if (rc == ERR_NOTFOUND)
        rc = ERR_OK;
    if (rc == ERR_OK) {
        *out = v[0];
        if (out2)
            *out2 = v[1];
    }
    return rc;
}

static const char sql_anfragen[] =
    "SELECT kategorie, status, COUNT(*) FROM anfrage "
    "WHERE (CAST(? AS TEXT) IS NULL OR kreis_ags = CAST(? AS TEXT)) AND erstellt >= ? "
    " AND erstellt < ? GROUP BY kategorie, status ORDER BY kategorie, status";

int
store_bericht_anfragen(struct db_conn *c, struct arena *a, const char *kreis_ags, int64_t von,
                       int64_t bis, struct bericht_zaehler **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(kreis_ags), DBP_TEXT(kreis_ags), DBP_INT(von), DBP_INT(bis)};
    struct db_rows *rows;
    struct bericht_zaehler *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_anfragen, p, 4, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[n].a = COPY(0);
        arr[n].b = COPY(1);
        arr[n].n = db_rows_int(rows, 2);
        if (!arr[n++].a) {
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

static const char sql_unterstuetzt[] =
    "SELECT COUNT(DISTINCT behoerde_id) FROM anfrage "
    "WHERE (CAST(? AS TEXT) IS NULL OR kreis_ags = CAST(? AS TEXT)) AND erstellt >= ? "
    " AND erstellt < ?";

int
store_bericht_unterstuetzt(struct db_conn *c, const char *kreis_ags, int64_t von, int64_t bis,
                           int64_t *n)
{
    struct db_param p[] = {DBP_TEXT(kreis_ags), DBP_TEXT(kreis_ags), DBP_INT(von), DBP_INT(bis)};
    return one_int(c, sql_unterstuetzt, p, 4, n, NULL);
}

static const char sql_termine[] =
    "SELECT COUNT(*), COALESCE(SUM(t.belegt), 0) FROM termin t "
    "WHERE (CAST(? AS TEXT) IS NULL OR t.kreis_ags = CAST(? AS TEXT)) AND t.beginn >= ? "
    " AND t.beginn < ? AND t.abgesagt = 0";

int
store_bericht_termine(struct db_conn *c, const char *kreis_ags, int64_t von, int64_t bis,
                      int64_t *n_termine, int64_t *n_teilnehmende)
{
    struct db_param p[] = {DBP_TEXT(kreis_ags), DBP_TEXT(kreis_ags), DBP_INT(von), DBP_INT(bis)};
    return one_int(c, sql_termine, p, 4, n_termine, n_teilnehmende);
}

static const char sql_stand[] =
    "SELECT p.id, p.name, p.beginn, p.ende, k.id, k.name, k.kreis_ags, k.verband, "
    " COALESCE(b.betrag_cent, 0), "
    " (SELECT COALESCE(SUM(x.betrag_cent), 0) FROM ausgabe x WHERE x.periode_id = p.id "
    "  AND x.koordinator_id = k.id) "
    "FROM foerderperiode p CROSS JOIN koordinator k "
    "LEFT JOIN budget b ON b.periode_id = p.id AND b.koordinator_id = k.id "
    "WHERE (CAST(? AS TEXT) IS NULL OR k.kreis_ags = CAST(? AS TEXT)) "
    " AND (b.betrag_cent IS NOT NULL OR EXISTS (SELECT 1 FROM ausgabe y WHERE y.periode_id = p.id "
    "  AND y.koordinator_id = k.id)) "
    "ORDER BY p.beginn, k.name";

int
store_foerder_stand(struct db_conn *c, struct arena *a, const char *kreis_ags,
                    struct foerder_zeile **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(kreis_ags), DBP_TEXT(kreis_ags)};
    struct db_rows *rows;
    struct foerder_zeile *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_stand, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct foerder_zeile *z = &arr[n++];
        z->periode_id = db_rows_int(rows, 0);
        z->periode = COPY(1);
        z->beginn = COPY(2);
        z->ende = COPY(3);
        z->koordinator_id = db_rows_int(rows, 4);
        z->koordinator = COPY(5);
        z->kreis_ags = COPY(6);
        z->verband = COPY(7);
        z->budget_cent = db_rows_int(rows, 8);
        z->ausgaben_cent = db_rows_int(rows, 9);
        if (!z->periode || !z->koordinator) {
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

static const char sql_periode_ins[] =
    "INSERT INTO foerderperiode (name, beginn, ende) VALUES (?, ?, ?) RETURNING id";

int
store_foerder_periode_insert(struct db_conn *c, const char *name, const char *beginn,
                             const char *ende, int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(name), DBP_TEXT(beginn), DBP_TEXT(ende)};
    return one_int(c, sql_periode_ins, p, 3, id, NULL);
}

static const char sql_koord_kreis_ins[] =
    "INSERT INTO koordinator (name, kreis_ags) VALUES (?, ?) "
    "ON CONFLICT (kreis_ags) WHERE kreis_ags IS NOT NULL DO NOTHING";
static const char sql_koord_verband_ins[] =
    "INSERT INTO koordinator (name, verband) VALUES (?, ?) "
    "ON CONFLICT (verband) WHERE verband IS NOT NULL DO NOTHING";
static const char sql_koord_get[] =
    "SELECT id FROM koordinator WHERE kreis_ags = CAST(? AS TEXT) OR verband = CAST(? AS TEXT)";

int
store_foerder_koordinator(struct db_conn *c, const char *kreis_ags, const char *verband,
                          const char *name, int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(name), DBP_TEXT(kreis_ags ? kreis_ags : verband)};
    struct db_param g[] = {DBP_TEXT(kreis_ags), DBP_TEXT(verband)};
    int rc = db_exec(c, kreis_ags ? sql_koord_kreis_ins : sql_koord_verband_ins, p, 2, NULL);
    if (rc == ERR_OK)
        rc = one_int(c, sql_koord_get, g, 2, id, NULL);
    if (rc == ERR_OK && *id == 0)
        rc = ERR_DB;
    return rc;
}

static const char sql_budget_put[] =
    "INSERT INTO budget (periode_id, koordinator_id, betrag_cent) VALUES (?, ?, ?) "
    "ON CONFLICT (periode_id, koordinator_id) DO UPDATE SET betrag_cent = excluded.betrag_cent";

int
store_foerder_budget_put(struct db_conn *c, int64_t periode_id, int64_t koordinator_id,
                         int64_t betrag_cent)
{
    struct db_param p[] = {DBP_INT(periode_id), DBP_INT(koordinator_id), DBP_INT(betrag_cent)};
    return db_exec(c, sql_budget_put, p, 3, NULL);
}

static const char sql_ausgabe_ins[] =
    "INSERT INTO ausgabe (periode_id, koordinator_id, datum, betrag_cent, zweck, konto_id, "
    " erstellt) VALUES (?, ?, ?, ?, ?, ?, ?)";

int
store_foerder_ausgabe_insert(struct db_conn *c, int64_t periode_id, int64_t koordinator_id,
                             const char *datum, int64_t betrag_cent, const char *zweck,
                             int64_t konto_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(periode_id),  DBP_INT(koordinator_id), DBP_TEXT(datum),
                           DBP_INT(betrag_cent), DBP_TEXT(zweck),         DBP_INT(konto_id),
                           DBP_INT(jetzt)};
    return db_exec(c, sql_ausgabe_ins, p, 7, NULL);
}

static const char sql_periode[] = "SELECT beginn, ende FROM foerderperiode WHERE id = ?";

int
store_foerder_periode(struct db_conn *c, struct arena *a, int64_t id, const char **beginn,
                      const char **ende)
{
    struct db_param p[] = {DBP_INT(id)};
    const char *t[2];
    int rc = zeile_query_one(c, sql_periode, p, 1, zeile_read_text2, a, t);
    if (rc == ERR_OK) {
        *beginn = t[0];
        *ende = t[1];
    }
    return rc;
}
