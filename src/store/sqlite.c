/* sqlite: the SQLite backend of db.h.
 *
 * Each pooled connection opens the file itself (multi-thread mode: a connection is used by one
 * thread at a time, so SQLite's per-connection mutex is off) in WAL mode with
 * synchronous=FULL, so that a commit that returned is on disk; foreign keys are enforced and
 * a writer waits up to 5 s for the lock before SQLITE_BUSY. Statements are prepared once per
 * connection (SQLITE_PREPARE_PERSISTENT) and cached by the address of their SQL text.
 *
 * Errors: SQLITE_BUSY and SQLITE_LOCKED give ERR_BUSY; a UNIQUE or PRIMARY KEY violation
 * ERR_CONFLICT; SQLITE_TOOBIG ERR_LIMIT; anything else ERR_DB, logged with SQLite's message
 * and the start of the SQL text, never with parameter values. */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store/db_backend.h"
#include "util/log.h"

#define BUSY_TIMEOUT_MS 5000

struct sqlite_rows {
    struct db_rows base;
    sqlite3_stmt *st; /* borrowed from the cache; NULL when no result is open */
    bool is_done;
};

struct sqlite_conn {
    struct db_conn base;
    sqlite3 *h;
    struct db_stmt_cache cache;
    struct sqlite_rows rows;
};

static struct sqlite_conn *
conn_of(struct db_conn *c)
{
    return (struct sqlite_conn *)c;
}

static struct sqlite_rows *
rows_of(struct db_rows *r)
{
    return (struct sqlite_rows *)r;
}

struct sqlite3 *
db_sqlite_handle(struct db_conn *c)
{
    return db_conn_kind(c) == DB_SQLITE ? conn_of(c)->h : NULL;
}

/* Map the result code `code` of a call on `sc` that ran `sql`; logs what becomes ERR_DB. */
static int
map_error(struct sqlite_conn *sc, int code, const char *sql)
{
    char ex[96];

    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ERR_BUSY;
    case SQLITE_TOOBIG:
        return ERR_LIMIT;
    case SQLITE_NOMEM:
        return ERR_NOMEM;
    default:
        break;
    }
    if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY ||
        code == SQLITE_CONSTRAINT_ROWID)
        return ERR_CONFLICT;
    db_log_excerpt(sql, ex, sizeof(ex));
    log_error("sqlite: %s (%s) in '%s'", sqlite3_errmsg(sc->h), sqlite3_errstr(code), ex);
    return ERR_DB;
}

static bool
is_blank(const char *s)
{
    for (; *s != '\0'; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != ';')
            return false;
    return true;
}

static void
finalize_stmt(void *st)
{
    sqlite3_finalize(st);
}

/* The cached statement for `sql`, prepared on first use. */
static int
prepare(struct sqlite_conn *sc, const char *sql, sqlite3_stmt **out)
{
    sqlite3_stmt *st = db_stmt_cache_get(&sc->cache, sql);
    const char *tail = NULL;
    char ex[96];
    int rc;

    if (st != NULL) {
        *out = st;
        return ERR_OK;
    }
    rc = sqlite3_prepare_v3(sc->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
    if (rc != SQLITE_OK)
        return map_error(sc, rc, sql);
    if (st == NULL || (tail != NULL && !is_blank(tail))) {
        sqlite3_finalize(st);
        db_log_excerpt(sql, ex, sizeof(ex));
        log_error("sqlite: '%s' is not exactly one statement", ex);
        return ERR_INVALID;
    }
    rc = db_stmt_cache_put(&sc->cache, sql, st);
    if (rc != ERR_OK) {
        sqlite3_finalize(st);
        return rc;
    }
    sc->base.n_prepared++;
    *out = st;
    return ERR_OK;
}

/* Bind every parameter. `is_copied`: SQLite copies text and blobs (the values must outlive
 * this call, as for a query read later); else it borrows them until the statement is reset. */
static int
bind_params(struct sqlite_conn *sc, sqlite3_stmt *st, const char *sql,
            const struct db_param *params, size_t n_params, bool is_copied)
{
    sqlite3_destructor_type how = is_copied ? SQLITE_TRANSIENT : SQLITE_STATIC;
    char ex[96];
    int rc = SQLITE_OK;

    if ((size_t)sqlite3_bind_parameter_count(st) != n_params) {
        db_log_excerpt(sql, ex, sizeof(ex));
        log_error("sqlite: '%s' takes %d parameters, not %zu", ex, sqlite3_bind_parameter_count(st),
                  n_params);
        return ERR_INVALID;
    }
    for (size_t i = 0; i < n_params && rc == SQLITE_OK; i++) {
        const struct db_param *p = &params[i];
        int k = (int)i + 1;
        switch (p->type) {
        case DB_NULL:
            rc = sqlite3_bind_null(st, k);
            break;
        case DB_INT:
            rc = sqlite3_bind_int64(st, k, p->i);
            break;
        case DB_TEXT:
            /* a NULL pointer would bind SQL NULL; the empty string is not NULL */
            rc = sqlite3_bind_text64(st, k, p->len > 0 ? p->p : "", p->len, how, SQLITE_UTF8);
            break;
        case DB_BLOB:
            if (p->len == 0)
                rc = sqlite3_bind_zeroblob(st, k, 0);
            else
                rc = sqlite3_bind_blob64(st, k, p->p, p->len, how);
            break;
        }
    }
    if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(st);
        return map_error(sc, rc, sql);
    }
    return ERR_OK;
}

