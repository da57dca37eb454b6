/* bescheid_vorlage: the template fields and the templates of domain/bescheid.h. */
#include <stdio.h>
#include <string.h>

#include "domain/bescheid.h"
#include "domain/protokoll.h"
#include "store/behoerde.h"
#include "store/db.h"
#include "util/str.h"

#define FELD_MAX 120 /* bytes of a field name */

/* The field at s (just after "{{"): its name trimmed into name[], *ende after "}}". false for
 * an unclosed or too long field. */
static bool
feld_lesen(const char *s, char name[FELD_MAX], const char **ende)
{
    const char *e = strstr(s, "}}");
    if (!e)
        return false;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    const char *t = e;
    while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
        t--;
    size_t n = (size_t)(t - s);
    if (n == 0 || n >= FELD_MAX)
        return false;
    memcpy(name, s, n);
    name[n] = '\0';
    *ende = e + 2;
    return true;
}

static bool
ist_pfad(const char *p)
{
    bool punkt = true; /* no empty segment */
    if (!*p)
        return false;
    for (; *p; p++) {
        if (*p == '.') {
            if (punkt)
                return false;
            punkt = true;
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '-'))
            return false;
        punkt = false;
    }
    return !punkt;
}

static bool
feld_bekannt(const char *name)
{
    return strcmp(name, "heute") == 0 || strcmp(name, "behoerde.name") == 0 ||
           strcmp(name, "vorgang.aktenzeichen") == 0 || strcmp(name, "vorgang.betreff") == 0 ||
           (strncmp(name, "antrag.", 7) == 0 && ist_pfad(name + 7));
}

int
bescheid_vorlage_pruefen(struct arena *a, const char *text, const char **grund)
{
    char name[FELD_MAX];
    for (const char *s = strstr(text, "{{"); s; s = strstr(s, "{{")) {
        const char *ende;
        if (!feld_lesen(s + 2, name, &ende)) {
            *grund = "Ein Feld in doppelten geschweiften Klammern ist nicht geschlossen oder zu "
                     "lang.";
            return ERR_INVALID;
        }
        if (!feld_bekannt(name)) {
            const char *t = arena_printf(a,
                                         "Unbekanntes Feld {{%s}}. Möglich sind {{antrag.FELD}}, "
                                         "{{antrag.nummer}}, {{vorgang.aktenzeichen}}, "
                                         "{{vorgang.betreff}}, {{behoerde.name}} und {{heute}}.",
                                         name);
            *grund = t ? t : "Unbekanntes Feld.";
            return ERR_INVALID;
        }
        s = ende;
    }
    return ERR_OK;
}

