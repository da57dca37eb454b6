/* backup: copy a live SQLite database into a file, and restore such a file into a new one.
 *
 * Both use SQLite's online backup API on a connection borrowed from the pool, so the server
 * may go on writing during backup_write(): in WAL mode the copy is one consistent snapshot
 * (one read transaction) and writers are not blocked. A backup holds everything, blobs
 * included, since they live in database tables. PostgreSQL installations use pg_dump and
 * pg_restore instead (backup_pg_hint()).
 *
 * Thread rules: each call borrows one connection for its duration. Files hold personal data:
 * backup_write() creates them readable by the owner only (0600). */
#ifndef RATHAUS_STORE_BACKUP_H
#define RATHAUS_STORE_BACKUP_H

#include "store/db.h"

/* Write a consistent copy of the SQLite database `db` to `file`: first into "FILE.tmp"
 * (replaced if left over), synced to disk, then renamed over `file`, so `file` is either the
 * old or the complete new backup. The copy is a single file in rollback-journal mode.
 * ERR_INVALID for a PostgreSQL database (see backup_pg_hint()) or when `file` is the database
 * itself; ERR_IO when the file cannot be written; ERR_BUSY when the database stayed locked;
 * ERR_DB. Failures are logged, except the PostgreSQL case. */
RH_MUST_CHECK int backup_write(struct db *db, const char *file);

/* Replace the contents of the SQLite database `db` by the backup `file`.
 *
 * `db` must be empty: no row in any table except schema_version (tables created by
 * `rathaus init` are fine, and so is a database without tables); virtual tables and their
 * shadow tables do not count. Otherwise ERR_CONFLICT: a restore never overwrites data. This is
 * an offline operation: no other process may write to `db` meanwhile.
 *
 * `file` must be an SQLite database that passes PRAGMA quick_check and has a schema_version
 * table with a version not newer than this binary's (ERR_INVALID, or ERR_SCHEMA when newer);
 * an older version is accepted, and migrate_run() afterwards brings it up to date. Its page
 * size must match the database's (both SQLite's default of 4096 unless changed).
 * ERR_NOTFOUND when `file` does not exist; ERR_INVALID for PostgreSQL or for the database
 * file itself; ERR_BUSY, ERR_DB. Failures are logged, except the PostgreSQL case. */
RH_MUST_CHECK int backup_restore(struct db *db, const char *file);

/* How to back up and restore a PostgreSQL installation, in German and English, several lines
 * without a final newline. Static; cannot fail. */
const char *backup_pg_hint(void);

#endif
