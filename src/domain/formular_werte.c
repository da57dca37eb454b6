/* formular_werte: checking and cleaning one answer by its field type — text, number, date,
 * choice, address, file — and the small value checks (IBAN, e-mail, phone) (see formular.h). */
#include <stdio.h>
#include <string.h>

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <regex.h>

#include "domain/formular_daten_intern.h"

/* ---- small value checks ---------------------------------------------------------------- */

bool
formular_iban_ok(const char *s)
{
    static const struct {
        char land[3];
        size_t len;
    } laengen[] = {
        {"DE", 22}, {"AT", 20}, {"CH", 21}, {"LI", 21}, {"FR", 27}, {"NL", 18}, {"BE", 16},
        {"LU", 20}, {"IT", 27}, {"ES", 24}, {"PL", 28}, {"DK", 18}, {"CZ", 24}, {"GB", 22},
        {"IE", 22}, {"PT", 25}, {"SE", 24}, {"FI", 18}, {"NO", 15}, {"HU", 28}, {"SK", 24},
        {"SI", 19}, {"HR", 21}, {"GR", 27}, {"RO", 24}, {"BG", 22}, {"EE", 20}, {"LV", 21},
        {"LT", 20}, {"MT", 31}, {"CY", 28}, {"IS", 26},
    };
    char b[40];
    size_t n = 0;
    if (!s)
        return false;
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (n == 34 || !isalnum((unsigned char)*s))
            return false;
        b[n++] = (char)toupper((unsigned char)*s);
    }
    if (n < 15 || !isalpha((unsigned char)b[0]) || !isalpha((unsigned char)b[1]) ||
        !isdigit((unsigned char)b[2]) || !isdigit((unsigned char)b[3]))
        return false;
    for (size_t i = 0; i < sizeof(laengen) / sizeof(laengen[0]); i++)
        if (b[0] == laengen[i].land[0] && b[1] == laengen[i].land[1] && n != laengen[i].len)
            return false;
    /* ISO 7064 mod 97-10 over the rearranged digits */
    unsigned rest = 0;
    for (size_t k = 0; k < n; k++) {
        char ch = b[(k + 4) % n];
        if (isdigit((unsigned char)ch)) {
            rest = (rest * 10 + (unsigned)(ch - '0')) % 97;
        } else {
            unsigned v = (unsigned)(ch - 'A') + 10;
            rest = (rest * 100 + v) % 97;
        }
    }
    return rest == 1;
}

/* The same language as the "email" format of ajv-formats, so that answers we accept are valid
 * against the JSON Schema: atoms of letters, digits and !#$%&'*+/=?^_`{|}~- joined by dots,
 * "@", then domain labels of letters, digits and inner hyphens joined by dots (two or more). */
bool
formular_email_ok(const char *s)
{
    static const char atom[] = "!#$%&'*+/=?^_`{|}~-";
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 254)
        return false;
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@') || (size_t)(at - s) > 64)
        return false;
    bool punkt = true; /* the previous character was a dot, or we are at the start */
    for (const char *q = s; q < at; q++) {
        if (*q == '.') {
            if (punkt)
                return false;
            punkt = true;
        } else if (isalnum((unsigned char)*q) || (*q && strchr(atom, *q))) {
            punkt = false;
        } else {
            return false;
        }
    }
    if (punkt)
        return false;
    size_t labels = 0, len = 0;
    char prev = '.';
    for (const char *q = at + 1;; q++) {
        if (*q == '.' || *q == '\0') {
            if (len == 0 || len > 63 || prev == '-')
                return false;
            labels++;
            len = 0;
            if (*q == '\0')
                break;
        } else if (isalnum((unsigned char)*q) || (*q == '-' && len > 0)) {
            len++;
        } else {
            return false;
        }
        prev = *q;
    }
    return labels >= 2;
}

static bool
telefon_ok(const char *s)
{
    size_t n = strlen(s), ziffern = 0;
    if (n < 3 || n > 30)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (isdigit((unsigned char)ch))
            ziffern++;
        else if (ch == '+' && i == 0)
            continue;
        else if (!strchr(" /-()", ch))
            return false;
    }
    return ziffern >= 3 && ziffern <= 20;
}

