/* Tests of decisions and their templates (domain/bescheid.h): the template fields, drafting,
 * co-signing (never by the drafter), sending (filed as a final document, the case decided) and
 * separation, on SQLite and, when RATHAUS_TEST_PG holds a DSN, on PostgreSQL (testdb.h). */
#include <stdio.h>
#include <string.h>

#include "domain/bescheid.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb1b[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb3[] = {{ROLLE_SACHBEARBEITUNG, 3, 0, NULL}};
static const struct rollen_zuordnung r_koord[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};

static const char seed[] =
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (23, 'sb2@boeblingen.example', 'personal', 'aktiv', 1, 1),"
    " (24, 'admin@boeblingen.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, kreis_ags, behoerde_id, erstellt) VALUES "
    " (23, 'sachbearbeitung', NULL, 1, 1), (24, 'behoerdenadmin', NULL, 1, 1);"
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (102, 1, 'oe102', 'Steueramt'),"
    " (301, 3, 'oe301', 'Bürgeramt');"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES "
    " (1, 1, '1', 'Ordnung', 1, 1), (3, 3, '1', 'Ordnung', 1, 1);"
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1', 'Akte eins', 1, 1),"
    " (2, 1, 102, 1, 2, '1/2', 'Akte zwei', 1, 1), (3, 3, 301, 3, 1, '1/1', 'Akte drei', 1, 1);"
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1-1', 'Zaun', 1, 1),"
    " (2, 1, 102, 2, 1, '1/2-1', 'Hundesteuer', 1, 1),"
    " (3, 3, 301, 3, 1, '1/1-1', 'Zaun', 1, 1);";

static void
test_fields(void)
{
    struct arena *a = arena_new(1 << 16);
    struct buf b = BUF_INIT(4096);
    const char *grund = NULL;
    json_t *d = json_loads("{\"vorname\":\"Erika\",\"anschrift\":{\"ort\":\"Böblingen\"},"
                           "\"kampfhund\":false,\"zahl\":3,\"liste\":[\"a\",\"b\"]}",
                           0, NULL);
    struct bescheid_felder f = {d,      "EB-0000000001",   "1/1-1",
                                "Zaun", "Stadt Böblingen", "01.01.2025"};
    CHECK(bescheid_vorlage_pruefen(a, "Hallo {{ antrag.vorname }} {{heute}}", &grund) == ERR_OK);
    CHECK(bescheid_vorlage_pruefen(a, "{{antrag.}}", &grund) == ERR_INVALID);
    CHECK(bescheid_vorlage_pruefen(a, "{{konto.email}}", &grund) == ERR_INVALID);
    CHECK(grund && strstr(grund, "konto.email") != NULL);
    CHECK(bescheid_vorlage_pruefen(a, "offen {{antrag.x", &grund) == ERR_INVALID);
    CHECK(
        bescheid_fuellen("{{antrag.vorname}} in {{antrag.anschrift.ort}}, {{vorgang.aktenzeichen}}"
                         " ({{vorgang.betreff}}) {{behoerde.name}} {{heute}} {{antrag.nummer}} "
                         "{{antrag.kampfhund}} {{antrag.zahl}} {{antrag.liste}} [{{antrag.fehlt}}]",
                         &f, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "Erika in Böblingen, 1/1-1 (Zaun) Stadt Böblingen 01.01.2025 "
                               "EB-0000000001 nein 3 a, b []") == 0);
    buf_reset(&b);
    CHECK(bescheid_fuellen("{{x}}", &f, &b) == ERR_INVALID);
    json_decref(d);
    buf_free(&b);
    arena_free(a);
}

