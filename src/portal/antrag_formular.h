/* portal/antrag_formular: between a form definition and HTML forms — the field views the
 * templates render (html/templates/antrag/feld.html) and the answers read back from a posted
 * form.
 *
 * Names in the HTML form are the answer's path joined by dots: "vorname",
 * "anschrift.plz", "hunde.0.name" (repeatable groups also send "hunde.anzahl"), several values
 * for a multiple choice or for the files of a datei field ("nachweis" holds SHA-256 values;
 * "nachweis.entfernen" those to drop). Element ids are "f-" + the path with '-' (the same as
 * formular_fehler.feld), so the error summary links to each field.
 *
 * Conditions are applied on the server: a field whose condition looks only at earlier steps
 * is shown when it holds; a field whose condition looks at a field on the same page is always
 * shown, with a hint saying when it is needed (no JavaScript). Pure functions; memory in the
 * arena or new json references. */
#ifndef RATHAUS_PORTAL_ANTRAG_FORMULAR_H
#define RATHAUS_PORTAL_ANTRAG_FORMULAR_H

#include <stddef.h>

#include <jansson.h>

#include "domain/formular.h"
#include "http/request.h"

/* The views of the fields of step `schritt`, filled from `daten` (all answers, may hold raw
 * strings the user typed), with the errors fe[0..n_fe) at their fields; `anlagen` is the
 * application's attachment list ([{sha256, dateiname, typ}], may be NULL). New reference; NULL
 * on OOM. */
json_t *antrag_felder_ansicht(struct arena *a, const struct formular *f, size_t schritt,
                              const json_t *daten, const json_t *anlagen,
                              const struct formular_fehler *fe, size_t n_fe);

/* Read the answers to the fields of step `schritt` from the posted pairs form[0..n) into
 * *out (new reference: an object with those fields only). Numbers may be written with a
 * decimal comma; what does not parse stays a string, so the check reports it. */
RH_MUST_CHECK int antrag_formular_lesen(struct arena *a, const struct formular *f, size_t schritt,
                                        const struct http_kv *form, size_t n, json_t **out);

/* The datei field at dotted path `pfad` of step `schritt` (e.g. "hunde.0.wesenstest"), or
 * NULL. */
const struct formular_feld *antrag_datei_feld(const struct formular *f, size_t schritt,
                                              const char *pfad);

/* Apply a button "neu:PFAD" (add an empty item to the repeatable group at PFAD) or
 * "weg:PFAD.N" (remove item N) to `daten` in place. ERR_INVALID for a bad path or a limit. */
RH_MUST_CHECK int antrag_gruppe_aendern(const struct formular *f, size_t schritt, json_t *daten,
                                        const char *aktion);

/* The answers in readable form for the summary: per step {titel, nummer, eintraege: [{label,
 * wert, tiefe}]}. New reference; NULL on OOM. */
json_t *antrag_zusammenfassung(struct arena *a, const struct formular *f, const json_t *daten,
                               const json_t *anlagen);

/* The step (0-based) of the top-level field an error path ("/hunde/0/name") is about; 0 when
 * unknown. */
size_t antrag_schritt_von(const struct formular *f, const char *pfad);

#endif
