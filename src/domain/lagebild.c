#include "domain/lagebild.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

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

int
lagebild_promille(const struct lagebild_zahlen *z)
{
    if (z->zellen <= 0)
        return 0;
    return (int)((z->online * 1000 + z->zellen / 2) / z->zellen);
}

static void
count(struct lagebild_zahlen *z, uint8_t cell)
{
    z->zellen++;
    if (cell & (UMS_PLATTFORM | UMS_MELDUNG)) {
        z->online++;
        if ((cell & UMS_REIFEGRAD_MASK) >= 3)
            z->reifegrad3++;
    }
    if (cell & UMS_PLATTFORM)
        z->plattform++;
    if (cell & UMS_MELDUNG)
        z->meldung++;
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

struct eakte_ctx {
    struct lagebild *lb;
};

static int
eakte_each(void *ctx, const struct ums_eakte *e)
{
    struct lagebild *lb = ((struct eakte_ctx *)ctx)->lb;
    enum eakte_stufe s;
    if (eakte_stufe_parse(e->stufe, &s) != ERR_OK || !e->gemeinde_ags)
        return ERR_OK;
    size_t lo = 0, hi = lb->n_gemeinden;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(lb->gemeinden[mid].ags, e->gemeinde_ags) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < lb->n_gemeinden && strcmp(lb->gemeinden[lo].ags, e->gemeinde_ags) == 0)
        lb->gemeinden[lo].eakte = s;
    return ERR_OK;
}

/* Themenfeld index of each OZG-Leistung into tf_of[], and the Themenfeld rows. */
static int
themenfelder(struct arena *a, const struct umsetzung_matrix *m, struct lagebild *lb, size_t *tf_of)
{
    lb->themenfelder = arena_zalloc(a, (m->n_ozg + 1) * sizeof(*lb->themenfelder));
    if (!lb->themenfelder)
        return ERR_LIMIT;
    for (size_t o = 0; o < m->n_ozg; o++) {
        int64_t id = m->ozg[o].themenfeld_id;
        size_t t = 0;
        while (t < lb->n_themenfelder && lb->themenfelder[t].id != id)
            t++;
        if (t == lb->n_themenfelder) {
            /* insert keeping the order by id */
            size_t at = 0;
            while (at < lb->n_themenfelder && lb->themenfelder[at].id < id)
                at++;
            memmove(&lb->themenfelder[at + 1], &lb->themenfelder[at],
                    (lb->n_themenfelder - at) * sizeof(*lb->themenfelder));
            lb->themenfelder[at] = (struct lagebild_themenfeld){
                .id = id, .name = m->ozg[o].themenfeld ? m->ozg[o].themenfeld : "ohne Themenfeld"};
            lb->n_themenfelder++;
            for (size_t p = 0; p < o; p++)
                if (tf_of[p] >= at)
                    tf_of[p]++;
            t = at;
        }
        tf_of[o] = t;
        lb->themenfelder[t].n_leistungen++;
    }
    return ERR_OK;
}

static int
verlauf(struct arena *a, const struct umsetzung_matrix *m, int64_t jetzt, struct lagebild *lb)
{
    time_t t = (time_t)jetzt;
    struct tm tm;
    gmtime_r(&t, &tm);
    int last = (tm.tm_year + 1900 - UMS_QUARTAL_BASIS) * 4 + tm.tm_mon / 3 + 1;
    if (last < 1)
        last = 1;
    int64_t *hist = arena_zalloc(a, ((size_t)last + 2) * sizeof(int64_t));
    if (!hist)
        return ERR_LIMIT;
    int first = last;
    size_t cells = m->n_gemeinden * m->n_ozg;
    for (size_t k = 0; k < cells; k++) {
        if (!(m->zelle[k] & (UMS_PLATTFORM | UMS_MELDUNG)))
            continue;
        int q = m->quartal[k];
        if (q <= 0 || q > last)
            q = last; /* unknown (or future) date: counted now */
        if (q < first)
            first = q;
        hist[q]++;
    }
    lb->n_verlauf = (size_t)(last - first + 1);
    lb->verlauf = arena_alloc(a, lb->n_verlauf * sizeof(*lb->verlauf));
    if (!lb->verlauf)
        return ERR_LIMIT;
    int64_t sum = 0;
    for (int q = 1; q < first; q++)
        sum += hist[q];
    for (int q = first; q <= last; q++) {
        sum += hist[q];
        struct lagebild_punkt *p = &lb->verlauf[q - first];
        p->jahr = UMS_QUARTAL_BASIS + (q - 1) / 4;
        p->quartal = (q - 1) % 4 + 1;
        p->online = sum;
    }
    return ERR_OK;
}

