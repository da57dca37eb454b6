/* /api/v1/artikel (knowledge articles) and /api/v1/termine (events, registrations, .ics). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "api/koordination.h"
#include "domain/artikel.h"
#include "domain/termin.h"

/* ---- helpers ---- */

static json_t *
rfc3339(int64_t t)
{
    char s[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return json_string(s);
}

static int
digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ERR_INVALID;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return ERR_OK;
}

/* "YYYY-MM-DDTHH:MM[:SS[.fff]](Z|+HH:MM|-HH:MM)" or a JSON integer (unix seconds) into *out. */
static int
zeitpunkt(json_t *v, int64_t *out)
{
    int y, mo, d, h, mi, s = 0, oh = 0, om = 0;
    if (json_is_integer(v) && json_integer_value(v) > 0) {
        *out = (int64_t)json_integer_value(v);
        return ERR_OK;
    }
    if (!json_is_string(v))
        return ERR_INVALID;
    const char *p = json_string_value(v);
    size_t n = strlen(p);
    if (n < 17 || digits(p, 4, &y) || p[4] != '-' || digits(p + 5, 2, &mo) || p[7] != '-' ||
        digits(p + 8, 2, &d) || (p[10] != 'T' && p[10] != ' ') || digits(p + 11, 2, &h) ||
        p[13] != ':' || digits(p + 14, 2, &mi))
        return ERR_INVALID;
    p += 16;
    if (*p == ':') {
        if (digits(p + 1, 2, &s))
            return ERR_INVALID;
        p += 3;
        if (*p == '.') { /* fractions of a second are accepted and dropped */
            p++;
            if (*p < '0' || *p > '9')
                return ERR_INVALID;
            while (*p >= '0' && *p <= '9')
                p++;
        }
    }
    int sign = 0;
    if (*p == 'Z' && p[1] == '\0')
        sign = 0;
    else if ((*p == '+' || *p == '-') && strlen(p) == 6 && !digits(p + 1, 2, &oh) && p[3] == ':' &&
             !digits(p + 4, 2, &om))
        sign = *p == '+' ? 1 : -1;
    else
        return ERR_INVALID;
    if (y < 2000 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 59 || oh > 14 || om > 59)
        return ERR_INVALID;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = s};
    time_t t = timegm(&tm);
    struct tm back;
    gmtime_r(&t, &back);
    if (back.tm_mday != d) /* 31 February and the like */
        return ERR_INVALID;
    *out = (int64_t)t - sign * (oh * 3600 + om * 60);
    return ERR_OK;
}

/* ---- artikel ---- */

static json_t *
tags_json(const struct artikel_row *x)
{
    json_t *t = json_array();
    for (size_t i = 0; t && i < x->n_tags; i++)
        json_array_append_new(t, json_string(x->tags[i]));
    return t;
}

static json_t *
artikel_kurz_json(const struct artikel_row *x)
{
    return json_pack("{s:I, s:s, s:I, s:b, s:o, s:I, s:I}", "id", (json_int_t)x->id, "titel",
                     x->titel, "version", (json_int_t)x->version, "loesung", x->loesung, "tags",
                     tags_json(x), "erstellt", (json_int_t)x->erstellt, "geaendert",
                     (json_int_t)x->geaendert);
}

