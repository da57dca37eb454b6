/* The Amt pages of the file plan, the Aussonderung and the audit log (amt/archiv.h). */
#include "amt/archiv.h"

#include <stdlib.h>
#include <string.h>

#include "amt/amt.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"
#include "util/str.h"

const struct route archiv_amt_routes[] = {
    {"GET", "/amt/aktenplan", amt_aktenplan, ROUTE_PAGE},
    {"POST", "/amt/aktenplan", amt_aktenplan_import, ROUTE_PAGE},
    {"POST", "/amt/aktenplan/{id}", amt_aktenplan_aendern, ROUTE_PAGE},
    {"GET", "/amt/aussonderung", amt_aussonderung, ROUTE_PAGE},
    {"POST", "/amt/aussonderung/export", amt_aussonderung_export, ROUTE_PAGE},
    {"POST", "/amt/aussonderung/loeschen", amt_aussonderung_loeschen, ROUTE_PAGE},
    {"POST", "/amt/aussonderung/{id}/quittung", amt_aussonderung_quittung, ROUTE_PAGE},
    {"GET", "/amt/protokoll", amt_protokoll, ROUTE_PAGE},
    {0, 0, 0, 0},
};

static const char *
wuerdig_text(char w)
{
    switch (w) {
    case 'A':
        return "A – archivwürdig";
    case 'V':
        return "V – vernichten";
    default:
        return "B – bewerten";
    }
}

static bool
is_admin(const struct aseite *s, int64_t behoerde_id)
{
    struct authz_object o = {.behoerde_id = behoerde_id};
    return authz_check(&s->auth.actor, AUTHZ_BEHOERDE_VERWALTEN, &o) == ERR_OK;
}

/* The plan page with `fehler` (import errors, may be NULL) and the CSV typed so far. */
static int
plan_zeigen(struct http_req *r, struct http_resp *w, struct aseite *s, const char *fehler,
            const char *csv, const char *meldung)
{
    struct aktenplan_eintrag *e = NULL;
    size_t n = 0;
    int64_t bid = 0, bearbeiten = 0;
    const char *b = http_query(r, "bearbeiten");
    if (b && str_to_int64(str_from(b), 1, INT64_MAX, &bearbeiten) != ERR_OK)
        bearbeiten = 0;
    int rc = aktenplan_behoerde(&s->auth.actor, 0, &bid);
    if (rc == ERR_OK)
        rc = aktenplan_lesen(s->c, r->arena, &s->auth.actor, bid, &e, &n);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, s, rc);
    bool admin = is_admin(s, bid);
    json_t *d = json_object(), *items = json_array(), *fl = json_array();
    if (!d || !items || !fl) {
        json_decref(d);
        json_decref(items);
        json_decref(fl);
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const struct aktenplan_row *x = &e[i].row;
        char tiefe[8];
        snprintf(tiefe, sizeof(tiefe), "%d", e[i].tiefe);
        json_t *o = json_pack(
            "{s:I, s:s, s:s, s:s, s:i, s:b, s:s, s:b, s:I, s:I, s:b, s:s}", "id", (json_int_t)x->id,
            "kennzeichen", x->kennzeichen, "titel", x->titel, "beschreibung",
            x->beschreibung ? x->beschreibung : "", "jahre", e[i].aufbewahrung_jahre,
            "jahre_geerbt", e[i].is_geerbt_jahre, "wuerdig", wuerdig_text(e[i].archivwuerdigkeit),
            "wuerdig_geerbt", e[i].is_geerbt_wuerdigkeit, "n_akten", (json_int_t)x->n_akten,
            "n_gesamt", (json_int_t)e[i].n_akten_gesamt, "aktiv", x->is_aktiv, "ebene", tiefe);
        if (!o || json_array_append_new(items, o) != 0) {
            json_decref(d);
            json_decref(items);
            json_decref(fl);
            return ERR_NOMEM;
        }
        if (admin && x->id == bearbeiten) {
            char w1[2] = {x->archivwuerdigkeit, 0};
            json_t *f =
                json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b}", "id", (json_int_t)x->id,
                          "kennzeichen", x->kennzeichen, "titel", x->titel, "beschreibung",
                          x->beschreibung ? x->beschreibung : "", "aktiv", x->is_aktiv, "w_leer",
                          !w1[0], "w_a", w1[0] == 'A', "w_b", w1[0] == 'B', "w_v", w1[0] == 'V');
            if (f) {
                json_object_set_new(f, "jahre",
                                    x->aufbewahrung_jahre >= 0 ? json_integer(x->aufbewahrung_jahre)
                                                               : json_string(""));
                json_object_set_new(d, "bearbeiten", f);
            }
        }
    }
    for (const char *p = fehler; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len)
            json_array_append_new(fl, json_stringn(p, len));
        p += len + (nl ? 1 : 0);
    }
    json_object_set_new(d, "eintraege", items);
    json_object_set_new(d, "fehler", fl);
    json_object_set_new(d, "hat_fehler", json_boolean(fehler && *fehler));
    json_object_set_new(d, "ist_admin", json_boolean(admin));
    json_object_set_new(d, "csv", json_string(csv ? csv : ""));
    json_object_set_new(d, "meldung", json_string(meldung ? meldung : ""));
    if (fehler && *fehler)
        w->status = 400;
    int st = w->status;
    rc = aseite_zeigen(r, w, s, "amt/archiv_aktenplan", "Aktenplan", d);
    if (rc == ERR_OK && st == 400)
        w->status = 400;
    return rc;
}

