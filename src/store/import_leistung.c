#include "store/import_leistung.h"

#include <string.h>

#define N_PARAMS(a)     (sizeof(a) / sizeof((a)[0]))
#define P_ID_OR_NULL(v) ((v) != 0 ? DBP_INT(v) : DBP_NULL)

static const char sql_themenfeld[] = "INSERT INTO themenfeld (id, name) VALUES (?, ?) "
                                     "ON CONFLICT (id) DO UPDATE SET name = excluded.name";

int
store_import_themenfeld(struct db_conn *c, int64_t id, const char *name)
{
    struct db_param p[] = {DBP_INT(id), DBP_TEXT(name)};
    return db_exec(c, sql_themenfeld, p, N_PARAMS(p), NULL);
}

static const char sql_lebenslage[] =
    "INSERT INTO lebenslage (id, name, themenfeld_id) VALUES (?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, themenfeld_id = excluded.themenfeld_id";

int
store_import_lebenslage(struct db_conn *c, int64_t id, const char *name, int64_t themenfeld_id)
{
    struct db_param p[] = {DBP_INT(id), DBP_TEXT(name), P_ID_OR_NULL(themenfeld_id)};
    return db_exec(c, sql_lebenslage, p, N_PARAMS(p), NULL);
}

static const char sql_ozg[] =
    "INSERT INTO ozg_leistung (id, name, lebenslage_id, themenfeld_id, anzahl_leika) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
    "lebenslage_id = excluded.lebenslage_id, themenfeld_id = excluded.themenfeld_id, "
    "anzahl_leika = excluded.anzahl_leika";

int
store_import_ozg_leistung(struct db_conn *c, const struct import_ozg_leistung *o)
{
    struct db_param p[] = {DBP_INT(o->id), DBP_TEXT(o->name), P_ID_OR_NULL(o->lebenslage_id),
                           P_ID_OR_NULL(o->themenfeld_id),
                           o->has_anzahl_leika ? DBP_INT(o->anzahl_leika) : DBP_NULL};
    return db_exec(c, sql_ozg, p, N_PARAMS(p), NULL);
}

static const char sql_katalog[] =
    "INSERT INTO leistung (id, leika, name, typisierung, ozg_id, rechtsgrundlage, suchtext) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET leika = excluded.leika, "
    "name = excluded.name, typisierung = excluded.typisierung, ozg_id = excluded.ozg_id, "
    "rechtsgrundlage = excluded.rechtsgrundlage, suchtext = excluded.suchtext "
    /* an unchanged row is not rewritten (nor its search index entries) */
    "WHERE leistung.leika IS DISTINCT FROM excluded.leika "
    "OR leistung.name IS DISTINCT FROM excluded.name "
    "OR leistung.typisierung IS DISTINCT FROM excluded.typisierung "
    "OR leistung.ozg_id IS DISTINCT FROM excluded.ozg_id "
    "OR leistung.rechtsgrundlage IS DISTINCT FROM excluded.rechtsgrundlage "
    "OR leistung.suchtext IS DISTINCT FROM excluded.suchtext";

int
store_import_leistung_katalog(struct db_conn *c, const struct import_leistung *l)
{
    struct db_param p[] = {DBP_TEXT(l->id),
                           DBP_TEXT(l->leika),
                           DBP_TEXT(l->name),
                           DBP_TEXT(l->typisierung),
                           P_ID_OR_NULL(l->ozg_id),
                           DBP_TEXT(l->rechtsgrundlage),
                           DBP_TEXT(l->suchtext ? l->suchtext : "")};
    return db_exec(c, sql_katalog, p, N_PARAMS(p), NULL);
}

