/* Tests of bench_data/generate.h and bench_data/rows.h on SQLite and, when RATHAUS_TEST_PG
 * holds a DSN, on PostgreSQL: the random numbers are deterministic; small runs over the
 * fixture's territory (tests/unit/testdb.h) with the same seed give the same row counts and the
 * same checksum over a sample of rows, another seed gives other rows; the rows keep the
 * schema's rules (foreign keys, a receipt for each submitted application, follow-ups due,
 * closed files with retention dates); a second run on the same database is refused; the
 * store's statements still work afterwards (identity sequences moved on PostgreSQL). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_data/generate.h"
#include "bench_data/rows.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define STICHTAG 1796083200 /* 2026-12-01 00:00 UTC */

static char demo_dir[4096];

static bool
find_demo_dir(void)
{
    const char *env = getenv("RATHAUS_DEMO_DIR"), *file = __FILE__;
    const char *tail = strstr(file, "tests/unit/test_generate.c");
    char path[4200];
    if (env && *env && strlen(env) < sizeof(demo_dir))
        snprintf(demo_dir, sizeof(demo_dir), "%s", env);
    else if (tail && (size_t)(tail - file) + 5 < sizeof(demo_dir))
        snprintf(demo_dir, sizeof(demo_dir), "%.*sdemo", (int)(tail - file), file);
    else
        snprintf(demo_dir, sizeof(demo_dir), "demo");
    snprintf(path, sizeof(path), "%s/aemter.json", demo_dir);
    return access(path, R_OK) == 0;
}

static void
test_rng(void)
{
    struct rng a, b, c;
    bool same = true, differ = false, in_range = true;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    rng_seed(&c, 43);
    for (int i = 0; i < 1000; i++) {
        uint64_t x = rng_next(&a), y = rng_next(&b), z = rng_next(&c);
        same = same && x == y;
        differ = differ || x != z;
    }
    for (int i = 0; i < 10000; i++) {
        uint64_t v = rng_below(&a, 7);
        int64_t r = rng_range(&a, -3, 3);
        in_range = in_range && v < 7 && r >= -3 && r <= 3;
    }
    CHECK(same);
    CHECK(differ);
    CHECK(in_range);
    CHECK(rng_below(&a, 0) == 0);
    /* seeding again restarts the stream */
    rng_seed(&a, 1);
    rng_seed(&b, 1);
    CHECK(rng_next(&a) == rng_next(&b));
}

/* FNV-1a over every column of the sampled rows of `sql`, in order. */
static uint64_t
checksum(struct db_conn *c, const char *sql)
{
    struct db_rows *rows;
    bool has;
    uint64_t h = 14695981039346656037ULL;
    int64_t n = 0;
    if (db_query(c, sql, NULL, 0, &rows) != ERR_OK)
        return 0;
    while (db_rows_next(rows, &has) == ERR_OK && has) {
        for (int col = 0; col < 4; col++) {
            const char *t = db_rows_text(rows, col);
            for (const char *p = t ? t : "\x01"; *p; p++) {
                h ^= (unsigned char)*p;
                h *= 1099511628211ULL;
            }
            h ^= 0xff;
            h *= 1099511628211ULL;
        }
        n++;
    }
    db_rows_free(rows);
    return n > 10 ? h : 0;
}

struct snapshot {
    int64_t n[12];
    uint64_t sum_vorgang, sum_antrag, sum_akte;
};

static const char *const counts_sql[12] = {
    "SELECT COUNT(*) FROM behoerde",      "SELECT COUNT(*) FROM organisationseinheit",
    "SELECT COUNT(*) FROM aktenplan",     "SELECT COUNT(*) FROM konto",
    "SELECT COUNT(*) FROM akte",          "SELECT COUNT(*) FROM vorgang",
    "SELECT COUNT(*) FROM vermerk",       "SELECT COUNT(*) FROM eingang",
    "SELECT COUNT(*) FROM antrag",        "SELECT COUNT(*) FROM antrag_status",
    "SELECT COUNT(*) FROM wiedervorlage", "SELECT COUNT(*) FROM eingangsbestaetigung",
};

