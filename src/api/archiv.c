/* /api/v1/aktenplan, zdA, reopening and the export of a file (see api/archiv.h). */
#include "api/archiv.h"

#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "domain/akte_export.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"
#include "formats/xdomea.h"

const struct route archiv_api_routes[] = {
    {"GET", "/api/v1/aktenplan", api_aktenplan, ROUTE_API},
    {"POST", "/api/v1/aktenplan", api_aktenplan_import, ROUTE_API},
    {"GET", "/api/v1/aktenplan/{id}", api_aktenplan_eintrag, ROUTE_API},
    {"PATCH", "/api/v1/aktenplan/{id}", api_aktenplan_patch, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/zda", api_vorgang_zda, ROUTE_API},
    {"POST", "/api/v1/akten/{id}/zda", api_akte_zda, ROUTE_API},
    {"POST", "/api/v1/akten/{id}/wiederaufnahme", api_akte_wiederaufnahme, ROUTE_API},
    {"GET", "/api/v1/akten/{id}/export", api_akte_export, ROUTE_API},
    {"GET", "/api/v1/aussonderung/faellig", api_aussonderung_faellig, ROUTE_API},
    {"POST", "/api/v1/aussonderung/export", api_aussonderung_export, ROUTE_API},
    {"POST", "/api/v1/aussonderung/loeschen", api_aussonderung_loeschen, ROUTE_API},
    {"GET", "/api/v1/aussonderung", api_aussonderung_liste, ROUTE_API},
    {"GET", "/api/v1/aussonderung/{id}", api_aussonderung_get, ROUTE_API},
    {"POST", "/api/v1/aussonderung/{id}/quittung", api_aussonderung_quittung, ROUTE_API},
    {"GET", "/api/v1/protokoll", api_protokoll, ROUTE_API},
    {0, 0, 0, 0},
};

const char *
archiv_xsd_pfad(struct http_req *r)
{
    const char *shared = getenv("RATHAUS_SHARED");
    if (!shared || !*shared)
        shared = "../shared";
    return arena_printf(r->arena, "%s/%s", shared, XDOMEA_XSD_RELATIV);
}

int
archiv_zip_antwort(struct http_req *r, struct http_resp *w, struct buf *zip, const char *dateiname)
{
    const char *disp = arena_printf(r->arena, "attachment; filename=\"%s\"", dateiname);
    if (!disp)
        return ERR_NOMEM;
    buf_free(&w->body);
    w->body = *zip;
    w->body.max = zip->max;
    *zip = BUF_INIT(0);
    w->status = 200;
    w->content_type = "application/zip";
    return http_resp_header(w, "Content-Disposition", disp);
}

int
archiv_problem(struct http_resp *w, int status, const char *title, const char *detail,
               const char *fehler)
{
    json_t *doc = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title, "status",
                            status, "detail", detail);
    json_t *arr = json_array();
    if (!doc || !arr) {
        json_decref(doc);
        json_decref(arr);
        return ERR_NOMEM;
    }
    for (const char *p = fehler; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len)
            json_array_append_new(arr, json_stringn(p, len));
        p += len + (nl ? 1 : 0);
    }
    json_object_set_new(doc, "fehler", arr);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    if (!text)
        return ERR_NOMEM;
    int rc = http_resp_text(w, status, "application/problem+json", text, strlen(text));
    free(text);
    return rc;
}

int
archiv_behoerde_param(struct http_req *r, struct http_resp *w, int64_t *out)
{
    const char *b = http_query(r, "behoerde");
    *out = 0;
    if (b && str_to_int64(str_from(b), 1, INT64_MAX, out) != ERR_OK) {
        int rc = api_bad_param(w, "behoerde", "behoerde ist die Nummer einer Behörde.");
        return rc != ERR_OK ? rc : ERR_INVALID;
    }
    return ERR_OK;
}

static json_t *
wuerdig_json(char w)
{
    char s[2] = {w, 0};
    return w ? json_string(s) : json_null();
}

