/* Fault injection into the end of a file's life: closing cases (zdA), the file export (an
 * audited read), the hand-over to the archive, its receipt (which deletes the content) and
 * the deletion of files marked V. Every statement of each operation fails once
 * (store/db_fehler.h): the operation must report an error and leave every table as it was;
 * the run no injected failure reaches must succeed (test_fehler_harness.h). On SQLite and,
 * with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_fehler_archiv). */
#include <stdio.h>
#include <string.h>

#include "domain/akte_export.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"
#include "store/antrag.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */
#define T1 2208988800 /* 2040-01-01: every retention has ended */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};

static const char plan[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit\n"
                           "0,Allgemeine Verwaltung,10,B\n"
                           "022,Schriftgut,,A\n"
                           "9,Finanzen,10,V\n"
                           "912,Hundesteuer,6,\n";

/* Two files with one case each (one to archive, one to delete), a note, a done follow-up, a
 * document with one version. */
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
    " (2001, 1, 100, 1001, 1, '022/1-1', 'Übergabe', 'beschieden', 1704067200, 1704067200),"
    " (2002, 1, 100, 1002, 1, '912/1-1', 'Anmeldung eines Hundes', 'offen', 1704067200, "
    "  1704067200);"
    "INSERT INTO wiedervorlage (id, behoerde_id, vorgang_id, konto_id, datum, grund, erledigt, "
    " erstellt) VALUES (5001, 1, 2001, 20, '2025-02-01', 'Frist', 1, 1704067200);"
    "INSERT INTO vermerk (id, behoerde_id, vorgang_id, text, konto_id, erstellt) "
    " VALUES (6001, 1, 2001, 'Telefonat geführt', 20, 1704067200);"
    "INSERT INTO dokument (id, behoerde_id, vorgang_id, titel, art, aktuelle_version, konto_id, "
    " erstellt, geaendert) VALUES (3001, 1, 2001, 'Protokoll', 'schreiben', 1, 20, "
    " 1704067200, 1704067200);"
    "INSERT INTO dokument_version (id, behoerde_id, dokument_id, version, sha256, dateiname, typ, "
    " groesse, konto_id, erstellt) VALUES (4001, 1, 3001, 1, "
    " '185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969', 'p.txt', "
    " 'text/plain', 5, 20, 1704067200);";

static const char sha[] = "185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969";

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

struct rtx {
    struct arena *a;
    struct umfeld u, u1;
    struct actor sb, adm;
    struct feld_fehler f;
    struct archiv_zda_ergebnis zda;
    struct buf zip, err;
    char name[128], xml[2048];
    const char *xsd;
    int64_t id, n;
    int64_t vorgang;
};

static int
op_zda(struct db_conn *c, void *p)
{
    struct rtx *x = p;
    return archiv_vorgang_zda(c, &x->u, &x->sb, x->vorgang, "erledigt", &x->zda);
}

static int
op_export(struct db_conn *c, void *p)
{
    struct rtx *x = p;
    buf_reset(&x->zip);
    return akte_export_zip(c, &x->u1, &x->sb, 1001, &x->zip, x->name);
}

static int
op_abgabe(struct db_conn *c, void *p)
{
    struct rtx *x = p;
    buf_reset(&x->zip);
    buf_reset(&x->err);
    return archiv_abgabe(c, &x->u1, &x->adm, 1, NULL, 0, x->xsd, &x->zip, x->name, &x->id, &x->f,
                         &x->err);
}

static int
op_quittung(struct db_conn *c, void *p)
{
    struct rtx *x = p;
    buf_reset(&x->err);
    return archiv_quittung(c, &x->u1, &x->adm, x->id, x->xml, strlen(x->xml), NULL, x->xsd, &x->n,
                           &x->err);
}

static int
op_loeschen(struct db_conn *c, void *p)
{
    struct rtx *x = p;
    int64_t id = 0;
    return archiv_loeschen(c, &x->u1, &x->adm, 1, NULL, 0, true, &id, &x->n, &x->f);
}

static void
archiv_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct rtx x = {.a = arena_new(16 << 20),
                    .u = testdb_umfeld(T0),
                    .u1 = testdb_umfeld(T1),
                    .sb = TESTDB_ACTOR(20, r_sb1),
                    .adm = TESTDB_ACTOR(23, r_adm1),
                    .zip = BUF_INIT(64 << 20),
                    .err = BUF_INIT(1 << 16),
                    .xsd = tap_shared("schemas/xdomea/3.0.0/xdomea.xsd")};
    struct aktenplan_import_ergebnis erg;
    struct actor sys = {.is_system = true};
    if (!db || !x.a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(aktenplan_import(c, &x.u, &sys, 1, "p.csv", plan, sizeof(plan) - 1, false, &erg,
                           &x.err) == ERR_OK);
    CHECK(store_blob_put(c, 1, sha, "text/plain", "hallo", 5, T0) == ERR_OK);
    CHECK(db_exec_script(c, akten) == ERR_OK);

    x.vorgang = 2001;
    FEHLER_PRUEFEN(c, "archiv_vorgang_zda (closes the file)", op_zda, &x);
    CHECK(x.zda.is_akte_zda && strcmp(x.zda.aufbewahrung_bis, "2035-12-31") == 0);
    x.vorgang = 2002;
    FEHLER_PRUEFEN(c, "archiv_vorgang_zda (V)", op_zda, &x);
    FEHLER_PRUEFEN(c, "akte_export_zip (audit log)", op_export, &x);
    CHECK(x.zip.len > 100 && memcmp(x.zip.p, "PK", 2) == 0);
    FEHLER_PRUEFEN(c, "archiv_abgabe", op_abgabe, &x);
    CHECK(x.zip.len > 100 && x.id > 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM aussonderung WHERE status = ?", "exportiert") == 1);

    struct aussonderung_row s;
    struct aussonderung_objekt_row *o = NULL;
    size_t n_o = 0;
    CHECK(archiv_aussonderung(c, x.a, &x.adm, x.id, &s, &o, &n_o) == ERR_OK && n_o == 1);
    snprintf(x.xml, sizeof(x.xml), quittung_fmt, s.nachricht_kennung);
    FEHLER_PRUEFEN(c, "archiv_quittung (deletes the content)", op_quittung, &x);
    CHECK(x.n == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM vorgang WHERE akte_id = 1001", NULL) == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM blob", NULL) == 0);
    FEHLER_PRUEFEN(c, "archiv_loeschen", op_loeschen, &x);
    CHECK(x.n == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM vorgang WHERE akte_id = 1002", NULL) == 0);
    struct archiv_pruefung pr;
    CHECK(archiv_kette_pruefen(c, 1, &pr) == ERR_OK && pr.is_ok); /* the chain is whole */
out:
    buf_free(&x.zip);
    buf_free(&x.err);
    arena_free(x.a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_archiv_every_failed_statement_rolls_back(void)
{
    testdb_on_both(archiv_body);
}

int
main(void)
{
    if (testdb_init("fehler_archiv") != 0)
        return 1;
    TEST(test_fehler_archiv_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
