/* sqlite_rang: the FTS5 ranking function rathaus_rang(fts, weight of column 0, weight of
 * column 1, ...) for the Amt search (store/akte_suchtext.c), registered on every SQLite
 * connection (sqlite.c).
 *
 * It scores like BM25 (term frequency saturated by k1, normalized by the column's length
 * against the average length, columns weighted) but without the inverse document frequency.
 * FTS5's own bm25() finds, once per query, how many rows of the WHOLE index hold each
 * phrase, which reads each phrase's complete doclist: for a common name at Land scale
 * (hundreds of thousands of rows over all authorities) that cost ~100 ms before a single
 * row was ranked, and it grows with the total data. Every hit of an Amt search holds every
 * term (the terms are ANDed), so the frequency weight would only shift how the terms weigh
 * against each other; leaving it out makes a row's score depend on the row alone and the
 * cost proportional to the rows ranked. Larger is better. Pure; thread rules of SQLite. */
#include <stdlib.h>

#include <sqlite3.h>

#include "store/db_backend.h"

#define RANG_K1          1.2
#define RANG_B           0.75
#define RANG_MAX_SPALTEN 8

/* Average token count per column, computed once per query (xSetAuxdata). */
struct rang_mittel {
    int n;
    double mittel[RANG_MAX_SPALTEN];
};

static struct rang_mittel *
mittel_von(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
    struct rang_mittel *m = api->xGetAuxdata(fts, 0);
    if (m)
        return m;
    m = calloc(1, sizeof(*m));
    if (!m) {
        *rc = SQLITE_NOMEM;
        return NULL;
    }
    sqlite3_int64 n_rows = 0;
    *rc = api->xRowCount(fts, &n_rows);
    m->n = api->xColumnCount(fts);
    if (m->n > RANG_MAX_SPALTEN)
        m->n = RANG_MAX_SPALTEN;
    for (int i = 0; *rc == SQLITE_OK && i < m->n; i++) {
        sqlite3_int64 total = 0;
        *rc = api->xColumnTotalSize(fts, i, &total);
        m->mittel[i] = n_rows > 0 && total > 0 ? (double)total / (double)n_rows : 1.0;
    }
    if (*rc == SQLITE_OK)
        *rc = api->xSetAuxdata(fts, m, free); /* frees m itself when it fails */
    else
        free(m);
    return *rc == SQLITE_OK ? m : NULL;
}

static void
rang_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int n_args,
        sqlite3_value **args)
{
    int rc = SQLITE_OK;
    struct rang_mittel *m = mittel_von(api, fts, &rc);
    int n_phrasen = api->xPhraseCount(fts), n_inst = 0;
    if (rc == SQLITE_OK)
        rc = api->xInstCount(fts, &n_inst);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    /* occurrences per phrase and column; the few phrases of a query fit on the stack */
    enum { MAX_PHRASEN = 32 };
    int tf[MAX_PHRASEN][RANG_MAX_SPALTEN] = {{0}};
    for (int i = 0; i < n_inst; i++) {
        int p = 0, col = 0, off = 0;
        rc = api->xInst(fts, i, &p, &col, &off);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        if (p >= 0 && p < MAX_PHRASEN && col >= 0 && col < m->n)
            tf[p][col]++;
    }
    double score = 0.0;
    for (int col = 0; col < m->n; col++) {
        double w = col < n_args ? sqlite3_value_double(args[col]) : 1.0;
        if (w == 0.0)
            continue;
        int len = 0;
        rc = api->xColumnSize(fts, col, &len);
        if (rc != SQLITE_OK) {
            sqlite3_result_error_code(ctx, rc);
            return;
        }
        double norm = RANG_K1 * (1.0 - RANG_B + RANG_B * (double)len / m->mittel[col]);
        for (int p = 0; p < n_phrasen && p < MAX_PHRASEN; p++)
            if (tf[p][col] > 0)
                score += w * tf[p][col] * (RANG_K1 + 1.0) / (tf[p][col] + norm);
    }
    sqlite3_result_double(ctx, score);
}

int
db_sqlite_rang_registrieren(struct sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api || api->iVersion < 2)
        return ERR_DB;
    return api->xCreateFunction(api, "rathaus_rang", NULL, rang_fn, NULL) == SQLITE_OK ? ERR_OK
                                                                                       : ERR_DB;
}
