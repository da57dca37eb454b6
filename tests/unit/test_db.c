/* Tests of store/db.h on SQLite (a file in a temporary folder) and, when RATHAUS_TEST_PG holds
 * a DSN (e.g. "postgresql://" under pg_virtualenv), on PostgreSQL too.
 *
 * On PostgreSQL every test works in the schema rh_test_db, dropped and created again for each
 * test: PGOPTIONS sets the search path of every connection (so a DSN must not set "options"
 * itself). Error lines in the output come from the failures the tests provoke. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>

#include "store/db.h"
#include "store/db_backend.h"
#include "tap.h"
#include "util/log.h"

#define PG_SCHEMA "rh_test_db"

static char tmp_dir[] = "/tmp/rathaus-test-db-XXXXXX";
static const char *pg_dsn;
static unsigned n_files;

static void
sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* A new, empty database of `kind` with `n_conns` connections, or NULL (a failed check). */
static struct db *
fresh_db(enum db_kind kind, size_t n_conns)
{
    struct db *db = NULL;
    char dsn[256];

    if (kind == DB_SQLITE) {
        snprintf(dsn, sizeof(dsn), "sqlite:%s/t%u.db", tmp_dir, n_files++);
        CHECK(db_open(dsn, n_conns, &db) == ERR_OK);
        return db;
    }
    struct db *admin = NULL;
    struct db_conn *c = NULL;
    CHECK(db_open(pg_dsn, 1, &admin) == ERR_OK);
    if (admin == NULL)
        return NULL;
    CHECK(db_acquire(admin, &c) == ERR_OK);
    CHECK(db_exec_script(c, "DROP SCHEMA IF EXISTS " PG_SCHEMA
                            " CASCADE; CREATE SCHEMA " PG_SCHEMA) == ERR_OK);
    db_release(c);
    db_close(admin);
    CHECK(db_open(pg_dsn, n_conns, &db) == ERR_OK);
    return db;
}

/* Run `body` on SQLite, then on PostgreSQL when it is configured. */
static void
on_both(void (*body)(enum db_kind kind))
{
    body(DB_SQLITE);
    if (pg_dsn != NULL)
        body(DB_PG);
}

/* The single integer that `sql` selects on `c`; -1 on failure. */
static int64_t
select_int(struct db_conn *c, const char *sql, const struct db_param *params, size_t n)
{
    struct db_rows *r = NULL;
    bool has_row = false;
    int64_t v = -1;

    if (db_query(c, sql, params, n, &r) != ERR_OK)
        return -1;
    if (db_rows_next(r, &has_row) == ERR_OK && has_row)
        v = db_rows_int(r, 0);
    db_rows_free(r);
    return v;
}

static const char *
blob_type(enum db_kind kind)
{
    return kind == DB_PG ? "BYTEA" : "BLOB";
}

static void
create_kv(struct db_conn *c)
{
    CHECK(db_exec_script(c, "CREATE TABLE kv (k INTEGER PRIMARY KEY, v TEXT UNIQUE, "
                            "w TEXT NOT NULL DEFAULT 'x')") == ERR_OK);
}

/* ---- open, close, DSN ------------------------------------------------------------------ */

static void
open_close_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind, 3);
    size_t n_total = 0, n_busy = 9;

    if (db == NULL)
        return;
    CHECK(db_kind(db) == kind);
    db_pool_stats(db, &n_total, &n_busy);
    CHECK(n_total == 3 && n_busy == 0);
    CHECK(db_ping(db) == ERR_OK);
    struct db_conn *c = NULL;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_conn_kind(c) == kind);
    db_pool_stats(db, &n_total, &n_busy);
    CHECK(n_busy == 1);
    db_release(c);
    db_pool_stats(db, &n_total, &n_busy);
    CHECK(n_busy == 0);
    db_close(db);
    db_close(NULL);
    db_release(NULL);
}

static void
test_db_opens_and_closes(void)
{
    on_both(open_close_body);
}

