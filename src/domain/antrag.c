#include "domain/antrag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/antrag_anonym.h"
#include "domain/antrag_beleg.h"
#include "domain/antrag_einreichung.h"
#include "domain/formular_verwaltung.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"
#include "domain/protokoll.h"
#include "store/antrag.h"
#include "store/db.h"

/* ---- small helpers ------------------------------------------------------------------- */

static const struct {
    const char *name, *text;
} status_namen[] = {
    {"entwurf", "Entwurf"},
    {"eingegangen", "Eingegangen"},
    {"in_bearbeitung", "In Bearbeitung"},
    {"rueckfrage", "Rückfrage"},
    {"beschieden", "Beschieden"},
    {"zurueckgezogen", "Zurückgezogen"},
};

bool
antrag_status_ok(const char *s)
{
    for (size_t i = 0; s && i < sizeof(status_namen) / sizeof(status_namen[0]); i++)
        if (strcmp(s, status_namen[i].name) == 0)
            return true;
    return false;
}

const char *
antrag_status_text(const char *s)
{
    for (size_t i = 0; s && i < sizeof(status_namen) / sizeof(status_namen[0]); i++)
        if (strcmp(s, status_namen[i].name) == 0)
            return status_namen[i].text;
    return "";
}

void
antrag_nummer(int64_t id, char out[24])
{
    snprintf(out, 24, "EB-%010lld", (long long)id);
}

/* Day of the month of the last Sunday of `mon` (0-based) in `year`. */
static int
letzter_sonntag(int year, int mon)
{
    struct tm t = {.tm_year = year - 1900, .tm_mon = mon + 1, .tm_mday = 0, .tm_hour = 12};
    time_t x = timegm(&t); /* day 0 of the next month: the last day of this one */
    struct tm d;
    gmtime_r(&x, &d);
    return d.tm_mday - d.tm_wday;
}

/* Central European time: UTC+1, and UTC+2 from the last Sunday of March 01:00 UTC to the last
 * Sunday of October 01:00 UTC. */
static void
berlin(int64_t t, struct tm *out)
{
    time_t x = (time_t)t;
    struct tm u;
    gmtime_r(&x, &u);
    int year = u.tm_year + 1900;
    struct tm s = {
        .tm_year = u.tm_year, .tm_mon = 2, .tm_mday = letzter_sonntag(year, 2), .tm_hour = 1};
    struct tm w = {
        .tm_year = u.tm_year, .tm_mon = 9, .tm_mday = letzter_sonntag(year, 9), .tm_hour = 1};
    bool sommer = t >= (int64_t)timegm(&s) && t < (int64_t)timegm(&w);
    x = (time_t)(t + (sommer ? 7200 : 3600));
    gmtime_r(&x, out);
}

void
antrag_heute(int64_t t, char out[11])
{
    struct tm d;
    char buf[64];
    berlin(t, &d);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", (d.tm_year + 1900) % 10000, d.tm_mon + 1,
             d.tm_mday);
    memcpy(out, buf, 10);
    out[10] = '\0';
}

void
antrag_zeit_text(int64_t t, char out[32])
{
    struct tm d;
    char buf[96];
    berlin(t, &d);
    snprintf(buf, sizeof(buf), "%02d.%02d.%04d, %02d:%02d Uhr", d.tm_mday, d.tm_mon + 1,
             (d.tm_year + 1900) % 10000, d.tm_hour, d.tm_min);
    snprintf(out, 32, "%.31s", buf);
}

/* ---- access -------------------------------------------------------------------------- */

/* Read application `id` and decide whether `z` may do `what` with it. */
static int
zugriff(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
        enum authz_action what, struct antrag *out)
{
    const char *hash = NULL;
    struct antrag an;
    int rc = store_antrag_get(c, a, id, &an, &hash);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {
        .konto_id = an.konto_id, .behoerde_id = an.behoerde_id, .oe_id = an.oe_id};
    rc = authz_check(z ? z->who : NULL, what, &obj);
    if (rc != ERR_OK && an.konto_id == 0 && hash && z && z->fortsetzung &&
        (what == AUTHZ_ANTRAG_LESEN || what == AUTHZ_ANTRAG_STELLEN)) {
        char h[SCHLUESSEL_HASH_LEN + 1];
        size_t n = strlen(z->fortsetzung);
        if (n <= SCHLUESSEL_MAX && strlen(hash) == SCHLUESSEL_HASH_LEN) {
            schluessel_hash(z->fortsetzung, n, h);
            rc = sodium_memcmp(h, hash, SCHLUESSEL_HASH_LEN) == 0 ? ERR_OK : ERR_NOTFOUND;
        } else {
            rc = ERR_NOTFOUND;
        }
    }
    if (rc == ERR_OK)
        *out = an;
    return rc;
}

