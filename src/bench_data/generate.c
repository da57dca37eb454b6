#include "bench_data/generate.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "bench_data/intern.h"
#include "domain/schluessel.h"
#include "formats/aktenplan_demo.h"
#include "formats/demo_import.h"

#define ARENA_CAP    (2048u * 1024 * 1024)
#define COMMIT_EVERY 20000 /* cases per transaction */
#define ROOM         64    /* rows one unit of work (an application, a file) adds at most */

static void set_err(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
set_err(struct gen *g, const char *fmt, ...)
{
    va_list ap;
    if (!g->err || g->err_len == 0 || g->err[0])
        return;
    va_start(ap, fmt);
    vsnprintf(g->err, g->err_len, fmt, ap);
    va_end(ap);
}

/* ---- writing ---- */

/* Parents before children. */
static const enum rows_table flush_order[ROWS_N_TABLES] = {
    ROWS_KONTO,   ROWS_KONTO_ROLLE,   ROWS_FORMULAR,      ROWS_BLOB,
    ROWS_ANTRAG,  ROWS_ANTRAG_DATEN,  ROWS_ANTRAG_STATUS, ROWS_EINGANGSBESTAETIGUNG,
    ROWS_AKTE,    ROWS_VORGANG,       ROWS_VERMERK,       ROWS_WIEDERVORLAGE,
    ROWS_EINGANG, ROWS_AKTE_SUCHTEXT,
};

int
gen_flush_all(struct gen *g)
{
    int rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < ROWS_N_TABLES; i++)
        rc = rows_flush(&g->w[flush_order[i]]);
    return rc;
}

int
gen_room(struct gen *g)
{
    bool full = false;
    for (size_t i = 0; i < ROWS_N_TABLES; i++)
        full = full || g->w[i].n_rows + ROOM >= ROWS_CAP;
    int rc = full ? gen_flush_all(g) : ERR_OK;
    if (rc == ERR_OK && g->since_commit >= COMMIT_EVERY) {
        rc = gen_flush_all(g);
        if (rc == ERR_OK)
            rc = db_commit(g->c);
        if (rc == ERR_OK)
            rc = db_begin(g->c);
        g->since_commit = 0;
    }
    return rc;
}

int64_t
gen_id(struct gen *g, enum rows_table t)
{
    return ++g->next_id[t];
}

void
gen_datum(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    char d[32];
    gmtime_r(&tt, &tm);
    snprintf(d, sizeof(d), "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
             tm.tm_mday % 100);
    memcpy(out, d, 10);
    out[10] = '\0';
}

/* ---- the authorities: the demo data set for every Kreis ---- */

static int
kreise_json(struct gen *g, json_t **out)
{
    static const char sql[] = "SELECT ags FROM kreis ORDER BY ags";
    struct db_rows *rows;
    bool has;
    json_t *arr = json_array();
    int rc = arr ? db_query(g->c, sql, NULL, 0, &rows) : ERR_NOMEM;
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has)
        if (json_array_append_new(arr, json_string(db_rows_text(rows, 0))) != 0)
            rc = ERR_NOMEM;
    db_rows_free(rows);
    if (rc == ERR_OK && json_array_size(arr) == 0)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK) {
        json_decref(arr);
        return rc;
    }
    *out = arr;
    return ERR_OK;
}