/* ---- values --------------------------------------------------------------------------- */

/* A trimmed copy of string `v` in the arena (NULL on OOM); *n its length. */
static char *
getrimmt(struct dctx *d, const json_t *v, size_t *n)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
        s++;
        len--;
    }
    while (len > 0 &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    char *c = arena_strndup(d->a, s, len);
    if (!c)
        d->nomem = true;
    *n = len;
    return c;
}

static size_t
zeichen(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

static bool
muster_passt(const char *muster, const char *s)
{
    char buf[600];
    regex_t re;
    int k = snprintf(buf, sizeof(buf), "^(%s)$", muster);
    if (k < 0 || (size_t)k >= sizeof(buf) || regcomp(&re, buf, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

static const char *
datum_grenze(struct dctx *d, const char *g)
{
    return g && strcmp(g, "heute") == 0 ? d->heute : g;
}

/* "2026-01-31" → "31.01.2026" for messages, in the arena. */
static const char *
datum_de(struct dctx *d, const char *iso)
{
    const char *s = iso ? arena_printf(d->a, "%.2s.%.2s.%.4s", iso + 8, iso + 5, iso) : NULL;
    return s ? s : "";
}

/* A text-like answer: string, trimmed, clean, within lengths. Returns the cleaned value (new
 * reference) or NULL after reporting an error; *leer when it is empty (not answered). */
static json_t *
text_wert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad,
          size_t max, bool *leer, char **out)
{
    size_t n;
    *leer = false;
    if (!json_is_string(v)) {
        fd_fehler(d, pfad, f, "„%s“: Bitte geben Sie einen Text ein.", f->label);
        return NULL;
    }
    char *s = getrimmt(d, v, &n);
    if (!s)
        return NULL;
    if (n == 0) {
        *leer = true;
        return NULL;
    }
    bool zeilen = f->typ == FORMULAR_TEXT && f->is_mehrzeilig;
    if (!str_is_clean_utf8(s, n) || (!zeilen && (memchr(s, '\n', n) || memchr(s, '\r', n))) ||
        memchr(s, '\t', n)) {
        fd_fehler(d, pfad, f, "„%s“ enthält unzulässige Zeichen.", f->label);
        return NULL;
    }
    size_t k = zeichen(s, n);
    if (k > max) {
        fd_fehler(d, pfad, f, "„%s“ darf höchstens %zu Zeichen lang sein.", f->label, max);
        return NULL;
    }
    *out = s;
    json_t *r = json_stringn(s, n);
    if (!r)
        d->nomem = true;
    return r;
}

/* An address: an object of strasse, hausnummer, zusatz, plz, ort. `pflicht`: the field is
 * required here; `regeln`: required rules apply here at all (a partly given address must then
 * be complete). */
json_t *
fd_adresse_wert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad,
                bool pflicht, bool regeln, bool *leer)
{
    static const struct {
        const char *key, *name, *fehlt;
        size_t max;
        bool pflicht;
    } teile[] = {
        {"strasse", "Straße", "die Straße", 100, true},
        {"hausnummer", "Hausnummer", "die Hausnummer", 10, true},
        {"zusatz", "Adresszusatz", NULL, 100, false},
        {"plz", "Postleitzahl", "die Postleitzahl", 5, true},
        {"ort", "Ort", "den Ort", 100, true},
    };
    bool fehlt[sizeof(teile) / sizeof(teile[0])];
    *leer = false;
    if (!json_is_object(v)) {
        fd_fehler(d, pfad, f, "„%s“: Erwartet wird eine Anschrift.", f->label);
        return NULL;
    }
    const char *key;
    json_t *x;
    json_object_foreach((json_t *)v, key, x)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof(teile) / sizeof(teile[0]) && !ok; i++)
            ok = strcmp(key, teile[i].key) == 0;
        if (!ok)
            fd_fehler(d, fd_unter(d, pfad, formular_is_id(key) ? key : "_"), f,
                      "Dieses Feld gibt es im Formular nicht.");
    }
    json_t *r = json_object();
    if (!r) {
        d->nomem = true;
        return NULL;
    }
    size_t n_da = 0, n_fe = d->n_fe;
    for (size_t i = 0; i < sizeof(teile) / sizeof(teile[0]); i++) {
        json_t *t = json_object_get(v, teile[i].key);
        bool tl = true;
        char *s = NULL;
        json_t *c = NULL;
        struct formular_feld pseudo = *f;
        pseudo.label = teile[i].name;
        pseudo.typ = FORMULAR_TEXT;
        pseudo.is_mehrzeilig = false;
        fehlt[i] = false;
        if (t && !json_is_null(t))
            c = text_wert(d, &pseudo, t, fd_unter(d, pfad, teile[i].key), teile[i].max, &tl, &s);
        if (!c) {
            fehlt[i] = tl;
            continue;
        }
        n_da++;
        if (strcmp(teile[i].key, "plz") == 0 && !str_is_digits(str_from(s), 5)) {
            fd_fehler(d, fd_unter(d, pfad, "plz"), &pseudo, "Die Postleitzahl hat fünf Ziffern.");
            json_decref(c);
            continue;
        }
        if (json_object_set_new(r, teile[i].key, c) != 0)
            d->nomem = true;
    }
    if (n_da == 0 && d->n_fe == n_fe) {
        json_decref(r);
        *leer = true;
        if (!pflicht)
            return NULL;
    }
    if (pflicht || (regeln && n_da > 0)) {
        for (size_t i = 0; i < sizeof(teile) / sizeof(teile[0]); i++) {
            if (teile[i].pflicht && fehlt[i]) {
                fd_fehler(d, fd_unter(d, pfad, teile[i].key), f, "„%s“: Bitte geben Sie %s an.",
                          f->label, teile[i].fehlt);
                d->n_pflicht++;
            }
        }
    }
    return *leer ? NULL : r;
}

