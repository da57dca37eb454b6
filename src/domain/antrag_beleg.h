/* antrag_beleg: the receipt PDF (Eingangsbestaetigung) as the attachment of the receipt
 * message in the citizen's mailbox.
 *
 * A submission commits its receipt (number, time, hash, canonical content) and the receipt
 * message atomically (domain/antrag_einreichung.h). The PDF is made deterministically from
 * that stored receipt and the form version (formats/pdf_eingangsbestaetigung.h) — the same
 * bytes whenever it is made — and stored as a blob of the authority plus the message's
 * attachment. Making it costs milliseconds of CPU, so it is not done on the submission's
 * durable path but right after the commit by the queue's worker thread; a reader never sees the
 * message without it (postfach.h makes it on demand when it is not there yet), and after a
 * crash the next start makes what is missing. Making it twice stores it once. No
 * authorization here: callers have decided. Thread-safe. */
#ifndef RATHAUS_DOMAIN_ANTRAG_BELEG_H
#define RATHAUS_DOMAIN_ANTRAG_BELEG_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

struct db;
struct db_conn;

/* Make and store the receipt PDF of application `antrag_id` unless its receipt message has
 * an attachment already (or there is no receipt message: a draft, or no account). *neu (may
 * be NULL) tells whether one was stored now. Runs its own transaction on `c`. */
RH_MUST_CHECK int antrag_beleg_sicherstellen(struct db_conn *c, int64_t antrag_id, bool *neu);

/* Make every missing receipt PDF (at most 10,000 per call); *n (may be NULL) counts them.
 * Borrows a connection of `db`. */
RH_MUST_CHECK int antrag_belege_nachholen(struct db *db, int64_t *n);

#endif
