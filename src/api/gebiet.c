#include "domain/gebiet.h"

#include <string.h>

#include "api/api.h"
#include "api/convert.h"
#include "api/json.h"
#include "app.h"
#include "store/db.h"

int
api_regierungsbezirke(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    struct regierungsbezirk *arr;
    size_t n;
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_regierungsbezirke(c, r->arena, &arr, &n);
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, json_regierungsbezirk(&arr[i])) != 0)
            return (json_decref(items), ERR_NOMEM);
    return api_json(w, 200, api_list(items, NULL));
}

int
api_regierungsbezirk(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    struct regierungsbezirk rb;
    const char *ags = http_param(r, "ags");
    if (!gebiet_is_rb_ags(ags))
        return api_fail(w, ERR_INVALID, "ags", "Der Schlüssel hat drei Ziffern, z. B. 081.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_regierungsbezirk(c, r->arena, ags, &rb);
    db_release(c);
    if (rc != ERR_OK)
        return api_fail(w, rc, "ags", "Diesen Regierungsbezirk gibt es nicht.");
    return api_json(w, 200, json_regierungsbezirk(&rb));
}

int
api_kreise(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    struct kreis *arr;
    size_t n;
    const char *rb = http_query(r, "regierungsbezirk");
    if (rb && !gebiet_is_rb_ags(rb))
        return api_fail(w, ERR_INVALID, "regierungsbezirk",
                        "Der Schlüssel des Regierungsbezirks hat drei Ziffern, z. B. 081.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_kreise(c, r->arena, rb, &arr, &n);
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, json_kreis(&arr[i])) != 0)
            return (json_decref(items), ERR_NOMEM);
    return api_json(w, 200, api_list(items, NULL));
}

int
api_kreis(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    struct kreis k;
    const char *ags = http_param(r, "ags");
    if (!gebiet_is_kreis_ags(ags))
        return api_fail(w, ERR_INVALID, "ags", "Der Kreisschlüssel hat fünf Ziffern, z. B. 08115.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_kreis(c, r->arena, ags, &k);
    db_release(c);
    if (rc != ERR_OK)
        return api_fail(w, rc, "ags", "Diesen Kreis gibt es nicht.");
    return api_json(w, 200, json_kreis(&k));
}

/* Parse ?sort=name|-name|einwohner|-einwohner|ags|-ags. */
static int
parse_sort(const char *s, enum gemeinde_sort *sort, bool *desc)
{
    *sort = GEMEINDE_SORT_NAME;
    *desc = false;
    if (!s)
        return ERR_OK;
    if (*s == '-') {
        *desc = true;
        s++;
    }
    if (strcmp(s, "name") == 0)
        *sort = GEMEINDE_SORT_NAME;
    else if (strcmp(s, "einwohner") == 0)
        *sort = GEMEINDE_SORT_EINWOHNER;
    else if (strcmp(s, "ags") == 0)
        *sort = GEMEINDE_SORT_AGS;
    else
        return ERR_INVALID;
    return ERR_OK;
}

int
api_gemeinden(struct http_req *r, struct http_resp *w)
{
    struct gemeinde_filter f = {0};
    struct gemeinde_page page;
    const char *bad = NULL;
    struct db_conn *c;

    int rc = api_paging(r, w, 50, 100, &f.limit, &f.cursor);
    if (rc != ERR_OK)
        return rc;
    f.q = http_query(r, "q");
    f.kreis_ags = http_query(r, "kreis");
    if (parse_sort(http_query(r, "sort"), &f.sort, &f.desc) != ERR_OK)
        return api_fail(w, ERR_INVALID, "sort",
                        "sort ist name, einwohner oder ags, absteigend mit vorangestelltem -.");
    if (f.kreis_ags && !gebiet_is_kreis_ags(f.kreis_ags))
        return api_fail(w, ERR_INVALID, "kreis", "Der Kreisschlüssel hat fünf Ziffern.");
    rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_gemeinden(c, r->arena, &f, &page, &bad);
    db_release(c);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; items && i < page.n; i++)
        if (json_array_append_new(items, json_gemeinde(&page.items[i])) != 0)
            return (json_decref(items), ERR_NOMEM);
    return api_json(w, 200, api_list(items, page.next_cursor));
}

int
api_gemeinde(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    struct gemeinde g;
    const char *ags = http_param(r, "ags");
    if (!gebiet_is_gemeinde_ags(ags))
        return api_fail(w, ERR_INVALID, "ags",
                        "Der Gemeindeschlüssel (AGS) hat acht Ziffern, z. B. 08111000.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_gemeinde(c, r->arena, ags, &g);
    db_release(c);
    if (rc != ERR_OK)
        return api_fail(w, rc, "ags", "Diese Gemeinde gibt es nicht.");
    return api_json(w, 200, json_gemeinde(&g));
}
