/* api/convert: domain structs to JSON for the API (and for page templates, which render the
 * same documents). Each returns a new reference, or NULL when out of memory. */
#ifndef RATHAUS_API_CONVERT_H
#define RATHAUS_API_CONVERT_H

#include <jansson.h>

#include "domain/behoerde.h"
#include "domain/gebiet.h"
#include "domain/leistung.h"

json_t *json_regierungsbezirk(const struct regierungsbezirk *r);
json_t *json_kreis(const struct kreis *k);
json_t *json_gemeinde(const struct gemeinde *g);
/* `full` adds the description fields. */
json_t *json_leistung(const struct leistung *l, bool full);
json_t *json_stelle(const struct stelle *s);
json_t *json_behoerde(const struct behoerde *b);
json_t *json_online_angebot(const struct online_angebot *o);

#endif
