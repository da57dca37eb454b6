#include "portal/konto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "domain/konto.h"
#include "domain/mitarbeitende.h"
#include "domain/oidc.h"
#include "domain/sitzung.h"
#include "domain/totp.h"
#include "html/template.h"
#include "http/auth.h"
#include "portal/portal.h"
#include "store/db.h"
#include "util/log.h"

#define MAX_FORM_PAIRS 32

/* What every account page holds while it runs. */
struct seite {
    struct db_conn *c;
    struct auth auth;
    struct umfeld u;
    struct http_kv *form;
    size_t n_form;
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

static size_t
feld_len(const struct seite *s, const char *name)
{
    for (size_t i = 0; i < s->n_form; i++)
        if (strcmp(s->form[i].name, name) == 0)
            return s->form[i].value_len;
    return 0;
}

/* Render `tmpl` with `data` (stolen) and the page's CSRF token as status `status`. */
static int
zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const char *tmpl,
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
static int
meldung(struct http_req *r, struct http_resp *w, struct seite *s, int status,
        const char *ueberschrift, const char *text, const char *art, const char *weiter,
        const char *weiter_text)
{
    json_t *d = json_pack("{s:s, s:s, s:b, s:b, s:s?, s:s?}", "ueberschrift", ueberschrift, "text",
                          text, "fehlerhaft", strcmp(art, "fehler") == 0, "info",
                          strcmp(art, "info") == 0, "weiter", weiter, "weiter_text", weiter_text);
    return zeigen(r, w, s, "konto/meldung", ueberschrift, d, status);
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
    rc = meldung(r, w, s, 400, "Ungültige Eingabe",
                 "Das Formular enthält ungültige Zeichen oder zu viele Felder. Bitte prüfen Sie "
                 "Ihre Eingaben.",
                 "fehler", NULL, NULL);
    return rc == ERR_OK ? ERR_INVALID : rc;
}

/* Check the form's CSRF token; without a valid one the answer is 403 and nothing changes.
 * Returns ERR_OK, or ERR_FORBIDDEN when the page was written. */
static int
csrf(struct http_req *r, struct http_resp *w, struct seite *s)
{
    if (auth_csrf_pruefen(r, &s->auth, feld(s, "csrf")) == ERR_OK)
        return ERR_OK;
    int rc = meldung(r, w, s, 403, "Formular abgelaufen",
                     "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es wurde nichts "
                     "geändert. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal.",
                     "fehler", NULL, NULL);
    return rc == ERR_OK ? ERR_FORBIDDEN : rc;
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
    ende(s);
    return w->status ? ERR_OK : rc;
}

/* Pages for logged-in people: nobody is sent to the login page. */
static int
zur_anmeldung(struct http_resp *w)
{
    return http_resp_redirect(w, "/konto/anmelden");
}

/* Data for a form page with one error on field `f` (may be NULL) and the submitted e-mail. */
static json_t *
form_data(const struct feld_fehler *f, const char *email)
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

static json_t *
mit(json_t *d, const char *key, json_t *v)
{
    if (d && json_object_set_new(d, key, v) != 0) {
        json_decref(d);
        return NULL;
    }
    return d;
}

/* ---- register and confirm ------------------------------------------------------------- */

static int
registrieren_seite(struct http_req *r, struct http_resp *w, struct seite *s,
                   const struct feld_fehler *f, const char *email)
{
    json_t *d = mit(form_data(f, email), "passwort_neu", json_true());
    d = mit(d, "email_autocomplete", json_string("email"));
    return zeigen(r, w, s, "konto/registrieren", "Konto anlegen", d, f ? 400 : 200);
}

static int
portal_konto_registrieren(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = registrieren_seite(r, w, &s, NULL, NULL);
    ende(&s);
    return rc;
}

static int
portal_konto_registrieren_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    const char *email = feld(&s, "email"), *pw = feld(&s, "passwort");
    rc = konto_registrieren(s.c, r->arena, &s.u, email, pw, feld_len(&s, "passwort"), &f);
    if (rc == ERR_INVALID)
        rc = registrieren_seite(r, w, &s, &f, email);
    else if (rc == ERR_OK)
        rc = meldung(r, w, &s, 200, "Bitte bestätigen Sie Ihre E-Mail-Adresse",
                     "Wir haben Ihnen eine E-Mail geschickt. Öffnen Sie den Link darin, um Ihr "
                     "Konto zu aktivieren. Der Link gilt 48 Stunden.",
                     "erfolg", "/konto/anmelden", "Zur Anmeldung");
    ende(&s);
    return rc;
}

