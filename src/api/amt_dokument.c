#include <stdio.h>
#include <string.h>

#include "api/amt_dok.h"
#include "api/antrag.h"
#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "app.h"
#include "domain/amt_suche.h"
#include "domain/amt_zugriff.h"
#include "domain/cursor.h"
#include "domain/dokument.h"
#include "http/multipart.h"
#include "store/db.h"
#include "util/str.h"

#define MAX_TEILE 8

/* Literal patterns come before captured ones. */
const struct route amt_dok_api_routes[] = {
    {"GET", "/api/v1/suche", api_amt_suche, ROUTE_API},
    {"GET", "/api/v1/bescheidvorlagen", api_bescheidvorlagen, ROUTE_API},
    {"POST", "/api/v1/bescheidvorlagen", api_bescheidvorlage_create, ROUTE_API},
    {"GET", "/api/v1/bescheidvorlagen/{id}", api_bescheidvorlage, ROUTE_API},
    {"PUT", "/api/v1/bescheidvorlagen/{id}", api_bescheidvorlage_update, ROUTE_API},
    {"GET", "/api/v1/vorgaenge/{id}/dokumente", api_dokumente, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/dokumente", api_dokument_create, ROUTE_API},
    {"GET", "/api/v1/vorgaenge/{id}/bescheide", api_bescheide, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/bescheid", api_bescheid_create, ROUTE_API},
    {"GET", "/api/v1/dokumente/{id}", api_dokument, ROUTE_API},
    {"GET", "/api/v1/dokumente/{id}/versionen", api_dokument_versionen, ROUTE_API},
    {"POST", "/api/v1/dokumente/{id}/versionen", api_dokument_version_create, ROUTE_API},
    {"GET", "/api/v1/dokumente/{id}/versionen/{n}/inhalt", api_dokument_inhalt, ROUTE_API},
    {"POST", "/api/v1/dokumente/{id}/final", api_dokument_final, ROUTE_API},
    {"GET", "/api/v1/bescheide/{id}", api_bescheid, ROUTE_API},
    {"GET", "/api/v1/bescheide/{id}/bescheid.pdf", api_bescheid_pdf, ROUTE_API},
    {"POST", "/api/v1/bescheide/{id}/mitzeichnen", api_bescheid_mitzeichnen, ROUTE_API},
    {"POST", "/api/v1/bescheide/{id}/zurueckweisen", api_bescheid_zurueckweisen, ROUTE_API},
    {"POST", "/api/v1/bescheide/{id}/versenden", api_bescheid_versenden, ROUTE_API},
    {"PUT", "/api/v1/organisationseinheiten/{id}/mitzeichnung", api_oe_mitzeichnung, ROUTE_API},
    {0, 0, 0, 0},
};

int
api_amt_dok_fehler(struct http_resp *w, int rc, const char *feld, const char *text)
{
    switch (rc) {
    case ERR_CONFLICT:
        return api_problem(w, 409, "Konflikt",
                           text ? text
                                : "Das ist im jetzigen Zustand nicht möglich (etwa Endfassung, "
                                  "zu den Akten verfügt oder schon versandt).",
                           feld);
    case ERR_LIMIT:
        return api_problem(w, 413, "Zu groß", text ? text : "Eine Grenze ist erreicht.", feld);
    case ERR_INVALID:
        if (text)
            return api_problem(w, 422, "Ungültige Angabe", text, feld);
        break;
    default:
        break;
    }
    struct feld_fehler f = {feld, text};
    return api_konto_fehler(w, rc, text ? &f : NULL);
}

#define BEGINN(r, w, x, id)                                                                        \
    do {                                                                                           \
        int brc = api_aufruf_start((r), (w), (x), (id), NULL);                                     \
        if (brc != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : brc;                                                     \
    } while (0)

static json_t *
dokument_json(const struct dokument_row *d)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:I, s:b, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "id",
                     (json_int_t)d->id, "vorgang_id", (json_int_t)d->vorgang_id, "titel", d->titel,
                     "art", d->art, "version", (json_int_t)d->aktuelle_version, "final",
                     d->is_final, "erstellt", (json_int_t)d->erstellt, "geaendert",
                     (json_int_t)d->geaendert, "dateiname", api_str(d->dateiname), "typ",
                     api_str(d->typ), "groesse",
                     d->aktuelle_version ? json_integer(d->groesse) : json_null(), "sha256",
                     api_str(d->sha256), "text_status", api_str(d->text_status));
}

static json_t *
version_json(const struct dokument_version_row *v)
{
    char url[96];
    snprintf(url, sizeof(url), "/api/v1/dokumente/%lld/versionen/%lld/inhalt",
             (long long)v->dokument_id, (long long)v->version);
    return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:I, s:o, s:o, s:s}", "dokument_id",
                     (json_int_t)v->dokument_id, "version", (json_int_t)v->version, "dateiname",
                     v->dateiname, "typ", v->typ, "groesse", (json_int_t)v->groesse, "sha256",
                     v->sha256, "erstellt", (json_int_t)v->erstellt, "text_status",
                     api_str(v->text_status), "text_fehler", api_str(v->text_fehler), "inhalt",
                     url);
}

