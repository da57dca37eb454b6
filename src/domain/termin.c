#include "domain/termin.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/artikel.h"
#include "domain/cursor.h"
#include "domain/postausgang.h"
#include "domain/protokoll.h"
#include "formats/ics.h"
#include "store/anfrage.h"
#include "store/db.h"

static const char *const arten[][2] = {
    {"webinar", "Webinar"},
    {"netzwerktreffen", "Netzwerktreffen"},
    {"schulung", "Schulung"},
    {"sonstiges", "Veranstaltung"},
};

const char *
termin_art_label(const char *art)
{
    for (size_t i = 0; art && i < sizeof(arten) / sizeof(arten[0]); i++)
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
    return n > 0 && n <= max && str_is_clean_utf8(s, n) && !strpbrk(s, "\r\n\t");
}

/* The Kreis of `who`'s first district-bound coordinator role, NULL when statewide or none. */
static const char *
eigener_kreis(const struct actor *who)
{
    for (size_t i = 0; i < who->n_rollen; i++)
        if (who->rollen[i].rolle == ROLLE_KOORDINATION)
            return who->rollen[i].kreis_ags;
    return NULL;
}

/* A coordinator who may manage events of some area (their Kreis, or the Land). */
static int
darf_anlegen(const struct actor *who)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (who->is_system)
        return ERR_OK;
    int rc = ERR_FORBIDDEN;
    for (size_t i = 0; i < who->n_rollen; i++) {
        if (who->rollen[i].rolle != ROLLE_KOORDINATION)
            continue;
        struct authz_object obj = {.kreis_ags = who->rollen[i].kreis_ags};
        rc = authz_check(who, AUTHZ_TERMIN_VERWALTEN, &obj);
        if (rc == ERR_OK)
            return ERR_OK;
    }
    return rc == ERR_NOTFOUND ? ERR_FORBIDDEN : rc;
}

/* Staff of any authority (AUTHZ_TERMIN_ANMELDEN on one of their own), coordinators and the
 * ministry (AUTHZ_LAND_LESEN) register for events. */
static int
darf_anmelden(const struct actor *who)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (authz_check(who, AUTHZ_LAND_LESEN, NULL) == ERR_OK)
        return ERR_OK;
    int rc = ERR_FORBIDDEN;
    for (size_t i = 0; i < who->n_rollen; i++) {
        struct authz_object obj = {.behoerde_id = who->rollen[i].behoerde_id};
        if (obj.behoerde_id <= 0)
            continue;
        rc = authz_check(who, AUTHZ_TERMIN_ANMELDEN, &obj);
        if (rc == ERR_OK)
            return ERR_OK;
    }
    return rc == ERR_NOTFOUND ? ERR_FORBIDDEN : rc;
}

