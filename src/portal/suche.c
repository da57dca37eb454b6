#include "domain/suche.h"

#include <string.h>

#include "api/convert.h"
#include "app.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"
#include "portal/portal.h"
#include "store/db.h"

/* The headers of a public page answered from the cache (domain/suche.h), as portal_render
 * sets them. */
static int
html_aus_cache(struct http_resp *w)
{
    w->status = 200;
    w->content_type = "text/html; charset=utf-8";
    return http_resp_header(w, "Cache-Control", "no-cache");
}

int
portal_start(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    uint64_t gen = 0;
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    /* nothing personal on it (no session, no form token: the search form is a GET) and
     * nothing but the catalogue in it: rendered once per catalogue generation */
    bool has_gen = suche_stand(r->app->suche, c, r->arena, &gen) == ERR_OK;
    if (has_gen && w->body.len == 0 && suche_seite_holen(r->app->suche, gen, "start", &w->body)) {
        db_release(c);
        return html_aus_cache(w);
    }
    json_t *data = json_object(), *beliebt = json_array();
    if (!data || !beliebt) {
        json_decref(data);
        json_decref(beliebt);
        db_release(c);
        return ERR_NOMEM;
    }
    struct leistung *ls;
    size_t n;
    rc = leistung_beliebt(c, r->arena, 9, &ls, &n);
    db_release(c);
    if (rc != ERR_OK) {
        json_decref(data);
        json_decref(beliebt);
        return rc;
    }
    for (size_t i = 0; i < n; i++)
        json_array_append_new(beliebt, json_leistung(&ls[i], false));
    json_object_set_new(data, "beliebt", beliebt);
    rc = portal_render(r, w, "portal/start", "Leistungen finden", data);
    if (rc == ERR_OK && has_gen)
        suche_seite_merken(r->app->suche, gen, "start", w->body.p, w->body.len);
    return rc;
}

/* The place typed into the form; sets data.fehler on a problem. NULL when none found. */
static struct gemeinde *
ort_aus_eingabe(struct http_req *r, struct db_conn *c, const char *ort, json_t *data)
{
    struct gemeinde *found;
    size_t n;
    if (!ort || !*ort)
        return NULL;
    int rc = gebiet_ort_finden(c, r->arena, ort, 5, &found, &n);
    if (rc == ERR_INVALID) {
        json_object_set_new(data, "fehler",
                            json_string("Der Ort ist zu lang. Bitte geben Sie höchstens 200 "
                                        "Zeichen ein."));
        return NULL;
    }
    if (rc != ERR_OK || n == 0) {
        json_object_set_new(data, "fehler",
                            json_string("Zu diesem Ort haben wir keine Gemeinde in "
                                        "Baden-Württemberg gefunden. Bitte prüfen Sie den Namen "
                                        "oder geben Sie die Postleitzahl ein."));
        return NULL;
    }
    json_object_set_new(data, "ortwahl", json_gemeinde(&found[0]));
    return &found[0];
}

static json_t *
stellen(struct http_req *r, struct db_conn *c, const char *id, const struct gemeinde *g)
{
    struct stelle *st;
    size_t n;
    json_t *arr = json_array();
    if (!arr || leistung_stellen(c, r->arena, id, g, &st, &n) != ERR_OK)
        return arr;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_stelle(&st[i]));
    return arr;
}