static json_t *
eintrag_json(const struct aktenplan_eintrag *e)
{
    const struct aktenplan_row *r = &e->row;
    json_t *o = json_pack(
        "{s:I, s:I, s:s, s:s, s:o, s:o, s:o, s:i, s:o, s:b, s:b, s:I, s:I, "
        "s:I, s:I, s:b, s:b}",
        "id", (json_int_t)r->id, "behoerde_id", (json_int_t)r->behoerde_id, "kennzeichen",
        r->kennzeichen, "titel", r->titel, "beschreibung", api_str(r->beschreibung), "eltern_id",
        r->eltern_id ? json_integer(r->eltern_id) : json_null(), "aufbewahrung_jahre",
        r->aufbewahrung_jahre >= 0 ? json_integer(r->aufbewahrung_jahre) : json_null(), "tiefe",
        e->tiefe, "archivwuerdigkeit", wuerdig_json(r->archivwuerdigkeit), "is_aktiv", r->is_aktiv,
        "is_demo", r->is_demo, "n_akten", (json_int_t)r->n_akten, "n_akten_gesamt",
        (json_int_t)e->n_akten_gesamt, "erstellt", (json_int_t)r->erstellt, "geaendert",
        (json_int_t)r->geaendert, "is_geerbt_jahre", e->is_geerbt_jahre, "is_geerbt_wuerdigkeit",
        e->is_geerbt_wuerdigkeit);
    if (o) {
        json_object_set_new(o, "effektiv_aufbewahrung_jahre", json_integer(e->aufbewahrung_jahre));
        json_object_set_new(o, "effektiv_archivwuerdigkeit", wuerdig_json(e->archivwuerdigkeit));
    }
    return o;
}

int
api_aktenplan(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct aktenplan_eintrag *e = NULL;
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
        rc = aktenplan_lesen(x.c, r->arena, &x.auth.actor, bid, &e, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, eintrag_json(&e[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    json_t *doc = api_list(items, NULL);
    if (doc)
        json_object_set_new(doc, "behoerde_id", json_integer(bid));
    return api_json(w, 200, doc);
}

int
api_aktenplan_import(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct aktenplan_import_ergebnis erg = {0};
    struct buf err = BUF_INIT(64 * 1024);
    int64_t bid = 0;
    int rc = archiv_behoerde_param(r, w, &bid);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    /* the body is read as CSV whatever its declared type: anything else fails with lines */
    rc = aktenplan_behoerde(&x.auth.actor, bid, &bid);
    if (rc == ERR_OK)
        rc = aktenplan_import(x.c, &x.u, &x.auth.actor, bid, "aktenplan.csv", r->body, r->body_len,
                              false, &erg, &err);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        rc = archiv_problem(w, rc == ERR_LIMIT ? 413 : 400, "Aktenplan fehlerhaft",
                            "Der Aktenplan wurde nicht übernommen; nichts wurde geändert.",
                            buf_cstr(&err));
        buf_free(&err);
        return rc;
    }
    buf_free(&err);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 200,
                    json_pack("{s:I, s:I, s:I, s:I}", "behoerde_id", (json_int_t)bid, "neu",
                              (json_int_t)erg.n_neu, "geaendert", (json_int_t)erg.n_geaendert,
                              "unveraendert", (json_int_t)erg.n_unveraendert));
}

int
api_aktenplan_eintrag(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct aktenplan_eintrag e;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = aktenplan_eintrag_lesen(x.c, r->arena, &x.auth.actor, id, &e);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 200, eintrag_json(&e));
}

/* Read the PATCH body into d; a 400 is written on a bad member (ERR_INVALID). */
static int
patch_lesen(struct arena *a, json_t *body, struct aktenplan_aenderung *d, struct feld_fehler *f)
{
    json_t *v;
    const char *key;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "titel") == 0 && json_is_string(v)) {
            d->has_titel = true;
            d->titel = json_string_value(v);
        } else if (strcmp(key, "beschreibung") == 0 && (json_is_string(v) || json_is_null(v))) {
            d->has_beschreibung = true;
            d->beschreibung = json_is_string(v) ? json_string_value(v) : NULL;
        } else if (strcmp(key, "aufbewahrung_jahre") == 0 &&
                   (json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0 &&
                                        json_integer_value(v) <= 200))) {
            d->has_jahre = true;
            d->aufbewahrung_jahre = json_is_null(v) ? -1 : (int)json_integer_value(v);
        } else if (strcmp(key, "archivwuerdigkeit") == 0 &&
                   (json_is_null(v) || (json_is_string(v) && strlen(json_string_value(v)) == 1 &&
                                        strchr("ABV", json_string_value(v)[0])))) {
            d->has_wuerdigkeit = true;
            d->archivwuerdigkeit = json_is_null(v) ? 0 : json_string_value(v)[0];
        } else if (strcmp(key, "is_aktiv") == 0 && json_is_boolean(v)) {
            d->has_aktiv = true;
            d->is_aktiv = json_is_true(v);
        } else {
            const char *feld = arena_strdup(a, key);
            *f = (struct feld_fehler){feld ? feld : "?",
                                      "Erlaubt sind titel (Text), beschreibung (Text oder "
                                      "null), aufbewahrung_jahre (0–200 oder null), "
                                      "archivwuerdigkeit (A, B, V oder null), is_aktiv."};
            return ERR_INVALID;
        }
    }
    return ERR_OK;
}

