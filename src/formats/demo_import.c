#include "formats/demo_import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/leistung.h"
#include "formats/demo_import_intern.h"
#include "formats/leistungen_import.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

/* ---- names, keys, dates ------------------------------------------------------------------ */

int
demo_slug(const char *name, char *out, size_t out_len)
{
    size_t n = 0;
    bool dash = false;
    const unsigned char *s = (const unsigned char *)name;

    if (out_len == 0)
        return ERR_LIMIT;
    for (size_t i = 0; s[i]; i++) {
        const char *rep = NULL;
        char one[2] = {0, 0};
        if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')) {
            one[0] = (char)s[i];
        } else if (s[i] >= 'A' && s[i] <= 'Z') {
            one[0] = (char)(s[i] - 'A' + 'a');
        } else if (s[i] == 0xC3 && s[i + 1]) {
            switch (s[i + 1]) {
            case 0xA4: /* ä */
            case 0x84: /* Ä */
                rep = "ae";
                break;
            case 0xB6: /* ö */
            case 0x96: /* Ö */
                rep = "oe";
                break;
            case 0xBC: /* ü */
            case 0x9C: /* Ü */
                rep = "ue";
                break;
            case 0x9F: /* ß */
                rep = "ss";
                break;
            default:
                break;
            }
            if (rep)
                i++;
        }
        if (one[0])
            rep = one;
        if (!rep) {
            dash = n > 0;
            continue;
        }
        size_t len = strlen(rep);
        if (n + (dash ? 1 : 0) + len + 1 > out_len)
            return ERR_LIMIT;
        if (dash)
            out[n++] = '-';
        dash = false;
        memcpy(out + n, rep, len);
        n += len;
    }
    out[n] = '\0';
    return n > 0 ? ERR_OK : ERR_INVALID;
}

