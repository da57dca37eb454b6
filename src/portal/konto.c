#include "portal/konto.h"

#include <string.h>

#include <jansson.h>

#include "app.h"
#include "portal/konto_intern.h"
#include "portal/portal.h"

#define MAX_FORM_PAIRS 32

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
        /* a page does not take API tokens: a bad Authorization header means nobody */
        memset(&s->auth, 0, sizeof(s->auth));
        rc = ERR_OK;
    }
    if (rc != ERR_OK) {
        db_release(s->c);
        s->c = NULL;
    }
    return rc;
}

void
konto_seite_ende(struct seite *s)
{
    if (s->c)
        db_release(s->c);
    s->c = NULL;
}

const char *
konto_seite_feld(const struct seite *s, const char *name)
{
    for (size_t i = 0; i < s->n_form; i++)
        if (strcmp(s->form[i].name, name) == 0)
            return s->form[i].value;
    return NULL;
}

size_t
konto_seite_feld_len(const struct seite *s, const char *name)
{
    for (size_t i = 0; i < s->n_form; i++)
        if (strcmp(s->form[i].name, name) == 0)
            return s->form[i].value_len;
    return 0;
}

/* Render `tmpl` with `data` (stolen) and the page's CSRF token as status `status`. */
int
konto_seite_zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const char *tmpl,
                   const char *titel, json_t *data, int status)
{
    const char *csrf = NULL;
    int rc = data ? auth_csrf_token(r, w, &s->auth, &csrf) : ERR_NOMEM;
    if (rc == ERR_OK &&
        (json_object_set_new(data, "csrf", json_string(csrf)) != 0 ||
         json_object_set_new(data, "angemeldet", json_boolean(s->auth.actor.konto_id > 0)) != 0))
        rc = ERR_NOMEM;
    if (rc != ERR_OK) {
        json_decref(data);
        return rc;
    }
    rc = portal_render(r, w, tmpl, titel, data);
    if (rc != ERR_OK)
        return rc;
    w->status = status;
    /* pages with personal data or tokens are not kept in caches */
    for (size_t i = 0; i < w->n_headers; i++) {
        if (strcmp(w->headers[i].name, "Cache-Control") == 0) {
            w->headers[i].value = "no-store";
            w->headers[i].value_len = 8;
            return ERR_OK;
        }
    }
    return http_resp_header(w, "Cache-Control", "no-store");
}

/* A page with one message: `art` is "erfolg", "info" or "fehler". */
int
konto_seite_meldung(struct http_req *r, struct http_resp *w, struct seite *s, int status,
                    const char *ueberschrift, const char *text, const char *art, const char *weiter,
                    const char *weiter_text)
{
    json_t *d = json_pack("{s:s, s:s, s:b, s:b, s:s?, s:s?}", "ueberschrift", ueberschrift, "text",
                          text, "fehlerhaft", strcmp(art, "fehler") == 0, "info",
                          strcmp(art, "info") == 0, "weiter", weiter, "weiter_text", weiter_text);
    return konto_seite_zeigen(r, w, s, "konto/meldung", ueberschrift, d, status);
}

/* Refuse a form with a message page: returns `fehler` when the page was written, else the
 * error for the server. */
static int
abweisen(struct http_req *r, struct http_resp *w, struct seite *s, int status, const char *titel,
         const char *text, int fehler)
{
    int rc = konto_seite_meldung(r, w, s, status, titel, text, "fehler", NULL, NULL);
    return rc == ERR_OK ? fehler : rc;
}

/* Parse the form body; a body that is not valid form data gets a German 400 page. Returns
 * ERR_OK, or ERR_INVALID when the page was written. */
static int
formular(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int rc =
        http_parse_urlencoded(r->arena, r->body, r->body_len, MAX_FORM_PAIRS, &s->form, &s->n_form);
    if (rc == ERR_OK)
        return ERR_OK;
    return abweisen(r, w, s, 400, "Ungültige Eingabe",
                    "Das Formular enthält ungültige Zeichen oder zu viele Felder. Bitte prüfen "
                    "Sie Ihre Eingaben.",
                    ERR_INVALID);
}

/* Check the form's CSRF token; without a valid one the answer is 403 and nothing changes.
 * Returns ERR_OK, or ERR_FORBIDDEN when the page was written. */
static int
csrf(struct http_req *r, struct http_resp *w, struct seite *s)
{
    if (auth_csrf_pruefen(r, &s->auth, konto_seite_feld(s, "csrf")) == ERR_OK)
        return ERR_OK;
    return abweisen(r, w, s, 403, "Formular abgelaufen",
                    "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es wurde "
                    "nichts geändert. Bitte laden Sie die Seite neu und versuchen Sie es noch "
                    "einmal.",
                    ERR_FORBIDDEN);
}

/* Form pages: parse the body and check the CSRF token. ERR_OK to go on; otherwise the page
 * is written (return ERR_OK from the handler) or rc is an error for the server. */
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

/* The handler's return value after post_beginn() failed. */
static int
post_abbruch(struct http_resp *w, struct seite *s, int rc)
{
    konto_seite_ende(s);
    return w->status ? ERR_OK : rc;
}

/* Pages for logged-in people: nobody is sent to the login page. */
static int
zur_anmeldung(struct http_resp *w)
{
    return http_resp_redirect(w, "/konto/anmelden");
}

/* Run page `fn`: begin (for a form also parse the body and check the CSRF token), send
 * people without access `z` to the login page, or call fn; then end. The handler's result. */
