/* Tests of the file plan: the CSV parser (formats/aktenplan_csv.h) and the import, reading and
 * editing (domain/aktenplan.h) on SQLite and, when RATHAUS_TEST_PG holds a DSN, on PostgreSQL
 * (fixture: testdb.h). */
#include <stdio.h>
#include <string.h>

#include "domain/aktenplan.h"
#include "formats/aktenplan_csv.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};
static const struct rollen_zuordnung r_koord[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};

static const char plan[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit,beschreibung\n"
                           "0,Allgemeine Verwaltung,10,B,\n"
                           "02,Organisation,,A,\n"
                           "022,Schriftgut,,,\"Aktenplan, Aussonderung\"\n"
                           "9,Finanzen,10,V,\n"
                           "91,Steuern,,,\n"
                           "912,Hundesteuer,6,,\n";

static void
test_kennzeichen_rules(void)
{
    char out[AKTENPLAN_KZ_MAX + 1];
    CHECK(aktenplan_kennzeichen_ok("0"));
    CHECK(aktenplan_kennzeichen_ok("022.31"));
    CHECK(aktenplan_kennzeichen_ok("1.2.10"));
    CHECK(!aktenplan_kennzeichen_ok(""));
    CHECK(!aktenplan_kennzeichen_ok(".1"));
    CHECK(!aktenplan_kennzeichen_ok("1."));
    CHECK(!aktenplan_kennzeichen_ok("1..2"));
    CHECK(!aktenplan_kennzeichen_ok("1a"));
    CHECK(!aktenplan_kennzeichen_ok("123456789012345678901234567890123"));
    CHECK(aktenplan_kennzeichen_vorfahr("022.31", 0, out) && strcmp(out, "022.3") == 0);
    CHECK(aktenplan_kennzeichen_vorfahr("022.31", 1, out) && strcmp(out, "022") == 0);
    CHECK(aktenplan_kennzeichen_vorfahr("022.31", 3, out) && strcmp(out, "0") == 0);
    CHECK(!aktenplan_kennzeichen_vorfahr("022.31", 4, out));
    CHECK(!aktenplan_kennzeichen_vorfahr("7", 0, out));
}

static void
test_csv_errors_name_line_and_reason(void)
{
    struct arena *a = arena_new(1 << 20);
    struct buf err = BUF_INIT(1 << 16);
    struct aktenplan_zeile *z = NULL;
    size_t n = 0;
    static const char bad[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit\n"
                              "0,Allgemein,10,B\n"
                              "0x,Kaputt,,\n"
                              "1,,,\n"
                              "2,Zwei,300,\n"
                              "3,Drei,,X\n"
                              "0,Doppelt,,\n";
    CHECK(aktenplan_csv_parse(a, "p.csv", bad, sizeof(bad) - 1, &z, &n, &err) == ERR_INVALID);
    const char *e = buf_cstr(&err);
    CHECK(strstr(e, "p.csv:3: kennzeichen") != NULL);
    CHECK(strstr(e, "p.csv:4: titel fehlt") != NULL);
    CHECK(strstr(e, "p.csv:5: aufbewahrung_jahre") != NULL);
    CHECK(strstr(e, "p.csv:6: archivwuerdigkeit") != NULL);
    CHECK(strstr(e, "p.csv:7: kennzeichen steht schon in Zeile 2") != NULL);
    buf_reset(&err);
    static const char extra[] = "kennzeichen,titel,frist\n0,A,1\n";
    CHECK(aktenplan_csv_parse(a, "x.csv", extra, sizeof(extra) - 1, &z, &n, &err) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "x.csv:1: unbekannte Spalte") != NULL);
    buf_reset(&err);
    static const char nocol[] = "kennzeichen\n0\n";
    CHECK(aktenplan_csv_parse(a, "y.csv", nocol, sizeof(nocol) - 1, &z, &n, &err) == ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "titel") != NULL);
    buf_reset(&err);
    CHECK(aktenplan_csv_parse(a, "ok.csv", plan, sizeof(plan) - 1, &z, &n, &err) == ERR_OK);
    CHECK(n == 6 && z[2].beschreibung && strcmp(z[2].beschreibung, "Aktenplan, Aussonderung") == 0);
    CHECK(z[1].aufbewahrung_jahre == -1 && z[1].archivwuerdigkeit == 'A');
    buf_free(&err);
    arena_free(a);
}

static const struct aktenplan_eintrag *
finde(const struct aktenplan_eintrag *e, size_t n, const char *kz)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].row.kennzeichen, kz) == 0)
            return &e[i];
    return NULL;
}

