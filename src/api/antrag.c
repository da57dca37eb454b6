#include "api/antrag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "app.h"
#include "domain/antrag.h"
#include "domain/antrag_anonym.h"
#include "domain/antrag_einreichung.h"
#include "domain/formular_verwaltung.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"
#include "domain/postfach.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "http/multipart.h"
#include "store/db.h"

#define MAX_TEILE 8

/* Literal patterns come before captured ones. */
const struct route antrag_api_routes[] = {
    {"GET", "/api/v1/leistungen/{id}/formular", api_leistung_formular, ROUTE_API},
    {"GET", "/api/v1/antraege", api_antraege, ROUTE_API},
    {"POST", "/api/v1/antraege", api_antrag_create, ROUTE_API},
    {"GET", "/api/v1/antraege/{id}", api_antrag_get, ROUTE_API},
    {"PUT", "/api/v1/antraege/{id}/daten", api_antrag_daten, ROUTE_API},
    {"POST", "/api/v1/antraege/{id}/anlagen", api_antrag_anlage_create, ROUTE_API},
    {"GET", "/api/v1/antraege/{id}/anlagen/{sha256}", api_antrag_anlage_get, ROUTE_API},
    {"DELETE", "/api/v1/antraege/{id}/anlagen/{sha256}", api_antrag_anlage_delete, ROUTE_API},
    {"POST", "/api/v1/antraege/{id}/einreichen", api_antrag_einreichen, ROUTE_API},
    {"POST", "/api/v1/antraege/{id}/zurueckziehen", api_antrag_zurueckziehen, ROUTE_API},
    {"GET", "/api/v1/antraege/{id}/eingangsbestaetigung.pdf", api_antrag_pdf, ROUTE_API},
    {"POST", "/api/v1/antraege/{id}/nachrichten", api_antrag_nachricht, ROUTE_API},
    {"GET", "/api/v1/postfach", api_postfach, ROUTE_API},
    {"GET", "/api/v1/postfach/{id}", api_postfach_nachricht, ROUTE_API},
    {"GET", "/api/v1/postfach/{id}/anlagen/{sha256}", api_postfach_anlage, ROUTE_API},
    {"POST", "/api/v1/postfach/{id}/antwort", api_postfach_antwort, ROUTE_API},
    {"GET", "/api/v1/behoerden/{id}/formulare", api_formulare, ROUTE_API},
    {"POST", "/api/v1/behoerden/{id}/formulare", api_formular_create, ROUTE_API},
    {"GET", "/api/v1/formulare/{id}", api_formular_get, ROUTE_API},
    {"POST", "/api/v1/formulare/{id}/veroeffentlichen", api_formular_veroeffentlichen, ROUTE_API},
    {"POST", "/api/v1/formulare/{id}/zurueckziehen", api_formular_zurueckziehen, ROUTE_API},
    {"GET", "/api/v1/zustellung/eingaenge", api_zustellung_eingaenge, ROUTE_API},
    {"GET", "/api/v1/zustellung/eingaenge/{id}", api_zustellung_eingang, ROUTE_API},
    {"GET", "/api/v1/zustellung/eingaenge/{id}/anlagen/{sha256}", api_zustellung_anlage, ROUTE_API},
    {"GET", "/api/v1/zustellung/eingaenge/{id}/nachrichten", api_zustellung_nachrichten, ROUTE_API},
    {"POST", "/api/v1/zustellung/eingaenge/{id}/quittung", api_zustellung_quittung, ROUTE_API},
    {"POST", "/api/v1/zustellung/eingaenge/{id}/status", api_zustellung_status, ROUTE_API},
    {"POST", "/api/v1/zustellung/eingaenge/{id}/nachrichten", api_zustellung_nachricht, ROUTE_API},
    {0, 0, 0, 0},
};

/* ---- shared helpers ------------------------------------------------------------------ */

