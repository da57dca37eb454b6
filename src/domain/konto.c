#include "domain/konto.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/konto_intern.h"
#include "domain/passwort.h"
#include "domain/postausgang.h"
#include "domain/protokoll.h"
#include "domain/sitzung.h"
#include "domain/totp.h"
#include "store/db.h"
#include "store/konto.h"
#include "store/sitzung.h"
#include "util/str.h"

/* ---- small helpers -------------------------------------------------------------------- */

int
konto_geheimnis(struct db_conn *c, uint8_t out[32])
{
    uint8_t raw[32];
    char hex[65];
    const char *stored = NULL;
    struct arena *a = arena_new(1024);
    if (!a)
        return ERR_NOMEM;
    randombytes_buf(raw, sizeof(raw));
    schluessel_hex(raw, sizeof(raw), hex);
    int rc = store_meta_put_once(c, a, "server_geheimnis", hex, &stored);
    if (rc == ERR_OK)
        rc = schluessel_unhex(stored, out, 32) == ERR_OK ? ERR_OK : ERR_DB;
    sodium_memzero(raw, sizeof(raw));
    sodium_memzero(hex, sizeof(hex));
    arena_free(a);
    return rc;
}

const char *
konto_link(struct arena *a, const struct umfeld *u, const char *path, const char *token)
{
    return arena_printf(a, "%s%s%s", u->basis_url ? u->basis_url : "", path, token);
}

static int
fail(struct feld_fehler *f, const char *feld, const char *text)
{
    if (f) {
        f->feld = feld;
        f->text = text;
    }
    return ERR_INVALID;
}

static void
id_text(char out[24], int64_t id)
{
    snprintf(out, 24, "%lld", (long long)id);
}

static int
protokoll(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
          const char *aktion, int64_t objekt_konto, const char *detail)
{
    char objekt[24];
    id_text(objekt, objekt_konto);
    struct protokoll_eintrag e = {.behoerde_id = behoerde_id,
                                  .konto_id = konto_id,
                                  .aktion = aktion,
                                  .objekt_typ = objekt_konto ? "konto" : NULL,
                                  .objekt_id = objekt_konto ? objekt : NULL,
                                  .detail = detail};
    return protokoll_schreiben(c, u, &e);
}

static int
mail(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
     const char *an, const char *betreff, const char *text)
{
    struct nachricht_raus n = {behoerde_id, konto_id, an, betreff, text};
    return postausgang_einstellen(c, u, &n);
}

int
konto_email_normalisieren(struct arena *a, const char *email, const char **out,
                          struct feld_fehler *fehler)
{
    if (!email)
        return fail(fehler, "email", "Bitte geben Sie Ihre E-Mail-Adresse ein.");
    size_t len = strlen(email);
    while (len && (email[len - 1] == ' ' || email[len - 1] == '\t'))
        len--;
    while (len && (*email == ' ' || *email == '\t')) {
        email++;
        len--;
    }
    if (len == 0)
        return fail(fehler, "email", "Bitte geben Sie Ihre E-Mail-Adresse ein.");
    if (len > KONTO_EMAIL_MAX)
        return fail(fehler, "email", "Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen).");
    if (!str_is_clean_utf8(email, len))
        return fail(fehler, "email", "Die E-Mail-Adresse enthält ungültige Zeichen.");
    char *s = arena_strndup(a, email, len);
    if (!s)
        return ERR_NOMEM;
    size_t at = len, n_at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* no spaces, controls or characters that would end an address in a mail header */
        if (ch <= 0x20 || ch == 0x7f || strchr("<>()[]\\,;:\"", ch))
            return fail(fehler, "email", "Die E-Mail-Adresse enthält ungültige Zeichen.");
        if (ch >= 'A' && ch <= 'Z')
            s[i] = (char)(ch - 'A' + 'a');
        if (ch == '@') {
            at = i;
            n_at++;
        }
    }
    const char *dom = s + at + 1;
    if (n_at != 1 || at == 0 || at > 64 || !*dom || !strchr(dom, '.') || dom[0] == '.' ||
        s[len - 1] == '.' || strstr(dom, ".."))
        return fail(fehler, "email",
                    "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.de.");
    *out = s;
    return ERR_OK;
}

static bool
is_personal(const struct konto *k)
{
    return strcmp(k->art, "personal") == 0;
}

