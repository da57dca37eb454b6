/* Tests of the support requests (domain/anfrage.h) with their store, on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL in the schema rh_test_bericht. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "domain/anfrage.h"
#include "domain/bericht.h"
#include "domain/foerderprogramm.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_bericht"
#define T0        1735689600 /* 2025-01-01 */

static char tmp_dir[] = "/tmp/rathaus-test-bericht-XXXXXX";
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

#define ACTOR(id, r) ((struct actor){(id), (r), sizeof(r) / sizeof((r)[0]), false, false})

static void
bericht_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    struct arena *a = arena_new(16 << 20);
    struct umfeld u = umfeld_at(T0);
    struct feld_fehler fe = {0};
    struct bericht b;
    struct foerder_zeile *z;
    size_t n;
    const char *bad;
    int64_t id, pid = 0;
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, seed) == ERR_OK);
    struct actor kbb = ACTOR(10, r_koord_bb), kes = ACTOR(11, r_koord_es), mi = ACTOR(13, r_min);
    struct actor sb1 = ACTOR(20, r_sb1), sys = {.is_system = true};

    struct anfrage_neu an = {.kategorie = "eakte", .betreff = "E-Akte", .text = "Frage"};
    CHECK(anfrage_stellen(c, &u, &sb1, &an, &id, &fe) == ERR_OK);
    an.kategorie = "plattform";
    CHECK(anfrage_stellen(c, &u, &sb1, &an, &id, &fe) == ERR_OK);
    CHECK(anfrage_aendern(c, &u, &kbb, id, "erledigt", -1, 0, &fe) == ERR_OK);

    /* the programme: a period, budgets, an expense */
    CHECK(foerderprogramm_periode(c, &sys, "Förderphase 2022 bis 30.06.2025", "2022-01-01",
                                  "2025-06-30", &pid, &fe) == ERR_OK);
    CHECK(foerderprogramm_periode(c, &mi, "x", "2022-01-01", "2025-06-30", &id, &fe) ==
          ERR_FORBIDDEN);
    CHECK(foerderprogramm_budget(c, &sys, pid, "08115", NULL, 9000000, &fe) == ERR_OK);
    CHECK(foerderprogramm_budget(c, &sys, pid, NULL, "gemeindetag", 9000000, &fe) == ERR_OK);
    CHECK(foerderprogramm_budget(c, &sys, pid, "08115", NULL, 8000000, &fe) == ERR_OK); /* again */
    CHECK(foerderprogramm_ausgabe(c, &u, &kbb, pid, "08115", "2024-03-01", 250000,
                                  "Netzwerktreffen", &fe) == ERR_OK);
    CHECK(foerderprogramm_ausgabe(c, &u, &kes, pid, "08115", "2024-03-01", 1, "x", &fe) ==
          ERR_NOTFOUND);
    CHECK(foerderprogramm_ausgabe(c, &u, &kbb, pid, "08115", "2026-03-01", 1, "x", &fe) ==
              ERR_INVALID &&
          strcmp(fe.feld, "datum") == 0);
    CHECK(foerderprogramm_stand(c, a, &kbb, "08115", &z, &n) == ERR_OK && n == 1);
    CHECK(z[0].budget_cent == 8000000 && z[0].ausgaben_cent == 250000);
    CHECK(foerderprogramm_stand(c, a, &mi, NULL, &z, &n) == ERR_OK && n == 2);
    CHECK(foerderprogramm_stand(c, a, &kes, "08115", &z, &n) == ERR_NOTFOUND);

    /* the report */
    CHECK(bericht_erstellen(c, a, &kbb, "08115", "2024-12-01", "2025-01-31", T0, &b, &bad) ==
          ERR_OK);
    CHECK(b.anfragen_gesamt == 2 && b.n_anfragen == 2 && b.gemeinden_unterstuetzt == 1);
    CHECK(strcmp(b.anfragen[0].a, "eakte") == 0 && strcmp(b.anfragen[0].b, "neu") == 0);
    CHECK(strcmp(b.anfragen[1].a, "plattform") == 0 && strcmp(b.anfragen[1].b, "erledigt") == 0);
    CHECK(b.lagebild.n_gemeinden == 2 && b.n_foerderung == 1);
    CHECK(bericht_erstellen(c, a, &kbb, "08115", "2025-02-01", "2025-03-01", T0, &b, &bad) ==
              ERR_OK &&
          b.anfragen_gesamt == 0);
    CHECK(bericht_erstellen(c, a, &mi, NULL, NULL, NULL, T0, &b, &bad) == ERR_OK &&
          b.anfragen_gesamt == 2);
    CHECK(strcmp(b.von, "2025-01-01") == 0 && strcmp(b.bis, "2025-01-01") == 0);
    CHECK(bericht_erstellen(c, a, &kes, "08115", NULL, NULL, T0, &b, &bad) == ERR_NOTFOUND);
    CHECK(bericht_erstellen(c, a, &sb1, NULL, NULL, NULL, T0, &b, &bad) == ERR_FORBIDDEN);
    CHECK(bericht_erstellen(c, a, &mi, NULL, "2025-02-01", "2025-01-01", T0, &b, &bad) ==
              ERR_INVALID &&
          strcmp(bad, "bis") == 0);

    db_release(c);
    arena_free(a);
    db_close(db);
}

static void
test_bericht_and_foerderprogramm_count_by_district_and_period(void)
{
    on_both(bericht_body);
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
    TEST(test_bericht_and_foerderprogramm_count_by_district_and_period);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
    return tap_done();
}
