/* GET /api/v1/umsetzung, POST /api/v1/umsetzung/meldungen, GET /api/v1/lagebild. */
#include "api/koordination.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "api/konto.h"
#include "api/koordination_csv.h"
#include "domain/lagebild.h"
#include "domain/lagebild_cache.h"
#include "domain/umsetzung.h"

#define JSON_MAX_LIMIT 5000
#define CSV_MAX_ROWS   1000000
#define CSV_MAX_BYTES  (256u * 1024 * 1024)

/* Answer a domain error: the field of ERR_INVALID is `bad` (for query parameters) or f's. */
static int
fehler(struct http_resp *w, int rc, const char *bad, const struct feld_fehler *f)
{
    struct feld_fehler q = {bad, "Der Parameter ist ungültig."};
    if (rc == ERR_INVALID && bad && !f) {
        if (strcmp(bad, "kreis") == 0)
            q.text = "kreis ist der fünfstellige Kreisschlüssel, z. B. 08115.";
        else if (strcmp(bad, "gemeinde") == 0)
            q.text = "gemeinde ist der achtstellige Gemeindeschlüssel (AGS), z. B. 08115003, "
                     "und liegt im angegebenen Kreis.";
        else if (strcmp(bad, "luecken") == 0)
            q.text = "Lücken gibt es nur mit kreis oder gemeinde.";
        else if (strcmp(bad, "regierungsbezirk") == 0)
            q.text = "regierungsbezirk ist der dreistellige Schlüssel (081 bis 084) und enthält "
                     "den angegebenen Kreis.";
        else if (strcmp(bad, "groesse") == 0)
            q.text = "groesse ist unter_5000, 5000_20000, 20000_100000 oder ab_100000.";
        else if (strcmp(bad, "themenfeld") == 0)
            q.text = "themenfeld ist die Nummer eines Themenfelds des OZG-Katalogs.";
        f = &q;
    }
    return api_konto_fehler(w, rc, f);
}

static bool
is_true(const char *s)
{
    return s && (strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "ja") == 0);
}

static json_t *
zeile_json(const struct umsetzung_zeile *z)
{
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:b, s:i, s:o, s:o, s:o, s:o}", "gemeinde",
                  z->gemeinde_ags, "gemeinde_name", z->gemeinde, "kreis", z->kreis_ags, "leistung",
                  (json_int_t)z->ozg_id, "leistung_name", api_str(z->leistung), "themenfeld",
                  api_str(z->themenfeld), "lebenslage", api_str(z->lebenslage), "online", z->online,
                  "reifegrad", z->reifegrad, "quelle", api_str(z->quelle), "seit", api_str(z->seit),
                  "onlinedienst", api_str(z->onlinedienst), "url", api_str(z->url));
    if (o && z->quelle && strcmp(z->quelle, "plattform") == 0) {
        json_object_set_new(o, "kreisweit", json_boolean(z->kreisweit));
        json_object_set_new(o, "empfaengt", json_boolean(z->empfaengt));
        json_object_set_new(o, "eingereicht", json_integer(z->eingereicht));
    }
    if (o && z->quelle && strcmp(z->quelle, "meldung") == 0) {
        json_object_set_new(o, "gemeldet_von", api_str(z->gemeldet_von));
        json_object_set_new(o, "gemeldet_am", json_integer(z->gemeldet_am));
    }
    return o;
}

static int
umsetzung_csv(struct http_req *r, struct http_resp *w, const struct umsetzung_seite *s)
{
    struct buf b = BUF_INIT(CSV_MAX_BYTES);
    int rc = kcsv_header(&b, "gemeinde,gemeinde_name,kreis,leistung,leistung_name,themenfeld,"
                             "lebenslage,online,reifegrad,quelle,seit,onlinedienst,url,"
                             "gemeldet_von,empfaengt,eingereicht");
    for (size_t i = 0; rc == ERR_OK && i < s->n; i++) {
        const struct umsetzung_zeile *z = &s->items[i];
        rc = kcsv_text(&b, true, z->gemeinde_ags);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->gemeinde);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->kreis_ags);
        if (rc == ERR_OK)
            rc = kcsv_int(&b, false, z->ozg_id);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->leistung);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->themenfeld);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->lebenslage);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->online ? "ja" : "nein");
        if (rc == ERR_OK)
            rc = kcsv_int(&b, false, z->reifegrad);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->quelle);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->seit);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->onlinedienst);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->url);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false, z->gemeldet_von);
        if (rc == ERR_OK)
            rc = kcsv_text(&b, false,
                           !z->quelle || z->quelle[0] != 'p' ? NULL
                           : z->empfaengt                    ? "ja"
                                                             : "nein");
        if (rc == ERR_OK)
            rc = buf_printf(&b, ",%lld", (long long)z->eingereicht);
        if (rc == ERR_OK)
            rc = kcsv_eol(&b);
    }
    if (rc != ERR_OK) {
        buf_free(&b);
        return rc;
    }
    return kcsv_respond(r, w, &b, "umsetzung.csv");
}

