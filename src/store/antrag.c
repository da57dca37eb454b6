#include "store/antrag.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"

/* ---- helpers ------------------------------------------------------------------------- */

static const char *
dup(struct arena *a, struct db_rows *r, int col, bool *nomem)
{
    const char *s = db_rows_text(r, col);
    if (!s)
        return NULL;
    const char *d = arena_strndup(a, s, db_rows_len(r, col));
    if (!d)
        *nomem = true;
    return d;
}

/* ---- antrag -------------------------------------------------------------------------- */

static const char sql_antrag_insert[] =
    "INSERT INTO antrag (behoerde_id, oe_id, konto_id, formular_id, leistung_id, gemeinde_ags, "
    "status, fortsetzung, erstellt, geaendert) VALUES (?, ?, ?, ?, ?, ?, 'entwurf', ?, ?, ?) "
    "RETURNING id";
static const char sql_daten_insert[] =
    "INSERT INTO antrag_daten (antrag_id, behoerde_id, daten, geaendert) VALUES (?, ?, '{}', ?)";

int
store_antrag_insert(struct db_conn *c, const struct antrag *an, const char *fortsetzung_hash,
                    int64_t jetzt, int64_t *id)
{
    struct db_param p[] = {DBP_INT(an->behoerde_id),
                           DBP_INT(an->oe_id),
                           an->konto_id > 0 ? DBP_INT(an->konto_id) : DBP_NULL,
                           DBP_INT(an->formular_id),
                           DBP_TEXT(an->leistung_id),
                           DBP_TEXT(an->gemeinde_ags),
                           DBP_TEXT(fortsetzung_hash),
                           DBP_INT(jetzt),
                           DBP_INT(jetzt)};
    int64_t new_id;
    int rc = zeile_query_ints(c, sql_antrag_insert, p, 9, &new_id, 1);
    if (rc != ERR_OK)
        return rc;
    struct db_param q[] = {DBP_INT(new_id), DBP_INT(an->behoerde_id), DBP_INT(jetzt)};
    rc = db_exec(c, sql_daten_insert, q, 3, NULL);
    if (rc == ERR_OK)
        rc = store_antrag_verlauf_insert(c, an->behoerde_id, new_id, "entwurf", jetzt, an->konto_id,
                                         NULL);
    if (rc == ERR_OK)
        *id = new_id;
    return rc;
}

#define ANTRAG_COLS                                                                                \
    "SELECT a.id, a.behoerde_id, a.oe_id, COALESCE(a.konto_id, 0), a.formular_id, f.version, "     \
    "a.leistung_id, l.name, a.gemeinde_ags, g.name_kurz, b.name, o.name, a.status, a.schritt, "    \
    "a.revision, a.erstellt, a.geaendert, COALESCE(a.eingereicht, 0), a.fortsetzung "              \
    "FROM antrag a JOIN formular f ON f.id = a.formular_id "                                       \
    "JOIN leistung l ON l.id = a.leistung_id JOIN gemeinde g ON g.ags = a.gemeinde_ags "           \
    "JOIN behoerde b ON b.id = a.behoerde_id JOIN organisationseinheit o ON o.id = a.oe_id "

static int
read_antrag(struct db_rows *r, struct arena *a, void *item)
{
    struct antrag *an = item;
    bool nomem = false;
    an->id = db_rows_int(r, 0);
    an->behoerde_id = db_rows_int(r, 1);
    an->oe_id = db_rows_int(r, 2);
    an->konto_id = db_rows_int(r, 3);
    an->formular_id = db_rows_int(r, 4);
    an->formular_version = db_rows_int(r, 5);
    an->leistung_id = dup(a, r, 6, &nomem);
    an->leistung_name = dup(a, r, 7, &nomem);
    an->gemeinde_ags = dup(a, r, 8, &nomem);
    an->gemeinde_name = dup(a, r, 9, &nomem);
    an->behoerde_name = dup(a, r, 10, &nomem);
    an->oe_name = dup(a, r, 11, &nomem);
    an->status = dup(a, r, 12, &nomem);
    an->schritt = db_rows_int(r, 13);
    an->revision = db_rows_int(r, 14);
    an->erstellt = db_rows_int(r, 15);
    an->geaendert = db_rows_int(r, 16);
    an->eingereicht = db_rows_int(r, 17);
    return nomem ? ERR_NOMEM : ERR_OK;
}

