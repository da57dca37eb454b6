/* Form definitions (domain/formular.h) beyond test_formular.c: every kind of error in a
 * definition is reported at its JSONPath with its German sentence; the JSON Schema of a form
 * that uses every type and every kind of condition; answers to that form checked against
 * its conditions, counts and bounds, with the exact message, and the file references found
 * in them. No database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/formular.h"
#include "tap.h"

#define HEUTE "2026-03-15"

#define DEF(felder)                                                                                \
    "{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"T\", "            \
    "\"schritte\": [{\"id\": \"s\", \"titel\": \"S\", \"felder\": [" felder "]}]}"

/* The text of the error at `pfad` in definition `text` (in `a`), or NULL (the errors are
 * printed then). */
static const char *
def_fehler(struct arena *a, const char *text, const char *pfad)
{
    struct formular *f = NULL;
    struct formular_fehler *fe = NULL;
    size_t n = 0;
    int rc = formular_parse(a, text, strlen(text), &f, &fe, &n);
    CHECK(rc == ERR_INVALID);
    for (size_t i = 0; rc == ERR_INVALID && i < n; i++)
        if (strcmp(fe[i].pfad, pfad) == 0)
            return fe[i].text;
    for (size_t i = 0; rc == ERR_INVALID && i < n; i++)
        printf("#   (got %s: %s)\n", fe[i].pfad, fe[i].text);
    return NULL;
}

struct fall {
    const char *def, *pfad, *text;
};

#define F0 "$.schritte[0].felder[0]"
#define F1 "$.schritte[0].felder[1]"
#define A1 "{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\"}, "
#define G1                                                                                         \
    "{\"id\": \"g\", \"typ\": \"gruppe\", \"label\": \"G\", \"felder\": [{\"id\": \"x\", "         \
    "\"typ\": \"text\", \"label\": \"X\"}]}, "