int
konto_seite_ablauf(struct http_req *r, struct http_resp *w, bool is_post, enum konto_zugang z,
                   konto_seite_fn fn)
{
    struct seite s;
    int rc = is_post ? post_beginn(r, w, &s) : beginn(r, &s);
    if (rc != ERR_OK)
        return is_post ? post_abbruch(w, &s, rc) : rc;
    if ((z == KONTO_ANGEMELDET && s.auth.actor.konto_id <= 0) ||
        (z == KONTO_CODE_OFFEN && !s.auth.faktor_offen))
        rc = zur_anmeldung(w);
    else
        rc = fn(r, w, &s);
    konto_seite_ende(&s);
    return rc;
}

/* Data for a form page with one error on field `f` (may be NULL) and the submitted e-mail. */
json_t *
konto_seite_form_data(const struct feld_fehler *f, const char *email)
{
    json_t *d = json_object();
    if (!d)
        return NULL;
    if (f && f->text) {
        json_t *fe = json_object(), *list = json_array();
        json_t *item = json_pack("{s:s?, s:s}", "feld", f->feld, "text", f->text);
        if (!fe || !list || !item || json_array_append_new(list, item) != 0 ||
            (f->feld && json_object_set_new(fe, f->feld, json_string(f->text)) != 0) ||
            json_object_set_new(d, "fehler", list) != 0 || json_object_set_new(d, "fe", fe) != 0) {
            json_decref(d);
            return NULL;
        }
    }
    if (email && json_object_set_new(d, "email", json_string(email)) != 0) {
        json_decref(d);
        return NULL;
    }
    return d;
}

json_t *
konto_seite_mit(json_t *d, const char *key, json_t *v)
{
    if (d && json_object_set_new(d, key, v) != 0) {
        json_decref(d);
        return NULL;
    }
    return d;
}

/* The page's answer for a domain error: 404/403 pages, else the error for the server. */
int
konto_seite_verweigert(struct http_req *r, struct http_resp *w, struct seite *s, int rc)
{
    if (rc == ERR_NOTFOUND)
        return konto_seite_meldung(r, w, s, 404, "Nicht gefunden", "Diese Seite gibt es nicht.",
                                   "fehler", "/konto", "Zu Mein Konto");
    if (rc == ERR_FORBIDDEN)
        return konto_seite_meldung(r, w, s, 403, "Keine Berechtigung",
                                   "Ihr Konto darf diese Seite nicht sehen.", "fehler", "/konto",
                                   "Zu Mein Konto");
    if (rc == ERR_CONFLICT)
        return konto_seite_meldung(
            r, w, s, 409, "Nicht möglich",
            "Das geht nicht: Die Person hat diese Rolle schon, ist ein Bürgerkonto, "
            "oder es wäre die letzte Administration der Behörde.",
            "fehler", "/konto", "Zu Mein Konto");
    return rc;
}

const struct route konto_portal_routes[] = {
    {"GET", "/konto", portal_konto, ROUTE_PAGE},
    {"GET", "/konto/registrieren", portal_konto_registrieren, ROUTE_PAGE},
    {"POST", "/konto/registrieren", portal_konto_registrieren_post, ROUTE_PAGE},
    {"GET", "/konto/bestaetigen", portal_konto_bestaetigen, ROUTE_PAGE},
    {"POST", "/konto/bestaetigen", portal_konto_bestaetigen_post, ROUTE_PAGE},
    {"GET", "/konto/anmelden", portal_konto_anmelden, ROUTE_PAGE},
    {"POST", "/konto/anmelden", portal_konto_anmelden_post, ROUTE_PAGE},
    {"GET", "/konto/anmelden/code", portal_konto_code, ROUTE_PAGE},
    {"POST", "/konto/anmelden/code", portal_konto_code_post, ROUTE_PAGE},
    {"POST", "/konto/abmelden", portal_konto_abmelden_post, ROUTE_PAGE},
    {"GET", "/konto/passwort-vergessen", portal_konto_vergessen, ROUTE_PAGE},
    {"POST", "/konto/passwort-vergessen", portal_konto_vergessen_post, ROUTE_PAGE},
    {"GET", "/konto/passwort-neu", portal_konto_passwort_neu, ROUTE_PAGE},
    {"POST", "/konto/passwort-neu", portal_konto_passwort_neu_post, ROUTE_PAGE},
    {"POST", "/konto/email", portal_konto_email_post, ROUTE_PAGE},
    {"POST", "/konto/passwort", portal_konto_passwort_post, ROUTE_PAGE},
    {"GET", "/konto/sitzungen", portal_konto_sitzungen, ROUTE_PAGE},
    {"POST", "/konto/sitzungen/{id}/beenden", portal_konto_sitzung_beenden_post, ROUTE_PAGE},
    {"GET", "/konto/export", portal_konto_export, ROUTE_PAGE},
    {"GET", "/konto/loeschen", portal_konto_loeschen, ROUTE_PAGE},
    {"POST", "/konto/loeschen", portal_konto_loeschen_post, ROUTE_PAGE},
    {"GET", "/konto/einladung", portal_konto_einladung, ROUTE_PAGE},
    {"POST", "/konto/einladung", portal_konto_einladung_post, ROUTE_PAGE},
    {"GET", "/konto/behoerden/{id}/mitarbeitende", portal_konto_mitarbeitende, ROUTE_PAGE},
    {"POST", "/konto/behoerden/{id}/mitarbeitende", portal_konto_mitarbeitende_post, ROUTE_PAGE},
    {"POST", "/konto/behoerden/{id}/mitarbeitende/{konto_id}/entfernen",
     portal_konto_mitarbeitende_entfernen_post, ROUTE_PAGE},
    {"GET", "/konto/oidc/start", portal_konto_oidc_start, ROUTE_PAGE},
    {"GET", "/konto/oidc/rueckruf", portal_konto_oidc_rueckruf, ROUTE_PAGE},
    {0, 0, 0, 0},
};
