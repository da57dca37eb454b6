/* The office inbox pages: /amt/posteingang (amt/amt.h). */
#include <stdint.h>
#include <string.h>

#include "amt/amt.h"
#include "app.h"
#include "domain/antrag_einreichung.h"
#include "domain/eingang.h"
#include "http/multipart.h"
#include "util/str.h"

static json_t *
auswahl_json(const struct amt_auswahl *x, size_t n, int64_t gewaehlt)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)x[i].id, "name",
                                           x[i].name, "gewaehlt", x[i].id == gewaehlt));
    return a;
}

static json_t *
eintrag_json(struct http_req *r, const struct eingang_row *e)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id", (json_int_t)e->id, "betreff",
                  e->betreff, "art", e->art, "status", posteingang_status_label(e->status), "oe",
                  e->oe_name, "eingegangen", amt_zeit(r, e->eingegangen), "offen",
                  strcmp(e->status, "neu") == 0 || strcmp(e->status, "zugewiesen") == 0,
                  "ist_dokument", strcmp(e->art, "dokument") == 0);
    if (!o)
        return NULL;
    if (e->zugewiesen_name)
        json_object_set_new(o, "zugewiesen", json_string(e->zugewiesen_name));
    if (e->vorgang_id > 0) {
        json_object_set_new(o, "vorgang_id", json_integer(e->vorgang_id));
        json_object_set_new(o, "vorgang_aktenzeichen",
                            json_string(e->vorgang_aktenzeichen ? e->vorgang_aktenzeichen : ""));
    }
    if (e->notiz)
        json_object_set_new(o, "notiz", json_string(e->notiz));
    if (e->dateiname)
        json_object_set_new(o, "dateiname", json_string(e->dateiname));
    if (e->antrag_id > 0)
        json_object_set_new(o, "antrag_id", json_integer(e->antrag_id));
    return o;
}

static const char *
leer_null(const char *s)
{
    return s && *s ? s : NULL;
}

int
amt_posteingang(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct posteingang_seite pe;
    const char *bad = NULL;
    struct posteingang_filter f = {.status = leer_null(http_query(r, "status")),
                                   .leistung_id = leer_null(http_query(r, "leistung")),
                                   .von = leer_null(http_query(r, "von")),
                                   .bis = leer_null(http_query(r, "bis")),
                                   .bearbeitung = leer_null(http_query(r, "bearbeitung")),
                                   .sort = leer_null(http_query(r, "sort")),
                                   .limit = 25,
                                   .cursor = leer_null(http_query(r, "cursor"))};
    const char *oe = leer_null(http_query(r, "oe"));
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (oe && str_to_int64(str_from(oe), 1, INT64_MAX, &f.oe_id) != ERR_OK)
        return aseite_fehler(r, w, &s, ERR_INVALID);
    rc = posteingang_liste(s.c, r->arena, &s.auth.actor, &f, &pe, &bad);
    struct amt_auswahlen aw;
    if (rc == ERR_OK)
        rc = amt_auswahl_laden(s.c, r->arena, &s.auth.actor, 0, &aw);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *d = json_object(), *items = json_array();
    for (size_t i = 0; items && i < pe.n; i++)
        json_array_append_new(items, eintrag_json(r, &pe.items[i]));
    if (!d || !items) {
        json_decref(d);
        json_decref(items);
        return ERR_NOMEM;
    }
    json_object_set_new(d, "eintraege", items);
    json_object_set_new(d, "oes", auswahl_json(aw.oes, aw.n_oes, f.oe_id));
    json_object_set_new(d, "n_neu", json_integer(pe.zaehler.neu));
    json_object_set_new(d, "n_zugewiesen", json_integer(pe.zaehler.zugewiesen));
    json_object_set_new(d, "n_uebernommen", json_integer(pe.zaehler.uebernommen));
    json_object_set_new(d, "n_erledigt", json_integer(pe.zaehler.erledigt));
    json_object_set_new(d, "f",
                        json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:b, s:b, s:b}",
                                  "leistung", f.leistung_id ? f.leistung_id : "", "von",
                                  f.von ? f.von : "", "bis", f.bis ? f.bis : "", "oe", oe ? oe : "",
                                  "status", f.status ? f.status : "", "s_neu",
                                  f.status && strcmp(f.status, "neu") == 0, "s_zugewiesen",
                                  f.status && strcmp(f.status, "zugewiesen") == 0, "s_uebernommen",
                                  f.status && strcmp(f.status, "uebernommen") == 0, "b_ich",
                                  f.bearbeitung && strcmp(f.bearbeitung, "ich") == 0, "b_niemand",
                                  f.bearbeitung && strcmp(f.bearbeitung, "niemand") == 0,
                                  "aelteste", f.sort && strcmp(f.sort, "aelteste") == 0,
                                  "s_erledigt", f.status && strcmp(f.status, "erledigt") == 0));
    if (pe.next_cursor)
        json_object_set_new(d, "weiter", json_string(pe.next_cursor));
    json_object_set_new(d, "sort", json_string(f.sort ? f.sort : ""));
    json_object_set_new(d, "bearbeitung", json_string(f.bearbeitung ? f.bearbeitung : ""));
    return aseite_zeigen(r, w, &s, "amt/posteingang", "Posteingang", d);
}

