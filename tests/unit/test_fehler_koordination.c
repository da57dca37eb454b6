/* Fault injection into the Koordination writes (requests, knowledge articles, events): for
 * every statement an operation runs, that statement fails once (store/db_fehler.h) and the
 * operation must report an error and leave every table as it was; the run in which no
 * injected failure is reached must succeed with its effect (test_fehler_harness.h). On SQLite
 * and, with RATHAUS_TEST_PG, PostgreSQL (schema rh_test_fehler_koordination). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/anfrage.h"
#include "domain/artikel.h"
#include "domain/termin.h"
#include "store/db.h"
#include "tap.h"
#include "test_fehler_harness.h"
#include "testdb.h"

#define T0 1735689600 /* 2025-01-01 */

static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_koord_es[] = {{ROLLE_KOORDINATION, 0, 0, "08116"}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};

struct ktx {
    struct umfeld u;
    struct actor kbb, kes, sb1, adm2;
    struct feld_fehler fe;
    int64_t anfrage, antwort, anlage, artikel, termin;
    const char *status;
};

static int
op_anfrage_stellen(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    struct anfrage_neu n = {.kategorie = "ozg_leistung",
                            .betreff = "Wohngeld online",
                            .text = "Wie binden wir den EfA-Dienst Wohngeld an?"};
    return anfrage_stellen(c, &k->u, &k->sb1, &n, &k->anfrage, &k->fe);
}

static int
op_anfrage_antworten(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return anfrage_antworten(c, &k->u, &k->kbb, k->anfrage, "Bitte den Leitfaden nutzen.", false,
                             &k->antwort, &k->fe);
}

static int
op_anfrage_rueckfrage(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return anfrage_antworten(c, &k->u, &k->sb1, k->anfrage, "Leider noch nicht gelöst.", false,
                             &k->antwort, &k->fe);
}

static int
op_anfrage_aendern(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return anfrage_aendern(c, &k->u, &k->kbb, k->anfrage, "erledigt", 10, 0, &k->fe);
}

static int
op_anfrage_anlage(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return anfrage_anlage_hinzufuegen(c, &k->u, &k->sb1, k->anfrage, "leitfaden.pdf", NULL,
                                      "%PDF-1.4 x", 10, &k->anlage, &k->fe);
}

static int
op_anfrage_verknuepfen(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return anfrage_artikel_verknuepfen(c, &k->kbb, k->anfrage, k->artikel, &k->fe);
}

static const char *const tags[] = {"e-akte", "aktenplan"};

static int
op_artikel_anlegen(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    struct artikel_in in = {.titel = "Aktenplan für Gemeinden",
                            .text = "# Einführung\n\nDer **Boorberg**-Aktenplan passt.",
                            .tags = tags,
                            .n_tags = 2,
                            .loesung = true};
    return artikel_anlegen(c, &k->u, &k->kbb, &in, &k->artikel, &k->fe);
}

static int
op_artikel_aendern(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    struct artikel_in in = {.titel = "Aktenplan für Gemeinden",
                            .text = "Neuer Text.",
                            .tags = tags,
                            .n_tags = 1,
                            .version = 1};
    return artikel_aendern(c, &k->u, &k->kes, k->artikel, &in, &k->fe);
}

static int
op_termin_anlegen(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    struct termin_in in = {.titel = "Webinar: Wohngeld digital",
                           .art = "webinar",
                           .beginn = T0 + 86400,
                           .ende = T0 + 86400 + 5400,
                           .ort = "https://konferenz.example/wohngeld",
                           .kapazitaet = 1,
                           .beschreibung = "Zugang per Link."};
    return termin_anlegen(c, &k->u, &k->kbb, &in, &k->termin, &k->fe);
}

static int
op_termin_anmelden_sb(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return termin_anmelden(c, &k->u, &k->sb1, k->termin, &k->status);
}

static int
op_termin_anmelden_adm(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return termin_anmelden(c, &k->u, &k->adm2, k->termin, &k->status);
}

static int
op_termin_abmelden(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return termin_abmelden(c, &k->u, &k->sb1, k->termin);
}

static int
op_termin_absagen(struct db_conn *c, void *p)
{
    struct ktx *k = p;
    return termin_absagen(c, &k->u, &k->kbb, k->termin);
}

static const char sql_mails_to[] = "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?";

