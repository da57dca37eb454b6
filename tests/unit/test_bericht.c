/* Tests of the reports and the funding programme (domain/bericht.h, domain/foerderprogramm.h), on
 * SQLite and, when RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_bericht
 * (fixture: testdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/anfrage.h"
#include "domain/bericht.h"
#include "domain/foerderprogramm.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "testdb.h"
#include "util/log.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_koord_es[] = {{ROLLE_KOORDINATION, 0, 0, "08116"}};
static const struct rollen_zuordnung r_min[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};

static void
bericht_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct feld_fehler fe = {0};
    struct bericht b;
    struct foerder_zeile *z;
    size_t n;
    const char *bad;
    int64_t id, pid = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    struct actor kbb = TESTDB_ACTOR(10, r_koord_bb), kes = TESTDB_ACTOR(11, r_koord_es),
                 mi = TESTDB_ACTOR(13, r_min);
    struct actor sb1 = TESTDB_ACTOR(20, r_sb1), sys = {.is_system = true};

    struct anfrage_neu an = {.kategorie = "eakte", .betreff = "E-Akte", .text = "Frage"};
    CHECK(anfrage_stellen(c, &u, &sb1, &an, &id, &fe) == ERR_OK);
    an.kategorie = "plattform";
    CHECK(anfrage_stellen(c, &u, &sb1, &an, &id, &fe) == ERR_OK);
    CHECK(anfrage_aendern(c, &u, &kbb, id, "erledigt", -1, 0, &fe) == ERR_OK);

    /* the programme: a period, budgets, an expense */
    CHECK(foerderprogramm_periode(c, &u, &sys, "Förderphase 2022 bis 30.06.2025", "2022-01-01",
                                  "2025-06-30", &pid, &fe) == ERR_OK);
    CHECK(foerderprogramm_periode(c, &u, &kbb, "x", "2022-01-01", "2025-06-30", &id, &fe) ==
          ERR_FORBIDDEN);
    CHECK(foerderprogramm_periode(c, &u, &sb1, "x", "2022-01-01", "2025-06-30", &id, &fe) ==
          ERR_FORBIDDEN);
    CHECK(foerderprogramm_budget(c, &u, &sys, pid, "08115", NULL, 9000000, &fe) == ERR_OK);
    CHECK(foerderprogramm_budget(c, &u, &sys, pid, NULL, "gemeindetag", 9000000, &fe) == ERR_OK);
    CHECK(foerderprogramm_budget(c, &u, &sys, pid, "08115", NULL, 8000000, &fe) ==
          ERR_OK); /* again */
    CHECK(foerderprogramm_ausgabe(c, &u, &kbb, pid, "08115", "2024-03-01", 250000,
                                  "Netzwerktreffen", &fe) == ERR_OK);
    CHECK(foerderprogramm_ausgabe(c, &u, &kes, pid, "08115", "2024-03-01", 1, "x", &fe) ==
          ERR_NOTFOUND);
    CHECK(foerderprogramm_ausgabe(c, &u, &kbb, pid, "08115", "2026-03-01", 1, "x", &fe) ==
              ERR_INVALID &&
          strcmp(fe.feld, "datum") == 0);
    CHECK(foerderprogramm_stand(c, a, &kbb, "08115", &z, &n) == ERR_OK && n == 1);
    CHECK(z[0].budget_cent == 8000000 && z[0].ausgaben_cent == 250000);
    CHECK(foerderprogramm_stand(c, a, &mi, NULL, &z, &n) == ERR_OK && n == 2);
    CHECK(foerderprogramm_stand(c, a, &kes, "08115", &z, &n) == ERR_NOTFOUND);

    /* the report */
    CHECK(bericht_erstellen(c, a, &kbb, "08115", "2024-12-01", "2025-01-31", T0, &b, &bad) ==
          ERR_OK);
    CHECK(b.anfragen_gesamt == 2 && b.n_anfragen == 2 && b.gemeinden_unterstuetzt == 1);
    CHECK(strcmp(b.anfragen[0].a, "eakte") == 0 && strcmp(b.anfragen[0].b, "neu") == 0);
    CHECK(strcmp(b.anfragen[1].a, "plattform") == 0 && strcmp(b.anfragen[1].b, "erledigt") == 0);
    CHECK(b.lagebild.n_gemeinden == 2 && b.n_foerderung == 1);
    CHECK(bericht_erstellen(c, a, &kbb, "08115", "2025-02-01", "2025-03-01", T0, &b, &bad) ==
              ERR_OK &&
          b.anfragen_gesamt == 0);
    CHECK(bericht_erstellen(c, a, &mi, NULL, NULL, NULL, T0, &b, &bad) == ERR_OK &&
          b.anfragen_gesamt == 2);
    CHECK(strcmp(b.von, "2025-01-01") == 0 && strcmp(b.bis, "2025-01-01") == 0);
    CHECK(bericht_erstellen(c, a, &kes, "08115", NULL, NULL, T0, &b, &bad) == ERR_NOTFOUND);
    CHECK(bericht_erstellen(c, a, &sb1, NULL, NULL, NULL, T0, &b, &bad) == ERR_FORBIDDEN);
    CHECK(bericht_erstellen(c, a, &mi, NULL, "2025-02-01", "2025-01-01", T0, &b, &bad) ==
              ERR_INVALID &&
          strcmp(bad, "bis") == 0);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_bericht_and_foerderprogramm_count_by_district_and_period(void)
{
    testdb_on_both(bericht_body);
}

int
main(void)
{
    if (testdb_init("bericht") != 0)
        return 1;
    TEST(test_bericht_and_foerderprogramm_count_by_district_and_period);
    testdb_done();
    return tap_done();
}