struct antrag_mit_hash {
    struct antrag an;
    const char *hash;
};

static int
read_antrag_hash(struct db_rows *r, struct arena *a, void *item)
{
    struct antrag_mit_hash *x = item;
    bool nomem = false;
    int rc = read_antrag(r, a, &x->an);
    x->hash = dup(a, r, 18, &nomem);
    return rc != ERR_OK ? rc : nomem ? ERR_NOMEM : ERR_OK;
}

static const char sql_antrag_get[] = ANTRAG_COLS "WHERE a.id = ?";

int
store_antrag_get(struct db_conn *c, struct arena *a, int64_t id, struct antrag *out,
                 const char **fortsetzung_hash)
{
    struct db_param p[] = {DBP_INT(id)};
    struct antrag_mit_hash x = {0};
    int rc = zeile_query_one(c, sql_antrag_get, p, 1, read_antrag_hash, a, &x);
    if (rc != ERR_OK)
        return rc;
    *out = x.an;
    if (fortsetzung_hash)
        *fortsetzung_hash = x.hash;
    return ERR_OK;
}

static const char sql_antrag_konto[] = ANTRAG_COLS "WHERE a.konto_id = ? ORDER BY a.id DESC "
                                                   "LIMIT 500";

int
store_antrag_list_konto(struct db_conn *c, struct arena *a, int64_t konto_id, struct antrag **out,
                        size_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return zeile_query_list(c, sql_antrag_konto, p, 1, read_antrag, a, sizeof(**out), out, n);
}

static const char sql_daten_get[] = "SELECT daten FROM antrag_daten WHERE antrag_id = ?";

static int
read_daten(struct db_rows *r, struct arena *a, void *out)
{
    bool nomem = false;
    *(const char **)out = dup(a, r, 0, &nomem);
    return nomem ? ERR_NOMEM : ERR_OK;
}

int
store_antrag_daten_get(struct db_conn *c, struct arena *a, int64_t id, const char **daten)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_daten_get, p, 1, read_daten, a, daten);
}

static const char sql_antrag_aendern[] =
    "UPDATE antrag SET revision = revision + 1, geaendert = ?, schritt = ? "
    "WHERE id = ? AND status = 'entwurf'";
static const char sql_daten_set[] =
    "UPDATE antrag_daten SET daten = ?, geaendert = ? WHERE antrag_id = ?";

int
store_antrag_daten_set(struct db_conn *c, int64_t id, const char *daten, int64_t schritt,
                       int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(schritt), DBP_INT(id)};
    int rc = db_exec(c, sql_antrag_aendern, p, 3, changes);
    if (rc != ERR_OK || *changes == 0)
        return rc;
    struct db_param q[] = {DBP_TEXT(daten), DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_daten_set, q, 3, NULL);
}

static const char sql_antrag_touch[] =
    "UPDATE antrag SET revision = revision + 1, geaendert = ? WHERE id = ? AND status = 'entwurf'";

int
store_antrag_touch(struct db_conn *c, int64_t id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_antrag_touch, p, 2, changes);
}

static const char sql_einreichen[] =
    "UPDATE antrag SET status = 'eingegangen', eingereicht = ?, geaendert = ? "
    "WHERE id = ? AND status = 'entwurf' AND revision = ?";

int
store_antrag_einreichen(struct db_conn *c, int64_t id, int64_t revision, int64_t jetzt,
                        int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(jetzt), DBP_INT(id), DBP_INT(revision)};
    return db_exec(c, sql_einreichen, p, 4, changes);
}

static const char sql_status_offen[] =
    "UPDATE antrag SET status = ?, geaendert = ? WHERE id = ? "
    "AND status IN ('eingegangen', 'in_bearbeitung', 'rueckfrage')";
static const char sql_status_auch_entwurf[] =
    "UPDATE antrag SET status = ?, geaendert = ? WHERE id = ? "
    "AND status IN ('entwurf', 'eingegangen', 'in_bearbeitung', 'rueckfrage')";

int
store_antrag_status_setzen(struct db_conn *c, int64_t id, const char *neu, bool auch_entwurf,
                           int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_TEXT(neu), DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, auch_entwurf ? sql_status_auch_entwurf : sql_status_offen, p, 3, changes);
}