int
termin_anlegen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
               const struct termin_in *in, int64_t *id, struct feld_fehler *f)
{
    int rc = darf_anlegen(who);
    if (rc != ERR_OK)
        return rc;
    const char *kreis = in->kreis_ags ? in->kreis_ags : eigener_kreis(who);
    if (kreis) {
        struct authz_object obj = {.kreis_ags = kreis};
        rc = authz_check(who, AUTHZ_TERMIN_VERWALTEN, &obj);
        if (rc != ERR_OK)
            return fehler(f, "kreis", "Termine legen Sie für Ihren eigenen Kreis an.");
    }
    const char *art = in->art ? in->art : "sonstiges";
    if (!is_line(in->titel, 200))
        return fehler(f, "titel", "Der Titel ist eine Zeile mit 1 bis 200 Zeichen.");
    if (!termin_art_label(art))
        return fehler(f, "art", "Die Art ist webinar, netzwerktreffen, schulung oder sonstiges.");
    if (in->beginn <= 0)
        return fehler(f, "beginn", "Der Beginn fehlt.");
    if (in->ende < in->beginn || in->ende - in->beginn > 14 * 86400)
        return fehler(f, "ende", "Das Ende liegt nach dem Beginn (höchstens 14 Tage).");
    if (in->beginn < u->jetzt - 86400)
        return fehler(f, "beginn", "Der Beginn liegt in der Vergangenheit.");
    if (in->ort && strlen(in->ort) > 0 && !is_line(in->ort, 300))
        return fehler(f, "ort", "Ort oder Link hat höchstens 300 Zeichen in einer Zeile.");
    if (in->kapazitaet < 1 || in->kapazitaet > 10000)
        return fehler(f, "kapazitaet", "Die Kapazität ist eine Zahl von 1 bis 10.000.");
    if (in->beschreibung && (strlen(in->beschreibung) > 20000 ||
                             !str_is_clean_utf8(in->beschreibung, strlen(in->beschreibung))))
        return fehler(f, "beschreibung", "Die Beschreibung hat höchstens 20.000 Zeichen.");
    struct termin_row t = {.titel = in->titel,
                           .beschreibung = in->beschreibung,
                           .art = art,
                           .ort = in->ort,
                           .kreis_ags = kreis,
                           .beginn = in->beginn,
                           .ende = in->ende,
                           .kapazitaet = in->kapazitaet,
                           .konto_id = who->konto_id,
                           .erstellt = u->jetzt,
                           .geaendert = u->jetzt};
    return store_termin_insert(c, &t, id);
}

int
termin_liste(struct db_conn *c, struct arena *a, const struct actor *who, int64_t ab, int64_t limit,
             const char *cursor, struct termin_seite *out, const char **bad)
{
    int64_t after_b = 0, after_id = 0;
    char *cur[2];
    int rc = artikel_darf_lesen(who);
    if (rc != ERR_OK)
        return rc;
    if (limit < 1 || limit > 100) {
        *bad = "limit";
        return ERR_INVALID;
    }
    if (cursor && (cursor_decode(a, cursor, 2, cur) != ERR_OK ||
                   str_to_int64(str_from(cur[0]), 0, INT64_MAX, &after_b) != ERR_OK ||
                   str_to_int64(str_from(cur[1]), 1, INT64_MAX, &after_id) != ERR_OK)) {
        *bad = "cursor";
        return ERR_INVALID;
    }
    if (!cursor)
        after_b = INT64_MIN;
    rc = store_termin_list(c, a, ab, after_b, after_id, limit + 1, &out->items, &out->n);
    if (rc != ERR_OK)
        return rc;
    out->next_cursor = NULL;
    if (out->n > (size_t)limit) {
        out->n = (size_t)limit;
        char b[24], i[24];
        snprintf(b, sizeof(b), "%lld", (long long)out->items[out->n - 1].beginn);
        snprintf(i, sizeof(i), "%lld", (long long)out->items[out->n - 1].id);
        const char *parts[2] = {b, i};
        if (!(out->next_cursor = cursor_encode(a, parts, 2)))
            return ERR_NOMEM;
    }
    return ERR_OK;
}

static bool
darf_verwalten(const struct actor *who, const struct termin_row *t)
{
    if (t->konto_id > 0 && t->konto_id == who->konto_id)
        return true;
    struct authz_object obj = {.kreis_ags = t->kreis_ags};
    return authz_check(who, AUTHZ_TERMIN_VERWALTEN, &obj) == ERR_OK;
}

int
termin_get(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
           struct termin_detail *out)
{
    struct termin_detail d = {0};
    int rc = artikel_darf_lesen(who);
    if (rc != ERR_OK)
        return rc == ERR_FORBIDDEN ? ERR_NOTFOUND : rc;
    rc = store_termin_get(c, a, id, &d.termin);
    if (rc == ERR_OK)
        rc = store_anmeldung_status(c, a, id, who->konto_id, &d.mein_status);
    if (rc == ERR_OK && d.mein_status && strcmp(d.mein_status, "storniert") == 0)
        d.mein_status = NULL;
    d.darf_verwalten = rc == ERR_OK && darf_verwalten(who, &d.termin);
    if (rc == ERR_OK && d.darf_verwalten)
        rc = store_anmeldungen(c, a, id, &d.teilnehmende, &d.n_teilnehmende);
    if (rc == ERR_OK)
        *out = d;
    return rc;
}

