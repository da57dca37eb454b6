#include "domain/eingang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "domain/amt_zugriff.h"
#include "domain/cursor.h"
#include "domain/dokument.h"
#include "domain/protokoll.h"
#include "store/antrag.h"
#include "store/db.h"
#include "store/vorgang.h"
#include "util/str.h"

static const char *const status_namen[][2] = {
    {"neu", "neu"},
    {"zugewiesen", "zugewiesen"},
    {"uebernommen", "übernommen"},
    {"weitergeleitet", "weitergeleitet"},
    {"erledigt", "erledigt"},
};

const char *
posteingang_status_label(const char *s)
{
    for (size_t i = 0; s && i < sizeof(status_namen) / sizeof(status_namen[0]); i++)
        if (strcmp(s, status_namen[i][0]) == 0)
            return status_namen[i][1];
    return NULL;
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
log_eingang(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t behoerde_id,
            const char *aktion, int64_t id, const char *detail)
{
    return protokoll_objekt(c, u, behoerde_id, who ? who->konto_id : 0, aktion, "eingang", id,
                            detail);
}

int
posteingang_bei_einreichung(struct db_conn *c, int64_t antrag_id, int64_t jetzt)
{
    return store_posteingang_aus_antrag(c, antrag_id, jetzt);
}

/* Load entry `id` and check `what` on its owner. */
static int
zugriff(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
        enum authz_action what, struct eingang_row *out)
{
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    if (id <= 0)
        return ERR_NOTFOUND;
    int rc = store_posteingang_get(c, a, id, out);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = out->behoerde_id, .oe_id = out->oe_id};
    return authz_check(who, what, &obj);
}

/* ---- list ---- */

/* 'YYYY-MM-DD' → the start of that day in Germany (CET; one hour off in summer time). */
static bool
tag_beginn(const char *s, int64_t *out)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    tm.tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0') - 1900;
    tm.tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
    tm.tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
    if (tm.tm_year < 70 || tm.tm_year > 1100 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
        tm.tm_mday > 31)
        return false;
    int mday = tm.tm_mday;
    time_t t = timegm(&tm);
    if (t == (time_t)-1 || tm.tm_mday != mday) /* 2026-02-30 normalizes to March */
        return false;
    *out = (int64_t)t - 3600;
    return true;
}

