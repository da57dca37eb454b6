/* store/anfrage: SQL of the support requests (Anfragen) of municipalities to their
 * coordinators, their replies and internal notes, attachments and linked articles. Rows come
 * back in the arena passed in. No roles here: the domain (domain/anfrage.h) decides who may
 * see what, and passes the scope of a list (Kreise or authorities) as plain values. */
#ifndef RATHAUS_STORE_ANFRAGE_H
#define RATHAUS_STORE_ANFRAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct anfrage_row {
    int64_t id, behoerde_id;
    const char *behoerde; /* the requesting authority's name */
    const char *kreis_ags, *kategorie, *betreff, *text, *status;
    int64_t ozg_id; /* 0: none */
    int64_t erstellt_konto_id, zugewiesen_konto_id;
    int64_t erstellt, geaendert, faellig, erledigt_am;
    int64_t n_antworten; /* lists: replies visible to the reader */
};

struct anfrage_antwort_row {
    int64_t id, konto_id;
    bool von_koordination, is_intern;
    const char *text;
    int64_t erstellt;
};

struct anfrage_anlage_row {
    int64_t id;
    const char *name, *typ, *sha256;
    int64_t groesse, erstellt;
};

/* What a list may contain: every request (is_alle), those of the Kreise in `kreise`, and
 * those of the authorities in `behoerden`; filters may be NULL/0. */
struct anfrage_scope {
    bool is_alle;
    const char *const *kreise;
    size_t n_kreise;
    const int64_t *behoerden;
    size_t n_behoerden;
    const char *status, *kategorie;
    int64_t zugewiesen; /* 0: any */
    bool mit_intern;    /* count internal notes in n_antworten */
};

RH_MUST_CHECK int store_anfrage_insert(struct db_conn *c, const struct anfrage_row *a, int64_t *id);
/* ERR_NOTFOUND for an unknown id. */
RH_MUST_CHECK int store_anfrage_get(struct db_conn *c, struct arena *a, int64_t id,
                                    struct anfrage_row *out);
/* Requests in scope ordered by (faellig, id) after (after_faellig, after_id) (0, 0: from the
 * start); at most `limit`. Each Kreis and authority of the scope is read with its own indexed
 * query and the results are merged. */
RH_MUST_CHECK int store_anfrage_list(struct db_conn *c, struct arena *a,
                                     const struct anfrage_scope *s, int64_t after_faellig,
                                     int64_t after_id, int64_t limit, struct anfrage_row **out,
                                     size_t *n);
/* Set status, assignment (0: none), due date, erledigt_am and geaendert. */
RH_MUST_CHECK int store_anfrage_update(struct db_conn *c, const struct anfrage_row *a);

RH_MUST_CHECK int store_anfrage_antwort_insert(struct db_conn *c, int64_t anfrage_id,
                                               int64_t behoerde_id,
                                               const struct anfrage_antwort_row *r, int64_t *id);
/* Replies by id; internal notes only when `mit_intern`. */
RH_MUST_CHECK int store_anfrage_antworten(struct db_conn *c, struct arena *a, int64_t anfrage_id,
                                          bool mit_intern, struct anfrage_antwort_row **out,
                                          size_t *n);

RH_MUST_CHECK int store_anfrage_anlage_insert(struct db_conn *c, int64_t anfrage_id,
                                              int64_t behoerde_id, const char *name,
                                              const char *typ, const char *sha256,
                                              const void *inhalt, size_t len, int64_t jetzt,
                                              int64_t *id);
RH_MUST_CHECK int store_anfrage_anlagen(struct db_conn *c, struct arena *a, int64_t anfrage_id,
                                        struct anfrage_anlage_row **out, size_t *n);
/* The bytes of attachment `id` of request `anfrage_id` (arena); ERR_NOTFOUND. */
RH_MUST_CHECK int store_anfrage_anlage_inhalt(struct db_conn *c, struct arena *a,
                                              int64_t anfrage_id, int64_t id,
                                              struct anfrage_anlage_row *meta, const void **p,
                                              size_t *len);

/* Link an article (no-op when linked); ids of the linked articles. */
RH_MUST_CHECK int store_anfrage_artikel_link(struct db_conn *c, int64_t anfrage_id,
                                             int64_t artikel_id);
RH_MUST_CHECK int store_anfrage_artikel_exists(struct db_conn *c, int64_t artikel_id, bool *exists);
RH_MUST_CHECK int store_anfrage_artikel(struct db_conn *c, struct arena *a, int64_t anfrage_id,
                                        int64_t **ids, size_t *n);

/* E-mail addresses of active accounts with the koordination role for `kreis_ags` (NULL: the
 * statewide ones), and the address of account `konto_id` (*out NULL when inactive/gone). */
RH_MUST_CHECK int store_anfrage_koordination_emails(struct db_conn *c, struct arena *a,
                                                    const char *kreis_ags, const char ***out,
                                                    size_t *n);
RH_MUST_CHECK int store_anfrage_konto_email(struct db_conn *c, struct arena *a, int64_t konto_id,
                                            const char **out);

/* Name and Kreis of authority `id`; ERR_NOTFOUND. */
RH_MUST_CHECK int store_anfrage_behoerde(struct db_conn *c, struct arena *a, int64_t id,
                                         const char **name, const char **kreis_ags);

#endif
