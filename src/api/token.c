#include "domain/token.h"

#include <string.h>

#include "api/json.h"
#include "api/konto.h"
#include "app.h"

static json_t *
token_json(const struct api_token *t)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:o}", "id", (json_int_t)t->id, "name",
                     t->name, "scope", t->scope, "anfang", t->anfang, "erstellt",
                     (json_int_t)t->erstellt, "ablauf", (json_int_t)t->ablauf, "widerrufen",
                     t->widerrufen ? json_integer(t->widerrufen) : json_null(), "zuletzt",
                     t->zuletzt ? json_integer(t->zuletzt) : json_null());
}

int
api_tokens(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct api_token *t;
    size_t n;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = token_liste(x.c, r->arena, &x.auth.actor, &t, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        if (json_array_append_new(items, token_json(&t[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, NULL));
}

int
api_token_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct api_token t;
    struct feld_fehler f = {0};
    char geheim[TOKEN_TEXT_LEN + 1];
    json_t *body = NULL;
    int64_t tage = 30;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *jname = json_object_get(body, "name"), *jscope = json_object_get(body, "scope");
    json_t *jtage = json_object_get(body, "tage");
    if ((jname && !json_is_string(jname)) || !json_is_string(jscope) ||
        (jtage && !json_is_integer(jtage))) {
        f = (struct feld_fehler){jscope && !json_is_string(jscope) ? "scope"
                                 : !jscope                         ? "scope"
                                 : jname && !json_is_string(jname) ? "name"
                                                                   : "tage",
                                 "Erwartet: name (Text, optional), scope („lesen“ oder „voll“), "
                                 "tage (ganze Zahl, optional, Vorgabe 30)."};
        rc = ERR_INVALID;
    } else {
        if (jtage)
            tage = (int64_t)json_integer_value(jtage);
        rc = token_erstellen(x.c, r->arena, &x.u, &x.auth.actor, x.auth.actor.konto_id,
                             jname ? json_string_value(jname) : NULL, json_string_value(jscope),
                             tage, &t, geheim, &f);
    }
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    json_t *doc = token_json(&t);
    if (doc && json_object_set_new(doc, "token", json_string(geheim)) != 0) {
        json_decref(doc);
        doc = NULL;
    }
    rc = http_resp_header(w, "Cache-Control", "no-store");
    if (rc != ERR_OK) {
        json_decref(doc);
        return rc;
    }
    return api_json(w, 201, doc);
}

int
api_token_delete(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    int rc = api_aufruf_start(r, w, &x, &id, NULL);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = token_widerrufen(x.c, &x.u, &x.auth.actor, id);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    w->status = 204;
    w->content_type = NULL;
    buf_reset(&w->body);
    return ERR_OK;
}
