/* pg: the PostgreSQL backend of db.h, on libpq.
 *
 * Connections: PQconnectdbParams() with the DSN as an expanded "dbname" (so the URI is used
 * as given, and "postgresql://" alone takes everything from the PG* environment), plus
 * client_encoding=UTF8 and a fallback application name. These are connection parameters, so
 * they survive PQreset(). A malformed URI is ERR_INVALID, logged without libpq's message
 * (which may quote the password). A connection found broken on db_acquire() (known bad, or
 * closed by the server while it was idle in the pool) is reset; its prepared statements are
 * gone with the old session, so the statement cache is emptied then. A connection that breaks
 * while borrowed fails its statements with ERR_DB until it is released and acquired again.
 *
 * Statements: the `?` placeholders are rewritten to $1..$n and the statement is prepared once
 * per connection under the name s1, s2, ... (cached by the address of its SQL text). The
 * parameter types are fixed by the first call: DB_INT as int8, DB_BLOB as bytea, DB_TEXT and
 * DB_NULL left for the server to infer. Values go as text, blobs in binary.
 *
 * Results: the whole result is fetched at once, in text format. Integers and doubles are
 * parsed from the text; bytea columns (type oid 17) are decoded with PQunescapeBytea() when
 * db_rows_next() moves to a row, into one buffer per column that lives until the next row, so
 * db_rows_text()/db_rows_len() give the raw bytes (not NUL-terminated).
 *
 * Errors by SQLSTATE: 40001 (serialization failure), 40P01 (deadlock) and 55P03 (lock not
 * available, e.g. after SET LOCAL lock_timeout) give ERR_BUSY; 23505 (unique violation)
 * ERR_CONFLICT; everything else ERR_DB, logged with the SQLSTATE and the primary message,
 * never the DETAIL (it repeats row values); for class 22 (data exceptions, whose messages may
 * quote the offending value) only the SQLSTATE. Note that on PostgreSQL a failed statement
 * inside a transaction aborts it: later statements fail and COMMIT reports ERR_DB. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>
#include <math.h>

#include "store/db_backend.h"
#include "util/log.h"
#include "util/str.h"

#define INT8_OID  20
#define BYTEA_OID 17
/* PostgreSQL's wire protocol counts parameters in 16 bits. */
#define PG_MAX_PARAMS 65535

struct pg_stmt {
    char name[16]; /* "s" and a number */
    int n_params;
};

struct pg_rows {
    struct db_rows base;
    PGresult *res; /* NULL when no result is open */
    int row, n_rows;
    bool has_bytea;      /* some column is bytea: dec/dec_len are allocated */
    unsigned char **dec; /* per column: the current row's decoded bytea, or NULL */
    size_t *dec_len;
};

struct pg_conn {
    struct db_conn base;
    PGconn *pc;
    struct db_stmt_cache cache; /* values are struct pg_stmt, malloc'd */
    unsigned next_stmt;         /* number of the next statement name */
    struct pg_rows rows;
};

static struct pg_conn *
conn_of(struct db_conn *c)
{
    return (struct pg_conn *)c;
}

static struct pg_rows *
rows_of(struct db_rows *r)
{
    return (struct pg_rows *)r;
}

/* ---- placeholders ---------------------------------------------------------------------- */

/* One pass over `sql`: counts the placeholders into *n and, when dst is not NULL, writes the
 * rewritten text there (the caller sized it). Returns the length written. */
static size_t
scan_placeholders(const char *sql, char *dst, size_t *n)
{
    enum { CODE, SQUOTE, DQUOTE, LINE_COMMENT, BLOCK_COMMENT } state = CODE;
    int depth = 0; /* PostgreSQL block comments nest */
    size_t len = 0;

    *n = 0;
    for (const char *p = sql; *p != '\0'; p++) {
        char ch = *p;
        switch (state) {
        case CODE:
            if (ch == '?') {
                char num[16];
                int k = snprintf(num, sizeof(num), "$%zu", ++*n);
                if (dst != NULL)
                    memcpy(dst + len, num, (size_t)k);
                len += (size_t)k;
                continue;
            }
            if (ch == '\'')
                state = SQUOTE;
            else if (ch == '"')
                state = DQUOTE;
            else if (ch == '-' && p[1] == '-')
                state = LINE_COMMENT;
            else if (ch == '/' && p[1] == '*') {
                state = BLOCK_COMMENT;
                depth = 1;
                if (dst != NULL)
                    dst[len] = ch;
                len++;
                p++;
                ch = *p;
            }
            break;
        case SQUOTE:
            if (ch == '\'')
                state = CODE; /* '' is a closing and an opening quote: same result */
            break;
        case DQUOTE:
            if (ch == '"')
                state = CODE;
            break;
        case LINE_COMMENT:
            if (ch == '\n')
                state = CODE;
            break;
        case BLOCK_COMMENT:
            if (ch == '*' && p[1] == '/') {
                if (--depth == 0)
                    state = CODE;
            } else if (ch == '/' && p[1] == '*') {
                depth++;
            } else {
                break;
            }
            /* a two-character token: copy its first character, go on at the second */
            if (dst != NULL)
                dst[len] = ch;
            len++;
            p++;
            ch = *p;
            break;
        }
        if (dst != NULL)
            dst[len] = ch;
        len++;
    }
    return len;
}

