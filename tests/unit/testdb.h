/* testdb: the database fixture shared by the Koordination unit tests (test_anfrage,
 * test_artikel, test_termin, test_bericht): a fresh, migrated database per test body on
 * SQLite (a file in a temporary directory) and, when RATHAUS_TEST_PG holds a DSN, on
 * PostgreSQL (schema rh_test_NAME, dropped and created again each time); the seed of two
 * Regierungsbezirke, three Kreise, four Gemeinden, three authorities and six staff accounts;
 * an umfeld at a fixed time; a COUNT helper.
 *
 * Linked into every unit test (meson.build); only these four call it. Not thread-safe (one
 * fixture per process). The databases returned belong to the caller (db_close). */
#ifndef RATHAUS_TESTS_TESTDB_H
#define RATHAUS_TESTS_TESTDB_H

#include <stdint.h>

#include "domain/umfeld.h"
#include "store/db.h"

/* Authorities 1 (Stadt Böblingen, 08115003), 2 (Gemeinde Aidlingen, 08115010), 3 (Stadt
 * Heidelberg, Stadtkreis 08221); accounts 10 and 11 coordinators of 08115 and 08116, 12
 * statewide, 20 clerk of 1, 21 admin of 2, 22 clerk of 3. */
extern const char testdb_seed[];

#define TESTDB_ACTOR(id, r) ((struct actor){(id), (r), sizeof(r) / sizeof((r)[0]), false, false})

/* Set up for test executable `name` (letters and '_', at most 32): temporary directory,
 * libsodium and the secret, quiet log, the PostgreSQL schema. Returns 0, or -1 when the
 * temporary directory or libsodium cannot be set up. */
int testdb_init(const char *name);
/* Remove the temporary directory. */
void testdb_done(void);
/* A fresh migrated database of `kind` with two connections; NULL (with a failed check) when
 * it cannot be made. */
struct db *testdb_fresh(enum db_kind kind);
/* The same with `n_conns` connections. */
struct db *testdb_fresh_n(enum db_kind kind, size_t n_conns);
/* Run `body` on SQLite and, when configured, on PostgreSQL. */
void testdb_on_both(void (*body)(enum db_kind kind));
/* An umfeld at unix time `t` with the fixture's secret. */
struct umfeld testdb_umfeld(int64_t t);
/* The first column of the first row of `sql` with at most one text parameter `arg`; -1 on
 * error. */
int64_t testdb_count(struct db_conn *c, const char *sql, const char *arg);

#endif
