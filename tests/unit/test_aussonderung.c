/* Tests of zdA, retention, the hand-over to the archive (xdomea 0503, validated against the
 * shared XSD), the receipt, the deletion of files marked V, the file export and the audit log
 * verification (domain/archiv.h, domain/akte_export.h), on SQLite and, when RATHAUS_TEST_PG
 * holds a DSN, on PostgreSQL (fixture: testdb.h). */
#include <stdio.h>
#include <string.h>

#include "domain/akte_export.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"
#include "store/antrag.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */
#define T1 2208988800 /* 2040-01-01: every retention above has ended */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};

static const char plan[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit\n"
                           "0,Allgemeine Verwaltung,10,B\n"
                           "022,Schriftgut,,A\n"
                           "9,Finanzen,10,V\n"
                           "912,Hundesteuer,6,\n";

static const char akten[] =
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) "
    " VALUES (100, 1, 'oe-100', 'Hauptamt');"
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " status, erstellt, geaendert) VALUES "
    " (1001, 1, 100, (SELECT id FROM aktenplan WHERE kennzeichen = '022'), 1, '022/1', "
    "  'Registratur 2024', 'offen', 1704067200, 1704067200),"
    " (1002, 1, 100, (SELECT id FROM aktenplan WHERE kennzeichen = '912'), 1, '912/1', "
    "  'Hundesteuer Muster', 'offen', 1704067200, 1704067200);"
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " status, erstellt, geaendert) VALUES "
    " (2001, 1, 100, 1001, 1, '022/1-1', 'Übergabe <Registratur> & Co', 'beschieden', "
    "  1704067200, 1704067200),"
    " (2002, 1, 100, 1002, 1, '912/1-1', 'Anmeldung eines Hundes', 'offen', 1704067200, "
    "  1704067200);"
    "INSERT INTO wiedervorlage (id, behoerde_id, vorgang_id, konto_id, datum, grund, erstellt) "
    " VALUES (5001, 1, 2001, 20, '2025-02-01', 'Frist', 1704067200);"
    "INSERT INTO vermerk (id, behoerde_id, vorgang_id, text, konto_id, erstellt) "
    " VALUES (6001, 1, 2001, 'Telefonat geführt', 20, 1704067200);";

static const char sha[] = "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969";

static const char dokumente[] =
    "INSERT INTO dokument (id, behoerde_id, vorgang_id, titel, art, aktuelle_version, konto_id, "
    " erstellt, geaendert) VALUES (3001, 1, 2001, 'Übergabeprotokoll', 'schreiben', 1, 20, "
    " 1704067200, 1704067200);"
    "INSERT INTO dokument_version (id, behoerde_id, dokument_id, version, sha256, dateiname, typ, "
    " groesse, konto_id, erstellt) VALUES (4001, 1, 3001, 1, "
    " '185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969', 'Übergabe (1).txt', "
    " 'text/plain', 5, 20, 1704067200);";

