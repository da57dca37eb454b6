/* Tests of store/migrate.h on SQLite and, when RATHAUS_TEST_PG holds a DSN, on PostgreSQL
 * (in the schema rh_test_migrate, dropped and created again for each test; PGOPTIONS sets the
 * search path, so the DSN must not set "options" itself). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dirent.h>
#include <pthread.h>

#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_migrate"

static char tmp_dir[] = "/tmp/rathaus-test-migrate-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;

static struct db *
fresh_db(enum db_kind kind)
{
    struct db *db = NULL;
    char dsn[256];

    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/m%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, 2, &db) == ERR_OK);
        return db;
    }
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
    return db;
}

static void
on_both(void (*body)(enum db_kind kind))
{
    body(DB_SQLITE);
    if (pg_dsn != NULL)
        body(DB_PG);
}

/* The integer that `sql` selects, -1 on failure. */
static int64_t
select_int(struct db *db, const char *sql)
{
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    bool has_row = false;
    int64_t v = -1;

    if (db_acquire(db, &c) != ERR_OK)
        return -1;
    if (db_query(c, sql, NULL, 0, &r) == ERR_OK && db_rows_next(r, &has_row) == ERR_OK && has_row)
        v = db_rows_int(r, 0);
    db_rows_free(r);
    db_release(c);
    return v;
}

/* Number of tables in the database (in the test schema on PostgreSQL). */
static int64_t
count_tables(struct db *db)
{
    if (db_kind(db) == DB_PG)
        return select_int(db, "SELECT COUNT(*) FROM information_schema.tables "
                              "WHERE table_schema = current_schema()");
    return select_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
}

static void
test_migrate_knows_latest(void)
{
    CHECK(migrate_latest(DB_SQLITE) >= 1);
    CHECK(migrate_latest(DB_PG) >= 1);
    /* both dialects move in step */
    CHECK(migrate_latest(DB_SQLITE) == migrate_latest(DB_PG));
}

static void
fresh_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind);
    int from = -1, to = -1, version = -1;
    int latest = migrate_latest(kind);

    if (db == NULL)
        return;
    CHECK(migrate_current(db, &version) == ERR_OK);
    CHECK(version == 0);
    CHECK(migrate_check(db) == ERR_CONFLICT); /* needs `rathaus init` */
    CHECK(count_tables(db) == 0);             /* checking changed nothing */

    CHECK(migrate_run(db, &from, &to) == ERR_OK);
    CHECK(from == 0);
    CHECK(to == latest);
    CHECK(migrate_check(db) == ERR_OK);
    CHECK(migrate_current(db, &version) == ERR_OK);
    CHECK(version == latest);
    CHECK(select_int(db, "SELECT COUNT(*) FROM schema_version") == latest);
    CHECK(select_int(db, "SELECT COUNT(*) FROM schema_version WHERE applied_at LIKE '20%Z'") ==
          latest);
    /* the tables of 0001 exist and are empty */
    CHECK(select_int(db, "SELECT COUNT(*) FROM gemeinde") == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM leistung") == 0);
    CHECK(select_int(db, "SELECT COUNT(*) FROM zustaendigkeit") == 0);
    int64_t n_tables = count_tables(db);
    CHECK(n_tables > 10);

    /* again: nothing to do */
    from = to = -1;
    CHECK(migrate_run(db, &from, &to) == ERR_OK);
    CHECK(from == latest && to == latest);
    CHECK(select_int(db, "SELECT COUNT(*) FROM schema_version") == latest);
    CHECK(count_tables(db) == n_tables);
    CHECK(migrate_check(db) == ERR_OK);
    db_close(db);
}

static void
test_migrate_applies_all_then_nothing(void)
{
    on_both(fresh_body);
}