int
api_umsetzung(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct umsetzung_seite s;
    const char *bad = NULL, *leistung = http_query(r, "leistung");
    bool csv = kcsv_wanted(r);
    int64_t limit = csv ? CSV_MAX_ROWS : 500;
    const char *cursor = csv ? NULL : http_query(r, "cursor");
    struct umsetzung_filter f = {
        .gebiet = {.kreis_ags = http_query(r, "kreis"), .gemeinde_ags = http_query(r, "gemeinde")},
        .luecken = is_true(http_query(r, "luecken")),
    };
    if (leistung && str_to_int64(str_from(leistung), 1, INT64_MAX, &f.ozg_id) != ERR_OK)
        return api_fail(w, ERR_INVALID, "leistung",
                        "leistung ist die OZG-ID einer OZG-Leistung, z. B. 10000.");
    if (!csv && http_query(r, "limit") &&
        str_to_int64(str_from(http_query(r, "limit")), 1, JSON_MAX_LIMIT, &limit) != ERR_OK)
        return api_fail(w, ERR_INVALID, "limit", "limit ist eine Zahl von 1 bis 5000.");
    f.limit = limit;
    f.cursor = cursor;
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = umsetzung_liste(x.c, r->arena, &x.auth.actor, &f, &s, &bad);
    api_aufruf_ende(&x);
    if (rc != ERR_OK)
        return fehler(w, rc, bad, NULL);
    if (csv)
        return umsetzung_csv(r, w, &s);
    json_t *items = json_array();
    for (size_t i = 0; items && i < s.n; i++) {
        if (json_array_append_new(items, zeile_json(&s.items[i])) != 0) {
            json_decref(items);
            return ERR_NOMEM;
        }
    }
    return api_json(w, 200, api_list(items, s.next_cursor));
}

/* An optional string member: ERR_OK with *out NULL when absent or null; ERR_INVALID when it
 * has another type. */
static int
opt_string(json_t *o, const char *key, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return ERR_OK;
    if (!json_is_string(v))
        return ERR_INVALID;
    *out = json_string_value(v);
    return ERR_OK;
}

int
api_umsetzung_meldung(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct feld_fehler f = {0};
    struct umsetzung_meldung_in m = {.online = true};
    json_t *body = NULL;
    int rc = api_aufruf_start(r, w, &x, NULL, &body);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    json_t *jl = json_object_get(body, "leistung"), *jo = json_object_get(body, "online");
    json_t *jr = json_object_get(body, "reifegrad");
    if (opt_string(body, "gemeinde", &m.gemeinde_ags) != ERR_OK || !m.gemeinde_ags)
        f = (struct feld_fehler){"gemeinde", "gemeinde (Text, achtstelliger AGS) fehlt."};
    else if (!json_is_integer(jl))
        f = (struct feld_fehler){"leistung", "leistung (Zahl, OZG-ID) fehlt."};
    else if (jo && !json_is_boolean(jo))
        f = (struct feld_fehler){"online", "online ist true oder false."};
    else if (jr && !json_is_integer(jr))
        f = (struct feld_fehler){"reifegrad", "Der Reifegrad ist eine Zahl von 0 bis 4."};
    else if (opt_string(body, "seit", &m.seit) != ERR_OK)
        f = (struct feld_fehler){"seit", "seit ist ein Datum (JJJJ-MM-TT)."};
    else if (opt_string(body, "onlinedienst", &m.onlinedienst) != ERR_OK)
        f = (struct feld_fehler){"onlinedienst", "onlinedienst ist ein Text."};
    else if (opt_string(body, "url", &m.url) != ERR_OK)
        f = (struct feld_fehler){"url", "url ist ein Text."};
    if (f.feld) {
        rc = ERR_INVALID;
    } else {
        m.ozg_id = (int64_t)json_integer_value(jl);
        if (jo)
            m.online = json_is_true(jo);
        if (jr) {
            json_int_t v = json_integer_value(jr);
            m.reifegrad = v < -1 || v > 5 ? -1 : (int)v;
        }
        rc = umsetzung_melden(x.c, &x.u, &x.auth.actor, &m, &f);
    }
    api_aufruf_ende(&x);
    if (rc != ERR_OK) {
        json_decref(body);
        return api_konto_fehler(w, rc, &f);
    }
    json_t *doc =
        json_pack("{s:s, s:I, s:b, s:i, s:s, s:o}", "gemeinde", m.gemeinde_ags, "leistung",
                  (json_int_t)m.ozg_id, "online", m.online, "reifegrad", m.online ? m.reifegrad : 0,
                  "quelle", "meldung", "seit", api_str(m.online ? m.seit : NULL));
    json_decref(body);
    return api_json(w, 201, doc);
}

