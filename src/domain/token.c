#include "domain/token.h"

#include <stdio.h>
#include <string.h>

#include "domain/protokoll.h"
#include "store/db.h"
#include "store/sitzung.h"
#include "util/str.h"

struct erstellen {
    const struct umfeld *u;
    int64_t konto_id, actor_id;
    const char *name, *scope, *anfang, *hash;
    int64_t ablauf;
    int64_t id; /* out */
};

static int
erstellen_tx(struct db_conn *c, void *ctx)
{
    struct erstellen *e = ctx;
    char objekt[32], detail[128];
    int rc = store_token_insert(c, e->hash, e->konto_id, e->name, e->scope, e->anfang, e->u->jetzt,
                                e->ablauf, &e->id);
    if (rc != ERR_OK)
        return rc;
    snprintf(objekt, sizeof(objekt), "%lld", (long long)e->id);
    snprintf(detail, sizeof(detail), "{\"scope\":\"%s\",\"ablauf\":%lld,\"fuer_konto\":%lld}",
             e->scope, (long long)e->ablauf, (long long)e->konto_id);
    struct protokoll_eintrag p = {.konto_id = e->actor_id ? e->actor_id : e->konto_id,
                                  .aktion = "token_erstellt",
                                  .objekt_typ = "api_token",
                                  .objekt_id = objekt,
                                  .detail = detail};
    return protokoll_schreiben(c, e->u, &p);
}

int
token_erstellen(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
                int64_t konto_id, const char *name, const char *scope, int64_t tage,
                struct api_token *out, char geheim[TOKEN_TEXT_LEN + 1], struct feld_fehler *fehler)
{
    struct authz_object obj = {.konto_id = konto_id};
    char text[TOKEN_TEXT_LEN + 1], hash[SCHLUESSEL_HASH_LEN + 1], anfang[TOKEN_ANFANG_LEN + 4];
    int rc = authz_check(who, AUTHZ_TOKEN_ERSTELLEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (!scope || (strcmp(scope, "lesen") != 0 && strcmp(scope, "voll") != 0)) {
        *fehler = (struct feld_fehler){"scope", "Der Umfang (scope) ist „lesen“ oder „voll“."};
        return ERR_INVALID;
    }
    if (tage < 1 || tage > TOKEN_TAGE_MAX) {
        *fehler = (struct feld_fehler){"tage", "Die Gültigkeit ist 1 bis 366 Tage."};
        return ERR_INVALID;
    }
    if (!name || !*name)
        name = "API-Token";
    if (strlen(name) > TOKEN_NAME_MAX || !str_is_clean_utf8(name, strlen(name)) ||
        strchr(name, '\n') || strchr(name, '\r') || strchr(name, '\t')) {
        *fehler = (struct feld_fehler){"name", "Der Name ist zu lang (höchstens 100 Zeichen) "
                                               "oder enthält ungültige Zeichen."};
        return ERR_INVALID;
    }
    /* a read-only token cannot make a token that writes */
    if (who->is_read_only && strcmp(scope, "voll") == 0)
        return ERR_FORBIDDEN;
    rc = schluessel_neu(TOKEN_PREFIX, text, sizeof(text));
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(text, strlen(text), hash);
    memcpy(anfang, text, TOKEN_ANFANG_LEN);
    anfang[TOKEN_ANFANG_LEN] = '\0';

    struct erstellen e = {.u = u,
                          .konto_id = konto_id,
                          .actor_id = who->konto_id,
                          .name = name,
                          .scope = scope,
                          .anfang = anfang,
                          .hash = hash,
                          .ablauf = u->jetzt + tage * 86400};
    rc = db_tx(c, erstellen_tx, &e);
    if (rc != ERR_OK)
        return rc;
    out->id = e.id;
    out->konto_id = konto_id;
    out->name = arena_strdup(a, name);
    out->scope = arena_strdup(a, scope);
    out->anfang = arena_strdup(a, anfang);
    out->erstellt = u->jetzt;
    out->ablauf = e.ablauf;
    out->widerrufen = 0;
    out->zuletzt = 0;
    if (!out->name || !out->scope || !out->anfang)
        return ERR_NOMEM;
    memcpy(geheim, text, sizeof(text));
    return ERR_OK;
}

int
token_aufloesen(struct db_conn *c, const struct umfeld *u, const char *text, int64_t *konto_id,
                bool *is_read_only)
{
    char hash[SCHLUESSEL_HASH_LEN + 1];
    struct api_token t;
    struct arena *a;
    if (!text || !schluessel_is_wohlgeformt(TOKEN_PREFIX, text, strlen(text)))
        return ERR_UNAUTHORIZED;
    schluessel_hash(text, strlen(text), hash);
    a = arena_new(4096);
    if (!a)
        return ERR_NOMEM;
    int rc = store_token_by_hash(c, a, hash, &t);
    if (rc == ERR_NOTFOUND)
        rc = ERR_UNAUTHORIZED;
    if (rc == ERR_OK && (t.widerrufen != 0 || u->jetzt >= t.ablauf))
        rc = ERR_UNAUTHORIZED;
    if (rc == ERR_OK && u->jetzt - t.zuletzt >= 60)
        rc = store_token_touch(c, t.id, u->jetzt);
    if (rc == ERR_OK) {
        *konto_id = t.konto_id;
        *is_read_only = strcmp(t.scope, "voll") != 0;
    }
    arena_free(a);
    return rc;
}

int
token_liste(struct db_conn *c, struct arena *a, const struct actor *who, struct api_token **out,
            size_t *n)
{
    struct authz_object obj = {.konto_id = who ? who->konto_id : 0};
    int rc = authz_check(who, AUTHZ_TOKEN_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    return store_token_list(c, a, who->konto_id, out, n);
}

struct widerruf {
    const struct umfeld *u;
    const struct actor *who;
    int64_t id;
    struct arena *a;
};

static int
widerruf_tx(struct db_conn *c, void *ctx)
{
    struct widerruf *w = ctx;
    struct api_token t;
    char objekt[32];
    int rc = store_token_get(c, w->a, w->id, &t);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.konto_id = t.konto_id};
    rc = authz_check(w->who, AUTHZ_TOKEN_WIDERRUFEN, &obj);
    if (rc != ERR_OK || t.widerrufen != 0)
        return rc;
    rc = store_token_revoke(c, t.id, w->u->jetzt);
    if (rc != ERR_OK)
        return rc;
    snprintf(objekt, sizeof(objekt), "%lld", (long long)t.id);
    struct protokoll_eintrag p = {.konto_id = w->who->konto_id,
                                  .aktion = "token_widerrufen",
                                  .objekt_typ = "api_token",
                                  .objekt_id = objekt};
    return protokoll_schreiben(c, w->u, &p);
}

int
token_widerrufen(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id)
{
    struct widerruf w = {u, who, id, arena_new(4096)};
    if (!w.a)
        return ERR_NOMEM;
    /* no actor: 401 before anything is looked up */
    int rc = authz_check(who, AUTHZ_TOKEN_LESEN,
                         &(struct authz_object){.konto_id = who ? who->konto_id : 0});
    if (rc == ERR_OK)
        rc = db_tx(c, widerruf_tx, &w);
    arena_free(w.a);
    return rc;
}
