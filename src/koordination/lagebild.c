/* The Lagebild pages: /koordination (a district or the Land), the map and the charts as SVG
 * images, and a municipality's page with its gaps and who to ask. */
#include "domain/lagebild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "domain/gebiet.h"
#include "formats/geojson.h"
#include "formats/svg_diagramm.h"
#include "formats/svg_karte.h"
#include "formats/svg_xml.h"
#include "koordination/koordination.h"
#include "portal/portal.h"

#define SVG_MAX (8u * 1024 * 1024)

static const char *
prozent(struct http_req *r, const struct lagebild_zahlen *z)
{
    char p[16];
    svg_prozent(lagebild_promille(z), p);
    return arena_strdup(r->arena, p);
}

static json_t *
zahlen(struct http_req *r, const struct lagebild_zahlen *z)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "zellen", portal_zahl(r, z->zellen),
                     "online", portal_zahl(r, z->online), "plattform", portal_zahl(r, z->plattform),
                     "meldung", portal_zahl(r, z->meldung), "reifegrad3",
                     portal_zahl(r, z->reifegrad3), "anteil", prozent(r, z));
}

/* The district the page is about: ?kreis=, else the caller's own district, else NULL. */
static const char *
kreis_param(struct http_req *r, const struct actor *who, bool *bad)
{
    const char *k = http_query(r, "kreis");
    *bad = false;
    if (k && *k) {
        *bad = !gebiet_is_kreis_ags(k);
        return k;
    }
    if (k) /* "" from the form: the Land */
        return NULL;
    for (size_t i = 0; i < who->n_rollen; i++)
        if (who->rollen[i].rolle == ROLLE_KOORDINATION && who->rollen[i].kreis_ags)
            return who->rollen[i].kreis_ags;
    return NULL;
}