static const char sql_sum_vorgang[] =
    "SELECT aktenzeichen, betreff, status, CAST(erstellt AS TEXT) FROM vorgang "
    "WHERE id % 7 = 0 ORDER BY id";
static const char sql_sum_antrag[] = "SELECT leistung_id, gemeinde_ags, status, daten FROM antrag "
                                     "JOIN antrag_daten d ON d.antrag_id = antrag.id "
                                     "WHERE antrag.id % 5 = 0 ORDER BY antrag.id";
static const char sql_sum_akte[] =
    "SELECT aktenzeichen, titel, status, aufbewahrung_bis FROM akte WHERE id % 3 = 0 ORDER BY id";

/* A fresh seeded database, generated with `seed`; its counts and checksums. */
static bool
run(enum db_kind kind, uint64_t seed, struct snapshot *out, struct generate_result *res)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    char err[1024];
    struct generate_opts o = {
        .seed = seed, .faelle = 3000, .antraege = 600, .stichtag = STICHTAG, .demo_dir = demo_dir};
    memset(out, 0, sizeof(*out));
    if (!db)
        return false;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(c && db_exec_script(c, testdb_seed) == ERR_OK);
    /* the seed sets ids itself: move PostgreSQL's sequences past them */
    if (c && kind == DB_PG)
        CHECK(db_exec_script(
                  c, "SELECT setval(pg_get_serial_sequence('behoerde', 'id'), 100); "
                     "SELECT setval(pg_get_serial_sequence('konto', 'id'), 100); "
                     "SELECT setval(pg_get_serial_sequence('konto_rolle', 'id'), 100)") == ERR_OK);
    if (c)
        db_release(c);
    int rc = generate_run(db, &o, res, err, sizeof(err));
    CHECK(rc == ERR_OK);
    if (rc != ERR_OK)
        printf("# generate: %s\n", err);
    CHECK(db_acquire(db, &c) == ERR_OK);
    for (int i = 0; c && i < 12; i++)
        out->n[i] = testdb_count(c, counts_sql[i], NULL);
    if (c) {
        out->sum_vorgang = checksum(c, sql_sum_vorgang);
        out->sum_antrag = checksum(c, sql_sum_antrag);
        out->sum_akte = checksum(c, sql_sum_akte);
        CHECK(out->sum_vorgang && out->sum_antrag && out->sum_akte);

        /* what the counts say was written is there */
        CHECK(out->n[4] == res->akten && out->n[5] == res->vorgaenge);
        CHECK(out->n[6] == res->vermerke && out->n[7] == res->eingaenge);
        CHECK(out->n[8] == res->antraege && res->antraege == 600);
        CHECK(out->n[9] == res->antrag_status && out->n[11] == res->bestaetigungen);
        CHECK(res->vorgaenge >= 3000);
        /* the shape: every submitted application has its receipt and its inbox row */
        CHECK(testdb_count(c,
                           "SELECT COUNT(*) FROM antrag a WHERE a.status <> 'entwurf' AND NOT "
                           "EXISTS (SELECT 1 FROM eingangsbestaetigung e WHERE e.antrag_id = a.id)",
                           NULL) == 0);
        CHECK(testdb_count(c,
                           "SELECT COUNT(*) FROM antrag a WHERE a.status <> 'entwurf' AND NOT "
                           "EXISTS (SELECT 1 FROM eingang e WHERE e.antrag_id = a.id)",
                           NULL) == 0);
        /* follow-ups due, inbox work, closed files with retention dates, some past */
        CHECK(testdb_count(c,
                           "SELECT COUNT(*) FROM wiedervorlage WHERE erledigt IS NULL AND "
                           "datum <= '2026-12-01'",
                           NULL) > 0);
        CHECK(testdb_count(c, "SELECT COUNT(*) FROM eingang WHERE status = 'neu'", NULL) > 0);
        CHECK(testdb_count(c,
                           "SELECT COUNT(*) FROM akte WHERE status = 'zda' AND "
                           "aufbewahrung_bis < '2026-12-01'",
                           NULL) > 0);
        CHECK(testdb_count(c, "SELECT COUNT(DISTINCT status) FROM vorgang", NULL) == 5);
        CHECK(testdb_count(c, "SELECT COUNT(DISTINCT status) FROM antrag", NULL) == 6);
        /* a case's file number extends its file's */
        CHECK(testdb_count(c,
                           "SELECT COUNT(*) FROM vorgang v JOIN akte a ON a.id = v.akte_id "
                           "WHERE v.aktenzeichen NOT LIKE a.aktenzeichen || '-%'",
                           NULL) == 0);
        if (kind == DB_SQLITE)
            CHECK(testdb_count(c, "SELECT COUNT(*) FROM pragma_foreign_key_check", NULL) == 0);
        /* the store's own inserts go on after the generated ids */
        int64_t changes = 0;
        CHECK(db_exec(c,
                      "INSERT INTO vermerk (behoerde_id, vorgang_id, text, erstellt) "
                      "SELECT behoerde_id, id, 'danach', 1 FROM vorgang WHERE id = "
                      "(SELECT MIN(id) FROM vorgang)",
                      NULL, 0, &changes) == ERR_OK &&
              changes == 1);
        db_release(c);
    }
    /* a second run is refused */
    struct generate_result again;
    CHECK(generate_run(db, &o, &again, err, sizeof(err)) == ERR_CONFLICT);
    CHECK(strstr(err, "frische") != NULL);
    db_close(db);
    return true;
}

