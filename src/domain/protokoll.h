/* protokoll: the audit log, append-only and hash-chained.
 *
 * Entries form one chain per authority (kette = behoerde_id) and one global chain (kette 0,
 * behoerde_id NULL) for events of no authority (citizens' logins, operator actions). Each
 * entry's hash is the hex SHA-256 of
 *
 *     vorher_hash (64 hex characters; 64 zeros for a chain's first entry)
 *     "\n" "rathaus-protokoll-v1" "\n"
 *     then each field in this order, as "~\n" when NULL, else "<byte length>:<bytes>\n":
 *     kette, folge, zeitpunkt, behoerde_id, konto_id, aktion, objekt_typ, objekt_id,
 *     herkunft, detail                      (numbers as decimal text)
 *
 * so that changing, inserting or removing an entry breaks every later hash of its chain.
 * protokoll_pruefen() recomputes a chain; `rathaus protokoll verify` (a later issue) runs it.
 * Appends to one chain are serialized by a row lock on protokoll_kopf, so concurrent
 * processes cannot fork a chain. Never put personal data into `detail`: ids and codes only.
 * Thread-safe. */
#ifndef RATHAUS_DOMAIN_PROTOKOLL_H
#define RATHAUS_DOMAIN_PROTOKOLL_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/umfeld.h"
#include "util/err.h"

struct db_conn;

#define PROTOKOLL_HASH_LEN 64

struct protokoll_eintrag {
    int64_t behoerde_id;    /* 0: a global event */
    int64_t konto_id;       /* the acting account; 0: none */
    const char *aktion;     /* "anmeldung", "anmeldung_fehlgeschlagen", "rolle_zugewiesen", ... */
    const char *objekt_typ; /* may be NULL */
    const char *objekt_id;  /* may be NULL */
    const char *detail;     /* a JSON object as text; NULL means "{}" */
};

/* Append `e` with time and client address from `u`. Must run inside the caller's
 * transaction, so that the entry commits with the change it records. */
RH_MUST_CHECK int protokoll_schreiben(struct db_conn *c, const struct umfeld *u,
                                      const struct protokoll_eintrag *e);

/* protokoll_schreiben() for an entry about object `typ` number `id`. */
RH_MUST_CHECK int protokoll_objekt(struct db_conn *c, const struct umfeld *u, int64_t behoerde_id,
                                   int64_t konto_id, const char *aktion, const char *typ,
                                   int64_t id, const char *detail);

/* The entry of a read of personal data. The read itself runs in a read-only snapshot
 * (db_read) and never takes the write lock; its entry is committed afterwards by group commit
 * together with the entries of concurrent reads (db_tx_gruppe), and this returns only once
 * it is durable: the caller answers only then, so nothing read leaves the server without its
 * entry, and many reads share one commit. `c` must be outside a transaction. */
RH_MUST_CHECK int protokoll_lesen(struct db_conn *c, const struct umfeld *u,
                                  const struct protokoll_eintrag *e);
/* protokoll_lesen() for object `typ` number `id`, like protokoll_objekt(). */
RH_MUST_CHECK int protokoll_objekt_gelesen(struct db_conn *c, const struct umfeld *u,
                                           int64_t behoerde_id, int64_t konto_id,
                                           const char *aktion, const char *typ, int64_t id,
                                           const char *detail);

/* One stored row, as the hash sees it (text fields may be NULL; ids 0 mean NULL). */
struct protokoll_zeile {
    int64_t kette, folge, zeitpunkt, behoerde_id, konto_id;
    const char *aktion, *objekt_typ, *objekt_id, *herkunft, *detail;
    const char *vorher_hash, *hash;
};

/* The hash of row `z` after `vorher_hash` into out. Cannot fail. */
void protokoll_hash(const char *vorher_hash, const struct protokoll_zeile *z,
                    char out[PROTOKOLL_HASH_LEN + 1]);

/* Recompute chain `kette` from its first entry. ERR_OK with *n_zeilen; ERR_CONFLICT when an
 * entry does not fit (*bruch = its folge, or the head's when the head disagrees). */
RH_MUST_CHECK int protokoll_pruefen(struct db_conn *c, int64_t kette, int64_t *n_zeilen,
                                    int64_t *bruch);

#endif
