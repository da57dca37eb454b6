#include "store/vorgang.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) (db_rows_is_null(rows, (col)) ? NULL : arena_strdup(a, db_rows_text(rows, (col))))
#define INT0(col) (db_rows_is_null(rows, (col)) ? 0 : db_rows_int(rows, (col)))
#define N(p)      (sizeof(p) / sizeof((p)[0]))

static void
copy_fixed(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap)
        n = cap - 1;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

/* ---- owner look-ups (domain/amt_zugriff.h) ---- */

static const char sql_vorgang_kopf[] =
    "SELECT id, behoerde_id, oe_id, akte_id, antrag_id, status, aktenzeichen FROM vorgang "
    "WHERE id = ?";

static int
read_vorgang_kopf(struct db_rows *rows, struct arena *a, void *out)
{
    struct amt_vorgang_kopf *k = out;
    (void)a;
    memset(k, 0, sizeof(*k));
    k->id = db_rows_int(rows, 0);
    k->behoerde_id = db_rows_int(rows, 1);
    k->oe_id = db_rows_int(rows, 2);
    k->akte_id = db_rows_int(rows, 3);
    k->antrag_id = INT0(4);
    copy_fixed(k->status, sizeof(k->status), db_rows_text(rows, 5));
    copy_fixed(k->aktenzeichen, sizeof(k->aktenzeichen), db_rows_text(rows, 6));
    return ERR_OK;
}

int
store_vorgang_kopf(struct db_conn *c, int64_t id, struct amt_vorgang_kopf *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_vorgang_kopf, p, 1, read_vorgang_kopf, NULL, out);
}

static const char sql_akte_kopf[] =
    "SELECT id, behoerde_id, oe_id, aktenplan_id, status, aktenzeichen FROM akte WHERE id = ?";

static int
read_akte_kopf(struct db_rows *rows, struct arena *a, void *out)
{
    struct amt_akte_kopf *k = out;
    (void)a;
    memset(k, 0, sizeof(*k));
    k->id = db_rows_int(rows, 0);
    k->behoerde_id = db_rows_int(rows, 1);
    k->oe_id = db_rows_int(rows, 2);
    k->aktenplan_id = db_rows_int(rows, 3);
    copy_fixed(k->status, sizeof(k->status), db_rows_text(rows, 4));
    copy_fixed(k->aktenzeichen, sizeof(k->aktenzeichen), db_rows_text(rows, 5));
    return ERR_OK;
}

int
store_akte_kopf(struct db_conn *c, int64_t id, struct amt_akte_kopf *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_akte_kopf, p, 1, read_akte_kopf, NULL, out);
}

/* ---- akte ---- */

static const char sql_aktenplan[] =
    "SELECT behoerde_id, kennzeichen, is_aktiv FROM aktenplan WHERE id = ?";

struct plan_eintrag {
    int64_t behoerde_id;
    const char *kennzeichen;
    bool is_aktiv;
};

static int
read_plan_eintrag(struct db_rows *rows, struct arena *a, void *out)
{
    struct plan_eintrag *e = out;
    e->behoerde_id = db_rows_int(rows, 0);
    e->kennzeichen = COPY(1);
    e->is_aktiv = db_rows_int(rows, 2) != 0;
    return e->kennzeichen ? ERR_OK : ERR_NOMEM;
}

int
store_aktenplan_eintrag(struct db_conn *c, struct arena *a, int64_t id, int64_t *behoerde_id,
                        const char **kennzeichen, bool *is_aktiv)
{
    struct db_param p[] = {DBP_INT(id)};
    struct plan_eintrag e;
    int rc = zeile_query_one(c, sql_aktenplan, p, 1, read_plan_eintrag, a, &e);
    if (rc == ERR_OK) {
        *behoerde_id = e.behoerde_id;
        *kennzeichen = e.kennzeichen;
        *is_aktiv = e.is_aktiv;
    }
    return rc;
}

