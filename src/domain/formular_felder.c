/* formular_felder: parsing the fields of a form definition — types, options, file types,
 * repeated groups — and their conditions (see formular.h, docs/formular.md). */
#include <string.h>

#include <jansson.h>

#include "domain/formular_intern.h"

static const char *const typ_namen[] = {
    [FORMULAR_TEXT] = "text",       [FORMULAR_ZAHL] = "zahl",     [FORMULAR_DATUM] = "datum",
    [FORMULAR_AUSWAHL] = "auswahl", [FORMULAR_JANEIN] = "janein", [FORMULAR_EMAIL] = "email",
    [FORMULAR_TELEFON] = "telefon", [FORMULAR_IBAN] = "iban",     [FORMULAR_ADRESSE] = "adresse",
    [FORMULAR_DATEI] = "datei",     [FORMULAR_GRUPPE] = "gruppe",
};

/* Media types a datei field may allow: those the attachment check can recognize. */
static const char *const datei_typen[] = {
    "application/pdf", "image/jpeg", "image/png", "image/tiff", "text/plain",
};

const char *
formular_typ_name(enum formular_typ t)
{
    if ((unsigned)t >= sizeof(typ_namen) / sizeof(typ_namen[0]))
        return NULL;
    return typ_namen[t];
}

/* ---- conditions ---------------------------------------------------------------------- */

/* Index of the field called `id` among felder[0..n), or n. */
static size_t
feld_index(const struct formular_feld *felder, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (felder[i].id && strcmp(felder[i].id, id) == 0)
            return i;
    return n;
}

/* Whether json constant `v` fits field `f` for a comparison; converts it into *out. */
static bool
wert_fuer(struct pctx *p, const struct formular_feld *f, const json_t *v, struct formular_wert *out)
{
    switch (f->typ) {
    case FORMULAR_ZAHL:
        if (!json_is_number(v))
            return false;
        *out = (struct formular_wert){FORMULAR_WERT_ZAHL, NULL, json_number_value(v), false};
        return true;
    case FORMULAR_JANEIN:
        if (!json_is_boolean(v))
            return false;
        *out = (struct formular_wert){FORMULAR_WERT_BOOL, NULL, 0, json_is_true(v)};
        return true;
    case FORMULAR_TEXT:
    case FORMULAR_DATUM:
    case FORMULAR_AUSWAHL:
    case FORMULAR_EMAIL:
    case FORMULAR_TELEFON:
    case FORMULAR_IBAN: {
        if (!json_is_string(v) || json_string_length(v) > 1000 ||
            !str_is_clean_utf8(json_string_value(v), json_string_length(v)))
            return false;
        const char *s = arena_strndup(p->a, json_string_value(v), json_string_length(v));
        if (!s) {
            p->nomem = true;
            return false;
        }
        if (f->typ == FORMULAR_AUSWAHL) {
            bool found = false;
            for (size_t i = 0; i < f->n_optionen && !found; i++)
                found = f->optionen[i].wert && strcmp(f->optionen[i].wert, s) == 0;
            if (!found)
                return false;
        }
        *out = (struct formular_wert){FORMULAR_WERT_TEXT, s, 0, false};
        return true;
    }
    case FORMULAR_ADRESSE:
    case FORMULAR_DATEI:
    case FORMULAR_GRUPPE:
        return false;
    }
    return false;
}

static const char *const bed_keys[] = {"feld", "gleich", "ungleich", "in", "ausgefuellt",
                                       "alle", "eine",   "nicht",    NULL};