static const struct fall faelle[] = {
    /* conditions */
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": 5}"),
     F1 ".sichtbar_wenn", "Eine Bedingung ist ein Objekt."},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"feld\": \"a\"}}"),
     F1 ".sichtbar_wenn", "Eine Bedingung hat genau einen Operator"},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"feld\": \"a\", \"gleich\": \"x\", \"ungleich\": \"y\"}}"),
     F1 ".sichtbar_wenn", "Eine Bedingung hat genau einen Operator"},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"feld\": \"a\", \"alle\": [{\"feld\": \"a\", \"gleich\": \"x\"}]}}"),
     F1 ".sichtbar_wenn.feld", "„alle“ nennt kein Feld."},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"eine\": []}}"),
     F1 ".sichtbar_wenn.eine", "Erwartet wird eine Liste von 1 bis 20 Bedingungen."},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"nicht\": [1]}}"),
     F1 ".sichtbar_wenn.nicht", "Erwartet wird eine Bedingung."},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"nicht\": {\"nicht\": {\"nicht\": {\"nicht\": {\"nicht\": {\"feld\": \"a\", "
            "\"ausgefuellt\": true}}}}}}}"),
     F1 ".sichtbar_wenn.nicht.nicht.nicht.nicht.nicht",
     "Bedingungen sind höchstens vier Stufen tief verschachtelt."},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"gleich\": \"x\"}}"),
     F1 ".sichtbar_wenn.feld", "Die Bedingung nennt kein Feld (\"feld\")."},
    {DEF("{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
         "{\"feld\": \"c\", \"gleich\": \"x\"}}, {\"id\": \"c\", \"typ\": \"text\", \"label\": "
         "\"C\"}"),
     F0 ".sichtbar_wenn.feld", "Das Feld „c“ steht nicht vorher"},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"feld\": \"a\", \"ausgefuellt\": \"ja\"}}"),
     F1 ".sichtbar_wenn.ausgefuellt", "Erwartet wird true oder false."},
    {DEF(G1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"feld\": \"g\", \"gleich\": \"x\"}}"),
     F1 ".sichtbar_wenn.gleich", "Ein Feld vom Typ „gruppe“ lässt sich nur mit „ausgefuellt“"},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"sichtbar_wenn\": "
            "{\"feld\": \"a\", \"in\": []}}"),
     F1 ".sichtbar_wenn.in", "Erwartet wird eine Liste von 1 bis 100 Werten."},
    {DEF("{\"id\": \"z\", \"typ\": \"zahl\", \"label\": \"Z\"}, {\"id\": \"b\", \"typ\": "
         "\"text\", \"label\": \"B\", \"sichtbar_wenn\": {\"feld\": \"z\", \"in\": [1, \"2\"]}}"),
     F1 ".sichtbar_wenn.in[1]", "Der Wert passt nicht zum Feld „z“."},
    {DEF("{\"id\": \"j\", \"typ\": \"janein\", \"label\": \"J\"}, {\"id\": \"b\", \"typ\": "
         "\"text\", \"label\": \"B\", \"pflicht_wenn\": {\"feld\": \"j\", \"gleich\": 1}}"),
     F1 ".pflicht_wenn.gleich", "Der Wert passt nicht zum Feld „j“ (Typ janein)."},
    {DEF("{\"id\": \"w\", \"typ\": \"auswahl\", \"label\": \"W\", \"optionen\": [{\"wert\": "
         "\"x\", \"label\": \"X\"}]}, {\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", "
         "\"sichtbar_wenn\": {\"feld\": \"w\", \"ungleich\": \"y\"}}"),
     F1 ".sichtbar_wenn.ungleich", "einer der Werte der Optionen"},
    {DEF(A1 "{\"id\": \"b\", \"typ\": \"text\", \"label\": \"B\", \"pflicht\": true, "
            "\"pflicht_wenn\": {\"feld\": \"a\", \"ausgefuellt\": true}}"),
     F1 ".pflicht_wenn", "nicht beides."},
    /* options and file types */
    {DEF("{\"id\": \"w\", \"typ\": \"auswahl\", \"label\": \"W\", \"optionen\": []}"),
     F0 ".optionen", "Erwartet wird eine Liste von 1 bis 500 Optionen."},
    {DEF("{\"id\": \"w\", \"typ\": \"auswahl\", \"label\": \"W\", \"optionen\": [\"x\"]}"),
     F0 ".optionen[0]", "Eine Option ist ein Objekt mit „wert“ und „label“."},
    {DEF("{\"id\": \"w\", \"typ\": \"auswahl\", \"label\": \"W\", \"optionen\": [{\"wert\": "
         "\"x\", \"label\": \"X\"}, {\"wert\": \"x\", \"label\": \"Y\"}]}"),
     F0 ".optionen[1].wert", "Der Wert kommt schon in Option 1 vor."},
    {DEF("{\"id\": \"d\", \"typ\": \"datei\", \"label\": \"D\", \"typen\": \"application/pdf\"}"),
     F0 ".typen", "Erwartet wird eine Liste von Medientypen."},
    {DEF("{\"id\": \"d\", \"typ\": \"datei\", \"label\": \"D\", \"typen\": "
         "[\"application/x-msdownload\"]}"),
     F0 ".typen[0]", "application/pdf"},
    /* fields */
    {DEF("7"), F0, "Ein Feld ist ein Objekt."},
    {DEF("{\"id\": \"a\", \"typ\": \"bild\", \"label\": \"A\"}"), F0 ".typ", "text"},
    {DEF("{\"id\": \"1a\", \"typ\": \"text\", \"label\": \"A\"}"), F0 ".id",
     "Eine Feldkennung beginnt mit einem Kleinbuchstaben"},
    {DEF(A1 "{\"id\": \"a\", \"typ\": \"text\", \"label\": \"B\"}"), F1 ".id",
     "Die Kennung „a“ gibt es hier schon."},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\", \"min_laenge\": 20, "
         "\"max_laenge\": 10}"),
     F0 ".min_laenge", "max_laenge"},
    {DEF("{\"id\": \"a\", \"typ\": \"zahl\", \"label\": \"A\", \"min\": 5, \"max\": 1}"), F0 ".min",
     "min ist größer als max."},
    {DEF("{\"id\": \"a\", \"typ\": \"datum\", \"label\": \"A\", \"min\": \"2026-05-01\", "
         "\"max\": \"2026-01-01\"}"),
     F0 ".min", "min liegt nach max."},
    {DEF("{\"id\": \"a\", \"typ\": \"zahl\", \"label\": \"A\", \"muster\": \"x\"}"), F0 ".muster",
     "Unbekannte Eigenschaft „muster“."},
    {DEF("{\"id\": \"g\", \"typ\": \"gruppe\", \"label\": \"G\", \"felder\": 3}"), F0 ".felder",
     "Eine Gruppe hat eine Liste von Feldern."},
    {DEF("{\"id\": \"g\", \"typ\": \"gruppe\", \"label\": \"G\", \"wiederholbar\": true, "
         "\"min_anzahl\": 5, \"max_anzahl\": 2, \"felder\": [{\"id\": \"x\", \"typ\": \"text\", "
         "\"label\": \"X\"}]}"),
     F0 ".min_anzahl", "min_anzahl ist größer als max_anzahl."},
    {DEF("{\"id\": \"g1\", \"typ\": \"gruppe\", \"label\": \"G\", \"felder\": [{\"id\": \"g2\", "
         "\"typ\": \"gruppe\", \"label\": \"G\", \"felder\": [{\"id\": \"g3\", \"typ\": "
         "\"gruppe\", \"label\": \"G\", \"felder\": [{\"id\": \"g4\", \"typ\": \"gruppe\", "
         "\"label\": \"G\", \"felder\": [{\"id\": \"g5\", \"typ\": \"gruppe\", \"label\": \"G\", "
         "\"felder\": [{\"id\": \"x\", \"typ\": \"text\", \"label\": \"X\"}]}]}]}]}]}"),
     F0 ".felder[0].felder[0].felder[0].felder[0]", "Gruppen sind höchstens"},
    /* properties of a field */
    {DEF("{\"id\": \"a\", \"typ\": \"text\"}"), F0 ".label", "Die Eigenschaft fehlt."},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": 5}"), F0 ".label",
     "Erwartet wird eine Zeichenkette."},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\\u0007\"}"), F0 ".label",
     "Die Zeichenkette enthält unzulässige Steuerzeichen."},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"\"}"), F0 ".label",
     "Erwartet werden 1 bis 200 Zeichen."},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\", \"pflicht\": \"ja\"}"),
     F0 ".pflicht", "Erwartet wird true oder false."},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\", \"max_laenge\": 20000}"),
     F0 ".max_laenge", "Erwartet wird eine ganze Zahl von 1 bis 10000."},
    {DEF("{\"id\": \"a\", \"typ\": \"zahl\", \"label\": \"A\", \"max\": 1e16}"), F0 ".max",
     "Erwartet wird eine Zahl (höchstens 10^15)."},
    {DEF("{\"id\": \"a\", \"typ\": \"datum\", \"label\": \"A\", \"min\": \"morgen\"}"), F0 ".min",
     "heute"},
    {DEF("{\"id\": \"a\", \"typ\": \"text\", \"label\": \"A\", \"muster\": \"\\\\d+\"}"),
     F0 ".muster", "\\d"},
    /* the document and its steps */
    {"[]", "$", "Eine Formulardefinition ist ein JSON-Objekt."},
    {"{\"format\": \"rathaus-formular/2\", \"leistung\": \"test-x\", \"titel\": \"T\", "
     "\"schritte\": []}",
     "$.format", "Erwartet wird \"format\": \"rathaus-formular/1\"."},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": \"Test X\", \"titel\": \"T\", "
     "\"schritte\": [{\"id\": \"s\", \"titel\": \"S\", \"felder\": [{\"id\": \"a\", \"typ\": "
     "\"text\", \"label\": \"A\"}]}]}",
     "$.leistung", "Die Kennung einer Leistung ist der 14-stellige LeiKa-Schlüssel"},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"T\", "
     "\"schritte\": []}",
     "$.schritte", "Erwartet wird eine Liste von 1 bis 30 Schritten."},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"T\", "
     "\"schritte\": [3]}",
     "$.schritte[0]", "Ein Schritt ist ein Objekt."},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"T\", "
     "\"schritte\": [{\"id\": \"S\", \"titel\": \"S\", \"felder\": [{\"id\": \"a\", \"typ\": "
     "\"text\", \"label\": \"A\"}]}]}",
     "$.schritte[0].id", "Eine Kennung beginnt mit einem Kleinbuchstaben"},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"T\", "
     "\"schritte\": [{\"id\": \"s\", \"titel\": \"S\", \"felder\": [{\"id\": \"a\", \"typ\": "
     "\"text\", \"label\": \"A\"}]}, {\"id\": \"s\", \"titel\": \"S2\", \"felder\": [{\"id\": "
     "\"b\", \"typ\": \"text\", \"label\": \"B\"}]}]}",
     "$.schritte[1].id", "Die Kennung gibt es schon in Schritt 0."},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"T\", "
     "\"schritte\": [{\"id\": \"s\", \"titel\": \"S\", \"felder\": {}}]}",
     "$.schritte[0].felder", "Ein Schritt hat eine Liste von Feldern."},
    {"{\"format\": \"rathaus-formular/1\", \"leistung\": ", "$", "Kein gültiges JSON (Zeile 1"},
};

