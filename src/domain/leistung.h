/* leistung: the service catalogue as the portal and the API read it — one Leistung with its
 * full description, pages of the catalogue, and the offices responsible for it at a place.
 * Public data: no authorization. Returned memory lives in the arena passed in. */
#ifndef RATHAUS_DOMAIN_LEISTUNG_H
#define RATHAUS_DOMAIN_LEISTUNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/gebiet.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct leistung {
    const char *id, *leika, *name, *typisierung;
    int64_t ozg_id; /* 0 when none */
    const char *ozg_leistung, *lebenslage, *themenfeld;
    const char *rechtsgrundlage; /* from the catalogue */
    const char *kurztext, *volltext, *berechtigte, *kosten, *bearbeitungsdauer, *fristen;
    const char *unterlagen;       /* JSON array text, or NULL */
    const char *rechtsgrundlagen; /* JSON array text, or NULL */
    const char *suchbegriffe, *ebene, *suchtext;
    int64_t beliebtheit;
    bool is_demo;
};

/* An office responsible for a Leistung at a place, with its authority and online service. */
struct stelle {
    const char *leistung_id;
    int64_t oe_id, behoerde_id;
    const char *oe_name, *behoerde_name, *gebiet_ags;
    const char *strasse, *plz, *ort, *telefon, *email, *webseite;
    const char *oeffnungszeiten; /* lines separated by '\n' */
    const char *onlinedienst_name, *onlinedienst_url, *onlinedienst_seit;
    int64_t reifegrad; /* -1 when there is no online service */
    bool is_demo;
};

/* True for a well-formed Leistung id: 14 digits, or [a-z0-9-]{1,40}. */
bool leistung_is_id(const char *s);

/* ERR_INVALID for a malformed id, ERR_NOTFOUND for an unknown one. */
RH_MUST_CHECK int leistung_get(struct db_conn *c, struct arena *a, const char *id,
                               struct leistung *out);

/* The offices responsible for `leistung_id` in Gemeinde `g`: most specific area first
 * (the Gemeinde, then its Kreis, Regierungsbezirk, the Land). */
RH_MUST_CHECK int leistung_stellen(struct db_conn *c, struct arena *a, const char *leistung_id,
                                   const struct gemeinde *g, struct stelle **out, size_t *n);

/* The `max` (1..50) most asked-for Leistungen. */
RH_MUST_CHECK int leistung_beliebt(struct db_conn *c, struct arena *a, int64_t max,
                                   struct leistung **out, size_t *n);

/* The responsible offices at Gemeinde `g` for the Leistungen `ids`, ordered by Leistung id
 * and then most specific area first: one query for a whole page of search results. */
RH_MUST_CHECK int leistung_stellen_fuer(struct db_conn *c, struct arena *a, const char *const *ids,
                                        size_t n_ids, const struct gemeinde *g, struct stelle **out,
                                        size_t *n);

/* The entries of `all` (from leistung_stellen_fuer) for `leistung_id`: *first indexes the
 * first, *n counts them (0 when none). Cannot fail. */
void leistung_stellen_von(const struct stelle *all, size_t n_all, const char *leistung_id,
                          size_t *first, size_t *n);

/* A page of the whole catalogue by name. ERR_INVALID for a malformed cursor. */
RH_MUST_CHECK int leistung_katalog(struct db_conn *c, struct arena *a, int64_t limit,
                                   const char *cursor, struct leistung **out, size_t *n,
                                   const char **next_cursor);

#endif
