/* Tests of store/backup.h. Backups are SQLite only; with RATHAUS_TEST_PG set, the refusal on
 * PostgreSQL is checked too. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <pthread.h>
#include <sqlite3.h>

#include "store/backup.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "util/log.h"

static char tmp_dir[] = "/tmp/rathaus-test-backup-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;

static void
sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* A path in the temporary folder: NAME + a number, in a static buffer per slot (0..3). */
static const char *
tmp_path(int slot, const char *name)
{
    static char paths[4][256];
    snprintf(paths[slot], sizeof(paths[slot]), "%s/%s%u", tmp_dir, name, n_files++);
    return paths[slot];
}

static struct db *
open_sqlite(const char *path, size_t n_conns, bool is_migrated)
{
    struct db *db = NULL;
    char dsn[300];
    int from, to;

    snprintf(dsn, sizeof(dsn), "sqlite:%s", path);
    CHECK(db_open(dsn, n_conns, &db) == ERR_OK);
    if (db != NULL && is_migrated)
        CHECK(migrate_run(db, &from, &to) == ERR_OK);
    return db;
}

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

static int
exec_sql(struct db *db, const char *sql, const struct db_param *p, size_t n)
{
    struct db_conn *c = NULL;
    int rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = db_exec(c, sql, p, n, NULL);
    db_release(c);
    return rc;
}

/* Content of row `id` of the test table: a blob with NUL bytes, a text with umlauts. */
static void
row_payload(int64_t id, unsigned char *blob, size_t blob_len, char *note, size_t note_len)
{
    for (size_t i = 0; i < blob_len; i++)
        blob[i] = (unsigned char)((uint64_t)id * 31 + i);
    blob[0] = 0;
    snprintf(note, note_len, "Vorgang %lld \xc3\xa4\xc3\xb6\xc3\xbc", (long long)id);
}

static int
insert_row(struct db_conn *c, int64_t id)
{
    static const char ins[] = "INSERT INTO akte_test (id, payload, note) VALUES (?, ?, ?)";
    unsigned char blob[600];
    char note[64];

    row_payload(id, blob, sizeof(blob), note, sizeof(note));
    struct db_param p[] = {DBP_INT(id), DBP_BLOB(blob, sizeof(blob)),
                           DBP_TEXTN(note, strlen(note))};
    return db_exec(c, ins, p, 3, NULL);
}

static const char create_test_table[] =
    "CREATE TABLE akte_test (id INTEGER PRIMARY KEY, payload BLOB NOT NULL, note TEXT)";

/* Rows 1..n of akte_test in `db` are exactly as insert_row wrote them, and there are no
 * others. */
static bool
rows_match(struct db *db, int64_t n)
{
    static const char sel[] = "SELECT id, payload, note FROM akte_test ORDER BY id";
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    unsigned char blob[600];
    char note[64];
    bool has_row = false, is_same = true;
    int64_t next = 1;

    if (db_acquire(db, &c) != ERR_OK)
        return false;
    if (db_query(c, sel, NULL, 0, &r) != ERR_OK) {
        db_release(c);
        return false;
    }
    while (is_same && db_rows_next(r, &has_row) == ERR_OK && has_row) {
        int64_t id = db_rows_int(r, 0);
        row_payload(id, blob, sizeof(blob), note, sizeof(note));
        is_same = id == next && db_rows_len(r, 1) == sizeof(blob) &&
                  memcmp(db_rows_text(r, 1), blob, sizeof(blob)) == 0 &&
                  db_rows_text(r, 2) != NULL && strcmp(db_rows_text(r, 2), note) == 0;
        next++;
    }
    db_rows_free(r);
    db_release(c);
    return is_same && next - 1 == n;
}

struct writer {
    struct db *db;
    atomic_bool stop;
    atomic_int_fast64_t n_written;
    int rc;
};

static int
writer_tx(struct db_conn *c, void *arg)
{
    struct writer *w = arg;
    return insert_row(c, atomic_load(&w->n_written) + 1);
}

static void *
writer_main(void *arg)
{
    struct writer *w = arg;
    struct db_conn *c = NULL;

    w->rc = db_acquire(w->db, &c);
    while (w->rc == ERR_OK && !atomic_load(&w->stop)) {
        w->rc = db_tx(c, writer_tx, w);
        if (w->rc == ERR_OK)
            atomic_fetch_add(&w->n_written, 1);
    }
    db_release(c);
    return NULL;
}

/* What `PRAGMA journal_mode` says for the file at `path`, opened on its own. */
static bool
journal_mode_is(const char *path, const char *mode)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    bool is_mode = false;

    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        is_mode = strcmp((const char *)sqlite3_column_text(st, 0), mode) == 0;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return is_mode;
}