static const char sql_verlauf_insert[] =
    "INSERT INTO antrag_status (behoerde_id, antrag_id, status, zeitpunkt, konto_id, bemerkung) "
    "VALUES (?, ?, ?, ?, ?, ?)";

int
store_antrag_verlauf_insert(struct db_conn *c, int64_t behoerde_id, int64_t antrag_id,
                            const char *status, int64_t zeitpunkt, int64_t konto_id,
                            const char *bemerkung)
{
    struct db_param p[] = {DBP_INT(behoerde_id),
                           DBP_INT(antrag_id),
                           DBP_TEXT(status),
                           DBP_INT(zeitpunkt),
                           konto_id > 0 ? DBP_INT(konto_id) : DBP_NULL,
                           DBP_TEXT(bemerkung)};
    return db_exec(c, sql_verlauf_insert, p, 6, NULL);
}

static int
read_verlauf(struct db_rows *r, struct arena *a, void *item)
{
    struct antrag_verlauf *v = item;
    bool nomem = false;
    v->status = dup(a, r, 0, &nomem);
    v->zeitpunkt = db_rows_int(r, 1);
    v->bemerkung = dup(a, r, 2, &nomem);
    return nomem ? ERR_NOMEM : ERR_OK;
}

static const char sql_verlauf[] =
    "SELECT status, zeitpunkt, bemerkung FROM antrag_status WHERE antrag_id = ? ORDER BY id";

int
store_antrag_verlauf(struct db_conn *c, struct arena *a, int64_t antrag_id,
                     struct antrag_verlauf **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    return zeile_query_list(c, sql_verlauf, p, 1, read_verlauf, a, sizeof(**out), out, n);
}

/* ---- blob, anlage -------------------------------------------------------------------- */

static const char sql_blob_put[] =
    "INSERT INTO blob (behoerde_id, sha256, groesse, typ, inhalt, erstellt) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (behoerde_id, sha256) DO NOTHING";

int
store_blob_put(struct db_conn *c, int64_t behoerde_id, const char *sha256, const char *typ,
               const void *p, size_t len, int64_t jetzt)
{
    struct db_param q[] = {DBP_INT(behoerde_id), DBP_TEXT(sha256), DBP_INT(len),
                           DBP_TEXT(typ),        DBP_BLOB(p, len), DBP_INT(jetzt)};
    return db_exec(c, sql_blob_put, q, 6, NULL);
}

static const char sql_blob_get[] = "SELECT inhalt FROM blob WHERE behoerde_id = ? AND sha256 = ?";

struct blob {
    const void *p;
    size_t len;
};

static int
read_blob(struct db_rows *r, struct arena *a, void *out)
{
    struct blob *b = out;
    return zeile_bytes(a, r, 0, &b->p, &b->len);
}

int
store_blob_get(struct db_conn *c, struct arena *a, int64_t behoerde_id, const char *sha256,
               const void **p, size_t *len)
{
    struct db_param q[] = {DBP_INT(behoerde_id), DBP_TEXT(sha256)};
    struct blob b;
    int rc = zeile_query_one(c, sql_blob_get, q, 2, read_blob, a, &b);
    if (rc == ERR_OK) {
        *p = b.p;
        *len = b.len;
    }
    return rc;
}

static const char sql_anlage_insert[] =
    "INSERT INTO anlage (behoerde_id, antrag_id, sha256, dateiname, typ, groesse, erstellt) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (antrag_id, sha256) DO NOTHING";

int
store_anlage_insert(struct db_conn *c, int64_t behoerde_id, int64_t antrag_id,
                    const struct anlage *an, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(behoerde_id),    DBP_INT(antrag_id), DBP_TEXT(an->sha256),
                           DBP_TEXT(an->dateiname), DBP_TEXT(an->typ),  DBP_INT(an->groesse),
                           DBP_INT(jetzt)};
    return db_exec(c, sql_anlage_insert, p, 7, changes);
}