int
db_pg_rewrite_placeholders(const char *sql, char **out, int *n_params)
{
    size_t n, len;
    char *dst;

    len = scan_placeholders(sql, NULL, &n);
    if (n > PG_MAX_PARAMS)
        return ERR_LIMIT;
    dst = malloc(len + 1);
    if (dst == NULL)
        return ERR_NOMEM;
    scan_placeholders(sql, dst, &n);
    dst[len] = '\0';
    *out = dst;
    *n_params = (int)n;
    return ERR_OK;
}

/* ---- errors ---------------------------------------------------------------------------- */

static int
map_error(struct pg_conn *pc, const PGresult *res, const char *sql)
{
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char ex[96], text[256];

    if (state != NULL) {
        if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
            strcmp(state, "55P03") == 0)
            return ERR_BUSY;
        if (strcmp(state, "23505") == 0)
            return ERR_CONFLICT;
        if (strncmp(state, "22", 2) == 0)
            msg = "data exception";
    }
    if (msg == NULL) /* no result from the server: a connection or client-side failure */
        msg = PQerrorMessage(pc->pc);
    db_log_excerpt(sql, ex, sizeof(ex));
    db_log_excerpt(msg, text, sizeof(text));
    log_error("postgresql: %s (SQLSTATE %s) in '%s'", text, state != NULL ? state : "none", ex);
    return ERR_DB;
}

/* ERR_OK when `res` is a success; else the mapped error. Does not clear `res`. */
static int
check_result(struct pg_conn *pc, const PGresult *res, const char *sql)
{
    if (res == NULL)
        return map_error(pc, NULL, sql);
    switch (PQresultStatus(res)) {
    case PGRES_COMMAND_OK:
    case PGRES_TUPLES_OK:
    case PGRES_EMPTY_QUERY:
        return ERR_OK;
    default:
        return map_error(pc, res, sql);
    }
}

/* ---- statements ------------------------------------------------------------------------ */

/* The prepared statement for `sql`, prepared on first use with parameter types from
 * `params` (see the top of the file). */
static int
prepare(struct pg_conn *pc, const char *sql, const struct db_param *params, size_t n_params,
        struct pg_stmt **out)
{
    struct pg_stmt *ps = db_stmt_cache_get(&pc->cache, sql);
    PGresult *res = NULL;
    Oid *types = NULL;
    char *text = NULL;
    char ex[96];
    int n, rc;

    if (ps != NULL) {
        *out = ps;
        return ERR_OK;
    }
    rc = db_pg_rewrite_placeholders(sql, &text, &n);
    if (rc != ERR_OK)
        goto out;
    if ((size_t)n != n_params) {
        db_log_excerpt(sql, ex, sizeof(ex));
        log_error("postgresql: '%s' takes %d parameters, not %zu", ex, n, n_params);
        rc = ERR_INVALID;
        goto out;
    }
    rc = ERR_NOMEM;
    ps = calloc(1, sizeof(*ps));
    if (ps == NULL)
        goto out;
    if (n > 0) {
        types = calloc((size_t)n, sizeof(*types));
        if (types == NULL)
            goto out;
    }
    for (int i = 0; i < n; i++)
        types[i] = params[i].type == DB_INT ? INT8_OID : params[i].type == DB_BLOB ? BYTEA_OID : 0;
    snprintf(ps->name, sizeof(ps->name), "s%u", pc->next_stmt);
    ps->n_params = n;
    res = PQprepare(pc->pc, ps->name, text, n, types);
    rc = check_result(pc, res, sql);
    if (rc != ERR_OK)
        goto out;
    pc->next_stmt++;
    rc = db_stmt_cache_put(&pc->cache, sql, ps);
    if (rc != ERR_OK)
        goto out; /* the server keeps an unused statement until the session ends */
    pc->base.n_prepared++;
    *out = ps;
    ps = NULL;
out:
    PQclear(res);
    free(ps);
    free(types);
    free(text);
    return rc;
}