static void
body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(8 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct actor sb = TESTDB_ACTOR(20, r_sb1), sb2 = TESTDB_ACTOR(23, r_sb1b),
                 adm = TESTDB_ACTOR(24, r_adm1), sb3 = TESTDB_ACTOR(22, r_sb3),
                 koord = TESTDB_ACTOR(10, r_koord);
    struct bescheid_row b;
    struct bescheid_vorlage_row v = {0};
    struct feld_fehler f = {0};
    struct buf pdf = BUF_INIT(8 << 20);
    if (!db || !a || db_acquire(db, &c) != ERR_OK)
        goto out;
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);

    /* templates: the admin writes, clerks read, others see nothing */
    v = (struct bescheid_vorlage_row){.behoerde_id = 1,
                                      .name = "Anordnung",
                                      .betreff = "Anordnung {{vorgang.aktenzeichen}}",
                                      .text = "Der {{vorgang.betreff}} ist zu reparieren."};
    CHECK(bescheid_vorlage_speichern(c, a, &u, &sb, &v, &f) == ERR_FORBIDDEN);
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f) == ERR_OK && v.id > 0);
    int64_t vid = v.id;
    v.id = 0;
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f) == ERR_CONFLICT);
    struct bescheid_vorlage_row bad = v;
    bad.name = "Kaputt";
    bad.text = "{{geheim}}";
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm, &bad, &f) == ERR_INVALID);
    CHECK(strcmp(f.feld, "text") == 0);
    struct bescheid_vorlage_row got;
    CHECK(bescheid_vorlage(c, a, &sb, vid, &got) == ERR_OK);
    CHECK(bescheid_vorlage(c, a, &sb3, vid, &got) == ERR_NOTFOUND);
    CHECK(bescheid_vorlage(c, a, &koord, vid, &got) == ERR_NOTFOUND);

    /* a draft from the template, sent without co-signing: filed, the case decided */
    CHECK(bescheid_entwerfen(c, a, &u, &sb, 1, vid, NULL, NULL, &b, &f) == ERR_OK);
    CHECK(strcmp(b.status, "entwurf") == 0);
    CHECK(strcmp(b.betreff, "Anordnung 1/1-1") == 0);
    CHECK(strcmp(b.text, "Der Zaun ist zu reparieren.") == 0);
    CHECK(bescheid_entwerfen(c, a, &u, &sb, 1, 0, NULL, "Noch einer", &b, &f) == ERR_CONFLICT);
    CHECK(bescheid_entwerfen(c, a, &u, &sb3, 1, 0, NULL, "Fremd", &b, &f) == ERR_NOTFOUND);
    CHECK(bescheid_entwerfen(c, a, &u, &adm, 1, 0, NULL, "Admin", &b, &f) == ERR_FORBIDDEN);
    CHECK(bescheid_pdf(c, a, &sb, b.id, &pdf) == ERR_OK && pdf.len > 100 &&
          memcmp(pdf.p, "%PDF-", 5) == 0);
    CHECK(bescheid_pdf(c, a, &sb3, b.id, &pdf) == ERR_NOTFOUND);
    int64_t erster = testdb_count(c, "SELECT MIN(id) FROM bescheid", NULL);
    CHECK(erster > 0);
    CHECK(bescheid_mitzeichnen(c, a, &u, &sb2, erster, &f) == ERR_CONFLICT);
    CHECK(bescheid_versenden(c, a, &u, &sb, erster, &f) == ERR_OK);
    CHECK(bescheid_lesen(c, a, &sb, erster, &b) == ERR_OK);
    CHECK(strcmp(b.status, "versandt") == 0 && b.dokument_id > 0 && b.nachricht_id == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument WHERE art = ? AND is_final = 1",
                       "bescheid") == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM vorgang WHERE id = 1 AND status = ?",
                       "beschieden") == 1);
    f = (struct feld_fehler){0};
    CHECK(bescheid_versenden(c, a, &u, &sb, erster, &f) == ERR_CONFLICT);

    /* co-signing required in office 102: the drafter cannot, a second clerk can */
    CHECK(bescheid_mitzeichnung_setzen(c, &u, &sb, 102, true) == ERR_FORBIDDEN);
    CHECK(bescheid_mitzeichnung_setzen(c, &u, &adm, 102, true) == ERR_OK);
    CHECK(bescheid_mitzeichnung_setzen(c, &u, &adm, 301, true) == ERR_NOTFOUND);
    CHECK(bescheid_entwerfen(c, a, &u, &sb, 2, 0, "Festsetzung", "Die Steuer beträgt 108 Euro.", &b,
                             &f) == ERR_OK);
    CHECK(strcmp(b.status, "mitzeichnung") == 0);
    int64_t zweiter = b.id;
    f = (struct feld_fehler){0};
    CHECK(bescheid_versenden(c, a, &u, &sb, zweiter, &f) == ERR_CONFLICT);
    CHECK(bescheid_mitzeichnen(c, a, &u, &sb, zweiter, &f) == ERR_FORBIDDEN);
    CHECK(bescheid_zurueckweisen(c, a, &u, &sb, zweiter, &f) == ERR_FORBIDDEN);
    CHECK(bescheid_mitzeichnen(c, a, &u, &sb3, zweiter, &f) == ERR_NOTFOUND);
    CHECK(bescheid_mitzeichnen(c, a, &u, &adm, zweiter, &f) == ERR_FORBIDDEN);
    f = (struct feld_fehler){0};
    CHECK(bescheid_mitzeichnen(c, a, &u, &sb2, zweiter, &f) == ERR_OK);
    CHECK(bescheid_lesen(c, a, &sb, zweiter, &b) == ERR_OK);
    CHECK(strcmp(b.status, "versandt") == 0 && b.mitzeichnung_konto_id == 23 && b.konto_id == 20);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM vorgang WHERE id = 2 AND status = ?",
                       "beschieden") == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = ?",
                       "bescheid_mitgezeichnet") == 1);
out:
    buf_free(&pdf);
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_draft_cosign_send(void)
{
    testdb_on_both(body);
}

int
main(void)
{
    if (testdb_init("bescheid") != 0)
        return 1;
    TEST(test_fields);
    TEST(test_draft_cosign_send);
    testdb_done();
    pdf_ende(); /* cairo's and fontconfig's caches, for the leak check */
    return tap_done();
}
