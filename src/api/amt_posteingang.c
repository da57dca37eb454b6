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
#include "util/jsonw.h"
#include "util/str.h"

#define MAX_TEILE 8

/* One inbox entry, written directly (util/jsonw.h): the list of 50 is the Amt's hottest
 * answer, and building it as a jansson tree cost two thirds of its CPU time. */
static void
eingang_schreiben(struct jsonw *j, const struct eingang_row *e)
{
    jsonw_objekt(j);
    jsonw_name(j, "id");
    jsonw_zahl(j, e->id);
    jsonw_name(j, "oe_id");
    jsonw_zahl(j, e->oe_id);
    jsonw_name(j, "oe");
    jsonw_text(j, e->oe_name);
    jsonw_name(j, "art");
    jsonw_text(j, e->art);
    jsonw_name(j, "betreff");
    jsonw_text(j, e->betreff);
    jsonw_name(j, "status");
    jsonw_text(j, e->status);
    jsonw_name(j, "eingegangen");
    jsonw_zahl(j, e->eingegangen);
    jsonw_name(j, "geaendert");
    jsonw_zahl(j, e->geaendert);
    jsonw_name(j, "antrag_id");
    jsonw_id(j, e->antrag_id);
    jsonw_name(j, "leistung");
    jsonw_text(j, e->leistung_id);
    jsonw_name(j, "gemeinde");
    jsonw_text(j, e->gemeinde_ags);
    jsonw_name(j, "zugewiesen");
    jsonw_id(j, e->zugewiesen_konto_id);
    jsonw_name(j, "zugewiesen_email");
    jsonw_text(j, e->zugewiesen_name);
    jsonw_name(j, "vorgang_id");
    jsonw_id(j, e->vorgang_id);
    jsonw_name(j, "vorgang_aktenzeichen");
    jsonw_text(j, e->vorgang_aktenzeichen);
    jsonw_name(j, "notiz");
    jsonw_text(j, e->notiz);
    jsonw_name(j, "datei");
    if (e->sha256) {
        jsonw_objekt(j);
        jsonw_name(j, "dateiname");
        jsonw_text(j, e->dateiname ? e->dateiname : "");
        jsonw_name(j, "typ");
        jsonw_text(j, e->typ ? e->typ : "");
        jsonw_name(j, "sha256");
        jsonw_text(j, e->sha256);
        jsonw_name(j, "groesse");
        jsonw_zahl(j, e->groesse);
        jsonw_objekt_ende(j);
    } else {
        jsonw_null(j);
    }
    jsonw_objekt_ende(j);
}

/* The answer `status` with entry `e` as its body. */
static int
eingang_antwort(struct http_resp *w, int status, const struct eingang_row *e)
{
    struct jsonw j;
    buf_reset(&w->body);
    jsonw_beginn(&j, &w->body);
    eingang_schreiben(&j, e);
    int rc = jsonw_ende(&j);
    if (rc != ERR_OK)
        return rc;
    w->status = status;
    w->content_type = "application/json";
    return ERR_OK;
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
    struct jsonw j;
    buf_reset(&w->body);
    jsonw_beginn(&j, &w->body);
    jsonw_objekt(&j);
    jsonw_name(&j, "items");
    jsonw_liste(&j);
    for (size_t i = 0; i < s.n; i++)
        eingang_schreiben(&j, &s.items[i]);
    jsonw_liste_ende(&j);
    jsonw_name(&j, "next_cursor");
    jsonw_text(&j, s.next_cursor);
    jsonw_name(&j, "anzahl");
    jsonw_objekt(&j);
    jsonw_name(&j, "neu");
    jsonw_zahl(&j, s.zaehler.neu);
    jsonw_name(&j, "zugewiesen");
    jsonw_zahl(&j, s.zaehler.zugewiesen);
    jsonw_name(&j, "uebernommen");
    jsonw_zahl(&j, s.zaehler.uebernommen);
    jsonw_name(&j, "weitergeleitet");
    jsonw_zahl(&j, s.zaehler.weitergeleitet);
    jsonw_name(&j, "erledigt");
    jsonw_zahl(&j, s.zaehler.erledigt);
    jsonw_objekt_ende(&j);
    jsonw_objekt_ende(&j);
    rc = jsonw_ende(&j);
    if (rc != ERR_OK)
        return rc;
    w->status = 200;
    w->content_type = "application/json";
    return ERR_OK;
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
    return eingang_antwort(w, 200, &e);
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
    return eingang_antwort(w, 200, &e);
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
    return eingang_antwort(w, 201, &e);
}