/* The no-op UPDATE locks the subject's row on PostgreSQL, so that two files of one subject
 * cannot get the same running number (SQLite's writers are serialized anyway). */
static const char sql_aktenplan_sperre[] =
    "UPDATE aktenplan SET geaendert = geaendert WHERE id = ?";
static const char sql_akte_naechste[] =
    "SELECT COALESCE(MAX(laufnummer), 0) + 1 FROM akte WHERE aktenplan_id = ?";
static const char sql_akte_insert[] =
    "INSERT INTO akte (behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " status, konto_id, erstellt, geaendert) VALUES (?, ?, ?, ?, ?, ?, 'offen', ?, ?, ?) "
    "RETURNING id";

int
store_akte_insert(struct db_conn *c, struct arena *a, const char *kennzeichen, struct akte_row *x)
{
    struct db_param pl[] = {DBP_INT(x->aktenplan_id)};
    int64_t lauf = 0, id = 0;
    int rc = db_exec(c, sql_aktenplan_sperre, pl, 1, NULL);
    if (rc == ERR_OK)
        rc = zeile_query_ints(c, sql_akte_naechste, pl, 1, &lauf, 1);
    if (rc != ERR_OK)
        return rc;
    char *az = arena_printf(a, "%s/%lld", kennzeichen, (long long)lauf);
    if (!az)
        return ERR_NOMEM;
    struct db_param p[] = {
        DBP_INT(x->behoerde_id), DBP_INT(x->oe_id),    DBP_INT(x->aktenplan_id),
        DBP_INT(lauf),           DBP_TEXT(az),         DBP_TEXT(x->titel),
        dbp_id(x->konto_id),     DBP_INT(x->erstellt), DBP_INT(x->erstellt),
    };
    rc = zeile_insert_id(c, sql_akte_insert, p, N(p), &id);
    if (rc != ERR_OK)
        return rc;
    x->id = id;
    x->laufnummer = lauf;
    x->aktenzeichen = az;
    x->status = "offen";
    x->geaendert = x->erstellt;
    return ERR_OK;
}

#define AKTE_COLS                                                                                  \
    "SELECT k.id, k.behoerde_id, k.oe_id, k.aktenplan_id, k.laufnummer, k.aktenzeichen, k.titel, " \
    " k.status, o.name, p.kennzeichen, p.titel, k.konto_id, k.erstellt, k.geaendert, "             \
    " (SELECT COUNT(*) FROM vorgang v WHERE v.akte_id = k.id) "                                    \
    "FROM akte k JOIN organisationseinheit o ON o.id = k.oe_id "                                   \
    "JOIN aktenplan p ON p.id = k.aktenplan_id "

static int
read_akte(struct db_rows *rows, struct arena *a, void *out)
{
    struct akte_row *x = out;
    x->id = db_rows_int(rows, 0);
    x->behoerde_id = db_rows_int(rows, 1);
    x->oe_id = db_rows_int(rows, 2);
    x->aktenplan_id = db_rows_int(rows, 3);
    x->laufnummer = db_rows_int(rows, 4);
    x->aktenzeichen = COPY(5);
    x->titel = COPY(6);
    x->status = COPY(7);
    x->oe_name = COPY(8);
    x->aktenplan_kennzeichen = COPY(9);
    x->aktenplan_titel = COPY(10);
    x->konto_id = INT0(11);
    x->erstellt = db_rows_int(rows, 12);
    x->geaendert = db_rows_int(rows, 13);
    x->n_vorgaenge = db_rows_int(rows, 14);
    return x->aktenzeichen && x->titel && x->status && x->oe_name && x->aktenplan_kennzeichen &&
                   x->aktenplan_titel
               ? ERR_OK
               : ERR_NOMEM;
}

static const char sql_akte_get[] = AKTE_COLS "WHERE k.id = ?";

