/* bench_data/faelle: the cases and applications of one office (bench_data/intern.h). Every
 * name and text is invented; e-mail addresses end in .invalid. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bench_data/intern.h"
#include "domain/antrag.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const vornamen[] = {
    "Anna",  "Ben",    "Clara",  "David",  "Elif",     "Felix",   "Greta", "Hannes", "Ida",
    "Jonas", "Katrin", "Lukas",  "Mia",    "Noah",     "Olga",    "Paul",  "Quirin", "Rosa",
    "Simon", "Tanja",  "Ulrich", "Vera",   "Wolfgang", "Yasemin", "Zoe",   "Jürgen", "Sören",
    "Marie", "Emil",   "Leonie", "Mehmet", "Sofia",    "Karl",    "Lena",  "Theo",   "Hannah",
};
static const char *const nachnamen[] = {
    "Müller",  "Schmidt",  "Schneider",  "Fischer", "Weber",   "Meyer",   "Wagner",   "Becker",
    "Schulz",  "Hoffmann", "Koch",       "Bauer",   "Richter", "Klein",   "Wolf",     "Schröder",
    "Neumann", "Schwarz",  "Zimmermann", "Braun",   "Krüger",  "Hofmann", "Hartmann", "Lange",
    "Schmitt", "Werner",   "Krause",     "Maier",   "Huber",   "Kaiser",  "Fuchs",    "Vogel",
    "Keller",  "Günther",  "Frank",      "Berger",  "Öztürk",  "Yılmaz",  "Nowak",    "Haas",
};
static const char *const vermerk_texte[] = {
    "Unterlagen vollständig, Prüfung begonnen.",
    "Telefonische Rückfrage beim Antragsteller, Nachweis wird nachgereicht.",
    "Nachweis eingegangen und geprüft.",
    "Stellungnahme der Fachabteilung angefordert.",
    "Gebühr festgesetzt, Zahlungseingang abwarten.",
    "Zahlungseingang festgestellt.",
    "Vor-Ort-Termin vereinbart.",
    "Bescheid entworfen, zur Mitzeichnung vorgelegt.",
    "Akte zur Kenntnis an die Amtsleitung.",
    "Frist zur Stellungnahme verlängert.",
};
static const char *const wv_gruende[] = {
    "Fristablauf prüfen",     "Nachweis angefordert", "Zahlungseingang prüfen",
    "Stellungnahme abwarten", "Rückfrage nachfassen", "Wiedervorlage nach Termin",
};
static const char *const allgemein[] = {
    "Anfrage", "Beschwerde", "Auskunftsersuchen", "Mitteilung", "Widerspruch", "Stellungnahme",
};

static size_t
pick_subject(struct gen *g, const struct gen_oe *o)
{
    return o->plan[rng_below(&g->rng, 3)];
}

/* A clerk of the office (the staff of an authority are spread over its offices). */
static int64_t
clerk(struct gen *g, size_t oe)
{
    const struct gen_behoerde *b = &g->b[g->oe[oe].behoerde];
    if (b->n_konten == 0)
        return 0;
    int64_t k = (int64_t)(oe - b->first_oe), n_oe = (int64_t)b->n_oe;
    int64_t count = (b->n_konten - k + n_oe - 1) / n_oe;
    if (count <= 0)
        return b->first_konto;
    return b->first_konto + k + (int64_t)rng_below(&g->rng, (uint64_t)count) * n_oe;
}

static struct db_param
opt_int(int64_t v)
{
    return v ? dbp_int(v) : dbp_null();
}

static int64_t
clamp_t(const struct gen *g, int64_t t)
{
    return t > g->o->stichtag ? g->o->stichtag : t;
}

static int
suchtext(struct gen *g, size_t oe, const char *typ, int64_t objekt, int64_t akte, int64_t vorgang,
         const char *titel, const char *text, int64_t t)
{
    struct rows *w = &g->w[ROWS_AKTE_SUCHTEXT];
    struct db_param *p = rows_add(w);
    if (!p)
        return ERR_LIMIT;
    p[0] = dbp_int(gen_id(g, ROWS_AKTE_SUCHTEXT));
    p[1] = dbp_int(g->b[g->oe[oe].behoerde].id);
    p[2] = dbp_int(g->oe[oe].id);
    p[3] = dbp_text(typ);
    p[4] = dbp_int(objekt);
    p[5] = opt_int(akte);
    p[6] = opt_int(vorgang);
    p[7] = rows_text(w, titel, strlen(titel));
    p[8] = rows_text(w, text, strlen(text));
    p[9] = dbp_int(t);
    g->res->suchtexte++;
    return ERR_OK;
}

