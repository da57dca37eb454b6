/* store/archiv: SQL of retention and hand-over — closing files (zdA) and reopening them, the
 * files whose retention ended, the records of an Aussonderung (aussonderung,
 * aussonderung_objekt), deleting a file's content after the hand-over, reading a whole file for
 * an export (store/archiv_inhalt.c) and reading the audit log for display. Plain reads and
 * writes, no roles: domain/archiv.h decides. Strings are copied into the caller's arena. */
#ifndef RATHAUS_STORE_ARCHIV_H
#define RATHAUS_STORE_ARCHIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/protokoll.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* --- zdA --- */

/* Unfinished follow-ups of case `vorgang_id`. */
RH_MUST_CHECK int store_archiv_offene_wiedervorlagen(struct db_conn *c, int64_t vorgang_id,
                                                     int64_t *n);
/* Cases of file `akte_id`: how many, how many are not zdA, the latest zda_zeitpunkt (0: none). */
RH_MUST_CHECK int store_archiv_akte_stand(struct db_conn *c, int64_t akte_id, int64_t *n_gesamt,
                                          int64_t *n_offen, int64_t *letzte_zda);
/* Close file `akte_id` if it is 'offen'; bis may be NULL (kept permanently). *changes. */
RH_MUST_CHECK int store_archiv_akte_zda(struct db_conn *c, int64_t akte_id, int64_t zda,
                                        const char *bis, int64_t jetzt, int64_t *changes);
/* Reopen file `akte_id` if it is 'zda'; clears zda_zeitpunkt and aufbewahrung_bis. */
RH_MUST_CHECK int store_archiv_akte_oeffnen(struct db_conn *c, int64_t akte_id, int64_t jetzt,
                                            int64_t *changes);

/* --- due files, Aussonderung --- */

struct archiv_akte_kurz {
    int64_t id, behoerde_id, aktenplan_id, zda_zeitpunkt;
    const char *aktenzeichen, *titel, *status, *aufbewahrung_bis; /* bis may be NULL */
    int64_t n_vorgaenge, n_dokumente;
};

/* Files of `behoerde_id` in status 'zda' whose aufbewahrung_bis is before `heute`
 * ('YYYY-MM-DD'), oldest first, at most `max`. */
RH_MUST_CHECK int store_archiv_faellig(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                       const char *heute, size_t max, struct archiv_akte_kurz **out,
                                       size_t *n);
/* One file as above, any status. ERR_NOTFOUND. */
RH_MUST_CHECK int store_archiv_akte_kurz(struct db_conn *c, struct arena *a, int64_t akte_id,
                                         struct archiv_akte_kurz *out);

struct aussonderung_row {
    int64_t id, behoerde_id, konto_id, erstellt, quittiert; /* quittiert 0: not yet */
    const char *art, *status, *nachricht_kennung, *sha256;  /* kennung, sha256 may be NULL */
};

struct aussonderung_objekt_row {
    int64_t aussonderung_id, behoerde_id, akte_id, zda_zeitpunkt, n_vorgaenge, n_dokumente;
    const char *aktenzeichen, *titel, *aufbewahrung_bis, *archivwuerdigkeit;
};

RH_MUST_CHECK int store_archiv_aussonderung_insert(struct db_conn *c, struct aussonderung_row *x);
RH_MUST_CHECK int store_archiv_objekt_insert(struct db_conn *c,
                                             const struct aussonderung_objekt_row *x);
/* Aussonderung `id` with its objects. ERR_NOTFOUND. */
RH_MUST_CHECK int store_archiv_aussonderung_get(struct db_conn *c, struct arena *a, int64_t id,
                                                struct aussonderung_row *out,
                                                struct aussonderung_objekt_row **objekte,
                                                size_t *n);
/* The Aussonderungen of an authority, newest first, at most `max`. */
RH_MUST_CHECK int store_archiv_aussonderungen(struct db_conn *c, struct arena *a,
                                              int64_t behoerde_id, size_t max,
                                              struct aussonderung_row **out, size_t *n);
/* Set status 'quittiert' and the time if it is 'exportiert'; *changes. */
RH_MUST_CHECK int store_archiv_aussonderung_quittieren(struct db_conn *c, int64_t id, int64_t jetzt,
                                                       int64_t *changes);
