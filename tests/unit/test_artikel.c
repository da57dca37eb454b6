/* Tests of the knowledge articles (domain/artikel.h) with their store, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_artikel (fixture: testdb.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/artikel.h"
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

static void
artikel_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct feld_fehler fe = {0};
    struct artikel_row r;
    struct artikel_version_row *v;
    size_t n_v;
    struct artikel_seite s;
    const char *bad;
    int64_t id = 0, id2 = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    struct actor k = TESTDB_ACTOR(10, r_koord_bb), es = TESTDB_ACTOR(11, r_koord_es),
                 mi = TESTDB_ACTOR(13, r_min);
    struct actor sb = TESTDB_ACTOR(20, r_sb1), adm = TESTDB_ACTOR(21, r_adm2),
                 bu = TESTDB_ACTOR(30, r_buerger);
    const char *tags[] = {"e-akte", "aktenplan"};
    struct artikel_in in = {.titel = "Aktenplan für Gemeinden",
                            .text = "# Einführung\n\nDer **Boorberg**-Aktenplan passt für Ämter.",
                            .tags = tags,
                            .n_tags = 2,
                            .loesung = true};
    CHECK(artikel_anlegen(c, &u, &k, &in, &id, &fe) == ERR_OK && id > 0);
    CHECK(artikel_anlegen(c, &u, &sb, &in, &id2, &fe) == ERR_FORBIDDEN);
    CHECK(artikel_anlegen(c, &u, &mi, &in, &id2, &fe) == ERR_FORBIDDEN);
    CHECK(artikel_anlegen(c, &u, &bu, &in, &id2, &fe) == ERR_FORBIDDEN);
    struct artikel_in bad_in = in;
    bad_in.titel = "";
    CHECK(artikel_anlegen(c, &u, &k, &bad_in, &id2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "titel") == 0);
    const char *bad_tags[] = {"Groß Schreibung"};
    bad_in = in;
    bad_in.tags = bad_tags;
    bad_in.n_tags = 1;
    CHECK(artikel_anlegen(c, &u, &k, &bad_in, &id2, &fe) == ERR_INVALID &&
          strcmp(fe.feld, "tags") == 0);

    /* all staff read; citizens do not */
    CHECK(artikel_get(c, a, &adm, id, 0, &r, &v, &n_v) == ERR_OK);
    CHECK(r.version == 1 && r.n_tags == 2 && strcmp(r.tags[0], "aktenplan") == 0 && r.loesung);
    CHECK(artikel_get(c, a, &mi, id, 0, &r, &v, &n_v) == ERR_OK);
    CHECK(artikel_get(c, a, &bu, id, 0, &r, &v, &n_v) == ERR_NOTFOUND);

    /* versions: a change on an old version conflicts */
    struct artikel_in ch = in;
    ch.text = "Neuer Text mit Übersicht.";
    ch.version = 1;
    u.jetzt = T0 + 10;
    CHECK(artikel_aendern(c, &u, &es, id, &ch, &fe) == ERR_OK); /* any coordinator */
    CHECK(artikel_aendern(c, &u, &k, id, &ch, &fe) == ERR_CONFLICT);
    CHECK(artikel_aendern(c, &u, &sb, id, &ch, &fe) == ERR_FORBIDDEN);
    CHECK(artikel_get(c, a, &sb, id, 0, &r, &v, &n_v) == ERR_OK && r.version == 2 && n_v == 2);
    CHECK(strcmp(r.text, "Neuer Text mit Übersicht.") == 0);
    CHECK(artikel_get(c, a, &sb, id, 1, &r, &v, &n_v) == ERR_OK && r.version == 1);
    CHECK(strstr(r.text, "Boorberg") != NULL);
    CHECK(artikel_get(c, a, &sb, id, 9, &r, &v, &n_v) == ERR_NOTFOUND);

    /* search: words folded, tags filter, pages */
    struct artikel_in in2 = {.titel = "Wohngeld digital", .text = "EfA-Dienst anbinden."};
    u.jetzt = T0 + 20;
    CHECK(artikel_anlegen(c, &u, &k, &in2, &id2, &fe) == ERR_OK);
    CHECK(artikel_suche(c, a, &sb, "uebersicht", NULL, 10, NULL, &s, &bad) == ERR_OK && s.n == 1 &&
          s.items[0].id == id);
    CHECK(artikel_suche(c, a, &sb, "AKTENPLAN gemeinden", NULL, 10, NULL, &s, &bad) == ERR_OK &&
          s.n == 1);
    CHECK(artikel_suche(c, a, &sb, "aktenplan wohngeld", NULL, 10, NULL, &s, &bad) == ERR_OK &&
          s.n == 0);
    CHECK(artikel_suche(c, a, &sb, NULL, "e-akte", 10, NULL, &s, &bad) == ERR_OK && s.n == 1);
    CHECK(artikel_suche(c, a, &sb, NULL, NULL, 1, NULL, &s, &bad) == ERR_OK && s.n == 1 &&
          s.items[0].id == id2 && s.next_cursor);
    CHECK(artikel_suche(c, a, &sb, NULL, NULL, 1, s.next_cursor, &s, &bad) == ERR_OK && s.n == 1 &&
          s.items[0].id == id && !s.next_cursor);
    CHECK(artikel_suche(c, a, &sb, "100%_", NULL, 10, NULL, &s, &bad) == ERR_OK);
    CHECK(artikel_suche(c, a, &bu, NULL, NULL, 10, NULL, &s, &bad) == ERR_FORBIDDEN);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion LIKE 'artikel_%'", NULL) ==
          3);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_artikel_written_by_coordinators_read_by_staff_versioned_and_found(void)
{
    testdb_on_both(artikel_body);
}

int
main(void)
{
    if (testdb_init("artikel") != 0)
        return 1;
    TEST(test_artikel_written_by_coordinators_read_by_staff_versioned_and_found);
    testdb_done();
    return tap_done();
}
