#include "domain/dokument.h"

#include <stdio.h>
#include <string.h>

#include "domain/antrag_einreichung.h"
#include "domain/protokoll.h"
#include "domain/schluessel.h"
#include "store/akte_suchtext.h"
#include "store/antrag.h"
#include "store/db.h"
#include "util/str.h"

static const char *const arten[] = {"eingang", "bescheid", "schreiben", "vermerk", "sonstiges"};

/* The media types a document may have (by content). */
static const char *const typen[] = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/tiff",
    "text/plain",
    "text/csv",
    "application/xml",
    "text/xml",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "message/rfc822",
};

bool
dokument_is_art(const char *art)
{
    for (size_t i = 0; art && i < sizeof(arten) / sizeof(arten[0]); i++)
        if (strcmp(art, arten[i]) == 0)
            return true;
    return false;
}

static bool
typ_erlaubt(const char *typ)
{
    for (size_t i = 0; i < sizeof(typen) / sizeof(typen[0]); i++)
        if (strcmp(typ, typen[i]) == 0)
            return true;
    return false;
}

bool
dokument_typ_hat_text(const char *typ)
{
    return typ && (strcmp(typ, "application/pdf") == 0 || strcmp(typ, "image/png") == 0 ||
                   strcmp(typ, "image/jpeg") == 0 || strcmp(typ, "image/tiff") == 0 ||
                   strcmp(typ, "text/plain") == 0 || strcmp(typ, "text/csv") == 0);
}

