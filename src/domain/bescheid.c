/* bescheid: the decisions of domain/bescheid.h (templates: bescheid_vorlage.c). */
#include "domain/bescheid.h"

#include <stdio.h>
#include <string.h>

#include "domain/amt_zugriff.h"
#include "domain/antrag.h"
#include "domain/dokument.h"
#include "domain/postfach.h"
#include "domain/protokoll.h"
#include "domain/vorgang.h"
#include "formats/pdf_bescheid.h"
#include "store/antrag.h"
#include "store/behoerde.h"
#include "store/db.h"
#include "store/vorgang.h"
#include "util/str.h"

#define PDF_MAX (8 * 1024 * 1024)

static int
protokoll(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
          const char *aktion, int64_t id)
{
    char oid[24];
    snprintf(oid, sizeof(oid), "%lld", (long long)id);
    struct protokoll_eintrag e = {behoerde_id, konto_id, aktion, "bescheid", oid, NULL};
    return protokoll_schreiben(c, u, &e);
}

/* Load decision `id` and decide `what` on its case. */
static int
zugriff(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
        enum authz_action what, struct bescheid_row *b, struct amt_vorgang_kopf *k)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_bescheid_get(c, a, id, b);
    if (rc == ERR_OK)
        rc = amt_vorgang_zugriff(c, who, b->vorgang_id, what, k);
    if (rc == ERR_OK && k->behoerde_id != b->behoerde_id)
        rc = ERR_NOTFOUND;
    return rc;
}

/* "DD.MM.YYYY" of unix time t in Germany. */
static void
datum(int64_t t, char out[11])
{
    char iso[11];
    antrag_heute(t, iso);
    snprintf(out, 11, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso);
}

/* ---- drafting -------------------------------------------------------------------------- */

struct entwurf_tx {
    const struct umfeld *u;
    struct bescheid_row *b;
    bool offen;
    struct arena *a;
    struct bescheid_row *neu; /* the stored row, read back in the same transaction */
};

static int
entwurf_tx(struct db_conn *c, void *ctx)
{
    struct entwurf_tx *t = ctx;
    int64_t n = 0;
    int rc = store_bescheid_offen(c, t->b->behoerde_id, t->b->vorgang_id, &n);
    if (rc != ERR_OK)
        return rc;
    t->offen = n > 0;
    if (t->offen)
        return ERR_CONFLICT;
    rc = store_bescheid_insert(c, t->b);
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->b->behoerde_id, t->b->konto_id, "bescheid_entworfen", t->b->id);
    if (rc == ERR_OK)
        rc = store_bescheid_get(c, t->a, t->b->id, t->neu);
    return rc;
}

static bool
betreff_ok(const char *s)
{
    size_t n = strlen(s), k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return n > 0 && k <= BESCHEID_BETREFF_MAX && str_is_clean_utf8(s, n) && !strpbrk(s, "\r\n\t");
}

