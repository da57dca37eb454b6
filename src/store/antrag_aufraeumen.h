/* store/antrag_aufraeumen: SQL of the background work of the application domain — the
 * cleanup of abandoned anonymous drafts (domain/antrag_anonym.h): which drafts are old enough,
 * deleting one, deleting a blob that no row refers to any more; and the receipt PDFs still to
 * attach (domain/antrag_beleg.h). Plain reads and writes, no rules; every delete is
 * conditional on the state that made it a candidate, so a draft that was resumed or submitted
 * meanwhile is left alone (*changes 0). */
#ifndef RATHAUS_STORE_ANTRAG_AUFRAEUMEN_H
#define RATHAUS_STORE_ANTRAG_AUFRAEUMEN_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* Ids of anonymous drafts (no account, status 'entwurf') last changed before `vor`, oldest
 * first, at most `limit`; *ids in the arena. */
RH_MUST_CHECK int store_entwurf_alt_list(struct db_conn *c, struct arena *a, int64_t vor,
                                         int64_t limit, int64_t **ids, size_t *n);

/* Delete anonymous draft `id` if it is still one and unchanged since before `vor` (its
 * answers, attachments and timeline go with it). *changes: 1 when deleted. */
RH_MUST_CHECK int store_entwurf_delete(struct db_conn *c, int64_t id, int64_t vor,
                                       int64_t *changes);

/* Delete blob (behoerde_id, sha256) when no attachment, message attachment, inbox row or
 * document version refers to it. *changes: 1 when deleted. */
RH_MUST_CHECK int store_blob_delete_unbenutzt(struct db_conn *c, int64_t behoerde_id,
                                              const char *sha256, int64_t *changes);

/* Forget the draft-creation counters (anmeldeversuch keys with `prefix`, e.g. "d:") last
 * used before `vor`. */
RH_MUST_CHECK int store_drossel_aufraeumen(struct db_conn *c, const char *prefix, int64_t vor);

/* The receipt message of application `antrag_id` (*id). ERR_NOTFOUND when there is none. */
RH_MUST_CHECK int store_nachricht_eingang(struct db_conn *c, int64_t antrag_id, int64_t *id);

/* Applications whose receipt message has no attachment yet, oldest first, at most `limit`;
 * *ids in the arena. */
RH_MUST_CHECK int store_belege_offen(struct db_conn *c, struct arena *a, int64_t limit,
                                     int64_t **ids, size_t *n);

#endif