static int
sq_exec(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
        int64_t *changes)
{
    struct sqlite_conn *sc = conn_of(c);
    sqlite3_stmt *st;
    sqlite3_int64 before;
    int rc, src;

    rc = prepare(sc, sql, &st);
    if (rc != ERR_OK)
        return rc;
    rc = bind_params(sc, st, sql, params, n_params, false);
    if (rc != ERR_OK)
        return rc;
    before = sqlite3_total_changes64(sc->h);
    do
        src = sqlite3_step(st);
    while (src == SQLITE_ROW);
    rc = src == SQLITE_DONE ? ERR_OK : map_error(sc, src, sql);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* they point into the caller's memory */
    /* sqlite3_changes64() keeps the count of the last INSERT, UPDATE or DELETE; a statement
     * that changed nothing (DDL, a SELECT) must not report it */
    if (rc == ERR_OK)
        *changes = sqlite3_total_changes64(sc->h) != before ? sqlite3_changes64(sc->h) : 0;
    return rc;
}

static int
sq_exec_script(struct db_conn *c, const char *sql)
{
    struct sqlite_conn *sc = conn_of(c);
    int rc = sqlite3_exec(sc->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? ERR_OK : map_error(sc, sqlite3_extended_errcode(sc->h), sql);
}

static int
sq_query(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
         struct db_rows **out)
{
    struct sqlite_conn *sc = conn_of(c);
    sqlite3_stmt *st;
    int rc;

    rc = prepare(sc, sql, &st);
    if (rc != ERR_OK)
        return rc;
    rc = bind_params(sc, st, sql, params, n_params, true);
    if (rc != ERR_OK)
        return rc;
    sc->rows.st = st;
    sc->rows.is_done = false;
    sc->rows.base.n_cols = sqlite3_column_count(st);
    *out = &sc->rows.base;
    return ERR_OK;
}

static int
sq_rows_next(struct db_rows *r, bool *has_row)
{
    struct sqlite_rows *sr = rows_of(r);
    int src;

    if (sr->is_done) {
        *has_row = false;
        return ERR_OK;
    }
    src = sqlite3_step(sr->st);
    if (src == SQLITE_ROW) {
        *has_row = true;
        return ERR_OK;
    }
    sr->is_done = true;
    if (src == SQLITE_DONE) {
        *has_row = false;
        return ERR_OK;
    }
    return map_error(conn_of(r->conn), src, sqlite3_sql(sr->st));
}

static const char *
sq_rows_text(struct db_rows *r, int col)
{
    sqlite3_stmt *st = rows_of(r)->st;

    switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
        return NULL;
    case SQLITE_BLOB: {
        /* the raw bytes, not converted; an empty blob is "" (NULL means SQL NULL) */
        const void *b = sqlite3_column_blob(st, col);
        return b != NULL ? b : "";
    }
    default:
        return (const char *)sqlite3_column_text(st, col);
    }
}

static size_t
sq_rows_len(struct db_rows *r, int col)
{
    sqlite3_stmt *st = rows_of(r)->st;

    switch (sqlite3_column_type(st, col)) {
    case SQLITE_NULL:
        return 0;
    case SQLITE_BLOB:
        sqlite3_column_blob(st, col);
        break;
    default:
        /* converts a number to text first, as db_rows_text() does */
        sqlite3_column_text(st, col);
        break;
    }
    return (size_t)sqlite3_column_bytes(st, col);
}

static int64_t
sq_rows_int(struct db_rows *r, int col)
{
    return sqlite3_column_int64(rows_of(r)->st, col);
}

static double
sq_rows_double(struct db_rows *r, int col)
{
    return sqlite3_column_double(rows_of(r)->st, col);
}

static bool
sq_rows_is_null(struct db_rows *r, int col)
{
    return sqlite3_column_type(rows_of(r)->st, col) == SQLITE_NULL;
}

static void
sq_rows_free(struct db_rows *r)
{
    struct sqlite_rows *sr = rows_of(r);

    if (sr->st == NULL)
        return;
    sqlite3_reset(sr->st); /* a failure was reported by sq_rows_next already */
    sqlite3_clear_bindings(sr->st);
    sr->st = NULL;
}

static bool
sq_conn_in_tx(struct db_conn *c)
{
    return sqlite3_get_autocommit(conn_of(c)->h) == 0;
}

