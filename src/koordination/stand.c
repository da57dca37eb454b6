/* A municipality's own reports: building blocks, onboarding checklists, E-Akte stage (reported
 * and derived from the platform) and what blocks going live — for the Gemeinde's staff and
 * the coordinators of its Kreis (domain/gemeinde_stand.h decides). */
#include <string.h>

#include "domain/gemeinde_stand.h"
#include "koordination/koordination.h"

static json_t *
leer_oder(const char *s)
{
    return json_string(s ? s : "");
}

static int
zeigen(struct http_req *r, struct http_resp *w, struct kseite *s, const char *ags,
       const struct feld_fehler *f, const char *formular)
{
    struct gemeinde_stand st;
    int rc = gemeinde_stand_lesen(s->c, r->arena, &s->auth.actor, ags, &st);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, s, rc == ERR_INVALID ? ERR_NOTFOUND : rc);
    json_t *bs = json_array(), *cl = json_array(), *bl = json_array(), *fa = json_array();
    json_t *arten = json_array(), *schritte = json_array(), *stufen = json_array();
    for (size_t i = 0; bs && i < st.n_bausteine; i++) {
        const struct ums_baustein *b = &st.bausteine[i];
        json_array_append_new(bs, json_pack("{s:s, s:s, s:o, s:o}", "art", stand_art_label(b->art),
                                            "name", b->name, "hersteller", leer_oder(b->hersteller),
                                            "seit", leer_oder(b->seit)));
    }
    for (size_t i = 0; cl && i < st.n_schritte; i++) {
        const struct ums_schritt *x = &st.schritte[i];
        json_array_append_new(
            cl,
            json_pack("{s:I, s:s, s:s, s:s, s:o}", "ozg_id", (json_int_t)x->ozg_id, "leistung",
                      st.schritt_leistung[i], "schritt", stand_schritt_label(x->schritt), "status",
                      x->erledigt ? "erledigt" : "offen", "notiz", leer_oder(x->notiz)));
    }
    for (size_t i = 0; bl && i < st.n_blocker; i++) {
        json_t *offen = json_array();
        for (size_t k = 0; offen && k < st.blocker[i].n_offen; k++)
            json_array_append_new(
                offen, json_pack("{s:s}", "schritt", stand_schritt_label(st.blocker[i].offen[k])));
        json_array_append_new(
            bl, json_pack("{s:I, s:s, s:o}", "ozg_id", (json_int_t)st.blocker[i].ozg_id, "leistung",
                          st.blocker[i].leistung, "offen", offen ? offen : json_array()));
    }
    for (size_t i = 0; fa && i < st.n_fehlend; i++)
        json_array_append_new(fa, json_pack("{s:s}", "art", stand_art_label(st.fehlende_arten[i])));
    static const char *const art_namen[] = {"portal",       "formularserver", "bezahlplattform",
                                            "servicekonto", "fachverfahren",  "eakte",
                                            "sonstiges"};
    for (size_t i = 0; arten && i < sizeof(art_namen) / sizeof(art_namen[0]); i++)
        json_array_append_new(arten, json_pack("{s:s, s:s}", "wert", art_namen[i], "label",
                                               stand_art_label(art_namen[i])));
    for (size_t i = 0; schritte && i < STAND_SCHRITTE; i++)
        json_array_append_new(schritte,
                              json_pack("{s:s, s:s}", "wert", stand_schritt_name(i), "label",
                                        stand_schritt_label(stand_schritt_name(i))));
    for (int i = 0; stufen && i < EAKTE_UNBEKANNT; i++)
        json_array_append_new(stufen,
                              json_pack("{s:s, s:s}", "wert", eakte_stufe_name((enum eakte_stufe)i),
                                        "label", eakte_stufe_label((enum eakte_stufe)i)));
    json_t *fe = json_object();
    if (fe && f && f->feld)
        json_object_set_new(fe, f->feld, json_string(f->text));
    json_t *d = json_pack(
        "{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:s, s:o, s:s, s:I, s:I, s:o, s:o, s:o, "
        "s:o, s:s}",
        "ags", st.ags, "name", st.name, "kreis", st.kreis_ags, "kreis_name", st.kreis,
        "darf_melden", st.darf_melden, "bausteine", bs ? bs : json_array(), "checkliste",
        cl ? cl : json_array(), "blocker", bl ? bl : json_array(), "fehlend",
        fa ? fa : json_array(), "eakte", eakte_stufe_label(st.eakte), "eakte_seit",
        leer_oder(st.eakte_seit), "eakte_plattform", eakte_stufe_label(st.eakte_plattform),
        "aemter", (json_int_t)st.aemter, "aemter_mit_akten", (json_int_t)st.aemter_mit_akten,
        "arten", arten ? arten : json_array(), "schritte", schritte ? schritte : json_array(),
        "stufen", stufen ? stufen : json_array(), "fe", fe ? fe : json_object(), "formular",
        formular ? formular : "");
    const char *titel = arena_printf(r->arena, "Stand in %s", st.name);
    if (!titel) {
        json_decref(d);
        kseite_ende(s);
        return ERR_NOMEM;
    }
    rc = kseite_zeigen(r, w, s, "koordination/stand", titel, d);
    if (rc == ERR_OK && f && f->feld)
        w->status = 400;
    return rc;
}