static void
koordination_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(4 << 20);
    struct ktx k = {.u = testdb_umfeld(T0),
                    .kbb = TESTDB_ACTOR(10, r_koord_bb),
                    .kes = TESTDB_ACTOR(11, r_koord_es),
                    .sb1 = TESTDB_ACTOR(20, r_sb1),
                    .adm2 = TESTDB_ACTOR(21, r_adm2)};
    struct anfrage_detail d;
    struct termin_detail td;
    if (!db || !a) {
        CHECK(!"fixture");
        db_close(db);
        arena_free(a);
        return;
    }
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);

    FEHLER_PRUEFEN(c, "anfrage_stellen", op_anfrage_stellen, &k);
    CHECK(k.anfrage > 0);
    CHECK(testdb_count(c, sql_mails_to, "koord-bb@lra.example") == 1);
    FEHLER_PRUEFEN(c, "anfrage_antworten", op_anfrage_antworten, &k);
    CHECK(testdb_count(c, sql_mails_to, "sb@boeblingen.example") == 1);
    FEHLER_PRUEFEN(c, "anfrage_aendern", op_anfrage_aendern, &k);
    CHECK(testdb_count(c, sql_mails_to, "sb@boeblingen.example") == 2);
    FEHLER_PRUEFEN(c, "anfrage_antworten (reopens)", op_anfrage_rueckfrage, &k);
    FEHLER_PRUEFEN(c, "anfrage_anlage_hinzufuegen", op_anfrage_anlage, &k);
    FEHLER_PRUEFEN(c, "artikel_anlegen", op_artikel_anlegen, &k);
    FEHLER_PRUEFEN(c, "artikel_aendern", op_artikel_aendern, &k);
    FEHLER_PRUEFEN(c, "anfrage_artikel_verknuepfen", op_anfrage_verknuepfen, &k);
    CHECK(anfrage_get(c, a, &k.kbb, k.anfrage, &d) == ERR_OK);
    CHECK(d.n_antworten == 2 && d.n_anlagen == 1 && d.n_artikel == 1);
    CHECK(strcmp(d.anfrage.status, "in_bearbeitung") == 0 && d.anfrage.zugewiesen_konto_id == 10);

    FEHLER_PRUEFEN(c, "termin_anlegen", op_termin_anlegen, &k);
    FEHLER_PRUEFEN(c, "termin_anmelden", op_termin_anmelden_sb, &k);
    CHECK(k.status && strcmp(k.status, "angemeldet") == 0);
    FEHLER_PRUEFEN(c, "termin_anmelden (waiting list)", op_termin_anmelden_adm, &k);
    CHECK(k.status && strcmp(k.status, "warteliste") == 0);
    FEHLER_PRUEFEN(c, "termin_abmelden (moves up)", op_termin_abmelden, &k);
    CHECK(termin_get(c, a, &k.adm2, k.termin, &td) == ERR_OK);
    CHECK(td.mein_status && strcmp(td.mein_status, "angemeldet") == 0);
    CHECK(testdb_count(c, sql_mails_to, "sb@aidlingen.example") == 2); /* waiting, moved up */
    FEHLER_PRUEFEN(c, "termin_absagen", op_termin_absagen, &k);
    CHECK(testdb_count(c, sql_mails_to, "sb@aidlingen.example") == 3);

    db_release(c);
    arena_free(a);
    db_close(db);
}

/* ---- the harness itself must catch what it is for ---------------------------------------- */

static int
op_ohne_transaktion(struct db_conn *c, void *p)
{
    static const char sql1[] =
        "INSERT INTO regierungsbezirk (ags, name) VALUES ('083', 'Freiburg')";
    static const char sql2[] =
        "INSERT INTO regierungsbezirk (ags, name) VALUES ('084', 'Tübingen')";
    int rc = db_exec(c, sql1, NULL, 0, NULL);
    if (rc == ERR_OK)
        rc = db_exec(c, sql2, NULL, 0, NULL);
    return rc;
}

static int
op_offen_gelassen(struct db_conn *c, void *p)
{
    static const char sql[] = "DELETE FROM regierungsbezirk WHERE ags = '083'";
    int rc = db_begin(c);
    if (rc == ERR_OK)
        rc = db_exec(c, sql, NULL, 0, NULL);
    if (rc == ERR_OK)
        rc = db_commit(c);
    return rc; /* the bug: no rollback after a failed DELETE */
}

static int
op_verschluckt(struct db_conn *c, void *p)
{
    static const char sql[] = "UPDATE regierungsbezirk SET name = 'Stuttgart' WHERE ags = '081'";
    RH_IGNORE(db_exec(c, sql, NULL, 0, NULL)); /* the bug: the error is lost */
    return ERR_OK;
}

static void
harness_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    int n = 0, d = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    /* the first insert stays when the second fails: the loop stops there */
    CHECK(fehler_schleife(c, "harness: two statements without a transaction", op_ohne_transaktion,
                          NULL, &n, &d) == ERR_DB &&
          n == 2 && d == 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM regierungsbezirk WHERE ags = '083'", NULL) == 1);
    /* DELETE and COMMIT failing leave the transaction open */
    CHECK(fehler_schleife(c, "harness: transaction left open", op_offen_gelassen, NULL, &n, &d) ==
              ERR_OK &&
          n == 3 && d == 2);
    CHECK(fehler_schleife(c, "harness: error swallowed", op_verschluckt, NULL, &n, &d) == ERR_OK &&
          n == 1 && d == 1);
    /* disarmed, nothing fails */
    db_fehler_nach(db, 0);
    CHECK(db_exec(c, "UPDATE regierungsbezirk SET name = 'Stuttgart' WHERE ags = '081'", NULL, 0,
                  NULL) == ERR_OK);
    CHECK(!db_fehler_ausgeloest());
    /* armed for another pool, this one is untouched */
    db_fehler_nach((struct db *)&n, 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM regierungsbezirk", NULL) == 2);
    CHECK(!db_fehler_ausgeloest());
    db_fehler_nach(db, 1);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM regierungsbezirk", NULL) == -1);
    CHECK(db_fehler_ausgeloest());
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM regierungsbezirk", NULL) == 2); /* once only */
    db_fehler_nach(db, 0);
    db_release(c);
    db_close(db);
}

static void
test_fehler_harness_catches_missing_rollback_open_transaction_and_lost_error(void)
{
    testdb_on_both(harness_body);
}

static void
test_fehler_koordination_every_failed_statement_rolls_back(void)
{
    testdb_on_both(koordination_body);
}

int
main(void)
{
    if (testdb_init("fehler_koordination") != 0)
        return 1;
    TEST(test_fehler_harness_catches_missing_rollback_open_transaction_and_lost_error);
    TEST(test_fehler_koordination_every_failed_statement_rolls_back);
    testdb_done();
    fehler_ende();
    return tap_done();
}
