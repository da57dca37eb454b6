#include "domain/anfrage.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/cursor.h"
#include "domain/postausgang.h"
#include "domain/protokoll.h"
#include "store/db.h"
#include "store/umsetzung.h"

#define TAG 86400

struct kategorie {
    const char *name, *label;
    int frist_tage; /* service level: due this many days after filing */
};

static const struct kategorie kategorien[] = {
    {"ozg_leistung", "OZG-Leistung", 5}, {"plattform", "Plattform", 3},  {"eakte", "E-Akte", 10},
    {"foerderung", "Förderung", 10},     {"sonstiges", "Sonstiges", 10},
};

static const char *const status_namen[][2] = {
    {"neu", "neu"},
    {"in_bearbeitung", "in Bearbeitung"},
    {"wartet", "wartet auf Rückmeldung"},
    {"erledigt", "erledigt"},
};

static const struct kategorie *
kategorie_of(const char *k)
{
    for (size_t i = 0; k && i < sizeof(kategorien) / sizeof(kategorien[0]); i++)
        if (strcmp(k, kategorien[i].name) == 0)
            return &kategorien[i];
    return NULL;
}

bool
anfrage_is_kategorie(const char *k)
{
    return kategorie_of(k) != NULL;
}

const char *
anfrage_kategorie_label(const char *k)
{
    const struct kategorie *x = kategorie_of(k);
    return x ? x->label : NULL;
}

int
anfrage_frist_tage(const char *k)
{
    const struct kategorie *x = kategorie_of(k);
    return x ? x->frist_tage : 10;
}

const char *
anfrage_status_label(const char *s)
{
    for (size_t i = 0; s && i < sizeof(status_namen) / sizeof(status_namen[0]); i++)
        if (strcmp(s, status_namen[i][0]) == 0)
            return status_namen[i][1];
    return NULL;
}

static int
fehler(struct feld_fehler *f, const char *feld, const char *text)
{
    f->feld = feld;
    f->text = text;
    return ERR_INVALID;
}

/* Staff of authority `bid` (AUTHZ_ANFRAGE_STELLEN to write, AUTHZ_ANFRAGE_LESEN to read):
 * ERR_OK, ERR_FORBIDDEN when visible but not allowed (e.g. a read-only token that wants to
 * write), else ERR_NOTFOUND, ... */
static int
staff(const struct actor *who, int64_t bid, bool schreiben)
{
    struct authz_object obj = {.behoerde_id = bid};
    return authz_check(who, schreiben ? AUTHZ_ANFRAGE_STELLEN : AUTHZ_ANFRAGE_LESEN, &obj);
}

static int
koord(const struct actor *who, enum authz_action what, const char *kreis)
{
    struct authz_object obj = {.kreis_ags = kreis};
    return authz_check(who, what, &obj);
}

static bool
is_line(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= max && str_is_clean_utf8(s, n) && !strpbrk(s, "\r\n\t");
}

static bool
is_text(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || !str_is_clean_utf8(s, n))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return true;
    return false;
}

static void
datum(int64_t t, char out[11])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(out, 11, "%d.%m.%Y", &tm);
}

/* ---- filing ---- */

struct stellen_tx {
    const struct umfeld *u;
    struct anfrage_row *row;
    int64_t id;
};

/* Mail every address in `to` (skipping NULL). */
static int
mail_all(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, const char *const *to,
         size_t n, const char *betreff, const char *text)
{
    int rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (!to[i])
            continue;
        struct nachricht_raus m = {behoerde_id, 0, to[i], betreff, text};
        rc = postausgang_einstellen(c, u, &m);
    }
    return rc;
}

/* The coordinators of a Kreis, or the statewide ones where the Kreis has none. */
static int
koordination_emails(struct db_conn *c, struct arena *a, const char *kreis, const char ***to,
                    size_t *n)
{
    int rc = store_anfrage_koordination_emails(c, a, kreis, to, n);
    if (rc == ERR_OK && *n == 0)
        rc = store_anfrage_koordination_emails(c, a, NULL, to, n);
    return rc;
}

