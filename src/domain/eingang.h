/* eingang: the office inbox (Posteingang) of the Amt face — submitted applications land
 * here (one row per application, made in the submission's own transaction), documents are
 * posted by hand; clerks list and filter it, take an entry (a case in a chosen or new file),
 * assign it to a colleague or forward it to another office of the authority.
 *
 * Who: clerks of the entry's authority (and office, when their role is bound to one):
 * AUTHZ_VORGANG_LESEN to list, AUTHZ_VORGANG_BEARBEITEN to change; others ERR_NOTFOUND /
 * ERR_FORBIDDEN as authz_check(). Every change is written to the audit log in its
 * transaction, with ids and codes only.
 *
 * Forwarding moves the entry and its application to another office of the SAME authority
 * (applications of another authority would have to move their blobs too: not done here); the
 * application's timeline gets a row that names the new office (the citizen sees it), the
 * note stays with the entry for the clerks.
 *
 * Memory: results live in the arena passed in. Thread-safe (no state). */
#ifndef RATHAUS_DOMAIN_EINGANG_H
#define RATHAUS_DOMAIN_EINGANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "domain/vorgang.h"
#include "store/eingang.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define EINGANG_NOTIZ_MAX   2000
#define EINGANG_BETREFF_MAX 300
#define EINGANG_DATEI_MAX   (16 * 1024 * 1024)

/* Inside the submission's transaction (domain/antrag_einreichung.c): the inbox row of
 * application `antrag_id` in its office. Idempotent. */
RH_MUST_CHECK int posteingang_bei_einreichung(struct db_conn *c, int64_t antrag_id, int64_t jetzt);

struct posteingang_filter {
    int64_t oe_id;           /* 0: every office `who` sees */
    const char *status;      /* NULL: any; must be valid */
    const char *leistung_id; /* NULL: any */
    const char *von, *bis;   /* 'YYYY-MM-DD' (German days, inclusive), NULL: open */
    const char *bearbeitung; /* NULL any, "ich", "niemand", or an account id */
    const char *sort;        /* NULL / "neueste", "aelteste" */
    int64_t limit;           /* 1..AMT_LISTE_MAX */
    const char *cursor;
};

struct posteingang_seite {
    struct eingang_row *items;
    size_t n;
    const char *next_cursor; /* NULL: last page */
    struct eingang_zaehler zaehler;
};

/* The entries `who` may see. ERR_INVALID with *bad naming the parameter. */
RH_MUST_CHECK int posteingang_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                    const struct posteingang_filter *f,
                                    struct posteingang_seite *out, const char **bad);

/* One entry (AUTHZ_VORGANG_LESEN); logs the read. */
RH_MUST_CHECK int posteingang_lesen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                    const struct actor *who, int64_t id, struct eingang_row *out);

/* Take entry `id` ('neu' or 'zugewiesen'): a case in file `akte_id`, or, with akte_id 0, in a
 * new file under `neue_akte` (aktenplan, titel; office: the entry's). The case's betreff is the
 * entry's (the Leistung's name), the clerk works on it, the application's status becomes
 * in_bearbeitung. ERR_INVALID with *fehler; ERR_CONFLICT when it was taken or moved. */
RH_MUST_CHECK int posteingang_uebernehmen(struct db_conn *c, struct arena *a,
                                          const struct umfeld *u, const struct actor *who,
                                          int64_t id, int64_t akte_id,
                                          const struct akte_neu *neue_akte, struct vorgang_row *out,
                                          struct feld_fehler *fehler);

/* Assign entry `id` to clerk `konto_id` of its authority (and office, when the colleague is
 * bound to offices). ERR_INVALID with *fehler ("konto_id"); ERR_CONFLICT when taken. */
RH_MUST_CHECK int posteingang_zuweisen(struct db_conn *c, const struct umfeld *u,
                                       const struct actor *who, int64_t id, int64_t konto_id,
                                       struct feld_fehler *fehler);

/* Forward entry `id` to office `oe_id` of the same authority with a note (may be NULL). */
RH_MUST_CHECK int posteingang_weiterleiten(struct db_conn *c, struct arena *a,
                                           const struct umfeld *u, const struct actor *who,
                                           int64_t id, int64_t oe_id, const char *notiz,
                                           struct feld_fehler *fehler);

/* Post a document by hand into office `oe_id`'s inbox (0: the clerk's office). `typ` is the
 * media type found by content by the caller. *id gets the entry. */
struct posteingang_dokument_neu {
    int64_t oe_id;
    const char *betreff, *dateiname, *typ, *notiz;
    const void *inhalt;
    size_t len;
};
RH_MUST_CHECK int posteingang_dokument(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       const struct actor *who,
                                       const struct posteingang_dokument_neu *n, int64_t *id,
                                       struct feld_fehler *fehler);

/* Whether `who` may post documents into an inbox at all (a clerk who may change cases):
 * ERR_OK, ERR_NOTFOUND, ERR_FORBIDDEN, ERR_UNAUTHORIZED. For faces that check before they
 * read a large body. */
RH_MUST_CHECK int posteingang_darf_schreiben(const struct actor *who);

/* German label of an entry status; NULL for unknown. */
const char *posteingang_status_label(const char *s);

#endif