int
koord_lagebild(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct lagebild lb;
    struct kreis *kreise;
    size_t n_kreise;
    bool bad;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    const char *kreis = kreis_param(r, &s.auth.actor, &bad);
    if (bad)
        return kseite_fehler(r, w, &s, ERR_INVALID);
    struct lagebild_filter f = {.kreis_ags = kreis, .rb_ags = http_query(r, "regierungsbezirk")};
    const char *tf = http_query(r, "themenfeld"), *fbad = NULL;
    struct regierungsbezirk *rbs;
    size_t n_rbs;
    if (f.rb_ags && !*f.rb_ags)
        f.rb_ags = NULL;
    if (groessenklasse_parse(http_query(r, "groesse"), &f.groesse) != ERR_OK ||
        (tf && *tf && str_to_int64(str_from(tf), 1, 1000000, &f.themenfeld_id) != ERR_OK))
        return kseite_fehler(r, w, &s, ERR_INVALID);
    if (f.rb_ags && kreis && strncmp(kreis, f.rb_ags, 3) != 0 && !http_query(r, "kreis"))
        f.kreis_ags = kreis = NULL; /* a Regierungsbezirk chosen without the own district */
    rc = lagebild_filtern(s.c, r->arena, &s.auth.actor, &f, s.u.jetzt, &lb, &fbad);
    if (rc == ERR_OK && kreis && lb.n_gemeinden == 0 && f.groesse == GK_ALLE)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = gebiet_kreise(s.c, r->arena, NULL, &kreise, &n_kreise);
    if (rc == ERR_OK)
        rc = gebiet_regierungsbezirke(s.c, r->arena, &rbs, &n_rbs);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    json_t *rb_aw = json_array(), *gk_aw = json_array(), *tf_aw = json_array();
    for (size_t i = 0; rb_aw && i < n_rbs; i++)
        json_array_append_new(rb_aw,
                              json_pack("{s:s, s:s, s:b}", "ags", rbs[i].ags, "name", rbs[i].name,
                                        "gewaehlt", f.rb_ags && strcmp(f.rb_ags, rbs[i].ags) == 0));
    for (int i = 1; gk_aw && i < GK_ANZAHL; i++)
        json_array_append_new(gk_aw, json_pack("{s:s, s:s, s:b}", "wert",
                                               groessenklasse_name((enum groessenklasse)i), "label",
                                               groessenklasse_label((enum groessenklasse)i),
                                               "gewaehlt", (int)f.groesse == i));
    for (size_t i = 0; tf_aw && i < lb.n_themenfelder; i++)
        if (lb.themenfelder[i].id > 0)
            json_array_append_new(tf_aw, json_pack("{s:I, s:s, s:b}", "id",
                                                   (json_int_t)lb.themenfelder[i].id, "name",
                                                   lb.themenfelder[i].name, "gewaehlt",
                                                   f.themenfeld_id == lb.themenfelder[i].id));

    json_t *d = json_object(), *auswahl = json_array(), *kt = json_array(), *gt = json_array();
    json_t *tt = json_array(), *vt = json_array(), *et = json_array();
    const char *kreis_name = NULL;
    for (size_t i = 0; auswahl && i < n_kreise; i++) {
        bool sel = kreis && strcmp(kreise[i].ags, kreis) == 0;
        if (sel)
            kreis_name = kreise[i].name;
        json_array_append_new(auswahl, json_pack("{s:s, s:s, s:b}", "ags", kreise[i].ags, "name",
                                                 kreise[i].name, "gewaehlt", sel));
    }
    for (size_t i = 0; kt && !kreis && i < lb.n_kreise; i++)
        json_array_append_new(kt, json_pack("{s:s, s:s, s:s, s:o}", "ags", lb.kreise[i].ags, "name",
                                            lb.kreise[i].name, "gemeinden",
                                            portal_zahl(r, lb.kreise[i].n_gemeinden), "z",
                                            zahlen(r, &lb.kreise[i].z)));
    for (size_t i = 0; gt && kreis && i < lb.n_gemeinden; i++)
        json_array_append_new(gt, json_pack("{s:s, s:s, s:s, s:s, s:o}", "ags", lb.gemeinden[i].ags,
                                            "name", lb.gemeinden[i].name, "einwohner",
                                            portal_zahl(r, lb.gemeinden[i].einwohner), "eakte",
                                            eakte_stufe_label(lb.gemeinden[i].eakte), "z",
                                            zahlen(r, &lb.gemeinden[i].z)));
    for (size_t i = 0; tt && i < lb.n_themenfelder; i++)
        json_array_append_new(tt,
                              json_pack("{s:s, s:I, s:o}", "name", lb.themenfelder[i].name,
                                        "leistungen", (json_int_t)lb.themenfelder[i].n_leistungen,
                                        "z", zahlen(r, &lb.themenfelder[i].z)));
    for (size_t i = 0; vt && i < lb.n_verlauf; i++)
        json_array_append_new(vt, json_pack("{s:i, s:i, s:s}", "jahr", lb.verlauf[i].jahr,
                                            "quartal", lb.verlauf[i].quartal, "online",
                                            portal_zahl(r, lb.verlauf[i].online)));
    for (int i = 0; et && i < EAKTE_ANZAHL; i++)
        json_array_append_new(et, json_pack("{s:s, s:s}", "stufe",
                                            eakte_stufe_label((enum eakte_stufe)i), "anzahl",
                                            portal_zahl(r, lb.eakte[i])));
    /* the filters as a query string for the CSV links and images: only what is set */
    char qb[128];
    int qn = snprintf(qb, sizeof(qb), "%s%s", kreis ? "&kreis=" : "", kreis ? kreis : "");
    if (f.rb_ags && qn > 0 && (size_t)qn < sizeof(qb))
        qn += snprintf(qb + qn, sizeof(qb) - (size_t)qn, "&regierungsbezirk=%.3s", f.rb_ags);
    if (f.groesse != GK_ALLE && qn >= 0 && (size_t)qn < sizeof(qb))
        qn += snprintf(qb + qn, sizeof(qb) - (size_t)qn, "&groesse=%s",
                       groessenklasse_name(f.groesse));
    if (f.themenfeld_id > 0 && qn >= 0 && (size_t)qn < sizeof(qb))
        qn += snprintf(qb + qn, sizeof(qb) - (size_t)qn, "&themenfeld=%lld",
                       (long long)f.themenfeld_id);
    const char *q = qn > 0 && (size_t)qn < sizeof(qb) ? arena_strdup(r->arena, qb + 1) : "";
    const char *titel = kreis_name ? arena_printf(r->arena, "Lagebild %s", kreis_name)
                                   : "Lagebild Baden-Württemberg";
    if (!d || !auswahl || !kt || !gt || !tt || !vt || !et || !q || !titel ||
        json_object_set_new(d, "kreis", json_string(kreis ? kreis : "")) ||
        json_object_set_new(d, "ist_land", json_boolean(!kreis)) ||
        json_object_set_new(d, "ueberschrift", json_string(titel)) ||
        json_object_set_new(d, "q", json_string(q)) || json_object_set_new(d, "auswahl", auswahl) ||
        json_object_set_new(d, "gesamt", zahlen(r, &lb.gesamt)) ||
        json_object_set_new(d, "gemeinden_anzahl",
                            json_string(portal_zahl(r, (long long)lb.n_gemeinden))) ||
        json_object_set_new(d, "leistungen", json_string(portal_zahl(r, lb.n_leistungen))) ||
        json_object_set_new(d, "kreise", kt) || json_object_set_new(d, "gemeinden", gt) ||
        json_object_set_new(d, "themenfelder", tt) || json_object_set_new(d, "verlauf", vt) ||
        json_object_set_new(d, "eakte", et) ||
        json_object_set_new(d, "rb_auswahl", rb_aw ? rb_aw : json_array()) ||
        json_object_set_new(d, "gk_auswahl", gk_aw ? gk_aw : json_array()) ||
        json_object_set_new(d, "tf_auswahl", tf_aw ? tf_aw : json_array())) {
        json_decref(d);
        kseite_ende(&s);
        return ERR_NOMEM;
    }
    return kseite_zeigen(r, w, &s, "koordination/lagebild", titel, d);
}

