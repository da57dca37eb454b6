/* GET /api/v1/umsetzung/gemeinden/{ags} (building blocks, checklists, E-Akte reported and
 * derived, what blocks going live) and POST .../bausteine, .../checkliste, .../eakte. */
#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "api/koordination.h"
#include "domain/gemeinde_stand.h"
#include "domain/umsetzung.h"

static json_t *
stand_json(const struct gemeinde_stand *s)
{
    json_t *bs = json_array(), *cl = json_array(), *bl = json_array(), *fa = json_array();
    for (size_t i = 0; bs && i < s->n_bausteine; i++) {
        const struct ums_baustein *b = &s->bausteine[i];
        json_array_append_new(bs, json_pack("{s:s, s:s, s:o, s:o, s:I}", "art", b->art, "name",
                                            b->name, "hersteller", api_str(b->hersteller), "seit",
                                            api_str(b->seit), "gemeldet_am",
                                            (json_int_t)b->gemeldet_am));
    }
    for (size_t i = 0; cl && i < s->n_schritte; i++) {
        const struct ums_schritt *x = &s->schritte[i];
        json_array_append_new(cl, json_pack("{s:I, s:s, s:s, s:b, s:o, s:I}", "leistung",
                                            (json_int_t)x->ozg_id, "leistung_name",
                                            s->schritt_leistung[i], "schritt", x->schritt,
                                            "erledigt", x->erledigt, "notiz", api_str(x->notiz),
                                            "geaendert", (json_int_t)x->geaendert));
    }
    for (size_t i = 0; bl && i < s->n_blocker; i++) {
        json_t *offen = json_array();
        for (size_t k = 0; offen && k < s->blocker[i].n_offen; k++)
            json_array_append_new(offen, json_string(s->blocker[i].offen[k]));
        json_array_append_new(bl, json_pack("{s:I, s:s, s:o}", "leistung",
                                            (json_int_t)s->blocker[i].ozg_id, "leistung_name",
                                            s->blocker[i].leistung, "offen",
                                            offen ? offen : json_array()));
    }
    for (size_t i = 0; fa && i < s->n_fehlend; i++)
        json_array_append_new(fa, json_string(s->fehlende_arten[i]));
    json_t *gemeldet =
        s->eakte == EAKTE_UNBEKANNT
            ? json_null()
            : json_pack("{s:s, s:o, s:I}", "stufe", eakte_stufe_name(s->eakte), "seit",
                        api_str(s->eakte_seit), "gemeldet_am", (json_int_t)s->eakte_gemeldet_am);
    json_t *plattform =
        json_pack("{s:s, s:I, s:I}", "stufe", eakte_stufe_name(s->eakte_plattform), "aemter",
                  (json_int_t)s->aemter, "aemter_mit_akten", (json_int_t)s->aemter_mit_akten);
    return json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:{s:o, s:o}, s:{s:o, s:o}}", "gemeinde",
                     s->ags, "name", s->name, "kreis", s->kreis_ags, "kreis_name", s->kreis,
                     "darf_melden", s->darf_melden, "bausteine", bs ? bs : json_array(),
                     "checkliste", cl ? cl : json_array(), "eakte", "gemeldet",
                     gemeldet ? gemeldet : json_null(), "plattform",
                     plattform ? plattform : json_null(), "blockiert", "leistungen",
                     bl ? bl : json_array(), "fehlende_bausteine", fa ? fa : json_array());
}

int
api_gemeinde_stand(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct gemeinde_stand s;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = gemeinde_stand_lesen(x.c, r->arena, &x.auth.actor, http_param(r, "ags"), &s);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID) {
        struct feld_fehler f = {"ags", "ags ist der achtstellige Gemeindeschlüssel (AGS)."};
        return api_konto_fehler(w, rc, &f);
    }
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 200, stand_json(&s));
}

/* A string member: *out NULL when absent or null; false when it has another type. */
static bool
str_of(json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    *out = json_string_value(v);
    return json_is_string(v);
}

