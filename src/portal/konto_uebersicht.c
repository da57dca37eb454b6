/* portal/konto_uebersicht: the own account — overview with e-mail and password change,
 * sessions, the export of all data and deletion (see portal/konto.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "domain/konto.h"
#include "domain/sitzung.h"
#include "portal/konto_intern.h"

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
    json_t *d = konto_seite_form_data(f, NULL);
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
    d = konto_seite_mit(d, "konto", json_pack("{s:s}", "email", k.email));
    d = konto_seite_mit(d, "rollen", rollen);
    d = konto_seite_mit(d, "admin_behoerden", admin);
    if (hinweis)
        d = konto_seite_mit(d, "hinweis", json_string(hinweis));
    return konto_seite_zeigen(r, w, s, "konto/uebersicht", "Mein Konto", d, status);
}

static int
uebersicht_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return uebersicht_seite(r, w, s, NULL, NULL, 200);
}

int
portal_konto(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ANGEMELDET, uebersicht_get);
}

static int
email_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int rc = konto_email_aendern(
        s->c, r->arena, &s->u, &s->auth.actor, konto_seite_feld(s, "passwort"),
        konto_seite_feld_len(s, "passwort"), konto_seite_feld(s, "neue_email"), &f);
    if (rc == ERR_INVALID)
        rc = uebersicht_seite(r, w, s, &f, NULL, 400);
    else if (rc == ERR_OK)
        rc = uebersicht_seite(r, w, s, NULL,
                              "Wir haben einen Bestätigungslink an die neue Adresse geschickt. "
                              "Sie gilt, sobald Sie ihn geöffnet haben.",
                              200);
    return rc;
}

int
portal_konto_email_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ANGEMELDET, email_post);
}

static int
passwort_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int rc = konto_passwort_aendern(
        s->c, r->arena, &s->u, &s->auth.actor, konto_seite_feld(s, "passwort_alt"),
        konto_seite_feld_len(s, "passwort_alt"), konto_seite_feld(s, "passwort_neu"),
        konto_seite_feld_len(s, "passwort_neu"), s->auth.sitzung_id, &f);
    if (rc == ERR_INVALID)
        rc = uebersicht_seite(r, w, s, &f, NULL, 400);
    else if (rc == ERR_OK)
        rc = uebersicht_seite(r, w, s, NULL,
                              "Ihr Passwort wurde geändert. Andere Sitzungen wurden beendet.", 200);
    return rc;
}

int
portal_konto_passwort_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ANGEMELDET, passwort_post);
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
sitzungen_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct sitzung *list;
    size_t n;
    int rc = sitzung_liste(s->c, r->arena, &s->u, &s->auth.actor, s->auth.sitzung_id, &list, &n);
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
        rc = konto_seite_zeigen(r, w, s, "konto/sitzungen", "Angemeldete Geräte",
                                konto_seite_mit(json_object(), "sitzungen", arr), 200);
    }
    return rc;
}

int
portal_konto_sitzungen(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ANGEMELDET, sitzungen_get);
}

static int
sitzung_beenden_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    int64_t id;
    int rc;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK)
        rc = ERR_NOTFOUND;
    else
        rc = sitzung_beenden(s->c, &s->u, &s->auth.actor, id);
    bool eigene = rc == ERR_OK && id == s->auth.sitzung_id;
    konto_seite_ende(s);
    if (rc != ERR_OK)
        return rc;
    if (eigene) {
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
        return rc == ERR_OK ? http_resp_redirect(w, "/konto/anmelden") : rc;
    }
    return http_resp_redirect(w, "/konto/sitzungen");
}

int
portal_konto_sitzung_beenden_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ANGEMELDET, sitzung_beenden_post);
}

static int
export_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    json_t *doc = NULL;
    int rc = konto_export(s->c, r->arena, &s->auth.actor, &doc);
    konto_seite_ende(s);
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

int
portal_konto_export(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ANGEMELDET, export_get);
}

static int
loeschen_seite(struct http_req *r, struct http_resp *w, struct seite *s,
               const struct feld_fehler *f)
{
    return konto_seite_zeigen(r, w, s, "konto/loeschen", "Konto löschen",
                              konto_seite_form_data(f, NULL), f ? 400 : 200);
}

static int
loeschen_get(struct http_req *r, struct http_resp *w, struct seite *s)
{
    return loeschen_seite(r, w, s, NULL);
}

int
portal_konto_loeschen(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, false, KONTO_ANGEMELDET, loeschen_get);
}

static int
loeschen_post(struct http_req *r, struct http_resp *w, struct seite *s)
{
    struct feld_fehler f = {0};
    int rc;
    const char *pw = konto_seite_feld(s, "passwort");
    if (!pw || !*pw) {
        f = (struct feld_fehler){"passwort", "Bitte geben Sie Ihr Passwort ein."};
        rc = ERR_INVALID;
    } else {
        rc = konto_loeschen(s->c, &s->u, &s->auth.actor, pw, konto_seite_feld_len(s, "passwort"),
                            &f);
    }
    if (rc == ERR_INVALID) {
        rc = loeschen_seite(r, w, s, &f);
    } else if (rc == ERR_OK) {
        s->auth = (struct auth){0};
        rc = auth_set_cookie(r, w, AUTH_COOKIE_SITZUNG, NULL, 0);
        if (rc == ERR_OK)
            rc = konto_seite_meldung(r, w, s, 200, "Konto gelöscht",
                                     "Ihr Konto und Ihre Daten wurden gelöscht.", "erfolg", "/",
                                     "Zur Startseite");
    }
    return rc;
}

int
portal_konto_loeschen_post(struct http_req *r, struct http_resp *w)
{
    return konto_seite_ablauf(r, w, true, KONTO_ANGEMELDET, loeschen_post);
}