/* Parse condition `j` at `pfad`; it may name felder[0..n) (the earlier siblings). */
static void
bedingung(struct pctx *p, const json_t *j, const char *pfad, const struct formular_feld *felder,
          size_t n, int tiefe, struct formular_bedingung *out)
{
    memset(out, 0, sizeof(*out));
    if (!json_is_object(j)) {
        fp_fehler(p, pfad, "Eine Bedingung ist ein Objekt.");
        return;
    }
    if (tiefe > 4) {
        fp_fehler(p, pfad, "Bedingungen sind höchstens vier Stufen tief verschachtelt.");
        return;
    }
    fp_nur_bekannte(p, j, pfad, bed_keys);
    const char *ops[] = {"gleich", "ungleich", "in", "ausgefuellt", "alle", "eine", "nicht"};
    const char *op = NULL;
    size_t n_ops = 0;
    for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (json_object_get(j, ops[i])) {
            op = ops[i];
            n_ops++;
        }
    }
    if (n_ops != 1) {
        fp_fehler(p, pfad,
                  "Eine Bedingung hat genau einen Operator: gleich, ungleich, in, ausgefuellt, "
                  "alle, eine oder nicht.");
        return;
    }
    json_t *arg = json_object_get(j, op);
    if (strcmp(op, "alle") == 0 || strcmp(op, "eine") == 0 || strcmp(op, "nicht") == 0) {
        if (json_object_get(j, "feld"))
            fp_fehler(p, fp_pfad_key(p, pfad, "feld"), "„%s“ nennt kein Feld.", op);
        bool is_nicht = strcmp(op, "nicht") == 0;
        size_t k = is_nicht ? 1 : json_array_size(arg);
        if (is_nicht ? !json_is_object(arg) : (!json_is_array(arg) || k < 1 || k > 20)) {
            fp_fehler(p, fp_pfad_key(p, pfad, op),
                      is_nicht ? "Erwartet wird eine Bedingung."
                               : "Erwartet wird eine Liste von 1 bis 20 Bedingungen.");
            return;
        }
        struct formular_bedingung *teile = arena_zalloc(p->a, k * sizeof(*teile));
        if (!teile) {
            p->nomem = true;
            return;
        }
        for (size_t i = 0; i < k; i++)
            bedingung(p, is_nicht ? arg : json_array_get(arg, i),
                      is_nicht ? fp_pfad_key(p, pfad, op) : fp_pfad_idx(p, pfad, op, i), felder, n,
                      tiefe + 1, &teile[i]);
        out->art = strcmp(op, "alle") == 0   ? FORMULAR_BED_ALLE
                   : strcmp(op, "eine") == 0 ? FORMULAR_BED_EINE
                                             : FORMULAR_BED_NICHT;
        out->teile = teile;
        out->n_teile = k;
        return;
    }
    json_t *feld = json_object_get(j, "feld");
    if (!json_is_string(feld)) {
        fp_fehler(p, fp_pfad_key(p, pfad, "feld"), "Die Bedingung nennt kein Feld (\"feld\").");
        return;
    }
    size_t idx = feld_index(felder, n, json_string_value(feld));
    if (idx == n) {
        fp_fehler(p, fp_pfad_key(p, pfad, "feld"),
                  "Das Feld „%.60s“ steht nicht vorher im selben Schritt, in einem früheren "
                  "Schritt oder in derselben Gruppe.",
                  json_string_value(feld));
        return;
    }
    const struct formular_feld *ziel = &felder[idx];
    out->feld = idx;
    const char *q = fp_pfad_key(p, pfad, op);
    if (strcmp(op, "ausgefuellt") == 0) {
        if (!json_is_boolean(arg)) {
            fp_fehler(p, q, "Erwartet wird true oder false.");
            return;
        }
        out->art = FORMULAR_BED_AUSGEFUELLT;
        out->ja = json_is_true(arg);
        return;
    }
    if (ziel->typ == FORMULAR_ADRESSE || ziel->typ == FORMULAR_DATEI ||
        ziel->typ == FORMULAR_GRUPPE) {
        fp_fehler(p, q, "Ein Feld vom Typ „%s“ lässt sich nur mit „ausgefuellt“ prüfen.",
                  formular_typ_name(ziel->typ));
        return;
    }
    if (strcmp(op, "in") == 0) {
        size_t k = json_array_size(arg);
        if (!json_is_array(arg) || k < 1 || k > 100) {
            fp_fehler(p, q, "Erwartet wird eine Liste von 1 bis 100 Werten.");
            return;
        }
        struct formular_wert *w = arena_zalloc(p->a, k * sizeof(*w));
        if (!w) {
            p->nomem = true;
            return;
        }
        for (size_t i = 0; i < k; i++)
            if (!wert_fuer(p, ziel, json_array_get(arg, i), &w[i]))
                fp_fehler(p, fp_pfad_idx(p, pfad, "in", i), "Der Wert passt nicht zum Feld „%s“.",
                          ziel->id);
        out->art = FORMULAR_BED_IN;
        out->werte = w;
        out->n_werte = k;
        return;
    }
    struct formular_wert *w = arena_zalloc(p->a, sizeof(*w));
    if (!w) {
        p->nomem = true;
        return;
    }
    if (!wert_fuer(p, ziel, arg, w)) {
        fp_fehler(p, q, "Der Wert passt nicht zum Feld „%s“ (Typ %s%s).", ziel->id,
                  formular_typ_name(ziel->typ),
                  ziel->typ == FORMULAR_AUSWAHL ? ": einer der Werte der Optionen" : "");
        return;
    }
    out->art = strcmp(op, "gleich") == 0 ? FORMULAR_BED_GLEICH : FORMULAR_BED_UNGLEICH;
    out->werte = w;
    out->n_werte = 1;
}