enum was { BAUSTEIN, SCHRITT, EAKTE };

static int
melden(struct http_req *r, struct http_resp *w, enum was was)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    const char *ags = http_param(r, "ags"), *a = NULL, *b = NULL, *c = NULL, *d = NULL;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    int64_t bid;
    rc = umsetzung_darf_melden(x.c, &x.auth.actor, ags, &bid); /* before reading the body */
    if (rc == ERR_FORBIDDEN) { /* who may not even read it: as if it did not exist */
        struct umsetzung_gebiet g = {.gemeinde_ags = ags};
        const char *bad = NULL;
        if (umsetzung_darf_lesen(&x.auth.actor, &g, &bad) != ERR_OK)
            rc = ERR_NOTFOUND;
    }
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        struct feld_fehler fa = {"ags", "ags ist der achtstellige Gemeindeschlüssel (AGS)."};
        return api_konto_fehler(w, rc, rc == ERR_INVALID ? &fa : NULL);
    }
    rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    if (was == BAUSTEIN) {
        if (!str_of(body, "art", &a) || !a)
            f = (struct feld_fehler){"art", "art (Text) fehlt."};
        else if (!str_of(body, "name", &b) || !b)
            f = (struct feld_fehler){"name", "name (Text) fehlt."};
        else if (!str_of(body, "hersteller", &c))
            f = (struct feld_fehler){"hersteller", "hersteller ist ein Text."};
        else if (!str_of(body, "seit", &d))
            f = (struct feld_fehler){"seit", "seit ist ein Datum (JJJJ-MM-TT)."};
        else
            rc = gemeinde_baustein_melden(x.c, &x.u, &x.auth.actor, ags, a, b, c, d, &f);
    } else if (was == SCHRITT) {
        json_t *jl = json_object_get(body, "leistung"), *je = json_object_get(body, "erledigt");
        if (!json_is_integer(jl))
            f = (struct feld_fehler){"leistung", "leistung (Zahl, OZG-ID) fehlt."};
        else if (!str_of(body, "schritt", &a) || !a)
            f = (struct feld_fehler){"schritt", "schritt (Text) fehlt."};
        else if (!json_is_boolean(je))
            f = (struct feld_fehler){"erledigt", "erledigt ist true oder false."};
        else if (!str_of(body, "notiz", &b))
            f = (struct feld_fehler){"notiz", "notiz ist ein Text."};
        else
            rc = gemeinde_schritt_melden(x.c, &x.u, &x.auth.actor, ags,
                                         (int64_t)json_integer_value(jl), a, json_is_true(je), b,
                                         &f);
    } else {
        if (!str_of(body, "stufe", &a) || !a)
            f = (struct feld_fehler){"stufe", "stufe (Text) fehlt."};
        else if (!str_of(body, "seit", &b))
            f = (struct feld_fehler){"seit", "seit ist ein Datum (JJJJ-MM-TT)."};
        else
            rc = gemeinde_eakte_melden(x.c, &x.u, &x.auth.actor, ags, a, b, &f);
    }
    if (f.feld && rc == ERR_OK)
        rc = ERR_INVALID;
    if (rc == ERR_INVALID && !f.feld)
        f = (struct feld_fehler){"ags", "ags ist der achtstellige Gemeindeschlüssel (AGS)."};
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        json_decref(body);
        return api_konto_fehler(w, rc, &f);
    }
    struct gemeinde_stand s;
    rc = gemeinde_stand_lesen(x.c, r->arena, &x.auth.actor, ags, &s);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 201, stand_json(&s));
}

int
api_gemeinde_baustein(struct http_req *r, struct http_resp *w)
{
    return melden(r, w, BAUSTEIN);
}

int
api_gemeinde_schritt(struct http_req *r, struct http_resp *w)
{
    return melden(r, w, SCHRITT);
}

int
api_gemeinde_eakte(struct http_req *r, struct http_resp *w)
{
    return melden(r, w, EAKTE);
}
