/* portal/konto_passwort: the forgotten password — asking for a link and setting a new
 * password with it (see portal/konto.h). */

#include <jansson.h>

#include "domain/konto.h"
#include "portal/konto_intern.h"

/* ---- forgotten password --------------------------------------------------------------- */

static int
vergessen_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return konto_seite_zeigen(r, w, s, "konto/passwort_vergessen", "Passwort vergessen",
                              konto_seite_mit(konto_seite_form_data(NULL, NULL),
                                              "email_autocomplete", json_string("email")),
                              200);
}

int
portal_konto_vergessen(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, vergessen_get);
}

static int
vergessen_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int rc;
    const char *email = konto_seite_feld(s, "email");
    rc = konto_passwort_vergessen(s->c, r->arena, &s->u, email, &f);
    if (rc == ERR_INVALID)
        rc = konto_seite_zeigen(r, w, s, "konto/passwort_vergessen", "Passwort vergessen",
                                konto_seite_mit(konto_seite_form_data(&f, email),
                                                "email_autocomplete", json_string("email")),
                                400);
    else if (rc == ERR_OK)
        rc = konto_seite_meldung(
            r, w, s, 200, "E-Mail unterwegs",
            "Wenn zu dieser Adresse ein Konto gehört, haben wir einen Link zum Setzen "
            "eines neuen Passworts dorthin geschickt.",
            "info", "/konto/anmelden", "Zur Anmeldung");
    return rc;
}

int
portal_konto_vergessen_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, vergessen_post);
}

static int
passwort_neu_seite(struct http_req *r, struct http_resp *w, struct seite *s, const char *t,
                   const struct feld_fehler *f)
{
    json_t *d = konto_seite_mit(konto_seite_form_data(f, NULL), "t", json_string(t));
    d = konto_seite_mit(d, "passwort_neu", json_true());
    d = konto_seite_mit(d, "passwort_label", json_string("Neues Passwort"));
    return konto_seite_zeigen(r, w, s, "konto/passwort_neu", "Neues Passwort", d, f ? 400 : 200);
}

static int
link_ungueltig(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return konto_seite_meldung(r, w, s, 404, "Link ungültig",
                               "Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.",
                               "fehler", "/konto/passwort-vergessen", "Neuen Link anfordern");
}

static int
passwort_neu_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    const char *t = http_query(r, "t");
    int rc = konto_reset_gueltig(s->c, &s->u, t);
    if (rc == ERR_OK)
        rc = passwort_neu_seite(r, w, s, t, NULL);
    else if (rc == ERR_NOTFOUND)
        rc = link_ungueltig(r, w, s);
    return rc;
}

int
portal_konto_passwort_neu(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, passwort_neu_get);
}

static int
passwort_neu_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int rc;
    const char *t = konto_seite_feld(s, "t");
    rc = konto_passwort_zuruecksetzen(s->c, r->arena, &s->u, t, konto_seite_feld(s, "passwort"),
                                      konto_seite_feld_len(s, "passwort"), &f);
    if (rc == ERR_INVALID)
        rc = passwort_neu_seite(r, w, s, t, &f);
    else if (rc == ERR_NOTFOUND)
        rc = link_ungueltig(r, w, s);
    else if (rc == ERR_OK)
        rc = konto_seite_meldung(
            r, w, s, 200, "Passwort gespeichert",
            "Ihr neues Passwort gilt ab sofort. Alle Sitzungen wurden beendet; bitte "
            "melden Sie sich neu an.",
            "erfolg", "/konto/anmelden", "Zur Anmeldung");
    return rc;
}

int
portal_konto_passwort_neu_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, passwort_neu_post);
}
