/* bench/lagebild.c (the seed SQL goes through snprintf: LIKE patterns spell %% there) — latency of
 * the statewide Lagebild (domain/lagebild.h) over all 1,101 Gemeinden × all OZG-Leistungen,
 * computed from the database (the cache emptied before every round) and kept (the database
 * unchanged: every round reads the version stamp and copies the kept picture). Not a test: it
 * prints figures and fails only when the computation fails.
 *
 *   bench/lagebild.sh [DSN]      (builds this file against the core library, prepares a
 *                                 database with the real BW data and synthetic offers)
 *   lagebild DSN [ANTEIL_PROZENT] [RUNDEN]
 *
 * With ANTEIL_PROZENT > 0 it first gives every Gemeinde an office and, for that share of the
 * OZG-Leistungen (chosen by a fixed hash), an online service with a responsibility — about
 * 1,101 × 557 × share rows — in one transaction, unless that was done before. */
#include "domain/lagebild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/lagebild_cache.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/log.h"

static const char seed_sql[] =
    "INSERT INTO behoerde (schluessel, name, art, gemeinde_ags, kreis_ags) "
    " SELECT 'bench-' || ags, name, 'gemeinde', ags, kreis_ags FROM gemeinde;"
    "INSERT INTO organisationseinheit (behoerde_id, schluessel, name) "
    " SELECT id, schluessel || '-oe', 'Bürgeramt' FROM behoerde WHERE schluessel LIKE 'bench-%%';"
    "INSERT INTO onlinedienst (schluessel, oe_id, leistung_id, name, url, reifegrad, seit) "
    " SELECT 'b-' || o.id || '-' || l.id, o.id, l.id, 'Dienst', 'https://dienst.example', "
    "  (o.id + l.ozg_id) % 5, '202' || ((o.id + l.ozg_id) % 5) || '-0' || ((o.id * 7 + l.ozg_id) % "
    "9 + 1) || '-15' "
    " FROM organisationseinheit o JOIN behoerde b ON b.id = o.behoerde_id "
    " CROSS JOIN (SELECT MIN(id) AS id, ozg_id FROM leistung WHERE ozg_id IS NOT NULL "
    "   GROUP BY ozg_id) l "
    " WHERE b.schluessel LIKE 'bench-%%' AND ((o.id * 31 + l.ozg_id * 17) % 100) < %d;"
    "INSERT INTO zustaendigkeit (leistung_id, gebiet_ags, oe_id, onlinedienst_id) "
    " SELECT od.leistung_id, b.gemeinde_ags, od.oe_id, od.id FROM onlinedienst od "
    " JOIN organisationseinheit o ON o.id = od.oe_id JOIN behoerde b ON b.id = o.behoerde_id "
    " WHERE od.schluessel LIKE 'b-%%';";

static double
ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    struct db *db = NULL;
    struct db_conn *c = NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: %s DSN [ANTEIL_PROZENT] [RUNDEN]\n", argv[0]);
        return 2;
    }
    int anteil = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 0;
    int runden = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 200;
    if (runden < 1 || runden > 100000 || anteil < 0 || anteil > 100)
        return 2;
    log_set_quiet(1);
    if (db_open(argv[1], 1, &db) != ERR_OK || db_acquire(db, &c) != ERR_OK) {
        fprintf(stderr, "cannot open '%s'\n", argv[1]);
        return 1;
    }
    if (anteil > 0) {
        struct db_rows *rows;
        bool has = false;
        if (db_query(c, "SELECT 1 FROM behoerde WHERE schluessel LIKE 'bench-%'", NULL, 0, &rows) ==
            ERR_OK) {
            if (db_rows_next(rows, &has) != ERR_OK)
                has = false;
            db_rows_free(rows);
        }
        if (!has) {
            char sql[sizeof(seed_sql) + 16];
            snprintf(sql, sizeof(sql), seed_sql, anteil);
            struct timespec t0;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            if (db_begin(c) != ERR_OK || db_exec_script(c, sql) != ERR_OK ||
                db_commit(c) != ERR_OK) {
                fprintf(stderr, "cannot seed the synthetic offers\n");
                return 1;
            }
            /* fresh statistics and visibility map, as autovacuum would leave them */
            if (db_exec_script(c, db_kind(db) == DB_PG ? "VACUUM ANALYZE" : "ANALYZE") != ERR_OK) {
                fprintf(stderr, "cannot analyze\n");
                return 1;
            }
            printf("seeded offers for %d %% of the OZG-Leistungen in %.0f ms\n", anteil,
                   ms_since(&t0));
        }
    }
    /* BENCH_PRAGMA (SQLite only): e.g. "PRAGMA cache_size=-65536" to see what a page cache
     * that holds the working set gains; rathaus itself runs with SQLite's defaults */
    const char *pragma = getenv("BENCH_PRAGMA");
    if (pragma && *pragma && db_kind(db) == DB_SQLITE && db_exec_script(c, pragma) != ERR_OK)
        return 1;
    static const struct rollen_zuordnung rolle[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
    struct actor mi = {1, rolle, 1, false, false};
    struct arena *a = arena_new(256u * 1024 * 1024);
    double *ms = calloc((size_t)runden, sizeof(double));
    struct lagebild lb = {0};
    if (!a || !ms)
        return 1;
    int p99 = (int)((double)runden * 0.99);
    if (p99 >= runden)
        p99 = runden - 1;
    printf("| what | runs | p50 ms | p99 ms | max ms | target |\n| --- | --- | --- | --- | --- | "
           "--- |\n");
    /* cold: the cache emptied before every round (the full computation and the stamp read);
     * warm: the database unchanged, every round checks the stamp and copies the kept picture */
    for (int warm = 0; warm < 2; warm++) {
        for (int i = 0; i < runden + 5; i++) { /* 5 warm-up rounds */
            struct timespec t0;
            arena_reset(a);
            if (!warm)
                lagebild_cache_leeren();
            clock_gettime(CLOCK_MONOTONIC, &t0);
            if (lagebild_berechnen(c, a, &mi, NULL, (int64_t)time(NULL), &lb) != ERR_OK) {
                fprintf(stderr, "lagebild_berechnen failed\n");
                return 1;
            }
            if (i >= 5)
                ms[i - 5] = ms_since(&t0);
        }
        qsort(ms, (size_t)runden, sizeof(double), cmp_double);
        printf("| lagebild_berechnen (Land, %s, %s) | %d | %.2f | %.2f | %.2f | p99 < 50 ms %s |\n",
               db_kind(db) == DB_PG ? "PostgreSQL" : "SQLite",
               warm ? "kept, stamp unchanged" : "computed", runden, ms[runden / 2], ms[p99],
               ms[runden - 1], ms[p99] < 50 ? "✓" : "✗");
    }
    printf("Lagebild Land: %zu Gemeinden × %lld OZG-Leistungen, %lld online (%lld plattform, "
           "%lld gemeldet)\n",
           lb.n_gemeinden, (long long)lb.n_leistungen, (long long)lb.gesamt.online,
           (long long)lb.gesamt.plattform, (long long)lb.gesamt.meldung);
    free(ms);
    arena_free(a);
    db_release(c);
    db_close(db);
    return 0;
}
