/* store/behoerde: SQL reads of authorities, offices and online services. */
#ifndef RATHAUS_STORE_BEHOERDE_H
#define RATHAUS_STORE_BEHOERDE_H

#include "domain/behoerde.h"

/* Authorities where gemeinde_ags = g (if g) or kreis_ags = k (if k); without offices. */
RH_MUST_CHECK int store_behoerde_list(struct db_conn *c, struct arena *a, const char *g,
                                      const char *k, bool kreis_only_landratsamt,
                                      struct behoerde **out, size_t *n);
RH_MUST_CHECK int store_behoerde_get(struct db_conn *c, struct arena *a, int64_t id,
                                     struct behoerde *out);
RH_MUST_CHECK int store_oe_list(struct db_conn *c, struct arena *a, int64_t behoerde_id,
                                struct organisationseinheit **out, size_t *n);
RH_MUST_CHECK int store_online_angebote(struct db_conn *c, struct arena *a, const char *g,
                                        const char *k, struct online_angebot **out, size_t *n);

#endif