int
store_akte_get(struct db_conn *c, struct arena *a, int64_t id, struct akte_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_akte_get, p, 1, read_akte, a, out);
}

static const char sql_akte_list[] = AKTE_COLS
    "WHERE k.behoerde_id = ? AND (CAST(? AS INTEGER) = 0 OR k.oe_id = CAST(? AS INTEGER)) "
    " AND (CAST(? AS TEXT) IS NULL OR k.status = CAST(? AS TEXT)) "
    " AND (CAST(? AS INTEGER) = 0 OR k.id < CAST(? AS INTEGER)) "
    "ORDER BY k.id DESC LIMIT ?";

int
store_akte_list(struct db_conn *c, struct arena *a, const struct akte_scope *s, int64_t vor_id,
                int64_t limit, struct akte_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(s->behoerde_id), DBP_INT(s->oe_id),   DBP_INT(s->oe_id),
                           DBP_TEXT(s->status),     DBP_TEXT(s->status), DBP_INT(vor_id),
                           DBP_INT(vor_id),         DBP_INT(limit)};
    return zeile_query_list(c, sql_akte_list, p, N(p), read_akte, a, sizeof(**out), out, n);
}

static const char sql_akte_touch[] = "UPDATE akte SET geaendert = ? WHERE id = ?";

int
store_akte_touch(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_akte_touch, p, 2, NULL);
}

/* ---- vorgang ---- */

static const char sql_vorgang_naechste[] =
    "SELECT COALESCE(MAX(laufnummer), 0) + 1 FROM vorgang WHERE akte_id = ?";
static const char sql_vorgang_insert[] =
    "INSERT INTO vorgang (behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " antrag_id, leistung_id, status, bearbeitung_konto_id, konto_id, erstellt, geaendert) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'offen', ?, ?, ?, ?) RETURNING id";

int
store_vorgang_insert(struct db_conn *c, struct arena *a, const char *akte_aktenzeichen,
                     struct vorgang_row *x)
{
    struct db_param pl[] = {DBP_INT(x->akte_id)};
    int64_t lauf = 0, id = 0;
    /* touching the file locks its row: running numbers stay unique under concurrency */
    int rc = store_akte_touch(c, x->akte_id, x->erstellt);
    if (rc == ERR_OK)
        rc = zeile_query_ints(c, sql_vorgang_naechste, pl, 1, &lauf, 1);
    if (rc != ERR_OK)
        return rc;
    char *az = arena_printf(a, "%s-%lld", akte_aktenzeichen, (long long)lauf);
    if (!az)
        return ERR_NOMEM;
    struct db_param p[] = {
        DBP_INT(x->behoerde_id),
        DBP_INT(x->oe_id),
        DBP_INT(x->akte_id),
        DBP_INT(lauf),
        DBP_TEXT(az),
        DBP_TEXT(x->betreff),
        dbp_id(x->antrag_id),
        DBP_TEXT(x->leistung_id),
        dbp_id(x->bearbeitung_konto_id),
        dbp_id(x->konto_id),
        DBP_INT(x->erstellt),
        DBP_INT(x->erstellt),
    };
    rc = zeile_insert_id(c, sql_vorgang_insert, p, N(p), &id);
    if (rc != ERR_OK)
        return rc;
    x->id = id;
    x->laufnummer = lauf;
    x->aktenzeichen = az;
    x->status = "offen";
    x->geaendert = x->erstellt;
    return ERR_OK;
}

#define VORGANG_COLS                                                                               \
    "SELECT v.id, v.behoerde_id, v.oe_id, v.akte_id, v.laufnummer, v.aktenzeichen, v.betreff, "    \
    " v.leistung_id, v.status, v.antrag_id, v.bearbeitung_konto_id, v.konto_id, v.erstellt, "      \
    " v.geaendert, k.aktenzeichen, k.titel, o.name, b.email "                                      \
    "FROM vorgang v JOIN akte k ON k.id = v.akte_id "                                              \
    "JOIN organisationseinheit o ON o.id = v.oe_id "                                               \
    "LEFT JOIN konto b ON b.id = v.bearbeitung_konto_id "