static json_t *
zahlen_json(const struct lagebild_zahlen *z)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:f}", "zellen", (json_int_t)z->zellen, "online",
                     (json_int_t)z->online, "plattform", (json_int_t)z->plattform, "meldung",
                     (json_int_t)z->meldung, "reifegrad3", (json_int_t)z->reifegrad3, "anteil",
                     lagebild_promille(z) / 1000.0);
}

static json_t *
eakte_json(const int64_t *n)
{
    json_t *o = json_object();
    for (int s = 0; o && s < EAKTE_ANZAHL; s++)
        json_object_set_new(o, eakte_stufe_name((enum eakte_stufe)s), json_integer(n[s]));
    return o;
}

static json_t *
lagebild_json(const struct lagebild *lb)
{
    json_t *g = json_array(), *k = json_array(), *t = json_array(), *v = json_array();
    for (size_t i = 0; g && i < lb->n_gemeinden; i++) {
        const struct lagebild_gemeinde *x = &lb->gemeinden[i];
        json_array_append_new(g, json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:s, s:s}", "ags",
                                           x->ags, "name", x->name, "kreis", x->kreis_ags, "typ",
                                           api_str(x->typ), "einwohner", (json_int_t)x->einwohner,
                                           "zahlen", zahlen_json(&x->z), "eakte",
                                           eakte_stufe_name(x->eakte), "eakte_plattform",
                                           eakte_stufe_name(x->eakte_plattform)));
    }
    for (size_t i = 0; k && i < lb->n_kreise; i++) {
        const struct lagebild_kreis *x = &lb->kreise[i];
        json_array_append_new(k, json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:o}", "ags", x->ags,
                                           "name", x->name, "gemeinden", (json_int_t)x->n_gemeinden,
                                           "einwohner", (json_int_t)x->einwohner, "zahlen",
                                           zahlen_json(&x->z), "eakte", eakte_json(x->eakte),
                                           "eakte_plattform", eakte_json(x->eakte_plattform)));
    }
    for (size_t i = 0; t && i < lb->n_themenfelder; i++) {
        const struct lagebild_themenfeld *x = &lb->themenfelder[i];
        json_array_append_new(t, json_pack("{s:I, s:s, s:I, s:o}", "id", (json_int_t)x->id, "name",
                                           x->name, "leistungen", (json_int_t)x->n_leistungen,
                                           "zahlen", zahlen_json(&x->z)));
    }
    for (size_t i = 0; v && i < lb->n_verlauf; i++) {
        const struct lagebild_punkt *x = &lb->verlauf[i];
        json_array_append_new(v, json_pack("{s:i, s:i, s:I}", "jahr", x->jahr, "quartal",
                                           x->quartal, "online", (json_int_t)x->online));
    }
    json_t *f = json_pack(
        "{s:o, s:o, s:o}", "regierungsbezirk", api_str(lb->filter.rb_ags), "groesse",
        lb->filter.groesse == GK_ALLE ? json_null()
                                      : json_string(groessenklasse_name(lb->filter.groesse)),
        "themenfeld",
        lb->filter.themenfeld_id > 0 ? json_integer(lb->filter.themenfeld_id) : json_null());
    return json_pack("{s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "kreis",
                     api_str(lb->kreis_ags), "filter", f ? f : json_null(), "gemeinden_anzahl",
                     (json_int_t)lb->n_gemeinden, "leistungen", (json_int_t)lb->n_leistungen,
                     "gesamt", zahlen_json(&lb->gesamt), "eakte", eakte_json(lb->eakte),
                     "eakte_plattform", eakte_json(lb->eakte_plattform), "gemeinden",
                     g ? g : json_null(), "kreise", k ? k : json_null(), "themenfelder",
                     t ? t : json_null(), "verlauf", v ? v : json_null());
}