/* True when file `akte_id` is in an Aussonderung still waiting for its receipt. */
RH_MUST_CHECK int store_archiv_akte_in_abgabe(struct db_conn *c, int64_t akte_id, bool *ja);

/* Delete the content of file `akte_id` of `behoerde_id`: search rows, texts, decisions,
 * versions, documents, notes, follow-ups and cases (inbox rows are unlinked), then blobs no
 * longer referenced; the file row stays, in status 'ausgesondert'. */
RH_MUST_CHECK int store_archiv_akte_inhalt_loeschen(struct db_conn *c, int64_t behoerde_id,
                                                    int64_t akte_id, int64_t jetzt);

/* --- a whole file, for the exports (store/archiv_inhalt.c) --- */

struct archiv_vorgang {
    int64_t id, laufnummer, antrag_id, konto_id, bearbeitung_konto_id, erstellt, geaendert,
        zda_zeitpunkt;
    const char *aktenzeichen, *betreff, *status, *leistung_id;
};
struct archiv_version {
    int64_t id, dokument_id, version, groesse, konto_id, erstellt;
    const char *sha256, *dateiname, *typ;
};
struct archiv_dokument {
    int64_t id, vorgang_id, aktuelle_version, konto_id, erstellt, geaendert;
    const char *titel, *art;
    bool is_final;
};
struct archiv_vermerk {
    int64_t id, vorgang_id, konto_id, erstellt;
    const char *text;
};
struct archiv_wiedervorlage {
    int64_t id, vorgang_id, konto_id, erstellt, erledigt;
    const char *datum, *grund;
};
struct archiv_akte {
    int64_t id, behoerde_id, oe_id, aktenplan_id, laufnummer, konto_id, erstellt, geaendert,
        zda_zeitpunkt;
    const char *aktenzeichen, *titel, *status, *aufbewahrung_bis;
    const char *behoerde_name, *behoerde_schluessel, *oe_name;
    struct archiv_vorgang *vorgaenge;
    size_t n_vorgaenge;
    struct archiv_dokument *dokumente; /* ordered by vorgang, id */
    size_t n_dokumente;
    struct archiv_version *versionen; /* ordered by dokument, version */
    size_t n_versionen;
    struct archiv_vermerk *vermerke;
    size_t n_vermerke;
    struct archiv_wiedervorlage *wiedervorlagen;
    size_t n_wiedervorlagen;
};

/* Everything of file `akte_id`. ERR_NOTFOUND. */
RH_MUST_CHECK int store_archiv_akte_laden(struct db_conn *c, struct arena *a, int64_t akte_id,
                                          struct archiv_akte *out);

/* --- the audit log, for display --- */

struct archiv_protokoll_row {
    int64_t id, kette, folge, zeitpunkt, konto_id;
    const char *aktion, *objekt_typ, *objekt_id, *herkunft, *detail, *hash;
};

struct archiv_protokoll_filter {
    int64_t kette;
    const char *aktion; /* NULL: any */
    int64_t von, bis;   /* zeitpunkt range, 0: open */
    int64_t vor_folge;  /* entries with folge < this; 0: from the newest */
    int64_t limit;
};

/* Entries of one chain, newest first. */
RH_MUST_CHECK int store_archiv_protokoll_seite(struct db_conn *c, struct arena *a,
                                               const struct archiv_protokoll_filter *f,
                                               struct archiv_protokoll_row **out, size_t *n);
/* Entries of chain `behoerde_id` about file `akte_id`, its cases and documents, oldest first. */
RH_MUST_CHECK int store_archiv_protokoll_akte(struct db_conn *c, struct arena *a,
                                              int64_t behoerde_id, int64_t akte_id,
                                              struct archiv_protokoll_row **out, size_t *n);
/* The id of entry (kette, folge); ERR_NOTFOUND. */
RH_MUST_CHECK int store_archiv_protokoll_id(struct db_conn *c, int64_t kette, int64_t folge,
                                            int64_t *id);
/* Every chain that has entries or a head, ascending. */
RH_MUST_CHECK int store_archiv_ketten(struct db_conn *c, struct arena *a, int64_t **out, size_t *n);

#endif
