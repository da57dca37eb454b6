#include "store/protokoll.h"

#include <string.h>

#include "store/db.h"

static const char null_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

static const char sql_kopf_new[] =
    "INSERT INTO protokoll_kopf (kette, letzte_folge, letzter_hash) VALUES (?, 0, ?) "
    "ON CONFLICT (kette) DO NOTHING";
/* The UPDATE takes the row lock (PostgreSQL) or runs under the write lock (SQLite), so two
 * appends to one chain never read the same head. */
static const char sql_kopf_weiter[] =
    "UPDATE protokoll_kopf SET letzte_folge = letzte_folge + 1 WHERE kette = ? "
    "RETURNING letzte_folge, letzter_hash";

int
store_protokoll_kopf_weiter(struct db_conn *c, int64_t kette, int64_t *folge, char *vorher)
{
    struct db_param p[] = {DBP_INT(kette), DBP_TEXT(null_hash)};
    struct db_param q[] = {DBP_INT(kette)};
    struct db_rows *r;
    bool has;
    int rc = db_exec(c, sql_kopf_new, p, 2, NULL);
    if (rc != ERR_OK)
        return rc;
    rc = db_query(c, sql_kopf_weiter, q, 1, &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK) {
        const char *h = db_rows_text(r, 1);
        if (!h || strlen(h) != PROTOKOLL_HASH_LEN) {
            rc = ERR_DB;
        } else {
            *folge = db_rows_int(r, 0);
            memcpy(vorher, h, PROTOKOLL_HASH_LEN + 1);
        }
    }
    /* read to the end so that the UPDATE has finished on every backend */
    while (rc == ERR_OK && (rc = db_rows_next(r, &has)) == ERR_OK && has) {
    }
    db_rows_free(r);
    return rc;
}

static const char sql_kopf_hash[] = "UPDATE protokoll_kopf SET letzter_hash = ? WHERE kette = ?";

int
store_protokoll_kopf_hash(struct db_conn *c, int64_t kette, const char *hash)
{
    struct db_param p[] = {DBP_TEXT(hash), DBP_INT(kette)};
    return db_exec(c, sql_kopf_hash, p, 2, NULL);
}

static const char sql_kopf[] =
    "SELECT letzte_folge, letzter_hash FROM protokoll_kopf WHERE kette = ?";

int
store_protokoll_kopf(struct db_conn *c, int64_t kette, int64_t *folge, char *hash)
{
    struct db_param p[] = {DBP_INT(kette)};
    struct db_rows *r;
    bool has;
    int rc = db_query(c, sql_kopf, p, 1, &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK) {
        const char *h = db_rows_text(r, 1);
        *folge = db_rows_int(r, 0);
        if (h && strlen(h) == PROTOKOLL_HASH_LEN)
            memcpy(hash, h, PROTOKOLL_HASH_LEN + 1);
        else
            hash[0] = '\0';
    }
    db_rows_free(r);
    return rc;
}

static const char sql_insert[] =
    "INSERT INTO protokoll (kette, folge, zeitpunkt, behoerde_id, konto_id, aktion, objekt_typ, "
    "objekt_id, herkunft, detail, vorher_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

int
store_protokoll_insert(struct db_conn *c, const struct protokoll_zeile *z)
{
    struct db_param p[] = {
        DBP_INT(z->kette),
        DBP_INT(z->folge),
        DBP_INT(z->zeitpunkt),
        z->behoerde_id > 0 ? DBP_INT(z->behoerde_id) : DBP_NULL,
        z->konto_id > 0 ? DBP_INT(z->konto_id) : DBP_NULL,
        DBP_TEXT(z->aktion),
        DBP_TEXT(z->objekt_typ),
        DBP_TEXT(z->objekt_id),
        DBP_TEXT(z->herkunft),
        DBP_TEXT(z->detail),
        DBP_TEXT(z->vorher_hash),
        DBP_TEXT(z->hash),
    };
    return db_exec(c, sql_insert, p, 12, NULL);
}

