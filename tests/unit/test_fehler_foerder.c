/* Fault injection into the funding programme (domain/foerderprogramm.h): a period, budgets
 * of a Kreis's and an association's position, an expense. Every statement of each operation
 * fails once (store/db_fehler.h); the operation must report an error and leave every table
 * as it was (the audit log included), and the run no injected failure reaches must succeed
 * (test_fehler_harness.h); then its audit entry is there.
 * Also every refused input with its field. On SQLite and, with RATHAUS_TEST_PG, PostgreSQL
 * (schema rh_test_fehler_foerder). */
#include <stdio.h>
#include <string.h>

#include "domain/foerderprogramm.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};

struct ftx {
    struct umfeld u;
    struct actor sys, kbb;
    struct feld_fehler f;
    int64_t periode;
    const char *kreis, *verband;
    int64_t betrag;
};

static int
op_periode(struct db_conn *c, void *p)
{
    struct ftx *x = p;
    return foerderprogramm_periode(c, &x->u, &x->sys, "Förderphase 2022 bis 30.06.2025",
                                   "2022-01-01", "2025-06-30", &x->periode, &x->f);
}

static int
op_budget(struct db_conn *c, void *p)
{
    struct ftx *x = p;
    return foerderprogramm_budget(c, &x->u, &x->sys, x->periode, x->kreis, x->verband, x->betrag,
                                  &x->f);
}

static int
op_ausgabe(struct db_conn *c, void *p)
{
    struct ftx *x = p;
    return foerderprogramm_ausgabe(c, &x->u, &x->kbb, x->periode, "08115", "2024-03-01", 250000,
                                   "Netzwerktreffen", &x->f);
}

static bool
feld_ist(const struct feld_fehler *f, const char *feld)
{
    bool ok = f->feld && strcmp(f->feld, feld) == 0 && f->text && *f->text;
    if (!ok)
        printf("# expected an error in '%s', got '%s'\n", feld, f->feld ? f->feld : "(none)");
    return ok;
}