static bool
ist_entwurf(const struct antrag *an)
{
    return strcmp(an->status, "entwurf") == 0;
}

int
antrag_darf_anlegen(const struct actor *who)
{
    if (!who || who->konto_id <= 0)
        return ERR_OK;
    return authz_check(who, AUTHZ_ANTRAG_STELLEN,
                       &(struct authz_object){.konto_id = who->konto_id});
}

int
antrag_darf_aendern(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id)
{
    struct antrag an;
    return zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
}

int
antrag_get(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
           struct antrag *out)
{
    return zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, out);
}

int
antrag_formular(struct db_conn *c, struct arena *a, const struct antrag *an, struct formular **out)
{
    struct formular_zeile zeile;
    return formular_laden(c, a, an->formular_id, &zeile, out);
}

static int
daten_laden(struct db_conn *c, struct arena *a, int64_t id, json_t **out)
{
    const char *text;
    int rc = store_antrag_daten_get(c, a, id, &text);
    if (rc != ERR_OK)
        return rc;
    json_t *d = json_loads(text, 0, NULL);
    if (!json_is_object(d)) {
        json_decref(d);
        return ERR_DB;
    }
    *out = d;
    return ERR_OK;
}

int
antrag_daten(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
             json_t **out)
{
    struct antrag an;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = daten_laden(c, a, id, out);
    return rc;
}

/* ---- creating a draft ---------------------------------------------------------------- */

struct anlegen_tx {
    struct antrag *an;
    const char *hash;
    const struct umfeld *u;
};

static int
anlegen_tx(struct db_conn *c, void *ctx)
{
    struct anlegen_tx *t = ctx;
    /* an anonymous draft counts against its address's hourly limit, in the same transaction */
    int rc = t->hash ? antrag_anonym_zaehlen(c, t->u, NULL) : ERR_OK;
    if (rc == ERR_OK)
        rc = store_antrag_insert(c, t->an, t->hash, t->u->jetzt, &t->an->id);
    return rc;
}

int
antrag_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
               const char *leistung_id, const char *gemeinde_ags, struct antrag *out,
               char fortsetzung[SCHLUESSEL_TEXT_LEN + 1], struct feld_fehler *fehler)
{
    struct gemeinde g;
    struct leistung l;
    struct stelle *st;
    size_t n_st;
    struct formular_zeile fz;
    char hash[SCHLUESSEL_HASH_LEN + 1];
    bool anonym = !who || who->konto_id <= 0;
    int rc;

    fortsetzung[0] = '\0';
    if (!leistung_is_id(leistung_id)) {
        *fehler = (struct feld_fehler){"leistung", "Diese Kennung einer Leistung ist ungültig."};
        return ERR_INVALID;
    }
    if (!gebiet_is_gemeinde_ags(gemeinde_ags)) {
        *fehler = (struct feld_fehler){"ort", "Der Ort ist ein achtstelliger "
                                              "Gemeindeschlüssel (AGS), z. B. 08115003."};
        return ERR_INVALID;
    }
    if (!anonym) {
        rc = authz_check(who, AUTHZ_ANTRAG_STELLEN,
                         &(struct authz_object){.konto_id = who->konto_id});
        if (rc != ERR_OK)
            return rc;
    }
    rc = leistung_get(c, a, leistung_id, &l);
    if (rc == ERR_NOTFOUND || rc == ERR_INVALID) {
        *fehler = (struct feld_fehler){"leistung", "Diese Leistung gibt es nicht."};
        return ERR_NOTFOUND;
    }
    if (rc == ERR_OK)
        rc = gebiet_gemeinde(c, a, gemeinde_ags, &g);
    if (rc == ERR_NOTFOUND) {
        *fehler = (struct feld_fehler){"ort", "Diesen Gemeindeschlüssel kennen wir nicht."};
        return rc;
    }
    if (rc == ERR_OK)
        rc = leistung_stellen(c, a, leistung_id, &g, &st, &n_st);
    if (rc != ERR_OK)
        return rc;
    if (n_st == 0) {
        *fehler = (struct feld_fehler){"ort", "Für diese Leistung ist an diesem Ort keine Stelle "
                                              "zuständig, bei der man online Anträge stellen "
                                              "kann."};
        return ERR_NOTFOUND;
    }
    rc = formular_aktuell(c, a, leistung_id, st[0].behoerde_id, &fz, NULL);
    if (rc == ERR_NOTFOUND) {
        *fehler = (struct feld_fehler){"leistung", "Für diese Leistung gibt es noch kein "
                                                   "Online-Formular."};
        return rc;
    }
    if (rc != ERR_OK)
        return rc;
    if (anonym) {
        rc = schluessel_neu("", fortsetzung, SCHLUESSEL_TEXT_LEN + 1);
        if (rc != ERR_OK)
            return rc;
        schluessel_hash(fortsetzung, strlen(fortsetzung), hash);
    }
    struct antrag an = {.behoerde_id = st[0].behoerde_id,
                        .oe_id = st[0].oe_id,
                        .konto_id = anonym ? 0 : who->konto_id,
                        .formular_id = fz.id,
                        .leistung_id = leistung_id,
                        .gemeinde_ags = gemeinde_ags,
                        .status = "entwurf"};
    struct anlegen_tx t = {&an, anonym ? hash : NULL, u};
    rc = db_tx(c, anlegen_tx, &t);
    if (rc == ERR_LIMIT)
        *fehler = (struct feld_fehler){"herkunft", "Von Ihrer Adresse aus wurden in der letzten "
                                                   "Stunde zu viele Anträge ohne Konto begonnen. "
                                                   "Bitte versuchen Sie es später noch einmal "
                                                   "oder melden Sie sich an."};
    if (rc == ERR_OK)
        rc = store_antrag_get(c, a, an.id, out, NULL);
    if (rc != ERR_OK)
        fortsetzung[0] = '\0';
    return rc;
}

