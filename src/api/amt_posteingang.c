/* /api/v1/posteingang: the office inbox (api/amt.h). */
#include <stdint.h>
#include <string.h>

#include "api/amt.h"
#include "api/json.h"
#include "api/konto.h"
#include "app.h"
#include "domain/antrag_einreichung.h"
#include "domain/eingang.h"
#include "http/multipart.h"
#include "util/str.h"

#define MAX_TEILE 8

static json_t *
id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

static json_t *
eingang_json(const struct eingang_row *e)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:I}", "id", (json_int_t)e->id,
                          "oe_id", (json_int_t)e->oe_id, "oe", e->oe_name, "art", e->art, "betreff",
                          e->betreff, "status", e->status, "eingegangen",
                          (json_int_t)e->eingegangen, "geaendert", (json_int_t)e->geaendert);
    if (!o)
        return NULL;
    json_object_set_new(o, "antrag_id", id_or_null(e->antrag_id));
    json_object_set_new(o, "leistung", api_str(e->leistung_id));
    json_object_set_new(o, "gemeinde", api_str(e->gemeinde_ags));
    json_object_set_new(o, "zugewiesen", id_or_null(e->zugewiesen_konto_id));
    json_object_set_new(o, "zugewiesen_email", api_str(e->zugewiesen_name));
    json_object_set_new(o, "vorgang_id", id_or_null(e->vorgang_id));
    json_object_set_new(o, "vorgang_aktenzeichen", api_str(e->vorgang_aktenzeichen));
    json_object_set_new(o, "notiz", api_str(e->notiz));
    if (e->sha256)
        json_object_set_new(o, "datei",
                            json_pack("{s:s, s:s, s:s, s:I}", "dateiname",
                                      e->dateiname ? e->dateiname : "", "typ", e->typ ? e->typ : "",
                                      "sha256", e->sha256, "groesse", (json_int_t)e->groesse));
    else
        json_object_set_new(o, "datei", json_null());
    return o;
}