static void
foerder_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(1 << 20);
    struct ftx x = {.u = testdb_umfeld(T0),
                    .sys = {.is_system = true},
                    .kbb = TESTDB_ACTOR(10, r_koord_bb),
                    .kreis = "08115",
                    .betrag = 9000000};
    struct foerder_zeile *z = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (!db || !a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);

    /* refused input, nothing stored */
    CHECK(foerderprogramm_periode(c, &x.u, &x.sys, "", "2022-01-01", "2025-06-30", &id, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "name"));
    CHECK(foerderprogramm_periode(c, &x.u, &x.sys, "P", "2022-13-01", "2025-06-30", &id, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "beginn"));
    CHECK(foerderprogramm_periode(c, &x.u, &x.sys, "P", "2022-01-01", "2021-06-30", &id, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "ende"));
    CHECK(foerderprogramm_periode(c, &x.u, &x.kbb, "P", "2022-01-01", "2025-06-30", &id, &x.f) ==
          ERR_FORBIDDEN);
    FEHLER_PRUEFEN(c, "foerderprogramm_periode", op_periode, &x);
    CHECK(x.periode > 0);
    CHECK(foerderprogramm_budget(c, &x.u, &x.sys, x.periode, "0811", NULL, 1, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "kreis"));
    CHECK(foerderprogramm_budget(c, &x.u, &x.sys, x.periode, NULL, "bauernverband", 1, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "kreis"));
    CHECK(foerderprogramm_budget(c, &x.u, &x.sys, x.periode, "08115", NULL, -1, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "betrag"));
    CHECK(foerderprogramm_budget(c, &x.u, &x.sys, x.periode + 99, "08115", NULL, 1, &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "periode"));
    CHECK(foerderprogramm_budget(c, &x.u, &x.kbb, x.periode, "08115", NULL, 1, &x.f) ==
          ERR_FORBIDDEN);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM budget", NULL) == 0);

    /* the position is created with its budget in one transaction: a failure at any step
     * leaves neither */
    FEHLER_PRUEFEN(c, "foerderprogramm_budget (Kreis)", op_budget, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM koordinator", NULL) == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM budget", NULL) == 1);
    x.kreis = NULL;
    x.verband = "staedtetag";
    FEHLER_PRUEFEN(c, "foerderprogramm_budget (association)", op_budget, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM koordinator", NULL) == 2);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM budget", NULL) == 2);
    x.kreis = "08115";
    x.verband = NULL;
    x.betrag = 8000000;
    FEHLER_PRUEFEN(c, "foerderprogramm_budget (changed)", op_budget, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM budget", NULL) == 2);

    CHECK(foerderprogramm_ausgabe(c, &x.u, &x.kbb, x.periode, "8115", "2024-03-01", 1, "x", &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "kreis"));
    CHECK(foerderprogramm_ausgabe(c, &x.u, &x.kbb, x.periode, "08115", "2024-03-01", 0, "x",
                                  &x.f) == ERR_INVALID &&
          feld_ist(&x.f, "betrag_cent"));
    CHECK(foerderprogramm_ausgabe(c, &x.u, &x.kbb, x.periode, "08115", "2024-03-01", 1, "", &x.f) ==
              ERR_INVALID &&
          feld_ist(&x.f, "zweck"));
    CHECK(foerderprogramm_ausgabe(c, &x.u, &x.kbb, x.periode + 99, "08115", "2024-03-01", 1, "x",
                                  &x.f) == ERR_INVALID &&
          feld_ist(&x.f, "periode"));
    CHECK(foerderprogramm_ausgabe(c, &x.u, &x.kbb, x.periode, "08115", "2021-12-31", 1, "x",
                                  &x.f) == ERR_INVALID &&
          feld_ist(&x.f, "datum"));
    FEHLER_PRUEFEN(c, "foerderprogramm_ausgabe", op_ausgabe, &x);

    /* every change has its entry in the global chain: the object and ids and amounts, never
     * the purpose's text; refused calls wrote none */
    CHECK(testdb_count(c,
                       "SELECT COUNT(*) FROM protokoll WHERE aktion = 'foerderperiode_angelegt' "
                       "AND objekt_typ = 'foerderperiode' AND behoerde_id IS NULL",
                       NULL) == 1);
    CHECK(
        testdb_count(c,
                     "SELECT COUNT(*) FROM protokoll WHERE aktion = 'foerderbudget_gesetzt' "
                     "AND objekt_typ = 'koordinator' AND behoerde_id IS NULL AND konto_id IS NULL",
                     NULL) == 3);
    CHECK(testdb_count(c,
                       "SELECT COUNT(*) FROM protokoll WHERE aktion = 'foerderbudget_gesetzt' AND "
                       "detail LIKE '%\"betrag_cent\":8000000%'",
                       NULL) == 1);
    CHECK(testdb_count(c,
                       "SELECT COUNT(*) FROM protokoll WHERE aktion = 'foerderausgabe_erfasst' "
                       "AND objekt_typ = 'koordinator' AND konto_id = 10 AND "
                       "detail LIKE '%\"betrag_cent\":250000%'",
                       NULL) == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE detail LIKE '%Netzwerk%'", NULL) ==
          0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion LIKE 'foerder%'", NULL) ==
          5);

    CHECK(foerderprogramm_stand(c, a, &x.kbb, "08115", &z, &n) == ERR_OK && n == 1);
    CHECK(n == 1 && z[0].budget_cent == 8000000 && z[0].ausgaben_cent == 250000);
    CHECK(foerderprogramm_stand(c, a, &x.kbb, "0811x", &z, &n) == ERR_INVALID);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_foerder_every_failed_statement_rolls_back(void)
{
    testdb_on_both(foerder_body);
}

int
main(void)
{
    if (testdb_init("fehler_foerder") != 0)
        return 1;
    TEST(test_fehler_foerder_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
