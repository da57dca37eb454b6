/* amt/dokument: the documents page of a case and the route table of amt/dok.h. */
#include "domain/dokument.h"

#include <stdio.h>
#include <string.h>

#include "amt/dok.h"
#include "api/antrag.h"
#include "app.h"
#include "domain/amt_zugriff.h"
#include "http/multipart.h"
#include "store/db.h"
#include "util/str.h"

const struct route amt_dok_routes[] = {
    {"GET", "/amt/suche", amt_suche_seite, ROUTE_PAGE},
    {"GET", "/amt/bescheidvorlagen", amt_bescheidvorlagen, ROUTE_PAGE},
    {"POST", "/amt/bescheidvorlagen", amt_bescheidvorlage_anlegen, ROUTE_PAGE},
    {"GET", "/amt/bescheidvorlagen/{id}", amt_bescheidvorlage, ROUTE_PAGE},
    {"POST", "/amt/bescheidvorlagen/{id}", amt_bescheidvorlage_aendern, ROUTE_PAGE},
    {"POST", "/amt/organisationseinheiten/{id}/mitzeichnung", amt_oe_mitzeichnung, ROUTE_PAGE},
    {"GET", "/amt/vorgaenge/{id}/dokumente", amt_dokumente, ROUTE_PAGE},
    {"POST", "/amt/vorgaenge/{id}/dokumente", amt_dokument_hochladen, ROUTE_PAGE},
    {"GET", "/amt/vorgaenge/{id}/bescheid", amt_bescheide, ROUTE_PAGE},
    {"POST", "/amt/vorgaenge/{id}/bescheid", amt_bescheid_entwerfen, ROUTE_PAGE},
    {"POST", "/amt/dokumente/{id}/versionen", amt_dokument_version, ROUTE_PAGE},
    {"POST", "/amt/dokumente/{id}/final", amt_dokument_final, ROUTE_PAGE},
    {"GET", "/amt/dokumente/{id}/versionen/{n}/inhalt", amt_dokument_inhalt, ROUTE_PAGE},
    {"GET", "/amt/bescheide/{id}/bescheid.pdf", amt_bescheid_pdf, ROUTE_PAGE},
    {"POST", "/amt/bescheide/{id}/mitzeichnen", amt_bescheid_mitzeichnen, ROUTE_PAGE},
    {"POST", "/amt/bescheide/{id}/zurueckweisen", amt_bescheid_zurueckweisen, ROUTE_PAGE},
    {"POST", "/amt/bescheide/{id}/versenden", amt_bescheid_versenden, ROUTE_PAGE},
    {0, 0, 0, 0},
};

int
amt_dok_meldung(struct http_req *r, struct http_resp *w, struct aseite *s, int status,
                const char *ueberschrift, const char *text, const char *zurueck)
{
    json_t *d = json_pack("{s:s, s:s, s:s?}", "ueberschrift", ueberschrift, "text", text, "zurueck",
                          zurueck);
    int rc = aseite_zeigen(r, w, s, "amt/meldung", ueberschrift, d);
    if (rc == ERR_OK)
        w->status = status;
    return rc;
}

static int64_t
param_id(struct http_req *r, const char *name)
{
    int64_t id = 0;
    if (str_to_int64(str_from(http_param(r, name)), 1, INT64_MAX, &id) != ERR_OK)
        return 0;
    return id;
}

static const char *
groesse_text(struct http_req *r, int64_t n)
{
    if (n < 1024)
        return arena_printf(r->arena, "%lld Byte", (long long)n);
    if (n < 1024 * 1024)
        return arena_printf(r->arena, "%lld KB", (long long)((n + 1023) / 1024));
    return arena_printf(r->arena, "%.1f MB", (double)n / (1024.0 * 1024.0));
}

static const char *
text_status_text(const char *s)
{
    if (!s)
        return "";
    if (strcmp(s, "offen") == 0)
        return "Text wird gelesen";
    if (strcmp(s, "fertig") == 0)
        return "Text durchsuchbar";
    if (strcmp(s, "fehler") == 0)
        return "Text nicht lesbar";
    return "ohne Text";
}

int
amt_dokumente(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct amt_vorgang_kopf k;
    struct dokument_row *d = NULL;
    size_t n = 0;
    int64_t id = param_id(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = amt_vorgang_zugriff(s.c, &s.auth.actor, id, AUTHZ_DOKUMENT_LESEN, &k);
    if (rc == ERR_OK)
        rc = dokument_liste(s.c, r->arena, &s.auth.actor, id, 0, DOKUMENT_MAX_JE_VORGANG, &d, &n);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *data = json_pack("{s:{s:I, s:s}, s:b, s:b, s:[]}", "vorgang", "id", (json_int_t)id,
                             "aktenzeichen", k.aktenzeichen, "tab_dokumente", 1, "offen",
                             strcmp(k.status, "zda") != 0, "dokumente");
    json_t *liste = json_object_get(data, "dokumente");
    for (size_t i = 0; liste && i < n; i++) {
        struct dokument_version_row *v = NULL;
        size_t nv = 0;
        rc = dokument_versionen(s.c, r->arena, &s.auth.actor, d[i].id, &v, &nv);
        if (rc != ERR_OK) {
            json_decref(data);
            return aseite_fehler(r, w, &s, rc);
        }
        json_t *vs = json_array();
        for (size_t j = nv; vs && j > 0; j--) {
            const struct dokument_version_row *x = &v[j - 1];
            json_array_append_new(
                vs,
                json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "dokument", (json_int_t)d[i].id,
                          "version", (json_int_t)x->version, "dateiname", x->dateiname, "typ",
                          x->typ, "groesse", groesse_text(r, x->groesse), "zeit",
                          amt_zeit(r, x->erstellt), "text", text_status_text(x->text_status)));
        }
        json_array_append_new(liste,
                              json_pack("{s:I, s:s, s:s, s:I, s:b, s:o}", "id", (json_int_t)d[i].id,
                                        "titel", d[i].titel, "art", d[i].art, "version",
                                        (json_int_t)d[i].aktuelle_version, "final", d[i].is_final,
                                        "versionen", vs));
    }
    const char *titel = arena_printf(r->arena, "Dokumente – %s", k.aktenzeichen);
    return aseite_zeigen(r, w, &s, "amt/dok_liste", titel ? titel : "Dokumente", data);
}

