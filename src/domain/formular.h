/* formular: form definitions (Formular) of a Leistung and the answers people give to them.
 *
 * A definition is a JSON document in the format "rathaus-formular/1" (docs/formular.md): steps
 * (Schritte) of fields, each field with a type (text, zahl, datum, auswahl, janein, email,
 * telefon, iban, adresse, datei, gruppe), a label, a help text, a required rule, patterns and
 * ranges, and conditions that show or require it depending on earlier answers. Groups nest
 * fields and may be repeatable. The format follows the FIM data schema (Datenfeld,
 * Datenfeldgruppe, Regel) and maps one-to-one onto a JSON Schema (draft 2020-12) of the
 * answers, the schema FIT-Connect uses: formular_schema() makes it.
 *
 * This module is pure: no database, no time, no I/O. It does three things:
 *   1. formular_parse() checks a definition and turns it into a `struct formular`; an invalid
 *      one is refused with a list of errors, each with a JSONPath into the definition
 *      ("$.schritte[0].felder[2].typ") and a German message.
 *   2. formular_daten_pruefen() checks answers (a JSON object keyed by field id) against the
 *      definition: unknown fields, types, patterns, ranges, IBAN checksum, dates, e-mail,
 *      repeatable groups, conditions and required rules. It returns the cleaned answers
 *      (values normalized, answers of hidden fields dropped) and a list of errors, each with
 *      a JSON Pointer to the answer ("/hunde/0/rasse") and a German message.
 *   3. formular_schema() writes the JSON Schema of the answers.
 *
 * Rules that make conditions well-defined: field ids are unique within their container (the
 * form's top level across all steps, or one group); a condition may name only fields that
 * come earlier in the same container, so answers are checked in one pass in document order
 * and there are no cycles.
 *
 * Memory: everything a `struct formular` points to lives in the arena given to
 * formular_parse(); json_t results are new references the caller owns. Thread-safe: no
 * global state. */
#ifndef RATHAUS_DOMAIN_FORMULAR_H
#define RATHAUS_DOMAIN_FORMULAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/arena.h"
#include "util/err.h"

#define FORMULAR_FORMAT        "rathaus-formular/1"
#define FORMULAR_MAX_BYTES     (512 * 1024) /* a definition's JSON text */
#define FORMULAR_MAX_FELDER    1000         /* fields in all, groups included */
#define FORMULAR_MAX_TIEFE     4            /* nesting of groups */
#define FORMULAR_MAX_OPTIONEN  500
#define FORMULAR_MAX_SCHRITTE  30
#define FORMULAR_MAX_WIEDERHOL 50    /* items of a repeatable group */
#define FORMULAR_MAX_TEXT      10000 /* characters of a text answer */
#define FORMULAR_MAX_DATEIEN   20    /* files of one datei field */
#define FORMULAR_MAX_FEHLER    200   /* errors reported at most; then one "more" error */
#define FORMULAR_DATEI_MAX     (16 * 1024 * 1024) /* largest max_groesse a field may set */

enum formular_typ {
    FORMULAR_TEXT,
    FORMULAR_ZAHL,
    FORMULAR_DATUM,
    FORMULAR_AUSWAHL,
    FORMULAR_JANEIN,
    FORMULAR_EMAIL,
    FORMULAR_TELEFON,
    FORMULAR_IBAN,
    FORMULAR_ADRESSE,
    FORMULAR_DATEI,
    FORMULAR_GRUPPE,
};

/* A constant in a condition: a string, a number or a boolean. */
enum formular_wert_art { FORMULAR_WERT_TEXT, FORMULAR_WERT_ZAHL, FORMULAR_WERT_BOOL };

struct formular_wert {
    enum formular_wert_art art;
    const char *text;
    double zahl;
    bool b;
};

enum formular_bedingung_art {
    FORMULAR_BED_GLEICH,      /* feld == wert (for a multiple choice: wert is chosen) */
    FORMULAR_BED_UNGLEICH,    /* not GLEICH (also when feld is not answered) */
    FORMULAR_BED_IN,          /* feld is one of werte */
    FORMULAR_BED_AUSGEFUELLT, /* feld is answered (ja) or not (!ja) */
    FORMULAR_BED_ALLE,        /* all teile hold */
    FORMULAR_BED_EINE,        /* at least one of teile holds */
    FORMULAR_BED_NICHT,       /* teile[0] does not hold */
};

struct formular_bedingung {
    enum formular_bedingung_art art;
    size_t feld; /* GLEICH..AUSGEFUELLT: index of the field in the same container */
    const struct formular_wert *werte; /* GLEICH/UNGLEICH: one; IN: n_werte */
    size_t n_werte;
    bool ja; /* AUSGEFUELLT */
    const struct formular_bedingung *teile;
    size_t n_teile;
};

struct formular_option {
    const char *wert, *label;
};

struct formular_feld {
    const char *id, *label;
    const char *hilfe; /* may be NULL */
    const char *fim;   /* FIM Datenfeld / Datenfeldgruppe id, informational; may be NULL */
    enum formular_typ typ;
    bool is_pflicht;
    const struct formular_bedingung *pflicht_wenn;  /* may be NULL */
    const struct formular_bedingung *sichtbar_wenn; /* may be NULL */
    size_t schritt; /* top-level fields: index of their step; 0 inside groups */

