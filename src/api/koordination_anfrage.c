/* /api/v1/anfragen: support requests of municipalities to their coordinators. */
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "api/koordination.h"
#include "api/koordination_csv.h"
#include "domain/anfrage.h"

static json_t *
anfrage_json(const struct anfrage_row *r)
{
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I}", "id",
                          (json_int_t)r->id, "behoerde_id", (json_int_t)r->behoerde_id, "behoerde",
                          r->behoerde, "kreis", r->kreis_ags, "kategorie", r->kategorie,
                          "kategorie_name", anfrage_kategorie_label(r->kategorie), "betreff",
                          r->betreff, "text", r->text, "status", r->status, "erstellt",
                          (json_int_t)r->erstellt, "geaendert", (json_int_t)r->geaendert, "faellig",
                          (json_int_t)r->faellig, "antworten", (json_int_t)r->n_antworten);
    if (o) {
        json_object_set_new(o, "leistung", r->ozg_id ? json_integer(r->ozg_id) : json_null());
        json_object_set_new(o, "zugewiesen",
                            r->zugewiesen_konto_id ? json_integer(r->zugewiesen_konto_id)
                                                   : json_null());
        json_object_set_new(o, "erledigt_am",
                            r->erledigt_am ? json_integer(r->erledigt_am) : json_null());
    }
    return o;
}

static json_t *
detail_json(const struct anfrage_detail *d)
{
    json_t *o = anfrage_json(&d->anfrage);
    json_t *aw = json_array(), *an = json_array(), *ar = json_array();
    for (size_t i = 0; aw && i < d->n_antworten; i++) {
        const struct anfrage_antwort_row *x = &d->antworten[i];
        json_array_append_new(aw, json_pack("{s:I, s:s, s:b, s:s, s:I}", "id", (json_int_t)x->id,
                                            "von", x->von_koordination ? "koordination" : "kommune",
                                            "intern", x->is_intern, "text", x->text, "erstellt",
                                            (json_int_t)x->erstellt));
    }
    for (size_t i = 0; an && i < d->n_anlagen; i++) {
        const struct anfrage_anlage_row *x = &d->anlagen[i];
        json_array_append_new(an, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)x->id,
                                            "name", x->name, "typ", x->typ, "groesse",
                                            (json_int_t)x->groesse, "sha256", x->sha256));
    }
    for (size_t i = 0; ar && i < d->n_artikel; i++)
        json_array_append_new(ar, json_integer(d->artikel[i]));
    if (o) {
        json_object_set_new(o, "antworten_liste", aw ? aw : json_null());
        json_object_set_new(o, "anlagen", an ? an : json_null());
        json_object_set_new(o, "artikel", ar ? ar : json_null());
        json_object_set_new(o, "darf_bearbeiten", json_boolean(d->darf_bearbeiten));
    } else {
        json_decref(aw);
        json_decref(an);
        json_decref(ar);
    }
    return o;
}

static int
liste_csv(struct http_req *r, struct http_resp *w, const struct anfrage_seite *s)
{
    struct buf b = BUF_INIT(64u * 1024 * 1024);
    int rc = kcsv_header(&b, "id,behoerde,kreis,kategorie,betreff,status,erstellt,faellig,"
                             "erledigt_am,antworten");
    for (size_t i = 0; rc == ERR_OK && i < s->n; i++) {
        const struct anfrage_row *x = &s->items[i];
        rc = kcsv_int(&b, true, x->id);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, x->behoerde);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, x->kreis_ags);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, x->kategorie);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, x->betreff);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, x->status);
        if (rc == ERR_OK)
            rc = kcsv_int(&b, false, x->erstellt);
        if (rc == ERR_OK)
            rc = kcsv_int(&b, false, x->faellig);
        if (rc == ERR_OK)
            rc = kcsv_int(&b, false, x->erledigt_am);
        if (rc == ERR_OK)
            rc = kcsv_int(&b, false, x->n_antworten);
        if (rc == ERR_OK)
            rc = kcsv_eol(&b);
    }
    if (rc != ERR_OK) {
        buf_free(&b);
        return rc;
    }
    return kcsv_respond(r, w, &b, "anfragen.csv");
}