static void
test_db_rejects_invalid_dsn(void)
{
    static const char *const bad[] = {
        "",  "mysql://localhost/x", "sqlite:", "SQLITE:x.db", "postgresql:/x", "postgres:",
        "x", "file:x.db",
    };
    struct db *db = NULL;
    char dsn[256];

    CHECK(db_open(NULL, 1, &db) == ERR_INVALID);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(db_open(bad[i], 1, &db) == ERR_INVALID);
    snprintf(dsn, sizeof(dsn), "sqlite:%s/ok.db", tmp_dir);
    CHECK(db_open(dsn, 0, &db) == ERR_INVALID);
    CHECK(db == NULL);
    /* well-formed, but cannot be opened */
    snprintf(dsn, sizeof(dsn), "sqlite:%s/no/such/folder/x.db", tmp_dir);
    CHECK(db_open(dsn, 1, &db) == ERR_DB);
    CHECK(db_open("postgresql://rathaus:geheim@127.0.0.1:1/nix?connect_timeout=2", 1, &db) ==
          ERR_DB);
    CHECK(db == NULL);
}

/* db_open(dsn) with the log (fd 2) captured: its result into *rc, and whether the log said
 * something but never `secret`. */
static bool
open_logs_without(const char *dsn, const char *secret, int *rc)
{
    char path[300], text[4096];
    struct db *db = NULL;
    ssize_t n = -1;
    int saved, fd;

    snprintf(path, sizeof(path), "%s/log%u.txt", tmp_dir, n_files++);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    saved = dup(STDERR_FILENO);
    if (fd < 0 || saved < 0)
        return false;
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    *rc = db_open(dsn, 1, &db);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    db_close(db);
    if (lseek(fd, 0, SEEK_SET) == 0)
        n = read(fd, text, sizeof(text) - 1);
    close(fd);
    if (n <= 0)
        return false;
    text[n] = '\0';
    return strstr(text, secret) == NULL;
}

static void
test_db_never_logs_password(void)
{
    int rc = -1;

    /* malformed: libpq itself would quote the token */
    CHECK(open_logs_without("postgresql://rathaus:geheim%zz@localhost/db", "geheim", &rc));
    CHECK(rc == ERR_INVALID);
    CHECK(open_logs_without("postgres://rathaus:geheim@[::1/db", "geheim", &rc));
    CHECK(rc == ERR_INVALID);
    /* well-formed, nobody listening */
    CHECK(open_logs_without("postgresql://rathaus:geheim@127.0.0.1:1/nix?connect_timeout=2",
                            "geheim", &rc));
    CHECK(rc == ERR_DB);
    CHECK(open_logs_without("postgresql://rathaus:geheim@127.0.0.1/nix?port=abc", "geheim", &rc));
    CHECK(rc == ERR_DB);
}

/* ---- values ---------------------------------------------------------------------------- */

