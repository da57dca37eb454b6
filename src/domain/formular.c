/* formular: parsing and checking of form definitions (see formular.h, docs/formular.md).
 * Answers are checked in formular_daten.c, the JSON Schema is made in formular_schema.c. */
#include "domain/formular.h"

#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include <math.h>
#include <regex.h>

#include "domain/leistung.h"
#include "util/str.h"

/* What the parser carries: the arena, the error list and a count of all fields. */
struct pctx {
    struct arena *a;
    struct formular_fehler *fe;
    size_t n_fe;
    size_t n_felder;
    bool nomem;
};

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

bool
formular_is_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 40 || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 1; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'))
            return false;
    }
    return true;
}

static void fehler(struct pctx *p, const char *pfad, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fehler(struct pctx *p, const char *pfad, const char *fmt, ...)
{
    va_list ap;
    if (p->n_fe >= FORMULAR_MAX_FEHLER)
        return;
    va_start(ap, fmt);
    char *text = arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    if (!text) {
        p->nomem = true;
        return;
    }
    p->fe[p->n_fe++] = (struct formular_fehler){pfad, NULL, NULL, text};
}

static const char *
pfad_key(struct pctx *p, const char *pfad, const char *key)
{
    const char *s = arena_printf(p->a, "%s.%s", pfad, key);
    if (!s) {
        p->nomem = true;
        return pfad;
    }
    return s;
}

static const char *
pfad_idx(struct pctx *p, const char *pfad, const char *key, size_t i)
{
    const char *s = arena_printf(p->a, "%s.%s[%zu]", pfad, key, i);
    if (!s) {
        p->nomem = true;
        return pfad;
    }
    return s;
}

/* Characters (code points) of valid UTF-8. */
static size_t
utf8_len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

/* Refuse keys of `obj` that are not in `erlaubt` (NULL-terminated). */
static void
nur_bekannte(struct pctx *p, const json_t *obj, const char *pfad, const char *const *erlaubt)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = false;
        for (size_t i = 0; erlaubt[i] && !ok; i++)
            ok = strcmp(key, erlaubt[i]) == 0;
        if (!ok)
            fehler(p, pfad_key(p, pfad, key), "Unbekannte Eigenschaft „%.60s“.", key);
    }
}

/* A string property: absent is fine unless `pflicht`; else a clean UTF-8 string of
 * min..max characters, without line breaks unless `zeilen`. *out in the arena or NULL. */
static void
text_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool pflicht,
          size_t min, size_t max, bool zeilen, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (pflicht)
            fehler(p, pfad_key(p, pfad, key), "Die Eigenschaft fehlt.");
        return;
    }
    const char *q = pfad_key(p, pfad, key);
    if (!json_is_string(v)) {
        fehler(p, q, "Erwartet wird eine Zeichenkette.");
        return;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (!str_is_clean_utf8(s, n) || (!zeilen && (memchr(s, '\n', n) || memchr(s, '\r', n)))) {
        fehler(p, q, "Die Zeichenkette enthält unzulässige Steuerzeichen.");
        return;
    }
    size_t k = utf8_len(s, n);
    if (k < min || k > max) {
        fehler(p, q, "Erwartet werden %zu bis %zu Zeichen.", min, max);
        return;
    }
    *out = arena_strndup(p->a, s, n);
    if (!*out)
        p->nomem = true;
}

static void
bool_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool *out)
{
    json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v)
        return;
    if (!json_is_boolean(v)) {
        fehler(p, pfad_key(p, pfad, key), "Erwartet wird true oder false.");
        return;
    }
    *out = json_is_true(v);
}

/* An integer property in min..max; `def` when absent. */
static void
int_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, int64_t min,
         int64_t max, int64_t def, int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    *out = def;
    if (!v)
        return;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        fehler(p, pfad_key(p, pfad, key), "Erwartet wird eine ganze Zahl von %lld bis %lld.",
               (long long)min, (long long)max);
        return;
    }
    *out = (int64_t)json_integer_value(v);
}

static void
num_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool *has,
         double *out)
{
    json_t *v = json_object_get(obj, key);
    *has = false;
    *out = 0;
    if (!v)
        return;
    if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
        fabs(json_number_value(v)) > 1e15) {
        fehler(p, pfad_key(p, pfad, key), "Erwartet wird eine Zahl (höchstens 10^15).");
        return;
    }
    *has = true;
    *out = json_number_value(v);
}

