/* test_fehler_harness: the loop shared by the fault-injection tests (test_fehler_*.c). It
 * makes statement k = 1, 2, ... of an operation fail (store/db_fehler.h) and checks each time
 * that the operation reports an error and that the database is exactly as before: a
 * fingerprint over every row of every table (order-independent sum of a hash per row, plus
 * the row count per table). It stops at the first k the operation no longer reaches; the
 * operation has then succeeded and its effect stays.
 *
 * A header of static functions, included by each test_fehler_*.c (one executable each).
 * Table queries are built once per table name and kept for the whole process, because the
 * statement cache of store/db.c identifies SQL text by its address; fehler_ende() frees them
 * after every database was closed. */
#ifndef RATHAUS_TESTS_FEHLER_HARNESS_H
#define RATHAUS_TESTS_FEHLER_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/db.h"
#include "store/db_backend.h"
#include "store/db_fehler.h"
#include "tap.h"

#define FEHLER_MAX_TABELLEN 200
#define FEHLER_MAX_SCHRITTE 400 /* statements one operation may run before we give up */

/* The operation under test, on connection `c`; ERR_OK on success. */
typedef int (*fehler_op)(struct db_conn *c, void *ctx);

/* A table left out of the fingerprint (NULL: none), for an operation that by design commits
 * a step there before it can fail; the test then checks that table itself. */
static const char *fehler_ohne_tabelle;

static struct {
    char *name[FEHLER_MAX_TABELLEN];
    char *sql[FEHLER_MAX_TABELLEN];
    size_t n;
} fehler_tab;

static const char *
fehler_sql_fuer(const char *tabelle)
{
    for (size_t i = 0; i < fehler_tab.n; i++)
        if (strcmp(fehler_tab.name[i], tabelle) == 0)
            return fehler_tab.sql[i];
    if (fehler_tab.n == FEHLER_MAX_TABELLEN)
        return NULL;
    size_t len = strlen(tabelle) + 32;
    char *sql = malloc(len);
    char *name = strdup(tabelle);
    if (sql == NULL || name == NULL) {
        free(sql);
        free(name);
        return NULL;
    }
    snprintf(sql, len, "SELECT * FROM \"%s\"", tabelle);
    fehler_tab.name[fehler_tab.n] = name;
    fehler_tab.sql[fehler_tab.n] = sql;
    fehler_tab.n++;
    return sql;
}

static void
fehler_ende(void)
{
    for (size_t i = 0; i < fehler_tab.n; i++) {
        free(fehler_tab.name[i]);
        free(fehler_tab.sql[i]);
    }
    fehler_tab.n = 0;
}

/* The fingerprint of one table: rows + sum of a keyed hash of each row's columns. */
static int
fehler_tabelle(struct db_conn *c, const char *sql, uint64_t *summe, int64_t *zeilen)
{
    static const unsigned char key[crypto_shorthash_KEYBYTES] = {1, 2, 3};
    struct db_rows *r = NULL;
    bool has = false;
    int rc = db_query(c, sql, NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(r, &has)) == ERR_OK && has) {
        crypto_generichash_state st;
        unsigned char h[8];
        uint64_t v = 0;
        crypto_generichash_init(&st, key, sizeof(key), sizeof(h));
        for (int i = 0; i < r->n_cols; i++) {
            const char *t = db_rows_text(r, i);
            size_t n = t ? db_rows_len(r, i) : 0;
            unsigned char tag[9] = {t ? 1 : 0};
            for (int b = 0; b < 8; b++)
                tag[1 + b] = (unsigned char)(n >> (8 * b));
            crypto_generichash_update(&st, tag, sizeof(tag));
            if (t)
                crypto_generichash_update(&st, (const unsigned char *)t, n);
        }
        crypto_generichash_final(&st, h, sizeof(h));
        memcpy(&v, h, sizeof(v));
        *summe += v;
        (*zeilen)++;
    }
    db_rows_free(r);
    return rc;
}