struct akte_info {
    int64_t id;
    char az[48];
    size_t subject;
};

/* A file under a subject of the office; `zda` 0 while open. */
static int
write_akte(struct gen *g, size_t oe, const char *titel, int64_t konto, int64_t erstellt,
           int64_t geaendert, int64_t zda, struct akte_info *out)
{
    const struct gen_behoerde *b = &g->b[g->oe[oe].behoerde];
    struct rows *w = &g->w[ROWS_AKTE];
    size_t s = pick_subject(g, &g->oe[oe]);
    struct gen_plan *e = &g->b[g->oe[oe].behoerde].plan[s];
    int64_t lauf = ++e->lauf;
    char bis[16] = "";
    out->id = gen_id(g, ROWS_AKTE);
    out->subject = s;
    snprintf(out->az, sizeof(out->az), "%s/%lld", e->kennzeichen, (long long)lauf);
    if (zda && e->jahre > 0) {
        char d[11];
        gen_datum(zda, d);
        int jahr = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        snprintf(bis, sizeof(bis), "%04d-12-31", (jahr + e->jahre) % 10000);
    }
    struct db_param *p = rows_add(w);
    if (!p)
        return ERR_LIMIT;
    p[0] = dbp_int(out->id);
    p[1] = dbp_int(b->id);
    p[2] = dbp_int(g->oe[oe].id);
    p[3] = dbp_int(e->id);
    p[4] = dbp_int(lauf);
    p[5] = rows_text(w, out->az, strlen(out->az));
    p[6] = rows_text(w, titel, strlen(titel));
    p[7] = dbp_text(zda ? "zda" : "offen");
    p[8] = opt_int(konto);
    p[9] = dbp_int(erstellt);
    p[10] = dbp_int(geaendert);
    p[11] = opt_int(zda);
    p[12] = bis[0] ? rows_text(w, bis, 10) : dbp_null();
    g->res->akten++;
    char text[160];
    snprintf(text, sizeof(text), "%s %s", out->az, e->titel);
    return suchtext(g, oe, "akte", out->id, out->id, 0, titel, text, geaendert);
}

struct vorgang_in {
    const struct akte_info *akte;
    int64_t laufnummer, antrag_id;
    const char *leistung_id, *betreff, *status;
    int64_t erstellt, geaendert, zda;
};

