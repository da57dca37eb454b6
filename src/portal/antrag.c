#include "portal/antrag.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <inttypes.h>
#include <jansson.h>

#include "api/antrag.h"
#include "app.h"
#include "domain/antrag_anonym.h"
#include "domain/formular_verwaltung.h"
#include "domain/leistung.h"
#include "portal/antrag_formular.h"
#include "portal/antrag_intern.h"
#include "portal/portal.h"
#include "store/db.h"

#define MAX_PAARE 512
#define MAX_TEILE 600

/* Literal patterns come before captured ones. */
const struct route antrag_portal_routes[] = {
    {"GET", "/antrag/neu", portal_antrag_neu, ROUTE_PAGE},
    {"POST", "/antrag/neu", portal_antrag_anlegen, ROUTE_PAGE},
    {"GET", "/antraege", portal_antraege, ROUTE_PAGE},
    {"GET", "/postfach", portal_postfach, ROUTE_PAGE},
    {"GET", "/postfach/{id}", portal_postfach_nachricht, ROUTE_PAGE},
    {"GET", "/postfach/{id}/anlagen/{sha256}", portal_postfach_anlage, ROUTE_PAGE},
    {"POST", "/postfach/{id}/antwort", portal_postfach_antwort, ROUTE_PAGE},
    {"GET", "/antrag/{id}", portal_antrag_status, ROUTE_PAGE},
    {"GET", "/antrag/{id}/pruefen", portal_antrag_pruefen, ROUTE_PAGE},
    {"POST", "/antrag/{id}/einreichen", portal_antrag_einreichen, ROUTE_PAGE},
    {"POST", "/antrag/{id}/zurueckziehen", portal_antrag_zurueckziehen, ROUTE_PAGE},
    {"GET", "/antrag/{id}/eingangsbestaetigung.pdf", portal_antrag_pdf, ROUTE_PAGE},
    {"GET", "/antrag/{id}/schritt/{n}", portal_antrag_schritt, ROUTE_PAGE},
    {"POST", "/antrag/{id}/schritt/{n}", portal_antrag_schritt_senden, ROUTE_PAGE},
    {0, 0, 0, 0},
};

int
antrag_seite_beginn(struct http_req *r, struct seite *s)
{
    memset(s, 0, sizeof(*s));
    auth_umfeld(r, &s->u);
    int rc = db_acquire(r->app->db, &s->c);
    if (rc != ERR_OK)
        return rc;
    rc = auth_resolve(r, s->c, &s->auth);
    if (rc == ERR_UNAUTHORIZED) {
        memset(&s->auth, 0, sizeof(s->auth)); /* pages take no API tokens */
        rc = ERR_OK;
    }
    if (rc != ERR_OK) {
        db_release(s->c);
        s->c = NULL;
        return rc;
    }
    s->k = http_query(r, "k");
    if (s->k && (strlen(s->k) == 0 || strlen(s->k) > SCHLUESSEL_MAX))
        s->k = NULL;
    s->z = (struct antrag_zugang){&s->auth.actor, s->k};
    return ERR_OK;
}

void
antrag_seite_ende(struct seite *s)
{
    if (s->c)
        db_release(s->c);
    s->c = NULL;
}

const char *
antrag_seite_feld(const struct seite *s, const char *name)
{
    for (size_t i = 0; i < s->n_form; i++)
        if (strcmp(s->form[i].name, name) == 0)
            return s->form[i].value;
    return NULL;
}

bool
antrag_seite_angemeldet(const struct seite *s)
{
    return s->auth.actor.konto_id > 0;
}

/* "/antrag/7/schritt/2" plus "?k=..." when reached by the resume link; in the arena. `fmt`
 * takes the id (PRId64) and the step (%ld). */
const char *
antrag_seite_url(struct http_req *r, const struct seite *s, const char *fmt, ...)
{
    char pfad[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pfad, sizeof(pfad), fmt, ap);
    va_end(ap);
    if (s->k)
        return arena_printf(r->arena, "%s?k=%s", pfad, s->k);
    return arena_strdup(r->arena, pfad);
}