int
posteingang_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                  const struct posteingang_filter *f, struct posteingang_seite *out,
                  const char **bad)
{
    struct eingang_scope s = {0};
    int64_t nach_zeit = 0, nach_id = 0;
    int rc = amt_sicht(who, f->oe_id, &s.behoerde_id, &s.oe_id);
    if (rc == ERR_NOTFOUND && f->oe_id > 0) {
        *bad = "oe";
        return ERR_INVALID;
    }
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = s.behoerde_id, .oe_id = s.oe_id};
    rc = authz_check(who, AUTHZ_VORGANG_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (f->oe_id > 0) {
        /* a clerk for the whole authority may name any office: it must be one of it */
        const char *oe_name = NULL;
        rc = store_posteingang_oe_name(c, a, f->oe_id, s.behoerde_id, &oe_name);
        if (rc == ERR_NOTFOUND) {
            *bad = "oe";
            return ERR_INVALID;
        }
        if (rc != ERR_OK)
            return rc;
    }
    if (f->status && !posteingang_status_label(f->status)) {
        *bad = "status";
        return ERR_INVALID;
    }
    s.status = f->status;
    if (f->leistung_id && (strlen(f->leistung_id) > 64 || !*f->leistung_id)) {
        *bad = "leistung";
        return ERR_INVALID;
    }
    s.leistung_id = f->leistung_id;
    if (f->von && !tag_beginn(f->von, &s.von)) {
        *bad = "von";
        return ERR_INVALID;
    }
    if (f->bis) {
        if (!tag_beginn(f->bis, &s.bis)) {
            *bad = "bis";
            return ERR_INVALID;
        }
        s.bis += 86400; /* inclusive */
    }
    if (f->bearbeitung) {
        char *end = NULL;
        if (strcmp(f->bearbeitung, "ich") == 0) {
            s.zugewiesen = who->konto_id;
        } else if (strcmp(f->bearbeitung, "niemand") == 0) {
            s.zugewiesen = -1;
        } else {
            long long v = strlen(f->bearbeitung) <= 18 ? strtoll(f->bearbeitung, &end, 10) : 0;
            if (!end || *end || v <= 0) {
                *bad = "bearbeitung";
                return ERR_INVALID;
            }
            s.zugewiesen = v;
        }
    }
    if (!f->sort || strcmp(f->sort, "neueste") == 0)
        s.sort = EINGANG_NEUESTE;
    else if (strcmp(f->sort, "aelteste") == 0)
        s.sort = EINGANG_AELTESTE;
    else {
        *bad = "sort";
        return ERR_INVALID;
    }
    if (f->limit < 1 || f->limit > AMT_LISTE_MAX) {
        *bad = "limit";
        return ERR_INVALID;
    }
    if (f->cursor && *f->cursor) {
        char *parts[2];
        char *e1 = NULL, *e2 = NULL;
        if (cursor_decode(a, f->cursor, 2, parts) != ERR_OK) {
            *bad = "cursor";
            return ERR_INVALID;
        }
        nach_zeit = strtoll(parts[0], &e1, 10);
        nach_id = strtoll(parts[1], &e2, 10);
        if (!e1 || *e1 || !e2 || *e2 || nach_id <= 0) {
            *bad = "cursor";
            return ERR_INVALID;
        }
    }
    memset(out, 0, sizeof(*out));
    rc = store_posteingang_list(c, a, &s, nach_zeit, nach_id, f->limit, &out->items, &out->n);
    if (rc == ERR_OK)
        rc = store_posteingang_zaehlen(c, &s, &out->zaehler);
    if (rc == ERR_OK && out->n == (size_t)f->limit) {
        char z[24], i[24];
        const struct eingang_row *l = &out->items[out->n - 1];
        snprintf(z, sizeof(z), "%lld", (long long)l->eingegangen);
        snprintf(i, sizeof(i), "%lld", (long long)l->id);
        const char *parts[2] = {z, i};
        out->next_cursor = cursor_encode(a, parts, 2);
        if (!out->next_cursor)
            rc = ERR_NOMEM;
    }
    return rc;
}

struct lesen_tx {
    struct arena *a;
    const struct actor *who;
    int64_t id;
    struct eingang_row *out;
};

static int
lesen_tx(struct db_conn *c, void *ctx)
{
    struct lesen_tx *t = ctx;
    return zugriff(c, t->a, t->who, t->id, AUTHZ_VORGANG_LESEN, t->out);
}

int
posteingang_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                  const struct actor *who, int64_t id, struct eingang_row *out)
{
    struct lesen_tx t = {a, who, id, out};
    int rc = db_read(c, lesen_tx, &t);
    if (rc == ERR_OK)
        rc = protokoll_objekt_gelesen(c, u, out->behoerde_id, who->konto_id, "eingang_gelesen",
                                      "eingang", id, NULL);
    return rc;
}

/* ---- take ---- */

struct uebernehmen_tx {
    struct arena *a;
    const struct umfeld *u;
    const struct actor *who;
    int64_t id, akte_id;
    const struct akte_neu *neue_akte;
    struct vorgang_row *out;
    struct feld_fehler *fe;
};

/* A document posted by hand becomes the first document of the case made from it (art
 * 'eingang', its subject as title), in the same transaction. */