int
api_posteingang(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct posteingang_seite s;
    const char *bad = NULL, *oe = http_query(r, "oe");
    struct posteingang_filter f = {.status = http_query(r, "status"),
                                   .leistung_id = http_query(r, "leistung"),
                                   .von = http_query(r, "von"),
                                   .bis = http_query(r, "bis"),
                                   .bearbeitung = http_query(r, "bearbeitung"),
                                   .sort = http_query(r, "sort")};
    if (oe && str_to_int64(str_from(oe), 1, INT64_MAX, &f.oe_id) != ERR_OK)
        return api_bad_param(w, "oe", "oe ist die Nummer einer Organisationseinheit.");
    int rc = api_paging(r, w, 50, AMT_LISTE_MAX, &f.limit, &f.cursor);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = posteingang_liste(x.c, r->arena, &x.auth.actor, &f, &s, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_bad_param(w, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < s.n; i++) {
        if (json_array_append_new(items, eingang_json(&s.items[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    json_t *doc = api_list(items, s.next_cursor);
    if (doc)
        json_object_set_new(doc, "anzahl",
                            json_pack("{s:I, s:I, s:I, s:I, s:I}", "neu", (json_int_t)s.zaehler.neu,
                                      "zugewiesen", (json_int_t)s.zaehler.zugewiesen, "uebernommen",
                                      (json_int_t)s.zaehler.uebernommen, "weitergeleitet",
                                      (json_int_t)s.zaehler.weitergeleitet, "erledigt",
                                      (json_int_t)s.zaehler.erledigt));
    return api_json(w, 200, doc);
}

int
api_posteingang_eintrag(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct eingang_row e;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = posteingang_lesen(x.c, r->arena, &x.u, &x.auth.actor, id, &e);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    return api_json(w, 200, eingang_json(&e));
}

/* A positive integer member: 0 when missing or null; -1 when of another type. */

int
api_posteingang_uebernehmen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct vorgang_row v;
    json_t *body = NULL;
    bool bt = false;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    int64_t akte = api_member_id(body, "akte"), plan = api_member_id(body, "aktenplan");
    struct akte_neu neu = {.aktenplan_id = plan, .titel = api_member_text(body, "titel", &bt)};
    if (akte < 0)
        f = (struct feld_fehler){"akte", "akte ist die Nummer einer Akte."};
    else if (plan < 0)
        f = (struct feld_fehler){"aktenplan", "aktenplan ist die Nummer eines Aktenplan-Eintrags."};
    else if (bt)
        f = (struct feld_fehler){"titel", "titel ist ein Text."};
    else if (akte == 0 && plan == 0)
        f = (struct feld_fehler){"akte", "Geben Sie akte an, oder aktenplan und titel für eine "
                                         "neue Akte."};
    rc = f.feld ? ERR_INVALID
                : posteingang_uebernehmen(x.c, r->arena, &x.u, &x.auth.actor, id, akte,
                                          akte > 0 ? NULL : &neu, &v, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 201, api_amt_vorgang_json(&v));
}

int
api_posteingang_zuweisen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct eingang_row e;
    json_t *body = NULL;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    int64_t konto = api_member_id(body, "konto_id");
    if (konto <= 0) {
        f = (struct feld_fehler){"konto_id", "konto_id (die Nummer des Kontos) fehlt."};
        rc = ERR_INVALID;
    } else {
        rc = posteingang_zuweisen(x.c, &x.u, &x.auth.actor, id, konto, &f);
    }
    if (rc == ERR_OK)
        rc = posteingang_lesen(x.c, r->arena, &x.u, &x.auth.actor, id, &e);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 200, eingang_json(&e));
}

int
api_posteingang_weiterleiten(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    bool bt = false;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    int64_t oe = api_member_id(body, "oe_id");
    const char *notiz = api_member_text(body, "notiz", &bt);
    if (oe <= 0)
        f = (struct feld_fehler){"oe_id", "oe_id (die Organisationseinheit) fehlt."};
    else if (bt)
        f = (struct feld_fehler){"notiz", "notiz ist ein Text."};
    rc = f.feld ? ERR_INVALID
                : posteingang_weiterleiten(x.c, r->arena, &x.u, &x.auth.actor, id, oe, notiz, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 200,
                    json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "oe_id", (json_int_t)oe,
                              "status", "neu"));
}

static const struct multipart_teil *
teil(const struct multipart_teil *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return &t[i];
    return NULL;
}

/* A text part as a NUL-terminated arena string; NULL when missing. */
static const char *
teil_text(struct arena *a, const struct multipart_teil *t, size_t n, const char *name)
{
    const struct multipart_teil *x = teil(t, n, name);
    if (!x || x->dateiname || x->len > 4096)
        return NULL;
    return arena_strndup(a, x->daten, x->len);
}

int
api_posteingang_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL, *oe = NULL;
    struct feld_fehler f = {0};
    struct posteingang_dokument_neu d = {0};
    char typ[128];
    int64_t id = 0;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = posteingang_darf_schreiben(&x.auth.actor);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_amt_fehler(w, rc, NULL);
    }
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    rc = b ? multipart_parse(r->arena, b, r->body, r->body_len, MAX_TEILE, &t, &n, &grund)
           : ERR_INVALID;
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        if (rc == ERR_NOMEM)
            return rc;
        return api_problem(w, 400, "Ungültige Anfrage",
                           b ? grund
                             : "Erwartet wird Content-Type: multipart/form-data mit einer "
                               "Grenze (boundary).",
                           NULL);
    }
    const struct multipart_teil *datei = teil(t, n, "datei");
    d.betreff = teil_text(r->arena, t, n, "betreff");
    d.notiz = teil_text(r->arena, t, n, "notiz");
    oe = teil_text(r->arena, t, n, "oe_id");
    if (oe && str_to_int64(str_from(oe), 1, INT64_MAX, &d.oe_id) != ERR_OK)
        f = (struct feld_fehler){"oe_id", "oe_id ist die Nummer einer Organisationseinheit."};
    else if (!datei || !datei->dateiname)
        f = (struct feld_fehler){"datei", "Das Feld datei (eine Datei) fehlt."};
    if (!f.feld) {
        d.dateiname = datei->dateiname;
        d.inhalt = datei->daten;
        d.len = datei->len;
        rc = datei->len > 0 ? einreichung_dateityp(r->app->einreichung, datei->daten, datei->len,
                                                   typ, sizeof(typ))
                            : ERR_OK;
        if (rc != ERR_OK) {
            api_aufruf_ende(&x);
            return rc;
        }
        d.typ = datei->len > 0 ? typ : NULL;
        rc = posteingang_dokument(x.c, r->arena, &x.u, &x.auth.actor, &d, &id, &f);
    } else {
        rc = ERR_INVALID;
    }
    struct eingang_row e;
    if (rc == ERR_OK)
        rc = posteingang_lesen(x.c, r->arena, &x.u, &x.auth.actor, id, &e);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 201, eingang_json(&e));
}