static int
zahlen_csv(struct buf *b, const struct lagebild_zahlen *z)
{
    int rc = kcsv_int(b, false, z->zellen);
    if (rc == ERR_OK)
        rc = kcsv_int(b, false, z->online);
    if (rc == ERR_OK)
        rc = kcsv_int(b, false, z->plattform);
    if (rc == ERR_OK)
        rc = kcsv_int(b, false, z->meldung);
    if (rc == ERR_OK)
        rc = kcsv_int(b, false, z->reifegrad3);
    if (rc == ERR_OK)
        rc = buf_printf(b, ",%d.%d", lagebild_promille(z) / 10, lagebild_promille(z) % 10);
    return rc;
}

#define ZAHLEN_COLS "zellen,online,plattform,meldung,reifegrad3,anteil_prozent"

static int
lagebild_csv(struct http_req *r, struct http_resp *w, const struct lagebild *lb,
             const char *tabelle)
{
    struct buf b = BUF_INIT(CSV_MAX_BYTES);
    int rc = ERR_OK;
    const char *name;
    if (strcmp(tabelle, "kreise") == 0) {
        name = "lagebild-kreise.csv";
        rc = kcsv_header(&b, "kreis,name,gemeinden,einwohner," ZAHLEN_COLS);
        for (size_t i = 0; rc == ERR_OK && i < lb->n_kreise; i++) {
            const struct lagebild_kreis *x = &lb->kreise[i];
            rc = kcsv_text(&b, true, x->ags);
            if (rc == ERR_OK)
                rc = kcsv_text(&b, false, x->name);
            if (rc == ERR_OK)
                rc = kcsv_int(&b, false, x->n_gemeinden);
            if (rc == ERR_OK)
                rc = kcsv_int(&b, false, x->einwohner);
            if (rc == ERR_OK)
                rc = zahlen_csv(&b, &x->z);
            if (rc == ERR_OK)
                rc = kcsv_eol(&b);
        }
    } else if (strcmp(tabelle, "themenfelder") == 0) {
        name = "lagebild-themenfelder.csv";
        rc = kcsv_header(&b, "themenfeld,name,leistungen," ZAHLEN_COLS);
        for (size_t i = 0; rc == ERR_OK && i < lb->n_themenfelder; i++) {
            const struct lagebild_themenfeld *x = &lb->themenfelder[i];
            rc = kcsv_int(&b, true, x->id);
            if (rc == ERR_OK)
                rc = kcsv_text(&b, false, x->name);
            if (rc == ERR_OK)
                rc = kcsv_int(&b, false, x->n_leistungen);
            if (rc == ERR_OK)
                rc = zahlen_csv(&b, &x->z);
            if (rc == ERR_OK)
                rc = kcsv_eol(&b);
        }
    } else if (strcmp(tabelle, "verlauf") == 0) {
        name = "lagebild-verlauf.csv";
        rc = kcsv_header(&b, "jahr,quartal,online");
        for (size_t i = 0; rc == ERR_OK && i < lb->n_verlauf; i++) {
            rc = buf_printf(&b, "%d,%d,%lld\r\n", lb->verlauf[i].jahr, lb->verlauf[i].quartal,
                            (long long)lb->verlauf[i].online);
        }
    } else {
        name = "lagebild-gemeinden.csv";
        rc = kcsv_header(&b, "gemeinde,name,kreis,einwohner,eakte,eakte_plattform," ZAHLEN_COLS);
        for (size_t i = 0; rc == ERR_OK && i < lb->n_gemeinden; i++) {
            const struct lagebild_gemeinde *x = &lb->gemeinden[i];
            rc = kcsv_text(&b, true, x->ags);
            if (rc == ERR_OK)
                rc = kcsv_text(&b, false, x->name);
            if (rc == ERR_OK)
                rc = kcsv_text(&b, false, x->kreis_ags);
            if (rc == ERR_OK)
                rc = kcsv_int(&b, false, x->einwohner);
            if (rc == ERR_OK)
                rc = kcsv_text(&b, false, eakte_stufe_name(x->eakte));
            if (rc == ERR_OK)
                rc = kcsv_text(&b, false, eakte_stufe_name(x->eakte_plattform));
            if (rc == ERR_OK)
                rc = zahlen_csv(&b, &x->z);
            if (rc == ERR_OK)
                rc = kcsv_eol(&b);
        }
    }
    if (rc != ERR_OK) {
        buf_free(&b);
        return rc;
    }
    return kcsv_respond(r, w, &b, name);
}

