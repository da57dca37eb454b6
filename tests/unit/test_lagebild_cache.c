/* Tests of the Lagebild cache (domain/lagebild_cache.h) and its version stamp (table
 * lagebild_stand, migration 0009): after every kind of change of a table the Lagebild reads,
 * the answer through the cache equals a fresh computation, for several filters; an unchanged
 * database is answered from the cache; rolled-back changes and a second database do not
 * confuse it. On SQLite and, when RATHAUS_TEST_PG holds a DSN, on PostgreSQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/lagebild.h"
#include "domain/lagebild_cache.h"
#include "store/db.h"
#include "store/umsetzung.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

/* As in test_umsetzung: two Kreise, four Gemeinden, three OZG-Leistungen, four services. */
static const char seed[] = TESTDB_UMSETZUNG_SEED
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES "
    " (1, 1, '01', 'Allgemeines', 1, 1);";

static const struct rollen_zuordnung ministerium[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};

/* Every kind of change of a table the Lagebild reads (and a few it does not). */
static const char *const schritte[] = {
    "UPDATE onlinedienst SET reifegrad = 4 WHERE id = 4",
    "UPDATE onlinedienst SET seit = '2019-03-01' WHERE id = 2",
    "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id, onlinedienst_id) VALUES "
    "('99004', '08116', 2, 3)",
    "UPDATE zustaendigkeit SET onlinedienst_id = 1 WHERE leistung_id = '99004' AND "
    "gebiet_ags = '08115003'",
    "UPDATE leistung SET ozg_id = 10100 WHERE id = '99003'",
    "UPDATE ozg_leistung SET themenfeld_id = 2 WHERE id = 10000",
    "INSERT INTO umsetzung_meldung (gemeinde_ags, ozg_id, online, reifegrad, seit, "
    "gemeldet_am) VALUES ('08115010', 10000, 1, 3, '2021-01-01', 1), "
    "('08115021', 10001, 0, 0, NULL, 1)",
    "UPDATE umsetzung_meldung SET online = 0 WHERE gemeinde_ags = '08115010'",
    "DELETE FROM onlinedienst WHERE id = 2",
    "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, kreis_ags, einwohner) VALUES "
    "('08115050', '081150050050', 'Gärtringen', 'Gärtringen', 'gartringen', '08115', 12000)",
    "UPDATE gemeinde SET kreis_ags = '08116' WHERE ags = '08115021'",
    "UPDATE gemeinde SET einwohner = 4000 WHERE ags = '08115010'",
    "UPDATE gemeinde SET name = 'Böblingen' WHERE ags = '08115003'",
    "UPDATE kreis SET name = 'Landkreis Böblingen' WHERE ags = '08115'",
    "UPDATE themenfeld SET name = 'Familie' WHERE id = 1",
    "INSERT INTO ozg_leistung (id, name, lebenslage_id, themenfeld_id) VALUES "
    "(10200, 'Wohngeld', 2, 2)",
    "DELETE FROM ozg_leistung WHERE id = 10200",
    "INSERT INTO eakte_stufe (gemeinde_ags, stufe, gemeldet_am) VALUES ('08115003', 'pilot', 5)",
    "UPDATE eakte_stufe SET stufe = 'teilweise'",
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    "erstellt, geaendert) VALUES (1, 1, 1, 1, 1, '01/1', 'Akte', 1, 1)",
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    "erstellt, geaendert) VALUES (2, 1, 1, 1, 2, '01/2', 'Akte', 1, 1)",
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    "(4, 1, 'oe4', 'Standesamt')",
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    "erstellt, geaendert) VALUES (1, 1, 4, 1, 1, '01/1-1', 'Fall', 1, 1)",
    "UPDATE vorgang SET betreff = 'Fall 2'",
    "DELETE FROM vorgang",
    "UPDATE akte SET oe_id = 4 WHERE id = 2",
    "DELETE FROM akte WHERE id = 1",
    "DELETE FROM akte",
    "INSERT INTO behoerde (id, schluessel, name, art, gemeinde_ags, kreis_ags) VALUES "
    "(4, 'g-08115010', 'Gemeinde Aidlingen', 'gemeinde', '08115010', '08115');"
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    "(5, 4, 'oe5', 'Rathaus')",
    "UPDATE behoerde SET art = 'landratsamt' WHERE id = 4",
    "DELETE FROM organisationseinheit WHERE id = 5",
    "DELETE FROM eakte_stufe",
    "DELETE FROM zustaendigkeit WHERE gebiet_ags = '08115003'",
    "DELETE FROM umsetzung_meldung",
};

