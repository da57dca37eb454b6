/* portal/konto_anmeldung: logging in with password, the code of the second factor, logging
 * out, and logging in through the OpenID provider (see portal/konto.h). */

#include <jansson.h>
#include <sodium.h>

#include "app.h"
#include "domain/konto.h"
#include "domain/oidc.h"
#include "domain/sitzung.h"
#include "portal/konto_intern.h"

/* ---- log in and out ------------------------------------------------------------------- */

static int
anmelden_seite(struct http_req *r, struct http_resp *w, struct seite *s,
               const struct feld_fehler *f, const char *email, int status)
{
    json_t *d = konto_seite_mit(konto_seite_form_data(f, email), "oidc",
                                json_boolean(r->app->auth->oidc != NULL));
    d = konto_seite_mit(d, "email_autocomplete", json_string("username"));
    if (d && http_query(r, "abgemeldet"))
        d = konto_seite_mit(d, "hinweis", json_string("Sie sind abgemeldet."));
    return konto_seite_zeigen(r, w, s, "konto/anmelden", "Anmelden", d, status);
}

static int
anmelden_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    if (s->auth.actor.konto_id > 0)
        return http_resp_redirect(w, "/konto");
    return anmelden_seite(r, w, s, NULL, NULL, 200);
}

int
portal_konto_anmelden(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, anmelden_get);
}

static int
anmelden_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct anmeldung an;
    struct feld_fehler f = {0};
    int rc;
    const char *email = konto_seite_feld(s, "email");
    rc = konto_anmelden(s->c, &s->u, email, konto_seite_feld(s, "passwort"),
                        konto_seite_feld_len(s, "passwort"), &an);
    switch (rc) {
    case ERR_OK:
        /* a new session id on every login; the old session (if any) ends */
        if (s->auth.sitzung_wert)
            RH_IGNORE(sitzung_beenden_wert(s->c, s->auth.sitzung_wert)); /* best effort */
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, an.sitzung, 0);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w,
                                    an.braucht_zweiten_faktor ? "/konto/anmelden/code" : "/konto");
        sodium_memzero(an.sitzung, sizeof(an.sitzung));
        break;
    case ERR_INVALID:
        f = (struct feld_fehler){email && *email ? "email" : "email",
                                 email && *email && konto_seite_feld_len(s, "passwort")
                                     ? "Bitte geben Sie eine gültige E-Mail-Adresse ein."
                                     : "Bitte geben Sie E-Mail-Adresse und Passwort ein."};
        rc = anmelden_seite(r, w, s, &f, email, 400);
        break;
    case ERR_UNAUTHORIZED:
        f = (struct feld_fehler){NULL, "E-Mail-Adresse oder Passwort sind nicht richtig."};
        rc = anmelden_seite(r, w, s, &f, email, 401);
        break;
    case ERR_CONFLICT:
        f = (struct feld_fehler){NULL, "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse mit "
                                       "dem Link, den wir Ihnen geschickt haben."};
        rc = anmelden_seite(r, w, s, &f, email, 403);
        break;
    case ERR_LIMIT:
        f = (struct feld_fehler){NULL, "Zu viele Anmeldeversuche. Bitte warten Sie einige "
                                       "Minuten und versuchen Sie es dann noch einmal."};
        rc = anmelden_seite(r, w, s, &f, email, 429);
        break;
    default:
        break;
    }
    return rc;
}

int
portal_konto_anmelden_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, anmelden_post);
}

static int
code_seite(struct http_req *r, struct http_resp *w, struct seite *s, const struct feld_fehler *f,
           int status)
{
    return konto_seite_zeigen(r, w, s, "konto/code", "Bestätigungscode",
                              konto_seite_form_data(f, NULL), status);
}

static int
code_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return code_seite(r, w, s, NULL, 200);
}

int
portal_konto_code(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_CODE_OFFEN, code_get);
}