int
api_antrag_fehlerliste(struct http_resp *w, const char *title, const char *detail,
                       const void *fehler, size_t n)
{
    const struct formular_fehler *fe = fehler;
    json_t *liste = json_array();
    for (size_t i = 0; liste && i < n; i++) {
        json_t *x = json_pack("{s:s, s:s}", "feld", fe[i].pfad ? fe[i].pfad : "", "text",
                              fe[i].text ? fe[i].text : "");
        if (!x || json_array_append_new(liste, x) != 0) {
            json_decref(liste);
            liste = NULL;
        }
    }
    json_t *doc = liste ? json_pack("{s:s, s:s, s:i, s:s, s:o}", "type", "about:blank", "title",
                                    title, "status", 422, "detail", detail, "fehler", liste)
                        : NULL;
    if (!doc)
        return ERR_NOMEM;
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!text)
        return ERR_NOMEM;
    int rc = http_resp_text(w, 422, "application/problem+json", text, strlen(text));
    free(text);
    return rc;
}

int
api_antrag_datei(struct http_req *r, struct http_resp *w, const char *typ, const char *name,
                 const void *p, size_t len)
{
    int rc = http_resp_text(w, 200, typ, p, len);
    if (rc != ERR_OK)
        return rc;
    /* ASCII fallback name plus the UTF-8 name percent-encoded (RFC 6266 / 5987) */
    struct buf b = BUF_INIT(2048);
    rc = buf_puts(&b, "attachment; filename=\"anlage\"");
    if (name && rc == ERR_OK) {
        rc = buf_puts(&b, "; filename*=UTF-8''");
        for (const unsigned char *s = (const unsigned char *)name; rc == ERR_OK && *s; s++) {
            if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
                *s == '.' || *s == '-' || *s == '_')
                rc = buf_putc(&b, (char)*s);
            else
                rc = buf_printf(&b, "%%%02X", *s);
        }
    }
    const char *cd = rc == ERR_OK ? arena_strdup(r->arena, buf_cstr(&b)) : NULL;
    buf_free(&b);
    if (!cd)
        return ERR_NOMEM;
    rc = http_resp_header(w, "Content-Disposition", cd);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Cache-Control", "private, no-store");
    return rc;
}

int
api_zu_viele(struct http_req *r, struct http_resp *w, int64_t warten, const char *text)
{
    const char *sek = arena_printf(r->arena, "%lld", (long long)(warten > 0 ? warten : 3600));
    int rc = sek ? http_resp_header(w, "Retry-After", sek) : ERR_NOMEM;
    if (rc == ERR_OK)
        rc = api_problem(w, 429, "Zu viele Anfragen",
                         text ? text : "Bitte versuchen Sie es später noch einmal.", NULL);
    return rc;
}

/* Map a domain result; ERR_OK when answered. */
static int
fehler(struct http_resp *w, int rc, const struct feld_fehler *f)
{
    switch (rc) {
    case ERR_NOTFOUND:
        if (f && f->text)
            return api_problem(w, 404, "Nicht gefunden", f->text, f->feld);
        return api_konto_fehler(w, rc, f);
    case ERR_CONFLICT:
        return api_problem(w, 409, "Konflikt",
                           f && f->text ? f->text
                                        : "Der Antrag ist nicht (mehr) in einem Zustand, der "
                                          "das zulässt – etwa schon eingereicht oder beschieden.",
                           NULL);
    case ERR_LIMIT:
        return api_problem(w, 413, "Zu groß", f && f->text ? f->text : "Eine Grenze ist erreicht.",
                           f ? f->feld : NULL);
    case ERR_INVALID:
        if (f && f->text)
            return api_problem(w, 422, "Ungültige Angabe", f->text, f->feld);
        return api_konto_fehler(w, rc, f);
    default:
        return api_konto_fehler(w, rc, f);
    }
}

static int
beginn(struct http_req *r, struct http_resp *w, struct api_aufruf *x, int64_t *id)
{
    int rc = api_aufruf_beginn(r, w, x);
    if (rc != ERR_OK)
        return rc;
    if (id && (rc = api_id_param(r, w, "id", id)) != ERR_OK) {
        api_aufruf_ende(x);
        return rc;
    }
    return ERR_OK;
}