static int
read_anlage(struct db_rows *r, struct arena *a, void *item)
{
    struct anlage *an = item;
    bool nomem = false;
    an->id = db_rows_int(r, 0);
    an->sha256 = dup(a, r, 1, &nomem);
    an->dateiname = dup(a, r, 2, &nomem);
    an->typ = dup(a, r, 3, &nomem);
    an->groesse = db_rows_int(r, 4);
    an->erstellt = db_rows_int(r, 5);
    return nomem ? ERR_NOMEM : ERR_OK;
}

static const char sql_anlage_get[] =
    "SELECT id, sha256, dateiname, typ, groesse, erstellt FROM anlage "
    "WHERE antrag_id = ? AND sha256 = ?";

int
store_anlage_get(struct db_conn *c, struct arena *a, int64_t antrag_id, const char *sha256,
                 struct anlage *out)
{
    struct db_param p[] = {DBP_INT(antrag_id), DBP_TEXT(sha256)};
    return zeile_query_one(c, sql_anlage_get, p, 2, read_anlage, a, out);
}

static const char sql_anlage_list[] =
    "SELECT id, sha256, dateiname, typ, groesse, erstellt FROM anlage WHERE antrag_id = ? "
    "ORDER BY id";

int
store_anlage_list(struct db_conn *c, struct arena *a, int64_t antrag_id, struct anlage **out,
                  size_t *n)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    return zeile_query_list(c, sql_anlage_list, p, 1, read_anlage, a, sizeof(**out), out, n);
}

static const char sql_anlage_count[] = "SELECT COUNT(*) FROM anlage WHERE antrag_id = ?";

int
store_anlage_count(struct db_conn *c, int64_t antrag_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    return zeile_query_ints(c, sql_anlage_count, p, 1, n, 1);
}

static const char sql_anlage_delete[] = "DELETE FROM anlage WHERE antrag_id = ? AND sha256 = ?";

int
store_anlage_delete(struct db_conn *c, int64_t antrag_id, const char *sha256, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(antrag_id), DBP_TEXT(sha256)};
    return db_exec(c, sql_anlage_delete, p, 2, changes);
}

/* ---- eingangsbestaetigung, idempotenz ------------------------------------------------- */

static const char sql_eingang_insert[] =
    "INSERT INTO eingangsbestaetigung (antrag_id, behoerde_id, nummer, zeitpunkt, sha256, inhalt) "
    "VALUES (?, ?, ?, ?, ?, ?)";

int
store_eingang_insert(struct db_conn *c, int64_t behoerde_id, const struct eingangsbestaetigung *eb)
{
    struct db_param p[] = {DBP_INT(eb->antrag_id), DBP_INT(behoerde_id), DBP_TEXT(eb->nummer),
                           DBP_INT(eb->zeitpunkt), DBP_TEXT(eb->sha256), DBP_TEXT(eb->inhalt)};
    return db_exec(c, sql_eingang_insert, p, 6, NULL);
}

static int
read_eingang(struct db_rows *r, struct arena *a, void *item)
{
    struct eingangsbestaetigung *eb = item;
    bool nomem = false;
    eb->antrag_id = db_rows_int(r, 0);
    eb->nummer = dup(a, r, 1, &nomem);
    eb->zeitpunkt = db_rows_int(r, 2);
    eb->sha256 = dup(a, r, 3, &nomem);
    eb->inhalt = dup(a, r, 4, &nomem);
    return nomem ? ERR_NOMEM : ERR_OK;
}

static const char sql_eingang_get[] =
    "SELECT antrag_id, nummer, zeitpunkt, sha256, inhalt FROM eingangsbestaetigung "
    "WHERE antrag_id = ?";

int
store_eingang_get(struct db_conn *c, struct arena *a, int64_t antrag_id,
                  struct eingangsbestaetigung *out)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    return zeile_query_one(c, sql_eingang_get, p, 1, read_eingang, a, out);
}

static const char sql_idem_insert[] =
    "INSERT INTO idempotenz (antrag_id, schluessel, behoerde_id, erstellt) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (antrag_id, schluessel) DO NOTHING";

int
store_idempotenz_insert(struct db_conn *c, int64_t antrag_id, const char *schluessel,
                        int64_t behoerde_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(antrag_id), DBP_TEXT(schluessel), DBP_INT(behoerde_id),
                           DBP_INT(jetzt)};
    return db_exec(c, sql_idem_insert, p, 4, NULL);
}

