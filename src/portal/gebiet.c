#include "domain/gebiet.h"

#include <stdio.h>
#include <string.h>

#include "api/convert.h"
#include "app.h"
#include "domain/behoerde.h"
#include "portal/portal.h"
#include "store/db.h"

static void
set_zahl(struct http_req *r, json_t *o, const char *key, long long v)
{
    json_object_set_new(o, key, json_string(portal_zahl(r, v)));
}

int
portal_regierungsbezirke(struct http_req *r, struct http_resp *w)
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
    for (size_t i = 0; items && i < n; i++) {
        json_t *o = json_regierungsbezirk(&arr[i]);
        if (o)
            set_zahl(r, o, "einwohner_text", arr[i].einwohner);
        json_array_append_new(items, o);
    }
    return portal_render(r, w, "portal/regierungsbezirke", "Regierungsbezirke",
                         json_pack("{s:o}", "items", items));
}

int
portal_regierungsbezirk(struct http_req *r, struct http_resp *w)
{
    const char *ags = http_param(r, "ags");
    struct regierungsbezirk rb;
    struct kreis *ks;
    size_t n;
    struct db_conn *c;
    if (!gebiet_is_rb_ags(ags))
        return ERR_NOTFOUND;
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_regierungsbezirk(c, r->arena, ags, &rb);
    if (rc == ERR_OK)
        rc = gebiet_kreise(c, r->arena, ags, &ks, &n);
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    json_t *kreise = json_array();
    for (size_t i = 0; kreise && i < n; i++) {
        json_t *o = json_kreis(&ks[i]);
        if (o)
            set_zahl(r, o, "einwohner_text", ks[i].einwohner);
        json_array_append_new(kreise, o);
    }
    json_t *data = json_pack("{s:o, s:o}", "rb", json_regierungsbezirk(&rb), "kreise", kreise);
    if (data)
        set_zahl(r, data, "einwohner_text", rb.einwohner);
    return portal_render(r, w, "portal/regierungsbezirk",
                         arena_printf(r->arena, "Regierungsbezirk %s", rb.name), data);
}

static const char *
sort_param(enum gemeinde_sort s, bool desc)
{
    static const char *const names[3][2] = {
        {"name", "-name"}, {"einwohner", "-einwohner"}, {"ags", "-ags"}};
    return names[s][desc ? 1 : 0];
}

