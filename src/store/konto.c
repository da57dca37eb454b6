#include "store/konto.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

static int
exec_changes(struct db_conn *c, const char *sql, const struct db_param *p, size_t n,
             int64_t *changes)
{
    int64_t ch = 0;
    int rc = db_exec(c, sql, p, n, &ch);
    if (rc == ERR_OK && changes)
        *changes = ch;
    return rc;
}

/* ---- konto ---------------------------------------------------------------------------- */

#define KONTO_COLS                                                                                 \
    "SELECT id, email, art, status, passwort_hash, totp_geheimnis, totp_letzter_schritt, "         \
    "oidc_issuer, oidc_subject, erstellt, geaendert FROM konto "

static int
read_konto(struct db_rows *rows, struct arena *a, void *out)
{
    struct konto *k = out;
    memset(k, 0, sizeof(*k));
    k->id = db_rows_int(rows, 0);
    k->email = zeile_dup(a, db_rows_text(rows, 1));
    k->art = zeile_dup(a, db_rows_text(rows, 2));
    k->status = zeile_dup(a, db_rows_text(rows, 3));
    k->passwort_hash = zeile_dup(a, db_rows_text(rows, 4));
    k->totp_geheimnis = zeile_dup(a, db_rows_text(rows, 5));
    k->totp_letzter_schritt = db_rows_int(rows, 6);
    k->oidc_issuer = zeile_dup(a, db_rows_text(rows, 7));
    k->oidc_subject = zeile_dup(a, db_rows_text(rows, 8));
    k->erstellt = db_rows_int(rows, 9);
    k->geaendert = db_rows_int(rows, 10);
    return k->email && k->art && k->status ? ERR_OK : ERR_NOMEM;
}

static const char sql_konto_insert[] =
    "INSERT INTO konto (email, art, status, passwort_hash, erstellt, geaendert) "
    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id";

int
store_konto_insert(struct db_conn *c, const char *email, const char *art, const char *status,
                   const char *passwort_hash, int64_t jetzt, int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(email),         DBP_TEXT(art),  DBP_TEXT(status),
                           DBP_TEXT(passwort_hash), DBP_INT(jetzt), DBP_INT(jetzt)};
    return zeile_query_ints(c, sql_konto_insert, p, 6, id, 1);
}

static const char sql_konto_get[] = KONTO_COLS "WHERE id = ?";

int
store_konto_get(struct db_conn *c, struct arena *a, int64_t id, struct konto *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_konto_get, p, 1, read_konto, a, out);
}

static const char sql_konto_email[] = KONTO_COLS "WHERE email = ?";

int
store_konto_by_email(struct db_conn *c, struct arena *a, const char *email, struct konto *out)
{
    struct db_param p[] = {DBP_TEXT(email)};
    return zeile_query_one(c, sql_konto_email, p, 1, read_konto, a, out);
}

static const char sql_konto_oidc[] = KONTO_COLS "WHERE oidc_issuer = ? AND oidc_subject = ?";

int
store_konto_by_oidc(struct db_conn *c, struct arena *a, const char *issuer, const char *subject,
                    struct konto *out)
{
    struct db_param p[] = {DBP_TEXT(issuer), DBP_TEXT(subject)};
    return zeile_query_one(c, sql_konto_oidc, p, 2, read_konto, a, out);
}

static const char sql_konto_list[] = KONTO_COLS "ORDER BY id LIMIT 100000";

int
store_konto_list(struct db_conn *c, struct arena *a, struct konto **out, size_t *n)
{
    return zeile_query_list(c, sql_konto_list, NULL, 0, read_konto, a, sizeof(**out), out, n);
}

static int
update_one(struct db_conn *c, const char *sql, const struct db_param *p, size_t n)
{
    int64_t ch = 0;
    int rc = exec_changes(c, sql, p, n, &ch);
    if (rc == ERR_OK && ch == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

static const char sql_set_status[] = "UPDATE konto SET status = ?, geaendert = ? WHERE id = ?";

int
store_konto_set_status(struct db_conn *c, int64_t id, const char *status, int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(status), DBP_INT(jetzt), DBP_INT(id)};
    return update_one(c, sql_set_status, p, 3);
}

static const char sql_set_pw[] = "UPDATE konto SET passwort_hash = ?, geaendert = ? WHERE id = ?";

int
store_konto_set_passwort(struct db_conn *c, int64_t id, const char *hash, int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(jetzt), DBP_INT(id)};
    return update_one(c, sql_set_pw, p, 3);
}

