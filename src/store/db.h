/* db: the one database interface of rathaus, with SQLite and PostgreSQL behind it.
 *
 * A `struct db` is a pool of connections opened from a DSN ("sqlite:PATH" or a
 * "postgresql://" URI). It is shared by all threads; a connection is used by one thread at a
 * time between db_acquire() and db_release(). SQL text uses `?` placeholders in both dialects
 * (the PostgreSQL backend numbers them); every value is bound, never spliced. Statements are
 * prepared once per connection and cached by the address of their SQL text, so SQL passed
 * here must be a string literal or otherwise live for the whole program.
 *
 * Entity stores (store/gebiet.c, store/leistung.c, ...) are written on top of this; the
 * domain calls those, never db_* directly. Owner: whoever calls db_open() frees with
 * db_close(), after every connection was released. */
#ifndef RATHAUS_STORE_DB_H
#define RATHAUS_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/err.h"

enum db_kind { DB_SQLITE, DB_PG };

struct db;
struct db_conn;
struct db_rows;

enum db_param_type { DB_NULL, DB_INT, DB_TEXT, DB_BLOB };

/* One bound value. Text and blob bytes are borrowed for the duration of the call. */
struct db_param {
    enum db_param_type type;
    int64_t i;
    const char *p; /* text (need not be NUL-terminated) or blob bytes */
    size_t len;
};

/* Constructors of bound values; they only store pointers, nothing is copied. */
static inline struct db_param
dbp_null(void)
{
    return (struct db_param){DB_NULL, 0, NULL, 0};
}

static inline struct db_param
dbp_int(int64_t v)
{
    return (struct db_param){DB_INT, v, NULL, 0};
}

/* NULL text binds SQL NULL. */
static inline struct db_param
dbp_text(const char *s)
{
    if (!s)
        return dbp_null();
    return (struct db_param){DB_TEXT, 0, s, strlen(s)};
}

static inline struct db_param
dbp_textn(const char *s, size_t n)
{
    return (struct db_param){DB_TEXT, 0, s, n};
}

static inline struct db_param
dbp_blob(const void *b, size_t n)
{
    return (struct db_param){DB_BLOB, 0, (const char *)b, n};
}

#define DBP_NULL        dbp_null()
#define DBP_INT(v)      dbp_int((int64_t)(v))
#define DBP_TEXT(s)     dbp_text(s)
#define DBP_TEXTN(s, n) dbp_textn((s), (n))
#define DBP_BLOB(b, n)  dbp_blob((b), (n))

/* Open a pool of `n_conns` connections. ERR_INVALID for a DSN that is neither form, ERR_DB
 * when the database cannot be opened (a message goes to the log, without the password). */
RH_MUST_CHECK int db_open(const char *dsn, size_t n_conns, struct db **out);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);

/* Borrow a connection; blocks while all are in use. Returns ERR_DB when the backend cannot
 * reconnect. Give it back with db_release(), which rolls back an open transaction. */
RH_MUST_CHECK int db_acquire(struct db *db, struct db_conn **out);
void db_release(struct db_conn *c);
enum db_kind db_conn_kind(const struct db_conn *c);

/* Note: on PostgreSQL a failed statement aborts the whole transaction (a later COMMIT fails);
 * store code therefore avoids expected errors inside transactions (use ON CONFLICT). */

/* Run a statement that returns no rows. *changes (may be NULL) gets the affected row count. */
RH_MUST_CHECK int db_exec(struct db_conn *c, const char *sql, const struct db_param *params,
                          size_t n_params, int64_t *changes);
/* Run a script of several statements without parameters (migrations). Not cached. */
RH_MUST_CHECK int db_exec_script(struct db_conn *c, const char *sql);

/* Run a query. The rows are read with db_rows_next() and freed with db_rows_free(), before
 * the next statement on the same connection. */
RH_MUST_CHECK int db_query(struct db_conn *c, const char *sql, const struct db_param *params,
                           size_t n_params, struct db_rows **out);
/* ERR_OK with *has_row = true for each row, then *has_row = false. */
RH_MUST_CHECK int db_rows_next(struct db_rows *r, bool *has_row);
/* Column values of the current row. Text is borrowed until the next db_rows_next() or
 * db_rows_free(); NULL for SQL NULL. */
const char *db_rows_text(struct db_rows *r, int col);
size_t db_rows_len(struct db_rows *r, int col);
int64_t db_rows_int(struct db_rows *r, int col);
double db_rows_double(struct db_rows *r, int col);
bool db_rows_is_null(struct db_rows *r, int col);
void db_rows_free(struct db_rows *r);

/* Transactions. db_begin starts one (IMMEDIATE on SQLite so writers queue instead of failing
 * late). db_rollback cannot fail from the caller's view (errors are logged). */
RH_MUST_CHECK int db_begin(struct db_conn *c);
RH_MUST_CHECK int db_commit(struct db_conn *c);
void db_rollback(struct db_conn *c);

/* Run `fn` inside a transaction, retrying a few times on ERR_BUSY (SQLITE_BUSY, PostgreSQL
 * serialization failure or deadlock). `fn` must have no effects outside the database. */
typedef int (*db_tx_fn)(struct db_conn *c, void *ctx);
RH_MUST_CHECK int db_tx(struct db_conn *c, db_tx_fn fn, void *ctx);

/* Run `fn` in a read-only transaction: all its queries see one snapshot, and it neither
 * takes nor waits for the write lock, so readers never queue behind writers or behind each
 * other (a deferred BEGIN on SQLite, whose WAL readers do not block the writer; BEGIN
 * ISOLATION LEVEL REPEATABLE READ, READ ONLY on PostgreSQL). Retried like db_tx on ERR_BUSY.
 * `fn` must not write: PostgreSQL refuses it. */
RH_MUST_CHECK int db_read(struct db_conn *c, db_tx_fn fn, void *ctx);

/* Group commit: run `fn` in a transaction that it may share with the db_tx_gruppe() calls of
 * other threads on the same pool, and return once that transaction is committed (durably,
 * as every commit here). Meant for many small independent writes such as the audit entries
 * of reads: under load one commit (one fsync) covers a whole batch instead of one each.
 * No thread of its own: whoever finds no batch running takes everything queued and commits
 * it on its own connection `c`, the others wait for that; callers that arrive meanwhile form
 * the next batch. If a batch fails, each of its functions runs again in a transaction of its
 * own (db_tx), so one failing `fn` cannot fail the others; `fn` may therefore run more than
 * once and, like a db_tx function, must have no effects outside the database. `c` must be
 * borrowed and outside a transaction; `ctx` stays the caller's (it waits meanwhile). */
RH_MUST_CHECK int db_tx_gruppe(struct db_conn *c, db_tx_fn fn, void *ctx);

/* Batches committed by db_tx_gruppe(), the functions in them, and those waiting now for a
 * batch to take them (metrics, tests). */
void db_gruppe_zaehler(struct db *db, uint64_t *n_batches, uint64_t *n_auftraege,
                       size_t *n_wartend);

/* Connections in the pool and those currently borrowed (for /metrics). Cannot fail. */
void db_pool_stats(struct db *db, size_t *n_total, size_t *n_busy);

/* Check that the database answers (SELECT 1). */
RH_MUST_CHECK int db_ping(struct db *db);

#endif