static void
import_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct buf err = BUF_INIT(1 << 16);
    struct aktenplan_import_ergebnis erg;
    struct aktenplan_eintrag *e = NULL;
    struct feld_fehler fe = {0};
    size_t n = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    struct actor adm1 = TESTDB_ACTOR(23, r_adm1), sb1 = TESTDB_ACTOR(20, r_sb1),
                 adm2 = TESTDB_ACTOR(21, r_adm2), koord = TESTDB_ACTOR(10, r_koord);

    /* who may import */
    CHECK(aktenplan_import(c, &u, &sb1, 1, "p.csv", plan, sizeof(plan) - 1, false, &erg, &err) ==
          ERR_FORBIDDEN);
    CHECK(aktenplan_import(c, &u, &adm2, 1, "p.csv", plan, sizeof(plan) - 1, false, &erg, &err) ==
          ERR_NOTFOUND);
    CHECK(aktenplan_import(c, &u, &adm1, 1, "p.csv", plan, sizeof(plan) - 1, false, &erg, &err) ==
          ERR_OK);
    CHECK(erg.n_neu == 6 && erg.n_geaendert == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'aktenplan_importiert'",
                       NULL) == 1);

    /* tree, inheritance, readers */
    CHECK(aktenplan_lesen(c, a, &sb1, 1, &e, &n) == ERR_OK && n == 6);
    CHECK(strcmp(e[0].row.kennzeichen, "0") == 0 && e[0].tiefe == 0);
    const struct aktenplan_eintrag *hs = finde(e, n, "912"), *sg = finde(e, n, "022");
    CHECK(hs && hs->tiefe == 2 && hs->aufbewahrung_jahre == 6 && hs->archivwuerdigkeit == 'V');
    CHECK(sg && sg->aufbewahrung_jahre == 10 && sg->archivwuerdigkeit == 'A' &&
          sg->is_geerbt_jahre);
    CHECK(aktenplan_lesen(c, a, &koord, 1, &e, &n) == ERR_NOTFOUND);
    CHECK(aktenplan_lesen(c, a, &adm2, 1, &e, &n) == ERR_NOTFOUND);

    /* a broken file changes nothing: names file, line, reason */
    static const char bad[] = "kennzeichen,titel,aufbewahrung_jahre,eltern\n"
                              "912,Hundesteuer neu,8,\n"
                              "95,Neu,,77\n";
    buf_reset(&err);
    CHECK(aktenplan_import(c, &u, &adm1, 1, "neu.csv", bad, sizeof(bad) - 1, false, &erg, &err) ==
          ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "neu.csv:3: eltern '77'") != NULL);
    CHECK(testdb_count(c, "SELECT aufbewahrung_jahre FROM aktenplan WHERE kennzeichen = '912'",
                       NULL) == 6);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM aktenplan", NULL) == 6);

    /* a cycle through explicit parents is refused */
    static const char kreis[] = "kennzeichen,titel,eltern\n"
                                "7,Sieben,8\n"
                                "8,Acht,7\n";
    buf_reset(&err);
    CHECK(aktenplan_import(c, &u, &adm1, 1, "k.csv", kreis, sizeof(kreis) - 1, false, &erg, &err) ==
          ERR_INVALID);
    CHECK(strstr(buf_cstr(&err), "Kreis") != NULL);

    /* re-import: idempotent, updates, inserts under the nearest existing prefix */
    static const char neu[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit\n"
                              "912,Hundesteuer,8,\n"
                              "9123,Steuermarken,,\n"
                              "022.3,Aussonderung,,\n";
    buf_reset(&err);
    CHECK(aktenplan_import(c, &u, &adm1, 1, "n.csv", plan, sizeof(plan) - 1, false, &erg, &err) ==
          ERR_OK);
    CHECK(erg.n_neu == 0 && erg.n_unveraendert == 6);
    CHECK(aktenplan_import(c, &u, &adm1, 1, "n.csv", neu, sizeof(neu) - 1, false, &erg, &err) ==
          ERR_OK);
    CHECK(erg.n_neu == 2 && erg.n_geaendert == 1);
    CHECK(aktenplan_lesen(c, a, &adm1, 1, &e, &n) == ERR_OK && n == 8);
    const struct aktenplan_eintrag *sm = finde(e, n, "9123"), *au = finde(e, n, "022.3");
    hs = finde(e, n, "912");
    CHECK(sm && hs && sm->row.eltern_id == hs->row.id && sm->aufbewahrung_jahre == 8);
    sg = finde(e, n, "022");
    CHECK(au && sg && au->row.eltern_id == sg->row.id && au->tiefe == 3);
    /* tree order: 022.3 follows 022 */
    for (size_t i = 0; i + 1 < n; i++)
        if (e[i].row.id == sg->row.id)
            CHECK(e[i + 1].row.id == au->row.id);

    /* edit one entry, deactivate it */
    struct aktenplan_aenderung d = {.has_titel = true,
                                    .titel = "Hundesteuer und Steuermarken",
                                    .has_wuerdigkeit = true,
                                    .archivwuerdigkeit = 'B'};
    CHECK(aktenplan_aendern(c, &u, &sb1, hs->row.id, &d, &fe) == ERR_FORBIDDEN);
    CHECK(aktenplan_aendern(c, &u, &adm1, hs->row.id, &d, &fe) == ERR_OK);
    struct aktenplan_aenderung bad_t = {.has_titel = true, .titel = ""};
    CHECK(aktenplan_aendern(c, &u, &adm1, hs->row.id, &bad_t, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "titel") == 0);
    struct aktenplan_aenderung aus = {.has_aktiv = true, .is_aktiv = false};
    CHECK(aktenplan_aendern(c, &u, &adm1, hs->row.id, &aus, &fe) == ERR_OK);
    struct aktenplan_eintrag one;
    CHECK(aktenplan_eintrag_lesen(c, a, &sb1, sm->row.id, &one) == ERR_OK);
    CHECK(one.archivwuerdigkeit == 'B');
    CHECK(aktenplan_eintrag_lesen(c, a, &adm2, sm->row.id, &one) == ERR_NOTFOUND);
    CHECK(testdb_count(c, "SELECT is_aktiv FROM aktenplan WHERE kennzeichen = '912'", NULL) == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'aktenplan_deaktiviert'",
                       NULL) == 1);

    buf_free(&err);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_aktenplan_import_read_edit(void)
{
    testdb_on_both(import_body);
}

int
main(void)
{
    if (testdb_init("aktenplan") != 0)
        return 1;
    TEST(test_kennzeichen_rules);
    TEST(test_csv_errors_name_line_and_reason);
    TEST(test_aktenplan_import_read_edit);
    testdb_done();
    return tap_done();
}
