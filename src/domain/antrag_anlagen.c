/* antrag_anlagen: the attachments of an application — adding them to a draft with type and
 * size checks, removing and reading them (see domain/antrag.h). */

#include <string.h>

#include "domain/antrag_einreichung.h"
#include "domain/antrag_intern.h"
#include "store/antrag.h"
#include "store/db.h"

/* ---- attachments --------------------------------------------------------------------- */

/* Find datei field `id` anywhere in felder[0..n). */
static const struct formular_feld *
datei_feld(const struct formular_feld *felder, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++) {
        if (felder[i].typ == FORMULAR_DATEI && (!id || strcmp(felder[i].id, id) == 0))
            return &felder[i];
        if (felder[i].typ == FORMULAR_GRUPPE) {
            const struct formular_feld *g = datei_feld(felder[i].felder, felder[i].n_felder, id);
            if (g)
                return g;
        }
    }
    return NULL;
}

/* Whether any datei field allows `typ`; *max gets the largest size those allow. */
static bool
irgendwo_erlaubt(const struct formular_feld *felder, size_t n, const char *typ, int64_t *max)
{
    bool ok = false;
    for (size_t i = 0; i < n; i++) {
        if (felder[i].typ == FORMULAR_DATEI && antrag_typ_erlaubt(&felder[i], typ)) {
            ok = true;
            if (felder[i].max_groesse > *max)
                *max = felder[i].max_groesse;
        }
        if (felder[i].typ == FORMULAR_GRUPPE &&
            irgendwo_erlaubt(felder[i].felder, felder[i].n_felder, typ, max))
            ok = true;
    }
    return ok;
}

static const char *
typ_kurz(const char *t)
{
    return strcmp(t, "application/pdf") == 0 ? "PDF"
           : strcmp(t, "image/jpeg") == 0    ? "JPEG"
           : strcmp(t, "image/png") == 0     ? "PNG"
           : strcmp(t, "image/tiff") == 0    ? "TIFF"
           : strcmp(t, "text/plain") == 0    ? "Text"
                                             : t;
}

/* The name a file is kept under: the part after the last slash or backslash, clean UTF-8,
 * 1..ANTRAG_DATEINAME_MAX characters. NULL when none is left. */