int
api_anfragen(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anfrage_seite s;
    const char *bad = NULL, *zu = http_query(r, "zugewiesen"), *lim = http_query(r, "limit");
    bool csv = kcsv_wanted(r);
    struct anfrage_filter f = {.status = http_query(r, "status"),
                               .kategorie = http_query(r, "kategorie"),
                               .limit = csv ? 200 : 50,
                               .cursor = http_query(r, "cursor")};
    if (zu && str_to_int64(str_from(zu), 1, INT64_MAX, &f.zugewiesen) != ERR_OK)
        return api_fail(w, ERR_INVALID, "zugewiesen", "zugewiesen ist eine Kontonummer.");
    if (lim && str_to_int64(str_from(lim), 1, 200, &f.limit) != ERR_OK)
        return api_fail(w, ERR_INVALID, "limit", "limit ist eine Zahl von 1 bis 200.");
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = anfrage_liste(x.c, r->arena, &x.auth.actor, &f, &s, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, bad, "Der Parameter ist ungültig.");
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    if (csv)
        return liste_csv(r, w, &s);
    json_t *items = json_array();
    for (size_t i = 0; items && i < s.n; i++) {
        if (json_array_append_new(items, anfrage_json(&s.items[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, s.next_cursor));
}

int
api_anfrage_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct anfrage_neu n = {0};
    json_t *body = NULL;
    bool bt = false;
    int64_t id = 0;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *jl = json_object_get(body, "leistung"), *jb = json_object_get(body, "behoerde_id");
    n.kategorie = api_member_text(body, "kategorie", &bt);
    if (bt)
        f = (struct feld_fehler){"kategorie", "kategorie ist ein Text."};
    n.betreff = api_member_text(body, "betreff", &bt);
    if (bt && !f.feld)
        f = (struct feld_fehler){"betreff", "betreff ist ein Text."};
    n.text = api_member_text(body, "text", &bt);
    if (bt && !f.feld)
        f = (struct feld_fehler){"text", "text ist ein Text."};
    if (!f.feld && jl && !json_is_null(jl) && (!json_is_integer(jl) || json_integer_value(jl) < 1))
        f = (struct feld_fehler){"leistung", "leistung ist die OZG-ID (Zahl)."};
    if (!f.feld && jb && !json_is_null(jb) && (!json_is_integer(jb) || json_integer_value(jb) < 1))
        f = (struct feld_fehler){"behoerde_id", "behoerde_id ist eine Zahl."};
    if (f.feld) {
        rc = ERR_INVALID;
    } else {
        n.ozg_id = json_is_integer(jl) ? (int64_t)json_integer_value(jl) : 0;
        n.behoerde_id = json_is_integer(jb) ? (int64_t)json_integer_value(jb) : 0;
        rc = anfrage_stellen(x.c, &x.u, &x.auth.actor, &n, &id, &f);
    }
    struct anfrage_detail d;
    if (rc == ERR_OK)
        rc = anfrage_get(x.c, r->arena, &x.auth.actor, id, &d);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(w, 201, detail_json(&d));
}

int
api_anfrage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anfrage_detail d;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = anfrage_get(x.c, r->arena, &x.auth.actor, id, &d);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 200, detail_json(&d));
}

