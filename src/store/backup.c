/* backup: see backup.h. Talks to SQLite directly (the backup API needs the sqlite3 handles);
 * the one SQL statement built at run time quotes a table name read from the database's own
 * catalogue, and is prepared on the spot, never cached. */
#include "store/backup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>
#include <sqlite3.h>

#include "store/db_backend.h"
#include "store/migrate.h"
#include "util/buf.h"
#include "util/log.h"

/* How often a locked source or destination is tried again, and how long to wait between. */
#define BACKUP_BUSY_TRIES    250
#define BACKUP_BUSY_SLEEP_MS 20

const char *
backup_pg_hint(void)
{
    return "PostgreSQL-Datenbanken sichert rathaus nicht selbst. Sicherung:\n"
           "  pg_dump --format=custom --file=rathaus.dump \"$RATHAUS_DB\"\n"
           "Wiederherstellung in eine leere Datenbank:\n"
           "  pg_restore --single-transaction --exit-on-error --dbname=\"$RATHAUS_DB\" "
           "rathaus.dump\n"
           "rathaus does not back up PostgreSQL databases itself. Back up with:\n"
           "  pg_dump --format=custom --file=rathaus.dump \"$RATHAUS_DB\"\n"
           "Restore into an empty database with:\n"
           "  pg_restore --single-transaction --exit-on-error --dbname=\"$RATHAUS_DB\" "
           "rathaus.dump";
}

static void
sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
        /* interrupted by a signal: sleep the rest */
    }
}

/* True when `file` exists and is the same file as the main database of `h`. */
static bool
is_same_file(sqlite3 *h, const char *file)
{
    const char *db_file = sqlite3_db_filename(h, "main");
    struct stat a, b;

    if (db_file == NULL || *db_file == '\0')
        return false;
    if (stat(db_file, &a) != 0 || stat(file, &b) != 0)
        return false;
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* Copy all of `src` into `dst` in one step (one read transaction on the source), waiting out
 * locks. `what` names the operation for the log. */
static int
copy_db(sqlite3 *dst, sqlite3 *src, const char *what)
{
    sqlite3_backup *b;
    int src_rc, rc;

    b = sqlite3_backup_init(dst, "main", src, "main");
    if (b == NULL) {
        log_error("%s: cannot start: %s", what, sqlite3_errmsg(dst));
        return ERR_DB;
    }
    for (int tries = 0;; tries++) {
        src_rc = sqlite3_backup_step(b, -1);
        if (src_rc == SQLITE_DONE)
            break;
        if ((src_rc & 0xff) != SQLITE_BUSY && (src_rc & 0xff) != SQLITE_LOCKED)
            break;
        if (tries == BACKUP_BUSY_TRIES)
            break;
        sleep_ms(BACKUP_BUSY_SLEEP_MS);
    }
    rc = sqlite3_backup_finish(b); /* reports the step's error too */
    if (src_rc == SQLITE_DONE && rc == SQLITE_OK)
        return ERR_OK;
    if (rc == SQLITE_OK)
        rc = src_rc;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        log_error("%s: the database stayed locked", what);
        return ERR_BUSY;
    case SQLITE_READONLY:
        log_error("%s: page sizes differ, or the target is read-only", what);
        return ERR_DB;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        log_error("%s: %s", what, sqlite3_errstr(rc));
        return ERR_IO;
    default:
        log_error("%s: %s", what, sqlite3_errstr(rc));
        return ERR_DB;
    }
}

static int
fsync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return ERR_IO;
    rc = fsync(fd) == 0 ? ERR_OK : ERR_IO;
    if (close(fd) != 0)
        rc = ERR_IO;
    return rc;
}

/* fsync the folder that holds `file`, so that a rename in it is durable. */
static int
fsync_parent(const char *file)
{
    struct buf dir = BUF_INIT(4096);
    const char *slash = strrchr(file, '/');
    int rc;

    if (slash == NULL)
        rc = buf_puts(&dir, ".");
    else if (slash == file)
        rc = buf_puts(&dir, "/");
    else
        rc = buf_append(&dir, file, (size_t)(slash - file));
    if (rc == ERR_OK)
        rc = fsync_path(buf_cstr(&dir), O_RDONLY | O_DIRECTORY);
    buf_free(&dir);
    return rc;
}

