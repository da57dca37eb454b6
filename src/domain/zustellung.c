#include "domain/zustellung.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/antrag_einreichung.h"
#include "domain/postfach.h"
#include "domain/protokoll.h"
#include "domain/schluessel.h"
#include "store/antrag.h"
#include "store/db.h"

/* Tenant-only check: the object has no owning account, so the own-object rule never applies
 * (a citizen who is also a clerk does not fetch through here what is only theirs). */
static int
mandant(const struct actor *who, enum authz_action what, int64_t behoerde_id, int64_t oe_id)
{
    return authz_check(who, what,
                       &(struct authz_object){.behoerde_id = behoerde_id, .oe_id = oe_id});
}

static int
cmp_eingang(const void *x, const void *y)
{
    int64_t a = ((const struct zustellung_eingang *)x)->antrag_id;
    int64_t b = ((const struct zustellung_eingang *)y)->antrag_id;
    return (a > b) - (a < b);
}

int
zustellung_offen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t behoerde_id,
                 int64_t nach_id, int64_t limit, struct zustellung_eingang **out, size_t *n)
{
    int64_t ids[64];
    size_t n_ids = 0;
    if (!who || who->konto_id <= 0)
        return ERR_UNAUTHORIZED;
    if (limit < 1 || limit > 100)
        return ERR_INVALID;
    if (behoerde_id > 0) {
        int rc = mandant(who, AUTHZ_ANTRAG_LESEN, behoerde_id, 0);
        if (rc != ERR_OK)
            return rc;
        ids[n_ids++] = behoerde_id;
    } else {
        for (size_t i = 0; i < who->n_rollen && n_ids < 64; i++) {
            const struct rollen_zuordnung *r = &who->rollen[i];
            bool neu = r->rolle == ROLLE_SACHBEARBEITUNG && r->behoerde_id > 0;
            for (size_t k = 0; neu && k < n_ids; k++)
                neu = ids[k] != r->behoerde_id;
            if (neu && mandant(who, AUTHZ_ANTRAG_LESEN, r->behoerde_id, 0) == ERR_OK)
                ids[n_ids++] = r->behoerde_id;
        }
        if (n_ids == 0)
            return ERR_FORBIDDEN;
    }
    struct zustellung_eingang *alle = NULL;
    size_t n_alle = 0;
    for (size_t i = 0; i < n_ids; i++) {
        struct zustellung_eingang *teil;
        size_t k;
        int rc = store_zustellung_offen(c, a, ids[i], nach_id, limit, &teil, &k);
        if (rc != ERR_OK)
            return rc;
        struct zustellung_eingang *neu = arena_alloc(a, (n_alle + k + 1) * sizeof(*neu));
        if (!neu)
            return ERR_NOMEM;
        size_t m = 0;
        for (size_t j = 0; j < n_alle; j++)
            neu[m++] = alle[j];
        /* a role bound to one office sees that office's submissions only */
        for (size_t j = 0; j < k; j++)
            if (mandant(who, AUTHZ_ANTRAG_LESEN, teil[j].behoerde_id, teil[j].oe_id) == ERR_OK)
                neu[m++] = teil[j];
        alle = neu;
        n_alle = m;
    }
    if (n_alle > 1)
        qsort(alle, n_alle, sizeof(*alle), cmp_eingang);
    *out = alle;
    *n = n_alle > (size_t)limit ? (size_t)limit : n_alle;
    return ERR_OK;
}

/* Read submitted application `id` for a clerk of its authority (what: LESEN or BEARBEITEN). */
static int
eingang(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
        enum authz_action what, struct antrag *an)
{
    int rc = store_antrag_get(c, a, id, an, NULL);
    if (rc != ERR_OK)
        return rc;
    rc = mandant(who, AUTHZ_ANTRAG_LESEN, an->behoerde_id, an->oe_id);
    if (rc == ERR_OK && what != AUTHZ_ANTRAG_LESEN)
        rc = mandant(who, what, an->behoerde_id, an->oe_id);
    if (rc == ERR_OK && strcmp(an->status, "entwurf") == 0)
        rc = ERR_NOTFOUND; /* drafts are the citizen's alone */
    return rc;
}

int
zustellung_darf(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                bool bearbeiten)
{
    struct antrag an;
    return eingang(c, a, who, id, bearbeiten ? AUTHZ_ANTRAG_BEARBEITEN : AUTHZ_ANTRAG_LESEN, &an);
}

