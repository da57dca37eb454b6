/* store/vorgang: SQL of the Amt face's files (akte), cases (vorgang), notes (vermerk) and
 * follow-ups (wiedervorlage) of migration 0005, plus the owner look-ups behind
 * domain/amt_zugriff.h. Plain reads and writes, no roles: domain/vorgang.h decides. Strings
 * read are copied into the arena passed in. State-dependent writes are conditional UPDATEs
 * whose *changes tells whether they applied (no expected failures inside a PostgreSQL
 * transaction). */
#ifndef RATHAUS_STORE_VORGANG_H
#define RATHAUS_STORE_VORGANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/amt_zugriff.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* Owner and state of case / file `id`. ERR_NOTFOUND for an unknown id. */
RH_MUST_CHECK int store_vorgang_kopf(struct db_conn *c, int64_t id, struct amt_vorgang_kopf *out);
RH_MUST_CHECK int store_akte_kopf(struct db_conn *c, int64_t id, struct amt_akte_kopf *out);

struct akte_row {
    int64_t id, behoerde_id, oe_id, aktenplan_id, laufnummer;
    const char *aktenzeichen, *titel, *status;
    const char *oe_name, *aktenplan_kennzeichen, *aktenplan_titel;
    int64_t konto_id, erstellt, geaendert;
    int64_t n_vorgaenge;
};

struct vorgang_row {
    int64_t id, behoerde_id, oe_id, akte_id, laufnummer;
    const char *aktenzeichen, *betreff, *leistung_id, *status;
    int64_t antrag_id; /* 0: by hand */
    int64_t bearbeitung_konto_id, konto_id, erstellt, geaendert;
    const char *akte_aktenzeichen, *akte_titel, *oe_name;
    const char *bearbeitung_name; /* display name of the clerk, or NULL */
};

struct vermerk_row {
    int64_t id, vorgang_id, konto_id, erstellt;
    const char *text, *konto_name;
};

struct wiedervorlage_row {
    int64_t id, vorgang_id, konto_id, erstellt, erledigt;
    const char *datum, *grund;
    const char *vorgang_aktenzeichen, *vorgang_betreff;
};

/* A list's scope: one authority, one office of it or all (oe_id 0), optional filters. */
struct akte_scope {
    int64_t behoerde_id, oe_id;
    const char *status;           /* NULL: any */
    int64_t akte_id;              /* vorgang lists: 0 any */
    int64_t bearbeitung_konto_id; /* vorgang lists: 0 any */
};

/* The aktenplan row `id`: its authority, kennzeichen (arena) and whether it is active.
 * ERR_NOTFOUND. */
RH_MUST_CHECK int store_aktenplan_eintrag(struct db_conn *c, struct arena *a, int64_t id,
                                          int64_t *behoerde_id, const char **kennzeichen,
                                          bool *is_aktiv);
/* Insert a file with the next running number of its subject; sets x->id, x->laufnummer and
 * x->aktenzeichen (arena: kennzeichen '/' laufnummer). */
RH_MUST_CHECK int store_akte_insert(struct db_conn *c, struct arena *a, const char *kennzeichen,
                                    struct akte_row *x);
RH_MUST_CHECK int store_akte_get(struct db_conn *c, struct arena *a, int64_t id,
                                 struct akte_row *out);
/* Files in scope by id descending, id < vor_id (0: from the newest), at most limit. */
RH_MUST_CHECK int store_akte_list(struct db_conn *c, struct arena *a, const struct akte_scope *s,
                                  int64_t vor_id, int64_t limit, struct akte_row **out, size_t *n);
RH_MUST_CHECK int store_akte_touch(struct db_conn *c, int64_t id, int64_t jetzt);

/* Insert a case with the next running number of its file; sets x->id, x->laufnummer and
 * x->aktenzeichen (arena: the file's aktenzeichen '-' laufnummer). */
RH_MUST_CHECK int store_vorgang_insert(struct db_conn *c, struct arena *a,
                                       const char *akte_aktenzeichen, struct vorgang_row *x);
RH_MUST_CHECK int store_vorgang_get(struct db_conn *c, struct arena *a, int64_t id,
                                    struct vorgang_row *out);
/* Cases in scope by id descending, id < vor_id (0: from the newest), at most limit. */
RH_MUST_CHECK int store_vorgang_list(struct db_conn *c, struct arena *a, const struct akte_scope *s,
                                     int64_t vor_id, int64_t limit, struct vorgang_row **out,
                                     size_t *n);
/* Set status (and zda_zeitpunkt when 'zda') if the case is in status `alt`; *changes. */
RH_MUST_CHECK int store_vorgang_status(struct db_conn *c, int64_t id, const char *alt,
                                       const char *neu, int64_t jetzt, int64_t *changes);
/* Set the clerk working on it (0: nobody). */
RH_MUST_CHECK int store_vorgang_bearbeitung(struct db_conn *c, int64_t id, int64_t konto_id,
                                            int64_t jetzt);
/* Case counts of the clerk `konto_id` in authority `behoerde_id` that are not closed. */
RH_MUST_CHECK int store_vorgang_zaehlen_offen(struct db_conn *c, int64_t behoerde_id,
                                              int64_t konto_id, int64_t *n);

RH_MUST_CHECK int store_vermerk_insert(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id,
                                       const char *text, int64_t konto_id, int64_t jetzt,
                                       int64_t *id);
RH_MUST_CHECK int store_vermerk_list(struct db_conn *c, struct arena *a, int64_t vorgang_id,
                                     struct vermerk_row **out, size_t *n);

RH_MUST_CHECK int store_wiedervorlage_insert(struct db_conn *c, int64_t behoerde_id,
                                             int64_t vorgang_id, int64_t konto_id,
                                             const char *datum, const char *grund, int64_t jetzt,
                                             int64_t *id);
/* Follow-ups of a case, by date. */
RH_MUST_CHECK int store_wiedervorlage_list(struct db_conn *c, struct arena *a, int64_t vorgang_id,
                                           struct wiedervorlage_row **out, size_t *n);
/* Open follow-ups of account `konto_id` in authority `behoerde_id` by date, at most limit. */
RH_MUST_CHECK int store_wiedervorlage_offen(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                            int64_t konto_id, int64_t limit,
                                            struct wiedervorlage_row **out, size_t *n);
/* Follow-up `id`: its case and account. ERR_NOTFOUND. */
RH_MUST_CHECK int store_wiedervorlage_get(struct db_conn *c, struct arena *a, int64_t id,
                                          struct wiedervorlage_row *out);
/* Mark done when open; *changes. */
RH_MUST_CHECK int store_wiedervorlage_erledigt(struct db_conn *c, int64_t id, int64_t jetzt,
                                               int64_t *changes);

/* Whether account `konto_id` is active staff (sachbearbeitung) of authority `behoerde_id` and,
 * when it is bound to offices, of office `oe_id` (0: any). */
RH_MUST_CHECK int store_amt_konto_ist_sb(struct db_conn *c, int64_t konto_id, int64_t behoerde_id,
                                         int64_t oe_id, bool *ja);
/* Whether office `oe_id` belongs to authority `behoerde_id`. */
RH_MUST_CHECK int store_amt_oe_gehoert(struct db_conn *c, int64_t oe_id, int64_t behoerde_id,
                                       bool *ja);

#endif
