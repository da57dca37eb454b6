/* konto: accounts of citizens, businesses and staff, and what people do with their own
 * account — register, confirm the address, log in (password; staff also TOTP), reset and
 * change the password, change the e-mail address, export everything, delete the account —
 * and what the operator does: create accounts with a role (`rathaus konto create`), list them.
 *
 * Every use case runs in one database transaction (db_tx) together with its audit log
 * entries (domain/protokoll.h) and its e-mails (domain/postausgang.h), so that either all of
 * it happens or nothing. Use cases on an existing account take the actor and ask
 * authz_check(); the others (register, log in, forgotten password, links from e-mails) are
 * open to anyone and never reveal whether an e-mail address is registered: they answer the
 * same and send an e-mail to the address instead.
 *
 * Login attempts are limited per e-mail address (registered or not) and per client address:
 * past KONTO_SPERRE_AB_EMAIL / KONTO_SPERRE_AB_HERKUNFT failures within a day the key is
 * locked for KONTO_SPERRE_BASIS seconds, doubling with every further failure up to
 * KONTO_SPERRE_MAX. A successful login clears the e-mail key.
 *
 * Memory: results are allocated in the arena `a` and live until it is reset. Secrets handed
 * out (session ids, link tokens) are written to caller buffers; only hashes are stored.
 * Thread-safe: each call uses the connection it is given. */
#ifndef RATHAUS_DOMAIN_KONTO_H
#define RATHAUS_DOMAIN_KONTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/authz.h"
#include "domain/schluessel.h"
#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define KONTO_EMAIL_MAX          254
#define KONTO_SPERRE_AB_EMAIL    5
#define KONTO_SPERRE_AB_HERKUNFT 20
#define KONTO_SPERRE_BASIS       30
#define KONTO_SPERRE_MAX         3600
#define KONTO_LINK_GUELTIG       (48 * 3600)     /* confirmation and reset links */
#define KONTO_EINLADUNG_GUELTIG  (7 * 24 * 3600) /* invitations */
#define KONTO_RESET_PRO_STUNDE   3               /* reset links per account and hour */

struct konto {
    int64_t id;
    const char *email;          /* lower case */
    const char *art;            /* "buerger" or "personal" */
    const char *status;         /* "unbestaetigt", "aktiv" or "gesperrt" */
    const char *passwort_hash;  /* NULL: none; never leaves the domain */
    const char *totp_geheimnis; /* NULL: none; never leaves the domain */
    int64_t totp_letzter_schritt;
    const char *oidc_issuer, *oidc_subject;
    int64_t erstellt, geaendert;
    struct rollen_zuordnung *rollen;
    size_t n_rollen;
};

/* The installation's server secret (32 bytes), made on first use and kept in the database
 * (table meta), so that every process of an installation shares it. */
RH_MUST_CHECK int konto_geheimnis(struct db_conn *c, uint8_t out[32]);

/* Normalize and check an e-mail address: trimmed, lower case, valid UTF-8 without controls or
 * spaces, one '@' with text on both sides and a dot in the domain, at most KONTO_EMAIL_MAX
 * bytes. ERR_OK with *out in `a`; ERR_INVALID with *fehler (field "email"); ERR_NOMEM. */
RH_MUST_CHECK int konto_email_normalisieren(struct arena *a, const char *email, const char **out,
                                            struct feld_fehler *fehler);

/* Build the actor for account `konto_id` (roles loaded into `a`). ERR_UNAUTHORIZED when the
 * account does not exist or is not active. */
RH_MUST_CHECK int konto_actor(struct db_conn *c, struct arena *a, int64_t konto_id,
                              bool is_read_only, struct actor *out);

/* The account `id` as `who` may see it (KONTO_LESEN), with roles. */
RH_MUST_CHECK int konto_get(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                            struct konto *out);

/* Register a citizen account with e-mail and password. The account is 'unbestaetigt' until
 * the link in the confirmation e-mail is used. When the address is already registered
 * nothing is created and that address gets a notice instead; the result is the same ERR_OK.
 * ERR_INVALID with *fehler for bad input. */