/* A pattern: printable ASCII of the subset of POSIX ERE and ECMA-262 regular expressions
 * that both read the same: no backslash classes (\d), no [: :] classes, no backreferences;
 * a backslash only quotes a punctuation character. It must compile. */
static bool
muster_ok(const char *m)
{
    bool klasse = false; /* inside [...] */
    for (const char *s = m; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch == 0x7f || (klasse && ch >= 0x80))
            return false; /* UTF-8 only outside classes, where both read it as a sequence */
        if (klasse) {
            /* POSIX reads a backslash in a class literally, ECMA-262 as an escape */
            if (*s == '\\' || *s == '[')
                return false;
            if (*s == ']')
                klasse = false;
            continue;
        }
        if (*s == '\\') {
            s++;
            if (!*s || !strchr(".[]{}()*+?^$|\\/", *s))
                return false;
        } else if (*s == '[') {
            klasse = true;
            if (s[1] == '^')
                s++;
            if (s[1] == ']')
                return false; /* a member in POSIX, an empty class in ECMA-262 */
        }
    }
    if (klasse)
        return false;
    size_t n = strlen(m);
    char buf[600];
    if (n > 500)
        return false;
    int k = snprintf(buf, sizeof(buf), "^(%s)$", m);
    if (k < 0 || (size_t)k >= sizeof(buf))
        return false;
    regex_t re;
    if (regcomp(&re, buf, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    regfree(&re);
    return true;
}

bool
formular_datum_ok(const char *s)
{
    static const int tage[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int64_t y, m, d;
    if (str_to_int64((struct str){s, 4}, 1000, 9999, &y) != ERR_OK ||
        str_to_int64((struct str){s + 5, 2}, 1, 12, &m) != ERR_OK ||
        str_to_int64((struct str){s + 8, 2}, 1, 31, &d) != ERR_OK)
        return false;
    int max = tage[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        max = 29;
    return d <= max;
}

static void
datum_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, const char **out)
{
    text_prop(p, obj, pfad, key, false, 5, 10, false, out);
    if (*out && strcmp(*out, "heute") != 0 && !formular_datum_ok(*out)) {
        fehler(p, pfad_key(p, pfad, key), "Erwartet wird ein Datum JJJJ-MM-TT oder \"heute\".");
        *out = NULL;
    }
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
        fehler(p, pfad, "Eine Bedingung ist ein Objekt.");
        return;
    }
    if (tiefe > 4) {
        fehler(p, pfad, "Bedingungen sind höchstens vier Stufen tief verschachtelt.");
        return;
    }
    nur_bekannte(p, j, pfad, bed_keys);
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
        fehler(p, pfad,
               "Eine Bedingung hat genau einen Operator: gleich, ungleich, in, ausgefuellt, "
               "alle, eine oder nicht.");
        return;
    }
    json_t *arg = json_object_get(j, op);
    if (strcmp(op, "alle") == 0 || strcmp(op, "eine") == 0 || strcmp(op, "nicht") == 0) {
        if (json_object_get(j, "feld"))
            fehler(p, pfad_key(p, pfad, "feld"), "„%s“ nennt kein Feld.", op);
        bool is_nicht = strcmp(op, "nicht") == 0;
        size_t k = is_nicht ? 1 : json_array_size(arg);
        if (is_nicht ? !json_is_object(arg) : (!json_is_array(arg) || k < 1 || k > 20)) {
            fehler(p, pfad_key(p, pfad, op),
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
                      is_nicht ? pfad_key(p, pfad, op) : pfad_idx(p, pfad, op, i), felder, n,
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
        fehler(p, pfad_key(p, pfad, "feld"), "Die Bedingung nennt kein Feld (\"feld\").");
        return;
    }
    size_t idx = feld_index(felder, n, json_string_value(feld));
    if (idx == n) {
        fehler(p, pfad_key(p, pfad, "feld"),
               "Das Feld „%.60s“ steht nicht vorher im selben Schritt, in einem früheren "
               "Schritt oder in derselben Gruppe.",
               json_string_value(feld));
        return;
    }
    const struct formular_feld *ziel = &felder[idx];
    out->feld = idx;
    const char *q = pfad_key(p, pfad, op);
    if (strcmp(op, "ausgefuellt") == 0) {
        if (!json_is_boolean(arg)) {
            fehler(p, q, "Erwartet wird true oder false.");
            return;
        }
        out->art = FORMULAR_BED_AUSGEFUELLT;
        out->ja = json_is_true(arg);
        return;
    }
    if (ziel->typ == FORMULAR_ADRESSE || ziel->typ == FORMULAR_DATEI ||
        ziel->typ == FORMULAR_GRUPPE) {
        fehler(p, q, "Ein Feld vom Typ „%s“ lässt sich nur mit „ausgefuellt“ prüfen.",
               formular_typ_name(ziel->typ));
        return;
    }
    if (strcmp(op, "in") == 0) {
        size_t k = json_array_size(arg);
        if (!json_is_array(arg) || k < 1 || k > 100) {
            fehler(p, q, "Erwartet wird eine Liste von 1 bis 100 Werten.");
            return;
        }
        struct formular_wert *w = arena_zalloc(p->a, k * sizeof(*w));
        if (!w) {
            p->nomem = true;
            return;
        }
        for (size_t i = 0; i < k; i++)
            if (!wert_fuer(p, ziel, json_array_get(arg, i), &w[i]))
                fehler(p, pfad_idx(p, pfad, "in", i), "Der Wert passt nicht zum Feld „%s“.",
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
        fehler(p, q, "Der Wert passt nicht zum Feld „%s“ (Typ %s%s).", ziel->id,
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
    bedingung(p, v, pfad_key(p, pfad, key), felder, n, 0, b);
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

static void felder_liste(struct pctx *p, const json_t *arr, const char *pfad, int tiefe,
                         struct formular_feld *felder, size_t *n, size_t schritt);

static void
optionen(struct pctx *p, const json_t *obj, const char *pfad, struct formular_feld *f)
{
    json_t *arr = json_object_get(obj, "optionen");
    const char *q = pfad_key(p, pfad, "optionen");
    size_t k = json_array_size(arr);
    if (!json_is_array(arr) || k < 1 || k > FORMULAR_MAX_OPTIONEN) {
        fehler(p, q, "Erwartet wird eine Liste von 1 bis %d Optionen.", FORMULAR_MAX_OPTIONEN);
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
        const char *qi = pfad_idx(p, pfad, "optionen", i);
        if (!json_is_object(e)) {
            fehler(p, qi, "Eine Option ist ein Objekt mit „wert“ und „label“.");
            continue;
        }
        nur_bekannte(p, e, qi, keys);
        text_prop(p, e, qi, "wert", true, 1, 100, false, &o[i].wert);
        text_prop(p, e, qi, "label", true, 1, 200, false, &o[i].label);
        for (size_t j = 0; o[i].wert && j < i; j++)
            if (o[j].wert && strcmp(o[j].wert, o[i].wert) == 0)
                fehler(p, pfad_key(p, qi, "wert"), "Der Wert kommt schon in Option %zu vor.", j);
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
        fehler(p, pfad_key(p, pfad, "typen"), "Erwartet wird eine Liste von Medientypen.");
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
            fehler(p, pfad_idx(p, pfad, "typen", i),
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
        fehler(p, pfad, "Ein Feld ist ein Objekt.");
        return;
    }
    if (++p->n_felder > FORMULAR_MAX_FELDER) {
        if (p->n_felder == FORMULAR_MAX_FELDER + 1)
            fehler(p, pfad, "Ein Formular hat höchstens %d Felder.", FORMULAR_MAX_FELDER);
        return;
    }
    const char *typ = json_string_value(json_object_get(j, "typ"));
    size_t t;
    for (t = 0; typ && t < sizeof(typ_namen) / sizeof(typ_namen[0]); t++)
        if (strcmp(typ, typ_namen[t]) == 0)
            break;
    if (!typ || t == sizeof(typ_namen) / sizeof(typ_namen[0])) {
        fehler(p, pfad_key(p, pfad, "typ"),
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
    nur_bekannte(p, j, pfad, erlaubt);

    text_prop(p, j, pfad, "id", true, 1, 40, false, &f->id);
    if (f->id && !formular_is_id(f->id)) {
        fehler(p, pfad_key(p, pfad, "id"),
               "Eine Feldkennung beginnt mit einem Kleinbuchstaben und enthält nur a–z, 0–9 "
               "und _ (höchstens 40 Zeichen).");
        f->id = NULL;
    }
    if (f->id && feld_index(felder, idx, f->id) < idx) {
        fehler(p, pfad_key(p, pfad, "id"), "Die Kennung „%s“ gibt es hier schon.", f->id);
        f->id = NULL;
    }
    text_prop(p, j, pfad, "label", true, 1, 200, false, &f->label);
    text_prop(p, j, pfad, "hilfe", false, 1, 2000, true, &f->hilfe);
    text_prop(p, j, pfad, "fim", false, 1, 40, false, &f->fim);
    bool_prop(p, j, pfad, "pflicht", &f->is_pflicht);
    f->sichtbar_wenn = bedingung_prop(p, j, pfad, "sichtbar_wenn", felder, idx);
    f->pflicht_wenn = bedingung_prop(p, j, pfad, "pflicht_wenn", felder, idx);
    if (f->pflicht_wenn && f->is_pflicht)
        fehler(p, pfad_key(p, pfad, "pflicht_wenn"),
               "Ein Feld ist entweder immer Pflicht („pflicht“) oder unter einer Bedingung "
               "(„pflicht_wenn“), nicht beides.");

    switch (f->typ) {
    case FORMULAR_TEXT:
        int_prop(p, j, pfad, "min_laenge", 0, FORMULAR_MAX_TEXT, 0, &f->min_laenge);
        int_prop(p, j, pfad, "max_laenge", 1, FORMULAR_MAX_TEXT, 200, &f->max_laenge);
        if (f->min_laenge > f->max_laenge)
            fehler(p, pfad_key(p, pfad, "min_laenge"), "min_laenge ist größer als max_laenge.");
        text_prop(p, j, pfad, "muster", false, 1, 500, false, &f->muster);
        if (f->muster && !muster_ok(f->muster)) {
            fehler(p, pfad_key(p, pfad, "muster"),
                   "Das Muster ist kein gültiger regulärer Ausdruck der erlaubten Form (POSIX "
                   "ERE ohne \\d, [:klassen:] und Rückverweise; Umlaute nur außerhalb von [...]).");
            f->muster = NULL;
        }
        text_prop(p, j, pfad, "muster_text", false, 1, 300, false, &f->muster_text);
        bool_prop(p, j, pfad, "mehrzeilig", &f->is_mehrzeilig);
        break;
    case FORMULAR_ZAHL:
        num_prop(p, j, pfad, "min", &f->has_min, &f->min);
        num_prop(p, j, pfad, "max", &f->has_max, &f->max);
        bool_prop(p, j, pfad, "ganzzahl", &f->is_ganzzahl);
        text_prop(p, j, pfad, "einheit", false, 1, 20, false, &f->einheit);
        if (f->has_min && f->has_max && f->min > f->max)
            fehler(p, pfad_key(p, pfad, "min"), "min ist größer als max.");
        break;
    case FORMULAR_DATUM:
        datum_prop(p, j, pfad, "min", &f->datum_min);
        datum_prop(p, j, pfad, "max", &f->datum_max);
        if (f->datum_min && f->datum_max && strcmp(f->datum_min, "heute") != 0 &&
            strcmp(f->datum_max, "heute") != 0 && strcmp(f->datum_min, f->datum_max) > 0)
            fehler(p, pfad_key(p, pfad, "min"), "min liegt nach max.");
        break;
    case FORMULAR_AUSWAHL:
        optionen(p, j, pfad, f);
        bool_prop(p, j, pfad, "mehrfach", &f->is_mehrfach);
        break;
    case FORMULAR_JANEIN:
        bool_prop(p, j, pfad, "bestaetigung", &f->is_bestaetigung);
        break;
    case FORMULAR_DATEI:
        datei_typen_prop(p, j, pfad, f);
        int_prop(p, j, pfad, "max_groesse", 1, FORMULAR_DATEI_MAX, 5 * 1024 * 1024,
                 &f->max_groesse);
        int_prop(p, j, pfad, "max_anzahl", 1, FORMULAR_MAX_DATEIEN, 1, &f->max_anzahl);
        break;
    case FORMULAR_GRUPPE: {
        if (tiefe >= FORMULAR_MAX_TIEFE) {
            fehler(p, pfad, "Gruppen sind höchstens %d Stufen tief verschachtelt.",
                   FORMULAR_MAX_TIEFE);
            break;
        }
        bool_prop(p, j, pfad, "wiederholbar", &f->is_wiederholbar);
        int_prop(p, j, pfad, "min_anzahl", 0, FORMULAR_MAX_WIEDERHOL, f->is_pflicht ? 1 : 0,
                 &f->min_anzahl);
        int_prop(p, j, pfad, "max_anzahl", 1, FORMULAR_MAX_WIEDERHOL, 10, &f->max_anzahl_gruppe);
        if (!f->is_wiederholbar &&
            (json_object_get(j, "min_anzahl") || json_object_get(j, "max_anzahl") ||
             json_object_get(j, "label_eintrag")))
            fehler(p, pfad,
                   "min_anzahl, max_anzahl und label_eintrag gibt es nur bei "
                   "wiederholbaren Gruppen.");
        if (f->min_anzahl > f->max_anzahl_gruppe)
            fehler(p, pfad_key(p, pfad, "min_anzahl"), "min_anzahl ist größer als max_anzahl.");
        text_prop(p, j, pfad, "label_eintrag", false, 1, 100, false, &f->label_eintrag);
        json_t *arr = json_object_get(j, "felder");
        size_t k = json_array_size(arr);
        if (!json_is_array(arr) || k < 1 || k > FORMULAR_MAX_FELDER) {
            fehler(p, pfad_key(p, pfad, "felder"), "Eine Gruppe hat eine Liste von Feldern.");
            break;
        }
        struct formular_feld *kinder = arena_zalloc(p->a, k * sizeof(*kinder));
        if (!kinder) {
            p->nomem = true;
            break;
        }
        size_t n = 0;
        felder_liste(p, arr, pfad_key(p, pfad, "felder"), tiefe + 1, kinder, &n, 0);
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
static void
felder_liste(struct pctx *p, const json_t *arr, const char *pfad, int tiefe,
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

/* ---- the document -------------------------------------------------------------------- */

static const char *const doc_keys[] = {"format",       "leistung", "version", "titel",
                                       "beschreibung", "schritte", "$schema", NULL};
static const char *const schritt_keys[] = {"id", "titel", "hilfe", "felder", NULL};

int
formular_parse_json(struct arena *a, const json_t *doc, struct formular **out,
                    struct formular_fehler **fehler_out, size_t *n_fehler)
{
    struct pctx p = {.a = a};
    struct formular *f;

    p.fe = arena_zalloc(a, FORMULAR_MAX_FEHLER * sizeof(*p.fe));
    f = arena_zalloc(a, sizeof(*f));
    if (!p.fe || !f)
        return ERR_NOMEM;
    if (!json_is_object(doc)) {
        fehler(&p, "$", "Eine Formulardefinition ist ein JSON-Objekt.");
        goto done;
    }
    nur_bekannte(&p, doc, "$", doc_keys);
    const char *format = json_string_value(json_object_get(doc, "format"));
    if (!format || strcmp(format, FORMULAR_FORMAT) != 0) {
        fehler(&p, "$.format", "Erwartet wird \"format\": \"" FORMULAR_FORMAT "\".");
        goto done;
    }
    text_prop(&p, doc, "$", "leistung", true, 1, 40, false, &f->leistung_id);
    if (f->leistung_id && !leistung_is_id(f->leistung_id))
        fehler(&p, "$.leistung",
               "Die Kennung einer Leistung ist der 14-stellige LeiKa-Schlüssel oder besteht aus "
               "Kleinbuchstaben, Ziffern und Bindestrichen.");
    int_prop(&p, doc, "$", "version", 1, INT32_MAX, 0, &f->version);
    text_prop(&p, doc, "$", "titel", true, 1, 200, false, &f->titel);
    text_prop(&p, doc, "$", "beschreibung", false, 1, 4000, true, &f->beschreibung);

    json_t *schritte = json_object_get(doc, "schritte");
    size_t ns = json_array_size(schritte);
    if (!json_is_array(schritte) || ns < 1 || ns > FORMULAR_MAX_SCHRITTE) {
        fehler(&p, "$.schritte", "Erwartet wird eine Liste von 1 bis %d Schritten.",
               FORMULAR_MAX_SCHRITTE);
        goto done;
    }
    size_t total = 0;
    for (size_t i = 0; i < ns; i++)
        total += json_array_size(json_object_get(json_array_get(schritte, i), "felder"));
    if (total > FORMULAR_MAX_FELDER) {
        fehler(&p, "$.schritte", "Ein Formular hat höchstens %d Felder.", FORMULAR_MAX_FELDER);
        goto done;
    }
    struct formular_schritt *st = arena_zalloc(a, ns * sizeof(*st));
    struct formular_feld *felder = arena_zalloc(a, (total ? total : 1) * sizeof(*felder));
    if (!st || !felder)
        return ERR_NOMEM;
    size_t n = 0;
    for (size_t i = 0; i < ns && !p.nomem; i++) {
        json_t *s = json_array_get(schritte, i);
        const char *q = arena_printf(a, "$.schritte[%zu]", i);
        if (!q)
            return ERR_NOMEM;
        if (!json_is_object(s)) {
            fehler(&p, q, "Ein Schritt ist ein Objekt.");
            continue;
        }
        nur_bekannte(&p, s, q, schritt_keys);
        text_prop(&p, s, q, "id", true, 1, 40, false, &st[i].id);
        if (st[i].id && !formular_is_id(st[i].id))
            fehler(&p, pfad_key(&p, q, "id"),
                   "Eine Kennung beginnt mit einem Kleinbuchstaben und enthält nur a–z, 0–9 "
                   "und _.");
        for (size_t j = 0; st[i].id && j < i; j++)
            if (st[j].id && strcmp(st[j].id, st[i].id) == 0)
                fehler(&p, pfad_key(&p, q, "id"), "Die Kennung gibt es schon in Schritt %zu.", j);
        text_prop(&p, s, q, "titel", true, 1, 200, false, &st[i].titel);
        text_prop(&p, s, q, "hilfe", false, 1, 2000, true, &st[i].hilfe);
        json_t *arr = json_object_get(s, "felder");
        if (!json_is_array(arr) || json_array_size(arr) < 1) {
            fehler(&p, pfad_key(&p, q, "felder"), "Ein Schritt hat eine Liste von Feldern.");
            continue;
        }
        st[i].erstes = n;
        felder_liste(&p, arr, pfad_key(&p, q, "felder"), 0, felder, &n, i);
        st[i].n_felder = n - st[i].erstes;
    }
    f->schritte = st;
    f->n_schritte = ns;
    f->felder = felder;
    f->n_felder = n;
done:
    if (p.nomem)
        return ERR_NOMEM;
    if (p.n_fe > 0) {
        *fehler_out = p.fe;
        *n_fehler = p.n_fe;
        return ERR_INVALID;
    }
    *out = f;
    return ERR_OK;
}

int
formular_parse(struct arena *a, const char *text, size_t len, struct formular **out,
               struct formular_fehler **fehler_out, size_t *n_fehler)
{
    json_error_t jerr;
    struct formular_fehler *fe = arena_zalloc(a, sizeof(*fe));
    if (!fe)
        return ERR_NOMEM;
    if (len > FORMULAR_MAX_BYTES) {
        *fe = (struct formular_fehler){"$", NULL, NULL,
                                       "Die Formulardefinition ist größer als 512 KiB."};
        *fehler_out = fe;
        *n_fehler = 1;
        return ERR_LIMIT;
    }
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        const char *msg = arena_printf(a, "Kein gültiges JSON (Zeile %d, Spalte %d): %s", jerr.line,
                                       jerr.column, jerr.text);
        if (!msg)
            return ERR_NOMEM;
        *fe = (struct formular_fehler){"$", NULL, NULL, msg};
        *fehler_out = fe;
        *n_fehler = 1;
        return ERR_INVALID;
    }
    int rc = formular_parse_json(a, doc, out, fehler_out, n_fehler);
    json_decref(doc);
    return rc;
}
