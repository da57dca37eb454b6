/* zeile: the small helpers every entity store uses to read result rows and bind optional ids —
 * copying a text or bytes column into the caller's arena (NULL stays NULL), an integer column
 * that may be NULL, an id that binds SQL NULL when unset, a query for a single integer, the id
 * of an INSERT ... RETURNING id, and a query for one row (ERR_NOTFOUND without one) or every
 * row, each row handed to a reader (or one row read as integers).
 * Nothing here owns memory: copies live in the arena passed in. Thread-safe as db.h is. */
#ifndef RATHAUS_STORE_ZEILE_H
#define RATHAUS_STORE_ZEILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

/* A copy of s in a, or NULL when s is NULL (or the arena is full: callers that must tell the
 * two apart check the column for NULL first). */
static inline const char *
zeile_dup(struct arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

/* Column `col` as an integer, 0 when it is NULL. */
static inline int64_t
zeile_int0(struct db_rows *rows, int col)
{
    return db_rows_is_null(rows, col) ? 0 : db_rows_int(rows, col);
}

/* Column `col` as bytes: a copy in `a` to *p (not NULL, even for none) and its length to *len.
 * ERR_OK or ERR_NOMEM; neither is set on ERR_NOMEM. */
RH_MUST_CHECK int zeile_bytes(struct arena *a, struct db_rows *rows, int col, const void **p,
                              size_t *len);

/* An id to bind: SQL NULL for 0 (or any value <= 0, which no row has). */
static inline struct db_param
dbp_id(int64_t id)
{
    return id > 0 ? dbp_int(id) : dbp_null();
}

/* Run `sql` (static text, see db.h) and read the first column of its first row into *out
 * (0 when NULL); *has tells whether there was a row. ERR_OK or the error of db_query(). */
RH_MUST_CHECK int zeile_query_int(struct db_conn *c, const char *sql, const struct db_param *p,
                                  size_t n, int64_t *out, bool *has);

/* Reads the current row of `rows` into `out`, copying text into `a`. Returns ERR_OK or the
 * error that stops the read (ERR_NOMEM for a full arena). */
typedef int (*zeile_reader_fn)(struct db_rows *rows, struct arena *a, void *out);

/* zeile_reader_fn for text: column 0 copied to *(const char **)out, or columns 0 and 1 to
 * ((const char **)out)[0] and [1]. ERR_NOMEM when a copy fails or a column is NULL. */
RH_MUST_CHECK int zeile_read_text(struct db_rows *rows, struct arena *a, void *out);
RH_MUST_CHECK int zeile_read_text2(struct db_rows *rows, struct arena *a, void *out);

/* Run `sql` (static text, see db.h) and hand its first row to `read(rows, a, out)`.
 * ERR_NOTFOUND when there is no row (then `read` is not called), else the error of db_query()
 * or of `read`. What `read` copies lives in `a`. */
RH_MUST_CHECK int zeile_query_one(struct db_conn *c, const char *sql, const struct db_param *p,
                                  size_t n, zeile_reader_fn read, struct arena *a, void *out);

/* Run `sql` and read each of its rows with `read` into a new, zeroed element of `size` bytes
 * of an array allocated in `a`. `out` points to the caller's array pointer (a `struct x **` for
 * elements of `struct x`), which gets the array (NULL for no rows), *n_out its length; neither
 * is set on an error (ERR_NOMEM for a full arena, the error of db_query() or of `read`). */
RH_MUST_CHECK int zeile_query_list(struct db_conn *c, const char *sql, const struct db_param *p,
                                   size_t n, zeile_reader_fn read, struct arena *a, size_t size,
                                   void *out, size_t *n_out);

/* Run `sql`, an INSERT ... RETURNING id, and read the id into *id. ERR_DB when it returns no
 * row, else the error of db_query(). */
RH_MUST_CHECK int zeile_insert_id(struct db_conn *c, const char *sql, const struct db_param *p,
                                  size_t n, int64_t *id);

/* Like zeile_query_one() for a row of integers: columns 0..n_out-1 into out[] (0 for NULL).
 * ERR_NOTFOUND when there is no row, else the error of db_query(). */
RH_MUST_CHECK int zeile_query_ints(struct db_conn *c, const char *sql, const struct db_param *p,
                                   size_t n, int64_t *out, size_t n_out);

#endif
