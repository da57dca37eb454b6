#include "domain/konto.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "domain/konto_intern.h"
#include "domain/passwort.h"
#include "domain/totp.h"
#include "store/db.h"
#include "store/konto.h"
#include "store/sitzung.h"

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

int
konto_ungueltig(struct feld_fehler *f, const char *feld, const char *text)
{
    if (f) {
        f->feld = feld;
        f->text = text;
    }
    return ERR_INVALID;
}

void
konto_id_text(char out[24], int64_t id)
{
    snprintf(out, 24, "%lld", (long long)id);
}

int
konto_protokoll(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
                const char *aktion, int64_t objekt_konto, const char *detail)
{
    char objekt[24];
    konto_id_text(objekt, objekt_konto);
    struct protokoll_eintrag e = {.behoerde_id = behoerde_id,
                                  .konto_id = konto_id,
                                  .aktion = aktion,
                                  .objekt_typ = objekt_konto ? "konto" : NULL,
                                  .objekt_id = objekt_konto ? objekt : NULL,
                                  .detail = detail};
    return protokoll_schreiben(c, u, &e);
}

int
konto_mail(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id, int64_t konto_id,
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
        return konto_ungueltig(fehler, "email", "Bitte geben Sie Ihre E-Mail-Adresse ein.");
    size_t len = strlen(email);
    while (len && (email[len - 1] == ' ' || email[len - 1] == '\t'))
        len--;
    while (len && (*email == ' ' || *email == '\t')) {
        email++;
        len--;
    }
    if (len == 0)
        return konto_ungueltig(fehler, "email", "Bitte geben Sie Ihre E-Mail-Adresse ein.");
    if (len > KONTO_EMAIL_MAX)
        return konto_ungueltig(fehler, "email",
                               "Die E-Mail-Adresse ist zu lang (höchstens 254 Zeichen).");
    if (!str_is_clean_utf8(email, len))
        return konto_ungueltig(fehler, "email", "Die E-Mail-Adresse enthält ungültige Zeichen.");
    char *s = arena_strndup(a, email, len);
    if (!s)
        return ERR_NOMEM;
    size_t at = len, n_at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* no spaces, controls or characters that would end an address in a mail header */
        if (ch <= 0x20 || ch == 0x7f || strchr("<>()[]\\,;:\"", ch))
            return konto_ungueltig(fehler, "email",
                                   "Die E-Mail-Adresse enthält ungültige Zeichen.");
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
        return konto_ungueltig(
            fehler, "email",
            "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.de.");
    *out = s;
    return ERR_OK;
}

bool
konto_is_personal(const struct konto *k)
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

void
konto_versuch_key(const struct umfeld *u, char prefix, const char *what, char out[80])
{
    char h[SCHLUESSEL_HASH_LEN + 1];
    schluessel_hmac(u->geheimnis, what, strlen(what), h);
    snprintf(out, 80, "%c:%s", prefix, h);
}

/* *gesperrt = true while `key` is locked. */
int
konto_versuch_gesperrt(struct db_conn *c, const struct umfeld *u, const char *key, bool *gesperrt)
{
    int64_t fehl, zuletzt, bis;
    int rc = store_versuch_get(c, key, &fehl, &zuletzt, &bis);
    if (rc == ERR_OK)
        *gesperrt = bis > u->jetzt;
    return rc;
}

/* Count one failure of `key`; from the `schwelle`-th failure on, lock it for a time that
 * doubles with each further failure. Failures older than a day are forgotten. */
int
konto_versuch_fehler(struct db_conn *c, const struct umfeld *u, const char *key, int64_t schwelle)
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
            rc = konto_mail(c, u, z->behoerde_id, k.id, k.email, "Neue Rolle in rathaus",
                            "Guten Tag,\n\nIhrem Konto bei rathaus wurde eine neue Rolle "
                            "zugewiesen. Sie sehen sie nach der nächsten Anmeldung.\n");
        if (rc == ERR_OK)
            rc = konto_protokoll(c, u, z->behoerde_id, actor_id, "rolle_zugewiesen", k.id, detail);
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
    rc = konto_mail(c, u, z->behoerde_id, id, email, "Ihr Zugang zu rathaus", text);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, u, 0, actor_id, "konto_angelegt", id, NULL);
    if (rc == ERR_OK)
        rc = konto_protokoll(c, u, z->behoerde_id, actor_id, "rolle_zugewiesen", id, detail);
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
        return konto_ungueltig(fehler, "rolle", "Unbekannte Rolle.");
    if (tenant && behoerde_id <= 0)
        return konto_ungueltig(fehler, "behoerde", "Für diese Rolle ist eine Behörde anzugeben.");
    if (!tenant && (behoerde_id > 0 || oe_id > 0))
        return konto_ungueltig(fehler, "behoerde", "Diese Rolle gehört zu keiner Behörde.");
    if (kreis_ags && rolle != ROLLE_KOORDINATION)
        return konto_ungueltig(fehler, "kreis", "Nur die Koordination gehört zu einem Kreis.");
    if (kreis_ags && !str_is_digits(str_from(kreis_ags), 5))
        return konto_ungueltig(fehler, "kreis", "Ein Kreisschlüssel hat 5 Ziffern.");
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
        rc = konto_protokoll(c, z->u, 0, z->actor_id ? z->actor_id : z->konto_id,
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
        return konto_ungueltig(fehler, "passwort", meldung);
    rc = store_konto_get(c, a, konto_id, &k);
    if (rc != ERR_OK)
        return rc;
    rc = passwort_hash(passwort, pw_len, hash);
    if (rc != ERR_OK)
        return rc;
    totp_geheimnis_neu(geheimnis);
    struct zugang z = {
        u, who->konto_id, konto_id, hash, konto_is_personal(&k) ? geheimnis : NULL, NULL, 0};
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
    *out = (struct einladung){kid, bid, k.email, konto_is_personal(&k)};
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
        return konto_ungueltig(fehler, "passwort", meldung);
    if (e.is_personal) {
        uint8_t key[64];
        size_t key_len = 0;
        if (!totp_geheimnis ||
            totp_base32_decode(totp_geheimnis, key, sizeof(key), &key_len) != ERR_OK ||
            key_len != TOTP_GEHEIMNIS_BYTES)
            return konto_ungueltig(fehler, "code",
                                   "Die Einrichtung ist abgelaufen. Bitte laden Sie die "
                                   "Seite neu.");
        sodium_memzero(key, sizeof(key));
        rc = totp_pruefen(totp_geheimnis, code, u->jetzt, 0, &schritt);
        if (rc == ERR_INVALID)
            return konto_ungueltig(fehler, "code",
                                   "Bitte geben Sie den 6-stelligen Code aus Ihrer "
                                   "Authenticator-App ein.");
        if (rc != ERR_OK)
            return konto_ungueltig(fehler, "code",
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