/* demo_import() over a copy of the demo folder whose aemter.json lists every Kreis. */
static int
write_behoerden(struct gen *g)
{
    const char *tmp = getenv("TMPDIR");
    char dir[PATH_MAX], src[PATH_MAX], real[PATH_MAX], dst[PATH_MAX], aemter[PATH_MAX];
    json_t *kreise = NULL, *doc = NULL;
    json_error_t jerr;
    struct demo_result res;
    int rc;

    snprintf(dir, sizeof(dir), "%s/rathaus-generate-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        set_err(g, "kein temporärer Ordner für die Ämter (%s)", dir);
        return ERR_IO;
    }
    if (snprintf(src, sizeof(src), "%s/leistungen.json", g->o->demo_dir) >= (int)sizeof(src) ||
        snprintf(dst, sizeof(dst), "%s/leistungen.json", dir) >= (int)sizeof(dst) ||
        snprintf(aemter, sizeof(aemter), "%s/aemter.json", dir) >= (int)sizeof(aemter)) {
        rmdir(dir);
        set_err(g, "Pfad zu lang: %s", g->o->demo_dir);
        return ERR_LIMIT;
    }
    rc = kreise_json(g, &kreise);
    if (rc == ERR_NOTFOUND)
        set_err(g, "keine Kreise in der Datenbank: zuerst 'rathaus import gemeinden'");
    if (rc == ERR_OK && (!realpath(src, real) || symlink(real, dst) != 0)) {
        set_err(g, "%s kann nicht gelesen werden", src);
        rc = ERR_IO;
    }
    if (rc == ERR_OK) {
        if (snprintf(src, sizeof(src), "%s/aemter.json", g->o->demo_dir) >= (int)sizeof(src))
            src[0] = '\0';
        doc = json_load_file(src, 0, &jerr);
        if (!doc || !json_is_object(doc)) {
            set_err(g, "%s: %s", src, doc ? "kein JSON-Objekt" : jerr.text);
            rc = ERR_INVALID;
        }
    }
    if (rc == ERR_OK && json_object_set(doc, "kreise", kreise) != 0)
        rc = ERR_NOMEM;
    if (rc == ERR_OK && json_dump_file(doc, aemter, JSON_COMPACT) != 0) {
        set_err(g, "%s kann nicht geschrieben werden", aemter);
        rc = ERR_IO;
    }
    if (rc == ERR_OK) {
        char msg[1024] = "";
        rc = demo_import(g->c, dir, &res, msg, sizeof(msg));
        if (rc != ERR_OK)
            set_err(g, "Ämter: %s", msg);
    }
    if (rc == ERR_OK) {
        /* the demo file plan into every demo authority, the generated ones included */
        char msg[1024] = "";
        int64_t n;
        rc = aktenplan_demo_laden(g->c, g->o->demo_dir, &n, msg, sizeof(msg));
        if (rc != ERR_OK)
            set_err(g, "Aktenplan: %s", msg);
    }
    json_decref(doc);
    json_decref(kreise);
    unlink(aemter);
    unlink(dst);
    rmdir(dir);
    return rc;
}

/* ---- reading what is there ---- */

static const char *
col_dup(struct gen *g, struct db_rows *rows, int col)
{
    const char *s = db_rows_text(rows, col);
    return arena_strdup(g->a, s ? s : "");
}

/* Grow *arr (element size `size`) to hold n + 1. */
static void *
more(struct gen *g, void *arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return arr;
    size_t ncap = *cap ? *cap * 2 : 256;
    void *p = arena_alloc(g->a, ncap * size);
    if (p && n)
        memcpy(p, arr, n * size);
    *cap = ncap;
    return p;
}

