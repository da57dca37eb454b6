#include "portal/antrag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inttypes.h>
#include <jansson.h>

#include "api/antrag.h"
#include "app.h"
#include "domain/antrag.h"
#include "domain/antrag_anonym.h"
#include "domain/antrag_einreichung.h"
#include "domain/formular_verwaltung.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"
#include "domain/postfach.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "http/auth.h"
#include "http/multipart.h"
#include "portal/antrag_formular.h"
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

/* What every page holds while it runs. */
struct seite {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
    struct http_kv *form;
    size_t n_form;
    struct multipart_teil *dateien; /* file parts of a multipart form */
    size_t n_dateien;
    const char *k; /* the resume secret from ?k=, or NULL */
    struct antrag_zugang z;
};

static int
beginn(struct http_req *r, struct seite *s)
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

static void
ende(struct seite *s)
{
    if (s->c)
        db_release(s->c);
    s->c = NULL;
}

static const char *
feld(const struct seite *s, const char *name)
{
    for (size_t i = 0; i < s->n_form; i++)
        if (strcmp(s->form[i].name, name) == 0)
            return s->form[i].value;
    return NULL;
}

static bool
angemeldet(const struct seite *s)
{
    return s->auth.actor.konto_id > 0;
}

/* "/antrag/7/schritt/2" plus "?k=..." when reached by the resume link; in the arena. `fmt`
 * takes the id (PRId64) and the step (%ld). */
static const char *url(struct http_req *r, const struct seite *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static const char *url_id(struct http_req *r, const struct seite *s, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static const char *
url(struct http_req *r, const struct seite *s, const char *fmt, ...)
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

/* Like url() for paths with the id only. */
static const char *
url_id(struct http_req *r, const struct seite *s, const char *fmt, ...)
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
static int
zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const char *tmpl,
       const char *titel, json_t *data, int status)
{
    const char *csrf = NULL;
    int rc = data ? auth_csrf_token(r, w, &s->auth, &csrf) : ERR_NOMEM;
    if (rc == ERR_OK && (json_object_set_new(data, "csrf", json_string(csrf)) != 0 ||
                         json_object_set_new(data, "angemeldet", json_boolean(angemeldet(s))) != 0))
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
    return zeigen(r, w, s, "antrag/meldung", ueberschrift, d, status);
}

/* The answer page for a domain error; ERR_OK when written. */
static int
fehlerseite(struct http_req *r, struct http_resp *w, struct seite *s, int rc)
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
    if (auth_csrf_pruefen(r, &s->auth, feld(s, "csrf")) == ERR_OK)
        return ERR_OK;
    int rc = meldung(r, w, s, 403, "Formular abgelaufen",
                     "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es wurde nichts "
                     "geändert. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
                     NULL, NULL);
    return rc == ERR_OK ? ERR_FORBIDDEN : rc;
}

static int
post_beginn(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int rc = beginn(r, s);
    if (rc != ERR_OK)
        return rc;
    rc = formular(r, w, s);
    if (rc == ERR_OK)
        rc = csrf(r, w, s);
    return rc;
}

static int
abbruch(struct http_resp *w, struct seite *s, int rc)
{
    ende(s);
    return w->status ? ERR_OK : rc;
}

static int
id_param(struct http_req *r, const char *name, int64_t *out)
{
    return str_to_int64(str_from(http_param(r, name)), 1, INT64_MAX, out);
}

/* The list for the error summary: [{href: "#f-...", text}] (links into `seite_url` when
 * given, e.g. the step of each error on the summary page). */
static json_t *
fehlerliste(struct http_req *r, const struct seite *s, const struct formular *f, int64_t id,
            const struct formular_fehler *fe, size_t n, bool mit_schritt)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const char *href = NULL;
        if (fe[i].feld && mit_schritt) {
            size_t st = antrag_schritt_von(f, fe[i].pfad);
            const char *u = url(r, s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)st);
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