static int
portal_konto_bestaetigen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    const char *t = http_query(r, "t");
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!t || !schluessel_is_wohlgeformt("", t, strlen(t)))
        rc = meldung(r, w, &s, 404, "Link ungültig",
                     "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon benutzt.",
                     "fehler", "/konto/anmelden", "Zur Anmeldung");
    else
        rc = zeigen(r, w, &s, "konto/bestaetigen", "E-Mail-Adresse bestätigen",
                    json_pack("{s:s}", "t", t), 200);
    ende(&s);
    return rc;
}

static int
portal_konto_bestaetigen_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t id;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    rc = konto_bestaetigen(s.c, &s.u, feld(&s, "t"), &id);
    if (rc == ERR_OK)
        rc = meldung(r, w, &s, 200, "E-Mail-Adresse bestätigt",
                     "Vielen Dank. Sie können sich jetzt mit dieser E-Mail-Adresse anmelden.",
                     "erfolg", s.auth.actor.konto_id ? "/konto" : "/konto/anmelden",
                     s.auth.actor.konto_id ? "Zu Mein Konto" : "Zur Anmeldung");
    else if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
        rc = meldung(r, w, &s, rc == ERR_NOTFOUND ? 404 : 409, "Link ungültig",
                     rc == ERR_NOTFOUND
                         ? "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon "
                           "benutzt."
                         : "Diese E-Mail-Adresse wird inzwischen von einem anderen Konto "
                           "verwendet.",
                     "fehler", "/konto/anmelden", "Zur Anmeldung");
    ende(&s);
    return rc;
}

/* ---- log in and out ------------------------------------------------------------------- */

static int
anmelden_seite(struct http_req *r, struct http_resp *w, struct seite *s,
               const struct feld_fehler *f, const char *email, int status)
{
    json_t *d = mit(form_data(f, email), "oidc", json_boolean(r->app->auth->oidc != NULL));
    d = mit(d, "email_autocomplete", json_string("username"));
    if (d && http_query(r, "abgemeldet"))
        d = mit(d, "hinweis", json_string("Sie sind abgemeldet."));
    return zeigen(r, w, s, "konto/anmelden", "Anmelden", d, status);
}

static int
portal_konto_anmelden(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id > 0)
        rc = http_resp_redirect(w, "/konto");
    else
        rc = anmelden_seite(r, w, &s, NULL, NULL, 200);
    ende(&s);
    return rc;
}

static int
portal_konto_anmelden_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct anmeldung an;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    const char *email = feld(&s, "email");
    rc = konto_anmelden(s.c, &s.u, email, feld(&s, "passwort"), feld_len(&s, "passwort"), &an);
    switch (rc) {
    case ERR_OK:
        /* a new session id on every login; the old session (if any) ends */
        if (s.auth.sitzung_wert)
            RH_IGNORE(sitzung_beenden_wert(s.c, s.auth.sitzung_wert)); /* best effort */
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, an.sitzung, 0);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w,
                                    an.braucht_zweiten_faktor ? "/konto/anmelden/code" : "/konto");
        sodium_memzero(an.sitzung, sizeof(an.sitzung));
        break;
    case ERR_INVALID:
        f = (struct feld_fehler){email && *email ? "email" : "email",
                                 email && *email && feld_len(&s, "passwort")
                                     ? "Bitte geben Sie eine gültige E-Mail-Adresse ein."
                                     : "Bitte geben Sie E-Mail-Adresse und Passwort ein."};
        rc = anmelden_seite(r, w, &s, &f, email, 400);
        break;
    case ERR_UNAUTHORIZED:
        f = (struct feld_fehler){NULL, "E-Mail-Adresse oder Passwort sind nicht richtig."};
        rc = anmelden_seite(r, w, &s, &f, email, 401);
        break;
    case ERR_CONFLICT:
        f = (struct feld_fehler){NULL, "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse mit "
                                       "dem Link, den wir Ihnen geschickt haben."};
        rc = anmelden_seite(r, w, &s, &f, email, 403);
        break;
    case ERR_LIMIT:
        f = (struct feld_fehler){NULL, "Zu viele Anmeldeversuche. Bitte warten Sie einige "
                                       "Minuten und versuchen Sie es dann noch einmal."};
        rc = anmelden_seite(r, w, &s, &f, email, 429);
        break;
    default:
        break;
    }
    ende(&s);
    return rc;
}