int
konto_actor(struct db_conn *c, struct arena *a, int64_t konto_id, bool is_read_only,
            struct actor *out)
{
    struct konto k;
    struct rollen_zuordnung *rollen;
    size_t n;
    int rc = store_konto_get(c, a, konto_id, &k);
    if (rc == ERR_NOTFOUND)
        return ERR_UNAUTHORIZED;
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "aktiv") != 0)
        return ERR_UNAUTHORIZED;
    rc = store_rolle_list(c, a, konto_id, &rollen, &n);
    if (rc != ERR_OK)
        return rc;
    *out = (struct actor){
        .konto_id = konto_id, .rollen = rollen, .n_rollen = n, .is_read_only = is_read_only};
    return ERR_OK;
}

int
konto_get(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
          struct konto *out)
{
    struct authz_object obj = {.konto_id = id};
    struct konto k;
    int rc = authz_check(who, AUTHZ_KONTO_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    rc = store_konto_get(c, a, id, &k);
    if (rc == ERR_OK)
        rc = store_rolle_list(c, a, id, &k.rollen, &k.n_rollen);
    if (rc == ERR_OK)
        *out = k;
    return rc;
}

/* ---- rate limits ---------------------------------------------------------------------- */

static void
versuch_key(const struct umfeld *u, char prefix, const char *what, char out[80])
{
    char h[SCHLUESSEL_HASH_LEN + 1];
    schluessel_hmac(u->geheimnis, what, strlen(what), h);
    snprintf(out, 80, "%c:%s", prefix, h);
}

/* *gesperrt = true while `key` is locked. */
static int
versuch_gesperrt(struct db_conn *c, const struct umfeld *u, const char *key, bool *gesperrt)
{
    int64_t fehl, zuletzt, bis;
    int rc = store_versuch_get(c, key, &fehl, &zuletzt, &bis);
    if (rc == ERR_OK)
        *gesperrt = bis > u->jetzt;
    return rc;
}

/* Count one failure of `key`; from the `schwelle`-th failure on, lock it for a time that
 * doubles with each further failure. Failures older than a day are forgotten. */
static int
versuch_fehler(struct db_conn *c, const struct umfeld *u, const char *key, int64_t schwelle)
{
    int64_t fehl, zuletzt, bis;
    int rc = store_versuch_get(c, key, &fehl, &zuletzt, &bis);
    if (rc != ERR_OK)
        return rc;
    if (u->jetzt - zuletzt > 86400)
        fehl = 0;
    fehl++;
    if (fehl >= schwelle) {
        int64_t dauer = KONTO_SPERRE_BASIS;
        for (int64_t i = schwelle; i < fehl && dauer < KONTO_SPERRE_MAX; i++)
            dauer *= 2;
        if (dauer > KONTO_SPERRE_MAX)
            dauer = KONTO_SPERRE_MAX;
        bis = u->jetzt + dauer;
    }
    return store_versuch_set(c, key, fehl, u->jetzt, bis);
}

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
        return mail(c, r->u, 0, k.id, r->email, "Ihr Konto bei rathaus", text);
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
    rc = mail(c, r->u, 0, id, r->email, "Bitte bestätigen Sie Ihre E-Mail-Adresse", text);
    if (rc == ERR_OK)
        rc = protokoll(c, r->u, 0, id, "konto_registriert", id, NULL);
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
        return fail(fehler, "passwort", meldung);
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
            rc = protokoll(c, b->u, 0, k.id, "email_geaendert", k.id, NULL);
        return rc;
    }
    if (strcmp(k.status, "unbestaetigt") == 0) {
        rc = store_konto_set_status(c, k.id, "aktiv", b->u->jetzt);
        if (rc == ERR_OK)
            rc = protokoll(c, b->u, 0, k.id, "email_bestaetigt", k.id, NULL);
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
        rc = versuch_fehler(c, m->u, m->key_email, KONTO_SPERRE_AB_EMAIL);
        if (rc == ERR_OK && m->key_addr)
            rc = versuch_fehler(c, m->u, m->key_addr, KONTO_SPERRE_AB_HERKUNFT);
        snprintf(detail, sizeof(detail), "{\"grund\":\"%s\"}", m->grund);
        if (rc == ERR_OK)
            rc = protokoll(c, m->u, 0, kid, "anmeldung_fehlgeschlagen", kid, detail);
        return rc;
    }
    rc = store_versuch_delete(c, m->key_email);
    if (rc == ERR_OK && m->neuer_hash)
        rc = store_konto_set_passwort(c, kid, m->neuer_hash, m->u->jetzt);
    bool zweiter = is_personal(m->k);
    if (rc == ERR_OK)
        rc = sitzung_anlegen(c, m->u, kid, zweiter ? 1 : 0, m->out->sitzung);
    if (rc == ERR_OK)
        rc = protokoll(c, m->u, 0, kid, zweiter ? "anmeldung_passwort" : "anmeldung", kid,
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
    versuch_key(u, 'e', norm, key_email);
    if (u->herkunft) {
        versuch_key(u, 'a', u->herkunft, key_addr);
        m.key_addr = key_addr;
    }
    rc = versuch_gesperrt(c, u, key_email, &gesperrt_e);
    if (rc == ERR_OK && m.key_addr)
        rc = versuch_gesperrt(c, u, key_addr, &gesperrt_a);
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
    } else if (is_personal(&k) && !k.totp_geheimnis) {
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
        rc = versuch_fehler(c, f->u, f->key, KONTO_SPERRE_AB_EMAIL);
        if (rc == ERR_OK)
            rc = protokoll(c, f->u, 0, f->s->konto_id, "anmeldung_fehlgeschlagen", f->s->konto_id,
                           "{\"grund\":\"totp\"}");
        f->schritt = 0;
        return rc;
    }
    rc = store_versuch_delete(c, f->key);
    if (rc == ERR_OK)
        rc = store_sitzung_delete(c, f->s->konto_id, f->s->id);
    if (rc == ERR_OK)
        rc = sitzung_anlegen(c, f->u, f->s->konto_id, 0, f->neu);
    if (rc == ERR_OK)
        rc = protokoll(c, f->u, 0, f->s->konto_id, "anmeldung", f->s->konto_id,
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
    id_text(kid, k.id);
    versuch_key(u, 't', kid, key);
    rc = versuch_gesperrt(c, u, key, &gesperrt);
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
    versuch_key(v->u, 'r', v->email, key);
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
    rc = mail(c, v->u, 0, k.id, k.email, "Neues Passwort für rathaus", text);
    if (rc == ERR_OK)
        rc = protokoll(c, v->u, 0, k.id, "passwort_reset_angefordert", k.id, NULL);
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
    if (rc == ERR_OK && strcmp(k.status, "unbestaetigt") == 0 && !is_personal(&k))
        rc = store_konto_set_status(c, kid, "aktiv", z->u->jetzt);
    if (rc == ERR_OK)
        rc = protokoll(c, z->u, 0, kid, "passwort_zurueckgesetzt", kid, NULL);
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
        return fail(fehler, "passwort", meldung);
    schluessel_hash(token, strlen(token), th);
    int rc = passwort_hash(passwort, pw_len, hash);
    if (rc != ERR_OK)
        return rc;
    struct zuruecksetzen z = {a, u, th, hash};
    rc = db_tx(c, zuruecksetzen_tx, &z);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

struct aendern {
    struct arena *a;
    const struct umfeld *u;
    const struct konto *k;
    const char *hash;  /* new password hash, or NULL */
    const char *email; /* new e-mail, or NULL */
    int64_t sitzung_id;
};

static int
passwort_aendern_tx(struct db_conn *c, void *ctx)
{
    struct aendern *m = ctx;
    int rc = store_konto_set_passwort(c, m->k->id, m->hash, m->u->jetzt);
    if (rc == ERR_OK)
        rc = store_sitzung_delete_konto(c, m->k->id, m->sitzung_id);
    if (rc == ERR_OK)
        rc = mail(c, m->u, 0, m->k->id, m->k->email, "Ihr Passwort wurde geändert",
                  "Guten Tag,\n\ndas Passwort Ihres Kontos bei rathaus wurde soeben geändert. "
                  "Wenn Sie das nicht waren, setzen Sie es bitte sofort über „Passwort "
                  "vergessen“ neu.\n");
    if (rc == ERR_OK)
        rc = protokoll(c, m->u, 0, m->k->id, "passwort_geaendert", m->k->id, NULL);
    return rc;
}

/* Load the own account of `who` for a change, check `action` and the password. */
static int
eigenes_konto(struct db_conn *c, struct arena *a, const struct actor *who, enum authz_action action,
              const char *pw, size_t pw_len, struct konto *k, struct feld_fehler *fehler,
              const char *pw_feld)
{
    struct authz_object obj = {.konto_id = who ? who->konto_id : 0};
    int rc = authz_check(who, action, &obj);
    if (rc != ERR_OK)
        return rc;
    rc = store_konto_get(c, a, who->konto_id, k);
    if (rc != ERR_OK)
        return rc;
    if (pw && passwort_pruefen(k->passwort_hash, pw, pw_len) != ERR_OK)
        return fail(fehler, pw_feld, "Das Passwort ist nicht richtig.");
    return ERR_OK;
}

int
konto_passwort_aendern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                       const struct actor *who, const char *alt, size_t alt_len, const char *neu,
                       size_t neu_len, int64_t sitzung_id, struct feld_fehler *fehler)
{
    struct konto k;
    const char *meldung;
    char hash[PASSWORT_HASH_MAX];
    if (!alt || alt_len == 0)
        return fail(fehler, "passwort_alt", "Bitte geben Sie Ihr bisheriges Passwort ein.");
    int rc =
        eigenes_konto(c, a, who, AUTHZ_KONTO_AENDERN, alt, alt_len, &k, fehler, "passwort_alt");
    if (rc != ERR_OK)
        return rc;
    if (passwort_regeln(neu, neu_len, &meldung) != ERR_OK)
        return fail(fehler, "passwort_neu", meldung);
    rc = passwort_hash(neu, neu_len, hash);
    if (rc != ERR_OK)
        return rc;
    struct aendern m = {a, u, &k, hash, NULL, sitzung_id};
    rc = db_tx(c, passwort_aendern_tx, &m);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

static int
email_aendern_tx(struct db_conn *c, void *ctx)
{
    struct aendern *m = ctx;
    struct konto other;
    char tok[SCHLUESSEL_TEXT_LEN + 1], th[SCHLUESSEL_HASH_LEN + 1];
    int rc = store_konto_by_email(c, m->a, m->email, &other);
    if (rc == ERR_OK) {
        /* taken: the same answer as for a free address; the owner of it is told */
        return mail(c, m->u, 0, other.id, m->email, "Ihre E-Mail-Adresse bei rathaus",
                    "Guten Tag,\n\njemand wollte diese E-Mail-Adresse für ein anderes Konto bei "
                    "rathaus verwenden. Sie ist bereits Ihrem Konto zugeordnet; es wurde nichts "
                    "geändert.\n");
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    rc = schluessel_neu("", tok, sizeof(tok));
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(tok, strlen(tok), th);
    rc = store_bestaetigung_insert(c, th, m->k->id, m->email, m->u->jetzt,
                                   m->u->jetzt + KONTO_LINK_GUELTIG);
    if (rc != ERR_OK)
        return rc;
    const char *link = konto_link(m->a, m->u, "/konto/bestaetigen?t=", tok);
    const char *text =
        link ? arena_printf(m->a,
                            "Guten Tag,\n\nbitte bestätigen Sie Ihre neue E-Mail-Adresse für Ihr "
                            "Konto bei rathaus:\n\n%s\n\nErst danach melden Sie sich mit dieser "
                            "Adresse an. Der Link gilt 48 Stunden.\n",
                            link)
             : NULL;
    if (!text)
        return ERR_NOMEM;
    rc =
        mail(c, m->u, 0, m->k->id, m->email, "Bitte bestätigen Sie Ihre neue E-Mail-Adresse", text);
    if (rc == ERR_OK)
        rc = mail(c, m->u, 0, m->k->id, m->k->email, "Änderung Ihrer E-Mail-Adresse",
                  "Guten Tag,\n\nfür Ihr Konto bei rathaus wurde eine neue E-Mail-Adresse "
                  "angegeben. Sie gilt, sobald sie bestätigt ist. Wenn Sie das nicht waren, "
                  "ändern Sie bitte sofort Ihr Passwort.\n");
    if (rc == ERR_OK)
        rc = protokoll(c, m->u, 0, m->k->id, "email_aenderung_angefordert", m->k->id, NULL);
    return rc;
}

int
konto_email_aendern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                    const struct actor *who, const char *passwort, size_t pw_len,
                    const char *neue_email, struct feld_fehler *fehler)
{
    struct konto k;
    const char *norm;
    int rc = konto_email_normalisieren(a, neue_email, &norm, fehler);
    if (rc != ERR_OK)
        return rc;
    if (!passwort || pw_len == 0)
        return fail(fehler, "passwort", "Bitte geben Sie Ihr Passwort ein.");
    rc = eigenes_konto(c, a, who, AUTHZ_KONTO_AENDERN, passwort, pw_len, &k, fehler, "passwort");
    if (rc != ERR_OK)
        return rc;
    if (strcmp(norm, k.email) == 0)
        return fail(fehler, "email", "Das ist bereits Ihre E-Mail-Adresse.");
    struct aendern m = {a, u, &k, NULL, norm, 0};
    return db_tx(c, email_aendern_tx, &m);
}

/* ---- export and delete ---------------------------------------------------------------- */

static json_t *
str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *
konto_rollen_json(const struct rollen_zuordnung *r, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o =
            json_pack("{s:s, s:o, s:o, s:o}", "rolle", rolle_name(r[i].rolle), "behoerde_id",
                      r[i].behoerde_id ? json_integer(r[i].behoerde_id) : json_null(), "oe_id",
                      r[i].oe_id ? json_integer(r[i].oe_id) : json_null(), "kreis_ags",
                      str_or_null(r[i].kreis_ags));
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

int
konto_export(struct db_conn *c, struct arena *a, const struct actor *who, json_t **out)
{
    struct authz_object obj = {.konto_id = who ? who->konto_id : 0};
    struct konto k;
    struct sitzung *s;
    struct api_token *t;
    size_t n_s, n_t;
    json_t *doc = NULL, *sitz = NULL, *toks = NULL, *prot = NULL, *post = NULL;
    int rc = authz_check(who, AUTHZ_KONTO_EXPORT, &obj);
    if (rc != ERR_OK)
        return rc;
    rc = store_konto_get(c, a, who->konto_id, &k);
    if (rc == ERR_OK)
        rc = store_rolle_list(c, a, k.id, &k.rollen, &k.n_rollen);
    if (rc == ERR_OK)
        rc = store_sitzung_list(c, a, k.id, &s, &n_s);
    if (rc == ERR_OK)
        rc = store_token_list(c, a, k.id, &t, &n_t);
    if (rc == ERR_OK)
        rc = store_konto_protokoll_json(c, k.id, &prot);
    if (rc == ERR_OK)
        rc = store_konto_post_json(c, k.id, &post);
    if (rc != ERR_OK)
        goto out;
    rc = ERR_NOMEM;
    sitz = json_array();
    toks = json_array();
    for (size_t i = 0; sitz && i < n_s; i++) {
        json_t *o =
            json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "id", (json_int_t)s[i].id, "erstellt",
                      (json_int_t)s[i].erstellt, "zuletzt", (json_int_t)s[i].zuletzt, "ablauf",
                      (json_int_t)s[i].ablauf, "herkunft", str_or_null(s[i].herkunft), "geraet",
                      str_or_null(s[i].geraet));
        if (!o || json_array_append_new(sitz, o) != 0)
            goto out;
    }
    for (size_t i = 0; toks && i < n_t; i++) {
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:o}", "id", (json_int_t)t[i].id, "name",
                      t[i].name, "scope", t[i].scope, "anfang", t[i].anfang, "erstellt",
                      (json_int_t)t[i].erstellt, "ablauf", (json_int_t)t[i].ablauf, "widerrufen",
                      t[i].widerrufen ? json_integer(t[i].widerrufen) : json_null());
        if (!o || json_array_append_new(toks, o) != 0)
            goto out;
    }
    if (!sitz || !toks)
        goto out;
    doc = json_pack("{s:{s:I, s:s, s:s, s:s, s:I, s:I, s:b, s:b}, s:o, s:O, s:O, s:O, s:O}",
                    "konto", "id", (json_int_t)k.id, "email", k.email, "art", k.art, "status",
                    k.status, "erstellt", (json_int_t)k.erstellt, "geaendert",
                    (json_int_t)k.geaendert, "hat_passwort", k.passwort_hash != NULL, "hat_totp",
                    k.totp_geheimnis != NULL, "rollen", konto_rollen_json(k.rollen, k.n_rollen),
                    "sitzungen", sitz, "tokens", toks, "protokoll", prot, "nachrichten", post);
    if (doc) {
        *out = doc;
        rc = ERR_OK;
    }