static const struct formular_bedingung *
bedingung_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key,
               const struct formular_feld *felder, size_t n)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return NULL;
    struct formular_bedingung *b = arena_zalloc(p->a, sizeof(*b));
    if (!b) {
        p->nomem = true;
        return NULL;
    }
    bedingung(p, v, fp_pfad_key(p, pfad, key), felder, n, 0, b);
    return b;
}

/* ---- fields ------------------------------------------------------------------------- */

static const char *const common_keys[] = {"id",  "typ",     "label",        "hilfe",
                                          "fim", "pflicht", "pflicht_wenn", "sichtbar_wenn"};

/* The keys a field of type `t` may have besides the common ones (NULL-terminated). */
static const char *const *
typ_keys(enum formular_typ t)
{
    static const char *const text[] = {"min_laenge",  "max_laenge", "muster",
                                       "muster_text", "mehrzeilig", NULL};
    static const char *const zahl[] = {"min", "max", "ganzzahl", "einheit", NULL};
    static const char *const datum[] = {"min", "max", NULL};
    static const char *const auswahl[] = {"optionen", "mehrfach", NULL};
    static const char *const janein[] = {"bestaetigung", NULL};
    static const char *const datei[] = {"typen", "max_groesse", "max_anzahl", NULL};
    static const char *const gruppe[] = {"felder",     "wiederholbar",  "min_anzahl",
                                         "max_anzahl", "label_eintrag", NULL};
    static const char *const keine[] = {NULL};
    switch (t) {
    case FORMULAR_TEXT:
        return text;
    case FORMULAR_ZAHL:
        return zahl;
    case FORMULAR_DATUM:
        return datum;
    case FORMULAR_AUSWAHL:
        return auswahl;
    case FORMULAR_JANEIN:
        return janein;
    case FORMULAR_DATEI:
        return datei;
    case FORMULAR_GRUPPE:
        return gruppe;
    case FORMULAR_EMAIL:
    case FORMULAR_TELEFON:
    case FORMULAR_IBAN:
    case FORMULAR_ADRESSE:
        return keine;
    }
    return keine;
}

