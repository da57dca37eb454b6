#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/leistung.h"
#include "formats/demo_import_intern.h"
#include "formats/leistungen_import.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

/* ---- messages ---------------------------------------------------------------------------- */

/* The parse state of one file: where messages go and where strings are copied to. */
struct pctx {
    struct arena *a;
    const char *file;
    char *err;
    size_t err_len;
};

/* A message into err; a message cut at err_len is still a message, so truncation is ignored. */
void
dm_set_err(char *err, size_t err_len, const char *fmt, ...)
{
    va_list ap;
    if (!err || err_len == 0)
        return;
    va_start(ap, fmt);
    int n = vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
    if (n < 0)
        err[0] = '\0';
}

static int fail(struct pctx *p, const char *path, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "FILE: PATH.KEY: message"; returns ERR_INVALID. */
static int
fail(struct pctx *p, const char *path, const char *key, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n < 0)
        msg[0] = '\0';
    dm_set_err(p->err, p->err_len, "%s: %s%s%s: %s", p->file, path, key && *path ? "." : "",
               key ? key : "", msg);
    return ERR_INVALID;
}

/* ---- small checks ------------------------------------------------------------------------ */

static bool
all_in(const char *s, const char *set, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr(set, s[i]))
            return false;
    return true;
}

#define DIGITS "0123456789"
#define LOWER  "abcdefghijklmnopqrstuvwxyz"

static bool
is_key(const char *s) /* office type keys and authority kinds */
{
    return all_in(s, LOWER DIGITS "_", 1, 40);
}

static bool
is_mail_local(const char *s)
{
    return all_in(s, LOWER DIGITS ".-", 1, 40) && s[0] != '.' && s[0] != '-';
}

static bool
is_vorwahl(const char *s)
{
    return s[0] == '0' && s[1] >= '1' && s[1] <= '9' && all_in(s, DIGITS, 3, 6);
}

/* ---- JSON helpers ------------------------------------------------------------------------ */

/* Reject keys of object `o` that are not in the NULL-terminated list `allowed`. */
static int
check_keys(struct pctx *p, const char *path, json_t *o, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(o, key, v)
    {
        size_t i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i])
            return fail(p, path, key, "unbekannter Schlüssel");
    }
    return ERR_OK;
}

/* Validate a JSON string value and copy it into the arena. */
static int
take_str(struct pctx *p, const char *path, const char *key, json_t *v, size_t max, const char **out)
{
    if (!json_is_string(v))
        return fail(p, path, key, "muss ein Text sein");
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);
    if (len == 0)
        return fail(p, path, key, "darf nicht leer sein");
    if (len > max)
        return fail(p, path, key, "ist länger als %zu Bytes", max);
    if (!str_is_clean_utf8(s, len))
        return fail(p, path, key, "enthält Steuerzeichen oder ungültiges UTF-8");
    char *d = arena_strndup(p->a, s, len);
    if (!d)
        return ERR_NOMEM;
    *out = d;
    return ERR_OK;
}

/* Member `key` of `o` as a string; *out = NULL when absent and not required. */
static int
get_str(struct pctx *p, const char *path, json_t *o, const char *key, bool required, size_t max,
        const char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (required)
            return fail(p, path, key, "fehlt");
        *out = NULL;
        return ERR_OK;
    }
    return take_str(p, path, key, v, max, out);
}

/* Member `key` of `o` as an integer in [min, max]; *out = dflt when absent. */
static int
get_int(struct pctx *p, const char *path, json_t *o, const char *key, int64_t min, int64_t max,
        int64_t dflt, int64_t *out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        *out = dflt;
        return ERR_OK;
    }
    if (!json_is_integer(v))
        return fail(p, path, key, "muss eine ganze Zahl sein");
    json_int_t i = json_integer_value(v);
    if (i < min || i > max)
        return fail(p, path, key, "muss zwischen %lld und %lld liegen", (long long)min,
                    (long long)max);
    *out = (int64_t)i;
    return ERR_OK;
}