static int
dokument_mitnehmen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                   const struct eingang_row *e, const struct vorgang_row *v)
{
    const void *p = NULL;
    size_t len = 0;
    int64_t did = 0;
    struct amt_vorgang_kopf k;
    struct arena *a = arena_new(EINGANG_DATEI_MAX + 64 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = store_blob_get(c, a, e->behoerde_id, e->sha256, &p, &len);
    if (rc == ERR_OK)
        rc = store_vorgang_kopf(c, v->id, &k);
    if (rc == ERR_OK)
        rc =
            dokument_ablegen(c, u, who->konto_id, &k, e->betreff, "eingang",
                             e->dateiname ? e->dateiname : "dokument", e->typ, p, len, false, &did);
    arena_free(a);
    return rc;
}

static int
uebernehmen_tx(struct db_conn *c, void *ctx)
{
    struct uebernehmen_tx *t = ctx;
    struct eingang_row e;
    int64_t changes = 0;
    int rc = zugriff(c, t->a, t->who, t->id, AUTHZ_VORGANG_BEARBEITEN, &e);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(e.status, "neu") != 0 && strcmp(e.status, "zugewiesen") != 0)
        return ERR_CONFLICT;
    int64_t akte_id = t->akte_id;
    if (akte_id <= 0) {
        if (!t->neue_akte)
            return fehler(t->fe, "akte", "Bitte wählen Sie eine Akte oder legen Sie eine an.");
        struct akte_neu n = *t->neue_akte;
        struct akte_row k;
        n.oe_id = e.oe_id;
        rc = akte_anlegen_tx(c, t->a, t->u, t->who, &n, &k, t->fe);
        if (rc != ERR_OK)
            return rc;
        akte_id = k.id;
    } else {
        struct amt_akte_kopf k;
        rc = amt_akte_zugriff(c, t->who, akte_id, AUTHZ_AKTE_BEARBEITEN, &k);
        if (rc == ERR_NOTFOUND || (rc == ERR_OK && k.oe_id != e.oe_id))
            return fehler(t->fe, "akte",
                          "Diese Akte gibt es in der Organisationseinheit des "
                          "Eingangs nicht.");
        if (rc != ERR_OK)
            return rc;
    }
    struct vorgang_neu vn = {.akte_id = akte_id,
                             .betreff = e.betreff,
                             .antrag_id = e.antrag_id,
                             .leistung_id = e.leistung_id};
    rc = vorgang_anlegen_tx(c, t->a, t->u, t->who, &vn, t->out, t->fe);
    if (rc != ERR_OK)
        return rc;
    rc = store_posteingang_setzen(c, e.id, e.status, "uebernommen", t->who->konto_id, t->out->id,
                                  e.oe_id, NULL, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK && strcmp(e.art, "dokument") == 0)
        rc = dokument_mitnehmen(c, t->u, t->who, &e, t->out);
    if (rc == ERR_OK)
        rc = log_eingang(c, t->u, t->who, e.behoerde_id, "eingang_uebernommen", e.id, NULL);
    if (rc == ERR_OK && e.antrag_id > 0)
        rc = vorgang_status_setzen(c, t->u, t->who, t->out->id, "in_bearbeitung", NULL);
    if (rc == ERR_OK && e.antrag_id > 0)
        t->out->status = "in_bearbeitung";
    return rc;
}

int
posteingang_uebernehmen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                        const struct actor *who, int64_t id, int64_t akte_id,
                        const struct akte_neu *neue_akte, struct vorgang_row *out,
                        struct feld_fehler *fe)
{
    struct uebernehmen_tx t = {a, u, who, id, akte_id, neue_akte, out, fe};
    return db_tx(c, uebernehmen_tx, &t);
}

/* ---- assign ---- */

struct zuweisen_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t id, konto_id;
    struct feld_fehler *fe;
};