int
zustellung_abrufen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                   json_t **out)
{
    struct antrag an;
    struct eingangsbestaetigung eb;
    int64_t quittiert = 0;
    int rc = eingang(c, a, who, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_eingang_get(c, a, id, &eb);
    if (rc == ERR_OK)
        rc = store_zustellung_quittiert(c, id, &quittiert);
    if (rc != ERR_OK)
        return rc;
    /* data and attachments exactly as submitted: from the canonical content */
    json_t *inhalt = json_loads(eb.inhalt, 0, NULL);
    if (!json_is_object(inhalt)) {
        json_decref(inhalt);
        return ERR_DB;
    }
    json_t *doc = json_pack(
        "{s:{s:I, s:s, s:s, s:I, s:I, s:s, s:I}, s:O, s:O, s:{s:s, s:I, s:s}, s:O, s:o}", "antrag",
        "id", (json_int_t)an.id, "leistung", an.leistung_id, "status", an.status, "behoerde",
        (json_int_t)an.behoerde_id, "organisationseinheit", (json_int_t)an.oe_id, "gemeinde",
        an.gemeinde_ags, "eingereicht", (json_int_t)an.eingereicht, "daten",
        json_object_get(inhalt, "daten"), "anlagen", json_object_get(inhalt, "anlagen"),
        "eingangsbestaetigung", "nummer", eb.nummer, "zeitpunkt", (json_int_t)eb.zeitpunkt,
        "sha256", eb.sha256, "formular", json_object_get(inhalt, "formular"), "quittiert",
        quittiert > 0 ? json_integer(quittiert) : json_null());
    json_decref(inhalt);
    if (!doc)
        return ERR_NOMEM;
    *out = doc;
    return ERR_OK;
}

static int protokoll(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                     const struct antrag *an, const char *aktion, const char *status);

struct nachrichten_tx {
    struct arena *a;
    const struct umfeld *u;
    const struct actor *who;
    const struct antrag *an;
    struct nachricht *m;
    size_t n;
};

static int
nachrichten_tx(struct db_conn *c, void *ctx)
{
    struct nachrichten_tx *t = ctx;
    int rc = store_nachricht_list_antrag(c, t->a, t->an->behoerde_id, t->an->id, &t->m, &t->n);
    for (size_t i = 0; rc == ERR_OK && i < t->n; i++)
        rc = store_nachricht_anlagen(c, t->a, t->m[i].id, &t->m[i].anlagen, &t->m[i].n_anlagen);
    return rc;
}

/* reading the citizen's messages is in the audit log (group commit, see protokoll_lesen) */
static int
nachrichten_protokoll_tx(struct db_conn *c, void *ctx)
{
    struct nachrichten_tx *t = ctx;
    return protokoll(c, t->u, t->who, t->an, "antrag_nachrichten_gelesen", t->an->status);
}

int
zustellung_nachrichten(struct db_conn *c, struct arena *a, const struct umfeld *u,
                       const struct actor *who, int64_t id, struct nachricht **out, size_t *n)
{
    struct antrag an;
    int rc = eingang(c, a, who, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = mandant(who, AUTHZ_POSTFACH_LESEN, an.behoerde_id, an.oe_id);
    if (rc != ERR_OK)
        return rc;
    struct nachrichten_tx t = {a, u, who, &an, NULL, 0};
    rc = db_read(c, nachrichten_tx, &t);
    if (rc == ERR_OK)
        rc = db_tx_gruppe(c, nachrichten_protokoll_tx, &t);
    if (rc == ERR_OK) {
        *out = t.m;
        *n = t.n;
    }
    return rc;
}

int
zustellung_anlage(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                  const char *sha256, struct anlage *out, const void **p, size_t *len)
{
    struct antrag an;
    struct eingangsbestaetigung eb;
    int rc = eingang(c, a, who, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_eingang_get(c, a, id, &eb);
    if (rc != ERR_OK)
        return rc;
    if (strlen(sha256) != 64)
        return ERR_NOTFOUND;
    /* what was submitted, or an attachment of a message about it */
    char needle[80];
    snprintf(needle, sizeof(needle), "\"sha256\":\"%.64s\"", sha256);
    if (!strstr(eb.inhalt, needle)) {
        struct nachricht *m;
        size_t n;
        rc = mandant(who, AUTHZ_POSTFACH_LESEN, an.behoerde_id, an.oe_id);
        if (rc == ERR_OK)
            rc = store_nachricht_list_antrag(c, a, an.behoerde_id, id, &m, &n);
        for (size_t i = 0; rc == ERR_OK && i < n; i++) {
            struct anlage *al;
            size_t k;
            rc = store_nachricht_anlagen(c, a, m[i].id, &al, &k);
            for (size_t j = 0; rc == ERR_OK && j < k; j++) {
                if (strcmp(al[j].sha256, sha256) == 0) {
                    *out = al[j];
                    return store_blob_get(c, a, an.behoerde_id, sha256, p, len);
                }
            }
        }
        return rc == ERR_OK ? ERR_NOTFOUND : rc;
    }
    rc = store_anlage_get(c, a, id, sha256, out);
    if (rc == ERR_OK)
        rc = store_blob_get(c, a, an.behoerde_id, sha256, p, len);
    return rc;
}

static int
protokoll(struct db_conn *c, const struct umfeld *u, const struct actor *who,
          const struct antrag *an, const char *aktion, const char *status)
{
    char oid[32], detail[64];
    snprintf(oid, sizeof(oid), "%lld", (long long)an->id);
    snprintf(detail, sizeof(detail), "{\"status\":\"%s\"}", status);
    struct protokoll_eintrag e = {.behoerde_id = an->behoerde_id,
                                  .konto_id = who->konto_id,
                                  .aktion = aktion,
                                  .objekt_typ = "antrag",
                                  .objekt_id = oid,
                                  .detail = detail};
    return protokoll_schreiben(c, u, &e);
}

struct quittung_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct antrag *an;
    bool schon;
};

static int
quittung_tx(struct db_conn *c, void *ctx)
{
    struct quittung_tx *t = ctx;
    int64_t changes = 0;
    int rc = store_zustellung_quittung(c, t->an->id, t->an->behoerde_id, t->who->konto_id,
                                       t->u->jetzt, &changes);
    t->schon = rc == ERR_OK && changes == 0;
    if (rc != ERR_OK || t->schon)
        return rc;
    if (strcmp(t->an->status, "eingegangen") == 0) {
        rc = store_antrag_status_setzen(c, t->an->id, "in_bearbeitung", false, t->u->jetzt,
                                        &changes);
        if (rc == ERR_OK && changes > 0)
            rc = store_antrag_verlauf_insert(c, t->an->behoerde_id, t->an->id, "in_bearbeitung",
                                             t->u->jetzt, t->who->konto_id,
                                             "Vom Fachverfahren übernommen.");
    }
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->who, t->an, "antrag_quittiert", t->an->status);
    return rc;
}

int
zustellung_quittieren(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                      int64_t id, bool *schon)
{
    struct arena *a = arena_new(64 * 1024);
    struct antrag an;
    if (!a)
        return ERR_NOMEM;
    int rc = eingang(c, a, who, id, AUTHZ_ANTRAG_BEARBEITEN, &an);
    if (rc == ERR_OK) {
        struct quittung_tx t = {u, who, &an, false};
        rc = db_tx(c, quittung_tx, &t);
        *schon = t.schon;
    }
    arena_free(a);
    return rc;
}

struct status_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct antrag *an;
    const char *status, *bemerkung, *art, *betreff, *text;
    int64_t changes;
};

