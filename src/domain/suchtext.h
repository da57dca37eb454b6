/* suchtext: the search stems of German text — one normalizer for documents and queries.
 *
 * The search index (leistung.suchtext, indexed by SQLite FTS5 and PostgreSQL tsvector 'simple')
 * holds stems, and a query is reduced to stems by the very same code, so that "Hund anmelden"
 * finds "Anmeldung eines Hundes". The steps, applied to UTF-8 text:
 *
 * 1. Fold: lower case; ä→a, ö→o, ü→u, ß→ss (also capital forms and ẞ), other Latin letters
 *    with diacritics (U+00C0–U+017F, Ș, Ț) to their base letter (æ→ae, œ→oe, ĳ→ij, þ→th);
 *    combining marks (U+0300–U+036F), the soft hyphen and zero-width characters are dropped,
 *    so a decomposed "u" + U+0308 also becomes "u". "ae", "oe", "ue" stay as typed.
 * 2. Split into words at every character that is not a letter or digit (ASCII punctuation,
 *    spaces, U+0080–U+00BF, ×, ÷, U+2000–U+2BFF general punctuation and symbols, emoji...).
 *    Letters of other scripts (Greek, Cyrillic...) are kept as they are, unstemmed.
 *    Invalid UTF-8 bytes count as separators. Words are cut to SUCHTEXT_TERM_MAX - 1 bytes.
 * 3. Drop words of one character and German stop words (der die das und oder für von zu zum
 *    zur im in am an auf bei mit ein eine ... ich mein wie was; see suchtext.c).
 * 4. Stem words of ASCII letters only (words with digits stay as they are): a separable-verb
 *    participle PREFIX+"ge"+STEM+"(e)t" becomes PREFIX+STEM ("angemeldet" → "anmeld",
 *    "ausgestellt" → "ausstell"), then the Snowball German stemmer (Porter's algorithm:
 *    R1/R2 regions; steps for -em -ern -er -e -en -es -s, then -en -er -est -st, then
 *    -end -ung -ig -ik -isch -lich -heit -keit). Examples: anmelden, Anmeldung → "anmeld";
 *    beantragen, Beantragung → "beantrag"; Hund, Hunde, Hundes → "hund"; Gewerbe, Gewerbes →
 *    "gewerb"; Führerschein, Führerscheins → "fuhrerschein".
 *
 * Every stem is ASCII lower case, digits or (other scripts) UTF-8 letters: never a space, never
 * punctuation, so the result can be handed to FTS5 MATCH or to_tsquery('simple') as words.
 * All functions are pure and thread-safe. */
#ifndef RATHAUS_DOMAIN_SUCHTEXT_H
#define RATHAUS_DOMAIN_SUCHTEXT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define SUCHTEXT_TERM_MAX 64 /* bytes of one term including the NUL */

/* Append the stems of text[0..len) to `out`, separated by single spaces (a space is put first
 * when `out` is not empty and does not end in one). Each stem is written once per call, in
 * order of first appearance. Returns ERR_OK (also for text without stems: then nothing is
 * appended), or ERR_LIMIT / ERR_NOMEM from the buffer, which then holds a partial result. */
RH_MUST_CHECK int suchtext_build(const char *text, size_t len, struct buf *out);

/* The stems of a query: up to `max_terms` distinct stems of query[0..len), in order of first
 * appearance, each NUL-terminated in terms[i]. Returns how many were written (0 for a query of
 * only stop words or punctuation); further stems are dropped. Cannot fail. */
size_t suchtext_terms(const char *query, size_t len, char terms[][SUCHTEXT_TERM_MAX],
                      size_t max_terms);

/* The folded form of a name, for lookups where stemming would be wrong (place names): step 1
 * applied, every run of separators (step 2) written as one space, no leading or trailing space,
 * no stop words dropped, no stemming. "Baden-Baden" → "baden baden", "Schwäbisch Gmünd" →
 * "schwabisch gmund", "St. Blasien" → "st blasien". Appends to `out`; ERR_LIMIT/ERR_NOMEM
 * from the buffer. */
RH_MUST_CHECK int suchtext_fold(const char *text, size_t len, struct buf *out);

/* Stem one folded ASCII lower-case word in place (step 4); returns the new length. Exposed for
 * tests and for callers that fold on their own. `w` holds `len` bytes plus a NUL. */
size_t suchtext_stem(char *w, size_t len);

#endif
