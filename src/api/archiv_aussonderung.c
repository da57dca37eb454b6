/* /api/v1/aussonderung (due files, hand-over to the archive, receipt, deletion) and
 * /api/v1/protokoll (see api/archiv.h). */
#include <string.h>

#include "api/api.h"
#include "api/archiv.h"
#include "api/json.h"
#include "api/konto.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"

static json_t *
wuerdig_json(char w)
{
    char s[2] = {w, 0};
    return w ? json_string(s) : json_null();
}

static json_t *
faellig_json(const struct archiv_faellig *f)
{
    const struct archiv_akte_kurz *k = &f->akte;
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:o, s:o, s:I, s:I, s:i, s:o, s:o, s:o, s:b}", "akte_id",
        (json_int_t)k->id, "aktenzeichen", k->aktenzeichen, "titel", k->titel, "status", k->status,
        "zda_zeitpunkt", k->zda_zeitpunkt ? json_integer(k->zda_zeitpunkt) : json_null(),
        "aufbewahrung_bis", api_str(k->aufbewahrung_bis), "n_vorgaenge", (json_int_t)k->n_vorgaenge,
        "n_dokumente", (json_int_t)k->n_dokumente, "aufbewahrung_jahre", f->aufbewahrung_jahre,
        "archivwuerdigkeit", wuerdig_json(f->archivwuerdigkeit), "aktenplan_kennzeichen",
        api_str(f->plan_kennzeichen), "aktenplan_titel", api_str(f->plan_titel), "in_abgabe",
        f->is_in_abgabe);
    return o;
}

int
api_aussonderung_faellig(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct archiv_faellig *f = NULL;
    size_t n = 0;
    int64_t bid = 0;
    int rc = archiv_behoerde_param(r, w, &bid);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = aktenplan_behoerde(&x.auth.actor, bid, &bid);
    if (rc == ERR_OK)
        rc = archiv_faellige(x.c, r->arena, &x.u, &x.auth.actor, bid, &f, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, faellig_json(&f[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    json_t *doc = api_list(items, NULL);
    if (doc)
        json_object_set_new(doc, "behoerde_id", json_integer(bid));
    return api_json(w, 200, doc);
}

/* Read {"akten": [ids], "behoerde_id": id} (both optional); 400 written on a bad member. */
static int
akten_lesen(struct http_req *r, struct http_resp *w, json_t *body, int64_t **akten, size_t *n,
            int64_t *bid)
{
    json_t *a = json_object_get(body, "akten"), *b = json_object_get(body, "behoerde_id");
    *n = 0;
    if (b && !json_is_null(b)) {
        if (!json_is_integer(b) || json_integer_value(b) < 1) {
            int rc = api_bad_param(w, "behoerde_id", "behoerde_id ist eine Zahl.");
            return rc != ERR_OK ? rc : ERR_INVALID;
        }
        *bid = json_integer_value(b);
    }
    if (!a || json_is_null(a))
        return ERR_OK;
    if (!json_is_array(a) || json_array_size(a) > ARCHIV_MAX_AKTEN) {
        int rc = api_bad_param(w, "akten", "akten ist eine Liste von höchstens 500 Akten-Nummern.");
        return rc != ERR_OK ? rc : ERR_INVALID;
    }
    *akten = arena_alloc(r->arena, (json_array_size(a) + 1) * sizeof(**akten));
    if (!*akten)
        return ERR_NOMEM;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!json_is_integer(v) || json_integer_value(v) < 1) {
            int rc = api_bad_param(w, "akten", "akten enthält nur Akten-Nummern.");
            return rc != ERR_OK ? rc : ERR_INVALID;
        }
        (*akten)[(*n)++] = json_integer_value(v);
    }
    return ERR_OK;
}

int
api_aussonderung_export(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct buf zip = BUF_INIT(ARCHIV_ZIP_MAX), err = BUF_INIT(64 * 1024);
    json_t *body = NULL;
    int64_t *akten = NULL, bid = 0, id = 0;
    size_t n = 0;
    char name[128];
    const char *xsd = archiv_xsd_pfad(r);
    if (!xsd)
        return ERR_NOMEM;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (r->body_len > 0) {
        rc = api_json_body(r, w, &body);
        if (rc == ERR_OK)
            rc = akten_lesen(r, w, body, &akten, &n, &bid);
        if (rc != ERR_OK) {
            api_aufruf_ende(&x);
            json_decref(body);
            return w->status ? ERR_OK : rc;
        }
    }
    rc = aktenplan_behoerde(&x.auth.actor, bid, &bid);
    if (rc == ERR_OK)
        rc = archiv_abgabe(x.c, &x.u, &x.auth.actor, bid, akten, n, xsd, &zip, name, &id, &f, &err);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc == ERR_OK) {
        const char *sid = arena_printf(r->arena, "%lld", (long long)id);
        rc = sid ? archiv_zip_antwort(r, w, &zip, name) : ERR_NOMEM;
        if (rc == ERR_OK)
            rc = http_resp_header(w, "X-Aussonderung-Id", sid);
    } else if (rc == ERR_IO) {
        rc = archiv_problem(w, 503, "xdomea-Schema nicht verfügbar",
                            "Die Nachricht kann nicht gegen xdomea.xsd geprüft werden "
                            "(RATHAUS_SHARED prüfen); es wurde nichts exportiert.",
                            buf_cstr(&err));
    } else if (rc == ERR_CONFLICT) {
        rc = api_problem(w, 409, "Konflikt",
                         "Keine fällige Akte (A/B) zur Abgabe, oder eine Akte steckt schon in "
                         "einer Abgabe, die auf die Empfangsbestätigung wartet.",
                         NULL);
    } else if (rc == ERR_INVALID && err.len) {
        rc = archiv_problem(w, 500, "Nachricht ungültig",
                            "Die erzeugte xdomea-Nachricht ist nicht schemagültig; es wurde "
                            "nichts exportiert.",
                            buf_cstr(&err));
    } else if (rc == ERR_LIMIT) {
        rc = api_problem(w, 413, "Zu groß", "Die Abgabe ist zu groß; bitte weniger Akten.", NULL);
    } else {
        rc = api_konto_fehler(w, rc, &f);
    }
    buf_free(&zip);
    buf_free(&err);
    return rc;
}