static const char quittung_fmt[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<x:Aussonderung.AussonderungEmpfangBestaetigen.0507 "
    "xmlns:x=\"urn:xoev-de:xdomea:schema:3.0.0\"><x:Kopf><x:ProzessID>%s</x:ProzessID>"
    "<x:Nachrichtentyp listURI=\"urn:xoev-de:xdomea:codeliste:nachrichtentyp\" "
    "listVersionID=\"2.0\"><code>0507</code></x:Nachrichtentyp>"
    "<x:Erstellungszeitpunkt>2040-01-02T10:00:00Z</x:Erstellungszeitpunkt>"
    "<x:Absender><x:Institution><x:Name>Kreisarchiv</x:Name></x:Institution></x:Absender>"
    "<x:Empfaenger><x:Institution><x:Name>Stadt</x:Name></x:Institution></x:Empfaenger>"
    "</x:Kopf></x:Aussonderung.AussonderungEmpfangBestaetigen.0507>";

static int64_t
zahl(struct db_conn *c, const char *sql)
{
    return testdb_count(c, sql, NULL);
}

static void
zda_und_abgabe(struct db_conn *c, struct arena *a)
{
    struct umfeld u = testdb_umfeld(T0), u1 = testdb_umfeld(T1);
    struct actor sb1 = TESTDB_ACTOR(20, r_sb1), adm1 = TESTDB_ACTOR(23, r_adm1),
                 adm2 = TESTDB_ACTOR(21, r_adm2);
    struct archiv_zda_ergebnis erg;
    struct archiv_faellig *f = NULL;
    struct feld_fehler fe = {0};
    struct buf zip = BUF_INIT(64 << 20), err = BUF_INIT(1 << 16);
    char name[128], xsd[1024];
    int64_t id = 0, n = 0, bad_akte = 1002;
    size_t n_f = 0;

    /* an open follow-up blocks zdA */
    CHECK(archiv_vorgang_zda(c, &u, &sb1, 2001, NULL, &erg) == ERR_CONFLICT);
    CHECK(db_exec_script(c, "UPDATE wiedervorlage SET erledigt = 1 WHERE id = 5001") == ERR_OK);
    CHECK(archiv_vorgang_zda(c, &u, &adm2, 2001, NULL, &erg) == ERR_NOTFOUND);
    CHECK(archiv_vorgang_zda(c, &u, &sb1, 2001, "erledigt", &erg) == ERR_OK);
    /* the last case closed closes the file: end of 2025 + 10 years of '0' (inherited) */
    CHECK(erg.is_akte_zda && erg.akte_id == 1001 &&
          strcmp(erg.aufbewahrung_bis, "2035-12-31") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM akte WHERE id = 1001 AND status = 'zda' AND "
                  "aufbewahrung_bis = '2035-12-31'") == 1);
    CHECK(archiv_vorgang_zda(c, &u, &sb1, 2001, NULL, &erg) == ERR_CONFLICT);
    /* a file with an open case cannot be closed by hand */
    CHECK(archiv_akte_zda(c, &u, &sb1, 1002, &erg) == ERR_CONFLICT);
    CHECK(archiv_vorgang_zda(c, &u, &sb1, 2002, NULL, &erg) == ERR_OK);
    CHECK(erg.is_akte_zda && strcmp(erg.aufbewahrung_bis, "2031-12-31") == 0);
    /* reopening before the end, closing again by hand */
    CHECK(archiv_akte_wiederaufnehmen(c, &u, &sb1, 1002) == ERR_OK);
    CHECK(zahl(c, "SELECT COUNT(*) FROM akte WHERE id = 1002 AND status = 'offen' AND "
                  "aufbewahrung_bis IS NULL") == 1);
    CHECK(archiv_akte_zda(c, &u, &sb1, 1002, &erg) == ERR_OK && erg.is_akte_zda);
    CHECK(archiv_akte_wiederaufnehmen(c, &u1, &sb1, 1002) == ERR_CONFLICT);

    /* due: only after the retention, only for admins of the authority */
    CHECK(archiv_faellige(c, a, &u, &adm1, 1, &f, &n_f) == ERR_OK && n_f == 0);
    CHECK(archiv_faellige(c, a, &u1, &sb1, 1, &f, &n_f) == ERR_FORBIDDEN);
    CHECK(archiv_faellige(c, a, &u1, &adm2, 1, &f, &n_f) == ERR_NOTFOUND);
    CHECK(archiv_faellige(c, a, &u1, &adm1, 1, &f, &n_f) == ERR_OK && n_f == 2);
    CHECK(f[0].akte.id == 1002 && f[0].archivwuerdigkeit == 'V' && f[0].aufbewahrung_jahre == 6);
    CHECK(f[1].akte.id == 1001 && f[1].archivwuerdigkeit == 'A');

    /* the file export: every version, metadata, the audit trail */
    CHECK(store_blob_put(c, 1, sha, "text/plain", "hallo", 5, T0) == ERR_OK);
    CHECK(db_exec_script(c, dokumente) == ERR_OK);
    CHECK(akte_export_zip(c, &u1, &adm2, 1001, &zip, name) == ERR_NOTFOUND);
    CHECK(akte_export_zip(c, &u1, &sb1, 1001, &zip, name) == ERR_OK);
    CHECK(zip.len > 100 && memcmp(zip.p, "PK", 2) == 0 && strcmp(name, "akte-022_1.zip") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'akte_exportiert'") == 1);
    buf_reset(&zip);

    /* hand-over: V is refused, no schema means nothing happens */
    CHECK(archiv_abgabe(c, &u1, &adm1, 1, &bad_akte, 1,
                        tap_shared("schemas/xdomea/3.0.0/xdomea.xsd"), &zip, name, &id, &fe,
                        &err) == ERR_INVALID);
    CHECK(archiv_abgabe(c, &u1, &adm1, 1, NULL, 0, "/nirgends/xdomea.xsd", &zip, name, &id, &fe,
                        &err) == ERR_IO);
    CHECK(zahl(c, "SELECT COUNT(*) FROM aussonderung") == 0 && zip.len == 0);
    buf_reset(&err);
    snprintf(xsd, sizeof(xsd), "%s", tap_shared("schemas/xdomea/3.0.0/xdomea.xsd"));
    CHECK(archiv_abgabe(c, &u1, &sb1, 1, NULL, 0, xsd, &zip, name, &id, &fe, &err) ==
          ERR_FORBIDDEN);
    CHECK(archiv_abgabe(c, &u1, &adm1, 1, NULL, 0, xsd, &zip, name, &id, &fe, &err) == ERR_OK);
    if (err.len)
        fprintf(stderr, "%s", buf_cstr(&err));
    CHECK(zip.len > 100 && memcmp(zip.p, "PK", 2) == 0 && strstr(name, "_Aussonderung") != NULL);
    CHECK(zahl(c, "SELECT COUNT(*) FROM aussonderung WHERE art = 'abgabe' AND status = "
                  "'exportiert'") == 1);
    CHECK(zahl(c, "SELECT COUNT(*) FROM aussonderung_objekt WHERE akte_id = 1001 AND "
                  "n_vorgaenge = 1 AND n_dokumente = 1 AND archivwuerdigkeit = 'A'") == 1);
    /* a second hand-over finds nothing left */
    buf_reset(&zip);
    CHECK(archiv_abgabe(c, &u1, &adm1, 1, NULL, 0, xsd, &zip, name, &id, &fe, &err) ==
          ERR_CONFLICT);

    /* the receipt: wrong id refused, the right one deletes the content and keeps the record */
    struct aussonderung_row s;
    struct aussonderung_objekt_row *o = NULL;
    size_t n_o = 0;
    int64_t aid = zahl(c, "SELECT MAX(id) FROM aussonderung");
    CHECK(archiv_aussonderung(c, a, &adm1, aid, &s, &o, &n_o) == ERR_OK && n_o == 1);
    char xml[2048];
    snprintf(xml, sizeof(xml), quittung_fmt, "0b2f6d1e-1c2a-4a7b-9f00-123456789abc");
    buf_reset(&err);
    CHECK(archiv_quittung(c, &u1, &adm1, aid, xml, strlen(xml), NULL, xsd, &n, &err) ==
          ERR_INVALID);
    CHECK(zahl(c, "SELECT COUNT(*) FROM vorgang WHERE akte_id = 1001") == 1);
    CHECK(archiv_quittung(c, &u1, &adm1, aid, "<a/>", 4, NULL, xsd, &n, &err) == ERR_INVALID);
    snprintf(xml, sizeof(xml), quittung_fmt, s.nachricht_kennung);
    CHECK(archiv_quittung(c, &u1, &adm2, aid, xml, strlen(xml), NULL, xsd, &n, &err) ==
          ERR_NOTFOUND);
    CHECK(archiv_quittung(c, &u1, &adm1, aid, xml, strlen(xml), NULL, xsd, &n, &err) == ERR_OK);
    CHECK(n == 1);
    CHECK(zahl(c, "SELECT COUNT(*) FROM vorgang WHERE akte_id = 1001") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM dokument WHERE id = 3001") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM dokument_version WHERE id = 4001") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM vermerk WHERE id = 6001") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM wiedervorlage WHERE id = 5001") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM blob") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM akte WHERE id = 1001 AND status = 'ausgesondert'") == 1);
    CHECK(zahl(c, "SELECT COUNT(*) FROM aussonderung WHERE status = 'quittiert'") == 1);
    CHECK(zahl(c, "SELECT COUNT(*) FROM aussonderung_objekt") == 1);
    CHECK(archiv_quittung(c, &u1, &adm1, aid, xml, strlen(xml), NULL, xsd, &n, &err) ==
          ERR_CONFLICT);
    buf_reset(&zip);
    CHECK(akte_export_zip(c, &u1, &sb1, 1001, &zip, name) == ERR_CONFLICT);

    /* deletion of V files: needs the confirmation */
    CHECK(archiv_loeschen(c, &u1, &adm1, 1, NULL, 0, false, &id, &n, &fe) == ERR_INVALID);
    CHECK(archiv_loeschen(c, &u1, &sb1, 1, NULL, 0, true, &id, &n, &fe) == ERR_FORBIDDEN);
    CHECK(archiv_loeschen(c, &u1, &adm1, 1, NULL, 0, true, &id, &n, &fe) == ERR_OK && n == 1);
    CHECK(zahl(c, "SELECT COUNT(*) FROM akte WHERE id = 1002 AND status = 'ausgesondert'") == 1);
    CHECK(zahl(c, "SELECT COUNT(*) FROM vorgang WHERE akte_id = 1002") == 0);
    CHECK(zahl(c, "SELECT COUNT(*) FROM aussonderung WHERE art = 'loeschung' AND "
                  "status = 'geloescht'") == 1);
    CHECK(archiv_loeschen(c, &u1, &adm1, 1, NULL, 0, true, &id, &n, &fe) == ERR_CONFLICT);
    buf_free(&zip);
    buf_free(&err);
}

