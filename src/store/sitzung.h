/* store/sitzung: SQL of login sessions (table sitzung) and API tokens (table api_token).
 * Keyed by the hash of the secret; no rules here (domain/sitzung.c, domain/token.c). */
#ifndef RATHAUS_STORE_SITZUNG_H
#define RATHAUS_STORE_SITZUNG_H

#include "domain/sitzung.h"
#include "domain/token.h"

RH_MUST_CHECK int store_sitzung_insert(struct db_conn *c, const char *hash, int64_t konto_id,
                                       int stufe, int64_t jetzt, int64_t ablauf,
                                       const char *herkunft, const char *geraet);
/* ERR_NOTFOUND when there is no session with this hash. */
RH_MUST_CHECK int store_sitzung_by_hash(struct db_conn *c, struct arena *a, const char *hash,
                                        struct sitzung *out);
RH_MUST_CHECK int store_sitzung_touch(struct db_conn *c, int64_t id, int64_t jetzt);
RH_MUST_CHECK int store_sitzung_delete_hash(struct db_conn *c, const char *hash);
/* Delete session `id` of account `konto_id`; ERR_NOTFOUND when there is none. */
RH_MUST_CHECK int store_sitzung_delete(struct db_conn *c, int64_t konto_id, int64_t id);
/* Delete every session of the account except `ausser` (0: all). */
RH_MUST_CHECK int store_sitzung_delete_konto(struct db_conn *c, int64_t konto_id, int64_t ausser);
/* Delete sessions idle since before `idle_vor` or past their absolute expiry. */
RH_MUST_CHECK int store_sitzung_delete_expired(struct db_conn *c, int64_t jetzt, int64_t idle_vor);
RH_MUST_CHECK int store_sitzung_list(struct db_conn *c, struct arena *a, int64_t konto_id,
                                     struct sitzung **out, size_t *n);

RH_MUST_CHECK int store_token_insert(struct db_conn *c, const char *hash, int64_t konto_id,
                                     const char *name, const char *scope, const char *anfang,
                                     int64_t jetzt, int64_t ablauf, int64_t *id);
/* ERR_NOTFOUND when no token has this hash. */
RH_MUST_CHECK int store_token_by_hash(struct db_conn *c, struct arena *a, const char *hash,
                                      struct api_token *out);
RH_MUST_CHECK int store_token_get(struct db_conn *c, struct arena *a, int64_t id,
                                  struct api_token *out);
RH_MUST_CHECK int store_token_list(struct db_conn *c, struct arena *a, int64_t konto_id,
                                   struct api_token **out, size_t *n);
RH_MUST_CHECK int store_token_revoke(struct db_conn *c, int64_t id, int64_t jetzt);
RH_MUST_CHECK int store_token_revoke_konto(struct db_conn *c, int64_t konto_id, int64_t jetzt);
RH_MUST_CHECK int store_token_touch(struct db_conn *c, int64_t id, int64_t jetzt);

#endif
