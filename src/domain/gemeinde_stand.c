#include "domain/gemeinde_stand.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/protokoll.h"
#include "domain/umsetzung.h"
#include "store/db.h"

#define MAX_NAME  200
#define MAX_NOTIZ 2000

static const char *const schritte[STAND_SCHRITTE] = {"zustaendigkeit", "fachverfahren", "formular",
                                                     "bezahlung",      "test",          "freigabe"};
static const char *const schritt_labels[STAND_SCHRITTE] = {
    "Zuständigkeit eingetragen", "Fachverfahren angebunden", "Formular veröffentlicht",
    "Bezahlung eingerichtet",    "Test bestanden",           "Freigabe erteilt"};
static const char *const arten[][2] = {
    {"portal", "Portal"},
    {"formularserver", "Formularserver"},
    {"bezahlplattform", "Bezahlplattform"},
    {"servicekonto", "Servicekonto"},
    {"fachverfahren", "Fachverfahren"},
    {"eakte", "E-Akte"},
    {"sonstiges", "Sonstiges"},
};
#define N_ARTEN (sizeof(arten) / sizeof(arten[0]))
#define N_BASIS 4 /* the first four kinds: what every online service needs */

const char *
stand_schritt_name(size_t i)
{
    return i < STAND_SCHRITTE ? schritte[i] : NULL;
}

const char *
stand_schritt_label(const char *name)
{
    for (size_t i = 0; name && i < STAND_SCHRITTE; i++)
        if (strcmp(name, schritte[i]) == 0)
            return schritt_labels[i];
    return NULL;
}

const char *
stand_art_label(const char *art)
{
    for (size_t i = 0; art && i < N_ARTEN; i++)
        if (strcmp(art, arten[i][0]) == 0)
            return arten[i][1];
    return NULL;
}

static int
fehler(struct feld_fehler *f, const char *feld, const char *text)
{
    f->feld = feld;
    f->text = text;
    return ERR_INVALID;
}

static bool
is_line(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= max && str_is_clean_utf8(s, n) && !strpbrk(s, "\r\n");
}

