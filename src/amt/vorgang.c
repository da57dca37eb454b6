/* The case page /amt/vorgaenge/{id} and its forms (amt/amt.h). */
#include "domain/vorgang.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "amt/amt.h"
#include "domain/vermerk.h"
#include "util/str.h"

/* The application's answers as label/value rows: top-level members, values as text. */
static json_t *
antworten_json(const char *daten)
{
    json_error_t err;
    json_t *o = daten ? json_loads(daten, 0, &err) : NULL, *arr = json_array();
    const char *k;
    json_t *v;
    if (!arr || !json_is_object(o)) {
        json_decref(o);
        return arr;
    }
    json_object_foreach(o, k, v)
    {
        char *txt = NULL;
        if (json_is_string(v))
            txt = strdup(json_string_value(v));
        else
            txt = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        json_array_append_new(arr, json_pack("{s:s, s:s}", "feld", k, "wert", txt ? txt : ""));
        free(txt);
    }
    json_decref(o);
    return arr;
}

static bool
ist(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

int
amt_vorgang(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct vorgang_detail d;
    struct amt_auswahlen aw;
    int64_t id = 0;
    const char *ids = http_param(r, "id");
    char heute[11];
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (!ids || str_to_int64(str_from(ids), 1, INT64_MAX, &id) != ERR_OK)
        return aseite_fehler(r, w, &s, ERR_NOTFOUND);
    rc = vorgang_lesen(s.c, r->arena, &s.u, &s.auth.actor, id, &d);
    if (rc == ERR_OK)
        rc = amt_auswahl_laden(s.c, r->arena, &s.auth.actor, d.vorgang.oe_id, &aw);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    antrag_heute(s.u.jetzt, heute);
    const struct vorgang_row *v = &d.vorgang;
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)v->id,
        "aktenzeichen", v->aktenzeichen, "betreff", v->betreff, "status",
        vorgang_status_label(v->status), "akte_id", (json_int_t)v->akte_id, "akte_aktenzeichen",
        v->akte_aktenzeichen, "akte_titel", v->akte_titel, "oe", v->oe_name, "erstellt",
        amt_zeit(r, v->erstellt), "bearbeitung", v->bearbeitung_name ? v->bearbeitung_name : "—");
    json_t *data = json_object(), *vm = json_array(), *wv = json_array(), *dk = json_array(),
           *sbs = json_array(), *ziele = json_array();
    if (!o || !data || !vm || !wv || !dk || !sbs || !ziele) {
        json_decref(o);
        json_decref(data);
        json_decref(vm);
        json_decref(wv);
        json_decref(dk);
        json_decref(sbs);
        json_decref(ziele);
        aseite_ende(&s);
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < d.n_vermerke; i++)
        json_array_append_new(vm,
                              json_pack("{s:s, s:s, s:s}", "text", d.vermerke[i].text, "zeit",
                                        amt_zeit(r, d.vermerke[i].erstellt), "von",
                                        d.vermerke[i].konto_name ? d.vermerke[i].konto_name : "—"));
    for (size_t i = 0; i < d.n_wiedervorlagen; i++) {
        const struct wiedervorlage_row *x = &d.wiedervorlagen[i];
        json_array_append_new(wv, json_pack("{s:I, s:s, s:s, s:b, s:b}", "id", (json_int_t)x->id,
                                            "datum", x->datum, "grund", x->grund, "erledigt",
                                            x->erledigt > 0, "faellig",
                                            !x->erledigt && strcmp(x->datum, heute) <= 0));
    }
    for (size_t i = 0; i < d.n_dokumente; i++)
        json_array_append_new(dk, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)d.dokumente[i].id,
                                            "titel", d.dokumente[i].titel, "version",
                                            (json_int_t)d.dokumente[i].version));
    for (size_t i = 0; i < aw.n_sbs; i++)
        json_array_append_new(sbs, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)aw.sbs[i].id,
                                             "name", aw.sbs[i].name, "ich",
                                             aw.sbs[i].id == s.auth.actor.konto_id));
    /* the status changes the clerk may make here ('beschieden' comes with the decision) */
    static const char *const folge[][3] = {
        {"offen", "in_bearbeitung", "in Bearbeitung nehmen"},
        {"in_bearbeitung", "zda", "zu den Akten (zdA)"},
        {"rueckfrage", "in_bearbeitung", "Rückfrage beantwortet: weiter bearbeiten"},
        {"beschieden", "zda", "zu den Akten (zdA)"},
        {"offen", "zda", "zu den Akten (zdA)"},
    };
    for (size_t i = 0; i < sizeof(folge) / sizeof(folge[0]); i++)
        if (ist(v->status, folge[i][0]))
            json_array_append_new(
                ziele, json_pack("{s:s, s:s}", "wert", folge[i][1], "text", folge[i][2]));
    json_object_set_new(data, "vorgang", o);
    json_object_set_new(data, "vermerke", vm);
    json_object_set_new(data, "wiedervorlagen", wv);
    json_object_set_new(data, "dokumente", dk);
    json_object_set_new(data, "sbs", sbs);
    json_object_set_new(data, "ziele", ziele);
    json_object_set_new(data, "tab_uebersicht", json_true());
    json_object_set_new(data, "aktiv", json_boolean(!ist(v->status, "zda")));
    json_object_set_new(data, "heute", json_string(heute));
    if (d.has_antrag) {
        json_t *vl = json_array(), *na = json_array();
        for (size_t i = 0; vl && i < d.n_verlauf; i++)
            json_array_append_new(
                vl, json_pack("{s:s, s:s, s:s}", "status", antrag_status_text(d.verlauf[i].status),
                              "zeit", amt_zeit(r, d.verlauf[i].zeitpunkt), "bemerkung",
                              d.verlauf[i].bemerkung ? d.verlauf[i].bemerkung : ""));
        for (size_t i = 0; na && i < d.n_nachrichten; i++) {
            const struct nachricht *m = &d.nachrichten[i];
            json_array_append_new(na, json_pack("{s:s, s:s, s:s, s:b}", "betreff", m->betreff,
                                                "text", m->text, "zeit", amt_zeit(r, m->erstellt),
                                                "vom_buerger", ist(m->richtung, "an_behoerde")));
        }
        json_object_set_new(
            data, "antrag",
            json_pack(
                "{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b}", "id", (json_int_t)d.antrag.id,
                "leistung", d.antrag.leistung_name ? d.antrag.leistung_name : d.antrag.leistung_id,
                "gemeinde", d.antrag.gemeinde_name ? d.antrag.gemeinde_name : "", "eingereicht",
                amt_zeit(r, d.antrag.eingereicht), "nummer",
                d.eingangsnummer ? d.eingangsnummer : "", "antworten",
                antworten_json(d.antrag_daten), "verlauf", vl ? vl : json_array(), "nachrichten",
                na ? na : json_array(), "rueckfrage_moeglich",
                d.antrag.konto_id > 0 && !ist(v->status, "beschieden") && !ist(v->status, "zda")));
    }
    return aseite_zeigen(r, w, &s, "amt/vorgang", v->aktenzeichen, data);
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