int
lagebild_berechnen(struct db_conn *c, struct arena *a, const struct actor *who,
                   const char *kreis_ags, int64_t jetzt, struct lagebild *out)
{
    struct umsetzung_gebiet g = {.kreis_ags = kreis_ags};
    struct umsetzung_matrix m;
    struct lagebild lb = {.kreis_ags = kreis_ags};
    const char *bad = NULL;
    int rc = umsetzung_darf_lesen(who, &g, &bad);
    if (rc != ERR_OK)
        return rc;
    rc = umsetzung_matrix_laden(c, a, kreis_ags ? kreis_ags : "", &m);
    if (rc != ERR_OK)
        return rc;
    lb.n_leistungen = (int64_t)m.n_ozg;
    lb.n_gemeinden = m.n_gemeinden;
    lb.gemeinden = arena_zalloc(a, (m.n_gemeinden + 1) * sizeof(*lb.gemeinden));
    lb.kreise = arena_zalloc(a, (m.n_gemeinden + 1) * sizeof(*lb.kreise));
    size_t *tf_of = arena_zalloc(a, (m.n_ozg + 1) * sizeof(size_t));
    if (!lb.gemeinden || !lb.kreise || !tf_of)
        return ERR_LIMIT;
    rc = themenfelder(a, &m, &lb, tf_of);
    if (rc != ERR_OK)
        return rc;
    for (size_t gi = 0; gi < m.n_gemeinden; gi++) {
        const struct ums_gemeinde *src = &m.gemeinden[gi];
        struct lagebild_gemeinde *lg = &lb.gemeinden[gi];
        lg->ags = src->ags;
        lg->name = src->name;
        lg->kreis_ags = src->kreis_ags;
        lg->typ = src->typ;
        lg->einwohner = src->einwohner;
        lg->eakte = EAKTE_UNBEKANNT;
        for (size_t o = 0; o < m.n_ozg; o++) {
            uint8_t zelle = m.zelle[gi * m.n_ozg + o];
            count(&lg->z, zelle);
            count(&lb.themenfelder[tf_of[o]].z, zelle);
        }
        add(&lb.gesamt, &lg->z);
    }
    struct eakte_ctx ex = {&lb};
    rc = store_ums_eakte_each(c, kreis_ags ? kreis_ags : "", eakte_each, &ex);
    if (rc != ERR_OK)
        return rc;
    /* Kreise: the Gemeinden are ordered by key, so a Kreis's Gemeinden are contiguous. */
    for (size_t gi = 0; gi < lb.n_gemeinden; gi++) {
        const struct lagebild_gemeinde *lg = &lb.gemeinden[gi];
        if (lb.n_kreise == 0 || strcmp(lb.kreise[lb.n_kreise - 1].ags, lg->kreis_ags) != 0) {
            lb.kreise[lb.n_kreise] =
                (struct lagebild_kreis){.ags = lg->kreis_ags, .name = m.gemeinden[gi].kreis};
            lb.n_kreise++;
        }
        struct lagebild_kreis *k = &lb.kreise[lb.n_kreise - 1];
        k->n_gemeinden++;
        k->einwohner += lg->einwohner;
        add(&k->z, &lg->z);
        k->eakte[lg->eakte]++;
        lb.eakte[lg->eakte]++;
    }
    rc = verlauf(a, &m, jetzt, &lb);
    if (rc != ERR_OK)
        return rc;
    *out = lb;
    return ERR_OK;
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
