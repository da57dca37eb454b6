/* Fault injection into the administration writes: importing and changing the file plan,
 * inviting and removing staff, API tokens, and what a Gemeinde reports about its state
 * (building blocks, E-Akte stage). Every statement of each operation fails once
 * (store/db_fehler.h): the operation must report an error and leave every table as it was;
 * the run no injected failure reaches must succeed (test_fehler_harness.h). On SQLite and,
 * with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_fehler_verwaltung). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aktenplan.h"
#include "domain/gemeinde_stand.h"
#include "domain/mitarbeitende.h"
#include "domain/token.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"
#include "util/buf.h"

#define T0 1767225600 /* 2026-01-01 */

/* An admin (23) of authority 1. */
static const char seed[] =
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (23, 'admin@boeblingen.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, kreis_ags, behoerde_id, erstellt) VALUES "
    " (23, 'behoerdenadmin', NULL, 1, 1);";

static const char plan[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit,beschreibung\n"
                           "0,Allgemeine Verwaltung,10,B,\n"
                           "02,Organisation,,A,\n"
                           "9,Finanzen,10,V,\n"
                           "91,Steuern,,,\n"
                           "912,Hundesteuer,6,,\n";
static const char plan2[] = "kennzeichen,titel,aufbewahrung_jahre,archivwuerdigkeit\n"
                            "912,Hundesteuer,8,\n"
                            "9123,Steuermarken,,\n";

static const struct rollen_zuordnung r_adm1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};

struct vtx {
    struct arena *a;
    struct umfeld u;
    struct actor adm, sb;
    struct feld_fehler f;
    struct aktenplan_import_ergebnis erg;
    struct buf err;
    const char *csv;
    size_t csv_len;
    int64_t eintrag, konto;
    struct api_token t;
    char geheim[TOKEN_TEXT_LEN + 1];
};

static int
op_import(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    buf_reset(&x->err);
    return aktenplan_import(c, &x->u, &x->adm, 1, "p.csv", x->csv, x->csv_len, false, &x->erg,
                            &x->err);
}

static int
op_aendern(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    struct aktenplan_aenderung d = {.has_titel = true,
                                    .titel = "Hundesteuer und Steuermarken",
                                    .has_wuerdigkeit = true,
                                    .archivwuerdigkeit = 'B'};
    return aktenplan_aendern(c, &x->u, &x->adm, x->eintrag, &d, &x->f);
}

static int
op_einladen(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    return mitarbeitende_einladen(c, x->a, &x->u, &x->adm, 1, "neu@boeblingen.example",
                                  "sachbearbeitung", 0, &x->konto, &x->f);
}

static int
op_entfernen(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    return mitarbeitende_entfernen(c, &x->u, &x->adm, 1, x->konto);
}

static int
op_token(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    return token_erstellen(c, x->a, &x->u, &x->sb, 20, "skript", "voll", 30, &x->t, x->geheim,
                           &x->f);
}

static int
op_token_widerrufen(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    return token_widerrufen(c, &x->u, &x->sb, x->t.id);
}

static int
op_baustein(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    return gemeinde_baustein_melden(c, &x->u, &x->adm, "08115003", "portal", "service-bw",
                                    "Land BW", "2024-01-01", &x->f);
}

static int
op_eakte(struct db_conn *c, void *p)
{
    struct vtx *x = p;
    return gemeinde_eakte_melden(c, &x->u, &x->adm, "08115003", "pilot", "2025-06-01", &x->f);
}

static void
verwaltung_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct vtx x = {.a = arena_new(4 << 20),
                    .u = testdb_umfeld(T0),
                    .adm = TESTDB_ACTOR(23, r_adm1),
                    .sb = TESTDB_ACTOR(20, r_sb1),
                    .err = BUF_INIT(1 << 16),
                    .csv = plan,
                    .csv_len = sizeof(plan) - 1};
    int64_t kid = 0;
    bool ro = true;
    if (!db || !x.a || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"fixture");
        goto out;
    }
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    /* PostgreSQL does not roll back sequences: the failed runs use up ids, which must not run
     * into the fixture's explicit ones */
    if (kind == DB_PG)
        CHECK(db_exec_script(c, "SELECT setval(pg_get_serial_sequence('konto', 'id'), 1000)") ==
              ERR_OK);

    FEHLER_PRUEFEN(c, "aktenplan_import", op_import, &x);
    CHECK(x.erg.n_neu == 5);
    x.csv = plan2;
    x.csv_len = sizeof(plan2) - 1;
    FEHLER_PRUEFEN(c, "aktenplan_import (changes)", op_import, &x);
    CHECK(x.erg.n_neu == 1 && x.erg.n_geaendert == 1);
    x.eintrag = testdb_count(c, "SELECT id FROM aktenplan WHERE kennzeichen = ?", "912");
    FEHLER_PRUEFEN(c, "aktenplan_aendern", op_aendern, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM aktenplan WHERE titel = ?",
                       "Hundesteuer und Steuermarken") == 1);

    FEHLER_PRUEFEN(c, "mitarbeitende_einladen", op_einladen, &x);
    CHECK(x.konto > 0 && testdb_count(c, "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?",
                                      "neu@boeblingen.example") == 1);
    FEHLER_PRUEFEN(c, "mitarbeitende_entfernen", op_entfernen, &x);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM konto_rolle WHERE konto_id = 23", NULL) == 1);

    FEHLER_PRUEFEN(c, "token_erstellen", op_token, &x);
    CHECK(token_aufloesen(c, &x.u, x.geheim, &kid, &ro) == ERR_OK && kid == 20 && !ro);
    FEHLER_PRUEFEN(c, "token_widerrufen", op_token_widerrufen, &x);
    CHECK(token_aufloesen(c, &x.u, x.geheim, &kid, &ro) != ERR_OK);

    FEHLER_PRUEFEN(c, "gemeinde_baustein_melden", op_baustein, &x);
    FEHLER_PRUEFEN(c, "gemeinde_baustein_melden (update)", op_baustein, &x);
    FEHLER_PRUEFEN(c, "gemeinde_eakte_melden", op_eakte, &x);
    struct gemeinde_stand st;
    CHECK(gemeinde_stand_lesen(c, x.a, &x.adm, "08115003", &st) == ERR_OK);
out:
    buf_free(&x.err);
    arena_free(x.a);
    if (c)
        db_release(c);
    db_close(db);
}

static void
test_fehler_verwaltung_every_failed_statement_rolls_back(void)
{
    testdb_on_both(verwaltung_body);
}

int
main(void)
{
    if (testdb_init("fehler_verwaltung") != 0)
        return 1;
    TEST(test_fehler_verwaltung_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