static void
optionen(struct pctx *p, const json_t *obj, const char *pfad, struct formular_feld *f)
{
    json_t *arr = json_object_get(obj, "optionen");
    const char *q = fp_pfad_key(p, pfad, "optionen");
    size_t k = json_array_size(arr);
    if (!json_is_array(arr) || k < 1 || k > FORMULAR_MAX_OPTIONEN) {
        fp_fehler(p, q, "Erwartet wird eine Liste von 1 bis %d Optionen.", FORMULAR_MAX_OPTIONEN);
        return;
    }
    struct formular_option *o = arena_zalloc(p->a, k * sizeof(*o));
    if (!o) {
        p->nomem = true;
        return;
    }
    static const char *const keys[] = {"wert", "label", NULL};
    for (size_t i = 0; i < k; i++) {
        json_t *e = json_array_get(arr, i);
        const char *qi = fp_pfad_idx(p, pfad, "optionen", i);
        if (!json_is_object(e)) {
            fp_fehler(p, qi, "Eine Option ist ein Objekt mit „wert“ und „label“.");
            continue;
        }
        fp_nur_bekannte(p, e, qi, keys);
        fp_text_prop(p, e, qi, "wert", true, 1, 100, false, &o[i].wert);
        fp_text_prop(p, e, qi, "label", true, 1, 200, false, &o[i].label);
        for (size_t j = 0; o[i].wert && j < i; j++)
            if (o[j].wert && strcmp(o[j].wert, o[i].wert) == 0)
                fp_fehler(p, fp_pfad_key(p, qi, "wert"), "Der Wert kommt schon in Option %zu vor.",
                          j + 1); /* counted from 1, for people */
    }
    f->optionen = o;
    f->n_optionen = k;
}

static void
datei_typen_prop(struct pctx *p, const json_t *obj, const char *pfad, struct formular_feld *f)
{
    json_t *arr = json_object_get(obj, "typen");
    size_t n_erlaubt = sizeof(datei_typen) / sizeof(datei_typen[0]);
    if (!arr) {
        f->typen = datei_typen;
        f->n_typen = 3; /* pdf, jpeg, png */
        return;
    }
    size_t k = json_array_size(arr);
    if (!json_is_array(arr) || k < 1 || k > n_erlaubt) {
        fp_fehler(p, fp_pfad_key(p, pfad, "typen"), "Erwartet wird eine Liste von Medientypen.");
        return;
    }
    const char **t = arena_zalloc(p->a, k * sizeof(*t));
    if (!t) {
        p->nomem = true;
        return;
    }
    for (size_t i = 0; i < k; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        for (size_t j = 0; s && j < n_erlaubt && !t[i]; j++)
            if (strcmp(s, datei_typen[j]) == 0)
                t[i] = datei_typen[j];
        if (!t[i])
            fp_fehler(p, fp_pfad_idx(p, pfad, "typen", i),
                      "Erlaubt sind application/pdf, image/jpeg, image/png, image/tiff und "
                      "text/plain.");
    }
    f->typen = t;
    f->n_typen = k;
}

