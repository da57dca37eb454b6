#include "store/anfrage.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))
#define INT0(col) (db_rows_is_null(rows, (col)) ? 0 : db_rows_int(rows, (col)))

static const char sql_insert[] =
    "INSERT INTO anfrage (behoerde_id, kreis_ags, kategorie, betreff, text, ozg_id, status, "
    " erstellt_konto_id, zugewiesen_konto_id, erstellt, geaendert, faellig) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_anfrage_insert(struct db_conn *c, const struct anfrage_row *x, int64_t *id)
{
    struct db_param p[] = {
        DBP_INT(x->behoerde_id),
        DBP_TEXT(x->kreis_ags),
        DBP_TEXT(x->kategorie),
        DBP_TEXT(x->betreff),
        DBP_TEXT(x->text),
        dbp_id(x->ozg_id),
        DBP_TEXT(x->status),
        dbp_id(x->erstellt_konto_id),
        dbp_id(x->zugewiesen_konto_id),
        DBP_INT(x->erstellt),
        DBP_INT(x->geaendert),
        DBP_INT(x->faellig),
    };
    return zeile_insert_id(c, sql_insert, p, sizeof(p) / sizeof(p[0]), id);
}

#define ANFRAGE_COLS                                                                               \
    "SELECT a.id, a.behoerde_id, b.name, a.kreis_ags, a.kategorie, a.betreff, a.text, a.status, "  \
    " a.ozg_id, a.erstellt_konto_id, a.zugewiesen_konto_id, a.erstellt, a.geaendert, a.faellig, "  \
    " a.erledigt_am, "                                                                             \
    " (SELECT COUNT(*) FROM anfrage_antwort r WHERE r.anfrage_id = a.id "                          \
    "  AND (r.is_intern = 0 OR CAST(? AS INTEGER) = 1)) "                                          \
    "FROM anfrage a JOIN behoerde b ON b.id = a.behoerde_id "

static int
read_row(struct db_rows *rows, struct arena *a, void *out)
{
    struct anfrage_row *x = out;
    x->id = db_rows_int(rows, 0);
    x->behoerde_id = db_rows_int(rows, 1);
    x->behoerde = COPY(2);
    x->kreis_ags = COPY(3);
    x->kategorie = COPY(4);
    x->betreff = COPY(5);
    x->text = COPY(6);
    x->status = COPY(7);
    x->ozg_id = INT0(8);
    x->erstellt_konto_id = INT0(9);
    x->zugewiesen_konto_id = INT0(10);
    x->erstellt = db_rows_int(rows, 11);
    x->geaendert = db_rows_int(rows, 12);
    x->faellig = db_rows_int(rows, 13);
    x->erledigt_am = INT0(14);
    x->n_antworten = db_rows_int(rows, 15);
    return x->behoerde && x->kreis_ags && x->kategorie && x->betreff && x->text && x->status
               ? ERR_OK
               : ERR_NOMEM;
}

