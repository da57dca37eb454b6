#include "domain/vorgang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/amt_zugriff.h"
#include "domain/archiv.h"
#include "domain/cursor.h"
#include "domain/protokoll.h"
#include "store/akte_suchtext.h"
#include "store/antrag.h"
#include "store/db.h"
#include "util/str.h"

static const char *const status_namen[][2] = {
    {"offen", "offen"},          {"in_bearbeitung", "in Bearbeitung"},
    {"rueckfrage", "Rückfrage"}, {"beschieden", "beschieden"},
    {"zda", "zu den Akten"},
};

bool
vorgang_is_status(const char *s)
{
    return vorgang_status_label(s) != NULL;
}

const char *
vorgang_status_label(const char *s)
{
    for (size_t i = 0; s && i < sizeof(status_namen) / sizeof(status_namen[0]); i++)
        if (strcmp(s, status_namen[i][0]) == 0)
            return status_namen[i][1];
    return NULL;
}

/* The life of a case: may it go from `alt` to `neu`? */
static bool
uebergang_ok(const char *alt, const char *neu)
{
    static const char *const erlaubt[][2] = {
        {"offen", "in_bearbeitung"},
        {"in_bearbeitung", "rueckfrage"},
        {"rueckfrage", "in_bearbeitung"},
        {"offen", "beschieden"},
        {"in_bearbeitung", "beschieden"},
        {"rueckfrage", "beschieden"},
        {"offen", "zda"},
        {"in_bearbeitung", "zda"},
        {"rueckfrage", "zda"},
        {"beschieden", "zda"},
    };
    for (size_t i = 0; i < sizeof(erlaubt) / sizeof(erlaubt[0]); i++)
        if (strcmp(alt, erlaubt[i][0]) == 0 && strcmp(neu, erlaubt[i][1]) == 0)
            return true;
    return false;
}

static int
fehler(struct feld_fehler *f, const char *feld, const char *text)
{
    if (f) {
        f->feld = feld;
        f->text = text;
    }
    return ERR_INVALID;
}

static bool
is_line(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || !str_is_clean_utf8(s, n) || strpbrk(s, "\r\n\t"))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ')
            return true;
    return false;
}

static int
log_obj(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t behoerde_id,
        const char *aktion, const char *typ, int64_t id, const char *detail)
{
    return protokoll_objekt(c, u, behoerde_id, who ? who->konto_id : 0, aktion, typ, id, detail);
}

/* The search row of a case: its aktenzeichen and subject, the file's title. */
static int
suchtext_vorgang(struct db_conn *c, const struct vorgang_row *v, int64_t jetzt)
{
    char titel[400];
    snprintf(titel, sizeof(titel), "%s %s", v->aktenzeichen, v->betreff);
    return akte_suchtext_setzen(c, v->behoerde_id, v->oe_id, "vorgang", v->id, v->akte_id, v->id,
                                titel, v->akte_titel ? v->akte_titel : "", jetzt);
}

static int
suchtext_akte(struct db_conn *c, const struct akte_row *k, int64_t jetzt)
{
    char titel[400];
    snprintf(titel, sizeof(titel), "%s %s", k->aktenzeichen, k->titel);
    return akte_suchtext_setzen(c, k->behoerde_id, k->oe_id, "akte", k->id, k->id, 0, titel,
                                k->aktenplan_titel ? k->aktenplan_titel : "", jetzt);
}

/* ---- status ---- */

/* The application's status for a case status; NULL: the application keeps its own. */
static const char *
antrag_status_fuer(const char *vorgang_status)
{
    if (strcmp(vorgang_status, "in_bearbeitung") == 0 ||
        strcmp(vorgang_status, "rueckfrage") == 0 || strcmp(vorgang_status, "beschieden") == 0)
        return vorgang_status;
    return NULL;
}