static const char sql_set_email[] = "UPDATE konto SET email = ?, geaendert = ? WHERE id = ?";

int
store_konto_set_email(struct db_conn *c, int64_t id, const char *email, int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(email), DBP_INT(jetzt), DBP_INT(id)};
    return update_one(c, sql_set_email, p, 3);
}

static const char sql_set_totp[] = "UPDATE konto SET totp_geheimnis = ?, "
                                   "totp_letzter_schritt = ?, geaendert = ? WHERE id = ?";

int
store_konto_set_totp(struct db_conn *c, int64_t id, const char *geheimnis, int64_t schritt,
                     int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(geheimnis), DBP_INT(schritt), DBP_INT(jetzt), DBP_INT(id)};
    return update_one(c, sql_set_totp, p, 4);
}

static const char sql_use_totp[] =
    "UPDATE konto SET totp_letzter_schritt = ? WHERE id = ? AND totp_letzter_schritt < ?";

int
store_konto_use_totp_schritt(struct db_conn *c, int64_t id, int64_t schritt, bool *changed)
{
    struct db_param p[] = {DBP_INT(schritt), DBP_INT(id), DBP_INT(schritt)};
    int64_t ch = 0;
    int rc = exec_changes(c, sql_use_totp, p, 3, &ch);
    if (rc == ERR_OK)
        *changed = ch > 0;
    return rc;
}

static const char sql_set_oidc[] =
    "UPDATE konto SET oidc_issuer = ?, oidc_subject = ?, geaendert = ? WHERE id = ?";

int
store_konto_set_oidc(struct db_conn *c, int64_t id, const char *issuer, const char *subject,
                     int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(issuer), DBP_TEXT(subject), DBP_INT(jetzt), DBP_INT(id)};
    return update_one(c, sql_set_oidc, p, 4);
}

static const char sql_konto_delete[] = "DELETE FROM konto WHERE id = ?";

int
store_konto_delete(struct db_conn *c, int64_t id)
{
    struct db_param p[] = {DBP_INT(id)};
    return update_one(c, sql_konto_delete, p, 1);
}

/* ---- konto_rolle ---------------------------------------------------------------------- */