static void
test_formular_definition_errors_have_path_and_sentence(void)
{
    for (size_t i = 0; i < sizeof(faelle) / sizeof(faelle[0]); i++) {
        struct arena *a = arena_new(1 << 22);
        const char *t = a ? def_fehler(a, faelle[i].def, faelle[i].pfad) : NULL;
        if (!t)
            printf("# case %zu: no error at %s\n", i, faelle[i].pfad);

        CHECK(t != NULL);
        if (t && !strstr(t, faelle[i].text)) {
            printf("# case %zu: '%s' does not say '%s'\n", i, t, faelle[i].text);
            CHECK(!"message");
        }
        arena_free(a);
    }
}

/* A form with every type and every kind of condition. */
static const char reich[] =
    "{\"format\": \"rathaus-formular/1\", \"leistung\": \"test-x\", \"titel\": \"Reich\","
    " \"schritte\": [{\"id\": \"eins\", \"titel\": \"Eins\", \"felder\": ["
    "  {\"id\": \"art\", \"typ\": \"auswahl\", \"label\": \"Art\", \"pflicht\": true,"
    "   \"optionen\": [{\"wert\": \"gmbh\", \"label\": \"GmbH\"}, {\"wert\": \"ug\", \"label\":"
    "   \"UG\"}, {\"wert\": \"ek\", \"label\": \"e.K.\"}]},"
    "  {\"id\": \"farben\", \"typ\": \"auswahl\", \"label\": \"Farben\", \"mehrfach\": true,"
    "   \"optionen\": [{\"wert\": \"rot\", \"label\": \"Rot\"}, {\"wert\": \"blau\", \"label\":"
    "   \"Blau\"}]},"
    "  {\"id\": \"anzahl\", \"typ\": \"zahl\", \"label\": \"Anzahl\", \"min\": 1, \"max\": 9,"
    "   \"ganzzahl\": true},"
    "  {\"id\": \"betrag\", \"typ\": \"zahl\", \"label\": \"Betrag\", \"min\": 0.5},"
    "  {\"id\": \"gewicht\", \"typ\": \"zahl\", \"label\": \"Gewicht\", \"max\": 80},"
    "  {\"id\": \"start\", \"typ\": \"datum\", \"label\": \"Start\", \"min\": \"heute\","
    "   \"max\": \"2030-12-31\", \"hilfe\": \"Erster Tag.\"},"
    "  {\"id\": \"kapital\", \"typ\": \"zahl\", \"label\": \"Kapital\", \"pflicht\": true,"
    "   \"sichtbar_wenn\": {\"feld\": \"art\", \"in\": [\"gmbh\", \"ug\"]}},"
    "  {\"id\": \"rot_grund\", \"typ\": \"text\", \"label\": \"Warum rot\", \"min_laenge\": 3,"
    "   \"sichtbar_wenn\": {\"feld\": \"farben\", \"gleich\": \"rot\"}},"
    "  {\"id\": \"notiz\", \"typ\": \"text\", \"label\": \"Notiz\", \"pflicht_wenn\": {\"alle\":"
    "   [{\"feld\": \"art\", \"ungleich\": \"ek\"}, {\"nicht\": {\"feld\": \"anzahl\","
    "   \"ausgefuellt\": false}}]}},"
    "  {\"id\": \"email\", \"typ\": \"email\", \"label\": \"E-Mail\"},"
    "  {\"id\": \"tel\", \"typ\": \"telefon\", \"label\": \"Telefon\", \"pflicht_wenn\": {\"eine\":"
    "   [{\"feld\": \"email\", \"ausgefuellt\": false}, {\"feld\": \"anzahl\", \"gleich\": 9}]}},"
    "  {\"id\": \"iban\", \"typ\": \"iban\", \"label\": \"IBAN\"},"
    "  {\"id\": \"ok\", \"typ\": \"janein\", \"label\": \"Richtig\", \"bestaetigung\": true,"
    "   \"pflicht\": true}"
    " ]}, {\"id\": \"zwei\", \"titel\": \"Zwei\", \"felder\": ["
    "  {\"id\": \"anschrift\", \"typ\": \"adresse\", \"label\": \"Anschrift\", \"pflicht\": true},"
    "  {\"id\": \"hunde\", \"typ\": \"gruppe\", \"label\": \"Hunde\", \"wiederholbar\": true, "
    "\"pflicht\": true,"
    "   \"min_anzahl\": 1, \"max_anzahl\": 2, \"label_eintrag\": \"Hund\", \"felder\": ["
    "   {\"id\": \"name\", \"typ\": \"text\", \"label\": \"Name\", \"pflicht\": true,"
    "    \"muster\": \"[A-Z][a-z]+\"},"
    "   {\"id\": \"kampfhund\", \"typ\": \"janein\", \"label\": \"Kampfhund\"},"
    "   {\"id\": \"test\", \"typ\": \"datei\", \"label\": \"Wesenstest\", \"max_anzahl\": 2,"
    "    \"pflicht_wenn\": {\"feld\": \"kampfhund\", \"gleich\": true}}]},"
    "  {\"id\": \"vertreter\", \"typ\": \"gruppe\", \"label\": \"Vertreter\", \"felder\": ["
    "   {\"id\": \"vname\", \"typ\": \"text\", \"label\": \"Name\"}]}"
    " ]}]}";