int
amt_posteingang_eintrag(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct eingang_row e;
    struct amt_auswahlen aw;
    int64_t id = 0;
    const char *ids = http_param(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (!ids || str_to_int64(str_from(ids), 1, INT64_MAX, &id) != ERR_OK)
        return aseite_fehler(r, w, &s, ERR_NOTFOUND);
    rc = posteingang_lesen(s.c, r->arena, &s.u, &s.auth.actor, id, &e);
    if (rc == ERR_OK)
        rc = amt_auswahl_laden(s.c, r->arena, &s.auth.actor, e.oe_id, &aw);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *d = json_object();
    if (!d)
        return ERR_NOMEM;
    json_object_set_new(d, "e", eintrag_json(r, &e));
    json_object_set_new(d, "akten", auswahl_json(aw.akten, aw.n_akten, 0));
    json_object_set_new(d, "plan", auswahl_json(aw.plan, aw.n_plan, 0));
    json_object_set_new(d, "sbs", auswahl_json(aw.sbs, aw.n_sbs, e.zugewiesen_konto_id));
    json_t *oes = json_array();
    for (size_t i = 0; oes && i < aw.n_oes; i++)
        if (aw.oes[i].id != e.oe_id)
            json_array_append_new(oes, json_pack("{s:I, s:s}", "id", (json_int_t)aw.oes[i].id,
                                                 "name", aw.oes[i].name));
    json_object_set_new(d, "oes", oes);
    return aseite_zeigen(r, w, &s, "amt/posteingang_eintrag", e.betreff, d);
}

/* The error of a form: the field's text on a 400 page with a link back. */
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

/* POST pages on /amt/posteingang/{id}: the id and the form. */
static int
post_beginn(struct http_req *r, struct http_resp *w, struct aseite *s, int64_t *id)
{
    const char *ids = http_param(r, "id");
    int rc = aseite_post(r, w, s);
    if (rc != ERR_OK)
        return rc;
    if (s->auth.actor.konto_id <= 0) {
        rc = aseite_fehler(r, w, s, ERR_UNAUTHORIZED);
        return rc == ERR_OK ? ERR_UNAUTHORIZED : rc;
    }
    if (!ids || str_to_int64(str_from(ids), 1, INT64_MAX, id) != ERR_OK) {
        rc = aseite_fehler(r, w, s, ERR_NOTFOUND);
        return rc == ERR_OK ? ERR_NOTFOUND : rc;
    }
    return ERR_OK;
}

#define POST_BEGINN(r, w, s, id)                                                                   \
    do {                                                                                           \
        int rc_ = post_beginn((r), (w), (s), (id));                                                \
        if (rc_ != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : rc_;                                                     \
    } while (0)

int
amt_posteingang_uebernehmen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    struct vorgang_row v;
    int64_t id = 0;
    POST_BEGINN(r, w, &s, &id);
    int64_t akte = aseite_feld_id(&s, "akte");
    struct akte_neu neu = {.aktenplan_id = aseite_feld_id(&s, "aktenplan"),
                           .titel = aseite_feld(&s, "titel")};
    const char *zurueck = arena_printf(r->arena, "/amt/posteingang/%lld", (long long)id);
    if (!zurueck) {
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    int rc = posteingang_uebernehmen(s.c, r->arena, &s.u, &s.auth.actor, id, akte,
                                     akte > 0 ? NULL : &neu, &v, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    const char *ort = arena_printf(r->arena, "/amt/vorgaenge/%lld", (long long)v.id);
    return ort ? aseite_weiter(w, &s, ort) : ERR_NOMEM;
}

int
amt_posteingang_zuweisen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    int64_t id = 0;
    POST_BEGINN(r, w, &s, &id);
    const char *zurueck = arena_printf(r->arena, "/amt/posteingang/%lld", (long long)id);
    if (!zurueck) {
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    int64_t konto = aseite_feld_id(&s, "konto_id");
    int rc = posteingang_zuweisen(s.c, &s.u, &s.auth.actor, id, konto, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, "/amt/posteingang");
}

int
amt_posteingang_weiterleiten(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    int64_t id = 0;
    POST_BEGINN(r, w, &s, &id);
    const char *zurueck = arena_printf(r->arena, "/amt/posteingang/%lld", (long long)id);
    if (!zurueck) {
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    int rc = posteingang_weiterleiten(s.c, r->arena, &s.u, &s.auth.actor, id,
                                      aseite_feld_id(&s, "oe_id"), aseite_feld(&s, "notiz"), &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, "/amt/posteingang");
}

static const char *
teil_text(struct arena *a, const struct multipart_teil *t, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, name) == 0 && !t[i].dateiname && t[i].len <= 4096)
            return arena_strndup(a, t[i].daten, t[i].len);
    return NULL;
}

int
amt_posteingang_hochladen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL;
    struct feld_fehler f = {0};
    struct posteingang_dokument_neu d = {0};
    char typ[128];
    int64_t id = 0;
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    rc = b ? multipart_parse(r->arena, b, r->body, r->body_len, 8, &t, &n, &grund) : ERR_INVALID;
    if (rc == ERR_NOMEM) {
        aseite_ende(&s);
        return rc;
    }
    /* no readable form means no CSRF token: refused like any form without one */
    rc = aseite_csrf(r, w, &s, rc == ERR_OK ? teil_text(r->arena, t, n, "csrf") : NULL);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    const struct multipart_teil *datei = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].name, "datei") == 0 && t[i].dateiname)
            datei = &t[i];
    const char *oe = teil_text(r->arena, t, n, "oe_id");
    if (oe && *oe && str_to_int64(str_from(oe), 1, INT64_MAX, &d.oe_id) != ERR_OK)
        d.oe_id = -1;
    d.betreff = teil_text(r->arena, t, n, "betreff");
    d.notiz = teil_text(r->arena, t, n, "notiz");
    if (datei && *datei->dateiname) {
        d.dateiname = datei->dateiname;
        d.inhalt = datei->daten;
        d.len = datei->len;
        if (datei->len > 0) {
            rc = einreichung_dateityp(r->app->einreichung, datei->daten, datei->len, typ,
                                      sizeof(typ));
            if (rc != ERR_OK) {
                aseite_ende(&s);
                return rc;
            }
            d.typ = typ;
        }
    }
    if (d.oe_id < 0)
        f = (struct feld_fehler){"oe_id", "Bitte wählen Sie die Organisationseinheit."};
    else if (!d.dateiname)
        f = (struct feld_fehler){"datei", "Bitte wählen Sie eine Datei."};
    rc = f.feld ? ERR_INVALID
                : posteingang_dokument(s.c, r->arena, &s.u, &s.auth.actor, &d, &id, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, "/amt/posteingang");
    return aseite_weiter(w, &s, "/amt/posteingang");
}
