#include "store/eingang.h"

#include <stdint.h>
#include <string.h>

#include "store/db.h"
#include "store/zeile.h"

#define COPY(col) (db_rows_is_null(rows, (col)) ? NULL : arena_strdup(a, db_rows_text(rows, (col))))
#define INT0(col) (db_rows_is_null(rows, (col)) ? 0 : db_rows_int(rows, (col)))
#define N(p)      (sizeof(p) / sizeof((p)[0]))

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
    return zeile_insert_id(c, sql_dokument, p, N(p), id);
}

#define EINGANG_COLS                                                                               \
    "SELECT e.id, e.behoerde_id, e.oe_id, e.art, e.antrag_id, e.sha256, e.dateiname, e.typ, "      \
    " e.groesse, e.betreff, e.leistung_id, e.status, e.zugewiesen_konto_id, e.vorgang_id, "        \
    " e.notiz, e.eingegangen, e.geaendert, o.name, k.email, v.aktenzeichen, a.gemeinde_ags "       \
    "FROM eingang e JOIN organisationseinheit o ON o.id = e.oe_id "                                \
    "LEFT JOIN konto k ON k.id = e.zugewiesen_konto_id "                                           \
    "LEFT JOIN vorgang v ON v.id = e.vorgang_id LEFT JOIN antrag a ON a.id = e.antrag_id "

static int
read_eingang(struct db_rows *rows, struct arena *a, void *out)
{
    struct eingang_row *x = out;
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
    return x->art && x->betreff && x->status && x->oe_name ? ERR_OK : ERR_NOMEM;
}

static const char sql_get[] = EINGANG_COLS "WHERE e.id = ?";

int
store_posteingang_get(struct db_conn *c, struct arena *a, int64_t id, struct eingang_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_eingang, a, out);
}

/* The inbox list is one of eight static statements (sort × office given × status given), so
 * that each one's equality prefix and order match an index (eingang_oe, or one of 0008):
 * optional filters written as `? = 0 OR …` would make SQLite sort every inbox row of the
 * authority. The cursor is a row-value range with open ends as sentinels; the time bounds
 * (never an index range of their own, which SQLite would prefer over the office or status
 * prefix; written so that PostgreSQL folds the open ones away instead of misestimating) and
 * the less common filters (Leistung, assignment) are residual. */
#define LIST_REST                                                                                  \
    " AND (? = 0 OR e.eingegangen >= ?) AND (? = 0 OR e.eingegangen < ?) "                         \
    " AND (CAST(? AS TEXT) IS NULL OR e.leistung_id = CAST(? AS TEXT)) "                           \
    " AND (CAST(? AS INTEGER) = 0 OR (CAST(? AS INTEGER) = -1 AND e.zugewiesen_konto_id IS NULL) " \
    "      OR e.zugewiesen_konto_id = CAST(? AS INTEGER)) "
#define LIST_NEU                                                                                   \
    " AND (e.eingegangen, e.id) < (?, ?) ORDER BY e.eingegangen DESC, e.id DESC LIMIT ?"
#define LIST_ALT " AND (e.eingegangen, e.id) > (?, ?) ORDER BY e.eingegangen, e.id LIMIT ?"
#define W_B      "WHERE e.behoerde_id = ? "
#define W_BO     "WHERE e.behoerde_id = ? AND e.oe_id = ? "
#define W_BS     "WHERE e.behoerde_id = ? AND e.status = ? "
#define W_BOS    "WHERE e.behoerde_id = ? AND e.oe_id = ? AND e.status = ? "

static const char sql_neu_b[] = EINGANG_COLS W_B LIST_REST LIST_NEU;
static const char sql_neu_bo[] = EINGANG_COLS W_BO LIST_REST LIST_NEU;
static const char sql_neu_bs[] = EINGANG_COLS W_BS LIST_REST LIST_NEU;
static const char sql_neu_bos[] = EINGANG_COLS W_BOS LIST_REST LIST_NEU;
static const char sql_alt_b[] = EINGANG_COLS W_B LIST_REST LIST_ALT;
static const char sql_alt_bo[] = EINGANG_COLS W_BO LIST_REST LIST_ALT;
static const char sql_alt_bs[] = EINGANG_COLS W_BS LIST_REST LIST_ALT;
static const char sql_alt_bos[] = EINGANG_COLS W_BOS LIST_REST LIST_ALT;
/* [aelteste][office given][status given] */
static const char *const sql_list[2][2][2] = {
    {{sql_neu_b, sql_neu_bs}, {sql_neu_bo, sql_neu_bos}},
    {{sql_alt_b, sql_alt_bs}, {sql_alt_bo, sql_alt_bos}},
};

int
store_posteingang_list(struct db_conn *c, struct arena *a, const struct eingang_scope *s,
                       int64_t nach_zeit, int64_t nach_id, int64_t limit, struct eingang_row **out,
                       size_t *n)
{
    bool alt = s->sort == EINGANG_AELTESTE, oe = s->oe_id != 0, st = s->status != NULL;
    struct db_param p[16];
    size_t np = 0;
    if (nach_id <= 0) { /* the first page: the cursor is the open end */
        nach_zeit = alt ? INT64_MIN : INT64_MAX;
        nach_id = alt ? INT64_MIN : INT64_MAX;
    }
    p[np++] = DBP_INT(s->behoerde_id);
    if (oe)
        p[np++] = DBP_INT(s->oe_id);
    if (st)
        p[np++] = DBP_TEXT(s->status);
    p[np++] = DBP_INT(s->von);
    p[np++] = DBP_INT(s->von);
    p[np++] = DBP_INT(s->bis);
    p[np++] = DBP_INT(s->bis);
    p[np++] = DBP_TEXT(s->leistung_id);
    p[np++] = DBP_TEXT(s->leistung_id);
    p[np++] = DBP_INT(s->zugewiesen);
    p[np++] = DBP_INT(s->zugewiesen);
    p[np++] = DBP_INT(s->zugewiesen);
    p[np++] = DBP_INT(nach_zeit);
    p[np++] = DBP_INT(nach_id);
    p[np++] = DBP_INT(limit);
    return zeile_query_list(c, sql_list[alt][oe][st], p, np, read_eingang, a, sizeof(**out), out,
                            n);
}

/* the counters kept by the triggers of migration 0010: one row per office and status */
static const char sql_zaehlen_b[] =
    "SELECT status, CAST(SUM(n) AS BIGINT) FROM eingang_zaehler WHERE behoerde_id = ? "
    "GROUP BY status";
static const char sql_zaehlen_bo[] = "SELECT status, CAST(SUM(n) AS BIGINT) FROM eingang_zaehler "
                                     "WHERE behoerde_id = ? AND oe_id = ? GROUP BY status";

int
store_posteingang_zaehlen(struct db_conn *c, const struct eingang_scope *s,
                          struct eingang_zaehler *out)
{
    struct db_param p[] = {DBP_INT(s->behoerde_id), DBP_INT(s->oe_id)};
    struct db_rows *rows;
    bool has;
    int rc = db_query(c, s->oe_id ? sql_zaehlen_bo : sql_zaehlen_b, p, s->oe_id ? 2 : 1, &rows);
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
    struct db_param p[] = {DBP_TEXT(neu),   dbp_id(zugewiesen), dbp_id(vorgang_id), DBP_INT(oe_id),
                           DBP_TEXT(notiz), DBP_INT(jetzt),     DBP_INT(id),        DBP_TEXT(alt)};
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
    return zeile_query_one(c, sql_oe_name, p, N(p), zeile_read_text, a, name);
}
