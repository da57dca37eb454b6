/* konto_anmeldung: logging in with password, the second factor of staff accounts, logging
 * out and the login through an OpenID provider (see domain/konto.h). */

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/konto_intern.h"
#include "domain/passwort.h"
#include "domain/totp.h"
#include "store/db.h"
#include "store/konto.h"
#include "store/sitzung.h"

/* ---- log in --------------------------------------------------------------------------- */

enum ausgang { AUSGANG_OK, AUSGANG_FALSCH, AUSGANG_UNBESTAETIGT, AUSGANG_GESPERRT };

struct anmelden {
    const struct umfeld *u;
    const char *key_email, *key_addr;
    const struct konto *k; /* NULL: unknown address */
    enum ausgang ausgang;
    const char *grund;
    const char *neuer_hash; /* re-hash with current parameters, or NULL */
    struct anmeldung *out;
};

static int
anmelden_tx(struct db_conn *c, void *ctx)
{
    struct anmelden *m = ctx;
    int64_t kid = m->k ? m->k->id : 0;
    char detail[96];
    int rc;
    if (m->ausgang != AUSGANG_OK) {
        rc = konto_versuch_fehler(c, m->u, m->key_email, KONTO_SPERRE_AB_EMAIL);
        if (rc == ERR_OK && m->key_addr)
            rc = konto_versuch_fehler(c, m->u, m->key_addr, KONTO_SPERRE_AB_HERKUNFT);
        snprintf(detail, sizeof(detail), "{\"grund\":\"%s\"}", m->grund);
        if (rc == ERR_OK)
            rc = konto_protokoll(c, m->u, 0, kid, "anmeldung_fehlgeschlagen", kid, detail);
        return rc;
    }
    rc = store_versuch_delete(c, m->key_email);
    if (rc == ERR_OK && m->neuer_hash)
        rc = store_konto_set_passwort(c, kid, m->neuer_hash, m->u->jetzt);
    bool zweiter = konto_is_personal(m->k);
    if (rc == ERR_OK)
        rc = sitzung_anlegen(c, m->u, kid, zweiter ? 1 : 0, m->out->sitzung);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, m->u, 0, kid, zweiter ? "anmeldung_passwort" : "anmeldung", kid,
                             "{\"verfahren\":\"passwort\"}");
    m->out->konto_id = kid;
    m->out->braucht_zweiten_faktor = zweiter;
    return rc;
}

