/* aktenplan_demo: the demo file plan (demo/aktenplan.csv, a municipal plan in the style of the
 * usual top groups 0 Allgemeine Verwaltung … 9 Finanzen, written for this project) loaded into
 * every demo authority, as `rathaus demo` does after the authorities exist. Idempotent (the
 * import updates by kennzeichen). One connection, no shared state. */
#ifndef RATHAUS_FORMATS_AKTENPLAN_DEMO_H
#define RATHAUS_FORMATS_AKTENPLAN_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct db_conn;

/* Load `dir`/aktenplan.csv into each demo authority. *n_behoerden gets their number; on
 * failure a German message goes to err[0..err_len). ERR_IO (file), ERR_INVALID (file broken),
 * ERR_DB, ERR_NOMEM. */
RH_MUST_CHECK int aktenplan_demo_laden(struct db_conn *c, const char *dir, int64_t *n_behoerden,
                                       char *err, size_t err_len);

#endif
