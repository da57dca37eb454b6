/* store/antrag: SQL of applications, their answers, attachments and blobs, status timeline,
 * receipts, idempotency keys, delivery acknowledgements and the mailbox (tables of migration
 * 0003). Plain reads and writes, no rules: domain/antrag.c, domain/postfach.c and
 * domain/zustellung.c decide. Strings and bytes read are copied into the arena. Writes that
 * depend on state are conditional UPDATEs (WHERE status = ...), never expected failures, so a
 * PostgreSQL transaction is not aborted by them; *changes tells whether they applied. */
#ifndef RATHAUS_STORE_ANTRAG_H
#define RATHAUS_STORE_ANTRAG_H

#include "domain/antrag.h"
#include "domain/postfach.h"
#include "domain/zustellung.h"

/* --- antrag, antrag_daten, antrag_status --- */

/* Insert a draft with empty answers and its first timeline row; *id set. `fortsetzung_hash`
 * may be NULL (an account's application). */
RH_MUST_CHECK int store_antrag_insert(struct db_conn *c, const struct antrag *an,
                                      const char *fortsetzung_hash, int64_t jetzt, int64_t *id);
/* With the names of Leistung, Gemeinde, authority and office, and the form's version.
 * *fortsetzung_hash (may be NULL) gets the stored hash or NULL. ERR_NOTFOUND. */
RH_MUST_CHECK int store_antrag_get(struct db_conn *c, struct arena *a, int64_t id,
                                   struct antrag *out, const char **fortsetzung_hash);
RH_MUST_CHECK int store_antrag_list_konto(struct db_conn *c, struct arena *a, int64_t konto_id,
                                          struct antrag **out, size_t *n);
/* The answers' JSON text. ERR_NOTFOUND. */
RH_MUST_CHECK int store_antrag_daten_get(struct db_conn *c, struct arena *a, int64_t id,
                                         const char **daten);
/* Replace the answers of a draft and note the step; bumps revision. *changes 0: not a draft. */
RH_MUST_CHECK int store_antrag_daten_set(struct db_conn *c, int64_t id, const char *daten,
                                         int64_t schritt, int64_t jetzt, int64_t *changes);
/* Bump the revision of a draft (an attachment changed). *changes 0: not a draft. */
RH_MUST_CHECK int store_antrag_touch(struct db_conn *c, int64_t id, int64_t jetzt,
                                     int64_t *changes);
/* Mark draft `id` at `revision` submitted. *changes 0: not a draft, or changed since. */
RH_MUST_CHECK int store_antrag_einreichen(struct db_conn *c, int64_t id, int64_t revision,
                                          int64_t jetzt, int64_t *changes);
/* Set status `neu` when the application is submitted and open (eingegangen, in_bearbeitung,
 * rueckfrage), or also a draft when `auch_entwurf`. *changes 0: it was not. */
RH_MUST_CHECK int store_antrag_status_setzen(struct db_conn *c, int64_t id, const char *neu,
                                             bool auch_entwurf, int64_t jetzt, int64_t *changes);
RH_MUST_CHECK int store_antrag_verlauf_insert(struct db_conn *c, int64_t behoerde_id,
                                              int64_t antrag_id, const char *status,
                                              int64_t zeitpunkt, int64_t konto_id,
                                              const char *bemerkung);
RH_MUST_CHECK int store_antrag_verlauf(struct db_conn *c, struct arena *a, int64_t antrag_id,
                                       struct antrag_verlauf **out, size_t *n);

/* --- blob, anlage --- */

/* Store bytes under (behoerde_id, sha256) unless they are there already. */
RH_MUST_CHECK int store_blob_put(struct db_conn *c, int64_t behoerde_id, const char *sha256,
                                 const char *typ, const void *p, size_t len, int64_t jetzt);
/* Link a blob to an application; *changes 0 when it was linked already. */
RH_MUST_CHECK int store_anlage_insert(struct db_conn *c, int64_t behoerde_id, int64_t antrag_id,
                                      const struct anlage *an, int64_t jetzt, int64_t *changes);
