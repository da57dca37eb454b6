/* archiv: the hand-over to the archive as an xdomea 0503 message and its receipt (see
 * domain/archiv.h for the rules). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "domain/aktenplan.h"
#include "domain/archiv_intern.h"
#include "domain/schluessel.h"
#include "formats/xdomea.h"
#include "formats/zipper.h"
#include "store/antrag.h"
#include "store/db.h"

#define EMPFAENGER "Zuständiges öffentliches Archiv"

/* A stable UUID for object (typ, id) of authority `behoerde_id` on this installation. */
static const char *
objekt_uuid(struct arena *a, const struct umfeld *u, const char *typ, int64_t behoerde_id,
            int64_t id)
{
    char seed[160], salz[17] = "";
    char *out = arena_alloc(a, XDOMEA_UUID_LEN + 1);
    if (!out)
        return NULL;
    if (u->geheimnis)
        schluessel_hex(u->geheimnis, 8, salz);
    snprintf(seed, sizeof(seed), "rathaus/%s/%s/%lld/%lld", salz, typ, (long long)behoerde_id,
             (long long)id);
    xdomea_uuid(seed, out);
    return out;
}

static void
zufalls_uuid(char out[XDOMEA_UUID_LEN + 1])
{
    uint8_t b[16];
    char seed[33];
    randombytes_buf(b, sizeof(b));
    schluessel_hex(b, sizeof(b), seed);
    xdomea_uuid(seed, out);
}

static bool
ist_ab(const struct archiv_faellig *x)
{
    return x->archivwuerdigkeit == 'A' || x->archivwuerdigkeit == 'B';
}

/* The message's file for akte `f` (loaded into `k`), its documents' newest versions added to
 * the zip. */
static int
akte_bauen(struct db_conn *c, struct arena *a, const struct umfeld *u,
           const struct archiv_faellig *f, const struct archiv_akte *k, struct zipper *z,
           struct xdomea_akte *x)
{
    struct xdomea_vorgang *vs = arena_zalloc(a, (k->n_vorgaenge + 1) * sizeof(*vs));
    struct xdomea_dokument *ds = arena_zalloc(a, (k->n_dokumente + 1) * sizeof(*ds));
    struct xdomea_version *vv = arena_zalloc(a, (k->n_dokumente + 1) * sizeof(*vv));
    int rc = ERR_OK;
    if (!vs || !ds || !vv)
        return ERR_LIMIT;
    *x = (struct xdomea_akte){
        .uuid = objekt_uuid(a, u, "akte", k->behoerde_id, k->id),
        .aktenzeichen = k->aktenzeichen,
        .titel = k->titel,
        .plan_kennzeichen = f->plan_kennzeichen,
        .plan_titel = f->plan_titel,
        .erstellt = k->erstellt,
        .zda = k->zda_zeitpunkt,
        .aufbewahrung_jahre = f->aufbewahrung_jahre,
        .archivwuerdigkeit = f->archivwuerdigkeit,
        .aufbewahrung_bis = k->aufbewahrung_bis,
        .vorgaenge = vs,
        .n_vorgaenge = k->n_vorgaenge,
    };
    size_t d = 0;
    for (size_t i = 0; rc == ERR_OK && i < k->n_vorgaenge; i++) {
        const struct archiv_vorgang *v = &k->vorgaenge[i];
        vs[i] = (struct xdomea_vorgang){
            .uuid = objekt_uuid(a, u, "vorgang", k->behoerde_id, v->id),
            .aktenzeichen = v->aktenzeichen,
            .betreff = v->betreff,
            .erstellt = v->erstellt,
            .zda = v->zda_zeitpunkt,
            .dokumente = &ds[d],
        };
        for (size_t j = 0; rc == ERR_OK && j < k->n_dokumente; j++) {
            const struct archiv_dokument *dok = &k->dokumente[j];
            if (dok->vorgang_id != v->id)
                continue;
            const struct archiv_version *neu = NULL;
            for (size_t m = 0; m < k->n_versionen; m++)
                if (k->versionen[m].dokument_id == dok->id &&
                    (!neu || k->versionen[m].version > neu->version))
                    neu = &k->versionen[m];
            ds[d] = (struct xdomea_dokument){
                .uuid = objekt_uuid(a, u, "dokument", k->behoerde_id, dok->id),
                .titel = dok->titel,
                .art = dok->art,
                .erstellt = dok->erstellt,
            };
            if (neu) {
                char safe[120];
                const void *p = NULL;
                size_t len = 0;
                zipper_safe_name(neu->dateiname, safe, sizeof(safe));
                vv[d] = (struct xdomea_version){
                    .uuid = ds[d].uuid,
                    .nummer = neu->version,
                    .erstellt = neu->erstellt,
                    .datei = arena_printf(a, "%s_%s", ds[d].uuid, safe),
                    .dateiname_original = neu->dateiname,
                    .typ = neu->typ,
                };
                rc = vv[d].datei && ds[d].uuid ? ERR_OK : ERR_LIMIT;
                if (rc == ERR_OK)
                    rc = store_blob_get(c, a, k->behoerde_id, neu->sha256, &p, &len);
                if (rc == ERR_NOMEM)
                    rc = ERR_LIMIT;
                if (rc == ERR_OK)
                    rc = zipper_add(z, vv[d].datei, p, len);
                ds[d].version = &vv[d];
            }
            d++;
            vs[i].n_dokumente++;
        }
    }
    if (rc == ERR_OK && !x->uuid)
        rc = ERR_LIMIT;
    return rc;
}