int
api_lagebild(struct http_req *r, struct http_resp *w)
{
    struct api_aufruf x;
    struct lagebild lb;
    const char *kreis = http_query(r, "kreis"), *tabelle = http_query(r, "tabelle");
    if (tabelle && strcmp(tabelle, "gemeinden") != 0 && strcmp(tabelle, "kreise") != 0 &&
        strcmp(tabelle, "themenfelder") != 0 && strcmp(tabelle, "verlauf") != 0)
        return api_fail(w, ERR_INVALID, "tabelle",
                        "tabelle ist gemeinden, kreise, themenfelder oder verlauf.");
    struct lagebild_filter f = {.kreis_ags = kreis, .rb_ags = http_query(r, "regierungsbezirk")};
    const char *bad = NULL, *tf = http_query(r, "themenfeld");
    if (f.rb_ags && !*f.rb_ags)
        f.rb_ags = NULL;
    if (kreis && !*kreis)
        f.kreis_ags = kreis = NULL;
    if (groessenklasse_parse(http_query(r, "groesse"), &f.groesse) != ERR_OK)
        return fehler(w, ERR_INVALID, "groesse", NULL);
    if (tf && *tf && str_to_int64(str_from(tf), 1, 1000000, &f.themenfeld_id) != ERR_OK)
        return fehler(w, ERR_INVALID, "themenfeld", NULL);
    int rc = api_aufruf_beginn(r, w, &x);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    /* the JSON is kept under the filter and the database's version stamp (read before the
     * figures; domain/lagebild_cache.h), checked on every request: it cannot go stale */
    struct lagebild_stand st;
    char key[LAGEBILD_CACHE_KEY_MAX + 1];
    bool csv = kcsv_wanted(r);
    rc = lagebild_schluessel(x.c, &x.auth.actor, &f, x.u.jetzt, &st, &bad);
    if (rc == ERR_OK && !csv && st.key[0] &&
        (size_t)snprintf(key, sizeof(key), "json|%s", st.key) < sizeof(key)) {
        struct buf b = {.max = LAGEBILD_CACHE_BYTES_MAX};
        if (lagebild_cache_bytes(key, st.version, &b)) {
            api_aufruf_ende(&x);
            rc = http_resp_text(w, 200, "application/json", b.p, b.len);
            buf_free(&b);
            return rc;
        }
        buf_free(&b);
    } else {
        key[0] = '\0';
    }
    if (rc == ERR_OK)
        rc = lagebild_filtern(x.c, r->arena, &x.auth.actor, &f, x.u.jetzt, &lb, &bad);
    api_aufruf_ende(&x);
    if (rc == ERR_INVALID)
        return fehler(w, rc, bad ? bad : "kreis", NULL);
    if (rc != ERR_OK)
        return api_konto_fehler(w, rc, NULL);
    if (kreis && lb.n_gemeinden == 0 && f.groesse == GK_ALLE)
        return api_konto_fehler(w, ERR_NOTFOUND, NULL);
    if (csv)
        return lagebild_csv(r, w, &lb, tabelle ? tabelle : "gemeinden");
    json_t *doc = lagebild_json(&lb);
    char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10)) : NULL;
    json_decref(doc);
    if (!text)
        return ERR_NOMEM;
    size_t len = strlen(text);
    if (key[0])
        lagebild_cache_bytes_merken(key, st.version, text, len);
    rc = http_resp_text(w, 200, "application/json", text, len);
    free(text);
    return rc;
}
