/* token: API tokens for programs (Authorization: Bearer rh_...).
 *
 * A token belongs to one account and acts with that account's roles, limited by its scope:
 * 'lesen' allows only actions that change nothing, 'voll' everything the roles allow. It has
 * an expiry (1 to TOKEN_TAGE_MAX days) and can be revoked. The token text is shown once, when
 * it is made; the database keeps its SHA-256 and its first characters (to tell tokens apart).
 * Creation and revocation are written to the audit log. Thread-safe. */
#ifndef RATHAUS_DOMAIN_TOKEN_H
#define RATHAUS_DOMAIN_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/schluessel.h"
#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define TOKEN_PREFIX     "rh_"
#define TOKEN_TEXT_LEN   (3 + SCHLUESSEL_TEXT_LEN)
#define TOKEN_TAGE_MAX   366
#define TOKEN_NAME_MAX   100
#define TOKEN_ANFANG_LEN 8

struct api_token {
    int64_t id;
    int64_t konto_id;
    const char *name;
    const char *scope; /* "lesen" or "voll" */
    const char *anfang;
    int64_t erstellt, ablauf;
    int64_t widerrufen; /* 0: not revoked */
    int64_t zuletzt;    /* 0: never used */
};

/* Make a token for account `konto_id` (TOKEN_ERSTELLEN on that account: the owner, or the
 * system actor) with `name` (may be NULL), scope "lesen" or "voll" and `tage` days of life.
 * *out describes it (in `a`), `geheim` receives the token text (shown once). ERR_INVALID with
 * *fehler for a bad scope, name or duration. */
RH_MUST_CHECK int token_erstellen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                  const struct actor *who, int64_t konto_id, const char *name,
                                  const char *scope, int64_t tage, struct api_token *out,
                                  char geheim[TOKEN_TEXT_LEN + 1], struct feld_fehler *fehler);

/* The account behind the bearer token `text`. ERR_UNAUTHORIZED for a malformed, unknown,
 * expired or revoked token (and for an account that is not active: checked by the caller via
 * konto_actor()). Notes the use (at most once a minute). */
RH_MUST_CHECK int token_aufloesen(struct db_conn *c, const struct umfeld *u, const char *text,
                                  int64_t *konto_id, bool *is_read_only);

/* The own tokens of `who` (TOKEN_LESEN), newest first, revoked ones included. */
RH_MUST_CHECK int token_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                              struct api_token **out, size_t *n);

/* Revoke the own token `id` (TOKEN_WIDERRUFEN). ERR_NOTFOUND for another's or none; revoking
 * twice is ERR_OK. */
RH_MUST_CHECK int token_widerrufen(struct db_conn *c, const struct umfeld *u,
                                   const struct actor *who, int64_t id);

#endif
