/* Tests of domain/suche_cache.h and of the caches of domain/suche.h on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL: the LRU cache keeps, replaces, evicts, expires
 * and drops entries of another generation; a search answered from the cache equals, field by
 * field and page by page, one computed afresh (by a struct suche that never saw the query);
 * after a re-import of the catalogue (a new katalog_version) the cached rankings and pages are
 * gone and the results include the new Leistung. The catalogue is the demo data
 * (bench_data/generate.h with no cases, over the fixture's territory of tests/unit/testdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_data/generate.h"
#include "domain/gebiet.h"
#include "domain/suche.h"
#include "domain/suche_cache.h"
#include "formats/leistungen_import.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

static char demo_dir[4096];

static bool
find_demo_dir(void)
{
    const char *env = getenv("RATHAUS_DEMO_DIR"), *file = __FILE__;
    const char *tail = strstr(file, "tests/unit/test_suche_cache.c");
    char path[4200];
    if (env && *env && strlen(env) < sizeof(demo_dir))
        snprintf(demo_dir, sizeof(demo_dir), "%s", env);
    else if (tail && (size_t)(tail - file) + 5 < sizeof(demo_dir))
        snprintf(demo_dir, sizeof(demo_dir), "%.*sdemo", (int)(tail - file), file);
    else
        snprintf(demo_dir, sizeof(demo_dir), "demo");
    snprintf(path, sizeof(path), "%s/leistungen.json", demo_dir);
    return access(path, R_OK) == 0;
}

static bool
got(struct suche_cache *c, uint64_t gen, const char *key, const char *want)
{
    struct buf b = BUF_INIT(1024);
    bool hit = suche_cache_get(c, gen, key, &b);
    bool ok = want ? hit && strcmp(buf_cstr(&b), want) == 0 : !hit;
    buf_free(&b);
    return ok;
}

static void
test_cache_basics(void)
{
    struct suche_cache *c = NULL;
    uint64_t hits, misses;
    char long_key[SUCHE_CACHE_KEY_MAX + 2];

    CHECK(suche_cache_new(0, 10, &c) == ERR_INVALID);
    CHECK(suche_cache_new(5000, 10, &c) == ERR_INVALID);
    CHECK(suche_cache_new(2, 0, &c) == ERR_INVALID);
    CHECK(suche_cache_new(2, 60, &c) == ERR_OK);
    if (!c)
        return;
    CHECK(got(c, 1, "a", NULL));
    suche_cache_put(c, 1, "a", "A", 2);
    CHECK(got(c, 1, "a", "A"));
    CHECK(got(c, 2, "a", NULL)); /* another generation: stale, and dropped */
    CHECK(got(c, 1, "a", NULL));
    suche_cache_put(c, 1, "a", "A", 2);
    suche_cache_put(c, 1, "a", "A2", 3); /* replaced, not duplicated */
    suche_cache_put(c, 1, "b", "B", 2);
    CHECK(got(c, 1, "a", "A2")); /* a used more recently than b */
    suche_cache_put(c, 1, "c", "C", 2);
    CHECK(got(c, 1, "b", NULL)); /* the least recently used gave way */
    CHECK(got(c, 1, "a", "A2"));
    CHECK(got(c, 1, "c", "C"));
    memset(long_key, 'k', sizeof(long_key) - 1);
    long_key[sizeof(long_key) - 1] = '\0';
    suche_cache_put(c, 1, long_key, "L", 2);
    CHECK(got(c, 1, long_key, NULL));
    suche_cache_stats(c, &hits, &misses);
    CHECK(hits == 4 && misses == 5);
    suche_cache_clear(c);
    CHECK(got(c, 1, "a", NULL));
    suche_cache_free(c);

    /* entries live at most the time to live */
    CHECK(suche_cache_new(4, 1, &c) == ERR_OK);
    if (!c)
        return;
    suche_cache_put(c, 1, "t", "T", 2);
    CHECK(got(c, 1, "t", "T"));
    sleep(2);
    CHECK(got(c, 1, "t", NULL));
    suche_cache_free(c);
}