static int
read_rollen(struct db_rows *rows, struct arena *a, int col0, struct rollen_zuordnung **out,
            size_t *n_out)
{
    struct rollen_zuordnung *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        enum rolle r;
        if (rolle_parse(db_rows_text(rows, col0), &r) != ERR_OK)
            continue; /* a role this binary does not know grants nothing */
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct rollen_zuordnung *z = &arr[n++];
        z->rolle = r;
        z->behoerde_id = db_rows_is_null(rows, col0 + 1) ? 0 : db_rows_int(rows, col0 + 1);
        z->oe_id = db_rows_is_null(rows, col0 + 2) ? 0 : db_rows_int(rows, col0 + 2);
        z->kreis_ags = zeile_dup(a, db_rows_text(rows, col0 + 3));
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_rolle_list[] = "SELECT rolle, behoerde_id, oe_id, kreis_ags FROM konto_rolle "
                                     "WHERE konto_id = ? ORDER BY id";

int
store_rolle_list(struct db_conn *c, struct arena *a, int64_t konto_id,
                 struct rollen_zuordnung **out, size_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    struct db_rows *rows;
    int rc = db_query(c, sql_rolle_list, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    return read_rollen(rows, a, 0, out, n);
}

static const char sql_rolle_exists[] =
    "SELECT COUNT(*) FROM konto_rolle WHERE konto_id = ? AND rolle = ? "
    "AND COALESCE(behoerde_id, 0) = ? AND COALESCE(oe_id, 0) = ? "
    "AND COALESCE(kreis_ags, '') = ?";
static const char sql_rolle_insert[] =
    "INSERT INTO konto_rolle (behoerde_id, konto_id, rolle, oe_id, kreis_ags, erstellt) "
    "VALUES (?, ?, ?, ?, ?, ?)";

int
store_rolle_insert(struct db_conn *c, int64_t konto_id, const struct rollen_zuordnung *z,
                   int64_t jetzt)
{
    const char *k = z->kreis_ags ? z->kreis_ags : "";
    struct db_param q[] = {DBP_INT(konto_id), DBP_TEXT(rolle_name(z->rolle)),
                           DBP_INT(z->behoerde_id), DBP_INT(z->oe_id), DBP_TEXT(k)};
    int64_t n = 0;
    /* checked first: on PostgreSQL a unique violation would abort the whole transaction */
    int rc = zeile_query_ints(c, sql_rolle_exists, q, 5, &n, 1);
    if (rc != ERR_OK)
        return rc;
    if (n > 0)
        return ERR_CONFLICT;
    struct db_param p[] = {z->behoerde_id > 0 ? DBP_INT(z->behoerde_id) : DBP_NULL,
                           DBP_INT(konto_id),
                           DBP_TEXT(rolle_name(z->rolle)),
                           z->oe_id > 0 ? DBP_INT(z->oe_id) : DBP_NULL,
                           DBP_TEXT(z->kreis_ags),
                           DBP_INT(jetzt)};
    return db_exec(c, sql_rolle_insert, p, 6, NULL);
}

static const char sql_rolle_delete_b[] =
    "DELETE FROM konto_rolle WHERE behoerde_id = ? AND konto_id = ?";

int
store_rolle_delete_behoerde(struct db_conn *c, int64_t konto_id, int64_t behoerde_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(konto_id)};
    return exec_changes(c, sql_rolle_delete_b, p, 2, n);
}

static const char sql_rolle_count[] = "SELECT COUNT(*) FROM konto_rolle WHERE konto_id = ?";

int
store_rolle_count(struct db_conn *c, int64_t konto_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return zeile_query_ints(c, sql_rolle_count, p, 1, n, 1);
}

static const char sql_mitarbeitende[] =
    "SELECT k.id, k.email, k.status, r.rolle, r.behoerde_id, r.oe_id, r.kreis_ags "
    "FROM konto_rolle r JOIN konto k ON k.id = r.konto_id "
    "WHERE r.behoerde_id = ? ORDER BY k.email, k.id, r.id LIMIT 10000";

int
store_mitarbeitende_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                         struct mitarbeiter **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    struct db_rows *rows;
    struct mitarbeiter *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_mitarbeitende, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    /* rows come grouped by account; roles are collected per account */
    size_t rcap = 0;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        int64_t id = db_rows_int(rows, 0);
        enum rolle r;
        if (rolle_parse(db_rows_text(rows, 3), &r) != ERR_OK)
            continue;
        if (n == 0 || arr[n - 1].konto_id != id) {
            if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
                rc = ERR_NOMEM;
                break;
            }
            struct mitarbeiter *m = &arr[n++];
            memset(m, 0, sizeof(*m));
            m->konto_id = id;
            m->email = zeile_dup(a, db_rows_text(rows, 1));
            m->status = zeile_dup(a, db_rows_text(rows, 2));
            rcap = 0;
        }
        struct mitarbeiter *m = &arr[n - 1];
        if (!(m->rollen = arena_array_grow(a, m->rollen, m->n_rollen, &rcap, sizeof(*m->rollen)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct rollen_zuordnung *z = &m->rollen[m->n_rollen++];
        z->rolle = r;
        z->behoerde_id = db_rows_is_null(rows, 4) ? 0 : db_rows_int(rows, 4);
        z->oe_id = db_rows_is_null(rows, 5) ? 0 : db_rows_int(rows, 5);
        z->kreis_ags = zeile_dup(a, db_rows_text(rows, 6));
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_behoerde_exists[] = "SELECT COUNT(*) FROM behoerde WHERE id = ?";
static const char sql_oe_exists[] =
    "SELECT COUNT(*) FROM organisationseinheit WHERE id = ? AND behoerde_id = ?";
static const char sql_kreis_exists[] = "SELECT COUNT(*) FROM kreis WHERE ags = ?";

int
store_konto_scope_exists(struct db_conn *c, int64_t behoerde_id, int64_t oe_id,
                         const char *kreis_ags)
{
    int64_t n = 0;
    int rc = ERR_OK;
    if (behoerde_id > 0) {
        struct db_param p[] = {DBP_INT(behoerde_id)};
        rc = zeile_query_ints(c, sql_behoerde_exists, p, 1, &n, 1);
        if (rc == ERR_OK && n == 0)
            return ERR_NOTFOUND;
    }
    if (rc == ERR_OK && oe_id > 0) {
        struct db_param p[] = {DBP_INT(oe_id), DBP_INT(behoerde_id)};
        rc = zeile_query_ints(c, sql_oe_exists, p, 2, &n, 1);
        if (rc == ERR_OK && n == 0)
            return ERR_NOTFOUND;
    }
    if (rc == ERR_OK && kreis_ags) {
        struct db_param p[] = {DBP_TEXT(kreis_ags)};
        rc = zeile_query_ints(c, sql_kreis_exists, p, 1, &n, 1);
        if (rc == ERR_OK && n == 0)
            return ERR_NOTFOUND;
    }
    return rc;
}

/* ---- links ---------------------------------------------------------------------------- */

static const char sql_einladung_insert[] =
    "INSERT INTO einladung (schluessel, behoerde_id, konto_id, erstellt, ablauf) "
    "VALUES (?, ?, ?, ?, ?)";

int
store_einladung_insert(struct db_conn *c, const char *hash, int64_t behoerde_id, int64_t konto_id,
                       int64_t jetzt, int64_t ablauf)
{
    struct db_param p[] = {DBP_TEXT(hash), behoerde_id > 0 ? DBP_INT(behoerde_id) : DBP_NULL,
                           DBP_INT(konto_id), DBP_INT(jetzt), DBP_INT(ablauf)};
    return db_exec(c, sql_einladung_insert, p, 5, NULL);
}

static const char sql_einladung_get[] =
    "SELECT konto_id, COALESCE(behoerde_id, 0) FROM einladung "
    "WHERE schluessel = ? AND eingeloest IS NULL AND ablauf > ?";

int
store_einladung_get(struct db_conn *c, const char *hash, int64_t jetzt, int64_t *konto_id,
                    int64_t *behoerde_id)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(jetzt)};
    int64_t v[2];
    int rc = zeile_query_ints(c, sql_einladung_get, p, 2, v, 2);
    if (rc == ERR_OK) {
        *konto_id = v[0];
        *behoerde_id = v[1];
    }
    return rc;
}

static const char sql_einladung_einloesen[] =
    "UPDATE einladung SET eingeloest = ? "
    "WHERE schluessel = ? AND eingeloest IS NULL AND ablauf > ?";

int
store_einladung_einloesen(struct db_conn *c, const char *hash, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_TEXT(hash), DBP_INT(jetzt)};
    return update_one(c, sql_einladung_einloesen, p, 3);
}

