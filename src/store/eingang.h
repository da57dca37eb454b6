/* store/eingang: SQL of the office inbox (table eingang of migration 0005): incoming
 * applications and documents posted by hand, their assignment, forwarding and take-over.
 * (The receipt functions store_eingang_* of store/antrag.h are about something else: the
 * Eingangsbestaetigung; this module's functions are store_posteingang_*.) Plain reads and
 * writes, no roles: domain/eingang.h decides. Strings are copied into the arena passed in;
 * state-dependent writes report through *changes. */
#ifndef RATHAUS_STORE_EINGANG_H
#define RATHAUS_STORE_EINGANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct eingang_row {
    int64_t id, behoerde_id, oe_id;
    const char *art;                      /* 'antrag' or 'dokument' */
    int64_t antrag_id;                    /* 0 for a document */
    const char *sha256, *dateiname, *typ; /* documents; NULL for applications */
    int64_t groesse;
    const char *betreff, *leistung_id, *status;
    int64_t zugewiesen_konto_id, vorgang_id;
    const char *notiz;
    int64_t eingegangen, geaendert;
    const char *oe_name, *zugewiesen_name, *vorgang_aktenzeichen; /* may be NULL */
    const char *gemeinde_ags;                                     /* applications */
};

/* Sort orders of a list. */
enum eingang_sort { EINGANG_NEUESTE, EINGANG_AELTESTE };

struct eingang_scope {
    int64_t behoerde_id, oe_id; /* oe_id 0: every office */
    const char *status;         /* NULL: every status */
    const char *leistung_id;    /* NULL: any */
    int64_t von, bis;           /* eingegangen in [von, bis); 0: open */
    int64_t zugewiesen;         /* 0: any; -1: nobody */
    enum eingang_sort sort;
};

/* The inbox row of submitted application `antrag_id` in its office, betreff the Leistung's
 * name, unless there is one. */
RH_MUST_CHECK int store_posteingang_aus_antrag(struct db_conn *c, int64_t antrag_id, int64_t jetzt);
/* A document posted by hand (its blob must exist). */
RH_MUST_CHECK int store_posteingang_dokument(struct db_conn *c, const struct eingang_row *x,
                                             int64_t *id);
RH_MUST_CHECK int store_posteingang_get(struct db_conn *c, struct arena *a, int64_t id,
                                        struct eingang_row *out);
/* Rows in scope in the order asked, after the row (nach_zeit, nach_id) (0, 0: from the
 * start), at most limit. */
RH_MUST_CHECK int store_posteingang_list(struct db_conn *c, struct arena *a,
                                         const struct eingang_scope *s, int64_t nach_zeit,
                                         int64_t nach_id, int64_t limit, struct eingang_row **out,
                                         size_t *n);
/* Rows per status in scope (only behoerde_id and oe_id of s count): neu, zugewiesen,
 * uebernommen, weitergeleitet, erledigt. */
struct eingang_zaehler {
    int64_t neu, zugewiesen, uebernommen, weitergeleitet, erledigt;
};
RH_MUST_CHECK int store_posteingang_zaehlen(struct db_conn *c, const struct eingang_scope *s,
                                            struct eingang_zaehler *out);
/* Change row `id` if it is in status `alt`: status, assigned account (0: none), case
 * (0: none), office, note (NULL: keep); *changes. */
RH_MUST_CHECK int store_posteingang_setzen(struct db_conn *c, int64_t id, const char *alt,
                                           const char *neu, int64_t zugewiesen, int64_t vorgang_id,
                                           int64_t oe_id, const char *notiz, int64_t jetzt,
                                           int64_t *changes);
/* Move application `antrag_id` to office `oe_id` (same authority). */
RH_MUST_CHECK int store_posteingang_antrag_oe(struct db_conn *c, int64_t antrag_id, int64_t oe_id,
                                              int64_t jetzt);
/* The name of office `oe_id` of authority `behoerde_id` (arena); ERR_NOTFOUND. */
RH_MUST_CHECK int store_posteingang_oe_name(struct db_conn *c, struct arena *a, int64_t oe_id,
                                            int64_t behoerde_id, const char **name);

#endif
