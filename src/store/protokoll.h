/* store/protokoll: SQL of the audit log (tables protokoll, protokoll_kopf) and of the outbox
 * (postausgang). The chaining rules are in domain/protokoll.c. */
#ifndef RATHAUS_STORE_PROTOKOLL_H
#define RATHAUS_STORE_PROTOKOLL_H

#include "domain/postausgang.h"
#include "domain/protokoll.h"
#include "util/arena.h"

/* Lock the head of chain `kette` for this transaction (creating it when new) and advance it:
 * *folge gets the new entry's number, vorher (PROTOKOLL_HASH_LEN + 1 bytes) the last hash. */
RH_MUST_CHECK int store_protokoll_kopf_weiter(struct db_conn *c, int64_t kette, int64_t *folge,
                                              char *vorher);
RH_MUST_CHECK int store_protokoll_kopf_hash(struct db_conn *c, int64_t kette, const char *hash);
RH_MUST_CHECK int store_protokoll_insert(struct db_conn *c, const struct protokoll_zeile *z);
/* The head of a chain: ERR_NOTFOUND when the chain has no entries. */
RH_MUST_CHECK int store_protokoll_kopf(struct db_conn *c, int64_t kette, int64_t *folge,
                                       char *hash);

/* Called for each row of a chain in order; a non-OK return stops the walk and is returned. */
typedef int (*protokoll_zeile_fn)(const struct protokoll_zeile *z, void *ctx);
RH_MUST_CHECK int store_protokoll_walk(struct db_conn *c, int64_t kette, protokoll_zeile_fn fn,
                                       void *ctx);

RH_MUST_CHECK int store_post_insert(struct db_conn *c, const struct nachricht_raus *n,
                                    int64_t jetzt);

struct post_offen {
    int64_t id;
    const char *empfaenger, *betreff, *text;
    int64_t versuche;
};
/* Unsent messages with fewer than `max_versuche` tries, oldest first, at most `max`. */
RH_MUST_CHECK int store_post_offen(struct db_conn *c, struct arena *a, int64_t max_versuche,
                                   size_t max, struct post_offen **out, size_t *n);
RH_MUST_CHECK int store_post_gesendet(struct db_conn *c, int64_t id, int64_t jetzt);
RH_MUST_CHECK int store_post_fehler(struct db_conn *c, int64_t id, const char *fehler);

#endif