static bool
exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static void
test_backup_while_writing_then_restore(void)
{
    const char *src_path = tmp_path(0, "src.db");
    const char *file = tmp_path(1, "backup.db");
    const char *dst_path = tmp_path(2, "dst.db");
    struct db *src = open_sqlite(src_path, 3, true);
    struct db *dst = NULL;
    struct writer w = {0};
    pthread_t th;
    struct stat sb;
    char tmp[300];

    if (src == NULL)
        return;
    CHECK(exec_sql(src, create_test_table, NULL, 0) == ERR_OK);
    CHECK(exec_sql(src, "INSERT INTO meta (key, value) VALUES ('katalog_version', '7')", NULL, 0) ==
          ERR_OK);
    w.db = src;
    atomic_init(&w.stop, false);
    atomic_init(&w.n_written, 0);
    CHECK(pthread_create(&th, NULL, writer_main, &w) == 0);
    while (atomic_load(&w.n_written) < 50 && w.rc == ERR_OK)
        sleep_ms(1);

    CHECK(backup_write(src, file) == ERR_OK);
    int64_t n_at_backup = atomic_load(&w.n_written);
    while (atomic_load(&w.n_written) < n_at_backup + 20 && w.rc == ERR_OK)
        sleep_ms(1); /* the server goes on writing */
    atomic_store(&w.stop, true);
    pthread_join(th, NULL);
    CHECK(w.rc == ERR_OK);
    int64_t n_total = atomic_load(&w.n_written);
    CHECK(rows_match(src, n_total));

    /* a private, self-contained file; no temporary left */
    CHECK(stat(file, &sb) == 0 && (sb.st_mode & 0777) == 0600);
    snprintf(tmp, sizeof(tmp), "%s.tmp", file);
    CHECK(!exists(tmp));
    CHECK(journal_mode_is(file, "delete"));

    /* restore into a database that `rathaus init` just created */
    dst = open_sqlite(dst_path, 2, true);
    if (dst == NULL) {
        db_close(src);
        return;
    }
    CHECK(backup_restore(dst, file) == ERR_OK);
    int64_t n_restored = select_int(dst, "SELECT COUNT(*) FROM akte_test");
    /* a consistent snapshot: a prefix of what was written, taken during the writes */
    CHECK(n_restored >= 50 && n_restored < n_total);
    CHECK(rows_match(dst, n_restored));
    CHECK(select_int(dst,
                     "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'katalog_version'") == 7);
    CHECK(migrate_check(dst) == ERR_OK);
    CHECK(journal_mode_is(dst_path, "wal"));
    /* and it is a working database: every pooled connection sees the new contents */
    struct db_conn *c1 = NULL, *c2 = NULL;
    CHECK(db_acquire(dst, &c1) == ERR_OK);
    CHECK(db_acquire(dst, &c2) == ERR_OK);
    if (c1 != NULL && c2 != NULL) {
        CHECK(insert_row(c1, n_restored + 1) == ERR_OK);
        struct db_rows *r = NULL;
        bool has_row = false;
        CHECK(db_query(c2, "SELECT COUNT(*) FROM akte_test", NULL, 0, &r) == ERR_OK);
        CHECK(db_rows_next(r, &has_row) == ERR_OK && has_row &&
              db_rows_int(r, 0) == n_restored + 1);
        db_rows_free(r);
    }
    db_release(c2);
    db_release(c1);
    db_close(dst);
    db_close(src);
}

static void
test_backup_restore_into_database_without_tables(void)
{
    const char *src_path = tmp_path(0, "src.db");
    const char *file = tmp_path(1, "backup.db");
    struct db *src = open_sqlite(src_path, 1, true);
    struct db *dst = open_sqlite(tmp_path(2, "dst.db"), 1, false);
    struct db_conn *c = NULL;

    if (src == NULL || dst == NULL)
        goto out;
    CHECK(exec_sql(src, create_test_table, NULL, 0) == ERR_OK);
    CHECK(db_acquire(src, &c) == ERR_OK);
    for (int64_t id = 1; c != NULL && id <= 10; id++)
        CHECK(insert_row(c, id) == ERR_OK);
    db_release(c);
    CHECK(backup_write(src, file) == ERR_OK);
    CHECK(backup_restore(dst, file) == ERR_OK);
    CHECK(rows_match(dst, 10));
    CHECK(migrate_check(dst) == ERR_OK);
out:
    db_close(dst);
    db_close(src);
}

static void
test_backup_restore_refuses_database_with_data(void)
{
    const char *file = tmp_path(1, "backup.db");
    struct db *src = open_sqlite(tmp_path(0, "src.db"), 1, true);
    struct db *dst = open_sqlite(tmp_path(2, "dst.db"), 1, true);

    if (src == NULL || dst == NULL)
        goto out;
    CHECK(exec_sql(src, "INSERT INTO meta (key, value) VALUES ('a', 'aus der Sicherung')", NULL,
                   0) == ERR_OK);
    CHECK(backup_write(src, file) == ERR_OK);
    CHECK(exec_sql(dst, "INSERT INTO meta (key, value) VALUES ('b', 'lebendig')", NULL, 0) ==
          ERR_OK);
    CHECK(backup_restore(dst, file) == ERR_CONFLICT);
    CHECK(select_int(dst, "SELECT COUNT(*) FROM meta WHERE key = 'b'") == 1);
    CHECK(select_int(dst, "SELECT COUNT(*) FROM meta WHERE key = 'a'") == 0);
    /* a row in any table counts, not only in the well-known ones */
    CHECK(exec_sql(dst, "DELETE FROM meta", NULL, 0) == ERR_OK);
    CHECK(exec_sql(dst, "CREATE TABLE spaeter (x INTEGER)", NULL, 0) == ERR_OK);
    CHECK(exec_sql(dst, "INSERT INTO spaeter VALUES (1)", NULL, 0) == ERR_OK);
    CHECK(backup_restore(dst, file) == ERR_CONFLICT);
    CHECK(exec_sql(dst, "DELETE FROM spaeter", NULL, 0) == ERR_OK);
    CHECK(backup_restore(dst, file) == ERR_OK);
    CHECK(select_int(dst, "SELECT COUNT(*) FROM meta WHERE key = 'a'") == 1);
out:
    db_close(dst);
    db_close(src);
}

