/* amt_suche: the full-text search of the Amt face over files, cases, notes and document texts
 * (the index store/akte_suchtext.h), limited to what the clerk may see.
 *
 * The query is the person's words, never query syntax: amt_suche_terme() splits it into
 * terms itself — ASCII letters and digits (lower-cased) and non-ASCII UTF-8 letters; every
 * other byte (quotes, operators, parentheses, '*', ':', '-', invalid UTF-8, controls, Unicode
 * punctuation and spaces) separates; a term of one ASCII letter or digit is left out — and the
 * store quotes each term. All terms must occur
 * (each also as a word prefix). The scope: every authority in which the actor holds a role
 * that authz lets read files (AUTHZ_AKTE_LESEN), the whole authority or only the office the
 * role is bound to. Hits are ranked by the backend (bm25 / ts_rank). Each search is written to
 * the audit log of the authorities searched (without the query). Thread-safe. */
#ifndef RATHAUS_DOMAIN_AMT_SUCHE_H
#define RATHAUS_DOMAIN_AMT_SUCHE_H

#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/akte_suchtext.h"
#include "util/arena.h"

struct db_conn;

#define AMT_SUCHE_Q_MAX 200 /* bytes of a query */

/* Split query[0..len) into at most AKTE_SUCHTEXT_TERME_MAX distinct terms (each cut to
 * AKTE_SUCHTEXT_TERM_MAX - 1 bytes on a character boundary) into terms[i]; returns how many.
 * Pure; cannot fail. */
size_t amt_suche_terme(const char *query, size_t len,
                       char terms[AKTE_SUCHTEXT_TERME_MAX][AKTE_SUCHTEXT_TERM_MAX]);

/* One page of hits of `q` for `who`: skip `offset`, at most `limit` (1..100). *weitere is
 * true when more follow. ERR_INVALID (a query without terms or longer than AMT_SUCHE_Q_MAX);
 * ERR_FORBIDDEN when the actor may read no files anywhere; ERR_UNAUTHORIZED; ERR_DB. */
RH_MUST_CHECK int amt_suche(struct db_conn *c, struct arena *a, const struct umfeld *u,
                            const struct actor *who, const char *q, int64_t offset, int64_t limit,
                            struct akte_suchtreffer **out, size_t *n, bool *weitere);

#endif