int
api_aussonderung_loeschen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t *akten = NULL, bid = 0, id = 0, n_geloescht = 0;
    size_t n = 0;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_json_body(r, w, &body);
    if (rc == ERR_OK)
        rc = akten_lesen(r, w, body, &akten, &n, &bid);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        json_decref(body);
        return w->status ? ERR_OK : rc;
    }
    bool ok = json_is_true(json_object_get(body, "bestaetigung"));
    rc = aktenplan_behoerde(&x.auth.actor, bid, &bid);
    if (rc == ERR_OK)
        rc = archiv_loeschen(x.c, &x.u, &x.auth.actor, bid, akten, n, ok, &id, &n_geloescht, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt", "Keine fällige Akte mit Archivwürdigkeit V.", NULL);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(w, 200,
                    json_pack("{s:I, s:s, s:s, s:I}", "id", (json_int_t)id, "art", "loeschung",
                              "status", "geloescht", "akten", (json_int_t)n_geloescht));
}

static json_t *
aussonderung_json(const struct aussonderung_row *s)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:I, s:o}", "id", (json_int_t)s->id,
                     "behoerde_id", (json_int_t)s->behoerde_id, "art", s->art, "status", s->status,
                     "nachricht_kennung", api_str(s->nachricht_kennung), "sha256",
                     api_str(s->sha256), "erstellt", (json_int_t)s->erstellt, "quittiert",
                     s->quittiert ? json_integer(s->quittiert) : json_null());
}

int
api_aussonderung_liste(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct aussonderung_row *s = NULL;
    size_t n = 0;
    int64_t bid = 0;
    int rc = archiv_behoerde_param(r, w, &bid);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = aktenplan_behoerde(&x.auth.actor, bid, &bid);
    if (rc == ERR_OK)
        rc = archiv_aussonderungen(x.c, r->arena, &x.auth.actor, bid, &s, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, aussonderung_json(&s[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    return api_json(w, 200, api_list(items, NULL));
}

int
api_aussonderung_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct aussonderung_row s;
    struct aussonderung_objekt_row *o = NULL;
    size_t n = 0;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = archiv_aussonderung(x.c, r->arena, &x.auth.actor, id, &s, &o, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *doc = aussonderung_json(&s), *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(
            arr,
            json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:I, s:I}", "akte_id",
                      (json_int_t)o[i].akte_id, "aktenzeichen", o[i].aktenzeichen, "titel",
                      o[i].titel, "zda_zeitpunkt",
                      o[i].zda_zeitpunkt ? json_integer(o[i].zda_zeitpunkt) : json_null(),
                      "aufbewahrung_bis", api_str(o[i].aufbewahrung_bis), "archivwuerdigkeit",
                      api_str(o[i].archivwuerdigkeit), "n_vorgaenge", (json_int_t)o[i].n_vorgaenge,
                      "n_dokumente", (json_int_t)o[i].n_dokumente));
    if (!doc || !arr) {
        json_decref(doc);
        json_decref(arr);
        return ERR_NOMEM;
    }
    json_object_set_new(doc, "akten", arr);
    return api_json(w, 200, doc);
}

int
api_aussonderung_quittung(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct buf err = BUF_INIT(16 * 1024);
    const char *ct = http_header(r, "Content-Type"), *kennung = NULL, *xml = NULL;
    json_t *body = NULL;
    int64_t id, n = 0;
    const char *xsd = archiv_xsd_pfad(r);
    int rc = api_id_param(r, w, "id", &id);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (!xsd)
        return ERR_NOMEM;
    bool ist_xml =
        ct && (strncmp(ct, "application/xml", 15) == 0 || strncmp(ct, "text/xml", 8) == 0);
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (ist_xml) {
        xml = r->body ? r->body : "";
    } else {
        rc = api_json_body(r, w, &body);
        if (rc != ERR_OK) {
            api_aufruf_ende(&x);
            return w->status ? ERR_OK : rc;
        }
        kennung = json_string_value(json_object_get(body, "nachricht_kennung"));
    }
    rc = archiv_quittung(x.c, &x.u, &x.auth.actor, id, xml, r->body_len, kennung, xsd, &n, &err);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc == ERR_INVALID || rc == ERR_LIMIT)
        rc = archiv_problem(w, rc == ERR_LIMIT ? 413 : 400, "Empfangsbestätigung ungültig",
                            "Die Bestätigung wurde nicht angenommen; nichts wurde gelöscht.",
                            buf_cstr(&err));
    else if (rc == ERR_CONFLICT)
        rc = api_problem(w, 409, "Konflikt",
                         "Diese Aussonderung ist keine Abgabe oder schon quittiert.", NULL);
    else if (rc == ERR_IO)
        rc = archiv_problem(w, 503, "xdomea-Schema nicht verfügbar",
                            "Die Nachricht kann nicht geprüft werden.", buf_cstr(&err));
    else if (rc != ERR_OK)
        rc = api_konto_fehler(w, rc, NULL);
    else
        rc = api_json(w, 200,
                      json_pack("{s:I, s:s, s:I}", "id", (json_int_t)id, "status", "quittiert",
                                "akten_ausgesondert", (json_int_t)n));
    buf_free(&err);
    return rc;
}