static void
protokoll_manipuliert(struct db_conn *c, struct arena *a)
{
    struct archiv_pruefung p;
    struct actor sb1 = TESTDB_ACTOR(20, r_sb1), adm1 = TESTDB_ACTOR(23, r_adm1);
    struct archiv_protokoll_filter f = {.kette = 1, .limit = 3};
    struct archiv_protokoll_row *rows = NULL;
    size_t n = 0;
    int64_t max = zahl(c, "SELECT MAX(folge) FROM protokoll WHERE kette = 1");
    CHECK(max >= 6);
    CHECK(archiv_kette_pruefen(c, 1, &p) == ERR_OK && p.is_ok && p.n_zeilen == max);
    CHECK(archiv_protokoll(c, a, &sb1, &f, &rows, &n, &p) == ERR_FORBIDDEN);
    CHECK(archiv_protokoll(c, a, &adm1, &f, &rows, &n, &p) == ERR_OK && n == 3 && p.is_ok);
    CHECK(rows[0].folge == max && rows[2].folge == max - 2);
    f.vor_folge = rows[2].folge;
    f.aktion = "akte_zda";
    CHECK(archiv_protokoll(c, a, &adm1, &f, &rows, &n, &p) == ERR_OK && n == 3);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(rows[i].aktion, "akte_zda") == 0 && rows[i].folge < f.vor_folge);

    /* altered */
    int64_t id3 = zahl(c, "SELECT id FROM protokoll WHERE kette = 1 AND folge = 3");
    CHECK(db_exec_script(c, "UPDATE protokoll SET zeitpunkt = zeitpunkt + 1 "
                            "WHERE kette = 1 AND folge = 3") == ERR_OK);
    CHECK(archiv_kette_pruefen(c, 1, &p) == ERR_OK && !p.is_ok && p.bruch_folge == 3 &&
          p.bruch_id == id3);
    CHECK(db_exec_script(c, "UPDATE protokoll SET zeitpunkt = zeitpunkt - 1 "
                            "WHERE kette = 1 AND folge = 3") == ERR_OK);
    CHECK(archiv_kette_pruefen(c, 1, &p) == ERR_OK && p.is_ok);
    /* inserted after the end */
    CHECK(db_exec_script(c, "INSERT INTO protokoll (kette, folge, zeitpunkt, behoerde_id, aktion, "
                            " detail, vorher_hash, hash) SELECT kette, folge + 1000, zeitpunkt, "
                            " behoerde_id, aktion, detail, hash, hash FROM protokoll "
                            " WHERE kette = 1 AND folge = 1") == ERR_OK);
    CHECK(archiv_kette_pruefen(c, 1, &p) == ERR_OK && !p.is_ok && p.bruch_folge == 1001);
    CHECK(db_exec_script(c, "DELETE FROM protokoll WHERE kette = 1 AND folge = 1001") == ERR_OK);
    /* deleted in the middle */
    int64_t id5 = zahl(c, "SELECT id FROM protokoll WHERE kette = 1 AND folge = 5");
    CHECK(db_exec_script(c, "DELETE FROM protokoll WHERE kette = 1 AND folge = 4") == ERR_OK);
    CHECK(archiv_kette_pruefen(c, 1, &p) == ERR_OK && !p.is_ok && p.bruch_folge == 5 &&
          p.bruch_id == id5);
}

static void
body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(64 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct buf err = BUF_INIT(1 << 16);
    struct aktenplan_import_ergebnis erg;
    struct actor sys = {.is_system = true};
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(aktenplan_import(c, &u, &sys, 1, "p.csv", plan, sizeof(plan) - 1, false, &erg, &err) ==
          ERR_OK);
    CHECK(db_exec_script(c, akten) == ERR_OK);
    zda_und_abgabe(c, a);
    protokoll_manipuliert(c, a);
    buf_free(&err);
    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_zda_retention_handover_receipt_deletion_and_audit(void)
{
    testdb_on_both(body);
}

int
main(void)
{
    if (testdb_init("aussonderung") != 0)
        return 1;
    TEST(test_zda_retention_handover_receipt_deletion_and_audit);
    testdb_done();
    return tap_done();
}
