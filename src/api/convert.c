#include "api/convert.h"

#include <string.h>

#include "api/json.h"

/* Set key to a new value; a NULL value (OOM) makes the whole object fail. */
static bool
put(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

static json_t *
finish(json_t *o, bool ok)
{
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Parse a JSON array stored as text; an empty array for NULL or bad text. */
static json_t *
json_list(const char *text)
{
    if (!text)
        return json_array();
    json_t *v = json_loads(text, 0, NULL);
    if (!json_is_array(v)) {
        json_decref(v);
        return json_array();
    }
    return v;
}

/* Lines of text as a JSON array of strings. */
static json_t *
json_lines(const char *text)
{
    json_t *arr = json_array();
    if (!arr || !text)
        return arr;
    if (text[0] == '[')
        return (json_decref(arr), json_list(text));
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len && json_array_append_new(arr, json_stringn(p, len)) != 0) {
            json_decref(arr);
            return NULL;
        }
        p += len;
        if (*p)
            p++;
    }
    return arr;
}

json_t *
json_regierungsbezirk(const struct regierungsbezirk *r)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok = put(o, "ags", api_str(r->ags)) && put(o, "name", api_str(r->name)) &&
              put(o, "sitz", api_str(r->sitz)) && put(o, "einwohner", json_integer(r->einwohner)) &&
              put(o, "anzahl_kreise", json_integer(r->n_kreise)) &&
              put(o, "anzahl_gemeinden", json_integer(r->n_gemeinden));
    return finish(o, ok);
}

json_t *
json_kreis(const struct kreis *k)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok =
        put(o, "ags", api_str(k->ags)) && put(o, "name", api_str(k->name)) &&
        put(o, "typ", api_str(k->typ)) && put(o, "verwaltungssitz", api_str(k->verwaltungssitz)) &&
        put(o, "regierungsbezirk_ags", api_str(k->regierungsbezirk_ags)) &&
        put(o, "regierungsbezirk", api_str(k->regierungsbezirk)) &&
        put(o, "region", api_str(k->region)) && put(o, "einwohner", json_integer(k->einwohner)) &&
        put(o, "anzahl_gemeinden", json_integer(k->n_gemeinden)) &&
        put(o, "flaeche_km2", json_real(k->flaeche_km2));
    return finish(o, ok);
}

json_t *
json_gemeinde(const struct gemeinde *g)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok = put(o, "ags", api_str(g->ags)) && put(o, "ars", api_str(g->ars)) &&
              put(o, "name", api_str(g->name)) && put(o, "name_kurz", api_str(g->name_kurz)) &&
              put(o, "typ", api_str(g->typ)) && put(o, "plz", api_str(g->plz)) &&
              put(o, "kreis_ags", api_str(g->kreis_ags)) && put(o, "kreis", api_str(g->kreis)) &&
              put(o, "regierungsbezirk_ags", api_str(g->regierungsbezirk_ags)) &&
              put(o, "regierungsbezirk", api_str(g->regierungsbezirk)) &&
              put(o, "verband_ars", api_str(g->verband_ars)) &&
              put(o, "verband", api_str(g->verband)) &&
              put(o, "einwohner", json_integer(g->einwohner)) &&
              put(o, "flaeche_km2", json_real(g->flaeche_km2));
    return finish(o, ok);
}

json_t *
json_leistung(const struct leistung *l, bool full)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok = put(o, "id", api_str(l->id)) && put(o, "leika", api_str(l->leika)) &&
              put(o, "name", api_str(l->name)) &&
              put(o, "ozg_id", l->ozg_id ? json_integer(l->ozg_id) : json_null()) &&
              put(o, "ozg_leistung", api_str(l->ozg_leistung)) &&
              put(o, "themenfeld", api_str(l->themenfeld)) &&
              put(o, "lebenslage", api_str(l->lebenslage)) && put(o, "ebene", api_str(l->ebene)) &&
              put(o, "kurztext", api_str(l->kurztext)) && put(o, "demo", json_boolean(l->is_demo));
    if (ok && full)
        ok = put(o, "typisierung", api_str(l->typisierung)) &&
             put(o, "volltext", api_str(l->volltext)) &&
             put(o, "berechtigte", api_str(l->berechtigte)) &&
             put(o, "unterlagen", json_list(l->unterlagen)) &&
             put(o, "kosten", api_str(l->kosten)) &&
             put(o, "bearbeitungsdauer", api_str(l->bearbeitungsdauer)) &&
             put(o, "fristen", api_str(l->fristen)) &&
             put(o, "rechtsgrundlage", api_str(l->rechtsgrundlage)) &&
             put(o, "rechtsgrundlagen", json_list(l->rechtsgrundlagen));
    return finish(o, ok);
}

