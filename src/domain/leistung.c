#include "domain/leistung.h"

#include <string.h>

#include "domain/cursor.h"
#include "store/leistung.h"

bool
leistung_is_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
            return false;
    return true;
}

int
leistung_get(struct db_conn *c, struct arena *a, const char *id, struct leistung *out)
{
    if (!leistung_is_id(id))
        return ERR_INVALID;
    return store_leistung_get(c, a, id, out);
}

int
leistung_stellen(struct db_conn *c, struct arena *a, const char *leistung_id,
                 const struct gemeinde *g, struct stelle **out, size_t *n)
{
    if (!leistung_is_id(leistung_id))
        return ERR_INVALID;
    return store_stellen(c, a, leistung_id, g->ags, g->kreis_ags, g->regierungsbezirk_ags, out, n);
}

int
leistung_katalog(struct db_conn *c, struct arena *a, int64_t limit, const char *cursor,
                 struct leistung **out, size_t *n, const char **next_cursor)
{
    char *parts[2] = {NULL, NULL};
    if (cursor && (cursor_decode(a, cursor, 2, parts) != ERR_OK || !leistung_is_id(parts[1])))
        return ERR_INVALID;
    int rc = store_leistung_page(c, a, parts[0], parts[1], limit + 1, out, n);
    if (rc != ERR_OK)
        return rc;
    *next_cursor = NULL;
    if (*n > (size_t)limit) {
        *n = (size_t)limit;
        const char *key[2] = {(*out)[*n - 1].name, (*out)[*n - 1].id};
        *next_cursor = cursor_encode(a, key, 2);
        if (!*next_cursor)
            return ERR_NOMEM;
    }
    return ERR_OK;
}

int
leistung_beliebt(struct db_conn *c, struct arena *a, int64_t max, struct leistung **out, size_t *n)
{
    if (max < 1 || max > 50)
        return ERR_INVALID;
    return store_leistung_beliebt(c, a, max, out, n);
}

int
leistung_stellen_fuer(struct db_conn *c, struct arena *a, const char *const *ids, size_t n_ids,
                      const struct gemeinde *g, struct stelle **out, size_t *n)
{
    for (size_t i = 0; i < n_ids; i++)
        if (!leistung_is_id(ids[i]))
            return ERR_INVALID;
    return store_stellen_fuer(c, a, ids, n_ids, g->ags, g->kreis_ags, g->regierungsbezirk_ags, out,
                              n);
}

void
leistung_stellen_von(const struct stelle *all, size_t n_all, const char *leistung_id, size_t *first,
                     size_t *n)
{
    size_t lo = 0, hi = n_all;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(all[mid].leistung_id, leistung_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < n_all && strcmp(all[end].leistung_id, leistung_id) == 0)
        end++;
    *first = lo;
    *n = end - lo;
}