/* The multipart form of an upload: csrf checked; *datei and the text parts. ERR_OK, or the
 * page is written (return ERR_OK from the handler when w->status is set). */
static int
upload_lesen(struct http_req *r, struct http_resp *w, struct aseite *s,
             const struct multipart_teil **datei, const char **titel, const char **art)
{
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL, *csrf = NULL;
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    int rc =
        b ? multipart_parse(r->arena, b, r->body, r->body_len, 8, &t, &n, &grund) : ERR_INVALID;
    if (rc == ERR_NOMEM) {
        aseite_ende(s);
        return rc;
    }
    *datei = NULL;
    *titel = *art = NULL;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        const char *v = !t[i].dateiname && t[i].len <= 4096
                            ? arena_strndup(r->arena, t[i].daten, t[i].len)
                            : NULL;
        if (strcmp(t[i].name, "datei") == 0 && t[i].dateiname)
            *datei = &t[i];
        else if (strcmp(t[i].name, "csrf") == 0)
            csrf = v;
        else if (strcmp(t[i].name, "titel") == 0)
            *titel = v;
        else if (strcmp(t[i].name, "art") == 0)
            *art = v;
    }
    /* no readable form means no CSRF token: refused like any form without one */
    rc = aseite_csrf(r, w, s, csrf);
    if (rc != ERR_OK)
        return rc;
    if (s->auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, s, ERR_UNAUTHORIZED) == ERR_OK ? ERR_UNAUTHORIZED : ERR_NOMEM;
    return ERR_OK;
}

static int
fehlerseite(struct http_req *r, struct http_resp *w, struct aseite *s, int rc,
            const struct feld_fehler *f, const char *zurueck)
{
    if ((rc == ERR_INVALID || rc == ERR_LIMIT || rc == ERR_CONFLICT) && f->text)
        return amt_dok_meldung(r, w, s,
                               rc == ERR_CONFLICT ? 409
                               : rc == ERR_LIMIT  ? 413
                                                  : 422,
                               "Nicht möglich", f->text, zurueck);
    return aseite_fehler(r, w, s, rc);
}

int
amt_dokument_hochladen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    const struct multipart_teil *datei;
    const char *titel, *art;
    struct dokument_row d;
    struct feld_fehler f = {0};
    int64_t id = param_id(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = upload_lesen(r, w, &s, &datei, &titel, &art);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *zurueck = arena_printf(r->arena, "/amt/vorgaenge/%lld/dokumente", (long long)id);
    if (!datei || !*datei->dateiname) {
        f = (struct feld_fehler){"datei", "Bitte wählen Sie eine Datei."};
        return fehlerseite(r, w, &s, ERR_INVALID, &f, zurueck);
    }
    rc = dokument_anlegen(s.c, r->arena, &s.u, r->app->einreichung, &s.auth.actor, id, titel, art,
                          datei->dateiname, datei->daten, datei->len, &d, &f);
    if (rc != ERR_OK)
        return fehlerseite(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_dokument_version(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    const struct multipart_teil *datei;
    const char *titel, *art;
    struct dokument_row d;
    struct dokument_version_row v;
    struct feld_fehler f = {0};
    int64_t id = param_id(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = upload_lesen(r, w, &s, &datei, &titel, &art);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = dokument_lesen(s.c, r->arena, &s.auth.actor, id, &d, NULL);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    const char *zurueck =
        arena_printf(r->arena, "/amt/vorgaenge/%lld/dokumente", (long long)d.vorgang_id);
    if (!datei || !*datei->dateiname) {
        f = (struct feld_fehler){"datei", "Bitte wählen Sie eine Datei."};
        return fehlerseite(r, w, &s, ERR_INVALID, &f, zurueck);
    }
    rc = dokument_version_anlegen(s.c, r->arena, &s.u, r->app->einreichung, &s.auth.actor, id,
                                  datei->dateiname, datei->daten, datei->len, &v, &f);
    if (rc != ERR_OK)
        return fehlerseite(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_dokument_final(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct dokument_row d;
    int64_t id = param_id(r, "id");
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = dokument_lesen(s.c, r->arena, &s.auth.actor, id, &d, NULL);
    if (rc == ERR_OK)
        rc = dokument_final_setzen(s.c, &s.u, &s.auth.actor, id);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(
        w, &s, arena_printf(r->arena, "/amt/vorgaenge/%lld/dokumente", (long long)d.vorgang_id));
}

int
amt_dokument_inhalt(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct dokument_version_row v;
    const void *p = NULL;
    size_t len = 0;
    int64_t id = param_id(r, "id"), n = param_id(r, "n");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = dokument_inhalt(s.c, r->arena, &s.u, &s.auth.actor, id, n, &v, &p, &len);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    aseite_ende(&s);
    return api_antrag_datei(r, w, v.typ, v.dateiname, p, len);
}
