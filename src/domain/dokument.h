/* dokument: the documents of a case (Vorgang) in the E-Akte, each a series of immutable
 * versions whose bytes are blobs of the authority, stored once under their SHA-256.
 *
 * Every change is a new version; a document marked final (Endfassung) takes none. The media
 * type comes from the content (libmagic through the submission service, see
 * domain/antrag_einreichung.h), never from the file name, and must be one of a fixed list
 * (PDF, images, plain text, office documents). A version of a type with text (PDF, PNG,
 * JPEG, TIFF, plain text) is queued for text extraction (domain/dokument_text.h); the title
 * goes into the search index at once. Access goes through amt_vorgang_zugriff() with
 * AUTHZ_DOKUMENT_LESEN / AUTHZ_DOKUMENT_SCHREIBEN; every change and every download is written
 * to the audit log in the same transaction. A closed case (zdA) takes no changes.
 * Memory in the arena given; thread-safe. */
#ifndef RATHAUS_DOMAIN_DOKUMENT_H
#define RATHAUS_DOMAIN_DOKUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/amt_zugriff.h"
#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/dokument.h"
#include "util/arena.h"

struct db_conn;
struct einreichung;

#define DOKUMENT_MAX_GROESSE    (16 * 1024 * 1024) /* bytes of one version */
#define DOKUMENT_MAX_JE_VORGANG 500                /* documents of one case */
#define DOKUMENT_MAX_VERSIONEN  100                /* versions of one document */
#define DOKUMENT_TITEL_MAX      200                /* characters of a title */
#define DOKUMENT_DATEINAME_MAX  200                /* characters of a file name */

/* True for 'eingang', 'bescheid', 'schreiben', 'vermerk', 'sonstiges'. */
bool dokument_is_art(const char *art);
/* True when text can be extracted from media type `typ`. */
bool dokument_typ_hat_text(const char *typ);

/* A new document with its first version in case `vorgang_id`: bytes p[0..len) named
 * `dateiname` (a path is cut to its last part), titled `titel` (NULL or empty: the file name),
 * of `art` (NULL: 'sonstiges'). ERR_INVALID / ERR_LIMIT with *fehler ("datei", "titel", "art")
 * for bad input, a type not allowed, too large or too many documents; ERR_CONFLICT when the
 * case is closed; ERR_NOTFOUND / ERR_FORBIDDEN / ERR_UNAUTHORIZED as amt_vorgang_zugriff().
 * *out is the new document. `e` may be NULL. */
RH_MUST_CHECK int dokument_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                   struct einreichung *e, const struct actor *who,
                                   int64_t vorgang_id, const char *titel, const char *art,
                                   const char *dateiname, const void *p, size_t len,
                                   struct dokument_row *out, struct feld_fehler *fehler);

/* A new version of document `id` (errors as above; ERR_CONFLICT also when final or at
 * DOKUMENT_MAX_VERSIONEN). *out is the new version. */
RH_MUST_CHECK int dokument_version_anlegen(struct db_conn *c, struct arena *a,
                                           const struct umfeld *u, struct einreichung *e,
                                           const struct actor *who, int64_t id,
                                           const char *dateiname, const void *p, size_t len,
                                           struct dokument_version_row *out,
                                           struct feld_fehler *fehler);

/* Mark document `id` final. ERR_CONFLICT when it is final already or the case is closed. */
RH_MUST_CHECK int dokument_final_setzen(struct db_conn *c, const struct umfeld *u,
                                        const struct actor *who, int64_t id);

/* Whether `who` may change document `id` (AUTHZ_DOKUMENT_SCHREIBEN on its case), before an
 * upload is read: ERR_OK, ERR_NOTFOUND, ERR_FORBIDDEN, ERR_UNAUTHORIZED. */
RH_MUST_CHECK int dokument_darf_schreiben(struct db_conn *c, struct arena *a,
                                          const struct actor *who, int64_t id);

/* Document `id` with its newest version's data; *kopf (may be NULL) gets its case. */
RH_MUST_CHECK int dokument_lesen(struct db_conn *c, struct arena *a, const struct actor *who,
                                 int64_t id, struct dokument_row *out,
                                 struct amt_vorgang_kopf *kopf);

/* The documents of case `vorgang_id`, oldest first: at most `limit` after id `after_id`. */
RH_MUST_CHECK int dokument_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                 int64_t vorgang_id, int64_t after_id, int64_t limit,
                                 struct dokument_row **out, size_t *n);

/* The versions of document `id`, oldest first. */
RH_MUST_CHECK int dokument_versionen(struct db_conn *c, struct arena *a, const struct actor *who,
                                     int64_t id, struct dokument_version_row **out, size_t *n);

/* The bytes of version `version` of document `id` (in the arena); the download is written to
 * the audit log. ERR_NOTFOUND for an unknown version. */
RH_MUST_CHECK int dokument_inhalt(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                  const struct actor *who, int64_t id, int64_t version,
                                  struct dokument_version_row *out, const void **p, size_t *len);

/* File bytes the system made (a decision's PDF) as a new document of case `k` with one
 * version, inside the caller's transaction, without access checks (the caller decided) and
 * without an audit entry (the caller writes its own). *id gets the document. */
RH_MUST_CHECK int dokument_ablegen(struct db_conn *c, const struct umfeld *u, int64_t konto_id,
                                   const struct amt_vorgang_kopf *k, const char *titel,
                                   const char *art, const char *dateiname, const char *typ,
                                   const void *p, size_t len, bool is_final, int64_t *id);

#endif
