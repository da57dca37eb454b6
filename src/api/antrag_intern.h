/* antrag_intern: what the parts of the application API share — beginning a call with the id
 * of the path, mapping domain results, and the JSON of applications, attachments and
 * receipts. The route table and these helpers are in api/antrag.c, with the form of a
 * Leistung and the applications themselves; antrag_anlagen.c holds the attachments,
 * antrag_status.c submitting, withdrawal, receipt and messages, antrag_postfach.c the
 * mailbox, antrag_formulare.c the forms of an authority. Internal to src/api/; the interface
 * is api/antrag.h. */
#ifndef RATHAUS_API_ANTRAG_INTERN_H
#define RATHAUS_API_ANTRAG_INTERN_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "api/antrag.h"
#include "api/api.h"
#include "api/konto.h"
#include "domain/antrag.h"
#include "domain/antrag_einreichung.h"
#include "domain/formular_verwaltung.h"
#include "domain/umfeld.h"

/* In a handler: begin the call (and read the path's id when `id` is not NULL), or return. */
#define BEGINN(r, w, x, id)                                                                        \
    do {                                                                                           \
        int brc = api_antrag_beginn((r), (w), (x), (id));                                          \
        if (brc != ERR_OK)                                                                         \
            return (w)->status ? ERR_OK : brc;                                                     \
    } while (0)

/* Map a domain result; ERR_OK when answered. */
RH_MUST_CHECK int api_antrag_fehler(struct http_resp *w, int rc, const struct feld_fehler *f);

/* Begin call x (api/api.h) and read the path's "id" into *id when id is not NULL; on failure
 * the call is ended and an answer may be written. */
RH_MUST_CHECK int api_antrag_beginn(struct http_req *r, struct http_resp *w, struct api_aufruf *x,
                                    int64_t *id);

/* Whether s is 64 lowercase hex digits. */
bool api_antrag_ist_sha256(const char *s);

/* The JSON of an attachment, an application, a receipt (new references; NULL when out of
 * memory). */
json_t *api_antrag_anlage_json(const struct anlage *al);

json_t *api_antrag_json(const struct antrag *an);

json_t *api_antrag_eb_json(const struct eingangsbestaetigung *eb);

/* The document of form `f` with its schema, as GET /leistungen/{id}/formular and the forms of
 * an authority show it (new reference; NULL when out of memory). */
json_t *api_antrag_formular_doc(const struct formular_zeile *z, const struct formular *f);

#endif