int
bescheid_entwerfen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, int64_t vorgang_id, int64_t vorlage_id,
                   const char *betreff, const char *text, struct bescheid_row *out,
                   struct feld_fehler *fehler)
{
    struct amt_vorgang_kopf k;
    struct bescheid_vorlage_row v;
    struct vorgang_row vg;
    struct behoerde beh;
    struct buf bt = BUF_INIT(4 * BESCHEID_BETREFF_MAX + 64), tx = BUF_INIT(BESCHEID_TEXT_MAX + 1);
    json_t *daten = NULL;
    const char *grund = NULL;
    char heute[11], nummer[24] = "";
    bool mitzeichnung = false;
    int64_t b_id = 0;
    int rc = amt_vorgang_zugriff(c, who, vorgang_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "zda") == 0 || strcmp(k.status, "beschieden") == 0) {
        *fehler = (struct feld_fehler){"vorgang", "Der Vorgang ist schon beschieden oder zu den "
                                                  "Akten verfügt."};
        return ERR_CONFLICT;
    }
    if (vorlage_id > 0) {
        rc = store_bescheid_vorlage_get(c, a, vorlage_id, &v);
        if (rc == ERR_NOTFOUND || (rc == ERR_OK && v.behoerde_id != k.behoerde_id)) {
            *fehler = (struct feld_fehler){"vorlage", "Diese Vorlage gibt es in der Behörde "
                                                      "nicht."};
            return ERR_INVALID;
        }
        if (rc != ERR_OK)
            return rc;
        if (!betreff || !*betreff)
            betreff = v.betreff;
        if (!text || !*text)
            text = v.text;
    }
    if (!betreff || !*betreff)
        betreff = "Bescheid";
    size_t tl = text ? strlen(text) : 0;
    if (tl == 0 || tl > BESCHEID_TEXT_MAX || !str_is_clean_utf8(text, tl)) {
        *fehler =
            (struct feld_fehler){"text", "Der Text fehlt oder ist länger als 20 000 Zeichen."};
        return ERR_INVALID;
    }
    if (bescheid_vorlage_pruefen(a, betreff, &grund) != ERR_OK) {
        *fehler = (struct feld_fehler){"betreff", grund};
        return ERR_INVALID;
    }
    if (bescheid_vorlage_pruefen(a, text, &grund) != ERR_OK) {
        *fehler = (struct feld_fehler){"text", grund};
        return ERR_INVALID;
    }
    /* the fields' values */
    rc = store_vorgang_get(c, a, vorgang_id, &vg);
    if (rc == ERR_OK)
        rc = store_behoerde_get(c, a, k.behoerde_id, &beh);
    if (rc == ERR_OK && k.antrag_id > 0) {
        const char *d = NULL;
        rc = store_antrag_daten_get(c, a, k.antrag_id, &d);
        if (rc == ERR_OK && d)
            daten = json_loads(d, 0, NULL);
        if (rc == ERR_NOTFOUND)
            rc = ERR_OK;
        antrag_nummer(k.antrag_id, nummer);
    }
    if (rc == ERR_OK)
        rc = store_oe_mitzeichnung_get(c, k.oe_id, &b_id, &mitzeichnung);
    if (rc != ERR_OK)
        goto out;
    datum(u->jetzt, heute);
    struct bescheid_felder f = {
        daten, k.antrag_id > 0 ? nummer : NULL, k.aktenzeichen, vg.betreff, beh.name, heute};
    rc = bescheid_fuellen(betreff, &f, &bt);
    if (rc == ERR_OK)
        rc = bescheid_fuellen(text, &f, &tx);
    if (rc == ERR_LIMIT)
        *fehler = (struct feld_fehler){"text", "Der ausgefüllte Text ist zu lang."};
    if (rc == ERR_OK && !betreff_ok(buf_cstr(&bt))) {
        *fehler = (struct feld_fehler){"betreff", "Der Betreff ist leer oder länger als 300 "
                                                  "Zeichen."};
        rc = ERR_INVALID;
    }
    if (rc != ERR_OK)
        goto out;
    struct bescheid_row b = {.behoerde_id = k.behoerde_id,
                             .vorgang_id = vorgang_id,
                             .vorlage_id = vorlage_id > 0 ? vorlage_id : 0,
                             .konto_id = who->konto_id,
                             .betreff = buf_cstr(&bt),
                             .text = buf_cstr(&tx),
                             .status = mitzeichnung ? "mitzeichnung" : "entwurf",
                             .erstellt = u->jetzt};
    struct bescheid_row neu = {0};
    struct entwurf_tx t = {u, &b, false, a, &neu};
    rc = db_tx(c, entwurf_tx, &t);
    if (rc == ERR_CONFLICT)
        *fehler = (struct feld_fehler){"vorgang", "Der Vorgang hat schon einen offenen "
                                                  "Bescheid-Entwurf."};
    if (rc == ERR_OK)
        *out = neu;
out:
    json_decref(daten);
    buf_free(&bt);
    buf_free(&tx);
    return rc;
}

int
bescheid_lesen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
               struct bescheid_row *out)
{
    struct amt_vorgang_kopf k;
    return zugriff(c, a, who, id, AUTHZ_VORGANG_LESEN, out, &k);
}