#define BEGINN(r, w, x, id)                                                                        \
    do {                                                                                           \
        int brc = beginn((r), (w), (x), (id));                                                     \
        if (brc != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : brc;                                                     \
    } while (0)

static bool
ist_sha256(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

static json_t *
anlage_json(const struct anlage *al)
{
    return json_pack("{s:s, s:s, s:s, s:I}", "sha256", al->sha256, "dateiname", al->dateiname,
                     "typ", al->typ, "groesse", (json_int_t)al->groesse);
}

static json_t *
antrag_json(const struct antrag *an)
{
    return json_pack("{s:I, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:I, s:s, s:I, s:s}, "
                     "s:{s:I, s:I}, s:I, s:I, s:o, s:I}",
                     "id", (json_int_t)an->id, "status", an->status, "status_text",
                     antrag_status_text(an->status), "leistung", "id", an->leistung_id, "name",
                     an->leistung_name, "gemeinde", "ags", an->gemeinde_ags, "name",
                     an->gemeinde_name, "zustaendig", "behoerde_id", (json_int_t)an->behoerde_id,
                     "behoerde", an->behoerde_name, "organisationseinheit_id",
                     (json_int_t)an->oe_id, "organisationseinheit", an->oe_name, "formular", "id",
                     (json_int_t)an->formular_id, "version", (json_int_t)an->formular_version,
                     "erstellt", (json_int_t)an->erstellt, "geaendert", (json_int_t)an->geaendert,
                     "eingereicht", an->eingereicht ? json_integer(an->eingereicht) : json_null(),
                     "schritt", (json_int_t)an->schritt);
}

static json_t *
eb_json(const struct eingangsbestaetigung *eb)
{
    return json_pack("{s:s, s:I, s:s}", "nummer", eb->nummer, "zeitpunkt",
                     (json_int_t)eb->zeitpunkt, "sha256", eb->sha256);
}

/* ---- the form of a Leistung ---------------------------------------------------------- */

static json_t *
formular_doc(const struct formular_zeile *z, const struct formular *f)
{
    json_t *def = json_loads(z->definition, 0, NULL), *schema = NULL;
    char id[160];
    snprintf(id, sizeof(id), "urn:rathaus:formular:%s:%lld", z->leistung_id, (long long)z->version);
    if (!def || formular_schema(f, id, &schema) != ERR_OK) {
        json_decref(def);
        return NULL;
    }
    return json_pack("{s:I, s:s, s:I, s:o, s:s, s:s, s:o, s:o}", "id", (json_int_t)z->id,
                     "leistung", z->leistung_id, "version", (json_int_t)z->version, "behoerde_id",
                     z->behoerde_id ? json_integer(z->behoerde_id) : json_null(), "status",
                     z->status, "sha256", z->sha256, "definition", def, "schema", schema);
}

int
api_leistung_formular(struct http_req *r, struct http_resp *w)
{
    const char *id = http_param(r, "id"), *ort = http_query(r, "ort");
    struct db_conn *c;
    struct formular_zeile z;
    struct formular *f;
    int64_t behoerde_id = 0;
    if (!leistung_is_id(id))
        return api_fail(w, ERR_INVALID, "id", "Die Kennung der Leistung ist ungültig.");
    if (ort && !gebiet_is_gemeinde_ags(ort))
        return api_fail(w, ERR_INVALID, "ort", "ort ist ein achtstelliger Gemeindeschlüssel.");
    int rc = db_acquire(r->app->db, &c);
    if (rc != ERR_OK)
        return rc;
    if (ort) {
        /* the form of the office responsible there, when it has its own */
        struct gemeinde g;
        struct stelle *st;
        size_t n = 0;
        rc = gebiet_gemeinde(c, r->arena, ort, &g);
        if (rc == ERR_OK)
            rc = leistung_stellen(c, r->arena, id, &g, &st, &n);
        if (rc == ERR_OK && n > 0)
            behoerde_id = st[0].behoerde_id;
        if (rc == ERR_NOTFOUND) {
            db_release(c);
            return api_fail(w, rc, "ort", "Diesen Gemeindeschlüssel kennen wir nicht.");
        }
    }
    if (rc == ERR_OK)
        rc = formular_aktuell(c, r->arena, id, behoerde_id, &z, &f);
    db_release(c);
    if (rc == ERR_NOTFOUND)
        return api_fail(w, rc, "id", "Für diese Leistung gibt es kein Online-Formular.");
    if (rc != ERR_OK)
        return rc;
    return api_json(w, 200, formular_doc(&z, f));
}

/* ---- applications -------------------------------------------------------------------- */

int
api_antraege(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct antrag *list;
    size_t n;
    BEGINN(r, w, &x, NULL);
    int rc = antrag_liste(x.c, r->arena, &x.auth.actor, &list, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        if (json_array_append_new(items, antrag_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

int
api_antrag_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct antrag an;
    struct feld_fehler f = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    json_t *body = NULL;
    BEGINN(r, w, &x, NULL);
    /* authorization before the body: a caller without the right learns nothing from it */
    int rc = antrag_darf_anlegen(&x.auth.actor);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return fehler(w, rc, NULL);
    }
    rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    const char *leistung = json_string_value(json_object_get(body, "leistung"));
    const char *ort = json_string_value(json_object_get(body, "ort"));
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "leistung") != 0 && strcmp(key, "ort") != 0) {
            json_decref(body);
            api_aufruf_ende(&x);
            return api_bad_param(w, NULL, "Erwartet werden nur \"leistung\" und \"ort\".");
        }
    }
    if (!leistung || !ort) {
        json_decref(body);
        api_aufruf_ende(&x);
        return api_bad_param(w, !leistung ? "leistung" : "ort",
                             "Erwartet wird {\"leistung\": Kennung, \"ort\": Gemeindeschlüssel}.");
    }
    rc = antrag_anlegen(x.c, r->arena, &x.u, &x.auth.actor, leistung, ort, &an, fort, &f);
    json_decref(body);
    int64_t warten = 0;
    if (rc == ERR_LIMIT && antrag_anonym_warten(x.c, &x.u, &warten) != ERR_OK)
        warten = 0;
    api_aufruf_ende(&x);
    if (rc == ERR_LIMIT)
        return api_zu_viele(r, w, warten, f.text);
    if (rc != ERR_OK)
        return fehler(w, rc, &f);
    char *loc = arena_printf(r->arena, "/api/v1/antraege/%lld", (long long)an.id);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, antrag_json(&an));
}