/* Member `key` of `o` as an array of 0..max_items strings (or absent: *arr = NULL). */
static int
get_str_list(struct pctx *p, const char *path, json_t *o, const char *key, size_t max_items,
             size_t max_len, json_t **arr)
{
    json_t *v = json_object_get(o, key);
    size_t i;
    json_t *e;
    *arr = NULL;
    if (!v)
        return ERR_OK;
    if (!json_is_array(v))
        return fail(p, path, key, "muss eine Liste sein");
    if (json_array_size(v) > max_items)
        return fail(p, path, key, "hat mehr als %zu Einträge", max_items);
    json_array_foreach(v, i, e)
    {
        char epath[160];
        const char *s;
        /* only used in messages: a cut path is acceptable */
        snprintf(epath, sizeof(epath), "%s%s%s[%zu]", path, *path ? "." : "", key, i);
        int rc = take_str(p, epath, NULL, e, max_len, &s);
        if (rc != ERR_OK)
            return rc;
    }
    *arr = v;
    return ERR_OK;
}

/* A string list joined by `sep` in the arena (NULL for no list or an empty one). */
static int
list_join(struct arena *a, json_t *arr, const char *sep, const char **out)
{
    struct buf b = BUF_INIT((size_t)LIST_MAX * (TEXT_MAX + 8));
    size_t i;
    json_t *e;
    int rc = ERR_OK;
    *out = NULL;
    if (!arr || json_array_size(arr) == 0)
        return ERR_OK;
    json_array_foreach(arr, i, e)
    {
        if (i > 0)
            rc = buf_puts(&b, sep);
        if (rc == ERR_OK)
            rc = buf_append(&b, json_string_value(e), json_string_length(e));
        if (rc != ERR_OK)
            break;
    }
    if (rc == ERR_OK) {
        *out = arena_strndup(a, buf_cstr(&b), b.len);
        if (!*out)
            rc = ERR_NOMEM;
    }
    buf_free(&b);
    return rc;
}

/* Read a whole file of at most DEMO_FILE_MAX bytes and parse it as JSON. */
static int
load_json(const char *path, const char *name, json_t **out, char *err, size_t err_len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t len = 0;
    int rc = ERR_OK;
    json_error_t jerr;

    if (!f) {
        dm_set_err(err, err_len, "%s: kann nicht gelesen werden (%s)", path, strerror(errno));
        return ERR_IO;
    }
    data = malloc(DEMO_FILE_MAX + 1);
    if (!data) {
        rc = ERR_NOMEM;
        goto out;
    }
    len = fread(data, 1, DEMO_FILE_MAX + 1, f);
    if (ferror(f)) {
        dm_set_err(err, err_len, "%s: kann nicht gelesen werden", path);
        rc = ERR_IO;
        goto out;
    }
    if (len > DEMO_FILE_MAX) {
        dm_set_err(err, err_len, "%s: größer als %u Bytes", path, DEMO_FILE_MAX);
        rc = ERR_LIMIT;
        goto out;
    }
    *out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!*out) {
        dm_set_err(err, err_len, "%s:%d:%d: kein gültiges JSON: %s", name, jerr.line, jerr.column,
                   jerr.text);
        rc = ERR_INVALID;
    }
out:
    free(data);
    fclose(f);
    return rc;
}

/* ---- leistungen.json ----------------------------------------------------------------------- */

/* The ids and office types of leistungen.json. The Leistungen importer has validated the whole
 * file before (formats/leistungen_import.h); this only takes what the offices refer to. */
static int
read_leistungen(struct pctx *p, json_t *root, struct demo_set *set)
{
    json_t *arr = json_is_object(root) ? json_object_get(root, "leistungen") : NULL, *e;
    size_t i;
    int rc;

    if (!json_is_array(arr))
        return fail(p, "", "leistungen", "muss eine Liste sein");
    set->n_l = json_array_size(arr);
    if (set->n_l > N_LEISTUNGEN_MAX)
        return fail(p, "", "leistungen", "hat mehr als %d Einträge", N_LEISTUNGEN_MAX);
    set->l = arena_zalloc(p->a, (set->n_l + 1) * sizeof(*set->l));
    if (!set->l)
        return ERR_NOMEM;
    json_array_foreach(arr, i, e)
    {
        struct d_leistung *l = &set->l[i];
        char path[64];
        snprintf(path, sizeof(path), "leistungen[%zu]", i);
        if (!json_is_object(e))
            return fail(p, path, NULL, "muss ein Objekt sein");
        if ((rc = get_str(p, path, e, "id", true, 40, &l->id)) != ERR_OK ||
            (rc = get_str(p, path, e, "amt", false, 40, &l->amt)) != ERR_OK)
            return rc;
        if (!leistung_is_id(l->id))
            return fail(p, path, "id", "ist keine gültige Kennung");
        if (l->amt && !is_key(l->amt))
            return fail(p, path, "amt", "muss ein Schlüssel [a-z0-9_] sein");
    }
    return ERR_OK;
}

