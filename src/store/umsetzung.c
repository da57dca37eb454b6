#include "store/umsetzung.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"

#define COPY(col) zeile_dup(a, db_rows_text(rows, (col)))

static void *
grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 64;
    void *p = arena_alloc(a, ncap * size);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, arr, n * size);
    *cap = ncap;
    return p;
}

/* "08115%" from a prefix, in `buf`; ERR_INVALID when it does not fit or is not digits. */
static int
like_of(const char *prefix, char *buf, size_t len)
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (n + 2 > len)
        return ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (prefix[i] < '0' || prefix[i] > '9')
            return ERR_INVALID;
    if (n)
        memcpy(buf, prefix, n);
    buf[n] = '%';
    buf[n + 1] = '\0';
    return ERR_OK;
}

static const char sql_gemeinden[] =
    "SELECT g.ags, g.name_kurz, g.kreis_ags, k.name, g.typ, g.einwohner "
    "FROM gemeinde g JOIN kreis k ON k.ags = g.kreis_ags WHERE g.ags LIKE ? ORDER BY g.ags";

int
store_ums_gemeinden(struct db_conn *c, struct arena *a, const char *prefix,
                    struct ums_gemeinde **out, size_t *n_out)
{
    char like[16];
    struct db_rows *rows;
    struct ums_gemeinde *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = like_of(prefix, like, sizeof(like));
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(like)};
    rc = db_query(c, sql_gemeinden, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct ums_gemeinde *g = &arr[n++];
        g->ags = COPY(0);
        g->name = COPY(1);
        g->kreis_ags = COPY(2);
        g->kreis = COPY(3);
        g->typ = COPY(4);
        g->einwohner = db_rows_int(rows, 5);
        if (!g->ags || !g->name || !g->kreis_ags || !g->kreis) {
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

static const char sql_ozg[] =
    "SELECT o.id, o.name, ll.name, t.name, t.id FROM ozg_leistung o "
    "LEFT JOIN lebenslage ll ON ll.id = o.lebenslage_id "
    "LEFT JOIN themenfeld t ON t.id = o.themenfeld_id "
    "WHERE (CAST(? AS INTEGER) = 0 OR o.id = CAST(? AS INTEGER)) ORDER BY o.id";

int
store_ums_ozg(struct db_conn *c, struct arena *a, int64_t ozg_id, struct ums_ozg **out,
              size_t *n_out)
{
    struct db_param p[] = {DBP_INT(ozg_id), DBP_INT(ozg_id)};
    struct db_rows *rows;
    struct ums_ozg *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_ozg, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct ums_ozg *o = &arr[n++];
        o->id = db_rows_int(rows, 0);
        o->name = COPY(1);
        o->lebenslage = COPY(2);
        o->themenfeld = COPY(3);
        o->themenfeld_id = db_rows_is_null(rows, 4) ? 0 : db_rows_int(rows, 4);
        if (!o->name) {
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

/* Grouped per area and OZG-Leistung, so that a Leistung with several offices or services
 * counts once. Land- and Regierungsbezirk-wide responsibilities are not the municipalities'
 * implementation and are left out. */
static const char sql_plattform[] =
    "SELECT z.gebiet_ags, l.ozg_id, MAX(od.reifegrad), MIN(od.seit), MIN(od.name), MIN(od.url), "
    " MAX(CASE WHEN EXISTS (SELECT 1 FROM formular f WHERE f.leistung_id = z.leistung_id "
    "   AND f.status = 'veroeffentlicht' "
    "   AND (f.behoerde_id = oe.behoerde_id OR f.behoerde_id IS NULL)) THEN 1 ELSE 0 END), "
    " SUM((SELECT COUNT(*) FROM antrag an WHERE an.behoerde_id = oe.behoerde_id "
    "   AND an.leistung_id = z.leistung_id AND an.eingereicht IS NOT NULL)) "
    "FROM zustaendigkeit z "
    "JOIN onlinedienst od ON od.id = z.onlinedienst_id "
    "JOIN organisationseinheit oe ON oe.id = z.oe_id "
    "JOIN leistung l ON l.id = z.leistung_id "
    "WHERE l.ozg_id IS NOT NULL AND z.gebiet_ags LIKE ? "
    "  AND (length(z.gebiet_ags) = 5 OR length(z.gebiet_ags) = 8) "
    "  AND (CAST(? AS INTEGER) = 0 OR l.ozg_id = CAST(? AS INTEGER)) "
    "GROUP BY z.gebiet_ags, l.ozg_id ORDER BY z.gebiet_ags, l.ozg_id";

int
store_ums_plattform_each(struct db_conn *c, const char *prefix, int64_t ozg_id,
                         store_ums_plattform_fn fn, void *ctx)
{
    char like[16];
    struct db_rows *rows;
    bool has;
    int rc = like_of(prefix, like, sizeof(like));
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(like), DBP_INT(ozg_id), DBP_INT(ozg_id)};
    rc = db_query(c, sql_plattform, p, 3, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct ums_plattform x = {
            .gebiet_ags = db_rows_text(rows, 0),
            .ozg_id = db_rows_int(rows, 1),
            .reifegrad = (int)db_rows_int(rows, 2),
            .seit = db_rows_text(rows, 3),
            .onlinedienst = db_rows_text(rows, 4),
            .url = db_rows_text(rows, 5),
            .formular = db_rows_int(rows, 6) != 0,
            .eingereicht = db_rows_is_null(rows, 7) ? 0 : db_rows_int(rows, 7),
        };
        rc = fn(ctx, &x);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

/* "08115" → ["08115", "08116"): the key range of a prefix ("" → all digit keys). */
static int
range_of_prefix(const char *prefix, char lo[16], char hi[16])
{
    size_t n = prefix ? strlen(prefix) : 0;
    if (n + 1 > 15)
        return ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (prefix[i] < '0' || prefix[i] > '9')
            return ERR_INVALID;
    if (n)
        memcpy(lo, prefix, n);
    lo[n] = '\0';
    if (n == 0) {
        hi[0] = ':'; /* after every digit */
        hi[1] = '\0';
        return ERR_OK;
    }
    memcpy(hi, prefix, n + 1);
    hi[n - 1]++; /* '9' + 1 is ':', still above every key with this prefix */
    return ERR_OK;
}

static const char sql_roh[] =
    "SELECT z.gebiet_ags, z.leistung_id, z.onlinedienst_id, od.reifegrad, od.seit "
    "FROM zustaendigkeit z JOIN onlinedienst od ON od.id = z.onlinedienst_id "
    "WHERE z.gebiet_ags >= ? AND z.gebiet_ags < ? AND z.onlinedienst_id IS NOT NULL";
/* covered by the index zustaendigkeit_online */
static const char sql_roh_ohne[] =
    "SELECT z.gebiet_ags, z.leistung_id, z.onlinedienst_id, 0, NULL FROM zustaendigkeit z "
    "WHERE z.gebiet_ags >= ? AND z.gebiet_ags < ? AND z.onlinedienst_id IS NOT NULL";

int
store_ums_roh_each(struct db_conn *c, const char *prefix, bool mit_dienst, store_ums_roh_fn fn,
                   void *ctx)
{
    char lo[16], hi[16];
    struct db_rows *rows;
    bool has;
    int rc = range_of_prefix(prefix, lo, hi);
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(lo), DBP_TEXT(hi)};
    rc = db_query(c, mit_dienst ? sql_roh : sql_roh_ohne, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct ums_roh r = {
            .gebiet_ags = db_rows_text(rows, 0),
            .leistung_id = db_rows_text(rows, 1),
            .onlinedienst_id = db_rows_int(rows, 2),
            .reifegrad = (int)db_rows_int(rows, 3),
            .seit = db_rows_text(rows, 4),
        };
        rc = fn(ctx, &r);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_dienste_max[] = "SELECT MAX(id) FROM onlinedienst";

int
store_ums_dienste_max(struct db_conn *c, int64_t *max_id)
{
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_dienste_max, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK)
        *max_id = has && !db_rows_is_null(rows, 0) ? db_rows_int(rows, 0) : 0;
    db_rows_free(rows);
    return rc;
}

static const char sql_dienste[] = "SELECT id, reifegrad, seit FROM onlinedienst";

int
store_ums_dienste_each(struct db_conn *c, store_ums_dienst_fn fn, void *ctx)
{
    struct db_rows *rows;
    bool has;
    int rc = db_query(c, sql_dienste, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        rc = fn(ctx, db_rows_int(rows, 0), (int)db_rows_int(rows, 1), db_rows_text(rows, 2));
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_leistung_ozg[] =
    "SELECT id, ozg_id FROM leistung WHERE ozg_id IS NOT NULL ORDER BY id";

int
store_ums_leistung_ozg(struct db_conn *c, struct arena *a, struct ums_leistung_ozg **out,
                       size_t *n_out)
{
    struct db_rows *rows;
    struct ums_leistung_ozg *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_leistung_ozg, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        arr[n].id = COPY(0);
        arr[n].ozg_id = db_rows_int(rows, 1);
        if (!arr[n++].id) {
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

/* umsetzung_zahl: the counts of umsetzung_zelle per Gemeinde x Themenfeld, kept by triggers */
static const char sql_zahlen[] =
    "SELECT gemeinde_ags, themenfeld_id, online, plattform, meldung, reifegrad3 "
    "FROM umsetzung_zahl WHERE gemeinde_ags >= ? AND gemeinde_ags < ? AND online > 0 "
    "ORDER BY gemeinde_ags, themenfeld_id";

int
store_ums_zahlen_each(struct db_conn *c, const char *prefix, store_ums_zahlen_fn fn, void *ctx)
{
    char lo[16], hi[16];
    struct db_rows *rows;
    bool has;
    int rc = range_of_prefix(prefix, lo, hi);
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(lo), DBP_TEXT(hi)};
    rc = db_query(c, sql_zahlen, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct ums_zahlen z = {
            .gemeinde_ags = db_rows_text(rows, 0),
            .themenfeld_id = db_rows_int(rows, 1),
            .online = db_rows_int(rows, 2),
            .plattform = db_rows_int(rows, 3),
            .meldung = db_rows_int(rows, 4),
            .reifegrad3 = db_rows_int(rows, 5),
        };
        rc = z.gemeinde_ags ? fn(ctx, &z) : ERR_OK;
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

/* The whole Land without filters: one covering scan of umsetzung_zelle_seit. */
static const char sql_seit_land[] = "SELECT seit, COUNT(*) FROM umsetzung_zelle GROUP BY seit";
static const char sql_seit[] =
    "SELECT seit, COUNT(*) FROM umsetzung_zelle "
    "WHERE gemeinde_ags >= ? AND gemeinde_ags < ? "
    "  AND (CAST(? AS BIGINT) <= 0 OR themenfeld_id = CAST(? AS BIGINT)) "
    "  AND (CAST(? AS BIGINT) <= 0 OR gemeinde_ags IN (SELECT ags FROM gemeinde "
    "       WHERE einwohner >= CAST(? AS BIGINT) AND einwohner < CAST(? AS BIGINT))) "
    "GROUP BY seit";

int
store_ums_seit_each(struct db_conn *c, const struct ums_seit_filter *f, store_ums_seit_fn fn,
                    void *ctx)
{
    char lo[16], hi[16];
    struct db_rows *rows;
    bool has;
    int rc = range_of_prefix(f->prefix, lo, hi);
    if (rc != ERR_OK)
        return rc;
    bool land = (!f->prefix || !*f->prefix) && f->themenfeld_id <= 0 && f->ew_max <= 0;
    struct db_param p[] = {DBP_TEXT(lo),
                           DBP_TEXT(hi),
                           DBP_INT(f->themenfeld_id),
                           DBP_INT(f->themenfeld_id),
                           DBP_INT(f->ew_max),
                           DBP_INT(f->ew_min),
                           DBP_INT(f->ew_max)};
    rc = land ? db_query(c, sql_seit_land, NULL, 0, &rows)
              : db_query(c, sql_seit, p, sizeof(p) / sizeof(p[0]), &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        rc = fn(ctx, db_rows_is_null(rows, 0) ? NULL : db_rows_text(rows, 0), db_rows_int(rows, 1));
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_meldungen[] =
    "SELECT m.gemeinde_ags, m.ozg_id, m.online, m.reifegrad, m.seit, m.onlinedienst_name, "
    " m.url, m.behoerde_id, m.konto_id, b.name, m.gemeldet_am "
    "FROM umsetzung_meldung m LEFT JOIN behoerde b ON b.id = m.behoerde_id "
    "WHERE m.gemeinde_ags LIKE ? AND (CAST(? AS INTEGER) = 0 OR m.ozg_id = CAST(? AS INTEGER)) "
    "ORDER BY m.gemeinde_ags, m.ozg_id";

int
store_ums_meldung_each(struct db_conn *c, const char *prefix, int64_t ozg_id,
                       store_ums_meldung_fn fn, void *ctx)
{
    char like[16];
    struct db_rows *rows;
    bool has;
    int rc = like_of(prefix, like, sizeof(like));
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(like), DBP_INT(ozg_id), DBP_INT(ozg_id)};
    rc = db_query(c, sql_meldungen, p, 3, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct ums_meldung m = {
            .gemeinde_ags = db_rows_text(rows, 0),
            .ozg_id = db_rows_int(rows, 1),
            .online = db_rows_int(rows, 2) != 0,
            .reifegrad = (int)db_rows_int(rows, 3),
            .seit = db_rows_text(rows, 4),
            .onlinedienst = db_rows_text(rows, 5),
            .url = db_rows_text(rows, 6),
            .behoerde_id = db_rows_is_null(rows, 7) ? 0 : db_rows_int(rows, 7),
            .konto_id = db_rows_is_null(rows, 8) ? 0 : db_rows_int(rows, 8),
            .behoerde = db_rows_text(rows, 9),
            .gemeldet_am = db_rows_int(rows, 10),
        };
        rc = fn(ctx, &m);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_meldung_put[] =
    "INSERT INTO umsetzung_meldung (gemeinde_ags, ozg_id, online, reifegrad, seit, "
    " onlinedienst_name, url, behoerde_id, konto_id, gemeldet_am) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (gemeinde_ags, ozg_id) DO UPDATE SET online = excluded.online, "
    " reifegrad = excluded.reifegrad, seit = excluded.seit, "
    " onlinedienst_name = excluded.onlinedienst_name, url = excluded.url, "
    " behoerde_id = excluded.behoerde_id, konto_id = excluded.konto_id, "
    " gemeldet_am = excluded.gemeldet_am";

int
store_ums_meldung_put(struct db_conn *c, const struct ums_meldung *m)
{
    struct db_param p[] = {
        DBP_TEXT(m->gemeinde_ags), DBP_INT(m->ozg_id),     DBP_INT(m->online ? 1 : 0),
        DBP_INT(m->reifegrad),     DBP_TEXT(m->seit),      DBP_TEXT(m->onlinedienst),
        DBP_TEXT(m->url),          dbp_id(m->behoerde_id), dbp_id(m->konto_id),
        DBP_INT(m->gemeldet_am),
    };
    return db_exec(c, sql_meldung_put, p, sizeof(p) / sizeof(p[0]), NULL);
}

static const char sql_bausteine[] =
    "SELECT id, gemeinde_ags, art, name, hersteller, seit, behoerde_id, konto_id, gemeldet_am "
    "FROM baustein WHERE gemeinde_ags = ? ORDER BY art, name";

int
store_ums_bausteine(struct db_conn *c, struct arena *a, const char *gemeinde_ags,
                    struct ums_baustein **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(gemeinde_ags)};
    struct db_rows *rows;
    struct ums_baustein *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_bausteine, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct ums_baustein *b = &arr[n++];
        b->id = db_rows_int(rows, 0);
        b->gemeinde_ags = COPY(1);
        b->art = COPY(2);
        b->name = COPY(3);
        b->hersteller = COPY(4);
        b->seit = COPY(5);
        b->behoerde_id = db_rows_is_null(rows, 6) ? 0 : db_rows_int(rows, 6);
        b->konto_id = db_rows_is_null(rows, 7) ? 0 : db_rows_int(rows, 7);
        b->gemeldet_am = db_rows_int(rows, 8);
        if (!b->gemeinde_ags || !b->art || !b->name) {
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

static const char sql_baustein_put[] =
    "INSERT INTO baustein (gemeinde_ags, art, name, hersteller, seit, behoerde_id, konto_id, "
    " gemeldet_am) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (gemeinde_ags, art, name) DO UPDATE SET hersteller = excluded.hersteller, "
    " seit = excluded.seit, behoerde_id = excluded.behoerde_id, konto_id = excluded.konto_id, "
    " gemeldet_am = excluded.gemeldet_am";

int
store_ums_baustein_put(struct db_conn *c, const struct ums_baustein *b)
{
    struct db_param p[] = {
        DBP_TEXT(b->gemeinde_ags), DBP_TEXT(b->art),        DBP_TEXT(b->name),
        DBP_TEXT(b->hersteller),   DBP_TEXT(b->seit),       dbp_id(b->behoerde_id),
        dbp_id(b->konto_id),       DBP_INT(b->gemeldet_am),
    };
    return db_exec(c, sql_baustein_put, p, sizeof(p) / sizeof(p[0]), NULL);
}

static const char sql_checkliste[] =
    "SELECT ozg_id, schritt, notiz, erledigt, geaendert FROM checkliste "
    "WHERE gemeinde_ags = ? AND (CAST(? AS INTEGER) = 0 OR ozg_id = CAST(? AS INTEGER)) "
    "ORDER BY ozg_id, schritt";

int
store_ums_checkliste(struct db_conn *c, struct arena *a, const char *gemeinde_ags, int64_t ozg_id,
                     struct ums_schritt **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(gemeinde_ags), DBP_INT(ozg_id), DBP_INT(ozg_id)};
    struct db_rows *rows;
    struct ums_schritt *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_checkliste, p, 3, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct ums_schritt *s = &arr[n++];
        s->ozg_id = db_rows_int(rows, 0);
        s->schritt = COPY(1);
        s->notiz = COPY(2);
        s->erledigt = db_rows_int(rows, 3) != 0;
        s->geaendert = db_rows_int(rows, 4);
        if (!s->schritt) {
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

static const char sql_schritt_put[] =
    "INSERT INTO checkliste (gemeinde_ags, ozg_id, schritt, erledigt, notiz, konto_id, geaendert) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (gemeinde_ags, ozg_id, schritt) DO UPDATE SET erledigt = excluded.erledigt, "
    " notiz = excluded.notiz, konto_id = excluded.konto_id, geaendert = excluded.geaendert";

int
store_ums_schritt_put(struct db_conn *c, const char *gemeinde_ags, const struct ums_schritt *s,
                      int64_t konto_id)
{
    struct db_param p[] = {
        DBP_TEXT(gemeinde_ags),       DBP_INT(s->ozg_id), DBP_TEXT(s->schritt),
        DBP_INT(s->erledigt ? 1 : 0), DBP_TEXT(s->notiz), dbp_id(konto_id),
        DBP_INT(s->geaendert),
    };
    return db_exec(c, sql_schritt_put, p, sizeof(p) / sizeof(p[0]), NULL);
}

/* The newest report per Gemeinde: the row with the greatest (gemeldet_am, id). */
static const char sql_eakte[] =
    "SELECT e.gemeinde_ags, e.stufe, e.seit, e.gemeldet_am FROM eakte_stufe e "
    "WHERE e.gemeinde_ags LIKE ? AND NOT EXISTS (SELECT 1 FROM eakte_stufe n "
    "  WHERE n.gemeinde_ags = e.gemeinde_ags AND (n.gemeldet_am > e.gemeldet_am "
    "  OR (n.gemeldet_am = e.gemeldet_am AND n.id > e.id))) "
    "ORDER BY e.gemeinde_ags";

int
store_ums_eakte_each(struct db_conn *c, const char *prefix, store_ums_eakte_fn fn, void *ctx)
{
    char like[16];
    struct db_rows *rows;
    bool has;
    int rc = like_of(prefix, like, sizeof(like));
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(like)};
    rc = db_query(c, sql_eakte, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct ums_eakte e = {
            .gemeinde_ags = db_rows_text(rows, 0),
            .stufe = db_rows_text(rows, 1),
            .seit = db_rows_text(rows, 2),
            .gemeldet_am = db_rows_int(rows, 3),
        };
        rc = fn(ctx, &e);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_eakte_put[] =
    "INSERT INTO eakte_stufe (gemeinde_ags, stufe, seit, behoerde_id, konto_id, gemeldet_am) "
    "VALUES (?, ?, ?, ?, ?, ?)";

int
store_ums_eakte_put(struct db_conn *c, const char *gemeinde_ags, const char *stufe,
                    const char *seit, int64_t behoerde_id, int64_t konto_id, int64_t jetzt)
{
    struct db_param p[] = {DBP_TEXT(gemeinde_ags), DBP_TEXT(stufe),  DBP_TEXT(seit),
                           dbp_id(behoerde_id),    dbp_id(konto_id), DBP_INT(jetzt)};
    return db_exec(c, sql_eakte_put, p, sizeof(p) / sizeof(p[0]), NULL);
}

static const char sql_eakte_nutzung[] =
    "SELECT b.gemeinde_ags, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM akte a "
    "  WHERE a.behoerde_id = o.behoerde_id AND a.oe_id = o.id) OR EXISTS (SELECT 1 FROM vorgang v "
    "  WHERE v.behoerde_id = o.behoerde_id AND v.oe_id = o.id) THEN 1 ELSE 0 END) "
    "FROM organisationseinheit o JOIN behoerde b ON b.id = o.behoerde_id "
    "WHERE b.art = 'gemeinde' AND b.gemeinde_ags >= ? AND b.gemeinde_ags < ? "
    "GROUP BY b.gemeinde_ags ORDER BY b.gemeinde_ags";

int
store_ums_eakte_nutzung_each(struct db_conn *c, const char *prefix, store_ums_eakte_nutzung_fn fn,
                             void *ctx)
{
    char lo[16], hi[16];
    struct db_rows *rows;
    bool has;
    int rc = range_of_prefix(prefix, lo, hi);
    if (rc != ERR_OK)
        return rc;
    struct db_param p[] = {DBP_TEXT(lo), DBP_TEXT(hi)};
    rc = db_query(c, sql_eakte_nutzung, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct ums_eakte_nutzung n = {
            .gemeinde_ags = db_rows_text(rows, 0),
            .aemter = db_rows_int(rows, 1),
            .aemter_mit_akten = db_rows_is_null(rows, 2) ? 0 : db_rows_int(rows, 2),
        };
        rc = n.gemeinde_ags ? fn(ctx, &n) : ERR_OK;
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    return rc;
}

static const char sql_behoerde_of[] =
    "SELECT 1 FROM behoerde WHERE id = ? AND gemeinde_ags = ? AND art = 'gemeinde'";

int
store_ums_behoerde_of(struct db_conn *c, int64_t behoerde_id, const char *gemeinde_ags,
                      bool *is_own)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_TEXT(gemeinde_ags)};
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql_behoerde_of, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    db_rows_free(rows);
    if (rc == ERR_OK)
        *is_own = has;
    return rc;
}

static const char sql_stand_sqlite[] = "SELECT version, 0 FROM lagebild_stand WHERE id = 1";
static const char sql_stand_pg[] =
    "SELECT version, CASE WHEN tx = txid_current_if_assigned() THEN 1 ELSE 0 END "
    "FROM lagebild_stand WHERE id = 1";

int
store_ums_stand(struct db_conn *c, int64_t *version, bool *eigen)
{
    int64_t v[2];
    int rc = zeile_query_ints(c, db_conn_kind(c) == DB_PG ? sql_stand_pg : sql_stand_sqlite, NULL,
                              0, v, 2);
    if (rc == ERR_OK) {
        *version = v[0];
        *eigen = v[1] != 0;
    }
    return rc;
}