int
api_antrag_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct antrag an;
    struct antrag_verlauf *v = NULL;
    struct anlage *al = NULL;
    struct eingangsbestaetigung eb;
    size_t n_v = 0, n_al = 0;
    json_t *daten = NULL;
    int64_t id;
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = antrag_get(x.c, r->arena, &z, id, &an);
    if (rc == ERR_OK)
        rc = antrag_verlauf_liste(x.c, r->arena, &z, id, &v, &n_v);
    if (rc == ERR_OK)
        rc = antrag_anlagen(x.c, r->arena, &z, id, &al, &n_al);
    if (rc == ERR_OK)
        rc = antrag_daten(x.c, r->arena, &z, id, &daten);
    bool has_eb = false;
    if (rc == ERR_OK && an.eingereicht) {
        rc = antrag_eingangsbestaetigung(x.c, r->arena, &z, id, &eb);
        has_eb = rc == ERR_OK;
    }
    api_aufruf_ende(&x);
    if (rc != ERR_OK) {
        json_decref(daten);
        return fehler(w, rc, NULL);
    }
    json_t *doc = antrag_json(&an), *verlauf = json_array(), *anlagen = json_array();
    for (size_t i = 0; verlauf && i < n_v; i++)
        json_array_append_new(verlauf, json_pack("{s:s, s:s, s:I, s:o}", "status", v[i].status,
                                                 "status_text", antrag_status_text(v[i].status),
                                                 "zeitpunkt", (json_int_t)v[i].zeitpunkt,
                                                 "bemerkung", api_str(v[i].bemerkung)));
    for (size_t i = 0; anlagen && i < n_al; i++)
        json_array_append_new(anlagen, anlage_json(&al[i]));
    if (!doc || json_object_set_new(doc, "verlauf", verlauf) != 0 ||
        json_object_set_new(doc, "anlagen", anlagen) != 0 ||
        json_object_set_new(doc, "daten", daten) != 0 ||
        json_object_set_new(doc, "eingangsbestaetigung", has_eb ? eb_json(&eb) : json_null()) !=
            0) {
        json_decref(doc);
        return ERR_NOMEM;
    }
    return api_json(w, 200, doc);
}

