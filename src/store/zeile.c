#include "store/zeile.h"

int
zeile_query_int(struct db_conn *c, const char *sql, const struct db_param *p, size_t n,
                int64_t *out, bool *has)
{
    struct db_rows *rows;
    int rc = db_query(c, sql, p, n, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, has);
    if (rc == ERR_OK && *has)
        *out = zeile_int0(rows, 0);
    db_rows_free(rows);
    return rc;
}
