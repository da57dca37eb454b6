/* formular: parsing and checking of form definitions (see formular.h, docs/formular.md) — the
 * document, its steps and the readers of single properties; the fields and their conditions
 * are parsed in formular_felder.c. Answers are checked in formular_daten.c, the JSON Schema
 * is made in formular_schema.c. */
#include "domain/formular.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <math.h>
#include <regex.h>

#include "domain/formular_intern.h"
#include "domain/leistung.h"

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

void
fp_fehler(struct pctx *p, const char *pfad, const char *fmt, ...)
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

const char *
fp_pfad_key(struct pctx *p, const char *pfad, const char *key)
{
    const char *s = arena_printf(p->a, "%s.%s", pfad, key);
    if (!s) {
        p->nomem = true;
        return pfad;
    }
    return s;
}

const char *
fp_pfad_idx(struct pctx *p, const char *pfad, const char *key, size_t i)
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
void
fp_nur_bekannte(struct pctx *p, const json_t *obj, const char *pfad, const char *const *erlaubt)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        bool ok = false;
        for (size_t i = 0; erlaubt[i] && !ok; i++)
            ok = strcmp(key, erlaubt[i]) == 0;
        if (!ok)
            fp_fehler(p, fp_pfad_key(p, pfad, key), "Unbekannte Eigenschaft „%.60s“.", key);
    }
}

/* A string property: absent is fine unless `pflicht`; else a clean UTF-8 string of
 * min..max characters, without line breaks unless `zeilen`. *out in the arena or NULL. */
void
fp_text_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool pflicht,
             size_t min, size_t max, bool zeilen, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v) {
        if (pflicht)
            fp_fehler(p, fp_pfad_key(p, pfad, key), "Die Eigenschaft fehlt.");
        return;
    }
    const char *q = fp_pfad_key(p, pfad, key);
    if (!json_is_string(v)) {
        fp_fehler(p, q, "Erwartet wird eine Zeichenkette.");
        return;
    }
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (!str_is_clean_utf8(s, n) || (!zeilen && (memchr(s, '\n', n) || memchr(s, '\r', n)))) {
        fp_fehler(p, q, "Die Zeichenkette enthält unzulässige Steuerzeichen.");
        return;
    }
    size_t k = utf8_len(s, n);
    if (k < min || k > max) {
        fp_fehler(p, q, "Erwartet werden %zu bis %zu Zeichen.", min, max);
        return;
    }
    *out = arena_strndup(p->a, s, n);
    if (!*out)
        p->nomem = true;
}

void
fp_bool_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool *out)
{
    json_t *v = json_object_get(obj, key);
    *out = false;
    if (!v)
        return;
    if (!json_is_boolean(v)) {
        fp_fehler(p, fp_pfad_key(p, pfad, key), "Erwartet wird true oder false.");
        return;
    }
    *out = json_is_true(v);
}

/* An integer property in min..max; `def` when absent. */
void
fp_int_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, int64_t min,
            int64_t max, int64_t def, int64_t *out)
{
    json_t *v = json_object_get(obj, key);
    *out = def;
    if (!v)
        return;
    if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max) {
        fp_fehler(p, fp_pfad_key(p, pfad, key), "Erwartet wird eine ganze Zahl von %lld bis %lld.",
                  (long long)min, (long long)max);
        return;
    }
    *out = (int64_t)json_integer_value(v);
}

void
fp_num_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key, bool *has,
            double *out)
{
    json_t *v = json_object_get(obj, key);
    *has = false;
    *out = 0;
    if (!v)
        return;
    if (!json_is_number(v) || !isfinite(json_number_value(v)) ||
        fabs(json_number_value(v)) > 1e15) {
        fp_fehler(p, fp_pfad_key(p, pfad, key), "Erwartet wird eine Zahl (höchstens 10^15).");
        return;
    }
    *has = true;
    *out = json_number_value(v);
}

/* A pattern: printable ASCII of the subset of POSIX ERE and ECMA-262 regular expressions
 * that both read the same: no backslash classes (\d), no [: :] classes, no backreferences;
 * a backslash only quotes a punctuation character. It must compile. */
