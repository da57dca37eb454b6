/* antrag_anonym: keeping anonymous drafts in bounds — a rate limit on starting them and the
 * cleanup of abandoned ones.
 *
 * Anyone may start an application without an account (domain/antrag.h); only the private
 * resume link reaches it. So that this cannot flood the database, each client address may
 * start at most ANTRAG_ANONYM_PRO_STUNDE anonymous drafts in an hour (counted under a keyed
 * hash of the address, 'd:' + HMAC, in the table of the login rate limits; the window starts
 * with the first draft). And an anonymous draft that nobody changed for
 * ANTRAG_ENTWURF_AUFBEWAHRUNG seconds (30 days) is deleted with its answers and attachments;
 * the attachments' blobs go too when no other row refers to them. Submitted applications and
 * drafts of an account are never touched. The server runs the cleanup in the background every
 * ANTRAG_AUFRAEUMEN_INTERVALL seconds (domain/antrag_einreichung.h), `rathaus aufraeumen` on
 * demand. Thread-safe; nothing is kept between calls. */
#ifndef RATHAUS_DOMAIN_ANTRAG_ANONYM_H
#define RATHAUS_DOMAIN_ANTRAG_ANONYM_H

#include <stdint.h>

#include "domain/umfeld.h"
#include "util/err.h"

struct db;
struct db_conn;

#define ANTRAG_ANONYM_PRO_STUNDE    20
#define ANTRAG_ENTWURF_AUFBEWAHRUNG (30 * 86400)
#define ANTRAG_AUFRAEUMEN_INTERVALL 3600

/* Count one anonymous draft of the client at u->herkunft (no limit when NULL: the CLI),
 * inside the caller's transaction. ERR_LIMIT when the address has started
 * ANTRAG_ANONYM_PRO_STUNDE already in the current hour; then *warten (may be NULL) gets the
 * seconds until it may again, and nothing is counted. */
RH_MUST_CHECK int antrag_anonym_zaehlen(struct db_conn *c, const struct umfeld *u, int64_t *warten);

/* Seconds until the client at u->herkunft may start an anonymous draft again (0: now), for a
 * Retry-After header after antrag_anlegen() answered ERR_LIMIT. */
RH_MUST_CHECK int antrag_anonym_warten(struct db_conn *c, const struct umfeld *u, int64_t *warten);

/* Delete the anonymous drafts last changed more than `alter` seconds before `jetzt`, in
 * batches of 100, each draft in a transaction of its own, then the blobs only they used.
 * *n_antraege and *n_blobs (may be NULL) get the counts. Also forgets rate-limit counters
 * older than a day. Borrows connections of `db`. */
RH_MUST_CHECK int antrag_aufraeumen(struct db *db, int64_t jetzt, int64_t alter,
                                    int64_t *n_antraege, int64_t *n_blobs);

#endif