static const char sql_idem_get[] =
    "SELECT COUNT(*) FROM idempotenz WHERE antrag_id = ? AND schluessel = ?";

int
store_idempotenz_get(struct db_conn *c, int64_t antrag_id, const char *schluessel, bool *found)
{
    struct db_param p[] = {DBP_INT(antrag_id), DBP_TEXT(schluessel)};
    int64_t n = 0;
    int rc = zeile_query_ints(c, sql_idem_get, p, 2, &n, 1);
    if (rc == ERR_OK)
        *found = n > 0;
    return rc;
}

/* ---- zustellung ---------------------------------------------------------------------- */

static int
read_eingang_z(struct db_rows *r, struct arena *a, void *item)
{
    struct zustellung_eingang *z = item;
    bool nomem = false;
    z->antrag_id = db_rows_int(r, 0);
    z->behoerde_id = db_rows_int(r, 1);
    z->oe_id = db_rows_int(r, 2);
    z->leistung_id = dup(a, r, 3, &nomem);
    z->nummer = dup(a, r, 4, &nomem);
    z->sha256 = dup(a, r, 5, &nomem);
    z->status = dup(a, r, 6, &nomem);
    z->eingereicht = db_rows_int(r, 7);
    z->formular_id = db_rows_int(r, 8);
    z->formular_version = db_rows_int(r, 9);
    return nomem ? ERR_NOMEM : ERR_OK;
}

static const char sql_zustellung_offen[] =
    "SELECT a.id, a.behoerde_id, a.oe_id, a.leistung_id, e.nummer, e.sha256, a.status, "
    "e.zeitpunkt, a.formular_id, f.version FROM antrag a "
    "JOIN eingangsbestaetigung e ON e.antrag_id = a.id JOIN formular f ON f.id = a.formular_id "
    "WHERE a.behoerde_id = ? AND a.status <> 'entwurf' AND a.id > ? "
    "AND NOT EXISTS (SELECT 1 FROM zustellung_quittung q WHERE q.antrag_id = a.id) "
    "ORDER BY a.id LIMIT ?";

int
store_zustellung_offen(struct db_conn *c, struct arena *a, int64_t behoerde_id, int64_t nach_id,
                       int64_t limit, struct zustellung_eingang **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(nach_id), DBP_INT(limit)};
    return zeile_query_list(c, sql_zustellung_offen, p, 3, read_eingang_z, a, sizeof(**out), out,
                            n);
}

static const char sql_quittung[] =
    "INSERT INTO zustellung_quittung (antrag_id, behoerde_id, konto_id, zeitpunkt) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (antrag_id) DO NOTHING";

int
store_zustellung_quittung(struct db_conn *c, int64_t antrag_id, int64_t behoerde_id,
                          int64_t konto_id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(antrag_id), DBP_INT(behoerde_id),
                           konto_id > 0 ? DBP_INT(konto_id) : DBP_NULL, DBP_INT(jetzt)};
    return db_exec(c, sql_quittung, p, 4, changes);
}

static const char sql_quittiert[] =
    "SELECT COALESCE(MAX(zeitpunkt), 0) FROM zustellung_quittung WHERE antrag_id = ?";

int
store_zustellung_quittiert(struct db_conn *c, int64_t antrag_id, int64_t *zeitpunkt)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    return zeile_query_ints(c, sql_quittiert, p, 1, zeitpunkt, 1);
}

/* ---- nachricht ----------------------------------------------------------------------- */

static const char sql_nachricht_insert[] =
    "INSERT INTO nachricht (behoerde_id, konto_id, antrag_id, richtung, art, betreff, text, "
    "erstellt) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_nachricht_insert(struct db_conn *c, const struct nachricht *n, int64_t *id)
{
    struct db_param p[] = {DBP_INT(n->behoerde_id),
                           DBP_INT(n->konto_id),
                           n->antrag_id > 0 ? DBP_INT(n->antrag_id) : DBP_NULL,
                           DBP_TEXT(n->richtung),
                           DBP_TEXT(n->art),
                           DBP_TEXT(n->betreff),
                           DBP_TEXT(n->text),
                           DBP_INT(n->erstellt)};
    return zeile_query_ints(c, sql_nachricht_insert, p, 8, id, 1);
}