int
api_aktenplan_patch(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct aktenplan_aenderung d = {0};
    struct feld_fehler f = {0};
    struct aktenplan_eintrag e;
    json_t *body = NULL;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = patch_lesen(r->arena, body, &d, &f);
    if (rc == ERR_OK)
        rc = aktenplan_aendern(x.c, &x.u, &x.auth.actor, id, &d, &f);
    if (rc == ERR_OK)
        rc = aktenplan_eintrag_lesen(x.c, r->arena, &x.auth.actor, id, &e);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(w, 200, eintrag_json(&e));
}

static int
zda_antwort(struct http_resp *w, int rc, const struct archiv_zda_ergebnis *erg,
            const char *konflikt)
{
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt", konflikt, NULL);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *doc =
        json_pack("{s:I, s:b}", "akte_id", (json_int_t)erg->akte_id, "akte_zda", erg->is_akte_zda);
    if (doc)
        json_object_set_new(doc, "aufbewahrung_bis",
                            erg->aufbewahrung_bis[0] ? json_string(erg->aufbewahrung_bis)
                                                     : json_null());
    return api_json(w, 200, doc);
}

int
api_vorgang_zda(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct archiv_zda_ergebnis erg = {0};
    json_t *body = NULL;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *bemerkung = NULL;
    if (r->body_len > 0) {
        rc = api_json_body(r, w, &body);
        if (rc != ERR_OK) {
            api_aufruf_ende(&x);
            return w->status ? ERR_OK : rc;
        }
        json_t *b = json_object_get(body, "bemerkung");
        if (b && !json_is_null(b) && !json_is_string(b)) {
            api_aufruf_ende(&x);
            json_decref(body);
            return api_bad_param(w, "bemerkung", "bemerkung ist ein Text.");
        }
        bemerkung = json_string_value(b);
    }
    rc = archiv_vorgang_zda(x.c, &x.u, &x.auth.actor, id, bemerkung, &erg);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc == ERR_INVALID)
        return api_bad_param(w, "bemerkung", "Die Bemerkung ist zu lang oder ungültig.");
    return zda_antwort(w, rc, &erg,
                       "Der Vorgang kann nicht zu den Akten: eine Wiedervorlage ist noch offen "
                       "oder der Vorgang ist schon zdA.");
}

int
api_akte_zda(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct archiv_zda_ergebnis erg = {0};
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = archiv_akte_zda(x.c, &x.u, &x.auth.actor, id, &erg);
    api_aufruf_ende(&x);
    return zda_antwort(w, rc, &erg,
                       "Die Akte kann nicht zu den Akten: ein Vorgang ist noch nicht zdA oder die "
                       "Akte ist nicht offen.");
}

int
api_akte_wiederaufnahme(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = archiv_akte_wiederaufnehmen(x.c, &x.u, &x.auth.actor, id);
    api_aufruf_ende(&x);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt",
                           "Nur eine zdA-Akte, deren Aufbewahrungsfrist noch läuft, kann wieder "
                           "aufgenommen werden.",
                           NULL);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 200, json_pack("{s:I, s:s}", "akte_id", (json_int_t)id, "status", "offen"));
}

int
api_akte_export(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct buf zip = BUF_INIT(AKTE_EXPORT_MAX);
    char name[128];
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = akte_export_zip(x.c, &x.u, &x.auth.actor, id, &zip, name);
    api_aufruf_ende(&x);
    if (rc == ERR_OK)
        rc = archiv_zip_antwort(r, w, &zip, name);
    else if (rc == ERR_CONFLICT)
        rc = api_problem(w, 409, "Konflikt", "Die Akte wurde schon ausgesondert.", NULL);
    else if (rc == ERR_LIMIT)
        rc = api_problem(w, 413, "Zu groß", "Die Akte ist für einen Export zu groß.", NULL);
    else
        rc = api_konto_fehler(w, rc, NULL);
    buf_free(&zip);
    return rc;
}
