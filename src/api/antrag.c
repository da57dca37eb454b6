#include "api/antrag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/antrag_intern.h"
#include "api/json.h"
#include "app.h"
#include "domain/antrag_anonym.h"
#include "domain/leistung.h"
#include "store/db.h"

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
int
api_antrag_fehler(struct http_resp *w, int rc, const struct feld_fehler *f)
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

int
api_antrag_beginn(struct http_req *r, struct http_resp *w, struct api_aufruf *x, int64_t *id)
{
    return api_aufruf_start(r, w, x, id, NULL);
}

bool
api_antrag_ist_sha256(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

json_t *
api_antrag_anlage_json(const struct anlage *al)
{
    return json_pack("{s:s, s:s, s:s, s:I}", "sha256", al->sha256, "dateiname", al->dateiname,
                     "typ", al->typ, "groesse", (json_int_t)al->groesse);
}

json_t *
api_antrag_json(const struct antrag *an)
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

json_t *
api_antrag_eb_json(const struct eingangsbestaetigung *eb)
{
    return json_pack("{s:s, s:I, s:s}", "nummer", eb->nummer, "zeitpunkt",
                     (json_int_t)eb->zeitpunkt, "sha256", eb->sha256);
}

/* ---- the form of a Leistung ---------------------------------------------------------- */

json_t *
api_antrag_formular_doc(const struct formular_zeile *z, const struct formular *f)
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
    return api_json(w, 200, api_antrag_formular_doc(&z, f));
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
        return api_antrag_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        if (json_array_append_new(items, api_antrag_json(&list[i])) != 0) {
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
        return api_antrag_fehler(w, rc, NULL);
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
        return api_antrag_fehler(w, rc, &f);
    char *loc = arena_printf(r->arena, "/api/v1/antraege/%lld", (long long)an.id);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, api_antrag_json(&an));
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
        return api_antrag_fehler(w, rc, NULL);
    }
    json_t *doc = api_antrag_json(&an), *verlauf = json_array(), *anlagen = json_array();
    for (size_t i = 0; verlauf && i < n_v; i++)
        json_array_append_new(verlauf, json_pack("{s:s, s:s, s:I, s:o}", "status", v[i].status,
                                                 "status_text", antrag_status_text(v[i].status),
                                                 "zeitpunkt", (json_int_t)v[i].zeitpunkt,
                                                 "bemerkung", api_str(v[i].bemerkung)));
    for (size_t i = 0; anlagen && i < n_al; i++)
        json_array_append_new(anlagen, api_antrag_anlage_json(&al[i]));
    if (!doc || json_object_set_new(doc, "verlauf", verlauf) != 0 ||
        json_object_set_new(doc, "anlagen", anlagen) != 0 ||
        json_object_set_new(doc, "daten", daten) != 0 ||
        json_object_set_new(doc, "eingangsbestaetigung",
                            has_eb ? api_antrag_eb_json(&eb) : json_null()) != 0) {
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
        return api_antrag_fehler(w, rc, NULL);
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
        return api_antrag_fehler(w, rc, NULL);
    }
    json_t *fehlend = json_array();
    for (size_t i = 0; fehlend && i < n_offen; i++)
        json_array_append_new(
            fehlend, json_pack("{s:s, s:s}", "feld", offen[i].pfad, "text", offen[i].text));
    return api_json(w, 200,
                    json_pack("{s:o, s:b, s:o}", "daten", daten, "vollstaendig", n_offen == 0,
                              "fehlend", fehlend));
}
