/* Helpers shared by the pages of the Amt face (amt/amt.h). */
#include <stdlib.h>
#include <string.h>

#include "amt/amt.h"
#include "domain/antrag.h"
#include "domain/authz.h"
#include "portal/rahmen.h"

int
aseite_beginn(struct http_req *r, struct aseite *s)
{
    memset(s, 0, sizeof(*s));
    return rahmen_beginn(r, true, &s->c, &s->auth, &s->u); /* pages do not take API tokens */
}

void
aseite_ende(struct aseite *s)
{
    rahmen_ende(&s->c);
}

const char *
aseite_feld(const struct aseite *s, const char *name)
{
    return rahmen_feld(s->form, s->n_form, name);
}

int64_t
aseite_feld_id(const struct aseite *s, const char *name)
{
    const char *v = aseite_feld(s, name);
    char *end = NULL;
    if (!v || !*v || strlen(v) > 18)
        return 0;
    long long x = strtoll(v, &end, 10);
    return (end && !*end && x > 0) ? (int64_t)x : 0;
}

int
aseite_meldung(struct http_req *r, struct http_resp *w, struct aseite *s, int status,
               const char *ueberschrift, const char *text)
{
    json_t *d = json_pack("{s:s, s:s}", "ueberschrift", ueberschrift, "text", text);
    int rc = aseite_zeigen(r, w, s, "amt/meldung", ueberschrift, d);
    if (rc == ERR_OK)
        w->status = status;
    return rc;
}

int
aseite_csrf(struct http_req *r, struct http_resp *w, struct aseite *s, const char *csrf)
{
    if (auth_csrf_pruefen(r, &s->auth, csrf) == ERR_OK)
        return ERR_OK;
    int rc = aseite_meldung(r, w, s, 403, "Formular abgelaufen",
                            "Das Formular ist abgelaufen oder kam nicht von dieser Seite. Es "
                            "wurde nichts geändert. Bitte laden Sie die Seite neu.");
    return rc == ERR_OK ? ERR_FORBIDDEN : rc;
}

int
aseite_post(struct http_req *r, struct http_resp *w, struct aseite *s)
{
    int rc = aseite_beginn(r, s);
    if (rc != ERR_OK)
        return rc;
    rc = rahmen_formular(r, &s->form, &s->n_form);
    if (rc != ERR_OK) {
        rc = aseite_meldung(r, w, s, 400, "Ungültige Eingabe",
                            "Das Formular enthält ungültige Zeichen oder zu viele Felder.");
        return rc == ERR_OK ? ERR_INVALID : rc;
    }
    return aseite_csrf(r, w, s, aseite_feld(s, "csrf"));
}

/* The navigation: which parts the caller may open. */
static json_t *
navigation(const struct actor *who)
{
    return json_pack("{s:b, s:b, s:b}", "sb", actor_has_rolle(who, ROLLE_SACHBEARBEITUNG), "admin",
                     actor_has_rolle(who, ROLLE_BEHOERDENADMIN), "angemeldet", who->konto_id > 0);
}

int
aseite_zeigen(struct http_req *r, struct http_resp *w, struct aseite *s, const char *tmpl,
              const char *titel, json_t *data)
{
    return rahmen_zeigen(r, w, &s->c, &s->auth, navigation, tmpl, titel, data);
}

int
aseite_fehler(struct http_req *r, struct http_resp *w, struct aseite *s, int rc)
{
    switch (rc) {
    case ERR_UNAUTHORIZED:
        aseite_ende(s);
        return http_resp_redirect(w, "/konto/anmelden");
    case ERR_FORBIDDEN:
        return aseite_meldung(r, w, s, 403, "Keine Berechtigung",
                              "Diese Seite ist für die Sachbearbeitung der Behörde.");
    case ERR_NOTFOUND:
        return aseite_meldung(r, w, s, 404, "Nicht gefunden",
                              "Diese Seite gibt es nicht, oder sie ist für Ihr Konto nicht "
                              "sichtbar.");
    case ERR_INVALID:
        return aseite_meldung(r, w, s, 400, "Ungültige Angabe",
                              "Ein Parameter der Adresse oder des Formulars ist ungültig.");
    case ERR_CONFLICT:
        return aseite_meldung(r, w, s, 409, "Nicht möglich",
                              "Das geht im jetzigen Zustand nicht, oder jemand anderes hat es "
                              "gerade geändert. Bitte laden Sie die Seite neu.");
    default:
        aseite_ende(s);
        return rc;
    }
}

int
aseite_weiter(struct http_resp *w, struct aseite *s, const char *ort)
{
    aseite_ende(s);
    return http_resp_redirect(w, ort);
}

const char *
amt_datum(struct http_req *r, int64_t t)
{
    char buf[32];
    antrag_zeit_text(t, buf);
    char *k = strchr(buf, ',');
    if (k)
        *k = '\0';
    return arena_strdup(r->arena, buf);
}

const char *
amt_zeit(struct http_req *r, int64_t t)
{
    char buf[32];
    antrag_zeit_text(t, buf);
    return arena_strdup(r->arena, buf);
}
