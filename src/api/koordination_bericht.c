/* /api/v1/berichte (JSON, CSV with Accept: text/csv) and /api/v1/foerderprogramm. */
#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "api/koordination.h"
#include "api/koordination_csv.h"
#include "domain/bericht.h"
#include "domain/foerderprogramm.h"
#include "formats/pdf_bericht.h"

static json_t *
foerder_json(const struct foerder_zeile *z, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "periode_id",
                      (json_int_t)z[i].periode_id, "periode", z[i].periode, "beginn", z[i].beginn,
                      "ende", z[i].ende, "koordinator", z[i].koordinator, "budget_cent",
                      (json_int_t)z[i].budget_cent, "ausgaben_cent", (json_int_t)z[i].ausgaben_cent,
                      "rest_cent", (json_int_t)(z[i].budget_cent - z[i].ausgaben_cent));
        if (o) {
            json_object_set_new(o, "kreis", api_str(z[i].kreis_ags));
            json_object_set_new(o, "verband", api_str(z[i].verband));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static int
bericht_csv(struct http_req *r, struct http_resp *w, const struct bericht *b)
{
    struct buf o = BUF_INIT(4u * 1024 * 1024);
    const struct lagebild_zahlen *z = &b->lagebild.gesamt;
    int rc = kcsv_header(&o, "abschnitt,merkmal,auspraegung,wert");
#define ROW(abschnitt, merkmal, auspraegung, wert)                                                 \
    do {                                                                                           \
        if (rc == ERR_OK)                                                                          \
            rc = kcsv_text(&o, true, (abschnitt));                                                 \
        if (rc == ERR_OK)                                                                          \
            rc = kcsv_text(&o, false, (merkmal));                                                  \
        if (rc == ERR_OK)                                                                          \
            rc = kcsv_text(&o, false, (auspraegung));                                              \
        if (rc == ERR_OK)                                                                          \
            rc = kcsv_int(&o, false, (wert));                                                      \
        if (rc == ERR_OK)                                                                          \
            rc = kcsv_eol(&o);                                                                     \
    } while (0)
    for (size_t i = 0; i < b->n_anfragen; i++)
        ROW("anfragen", b->anfragen[i].a, b->anfragen[i].b, b->anfragen[i].n);
    ROW("anfragen", "gesamt", "", b->anfragen_gesamt);
    ROW("unterstuetzung", "gemeinden", "", b->gemeinden_unterstuetzt);
    ROW("termine", "anzahl", "", b->termine);
    ROW("termine", "teilnehmende", "", b->teilnehmende);
    ROW("umsetzung", "online", "zu_beginn", b->online_zu_beginn);
    ROW("umsetzung", "online", "jetzt", z->online);
    ROW("umsetzung", "zellen", "", z->zellen);
    ROW("umsetzung", "plattform", "", z->plattform);
    ROW("umsetzung", "meldung", "", z->meldung);
    ROW("umsetzung", "reifegrad3", "", z->reifegrad3);
    for (int s = 0; s < EAKTE_ANZAHL; s++)
        ROW("eakte", "gemeinden", eakte_stufe_name((enum eakte_stufe)s), b->lagebild.eakte[s]);
    for (size_t i = 0; i < b->n_foerderung; i++) {
        const struct foerder_zeile *f = &b->foerderung[i];
        ROW("foerderung_budget_cent", f->periode, f->koordinator, f->budget_cent);
        ROW("foerderung_ausgaben_cent", f->periode, f->koordinator, f->ausgaben_cent);
    }
#undef ROW
    if (rc != ERR_OK) {
        buf_free(&o);
        return rc;
    }
    return kcsv_respond(r, w, &o, "bericht.csv");
}

/* The report as PDF: the same figures as the CSV, as sentences for reading. */
static int
bericht_pdf(struct http_req *r, struct http_resp *w, const struct bericht *b)
{
    struct pdf_zeile z[128];
    size_t n = 0;
    const struct lagebild_zahlen *g = &b->lagebild.gesamt;
    struct arena *a = r->arena;
#define ZEILE(ueb, ...)                                                                            \
    do {                                                                                           \
        if (n < sizeof(z) / sizeof(z[0]))                                                          \
            z[n++] = (struct pdf_zeile){arena_printf(a, __VA_ARGS__), (ueb)};                      \
    } while (0)
    ZEILE(false, "Gebiet: %s", b->kreis_ags ? b->kreis_ags : "Baden-Württemberg");
    ZEILE(false, "Zeitraum: %s bis %s", b->von, b->bis);
    ZEILE(true, "Anfragen der Kommunen");
    ZEILE(false, "Gestellt im Zeitraum: %lld, aus %lld Kommunen", (long long)b->anfragen_gesamt,
          (long long)b->gemeinden_unterstuetzt);
    for (size_t i = 0; i < b->n_anfragen; i++)
        ZEILE(false, "  %s, %s: %lld", b->anfragen[i].a, b->anfragen[i].b,
              (long long)b->anfragen[i].n);
    ZEILE(true, "Termine");
    ZEILE(false, "Veranstaltungen: %lld, angemeldete Teilnehmende: %lld", (long long)b->termine,
          (long long)b->teilnehmende);
    ZEILE(true, "Umsetzung des OZG");
    ZEILE(false, "Gemeinden: %zu, OZG-Leistungen: %lld", b->lagebild.n_gemeinden,
          (long long)b->lagebild.n_leistungen);
    ZEILE(false, "Online-Angebote zu Beginn: %lld, jetzt: %lld von %lld (%d,%d %%)",
          (long long)b->online_zu_beginn, (long long)g->online, (long long)g->zellen,
          lagebild_promille(g) / 10, lagebild_promille(g) % 10);
    ZEILE(false, "über die Plattform: %lld, gemeldet: %lld, Reifegrad 3 oder 4: %lld",
          (long long)g->plattform, (long long)g->meldung, (long long)g->reifegrad3);
    ZEILE(true, "E-Akte (Gemeinden je Stufe)");
    for (int s = 0; s < EAKTE_ANZAHL; s++)
        ZEILE(false, "  %s: %lld", eakte_stufe_label((enum eakte_stufe)s),
              (long long)b->lagebild.eakte[s]);
    ZEILE(true, "Förderprogramm");
    for (size_t i = 0; i < b->n_foerderung; i++) {
        const struct foerder_zeile *f = &b->foerderung[i];
        ZEILE(false, "%s, %s: Budget %lld,%02lld €, ausgegeben %lld,%02lld €", f->periode,
              f->koordinator, (long long)(f->budget_cent / 100), (long long)(f->budget_cent % 100),
              (long long)(f->ausgaben_cent / 100), (long long)(f->ausgaben_cent % 100));
    }
#undef ZEILE
    for (size_t i = 0; i < n; i++)
        if (!z[i].text)
            return ERR_NOMEM;
    struct buf o = BUF_INIT(16u * 1024 * 1024);
    int rc = pdf_bericht("Bericht der E-Government-Koordination", z, n, &o);
    if (rc == ERR_OK)
        rc = http_resp_text(w, 200, "application/pdf", o.p, o.len);
    buf_free(&o);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Content-Disposition", "attachment; filename=\"bericht.pdf\"");
    return rc;
}