static int
read_vorgang(struct db_rows *rows, struct arena *a, void *out)
{
    struct vorgang_row *x = out;
    x->id = db_rows_int(rows, 0);
    x->behoerde_id = db_rows_int(rows, 1);
    x->oe_id = db_rows_int(rows, 2);
    x->akte_id = db_rows_int(rows, 3);
    x->laufnummer = db_rows_int(rows, 4);
    x->aktenzeichen = COPY(5);
    x->betreff = COPY(6);
    x->leistung_id = COPY(7);
    x->status = COPY(8);
    x->antrag_id = INT0(9);
    x->bearbeitung_konto_id = INT0(10);
    x->konto_id = INT0(11);
    x->erstellt = db_rows_int(rows, 12);
    x->geaendert = db_rows_int(rows, 13);
    x->akte_aktenzeichen = COPY(14);
    x->akte_titel = COPY(15);
    x->oe_name = COPY(16);
    x->bearbeitung_name = COPY(17);
    return x->aktenzeichen && x->betreff && x->status && x->akte_aktenzeichen && x->akte_titel &&
                   x->oe_name
               ? ERR_OK
               : ERR_NOMEM;
}

static const char sql_vorgang_get[] = VORGANG_COLS "WHERE v.id = ?";

int
store_vorgang_get(struct db_conn *c, struct arena *a, int64_t id, struct vorgang_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_vorgang_get, p, 1, read_vorgang, a, out);
}

static const char sql_vorgang_list[] = VORGANG_COLS
    "WHERE v.behoerde_id = ? AND (CAST(? AS INTEGER) = 0 OR v.oe_id = CAST(? AS INTEGER)) "
    " AND (CAST(? AS TEXT) IS NULL OR v.status = CAST(? AS TEXT)) "
    " AND (CAST(? AS INTEGER) = 0 OR v.akte_id = CAST(? AS INTEGER)) "
    " AND (CAST(? AS INTEGER) = 0 OR v.bearbeitung_konto_id = CAST(? AS INTEGER)) "
    " AND (CAST(? AS INTEGER) = 0 OR v.id < CAST(? AS INTEGER)) "
    "ORDER BY v.id DESC LIMIT ?";

int
store_vorgang_list(struct db_conn *c, struct arena *a, const struct akte_scope *s, int64_t vor_id,
                   int64_t limit, struct vorgang_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(s->behoerde_id),
                           DBP_INT(s->oe_id),
                           DBP_INT(s->oe_id),
                           DBP_TEXT(s->status),
                           DBP_TEXT(s->status),
                           DBP_INT(s->akte_id),
                           DBP_INT(s->akte_id),
                           DBP_INT(s->bearbeitung_konto_id),
                           DBP_INT(s->bearbeitung_konto_id),
                           DBP_INT(vor_id),
                           DBP_INT(vor_id),
                           DBP_INT(limit)};
    return zeile_query_list(c, sql_vorgang_list, p, N(p), read_vorgang, a, sizeof(**out), out, n);
}

static const char sql_vorgang_status[] =
    "UPDATE vorgang SET status = ?, geaendert = ?, "
    " zda_zeitpunkt = CASE WHEN ? = 'zda' THEN ? ELSE zda_zeitpunkt END "
    "WHERE id = ? AND status = ?";

int
store_vorgang_status(struct db_conn *c, int64_t id, const char *alt, const char *neu, int64_t jetzt,
                     int64_t *changes)
{
    struct db_param p[] = {DBP_TEXT(neu),  DBP_INT(jetzt), DBP_TEXT(neu),
                           DBP_INT(jetzt), DBP_INT(id),    DBP_TEXT(alt)};
    return db_exec(c, sql_vorgang_status, p, N(p), changes);
}