static void
roundtrip_body(enum db_kind kind)
{
    static const char ins[] = "INSERT INTO t (id, s, n, d, b) VALUES (?, ?, ?, ?, ?)";
    static const char sel[] = "SELECT id, s, n, d, b FROM t ORDER BY id";
    static const char upd[] = "UPDATE t SET n = n WHERE id >= ?";
    static const char utf8[] = "B\xc3\xb6"
                               "blingen \xe2\x80\x93 \xc3\x84\xe2\x82\xac \xf0\x9f\x98\x80";
    static const unsigned char bytes[] = {0x00, 0x01, 0xff, 0x00, 'a', 0x5c, 0x78};
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    unsigned char *big = NULL;
    char ddl[256];
    bool has_row = false;
    int64_t changes = -1;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    snprintf(ddl, sizeof(ddl),
             "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT, n BIGINT, d %s, b %s)",
             kind == DB_PG ? "DOUBLE PRECISION" : "REAL", blob_type(kind));
    CHECK(db_exec_script(c, ddl) == ERR_OK);

    big = malloc(100000);
    for (size_t i = 0; big != NULL && i < 100000; i++)
        big[i] = (unsigned char)(i * 7);
    struct db_param rows[][5] = {
        {DBP_INT(1),
         DBP_TEXTN(utf8, strlen(utf8)),
         DBP_INT(INT64_MAX),
         {DB_NULL, 0, NULL, 0},
         DBP_BLOB(bytes, sizeof(bytes))},
        {DBP_INT(2), DBP_NULL, DBP_NULL, DBP_NULL, DBP_NULL},
        {DBP_INT(3), DBP_TEXT(""), DBP_INT(INT64_MIN), DBP_NULL, DBP_BLOB("", 0)},
        {DBP_INT(4), DBP_TEXTN("abcdef", 3), DBP_INT(-1), DBP_NULL, DBP_BLOB(big, 100000)},
    };
    for (size_t i = 0; i < 4; i++) {
        changes = -1;
        CHECK(db_exec(c, ins, rows[i], 5, &changes) == ERR_OK);
        CHECK(changes == 1);
    }
    CHECK(db_exec(c, upd, (struct db_param[]){DBP_INT(2)}, 1, &changes) == ERR_OK);
    CHECK(changes == 3);
    CHECK(db_exec_script(
              c, "UPDATE t SET d = 1.5 WHERE id = 1; UPDATE t SET d = -0.25 WHERE id = 3") ==
          ERR_OK);

    CHECK(db_query(c, sel, NULL, 0, &r) == ERR_OK);
    CHECK(db_rows_next(r, &has_row) == ERR_OK && has_row);
    CHECK(db_rows_int(r, 0) == 1);
    CHECK(db_rows_text(r, 1) != NULL && strcmp(db_rows_text(r, 1), utf8) == 0);
    CHECK(db_rows_len(r, 1) == strlen(utf8));
    CHECK(db_rows_int(r, 2) == INT64_MAX);
    CHECK(db_rows_double(r, 3) == 1.5);
    CHECK(db_rows_len(r, 4) == sizeof(bytes));
    CHECK(db_rows_text(r, 4) != NULL && memcmp(db_rows_text(r, 4), bytes, sizeof(bytes)) == 0);
    CHECK(!db_rows_is_null(r, 4));

    CHECK(db_rows_next(r, &has_row) == ERR_OK && has_row);
    CHECK(db_rows_int(r, 0) == 2);
    for (int col = 1; col <= 4; col++) {
        CHECK(db_rows_is_null(r, col));
        CHECK(db_rows_text(r, col) == NULL);
        CHECK(db_rows_len(r, col) == 0);
        CHECK(db_rows_int(r, col) == 0);
    }

    CHECK(db_rows_next(r, &has_row) == ERR_OK && has_row);
    CHECK(db_rows_text(r, 1) != NULL && strcmp(db_rows_text(r, 1), "") == 0);
    CHECK(!db_rows_is_null(r, 1));
    CHECK(db_rows_int(r, 2) == INT64_MIN);
    CHECK(db_rows_double(r, 3) == -0.25);
    CHECK(!db_rows_is_null(r, 4)); /* an empty blob is not NULL */
    CHECK(db_rows_text(r, 4) != NULL);
    CHECK(db_rows_len(r, 4) == 0);

    CHECK(db_rows_next(r, &has_row) == ERR_OK && has_row);
    CHECK(db_rows_text(r, 1) != NULL && strcmp(db_rows_text(r, 1), "abc") == 0);
    CHECK(db_rows_int(r, 2) == -1);
    CHECK(db_rows_len(r, 4) == 100000);
    CHECK(big != NULL && db_rows_text(r, 4) != NULL &&
          memcmp(db_rows_text(r, 4), big, 100000) == 0);
    /* out of range columns read as NULL */
    CHECK(db_rows_text(r, 5) == NULL && db_rows_is_null(r, -1) && db_rows_int(r, 99) == 0);

    CHECK(db_rows_next(r, &has_row) == ERR_OK && !has_row);
    CHECK(db_rows_text(r, 0) == NULL);
    CHECK(db_rows_next(r, &has_row) == ERR_OK && !has_row);
    db_rows_free(r);

    /* an empty result */
    CHECK(db_query(c, "SELECT id FROM t WHERE id > 100", NULL, 0, &r) == ERR_OK);
    CHECK(db_rows_next(r, &has_row) == ERR_OK && !has_row);
    db_rows_free(r);
    /* DDL reports no changes */
    CHECK(db_exec(c, "CREATE INDEX t_n ON t (n)", NULL, 0, &changes) == ERR_OK);
    CHECK(changes == 0);

    free(big);
    db_release(c);
    db_close(db);
}