int
bescheid_liste(struct db_conn *c, struct arena *a, const struct actor *who, int64_t vorgang_id,
               struct bescheid_row **out, size_t *n)
{
    struct amt_vorgang_kopf k;
    int rc = amt_vorgang_zugriff(c, who, vorgang_id, AUTHZ_VORGANG_LESEN, &k);
    if (rc == ERR_OK)
        rc = store_bescheid_list(c, a, k.behoerde_id, vorgang_id, out, n);
    return rc;
}

/* The PDF of `b` of case `k`, as it is or as it will be when sent at `jetzt`. */
static int
pdf_machen(struct db_conn *c, struct arena *a, const struct bescheid_row *b,
           const struct amt_vorgang_kopf *k, bool entwurf, bool mitgezeichnet, int64_t jetzt,
           struct buf *out)
{
    struct behoerde beh;
    struct organisationseinheit *oes = NULL;
    size_t n_oes = 0;
    const char *oe = NULL;
    char tag[11];
    int rc = store_behoerde_get(c, a, k->behoerde_id, &beh);
    if (rc == ERR_OK)
        rc = store_oe_list(c, a, k->behoerde_id, &oes, &n_oes);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < n_oes; i++)
        if (oes[i].id == k->oe_id)
            oe = oes[i].name;
    const char *anschrift = beh.strasse && beh.plz && beh.ort
                                ? arena_printf(a, "%s, %s %s", beh.strasse, beh.plz, beh.ort)
                                : NULL;
    datum(jetzt, tag);
    struct pdf_bescheid_daten d = {beh.name,   oe,      anschrift, k->aktenzeichen, tag,
                                   b->betreff, b->text, entwurf,   mitgezeichnet,   jetzt};
    return pdf_bescheid(&d, out);
}

int
bescheid_pdf(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
             struct buf *out)
{
    struct bescheid_row b;
    struct amt_vorgang_kopf k;
    int rc = zugriff(c, a, who, id, AUTHZ_VORGANG_LESEN, &b, &k);
    if (rc != ERR_OK)
        return rc;
    bool versandt = strcmp(b.status, "versandt") == 0;
    return pdf_machen(c, a, &b, &k, !versandt, b.mitzeichnung_konto_id > 0,
                      versandt ? b.versandt : b.erstellt, out);
}

/* ---- co-signing and sending -------------------------------------------------------------- */

struct senden_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct bescheid_row *b;
    const struct amt_vorgang_kopf *k;
    const char *von; /* the status it must still have */
    bool mitzeichnen;
    const struct buf *pdf;
    int64_t konto_buerger; /* 0: no mailbox */
    const char *dateiname;
};

static int
senden_tx(struct db_conn *c, void *ctx)
{
    struct senden_tx *t = ctx;
    int64_t dok = 0, nachricht = 0, changes = 0;
    int rc = ERR_OK;
    if (t->mitzeichnen)
        rc = store_bescheid_mitzeichnung(c, t->b->id, t->who->konto_id, t->u->jetzt);
    if (rc == ERR_OK)
        rc = dokument_ablegen(c, t->u, t->who->konto_id, t->k, t->b->betreff, "bescheid",
                              t->dateiname, "application/pdf", t->pdf->p, t->pdf->len, true, &dok);
    if (rc == ERR_OK && t->konto_buerger > 0) {
        rc = postfach_an_buerger(c, t->b->behoerde_id, t->konto_buerger, t->k->antrag_id,
                                 "bescheid", t->b->betreff,
                                 "Ihr Bescheid liegt als PDF-Datei bei. Bitte lesen Sie ihn "
                                 "sorgfältig, auch die Rechtsbehelfsbelehrung.",
                                 t->u->jetzt, &nachricht);
        if (rc == ERR_OK) {
            struct dokument_version_row v;
            struct arena *a = arena_new(16 * 1024);
            rc = a ? store_dokument_version_get(c, a, dok, 1, &v) : ERR_NOMEM;
            if (rc == ERR_OK) {
                struct anlage an = {.sha256 = v.sha256,
                                    .dateiname = t->dateiname,
                                    .typ = "application/pdf",
                                    .groesse = (int64_t)t->pdf->len,
                                    .erstellt = t->u->jetzt};
                rc = store_nachricht_anlage_insert(c, nachricht, t->b->behoerde_id, &an);
            }
            arena_free(a);
        }
    }
    if (rc == ERR_OK)
        rc = store_bescheid_versandt(c, t->b->id, t->von, dok, nachricht, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT; /* someone else was faster: everything rolls back */
    if (rc == ERR_OK && t->mitzeichnen)
        rc = protokoll(c, t->u, t->b->behoerde_id, t->who->konto_id, "bescheid_mitgezeichnet",
                       t->b->id);
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->b->behoerde_id, t->who->konto_id, "bescheid_versandt", t->b->id);
    if (rc == ERR_OK && strcmp(t->k->status, "beschieden") != 0)
        rc = vorgang_status_setzen(c, t->u, t->who, t->k->id, "beschieden",
                                   t->konto_buerger > 0 ? "Der Bescheid liegt in Ihrem Postfach."
                                                        : "Der Bescheid ist ergangen.");
    return rc;
}