out:
    json_decref(sitz);
    json_decref(toks);
    json_decref(prot);
    json_decref(post);
    return rc;
}

struct loeschen {
    const struct umfeld *u;
    int64_t id;
};

static int
loeschen_tx(struct db_conn *c, void *ctx)
{
    struct loeschen *l = ctx;
    /* the entry comes first: it keeps only the account number, which stays meaningful */
    int rc = protokoll(c, l->u, 0, l->id, "konto_geloescht", l->id, NULL);
    if (rc == ERR_OK)
        rc = store_konto_post_delete(c, l->id);
    if (rc == ERR_OK)
        rc = store_konto_delete(c, l->id); /* sessions, tokens, roles, links cascade */
    return rc;
}

int
konto_loeschen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
               const char *passwort, size_t pw_len, struct feld_fehler *fehler)
{
    struct konto k;
    struct arena *a = arena_new(64 * 1024);
    if (!a)
        return ERR_NOMEM;
    int rc =
        eigenes_konto(c, a, who, AUTHZ_KONTO_LOESCHEN, passwort, pw_len, &k, fehler, "passwort");
    if (rc == ERR_OK) {
        struct loeschen l = {u, k.id};
        rc = db_tx(c, loeschen_tx, &l);
    }
    arena_free(a);
    return rc;
}