static int
svg_antwort(struct http_resp *w, struct buf *b)
{
    int rc = http_resp_text(w, 200, "image/svg+xml; charset=utf-8", b->p ? b->p : "", b->len);
    buf_free(b);
    if (rc == ERR_OK)
        rc = http_resp_header(w, "Cache-Control", "private, max-age=60");
    return rc;
}

int
koord_karte(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct lagebild lb;
    struct geo_karte k;
    struct buf b = BUF_INIT(SVG_MAX);
    const char *hl = http_query(r, "kreis");
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (hl && !gebiet_is_kreis_ags(hl))
        return kseite_fehler(r, w, &s, ERR_INVALID);
    rc = lagebild_berechnen(s.c, r->arena, &s.auth.actor, NULL, s.u.jetzt, &lb);
    kseite_ende(&s);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    struct karte_wert *werte = arena_zalloc(r->arena, (lb.n_kreise + 1) * sizeof(*werte));
    const char **namen = arena_zalloc(r->arena, (lb.n_kreise + 1) * sizeof(*namen));
    if (!werte || !namen)
        return ERR_NOMEM;
    for (size_t i = 0; i < lb.n_kreise; i++) {
        werte[i].kreis_ags = lb.kreise[i].ags;
        werte[i].promille = lagebild_promille(&lb.kreise[i].z);
        werte[i].hervorheben = hl && strcmp(hl, lb.kreise[i].ags) == 0;
        namen[i] = lb.kreise[i].name;
    }
    const char *shared = getenv("RATHAUS_SHARED");
    const char *path = arena_printf(r->arena, "%s/data/geo/bw-kreise.geojson",
                                    shared && *shared ? shared : "../shared");
    if (!path)
        return ERR_NOMEM;
    rc = geojson_kreise_datei(r->arena, path, &k);
    if (rc == ERR_OK)
        rc = svg_karte(&b, &k, werte, lb.n_kreise, "Fortschritt der Kreise in Baden-Württemberg",
                       720);
    else /* no boundary data: the tile grid */
        rc = svg_kacheln(&b, werte, namen, lb.n_kreise,
                         "Fortschritt der Kreise in Baden-Württemberg");
    if (rc != ERR_OK) {
        buf_free(&b);
        return rc;
    }
    return svg_antwort(w, &b);
}