static const char sql_put[] =
    "INSERT INTO leistung (id, leika, name, typisierung, ozg_id, rechtsgrundlage, kurztext, "
    "volltext, berechtigte, unterlagen, kosten, bearbeitungsdauer, fristen, rechtsgrundlagen, "
    "suchbegriffe, ebene, beliebtheit, suchtext, aktualisiert) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (id) DO UPDATE SET leika = excluded.leika, name = excluded.name, "
    "typisierung = excluded.typisierung, ozg_id = excluded.ozg_id, "
    "rechtsgrundlage = excluded.rechtsgrundlage, kurztext = excluded.kurztext, "
    "volltext = excluded.volltext, berechtigte = excluded.berechtigte, "
    "unterlagen = excluded.unterlagen, kosten = excluded.kosten, "
    "bearbeitungsdauer = excluded.bearbeitungsdauer, fristen = excluded.fristen, "
    "rechtsgrundlagen = excluded.rechtsgrundlagen, suchbegriffe = excluded.suchbegriffe, "
    "ebene = excluded.ebene, beliebtheit = excluded.beliebtheit, suchtext = excluded.suchtext, "
    "aktualisiert = excluded.aktualisiert";

int
store_import_leistung_put(struct db_conn *c, const struct import_leistung *l)
{
    struct db_param p[] = {DBP_TEXT(l->id),           DBP_TEXT(l->leika),
                           DBP_TEXT(l->name),         DBP_TEXT(l->typisierung),
                           P_ID_OR_NULL(l->ozg_id),   DBP_TEXT(l->rechtsgrundlage),
                           DBP_TEXT(l->kurztext),     DBP_TEXT(l->volltext),
                           DBP_TEXT(l->berechtigte),  DBP_TEXT(l->unterlagen),
                           DBP_TEXT(l->kosten),       DBP_TEXT(l->bearbeitungsdauer),
                           DBP_TEXT(l->fristen),      DBP_TEXT(l->rechtsgrundlagen),
                           DBP_TEXT(l->suchbegriffe), DBP_TEXT(l->ebene),
                           DBP_INT(l->beliebtheit),   DBP_TEXT(l->suchtext ? l->suchtext : ""),
                           DBP_TEXT(l->aktualisiert)};
    return db_exec(c, sql_put, p, N_PARAMS(p), NULL);
}

static const char sql_get[] =
    "SELECT id, leika, name, typisierung, ozg_id, rechtsgrundlage, kurztext, volltext, "
    "berechtigte, unterlagen, kosten, bearbeitungsdauer, fristen, rechtsgrundlagen, "
    "suchbegriffe, ebene, beliebtheit, aktualisiert FROM leistung WHERE id = ? OR leika = ? "
    "ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1";

/* Column `col` of the current row copied into `a` into *out (NULL for SQL NULL). */
static int
copy_col(struct arena *a, struct db_rows *r, int col, const char **out)
{
    if (db_rows_is_null(r, col)) {
        *out = NULL;
        return ERR_OK;
    }
    char *s = arena_strndup(a, db_rows_text(r, col), db_rows_len(r, col));
    if (!s)
        return ERR_NOMEM;
    *out = s;
    return ERR_OK;
}

int
store_import_leistung_get(struct db_conn *c, struct arena *a, const char *id, const char *leika,
                          struct import_leistung *out, bool *found)
{
    struct db_param p[] = {DBP_TEXT(id), DBP_TEXT(leika), DBP_TEXT(id)};
    struct db_rows *r = NULL;
    struct import_leistung l = {0};
    bool has = false;

    int rc = db_query(c, sql_get, p, N_PARAMS(p), &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has);
    if (rc != ERR_OK || !has)
        goto out;
    const char **text[] = {&l.id,
                           &l.leika,
                           &l.name,
                           &l.typisierung,
                           NULL,
                           &l.rechtsgrundlage,
                           &l.kurztext,
                           &l.volltext,
                           &l.berechtigte,
                           &l.unterlagen,
                           &l.kosten,
                           &l.bearbeitungsdauer,
                           &l.fristen,
                           &l.rechtsgrundlagen,
                           &l.suchbegriffe,
                           &l.ebene,
                           NULL,
                           &l.aktualisiert};
    for (int i = 0; i < (int)N_PARAMS(text) && rc == ERR_OK; i++)
        if (text[i])
            rc = copy_col(a, r, i, text[i]);
    if (rc != ERR_OK)
        goto out;
    l.ozg_id = db_rows_is_null(r, 4) ? 0 : db_rows_int(r, 4);
    l.beliebtheit = db_rows_int(r, 16);
out:
    db_rows_free(r);
    if (rc == ERR_OK) {
        *found = has;
        if (has)
            *out = l;
    }
    return rc;
}