static void
test_db_roundtrips_text_int_null_blob(void)
{
    on_both(roundtrip_body);
}

static void
placeholder_body(enum db_kind kind)
{
    static const char sql[] = "SELECT '?', CAST(? AS TEXT), 'it''s ?' /* ? */, \"?\" "
                              "-- ? \n FROM (SELECT 1 AS \"?\") x WHERE ? = 7";
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;
    bool has_row = false;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    struct db_param p[] = {DBP_TEXT("x"), DBP_INT(7)};
    CHECK(db_query(c, sql, p, 2, &r) == ERR_OK);
    CHECK(db_rows_next(r, &has_row) == ERR_OK && has_row);
    CHECK(db_rows_text(r, 0) != NULL && strcmp(db_rows_text(r, 0), "?") == 0);
    CHECK(db_rows_text(r, 1) != NULL && strcmp(db_rows_text(r, 1), "x") == 0);
    CHECK(db_rows_text(r, 2) != NULL && strcmp(db_rows_text(r, 2), "it's ?") == 0);
    CHECK(db_rows_int(r, 3) == 1);
    db_rows_free(r);
    /* one placeholder too few */
    CHECK(db_query(c, sql, p, 1, &r) == ERR_INVALID);
    db_release(c);
    db_close(db);
}

static void
test_db_ignores_placeholder_in_literal(void)
{
    on_both(placeholder_body);
}

