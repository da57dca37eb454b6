/* postfach: the citizen's mailbox — messages between an office and a citizen's account about
 * an application: receipts, questions (Rueckfrage), decisions (Bescheid), and the citizen's
 * replies; with attachments (blobs of the authority) and read/unread.
 *
 * Only the account that owns a mailbox reads it (the authz action AUTHZ_ANTRAG_LESEN on the
 * object {konto_id, behoerde_id}: the own-object rule); offices write into it through the
 * delivery API (domain/zustellung.h) and the submission (the receipt). Opening a message
 * to the citizen marks it read. Memory in the arena given; thread-safe. */
#ifndef RATHAUS_DOMAIN_POSTFACH_H
#define RATHAUS_DOMAIN_POSTFACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/antrag.h"

#define NACHRICHT_BETREFF_MAX 200
#define NACHRICHT_TEXT_MAX    20000

struct nachricht {
    int64_t id, behoerde_id, konto_id;
    int64_t antrag_id;    /* 0: none */
    const char *richtung; /* "an_buerger" or "an_behoerde" */
    const char *art;      /* "nachricht", "eingangsbestaetigung", "rueckfrage", "bescheid" */
    const char *betreff, *text;
    const char *behoerde_name;
    int64_t erstellt, gelesen; /* gelesen 0: unread */
    struct anlage *anlagen;
    size_t n_anlagen;
};

/* The own messages of `who`, newest first: those with id < vor_id (0: from the newest), at
 * most `limit` (1..100). *ungelesen counts the unread ones addressed to the citizen. */
RH_MUST_CHECK int postfach_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                 int64_t vor_id, int64_t limit, struct nachricht **out, size_t *n,
                                 int64_t *ungelesen);

/* One own message with its attachments; marks it read when it is addressed to the citizen.
 * ERR_NOTFOUND for another's or none. */
RH_MUST_CHECK int postfach_nachricht(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const struct actor *who, int64_t id, struct nachricht *out);

/* The bytes of attachment `sha256` of own message `id`. */
RH_MUST_CHECK int postfach_anlage(struct db_conn *c, struct arena *a, const struct actor *who,
                                  int64_t id, const char *sha256, struct anlage *out,
                                  const void **p, size_t *len);

/* The citizen writes to the office of own submitted application `antrag_id`. ERR_INVALID
 * (*fehler) for an empty or too long subject or text. *id (may be NULL) gets the message. */
RH_MUST_CHECK int postfach_schreiben(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const struct actor *who, int64_t antrag_id,
                                     const char *betreff, const char *text, int64_t *id,
                                     struct feld_fehler *fehler);

/* Put a message to the citizen into the mailbox of account `konto_id` (no authorization:
 * the caller decided). Inside the caller's transaction. */
RH_MUST_CHECK int postfach_an_buerger(struct db_conn *c, int64_t behoerde_id, int64_t konto_id,
                                      int64_t antrag_id, const char *art, const char *betreff,
                                      const char *text, int64_t jetzt, int64_t *id);

#endif
