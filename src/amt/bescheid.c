/* amt/bescheid: the decision page of a case, the PDF preview, co-signing and sending, the
 * decision templates and the offices' co-signing setting (domain/bescheid.h). */
#include "domain/bescheid.h"

#include <stdio.h>
#include <string.h>

#include "amt/dok.h"
#include "api/antrag.h"
#include "app.h"
#include "domain/amt_zugriff.h"
#include "util/str.h"

static int64_t
param_id(struct http_req *r, const char *name)
{
    int64_t id = 0;
    if (str_to_int64(str_from(http_param(r, name)), 1, INT64_MAX, &id) != ERR_OK)
        return 0;
    return id;
}

static const char *
status_text(const char *s)
{
    if (strcmp(s, "entwurf") == 0)
        return "Entwurf";
    if (strcmp(s, "mitzeichnung") == 0)
        return "wartet auf Mitzeichnung";
    if (strcmp(s, "versandt") == 0)
        return "versandt";
    return "zurückgewiesen";
}

int
amt_bescheide(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct amt_vorgang_kopf k;
    struct bescheid_row *b = NULL;
    struct bescheid_vorlage_row *v = NULL;
    size_t n = 0, nv = 0;
    int64_t behoerde_id = 0, id = param_id(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = amt_vorgang_zugriff(s.c, &s.auth.actor, id, AUTHZ_VORGANG_LESEN, &k);
    if (rc == ERR_OK)
        rc = bescheid_liste(s.c, r->arena, &s.auth.actor, id, &b, &n);
    if (rc == ERR_OK)
        rc = bescheid_behoerde(&s.auth.actor, k.behoerde_id, &behoerde_id);
    if (rc == ERR_OK)
        rc = bescheid_vorlagen(s.c, r->arena, &s.auth.actor, behoerde_id, &v, &nv);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    bool offen = false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(b[i].status, "entwurf") == 0 || strcmp(b[i].status, "mitzeichnung") == 0)
            offen = true;
    bool kann = !offen && strcmp(k.status, "zda") != 0 && strcmp(k.status, "beschieden") != 0;
    json_t *data = json_pack("{s:{s:I, s:s}, s:b, s:b, s:[], s:[]}", "vorgang", "id",
                             (json_int_t)id, "aktenzeichen", k.aktenzeichen, "tab_bescheid", 1,
                             "kann_entwerfen", kann, "bescheide", "vorlagen");
    json_t *lb = json_object_get(data, "bescheide"), *lv = json_object_get(data, "vorlagen");
    for (size_t i = 0; lb && i < n; i++) {
        bool eigen = b[i].konto_id == s.auth.actor.konto_id;
        json_array_append_new(
            lb, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b, s:o}", "id",
                          (json_int_t)b[i].id, "betreff", b[i].betreff, "text", b[i].text, "status",
                          status_text(b[i].status), "erstellt", amt_zeit(r, b[i].erstellt),
                          "versendbar", strcmp(b[i].status, "entwurf") == 0, "mitzeichnen",
                          strcmp(b[i].status, "mitzeichnung") == 0 && !eigen, "eigen_wartet",
                          strcmp(b[i].status, "mitzeichnung") == 0 && eigen, "mitgezeichnet",
                          b[i].mitzeichnung_konto_id > 0, "dokument",
                          b[i].dokument_id ? json_integer(b[i].dokument_id) : json_null()));
    }
    for (size_t i = 0; lv && i < nv; i++)
        json_array_append_new(
            lv, json_pack("{s:I, s:s}", "id", (json_int_t)v[i].id, "name", v[i].name));
    const char *titel = arena_printf(r->arena, "Bescheid – %s", k.aktenzeichen);
    return aseite_zeigen(r, w, &s, "amt/dok_bescheid", titel ? titel : "Bescheid", data);
}

int
amt_bescheid_entwerfen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct bescheid_row b;
    struct feld_fehler f = {0};
    int64_t id = param_id(r, "id");
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    const char *zurueck = arena_printf(r->arena, "/amt/vorgaenge/%lld/bescheid", (long long)id);
    rc = bescheid_entwerfen(s.c, r->arena, &s.u, &s.auth.actor, id, aseite_feld_id(&s, "vorlage"),
                            aseite_feld(&s, "betreff"), aseite_feld(&s, "text"), &b, &f);
    if ((rc == ERR_INVALID || rc == ERR_CONFLICT) && f.text)
        return amt_dok_meldung(r, w, &s, rc == ERR_CONFLICT ? 409 : 422, "Nicht möglich", f.text,
                               zurueck);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_bescheid_pdf(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct buf pdf = BUF_INIT(8 * 1024 * 1024);
    int64_t id = param_id(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = bescheid_pdf(s.c, r->arena, &s.auth.actor, id, &pdf);
    if (rc != ERR_OK) {
        buf_free(&pdf);
        return aseite_fehler(r, w, &s, rc);
    }
    aseite_ende(&s);
    const char *name = arena_printf(r->arena, "Bescheid-%lld.pdf", (long long)id);
    rc = name ? api_antrag_datei(r, w, "application/pdf", name, pdf.p, pdf.len) : ERR_NOMEM;
    buf_free(&pdf);
    return rc;
}

typedef int (*schritt_fn)(struct db_conn *, struct arena *, const struct umfeld *,
                          const struct actor *, int64_t, struct feld_fehler *);

static int
schritt(struct http_req *r, struct http_resp *w, schritt_fn fn)
{
    struct aseite s;
    struct bescheid_row b;
    struct feld_fehler f = {0};
    int64_t id = param_id(r, "id");
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = bescheid_lesen(s.c, r->arena, &s.auth.actor, id, &b);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    const char *zurueck =
        arena_printf(r->arena, "/amt/vorgaenge/%lld/bescheid", (long long)b.vorgang_id);
    rc = fn(s.c, r->arena, &s.u, &s.auth.actor, id, &f);
    if ((rc == ERR_FORBIDDEN || rc == ERR_CONFLICT || rc == ERR_INVALID) && f.text)
        return amt_dok_meldung(r, w, &s,
                               rc == ERR_FORBIDDEN  ? 403
                               : rc == ERR_CONFLICT ? 409
                                                    : 422,
                               "Nicht möglich", f.text, zurueck);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, zurueck);
}

