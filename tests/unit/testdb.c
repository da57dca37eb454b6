#include "testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

static char tmp_dir[64];
static char pg_schema[48];
static const char *pg_dsn;
static unsigned n_files;
static uint8_t geheimnis[32];

const char testdb_seed[] =
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

int
testdb_init(const char *name)
{
    if (!name || strlen(name) > 32 || strspn(name, "abcdefghijklmnopqrstuvwxyz_") != strlen(name))
        return -1;
    snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/rathaus-test-%s-XXXXXX", name);
    snprintf(pg_schema, sizeof(pg_schema), "rh_test_%s", name);
    if (!mkdtemp(tmp_dir) || sodium_init() < 0)
        return -1;
    randombytes_buf(geheimnis, sizeof(geheimnis));
    log_set_quiet(1);
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn && !*pg_dsn)
        pg_dsn = NULL;
    if (pg_dsn) {
        char opt[96];
        snprintf(opt, sizeof(opt), "-c search_path=%s", pg_schema);
        setenv("PGOPTIONS", opt, 1);
    } else {
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    }
    return 0;
}

void
testdb_done(void)
{
    char cmd[128];
    if (!tmp_dir[0])
        return;
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp_dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
}

struct db *
testdb_fresh(enum db_kind kind)
{
    return testdb_fresh_n(kind, 2);
}

struct db *
testdb_fresh_n(enum db_kind kind, size_t n_conns)
{
    struct db *db = NULL;
    char dsn[256];
    int from, to;
    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/a%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, n_conns, &db) == ERR_OK);
    } else {
        struct db *admin = NULL;
        struct db_conn *c = NULL;
        char sql[160];
        CHECK(db_open(pg_dsn, 1, &admin) == ERR_OK);
        if (admin == NULL)
            return NULL;
        CHECK(db_acquire(admin, &c) == ERR_OK);
        snprintf(sql, sizeof(sql), "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s", pg_schema,
                 pg_schema);
        CHECK(c && db_exec_script(c, sql) == ERR_OK);
        if (c)
            db_release(c);
        db_close(admin);
        CHECK(db_open(pg_dsn, n_conns, &db) == ERR_OK);
    }
    if (db)
        CHECK(migrate_run(db, &from, &to) == ERR_OK);
    return db;
}

void
testdb_on_both(void (*body)(enum db_kind kind))
{
    body(DB_SQLITE);
    if (pg_dsn != NULL)
        body(DB_PG);
}

struct umfeld
testdb_umfeld(int64_t t)
{
    return (struct umfeld){.jetzt = t,
                           .herkunft = "192.0.2.1",
                           .geraet = "test",
                           .basis_url = "http://rathaus.test",
                           .geheimnis = geheimnis};
}

int64_t
testdb_count(struct db_conn *c, const char *sql, const char *arg)
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
