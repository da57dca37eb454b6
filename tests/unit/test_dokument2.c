/* The text queue of documents (domain/dokument_text.h) beyond test_dokument.c: a run asked to
 * stop leaves the version queued, a version whose file is gone is not lost, and the service
 * thread picks up an upload when nudged and stops cleanly. On SQLite and, with
 * RATHAUS_TEST_PG, PostgreSQL (schema rh_test_dokument_zwei). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/dokument.h"
#include "domain/dokument_text.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};

static const char seed[] =
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt');"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, erstellt, geaendert) VALUES "
    " (1, 1, '1', 'Ordnung', 1, 1);"
    "INSERT INTO akte (id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1', 'Akte eins', 1, 1);"
    "INSERT INTO vorgang (id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
    " erstellt, geaendert) VALUES (1, 1, 101, 1, 1, '1/1-1', 'Hydrant', 1, 1);";

static const char sql_status[] = "SELECT COUNT(*) FROM dokument_text WHERE status = ?";

static void
warten(struct db_conn *c, const char *status, int64_t n)
{
    struct timespec ts = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 500 && testdb_count(c, sql_status, status) != n; i++)
        nanosleep(&ts, NULL);
}

static void
queue_body(enum db_kind kind)
{
    static const char text[] = "Der Hydrant an der Ecke Marktstraße ist undicht.\n";
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(4 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct actor sb = TESTDB_ACTOR(20, r_sb1);
    struct dokument_row d;
    struct feld_fehler f = {0};
    struct dokument_text_dienst *dienst = NULL;
    size_t ok = 9, fehler = 9;
    atomic_bool halt;
    if (!db || !a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb, 1, "Meldung", NULL, "meldung.txt", text,
                           sizeof(text) - 1, &d, &f) == ERR_OK);

    /* asked to stop before it starts: nothing done, the version stays queued */
    atomic_init(&halt, true);
    CHECK(dokument_texte_verarbeiten(db, 0, &halt, &ok, &fehler) == ERR_OK && ok == 0 &&
          fehler == 0);
    CHECK(testdb_count(c, sql_status, "offen") == 1);
    /* at most `max` versions per run */
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb, 1, "Zweite", NULL, "zwei.txt", text,
                           sizeof(text) - 1, &d, &f) == ERR_OK);
    CHECK(dokument_texte_verarbeiten(db, 1, NULL, &ok, &fehler) == ERR_OK && ok == 1);
    CHECK(testdb_count(c, sql_status, "offen") == 1 && testdb_count(c, sql_status, "fertig") == 1);

    /* the service: it does what is queued, and an upload when nudged */
    CHECK(dokument_text_dienst_new(db, &dienst) == ERR_OK && dienst);
    warten(c, "fertig", 2);
    CHECK(testdb_count(c, sql_status, "fertig") == 2);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb, 1, "Dritte", NULL, "drei.txt", text,
                           sizeof(text) - 1, &d, &f) == ERR_OK);
    dokument_text_dienst_anstossen(dienst);
    warten(c, "fertig", 3);
    CHECK(testdb_count(c, sql_status, "fertig") == 3);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM akte_suchtext WHERE objekt_typ = ?", "dokument") ==
          3);
    dokument_text_dienst_free(dienst);
    dokument_text_dienst_anstossen(NULL); /* both accept NULL */
    dokument_text_dienst_free(NULL);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_dokument_text_queue_stop_limit_and_service(void)
{
    testdb_on_both(queue_body);
}

int
main(void)
{
    if (testdb_init("dokument_zwei") != 0)
        return 1;
    TEST(test_dokument_text_queue_stop_limit_and_service);
    testdb_done();
    return tap_done();
}
