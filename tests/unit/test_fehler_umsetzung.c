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
static const char seed[] =
    "INSERT INTO regierungsbezirk (ags, name) VALUES ('081', 'Stuttgart');"
    "INSERT INTO kreis (ags, name, typ, regierungsbezirk_ags) VALUES "
    " ('08115', 'Böblingen', 'Landkreis', '081'), ('08116', 'Esslingen', 'Landkreis', '081');"
    "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, kreis_ags, einwohner) VALUES "
    " ('08115003', '081155003003', 'Böblingen, Stadt', 'Böblingen', 'boblingen', '08115', 50000),"
    " ('08115010', '081150010010', 'Aidlingen', 'Aidlingen', 'aidlingen', '08115', 9000),"
    " ('08115021', '081150021021', 'Ehningen', 'Ehningen', 'ehningen', '08115', 9500),"
    " ('08116001', '081160001001', 'Aichtal, Stadt', 'Aichtal', 'aichtal', '08116', 10000);"
    "INSERT INTO themenfeld (id, name) VALUES (1, 'Familie & Kind'), (2, 'Mobilität & Reisen');"
    "INSERT INTO lebenslage (id, name, themenfeld_id) VALUES (1, 'Geburt', 1), (2, 'Umzug', 2);"
    "INSERT INTO ozg_leistung (id, name, lebenslage_id, themenfeld_id) VALUES "
    " (10000, 'Elterngeld', 1, 1), (10001, 'Kinderreisepass', 1, 1), (10100, 'Ummeldung', 2, 2);"
    "INSERT INTO leistung (id, name, ozg_id) VALUES ('99001', 'Elterngeld beantragen', 10000),"
    " ('99002', 'Elterngeld Plus', 10000), ('99003', 'Kinderreisepass', 10001),"
    " ('99004', 'Ummeldung', 10100);"
    "INSERT INTO behoerde (id, schluessel, name, art, gemeinde_ags, kreis_ags) VALUES "
    " (1, 'g-08115003', 'Stadt Böblingen', 'gemeinde', '08115003', '08115'),"
    " (2, 'g-08116001', 'Stadt Aichtal', 'gemeinde', '08116001', '08116'),"
    " (3, 'lra-08115', 'Landratsamt Böblingen', 'landratsamt', NULL, '08115');"
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (1, 1, 'oe1', 'Bürgeramt'), (2, 2, 'oe2', 'Bürgerbüro'), (3, 3, 'oe3', 'Ausländeramt');"
    "INSERT INTO onlinedienst (id, schluessel, oe_id, leistung_id, name, url, reifegrad, seit) "
    " VALUES (1, 'od1', 1, '99001', 'Elterngeld online', 'https://x.test/1', 2, '2023-02-01'),"
    " (2, 'od2', 3, '99003', 'Kinderreisepass online', 'https://x.test/2', 3, '2024-05-01'),"
    " (3, 'od3', 2, '99002', 'ElterngeldDigital', 'https://x.test/3', 4, '2022-08-15'),"
    " (4, 'od4', 1, '99003', 'Kinderreisepass Ehningen', 'https://x.test/4', 1, '2024-06-01');"
    "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id, onlinedienst_id) VALUES "
    " ('99001', '08115003', 1, 1), ('99003', '08115', 3, 2), ('99002', '08116001', 2, 3),"
    " ('99004', '08115003', 1, NULL), ('99001', '08', 1, 1), ('99003', '08115021', 1, 4);";

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