static int
status_setzen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
              int64_t vorgang_id, const char *status, const char *bemerkung)
{
    struct amt_vorgang_kopf k;
    char detail[96];
    int64_t changes = 0;
    if (!vorgang_is_status(status))
        return ERR_INVALID;
    if (bemerkung && (strlen(bemerkung) > VORGANG_BEMERKUNG_MAX ||
                      !str_is_clean_utf8(bemerkung, strlen(bemerkung))))
        return ERR_INVALID;
    if (bemerkung && !*bemerkung)
        bemerkung = NULL;
    int rc = amt_vorgang_zugriff(c, who, vorgang_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc != ERR_OK)
        return rc;
    if (!uebergang_ok(k.status, status))
        return ERR_CONFLICT;
    rc = store_vorgang_status(c, vorgang_id, k.status, status, u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT; /* changed by someone else in between */
    const char *as = antrag_status_fuer(status);
    if (rc == ERR_OK && k.antrag_id > 0 && as) {
        changes = 0;
        rc = store_antrag_status_setzen(c, k.antrag_id, as, false, u->jetzt, &changes);
        if (rc == ERR_OK && changes > 0)
            rc = store_antrag_verlauf_insert(c, k.behoerde_id, k.antrag_id, as, u->jetzt,
                                             who ? who->konto_id : 0, bemerkung);
    }
    if (rc != ERR_OK)
        return rc;
    snprintf(detail, sizeof(detail), "{\"alt\":\"%s\",\"neu\":\"%s\"}", k.status, status);
    rc = log_obj(c, u, who, k.behoerde_id, "vorgang_status", "vorgang", vorgang_id, detail);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    struct vorgang_row v;
    rc = store_vorgang_get(c, a, vorgang_id, &v);
    if (rc == ERR_OK)
        rc = suchtext_vorgang(c, &v, u->jetzt);
    arena_free(a);
    return rc;
}

int
vorgang_status_setzen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                      int64_t vorgang_id, const char *status, const char *bemerkung)
{
    if (status && strcmp(status, "zda") == 0)
        return ERR_INVALID;
    return status_setzen(c, u, who, vorgang_id, status, bemerkung);
}

int
vorgang_status_zda(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                   int64_t vorgang_id, const char *bemerkung)
{
    return status_setzen(c, u, who, vorgang_id, "zda", bemerkung);
}

struct status_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t id;
    const char *status, *bemerkung;
};

static int
status_tx(struct db_conn *c, void *ctx)
{
    struct status_tx *t = ctx;
    return vorgang_status_setzen(c, t->u, t->who, t->id, t->status, t->bemerkung);
}

int
vorgang_status_aendern(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                       int64_t vorgang_id, const char *status, const char *bemerkung)
{
    /* closing a case is the archive's rule (no open follow-ups; the file and its retention
     * follow), wherever the request comes from */
    if (status && strcmp(status, "zda") == 0) {
        struct archiv_zda_ergebnis erg;
        return archiv_vorgang_zda(c, u, who, vorgang_id, bemerkung, &erg);
    }
    struct status_tx t = {u, who, vorgang_id, status, bemerkung};
    return db_tx(c, status_tx, &t);
}

/* ---- scope ---- */

int
amt_sicht(const struct actor *who, int64_t oe_wunsch, int64_t *behoerde_id, int64_t *oe_id)
{
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    const struct rollen_zuordnung *erste = NULL;
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *z = &who->rollen[i];
        if (z->rolle != ROLLE_SACHBEARBEITUNG || z->behoerde_id <= 0)
            continue;
        if (!erste)
            erste = z;
        if (oe_wunsch > 0 && z->behoerde_id == erste->behoerde_id &&
            (z->oe_id <= 0 || z->oe_id == oe_wunsch)) {
            *behoerde_id = z->behoerde_id;
            *oe_id = oe_wunsch;
            return ERR_OK;
        }
    }
    if (!erste || oe_wunsch > 0)
        return ERR_NOTFOUND;
    *behoerde_id = erste->behoerde_id;
    *oe_id = erste->oe_id > 0 ? erste->oe_id : 0;
    /* unbound in another role of the same authority: every office */
    for (size_t i = 0; i < who->n_rollen; i++)
        if (who->rollen[i].rolle == ROLLE_SACHBEARBEITUNG &&
            who->rollen[i].behoerde_id == erste->behoerde_id && who->rollen[i].oe_id <= 0)
            *oe_id = 0;
    return ERR_OK;
}