/* The parts of an upload: "datei" (once, with a file name) and the text parts `namen`
 * (each at most once) into werte[]. On bad input the 400 is written (ERR_INVALID). */
static int
multipart_lesen(struct http_req *r, struct http_resp *w, const char *const *namen, size_t n_namen,
                const char **werte, const struct multipart_teil **datei)
{
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL;
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    int rc = b ? multipart_parse(r->arena, b, r->body, r->body_len, MAX_TEILE, &t, &n, &grund)
               : ERR_INVALID;
    if (rc == ERR_NOMEM)
        return rc;
    if (rc != ERR_OK) {
        RH_IGNORE(api_problem(w, 400, "Ungültige Anfrage",
                              b ? grund
                                : "Erwartet wird Content-Type: multipart/form-data mit einer "
                                  "Grenze (boundary).",
                              NULL));
        return ERR_INVALID;
    }
    *datei = NULL;
    for (size_t k = 0; k < n_namen; k++)
        werte[k] = NULL;
    for (size_t i = 0; i < n; i++) {
        bool bekannt = false;
        if (strcmp(t[i].name, "datei") == 0 && !*datei) {
            *datei = &t[i];
            continue;
        }
        for (size_t k = 0; k < n_namen; k++) {
            if (strcmp(t[i].name, namen[k]) == 0 && !werte[k] && !t[i].dateiname &&
                t[i].len <= 4096) {
                werte[k] = arena_strndup(r->arena, t[i].daten, t[i].len);
                if (!werte[k])
                    return ERR_NOMEM;
                bekannt = true;
            }
        }
        if (!bekannt) {
            RH_IGNORE(api_problem(w, 400, "Ungültige Anfrage",
                                  "Unbekannter, doppelter oder zu langer Teil der Anfrage.",
                                  t[i].name));
            return ERR_INVALID;
        }
    }
    if (!*datei || !(*datei)->dateiname) {
        RH_IGNORE(api_problem(w, 400, "Ungültige Anfrage",
                              "Der Teil „datei“ mit einem Dateinamen (filename) fehlt.", "datei"));
        return ERR_INVALID;
    }
    return ERR_OK;
}

int
api_dokumente(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct dokument_row *list = NULL;
    size_t n = 0;
    int64_t id, limit, after = 0;
    const char *cursor = NULL;
    char *part[1];
    if (api_paging(r, w, 50, 200, &limit, &cursor) != ERR_OK)
        return w->status ? ERR_OK : ERR_INVALID;
    if (cursor && (cursor_decode(r->arena, cursor, 1, part) != ERR_OK ||
                   str_to_int64(str_from(part[0]), 0, INT64_MAX, &after) != ERR_OK))
        return api_bad_param(w, "cursor", "Der Cursor ist ungültig.");
    BEGINN(r, w, &x, &id);
    int rc = dokument_liste(x.c, r->arena, &x.auth.actor, id, after, limit + 1, &list, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    const char *next = NULL;
    if (n > (size_t)limit) {
        n = (size_t)limit;
        char buf[24];
        snprintf(buf, sizeof(buf), "%lld", (long long)list[n - 1].id);
        const char *p[1] = {buf};
        if (!(next = cursor_encode(r->arena, p, 1)))
            return ERR_NOMEM;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, dokument_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, next)) : ERR_NOMEM;
}

int
api_dokument_create(struct http_req *r, struct http_resp *w)
{
    static const char *const namen[] = {"titel", "art"};
    const char *werte[2];
    const struct multipart_teil *datei;
    struct api_aufruf x;
    struct dokument_row d;
    struct feld_fehler f = {0};
    struct amt_vorgang_kopf k;
    int64_t id;
    BEGINN(r, w, &x, &id);
    /* who may not write learns nothing from the body */
    int rc = amt_vorgang_zugriff(x.c, &x.auth.actor, id, AUTHZ_DOKUMENT_SCHREIBEN, &k);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    }
    rc = multipart_lesen(r, w, namen, 2, werte, &datei);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = dokument_anlegen(x.c, r->arena, &x.u, r->app->einreichung, &x.auth.actor, id, werte[0],
                          werte[1], datei->dateiname, datei->daten, datei->len, &d, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, f.feld, f.text);
    char *loc = arena_printf(r->arena, "/api/v1/dokumente/%lld", (long long)d.id);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, dokument_json(&d));
}

int
api_dokument(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct dokument_row d;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = dokument_lesen(x.c, r->arena, &x.auth.actor, id, &d, NULL);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    return api_json(w, 200, dokument_json(&d));
}