static void
test_db_pg_rewrites_placeholders(void)
{
    static const struct {
        const char *in, *out;
        int n;
    } cases[] = {
        {"SELECT ?", "SELECT $1", 1},
        {"", "", 0},
        {"?,?,?,?,?,?,?,?,?,?,?", "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11", 11},
        {"SELECT '?', ?, 'a''?', ?", "SELECT '?', $1, 'a''?', $2", 2},
        {"SELECT \"a?\" FROM t WHERE x = ?", "SELECT \"a?\" FROM t WHERE x = $1", 1},
        {"SELECT 1 -- ?\n, ?", "SELECT 1 -- ?\n, $1", 1},
        {"SELECT /* ? /* ? */ ? */ ?", "SELECT /* ? /* ? */ ? */ $1", 1},
        {"SELECT 5-?", "SELECT 5-$1", 1},
        {"SELECT '?", "SELECT '?", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *out = NULL;
        int n = -1;
        CHECK(db_pg_rewrite_placeholders(cases[i].in, &out, &n) == ERR_OK);
        CHECK(out != NULL && strcmp(out, cases[i].out) == 0);
        CHECK(n == cases[i].n);
        free(out);
    }
}

/* ---- statement cache ------------------------------------------------------------------- */

static void
cache_body(enum db_kind kind)
{
    static const char ins[] = "INSERT INTO kv (k, v) VALUES (?, ?)";
    static const char sel[] = "SELECT COUNT(*) FROM kv WHERE k > ?";
    /* the same text at another address is another statement */
    static const char sel_copy[] = "SELECT COUNT(*) FROM kv WHERE k > ?";
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    create_kv(c);
    size_t n0 = db_conn_n_prepared(c);
    for (int i = 0; i < 5; i++) {
        static const char *const names[] = {NULL, "eins", NULL, "drei", "vier"};
        struct db_param p[] = {DBP_INT(i), names[i] ? DBP_TEXT(names[i]) : DBP_NULL};
        CHECK(db_exec(c, ins, p, 2, NULL) == ERR_OK);
    }
    CHECK(db_conn_n_prepared(c) == n0 + 1);
    for (int i = 0; i < 3; i++)
        CHECK(select_int(c, sel, (struct db_param[]){DBP_INT(i)}, 1) == 4 - i);
    CHECK(db_conn_n_prepared(c) == n0 + 2);
    CHECK(select_int(c, sel_copy, (struct db_param[]){DBP_INT(0)}, 1) == 4);
    CHECK(db_conn_n_prepared(c) == n0 + 3);
    /* a statement that failed to prepare is not cached, and does not break the cache */
    CHECK(db_exec(c, "SELEKT 1", NULL, 0, NULL) == ERR_DB);
    CHECK(select_int(c, sel, (struct db_param[]){DBP_INT(3)}, 1) == 1);
    CHECK(db_conn_n_prepared(c) == n0 + 3);
    db_release(c);
    db_close(db);
}

static void
test_db_caches_statements(void)
{
    on_both(cache_body);
}

static void
free_nothing(void *stmt)
{
    (void)stmt;
}

static void
test_db_stmt_cache_grows(void)
{
    static const char sql[300] = {0};
    struct db_stmt_cache sc = {0};
    int rc = ERR_OK;

    for (size_t i = 0; i < 300 && rc == ERR_OK; i++)
        rc = db_stmt_cache_put(&sc, &sql[i], (void *)(uintptr_t)(i + 1));
    CHECK(rc == ERR_OK);
    CHECK(sc.n == 300 && sc.cap >= 600);
    for (size_t i = 0; i < 300; i++)
        CHECK(db_stmt_cache_get(&sc, &sql[i]) == (void *)(uintptr_t)(i + 1));
    CHECK(db_stmt_cache_get(&sc, "other") == NULL);
    db_stmt_cache_clear(&sc, free_nothing);
    CHECK(sc.n == 0 && db_stmt_cache_get(&sc, &sql[0]) == NULL);
}

/* ---- errors ---------------------------------------------------------------------------- */

static void
conflict_body(enum db_kind kind)
{
    static const char ins[] = "INSERT INTO kv (k, v) VALUES (?, ?)";
    static const char ins_w[] = "INSERT INTO kv (k, v, w) VALUES (?, ?, ?)";
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    create_kv(c);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(1), DBP_TEXT("a")}, 2, NULL) == ERR_OK);
    /* primary key */
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(1), DBP_TEXT("b")}, 2, NULL) == ERR_CONFLICT);
    /* unique */
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(2), DBP_TEXT("a")}, 2, NULL) == ERR_CONFLICT);
    /* not null is no conflict, but a failure */
    CHECK(db_exec(c, ins_w, (struct db_param[]){DBP_INT(3), DBP_TEXT("c"), DBP_NULL}, 3, NULL) ==
          ERR_DB);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == 1);

    /* misuse is refused before it reaches the database */
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(4)}, 1, NULL) == ERR_INVALID);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(4), DBP_TEXTN("a\0b", 3)}, 2, NULL) ==
          ERR_INVALID);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(4), DBP_TEXTN(NULL, 3)}, 2, NULL) ==
          ERR_INVALID);
    CHECK(db_exec(c, ins, NULL, 2, NULL) == ERR_INVALID);
    CHECK(db_query(c, "SELECT k FROM kv", NULL, 0, &r) == ERR_OK);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(5), DBP_TEXT("e")}, 2, NULL) == ERR_INVALID);
    struct db_rows *r2 = NULL;
    CHECK(db_query(c, "SELECT k FROM kv", NULL, 0, &r2) == ERR_INVALID);
    CHECK(db_begin(c) == ERR_INVALID);
    db_rows_free(r);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(5), DBP_TEXT("e")}, 2, NULL) == ERR_OK);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == 2);
    db_release(c);
    db_close(db);
}

static void
test_db_maps_conflicts_and_misuse(void)
{
    on_both(conflict_body);
}

/* On PostgreSQL a failed statement aborts the transaction, and COMMIT says so; on SQLite only
 * the statement is undone. Store code must not rely on either: use ON CONFLICT. */
static void
failed_statement_in_tx_body(enum db_kind kind)
{
    static const char ins[] = "INSERT INTO kv (k, v) VALUES (?, ?)";
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    create_kv(c);
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(1), DBP_TEXT("a")}, 2, NULL) == ERR_OK);
    CHECK(db_exec(c, ins, (struct db_param[]){DBP_INT(1), DBP_TEXT("a")}, 2, NULL) == ERR_CONFLICT);
    CHECK(db_commit(c) == (kind == DB_PG ? ERR_DB : ERR_OK));
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == (kind == DB_PG ? 0 : 1));
    /* ON CONFLICT works alike in both */
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_exec(c, "INSERT INTO kv (k, v) VALUES (?, ?) ON CONFLICT (k) DO NOTHING",
                  (struct db_param[]){DBP_INT(1), DBP_TEXT("a")}, 2, NULL) == ERR_OK);
    CHECK(db_commit(c) == ERR_OK);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == 1);
    db_release(c);
    db_close(db);
}

