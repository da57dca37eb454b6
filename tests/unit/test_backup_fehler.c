/* The error paths of backup and restore (store/backup.h) that test_backup.c leaves out: a
 * backup whose temporary file or target cannot be written (and leaves nothing behind), a
 * backup to a bare file name; a restore from a file whose page size differs, whose pages are
 * damaged, whose schema version is no number, that another process holds locked, or whose
 * path cannot be examined. Every refused restore leaves the target database empty. SQLite
 * only (PostgreSQL uses pg_dump). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/backup.h"
#include "store/db.h"
#include "store/migrate.h"
#include "tap.h"
#include "testdb.h"

static char dir[64];

static const char *
pfad(int slot, const char *name)
{
    static char bufs[8][160];
    snprintf(bufs[slot], sizeof(bufs[slot]), "%s/%s", dir, name);
    return bufs[slot];
}

static bool
existiert(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A fresh, migrated database at `path` (seeded with testdb_seed when `mit_daten`). */
static struct db *
oeffnen(const char *path, bool mit_daten)
{
    char dsn[200];
    struct db *db = NULL;
    struct db_conn *c = NULL;
    int from, to;
    snprintf(dsn, sizeof(dsn), "sqlite:%s", path);
    CHECK(db_open(dsn, 1, &db) == ERR_OK);
    if (!db)
        return NULL;
    CHECK(migrate_run(db, &from, &to) == ERR_OK);
    if (mit_daten && db_acquire(db, &c) == ERR_OK) {
        CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
        db_release(c);
    }
    return db;
}

static int64_t
gemeinden(struct db *db)
{
    struct db_conn *c = NULL;
    int64_t n = -1;
    if (db_acquire(db, &c) != ERR_OK)
        return -1;
    n = testdb_count(c, "SELECT COUNT(*) FROM gemeinde", NULL);
    db_release(c);
    return n;
}

/* Run `sql` on the SQLite file `path` directly. */
static int
roh(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    int rc = sqlite3_open(path, &h);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return rc;
}

static void
test_backup_write_refuses_unwritable_places_and_leaves_nothing(void)
{
    struct db *src = oeffnen(pfad(0, "quelle.db"), true);
    char tmp[200];
    if (!src)
        return;
    /* FILE.tmp is a folder that cannot be removed */
    const char *ziel = pfad(1, "gesperrt.db");
    snprintf(tmp, sizeof(tmp), "%s.tmp", ziel);
    CHECK(mkdir(tmp, 0700) == 0);
    CHECK(mkdir(pfad(2, "gesperrt.db.tmp/inhalt"), 0700) == 0);
    CHECK(backup_write(src, ziel) == ERR_IO);
    CHECK(!existiert(ziel));
    /* the target is a folder: the copy is made, the rename fails, the copy is removed */
    const char *ordner = pfad(3, "ordner.db");
    CHECK(mkdir(ordner, 0700) == 0);
    CHECK(mkdir(pfad(4, "ordner.db/inhalt"), 0700) == 0);
    CHECK(backup_write(src, ordner) == ERR_IO);
    snprintf(tmp, sizeof(tmp), "%s.tmp", ordner);
    CHECK(!existiert(tmp));
    /* a bare file name: written in the current folder, which is synced */
    char alt[512];
    CHECK(getcwd(alt, sizeof(alt)) != NULL);
    CHECK(chdir(dir) == 0);
    CHECK(backup_write(src, "relativ.db") == ERR_OK);
    CHECK(chdir(alt) == 0);
    CHECK(existiert(pfad(5, "relativ.db")) && !existiert(pfad(6, "relativ.db.tmp")));
    struct db *dst = oeffnen(pfad(7, "aus-relativ.db"), false);
    if (dst) {
        CHECK(backup_restore(dst, pfad(5, "relativ.db")) == ERR_OK);
        CHECK(gemeinden(dst) == 4);
        db_close(dst);
    }
    db_close(src);
}

static void
test_backup_restore_refuses_damaged_locked_and_foreign_files(void)
{
    struct db *src = oeffnen(pfad(0, "quelle2.db"), true);
    struct db *dst = oeffnen(pfad(1, "ziel2.db"), false);
    const char *gut = pfad(2, "gut.db");
    if (!src || !dst)
        goto out;
    CHECK(backup_write(src, gut) == ERR_OK);

    /* another page size: SQLite refuses to copy between them */
    const char *gross = pfad(3, "seiten.db");
    CHECK(roh(gross, "PRAGMA page_size = 8192; CREATE TABLE schema_version (version INTEGER, "
                     "angewendet TEXT); INSERT INTO schema_version VALUES (1, 'x');") == SQLITE_OK);
    CHECK(backup_restore(dst, gross) == ERR_DB);
    CHECK(gemeinden(dst) == 0);

    /* a schema version that is no number */
    const char *kaputt_v = pfad(4, "version.db");
    CHECK(roh(kaputt_v, "CREATE TABLE schema_version (version TEXT, angewendet TEXT);"
                        "INSERT INTO schema_version VALUES ('eins', 'x');") == SQLITE_OK);
    CHECK(backup_restore(dst, kaputt_v) == ERR_INVALID);

    /* damaged pages: a valid header, garbage in the middle */
    const char *beschaedigt = pfad(5, "beschaedigt.db");
    FILE *in = fopen(gut, "rb");
    FILE *out = fopen(beschaedigt, "wb");
    CHECK(in && out);
    if (in && out) {
        char block[4096];
        size_t n, seite = 0;
        while ((n = fread(block, 1, sizeof(block), in)) > 0) {
            if (seite >= 2 && seite % 3 == 0)
                memset(block, 0xA5, n);
            CHECK(fwrite(block, 1, n, out) == n);
            seite++;
        }
    }
    if (in)
        fclose(in);
    if (out)
        CHECK(fclose(out) == 0);
    /* backup.h promises ERR_INVALID for a file that is not an intact database; on damaged
     * pages quick_check itself fails with SQLITE_CORRUPT, which counts the same. Nothing is
     * copied. */
    CHECK(backup_restore(dst, beschaedigt) == ERR_INVALID);
    CHECK(gemeinden(dst) == 0);

    /* the backup held locked by another process: busy, nothing copied */
    sqlite3 *h = NULL;
    CHECK(sqlite3_open(gut, &h) == SQLITE_OK);
    CHECK(sqlite3_exec(h, "BEGIN EXCLUSIVE; UPDATE gemeinde SET name = name", NULL, NULL, NULL) ==
          SQLITE_OK);
    CHECK(backup_restore(dst, gut) == ERR_BUSY);
    CHECK(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(h);
    CHECK(gemeinden(dst) == 0);

    /* a path that cannot be examined (a file used as a folder) */
    char unter[200];
    snprintf(unter, sizeof(unter), "%s/x.db", gut);
    CHECK(backup_restore(dst, unter) == ERR_IO);

    /* after all that, the good backup still goes in */
    CHECK(backup_restore(dst, gut) == ERR_OK);
    CHECK(gemeinden(dst) == 4);
out:
    db_close(dst);
    db_close(src);
}

int
main(void)
{
    if (testdb_init("backup_fehler") != 0)
        return 1;
    snprintf(dir, sizeof(dir), "/tmp/rathaus-test-backupf-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    TEST(test_backup_write_refuses_unwritable_places_and_leaves_nothing);
    TEST(test_backup_restore_refuses_damaged_locked_and_foreign_files);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    RH_IGNORE(system(cmd)); /* cleanup only */
    testdb_done();
    return tap_done();
}
