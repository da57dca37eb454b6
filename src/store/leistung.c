#include "store/leistung.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"
#include "util/buf.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

#define LEISTUNG_SELECT                                                                            \
    "SELECT l.id, l.leika, l.name, l.typisierung, l.ozg_id, o.name, ll.name, t.name, "             \
    " l.rechtsgrundlage, l.kurztext, l.volltext, l.berechtigte, l.kosten, l.bearbeitungsdauer, "   \
    " l.fristen, l.unterlagen, l.rechtsgrundlagen, l.suchbegriffe, l.ebene, l.suchtext, "          \
    " l.beliebtheit, l.is_demo "
#define LEISTUNG_JOINS                                                                             \
    "LEFT JOIN ozg_leistung o ON o.id = l.ozg_id "                                                 \
    "LEFT JOIN lebenslage ll ON ll.id = o.lebenslage_id "                                          \
    "LEFT JOIN themenfeld t ON t.id = o.themenfeld_id "
#define LEISTUNG_COLS                                                                              \
    LEISTUNG_SELECT                                                                                \
    "FROM leistung l LEFT JOIN ozg_leistung o ON o.id = l.ozg_id "                                 \
    "LEFT JOIN lebenslage ll ON ll.id = o.lebenslage_id "                                          \
    "LEFT JOIN themenfeld t ON t.id = o.themenfeld_id "

static int
read_leistung(struct db_rows *rows, struct arena *a, void *out)
{
    struct leistung *l = out;
    l->id = COPY(0);
    l->leika = COPY(1);
    l->name = COPY(2);
    l->typisierung = COPY(3);
    l->ozg_id = db_rows_is_null(rows, 4) ? 0 : db_rows_int(rows, 4);
    l->ozg_leistung = COPY(5);
    l->lebenslage = COPY(6);
    l->themenfeld = COPY(7);
    l->rechtsgrundlage = COPY(8);
    l->kurztext = COPY(9);
    l->volltext = COPY(10);
    l->berechtigte = COPY(11);
    l->kosten = COPY(12);
    l->bearbeitungsdauer = COPY(13);
    l->fristen = COPY(14);
    l->unterlagen = COPY(15);
    l->rechtsgrundlagen = COPY(16);
    l->suchbegriffe = COPY(17);
    l->ebene = COPY(18);
    l->suchtext = COPY(19);
    l->beliebtheit = db_rows_int(rows, 20);
    l->is_demo = db_rows_int(rows, 21) != 0;
    return ERR_OK;
}

static const char sql_get[] = LEISTUNG_COLS "WHERE l.id = ?";

int
store_leistung_get(struct db_conn *c, struct arena *a, const char *id, struct leistung *out)
{
    struct db_param p[] = {DBP_TEXT(id)};
    return zeile_query_one(c, sql_get, p, 1, read_leistung, a, out);
}

static const char sql_beliebt[] =
    LEISTUNG_COLS "WHERE l.beliebtheit > 0 ORDER BY l.beliebtheit DESC, l.id LIMIT ?";

int
store_leistung_beliebt(struct db_conn *c, struct arena *a, int64_t max, struct leistung **out,
                       size_t *n)
{
    struct db_param p[] = {DBP_INT(max)};
    return zeile_query_list(c, sql_beliebt, p, 1, read_leistung, a, sizeof(**out), out, n);
}

static const char sql_page[] =
    LEISTUNG_COLS "WHERE (CAST(? AS TEXT) IS NULL OR (l.name, l.id) > (?, ?)) "
                  "ORDER BY l.name, l.id LIMIT ?";

int
store_leistung_page(struct db_conn *c, struct arena *a, const char *after_name,
                    const char *after_id, int64_t limit, struct leistung **out, size_t *n)
{
    struct db_param p[] = {DBP_TEXT(after_id), DBP_TEXT(after_name), DBP_TEXT(after_id),
                           DBP_INT(limit)};
    return zeile_query_list(c, sql_page, p, 4, read_leistung, a, sizeof(**out), out, n);
}

/* Search candidates need no long description: the same columns, the long ones as NULL. */
#define LEISTUNG_SELECT_KURZ                                                                       \
    "SELECT l.id, l.leika, l.name, l.typisierung, l.ozg_id, o.name, ll.name, t.name, "             \
    " NULL, l.kurztext, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, l.ebene, l.suchtext, "     \
    " l.beliebtheit, l.is_demo "

/* Driving the join from the FTS table lets SQLite look each hit up by rowid; an IN subquery
 * was ten times slower. */