/* FNV-1a over "a|b": the demo's only source of variety, stable across runs and machines. */
static uint32_t
hash2(const char *a, const char *b)
{
    uint32_t h = 2166136261u;
    for (const char *s = a; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    h = (h ^ (unsigned char)'|') * 16777619u;
    for (const char *s = b; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void
demo_seit(const char *ags, const char *leistung_id, char out[11])
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    /* 2022-01-01 plus 0..1460 days: the four years 2022-2025 (2024 a leap year) */
    unsigned day = (hash2(ags, leistung_id) >> 8) % 1461u;
    int year = 2022, month = 0;
    for (;;) {
        unsigned ylen = year == 2024 ? 366u : 365u;
        if (day < ylen)
            break;
        day -= ylen;
        year++;
    }
    for (;;) {
        unsigned mlen = (unsigned)mdays[month] + (month == 1 && year == 2024 ? 1u : 0u);
        if (day < mlen)
            break;
        day -= mlen;
        month++;
    }
    unsigned y = (unsigned)year, m = (unsigned)month + 1, d = day + 1;
    char s[11] = {(char)('0' + y / 1000),
                  (char)('0' + y / 100 % 10),
                  (char)('0' + y / 10 % 10),
                  (char)('0' + y % 10),
                  '-',
                  (char)('0' + m / 10),
                  (char)('0' + m % 10),
                  '-',
                  (char)('0' + d / 10),
                  (char)('0' + d % 10),
                  '\0'};
    memcpy(out, s, sizeof(s));
}

/* Whether the place `ags` offers the online service of Leistung `id` (anteil percent do). */
static bool
offers(const char *ags, const char *id, int anteil)
{
    return anteil >= 100 || (int)(hash2(ags, id) % 100u) < anteil;
}

static const char *
vorwahl_of(const struct demo_set *set, const char *gemeinde_ags, const char *kreis_ags)
{
    const char *kreis = NULL;
    for (size_t i = 0; i < set->n_vorwahlen; i++) {
        if (gemeinde_ags && strcmp(set->vorwahlen[i].ags, gemeinde_ags) == 0)
            return set->vorwahlen[i].vorwahl;
        if (kreis_ags && strcmp(set->vorwahlen[i].ags, kreis_ags) == 0)
            kreis = set->vorwahlen[i].vorwahl;
    }
    return kreis;
}

/* The name before the first comma ("Heidelberg, Stadtkreis" -> "Heidelberg") in the arena. */
static const char *
name_kurz(struct arena *a, const char *name)
{
    const char *comma = strchr(name, ',');
    return comma ? arena_strndup(a, name, (size_t)(comma - name)) : name;
}

/* ---- generation (inside the transaction) ------------------------------------------------- */

struct gen {
    const struct demo_set *set;
    struct leistungen_import *li; /* holds leistungen.json */
    struct arena *a;              /* reset at every attempt of the transaction */
    struct demo_result res;
    char *err;
    size_t err_len;
};

/* Where an authority is, for its offices. */
struct sitz {
    int64_t behoerde_id;
    const char *schluessel, *strasse, *plz, *ort, *vorwahl, *domain;
};

/* The descriptions, written by the Leistungen importer inside this transaction (it also bumps
 * meta 'katalog_version'), then marked as demo text. */
static int
write_leistungen(struct gen *g, struct db_conn *c)
{
    struct leistungen_import_stats st;
    struct buf lerr = BUF_INIT(4096);
    int rc = leistungen_import_apply(g->li, c, NULL, &st, &lerr);
    if (rc != ERR_OK)
        dm_set_err(g->err, g->err_len, "%s", lerr.len ? buf_cstr(&lerr) : err_name(rc));
    buf_free(&lerr);
    for (size_t i = 0; i < g->set->n_l && rc == ERR_OK; i++)
        rc = store_import_leistung_mark_demo(c, g->set->l[i].id);
    if (rc == ERR_OK)
        g->res.n_leistungen = (int64_t)st.n_json;
    return rc;
}

/* snprintf into the arena; NULL when it does not fit. */
static const char *gfmt(struct gen *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *
gfmt(struct gen *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(g->a, fmt, ap);
    va_end(ap);
    return s;
}

/* One office of authority `s` responsible for `gebiet`, its online services and its
 * responsibilities. */
static int
write_oe(struct gen *g, struct db_conn *c, const struct sitz *s, const struct d_amt *amt,
         const char *gebiet)
{
    int64_t oe_id;
    struct import_oe oe = {
        .behoerde_id = s->behoerde_id,
        .schluessel = gfmt(g, "%s-%s", s->schluessel, amt->key),
        .name = amt->name,
        .strasse = s->strasse,
        .plz = s->plz,
        .ort = s->ort,
        .telefon = s->vorwahl ? gfmt(g, "%s 000-%s", s->vorwahl, amt->durchwahl) : NULL,
        .email = gfmt(g, "%s@%s.demo.invalid", amt->email, s->domain),
        .oeffnungszeiten = amt->oeffnungszeiten,
        .is_demo = true,
    };
    if (!oe.schluessel || !oe.email || (s->vorwahl && !oe.telefon))
        return ERR_NOMEM;
    int rc = store_import_oe_upsert(c, &oe, &oe_id);
    for (size_t i = 0; i < amt->n_l && rc == ERR_OK; i++) {
        const struct d_amt_leistung *al = &amt->l[i];
        int64_t od_id = 0;
        if (al->online && offers(gebiet, al->id, al->anteil)) {
            char seit[11];
            demo_seit(gebiet, al->id, seit);
            struct import_onlinedienst od = {
                .schluessel = gfmt(g, "%s-%s", oe.schluessel, al->id),
                .oe_id = oe_id,
                .leistung_id = al->id,
                .name = al->online,
                .url = gfmt(g, "/antrag/neu?leistung=%s&ort=%s", al->id, gebiet),
                .reifegrad = al->reifegrad,
                .seit = seit,
                .is_demo = true,
            };
            if (!od.schluessel || !od.url)
                return ERR_NOMEM;
            rc = store_import_onlinedienst_upsert(c, &od, &od_id);
        }
        if (rc == ERR_OK) {
            struct import_zustaendigkeit z = {
                .leistung_id = al->id,
                .gebiet_ags = gebiet,
                .oe_id = oe_id,
                .onlinedienst_id = od_id,
                .is_demo = true,
            };
            rc = store_import_zustaendigkeit_upsert(c, &z);
        }
    }
    return rc;
}

static int
write_aemter(struct gen *g, struct db_conn *c, const struct sitz *s, const struct d_liste *l,
             const char *gebiet)
{
    int rc = ERR_OK;
    for (size_t i = 0; i < l->n && rc == ERR_OK; i++)
        rc = write_oe(g, c, s, l->a[i], gebiet);
    return rc;
}

static bool
is_stadt(const char *typ)
{
    return typ && (strstr(typ, "Stadt") || strstr(typ, "stadt"));
}

/* The authority of one Gemeinde (for a Stadtkreis also doing the district's tasks). */
static int
write_gemeinde(struct gen *g, struct db_conn *c, const struct import_kreis_info *k,
               const struct import_ort *o, const struct d_art *art)
{
    char slug[128];
    int rc = demo_slug(o->name_kurz, slug, sizeof(slug));
    if (rc != ERR_OK) {
        dm_set_err(g->err, g->err_len, "Gemeinde %s: kein Name für die Demo-Adresse", o->ags);
        return rc;
    }
    struct sitz s = {
        .schluessel = gfmt(g, "demo-%s", o->ags),
        .strasse = art->strasse,
        .plz = o->plz,
        .ort = o->name_kurz,
        .vorwahl = vorwahl_of(g->set, o->ags, k->ags),
        .domain = gfmt(g, "%s%s", art->domain_praefix ? art->domain_praefix : "", slug),
    };
    struct import_behoerde b = {
        .schluessel = s.schluessel,
        .name =
            gfmt(g, "%s %s", is_stadt(o->typ) ? art->praefix_stadt : art->praefix, o->name_kurz),
        .art = art->art,
        .gemeinde_ags = o->ags,
        .kreis_ags = k->ags,
        .strasse = s.strasse,
        .plz = s.plz,
        .ort = s.ort,
        .telefon = s.vorwahl ? gfmt(g, "%s 000-0", s.vorwahl) : NULL,
        .email = s.domain ? gfmt(g, "%s@%s.demo.invalid", art->email, s.domain) : NULL,
        .webseite = s.domain ? gfmt(g, "https://www.%s.demo.invalid", s.domain) : NULL,
        .is_demo = true,
    };
    if (!s.schluessel || !s.domain || !b.name || !b.email || !b.webseite ||
        (s.vorwahl && !b.telefon))
        return ERR_NOMEM;
    rc = store_import_behoerde_upsert(c, &b, &s.behoerde_id);
    if (rc == ERR_OK)
        rc = write_aemter(g, c, &s, &art->gemeinde, o->ags);
    if (rc == ERR_OK)
        rc = write_aemter(g, c, &s, &art->kreis, k->ags);
    return rc;
}

/* The Landratsamt, at the Gemeinde named as the Kreis's seat (else the most populous). */
static int
write_landratsamt(struct gen *g, struct db_conn *c, const struct import_kreis_info *k,
                  const struct import_ort *orte, size_t n)
{
    const struct d_art *art = &g->set->arten[ART_LANDRATSAMT];
    const struct import_ort *seat = &orte[0];
    const char *kurz = name_kurz(g->a, k->name);
    char slug[128];
    int rc;

    for (size_t i = 1; i < n; i++)
        if (orte[i].einwohner > seat->einwohner)
            seat = &orte[i];
    for (size_t i = 0; i < n && k->verwaltungssitz; i++)
        if (orte[i].name_kurz && strcmp(orte[i].name_kurz, k->verwaltungssitz) == 0)
            seat = &orte[i];
    if (!kurz)
        return ERR_NOMEM;
    rc = demo_slug(kurz, slug, sizeof(slug));
    if (rc != ERR_OK) {
        dm_set_err(g->err, g->err_len, "Kreis %s: kein Name für die Demo-Adresse", k->ags);
        return rc;
    }
    struct sitz s = {
        .schluessel = gfmt(g, "demo-lra-%s", k->ags),
        .strasse = art->strasse,
        .plz = seat->plz,
        .ort = seat->name_kurz,
        .vorwahl = vorwahl_of(g->set, seat->ags, k->ags),
        .domain = gfmt(g, "%s%s", art->domain_praefix ? art->domain_praefix : "", slug),
    };
    struct import_behoerde b = {
        .schluessel = s.schluessel,
        .name = gfmt(g, "%s %s", art->praefix, kurz),
        .art = art->art,
        .gemeinde_ags = seat->ags,
        .kreis_ags = k->ags,
        .strasse = s.strasse,
        .plz = s.plz,
        .ort = s.ort,
        .telefon = s.vorwahl ? gfmt(g, "%s 000-0", s.vorwahl) : NULL,
        .email = s.domain ? gfmt(g, "%s@%s.demo.invalid", art->email, s.domain) : NULL,
        .webseite = s.domain ? gfmt(g, "https://www.%s.demo.invalid", s.domain) : NULL,
        .is_demo = true,
    };
    if (!s.schluessel || !s.domain || !b.name || !b.email || !b.webseite ||
        (s.vorwahl && !b.telefon))
        return ERR_NOMEM;
    rc = store_import_behoerde_upsert(c, &b, &s.behoerde_id);
    if (rc == ERR_OK)
        rc = write_aemter(g, c, &s, &art->kreis, k->ags);
    return rc;
}

static int
write_kreis(struct gen *g, struct db_conn *c, const char *kreis_ags, bool *is_stadtkreis,
            const char **kurz)
{
    struct import_kreis_info k;
    struct import_ort *orte = NULL;
    size_t n = 0;
    int rc = store_import_kreis_info(c, g->a, kreis_ags, &k);
    if (rc == ERR_OK)
        rc = store_import_kreis_orte(c, g->a, kreis_ags, N_ORTE_MAX, &orte, &n);
    if (rc == ERR_OK && n == 0)
        rc = ERR_NOTFOUND;
    if (rc == ERR_NOTFOUND) {
        dm_set_err(g->err, g->err_len,
                   "Kreis %s oder seine Gemeinden fehlen in der Datenbank: zuerst das "
                   "Gemeindeverzeichnis importieren (rathaus import gemeinden)",
                   kreis_ags);
        return rc;
    }
    if (rc != ERR_OK)
        return rc;
    *is_stadtkreis = k.typ && strcmp(k.typ, "Stadtkreis") == 0;
    *kurz = name_kurz(g->a, k.name);
    if (!*kurz)
        return ERR_NOMEM;
    for (size_t i = 0; i < n && rc == ERR_OK; i++) {
        enum art_kind kind = ART_GEMEINDE;
        if (*is_stadtkreis)
            kind = ART_STADTKREIS;
        else if (orte[i].typ && strcmp(orte[i].typ, "Große Kreisstadt") == 0)
            kind = ART_GKS;
        rc = write_gemeinde(g, c, &k, &orte[i], &g->set->arten[kind]);
    }
    if (rc == ERR_OK && !*is_stadtkreis)
        rc = write_landratsamt(g, c, &k, orte, n);
    return rc;
}

static int
write_land(struct gen *g, struct db_conn *c, const struct d_land *l)
{
    struct sitz s = {
        .schluessel = l->schluessel,
        .strasse = l->strasse,
        .plz = l->plz,
        .ort = l->ort,
        .vorwahl = l->vorwahl,
        .domain = l->domain,
    };
    struct import_behoerde b = {
        .schluessel = l->schluessel,
        .name = l->name,
        .art = l->art,
        .strasse = l->strasse,
        .plz = l->plz,
        .ort = l->ort,
        .telefon = gfmt(g, "%s 000-0", l->vorwahl),
        .email = gfmt(g, "%s@%s.demo.invalid", l->email, l->domain),
        .webseite = gfmt(g, "https://www.%s.demo.invalid", l->domain),
        .is_demo = true,
    };
    if (!b.telefon || !b.email || !b.webseite)
        return ERR_NOMEM;
    int rc = store_import_behoerde_upsert(c, &b, &s.behoerde_id);
    if (rc == ERR_OK)
        rc = write_aemter(g, c, &s, &l->aemter, "08");
    return rc;
}

/* "Landkreise Böblingen, Tübingen; Stadtkreis Heidelberg" from the names in order. */
static void
gebiete_text(char *out, size_t out_len, const char *const *names, const bool *stadt, size_t n)
{
    struct buf b = BUF_INIT(out_len > 0 ? out_len - 1 : 0);
    int rc = ERR_OK;
    for (int pass = 0; pass < 2; pass++) {
        size_t count = 0, done = 0;
        for (size_t i = 0; i < n; i++)
            count += stadt[i] == (pass == 1);
        if (count == 0)
            continue;
        if (b.len > 0)
            rc = buf_puts(&b, "; ");
        if (rc == ERR_OK)
            rc = buf_puts(&b, pass == 0 ? (count > 1 ? "Landkreise " : "Landkreis ")
                                        : (count > 1 ? "Stadtkreise " : "Stadtkreis "));
        for (size_t i = 0; i < n && rc == ERR_OK; i++) {
            if (stadt[i] != (pass == 1))
                continue;
            if (done++ > 0)
                rc = buf_puts(&b, ", ");
            if (rc == ERR_OK)
                rc = buf_puts(&b, names[i]);
        }
    }
    /* a summary cut at out_len is still a summary */
    dm_set_err(out, out_len, "%s", buf_cstr(&b));
    buf_free(&b);
}

static int
gen_tx(struct db_conn *c, void *ctx)
{
    struct gen *g = ctx;
    const char *names[N_KREISE_MAX];
    bool stadt[N_KREISE_MAX];
    int rc;

    arena_reset(g->a);
    memset(&g->res, 0, sizeof(g->res));
    rc = write_leistungen(g, c);
    for (size_t i = 0; i < g->set->n_land && rc == ERR_OK; i++)
        rc = write_land(g, c, &g->set->land[i]);
    for (size_t i = 0; i < g->set->n_kreise && rc == ERR_OK; i++)
        rc = write_kreis(g, c, g->set->kreise[i], &stadt[i], &names[i]);
    if (rc == ERR_OK)
        rc = store_import_meta_set(c, "demo", "1");
    if (rc == ERR_OK)
        rc = store_import_demo_counts(c, &g->res.counts);
    if (rc == ERR_OK)
        gebiete_text(g->res.gebiete, sizeof(g->res.gebiete), names, stadt, g->set->n_kreise);
    return rc;
}

int
demo_import(struct db_conn *c, const char *dir, struct demo_result *out, char *err, size_t err_len)
{
    struct demo_set set = {0};
    struct arena *parse = arena_new(ARENA_CAP), *work = arena_new(ARENA_CAP);
    struct leistungen_import *li = NULL;
    struct gen g = {.set = &set, .a = work, .err = err, .err_len = err_len};
    int rc;

    dm_set_err(err, err_len, "%s", "");
    rc = leistungen_import_new(&li);
    if (rc != ERR_OK || !parse || !work) {
        rc = ERR_NOMEM;
        dm_set_err(err, err_len, "zu wenig Speicher für die Demo-Daten");
        goto out;
    }
    g.li = li;
    rc = dm_load_set(dir, li, parse, &set, err, err_len);
    if (rc != ERR_OK)
        goto out;
    rc = db_tx(c, gen_tx, &g);
    if (rc != ERR_OK && err && err_len > 0 && err[0] == '\0')
        dm_set_err(err, err_len, "Demo-Daten können nicht geschrieben werden (%s)", err_name(rc));
    if (rc == ERR_OK)
        *out = g.res;
out:
    leistungen_import_free(li);
    arena_free(work);
    arena_free(parse);
    return rc;
}
