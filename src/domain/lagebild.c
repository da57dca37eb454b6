#include "domain/lagebild.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/lagebild_cache.h"
#include "domain/umsetzung.h"
#include "store/umsetzung.h"

static const char *const stufe_namen[EAKTE_ANZAHL] = {
    "nicht_begonnen", "geplant", "pilot", "teilweise", "flaechendeckend", "unbekannt",
};
static const char *const stufe_labels[EAKTE_ANZAHL] = {
    "nicht begonnen", "geplant", "Pilot", "in einzelnen Ämtern", "flächendeckend", "keine Angabe",
};

const char *
eakte_stufe_name(enum eakte_stufe s)
{
    return (unsigned)s < EAKTE_ANZAHL ? stufe_namen[s] : NULL;
}

const char *
eakte_stufe_label(enum eakte_stufe s)
{
    return (unsigned)s < EAKTE_ANZAHL ? stufe_labels[s] : NULL;
}

int
eakte_stufe_parse(const char *name, enum eakte_stufe *out)
{
    for (unsigned i = 0; name && i < EAKTE_UNBEKANNT; i++) {
        if (strcmp(name, stufe_namen[i]) == 0) {
            *out = (enum eakte_stufe)i;
            return ERR_OK;
        }
    }
    return ERR_INVALID;
}

enum eakte_stufe
eakte_stufe_aus_nutzung(int64_t aemter, int64_t aemter_mit_akten)
{
    if (aemter <= 0)
        return EAKTE_UNBEKANNT;
    if (aemter_mit_akten <= 0)
        return EAKTE_NICHT_BEGONNEN;
    return aemter_mit_akten < aemter ? EAKTE_TEILWEISE : EAKTE_FLAECHENDECKEND;
}

int
lagebild_promille(const struct lagebild_zahlen *z)
{
    if (z->zellen <= 0)
        return 0;
    return (int)((z->online * 1000 + z->zellen / 2) / z->zellen);
}

static void
add(struct lagebild_zahlen *to, const struct lagebild_zahlen *z)
{
    to->zellen += z->zellen;
    to->online += z->online;
    to->plattform += z->plattform;
    to->meldung += z->meldung;
    to->reifegrad3 += z->reifegrad3;
}

static const char *const gk_namen[GK_ANZAHL] = {"", "unter_5000", "5000_20000", "20000_100000",
                                                "ab_100000"};
static const char *const gk_labels[GK_ANZAHL] = {
    "alle Größen", "unter 5.000 Einwohner", "5.000 bis unter 20.000 Einwohner",
    "20.000 bis unter 100.000 Einwohner", "100.000 Einwohner und mehr"};
static const int64_t gk_min[GK_ANZAHL] = {0, 0, 5000, 20000, 100000};
static const int64_t gk_max[GK_ANZAHL] = {0, 5000, 20000, 100000, INT64_MAX};

const char *
groessenklasse_name(enum groessenklasse g)
{
    return (unsigned)g < GK_ANZAHL ? gk_namen[g] : NULL;
}

const char *
groessenklasse_label(enum groessenklasse g)
{
    return (unsigned)g < GK_ANZAHL ? gk_labels[g] : NULL;
}

void
groessenklasse_band(enum groessenklasse g, int64_t *min, int64_t *max)
{
    *min = (unsigned)g < GK_ANZAHL ? gk_min[g] : 0;
    *max = (unsigned)g < GK_ANZAHL ? gk_max[g] : 0;
}

int
groessenklasse_parse(const char *name, enum groessenklasse *out)
{
    if (!name || !*name) {
        *out = GK_ALLE;
        return ERR_OK;
    }
    for (unsigned i = 1; i < GK_ANZAHL; i++) {
        if (strcmp(name, gk_namen[i]) == 0) {
            *out = (enum groessenklasse)i;
            return ERR_OK;
        }
    }
    return ERR_INVALID;
}

static long
find_gemeinde(const struct lagebild *lb, const char *ags)
{
    size_t lo = 0, hi = lb->n_gemeinden;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(lb->gemeinden[mid].ags, ags) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lb->n_gemeinden && strcmp(lb->gemeinden[lo].ags, ags) == 0 ? (long)lo : -1;
}