static int
sq_begin(struct db_conn *c)
{
    static const char sql[] = "BEGIN IMMEDIATE";
    int64_t n;
    return sq_exec(c, sql, NULL, 0, &n);
}

/* Deferred: the snapshot starts with the first read; a WAL reader never blocks the writer. */
static int
sq_begin_read(struct db_conn *c)
{
    static const char sql[] = "BEGIN DEFERRED";
    int64_t n;
    return sq_exec(c, sql, NULL, 0, &n);
}

/* A failed COMMIT (SQLITE_BUSY) leaves the transaction open: the caller rolls back. */
static int
sq_commit(struct db_conn *c)
{
    static const char sql[] = "COMMIT";
    int64_t n;
    return sq_exec(c, sql, NULL, 0, &n);
}

static void
sq_rollback(struct db_conn *c)
{
    static const char sql[] = "ROLLBACK";
    int64_t n;
    /* map_error logged a real failure; SQLite ends the transaction in any case */
    RH_IGNORE(sq_exec(c, sql, NULL, 0, &n));
}

static int
sq_conn_check(struct db_conn *c)
{
    (void)c; /* a local file does not go away like a socket */
    return ERR_OK;
}

static void
sq_conn_close(struct db_conn *c)
{
    struct sqlite_conn *sc = conn_of(c);

    if (sc == NULL)
        return;
    db_stmt_cache_clear(&sc->cache, finalize_stmt);
    if (sqlite3_close(sc->h) != SQLITE_OK)
        log_error("sqlite: cannot close database: %s", sqlite3_errmsg(sc->h));
    free(sc);
}

/* Switch to WAL and check that it took: it cannot for ":memory:" or some file systems. */
static int
set_wal(struct sqlite_conn *sc, const char *path)
{
    static const char sql[] = "PRAGMA journal_mode=WAL";
    sqlite3_stmt *st = NULL;
    int rc, src;

    src = sqlite3_prepare_v2(sc->h, sql, -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src != SQLITE_ROW) {
        rc = map_error(sc, src, sql);
        goto out;
    }
    const char *mode = (const char *)sqlite3_column_text(st, 0);
    if (mode == NULL || strcmp(mode, "wal") != 0) {
        log_error("sqlite: cannot use write-ahead logging for '%s'", path);
        rc = ERR_DB;
        goto out;
    }
    rc = ERR_OK;
out:
    sqlite3_finalize(st);
    return rc;
}

static int
sq_conn_open(const char *path, struct db_conn **out)
{
    /* A page cache of 16 MiB per connection (an upper bound, not an allocation) instead of
     * SQLite's 2 MiB: the hot indexes of a big authority then stay in it. */
    static const char pragmas[] = "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; "
                                  "PRAGMA cache_size=-16384";
    struct sqlite_conn *sc;
    int rc, src;

    sc = calloc(1, sizeof(*sc));
    if (sc == NULL)
        return ERR_NOMEM;
    src = sqlite3_open_v2(path, &sc->h,
                          SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                              SQLITE_OPEN_EXRESCODE,
                          NULL);
    if (src != SQLITE_OK) {
        log_error("sqlite: cannot open database '%s': %s", path,
                  sc->h ? sqlite3_errmsg(sc->h) : sqlite3_errstr(src));
        rc = src == SQLITE_NOMEM ? ERR_NOMEM : ERR_DB;
        goto out;
    }
    sqlite3_extended_result_codes(sc->h, 1);
    src = sqlite3_busy_timeout(sc->h, BUSY_TIMEOUT_MS);
    if (src != SQLITE_OK) {
        rc = map_error(sc, src, "sqlite3_busy_timeout");
        goto out;
    }
    rc = set_wal(sc, path);
    if (rc != ERR_OK)
        goto out;
    if (sqlite3_exec(sc->h, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        rc = map_error(sc, sqlite3_extended_errcode(sc->h), pragmas);
        goto out;
    }
    rc = db_sqlite_rang_registrieren(sc->h);
    if (rc != ERR_OK) {
        log_error("sqlite: this SQLite has no FTS5");
        goto out;
    }
    *out = &sc->base;
    return ERR_OK;
out:
    if (rc == ERR_BUSY)
        log_error("sqlite: database '%s' is locked", path);
    rc = rc == ERR_NOMEM ? ERR_NOMEM : ERR_DB;
    sqlite3_close(sc->h);
    free(sc);
    return rc;
}

const struct db_ops db_sqlite_ops = {
    .kind = DB_SQLITE,
    .conn_open = sq_conn_open,
    .conn_close = sq_conn_close,
    .conn_check = sq_conn_check,
    .conn_in_tx = sq_conn_in_tx,
    .exec = sq_exec,
    .exec_script = sq_exec_script,
    .query = sq_query,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .rows_next = sq_rows_next,
    .rows_text = sq_rows_text,
    .rows_len = sq_rows_len,
    .rows_int = sq_rows_int,
    .rows_double = sq_rows_double,
    .rows_is_null = sq_rows_is_null,
    .rows_free = sq_rows_free,
};