static int
code_seite(struct http_req *r, struct http_resp *w, struct seite *s, const struct feld_fehler *f,
           int status)
{
    return zeigen(r, w, s, "konto/code", "Bestätigungscode", form_data(f, NULL), status);
}

static int
portal_konto_code(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!s.auth.faktor_offen)
        rc = zur_anmeldung(w);
    else
        rc = code_seite(r, w, &s, NULL, 200);
    ende(&s);
    return rc;
}

static int
portal_konto_code_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {"code", NULL};
    char neu[SCHLUESSEL_TEXT_LEN + 1];
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (!s.auth.faktor_offen) {
        ende(&s);
        return zur_anmeldung(w);
    }
    rc = konto_zweiter_faktor(s.c, r->arena, &s.u, s.auth.sitzung_wert, feld(&s, "code"), neu);
    switch (rc) {
    case ERR_OK:
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, neu, 0);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w, "/konto");
        sodium_memzero(neu, sizeof(neu));
        break;
    case ERR_INVALID:
        f.text = "Bitte geben Sie den 6-stelligen Code ein.";
        rc = code_seite(r, w, &s, &f, 400);
        break;
    case ERR_UNAUTHORIZED:
        f.text = "Der Code ist nicht richtig oder wurde schon benutzt. Bitte warten Sie auf den "
                 "nächsten Code.";
        rc = code_seite(r, w, &s, &f, 401);
        break;
    case ERR_LIMIT:
        f.text = "Zu viele falsche Codes. Bitte warten Sie einige Minuten.";
        rc = code_seite(r, w, &s, &f, 429);
        break;
    default:
        break;
    }
    ende(&s);
    return rc;
}

static int
portal_konto_abmelden_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.sitzung_wert)
        rc = konto_abmelden(s.c, &s.u, s.auth.sitzung_wert);
    ende(&s);
    if (rc == ERR_OK)
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
    if (rc == ERR_OK)
        rc = http_resp_redirect(w, "/konto/anmelden?abgemeldet=1");
    return rc;
}

/* ---- forgotten password --------------------------------------------------------------- */

static int
portal_konto_vergessen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = zeigen(r, w, &s, "konto/passwort_vergessen", "Passwort vergessen",
                mit(form_data(NULL, NULL), "email_autocomplete", json_string("email")), 200);
    ende(&s);
    return rc;
}

static int
portal_konto_vergessen_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    const char *email = feld(&s, "email");
    rc = konto_passwort_vergessen(s.c, r->arena, &s.u, email, &f);
    if (rc == ERR_INVALID)
        rc = zeigen(r, w, &s, "konto/passwort_vergessen", "Passwort vergessen",
                    mit(form_data(&f, email), "email_autocomplete", json_string("email")), 400);
    else if (rc == ERR_OK)
        rc = meldung(r, w, &s, 200, "E-Mail unterwegs",
                     "Wenn zu dieser Adresse ein Konto gehört, haben wir einen Link zum Setzen "
                     "eines neuen Passworts dorthin geschickt.",
                     "info", "/konto/anmelden", "Zur Anmeldung");
    ende(&s);
    return rc;
}