static size_t
zeichen(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

/* The last part of a path, clean UTF-8 without controls, quotes or backslashes, 1..max
 * characters, not "." or "..". NULL when none is left. */
static const char *
dateiname_sauber(struct arena *a, const char *name)
{
    if (!name)
        return NULL;
    const char *s = name;
    for (const char *q = name; *q; q++)
        if (*q == '/' || *q == '\\')
            s = q + 1;
    size_t n = strlen(s);
    if (n == 0 || n > 4 * DOKUMENT_DATEINAME_MAX || !str_is_clean_utf8(s, n) ||
        strpbrk(s, "\t\r\n\"") || strcmp(s, ".") == 0 || strcmp(s, "..") == 0 ||
        zeichen(s, n) > DOKUMENT_DATEINAME_MAX)
        return NULL;
    return arena_strndup(a, s, n);
}

static bool
titel_ok(const char *t)
{
    size_t n = strlen(t);
    return n > 0 && n <= 4 * DOKUMENT_TITEL_MAX && str_is_clean_utf8(t, n) &&
           !strpbrk(t, "\t\r\n") && zeichen(t, n) <= DOKUMENT_TITEL_MAX;
}

static int
protokoll(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
          const char *aktion, int64_t dokument_id, int64_t version)
{
    char oid[24], detail[64];
    snprintf(oid, sizeof(oid), "%lld", (long long)dokument_id);
    snprintf(detail, sizeof(detail), "{\"version\":%lld}", (long long)version);
    struct protokoll_eintrag e = {behoerde_id, konto_id, aktion,
                                  "dokument",  oid,      version > 0 ? detail : NULL};
    return protokoll_schreiben(c, u, &e);
}

/* Name, size and type of an upload; ERR_INVALID / ERR_LIMIT with *fehler. */
static int
datei_pruefen(struct arena *a, struct einreichung *e, const char *dateiname, const void *p,
              size_t len, const char **name, char *typ, size_t typ_len, struct feld_fehler *fehler)
{
    *name = dateiname_sauber(a, dateiname);
    if (!*name) {
        *fehler = (struct feld_fehler){"datei", "Der Dateiname fehlt, ist zu lang oder enthält "
                                                "unzulässige Zeichen."};
        return ERR_INVALID;
    }
    if (len == 0) {
        *fehler = (struct feld_fehler){"datei", "Die Datei ist leer."};
        return ERR_INVALID;
    }
    if (len > DOKUMENT_MAX_GROESSE) {
        *fehler = (struct feld_fehler){"datei", "Die Datei ist größer als 16 MB."};
        return ERR_LIMIT;
    }
    int rc = einreichung_dateityp(e, p, len, typ, typ_len);
    if (rc != ERR_OK)
        return rc;
    if (!typ_erlaubt(typ)) {
        const char *t = arena_printf(a,
                                     "Dateien vom Typ %s sind hier nicht erlaubt (erkannt am "
                                     "Inhalt). Erlaubt sind PDF, Bilder (PNG, JPEG, TIFF), "
                                     "Text, CSV, XML und Office-Dokumente.",
                                     typ);
        *fehler = (struct feld_fehler){"datei", t ? t : "Dieser Dateityp ist nicht erlaubt."};
        return ERR_INVALID;
    }
    return ERR_OK;
}

static bool
ist_offen(const struct amt_vorgang_kopf *k)
{
    return strcmp(k->status, "zda") != 0;
}

/* ---- writing ---------------------------------------------------------------------------- */

struct version_tx {
    const struct umfeld *u;
    const struct amt_vorgang_kopf *k;
    int64_t konto_id, dokument_id;
    const char *titel, *art; /* a new document when titel != NULL */
    bool is_final, protokollieren;
    struct dokument_version_row v;
    const void *p;
    size_t len;
    int64_t max_dokumente;
    /* optional: the stored rows read back in the same transaction (into `a`), so that the
     * caller either gets them or nothing was stored */
    struct arena *a;
    struct dokument_row *dok;
    struct dokument_version_row *ver;
};

static int
version_tx(struct db_conn *c, void *ctx)
{
    struct version_tx *t = ctx;
    const char *aktion = "dokument_version_angelegt";
    int64_t n = 0;
    int rc;

    if (t->titel) {
        aktion = "dokument_angelegt";
        if (t->max_dokumente > 0) {
            rc = store_dokument_count(c, t->k->behoerde_id, t->k->id, &n);
            if (rc != ERR_OK)
                return rc;
            if (n >= t->max_dokumente)
                return ERR_LIMIT;
        }
        rc = store_dokument_insert(c, t->k->behoerde_id, t->k->id, t->titel, t->art, t->konto_id,
                                   t->u->jetzt, &t->dokument_id);
        if (rc != ERR_OK)
            return rc;
        rc = akte_suchtext_setzen(c, t->k->behoerde_id, t->k->oe_id, "dokument", t->dokument_id,
                                  t->k->akte_id, t->k->id, t->titel, "", t->u->jetzt);
        if (rc != ERR_OK)
            return rc;
    }
    rc = store_dokument_naechste_version(c, t->dokument_id, t->u->jetzt, &t->v.version);
    if (rc != ERR_OK)
        return rc;
    if (t->v.version == 0 || t->v.version > DOKUMENT_MAX_VERSIONEN)
        return ERR_CONFLICT; /* final meanwhile, or full: rolls back */
    rc = store_blob_put(c, t->k->behoerde_id, t->v.sha256, t->v.typ, t->p, t->len, t->u->jetzt);
    if (rc != ERR_OK)
        return rc;
    t->v.behoerde_id = t->k->behoerde_id;
    t->v.dokument_id = t->dokument_id;
    t->v.groesse = (int64_t)t->len;
    t->v.konto_id = t->konto_id;
    t->v.erstellt = t->u->jetzt;
    rc =
        store_dokument_version_insert(c, &t->v, dokument_typ_hat_text(t->v.typ) ? "offen" : "ohne");
    if (rc == ERR_OK && t->is_final) {
        int64_t changes = 0;
        rc = store_dokument_final(c, t->dokument_id, t->u->jetzt, &changes);
    }
    if (rc == ERR_OK && t->protokollieren)
        rc = protokoll(c, t->u, t->k->behoerde_id, t->konto_id, aktion, t->dokument_id,
                       t->v.version);
    if (rc == ERR_OK && t->dok)
        rc = store_dokument_get(c, t->a, t->dokument_id, t->dok);
    if (rc == ERR_OK && t->ver)
        rc = store_dokument_version_get(c, t->a, t->dokument_id, t->v.version, t->ver);
    return rc;
}

int
dokument_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u, struct einreichung *e,
                 const struct actor *who, int64_t vorgang_id, const char *titel, const char *art,
                 const char *dateiname, const void *p, size_t len, struct dokument_row *out,
                 struct feld_fehler *fehler)
{
    struct amt_vorgang_kopf k;
    char typ[128], sha[SCHLUESSEL_HASH_LEN + 1];
    const char *name;
    int rc = amt_vorgang_zugriff(c, who, vorgang_id, AUTHZ_DOKUMENT_SCHREIBEN, &k);
    if (rc != ERR_OK)
        return rc;
    if (!ist_offen(&k)) {
        *fehler = (struct feld_fehler){"vorgang", "Der Vorgang ist zu den Akten verfügt."};
        return ERR_CONFLICT;
    }
    if (!art || !*art)
        art = "sonstiges";
    if (!dokument_is_art(art)) {
        *fehler = (struct feld_fehler){"art", "Die Art ist eingang, bescheid, schreiben, vermerk "
                                              "oder sonstiges."};
        return ERR_INVALID;
    }
    rc = datei_pruefen(a, e, dateiname, p, len, &name, typ, sizeof(typ), fehler);
    if (rc != ERR_OK)
        return rc;
    if (!titel || !*titel)
        titel = name;
    if (!titel_ok(titel)) {
        *fehler = (struct feld_fehler){"titel", "Der Titel hat höchstens 200 Zeichen, ohne "
                                                "Zeilenumbruch."};
        return ERR_INVALID;
    }
    schluessel_hash(p, len, sha);
    struct dokument_row neu = {0};
    struct version_tx t = {.u = u,
                           .k = &k,
                           .konto_id = who->konto_id,
                           .titel = titel,
                           .art = art,
                           .protokollieren = true,
                           .v = {.sha256 = sha, .dateiname = name, .typ = typ},
                           .p = p,
                           .len = len,
                           .max_dokumente = DOKUMENT_MAX_JE_VORGANG,
                           .a = a,
                           .dok = &neu};
    rc = db_tx(c, version_tx, &t);
    if (rc == ERR_LIMIT)
        *fehler = (struct feld_fehler){"datei", "Ein Vorgang hat höchstens 500 Dokumente."};
    if (rc == ERR_OK)
        *out = neu;
    return rc;
}

