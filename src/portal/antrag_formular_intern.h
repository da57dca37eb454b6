/* antrag_formular_intern: what the parts of the portal's form code share — small helpers for
 * paths, html ids and values (in antrag_formular.c, with the views of the fields), used by
 * antrag_formular_lesen.c (reading a posted step, paths into the answers, repeated groups)
 * and antrag_zusammenfassung.c (the summary). Internal to src/portal/; the interface is
 * portal/antrag_formular.h. */
#ifndef RATHAUS_PORTAL_ANTRAG_FORMULAR_INTERN_H
#define RATHAUS_PORTAL_ANTRAG_FORMULAR_INTERN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "portal/antrag_formular.h"
#include "util/arena.h"

/* `prefix`.`id`, or `id` at the top; in the arena (NULL when full). */
const char *af_pfad_plus(struct arena *a, const char *prefix, const char *id);

/* A scalar answer as the text an input shows. */
const char *af_eingabe_text(struct arena *a, const json_t *v);

/* The label of option `wert` of field `f`; the value itself when unknown, "" for NULL. */
const char *af_optionstext(const struct formular_feld *f, const char *wert);

#endif
