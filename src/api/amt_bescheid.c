/* api/amt_bescheid: decisions, their templates and the offices' co-signing setting (routes in
 * api/amt_dokument.c, declared in api/amt_dok.h). */
#include <stdio.h>
#include <string.h>

#include "api/amt_dok.h"
#include "api/antrag.h"
#include "api/json.h"
#include "api/konto.h"
#include "app.h"
#include "domain/amt_zugriff.h"
#include "domain/bescheid.h"
#include "store/db.h"
#include "util/str.h"

#define BEGINN(r, w, x, id)                                                                        \
    do {                                                                                           \
        int brc = api_aufruf_start((r), (w), (x), (id), NULL);                                     \
        if (brc != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : brc;                                                     \
    } while (0)

static json_t *
id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

static json_t *
vorlage_json(const struct bescheid_vorlage_row *v)
{
    return json_pack("{s:I, s:I, s:o, s:o, s:s, s:s, s:s, s:b, s:I, s:I}", "id", (json_int_t)v->id,
                     "behoerde_id", (json_int_t)v->behoerde_id, "oe_id", id_or_null(v->oe_id),
                     "leistung_id", api_str(v->leistung_id), "name", v->name, "betreff", v->betreff,
                     "text", v->text, "demo", v->is_demo, "erstellt", (json_int_t)v->erstellt,
                     "geaendert", (json_int_t)v->geaendert);
}

static json_t *
bescheid_json(const struct bescheid_row *b)
{
    char pdf[64];
    snprintf(pdf, sizeof(pdf), "/api/v1/bescheide/%lld/bescheid.pdf", (long long)b->id);
    return json_pack("{s:I, s:I, s:o, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:I, s:o, s:s}", "id",
                     (json_int_t)b->id, "vorgang_id", (json_int_t)b->vorgang_id, "vorlage_id",
                     id_or_null(b->vorlage_id), "betreff", b->betreff, "text", b->text, "status",
                     b->status, "entworfen_von", (json_int_t)b->konto_id, "mitgezeichnet_von",
                     id_or_null(b->mitzeichnung_konto_id), "mitgezeichnet",
                     id_or_null(b->mitzeichnung_zeitpunkt), "dokument_id",
                     id_or_null(b->dokument_id), "nachricht_id", id_or_null(b->nachricht_id),
                     "erstellt", (json_int_t)b->erstellt, "versandt", id_or_null(b->versandt),
                     "pdf", pdf);
}

/* ---- templates ------------------------------------------------------------------------ */

int
api_bescheidvorlagen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct bescheid_vorlage_row *v = NULL;
    size_t n = 0;
    int64_t behoerde_id = 0, wunsch = 0;
    const char *b = http_query(r, "behoerde_id");
    if (b && str_to_int64(str_from(b), 1, INT64_MAX, &wunsch) != ERR_OK)
        return api_bad_param(w, "behoerde_id", "behoerde_id ist eine positive Zahl.");
    BEGINN(r, w, &x, NULL);
    int rc = bescheid_behoerde(&x.auth.actor, wunsch, &behoerde_id);
    if (rc == ERR_OK)
        rc = bescheid_vorlagen(x.c, r->arena, &x.auth.actor, behoerde_id, &v, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, vorlage_json(&v[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

/* Fill `v` from the body; the 400 is written on bad input. */
static int
vorlage_body(struct http_resp *w, json_t *body, struct bescheid_vorlage_row *v)
{
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        if (strcmp(key, "name") != 0 && strcmp(key, "betreff") != 0 && strcmp(key, "text") != 0 &&
            strcmp(key, "oe_id") != 0 && strcmp(key, "leistung_id") != 0 &&
            strcmp(key, "behoerde_id") != 0)
            return api_bad_param(w, key,
                                 "Erwartet werden name, betreff, text und optional "
                                 "oe_id, leistung_id, behoerde_id.") == ERR_OK
                       ? ERR_INVALID
                       : ERR_NOMEM;
    }
    json_t *oe = json_object_get(body, "oe_id"), *l = json_object_get(body, "leistung_id");
    if ((oe && !json_is_null(oe) && (!json_is_integer(oe) || json_integer_value(oe) <= 0)) ||
        (l && !json_is_null(l) && !json_is_string(l)))
        return api_bad_param(
                   w, json_is_integer(oe) || !oe || json_is_null(oe) ? "leistung_id" : "oe_id",
                   "oe_id ist eine Zahl oder null, leistung_id ein Text oder null.") == ERR_OK
                   ? ERR_INVALID
                   : ERR_NOMEM;
    v->name = json_string_value(json_object_get(body, "name"));
    v->betreff = json_string_value(json_object_get(body, "betreff"));
    v->text = json_string_value(json_object_get(body, "text"));
    v->oe_id = json_is_integer(oe) ? json_integer_value(oe) : 0;
    v->leistung_id = json_string_value(l);
    return ERR_OK;
}

static int
vorlage_speichern(struct http_req *r, struct http_resp *w, bool neu)
{
    struct api_aufruf x;
    struct bescheid_vorlage_row v = {0}, out;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t id = 0, wunsch = 0;
    BEGINN(r, w, &x, neu ? NULL : &id);
    int rc = api_json_body(r, w, &body);
    if (rc == ERR_OK)
        rc = vorlage_body(w, body, &v);
    if (rc != ERR_OK) {
        json_decref(body);
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    json_t *b = json_object_get(body, "behoerde_id");
    wunsch = json_is_integer(b) ? json_integer_value(b) : 0;
    if (!neu) {
        rc = bescheid_vorlage(x.c, r->arena, &x.auth.actor, id, &out);
        wunsch = out.behoerde_id;
    }
    if (rc == ERR_OK)
        rc = bescheid_behoerde(&x.auth.actor, wunsch, &v.behoerde_id);
    v.id = id;
    if (rc == ERR_OK)
        rc = bescheid_vorlage_speichern(x.c, r->arena, &x.u, &x.auth.actor, &v, &f);
    if (rc == ERR_OK)
        rc = bescheid_vorlage(x.c, r->arena, &x.auth.actor, v.id, &out);
    json_decref(body);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, f.feld, f.text);
    if (neu) {
        char *loc = arena_printf(r->arena, "/api/v1/bescheidvorlagen/%lld", (long long)out.id);
        if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
            return ERR_NOMEM;
    }
    return api_json(w, neu ? 201 : 200, vorlage_json(&out));
}

int
api_bescheidvorlage_create(struct http_req *r, struct http_resp *w)
{
    return vorlage_speichern(r, w, true);
}

int
api_bescheidvorlage_update(struct http_req *r, struct http_resp *w)
{
    return vorlage_speichern(r, w, false);
}

int
api_bescheidvorlage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct bescheid_vorlage_row v;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = bescheid_vorlage(x.c, r->arena, &x.auth.actor, id, &v);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    return api_json(w, 200, vorlage_json(&v));
}

/* ---- decisions ------------------------------------------------------------------------ */

int
api_bescheid_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct bescheid_row b;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    struct amt_vorgang_kopf k;
    int64_t id;
    BEGINN(r, w, &x, &id);
    /* who may not draft learns nothing from the body */
    int rc = amt_vorgang_zugriff(x.c, &x.auth.actor, id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc == ERR_OK)
        rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : api_amt_dok_fehler(w, rc, NULL, NULL);
    }
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val)
    {
        if (strcmp(key, "text") != 0 && strcmp(key, "betreff") != 0 &&
            strcmp(key, "vorlage") != 0) {
            json_decref(body);
            api_aufruf_ende(&x);
            return api_bad_param(w, key,
                                 "Erwartet werden {\"text\"[, \"betreff\"]} oder "
                                 "{\"vorlage\": ID[, \"betreff\", \"text\"]}.");
        }
    }
    json_t *vl = json_object_get(body, "vorlage"), *t = json_object_get(body, "text"),
           *be = json_object_get(body, "betreff");
    if ((vl && (!json_is_integer(vl) || json_integer_value(vl) <= 0)) ||
        (t && !json_is_string(t)) || (be && !json_is_string(be)) || (!vl && !t)) {
        json_decref(body);
        api_aufruf_ende(&x);
        return api_bad_param(w, !vl && !t ? "text" : "vorlage",
                             "Erwartet werden {\"text\"[, \"betreff\"]} oder "
                             "{\"vorlage\": ID[, \"betreff\", \"text\"]}.");
    }
    rc = bescheid_entwerfen(x.c, r->arena, &x.u, &x.auth.actor, id, vl ? json_integer_value(vl) : 0,
                            json_string_value(be), json_string_value(t), &b, &f);
    json_decref(body);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, f.feld, f.text);
    char *loc = arena_printf(r->arena, "/api/v1/bescheide/%lld", (long long)b.id);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, bescheid_json(&b));
}