/* Render `tmpl` with `data` (stolen), the CSRF token and the login state; no caching. */
int
antrag_seite_zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const char *tmpl,
                    const char *titel, json_t *data, int status)
{
    const char *csrf = NULL;
    int rc = data ? auth_csrf_token(r, w, &s->auth, &csrf) : ERR_NOMEM;
    if (rc == ERR_OK &&
        (json_object_set_new(data, "csrf", json_string(csrf)) != 0 ||
         json_object_set_new(data, "angemeldet", json_boolean(antrag_seite_angemeldet(s))) != 0))
        rc = ERR_NOMEM;
    if (rc != ERR_OK) {
        json_decref(data);
        return rc;
    }
    rc = portal_render(r, w, tmpl, titel, data);
    if (rc != ERR_OK)
        return rc;
    w->status = status;
    for (size_t i = 0; i < w->n_headers; i++) {
        if (strcmp(w->headers[i].name, "Cache-Control") == 0) {
            w->headers[i].value = "no-store";
            w->headers[i].value_len = 8;
            return ERR_OK;
        }
    }
    return http_resp_header(w, "Cache-Control", "no-store");
}

static int
meldung(struct http_req *r, struct http_resp *w, struct seite *s, int status,
        const char *ueberschrift, const char *text, const char *weiter, const char *weiter_text)
{
    json_t *d =
        json_pack("{s:s, s:s, s:b, s:s?, s:s?}", "ueberschrift", ueberschrift, "text", text,
                  "fehlerhaft", status >= 400, "weiter", weiter, "weiter_text", weiter_text);
    return antrag_seite_zeigen(r, w, s, "antrag/meldung", ueberschrift, d, status);
}

/* The answer page for a domain error; ERR_OK when written. */
int
antrag_seite_fehlerseite(struct http_req *r, struct http_resp *w, struct seite *s, int rc)
{
    switch (rc) {
    case ERR_NOTFOUND:
        return meldung(r, w, s, 404, "Nicht gefunden",
                       "Diesen Antrag gibt es nicht, oder er gehört nicht zu Ihrem Konto. Wenn "
                       "Sie ohne Konto begonnen haben, öffnen Sie Ihren privaten Link.",
                       "/", "Zur Startseite");
    case ERR_UNAUTHORIZED:
        return meldung(r, w, s, 401, "Bitte melden Sie sich an",
                       "Diese Seite gehört zu einem Konto. Bitte melden Sie sich an oder nutzen "
                       "Sie Ihren privaten Link.",
                       "/konto/anmelden", "Anmelden");
    case ERR_FORBIDDEN:
        return meldung(r, w, s, 403, "Nicht erlaubt",
                       "Mit diesem Konto können Sie keine Anträge stellen (Konten der Verwaltung "
                       "stellen keine Anträge).",
                       "/", "Zur Startseite");
    default:
        return rc;
    }
}

/* Parse the body: x-www-form-urlencoded, or multipart/form-data (text parts as pairs, files
 * apart). A bad body gets a German 400 page (ERR_INVALID returned). */
static int
formular(struct http_req *r, struct http_resp *w, struct seite *s)
{
    const char *ct = http_header(r, "Content-Type");
    const char *b = multipart_boundary(r->arena, ct);
    int rc;
    if (!b) {
        rc = http_parse_urlencoded(r->arena, r->body, r->body_len, MAX_PAARE, &s->form, &s->n_form);
    } else {
        struct multipart_teil *t;
        size_t n;
        const char *grund;
        rc = multipart_parse(r->arena, b, r->body, r->body_len, MAX_TEILE, &t, &n, &grund);
        if (rc == ERR_OK) {
            s->form = arena_alloc(r->arena, (n + 1) * sizeof(*s->form));
            s->dateien = arena_alloc(r->arena, (n + 1) * sizeof(*s->dateien));
            if (!s->form || !s->dateien)
                return ERR_NOMEM;
            for (size_t i = 0; i < n && rc == ERR_OK; i++) {
                if (t[i].dateiname) {
                    s->dateien[s->n_dateien++] = t[i];
                    continue;
                }
                if (!str_is_clean_utf8(t[i].daten, t[i].len) || s->n_form >= MAX_PAARE) {
                    rc = ERR_INVALID;
                    break;
                }
                char *v = arena_strndup(r->arena, t[i].daten, t[i].len);
                if (!v)
                    return ERR_NOMEM;
                s->form[s->n_form++] = (struct http_kv){t[i].name, v, t[i].len};
            }
        }
    }
    if (rc == ERR_OK || rc == ERR_NOMEM)
        return rc;
    rc = meldung(r, w, s, 400, "Ungültige Eingabe",
                 "Das Formular enthält ungültige Zeichen oder zu viele Felder. Bitte prüfen Sie "
                 "Ihre Eingaben.",
                 NULL, NULL);
    return rc == ERR_OK ? ERR_INVALID : rc;
}