static const struct d_leistung *
find_leistung(const struct demo_set *set, const char *id)
{
    for (size_t i = 0; i < set->n_l; i++)
        if (strcmp(set->l[i].id, id) == 0)
            return &set->l[i];
    return NULL;
}

/* ---- aemter.json ------------------------------------------------------------------------- */

static const struct d_amt *
find_amt(const struct demo_set *set, const char *key)
{
    for (size_t i = 0; i < set->n_aemter; i++)
        if (strcmp(set->aemter[i].key, key) == 0)
            return &set->aemter[i];
    return NULL;
}

static int
parse_amt_leistung(struct pctx *p, const char *path, json_t *o, const struct demo_set *set,
                   struct d_amt_leistung *out)
{
    static const char *const keys[] = {"id", "online", "reifegrad", "anteil", NULL};
    int64_t reifegrad, anteil;
    int rc;

    if (!json_is_object(o))
        return fail(p, path, NULL, "muss ein Objekt sein");
    if ((rc = check_keys(p, path, o, keys)) != ERR_OK ||
        (rc = get_str(p, path, o, "id", true, 40, &out->id)) != ERR_OK ||
        (rc = get_str(p, path, o, "online", false, SHORT_MAX, &out->online)) != ERR_OK ||
        (rc = get_int(p, path, o, "reifegrad", 0, 4, -1, &reifegrad)) != ERR_OK ||
        (rc = get_int(p, path, o, "anteil", 0, 100, 100, &anteil)) != ERR_OK)
        return rc;
    if (!find_leistung(set, out->id))
        return fail(p, path, "id", "'%s' fehlt in leistungen.json", out->id);
    if (out->online && reifegrad < 0)
        return fail(p, path, "reifegrad", "fehlt (nötig mit \"online\")");
    if (!out->online && (json_object_get(o, "reifegrad") || json_object_get(o, "anteil")))
        return fail(p, path, "online", "fehlt (nötig mit \"reifegrad\" und \"anteil\")");
    out->reifegrad = (int)reifegrad;
    out->anteil = (int)anteil;
    return ERR_OK;
}

static int
parse_amt(struct pctx *p, const char *key, json_t *o, const struct demo_set *set, struct d_amt *amt)
{
    static const char *const keys[] = {"name",       "email", "durchwahl", "oeffnungszeiten",
                                       "leistungen", NULL};
    char path[64];
    json_t *zeiten, *arr, *e;
    size_t i;
    int rc;

    snprintf(path, sizeof(path), "aemter.%s", key);
    if (!is_key(key))
        return fail(p, path, NULL, "Schlüssel muss [a-z0-9_]{1,40} sein");
    if (!json_is_object(o))
        return fail(p, path, NULL, "muss ein Objekt sein");
    amt->key = arena_strdup(p->a, key);
    if (!amt->key)
        return ERR_NOMEM;
    if ((rc = check_keys(p, path, o, keys)) != ERR_OK ||
        (rc = get_str(p, path, o, "name", true, SHORT_MAX, &amt->name)) != ERR_OK ||
        (rc = get_str(p, path, o, "email", true, 40, &amt->email)) != ERR_OK ||
        (rc = get_str(p, path, o, "durchwahl", true, 6, &amt->durchwahl)) != ERR_OK ||
        (rc = get_str_list(p, path, o, "oeffnungszeiten", 20, SHORT_MAX, &zeiten)) != ERR_OK)
        return rc;
    if (!is_mail_local(amt->email))
        return fail(p, path, "email", "muss [a-z0-9.-]{1,40} sein");
    if (!all_in(amt->durchwahl, DIGITS, 1, 6))
        return fail(p, path, "durchwahl", "muss aus 1 bis 6 Ziffern bestehen");
    if ((rc = list_join(p->a, zeiten, "\n", &amt->oeffnungszeiten)) != ERR_OK)
        return rc;
    arr = json_object_get(o, "leistungen");
    if (!json_is_array(arr))
        return fail(p, path, "leistungen", "muss eine Liste sein");
    amt->n_l = json_array_size(arr);
    if (amt->n_l > LIST_MAX)
        return fail(p, path, "leistungen", "hat mehr als %d Einträge", LIST_MAX);
    amt->l = arena_zalloc(p->a, (amt->n_l + 1) * sizeof(*amt->l));
    if (!amt->l)
        return ERR_NOMEM;
    json_array_foreach(arr, i, e)
    {
        char epath[128];
        snprintf(epath, sizeof(epath), "%s.leistungen[%zu]", path, i);
        if ((rc = parse_amt_leistung(p, epath, e, set, &amt->l[i])) != ERR_OK)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (strcmp(amt->l[j].id, amt->l[i].id) == 0)
                return fail(p, epath, "id", "'%s' kommt doppelt vor", amt->l[i].id);
    }
    return ERR_OK;
}

