#include "domain/mitarbeitende.h"

#include <string.h>

#include "api/json.h"
#include "api/konto.h"
#include "app.h"
#include "domain/konto.h"

int
api_mitarbeitende(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct mitarbeiter *m;
    size_t n;
    int64_t bid;
    int rc = api_aufruf_start(r, w, &x, &bid, NULL);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = mitarbeitende_liste(x.c, r->arena, &x.auth.actor, bid, &m, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "konto_id", (json_int_t)m[i].konto_id,
                              "email", m[i].email, "status", m[i].status, "rollen",
                              konto_rollen_json(m[i].rollen, m[i].n_rollen));
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, NULL));
}

int
api_mitarbeitende_invite(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t bid, kid = 0, oe = 0;
    int rc = api_aufruf_start(r, w, &x, &bid, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *jemail = json_object_get(body, "email"), *jrolle = json_object_get(body, "rolle");
    json_t *joe = json_object_get(body, "oe_id");
    if (!json_is_string(jemail) || !json_is_string(jrolle) ||
        (joe && !json_is_null(joe) && !json_is_integer(joe))) {
        f = (struct feld_fehler){!json_is_string(jemail)   ? "email"
                                 : !json_is_string(jrolle) ? "rolle"
                                                           : "oe_id",
                                 "Erwartet: email (Text), rolle („sachbearbeitung“ oder "
                                 "„behoerdenadmin“), oe_id (Zahl, optional)."};
        rc = ERR_INVALID;
    } else {
        if (joe && json_is_integer(joe))
            oe = (int64_t)json_integer_value(joe);
        rc = mitarbeitende_einladen(x.c, r->arena, &x.u, &x.auth.actor, bid,
                                    json_string_value(jemail), json_string_value(jrolle), oe, &kid,
                                    &f);
    }
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(
        w, 201,
        json_pack("{s:I, s:I}", "konto_id", (json_int_t)kid, "behoerde_id", (json_int_t)bid));
}

int
api_mitarbeitende_delete(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t bid, kid;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_id_param(r, w, "id", &bid);
    if (rc == ERR_OK)
        rc = api_id_param(r, w, "konto_id", &kid);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = mitarbeitende_entfernen(x.c, &x.u, &x.auth.actor, bid, kid);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    w->status = 204;
    w->content_type = NULL;
    buf_reset(&w->body);
    return ERR_OK;
}