int
konto_anmelden(struct db_conn *c, const struct umfeld *u, const char *email, const char *passwort,
               size_t pw_len, struct anmeldung *out)
{
    struct arena *a = arena_new(64 * 1024);
    const char *norm;
    char key_email[80], key_addr[80], neu[PASSWORT_HASH_MAX];
    bool gesperrt_e = false, gesperrt_a = false;
    struct konto k;
    struct anmelden m = {.u = u, .key_email = key_email, .out = out};
    int rc;

    memset(out, 0, sizeof(*out));
    if (!a)
        return ERR_NOMEM;
    rc = konto_email_normalisieren(a, email, &norm, NULL);
    if (rc != ERR_OK || !passwort || pw_len == 0 || pw_len > PASSWORT_MAX) {
        rc = rc == ERR_NOMEM ? rc : ERR_INVALID;
        goto out;
    }
    konto_versuch_key(u, 'e', norm, key_email);
    if (u->herkunft) {
        konto_versuch_key(u, 'a', u->herkunft, key_addr);
        m.key_addr = key_addr;
    }
    rc = konto_versuch_gesperrt(c, u, key_email, &gesperrt_e);
    if (rc == ERR_OK && m.key_addr)
        rc = konto_versuch_gesperrt(c, u, key_addr, &gesperrt_a);
    if (rc != ERR_OK)
        goto out;
    if (gesperrt_e || gesperrt_a) {
        rc = ERR_LIMIT;
        goto out;
    }
    rc = store_konto_by_email(c, a, norm, &k);
    if (rc != ERR_OK && rc != ERR_NOTFOUND)
        goto out;
    m.k = rc == ERR_OK ? &k : NULL;

    /* the same argon2id work whether or not the account exists */
    int pr = passwort_pruefen(m.k ? m.k->passwort_hash : NULL, passwort, pw_len);
    if (!m.k) {
        m.ausgang = AUSGANG_FALSCH;
        m.grund = "unbekannt";
    } else if (pr != ERR_OK) {
        m.ausgang = AUSGANG_FALSCH;
        m.grund = "passwort";
    } else if (strcmp(k.status, "unbestaetigt") == 0) {
        m.ausgang = AUSGANG_UNBESTAETIGT;
        m.grund = "unbestaetigt";
    } else if (strcmp(k.status, "aktiv") != 0) {
        m.ausgang = AUSGANG_GESPERRT;
        m.grund = "gesperrt";
    } else if (konto_is_personal(&k) && !k.totp_geheimnis) {
        m.ausgang = AUSGANG_GESPERRT;
        m.grund = "kein_zweiter_faktor";
    } else {
        m.ausgang = AUSGANG_OK;
        if (passwort_braucht_neu(k.passwort_hash) && passwort_hash(passwort, pw_len, neu) == ERR_OK)
            m.neuer_hash = neu;
    }
    rc = db_tx(c, anmelden_tx, &m);
    if (rc == ERR_OK && m.ausgang == AUSGANG_UNBESTAETIGT)
        rc = ERR_CONFLICT;
    else if (rc == ERR_OK && m.ausgang != AUSGANG_OK)
        rc = ERR_UNAUTHORIZED;
out:
    sodium_memzero(neu, sizeof(neu));
    if (rc != ERR_OK)
        sodium_memzero(out, sizeof(*out));
    arena_free(a);
    return rc;
}

struct faktor {
    const struct umfeld *u;
    const struct sitzung *s;
    const char *key;
    int64_t schritt; /* 0: wrong code */
    char *neu;
};

static int
faktor_tx(struct db_conn *c, void *ctx)
{
    struct faktor *f = ctx;
    bool changed = false;
    int rc;
    if (f->schritt > 0) {
        rc = store_konto_use_totp_schritt(c, f->s->konto_id, f->schritt, &changed);
        if (rc != ERR_OK)
            return rc;
    }
    if (!changed) {
        rc = konto_versuch_fehler(c, f->u, f->key, KONTO_SPERRE_AB_EMAIL);
        if (rc == ERR_OK)
            rc = konto_protokoll(c, f->u, 0, f->s->konto_id, "anmeldung_fehlgeschlagen",
                                 f->s->konto_id, "{\"grund\":\"totp\"}");
        f->schritt = 0;
        return rc;
    }
    rc = store_versuch_delete(c, f->key);
    if (rc == ERR_OK)
        rc = store_sitzung_delete(c, f->s->konto_id, f->s->id);
    if (rc == ERR_OK)
        rc = sitzung_anlegen(c, f->u, f->s->konto_id, 0, f->neu);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, f->u, 0, f->s->konto_id, "anmeldung", f->s->konto_id,
                             "{\"verfahren\":\"passwort+totp\"}");
    return rc;
}