int
koord_stand(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return kseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    return zeigen(r, w, &s, http_param(r, "ags"), NULL, NULL);
}

enum was { BAUSTEIN, SCHRITT, EAKTE };

static int
melden(struct http_req *r, struct http_resp *w, enum was was)
{
    struct kseite s;
    struct feld_fehler f = {0};
    const char *ags = http_param(r, "ags");
    int rc = kseite_post(r, w, &s);
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return w->status ? ERR_OK : rc;
    }
    if (was == BAUSTEIN) {
        const char *h = kseite_feld(&s, "hersteller"), *seit = kseite_feld(&s, "seit");
        rc = gemeinde_baustein_melden(s.c, &s.u, &s.auth.actor, ags, kseite_feld(&s, "art"),
                                      kseite_feld(&s, "name"), h && *h ? h : NULL,
                                      seit && *seit ? seit : NULL, &f);
    } else if (was == SCHRITT) {
        int64_t ozg = 0;
        const char *notiz = kseite_feld(&s, "notiz");
        if (str_to_int64(str_from(kseite_feld(&s, "leistung")), 1, INT64_MAX, &ozg) != ERR_OK)
            ozg = 0;
        const char *st = kseite_feld(&s, "erledigt");
        rc = gemeinde_schritt_melden(s.c, &s.u, &s.auth.actor, ags, ozg, kseite_feld(&s, "schritt"),
                                     st && strcmp(st, "ja") == 0, notiz && *notiz ? notiz : NULL,
                                     &f);
    } else {
        const char *seit = kseite_feld(&s, "seit");
        rc = gemeinde_eakte_melden(s.c, &s.u, &s.auth.actor, ags, kseite_feld(&s, "stufe"),
                                   seit && *seit ? seit : NULL, &f);
    }
    if (rc == ERR_INVALID && f.feld)
        return zeigen(r, w, &s, ags, &f,
                      was == BAUSTEIN  ? "baustein"
                      : was == SCHRITT ? "schritt"
                                       : "eakte");
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc == ERR_INVALID ? ERR_NOTFOUND : rc);
    kseite_ende(&s);
    const char *to = arena_printf(r->arena, "/koordination/gemeinden/%s/stand", ags);
    return to ? http_resp_redirect(w, to) : ERR_NOMEM;
}

int
koord_stand_baustein(struct http_req *r, struct http_resp *w)
{
    return melden(r, w, BAUSTEIN);
}

int
koord_stand_schritt(struct http_req *r, struct http_resp *w)
{
    return melden(r, w, SCHRITT);
}

int
koord_stand_eakte(struct http_req *r, struct http_resp *w)
{
    return melden(r, w, EAKTE);
}