static int
load_behoerden(struct gen *g)
{
    static const char sql[] =
        "SELECT b.id, b.art, b.gemeinde_ags, b.kreis_ags, "
        " COALESCE(g.einwohner, CASE WHEN b.gemeinde_ags IS NULL THEN k.einwohner END, 0) "
        "FROM behoerde b LEFT JOIN gemeinde g ON g.ags = b.gemeinde_ags "
        "LEFT JOIN kreis k ON k.ags = b.kreis_ags ORDER BY b.id";
    struct db_rows *rows;
    bool has;
    size_t cap = 0;
    int rc = db_query(g->c, sql, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(g->b = more(g, g->b, g->n_b, &cap, sizeof(*g->b)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct gen_behoerde *b = &g->b[g->n_b++];
        memset(b, 0, sizeof(*b));
        b->id = db_rows_int(rows, 0);
        b->art = col_dup(g, rows, 1);
        b->gemeinde_ags = col_dup(g, rows, 2);
        b->kreis_ags = col_dup(g, rows, 3);
        b->einwohner = db_rows_int(rows, 4);
        if (!b->art || !b->gemeinde_ags || !b->kreis_ags)
            rc = ERR_NOMEM;
    }
    db_rows_free(rows);
    return rc;
}

static int
find_behoerde(const struct gen *g, int64_t id, size_t *out)
{
    size_t lo = 0, hi = g->n_b;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->b[mid].id == id) {
            *out = mid;
            return ERR_OK;
        }
        if (g->b[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return ERR_NOTFOUND;
}

/* How many cases an office type gets, relative to its area's population. */
static uint64_t
amt_faktor(const char *amt)
{
    static const struct {
        const char *amt;
        uint64_t f;
    } t[] = {{"buergerbuero", 6},     {"ordnungsamt", 3},
             {"standesamt", 2},       {"kaemmerei", 2},
             {"bauamt", 2},           {"hauptamt", 1},
             {"zulassungsstelle", 4}, {"fuehrerscheinstelle", 2}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
        if (strcmp(t[i].amt, amt) == 0)
            return t[i].f;
    return 1;
}

static int
load_oes(struct gen *g)
{
    static const char sql[] = "SELECT oe.id, oe.behoerde_id, oe.schluessel, b.schluessel "
                              "FROM organisationseinheit oe JOIN behoerde b ON b.id = "
                              "oe.behoerde_id ORDER BY oe.behoerde_id, oe.id";
    struct db_rows *rows;
    bool has;
    size_t cap = 0;
    int rc = db_query(g->c, sql, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        size_t bi;
        if (find_behoerde(g, db_rows_int(rows, 1), &bi) != ERR_OK)
            continue;
        if (!(g->oe = more(g, g->oe, g->n_oe, &cap, sizeof(*g->oe)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct gen_oe *o = &g->oe[g->n_oe];
        const char *s = db_rows_text(rows, 2), *bs = db_rows_text(rows, 3);
        size_t bl = bs ? strlen(bs) : 0;
        memset(o, 0, sizeof(*o));
        o->id = db_rows_int(rows, 0);
        o->behoerde = bi;
        o->amt = arena_strdup(g->a,
                              s && bs && strncmp(s, bs, bl) == 0 && s[bl] == '-' ? s + bl + 1 : "");
        if (!o->amt) {
            rc = ERR_NOMEM;
            break;
        }
        struct gen_behoerde *b = &g->b[bi];
        if (b->n_oe == 0)
            b->first_oe = g->n_oe;
        b->n_oe++;
        uint64_t ew = b->einwohner > 0 ? (uint64_t)b->einwohner : 500000;
        o->gewicht = ew * amt_faktor(o->amt);
        g->n_oe++;
    }
    db_rows_free(rows);
    return rc;
}

/* The subjects of the demo file plan (demo/aktenplan.csv) each office type files under. */
static const struct {
    const char *amt, *kz[3];
} amt_plan[] = {
    {"buergerbuero", {"110", "112", "111"}},
    {"ordnungsamt", {"101", "120", "121"}},
    {"standesamt", {"150", "151", "152"}},
    {"kaemmerei", {"912", "910", "920"}},
    {"bauamt", {"61", "620", "133"}},
    {"hauptamt", {"020", "021", "030"}},
    {"baurechtsamt", {"61", "61", "602"}},
    {"auslaenderbehoerde", {"42", "42", "42"}},
    {"wohngeldstelle", {"401", "401", "400"}},
    {"waffenbehoerde", {"121", "101", "101"}},
    {"zulassungsstelle", {"130", "130", "131"}},
    {"fuehrerscheinstelle", {"130", "130", "101"}},
    {"abfallwirtschaft", {"720", "721", "720"}},
    {"gesundheitsamt", {"50", "50", "50"}},
    {"versorgungsamt", {"132", "400", "132"}},
    {"elterngeldstelle", {"41", "41", "410"}},
};

static size_t
plan_index(const struct gen_behoerde *b, const char *kz)
{
    for (size_t i = 0; i < b->n_plan; i++)
        if (strcmp(b->plan[i].kennzeichen, kz) == 0)
            return i;
    for (size_t i = 0; i < b->n_plan; i++) /* "020", else the first subject */
        if (strcmp(b->plan[i].kennzeichen, "020") == 0)
            return i;
    return 0;
}

/* Every authority's file plan, retention inherited from the parents, and the last running
 * numbers of files already there; then the subjects of each office. An authority without a
 * plan gets no cases. */
static int
load_plan(struct gen *g)
{
    static const char sql[] =
        "SELECT p.id, p.behoerde_id, p.kennzeichen, p.titel, COALESCE(p.eltern_id, 0), "
        " COALESCE(p.aufbewahrung_jahre, -1), "
        " COALESCE((SELECT MAX(a.laufnummer) FROM akte a WHERE a.aktenplan_id = p.id), 0) "
        "FROM aktenplan p WHERE p.is_aktiv = 1 ORDER BY p.behoerde_id, p.id";
    struct db_rows *rows;
    bool has;
    size_t cap = 0, bi = SIZE_MAX;
    int rc = db_query(g->c, sql, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        size_t cur;
        if (find_behoerde(g, db_rows_int(rows, 1), &cur) != ERR_OK)
            continue;
        if (cur != bi) {
            bi = cur;
            cap = 0;
        }
        struct gen_behoerde *b = &g->b[bi];
        if (!(b->plan = more(g, b->plan, b->n_plan, &cap, sizeof(*b->plan)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct gen_plan *e = &b->plan[b->n_plan];
        e->id = db_rows_int(rows, 0);
        e->kennzeichen = col_dup(g, rows, 2);
        e->titel = col_dup(g, rows, 3);
        e->eltern = db_rows_int(rows, 4);
        e->jahre = (int)db_rows_int(rows, 5);
        e->lauf = db_rows_int(rows, 6);
        if (!e->kennzeichen || !e->titel) {
            rc = ERR_NOMEM;
            break;
        }
        if (e->jahre < 0) { /* inherited: the parents come first */
            e->jahre = 10;
            for (size_t j = b->n_plan; j-- > 0;)
                if (b->plan[j].id == e->eltern) {
                    e->jahre = b->plan[j].jahre;
                    break;
                }
        }
        b->n_plan++;
    }
    db_rows_free(rows);
    for (size_t i = 0; rc == ERR_OK && i < g->n_oe; i++) {
        struct gen_oe *o = &g->oe[i];
        const struct gen_behoerde *b = &g->b[o->behoerde];
        size_t k = SIZE_MAX;
        for (size_t j = 0; j < sizeof(amt_plan) / sizeof(amt_plan[0]); j++)
            if (strcmp(amt_plan[j].amt, o->amt) == 0)
                k = j;
        for (size_t j = 0; j < 3; j++)
            o->plan[j] = plan_index(b, k != SIZE_MAX ? amt_plan[k].kz[j] : "020");
        if (b->n_plan == 0)
            o->gewicht = 0;
    }
    return rc;
}

static int
cmp_oe_id(const void *a, const void *b)
{
    int64_t x = (*(struct gen_oe *const *)a)->id, y = (*(struct gen_oe *const *)b)->id;
    return x < y ? -1 : x > y;
}

static int
cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int
cmp_leist(const void *a, const void *b)
{
    return strcmp(((const struct gen_leistung *)a)->id, ((const struct gen_leistung *)b)->id);
}

static int
find_leistung(const struct gen *g, const char *id, size_t *out)
{
    struct gen_leistung key = {.id = id};
    const struct gen_leistung *f = bsearch(&key, g->leist, g->n_leist, sizeof(key), cmp_leist);
    if (!f)
        return ERR_NOTFOUND;
    *out = (size_t)(f - g->leist);
    return ERR_OK;
}

static int
load_leistungen(struct gen *g)
{
    static const char sql_l[] =
        "SELECT l.id, l.name, COALESCE((SELECT MAX(f.version) FROM formular f "
        "WHERE f.leistung_id = l.id), 0) FROM leistung l "
        "WHERE l.id IN (SELECT leistung_id FROM zustaendigkeit) ORDER BY l.id";
    static const char sql_z[] =
        "SELECT DISTINCT oe_id, leistung_id FROM zustaendigkeit ORDER BY oe_id, leistung_id";
    struct db_rows *rows;
    bool has;
    size_t cap = 0;
    int rc = db_query(g->c, sql_l, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(g->leist = more(g, g->leist, g->n_leist, &cap, sizeof(*g->leist)))) {
            rc = ERR_NOMEM;
            break;
        }
        struct gen_leistung *l = &g->leist[g->n_leist++];
        l->id = col_dup(g, rows, 0);
        l->name = col_dup(g, rows, 1);
        l->formular_version = db_rows_int(rows, 2) + 1;
        l->formular_id = 0;
        if (!l->id || !l->name)
            rc = ERR_NOMEM;
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    if (g->n_leist)
        qsort(g->leist, g->n_leist, sizeof(*g->leist), cmp_leist);

    /* the offices by id, to attach their Leistungen */
    struct gen_oe **by_id = arena_alloc(g->a, (g->n_oe ? g->n_oe : 1) * sizeof(*by_id));
    if (!by_id)
        return ERR_NOMEM;
    for (size_t i = 0; i < g->n_oe; i++)
        by_id[i] = &g->oe[i];
    qsort(by_id, g->n_oe, sizeof(*by_id), cmp_oe_id);
    rc = db_query(g->c, sql_z, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    struct gen_oe *cur = NULL;
    size_t cur_cap = 0;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        struct gen_oe key = {.id = db_rows_int(rows, 0)}, *kp = &key;
        struct gen_oe **f = bsearch(&kp, by_id, g->n_oe, sizeof(*by_id), cmp_oe_id);
        size_t li;
        if (!f || find_leistung(g, db_rows_text(rows, 1), &li) != ERR_OK)
            continue;
        if (*f != cur) {
            cur = *f;
            cur_cap = 0;
        }
        if (!(cur->leistungen = more(g, cur->leistungen, cur->n_leistungen, &cur_cap,
                                     sizeof(*cur->leistungen)))) {
            rc = ERR_NOMEM;
            break;
        }
        cur->leistungen[cur->n_leistungen++] = li;
    }
    db_rows_free(rows);
    /* by index, i.e. by id as strcmp orders it: the same on every database's collation */
    for (size_t i = 0; rc == ERR_OK && i < g->n_oe; i++)
        if (g->oe[i].n_leistungen)
            qsort(g->oe[i].leistungen, g->oe[i].n_leistungen, sizeof(size_t), cmp_size);
    return rc;
}

static int
load_gemeinden(struct gen *g)
{
    static const char sql[] = "SELECT ags FROM gemeinde ORDER BY ags";
    struct db_rows *rows;
    bool has;
    size_t cap = 0;
    int rc = db_query(g->c, sql, NULL, 0, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(g->gemeinden = more(g, g->gemeinden, g->n_gemeinden, &cap, sizeof(char *))) ||
            !(g->gemeinden[g->n_gemeinden++] = col_dup(g, rows, 0))) {
            rc = ERR_NOMEM;
            break;
        }
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    /* the Gemeinden each authority serves: its own, its Kreis's, or all */
    for (size_t i = 0; i < g->n_b; i++) {
        struct gen_behoerde *b = &g->b[i];
        const char *prefix = *b->gemeinde_ags ? b->gemeinde_ags : b->kreis_ags;
        size_t len = strlen(prefix), first = g->n_gemeinden, n = 0;
        for (size_t j = 0; j < g->n_gemeinden; j++) {
            if (strncmp(g->gemeinden[j], prefix, len) == 0) {
                if (first == g->n_gemeinden)
                    first = j;
                n++;
            }
        }
        b->first_gemeinde = n ? first : 0;
        b->n_gemeinden = n ? n : g->n_gemeinden;
    }
    return ERR_OK;
}

static int
load_next_ids(struct gen *g)
{
    static const char *const sql[ROWS_N_TABLES] = {
        [ROWS_KONTO] = "SELECT COALESCE(MAX(id), 0) FROM konto",
        [ROWS_KONTO_ROLLE] = "SELECT COALESCE(MAX(id), 0) FROM konto_rolle",
        [ROWS_FORMULAR] = "SELECT COALESCE(MAX(id), 0) FROM formular",
        [ROWS_AKTE] = "SELECT COALESCE(MAX(id), 0) FROM akte",
        [ROWS_ANTRAG] = "SELECT COALESCE(MAX(id), 0) FROM antrag",
        [ROWS_ANTRAG_STATUS] = "SELECT COALESCE(MAX(id), 0) FROM antrag_status",
        [ROWS_VORGANG] = "SELECT COALESCE(MAX(id), 0) FROM vorgang",
        [ROWS_VERMERK] = "SELECT COALESCE(MAX(id), 0) FROM vermerk",
        [ROWS_WIEDERVORLAGE] = "SELECT COALESCE(MAX(id), 0) FROM wiedervorlage",
        [ROWS_EINGANG] = "SELECT COALESCE(MAX(id), 0) FROM eingang",
        [ROWS_AKTE_SUCHTEXT] = "SELECT COALESCE(MAX(id), 0) FROM akte_suchtext",
    };
    int rc = ERR_OK;
    for (size_t t = 0; rc == ERR_OK && t < ROWS_N_TABLES; t++) {
        struct db_rows *rows;
        bool has;
        if (!sql[t])
            continue;
        rc = db_query(g->c, sql[t], NULL, 0, &rows);
        if (rc != ERR_OK)
            break;
        rc = db_rows_next(rows, &has);
        g->next_id[t] = rc == ERR_OK && has ? db_rows_int(rows, 0) : 0;
        db_rows_free(rows);
    }
    return rc;
}

/* ---- the run ---- */

static int
meta_get(struct gen *g, const char *key, bool *has)
{
    static const char sql[] = "SELECT value FROM meta WHERE key = ?";
    struct db_param p[] = {dbp_text(key)};
    struct db_rows *rows;
    int rc = db_query(g->c, sql, p, 1, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, has);
    db_rows_free(rows);
    return rc;
}

static int64_t
count_of(struct gen *g, const char *sql)
{
    struct db_rows *rows;
    bool has;
    int64_t n = -1;
    if (db_query(g->c, sql, NULL, 0, &rows) != ERR_OK)
        return -1;
    if (db_rows_next(rows, &has) == ERR_OK && has)
        n = db_rows_int(rows, 0);
    db_rows_free(rows);
    return n;
}

static int
check_ready(struct gen *g)
{
    static const char sql_g[] = "SELECT COUNT(*) FROM gemeinde";
    bool has;
    int rc = meta_get(g, "generiert", &has);
    if (rc != ERR_OK)
        return rc;
    if (has) {
        set_err(g, "diese Datenbank enthält schon generierte Daten; bitte eine frische nehmen");
        return ERR_CONFLICT;
    }
    if (count_of(g, sql_g) <= 0) {
        set_err(g, "keine Gemeinden in der Datenbank: zuerst 'rathaus import gemeinden'");
        return ERR_NOTFOUND;
    }
    return ERR_OK;
}

/* n * part / whole (part <= whole) without overflow for the sizes here: n <= 10^7 and the
 * weights (inhabitants times a small factor, summed) stay far below 9 * 10^11. */
static int64_t
share(int64_t n, uint64_t part, uint64_t whole)
{
    if (whole == 0)
        return 0;
    return (int64_t)((uint64_t)n * part / whole);
}

static int
write_all(struct gen *g)
{
    uint64_t w_faelle = 0, w_antraege = 0, c_faelle = 0, c_antraege = 0;
    int rc = db_begin(g->c);
    if (rc != ERR_OK)
        return rc;
    rc = gen_stamm(g);
    for (size_t i = 0; i < g->n_oe; i++) {
        w_faelle += g->oe[i].gewicht;
        if (g->oe[i].n_leistungen)
            w_antraege += g->oe[i].gewicht;
    }
    progress_start(&g->bar, "faelle", (size_t)(g->o->faelle + g->o->antraege));
    for (size_t i = 0; rc == ERR_OK && i < g->n_oe; i++) {
        const struct gen_oe *o = &g->oe[i];
        /* cumulative shares: the counts add up to the totals exactly */
        int64_t f0 = share(g->o->faelle, c_faelle, w_faelle);
        int64_t a0 = share(g->o->antraege, c_antraege, w_antraege);
        c_faelle += o->gewicht;
        if (o->n_leistungen)
            c_antraege += o->gewicht;
        int64_t nf = share(g->o->faelle, c_faelle, w_faelle) - f0;
        int64_t na = share(g->o->antraege, c_antraege, w_antraege) - a0;
        rc = gen_faelle(g, i, nf, na);
    }
    progress_end(&g->bar);
    if (rc == ERR_OK)
        rc = gen_flush_all(g);
    if (rc == ERR_OK && db_conn_kind(g->c) == DB_PG)
        rc = gen_pg_sequences(g);
    if (rc == ERR_OK) {
        static const char sql[] = "INSERT INTO meta (key, value) VALUES ('generiert', ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        char v[128];
        snprintf(v, sizeof(v), "seed=%llu faelle=%lld antraege=%lld",
                 (unsigned long long)g->o->seed, (long long)g->o->faelle,
                 (long long)g->o->antraege);
        struct db_param p[] = {dbp_text(v)};
        rc = db_exec(g->c, sql, p, 1, NULL);
    }
    if (rc == ERR_OK)
        rc = db_commit(g->c);
    else
        db_rollback(g->c);
    return rc;
}

int
generate_run(struct db *db, const struct generate_opts *o, struct generate_result *out, char *err,
             size_t err_len)
{
    struct gen g = {.o = o, .err = err, .err_len = err_len, .res = out};
    int rc;

    if (err && err_len)
        err[0] = '\0';
    memset(out, 0, sizeof(*out));
    if (o->faelle < 0 || o->faelle > GENERATE_FAELLE_MAX || o->antraege < 0 ||
        o->antraege > GENERATE_ANTRAEGE_MAX || !o->demo_dir) {
        set_err(&g, "Fälle 0 bis %d, Anträge 0 bis %d", GENERATE_FAELLE_MAX, GENERATE_ANTRAEGE_MAX);
        return ERR_INVALID;
    }
    rng_seed(&g.rng, o->seed);
    progress_init(&g.bar, o->is_progress);
    g.a = arena_new(ARENA_CAP);
    if (!g.a)
        return ERR_NOMEM;
    rc = db_acquire(db, &g.c);
    if (rc != ERR_OK) {
        arena_free(g.a);
        return rc;
    }
    for (size_t t = 0; rc == ERR_OK && t < ROWS_N_TABLES; t++)
        rc = rows_open(&g.w[t], g.c, (enum rows_table)t);
    if (rc == ERR_OK)
        rc = check_ready(&g);
    if (rc == ERR_OK)
        rc = write_behoerden(&g);
    if (rc == ERR_OK)
        rc = load_behoerden(&g);
    if (rc == ERR_OK)
        rc = load_oes(&g);
    if (rc == ERR_OK)
        rc = load_plan(&g);
    for (size_t i = 0; rc == ERR_OK && i < g.n_b; i++)
        out->aktenplan += (int64_t)g.b[i].n_plan;
    if (rc == ERR_OK)
        rc = load_leistungen(&g);
    if (rc == ERR_OK)
        rc = load_gemeinden(&g);
    if (rc == ERR_OK && g.n_leist == 0) {
        set_err(&g, "keine Zuständigkeiten: fehlt der Leistungskatalog ('rathaus import "
                    "leistungen')?");
        rc = ERR_NOTFOUND;
    }
    if (rc == ERR_OK)
        rc = load_next_ids(&g);
    if (rc == ERR_OK) {
        out->behoerden = (int64_t)g.n_b;
        out->oes = (int64_t)g.n_oe;
        gen_bulk_mode(g.c, true);
        rc = write_all(&g);
        gen_bulk_mode(g.c, false);
    }
    if (rc != ERR_OK)
        set_err(&g, "Erzeugen fehlgeschlagen (%s)", err_name(rc));
    for (size_t t = 0; t < ROWS_N_TABLES; t++)
        rows_close(&g.w[t]);
    db_release(g.c);
    arena_free(g.a);
    return rc;
}