/* ---- making files and cases ---- */

int
akte_anlegen_tx(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
                const struct akte_neu *n, struct akte_row *out, struct feld_fehler *fe)
{
    int64_t bid = 0, oe = 0, plan_bid = 0;
    const char *kennzeichen = NULL;
    bool aktiv = false, gehoert = false;
    int rc = amt_sicht(who, n->oe_id, &bid, &oe);
    if (rc == ERR_NOTFOUND && n->oe_id > 0 && amt_sicht(who, 0, &bid, &oe) == ERR_OK)
        return fehler(fe, "oe", "Diese Organisationseinheit steht Ihnen nicht zur Verfügung.");
    if (rc != ERR_OK)
        return rc;
    if (oe <= 0)
        return fehler(fe, "oe", "Bitte wählen Sie die Organisationseinheit der Akte.");
    rc = store_amt_oe_gehoert(c, oe, bid, &gehoert);
    if (rc != ERR_OK)
        return rc;
    if (!gehoert)
        return fehler(fe, "oe", "Diese Organisationseinheit gehört nicht zu Ihrer Behörde.");
    struct authz_object obj = {.behoerde_id = bid, .oe_id = oe};
    rc = authz_check(who, AUTHZ_AKTE_BEARBEITEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (!is_line(n->titel, AKTE_TITEL_MAX))
        return fehler(fe, "titel", "Bitte geben Sie einen Titel an (höchstens 300 Zeichen).");
    if (n->aktenplan_id <= 0)
        return fehler(fe, "aktenplan", "Bitte wählen Sie einen Eintrag des Aktenplans.");
    rc = store_aktenplan_eintrag(c, a, n->aktenplan_id, &plan_bid, &kennzeichen, &aktiv);
    if (rc == ERR_NOTFOUND || (rc == ERR_OK && plan_bid != bid))
        return fehler(fe, "aktenplan", "Diesen Eintrag des Aktenplans gibt es nicht.");
    if (rc != ERR_OK)
        return rc;
    if (!aktiv)
        return fehler(fe, "aktenplan", "Dieser Eintrag des Aktenplans ist geschlossen.");
    struct akte_row x = {.behoerde_id = bid,
                         .oe_id = oe,
                         .aktenplan_id = n->aktenplan_id,
                         .titel = n->titel,
                         .konto_id = who->konto_id,
                         .erstellt = u->jetzt};
    rc = store_akte_insert(c, a, kennzeichen, &x);
    if (rc == ERR_OK)
        rc = store_akte_get(c, a, x.id, &x);
    if (rc == ERR_OK)
        rc = log_obj(c, u, who, bid, "akte_angelegt", "akte", x.id, NULL);
    if (rc == ERR_OK)
        rc = suchtext_akte(c, &x, u->jetzt);
    if (rc == ERR_OK)
        *out = x;
    return rc;
}

struct akte_tx {
    struct arena *a;
    const struct umfeld *u;
    const struct actor *who;
    const struct akte_neu *n;
    struct akte_row *out;
    struct feld_fehler *fe;
};

static int
akte_tx(struct db_conn *c, void *ctx)
{
    struct akte_tx *t = ctx;
    return akte_anlegen_tx(c, t->a, t->u, t->who, t->n, t->out, t->fe);
}

int
akte_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
             const struct akte_neu *n, struct akte_row *out, struct feld_fehler *fe)
{
    struct akte_tx t = {a, u, who, n, out, fe};
    return db_tx(c, akte_tx, &t);
}