static const char sql_vorgang_bearbeitung[] =
    "UPDATE vorgang SET bearbeitung_konto_id = ?, geaendert = ? WHERE id = ?";

int
store_vorgang_bearbeitung(struct db_conn *c, int64_t id, int64_t konto_id, int64_t jetzt)
{
    struct db_param p[] = {dbp_id(konto_id), DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_vorgang_bearbeitung, p, N(p), NULL);
}

static const char sql_vorgang_zaehlen[] =
    "SELECT COUNT(*) FROM vorgang WHERE behoerde_id = ? AND bearbeitung_konto_id = ? "
    " AND status IN ('offen', 'in_bearbeitung', 'rueckfrage')";

int
store_vorgang_zaehlen_offen(struct db_conn *c, int64_t behoerde_id, int64_t konto_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(konto_id)};
    return zeile_query_ints(c, sql_vorgang_zaehlen, p, N(p), n, 1);
}

/* ---- vermerk ---- */

static const char sql_vermerk_insert[] =
    "INSERT INTO vermerk (behoerde_id, vorgang_id, text, konto_id, erstellt) "
    "VALUES (?, ?, ?, ?, ?) RETURNING id";

int
store_vermerk_insert(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id, const char *text,
                     int64_t konto_id, int64_t jetzt, int64_t *id)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id), DBP_TEXT(text),
                           dbp_id(konto_id), DBP_INT(jetzt)};
    return zeile_insert_id(c, sql_vermerk_insert, p, N(p), id);
}

static const char sql_vermerk_list[] =
    "SELECT m.id, m.vorgang_id, m.konto_id, m.erstellt, m.text, k.email FROM vermerk m "
    "LEFT JOIN konto k ON k.id = m.konto_id "
    /* the case's authority first: the index leads with it (else a scan of every note) */
    "WHERE m.behoerde_id = (SELECT x.behoerde_id FROM vorgang x WHERE x.id = ?) AND m.vorgang_id = "
    "? "
    "ORDER BY m.id";

int
store_vermerk_list(struct db_conn *c, struct arena *a, int64_t vorgang_id, struct vermerk_row **out,
                   size_t *n)
{
    struct db_param p[] = {DBP_INT(vorgang_id), DBP_INT(vorgang_id)};
    struct db_rows *rows;
    struct vermerk_row *arr = NULL;
    size_t k = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_vermerk_list, p, N(p), &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, k, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct vermerk_row *x = &arr[k++];
        x->id = db_rows_int(rows, 0);
        x->vorgang_id = db_rows_int(rows, 1);
        x->konto_id = INT0(2);
        x->erstellt = db_rows_int(rows, 3);
        x->text = COPY(4);
        x->konto_name = COPY(5);
        if (!x->text) {
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

/* ---- wiedervorlage ---- */

static const char sql_wv_insert[] =
    "INSERT INTO wiedervorlage (behoerde_id, vorgang_id, konto_id, datum, grund, erstellt) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

int
store_wiedervorlage_insert(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id,
                           int64_t konto_id, const char *datum, const char *grund, int64_t jetzt,
                           int64_t *id)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id), DBP_INT(konto_id),
                           DBP_TEXT(datum),      DBP_TEXT(grund),     DBP_INT(jetzt)};
    return zeile_insert_id(c, sql_wv_insert, p, N(p), id);
}

#define WV_COLS                                                                                    \
    "SELECT w.id, w.vorgang_id, w.konto_id, w.erstellt, w.erledigt, w.datum, w.grund, "            \
    " v.aktenzeichen, v.betreff FROM wiedervorlage w JOIN vorgang v ON v.id = w.vorgang_id "