static void
heute(int64_t jetzt, char out[11])
{
    time_t t = (time_t)jetzt;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int
datum_pruefen(const struct umfeld *u, const char *seit, struct feld_fehler *f)
{
    char tag[11];
    heute(u->jetzt, tag);
    if (seit && (!umsetzung_is_datum(seit) || strcmp(seit, tag) > 0))
        return fehler(f, "seit",
                      "Bitte geben Sie ein Datum (JJJJ-MM-TT) an, das nicht in der Zukunft liegt.");
    return ERR_OK;
}

/* ---- reading ---- */

struct stand_ctx {
    struct arena *a;
    struct gemeinde_stand *s;
};

static int
eakte_each(void *ctx, const struct ums_eakte *e)
{
    struct stand_ctx *x = ctx;
    enum eakte_stufe st;
    if (eakte_stufe_parse(e->stufe, &st) != ERR_OK)
        return ERR_OK;
    x->s->eakte = st;
    x->s->eakte_gemeldet_am = e->gemeldet_am;
    x->s->eakte_seit = e->seit ? arena_strdup(x->a, e->seit) : NULL;
    return e->seit && !x->s->eakte_seit ? ERR_NOMEM : ERR_OK;
}

static int
nutzung_each(void *ctx, const struct ums_eakte_nutzung *n)
{
    struct stand_ctx *x = ctx;
    x->s->aemter = n->aemter;
    x->s->aemter_mit_akten = n->aemter_mit_akten;
    x->s->eakte_plattform = eakte_stufe_aus_nutzung(n->aemter, n->aemter_mit_akten);
    return ERR_OK;
}

static const char *
leistung_name(const struct ums_ozg *o, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (o[i].id == id)
            return o[i].name;
    return "";
}

/* Open steps per OZG-Leistung with a checklist; missing basic building blocks. */
static int
blocker(struct arena *a, struct gemeinde_stand *s, const struct ums_ozg *ozg, size_t n_ozg)
{
    for (size_t k = 0; k < N_BASIS; k++) {
        bool da = false;
        for (size_t i = 0; i < s->n_bausteine; i++)
            da = da || strcmp(s->bausteine[i].art, arten[k][0]) == 0;
        if (!da)
            s->fehlende_arten[s->n_fehlend++] = arten[k][0];
    }
    s->blocker = arena_zalloc(a, (s->n_schritte + 1) * sizeof(*s->blocker));
    if (!s->blocker)
        return ERR_NOMEM;
    for (size_t i = 0; i < s->n_schritte;) {
        int64_t id = s->schritte[i].ozg_id;
        struct stand_blocker *b = &s->blocker[s->n_blocker];
        for (size_t k = 0; k < STAND_SCHRITTE; k++) {
            bool erledigt = false;
            for (size_t j = i; j < s->n_schritte && s->schritte[j].ozg_id == id; j++)
                erledigt = erledigt || (strcmp(s->schritte[j].schritt, schritte[k]) == 0 &&
                                        s->schritte[j].erledigt);
            if (!erledigt)
                b->offen[b->n_offen++] = schritte[k];
        }
        if (b->n_offen) {
            b->ozg_id = id;
            b->leistung = leistung_name(ozg, n_ozg, id);
            s->n_blocker++;
        }
        while (i < s->n_schritte && s->schritte[i].ozg_id == id)
            i++;
    }
    return ERR_OK;
}

int
gemeinde_stand_lesen(struct db_conn *c, struct arena *a, const struct actor *who, const char *ags,
                     struct gemeinde_stand *out)
{
    struct gemeinde_stand s = {.eakte = EAKTE_UNBEKANNT, .eakte_plattform = EAKTE_UNBEKANNT};
    struct umsetzung_gebiet g = {.gemeinde_ags = ags};
    struct ums_gemeinde *gem;
    struct ums_ozg *ozg;
    size_t n_gem, n_ozg;
    const char *bad = NULL;
    int64_t bid = 0;
    int rc = umsetzung_darf_melden(c, who, ags, &bid);
    s.darf_melden = rc == ERR_OK;
    if (rc == ERR_INVALID)
        return rc;
    if (!s.darf_melden) {
        rc = umsetzung_darf_lesen(who, &g, &bad);
        if (rc != ERR_OK)
            return rc == ERR_FORBIDDEN && !actor_has_rolle(who, ROLLE_MINISTERIUM) ? ERR_NOTFOUND
                                                                                   : rc;
    }
    rc = store_ums_gemeinden(c, a, ags, &gem, &n_gem);
    if (rc == ERR_OK && n_gem != 1)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = store_ums_ozg(c, a, 0, &ozg, &n_ozg);
    if (rc == ERR_OK)
        rc = store_ums_bausteine(c, a, ags, &s.bausteine, &s.n_bausteine);
    if (rc == ERR_OK)
        rc = store_ums_checkliste(c, a, ags, 0, &s.schritte, &s.n_schritte);
    if (rc != ERR_OK)
        return rc;
    s.ags = gem[0].ags;
    s.name = gem[0].name;
    s.kreis_ags = gem[0].kreis_ags;
    s.kreis = gem[0].kreis;
    s.schritt_leistung = arena_zalloc(a, (s.n_schritte + 1) * sizeof(*s.schritt_leistung));
    if (!s.schritt_leistung)
        return ERR_NOMEM;
    for (size_t i = 0; i < s.n_schritte; i++)
        s.schritt_leistung[i] = leistung_name(ozg, n_ozg, s.schritte[i].ozg_id);
    struct stand_ctx x = {a, &s};
    rc = store_ums_eakte_each(c, ags, eakte_each, &x);
    if (rc == ERR_OK)
        rc = store_ums_eakte_nutzung_each(c, ags, nutzung_each, &x);
    if (rc == ERR_OK)
        rc = blocker(a, &s, ozg, n_ozg);
    if (rc == ERR_OK)
        *out = s;
    return rc;
}

/* ---- writing ---- */

struct melde_tx {
    const struct umfeld *u;
    const struct actor *who;
    const char *ags;
    int64_t behoerde_id;
    int (*schreiben)(struct db_conn *c, void *arg);
    void *arg;
    const char *aktion;
    char detail[160];
};

static int
melde_tx(struct db_conn *c, void *ctx)
{
    struct melde_tx *t = ctx;
    int rc = t->schreiben(c, t->arg);
    if (rc != ERR_OK)
        return rc;
    struct protokoll_eintrag e = {
        .behoerde_id = t->behoerde_id,
        .konto_id = t->who->konto_id,
        .aktion = t->aktion,
        .objekt_typ = "gemeinde",
        .objekt_id = t->ags,
        .detail = t->detail,
    };
    return protokoll_schreiben(c, t->u, &e);
}

/* Check who may report, that the Gemeinde exists, then write in one transaction. */
static int
melden(struct db_conn *c, struct melde_tx *t)
{
    struct arena *a;
    struct ums_gemeinde *g;
    size_t n_g;
    int rc = umsetzung_darf_melden(c, t->who, t->ags, &t->behoerde_id);
    if (rc != ERR_OK)
        return rc;
    if (!(a = arena_new(16 * 1024)))
        return ERR_NOMEM;
    rc = store_ums_gemeinden(c, a, t->ags, &g, &n_g);
    arena_free(a);
    if (rc == ERR_OK && n_g != 1)
        rc = ERR_NOTFOUND;
    return rc == ERR_OK ? db_tx(c, melde_tx, t) : rc;
}

static int
baustein_schreiben(struct db_conn *c, void *arg)
{
    return store_ums_baustein_put(c, arg);
}

int
gemeinde_baustein_melden(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                         const char *ags, const char *art, const char *name, const char *hersteller,
                         const char *seit, struct feld_fehler *f)
{
    if (!stand_art_label(art))
        return fehler(f, "art",
                      "Die Art ist portal, formularserver, bezahlplattform, servicekonto, "
                      "fachverfahren, eakte oder sonstiges.");
    if (!is_line(name, MAX_NAME))
        return fehler(f, "name", "Der Name ist eine Zeile mit 1 bis 200 Zeichen.");
    if (hersteller && !is_line(hersteller, MAX_NAME))
        return fehler(f, "hersteller", "Der Hersteller ist eine Zeile mit 1 bis 200 Zeichen.");
    int rc = datum_pruefen(u, seit, f);
    if (rc != ERR_OK)
        return rc;
    struct ums_baustein b = {.gemeinde_ags = ags,
                             .art = art,
                             .name = name,
                             .hersteller = hersteller,
                             .seit = seit,
                             .konto_id = who ? who->konto_id : 0,
                             .gemeldet_am = u->jetzt};
    struct melde_tx t = {.u = u,
                         .who = who,
                         .ags = ags,
                         .schreiben = baustein_schreiben,
                         .arg = &b,
                         .aktion = "baustein_gemeldet"};
    snprintf(t.detail, sizeof(t.detail), "{\"art\":\"%s\"}", art);
    rc = umsetzung_darf_melden(c, who, ags, &b.behoerde_id);
    if (rc != ERR_OK)
        return rc;
    return melden(c, &t);
}

struct schritt_arg {
    const char *ags;
    struct ums_schritt s;
    int64_t konto_id;
};

static int
schritt_schreiben(struct db_conn *c, void *arg)
{
    struct schritt_arg *x = arg;
    return store_ums_schritt_put(c, x->ags, &x->s, x->konto_id);
}

int
gemeinde_schritt_melden(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                        const char *ags, int64_t ozg_id, const char *schritt, bool erledigt,
                        const char *notiz, struct feld_fehler *f)
{
    struct ums_ozg *o;
    size_t n_o;
    if (!stand_schritt_label(schritt))
        return fehler(f, "schritt",
                      "Der Schritt ist zustaendigkeit, fachverfahren, formular, bezahlung, test "
                      "oder freigabe.");
    if (notiz && (strlen(notiz) > MAX_NOTIZ || !str_is_clean_utf8(notiz, strlen(notiz))))
        return fehler(f, "notiz", "Die Notiz hat höchstens 2.000 Zeichen.");
    if (ozg_id <= 0)
        return fehler(f, "leistung", "Bitte geben Sie die OZG-ID der Leistung an.");
    struct arena *a = arena_new(16 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_ums_ozg(c, a, ozg_id, &o, &n_o);
    arena_free(a);
    if (rc != ERR_OK)
        return rc;
    if (n_o == 0)
        return fehler(f, "leistung", "Diese OZG-Leistung gibt es nicht im Katalog.");
    struct schritt_arg x = {.ags = ags,
                            .s = {.ozg_id = ozg_id,
                                  .schritt = schritt,
                                  .notiz = notiz,
                                  .erledigt = erledigt,
                                  .geaendert = u->jetzt},
                            .konto_id = who ? who->konto_id : 0};
    struct melde_tx t = {.u = u,
                         .who = who,
                         .ags = ags,
                         .schreiben = schritt_schreiben,
                         .arg = &x,
                         .aktion = "checkliste_geaendert"};
    snprintf(t.detail, sizeof(t.detail), "{\"leistung\":%lld,\"schritt\":\"%s\",\"erledigt\":%s}",
             (long long)ozg_id, schritt, erledigt ? "true" : "false");
    return melden(c, &t);
}

struct eakte_arg {
    const char *ags, *stufe, *seit;
    int64_t behoerde_id, konto_id, jetzt;
};

static int
eakte_schreiben(struct db_conn *c, void *arg)
{
    struct eakte_arg *x = arg;
    return store_ums_eakte_put(c, x->ags, x->stufe, x->seit, x->behoerde_id, x->konto_id, x->jetzt);
}

int
gemeinde_eakte_melden(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                      const char *ags, const char *stufe, const char *seit, struct feld_fehler *f)
{
    enum eakte_stufe st;
    if (eakte_stufe_parse(stufe, &st) != ERR_OK)
        return fehler(f, "stufe",
                      "Die Stufe ist nicht_begonnen, geplant, pilot, teilweise oder "
                      "flaechendeckend.");
    int rc = datum_pruefen(u, seit, f);
    if (rc != ERR_OK)
        return rc;
    struct eakte_arg x = {.ags = ags,
                          .stufe = eakte_stufe_name(st),
                          .seit = seit,
                          .konto_id = who ? who->konto_id : 0,
                          .jetzt = u->jetzt};
    rc = umsetzung_darf_melden(c, who, ags, &x.behoerde_id);
    if (rc != ERR_OK)
        return rc;
    struct melde_tx t = {.u = u,
                         .who = who,
                         .ags = ags,
                         .schreiben = eakte_schreiben,
                         .arg = &x,
                         .aktion = "eakte_gemeldet"};
    snprintf(t.detail, sizeof(t.detail), "{\"stufe\":\"%s\"}", x.stufe);
    return melden(c, &t);
}