int
vorgang_anlegen_tx(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, const struct vorgang_neu *n, struct vorgang_row *out,
                   struct feld_fehler *fe)
{
    struct amt_akte_kopf k;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    if (n->akte_id <= 0)
        return fehler(fe, "akte", "Bitte wählen Sie eine Akte.");
    int rc = amt_akte_zugriff(c, who, n->akte_id, AUTHZ_AKTE_BEARBEITEN, &k);
    if (rc == ERR_NOTFOUND)
        return fehler(fe, "akte", "Diese Akte gibt es nicht.");
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "offen") != 0)
        return fehler(fe, "akte", "Diese Akte ist geschlossen.");
    if (!is_line(n->betreff, VORGANG_BETREFF_MAX))
        return fehler(fe, "betreff", "Bitte geben Sie einen Betreff an (höchstens 300 Zeichen).");
    struct vorgang_row x = {.behoerde_id = k.behoerde_id,
                            .oe_id = k.oe_id,
                            .akte_id = k.id,
                            .betreff = n->betreff,
                            .antrag_id = n->antrag_id,
                            .leistung_id = n->leistung_id,
                            .bearbeitung_konto_id = who->konto_id,
                            .konto_id = who->konto_id,
                            .erstellt = u->jetzt};
    rc = store_vorgang_insert(c, a, k.aktenzeichen, &x);
    if (rc == ERR_OK)
        rc = store_vorgang_get(c, a, x.id, &x);
    if (rc == ERR_OK)
        rc = log_obj(c, u, who, k.behoerde_id, "vorgang_angelegt", "vorgang", x.id,
                     n->antrag_id > 0 ? "{\"aus\":\"antrag\"}" : "{\"aus\":\"hand\"}");
    if (rc == ERR_OK)
        rc = suchtext_vorgang(c, &x, u->jetzt);
    if (rc == ERR_OK)
        *out = x;
    return rc;
}

struct vorgang_tx {
    struct arena *a;
    const struct umfeld *u;
    const struct actor *who;
    const struct vorgang_neu *n;
    struct vorgang_row *out;
    struct feld_fehler *fe;
};

static int
vorgang_tx(struct db_conn *c, void *ctx)
{
    struct vorgang_tx *t = ctx;
    return vorgang_anlegen_tx(c, t->a, t->u, t->who, t->n, t->out, t->fe);
}

int
vorgang_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
                const struct vorgang_neu *n, struct vorgang_row *out, struct feld_fehler *fe)
{
    int64_t bid = 0, oe = 0;
    int rc = amt_sicht(who, 0, &bid, &oe); /* no clerk at all: nothing to see here */
    if (rc != ERR_OK)
        return rc;
    struct vorgang_neu hand = *n;
    hand.antrag_id = 0; /* by hand: applications come in through the inbox */
    struct vorgang_tx t = {a, u, who, &hand, out, fe};
    return db_tx(c, vorgang_tx, &t);
}

/* ---- lists ---- */

static int
liste_vorbereiten(struct arena *a, const struct actor *who, const struct amt_filter *f,
                  struct akte_scope *s, int64_t *vor_id, const char **bad)
{
    int rc = amt_sicht(who, f->oe_id, &s->behoerde_id, &s->oe_id);
    if (rc == ERR_NOTFOUND && f->oe_id > 0) {
        *bad = "oe";
        return ERR_INVALID;
    }
    if (rc != ERR_OK)
        return rc;
    if (f->limit < 1 || f->limit > AMT_LISTE_MAX) {
        *bad = "limit";
        return ERR_INVALID;
    }
    *vor_id = 0;
    if (f->cursor && *f->cursor) {
        char *parts[1];
        char *end = NULL;
        if (cursor_decode(a, f->cursor, 1, parts) != ERR_OK) {
            *bad = "cursor";
            return ERR_INVALID;
        }
        long long v = strtoll(parts[0], &end, 10);
        if (!end || *end || v <= 0) {
            *bad = "cursor";
            return ERR_INVALID;
        }
        *vor_id = v;
    }
    return ERR_OK;
}

static const char *
naechster(struct arena *a, size_t n, int64_t limit, int64_t last_id)
{
    if (n < (size_t)limit)
        return NULL;
    char buf[24];
    snprintf(buf, sizeof(buf), "%lld", (long long)last_id);
    const char *parts[1] = {buf};
    return cursor_encode(a, parts, 1);
}

