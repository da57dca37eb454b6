/* amt/formular: the form definitions of an authority in the Amt face, for its office admins
 * (AUTHZ_BEHOERDE_VERWALTEN, decided in domain/formular_verwaltung.h) — the list with version
 * and status (filters: Leistung, status), upload of a JSON definition (errors shown with their
 * JSONPath), a read-only preview of every step rendered exactly as the portal renders it
 * (portal/antrag_formular.h), what changed against the previous version of the same Leistung,
 * and publish / retire. The Land's definitions are listed and previewed, not changed.
 *
 * Routes in amt_formular_routes (listed in cli/serve.c). */
#ifndef RATHAUS_AMT_FORMULAR_H
#define RATHAUS_AMT_FORMULAR_H

#include "http/router.h"

extern const struct route amt_formular_routes[];

int amt_formulare(struct http_req *r, struct http_resp *w);
int amt_formular_hochladen(struct http_req *r, struct http_resp *w);
int amt_formular(struct http_req *r, struct http_resp *w);
int amt_formular_veroeffentlichen(struct http_req *r, struct http_resp *w);
int amt_formular_zurueckziehen(struct http_req *r, struct http_resp *w);

#endif