int
amt_bescheid_mitzeichnen(struct http_req *r, struct http_resp *w)
{
    return schritt(r, w, bescheid_mitzeichnen);
}

int
amt_bescheid_zurueckweisen(struct http_req *r, struct http_resp *w)
{
    return schritt(r, w, bescheid_zurueckweisen);
}

int
amt_bescheid_versenden(struct http_req *r, struct http_resp *w)
{
    return schritt(r, w, bescheid_versenden);
}

/* ---- templates and the co-signing setting ----------------------------------------------- */

static int
vorlagen_seite(struct http_req *r, struct http_resp *w, struct aseite *s, int64_t behoerde_id)
{
    struct bescheid_vorlage_row *v = NULL;
    struct bescheid_oe_row *oes = NULL;
    size_t n = 0, n_oes = 0;
    int rc = bescheid_vorlagen(s->c, r->arena, &s->auth.actor, behoerde_id, &v, &n);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, s, rc);
    /* only admins see and change the offices' setting */
    rc = bescheid_mitzeichnung_liste(s->c, r->arena, &s->auth.actor, behoerde_id, &oes, &n_oes);
    bool admin = rc == ERR_OK;
    if (rc != ERR_OK && rc != ERR_FORBIDDEN && rc != ERR_NOTFOUND)
        return aseite_fehler(r, w, s, rc);
    json_t *data = json_pack("{s:b, s:[], s:[]}", "admin", admin, "vorlagen", "oes");
    json_t *lv = json_object_get(data, "vorlagen"), *lo = json_object_get(data, "oes");
    for (size_t i = 0; lv && i < n; i++)
        json_array_append_new(lv, json_pack("{s:I, s:s, s:s, s:s?, s:b}", "id", (json_int_t)v[i].id,
                                            "name", v[i].name, "betreff", v[i].betreff, "leistung",
                                            v[i].leistung_id, "demo", v[i].is_demo));
    for (size_t i = 0; admin && lo && i < n_oes; i++)
        json_array_append_new(lo, json_pack("{s:I, s:s, s:b}", "id", (json_int_t)oes[i].id, "name",
                                            oes[i].name, "mitzeichnung", oes[i].mitzeichnung));
    return aseite_zeigen(r, w, s, "amt/dok_vorlagen", "Bescheidvorlagen", data);
}

int
amt_bescheidvorlagen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    int64_t behoerde_id = 0;
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = bescheid_behoerde(&s.auth.actor, 0, &behoerde_id);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return vorlagen_seite(r, w, &s, behoerde_id);
}

static int
vorlage_speichern(struct http_req *r, struct http_resp *w, int64_t id)
{
    struct aseite s;
    struct bescheid_vorlage_row v = {0}, alt;
    struct feld_fehler f = {0};
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (id > 0) {
        rc = bescheid_vorlage(s.c, r->arena, &s.auth.actor, id, &alt);
        v.behoerde_id = alt.behoerde_id;
    } else {
        rc = bescheid_behoerde(&s.auth.actor, 0, &v.behoerde_id);
    }
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    const char *l = aseite_feld(&s, "leistung_id");
    v.id = id;
    v.name = aseite_feld(&s, "name");
    v.betreff = aseite_feld(&s, "betreff");
    v.text = aseite_feld(&s, "text");
    v.leistung_id = l && *l ? l : NULL;
    rc = bescheid_vorlage_speichern(s.c, r->arena, &s.u, &s.auth.actor, &v, &f);
    if ((rc == ERR_INVALID || rc == ERR_CONFLICT) && f.text)
        return amt_dok_meldung(r, w, &s, rc == ERR_CONFLICT ? 409 : 422, "Nicht gespeichert",
                               f.text, id > 0 ? r->path : "/amt/bescheidvorlagen");
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, "/amt/bescheidvorlagen");
}

int
amt_bescheidvorlage_anlegen(struct http_req *r, struct http_resp *w)
{
    return vorlage_speichern(r, w, 0);
}

int
amt_bescheidvorlage_aendern(struct http_req *r, struct http_resp *w)
{
    int64_t id = param_id(r, "id");
    if (id <= 0)
        return app_error(r, w, 404, "Nicht gefunden", "Diese Vorlage gibt es nicht.", "id");
    return vorlage_speichern(r, w, id);
}

int
amt_bescheidvorlage(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct bescheid_vorlage_row v;
    int64_t id = param_id(r, "id");
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = bescheid_vorlage(s.c, r->arena, &s.auth.actor, id, &v);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *data =
        json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)v.id, "name", v.name, "betreff",
                  v.betreff, "text", v.text, "leistung_id", v.leistung_id ? v.leistung_id : "");
    return aseite_zeigen(r, w, &s, "amt/dok_vorlage", v.name, data);
}

int
amt_oe_mitzeichnung(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    int64_t id = param_id(r, "id");
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    const char *wert = aseite_feld(&s, "mitzeichnung");
    rc = bescheid_mitzeichnung_setzen(s.c, &s.u, &s.auth.actor, id, wert && strcmp(wert, "1") == 0);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, "/amt/bescheidvorlagen");
}
