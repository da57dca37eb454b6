/* migrate: create and upgrade the database schema from the migrations compiled into the binary.
 *
 * A migration is a file store/migrations/{sqlite,pg}/NNNN_name.sql (NNNN: its version, a
 * positive number; files are embedded by tools/embed.py, see util/embedded.h). The table
 * schema_version(version, applied_at) records each applied migration; the database's version
 * is its highest row, 0 without the table. Each migration runs in its own transaction together
 * with its schema_version row, so a failure leaves the database at the previous version.
 * Several processes may migrate at once: on SQLite the write lock (BEGIN IMMEDIATE) and on
 * PostgreSQL an advisory lock serialize them, and the version is read again inside each
 * transaction, so every migration is applied exactly once.
 *
 * Thread rules: every function borrows a connection from `db` for the duration of the call. */
#ifndef RATHAUS_STORE_MIGRATE_H
#define RATHAUS_STORE_MIGRATE_H

#include "store/db.h"

/* Bring the schema to the newest embedded version: create schema_version if missing, then
 * apply every migration of the database's dialect above the current version, in order.
 * Running it again applies nothing. *from and *to (set on success) get the versions before
 * and after. ERR_SCHEMA (logged, nothing changed) when the database's version is newer than
 * this binary knows; ERR_DB or ERR_BUSY when a migration fails (earlier ones stay applied). */
RH_MUST_CHECK int migrate_run(struct db *db, int *from, int *to);

/* Check that the schema is exactly the newest embedded version, changing nothing. ERR_OK when
 * it is; ERR_SCHEMA (logged: "database schema version N is newer than this rathaus (knows up
 * to M); use a newer rathaus") when the database is newer; ERR_CONFLICT (logged) when it is
 * older or has no schema at all, so `rathaus init` must run first; ERR_DB/ERR_BUSY. */
RH_MUST_CHECK int migrate_check(struct db *db);

/* The database's schema version into *version: 0 when it has no schema_version table.
 * Changes nothing. ERR_DB or ERR_BUSY when it cannot be read. */
RH_MUST_CHECK int migrate_current(struct db *db, int *version);

/* The newest embedded migration version of the dialect, 0 when there is none. Cannot fail. */
int migrate_latest(enum db_kind kind);

#endif