static json_t *
anlagen_json(const struct anlage *al, size_t n)
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
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!leistung_is_id(leistung_id) ||
        (rc = leistung_get(s.c, r->arena, leistung_id, &l)) == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, 404, "Leistung nicht gefunden",
                     "Zu diesem Link gibt es keine Leistung.", "/", "Leistung suchen");
        return abbruch(w, &s, rc);
    }
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
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
            return abbruch(w, &s, rc);
    }
    struct stelle *st = NULL;
    size_t n_st = 0;
    if (n_g > 0 && (rc = leistung_stellen(s.c, r->arena, leistung_id, &g[0], &st, &n_st)) != ERR_OK)
        return abbruch(w, &s, rc);
    if (n_g > 0 && n_st == 0)
        ort_fehler = "Für diese Leistung ist an diesem Ort keine Stelle zuständig, bei der man "
                     "online Anträge stellen kann.";
    if (n_g == 0 || n_st == 0) {
        json_t *d =
            json_pack("{s:s, s:s, s:s?, s:s?, s:o}", "leistung_id", leistung_id, "leistung_name",
                      l.name, "ort", ort, "ort_fehler", ort_fehler, "fehlerliste",
                      ort_fehler ? json_pack("[{s:s, s:s}]", "href", "#f-ort", "text", ort_fehler)
                                 : json_array());
        rc = zeigen(r, w, &s, "antrag/ort", l.name, d, ort_fehler ? 422 : 200);
        ende(&s);
        return rc;
    }
    rc = formular_aktuell(s.c, r->arena, leistung_id, st[0].behoerde_id, &fz, &f);
    if (rc == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, 404, "Noch kein Online-Formular",
                     "Für diese Leistung gibt es hier noch kein Online-Formular. Die zuständige "
                     "Stelle hilft Ihnen gern weiter.",
                     arena_printf(r->arena, "/leistungen/%s?ort=%s", leistung_id, g[0].ags),
                     "Zur Beschreibung der Leistung");
        return abbruch(w, &s, rc);
    }
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
    json_t *schritte = json_array();
    for (size_t i = 0; schritte && i < f->n_schritte; i++)
        json_array_append_new(schritte, json_pack("{s:s}", "titel", f->schritte[i].titel));
    json_t *d =
        json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s, s:s, s:s, s:o}", "leistung_id", leistung_id,
                  "formular_titel", f->titel, "beschreibung", f->beschreibung, "gemeinde_name",
                  g[0].name_kurz, "oe_name", st[0].oe_name, "behoerde_name", st[0].behoerde_name,
                  "ort", g[0].ags, "leistung_name", l.name, "schritte", schritte);
    rc = zeigen(r, w, &s, "antrag/start", f->titel, d, 200);
    ende(&s);
    return rc;
}

int
portal_antrag_anlegen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct feld_fehler ff = {0};
    char fort[SCHLUESSEL_TEXT_LEN + 1];
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
    const char *leistung = feld(&s, "leistung"), *ort = feld(&s, "ort");
    rc = antrag_anlegen(s.c, r->arena, &s.u, angemeldet(&s) ? &s.auth.actor : NULL,
                        leistung ? leistung : "", ort ? ort : "", &an, fort, &ff);
    if (rc == ERR_LIMIT) {
        /* too many anonymous drafts from this address: 429 with Retry-After */
        int64_t warten = 0;
        char sek[24];
        if (antrag_anonym_warten(s.c, &s.u, &warten) != ERR_OK || warten <= 0)
            warten = 3600;
        snprintf(sek, sizeof(sek), "%lld", (long long)warten);
        const char *accept = http_header(r, "Accept");
        if (accept && (strstr(accept, "application/problem+json") ||
                       strstr(accept, "application/json"))) {
            /* a script (the likely flooder) gets the machine-readable answer */
            ende(&s);
            return api_zu_viele(r, w, warten, ff.text);
        }
        const char *ra = arena_strdup(r->arena, sek);
        rc = ra ? http_resp_header(w, "Retry-After", ra) : ERR_NOMEM;
        if (rc == ERR_OK)
            rc = meldung(r, w, &s, 429, "Zu viele Anträge",
                         ff.text ? ff.text : "Bitte versuchen Sie es später noch einmal.", "/",
                         "Zur Startseite");
        return abbruch(w, &s, rc);
    }
    if (rc == ERR_INVALID || rc == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, rc == ERR_INVALID ? 400 : 404, "Antrag nicht möglich",
                     ff.text ? ff.text : "Der Antrag kann so nicht begonnen werden.", "/",
                     "Zur Startseite");
        return abbruch(w, &s, rc);
    }
    if (rc != ERR_OK) {
        int wr = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, wr);
    }
    ende(&s);
    const char *ziel =
        fort[0] ? arena_printf(r->arena, "/antrag/%lld/schritt/0?k=%s", (long long)an.id, fort)
                : arena_printf(r->arena, "/antrag/%lld/schritt/0", (long long)an.id);
    return ziel ? http_resp_redirect(w, ziel) : ERR_NOMEM;
}

