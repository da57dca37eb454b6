/* zeile: the small helpers every entity store uses to read result rows and bind optional ids —
 * copying a text column into the caller's arena (NULL stays NULL), an integer column that may
 * be NULL, an id that binds SQL NULL when unset, and a query for a single integer.
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

#endif