static int
passwort_neu_seite(struct http_req *r, struct http_resp *w, struct seite *s, const char *t,
                   const struct feld_fehler *f)
{
    json_t *d = mit(form_data(f, NULL), "t", json_string(t));
    d = mit(d, "passwort_neu", json_true());
    d = mit(d, "passwort_label", json_string("Neues Passwort"));
    return zeigen(r, w, s, "konto/passwort_neu", "Neues Passwort", d, f ? 400 : 200);
}

static int
link_ungueltig(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return meldung(r, w, s, 404, "Link ungültig",
                   "Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.", "fehler",
                   "/konto/passwort-vergessen", "Neuen Link anfordern");
}

static int
portal_konto_passwort_neu(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    const char *t = http_query(r, "t");
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = konto_reset_gueltig(s.c, &s.u, t);
    if (rc == ERR_OK)
        rc = passwort_neu_seite(r, w, &s, t, NULL);
    else if (rc == ERR_NOTFOUND)
        rc = link_ungueltig(r, w, &s);
    ende(&s);
    return rc;
}

static int
portal_konto_passwort_neu_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    const char *t = feld(&s, "t");
    rc = konto_passwort_zuruecksetzen(s.c, r->arena, &s.u, t, feld(&s, "passwort"),
                                      feld_len(&s, "passwort"), &f);
    if (rc == ERR_INVALID)
        rc = passwort_neu_seite(r, w, &s, t, &f);
    else if (rc == ERR_NOTFOUND)
        rc = link_ungueltig(r, w, &s);
    else if (rc == ERR_OK)
        rc = meldung(r, w, &s, 200, "Passwort gespeichert",
                     "Ihr neues Passwort gilt ab sofort. Alle Sitzungen wurden beendet; bitte "
                     "melden Sie sich neu an.",
                     "erfolg", "/konto/anmelden", "Zur Anmeldung");
    ende(&s);
    return rc;
}

/* ---- the own account ------------------------------------------------------------------ */

static const char *
rolle_label(enum rolle r)
{
    static const char *const labels[ROLLE_ANZAHL] = {
        "Bürgerin / Bürger",         "Sachbearbeitung", "Administration der Behörde",
        "E-Government-Koordination", "Ministerium",     "Betrieb"};
    return (unsigned)r < ROLLE_ANZAHL ? labels[r] : "?";
}

static int
uebersicht_seite(struct http_req *r, struct http_resp *w, struct seite *s,
                 const struct feld_fehler *f, const char *hinweis, int status)
{
    struct konto k;
    int rc = konto_get(s->c, r->arena, &s->auth.actor, s->auth.actor.konto_id, &k);
    if (rc != ERR_OK)
        return rc;
    json_t *rollen = json_array(), *admin = json_array();
    for (size_t i = 0; rollen && admin && i < k.n_rollen; i++) {
        const struct rollen_zuordnung *z = &k.rollen[i];
        json_t *o = json_pack("{s:s, s:I, s:I, s:s?}", "name", rolle_label(z->rolle), "behoerde_id",
                              (json_int_t)z->behoerde_id, "oe_id", (json_int_t)z->oe_id,
                              "kreis_ags", z->kreis_ags);
        if (!o || json_array_append_new(rollen, o) != 0)
            break;
        if (z->rolle == ROLLE_BEHOERDENADMIN)
            RH_IGNORE(json_array_append_new(admin, json_integer(z->behoerde_id)));
    }
    json_t *d = form_data(f, NULL);
    /* the form's fields are named differently on this page */
    if (d && f && f->feld) {
        const char *name = strcmp(f->feld, "email") == 0      ? "neue_email"
                           : strcmp(f->feld, "passwort") == 0 ? "email_passwort"
                                                              : f->feld;
        json_t *fe = json_object_get(d, "fe");
        json_t *item = json_array_get(json_object_get(d, "fehler"), 0);
        if (fe && item) {
            json_object_clear(fe);
            RH_IGNORE(json_object_set_new(fe, name, json_string(f->text)));
            RH_IGNORE(json_object_set_new(item, "feld", json_string(name)));
        }
    }
    d = mit(d, "konto", json_pack("{s:s}", "email", k.email));
    d = mit(d, "rollen", rollen);
    d = mit(d, "admin_behoerden", admin);
    if (hinweis)
        d = mit(d, "hinweis", json_string(hinweis));
    return zeigen(r, w, s, "konto/uebersicht", "Mein Konto", d, status);
}