RH_MUST_CHECK int konto_registrieren(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const char *email, const char *passwort, size_t pw_len,
                                     struct feld_fehler *fehler);

/* Use a confirmation link (account address, or the new address of a change). ERR_OK and
 * *konto_id; ERR_NOTFOUND for an unknown, used or expired token; ERR_CONFLICT when the new
 * address was taken meanwhile. */
RH_MUST_CHECK int konto_bestaetigen(struct db_conn *c, const struct umfeld *u, const char *token,
                                    int64_t *konto_id);

/* The outcome of a password login. */
struct anmeldung {
    int64_t konto_id;
    bool braucht_zweiten_faktor; /* the session is at stufe 1: konto_zweiter_faktor() next */
    char sitzung[SCHLUESSEL_TEXT_LEN + 1]; /* the new session's cookie value */
};

/* Log in with e-mail and password; creates a session (a new id every time). Staff accounts
 * get a session that waits for the second factor. Returns ERR_OK; ERR_UNAUTHORIZED for a
 * wrong address or password, an unconfirmed, locked or staff account without TOTP (the same
 * answer for all, after the same work); ERR_LIMIT while the e-mail or the client address is
 * locked after too many failures. Success and failure are written to the audit log. */
RH_MUST_CHECK int konto_anmelden(struct db_conn *c, const struct umfeld *u, const char *email,
                                 const char *passwort, size_t pw_len, struct anmeldung *out);

/* Second step of a staff login: check the TOTP `code` for the session `sitzung` (stufe 1),
 * end it and create a full session (new id) into neu. ERR_UNAUTHORIZED for a wrong or
 * replayed code or an unknown/expired session; ERR_LIMIT when locked; ERR_INVALID when the
 * code is not 6 digits. */
RH_MUST_CHECK int konto_zweiter_faktor(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       const char *sitzung, const char *code,
                                       char neu[SCHLUESSEL_TEXT_LEN + 1]);

/* Log out: end the session with cookie value `sitzung` (unknown ones are ignored). */
RH_MUST_CHECK int konto_abmelden(struct db_conn *c, const struct umfeld *u, const char *sitzung);

/* Forgotten password: when `email` belongs to an active or unconfirmed account, put a reset
 * link into the outbox, at most KONTO_RESET_PRO_STUNDE an hour. Always ERR_OK for a
 * well-formed address (ERR_INVALID otherwise). */
RH_MUST_CHECK int konto_passwort_vergessen(struct db_conn *c, struct arena *a,
                                           const struct umfeld *u, const char *email,
                                           struct feld_fehler *fehler);

/* True when `token` is a valid, unused reset link. Changes nothing. */
RH_MUST_CHECK int konto_reset_gueltig(struct db_conn *c, const struct umfeld *u, const char *token);

/* Set a new password through a reset link; the link is used up, every session of the account
 * ends, an unconfirmed address counts as confirmed (the link reached it). ERR_NOTFOUND for a
 * bad link; ERR_INVALID with *fehler for a password against the rules. */
RH_MUST_CHECK int konto_passwort_zuruecksetzen(struct db_conn *c, struct arena *a,
                                               const struct umfeld *u, const char *token,
                                               const char *passwort, size_t pw_len,
                                               struct feld_fehler *fehler);

/* Change the own password: the old one must match. Ends every other session of the account
 * (all but `sitzung_id`, 0 for none). ERR_INVALID with *fehler. */
RH_MUST_CHECK int konto_passwort_aendern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                         const struct actor *who, const char *alt, size_t alt_len,
                                         const char *neu, size_t neu_len, int64_t sitzung_id,
                                         struct feld_fehler *fehler);

/* Change the own e-mail address: the password must match; the new address gets a
 * confirmation link and becomes the login only when it is used; the old address is told.
 * ERR_INVALID with *fehler (also when the new address is taken: said as "cannot be used"). */
RH_MUST_CHECK int konto_email_aendern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                      const struct actor *who, const char *passwort, size_t pw_len,
                                      const char *neue_email, struct feld_fehler *fehler);

