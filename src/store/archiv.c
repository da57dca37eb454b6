#include "store/archiv.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(r, (col)))

/* Naming the case's authority lets the index wiedervorlage (behoerde_id, vorgang_id, id)
 * find the rows; by vorgang_id alone every follow-up of the Land would be read. */
static const char sql_wv_offen[] =
    "SELECT COUNT(*) FROM vorgang v JOIN wiedervorlage w ON w.behoerde_id = v.behoerde_id "
    " AND w.vorgang_id = v.id WHERE v.id = ? AND w.erledigt IS NULL";

int
store_archiv_offene_wiedervorlagen(struct db_conn *c, int64_t vorgang_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(vorgang_id)};
    return zeile_query_ints(c, sql_wv_offen, p, 1, n, 1);
}

static const char sql_stand[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status <> 'zda' THEN 1 ELSE 0 END), 0), "
    " MAX(zda_zeitpunkt) FROM vorgang WHERE akte_id = ?";

int
store_archiv_akte_stand(struct db_conn *c, int64_t akte_id, int64_t *n_gesamt, int64_t *n_offen,
                        int64_t *letzte_zda)
{
    struct db_param p[] = {DBP_INT(akte_id)};
    int64_t v[3];
    int rc = zeile_query_ints(c, sql_stand, p, 1, v, 3);
    if (rc == ERR_OK) {
        *n_gesamt = v[0];
        *n_offen = v[1];
        *letzte_zda = v[2];
    }
    return rc;
}

static const char sql_akte_zda[] =
    "UPDATE akte SET status = 'zda', zda_zeitpunkt = ?, aufbewahrung_bis = ?, geaendert = ? "
    "WHERE id = ? AND status = 'offen'";

int
store_archiv_akte_zda(struct db_conn *c, int64_t akte_id, int64_t zda, const char *bis,
                      int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(zda), DBP_TEXT(bis), DBP_INT(jetzt), DBP_INT(akte_id)};
    return db_exec(c, sql_akte_zda, p, 4, changes);
}

static const char sql_akte_oeffnen[] =
    "UPDATE akte SET status = 'offen', zda_zeitpunkt = NULL, aufbewahrung_bis = NULL, "
    " geaendert = ? WHERE id = ? AND status = 'zda'";

int
store_archiv_akte_oeffnen(struct db_conn *c, int64_t akte_id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(akte_id)};
    return db_exec(c, sql_akte_oeffnen, p, 2, changes);
}

#define KURZ_COLS                                                                                  \
    "SELECT k.id, k.behoerde_id, k.aktenplan_id, k.zda_zeitpunkt, k.aktenzeichen, k.titel, "       \
    " k.status, k.aufbewahrung_bis, "                                                              \
    " (SELECT COUNT(*) FROM vorgang v WHERE v.akte_id = k.id), "                                   \
    " (SELECT COUNT(*) FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id "                     \
    "   WHERE v.akte_id = k.id) FROM akte k "

static int
kurz_lesen(struct db_rows *r, struct arena *a, void *out)
{
    struct archiv_akte_kurz *x = out;
    x->id = db_rows_int(r, 0);
    x->behoerde_id = db_rows_int(r, 1);
    x->aktenplan_id = db_rows_int(r, 2);
    x->zda_zeitpunkt = db_rows_is_null(r, 3) ? 0 : db_rows_int(r, 3);
    x->aktenzeichen = COPY(4);
    x->titel = COPY(5);
    x->status = COPY(6);
    x->aufbewahrung_bis = COPY(7);
    x->n_vorgaenge = db_rows_int(r, 8);
    x->n_dokumente = db_rows_int(r, 9);
    return x->aktenzeichen && x->titel && x->status ? ERR_OK : ERR_NOMEM;
}

static const char sql_faellig[] =
    KURZ_COLS "WHERE k.behoerde_id = ? AND k.status = 'zda' AND k.aufbewahrung_bis IS NOT NULL "
              " AND k.aufbewahrung_bis < ? ORDER BY k.aufbewahrung_bis, k.id LIMIT ?";

