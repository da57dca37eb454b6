/* postfach: the citizen's mailbox — messages between an office and a citizen's account about
 * an application: receipts, questions (Rueckfrage), decisions (Bescheid), and the citizen's
 * replies; with attachments (blobs of the authority) and read/unread.
 *
 * Only the account that owns a mailbox reads and writes it here (the authz actions
 * AUTHZ_POSTFACH_LESEN / _SCHREIBEN on the object {konto_id}: the own-object rule); offices
 * read the messages of their applications and write into the mailbox through the delivery API
 * (domain/zustellung.h), and the submission puts the receipt there, with its PDF attached.
 * A citizen's message may carry up to POSTFACH_MAX_DATEIEN files, checked like application
 * attachments (size, type by content with libmagic) and stored as blobs of the authority.
 * Opening a message to the citizen marks it read. Memory in the arena given; thread-safe. */
#ifndef RATHAUS_DOMAIN_POSTFACH_H
#define RATHAUS_DOMAIN_POSTFACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/antrag.h"

#define NACHRICHT_BETREFF_MAX 200
#define NACHRICHT_TEXT_MAX    20000
#define POSTFACH_MAX_DATEIEN  10
#define POSTFACH_DATEI_MAX    (5 * 1024 * 1024) /* a citizen's file, as a form's default */

/* A file sent with a message: bytes p[0..len) named `dateiname` (all borrowed). */
struct nachricht_datei {
    const char *dateiname;
    const void *p;
    size_t len;
};

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

/* ERR_OK when `who` may write to the office of application `antrag_id` (own and
 * submitted); else ERR_NOTFOUND / ERR_FORBIDDEN / ERR_UNAUTHORIZED, or ERR_CONFLICT for a
 * draft. Faces ask this before they read a request body. */
RH_MUST_CHECK int postfach_darf_schreiben(struct db_conn *c, struct arena *a,
                                          const struct actor *who, int64_t antrag_id);

/* The application a reply to own message `nachricht_id` is about (*antrag_id) and a subject
 * for it ("Antwort: " + the message's), after the same checks. ERR_NOTFOUND also for a
 * message about no application. */
RH_MUST_CHECK int postfach_antwort_ziel(struct db_conn *c, struct arena *a, const struct actor *who,
                                        int64_t nachricht_id, int64_t *antrag_id,
                                        const char **betreff);

/* The citizen writes to the office of own submitted application `antrag_id`, with
 * dateien[0..n_dateien) attached. ERR_INVALID (*fehler) for an empty or too long subject or
 * text, an empty file, a bad name or a type other than PDF, JPEG or PNG (by
 * content; `e` may be NULL); ERR_LIMIT (*fehler) for more than POSTFACH_MAX_DATEIEN files or
 * one larger than POSTFACH_DATEI_MAX. Nothing is stored then. *id (may be NULL) gets the
 * message. */
RH_MUST_CHECK int postfach_schreiben(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     struct einreichung *e, const struct actor *who,
                                     int64_t antrag_id, const char *betreff, const char *text,
                                     const struct nachricht_datei *dateien, size_t n_dateien,
                                     int64_t *id, struct feld_fehler *fehler);

/* Check files for a message: each named, not empty, at most `max` bytes, of a
 * type in `typen` (NULL-terminated media types) by content. *out (in the arena) gets one
 * attachment row per file (sha256, name, type, size). Errors as postfach_schreiben(). */
RH_MUST_CHECK int postfach_dateien_pruefen(struct arena *a, struct einreichung *e,
                                           const char *const *typen, size_t max,
                                           const struct nachricht_datei *dateien, size_t n_dateien,
                                           struct anlage **out, struct feld_fehler *fehler);

/* Put a message to the citizen into the mailbox of account `konto_id` (no authorization:
 * the caller decided). Inside the caller's transaction. */
RH_MUST_CHECK int postfach_an_buerger(struct db_conn *c, int64_t behoerde_id, int64_t konto_id,
                                      int64_t antrag_id, const char *art, const char *betreff,
                                      const char *text, int64_t jetzt, int64_t *id);

#endif