static const char sql_walk[] =
    "SELECT kette, folge, zeitpunkt, COALESCE(behoerde_id, 0), COALESCE(konto_id, 0), aktion, "
    "objekt_typ, objekt_id, herkunft, detail, vorher_hash, hash FROM protokoll "
    "WHERE kette = ? ORDER BY folge";

int
store_protokoll_walk(struct db_conn *c, int64_t kette, protokoll_zeile_fn fn, void *ctx)
{
    struct db_param p[] = {DBP_INT(kette)};
    struct db_rows *r;
    bool has;
    int rc = db_query(c, sql_walk, p, 1, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        struct protokoll_zeile z = {
            .kette = db_rows_int(r, 0),
            .folge = db_rows_int(r, 1),
            .zeitpunkt = db_rows_int(r, 2),
            .behoerde_id = db_rows_int(r, 3),
            .konto_id = db_rows_int(r, 4),
            .aktion = db_rows_text(r, 5),
            .objekt_typ = db_rows_text(r, 6),
            .objekt_id = db_rows_text(r, 7),
            .herkunft = db_rows_text(r, 8),
            .detail = db_rows_text(r, 9),
            .vorher_hash = db_rows_text(r, 10),
            .hash = db_rows_text(r, 11),
        };
        rc = fn(&z, ctx);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(r);
    return rc;
}

/* ---- postausgang ---------------------------------------------------------------------- */

static const char sql_post_insert[] =
    "INSERT INTO postausgang (behoerde_id, konto_id, empfaenger, betreff, text, erstellt) "
    "VALUES (?, ?, ?, ?, ?, ?)";

int
store_post_insert(struct db_conn *c, const struct nachricht_raus *n, int64_t jetzt)
{
    struct db_param p[] = {n->behoerde_id > 0 ? DBP_INT(n->behoerde_id) : DBP_NULL,
                           n->konto_id > 0 ? DBP_INT(n->konto_id) : DBP_NULL,
                           DBP_TEXT(n->empfaenger),
                           DBP_TEXT(n->betreff),
                           DBP_TEXT(n->text),
                           DBP_INT(jetzt)};
    return db_exec(c, sql_post_insert, p, 6, NULL);
}

static const char sql_post_offen[] =
    "SELECT id, empfaenger, betreff, text, versuche FROM postausgang "
    "WHERE gesendet IS NULL AND versuche < ? ORDER BY id LIMIT ?";

int
store_post_offen(struct db_conn *c, struct arena *a, int64_t max_versuche, size_t max,
                 struct post_offen **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(max_versuche), DBP_INT((int64_t)max)};
    struct db_rows *r;
    bool has;
    size_t n = 0;
    struct post_offen *arr = arena_alloc(a, (max ? max : 1) * sizeof(*arr));
    int rc = arr ? db_query(c, sql_post_offen, p, 2, &r) : ERR_NOMEM;
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has && n < max) {
        struct post_offen *o = &arr[n++];
        o->id = db_rows_int(r, 0);
        o->empfaenger = arena_strdup(a, db_rows_text(r, 1));
        o->betreff = arena_strdup(a, db_rows_text(r, 2));
        o->text = arena_strdup(a, db_rows_text(r, 3));
        o->versuche = db_rows_int(r, 4);
        if (!o->empfaenger || !o->betreff || !o->text) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(r);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_post_gesendet[] =
    "UPDATE postausgang SET gesendet = ?, versuche = versuche + 1, fehler = NULL WHERE id = ?";

int
store_post_gesendet(struct db_conn *c, int64_t id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_post_gesendet, p, 2, NULL);
}

static const char sql_post_fehler[] =
    "UPDATE postausgang SET versuche = versuche + 1, fehler = ? WHERE id = ?";

int
store_post_fehler(struct db_conn *c, int64_t id, const char *fehler)
{
    struct db_param p[] = {DBP_TEXT(fehler), DBP_INT(id)};
    return db_exec(c, sql_post_fehler, p, 2, NULL);
}
