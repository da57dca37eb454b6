/* amt_zugriff: the one way the Amt face's modules find a case (Vorgang) or file (Akte) and ask
 * whether an actor may act on it. It loads the object's owner (authority, office) and asks
 * authz_check(); another authority's object and an unknown id both answer ERR_NOTFOUND, so
 * ids cannot be probed. Documents, notes, follow-ups, decisions, retention and exports all start
 * here. Reads only; thread-safe; `out` is filled by value, nothing to free. */
#ifndef RATHAUS_DOMAIN_AMT_ZUGRIFF_H
#define RATHAUS_DOMAIN_AMT_ZUGRIFF_H

#include <stdint.h>

#include "domain/authz.h"
#include "util/err.h"

struct db_conn;

/* The owner and state of a case, as the access decision and most use cases need it. */
struct amt_vorgang_kopf {
    int64_t id;
    int64_t behoerde_id;
    int64_t oe_id;
    int64_t akte_id;
    int64_t antrag_id; /* 0: made by hand */
    char status[16];   /* 'offen', 'in_bearbeitung', 'rueckfrage', 'beschieden', 'zda' */
    char aktenzeichen[64];
};

/* The owner and state of a file. */
struct amt_akte_kopf {
    int64_t id;
    int64_t behoerde_id;
    int64_t oe_id;
    int64_t aktenplan_id;
    char status[16]; /* 'offen', 'zda', 'ausgesondert' */
    char aktenzeichen[64];
};

/* Load case `vorgang_id` and decide `what` (an AUTHZ_VORGANG_* / AUTHZ_DOKUMENT_* action) for
 * `who`. ERR_OK with *out filled; ERR_NOTFOUND (unknown or another tenant's), ERR_FORBIDDEN,
 * ERR_UNAUTHORIZED as authz_check(); ERR_DB. */
RH_MUST_CHECK int amt_vorgang_zugriff(struct db_conn *c, const struct actor *who,
                                      int64_t vorgang_id, enum authz_action what,
                                      struct amt_vorgang_kopf *out);

/* Likewise for file `akte_id` (AUTHZ_AKTE_LESEN / AUTHZ_AKTE_BEARBEITEN). */
RH_MUST_CHECK int amt_akte_zugriff(struct db_conn *c, const struct actor *who, int64_t akte_id,
                                   enum authz_action what, struct amt_akte_kopf *out);

#endif
