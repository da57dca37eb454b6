/* store/amt_auswahl: SQL of what the Amt pages need besides files and cases
 * (store/vorgang.h): the choices of their forms (offices, clerks, file plan subjects, open
 * files), the documents and mailbox messages shown on a case, and the targets of the demo
 * data. Plain reads, no roles; strings are copied into the arena passed in. */
#ifndef RATHAUS_STORE_AMT_AUSWAHL_H
#define RATHAUS_STORE_AMT_AUSWAHL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/postfach.h"
#include "util/arena.h"
#include "util/err.h"

struct db_conn;

/* A document of a case with its newest version (table dokument of helper "dok"). */
struct vorgang_dokument {
    int64_t id, version, groesse, geaendert;
    const char *titel, *art, *dateiname, *typ; /* dateiname, typ NULL without a version */
    bool is_final;
};

/* Documents of case `vorgang_id` by id. */
RH_MUST_CHECK int store_vorgang_dokumente(struct db_conn *c, struct arena *a, int64_t vorgang_id,
                                          struct vorgang_dokument **out, size_t *n);
/* Mailbox messages about application `antrag_id` (both directions), oldest first, without
 * attachments; at most 200. */
RH_MUST_CHECK int store_vorgang_nachrichten(struct db_conn *c, struct arena *a, int64_t antrag_id,
                                            struct nachricht **out, size_t *n);

/* Choices for the Amt forms: id and a display name (arena), at most 500, by name. */
struct amt_auswahl {
    int64_t id;
    const char *name;
};
/* The offices of authority `behoerde_id`. */
RH_MUST_CHECK int store_amt_oe_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                       struct amt_auswahl **out, size_t *n);
/* Active clerks of the authority who may work in office `oe_id` (unbound ones or bound to it;
 * oe_id 0: all); name: the e-mail address. */
RH_MUST_CHECK int store_amt_sb_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                       int64_t oe_id, struct amt_auswahl **out, size_t *n);
/* Active subjects of the file plan: "kennzeichen titel". */
RH_MUST_CHECK int store_amt_aktenplan_auswahl(struct db_conn *c, struct arena *a,
                                              int64_t behoerde_id, struct amt_auswahl **out,
                                              size_t *n);
/* Open files of the office (0: all): "aktenzeichen titel". */
RH_MUST_CHECK int store_amt_akten_auswahl(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                          int64_t oe_id, struct amt_auswahl **out, size_t *n);

/* The demo (rathaus demo): the demo authorities of Heidelberg (08221) without any file that
 * have an office and the active file plan subjects '021' and '101' of the demo plan. */
struct amt_demo_ziel {
    int64_t behoerde_id, oe_id, plan_a, plan_b;
    const char *kz_a, *kz_b;
};
RH_MUST_CHECK int store_amt_demo_ziele(struct db_conn *c, struct arena *a,
                                       struct amt_demo_ziel **out, size_t *n);

#endif
