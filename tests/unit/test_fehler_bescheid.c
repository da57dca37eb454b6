/* Fault injection into the writes at the end of a case: decision templates, drafting,
 * co-signing, sending back and sending a Bescheid; documents (upload, new version, final,
 * logged download); closing the case and its file (zdA) and reopening the file. Every
 * statement of each operation fails once (store/db_fehler.h): the operation must report an
 * error and leave every table as it was; the run no injected failure reaches must succeed
 * (test_fehler_harness.h). On SQLite and, with RATHAUS_TEST_PG, PostgreSQL. */
#include <stdio.h>
#include <string.h>

#include "domain/archiv.h"
#include "domain/bescheid.h"
#include "domain/dokument.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};

/* A second clerk (23) and an admin (24) of authority 1; offices 101, 102; one file and one
 * case in each of the first two, none in the third. */
static const char seed[] =
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (23, 'sb2@boeblingen.example', 'personal', 'aktiv', 1, 1),"
    " (24, 'admin@boeblingen.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, kreis_ags, behoerde_id, erstellt) VALUES "
    " (23, 'sachbearbeitung', NULL, 1, 1), (24, 'behoerdenadmin', NULL, 1, 1);"
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (102, 1, 'oe102', 'Steueramt');"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES "
    " (1, 1, '1', 'Ordnung', 1, 1);"
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1', 'Akte eins', 1, 1),"
    " (2, 1, 102, 1, 2, '1/2', 'Akte zwei', 1, 1), (3, 1, 101, 1, 3, '1/3', 'Leer', 1, 1);"
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1-1', 'Zaun', 1, 1),"
    " (2, 1, 102, 2, 1, '1/2-1', 'Hundesteuer', 1, 1);";

struct btx {
    struct arena *a;
    struct umfeld u;
    struct actor sb, sb2, adm;
    struct feld_fehler f;
    struct bescheid_vorlage_row v;
    struct bescheid_row b;
    struct dokument_row d;
    struct dokument_version_row dv;
    struct archiv_zda_ergebnis zda;
    int64_t vorlage_id;
};

static int
op_vorlage_speichern(struct db_conn *c, void *p)
{
    struct btx *x = p;
    x->v = (struct bescheid_vorlage_row){.id = x->vorlage_id,
                                         .behoerde_id = 1,
                                         .name = "Anordnung",
                                         .betreff = "Anordnung {{vorgang.aktenzeichen}}",
                                         .text = "Der {{vorgang.betreff}} ist zu reparieren."};
    return bescheid_vorlage_speichern(c, x->a, &x->u, &x->adm, &x->v, &x->f);
}

static int
op_entwerfen_vorlage(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return bescheid_entwerfen(c, x->a, &x->u, &x->sb, 1, x->vorlage_id, NULL, NULL, &x->b, &x->f);
}

static int
op_versenden(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return bescheid_versenden(c, x->a, &x->u, &x->sb, x->b.id, &x->f);
}

static int
op_mitzeichnung_setzen(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return bescheid_mitzeichnung_setzen(c, &x->u, &x->adm, 102, true);
}

static int
op_entwerfen_frei(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return bescheid_entwerfen(c, x->a, &x->u, &x->sb, 2, 0, "Festsetzung",
                              "Die Steuer beträgt 108 Euro.", &x->b, &x->f);
}

static int
op_zurueckweisen(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return bescheid_zurueckweisen(c, x->a, &x->u, &x->sb2, x->b.id, &x->f);
}

static int
op_mitzeichnen(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return bescheid_mitzeichnen(c, x->a, &x->u, &x->sb2, x->b.id, &x->f);
}

static const char text1[] = "Der Hydrant an der Ecke ist undicht.\n";

static int
op_dokument_anlegen(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return dokument_anlegen(c, x->a, &x->u, NULL, &x->sb, 1, "Vermerk", "vermerk", "vermerk.txt",
                            text1, sizeof(text1) - 1, &x->d, &x->f);
}

static int
op_dokument_version(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return dokument_version_anlegen(c, x->a, &x->u, NULL, &x->sb, x->d.id, "vermerk-2.txt",
                                    "repariert", 9, &x->dv, &x->f);
}

static int
op_dokument_inhalt(struct db_conn *c, void *p)
{
    struct btx *x = p;
    const void *inhalt = NULL;
    size_t len = 0;
    int rc = dokument_inhalt(c, x->a, &x->u, &x->sb, x->d.id, 1, &x->dv, &inhalt, &len);
    if (rc == ERR_OK && (len != sizeof(text1) - 1 || memcmp(inhalt, text1, len) != 0))
        rc = ERR_INVALID;
    return rc;
}

static int
op_dokument_final(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return dokument_final_setzen(c, &x->u, &x->sb, x->d.id);
}

static int
op_vorgang_zda(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return archiv_vorgang_zda(c, &x->u, &x->sb, 1, "erledigt", &x->zda);
}

static int
op_akte_zda(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return archiv_akte_zda(c, &x->u, &x->sb, 3, &x->zda);
}