static bool
same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool
same_page(const struct suche_page *x, const struct suche_page *y)
{
    if (x->n != y->n || !same_text(x->next_cursor, y->next_cursor) ||
        !same_text(x->korrigiert, y->korrigiert))
        return false;
    for (size_t i = 0; i < x->n; i++) {
        const struct leistung *a = &x->items[i].leistung, *b = &y->items[i].leistung;
        if (x->items[i].score != y->items[i].score || a->ozg_id != b->ozg_id ||
            a->beliebtheit != b->beliebtheit || a->is_demo != b->is_demo)
            return false;
        const char *fa[] = {a->id,           a->leika,      a->name,        a->typisierung,
                            a->ozg_leistung, a->lebenslage, a->themenfeld,  a->rechtsgrundlage,
                            a->kurztext,     a->volltext,   a->berechtigte, a->kosten,
                            a->unterlagen,   a->ebene,      a->suchtext,    a->suchbegriffe};
        const char *fb[] = {b->id,           b->leika,      b->name,        b->typisierung,
                            b->ozg_leistung, b->lebenslage, b->themenfeld,  b->rechtsgrundlage,
                            b->kurztext,     b->volltext,   b->berechtigte, b->kosten,
                            b->unterlagen,   b->ebene,      b->suchtext,    b->suchbegriffe};
        for (size_t k = 0; k < sizeof(fa) / sizeof(fa[0]); k++)
            if (!same_text(fa[k], fb[k]))
                return false;
    }
    return true;
}

/* Page through `q` at `ort` three ways: shared (filling, then hitting its cache) and fresh. */
static bool
all_pages_equal(struct db_conn *c, struct suche *shared, const char *q, const struct gemeinde *ort,
                size_t *n_total)
{
    const char *cursor = NULL;
    bool ok = true;
    *n_total = 0;
    for (int page = 0; ok && page < 50; page++) {
        struct arena *a = arena_new(16u * 1024 * 1024);
        struct suche *fresh = NULL;
        struct suche_page p1, p2, p3;
        const char *bad;
        ok = a && suche_new(&fresh) == ERR_OK;
        ok = ok && suche_leistungen(shared, c, a, q, ort, 3, cursor, &p1, &bad) == ERR_OK;
        ok = ok && suche_leistungen(shared, c, a, q, ort, 3, cursor, &p2, &bad) == ERR_OK;
        ok = ok && suche_leistungen(fresh, c, a, q, ort, 3, cursor, &p3, &bad) == ERR_OK;
        ok = ok && same_page(&p1, &p2) && same_page(&p1, &p3);
        bool more = ok && p1.next_cursor;
        *n_total += ok ? p1.n : 0;
        /* the next cursor must outlive this page's arena */
        static char next[1024];
        if (more)
            snprintf(next, sizeof(next), "%s", p1.next_cursor);
        cursor = more ? next : NULL;
        suche_free(fresh);
        arena_free(a);
        if (!more)
            break;
    }
    return ok;
}

static const char leistung_neu[] =
    "{\"format\": \"rathaus-leistungen/1\", \"leistungen\": [{\"id\": \"test-zwergpudel\", "
    "\"name\": \"Hund anmelden: Zwergpudel und andere Kleinhunde\", \"ebene\": \"gemeinde\", "
    "\"kurztext\": \"Eine Leistung nur für den Test des Suchcaches.\"}]}";