static void
newer_body(enum db_kind kind)
{
    static const char create[] = "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                                 "applied_at TEXT NOT NULL)";
    static const char ins[] = "INSERT INTO schema_version VALUES (9999, '2099-01-01T00:00:00Z')";
    struct db *db = fresh_db(kind);
    struct db_conn *c = NULL;
    int from = -1, to = -1, version = -1;

    if (db == NULL)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, create) == ERR_OK);
    CHECK(db_exec(c, ins, NULL, 0, NULL) == ERR_OK);
    db_release(c);

    CHECK(migrate_check(db) == ERR_SCHEMA);
    CHECK(migrate_run(db, &from, &to) == ERR_SCHEMA);
    CHECK(from == -1 && to == -1);
    /* unchanged: still only schema_version, with its one row */
    CHECK(count_tables(db) == 1);
    CHECK(select_int(db, "SELECT COUNT(*) FROM schema_version") == 1);
    CHECK(migrate_current(db, &version) == ERR_OK);
    CHECK(version == 9999);
    db_close(db);
}

static void
test_migrate_refuses_newer_schema(void)
{
    on_both(newer_body);
}

/* Two pools on one database migrate one after the other: the second finds nothing to do. */
static void
twice_body(enum db_kind kind)
{
    struct db *a = fresh_db(kind), *b = NULL;
    int from = -1, to = -1;
    char dsn[256];

    if (a == NULL)
        return;
    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/m%u.db", tmp_dir, n_files - 1);
        CHECK(db_open(dsn, 1, &b) == ERR_OK);
    } else {
        CHECK(db_open(pg_dsn, 1, &b) == ERR_OK);
    }
    if (b == NULL) {
        db_close(a);
        return;
    }
    CHECK(migrate_run(a, &from, &to) == ERR_OK);
    CHECK(migrate_run(b, &from, &to) == ERR_OK);
    CHECK(from == migrate_latest(kind) && to == from);
    CHECK(migrate_check(b) == ERR_OK);
    db_close(b);
    db_close(a);
}

static void
test_migrate_second_process_finds_nothing(void)
{
    on_both(twice_body);
}

struct racer {
    struct db *db;
    int rc, from, to;
};

static void *
racer_main(void *arg)
{
    struct racer *r = arg;
    r->rc = migrate_run(r->db, &r->from, &r->to);
    return NULL;
}

/* Two pools migrate the same new database at the same time: each migration is applied once,
 * both succeed. */
static void
race_body(enum db_kind kind)
{
    struct db *a = fresh_db(kind), *b = NULL;
    struct racer ra = {.rc = -1}, rb = {.rc = -1};
    pthread_t ta, tb;
    char dsn[256];

    if (a == NULL)
        return;
    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/m%u.db", tmp_dir, n_files - 1);
        CHECK(db_open(dsn, 1, &b) == ERR_OK);
    } else {
        CHECK(db_open(pg_dsn, 1, &b) == ERR_OK);
    }
    if (b == NULL) {
        db_close(a);
        return;
    }
    ra.db = a;
    rb.db = b;
    CHECK(pthread_create(&ta, NULL, racer_main, &ra) == 0);
    CHECK(pthread_create(&tb, NULL, racer_main, &rb) == 0);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    CHECK(ra.rc == ERR_OK && rb.rc == ERR_OK);
    CHECK(ra.to == migrate_latest(kind) && rb.to == migrate_latest(kind));
    CHECK(ra.from == 0 || rb.from == 0);
    CHECK(select_int(a, "SELECT COUNT(*) FROM schema_version") == migrate_latest(kind));
    CHECK(migrate_check(a) == ERR_OK);
    db_close(b);
    db_close(a);
}

static void
test_migrate_concurrent_runs_apply_once(void)
{
    on_both(race_body);
}

static void
remove_tmp_dir(void)
{
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    char path[512];

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmp_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(tmp_dir);
}

int
main(void)
{
    log_set_quiet(1);
    if (mkdtemp(tmp_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn != NULL && *pg_dsn == '\0')
        pg_dsn = NULL;
    if (pg_dsn == NULL)
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    else
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);

    TEST(test_migrate_knows_latest);
    TEST(test_migrate_applies_all_then_nothing);
    TEST(test_migrate_refuses_newer_schema);
    TEST(test_migrate_second_process_finds_nothing);
    TEST(test_migrate_concurrent_runs_apply_once);

    remove_tmp_dir();
    return tap_done();
}