/* The answer at dotted `pfad` of `daten` as text into out. */
static int
antwort(const json_t *daten, const char *pfad, struct buf *out)
{
    char seg[FELD_MAX];
    const json_t *v = daten;
    while (v && *pfad) {
        const char *dot = strchr(pfad, '.');
        size_t n = dot ? (size_t)(dot - pfad) : strlen(pfad);
        memcpy(seg, pfad, n);
        seg[n] = '\0';
        v = json_is_object(v) ? json_object_get(v, seg) : NULL;
        pfad += n + (dot ? 1 : 0);
    }
    if (!v || *pfad)
        return ERR_OK;
    if (json_is_string(v))
        return buf_append(out, json_string_value(v), json_string_length(v));
    if (json_is_integer(v))
        return buf_printf(out, "%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return buf_printf(out, "%g", json_real_value(v));
    if (json_is_boolean(v))
        return buf_puts(out, json_is_true(v) ? "ja" : "nein");
    if (json_is_array(v)) {
        size_t i;
        const json_t *x;
        int rc = ERR_OK;
        json_array_foreach(v, i, x)
        {
            if (!json_is_string(x))
                continue;
            if (out->len && i > 0)
                rc = buf_puts(out, ", ");
            if (rc == ERR_OK)
                rc = buf_append(out, json_string_value(x), json_string_length(x));
            if (rc != ERR_OK)
                return rc;
        }
    }
    return ERR_OK;
}

static int
wert(const char *name, const struct bescheid_felder *f, struct buf *out)
{
    const char *s = NULL;
    if (strcmp(name, "heute") == 0)
        s = f->heute;
    else if (strcmp(name, "behoerde.name") == 0)
        s = f->behoerde_name;
    else if (strcmp(name, "vorgang.aktenzeichen") == 0)
        s = f->aktenzeichen;
    else if (strcmp(name, "vorgang.betreff") == 0)
        s = f->vorgang_betreff;
    else if (strcmp(name, "antrag.nummer") == 0)
        s = f->antrag_nummer;
    else if (strncmp(name, "antrag.", 7) == 0)
        return f->antrag_daten ? antwort(f->antrag_daten, name + 7, out) : ERR_OK;
    return s ? buf_puts(out, s) : ERR_OK;
}

int
bescheid_fuellen(const char *text, const struct bescheid_felder *f, struct buf *out)
{
    char name[FELD_MAX];
    const char *s = text;
    int rc = ERR_OK;
    while (rc == ERR_OK) {
        const char *b = strstr(s, "{{");
        if (!b)
            return buf_puts(out, s);
        const char *ende = NULL;
        if (!feld_lesen(b + 2, name, &ende) || !feld_bekannt(name))
            return ERR_INVALID;
        rc = buf_append(out, s, (size_t)(b - s));
        if (rc == ERR_OK)
            rc = wert(name, f, out);
        s = ende;
    }
    return rc;
}

/* ---- templates ---- */

int
bescheid_behoerde(const struct actor *who, int64_t wunsch, int64_t *behoerde_id)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (wunsch > 0) {
        *behoerde_id = wunsch;
        return ERR_OK;
    }
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *r = &who->rollen[i];
        if ((r->rolle == ROLLE_SACHBEARBEITUNG || r->rolle == ROLLE_BEHOERDENADMIN) &&
            r->behoerde_id > 0) {
            *behoerde_id = r->behoerde_id;
            return ERR_OK;
        }
    }
    return ERR_FORBIDDEN;
}

/* Clerks and admins of the authority read templates. */
static int
lesen_erlaubt(const struct actor *who, int64_t behoerde_id)
{
    struct authz_object obj = {.behoerde_id = behoerde_id};
    int rc = authz_check(who, AUTHZ_VORGANG_LESEN, &obj);
    if (rc == ERR_FORBIDDEN || rc == ERR_NOTFOUND) {
        int rc2 = authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &obj);
        if (rc2 == ERR_OK || rc2 == ERR_FORBIDDEN)
            rc = rc2;
    }
    return rc;
}

int
bescheid_vorlagen(struct db_conn *c, struct arena *a, const struct actor *who, int64_t behoerde_id,
                  struct bescheid_vorlage_row **out, size_t *n)
{
    int rc = lesen_erlaubt(who, behoerde_id);
    if (rc == ERR_OK)
        rc = store_bescheid_vorlage_list(c, a, behoerde_id, out, n);
    return rc;
}

int
bescheid_vorlage(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                 struct bescheid_vorlage_row *out)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_bescheid_vorlage_get(c, a, id, out);
    if (rc == ERR_OK)
        rc = lesen_erlaubt(who, out->behoerde_id);
    return rc;
}

static size_t
zeichen(const char *s)
{
    size_t k = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            k++;
    return k;
}

static bool
zeile_ok(const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && str_is_clean_utf8(s, n) && !strpbrk(s, "\r\n\t") && zeichen(s) <= max;
}

struct speichern_tx {
    const struct umfeld *u;
    int64_t konto_id;
    struct bescheid_vorlage_row *v;
    bool konflikt, gefunden;
};