/* ---- answers ------------------------------------------------------------------------- */

/* A growable error list in the arena. */
struct fehlerliste {
    struct arena *a;
    struct formular_fehler *items;
    size_t n, cap;
};

static int
fl_add(struct fehlerliste *l, const char *pfad, const char *label, const char *text)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        struct formular_fehler *ni = arena_alloc(l->a, cap * sizeof(*ni));
        if (!ni)
            return ERR_NOMEM;
        if (l->n)
            memcpy(ni, l->items, l->n * sizeof(*ni));
        l->items = ni;
        l->cap = cap;
    }
    char *id = arena_printf(l->a, "f%s", pfad);
    if (!id)
        return ERR_NOMEM;
    for (char *q = id; *q; q++)
        if (*q == '/')
            *q = '-';
    l->items[l->n++] = (struct formular_fehler){pfad, id, label, text};
    return ERR_OK;
}

static int
fl_append(struct fehlerliste *l, const struct formular_fehler *fe, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = fl_add(l, fe[i].pfad, fe[i].label, fe[i].text);
        if (rc != ERR_OK)
            return rc;
        l->items[l->n - 1].feld = fe[i].feld;
    }
    return ERR_OK;
}

static bool
typ_erlaubt(const struct formular_feld *f, const char *typ)
{
    for (size_t i = 0; i < f->n_typen; i++)
        if (strcmp(f->typen[i], typ) == 0)
            return true;
    return false;
}

/* Check that every file named in cleaned answers `daten` is an attachment of `an` of a type
 * and size its field allows; add errors to `l`. */
static int
dateien_pruefen(struct db_conn *c, struct arena *a, const struct antrag *an,
                const struct formular *f, const json_t *daten, struct fehlerliste *l)
{
    struct formular_datei_ref *refs;
    size_t n;
    int rc = formular_dateien(a, f, daten, &refs, &n);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct anlage al;
        rc = store_anlage_get(c, a, an->id, refs[i].sha256, &al);
        const char *text = NULL;
        if (rc == ERR_NOTFOUND) {
            text =
                arena_printf(a, "„%s“: Diese Datei wurde nicht hochgeladen.", refs[i].feld->label);
            rc = ERR_OK;
        } else if (rc == ERR_OK && !typ_erlaubt(refs[i].feld, al.typ)) {
            text = arena_printf(a, "„%s“: Dateien vom Typ %s sind hier nicht erlaubt.",
                                refs[i].feld->label, al.typ);
        } else if (rc == ERR_OK && al.groesse > refs[i].feld->max_groesse) {
            text = arena_printf(a, "„%s“: Die Datei ist größer als %lld KB.", refs[i].feld->label,
                                (long long)(refs[i].feld->max_groesse / 1024));
        } else {
            continue;
        }
        if (rc == ERR_OK)
            rc = text ? fl_add(l, refs[i].pfad, refs[i].feld->label, text) : ERR_NOMEM;
    }
    return rc;
}

/* Is `id` a top-level field of step `s`? */
static const struct formular_feld *
schritt_feld(const struct formular *f, size_t s, const char *id)
{
    if (s >= f->n_schritte)
        return NULL;
    const struct formular_schritt *st = &f->schritte[s];
    for (size_t i = st->erstes; i < st->erstes + st->n_felder; i++)
        if (strcmp(f->felder[i].id, id) == 0)
            return &f->felder[i];
    return NULL;
}

struct speichern_tx {
    int64_t id, schritt, jetzt;
    const char *text;
    int64_t changes;
};