static int
status_tx(struct db_conn *c, void *ctx)
{
    struct status_tx *t = ctx;
    int rc = store_antrag_status_setzen(c, t->an->id, t->status, false, t->u->jetzt, &t->changes);
    if (rc != ERR_OK || t->changes == 0)
        return rc;
    rc = store_antrag_verlauf_insert(c, t->an->behoerde_id, t->an->id, t->status, t->u->jetzt,
                                     t->who->konto_id, t->bemerkung);
    if (rc == ERR_OK && t->betreff && t->an->konto_id > 0) {
        int64_t mid;
        rc = postfach_an_buerger(c, t->an->behoerde_id, t->an->konto_id, t->an->id, t->art,
                                 t->betreff, t->text, t->u->jetzt, &mid);
    }
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->who, t->an, "antrag_status", t->status);
    return rc;
}

static bool
text_ok(const char *s, size_t max, bool zeilen)
{
    size_t n = s ? strlen(s) : 0, k = 0;
    if (n == 0 || !str_is_clean_utf8(s, n) || (!zeilen && (strchr(s, '\n') || strchr(s, '\r'))))
        return false;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k <= max;
}

int
zustellung_status(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                  const char *status, const char *bemerkung, const char *betreff, const char *text,
                  struct feld_fehler *fehler)
{
    struct arena *a = arena_new(64 * 1024);
    struct antrag an;
    if (!a)
        return ERR_NOMEM;
    /* authorization first: a caller without the right learns nothing from the validation */
    int rc = eingang(c, a, who, id, AUTHZ_ANTRAG_BEARBEITEN, &an);
    if (rc == ERR_OK && (betreff || text))
        rc = mandant(who, AUTHZ_POSTFACH_SCHREIBEN, an.behoerde_id, an.oe_id);
    if (rc != ERR_OK) {
        arena_free(a);
        return rc;
    }
    if (!status || (strcmp(status, "in_bearbeitung") != 0 && strcmp(status, "rueckfrage") != 0 &&
                    strcmp(status, "beschieden") != 0)) {
        *fehler = (struct feld_fehler){"status", "Erlaubt sind in_bearbeitung, rueckfrage und "
                                                 "beschieden."};
        rc = ERR_INVALID;
    } else if (bemerkung && !text_ok(bemerkung, 500, false)) {
        *fehler = (struct feld_fehler){"bemerkung", "Höchstens 500 Zeichen in einer Zeile."};
        rc = ERR_INVALID;
    } else if ((betreff || text) && (!text_ok(betreff, NACHRICHT_BETREFF_MAX, false) ||
                                     !text_ok(text, NACHRICHT_TEXT_MAX, true))) {
        *fehler = (struct feld_fehler){betreff ? "text" : "betreff",
                                       "Eine Nachricht hat einen Betreff (eine Zeile, höchstens "
                                       "200 Zeichen) und einen Text (höchstens 20.000 Zeichen)."};
        rc = ERR_INVALID;
    }
    if (rc == ERR_OK) {
        const char *art = strcmp(status, "beschieden") == 0   ? "bescheid"
                          : strcmp(status, "rueckfrage") == 0 ? "rueckfrage"
                                                              : "nachricht";
        struct status_tx t = {u, who, &an, status, bemerkung, art, betreff, text, 0};
        rc = db_tx(c, status_tx, &t);
        if (rc == ERR_OK && t.changes == 0)
            rc = ERR_CONFLICT;
    }
    arena_free(a);
    return rc;
}