/* ---- operator and invitations --------------------------------------------------------- */

int
konto_rolle_geben_tx(struct db_conn *c, struct arena *a, const struct umfeld *u, int64_t actor_id,
                     const char *email, const struct rollen_zuordnung *z, int64_t *konto_id,
                     const char **link)
{
    struct konto k;
    char tok[SCHLUESSEL_TEXT_LEN + 1], th[SCHLUESSEL_HASH_LEN + 1], detail[160];
    const char *art = z->rolle == ROLLE_BUERGER ? "buerger" : "personal";
    int64_t id;
    int rc = store_konto_scope_exists(c, z->behoerde_id, z->oe_id, z->kreis_ags);
    if (rc != ERR_OK)
        return rc;
    snprintf(detail, sizeof(detail),
             "{\"rolle\":\"%s\",\"behoerde_id\":%lld,\"oe_id\":%lld,\"kreis\":%s%s%s}",
             rolle_name(z->rolle), (long long)z->behoerde_id, (long long)z->oe_id,
             z->kreis_ags ? "\"" : "", z->kreis_ags ? z->kreis_ags : "null",
             z->kreis_ags ? "\"" : "");
    *link = NULL;
    rc = store_konto_by_email(c, a, email, &k);
    if (rc == ERR_OK) {
        if (strcmp(k.art, art) != 0)
            return ERR_CONFLICT;
        rc = store_rolle_insert(c, k.id, z, u->jetzt);
        if (rc == ERR_OK)
            rc = mail(c, u, z->behoerde_id, k.id, k.email, "Neue Rolle in rathaus",
                      "Guten Tag,\n\nIhrem Konto bei rathaus wurde eine neue Rolle "
                      "zugewiesen. Sie sehen sie nach der nächsten Anmeldung.\n");
        if (rc == ERR_OK)
            rc = protokoll(c, u, z->behoerde_id, actor_id, "rolle_zugewiesen", k.id, detail);
        if (rc == ERR_OK)
            *konto_id = k.id;
        return rc;
    }
    if (rc != ERR_NOTFOUND)
        return rc;
    rc = store_konto_insert(c, email, art, "unbestaetigt", NULL, u->jetzt, &id);
    if (rc == ERR_OK)
        rc = store_rolle_insert(c, id, z, u->jetzt);
    if (rc == ERR_OK)
        rc = schluessel_neu("", tok, sizeof(tok));
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(tok, strlen(tok), th);
    rc = store_einladung_insert(c, th, z->behoerde_id, id, u->jetzt,
                                u->jetzt + KONTO_EINLADUNG_GUELTIG);
    if (rc != ERR_OK)
        return rc;
    const char *l = konto_link(a, u, "/konto/einladung?t=", tok);
    const char *text =
        l ? arena_printf(a,
                         "Guten Tag,\n\nfür Sie wurde ein Konto bei rathaus angelegt. Bitte "
                         "legen Sie hier Ihr Passwort fest%s:\n\n%s\n\nDer Link gilt 7 Tage.\n",
                         strcmp(art, "personal") == 0
                             ? " und richten Sie den zweiten Faktor (Authenticator-App) ein"
                             : "",
                         l)
          : NULL;
    if (!text)
        return ERR_NOMEM;
    rc = mail(c, u, z->behoerde_id, id, email, "Ihr Zugang zu rathaus", text);
    if (rc == ERR_OK)
        rc = protokoll(c, u, 0, actor_id, "konto_angelegt", id, NULL);
    if (rc == ERR_OK)
        rc = protokoll(c, u, z->behoerde_id, actor_id, "rolle_zugewiesen", id, detail);
    if (rc == ERR_OK) {
        *konto_id = id;
        *link = l;
    }
    return rc;
}