static int
senden(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
       int64_t id, bool mitzeichnen, struct feld_fehler *fehler)
{
    struct bescheid_row b;
    struct amt_vorgang_kopf k;
    struct buf pdf = BUF_INIT(PDF_MAX);
    int64_t konto = 0, b_id = 0;
    bool pflicht = false;
    int rc = zugriff(c, a, who, id, AUTHZ_VORGANG_BEARBEITEN, &b, &k);
    if (rc != ERR_OK)
        return rc;
    const char *von = mitzeichnen ? "mitzeichnung" : "entwurf";
    if (strcmp(b.status, von) != 0) {
        *fehler = (struct feld_fehler){
            "status", mitzeichnen ? "Der Bescheid wartet nicht auf Mitzeichnung."
                                  : "Nur ein Entwurf ohne Mitzeichnungspflicht wird direkt "
                                    "versandt."};
        return ERR_CONFLICT;
    }
    if (mitzeichnen && b.konto_id == who->konto_id) {
        *fehler = (struct feld_fehler){"konto", "Wer den Bescheid entworfen hat, kann ihn nicht "
                                                "selbst mitzeichnen."};
        return ERR_FORBIDDEN;
    }
    rc = store_oe_mitzeichnung_get(c, k.oe_id, &b_id, &pflicht);
    if (rc != ERR_OK)
        return rc;
    if (!mitzeichnen && pflicht) {
        *fehler = (struct feld_fehler){"status", "Die Organisationseinheit verlangt eine "
                                                 "Mitzeichnung; ein neuer Entwurf geht zuerst "
                                                 "zur Mitzeichnung."};
        return ERR_CONFLICT;
    }
    if (strcmp(k.status, "zda") == 0) {
        *fehler = (struct feld_fehler){"vorgang", "Der Vorgang ist zu den Akten verfügt."};
        return ERR_CONFLICT;
    }
    if (k.antrag_id > 0) {
        struct antrag an;
        rc = store_antrag_get(c, a, k.antrag_id, &an, NULL);
        if (rc != ERR_OK)
            return rc;
        konto = an.konto_id;
    }
    rc =
        pdf_machen(c, a, &b, &k, false, mitzeichnen || b.mitzeichnung_konto_id > 0, u->jetzt, &pdf);
    if (rc == ERR_OK) {
        const char *name = arena_printf(a, "Bescheid-%lld.pdf", (long long)b.id);
        struct senden_tx t = {u, who, &b, &k, von, mitzeichnen, &pdf, konto, name};
        rc = name ? db_tx(c, senden_tx, &t) : ERR_NOMEM;
        if (rc == ERR_CONFLICT && !fehler->text)
            *fehler = (struct feld_fehler){"status", "Der Bescheid wurde inzwischen bearbeitet "
                                                     "oder der Vorgang kann nicht beschieden "
                                                     "werden."};
    }
    buf_free(&pdf);
    return rc;
}