static int
portal_konto(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        rc = zur_anmeldung(w);
    else
        rc = uebersicht_seite(r, w, &s, NULL, NULL, 200);
    ende(&s);
    return rc;
}

static int
portal_konto_email_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    rc = konto_email_aendern(s.c, r->arena, &s.u, &s.auth.actor, feld(&s, "passwort"),
                             feld_len(&s, "passwort"), feld(&s, "neue_email"), &f);
    if (rc == ERR_INVALID)
        rc = uebersicht_seite(r, w, &s, &f, NULL, 400);
    else if (rc == ERR_OK)
        rc = uebersicht_seite(r, w, &s, NULL,
                              "Wir haben einen Bestätigungslink an die neue Adresse geschickt. "
                              "Sie gilt, sobald Sie ihn geöffnet haben.",
                              200);
    ende(&s);
    return rc;
}

static int
portal_konto_passwort_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    rc = konto_passwort_aendern(s.c, r->arena, &s.u, &s.auth.actor, feld(&s, "passwort_alt"),
                                feld_len(&s, "passwort_alt"), feld(&s, "passwort_neu"),
                                feld_len(&s, "passwort_neu"), s.auth.sitzung_id, &f);
    if (rc == ERR_INVALID)
        rc = uebersicht_seite(r, w, &s, &f, NULL, 400);
    else if (rc == ERR_OK)
        rc = uebersicht_seite(r, w, &s, NULL,
                              "Ihr Passwort wurde geändert. Andere Sitzungen wurden beendet.", 200);
    ende(&s);
    return rc;
}

static const char *
zeit(struct http_req *r, int64_t t)
{
    char buf[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, sizeof(buf), "%d.%m.%Y %H:%M UTC", &tm);
    return arena_strdup(r->arena, buf);
}

static int
portal_konto_sitzungen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct sitzung *list;
    size_t n;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    rc = sitzung_liste(s.c, r->arena, &s.u, &s.auth.actor, s.auth.sitzung_id, &list, &n);
    if (rc == ERR_OK) {
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < n; i++) {
            json_t *o = json_pack(
                "{s:I, s:s?, s:s?, s:s, s:b}", "id", (json_int_t)list[i].id, "erstellt",
                zeit(r, list[i].erstellt), "zuletzt", zeit(r, list[i].zuletzt), "geraet",
                list[i].geraet ? list[i].geraet : "unbekannt", "aktuell", list[i].is_aktuell);
            if (!o || json_array_append_new(arr, o) != 0)
                break;
        }
        rc = zeigen(r, w, &s, "konto/sitzungen", "Angemeldete Geräte",
                    mit(json_object(), "sitzungen", arr), 200);
    }
    ende(&s);
    return rc;
}

static int
portal_konto_sitzung_beenden_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t id;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK)
        rc = ERR_NOTFOUND;
    else
        rc = sitzung_beenden(s.c, &s.u, &s.auth.actor, id);
    bool eigene = rc == ERR_OK && id == s.auth.sitzung_id;
    ende(&s);
    if (rc != ERR_OK)
        return rc;
    if (eigene) {
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
        return rc == ERR_OK ? http_resp_redirect(w, "/konto/anmelden") : rc;
    }
    return http_resp_redirect(w, "/konto/sitzungen");
}

static int
portal_konto_export(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    json_t *doc = NULL;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    rc = konto_export(s.c, r->arena, &s.auth.actor, &doc);
    ende(&s);
    if (rc != ERR_OK)
        return rc;
    char *text = json_dumps(doc, JSON_INDENT(2));
    json_decref(doc);
    if (!text)
        return ERR_NOMEM;
    rc = http_resp_text(w, 200, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Content-Disposition",
                              "attachment; filename=\"rathaus-konto.json\"");
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Cache-Control", "no-store");
    return rc;
}

