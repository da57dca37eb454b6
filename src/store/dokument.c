#include "store/dokument.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

static const char sql_insert[] =
    "INSERT INTO dokument (behoerde_id, vorgang_id, titel, art, konto_id, erstellt, geaendert) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_dokument_insert(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id, const char *titel,
                      const char *art, int64_t konto_id, int64_t jetzt, int64_t *id)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id), DBP_TEXT(titel),
                           DBP_TEXT(art),        dbp_id(konto_id),    DBP_INT(jetzt),
                           DBP_INT(jetzt)};
    return zeile_insert_id(c, sql_insert, p, 7, id);
}

static const char sql_naechste[] =
    "UPDATE dokument SET aktuelle_version = aktuelle_version + 1, geaendert = ? "
    "WHERE id = ? AND is_final = 0 RETURNING aktuelle_version";

int
store_dokument_naechste_version(struct db_conn *c, int64_t id, int64_t jetzt, int64_t *version)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    bool has = false;
    int64_t v = 0;
    int rc = zeile_query_int(c, sql_naechste, p, 2, &v, &has);
    if (rc == ERR_OK)
        *version = has ? v : 0;
    return rc;
}

static const char sql_version_insert[] =
    "INSERT INTO dokument_version (behoerde_id, dokument_id, version, sha256, dateiname, typ, "
    " groesse, konto_id, erstellt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_text_insert[] =
    "INSERT INTO dokument_text (version_id, behoerde_id, status, geaendert) VALUES (?, ?, ?, ?)";

int
store_dokument_version_insert(struct db_conn *c, struct dokument_version_row *v,
                              const char *text_status)
{
    struct db_param p[] = {DBP_INT(v->behoerde_id), DBP_INT(v->dokument_id), DBP_INT(v->version),
                           DBP_TEXT(v->sha256),     DBP_TEXT(v->dateiname),  DBP_TEXT(v->typ),
                           DBP_INT(v->groesse),     dbp_id(v->konto_id),     DBP_INT(v->erstellt)};
    int rc = zeile_insert_id(c, sql_version_insert, p, 9, &v->id);
    if (rc == ERR_OK) {
        struct db_param q[] = {DBP_INT(v->id), DBP_INT(v->behoerde_id), DBP_TEXT(text_status),
                               DBP_INT(v->erstellt)};
        rc = db_exec(c, sql_text_insert, q, 4, NULL);
    }
    return rc;
}

static const char sql_final[] =
    "UPDATE dokument SET is_final = 1, geaendert = ? WHERE id = ? AND is_final = 0";

int
store_dokument_final(struct db_conn *c, int64_t id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_final, p, 2, changes);
}

#define DOK_COLS                                                                                   \
    "SELECT d.id, d.behoerde_id, d.vorgang_id, d.aktuelle_version, d.konto_id, d.erstellt, "       \
    " d.geaendert, d.titel, d.art, d.is_final, v.dateiname, v.typ, v.sha256, t.status, "           \
    " v.groesse FROM dokument d "                                                                  \
    "LEFT JOIN dokument_version v ON v.dokument_id = d.id AND v.version = d.aktuelle_version "     \
    "LEFT JOIN dokument_text t ON t.version_id = v.id "

static int
read_dok(struct db_rows *rows, struct arena *a, void *out)
{
    struct dokument_row *d = out;
    d->id = db_rows_int(rows, 0);
    d->behoerde_id = db_rows_int(rows, 1);
    d->vorgang_id = db_rows_int(rows, 2);
    d->aktuelle_version = db_rows_int(rows, 3);
    d->konto_id = zeile_int0(rows, 4);
    d->erstellt = db_rows_int(rows, 5);
    d->geaendert = db_rows_int(rows, 6);
    d->titel = COPY(7);
    d->art = COPY(8);
    d->is_final = db_rows_int(rows, 9) != 0;
    d->dateiname = COPY(10);
    d->typ = COPY(11);
    d->sha256 = COPY(12);
    d->text_status = COPY(13);
    d->groesse = zeile_int0(rows, 14);
    return d->titel && d->art ? ERR_OK : ERR_NOMEM;
}

static const char sql_get[] = DOK_COLS "WHERE d.id = ?";

int
store_dokument_get(struct db_conn *c, struct arena *a, int64_t id, struct dokument_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_dok, a, out);
}

static const char sql_list[] =
    DOK_COLS "WHERE d.behoerde_id = ? AND d.vorgang_id = ? AND d.id > ? ORDER BY d.id LIMIT ?";

int
store_dokument_list(struct db_conn *c, struct arena *a, int64_t behoerde_id, int64_t vorgang_id,
                    int64_t after_id, int64_t limit, struct dokument_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id), DBP_INT(after_id),
                           DBP_INT(limit)};
    return zeile_query_list(c, sql_list, p, 4, read_dok, a, sizeof(**out), out, n_out);
}

static const char sql_count[] =
    "SELECT COUNT(*) FROM dokument WHERE behoerde_id = ? AND vorgang_id = ?";

int
store_dokument_count(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id)};
    bool has = false;
    *n = 0;
    return zeile_query_int(c, sql_count, p, 2, n, &has);
}