static struct formular *
reich_parsen(struct arena *a)
{
    struct formular *f = NULL;
    struct formular_fehler *fe = NULL;
    size_t n = 0;
    int rc = formular_parse(a, reich, strlen(reich), &f, &fe, &n);
    for (size_t i = 0; rc == ERR_INVALID && i < n; i++)
        printf("#   %s: %s\n", fe[i].pfad, fe[i].text);
    CHECK(rc == ERR_OK);
    return rc == ERR_OK ? f : NULL;
}

/* The value at the slash-separated `weg` (object keys, or array indexes as digits). */
static json_t *
bei(json_t *j, const char *weg)
{
    char teil[64];
    while (j && *weg) {
        size_t n = strcspn(weg, "/");
        if (n >= sizeof(teil))
            return NULL;
        memcpy(teil, weg, n);
        teil[n] = '\0';
        weg += n + (weg[n] == '/');
        j = json_is_array(j) ? json_array_get(j, (size_t)strtoul(teil, NULL, 10))
                             : json_object_get(j, teil);
    }
    return j;
}

static bool
text_bei(json_t *j, const char *weg, const char *erwartet)
{
    json_t *v = bei(j, weg);
    bool ok = json_is_string(v) && strcmp(json_string_value(v), erwartet) == 0;
    if (!ok)
        printf("# %s: expected '%s'\n", weg, erwartet);
    return ok;
}

