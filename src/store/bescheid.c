#include "store/bescheid.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

/* ---- templates ---- */

static const char sql_vorlage_insert[] =
    "INSERT INTO bescheid_vorlage (behoerde_id, oe_id, leistung_id, name, betreff, text, is_demo, "
    " erstellt, geaendert) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (behoerde_id, name) DO NOTHING RETURNING id";

int
store_bescheid_vorlage_insert(struct db_conn *c, struct bescheid_vorlage_row *v, bool *konflikt)
{
    struct db_param p[] = {
        DBP_INT(v->behoerde_id),     dbp_id(v->oe_id),     DBP_TEXT(v->leistung_id),
        DBP_TEXT(v->name),           DBP_TEXT(v->betreff), DBP_TEXT(v->text),
        DBP_INT(v->is_demo ? 1 : 0), DBP_INT(v->erstellt), DBP_INT(v->geaendert)};
    bool has = false;
    int rc = zeile_query_int(c, sql_vorlage_insert, p, 9, &v->id, &has);
    if (rc == ERR_OK)
        *konflikt = !has;
    return rc;
}

static const char sql_name_frei[] =
    "SELECT COUNT(*) FROM bescheid_vorlage WHERE behoerde_id = ? AND name = ? AND id <> ?";
static const char sql_vorlage_update[] =
    "UPDATE bescheid_vorlage SET oe_id = ?, leistung_id = ?, name = ?, betreff = ?, text = ?, "
    " geaendert = ? WHERE behoerde_id = ? AND id = ?";

int
store_bescheid_vorlage_update(struct db_conn *c, const struct bescheid_vorlage_row *v,
                              int64_t *changes, bool *konflikt)
{
    struct db_param q[] = {DBP_INT(v->behoerde_id), DBP_TEXT(v->name), DBP_INT(v->id)};
    int64_t n = 0;
    bool has = false;
    int rc = zeile_query_int(c, sql_name_frei, q, 3, &n, &has);
    if (rc != ERR_OK)
        return rc;
    *konflikt = n > 0;
    *changes = 0;
    if (*konflikt)
        return ERR_OK;
    struct db_param p[] = {
        dbp_id(v->oe_id),  DBP_TEXT(v->leistung_id), DBP_TEXT(v->name),       DBP_TEXT(v->betreff),
        DBP_TEXT(v->text), DBP_INT(v->geaendert),    DBP_INT(v->behoerde_id), DBP_INT(v->id)};
    return db_exec(c, sql_vorlage_update, p, 8, changes);
}

#define VORLAGE_COLS                                                                               \
    "SELECT id, behoerde_id, oe_id, leistung_id, name, betreff, text, is_demo, erstellt, "         \
    " geaendert FROM bescheid_vorlage "

static int
read_vorlage(struct db_rows *rows, struct arena *a, void *out)
{
    struct bescheid_vorlage_row *v = out;
    v->id = db_rows_int(rows, 0);
    v->behoerde_id = db_rows_int(rows, 1);
    v->oe_id = zeile_int0(rows, 2);
    v->leistung_id = COPY(3);
    v->name = COPY(4);
    v->betreff = COPY(5);
    v->text = COPY(6);
    v->is_demo = db_rows_int(rows, 7) != 0;
    v->erstellt = db_rows_int(rows, 8);
    v->geaendert = db_rows_int(rows, 9);
    return v->name && v->betreff && v->text ? ERR_OK : ERR_NOMEM;
}

static const char sql_vorlage_get[] = VORLAGE_COLS "WHERE id = ?";

int
store_bescheid_vorlage_get(struct db_conn *c, struct arena *a, int64_t id,
                           struct bescheid_vorlage_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_vorlage_get, p, 1, read_vorlage, a, out);
}

static const char sql_vorlage_list[] =
    VORLAGE_COLS "WHERE behoerde_id = ? ORDER BY name, id LIMIT 500";

int
store_bescheid_vorlage_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                            struct bescheid_vorlage_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    return zeile_query_list(c, sql_vorlage_list, p, 1, read_vorlage, a, sizeof(**out), out, n_out);
}

/* ---- decisions ---- */

static const char sql_insert[] =
    "INSERT INTO bescheid (behoerde_id, vorgang_id, vorlage_id, betreff, text, status, konto_id, "
    " erstellt) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_bescheid_insert(struct db_conn *c, struct bescheid_row *b)
{
    struct db_param p[] = {DBP_INT(b->behoerde_id), DBP_INT(b->vorgang_id), dbp_id(b->vorlage_id),
                           DBP_TEXT(b->betreff),    DBP_TEXT(b->text),      DBP_TEXT(b->status),
                           DBP_INT(b->konto_id),    DBP_INT(b->erstellt)};
    return zeile_insert_id(c, sql_insert, p, 8, &b->id);
}

#define BESCHEID_COLS                                                                              \
    "SELECT id, behoerde_id, vorgang_id, vorlage_id, konto_id, betreff, text, status, "            \
    " mitzeichnung_konto_id, mitzeichnung_zeitpunkt, dokument_id, nachricht_id, erstellt, "        \
    " versandt FROM bescheid "