#define VER_COLS                                                                                   \
    "SELECT v.id, v.behoerde_id, v.dokument_id, v.version, v.groesse, v.konto_id, v.erstellt, "    \
    " v.sha256, v.dateiname, v.typ, t.status, t.fehler FROM dokument_version v "                   \
    "LEFT JOIN dokument_text t ON t.version_id = v.id "

static int
read_ver(struct db_rows *rows, struct arena *a, void *out)
{
    struct dokument_version_row *v = out;
    v->id = db_rows_int(rows, 0);
    v->behoerde_id = db_rows_int(rows, 1);
    v->dokument_id = db_rows_int(rows, 2);
    v->version = db_rows_int(rows, 3);
    v->groesse = db_rows_int(rows, 4);
    v->konto_id = zeile_int0(rows, 5);
    v->erstellt = db_rows_int(rows, 6);
    v->sha256 = COPY(7);
    v->dateiname = COPY(8);
    v->typ = COPY(9);
    v->text_status = COPY(10);
    v->text_fehler = COPY(11);
    return v->sha256 && v->dateiname && v->typ ? ERR_OK : ERR_NOMEM;
}

static const char sql_versionen[] = VER_COLS "WHERE v.dokument_id = ? ORDER BY v.version";

int
store_dokument_versionen(struct db_conn *c, struct arena *a, int64_t dokument_id,
                         struct dokument_version_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(dokument_id)};
    return zeile_query_list(c, sql_versionen, p, 1, read_ver, a, sizeof(**out), out, n_out);
}

static const char sql_version_get[] = VER_COLS "WHERE v.dokument_id = ? AND v.version = ?";

int
store_dokument_version_get(struct db_conn *c, struct arena *a, int64_t dokument_id, int64_t version,
                           struct dokument_version_row *out)
{
    struct db_param p[] = {DBP_INT(dokument_id), DBP_INT(version)};
    return zeile_query_one(c, sql_version_get, p, 2, read_ver, a, out);
}

/* ---- text queue ---- */

static const char sql_naechster[] =
    "SELECT t.version_id, v.behoerde_id, v.dokument_id, v.version, d.aktuelle_version, "
    " t.versuche, d.vorgang_id, g.akte_id, g.oe_id, v.sha256, v.typ, d.titel "
    "FROM dokument_text t JOIN dokument_version v ON v.id = t.version_id "
    "JOIN dokument d ON d.id = v.dokument_id JOIN vorgang g ON g.id = d.vorgang_id "
    "WHERE t.status = 'offen' OR (t.status = 'fehler' AND t.versuche < ?) "
    "ORDER BY t.version_id LIMIT 1";

int
store_dokument_text_naechster(struct db_conn *c, struct arena *a, int64_t max_versuche,
                              struct dokument_text_auftrag *out, bool *found)
{
    struct db_param p[] = {DBP_INT(max_versuche)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_naechster, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && has) {
        out->version_id = db_rows_int(rows, 0);
        out->behoerde_id = db_rows_int(rows, 1);
        out->dokument_id = db_rows_int(rows, 2);
        out->version = db_rows_int(rows, 3);
        out->aktuelle_version = db_rows_int(rows, 4);
        out->versuche = db_rows_int(rows, 5);
        out->vorgang_id = db_rows_int(rows, 6);
        out->akte_id = db_rows_int(rows, 7);
        out->oe_id = db_rows_int(rows, 8);
        out->sha256 = COPY(9);
        out->typ = COPY(10);
        out->titel = COPY(11);
        if (!out->sha256 || !out->typ || !out->titel)
            rc = ERR_NOMEM;
    }
    if (rc == ERR_OK)
        *found = has;
    db_rows_free(rows);
    return rc;
}

static const char sql_nehmen[] = "UPDATE dokument_text SET versuche = versuche + 1, geaendert = ? "
                                 "WHERE version_id = ? AND versuche = ?";

int
store_dokument_text_nehmen(struct db_conn *c, int64_t version_id, int64_t versuche, int64_t jetzt,
                           bool *got)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(version_id), DBP_INT(versuche)};
    int64_t changes = 0;
    int rc = db_exec(c, sql_nehmen, p, 3, &changes);
    if (rc == ERR_OK)
        *got = changes > 0;
    return rc;
}

static const char sql_text_setzen[] = "UPDATE dokument_text SET status = ?, quelle = ?, text = ?, "
                                      "fehler = ?, geaendert = ? WHERE version_id = ?";

int
store_dokument_text_setzen(struct db_conn *c, int64_t version_id, const char *status,
                           const char *quelle, const char *text, const char *fehler, int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(status), DBP_TEXT(quelle), DBP_TEXT(text),
                           DBP_TEXT(fehler), DBP_INT(jetzt),   DBP_INT(version_id)};
    return db_exec(c, sql_text_setzen, p, 6, NULL);
}

static const char sql_text_get[] = "SELECT status, text FROM dokument_text WHERE version_id = ?";

int
store_dokument_text_get(struct db_conn *c, struct arena *a, int64_t version_id, const char **status,
                        const char **text)
{
    struct db_param p[] = {DBP_INT(version_id)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_text_get, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    *status = NULL;
    *text = NULL;
    if (rc == ERR_OK && has) {
        *status = COPY(0);
        *text = COPY(1);
        if (!*status)
            rc = ERR_NOMEM;
    }
    db_rows_free(rows);
    return rc;
}
