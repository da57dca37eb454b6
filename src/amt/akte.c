/* The file pages: /amt/akten, /amt/akten/{id} (amt/amt.h). */
#include <stdint.h>
#include <string.h>

#include "amt/amt.h"
#include "domain/vorgang.h"
#include "util/str.h"

static json_t *
akte_json(struct http_req *r, const struct akte_row *k)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)k->id,
                     "aktenzeichen", k->aktenzeichen, "titel", k->titel, "status", k->status, "oe",
                     k->oe_name, "plan", k->aktenplan_titel, "vorgaenge",
                     (json_int_t)k->n_vorgaenge, "erstellt", amt_datum(r, k->erstellt));
}

static json_t *
vorgang_json(struct http_req *r, const struct vorgang_row *v)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)v->id, "aktenzeichen",
                     v->aktenzeichen, "betreff", v->betreff, "status",
                     vorgang_status_label(v->status), "geaendert", amt_datum(r, v->geaendert),
                     "aus_antrag", v->antrag_id > 0);
}

int
amt_akten(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct akte_seite ak;
    struct amt_auswahlen aw;
    const char *bad = NULL, *cur = http_query(r, "cursor");
    struct amt_filter f = {.limit = 25, .cursor = cur && *cur ? cur : NULL};
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = akte_liste(s.c, r->arena, &s.auth.actor, &f, &ak, &bad);
    if (rc == ERR_OK)
        rc = amt_auswahl_laden(s.c, r->arena, &s.auth.actor, 0, &aw);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *d = json_object(), *items = json_array(), *plan = json_array(), *oes = json_array();
    for (size_t i = 0; items && i < ak.n; i++)
        json_array_append_new(items, akte_json(r, &ak.items[i]));
    for (size_t i = 0; plan && i < aw.n_plan; i++)
        json_array_append_new(plan, json_pack("{s:I, s:s}", "id", (json_int_t)aw.plan[i].id, "name",
                                              aw.plan[i].name));
    for (size_t i = 0; oes && i < aw.n_oes; i++)
        json_array_append_new(
            oes, json_pack("{s:I, s:s}", "id", (json_int_t)aw.oes[i].id, "name", aw.oes[i].name));
    if (!d || !items || !plan || !oes) {
        json_decref(d);
        json_decref(items);
        json_decref(plan);
        json_decref(oes);
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    json_object_set_new(d, "akten", items);
    json_object_set_new(d, "plan", plan);
    json_object_set_new(d, "oes", oes);
    if (ak.next_cursor)
        json_object_set_new(d, "weiter", json_string(ak.next_cursor));
    return aseite_zeigen(r, w, &s, "amt/akten", "Akten", d);
}

static int
form_fehler(struct http_req *r, struct http_resp *w, struct aseite *s, int rc,
            const struct feld_fehler *f, const char *zurueck)
{
    if (rc != ERR_INVALID || !f->text)
        return aseite_fehler(r, w, s, rc);
    json_t *d = json_pack("{s:s, s:s, s:s}", "ueberschrift", "Bitte prüfen Sie Ihre Angaben",
                          "text", f->text, "zurueck", zurueck);
    rc = aseite_zeigen(r, w, s, "amt/meldung", "Bitte prüfen Sie Ihre Angaben", d);
    if (rc == ERR_OK)
        w->status = 400;
    return rc;
}

int
amt_akte_anlegen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    struct akte_row k;
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    struct akte_neu n = {.aktenplan_id = aseite_feld_id(&s, "aktenplan"),
                         .oe_id = aseite_feld_id(&s, "oe_id"),
                         .titel = aseite_feld(&s, "titel")};
    rc = akte_anlegen(s.c, r->arena, &s.u, &s.auth.actor, &n, &k, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, "/amt/akten");
    const char *ort = arena_printf(r->arena, "/amt/akten/%lld", (long long)k.id);
    return ort ? aseite_weiter(w, &s, ort) : ERR_NOMEM;
}

int
amt_akte(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct akte_row k;
    struct vorgang_row *v = NULL;
    size_t n = 0;
    int64_t id = 0;
    const char *ids = http_param(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (!ids || str_to_int64(str_from(ids), 1, INT64_MAX, &id) != ERR_OK)
        return aseite_fehler(r, w, &s, ERR_NOTFOUND);
    rc = akte_lesen(s.c, r->arena, &s.u, &s.auth.actor, id, &k, &v, &n);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *d = akte_json(r, &k), *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        json_array_append_new(items, vorgang_json(r, &v[i]));
    if (!d || !items) {
        json_decref(d);
        json_decref(items);
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    json_object_set_new(d, "vorgaenge_liste", items);
    json_object_set_new(d, "offen", json_boolean(strcmp(k.status, "offen") == 0));
    json_object_set_new(d, "kennzeichen", json_string(k.aktenplan_kennzeichen));
    return aseite_zeigen(r, w, &s, "amt/akte", k.aktenzeichen, d);
}

int
amt_vorgang_anlegen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    struct vorgang_row v;
    int64_t id = 0;
    const char *ids = http_param(r, "id");
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (!ids || str_to_int64(str_from(ids), 1, INT64_MAX, &id) != ERR_OK)
        return aseite_fehler(r, w, &s, ERR_NOTFOUND);
    const char *zurueck = arena_printf(r->arena, "/amt/akten/%lld", (long long)id);
    if (!zurueck) {
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    struct vorgang_neu n = {.akte_id = id, .betreff = aseite_feld(&s, "betreff")};
    rc = vorgang_anlegen(s.c, r->arena, &s.u, &s.auth.actor, &n, &v, &f);
    if (rc == ERR_INVALID && f.feld && strcmp(f.feld, "akte") == 0)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    const char *ort = arena_printf(r->arena, "/amt/vorgaenge/%lld", (long long)v.id);
    return ort ? aseite_weiter(w, &s, ort) : ERR_NOMEM;
}