static int
read_wv(struct db_rows *rows, struct arena *a, void *out)
{
    struct wiedervorlage_row *x = out;
    x->id = db_rows_int(rows, 0);
    x->vorgang_id = db_rows_int(rows, 1);
    x->konto_id = db_rows_int(rows, 2);
    x->erstellt = db_rows_int(rows, 3);
    x->erledigt = INT0(4);
    x->datum = COPY(5);
    x->grund = COPY(6);
    x->vorgang_aktenzeichen = COPY(7);
    x->vorgang_betreff = COPY(8);
    return x->datum && x->grund && x->vorgang_aktenzeichen && x->vorgang_betreff ? ERR_OK
                                                                                 : ERR_NOMEM;
}

static const char sql_wv_list[] =
    WV_COLS "WHERE w.behoerde_id = (SELECT x.behoerde_id FROM vorgang x WHERE x.id = ?) "
            " AND w.vorgang_id = ? ORDER BY w.datum, w.id";

int
store_wiedervorlage_list(struct db_conn *c, struct arena *a, int64_t vorgang_id,
                         struct wiedervorlage_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(vorgang_id), DBP_INT(vorgang_id)};
    return zeile_query_list(c, sql_wv_list, p, N(p), read_wv, a, sizeof(**out), out, n);
}

static const char sql_wv_offen[] =
    WV_COLS "WHERE w.behoerde_id = ? AND w.konto_id = ? AND w.erledigt IS NULL "
            "ORDER BY w.datum, w.id LIMIT ?";

int
store_wiedervorlage_offen(struct db_conn *c, struct arena *a, int64_t behoerde_id, int64_t konto_id,
                          int64_t limit, struct wiedervorlage_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(konto_id), DBP_INT(limit)};
    return zeile_query_list(c, sql_wv_offen, p, N(p), read_wv, a, sizeof(**out), out, n);
}

static const char sql_wv_get[] = WV_COLS "WHERE w.id = ?";

int
store_wiedervorlage_get(struct db_conn *c, struct arena *a, int64_t id,
                        struct wiedervorlage_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_wv_get, p, 1, read_wv, a, out);
}

static const char sql_wv_erledigt[] =
    "UPDATE wiedervorlage SET erledigt = ? WHERE id = ? AND erledigt IS NULL";

int
store_wiedervorlage_erledigt(struct db_conn *c, int64_t id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_wv_erledigt, p, 2, changes);
}

/* ---- accounts and offices ---- */

static const char sql_ist_sb[] =
    "SELECT COUNT(*) FROM konto_rolle r JOIN konto k ON k.id = r.konto_id "
    "WHERE r.konto_id = ? AND r.behoerde_id = ? AND r.rolle = 'sachbearbeitung' "
    " AND k.status = 'aktiv' AND (r.oe_id IS NULL OR CAST(? AS INTEGER) = 0 OR r.oe_id = ?)";

int
store_amt_konto_ist_sb(struct db_conn *c, int64_t konto_id, int64_t behoerde_id, int64_t oe_id,
                       bool *ja)
{
    struct db_param p[] = {DBP_INT(konto_id), DBP_INT(behoerde_id), DBP_INT(oe_id), DBP_INT(oe_id)};
    int64_t n = 0;
    int rc = zeile_query_ints(c, sql_ist_sb, p, N(p), &n, 1);
    if (rc == ERR_OK)
        *ja = n > 0;
    return rc;
}

static const char sql_oe_gehoert[] =
    "SELECT COUNT(*) FROM organisationseinheit WHERE id = ? AND behoerde_id = ?";

int
store_amt_oe_gehoert(struct db_conn *c, int64_t oe_id, int64_t behoerde_id, bool *ja)
{
    struct db_param p[] = {DBP_INT(oe_id), DBP_INT(behoerde_id)};
    int64_t n = 0;
    int rc = zeile_query_ints(c, sql_oe_gehoert, p, N(p), &n, 1);
    if (rc == ERR_OK)
        *ja = n > 0;
    return rc;
}