static int
stellen_tx(struct db_conn *c, void *ctx)
{
    struct stellen_tx *t = ctx;
    struct anfrage_row *r = t->row;
    const char **to = NULL;
    size_t n_to = 0;
    char frist[11], oid[24];
    int rc = store_anfrage_insert(c, r, &t->id);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = koordination_emails(c, a, r->kreis_ags, &to, &n_to);
    datum(r->faellig, frist);
    const char *betreff =
        arena_printf(a, "Neue Anfrage Nr. %lld: %s", (long long)t->id, r->betreff);
    const char *text = arena_printf(
        a,
        "Guten Tag,\n\n%s hat eine Anfrage an die E-Government-Koordination gestellt.\n\n"
        "Nummer: %lld\nKategorie: %s\nBetreff: %s\nFällig: %s\n\n"
        "Zur Anfrage: %s/koordination/anfragen/%lld\n",
        r->behoerde, (long long)t->id, anfrage_kategorie_label(r->kategorie), r->betreff, frist,
        t->u->basis_url ? t->u->basis_url : "", (long long)t->id);
    if (rc == ERR_OK && (!betreff || !text))
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        rc = mail_all(c, t->u, r->behoerde_id, to, n_to, betreff, text);
    arena_free(a);
    if (rc != ERR_OK)
        return rc;
    snprintf(oid, sizeof(oid), "%lld", (long long)t->id);
    struct protokoll_eintrag e = {.behoerde_id = r->behoerde_id,
                                  .konto_id = r->erstellt_konto_id,
                                  .aktion = "anfrage_gestellt",
                                  .objekt_typ = "anfrage",
                                  .objekt_id = oid};
    return protokoll_schreiben(c, t->u, &e);
}

/* The one authority `who` works for, 0 when none or several. */
static int64_t
eigene_behoerde(const struct actor *who)
{
    int64_t found = 0;
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *z = &who->rollen[i];
        if ((z->rolle != ROLLE_SACHBEARBEITUNG && z->rolle != ROLLE_BEHOERDENADMIN) ||
            z->behoerde_id <= 0)
            continue;
        if (found && found != z->behoerde_id)
            return 0;
        found = z->behoerde_id;
    }
    return found;
}

int
anfrage_darf_stellen(const struct actor *who)
{
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    for (size_t i = 0; i < who->n_rollen; i++)
        if (who->rollen[i].behoerde_id > 0 &&
            staff(who, who->rollen[i].behoerde_id, true) == ERR_OK)
            return ERR_OK;
    return ERR_FORBIDDEN;
}

int
anfrage_stellen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                const struct anfrage_neu *n, int64_t *id, struct feld_fehler *f)
{
    int64_t bid = n->behoerde_id;
    const char *name = NULL, *kreis = NULL;
    int rc;

    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    if (bid == 0)
        bid = eigene_behoerde(who);
    if (bid <= 0) {
        if (!actor_has_rolle(who, ROLLE_SACHBEARBEITUNG) &&
            !actor_has_rolle(who, ROLLE_BEHOERDENADMIN))
            return ERR_FORBIDDEN;
        return fehler(f, "behoerde_id",
                      "Sie arbeiten für mehrere Behörden: bitte geben Sie "
                      "behoerde_id an.");
    }
    rc = staff(who, bid, true);
    if (rc != ERR_OK)
        return rc;
    if (!anfrage_is_kategorie(n->kategorie))
        return fehler(f, "kategorie",
                      "Die Kategorie ist ozg_leistung, plattform, eakte, "
                      "foerderung oder sonstiges.");
    if (!is_line(n->betreff, ANFRAGE_BETREFF_MAX))
        return fehler(f, "betreff", "Der Betreff ist eine Zeile mit 1 bis 200 Zeichen.");
    if (!is_text(n->text, ANFRAGE_TEXT_MAX))
        return fehler(f, "text", "Bitte beschreiben Sie Ihr Anliegen (höchstens 20.000 Zeichen).");

    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = store_anfrage_behoerde(c, a, bid, &name, &kreis);
    if (rc == ERR_OK && !kreis)
        rc = fehler(f, "behoerde_id", "Diese Behörde gehört zu keinem Kreis.");
    if (rc == ERR_OK && n->ozg_id) {
        struct ums_ozg *o;
        size_t n_o;
        rc = store_ums_ozg(c, a, n->ozg_id, &o, &n_o);
        if (rc == ERR_OK && n_o == 0)
            rc = fehler(f, "leistung", "Diese OZG-Leistung gibt es nicht im Katalog.");
    }
    if (rc == ERR_OK) {
        struct anfrage_row row = {
            .behoerde_id = bid,
            .behoerde = name,
            .kreis_ags = kreis,
            .kategorie = n->kategorie,
            .betreff = n->betreff,
            .text = n->text,
            .status = "neu",
            .ozg_id = n->ozg_id,
            .erstellt_konto_id = who->konto_id,
            .erstellt = u->jetzt,
            .geaendert = u->jetzt,
            .faellig = u->jetzt + (int64_t)anfrage_frist_tage(n->kategorie) * TAG,
        };
        struct stellen_tx t = {u, &row, 0};
        rc = db_tx(c, stellen_tx, &t);
        if (rc == ERR_OK)
            *id = t.id;
    }
    arena_free(a);
    return rc;
}

