/* The route table of the Amt face and its start page (amt/amt.h). */
#include <string.h>

#include "amt/amt.h"
#include "domain/eingang.h"
#include "domain/vermerk.h"
#include "domain/vorgang.h"

const struct route amt_routes[] = {
    {"GET", "/amt", amt_start, ROUTE_PAGE},
    {"GET", "/amt/posteingang", amt_posteingang, ROUTE_PAGE},
    {"POST", "/amt/posteingang", amt_posteingang_hochladen, ROUTE_PAGE},
    {"GET", "/amt/posteingang/{id}", amt_posteingang_eintrag, ROUTE_PAGE},
    {"POST", "/amt/posteingang/{id}/uebernehmen", amt_posteingang_uebernehmen, ROUTE_PAGE},
    {"POST", "/amt/posteingang/{id}/zuweisen", amt_posteingang_zuweisen, ROUTE_PAGE},
    {"POST", "/amt/posteingang/{id}/weiterleiten", amt_posteingang_weiterleiten, ROUTE_PAGE},
    {"GET", "/amt/akten", amt_akten, ROUTE_PAGE},
    {"POST", "/amt/akten", amt_akte_anlegen, ROUTE_PAGE},
    {"GET", "/amt/akten/{id}", amt_akte, ROUTE_PAGE},
    {"POST", "/amt/akten/{id}/vorgaenge", amt_vorgang_anlegen, ROUTE_PAGE},
    {"GET", "/amt/vorgaenge/{id}", amt_vorgang, ROUTE_PAGE},
    {"POST", "/amt/vorgaenge/{id}/status", amt_vorgang_status, ROUTE_PAGE},
    {"POST", "/amt/vorgaenge/{id}/vermerke", amt_vorgang_vermerk, ROUTE_PAGE},
    {"POST", "/amt/vorgaenge/{id}/wiedervorlagen", amt_vorgang_wiedervorlage, ROUTE_PAGE},
    {"POST", "/amt/vorgaenge/{id}/rueckfrage", amt_vorgang_rueckfrage, ROUTE_PAGE},
    {"POST", "/amt/wiedervorlagen/{id}/erledigt", amt_wiedervorlage_erledigt, ROUTE_PAGE},
    {0, 0, 0, 0},
};

int
amt_start(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct wiedervorlage_row *wv = NULL;
    size_t n_wv = 0;
    int64_t n_vorgaenge = 0;
    struct posteingang_seite pe;
    struct vorgang_seite meine;
    const char *bad = NULL;
    char heute[11];
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (!actor_has_rolle(&s.auth.actor, ROLLE_SACHBEARBEITUNG) &&
        actor_has_rolle(&s.auth.actor, ROLLE_BEHOERDENADMIN)) {
        /* an office admin without cases: the navigation to the admin pages */
        json_t *nur = json_pack("{s:b}", "nur_verwaltung", 1);
        return aseite_zeigen(r, w, &s, "amt/start", "Amt – Übersicht", nur);
    }
    rc = wiedervorlagen_eigene(s.c, r->arena, &s.auth.actor, AMT_LISTE_MAX, &wv, &n_wv,
                               &n_vorgaenge);
    struct posteingang_filter pf = {.limit = 1};
    if (rc == ERR_OK)
        rc = posteingang_liste(s.c, r->arena, &s.auth.actor, &pf, &pe, &bad);
    struct amt_filter mf = {.nur_meine = true, .limit = 20};
    if (rc == ERR_OK)
        rc = vorgang_liste(s.c, r->arena, &s.auth.actor, &mf, &meine, &bad);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    antrag_heute(s.u.jetzt, heute);
    json_t *d = json_object(), *jw = json_array(), *jm = json_array();
    for (size_t i = 0; jw && i < n_wv; i++)
        json_array_append_new(
            jw, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)wv[i].id,
                          "vorgang_id", (json_int_t)wv[i].vorgang_id, "aktenzeichen",
                          wv[i].vorgang_aktenzeichen, "betreff", wv[i].vorgang_betreff, "datum",
                          wv[i].datum, "grund", wv[i].grund, "faellig",
                          strcmp(wv[i].datum, heute) <= 0));
    for (size_t i = 0; jm && i < meine.n; i++) {
        const struct vorgang_row *v = &meine.items[i];
        if (strcmp(v->status, "beschieden") == 0 || strcmp(v->status, "zda") == 0)
            continue;
        json_array_append_new(jm, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)v->id,
                                            "aktenzeichen", v->aktenzeichen, "betreff", v->betreff,
                                            "status", vorgang_status_label(v->status)));
    }
    if (d && jw && jm) {
        json_object_set_new(d, "wiedervorlagen", jw);
        json_object_set_new(d, "vorgaenge", jm);
        json_object_set_new(d, "n_neu", json_integer(pe.zaehler.neu));
        json_object_set_new(d, "n_zugewiesen", json_integer(pe.zaehler.zugewiesen));
        json_object_set_new(d, "n_vorgaenge", json_integer(n_vorgaenge));
    } else {
        json_decref(d);
        json_decref(jw);
        json_decref(jm);
        d = NULL;
    }
    return aseite_zeigen(r, w, &s, "amt/start", "Amt – Übersicht", d);
}
