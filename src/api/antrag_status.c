/* api/antrag_status: submitting and withdrawing an application, its receipt as PDF and a
 * message to the office (see api/antrag.h). */

#include <string.h>

#include <jansson.h>

#include "api/antrag_intern.h"
#include "api/json.h"
#include "app.h"
#include "domain/postfach.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "store/db.h"

int
api_antrag_einreichen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct eingangsbestaetigung eb;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    bool wdh = false;
    int64_t id;
    const char *key = http_header(r, "Idempotency-Key");
    if (key && (strlen(key) == 0 || strlen(key) > ANTRAG_IDEM_MAX))
        return api_bad_param(w, "Idempotency-Key", "Der Schlüssel hat 1 bis 200 Zeichen.");
    if (r->body_len > 0 && !(r->body_len == 2 && memcmp(r->body, "{}", 2) == 0))
        return api_bad_param(w, NULL, "Einreichen hat keinen Inhalt (oder {}).");
    BEGINN(r, w, &x, &id);
    /* hold no connection while the submission waits for its commit */
    struct actor who = x.auth.actor;
    struct umfeld u = x.u;
    api_aufruf_ende(&x);
    struct antrag_zugang z = {&who, NULL};
    int rc = antrag_einreichen(r->app->db, r->arena, &u, r->app->einreichung, &z, id, key, &eb,
                               &wdh, &fe, &n_fe);
    if (rc == ERR_INVALID && n_fe > 0)
        return api_antrag_fehlerliste(w, "Antrag unvollständig",
                                      "Der Antrag kann so nicht eingereicht werden.", fe, n_fe);
    if (rc == ERR_INVALID)
        return api_bad_param(w, "Idempotency-Key", "Der Schlüssel ist ungültig.");
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    if (wdh && http_resp_header(w, "Idempotent-Replayed", "true") != ERR_OK)
        return ERR_NOMEM;
    char *loc = arena_printf(r->arena, "/api/v1/antraege/%lld", (long long)id);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201,
                    json_pack("{s:I, s:o}", "antrag", (json_int_t)id, "eingangsbestaetigung",
                              api_antrag_eb_json(&eb)));
}

int
api_antrag_zurueckziehen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct antrag an;
    int64_t id;
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = antrag_zurueckziehen(x.c, &x.u, &z, id);
    if (rc == ERR_OK)
        rc = antrag_get(x.c, r->arena, &z, id, &an);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    return api_json(w, 200, api_antrag_json(&an));
}

int
api_antrag_pdf(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct antrag an;
    struct eingangsbestaetigung eb;
    struct formular *f;
    int64_t id;
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = antrag_get(x.c, r->arena, &z, id, &an);
    if (rc == ERR_OK)
        rc = antrag_eingangsbestaetigung(x.c, r->arena, &z, id, &eb);
    if (rc == ERR_OK)
        rc = antrag_formular(x.c, r->arena, &an, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    struct buf pdf = BUF_INIT(16u * 1024 * 1024);
    rc = pdf_eingangsbestaetigung(f, &an, &eb, &pdf);
    if (rc == ERR_OK) {
        char *name = arena_printf(r->arena, "%s.pdf", eb.nummer);
        rc = name ? api_antrag_datei(r, w, "application/pdf", name, pdf.p, pdf.len) : ERR_NOMEM;
    }
    buf_free(&pdf);
    return rc;
}

int
api_antrag_nachricht(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t id, mid = 0;
    BEGINN(r, w, &x, &id);
    int rc = postfach_darf_schreiben(x.c, r->arena, &x.auth.actor, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_antrag_fehler(w, rc, NULL);
    }
    rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = postfach_schreiben(x.c, r->arena, &x.u, r->app->einreichung, &x.auth.actor, id,
                            json_string_value(json_object_get(body, "betreff")),
                            json_string_value(json_object_get(body, "text")), NULL, 0, &mid, &f);
    json_decref(body);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, &f);
    return api_json(w, 201, json_pack("{s:I}", "id", (json_int_t)mid));
}