static const char sql_best_insert[] =
    "INSERT INTO email_bestaetigung (schluessel, konto_id, neue_email, erstellt, ablauf) "
    "VALUES (?, ?, ?, ?, ?)";

int
store_bestaetigung_insert(struct db_conn *c, const char *hash, int64_t konto_id,
                          const char *neue_email, int64_t jetzt, int64_t ablauf)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(konto_id), DBP_TEXT(neue_email), DBP_INT(jetzt),
                           DBP_INT(ablauf)};
    return db_exec(c, sql_best_insert, p, 5, NULL);
}

struct bestaetigung {
    int64_t konto_id;
    const char *neue_email; /* NULL: none */
};

static int
read_bestaetigung(struct db_rows *r, struct arena *a, void *out)
{
    struct bestaetigung *b = out;
    b->konto_id = db_rows_int(r, 0);
    b->neue_email = zeile_dup(a, db_rows_text(r, 1));
    return db_rows_is_null(r, 1) || b->neue_email ? ERR_OK : ERR_NOMEM;
}

static const char sql_best_get[] =
    "SELECT konto_id, neue_email FROM email_bestaetigung WHERE schluessel = ? AND ablauf > ?";
static const char sql_best_delete[] = "DELETE FROM email_bestaetigung WHERE schluessel = ?";

