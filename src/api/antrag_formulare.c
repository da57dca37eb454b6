/* api/antrag_formulare: the forms of an authority — list, create, read, publish, withdraw (see
 * api/antrag.h). */

#include <string.h>

#include <jansson.h>

#include "api/antrag_intern.h"
#include "api/json.h"
#include "domain/leistung.h"
#include "store/db.h"

/* ---- an authority's forms ------------------------------------------------------------ */

static json_t *
zeile_json(const struct formular_zeile *z)
{
    return json_pack(
        "{s:I, s:s, s:o, s:I, s:s, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)z->id, "leistung",
        z->leistung_id, "behoerde_id", z->behoerde_id ? json_integer(z->behoerde_id) : json_null(),
        "version", (json_int_t)z->version, "status", z->status, "titel", z->titel, "sha256",
        z->sha256, "erstellt", (json_int_t)z->erstellt, "veroeffentlicht",
        z->veroeffentlicht ? json_integer(z->veroeffentlicht) : json_null(), "zurueckgezogen",
        z->zurueckgezogen ? json_integer(z->zurueckgezogen) : json_null());
}

int
api_formulare(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_zeile *z;
    size_t n;
    int64_t id;
    const char *leistung = http_query(r, "leistung");
    if (leistung && !leistung_is_id(leistung))
        return api_bad_param(w, "leistung", "Die Kennung der Leistung ist ungültig.");
    BEGINN(r, w, &x, &id);
    int rc = formular_liste(x.c, r->arena, &x.auth.actor, id, leistung, &z, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, zeile_json(&z[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

int
api_formular_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_zeile z;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    int64_t id;
    const char *pub = http_query(r, "veroeffentlichen");
    BEGINN(r, w, &x, &id);
    int rc = formular_darf_verwalten(&x.auth.actor, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_antrag_fehler(w, rc, NULL);
    }
    if (pub && strcmp(pub, "true") != 0 && strcmp(pub, "false") != 0) {
        api_aufruf_ende(&x);
        return api_bad_param(w, "veroeffentlichen", "true oder false.");
    }
    rc = formular_importieren(x.c, r->arena, &x.u, &x.auth.actor, id, r->body, r->body_len,
                              pub && strcmp(pub, "true") == 0, &z, &fe, &n_fe);
    api_aufruf_ende(&x);
    if ((rc == ERR_INVALID || rc == ERR_LIMIT || rc == ERR_NOTFOUND) && n_fe > 0)
        return api_antrag_fehlerliste(w, "Ungültige Formulardefinition",
                                      "Die Definition wurde nicht gespeichert; die Fehler nennen "
                                      "ihre Stelle als JSONPath.",
                                      fe, n_fe);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    return api_json(w, 201, zeile_json(&z));
}

int
api_formular_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct formular_zeile z;
    struct formular *f = NULL;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = formular_zeile_get(x.c, r->arena, &x.auth.actor, id, &z);
    api_aufruf_ende(&x);
    if (rc == ERR_OK) {
        struct formular_fehler *fe;
        size_t n_fe;
        rc = formular_parse(r->arena, z.definition, strlen(z.definition), &f, &fe, &n_fe);
        if (rc != ERR_OK)
            rc = ERR_DB;
    }
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    json_t *doc = api_antrag_formular_doc(&z, f), *meta = zeile_json(&z);
    if (!doc || !meta || json_object_update(doc, meta) != 0) {
        json_decref(doc);
        json_decref(meta);
        return ERR_NOMEM;
    }
    json_decref(meta);
    return api_json(w, 200, doc);
}

static int
formular_status(struct http_req *r, struct http_resp *w, bool veroeffentlichen)
{
    struct api_aufruf x;
    struct formular_zeile z;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = veroeffentlichen ? formular_veroeffentlichen(x.c, &x.u, &x.auth.actor, id)
                              : formular_zurueckziehen(x.c, &x.u, &x.auth.actor, id);
    if (rc == ERR_OK)
        rc = formular_zeile_get(x.c, r->arena, &x.auth.actor, id, &z);
    api_aufruf_ende(&x);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt",
                           "Ein zurückgezogenes Formular kann nicht wieder veröffentlicht "
                           "werden; laden Sie es als neue Version hoch.",
                           NULL);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    return api_json(w, 200, zeile_json(&z));
}

int
api_formular_veroeffentlichen(struct http_req *r, struct http_resp *w)
{
    return formular_status(r, w, true);
}

int
api_formular_zurueckziehen(struct http_req *r, struct http_resp *w)
{
    return formular_status(r, w, false);
}
