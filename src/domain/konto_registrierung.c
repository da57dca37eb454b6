/* konto_registrierung: registering a citizen account and confirming its address (see
 * domain/konto.h). */

#include <string.h>

#include <sodium.h>

#include "domain/konto_intern.h"
#include "domain/passwort.h"
#include "store/db.h"
#include "store/konto.h"

/* ---- register and confirm ------------------------------------------------------------- */

struct registrieren {
    struct arena *a;
    const struct umfeld *u;
    const char *email, *hash;
};

static int
registrieren_tx(struct db_conn *c, void *ctx)
{
    struct registrieren *r = ctx;
    struct konto k;
    char tok[SCHLUESSEL_TEXT_LEN + 1], th[SCHLUESSEL_HASH_LEN + 1];
    int64_t id;
    int rc = store_konto_by_email(c, r->a, r->email, &k);
    if (rc == ERR_OK) {
        /* registered already: tell the address, not the person at the keyboard */
        const char *text = arena_printf(
            r->a,
            "Guten Tag,\n\njemand hat versucht, mit dieser E-Mail-Adresse ein neues Konto bei "
            "rathaus anzulegen. Sie haben bereits ein Konto. Wenn Sie Ihr Passwort vergessen "
            "haben, können Sie es hier neu setzen:\n\n%s/konto/passwort-vergessen\n\nWenn Sie "
            "das nicht waren, müssen Sie nichts tun.\n",
            r->u->basis_url ? r->u->basis_url : "");
        if (!text)
            return ERR_NOMEM;
        return konto_mail(c, r->u, 0, k.id, r->email, "Ihr Konto bei rathaus", text);
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    rc = store_konto_insert(c, r->email, "buerger", "unbestaetigt", r->hash, r->u->jetzt, &id);
    if (rc != ERR_OK)
        return rc;
    struct rollen_zuordnung z = {.rolle = ROLLE_BUERGER};
    rc = store_rolle_insert(c, id, &z, r->u->jetzt);
    if (rc == ERR_OK)
        rc = schluessel_neu("", tok, sizeof(tok));
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(tok, strlen(tok), th);
    rc = store_bestaetigung_insert(c, th, id, NULL, r->u->jetzt, r->u->jetzt + KONTO_LINK_GUELTIG);
    if (rc != ERR_OK)
        return rc;
    const char *link = konto_link(r->a, r->u, "/konto/bestaetigen?t=", tok);
    const char *text =
        link ? arena_printf(r->a,
                            "Guten Tag,\n\nbitte bestätigen Sie Ihre E-Mail-Adresse für Ihr "
                            "neues Konto bei rathaus:\n\n%s\n\nDer Link gilt 48 Stunden. Wenn "
                            "Sie kein Konto angelegt haben, müssen Sie nichts tun.\n",
                            link)
             : NULL;
    if (!text)
        return ERR_NOMEM;
    rc = konto_mail(c, r->u, 0, id, r->email, "Bitte bestätigen Sie Ihre E-Mail-Adresse", text);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, r->u, 0, id, "konto_registriert", id, NULL);
    return rc;
}

int
konto_registrieren(struct db_conn *c, struct arena *a, const struct umfeld *u, const char *email,
                   const char *passwort, size_t pw_len, struct feld_fehler *fehler)
{
    const char *norm, *meldung;
    char hash[PASSWORT_HASH_MAX];
    int rc = konto_email_normalisieren(a, email, &norm, fehler);
    if (rc != ERR_OK)
        return rc;
    if (passwort_regeln(passwort, pw_len, &meldung) != ERR_OK)
        return konto_ungueltig(fehler, "passwort", meldung);
    rc = passwort_hash(passwort, pw_len, hash);
    if (rc != ERR_OK)
        return rc;
    struct registrieren r = {a, u, norm, hash};
    rc = db_tx(c, registrieren_tx, &r);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

struct bestaetigen {
    struct arena *a;
    const struct umfeld *u;
    const char *hash;
    int64_t konto_id;
};

static int
bestaetigen_tx(struct db_conn *c, void *ctx)
{
    struct bestaetigen *b = ctx;
    const char *neu = NULL;
    struct konto k, other;
    int rc = store_bestaetigung_take(c, b->a, b->hash, b->u->jetzt, &b->konto_id, &neu);
    if (rc == ERR_OK)
        rc = store_konto_get(c, b->a, b->konto_id, &k);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "gesperrt") == 0)
        return ERR_NOTFOUND;
    if (neu) {
        rc = store_konto_by_email(c, b->a, neu, &other);
        if (rc == ERR_OK)
            return ERR_CONFLICT;
        if (rc != ERR_NOTFOUND)
            return rc;
        rc = store_konto_set_email(c, k.id, neu, b->u->jetzt);
        if (rc == ERR_OK)
            rc = konto_protokoll(c, b->u, 0, k.id, "email_geaendert", k.id, NULL);
        return rc;
    }
    if (strcmp(k.status, "unbestaetigt") == 0) {
        rc = store_konto_set_status(c, k.id, "aktiv", b->u->jetzt);
        if (rc == ERR_OK)
            rc = konto_protokoll(c, b->u, 0, k.id, "email_bestaetigt", k.id, NULL);
    }
    return rc;
}

int
konto_bestaetigen(struct db_conn *c, const struct umfeld *u, const char *token, int64_t *konto_id)
{
    char hash[SCHLUESSEL_HASH_LEN + 1];
    if (!token || !schluessel_is_wohlgeformt("", token, strlen(token)))
        return ERR_NOTFOUND;
    schluessel_hash(token, strlen(token), hash);
    struct bestaetigen b = {arena_new(64 * 1024), u, hash, 0};
    if (!b.a)
        return ERR_NOMEM;
    int rc = db_tx(c, bestaetigen_tx, &b);
    arena_free(b.a);
    if (rc == ERR_OK)
        *konto_id = b.konto_id;
    return rc;
}