static json_t *
pruefung_json(const struct archiv_pruefung *p)
{
    json_t *o = json_pack("{s:b, s:I, s:I}", "ok", p->is_ok, "kette", (json_int_t)p->kette,
                          "eintraege", (json_int_t)p->n_zeilen);
    if (o && !p->is_ok) {
        json_object_set_new(o, "bruch_folge", json_integer(p->bruch_folge));
        json_object_set_new(o, "bruch_id", p->bruch_id ? json_integer(p->bruch_id) : json_null());
    }
    return o;
}

static int
zeit_param(struct http_req *r, struct http_resp *w, const char *name, int64_t *out)
{
    const char *v = http_query(r, name);
    *out = 0;
    if (v && str_to_int64(str_from(v), 1, INT64_MAX, out) != ERR_OK) {
        int rc = api_bad_param(w, name, "Zeitpunkt in Unix-Sekunden.");
        return rc != ERR_OK ? rc : ERR_INVALID;
    }
    return ERR_OK;
}

int
api_protokoll(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct archiv_protokoll_row *p = NULL;
    struct archiv_pruefung pr = {0};
    struct archiv_protokoll_filter f = {.aktion = http_query(r, "aktion"), .limit = 50};
    const char *cursor = NULL;
    size_t n = 0;
    int64_t bid = 0;
    int rc = archiv_behoerde_param(r, w, &bid);
    if (rc == ERR_OK)
        rc = zeit_param(r, w, "von", &f.von);
    if (rc == ERR_OK)
        rc = zeit_param(r, w, "bis", &f.bis);
    if (rc == ERR_OK)
        rc = api_paging(r, w, 50, 200, &f.limit, &cursor);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (cursor && str_to_int64(str_from(cursor), 2, INT64_MAX, &f.vor_folge) != ERR_OK)
        return api_bad_param(w, "cursor", "cursor ist ungültig.");
    if (f.aktion && (strlen(f.aktion) > 64 || !*f.aktion))
        return api_bad_param(w, "aktion", "aktion ist der Name einer Aktion.");
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = aktenplan_behoerde(&x.auth.actor, bid, &f.kette);
    if (rc == ERR_OK)
        rc = archiv_protokoll(x.c, r->arena, &x.auth.actor, &f, &p, &n, &pr);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++) {
        json_t *o = json_pack("{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:s, s:s}", "id",
                              (json_int_t)p[i].id, "folge", (json_int_t)p[i].folge, "zeitpunkt",
                              (json_int_t)p[i].zeitpunkt, "aktion", p[i].aktion, "konto_id",
                              p[i].konto_id ? json_integer(p[i].konto_id) : json_null(),
                              "objekt_typ", api_str(p[i].objekt_typ), "objekt_id",
                              api_str(p[i].objekt_id), "detail", p[i].detail, "hash", p[i].hash);
        if (json_array_append_new(items, o) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    const char *next = NULL;
    if (n > 0 && (int64_t)n == f.limit && p[n - 1].folge > 1)
        next = arena_printf(r->arena, "%lld", (long long)p[n - 1].folge);
    json_t *doc = api_list(items, next);
    if (doc)
        json_object_set_new(doc, "pruefung", pruefung_json(&pr));
    return api_json(w, 200, doc);
}