static json_t *
datei_wert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad,
           bool *leer)
{
    json_t *list = NULL;
    if (json_is_string(v)) {
        list = json_array();
        if (!list || json_array_append(list, (json_t *)v) != 0) {
            json_decref(list);
            d->nomem = true;
            return NULL;
        }
        v = list;
    }
    if (!json_is_array(v)) {
        fd_fehler(d, pfad, f, "„%s“: Erwartet wird eine Liste von Anlagen (SHA-256).", f->label);
        return NULL;
    }
    size_t k = json_array_size(v);
    json_t *r = NULL;
    if (k == 0) {
        *leer = true;
        goto out;
    }
    if ((int64_t)k > f->max_anzahl) {
        fd_fehler(d, pfad, f, "„%s“: Höchstens %lld Dateien.", f->label, (long long)f->max_anzahl);
        goto out;
    }
    r = json_array();
    if (!r) {
        d->nomem = true;
        goto out;
    }
    for (size_t i = 0; i < k; i++) {
        const char *s = json_string_value(json_array_get(v, i));
        bool ok = s && strlen(s) == 64;
        for (size_t j = 0; ok && j < 64; j++)
            ok = (s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f');
        for (size_t j = 0; ok && j < i; j++)
            ok = strcmp(json_string_value(json_array_get(v, j)), s) != 0;
        if (!ok) {
            fd_fehler(d, fd_unter_idx(d, pfad, i), f,
                      "„%s“: Verweis auf eine Anlage ist ungültig oder doppelt.", f->label);
            continue;
        }
        if (json_array_append_new(r, json_string(s)) != 0)
            d->nomem = true;
    }
out:
    json_decref(list);
    return r;
}

static json_t *
zahl_wert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad)
{
    if (!json_is_number(v)) {
        fd_fehler(d, pfad, f, "„%s“: Bitte geben Sie eine Zahl ein.", f->label);
        return NULL;
    }
    double x = json_number_value(v);
    if (!isfinite(x) || fabs(x) > 1e15) {
        fd_fehler(d, pfad, f, "„%s“: Die Zahl ist zu groß.", f->label);
        return NULL;
    }
    if (f->is_ganzzahl && x != floor(x)) {
        fd_fehler(d, pfad, f, "„%s“: Bitte geben Sie eine ganze Zahl ein.", f->label);
        return NULL;
    }
    if ((f->has_min && x < f->min) || (f->has_max && x > f->max)) {
        if (f->has_min && f->has_max)
            fd_fehler(d, pfad, f, "„%s“ muss zwischen %g und %g liegen.", f->label, f->min, f->max);
        else if (f->has_min)
            fd_fehler(d, pfad, f, "„%s“ muss mindestens %g sein.", f->label, f->min);
        else
            fd_fehler(d, pfad, f, "„%s“ darf höchstens %g sein.", f->label, f->max);
        return NULL;
    }
    json_t *r = f->is_ganzzahl ? json_integer((json_int_t)x) : json_real(x);
    if (json_is_integer(v) && !f->is_ganzzahl) {
        json_decref(r);
        r = json_integer(json_integer_value(v));
    }
    if (!r)
        d->nomem = true;
    return r;
}

