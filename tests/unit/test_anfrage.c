/* Tests of the support requests (domain/anfrage.h) with their store, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_anfrage (fixture: testdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/anfrage.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "testdb.h"
#include "util/log.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_koord_es[] = {{ROLLE_KOORDINATION, 0, 0, "08116"}};
static const struct rollen_zuordnung r_land[] = {{ROLLE_KOORDINATION, 0, 0, NULL}};
static const struct rollen_zuordnung r_min[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};
static const struct rollen_zuordnung r_sb3[] = {{ROLLE_SACHBEARBEITUNG, 3, 0, NULL}};
static const struct rollen_zuordnung r_buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};

static const char sql_mails_to[] = "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?";

static void
anfrage_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct feld_fehler fe = {0};
    struct anfrage_seite s;
    struct anfrage_detail d;
    const char *bad;
    int64_t id = 0, id2 = 0, aw = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    struct actor kbb = TESTDB_ACTOR(10, r_koord_bb), kes = TESTDB_ACTOR(11, r_koord_es),
                 land = TESTDB_ACTOR(12, r_land);
    struct actor mi = TESTDB_ACTOR(13, r_min), sb1 = TESTDB_ACTOR(20, r_sb1),
                 adm2 = TESTDB_ACTOR(21, r_adm2);
    struct actor sb3 = TESTDB_ACTOR(22, r_sb3), bu = TESTDB_ACTOR(30, r_buerger);

    /* filing: routed to the Kreis, due after the category's service level, mailed */
    struct anfrage_neu n = {.kategorie = "ozg_leistung",
                            .betreff = "Wohngeld online",
                            .text = "Wie binden wir den EfA-Dienst Wohngeld an?"};
    CHECK(anfrage_stellen(c, &u, &sb1, &n, &id, &fe) == ERR_OK && id > 0);
    CHECK(testdb_count(c, sql_mails_to, "koord-bb@lra.example") == 1);
    CHECK(testdb_count(c, sql_mails_to, "koord-es@lra.example") == 0);
    CHECK(testdb_count(c, sql_mails_to, "staedtetag@example") == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'anfrage_gestellt'",
                       NULL) == 1);
    /* a Stadtkreis without its own coordinator: the statewide ones are mailed */
    n.kategorie = "plattform";
    CHECK(anfrage_stellen(c, &u, &sb3, &n, &id2, &fe) == ERR_OK);
    CHECK(testdb_count(c, sql_mails_to, "staedtetag@example") == 1);

    CHECK(anfrage_get(c, a, &kbb, id, &d) == ERR_OK);
    CHECK(strcmp(d.anfrage.kreis_ags, "08115") == 0 && strcmp(d.anfrage.status, "neu") == 0);
    CHECK(d.anfrage.faellig == T0 + 5 * 86400);
    CHECK(strcmp(d.anfrage.behoerde, "Stadt Böblingen") == 0 && d.darf_bearbeiten);

    /* who sees what */
    struct anfrage_filter f = {.limit = 50};
    CHECK(anfrage_liste(c, a, &kbb, &f, &s, &bad) == ERR_OK && s.n == 1 && s.items[0].id == id);
    CHECK(anfrage_liste(c, a, &kes, &f, &s, &bad) == ERR_OK && s.n == 0);
    CHECK(anfrage_liste(c, a, &land, &f, &s, &bad) == ERR_OK && s.n == 2);
    CHECK(s.items[0].id == id2); /* plattform: 3 days, due first */
    CHECK(anfrage_liste(c, a, &mi, &f, &s, &bad) == ERR_OK && s.n == 2);
    CHECK(anfrage_liste(c, a, &sb1, &f, &s, &bad) == ERR_OK && s.n == 1);
    CHECK(anfrage_liste(c, a, &adm2, &f, &s, &bad) == ERR_OK && s.n == 0);
    CHECK(anfrage_liste(c, a, &bu, &f, &s, &bad) == ERR_FORBIDDEN);
    CHECK(anfrage_get(c, a, &kes, id, &d) == ERR_NOTFOUND);
    CHECK(anfrage_get(c, a, &adm2, id, &d) == ERR_NOTFOUND);
    CHECK(anfrage_get(c, a, &bu, id, &d) == ERR_NOTFOUND);
    CHECK(anfrage_get(c, a, &mi, id, &d) == ERR_OK && !d.darf_bearbeiten);
    f.limit = 1;
    CHECK(anfrage_liste(c, a, &land, &f, &s, &bad) == ERR_OK && s.n == 1 && s.next_cursor);
    f.cursor = s.next_cursor;
    CHECK(anfrage_liste(c, a, &land, &f, &s, &bad) == ERR_OK && s.n == 1 && s.items[0].id == id);
    f = (struct anfrage_filter){.limit = 50, .status = "offen"};
    CHECK(anfrage_liste(c, a, &land, &f, &s, &bad) == ERR_INVALID && strcmp(bad, "status") == 0);

    /* replies and internal notes */
    CHECK(anfrage_antworten(c, &u, &kbb, id, "Bitte nutzen Sie den Leitfaden.", false, &aw, &fe) ==
          ERR_OK);
    CHECK(testdb_count(c, sql_mails_to, "sb@boeblingen.example") == 1);
    CHECK(anfrage_antworten(c, &u, &kbb, id, "Kommune hat keinen Fachverfahrens-Vertrag.", true,
                            &aw, &fe) == ERR_OK);
    CHECK(testdb_count(c, sql_mails_to, "sb@boeblingen.example") == 1); /* notes mail nobody */
    CHECK(anfrage_get(c, a, &sb1, id, &d) == ERR_OK);
    CHECK(d.n_antworten == 1 && !d.antworten[0].is_intern && d.anfrage.n_antworten == 1);
    CHECK(strcmp(d.anfrage.status, "in_bearbeitung") == 0);
    CHECK(anfrage_get(c, a, &kbb, id, &d) == ERR_OK && d.n_antworten == 2);
    CHECK(anfrage_get(c, a, &mi, id, &d) == ERR_OK && d.n_antworten == 1);
    CHECK(anfrage_antworten(c, &u, &sb1, id, "Notiz", true, &aw, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "intern") == 0);
    CHECK(anfrage_antworten(c, &u, &mi, id, "Hallo", false, &aw, &fe) == ERR_FORBIDDEN);
    CHECK(anfrage_antworten(c, &u, &kes, id, "Hallo", false, &aw, &fe) == ERR_NOTFOUND);
    CHECK(anfrage_antworten(c, &u, &sb1, id, "   ", false, &aw, &fe) == ERR_INVALID);

    /* status, assignment; the requester's reply reopens */
    CHECK(anfrage_aendern(c, &u, &kbb, id, "erledigt", 10, 0, &fe) == ERR_OK);
    CHECK(testdb_count(c, sql_mails_to, "sb@boeblingen.example") == 2);
    CHECK(anfrage_aendern(c, &u, &sb1, id, "neu", -1, 0, &fe) == ERR_FORBIDDEN);
    CHECK(anfrage_aendern(c, &u, &kbb, id, "weg", -1, 0, &fe) == ERR_INVALID);
    CHECK(anfrage_antworten(c, &u, &sb1, id, "Leider noch nicht gelöst.", false, &aw, &fe) ==
          ERR_OK);
    CHECK(testdb_count(c, sql_mails_to, "koord-bb@lra.example") ==
          2); /* the assigned coordinator */
    CHECK(anfrage_get(c, a, &kbb, id, &d) == ERR_OK);
    CHECK(strcmp(d.anfrage.status, "in_bearbeitung") == 0 && d.anfrage.zugewiesen_konto_id == 10);
    CHECK(d.anfrage.erledigt_am == 0);
    f = (struct anfrage_filter){.limit = 50, .zugewiesen = 10};
    CHECK(anfrage_liste(c, a, &land, &f, &s, &bad) == ERR_OK && s.n == 1);

    /* attachments */
    int64_t an = 0;
    const void *p;
    size_t len;
    struct anfrage_anlage_row meta;
    CHECK(anfrage_anlage_hinzufuegen(c, &u, &sb1, id, "C:\\Daten\\leitfaden.pdf", NULL,
                                     "%PDF-1.4 x", 10, &an, &fe) == ERR_OK);
    CHECK(anfrage_anlage_lesen(c, a, &kbb, id, an, &meta, &p, &len) == ERR_OK);
    CHECK(len == 10 && memcmp(p, "%PDF-1.4 x", 10) == 0);
    CHECK(strcmp(meta.name, "leitfaden.pdf") == 0 && strcmp(meta.typ, "application/pdf") == 0);
    CHECK(anfrage_anlage_lesen(c, a, &adm2, id, an, &meta, &p, &len) == ERR_NOTFOUND);
    CHECK(anfrage_anlage_hinzufuegen(c, &u, &sb1, id, "x.txt", NULL, "", 0, &an, &fe) ==
          ERR_INVALID);
    CHECK(anfrage_get(c, a, &sb1, id, &d) == ERR_OK && d.n_anlagen == 1);

    /* validation */
    struct anfrage_neu b = n;
    b.kategorie = "alles";
    CHECK(anfrage_stellen(c, &u, &sb1, &b, &id2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "kategorie") == 0);
    b = n;
    b.betreff = "zwei\nZeilen";
    CHECK(anfrage_stellen(c, &u, &sb1, &b, &id2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "betreff") == 0);
    b = n;
    b.behoerde_id = 2;
    CHECK(anfrage_stellen(c, &u, &sb1, &b, &id2, &fe) == ERR_NOTFOUND);
    CHECK(anfrage_stellen(c, &u, &kbb, &n, &id2, &fe) == ERR_FORBIDDEN);
    CHECK(anfrage_stellen(c, &u, &bu, &n, &id2, &fe) == ERR_FORBIDDEN);
    b = n;
    b.ozg_id = 99999;
    CHECK(anfrage_stellen(c, &u, &sb1, &b, &id2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "leistung") == 0);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_anfrage_filed_routed_answered_and_scoped(void)
{
    testdb_on_both(anfrage_body);
}

int
main(void)
{
    if (testdb_init("anfrage") != 0)
        return 1;
    TEST(test_anfrage_filed_routed_answered_and_scoped);
    testdb_done();
    return tap_done();
}