/* An array of office type keys into *out; `seen` collects the keys of one authority so that
 * no office type appears twice in it. */
static int
parse_amt_liste(struct pctx *p, const char *path, json_t *o, const char *key,
                const struct demo_set *set, struct d_liste *out, struct d_liste *seen)
{
    json_t *arr = json_object_get(o, key), *e;
    size_t i;
    out->a = NULL;
    out->n = 0;
    if (!arr)
        return ERR_OK;
    if (!json_is_array(arr))
        return fail(p, path, key, "muss eine Liste sein");
    if (json_array_size(arr) > N_AEMTER_MAX)
        return fail(p, path, key, "hat mehr als %d Einträge", N_AEMTER_MAX);
    out->a = arena_zalloc(p->a, (json_array_size(arr) + 1) * sizeof(*out->a));
    if (!out->a)
        return ERR_NOMEM;
    json_array_foreach(arr, i, e)
    {
        const struct d_amt *amt = json_is_string(e) ? find_amt(set, json_string_value(e)) : NULL;
        if (!amt)
            return fail(p, path, key, "Eintrag %zu ist kein Amt aus \"aemter\"", i);
        for (size_t j = 0; j < seen->n; j++)
            if (seen->a[j] == amt)
                return fail(p, path, key, "Amt '%s' kommt doppelt vor", amt->key);
        out->a[out->n++] = amt;
        seen->a[seen->n++] = amt;
    }
    return ERR_OK;
}

static int
parse_art(struct pctx *p, enum art_kind kind, json_t *o, const struct demo_set *set,
          struct d_art *art)
{
    static const char *const keys[] = {"art",   "praefix",        "praefix_stadt",  "strasse",
                                       "email", "domain_praefix", "gemeindeaemter", "kreisaemter",
                                       NULL};
    const struct d_amt *seen_buf[2 * N_AEMTER_MAX];
    struct d_liste seen = {seen_buf, 0};
    char path[64];
    int rc;