static int
read_bescheid(struct db_rows *rows, struct arena *a, void *out)
{
    struct bescheid_row *b = out;
    b->id = db_rows_int(rows, 0);
    b->behoerde_id = db_rows_int(rows, 1);
    b->vorgang_id = db_rows_int(rows, 2);
    b->vorlage_id = zeile_int0(rows, 3);
    b->konto_id = zeile_int0(rows, 4);
    b->betreff = COPY(5);
    b->text = COPY(6);
    b->status = COPY(7);
    b->mitzeichnung_konto_id = zeile_int0(rows, 8);
    b->mitzeichnung_zeitpunkt = zeile_int0(rows, 9);
    b->dokument_id = zeile_int0(rows, 10);
    b->nachricht_id = zeile_int0(rows, 11);
    b->erstellt = db_rows_int(rows, 12);
    b->versandt = zeile_int0(rows, 13);
    return b->betreff && b->text && b->status ? ERR_OK : ERR_NOMEM;
}

static const char sql_get[] = BESCHEID_COLS "WHERE id = ?";

int
store_bescheid_get(struct db_conn *c, struct arena *a, int64_t id, struct bescheid_row *out)
{
    struct db_param p[] = {DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_bescheid, a, out);
}

static const char sql_list[] =
    BESCHEID_COLS "WHERE behoerde_id = ? AND vorgang_id = ? ORDER BY id DESC LIMIT 100";

int
store_bescheid_list(struct db_conn *c, struct arena *a, int64_t behoerde_id, int64_t vorgang_id,
                    struct bescheid_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id)};
    return zeile_query_list(c, sql_list, p, 2, read_bescheid, a, sizeof(**out), out, n_out);
}

static const char sql_offen[] =
    "SELECT COUNT(*) FROM bescheid WHERE behoerde_id = ? AND vorgang_id = ? "
    "AND status IN ('entwurf', 'mitzeichnung')";

int
store_bescheid_offen(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id, int64_t *n)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(vorgang_id)};
    bool has = false;
    *n = 0;
    return zeile_query_int(c, sql_offen, p, 2, n, &has);
}

static const char sql_status[] = "UPDATE bescheid SET status = ? WHERE id = ? AND status = ?";

int
store_bescheid_status(struct db_conn *c, int64_t id, const char *von, const char *nach,
                      int64_t *changes)
{
    struct db_param p[] = {DBP_TEXT(nach), DBP_INT(id), DBP_TEXT(von)};
    return db_exec(c, sql_status, p, 3, changes);
}

static const char sql_mitzeichnung[] =
    "UPDATE bescheid SET mitzeichnung_konto_id = ?, mitzeichnung_zeitpunkt = ? WHERE id = ?";

int
store_bescheid_mitzeichnung(struct db_conn *c, int64_t id, int64_t konto_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_INT(konto_id), DBP_INT(jetzt), DBP_INT(id)};
    return db_exec(c, sql_mitzeichnung, p, 3, NULL);
}

static const char sql_versandt[] =
    "UPDATE bescheid SET status = 'versandt', dokument_id = ?, nachricht_id = ?, versandt = ? "
    "WHERE id = ? AND status = ?";

int
store_bescheid_versandt(struct db_conn *c, int64_t id, const char *von, int64_t dokument_id,
                        int64_t nachricht_id, int64_t jetzt, int64_t *changes)
{
    struct db_param p[] = {dbp_id(dokument_id), dbp_id(nachricht_id), DBP_INT(jetzt), DBP_INT(id),
                           DBP_TEXT(von)};
    return db_exec(c, sql_versandt, p, 5, changes);
}

static const char sql_oe_get[] =
    "SELECT behoerde_id, mitzeichnung FROM organisationseinheit WHERE id = ?";

int
store_oe_mitzeichnung_get(struct db_conn *c, int64_t oe_id, int64_t *behoerde_id,
                          bool *mitzeichnung)
{
    struct db_param p[] = {DBP_INT(oe_id)};
    int64_t v[2];
    int rc = zeile_query_ints(c, sql_oe_get, p, 1, v, 2);
    if (rc == ERR_OK) {
        *behoerde_id = v[0];
        *mitzeichnung = v[1] != 0;
    }
    return rc;
}

static const char sql_oe_set[] = "UPDATE organisationseinheit SET mitzeichnung = ? WHERE id = ?";

int
store_oe_mitzeichnung_set(struct db_conn *c, int64_t oe_id, bool mitzeichnung)
{
    struct db_param p[] = {DBP_INT(mitzeichnung ? 1 : 0), DBP_INT(oe_id)};
    return db_exec(c, sql_oe_set, p, 2, NULL);
}

static const char sql_demo[] = "SELECT id FROM behoerde WHERE is_demo = 1 ORDER BY id LIMIT 1000";

int
store_bescheid_demo_behoerden(struct db_conn *c, struct arena *a, int64_t **out, size_t *n_out)
{
    struct db_rows *rows;
    int64_t *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_demo, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[n++] = db_rows_int(rows, 0);
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_oe_list[] = "SELECT id, name, mitzeichnung FROM organisationseinheit "
                                  "WHERE behoerde_id = ? ORDER BY name, id LIMIT 1000";

int
store_bescheid_oe_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                       struct bescheid_oe_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(behoerde_id)};
    struct db_rows *rows;
    struct bescheid_oe_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_oe_list, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[n].id = db_rows_int(rows, 0);
        arr[n].name = COPY(1);
        arr[n].mitzeichnung = db_rows_int(rows, 2) != 0;
        if (!arr[n++].name) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}
