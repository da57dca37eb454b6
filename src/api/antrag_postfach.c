/* api/antrag_postfach: the mailbox of an account — messages and their attachments (see
 * api/antrag.h). */

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "api/antrag_intern.h"
#include "api/json.h"
#include "domain/postfach.h"
#include "store/db.h"

/* ---- mailbox ------------------------------------------------------------------------- */

json_t *
api_nachricht_json(const struct nachricht *m, bool mit_text)
{
    json_t *doc = json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)m->id,
                            "antrag", m->antrag_id ? json_integer(m->antrag_id) : json_null(),
                            "richtung", m->richtung, "art", m->art, "betreff", m->betreff,
                            "behoerde", m->behoerde_name, "erstellt", (json_int_t)m->erstellt,
                            "gelesen", m->gelesen ? json_integer(m->gelesen) : json_null());
    if (doc && mit_text) {
        json_t *al = json_array();
        for (size_t i = 0; al && i < m->n_anlagen; i++)
            json_array_append_new(al, api_antrag_anlage_json(&m->anlagen[i]));
        /* the receipt's PDF is made on demand from the stored receipt */
        json_t *link = json_null();
        if (m->antrag_id && strcmp(m->art, "eingangsbestaetigung") == 0) {
            char u[96];
            snprintf(u, sizeof(u), "/api/v1/antraege/%lld/eingangsbestaetigung.pdf",
                     (long long)m->antrag_id);
            link = json_string(u);
        }
        if (json_object_set_new(doc, "text", json_string(m->text)) != 0 ||
            json_object_set_new(doc, "eingangsbestaetigung_pdf", link) != 0 ||
            json_object_set_new(doc, "anlagen", al) != 0) {
            json_decref(doc);
            return NULL;
        }
    }
    return doc;
}

int
api_postfach(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht *m;
    size_t n;
    int64_t ungelesen = 0, vor = 0, limit = 50;
    const char *l = http_query(r, "limit"), *v = http_query(r, "vor");
    if (l && str_to_int64(str_from(l), 1, 100, &limit) != ERR_OK)
        return api_bad_param(w, "limit", "limit ist eine ganze Zahl von 1 bis 100.");
    if (v && str_to_int64(str_from(v), 1, INT64_MAX, &vor) != ERR_OK)
        return api_bad_param(w, "vor", "vor ist die Kennung einer Nachricht.");
    BEGINN(r, w, &x, NULL);
    int rc = postfach_liste(x.c, r->arena, &x.auth.actor, vor, limit, &m, &n, &ungelesen);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, api_nachricht_json(&m[i], false)) != 0) {
            json_decref(items);
            items = NULL;
        }
    if (!items)
        return ERR_NOMEM;
    char *next = n == (size_t)limit ? arena_printf(r->arena, "%lld", (long long)m[n - 1].id) : NULL;
    return api_json(w, 200,
                    json_pack("{s:o, s:I, s:o}", "items", items, "ungelesen", (json_int_t)ungelesen,
                              "naechste_vor", api_str(next)));
}

int
api_postfach_nachricht(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht m;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = postfach_nachricht(x.c, r->arena, &x.u, &x.auth.actor, id, &m);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    return api_json(w, 200, api_nachricht_json(&m, true));
}

int
api_postfach_anlage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    int rc = api_antrag_ist_sha256(sha)
                 ? postfach_anlage(x.c, r->arena, &x.auth.actor, id, sha, &al, &p, &len)
                 : ERR_NOTFOUND;
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_antrag_fehler(w, rc, NULL);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}