/* POST on /amt/vorgaenge/{id}/...: id, form, and the case page to go back to. */
static int
post_beginn(struct http_req *r, struct http_resp *w, struct aseite *s, int64_t *id,
            const char **zurueck)
{
    const char *ids = http_param(r, "id");
    int rc = aseite_post(r, w, s);
    if (rc != ERR_OK)
        return rc;
    if (s->auth.actor.konto_id <= 0)
        rc = ERR_UNAUTHORIZED;
    else if (!ids || str_to_int64(str_from(ids), 1, INT64_MAX, id) != ERR_OK)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK) {
        int wr = aseite_fehler(r, w, s, rc);
        return wr == ERR_OK ? rc : wr;
    }
    *zurueck = arena_printf(r->arena, "/amt/vorgaenge/%lld", (long long)*id);
    if (!*zurueck) {
        aseite_ende(s);
        return ERR_NOMEM;
    }
    return ERR_OK;
}

#define POST_BEGINN(r, w, s, id, z)                                                                \
    do {                                                                                           \
        int rc_ = post_beginn((r), (w), (s), (id), (z));                                           \
        if (rc_ != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : rc_;                                                     \
    } while (0)

int
amt_vorgang_status(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    const char *zurueck = NULL;
    int64_t id = 0;
    POST_BEGINN(r, w, &s, &id, &zurueck);
    const char *status = aseite_feld(&s, "status");
    if (!vorgang_is_status(status))
        return aseite_fehler(r, w, &s, ERR_INVALID);
    int rc =
        vorgang_status_aendern(s.c, &s.u, &s.auth.actor, id, status, aseite_feld(&s, "bemerkung"));
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_vorgang_vermerk(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    const char *zurueck = NULL;
    int64_t id = 0, vid = 0;
    POST_BEGINN(r, w, &s, &id, &zurueck);
    int rc = vermerk_schreiben(s.c, &s.u, &s.auth.actor, id, aseite_feld(&s, "text"), &vid, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_vorgang_wiedervorlage(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    const char *zurueck = NULL;
    int64_t id = 0, wid = 0;
    POST_BEGINN(r, w, &s, &id, &zurueck);
    const char *datum = aseite_feld(&s, "datum");
    if (datum && strlen(datum) == 10 && datum[2] == '.' && datum[5] == '.')
        datum = arena_printf(r->arena, "%.4s-%.2s-%.2s", datum + 6, datum + 3, datum);
    int rc = wiedervorlage_setzen(s.c, &s.u, &s.auth.actor, id, datum, aseite_feld(&s, "grund"),
                                  aseite_feld_id(&s, "konto_id"), &wid, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_vorgang_rueckfrage(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    const char *zurueck = NULL;
    int64_t id = 0, nid = 0;
    POST_BEGINN(r, w, &s, &id, &zurueck);
    int rc = rueckfrage_stellen(s.c, r->arena, &s.u, &s.auth.actor, id, aseite_feld(&s, "text"),
                                &nid, &f);
    if (rc != ERR_OK)
        return form_fehler(r, w, &s, rc, &f, zurueck);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_wiedervorlage_erledigt(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    const char *zurueck = NULL;
    int64_t id = 0;
    POST_BEGINN(r, w, &s, &id, &zurueck);
    int rc = wiedervorlage_erledigen(s.c, &s.u, &s.auth.actor, id);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    const char *z = aseite_feld(&s, "zurueck");
    /* only our own pages: a path under /amt */
    if (z && strncmp(z, "/amt", 4) == 0 && !strpbrk(z, "\\:") && strncmp(z, "//", 2) != 0 &&
        strlen(z) < 200)
        return aseite_weiter(w, &s, z);
    return aseite_weiter(w, &s, "/amt");
}
