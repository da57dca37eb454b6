/* store/bescheid: SQL of decision templates (bescheid_vorlage), decisions (bescheid) and the
 * offices' co-signing setting (organisationseinheit.mitzeichnung), tables of 0005. Status
 * changes are conditional UPDATEs (WHERE status = ...): *changes says whether they applied,
 * so two clerks acting at once cannot both send or co-sign. Rows in the arena. No roles. */
#ifndef RATHAUS_STORE_BESCHEID_H
#define RATHAUS_STORE_BESCHEID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/err.h"

struct db_conn;

struct bescheid_vorlage_row {
    int64_t id, behoerde_id, oe_id; /* oe_id 0: every office */
    const char *leistung_id;        /* may be NULL */
    const char *name, *betreff, *text;
    bool is_demo;
    int64_t erstellt, geaendert;
};

struct bescheid_row {
    int64_t id, behoerde_id, vorgang_id, vorlage_id, konto_id; /* ids 0 when NULL */
    const char *betreff, *text, *status;
    int64_t mitzeichnung_konto_id, mitzeichnung_zeitpunkt, dokument_id, nachricht_id;
    int64_t erstellt, versandt;
};

/* Insert (v->id set); *konflikt when the name is taken in the authority (nothing inserted). */
RH_MUST_CHECK int store_bescheid_vorlage_insert(struct db_conn *c, struct bescheid_vorlage_row *v,
                                                bool *konflikt);
/* Update name, betreff, text, oe_id, leistung_id of (behoerde_id, id); *changes 0 when there is
 * none; *konflikt when the name is taken by another template. */
RH_MUST_CHECK int store_bescheid_vorlage_update(struct db_conn *c,
                                                const struct bescheid_vorlage_row *v,
                                                int64_t *changes, bool *konflikt);
RH_MUST_CHECK int store_bescheid_vorlage_get(struct db_conn *c, struct arena *a, int64_t id,
                                             struct bescheid_vorlage_row *out);
/* The templates of an authority by name (at most 500). */
RH_MUST_CHECK int store_bescheid_vorlage_list(struct db_conn *c, struct arena *a,
                                              int64_t behoerde_id,
                                              struct bescheid_vorlage_row **out, size_t *n);

RH_MUST_CHECK int store_bescheid_insert(struct db_conn *c, struct bescheid_row *b);
RH_MUST_CHECK int store_bescheid_get(struct db_conn *c, struct arena *a, int64_t id,
                                     struct bescheid_row *out);
/* The decisions of a case, newest first (at most 100). */
RH_MUST_CHECK int store_bescheid_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                      int64_t vorgang_id, struct bescheid_row **out, size_t *n);
/* Open decisions (entwurf, mitzeichnung) of a case. */
RH_MUST_CHECK int store_bescheid_offen(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id,
                                       int64_t *n);
/* status von → nach; *changes 0 when it was not `von`. */
RH_MUST_CHECK int store_bescheid_status(struct db_conn *c, int64_t id, const char *von,
                                        const char *nach, int64_t *changes);
/* Record the co-signer. */
RH_MUST_CHECK int store_bescheid_mitzeichnung(struct db_conn *c, int64_t id, int64_t konto_id,
                                              int64_t jetzt);
/* From `von` to 'versandt' with the filed document and the message (0: none). */
RH_MUST_CHECK int store_bescheid_versandt(struct db_conn *c, int64_t id, const char *von,
                                          int64_t dokument_id, int64_t nachricht_id, int64_t jetzt,
                                          int64_t *changes);

/* The co-signing setting of office `oe_id` and its authority. ERR_NOTFOUND. */
RH_MUST_CHECK int store_oe_mitzeichnung_get(struct db_conn *c, int64_t oe_id, int64_t *behoerde_id,
                                            bool *mitzeichnung);
RH_MUST_CHECK int store_oe_mitzeichnung_set(struct db_conn *c, int64_t oe_id, bool mitzeichnung);

struct bescheid_oe_row {
    int64_t id;
    const char *name;
    bool mitzeichnung;
};
/* The offices of an authority with their co-signing setting, by name. */
RH_MUST_CHECK int store_bescheid_oe_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                         struct bescheid_oe_row **out, size_t *n);

/* The ids of the demo authorities (behoerde.is_demo = 1), at most 1000. */
RH_MUST_CHECK int store_bescheid_demo_behoerden(struct db_conn *c, struct arena *a, int64_t **out,
                                                size_t *n);

#endif
