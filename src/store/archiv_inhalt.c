/* store/archiv: reading a whole file for the exports, and the audit log for display (see
 * store/archiv.h). */
#include <stdio.h>
#include <string.h>

#include "store/archiv.h"
#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(r, (col)))
#define INT(col)  (db_rows_is_null(r, (col)) ? 0 : db_rows_int(r, (col)))

/* Read all rows of a query into an array of `size`-byte elements with `fill`. */
typedef int (*fill_fn)(struct db_rows *r, struct arena *a, void *elem);

static int
alle(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p, size_t np,
     size_t size, fill_fn fill, void **out, size_t *n)
{
    void *v = NULL;
    size_t cnt = 0, cap = 0;
    struct db_rows *r;
    bool has = false;
    int rc = db_query(c, sql, p, np, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        v = arena_array_grow(a, v, cnt, &cap, size);
        if (!v) {
            rc = ERR_NOMEM;
            break;
        }
        char *elem = (char *)v + cnt * size;
        memset(elem, 0, size);
        rc = fill(r, a, elem);
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

static int
fill_akte(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_akte *x = e;
    x->id = INT(0);
    x->behoerde_id = INT(1);
    x->oe_id = INT(2);
    x->aktenplan_id = INT(3);
    x->laufnummer = INT(4);
    x->konto_id = INT(5);
    x->erstellt = INT(6);
    x->geaendert = INT(7);
    x->zda_zeitpunkt = INT(8);
    x->aktenzeichen = COPY(9);
    x->titel = COPY(10);
    x->status = COPY(11);
    x->aufbewahrung_bis = COPY(12);
    x->behoerde_name = COPY(13);
    x->behoerde_schluessel = COPY(14);
    x->oe_name = COPY(15);
    return x->aktenzeichen && x->titel && x->status && x->behoerde_name ? ERR_OK : ERR_NOMEM;
}

static int
fill_vorgang(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_vorgang *x = e;
    x->id = INT(0);
    x->laufnummer = INT(1);
    x->antrag_id = INT(2);
    x->konto_id = INT(3);
    x->bearbeitung_konto_id = INT(4);
    x->erstellt = INT(5);
    x->geaendert = INT(6);
    x->zda_zeitpunkt = INT(7);
    x->aktenzeichen = COPY(8);
    x->betreff = COPY(9);
    x->status = COPY(10);
    x->leistung_id = COPY(11);
    return x->aktenzeichen && x->betreff && x->status ? ERR_OK : ERR_NOMEM;
}

static int
fill_dokument(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_dokument *x = e;
    x->id = INT(0);
    x->vorgang_id = INT(1);
    x->aktuelle_version = INT(2);
    x->konto_id = INT(3);
    x->erstellt = INT(4);
    x->geaendert = INT(5);
    x->titel = COPY(6);
    x->art = COPY(7);
    x->is_final = INT(8) != 0;
    return x->titel && x->art ? ERR_OK : ERR_NOMEM;
}

static int
fill_version(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_version *x = e;
    x->id = INT(0);
    x->dokument_id = INT(1);
    x->version = INT(2);
    x->groesse = INT(3);
    x->konto_id = INT(4);
    x->erstellt = INT(5);
    x->sha256 = COPY(6);
    x->dateiname = COPY(7);
    x->typ = COPY(8);
    return x->sha256 && x->dateiname && x->typ ? ERR_OK : ERR_NOMEM;
}

static int
fill_vermerk(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_vermerk *x = e;
    x->id = INT(0);
    x->vorgang_id = INT(1);
    x->konto_id = INT(2);
    x->erstellt = INT(3);
    x->text = COPY(4);
    return x->text ? ERR_OK : ERR_NOMEM;
}

static int
fill_wv(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_wiedervorlage *x = e;
    x->id = INT(0);
    x->vorgang_id = INT(1);
    x->konto_id = INT(2);
    x->erstellt = INT(3);
    x->erledigt = INT(4);
    x->datum = COPY(5);
    x->grund = COPY(6);
    return x->datum && x->grund ? ERR_OK : ERR_NOMEM;
}

static const char sql_akte[] =
    "SELECT k.id, k.behoerde_id, k.oe_id, k.aktenplan_id, k.laufnummer, k.konto_id, k.erstellt, "
    " k.geaendert, k.zda_zeitpunkt, k.aktenzeichen, k.titel, k.status, k.aufbewahrung_bis, "
    " b.name, b.schluessel, o.name FROM akte k JOIN behoerde b ON b.id = k.behoerde_id "
    " LEFT JOIN organisationseinheit o ON o.id = k.oe_id WHERE k.id = ?";
static const char sql_vorgaenge[] =
    "SELECT id, laufnummer, antrag_id, konto_id, bearbeitung_konto_id, erstellt, geaendert, "
    " zda_zeitpunkt, aktenzeichen, betreff, status, leistung_id FROM vorgang WHERE akte_id = ? "
    "ORDER BY laufnummer, id";
/* Each joins on the case's authority too: the indexes of dokument, vermerk and
 * wiedervorlage lead with behoerde_id, and by vorgang_id alone the whole Land's rows would be
 * read for every file. */
static const char sql_dokumente[] =
    "SELECT d.id, d.vorgang_id, d.aktuelle_version, d.konto_id, d.erstellt, d.geaendert, d.titel, "
    " d.art, d.is_final FROM vorgang v JOIN dokument d ON d.behoerde_id = v.behoerde_id "
    " AND d.vorgang_id = v.id WHERE v.akte_id = ? ORDER BY d.vorgang_id, d.id";
static const char sql_versionen[] =
    "SELECT x.id, x.dokument_id, x.version, x.groesse, x.konto_id, x.erstellt, x.sha256, "
    " x.dateiname, x.typ FROM vorgang v JOIN dokument d ON d.behoerde_id = v.behoerde_id "
    " AND d.vorgang_id = v.id JOIN dokument_version x ON x.dokument_id = d.id "
    "WHERE v.akte_id = ? ORDER BY x.dokument_id, x.version";
static const char sql_vermerke[] =
    "SELECT m.id, m.vorgang_id, m.konto_id, m.erstellt, m.text FROM vorgang v "
    " JOIN vermerk m ON m.behoerde_id = v.behoerde_id AND m.vorgang_id = v.id "
    "WHERE v.akte_id = ? ORDER BY m.vorgang_id, m.id";
static const char sql_wvs[] =
    "SELECT w.id, w.vorgang_id, w.konto_id, w.erstellt, w.erledigt, w.datum, w.grund "
    "FROM vorgang v JOIN wiedervorlage w ON w.behoerde_id = v.behoerde_id AND w.vorgang_id = v.id "
    "WHERE v.akte_id = ? ORDER BY w.vorgang_id, w.id";

int
store_archiv_akte_laden(struct db_conn *c, struct arena *a, int64_t akte_id,
                        struct archiv_akte *out)
{
    struct db_param p[] = {DBP_INT(akte_id)};
    struct archiv_akte *k = NULL;
    size_t n = 0;
    void *v = NULL;
    int rc = alle(c, a, sql_akte, p, 1, sizeof(*k), fill_akte, &v, &n);
    if (rc != ERR_OK)
        return rc;
    if (n == 0)
        return ERR_NOTFOUND;
    k = v;
    rc = alle(c, a, sql_vorgaenge, p, 1, sizeof(struct archiv_vorgang), fill_vorgang, &v,
              &k->n_vorgaenge);
    k->vorgaenge = v;
    if (rc == ERR_OK)
        rc = alle(c, a, sql_dokumente, p, 1, sizeof(struct archiv_dokument), fill_dokument, &v,
                  &k->n_dokumente);
    k->dokumente = rc == ERR_OK ? v : NULL;
    if (rc == ERR_OK)
        rc = alle(c, a, sql_versionen, p, 1, sizeof(struct archiv_version), fill_version, &v,
                  &k->n_versionen);
    k->versionen = rc == ERR_OK ? v : NULL;
    if (rc == ERR_OK)
        rc = alle(c, a, sql_vermerke, p, 1, sizeof(struct archiv_vermerk), fill_vermerk, &v,
                  &k->n_vermerke);
    k->vermerke = rc == ERR_OK ? v : NULL;
    if (rc == ERR_OK)
        rc = alle(c, a, sql_wvs, p, 1, sizeof(struct archiv_wiedervorlage), fill_wv, &v,
                  &k->n_wiedervorlagen);
    k->wiedervorlagen = rc == ERR_OK ? v : NULL;
    if (rc == ERR_OK)
        *out = *k;
    return rc;
}

/* --- audit log --- */

#define PROT_COLS                                                                                  \
    "SELECT id, kette, folge, zeitpunkt, konto_id, aktion, objekt_typ, objekt_id, herkunft, "      \
    " detail, hash FROM protokoll "

static int
fill_prot(struct db_rows *r, struct arena *a, void *e)
{
    struct archiv_protokoll_row *x = e;
    x->id = INT(0);
    x->kette = INT(1);
    x->folge = INT(2);
    x->zeitpunkt = INT(3);
    x->konto_id = INT(4);
    x->aktion = COPY(5);
    x->objekt_typ = COPY(6);
    x->objekt_id = COPY(7);
    x->herkunft = COPY(8);
    x->detail = COPY(9);
    x->hash = COPY(10);
    return x->aktion && x->detail && x->hash ? ERR_OK : ERR_NOMEM;
}

static const char sql_seite[] =
    PROT_COLS "WHERE kette = ? AND (? = 0 OR folge < ?) AND aktion = COALESCE(?, aktion) "
              " AND (? = 0 OR zeitpunkt >= ?) AND (? = 0 OR zeitpunkt <= ?) "
              "ORDER BY folge DESC LIMIT ?";

int
store_archiv_protokoll_seite(struct db_conn *c, struct arena *a,
                             const struct archiv_protokoll_filter *f,
                             struct archiv_protokoll_row **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(f->kette),   DBP_INT(f->vor_folge), DBP_INT(f->vor_folge),
                           DBP_TEXT(f->aktion), DBP_INT(f->von),       DBP_INT(f->von),
                           DBP_INT(f->bis),     DBP_INT(f->bis),       DBP_INT(f->limit)};
    void *v = NULL;
    int rc = alle(c, a, sql_seite, p, sizeof(p) / sizeof(p[0]), sizeof(struct archiv_protokoll_row),
                  fill_prot, &v, n);
    if (rc == ERR_OK)
        *out = v;
    return rc;
}

static const char sql_prot_akte[] =
    PROT_COLS "WHERE kette = ? AND ((objekt_typ = 'akte' AND objekt_id = ?) "
              " OR (objekt_typ = 'vorgang' AND objekt_id IN "
              "   (SELECT CAST(id AS TEXT) FROM vorgang WHERE akte_id = ?)) "
              " OR (objekt_typ = 'dokument' AND objekt_id IN (SELECT CAST(d.id AS TEXT) FROM "
              "   dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE v.akte_id = ?))) "
              "ORDER BY folge";

int
store_archiv_protokoll_akte(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                            int64_t akte_id, struct archiv_protokoll_row **out, size_t *n)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)akte_id);
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_TEXT(id), DBP_INT(akte_id), DBP_INT(akte_id)};
    void *v = NULL;
    int rc = alle(c, a, sql_prot_akte, p, 4, sizeof(struct archiv_protokoll_row), fill_prot, &v, n);
    if (rc == ERR_OK)
        *out = v;
    return rc;
}

static const char sql_prot_id[] = "SELECT id FROM protokoll WHERE kette = ? AND folge = ?";

int
store_archiv_protokoll_id(struct db_conn *c, int64_t kette, int64_t folge, int64_t *id)
{
    struct db_param p[] = {DBP_INT(kette), DBP_INT(folge)};
    return zeile_query_ints(c, sql_prot_id, p, 2, id, 1);
}

static const char sql_ketten[] = "SELECT kette FROM protokoll_kopf UNION "
                                 "SELECT DISTINCT kette FROM protokoll ORDER BY 1";

static int
fill_kette(struct db_rows *r, struct arena *a, void *e)
{
    (void)a;
    *(int64_t *)e = INT(0);
    return ERR_OK;
}

int
store_archiv_ketten(struct db_conn *c, struct arena *a, int64_t **out, size_t *n)
{
    void *v = NULL;
    int rc = alle(c, a, sql_ketten, NULL, 0, sizeof(int64_t), fill_kette, &v, n);
    if (rc == ERR_OK)
        *out = v;
    return rc;
}