static void
body_deterministic(enum db_kind kind)
{
    struct snapshot a, b, x;
    struct generate_result ra, rb, rx;
    printf("# %s\n", kind == DB_SQLITE ? "SQLite" : "PostgreSQL");
    if (!run(kind, 7, &a, &ra) || !run(kind, 7, &b, &rb) || !run(kind, 8, &x, &rx))
        return;
    CHECK(memcmp(a.n, b.n, sizeof(a.n)) == 0);
    CHECK(a.sum_vorgang == b.sum_vorgang);
    CHECK(a.sum_antrag == b.sum_antrag);
    CHECK(a.sum_akte == b.sum_akte);
    CHECK(a.sum_vorgang != x.sum_vorgang);
    CHECK(a.sum_antrag != x.sum_antrag);
    CHECK(a.n[0] == x.n[0] && a.n[1] == x.n[1]); /* the same offices, other cases */
}

static void
test_generate_deterministic(void)
{
    testdb_on_both(body_deterministic);
}

static void
test_generate_limits(void)
{
    struct db *db = testdb_fresh(DB_SQLITE);
    struct generate_result r;
    char err[256];
    struct generate_opts o = {.seed = 1, .faelle = -1, .stichtag = STICHTAG, .demo_dir = demo_dir};
    CHECK(db && generate_run(db, &o, &r, err, sizeof(err)) == ERR_INVALID);
    o.faelle = GENERATE_FAELLE_MAX + 1;
    CHECK(db && generate_run(db, &o, &r, err, sizeof(err)) == ERR_INVALID);
    /* no Gemeinden yet */
    o.faelle = 10;
    CHECK(db && generate_run(db, &o, &r, err, sizeof(err)) == ERR_NOTFOUND);
    CHECK(strstr(err, "import gemeinden") != NULL);
    db_close(db);
}

int
main(void)
{
    if (testdb_init("generate") != 0)
        return 1;
    if (!find_demo_dir()) {
        printf("Bail out! demo/ not found (set RATHAUS_DEMO_DIR)\n");
        return 1;
    }
    TEST(test_rng);
    TEST(test_generate_limits);
    TEST(test_generate_deterministic);
    testdb_done();
    return tap_done();
}