    snprintf(path, sizeof(path), "behoerdenarten.%s", art_keys[kind]);
    if (!json_is_object(o))
        return fail(p, path, NULL, "muss ein Objekt sein");
    if ((rc = check_keys(p, path, o, keys)) != ERR_OK ||
        (rc = get_str(p, path, o, "art", true, 40, &art->art)) != ERR_OK ||
        (rc = get_str(p, path, o, "praefix", true, SHORT_MAX, &art->praefix)) != ERR_OK ||
        (rc = get_str(p, path, o, "praefix_stadt", false, SHORT_MAX, &art->praefix_stadt)) !=
            ERR_OK ||
        (rc = get_str(p, path, o, "strasse", true, SHORT_MAX, &art->strasse)) != ERR_OK ||
        (rc = get_str(p, path, o, "email", true, 40, &art->email)) != ERR_OK ||
        (rc = get_str(p, path, o, "domain_praefix", false, 20, &art->domain_praefix)) != ERR_OK)
        return rc;
    if (!is_key(art->art))
        return fail(p, path, "art", "muss [a-z0-9_]{1,40} sein");
    if (!is_mail_local(art->email))
        return fail(p, path, "email", "muss [a-z0-9.-]{1,40} sein");
    if (art->domain_praefix && !all_in(art->domain_praefix, LOWER DIGITS "-", 1, 20))
        return fail(p, path, "domain_praefix", "muss [a-z0-9-]{1,20} sein");
    if (!art->praefix_stadt)
        art->praefix_stadt = art->praefix;
    if ((rc = parse_amt_liste(p, path, o, "gemeindeaemter", set, &art->gemeinde, &seen)) !=
            ERR_OK ||
        (rc = parse_amt_liste(p, path, o, "kreisaemter", set, &art->kreis, &seen)) != ERR_OK)
        return rc;
    /* a Gemeinde is responsible for itself only; a Landratsamt for the whole Kreis */
    if ((kind == ART_GEMEINDE || kind == ART_GKS) && art->kreis.n > 0)
        return fail(p, path, "kreisaemter", "ist hier nicht erlaubt");
    if (kind == ART_LANDRATSAMT && art->gemeinde.n > 0)
        return fail(p, path, "gemeindeaemter", "ist hier nicht erlaubt");
    if (art->gemeinde.n + art->kreis.n == 0)
        return fail(p, path, NULL, "braucht mindestens ein Amt");
    return ERR_OK;
}

static int
parse_land(struct pctx *p, const char *path, json_t *o, const struct demo_set *set,
           struct d_land *l)
{
    static const char *const keys[] = {"schluessel", "name",         "art",     "strasse",
                                       "plz",        "ort",          "vorwahl", "domain",
                                       "email",      "landesaemter", NULL};
    const struct d_amt *seen_buf[N_AEMTER_MAX];
    struct d_liste seen = {seen_buf, 0};
    int rc;

    if (!json_is_object(o))
        return fail(p, path, NULL, "muss ein Objekt sein");
    if ((rc = check_keys(p, path, o, keys)) != ERR_OK ||
        (rc = get_str(p, path, o, "schluessel", true, 60, &l->schluessel)) != ERR_OK ||
        (rc = get_str(p, path, o, "name", true, SHORT_MAX, &l->name)) != ERR_OK ||
        (rc = get_str(p, path, o, "art", true, 40, &l->art)) != ERR_OK ||
        (rc = get_str(p, path, o, "strasse", true, SHORT_MAX, &l->strasse)) != ERR_OK ||
        (rc = get_str(p, path, o, "plz", true, 5, &l->plz)) != ERR_OK ||
        (rc = get_str(p, path, o, "ort", true, SHORT_MAX, &l->ort)) != ERR_OK ||
        (rc = get_str(p, path, o, "vorwahl", true, 6, &l->vorwahl)) != ERR_OK ||
        (rc = get_str(p, path, o, "domain", true, 40, &l->domain)) != ERR_OK ||
        (rc = get_str(p, path, o, "email", true, 40, &l->email)) != ERR_OK)
        return rc;
    if (strncmp(l->schluessel, "demo-", 5) != 0 || !all_in(l->schluessel, LOWER DIGITS "-", 6, 60))
        return fail(p, path, "schluessel", "muss mit \"demo-\" beginnen, [a-z0-9-]");
    if (!is_key(l->art))
        return fail(p, path, "art", "muss [a-z0-9_]{1,40} sein");
    if (!str_is_digits(str_from(l->plz), 5))
        return fail(p, path, "plz", "muss aus 5 Ziffern bestehen");
    if (!is_vorwahl(l->vorwahl))
        return fail(p, path, "vorwahl", "ist keine Vorwahl");
    if (!all_in(l->domain, LOWER DIGITS "-", 1, 40))
        return fail(p, path, "domain", "muss [a-z0-9-]{1,40} sein");
    if (!is_mail_local(l->email))
        return fail(p, path, "email", "muss [a-z0-9.-]{1,40} sein");
    rc = parse_amt_liste(p, path, o, "landesaemter", set, &l->aemter, &seen);
    if (rc == ERR_OK && l->aemter.n == 0)
        rc = fail(p, path, "landesaemter", "fehlt");
    return rc;
}