/* ---- the steps ----------------------------------------------------------------------- */

/* Render step `n` of application `an` with answers `daten` (borrowed) and errors. */
static int
schritt_zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const struct antrag *an,
               const struct formular *f, size_t n, const json_t *daten,
               const struct formular_fehler *fe, size_t n_fe, bool gespeichert, int status)
{
    struct anlage *al = NULL;
    size_t n_al = 0;
    int rc = antrag_anlagen(s->c, r->arena, &s->z, an->id, &al, &n_al);
    if (rc != ERR_OK)
        return rc;
    json_t *anlagen = anlagen_json(al, n_al);
    json_t *felder =
        anlagen ? antrag_felder_ansicht(r->arena, f, n, daten, anlagen, fe, n_fe) : NULL;
    json_decref(anlagen);
    const char *fort = NULL, *fort_text = NULL;
    if (s->k && an->konto_id == 0) {
        fort = url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id, (long)n);
        fort_text =
            s->u.basis_url && fort ? arena_printf(r->arena, "%s%s", s->u.basis_url, fort) : fort;
    }
    const struct formular_schritt *st = &f->schritte[n];
    json_t *d = json_pack(
        "{s:o, s:o, s:s, s:I, s:I, s:s, s:s?, s:s, s:b, s:b, s:b, s:s?, s:s?, s:I}", "felder",
        felder, "fehlerliste", fehlerliste(r, s, f, an->id, fe, n_fe, false), "leistung_name",
        an->leistung_name, "nummer", (json_int_t)(n + 1), "anzahl_schritte",
        (json_int_t)f->n_schritte, "schritt_titel", st->titel, "schritt_hilfe", st->hilfe,
        "aktion_url", url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id, (long)n), "hat_zurueck",
        n > 0, "letzter", n + 1 == f->n_schritte, "gespeichert", gespeichert, "fortsetzen", fort,
        "fortsetzen_text", fort_text, "antrag_id", (json_int_t)an->id);
    char titel[256];
    snprintf(titel, sizeof(titel), "%s – %s%s", st->titel, an->leistung_name,
             n_fe ? " (Fehler)" : "");
    return zeigen(r, w, s, "antrag/schritt", titel, d, status);
}

/* Read the application and its form, and check the step number. */
static int
laden(struct http_req *r, struct seite *s, int64_t id, struct antrag *an, struct formular **f)
{
    int rc = antrag_get(s->c, r->arena, &s->z, id, an);
    if (rc == ERR_OK)
        rc = antrag_formular(s->c, r->arena, an, f);
    return rc;
}