static int
speichern_tx(struct db_conn *c, void *ctx)
{
    struct speichern_tx *t = ctx;
    return store_antrag_daten_set(c, t->id, t->text, t->schritt, t->jetzt, &t->changes);
}

int
antrag_daten_speichern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                       const struct antrag_zugang *z, int64_t id, const json_t *daten,
                       bool schritt_mischen, enum formular_pruefung pruefung, size_t schritt,
                       struct formular_fehler **fehler, size_t *n_fehler)
{
    struct antrag an;
    struct formular *f;
    json_t *neu = NULL, *b = NULL;
    struct fehlerliste l = {.a = a};
    struct formular_fehler *fe;
    size_t n_fe;
    char heute[11];
    char *text = NULL;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc != ERR_OK)
        return rc;
    if (!ist_entwurf(&an))
        return ERR_CONFLICT;
    rc = antrag_formular(c, a, &an, &f);
    if (rc != ERR_OK)
        return rc;
    if (!json_is_object(daten)) {
        rc = fl_add(&l, "", NULL, "Erwartet wird ein JSON-Objekt mit Antworten.");
        goto fertig;
    }
    if (schritt_mischen) {
        /* the other steps' answers stay; this step's are replaced */
        rc = daten_laden(c, a, id, &neu);
        if (rc != ERR_OK)
            goto out;
        if (schritt < f->n_schritte) {
            const struct formular_schritt *st = &f->schritte[schritt];
            for (size_t i = st->erstes; i < st->erstes + st->n_felder; i++)
                RH_IGNORE(json_object_del(neu, f->felder[i].id)); /* absent is fine */
        }
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)daten, key, v)
        {
            if (!schritt_feld(f, schritt, key)) {
                rc = fl_add(&l, formular_is_id(key) ? arena_printf(a, "/%s", key) : "/_", NULL,
                            "Dieses Feld gehört nicht zu diesem Schritt.");
                if (rc != ERR_OK)
                    goto out;
                continue;
            }
            if (json_object_set(neu, key, v) != 0) {
                rc = ERR_NOMEM;
                goto out;
            }
        }
    } else {
        neu = json_incref((json_t *)daten);
    }
    antrag_heute(u->jetzt, heute);
    rc = formular_daten_pruefen(a, f, neu, pruefung, schritt, heute, &b, &fe, &n_fe);
    if (rc == ERR_OK)
        rc = fl_append(&l, fe, n_fe);
    if (rc == ERR_OK && n_fe == 0)
        rc = dateien_pruefen(c, a, &an, f, b, &l);
    if (rc != ERR_OK || l.n > 0)
        goto fertig;
    text = json_dumps(b, JSON_COMPACT);
    if (!text) {
        rc = ERR_NOMEM;
        goto out;
    }
    if (strlen(text) > ANTRAG_DATEN_MAX) {
        rc = fl_add(&l, "", NULL, "Die Antworten sind zusammen größer als 1 MB.");
        if (rc == ERR_OK)
            rc = ERR_LIMIT;
        goto out;
    }
    struct speichern_tx t = {id, (int64_t)schritt, u->jetzt, text, 0};
    rc = db_tx(c, speichern_tx, &t);
    if (rc == ERR_OK && t.changes == 0)
        rc = ERR_CONFLICT;
fertig:
    if (rc == ERR_OK && l.n > 0)
        rc = ERR_INVALID;
out:
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        *fehler = l.items;
        *n_fehler = l.n;
    }
    free(text);
    json_decref(b);
    json_decref(neu);
    return rc;
}

/* ---- attachments --------------------------------------------------------------------- */

/* Find datei field `id` anywhere in felder[0..n). */
static const struct formular_feld *
datei_feld(const struct formular_feld *felder, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        if (felder[i].typ == FORMULAR_DATEI && (!id || strcmp(felder[i].id, id) == 0))
            return &felder[i];
        if (felder[i].typ == FORMULAR_GRUPPE) {
            const struct formular_feld *g = datei_feld(felder[i].felder, felder[i].n_felder, id);
            if (g)
                return g;
        }
    }
    return NULL;
}

/* Whether any datei field allows `typ`; *max gets the largest size those allow. */
static bool
irgendwo_erlaubt(const struct formular_feld *felder, size_t n, const char *typ, int64_t *max)
{
    bool ok = false;
    for (size_t i = 0; i < n; i++) {
        if (felder[i].typ == FORMULAR_DATEI && typ_erlaubt(&felder[i], typ)) {
            ok = true;
            if (felder[i].max_groesse > *max)
                *max = felder[i].max_groesse;
        }
        if (felder[i].typ == FORMULAR_GRUPPE &&
            irgendwo_erlaubt(felder[i].felder, felder[i].n_felder, typ, max))
            ok = true;
    }
    return ok;
}

