/* db_backend: what db.c (the pool and the dispatch) shares with the two backends, sqlite.c
 * and pg.c. Nothing outside src/store/ includes this, except white-box unit tests.
 *
 * A backend defines its own connection and result structs and embeds `struct db_conn` and
 * `struct db_rows` as their first members, so a `struct db_conn *` handed to a backend can be
 * cast to the backend's type. Each connection owns exactly one result (`struct db_rows`),
 * reused by every db_query() on it: the API allows one open result per connection.
 *
 * db.c has already checked what is the same for both backends before an op is called: the
 * connection is borrowed, no result is open (for exec/query/begin/commit), the parameters are
 * well-formed (pointer given when length > 0, text without NUL bytes), the column index is in
 * range and a row is current (for rows_text etc.). Backends map their errors to enum err and
 * log ERR_DB failures once, without parameter values.
 *
 * Thread rules: a connection and its result are used by one thread at a time; the ops tables
 * are constant. */
#ifndef RATHAUS_STORE_DB_BACKEND_H
#define RATHAUS_STORE_DB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pthread.h>

#include "store/db.h"

/* The part of every connection that db.c owns. */
struct db_conn {
    struct db *db;        /* the pool it belongs to; set by db.c after conn_open */
    struct db_rows *rows; /* the open result, or NULL */
    size_t n_prepared;    /* statements prepared on it so far (tests watch the cache) */
};

/* The group-commit queue of a pool (db_gruppe.c), a member of struct db. */
struct db_gruppe_auftrag;
struct db_gruppe {
    pthread_mutex_t mu;
    pthread_cond_t cv;               /* a batch is done */
    struct db_gruppe_auftrag *kopf;  /* waiting, not yet taken into a batch */
    struct db_gruppe_auftrag **ende; /* where the next one is linked in */
    bool laeuft;                     /* a caller is running a batch */
    uint64_t n_batches, n_auftraege; /* committed so far */
};

/* Set up and tear down the queue (db_open, db_close); init returns ERR_NOMEM on failure. */
RH_MUST_CHECK int db_gruppe_init(struct db_gruppe *g);
void db_gruppe_destroy(struct db_gruppe *g);
/* Jobs in the queue not yet taken into a batch; the caller holds g->mu. */
size_t db_gruppe_wartend(const struct db_gruppe *g);
/* The queue of the pool that `c` belongs to. */
struct db_gruppe *db_gruppe_von(struct db_conn *c);

/* The part of every result that db.c owns. */
struct db_rows {
    struct db_conn *conn; /* the connection it was read from */
    int n_cols;           /* set by the backend's query op */
    bool has_row;         /* a row is current: db_rows_next() said so last */
};

struct db_ops {
    enum db_kind kind;
    /* Open one connection to `target` (the SQLite path, or the whole PostgreSQL URI). Logs
     * why it failed, never a password. *out is freed with conn_close. */
    int (*conn_open)(const char *target, struct db_conn **out);
    void (*conn_close)(struct db_conn *c);
    /* Called on db_acquire(): reconnects a broken connection. ERR_DB when that fails. */
    int (*conn_check)(struct db_conn *c);
    /* True while a transaction is open on the connection (as the database sees it). */
    bool (*conn_in_tx)(struct db_conn *c);

    int (*exec)(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
                int64_t *changes);
    int (*exec_script)(struct db_conn *c, const char *sql);
    /* On success *out is the connection's result with n_cols set. */
    int (*query)(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
                 struct db_rows **out);
    int (*begin)(struct db_conn *c);
    /* A read-only transaction with one snapshot for all its statements (db_read). */
    int (*begin_read)(struct db_conn *c);
    int (*commit)(struct db_conn *c);
    void (*rollback)(struct db_conn *c);

    int (*rows_next)(struct db_rows *r, bool *has_row);
    const char *(*rows_text)(struct db_rows *r, int col);
    size_t (*rows_len)(struct db_rows *r, int col);
    int64_t (*rows_int)(struct db_rows *r, int col);
    double (*rows_double)(struct db_rows *r, int col);
    bool (*rows_is_null)(struct db_rows *r, int col);
    /* Ends the result; the connection can run the next statement. */
    void (*rows_free)(struct db_rows *r);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* Per-connection statement cache: maps the address of an SQL text to a backend statement
 * (sqlite3_stmt, or the name of a PostgreSQL prepared statement). Open addressing with linear
 * probing; grows at half load; entries are never removed one by one, only all at once.
 * At most DB_STMT_CACHE_MAX entries: more means SQL text that is not a literal (a bug). */
#define DB_STMT_CACHE_MAX 4096

struct db_stmt_slot {
    const char *sql; /* NULL: free slot */
    void *stmt;
};

struct db_stmt_cache {
    struct db_stmt_slot *slots; /* NULL until the first put */
    size_t cap, n;              /* cap is 0 or a power of two */
};

typedef void (*db_stmt_free_fn)(void *stmt);

/* The statement cached for `sql`, or NULL. Cannot fail. */
void *db_stmt_cache_get(const struct db_stmt_cache *sc, const char *sql);
/* Remember `stmt` for `sql` (not yet cached). ERR_NOMEM, or ERR_LIMIT past the maximum;
 * then the cache is unchanged and the caller still owns `stmt`. */
RH_MUST_CHECK int db_stmt_cache_put(struct db_stmt_cache *sc, const char *sql, void *stmt);
/* Pass every cached statement to `free_fn` and empty the cache (it stays usable). */
void db_stmt_cache_clear(struct db_stmt_cache *sc, db_stmt_free_fn free_fn);

/* Copy the start of `text` into dst[0..dst_len) for a log line: control characters and runs
 * of white space become one space, a cut is marked with "...". Always NUL-terminates.
 * Meant for SQL text (a literal, without values) and for driver messages. Cannot fail. */
void db_log_excerpt(const char *text, char *dst, size_t dst_len);

/* The PostgreSQL form of `sql`: each `?` outside string literals, quoted identifiers and
 * comments becomes $1, $2, ... *out is malloc'd (the caller frees it), *n_params the count.
 * ERR_NOMEM, or ERR_LIMIT above 65535 parameters. Note: PostgreSQL's jsonb operators ?, ?|
 * and ?& cannot be written in this SQL; use jsonb_exists() and friends. E'...' strings are
 * scanned like standard strings, so a \' inside them is not supported. */
RH_MUST_CHECK int db_pg_rewrite_placeholders(const char *sql, char **out, int *n_params);

/* The sqlite3 handle behind a borrowed SQLite connection (backup.c uses the backup API on it).
 * The caller must not close it or leave a transaction or statement open on it. */
struct sqlite3 *db_sqlite_handle(struct db_conn *c);

/* Register the FTS5 ranking function rathaus_rang() on an open SQLite handle (sqlite_rang.c).
 * ERR_DB when FTS5 is missing. */
RH_MUST_CHECK int db_sqlite_rang_registrieren(struct sqlite3 *h);

/* Statements prepared on `c` so far; unchanged while the cache answers. Cannot fail. */
size_t db_conn_n_prepared(const struct db_conn *c);

#endif
