/* Tests of the support requests (domain/anfrage.h) with their store, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_artikel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/artikel.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_artikel"
#define T0        1735689600 /* 2025-01-01 */

static char tmp_dir[] = "/tmp/rathaus-test-artikel-XXXXXX";
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

static void
artikel_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = umfeld_at(T0);
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
    CHECK(db_exec_script(c, seed) == ERR_OK);
    struct actor k = ACTOR(10, r_koord_bb), es = ACTOR(11, r_koord_es), mi = ACTOR(13, r_min);
    struct actor sb = ACTOR(20, r_sb1), adm = ACTOR(21, r_adm2), bu = ACTOR(30, r_buerger);
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
    CHECK(count(c, "SELECT COUNT(*) FROM protokoll WHERE aktion LIKE 'artikel_%'", NULL) == 3);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_artikel_written_by_coordinators_read_by_staff_versioned_and_found(void)
{
    on_both(artikel_body);
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
    TEST(test_artikel_written_by_coordinators_read_by_staff_versioned_and_found);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
    return tap_done();
}
