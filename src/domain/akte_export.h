/* akte_export: a whole file (Akte) as one zip, for the clerks of its office (AUTHZ_AKTE_LESEN):
 *
 *   akte.json                    the file, its cases with notes, follow-ups and documents, each
 *                                document with every version (number, name, type, size,
 *                                sha256, and `datei`: the path of its bytes in the zip)
 *   protokoll.json               the audit trail of the file: entries of the authority's chain
 *                                whose object is the file, one of its cases or documents
 *   dokumente/<id>/v<n>_<name>   the bytes of every version
 *
 * The export itself is written to the audit log ("akte_exportiert"). Thread-safe. */
#ifndef RATHAUS_DOMAIN_AKTE_EXPORT_H
#define RATHAUS_DOMAIN_AKTE_EXPORT_H

#include <stdint.h>

#include "domain/authz.h"
#include "domain/umfeld.h"
#include "util/buf.h"

struct db_conn;

#define AKTE_EXPORT_MAX (512u << 20) /* bytes of the zip */

/* Write the zip of file `akte_id` to `zip` (appended) and its file name (at most 128 bytes,
 * "akte-<aktenzeichen>.zip" made safe) to `dateiname`. ERR_NOTFOUND / ERR_FORBIDDEN /
 * ERR_UNAUTHORIZED as amt_akte_zugriff(); ERR_CONFLICT for a file already handed over;
 * ERR_LIMIT past AKTE_EXPORT_MAX; ERR_DB, ERR_NOMEM. */
RH_MUST_CHECK int akte_export_zip(struct db_conn *c, const struct umfeld *u,
                                  const struct actor *who, int64_t akte_id, struct buf *zip,
                                  char *dateiname);

#endif