static bool
zahlen_gleich(const struct lagebild_zahlen *x, const struct lagebild_zahlen *y)
{
    return x->zellen == y->zellen && x->online == y->online && x->plattform == y->plattform &&
           x->meldung == y->meldung && x->reifegrad3 == y->reifegrad3;
}

static bool
str_gleich(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Every figure and name of two pictures. */
static bool
gleich(const struct lagebild *x, const struct lagebild *y)
{
    bool ok = x->n_leistungen == y->n_leistungen && zahlen_gleich(&x->gesamt, &y->gesamt) &&
              memcmp(x->eakte, y->eakte, sizeof(x->eakte)) == 0 &&
              memcmp(x->eakte_plattform, y->eakte_plattform, sizeof(x->eakte_plattform)) == 0 &&
              x->n_gemeinden == y->n_gemeinden && x->n_kreise == y->n_kreise &&
              x->n_themenfelder == y->n_themenfelder && x->n_verlauf == y->n_verlauf &&
              str_gleich(x->kreis_ags, y->kreis_ags);
    for (size_t i = 0; ok && i < x->n_gemeinden; i++) {
        const struct lagebild_gemeinde *a = &x->gemeinden[i], *b = &y->gemeinden[i];
        ok = str_gleich(a->ags, b->ags) && str_gleich(a->name, b->name) &&
             str_gleich(a->kreis_ags, b->kreis_ags) && str_gleich(a->typ, b->typ) &&
             a->einwohner == b->einwohner && zahlen_gleich(&a->z, &b->z) && a->eakte == b->eakte &&
             a->eakte_plattform == b->eakte_plattform;
    }
    for (size_t i = 0; ok && i < x->n_kreise; i++) {
        const struct lagebild_kreis *a = &x->kreise[i], *b = &y->kreise[i];
        ok = str_gleich(a->ags, b->ags) && str_gleich(a->name, b->name) &&
             a->n_gemeinden == b->n_gemeinden && a->einwohner == b->einwohner &&
             zahlen_gleich(&a->z, &b->z) && memcmp(a->eakte, b->eakte, sizeof(a->eakte)) == 0 &&
             memcmp(a->eakte_plattform, b->eakte_plattform, sizeof(a->eakte_plattform)) == 0;
    }
    for (size_t i = 0; ok && i < x->n_themenfelder; i++) {
        const struct lagebild_themenfeld *a = &x->themenfelder[i], *b = &y->themenfelder[i];
        ok = a->id == b->id && str_gleich(a->name, b->name) && a->n_leistungen == b->n_leistungen &&
             zahlen_gleich(&a->z, &b->z);
    }
    for (size_t i = 0; ok && i < x->n_verlauf; i++)
        ok = x->verlauf[i].jahr == y->verlauf[i].jahr &&
             x->verlauf[i].quartal == y->verlauf[i].quartal &&
             x->verlauf[i].online == y->verlauf[i].online;
    return ok;
}

static const struct lagebild_filter filter[] = {
    {0},
    {.kreis_ags = "08115"},
    {.rb_ags = "081"},
    {.groesse = GK_5000_20000},
    {.themenfeld_id = 1},
};
#define N_FILTER (sizeof(filter) / sizeof(filter[0]))

/* For every filter: the answer through the cache (warm from the last call) equals a fresh
 * computation with the cache emptied. Leaves the cache warm with the fresh answers. */
static bool
wie_frisch(struct db_conn *c, struct arena *a, const char *wann)
{
    struct actor mi = TESTDB_ACTOR(12, ministerium);
    struct lagebild gecacht[N_FILTER], frisch;
    int rc_c[N_FILTER];
    const char *bad;
    bool ok = true;
    for (size_t i = 0; i < N_FILTER; i++)
        rc_c[i] = lagebild_filtern(c, a, &mi, &filter[i], T0, &gecacht[i], &bad);
    lagebild_cache_leeren();
    for (size_t i = 0; i < N_FILTER; i++) {
        int rc = lagebild_filtern(c, a, &mi, &filter[i], T0, &frisch, &bad);
        bool same = rc == rc_c[i] && (rc != ERR_OK || gleich(&gecacht[i], &frisch));
        if (!same)
            fprintf(stderr, "  filter %zu: the cached picture is stale after: %s\n", i, wann);
        ok = ok && same;
    }
    return ok;
}

static void
jede_aenderung_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(64 << 20);
    if (!db || !a) {
        arena_free(a);
        db_close(db);
        return;
    }
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    lagebild_cache_leeren();
    CHECK(wie_frisch(c, a, "seed"));
    for (size_t i = 0; i < sizeof(schritte) / sizeof(schritte[0]); i++) {
        int64_t vorher = 0, nachher = 0;
        bool eigen = true;
        CHECK(store_ums_stand(c, &vorher, &eigen) == ERR_OK && !eigen);
        CHECK(db_exec_script(c, schritte[i]) == ERR_OK);
        CHECK(store_ums_stand(c, &nachher, &eigen) == ERR_OK && !eigen);
        CHECK(wie_frisch(c, a, schritte[i]));
        arena_reset(a);
        /* a second file of an office, a case's subject, reports that are all offline by
         * then (no cell changes): the picture cannot change, and the stamp stays (filing does
         * not contend for its row); everything else moves it */
        bool still = strstr(schritte[i], "'01/2'") || strstr(schritte[i], "SET betreff") ||
                     strcmp(schritte[i], "DELETE FROM umsetzung_meldung") == 0;
        /* PostgreSQL's statement triggers also fire for a statement of 0 rows (the triggers
         * of 0007 then touch umsetzung_zelle): a harmless extra stamp */
        if (kind == DB_PG && strcmp(schritte[i], "DELETE FROM umsetzung_meldung") == 0)
            continue;
        if ((vorher == nachher) != still)
            fprintf(stderr, "  the stamp %s after: %s\n", still ? "moved" : "stayed", schritte[i]);
        CHECK((vorher == nachher) == still);
    }
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_cached_lagebild_follows_every_change_of_its_sources(void)
{
    testdb_on_both(jede_aenderung_body);
}

static void
treffer_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(64 << 20);
    struct actor mi = TESTDB_ACTOR(12, ministerium);
    struct lagebild x, y;
    uint64_t h0, m0, h1, m1;
    const char *bad;
    if (!db || !a) {
        arena_free(a);
        db_close(db);
        return;
    }
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    lagebild_cache_leeren();
    CHECK(lagebild_filtern(c, a, &mi, &filter[0], T0, &x, &bad) == ERR_OK);
    lagebild_cache_zaehler(&h0, &m0);
    /* unchanged: from the cache, equal, in the caller's arena */
    CHECK(lagebild_filtern(c, a, &mi, &filter[0], T0, &y, &bad) == ERR_OK);
    lagebild_cache_zaehler(&h1, &m1);
    CHECK(h1 == h0 + 1 && m1 == m0);
    CHECK(gleich(&x, &y) && x.gemeinden != y.gemeinden &&
          x.gemeinden[0].name != y.gemeinden[0].name);
    /* a later quarter is another key: the time line grows */
    CHECK(lagebild_filtern(c, a, &mi, &filter[0], T0 + 100 * 86400, &y, &bad) == ERR_OK);
    CHECK(y.n_verlauf == x.n_verlauf + 1);
    /* authorization is checked before the cache: a citizen gets nothing */
    static const struct rollen_zuordnung buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};
    struct actor b = TESTDB_ACTOR(30, buerger);
    CHECK(lagebild_filtern(c, a, &b, &filter[0], T0, &y, &bad) != ERR_OK);

    /* a change rolled back after the picture was read inside its transaction: its stamp is
     * never current again, so a later different change cannot meet the picture it left */
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_exec_script(c, "UPDATE onlinedienst SET reifegrad = 0 WHERE id = 3") == ERR_OK);
    CHECK(lagebild_filtern(c, a, &mi, &filter[0], T0, &y, &bad) == ERR_OK);
    db_rollback(c);
    CHECK(db_exec_script(c, "DELETE FROM onlinedienst WHERE id = 1") == ERR_OK);
    CHECK(wie_frisch(c, a, "rollback, then another change"));

    /* read half-way through a transaction that goes on changing and commits: the picture
     * read in between is not what is current afterwards */
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_exec_script(c, "UPDATE onlinedienst SET reifegrad = 1 WHERE id = 3") == ERR_OK);
    CHECK(lagebild_filtern(c, a, &mi, &filter[0], T0, &y, &bad) == ERR_OK);
    CHECK(db_exec_script(c, "UPDATE gemeinde SET einwohner = einwohner + 1") == ERR_OK);
    CHECK(db_commit(c) == ERR_OK);
    CHECK(wie_frisch(c, a, "a read inside a transaction that changed more afterwards"));

    /* a second database with other figures: the stamps differ, no answer crosses over
     * (SQLite only: the PostgreSQL fixture has one schema, made again by testdb_fresh) */
    struct db *db2 = kind == DB_SQLITE ? testdb_fresh(kind) : NULL;
    struct db_conn *c2 = NULL;
    if (db2) {
        CHECK(db_acquire(db2, &c2) == ERR_OK);
        CHECK(db_exec_script(c2, seed) == ERR_OK);
        CHECK(lagebild_filtern(c2, a, &mi, &filter[0], T0, &y, &bad) == ERR_OK);
        CHECK(lagebild_filtern(c, a, &mi, &filter[0], T0, &x, &bad) == ERR_OK);
        CHECK(!gleich(&x, &y));
        CHECK(wie_frisch(c2, a, "second database"));
        db_release(c2);
        db_close(db2);
    }
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_unchanged_lagebild_comes_from_the_cache_and_stays_apart(void)
{
    testdb_on_both(treffer_body);
}