int
store_bestaetigung_take(struct db_conn *c, struct arena *a, const char *hash, int64_t jetzt,
                        int64_t *konto_id, const char **neue_email)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(jetzt)};
    struct bestaetigung b;
    int rc = zeile_query_one(c, sql_best_get, p, 2, read_bestaetigung, a, &b);
    if (rc != ERR_OK)
        return rc;
    struct db_param d[] = {DBP_TEXT(hash)};
    rc = update_one(c, sql_best_delete, d, 1);
    if (rc != ERR_OK)
        return rc;
    *konto_id = b.konto_id;
    *neue_email = b.neue_email;
    return ERR_OK;
}

static const char sql_reset_insert[] =
    "INSERT INTO passwort_reset (schluessel, konto_id, erstellt, ablauf) VALUES (?, ?, ?, ?)";

int
store_reset_insert(struct db_conn *c, const char *hash, int64_t konto_id, int64_t jetzt,
                   int64_t ablauf)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(konto_id), DBP_INT(jetzt), DBP_INT(ablauf)};
    return db_exec(c, sql_reset_insert, p, 4, NULL);
}

static const char sql_reset_get[] =
    "SELECT konto_id FROM passwort_reset WHERE schluessel = ? AND ablauf > ?";

int
store_reset_get(struct db_conn *c, const char *hash, int64_t jetzt, int64_t *konto_id)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(jetzt)};
    return zeile_query_ints(c, sql_reset_get, p, 2, konto_id, 1);
}

static const char sql_reset_delete[] = "DELETE FROM passwort_reset WHERE konto_id = ?";

int
store_reset_delete_konto(struct db_conn *c, int64_t konto_id)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return db_exec(c, sql_reset_delete, p, 1, NULL);
}

/* ---- anmeldeversuch ------------------------------------------------------------------- */

static const char sql_versuch_get[] =
    "SELECT fehlversuche, zuletzt, gesperrt_bis FROM anmeldeversuch WHERE schluessel = ?";

int
store_versuch_get(struct db_conn *c, const char *key, int64_t *fehlversuche, int64_t *zuletzt,
                  int64_t *gesperrt_bis)
{
    struct db_param p[] = {DBP_TEXT(key)};
    struct db_rows *r;
    bool has;
    int rc = db_query(c, sql_versuch_get, p, 1, &r);
    if (rc != ERR_OK)
        return rc;
    *fehlversuche = *zuletzt = *gesperrt_bis = 0;
    rc = db_rows_next(r, &has);
    if (rc == ERR_OK && has) {
        *fehlversuche = db_rows_int(r, 0);
        *zuletzt = db_rows_int(r, 1);
        *gesperrt_bis = db_rows_int(r, 2);
    }
    db_rows_free(r);
    return rc;
}

static const char sql_versuch_set[] =
    "INSERT INTO anmeldeversuch (schluessel, fehlversuche, zuletzt, gesperrt_bis) "
    "VALUES (?, ?, ?, ?) ON CONFLICT (schluessel) DO UPDATE SET "
    "fehlversuche = excluded.fehlversuche, zuletzt = excluded.zuletzt, "
    "gesperrt_bis = excluded.gesperrt_bis";

int
store_versuch_set(struct db_conn *c, const char *key, int64_t fehlversuche, int64_t zuletzt,
                  int64_t gesperrt_bis)
{
    struct db_param p[] = {DBP_TEXT(key), DBP_INT(fehlversuche), DBP_INT(zuletzt),
                           DBP_INT(gesperrt_bis)};
    return db_exec(c, sql_versuch_set, p, 4, NULL);
}

static const char sql_versuch_delete[] = "DELETE FROM anmeldeversuch WHERE schluessel = ?";

int
store_versuch_delete(struct db_conn *c, const char *key)
{
    struct db_param p[] = {DBP_TEXT(key)};
    return db_exec(c, sql_versuch_delete, p, 1, NULL);
}

/* ---- meta ----------------------------------------------------------------------------- */

static const char sql_meta_put_once[] =
    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING";
static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = ?";

int
store_meta_put_once(struct db_conn *c, struct arena *a, const char *key, const char *hex,
                    const char **out)
{
    struct db_param p[] = {DBP_TEXT(key), DBP_TEXT(hex)};
    struct db_param q[] = {DBP_TEXT(key)};
    int rc = db_exec(c, sql_meta_put_once, p, 2, NULL);
    if (rc != ERR_OK)
        return rc;
    return zeile_query_one(c, sql_meta_get, q, 1, zeile_read_text, a, out);
}