struct abgabe_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t behoerde_id;
    const struct archiv_faellig *akten;
    size_t n;
    const char *kennung, *sha256;
    int64_t id;
};

static int
abgabe_tx(struct db_conn *c, void *ctx)
{
    struct abgabe_tx *t = ctx;
    char detail[64];
    struct aussonderung_row s = {.behoerde_id = t->behoerde_id,
                                 .art = "abgabe",
                                 .status = "exportiert",
                                 .nachricht_kennung = t->kennung,
                                 .sha256 = t->sha256,
                                 .konto_id = t->who->konto_id,
                                 .erstellt = t->u->jetzt};
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
    }
    snprintf(detail, sizeof(detail), "{\"art\":\"abgabe\",\"akten\":%zu}", t->n);
    if (rc == ERR_OK)
        rc = archiv_log(c, t->u, t->who, t->behoerde_id, "aussonderung_exportiert", "aussonderung",
                        s.id, detail);
    if (rc == ERR_OK)
        t->id = s.id;
    return rc;
}

int
archiv_abgabe(struct db_conn *c, const struct umfeld *u, const struct actor *who,
              int64_t behoerde_id, const int64_t *akten, size_t n, const char *xsd_pfad,
              struct buf *zip, char *dateiname, int64_t *aussonderung_id, struct feld_fehler *f,
              struct buf *err)
{
    struct archiv_faellig *alle = NULL, *wahl = NULL;
    size_t n_alle = 0, n_wahl = 0;
    struct zipper *z = NULL;
    struct buf xml = BUF_INIT(64u << 20), bytes = BUF_INIT(ARCHIV_ZIP_MAX);
    char kennung[XDOMEA_UUID_LEN + 1], xmlname[128], sha[65];
    uint8_t h[crypto_hash_sha256_BYTES];
    const char *absender = NULL, *absender_schluessel = NULL;
    int rc = archiv_darf(who, AUTHZ_AUSSONDERUNG_DURCHFUEHREN, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new((size_t)ARCHIV_ZIP_MAX + (64u << 20));
    if (!a)
        return ERR_NOMEM;
    rc = archiv_faellige(c, a, u, who, behoerde_id, &alle, &n_alle);
    if (rc == ERR_OK && !(wahl = arena_zalloc(a, (n_alle + 1) * sizeof(*wahl))))
        rc = ERR_NOMEM;
    if (rc == ERR_OK)
        rc = archiv_auswahl(alle, n_alle, akten, n, ist_ab, wahl, &n_wahl, f);
    if (rc == ERR_OK)
        rc = zipper_new(&z);
    struct xdomea_akte *xa = rc == ERR_OK ? arena_zalloc(a, (n_wahl + 1) * sizeof(*xa)) : NULL;
    if (rc == ERR_OK && !xa)
        rc = ERR_NOMEM;
    for (size_t i = 0; rc == ERR_OK && i < n_wahl; i++) {
        struct archiv_akte k;
        rc = store_archiv_akte_laden(c, a, wahl[i].akte.id, &k);
        if (rc != ERR_OK)
            break;
        rc = akte_bauen(c, a, u, &wahl[i], &k, z, &xa[i]);
        absender = k.behoerde_name;
        absender_schluessel = k.behoerde_schluessel;
    }
    zufalls_uuid(kennung);
    if (rc == ERR_OK) {
        struct xdomea_abgabe m = {.prozess_id = kennung,
                                  .erstellt = u->jetzt,
                                  .absender_name = absender,
                                  .absender_schluessel = absender_schluessel,
                                  .empfaenger_name = EMPFAENGER,
                                  .akten = xa,
                                  .n_akten = n_wahl};
        rc = xdomea_abgabe_schreiben(&m, &xml);
    }
    /* never hand out a message that the schema refuses (nor one we could not check) */
    if (rc == ERR_OK)
        rc = xdomea_validieren(xsd_pfad, xml.p, xml.len, err);
    xdomea_abgabe_dateiname(kennung, xmlname, sizeof(xmlname));
    if (rc == ERR_OK)
        rc = zipper_add(z, xmlname, xml.p, xml.len);
    if (rc == ERR_OK)
        rc = zipper_finish(z, &bytes);
    if (rc == ERR_OK) {
        crypto_hash_sha256(h, (const unsigned char *)bytes.p, bytes.len);
        schluessel_hex(h, sizeof(h), sha);
        struct abgabe_tx t = {u, who, behoerde_id, wahl, n_wahl, kennung, sha, 0};
        rc = db_tx(c, abgabe_tx, &t);
        if (rc == ERR_OK) {
            *aussonderung_id = t.id;
            snprintf(dateiname, 128, "%s_Aussonderung.Aussonderung.0503.zip", kennung);
            rc = buf_append(zip, bytes.p, bytes.len);
        }
    }
    zipper_free(z);
    buf_free(&xml);
    buf_free(&bytes);
    arena_free(a);
    return rc;
}

/* ---- the receipt ---- */

struct quittung_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct aussonderung_row *s;
    const struct aussonderung_objekt_row *objekte;
    const bool *loeschen;
    size_t n;
    int64_t n_geloescht;
};

