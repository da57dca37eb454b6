/* api/zustellung: the delivery API for specialist systems (see domain/zustellung.h and
 * api/antrag.h). A staff token of the authority lists new submissions, fetches each with its
 * data and attachments, and acknowledges it; then it may set the status and send messages
 * or decisions to the citizen. */
#include "domain/zustellung.h"

#include <string.h>

#include "api/antrag.h"
#include "api/json.h"
#include "api/konto.h"
#include "app.h"
#include "http/multipart.h"
#include "util/str.h"

#define BEGINN(r, w, x, id)                                                                        \
    do {                                                                                           \
        int brc = api_aufruf_start((r), (w), (x), (id), NULL);                                     \
        if (brc != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : brc;                                                     \
    } while (0)

static int
fehler(struct http_resp *w, int rc, const struct feld_fehler *f)
{
    if (rc == ERR_FORBIDDEN)
        return api_problem(w, 403, "Keine Berechtigung",
                           "Die Zustellung ist für Konten der Sachbearbeitung einer Behörde.",
                           NULL);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt",
                           "Der Antrag ist zurückgezogen oder beschieden; sein Status ändert sich "
                           "nicht mehr.",
                           NULL);
    if (rc == ERR_INVALID && f && f->text)
        return api_problem(w, 422, "Ungültige Angabe", f->text, f->feld);
    return api_konto_fehler(w, rc, f);
}

static json_t *
eingang_json(const struct zustellung_eingang *e)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:{s:I, s:I}, s:s}", "id",
                     (json_int_t)e->antrag_id, "nummer", e->nummer, "sha256", e->sha256, "leistung",
                     e->leistung_id, "behoerde_id", (json_int_t)e->behoerde_id,
                     "organisationseinheit_id", (json_int_t)e->oe_id, "eingereicht",
                     (json_int_t)e->eingereicht, "formular", "id", (json_int_t)e->formular_id,
                     "version", (json_int_t)e->formular_version, "status", e->status);
}

int
api_zustellung_eingaenge(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct zustellung_eingang *list;
    size_t n;
    int64_t behoerde = 0, nach = 0, limit = 50;
    const char *b = http_query(r, "behoerde"), *v = http_query(r, "nach"),
               *l = http_query(r, "limit");
    if (b && str_to_int64(str_from(b), 1, INT64_MAX, &behoerde) != ERR_OK)
        return api_bad_param(w, "behoerde", "behoerde ist die Kennung einer Behörde.");
    if (v && str_to_int64(str_from(v), 0, INT64_MAX, &nach) != ERR_OK)
        return api_bad_param(w, "nach", "nach ist die Kennung eines Antrags.");
    if (l && str_to_int64(str_from(l), 1, 100, &limit) != ERR_OK)
        return api_bad_param(w, "limit", "limit ist eine ganze Zahl von 1 bis 100.");
    BEGINN(r, w, &x, NULL);
    int rc = zustellung_offen(x.c, r->arena, &x.auth.actor, behoerde, nach, limit, &list, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, eingang_json(&list[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    if (!items)
        return ERR_NOMEM;
    char *next = n == (size_t)limit
                     ? arena_printf(r->arena, "%lld", (long long)list[n - 1].antrag_id)
                     : NULL;
    return api_json(w, 200,
                    json_pack("{s:o, s:o}", "items", items, "naechste_nach", api_str(next)));
}

int
api_zustellung_eingang(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    json_t *doc = NULL;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = zustellung_abrufen(x.c, r->arena, &x.auth.actor, id, &doc);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_json(w, 200, doc);
}

int
api_zustellung_anlage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    BEGINN(r, w, &x, &id);
    int rc = zustellung_anlage(x.c, r->arena, &x.auth.actor, id, sha, &al, &p, &len);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}

int
api_zustellung_quittung(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    bool schon = false;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = zustellung_quittieren(x.c, &x.u, &x.auth.actor, id, &schon);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    return api_json(w, 200,
                    json_pack("{s:I, s:b, s:b}", "id", (json_int_t)id, "quittiert", 1,
                              "schon_quittiert", schon));
}

int
api_zustellung_status(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t id;
    BEGINN(r, w, &x, &id);
    /* authorization before the body: a caller without the right learns nothing from it */
    int rc = zustellung_darf(x.c, r->arena, &x.auth.actor, id, true);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return fehler(w, rc, NULL);
    }
    rc = api_json_body(r, w, &body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    const char *key;
    json_t *v;
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, "status") != 0 && strcmp(key, "bemerkung") != 0 &&
            strcmp(key, "betreff") != 0 && strcmp(key, "text") != 0) {
            json_decref(body);
            api_aufruf_ende(&x);
            return api_bad_param(w, NULL,
                                 "Erwartet werden status und optional bemerkung, betreff, text.");
        }
    }
    rc = zustellung_status(x.c, &x.u, &x.auth.actor, id,
                           json_string_value(json_object_get(body, "status")),
                           json_string_value(json_object_get(body, "bemerkung")),
                           json_string_value(json_object_get(body, "betreff")),
                           json_string_value(json_object_get(body, "text")), &f);
    json_decref(body);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, &f);
    return api_json(w, 200, json_pack("{s:I, s:s}", "id", (json_int_t)id, "status", "geaendert"));
}

/* The parts of a message in multipart/form-data: art (when `art` is not NULL), betreff, text
 * (each at most once) and up to ZUSTELLUNG_MAX_DATEIEN files "datei". Answers 400/413 itself
 * (ERR_INVALID then, with w->status set). */
