/* db: the connection pool, the checks both backends share, dispatch to the backend's ops
 * table, and the retrying transaction helper. See db.h for the contract and db_backend.h for
 * what a backend must do. */
#include "store/db.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <assert.h>
#include <pthread.h>
#include <sodium.h>

#include "store/db_backend.h"
#include "store/db_fehler.h"
#include "util/log.h"

/* Most connections one pool may hold. */
#define DB_MAX_CONNS 1024
/* Retries of db_tx after the first attempt failed with ERR_BUSY. */
#define DB_TX_RETRIES 5
/* The first backoff lies in [BASE/2, BASE) microseconds; it doubles with each retry. */
#define DB_TX_BACKOFF_BASE_US 4000u

struct db {
    const struct db_ops *ops;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct db_conn **conns; /* all n_conns connections */
    struct db_conn **idle;  /* stack of the n_idle ones not borrowed */
    size_t n_conns, n_idle;
    struct db_gruppe gruppe; /* group commit (db_gruppe.c) */
    bool has_gruppe;
};

/* ---- statement cache ------------------------------------------------------------------- */

static size_t
slot_of(const char *sql, size_t cap)
{
    /* Fibonacci hashing of the address; the low bits of a pointer carry little. */
    uint64_t h = (uint64_t)(uintptr_t)sql * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (cap - 1);
}

void *
db_stmt_cache_get(const struct db_stmt_cache *sc, const char *sql)
{
    if (sc->cap == 0)
        return NULL;
    for (size_t i = slot_of(sql, sc->cap);; i = (i + 1) & (sc->cap - 1)) {
        if (sc->slots[i].sql == sql)
            return sc->slots[i].stmt;
        if (sc->slots[i].sql == NULL)
            return NULL;
    }
}

static void
slot_insert(struct db_stmt_slot *slots, size_t cap, const char *sql, void *stmt)
{
    size_t i = slot_of(sql, cap);
    while (slots[i].sql != NULL)
        i = (i + 1) & (cap - 1);
    slots[i].sql = sql;
    slots[i].stmt = stmt;
}

int
db_stmt_cache_put(struct db_stmt_cache *sc, const char *sql, void *stmt)
{
    if (sc->n >= DB_STMT_CACHE_MAX) {
        log_error("statement cache full (%d statements): is SQL text built at run time?",
                  DB_STMT_CACHE_MAX);
        return ERR_LIMIT;
    }
    if ((sc->n + 1) * 2 > sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 32;
        struct db_stmt_slot *slots = calloc(cap, sizeof(*slots));
        if (slots == NULL)
            return ERR_NOMEM;
        for (size_t i = 0; i < sc->cap; i++)
            if (sc->slots[i].sql != NULL)
                slot_insert(slots, cap, sc->slots[i].sql, sc->slots[i].stmt);
        free(sc->slots);
        sc->slots = slots;
        sc->cap = cap;
    }
    slot_insert(sc->slots, sc->cap, sql, stmt);
    sc->n++;
    return ERR_OK;
}

void
db_stmt_cache_clear(struct db_stmt_cache *sc, db_stmt_free_fn free_fn)
{
    for (size_t i = 0; i < sc->cap; i++) {
        if (sc->slots[i].sql != NULL)
            free_fn(sc->slots[i].stmt);
    }
    free(sc->slots);
    sc->slots = NULL;
    sc->cap = 0;
    sc->n = 0;
}

void
db_log_excerpt(const char *text, char *dst, size_t dst_len)
{
    size_t n = 0;
    bool was_space = true; /* drops leading white space */

    if (dst_len == 0)
        return;
    if (text == NULL)
        text = "";
    for (const char *p = text; *p != '\0'; p++) {
        unsigned char ch = (unsigned char)*p;
        bool is_space = ch <= ' ' || ch == 0x7f;
        if (is_space && was_space)
            continue;
        if (n + 1 >= dst_len) {
            if (dst_len > 4) {
                n = dst_len - 4;
                memcpy(dst + n, "...", 3);
                n += 3;
            }
            break;
        }
        dst[n++] = is_space ? ' ' : (char)ch;
        was_space = is_space;
    }
    while (n > 0 && dst[n - 1] == ' ')
        n--;
    dst[n] = '\0';
}

size_t
db_conn_n_prepared(const struct db_conn *c)
{
    return c->n_prepared;
}

/* ---- pool ------------------------------------------------------------------------------ */