/* A case with its notes, follow-up and search rows; *id gets its id. */
static int
write_vorgang(struct gen *g, size_t oe, const struct vorgang_in *v, int64_t *id)
{
    const struct gen_behoerde *b = &g->b[g->oe[oe].behoerde];
    struct rows *w = &g->w[ROWS_VORGANG];
    char az[64];
    int64_t bearbeiter =
        strcmp(v->status, "offen") == 0 && rng_chance(&g->rng, 60) ? 0 : clerk(g, oe);
    int rc;
    *id = gen_id(g, ROWS_VORGANG);
    snprintf(az, sizeof(az), "%s-%lld", v->akte->az, (long long)v->laufnummer);
    struct db_param *p = rows_add(w);
    if (!p)
        return ERR_LIMIT;
    p[0] = dbp_int(*id);
    p[1] = dbp_int(b->id);
    p[2] = dbp_int(g->oe[oe].id);
    p[3] = dbp_int(v->akte->id);
    p[4] = dbp_int(v->laufnummer);
    p[5] = rows_text(w, az, strlen(az));
    p[6] = rows_text(w, v->betreff, strlen(v->betreff));
    p[7] = opt_int(v->antrag_id);
    p[8] = v->leistung_id ? dbp_text(v->leistung_id) : dbp_null();
    p[9] = dbp_text(v->status);
    p[10] = opt_int(bearbeiter);
    p[11] = opt_int(clerk(g, oe));
    p[12] = dbp_int(v->erstellt);
    p[13] = dbp_int(v->geaendert);
    p[14] = opt_int(v->zda);
    g->res->vorgaenge++;
    g->since_commit++;
    progress_step(&g->bar, 1);
    char text[128];
    snprintf(text, sizeof(text), "%s %s", az, v->status);
    rc = suchtext(g, oe, "vorgang", *id, v->akte->id, *id, v->betreff, text, v->geaendert);

    /* notes */
    int64_t n_vermerke = rng_range(&g->rng, 0, 3);
    for (int64_t i = 0; rc == ERR_OK && i < n_vermerke; i++) {
        struct rows *wv = &g->w[ROWS_VERMERK];
        const char *t = rng_pick(&g->rng, vermerk_texte, N(vermerk_texte));
        int64_t vid = gen_id(g, ROWS_VERMERK);
        int64_t when = rng_range(&g->rng, v->erstellt, v->geaendert);
        p = rows_add(wv);
        if (!p)
            return ERR_LIMIT;
        p[0] = dbp_int(vid);
        p[1] = dbp_int(b->id);
        p[2] = dbp_int(*id);
        p[3] = dbp_text(t);
        p[4] = opt_int(clerk(g, oe));
        p[5] = dbp_int(when);
        g->res->vermerke++;
        rc = suchtext(g, oe, "vermerk", vid, v->akte->id, *id, "Vermerk", t, when);
    }

    /* follow-ups: open ones around the day of reference (some overdue), done ones before */
    bool laufend = strcmp(v->status, "in_bearbeitung") == 0 || strcmp(v->status, "rueckfrage") == 0;
    if (rc == ERR_OK && (laufend ? rng_chance(&g->rng, 50) : rng_chance(&g->rng, 15))) {
        struct rows *ww = &g->w[ROWS_WIEDERVORLAGE];
        int64_t who = bearbeiter ? bearbeiter : clerk(g, oe);
        int64_t datum = laufend ? g->o->stichtag + rng_range(&g->rng, -14, 21) * GEN_TAG
                                : rng_range(&g->rng, v->erstellt, v->geaendert);
        char d[11];
        gen_datum(datum, d);
        p = who ? rows_add(ww) : NULL;
        if (who && !p)
            return ERR_LIMIT;
        if (who) {
            p[0] = dbp_int(gen_id(g, ROWS_WIEDERVORLAGE));
            p[1] = dbp_int(b->id);
            p[2] = dbp_int(*id);
            p[3] = dbp_int(who);
            p[4] = rows_text(ww, d, 10);
            p[5] = dbp_text(rng_pick(&g->rng, wv_gruende, N(wv_gruende)));
            p[6] = dbp_int(v->erstellt);
            p[7] = laufend ? dbp_null() : dbp_int(clamp_t(g, datum + GEN_TAG));
            g->res->wiedervorlagen++;
        }
    }
    return rc;
}

struct eingang_in {
    const char *art, *betreff, *leistung_id, *status;
    int64_t antrag_id, vorgang_id, konto, eingegangen, geaendert;
};

static int
write_eingang(struct gen *g, size_t oe, const struct eingang_in *e)
{
    const struct gen_behoerde *b = &g->b[g->oe[oe].behoerde];
    struct rows *w = &g->w[ROWS_EINGANG];
    bool dok = strcmp(e->art, "dokument") == 0;
    int64_t id = gen_id(g, ROWS_EINGANG);
    struct db_param *p = rows_add(w);
    if (!p)
        return ERR_LIMIT;
    p[0] = dbp_int(id);
    p[1] = dbp_int(b->id);
    p[2] = dbp_int(g->oe[oe].id);
    p[3] = dbp_text(e->art);
    p[4] = opt_int(e->antrag_id);
    p[5] = dok ? dbp_text(b->blob_sha) : dbp_null();
    p[6] = dok ? dbp_text(rows_printf(w, "scan-%lld.txt", (long long)id)) : dbp_null();
    p[7] = dok ? dbp_text("text/plain") : dbp_null();
    p[8] = dok ? dbp_int(b->blob_groesse) : dbp_null();
    p[9] = rows_text(w, e->betreff, strlen(e->betreff));
    p[10] = e->leistung_id ? dbp_text(e->leistung_id) : dbp_null();
    p[11] = dbp_text(e->status);
    p[12] = opt_int(e->konto);
    p[13] = opt_int(e->vorgang_id);
    p[14] = dbp_int(e->eingegangen);
    p[15] = dbp_int(e->geaendert);
    g->res->eingaenge++;
    return ERR_OK;
}