int
api_artikel_liste(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct artikel_seite s;
    const char *bad = NULL, *lim = http_query(r, "limit");
    int64_t limit = 20;
    if (lim && str_to_int64(str_from(lim), 1, 100, &limit) != ERR_OK)
        return api_fail(w, ERR_INVALID, "limit", "limit ist eine Zahl von 1 bis 100.");
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = artikel_suche(x.c, r->arena, &x.auth.actor, http_query(r, "q"), http_query(r, "tag"),
                       limit, http_query(r, "cursor"), &s, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < s.n; i++) {
        if (json_array_append_new(items, artikel_kurz_json(&s.items[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, s.next_cursor));
}

/* Read titel, text, tags, loesung, version from the body into *in (tags in the arena). */
static int
artikel_body(struct http_req *r, json_t *body, struct artikel_in *in, struct feld_fehler *f)
{
    bool bt = false;
    json_t *jt = json_object_get(body, "tags"), *jl = json_object_get(body, "loesung");
    json_t *jv = json_object_get(body, "version");
    in->titel = api_member_text(body, "titel", &bt);
    if (bt || !in->titel) {
        *f = (struct feld_fehler){"titel", "titel (Text) fehlt."};
        return ERR_INVALID;
    }
    in->text = api_member_text(body, "text", &bt);
    if (bt || !in->text) {
        *f = (struct feld_fehler){"text", "text (Markdown) fehlt."};
        return ERR_INVALID;
    }
    if (jl && !json_is_boolean(jl)) {
        *f = (struct feld_fehler){"loesung", "loesung ist true oder false."};
        return ERR_INVALID;
    }
    in->loesung = json_is_true(jl);
    if (jv && (!json_is_integer(jv) || json_integer_value(jv) < 1)) {
        *f = (struct feld_fehler){"version", "version ist eine Zahl ab 1."};
        return ERR_INVALID;
    }
    in->version = jv ? (int64_t)json_integer_value(jv) : 0;
    if (jt && !json_is_null(jt)) {
        if (!json_is_array(jt) || json_array_size(jt) > ARTIKEL_TAGS_MAX) {
            *f = (struct feld_fehler){"tags", "tags ist eine Liste von höchstens 10 Texten."};
            return ERR_INVALID;
        }
        const char **tags = arena_alloc(r->arena, (json_array_size(jt) + 1) * sizeof(*tags));
        if (!tags)
            return ERR_NOMEM;
        for (size_t i = 0; i < json_array_size(jt); i++) {
            json_t *t = json_array_get(jt, i);
            if (!json_is_string(t)) {
                *f = (struct feld_fehler){"tags", "tags ist eine Liste von Texten."};
                return ERR_INVALID;
            }
            tags[i] = json_string_value(t);
        }
        in->tags = tags;
        in->n_tags = json_array_size(jt);
    }
    return ERR_OK;
}

static int
artikel_antwort(struct http_req *r, struct http_resp *w, struct api_aufruf *x, int64_t id,
                int64_t version, int status)
{
    struct artikel_row a;
    struct artikel_version_row *v;
    size_t n_v;
    int rc = artikel_get(x->c, r->arena, &x->auth.actor, id, version, &a, &v, &n_v);
    api_aufruf_ende(x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *doc = artikel_kurz_json(&a);
    json_t *vs = json_array();
    for (size_t i = 0; vs && i < n_v; i++)
        json_array_append_new(vs, json_pack("{s:I, s:s, s:I}", "version", (json_int_t)v[i].version,
                                            "titel", v[i].titel, "erstellt",
                                            (json_int_t)v[i].erstellt));
    if (doc) {
        json_object_set_new(doc, "text", json_string(a.text));
        json_object_set_new(doc, "versionen", vs ? vs : json_array());
    } else {
        json_decref(vs);
    }
    return api_json(w, status, doc);
}

int
api_artikel_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct artikel_in in = {0};
    json_t *body = NULL;
    int64_t id = 0;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = artikel_body(r, body, &in, &f);
    if (rc == ERR_OK)
        rc = artikel_anlegen(x.c, &x.u, &x.auth.actor, &in, &id, &f);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        json_decref(body);
        return api_konto_fehler(w, rc, &f);
    }
    json_decref(body);
    return artikel_antwort(r, w, &x, id, 0, 201);
}

int
api_artikel(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id, version = 0;
    const char *v = http_query(r, "version");
    int rc = api_id_param(r, w, "id", &id);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (v && str_to_int64(str_from(v), 1, INT64_MAX, &version) != ERR_OK)
        return api_fail(w, ERR_INVALID, "version", "version ist eine Zahl ab 1.");
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    return artikel_antwort(r, w, &x, id, version, 200);
}

int
api_artikel_update(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct artikel_in in = {0};
    json_t *body = NULL;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = artikel_body(r, body, &in, &f);
    if (rc == ERR_OK)
        rc = artikel_aendern(x.c, &x.u, &x.auth.actor, id, &in, &f);
    json_decref(body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        if (rc == ERR_CONFLICT)
            return api_problem(w, 409, "Konflikt",
                               "Der Artikel wurde inzwischen geändert. Laden Sie die neue "
                               "Version und ändern Sie diese.",
                               "version");
        return api_konto_fehler(w, rc, &f);
    }
    return artikel_antwort(r, w, &x, id, 0, 200);
}

/* ---- termine ---- */

static json_t *
termin_json(const struct termin_row *t)
{
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:o, s:o, s:I, s:I, s:I, s:b}", "id", (json_int_t)t->id, "titel",
                  t->titel, "art", t->art, "beginn", rfc3339(t->beginn), "ende", rfc3339(t->ende),
                  "kapazitaet", (json_int_t)t->kapazitaet, "angemeldet", (json_int_t)t->belegt,
                  "warteliste", (json_int_t)t->warteliste, "abgesagt", t->abgesagt);
    if (o) {
        json_object_set_new(o, "ort", api_str(t->ort));
        json_object_set_new(o, "beschreibung", api_str(t->beschreibung));
        json_object_set_new(o, "kreis", api_str(t->kreis_ags));
        json_object_set_new(
            o, "frei", json_integer(t->kapazitaet > t->belegt ? t->kapazitaet - t->belegt : 0));
    }
    return o;
}

