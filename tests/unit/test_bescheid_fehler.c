/* Decisions and their templates (domain/bescheid.h) refusing input: every field of a template
 * with its reason, a template of another authority or office, a draft with a missing or bad
 * text, a closed or decided case; and the lists and settings read back. Nothing is stored by
 * a refusal. On SQLite and, with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_bescheid_fehler). */
#include <stdio.h>
#include <string.h>

#include "domain/bescheid.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm3[] = {{ROLLE_BEHOERDENADMIN, 3, 0, NULL}};

static const char seed[] =
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (24, 'admin@boeblingen.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, kreis_ags, behoerde_id, erstellt) VALUES "
    " (24, 'behoerdenadmin', NULL, 1, 1);"
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (301, 3, 'oe301', 'Bürgeramt');"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES "
    " (1, 1, '1', 'Ordnung', 1, 1);"
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1', 'Akte eins', 1, 1);"
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " status, erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1-1', 'Zaun', 'offen', 1, 1),"
    " (2, 1, 101, 1, 2, '1/1-2', 'Alt', 'zda', 1, 1);";

static bool
abgelehnt(int rc, int erwartet, const struct feld_fehler *f, const char *feld)
{
    bool ok = rc == erwartet && f->feld && strcmp(f->feld, feld) == 0 && f->text && *f->text;
    if (!ok)
        printf("# expected %d in '%s', got %d '%s'\n", erwartet, feld, rc, f->feld ? f->feld : "");
    return ok;
}

static void
bescheid_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(8 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct actor sb = TESTDB_ACTOR(20, r_sb1), adm = TESTDB_ACTOR(24, r_adm1),
                 adm3 = TESTDB_ACTOR(22, r_adm3);
    struct feld_fehler f = {0};
    struct bescheid_row b;
    static char lang[20002];
    if (!db || !a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    memset(lang, 'x', sizeof(lang) - 1);

    /* templates: each field refused */
    const struct bescheid_vorlage_row gut = {.behoerde_id = 1,
                                             .name = "Anordnung",
                                             .betreff = "Anordnung {{vorgang.aktenzeichen}}",
                                             .text = "Der {{vorgang.betreff}} ist zu reparieren."};
    struct bescheid_vorlage_row v = gut;
    v.name = "";
    CHECK(abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f, "name"));
    v = gut;
    v.betreff = "zwei\nZeilen";
    CHECK(
        abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f, "betreff"));
    v = gut;
    v.text = lang;
    CHECK(abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f, "text"));
    v = gut;
    v.betreff = "Zu {{konto.email}}";
    CHECK(
        abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f, "betreff"));
    v = gut;
    v.leistung_id = "";
    CHECK(abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f,
                    "leistung_id"));
    v = gut;
    v.oe_id = 301; /* another authority's office */
    CHECK(abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f, "oe_id"));
    v = gut;
    v.oe_id = 9999;
    CHECK(abgelehnt(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f), ERR_INVALID, &f, "oe_id"));
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM bescheid_vorlage", NULL) == 0);
    v = gut;
    v.oe_id = 101;
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f) == ERR_OK && v.id > 0);
    int64_t vid = v.id;
    /* changing: another authority's admin does not find it; a wrong id neither */
    v = gut;
    v.id = vid;
    v.behoerde_id = 3;
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm3, &v, &f) == ERR_NOTFOUND);
    v.id = vid + 100;
    v.behoerde_id = 1;
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f) == ERR_NOTFOUND);
    v = gut;
    v.id = vid;
    v.text = "Neu: {{antrag.name}}";
    CHECK(bescheid_vorlage_speichern(c, a, &u, &adm, &v, &f) == ERR_OK);
    /* lists */
    struct bescheid_vorlage_row *vl = NULL;
    size_t n = 0;
    CHECK(bescheid_vorlagen(c, a, &sb, 1, &vl, &n) == ERR_OK && n == 1);
    CHECK(n == 1 && strcmp(vl[0].text, "Neu: {{antrag.name}}") == 0 &&
          vl[0].oe_id == 0); /* the change made it one for all offices */
    CHECK(bescheid_vorlagen(c, a, &adm3, 1, &vl, &n) != ERR_OK);
    int64_t bid = 0;
    CHECK(bescheid_behoerde(&sb, 0, &bid) == ERR_OK && bid == 1);
    CHECK(bescheid_behoerde(&sb, 7, &bid) == ERR_OK && bid == 7);
    CHECK(bescheid_behoerde(NULL, 0, &bid) == ERR_UNAUTHORIZED);

    /* drafts refused */
    CHECK(abgelehnt(bescheid_entwerfen(c, a, &u, &sb, 1, vid + 100, NULL, NULL, &b, &f),
                    ERR_INVALID, &f, "vorlage"));
    CHECK(abgelehnt(bescheid_entwerfen(c, a, &u, &sb, 1, 0, "Betreff", "", &b, &f), ERR_INVALID, &f,
                    "text"));
    CHECK(abgelehnt(bescheid_entwerfen(c, a, &u, &sb, 1, 0, "Betreff", lang, &b, &f), ERR_INVALID,
                    &f, "text"));
    CHECK(abgelehnt(bescheid_entwerfen(c, a, &u, &sb, 1, 0, "{{x}}", "Text", &b, &f), ERR_INVALID,
                    &f, "betreff"));
    CHECK(abgelehnt(bescheid_entwerfen(c, a, &u, &sb, 1, 0, "Betreff", "{{vorgang.}}", &b, &f),
                    ERR_INVALID, &f, "text"));
    CHECK(abgelehnt(bescheid_entwerfen(c, a, &u, &sb, 2, 0, "Betreff", "Text", &b, &f),
                    ERR_CONFLICT, &f, "vorgang"));
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM bescheid", NULL) == 0);
    /* no subject: "Bescheid" */
    CHECK(bescheid_entwerfen(c, a, &u, &sb, 1, 0, NULL, "Der Zaun ist zu hoch.", &b, &f) == ERR_OK);
    CHECK(strcmp(b.betreff, "Bescheid") == 0);
    struct bescheid_row *bl = NULL;
    CHECK(bescheid_liste(c, a, &sb, 1, &bl, &n) == ERR_OK && n == 1 && bl[0].id == b.id);
    CHECK(bescheid_liste(c, a, &adm3, 1, &bl, &n) == ERR_NOTFOUND);
    bool pflicht = true;
    CHECK(bescheid_mitzeichnung_lesen(c, &adm, 101, &pflicht) == ERR_OK && !pflicht);
    CHECK(bescheid_mitzeichnung_lesen(c, &sb, 101, &pflicht) == ERR_FORBIDDEN);
    CHECK(bescheid_mitzeichnung_lesen(c, &adm3, 101, &pflicht) != ERR_OK);
    CHECK(bescheid_mitzeichnung_lesen(c, &adm, 9999, &pflicht) == ERR_NOTFOUND);
    /* co-signing switched on while a draft waits: sending it is refused */
    CHECK(bescheid_mitzeichnung_setzen(c, &u, &adm, 101, true) == ERR_OK);
    CHECK(abgelehnt(bescheid_versenden(c, a, &u, &sb, b.id, &f), ERR_CONFLICT, &f, "status"));
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_bescheid_refuses_bad_templates_and_drafts(void)
{
    testdb_on_both(bescheid_body);
}

int
main(void)
{
    if (testdb_init("bescheid_fehler") != 0)
        return 1;
    TEST(test_bescheid_refuses_bad_templates_and_drafts);
    testdb_done();
    pdf_ende();
    return tap_done();
}