/* Load document `id` and decide `what` on its case. */
static int
zugriff(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
        enum authz_action what, struct dokument_row *d, struct amt_vorgang_kopf *k)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_dokument_get(c, a, id, d);
    if (rc == ERR_OK)
        rc = amt_vorgang_zugriff(c, who, d->vorgang_id, what, k);
    if (rc == ERR_OK && k->behoerde_id != d->behoerde_id)
        rc = ERR_NOTFOUND;
    return rc;
}

int
dokument_version_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                         struct einreichung *e, const struct actor *who, int64_t id,
                         const char *dateiname, const void *p, size_t len,
                         struct dokument_version_row *out, struct feld_fehler *fehler)
{
    struct dokument_row d;
    struct amt_vorgang_kopf k;
    char typ[128], sha[SCHLUESSEL_HASH_LEN + 1];
    const char *name;
    int rc = zugriff(c, a, who, id, AUTHZ_DOKUMENT_SCHREIBEN, &d, &k);
    if (rc != ERR_OK)
        return rc;
    if (!ist_offen(&k) || d.is_final || d.aktuelle_version >= DOKUMENT_MAX_VERSIONEN) {
        *fehler = (struct feld_fehler){
            "datei", !ist_offen(&k) ? "Der Vorgang ist zu den Akten verfügt."
                     : d.is_final   ? "Das Dokument ist als Endfassung markiert: keine weitere "
                                      "Version möglich."
                                    : "Ein Dokument hat höchstens 100 Versionen."};
        return ERR_CONFLICT;
    }
    rc = datei_pruefen(a, e, dateiname, p, len, &name, typ, sizeof(typ), fehler);
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(p, len, sha);
    struct dokument_version_row neu = {0};
    struct version_tx t = {.u = u,
                           .k = &k,
                           .konto_id = who->konto_id,
                           .dokument_id = id,
                           .protokollieren = true,
                           .v = {.sha256 = sha, .dateiname = name, .typ = typ},
                           .p = p,
                           .len = len,
                           .a = a,
                           .ver = &neu};
    rc = db_tx(c, version_tx, &t);
    if (rc == ERR_CONFLICT)
        *fehler = (struct feld_fehler){"datei", "Das Dokument ist inzwischen Endfassung."};
    if (rc == ERR_OK)
        *out = neu;
    return rc;
}

struct final_tx {
    const struct umfeld *u;
    int64_t behoerde_id, konto_id, id;
};

static int
final_tx(struct db_conn *c, void *ctx)
{
    struct final_tx *t = ctx;
    int64_t changes = 0;
    int rc = store_dokument_final(c, t->id, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes == 0)
        rc = ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = protokoll(c, t->u, t->behoerde_id, t->konto_id, "dokument_final", t->id, 0);
    return rc;
}