int
koord_diagramm(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct lagebild lb;
    struct buf b = BUF_INIT(SVG_MAX);
    const char *name = http_param(r, "name"), *kreis = http_query(r, "kreis");
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (kreis && !*kreis)
        kreis = NULL;
    if ((kreis && !gebiet_is_kreis_ags(kreis)) ||
        (strcmp(name, "themenfelder.svg") != 0 && strcmp(name, "verlauf.svg") != 0 &&
         strcmp(name, "gemeinden.svg") != 0))
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    rc = lagebild_berechnen(s.c, r->arena, &s.auth.actor, kreis, s.u.jetzt, &lb);
    kseite_ende(&s);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    if (strcmp(name, "verlauf.svg") == 0) {
        struct linienpunkt *p = arena_alloc(r->arena, (lb.n_verlauf + 1) * sizeof(*p));
        if (!p)
            return ERR_NOMEM;
        size_t from = lb.n_verlauf > 400 ? lb.n_verlauf - 400 : 0;
        for (size_t i = from; i < lb.n_verlauf; i++) {
            p[i - from].label =
                arena_printf(r->arena, "%d Q%d", lb.verlauf[i].jahr, lb.verlauf[i].quartal);
            p[i - from].wert = lb.verlauf[i].online;
        }
        rc = svg_linie(&b, p, lb.n_verlauf - from, "Online angebotene Leistungen je Quartal",
                       "Gemeinden × OZG-Leistungen online");
    } else {
        bool tf = strcmp(name, "themenfelder.svg") == 0;
        size_t n = tf ? lb.n_themenfelder : kreis ? lb.n_gemeinden : lb.n_kreise;
        if (n > 200)
            n = 200;
        struct balken *bl = arena_alloc(r->arena, (n + 1) * sizeof(*bl));
        if (!bl)
            return ERR_NOMEM;
        for (size_t i = 0; i < n; i++) {
            if (tf)
                bl[i] = (struct balken){lb.themenfelder[i].name,
                                        lagebild_promille(&lb.themenfelder[i].z)};
            else if (kreis)
                bl[i] =
                    (struct balken){lb.gemeinden[i].name, lagebild_promille(&lb.gemeinden[i].z)};
            else
                bl[i] = (struct balken){lb.kreise[i].name, lagebild_promille(&lb.kreise[i].z)};
        }
        rc = svg_balken(&b, bl, n,
                        tf      ? "Anteil online je Themenfeld"
                        : kreis ? "Anteil online je Gemeinde"
                                : "Anteil online je Kreis");
    }
    if (rc != ERR_OK) {
        buf_free(&b);
        return rc;
    }
    return svg_antwort(w, &b);
}

int
koord_gemeinde(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct gemeinde_bild gb;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = lagebild_gemeinde(s.c, r->arena, &s.auth.actor, http_param(r, "ags"), s.u.jetzt, &gb);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc == ERR_INVALID ? ERR_NOTFOUND : rc);
    json_t *lu = json_array(), *bs = json_array();
    for (size_t i = 0; lu && i < gb.n_luecken; i++) {
        const struct vergleich_luecke *l = &gb.luecken[i];
        json_t *an = json_array();
        for (size_t k = 0; an && k < l->n_anbieter && k < 3; k++)
            json_array_append_new(
                an, json_pack("{s:s, s:s}", "ags", l->anbieter_ags[k], "name", l->anbieter[k]));
        json_array_append_new(
            lu,
            json_pack("{s:I, s:s, s:o, s:I, s:o}", "ozg_id", (json_int_t)l->ozg_id, "leistung",
                      l->leistung, "themenfeld", json_string(l->themenfeld ? l->themenfeld : ""),
                      "anzahl", (json_int_t)l->n_anbieter, "anbieter", an ? an : json_array()));
    }
    for (size_t i = 0; bs && i < gb.n_bausteine; i++)
        json_array_append_new(
            bs, json_pack("{s:s, s:s, s:s, s:s}", "art", gb.bausteine[i].art, "name",
                          gb.bausteine[i].name, "hersteller",
                          gb.bausteine[i].hersteller ? gb.bausteine[i].hersteller : "", "seit",
                          gb.bausteine[i].seit ? gb.bausteine[i].seit : ""));
    const struct lagebild_gemeinde *g = &gb.gemeinde;
    json_t *d = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:I, s:o, s:o}", "ags", g->ags, "name", g->name,
        "kreis", g->kreis_ags, "kreis_name", gb.kreis, "einwohner", portal_zahl(r, g->einwohner),
        "z", zahlen(r, &g->z), "eakte", eakte_stufe_label(g->eakte), "eakte_plattform",
        eakte_stufe_label(g->eakte_plattform), "vergleich", (json_int_t)gb.n_vergleich, "luecken",
        lu ? lu : json_array(), "bausteine", bs ? bs : json_array());
    const char *titel = arena_printf(r->arena, "Umsetzung in %s", g->name);
    if (!titel) {
        json_decref(d);
        kseite_ende(&s);
        return ERR_NOMEM;
    }
    return kseite_zeigen(r, w, &s, "koordination/gemeinde", titel, d);
}