static int
quittung_tx(struct db_conn *c, void *ctx)
{
    struct quittung_tx *t = ctx;
    int64_t changes = 0;
    char detail[64];
    t->n_geloescht = 0;
    int rc = store_archiv_aussonderung_quittieren(c, t->s->id, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    for (size_t i = 0; rc == ERR_OK && i < t->n; i++) {
        if (!t->loeschen[i])
            continue;
        rc = store_archiv_akte_inhalt_loeschen(c, t->s->behoerde_id, t->objekte[i].akte_id,
                                               t->u->jetzt);
        if (rc == ERR_OK)
            rc = archiv_log(c, t->u, t->who, t->s->behoerde_id, "akte_ausgesondert", "akte",
                            t->objekte[i].akte_id, NULL);
        t->n_geloescht++;
    }
    snprintf(detail, sizeof(detail), "{\"ausgesondert\":%lld}", (long long)t->n_geloescht);
    if (rc == ERR_OK)
        rc = archiv_log(c, t->u, t->who, t->s->behoerde_id, "aussonderung_quittiert",
                        "aussonderung", t->s->id, detail);
    return rc;
}

int
archiv_quittung(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                const char *xml, size_t len, const char *kennung, const char *xsd_pfad,
                int64_t *n_geloescht, struct buf *err)
{
    struct aussonderung_row s;
    struct aussonderung_objekt_row *obj = NULL;
    struct xdomea_quittung q = {0};
    size_t n = 0;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    struct arena *a = arena_new(16u << 20);
    if (!a)
        return ERR_NOMEM;
    int rc = store_archiv_aussonderung_get(c, a, id, &s, &obj, &n);
    if (rc == ERR_OK)
        rc = archiv_darf(who, AUTHZ_AUSSONDERUNG_DURCHFUEHREN, s.behoerde_id);
    if (rc == ERR_OK && (strcmp(s.art, "abgabe") != 0 || strcmp(s.status, "exportiert") != 0)) {
        RH_IGNORE(buf_puts(err, "Diese Aussonderung wartet auf keine Empfangsbestätigung.\n"));
        rc = ERR_CONFLICT;
    }
    if (rc == ERR_OK && xml)
        rc = xdomea_quittung_lesen(a, xml, len, xsd_pfad, &q, err);
    if (rc == ERR_OK && xml)
        kennung = q.prozess_id;
    if (rc == ERR_OK &&
        (!kennung || !s.nachricht_kennung || strcasecmp(kennung, s.nachricht_kennung) != 0)) {
        RH_IGNORE(buf_puts(err, "Die Nachricht bestätigt eine andere Aussonderung "
                                "(ProzessID / nachricht_kennung passt nicht).\n"));
        rc = ERR_INVALID;
    }
    bool *loeschen = rc == ERR_OK ? arena_zalloc(a, (n + 1) * sizeof(*loeschen)) : NULL;
    if (rc == ERR_OK && !loeschen)
        rc = ERR_NOMEM;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (!xml || q.nachrichtentyp == 507) {
            loeschen[i] = true;
            continue;
        }
        const char *uuid = objekt_uuid(a, u, "akte", s.behoerde_id, obj[i].akte_id);
        for (size_t j = 0; uuid && j < q.n; j++)
            if (strcasecmp(q.ids[j], uuid) == 0)
                loeschen[i] = q.erfolgreich[j];
    }
    if (rc == ERR_OK) {
        struct quittung_tx t = {u, who, &s, obj, loeschen, n, 0};
        rc = db_tx(c, quittung_tx, &t);
        if (rc == ERR_OK)
            *n_geloescht = t.n_geloescht;
    }
    arena_free(a);
    return rc;
}