static int
loeschen_seite(struct http_req *r, struct http_resp *w, struct seite *s,
               const struct feld_fehler *f)
{
    return zeigen(r, w, s, "konto/loeschen", "Konto löschen", form_data(f, NULL), f ? 400 : 200);
}

static int
portal_konto_loeschen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        rc = zur_anmeldung(w);
    else
        rc = loeschen_seite(r, w, &s, NULL);
    ende(&s);
    return rc;
}

static int
portal_konto_loeschen_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    const char *pw = feld(&s, "passwort");
    if (!pw || !*pw) {
        f = (struct feld_fehler){"passwort", "Bitte geben Sie Ihr Passwort ein."};
        rc = ERR_INVALID;
    } else {
        rc = konto_loeschen(s.c, &s.u, &s.auth.actor, pw, feld_len(&s, "passwort"), &f);
    }
    if (rc == ERR_INVALID) {
        rc = loeschen_seite(r, w, &s, &f);
    } else if (rc == ERR_OK) {
        s.auth = (struct auth){0};
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
        if (rc == ERR_OK)
            rc = meldung(r, w, &s, 200, "Konto gelöscht",
                         "Ihr Konto und Ihre Daten wurden gelöscht.", "erfolg", "/",
                         "Zur Startseite");
    }
    ende(&s);
    return rc;
}

/* ---- invitations ---------------------------------------------------------------------- */

static int
einladung_seite(struct http_req *r, struct http_resp *w, struct seite *s, const char *t,
                const struct einladung *e, const char *geheimnis, const struct feld_fehler *f)
{
    json_t *d = mit(form_data(f, NULL), "t", json_string(t));
    d = mit(d, "konto_email", json_string(e->email));
    d = mit(d, "passwort_neu", json_true());
    d = mit(d, "passwort_label", json_string("Neues Passwort"));
    d = mit(d, "personal", json_boolean(e->is_personal));
    if (e->is_personal) {
        const char *uri = totp_uri(r->arena, "rathaus", e->email, geheimnis);
        d = mit(d, "geheimnis", json_string(geheimnis));
        d = mit(d, "totp_uri", uri ? json_string(uri) : json_null());
    }
    return zeigen(r, w, s, "konto/einladung", "Zugang einrichten", d, f ? 400 : 200);
}

static int
portal_konto_einladung(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct einladung e;
    char geheimnis[TOTP_GEHEIMNIS_LEN + 1];
    const char *t = http_query(r, "t");
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = konto_einladung_lesen(s.c, r->arena, &s.u, t, &e);
    if (rc == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, 404, "Einladung ungültig",
                     "Diese Einladung ist ungültig, abgelaufen oder wurde schon benutzt. Bitte "
                     "wenden Sie sich an die Administration Ihrer Behörde.",
                     "fehler", NULL, NULL);
    } else if (rc == ERR_OK) {
        totp_geheimnis_neu(geheimnis);
        rc = einladung_seite(r, w, &s, t, &e, geheimnis, NULL);
    }
    ende(&s);
    return rc;
}

static int
portal_konto_einladung_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct einladung e;
    struct feld_fehler f = {0};
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    const char *t = feld(&s, "t"), *geheimnis = feld(&s, "geheimnis");
    rc = konto_einladung_lesen(s.c, r->arena, &s.u, t, &e);
    if (rc == ERR_OK)
        rc = konto_einladung_annehmen(s.c, r->arena, &s.u, t, feld(&s, "passwort"),
                                      feld_len(&s, "passwort"), geheimnis, feld(&s, "code"), &f);
    if (rc == ERR_INVALID) {
        char neu[TOTP_GEHEIMNIS_LEN + 1];
        uint8_t raw[64];
        size_t len = 0;
        /* keep the secret the person may already have scanned, when it is well-formed */
        if (!geheimnis || totp_base32_decode(geheimnis, raw, sizeof(raw), &len) != ERR_OK ||
            len != TOTP_GEHEIMNIS_BYTES) {
            totp_geheimnis_neu(neu);
            geheimnis = neu;
        }
        rc = einladung_seite(r, w, &s, t, &e, geheimnis, &f);
    } else if (rc == ERR_NOTFOUND) {
        rc = meldung(r, w, &s, 404, "Einladung ungültig",
                     "Diese Einladung ist ungültig, abgelaufen oder wurde schon benutzt.", "fehler",
                     NULL, NULL);
    } else if (rc == ERR_OK) {
        rc = meldung(r, w, &s, 200, "Zugang eingerichtet",
                     "Ihr Zugang ist eingerichtet. Sie können sich jetzt anmelden.", "erfolg",
                     "/konto/anmelden", "Zur Anmeldung");
    }
    ende(&s);
    return rc;
}