static int
op_akte_wiederaufnehmen(struct db_conn *c, void *p)
{
    struct btx *x = p;
    return archiv_akte_wiederaufnehmen(c, &x->u, &x->sb, 3);
}

static void
bescheid_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct btx x = {.a = arena_new(8 << 20),
                    .u = testdb_umfeld(T0),
                    .sb = TESTDB_ACTOR(20, r_sb1),
                    .sb2 = TESTDB_ACTOR(23, r_sb1),
                    .adm = TESTDB_ACTOR(24, r_adm1)};
    if (!db || !x.a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);

    FEHLER_PRUEFEN(c, "bescheid_vorlage_speichern (new)", op_vorlage_speichern, &x);
    x.vorlage_id = x.v.id;
    CHECK(x.vorlage_id > 0);
    FEHLER_PRUEFEN(c, "bescheid_vorlage_speichern (change)", op_vorlage_speichern, &x);
    /* the new document is read back inside the transaction: a failed read stores nothing */
    FEHLER_PRUEFEN(c, "dokument_anlegen", op_dokument_anlegen, &x);
    CHECK(dokument_lesen(c, x.a, &x.sb, testdb_count(c, "SELECT MAX(id) FROM dokument", NULL), &x.d,
                         NULL) == ERR_OK);
    CHECK(x.d.aktuelle_version == 1 && testdb_count(c, "SELECT COUNT(*) FROM dokument", NULL) == 1);
    FEHLER_PRUEFEN(c, "dokument_version_anlegen", op_dokument_version, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument_version", NULL) == 2);
    FEHLER_PRUEFEN(c, "dokument_inhalt (audit log)", op_dokument_inhalt, &x);
    FEHLER_PRUEFEN(c, "dokument_final_setzen", op_dokument_final, &x);
    FEHLER_PRUEFEN(c, "bescheid_entwerfen (template)", op_entwerfen_vorlage, &x);
    CHECK(bescheid_lesen(c, x.a, &x.sb, testdb_count(c, "SELECT MAX(id) FROM bescheid", NULL),
                         &x.b) == ERR_OK);
    CHECK(x.b.status && strcmp(x.b.status, "entwurf") == 0);
    CHECK(x.b.betreff && strcmp(x.b.betreff, "Anordnung 1/1-1") == 0);
    FEHLER_PRUEFEN(c, "bescheid_versenden", op_versenden, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument WHERE art = ? AND is_final = 1",
                       "bescheid") == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM vorgang WHERE id = 1 AND status = ?",
                       "beschieden") == 1);

    FEHLER_PRUEFEN(c, "bescheid_mitzeichnung_setzen", op_mitzeichnung_setzen, &x);
    FEHLER_PRUEFEN(c, "bescheid_entwerfen (co-signing)", op_entwerfen_frei, &x);
    CHECK(bescheid_lesen(c, x.a, &x.sb, testdb_count(c, "SELECT MAX(id) FROM bescheid", NULL),
                         &x.b) == ERR_OK);
    CHECK(x.b.status && strcmp(x.b.status, "mitzeichnung") == 0);
    FEHLER_PRUEFEN(c, "bescheid_zurueckweisen", op_zurueckweisen, &x);
    FEHLER_PRUEFEN(c, "bescheid_entwerfen (again)", op_entwerfen_frei, &x);
    CHECK(bescheid_lesen(c, x.a, &x.sb, testdb_count(c, "SELECT MAX(id) FROM bescheid", NULL),
                         &x.b) == ERR_OK);
    FEHLER_PRUEFEN(c, "bescheid_mitzeichnen (sends)", op_mitzeichnen, &x);
    CHECK(bescheid_lesen(c, x.a, &x.sb, x.b.id, &x.b) == ERR_OK);
    CHECK(x.b.status && strcmp(x.b.status, "versandt") == 0 && x.b.mitzeichnung_konto_id == 23);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM bescheid WHERE status = ?", "abgelehnt") == 1);

    FEHLER_PRUEFEN(c, "archiv_vorgang_zda", op_vorgang_zda, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM vorgang WHERE id = 1 AND status = ?", "zda") == 1);
    CHECK(x.zda.is_akte_zda && x.zda.akte_id == 1); /* its last case: the file closes too */
    FEHLER_PRUEFEN(c, "archiv_akte_zda", op_akte_zda, &x);
    CHECK(x.zda.is_akte_zda && x.zda.akte_id == 3);
    FEHLER_PRUEFEN(c, "archiv_akte_wiederaufnehmen", op_akte_wiederaufnehmen, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM akte WHERE id = 3 AND status = ?", "offen") == 1);
out:
    arena_free(x.a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_bescheid_dokument_zda_every_failed_statement_rolls_back(void)
{
    testdb_on_both(bescheid_body);
}

int
main(void)
{
    if (testdb_init("fehler_bescheid") != 0)
        return 1;
    TEST(test_fehler_bescheid_dokument_zda_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    pdf_ende(); /* cairo's and fontconfig's caches, for the leak check */
    return tap_done();
}