/* Run `sql` with `params`; on success *out is the result (the caller clears it). */
static int
run(struct pg_conn *pc, const char *sql, const struct db_param *params, size_t n_params,
    PGresult **out)
{
    struct pg_stmt *ps;
    const char **values = NULL;
    int *lengths = NULL, *formats = NULL;
    char *ints = NULL; /* the text of DB_INT values, 21 bytes each */
    char **copies = NULL;
    PGresult *res = NULL;
    int rc;

    rc = prepare(pc, sql, params, n_params, &ps);
    if (rc != ERR_OK)
        return rc;
    if ((size_t)ps->n_params != n_params) {
        char ex[96];
        db_log_excerpt(sql, ex, sizeof(ex));
        log_error("postgresql: '%s' takes %d parameters, not %zu", ex, ps->n_params, n_params);
        return ERR_INVALID;
    }
    rc = ERR_NOMEM;
    if (n_params > 0) {
        values = calloc(n_params, sizeof(*values));
        lengths = calloc(n_params, sizeof(*lengths));
        formats = calloc(n_params, sizeof(*formats));
        ints = calloc(n_params, 21);
        copies = calloc(n_params, sizeof(*copies));
        if (values == NULL || lengths == NULL || formats == NULL || ints == NULL || copies == NULL)
            goto out;
    }
    for (size_t i = 0; i < n_params; i++) {
        const struct db_param *p = &params[i];
        switch (p->type) {
        case DB_NULL:
            values[i] = NULL;
            break;
        case DB_INT:
            snprintf(ints + i * 21, 21, "%lld", (long long)p->i);
            values[i] = ints + i * 21;
            break;
        case DB_TEXT:
            /* libpq wants text NUL-terminated; ours need not be */
            copies[i] = malloc(p->len + 1);
            if (copies[i] == NULL)
                goto out;
            if (p->len > 0)
                memcpy(copies[i], p->p, p->len);
            copies[i][p->len] = '\0';
            values[i] = copies[i];
            break;
        case DB_BLOB:
            if (p->len > INT_MAX) {
                rc = ERR_LIMIT;
                goto out;
            }
            values[i] = p->len > 0 ? p->p : "";
            lengths[i] = (int)p->len;
            formats[i] = 1;
            break;
        }
    }
    res = PQexecPrepared(pc->pc, ps->name, (int)n_params, values, lengths, formats, 0);
    rc = check_result(pc, res, sql);
    if (rc != ERR_OK)
        goto out;
    *out = res;
    res = NULL;
out:
    PQclear(res);
    if (copies != NULL)
        for (size_t i = 0; i < n_params; i++)
            free(copies[i]);
    free(copies);
    free(ints);
    free(formats);
    free(lengths);
    free(values);
    return rc;
}

static int
pg_exec(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
        int64_t *changes)
{
    PGresult *res;
    int64_t n = 0;
    int rc;

    rc = run(conn_of(c), sql, params, n_params, &res);
    if (rc != ERR_OK)
        return rc;
    const char *tuples = PQcmdTuples(res); /* "" for statements without a count */
    if (*tuples != '\0' && str_to_int64(str_from(tuples), 0, INT64_MAX, &n) != ERR_OK)
        n = 0;
    PQclear(res);
    *changes = n;
    return ERR_OK;
}

/* A statement without parameters through the simple query protocol (it may hold several). */
static int
simple(struct pg_conn *pc, const char *sql, PGresult **out)
{
    PGresult *res = PQexec(pc->pc, sql);
    int rc = check_result(pc, res, sql);
    if (rc != ERR_OK || out == NULL)
        PQclear(res);
    else
        *out = res;
    return rc;
}

static int
pg_exec_script(struct db_conn *c, const char *sql)
{
    return simple(conn_of(c), sql, NULL);
}

static void
clear_decoded(struct pg_rows *pr)
{
    if (!pr->has_bytea)
        return;
    for (int i = 0; i < pr->base.n_cols; i++) {
        PQfreemem(pr->dec[i]);
        pr->dec[i] = NULL;
        pr->dec_len[i] = 0;
    }
}

static void
pg_rows_free(struct db_rows *r)
{
    struct pg_rows *pr = rows_of(r);

    clear_decoded(pr);
    free(pr->dec);
    free(pr->dec_len);
    pr->dec = NULL;
    pr->dec_len = NULL;
    pr->has_bytea = false;
    PQclear(pr->res);
    pr->res = NULL;
}