/* A fingerprint of the whole database into *out (0 on error, with a failed check). */
static uint64_t
fehler_abdruck(struct db_conn *c)
{
    static const char sql_sqlite[] = "SELECT name FROM sqlite_master WHERE type = 'table' "
                                     "AND name NOT LIKE 'sqlite_stat%' ORDER BY name";
    static const char sql_pg[] =
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name";
    const char *namen[FEHLER_MAX_TABELLEN];
    char *kopie[FEHLER_MAX_TABELLEN];
    size_t n = 0;
    struct db_rows *r = NULL;
    bool has = false;
    uint64_t h = 0;
    int rc = db_query(c, db_conn_kind(c) == DB_PG ? sql_pg : sql_sqlite, NULL, 0, &r);
    CHECK(rc == ERR_OK);
    if (rc != ERR_OK)
        return 0;
    while (db_rows_next(r, &has) == ERR_OK && has && n < FEHLER_MAX_TABELLEN) {
        if (fehler_ohne_tabelle && strcmp(db_rows_text(r, 0), fehler_ohne_tabelle) == 0)
            continue;
        kopie[n] = strdup(db_rows_text(r, 0));
        if (kopie[n] == NULL)
            break;
        n++;
    }
    db_rows_free(r);
    for (size_t i = 0; i < n; i++)
        namen[i] = fehler_sql_fuer(kopie[i]);
    for (size_t i = 0; i < n; i++) {
        uint64_t summe = 0;
        int64_t zeilen = 0;
        CHECK(namen[i] != NULL);
        if (namen[i] == NULL || fehler_tabelle(c, namen[i], &summe, &zeilen) != ERR_OK) {
            CHECK(!"table fingerprint");
            h = 0;
            break;
        }
        /* mix the table's name in so that rows moving between tables count */
        h = h * UINT64_C(0x100000001B3) + (summe ^ (uint64_t)zeilen * UINT64_C(0x9E3779B97F4A7C15));
        h ^= (uint64_t)i + 1;
    }
    for (size_t i = 0; i < n; i++)
        free(kopie[i]);
    return h;
}

/* Run `op` with statement k failing for k = 1, 2, ...: each time it must fail and leave the
 * database as it was, with no transaction or result left open. A run that breaks this rule
 * (a defect) is printed with the statement and counted in *n_defekte; the loop goes on, unless
 * the database changed: then that run's result is returned. Otherwise returns the result of
 * the final run, in which no injected failure was reached, with the number of runs that failed
 * in *n_fehler; ERR_LIMIT when the operation never got through. Records no check itself. */
static int
fehler_schleife(struct db_conn *c, const char *was, fehler_op op, void *ctx, int *n_fehler,
                int *n_defekte)
{
    int rc = ERR_DB;
    *n_fehler = 0;
    *n_defekte = 0;
    for (int64_t k = 1; k <= FEHLER_MAX_SCHRITTE; k++) {
        uint64_t vorher = fehler_abdruck(c);
        db_fehler_nach(c->db, k);
        rc = op(c, ctx);
        bool ausgeloest = db_fehler_ausgeloest();
        const char *sql = db_fehler_sql();
        db_fehler_nach(c->db, 0);
        /* the operation must leave neither a transaction nor a result open */
        bool offen = c->rows != NULL;
        if (!offen) {
            offen = db_begin(c) != ERR_OK; /* refused inside a transaction */
            db_rollback(c);
        } else {
            db_rollback(c);
        }
        if (!ausgeloest && !offen)
            return rc;
        (*n_fehler)++;
        uint64_t nachher = fehler_abdruck(c);
        if (rc == ERR_OK || nachher != vorher || offen) {
            char ex[120];
            db_log_excerpt(sql, ex, sizeof(ex));
            printf("# %s: statement %lld (%s) failed, but the operation returned %d, the "
                   "database %s%s\n",
                   was, (long long)k, ex, rc, nachher == vorher ? "is unchanged" : "CHANGED",
                   offen ? ", a transaction or result stayed open" : "");
            (*n_defekte)++;
            if (nachher != vorher)
                return rc; /* the effect stayed: going on would start from another state */
        }
    }
    return ERR_LIMIT;
}

/* The usual check: at least one injected failure, each rolled back, then a success. */
#define FEHLER_PRUEFEN(c, was, op, ctx) FEHLER_BEKANNT(c, was, op, ctx, 0)

/* The same for an operation with `n` known defects (each printed above; the loop stops at
 * one that changed the database, and the caller reads the effect back itself): the check
 * fails when their number changes, so a fix is noticed and the call turned into
 * FEHLER_PRUEFEN. */
#define FEHLER_BEKANNT(c, was, op, ctx, n)                                                         \
    do {                                                                                           \
        int n_fehler_ = 0, n_defekte_ = 0;                                                         \
        int rc_ = fehler_schleife((c), (was), (op), (ctx), &n_fehler_, &n_defekte_);               \
        printf("# %s: %d failed statements, %d of them not rolled back cleanly, then %d\n", (was), \
               n_fehler_, n_defekte_, rc_);                                                        \
        CHECK(rc_ == ERR_OK || (n) > 0);                                                           \
        CHECK(n_fehler_ > 0);                                                                      \
        CHECK(n_defekte_ == (n));                                                                  \
    } while (0)

#endif