int
akte_liste(struct db_conn *c, struct arena *a, const struct actor *who, const struct amt_filter *f,
           struct akte_seite *out, const char **bad)
{
    struct akte_scope s = {0};
    int64_t vor_id = 0;
    if (f->status && strcmp(f->status, "offen") != 0 && strcmp(f->status, "zda") != 0 &&
        strcmp(f->status, "ausgesondert") != 0) {
        *bad = "status";
        return ERR_INVALID;
    }
    int rc = liste_vorbereiten(a, who, f, &s, &vor_id, bad);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = s.behoerde_id, .oe_id = s.oe_id};
    rc = authz_check(who, AUTHZ_AKTE_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    s.status = f->status;
    memset(out, 0, sizeof(*out));
    rc = store_akte_list(c, a, &s, vor_id, f->limit, &out->items, &out->n);
    if (rc == ERR_OK && out->n > 0) {
        out->next_cursor = naechster(a, out->n, f->limit, out->items[out->n - 1].id);
        if (out->n == (size_t)f->limit && !out->next_cursor)
            rc = ERR_NOMEM;
    }
    return rc;
}

int
vorgang_liste(struct db_conn *c, struct arena *a, const struct actor *who,
              const struct amt_filter *f, struct vorgang_seite *out, const char **bad)
{
    struct akte_scope s = {0};
    int64_t vor_id = 0;
    if (f->status && !vorgang_is_status(f->status)) {
        *bad = "status";
        return ERR_INVALID;
    }
    int rc = liste_vorbereiten(a, who, f, &s, &vor_id, bad);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = s.behoerde_id, .oe_id = s.oe_id};
    rc = authz_check(who, AUTHZ_VORGANG_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    s.status = f->status;
    s.akte_id = f->akte_id;
    s.bearbeitung_konto_id = f->nur_meine ? who->konto_id : 0;
    memset(out, 0, sizeof(*out));
    rc = store_vorgang_list(c, a, &s, vor_id, f->limit, &out->items, &out->n);
    if (rc == ERR_OK && out->n > 0) {
        out->next_cursor = naechster(a, out->n, f->limit, out->items[out->n - 1].id);
        if (out->n == (size_t)f->limit && !out->next_cursor)
            rc = ERR_NOMEM;
    }
    return rc;
}

/* ---- reading one ---- */

struct akte_lesen_tx {
    struct arena *a;
    const struct actor *who;
    int64_t id;
    struct akte_row *out;
    struct vorgang_row **vorgaenge;
    size_t *n;
    int64_t behoerde_id; /* out */
};

static int
akte_lesen_tx(struct db_conn *c, void *ctx)
{
    struct akte_lesen_tx *t = ctx;
    struct amt_akte_kopf k;
    int rc = amt_akte_zugriff(c, t->who, t->id, AUTHZ_AKTE_LESEN, &k);
    if (rc != ERR_OK)
        return rc;
    struct akte_scope s = {.behoerde_id = k.behoerde_id, .akte_id = k.id};
    rc = store_akte_get(c, t->a, t->id, t->out);
    if (rc == ERR_OK)
        rc = store_vorgang_list(c, t->a, &s, 0, AMT_LISTE_MAX, t->vorgaenge, t->n);
    t->behoerde_id = k.behoerde_id;
    return rc;
}

int
akte_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
           int64_t id, struct akte_row *out, struct vorgang_row **vorgaenge, size_t *n)
{
    struct akte_lesen_tx t = {a, who, id, out, vorgaenge, n, 0};
    int rc = db_read(c, akte_lesen_tx, &t);
    if (rc == ERR_OK)
        rc = protokoll_objekt_gelesen(c, u, t.behoerde_id, who->konto_id, "akte_gelesen", "akte",
                                      id, NULL);
    return rc;
}

int
vorgang_zeile(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
              struct vorgang_row *out)
{
    struct amt_vorgang_kopf k;
    int rc = amt_vorgang_zugriff(c, who, id, AUTHZ_VORGANG_LESEN, &k);
    return rc == ERR_OK ? store_vorgang_get(c, a, id, out) : rc;
}

