#include "store/antrag_aufraeumen.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"

static const char sql_entwurf_alt[] =
    "SELECT id FROM antrag WHERE konto_id IS NULL AND status = 'entwurf' AND geaendert < ? "
    "ORDER BY geaendert, id LIMIT ?";

/* The ids of the first column of `sql` (parameters p[0..n_p)), at most `limit`. */
static int
id_list(struct db_conn *c, struct arena *a, const char *sql, const struct db_param *p, size_t n_p,
        int64_t limit, int64_t **ids, size_t *n)
{
    struct db_rows *r;
    bool has;
    size_t cnt = 0;
    int64_t *out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof(*out));
    if (!out)
        return ERR_NOMEM;
    int rc = db_query(c, sql, p, n_p, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has && cnt < (size_t)limit)
        out[cnt++] = db_rows_int(r, 0);
    db_rows_free(r);
    if (rc == ERR_OK) {
        *ids = out;
        *n = cnt;
    }
    return rc;
}

int
store_entwurf_alt_list(struct db_conn *c, struct arena *a, int64_t vor, int64_t limit,
                       int64_t **ids, size_t *n)
{
    struct db_param p[] = {DBP_INT(vor), DBP_INT(limit)};
    return id_list(c, a, sql_entwurf_alt, p, 2, limit, ids, n);
}

static const char sql_entwurf_delete[] =
    "DELETE FROM antrag WHERE id = ? AND konto_id IS NULL AND status = 'entwurf' AND "
    "geaendert < ?";

int
store_entwurf_delete(struct db_conn *c, int64_t id, int64_t vor, int64_t *changes)
{
    struct db_param p[] = {DBP_INT(id), DBP_INT(vor)};
    return db_exec(c, sql_entwurf_delete, p, 2, changes);
}

static const char sql_blob_delete[] =
    "DELETE FROM blob WHERE behoerde_id = ? AND sha256 = ? "
    "AND NOT EXISTS (SELECT 1 FROM anlage x WHERE x.behoerde_id = blob.behoerde_id AND "
    "x.sha256 = blob.sha256) "
    "AND NOT EXISTS (SELECT 1 FROM nachricht_anlage x WHERE x.behoerde_id = blob.behoerde_id "
    "AND x.sha256 = blob.sha256) "
    "AND NOT EXISTS (SELECT 1 FROM eingang x WHERE x.behoerde_id = blob.behoerde_id AND "
    "x.sha256 = blob.sha256) "
    "AND NOT EXISTS (SELECT 1 FROM dokument_version x WHERE x.behoerde_id = blob.behoerde_id "
    "AND x.sha256 = blob.sha256)";

int
store_blob_delete_unbenutzt(struct db_conn *c, int64_t behoerde_id, const char *sha256,
                            int64_t *changes)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_TEXT(sha256)};
    return db_exec(c, sql_blob_delete, p, 2, changes);
}

static const char sql_drossel_aufraeumen[] =
    "DELETE FROM anmeldeversuch WHERE substr(schluessel, 1, 2) = ? AND zuletzt < ?";

int
store_drossel_aufraeumen(struct db_conn *c, const char *prefix, int64_t vor)
{
    struct db_param p[] = {DBP_TEXT(prefix), DBP_INT(vor)};
    return db_exec(c, sql_drossel_aufraeumen, p, 2, NULL);
}

static const char sql_nachricht_eingang[] =
    "SELECT id FROM nachricht WHERE antrag_id = ? AND art = 'eingangsbestaetigung' "
    "ORDER BY id LIMIT 1";

int
store_nachricht_eingang(struct db_conn *c, int64_t antrag_id, int64_t *id)
{
    struct db_param p[] = {DBP_INT(antrag_id)};
    return zeile_query_ints(c, sql_nachricht_eingang, p, 1, id, 1);
}

static const char sql_belege_offen[] =
    "SELECT n.antrag_id FROM nachricht n WHERE n.art = 'eingangsbestaetigung' AND "
    "n.antrag_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM nachricht_anlage na WHERE "
    "na.nachricht_id = n.id) ORDER BY n.id LIMIT ?";

int
store_belege_offen(struct db_conn *c, struct arena *a, int64_t limit, int64_t **ids, size_t *n)
{
    struct db_param p[] = {DBP_INT(limit)};
    return id_list(c, a, sql_belege_offen, p, 1, limit, ids, n);
}