int
portal_antrag_schritt(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    json_t *daten = NULL;
    int64_t id, n;
    if (id_param(r, "id", &id) != ERR_OK ||
        str_to_int64(str_from(http_param(r, "n")), 0, FORMULAR_MAX_SCHRITTE, &n) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = laden(r, &s, id, &an, &f);
    if (rc == ERR_OK && (size_t)n >= f->n_schritte)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    if (strcmp(an.status, "entwurf") != 0) {
        ende(&s);
        const char *z = url_id(r, &s, "/antrag/%" PRId64 "", id);
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    rc = antrag_daten(s.c, r->arena, &s.z, id, &daten);
    if (rc == ERR_OK)
        rc = schritt_zeigen(r, w, &s, &an, f, (size_t)n, daten, NULL, 0,
                            http_query(r, "gespeichert") != NULL, 200);
    json_decref(daten);
    ende(&s);
    return rc;
}

/* Upload the files of a posted step; each becomes a pair (its field path, its SHA-256) in
 * `paare`, each failure an error. */
static int
hochladen(struct http_req *r, struct seite *s, const struct antrag *an, const struct formular *f,
          size_t n, struct http_kv *paare, size_t *n_paare, struct formular_fehler *fe,
          size_t *n_fe)
{
    for (size_t i = 0; i < s->n_dateien; i++) {
        const struct multipart_teil *t = &s->dateien[i];
        if (t->len == 0 && (!t->dateiname || !*t->dateiname))
            continue; /* the browser's empty file input */
        const struct formular_feld *df = antrag_datei_feld(f, n, t->name);
        char *pointer = arena_printf(r->arena, "/%s", t->name);
        char *hid = arena_printf(r->arena, "f-%s", t->name);
        if (!pointer || !hid)
            return ERR_NOMEM;
        for (char *q = pointer; *q; q++)
            if (*q == '.')
                *q = '/';
        for (char *q = hid; *q; q++)
            if (*q == '.')
                *q = '-';
        struct anlage al;
        struct feld_fehler ff = {0};
        int rc =
            df ? antrag_anlage_hinzufuegen(s->c, r->arena, &s->u, r->app->einreichung, &s->z,
                                           an->id, df->id, t->dateiname, t->daten, t->len, &al, &ff)
               : ERR_INVALID;
        if (rc == ERR_OK) {
            char *sha = arena_strdup(r->arena, al.sha256);
            if (!sha)
                return ERR_NOMEM;
            paare[(*n_paare)++] = (struct http_kv){t->name, sha, strlen(sha)};
            continue;
        }
        if (rc != ERR_INVALID && rc != ERR_LIMIT)
            return rc;
        const char *text = arena_printf(r->arena, "„%s“: %s", df ? df->label : "Datei",
                                        ff.text ? ff.text
                                                : "Die Datei kann hier nicht "
                                                  "hochgeladen werden.");
        if (!text)
            return ERR_NOMEM;
        fe[(*n_fe)++] = (struct formular_fehler){pointer, hid, df ? df->label : NULL, text};
    }
    return ERR_OK;
}

int
portal_antrag_schritt_senden(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    json_t *eingabe = NULL, *anzeige = NULL;
    struct formular_fehler *fe = NULL, *hoch = NULL;
    size_t n_fe = 0, n_hoch = 0;
    int64_t id, n;
    if (id_param(r, "id", &id) != ERR_OK ||
        str_to_int64(str_from(http_param(r, "n")), 0, FORMULAR_MAX_SCHRITTE, &n) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
    rc = laden(r, &s, id, &an, &f);
    if (rc == ERR_OK && (size_t)n >= f->n_schritte)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    if (strcmp(an.status, "entwurf") != 0) {
        ende(&s);
        const char *z = url_id(r, &s, "/antrag/%" PRId64 "", id);
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    /* files first: each upload is stored at once; the form then names it */
    struct http_kv *paare = arena_alloc(r->arena, (s.n_form + s.n_dateien + 1) * sizeof(*paare));
    hoch = arena_alloc(r->arena, (s.n_dateien + 1) * sizeof(*hoch));
    if (!paare || !hoch) {
        ende(&s);
        return ERR_NOMEM;
    }
    memcpy(paare, s.form, s.n_form * sizeof(*paare));
    size_t n_paare = s.n_form;
    rc = hochladen(r, &s, &an, f, (size_t)n, paare, &n_paare, hoch, &n_hoch);
    if (rc == ERR_OK)
        rc = antrag_formular_lesen(r->arena, f, (size_t)n, paare, n_paare, &eingabe);
    if (rc != ERR_OK)
        goto out;
    const char *aktion = feld(&s, "aktion");
    if (!aktion)
        aktion = "weiter";
    bool gruppe = strncmp(aktion, "neu:", 4) == 0 || strncmp(aktion, "weg:", 4) == 0;
    if (gruppe)
        RH_IGNORE(antrag_gruppe_aendern(f, (size_t)n, eingabe, aktion)); /* a stale button: no-op */
    bool weiter = strcmp(aktion, "weiter") == 0 && n_hoch == 0;
    rc =
        antrag_daten_speichern(s.c, r->arena, &s.u, &s.z, id, eingabe, true,
                               weiter ? FORMULAR_SCHRITT : FORMULAR_ENTWURF, (size_t)n, &fe, &n_fe);
    if (rc == ERR_INVALID || rc == ERR_LIMIT || n_hoch > 0) {
        /* show the page again with what was typed and every error */
        struct formular_fehler *alle = arena_alloc(r->arena, (n_fe + n_hoch + 1) * sizeof(*alle));
        if (!alle) {
            rc = ERR_NOMEM;
            goto out;
        }
        memcpy(alle, hoch, n_hoch * sizeof(*alle));
        if (rc == ERR_INVALID || rc == ERR_LIMIT)
            memcpy(alle + n_hoch, fe, n_fe * sizeof(*alle));
        else
            n_fe = 0;
        rc = antrag_daten(s.c, r->arena, &s.z, id, &anzeige);
        if (rc != ERR_OK)
            goto out;
        const char *key;
        json_t *v;
        json_object_foreach(eingabe, key, v)
        {
            if (json_object_set(anzeige, key, v) != 0)
                rc = ERR_NOMEM;
        }
        if (rc == ERR_OK)
            rc = schritt_zeigen(r, w, &s, &an, f, (size_t)n, anzeige, alle, n_hoch + n_fe, false,
                                422);
        goto out;
    }
    if (rc == ERR_CONFLICT) {
        const char *z = url_id(r, &s, "/antrag/%" PRId64 "", id);
        rc = z ? http_resp_redirect(w, z) : ERR_NOMEM;
        goto out;
    }
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        goto out;
    }
    const char *ziel;
    if (gruppe) {
        const char *u = url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)n);
        const char *pfad = aktion + 4, *dot = strrchr(pfad, '.');
        /* back to the group: its fieldset's id */
        size_t len = strncmp(aktion, "weg:", 4) == 0 && dot ? (size_t)(dot - pfad) : strlen(pfad);
        char *anker = arena_printf(r->arena, "f-%.*s", (int)len, pfad);
        for (char *q = anker; q && *q; q++)
            if (*q == '.')
                *q = '-';
        ziel = u && anker ? arena_printf(r->arena, "%s#%s", u, anker) : NULL;
    } else if (strcmp(aktion, "zurueck") == 0) {
        ziel = url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)(n > 0 ? n - 1 : 0));
    } else if (strcmp(aktion, "speichern") == 0) {
        const char *u = url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)n);
        ziel = u ? arena_printf(r->arena, "%s%sgespeichert=1", u, s.k ? "&" : "?") : NULL;
    } else if ((size_t)n + 1 < f->n_schritte) {
        ziel = url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)(n + 1));
    } else {
        ziel = url_id(r, &s, "/antrag/%" PRId64 "/pruefen", id);
    }
    rc = ziel ? http_resp_redirect(w, ziel) : ERR_NOMEM;