static int
code_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {"code", NULL};
    char neu[SCHLUESSEL_TEXT_LEN + 1];
    int rc = konto_zweiter_faktor(s->c, r->arena, &s->u, s->auth.sitzung_wert,
                                  konto_seite_feld(s, "code"), neu);
    switch (rc) {
    case ERR_OK:
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, neu, 0);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w, "/konto");
        sodium_memzero(neu, sizeof(neu));
        break;
    case ERR_INVALID:
        f.text = "Bitte geben Sie den 6-stelligen Code ein.";
        rc = code_seite(r, w, s, &f, 400);
        break;
    case ERR_UNAUTHORIZED:
        f.text = "Der Code ist nicht richtig oder wurde schon benutzt. Bitte warten Sie auf den "
                 "nächsten Code.";
        rc = code_seite(r, w, s, &f, 401);
        break;
    case ERR_LIMIT:
        f.text = "Zu viele falsche Codes. Bitte warten Sie einige Minuten.";
        rc = code_seite(r, w, s, &f, 429);
        break;
    default:
        break;
    }
    return rc;
}

int
portal_konto_code_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_CODE_OFFEN, code_post);
}

static int
abmelden_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int rc = ERR_OK;
    if (s->auth.sitzung_wert)
        rc = konto_abmelden(s->c, &s->u, s->auth.sitzung_wert);
    konto_seite_ende(s);
    if (rc == ERR_OK)
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
    if (rc == ERR_OK)
        rc = http_resp_redirect(w, "/konto/anmelden?abgemeldet=1");
    return rc;
}

int
portal_konto_abmelden_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, abmelden_post);
}

/* ---- OpenID Connect ------------------------------------------------------------------- */

static const char *
rueckruf_url(struct http_req *r, const struct umfeld *u)
{
    return arena_printf(r->arena, "%s/konto/oidc/rueckruf", u->basis_url);
}

static int
oidc_start_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    const char *url = NULL;
    char state[44];
    struct oidc_config *cfg = r->app->auth->oidc;
    int rc;
    if (!cfg) {
        rc = konto_seite_verweigert(r, w, s, ERR_NOTFOUND);
    } else {
        rc = oidc_start(s->c, r->arena, &s->u, cfg, rueckruf_url(r, &s->u), &url, state);
        if (rc == ERR_OK)
            rc = auth_set_cookie(r, w, AUTH_COOKIE_OIDC, state, OIDC_FRIST);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w, url);
        else if (rc == ERR_IO)
            rc = konto_seite_meldung(
                r, w, s, 502, "Anmeldedienst nicht erreichbar",
                "Der Anmeldedienst Ihrer Verwaltung antwortet nicht. Bitte versuchen "
                "Sie es später noch einmal.",
                "fehler", "/konto/anmelden", "Zur Anmeldung");
    }
    return rc;
}

int
portal_konto_oidc_start(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, oidc_start_get);
}

static int
oidc_rueckruf_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct oidc_identitaet id;
    struct anmeldung an;
    struct oidc_config *cfg = r->app->auth->oidc;
    int rc;
    if (!cfg)
        return konto_seite_verweigert(r, w, s, ERR_NOTFOUND);
    rc = oidc_rueckruf(s->c, r->arena, &s->u, cfg, rueckruf_url(r, &s->u), http_query(r, "state"),
                       auth_cookie(r, AUTH_COOKIE_OIDC), http_query(r, "code"), &id);
    if (rc == ERR_OK)
        rc = konto_anmelden_extern(s->c, &s->u, id.issuer, id.subject, id.email, id.email_verified,
                                   &an);
    if (rc == ERR_OK) {
        if (s->auth.sitzung_wert)
            RH_IGNORE(sitzung_beenden_wert(s->c, s->auth.sitzung_wert)); /* best effort */
        rc = auth_set_cookie(r, w, AUTH_COOKIE_OIDC, NULL, 0);
        if (rc == ERR_OK)
            rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, an.sitzung, 0);
        if (rc == ERR_OK)
            rc = http_resp_redirect(w, "/konto");
        sodium_memzero(an.sitzung, sizeof(an.sitzung));
    } else if (rc == ERR_UNAUTHORIZED || rc == ERR_IO) {
        rc = konto_seite_meldung(
            r, w, s, rc == ERR_IO ? 502 : 401, "Anmeldung fehlgeschlagen",
            "Die Anmeldung über den Anmeldedienst hat nicht geklappt, oder zu diesem "
            "Dienstkonto gibt es kein Konto in rathaus.",
            "fehler", "/konto/anmelden", "Zur Anmeldung");
    }
    return rc;
}

int
portal_konto_oidc_rueckruf(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, oidc_rueckruf_get);
}