RH_MUST_CHECK int store_anlage_get(struct db_conn *c, struct arena *a, int64_t antrag_id,
                                   const char *sha256, struct anlage *out);
RH_MUST_CHECK int store_anlage_list(struct db_conn *c, struct arena *a, int64_t antrag_id,
                                    struct anlage **out, size_t *n);
RH_MUST_CHECK int store_anlage_count(struct db_conn *c, int64_t antrag_id, int64_t *n);
RH_MUST_CHECK int store_anlage_delete(struct db_conn *c, int64_t antrag_id, const char *sha256,
                                      int64_t *changes);
/* The bytes of blob (behoerde_id, sha256), in the arena. ERR_NOTFOUND. */
RH_MUST_CHECK int store_blob_get(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                 const char *sha256, const void **p, size_t *len);

/* --- eingangsbestaetigung, idempotenz --- */

RH_MUST_CHECK int store_eingang_insert(struct db_conn *c, int64_t behoerde_id,
                                       const struct eingangsbestaetigung *eb);
RH_MUST_CHECK int store_eingang_get(struct db_conn *c, struct arena *a, int64_t antrag_id,
                                    struct eingangsbestaetigung *out);
RH_MUST_CHECK int store_idempotenz_insert(struct db_conn *c, int64_t antrag_id,
                                          const char *schluessel, int64_t behoerde_id,
                                          int64_t jetzt);
/* *found: the key was used for this application. */
RH_MUST_CHECK int store_idempotenz_get(struct db_conn *c, int64_t antrag_id, const char *schluessel,
                                       bool *found);

/* --- zustellung --- */

/* Submitted applications of authority `behoerde_id` not yet acknowledged, oldest first,
 * with id > nach_id, at most `limit`. */
RH_MUST_CHECK int store_zustellung_offen(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                         int64_t nach_id, int64_t limit,
                                         struct zustellung_eingang **out, size_t *n);
/* Acknowledge; *changes 0 when it was acknowledged before. */
RH_MUST_CHECK int store_zustellung_quittung(struct db_conn *c, int64_t antrag_id,
                                            int64_t behoerde_id, int64_t konto_id, int64_t jetzt,
                                            int64_t *changes);
/* The acknowledgement time of application `antrag_id`; 0 when none. */
RH_MUST_CHECK int store_zustellung_quittiert(struct db_conn *c, int64_t antrag_id,
                                             int64_t *zeitpunkt);

/* --- nachricht --- */

RH_MUST_CHECK int store_nachricht_insert(struct db_conn *c, const struct nachricht *n, int64_t *id);
RH_MUST_CHECK int store_nachricht_anlage_insert(struct db_conn *c, int64_t nachricht_id,
                                                int64_t behoerde_id, const struct anlage *an);
/* The account's messages, newest first, id < vor_id (0: from the newest), at most `limit`. */
RH_MUST_CHECK int store_nachricht_list(struct db_conn *c, struct arena *a, int64_t konto_id,
                                       int64_t vor_id, int64_t limit, struct nachricht **out,
                                       size_t *n);
/* The messages about application `antrag_id` of authority `behoerde_id`, oldest first (at
 * most 500). */
RH_MUST_CHECK int store_nachricht_list_antrag(struct db_conn *c, struct arena *a,
                                              int64_t behoerde_id, int64_t antrag_id,
                                              struct nachricht **out, size_t *n);
RH_MUST_CHECK int store_nachricht_get(struct db_conn *c, struct arena *a, int64_t id,
                                      struct nachricht *out);
RH_MUST_CHECK int store_nachricht_anlagen(struct db_conn *c, struct arena *a, int64_t nachricht_id,
                                          struct anlage **out, size_t *n);
RH_MUST_CHECK int store_nachricht_gelesen(struct db_conn *c, int64_t id, int64_t jetzt);
RH_MUST_CHECK int store_nachricht_ungelesen(struct db_conn *c, int64_t konto_id, int64_t *n);

#endif