static const char sql_nachricht_anlage_insert[] =
    "INSERT INTO nachricht_anlage (nachricht_id, behoerde_id, sha256, dateiname, typ, groesse) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (nachricht_id, sha256) DO NOTHING";

int
store_nachricht_anlage_insert(struct db_conn *c, int64_t nachricht_id, int64_t behoerde_id,
                              const struct anlage *an)
{
    struct db_param p[] = {DBP_INT(nachricht_id),   DBP_INT(behoerde_id), DBP_TEXT(an->sha256),
                           DBP_TEXT(an->dateiname), DBP_TEXT(an->typ),    DBP_INT(an->groesse)};
    return db_exec(c, sql_nachricht_anlage_insert, p, 6, NULL);
}

#define NACHRICHT_COLS                                                                             \
    "SELECT n.id, n.behoerde_id, n.konto_id, COALESCE(n.antrag_id, 0), n.richtung, n.art, "        \
    "n.betreff, n.text, b.name, n.erstellt, COALESCE(n.gelesen, 0) FROM nachricht n "              \
    "JOIN behoerde b ON b.id = n.behoerde_id "

static int
read_nachricht(struct db_rows *r, struct arena *a, void *item)
{
    struct nachricht *m = item;
    bool nomem = false;
    m->id = db_rows_int(r, 0);
    m->behoerde_id = db_rows_int(r, 1);
    m->konto_id = db_rows_int(r, 2);
    m->antrag_id = db_rows_int(r, 3);
    m->richtung = dup(a, r, 4, &nomem);
    m->art = dup(a, r, 5, &nomem);
    m->betreff = dup(a, r, 6, &nomem);
    m->text = dup(a, r, 7, &nomem);
    m->behoerde_name = dup(a, r, 8, &nomem);
    m->erstellt = db_rows_int(r, 9);
    m->gelesen = db_rows_int(r, 10);
    return nomem ? ERR_NOMEM : ERR_OK;
}

static const char sql_nachricht_list_antrag[] =
    NACHRICHT_COLS "WHERE n.behoerde_id = ? AND n.antrag_id = ? ORDER BY n.id LIMIT 500";

int
store_nachricht_list_antrag(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                            int64_t antrag_id, struct nachricht **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(antrag_id)};
    return zeile_query_list(c, sql_nachricht_list_antrag, p, 2, read_nachricht, a, sizeof(**out),
                            out, n);
}

static const char sql_nachricht_list[] =
    NACHRICHT_COLS "WHERE n.konto_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?";

int
store_nachricht_list(struct db_conn *c, struct arena *a, int64_t konto_id, int64_t vor_id,
                     int64_t limit, struct nachricht **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id), DBP_INT(vor_id > 0 ? vor_id : INT64_MAX),
                           DBP_INT(limit)};
    return zeile_query_list(c, sql_nachricht_list, p, 3, read_nachricht, a, sizeof(**out), out, n);
}

static const char sql_nachricht_get[] = NACHRICHT_COLS "WHERE n.id = ?";

int
store_nachricht_get(struct db_conn *c, struct arena *a, int64_t id, struct nachricht *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_nachricht_get, p, 1, read_nachricht, a, out);
}

static const char sql_nachricht_anlagen[] =
    "SELECT 0, sha256, dateiname, typ, groesse, 0 FROM nachricht_anlage WHERE nachricht_id = ? "
    "ORDER BY dateiname, sha256";

int
store_nachricht_anlagen(struct db_conn *c, struct arena *a, int64_t nachricht_id,
                        struct anlage **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(nachricht_id)};
    return zeile_query_list(c, sql_nachricht_anlagen, p, 1, read_anlage, a, sizeof(**out), out, n);
}

static const char sql_nachricht_gelesen[] =
    "UPDATE nachricht SET gelesen = ? WHERE id = ? AND gelesen IS NULL";

int
store_nachricht_gelesen(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_nachricht_gelesen, p, 2, NULL);
}

static const char sql_nachricht_ungelesen[] =
    "SELECT COUNT(*) FROM nachricht WHERE konto_id = ? AND richtung = 'an_buerger' "
    "AND gelesen IS NULL";

int
store_nachricht_ungelesen(struct db_conn *c, int64_t konto_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return zeile_query_ints(c, sql_nachricht_ungelesen, p, 1, n, 1);
}
