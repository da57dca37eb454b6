#include "store/gebiet.h"

#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/arena_array.h"

#define COPY(col) arena_strdup_or_null(a, db_rows_text(rows, (col)))

static const char *
arena_strdup_or_null(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

/* Grow an arena array of `size`-byte elements to hold one more. */
static const char sql_rb[] =
    "SELECT rb.ags, rb.name, rb.sitz, "
    " (SELECT COALESCE(SUM(g.einwohner), 0) FROM gemeinde g JOIN kreis k ON k.ags = g.kreis_ags "
    "   WHERE k.regierungsbezirk_ags = rb.ags), "
    " (SELECT COUNT(*) FROM kreis k WHERE k.regierungsbezirk_ags = rb.ags), "
    " (SELECT COUNT(*) FROM gemeinde g JOIN kreis k ON k.ags = g.kreis_ags "
    "   WHERE k.regierungsbezirk_ags = rb.ags) "
    "FROM regierungsbezirk rb WHERE (CAST(? AS TEXT) IS NULL OR rb.ags = ?) ORDER BY rb.ags";

int
store_regierungsbezirk_list(struct db_conn *c, struct arena *a, const char *ags,
                            struct regierungsbezirk **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(ags), DBP_TEXT(ags)};
    struct db_rows *rows;
    struct regierungsbezirk *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_rb, p, 2, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct regierungsbezirk *r = &arr[n++];
        r->ags = COPY(0);
        r->name = COPY(1);
        r->sitz = COPY(2);
        r->einwohner = db_rows_int(rows, 3);
        r->n_kreise = db_rows_int(rows, 4);
        r->n_gemeinden = db_rows_int(rows, 5);
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

static const char sql_kreis[] =
    "SELECT k.ags, k.name, k.typ, k.verwaltungssitz, k.regierungsbezirk_ags, rb.name, r.name, "
    " (SELECT COALESCE(SUM(g.einwohner), 0) FROM gemeinde g WHERE g.kreis_ags = k.ags), "
    " (SELECT COUNT(*) FROM gemeinde g WHERE g.kreis_ags = k.ags), k.flaeche_km2 "
    "FROM kreis k JOIN regierungsbezirk rb ON rb.ags = k.regierungsbezirk_ags "
    "LEFT JOIN region r ON r.key = k.region_key "
    "WHERE (CAST(? AS TEXT) IS NULL OR k.regierungsbezirk_ags = ?) "
    "  AND (CAST(? AS TEXT) IS NULL OR k.ags = ?) "
    "ORDER BY k.name, k.ags";

int
store_kreis_list(struct db_conn *c, struct arena *a, const char *rb_ags, const char *ags,
                 struct kreis **out, size_t *n_out)
{
    struct db_param p[] = {DBP_TEXT(rb_ags), DBP_TEXT(rb_ags), DBP_TEXT(ags), DBP_TEXT(ags)};
    struct db_rows *rows;
    struct kreis *arr = NULL;
    size_t n = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql_kreis, p, 4, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, n, &cap, sizeof(*arr)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct kreis *k = &arr[n++];
        k->ags = COPY(0);
        k->name = COPY(1);
        k->typ = COPY(2);
        k->verwaltungssitz = COPY(3);
        k->regierungsbezirk_ags = COPY(4);
        k->regierungsbezirk = COPY(5);
        k->region = COPY(6);
        k->einwohner = db_rows_int(rows, 7);
        k->n_gemeinden = db_rows_int(rows, 8);
        k->flaeche_km2 = db_rows_double(rows, 9);
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    *out = arr;
    *n_out = n;
    return ERR_OK;
}

#define GEMEINDE_COLS                                                                              \
    "SELECT g.ags, g.ars, g.name, g.name_kurz, g.typ, g.plz, g.kreis_ags, k.name, "                \
    " k.regierungsbezirk_ags, rb.name, g.verband_ars, v.name, g.einwohner, g.flaeche_km2, "        \
    " g.plz_eindeutig, g.name_norm "                                                               \
    "FROM gemeinde g JOIN kreis k ON k.ags = g.kreis_ags "                                         \
    "JOIN regierungsbezirk rb ON rb.ags = k.regierungsbezirk_ags "                                 \
    "LEFT JOIN verband v ON v.ars = g.verband_ars "

static int
read_gemeinde(struct db_rows *rows, struct arena *a, void *out)
{
    struct gemeinde *g = out;
    g->ags = COPY(0);
    g->ars = COPY(1);
    g->name = COPY(2);
    g->name_kurz = COPY(3);
    g->typ = COPY(4);
    g->plz = COPY(5);
    g->kreis_ags = COPY(6);
    g->kreis = COPY(7);
    g->regierungsbezirk_ags = COPY(8);
    g->regierungsbezirk = COPY(9);
    g->verband_ars = COPY(10);
    g->verband = COPY(11);
    g->einwohner = db_rows_int(rows, 12);
    g->flaeche_km2 = db_rows_double(rows, 13);
    g->plz_eindeutig = db_rows_int(rows, 14) != 0;
    g->name_norm = COPY(15);
    return ERR_OK;
}

#define PAGE_FILTER                                                                                \
    "WHERE (CAST(? AS TEXT) IS NULL OR g.name_norm LIKE ?) "                                       \
    "  AND (CAST(? AS TEXT) IS NULL OR g.kreis_ags = ?) "

/* One statement per sort order and direction: dynamic SQL only picks from this fixed set. */
static const char *const sql_page[3][2] = {
    {GEMEINDE_COLS PAGE_FILTER "AND (CAST(? AS TEXT) IS NULL OR (g.name_norm, g.ags) > (?, ?)) "
                               "ORDER BY g.name_norm, g.ags LIMIT ?",
     GEMEINDE_COLS PAGE_FILTER "AND (CAST(? AS TEXT) IS NULL OR (g.name_norm, g.ags) < (?, ?)) "
                               "ORDER BY g.name_norm DESC, g.ags DESC LIMIT ?"},
    {GEMEINDE_COLS PAGE_FILTER "AND (CAST(? AS TEXT) IS NULL OR (g.einwohner, g.ags) > "
                               "(CAST(? AS BIGINT), ?)) ORDER BY g.einwohner, g.ags LIMIT ?",
     GEMEINDE_COLS PAGE_FILTER "AND (CAST(? AS TEXT) IS NULL OR (g.einwohner, g.ags) < "
                               "(CAST(? AS BIGINT), ?)) ORDER BY g.einwohner DESC, g.ags DESC "
                               "LIMIT ?"},
    {GEMEINDE_COLS PAGE_FILTER "AND (CAST(? AS TEXT) IS NULL OR g.ags > ?) "
                               "ORDER BY g.ags LIMIT ?",
     GEMEINDE_COLS PAGE_FILTER "AND (CAST(? AS TEXT) IS NULL OR g.ags < ?) "
                               "ORDER BY g.ags DESC LIMIT ?"},
};

int
store_gemeinde_page(struct db_conn *c, struct arena *a, const char *q_norm, const char *kreis_ags,
                    enum gemeinde_sort sort, bool desc, const char *after_key,
                    const char *after_ags, int64_t limit, struct gemeinde **out, size_t *n_out)
{
    char *like = NULL;
    if (q_norm) {
        like = arena_printf(a, "%s%%", q_norm);
        if (!like)
            return ERR_NOMEM;
    }
    struct db_param p[10];
    size_t np = 0;
    p[np++] = DBP_TEXT(like);
    p[np++] = DBP_TEXT(like);
    p[np++] = DBP_TEXT(kreis_ags);
    p[np++] = DBP_TEXT(kreis_ags);
    if (sort == GEMEINDE_SORT_AGS) {
        /* ags is unique: it is the whole key */
        p[np++] = DBP_TEXT(after_ags);
        p[np++] = DBP_TEXT(after_ags);
    } else {
        p[np++] = DBP_TEXT(after_ags);
        p[np++] = DBP_TEXT(after_key);
        p[np++] = DBP_TEXT(after_ags);
    }
    p[np++] = DBP_INT(limit);
    return zeile_query_list(c, sql_page[sort][desc ? 1 : 0], p, np, read_gemeinde, a, sizeof(**out),
                            out, n_out);
}

static const char sql_gemeinde_get[] = GEMEINDE_COLS "WHERE g.ags = ?";

int
store_gemeinde_get(struct db_conn *c, struct arena *a, const char *ags, struct gemeinde *out)
{
    struct db_param p[] = {DBP_TEXT(ags)};
    return zeile_query_one(c, sql_gemeinde_get, p, 1, read_gemeinde, a, out);
}

static const char sql_by_plz[] = GEMEINDE_COLS "WHERE g.ags IN (SELECT ags FROM gemeinde_plz "
                                               "WHERE plz = ?) ORDER BY g.einwohner DESC LIMIT ?";

int
store_gemeinde_by_plz(struct db_conn *c, struct arena *a, const char *plz, size_t max,
                      struct gemeinde **out, size_t *n)
{
    struct db_param p[] = {DBP_TEXT(plz), DBP_INT(max)};
    return zeile_query_list(c, sql_by_plz, p, 2, read_gemeinde, a, sizeof(**out), out, n);
}

static const char sql_by_name[] =
    GEMEINDE_COLS "WHERE g.name_norm LIKE ? "
                  "ORDER BY CASE WHEN g.name_norm = ? THEN 0 ELSE 1 END, g.einwohner DESC LIMIT ?";

int
store_gemeinde_by_name(struct db_conn *c, struct arena *a, const char *norm, size_t max,
                       struct gemeinde **out, size_t *n)
{
    char *like = arena_printf(a, "%s%%", norm);
    if (!like)
        return ERR_NOMEM;
    struct db_param p[] = {DBP_TEXT(like), DBP_TEXT(norm), DBP_INT(max)};
    return zeile_query_list(c, sql_by_name, p, 3, read_gemeinde, a, sizeof(**out), out, n);
}