static int
nachricht_teile(struct http_req *r, struct http_resp *w, const char **art, const char **betreff,
                const char **text, struct nachricht_datei *dateien, size_t *n_dateien)
{
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL;
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    int rc = b ? multipart_parse(r->arena, b, r->body, r->body_len, ZUSTELLUNG_MAX_DATEIEN + 4, &t,
                                 &n, &grund)
               : ERR_INVALID;
    if (rc == ERR_NOMEM)
        return rc;
    *n_dateien = 0;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        const char **ziel = art && strcmp(t[i].name, "art") == 0 ? art
                            : strcmp(t[i].name, "betreff") == 0  ? betreff
                            : strcmp(t[i].name, "text") == 0     ? text
                                                                 : NULL;
        if (strcmp(t[i].name, "datei") == 0 && t[i].dateiname &&
            *n_dateien < ZUSTELLUNG_MAX_DATEIEN) {
            dateien[(*n_dateien)++] =
                (struct nachricht_datei){t[i].dateiname, t[i].daten, t[i].len};
        } else if (strcmp(t[i].name, "datei") == 0 && t[i].dateiname) {
            grund = "Höchstens 10 Dateien je Nachricht.";
            rc = ERR_LIMIT;
        } else if (ziel && !*ziel && !t[i].dateiname && str_is_clean_utf8(t[i].daten, t[i].len)) {
            *ziel = arena_strndup(r->arena, t[i].daten, t[i].len);
            if (!*ziel)
                rc = ERR_NOMEM;
        } else {
            grund = art ? "Erwartet werden die Teile art, betreff, text (je einmal) und bis zu 10 "
                          "Dateien „datei“."
                        : "Erwartet werden die Teile text, optional betreff (je einmal) und bis "
                          "zu 10 Dateien „datei“.";
            rc = ERR_INVALID;
        }
    }
    if (rc == ERR_OK || rc == ERR_NOMEM)
        return rc;
    int wr = api_problem(w, rc == ERR_LIMIT ? 413 : 400,
                         rc == ERR_LIMIT ? "Zu groß" : "Ungültige Anfrage",
                         b ? grund
                           : "Erwartet wird Content-Type: multipart/form-data mit einer "
                             "Grenze (boundary).",
                         NULL);
    return wr == ERR_OK ? ERR_INVALID : wr;
}

int
api_zustellung_nachricht(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht_datei dateien[ZUSTELLUNG_MAX_DATEIEN + 1];
    struct feld_fehler f = {0};
    size_t n_dateien = 0;
    const char *art = NULL, *betreff = NULL, *text = NULL;
    int64_t id, mid = 0;
    BEGINN(r, w, &x, &id);
    /* authorization before the body: a caller without the right learns nothing from it */
    int rc = zustellung_darf(x.c, r->arena, &x.auth.actor, id, true);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return fehler(w, rc, NULL);
    }
    rc = nachricht_teile(r, w, &art, &betreff, &text, dateien, &n_dateien);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = zustellung_nachricht(x.c, r->arena, &x.u, r->app->einreichung, &x.auth.actor, id,
                              art ? art : "nachricht", betreff, text, dateien, n_dateien, &mid, &f);
    api_aufruf_ende(&x);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt",
                           "Der Antrag wurde ohne Konto gestellt: es gibt kein Postfach.", NULL);
    if (rc == ERR_LIMIT)
        return api_problem(w, 413, "Zu groß", f.text ? f.text : "Zu groß.", f.feld);
    if (rc != ERR_OK)
        return fehler(w, rc, &f);
    return api_json(w, 201, json_pack("{s:I}", "id", (json_int_t)mid));
}

int
api_zustellung_nachrichten(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht *m;
    size_t n = 0;
    int64_t id;
    BEGINN(r, w, &x, &id);
    int rc = zustellung_nachrichten(x.c, r->arena, &x.u, &x.auth.actor, id, &m, &n);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < n; i++)
        if (json_array_append_new(items, api_nachricht_json(&m[i], true)) != 0) {
            json_decref(items);
            items = NULL;
        }
    return items ? api_json(w, 200, api_list(items, NULL)) : ERR_NOMEM;
}

/* The citizen replies to own message {id} (multipart: text, optional betreff, files). */
int
api_postfach_antwort(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct nachricht_datei dateien[ZUSTELLUNG_MAX_DATEIEN + 1];
    struct feld_fehler f = {0};
    size_t n_dateien = 0;
    const char *betreff = NULL, *text = NULL, *vorgabe = NULL;
    int64_t id, antrag_id = 0, mid = 0;
    BEGINN(r, w, &x, &id);
    /* authorization before the body: a caller without the right learns nothing from it */
    int rc = postfach_antwort_ziel(x.c, r->arena, &x.auth.actor, id, &antrag_id, &vorgabe);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        if (rc == ERR_CONFLICT)
            return api_problem(w, 409, "Konflikt", "Der Antrag ist noch nicht eingereicht.", NULL);
        return api_konto_fehler(w, rc, NULL);
    }
    rc = nachricht_teile(r, w, NULL, &betreff, &text, dateien, &n_dateien);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return w->status ? ERR_OK : rc;
    }
    rc = postfach_schreiben(x.c, r->arena, &x.u, r->app->einreichung, &x.auth.actor, antrag_id,
                            betreff ? betreff : vorgabe, text, dateien, n_dateien, &mid, &f);
    api_aufruf_ende(&x);
    if (rc == ERR_LIMIT)
        return api_problem(w, 413, "Zu groß", f.text ? f.text : "Zu groß.", f.feld);
    if (rc == ERR_INVALID && f.text)
        return api_problem(w, 422, "Ungültige Angabe", f.text, f.feld);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    char *loc = arena_printf(r->arena, "/api/v1/postfach/%lld", (long long)mid);
    if (!loc || http_resp_header(w, "Location", loc) != ERR_OK)
        return ERR_NOMEM;
    return api_json(w, 201, json_pack("{s:I}", "id", (json_int_t)mid));
}
