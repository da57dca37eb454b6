/* /api/v1/akten, /api/v1/vorgaenge, /api/v1/wiedervorlagen: files, cases and the clerk's
 * follow-ups (api/amt.h). */
#include <stdint.h>
#include <string.h>

#include "api/amt.h"
#include "api/json.h"
#include "api/konto.h"
#include "domain/vermerk.h"
#include "domain/vorgang.h"
#include "util/str.h"

static json_t *
id_or_null(int64_t id)
{
    return id > 0 ? json_integer(id) : json_null();
}

int
api_amt_fehler(struct http_resp *w, int rc, const struct feld_fehler *f)
{
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Nicht möglich",
                           "Das lässt der Zustand nicht zu (schon erledigt, geschlossen oder "
                           "inzwischen von jemand anderem geändert).",
                           NULL);
    return api_konto_fehler(w, rc, f);
}

static json_t *
akte_json(const struct akte_row *k)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:I, s:I, s:I}", "id",
                     (json_int_t)k->id, "aktenzeichen", k->aktenzeichen, "titel", k->titel,
                     "status", k->status, "oe_id", (json_int_t)k->oe_id, "oe", k->oe_name,
                     "aktenplan_id", (json_int_t)k->aktenplan_id, "aktenplan_kennzeichen",
                     k->aktenplan_kennzeichen, "aktenplan_titel", k->aktenplan_titel, "erstellt",
                     (json_int_t)k->erstellt, "geaendert", (json_int_t)k->geaendert, "vorgaenge",
                     (json_int_t)k->n_vorgaenge);
}

json_t *
api_amt_vorgang_json(const struct vorgang_row *v)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:s, s:I, s:I}", "id", (json_int_t)v->id,
        "aktenzeichen", v->aktenzeichen, "betreff", v->betreff, "status", v->status, "status_text",
        vorgang_status_label(v->status), "akte_id", (json_int_t)v->akte_id, "akte_aktenzeichen",
        v->akte_aktenzeichen, "akte_titel", v->akte_titel, "oe_id", (json_int_t)v->oe_id, "oe",
        v->oe_name, "erstellt", (json_int_t)v->erstellt, "geaendert", (json_int_t)v->geaendert);
    if (o) {
        json_object_set_new(o, "antrag_id", id_or_null(v->antrag_id));
        json_object_set_new(o, "leistung", api_str(v->leistung_id));
        json_object_set_new(o, "bearbeitung", id_or_null(v->bearbeitung_konto_id));
        json_object_set_new(o, "bearbeitung_email", api_str(v->bearbeitung_name));
    }
    return o;
}

static json_t *
wv_json(const struct wiedervorlage_row *x)
{
    json_t *o =
        json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s, s:I}", "id", (json_int_t)x->id, "vorgang_id",
                  (json_int_t)x->vorgang_id, "vorgang_aktenzeichen", x->vorgang_aktenzeichen,
                  "vorgang_betreff", x->vorgang_betreff, "datum", x->datum, "konto_id",
                  (json_int_t)x->konto_id, "grund", x->grund, "erstellt", (json_int_t)x->erstellt);
    if (o)
        json_object_set_new(o, "erledigt", id_or_null(x->erledigt));
    return o;
}

/* Append what `mk` makes of each element; false on OOM. */
#define APPEND_ALL(arr, items, n, mk)                                                              \
    do {                                                                                           \
        for (size_t i_ = 0; (arr) && i_ < (n); i_++)                                               \
            if (json_array_append_new((arr), mk(&(items)[i_])) != 0) {                             \
                json_decref(arr);                                                                  \
                (arr) = NULL;                                                                      \
            }                                                                                      \
    } while (0)

/* Common list parameters: oe, status, limit, cursor. On bad input the 400 is written. */
static int
filter_lesen(struct http_req *r, struct http_resp *w, struct amt_filter *f)
{
    const char *oe = http_query(r, "oe");
    memset(f, 0, sizeof(*f));
    f->status = http_query(r, "status");
    if (oe && str_to_int64(str_from(oe), 1, INT64_MAX, &f->oe_id) != ERR_OK) {
        int rc = api_bad_param(w, "oe", "oe ist die Nummer einer Organisationseinheit.");
        return rc == ERR_OK ? ERR_INVALID : rc;
    }
    return api_paging(r, w, 50, AMT_LISTE_MAX, &f->limit, &f->cursor);
}

