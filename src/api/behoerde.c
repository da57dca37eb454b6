#include "domain/behoerde.h"

#include "api/api.h"
#include "api/convert.h"
#include "api/json.h"
#include "app.h"
#include "domain/gebiet.h"
#include "store/db.h"

int
api_behoerden(struct http_req *r, struct http_resp *w)
{
    const char *ort = http_query(r, "ort");
    struct behoerde *arr;
    size_t n;
    struct db_conn *c;

    if (!ort)
        return api_fail(w, ERR_INVALID, "ort", "Der Parameter ort (AGS) fehlt.");
    if (!gebiet_is_gemeinde_ags(ort) && !gebiet_is_kreis_ags(ort))
        return api_fail(w, ERR_INVALID, "ort",
                        "ort ist ein Gemeindeschlüssel (8 Ziffern) oder Kreisschlüssel (5).");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = behoerde_list_ort(c, r->arena, ort, &arr, &n);
    db_release(c);
    if (rc != ERR_OK)
        return api_fail(w, rc, "ort", "Diesen Ort gibt es nicht.");
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, json_behoerde(&arr[i])) != 0)
            return (json_decref(items), ERR_NOMEM);
    return api_json(w, 200, api_list(items, NULL));
}

int
api_behoerde(struct http_req *r, struct http_resp *w)
{
    int64_t id;
    struct behoerde b;
    struct db_conn *c;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK)
        return api_fail(w, ERR_INVALID, "id", "Die Kennung einer Behörde ist eine positive Zahl.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = behoerde_get(c, r->arena, id, &b);
    db_release(c);
    if (rc != ERR_OK)
        return api_fail(w, rc, "id", "Diese Behörde gibt es nicht.");
    return api_json(w, 200, json_behoerde(&b));
}