static json_t *
auswahl_wert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad,
             bool *leer)
{
    if (!f->is_mehrfach) {
        char *s = NULL;
        json_t *r = text_wert(d, f, v, pfad, 100, leer, &s);
        if (!r)
            return NULL;
        for (size_t i = 0; i < f->n_optionen; i++)
            if (strcmp(f->optionen[i].wert, s) == 0)
                return r;
        json_decref(r);
        fd_fehler(d, pfad, f, "„%s“: Bitte wählen Sie eine der angebotenen Möglichkeiten.",
                  f->label);
        return NULL;
    }
    if (!json_is_array(v)) {
        fd_fehler(d, pfad, f, "„%s“: Erwartet wird eine Liste der gewählten Werte.", f->label);
        return NULL;
    }
    if (json_array_size(v) == 0) {
        *leer = true;
        return NULL;
    }
    json_t *r = json_array();
    if (!r) {
        d->nomem = true;
        return NULL;
    }
    /* in the order of the options; each chosen once */
    size_t gefunden = 0;
    bool doppelt = false;
    for (size_t i = 0; i < f->n_optionen; i++) {
        size_t da = 0, k;
        json_t *e;
        json_array_foreach(v, k, e)
        {
            if (json_is_string(e) && strcmp(json_string_value(e), f->optionen[i].wert) == 0)
                da++;
        }
        gefunden += da;
        doppelt = doppelt || da > 1;
        if (da && json_array_append_new(r, json_string(f->optionen[i].wert)) != 0)
            d->nomem = true;
    }
    if (doppelt || gefunden != json_array_size(v)) {
        fd_fehler(d, pfad, f, "„%s“: Bitte wählen Sie nur angebotene Möglichkeiten, jede einmal.",
                  f->label);
        json_decref(r);
        return NULL;
    }
    return r;
}

/* The cleaned value of one answer `v` to field `f` (not a group), or NULL: then either an
 * error was reported or *leer says the answer is empty. */