json_t *
json_stelle(const struct stelle *s)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_t *od = json_null();
    if (s->onlinedienst_url) {
        od = json_object();
        if (od && !(put(od, "name", api_str(s->onlinedienst_name)) &&
                    put(od, "url", api_str(s->onlinedienst_url)) &&
                    put(od, "reifegrad", json_integer(s->reifegrad)) &&
                    put(od, "seit", api_str(s->onlinedienst_seit)))) {
            json_decref(od);
            od = NULL;
        }
    }
    bool ok = put(o, "organisationseinheit_id", json_integer(s->oe_id)) &&
              put(o, "organisationseinheit", api_str(s->oe_name)) &&
              put(o, "behoerde_id", json_integer(s->behoerde_id)) &&
              put(o, "behoerde", api_str(s->behoerde_name)) &&
              put(o, "gebiet_ags", api_str(s->gebiet_ags)) &&
              put(o, "strasse", api_str(s->strasse)) && put(o, "plz", api_str(s->plz)) &&
              put(o, "ort", api_str(s->ort)) && put(o, "telefon", api_str(s->telefon)) &&
              put(o, "email", api_str(s->email)) && put(o, "webseite", api_str(s->webseite)) &&
              put(o, "oeffnungszeiten", json_lines(s->oeffnungszeiten)) &&
              put(o, "onlinedienst", od) && put(o, "demo", json_boolean(s->is_demo));
    return finish(o, ok);
}

json_t *
json_behoerde(const struct behoerde *b)
{
    json_t *o = json_object();
    json_t *oes = json_array();
    if (!o || !oes) {
        json_decref(o);
        json_decref(oes);
        return NULL;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < b->n_oes; i++) {
        const struct organisationseinheit *e = &b->oes[i];
        json_t *eo = json_object();
        ok = eo && put(eo, "id", json_integer(e->id)) && put(eo, "name", api_str(e->name)) &&
             put(eo, "strasse", api_str(e->strasse)) && put(eo, "plz", api_str(e->plz)) &&
             put(eo, "ort", api_str(e->ort)) && put(eo, "telefon", api_str(e->telefon)) &&
             put(eo, "email", api_str(e->email)) &&
             put(eo, "oeffnungszeiten", json_lines(e->oeffnungszeiten));
        if (ok)
            ok = json_array_append_new(oes, eo) == 0;
        else
            json_decref(eo);
    }
    if (!ok) {
        json_decref(oes);
        json_decref(o);
        return NULL;
    }
    ok = put(o, "id", json_integer(b->id)) && put(o, "name", api_str(b->name)) &&
         put(o, "art", api_str(b->art)) && put(o, "gemeinde_ags", api_str(b->gemeinde_ags)) &&
         put(o, "kreis_ags", api_str(b->kreis_ags)) && put(o, "strasse", api_str(b->strasse)) &&
         put(o, "plz", api_str(b->plz)) && put(o, "ort", api_str(b->ort)) &&
         put(o, "telefon", api_str(b->telefon)) && put(o, "email", api_str(b->email)) &&
         put(o, "webseite", api_str(b->webseite)) && put(o, "demo", json_boolean(b->is_demo)) &&
         put(o, "organisationseinheiten", oes);
    return finish(o, ok);
}

json_t *
json_online_angebot(const struct online_angebot *a)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    bool ok = put(o, "leistung_id", api_str(a->leistung_id)) &&
              put(o, "leistung", api_str(a->leistung_name)) && put(o, "name", api_str(a->name)) &&
              put(o, "url", api_str(a->url)) && put(o, "reifegrad", json_integer(a->reifegrad)) &&
              put(o, "seit", api_str(a->seit)) && put(o, "behoerde", api_str(a->behoerde_name));
    return finish(o, ok);
}