static int
zuweisen_tx(struct db_conn *c, void *ctx)
{
    struct zuweisen_tx *t = ctx;
    struct eingang_row e;
    bool ja = false;
    int64_t changes = 0;
    struct arena *a = arena_new(32 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc = zugriff(c, a, t->who, t->id, AUTHZ_VORGANG_BEARBEITEN, &e);
    if (rc == ERR_OK && strcmp(e.status, "neu") != 0 && strcmp(e.status, "zugewiesen") != 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = store_amt_konto_ist_sb(c, t->konto_id, e.behoerde_id, e.oe_id, &ja);
    if (rc == ERR_OK && !ja)
        rc = fehler(t->fe, "konto_id",
                    "Diese Person gehört nicht zur Sachbearbeitung dieser Organisationseinheit.");
    if (rc == ERR_OK)
        rc = store_posteingang_setzen(c, e.id, e.status, "zugewiesen", t->konto_id, 0, e.oe_id,
                                      NULL, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK) {
        char detail[64];
        snprintf(detail, sizeof(detail), "{\"konto_id\":%lld}", (long long)t->konto_id);
        rc = log_eingang(c, t->u, t->who, e.behoerde_id, "eingang_zugewiesen", e.id, detail);
    }
    arena_free(a);
    return rc;
}

int
posteingang_zuweisen(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                     int64_t konto_id, struct feld_fehler *fe)
{
    if (konto_id <= 0)
        return fehler(fe, "konto_id", "Bitte wählen Sie eine Person der Sachbearbeitung.");
    struct zuweisen_tx t = {u, who, id, konto_id, fe};
    return db_tx(c, zuweisen_tx, &t);
}

/* ---- forward ---- */

struct weiter_tx {
    struct arena *a;
    const struct umfeld *u;
    const struct actor *who;
    int64_t id, oe_id;
    const char *notiz;
    struct feld_fehler *fe;
};

static int
weiter_tx(struct db_conn *c, void *ctx)
{
    struct weiter_tx *t = ctx;
    struct eingang_row e;
    const char *oe_name = NULL;
    int64_t changes = 0;
    int rc = zugriff(c, t->a, t->who, t->id, AUTHZ_VORGANG_BEARBEITEN, &e);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(e.status, "neu") != 0 && strcmp(e.status, "zugewiesen") != 0)
        return ERR_CONFLICT;
    if (t->oe_id == e.oe_id)
        return fehler(t->fe, "oe_id", "Der Eingang liegt schon in dieser Organisationseinheit.");
    rc = store_posteingang_oe_name(c, t->a, t->oe_id, e.behoerde_id, &oe_name);
    if (rc == ERR_NOTFOUND)
        return fehler(t->fe, "oe_id",
                      "Diese Organisationseinheit gibt es in Ihrer Behörde "
                      "nicht.");
    if (rc != ERR_OK)
        return rc;
    /* the entry stays visible as 'neu' in the new office; its note goes with it */
    rc = store_posteingang_setzen(c, e.id, e.status, "neu", 0, 0, t->oe_id, t->notiz, t->u->jetzt,
                                  &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK && e.antrag_id > 0) {
        struct antrag an;
        const char *bem = arena_printf(t->a, "Weitergeleitet an: %s", oe_name);
        rc = bem ? store_posteingang_antrag_oe(c, e.antrag_id, t->oe_id, t->u->jetzt) : ERR_NOMEM;
        if (rc == ERR_OK)
            rc = store_antrag_get(c, t->a, e.antrag_id, &an, NULL);
        if (rc == ERR_OK)
            rc = store_antrag_verlauf_insert(c, e.behoerde_id, e.antrag_id, an.status, t->u->jetzt,
                                             t->who->konto_id, bem);
    }
    if (rc == ERR_OK) {
        char detail[96];
        snprintf(detail, sizeof(detail), "{\"von_oe\":%lld,\"an_oe\":%lld}", (long long)e.oe_id,
                 (long long)t->oe_id);
        rc = log_eingang(c, t->u, t->who, e.behoerde_id, "eingang_weitergeleitet", e.id, detail);
    }
    return rc;
}

int
posteingang_weiterleiten(struct db_conn *c, struct arena *a, const struct umfeld *u,
                         const struct actor *who, int64_t id, int64_t oe_id, const char *notiz,
                         struct feld_fehler *fe)
{
    if (oe_id <= 0)
        return fehler(fe, "oe_id", "Bitte wählen Sie die Organisationseinheit.");
    if (notiz && !*notiz)
        notiz = NULL;
    if (notiz && !is_text(notiz, EINGANG_NOTIZ_MAX, true))
        return fehler(fe, "notiz", "Die Notiz ist zu lang (höchstens 2000 Zeichen).");
    struct weiter_tx t = {a, u, who, id, oe_id, notiz, fe};
    return db_tx(c, weiter_tx, &t);
}

/* ---- documents by hand ---- */

int
posteingang_darf_schreiben(const struct actor *who)
{
    int64_t bid = 0, oe = 0;
    int rc = amt_sicht(who, 0, &bid, &oe);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = bid, .oe_id = oe};
    return authz_check(who, AUTHZ_VORGANG_BEARBEITEN, &obj);
}

