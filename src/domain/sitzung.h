/* sitzung: server-side login sessions.
 *
 * The browser holds a random id (cookie rathaus_sitzung, SCHLUESSEL_TEXT_LEN characters); the
 * database holds only its SHA-256. A session ends after SITZUNG_LEERLAUF seconds without use
 * (idle expiry) and SITZUNG_HOECHSTDAUER seconds after login (absolute expiry), whatever
 * happens; a session at stufe 1 (second factor outstanding) lives SITZUNG_FAKTOR_FRIST
 * seconds and allows nothing but entering the code. Every login makes a new id.
 * Thread-safe; memory in the arena given. */
#ifndef RATHAUS_DOMAIN_SITZUNG_H
#define RATHAUS_DOMAIN_SITZUNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/authz.h"
#include "domain/schluessel.h"
#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

#define SITZUNG_LEERLAUF      (30 * 60)
#define SITZUNG_HOECHSTDAUER  (12 * 3600)
#define SITZUNG_FAKTOR_FRIST  (5 * 60)
#define SITZUNG_BERUEHRT_NACH 60 /* last use is written at most once a minute */

struct sitzung {
    int64_t id; /* public number */
    int64_t konto_id;
    int stufe; /* 0: logged in; 1: second factor outstanding */
    int64_t erstellt, zuletzt, ablauf;
    const char *herkunft, *geraet;
    bool is_aktuell; /* the session of the request (sitzung_liste) */
};

/* Create a session for `konto_id` and write its cookie value into `out`. Must run inside
 * the caller's transaction (the login's). */
RH_MUST_CHECK int sitzung_anlegen(struct db_conn *c, const struct umfeld *u, int64_t konto_id,
                                  int stufe, char out[SCHLUESSEL_TEXT_LEN + 1]);

/* The live session for the cookie value `wert`; notes its use. ERR_UNAUTHORIZED for a
 * malformed, unknown or expired one (expired ones are deleted). */
RH_MUST_CHECK int sitzung_aufloesen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                    const char *wert, struct sitzung *out);

/* End the session with cookie value `wert`; ERR_OK also when there is none. May run inside
 * or outside a transaction. */
RH_MUST_CHECK int sitzung_beenden_wert(struct db_conn *c, const char *wert);

/* The own sessions of `who` (SITZUNG_LESEN), newest first; `aktuell` (may be 0) marks the
 * request's own. */
RH_MUST_CHECK int sitzung_liste(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                const struct actor *who, int64_t aktuell, struct sitzung **out,
                                size_t *n);

/* End the own session number `id` (SITZUNG_BEENDEN). ERR_NOTFOUND for another's or none. */
RH_MUST_CHECK int sitzung_beenden(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t id);

#endif