int
amt_aktenplan(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    const char *m = http_query(r, "ok");
    return plan_zeigen(r, w, &s, NULL, NULL,
                       m && strcmp(m, "import") == 0 ? "Der Aktenplan wurde übernommen."
                       : m                           ? "Der Eintrag wurde gespeichert."
                                                     : NULL);
}

int
amt_aktenplan_import(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct aktenplan_import_ergebnis erg;
    struct buf err = BUF_INIT(64 * 1024);
    int64_t bid = 0;
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *csv = aseite_feld(&s, "csv");
    rc = aktenplan_behoerde(&s.auth.actor, 0, &bid);
    if (rc == ERR_OK)
        rc = aktenplan_import(s.c, &s.u, &s.auth.actor, bid, "aktenplan.csv", csv ? csv : "",
                              csv ? strlen(csv) : 0, false, &erg, &err);
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        const char *text = arena_strdup(r->arena, buf_cstr(&err));
        buf_free(&err);
        return plan_zeigen(r, w, &s, text ? text : "Fehler", csv, NULL);
    }
    buf_free(&err);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, "/amt/aktenplan?ok=import");
}

int
amt_aktenplan_aendern(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    int64_t id = 0, j = -1;
    const char *sid = http_param(r, "id");
    if (!sid || str_to_int64(str_from(sid), 1, INT64_MAX, &id) != ERR_OK)
        id = 0;
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *jahre = aseite_feld(&s, "aufbewahrung_jahre");
    const char *wuerdig = aseite_feld(&s, "archivwuerdigkeit");
    struct aktenplan_aenderung d = {.has_titel = true,
                                    .titel = aseite_feld(&s, "titel"),
                                    .has_beschreibung = true,
                                    .beschreibung = aseite_feld(&s, "beschreibung"),
                                    .has_jahre = true,
                                    .has_wuerdigkeit = true,
                                    .has_aktiv = true,
                                    .is_aktiv = aseite_feld(&s, "aktiv") != NULL};
    if (jahre && *jahre && str_to_int64(str_from(jahre), 0, 200, &j) != ERR_OK)
        j = -2; /* refused by the domain */
    d.aufbewahrung_jahre = (int)j;
    d.archivwuerdigkeit =
        wuerdig && strlen(wuerdig) == 1 ? wuerdig[0] : (wuerdig && *wuerdig ? '?' : 0);
    rc = id ? aktenplan_aendern(s.c, &s.u, &s.auth.actor, id, &d, &f) : ERR_NOTFOUND;
    if (rc == ERR_INVALID)
        return aseite_meldung(r, w, &s, 400, "Ungültige Angabe", f.text ? f.text : "");
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, "/amt/aktenplan?ok=eintrag");
}
