#include "domain/vermerk.h"

#include <stdio.h>
#include <string.h>

#include "domain/amt_zugriff.h"
#include "domain/antrag.h"
#include "domain/postfach.h"
#include "domain/protokoll.h"
#include "domain/vorgang.h"
#include "store/akte_suchtext.h"
#include "store/antrag.h"
#include "store/db.h"
#include "util/str.h"

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
is_text(const char *s, size_t max, bool mehrzeilig)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > max || !str_is_clean_utf8(s, n))
        return false;
    if (!mehrzeilig && strpbrk(s, "\r\n\t"))
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\r' && s[i] != '\t')
            return true;
    return false;
}

static int
log_obj(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t behoerde_id,
        const char *aktion, const char *typ, int64_t id, const char *detail)
{
    return protokoll_objekt(c, u, behoerde_id, who ? who->konto_id : 0, aktion, typ, id, detail);
}

/* ---- notes ---- */

struct vermerk_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t vorgang_id;
    const char *text;
    int64_t *id;
};

static int
vermerk_tx(struct db_conn *c, void *ctx)
{
    struct vermerk_tx *t = ctx;
    struct amt_vorgang_kopf k;
    int rc = amt_vorgang_zugriff(c, t->who, t->vorgang_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "zda") == 0)
        return ERR_CONFLICT;
    rc =
        store_vermerk_insert(c, k.behoerde_id, k.id, t->text, t->who->konto_id, t->u->jetzt, t->id);
    if (rc == ERR_OK)
        rc =
            log_obj(c, t->u, t->who, k.behoerde_id, "vermerk_geschrieben", "vermerk", *t->id, NULL);
    if (rc == ERR_OK) {
        char titel[96];
        snprintf(titel, sizeof(titel), "Vermerk zu %s", k.aktenzeichen);
        rc = akte_suchtext_setzen(c, k.behoerde_id, k.oe_id, "vermerk", *t->id, k.akte_id, k.id,
                                  titel, t->text, t->u->jetzt);
    }
    return rc;
}

int
vermerk_schreiben(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                  int64_t vorgang_id, const char *text, int64_t *id, struct feld_fehler *fe)
{
    if (!is_text(text, VERMERK_TEXT_MAX, true))
        return fehler(fe, "text", "Bitte schreiben Sie den Vermerk (höchstens 20000 Zeichen).");
    struct vermerk_tx t = {u, who, vorgang_id, text, id};
    return db_tx(c, vermerk_tx, &t);
}

/* ---- follow-ups ---- */

static bool
is_datum(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

struct wv_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t vorgang_id;
    const char *datum, *grund;
    int64_t konto_id;
    int64_t *id;
    struct feld_fehler *fe;
};

static int
wv_tx(struct db_conn *c, void *ctx)
{
    struct wv_tx *t = ctx;
    struct amt_vorgang_kopf k;
    int rc = amt_vorgang_zugriff(c, t->who, t->vorgang_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc != ERR_OK)
        return rc;
    int64_t fuer = t->konto_id > 0 ? t->konto_id : t->who->konto_id;
    if (fuer != t->who->konto_id) {
        bool ja = false;
        rc = store_amt_konto_ist_sb(c, fuer, k.behoerde_id, k.oe_id, &ja);
        if (rc != ERR_OK)
            return rc;
        if (!ja)
            return fehler(t->fe, "konto_id",
                          "Diese Person gehört nicht zur Sachbearbeitung dieser "
                          "Organisationseinheit.");
    }
    rc = store_wiedervorlage_insert(c, k.behoerde_id, k.id, fuer, t->datum, t->grund, t->u->jetzt,
                                    t->id);
    if (rc == ERR_OK) {
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"vorgang_id\":%lld,\"konto_id\":%lld}", (long long)k.id,
                 (long long)fuer);
        rc = log_obj(c, t->u, t->who, k.behoerde_id, "wiedervorlage_gesetzt", "wiedervorlage",
                     *t->id, detail);
    }
    return rc;
}

int
wiedervorlage_setzen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                     int64_t vorgang_id, const char *datum, const char *grund, int64_t konto_id,
                     int64_t *id, struct feld_fehler *fe)
{
    char heute[11];
    antrag_heute(u->jetzt, heute);
    if (!is_datum(datum))
        return fehler(fe, "datum", "Bitte geben Sie das Datum als TT.MM.JJJJ oder JJJJ-MM-TT an.");
    if (strcmp(datum, heute) < 0)
        return fehler(fe, "datum", "Das Datum darf nicht in der Vergangenheit liegen.");
    if (!is_text(grund, WIEDERVORLAGE_GRUND_MAX, false))
        return fehler(fe, "grund", "Bitte geben Sie einen Grund an (höchstens 500 Zeichen).");
    if (konto_id < 0)
        return fehler(fe, "konto_id", "Diese Person gibt es nicht.");
    struct wv_tx t = {u, who, vorgang_id, datum, grund, konto_id, id, fe};
    return db_tx(c, wv_tx, &t);
}