static int
speichern_tx(struct db_conn *c, void *ctx)
{
    struct speichern_tx *t = ctx;
    int64_t changes = 1;
    int rc;
    t->konflikt = false;
    if (t->v->id > 0)
        rc = store_bescheid_vorlage_update(c, t->v, &changes, &t->konflikt);
    else
        rc = store_bescheid_vorlage_insert(c, t->v, &t->konflikt);
    if (rc != ERR_OK || t->konflikt)
        return rc;
    if (changes == 0)
        return ERR_NOTFOUND;
    char oid[24];
    snprintf(oid, sizeof(oid), "%lld", (long long)t->v->id);
    struct protokoll_eintrag e = {t->v->behoerde_id,  t->konto_id, "bescheidvorlage_gespeichert",
                                  "bescheid_vorlage", oid,         NULL};
    return protokoll_schreiben(c, t->u, &e);
}

int
bescheid_vorlage_speichern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                           const struct actor *who, struct bescheid_vorlage_row *v,
                           struct feld_fehler *fehler)
{
    struct authz_object obj = {.behoerde_id = v->behoerde_id};
    const char *grund = NULL;
    int rc;
    if (v->id > 0) {
        struct bescheid_vorlage_row alt;
        rc = store_bescheid_vorlage_get(c, a, v->id, &alt);
        if (rc == ERR_OK && alt.behoerde_id != v->behoerde_id)
            rc = ERR_NOTFOUND;
        if (rc == ERR_OK)
            obj.behoerde_id = alt.behoerde_id;
        if (rc != ERR_OK)
            return rc == ERR_NOTFOUND ? ERR_NOTFOUND : rc;
    }
    rc = authz_check(who, AUTHZ_BEHOERDE_VERWALTEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (!zeile_ok(v->name, BESCHEID_NAME_MAX)) {
        *fehler = (struct feld_fehler){"name", "Der Name fehlt oder hat mehr als 100 Zeichen."};
        return ERR_INVALID;
    }
    if (!zeile_ok(v->betreff, BESCHEID_BETREFF_MAX)) {
        *fehler = (struct feld_fehler){"betreff", "Der Betreff fehlt oder hat mehr als 300 "
                                                  "Zeichen (ohne Zeilenumbruch)."};
        return ERR_INVALID;
    }
    size_t tl = v->text ? strlen(v->text) : 0;
    if (tl == 0 || tl > BESCHEID_TEXT_MAX || !str_is_clean_utf8(v->text, tl)) {
        *fehler =
            (struct feld_fehler){"text", "Der Text fehlt oder ist länger als 20 000 Zeichen."};
        return ERR_INVALID;
    }
    if (bescheid_vorlage_pruefen(a, v->betreff, &grund) != ERR_OK) {
        *fehler = (struct feld_fehler){"betreff", grund};
        return ERR_INVALID;
    }
    if (bescheid_vorlage_pruefen(a, v->text, &grund) != ERR_OK) {
        *fehler = (struct feld_fehler){"text", grund};
        return ERR_INVALID;
    }
    if (v->leistung_id && (!*v->leistung_id || strlen(v->leistung_id) > 64)) {
        *fehler = (struct feld_fehler){"leistung_id", "Die Kennung der Leistung ist ungültig."};
        return ERR_INVALID;
    }
    if (v->oe_id > 0) {
        int64_t b = 0;
        bool m = false;
        rc = store_oe_mitzeichnung_get(c, v->oe_id, &b, &m);
        if (rc == ERR_NOTFOUND || (rc == ERR_OK && b != v->behoerde_id)) {
            *fehler = (struct feld_fehler){"oe_id", "Diese Organisationseinheit gehört nicht zur "
                                                    "Behörde."};
            return ERR_INVALID;
        }
        if (rc != ERR_OK)
            return rc;
    }
    v->erstellt = v->geaendert = u->jetzt;
    struct speichern_tx t = {u, who->konto_id, v, false, false};
    rc = db_tx(c, speichern_tx, &t);
    if (rc == ERR_OK && t.konflikt) {
        *fehler = (struct feld_fehler){"name", "Eine Vorlage dieses Namens gibt es schon."};
        rc = ERR_CONFLICT;
    }
    return rc;
}
