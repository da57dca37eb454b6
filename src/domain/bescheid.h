/* bescheid: decisions (Bescheide) of cases and the templates they are drafted from.
 *
 * Templates (bescheid_vorlage) belong to an authority; admins of the authority write them
 * (AUTHZ_BEHOERDE_VERWALTEN), its clerks read them. Their betreff and text hold fields in
 * double braces, filled when a decision is drafted:
 *
 *     {{antrag.<feld>}}      an answer of the application (a dotted path into groups;
 *                            yes/no as "ja"/"nein"; empty when missing or no application)
 *     {{antrag.nummer}}      the receipt number of the application
 *     {{vorgang.aktenzeichen}}, {{vorgang.betreff}}, {{behoerde.name}}, {{heute}} (DD.MM.YYYY)
 *
 * Any other field, or a brace that does not close, is refused when a template is saved.
 *
 * A decision is drafted by a clerk of the case (AUTHZ_VORGANG_BEARBEITEN) from free text or
 * a template. When the case's office requires co-signing (organisationseinheit.mitzeichnung,
 * set by an admin), the draft waits in 'mitzeichnung' until a second clerk of the authority —
 * never the drafter — co-signs it (then it is sent at once) or sends it back ('abgelehnt').
 * Otherwise it stays 'entwurf' until a clerk sends it. Sending, in one transaction: the PDF
 * (formats/pdf_bescheid.h) is filed as a final document of art 'bescheid' in the case; for a
 * case made from an application, a message of art 'bescheid' with the PDF attached goes into
 * the applicant's Postfach (when the application has an account); the case and the
 * application become 'beschieden' (domain/vorgang.h). A case may hold one open decision
 * (entwurf or mitzeichnung) at a time. Every step is written to the audit log.
 * Memory in the arena given; thread-safe. */
#ifndef RATHAUS_DOMAIN_BESCHEID_H
#define RATHAUS_DOMAIN_BESCHEID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "store/bescheid.h"
#include "util/arena.h"
#include "util/buf.h"

struct db_conn;

#define BESCHEID_BETREFF_MAX 300   /* characters */
#define BESCHEID_TEXT_MAX    20000 /* bytes */
#define BESCHEID_NAME_MAX    100   /* characters of a template's name */

/* ---- template fields (pure) ---- */

/* The values of the fields; strings borrowed, NULL counts as empty. */
struct bescheid_felder {
    const json_t *antrag_daten; /* the answers (an object), or NULL */
    const char *antrag_nummer, *aktenzeichen, *vorgang_betreff, *behoerde_name, *heute;
};

/* Check the fields of `text`: ERR_OK, or ERR_INVALID with a German reason in *grund (static
 * or in `a`). */
RH_MUST_CHECK int bescheid_vorlage_pruefen(struct arena *a, const char *text, const char **grund);
/* Append `text` with its fields filled to `out`. ERR_INVALID for a text that does not pass
 * bescheid_vorlage_pruefen(); ERR_LIMIT / ERR_NOMEM from the buffer. */
RH_MUST_CHECK int bescheid_fuellen(const char *text, const struct bescheid_felder *f,
                                   struct buf *out);

/* ---- templates ---- */

/* The authority `who` works for (its first role of clerk or admin with an authority), or
 * `wunsch` when > 0. ERR_FORBIDDEN when none; the caller passes it to the calls below. */
RH_MUST_CHECK int bescheid_behoerde(const struct actor *who, int64_t wunsch, int64_t *behoerde_id);

RH_MUST_CHECK int bescheid_vorlagen(struct db_conn *c, struct arena *a, const struct actor *who,
                                    int64_t behoerde_id, struct bescheid_vorlage_row **out,
                                    size_t *n);
RH_MUST_CHECK int bescheid_vorlage(struct db_conn *c, struct arena *a, const struct actor *who,
                                   int64_t id, struct bescheid_vorlage_row *out);
/* Create (v->id 0) or change (v->id > 0) a template of v->behoerde_id: name, betreff, text
 * required; oe_id (0: all) must be an office of the authority. ERR_INVALID with *fehler;
 * ERR_CONFLICT (*fehler) for a name taken. v->id is set. */
RH_MUST_CHECK int bescheid_vorlage_speichern(struct db_conn *c, struct arena *a,
                                             const struct umfeld *u, const struct actor *who,
                                             struct bescheid_vorlage_row *v,
                                             struct feld_fehler *fehler);

/* ---- decisions ---- */

/* Draft a decision of case `vorgang_id`: from template `vorlage_id` (> 0; its betreff and text,
 * unless `betreff` / `text` are given, which then replace them before filling) or from
 * `text` (and `betreff`; default "Bescheid"). ERR_INVALID with *fehler; ERR_CONFLICT when the
 * case is closed or decided or has an open decision. *out is the new decision. */
RH_MUST_CHECK int bescheid_entwerfen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const struct actor *who, int64_t vorgang_id,
                                     int64_t vorlage_id, const char *betreff, const char *text,
                                     struct bescheid_row *out, struct feld_fehler *fehler);
RH_MUST_CHECK int bescheid_lesen(struct db_conn *c, struct arena *a, const struct actor *who,
                                 int64_t id, struct bescheid_row *out);
RH_MUST_CHECK int bescheid_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                                 int64_t vorgang_id, struct bescheid_row **out, size_t *n);
/* The decision as PDF (a draft says so on it) appended to `out`. */
RH_MUST_CHECK int bescheid_pdf(struct db_conn *c, struct arena *a, const struct actor *who,
                               int64_t id, struct buf *out);
/* Co-sign (and send) / send back a decision in 'mitzeichnung'. ERR_FORBIDDEN (*fehler) for
 * the drafter; ERR_CONFLICT when it is not waiting for co-signing. */
RH_MUST_CHECK int bescheid_mitzeichnen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                       const struct actor *who, int64_t id,
                                       struct feld_fehler *fehler);
RH_MUST_CHECK int bescheid_zurueckweisen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                         const struct actor *who, int64_t id,
                                         struct feld_fehler *fehler);
/* Send a draft ('entwurf'; its office does not require co-signing). ERR_CONFLICT otherwise. */
RH_MUST_CHECK int bescheid_versenden(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                     const struct actor *who, int64_t id,
                                     struct feld_fehler *fehler);

/* Whether office `oe_id` requires co-signing; set by an admin of its authority. */
RH_MUST_CHECK int bescheid_mitzeichnung_lesen(struct db_conn *c, const struct actor *who,
                                              int64_t oe_id, bool *mitzeichnung);
RH_MUST_CHECK int bescheid_mitzeichnung_setzen(struct db_conn *c, const struct umfeld *u,
                                               const struct actor *who, int64_t oe_id,
                                               bool mitzeichnung);

/* The offices of authority `behoerde_id` with their setting, for its admins. */
RH_MUST_CHECK int bescheid_mitzeichnung_liste(struct db_conn *c, struct arena *a,
                                              const struct actor *who, int64_t behoerde_id,
                                              struct bescheid_oe_row **out, size_t *n);

#endif