/* ---- reading ---- */

static bool
is_status(const char *s)
{
    return anfrage_status_label(s) != NULL;
}

int
anfrage_liste(struct db_conn *c, struct arena *a, const struct actor *who,
              const struct anfrage_filter *f, struct anfrage_seite *out, const char **bad)
{
    struct anfrage_scope s = {
        .status = f->status, .kategorie = f->kategorie, .zugewiesen = f->zugewiesen};
    int64_t after_f = 0, after_id = 0;
    char *cur[2];

    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    if (f->status && !is_status(f->status)) {
        *bad = "status";
        return ERR_INVALID;
    }
    if (f->kategorie && !anfrage_is_kategorie(f->kategorie)) {
        *bad = "kategorie";
        return ERR_INVALID;
    }
    if (f->limit < 1 || f->limit > 200) {
        *bad = "limit";
        return ERR_INVALID;
    }
    if (f->cursor && (cursor_decode(a, f->cursor, 2, cur) != ERR_OK ||
                      str_to_int64(str_from(cur[0]), 0, INT64_MAX, &after_f) != ERR_OK ||
                      str_to_int64(str_from(cur[1]), 0, INT64_MAX, &after_id) != ERR_OK)) {
        *bad = "cursor";
        return ERR_INVALID;
    }
    const char **kreise = arena_alloc(a, (who->n_rollen + 1) * sizeof(*kreise));
    int64_t *behoerden = arena_alloc(a, (who->n_rollen + 1) * sizeof(*behoerden));
    if (!kreise || !behoerden)
        return ERR_NOMEM;
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *z = &who->rollen[i];
        if (z->rolle == ROLLE_MINISTERIUM || (z->rolle == ROLLE_KOORDINATION && !z->kreis_ags)) {
            if (authz_check(who, AUTHZ_LAND_LESEN, NULL) == ERR_OK)
                s.is_alle = true;
        } else if (z->rolle == ROLLE_KOORDINATION) {
            if (koord(who, AUTHZ_KOORDINATION_LESEN, z->kreis_ags) == ERR_OK)
                kreise[s.n_kreise++] = z->kreis_ags;
        } else if (z->behoerde_id > 0 && staff(who, z->behoerde_id, false) == ERR_OK) {
            bool seen = false;
            for (size_t k = 0; k < s.n_behoerden; k++)
                seen = seen || behoerden[k] == z->behoerde_id;
            if (!seen)
                behoerden[s.n_behoerden++] = z->behoerde_id;
        }
    }
    if (!s.is_alle && s.n_kreise == 0 && s.n_behoerden == 0)
        return ERR_FORBIDDEN;
    s.kreise = kreise;
    s.behoerden = behoerden;
    s.mit_intern = actor_has_rolle(who, ROLLE_KOORDINATION);
    int rc = store_anfrage_list(c, a, &s, after_f, after_id, f->limit + 1, &out->items, &out->n);
    if (rc != ERR_OK)
        return rc;
    out->next_cursor = NULL;
    if (out->n > (size_t)f->limit) {
        out->n = (size_t)f->limit;
        char ff[24], fi[24];
        snprintf(ff, sizeof(ff), "%lld", (long long)out->items[out->n - 1].faellig);
        snprintf(fi, sizeof(fi), "%lld", (long long)out->items[out->n - 1].id);
        const char *parts[2] = {ff, fi};
        out->next_cursor = cursor_encode(a, parts, 2);
        if (!out->next_cursor)
            return ERR_NOMEM;
    }
    return ERR_OK;
}