int
api_dokument_versionen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct dokument_version_row *v = NULL;
    size_t n = 0;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = dokument_versionen(x.c, r->arena, &x.auth.actor, id, &v, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, version_json(&v[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

int
api_dokument_version_create(struct http_req *r, struct http_resp *w)
{
    const struct multipart_teil *datei;
    struct api_aufruf x;
    struct dokument_version_row v;
    struct feld_fehler f = {0};
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = dokument_darf_schreiben(x.c, r->arena, &x.auth.actor, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    }
    rc = multipart_lesen(r, w, NULL, 0, NULL, &datei);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = dokument_version_anlegen(x.c, r->arena, &x.u, r->app->einreichung, &x.auth.actor, id,
                                  datei->dateiname, datei->daten, datei->len, &v, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, f.feld, f.text);
    char *loc = arena_printf(r->arena, "/api/v1/dokumente/%lld/versionen/%lld/inhalt",
                             (long long)id, (long long)v.version);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, version_json(&v));
}

int
api_dokument_inhalt(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct dokument_version_row v;
    const void *p = NULL;
    size_t len = 0;
    int64_t id, n = 0;
    if (str_to_int64(str_from(http_param(r, "n")), 1, 1000000, &n) != ERR_OK)
        return api_problem(w, 404, "Nicht gefunden", "Diese Version gibt es nicht.", "n");
    BEGINN(r, w, &x, &id);
    int rc = dokument_inhalt(x.c, r->arena, &x.u, &x.auth.actor, id, n, &v, &p, &len);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    /* the server sets X-Content-Type-Options: nosniff on every response */
    return api_antrag_datei(r, w, v.typ, v.dateiname, p, len);
}

int
api_dokument_final(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct dokument_row d;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = dokument_final_setzen(x.c, &x.u, &x.auth.actor, id);
    if (rc == ERR_OK)
        rc = dokument_lesen(x.c, r->arena, &x.auth.actor, id, &d, NULL);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL,
                                  rc == ERR_CONFLICT ? "Das Dokument ist schon Endfassung, hat "
                                                       "keine Version oder der Vorgang ist zu "
                                                       "den Akten verfügt."
                                                     : NULL);
    return api_json(w, 200, dokument_json(&d));
}

/* ---- search -------------------------------------------------------------------------- */

/* The excerpt without its marks, and the marked words as a list. */
static json_t *
treffer_json(struct arena *a, const struct akte_suchtreffer *t)
{
    char *plain = arena_strdup(a, t->ausschnitt);
    json_t *marks = json_array();
    if (!plain || !marks) {
        json_decref(marks);
        return NULL;
    }
    size_t o = 0;
    const char *beginn = NULL;
    for (const char *p = t->ausschnitt; *p; p++) {
        if (*p == AKTE_SUCHTEXT_MARK_AN) {
            beginn = plain + o;
            continue;
        }
        if (*p == AKTE_SUCHTEXT_MARK_AUS) {
            if (beginn && plain + o > beginn)
                json_array_append_new(marks, json_stringn(beginn, (size_t)(plain + o - beginn)));
            beginn = NULL;
            continue;
        }
        plain[o++] = *p;
    }
    plain[o] = '\0';
    return json_pack("{s:s, s:I, s:o, s:o, s:s, s:s, s:o, s:f}", "objekt_typ", t->objekt_typ,
                     "objekt_id", (json_int_t)t->objekt_id, "vorgang_id",
                     t->vorgang_id ? json_integer(t->vorgang_id) : json_null(), "akte_id",
                     t->akte_id ? json_integer(t->akte_id) : json_null(), "titel", t->titel,
                     "ausschnitt", plain, "treffer", marks, "rang", t->rang);
}

int
api_amt_suche(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct akte_suchtreffer *hits = NULL;
    size_t n = 0;
    bool weitere = false;
    int64_t limit, offset = 0;
    const char *cursor = NULL, *q = http_query(r, "q");
    char *part[1];
    if (api_paging(r, w, 20, 100, &limit, &cursor) != ERR_OK)
        return w->status ? ERR_OK : ERR_INVALID;
    if (cursor && (cursor_decode(r->arena, cursor, 1, part) != ERR_OK ||
                   str_to_int64(str_from(part[0]), 0, 10000, &offset) != ERR_OK))
        return api_bad_param(w, "cursor", "Der Cursor ist ungültig.");
    if (!q || !*q || strlen(q) > AMT_SUCHE_Q_MAX)
        return api_bad_param(w, "q", "Der Suchbegriff fehlt oder ist länger als 200 Zeichen.");
    BEGINN(r, w, &x, NULL);
    int rc = amt_suche(x.c, r->arena, &x.u, &x.auth.actor, q, offset, limit, &hits, &n, &weitere);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_bad_param(w, "q", "Der Suchbegriff enthält kein Wort.");
    if (rc != ERR_OK)
        return api_amt_dok_fehler(w, rc, NULL, NULL);
    const char *next = NULL;
    if (weitere) {
        char buf[24];
        snprintf(buf, sizeof(buf), "%lld", (long long)(offset + limit));
        const char *p[1] = {buf};
        if (!(next = cursor_encode(r->arena, p, 1)))
            return ERR_NOMEM;
    }
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, treffer_json(r->arena, &hits[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, next)) : ERR_NOMEM;
}