int
bescheid_versenden(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, int64_t id, struct feld_fehler *fehler)
{
    return senden(c, a, u, who, id, false, fehler);
}

int
bescheid_mitzeichnen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                     const struct actor *who, int64_t id, struct feld_fehler *fehler)
{
    return senden(c, a, u, who, id, true, fehler);
}

struct zurueck_tx {
    const struct umfeld *u;
    int64_t behoerde_id, konto_id, id;
};

static int
zurueck_tx(struct db_conn *c, void *ctx)
{
    struct zurueck_tx *t = ctx;
    int64_t changes = 0;
    int rc = store_bescheid_status(c, t->id, "mitzeichnung", "abgelehnt", &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->behoerde_id, t->konto_id, "bescheid_zurueckgewiesen", t->id);
    return rc;
}

int
bescheid_zurueckweisen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                       const struct actor *who, int64_t id, struct feld_fehler *fehler)
{
    struct bescheid_row b;
    struct amt_vorgang_kopf k;
    int rc = zugriff(c, a, who, id, AUTHZ_VORGANG_BEARBEITEN, &b, &k);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(b.status, "mitzeichnung") != 0) {
        *fehler = (struct feld_fehler){"status", "Der Bescheid wartet nicht auf Mitzeichnung."};
        return ERR_CONFLICT;
    }
    if (b.konto_id == who->konto_id) {
        *fehler = (struct feld_fehler){"konto", "Wer den Bescheid entworfen hat, kann ihn nicht "
                                                "selbst zurückweisen."};
        return ERR_FORBIDDEN;
    }
    struct zurueck_tx t = {u, k.behoerde_id, who->konto_id, id};
    return db_tx(c, zurueck_tx, &t);
}

/* ---- the office's setting --------------------------------------------------------------- */

int
bescheid_mitzeichnung_lesen(struct db_conn *c, const struct actor *who, int64_t oe_id,
                            bool *mitzeichnung)
{
    int64_t behoerde_id = 0;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_oe_mitzeichnung_get(c, oe_id, &behoerde_id, mitzeichnung);
    if (rc == ERR_OK) {
        struct authz_object obj = {.behoerde_id = behoerde_id};
        rc = authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &obj);
    }
    return rc;
}

struct mz_tx {
    const struct umfeld *u;
    int64_t behoerde_id, konto_id, oe_id;
    bool wert;
};

static int
mz_tx(struct db_conn *c, void *ctx)
{
    struct mz_tx *t = ctx;
    char oid[24];
    int rc = store_oe_mitzeichnung_set(c, t->oe_id, t->wert);
    snprintf(oid, sizeof(oid), "%lld", (long long)t->oe_id);
    struct protokoll_eintrag e = {t->behoerde_id,
                                  t->konto_id,
                                  "mitzeichnung_gesetzt",
                                  "organisationseinheit",
                                  oid,
                                  t->wert ? "{\"mitzeichnung\":true}" : "{\"mitzeichnung\":false}"};
    if (rc == ERR_OK)
        rc = protokoll_schreiben(c, t->u, &e);
    return rc;
}

int
bescheid_mitzeichnung_setzen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                             int64_t oe_id, bool mitzeichnung)
{
    bool alt = false;
    int64_t behoerde_id = 0;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_oe_mitzeichnung_get(c, oe_id, &behoerde_id, &alt);
    if (rc == ERR_OK) {
        struct authz_object obj = {.behoerde_id = behoerde_id};
        rc = authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &obj);
    }
    if (rc == ERR_OK) {
        struct mz_tx t = {u, behoerde_id, who->konto_id, oe_id, mitzeichnung};
        rc = db_tx(c, mz_tx, &t);
    }
    return rc;
}

int
bescheid_mitzeichnung_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                            int64_t behoerde_id, struct bescheid_oe_row **out, size_t *n)
{
    struct authz_object obj = {.behoerde_id = behoerde_id};
    int rc = authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &obj);
    if (rc == ERR_OK)
        rc = store_bescheid_oe_list(c, a, behoerde_id, out, n);
    return rc;
}