static const char sql_search_sqlite[] =
    LEISTUNG_SELECT_KURZ "FROM leistung_fts f JOIN leistung l ON l.rowid = f.rowid " LEISTUNG_JOINS
                         "WHERE leistung_fts MATCH ? LIMIT ?";
static const char sql_search_pg[] = LEISTUNG_SELECT_KURZ
    "FROM leistung l " LEISTUNG_JOINS "WHERE l.suchvektor @@ to_tsquery('simple', ?) LIMIT ?";

static bool
is_stem(const char *s)
{
    if (!*s || strlen(s) > 63)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

int
store_leistung_search(struct db_conn *c, struct arena *a, const char *const *stems, size_t n_stems,
                      bool all, size_t max, struct leistung **out, size_t *n)
{
    struct buf q = BUF_INIT(4096);
    bool pg = db_conn_kind(c) == DB_PG;
    int rc = ERR_OK;

    for (size_t i = 0; rc == ERR_OK && i < n_stems; i++) {
        if (!is_stem(stems[i])) {
            rc = ERR_INVALID;
            break;
        }
        if (i)
            rc = buf_puts(&q, pg ? (all ? " & " : " | ") : (all ? " AND " : " OR "));
        if (rc == ERR_OK)
            rc = pg ? buf_printf(&q, "%s:*", stems[i]) : buf_printf(&q, "\"%s\"*", stems[i]);
    }
    if (rc == ERR_OK && q.len == 0) {
        *out = NULL;
        *n = 0;
        buf_free(&q);
        return ERR_OK;
    }
    if (rc == ERR_OK) {
        struct db_param p[] = {DBP_TEXTN(buf_cstr(&q), q.len), DBP_INT(max)};
        rc = zeile_query_list(c, pg ? sql_search_pg : sql_search_sqlite, p, 2, read_leistung, a,
                              sizeof(**out), out, n);
    }
    buf_free(&q);
    return rc;
}

static const char sql_alle_kurz[] =
    LEISTUNG_SELECT_KURZ "FROM leistung l " LEISTUNG_JOINS "ORDER BY l.id";

int
store_leistung_alle_kurz(struct db_conn *c, struct arena *a, struct leistung **out, size_t *n)
{
    return zeile_query_list(c, sql_alle_kurz, NULL, 0, read_leistung, a, sizeof(**out), out, n);
}

static const char sql_each[] = "SELECT id, name, suchtext FROM leistung";

int
store_leistung_each_suchtext(struct db_conn *c, store_text_fn fn, void *ctx)
{
    struct db_rows *rows;
    bool has;
    int rc = db_query(c, sql_each, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        const char *id = db_rows_text(rows, 0), *name = db_rows_text(rows, 1);
        const char *t = db_rows_text(rows, 2);
        if (id && name && (rc = fn(ctx, id, name, t ? t : "")) != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_meta[] = "SELECT value FROM meta WHERE key = ?";

int
store_meta_get(struct db_conn *c, struct arena *a, const char *key, const char **out)
{
    struct db_param p[] = {DBP_TEXT(key)};
    struct db_rows *rows;
    bool has;
    int rc = db_query(c, sql_meta, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    *out = NULL;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && has) {
        *out = COPY(0);
        if (!*out)
            rc = ERR_NOMEM;
    }
    db_rows_free(rows);
    return rc;
}

#define STELLEN_COLS                                                                               \
    "SELECT z.leistung_id, oe.id, b.id, oe.name, b.name, z.gebiet_ags, "                           \
    " COALESCE(oe.strasse, b.strasse), COALESCE(oe.plz, b.plz), COALESCE(oe.ort, b.ort), "         \
    " COALESCE(oe.telefon, b.telefon), COALESCE(oe.email, b.email), b.webseite, "                  \
    " oe.oeffnungszeiten, od.name, od.url, od.seit, COALESCE(od.reifegrad, -1), z.is_demo "        \
    "FROM zustaendigkeit z JOIN organisationseinheit oe ON oe.id = z.oe_id "                       \
    "JOIN behoerde b ON b.id = oe.behoerde_id "                                                    \
    "LEFT JOIN onlinedienst od ON od.id = z.onlinedienst_id "

static const char sql_stellen[] =
    STELLEN_COLS "WHERE z.leistung_id = ? AND z.gebiet_ags IN (?, ?, ?, '08') "
                 "ORDER BY LENGTH(z.gebiet_ags) DESC, oe.name, oe.id LIMIT 20";
/* The Leistung ids come as one bound JSON array: one statement for any number of them. */
static const char sql_stellen_fuer_sqlite[] =
    STELLEN_COLS "WHERE z.leistung_id IN (SELECT value FROM json_each(?)) "
                 "AND z.gebiet_ags IN (?, ?, ?, '08') "
                 "ORDER BY z.leistung_id, LENGTH(z.gebiet_ags) DESC, oe.name, oe.id LIMIT 2000";
static const char sql_stellen_fuer_pg[] =
    STELLEN_COLS "WHERE z.leistung_id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))) "
                 "AND z.gebiet_ags IN (?, ?, ?, '08') "
                 "ORDER BY z.leistung_id, LENGTH(z.gebiet_ags) DESC, oe.name, oe.id LIMIT 2000";

static int
read_stellen(struct db_rows *rows, struct arena *a, struct stelle **out, size_t *n_out)
{
    struct stelle *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct stelle *s = &arr[n++];
        s->leistung_id = COPY(0);
        s->oe_id = db_rows_int(rows, 1);
        s->behoerde_id = db_rows_int(rows, 2);
        s->oe_name = COPY(3);
        s->behoerde_name = COPY(4);
        s->gebiet_ags = COPY(5);
        s->strasse = COPY(6);
        s->plz = COPY(7);
        s->ort = COPY(8);
        s->telefon = COPY(9);
        s->email = COPY(10);
        s->webseite = COPY(11);
        s->oeffnungszeiten = COPY(12);
        s->onlinedienst_name = COPY(13);
        s->onlinedienst_url = COPY(14);
        s->onlinedienst_seit = COPY(15);
        s->reifegrad = db_rows_int(rows, 16);
        s->is_demo = db_rows_int(rows, 17) != 0;
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

int
store_stellen(struct db_conn *c, struct arena *a, const char *leistung_id, const char *gemeinde_ags,
              const char *kreis_ags, const char *rb_ags, struct stelle **out, size_t *n)
{
    struct db_param p[] = {DBP_TEXT(leistung_id), DBP_TEXT(gemeinde_ags), DBP_TEXT(kreis_ags),
                           DBP_TEXT(rb_ags)};
    struct db_rows *rows;
    int rc = db_query(c, sql_stellen, p, 4, &rows);
    if (rc != ERR_OK)
        return rc;
    return read_stellen(rows, a, out, n);
}

int
store_stellen_fuer(struct db_conn *c, struct arena *a, const char *const *leistung_ids,
                   size_t n_ids, const char *gemeinde_ags, const char *kreis_ags,
                   const char *rb_ags, struct stelle **out, size_t *n)
{
    struct buf ids = BUF_INIT(64 * 1024);
    int rc = buf_putc(&ids, '[');
    for (size_t i = 0; rc == ERR_OK && i < n_ids; i++) {
        /* ids are checked [a-z0-9-]: nothing to escape */
        for (const char *p = leistung_ids[i]; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
                rc = ERR_INVALID;
        if (rc == ERR_OK)
            rc = buf_printf(&ids, "%s\"%s\"", i ? "," : "", leistung_ids[i]);
    }
    if (rc == ERR_OK)
        rc = buf_putc(&ids, ']');
    if (rc == ERR_OK) {
        struct db_param p[] = {DBP_TEXTN(buf_cstr(&ids), ids.len), DBP_TEXT(gemeinde_ags),
                               DBP_TEXT(kreis_ags), DBP_TEXT(rb_ags)};
        struct db_rows *rows;
        rc = db_query(c, db_conn_kind(c) == DB_PG ? sql_stellen_fuer_pg : sql_stellen_fuer_sqlite,
                      p, 4, &rows);
        if (rc == ERR_OK)
            rc = read_stellen(rows, a, out, n);
    }
    buf_free(&ids);
    return rc;
}

static const char sql_ids_at[] = "SELECT DISTINCT leistung_id FROM zustaendigkeit "
                                 "WHERE gebiet_ags IN (?, ?, ?, '08') ORDER BY leistung_id";

int
store_leistung_ids_at(struct db_conn *c, struct arena *a, const char *gemeinde_ags,
                      const char *kreis_ags, const char *rb_ags, const char ***out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(gemeinde_ags), DBP_TEXT(kreis_ags), DBP_TEXT(rb_ags)};
    struct db_rows *rows;
    const char **arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_ids_at, p, 3, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr))) || !(arr[n] = COPY(0))) {
            rc = ERR_NOMEM;
            break;
        }
        n++;
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}