static void
test_db_failed_statement_in_transaction(void)
{
    on_both(failed_statement_in_tx_body);
}

/* ---- transactions ---------------------------------------------------------------------- */

struct tx_ctx {
    int64_t k;
    int n_calls;
    int n_busy;                /* return ERR_BUSY from the first n_busy calls */
    int result;                /* then return this */
    atomic_bool *release_lock; /* set from the second call on (real-lock test) */
    bool use_lock_timeout;
};

static int
tx_insert(struct db_conn *c, void *arg)
{
    static const char ins[] = "INSERT INTO kv (k, v) VALUES (?, ?)";
    struct tx_ctx *t = arg;
    int rc;

    t->n_calls++;
    if (t->release_lock != NULL && t->n_calls >= 2)
        atomic_store(t->release_lock, true);
    if (t->use_lock_timeout) {
        rc = db_exec_script(c, "SET LOCAL lock_timeout = '100ms'");
        if (rc != ERR_OK)
            return rc;
    }
    rc = db_exec(c, ins, (struct db_param[]){DBP_INT(t->k), DBP_NULL}, 2, NULL);
    if (rc != ERR_OK)
        return rc;
    if (t->n_calls <= t->n_busy)
        return ERR_BUSY;
    return t->result;
}

static void
tx_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    create_kv(c);
    struct tx_ctx ok = {.k = 1, .result = ERR_OK};
    CHECK(db_tx(c, tx_insert, &ok) == ERR_OK);
    CHECK(ok.n_calls == 1);
    struct tx_ctx fail = {.k = 2, .result = ERR_INVALID};
    CHECK(db_tx(c, tx_insert, &fail) == ERR_INVALID);
    CHECK(fail.n_calls == 1);
    /* a conflict inside is no reason to retry */
    struct tx_ctx dup = {.k = 1, .result = ERR_OK};
    CHECK(db_tx(c, tx_insert, &dup) == ERR_CONFLICT);
    CHECK(dup.n_calls == 1);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == 1);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv WHERE k = 2", NULL, 0) == 0);

    /* busy twice: the third attempt commits, the first two left nothing behind */
    struct tx_ctx busy = {.k = 3, .n_busy = 2, .result = ERR_OK};
    CHECK(db_tx(c, tx_insert, &busy) == ERR_OK);
    CHECK(busy.n_calls == 3);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv WHERE k = 3", NULL, 0) == 1);
    /* busy for ever: the first attempt and five retries */
    struct tx_ctx stuck = {.k = 4, .n_busy = 100, .result = ERR_OK};
    CHECK(db_tx(c, tx_insert, &stuck) == ERR_BUSY);
    CHECK(stuck.n_calls == 6);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv WHERE k = 4", NULL, 0) == 0);

    /* the connection is out of the transaction again */
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_begin(c) == ERR_INVALID);
    db_rollback(c);
    db_rollback(c);
    db_release(c);
    db_close(db);
}

static void
test_db_tx_commits_rolls_back_and_retries(void)
{
    on_both(tx_body);
}

struct locker {
    struct db *db;
    enum db_kind kind;
    atomic_bool is_locked, release;
    int rc;
};

/* Holds the write lock (SQLite) or a table lock (PostgreSQL) on a second connection: on
 * SQLite for longer than the busy timeout of 5 s, on PostgreSQL until told. */