static int
parse_dsn(const char *dsn, const struct db_ops **ops, const char **target)
{
    static const char sqlite_prefix[] = "sqlite:";

    if (dsn == NULL)
        return ERR_INVALID;
    if (strncmp(dsn, sqlite_prefix, sizeof(sqlite_prefix) - 1) == 0) {
        const char *path = dsn + sizeof(sqlite_prefix) - 1;
        if (*path == '\0')
            return ERR_INVALID;
        *ops = &db_sqlite_ops;
        *target = path;
        return ERR_OK;
    }
    if (strncmp(dsn, "postgresql://", 13) == 0 || strncmp(dsn, "postgres://", 11) == 0) {
        *ops = &db_pg_ops;
        *target = dsn;
        return ERR_OK;
    }
    return ERR_INVALID;
}

int
db_open(const char *dsn, size_t n_conns, struct db **out)
{
    const struct db_ops *ops;
    const char *target;
    struct db *db = NULL;
    bool has_mu = false, has_cv = false;
    int rc;

    rc = parse_dsn(dsn, &ops, &target);
    if (rc != ERR_OK) {
        log_error("database address is neither 'sqlite:PATH' nor 'postgresql://...'");
        return rc;
    }
    if (n_conns == 0 || n_conns > DB_MAX_CONNS) {
        log_error("cannot open %zu database connections (1 to %d)", n_conns, DB_MAX_CONNS);
        return ERR_INVALID;
    }
    if (sodium_init() < 0) /* db_tx draws its backoff from libsodium */
        return ERR_NOMEM;

    rc = ERR_NOMEM;
    db = calloc(1, sizeof(*db));
    if (db == NULL)
        goto out;
    db->ops = ops;
    db->conns = calloc(n_conns, sizeof(*db->conns));
    db->idle = calloc(n_conns, sizeof(*db->idle));
    if (db->conns == NULL || db->idle == NULL)
        goto out;
    if (pthread_mutex_init(&db->mu, NULL) != 0)
        goto out;
    has_mu = true;
    if (pthread_cond_init(&db->cv, NULL) != 0)
        goto out;
    has_cv = true;
    rc = db_gruppe_init(&db->gruppe);
    if (rc != ERR_OK)
        goto out;
    db->has_gruppe = true;
    rc = ERR_NOMEM;
    for (; db->n_conns < n_conns; db->n_conns++) {
        struct db_conn *c;
        rc = ops->conn_open(target, &c);
        if (rc != ERR_OK)
            goto out;
        c->db = db;
        c->rows = NULL;
        db->conns[db->n_conns] = c;
        db->idle[db->n_conns] = c;
    }
    db->n_idle = db->n_conns;
    *out = db;
    db = NULL;
    rc = ERR_OK;
out:
    if (db != NULL) {
        for (size_t i = 0; i < db->n_conns; i++)
            ops->conn_close(db->conns[i]);
        if (db->has_gruppe)
            db_gruppe_destroy(&db->gruppe);
        if (has_cv)
            pthread_cond_destroy(&db->cv);
        if (has_mu)
            pthread_mutex_destroy(&db->mu);
        free(db->idle);
        free(db->conns);
        free(db);
    }
    return rc;
}

void
db_close(struct db *db)
{
    if (db == NULL)
        return;
    assert(db->n_idle == db->n_conns && "db_close with borrowed connections");
    for (size_t i = 0; i < db->n_conns; i++)
        db->ops->conn_close(db->conns[i]);
    db_gruppe_destroy(&db->gruppe);
    pthread_cond_destroy(&db->cv);
    pthread_mutex_destroy(&db->mu);
    free(db->idle);
    free(db->conns);
    free(db);
}

enum db_kind
db_kind(const struct db *db)
{
    return db->ops->kind;
}

enum db_kind
db_conn_kind(const struct db_conn *c)
{
    return c->db->ops->kind;
}

struct db_gruppe *
db_gruppe_von(struct db_conn *c)
{
    return &c->db->gruppe;
}

void
db_gruppe_zaehler(struct db *db, uint64_t *n_batches, uint64_t *n_auftraege, size_t *n_wartend)
{
    pthread_mutex_lock(&db->gruppe.mu);
    *n_batches = db->gruppe.n_batches;
    *n_auftraege = db->gruppe.n_auftraege;
    *n_wartend = db_gruppe_wartend(&db->gruppe);
    pthread_mutex_unlock(&db->gruppe.mu);
}

static void
give_back(struct db *db, struct db_conn *c)
{
    pthread_mutex_lock(&db->mu);
    assert(db->n_idle < db->n_conns);
    db->idle[db->n_idle++] = c;
    pthread_cond_signal(&db->cv);
    pthread_mutex_unlock(&db->mu);
}

