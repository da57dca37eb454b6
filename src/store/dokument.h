/* store/dokument: SQL of the documents of cases, their immutable versions and the queue of
 * text extraction (tables dokument, dokument_version, dokument_text of 0005). A new version
 * takes its number from a conditional UPDATE of dokument.aktuelle_version, so two uploads
 * at the same time get different numbers and a final document takes none, on SQLite and
 * PostgreSQL alike. Rows come back in the arena passed in. No roles here. */
#ifndef RATHAUS_STORE_DOKUMENT_H
#define RATHAUS_STORE_DOKUMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct dokument_row {
    int64_t id, behoerde_id, vorgang_id, aktuelle_version, konto_id, erstellt, geaendert;
    const char *titel, *art;
    bool is_final;
    /* of the newest version (NULL / 0 before the first) */
    const char *dateiname, *typ, *sha256, *text_status;
    int64_t groesse;
};

struct dokument_version_row {
    int64_t id, behoerde_id, dokument_id, version, groesse, konto_id, erstellt;
    const char *sha256, *dateiname, *typ;
    const char *text_status; /* 'offen', 'fertig', 'fehler', 'ohne' (NULL: none) */
    const char *text_fehler; /* may be NULL */
};

/* A new document without versions; *id gets its id. */
RH_MUST_CHECK int store_dokument_insert(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id,
                                        const char *titel, const char *art, int64_t konto_id,
                                        int64_t jetzt, int64_t *id);
/* Take the next version number of a document that is not final: *version gets it (0 when
 * the document is final or unknown: nothing changed). */
RH_MUST_CHECK int store_dokument_naechste_version(struct db_conn *c, int64_t id, int64_t jetzt,
                                                  int64_t *version);
/* Insert version `v` (v->id is set) and its text queue row with `text_status`. */
RH_MUST_CHECK int store_dokument_version_insert(struct db_conn *c, struct dokument_version_row *v,
                                                const char *text_status);
/* Mark final; *changes 0 when it was final already. */
RH_MUST_CHECK int store_dokument_final(struct db_conn *c, int64_t id, int64_t jetzt,
                                       int64_t *changes);
/* ERR_NOTFOUND for an unknown id. */
RH_MUST_CHECK int store_dokument_get(struct db_conn *c, struct arena *a, int64_t id,
                                     struct dokument_row *out);
/* The documents of a case, oldest first, at most `limit` after id `after_id`. */
RH_MUST_CHECK int store_dokument_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                      int64_t vorgang_id, int64_t after_id, int64_t limit,
                                      struct dokument_row **out, size_t *n);
RH_MUST_CHECK int store_dokument_count(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id,
                                       int64_t *n);
/* The versions of a document, oldest first. */
RH_MUST_CHECK int store_dokument_versionen(struct db_conn *c, struct arena *a, int64_t dokument_id,
                                           struct dokument_version_row **out, size_t *n);
/* Version `version` of a document. ERR_NOTFOUND. */
RH_MUST_CHECK int store_dokument_version_get(struct db_conn *c, struct arena *a,
                                             int64_t dokument_id, int64_t version,
                                             struct dokument_version_row *out);

/* ---- the text extraction queue ---- */

/* A version waiting for its text, with what the search index needs. */
struct dokument_text_auftrag {
    int64_t version_id, behoerde_id, dokument_id, version, aktuelle_version, versuche;
    int64_t vorgang_id, akte_id, oe_id;
    const char *sha256, *typ, *titel;
};

/* The oldest version that is 'offen', or 'fehler' with fewer than `max_versuche` attempts.
 * *found false when there is none. */
RH_MUST_CHECK int store_dokument_text_naechster(struct db_conn *c, struct arena *a,
                                                int64_t max_versuche,
                                                struct dokument_text_auftrag *out, bool *found);
/* Claim it: count the attempt if nobody else did (versuche still `versuche`); *got. */
RH_MUST_CHECK int store_dokument_text_nehmen(struct db_conn *c, int64_t version_id,
                                             int64_t versuche, int64_t jetzt, bool *got);
/* Store the result: status 'fertig' (quelle, text), 'ohne' or 'fehler' (fehler). */
RH_MUST_CHECK int store_dokument_text_setzen(struct db_conn *c, int64_t version_id,
                                             const char *status, const char *quelle,
                                             const char *text, const char *fehler, int64_t jetzt);
/* The extracted text of a version (*text NULL when there is none). */
RH_MUST_CHECK int store_dokument_text_get(struct db_conn *c, struct arena *a, int64_t version_id,
                                          const char **status, const char **text);

#endif