/* ---- export --------------------------------------------------------------------------- */

static json_t *
text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char sql_konto_protokoll[] =
    "SELECT id, zeitpunkt, behoerde_id, aktion, objekt_typ, objekt_id, herkunft, detail "
    "FROM protokoll WHERE konto_id = ? ORDER BY id LIMIT 10000";

int
store_konto_protokoll_json(struct db_conn *c, int64_t konto_id, json_t **out)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    struct db_rows *r;
    bool has;
    json_t *arr = json_array();
    int rc = arr ? db_query(c, sql_konto_protokoll, p, 1, &r) : ERR_NOMEM;
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        json_t *detail = json_loads(db_rows_text(r, 7) ? db_rows_text(r, 7) : "{}", 0, NULL);
        json_t *o = json_pack(
            "{s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)db_rows_int(r, 0),
            "zeitpunkt", (json_int_t)db_rows_int(r, 1), "behoerde_id",
            db_rows_is_null(r, 2) ? json_null() : json_integer(db_rows_int(r, 2)), "aktion",
            text_or_null(db_rows_text(r, 3)), "objekt_typ", text_or_null(db_rows_text(r, 4)),
            "objekt_id", text_or_null(db_rows_text(r, 5)), "herkunft",
            text_or_null(db_rows_text(r, 6)), "detail", detail ? detail : json_object());
        if (!o || json_array_append_new(arr, o) != 0) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(r);
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return ERR_OK;
}

static const char sql_konto_post[] =
    "SELECT id, empfaenger, betreff, text, erstellt, gesendet FROM postausgang "
    "WHERE konto_id = ? ORDER BY id LIMIT 10000";

int
store_konto_post_json(struct db_conn *c, int64_t konto_id, json_t **out)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    struct db_rows *r;
    bool has;
    json_t *arr = json_array();
    int rc = arr ? db_query(c, sql_konto_post, p, 1, &r) : ERR_NOMEM;
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        json_t *o = json_pack(
            "{s:I, s:o, s:o, s:o, s:I, s:o}", "id", (json_int_t)db_rows_int(r, 0), "empfaenger",
            text_or_null(db_rows_text(r, 1)), "betreff", text_or_null(db_rows_text(r, 2)), "text",
            text_or_null(db_rows_text(r, 3)), "erstellt", (json_int_t)db_rows_int(r, 4), "gesendet",
            db_rows_is_null(r, 5) ? json_null() : json_integer(db_rows_int(r, 5)));
        if (!o || json_array_append_new(arr, o) != 0) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(r);
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return ERR_OK;
}

static const char sql_konto_post_delete[] = "DELETE FROM postausgang WHERE konto_id = ?";

int
store_konto_post_delete(struct db_conn *c, int64_t konto_id)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return db_exec(c, sql_konto_post_delete, p, 1, NULL);
}

/* ---- oidc_anmeldung ------------------------------------------------------------------- */

static const char sql_oidc_insert[] =
    "INSERT INTO oidc_anmeldung (schluessel, verifier, nonce, erstellt) VALUES (?, ?, ?, ?)";

int
store_oidc_insert(struct db_conn *c, const char *hash, const char *verifier, const char *nonce,
                  int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_TEXT(verifier), DBP_TEXT(nonce), DBP_INT(jetzt)};
    return db_exec(c, sql_oidc_insert, p, 4, NULL);
}

static const char sql_oidc_get[] =
    "SELECT verifier, nonce FROM oidc_anmeldung WHERE schluessel = ? AND erstellt > ?";
static const char sql_oidc_delete[] =
    "DELETE FROM oidc_anmeldung WHERE schluessel = ? OR erstellt <= ?";

int
store_oidc_take(struct db_conn *c, struct arena *a, const char *hash, int64_t seit,
                const char **verifier, const char **nonce)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(seit)};
    const char *t[2];
    int rc = zeile_query_one(c, sql_oidc_get, p, 2, zeile_read_text2, a, t);
    /* used once: the row goes whether or not it was found valid */
    int drc = db_exec(c, sql_oidc_delete, p, 2, NULL);
    if (rc == ERR_OK)
        rc = drc;
    if (rc == ERR_OK) {
        *verifier = t[0];
        *nonce = t[1];
    }
    return rc;
}
