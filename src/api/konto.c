#include "api/konto.h"

#include <string.h>

#include "api/json.h"
#include "app.h"
#include "domain/konto.h"
#include "domain/sitzung.h"
#include "store/db.h"

/* Literal patterns come before captured ones. */
const struct route konto_api_routes[] = {
    {"GET", "/api/v1/konto", api_konto_get, ROUTE_API},
    {"DELETE", "/api/v1/konto", api_konto_delete, ROUTE_API},
    {"GET", "/api/v1/konto/export", api_konto_export, ROUTE_API},
    {"GET", "/api/v1/konto/sitzungen", api_sitzungen, ROUTE_API},
    {"DELETE", "/api/v1/konto/sitzungen/{id}", api_sitzung_delete, ROUTE_API},
    {"GET", "/api/v1/tokens", api_tokens, ROUTE_API},
    {"POST", "/api/v1/tokens", api_token_create, ROUTE_API},
    {"DELETE", "/api/v1/tokens/{id}", api_token_delete, ROUTE_API},
    {"GET", "/api/v1/behoerden/{id}/mitarbeitende", api_mitarbeitende, ROUTE_API},
    {"POST", "/api/v1/behoerden/{id}/mitarbeitende", api_mitarbeitende_invite, ROUTE_API},
    {"DELETE", "/api/v1/behoerden/{id}/mitarbeitende/{konto_id}", api_mitarbeitende_delete,
     ROUTE_API},
    {0, 0, 0, 0},
};

int
api_konto_fehler(struct http_resp *w, int rc, const struct feld_fehler *f)
{
    int wr;
    switch (rc) {
    case ERR_UNAUTHORIZED:
        buf_reset(&w->body);
        wr = http_resp_header(w, "WWW-Authenticate", "Bearer realm=\"rathaus\"");
        if (wr == ERR_OK)
            wr = api_problem(w, 401, "Nicht angemeldet",
                             "Diese Anfrage braucht ein gültiges API-Token (Authorization: "
                             "Bearer) oder eine Anmeldung.",
                             NULL);
        return wr;
    case ERR_FORBIDDEN:
        return api_problem(w, 403, "Keine Berechtigung", "Ihr Konto oder Token darf das nicht.",
                           NULL);
    case ERR_NOTFOUND:
        return api_problem(w, 404, "Nicht gefunden", "Das gesuchte Objekt gibt es nicht.", NULL);
    case ERR_CONFLICT:
        return api_problem(w, 409, "Konflikt",
                           "Der Zustand lässt das nicht zu (schon vorhanden oder letzte "
                           "Administration der Behörde).",
                           NULL);
    case ERR_INVALID:
        return api_bad_param(w, f && f->feld ? f->feld : NULL,
                             f && f->text ? f->text : "Die Eingabe ist ungültig.");
    default:
        return rc;
    }
}

int
api_aufruf_beginn(struct http_req *r, struct http_resp *w, struct api_aufruf *x)
{
    int rc;
    memset(x, 0, sizeof(*x));
    auth_umfeld(r, &x->u);
    rc = db_acquire(r->app->db, &x->c);
    if (rc != ERR_OK)
        return rc;
    rc = auth_resolve(r, x->c, &x->auth);
    if (rc == ERR_OK && x->auth.actor.konto_id <= 0)
        rc = ERR_UNAUTHORIZED;
    if (rc == ERR_OK && !x->auth.is_token && r->method != HTTP_GET && r->method != HTTP_HEAD &&
        auth_csrf_pruefen(r, &x->auth, http_header(r, "X-CSRF-Token")) != ERR_OK) {
        rc = api_problem(w, 403, "Keine Berechtigung",
                         "Anfragen mit Sitzungs-Cookie brauchen den CSRF-Token im Kopf "
                         "X-CSRF-Token.",
                         NULL);
        rc = rc == ERR_OK ? ERR_FORBIDDEN : rc;
        db_release(x->c);
        x->c = NULL;
        return rc;
    }
    if (rc != ERR_OK) {
        db_release(x->c);
        x->c = NULL;
        int wr = api_konto_fehler(w, rc, NULL);
        return wr == ERR_OK ? rc : wr;
    }
    return ERR_OK;
}

