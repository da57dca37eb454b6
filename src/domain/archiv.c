#include "domain/archiv.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/aktenplan.h"
#include "domain/amt_zugriff.h"
#include "domain/archiv_intern.h"
#include "domain/protokoll.h"
#include "domain/vorgang.h"
#include "store/db.h"
#include "store/protokoll.h"

void
archiv_heute(int64_t jetzt, char out[11])
{
    struct tm tm;
    time_t t = (time_t)jetzt;
    if (!gmtime_r(&t, &tm)) {
        snprintf(out, 11, "1970-01-01");
        return;
    }
    if (strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "1970-01-01");
}

static int
jahr_von(int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;
    return gmtime_r(&tt, &tm) ? tm.tm_year + 1900 : 1970;
}

int
archiv_log(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t behoerde_id,
           const char *aktion, const char *typ, int64_t id, const char *detail)
{
    char oid[24];
    snprintf(oid, sizeof(oid), "%lld", (long long)id);
    struct protokoll_eintrag e = {.behoerde_id = behoerde_id,
                                  .konto_id = who ? who->konto_id : 0,
                                  .aktion = aktion,
                                  .objekt_typ = typ,
                                  .objekt_id = oid,
                                  .detail = detail};
    return protokoll_schreiben(c, u, &e);
}

/* ---- zdA ---- */

/* Close file k when all its cases are zdA; *erg tells what happened. `muss`: the caller asked
 * for the file itself, so open cases are a conflict rather than "not yet". */