static int
parse_aemter(struct pctx *p, json_t *root, struct demo_set *set)
{
    static const char *const top_keys[] = {
        "format",          "hinweis", "kreise",    "behoerdenarten",
        "landesbehoerden", "aemter",  "vorwahlen", NULL};
    const char *format, *hinweis, *key;
    json_t *o, *v;
    size_t i;
    int rc;

    if (!json_is_object(root))
        return fail(p, "", NULL, "muss ein Objekt sein");
    if ((rc = check_keys(p, "", root, top_keys)) != ERR_OK ||
        (rc = get_str(p, "", root, "format", true, 40, &format)) != ERR_OK ||
        (rc = get_str(p, "", root, "hinweis", false, TEXT_MAX, &hinweis)) != ERR_OK)
        return rc;
    if (strcmp(format, "rathaus-aemter/1") != 0)
        return fail(p, "", "format", "muss \"rathaus-aemter/1\" sein");

    /* aemter first: the other sections refer to them */
    o = json_object_get(root, "aemter");
    if (!json_is_object(o))
        return fail(p, "", "aemter", "muss ein Objekt sein");
    if (json_object_size(o) > N_AEMTER_MAX)
        return fail(p, "", "aemter", "hat mehr als %d Einträge", N_AEMTER_MAX);
    set->aemter = arena_zalloc(p->a, (json_object_size(o) + 1) * sizeof(*set->aemter));
    if (!set->aemter)
        return ERR_NOMEM;
    json_object_foreach(o, key, v)
    {
        if ((rc = parse_amt(p, key, v, set, &set->aemter[set->n_aemter])) != ERR_OK)
            return rc;
        set->n_aemter++;
    }

    o = json_object_get(root, "behoerdenarten");
    if (!json_is_object(o))
        return fail(p, "", "behoerdenarten", "muss ein Objekt sein");
    json_object_foreach(o, key, v)
    {
        size_t k = 0;
        while (k < N_ARTEN && strcmp(art_keys[k], key) != 0)
            k++;
        if (k == N_ARTEN)
            return fail(p, "behoerdenarten", key, "unbekannte Behördenart");
    }
    for (size_t k = 0; k < N_ARTEN; k++) {
        v = json_object_get(o, art_keys[k]);
        if (!v)
            return fail(p, "behoerdenarten", art_keys[k], "fehlt");
        if ((rc = parse_art(p, (enum art_kind)k, v, set, &set->arten[k])) != ERR_OK)
            return rc;
    }

    o = json_object_get(root, "landesbehoerden");
    if (o) {
        if (!json_is_array(o))
            return fail(p, "", "landesbehoerden", "muss eine Liste sein");
        if (json_array_size(o) > N_LAND_MAX)
            return fail(p, "", "landesbehoerden", "hat mehr als %d Einträge", N_LAND_MAX);
        set->land = arena_zalloc(p->a, (json_array_size(o) + 1) * sizeof(*set->land));
        if (!set->land)
            return ERR_NOMEM;
        json_array_foreach(o, i, v)
        {
            char path[64];
            snprintf(path, sizeof(path), "landesbehoerden[%zu]", i);
            if ((rc = parse_land(p, path, v, set, &set->land[i])) != ERR_OK)
                return rc;
            set->n_land++;
        }
    }

    o = json_object_get(root, "kreise");
    if (!json_is_array(o) || json_array_size(o) == 0 || json_array_size(o) > N_KREISE_MAX)
        return fail(p, "", "kreise", "muss eine Liste von 1 bis %d Kreisschlüsseln sein",
                    N_KREISE_MAX);
    set->kreise = arena_zalloc(p->a, (json_array_size(o) + 1) * sizeof(*set->kreise));
    if (!set->kreise)
        return ERR_NOMEM;
    json_array_foreach(o, i, v)
    {
        const char *s = json_is_string(v) ? json_string_value(v) : "";
        if (!str_is_digits(str_from(s), 5) || strncmp(s, "08", 2) != 0)
            return fail(p, "", "kreise", "Eintrag %zu ist kein Kreisschlüssel 08xxx", i);
        for (size_t j = 0; j < i; j++)
            if (strcmp(set->kreise[j], s) == 0)
                return fail(p, "", "kreise", "'%s' kommt doppelt vor", s);
        if (!(set->kreise[i] = arena_strdup(p->a, s)))
            return ERR_NOMEM;
        set->n_kreise++;
    }

    o = json_object_get(root, "vorwahlen");
    if (o) {
        if (!json_is_object(o) || json_object_size(o) > N_VORWAHLEN_MAX)
            return fail(p, "", "vorwahlen", "muss ein Objekt mit höchstens %d Einträgen sein",
                        N_VORWAHLEN_MAX);
        set->vorwahlen = arena_zalloc(p->a, (json_object_size(o) + 1) * sizeof(*set->vorwahlen));
        if (!set->vorwahlen)
            return ERR_NOMEM;
        json_object_foreach(o, key, v)
        {
            struct d_vorwahl *w = &set->vorwahlen[set->n_vorwahlen];
            if (!str_is_digits(str_from(key), 5) && !str_is_digits(str_from(key), 8))
                return fail(p, "vorwahlen", key, "ist kein Kreis- oder Gemeindeschlüssel");
            if ((rc = take_str(p, "vorwahlen", key, v, 6, &w->vorwahl)) != ERR_OK)
                return rc;
            if (!is_vorwahl(w->vorwahl))
                return fail(p, "vorwahlen", key, "ist keine Vorwahl");
            if (!(w->ags = arena_strdup(p->a, key)))
                return ERR_NOMEM;
            set->n_vorwahlen++;
        }
    }
    return ERR_OK;
}

