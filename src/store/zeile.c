#include "store/zeile.h"

#include <string.h>

#include "util/arena_array.h"

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

int
zeile_bytes(struct arena *a, struct db_rows *rows, int col, const void **p, size_t *len)
{
    size_t n = db_rows_len(rows, col);
    void *copy = arena_alloc(a, n ? n : 1);
    if (!copy)
        return ERR_NOMEM;
    if (n)
        memcpy(copy, db_rows_text(rows, col), n);
    *p = copy;
    *len = n;
    return ERR_OK;
}

int
zeile_read_text(struct db_rows *rows, struct arena *a, void *out)
{
    const char *s = zeile_dup(a, db_rows_text(rows, 0));
    *(const char **)out = s;
    return s ? ERR_OK : ERR_NOMEM;
}

int
zeile_read_text2(struct db_rows *rows, struct arena *a, void *out)
{
    const char **t = out;
    t[0] = zeile_dup(a, db_rows_text(rows, 0));
    t[1] = zeile_dup(a, db_rows_text(rows, 1));
    return t[0] && t[1] ? ERR_OK : ERR_NOMEM;
}

int
zeile_query_one(struct db_conn *c, const char *sql, const struct db_param *p, size_t n,
                zeile_reader_fn read, struct arena *a, void *out)
{
    struct db_rows *rows;
    bool has = false;
    int rc = db_query(c, sql, p, n, &rows);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(rows, &has);
    if (rc == ERR_OK && !has)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = read(rows, a, out);
    db_rows_free(rows);
    return rc;
}

int
zeile_query_list(struct db_conn *c, const char *sql, const struct db_param *p, size_t n,
                 zeile_reader_fn read, struct arena *a, size_t size, void *out, size_t *n_out)
{
    struct db_rows *rows;
    void *arr = NULL;
    size_t k = 0, cap = 0;
    bool has;
    int rc = db_query(c, sql, p, n, &rows);
    if (rc != ERR_OK)
        return rc;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has) {
        if (!(arr = arena_array_grow(a, arr, k, &cap, size))) {
            rc = ERR_NOMEM;
            break;
        }
        memset((char *)arr + k * size, 0, size);
        rc = read(rows, a, (char *)arr + k++ * size);
        if (rc != ERR_OK)
            break;
    }
    db_rows_free(rows);
    if (rc != ERR_OK)
        return rc;
    /* the caller's `struct x *` takes the array's address (object pointers share one
     * representation on every platform we build for, as POSIX requires) */
    memcpy(out, &arr, sizeof(arr));
    *n_out = k;
    return ERR_OK;
}

struct ints {
    int64_t *v;
    size_t n;
};

static int
read_ints(struct db_rows *rows, struct arena *a, void *out)
{
    struct ints *x = out;
    (void)a;
    for (size_t i = 0; i < x->n; i++)
        x->v[i] = zeile_int0(rows, (int)i);
    return ERR_OK;
}

int
zeile_query_ints(struct db_conn *c, const char *sql, const struct db_param *p, size_t n,
                 int64_t *out, size_t n_out)
{
    struct ints x = {out, n_out};
    return zeile_query_one(c, sql, p, n, read_ints, NULL, &x);
}

int
zeile_insert_id(struct db_conn *c, const char *sql, const struct db_param *p, size_t n, int64_t *id)
{
    int rc = zeile_query_ints(c, sql, p, n, id, 1);
    return rc == ERR_NOTFOUND ? ERR_DB : rc;
}
