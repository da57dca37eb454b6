/* Fault injection into the Amt writes (files, cases, notes, follow-ups, the inbox): every
 * statement of each operation fails once (store/db_fehler.h); the operation must report an
 * error and leave every table as it was, and the run no injected failure reaches must
 * succeed (test_fehler_harness.h). On SQLite and, with RATHAUS_TEST_PG, PostgreSQL (schema
 * rh_test_fehler_amt). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/eingang.h"
#include "domain/vermerk.h"
#include "domain/vorgang.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1767225600 /* 2026-01-01 */

/* Offices 101, 102 of authority 1; the file plan of 1 (1.2). */
static const char seed[] =
    "INSERT INTO organisationseinheit (id, behoerde_id, schluessel, name) VALUES "
    " (101, 1, 'oe101', 'Ordnungsamt'), (102, 1, 'oe102', 'Bürgerbüro');"
    "INSERT INTO aktenplan (id, behoerde_id, kennzeichen, titel, is_aktiv, erstellt, geaendert) "
    "VALUES (1, 1, '1.2', 'Ordnung', 1, 1, 1);";

static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};

struct atx {
    struct arena *a;
    struct umfeld u;
    struct actor sb1;
    struct feld_fehler fe;
    struct akte_row akte;
    struct vorgang_row vorgang, aus_eingang;
    struct vorgang_detail detail;
    int64_t vermerk, wv, eingang, eingang2;
};

static int
op_akte_anlegen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    struct akte_neu an = {.aktenplan_id = 1, .oe_id = 101, .titel = "Gaststätten"};
    return akte_anlegen(c, x->a, &x->u, &x->sb1, &an, &x->akte, &x->fe);
}

static int
op_vorgang_anlegen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    struct vorgang_neu vn = {.akte_id = x->akte.id, .betreff = "Erlaubnis Sommerfest"};
    return vorgang_anlegen(c, x->a, &x->u, &x->sb1, &vn, &x->vorgang, &x->fe);
}

static int
op_vorgang_status(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return vorgang_status_aendern(c, &x->u, &x->sb1, x->vorgang.id, "in_bearbeitung",
                                  "Unterlagen vollständig.");
}

static int
op_vermerk(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return vermerk_schreiben(c, &x->u, &x->sb1, x->vorgang.id, "Rücksprache mit dem Veranstalter.",
                             &x->vermerk, &x->fe);
}

static int
op_wiedervorlage(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return wiedervorlage_setzen(c, &x->u, &x->sb1, x->vorgang.id, "2026-01-10", "Unterlagen?", 0,
                                &x->wv, &x->fe);
}

static int
op_wiedervorlage_erledigen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return wiedervorlage_erledigen(c, &x->u, &x->sb1, x->wv);
}

static int
op_vorgang_lesen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return vorgang_lesen(c, x->a, &x->u, &x->sb1, x->vorgang.id, &x->detail);
}

static int
op_akte_lesen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    struct vorgang_row *v = NULL;
    size_t n = 0;
    int rc = akte_lesen(c, x->a, &x->u, &x->sb1, x->akte.id, &x->akte, &v, &n);
    return rc == ERR_OK && n != 1 ? ERR_INVALID : rc;
}

static int
op_vorgang_zeile(struct db_conn *c, void *p)
{
    struct atx *x = p;
    struct vorgang_row v;
    int rc = vorgang_zeile(c, x->a, &x->sb1, x->vorgang.id, &v);
    return rc == ERR_OK && v.id != x->vorgang.id ? ERR_INVALID : rc;
}

static int
op_auswahl(struct db_conn *c, void *p)
{
    struct atx *x = p;
    struct amt_auswahlen aw;
    return amt_auswahl_laden(c, x->a, &x->sb1, 101, &aw);
}

static int
op_posteingang_dokument(struct db_conn *c, void *p)
{
    struct atx *x = p;
    struct posteingang_dokument_neu pd = {.oe_id = 101,
                                          .betreff = "Beschwerde Lärm",
                                          .dateiname = "brief.txt",
                                          .typ = "text/plain",
                                          .inhalt = "Sehr geehrte Damen und Herren",
                                          .len = 29};
    int64_t id = -1;
    int rc = posteingang_dokument(c, x->a, &x->u, &x->sb1, &pd, &id, &x->fe);
    /* the id is set only on success, never to a rolled-back row's */
    CHECK(rc == ERR_OK || id == -1);
    if (rc == ERR_OK)
        *(x->eingang ? &x->eingang2 : &x->eingang) = id;
    return rc;
}

