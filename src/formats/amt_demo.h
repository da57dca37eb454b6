/* amt_demo: a few demo files and cases for the Amt face, made by `rathaus demo` after the
 * demo file plan (formats/aktenplan_demo.h): for each demo authority of the Stadtkreis
 * Heidelberg (08221; the other demo districts stay as the tests expect them) without files,
 * a file under 021 (Digitalisierung) with a case "Einführung der E-Akte" and a note, and a
 * file under 101 (Ordnungswidrigkeiten) with two cases, one in Bearbeitung. No accounts and
 * no personal data: a clerk made with `rathaus konto create --rolle sachbearbeitung
 * --behoerde ID` finds them in /amt/akten. Idempotent (authorities with files are skipped);
 * one transaction. */
#ifndef RATHAUS_FORMATS_AMT_DEMO_H
#define RATHAUS_FORMATS_AMT_DEMO_H

#include <stdint.h>

#include "util/err.h"

struct db_conn;

/* Load the demo files at time `jetzt`. *n_akten gets the number of files made. ERR_DB,
 * ERR_NOMEM. */
RH_MUST_CHECK int amt_demo_laden(struct db_conn *c, int64_t jetzt, int64_t *n_akten);

#endif