int
dokument_final_setzen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                      int64_t id)
{
    struct arena *a = arena_new(16 * 1024);
    struct dokument_row d;
    struct amt_vorgang_kopf k;
    if (!a)
        return ERR_NOMEM;
    int rc = zugriff(c, a, who, id, AUTHZ_DOKUMENT_SCHREIBEN, &d, &k);
    if (rc == ERR_OK && (!ist_offen(&k) || d.is_final || d.aktuelle_version == 0))
        rc = ERR_CONFLICT;
    if (rc == ERR_OK) {
        struct final_tx t = {u, k.behoerde_id, who->konto_id, id};
        rc = db_tx(c, final_tx, &t);
    }
    arena_free(a);
    return rc;
}

/* ---- reading ---------------------------------------------------------------------------- */

int
dokument_lesen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
               struct dokument_row *out, struct amt_vorgang_kopf *kopf)
{
    struct amt_vorgang_kopf k;
    int rc = zugriff(c, a, who, id, AUTHZ_DOKUMENT_LESEN, out, &k);
    if (rc == ERR_OK && kopf)
        *kopf = k;
    return rc;
}

int
dokument_darf_schreiben(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id)
{
    struct dokument_row d;
    struct amt_vorgang_kopf k;
    return zugriff(c, a, who, id, AUTHZ_DOKUMENT_SCHREIBEN, &d, &k);
}

int
dokument_liste(struct db_conn *c, struct arena *a, const struct actor *who, int64_t vorgang_id,
               int64_t after_id, int64_t limit, struct dokument_row **out, size_t *n)
{
    struct amt_vorgang_kopf k;
    int rc = amt_vorgang_zugriff(c, who, vorgang_id, AUTHZ_DOKUMENT_LESEN, &k);
    if (rc == ERR_OK)
        rc = store_dokument_list(c, a, k.behoerde_id, vorgang_id, after_id, limit, out, n);
    return rc;
}

int
dokument_versionen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                   struct dokument_version_row **out, size_t *n)
{
    struct dokument_row d;
    struct amt_vorgang_kopf k;
    int rc = zugriff(c, a, who, id, AUTHZ_DOKUMENT_LESEN, &d, &k);
    if (rc == ERR_OK)
        rc = store_dokument_versionen(c, a, id, out, n);
    return rc;
}

struct lesen_tx {
    const struct umfeld *u;
    int64_t behoerde_id, konto_id, id, version;
};

static int
lesen_tx(struct db_conn *c, void *ctx)
{
    struct lesen_tx *t = ctx;
    return protokoll(c, t->u, t->behoerde_id, t->konto_id, "dokument_gelesen", t->id, t->version);
}

int
dokument_inhalt(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
                int64_t id, int64_t version, struct dokument_version_row *out, const void **p,
                size_t *len)
{
    struct dokument_row d;
    struct amt_vorgang_kopf k;
    int rc = zugriff(c, a, who, id, AUTHZ_DOKUMENT_LESEN, &d, &k);
    if (rc == ERR_OK)
        rc = version > 0 ? store_dokument_version_get(c, a, id, version, out) : ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = store_blob_get(c, a, k.behoerde_id, out->sha256, p, len);
    if (rc == ERR_OK) {
        /* the entry commits with those of concurrent reads (protokoll_lesen) */
        struct lesen_tx t = {u, k.behoerde_id, who->konto_id, id, version};
        rc = db_tx_gruppe(c, lesen_tx, &t);
    }
    return rc;
}

int
dokument_ablegen(struct db_conn *c, const struct umfeld *u, int64_t konto_id,
                 const struct amt_vorgang_kopf *k, const char *titel, const char *art,
                 const char *dateiname, const char *typ, const void *p, size_t len, bool is_final,
                 int64_t *id)
{
    char sha[SCHLUESSEL_HASH_LEN + 1];
    if (!dokument_is_art(art) || !titel || !*titel || !dateiname || len == 0)
        return ERR_INVALID;
    schluessel_hash(p, len, sha);
    struct version_tx t = {.u = u,
                           .k = k,
                           .konto_id = konto_id,
                           .titel = titel,
                           .art = art,
                           .is_final = is_final,
                           .v = {.sha256 = sha, .dateiname = dateiname, .typ = typ},
                           .p = p,
                           .len = len};
    int rc = version_tx(c, &t);
    if (rc == ERR_OK)
        *id = t.dokument_id;
    return rc;
}
