/* portal/konto_registrierung: registering, confirming the e-mail address and taking up an
 * invitation (see portal/konto.h). */

#include <string.h>

#include <jansson.h>

#include "domain/konto.h"
#include "domain/totp.h"
#include "portal/konto_intern.h"

/* ---- register and confirm ------------------------------------------------------------- */

static int
registrieren_seite(struct http_req *r, struct http_resp *w, struct seite *s,
                   const struct feld_fehler *f, const char *email)
{
    json_t *d = konto_seite_mit(konto_seite_form_data(f, email), "passwort_neu", json_true());
    d = konto_seite_mit(d, "email_autocomplete", json_string("email"));
    return konto_seite_zeigen(r, w, s, "konto/registrieren", "Konto anlegen", d, f ? 400 : 200);
}

static int
registrieren_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return registrieren_seite(r, w, s, NULL, NULL);
}

int
portal_konto_registrieren(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, registrieren_get);
}

static int
registrieren_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int rc;
    const char *email = konto_seite_feld(s, "email"), *pw = konto_seite_feld(s, "passwort");
    rc = konto_registrieren(s->c, r->arena, &s->u, email, pw, konto_seite_feld_len(s, "passwort"),
                            &f);
    if (rc == ERR_INVALID)
        rc = registrieren_seite(r, w, s, &f, email);
    else if (rc == ERR_OK)
        rc = konto_seite_meldung(
            r, w, s, 200, "Bitte bestätigen Sie Ihre E-Mail-Adresse",
            "Wir haben Ihnen eine E-Mail geschickt. Öffnen Sie den Link darin, um Ihr "
            "Konto zu aktivieren. Der Link gilt 48 Stunden.",
            "erfolg", "/konto/anmelden", "Zur Anmeldung");
    return rc;
}

int
portal_konto_registrieren_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, registrieren_post);
}

static int
bestaetigen_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    const char *t = http_query(r, "t");
    int rc;
    if (!t || !schluessel_is_wohlgeformt("", t, strlen(t)))
        rc = konto_seite_meldung(
            r, w, s, 404, "Link ungültig",
            "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon benutzt.", "fehler",
            "/konto/anmelden", "Zur Anmeldung");
    else
        rc = konto_seite_zeigen(r, w, s, "konto/bestaetigen", "E-Mail-Adresse bestätigen",
                                json_pack("{s:s}", "t", t), 200);
    return rc;
}

int
portal_konto_bestaetigen(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, bestaetigen_get);
}

static int
bestaetigen_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int64_t id;
    int rc = konto_bestaetigen(s->c, &s->u, konto_seite_feld(s, "t"), &id);
    if (rc == ERR_OK)
        rc = konto_seite_meldung(
            r, w, s, 200, "E-Mail-Adresse bestätigt",
            "Vielen Dank. Sie können sich jetzt mit dieser E-Mail-Adresse anmelden.", "erfolg",
            s->auth.actor.konto_id ? "/konto" : "/konto/anmelden",
            s->auth.actor.konto_id ? "Zu Mein Konto" : "Zur Anmeldung");
    else if (rc == ERR_NOTFOUND || rc == ERR_CONFLICT)
        rc = konto_seite_meldung(
            r, w, s, rc == ERR_NOTFOUND ? 404 : 409, "Link ungültig",
            rc == ERR_NOTFOUND
                ? "Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon "
                  "benutzt."
                : "Diese E-Mail-Adresse wird inzwischen von einem anderen Konto "
                  "verwendet.",
            "fehler", "/konto/anmelden", "Zur Anmeldung");
    return rc;
}

int
portal_konto_bestaetigen_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, bestaetigen_post);
}

/* ---- invitations ---------------------------------------------------------------------- */

static int
einladung_seite(struct http_req *r, struct http_resp *w, struct seite *s, const char *t,
                const struct einladung *e, const char *geheimnis, const struct feld_fehler *f)
{
    json_t *d = konto_seite_mit(konto_seite_form_data(f, NULL), "t", json_string(t));
    d = konto_seite_mit(d, "konto_email", json_string(e->email));
    d = konto_seite_mit(d, "passwort_neu", json_true());
    d = konto_seite_mit(d, "passwort_label", json_string("Neues Passwort"));
    d = konto_seite_mit(d, "personal", json_boolean(e->is_personal));
    if (e->is_personal) {
        const char *uri = totp_uri(r->arena, "rathaus", e->email, geheimnis);
        d = konto_seite_mit(d, "geheimnis", json_string(geheimnis));
        d = konto_seite_mit(d, "totp_uri", uri ? json_string(uri) : json_null());
    }
    return konto_seite_zeigen(r, w, s, "konto/einladung", "Zugang einrichten", d, f ? 400 : 200);
}

static int
einladung_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct einladung e;
    char geheimnis[TOTP_GEHEIMNIS_LEN + 1];
    const char *t = http_query(r, "t");
    int rc = konto_einladung_lesen(s->c, r->arena, &s->u, t, &e);
    if (rc == ERR_NOTFOUND) {
        rc = konto_seite_meldung(
            r, w, s, 404, "Einladung ungültig",
            "Diese Einladung ist ungültig, abgelaufen oder wurde schon benutzt. Bitte "
            "wenden Sie sich an die Administration Ihrer Behörde.",
            "fehler", NULL, NULL);
    } else if (rc == ERR_OK) {
        totp_geheimnis_neu(geheimnis);
        rc = einladung_seite(r, w, s, t, &e, geheimnis, NULL);
    }
    return rc;
}

int
portal_konto_einladung(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ALLE, einladung_get);
}

static int
einladung_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct einladung e;
    struct feld_fehler f = {0};
    int rc;
    const char *t = konto_seite_feld(s, "t"), *geheimnis = konto_seite_feld(s, "geheimnis");
    rc = konto_einladung_lesen(s->c, r->arena, &s->u, t, &e);
    if (rc == ERR_OK)
        rc = konto_einladung_annehmen(s->c, r->arena, &s->u, t, konto_seite_feld(s, "passwort"),
                                      konto_seite_feld_len(s, "passwort"), geheimnis,
                                      konto_seite_feld(s, "code"), &f);
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
        rc = einladung_seite(r, w, s, t, &e, geheimnis, &f);
    } else if (rc == ERR_NOTFOUND) {
        rc = konto_seite_meldung(
            r, w, s, 404, "Einladung ungültig",
            "Diese Einladung ist ungültig, abgelaufen oder wurde schon benutzt.", "fehler", NULL,
            NULL);
    } else if (rc == ERR_OK) {
        rc = konto_seite_meldung(r, w, s, 200, "Zugang eingerichtet",
                                 "Ihr Zugang ist eingerichtet. Sie können sich jetzt anmelden.",
                                 "erfolg", "/konto/anmelden", "Zur Anmeldung");
    }
    return rc;
}

int
portal_konto_einladung_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ALLE, einladung_post);
}