static bool
pdf_wanted(const struct http_req *r)
{
    const char *f = http_query(r, "format");
    if (f)
        return strcmp(f, "pdf") == 0;
    const char *acc = http_header(r, "Accept");
    return acc && strstr(acc, "application/pdf") != NULL;
}

int
api_berichte(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct bericht b;
    const char *bad = NULL;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = bericht_erstellen(x.c, r->arena, &x.auth.actor, http_query(r, "kreis"),
                           http_query(r, "von"), http_query(r, "bis"), x.u.jetzt, &b, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, bad,
                        strcmp(bad, "kreis") == 0
                            ? "kreis ist der fünfstellige Kreisschlüssel."
                            : "von und bis sind Daten (JJJJ-MM-TT), bis nicht vor von.");
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    if (kcsv_wanted(r))
        return bericht_csv(r, w, &b);
    if (pdf_wanted(r))
        return bericht_pdf(r, w, &b);
    json_t *an = json_array();
    for (size_t i = 0; an && i < b.n_anfragen; i++)
        json_array_append_new(an,
                              json_pack("{s:s, s:s, s:I}", "kategorie", b.anfragen[i].a, "status",
                                        b.anfragen[i].b, "anzahl", (json_int_t)b.anfragen[i].n));
    json_t *ea = json_object();
    for (int s = 0; ea && s < EAKTE_ANZAHL; s++)
        json_object_set_new(ea, eakte_stufe_name((enum eakte_stufe)s),
                            json_integer(b.lagebild.eakte[s]));
    const struct lagebild_zahlen *z = &b.lagebild.gesamt;
    json_t *doc = json_pack(
        "{s:o, s:s, s:s, s:{s:I, s:o}, s:I, s:{s:I, s:I}, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:f}, "
        "s:o, s:o}",
        "kreis", api_str(b.kreis_ags), "von", b.von, "bis", b.bis, "anfragen", "gesamt",
        (json_int_t)b.anfragen_gesamt, "nach_kategorie_und_status", an ? an : json_array(),
        "gemeinden_unterstuetzt", (json_int_t)b.gemeinden_unterstuetzt, "termine", "anzahl",
        (json_int_t)b.termine, "teilnehmende", (json_int_t)b.teilnehmende, "umsetzung", "gemeinden",
        (json_int_t)b.lagebild.n_gemeinden, "zellen", (json_int_t)z->zellen, "online_zu_beginn",
        (json_int_t)b.online_zu_beginn, "online", (json_int_t)z->online, "plattform",
        (json_int_t)z->plattform, "reifegrad3", (json_int_t)z->reifegrad3, "anteil",
        lagebild_promille(z) / 1000.0, "eakte", ea ? ea : json_object(), "foerderung",
        foerder_json(b.foerderung, b.n_foerderung));
    return api_json(w, 200, doc);
}

