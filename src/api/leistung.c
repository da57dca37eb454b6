#include "domain/leistung.h"

#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/convert.h"
#include "api/json.h"
#include "app.h"
#include "domain/suche.h"
#include "store/db.h"

/* Resolve ?ort= into one Gemeinde; writes the problem response itself. */
static int
resolve_ort(struct http_req *r, struct http_resp *w, struct db_conn *c, const char *ort,
            struct gemeinde **g)
{
    struct gemeinde *found;
    size_t n;
    int rc = gebiet_ort_finden(c, r->arena, ort, 5, &found, &n);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, "ort",
                        "Bitte geben Sie einen Ort, eine Postleitzahl oder einen "
                        "achtstelligen Gemeindeschlüssel an (höchstens 200 Zeichen).");
    if (rc != ERR_OK)
        return rc;
    if (n == 0)
        return api_fail(w, ERR_NOTFOUND, "ort", "Zu dieser Angabe kennen wir keine Gemeinde.");
    *g = &found[0];
    return ERR_OK;
}

static json_t *
stellen_json(struct db_conn *c, struct arena *a, const char *leistung_id, const struct gemeinde *g,
             int *rc)
{
    struct stelle *st;
    size_t n;
    *rc = leistung_stellen(c, a, leistung_id, g, &st, &n);
    if (*rc != ERR_OK)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        if (json_array_append_new(arr, json_stelle(&st[i])) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    if (!arr)
        *rc = ERR_NOMEM;
    return arr;
}

int
api_leistungen(struct http_req *r, struct http_resp *w)
{
    int64_t limit;
    const char *cursor, *bad = NULL;
    const char *q = http_query(r, "q"), *ort = http_query(r, "ort");
    struct gemeinde *g = NULL;
    struct db_conn *c;
    json_t *items = NULL, *doc = NULL;

    int rc = api_paging(r, w, 20, 100, &limit, &cursor);
    if (rc != ERR_OK)
        return rc;
    if (q && (strlen(q) == 0 || strlen(q) > 200))
        return api_fail(w, ERR_INVALID, "q", "Der Suchbegriff hat 1 bis 200 Zeichen.");
    rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    /* a search answer depends on the catalogue only: kept per generation (domain/suche.h) */
    uint64_t gen = 0;
    const char *ckey = NULL;
    if (q && suche_stand(r->app->suche, c, r->arena, &gen) == ERR_OK) {
        ckey = arena_printf(r->arena, "api-leistungen\x1f%s\x1f%c%s\x1f%lld\x1f%c%s", q,
                            ort ? '1' : '0', ort ? ort : "", (long long)limit, cursor ? '1' : '0',
                            cursor ? cursor : "");
        if (ckey && w->body.len == 0 && suche_seite_holen(r->app->suche, gen, ckey, &w->body)) {
            db_release(c);
            w->status = 200;
            w->content_type = "application/json";
            return ERR_OK;
        }
    }
    if (ort && (rc = resolve_ort(r, w, c, ort, &g)) != ERR_OK)
        goto out;
    items = json_array();
    if (!items) {
        rc = ERR_NOMEM;
        goto out;
    }
    const char *next = NULL, *korrigiert = NULL;
    if (q) {
        struct suche_page page;
        rc = suche_leistungen(r->app->suche, c, r->arena, q, g, limit, cursor, &page, &bad);
        if (rc == ERR_INVALID) {
            rc = api_fail(w, rc, bad, "Der Parameter ist ungültig.");
            goto out;
        }
        if (rc != ERR_OK)
            goto out;
        struct stelle *am_ort = NULL;
        size_t n_am_ort = 0;
        if (g && page.n) {
            const char **ids = arena_alloc(r->arena, page.n * sizeof(*ids));
            if (!ids) {
                rc = ERR_NOMEM;
                goto out;
            }
            for (size_t i = 0; i < page.n; i++)
                ids[i] = page.items[i].leistung.id;
            rc = leistung_stellen_fuer(c, r->arena, ids, page.n, g, &am_ort, &n_am_ort);
        }
        for (size_t i = 0; rc == ERR_OK && i < page.n; i++) {
            json_t *it = json_leistung(&page.items[i].leistung, false);
            if (it && json_object_set_new(it, "score", json_integer(page.items[i].score)) != 0)
                rc = ERR_NOMEM;
            if (it && g && rc == ERR_OK) {
                size_t first, n;
                json_t *st = json_array();
                leistung_stellen_von(am_ort, n_am_ort, page.items[i].leistung.id, &first, &n);
                for (size_t k = 0; st && k < n && k < 20; k++)
                    if (json_array_append_new(st, json_stelle(&am_ort[first + k])) != 0)
                        rc = ERR_NOMEM;
                if (!st || json_object_set_new(it, "zustaendig", st) != 0)
                    rc = ERR_NOMEM;
            }
            if (!it || json_array_append_new(items, it) != 0)
                rc = ERR_NOMEM;
        }
        next = page.next_cursor;
        korrigiert = page.korrigiert;
    } else {
        struct leistung *ls;
        size_t n;
        rc = leistung_katalog(c, r->arena, limit, cursor, &ls, &n, &next);
        if (rc == ERR_INVALID) {
            rc = api_fail(w, rc, "cursor", "cursor ist ungültig.");
            goto out;
        }
        for (size_t i = 0; rc == ERR_OK && i < n; i++)
            if (json_array_append_new(items, json_leistung(&ls[i], false)) != 0)
                rc = ERR_NOMEM;
    }
    if (rc != ERR_OK)
        goto out;
    doc = api_list(items, next);
    items = NULL;
    if (doc && g)
        json_object_set_new(doc, "ort", json_gemeinde(g));
    if (doc && korrigiert)
        json_object_set_new(doc, "korrigiert", json_string(korrigiert));
    db_release(c);
    rc = api_json(w, 200, doc);
    if (rc == ERR_OK && ckey)
        suche_seite_merken(r->app->suche, gen, ckey, w->body.p, w->body.len);
    return rc;
out:
    json_decref(items);
    db_release(c);
    return rc;
}

int
api_leistung(struct http_req *r, struct http_resp *w)
{
    const char *id = http_param(r, "id"), *ort = http_query(r, "ort");
    struct leistung l;
    struct gemeinde *g = NULL;
    struct db_conn *c;

    if (!leistung_is_id(id))
        return api_fail(w, ERR_INVALID, "id",
                        "Die Kennung einer Leistung ist der 14-stellige LeiKa-Schlüssel oder "
                        "besteht aus Kleinbuchstaben, Ziffern und Bindestrichen.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = leistung_get(c, r->arena, id, &l);
    if (rc != ERR_OK) {
        db_release(c);
        return api_fail(w, rc, "id", "Diese Leistung gibt es nicht.");
    }
    if (ort && (rc = resolve_ort(r, w, c, ort, &g)) != ERR_OK) {
        db_release(c);
        return rc;
    }
    json_t *doc = json_leistung(&l, true);
    if (doc && g) {
        json_t *st = stellen_json(c, r->arena, id, g, &rc);
        if (st)
            json_object_set_new(doc, "zustaendig", st);
        json_object_set_new(doc, "ort", json_gemeinde(g));
    }
    db_release(c);
    if (rc != ERR_OK) {
        json_decref(doc);
        return rc;
    }
    return api_json(w, 200, doc);
}

int
api_zustaendigkeiten(struct http_req *r, struct http_resp *w)
{
    const char *id = http_query(r, "leistung"), *ort = http_query(r, "ort");
    struct leistung l;
    struct gemeinde *g = NULL;
    struct db_conn *c;

    if (!id)
        return api_fail(w, ERR_INVALID, "leistung", "Der Parameter leistung fehlt.");
    if (!leistung_is_id(id))
        return api_fail(w, ERR_INVALID, "leistung", "Die Kennung der Leistung ist ungültig.");
    if (!ort)
        return api_fail(w, ERR_INVALID, "ort", "Der Parameter ort fehlt.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = leistung_get(c, r->arena, id, &l);
    if (rc != ERR_OK) {
        db_release(c);
        return api_fail(w, rc, "leistung", "Diese Leistung gibt es nicht.");
    }
    rc = resolve_ort(r, w, c, ort, &g);
    json_t *items = rc == ERR_OK ? stellen_json(c, r->arena, id, g, &rc) : NULL;
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    json_t *doc = api_list(items, NULL);
    if (doc) {
        json_object_set_new(doc, "ort", json_gemeinde(g));
        json_object_set_new(doc, "leistung", json_leistung(&l, false));
    }
    return api_json(w, 200, doc);
}
