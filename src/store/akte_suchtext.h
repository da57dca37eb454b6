/* store/akte_suchtext: the search index of the Amt face (table akte_suchtext, 0005).
 *
 * One row per searchable thing — a file's or case's metadata, a note, a document's extracted
 * text — keyed by (objekt_typ, objekt_id) and carrying the authority and office that own it.
 * SQLite indexes titel and text with FTS5 (unicode61, diacritics removed; ranked with bm25),
 * PostgreSQL with a generated tsvector (German stemmer plus 'simple' on the title; ranked with
 * ts_rank). Writers call akte_suchtext_setzen() in the same transaction as their change.
 *
 * Queries come in as terms made by the domain's tokenizer (domain/amt_suche.h); this module
 * turns them into an FTS5 or tsquery expression itself, quoting every term, so that user
 * input never becomes query syntax. Rows come back in the arena passed in. No roles here:
 * the caller passes the (authority, office) scopes the actor may see. */
#ifndef RATHAUS_STORE_AKTE_SUCHTEXT_H
#define RATHAUS_STORE_AKTE_SUCHTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

struct db_conn;

#define AKTE_SUCHTEXT_TITEL_MAX  1000         /* bytes of titel kept (cut at a UTF-8 boundary) */
#define AKTE_SUCHTEXT_TEXT_MAX   (512 * 1024) /* bytes of text kept (tsvector limit) */
#define AKTE_SUCHTEXT_TERM_MAX   64           /* bytes of one query term including the NUL */
#define AKTE_SUCHTEXT_TERME_MAX  8            /* terms in one query */
#define AKTE_SUCHTEXT_SCOPES_MAX 8            /* (authority, office) scopes in one query */

/* Insert or replace the index row of (objekt_typ, objekt_id): objekt_typ is 'akte', 'vorgang',
 * 'vermerk' or 'dokument'; akte_id and vorgang_id locate the hit (0: none). titel and text
 * (text may be NULL: empty) are copied; control characters become spaces, invalid UTF-8 bytes
 * become '?', and both are cut to the maxima above. ERR_INVALID for an unknown objekt_typ, a
 * missing titel or a non-positive id; ERR_NOMEM; ERR_DB. Works on SQLite and PostgreSQL. */
RH_MUST_CHECK int akte_suchtext_setzen(struct db_conn *c, int64_t behoerde_id, int64_t oe_id,
                                       const char *objekt_typ, int64_t objekt_id, int64_t akte_id,
                                       int64_t vorgang_id, const char *titel, const char *text,
                                       int64_t jetzt);

/* Remove the row of (objekt_typ, objekt_id); nothing to remove is ERR_OK. */
RH_MUST_CHECK int akte_suchtext_loeschen(struct db_conn *c, const char *objekt_typ,
                                         int64_t objekt_id);

/* Remove every row of file `akte_id` of `behoerde_id` (its own row, its cases, notes and
 * documents), e.g. when the file is handed over to the archive or deleted. */
RH_MUST_CHECK int akte_suchtext_loeschen_akte(struct db_conn *c, int64_t behoerde_id,
                                              int64_t akte_id);

/* Move every row of case `vorgang_id` to office `oe_id` (when the case changes office). */
RH_MUST_CHECK int akte_suchtext_oe_setzen(struct db_conn *c, int64_t behoerde_id,
                                          int64_t vorgang_id, int64_t oe_id);

/* Where the actor may search: every office of the authority (oe_id 0) or one office. */
struct akte_suchtext_scope {
    int64_t behoerde_id;
    int64_t oe_id;
};

/* One hit. ausschnitt is a short excerpt of the text (or the title) in which the matched
 * words are enclosed in AKTE_SUCHTEXT_MARK_AN / _AUS (bytes that never occur in stored text);
 * the face splits on them and escapes every part. */
#define AKTE_SUCHTEXT_MARK_AN  '\x02'
#define AKTE_SUCHTEXT_MARK_AUS '\x03'
struct akte_suchtreffer {
    int64_t id, behoerde_id, oe_id, objekt_id, akte_id, vorgang_id; /* ids 0 when NULL */
    const char *objekt_typ, *titel, *ausschnitt;
    double rang; /* larger is better */
};

/* Build the backend's match expression of terms[0..n) into `out` (cleared first): on SQLite
 * '"t1"* "t2"*' (FTS5, all terms, each as a prefix), on PostgreSQL ''t1':* & 't2':*'. A term
 * must be 1..AKTE_SUCHTEXT_TERM_MAX-1 bytes of ASCII lower-case letters and digits and valid
 * UTF-8 sequences of non-ASCII characters; anything else is ERR_INVALID. Pure. */
RH_MUST_CHECK int akte_suchtext_ausdruck(bool is_pg, const char *const *terms, size_t n,
                                         struct buf *out);

/* Hits ranked by relevance: at most this many, the newest, or offset + limit when more.
 * Ranking costs time for every hit it looks at, so a word found in tens of thousands of rows
 * (a common name in a big city's files) would cost in proportion to the authority's size;
 * a search with more hits is ranked among its newest ones, which is what clerks look for. */
#define AKTE_SUCHTEXT_KANDIDATEN 250

/* Every term is searched as a prefix ("markt" finds "Marktplatz"), unless the terms as whole
 * words already have at least this many hits in the scopes: then only whole words are
 * searched. A prefix makes the index merge the hits of every word it starts, across all
 * authorities, which for a common name at Land scale costs ten times the whole-word search;
 * and with this many whole-word hits the prefix-only ones would hardly reach the first pages.
 * The choice depends on the query alone, never on the page, so paging stays consistent. */
#define AKTE_SUCHTEXT_GENAU_AB 100

/* Search the rows inside scopes[0..n_scopes) (1..AKTE_SUCHTEXT_SCOPES_MAX) for rows holding
 * all terms[0..n_terms) (1..AKTE_SUCHTEXT_TERME_MAX), best first (then by id) among the
 * newest max(AKTE_SUCHTEXT_KANDIDATEN, offset + limit) hits, skipping `offset` hits and
 * returning at most `limit`. *out lives in `a`. ERR_INVALID for bad terms or counts;
 * ERR_NOMEM; ERR_DB. */
RH_MUST_CHECK int akte_suchtext_suchen(struct db_conn *c, struct arena *a,
                                       const struct akte_suchtext_scope *scopes, size_t n_scopes,
                                       const char *const *terms, size_t n_terms, int64_t offset,
                                       int64_t limit, struct akte_suchtreffer **out, size_t *n);

#endif
