/* antrag_status: the changes of status an applicant makes — submitting with the canonical
 * content and its hash, the receipt, and the withdrawal (see domain/antrag.h). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/antrag_beleg.h"
#include "domain/antrag_einreichung.h"
#include "domain/antrag_intern.h"
#include "domain/protokoll.h"
#include "store/antrag.h"
#include "store/db.h"

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
    int rc = sha && nummer ? antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, an) : ERR_NOMEM;
    if (rc != ERR_OK)
        return rc;
    *schon_eingereicht = !antrag_ist_entwurf(an);
    if (*schon_eingereicht)
        return ERR_OK;
    rc = antrag_formular(c, a, an, &f);
    if (rc == ERR_OK)
        rc = antrag_daten_laden(c, a, id, &daten);
    if (rc != ERR_OK)
        goto out;
    antrag_heute(u->jetzt, heute);
    rc = formular_daten_pruefen(a, f, daten, FORMULAR_VOLLSTAENDIG, 0, heute, &b, &fe, &n_fe);
    if (rc == ERR_OK)
        rc = antrag_fehler_anhaengen(&l, fe, n_fe);
    if (rc == ERR_OK)
        rc = antrag_dateien_pruefen(c, a, an, f, b, &l);
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
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
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
    if (rc == ERR_OK && !antrag_ist_entwurf(t->an)) {
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
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc == ERR_OK) {
        struct zurueck_tx t = {u, &an, z->who ? z->who->konto_id : 0, 0};
        rc = db_tx(c, zurueck_tx, &t);
        if (rc == ERR_OK && t.changes == 0)
            rc = ERR_CONFLICT;
    }
    arena_free(a);
    return rc;
}