/* Every Leistung's `amt` must be an office type of aemter.json. */
static int
check_leistung_aemter(struct pctx *p, const struct demo_set *set)
{
    for (size_t i = 0; i < set->n_l; i++) {
        if (set->l[i].amt && !find_amt(set, set->l[i].amt)) {
            char path[64];
            snprintf(path, sizeof(path), "leistungen[%zu]", i);
            return fail(p, path, "amt", "'%s' fehlt in aemter.json", set->l[i].amt);
        }
    }
    return ERR_OK;
}

/* Read both files: leistungen.json into the Leistungen importer `li` (which validates it
 * completely) and, for the offices, its ids and office types; then aemter.json. */
int
dm_load_set(const char *dir, struct leistungen_import *li, struct arena *a, struct demo_set *set,
            char *err, size_t err_len)
{
    char path[4096];
    json_t *lj = NULL, *aj = NULL;
    struct buf lerr = BUF_INIT(4096);
    struct pctx pl = {a, "leistungen.json", err, err_len};
    struct pctx pa = {a, "aemter.json", err, err_len};
    int n, rc;

    n = snprintf(path, sizeof(path), "%s/leistungen.json", dir);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        dm_set_err(err, err_len, "Ordnername zu lang");
        return ERR_LIMIT;
    }
    rc = leistungen_import_add_path(li, path, &lerr);
    if (rc != ERR_OK) {
        dm_set_err(err, err_len, "%s", lerr.len ? buf_cstr(&lerr) : err_name(rc));
        goto out;
    }
    rc = load_json(path, "leistungen.json", &lj, err, err_len);
    if (rc != ERR_OK)
        goto out;
    rc = read_leistungen(&pl, lj, set);
    if (rc != ERR_OK)
        goto out;
    n = snprintf(path, sizeof(path), "%s/aemter.json", dir);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        dm_set_err(err, err_len, "Ordnername zu lang");
        rc = ERR_LIMIT;
        goto out;
    }
    rc = load_json(path, "aemter.json", &aj, err, err_len);
    if (rc != ERR_OK)
        goto out;
    rc = parse_aemter(&pa, aj, set);
    if (rc == ERR_OK)
        rc = check_leistung_aemter(&pl, set);
out:
    if (rc == ERR_NOMEM)
        dm_set_err(err, err_len, "zu wenig Speicher für die Demo-Daten");
    buf_free(&lerr);
    json_decref(aj);
    json_decref(lj);
    return rc;
}