bool
fp_muster_ok(const char *m)
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

void
fp_datum_prop(struct pctx *p, const json_t *obj, const char *pfad, const char *key,
              const char **out)
{
    fp_text_prop(p, obj, pfad, key, false, 5, 10, false, out);
    if (*out && strcmp(*out, "heute") != 0 && !formular_datum_ok(*out)) {
        fp_fehler(p, fp_pfad_key(p, pfad, key),
                  "Erwartet wird ein Datum JJJJ-MM-TT oder \"heute\".");
        *out = NULL;
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
        fp_fehler(&p, "$", "Eine Formulardefinition ist ein JSON-Objekt.");
        goto done;
    }
    fp_nur_bekannte(&p, doc, "$", doc_keys);
    const char *format = json_string_value(json_object_get(doc, "format"));
    if (!format || strcmp(format, FORMULAR_FORMAT) != 0) {
        fp_fehler(&p, "$.format", "Erwartet wird \"format\": \"" FORMULAR_FORMAT "\".");
        goto done;
    }
    fp_text_prop(&p, doc, "$", "leistung", true, 1, 40, false, &f->leistung_id);
    if (f->leistung_id && !leistung_is_id(f->leistung_id))
        fp_fehler(&p, "$.leistung",
                  "Die Kennung einer Leistung ist der 14-stellige LeiKa-Schlüssel oder besteht aus "
                  "Kleinbuchstaben, Ziffern und Bindestrichen.");
    fp_int_prop(&p, doc, "$", "version", 1, INT32_MAX, 0, &f->version);
    fp_text_prop(&p, doc, "$", "titel", true, 1, 200, false, &f->titel);
    fp_text_prop(&p, doc, "$", "beschreibung", false, 1, 4000, true, &f->beschreibung);

    json_t *schritte = json_object_get(doc, "schritte");
    size_t ns = json_array_size(schritte);
    if (!json_is_array(schritte) || ns < 1 || ns > FORMULAR_MAX_SCHRITTE) {
        fp_fehler(&p, "$.schritte", "Erwartet wird eine Liste von 1 bis %d Schritten.",
                  FORMULAR_MAX_SCHRITTE);
        goto done;
    }
    size_t total = 0;
    for (size_t i = 0; i < ns; i++)
        total += json_array_size(json_object_get(json_array_get(schritte, i), "felder"));
    if (total > FORMULAR_MAX_FELDER) {
        fp_fehler(&p, "$.schritte", "Ein Formular hat höchstens %d Felder.", FORMULAR_MAX_FELDER);
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
            fp_fehler(&p, q, "Ein Schritt ist ein Objekt.");
            continue;
        }
        fp_nur_bekannte(&p, s, q, schritt_keys);
        fp_text_prop(&p, s, q, "id", true, 1, 40, false, &st[i].id);
        if (st[i].id && !formular_is_id(st[i].id))
            fp_fehler(&p, fp_pfad_key(&p, q, "id"),
                      "Eine Kennung beginnt mit einem Kleinbuchstaben und enthält nur a–z, 0–9 "
                      "und _.");
        for (size_t j = 0; st[i].id && j < i; j++)
            if (st[j].id && strcmp(st[j].id, st[i].id) == 0)
                fp_fehler(&p, fp_pfad_key(&p, q, "id"), "Die Kennung gibt es schon in Schritt %zu.",
                          j);
        fp_text_prop(&p, s, q, "titel", true, 1, 200, false, &st[i].titel);
        fp_text_prop(&p, s, q, "hilfe", false, 1, 2000, true, &st[i].hilfe);
        json_t *arr = json_object_get(s, "felder");
        if (!json_is_array(arr) || json_array_size(arr) < 1) {
            fp_fehler(&p, fp_pfad_key(&p, q, "felder"), "Ein Schritt hat eine Liste von Feldern.");
            continue;
        }
        st[i].erstes = n;
        fp_felder_liste(&p, arr, fp_pfad_key(&p, q, "felder"), 0, felder, &n, i);
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