int
api_antrag_daten(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    json_t *body = NULL;
    int64_t id;
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = antrag_darf_aendern(x.c, r->arena, &z, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return fehler(w, rc, NULL);
    }
    rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = antrag_daten_speichern(x.c, r->arena, &x.u, &z, id, body, false, FORMULAR_ENTWURF, 0, &fe,
                                &n_fe);
    json_decref(body);
    json_t *daten = NULL;
    struct formular_fehler *offen = NULL;
    size_t n_offen = 0;
    if (rc == ERR_OK) {
        /* what is still missing before it can be submitted */
        struct antrag an;
        struct formular *f;
        json_t *b = NULL;
        char heute[11];
        antrag_heute(x.u.jetzt, heute);
        rc = antrag_get(x.c, r->arena, &z, id, &an);
        if (rc == ERR_OK)
            rc = antrag_formular(x.c, r->arena, &an, &f);
        if (rc == ERR_OK)
            rc = antrag_daten(x.c, r->arena, &z, id, &daten);
        if (rc == ERR_OK)
            rc = formular_daten_pruefen(r->arena, f, daten, FORMULAR_VOLLSTAENDIG, 0, heute, &b,
                                        &offen, &n_offen);
        json_decref(b);
    }
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID && n_fe > 0)
        return api_antrag_fehlerliste(w, "Ungültige Angaben",
                                      "Einige Antworten passen nicht zu den Regeln des Formulars. "
                                      "Es wurde nichts gespeichert.",
                                      fe, n_fe);
    if (rc == ERR_LIMIT)
        return api_problem(w, 413, "Zu groß", "Die Antworten sind zusammen größer als 1 MB.", NULL);
    if (rc != ERR_OK) {
        json_decref(daten);
        return fehler(w, rc, NULL);
    }
    json_t *fehlend = json_array();
    for (size_t i = 0; fehlend && i < n_offen; i++)
        json_array_append_new(
            fehlend, json_pack("{s:s, s:s}", "feld", offen[i].pfad, "text", offen[i].text));
    return api_json(w, 200,
                    json_pack("{s:o, s:b, s:o}", "daten", daten, "vollstaendig", n_offen == 0,
                              "fehlend", fehlend));
}

int
api_antrag_anlage_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL;
    struct feld_fehler f = {0};
    struct anlage al;
    int64_t id;
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = antrag_darf_aendern(x.c, r->arena, &z, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return fehler(w, rc, NULL);
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
    const struct multipart_teil *datei = NULL;
    const char *feld = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].name, "datei") == 0 && !datei)
            datei = &t[i];
        else if (strcmp(t[i].name, "feld") == 0 && !feld)
            feld = arena_strndup(r->arena, t[i].daten, t[i].len);
        else {
            api_aufruf_ende(&x);
            return api_problem(w, 400, "Ungültige Anfrage",
                               "Erwartet werden die Teile „datei“ (die Datei) und optional "
                               "„feld“ (das Dateifeld des Formulars), je einmal.",
                               t[i].name);
        }
    }
    if (!datei || !datei->dateiname) {
        api_aufruf_ende(&x);
        return api_problem(w, 400, "Ungültige Anfrage",
                           "Der Teil „datei“ mit einem Dateinamen (filename) fehlt.", "datei");
    }
    rc = antrag_anlage_hinzufuegen(x.c, r->arena, &x.u, r->app->einreichung, &z, id, feld,
                                   datei->dateiname, datei->daten, datei->len, &al, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, &f);
    char *loc =
        arena_printf(r->arena, "/api/v1/antraege/%lld/anlagen/%s", (long long)id, al.sha256);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, anlage_json(&al));
}

int
api_antrag_anlage_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = ist_sha256(sha) ? antrag_anlage_lesen(x.c, r->arena, &z, id, sha, &al, &p, &len)
                             : ERR_NOTFOUND;
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}