struct anlegen {
    struct arena *a;
    const struct umfeld *u;
    int64_t actor_id;
    const char *email;
    struct rollen_zuordnung z;
    int64_t konto_id;
    const char *link;
};

static int
anlegen_tx(struct db_conn *c, void *ctx)
{
    struct anlegen *m = ctx;
    return konto_rolle_geben_tx(c, m->a, m->u, m->actor_id, m->email, &m->z, &m->konto_id,
                                &m->link);
}

int
konto_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
              const char *email, enum rolle rolle, int64_t behoerde_id, int64_t oe_id,
              const char *kreis_ags, int64_t *konto_id, const char **link,
              struct feld_fehler *fehler)
{
    const char *norm;
    int rc = authz_check(who, AUTHZ_BETRIEB_KONTEN, NULL);
    if (rc != ERR_OK)
        return rc;
    rc = konto_email_normalisieren(a, email, &norm, fehler);
    if (rc != ERR_OK)
        return rc;
    bool tenant = rolle == ROLLE_SACHBEARBEITUNG || rolle == ROLLE_BEHOERDENADMIN;
    if ((unsigned)rolle >= ROLLE_ANZAHL)
        return fail(fehler, "rolle", "Unbekannte Rolle.");
    if (tenant && behoerde_id <= 0)
        return fail(fehler, "behoerde", "Für diese Rolle ist eine Behörde anzugeben.");
    if (!tenant && (behoerde_id > 0 || oe_id > 0))
        return fail(fehler, "behoerde", "Diese Rolle gehört zu keiner Behörde.");
    if (kreis_ags && rolle != ROLLE_KOORDINATION)
        return fail(fehler, "kreis", "Nur die Koordination gehört zu einem Kreis.");
    if (kreis_ags && !str_is_digits(str_from(kreis_ags), 5))
        return fail(fehler, "kreis", "Ein Kreisschlüssel hat 5 Ziffern.");
    struct anlegen m = {a, u, who->konto_id, norm, {rolle, behoerde_id, oe_id, kreis_ags}, 0, NULL};
    rc = db_tx(c, anlegen_tx, &m);
    if (rc == ERR_OK) {
        *konto_id = m.konto_id;
        *link = m.link;
    }
    return rc;
}