static void
body_suche(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct suche *s = NULL;
    struct arena *a = arena_new(16u * 1024 * 1024);
    struct generate_result res;
    struct gemeinde *orte = NULL;
    size_t n_orte = 0, n;
    char err[1024];
    struct generate_opts o = {.seed = 1, .stichtag = 1796083200, .demo_dir = demo_dir};
    uint64_t hits0, misses0, hits1, misses1, gen0 = 0, gen1 = 0;

    printf("# %s\n", kind == DB_SQLITE ? "SQLite" : "PostgreSQL");
    if (!db || !a)
        goto out;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(c && db_exec_script(c, testdb_seed) == ERR_OK);
    if (c && kind == DB_PG)
        CHECK(db_exec_script(
                  c, "SELECT setval(pg_get_serial_sequence('behoerde', 'id'), 100); "
                     "SELECT setval(pg_get_serial_sequence('konto', 'id'), 100); "
                     "SELECT setval(pg_get_serial_sequence('konto_rolle', 'id'), 100)") == ERR_OK);
    if (c)
        db_release(c);
    c = NULL;
    CHECK(generate_run(db, &o, &res, err, sizeof(err)) == ERR_OK);
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(suche_new(&s) == ERR_OK);
    if (!c || !s)
        goto out;
    CHECK(gebiet_ort_finden(c, a, "08115003", 5, &orte, &n_orte) == ERR_OK && n_orte == 1);

    /* cached answers equal computed ones, with and without a place, over every page */
    const char *queries[] = {"Personalausweis beantragen",
                             "hund anmelden",
                             "Gewerbe",
                             "persnalausweis",
                             "anmelden",
                             "die der das"};
    for (size_t i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
        CHECK(all_pages_equal(c, s, queries[i], NULL, &n));
        CHECK(all_pages_equal(c, s, queries[i], n_orte ? &orte[0] : NULL, &n));
    }
    CHECK(all_pages_equal(c, s, "hund", NULL, &n));
    size_t n_hund = n;
    CHECK(n_hund > 0);
    suche_cache_zahlen(s, &hits0, &misses0);
    CHECK(hits0 > 0);
    CHECK(all_pages_equal(c, s, "hund", NULL, &n) && n == n_hund);
    suche_cache_zahlen(s, &hits1, &misses1);
    CHECK(hits1 > hits0 && misses1 == misses0); /* the second time all from the cache */

    /* a page kept for this generation */
    CHECK(suche_stand(s, c, a, &gen0) == ERR_OK);
    suche_seite_merken(s, gen0, "start", "<html>", 6);
    struct buf page = BUF_INIT(1024);
    CHECK(suche_seite_holen(s, gen0, "start", &page) && strcmp(buf_cstr(&page), "<html>") == 0);
    buf_free(&page);

    /* re-import: a new Leistung for "hund"; after the recheck interval the caches are gone */
    struct leistungen_import *li = NULL;
    struct leistungen_import_stats st;
    struct buf e = BUF_INIT(4096);
    CHECK(leistungen_import_new(&li) == ERR_OK);
    CHECK(li && leistungen_import_add_data(li, "neu.json", leistung_neu, strlen(leistung_neu),
                                           &e) == ERR_OK);
    CHECK(li && leistungen_import_run(li, c, NULL, &st, &e) == ERR_OK);
    if (e.len)
        printf("# import: %s\n", buf_cstr(&e));
    buf_free(&e);
    leistungen_import_free(li);
    sleep(2);
    CHECK(suche_stand(s, c, a, &gen1) == ERR_OK && gen1 != gen0);
    page = BUF_INIT(1024);
    CHECK(!suche_seite_holen(s, gen1, "start", &page));
    CHECK(!suche_seite_holen(s, gen0, "start", &page));
    buf_free(&page);
    CHECK(all_pages_equal(c, s, "hund", NULL, &n) && n == n_hund + 1);
    struct suche_page p;
    const char *bad;
    CHECK(suche_leistungen(s, c, a, "zwergpudel", NULL, 5, NULL, &p, &bad) == ERR_OK && p.n == 1 &&
          strcmp(p.items[0].leistung.id, "test-zwergpudel") == 0);
out:
    suche_free(s);
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_suche_cache_equals_computed(void)
{
    testdb_on_both(body_suche);
}

int
main(void)
{
    if (testdb_init("suche_cache") != 0)
        return 1;
    if (!find_demo_dir()) {
        printf("Bail out! demo/ not found (set RATHAUS_DEMO_DIR)\n");
        return 1;
    }
    TEST(test_cache_basics);
    TEST(test_suche_cache_equals_computed);
    testdb_done();
    return tap_done();
}
