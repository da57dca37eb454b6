#include "domain/antrag.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sodium.h>

#include "domain/antrag_anonym.h"
#include "domain/antrag_intern.h"
#include "domain/formular_verwaltung.h"
#include "domain/leistung.h"
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
int
antrag_zugriff(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
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

bool
antrag_ist_entwurf(const struct antrag *an)
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
    return antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
}

int
antrag_get(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
           struct antrag *out)
{
    return antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, out);
}

int
antrag_formular(struct db_conn *c, struct arena *a, const struct antrag *an, struct formular **out)
{
    struct formular_zeile zeile;
    return formular_laden(c, a, an->formular_id, &zeile, out);
}

int
antrag_daten_laden(struct db_conn *c, struct arena *a, int64_t id, json_t **out)
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
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = antrag_daten_laden(c, a, id, out);
    return rc;
}

/* ---- creating a draft ---------------------------------------------------------------- */

struct anlegen_tx {
    struct antrag *an;
    const char *hash;
    const struct umfeld *u;
    struct arena *a;
    struct antrag *neu; /* the stored draft, read back in the same transaction */
};

static int
anlegen_tx(struct db_conn *c, void *ctx)
{
    struct anlegen_tx *t = ctx;
    /* an anonymous draft counts against its address's hourly limit, in the same transaction */
    int rc = t->hash ? antrag_anonym_zaehlen(c, t->u, NULL) : ERR_OK;
    if (rc == ERR_OK)
        rc = store_antrag_insert(c, t->an, t->hash, t->u->jetzt, &t->an->id);
    if (rc == ERR_OK)
        rc = store_antrag_get(c, t->a, t->an->id, t->neu, NULL);
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
    struct antrag neu = {0};
    struct anlegen_tx t = {&an, anonym ? hash : NULL, u, a, &neu};
    rc = db_tx(c, anlegen_tx, &t);
    if (rc == ERR_LIMIT)
        *fehler = (struct feld_fehler){"herkunft", "Von Ihrer Adresse aus wurden in der letzten "
                                                   "Stunde zu viele Anträge ohne Konto begonnen. "
                                                   "Bitte versuchen Sie es später noch einmal "
                                                   "oder melden Sie sich an."};
    if (rc == ERR_OK)
        *out = neu;
    else
        fortsetzung[0] = '\0';
    return rc;
}

/* ---- timeline, lists ----------------------------------------------------------------- */

int
antrag_verlauf_liste(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
                     struct antrag_verlauf **out, size_t *n)
{
    struct antrag an;
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
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