int
db_acquire(struct db *db, struct db_conn **out)
{
    struct db_conn *c;
    int rc;

    pthread_mutex_lock(&db->mu);
    while (db->n_idle == 0)
        pthread_cond_wait(&db->cv, &db->mu);
    c = db->idle[--db->n_idle];
    pthread_mutex_unlock(&db->mu);

    rc = db->ops->conn_check(c);
    if (rc != ERR_OK) {
        give_back(db, c);
        return rc;
    }
    *out = c;
    return ERR_OK;
}

void
db_release(struct db_conn *c)
{
    if (c == NULL)
        return;
    if (c->rows != NULL) {
        log_warn("connection released with an open result");
        db_rows_free(c->rows);
    }
    if (c->db->ops->conn_in_tx(c))
        c->db->ops->rollback(c);
    give_back(c->db, c);
}

void
db_pool_stats(struct db *db, size_t *n_total, size_t *n_busy)
{
    pthread_mutex_lock(&db->mu);
    *n_total = db->n_conns;
    *n_busy = db->n_conns - db->n_idle;
    pthread_mutex_unlock(&db->mu);
}

int
db_ping(struct db *db)
{
    static const char sql[] = "SELECT 1";
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    bool has_row = false;
    int rc;

    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = db_query(c, sql, NULL, 0, &r);
    if (rc != ERR_OK)
        goto out;
    rc = db_rows_next(r, &has_row);
    if (rc == ERR_OK && (!has_row || db_rows_int(r, 0) != 1))
        rc = ERR_DB;
out:
    db_rows_free(r);
    db_release(c);
    return rc;
}

/* ---- statements ------------------------------------------------------------------------ */

#define AUSZUG_LEN 96

/* The log excerpt of `sql` in ex[AUSZUG_LEN], made only when something is logged: the checks
 * below run for every statement. */
static const char *
auszug(const char *sql, char ex[AUSZUG_LEN])
{
    db_log_excerpt(sql, ex, AUSZUG_LEN);
    return ex;
}

/* What both backends need of a statement call; logs what is wrong (a bug in the caller). */
static int
check_call(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params)
{
    char ex[AUSZUG_LEN];
    if (c->rows != NULL) {
        log_error("statement '%s' run while a result is open on the connection", auszug(sql, ex));
        return ERR_INVALID;
    }
    if (n_params > 0 && params == NULL) {
        log_error("statement '%s': %zu parameters but no array", auszug(sql, ex), n_params);
        return ERR_INVALID;
    }
    for (size_t i = 0; i < n_params; i++) {
        const struct db_param *p = &params[i];
        switch (p->type) {
        case DB_NULL:
        case DB_INT:
            break;
        case DB_TEXT:
            /* PostgreSQL cannot store NUL in text; refuse it on both backends alike */
            if (p->len > 0 && p->p == NULL) {
                log_error("statement '%s': parameter %zu has no bytes", auszug(sql, ex), i + 1);
                return ERR_INVALID;
            }
            if (p->len > 0 && memchr(p->p, '\0', p->len) != NULL) {
                log_error("statement '%s': parameter %zu is text with a NUL byte", auszug(sql, ex),
                          i + 1);
                return ERR_INVALID;
            }
            break;
        case DB_BLOB:
            if (p->len > 0 && p->p == NULL) {
                log_error("statement '%s': parameter %zu has no bytes", auszug(sql, ex), i + 1);
                return ERR_INVALID;
            }
            break;
        default:
            log_error("statement '%s': parameter %zu has an unknown type", auszug(sql, ex), i + 1);
            return ERR_INVALID;
        }
    }
    return db_fehler_pruefen(c, sql); /* a test hook; off in production */
}

int
db_exec(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
        int64_t *changes)
{
    int64_t n = 0;
    int rc;

    rc = check_call(c, sql, params, n_params);
    if (rc != ERR_OK)
        return rc;
    rc = c->db->ops->exec(c, sql, params, n_params, &n);
    if (rc == ERR_OK && changes != NULL)
        *changes = n;
    return rc;
}

int
db_exec_script(struct db_conn *c, const char *sql)
{
    int rc = check_call(c, sql, NULL, 0);
    if (rc != ERR_OK)
        return rc;
    return c->db->ops->exec_script(c, sql);
}

int
db_query(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
         struct db_rows **out)
{
    struct db_rows *r;
    int rc;