static int
csrf(struct http_req *r, struct http_resp *w, struct seite *s)
{
    if (auth_csrf_pruefen(r, &s->auth, antrag_seite_feld(s, "csrf")) == ERR_OK)
        return ERR_OK;
    int rc = meldung(r, w, s, 403, "Formular abgelaufen",
                     "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es wurde nichts "
                     "geändert. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
                     NULL, NULL);
    return rc == ERR_OK ? ERR_FORBIDDEN : rc;
}

int
antrag_seite_post_beginn(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int rc = antrag_seite_beginn(r, s);
    if (rc != ERR_OK)
        return rc;
    rc = formular(r, w, s);
    if (rc == ERR_OK)
        rc = csrf(r, w, s);
    return rc;
}

int
antrag_seite_abbruch(struct http_resp *w, struct seite *s, int rc)
{
    antrag_seite_ende(s);
    return w->status ? ERR_OK : rc;
}

int
antrag_seite_id_param(struct http_req *r, const char *name, int64_t *out)
{
    return str_to_int64(str_from(http_param(r, name)), 1, INT64_MAX, out);
}

/* The list for the error summary: [{href: "#f-...", text}] (links into `seite_url` when
 * given, e.g. the step of each error on the summary page). */
json_t *
antrag_seite_fehlerliste(struct http_req *r, const struct seite *s, const struct formular *f,
                         int64_t id, const struct formular_fehler *fe, size_t n, bool mit_schritt)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const char *href = NULL;
        if (fe[i].feld && mit_schritt) {
            size_t st = antrag_schritt_von(f, fe[i].pfad);
            const char *u = antrag_seite_url(r, s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)st);
            href = u ? arena_printf(r->arena, "%s#%s", u, fe[i].feld) : NULL;
        } else if (fe[i].feld) {
            href = arena_printf(r->arena, "#%s", fe[i].feld);
        }
        if (json_array_append_new(arr, json_pack("{s:s?, s:s}", "href", href, "text",
                                                 fe[i].text ? fe[i].text : "")) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

json_t *
antrag_seite_anlagen_json(const struct anlage *al, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        if (json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "sha256", al[i].sha256,
                                                 "dateiname", al[i].dateiname, "typ", al[i].typ)) !=
            0) {
            json_decref(arr);
            return NULL;
        }
    return arr;
}

/* ---- entry: /antrag/neu -------------------------------------------------------------- */