out:
    json_decref(anzeige);
    json_decref(eingabe);
    ende(&s);
    return w->status ? ERR_OK : rc;
}

/* ---- summary and submitting ------------------------------------------------------------ */

static int
pruefen_zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const struct antrag *an,
               const struct formular *f, const struct formular_fehler *fe_extra, size_t n_extra,
               int status)
{
    json_t *daten = NULL, *b = NULL;
    struct anlage *al = NULL;
    struct formular_fehler *fe = NULL;
    size_t n_al = 0, n_fe = 0;
    char heute[11], schluessel[SCHLUESSEL_TEXT_LEN + 1];
    int rc = antrag_daten(s->c, r->arena, &s->z, an->id, &daten);
    if (rc == ERR_OK)
        rc = antrag_anlagen(s->c, r->arena, &s->z, an->id, &al, &n_al);
    antrag_heute(s->u.jetzt, heute);
    if (rc == ERR_OK)
        rc = formular_daten_pruefen(r->arena, f, daten, FORMULAR_VOLLSTAENDIG, 0, heute, &b, &fe,
                                    &n_fe);
    if (rc == ERR_OK)
        rc = schluessel_neu("", schluessel, sizeof(schluessel));
    if (rc != ERR_OK) {
        json_decref(daten);
        json_decref(b);
        return rc;
    }
    if (n_extra > 0) {
        fe = (struct formular_fehler *)fe_extra;
        n_fe = n_extra;
    }
    json_t *anlagen = anlagen_json(al, n_al);
    json_t *schritte = anlagen ? antrag_zusammenfassung(r->arena, f, b, anlagen) : NULL;
    size_t i;
    json_t *st;
    json_array_foreach(schritte, i, st)
    {
        json_object_set_new(
            st, "aendern",
            json_string(url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id, (long)i)));
    }
    json_t *d = json_pack(
        "{s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "schritte", schritte, "fehlerliste",
        fehlerliste(r, s, f, an->id, fe, n_fe, true), "leistung_name", an->leistung_name, "oe_name",
        an->oe_name, "behoerde_name", an->behoerde_name, "schluessel", schluessel, "absenden_url",
        url_id(r, s, "/antrag/%" PRId64 "/einreichen", an->id), "zurueck_url",
        url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id, (long)(f->n_schritte - 1)));
    json_decref(anlagen);
    json_decref(daten);
    json_decref(b);
    char titel[256];
    snprintf(titel, sizeof(titel), "Angaben prüfen – %s", an->leistung_name);
    return zeigen(r, w, s, "antrag/pruefen", titel, d, status);
}