/* "<name> – <person>", the name cut at a character boundary so that the title stays short. */
static void
titel_von(char *out, size_t cap, const char *name, const char *person)
{
    size_t n = strlen(name);
    if (n > 160) {
        n = 160;
        while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(out, cap, "%.*s – %s", (int)n, name, person);
}

static void
person(struct gen *g, char *out, size_t cap, const char **vn, const char **nn)
{
    *vn = rng_pick(&g->rng, vornamen, N(vornamen));
    *nn = rng_pick(&g->rng, nachnamen, N(nachnamen));
    snprintf(out, cap, "%s, %s", *nn, *vn);
}

static int
status_zeile(struct gen *g, int64_t behoerde, int64_t antrag, const char *status, int64_t t,
             int64_t konto, const char *bemerkung)
{
    struct rows *w = &g->w[ROWS_ANTRAG_STATUS];
    struct db_param *p = rows_add(w);
    if (!p)
        return ERR_LIMIT;
    p[0] = dbp_int(gen_id(g, ROWS_ANTRAG_STATUS));
    p[1] = dbp_int(behoerde);
    p[2] = dbp_int(antrag);
    p[3] = dbp_text(status);
    p[4] = dbp_int(t);
    p[5] = opt_int(konto);
    p[6] = dbp_text(bemerkung);
    g->res->antrag_status++;
    return ERR_OK;
}

static const char *
antrag_status_wahl(struct gen *g)
{
    static const struct {
        const char *status;
        unsigned bis;
    } mix[] = {{"entwurf", 10},    {"eingegangen", 22}, {"in_bearbeitung", 47},
               {"rueckfrage", 52}, {"beschieden", 95},  {"zurueckgezogen", 100}};
    uint64_t r = rng_below(&g->rng, 100);
    for (size_t i = 0; i < N(mix); i++)
        if (r < mix[i].bis)
            return mix[i].status;
    return "beschieden";
}

/* The answers, the row, its timeline, its receipt, its inbox row and, once somebody works on
 * it, its case. *faelle counts the cases made. */
static int
write_antrag(struct gen *g, size_t oe, int64_t *faelle)
{
    const struct gen_oe *o = &g->oe[oe];
    const struct gen_behoerde *b = &g->b[o->behoerde];
    const struct gen_leistung *l = &g->leist[o->leistungen[rng_below(&g->rng, o->n_leistungen)]];
    const char *ags = g->gemeinden[b->first_gemeinde + rng_below(&g->rng, b->n_gemeinden)];
    const char *status = antrag_status_wahl(g), *vn, *nn;
    int64_t T = g->o->stichtag, id = gen_id(g, ROWS_ANTRAG);
    bool entwurf = strcmp(status, "entwurf") == 0, eingegangen = strcmp(status, "eingegangen") == 0;
    bool laufend = strcmp(status, "in_bearbeitung") == 0 || strcmp(status, "rueckfrage") == 0;
    bool fall = laufend || strcmp(status, "beschieden") == 0;
    int64_t tage = entwurf       ? rng_range(&g->rng, 0, 60)
                   : eingegangen ? rng_range(&g->rng, 0, 20)
                   : laufend     ? rng_range(&g->rng, 5, 120)
                                 : rng_range(&g->rng, 30, 3 * 365);
    int64_t erstellt = T - tage * GEN_TAG - (int64_t)rng_below(&g->rng, GEN_TAG);
    int64_t eingereicht = entwurf ? 0 : clamp_t(g, erstellt + rng_range(&g->rng, 600, 2 * GEN_TAG));
    int64_t t_bearb = clamp_t(g, eingereicht + rng_range(&g->rng, 1, 10) * GEN_TAG);
    int64_t t_ende = clamp_t(g, t_bearb + rng_range(&g->rng, 5, 60) * GEN_TAG);
    int64_t geaendert = entwurf ? erstellt : eingegangen ? eingereicht : laufend ? t_bearb : t_ende;
    int64_t konto = g->n_buerger && rng_chance(&g->rng, 65)
                        ? g->first_buerger + (int64_t)rng_below(&g->rng, (uint64_t)g->n_buerger)
                        : 0;
    int64_t bearbeiter = clerk(g, oe);
    char name[96], geb[11], email[64], anliegen[320], titel[320];
    int rc = ERR_OK;

    person(g, name, sizeof(name), &vn, &nn);
    gen_datum(T - rng_range(&g->rng, 18 * 365, 85 * 365) * GEN_TAG, geb);
    snprintf(email, sizeof(email), "person-%lld@example.invalid", (long long)id);
    titel_von(anliegen, sizeof(anliegen), l->name, "Antrag");
    titel_von(titel, sizeof(titel), l->name, name);
    json_t *daten = json_pack("{s:s, s:s, s:s, s:s, s:s}", "vorname", vn, "familienname", nn,
                              "geburtsdatum", geb, "email", email, "anliegen", anliegen);
    char *daten_text = daten ? json_dumps(daten, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if (!daten_text) {
        json_decref(daten);
        return ERR_NOMEM;
    }

    struct rows *w = &g->w[ROWS_ANTRAG];
    struct db_param *p = rows_add(w);
    if (!p)
        rc = ERR_LIMIT;
    if (rc == ERR_OK) {
        char fort[65] = "";
        if (!konto)
            snprintf(fort, sizeof(fort), "%016llx%016llx%016llx%016llx",
                     (unsigned long long)rng_next(&g->rng), (unsigned long long)rng_next(&g->rng),
                     (unsigned long long)rng_next(&g->rng), (unsigned long long)rng_next(&g->rng));
        p[0] = dbp_int(id);
        p[1] = dbp_int(b->id);
        p[2] = dbp_int(o->id);
        p[3] = opt_int(konto);
        p[4] = dbp_int(l->formular_id);
        p[5] = dbp_text(l->id);
        p[6] = dbp_text(ags);
        p[7] = dbp_text(status);
        p[8] = konto ? dbp_null() : rows_text(w, fort, 64);
        p[9] = dbp_int(entwurf ? rng_range(&g->rng, 0, 1) : 2);
        p[10] = dbp_int(rng_range(&g->rng, 1, 6));
        p[11] = dbp_int(erstellt);
        p[12] = dbp_int(geaendert);
        p[13] = opt_int(eingereicht);
        g->res->antraege++;
        g->since_commit++;
        progress_step(&g->bar, 1);

        struct rows *wd = &g->w[ROWS_ANTRAG_DATEN];
        p = rows_add(wd);
        if (!p)
            rc = ERR_LIMIT;
        else {
            p[0] = dbp_int(id);
            p[1] = dbp_int(b->id);
            p[2] = rows_text(wd, daten_text, strlen(daten_text));
            p[3] = dbp_int(entwurf ? erstellt : eingereicht);
        }
    }

    /* the timeline */
    if (rc == ERR_OK)
        rc = status_zeile(g, b->id, id, "entwurf", erstellt, konto, NULL);
    if (rc == ERR_OK && !entwurf)
        rc = status_zeile(g, b->id, id, "eingegangen", eingereicht, konto, NULL);
    if (rc == ERR_OK && fall)
        rc = status_zeile(g, b->id, id, "in_bearbeitung", t_bearb, bearbeiter, NULL);
    if (rc == ERR_OK && strcmp(status, "rueckfrage") == 0)
        rc = status_zeile(g, b->id, id, "rueckfrage", t_bearb, bearbeiter,
                          "Bitte reichen Sie den fehlenden Nachweis nach.");
    if (rc == ERR_OK &&
        (strcmp(status, "beschieden") == 0 || strcmp(status, "zurueckgezogen") == 0))
        rc = status_zeile(g, b->id, id, status, t_ende,
                          strcmp(status, "beschieden") == 0 ? bearbeiter : konto, NULL);

    /* the receipt: the canonical content and its hash, as a submission writes them */
    if (rc == ERR_OK && !entwurf) {
        struct rows *we = &g->w[ROWS_EINGANGSBESTAETIGUNG];
        struct antrag an = {.id = id,
                            .behoerde_id = b->id,
                            .oe_id = o->id,
                            .formular_id = l->formular_id,
                            .formular_version = l->formular_version,
                            .leistung_id = l->id,
                            .gemeinde_ags = ags};
        const char *inhalt;
        char sha[SCHLUESSEL_HASH_LEN + 1], nummer[24];
        rc = antrag_inhalt(we->text, &an, daten, NULL, 0, &inhalt, sha);
        antrag_nummer(id, nummer);
        p = rc == ERR_OK ? rows_add(we) : NULL;
        if (rc == ERR_OK && !p)
            rc = ERR_LIMIT;
        if (rc == ERR_OK) {
            p[0] = dbp_int(id);
            p[1] = dbp_int(b->id);
            p[2] = rows_text(we, nummer, strlen(nummer));
            p[3] = dbp_int(eingereicht);
            p[4] = rows_text(we, sha, strlen(sha));
            p[5] = dbp_text(inhalt);
            g->res->bestaetigungen++;
        }
    }
    json_decref(daten);
    free(daten_text);

    /* the case, in a file of its own */
    int64_t vorgang = 0;
    if (rc == ERR_OK && fall) {
        bool zda = !laufend && t_ende < T - GEN_JAHR && rng_chance(&g->rng, 50);
        int64_t zda_t = zda ? clamp_t(g, t_ende + rng_range(&g->rng, 1, 90) * GEN_TAG) : 0;
        struct akte_info akte;
        rc = write_akte(g, oe, titel, bearbeiter, t_bearb, zda ? zda_t : geaendert, zda_t, &akte);
        struct vorgang_in v = {.akte = &akte,
                               .laufnummer = 1,
                               .antrag_id = id,
                               .leistung_id = l->id,
                               .betreff = titel,
                               .status = zda ? "zda" : status,
                               .erstellt = t_bearb,
                               .geaendert = zda ? zda_t : geaendert,
                               .zda = zda_t};
        if (rc == ERR_OK)
            rc = write_vorgang(g, oe, &v, &vorgang);
        (*faelle)++;
    }
    if (rc == ERR_OK && !entwurf) {
        bool zugewiesen = eingegangen && rng_chance(&g->rng, 30);
        struct eingang_in e = {.art = "antrag",
                               .betreff = l->name,
                               .leistung_id = l->id,
                               .status = fall                                    ? "uebernommen"
                                         : strcmp(status, "zurueckgezogen") == 0 ? "erledigt"
                                         : zugewiesen                            ? "zugewiesen"
                                                                                 : "neu",
                               .antrag_id = id,
                               .vorgang_id = vorgang,
                               .konto = fall || zugewiesen ? bearbeiter : 0,
                               .eingegangen = eingereicht,
                               .geaendert = geaendert};
        rc = write_eingang(g, oe, &e);
    }
    return rc;
}

static const char *
vorgang_status_wahl(struct gen *g, int64_t erstellt)
{
    uint64_t r = rng_below(&g->rng, 100);
    if (erstellt < g->o->stichtag - GEN_JAHR)
        return r < 85 ? "beschieden" : r < 95 ? "in_bearbeitung" : "rueckfrage";
    return r < 15 ? "offen" : r < 55 ? "in_bearbeitung" : r < 63 ? "rueckfrage" : "beschieden";
}

/* Cases that came by letter: files of one to four cases over ten years. */
static int
write_papierfaelle(struct gen *g, size_t oe, int64_t n)
{
    const struct gen_oe *o = &g->oe[oe];
    int64_t T = g->o->stichtag;
    int rc = ERR_OK;
    while (rc == ERR_OK && n > 0) {
        int64_t k = rng_range(&g->rng, 1, 4), erstellt[4], geaendert[4], letzt = 0;
        if (k > n)
            k = n;
        if ((rc = gen_room(g)) != ERR_OK)
            break;
        /* over ten years, more of them recent: age = 10 years * u^2 */
        double u = (double)rng_below(&g->rng, 1u << 20) / (double)(1u << 20);
        int64_t alter = (int64_t)(u * u * 10.0 * GEN_JAHR);
        int64_t start = T - alter;
        for (int64_t j = 0; j < k; j++) {
            erstellt[j] = clamp_t(g, start + j * rng_range(&g->rng, 0, 60) * GEN_TAG);
            geaendert[j] = clamp_t(g, erstellt[j] + rng_range(&g->rng, 0, 90) * GEN_TAG);
            letzt = geaendert[j] > letzt ? geaendert[j] : letzt;
        }
        bool zda = alter > 2 * GEN_JAHR   ? rng_chance(&g->rng, 70)
                   : alter > GEN_JAHR / 2 ? rng_chance(&g->rng, 20)
                                          : false;
        int64_t zda_t = zda ? clamp_t(g, letzt + rng_range(&g->rng, 1, 200) * GEN_TAG) : 0;
        const char *vn, *nn, *thema;
        char name[96], titel[320];
        size_t li = SIZE_MAX;
        person(g, name, sizeof(name), &vn, &nn);
        if (o->n_leistungen) {
            li = o->leistungen[rng_below(&g->rng, o->n_leistungen)];
            thema = g->leist[li].name;
        } else {
            thema = rng_pick(&g->rng, allgemein, N(allgemein));
        }
        titel_von(titel, sizeof(titel), thema, name);
        struct akte_info akte;
        rc = write_akte(g, oe, titel, clerk(g, oe), erstellt[0], zda ? zda_t : letzt, zda_t, &akte);
        for (int64_t j = 0; rc == ERR_OK && j < k; j++) {
            int64_t vid;
            struct vorgang_in v = {.akte = &akte,
                                   .laufnummer = j + 1,
                                   .leistung_id = li != SIZE_MAX ? g->leist[li].id : NULL,
                                   .betreff = titel,
                                   .status = zda ? "zda" : vorgang_status_wahl(g, erstellt[j]),
                                   .erstellt = erstellt[j],
                                   .geaendert = zda ? zda_t : geaendert[j],
                                   .zda = zda_t};
            rc = write_vorgang(g, oe, &v, &vid);
            if (rc == ERR_OK && rng_chance(&g->rng, 60)) {
                struct eingang_in e = {.art = "dokument",
                                       .betreff = titel,
                                       .leistung_id = v.leistung_id,
                                       .status = "uebernommen",
                                       .vorgang_id = vid,
                                       .konto = clerk(g, oe),
                                       .eingegangen = erstellt[j],
                                       .geaendert = erstellt[j]};
                rc = write_eingang(g, oe, &e);
            }
        }
        n -= k;
    }
    return rc;
}

int
gen_faelle(struct gen *g, size_t oe, int64_t n_faelle, int64_t n_antraege)
{
    int64_t born = 0;
    int rc = ERR_OK;
    for (int64_t i = 0; rc == ERR_OK && i < n_antraege && g->oe[oe].n_leistungen; i++) {
        rc = gen_room(g);
        if (rc == ERR_OK)
            rc = write_antrag(g, oe, &born);
    }
    if (rc == ERR_OK && n_faelle > born)
        rc = write_papierfaelle(g, oe, n_faelle - born);
    /* letters in the inbox nobody has filed yet: the last four weeks */
    for (int64_t i = 0; rc == ERR_OK && i < n_faelle / 25; i++) {
        const char *vn, *nn;
        char name[96], titel[320];
        bool zugewiesen = rng_chance(&g->rng, 30);
        int64_t t = g->o->stichtag - (int64_t)rng_below(&g->rng, 28 * GEN_TAG);
        person(g, name, sizeof(name), &vn, &nn);
        titel_von(titel, sizeof(titel), rng_pick(&g->rng, allgemein, N(allgemein)), name);
        struct eingang_in e = {.art = "dokument",
                               .betreff = titel,
                               .status = zugewiesen ? "zugewiesen" : "neu",
                               .konto = zugewiesen ? clerk(g, oe) : 0,
                               .eingegangen = t,
                               .geaendert = t};
        rc = gen_room(g);
        if (rc == ERR_OK)
            rc = write_eingang(g, oe, &e);
    }
    return rc;
}
