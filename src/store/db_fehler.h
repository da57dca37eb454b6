/* db_fehler: a TEST HOOK that makes a chosen database statement fail, so that unit tests can
 * prove that every error path of a write operation rolls back (fault injection).
 *
 * db_fehler_nach(db, n) arms a countdown: the n-th statement from now that runs on a
 * connection of `db` (db_exec, db_exec_script, db_query, db_begin, db_commit: everything that
 * passes db.c's check_call) fails with ERR_DB before it reaches the backend; the countdown is
 * then off again. n = 0 disarms it. Only one pool can be armed at a time (the state is one
 * process-wide record keyed by the pool's address); arming another pool replaces it.
 *
 * Production code never arms it; disarmed, the check costs one relaxed atomic load per
 * statement. Thread rules: the countdown is atomic, so the pool may be used from several
 * threads, but which thread's statement fails is then a matter of timing. Nothing is owned. */
#ifndef RATHAUS_STORE_DB_FEHLER_H
#define RATHAUS_STORE_DB_FEHLER_H

#include <stdbool.h>
#include <stdint.h>

struct db;
struct db_conn;

/* Make the n-th statement from now on `db` fail with ERR_DB (n >= 1), or disarm (n <= 0).
 * Also clears what db_fehler_ausgeloest() reports. Cannot fail. */
void db_fehler_nach(struct db *db, int64_t n);

/* True when the armed failure has happened since the last db_fehler_nach(). Cannot fail. */
bool db_fehler_ausgeloest(void);

/* The SQL text of the statement that failed (borrowed: statement texts live for the whole
 * program, see db.h), or NULL when none did since the last db_fehler_nach(). */
const char *db_fehler_sql(void);

/* For db.c only: called once for each statement `sql` on `c`; returns ERR_DB when this is
 * the statement that was chosen to fail, else ERR_OK. */
int db_fehler_pruefen(const struct db_conn *c, const char *sql);

#endif