int
portal_kreis(struct http_req *r, struct http_resp *w)
{
    const char *ags = http_param(r, "ags"), *sort = http_query(r, "sort");
    struct kreis k;
    struct gemeinde_filter f = {0};
    struct gemeinde_page page;
    struct behoerde *bs = NULL;
    size_t n_bs = 0;
    const char *bad;
    struct db_conn *c;

    if (!gebiet_is_kreis_ags(ags))
        return ERR_NOTFOUND;
    f.kreis_ags = ags;
    f.limit = 25;
    f.cursor = http_query(r, "cursor");
    if (sort) {
        bool desc = sort[0] == '-';
        const char *s = desc ? sort + 1 : sort;
        f.desc = desc;
        if (strcmp(s, "einwohner") == 0)
            f.sort = GEMEINDE_SORT_EINWOHNER;
        else if (strcmp(s, "ags") == 0)
            f.sort = GEMEINDE_SORT_AGS;
        else if (strcmp(s, "name") == 0)
            f.sort = GEMEINDE_SORT_NAME;
        else
            return ERR_INVALID;
    }
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_kreis(c, r->arena, ags, &k);
    if (rc == ERR_OK)
        rc = gebiet_gemeinden(c, r->arena, &f, &page, &bad);
    if (rc == ERR_OK)
        rc = behoerde_list_ort(c, r->arena, ags, &bs, &n_bs);
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    json_t *gs = json_array(), *behoerden = json_array();
    for (size_t i = 0; gs && i < page.n; i++) {
        json_t *o = json_gemeinde(&page.items[i]);
        if (o)
            set_zahl(r, o, "einwohner_text", page.items[i].einwohner);
        json_array_append_new(gs, o);
    }
    for (size_t i = 0; behoerden && i < n_bs; i++)
        if (strcmp(bs[i].art, "gemeinde") != 0)
            json_array_append_new(behoerden, json_behoerde(&bs[i]));
    json_t *data = json_pack("{s:o, s:o, s:o}", "kreis", json_kreis(&k), "gemeinden", gs,
                             "behoerden", behoerden);
    if (!data)
        return ERR_NOMEM;
    set_zahl(r, data, "einwohner_text", k.einwohner);
    static const char *const cols[3] = {"name", "einwohner", "ags"};
    for (int s = 0; s < 3; s++) {
        bool active = (int)f.sort == s;
        /* a click on the active column flips the direction */
        const char *link = arena_printf(r->arena, "/kreise/%s?sort=%s#gemeinden", ags,
                                        sort_param((enum gemeinde_sort)s, active && !f.desc));
        json_object_set_new(data, arena_printf(r->arena, "link_%s", cols[s]), json_string(link));
        json_object_set_new(data, arena_printf(r->arena, "sort_%s", cols[s]),
                            json_string(!active  ? "none"
                                        : f.desc ? "descending"
                                                 : "ascending"));
    }
    json_object_set_new(data, "sortiert_nach",
                        json_string(f.sort == GEMEINDE_SORT_NAME        ? "Name"
                                    : f.sort == GEMEINDE_SORT_EINWOHNER ? "Einwohnern"
                                                                        : "AGS"));
    if (page.next_cursor)
        json_object_set_new(
            data, "weiter",
            json_string(arena_printf(r->arena, "/kreise/%s?sort=%s&cursor=%s", ags,
                                     sort_param(f.sort, f.desc), page.next_cursor)));
    return portal_render(r, w, "portal/kreis", k.name, data);
}

int
portal_gemeinde(struct http_req *r, struct http_resp *w)
{
    const char *ags = http_param(r, "ags");
    struct gemeinde g;
    struct behoerde *bs = NULL;
    struct online_angebot *on = NULL;
    size_t n_bs = 0, n_on = 0;
    struct db_conn *c;
    if (!gebiet_is_gemeinde_ags(ags))
        return ERR_NOTFOUND;
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = gebiet_gemeinde(c, r->arena, ags, &g);
    if (rc == ERR_OK)
        rc = behoerde_list_ort(c, r->arena, ags, &bs, &n_bs);
    if (rc == ERR_OK)
        rc = behoerde_online_angebote(c, r->arena, ags, g.kreis_ags, &on, &n_on);
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    json_t *behoerden = json_array(), *online = json_array();
    for (size_t i = 0; behoerden && i < n_bs; i++)
        json_array_append_new(behoerden, json_behoerde(&bs[i]));
    for (size_t i = 0; online && i < n_on; i++)
        json_array_append_new(online, json_online_angebot(&on[i]));
    json_t *data = json_pack("{s:o, s:o, s:o}", "g", json_gemeinde(&g), "behoerden", behoerden,
                             "online", online);
    if (!data)
        return ERR_NOMEM;
    set_zahl(r, data, "einwohner_text", g.einwohner);
    char flaeche[32];
    snprintf(flaeche, sizeof(flaeche), "%.2f", g.flaeche_km2);
    char *comma = strchr(flaeche, '.');
    if (comma)
        *comma = ',';
    json_object_set_new(data, "flaeche_text", json_string(flaeche));
    return portal_render(r, w, "portal/gemeinde", g.name, data);
}

int
portal_behoerde(struct http_req *r, struct http_resp *w)
{
    int64_t id;
    struct behoerde b;
    struct db_conn *c;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = behoerde_get(c, r->arena, id, &b);
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    return portal_render(r, w, "portal/behoerde", b.name,
                         json_pack("{s:o}", "b", json_behoerde(&b)));
}