static int
akte_schliessen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                const struct amt_akte_kopf *k, bool muss, struct archiv_zda_ergebnis *erg)
{
    int64_t n_gesamt = 0, n_offen = 0, letzte = 0, changes = 0;
    int jahre = 0;
    char wuerdig = 0, detail[96];
    int rc = store_archiv_akte_stand(c, k->id, &n_gesamt, &n_offen, &letzte);
    if (rc != ERR_OK)
        return rc;
    erg->akte_id = k->id;
    if (n_offen > 0 || strcmp(k->status, "offen") != 0)
        return muss ? ERR_CONFLICT : ERR_OK;
    struct arena *a = arena_new(256 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = aktenplan_regeln(c, a, k->aktenplan_id, &jahre, &wuerdig, NULL);
    arena_free(a);
    if (rc != ERR_OK)
        return rc;
    int64_t zda = letzte > 0 ? letzte : u->jetzt;
    if (jahre > 0)
        snprintf(erg->aufbewahrung_bis, sizeof(erg->aufbewahrung_bis), "%04u-12-31",
                 (unsigned)(jahr_von(zda) + jahre) % 10000u);
    else
        erg->aufbewahrung_bis[0] = '\0';
    rc = store_archiv_akte_zda(
        c, k->id, zda, erg->aufbewahrung_bis[0] ? erg->aufbewahrung_bis : NULL, u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        return ERR_CONFLICT;
    if (rc != ERR_OK)
        return rc;
    erg->is_akte_zda = true;
    snprintf(detail, sizeof(detail), "{\"aufbewahrung_bis\":\"%s\",\"jahre\":%d}",
             erg->aufbewahrung_bis, jahre);
    return archiv_log(c, u, who, k->behoerde_id, "akte_zda", "akte", k->id, detail);
}

struct zda_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t id;
    const char *bemerkung;
    struct archiv_zda_ergebnis *erg;
};

static int
vorgang_zda_tx(struct db_conn *c, void *ctx)
{
    struct zda_tx *t = ctx;
    struct amt_vorgang_kopf v;
    struct amt_akte_kopf k;
    int64_t n_wv = 0;
    memset(t->erg, 0, sizeof(*t->erg));
    int rc = amt_vorgang_zugriff(c, t->who, t->id, AUTHZ_VORGANG_BEARBEITEN, &v);
    if (rc == ERR_OK)
        rc = store_archiv_offene_wiedervorlagen(c, t->id, &n_wv);
    if (rc == ERR_OK && n_wv > 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = vorgang_status_zda(c, t->u, t->who, t->id, t->bemerkung);
    if (rc == ERR_OK)
        rc = amt_akte_zugriff(c, t->who, v.akte_id, AUTHZ_VORGANG_BEARBEITEN, &k);
    if (rc == ERR_OK)
        rc = akte_schliessen(c, t->u, t->who, &k, false, t->erg);
    return rc;
}

int
archiv_vorgang_zda(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                   int64_t vorgang_id, const char *bemerkung, struct archiv_zda_ergebnis *erg)
{
    struct zda_tx t = {u, who, vorgang_id, bemerkung, erg};
    return db_tx(c, vorgang_zda_tx, &t);
}

static int
akte_zda_tx(struct db_conn *c, void *ctx)
{
    struct zda_tx *t = ctx;
    struct amt_akte_kopf k;
    memset(t->erg, 0, sizeof(*t->erg));
    int rc = amt_akte_zugriff(c, t->who, t->id, AUTHZ_AKTE_BEARBEITEN, &k);
    if (rc == ERR_OK)
        rc = akte_schliessen(c, t->u, t->who, &k, true, t->erg);
    return rc;
}

int
archiv_akte_zda(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t akte_id,
                struct archiv_zda_ergebnis *erg)
{
    struct zda_tx t = {u, who, akte_id, NULL, erg};
    return db_tx(c, akte_zda_tx, &t);
}

static int
oeffnen_tx(struct db_conn *c, void *ctx)
{
    struct zda_tx *t = ctx;
    struct amt_akte_kopf k;
    struct archiv_akte_kurz kurz;
    char heute[11];
    int64_t changes = 0;
    int rc = amt_akte_zugriff(c, t->who, t->id, AUTHZ_AKTE_BEARBEITEN, &k);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = store_archiv_akte_kurz(c, a, t->id, &kurz);
    archiv_heute(t->u->jetzt, heute);
    if (rc == ERR_OK && (strcmp(kurz.status, "zda") != 0 ||
                         (kurz.aufbewahrung_bis && strcmp(kurz.aufbewahrung_bis, heute) < 0)))
        rc = ERR_CONFLICT;
    arena_free(a);
    if (rc == ERR_OK)
        rc = store_archiv_akte_oeffnen(c, t->id, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = archiv_log(c, t->u, t->who, k.behoerde_id, "akte_wiederaufgenommen", "akte", t->id,
                        NULL);
    return rc;
}

int
archiv_akte_wiederaufnehmen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                            int64_t akte_id)
{
    struct zda_tx t = {u, who, akte_id, NULL, NULL};
    return db_tx(c, oeffnen_tx, &t);
}

/* ---- due files ---- */

int
archiv_darf(const struct actor *who, enum authz_action what, int64_t behoerde_id)
{
    struct authz_object o = {.behoerde_id = behoerde_id};
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    return authz_check(who, what, &o);
}

int
archiv_faellige(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
                int64_t behoerde_id, struct archiv_faellig **out, size_t *n)
{
    struct archiv_akte_kurz *k = NULL;
    struct aktenplan_index idx;
    size_t n_k = 0;
    char heute[11];
    int rc = archiv_darf(who, AUTHZ_AUSSONDERUNG_LESEN, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    archiv_heute(u->jetzt, heute);
    rc = store_archiv_faellig(c, a, behoerde_id, heute, ARCHIV_MAX_AKTEN, &k, &n_k);
    if (rc == ERR_OK)
        rc = aktenplan_index_laden(c, a, behoerde_id, &idx);
    if (rc != ERR_OK)
        return rc;
    struct archiv_faellig *v = arena_zalloc(a, (n_k ? n_k : 1) * sizeof(*v));
    if (!v)
        return ERR_NOMEM;
    for (size_t i = 0; i < n_k && rc == ERR_OK; i++) {
        v[i].akte = k[i];
        v[i].archivwuerdigkeit = 'B';
        RH_IGNORE(aktenplan_index_regeln(&idx, k[i].aktenplan_id, &v[i].aufbewahrung_jahre,
                                         &v[i].archivwuerdigkeit, &v[i].plan_kennzeichen,
                                         &v[i].plan_titel));
        rc = store_archiv_akte_in_abgabe(c, k[i].id, &v[i].is_in_abgabe);
    }
    if (rc == ERR_OK) {
        *out = v;
        *n = n_k;
    }
    return rc;
}

/* ---- deletion of files marked V ---- */

struct loesch_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t behoerde_id;
    const struct archiv_faellig *akten;
    size_t n;
    int64_t id;
};

static int
loesch_tx(struct db_conn *c, void *ctx)
{
    struct loesch_tx *t = ctx;
    char detail[64];
    struct aussonderung_row s = {.behoerde_id = t->behoerde_id,
                                 .art = "loeschung",
                                 .status = "geloescht",
                                 .konto_id = t->who->konto_id,
                                 .erstellt = t->u->jetzt,
                                 .quittiert = t->u->jetzt};
    int rc = store_archiv_aussonderung_insert(c, &s);
    for (size_t i = 0; rc == ERR_OK && i < t->n; i++) {
        const struct archiv_faellig *f = &t->akten[i];
        char w[2] = {f->archivwuerdigkeit, 0};
        struct aussonderung_objekt_row o = {.aussonderung_id = s.id,
                                            .behoerde_id = t->behoerde_id,
                                            .akte_id = f->akte.id,
                                            .zda_zeitpunkt = f->akte.zda_zeitpunkt,
                                            .n_vorgaenge = f->akte.n_vorgaenge,
                                            .n_dokumente = f->akte.n_dokumente,
                                            .aktenzeichen = f->akte.aktenzeichen,
                                            .titel = f->akte.titel,
                                            .aufbewahrung_bis = f->akte.aufbewahrung_bis,
                                            .archivwuerdigkeit = w};
        rc = store_archiv_objekt_insert(c, &o);
        if (rc == ERR_OK)
            rc = store_archiv_akte_inhalt_loeschen(c, t->behoerde_id, f->akte.id, t->u->jetzt);
        if (rc == ERR_OK)
            rc = archiv_log(c, t->u, t->who, t->behoerde_id, "akte_geloescht", "akte", f->akte.id,
                            NULL);
    }
    snprintf(detail, sizeof(detail), "{\"art\":\"loeschung\",\"akten\":%zu}", t->n);
    if (rc == ERR_OK)
        rc = archiv_log(c, t->u, t->who, t->behoerde_id, "aussonderung_geloescht", "aussonderung",
                        s.id, detail);
    if (rc == ERR_OK)
        t->id = s.id;
    return rc;
}

int
archiv_auswahl(struct archiv_faellig *alle, size_t n_alle, const int64_t *akten, size_t n,
               bool (*passt)(const struct archiv_faellig *), struct archiv_faellig *out,
               size_t *n_out, struct feld_fehler *f)
{
    size_t k = 0;
    if (n == 0) {
        for (size_t i = 0; i < n_alle; i++)
            if (passt(&alle[i]) && !alle[i].is_in_abgabe)
                out[k++] = alle[i];
        *n_out = k;
        return k ? ERR_OK : ERR_CONFLICT;
    }
    if (n > ARCHIV_MAX_AKTEN) {
        *f = (struct feld_fehler){"akten", "Höchstens 500 Akten auf einmal."};
        return ERR_INVALID;
    }
    for (size_t j = 0; j < n; j++) {
        const struct archiv_faellig *hit = NULL;
        for (size_t i = 0; i < n_alle && !hit; i++)
            if (alle[i].akte.id == akten[j])
                hit = &alle[i];
        for (size_t i = 0; hit && i < k; i++)
            if (out[i].akte.id == hit->akte.id)
                hit = NULL;
        if (!hit || !passt(hit)) {
            *f = (struct feld_fehler){"akten", "Eine der Akten ist nicht zur Aussonderung fällig, "
                                               "doppelt genannt oder hat eine andere "
                                               "Archivwürdigkeit."};
            return ERR_INVALID;
        }
        if (hit->is_in_abgabe)
            return ERR_CONFLICT;
        out[k++] = *hit;
    }
    *n_out = k;
    return ERR_OK;
}

static bool
ist_v(const struct archiv_faellig *x)
{
    return x->archivwuerdigkeit == 'V';
}

int
archiv_loeschen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                int64_t behoerde_id, const int64_t *akten, size_t n, bool bestaetigt,
                int64_t *aussonderung_id, int64_t *n_geloescht, struct feld_fehler *f)
{
    struct archiv_faellig *alle = NULL, *wahl;
    size_t n_alle = 0, n_wahl = 0;
    int rc = archiv_darf(who, AUTHZ_AUSSONDERUNG_DURCHFUEHREN, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    if (!bestaetigt) {
        *f = (struct feld_fehler){"bestaetigung", "Bitte bestätigen Sie die Vernichtung "
                                                  "(bestaetigung: true)."};
        return ERR_INVALID;
    }
    struct arena *a = arena_new(16u * 1024 * 1024);
    if (!a)
        return ERR_NOMEM;
    rc = archiv_faellige(c, a, u, who, behoerde_id, &alle, &n_alle);
    wahl = rc == ERR_OK ? arena_zalloc(a, (n_alle + 1) * sizeof(*wahl)) : NULL;
    if (rc == ERR_OK && !wahl)
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        rc = archiv_auswahl(alle, n_alle, akten, n, ist_v, wahl, &n_wahl, f);
    if (rc == ERR_OK) {
        struct loesch_tx t = {u, who, behoerde_id, wahl, n_wahl, 0};
        rc = db_tx(c, loesch_tx, &t);
        if (rc == ERR_OK) {
            *aussonderung_id = t.id;
            *n_geloescht = (int64_t)n_wahl;
        }
    }
    arena_free(a);
    return rc;
}

int
archiv_aussonderungen(struct db_conn *c, struct arena *a, const struct actor *who,
                      int64_t behoerde_id, struct aussonderung_row **out, size_t *n)
{
    int rc = archiv_darf(who, AUTHZ_AUSSONDERUNG_LESEN, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    return store_archiv_aussonderungen(c, a, behoerde_id, 200, out, n);
}

int
archiv_aussonderung(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                    struct aussonderung_row *out, struct aussonderung_objekt_row **objekte,
                    size_t *n)
{
    struct aussonderung_row r;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_archiv_aussonderung_get(c, a, id, &r, objekte, n);
    if (rc == ERR_OK)
        rc = archiv_darf(who, AUTHZ_AUSSONDERUNG_LESEN, r.behoerde_id);
    if (rc == ERR_OK)
        *out = r;
    return rc;
}

/* ---- audit log ---- */

int
archiv_kette_pruefen(struct db_conn *c, int64_t kette, struct archiv_pruefung *out)
{
    int64_t n = 0, bruch = 0;
    memset(out, 0, sizeof(*out));
    out->kette = kette;
    int rc = protokoll_pruefen(c, kette, &n, &bruch);
    if (rc == ERR_OK) {
        out->is_ok = true;
        out->n_zeilen = n;
        return ERR_OK;
    }
    if (rc != ERR_CONFLICT)
        return rc;
    out->bruch_folge = bruch;
    rc = store_archiv_protokoll_id(c, kette, bruch, &out->bruch_id);
    if (rc == ERR_NOTFOUND) {
        out->bruch_id = 0;
        rc = ERR_OK;
    }
    return rc;
}

int
archiv_protokoll(struct db_conn *c, struct arena *a, const struct actor *who,
                 struct archiv_protokoll_filter *f, struct archiv_protokoll_row **out, size_t *n,
                 struct archiv_pruefung *pruefung)
{
    int rc = archiv_darf(who, AUTHZ_PROTOKOLL_LESEN, f->kette);
    if (rc != ERR_OK)
        return rc;
    if (f->kette <= 0)
        return ERR_NOTFOUND;
    rc = store_archiv_protokoll_seite(c, a, f, out, n);
    if (rc == ERR_OK)
        rc = archiv_kette_pruefen(c, f->kette, pruefung);
    return rc;
}
