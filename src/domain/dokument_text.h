/* dokument_text: the queue that fills dokument_text with the text of document versions and
 * puts it into the search index (akte_suchtext, objekt_typ 'dokument').
 *
 * A version of a type with text is queued 'offen' when it is stored (domain/dokument.h). A
 * worker takes the oldest one, claims it with a conditional UPDATE (so that several workers
 * or processes never do the same one twice at once), reads its blob, lets go of the database
 * connection while formats/textauszug.h runs the tools, and stores the result: 'fertig' with
 * the text, or 'fehler' with a German reason; a failed version is tried again up to
 * DOKUMENT_TEXT_VERSUCHE times in all. The text of the newest version of a document goes
 * into the search index under the document's title.
 *
 * Two ways to run it: dokument_texte_verarbeiten() works the queue once (`rathaus texte`,
 * tests), and a service thread started by `rathaus serve` (dokument_text_dienst_new) looks
 * every few seconds. Thread-safe. */
#ifndef RATHAUS_DOMAIN_DOKUMENT_TEXT_H
#define RATHAUS_DOMAIN_DOKUMENT_TEXT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct db;
struct dokument_text_dienst;

#define DOKUMENT_TEXT_VERSUCHE 3 /* attempts per version */

/* Work the queue until it is empty, `max` versions were done (0: no limit) or *abbruch (may
 * be NULL) is set. *n_fertig / *n_fehler (may be NULL) count the versions that got a text or
 * failed. ERR_OK, or ERR_DB / ERR_NOMEM when the database failed (the version stays queued). */
RH_MUST_CHECK int dokument_texte_verarbeiten(struct db *db, size_t max, const atomic_bool *abbruch,
                                             size_t *n_fertig, size_t *n_fehler);

/* Start the background thread on `db` (borrowed; it must outlive the service). */
RH_MUST_CHECK int dokument_text_dienst_new(struct db *db, struct dokument_text_dienst **out);
/* Wake it now (after an upload). Accepts NULL; cannot fail. */
void dokument_text_dienst_anstossen(struct dokument_text_dienst *d);
/* Stop the thread (a running tool is killed) and free everything. Accepts NULL. */
void dokument_text_dienst_free(struct dokument_text_dienst *d);

#endif