int
store_archiv_faellig(struct db_conn *c, struct arena *a, int64_t behoerde_id, const char *heute,
                     size_t max, struct archiv_akte_kurz **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_TEXT(heute), DBP_INT(max)};
    struct archiv_akte_kurz *v = NULL;
    size_t cnt = 0, cap = 0;
    struct db_rows *r;
    bool has = false;
    int rc = db_query(c, sql_faellig, p, 3, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        v = arena_array_grow(a, v, cnt, &cap, sizeof(*v));
        if (!v) {
            rc = ERR_NOMEM;
            break;
        }
        rc = kurz_lesen(r, a, &v[cnt]);
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

static const char sql_kurz[] = KURZ_COLS "WHERE k.id = ?";

int
store_archiv_akte_kurz(struct db_conn *c, struct arena *a, int64_t akte_id,
                       struct archiv_akte_kurz *out)
{
    struct db_param p[] = {DBP_INT(akte_id)};
    return zeile_query_one(c, sql_kurz, p, 1, kurz_lesen, a, out);
}

static const char sql_auss_insert[] =
    "INSERT INTO aussonderung (behoerde_id, art, status, nachricht_kennung, sha256, konto_id, "
    " erstellt, quittiert) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_archiv_aussonderung_insert(struct db_conn *c, struct aussonderung_row *x)
{
    struct db_param p[] = {
        DBP_INT(x->behoerde_id), DBP_TEXT(x->art),
        DBP_TEXT(x->status),     DBP_TEXT(x->nachricht_kennung),
        DBP_TEXT(x->sha256),     x->konto_id > 0 ? dbp_int(x->konto_id) : dbp_null(),
        DBP_INT(x->erstellt),    x->quittiert > 0 ? dbp_int(x->quittiert) : dbp_null()};
    return zeile_insert_id(c, sql_auss_insert, p, 8, &x->id);
}

static const char sql_obj_insert[] =
    "INSERT INTO aussonderung_objekt (aussonderung_id, behoerde_id, akte_id, aktenzeichen, titel, "
    " zda_zeitpunkt, aufbewahrung_bis, archivwuerdigkeit, n_vorgaenge, n_dokumente) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

int
store_archiv_objekt_insert(struct db_conn *c, const struct aussonderung_objekt_row *x)
{
    struct db_param p[] = {DBP_INT(x->aussonderung_id),
                           DBP_INT(x->behoerde_id),
                           DBP_INT(x->akte_id),
                           DBP_TEXT(x->aktenzeichen),
                           DBP_TEXT(x->titel),
                           x->zda_zeitpunkt > 0 ? dbp_int(x->zda_zeitpunkt) : dbp_null(),
                           DBP_TEXT(x->aufbewahrung_bis),
                           DBP_TEXT(x->archivwuerdigkeit),
                           DBP_INT(x->n_vorgaenge),
                           DBP_INT(x->n_dokumente)};
    return db_exec(c, sql_obj_insert, p, 10, NULL);
}

#define AUSS_COLS                                                                                  \
    "SELECT id, behoerde_id, COALESCE(konto_id, 0), erstellt, COALESCE(quittiert, 0), art, "       \
    " status, nachricht_kennung, sha256 FROM aussonderung "

static int
auss_lesen(struct db_rows *r, struct arena *a, void *out)
{
    struct aussonderung_row *x = out;
    x->id = db_rows_int(r, 0);
    x->behoerde_id = db_rows_int(r, 1);
    x->konto_id = db_rows_int(r, 2);
    x->erstellt = db_rows_int(r, 3);
    x->quittiert = db_rows_int(r, 4);
    x->art = COPY(5);
    x->status = COPY(6);
    x->nachricht_kennung = COPY(7);
    x->sha256 = COPY(8);
    return x->art && x->status ? ERR_OK : ERR_NOMEM;
}

static const char sql_auss_get[] = AUSS_COLS "WHERE id = ?";
static const char sql_obj_liste[] =
    "SELECT aussonderung_id, behoerde_id, akte_id, COALESCE(zda_zeitpunkt, 0), n_vorgaenge, "
    " n_dokumente, aktenzeichen, titel, aufbewahrung_bis, archivwuerdigkeit "
    "FROM aussonderung_objekt WHERE aussonderung_id = ? ORDER BY akte_id";

int
store_archiv_aussonderung_get(struct db_conn *c, struct arena *a, int64_t id,
                              struct aussonderung_row *out,
                              struct aussonderung_objekt_row **objekte, size_t *n)
{
    struct db_param p[] = {DBP_INT(id)};
    struct aussonderung_objekt_row *v = NULL;
    size_t cnt = 0, cap = 0;
    struct db_rows *r;
    bool has = false;
    int rc = zeile_query_one(c, sql_auss_get, p, 1, auss_lesen, a, out);
    if (rc != ERR_OK)
        return rc;
    rc = db_query(c, sql_obj_liste, p, 1, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        v = arena_array_grow(a, v, cnt, &cap, sizeof(*v));
        if (!v) {
            rc = ERR_NOMEM;
            break;
        }
        struct aussonderung_objekt_row *x = &v[cnt++];
        x->aussonderung_id = db_rows_int(r, 0);
        x->behoerde_id = db_rows_int(r, 1);
        x->akte_id = db_rows_int(r, 2);
        x->zda_zeitpunkt = db_rows_int(r, 3);
        x->n_vorgaenge = db_rows_int(r, 4);
        x->n_dokumente = db_rows_int(r, 5);
        x->aktenzeichen = COPY(6);
        x->titel = COPY(7);
        x->aufbewahrung_bis = COPY(8);
        x->archivwuerdigkeit = COPY(9);
        if (!x->aktenzeichen || !x->titel) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(r);
    if (rc == ERR_OK) {
        *objekte = v;
        *n = cnt;
    }
    return rc;
}

static const char sql_auss_liste[] = AUSS_COLS "WHERE behoerde_id = ? ORDER BY id DESC LIMIT ?";

int
store_archiv_aussonderungen(struct db_conn *c, struct arena *a, int64_t behoerde_id, size_t max,
                            struct aussonderung_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(max)};
    struct aussonderung_row *v = NULL;
    size_t cnt = 0, cap = 0;
    struct db_rows *r;
    bool has = false;
    int rc = db_query(c, sql_auss_liste, p, 2, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        v = arena_array_grow(a, v, cnt, &cap, sizeof(*v));
        if (!v) {
            rc = ERR_NOMEM;
            break;
        }
        rc = auss_lesen(r, a, &v[cnt++]);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(r);
    if (rc == ERR_OK) {
        *out = v;
        *n = cnt;
    }
    return rc;
}

static const char sql_quittieren[] = "UPDATE aussonderung SET status = 'quittiert', quittiert = ? "
                                     "WHERE id = ? AND status = 'exportiert'";

int
store_archiv_aussonderung_quittieren(struct db_conn *c, int64_t id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_quittieren, p, 2, changes);
}

static const char sql_in_abgabe[] =
    "SELECT COUNT(*) FROM aussonderung_objekt o JOIN aussonderung s ON s.id = o.aussonderung_id "
    "WHERE o.akte_id = ? AND s.status = 'exportiert'";

int
store_archiv_akte_in_abgabe(struct db_conn *c, int64_t akte_id, bool *ja)
{
    struct db_param p[] = {DBP_INT(akte_id)};
    int64_t n = 0;
    int rc = zeile_query_ints(c, sql_in_abgabe, p, 1, &n, 1);
    if (rc == ERR_OK)
        *ja = n > 0;
    return rc;
}

/* --- deleting a file's content --- */

#define VORGAENGE "(SELECT id FROM vorgang WHERE akte_id = ? AND behoerde_id = ?)"
#define DOKUMENTE "(SELECT id FROM dokument WHERE vorgang_id IN " VORGAENGE ")"
#define VERSIONEN "(SELECT id FROM dokument_version WHERE dokument_id IN " DOKUMENTE ")"

static const char sql_shas[] =
    "SELECT DISTINCT sha256 FROM dokument_version WHERE dokument_id IN " DOKUMENTE;
static const char sql_del_such[] =
    "DELETE FROM akte_suchtext WHERE behoerde_id = ? AND (akte_id = ? OR vorgang_id IN " VORGAENGE
    ")";
static const char sql_del_text[] = "DELETE FROM dokument_text WHERE version_id IN " VERSIONEN;
static const char sql_del_bescheid[] = "DELETE FROM bescheid WHERE vorgang_id IN " VORGAENGE;
static const char sql_del_version[] =
    "DELETE FROM dokument_version WHERE dokument_id IN " DOKUMENTE;
static const char sql_del_dokument[] = "DELETE FROM dokument WHERE vorgang_id IN " VORGAENGE;
static const char sql_del_vermerk[] = "DELETE FROM vermerk WHERE vorgang_id IN " VORGAENGE;
static const char sql_del_wv[] = "DELETE FROM wiedervorlage WHERE vorgang_id IN " VORGAENGE;
static const char sql_eingang_loesen[] =
    "UPDATE eingang SET vorgang_id = NULL WHERE vorgang_id IN " VORGAENGE;
static const char sql_del_vorgang[] = "DELETE FROM vorgang WHERE akte_id = ? AND behoerde_id = ?";
static const char sql_ausgesondert[] =
    "UPDATE akte SET status = 'ausgesondert', geaendert = ? WHERE id = ? AND behoerde_id = ?";
static const char sql_del_blob[] =
    "DELETE FROM blob WHERE behoerde_id = ? AND sha256 = ? "
    " AND NOT EXISTS (SELECT 1 FROM dokument_version x WHERE x.behoerde_id = blob.behoerde_id "
    "   AND x.sha256 = blob.sha256) "
    " AND NOT EXISTS (SELECT 1 FROM eingang x WHERE x.behoerde_id = blob.behoerde_id "
    "   AND x.sha256 = blob.sha256) "
    " AND NOT EXISTS (SELECT 1 FROM anlage x WHERE x.behoerde_id = blob.behoerde_id "
    "   AND x.sha256 = blob.sha256) "
    " AND NOT EXISTS (SELECT 1 FROM nachricht_anlage x WHERE x.behoerde_id = blob.behoerde_id "
    "   AND x.sha256 = blob.sha256)";

int
store_archiv_akte_inhalt_loeschen(struct db_conn *c, int64_t behoerde_id, int64_t akte_id,
                                  int64_t jetzt)
{
    struct db_param p2[] = {DBP_INT(akte_id), DBP_INT(behoerde_id)};
    struct db_param p3[] = {DBP_INT(behoerde_id), DBP_INT(akte_id), DBP_INT(akte_id),
                            DBP_INT(behoerde_id)};
    struct db_param pa[] = {DBP_INT(jetzt), DBP_INT(akte_id), DBP_INT(behoerde_id)};
    static const char *const schritte[] = {sql_del_text,       sql_del_bescheid, sql_del_version,
                                           sql_del_dokument,   sql_del_vermerk,  sql_del_wv,
                                           sql_eingang_loesen, sql_del_vorgang};
    struct arena *a = arena_new(1024 * 1024);
    const char **shas = NULL;
    size_t n_shas = 0, cap = 0;
    struct db_rows *r;
    bool has = false;
    int rc;

    if (!a)
        return ERR_NOMEM;
    rc = db_query(c, sql_shas, p2, 2, &r);
    if (rc != ERR_OK)
        goto out;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        shas = arena_array_grow(a, shas, n_shas, &cap, sizeof(*shas));
        if (!shas || !(shas[n_shas++] = COPY(0))) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(r);
    if (rc == ERR_OK)
        rc = db_exec(c, sql_del_such, p3, 4, NULL);
    for (size_t i = 0; rc == ERR_OK && i < sizeof(schritte) / sizeof(schritte[0]); i++)
        rc = db_exec(c, schritte[i], p2, 2, NULL);
    if (rc == ERR_OK)
        rc = db_exec(c, sql_ausgesondert, pa, 3, NULL);
    for (size_t i = 0; rc == ERR_OK && i < n_shas; i++) {
        struct db_param pb[] = {DBP_INT(behoerde_id), DBP_TEXT(shas[i])};
        rc = db_exec(c, sql_del_blob, pb, 2, NULL);
    }
out:
    arena_free(a);
    return rc;
}