static void *
locker_main(void *arg)
{
    struct locker *l = arg;
    struct db_conn *c = NULL;

    l->rc = db_acquire(l->db, &c);
    if (l->rc != ERR_OK) {
        atomic_store(&l->is_locked, true);
        return NULL;
    }
    l->rc = db_begin(c);
    if (l->rc == ERR_OK && l->kind == DB_PG)
        l->rc = db_exec_script(c, "LOCK TABLE kv IN ACCESS EXCLUSIVE MODE");
    atomic_store(&l->is_locked, true);
    if (l->kind == DB_SQLITE) {
        sleep_ms(6000);
    } else {
        for (int i = 0; i < 3000 && !atomic_load(&l->release); i++)
            sleep_ms(5);
    }
    if (l->rc == ERR_OK)
        l->rc = db_commit(c);
    db_release(c);
    return NULL;
}

static void
tx_lock_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind, 2);
    struct db_conn *c = NULL;
    struct locker l = {.db = db, .kind = kind};
    pthread_t th;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    create_kv(c);
    atomic_init(&l.is_locked, false);
    atomic_init(&l.release, false);
    CHECK(pthread_create(&th, NULL, locker_main, &l) == 0);
    while (!atomic_load(&l.is_locked))
        sleep_ms(1);
    struct tx_ctx t = {.k = 1, .result = ERR_OK};
    if (kind == DB_PG) {
        /* the first attempt fails with lock_not_available; the second lets the lock go */
        t.release_lock = &l.release;
        t.use_lock_timeout = true;
    }
    CHECK(db_tx(c, tx_insert, &t) == ERR_OK);
    if (kind == DB_PG)
        CHECK(t.n_calls >= 2);
    pthread_join(th, NULL);
    CHECK(l.rc == ERR_OK);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == 1);
    db_release(c);
    db_close(db);
}

static void
test_db_tx_retries_while_locked(void)
{
    on_both(tx_lock_body);
}

static void
release_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;
    struct db_rows *r = NULL;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    create_kv(c);
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_exec(c, "INSERT INTO kv (k) VALUES (1)", NULL, 0, NULL) == ERR_OK);
    CHECK(db_query(c, "SELECT k FROM kv", NULL, 0, &r) == ERR_OK);
    db_release(c); /* with an open result and an open transaction */
    c = NULL;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(select_int(c, "SELECT COUNT(*) FROM kv", NULL, 0) == 0);
    CHECK(db_begin(c) == ERR_OK);
    CHECK(db_commit(c) == ERR_OK);
    db_release(c);
    db_close(db);
}

static void
test_db_release_rolls_back(void)
{
    on_both(release_body);
}

/* ---- pool ------------------------------------------------------------------------------ */

struct waiter {
    struct db *db;
    atomic_bool has_conn;
    int rc;
};

static void *
waiter_main(void *arg)
{
    struct waiter *w = arg;
    struct db_conn *c = NULL;

    w->rc = db_acquire(w->db, &c);
    atomic_store(&w->has_conn, true);
    if (w->rc == ERR_OK) {
        w->rc = select_int(c, "SELECT 1", NULL, 0) == 1 ? ERR_OK : ERR_DB;
        db_release(c);
    }
    return NULL;
}

static void
pool_body(enum db_kind kind)
{
    struct db *db = fresh_db(kind, 1);
    struct db_conn *c = NULL;
    struct waiter w = {.db = db};
    size_t n_total = 0, n_busy = 0;
    pthread_t th;

    if (db == NULL || db_acquire(db, &c) != ERR_OK) {
        CHECK(!"database");
        db_close(db);
        return;
    }
    atomic_init(&w.has_conn, false);
    CHECK(pthread_create(&th, NULL, waiter_main, &w) == 0);
    sleep_ms(200);
    CHECK(!atomic_load(&w.has_conn)); /* still waiting for the only connection */
    db_pool_stats(db, &n_total, &n_busy);
    CHECK(n_total == 1 && n_busy == 1);
    db_release(c);
    pthread_join(th, NULL);
    CHECK(atomic_load(&w.has_conn));
    CHECK(w.rc == ERR_OK);
    db_pool_stats(db, &n_total, &n_busy);
    CHECK(n_busy == 0);
    db_close(db);
}

static void
test_db_pool_blocks_until_release(void)
{
    on_both(pool_body);
}

/* ---- PostgreSQL only ------------------------------------------------------------------- */