static int
pg_query(struct db_conn *c, const char *sql, const struct db_param *params, size_t n_params,
         struct db_rows **out)
{
    struct pg_conn *pc = conn_of(c);
    struct pg_rows *pr = &pc->rows;
    PGresult *res;
    int rc, n_cols;

    rc = run(pc, sql, params, n_params, &res);
    if (rc != ERR_OK)
        return rc;
    n_cols = PQnfields(res);
    pr->res = res;
    pr->row = -1;
    pr->n_rows = PQntuples(res);
    pr->base.n_cols = n_cols;
    for (int i = 0; i < n_cols; i++)
        if (PQftype(res, i) == BYTEA_OID)
            pr->has_bytea = true;
    if (pr->has_bytea) {
        pr->dec = calloc((size_t)n_cols, sizeof(*pr->dec));
        pr->dec_len = calloc((size_t)n_cols, sizeof(*pr->dec_len));
        if (pr->dec == NULL || pr->dec_len == NULL) {
            pg_rows_free(&pr->base);
            return ERR_NOMEM;
        }
    }
    *out = &pr->base;
    return ERR_OK;
}

static int
pg_rows_next(struct db_rows *r, bool *has_row)
{
    struct pg_rows *pr = rows_of(r);

    clear_decoded(pr);
    if (pr->row < pr->n_rows)
        pr->row++;
    if (pr->row >= pr->n_rows) {
        *has_row = false;
        return ERR_OK;
    }
    if (pr->has_bytea) {
        for (int i = 0; i < r->n_cols; i++) {
            if (PQftype(pr->res, i) != BYTEA_OID || PQgetisnull(pr->res, pr->row, i))
                continue;
            const unsigned char *hex = (const unsigned char *)PQgetvalue(pr->res, pr->row, i);
            pr->dec[i] = PQunescapeBytea(hex, &pr->dec_len[i]);
            if (pr->dec[i] == NULL) {
                clear_decoded(pr);
                return ERR_NOMEM;
            }
        }
    }
    *has_row = true;
    return ERR_OK;
}

static const char *
pg_rows_text(struct db_rows *r, int col)
{
    struct pg_rows *pr = rows_of(r);

    if (PQgetisnull(pr->res, pr->row, col))
        return NULL;
    if (pr->has_bytea && PQftype(pr->res, col) == BYTEA_OID)
        return (const char *)pr->dec[col];
    return PQgetvalue(pr->res, pr->row, col);
}

static size_t
pg_rows_len(struct db_rows *r, int col)
{
    struct pg_rows *pr = rows_of(r);

    if (PQgetisnull(pr->res, pr->row, col))
        return 0;
    if (pr->has_bytea && PQftype(pr->res, col) == BYTEA_OID)
        return pr->dec_len[col];
    return (size_t)PQgetlength(pr->res, pr->row, col);
}

/* Like SQLite's conversions: an integer as is, a boolean as 1/0, a decimal or float
 * truncated, anything else 0. */
static int64_t
pg_rows_int(struct db_rows *r, int col)
{
    struct pg_rows *pr = rows_of(r);
    const char *v;
    int64_t n;

    if (PQgetisnull(pr->res, pr->row, col))
        return 0;
    v = PQgetvalue(pr->res, pr->row, col);
    if (str_to_int64(str_from(v), INT64_MIN, INT64_MAX, &n) == ERR_OK)
        return n;
    if (strcmp(v, "t") == 0)
        return 1;
    if (strcmp(v, "f") == 0)
        return 0;
    char *end;
    double d = strtod(v, &end);
    if (end == v || !isfinite(d) || d >= 9223372036854775807.0 || d < -9223372036854775807.0)
        return 0;
    return (int64_t)d;
}

static double
pg_rows_double(struct db_rows *r, int col)
{
    struct pg_rows *pr = rows_of(r);
    char *end;

    if (PQgetisnull(pr->res, pr->row, col))
        return 0.0;
    const char *v = PQgetvalue(pr->res, pr->row, col);
    double d = strtod(v, &end); /* the C locale: rathaus never calls setlocale(LC_NUMERIC) */
    return end == v ? 0.0 : d;
}

static bool
pg_rows_is_null(struct db_rows *r, int col)
{
    struct pg_rows *pr = rows_of(r);
    return PQgetisnull(pr->res, pr->row, col) != 0;
}

/* ---- transactions ---------------------------------------------------------------------- */

static bool
pg_conn_in_tx(struct db_conn *c)
{
    switch (PQtransactionStatus(conn_of(c)->pc)) {
    case PQTRANS_ACTIVE:
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR:
        return true;
    default:
        return false; /* idle, or unknown: a broken connection, reset on the next acquire */
    }
}

