/* bench_data/rows: what the benchmark data generator (bench_data/generate.h) writes with — a
 * deterministic random number generator and batched multi-row INSERTs through the store
 * interface (store/db.h).
 *
 * struct rng is xoshiro256** seeded by splitmix64: the same seed gives the same numbers on
 * every platform (no rand()).
 *
 * struct rows buffers up to ROWS_CAP rows of one table and writes them as INSERT statements
 * of 64, 32, ..., 1 rows each: the SQL of every size is built once into static storage (the
 * store caches prepared statements by the address of their text), so a full batch is one
 * prepared statement with 64 rows of bound values. Text values given to a row are copied into
 * the writer's arena, which is reset after each flush. Rows reference others by ids the
 * generator assigns itself; the caller flushes parents before children (foreign keys are
 * checked at once). Owner: the caller, rows_close() frees. Not thread-safe. */
#ifndef RATHAUS_BENCH_DATA_ROWS_H
#define RATHAUS_BENCH_DATA_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct rng {
    uint64_t s[4];
};

/* Seed from `seed` through splitmix64. Cannot fail. */
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_next(struct rng *r);
/* Uniform in [0, n) (n > 0; 0 when n == 0). */
uint64_t rng_below(struct rng *r, uint64_t n);
/* Uniform in [lo, hi] (lo <= hi). */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);
/* True with `percent` percent probability. */
bool rng_chance(struct rng *r, unsigned percent);
/* An element of a NULL-terminated-free array of `n` strings. */
const char *rng_pick(struct rng *r, const char *const *arr, size_t n);

/* The tables the generator writes; rows.c holds their column lists. */
enum rows_table {
    ROWS_KONTO,
    ROWS_KONTO_ROLLE,
    ROWS_FORMULAR,
    ROWS_BLOB,
    ROWS_AKTE,
    ROWS_ANTRAG,
    ROWS_ANTRAG_DATEN,
    ROWS_ANTRAG_STATUS,
    ROWS_EINGANGSBESTAETIGUNG,
    ROWS_VORGANG,
    ROWS_VERMERK,
    ROWS_WIEDERVORLAGE,
    ROWS_EINGANG,
    ROWS_AKTE_SUCHTEXT,
    ROWS_N_TABLES
};

#define ROWS_CAP 512 /* rows buffered per table before the caller must flush */

struct rows {
    struct db_conn *c;
    enum rows_table t;
    size_t n_cols, n_rows;
    struct db_param *p; /* ROWS_CAP * n_cols */
    struct arena *text; /* text of the buffered rows */
    int64_t written;    /* rows written so far */
    bool is_nomem;      /* a text value did not fit: the next flush fails with ERR_NOMEM */
};

/* The name of a table (for messages and counts). */
const char *rows_table_name(enum rows_table t);

/* Set up a writer for table `t` on connection `c`. ERR_NOMEM. */
RH_MUST_CHECK int rows_open(struct rows *w, struct db_conn *c, enum rows_table t);
void rows_close(struct rows *w);

/* The n_cols values of a new row, to be filled by the caller (all of them), or NULL when the
 * writer is full (flush first). */
struct db_param *rows_add(struct rows *w);
/* True when the writer holds ROWS_CAP rows. */
bool rows_full(const struct rows *w);
/* A text value for the current batch: printf into the writer's arena. NULL when out of
 * memory (the caller reports ERR_NOMEM). */
const char *rows_printf(struct rows *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A copy of `s` (len bytes) for the current batch as a bound text value. */
struct db_param rows_text(struct rows *w, const char *s, size_t len);
/* Write the buffered rows. ERR_DB/ERR_BUSY from the database, ERR_NOMEM when a text value
 * of the batch could not be copied. */
RH_MUST_CHECK int rows_flush(struct rows *w);

#endif