static const char sql_beschrieben[] =
    "SELECT id, leika, suchbegriffe, kurztext FROM leistung WHERE suchbegriffe IS NOT NULL "
    "OR kurztext IS NOT NULL OR (leika IS NOT NULL AND leika <> id)";

int
store_import_leistung_beschrieben(struct db_conn *c, struct arena *a, struct import_leistung **out,
                                  size_t *n)
{
    struct db_rows *r = NULL;
    struct import_leistung *v = NULL, *grown;
    size_t len = 0, cap = 0;
    bool has = false;

    int rc = db_query(c, sql_beschrieben, NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    for (;;) {
        rc = db_rows_next(r, &has);
        if (rc != ERR_OK || !has)
            break;
        if (len == cap) {
            cap = cap ? cap * 2 : 64;
            grown = arena_alloc(a, cap * sizeof(*grown));
            if (!grown) {
                rc = ERR_NOMEM;
                break;
            }
            if (len)
                memcpy(grown, v, len * sizeof(*grown));
            v = grown;
        }
        struct import_leistung *l = &v[len];
        memset(l, 0, sizeof(*l));
        rc = copy_col(a, r, 0, &l->id);
        if (rc == ERR_OK)
            rc = copy_col(a, r, 1, &l->leika);
        if (rc == ERR_OK)
            rc = copy_col(a, r, 2, &l->suchbegriffe);
        if (rc == ERR_OK)
            rc = copy_col(a, r, 3, &l->kurztext);
        if (rc != ERR_OK)
            break;
        len++;
    }
    db_rows_free(r);
    if (rc == ERR_OK) {
        *out = v;
        *n = len;
    }
    return rc;
}

static const char *const sql_names[IMPORT_N_TABELLEN] = {
    [IMPORT_THEMENFELD] = "SELECT id, name FROM themenfeld ORDER BY id",
    [IMPORT_LEBENSLAGE] = "SELECT id, name FROM lebenslage ORDER BY id",
    [IMPORT_OZG_LEISTUNG] = "SELECT id, name FROM ozg_leistung ORDER BY id",
    [IMPORT_LEISTUNG] = NULL,
};

int
store_import_katalog_names(struct db_conn *c, struct arena *a, enum import_katalog_tabelle t,
                           struct import_name **out, size_t *n)
{
    struct db_rows *r = NULL;
    struct import_name *v = NULL, *grown;
    size_t len = 0, cap = 0;
    bool has = false;

    if ((unsigned)t >= IMPORT_N_TABELLEN || !sql_names[t])
        return ERR_INVALID;
    int rc = db_query(c, sql_names[t], NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    for (;;) {
        rc = db_rows_next(r, &has);
        if (rc != ERR_OK || !has)
            break;
        if (len == cap) {
            /* arena memory cannot grow in place: copy into a block twice the size */
            cap = cap ? cap * 2 : 64;
            grown = arena_alloc(a, cap * sizeof(*grown));
            if (!grown) {
                rc = ERR_NOMEM;
                break;
            }
            if (len)
                memcpy(grown, v, len * sizeof(*grown));
            v = grown;
        }
        v[len].id = db_rows_int(r, 0);
        rc = copy_col(a, r, 1, &v[len].name);
        if (rc != ERR_OK)
            break;
        if (!v[len].name)
            v[len].name = "";
        len++;
    }
    db_rows_free(r);
    if (rc == ERR_OK) {
        *out = v;
        *n = len;
    }
    return rc;
}

static const char sql_count[] =
    "SELECT (SELECT COUNT(*) FROM themenfeld), (SELECT COUNT(*) FROM lebenslage), "
    "(SELECT COUNT(*) FROM ozg_leistung), (SELECT COUNT(*) FROM leistung)";

int
store_import_katalog_count(struct db_conn *c, int64_t n[IMPORT_N_TABELLEN])
{
    struct db_rows *r = NULL;
    bool has = false;

    int rc = db_query(c, sql_count, NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_DB;
    if (rc == ERR_OK)
        for (int i = 0; i < IMPORT_N_TABELLEN; i++)
            n[i] = db_rows_int(r, i);
    db_rows_free(r);
    return rc;
}