/* May `who` see request `r`? *is_koord: as a coordinator who may change it. */
static int
sicht(const struct actor *who, const struct anfrage_row *r, bool *is_koord)
{
    *is_koord = koord(who, AUTHZ_ANFRAGE_BEARBEITEN, r->kreis_ags) == ERR_OK;
    if (*is_koord || koord(who, AUTHZ_KOORDINATION_LESEN, r->kreis_ags) == ERR_OK)
        return ERR_OK;
    int rc = staff(who, r->behoerde_id, false);
    return rc == ERR_FORBIDDEN ? ERR_NOTFOUND : rc;
}

int
anfrage_get(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
            struct anfrage_detail *out)
{
    struct anfrage_detail d = {0};
    bool is_koord;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    int rc = store_anfrage_get(c, a, id, &d.anfrage);
    if (rc == ERR_OK)
        rc = sicht(who, &d.anfrage, &is_koord);
    if (rc == ERR_OK)
        rc = store_anfrage_antworten(c, a, id, is_koord, &d.antworten, &d.n_antworten);
    if (rc == ERR_OK)
        rc = store_anfrage_anlagen(c, a, id, &d.anlagen, &d.n_anlagen);
    if (rc == ERR_OK)
        rc = store_anfrage_artikel(c, a, id, &d.artikel, &d.n_artikel);
    if (rc != ERR_OK)
        return rc;
    if (!is_koord) { /* staff and the ministry do not see the internal notes' count either */
        d.anfrage.n_antworten = (int64_t)d.n_antworten;
    }
    d.darf_bearbeiten = is_koord;
    *out = d;
    return ERR_OK;
}

/* ---- replies and changes ---- */

struct antwort_tx {
    const struct umfeld *u;
    struct anfrage_row *row;
    struct anfrage_antwort_row antwort;
    const char *status_vorher;
    int64_t id;
    bool von_koordination;
};