/* Parse field `j` at `pfad`; felder[0..idx) are its earlier siblings. */
static void
feld(struct pctx *p, const json_t *j, const char *pfad, int tiefe, struct formular_feld *felder,
     size_t idx, size_t schritt)
{
    struct formular_feld *f = &felder[idx];
    memset(f, 0, sizeof(*f));
    f->schritt = schritt;
    if (!json_is_object(j)) {
        fp_fehler(p, pfad, "Ein Feld ist ein Objekt.");
        return;
    }
    if (++p->n_felder > FORMULAR_MAX_FELDER) {
        if (p->n_felder == FORMULAR_MAX_FELDER + 1)
            fp_fehler(p, pfad, "Ein Formular hat höchstens %d Felder.", FORMULAR_MAX_FELDER);
        return;
    }
    const char *typ = json_string_value(json_object_get(j, "typ"));
    size_t t;
    for (t = 0; typ && t < sizeof(typ_namen) / sizeof(typ_namen[0]); t++)
        if (strcmp(typ, typ_namen[t]) == 0)
            break;
    if (!typ || t == sizeof(typ_namen) / sizeof(typ_namen[0])) {
        fp_fehler(p, fp_pfad_key(p, pfad, "typ"),
                  "Unbekannter Feldtyp; erlaubt sind text, zahl, datum, auswahl, janein, email, "
                  "telefon, iban, adresse, datei und gruppe.");
        return;
    }
    f->typ = (enum formular_typ)t;

    /* unknown keys: the common ones plus the type's */
    const char *const *tk = typ_keys(f->typ);
    const char *erlaubt[32];
    size_t ne = 0;
    for (size_t i = 0; i < sizeof(common_keys) / sizeof(common_keys[0]); i++)
        erlaubt[ne++] = common_keys[i];
    for (size_t i = 0; tk[i]; i++)
        erlaubt[ne++] = tk[i];
    erlaubt[ne] = NULL;
    fp_nur_bekannte(p, j, pfad, erlaubt);

    fp_text_prop(p, j, pfad, "id", true, 1, 40, false, &f->id);
    if (f->id && !formular_is_id(f->id)) {
        fp_fehler(p, fp_pfad_key(p, pfad, "id"),
                  "Eine Feldkennung beginnt mit einem Kleinbuchstaben und enthält nur a–z, 0–9 "
                  "und _ (höchstens 40 Zeichen).");
        f->id = NULL;
    }
    if (f->id && feld_index(felder, idx, f->id) < idx) {
        fp_fehler(p, fp_pfad_key(p, pfad, "id"), "Die Kennung „%s“ gibt es hier schon.", f->id);
        f->id = NULL;
    }
    fp_text_prop(p, j, pfad, "label", true, 1, 200, false, &f->label);
    fp_text_prop(p, j, pfad, "hilfe", false, 1, 2000, true, &f->hilfe);
    fp_text_prop(p, j, pfad, "fim", false, 1, 40, false, &f->fim);
    fp_bool_prop(p, j, pfad, "pflicht", &f->is_pflicht);
    f->sichtbar_wenn = bedingung_prop(p, j, pfad, "sichtbar_wenn", felder, idx);
    f->pflicht_wenn = bedingung_prop(p, j, pfad, "pflicht_wenn", felder, idx);
    if (f->pflicht_wenn && f->is_pflicht)
        fp_fehler(p, fp_pfad_key(p, pfad, "pflicht_wenn"),
                  "Ein Feld ist entweder immer Pflicht („pflicht“) oder unter einer Bedingung "
                  "(„pflicht_wenn“), nicht beides.");

    switch (f->typ) {
    case FORMULAR_TEXT:
        fp_int_prop(p, j, pfad, "min_laenge", 0, FORMULAR_MAX_TEXT, 0, &f->min_laenge);
        fp_int_prop(p, j, pfad, "max_laenge", 1, FORMULAR_MAX_TEXT, 200, &f->max_laenge);
        if (f->min_laenge > f->max_laenge)
            fp_fehler(p, fp_pfad_key(p, pfad, "min_laenge"),
                      "min_laenge ist größer als max_laenge.");
        fp_text_prop(p, j, pfad, "muster", false, 1, 500, false, &f->muster);
        if (f->muster && !fp_muster_ok(f->muster)) {
            fp_fehler(
                p, fp_pfad_key(p, pfad, "muster"),
                "Das Muster ist kein gültiger regulärer Ausdruck der erlaubten Form (POSIX "
                "ERE ohne \\d, [:klassen:] und Rückverweise; Umlaute nur außerhalb von [...]).");
            f->muster = NULL;
        }
        fp_text_prop(p, j, pfad, "muster_text", false, 1, 300, false, &f->muster_text);
        fp_bool_prop(p, j, pfad, "mehrzeilig", &f->is_mehrzeilig);
        break;
    case FORMULAR_ZAHL:
        fp_num_prop(p, j, pfad, "min", &f->has_min, &f->min);
        fp_num_prop(p, j, pfad, "max", &f->has_max, &f->max);
        fp_bool_prop(p, j, pfad, "ganzzahl", &f->is_ganzzahl);
        fp_text_prop(p, j, pfad, "einheit", false, 1, 20, false, &f->einheit);
        if (f->has_min && f->has_max && f->min > f->max)
            fp_fehler(p, fp_pfad_key(p, pfad, "min"), "min ist größer als max.");
        break;
    case FORMULAR_DATUM:
        fp_datum_prop(p, j, pfad, "min", &f->datum_min);
        fp_datum_prop(p, j, pfad, "max", &f->datum_max);
        if (f->datum_min && f->datum_max && strcmp(f->datum_min, "heute") != 0 &&
            strcmp(f->datum_max, "heute") != 0 && strcmp(f->datum_min, f->datum_max) > 0)
            fp_fehler(p, fp_pfad_key(p, pfad, "min"), "min liegt nach max.");
        break;
    case FORMULAR_AUSWAHL:
        optionen(p, j, pfad, f);
        fp_bool_prop(p, j, pfad, "mehrfach", &f->is_mehrfach);
        break;
    case FORMULAR_JANEIN:
        fp_bool_prop(p, j, pfad, "bestaetigung", &f->is_bestaetigung);
        break;
    case FORMULAR_DATEI:
        datei_typen_prop(p, j, pfad, f);
        fp_int_prop(p, j, pfad, "max_groesse", 1, FORMULAR_DATEI_MAX, 5 * 1024 * 1024,
                    &f->max_groesse);
        fp_int_prop(p, j, pfad, "max_anzahl", 1, FORMULAR_MAX_DATEIEN, 1, &f->max_anzahl);
        break;
    case FORMULAR_GRUPPE: {
        if (tiefe >= FORMULAR_MAX_TIEFE) {
            fp_fehler(p, pfad, "Gruppen sind höchstens %d Stufen tief verschachtelt.",
                      FORMULAR_MAX_TIEFE);
            break;
        }
        fp_bool_prop(p, j, pfad, "wiederholbar", &f->is_wiederholbar);
        fp_int_prop(p, j, pfad, "min_anzahl", 0, FORMULAR_MAX_WIEDERHOL, f->is_pflicht ? 1 : 0,
                    &f->min_anzahl);
        fp_int_prop(p, j, pfad, "max_anzahl", 1, FORMULAR_MAX_WIEDERHOL, 10, &f->max_anzahl_gruppe);
        if (!f->is_wiederholbar &&
            (json_object_get(j, "min_anzahl") || json_object_get(j, "max_anzahl") ||
             json_object_get(j, "label_eintrag")))
            fp_fehler(p, pfad,
                      "min_anzahl, max_anzahl und label_eintrag gibt es nur bei "
                      "wiederholbaren Gruppen.");
        if (f->min_anzahl > f->max_anzahl_gruppe)
            fp_fehler(p, fp_pfad_key(p, pfad, "min_anzahl"),
                      "min_anzahl ist größer als max_anzahl.");
        fp_text_prop(p, j, pfad, "label_eintrag", false, 1, 100, false, &f->label_eintrag);
        json_t *arr = json_object_get(j, "felder");
        size_t k = json_array_size(arr);
        if (!json_is_array(arr) || k < 1 || k > FORMULAR_MAX_FELDER) {
            fp_fehler(p, fp_pfad_key(p, pfad, "felder"), "Eine Gruppe hat eine Liste von Feldern.");
            break;
        }
        struct formular_feld *kinder = arena_zalloc(p->a, k * sizeof(*kinder));
        if (!kinder) {
            p->nomem = true;
            break;
        }
        size_t n = 0;
        fp_felder_liste(p, arr, fp_pfad_key(p, pfad, "felder"), tiefe + 1, kinder, &n, 0);
        f->felder = kinder;
        f->n_felder = n;
        break;
    }
    case FORMULAR_EMAIL:
    case FORMULAR_TELEFON:
    case FORMULAR_IBAN:
    case FORMULAR_ADRESSE:
        break;
    }
}

/* Parse the fields of array `arr` into felder[*n ..], appending (the top level spans steps). */
void
fp_felder_liste(struct pctx *p, const json_t *arr, const char *pfad, int tiefe,
                struct formular_feld *felder, size_t *n, size_t schritt)
{
    size_t k = json_array_size(arr);
    for (size_t i = 0; i < k && !p->nomem; i++) {
        const char *qi = arena_printf(p->a, "%s[%zu]", pfad, i);
        if (!qi) {
            p->nomem = true;
            return;
        }
        feld(p, json_array_get(arr, i), qi, tiefe, felder, *n, schritt);
        (*n)++;
    }
}