int
portal_antrag_neu(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct leistung l;
    struct formular_zeile fz;
    struct formular *f;
    struct gemeinde *g = NULL;
    size_t n_g = 0;
    const char *leistung_id = http_query(r, "leistung"), *ort = http_query(r, "ort");
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!leistung_is_id(leistung_id) ||
        (rc = leistung_get(s.c, r->arena, leistung_id, &l)) == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, 404, "Leistung nicht gefunden",
                     "Zu diesem Link gibt es keine Leistung.", "/", "Leistung suchen");
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    /* the place: an AGS, or a name or postcode to resolve */
    const char *ort_fehler = NULL;
    if (ort && *ort) {
        rc = gebiet_ort_finden(s.c, r->arena, ort, 1, &g, &n_g);
        if (rc == ERR_INVALID) {
            ort_fehler = "Bitte geben Sie einen Ort, eine Postleitzahl oder einen "
                         "Gemeindeschlüssel an (höchstens 200 Zeichen).";
            rc = ERR_OK;
        } else if (rc == ERR_OK && n_g == 0) {
            ort_fehler = "Zu dieser Angabe kennen wir keine Gemeinde in Baden-Württemberg.";
        }
        if (rc != ERR_OK)
            return antrag_seite_abbruch(w, &s, rc);
    }
    struct stelle *st = NULL;
    size_t n_st = 0;
    if (n_g > 0 && (rc = leistung_stellen(s.c, r->arena, leistung_id, &g[0], &st, &n_st)) != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    if (n_g > 0 && n_st == 0)
        ort_fehler = "Für diese Leistung ist an diesem Ort keine Stelle zuständig, bei der man "
                     "online Anträge stellen kann.";
    if (n_g == 0 || n_st == 0) {
        json_t *d =
            json_pack("{s:s, s:s, s:s?, s:s?, s:o}", "leistung_id", leistung_id, "leistung_name",
                      l.name, "ort", ort, "ort_fehler", ort_fehler, "fehlerliste",
                      ort_fehler ? json_pack("[{s:s, s:s}]", "href", "#f-ort", "text", ort_fehler)
                                 : json_array());
        rc = antrag_seite_zeigen(r, w, &s, "antrag/ort", l.name, d, ort_fehler ? 422 : 200);
        antrag_seite_ende(&s);
        return rc;
    }
    rc = formular_aktuell(s.c, r->arena, leistung_id, st[0].behoerde_id, &fz, &f);
    if (rc == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, 404, "Noch kein Online-Formular",
                     "Für diese Leistung gibt es hier noch kein Online-Formular. Die zuständige "
                     "Stelle hilft Ihnen gern weiter.",
                     arena_printf(r->arena, "/leistungen/%s?ort=%s", leistung_id, g[0].ags),
                     "Zur Beschreibung der Leistung");
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    json_t *schritte = json_array();
    for (size_t i = 0; schritte && i < f->n_schritte; i++)
        json_array_append_new(schritte, json_pack("{s:s}", "titel", f->schritte[i].titel));
    json_t *d =
        json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:o}", "leistung_id", leistung_id,
                  "formular_titel", f->titel, "beschreibung", f->beschreibung, "gemeinde_name",
                  g[0].name_kurz, "oe_name", st[0].oe_name, "behoerde_name", st[0].behoerde_name,
                  "ort", g[0].ags, "leistung_name", l.name, "schritte", schritte);
    rc = antrag_seite_zeigen(r, w, &s, "antrag/start", f->titel, d, 200);
    antrag_seite_ende(&s);
    return rc;
}

int
portal_antrag_anlegen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct feld_fehler ff = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    int rc = antrag_seite_post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    const char *leistung = antrag_seite_feld(&s, "leistung"), *ort = antrag_seite_feld(&s, "ort");
    rc = antrag_anlegen(s.c, r->arena, &s.u, antrag_seite_angemeldet(&s) ? &s.auth.actor : NULL,
                        leistung ? leistung : "", ort ? ort : "", &an, fort, &ff);
    if (rc == ERR_LIMIT) {
        /* too many anonymous drafts from this address: 429 with Retry-After */
        int64_t warten = 0;
        char sek[24];
        if (antrag_anonym_warten(s.c, &s.u, &warten) != ERR_OK || warten <= 0)
            warten = 3600;
        snprintf(sek, sizeof(sek), "%lld", (long long)warten);
        const char *accept = http_header(r, "Accept");
        if (accept &&
            (strstr(accept, "application/problem+json") || strstr(accept, "application/json"))) {
            /* a script (the likely flooder) gets the machine-readable answer */
            antrag_seite_ende(&s);
            return api_zu_viele(r, w, warten, ff.text);
        }
        const char *ra = arena_strdup(r->arena, sek);
        rc = ra ? http_resp_header(w, "Retry-After", ra) : ERR_NOMEM;
        if (rc == ERR_OK)
            rc = meldung(r, w, &s, 429, "Zu viele Anträge",
                         ff.text ? ff.text : "Bitte versuchen Sie es später noch einmal.", "/",
                         "Zur Startseite");
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (rc == ERR_INVALID || rc == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, rc == ERR_INVALID ? 400 : 404, "Antrag nicht möglich",
                     ff.text ? ff.text : "Der Antrag kann so nicht begonnen werden.", "/",
                     "Zur Startseite");
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (rc != ERR_OK) {
        int wr = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, wr);
    }
    antrag_seite_ende(&s);
    const char *ziel =
        fort[0] ? arena_printf(r->arena, "/antrag/%lld/schritt/0?k=%s", (long long)an.id, fort)
                : arena_printf(r->arena, "/antrag/%lld/schritt/0", (long long)an.id);
    return ziel ? http_resp_redirect(w, ziel) : ERR_NOMEM;
}