/* ---- staff of an authority ------------------------------------------------------------ */

static int
mitarbeitende_seite(struct http_req *r, struct http_resp *w, struct seite *s, int64_t bid,
                    const struct feld_fehler *f, const char *hinweis, int status)
{
    struct mitarbeiter *m;
    size_t n;
    int rc = mitarbeitende_liste(s->c, r->arena, &s->auth.actor, bid, &m, &n);
    if (rc != ERR_OK)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:o}", "konto_id", (json_int_t)m[i].konto_id,
                              "email", m[i].email, "status", m[i].status, "rollen",
                              konto_rollen_json(m[i].rollen, m[i].n_rollen));
        if (!o || json_array_append_new(arr, o) != 0)
            break;
    }
    json_t *d = mit(form_data(f, NULL), "mitarbeitende", arr);
    d = mit(d, "behoerde_id", json_integer(bid));
    d = mit(d, "email_autocomplete", json_string("off"));
    if (hinweis)
        d = mit(d, "hinweis", json_string(hinweis));
    return zeigen(r, w, s, "konto/mitarbeitende", "Mitarbeitende", d, status);
}

/* The page's answer for a domain error: 404/403 pages, else the error for the server. */
static int
verweigert(struct http_req *r, struct http_resp *w, struct seite *s, int rc)
{
    if (rc == ERR_NOTFOUND)
        return meldung(r, w, s, 404, "Nicht gefunden", "Diese Seite gibt es nicht.", "fehler",
                       "/konto", "Zu Mein Konto");
    if (rc == ERR_FORBIDDEN)
        return meldung(r, w, s, 403, "Keine Berechtigung",
                       "Ihr Konto darf diese Seite nicht sehen.", "fehler", "/konto",
                       "Zu Mein Konto");
    if (rc == ERR_CONFLICT)
        return meldung(r, w, s, 409, "Nicht möglich",
                       "Das geht nicht: Die Person hat diese Rolle schon, ist ein Bürgerkonto, "
                       "oder es wäre die letzte Administration der Behörde.",
                       "fehler", "/konto", "Zu Mein Konto");
    return rc;
}

static int
portal_konto_mitarbeitende(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t bid;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        rc = zur_anmeldung(w);
    else if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &bid) != ERR_OK)
        rc = verweigert(r, w, &s, ERR_NOTFOUND);
    else if ((rc = mitarbeitende_seite(r, w, &s, bid, NULL, NULL, 200)) != ERR_OK)
        rc = verweigert(r, w, &s, rc);
    ende(&s);
    return rc;
}

static int
portal_konto_mitarbeitende_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler f = {0};
    int64_t bid, oe = 0, kid;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    const char *oe_text = feld(&s, "oe_id");
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &bid) != ERR_OK) {
        rc = ERR_NOTFOUND;
    } else if (oe_text && *oe_text &&
               str_to_int64(str_from(oe_text), 1, INT64_MAX, &oe) != ERR_OK) {
        f = (struct feld_fehler){"oe_id", "Die Organisationseinheit ist eine Nummer."};
        rc = ERR_INVALID;
    } else {
        rc = mitarbeitende_einladen(s.c, r->arena, &s.u, &s.auth.actor, bid, feld(&s, "email"),
                                    feld(&s, "rolle"), oe, &kid, &f);
    }
    if (rc == ERR_INVALID)
        rc = mitarbeitende_seite(r, w, &s, bid, &f, NULL, 400);
    else if (rc == ERR_OK)
        rc = mitarbeitende_seite(r, w, &s, bid, NULL, "Die Einladung wurde verschickt.", 200);
    if (rc != ERR_OK)
        rc = verweigert(r, w, &s, rc);
    ende(&s);
    return rc;
}