json_t *
fd_einzelwert(struct dctx *d, const struct formular_feld *f, const json_t *v, const char *pfad,
              bool *leer)
{
    char *s = NULL;
    json_t *r;
    *leer = false;
    if (json_is_null(v)) {
        *leer = true;
        return NULL;
    }
    if (json_is_string(v)) {
        /* an empty or blank string is no answer, whatever the type */
        const char *s0 = json_string_value(v);
        size_t n0 = json_string_length(v), k0 = 0;
        while (k0 < n0 && (s0[k0] == ' ' || s0[k0] == '\t' || s0[k0] == '\n' || s0[k0] == '\r'))
            k0++;
        if (k0 == n0) {
            *leer = true;
            return NULL;
        }
    }
    switch (f->typ) {
    case FORMULAR_TEXT:
        r = text_wert(d, f, v, pfad, (size_t)f->max_laenge, leer, &s);
        if (!r)
            return NULL;
        if ((int64_t)zeichen(s, strlen(s)) < f->min_laenge) {
            fd_fehler(d, pfad, f, "„%s“ muss mindestens %lld Zeichen lang sein.", f->label,
                      (long long)f->min_laenge);
        } else if (f->muster && !muster_passt(f->muster, s)) {
            if (f->muster_text)
                fd_fehler(d, pfad, f, "„%s“: %s", f->label, f->muster_text);
            else
                fd_fehler(d, pfad, f, "„%s“ hat nicht die erwartete Form.", f->label);
        } else {
            return r;
        }
        json_decref(r);
        return NULL;
    case FORMULAR_ZAHL:
        return zahl_wert(d, f, v, pfad);
    case FORMULAR_DATUM: {
        r = text_wert(d, f, v, pfad, 10, leer, &s);
        if (!r)
            return NULL;
        const char *lo = datum_grenze(d, f->datum_min), *hi = datum_grenze(d, f->datum_max);
        if (!formular_datum_ok(s))
            fd_fehler(d, pfad, f, "„%s“: Bitte geben Sie ein gültiges Datum ein.", f->label);
        else if (lo && strcmp(s, lo) < 0)
            fd_fehler(d, pfad, f, "„%s“ darf nicht vor dem %s liegen.", f->label, datum_de(d, lo));
        else if (hi && strcmp(s, hi) > 0)
            fd_fehler(d, pfad, f, "„%s“ darf nicht nach dem %s liegen.", f->label, datum_de(d, hi));
        else
            return r;
        json_decref(r);
        return NULL;
    }
    case FORMULAR_AUSWAHL:
        return auswahl_wert(d, f, v, pfad, leer);
    case FORMULAR_JANEIN:
        if (!json_is_boolean(v)) {
            fd_fehler(d, pfad, f, "„%s“: Bitte wählen Sie Ja oder Nein.", f->label);
            return NULL;
        }
        if (f->is_bestaetigung && json_is_false(v)) {
            *leer = true; /* an unticked confirmation is no answer */
            return NULL;
        }
        r = json_boolean(json_is_true(v));
        return r;
    case FORMULAR_EMAIL:
        r = text_wert(d, f, v, pfad, 254, leer, &s);
        if (r && !formular_email_ok(s)) {
            fd_fehler(d, pfad, f,
                      "„%s“: Bitte geben Sie eine E-Mail-Adresse wie name@beispiel.de ein.",
                      f->label);
            json_decref(r);
            return NULL;
        }
        return r;
    case FORMULAR_TELEFON:
        r = text_wert(d, f, v, pfad, 30, leer, &s);
        if (r && !telefon_ok(s)) {
            fd_fehler(d, pfad, f,
                      "„%s“: Bitte geben Sie eine Telefonnummer aus Ziffern ein, z. B. "
                      "07031 663-0 oder +49 7031 6630.",
                      f->label);
            json_decref(r);
            return NULL;
        }
        return r;
    case FORMULAR_IBAN: {
        r = text_wert(d, f, v, pfad, 50, leer, &s);
        if (!r)
            return NULL;
        json_decref(r);
        if (!formular_iban_ok(s)) {
            fd_fehler(d, pfad, f, "„%s“: Die IBAN ist ungültig (Länge oder Prüfziffer).", f->label);
            return NULL;
        }
        size_t k = 0;
        for (size_t i = 0; s[i]; i++)
            if (s[i] != ' ')
                s[k++] = (char)toupper((unsigned char)s[i]);
        s[k] = '\0';
        r = json_string(s);
        if (!r)
            d->nomem = true;
        return r;
    }
    case FORMULAR_ADRESSE:
        return fd_adresse_wert(d, f, v, pfad, false, d->pruefung != FORMULAR_ENTWURF, leer);
    case FORMULAR_DATEI:
        return datei_wert(d, f, v, pfad, leer);
    case FORMULAR_GRUPPE:
        break;
    }
    return NULL;
}