int
api_antrag_anlage_delete(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = ist_sha256(sha) ? antrag_anlage_entfernen(x.c, &x.u, &z, id, sha) : ERR_NOTFOUND;
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    w->status = 204;
    w->content_type = NULL;
    return ERR_OK;
}

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
        return fehler(w, rc, NULL);
    if (wdh && http_resp_header(w, "Idempotent-Replayed", "true") != ERR_OK)
        return ERR_NOMEM;
    char *loc = arena_printf(r->arena, "/api/v1/antraege/%lld", (long long)id);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(
        w, 201,
        json_pack("{s:I, s:o}", "antrag", (json_int_t)id, "eingangsbestaetigung", eb_json(&eb)));
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
        return fehler(w, rc, NULL);
    return api_json(w, 200, antrag_json(&an));
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
        return fehler(w, rc, NULL);
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
        return fehler(w, rc, NULL);
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
        return fehler(w, rc, &f);
    return api_json(w, 201, json_pack("{s:I}", "id", (json_int_t)mid));
}

/* ---- mailbox ------------------------------------------------------------------------- */

json_t *
api_nachricht_json(const struct nachricht *m, bool mit_text)
{
    json_t *doc = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)m->id,
                            "antrag", m->antrag_id ? json_integer(m->antrag_id) : json_null(),
                            "richtung", m->richtung, "art", m->art, "betreff", m->betreff,
                            "behoerde", m->behoerde_name, "erstellt", (json_int_t)m->erstellt,
                            "gelesen", m->gelesen ? json_integer(m->gelesen) : json_null());
    if (doc && mit_text) {
        json_t *al = json_array();
        for (size_t i = 0; al && i < m->n_anlagen; i++)
            json_array_append_new(al, anlage_json(&m->anlagen[i]));
        /* the receipt's PDF is made on demand from the stored receipt */
        json_t *link = json_null();
        if (m->antrag_id && strcmp(m->art, "eingangsbestaetigung") == 0) {
            char u[96];
            snprintf(u, sizeof(u), "/api/v1/antraege/%lld/eingangsbestaetigung.pdf",
                     (long long)m->antrag_id);
            link = json_string(u);
        }
        if (json_object_set_new(doc, "text", json_string(m->text)) != 0 ||
            json_object_set_new(doc, "eingangsbestaetigung_pdf", link) != 0 ||
            json_object_set_new(doc, "anlagen", al) != 0) {
            json_decref(doc);
            return NULL;
        }
    }
    return doc;
}

int
api_postfach(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht *m;
    size_t n;
    int64_t ungelesen = 0, vor = 0, limit = 50;
    const char *l = http_query(r, "limit"), *v = http_query(r, "vor");
    if (l && str_to_int64(str_from(l), 1, 100, &limit) != ERR_OK)
        return api_bad_param(w, "limit", "limit ist eine ganze Zahl von 1 bis 100.");
    if (v && str_to_int64(str_from(v), 1, INT64_MAX, &vor) != ERR_OK)
        return api_bad_param(w, "vor", "vor ist die Kennung einer Nachricht.");
    BEGINN(r, w, &x, NULL);
    int rc = postfach_liste(x.c, r->arena, &x.auth.actor, vor, limit, &m, &n, &ungelesen);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, api_nachricht_json(&m[i], false)) != 0) {
            json_decref(items);
            items = NULL;
        }
    if (!items)
        return ERR_NOMEM;
    char *next = n == (size_t)limit ? arena_printf(r->arena, "%lld", (long long)m[n - 1].id) : NULL;
    return api_json(w, 200,
                    json_pack("{s:o, s:I, s:o}", "items", items, "ungelesen", (json_int_t)ungelesen,
                              "naechste_vor", api_str(next)));
}

int
api_postfach_nachricht(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht m;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = postfach_nachricht(x.c, r->arena, &x.u, &x.auth.actor, id, &m);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_json(w, 200, api_nachricht_json(&m, true));
}

int
api_postfach_anlage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    int rc = ist_sha256(sha) ? postfach_anlage(x.c, r->arena, &x.auth.actor, id, sha, &al, &p, &len)
                             : ERR_NOTFOUND;
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}

