/* Tests of the support requests (domain/anfrage.h) with their store, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_termin. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/termin.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_termin"
#define T0        1735689600 /* 2025-01-01 */

static char tmp_dir[] = "/tmp/rathaus-test-termin-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;
static uint8_t geheimnis[32];

static struct db *
fresh_db(enum db_kind kind)
{
    struct db *db = NULL;
    char dsn[256];
    int from, to;
    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/a%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, 2, &db) == ERR_OK);
    } else {
        struct db *admin = NULL;
        struct db_conn *c = NULL;
        CHECK(db_open(pg_dsn, 1, &admin) == ERR_OK);
        if (admin == NULL)
            return NULL;
        CHECK(db_acquire(admin, &c) == ERR_OK);
        CHECK(db_exec_script(c, "DROP SCHEMA IF EXISTS " PG_SCHEMA
                                " CASCADE; CREATE SCHEMA " PG_SCHEMA) == ERR_OK);
        db_release(c);
        db_close(admin);
        CHECK(db_open(pg_dsn, 2, &db) == ERR_OK);
    }
    if (db)
        CHECK(migrate_run(db, &from, &to) == ERR_OK);
    return db;
}

static void
on_both(void (*body)(enum db_kind kind))
{
    body(DB_SQLITE);
    if (pg_dsn != NULL)
        body(DB_PG);
}

static struct umfeld
umfeld_at(int64_t t)
{
    return (struct umfeld){.jetzt = t,
                           .herkunft = "192.0.2.1",
                           .geraet = "test",
                           .basis_url = "http://rathaus.test",
                           .geheimnis = geheimnis};
}

static const char seed[] =
    "INSERT INTO regierungsbezirk (ags, name) VALUES ('081', 'Stuttgart'), ('082', 'Karlsruhe');"
    "INSERT INTO kreis (ags, name, typ, regierungsbezirk_ags) VALUES "
    " ('08115', 'Böblingen', 'Landkreis', '081'), ('08116', 'Esslingen', 'Landkreis', '081'),"
    " ('08221', 'Heidelberg', 'Stadtkreis', '082');"
    "INSERT INTO gemeinde (ags, ars, name, name_kurz, name_norm, kreis_ags) VALUES "
    " ('08115003', '081155003003', 'Böblingen, Stadt', 'Böblingen', 'boblingen', '08115'),"
    " ('08115010', '081150010010', 'Aidlingen', 'Aidlingen', 'aidlingen', '08115'),"
    " ('08116001', '081160001001', 'Aichtal, Stadt', 'Aichtal', 'aichtal', '08116'),"
    " ('08221000', '082210000000', 'Heidelberg, Stadt', 'Heidelberg', 'heidelberg', '08221');"
    "INSERT INTO behoerde (id, schluessel, name, art, gemeinde_ags, kreis_ags) VALUES "
    " (1, 'g1', 'Stadt Böblingen', 'gemeinde', '08115003', '08115'),"
    " (2, 'g2', 'Gemeinde Aidlingen', 'gemeinde', '08115010', '08115'),"
    " (3, 'g3', 'Stadt Heidelberg', 'gemeinde', '08221000', NULL);"
    "INSERT INTO konto (id, email, art, status, erstellt, geaendert) VALUES "
    " (10, 'koord-bb@lra.example', 'personal', 'aktiv', 1, 1),"
    " (11, 'koord-es@lra.example', 'personal', 'aktiv', 1, 1),"
    " (12, 'staedtetag@example', 'personal', 'aktiv', 1, 1),"
    " (20, 'sb@boeblingen.example', 'personal', 'aktiv', 1, 1),"
    " (21, 'sb@aidlingen.example', 'personal', 'aktiv', 1, 1),"
    " (22, 'sb@heidelberg.example', 'personal', 'aktiv', 1, 1);"
    "INSERT INTO konto_rolle (konto_id, rolle, kreis_ags, behoerde_id, erstellt) VALUES "
    " (10, 'koordination', '08115', NULL, 1), (11, 'koordination', '08116', NULL, 1),"
    " (12, 'koordination', NULL, NULL, 1), (20, 'sachbearbeitung', NULL, 1, 1),"
    " (21, 'behoerdenadmin', NULL, 2, 1), (22, 'sachbearbeitung', NULL, 3, 1);";

static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_koord_es[] = {{ROLLE_KOORDINATION, 0, 0, "08116"}};
static const struct rollen_zuordnung r_min[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_adm2[] = {{ROLLE_BEHOERDENADMIN, 2, 0, NULL}};
static const struct rollen_zuordnung r_buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};

#define ACTOR(id, r) ((struct actor){(id), (r), sizeof(r) / sizeof((r)[0]), false, false})

static int64_t
count(struct db_conn *c, const char *sql, const char *arg)
{
    struct db_param p[] = {DBP_TEXT(arg)};
    struct db_rows *rows;
    bool has = false;
    int64_t n = -1;
    if (db_query(c, sql, p, arg ? 1 : 0, &rows) != ERR_OK)
        return -1;
    if (db_rows_next(rows, &has) == ERR_OK && has)
        n = db_rows_int(rows, 0);
    db_rows_free(rows);
    return n;
}

static const char sql_mails[] = "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ?";

static void
termin_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler fe = {0};
    struct termin_detail d;
    struct termin_seite s;
    const char *st = NULL, *bad;
    int64_t id = 0, id2;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    struct actor k = ACTOR(10, r_koord_bb), es = ACTOR(11, r_koord_es), mi = ACTOR(13, r_min);
    struct actor sb = ACTOR(20, r_sb1), adm = ACTOR(21, r_adm2), bu = ACTOR(30, r_buerger);
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
    CHECK(count(c, sql_mails, "koord-es@lra.example") == 1);
    CHECK(termin_abmelden(c, &u, &sb, id) == ERR_OK);
    CHECK(termin_abmelden(c, &u, &sb, id) == ERR_NOTFOUND);
    CHECK(count(c, sql_mails, "koord-es@lra.example") == 2);
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
    CHECK(count(c, sql_mails, "koord-es@lra.example") == 3);
    CHECK(termin_anmelden(c, &u, &adm, id, &st) == ERR_CONFLICT);
    CHECK(termin_get(c, a, &sb, id, &d) == ERR_OK && d.termin.abgesagt);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_termin_capacity_waiting_list_cancellation_and_ics(void)
{
    on_both(termin_body);
}

int
main(void)
{
    if (!mkdtemp(tmp_dir) || sodium_init() < 0)
        return 1;
    randombytes_buf(geheimnis, sizeof(geheimnis));
    log_set_quiet(1);
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn && !*pg_dsn)
        pg_dsn = NULL;
    if (pg_dsn)
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);
    else
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    TEST(test_termin_capacity_waiting_list_cancellation_and_ics);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
    return tap_done();
}
