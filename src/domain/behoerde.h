/* behoerde: authorities and their offices (Organisationseinheiten), and which services are
 * offered online at a place. Public directory data: no authorization. Memory in the arena. */
#ifndef RATHAUS_DOMAIN_BEHOERDE_H
#define RATHAUS_DOMAIN_BEHOERDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct organisationseinheit {
    int64_t id;
    const char *name, *strasse, *plz, *ort, *telefon, *email, *oeffnungszeiten;
};

struct behoerde {
    int64_t id;
    const char *name, *art, *gemeinde_ags, *kreis_ags;
    const char *strasse, *plz, *ort, *telefon, *email, *webseite;
    bool is_demo;
    struct organisationseinheit *oes;
    size_t n_oes;
};

/* An online service offered at a place. */
struct online_angebot {
    const char *leistung_id, *leistung_name, *name, *url, *seit;
    int64_t reifegrad;
    const char *behoerde_name;
};

/* Authorities for a place: `ags` is a Gemeinde (its own authorities and those of its Kreis)
 * or a Kreis (all authorities in it). ERR_INVALID for another form, ERR_NOTFOUND for an
 * unknown place. With their offices. */
RH_MUST_CHECK int behoerde_list_ort(struct db_conn *c, struct arena *a, const char *ags,
                                    struct behoerde **out, size_t *n);
/* ERR_NOTFOUND for an unknown id. With its offices. */
RH_MUST_CHECK int behoerde_get(struct db_conn *c, struct arena *a, int64_t id,
                               struct behoerde *out);
/* Online services for a Gemeinde (its own and those of its Kreis/Land), by Leistung name. */
RH_MUST_CHECK int behoerde_online_angebote(struct db_conn *c, struct arena *a,
                                           const char *gemeinde_ags, const char *kreis_ags,
                                           struct online_angebot **out, size_t *n);

#endif