int
api_anfrage_antwort(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t id, aw = 0;
    bool bt = false;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *text = api_member_text(body, "text", &bt);
    json_t *ji = json_object_get(body, "intern");
    if (bt || !text)
        f = (struct feld_fehler){"text", "text (die Antwort) fehlt."};
    else if (ji && !json_is_boolean(ji))
        f = (struct feld_fehler){"intern", "intern ist true oder false."};
    rc = f.feld ? ERR_INVALID
                : anfrage_antworten(x.c, &x.u, &x.auth.actor, id, text, json_is_true(ji), &aw, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(w, 201,
                    json_pack("{s:I, s:I, s:b}", "id", (json_int_t)aw, "anfrage", (json_int_t)id,
                              "intern", json_is_true(ji)));
}

int
api_anfrage_patch(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct anfrage_detail d;
    json_t *body = NULL;
    int64_t id, zugewiesen = -1, faellig = 0;
    bool bt = false;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *status = api_member_text(body, "status", &bt);
    json_t *jz = json_object_get(body, "zugewiesen"), *jf = json_object_get(body, "faellig");
    if (bt)
        f = (struct feld_fehler){"status", "status ist ein Text."};
    else if (jz && !json_is_null(jz) && (!json_is_integer(jz) || json_integer_value(jz) < 1))
        f = (struct feld_fehler){"zugewiesen", "zugewiesen ist eine Kontonummer oder null."};
    else if (jf && (!json_is_integer(jf) || json_integer_value(jf) < 1))
        f = (struct feld_fehler){"faellig", "faellig ist ein Zeitpunkt (Unix-Sekunden)."};
    if (!f.feld) {
        if (jz)
            zugewiesen = json_is_null(jz) ? 0 : (int64_t)json_integer_value(jz);
        if (jf)
            faellig = (int64_t)json_integer_value(jf);
        rc = anfrage_aendern(x.c, &x.u, &x.auth.actor, id, status, zugewiesen, faellig, &f);
    } else {
        rc = ERR_INVALID;
    }
    if (rc == ERR_OK)
        rc = anfrage_get(x.c, r->arena, &x.auth.actor, id, &d);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(w, 200, detail_json(&d));
}

int
api_anfrage_anlage_create(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t id, an = 0;
    bool bt = false;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *name = api_member_text(body, "name", &bt),
               *b64 = api_member_text(body, "inhalt", &bt);
    size_t blen = b64 ? strlen(b64) : 0, len = 0;
    unsigned char *bytes = blen ? arena_alloc(r->arena, blen) : NULL;
    if (bt || !name)
        f = (struct feld_fehler){"name", "name (Dateiname) fehlt."};
    else if (!b64 || !bytes ||
             sodium_base642bin(bytes, blen, b64, blen, "\n\r ", &len, NULL,
                               sodium_base64_VARIANT_ORIGINAL) != 0)
        f = (struct feld_fehler){"inhalt", "inhalt ist der Dateiinhalt in Base64."};
    rc = f.feld ? ERR_INVALID
                : anfrage_anlage_hinzufuegen(x.c, &x.u, &x.auth.actor, id, name, NULL, bytes, len,
                                             &an, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    return api_json(w, 201,
                    json_pack("{s:I, s:I, s:I}", "id", (json_int_t)an, "anfrage", (json_int_t)id,
                              "groesse", (json_int_t)len));
}

int
api_anfrage_anlage(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct anfrage_anlage_row meta;
    const void *p;
    size_t len;
    int64_t id, an;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_id_param(r, w, "anlage_id", &an);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = anfrage_anlage_lesen(x.c, r->arena, &x.auth.actor, id, an, &meta, &p, &len);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    /* always a download: the name goes into the header only as ASCII letters and digits */
    char safe[64];
    size_t k = 0;
    for (const char *s = meta.name; *s && k < sizeof(safe) - 1; s++)
        safe[k++] = ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                     (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_')
                        ? *s
                        : '_';
    safe[k] = '\0';
    const char *disp = arena_printf(r->arena, "attachment; filename=\"%s\"", safe);
    const char *typ = arena_strdup(r->arena, meta.typ);
    if (!disp || !typ)
        return ERR_NOMEM;
    rc = http_resp_text(w, 200, typ, p, len);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Content-Disposition", disp);
    return rc;
}

int
api_anfrage_artikel(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int64_t id;
    int rc = api_id_param(r, w, "id", &id);
    if (rc == ERR_OK)
        rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *ja = json_object_get(body, "artikel_id");
    if (!json_is_integer(ja) || json_integer_value(ja) < 1) {
        f = (struct feld_fehler){"artikel_id", "artikel_id (Zahl) fehlt."};
        rc = ERR_INVALID;
    } else {
        rc = anfrage_artikel_verknuepfen(x.c, &x.auth.actor, id, (int64_t)json_integer_value(ja),
                                         &f);
    }
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    w->status = 204;
    w->content_type = NULL;
    buf_reset(&w->body);
    return ERR_OK;
}