int
api_foerderprogramm(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct foerder_zeile *z;
    size_t n;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = foerderprogramm_stand(x.c, r->arena, &x.auth.actor, http_query(r, "kreis"), &z, &n);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return api_fail(w, rc, "kreis", "kreis ist der fünfstellige Kreisschlüssel.");
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    return api_json(w, 200, api_list(foerder_json(z, n), NULL));
}

int
api_foerderprogramm_ausgabe(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    json_t *body = NULL;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *jp = json_object_get(body, "periode_id"), *jb = json_object_get(body, "betrag_cent");
    const char *kreis = json_string_value(json_object_get(body, "kreis"));
    const char *datum = json_string_value(json_object_get(body, "datum"));
    const char *zweck = json_string_value(json_object_get(body, "zweck"));
    if (!json_is_integer(jp))
        f = (struct feld_fehler){"periode_id", "periode_id (Zahl) fehlt."};
    else if (!json_is_integer(jb))
        f = (struct feld_fehler){"betrag_cent", "betrag_cent (Zahl) fehlt."};
    rc = f.feld ? ERR_INVALID
                : foerderprogramm_ausgabe(x.c, &x.u, &x.auth.actor, (int64_t)json_integer_value(jp),
                                          kreis, datum, (int64_t)json_integer_value(jb), zweck, &f);
    api_aufruf_ende(&x);
    json_decref(body);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, &f);
    w->status = 204;
    w->content_type = NULL;
    buf_reset(&w->body);
    return ERR_OK;
}