int
portal_antrag_pruefen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    int64_t id;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = laden(r, &s, id, &an, &f);
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    if (strcmp(an.status, "entwurf") != 0) {
        ende(&s);
        const char *z = url_id(r, &s, "/antrag/%" PRId64 "", id);
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    rc = pruefen_zeigen(r, w, &s, &an, f, NULL, 0, 200);
    ende(&s);
    return rc;
}

int
portal_antrag_einreichen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    struct eingangsbestaetigung eb;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    bool wdh = false;
    int64_t id;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
    const char *schluessel = feld(&s, "schluessel");
    if (schluessel && (!*schluessel || strlen(schluessel) > ANTRAG_IDEM_MAX))
        schluessel = NULL;
    /* hold no connection while the submission waits for its commit */
    ende(&s);
    rc = antrag_einreichen(r->app->db, r->arena, &s.u, r->app->einreichung, &s.z, id, schluessel,
                           &eb, &wdh, &fe, &n_fe);
    if (rc == ERR_OK || rc == ERR_CONFLICT) {
        /* submitted now, before (a repeat), or not a draft any more: the status page */
        const char *u = url_id(r, &s, "/antrag/%" PRId64 "", id);
        const char *z =
            u && rc == ERR_OK ? arena_printf(r->arena, "%s%seingereicht=1", u, s.k ? "&" : "?") : u;
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    int wr;
    if ((wr = db_acquire(r->app->db, &s.c)) != ERR_OK)
        return wr;
    if (rc == ERR_INVALID && n_fe > 0 && laden(r, &s, id, &an, &f) == ERR_OK)
        rc = pruefen_zeigen(r, w, &s, &an, f, fe, n_fe, 422);
    else
        rc = fehlerseite(r, w, &s, rc);
    return abbruch(w, &s, rc);
}

/* ---- status, receipt, withdrawal ------------------------------------------------------ */

int
portal_antrag_status(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct antrag_verlauf *v = NULL;
    struct eingangsbestaetigung eb;
    size_t n_v = 0;
    int64_t id;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = antrag_get(s.c, r->arena, &s.z, id, &an);
    if (rc == ERR_OK)
        rc = antrag_verlauf_liste(s.c, r->arena, &s.z, id, &v, &n_v);
    bool has_eb = false;
    if (rc == ERR_OK && an.eingereicht) {
        rc = antrag_eingangsbestaetigung(s.c, r->arena, &s.z, id, &eb);
        has_eb = rc == ERR_OK;
    }
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    json_t *verlauf = json_array();
    for (size_t i = 0; verlauf && i < n_v; i++) {
        char zeit[32];
        antrag_zeit_text(v[i].zeitpunkt, zeit);
        json_array_append_new(verlauf, json_pack("{s:s, s:s, s:s?}", "zeit", zeit, "status_text",
                                                 antrag_status_text(v[i].status), "bemerkung",
                                                 v[i].bemerkung));
    }
    json_t *eingang = json_null();
    if (has_eb) {
        char zeit[32];
        antrag_zeit_text(eb.zeitpunkt, zeit);
        eingang =
            json_pack("{s:s, s:s, s:s}", "nummer", eb.nummer, "zeit", zeit, "sha256", eb.sha256);
    }
    bool offen = strcmp(an.status, "eingegangen") == 0 ||
                 strcmp(an.status, "in_bearbeitung") == 0 || strcmp(an.status, "rueckfrage") == 0;
    json_t *d = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:b, s:s, s:s, s:s}", "antrag_id",
        (json_int_t)id, "leistung_name", an.leistung_name, "status_text",
        antrag_status_text(an.status), "oe_name", an.oe_name, "behoerde_name", an.behoerde_name,
        "gemeinde_name", an.gemeinde_name, "verlauf", verlauf, "eingang", eingang, "ist_entwurf",
        strcmp(an.status, "entwurf") == 0, "kann_zurueckziehen", offen, "neu_eingereicht",
        has_eb && http_query(r, "eingereicht") != NULL, "pdf_url",
        url_id(r, &s, "/antrag/%" PRId64 "/eingangsbestaetigung.pdf", id), "zurueck_url",
        url_id(r, &s, "/antrag/%" PRId64 "/zurueckziehen", id), "fortsetzen_url",
        url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)an.schritt));
    if (d && http_query(r, "hinweis"))
        json_object_set_new(d, "hinweis",
                            json_string("Bitte bestätigen Sie, dass Sie den Antrag zurückziehen "
                                        "wollen."));
    rc = zeigen(r, w, &s, "antrag/status", an.leistung_name, d, 200);
    ende(&s);
    return rc;
}

