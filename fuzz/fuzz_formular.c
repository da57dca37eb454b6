/* libFuzzer harness: form definitions and answers (domain/formular.h). The input is parsed as
 * a definition; when it is valid, its JSON Schema is made and an empty and a sample answer
 * object are checked against it. The same input is also checked as answers to a fixed
 * definition with every field type, conditions and a repeatable group. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/formular.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fest[] =
    "{\"format\": \"rathaus-formular/1\", \"leistung\": \"x\", \"titel\": \"T\", \"schritte\": ["
    "{\"id\": \"s\", \"titel\": \"S\", \"felder\": ["
    "{\"id\": \"t\", \"typ\": \"text\", \"label\": \"T\", \"pflicht\": true, \"muster\": "
    "\"[a-z]+\"},"
    "{\"id\": \"z\", \"typ\": \"zahl\", \"label\": \"Z\", \"min\": 0, \"max\": 9},"
    "{\"id\": \"d\", \"typ\": \"datum\", \"label\": \"D\", \"max\": \"heute\"},"
    "{\"id\": \"a\", \"typ\": \"auswahl\", \"label\": \"A\", \"mehrfach\": true,"
    " \"optionen\": [{\"wert\": \"x\", \"label\": \"X\"}, {\"wert\": \"y\", \"label\": \"Y\"}]},"
    "{\"id\": \"j\", \"typ\": \"janein\", \"label\": \"J\"},"
    "{\"id\": \"e\", \"typ\": \"email\", \"label\": \"E\", \"sichtbar_wenn\": {\"feld\": \"j\","
    " \"gleich\": true}},"
    "{\"id\": \"p\", \"typ\": \"telefon\", \"label\": \"P\"},"
    "{\"id\": \"i\", \"typ\": \"iban\", \"label\": \"I\", \"pflicht_wenn\": {\"eine\": [{\"feld\":"
    " \"a\", \"gleich\": \"x\"}, {\"nicht\": {\"feld\": \"z\", \"in\": [1, 2]}}]}},"
    "{\"id\": \"r\", \"typ\": \"adresse\", \"label\": \"R\"},"
    "{\"id\": \"f\", \"typ\": \"datei\", \"label\": \"F\", \"max_anzahl\": 3},"
    "{\"id\": \"g\", \"typ\": \"gruppe\", \"label\": \"G\", \"wiederholbar\": true, \"felder\": ["
    " {\"id\": \"n\", \"typ\": \"text\", \"label\": \"N\", \"pflicht\": true},"
    " {\"id\": \"h\", \"typ\": \"gruppe\", \"label\": \"H\", \"felder\": ["
    "  {\"id\": \"k\", \"typ\": \"zahl\", \"label\": \"K\", \"ganzzahl\": true}]}]}"
    "]}]}";

static void
antworten(struct arena *a, const struct formular *f, const json_t *daten)
{
    static const enum formular_pruefung modi[] = {FORMULAR_ENTWURF, FORMULAR_SCHRITT,
                                                  FORMULAR_VOLLSTAENDIG};
    for (size_t m = 0; m < 3; m++) {
        json_t *b = NULL;
        struct formular_fehler *fe;
        size_t n_fe;
        if (formular_daten_pruefen(a, f, daten, modi[m], 0, "2026-01-01", &b, &fe, &n_fe) ==
            ERR_OK) {
            struct formular_datei_ref *refs;
            size_t n;
            RH_IGNORE(formular_dateien(a, f, b, &refs, &n));
            json_decref(b);
        }
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena *a = arena_new(1u << 26);
    struct formular *f = NULL, *g = NULL;
    struct formular_fehler *fe;
    size_t n_fe;
    if (!a)
        return 0;
    if (formular_parse(a, (const char *)data, size, &f, &fe, &n_fe) == ERR_OK) {
        json_t *s = NULL, *leer = json_object();
        if (formular_schema(f, "urn:fuzz", &s) == ERR_OK)
            json_decref(s);
        if (leer)
            antworten(a, f, leer);
        json_decref(leer);
    }
    json_t *daten = json_loadb((const char *)data, size, 0, NULL);
    if (daten && formular_parse(a, fest, strlen(fest), &g, &fe, &n_fe) == ERR_OK)
        antworten(a, g, daten);
    json_decref(daten);
    arena_free(a);
    return 0;
}
