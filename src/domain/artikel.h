/* artikel: knowledge articles and reusable solutions (Wissen) of the coordination network —
 * written in Markdown (formats/markdown.h; no raw HTML), tagged, versioned (every change is a
 * new version; a change based on an older version is ERR_CONFLICT), searchable.
 *
 * Visible to all staff in the Land: coordinators and the ministry (AUTHZ_LAND_LESEN) and the
 * staff of any authority (AUTHZ_WISSEN_LESEN on their own). Who may write is a role
 * decision: coordinators (AUTHZ_WISSEN_BEARBEITEN).
 * Citizens and visitors see nothing. All results live in the arena passed in; thread-safe. */
#ifndef RATHAUS_DOMAIN_ARTIKEL_H
#define RATHAUS_DOMAIN_ARTIKEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/artikel.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define ARTIKEL_TITEL_MAX 200
#define ARTIKEL_TAGS_MAX  10
#define ARTIKEL_TAG_MAX   40

/* ERR_OK when `who` may read the knowledge base, else ERR_UNAUTHORIZED / ERR_FORBIDDEN. */
RH_MUST_CHECK int artikel_darf_lesen(const struct actor *who);
/* ERR_OK when `who` may write articles (and events), else ERR_FORBIDDEN (or UNAUTHORIZED). */
RH_MUST_CHECK int artikel_darf_schreiben(const struct actor *who);

struct artikel_in {
    const char *titel, *text; /* text: Markdown */
    const char *const *tags;  /* lower-case letters, digits, '-' (normalized here) */
    size_t n_tags;
    bool loesung;
    int64_t version; /* changes: the version the change is based on */
};

RH_MUST_CHECK int artikel_anlegen(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, const struct artikel_in *in, int64_t *id,
                                  struct feld_fehler *fehler);
/* ERR_CONFLICT when the article changed since in->version. */
RH_MUST_CHECK int artikel_aendern(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t id, const struct artikel_in *in,
                                  struct feld_fehler *fehler);

/* Article `id` (version 0: the current one) with its version list. */
RH_MUST_CHECK int artikel_get(struct db_conn *c, struct arena *a, const struct actor *who,
                              int64_t id, int64_t version, struct artikel_row *out,
                              struct artikel_version_row **versionen, size_t *n_versionen);

struct artikel_seite {
    struct artikel_row *items;
    size_t n;
    const char *next_cursor;
};

/* Search: every word of `q` (may be NULL; at most 5 words are used) must occur in title, tags
 * or text (case and umlauts folded); `tag` filters. Newest change first. ERR_INVALID (*bad). */
RH_MUST_CHECK int artikel_suche(struct db_conn *c, struct arena *a, const struct actor *who,
                                const char *q, const char *tag, int64_t limit, const char *cursor,
                                struct artikel_seite *out, const char **bad);

#endif