void
api_aufruf_ende(struct api_aufruf *x)
{
    if (x->c)
        db_release(x->c);
    x->c = NULL;
}

int
api_aufruf_start(struct http_req *r, struct http_resp *w, struct api_aufruf *x, int64_t *id,
                 json_t **body)
{
    int rc = api_aufruf_beginn(r, w, x);
    if (rc != ERR_OK)
        return rc;
    if (id)
        rc = api_id_param(r, w, "id", id);
    if (rc == ERR_OK && body)
        rc = api_json_body(r, w, body);
    if (rc != ERR_OK)
        api_aufruf_ende(x);
    return rc;
}

int
api_json_body(struct http_req *r, struct http_resp *w, json_t **out)
{
    json_error_t err;
    json_t *doc = NULL;
    if (r->body_len > 0)
        doc = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err);
    if (!doc || !json_is_object(doc)) {
        json_decref(doc);
        int rc = api_problem(w, 400, "Ungültige Anfrage",
                             "Der Inhalt der Anfrage muss ein JSON-Objekt sein.", NULL);
        return rc == ERR_OK ? ERR_INVALID : rc;
    }
    *out = doc;
    return ERR_OK;
}

int
api_id_param(struct http_req *r, struct http_resp *w, const char *name, int64_t *out)
{
    if (str_to_int64(str_from(http_param(r, name)), 1, INT64_MAX, out) != ERR_OK) {
        int rc = api_bad_param(w, name, "Die Kennung ist eine positive ganze Zahl.");
        return rc == ERR_OK ? ERR_INVALID : rc;
    }
    return ERR_OK;
}

/* Map a domain result: ERR_OK passes, an answered error becomes ERR_OK (the response is
 * written), anything else goes to the server. */
static int
answered(struct http_resp *w, int rc, const struct feld_fehler *f)
{
    return rc == ERR_OK ? ERR_OK : api_konto_fehler(w, rc, f);
}

static json_t *
konto_json(const struct konto *k)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:b, s:o, s:I}", "id", (json_int_t)k->id, "email",
                     k->email, "art", k->art, "status", k->status, "hat_totp",
                     k->totp_geheimnis != NULL, "rollen", konto_rollen_json(k->rollen, k->n_rollen),
                     "erstellt", (json_int_t)k->erstellt);
}

int
api_konto_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct konto k;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = konto_get(x.c, r->arena, &x.auth.actor, x.auth.actor.konto_id, &k);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return answered(w, rc, NULL);
    return api_json(w, 200, konto_json(&k));
}

int
api_konto_export(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    json_t *doc = NULL;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = konto_export(x.c, r->arena, &x.auth.actor, &doc);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return answered(w, rc, NULL);
    rc = http_resp_header(w, "Content-Disposition", "attachment; filename=\"konto.json\"");
    if (rc != ERR_OK) {
        json_decref(doc);
        return rc;
    }
    return api_json(w, 200, doc);
}

static int
no_content(struct http_resp *w)
{
    w->status = 204;
    w->content_type = NULL;
    buf_reset(&w->body);
    return ERR_OK;
}

int
api_konto_delete(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = konto_loeschen(x.c, &x.u, &x.auth.actor, NULL, 0, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return answered(w, rc, &f);
    if (x.auth.sitzung_wert) {
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
        if (rc != ERR_OK)
            return rc;
    }
    return no_content(w);
}

int
api_sitzungen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct sitzung *s;
    size_t n;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = sitzung_liste(x.c, r->arena, &x.u, &x.auth.actor, x.auth.sitzung_id, &s, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return answered(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        json_t *o =
            json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:b}", "id", (json_int_t)s[i].id, "erstellt",
                      (json_int_t)s[i].erstellt, "zuletzt", (json_int_t)s[i].zuletzt, "ablauf",
                      (json_int_t)s[i].ablauf, "herkunft", api_str(s[i].herkunft), "geraet",
                      api_str(s[i].geraet), "aktuell", s[i].is_aktuell);
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, NULL));
}

int
api_sitzung_delete(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    int rc = api_aufruf_start(r, w, &x, &id, NULL);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = sitzung_beenden(x.c, &x.u, &x.auth.actor, id);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return answered(w, rc, NULL);
    return no_content(w);
}
