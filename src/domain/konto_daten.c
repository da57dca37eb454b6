/* konto_daten: the own account data — changing the password and the e-mail address, the
 * export of all data and deleting the account (see domain/konto.h). */

#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "domain/konto_intern.h"
#include "domain/passwort.h"
#include "store/db.h"
#include "store/konto.h"
#include "store/sitzung.h"

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
        rc =
            konto_mail(c, m->u, 0, m->k->id, m->k->email, "Ihr Passwort wurde geändert",
                       "Guten Tag,\n\ndas Passwort Ihres Kontos bei rathaus wurde soeben geändert. "
                       "Wenn Sie das nicht waren, setzen Sie es bitte sofort über „Passwort "
                       "vergessen“ neu.\n");
    if (rc == ERR_OK)
        rc = konto_protokoll(c, m->u, 0, m->k->id, "passwort_geaendert", m->k->id, NULL);
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
        return konto_ungueltig(fehler, pw_feld, "Das Passwort ist nicht richtig.");
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
        return konto_ungueltig(fehler, "passwort_alt",
                               "Bitte geben Sie Ihr bisheriges Passwort ein.");
    int rc =
        eigenes_konto(c, a, who, AUTHZ_KONTO_AENDERN, alt, alt_len, &k, fehler, "passwort_alt");
    if (rc != ERR_OK)
        return rc;
    if (passwort_regeln(neu, neu_len, &meldung) != ERR_OK)
        return konto_ungueltig(fehler, "passwort_neu", meldung);
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
        return konto_mail(
            c, m->u, 0, other.id, m->email, "Ihre E-Mail-Adresse bei rathaus",
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
    rc = konto_mail(c, m->u, 0, m->k->id, m->email, "Bitte bestätigen Sie Ihre neue E-Mail-Adresse",
                    text);
    if (rc == ERR_OK)
        rc = konto_mail(c, m->u, 0, m->k->id, m->k->email, "Änderung Ihrer E-Mail-Adresse",
                        "Guten Tag,\n\nfür Ihr Konto bei rathaus wurde eine neue E-Mail-Adresse "
                        "angegeben. Sie gilt, sobald sie bestätigt ist. Wenn Sie das nicht waren, "
                        "ändern Sie bitte sofort Ihr Passwort.\n");
    if (rc == ERR_OK)
        rc = konto_protokoll(c, m->u, 0, m->k->id, "email_aenderung_angefordert", m->k->id, NULL);
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
        return konto_ungueltig(fehler, "passwort", "Bitte geben Sie Ihr Passwort ein.");
    rc = eigenes_konto(c, a, who, AUTHZ_KONTO_AENDERN, passwort, pw_len, &k, fehler, "passwort");
    if (rc != ERR_OK)
        return rc;
    if (strcmp(norm, k.email) == 0)
        return konto_ungueltig(fehler, "email", "Das ist bereits Ihre E-Mail-Adresse.");
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
    int rc = konto_protokoll(c, l->u, 0, l->id, "konto_geloescht", l->id, NULL);
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