/* True when the array at `weg` holds the string `s`. */
static bool
enthaelt(json_t *j, const char *weg, const char *s)
{
    json_t *arr = bei(j, weg), *e;
    size_t i;
    json_array_foreach(arr, i, e) if (json_is_string(e) &&
                                      strcmp(json_string_value(e), s) == 0) return true;
    printf("# %s: '%s' missing\n", weg, s);
    return false;
}

/* The rule in allOf of `container` whose then or else names `feld`. */
static json_t *
regel_fuer(json_t *container, const char *feld)
{
    json_t *r;
    size_t i;
    json_array_foreach(json_object_get(container, "allOf"), i, r)
    {
        json_t *t = bei(r, "then/required/0"), *e = bei(r, "else/not/required/0");
        if ((t && strcmp(json_string_value(t), feld) == 0) ||
            (e && strcmp(json_string_value(e), feld) == 0))
            return r;
    }
    return NULL;
}

static void
test_formular_schema_of_every_type_and_condition(void)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = a ? reich_parsen(a) : NULL;
    json_t *s = NULL;
    if (!f)
        goto out;
    CHECK(formular_schema(f, "https://rathaus.test/schema/x", &s) == ERR_OK);
    if (!s)
        goto out;
    CHECK(text_bei(s, "$id", "https://rathaus.test/schema/x") && text_bei(s, "title", "Reich"));
    CHECK(json_is_false(bei(s, "additionalProperties")));
    /* unconditional required fields only */
    CHECK(enthaelt(s, "required", "art") && enthaelt(s, "required", "ok"));
    CHECK(enthaelt(s, "required", "anschrift") && enthaelt(s, "required", "hunde"));
    CHECK(json_array_size(bei(s, "required")) == 4);
    /* choices */
    CHECK(text_bei(s, "properties/art/oneOf/2/const", "ek"));
    CHECK(text_bei(s, "properties/art/oneOf/2/title", "e.K."));
    CHECK(text_bei(s, "properties/farben/type", "array"));
    CHECK(json_is_true(bei(s, "properties/farben/uniqueItems")));
    CHECK(text_bei(s, "properties/farben/items/oneOf/0/const", "rot"));
    /* numbers: integer bounds stay integers, 0.5 a real */
    CHECK(text_bei(s, "properties/anzahl/type", "integer"));
    CHECK(json_integer_value(bei(s, "properties/anzahl/minimum")) == 1 &&
          json_integer_value(bei(s, "properties/anzahl/maximum")) == 9);
    CHECK(text_bei(s, "properties/betrag/type", "number"));
    CHECK(json_is_real(bei(s, "properties/betrag/minimum")) &&
          json_real_value(bei(s, "properties/betrag/minimum")) == 0.5);
    /* a date: the bounds go into the description, after the help */
    CHECK(text_bei(s, "properties/start/format", "date"));
    CHECK(text_bei(s, "properties/start/description",
                   "Erster Tag. Datum frühestens heute spätestens 2030-12-31."));
    CHECK(text_bei(s, "properties/tel/pattern", "^\\+?[0-9 ()/-]{3,30}$"));
    CHECK(text_bei(s, "properties/email/format", "email"));
    CHECK(text_bei(s, "properties/iban/pattern", "^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$"));
    CHECK(json_is_true(bei(s, "properties/ok/const")));
    CHECK(text_bei(s, "properties/anschrift/properties/plz/pattern", "^[0-9]{5}$"));
    CHECK(json_array_size(bei(s, "properties/anschrift/required")) == 4);
    /* a repeatable group: an array of item objects with their own rules */
    CHECK(text_bei(s, "properties/hunde/type", "array"));
    CHECK(json_integer_value(bei(s, "properties/hunde/minItems")) == 1 &&
          json_integer_value(bei(s, "properties/hunde/maxItems")) == 2);
    CHECK(text_bei(s, "properties/hunde/items/properties/name/pattern", "^(?:[A-Z][a-z]+)$"));
    CHECK(json_integer_value(bei(s, "properties/hunde/items/properties/test/maxItems")) == 2);
    CHECK(text_bei(s, "properties/hunde/items/properties/test/items/pattern", "^[0-9a-f]{64}$"));
    json_t *hr = regel_fuer(bei(s, "properties/hunde/items"), "test");
    CHECK(hr && json_is_true(bei(hr, "if/properties/kampfhund/enum/0")));
    /* a plain group is an object that is not empty */
    CHECK(json_integer_value(bei(s, "properties/vertreter/minProperties")) == 1);
    /* visible only if: if/then/else; required if: if/then */
    json_t *k = regel_fuer(s, "kapital");
    CHECK(k && text_bei(k, "if/required/0", "art"));
    CHECK(k && text_bei(k, "if/properties/art/enum/1", "ug"));
    CHECK(k && text_bei(k, "else/not/required/0", "kapital"));
    json_t *rg = regel_fuer(s, "rot_grund");
    CHECK(rg && text_bei(rg, "if/properties/farben/contains/enum/0", "rot"));
    CHECK(rg && !bei(rg, "then"));
    json_t *nz = regel_fuer(s, "notiz");
    CHECK(nz && text_bei(nz, "if/allOf/0/not/properties/art/enum/0", "ek"));
    CHECK(nz && text_bei(nz, "if/allOf/1/not/not/required/0", "anzahl"));
    CHECK(nz && !bei(nz, "else"));
    json_t *tl = regel_fuer(s, "tel");
    CHECK(tl && text_bei(tl, "if/anyOf/0/not/required/0", "email"));
    CHECK(tl && json_integer_value(bei(tl, "if/anyOf/1/properties/anzahl/enum/0")) == 9);