/* Everything stored about the own account as a JSON object (*out, a new reference): the
 * account, its roles, sessions, tokens (without secrets), its audit log entries and its
 * e-mails. */
RH_MUST_CHECK int konto_export(struct db_conn *c, struct arena *a, const struct actor *who,
                               json_t **out);

/* Roles as a JSON array of {rolle, behoerde_id, oe_id, kreis_ags}; NULL when out of memory. */
json_t *konto_rollen_json(const struct rollen_zuordnung *r, size_t n);

/* Delete the own account `who`: sessions, tokens, links, roles and e-mails go; the audit log
 * keeps its entries (with the account number only). Applications submitted to an authority
 * stay with it (later issues keep them by law). When `passwort` is not NULL it must match. */
RH_MUST_CHECK int konto_loeschen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                                 const char *passwort, size_t pw_len, struct feld_fehler *fehler);

/* --- invitations and the operator's account management ------------------------------------ */

/* What an invitation link is for (konto_einladung_lesen). */
struct einladung {
    int64_t konto_id;
    int64_t behoerde_id; /* 0: none */
    const char *email;
    bool is_personal; /* staff: must set up TOTP */
};

/* Create an account with one role (operator: `who` needs BETRIEB_KONTEN, i.e. the CLI's
 * system actor or an operator), status 'unbestaetigt', and an invitation link (into
 * `link`, an absolute URL in `a`, also sent by e-mail) to set the password. An existing
 * account just gets the role added (and no new link: *link = NULL). `behoerde_id` is needed
 * for sachbearbeitung and behoerdenadmin; `kreis_ags` is allowed for koordination only.
 * ERR_INVALID with *fehler; ERR_NOTFOUND for an unknown authority, office or district. */
RH_MUST_CHECK int konto_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                const struct actor *who, const char *email, enum rolle rolle,
                                int64_t behoerde_id, int64_t oe_id, const char *kreis_ags,
                                int64_t *konto_id, const char **link, struct feld_fehler *fehler);

/* Set the password of an account directly (operator, for scripts and tests: BETRIEB_KONTEN),
 * activating it; for a staff account also a TOTP secret, returned base32 in *totp (in `a`). */
RH_MUST_CHECK int konto_zugang_setzen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                      const struct actor *who, int64_t konto_id,
                                      const char *passwort, size_t pw_len, const char **totp,
                                      struct feld_fehler *fehler);

/* Read a valid invitation. ERR_NOTFOUND for an unknown, used or expired one. */
RH_MUST_CHECK int konto_einladung_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                        const char *token, struct einladung *out);

/* Take up an invitation: set the password (and for staff the TOTP secret `totp_geheimnis`,
 * proven by a current `code`), activate the account, use up the link. ERR_NOTFOUND for a bad
 * link; ERR_INVALID with *fehler. */
RH_MUST_CHECK int konto_einladung_annehmen(struct db_conn *c, struct arena *a,
                                           const struct umfeld *u, const char *token,
                                           const char *passwort, size_t pw_len,
                                           const char *totp_geheimnis, const char *code,
                                           struct feld_fehler *fehler);

/* All accounts with their roles, by id (operator: BETRIEB_KONTEN). */
RH_MUST_CHECK int konto_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                              struct konto **out, size_t *n);

/* The account with e-mail `email` (operator: BETRIEB_KONTEN). ERR_NOTFOUND. */
RH_MUST_CHECK int konto_finden(struct db_conn *c, struct arena *a, const struct actor *who,
                               const char *email, struct konto *out);

/* Log in through an external identity (OpenID Connect) already verified by domain/oidc.c:
 * the account linked to (issuer, subject), or else the active staff account with that
 * verified e-mail (which is then linked). Creates a full session. ERR_UNAUTHORIZED when no
 * account fits. Written to the audit log. */
RH_MUST_CHECK int konto_anmelden_extern(struct db_conn *c, const struct umfeld *u,
                                        const char *issuer, const char *subject, const char *email,
                                        bool email_verified, struct anmeldung *out);

#endif
