/* api/antrag_anlagen: the attachments of an application — upload, download, removal (see
 * api/antrag.h). */

#include <string.h>

#include "api/antrag_intern.h"
#include "api/json.h"
#include "app.h"
#include "http/multipart.h"
#include "store/db.h"

#define MAX_TEILE 8

int
api_antrag_anlage_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL;
    struct feld_fehler f = {0};
    struct anlage al;
    int64_t id;
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = antrag_darf_aendern(x.c, r->arena, &z, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_antrag_fehler(w, rc, NULL);
    }
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    rc = b ? multipart_parse(r->arena, b, r->body, r->body_len, MAX_TEILE, &t, &n, &grund)
           : ERR_INVALID;
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        if (rc == ERR_NOMEM)
            return rc;
        return api_problem(w, 400, "Ungültige Anfrage",
                           b ? grund
                             : "Erwartet wird Content-Type: multipart/form-data mit einer "
                               "Grenze (boundary).",
                           NULL);
    }
    const struct multipart_teil *datei = NULL;
    const char *feld = NULL;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].name, "datei") == 0 && !datei)
            datei = &t[i];
        else if (strcmp(t[i].name, "feld") == 0 && !feld)
            feld = arena_strndup(r->arena, t[i].daten, t[i].len);
        else {
            api_aufruf_ende(&x);
            return api_problem(w, 400, "Ungültige Anfrage",
                               "Erwartet werden die Teile „datei“ (die Datei) und optional "
                               "„feld“ (das Dateifeld des Formulars), je einmal.",
                               t[i].name);
        }
    }
    if (!datei || !datei->dateiname) {
        api_aufruf_ende(&x);
        return api_problem(w, 400, "Ungültige Anfrage",
                           "Der Teil „datei“ mit einem Dateinamen (filename) fehlt.", "datei");
    }
    rc = antrag_anlage_hinzufuegen(x.c, r->arena, &x.u, r->app->einreichung, &z, id, feld,
                                   datei->dateiname, datei->daten, datei->len, &al, &f);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, &f);
    char *loc =
        arena_printf(r->arena, "/api/v1/antraege/%lld/anlagen/%s", (long long)id, al.sha256);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, api_antrag_anlage_json(&al));
}

int
api_antrag_anlage_get(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc = api_antrag_ist_sha256(sha)
                 ? antrag_anlage_lesen(x.c, r->arena, &z, id, sha, &al, &p, &len)
                 : ERR_NOTFOUND;
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}

int
api_antrag_anlage_delete(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    struct antrag_zugang z = {&x.auth.actor, NULL};
    int rc =
        api_antrag_ist_sha256(sha) ? antrag_anlage_entfernen(x.c, &x.u, &z, id, sha) : ERR_NOTFOUND;
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    w->status = 204;
    w->content_type = NULL;
    return ERR_OK;
}