int
api_termine(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct termin_seite s;
    const char *bad = NULL, *lim = http_query(r, "limit"), *ab = http_query(r, "ab");
    int64_t limit = 20, ab_t = 0;
    if (lim && str_to_int64(str_from(lim), 1, 100, &limit) != ERR_OK)
        return api_fail(w, ERR_INVALID, "limit", "limit ist eine Zahl von 1 bis 100.");
    if (ab) {
        json_t *v = json_string(ab);
        int prc = v ? zeitpunkt(v, &ab_t) : ERR_NOMEM;
        json_decref(v);
        if (prc != ERR_OK)
            return api_fail(w, ERR_INVALID, "ab",
                            "ab ist ein Zeitpunkt nach RFC 3339, z. B. "
                            "2025-03-01T00:00:00Z.");
    }
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = termin_liste(x.c, r->arena, &x.auth.actor, ab ? ab_t : x.u.jetzt, limit,
                      http_query(r, "cursor"), &s, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *items = json_array();
    for (size_t i = 0; items && i < s.n; i++) {
        if (json_array_append_new(items, termin_json(&s.items[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, s.next_cursor));
}

static int
termin_antwort(struct http_req *r, struct http_resp *w, struct api_aufruf *x, int64_t id,
               int status)
{
    struct termin_detail d;
    int rc = termin_get(x->c, r->arena, &x->auth.actor, id, &d);
    api_aufruf_ende(x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    json_t *doc = termin_json(&d.termin);
    if (doc) {
        json_object_set_new(doc, "mein_status", api_str(d.mein_status));
        json_object_set_new(doc, "darf_verwalten", json_boolean(d.darf_verwalten));
        if (d.darf_verwalten) {
            json_t *tn = json_array();
            for (size_t i = 0; tn && i < d.n_teilnehmende; i++)
                json_array_append_new(tn,
                                      json_pack("{s:s, s:o, s:s}", "email", d.teilnehmende[i].email,
                                                "behoerde", api_str(d.teilnehmende[i].behoerde),
                                                "status", d.teilnehmende[i].status));
            json_object_set_new(doc, "teilnehmende", tn ? tn : json_array());
        }
    }
    return api_json(w, status, doc);
}

int
api_termin_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct termin_in in = {0};
    json_t *body = NULL;
    bool bt = false;
    int64_t id = 0;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *jk = json_object_get(body, "kapazitaet");
    in.titel = api_member_text(body, "titel", &bt);
    if (bt || !in.titel)
        f = (struct feld_fehler){"titel", "titel (Text) fehlt."};
    else if (zeitpunkt(json_object_get(body, "beginn"), &in.beginn) != ERR_OK)
        f = (struct feld_fehler){"beginn", "beginn ist ein Zeitpunkt nach RFC 3339 mit Zeitzone, "
                                           "z. B. 2025-03-01T10:00:00+01:00."};
    else if (zeitpunkt(json_object_get(body, "ende"), &in.ende) != ERR_OK)
        f = (struct feld_fehler){"ende", "ende ist ein Zeitpunkt nach RFC 3339 mit Zeitzone."};
    else if (!json_is_integer(jk))
        f = (struct feld_fehler){"kapazitaet", "kapazitaet (Zahl) fehlt."};
    else {
        in.ort = api_member_text(body, "ort", &bt);
        in.art = bt ? NULL : api_member_text(body, "art", &bt);
        in.beschreibung = bt ? NULL : api_member_text(body, "beschreibung", &bt);
        in.kreis_ags = bt ? NULL : api_member_text(body, "kreis", &bt);
        if (bt)
            f = (struct feld_fehler){"ort", "ort, art, beschreibung und kreis sind Texte."};
        in.kapazitaet = (int64_t)json_integer_value(jk);
    }
    rc = f.feld ? ERR_INVALID : termin_anlegen(x.c, &x.u, &x.auth.actor, &in, &id, &f);
    json_decref(body);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_konto_fehler(w, rc, &f);
    }
    return termin_antwort(r, w, &x, id, 201);
}

/* GET /api/v1/termine/{id} and /api/v1/termine/{id}.ics (one route: the router captures whole
 * segments). */
int
api_termin(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    const char *p = http_param(r, "id");
    size_t n = p ? strlen(p) : 0;
    bool ics = n > 4 && strcmp(p + n - 4, ".ics") == 0;
    int64_t id;
    if (str_to_int64((struct str){p, ics ? n - 4 : n}, 1, INT64_MAX, &id) != ERR_OK)
        return api_fail(w, ERR_INVALID, "id", "Die Kennung ist eine positive ganze Zahl.");
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (!ics)
        return termin_antwort(r, w, &x, id, 200);
    struct buf b = BUF_INIT(256 * 1024);
    rc = termin_ics(x.c, r->arena, &x.auth.actor, id, &x.u, &b);
    api_aufruf_ende(&x);
    if (rc != ERR_OK) {
        buf_free(&b);
        return api_konto_fehler(w, rc, NULL);
    }
    const char *disp =
        arena_printf(r->arena, "attachment; filename=\"termin-%lld.ics\"", (long long)id);
    rc = disp ? http_resp_text(w, 200, "text/calendar; charset=utf-8", b.p, b.len) : ERR_NOMEM;
    buf_free(&b);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Content-Disposition", disp);
    return rc;
}

int
api_termin_anmelden(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    const char *status = NULL;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = termin_anmelden(x.c, &x.u, &x.auth.actor, id, &status);
    api_aufruf_ende(&x);
    if (rc == ERR_CONFLICT)
        return api_problem(w, 409, "Konflikt", "Der Termin ist abgesagt oder vorbei.", NULL);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 201, json_pack("{s:I, s:s}", "termin", (json_int_t)id, "status", status));
}

int
api_termin_abmelden(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = termin_abmelden(x.c, &x.u, &x.auth.actor, id);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    w->status = 204;
    w->content_type = NULL;
    buf_reset(&w->body);
    return ERR_OK;
}

int
api_termin_absagen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = termin_absagen(x.c, &x.u, &x.auth.actor, id);
    if (rc != ERR_OK) {
        api_aufruf_ende(&x);
        return api_konto_fehler(w, rc, NULL);
    }
    return termin_antwort(r, w, &x, id, 200);
}