struct nachricht_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct antrag *an;
    const char *art, *betreff, *text;
    const struct nachricht_datei *dateien;
    const struct anlage *anlagen;
    size_t n;
    int64_t id;
};

static int
nachricht_tx(struct db_conn *c, void *ctx)
{
    struct nachricht_tx *t = ctx;
    int rc = postfach_an_buerger(c, t->an->behoerde_id, t->an->konto_id, t->an->id, t->art,
                                 t->betreff, t->text, t->u->jetzt, &t->id);
    for (size_t i = 0; rc == ERR_OK && i < t->n; i++) {
        rc = store_blob_put(c, t->an->behoerde_id, t->anlagen[i].sha256, t->anlagen[i].typ,
                            t->dateien[i].p, t->dateien[i].len, t->u->jetzt);
        if (rc == ERR_OK)
            rc = store_nachricht_anlage_insert(c, t->id, t->an->behoerde_id, &t->anlagen[i]);
    }
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->who, t->an, "antrag_nachricht", t->an->status);
    return rc;
}

int
zustellung_nachricht(struct db_conn *c, struct arena *a, const struct umfeld *u,
                     struct einreichung *e, const struct actor *who, int64_t id, const char *art,
                     const char *betreff, const char *text, const struct nachricht_datei *dateien,
                     size_t n_dateien, int64_t *nachricht_id, struct feld_fehler *fehler)
{
    static const char *const typen[] = {"application/pdf", "image/jpeg", "image/png", "text/plain",
                                        NULL};
    struct antrag an;
    struct anlage *al;
    /* authorization first: a caller without the right learns nothing from the validation */
    int rc = eingang(c, a, who, id, AUTHZ_ANTRAG_BEARBEITEN, &an);
    if (rc == ERR_OK)
        rc = mandant(who, AUTHZ_POSTFACH_SCHREIBEN, an.behoerde_id, an.oe_id);
    if (rc != ERR_OK)
        return rc;
    if (!art || (strcmp(art, "nachricht") != 0 && strcmp(art, "rueckfrage") != 0 &&
                 strcmp(art, "bescheid") != 0)) {
        *fehler = (struct feld_fehler){"art", "Erlaubt sind nachricht, rueckfrage und bescheid."};
        return ERR_INVALID;
    }
    if (!text_ok(betreff, NACHRICHT_BETREFF_MAX, false) ||
        !text_ok(text, NACHRICHT_TEXT_MAX, true)) {
        *fehler = (struct feld_fehler){
            betreff && text_ok(betreff, NACHRICHT_BETREFF_MAX, false) ? "text" : "betreff",
            "Eine Nachricht hat einen Betreff (eine Zeile, höchstens "
            "200 Zeichen) und einen Text (höchstens 20.000 Zeichen)."};
        return ERR_INVALID;
    }
    rc = postfach_dateien_pruefen(a, e, typen, ANTRAG_ANLAGE_MAX, dateien, n_dateien, &al, fehler);
    if (rc != ERR_OK)
        return rc;
    if (an.konto_id <= 0)
        return ERR_CONFLICT;
    struct nachricht_tx t = {u, who, &an, art, betreff, text, dateien, al, n_dateien, 0};
    rc = db_tx(c, nachricht_tx, &t);
    if (rc == ERR_OK && nachricht_id)
        *nachricht_id = t.id;
    return rc;
}