int
konto_zweiter_faktor(struct db_conn *c, struct arena *a, const struct umfeld *u,
                     const char *sitzung, const char *code, char neu[SCHLUESSEL_TEXT_LEN + 1])
{
    struct sitzung s;
    struct konto k;
    char key[80], kid[24];
    bool gesperrt = false;
    int64_t schritt = 0;
    int rc = sitzung_aufloesen(c, a, u, sitzung, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.stufe != 1)
        return ERR_UNAUTHORIZED;
    rc = store_konto_get(c, a, s.konto_id, &k);
    if (rc == ERR_NOTFOUND)
        return ERR_UNAUTHORIZED;
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "aktiv") != 0 || !k.totp_geheimnis)
        return ERR_UNAUTHORIZED;
    konto_id_text(kid, k.id);
    konto_versuch_key(u, 't', kid, key);
    rc = konto_versuch_gesperrt(c, u, key, &gesperrt);
    if (rc != ERR_OK)
        return rc;
    if (gesperrt)
        return ERR_LIMIT;
    rc = totp_pruefen(k.totp_geheimnis, code, u->jetzt, k.totp_letzter_schritt, &schritt);
    if (rc == ERR_INVALID)
        return rc;
    struct faktor f = {u, &s, key, rc == ERR_OK ? schritt : 0, neu};
    rc = db_tx(c, faktor_tx, &f);
    if (rc == ERR_OK && f.schritt == 0)
        rc = ERR_UNAUTHORIZED;
    return rc;
}

int
konto_abmelden(struct db_conn *c, const struct umfeld *u, const char *sitzung)
{
    (void)u;
    return sitzung_beenden_wert(c, sitzung);
}

/* ---- external login ------------------------------------------------------------------- */

struct extern_anm {
    struct arena *a;
    const struct umfeld *u;
    const char *issuer, *subject, *email;
    bool verified;
    struct anmeldung *out;
    bool ok;
};

static int
extern_tx(struct db_conn *c, void *ctx)
{
    struct extern_anm *x = ctx;
    struct konto k;
    const char *norm = NULL;
    x->ok = false;
    int rc = store_konto_by_oidc(c, x->a, x->issuer, x->subject, &k);
    if (rc == ERR_NOTFOUND && x->verified && x->email &&
        konto_email_normalisieren(x->a, x->email, &norm, NULL) == ERR_OK) {
        rc = store_konto_by_email(c, x->a, norm, &k);
        if (rc == ERR_OK && (!konto_is_personal(&k) || k.oidc_issuer))
            rc = ERR_NOTFOUND; /* only staff, and only once: a linked account stays linked */
        if (rc == ERR_OK && strcmp(k.status, "gesperrt") != 0)
            rc = store_konto_set_oidc(c, k.id, x->issuer, x->subject, x->u->jetzt);
        if (rc == ERR_OK && strcmp(k.status, "unbestaetigt") == 0) {
            rc = store_konto_set_status(c, k.id, "aktiv", x->u->jetzt);
            k.status = "aktiv";
        }
    }
    if (rc == ERR_NOTFOUND || (rc == ERR_OK && strcmp(k.status, "aktiv") != 0)) {
        int64_t kid = rc == ERR_OK ? k.id : 0;
        return konto_protokoll(c, x->u, 0, kid, "anmeldung_fehlgeschlagen", kid,
                               "{\"grund\":\"oidc_kein_konto\"}");
    }
    if (rc != ERR_OK)
        return rc;
    rc = sitzung_anlegen(c, x->u, k.id, 0, x->out->sitzung);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, x->u, 0, k.id, "anmeldung", k.id, "{\"verfahren\":\"oidc\"}");
    x->out->konto_id = k.id;
    x->ok = rc == ERR_OK;
    return rc;
}

int
konto_anmelden_extern(struct db_conn *c, const struct umfeld *u, const char *issuer,
                      const char *subject, const char *email, bool email_verified,
                      struct anmeldung *out)
{
    struct extern_anm x = {arena_new(64 * 1024), u,   issuer, subject, email,
                           email_verified,       out, false};
    memset(out, 0, sizeof(*out));
    if (!x.a)
        return ERR_NOMEM;
    if (!issuer || !subject || !*issuer || !*subject) {
        arena_free(x.a);
        return ERR_UNAUTHORIZED;
    }
    int rc = db_tx(c, extern_tx, &x);
    arena_free(x.a);
    if (rc == ERR_OK && !x.ok)
        rc = ERR_UNAUTHORIZED;
    return rc;
}