struct zugang {
    const struct umfeld *u;
    int64_t actor_id, konto_id;
    const char *hash, *totp;
    const char *einladung; /* hash of the invitation used, or NULL */
    int64_t schritt;
};

static int
zugang_tx(struct db_conn *c, void *ctx)
{
    struct zugang *z = ctx;
    int rc = ERR_OK;
    if (z->einladung)
        rc = store_einladung_einloesen(c, z->einladung, z->u->jetzt);
    if (rc == ERR_OK)
        rc = store_konto_set_passwort(c, z->konto_id, z->hash, z->u->jetzt);
    if (rc == ERR_OK && z->totp)
        rc = store_konto_set_totp(c, z->konto_id, z->totp, z->schritt, z->u->jetzt);
    if (rc == ERR_OK)
        rc = store_konto_set_status(c, z->konto_id, "aktiv", z->u->jetzt);
    if (rc == ERR_OK)
        rc = store_sitzung_delete_konto(c, z->konto_id, 0);
    if (rc == ERR_OK)
        rc = protokoll(c, z->u, 0, z->actor_id ? z->actor_id : z->konto_id,
                       z->einladung ? "einladung_angenommen" : "zugang_gesetzt", z->konto_id,
                       z->totp ? "{\"totp\":true}" : "{\"totp\":false}");
    return rc;
}