out:
    json_decref(s);
    arena_free(a);
}

static bool leise; /* a check that expects no error at the path: print nothing */

/* The text of the error at `pfad` when answers `json` are checked in mode `m` (in `a`);
 * NULL when there is none (the errors are printed). *n gets the number of errors. */
static const char *
antwort_fehler(struct arena *a, const struct formular *f, const char *json,
               enum formular_pruefung m, const char *pfad, size_t *n, json_t **clean)
{
    json_t *daten = json_loads(json, 0, NULL), *b = NULL;
    struct formular_fehler *fe = NULL;
    const char *t = NULL;
    *n = 0;
    CHECK(daten != NULL);
    CHECK(formular_daten_pruefen(a, f, daten, m, 0, HEUTE, &b, &fe, n) == ERR_OK);
    for (size_t i = 0; pfad && i < *n && !t; i++)
        if (strcmp(fe[i].pfad, pfad) == 0)
            t = fe[i].text;
    if (pfad && !t && !leise)
        for (size_t i = 0; i < *n; i++)
            printf("#   (got %s: %s)\n", fe[i].pfad, fe[i].text);
    if (clean)
        *clean = b;
    else
        json_decref(b);
    json_decref(daten);
    return t;
}

#define SHA "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define GUT                                                                                        \
    "\"art\": \"gmbh\", \"kapital\": 25000, \"anzahl\": 3, \"notiz\": \"n\", \"ok\": true,"        \
    " \"email\": \"a@example.org\", \"anschrift\": {\"strasse\": \"Marktplatz\", \"hausnummer\":"  \
    " \"1\", \"plz\": \"71032\", \"ort\": \"Böblingen\"}"

static bool
sagt(const char *t, const char *erwartet)
{
    if (t && strcmp(t, erwartet) == 0)
        return true;
    printf("# got '%s', expected '%s'\n", t ? t : "(none)", erwartet);
    return false;
}