static const char *
typ_kurz(const char *t)
{
    return strcmp(t, "application/pdf") == 0 ? "PDF"
           : strcmp(t, "image/jpeg") == 0    ? "JPEG"
           : strcmp(t, "image/png") == 0     ? "PNG"
           : strcmp(t, "image/tiff") == 0    ? "TIFF"
           : strcmp(t, "text/plain") == 0    ? "Text"
                                             : t;
}

/* The name a file is kept under: the part after the last slash or backslash, clean UTF-8,
 * 1..ANTRAG_DATEINAME_MAX characters. NULL when none is left. */
static const char *
dateiname_sauber(struct arena *a, const char *name)
{
    if (!name)
        return NULL;
    const char *s = name;
    for (const char *q = name; *q; q++)
        if (*q == '/' || *q == '\\')
            s = q + 1;
    size_t n = strlen(s), k = 0;
    if (n == 0 || n > 4 * ANTRAG_DATEINAME_MAX || !str_is_clean_utf8(s, n) || memchr(s, '\n', n) ||
        memchr(s, '\r', n) || memchr(s, '\t', n) || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    if (k > ANTRAG_DATEINAME_MAX)
        return NULL;
    return arena_strndup(a, s, n);
}

struct anlage_tx {
    int64_t behoerde_id, antrag_id, jetzt;
    const struct anlage *al;
    const void *p;
    size_t len;
    bool konflikt;
};

static int
anlage_tx(struct db_conn *c, void *ctx)
{
    struct anlage_tx *t = ctx;
    int64_t changes = 0;
    t->konflikt = false;
    int rc = store_blob_put(c, t->behoerde_id, t->al->sha256, t->al->typ, t->p, t->len, t->jetzt);
    if (rc == ERR_OK)
        rc = store_anlage_insert(c, t->behoerde_id, t->antrag_id, t->al, t->jetzt, &changes);
    if (rc == ERR_OK && changes > 0) {
        rc = store_antrag_touch(c, t->antrag_id, t->jetzt, &changes);
        if (rc == ERR_OK && changes == 0) {
            t->konflikt = true;
            rc = ERR_CONFLICT; /* rolled back: no longer a draft */
        }
    }
    return rc;
}

int
antrag_anlage_hinzufuegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                          struct einreichung *e, const struct antrag_zugang *z, int64_t id,
                          const char *feld, const char *dateiname, const void *p, size_t len,
                          struct anlage *out, struct feld_fehler *fehler)
{
    struct antrag an;
    struct formular *f;
    char typ[128], sha[SCHLUESSEL_HASH_LEN + 1];
    int64_t max = 0, n = 0;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc != ERR_OK)
        return rc;
    if (!ist_entwurf(&an))
        return ERR_CONFLICT;
    rc = antrag_formular(c, a, &an, &f);
    if (rc != ERR_OK)
        return rc;
    const char *name = dateiname_sauber(a, dateiname);
    if (!name) {
        *fehler = (struct feld_fehler){"datei", "Der Dateiname fehlt, ist zu lang oder enthält "
                                                "unzulässige Zeichen."};
        return ERR_INVALID;
    }
    if (len == 0) {
        *fehler = (struct feld_fehler){"datei", "Die Datei ist leer."};
        return ERR_INVALID;
    }
    if (len > ANTRAG_ANLAGE_MAX) {
        *fehler = (struct feld_fehler){"datei", "Die Datei ist größer als 16 MB."};
        return ERR_LIMIT;
    }
    const struct formular_feld *ziel = NULL;
    if (feld && *feld) {
        ziel = formular_is_id(feld) ? datei_feld(f->felder, f->n_felder, feld) : NULL;
        if (!ziel) {
            *fehler = (struct feld_fehler){"feld", "Das Formular hat kein Dateifeld dieses "
                                                   "Namens."};
            return ERR_INVALID;
        }
    } else if (!datei_feld(f->felder, f->n_felder, NULL)) {
        *fehler = (struct feld_fehler){"datei", "Dieses Formular nimmt keine Dateien an."};
        return ERR_INVALID;
    }
    rc = einreichung_dateityp(e, p, len, typ, sizeof(typ));
    if (rc != ERR_OK)
        return rc;
    bool erlaubt =
        ziel ? typ_erlaubt(ziel, typ) : irgendwo_erlaubt(f->felder, f->n_felder, typ, &max);
    if (ziel)
        max = ziel->max_groesse;
    if (!erlaubt) {
        const char *t = arena_printf(
            a, "Dateien vom Typ %s sind hier nicht erlaubt (erkannt am Inhalt). Erlaubt sind %s.",
            typ_kurz(typ),
            ziel && ziel->n_typen == 1 ? typ_kurz(ziel->typen[0]) : "PDF, JPEG oder PNG");
        *fehler = (struct feld_fehler){"datei", t ? t : "Dieser Dateityp ist nicht erlaubt."};
        return ERR_INVALID;
    }
    if ((int64_t)len > max) {
        const char *t =
            arena_printf(a, "Die Datei ist größer als %lld KB.", (long long)(max / 1024));
        *fehler = (struct feld_fehler){"datei", t ? t : "Die Datei ist zu groß."};
        return ERR_LIMIT;
    }
    schluessel_hash(p, len, sha);
    struct anlage al = {.sha256 = sha, .dateiname = name, .typ = typ, .groesse = (int64_t)len};
    rc = store_anlage_get(c, a, id, sha, out);
    if (rc == ERR_OK)
        return ERR_OK; /* the same bytes again: the attachment that is there */
    if (rc != ERR_NOTFOUND)
        return rc;
    rc = store_anlage_count(c, id, &n);
    if (rc != ERR_OK)
        return rc;
    if (n >= ANTRAG_MAX_ANLAGEN) {
        *fehler = (struct feld_fehler){"datei", "Ein Antrag hat höchstens 30 Anlagen."};
        return ERR_LIMIT;
    }
    struct anlage_tx t = {an.behoerde_id, id, u->jetzt, &al, p, len, false};
    rc = db_tx(c, anlage_tx, &t);
    if (rc == ERR_OK)
        rc = store_anlage_get(c, a, id, sha, out);
    return rc;
}