static int
portal_konto_mitarbeitende_entfernen_post(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t bid, kid;
    int rc = post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return post_abbruch(w, &s, rc);
    if (s.auth.actor.konto_id <= 0) {
        ende(&s);
        return zur_anmeldung(w);
    }
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &bid) != ERR_OK ||
        str_to_int64(str_from(http_param(r, "konto_id")), 1, INT64_MAX, &kid) != ERR_OK)
        rc = ERR_NOTFOUND;
    else
        rc = mitarbeitende_entfernen(s.c, &s.u, &s.auth.actor, bid, kid);
    if (rc == ERR_OK)
        rc = mitarbeitende_seite(r, w, &s, bid, NULL, "Die Person wurde entfernt.", 200);
    if (rc != ERR_OK)
        rc = verweigert(r, w, &s, rc);
    ende(&s);
    return rc;
}

/* ---- OpenID Connect ------------------------------------------------------------------- */

static const char *
rueckruf_url(struct http_req *r, const struct umfeld *u)
{
    return arena_printf(r->arena, "%s/konto/oidc/rueckruf", u->basis_url);
}

static int
portal_konto_oidc_start(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    const char *url = NULL;
    char state[44];
    struct oidc_config *cfg = r->app->auth->oidc;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!cfg) {
        rc = verweigert(r, w, &s, ERR_NOTFOUND);
    } else {
        rc = oidc_start(s.c, r->arena, &s.u, cfg, rueckruf_url(r, &s.u), &url, state);
        if (rc == ERR_OK)
            rc = auth_set_cookie(r, w, AUTH_COOKIE_OIDC, state, OIDC_FRIST);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w, url);
        else if (rc == ERR_IO)
            rc = meldung(r, w, &s, 502, "Anmeldedienst nicht erreichbar",
                         "Der Anmeldedienst Ihrer Verwaltung antwortet nicht. Bitte versuchen "
                         "Sie es später noch einmal.",
                         "fehler", "/konto/anmelden", "Zur Anmeldung");
    }
    ende(&s);
    return rc;
}

static int
portal_konto_oidc_rueckruf(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct oidc_identitaet id;
    struct anmeldung an;
    struct oidc_config *cfg = r->app->auth->oidc;
    int rc = beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!cfg) {
        rc = verweigert(r, w, &s, ERR_NOTFOUND);
        ende(&s);
        return rc;
    }
    rc = oidc_rueckruf(s.c, r->arena, &s.u, cfg, rueckruf_url(r, &s.u), http_query(r, "state"),
                       auth_cookie(r, AUTH_COOKIE_OIDC), http_query(r, "code"), &id);
    if (rc == ERR_OK)
        rc = konto_anmelden_extern(s.c, &s.u, id.issuer, id.subject, id.email, id.email_verified,
                                   &an);
    if (rc == ERR_OK) {
        if (s.auth.sitzung_wert)
            RH_IGNORE(sitzung_beenden_wert(s.c, s.auth.sitzung_wert)); /* best effort */
        rc = auth_set_cookie(r, w, AUTH_COOKIE_OIDC, NULL, 0);
        if (rc == ERR_OK)
            rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, an.sitzung, 0);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w, "/konto");
        sodium_memzero(an.sitzung, sizeof(an.sitzung));
    } else if (rc == ERR_UNAUTHORIZED || rc == ERR_IO) {
        rc = meldung(r, w, &s, rc == ERR_IO ? 502 : 401, "Anmeldung fehlgeschlagen",
                     "Die Anmeldung über den Anmeldedienst hat nicht geklappt, oder zu diesem "
                     "Dienstkonto gibt es kein Konto in rathaus.",
                     "fehler", "/konto/anmelden", "Zur Anmeldung");
    }
    ende(&s);
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