int
portal_antrag_pdf(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    struct eingangsbestaetigung eb;
    int64_t id;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = laden(r, &s, id, &an, &f);
    if (rc == ERR_OK)
        rc = antrag_eingangsbestaetigung(s.c, r->arena, &s.z, id, &eb);
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    ende(&s);
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
portal_antrag_zurueckziehen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t id;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
    const char *sicher = feld(&s, "sicher");
    const char *u = url_id(r, &s, "/antrag/%" PRId64 "", id);
    if (!u) {
        ende(&s);
        return ERR_NOMEM;
    }
    if (!sicher || strcmp(sicher, "ja") != 0) {
        ende(&s);
        return http_resp_redirect(w, arena_printf(r->arena, "%s%shinweis=1", u, s.k ? "&" : "?"));
    }
    rc = antrag_zurueckziehen(s.c, &s.u, &s.z, id);
    if (rc == ERR_OK || rc == ERR_CONFLICT) {
        ende(&s);
        return http_resp_redirect(w, u);
    }
    rc = fehlerseite(r, w, &s, rc);
    return abbruch(w, &s, rc);
}

/* ---- own applications and the mailbox ---------------------------------------------- */

int
portal_antraege(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag *list;
    size_t n;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!angemeldet(&s)) {
        ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = antrag_liste(s.c, r->arena, &s.auth.actor, &list, &n);
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char zeit[32];
        antrag_zeit_text(list[i].geaendert, zeit);
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)list[i].id, "leistung",
                           list[i].leistung_name, "gemeinde", list[i].gemeinde_name, "status_text",
                           antrag_status_text(list[i].status), "zeit", zeit));
    }
    rc =
        zeigen(r, w, &s, "antrag/liste", "Meine Anträge", json_pack("{s:o}", "antraege", arr), 200);
    ende(&s);
    return rc;
}

int
portal_postfach(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct nachricht *m;
    size_t n;
    int64_t ungelesen = 0;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!angemeldet(&s)) {
        ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = postfach_liste(s.c, r->arena, &s.auth.actor, 0, 100, &m, &n, &ungelesen);
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char zeit[32];
        bool an_buerger = strcmp(m[i].richtung, "an_buerger") == 0;
        antrag_zeit_text(m[i].erstellt, zeit);
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:b}", "id", (json_int_t)m[i].id,
                           "betreff", m[i].betreff, "behoerde", m[i].behoerde_name, "zeit", zeit,
                           "ungelesen", an_buerger && m[i].gelesen == 0, "ausgang", !an_buerger,
                           "ist_bescheid", strcmp(m[i].art, "bescheid") == 0));
    }
    rc = zeigen(r, w, &s, "antrag/postfach", "Postfach",
                json_pack("{s:o, s:I}", "nachrichten", arr, "ungelesen", (json_int_t)ungelesen),
                200);
    ende(&s);
    return rc;
}

/* The page of message `id` with its reply form; `fehler` (may be NULL) and the reply text
 * entered are shown again after a refused reply. */
