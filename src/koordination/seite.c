/* Helpers shared by the pages of the Koordination face, and the route table. */
#include <string.h>

#include "domain/authz.h"
#include "koordination/koordination.h"
#include "portal/rahmen.h"

const struct route koordination_routes[] = {
    {"GET", "/koordination", koord_lagebild, ROUTE_PAGE},
    {"GET", "/koordination/karte.svg", koord_karte, ROUTE_PAGE},
    {"GET", "/koordination/diagramm/{name}", koord_diagramm, ROUTE_PAGE},
    {"GET", "/koordination/gemeinden/{ags}", koord_gemeinde, ROUTE_PAGE},
    {"GET", "/koordination/gemeinden/{ags}/stand", koord_stand, ROUTE_PAGE},
    {"POST", "/koordination/gemeinden/{ags}/bausteine", koord_stand_baustein, ROUTE_PAGE},
    {"POST", "/koordination/gemeinden/{ags}/checkliste", koord_stand_schritt, ROUTE_PAGE},
    {"POST", "/koordination/gemeinden/{ags}/eakte", koord_stand_eakte, ROUTE_PAGE},
    {"GET", "/koordination/anfragen", koord_anfragen, ROUTE_PAGE},
    {"POST", "/koordination/anfragen", koord_anfrage_stellen, ROUTE_PAGE},
    {"GET", "/koordination/anfragen/neu", koord_anfrage_neu, ROUTE_PAGE},
    {"GET", "/koordination/anfragen/{id}", koord_anfrage, ROUTE_PAGE},
    {"POST", "/koordination/anfragen/{id}/antworten", koord_anfrage_antworten, ROUTE_PAGE},
    {"POST", "/koordination/anfragen/{id}/status", koord_anfrage_status, ROUTE_PAGE},
    {"GET", "/koordination/wissen", koord_wissen, ROUTE_PAGE},
    {"POST", "/koordination/wissen", koord_artikel_anlegen, ROUTE_PAGE},
    {"GET", "/koordination/wissen/neu", koord_artikel_neu, ROUTE_PAGE},
    {"GET", "/koordination/wissen/{id}", koord_artikel, ROUTE_PAGE},
    {"GET", "/koordination/termine", koord_termine, ROUTE_PAGE},
    {"GET", "/koordination/termine/{id}", koord_termin, ROUTE_PAGE},
    {"POST", "/koordination/termine/{id}/anmeldung", koord_termin_anmelden, ROUTE_PAGE},
    {"POST", "/koordination/termine/{id}/abmeldung", koord_termin_abmelden, ROUTE_PAGE},
    {0, 0, 0, 0},
};

int
kseite_beginn(struct http_req *r, struct kseite *s)
{
    memset(s, 0, sizeof(*s));
    return rahmen_beginn(r, false, &s->c, &s->auth, &s->u);
}

void
kseite_ende(struct kseite *s)
{
    rahmen_ende(&s->c);
}

const char *
kseite_feld(const struct kseite *s, const char *name)
{
    return rahmen_feld(s->form, s->n_form, name);
}

static int
nachricht(struct http_req *r, struct http_resp *w, struct kseite *s, int status, const char *titel,
          const char *text)
{
    json_t *d = json_pack("{s:s, s:s}", "ueberschrift", titel, "text", text);
    int rc = kseite_zeigen(r, w, s, "koordination/meldung", titel, d);
    if (rc == ERR_OK)
        w->status = status;
    return rc;
}

int
kseite_post(struct http_req *r, struct http_resp *w, struct kseite *s)
{
    int rc = kseite_beginn(r, s);
    if (rc != ERR_OK)
        return rc;
    rc = rahmen_formular(r, &s->form, &s->n_form);
    if (rc != ERR_OK) {
        rc = nachricht(r, w, s, 400, "Ungültige Eingabe",
                       "Das Formular enthält ungültige Zeichen oder zu viele Felder.");
        return rc == ERR_OK ? ERR_INVALID : rc;
    }
    if (auth_csrf_pruefen(r, &s->auth, kseite_feld(s, "csrf")) != ERR_OK) {
        rc = nachricht(r, w, s, 403, "Formular abgelaufen",
                       "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es wurde "
                       "nichts geändert. Bitte laden Sie die Seite neu.");
        return rc == ERR_OK ? ERR_FORBIDDEN : rc;
    }
    return ERR_OK;
}

/* The navigation: which parts the caller may open. */
static json_t *
navigation(const struct actor *who)
{
    bool koord =
        actor_has_rolle(who, ROLLE_KOORDINATION) || actor_has_rolle(who, ROLLE_MINISTERIUM);
    bool staff =
        actor_has_rolle(who, ROLLE_SACHBEARBEITUNG) || actor_has_rolle(who, ROLLE_BEHOERDENADMIN);
    return json_pack("{s:b, s:b, s:b}", "lagebild", koord, "anfragen", koord || staff, "staff",
                     staff);
}

int
kseite_zeigen(struct http_req *r, struct http_resp *w, struct kseite *s, const char *tmpl,
              const char *titel, json_t *data)
{
    return rahmen_zeigen(r, w, &s->c, &s->auth, navigation, tmpl, titel, data);
}

int
kseite_fehler(struct http_req *r, struct http_resp *w, struct kseite *s, int rc)
{
    switch (rc) {
    case ERR_UNAUTHORIZED:
        kseite_ende(s);
        return http_resp_redirect(w, "/konto/anmelden");
    case ERR_FORBIDDEN:
        return nachricht(r, w, s, 403, "Keine Berechtigung",
                         "Diese Seite ist für die E-Government-Koordination, das Ministerium "
                         "und die Beschäftigten der Kommunen.");
    case ERR_NOTFOUND:
        return nachricht(r, w, s, 404, "Nicht gefunden",
                         "Diese Seite gibt es nicht, oder sie "
                         "ist für Ihr Konto nicht sichtbar.");
    case ERR_INVALID:
        return nachricht(r, w, s, 400, "Ungültige Angabe",
                         "Ein Parameter der Adresse ist ungültig.");
    default:
        kseite_ende(s);
        return rc;
    }
}
