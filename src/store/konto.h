/* store/konto: SQL of accounts, their roles, the one-time links (invitation, e-mail
 * confirmation, password reset), login rate-limit counters and the server secret.
 *
 * Plain reads and writes, no rules: the domain (domain/konto.c, domain/mitarbeitende.c)
 * decides. Strings read are copied into the arena. Link tables are keyed by the hash of the
 * link's secret (domain/schluessel.h), never the secret. */
#ifndef RATHAUS_STORE_KONTO_H
#define RATHAUS_STORE_KONTO_H

#include "domain/konto.h"
#include "domain/mitarbeitende.h"

/* --- konto --- */
/* ERR_CONFLICT when the e-mail is taken. */
RH_MUST_CHECK int store_konto_insert(struct db_conn *c, const char *email, const char *art,
                                     const char *status, const char *passwort_hash, int64_t jetzt,
                                     int64_t *id);
/* Without roles. ERR_NOTFOUND. */
RH_MUST_CHECK int store_konto_get(struct db_conn *c, struct arena *a, int64_t id,
                                  struct konto *out);
RH_MUST_CHECK int store_konto_by_email(struct db_conn *c, struct arena *a, const char *email,
                                       struct konto *out);
RH_MUST_CHECK int store_konto_by_oidc(struct db_conn *c, struct arena *a, const char *issuer,
                                      const char *subject, struct konto *out);
RH_MUST_CHECK int store_konto_list(struct db_conn *c, struct arena *a, struct konto **out,
                                   size_t *n);
RH_MUST_CHECK int store_konto_set_status(struct db_conn *c, int64_t id, const char *status,
                                         int64_t jetzt);
RH_MUST_CHECK int store_konto_set_passwort(struct db_conn *c, int64_t id, const char *hash,
                                           int64_t jetzt);
/* ERR_CONFLICT when the e-mail is taken. */
RH_MUST_CHECK int store_konto_set_email(struct db_conn *c, int64_t id, const char *email,
                                        int64_t jetzt);
RH_MUST_CHECK int store_konto_set_totp(struct db_conn *c, int64_t id, const char *geheimnis,
                                       int64_t schritt, int64_t jetzt);
/* Record `schritt` as the last TOTP step used, only if it is later than the stored one.
 * *changed = false means the step was already used (a replay). */
RH_MUST_CHECK int store_konto_use_totp_schritt(struct db_conn *c, int64_t id, int64_t schritt,
                                               bool *changed);
RH_MUST_CHECK int store_konto_set_oidc(struct db_conn *c, int64_t id, const char *issuer,
                                       const char *subject, int64_t jetzt);
RH_MUST_CHECK int store_konto_delete(struct db_conn *c, int64_t id);

/* --- konto_rolle --- */
RH_MUST_CHECK int store_rolle_list(struct db_conn *c, struct arena *a, int64_t konto_id,
                                   struct rollen_zuordnung **out, size_t *n);
/* ERR_CONFLICT when the account already has exactly this role. */
RH_MUST_CHECK int store_rolle_insert(struct db_conn *c, int64_t konto_id,
                                     const struct rollen_zuordnung *z, int64_t jetzt);
/* Remove the account's roles in one authority; *n (may be NULL) gets how many. */
RH_MUST_CHECK int store_rolle_delete_behoerde(struct db_conn *c, int64_t konto_id,
                                              int64_t behoerde_id, int64_t *n);
RH_MUST_CHECK int store_rolle_count(struct db_conn *c, int64_t konto_id, int64_t *n);
/* Accounts with a role in the authority, by e-mail; each with its roles there. */
RH_MUST_CHECK int store_mitarbeitende_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                           struct mitarbeiter **out, size_t *n);
/* ERR_OK when the authority exists (and the office belongs to it, when oe_id > 0), and
 * kreis (when not NULL) exists; else ERR_NOTFOUND. */
RH_MUST_CHECK int store_konto_scope_exists(struct db_conn *c, int64_t behoerde_id, int64_t oe_id,
                                           const char *kreis_ags);

/* --- links --- */
RH_MUST_CHECK int store_einladung_insert(struct db_conn *c, const char *hash, int64_t behoerde_id,
                                         int64_t konto_id, int64_t jetzt, int64_t ablauf);
/* A valid (unused, unexpired) invitation. ERR_NOTFOUND. */
RH_MUST_CHECK int store_einladung_get(struct db_conn *c, const char *hash, int64_t jetzt,
                                      int64_t *konto_id, int64_t *behoerde_id);
/* Mark used; ERR_NOTFOUND when it was not valid any more (a race). */
RH_MUST_CHECK int store_einladung_einloesen(struct db_conn *c, const char *hash, int64_t jetzt);

RH_MUST_CHECK int store_bestaetigung_insert(struct db_conn *c, const char *hash, int64_t konto_id,
                                            const char *neue_email, int64_t jetzt, int64_t ablauf);
/* Read and delete a valid confirmation link. ERR_NOTFOUND. *neue_email NULL for none. */
RH_MUST_CHECK int store_bestaetigung_take(struct db_conn *c, struct arena *a, const char *hash,
                                          int64_t jetzt, int64_t *konto_id,
                                          const char **neue_email);

RH_MUST_CHECK int store_reset_insert(struct db_conn *c, const char *hash, int64_t konto_id,
                                     int64_t jetzt, int64_t ablauf);
/* The account of a valid reset link. ERR_NOTFOUND. */
RH_MUST_CHECK int store_reset_get(struct db_conn *c, const char *hash, int64_t jetzt,
                                  int64_t *konto_id);
/* Delete every reset link of the account. */
RH_MUST_CHECK int store_reset_delete_konto(struct db_conn *c, int64_t konto_id);

/* --- anmeldeversuch --- */
/* Counters of `key`; zeros when there is no row. */
RH_MUST_CHECK int store_versuch_get(struct db_conn *c, const char *key, int64_t *fehlversuche,
                                    int64_t *zuletzt, int64_t *gesperrt_bis);
RH_MUST_CHECK int store_versuch_set(struct db_conn *c, const char *key, int64_t fehlversuche,
                                    int64_t zuletzt, int64_t gesperrt_bis);
RH_MUST_CHECK int store_versuch_delete(struct db_conn *c, const char *key);

/* --- server secret --- */
/* Store `hex` under meta key `key` unless one is there; *out (in `a`) gets the stored one. */
RH_MUST_CHECK int store_meta_put_once(struct db_conn *c, struct arena *a, const char *key,
                                      const char *hex, const char **out);

/* --- OpenID Connect logins in progress --- */
RH_MUST_CHECK int store_oidc_insert(struct db_conn *c, const char *hash, const char *verifier,
                                    const char *nonce, int64_t jetzt);
/* Read and delete the login of state hash `hash` begun after `seit`; ERR_NOTFOUND. Also deletes
 * logins older than that. */
RH_MUST_CHECK int store_oidc_take(struct db_conn *c, struct arena *a, const char *hash,
                                  int64_t seit, const char **verifier, const char **nonce);

/* --- export --- */
/* The account's audit log entries as a JSON array (*out, new reference), oldest first, at
 * most 10,000. */
RH_MUST_CHECK int store_konto_protokoll_json(struct db_conn *c, int64_t konto_id, json_t **out);
/* The account's e-mails (outbox) as a JSON array. */
RH_MUST_CHECK int store_konto_post_json(struct db_conn *c, int64_t konto_id, json_t **out);
/* Delete the account's e-mails from the outbox. */
RH_MUST_CHECK int store_konto_post_delete(struct db_conn *c, int64_t konto_id);

#endif
