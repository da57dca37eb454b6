/* Fault injection into what a Gemeinde or its Kreis reports (domain/umsetzung.h,
 * domain/gemeinde_stand.h): an Umsetzung report, its replacement, a checklist step. Each
 * change also moves the Lagebild's change counter in the same transaction; every statement
 * failing once must leave all of it as it was (store/db_fehler.h, test_fehler_harness.h). On
 * SQLite and, with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_fehler_umsetzung). */
#include <stdio.h>
#include <string.h>

#include "domain/gemeinde_stand.h"
#include "domain/umsetzung.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

/* The territory, OZG-Leistungen and platform data of test_umsetzung.c. */
static const char seed[] = TESTDB_UMSETZUNG_SEED;

static const struct rollen_zuordnung admin_bb[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};

struct utx {
    struct umfeld u;
    struct actor adm, k;
    struct feld_fehler f;
    struct umsetzung_meldung_in m;
};

static int
op_melden_adm(struct db_conn *c, void *p)
{
    struct utx *x = p;
    return umsetzung_melden(c, &x->u, &x->adm, &x->m, &x->f);
}

static int
op_melden_koord(struct db_conn *c, void *p)
{
    struct utx *x = p;
    return umsetzung_melden(c, &x->u, &x->k, &x->m, &x->f);
}

static int
op_schritt(struct db_conn *c, void *p)
{
    struct utx *x = p;
    return gemeinde_schritt_melden(c, &x->u, &x->k, "08115003", 10100, "formular", true,
                                   "Formular im Test", &x->f);
}

/* ERR_INVALID with an error in field `feld` (and a text). */
static bool
abgelehnt(int rc, const struct feld_fehler *f, const char *feld)
{
    bool ok = rc == ERR_INVALID && f->feld && strcmp(f->feld, feld) == 0 && f->text && *f->text;
    if (!ok)
        printf("# expected ERR_INVALID in '%s', got %d '%s'\n", feld, rc, f->feld ? f->feld : "");
    return ok;
}

static void
umsetzung_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct utx x = {.u = testdb_umfeld(T0),
                    .adm = TESTDB_ACTOR(20, admin_bb),
                    .k = TESTDB_ACTOR(10, koord_bb),
                    .m = {.gemeinde_ags = "08115003",
                          .ozg_id = 10100,
                          .online = true,
                          .reifegrad = 3,
                          .seit = "2024-10-01",
                          .onlinedienst = "Ummeldung (Fremdportal)",
                          .url = "https://portal.example/ummeldung"}};
    if (!db || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, seed) == ERR_OK);
    int64_t stand = testdb_count(c, "SELECT version FROM lagebild_stand", NULL);
    FEHLER_PRUEFEN(c, "umsetzung_melden (the Gemeinde)", op_melden_adm, &x);
    x.m.gemeinde_ags = "08115010";
    FEHLER_PRUEFEN(c, "umsetzung_melden (the Kreis)", op_melden_koord, &x);
    x.m.reifegrad = 1;
    FEHLER_PRUEFEN(c, "umsetzung_melden (replaces)", op_melden_koord, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM umsetzung_meldung", NULL) == 2);
    FEHLER_PRUEFEN(c, "gemeinde_schritt_melden", op_schritt, &x);
    /* refused input names its field; nothing stored */
    static char lang[2100];
    memset(lang, 'n', sizeof(lang) - 1);
    CHECK(abgelehnt(
        gemeinde_baustein_melden(c, &x.u, &x.k, "08115003", "drucker", "x", NULL, NULL, &x.f), &x.f,
        "art"));
    CHECK(abgelehnt(gemeinde_baustein_melden(c, &x.u, &x.k, "08115003", "portal", "zwei\nZeilen",
                                             NULL, NULL, &x.f),
                    &x.f, "name"));
    CHECK(abgelehnt(
        gemeinde_baustein_melden(c, &x.u, &x.k, "08115003", "portal", "p", "", NULL, &x.f), &x.f,
        "hersteller"));
    CHECK(abgelehnt(gemeinde_baustein_melden(c, &x.u, &x.k, "08115003", "portal", "p", NULL,
                                             "2024-02-30", &x.f),
                    &x.f, "seit"));
    CHECK(abgelehnt(gemeinde_baustein_melden(c, &x.u, &x.k, "08115003", "portal", "p", NULL,
                                             "2031-01-01", &x.f),
                    &x.f, "seit"));
    CHECK(abgelehnt(
        gemeinde_schritt_melden(c, &x.u, &x.k, "08115003", 10100, "feiern", true, NULL, &x.f), &x.f,
        "schritt"));
    CHECK(abgelehnt(
        gemeinde_schritt_melden(c, &x.u, &x.k, "08115003", 10100, "test", true, lang, &x.f), &x.f,
        "notiz"));
    CHECK(abgelehnt(gemeinde_schritt_melden(c, &x.u, &x.k, "08115003", 0, "test", true, NULL, &x.f),
                    &x.f, "leistung"));
    CHECK(abgelehnt(
        gemeinde_schritt_melden(c, &x.u, &x.k, "08115003", 424242, "test", true, NULL, &x.f), &x.f,
        "leistung"));
    CHECK(abgelehnt(gemeinde_eakte_melden(c, &x.u, &x.k, "08115003", "fertig", NULL, &x.f), &x.f,
                    "stufe"));
    struct feld_fehler g = {0};
    CHECK(gemeinde_baustein_melden(c, &x.u, &x.k, "08115003", "portal", "p", NULL, NULL, &g) ==
          ERR_OK);
    CHECK(gemeinde_eakte_melden(c, &x.u, &x.k, "08116001", "pilot", NULL, &g) == ERR_NOTFOUND);
    CHECK(gemeinde_eakte_melden(c, &x.u, &x.k, "08115999", "pilot", NULL, &g) == ERR_NOTFOUND);
    /* the reports moved the Lagebild's stamp; the failed runs did not (the fingerprint) */
    CHECK(testdb_count(c, "SELECT version FROM lagebild_stand", NULL) != stand);
out:
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_umsetzung_every_failed_statement_rolls_back(void)
{
    testdb_on_both(umsetzung_body);
}

int
main(void)
{
    if (testdb_init("fehler_umsetzung") != 0)
        return 1;
    TEST(test_fehler_umsetzung_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