/* ---- an authority's forms ------------------------------------------------------------ */

static json_t *
zeile_json(const struct formular_zeile *z)
{
    return json_pack(
        "{s:I, s:s, s:o, s:I, s:s, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)z->id, "leistung",
        z->leistung_id, "behoerde_id", z->behoerde_id ? json_integer(z->behoerde_id) : json_null(),
        "version", (json_int_t)z->version, "status", z->status, "titel", z->titel, "sha256",
        z->sha256, "erstellt", (json_int_t)z->erstellt, "veroeffentlicht",
        z->veroeffentlicht ? json_integer(z->veroeffentlicht) : json_null(), "zurueckgezogen",
        z->zurueckgezogen ? json_integer(z->zurueckgezogen) : json_null());
}

int
api_formulare(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_zeile *z;
    size_t n;
    int64_t id;
    const char *leistung = http_query(r, "leistung");
    if (leistung && !leistung_is_id(leistung))
        return api_bad_param(w, "leistung", "Die Kennung der Leistung ist ungültig.");
    BEGINN(r, w, &x, &id);
    int rc = formular_liste(x.c, r->arena, &x.auth.actor, id, leistung, &z, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, zeile_json(&z[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

int
api_formular_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_zeile z;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    int64_t id;
    const char *pub = http_query(r, "veroeffentlichen");
    BEGINN(r, w, &x, &id);
    int rc = formular_darf_verwalten(&x.auth.actor, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return fehler(w, rc, NULL);
    }
    if (pub && strcmp(pub, "true") != 0 && strcmp(pub, "false") != 0) {
        api_aufruf_ende(&x);
        return api_bad_param(w, "veroeffentlichen", "true oder false.");
    }
    rc = formular_importieren(x.c, r->arena, &x.u, &x.auth.actor, id, r->body, r->body_len,
                              pub && strcmp(pub, "true") == 0, &z, &fe, &n_fe);
    api_aufruf_ende(&x);
    if ((rc == ERR_INVALID || rc == ERR_LIMIT || rc == ERR_NOTFOUND) && n_fe > 0)
        return api_antrag_fehlerliste(w, "Ungültige Formulardefinition",
                                      "Die Definition wurde nicht gespeichert; die Fehler nennen "
                                      "ihre Stelle als JSONPath.",
                                      fe, n_fe);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_json(w, 201, zeile_json(&z));
}

int
api_formular_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_zeile z;
    struct formular *f = NULL;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = formular_zeile_get(x.c, r->arena, &x.auth.actor, id, &z);
    api_aufruf_ende(&x);
    if (rc == ERR_OK) {
        struct formular_fehler *fe;
        size_t n_fe;
        rc = formular_parse(r->arena, z.definition, strlen(z.definition), &f, &fe, &n_fe);
        if (rc != ERR_OK)
            rc = ERR_DB;
    }
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    json_t *doc = formular_doc(&z, f), *meta = zeile_json(&z);
    if (!doc || !meta || json_object_update(doc, meta) != 0) {
        json_decref(doc);
        json_decref(meta);
        return ERR_NOMEM;
    }
    json_decref(meta);
    return api_json(w, 200, doc);
}

static int
formular_status(struct http_req *r, struct http_resp *w, bool veroeffentlichen)
{
    struct api_aufruf x;
    struct formular_zeile z;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = veroeffentlichen ? formular_veroeffentlichen(x.c, &x.u, &x.auth.actor, id)
                              : formular_zurueckziehen(x.c, &x.u, &x.auth.actor, id);
    if (rc == ERR_OK)
        rc = formular_zeile_get(x.c, r->arena, &x.auth.actor, id, &z);
    api_aufruf_ende(&x);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt",
                           "Ein zurückgezogenes Formular kann nicht wieder veröffentlicht "
                           "werden; laden Sie es als neue Version hoch.",
                           NULL);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_json(w, 200, zeile_json(&z));
}

int
api_formular_veroeffentlichen(struct http_req *r, struct http_resp *w)
{
    return formular_status(r, w, true);
}

int
api_formular_zurueckziehen(struct http_req *r, struct http_resp *w)
{
    return formular_status(r, w, false);
}
