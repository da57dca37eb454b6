/* Fault injection into the text queue of documents (domain/dokument_text.h): every statement
 * of a run over the queue fails once (store/db_fehler.h). The taking is a transaction of its
 * own, so a failure after it leaves the version queued with the attempt counted (by design);
 * everything else is as before, and a later run does it. On SQLite and, with RATHAUS_TEST_PG,
 * PostgreSQL (schema rh_test_fehler_text). */
#include <stdio.h>
#include <string.h>

#include "domain/dokument.h"
#include "domain/dokument_text.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
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

struct ttx {
    struct db *db;
    size_t n_fertig, n_fehler;
};

static int
op_verarbeiten(struct db_conn *c, void *p)
{
    struct ttx *x = p;
    x->n_fertig = x->n_fehler = 0;
    int rc = dokument_texte_verarbeiten(x->db, 0, NULL, &x->n_fertig, &x->n_fehler);
    if (rc == ERR_OK && x->n_fertig != 1)
        rc = ERR_INVALID;
    /* failed: the version must still be queued, with no text, or done and counted (then the
     * look for the next one failed) */
    if (rc != ERR_OK && x->n_fertig != 1 &&
        testdb_count(c,
                     "SELECT COUNT(*) FROM dokument_text WHERE status = 'offen' AND text IS NULL",
                     NULL) != 1) {
        printf("# the failed run left the version out of the queue\n");
        CHECK(!"queued");
    }
    return rc;
}

static void
text_body(enum db_kind kind)
{
    static const char text[] = "Der Hydrant an der Ecke Marktstraße ist undicht.\n";
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(4 << 20);
    struct umfeld u = testdb_umfeld(T0);
    struct actor sb = TESTDB_ACTOR(20, r_sb1);
    struct dokument_row d;
    struct feld_fehler f = {0};
    struct ttx x = {.db = db};
    if (!db || !a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    CHECK(dokument_anlegen(c, a, &u, NULL, &sb, 1, "Meldung", NULL, "meldung.txt", text,
                           sizeof(text) - 1, &d, &f) == ERR_OK);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument_text WHERE status = ?", "offen") == 1);

    /* Without dokument_text in the fingerprint: a failure after the claim leaves only the
     * counted attempt there, which the operation checks itself (op_verarbeiten). The one
     * change the loop meets: the version done, then the look for the next one failing (ERR_DB
     * with the work kept, as dokument_text.h says). */
    fehler_ohne_tabelle = "dokument_text";
    FEHLER_BEKANNT(c, "dokument_texte_verarbeiten", op_verarbeiten, &x, 1);
    fehler_ohne_tabelle = NULL;
    CHECK(x.n_fertig == 1);
    CHECK(testdb_count(c, "SELECT versuche FROM dokument_text", NULL) > 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM dokument_text WHERE status = ?", "fertig") == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM akte_suchtext WHERE objekt_typ = ?", "dokument") ==
          1);
out:
    arena_free(a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_text_queue_keeps_the_version_when_a_statement_fails(void)
{
    testdb_on_both(text_body);
}

int
main(void)
{
    if (testdb_init("fehler_text") != 0)
        return 1;
    TEST(test_fehler_text_queue_keeps_the_version_when_a_statement_fails);
    testdb_done();
    fehler_ende();
    return tap_done();
}