static void
test_cache_bytes_by_version(void)
{
    struct buf b = {.max = 1 << 20};
    lagebild_cache_leeren();
    CHECK(!lagebild_cache_bytes("json|x", 1, &b));
    lagebild_cache_bytes_merken("json|x", 1, "{}", 2);
    CHECK(lagebild_cache_bytes("json|x", 1, &b) && b.len == 2 && memcmp(b.p, "{}", 2) == 0);
    CHECK(!lagebild_cache_bytes("json|x", 2, &b) && b.len == 2);
    CHECK(!lagebild_cache_bytes("json|x", 1, &b)); /* the stale entry was dropped */
    /* bounded: more keys than places, the least recently used give way */
    char key[32];
    for (int i = 0; i < LAGEBILD_CACHE_PLAETZE + 8; i++) {
        snprintf(key, sizeof(key), "k%d", i);
        lagebild_cache_bytes_merken(key, 7, key, strlen(key));
    }
    CHECK(!lagebild_cache_bytes("k0", 7, &b));
    snprintf(key, sizeof(key), "k%d", LAGEBILD_CACHE_PLAETZE + 7);
    CHECK(lagebild_cache_bytes(key, 7, &b));
    buf_free(&b);
    lagebild_cache_leeren();
}

int
main(void)
{
    if (testdb_init("lagebild_cache") != 0)
        return 1;
    TEST(test_cache_bytes_by_version);
    TEST(test_cached_lagebild_follows_every_change_of_its_sources);
    TEST(test_unchanged_lagebild_comes_from_the_cache_and_stays_apart);
    testdb_done();
    return tap_done();
}
