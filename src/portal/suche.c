#include "domain/suche.h"

#include <string.h>

#include "api/convert.h"
#include "app.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"
#include "portal/portal.h"
#include "store/db.h"

int
portal_start(struct http_req *r, struct http_resp *w)
{
    struct db_conn *c;
    json_t *data = json_object(), *beliebt = json_array();
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK || !data || !beliebt) {
        json_decref(data);
        json_decref(beliebt);
        if (rc == ERR_OK)
            db_release(c);
        return rc != ERR_OK ? rc : ERR_NOMEM;
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
    return portal_render(r, w, "portal/start", "Leistungen finden", data);
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
    json_t *treffer = json_array();
    for (size_t i = 0; rc == ERR_OK && treffer && i < page.n; i++) {
        const struct leistung *l = &page.items[i].leistung;
        json_t *t = json_leistung(l, false);
        if (!t)
            break;
        const char *link = g ? arena_printf(r->arena, "/leistungen/%s?ort=%s", l->id, g->ags)
                             : arena_printf(r->arena, "/leistungen/%s", l->id);
        json_object_set_new(t, "link", json_string(link ? link : "/"));
        if (g && i < 5)
            json_object_set_new(t, "zustaendig", stellen(r, c, l->id, g));
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
    return portal_render(r, w, "portal/suche", "Suchergebnisse", data);
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