static const char *
dateiname_sauber(struct arena *a, const char *name)
{
    if (!name)
        return NULL;
    const char *s = name;
    for (const char *q = name; *q; q++)
        if (*q == '/' || *q == '\\')
            s = q + 1;
    size_t n = strlen(s), k = 0;
    if (n == 0 || n > 4 * ANTRAG_DATEINAME_MAX || !str_is_clean_utf8(s, n) || memchr(s, '\n', n) ||
        memchr(s, '\r', n) || memchr(s, '\t', n) || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    if (k > ANTRAG_DATEINAME_MAX)
        return NULL;
    return arena_strndup(a, s, n);
}

struct anlage_tx {
    int64_t behoerde_id, antrag_id, jetzt;
    const struct anlage *al;
    const void *p;
    size_t len;
    bool konflikt;
    struct arena *a;
    struct anlage *neu; /* the stored attachment, read back in the same transaction */
};

static int
anlage_tx(struct db_conn *c, void *ctx)
{
    struct anlage_tx *t = ctx;
    int64_t changes = 0;
    t->konflikt = false;
    int rc = store_blob_put(c, t->behoerde_id, t->al->sha256, t->al->typ, t->p, t->len, t->jetzt);
    if (rc == ERR_OK)
        rc = store_anlage_insert(c, t->behoerde_id, t->antrag_id, t->al, t->jetzt, &changes);
    if (rc == ERR_OK && changes > 0) {
        rc = store_antrag_touch(c, t->antrag_id, t->jetzt, &changes);
        if (rc == ERR_OK && changes == 0) {
            t->konflikt = true;
            rc = ERR_CONFLICT; /* rolled back: no longer a draft */
        }
    }
    if (rc == ERR_OK)
        rc = store_anlage_get(c, t->a, t->antrag_id, t->al->sha256, t->neu);
    return rc;
}

int
antrag_anlage_hinzufuegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                          struct einreichung *e, const struct antrag_zugang *z, int64_t id,
                          const char *feld, const char *dateiname, const void *p, size_t len,
                          struct anlage *out, struct feld_fehler *fehler)
{
    struct antrag an;
    struct formular *f;
    char typ[128], sha[SCHLUESSEL_HASH_LEN + 1];
    int64_t max = 0, n = 0;
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc != ERR_OK)
        return rc;
    if (!antrag_ist_entwurf(&an))
        return ERR_CONFLICT;
    rc = antrag_formular(c, a, &an, &f);
    if (rc != ERR_OK)
        return rc;
    const char *name = dateiname_sauber(a, dateiname);
    if (!name) {
        *fehler = (struct feld_fehler){"datei", "Der Dateiname fehlt, ist zu lang oder enthält "
                                                "unzulässige Zeichen."};
        return ERR_INVALID;
    }
    if (len == 0) {
        *fehler = (struct feld_fehler){"datei", "Die Datei ist leer."};
        return ERR_INVALID;
    }
    if (len > ANTRAG_ANLAGE_MAX) {
        *fehler = (struct feld_fehler){"datei", "Die Datei ist größer als 16 MB."};
        return ERR_LIMIT;
    }
    const struct formular_feld *ziel = NULL;
    if (feld && *feld) {
        ziel = formular_is_id(feld) ? datei_feld(f->felder, f->n_felder, feld) : NULL;
        if (!ziel) {
            *fehler = (struct feld_fehler){"feld", "Das Formular hat kein Dateifeld dieses "
                                                   "Namens."};
            return ERR_INVALID;
        }
    } else if (!datei_feld(f->felder, f->n_felder, NULL)) {
        *fehler = (struct feld_fehler){"datei", "Dieses Formular nimmt keine Dateien an."};
        return ERR_INVALID;
    }
    rc = einreichung_dateityp(e, p, len, typ, sizeof(typ));
    if (rc != ERR_OK)
        return rc;
    bool erlaubt =
        ziel ? antrag_typ_erlaubt(ziel, typ) : irgendwo_erlaubt(f->felder, f->n_felder, typ, &max);
    if (ziel)
        max = ziel->max_groesse;
    if (!erlaubt) {
        const char *t = arena_printf(
            a, "Dateien vom Typ %s sind hier nicht erlaubt (erkannt am Inhalt). Erlaubt sind %s.",
            typ_kurz(typ),
            ziel && ziel->n_typen == 1 ? typ_kurz(ziel->typen[0]) : "PDF, JPEG oder PNG");
        *fehler = (struct feld_fehler){"datei", t ? t : "Dieser Dateityp ist nicht erlaubt."};
        return ERR_INVALID;
    }
    if ((int64_t)len > max) {
        const char *t =
            arena_printf(a, "Die Datei ist größer als %lld KB.", (long long)(max / 1024));
        *fehler = (struct feld_fehler){"datei", t ? t : "Die Datei ist zu groß."};
        return ERR_LIMIT;
    }
    schluessel_hash(p, len, sha);
    struct anlage al = {.sha256 = sha, .dateiname = name, .typ = typ, .groesse = (int64_t)len};
    rc = store_anlage_get(c, a, id, sha, out);
    if (rc == ERR_OK)
        return ERR_OK; /* the same bytes again: the attachment that is there */
    if (rc != ERR_NOTFOUND)
        return rc;
    rc = store_anlage_count(c, id, &n);
    if (rc != ERR_OK)
        return rc;
    if (n >= ANTRAG_MAX_ANLAGEN) {
        *fehler = (struct feld_fehler){"datei", "Ein Antrag hat höchstens 30 Anlagen."};
        return ERR_LIMIT;
    }
    struct anlage neu = {0};
    struct anlage_tx t = {an.behoerde_id, id, u->jetzt, &al, p, len, false, a, &neu};
    rc = db_tx(c, anlage_tx, &t);
    if (rc == ERR_OK)
        *out = neu;
    return rc;
}

struct entfernen_tx {
    int64_t id, jetzt;
    const char *sha256;
    int64_t changes;
};

static int
entfernen_tx(struct db_conn *c, void *ctx)
{
    struct entfernen_tx *t = ctx;
    int64_t touched = 0;
    int rc = store_antrag_touch(c, t->id, t->jetzt, &touched);
    if (rc == ERR_OK && touched == 0)
        return ERR_CONFLICT;
    if (rc == ERR_OK)
        rc = store_anlage_delete(c, t->id, t->sha256, &t->changes);
    if (rc == ERR_OK && t->changes == 0)
        rc = ERR_NOTFOUND; /* rolls the touch back */
    return rc;
}

int
antrag_anlage_entfernen(struct db_conn *c, const struct umfeld *u, const struct antrag_zugang *z,
                        int64_t id, const char *sha256)
{
    struct arena *a = arena_new(64 * 1024);
    struct antrag an;
    if (!a)
        return ERR_NOMEM;
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_STELLEN, &an);
    if (rc == ERR_OK && !antrag_ist_entwurf(&an))
        rc = ERR_CONFLICT;
    if (rc == ERR_OK) {
        struct entfernen_tx t = {id, u->jetzt, sha256, 0};
        rc = db_tx(c, entfernen_tx, &t);
    }
    arena_free(a);
    return rc;
}

int
antrag_anlagen(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
               struct anlage **out, size_t *n)
{
    struct antrag an;
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_anlage_list(c, a, id, out, n);
    return rc;
}

int
antrag_anlage_lesen(struct db_conn *c, struct arena *a, const struct antrag_zugang *z, int64_t id,
                    const char *sha256, struct anlage *out, const void **p, size_t *len)
{
    struct antrag an;
    int rc = antrag_zugriff(c, a, z, id, AUTHZ_ANTRAG_LESEN, &an);
    if (rc == ERR_OK)
        rc = store_anlage_get(c, a, id, sha256, out);
    if (rc == ERR_OK)
        rc = store_blob_get(c, a, an.behoerde_id, sha256, p, len);
    return rc;
}
