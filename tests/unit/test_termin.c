/* Tests of the events (domain/termin.h) with their store, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_termin (fixture: testdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/termin.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "testdb.h"
#include "util/log.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_koord_es[] = {{ROLLE_KOORDINATION, 0, 0, "08116"}};
static const struct rollen_zuordnung r_min[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};
static const struct rollen_zuordnung r_buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};

static const char sql_mails[] = "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?";

static void
termin_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct feld_fehler fe = {0};
    struct termin_detail d;
    struct termin_seite s;
    const char *st = NULL, *bad;
    int64_t id = 0, id2;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    struct actor k = TESTDB_ACTOR(10, r_koord_bb), es = TESTDB_ACTOR(11, r_koord_es),
                 mi = TESTDB_ACTOR(13, r_min);
    struct actor sb = TESTDB_ACTOR(20, r_sb1), adm = TESTDB_ACTOR(21, r_adm2),
                 bu = TESTDB_ACTOR(30, r_buerger);
    struct termin_in in = {.titel = "Webinar: Wohngeld digital",
                           .art = "webinar",
                           .beginn = T0 + 86400,
                           .ende = T0 + 86400 + 5400,
                           .ort = "https://konferenz.example/wohngeld",
                           .kapazitaet = 2,
                           .beschreibung =
                               "Für Sachbearbeitung, Zugang per Link; bitte pünktlich."};
    CHECK(termin_anlegen(c, &u, &k, &in, &id, &fe) == ERR_OK);
    CHECK(termin_anlegen(c, &u, &sb, &in, &id2, &fe) == ERR_FORBIDDEN);
    struct termin_in b = in;
    b.ende = b.beginn - 1;
    CHECK(termin_anlegen(c, &u, &k, &b, &id2, &fe) == ERR_INVALID && strcmp(fe.feld, "ende") == 0);
    b = in;
    b.kapazitaet = 0;
    CHECK(termin_anlegen(c, &u, &k, &b, &id2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "kapazitaet") == 0);
    b = in;
    b.art = "party";
    CHECK(termin_anlegen(c, &u, &k, &b, &id2, &fe) == ERR_INVALID && strcmp(fe.feld, "art") == 0);
    b = in;
    b.kreis_ags = "08116";
    CHECK(termin_anlegen(c, &u, &k, &b, &id2, &fe) == ERR_INVALID && strcmp(fe.feld, "kreis") == 0);

    /* two places, three registrations: the third waits */
    CHECK(termin_anmelden(c, &u, &sb, id, &st) == ERR_OK && strcmp(st, "angemeldet") == 0);
    CHECK(termin_anmelden(c, &u, &adm, id, &st) == ERR_OK && strcmp(st, "angemeldet") == 0);
    CHECK(termin_anmelden(c, &u, &es, id, &st) == ERR_OK && strcmp(st, "warteliste") == 0);
    CHECK(termin_anmelden(c, &u, &sb, id, &st) == ERR_OK &&
          strcmp(st, "angemeldet") == 0); /* again */
    CHECK(termin_anmelden(c, &u, &bu, id, &st) == ERR_FORBIDDEN);
    CHECK(termin_get(c, a, &sb, id, &d) == ERR_OK);
    CHECK(d.termin.belegt == 2 && d.termin.warteliste == 1 &&
          strcmp(d.mein_status, "angemeldet") == 0);
    CHECK(!d.darf_verwalten && d.n_teilnehmende == 0);
    CHECK(termin_get(c, a, &k, id, &d) == ERR_OK && d.darf_verwalten && d.n_teilnehmende == 3);
    CHECK(strcmp(d.teilnehmende[2].email, "koord-es@lra.example") == 0 &&
          strcmp(d.teilnehmende[2].status, "warteliste") == 0);
    CHECK(termin_get(c, a, &mi, id, &d) == ERR_OK && !d.darf_verwalten && d.n_teilnehmende == 0);

    /* a cancellation moves the first waiting up and mails them */
    CHECK(testdb_count(c, sql_mails, "koord-es@lra.example") == 1);
    CHECK(termin_abmelden(c, &u, &sb, id) == ERR_OK);
    CHECK(termin_abmelden(c, &u, &sb, id) == ERR_NOTFOUND);
    CHECK(testdb_count(c, sql_mails, "koord-es@lra.example") == 2);
    CHECK(termin_get(c, a, &es, id, &d) == ERR_OK && strcmp(d.mein_status, "angemeldet") == 0);
    CHECK(d.termin.belegt == 2 && d.termin.warteliste == 0);
    /* registering again joins the end of the queue */
    CHECK(termin_anmelden(c, &u, &sb, id, &st) == ERR_OK && strcmp(st, "warteliste") == 0);
    /* a waiting person who cancels frees nothing */
    CHECK(termin_abmelden(c, &u, &sb, id) == ERR_OK);
    CHECK(termin_get(c, a, &k, id, &d) == ERR_OK && d.termin.belegt == 2 && d.n_teilnehmende == 2);
    /* a confirmed one who cancels with nobody waiting frees a place */
    CHECK(termin_abmelden(c, &u, &adm, id) == ERR_OK);
    CHECK(termin_get(c, a, &k, id, &d) == ERR_OK && d.termin.belegt == 1);

    /* the list and the iCalendar file */
    CHECK(termin_liste(c, a, &sb, T0, 10, NULL, &s, &bad) == ERR_OK && s.n == 1);
    CHECK(termin_liste(c, a, &sb, T0 + 10 * 86400, 10, NULL, &s, &bad) == ERR_OK && s.n == 0);
    struct buf ics = BUF_INIT(1 << 16);
    CHECK(termin_ics(c, a, &sb, id, &u, &ics) == ERR_OK);
    CHECK(strstr(buf_cstr(&ics), "SUMMARY:Webinar: Wohngeld digital\r\n") != NULL);
    CHECK(strstr(buf_cstr(&ics), "UID:termin-") != NULL);
    CHECK(termin_ics(c, a, &bu, id, &u, &ics) == ERR_NOTFOUND);
    buf_free(&ics);

    /* cancelling the event: organiser only; everyone registered is mailed; no new registrations */
    CHECK(termin_absagen(c, &u, &sb, id) == ERR_FORBIDDEN);
    CHECK(termin_absagen(c, &u, &k, id) == ERR_OK);
    CHECK(testdb_count(c, sql_mails, "koord-es@lra.example") == 3);
    CHECK(termin_anmelden(c, &u, &adm, id, &st) == ERR_CONFLICT);
    CHECK(termin_get(c, a, &sb, id, &d) == ERR_OK && d.termin.abgesagt);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_termin_capacity_waiting_list_cancellation_and_ics(void)
{
    testdb_on_both(termin_body);
}

int
main(void)
{
    if (testdb_init("termin") != 0)
        return 1;
    TEST(test_termin_capacity_waiting_list_cancellation_and_ics);
    testdb_done();
    return tap_done();
}