    /* text: lengths in characters; muster a POSIX ERE that must match the whole value */
    int64_t min_laenge, max_laenge;
    const char *muster, *muster_text; /* may be NULL */
    bool is_mehrzeilig;
    /* zahl */
    bool has_min, has_max, is_ganzzahl;
    double min, max;
    const char *einheit; /* may be NULL */
    /* datum: "YYYY-MM-DD" or "heute"; may be NULL */
    const char *datum_min, *datum_max;
    /* auswahl */
    const struct formular_option *optionen;
    size_t n_optionen;
    bool is_mehrfach;
    /* janein: a confirmation that must be "ja" when required (one checkbox) */
    bool is_bestaetigung;
    /* datei: allowed media types, largest file, most files */
    const char *const *typen;
    size_t n_typen;
    int64_t max_groesse, max_anzahl;
    /* gruppe */
    const struct formular_feld *felder;
    size_t n_felder;
    bool is_wiederholbar;
    int64_t min_anzahl; /* repeatable: at least (when required), at most */
    int64_t max_anzahl_gruppe;
    const char *label_eintrag; /* repeatable: what one item is called ("Hund"); may be NULL */
};

struct formular_schritt {
    const char *id, *titel;
    const char *hilfe;       /* may be NULL */
    size_t erstes, n_felder; /* its fields: formular.felder[erstes .. erstes + n_felder) */
};

struct formular {
    const char *leistung_id;
    const char *titel;
    const char *beschreibung; /* may be NULL */
    int64_t version;          /* 0 until the store assigns one */
    const struct formular_schritt *schritte;
    size_t n_schritte;
    const struct formular_feld *felder; /* the top level: all steps' fields in order */
    size_t n_felder;
};

/* One error: where (a JSONPath into a definition, or a JSON Pointer to an answer) and a
 * German sentence. `feld` (answers only) is the html id of the field, e.g. "f-hunde-0-rasse";
 * `label` the label of the field the error is about (may be NULL). In the arena. */
struct formular_fehler {
    const char *pfad;
    const char *feld;
    const char *label;
    const char *text;
};

/* Parse and check the definition text[0..len) into *out (in `a`). ERR_OK; ERR_INVALID with
 * *fehler / *n_fehler (at least one, in `a`) for an invalid definition; ERR_LIMIT for a text
 * longer than FORMULAR_MAX_BYTES (also with one error); ERR_NOMEM. *out is set only on
 * success, the error list only on ERR_INVALID/ERR_LIMIT. */
RH_MUST_CHECK int formular_parse(struct arena *a, const char *text, size_t len,
                                 struct formular **out, struct formular_fehler **fehler,
                                 size_t *n_fehler);

/* Like formular_parse() from a parsed JSON document (borrowed). */
RH_MUST_CHECK int formular_parse_json(struct arena *a, const json_t *doc, struct formular **out,
                                      struct formular_fehler **fehler, size_t *n_fehler);

/* How much formular_daten_pruefen() insists on. */
enum formular_pruefung {
    FORMULAR_ENTWURF,      /* a draft: no required rules, everything else */
    FORMULAR_SCHRITT,      /* required rules only for the fields of step `schritt` */
    FORMULAR_VOLLSTAENDIG, /* everything: before submitting */
};

/* Check `daten` (borrowed; must be a JSON object) against `f`. `heute` is today's date
 * "YYYY-MM-DD" for the "heute" bounds of dates. Returns ERR_OK with *bereinigt (a new
 * reference: the cleaned answers) and *fehler / *n_fehler (in `a`; *n_fehler 0 when the
 * answers are fine). Returns ERR_NOMEM / ERR_LIMIT (arena) only; bad answers are not an error
 * of the call. The cleaned answers keep only visible fields that are answered; strings are
 * trimmed, IBANs upper case without spaces, empty strings, nulls and empty lists dropped. */
RH_MUST_CHECK int formular_daten_pruefen(struct arena *a, const struct formular *f,
                                         const json_t *daten, enum formular_pruefung pruefung,
                                         size_t schritt, const char *heute, json_t **bereinigt,
                                         struct formular_fehler **fehler, size_t *n_fehler);

/* The SHA-256 references of files in cleaned answers `daten` (hex, 64 characters), with the
 * field they belong to, in `a`. For the caller to check that each names an attachment of the
 * application. Cannot fail but for ERR_NOMEM. */
struct formular_datei_ref {
    const char *sha256;
    const struct formular_feld *feld;
    const char *pfad; /* JSON Pointer of the answer */
};
RH_MUST_CHECK int formular_dateien(struct arena *a, const struct formular *f, const json_t *daten,
                                   struct formular_datei_ref **out, size_t *n);

/* Whether field `feld` of the container whose answers are `container` (a cleaned answers
 * object, or NULL) is visible / required there. Cannot fail. */
bool formular_feld_sichtbar(const struct formular_feld *felder, const struct formular_feld *feld,
                            const json_t *container);
bool formular_feld_pflicht(const struct formular_feld *felder, const struct formular_feld *feld,
                           const json_t *container);

/* The JSON Schema (draft 2020-12) of the answers of `f` into *out (new reference). `id` is
 * the schema's $id (may be NULL). ERR_NOMEM. */
RH_MUST_CHECK int formular_schema(const struct formular *f, const char *id, json_t **out);

/* Names and checks of small value types, shared with the portal. */
const char *formular_typ_name(enum formular_typ t);
/* True for a valid IBAN (spaces allowed), checksum included. Cannot fail. */
bool formular_iban_ok(const char *s);
/* True for a plausible e-mail address. Cannot fail. */
bool formular_email_ok(const char *s);
/* True for a valid calendar date "YYYY-MM-DD" (years 1000..9999). Cannot fail. */
bool formular_datum_ok(const char *s);
/* True for a field id: [a-z][a-z0-9_]{0,39}. Cannot fail. */
bool formular_is_id(const char *s);

#endif