static int
nachricht_seite(struct http_req *r, struct http_resp *w, struct seite *s, int64_t id,
                const struct feld_fehler *fehler, const char *eingabe, int status)
{
    struct nachricht m;
    int rc = postfach_nachricht(s->c, r->arena, &s->u, &s->auth.actor, id, &m);
    if (rc != ERR_OK)
        return fehlerseite(r, w, s, rc);
    char zeit[32];
    antrag_zeit_text(m.erstellt, zeit);
    json_t *al = json_array();
    for (size_t i = 0; al && i < m.n_anlagen; i++)
        json_array_append_new(al, json_pack("{s:s, s:s, s:I}", "sha256", m.anlagen[i].sha256,
                                            "dateiname", m.anlagen[i].dateiname, "nachricht_id",
                                            (json_int_t)m.id));
    const char *pdf =
        m.antrag_id && strcmp(m.art, "eingangsbestaetigung") == 0
            ? arena_printf(r->arena, "/antrag/%" PRId64 "/eingangsbestaetigung.pdf", m.antrag_id)
            : NULL;
    /* a reply is possible to a message about a submitted application of one's own */
    const char *ziel_betreff = NULL;
    int64_t antrag_id = 0;
    bool antworten =
        !s->auth.actor.is_read_only && postfach_antwort_ziel(s->c, r->arena, &s->auth.actor, id,
                                                             &antrag_id, &ziel_betreff) == ERR_OK;
    const char *antwort_url =
        antworten ? arena_printf(r->arena, "/postfach/%" PRId64 "/antwort", id) : NULL;
    json_t *fl = NULL;
    if (fehler && fehler->text)
        fl = json_pack("[{s:s, s:s}]", "href",
                       strcmp(fehler->feld ? fehler->feld : "", "datei") == 0 ? "#f-datei"
                                                                              : "#f-text",
                       "text", fehler->text);
    json_t *d = json_pack(
        "{s:s?, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:s?, s:s?, s:o, s:b, s:b, s:i}", "pdf_url", pdf,
        "betreff", m.betreff, "text", m.text, "behoerde", m.behoerde_name, "zeit", zeit, "ausgang",
        strcmp(m.richtung, "an_behoerde") == 0, "anlagen", al, "antrag_id",
        m.antrag_id ? json_integer(m.antrag_id) : json_null(), "antwort_url", antwort_url,
        "eingabe", eingabe, "fehlerliste", fl ? fl : json_null(), "text_fehler",
        fehler && fehler->text && strcmp(fehler->feld ? fehler->feld : "", "datei") != 0,
        "datei_fehler",
        fehler && fehler->text && strcmp(fehler->feld ? fehler->feld : "", "datei") == 0,
        "max_dateien", POSTFACH_MAX_DATEIEN);
    return zeigen(r, w, s, "antrag/nachricht", m.betreff, d, status);
}

int
portal_postfach_nachricht(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t id;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!angemeldet(&s)) {
        ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = nachricht_seite(r, w, &s, id, NULL, NULL, 200);
    return abbruch(w, &s, rc);
}

/* POST /postfach/{id}/antwort: the citizen's reply, with files (multipart/form-data). */
int
portal_postfach_antwort(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler ff = {0};
    struct nachricht_datei dateien[POSTFACH_MAX_DATEIEN + 1];
    size_t n_dateien = 0;
    const char *betreff = NULL;
    int64_t id, antrag_id = 0, mid = 0;
    if (id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return abbruch(w, &s, rc);
    if (!angemeldet(&s)) {
        ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = postfach_antwort_ziel(s.c, r->arena, &s.auth.actor, id, &antrag_id, &betreff);
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    for (size_t i = 0; i < s.n_dateien; i++) {
        const struct multipart_teil *t = &s.dateien[i];
        if (t->len == 0 && (!t->dateiname || !*t->dateiname))
            continue; /* the empty file input of a form sent without a file */
        if (n_dateien == POSTFACH_MAX_DATEIEN) {
            n_dateien++; /* too many: the domain says so */
            break;
        }
        dateien[n_dateien++] = (struct nachricht_datei){t->dateiname, t->daten, t->len};
    }
    const char *text = feld(&s, "text");
    rc = postfach_schreiben(s.c, r->arena, &s.u, r->app->einreichung, &s.auth.actor, antrag_id,
                            betreff, text ? text : "", dateien,
                            n_dateien > POSTFACH_MAX_DATEIEN ? POSTFACH_MAX_DATEIEN + 1 : n_dateien,
                            &mid, &ff);
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        rc = nachricht_seite(r, w, &s, id, &ff, text, rc == ERR_LIMIT ? 413 : 422);
        return abbruch(w, &s, rc);
    }
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    ende(&s);
    const char *ziel = arena_printf(r->arena, "/postfach/%" PRId64, mid);
    return ziel ? http_resp_redirect(w, ziel) : ERR_NOMEM;
}

int
portal_postfach_anlage(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    if (id_param(r, "id", &id) != ERR_OK || !sha || strlen(sha) != 64)
        return ERR_NOTFOUND;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = postfach_anlage(s.c, r->arena, &s.auth.actor, id, sha, &al, &p, &len);
    if (rc != ERR_OK) {
        rc = fehlerseite(r, w, &s, rc);
        return abbruch(w, &s, rc);
    }
    ende(&s);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}