struct entfernen_tx {
    int64_t id, jetzt;
    const char *sha256;
    int64_t changes;
};

static int
entfernen_tx(struct db_conn *c, void *ctx)
{
    struct entfernen_tx *t = ctx;
    int64_t touched = 0;
    int rc = store_antrag_touch(c, t->id, t->jetzt, &touched);
    if (rc == ERR_OK && touched == 0)
        return ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = store_anlage_delete(c, t->id, t->sha256, &t->changes);
    if (rc == ERR_OK && t->changes == 0)
        rc = ERR_NOTFOUND; /* rolls the touch back */
    return rc;
}

int
antrag_anlage_entfernen(struct db_conn *c, const struct umfeld *u, const struct antrag_zugang *z,
                        int64_t id, const char *sha256)
{
    struct arena *a = arena_new(64 * 1024);
    struct antrag an;
    if (!a)
        return ERR_NOMEM;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc == ERR_OK && !ist_entwurf(&an))
        rc = ERR_CONFLICT;
    if (rc == ERR_OK) {
        struct entfernen_tx t = {id, u->jetzt, sha256, 0};
        rc = db_tx(c, entfernen_tx, &t);
    }
    arena_free(a);
    return rc;
}

int
antrag_anlagen(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
               struct anlage **out, size_t *n)
{
    struct antrag an;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_anlage_list(c, a, id, out, n);
    return rc;
}

int
antrag_anlage_lesen(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
                    const char *sha256, struct anlage *out, const void **p, size_t *len)
{
    struct antrag an;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_anlage_get(c, a, id, sha256, out);
    if (rc == ERR_OK)
        rc = store_blob_get(c, a, an.behoerde_id, sha256, p, len);
    return rc;
}

/* ---- timeline, lists ----------------------------------------------------------------- */

int
antrag_verlauf_liste(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
                     struct antrag_verlauf **out, size_t *n)
{
    struct antrag an;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_antrag_verlauf(c, a, id, out, n);
    return rc;
}

int
antrag_liste(struct db_conn *c, struct arena *a, const struct actor *who, struct antrag **out,
             size_t *n)
{
    int rc = authz_check(who, AUTHZ_ANTRAG_LESEN,
                         &(struct authz_object){.konto_id = who ? who->konto_id : 0});
    if (rc != ERR_OK)
        return rc;
    return store_antrag_list_konto(c, a, who->konto_id, out, n);
}

/* ---- submitting ---------------------------------------------------------------------- */

int
antrag_inhalt(struct arena *a, const struct antrag *an, const json_t *daten,
              const struct anlage *anlagen, size_t n_anlagen, const char **text,
              char sha256[SCHLUESSEL_HASH_LEN + 1])
{
    json_t *liste = json_array();
    for (size_t i = 0; liste && i < n_anlagen; i++) {
        json_t *x = json_pack("{s:s, s:I, s:s, s:s}", "dateiname", anlagen[i].dateiname, "groesse",
                              (json_int_t)anlagen[i].groesse, "sha256", anlagen[i].sha256, "typ",
                              anlagen[i].typ);
        if (!x || json_array_append_new(liste, x) != 0) {
            json_decref(liste);
            liste = NULL;
        }
    }
    if (!liste)
        return ERR_NOMEM;
    json_t *doc = json_pack(
        "{s:o, s:I, s:I, s:O, s:s, s:{s:I, s:I}, s:s, s:s, s:I}", "anlagen", liste, "antrag",
        (json_int_t)an->id, "behoerde", (json_int_t)an->behoerde_id, "daten", (json_t *)daten,
        "format", "rathaus-antrag/1", "formular", "id", (json_int_t)an->formular_id, "version",
        (json_int_t)an->formular_version, "gemeinde", an->gemeinde_ags, "leistung", an->leistung_id,
        "organisationseinheit", (json_int_t)an->oe_id);
    if (!doc)
        return ERR_NOMEM;
    char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(doc);
    if (!s)
        return ERR_NOMEM;
    *text = arena_strdup(a, s);
    if (*text)
        schluessel_hash(s, strlen(s), sha256);
    free(s);
    return *text ? ERR_OK : ERR_NOMEM;
}