static long
find_themenfeld(const struct lagebild *lb, int64_t id)
{
    size_t lo = 0, hi = lb->n_themenfelder;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lb->themenfelder[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lb->n_themenfelder && lb->themenfelder[lo].id == id ? (long)lo : -1;
}

static int
eakte_each(void *ctx, const struct ums_eakte *e)
{
    struct lagebild *lb = ctx;
    enum eakte_stufe s;
    if (eakte_stufe_parse(e->stufe, &s) != ERR_OK || !e->gemeinde_ags)
        return ERR_OK;
    long gi = find_gemeinde(lb, e->gemeinde_ags);
    if (gi >= 0)
        lb->gemeinden[gi].eakte = s;
    return ERR_OK;
}

static int
nutzung_each(void *ctx, const struct ums_eakte_nutzung *n)
{
    struct lagebild *lb = ctx;
    long gi = find_gemeinde(lb, n->gemeinde_ags);
    if (gi >= 0)
        lb->gemeinden[gi].eakte_plattform = eakte_stufe_aus_nutzung(n->aemter, n->aemter_mit_akten);
    return ERR_OK;
}

/* The Themenfeld rows (ordered by id) of the OZG-Leistungen considered. */
static int
themenfelder(struct arena *a, const struct ums_ozg *ozg, size_t n_ozg, struct lagebild *lb)
{
    lb->themenfelder = arena_zalloc(a, (n_ozg + 1) * sizeof(*lb->themenfelder));
    if (!lb->themenfelder)
        return ERR_LIMIT;
    for (size_t o = 0; o < n_ozg; o++) {
        int64_t id = ozg[o].themenfeld_id;
        long t = find_themenfeld(lb, id);
        if (t < 0) {
            size_t at = 0;
            while (at < lb->n_themenfelder && lb->themenfelder[at].id < id)
                at++;
            memmove(&lb->themenfelder[at + 1], &lb->themenfelder[at],
                    (lb->n_themenfelder - at) * sizeof(*lb->themenfelder));
            lb->themenfelder[at] = (struct lagebild_themenfeld){
                .id = id, .name = ozg[o].themenfeld ? ozg[o].themenfeld : "ohne Themenfeld"};
            lb->n_themenfelder++;
            t = (long)at;
        }
        lb->themenfelder[t].n_leistungen++;
    }
    return ERR_OK;
}

static int
zahlen_each(void *ctx, const struct ums_zahlen *z)
{
    struct lagebild *lb = ctx;
    long gi = find_gemeinde(lb, z->gemeinde_ags);
    long ti = find_themenfeld(lb, z->themenfeld_id);
    if (gi < 0 || ti < 0)
        return ERR_OK; /* outside the size class or the Themenfeld asked for */
    struct lagebild_zahlen d = {.online = z->online,
                                .plattform = z->plattform,
                                .meldung = z->meldung,
                                .reifegrad3 = z->reifegrad3};
    add(&lb->gemeinden[gi].z, &d);
    add(&lb->themenfelder[ti].z, &d);
    return ERR_OK;
}

/* The quarter of `jetzt` as an index from UMS_QUARTAL_BASIS on (at least 1). */
static int
quartal_von(int64_t jetzt)
{
    time_t t = (time_t)jetzt;
    struct tm tm;
    gmtime_r(&t, &tm);
    int q = (tm.tm_year + 1900 - UMS_QUARTAL_BASIS) * 4 + tm.tm_mon / 3 + 1;
    return q < 1 ? 1 : q;
}

struct verlauf_ctx {
    int64_t *hist;
    int last, first;
};

static int
seit_each(void *ctx, const char *seit, int64_t n)
{
    struct verlauf_ctx *v = ctx;
    int q = umsetzung_quartal(seit);
    if (q <= 0 || q > v->last)
        q = v->last; /* unknown (or future) date: counted now */
    if (q < v->first)
        v->first = q;
    v->hist[q] += n;
    return ERR_OK;
}

static int
verlauf(struct db_conn *c, struct arena *a, const struct ums_seit_filter *f, int64_t jetzt,
        struct lagebild *lb)
{
    int last = quartal_von(jetzt);
    struct verlauf_ctx v = {arena_zalloc(a, ((size_t)last + 2) * sizeof(int64_t)), last, last};
    if (!v.hist)
        return ERR_LIMIT;
    int rc = store_ums_seit_each(c, f, seit_each, &v);
    if (rc != ERR_OK)
        return rc;
    lb->n_verlauf = (size_t)(last - v.first + 1);
    lb->verlauf = arena_alloc(a, lb->n_verlauf * sizeof(*lb->verlauf));
    if (!lb->verlauf)
        return ERR_LIMIT;
    int64_t sum = 0;
    for (int q = v.first; q <= last; q++) {
        sum += v.hist[q];
        struct lagebild_punkt *p = &lb->verlauf[q - v.first];
        p->jahr = UMS_QUARTAL_BASIS + (q - 1) / 4;
        p->quartal = (q - 1) % 4 + 1;
        p->online = sum;
    }
    return ERR_OK;
}

static int
filter_pruefen(const struct actor *who, const struct lagebild_filter *f, const char **bad)
{
    struct umsetzung_gebiet g = {.kreis_ags = f->kreis_ags};
    int rc = umsetzung_darf_lesen(who, &g, bad);
    if (rc != ERR_OK)
        return rc;
    if (f->rb_ags && (strlen(f->rb_ags) != 3 || strspn(f->rb_ags, "0123456789") != 3 ||
                      (f->kreis_ags && strncmp(f->kreis_ags, f->rb_ags, 3) != 0))) {
        *bad = "regierungsbezirk";
        return ERR_INVALID;
    }
    if ((unsigned)f->groesse >= GK_ANZAHL) {
        *bad = "groesse";
        return ERR_INVALID;
    }
    if (f->themenfeld_id < 0) {
        *bad = "themenfeld";
        return ERR_INVALID;
    }
    return ERR_OK;
}

/* The picture computed from the database (no cache); the filter is checked. */
static int
berechnen(struct db_conn *c, struct arena *a, const struct lagebild_filter *f, int64_t jetzt,
          struct lagebild *out, const char **bad)
{
    struct lagebild lb = {.kreis_ags = f->kreis_ags, .filter = *f};
    struct ums_gemeinde *gem;
    struct ums_ozg *ozg;
    size_t n_gem, n_ozg, n_tf = 0;
    int64_t ew_min, ew_max;
    int rc;
    const char *prefix = f->kreis_ags ? f->kreis_ags : f->rb_ags ? f->rb_ags : "";
    groessenklasse_band(f->groesse, &ew_min, &ew_max);
    rc = store_ums_gemeinden(c, a, prefix, &gem, &n_gem);
    if (rc == ERR_OK)
        rc = store_ums_ozg(c, a, 0, &ozg, &n_ozg);
    if (rc != ERR_OK)
        return rc;
    /* the OZG-Leistungen of the Themenfeld asked for (in place: the array is ours) */
    for (size_t o = 0; o < n_ozg; o++)
        if (f->themenfeld_id <= 0 || ozg[o].themenfeld_id == f->themenfeld_id)
            ozg[n_tf++] = ozg[o];
    if (f->themenfeld_id > 0 && n_tf == 0) {
        *bad = "themenfeld";
        return ERR_INVALID;
    }
    lb.n_leistungen = (int64_t)n_tf;
    lb.gemeinden = arena_zalloc(a, (n_gem + 1) * sizeof(*lb.gemeinden));
    lb.kreise = arena_zalloc(a, (n_gem + 1) * sizeof(*lb.kreise));
    if (!lb.gemeinden || !lb.kreise)
        return ERR_LIMIT;
    for (size_t gi = 0; gi < n_gem; gi++) {
        if (ew_max > 0 && (gem[gi].einwohner < ew_min || gem[gi].einwohner >= ew_max))
            continue;
        struct lagebild_gemeinde *lg = &lb.gemeinden[lb.n_gemeinden++];
        lg->ags = gem[gi].ags;
        lg->name = gem[gi].name;
        lg->kreis_ags = gem[gi].kreis_ags;
        lg->typ = gem[gi].typ;
        lg->einwohner = gem[gi].einwohner;
        lg->eakte = EAKTE_UNBEKANNT;
        lg->eakte_plattform = EAKTE_UNBEKANNT;
        lg->z.zellen = (int64_t)n_tf;
    }
    rc = themenfelder(a, ozg, n_tf, &lb);
    if (rc == ERR_OK)
        rc = store_ums_zahlen_each(c, prefix, zahlen_each, &lb);
    if (rc == ERR_OK)
        rc = store_ums_eakte_each(c, prefix, eakte_each, &lb);
    if (rc == ERR_OK)
        rc = store_ums_eakte_nutzung_each(c, prefix, nutzung_each, &lb);
    if (rc != ERR_OK)
        return rc;
    for (size_t t = 0; t < lb.n_themenfelder; t++)
        lb.themenfelder[t].z.zellen = lb.themenfelder[t].n_leistungen * (int64_t)lb.n_gemeinden;
    /* Kreise: the Gemeinden are ordered by key, so a Kreis's Gemeinden are contiguous. */
    size_t gk = 0;
    for (size_t gi = 0; gi < lb.n_gemeinden; gi++) {
        const struct lagebild_gemeinde *lg = &lb.gemeinden[gi];
        add(&lb.gesamt, &lg->z);
        while (gk < n_gem && strcmp(gem[gk].ags, lg->ags) != 0)
            gk++;
        if (lb.n_kreise == 0 || strcmp(lb.kreise[lb.n_kreise - 1].ags, lg->kreis_ags) != 0) {
            lb.kreise[lb.n_kreise] = (struct lagebild_kreis){
                .ags = lg->kreis_ags, .name = gk < n_gem ? gem[gk].kreis : lg->kreis_ags};
            lb.n_kreise++;
        }
        struct lagebild_kreis *k = &lb.kreise[lb.n_kreise - 1];
        k->n_gemeinden++;
        k->einwohner += lg->einwohner;
        add(&k->z, &lg->z);
        k->eakte[lg->eakte]++;
        lb.eakte[lg->eakte]++;
        k->eakte_plattform[lg->eakte_plattform]++;
        lb.eakte_plattform[lg->eakte_plattform]++;
    }
    struct ums_seit_filter sf = {
        .prefix = prefix, .themenfeld_id = f->themenfeld_id, .ew_min = ew_min, .ew_max = ew_max};
    rc = verlauf(c, a, &sf, jetzt, &lb);
    if (rc != ERR_OK)
        return rc;
    *out = lb;
    return ERR_OK;
}

int
lagebild_schluessel(struct db_conn *c, const struct actor *who, const struct lagebild_filter *f,
                    int64_t jetzt, struct lagebild_stand *out, const char **bad)
{
    bool eigen = false;
    int rc = filter_pruefen(who, f, bad);
    if (rc == ERR_OK)
        rc = store_ums_stand(c, &out->version, &eigen);
    if (rc != ERR_OK)
        return rc;
    out->key[0] = '\0';
    if (eigen)
        return ERR_OK; /* inside the transaction that changed the figures: not cached */
    int n = snprintf(out->key, sizeof(out->key), "k=%s|rb=%s|g=%d|tf=%lld|q=%d",
                     f->kreis_ags ? f->kreis_ags : "", f->rb_ags ? f->rb_ags : "", (int)f->groesse,
                     (long long)f->themenfeld_id, quartal_von(jetzt));
    if (n < 0 || (size_t)n >= sizeof(out->key))
        out->key[0] = '\0'; /* not cached */
    return ERR_OK;
}

int
lagebild_filtern(struct db_conn *c, struct arena *a, const struct actor *who,
                 const struct lagebild_filter *f, int64_t jetzt, struct lagebild *out,
                 const char **bad)
{
    struct lagebild_stand st;
    /* the stamp is read BEFORE the figures: a change committed in between gives figures newer
     * than the stamp they are stored under, which is then never current again (harmless) */
    int rc = lagebild_schluessel(c, who, f, jetzt, &st, bad);
    if (rc != ERR_OK)
        return rc;
    if (st.key[0] && lagebild_cache_bild(st.key, st.version, a, out)) {
        out->kreis_ags = f->kreis_ags;
        out->filter = *f;
        return ERR_OK;
    }
    rc = berechnen(c, a, f, jetzt, out, bad);
    if (rc == ERR_OK && st.key[0])
        lagebild_cache_bild_merken(st.key, st.version, out);
    return rc;
}

int
lagebild_berechnen(struct db_conn *c, struct arena *a, const struct actor *who,
                   const char *kreis_ags, int64_t jetzt, struct lagebild *out)
{
    struct lagebild_filter f = {.kreis_ags = kreis_ags};
    const char *bad = NULL;
    return lagebild_filtern(c, a, who, &f, jetzt, out, &bad);
}

static int
cmp_luecke(const void *pa, const void *pb)
{
    const struct vergleich_luecke *x = pa, *y = pb;
    if (x->n_anbieter != y->n_anbieter)
        return x->n_anbieter > y->n_anbieter ? -1 : 1;
    return (x->ozg_id > y->ozg_id) - (x->ozg_id < y->ozg_id);
}

int
lagebild_gemeinde(struct db_conn *c, struct arena *a, const struct actor *who, const char *ags,
                  int64_t jetzt, struct gemeinde_bild *out)
{
    struct gemeinde_bild gb = {0};
    struct lagebild lb;
    struct umsetzung_matrix m;
    char kreis[6];
    if (!ags || strlen(ags) != 8 || strspn(ags, "0123456789") != 8)
        return ERR_INVALID;
    memcpy(kreis, ags, 5);
    kreis[5] = '\0';
    int rc = lagebild_berechnen(c, a, who, kreis, jetzt, &lb);
    if (rc != ERR_OK)
        return rc;
    size_t gi = lb.n_gemeinden;
    for (size_t i = 0; i < lb.n_gemeinden; i++)
        if (strcmp(lb.gemeinden[i].ags, ags) == 0)
            gi = i;
    if (gi == lb.n_gemeinden)
        return ERR_NOTFOUND;
    /* the cells again, for the comparison (the same few queries; nothing cached) */
    rc = umsetzung_matrix_laden(c, a, kreis, &m);
    if (rc != ERR_OK)
        return rc;
    gb.gemeinde = lb.gemeinden[gi];
    gb.kreis = lb.kreise[0].name;
    int64_t ew = gb.gemeinde.einwohner;
    bool *vergleich = arena_zalloc(a, m.n_gemeinden + 1);
    if (!vergleich)
        return ERR_LIMIT;
    for (size_t i = 0; i < m.n_gemeinden; i++) {
        int64_t e = m.gemeinden[i].einwohner;
        if (i != gi && e * 2 >= ew && e <= ew * 2) {
            vergleich[i] = true;
            gb.n_vergleich++;
        }
    }
    if (gb.n_vergleich < 3) {
        gb.n_vergleich = 0;
        for (size_t i = 0; i < m.n_gemeinden; i++) {
            vergleich[i] = i != gi;
            gb.n_vergleich += i != gi;
        }
    }
    gb.luecken = arena_zalloc(a, (m.n_ozg + 1) * sizeof(*gb.luecken));
    if (!gb.luecken)
        return ERR_LIMIT;
    for (size_t o = 0; o < m.n_ozg; o++) {
        if (m.zelle[gi * m.n_ozg + o] & (UMS_PLATTFORM | UMS_MELDUNG))
            continue;
        struct vergleich_luecke *l = &gb.luecken[gb.n_luecken];
        for (size_t i = 0; i < m.n_gemeinden; i++) {
            if (!vergleich[i] || !(m.zelle[i * m.n_ozg + o] & (UMS_PLATTFORM | UMS_MELDUNG)))
                continue;
            if (l->n_anbieter < 3) {
                l->anbieter[l->n_anbieter] = m.gemeinden[i].name;
                l->anbieter_ags[l->n_anbieter] = m.gemeinden[i].ags;
            }
            l->n_anbieter++;
        }
        if (l->n_anbieter) {
            l->ozg_id = m.ozg[o].id;
            l->leistung = m.ozg[o].name;
            l->themenfeld = m.ozg[o].themenfeld;
            gb.n_luecken++;
        }
    }
    if (gb.n_luecken > 1)
        qsort(gb.luecken, gb.n_luecken, sizeof(*gb.luecken), cmp_luecke);
    if (gb.n_luecken > 50)
        gb.n_luecken = 50;
    rc = store_ums_bausteine(c, a, ags, &gb.bausteine, &gb.n_bausteine);
    if (rc == ERR_OK)
        *out = gb;
    return rc;
}