struct erledigt_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t id;
};

static int
erledigt_tx(struct db_conn *c, void *ctx)
{
    struct erledigt_tx *t = ctx;
    struct wiedervorlage_row w;
    struct amt_vorgang_kopf k;
    int64_t changes = 0;
    struct arena *a = arena_new(16 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_wiedervorlage_get(c, a, t->id, &w);
    if (rc == ERR_OK)
        rc = amt_vorgang_zugriff(c, t->who, w.vorgang_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    arena_free(a);
    if (rc == ERR_OK)
        rc = store_wiedervorlage_erledigt(c, t->id, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = log_obj(c, t->u, t->who, k.behoerde_id, "wiedervorlage_erledigt", "wiedervorlage",
                     t->id, NULL);
    return rc;
}

int
wiedervorlage_erledigen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                        int64_t id)
{
    if (id <= 0)
        return ERR_NOTFOUND;
    struct erledigt_tx t = {u, who, id};
    return db_tx(c, erledigt_tx, &t);
}

int
wiedervorlagen_eigene(struct db_conn *c, struct arena *a, const struct actor *who, int64_t limit,
                      struct wiedervorlage_row **out, size_t *n, int64_t *n_vorgaenge)
{
    int64_t bid = 0, oe = 0;
    int rc = amt_sicht(who, 0, &bid, &oe);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = bid, .oe_id = oe};
    rc = authz_check(who, AUTHZ_VORGANG_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (limit < 1 || limit > AMT_LISTE_MAX)
        return ERR_INVALID;
    rc = store_wiedervorlage_offen(c, a, bid, who->konto_id, limit, out, n);
    if (rc == ERR_OK)
        rc = store_vorgang_zaehlen_offen(c, bid, who->konto_id, n_vorgaenge);
    return rc;
}

/* ---- questions to the applicant ---- */

struct rueckfrage_tx {
    struct arena *a;
    const struct umfeld *u;
    const struct actor *who;
    int64_t vorgang_id;
    const char *text;
    int64_t *nachricht_id;
};

static int
rueckfrage_tx(struct db_conn *c, void *ctx)
{
    struct rueckfrage_tx *t = ctx;
    struct amt_vorgang_kopf k;
    struct antrag an;
    int rc = amt_vorgang_zugriff(c, t->who, t->vorgang_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc != ERR_OK)
        return rc;
    if (k.antrag_id <= 0)
        return ERR_CONFLICT;
    rc = store_antrag_get(c, t->a, k.antrag_id, &an, NULL);
    if (rc != ERR_OK)
        return rc;
    if (an.konto_id <= 0)
        return ERR_CONFLICT; /* an application without an account has no mailbox */
    if (strcmp(k.status, "rueckfrage") != 0) {
        if (strcmp(k.status, "offen") == 0)
            rc = vorgang_status_setzen(c, t->u, t->who, k.id, "in_bearbeitung", NULL);
        if (rc == ERR_OK)
            rc = vorgang_status_setzen(c, t->u, t->who, k.id, "rueckfrage",
                                       "Rückfrage: bitte sehen Sie in Ihr Postfach.");
        if (rc != ERR_OK)
            return rc;
    }
    const char *betreff = arena_printf(t->a, "Rückfrage zu Ihrem Antrag: %s",
                                       an.leistung_name ? an.leistung_name : k.aktenzeichen);
    if (!betreff)
        return ERR_NOMEM;
    rc = postfach_an_buerger(c, k.behoerde_id, an.konto_id, k.antrag_id, "rueckfrage", betreff,
                             t->text, t->u->jetzt, t->nachricht_id);
    if (rc == ERR_OK) {
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"nachricht_id\":%lld}", (long long)*t->nachricht_id);
        rc =
            log_obj(c, t->u, t->who, k.behoerde_id, "rueckfrage_gestellt", "vorgang", k.id, detail);
    }
    return rc;
}

int
rueckfrage_stellen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, int64_t vorgang_id, const char *text,
                   int64_t *nachricht_id, struct feld_fehler *fe)
{
    if (!is_text(text, RUECKFRAGE_TEXT_MAX, true))
        return fehler(fe, "text", "Bitte schreiben Sie die Rückfrage (höchstens 20000 Zeichen).");
    struct rueckfrage_tx t = {a, u, who, vorgang_id, text, nachricht_id};
    return db_tx(c, rueckfrage_tx, &t);
}