/* ---- files ---- */

int
api_akten(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct amt_filter f;
    struct akte_seite s;
    const char *bad = NULL;
    int rc = filter_lesen(r, w, &f);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = akte_liste(x.c, r->arena, &x.auth.actor, &f, &s, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_bad_param(w, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    json_t *items = json_array();
    APPEND_ALL(items, s.items, s.n, akte_json);
    return api_json(w, 200, items ? api_list(items, s.next_cursor) : NULL);
}

int
api_akte_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct akte_row k;
    json_t *body = NULL;
    bool bt = false;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    struct akte_neu n = {.aktenplan_id = api_member_id(body, "aktenplan"),
                         .oe_id = api_member_id(body, "oe_id"),
                         .titel = api_member_text(body, "titel", &bt)};
    if (n.aktenplan_id <= 0)
        f = (struct feld_fehler){"aktenplan", "aktenplan (die Nummer des Aktenplan-Eintrags) "
                                              "fehlt."};
    else if (n.oe_id < 0)
        f = (struct feld_fehler){"oe_id", "oe_id ist die Nummer einer Organisationseinheit."};
    else if (bt || !n.titel)
        f = (struct feld_fehler){"titel", "titel (Text) fehlt."};
    rc = f.feld ? ERR_INVALID : akte_anlegen(x.c, r->arena, &x.u, &x.auth.actor, &n, &k, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 201, akte_json(&k));
}

int
api_akte(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct akte_row k;
    struct vorgang_row *v = NULL;
    size_t n = 0;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = akte_lesen(x.c, r->arena, &x.u, &x.auth.actor, id, &k, &v, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    json_t *o = akte_json(&k), *items = json_array();
    APPEND_ALL(items, v, n, api_amt_vorgang_json);
    if (!o || !items || json_object_set_new(o, "vorgaenge_liste", items) != 0) {
        json_decref(o);
        return ERR_NOMEM;
    }
    return api_json(w, 200, o);
}

/* ---- cases ---- */

int
api_vorgaenge(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct amt_filter f;
    struct vorgang_seite s;
    const char *bad = NULL, *akte = http_query(r, "akte"), *meine = http_query(r, "meine");
    int rc = filter_lesen(r, w, &f);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (akte && str_to_int64(str_from(akte), 1, INT64_MAX, &f.akte_id) != ERR_OK)
        return api_bad_param(w, "akte", "akte ist die Nummer einer Akte.");
    if (meine && strcmp(meine, "1") != 0 && strcmp(meine, "0") != 0)
        return api_bad_param(w, "meine", "meine ist 1 oder 0.");
    f.nur_meine = meine && strcmp(meine, "1") == 0;
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = vorgang_liste(x.c, r->arena, &x.auth.actor, &f, &s, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_bad_param(w, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    json_t *items = json_array();
    APPEND_ALL(items, s.items, s.n, api_amt_vorgang_json);
    return api_json(w, 200, items ? api_list(items, s.next_cursor) : NULL);
}

int
api_vorgang_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct vorgang_row v;
    json_t *body = NULL;
    bool bt = false;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    struct vorgang_neu n = {.akte_id = api_member_id(body, "akte"),
                            .betreff = api_member_text(body, "betreff", &bt)};
    if (n.akte_id <= 0)
        f = (struct feld_fehler){"akte", "akte (die Nummer der Akte) fehlt."};
    else if (bt || !n.betreff)
        f = (struct feld_fehler){"betreff", "betreff (Text) fehlt."};
    rc = f.feld ? ERR_INVALID : vorgang_anlegen(x.c, r->arena, &x.u, &x.auth.actor, &n, &v, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 201, api_amt_vorgang_json(&v));
}

static json_t *
vermerk_json(const struct vermerk_row *m)
{
    json_t *o = json_pack("{s:I, s:s, s:I}", "id", (json_int_t)m->id, "text", m->text, "erstellt",
                          (json_int_t)m->erstellt);
    if (o) {
        json_object_set_new(o, "konto_id", id_or_null(m->konto_id));
        json_object_set_new(o, "konto_email", api_str(m->konto_name));
    }
    return o;
}

static json_t *
dokument_json(const struct vorgang_dokument *d)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:b, s:I}", "id", (json_int_t)d->id, "titel",
                          d->titel, "art", d->art, "version", (json_int_t)d->version, "final",
                          d->is_final, "geaendert", (json_int_t)d->geaendert);
    if (o) {
        json_object_set_new(o, "dateiname", api_str(d->dateiname));
        json_object_set_new(o, "typ", api_str(d->typ));
        json_object_set_new(o, "groesse", json_integer(d->groesse));
    }
    return o;
}