    rc = check_call(c, sql, params, n_params);
    if (rc != ERR_OK)
        return rc;
    rc = c->db->ops->query(c, sql, params, n_params, &r);
    if (rc != ERR_OK)
        return rc;
    r->conn = c;
    r->has_row = false;
    c->rows = r;
    *out = r;
    return ERR_OK;
}

int
db_rows_next(struct db_rows *r, bool *has_row)
{
    bool has = false;
    int rc;

    if (r == NULL)
        return ERR_INVALID;
    rc = r->conn->db->ops->rows_next(r, &has);
    r->has_row = rc == ERR_OK && has;
    if (rc == ERR_OK)
        *has_row = has;
    return rc;
}

static bool
col_ok(const struct db_rows *r, int col)
{
    return r != NULL && r->has_row && col >= 0 && col < r->n_cols;
}

const char *
db_rows_text(struct db_rows *r, int col)
{
    return col_ok(r, col) ? r->conn->db->ops->rows_text(r, col) : NULL;
}

size_t
db_rows_len(struct db_rows *r, int col)
{
    return col_ok(r, col) ? r->conn->db->ops->rows_len(r, col) : 0;
}

int64_t
db_rows_int(struct db_rows *r, int col)
{
    return col_ok(r, col) ? r->conn->db->ops->rows_int(r, col) : 0;
}

double
db_rows_double(struct db_rows *r, int col)
{
    return col_ok(r, col) ? r->conn->db->ops->rows_double(r, col) : 0.0;
}

bool
db_rows_is_null(struct db_rows *r, int col)
{
    return col_ok(r, col) ? r->conn->db->ops->rows_is_null(r, col) : true;
}

void
db_rows_free(struct db_rows *r)
{
    if (r == NULL)
        return;
    struct db_conn *c = r->conn;
    c->db->ops->rows_free(r);
    r->has_row = false;
    c->rows = NULL;
}

/* ---- transactions ---------------------------------------------------------------------- */

static int
begin_with(struct db_conn *c, int (*begin)(struct db_conn *))
{
    int rc = check_call(c, "BEGIN", NULL, 0);
    if (rc != ERR_OK)
        return rc;
    if (c->db->ops->conn_in_tx(c)) {
        log_error("db_begin inside a transaction");
        return ERR_INVALID;
    }
    return begin(c);
}

int
db_begin(struct db_conn *c)
{
    return begin_with(c, c->db->ops->begin);
}

int
db_commit(struct db_conn *c)
{
    int rc = check_call(c, "COMMIT", NULL, 0);
    if (rc != ERR_OK)
        return rc;
    return c->db->ops->commit(c);
}

void
db_rollback(struct db_conn *c)
{
    if (c->rows != NULL)
        db_rows_free(c->rows);
    if (c->db->ops->conn_in_tx(c))
        c->db->ops->rollback(c);
}

/* Sleep before retry number `attempt` (0-based): a random time in [base/2, base) with base
 * doubling each time, so that competing writers spread out. */
static void
backoff(unsigned attempt)
{
    uint32_t base = DB_TX_BACKOFF_BASE_US << attempt;
    uint32_t us = base / 2 + randombytes_uniform(base / 2);
    struct timespec ts = {.tv_sec = us / 1000000u, .tv_nsec = (long)(us % 1000000u) * 1000};
    while (nanosleep(&ts, &ts) != 0) {
        /* interrupted by a signal: sleep the rest */
    }
}

static int
tx_with(struct db_conn *c, int (*begin)(struct db_conn *), db_tx_fn fn, void *ctx)
{
    int rc = ERR_BUSY;

    for (unsigned attempt = 0; attempt <= DB_TX_RETRIES; attempt++) {
        if (attempt > 0)
            backoff(attempt - 1);
        rc = begin_with(c, begin);
        if (rc == ERR_BUSY)
            continue;
        if (rc != ERR_OK)
            return rc;
        rc = fn(c, ctx);
        if (rc == ERR_OK)
            rc = db_commit(c);
        if (rc == ERR_OK)
            return ERR_OK;
        db_rollback(c);
        if (rc != ERR_BUSY)
            return rc;
    }
    log_warn("transaction still busy after %d retries", DB_TX_RETRIES);
    return rc;
}

int
db_tx(struct db_conn *c, db_tx_fn fn, void *ctx)
{
    return tx_with(c, c->db->ops->begin, fn, ctx);
}

int
db_read(struct db_conn *c, db_tx_fn fn, void *ctx)
{
    return tx_with(c, c->db->ops->begin_read, fn, ctx);
}