/* Run the one-row statement `sql` on `h` and copy the first column's text into `out` (empty
 * for NULL). Only ever run on the file to restore: a file that is no database, or whose pages
 * are damaged (the statement itself fails with SQLITE_CORRUPT, e.g. PRAGMA quick_check), is
 * ERR_INVALID like any file that is not an intact database (backup.h). */
static int
first_text(sqlite3 *h, const char *sql, struct buf *out)
{
    sqlite3_stmt *st = NULL;
    int src, rc;

    src = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        rc = buf_puts(out, t != NULL ? t : "");
    } else if (src == SQLITE_DONE) {
        rc = ERR_OK;
    } else if ((src & 0xff) == SQLITE_NOTADB || (src & 0xff) == SQLITE_CORRUPT) {
        rc = ERR_INVALID;
    } else {
        rc = (src & 0xff) == SQLITE_BUSY ? ERR_BUSY : ERR_DB;
    }
    sqlite3_finalize(st);
    return rc;
}

int
backup_write(struct db *db, const char *file)
{
    struct db_conn *c = NULL;
    struct buf tmp = BUF_INIT(4096);
    sqlite3 *dst = NULL;
    bool has_tmp = false;
    int fd, rc;

    if (db_kind(db) != DB_SQLITE)
        return ERR_INVALID;
    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    if (is_same_file(db_sqlite_handle(c), file)) {
        log_error("backup: '%s' is the database itself", file);
        rc = ERR_INVALID;
        goto out;
    }
    rc = buf_printf(&tmp, "%s.tmp", file);
    if (rc != ERR_OK)
        goto out;

    /* a fresh, private file: SQLite would create it world-readable */
    if (unlink(buf_cstr(&tmp)) != 0 && errno != ENOENT) {
        log_error("backup: cannot remove '%s'", buf_cstr(&tmp));
        rc = ERR_IO;
        goto out;
    }
    fd = open(buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 || close(fd) != 0) {
        log_error("backup: cannot create '%s'", buf_cstr(&tmp));
        rc = ERR_IO;
        goto out;
    }
    has_tmp = true;
    if (sqlite3_open_v2(buf_cstr(&tmp), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        log_error("backup: cannot open '%s': %s", buf_cstr(&tmp),
                  dst != NULL ? sqlite3_errmsg(dst) : "out of memory");
        rc = ERR_IO;
        goto out;
    }
    rc = copy_db(dst, db_sqlite_handle(c), "backup");
    if (rc != ERR_OK)
        goto out;
    /* the copied header says WAL; make the backup one self-contained file */
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        log_error("backup: cannot finish '%s': %s", buf_cstr(&tmp), sqlite3_errmsg(dst));
        rc = ERR_IO;
        goto out;
    }
    if (sqlite3_close(dst) != SQLITE_OK) {
        rc = ERR_IO;
        goto out;
    }
    dst = NULL;
    rc = fsync_path(buf_cstr(&tmp), O_RDONLY);
    if (rc == ERR_OK && rename(buf_cstr(&tmp), file) != 0)
        rc = ERR_IO;
    if (rc != ERR_OK) {
        log_error("backup: cannot write '%s'", file);
        goto out;
    }
    has_tmp = false;
    rc = fsync_parent(file);
    if (rc != ERR_OK)
        log_error("backup: cannot sync the folder of '%s'", file);
out:
    sqlite3_close(dst);
    if (has_tmp)
        RH_IGNORE(unlink(buf_cstr(&tmp)) != 0); /* best effort; the error is reported */
    buf_free(&tmp);
    db_release(c);
    return rc;
}

/* Check that `src` (opened from `file`) is a sound rathaus database this binary can run. */
static int
check_source(sqlite3 *src, const char *file)
{
    static const char has_table[] = "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                                    "AND name = 'schema_version'";
    struct buf v = BUF_INIT(256);
    int latest = migrate_latest(DB_SQLITE);
    int64_t version = 0;
    int rc;

    rc = first_text(src, "PRAGMA quick_check", &v);
    if (rc == ERR_OK && strcmp(buf_cstr(&v), "ok") != 0)
        rc = ERR_INVALID;
    if (rc != ERR_OK) {
        log_error("restore: '%s' is not an intact SQLite database", file);
        goto out;
    }
    buf_reset(&v);
    rc = first_text(src, has_table, &v);
    if (rc == ERR_OK && strcmp(buf_cstr(&v), "1") != 0)
        rc = ERR_INVALID;
    buf_reset(&v);
    if (rc == ERR_OK)
        rc = first_text(src, "SELECT MAX(version) FROM schema_version", &v);
    if (rc == ERR_OK && str_to_int64(buf_str(&v), 1, INT32_MAX, &version) != ERR_OK)
        rc = ERR_INVALID;
    if (rc != ERR_OK) {
        log_error("restore: '%s' is not a rathaus database (no schema version)", file);
        goto out;
    }
    if (version > latest) {
        log_error("restore: '%s' has schema version %lld, newer than this rathaus (knows up to "
                  "%d); use a newer rathaus",
                  file, (long long)version, latest);
        rc = ERR_SCHEMA;
    }
out:
    buf_free(&v);
    return rc;
}

