/* store/bericht: grouped counts for the reports to the ministry (domain/bericht.h) and the
 * funding programme (domain/foerderprogramm.h). `kreis_ags` NULL means the whole Land.
 * Times are unix seconds, the period [von, bis). Only counts and sums: no personal data. */
#ifndef RATHAUS_STORE_BERICHT_H
#define RATHAUS_STORE_BERICHT_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct bericht_zaehler {
    const char *a, *b; /* e.g. kategorie, status */
    int64_t n;
};

/* Requests filed in the period, per (kategorie, status). */
RH_MUST_CHECK int store_bericht_anfragen(struct db_conn *c, struct arena *a, const char *kreis_ags,
                                         int64_t von, int64_t bis, struct bericht_zaehler **out,
                                         size_t *n);
/* Authorities (municipalities) that filed a request in the period. */
RH_MUST_CHECK int store_bericht_unterstuetzt(struct db_conn *c, const char *kreis_ags, int64_t von,
                                             int64_t bis, int64_t *n);
/* Events beginning in the period (not cancelled) and their confirmed registrations. */
RH_MUST_CHECK int store_bericht_termine(struct db_conn *c, const char *kreis_ags, int64_t von,
                                        int64_t bis, int64_t *n_termine, int64_t *n_teilnehmende);

struct foerder_zeile {
    int64_t periode_id;
    const char *periode, *beginn, *ende;
    int64_t koordinator_id;
    const char *koordinator, *kreis_ags, *verband; /* kreis or verband */
    int64_t budget_cent, ausgaben_cent;
};

/* Budget and expenses per period and funded position (only positions of `kreis_ags` when
 * given), by period start and position name. */
RH_MUST_CHECK int store_foerder_stand(struct db_conn *c, struct arena *a, const char *kreis_ags,
                                      struct foerder_zeile **out, size_t *n);
RH_MUST_CHECK int store_foerder_periode_insert(struct db_conn *c, const char *name,
                                               const char *beginn, const char *ende, int64_t *id);
/* The position of a Kreis or an association, made when missing; *id gets it. */
RH_MUST_CHECK int store_foerder_koordinator(struct db_conn *c, const char *kreis_ags,
                                            const char *verband, const char *name, int64_t *id);
RH_MUST_CHECK int store_foerder_budget_put(struct db_conn *c, int64_t periode_id,
                                           int64_t koordinator_id, int64_t betrag_cent);
RH_MUST_CHECK int store_foerder_ausgabe_insert(struct db_conn *c, int64_t periode_id,
                                               int64_t koordinator_id, const char *datum,
                                               int64_t betrag_cent, const char *zweck,
                                               int64_t konto_id, int64_t jetzt);
/* The period `id`: its dates (arena); ERR_NOTFOUND. */
RH_MUST_CHECK int store_foerder_periode(struct db_conn *c, struct arena *a, int64_t id,
                                        const char **beginn, const char **ende);

#endif