struct dokument_tx {
    const struct umfeld *u;
    const struct actor *who;
    struct eingang_row *x;
    const void *p;
    size_t len;
    int64_t id; /* handed to the caller only after the commit */
};

static int
dokument_tx(struct db_conn *c, void *ctx)
{
    struct dokument_tx *t = ctx;
    int rc =
        store_blob_put(c, t->x->behoerde_id, t->x->sha256, t->x->typ, t->p, t->len, t->u->jetzt);
    if (rc == ERR_OK)
        rc = store_posteingang_dokument(c, t->x, &t->id);
    if (rc == ERR_OK)
        rc = log_eingang(c, t->u, t->who, t->x->behoerde_id, "eingang_dokument", t->id, NULL);
    return rc;
}

int
posteingang_dokument(struct db_conn *c, struct arena *a, const struct umfeld *u,
                     const struct actor *who, const struct posteingang_dokument_neu *n, int64_t *id,
                     struct feld_fehler *fe)
{
    int64_t bid = 0, oe = 0;
    bool gehoert = false;
    int rc = amt_sicht(who, n->oe_id, &bid, &oe);
    if (rc == ERR_NOTFOUND && n->oe_id > 0 && amt_sicht(who, 0, &bid, &oe) == ERR_OK)
        return fehler(fe, "oe_id", "Diese Organisationseinheit steht Ihnen nicht zur Verfügung.");
    if (rc != ERR_OK)
        return rc;
    if (oe <= 0)
        return fehler(fe, "oe_id", "Bitte wählen Sie die Organisationseinheit.");
    rc = store_amt_oe_gehoert(c, oe, bid, &gehoert);
    if (rc != ERR_OK)
        return rc;
    if (!gehoert)
        return fehler(fe, "oe_id", "Diese Organisationseinheit gehört nicht zu Ihrer Behörde.");
    struct authz_object obj = {.behoerde_id = bid, .oe_id = oe};
    rc = authz_check(who, AUTHZ_VORGANG_BEARBEITEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (!is_text(n->betreff, EINGANG_BETREFF_MAX, false))
        return fehler(fe, "betreff", "Bitte geben Sie einen Betreff an (höchstens 300 Zeichen).");
    if (!is_text(n->dateiname, 200, false) || strpbrk(n->dateiname, "/\\"))
        return fehler(fe, "datei", "Der Dateiname fehlt oder ist ungültig.");
    if (!n->inhalt || n->len == 0)
        return fehler(fe, "datei", "Bitte wählen Sie eine Datei, die nicht leer ist.");
    if (n->len > EINGANG_DATEI_MAX)
        return fehler(fe, "datei", "Die Datei ist zu groß (höchstens 16 MB).");
    if (!n->typ || !*n->typ)
        return fehler(fe, "datei", "Die Art der Datei ist unbekannt.");
    const char *notiz = n->notiz && *n->notiz ? n->notiz : NULL;
    if (notiz && !is_text(notiz, EINGANG_NOTIZ_MAX, true))
        return fehler(fe, "notiz", "Die Notiz ist zu lang (höchstens 2000 Zeichen).");
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256(h, n->inhalt, n->len);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    char *sha = arena_strdup(a, hex);
    if (!sha)
        return ERR_NOMEM;
    struct eingang_row x = {.behoerde_id = bid,
                            .oe_id = oe,
                            .art = "dokument",
                            .sha256 = sha,
                            .dateiname = n->dateiname,
                            .typ = n->typ,
                            .groesse = (int64_t)n->len,
                            .betreff = n->betreff,
                            .notiz = notiz,
                            .eingegangen = u->jetzt};
    struct dokument_tx t = {u, who, &x, n->inhalt, n->len, 0};
    rc = db_tx(c, dokument_tx, &t);
    if (rc == ERR_OK)
        *id = t.id;
    return rc;
}