int
portal_suche(struct http_req *r, struct http_resp *w)
{
    const char *q = http_query(r, "q"), *ort = http_query(r, "ort"),
               *cursor = http_query(r, "cursor");
    struct db_conn *c;
    json_t *data = json_pack("{s:s, s:s}", "q", q ? q : "", "ort", ort ? ort : "");
    if (!data)
        return ERR_NOMEM;
    if (!q || !*q || strlen(q) > 200) {
        json_object_set_new(data, "fehler",
                            json_string("Bitte geben Sie ein, was Sie erledigen möchten (1 bis "
                                        "200 Zeichen)."));
        json_object_set_new(data, "anzahl_text", json_string(""));
        int rc = portal_render(r, w, "portal/suche", "Suche", data);
        if (rc == ERR_OK)
            w->status = 400;
        return rc;
    }
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK) {
        json_decref(data);
        return rc;
    }
    /* the results page holds nothing personal (the form is a GET, no token): kept per
     * catalogue generation under its parameters */
    uint64_t gen = 0;
    const char *ckey = NULL;
    if (suche_stand(r->app->suche, c, r->arena, &gen) == ERR_OK) {
        ckey = arena_printf(r->arena, "suche\x1f%s\x1f%c%s\x1f%c%s", q, ort ? '1' : '0',
                            ort ? ort : "", cursor ? '1' : '0', cursor ? cursor : "");
        if (ckey && w->body.len == 0 && suche_seite_holen(r->app->suche, gen, ckey, &w->body)) {
            db_release(c);
            json_decref(data);
            return html_aus_cache(w);
        }
    }
    struct gemeinde *g = ort_aus_eingabe(r, c, ort, data);
    struct suche_page page;
    const char *bad;
    rc = suche_leistungen(r->app->suche, c, r->arena, q, g, 10, cursor, &page, &bad);
    if (rc == ERR_INVALID) {
        json_object_set_new(data, "fehler", json_string("Die Suchanfrage ist ungültig."));
        page.n = 0;
        page.next_cursor = NULL;
        page.korrigiert = NULL;
        rc = ERR_OK;
    }
    /* the offices of the first five hits, in one query */
    struct stelle *st = NULL;
    size_t n_st = 0;
    if (rc == ERR_OK && g && page.n) {
        const char *ids[5];
        size_t n_ids = page.n < 5 ? page.n : 5;
        for (size_t i = 0; i < n_ids; i++)
            ids[i] = page.items[i].leistung.id;
        if (leistung_stellen_fuer(c, r->arena, ids, n_ids, g, &st, &n_st) != ERR_OK)
            n_st = 0;
    }
    json_t *treffer = json_array();
    for (size_t i = 0; rc == ERR_OK && treffer && i < page.n; i++) {
        const struct leistung *l = &page.items[i].leistung;
        json_t *t = json_leistung(l, false);
        if (!t)
            break;
        const char *link = g ? arena_printf(r->arena, "/leistungen/%s?ort=%s", l->id, g->ags)
                             : arena_printf(r->arena, "/leistungen/%s", l->id);
        json_object_set_new(t, "link", json_string(link ? link : "/"));
        if (g && i < 5) {
            json_t *arr = json_array();
            size_t first, n_von;
            leistung_stellen_von(st, n_st, l->id, &first, &n_von);
            for (size_t j = 0; arr && j < n_von && j < 20; j++)
                json_array_append_new(arr, json_stelle(&st[first + j]));
            json_object_set_new(t, "zustaendig", arr);
        }
        json_array_append_new(treffer, t);
    }
    db_release(c);
    if (rc != ERR_OK) {
        json_decref(treffer);
        json_decref(data);
        return rc;
    }
    json_object_set_new(data, "treffer", treffer);
    if (g)
        json_object_set_new(data, "ortname", json_string(g->name_kurz));
    if (page.korrigiert)
        json_object_set_new(data, "korrigiert", json_string(page.korrigiert));
    json_object_set_new(data, "anzahl_text",
                        json_string(page.n == 0        ? "Keine passende Leistung gefunden."
                                    : page.next_cursor ? "Die besten Treffer:"
                                                       : "Gefundene Leistungen:"));
    if (page.next_cursor) {
        /* the template percent-encodes path components only; build the query here */
        struct buf b = BUF_INIT(2048);
        const char *parts[] = {"q", q, "ort", ort ? ort : "", "cursor", page.next_cursor};
        int brc = buf_puts(&b, "/leistungen?");
        for (size_t i = 0; brc == ERR_OK && i < 6; i += 2) {
            brc = buf_printf(&b, "%s%s=", i ? "&" : "", parts[i]);
            for (const unsigned char *p = (const unsigned char *)parts[i + 1]; brc == ERR_OK && *p;
                 p++)
                brc = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                       (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.')
                          ? buf_putc(&b, (char)*p)
                          : buf_printf(&b, "%%%02X", *p);
        }
        if (brc == ERR_OK)
            json_object_set_new(data, "weiter", json_string(buf_cstr(&b)));
        buf_free(&b);
    }
    rc = portal_render(r, w, "portal/suche", "Suchergebnisse", data);
    if (rc == ERR_OK && ckey && w->status == 200)
        suche_seite_merken(r->app->suche, gen, ckey, w->body.p, w->body.len);
    return rc;
}

int
portal_leistung(struct http_req *r, struct http_resp *w)
{
    const char *id = http_param(r, "id"), *ort = http_query(r, "ort");
    struct leistung l;
    struct db_conn *c;
    if (!leistung_is_id(id))
        return ERR_NOTFOUND;
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = leistung_get(c, r->arena, id, &l);
    if (rc != ERR_OK) {
        db_release(c);
        return rc;
    }
    json_t *data =
        json_pack("{s:o, s:s}", "leistung", json_leistung(&l, true), "ort", ort ? ort : "");
    if (!data) {
        db_release(c);
        return ERR_NOMEM;
    }
    struct gemeinde *g = ort_aus_eingabe(r, c, ort, data);
    if (g) {
        json_t *st = stellen(r, c, id, g);
        json_object_set_new(data, "keine_stelle", json_boolean(json_array_size(st) == 0));
        json_object_set_new(data, "zustaendig", st);
    }
    db_release(c);
    return portal_render(r, w, "portal/leistung", l.name, data);
}
