/* antrag_einreichung: the submission queue with group commit, and the content-type check of
 * attachments — the long-lived services of the application domain.
 *
 * Group commit: a request thread that submits an application hands a prepared job to the
 * queue and sleeps. One committer thread takes every job that is waiting, runs them all in ONE
 * transaction on its own connection and commits once (SQLite synchronous=FULL, PostgreSQL
 * synchronous_commit: the commit is on disk when it returns); only then are the waiting
 * threads woken, each with its own result. Jobs that arrive while a commit is under way form
 * the next batch, so under load one fsync covers many submissions, and a lone submission
 * waits for nobody. If a batch fails, each of its jobs is retried alone, so one bad job
 * cannot fail the others. Nothing is acknowledged that is not committed.
 *
 * Content types: libmagic (magic_buffer, MAGIC_MIME_TYPE) on the bytes, never the file name.
 * Loading libmagic's database takes milliseconds, so handles are kept in a small pool.
 *
 * Cleanup: the queue also runs a background thread that deletes abandoned anonymous drafts
 * (domain/antrag_anonym.h) once at start and then every ANTRAG_AUFRAEUMEN_INTERVALL seconds;
 * einreichung_free() wakes and joins it.
 *
 * Receipt PDF: after a batch is committed, the ids of its new applications with an account
 * go to a worker thread that makes each receipt PDF and attaches it to the receipt message
 * (domain/antrag_beleg.h), off the durable path. The queue is bounded; what does not fit, and
 * what a crash left undone, is made by a scan (once at start, then with the hourly cleanup).
 *
 * Owner: `rathaus serve` makes one with einreichung_new() after opening the database and
 * frees it with einreichung_free() after the HTTP server stopped (app->einreichung). All
 * functions are thread-safe. Functions that take a `struct einreichung *` accept NULL: then
 * a submission commits directly and each type check loads libmagic afresh (CLI, tests). */
#ifndef RATHAUS_DOMAIN_ANTRAG_EINREICHUNG_H
#define RATHAUS_DOMAIN_ANTRAG_EINREICHUNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct db;
struct db_conn;
struct einreichung;

#define EINREICHUNG_MAX_BATCH 256

/* One prepared submission. The strings are borrowed until einreichung_ausfuehren() returns. */
struct einreichung_auftrag {
    int64_t antrag_id, behoerde_id, konto_id, revision;
    const char *schluessel; /* Idempotency-Key, or NULL */
    const char *inhalt;     /* canonical content */
    const char *sha256;     /* its hex SHA-256 */
    const char *nummer;     /* receipt number */
    const char *betreff;    /* the receipt message in the mailbox (konto_id > 0) */
    const char *text;
    int64_t jetzt;
    /* results */
    int rc;          /* ERR_OK, ERR_CONFLICT (not a draft / changed / other key), ERR_DB ... */
    bool wiederholt; /* already submitted with this key: the stored receipt stands */
    bool done;       /* internal */
    struct einreichung_auftrag *next; /* internal */
};

/* Start the committer thread for `db` (borrowed; it must outlive the queue). */
RH_MUST_CHECK int einreichung_new(struct db *db, struct einreichung **out);
/* Finish the jobs that are queued, stop the thread, free everything. Accepts NULL. */
void einreichung_free(struct einreichung *e);

/* Commit job `j` durably and fill its results; returns j->rc, or ERR_DB/ERR_BUSY/ERR_NOMEM
 * when the database failed. With e == NULL it runs in a transaction of its own on a
 * connection from `db`. Must not be called while holding a connection of `db`'s pool (the
 * committer needs one). */
RH_MUST_CHECK int einreichung_ausfuehren(struct einreichung *e, struct db *db,
                                         struct einreichung_auftrag *j);

/* The job's statements inside an open transaction on `c` (used by the committer and the
 * direct path; exposed for tests). Sets j->rc and j->wiederholt. */
RH_MUST_CHECK int einreichung_schreiben(struct db_conn *c, struct einreichung_auftrag *j);

/* Counters for metrics and the benchmark: batches committed and jobs in them. */
void einreichung_zaehler(struct einreichung *e, uint64_t *n_batches, uint64_t *n_jobs);

/* The media type of p[0..len) by content, e.g. "application/pdf", into out[0..out_len).
 * ERR_IO when libmagic cannot be loaded; ERR_LIMIT when out is too small. */
RH_MUST_CHECK int einreichung_dateityp(struct einreichung *e, const void *p, size_t len, char *out,
                                       size_t out_len);

#endif
