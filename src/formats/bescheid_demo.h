/* bescheid_demo: the demo decision templates (bescheid_vorlage, is_demo = 1) that `rathaus
 * demo` gives every demo authority: fixing the dog tax after a dog registration, and issuing
 * a residents' parking permit. Their fields ({{antrag.vorname}}, ...) fit the demo forms in
 * demo/formulare/. Loading twice changes nothing (a template of the same name is kept). */
#ifndef RATHAUS_FORMATS_BESCHEID_DEMO_H
#define RATHAUS_FORMATS_BESCHEID_DEMO_H

#include <stdint.h>

#include "util/err.h"

struct db_conn;

/* Insert the demo templates for every demo authority in one transaction; *n gets the number
 * of templates inserted (0 on a repeat). ERR_DB / ERR_NOMEM. */
RH_MUST_CHECK int bescheid_demo_laden(struct db_conn *c, int64_t jetzt, int64_t *n);

#endif