static int
cmp_anlage(const void *x, const void *y)
{
    return strcmp(((const struct anlage *)x)->sha256, ((const struct anlage *)y)->sha256);
}

/* Everything up to the commit, on `c`: checks, content, hash. On ERR_INVALID the errors are
 * in *fehler. *schon_eingereicht: the application is no longer a draft. */
static int
vorbereiten(struct db_conn *c, struct arena *a, const struct umfeld *u,
            const struct antrag_zugang *z, int64_t id, struct antrag *an,
            struct einreichung_auftrag *j, bool *schon_eingereicht, struct formular_fehler **fehler,
            size_t *n_fehler)
{
    struct formular *f;
    json_t *daten = NULL, *b = NULL;
    struct formular_fehler *fe;
    size_t n_fe, n_al, n_refs, n_sel = 0;
    struct anlage *al, *sel;
    struct formular_datei_ref *refs;
    struct fehlerliste l = {.a = a};
    char heute[11];
    char *sha = arena_alloc(a, SCHLUESSEL_HASH_LEN + 1);
    char *nummer = arena_alloc(a, 24);
    const char *inhalt;
    int rc = sha && nummer ? zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, an) : ERR_NOMEM;
    if (rc != ERR_OK)
        return rc;
    *schon_eingereicht = !ist_entwurf(an);
    if (*schon_eingereicht)
        return ERR_OK;
    rc = antrag_formular(c, a, an, &f);
    if (rc == ERR_OK)
        rc = daten_laden(c, a, id, &daten);
    if (rc != ERR_OK)
        goto out;
    antrag_heute(u->jetzt, heute);
    rc = formular_daten_pruefen(a, f, daten, FORMULAR_VOLLSTAENDIG, 0, heute, &b, &fe, &n_fe);
    if (rc == ERR_OK)
        rc = fl_append(&l, fe, n_fe);
    if (rc == ERR_OK)
        rc = dateien_pruefen(c, a, an, f, b, &l);
    if (rc == ERR_OK && l.n > 0) {
        *fehler = l.items;
        *n_fehler = l.n;
        rc = ERR_INVALID;
    }
    if (rc != ERR_OK)
        goto out;
    /* the attachments the answers name, in hash order */
    rc = store_anlage_list(c, a, id, &al, &n_al);
    if (rc == ERR_OK)
        rc = formular_dateien(a, f, b, &refs, &n_refs);
    if (rc != ERR_OK)
        goto out;
    sel = arena_alloc(a, (n_al ? n_al : 1) * sizeof(*sel));
    if (!sel) {
        rc = ERR_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n_al; i++) {
        for (size_t k = 0; k < n_refs; k++) {
            if (strcmp(al[i].sha256, refs[k].sha256) == 0) {
                sel[n_sel++] = al[i];
                break;
            }
        }
    }
    qsort(sel, n_sel, sizeof(*sel), cmp_anlage);
    rc = antrag_inhalt(a, an, b, sel, n_sel, &inhalt, sha);
    if (rc != ERR_OK)
        goto out;
    antrag_nummer(id, nummer);
    char zeit[32];
    antrag_zeit_text(u->jetzt, zeit);
    j->antrag_id = id;
    j->behoerde_id = an->behoerde_id;
    j->konto_id = an->konto_id;
    j->revision = an->revision;
    j->inhalt = inhalt;
    j->sha256 = sha;
    j->nummer = nummer;
    j->jetzt = u->jetzt;
    j->betreff = arena_printf(a, "Eingangsbestätigung: %s", an->leistung_name);
    j->text = arena_printf(a,
                           "Ihr Antrag „%s“ ist am %s bei %s (%s) eingegangen.\n\n"
                           "Nummer: %s\nPrüfsumme (SHA-256) der übermittelten Daten:\n%s\n\n"
                           "Die Eingangsbestätigung mit allen Angaben finden Sie als PDF im "
                           "Anhang dieser Nachricht und bei Ihrem Antrag.",
                           an->leistung_name, zeit, an->oe_name, an->behoerde_name, nummer, sha);
    if (!j->betreff || !j->text)
        rc = ERR_NOMEM;