/* Whether the ordinary tables of `h` are all empty, apart from the rows the schema itself
 * creates (schema_version; lagebild_stand, the Lagebild's change counter of migration 0009). */
static int
is_empty(sqlite3 *h, bool *out)
{
    static const char tables[] = "SELECT name FROM pragma_table_list WHERE schema = 'main' "
                                 "AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                                 "AND name NOT IN ('schema_version', 'lagebild_stand')";
    sqlite3_stmt *st = NULL, *probe = NULL;
    struct buf sql = BUF_INIT(1024);
    bool has_rows = false;
    int src, rc = ERR_OK;

    src = sqlite3_prepare_v2(h, tables, -1, &st, NULL);
    while (src == SQLITE_OK && !has_rows && (src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        buf_reset(&sql);
        rc = buf_puts(&sql, "SELECT 1 FROM \"");
        for (const char *p = name; rc == ERR_OK && p != NULL && *p != '\0'; p++)
            rc = *p == '"' ? buf_puts(&sql, "\"\"") : buf_putc(&sql, *p);
        if (rc == ERR_OK)
            rc = buf_puts(&sql, "\" LIMIT 1");
        if (rc != ERR_OK)
            break;
        src = sqlite3_prepare_v2(h, buf_cstr(&sql), -1, &probe, NULL);
        if (src == SQLITE_OK) {
            src = sqlite3_step(probe);
            has_rows = src == SQLITE_ROW;
            if (src == SQLITE_ROW || src == SQLITE_DONE)
                src = SQLITE_OK;
        }
        sqlite3_finalize(probe);
        probe = NULL;
    }
    if (rc == ERR_OK && src != SQLITE_OK && src != SQLITE_DONE && src != SQLITE_ROW) {
        log_error("restore: cannot inspect the database: %s", sqlite3_errmsg(h));
        rc = (src & 0xff) == SQLITE_BUSY ? ERR_BUSY : ERR_DB;
    }
    sqlite3_finalize(st);
    buf_free(&sql);
    if (rc == ERR_OK)
        *out = !has_rows;
    return rc;
}

int
backup_restore(struct db *db, const char *file)
{
    struct db_conn *c = NULL;
    sqlite3 *src = NULL;
    struct stat sb;
    bool is_empty_db = false;
    int rc;

    if (db_kind(db) != DB_SQLITE)
        return ERR_INVALID;
    if (stat(file, &sb) != 0) {
        log_error("restore: cannot find '%s'", file);
        return errno == ENOENT ? ERR_NOTFOUND : ERR_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        log_error("restore: '%s' is not a file", file);
        return ERR_INVALID;
    }
    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    if (is_same_file(db_sqlite_handle(c), file)) {
        log_error("restore: '%s' is the database itself", file);
        rc = ERR_INVALID;
        goto out;
    }
    if (sqlite3_open_v2(file, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        log_error("restore: cannot open '%s': %s", file,
                  src != NULL ? sqlite3_errmsg(src) : "out of memory");
        rc = ERR_IO;
        goto out;
    }
    rc = check_source(src, file);
    if (rc != ERR_OK)
        goto out;
    rc = is_empty(db_sqlite_handle(c), &is_empty_db);
    if (rc != ERR_OK)
        goto out;
    if (!is_empty_db) {
        log_error("restore: the database holds data; restore only into a new database");
        rc = ERR_CONFLICT;
        goto out;
    }
    rc = copy_db(db_sqlite_handle(c), src, "restore");
out:
    sqlite3_close(src);
    db_release(c);
    return rc;
}
