/* store/artikel: SQL of the knowledge articles (Wissen): the current text in artikel, every
 * version in artikel_version, tags in artikel_tag, a normalized search text. Rows come back
 * in the arena passed in. No roles here. */
#ifndef RATHAUS_STORE_ARTIKEL_H
#define RATHAUS_STORE_ARTIKEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct artikel_row {
    int64_t id, version, konto_id, erstellt, geaendert;
    const char *titel, *text, *suchtext;
    bool loesung;
    const char **tags; /* get/list: the tags, sorted */
    size_t n_tags;
};

struct artikel_version_row {
    int64_t version, erstellt;
    const char *titel;
};

/* Insert version 1 with its tags; *id gets the article. */
RH_MUST_CHECK int store_artikel_insert(struct db_conn *c, const struct artikel_row *x, int64_t *id);
/* Write a new version when the stored one is `x->version - 1`; ERR_CONFLICT otherwise (someone
 * else changed it). Replaces the tags. */
RH_MUST_CHECK int store_artikel_update(struct db_conn *c, const struct artikel_row *x);
/* The article, current (version 0) or the given version (titel/text of that version);
 * ERR_NOTFOUND. */
RH_MUST_CHECK int store_artikel_get(struct db_conn *c, struct arena *a, int64_t id, int64_t version,
                                    struct artikel_row *out);
RH_MUST_CHECK int store_artikel_versionen(struct db_conn *c, struct arena *a, int64_t id,
                                          struct artikel_version_row **out, size_t *n);
/* Articles whose search text contains every one of the (normalized, at most 5) terms and
 * that carry `tag` (NULL: any), newest change first, after (after_geaendert, after_id) when
 * after_id > 0; at most `limit`; the text is not loaded. */
RH_MUST_CHECK int store_artikel_suche(struct db_conn *c, struct arena *a, const char *const *terms,
                                      size_t n_terms, const char *tag, int64_t after_geaendert,
                                      int64_t after_id, int64_t limit, struct artikel_row **out,
                                      size_t *n);

#endif