static json_t *
verlauf_json(const struct antrag_verlauf *v)
{
    json_t *o = json_pack("{s:s, s:I}", "status", v->status, "zeitpunkt", (json_int_t)v->zeitpunkt);
    if (o)
        json_object_set_new(o, "bemerkung", api_str(v->bemerkung));
    return o;
}

static json_t *
nachricht_json(const struct nachricht *m)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)m->id, "richtung",
                     m->richtung, "art", m->art, "betreff", m->betreff, "text", m->text, "erstellt",
                     (json_int_t)m->erstellt);
}

static json_t *
detail_json(const struct vorgang_detail *d)
{
    json_t *o = api_amt_vorgang_json(&d->vorgang);
    json_t *vm = json_array(), *wv = json_array(), *dk = json_array();
    APPEND_ALL(vm, d->vermerke, d->n_vermerke, vermerk_json);
    APPEND_ALL(wv, d->wiedervorlagen, d->n_wiedervorlagen, wv_json);
    APPEND_ALL(dk, d->dokumente, d->n_dokumente, dokument_json);
    json_t *an = json_null();
    if (d->has_antrag) {
        json_t *vl = json_array(), *na = json_array();
        json_error_t err;
        json_t *daten = d->antrag_daten ? json_loads(d->antrag_daten, 0, &err) : NULL;
        APPEND_ALL(vl, d->verlauf, d->n_verlauf, verlauf_json);
        APPEND_ALL(na, d->nachrichten, d->n_nachrichten, nachricht_json);
        an = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o}", "id",
                       (json_int_t)d->antrag.id, "status", d->antrag.status, "leistung",
                       d->antrag.leistung_id, "leistung_name",
                       d->antrag.leistung_name ? d->antrag.leistung_name : "", "gemeinde",
                       d->antrag.gemeinde_ags, "eingereicht", (json_int_t)d->antrag.eingereicht,
                       "formular_version", (json_int_t)d->antrag.formular_version, "daten",
                       daten ? daten : json_object(), "verlauf", vl ? vl : json_array(),
                       "nachrichten", na ? na : json_array());
        if (an)
            json_object_set_new(an, "eingangsnummer", api_str(d->eingangsnummer));
        else
            an = json_null();
    }
    if (!o || !vm || !wv || !dk) {
        json_decref(o);
        json_decref(vm);
        json_decref(wv);
        json_decref(dk);
        json_decref(an);
        return NULL;
    }
    json_object_set_new(o, "vermerke", vm);
    json_object_set_new(o, "wiedervorlagen", wv);
    json_object_set_new(o, "dokumente", dk);
    json_object_set_new(o, "antrag", an);
    return o;
}

int
api_vorgang(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct vorgang_detail d;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = vorgang_lesen(x.c, r->arena, &x.u, &x.auth.actor, id, &d);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    return api_json(w, 200, detail_json(&d));
}

int
api_vorgang_status(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct vorgang_row v;
    json_t *body = NULL;
    bool bt = false;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *status = api_member_text(body, "status", &bt);
    const char *bem = api_member_text(body, "bemerkung", &bt);
    if (bt || !status || !vorgang_is_status(status))
        f = (struct feld_fehler){"status", "status ist offen, in_bearbeitung, rueckfrage, "
                                           "beschieden oder zda."};
    else if (bem && strlen(bem) > VORGANG_BEMERKUNG_MAX)
        f = (struct feld_fehler){"bemerkung", "bemerkung ist zu lang (höchstens 1000 Zeichen)."};
    rc = f.feld ? ERR_INVALID : vorgang_status_aendern(x.c, &x.u, &x.auth.actor, id, status, bem);
    if (rc == ERR_INVALID && !f.feld)
        f = (struct feld_fehler){"bemerkung", "bemerkung ist ungültig."};
    if (rc == ERR_OK)
        rc = vorgang_zeile(x.c, r->arena, &x.auth.actor, id, &v);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 200, api_amt_vorgang_json(&v));
}