int
konto_zugang_setzen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                    const struct actor *who, int64_t konto_id, const char *passwort, size_t pw_len,
                    const char **totp, struct feld_fehler *fehler)
{
    struct konto k;
    const char *meldung;
    char hash[PASSWORT_HASH_MAX], geheimnis[TOTP_GEHEIMNIS_LEN + 1];
    int rc = authz_check(who, AUTHZ_BETRIEB_KONTEN, NULL);
    if (rc != ERR_OK)
        return rc;
    if (passwort_regeln(passwort, pw_len, &meldung) != ERR_OK)
        return fail(fehler, "passwort", meldung);
    rc = store_konto_get(c, a, konto_id, &k);
    if (rc != ERR_OK)
        return rc;
    rc = passwort_hash(passwort, pw_len, hash);
    if (rc != ERR_OK)
        return rc;
    totp_geheimnis_neu(geheimnis);
    struct zugang z = {u, who->konto_id, konto_id, hash, is_personal(&k) ? geheimnis : NULL, NULL,
                       0};
    rc = db_tx(c, zugang_tx, &z);
    sodium_memzero(hash, sizeof(hash));
    if (rc == ERR_OK) {
        *totp = z.totp ? arena_strdup(a, geheimnis) : NULL;
        if (z.totp && !*totp)
            rc = ERR_NOMEM;
    }
    sodium_memzero(geheimnis, sizeof(geheimnis));
    return rc;
}