static void
test_formular_answers_follow_conditions_counts_and_bounds(void)
{
    struct arena *a = arena_new(1 << 22);
    struct formular *f = a ? reich_parsen(a) : NULL;
    json_t *b = NULL;
    size_t n = 0;
    if (!f)
        goto out;
    /* complete and right; a hidden field's answer is dropped */
    CHECK(!antwort_fehler(a, f,
                          "{" GUT ", \"hunde\": [{\"name\": \"Bello\"}], \"rot_grund\": \"x\"}",
                          FORMULAR_VOLLSTAENDIG, NULL, &n, &b) &&
          n == 0);
    CHECK(b && json_integer_value(bei(b, "kapital")) == 25000 && !bei(b, "rot_grund"));
    json_decref(b);
    b = NULL;
    CHECK(!antwort_fehler(a, f,
                          "{\"art\": \"ek\", \"kapital\": 1, \"ok\": true, \"tel\": \"0711 1\","
                          " \"anschrift\": {\"strasse\": \"A\", \"hausnummer\": \"1\", \"plz\":"
                          " \"71032\", \"ort\": \"B\"}, \"hunde\": [{\"name\": \"Rex\"}]}",
                          FORMULAR_VOLLSTAENDIG, NULL, &n, &b) &&
          n == 0);
    CHECK(b && !bei(b, "kapital")); /* e.K.: no capital */
    json_decref(b);
    b = NULL;
    /* visible and required by its condition */
    CHECK(
        sagt(antwort_fehler(a, f, "{\"art\": \"ug\"}", FORMULAR_VOLLSTAENDIG, "/kapital", &n, NULL),
             "„Kapital“: Bitte füllen Sie dieses Feld aus."));
    /* alle: not e.K. and a number given → a note is required */
    CHECK(sagt(antwort_fehler(a, f, "{\"art\": \"gmbh\", \"anzahl\": 2}", FORMULAR_VOLLSTAENDIG,
                              "/notiz", &n, NULL),
               "„Notiz“: Bitte füllen Sie dieses Feld aus."));
    leise = true;
    CHECK(!antwort_fehler(a, f, "{\"art\": \"ek\", \"anzahl\": 2}", FORMULAR_VOLLSTAENDIG, "/notiz",
                          &n, NULL));
    leise = false;
    /* eine: no e-mail → a phone number is required; nine → too */
    CHECK(sagt(antwort_fehler(a, f, "{\"art\": \"ek\"}", FORMULAR_VOLLSTAENDIG, "/tel", &n, NULL),
               "„Telefon“: Bitte füllen Sie dieses Feld aus."));
    CHECK(antwort_fehler(a, f, "{\"email\": \"a@example.org\", \"anzahl\": 9}",
                         FORMULAR_VOLLSTAENDIG, "/tel", &n, NULL) != NULL);
    /* the confirmation must be ticked */
    CHECK(sagt(antwort_fehler(a, f, "{" GUT "}", FORMULAR_VOLLSTAENDIG, "/hunde", &n, NULL),
               "„Hunde“: Bitte geben Sie mindestens 1 Eintrag an."));
    CHECK(sagt(antwort_fehler(a, f, "{\"ok\": false}", FORMULAR_VOLLSTAENDIG, "/ok", &n, NULL),
               "Bitte bestätigen Sie: „Richtig“."));
    /* counts of a repeatable group, and its shape */
    CHECK(sagt(antwort_fehler(a, f,
                              "{\"hunde\": [{\"name\": \"A\"}, {\"name\": \"B\"}, {\"name\": "
                              "\"C\"}]}",
                              FORMULAR_ENTWURF, "/hunde", &n, NULL),
               "„Hunde“: Höchstens 2 Einträge."));
    CHECK(sagt(antwort_fehler(a, f, "{\"hunde\": {\"name\": \"A\"}}", FORMULAR_ENTWURF, "/hunde",
                              &n, NULL),
               "„Hunde“: Erwartet wird eine Liste von Einträgen."));
    /* inside an item: a pattern, and a file required by the item's own condition */
    CHECK(antwort_fehler(a, f, "{\"hunde\": [{\"name\": \"bello\"}]}", FORMULAR_ENTWURF,
                         "/hunde/0/name", &n, NULL) != NULL);
    CHECK(sagt(antwort_fehler(a, f,
                              "{" GUT ", \"hunde\": [{\"name\": \"Rex\"}, {\"name\": \"Bello\", "
                              "\"kampfhund\": true}]}",
                              FORMULAR_VOLLSTAENDIG, "/hunde/1/test", &n, NULL),
               "„Wesenstest“: Bitte laden Sie eine Datei hoch.") &&
          n == 1);
    /* bounds of numbers and dates */
    CHECK(antwort_fehler(a, f, "{\"anzahl\": 10}", FORMULAR_ENTWURF, "/anzahl", &n, NULL) != NULL);
    CHECK(antwort_fehler(a, f, "{\"betrag\": 0.25}", FORMULAR_ENTWURF, "/betrag", &n, NULL) !=
          NULL);
    CHECK(antwort_fehler(a, f, "{\"start\": \"2026-03-14\"}", FORMULAR_ENTWURF, "/start", &n,
                         NULL) != NULL);
    CHECK(antwort_fehler(a, f, "{\"start\": \"2031-01-01\"}", FORMULAR_ENTWURF, "/start", &n,
                         NULL) != NULL);
    CHECK(!antwort_fehler(a, f, "{\"start\": \"" HEUTE "\"}", FORMULAR_ENTWURF, NULL, &n, NULL) &&
          n == 0);
    /* an address: every part checked */
    CHECK(antwort_fehler(a, f,
                         "{\"anschrift\": {\"strasse\": \"A\", \"hausnummer\": \"1\", \"plz\": "
                         "\"123\", \"ort\": \"B\"}}",
                         FORMULAR_ENTWURF, "/anschrift/plz", &n, NULL) != NULL);
    CHECK(antwort_fehler(a, f, "{\"anschrift\": \"Marktplatz 1\"}", FORMULAR_ENTWURF, "/anschrift",
                         &n, NULL) != NULL);
    /* every kind of value refused, with its sentence */
    CHECK(sagt(
        antwort_fehler(a, f, "{\"notiz\": \"a\\u0007b\"}", FORMULAR_ENTWURF, "/notiz", &n, NULL),
        "„Notiz“ enthält unzulässige Zeichen."));
    CHECK(sagt(antwort_fehler(a, f, "{\"farben\": [\"rot\"], \"rot_grund\": \"ab\"}",
                              FORMULAR_ENTWURF, "/rot_grund", &n, NULL),
               "„Warum rot“ muss mindestens 3 Zeichen lang sein."));
    CHECK(sagt(antwort_fehler(a, f, "{\"farben\": \"rot\"}", FORMULAR_ENTWURF, "/farben", &n, NULL),
               "„Farben“: Erwartet wird eine Liste der gewählten Werte."));
    CHECK(sagt(antwort_fehler(a, f, "{\"anzahl\": 12}", FORMULAR_ENTWURF, "/anzahl", &n, NULL),
               "„Anzahl“ muss zwischen 1 und 9 liegen."));
    CHECK(sagt(antwort_fehler(a, f, "{\"gewicht\": 81.5}", FORMULAR_ENTWURF, "/gewicht", &n, NULL),
               "„Gewicht“ darf höchstens 80 sein."));
    CHECK(sagt(antwort_fehler(a, f, "{\"betrag\": 0.25}", FORMULAR_ENTWURF, "/betrag", &n, NULL),
               "„Betrag“ muss mindestens 0.5 sein."));
    CHECK(sagt(antwort_fehler(a, f, "{\"betrag\": 1e16}", FORMULAR_ENTWURF, "/betrag", &n, NULL),
               "„Betrag“: Die Zahl ist zu groß."));
    CHECK(sagt(antwort_fehler(a, f, "{\"hunde\": [{\"name\": \"Rex\", \"test\": 5}]}",
                              FORMULAR_ENTWURF, "/hunde/0/test", &n, NULL),
               "„Wesenstest“: Erwartet wird eine Liste von Anlagen (SHA-256)."));
    CHECK(sagt(antwort_fehler(a, f,
                              "{\"hunde\": [{\"name\": \"Rex\", \"test\": [\"" SHA "\", \"" SHA
                              "\", \"" SHA "\"]}]}",
                              FORMULAR_ENTWURF, "/hunde/0/test", &n, NULL),
               "„Wesenstest“: Höchstens 2 Dateien."));
    /* empty strings and lists are no answers: dropped, and then missing when required */
    CHECK(!antwort_fehler(a, f,
                          "{\"farben\": [], \"notiz\": \"  \", \"hunde\": [{\"name\": \"Rex\","
                          " \"test\": []}]}",
                          FORMULAR_ENTWURF, NULL, &n, &b) &&
          n == 0);
    CHECK(b && !bei(b, "farben") && !bei(b, "notiz") && !bei(b, "hunde/0/test"));
    json_decref(b);
    b = NULL;

    /* the files named in answers, with where they are */
    json_t *d =
        json_loads("{\"hunde\": [{\"name\": \"Rex\"}, {\"name\": \"Bello\", \"test\": [\"" SHA
                   "\"]}], \"vertreter\": {\"vname\": \"V\"}}",
                   0, NULL);
    struct formular_datei_ref *refs = NULL;
    CHECK(d && formular_dateien(a, f, d, &refs, &n) == ERR_OK && n == 1);
    CHECK(n == 1 && strcmp(refs[0].sha256, SHA) == 0 &&
          strcmp(refs[0].pfad, "/hunde/1/test/0") == 0);
    json_decref(d);
out:
    arena_free(a);
}

int
main(void)
{
    TEST(test_formular_definition_errors_have_path_and_sentence);
    TEST(test_formular_schema_of_every_type_and_condition);
    TEST(test_formular_answers_follow_conditions_counts_and_bounds);
    return tap_done();
}