static int
read_rows(struct db_rows *rows, struct arena *a, struct anfrage_row **arr, size_t *n, size_t *cap)
{
    bool has;
    int rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(*arr = arena_array_grow(a, *arr, *n, cap, sizeof(**arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        rc = read_row(rows, a, &(*arr)[(*n)++]);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_get[] = ANFRAGE_COLS "WHERE a.id = ?";

int
store_anfrage_get(struct db_conn *c, struct arena *a, int64_t id, struct anfrage_row *out)
{
    struct db_param p[] = {DBP_INT(1), DBP_INT(id)};
    return zeile_query_one(c, sql_get, p, 2, read_row, a, out);
}

#define LIST_FILTER                                                                                \
    " (CAST(? AS TEXT) IS NULL OR a.status = CAST(? AS TEXT)) "                                    \
    " AND (CAST(? AS TEXT) IS NULL OR a.kategorie = CAST(? AS TEXT)) "                             \
    " AND (CAST(? AS INTEGER) = 0 OR a.zugewiesen_konto_id = CAST(? AS INTEGER)) "                 \
    " AND (a.faellig > ? OR (a.faellig = ? AND a.id > ?)) "                                        \
    "ORDER BY a.faellig, a.id LIMIT ?"

static const char sql_list_alle[] = ANFRAGE_COLS "WHERE" LIST_FILTER;
static const char sql_list_kreis[] = ANFRAGE_COLS "WHERE a.kreis_ags = ? AND" LIST_FILTER;
static const char sql_list_behoerde[] = ANFRAGE_COLS "WHERE a.behoerde_id = ? AND" LIST_FILTER;

static int
cmp_faellig(const void *pa, const void *pb)
{
    const struct anfrage_row *x = pa, *y = pb;
    if (x->faellig != y->faellig)
        return x->faellig < y->faellig ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

int
store_anfrage_list(struct db_conn *c, struct arena *a, const struct anfrage_scope *s,
                   int64_t after_faellig, int64_t after_id, int64_t limit, struct anfrage_row **out,
                   size_t *n_out)
{
    struct anfrage_row *arr = NULL;
    size_t n = 0, cap = 0;
    int rc = ERR_OK;
    size_t n_queries = s->is_alle ? 1 : s->n_kreise + s->n_behoerden;
    for (size_t q = 0; rc == ERR_OK && q < n_queries; q++) {
        struct db_param p[12];
        const char *sql = sql_list_alle;
        size_t k = 0;
        struct db_rows *rows;
        p[k++] = DBP_INT(s->mit_intern ? 1 : 0);
        if (!s->is_alle && q < s->n_kreise) {
            sql = sql_list_kreis;
            p[k++] = DBP_TEXT(s->kreise[q]);
        } else if (!s->is_alle) {
            sql = sql_list_behoerde;
            p[k++] = DBP_INT(s->behoerden[q - s->n_kreise]);
        }
        p[k++] = DBP_TEXT(s->status);
        p[k++] = DBP_TEXT(s->status);
        p[k++] = DBP_TEXT(s->kategorie);
        p[k++] = DBP_TEXT(s->kategorie);
        p[k++] = DBP_INT(s->zugewiesen);
        p[k++] = DBP_INT(s->zugewiesen);
        p[k++] = DBP_INT(after_faellig);
        p[k++] = DBP_INT(after_faellig);
        p[k++] = DBP_INT(after_id);
        p[k++] = DBP_INT(limit);
        rc = db_query(c, sql, p, k, &rows);
        if (rc == ERR_OK)
            rc = read_rows(rows, a, &arr, &n, &cap);
    }
    if (rc != ERR_OK)
        return rc;
    if (n > 1 && n_queries > 1) {
        qsort(arr, n, sizeof(*arr), cmp_faellig);
        size_t k = 0; /* a request may be in scope twice (its Kreis and its authority) */
        for (size_t i = 0; i < n; i++)
            if (k == 0 || arr[k - 1].id != arr[i].id)
                arr[k++] = arr[i];
        n = k;
    }
    if (n > (size_t)limit)
        n = (size_t)limit;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_update[] =
    "UPDATE anfrage SET status = ?, zugewiesen_konto_id = ?, faellig = ?, erledigt_am = ?, "
    " geaendert = ? WHERE id = ?";

int
store_anfrage_update(struct db_conn *c, const struct anfrage_row *x)
{
    struct db_param p[] = {DBP_TEXT(x->status),   dbp_id(x->zugewiesen_konto_id),
                           DBP_INT(x->faellig),   dbp_id(x->erledigt_am),
                           DBP_INT(x->geaendert), DBP_INT(x->id)};
    int64_t changes = 0;
    int rc = db_exec(c, sql_update, p, sizeof(p) / sizeof(p[0]), &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_NOTFOUND;
    return rc;
}

static const char sql_antwort_insert[] =
    "INSERT INTO anfrage_antwort (anfrage_id, behoerde_id, konto_id, von_koordination, text, "
    " is_intern, erstellt) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_anfrage_antwort_insert(struct db_conn *c, int64_t anfrage_id, int64_t behoerde_id,
                             const struct anfrage_antwort_row *r, int64_t *id)
{
    struct db_param p[] = {
        DBP_INT(anfrage_id),  DBP_INT(behoerde_id),
        dbp_id(r->konto_id),  DBP_INT(r->von_koordination ? 1 : 0),
        DBP_TEXT(r->text),    DBP_INT(r->is_intern ? 1 : 0),
        DBP_INT(r->erstellt),
    };
    return zeile_insert_id(c, sql_antwort_insert, p, sizeof(p) / sizeof(p[0]), id);
}

static const char sql_antworten[] =
    "SELECT id, konto_id, von_koordination, is_intern, text, erstellt FROM anfrage_antwort "
    "WHERE anfrage_id = ? AND (is_intern = 0 OR CAST(? AS INTEGER) = 1) ORDER BY id";

int
store_anfrage_antworten(struct db_conn *c, struct arena *a, int64_t anfrage_id, bool mit_intern,
                        struct anfrage_antwort_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(anfrage_id), DBP_INT(mit_intern ? 1 : 0)};
    struct db_rows *rows;
    struct anfrage_antwort_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_antworten, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct anfrage_antwort_row *r = &arr[n++];
        r->id = db_rows_int(rows, 0);
        r->konto_id = INT0(1);
        r->von_koordination = db_rows_int(rows, 2) != 0;
        r->is_intern = db_rows_int(rows, 3) != 0;
        r->text = COPY(4);
        r->erstellt = db_rows_int(rows, 5);
        if (!r->text) {
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

static const char sql_anlage_insert[] =
    "INSERT INTO anfrage_anlage (anfrage_id, behoerde_id, name, typ, groesse, sha256, inhalt, "
    " erstellt) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";

int
store_anfrage_anlage_insert(struct db_conn *c, int64_t anfrage_id, int64_t behoerde_id,
                            const char *name, const char *typ, const char *sha256,
                            const void *inhalt, size_t len, int64_t jetzt, int64_t *id)
{
    struct db_param p[] = {DBP_INT(anfrage_id),   DBP_INT(behoerde_id), DBP_TEXT(name),
                           DBP_TEXT(typ),         DBP_INT(len),         DBP_TEXT(sha256),
                           DBP_BLOB(inhalt, len), DBP_INT(jetzt)};
    return zeile_insert_id(c, sql_anlage_insert, p, sizeof(p) / sizeof(p[0]), id);
}

static const char sql_anlagen[] = "SELECT id, name, typ, sha256, groesse, erstellt "
                                  "FROM anfrage_anlage WHERE anfrage_id = ? ORDER BY id";

int
store_anfrage_anlagen(struct db_conn *c, struct arena *a, int64_t anfrage_id,
                      struct anfrage_anlage_row **out, size_t *n_out)
{
    struct db_param p[] = {DBP_INT(anfrage_id)};
    struct db_rows *rows;
    struct anfrage_anlage_row *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_anlagen, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct anfrage_anlage_row *r = &arr[n++];
        r->id = db_rows_int(rows, 0);
        r->name = COPY(1);
        r->typ = COPY(2);
        r->sha256 = COPY(3);
        r->groesse = db_rows_int(rows, 4);
        r->erstellt = db_rows_int(rows, 5);
        if (!r->name || !r->typ || !r->sha256) {
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

static const char sql_anlage_inhalt[] =
    "SELECT id, name, typ, sha256, groesse, erstellt, inhalt FROM anfrage_anlage "
    "WHERE anfrage_id = ? AND id = ?";

struct anlage_inhalt {
    struct anfrage_anlage_row *meta;
    const void *p;
    size_t len;
};

static int
read_anlage_inhalt(struct db_rows *rows, struct arena *a, void *out)
{
    struct anlage_inhalt *x = out;
    struct anfrage_anlage_row *meta = x->meta;
    meta->id = db_rows_int(rows, 0);
    meta->name = COPY(1);
    meta->typ = COPY(2);
    meta->sha256 = COPY(3);
    meta->groesse = db_rows_int(rows, 4);
    meta->erstellt = db_rows_int(rows, 5);
    if (!meta->name || !meta->typ || !meta->sha256)
        return ERR_NOMEM;
    return zeile_bytes(a, rows, 6, &x->p, &x->len);
}

int
store_anfrage_anlage_inhalt(struct db_conn *c, struct arena *a, int64_t anfrage_id, int64_t id,
                            struct anfrage_anlage_row *meta, const void **p_out, size_t *len)
{
    struct db_param p[] = {DBP_INT(anfrage_id), DBP_INT(id)};
    struct anlage_inhalt x = {.meta = meta};
    int rc = zeile_query_one(c, sql_anlage_inhalt, p, 2, read_anlage_inhalt, a, &x);
    if (rc == ERR_OK) {
        *p_out = x.p;
        *len = x.len;
    }
    return rc;
}

static const char sql_link[] = "INSERT INTO anfrage_artikel (anfrage_id, artikel_id) VALUES (?, ?) "
                               "ON CONFLICT (anfrage_id, artikel_id) DO NOTHING";

int
store_anfrage_artikel_link(struct db_conn *c, int64_t anfrage_id, int64_t artikel_id)
{
    struct db_param p[] = {DBP_INT(anfrage_id), DBP_INT(artikel_id)};
    return db_exec(c, sql_link, p, 2, NULL);
}

static int
read_ids(struct db_rows *rows, struct arena *a, int64_t **out, size_t *n_out)
{
    int64_t *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[n++] = db_rows_int(rows, 0);
    }
    db_rows_free(rows);
    if (rc == ERR_OK) {
        *out = arr;
        *n_out = n;
    }
    return rc;
}

static const char sql_artikel[] =
    "SELECT artikel_id FROM anfrage_artikel WHERE anfrage_id = ? ORDER BY artikel_id";

int
store_anfrage_artikel(struct db_conn *c, struct arena *a, int64_t anfrage_id, int64_t **ids,
                      size_t *n)
{
    struct db_param p[] = {DBP_INT(anfrage_id)};
    struct db_rows *rows;
    int rc = db_query(c, sql_artikel, p, 1, &rows);
    return rc == ERR_OK ? read_ids(rows, a, ids, n) : rc;
}

static const char sql_koord_emails[] =
    "SELECT DISTINCT k.email FROM konto k JOIN konto_rolle r ON r.konto_id = k.id "
    "WHERE r.rolle = 'koordination' AND k.status = 'aktiv' "
    " AND ((CAST(? AS TEXT) IS NULL AND r.kreis_ags IS NULL) OR r.kreis_ags = CAST(? AS TEXT)) "
    "ORDER BY k.email";

int
store_anfrage_koordination_emails(struct db_conn *c, struct arena *a, const char *kreis_ags,
                                  const char ***out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(kreis_ags), DBP_TEXT(kreis_ags)};
    struct db_rows *rows;
    const char **arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_koord_emails, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr))) || !(arr[n++] = COPY(0))) {
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

static const char sql_konto_email[] = "SELECT email FROM konto WHERE id = ? AND status = 'aktiv'";

int
store_anfrage_konto_email(struct db_conn *c, struct arena *a, int64_t konto_id, const char **out)
{
    struct db_param p[] = {DBP_INT(konto_id)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_konto_email, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    *out = NULL;
    if (rc == ERR_OK && has && !(*out = COPY(0)))
        rc = ERR_NOMEM;
    db_rows_free(rows);
    return rc;
}

/* name and Kreis (NULL: none) into out[0] and out[1] */
static int
read_behoerde(struct db_rows *rows, struct arena *a, void *out)
{
    const char **t = out;
    t[0] = COPY(0);
    t[1] = COPY(1);
    return t[0] ? ERR_OK : ERR_NOMEM;
}

static const char sql_behoerde[] =
    "SELECT b.name, COALESCE(b.kreis_ags, g.kreis_ags) FROM behoerde b "
    "LEFT JOIN gemeinde g ON g.ags = b.gemeinde_ags WHERE b.id = ?";

int
store_anfrage_behoerde(struct db_conn *c, struct arena *a, int64_t id, const char **name,
                       const char **kreis_ags)
{
    struct db_param p[] = {DBP_INT(id)};
    const char *t[2];
    int rc = zeile_query_one(c, sql_behoerde, p, 1, read_behoerde, a, t);
    if (rc == ERR_OK) {
        *name = t[0];
        *kreis_ags = t[1];
    }
    return rc;
}

static const char sql_artikel_exists[] = "SELECT 1 FROM artikel WHERE id = ?";

int
store_anfrage_artikel_exists(struct db_conn *c, int64_t artikel_id, bool *exists)
{
    struct db_param p[] = {DBP_INT(artikel_id)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_artikel_exists, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    db_rows_free(rows);
    if (rc == ERR_OK)
        *exists = has;
    return rc;
}