int
konto_einladung_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u, const char *token,
                      struct einladung *out)
{
    char th[SCHLUESSEL_HASH_LEN + 1];
    int64_t kid, bid;
    struct konto k;
    if (!token || !schluessel_is_wohlgeformt("", token, strlen(token)))
        return ERR_NOTFOUND;
    schluessel_hash(token, strlen(token), th);
    int rc = store_einladung_get(c, th, u->jetzt, &kid, &bid);
    if (rc == ERR_OK)
        rc = store_konto_get(c, a, kid, &k);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(k.status, "gesperrt") == 0)
        return ERR_NOTFOUND;
    *out = (struct einladung){kid, bid, k.email, is_personal(&k)};
    return ERR_OK;
}

int
konto_einladung_annehmen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                         const char *token, const char *passwort, size_t pw_len,
                         const char *totp_geheimnis, const char *code, struct feld_fehler *fehler)
{
    struct einladung e;
    const char *meldung;
    char th[SCHLUESSEL_HASH_LEN + 1], hash[PASSWORT_HASH_MAX];
    int64_t schritt = 0;
    int rc = konto_einladung_lesen(c, a, u, token, &e);
    if (rc != ERR_OK)
        return rc;
    if (passwort_regeln(passwort, pw_len, &meldung) != ERR_OK)
        return fail(fehler, "passwort", meldung);
    if (e.is_personal) {
        uint8_t key[64];
        size_t key_len = 0;
        if (!totp_geheimnis ||
            totp_base32_decode(totp_geheimnis, key, sizeof(key), &key_len) != ERR_OK ||
            key_len != TOTP_GEHEIMNIS_BYTES)
            return fail(fehler, "code",
                        "Die Einrichtung ist abgelaufen. Bitte laden Sie die "
                        "Seite neu.");
        sodium_memzero(key, sizeof(key));
        rc = totp_pruefen(totp_geheimnis, code, u->jetzt, 0, &schritt);
        if (rc == ERR_INVALID)
            return fail(fehler, "code",
                        "Bitte geben Sie den 6-stelligen Code aus Ihrer "
                        "Authenticator-App ein.");
        if (rc != ERR_OK)
            return fail(fehler, "code",
                        "Der Code ist nicht richtig. Bitte prüfen Sie die "
                        "Uhrzeit Ihres Geräts und versuchen Sie es erneut.");
    }
    schluessel_hash(token, strlen(token), th);
    rc = passwort_hash(passwort, pw_len, hash);
    if (rc != ERR_OK)
        return rc;
    struct zugang z = {u, 0, e.konto_id, hash, e.is_personal ? totp_geheimnis : NULL, th, schritt};
    rc = db_tx(c, zugang_tx, &z);
    sodium_memzero(hash, sizeof(hash));
    return rc;
}

int
konto_liste(struct db_conn *c, struct arena *a, const struct actor *who, struct konto **out,
            size_t *n)
{
    int rc = authz_check(who, AUTHZ_BETRIEB_KONTEN, NULL);
    if (rc != ERR_OK)
        return rc;
    rc = store_konto_list(c, a, out, n);
    for (size_t i = 0; rc == ERR_OK && i < *n; i++)
        rc = store_rolle_list(c, a, (*out)[i].id, &(*out)[i].rollen, &(*out)[i].n_rollen);
    return rc;
}

int
konto_finden(struct db_conn *c, struct arena *a, const struct actor *who, const char *email,
             struct konto *out)
{
    const char *norm;
    int rc = authz_check(who, AUTHZ_BETRIEB_KONTEN, NULL);
    if (rc != ERR_OK)
        return rc;
    rc = konto_email_normalisieren(a, email, &norm, NULL);
    if (rc != ERR_OK)
        return rc == ERR_INVALID ? ERR_NOTFOUND : rc;
    rc = store_konto_by_email(c, a, norm, out);
    if (rc == ERR_OK)
        rc = store_rolle_list(c, a, out->id, &out->rollen, &out->n_rollen);
    return rc;
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
        if (rc == ERR_OK && (!is_personal(&k) || k.oidc_issuer))
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
        return protokoll(c, x->u, 0, kid, "anmeldung_fehlgeschlagen", kid,
                         "{\"grund\":\"oidc_kein_konto\"}");
    }
    if (rc != ERR_OK)
        return rc;
    rc = sitzung_anlegen(c, x->u, k.id, 0, x->out->sitzung);
    if (rc == ERR_OK)
        rc = protokoll(c, x->u, 0, k.id, "anmeldung", k.id, "{\"verfahren\":\"oidc\"}");
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