static void
zeit(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 32, "%d.%m.%Y %H:%M UTC", &tm);
}

/* Mail account `konto_id` about event `t`: `was` says what happened. */
static int
mail_konto(struct db_conn *c, const struct umfeld *u, const struct termin_row *t, int64_t konto_id,
           const char *was)
{
    const char *to = NULL;
    char beginn[32];
    struct arena *a = arena_new(32 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_anfrage_konto_email(c, a, konto_id, &to);
    zeit(t->beginn, beginn);
    const char *betreff = arena_printf(a, "%s: %s", t->titel, was);
    const char *text =
        arena_printf(a,
                     "Guten Tag,\n\n%s: %s\n\nBeginn: %s\nOrt: %s\n\nTermin und Kalenderdatei: "
                     "%s/koordination/termine/%lld\n",
                     t->titel, was, beginn, t->ort ? t->ort : "-", u->basis_url ? u->basis_url : "",
                     (long long)t->id);
    if (rc == ERR_OK && (!betreff || !text))
        rc = ERR_NOMEM;
    if (rc == ERR_OK && to) {
        struct nachricht_raus m = {0, konto_id, to, betreff, text};
        rc = postausgang_einstellen(c, u, &m);
    }
    arena_free(a);
    return rc;
}

/* The one authority `who` works for (0: none or several). */
static int64_t
behoerde_of(const struct actor *who)
{
    int64_t found = 0;
    for (size_t i = 0; i < who->n_rollen; i++) {
        int64_t b = who->rollen[i].behoerde_id;
        if (b <= 0)
            continue;
        if (found && found != b)
            return 0;
        found = b;
    }
    return found;
}

struct anmelden_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t id;
    const char *status;
    struct arena *a;
};

static int
anmelden_tx(struct db_conn *c, void *ctx)
{
    struct anmelden_tx *x = ctx;
    struct termin_row t;
    const char *cur = NULL;
    bool got = false;
    int rc = store_termin_get(c, x->a, x->id, &t);
    if (rc == ERR_OK)
        rc = store_anmeldung_status(c, x->a, x->id, x->who->konto_id, &cur);
    if (rc != ERR_OK)
        return rc;
    if (cur && strcmp(cur, "storniert") != 0) {
        x->status = cur;
        return ERR_OK;
    }
    if (t.abgesagt || t.ende < x->u->jetzt)
        return ERR_CONFLICT;
    rc = store_termin_platz_nehmen(c, x->id, &got);
    x->status = got ? "angemeldet" : "warteliste";
    if (rc == ERR_OK)
        rc = store_anmeldung_put(c, x->id, x->who->konto_id, behoerde_of(x->who), x->status,
                                 x->u->jetzt);
    if (rc == ERR_OK)
        rc = mail_konto(c, x->u, &t, x->who->konto_id,
                        got ? "Sie sind angemeldet" : "Sie stehen auf der Warteliste");
    return rc;
}

int
termin_anmelden(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                const char **status)
{
    int rc = darf_anmelden(who);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    struct anmelden_tx x = {u, who, id, NULL, a};
    rc = db_tx(c, anmelden_tx, &x);
    if (rc == ERR_OK)
        *status = strcmp(x.status, "angemeldet") == 0 ? "angemeldet" : "warteliste";
    arena_free(a);
    return rc;
}

