/* konto_passwort: the forgotten password — the reset link and setting a new password with it
 * (see domain/konto.h). */

#include <string.h>

#include <sodium.h>

#include "domain/konto_intern.h"
#include "domain/passwort.h"
#include "store/db.h"
#include "store/konto.h"
#include "store/sitzung.h"

/* ---- passwords ------------------------------------------------------------------------ */

struct vergessen {
    struct arena *a;
    const struct umfeld *u;
    const char *email;
};

static int
vergessen_tx(struct db_conn *c, void *ctx)
{
    struct vergessen *v = ctx;
    struct konto k;
    char tok[SCHLUESSEL_TEXT_LEN + 1], th[SCHLUESSEL_HASH_LEN + 1];
    char key[80];
    int64_t n, zuletzt, bis;
    int rc = store_konto_by_email(c, v->a, v->email, &k);
    if (rc == ERR_NOTFOUND || (rc == ERR_OK && strcmp(k.status, "gesperrt") == 0))
        return ERR_OK; /* nothing to do, and nobody learns that */
    /* at most KONTO_RESET_PRO_STUNDE links an hour, so the form cannot flood a mailbox */
    konto_versuch_key(v->u, 'r', v->email, key);
    if (rc == ERR_OK)
        rc = store_versuch_get(c, key, &n, &zuletzt, &bis);
    if (rc != ERR_OK)
        return rc;
    if (v->u->jetzt - zuletzt >= 3600)
        n = 0;
    else if (n >= KONTO_RESET_PRO_STUNDE)
        return ERR_OK;
    rc = store_versuch_set(c, key, n + 1, n == 0 ? v->u->jetzt : zuletzt, 0);
    if (rc == ERR_OK)
        rc = schluessel_neu("", tok, sizeof(tok));
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(tok, strlen(tok), th);
    rc = store_reset_insert(c, th, k.id, v->u->jetzt, v->u->jetzt + KONTO_LINK_GUELTIG);
    if (rc != ERR_OK)
        return rc;
    const char *link = konto_link(v->a, v->u, "/konto/passwort-neu?t=", tok);
    const char *text =
        link ? arena_printf(v->a,
                            "Guten Tag,\n\nSie können hier ein neues Passwort für Ihr Konto bei "
                            "rathaus setzen:\n\n%s\n\nDer Link gilt 48 Stunden und nur einmal. "
                            "Wenn Sie das nicht angefordert haben, müssen Sie nichts tun.\n",
                            link)
             : NULL;
    if (!text)
        return ERR_NOMEM;
    rc = konto_mail(c, v->u, 0, k.id, k.email, "Neues Passwort für rathaus", text);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, v->u, 0, k.id, "passwort_reset_angefordert", k.id, NULL);
    return rc;
}

int
konto_passwort_vergessen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                         const char *email, struct feld_fehler *fehler)
{
    const char *norm;
    int rc = konto_email_normalisieren(a, email, &norm, fehler);
    if (rc != ERR_OK)
        return rc;
    struct vergessen v = {a, u, norm};
    return db_tx(c, vergessen_tx, &v);
}

int
konto_reset_gueltig(struct db_conn *c, const struct umfeld *u, const char *token)
{
    char th[SCHLUESSEL_HASH_LEN + 1];
    int64_t kid;
    if (!token || !schluessel_is_wohlgeformt("", token, strlen(token)))
        return ERR_NOTFOUND;
    schluessel_hash(token, strlen(token), th);
    return store_reset_get(c, th, u->jetzt, &kid);
}

struct zuruecksetzen {
    struct arena *a;
    const struct umfeld *u;
    const char *th, *hash;
};

static int
zuruecksetzen_tx(struct db_conn *c, void *ctx)
{
    struct zuruecksetzen *z = ctx;
    int64_t kid;
    struct konto k;
    int rc = store_reset_get(c, z->th, z->u->jetzt, &kid);
    if (rc == ERR_OK)
        rc = store_konto_get(c, z->a, kid, &k);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "gesperrt") == 0)
        return ERR_NOTFOUND;
    rc = store_konto_set_passwort(c, kid, z->hash, z->u->jetzt);
    if (rc == ERR_OK)
        rc = store_reset_delete_konto(c, kid);
    if (rc == ERR_OK)
        rc = store_sitzung_delete_konto(c, kid, 0);
    if (rc == ERR_OK && strcmp(k.status, "unbestaetigt") == 0 && !konto_is_personal(&k))
        rc = store_konto_set_status(c, kid, "aktiv", z->u->jetzt);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, z->u, 0, kid, "passwort_zurueckgesetzt", kid, NULL);
    return rc;
}

int
konto_passwort_zuruecksetzen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                             const char *token, const char *passwort, size_t pw_len,
                             struct feld_fehler *fehler)
{
    char th[SCHLUESSEL_HASH_LEN + 1], hash[PASSWORT_HASH_MAX];
    const char *meldung;
    if (!token || !schluessel_is_wohlgeformt("", token, strlen(token)))
        return ERR_NOTFOUND;
    if (passwort_regeln(passwort, pw_len, &meldung) != ERR_OK)
        return konto_ungueltig(fehler, "passwort", meldung);
    schluessel_hash(token, strlen(token), th);
    int rc = passwort_hash(passwort, pw_len, hash);
    if (rc != ERR_OK)
        return rc;
    struct zuruecksetzen z = {a, u, th, hash};
    rc = db_tx(c, zuruecksetzen_tx, &z);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}