struct vorgang_lesen_tx {
    struct arena *a;
    const struct actor *who;
    int64_t id;
    struct vorgang_detail *out;
    int64_t behoerde_id; /* out */
};

static int
antrag_laden(struct db_conn *c, struct arena *a, int64_t antrag_id, struct vorgang_detail *d)
{
    struct eingangsbestaetigung eb;
    int rc = store_antrag_get(c, a, antrag_id, &d->antrag, NULL);
    if (rc == ERR_OK)
        rc = store_antrag_daten_get(c, a, antrag_id, &d->antrag_daten);
    if (rc == ERR_OK)
        rc = store_antrag_verlauf(c, a, antrag_id, &d->verlauf, &d->n_verlauf);
    if (rc == ERR_OK)
        rc = store_vorgang_nachrichten(c, a, antrag_id, &d->nachrichten, &d->n_nachrichten);
    if (rc == ERR_OK) {
        rc = store_eingang_get(c, a, antrag_id, &eb);
        if (rc == ERR_OK)
            d->eingangsnummer = eb.nummer;
        else if (rc == ERR_NOTFOUND)
            rc = ERR_OK;
    }
    if (rc == ERR_OK)
        d->has_antrag = true;
    return rc;
}

static int
vorgang_lesen_tx(struct db_conn *c, void *ctx)
{
    struct vorgang_lesen_tx *t = ctx;
    struct vorgang_detail *d = t->out;
    struct amt_vorgang_kopf k;
    int rc = amt_vorgang_zugriff(c, t->who, t->id, AUTHZ_VORGANG_LESEN, &k);
    if (rc != ERR_OK)
        return rc;
    memset(d, 0, sizeof(*d));
    rc = store_vorgang_get(c, t->a, t->id, &d->vorgang);
    if (rc == ERR_OK)
        rc = store_vermerk_list(c, t->a, t->id, &d->vermerke, &d->n_vermerke);
    if (rc == ERR_OK)
        rc = store_wiedervorlage_list(c, t->a, t->id, &d->wiedervorlagen, &d->n_wiedervorlagen);
    if (rc == ERR_OK)
        rc = store_vorgang_dokumente(c, t->a, t->id, &d->dokumente, &d->n_dokumente);
    if (rc == ERR_OK && k.antrag_id > 0)
        rc = antrag_laden(c, t->a, k.antrag_id, d);
    t->behoerde_id = k.behoerde_id;
    return rc;
}

int
vorgang_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
              int64_t id, struct vorgang_detail *out)
{
    struct vorgang_lesen_tx t = {a, who, id, out, 0};
    int rc = db_read(c, vorgang_lesen_tx, &t);
    if (rc == ERR_OK)
        rc = protokoll_objekt_gelesen(c, u, t.behoerde_id, who->konto_id, "vorgang_gelesen",
                                      "vorgang", id, NULL);
    return rc;
}

int
amt_auswahl_laden(struct db_conn *c, struct arena *a, const struct actor *who, int64_t oe_id,
                  struct amt_auswahlen *out)
{
    int64_t bid = 0, oe = 0;
    int rc = amt_sicht(who, 0, &bid, &oe);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = bid, .oe_id = oe};
    rc = authz_check(who, AUTHZ_VORGANG_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    int64_t welche = oe_id > 0 ? oe_id : oe;
    memset(out, 0, sizeof(*out));
    rc = store_amt_oe_auswahl(c, a, bid, &out->oes, &out->n_oes);
    if (rc == ERR_OK)
        rc = store_amt_sb_auswahl(c, a, bid, welche, &out->sbs, &out->n_sbs);
    if (rc == ERR_OK)
        rc = store_amt_aktenplan_auswahl(c, a, bid, &out->plan, &out->n_plan);
    if (rc == ERR_OK)
        rc = store_amt_akten_auswahl(c, a, bid, welche, &out->akten, &out->n_akten);
    return rc;
}