int
api_vorgang_vermerk(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    bool bt = false;
    int64_t id, vid = 0;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *text = api_member_text(body, "text", &bt);
    if (bt || !text) {
        f = (struct feld_fehler){"text", "text (der Vermerk) fehlt."};
        rc = ERR_INVALID;
    } else {
        rc = vermerk_schreiben(x.c, &x.u, &x.auth.actor, id, text, &vid, &f);
    }
    api_aufruf_ende(&x);
    if (rc != ERR_OK) {
        json_decref(body);
        return api_amt_fehler(w, rc, &f);
    }
    json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:I}", "id", (json_int_t)vid, "vorgang_id",
                          (json_int_t)id, "text", text, "konto_id",
                          (json_int_t)x.auth.actor.konto_id, "erstellt", (json_int_t)x.u.jetzt);
    json_decref(body);
    return api_json(w, 201, o);
}

/* 'TT.MM.JJJJ' → 'JJJJ-MM-TT' in the arena; anything else unchanged. */
static const char *
datum_iso(struct arena *a, const char *s)
{
    if (s && strlen(s) == 10 && s[2] == '.' && s[5] == '.')
        return arena_printf(a, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
    return s;
}

int
api_vorgang_wiedervorlage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    bool bt = false;
    int64_t id, wid = 0;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *datum = datum_iso(r->arena, api_member_text(body, "datum", &bt));
    const char *grund = api_member_text(body, "grund", &bt);
    int64_t konto = api_member_id(body, "konto_id");
    if (bt)
        f = (struct feld_fehler){"datum", "datum und grund sind Texte."};
    else if (!datum)
        f = (struct feld_fehler){"datum", "datum (JJJJ-MM-TT) fehlt."};
    else if (!grund)
        f = (struct feld_fehler){"grund", "grund fehlt."};
    else if (konto < 0)
        f = (struct feld_fehler){"konto_id", "konto_id ist die Nummer eines Kontos."};
    rc = f.feld ? ERR_INVALID
                : wiedervorlage_setzen(x.c, &x.u, &x.auth.actor, id, datum, grund, konto, &wid, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK) {
        json_decref(body);
        return api_amt_fehler(w, rc, &f);
    }
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:I}", "id", (json_int_t)wid, "vorgang_id",
                          (json_int_t)id, "datum", datum, "grund", grund, "konto_id",
                          (json_int_t)(konto > 0 ? konto : x.auth.actor.konto_id));
    json_decref(body);
    return api_json(w, 201, o);
}

int
api_vorgang_rueckfrage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    bool bt = false;
    int64_t id, nid = 0;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *text = api_member_text(body, "text", &bt);
    if (bt || !text) {
        f = (struct feld_fehler){"text", "text (die Rückfrage) fehlt."};
        rc = ERR_INVALID;
    } else {
        rc = rueckfrage_stellen(x.c, r->arena, &x.u, &x.auth.actor, id, text, &nid, &f);
    }
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, &f);
    return api_json(w, 201,
                    json_pack("{s:I, s:I, s:s}", "nachricht_id", (json_int_t)nid, "vorgang_id",
                              (json_int_t)id, "status", "rueckfrage"));
}

int
api_wiedervorlagen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct wiedervorlage_row *items = NULL;
    size_t n = 0;
    int64_t n_vorgaenge = 0, limit = 50;
    const char *cursor = NULL;
    int rc = api_paging(r, w, 50, AMT_LISTE_MAX, &limit, &cursor);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = wiedervorlagen_eigene(x.c, r->arena, &x.auth.actor, limit, &items, &n, &n_vorgaenge);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    json_t *arr = json_array();
    APPEND_ALL(arr, items, n, wv_json);
    json_t *doc = arr ? api_list(arr, NULL) : NULL;
    if (doc)
        json_object_set_new(doc, "offene_vorgaenge", json_integer(n_vorgaenge));
    return api_json(w, 200, doc);
}

int
api_wiedervorlage_erledigt(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = wiedervorlage_erledigen(x.c, &x.u, &x.auth.actor, id);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_amt_fehler(w, rc, NULL);
    return api_json(w, 200,
                    json_pack("{s:I, s:b, s:I}", "id", (json_int_t)id, "erledigt", 1, "zeitpunkt",
                              (json_int_t)x.u.jetzt));
}
