/* Tests of the Amt core (domain/vorgang.h, domain/vermerk.h, domain/eingang.h,
 * domain/amt_zugriff.h) with their stores, on SQLite and, when RATHAUS_TEST_PG holds a DSN,
 * on PostgreSQL in the schema rh_test_vorgang (fixture: testdb.h). Applications and their
 * mirror in the citizen's timeline are tested over HTTP in tests/api/amt.test.mjs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/amt_zugriff.h"
#include "domain/eingang.h"
#include "domain/vermerk.h"
#include "domain/vorgang.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1767225600 /* 2026-01-01 */

/* Offices 101, 102 of authority 1 and 301 of 3; a clerk (40) bound to office 102; the file
 * plan of 1 (active 1.2, closed 9) and of 3 (1.2). */
static const char seed[] =
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (102, 1, 'oe102', 'Bürgerbüro'),"
    " (301, 3, 'oe301', 'Bürgeramt');"
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (40, 'sb-bb@boeblingen.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, behoerde_id, oe_id, erstellt) VALUES "
    " (40, 'sachbearbeitung', 1, 102, 1);"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, is_aktiv, erstellt, geaendert) "
    "VALUES (1, 1, '1.2', 'Ordnung', 1, 1, 1), (2, 1, '9', 'Alt', 0, 1, 1),"
    " (3, 3, '1.2', 'Ordnung', 1, 1, 1);";

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb1_102[] = {{ROLLE_SACHBEARBEITUNG, 1, 102, NULL}};
static const struct rollen_zuordnung r_sb3[] = {{ROLLE_SACHBEARBEITUNG, 3, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};
static const struct rollen_zuordnung r_koord[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_min[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};

/* Counter rows that differ from a fresh count, and counts without their counter row. */
static const char sql_zaehler_falsch[] =
    "SELECT COUNT(*) FROM (SELECT behoerde_id, oe_id, status, n FROM eingang_zaehler WHERE n <> 0 "
    "EXCEPT SELECT behoerde_id, oe_id, status, COUNT(*) FROM eingang "
    "GROUP BY behoerde_id, oe_id, status) x";
static const char sql_zaehler_fehlt[] =
    "SELECT COUNT(*) FROM (SELECT behoerde_id, oe_id, status, COUNT(*) FROM eingang "
    "GROUP BY behoerde_id, oe_id, status "
    "EXCEPT SELECT behoerde_id, oe_id, status, n FROM eingang_zaehler) x";

static void
vorgang_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct feld_fehler fe = {0};
    const char *bad = NULL;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    struct actor sb1 = TESTDB_ACTOR(20, r_sb1), sb102 = TESTDB_ACTOR(40, r_sb1_102),
                 sb3 = TESTDB_ACTOR(22, r_sb3), adm2 = TESTDB_ACTOR(21, r_adm2),
                 koord = TESTDB_ACTOR(10, r_koord), mi = TESTDB_ACTOR(12, r_min);

    /* files: an active subject of the own authority, an office */
    struct akte_row k, k2;
    struct akte_neu an = {.aktenplan_id = 1, .titel = "Gaststätten"};
    CHECK(akte_anlegen(c, a, &u, &sb1, &an, &k, &fe) == ERR_INVALID && strcmp(fe.feld, "oe") == 0);
    an.oe_id = 101;
    an.aktenplan_id = 2;
    CHECK(akte_anlegen(c, a, &u, &sb1, &an, &k, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "aktenplan") == 0);
    an.aktenplan_id = 3; /* authority 3's plan */
    CHECK(akte_anlegen(c, a, &u, &sb1, &an, &k, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "aktenplan") == 0);
    an.aktenplan_id = 1;
    an.titel = "zwei\nZeilen";
    CHECK(akte_anlegen(c, a, &u, &sb1, &an, &k, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "titel") == 0);
    an.titel = "Gaststätten";
    CHECK(akte_anlegen(c, a, &u, &sb1, &an, &k, &fe) == ERR_OK);
    CHECK(strcmp(k.aktenzeichen, "1.2/1") == 0 && k.oe_id == 101);
    struct akte_neu an2 = {.aktenplan_id = 1, .titel = "Bürgerbüro allgemein"};
    CHECK(akte_anlegen(c, a, &u, &sb102, &an2, &k2, &fe) == ERR_OK); /* bound: own office */
    CHECK(strcmp(k2.aktenzeichen, "1.2/2") == 0 && k2.oe_id == 102);
    an2.oe_id = 101;
    CHECK(akte_anlegen(c, a, &u, &sb102, &an2, &k2, &fe) == ERR_INVALID);
    CHECK(akte_anlegen(c, a, &u, &koord, &an, &k2, &fe) == ERR_NOTFOUND);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM akte_suchtext WHERE objekt_typ = 'akte'", NULL) ==
          2);

    /* cases and the access contract */
    struct vorgang_row v;
    struct vorgang_neu vn = {.akte_id = k.id, .betreff = "Erlaubnis Sommerfest"};
    CHECK(vorgang_anlegen(c, a, &u, &sb1, &vn, &v, &fe) == ERR_OK);
    CHECK(strcmp(v.aktenzeichen, "1.2/1-1") == 0 && strcmp(v.status, "offen") == 0);
    CHECK(v.bearbeitung_konto_id == 20 && v.antrag_id == 0);
    CHECK(vorgang_anlegen(c, a, &u, &sb3, &vn, &v, &fe) == ERR_INVALID); /* not its file */
    CHECK(vorgang_anlegen(c, a, &u, &sb102, &vn, &v, &fe) == ERR_INVALID);
    vn.betreff = "";
    CHECK(vorgang_anlegen(c, a, &u, &sb1, &vn, &v, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "betreff") == 0);
    vn.betreff = "Zweiter Vorgang";
    struct vorgang_row v2;
    CHECK(vorgang_anlegen(c, a, &u, &sb1, &vn, &v2, &fe) == ERR_OK);
    CHECK(strcmp(v2.aktenzeichen, "1.2/1-2") == 0);
    struct amt_vorgang_kopf kopf;
    CHECK(amt_vorgang_zugriff(c, &sb1, v.id, AUTHZ_VORGANG_LESEN, &kopf) == ERR_OK);
    CHECK(kopf.behoerde_id == 1 && kopf.oe_id == 101 && kopf.akte_id == k.id);
    CHECK(strcmp(kopf.aktenzeichen, "1.2/1-1") == 0);
    CHECK(amt_vorgang_zugriff(c, &sb3, v.id, AUTHZ_VORGANG_LESEN, &kopf) == ERR_NOTFOUND);
    CHECK(amt_vorgang_zugriff(c, &sb102, v.id, AUTHZ_VORGANG_LESEN, &kopf) == ERR_NOTFOUND);
    CHECK(amt_vorgang_zugriff(c, &koord, v.id, AUTHZ_VORGANG_LESEN, &kopf) == ERR_NOTFOUND);
    CHECK(amt_vorgang_zugriff(c, &mi, v.id, AUTHZ_VORGANG_LESEN, &kopf) == ERR_NOTFOUND);
    CHECK(amt_vorgang_zugriff(c, &sb1, 999999, AUTHZ_VORGANG_LESEN, &kopf) == ERR_NOTFOUND);
    struct amt_akte_kopf akopf;
    CHECK(amt_akte_zugriff(c, &sb1, k.id, AUTHZ_AKTE_BEARBEITEN, &akopf) == ERR_OK);
    CHECK(akopf.aktenplan_id == 1 && strcmp(akopf.status, "offen") == 0);
    CHECK(amt_akte_zugriff(c, &adm2, k.id, AUTHZ_AKTE_LESEN, &akopf) == ERR_NOTFOUND);

    /* lists: the bound clerk sees only its office */
    struct amt_filter f = {.limit = 10};
    struct akte_seite as;
    struct vorgang_seite vs;
    CHECK(akte_liste(c, a, &sb1, &f, &as, &bad) == ERR_OK && as.n == 2);
    CHECK(akte_liste(c, a, &sb102, &f, &as, &bad) == ERR_OK && as.n == 1 &&
          as.items[0].oe_id == 102);
    CHECK(vorgang_liste(c, a, &sb1, &f, &vs, &bad) == ERR_OK && vs.n == 2);
    CHECK(vs.items[0].id == v2.id); /* newest first */
    CHECK(vorgang_liste(c, a, &sb102, &f, &vs, &bad) == ERR_OK && vs.n == 0);
    CHECK(vorgang_liste(c, a, &sb3, &f, &vs, &bad) == ERR_OK && vs.n == 0);
    CHECK(vorgang_liste(c, a, &koord, &f, &vs, &bad) == ERR_NOTFOUND);
    f.limit = 1;
    CHECK(vorgang_liste(c, a, &sb1, &f, &vs, &bad) == ERR_OK && vs.n == 1 && vs.next_cursor);
    f.cursor = vs.next_cursor;
    CHECK(vorgang_liste(c, a, &sb1, &f, &vs, &bad) == ERR_OK && vs.n == 1 &&
          vs.items[0].id == v.id);
    f = (struct amt_filter){.limit = 10, .status = "fertig"};
    CHECK(vorgang_liste(c, a, &sb1, &f, &vs, &bad) == ERR_INVALID && strcmp(bad, "status") == 0);
    f = (struct amt_filter){.limit = 10, .oe_id = 101};
    CHECK(vorgang_liste(c, a, &sb102, &f, &vs, &bad) == ERR_INVALID && strcmp(bad, "oe") == 0);

    /* the life of a case (inside the caller's transaction, as other modules call it) */
    CHECK(db_begin(c) == ERR_OK);
    CHECK(vorgang_status_setzen(c, &u, &sb1, v.id, "rueckfrage", NULL) == ERR_CONFLICT);
    CHECK(vorgang_status_setzen(c, &u, &sb1, v.id, "fertig", NULL) == ERR_INVALID);
    /* closing goes through the archive's rules only */
    CHECK(vorgang_status_setzen(c, &u, &sb1, v.id, "zda", NULL) == ERR_INVALID);
    CHECK(vorgang_status_setzen(c, &u, &sb1, v.id, "in_bearbeitung", NULL) == ERR_OK);
    CHECK(vorgang_status_setzen(c, &u, &sb1, v.id, "in_bearbeitung", NULL) == ERR_CONFLICT);
    CHECK(vorgang_status_setzen(c, &u, &sb3, v.id, "rueckfrage", NULL) == ERR_NOTFOUND);
    CHECK(db_commit(c) == ERR_OK);
    CHECK(vorgang_status_aendern(c, &u, &sb1, v.id, "beschieden", "Bescheid ist raus.") == ERR_OK);
    CHECK(vorgang_status_aendern(c, &u, &sb1, v.id, "in_bearbeitung", NULL) == ERR_CONFLICT);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'vorgang_status'", NULL) ==
          2);

    /* notes, follow-ups, the own due list */
    int64_t vid = 0, wid = 0, wid2 = 0, n_offen = 0;
    CHECK(vermerk_schreiben(c, &u, &sb1, v2.id, "Rücksprache mit dem Veranstalter.", &vid, &fe) ==
          ERR_OK);
    CHECK(vermerk_schreiben(c, &u, &sb1, v2.id, " \n ", &vid, &fe) == ERR_INVALID);
    CHECK(vermerk_schreiben(c, &u, &sb3, v2.id, "fremd", &vid, &fe) == ERR_NOTFOUND);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM akte_suchtext WHERE objekt_typ = 'vermerk'",
                       NULL) == 1);
    CHECK(wiedervorlage_setzen(c, &u, &sb1, v2.id, "2025-12-31", "zu früh", 0, &wid, &fe) ==
          ERR_INVALID);
    CHECK(wiedervorlage_setzen(c, &u, &sb1, v2.id, "2026-02-30x", "kaputt", 0, &wid, &fe) ==
          ERR_INVALID);
    CHECK(wiedervorlage_setzen(c, &u, &sb1, v2.id, "2026-01-10", "Unterlagen?", 0, &wid, &fe) ==
          ERR_OK);
    CHECK(wiedervorlage_setzen(c, &u, &sb1, v2.id, "2026-01-05", "für Kollegin", 40, &wid2, &fe) ==
          ERR_INVALID); /* 40 works in 102, the case in 101 */
    CHECK(wiedervorlage_setzen(c, &u, &sb1, v2.id, "2026-01-05", "früher", 0, &wid2, &fe) ==
          ERR_OK);
    struct wiedervorlage_row *wv = NULL;
    size_t n_wv = 0;
    CHECK(wiedervorlagen_eigene(c, a, &sb1, 10, &wv, &n_wv, &n_offen) == ERR_OK && n_wv == 2);
    CHECK(wv[0].id == wid2 && strcmp(wv[0].datum, "2026-01-05") == 0);
    CHECK(n_offen == 1); /* v2; v is decided */
    CHECK(wiedervorlage_erledigen(c, &u, &sb3, wid) == ERR_NOTFOUND);
    CHECK(wiedervorlage_erledigen(c, &u, &sb1, wid) == ERR_OK);
    CHECK(wiedervorlage_erledigen(c, &u, &sb1, wid) == ERR_CONFLICT);
    CHECK(wiedervorlagen_eigene(c, a, &sb1, 10, &wv, &n_wv, &n_offen) == ERR_OK && n_wv == 1);
    int64_t nid = 0;
    CHECK(rueckfrage_stellen(c, a, &u, &sb1, v2.id, "Bitte Plan nachreichen.", &nid, &fe) ==
          ERR_CONFLICT); /* no application behind it */

    struct vorgang_detail d;
    CHECK(vorgang_lesen(c, a, &u, &sb1, v2.id, &d) == ERR_OK);
    CHECK(d.n_vermerke == 1 && d.n_wiedervorlagen == 2 && !d.has_antrag);
    CHECK(vorgang_lesen(c, a, &u, &sb102, v2.id, &d) == ERR_NOTFOUND);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'vorgang_gelesen'",
                       NULL) == 1);

    /* the inbox: a document by hand, taken into a file; assignment within the office */
    struct posteingang_dokument_neu pd = {.oe_id = 101,
                                          .betreff = "Beschwerde Lärm",
                                          .dateiname = "brief.txt",
                                          .typ = "text/plain",
                                          .inhalt = "Sehr geehrte Damen und Herren",
                                          .len = 29};
    int64_t eid = 0, eid2 = 0;
    CHECK(posteingang_dokument(c, a, &u, &sb1, &pd, &eid, &fe) == ERR_OK && eid > 0);
    CHECK(posteingang_dokument(c, a, &u, &sb102, &pd, &eid2, &fe) == ERR_INVALID);
    pd.oe_id = 102;
    CHECK(posteingang_dokument(c, a, &u, &sb102, &pd, &eid2, &fe) == ERR_OK);
    pd.len = 0;
    CHECK(posteingang_dokument(c, a, &u, &sb1, &pd, &eid2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "datei") == 0);
    struct posteingang_filter pf = {.limit = 10};
    struct posteingang_seite ps;
    CHECK(posteingang_liste(c, a, &sb1, &pf, &ps, &bad) == ERR_OK && ps.n == 2);
    CHECK(ps.zaehler.neu == 2);
    CHECK(posteingang_liste(c, a, &sb102, &pf, &ps, &bad) == ERR_OK && ps.n == 1);
    CHECK(posteingang_liste(c, a, &sb3, &pf, &ps, &bad) == ERR_OK && ps.n == 0);
    /* an office of the authority; another authority's office is a bad filter */
    pf.oe_id = 102;
    CHECK(posteingang_liste(c, a, &sb1, &pf, &ps, &bad) == ERR_OK && ps.n == 1);
    pf.oe_id = 301;
    CHECK(posteingang_liste(c, a, &sb1, &pf, &ps, &bad) == ERR_INVALID && strcmp(bad, "oe") == 0);
    pf.oe_id = 0;
    pf.von = "2026-02-01";
    CHECK(posteingang_liste(c, a, &sb1, &pf, &ps, &bad) == ERR_OK && ps.n == 0);
    pf.von = "2026-02-30";
    CHECK(posteingang_liste(c, a, &sb1, &pf, &ps, &bad) == ERR_INVALID && strcmp(bad, "von") == 0);
    CHECK(posteingang_zuweisen(c, &u, &sb1, eid, 40, &fe) == ERR_INVALID);
    CHECK(posteingang_zuweisen(c, &u, &sb1, eid, 20, &fe) == ERR_OK);
    CHECK(posteingang_zuweisen(c, &u, &sb3, eid, 22, &fe) == ERR_NOTFOUND);
    struct vorgang_row ev;
    CHECK(posteingang_uebernehmen(c, a, &u, &sb1, eid, k2.id, NULL, &ev, &fe) == ERR_INVALID);
    CHECK(posteingang_uebernehmen(c, a, &u, &sb1, eid, k.id, NULL, &ev, &fe) == ERR_OK);
    CHECK(strcmp(ev.betreff, "Beschwerde Lärm") == 0 && strcmp(ev.aktenzeichen, "1.2/1-3") == 0);
    CHECK(vorgang_lesen(c, a, &u, &sb1, ev.id, &d) == ERR_OK && d.n_dokumente == 1);
    CHECK(strcmp(d.dokumente[0].art, "eingang") == 0 && d.dokumente[0].version == 1);
    CHECK(d.dokumente[0].groesse == 29 && strcmp(d.dokumente[0].dateiname, "brief.txt") == 0);
    CHECK(posteingang_uebernehmen(c, a, &u, &sb1, eid, k.id, NULL, &ev, &fe) == ERR_CONFLICT);
    CHECK(posteingang_weiterleiten(c, a, &u, &sb1, eid, 102, NULL, &fe) == ERR_CONFLICT);
    CHECK(posteingang_weiterleiten(c, a, &u, &sb102, eid2, 301, "x", &fe) == ERR_INVALID);
    CHECK(posteingang_weiterleiten(c, a, &u, &sb102, eid2, 101, "Zuständig: Ordnungsamt", &fe) ==
          ERR_OK);
    struct eingang_row er;
    CHECK(posteingang_lesen(c, a, &u, &sb1, eid2, &er) == ERR_OK);
    CHECK(er.oe_id == 101 && strcmp(er.status, "neu") == 0 && er.notiz &&
          strcmp(er.notiz, "Zuständig: Ordnungsamt") == 0);
    CHECK(posteingang_lesen(c, a, &u, &sb102, eid2, &er) == ERR_NOTFOUND);
    CHECK(testdb_count(c,
                       "SELECT COUNT(*) FROM protokoll WHERE detail LIKE '%Ordnungsamt%' "
                       "OR detail LIKE '%Lärm%'",
                       NULL) == 0);

    /* the inbox counters (migration 0010) equal a fresh count after every kind of change:
     * documents posted, taken, assigned, forwarded to another office; and after a delete */
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM eingang", NULL) >= 2);
    CHECK(testdb_count(c, sql_zaehler_falsch, NULL) == 0);
    CHECK(testdb_count(c, sql_zaehler_fehlt, NULL) == 0);
    CHECK(db_exec_script(c, "UPDATE eingang SET status = 'erledigt' WHERE id = (SELECT MIN(id) "
                            "FROM eingang); DELETE FROM eingang WHERE id = (SELECT MAX(id) FROM "
                            "eingang) AND vorgang_id IS NULL") == ERR_OK);
    CHECK(testdb_count(c, sql_zaehler_falsch, NULL) == 0);
    CHECK(testdb_count(c, sql_zaehler_fehlt, NULL) == 0);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_vorgang_files_cases_inbox_and_separation(void)
{
    testdb_on_both(vorgang_body);
}

int
main(void)
{
    if (testdb_init("vorgang") != 0)
        return 1;
    TEST(test_vorgang_files_cases_inbox_and_separation);
    testdb_done();
    return tap_done();
}