static int
op_posteingang_zuweisen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return posteingang_zuweisen(c, &x->u, &x->sb1, x->eingang, 20, &x->fe);
}

static int
op_posteingang_uebernehmen(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return posteingang_uebernehmen(c, x->a, &x->u, &x->sb1, x->eingang, x->akte.id, NULL,
                                   &x->aus_eingang, &x->fe);
}

static int
op_posteingang_weiterleiten(struct db_conn *c, void *p)
{
    struct atx *x = p;
    return posteingang_weiterleiten(c, x->a, &x->u, &x->sb1, x->eingang2, 102,
                                    "Zuständig: Bürgerbüro", &x->fe);
}

static void
amt_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct atx x = {
        .a = arena_new(16 << 20), .u = testdb_umfeld(T0), .sb1 = TESTDB_ACTOR(20, r_sb1)};
    if (!db || !x.a) {
        CHECK(!"fixture");
        db_close(db);
        arena_free(x.a);
        return;
    }
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);

    FEHLER_PRUEFEN(c, "akte_anlegen", op_akte_anlegen, &x);
    CHECK(x.akte.aktenzeichen &&
          strcmp(x.akte.aktenzeichen, "1.2/1") == 0); /* no number was used up by a failure */
    FEHLER_PRUEFEN(c, "vorgang_anlegen", op_vorgang_anlegen, &x);
    CHECK(x.vorgang.aktenzeichen && strcmp(x.vorgang.aktenzeichen, "1.2/1-1") == 0);
    FEHLER_PRUEFEN(c, "vorgang_status_aendern", op_vorgang_status, &x);
    FEHLER_PRUEFEN(c, "vermerk_schreiben", op_vermerk, &x);
    FEHLER_PRUEFEN(c, "wiedervorlage_setzen", op_wiedervorlage, &x);
    FEHLER_PRUEFEN(c, "wiedervorlage_erledigen", op_wiedervorlage_erledigen, &x);
    FEHLER_PRUEFEN(c, "vorgang_lesen (audit log)", op_vorgang_lesen, &x);
    CHECK(x.detail.n_vermerke == 1 && x.detail.n_wiedervorlagen == 1);
    CHECK(x.detail.vorgang.status && strcmp(x.detail.vorgang.status, "in_bearbeitung") == 0);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion = 'vorgang_gelesen'",
                       NULL) == 1);

    FEHLER_PRUEFEN(c, "akte_lesen (audit log)", op_akte_lesen, &x);
    FEHLER_PRUEFEN(c, "vorgang_zeile", op_vorgang_zeile, &x);
    FEHLER_PRUEFEN(c, "amt_auswahl_laden", op_auswahl, &x);
    FEHLER_PRUEFEN(c, "posteingang_dokument", op_posteingang_dokument, &x);
    FEHLER_PRUEFEN(c, "posteingang_dokument (second)", op_posteingang_dokument, &x);
    CHECK(x.eingang > 0 && x.eingang2 > x.eingang);
    FEHLER_PRUEFEN(c, "posteingang_zuweisen", op_posteingang_zuweisen, &x);
    FEHLER_PRUEFEN(c, "posteingang_uebernehmen", op_posteingang_uebernehmen, &x);
    CHECK(x.aus_eingang.aktenzeichen && strcmp(x.aus_eingang.aktenzeichen, "1.2/1-2") == 0);
    FEHLER_PRUEFEN(c, "posteingang_weiterleiten", op_posteingang_weiterleiten, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM eingang WHERE oe_id = 102 AND status = 'neu'",
                       NULL) == 1);

    db_release(c);
    arena_free(x.a);
    db_close(db);
}

static void
test_fehler_amt_every_failed_statement_rolls_back(void)
{
    testdb_on_both(amt_body);
}

int
main(void)
{
    if (testdb_init("fehler_amt") != 0)
        return 1;
    TEST(test_fehler_amt_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