static int
pg_begin(struct db_conn *c)
{
    return simple(conn_of(c), "BEGIN", NULL);
}

static int
pg_begin_read(struct db_conn *c)
{
    return simple(conn_of(c), "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", NULL);
}

static int
pg_commit(struct db_conn *c)
{
    struct pg_conn *pc = conn_of(c);
    PGresult *res = NULL;
    int rc;

    rc = simple(pc, "COMMIT", &res);
    if (rc != ERR_OK)
        return rc;
    /* COMMIT of a transaction that a failed statement aborted rolls back, "successfully" */
    if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        log_error("postgresql: commit rolled back a transaction that had failed");
        rc = ERR_DB;
    }
    PQclear(res);
    return rc;
}

static void
pg_rollback(struct db_conn *c)
{
    /* a failure was logged; a broken connection is reset on the next acquire */
    RH_IGNORE(simple(conn_of(c), "ROLLBACK", NULL));
}

/* ---- connections ----------------------------------------------------------------------- */

static void
ignore_notice(void *arg, const char *message)
{
    /* notices ("relation already exists, skipping") are expected chatter, and may quote
     * values: drop them */
    (void)arg;
    (void)message;
}

static void
free_stmt(void *ps)
{
    free(ps);
}

static void
log_connect_error(PGconn *conn, const char *what)
{
    char text[256];
    /* PQerrorMessage never holds the password; host, port and user are fine to log */
    db_log_excerpt(conn != NULL ? PQerrorMessage(conn) : "out of memory", text, sizeof(text));
    log_error("postgresql: cannot %s: %s", what, text);
}

static int
pg_conn_check(struct db_conn *c)
{
    struct pg_conn *pc = conn_of(c);

    /* read what the server sent meanwhile (without blocking): a connection it closed, e.g.
     * on restart or pg_terminate_backend(), shows up as an error here */
    if (PQstatus(pc->pc) == CONNECTION_OK && PQconsumeInput(pc->pc) == 1 &&
        PQstatus(pc->pc) == CONNECTION_OK)
        return ERR_OK;
    db_stmt_cache_clear(&pc->cache, free_stmt);
    pc->next_stmt = 1;
    PQreset(pc->pc);
    if (PQstatus(pc->pc) != CONNECTION_OK) {
        log_connect_error(pc->pc, "reconnect");
        return ERR_DB;
    }
    log_warn("postgresql: reconnected a broken connection");
    return ERR_OK;
}

static void
pg_conn_close(struct db_conn *c)
{
    struct pg_conn *pc = conn_of(c);

    if (pc == NULL)
        return;
    pg_rows_free(&pc->rows.base);
    db_stmt_cache_clear(&pc->cache, free_stmt);
    PQfinish(pc->pc);
    free(pc);
}

static int
pg_conn_open(const char *uri, struct db_conn **out)
{
    const char *const keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
    const char *const values[] = {uri, "rathaus", "UTF8", NULL};
    PQconninfoOption *opts;
    char *err = NULL;
    struct pg_conn *pc;

    /* libpq's message for a malformed URI can quote the part it failed on, which may be the
     * password: check the syntax first and log without the message */
    opts = PQconninfoParse(uri, &err);
    if (opts == NULL) {
        if (err == NULL)
            return ERR_NOMEM;
        PQfreemem(err);
        log_error("postgresql: the connection URI is malformed");
        return ERR_INVALID;
    }
    PQconninfoFree(opts);

    pc = calloc(1, sizeof(*pc));
    if (pc == NULL)
        return ERR_NOMEM;
    pc->next_stmt = 1;
    pc->pc = PQconnectdbParams(keys, values, 1);
    if (pc->pc == NULL || PQstatus(pc->pc) != CONNECTION_OK) {
        log_connect_error(pc->pc, "connect");
        PQfinish(pc->pc);
        free(pc);
        return ERR_DB;
    }
    PQsetNoticeProcessor(pc->pc, ignore_notice, NULL);
    *out = &pc->base;
    return ERR_OK;
}

const struct db_ops db_pg_ops = {
    .kind = DB_PG,
    .conn_open = pg_conn_open,
    .conn_close = pg_conn_close,
    .conn_check = pg_conn_check,
    .conn_in_tx = pg_conn_in_tx,
    .exec = pg_exec,
    .exec_script = pg_exec_script,
    .query = pg_query,
    .begin = pg_begin,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .rows_next = pg_rows_next,
    .rows_text = pg_rows_text,
    .rows_len = pg_rows_len,
    .rows_int = pg_rows_int,
    .rows_double = pg_rows_double,
    .rows_is_null = pg_rows_is_null,
    .rows_free = pg_rows_free,
};
