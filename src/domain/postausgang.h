/* postausgang: e-mail goes into the outbox table first, in the transaction of the change it
 * is about, and is sent from there by SMTP when one is configured (postausgang_senden), so a
 * rolled-back change sends nothing and a mail server that is down delays but loses nothing.
 * Tests read the table. Thread-safe. */
#ifndef RATHAUS_DOMAIN_POSTAUSGANG_H
#define RATHAUS_DOMAIN_POSTAUSGANG_H

#include <stddef.h>
#include <stdint.h>

#include "domain/umfeld.h"
#include "util/err.h"

struct db;
struct db_conn;

#define POSTAUSGANG_MAX_VERSUCHE 10

struct nachricht_raus {
    int64_t behoerde_id; /* 0: none */
    int64_t konto_id;    /* 0: none */
    const char *empfaenger, *betreff, *text;
};

/* Queue a message. Must run inside the caller's transaction. */
RH_MUST_CHECK int postausgang_einstellen(struct db_conn *c, const struct umfeld *u,
                                         const struct nachricht_raus *n);

/* SMTP settings for postausgang_senden (all borrowed). */
struct smtp_config {
    const char *url;      /* "smtp://host:25", "smtps://host:465" (libcurl syntax) */
    const char *absender; /* From address */
    const char *benutzer; /* may be NULL */
    const char *passwort; /* may be NULL */
};

/* Send up to `max` unsent messages through SMTP; each is marked sent, or its error and try
 * count noted (given up after POSTAUSGANG_MAX_VERSUCHE). *n_gesendet gets the count sent.
 * ERR_DB when the outbox cannot be read; SMTP failures are per message, not errors. */
RH_MUST_CHECK int postausgang_senden(struct db *db, const struct smtp_config *cfg, size_t max,
                                     int64_t jetzt, size_t *n_gesendet);

/* A background sender for `rathaus serve`: every `takt` seconds it sends what is in the
 * outbox (postausgang_senden, at most 100 at a time). Configured from the environment:
 * RATHAUS_SMTP_URL (none: *out = NULL and nothing runs), RATHAUS_SMTP_ABSENDER,
 * RATHAUS_SMTP_BENUTZER, RATHAUS_SMTP_PASSWORT. The caller owns the sender and stops it with
 * postausgang_sender_stop() (accepts NULL) before closing `db`. */
struct postausgang_sender;
RH_MUST_CHECK int postausgang_sender_start(struct db *db, unsigned takt,
                                           struct postausgang_sender **out);
void postausgang_sender_stop(struct postausgang_sender *s);

#endif