static void
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs(text, f);
    CHECK(fclose(f) == 0);
}

static void
test_backup_restore_refuses_bad_files(void)
{
    const char *dst_path = tmp_path(0, "dst.db");
    const char *text_file = tmp_path(1, "text.db");
    const char *plain = tmp_path(2, "plain.db");
    const char *newer = tmp_path(3, "newer.db");
    struct db *dst = open_sqlite(dst_path, 1, true);
    struct db *other = NULL;

    if (dst == NULL)
        return;
    CHECK(backup_restore(dst, "/nonexistent/rathaus.db") == ERR_NOTFOUND);
    write_file(text_file, "Dies ist keine Datenbank, sondern ein Text von ausreichender Länge, "
                          "damit SQLite ihn als Kopf liest und ablehnt.\n");
    CHECK(backup_restore(dst, text_file) == ERR_INVALID);
    CHECK(backup_restore(dst, tmp_dir) == ERR_INVALID);
    /* an SQLite database, but not one of rathaus */
    other = open_sqlite(plain, 1, false);
    if (other != NULL) {
        CHECK(exec_sql(other, "CREATE TABLE x (y INTEGER)", NULL, 0) == ERR_OK);
        db_close(other);
    }
    CHECK(backup_restore(dst, plain) == ERR_INVALID);
    /* from a newer rathaus */
    other = open_sqlite(newer, 1, true);
    if (other != NULL) {
        CHECK(exec_sql(other, "INSERT INTO schema_version VALUES (9999, '2099-01-01T00:00:00Z')",
                       NULL, 0) == ERR_OK);
        db_close(other);
    }
    CHECK(backup_restore(dst, newer) == ERR_SCHEMA);
    /* the database itself */
    CHECK(backup_restore(dst, dst_path) == ERR_INVALID);
    CHECK(backup_write(dst, dst_path) == ERR_INVALID);
    CHECK(migrate_check(dst) == ERR_OK); /* untouched */
    db_close(dst);
}

static void
test_backup_replaces_previous_backup(void)
{
    const char *file = tmp_path(1, "backup.db");
    struct db *src = open_sqlite(tmp_path(0, "src.db"), 1, true);
    struct db *dst = open_sqlite(tmp_path(2, "dst.db"), 1, false);
    char tmp[300];

    if (src == NULL || dst == NULL)
        goto out;
    CHECK(backup_write(src, file) == ERR_OK);
    CHECK(exec_sql(src, "INSERT INTO meta (key, value) VALUES ('neu', 'ja')", NULL, 0) == ERR_OK);
    snprintf(tmp, sizeof(tmp), "%s.tmp", file);
    write_file(tmp, "left over from a crash");
    CHECK(backup_write(src, file) == ERR_OK);
    CHECK(!exists(tmp));
    CHECK(backup_restore(dst, file) == ERR_OK);
    CHECK(select_int(dst, "SELECT COUNT(*) FROM meta WHERE key = 'neu'") == 1);
    /* a folder that does not exist */
    CHECK(backup_write(src, "/nonexistent/folder/backup.db") == ERR_IO);
out:
    db_close(dst);
    db_close(src);
}

static void
test_backup_refuses_postgresql(void)
{
    const char *hint = backup_pg_hint();
    struct db *db = NULL;

    CHECK(strstr(hint, "pg_dump --format=custom") != NULL);
    CHECK(strstr(hint, "pg_restore") != NULL);
    CHECK(strstr(hint, "Sicherung") != NULL && strstr(hint, "Back up") != NULL);
    if (pg_dsn == NULL)
        return;
    CHECK(db_open(pg_dsn, 1, &db) == ERR_OK);
    if (db == NULL)
        return;
    CHECK(backup_write(db, tmp_path(0, "pg.db")) == ERR_INVALID);
    CHECK(backup_restore(db, "/dev/null") == ERR_INVALID);
    db_close(db);
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
        printf("# RATHAUS_TEST_PG is not set: the PostgreSQL refusal is not checked\n");

    TEST(test_backup_while_writing_then_restore);
    TEST(test_backup_restore_into_database_without_tables);
    TEST(test_backup_restore_refuses_database_with_data);
    TEST(test_backup_restore_refuses_bad_files);
    TEST(test_backup_replaces_previous_backup);
    TEST(test_backup_refuses_postgresql);

    remove_tmp_dir();
    return tap_done();
}