static int
abmelden_tx(struct db_conn *c, void *ctx)
{
    struct anmelden_tx *x = ctx;
    struct termin_row t;
    const char *cur = NULL;
    int64_t next = 0;
    int rc = store_termin_get(c, x->a, x->id, &t);
    if (rc == ERR_OK)
        rc = store_anmeldung_status(c, x->a, x->id, x->who->konto_id, &cur);
    if (rc != ERR_OK)
        return rc;
    if (!cur || strcmp(cur, "storniert") == 0)
        return ERR_NOTFOUND;
    rc = store_anmeldung_put(c, x->id, x->who->konto_id, 0, "storniert", x->u->jetzt);
    if (rc != ERR_OK || strcmp(cur, "angemeldet") != 0)
        return rc;
    /* the freed place goes to the first on the waiting list, or back to the pool */
    rc = store_anmeldung_erste_wartende(c, x->id, &next);
    if (rc == ERR_OK && next > 0 && !t.abgesagt) {
        rc = store_anmeldung_put(c, x->id, next, 0, "angemeldet", x->u->jetzt);
        if (rc == ERR_OK)
            rc = mail_konto(c, x->u, &t, next, "Ein Platz ist frei geworden: Sie sind angemeldet");
    } else if (rc == ERR_OK) {
        rc = store_termin_platz_freigeben(c, x->id);
    }
    return rc;
}

int
termin_abmelden(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id)
{
    int rc = darf_anmelden(who);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    struct anmelden_tx x = {u, who, id, NULL, a};
    rc = db_tx(c, abmelden_tx, &x);
    arena_free(a);
    return rc;
}

static int
absagen_tx(struct db_conn *c, void *ctx)
{
    struct anmelden_tx *x = ctx;
    struct termin_row t;
    struct anmeldung_row *list;
    size_t n;
    char oid[24];
    int rc = store_termin_get(c, x->a, x->id, &t);
    if (rc == ERR_OK && !darf_verwalten(x->who, &t))
        rc = ERR_FORBIDDEN;
    if (rc == ERR_OK && t.abgesagt)
        return ERR_OK;
    if (rc == ERR_OK)
        rc = store_termin_absagen(c, x->id, x->u->jetzt);
    if (rc == ERR_OK)
        rc = store_anmeldungen(c, x->a, x->id, &list, &n);
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        rc = mail_konto(c, x->u, &t, list[i].konto_id, "Der Termin ist abgesagt");
    if (rc != ERR_OK)
        return rc;
    snprintf(oid, sizeof(oid), "%lld", (long long)x->id);
    struct protokoll_eintrag e = {.konto_id = x->who->konto_id,
                                  .aktion = "termin_abgesagt",
                                  .objekt_typ = "termin",
                                  .objekt_id = oid};
    return protokoll_schreiben(c, x->u, &e);
}

int
termin_absagen(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id)
{
    int rc = artikel_darf_lesen(who);
    if (rc != ERR_OK)
        return rc == ERR_FORBIDDEN ? ERR_NOTFOUND : rc;
    struct arena *a = arena_new(256 * 1024);
    if (!a)
        return ERR_NOMEM;
    struct anmelden_tx x = {u, who, id, NULL, a};
    rc = db_tx(c, absagen_tx, &x);
    arena_free(a);
    return rc;
}

int
termin_ics(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
           const struct umfeld *u, struct buf *out)
{
    struct termin_detail d;
    int rc = termin_get(c, a, who, id, &d);
    if (rc != ERR_OK)
        return rc;
    const char *host = u->basis_url ? u->basis_url : "";
    const char *h = strstr(host, "://");
    const char *uid =
        arena_printf(a, "termin-%lld@%s", (long long)id, h && h[3] ? h + 3 : "rathaus.invalid");
    const char *url =
        u->basis_url ? arena_printf(a, "%s/koordination/termine/%lld", host, (long long)id) : NULL;
    if (!uid || (u->basis_url && !url))
        return ERR_NOMEM;
    struct ics_event e = {
        .uid = uid,
        .dtstamp = d.termin.geaendert,
        .beginn = d.termin.beginn,
        .ende = d.termin.ende,
        .titel = d.termin.titel,
        .beschreibung = d.termin.beschreibung,
        .ort = d.termin.ort,
        .url = url,
        .sequence = d.termin.abgesagt ? 1 : 0,
        .is_abgesagt = d.termin.abgesagt,
    };
    return ics_event(out, &e);
}