out:
    json_decref(b);
    json_decref(daten);
    return rc;
}

int
antrag_einreichen(struct db *db, struct arena *a, const struct umfeld *u, struct einreichung *e,
                  const struct antrag_zugang *z, int64_t id, const char *schluessel,
                  struct eingangsbestaetigung *out, bool *wiederholt,
                  struct formular_fehler **fehler, size_t *n_fehler)
{
    struct db_conn *c;
    struct antrag an;
    struct einreichung_auftrag j = {0};
    bool schon = false;
    *wiederholt = false;
    if (schluessel && (strlen(schluessel) == 0 || strlen(schluessel) > ANTRAG_IDEM_MAX ||
                       !str_is_clean_utf8(schluessel, strlen(schluessel))))
        return ERR_INVALID;
    int rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = vorbereiten(c, a, u, z, id, &an, &j, &schon, fehler, n_fehler);
    if (rc == ERR_OK && schon) {
        /* a repeat: the same key finds the receipt */
        bool found = false;
        if (schluessel)
            rc = store_idempotenz_get(c, id, schluessel, &found);
        if (rc == ERR_OK && !found)
            rc = ERR_CONFLICT;
        if (rc == ERR_OK) {
            *wiederholt = true;
            rc = store_eingang_get(c, a, id, out);
        }
        db_release(c);
        return rc;
    }
    db_release(c);
    if (rc != ERR_OK)
        return rc;
    j.schluessel = schluessel;
    rc = einreichung_ausfuehren(e, db, &j);
    if (rc != ERR_OK)
        return rc;
    if (j.wiederholt) {
        *wiederholt = true;
        if ((rc = db_acquire(db, &c)) != ERR_OK)
            return rc;
        rc = store_eingang_get(c, a, id, out);
        db_release(c);
        return rc;
    }
    *out = (struct eingangsbestaetigung){.antrag_id = id,
                                         .nummer = j.nummer,
                                         .zeitpunkt = j.jetzt,
                                         .sha256 = j.sha256,
                                         .inhalt = j.inhalt};
    /* without the queue's worker (CLI, tests) the receipt PDF is made here; a failure is no
     * failure of the submission, which is committed: a reader makes it on demand */
    if (!e && j.konto_id > 0 && db_acquire(db, &c) == ERR_OK) {
        RH_IGNORE(antrag_beleg_sicherstellen(c, id, NULL));
        db_release(c);
    }
    return ERR_OK;
}

int
antrag_eingangsbestaetigung(struct db_conn *c, struct arena *a, const struct antrag_zugang *z,
                            int64_t id, struct eingangsbestaetigung *out)
{
    struct antrag an;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_eingang_get(c, a, id, out);
    return rc;
}

/* ---- withdrawing --------------------------------------------------------------------- */

struct zurueck_tx {
    const struct umfeld *u;
    const struct antrag *an;
    int64_t konto_id;
    int64_t changes;
};

static int
zurueck_tx(struct db_conn *c, void *ctx)
{
    struct zurueck_tx *t = ctx;
    int rc =
        store_antrag_status_setzen(c, t->an->id, "zurueckgezogen", true, t->u->jetzt, &t->changes);
    if (rc != ERR_OK || t->changes == 0)
        return rc;
    rc = store_antrag_verlauf_insert(c, t->an->behoerde_id, t->an->id, "zurueckgezogen",
                                     t->u->jetzt, t->konto_id, NULL);
    if (rc == ERR_OK && !ist_entwurf(t->an)) {
        char oid[32];
        snprintf(oid, sizeof(oid), "%lld", (long long)t->an->id);
        struct protokoll_eintrag e = {.behoerde_id = t->an->behoerde_id,
                                      .konto_id = t->konto_id,
                                      .aktion = "antrag_zurueckgezogen",
                                      .objekt_typ = "antrag",
                                      .objekt_id = oid};
        rc = protokoll_schreiben(c, t->u, &e);
    }
    return rc;
}

int
antrag_zurueckziehen(struct db_conn *c, const struct umfeld *u, const struct antrag_zugang *z,
                     int64_t id)
{
    struct arena *a = arena_new(64 * 1024);
    struct antrag an;
    if (!a)
        return ERR_NOMEM;
    int rc = zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc == ERR_OK) {
        struct zurueck_tx t = {u, &an, z->who ? z->who->konto_id : 0, 0};
        rc = db_tx(c, zurueck_tx, &t);
        if (rc == ERR_OK && t.changes == 0)
            rc = ERR_CONFLICT;
    }
    arena_free(a);
    return rc;
}