/* Mail the requester about request `r` (reply or status); nothing when the account is gone. */
static int
mail_requester(struct db_conn *c, const struct umfeld *u, const struct anfrage_row *r,
               const char *was)
{
    const char *to = NULL;
    struct arena *a = arena_new(32 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = r->erstellt_konto_id > 0 ? store_anfrage_konto_email(c, a, r->erstellt_konto_id, &to)
                                      : ERR_OK;
    const char *betreff = arena_printf(a, "Ihre Anfrage Nr. %lld: %s", (long long)r->id, was);
    const char *text = arena_printf(
        a,
        "Guten Tag,\n\nzu Ihrer Anfrage Nr. %lld „%s“ an die E-Government-Koordination gibt es "
        "Neues: %s.\nStatus: %s\n\nZur Anfrage: %s/koordination/anfragen/%lld\n",
        (long long)r->id, r->betreff, was, anfrage_status_label(r->status),
        u->basis_url ? u->basis_url : "", (long long)r->id);
    if (rc == ERR_OK && (!betreff || !text))
        rc = ERR_NOMEM;
    if (rc == ERR_OK && to)
        rc = mail_all(c, u, r->behoerde_id, &to, 1, betreff, text);
    arena_free(a);
    return rc;
}

/* Mail the assigned coordinator, or the Kreis's coordinators. */
static int
mail_koordination(struct db_conn *c, const struct umfeld *u, const struct anfrage_row *r)
{
    const char **to = NULL;
    const char *one = NULL;
    size_t n = 0;
    struct arena *a = arena_new(32 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = ERR_OK;
    if (r->zugewiesen_konto_id > 0) {
        rc = store_anfrage_konto_email(c, a, r->zugewiesen_konto_id, &one);
        to = &one;
        n = one ? 1 : 0;
    }
    if (rc == ERR_OK && n == 0)
        rc = koordination_emails(c, a, r->kreis_ags, &to, &n);
    const char *betreff =
        arena_printf(a, "Rückmeldung zu Anfrage Nr. %lld: %s", (long long)r->id, r->betreff);
    const char *text = arena_printf(
        a,
        "Guten Tag,\n\n%s hat auf die Anfrage Nr. %lld geantwortet.\n\nZur Anfrage: "
        "%s/koordination/anfragen/%lld\n",
        r->behoerde, (long long)r->id, u->basis_url ? u->basis_url : "", (long long)r->id);
    if (rc == ERR_OK && (!betreff || !text))
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        rc = mail_all(c, u, r->behoerde_id, to, n, betreff, text);
    arena_free(a);
    return rc;
}

static int
antwort_tx(struct db_conn *c, void *ctx)
{
    struct antwort_tx *t = ctx;
    struct anfrage_row *r = t->row;
    int rc = store_anfrage_antwort_insert(c, r->id, r->behoerde_id, &t->antwort, &t->id);
    if (rc != ERR_OK || t->antwort.is_intern)
        return rc;
    if (t->von_koordination && strcmp(r->status, "neu") == 0)
        r->status = "in_bearbeitung";
    else if (!t->von_koordination &&
             (strcmp(r->status, "wartet") == 0 || strcmp(r->status, "erledigt") == 0)) {
        r->status = "in_bearbeitung";
        r->erledigt_am = 0;
    }
    r->geaendert = t->u->jetzt;
    rc = store_anfrage_update(c, r);
    if (rc == ERR_OK)
        rc = t->von_koordination ? mail_requester(c, t->u, r, "eine Antwort der Koordination")
                                 : mail_koordination(c, t->u, r);
    return rc;
}

int
anfrage_antworten(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                  const char *text, bool is_intern, int64_t *antwort_id, struct feld_fehler *f)
{
    struct anfrage_row r;
    bool is_koord;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    struct arena *a = arena_new(256 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_anfrage_get(c, a, id, &r);
    if (rc == ERR_OK)
        rc = sicht(who, &r, &is_koord);
    if (rc == ERR_OK && !is_koord) {
        rc = staff(who, r.behoerde_id, true);
        if (rc == ERR_NOTFOUND)
            rc = ERR_FORBIDDEN; /* visible (e.g. to the ministry), but no reply */
    }
    if (rc == ERR_OK && is_intern && !is_koord)
        rc = fehler(f, "intern", "Interne Notizen schreibt nur die Koordination.");
    if (rc == ERR_OK && !is_text(text, ANFRAGE_TEXT_MAX))
        rc = fehler(f, "text", "Die Antwort hat 1 bis 20.000 Zeichen.");
    if (rc == ERR_OK) {
        struct antwort_tx t = {
            .u = u,
            .row = &r,
            .antwort = {.konto_id = who->konto_id,
                        .von_koordination = is_koord,
                        .is_intern = is_intern,
                        .text = text,
                        .erstellt = u->jetzt},
            .von_koordination = is_koord,
        };
        rc = db_tx(c, antwort_tx, &t);
        if (rc == ERR_OK)
            *antwort_id = t.id;
    }
    arena_free(a);
    return rc;
}

struct aendern_tx {
    const struct umfeld *u;
    struct anfrage_row *row;
    const char *mail_was; /* NULL: no mail */
};

static int
aendern_tx(struct db_conn *c, void *ctx)
{
    struct aendern_tx *t = ctx;
    int rc = store_anfrage_update(c, t->row);
    if (rc == ERR_OK && t->mail_was)
        rc = mail_requester(c, t->u, t->row, t->mail_was);
    return rc;
}

int
anfrage_aendern(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                const char *status, int64_t zugewiesen, int64_t faellig, struct feld_fehler *f)
{
    struct anfrage_row r;
    bool is_koord;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    if (status && !is_status(status))
        return fehler(f, "status", "Der Status ist neu, in_bearbeitung, wartet oder erledigt.");
    if (zugewiesen < -1)
        return fehler(f, "zugewiesen", "zugewiesen ist eine Kontonummer oder null.");
    if (faellig < 0)
        return fehler(f, "faellig", "faellig ist ein Zeitpunkt (Unix-Sekunden).");
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_anfrage_get(c, a, id, &r);
    if (rc == ERR_OK)
        rc = sicht(who, &r, &is_koord);
    if (rc == ERR_OK && !is_koord)
        rc = ERR_FORBIDDEN;
    if (rc == ERR_OK) {
        const char *mail = NULL;
        if (status && strcmp(status, r.status) != 0) {
            if (strcmp(status, "erledigt") == 0)
                mail = "sie ist erledigt";
            else if (strcmp(status, "wartet") == 0)
                mail = "die Koordination wartet auf Ihre Rückmeldung";
            r.erledigt_am = strcmp(status, "erledigt") == 0 ? u->jetzt : 0;
            r.status = status;
        }
        if (zugewiesen >= 0)
            r.zugewiesen_konto_id = zugewiesen;
        if (faellig > 0)
            r.faellig = faellig;
        r.geaendert = u->jetzt;
        struct aendern_tx t = {u, &r, mail};
        rc = db_tx(c, aendern_tx, &t);
    }
    arena_free(a);
    return rc;
}

/* ---- attachments and links ---- */

/* The media type from the first bytes; only a few kinds are named, the rest is a download. */
static const char *
typ_erkennen(const unsigned char *p, size_t n)
{
    if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
        return "application/pdf";
    if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
        return "image/jpeg";
    if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0)
        return "application/zip";
    if (str_is_clean_utf8((const char *)p, n))
        return "text/plain";
    return "application/octet-stream";
}

struct anlage_tx {
    const struct umfeld *u;
    const struct anfrage_row *row;
    const char *name, *typ;
    char sha[65];
    const void *p;
    size_t len;
    int64_t id;
};

static int
anlage_tx(struct db_conn *c, void *ctx)
{
    struct anlage_tx *t = ctx;
    return store_anfrage_anlage_insert(c, t->row->id, t->row->behoerde_id, t->name, t->typ, t->sha,
                                       t->p, t->len, t->u->jetzt, &t->id);
}

int
anfrage_anlage_hinzufuegen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                           int64_t id, const char *name, const char *typ_unused, const void *inhalt,
                           size_t len, int64_t *anlage_id, struct feld_fehler *f)
{
    struct anfrage_row r;
    bool is_koord;
    unsigned char hash[crypto_hash_sha256_BYTES];
    (void)typ_unused;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    const char *base = name;
    for (const char *p = name; p && *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    if (!is_line(base, 200))
        return fehler(f, "name", "Der Dateiname hat 1 bis 200 Zeichen.");
    if (len == 0 || len > ANFRAGE_ANLAGE_MAX)
        return fehler(f, "inhalt", "Eine Anlage hat 1 Byte bis 5 MB.");
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_anfrage_get(c, a, id, &r);
    if (rc == ERR_OK)
        rc = sicht(who, &r, &is_koord);
    if (rc == ERR_OK && !is_koord) {
        rc = staff(who, r.behoerde_id, true);
        if (rc == ERR_NOTFOUND)
            rc = ERR_FORBIDDEN;
    }
    if (rc == ERR_OK) {
        struct anlage_tx t = {.u = u,
                              .row = &r,
                              .name = base,
                              .typ = typ_erkennen(inhalt, len),
                              .p = inhalt,
                              .len = len};
        crypto_hash_sha256(hash, inhalt, len);
        sodium_bin2hex(t.sha, sizeof(t.sha), hash, sizeof(hash));
        rc = db_tx(c, anlage_tx, &t);
        if (rc == ERR_OK)
            *anlage_id = t.id;
    }
    arena_free(a);
    return rc;
}

int
anfrage_anlage_lesen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                     int64_t anlage_id, struct anfrage_anlage_row *meta, const void **p,
                     size_t *len)
{
    struct anfrage_row r;
    bool is_koord;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    int rc = store_anfrage_get(c, a, id, &r);
    if (rc == ERR_OK)
        rc = sicht(who, &r, &is_koord);
    if (rc == ERR_OK)
        rc = store_anfrage_anlage_inhalt(c, a, id, anlage_id, meta, p, len);
    return rc;
}

int
anfrage_artikel_verknuepfen(struct db_conn *c, const struct actor *who, int64_t id,
                            int64_t artikel_id, struct feld_fehler *f)
{
    struct anfrage_row r;
    bool is_koord, exists = false;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_anfrage_get(c, a, id, &r);
    if (rc == ERR_OK)
        rc = sicht(who, &r, &is_koord);
    arena_free(a);
    if (rc == ERR_OK && !is_koord)
        rc = ERR_FORBIDDEN;
    if (rc == ERR_OK)
        rc = store_anfrage_artikel_exists(c, artikel_id, &exists);
    if (rc == ERR_OK && !exists)
        rc = fehler(f, "artikel_id", "Diesen Wissensartikel gibt es nicht.");
    if (rc == ERR_OK)
        rc = store_anfrage_artikel_link(c, id, artikel_id);
    return rc;
}