int
api_bescheide(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct bescheid_row *b = NULL;
    size_t n = 0;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = bescheid_liste(x.c, r->arena, &x.auth.actor, id, &b, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, bescheid_json(&b[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

int
api_bescheid(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct bescheid_row b;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = bescheid_lesen(x.c, r->arena, &x.auth.actor, id, &b);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    return api_json(w, 200, bescheid_json(&b));
}

int
api_bescheid_pdf(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct buf pdf = BUF_INIT(8 * 1024 * 1024);
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = bescheid_pdf(x.c, r->arena, &x.auth.actor, id, &pdf);
    api_aufruf_ende(&x);
    if (rc != ERR_OK) {
        buf_free(&pdf);
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    }
    char *name = arena_printf(r->arena, "Bescheid-%lld.pdf", (long long)id);
    rc = name ? api_antrag_datei(r, w, "application/pdf", name, pdf.p, pdf.len) : ERR_NOMEM;
    buf_free(&pdf);
    return rc;
}

typedef int (*schritt_fn)(struct db_conn *, struct arena *, const struct umfeld *,
                          const struct actor *, int64_t, struct feld_fehler *);

static int
schritt(struct http_req *r, struct http_resp *w, schritt_fn fn)
{
    struct api_aufruf x;
    struct bescheid_row b;
    struct feld_fehler f = {0};
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = fn(x.c, r->arena, &x.u, &x.auth.actor, id, &f);
    if (rc == ERR_OK)
        rc = bescheid_lesen(x.c, r->arena, &x.auth.actor, id, &b);
    api_aufruf_ende(&x);
    if (rc == ERR_FORBIDDEN && f.text)
        return api_problem(w, 403, "Nicht erlaubt", f.text, f.feld);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, f.feld, f.text);
    return api_json(w, 200, bescheid_json(&b));
}

int
api_bescheid_mitzeichnen(struct http_req *r, struct http_resp *w)
{
    return schritt(r, w, bescheid_mitzeichnen);
}

int
api_bescheid_zurueckweisen(struct http_req *r, struct http_resp *w)
{
    return schritt(r, w, bescheid_zurueckweisen);
}

int
api_bescheid_versenden(struct http_req *r, struct http_resp *w)
{
    return schritt(r, w, bescheid_versenden);
}

int
api_oe_mitzeichnung(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    json_t *body = NULL;
    int64_t id;
    bool wert = false;
    BEGINN(r, w, &x, &id);
    int rc = bescheid_mitzeichnung_lesen(x.c, &x.auth.actor, id, &wert);
    if (rc == ERR_OK)
        rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : api_amt_dok_fehler(w, rc, NULL, NULL);
    }
    json_t *m = json_object_get(body, "mitzeichnung");
    if (!json_is_boolean(m) || json_object_size(body) != 1) {
        json_decref(body);
        api_aufruf_ende(&x);
        return api_bad_param(w, "mitzeichnung", "Erwartet wird {\"mitzeichnung\": true|false}.");
    }
    rc = bescheid_mitzeichnung_setzen(x.c, &x.u, &x.auth.actor, id, json_is_true(m));
    if (rc == ERR_OK)
        rc = bescheid_mitzeichnung_lesen(x.c, &x.auth.actor, id, &wert);
    json_decref(body);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    return api_json(
        w, 200,
        json_pack("{s:I, s:b}", "organisationseinheit_id", (json_int_t)id, "mitzeichnung", wert));
}