/* Wait until the server process `pid` has left pg_stat_activity (at most about 5 s). */
static void
wait_backend_gone(struct db_conn *c, int64_t pid)
{
    static const char sql[] =
        "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = CAST(? AS INTEGER)";
    for (int i = 0; i < 500 && select_int(c, sql, (struct db_param[]){DBP_INT(pid)}, 1) != 0; i++)
        sleep_ms(10);
}

static void
test_db_pg_reconnects_broken_connection(void)
{
    static const char pid_sql[] = "SELECT pg_backend_pid()";
    static const char kill_sql[] = "SELECT pg_terminate_backend(CAST(? AS INTEGER))";
    struct db *db;
    struct db_conn *a = NULL, *b = NULL;

    if (pg_dsn == NULL)
        return;
    db = fresh_db(DB_PG, 2);
    if (db == NULL)
        return;
    CHECK(db_acquire(db, &a) == ERR_OK);
    CHECK(db_acquire(db, &b) == ERR_OK);
    int64_t pid = select_int(a, pid_sql, NULL, 0);
    size_t n_prepared = db_conn_n_prepared(a);
    CHECK(pid > 0);
    CHECK(select_int(b, kill_sql, (struct db_param[]){DBP_INT(pid)}, 1) == 1);
    wait_backend_gone(b, pid);
    CHECK(select_int(a, pid_sql, NULL, 0) == -1); /* the server hung up */
    db_release(a);
    a = NULL;
    db_release(b);
    b = NULL;
    /* the pool is a stack: the next acquire gets b first, then a */
    CHECK(db_acquire(db, &b) == ERR_OK);
    CHECK(db_acquire(db, &a) == ERR_OK);
    int64_t pid2 = select_int(a, pid_sql, NULL, 0);
    CHECK(pid2 > 0 && pid2 != pid);
    CHECK(db_conn_n_prepared(a) == n_prepared + 1); /* prepared again in the new session */

    /* killed while idle in the pool: acquire notices (when the hang-up has arrived) */
    db_release(a);
    a = NULL;
    CHECK(select_int(b, kill_sql, (struct db_param[]){DBP_INT(pid2)}, 1) == 1);
    wait_backend_gone(b, pid2);
    int64_t pid3 = -1;
    for (int i = 0; i < 2 && pid3 < 0; i++) {
        CHECK(db_acquire(db, &a) == ERR_OK);
        pid3 = select_int(a, pid_sql, NULL, 0);
        db_release(a);
    }
    CHECK(pid3 > 0 && pid3 != pid2);
    a = NULL;
    db_release(b);
    CHECK(db_ping(db) == ERR_OK);
    db_close(db);
}

static void
remove_tmp_dir(void)
{
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    char path[512];

    if (d == NULL)
        return;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", tmp_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(tmp_dir);
}

int
main(void)
{
    log_set_quiet(1);
    if (mkdtemp(tmp_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    pg_dsn = getenv("RATHAUS_TEST_PG");
    if (pg_dsn != NULL && *pg_dsn == '\0')
        pg_dsn = NULL;
    if (pg_dsn == NULL)
        printf("# RATHAUS_TEST_PG is not set: PostgreSQL is skipped, SQLite only\n");
    else
        setenv("PGOPTIONS", "-c search_path=" PG_SCHEMA, 1);

    TEST(test_db_opens_and_closes);
    TEST(test_db_rejects_invalid_dsn);
    TEST(test_db_never_logs_password);
    TEST(test_db_roundtrips_text_int_null_blob);
    TEST(test_db_ignores_placeholder_in_literal);
    TEST(test_db_pg_rewrites_placeholders);
    TEST(test_db_caches_statements);
    TEST(test_db_stmt_cache_grows);
    TEST(test_db_maps_conflicts_and_misuse);
    TEST(test_db_failed_statement_in_transaction);
    TEST(test_db_tx_commits_rolls_back_and_retries);
    TEST(test_db_tx_retries_while_locked);
    TEST(test_db_release_rolls_back);
    TEST(test_db_pool_blocks_until_release);
    TEST(test_db_pg_reconnects_broken_connection);

    remove_tmp_dir();
    return tap_done();
}
