#include "store/sitzung.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

/* ---- sitzung -------------------------------------------------------------------------- */

#define SITZUNG_COLS                                                                               \
    "SELECT id, konto_id, stufe, erstellt, zuletzt, ablauf, herkunft, geraet FROM sitzung "

static int
read_sitzung(struct db_rows *rows, struct arena *a, void *out)
{
    struct sitzung *s = out;
    memset(s, 0, sizeof(*s));
    s->id = db_rows_int(rows, 0);
    s->konto_id = db_rows_int(rows, 1);
    s->stufe = (int)db_rows_int(rows, 2);
    s->erstellt = db_rows_int(rows, 3);
    s->zuletzt = db_rows_int(rows, 4);
    s->ablauf = db_rows_int(rows, 5);
    s->herkunft = zeile_dup(a, db_rows_text(rows, 6));
    s->geraet = zeile_dup(a, db_rows_text(rows, 7));
    return ERR_OK;
}

static const char sql_s_insert[] =
    "INSERT INTO sitzung (schluessel, konto_id, stufe, erstellt, zuletzt, ablauf, herkunft, "
    "geraet) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

int
store_sitzung_insert(struct db_conn *c, const char *hash, int64_t konto_id, int stufe,
                     int64_t jetzt, int64_t ablauf, const char *herkunft, const char *geraet)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(konto_id), DBP_INT(stufe),     DBP_INT(jetzt),
                           DBP_INT(jetzt), DBP_INT(ablauf),   DBP_TEXT(herkunft), DBP_TEXT(geraet)};
    return db_exec(c, sql_s_insert, p, 8, NULL);
}

static const char sql_s_by_hash[] = SITZUNG_COLS "WHERE schluessel = ?";

int
store_sitzung_by_hash(struct db_conn *c, struct arena *a, const char *hash, struct sitzung *out)
{
    struct db_param p[] = {DBP_TEXT(hash)};
    return zeile_query_one(c, sql_s_by_hash, p, 1, read_sitzung, a, out);
}

static const char sql_s_touch[] = "UPDATE sitzung SET zuletzt = ? WHERE id = ?";

int
store_sitzung_touch(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_s_touch, p, 2, NULL);
}

static const char sql_s_delete_hash[] = "DELETE FROM sitzung WHERE schluessel = ?";

int
store_sitzung_delete_hash(struct db_conn *c, const char *hash)
{
    struct db_param p[] = {DBP_TEXT(hash)};
    return db_exec(c, sql_s_delete_hash, p, 1, NULL);
}

static const char sql_s_delete[] = "DELETE FROM sitzung WHERE konto_id = ? AND id = ?";

int
store_sitzung_delete(struct db_conn *c, int64_t konto_id, int64_t id)
{
    struct db_param p[] = {DBP_INT(konto_id), DBP_INT(id)};
    int64_t ch = 0;
    int rc = db_exec(c, sql_s_delete, p, 2, &ch);
    if (rc == ERR_OK && ch == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

static const char sql_s_delete_konto[] = "DELETE FROM sitzung WHERE konto_id = ? AND id <> ?";

int
store_sitzung_delete_konto(struct db_conn *c, int64_t konto_id, int64_t ausser)
{
    struct db_param p[] = {DBP_INT(konto_id), DBP_INT(ausser)};
    return db_exec(c, sql_s_delete_konto, p, 2, NULL);
}

static const char sql_s_delete_expired[] = "DELETE FROM sitzung WHERE ablauf <= ? OR zuletzt < ?";

int
store_sitzung_delete_expired(struct db_conn *c, int64_t jetzt, int64_t idle_vor)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(idle_vor)};
    return db_exec(c, sql_s_delete_expired, p, 2, NULL);
}

static const char sql_s_list[] = SITZUNG_COLS "WHERE konto_id = ? ORDER BY id DESC LIMIT 1000";

int
store_sitzung_list(struct db_conn *c, struct arena *a, int64_t konto_id, struct sitzung **out,
                   size_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return zeile_query_list(c, sql_s_list, p, 1, read_sitzung, a, sizeof(**out), out, n);
}

/* ---- api_token ------------------------------------------------------------------------ */

#define TOKEN_COLS                                                                                 \
    "SELECT id, konto_id, name, scope, anfang, erstellt, ablauf, COALESCE(widerrufen, 0), "        \
    "COALESCE(zuletzt, 0) FROM api_token "

static int
read_token(struct db_rows *rows, struct arena *a, void *out)
{
    struct api_token *t = out;
    t->id = db_rows_int(rows, 0);
    t->konto_id = db_rows_int(rows, 1);
    t->name = zeile_dup(a, db_rows_text(rows, 2));
    t->scope = zeile_dup(a, db_rows_text(rows, 3));
    t->anfang = zeile_dup(a, db_rows_text(rows, 4));
    t->erstellt = db_rows_int(rows, 5);
    t->ablauf = db_rows_int(rows, 6);
    t->widerrufen = db_rows_int(rows, 7);
    t->zuletzt = db_rows_int(rows, 8);
    return t->name && t->scope && t->anfang ? ERR_OK : ERR_NOMEM;
}

static const char sql_t_insert[] =
    "INSERT INTO api_token (schluessel, konto_id, name, scope, anfang, erstellt, ablauf) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_token_insert(struct db_conn *c, const char *hash, int64_t konto_id, const char *name,
                   const char *scope, const char *anfang, int64_t jetzt, int64_t ablauf,
                   int64_t *id)
{
    struct db_param p[] = {DBP_TEXT(hash),   DBP_INT(konto_id), DBP_TEXT(name), DBP_TEXT(scope),
                           DBP_TEXT(anfang), DBP_INT(jetzt),    DBP_INT(ablauf)};
    return zeile_insert_id(c, sql_t_insert, p, 7, id);
}

static const char sql_t_by_hash[] = TOKEN_COLS "WHERE schluessel = ?";

int
store_token_by_hash(struct db_conn *c, struct arena *a, const char *hash, struct api_token *out)
{
    struct db_param p[] = {DBP_TEXT(hash)};
    return zeile_query_one(c, sql_t_by_hash, p, 1, read_token, a, out);
}

static const char sql_t_get[] = TOKEN_COLS "WHERE id = ?";

int
store_token_get(struct db_conn *c, struct arena *a, int64_t id, struct api_token *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_t_get, p, 1, read_token, a, out);
}

static const char sql_t_list[] = TOKEN_COLS "WHERE konto_id = ? ORDER BY id DESC LIMIT 1000";

int
store_token_list(struct db_conn *c, struct arena *a, int64_t konto_id, struct api_token **out,
                 size_t *n)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    return zeile_query_list(c, sql_t_list, p, 1, read_token, a, sizeof(**out), out, n);
}

static const char sql_t_revoke[] =
    "UPDATE api_token SET widerrufen = ? WHERE id = ? AND widerrufen IS NULL";

int
store_token_revoke(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_t_revoke, p, 2, NULL);
}

static const char sql_t_revoke_konto[] =
    "UPDATE api_token SET widerrufen = ? WHERE konto_id = ? AND widerrufen IS NULL";

int
store_token_revoke_konto(struct db_conn *c, int64_t konto_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(konto_id)};
    return db_exec(c, sql_t_revoke_konto, p, 2, NULL);
}

static const char sql_t_touch[] = "UPDATE api_token SET zuletzt = ? WHERE id = ?";

int
store_token_touch(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_t_touch, p, 2, NULL);
}
