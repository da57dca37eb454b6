#include "domain/postfach.h"

#include <stdio.h>
#include <string.h>

#include "domain/antrag_beleg.h"
#include "domain/antrag_einreichung.h"
#include "domain/schluessel.h"
#include "store/antrag.h"
#include "store/db.h"
#include "util/str.h"

/* The mailbox belongs to the account: the own-object rule of AUTHZ_POSTFACH_LESEN / _SCHREIBEN,
 * without behoerde_id, so staff of the authority do not read or write it here. */
static int
eigen(const struct actor *who, enum authz_action what, int64_t konto_id)
{
    return authz_check(who, what, &(struct authz_object){.konto_id = konto_id});
}

int
postfach_liste(struct db_conn *c, struct arena *a, const struct actor *who, int64_t vor_id,
               int64_t limit, struct nachricht **out, size_t *n, int64_t *ungelesen)
{
    int rc = eigen(who, AUTHZ_POSTFACH_LESEN, who ? who->konto_id : 0);
    if (rc != ERR_OK)
        return rc;
    if (limit < 1 || limit > 100)
        return ERR_INVALID;
    rc = store_nachricht_list(c, a, who->konto_id, vor_id, limit, out, n);
    if (rc == ERR_OK)
        rc = store_nachricht_ungelesen(c, who->konto_id, ungelesen);
    return rc;
}

static int
eigene_nachricht(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                 enum authz_action what, struct nachricht *out)
{
    int rc = store_nachricht_get(c, a, id, out);
    if (rc == ERR_OK)
        rc = eigen(who, what, out->konto_id);
    if (rc == ERR_FORBIDDEN && (!who || out->konto_id != who->konto_id))
        rc = ERR_NOTFOUND;
    return rc;
}

/* The attachments of message `m`; a receipt whose PDF is not made yet gets it now
 * (domain/antrag_beleg.h), so a reader never sees a receipt without it. */
static int
anlagen_lesen(struct db_conn *c, struct arena *a, const struct nachricht *m, struct anlage **al,
              size_t *n)
{
    int rc = store_nachricht_anlagen(c, a, m->id, al, n);
    if (rc == ERR_OK && *n == 0 && m->antrag_id > 0 &&
        strcmp(m->art, "eingangsbestaetigung") == 0) {
        bool neu = false;
        rc = antrag_beleg_sicherstellen(c, m->antrag_id, &neu);
        if (rc == ERR_OK && neu)
            rc = store_nachricht_anlagen(c, a, m->id, al, n);
    }
    return rc;
}

int
postfach_nachricht(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, int64_t id, struct nachricht *out)
{
    int rc = eigene_nachricht(c, a, who, id, AUTHZ_POSTFACH_LESEN, out);
    if (rc == ERR_OK)
        rc = anlagen_lesen(c, a, out, &out->anlagen, &out->n_anlagen);
    if (rc == ERR_OK && out->gelesen == 0 && strcmp(out->richtung, "an_buerger") == 0 &&
        !who->is_read_only) {
        rc = store_nachricht_gelesen(c, id, u->jetzt);
        if (rc == ERR_OK)
            out->gelesen = u->jetzt;
    }
    return rc;
}

int
postfach_anlage(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                const char *sha256, struct anlage *out, const void **p, size_t *len)
{
    struct nachricht m;
    struct anlage *al;
    size_t n;
    int rc = eigene_nachricht(c, a, who, id, AUTHZ_POSTFACH_LESEN, &m);
    if (rc == ERR_OK)
        rc = anlagen_lesen(c, a, &m, &al, &n);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(al[i].sha256, sha256) == 0) {
            *out = al[i];
            return store_blob_get(c, a, m.behoerde_id, sha256, p, len);
        }
    }
    return ERR_NOTFOUND;
}

static bool
text_ok(const char *s, size_t max, bool zeilen)
{
    size_t n = s ? strlen(s) : 0, k = 0;
    if (n == 0 || !str_is_clean_utf8(s, n) || (!zeilen && (strchr(s, '\n') || strchr(s, '\r'))))
        return false;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k <= max;
}

int
postfach_darf_schreiben(struct db_conn *c, struct arena *a, const struct actor *who,
                        int64_t antrag_id)
{
    struct antrag an;
    struct antrag_zugang z = {who, NULL};
    int rc = antrag_get(c, a, &z, antrag_id, &an);
    if (rc != ERR_OK)
        return rc;
    rc = eigen(who, AUTHZ_POSTFACH_SCHREIBEN, an.konto_id);
    if (rc != ERR_OK)
        return rc == ERR_FORBIDDEN && an.konto_id != who->konto_id ? ERR_NOTFOUND : rc;
    return strcmp(an.status, "entwurf") == 0 ? ERR_CONFLICT : ERR_OK;
}

int
postfach_antwort_ziel(struct db_conn *c, struct arena *a, const struct actor *who,
                      int64_t nachricht_id, int64_t *antrag_id, const char **betreff)
{
    struct nachricht m;
    int rc = eigene_nachricht(c, a, who, nachricht_id, AUTHZ_POSTFACH_SCHREIBEN, &m);
    if (rc == ERR_OK && m.antrag_id <= 0)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = postfach_darf_schreiben(c, a, who, m.antrag_id);
    if (rc != ERR_OK)
        return rc;
    /* "Antwort: " + the subject, cut to NACHRICHT_BETREFF_MAX characters */
    const char *alt = strncmp(m.betreff, "Antwort: ", 9) == 0 ? m.betreff + 9 : m.betreff;
    size_t n = 0, k = 0;
    while (alt[n] && k < NACHRICHT_BETREFF_MAX - 9) {
        n++;
        while ((alt[n] & 0xC0) == 0x80)
            n++;
        k++;
    }
    const char *b = arena_printf(a, "Antwort: %.*s", (int)n, alt);
    if (!b)
        return ERR_NOMEM;
    *antrag_id = m.antrag_id;
    *betreff = b;
    return ERR_OK;
}

int
postfach_dateien_pruefen(struct arena *a, struct einreichung *e, const char *const *typen,
                         size_t max, const struct nachricht_datei *dateien, size_t n_dateien,
                         struct anlage **out, struct feld_fehler *fehler)
{
    struct anlage *al = arena_zalloc(a, (n_dateien + 1) * sizeof(*al));
    if (!al)
        return ERR_NOMEM;
    if (n_dateien > POSTFACH_MAX_DATEIEN) {
        *fehler = (struct feld_fehler){"datei", "Höchstens 10 Dateien je Nachricht."};
        return ERR_LIMIT;
    }
    for (size_t i = 0; i < n_dateien; i++) {
        const char *name = dateien[i].dateiname;
        char typ[128];
        char *sha = arena_alloc(a, SCHLUESSEL_HASH_LEN + 1);
        if (!sha)
            return ERR_NOMEM;
        if (!name || !*name || strlen(name) > 4 * ANTRAG_DATEINAME_MAX ||
            !str_is_clean_utf8(name, strlen(name)) || strchr(name, '/') || strchr(name, '\\') ||
            dateien[i].len == 0) {
            *fehler = (struct feld_fehler){"datei", "Eine Datei ist leer oder ihr Name ist "
                                                    "ungültig."};
            return ERR_INVALID;
        }
        if (dateien[i].len > max) {
            *fehler = (struct feld_fehler){"datei", max > POSTFACH_DATEI_MAX
                                                        ? "Eine Datei ist größer als 16 MB."
                                                        : "Eine Datei ist größer als 5 MB."};
            return ERR_LIMIT;
        }
        int rc = einreichung_dateityp(e, dateien[i].p, dateien[i].len, typ, sizeof(typ));
        if (rc != ERR_OK)
            return rc;
        bool ok = false, mit_text = false;
        for (size_t k = 0; typen[k]; k++) {
            ok = ok || strcmp(typen[k], typ) == 0;
            mit_text = mit_text || strcmp(typen[k], "text/plain") == 0;
        }
        if (!ok) {
            *fehler = (struct feld_fehler){
                "datei", mit_text ? "Erlaubt sind PDF, JPEG, PNG und Text (erkannt am Inhalt)."
                                  : "Erlaubt sind PDF, JPEG und PNG (erkannt am Inhalt)."};
            return ERR_INVALID;
        }
        schluessel_hash(dateien[i].p, dateien[i].len, sha);
        al[i] = (struct anlage){.sha256 = sha,
                                .dateiname = name,
                                .typ = arena_strdup(a, typ),
                                .groesse = (int64_t)dateien[i].len};
        if (!al[i].typ)
            return ERR_NOMEM;
    }
    *out = al;
    return ERR_OK;
}

struct schreiben_tx {
    const struct nachricht *m;
    const struct nachricht_datei *dateien;
    const struct anlage *al;
    size_t n;
    int64_t id;
};

static int
schreiben_tx(struct db_conn *c, void *ctx)
{
    struct schreiben_tx *t = ctx;
    int rc = store_nachricht_insert(c, t->m, &t->id);
    for (size_t i = 0; rc == ERR_OK && i < t->n; i++) {
        rc = store_blob_put(c, t->m->behoerde_id, t->al[i].sha256, t->al[i].typ, t->dateien[i].p,
                            t->dateien[i].len, t->m->erstellt);
        if (rc == ERR_OK)
            rc = store_nachricht_anlage_insert(c, t->id, t->m->behoerde_id, &t->al[i]);
    }
    return rc;
}

int
postfach_schreiben(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   struct einreichung *e, const struct actor *who, int64_t antrag_id,
                   const char *betreff, const char *text, const struct nachricht_datei *dateien,
                   size_t n_dateien, int64_t *id, struct feld_fehler *fehler)
{
    static const char *const typen[] = {"application/pdf", "image/jpeg", "image/png", NULL};
    struct antrag an;
    struct anlage *al;
    struct antrag_zugang z = {who, NULL};
    /* authorization first: a caller without the right learns nothing from the validation */
    int rc = postfach_darf_schreiben(c, a, who, antrag_id);
    if (rc == ERR_OK)
        rc = antrag_get(c, a, &z, antrag_id, &an);
    if (rc != ERR_OK)
        return rc;
    if (!text_ok(betreff, NACHRICHT_BETREFF_MAX, false)) {
        *fehler = (struct feld_fehler){"betreff", "Bitte geben Sie einen Betreff an (höchstens "
                                                  "200 Zeichen, eine Zeile)."};
        return ERR_INVALID;
    }
    if (!text_ok(text, NACHRICHT_TEXT_MAX, true)) {
        *fehler = (struct feld_fehler){"text", "Bitte schreiben Sie eine Nachricht (höchstens "
                                               "20.000 Zeichen)."};
        return ERR_INVALID;
    }
    rc = postfach_dateien_pruefen(a, e, typen, POSTFACH_DATEI_MAX, dateien, n_dateien, &al, fehler);
    if (rc != ERR_OK)
        return rc;
    struct nachricht m = {.behoerde_id = an.behoerde_id,
                          .konto_id = an.konto_id,
                          .antrag_id = antrag_id,
                          .richtung = "an_behoerde",
                          .art = "nachricht",
                          .betreff = betreff,
                          .text = text,
                          .erstellt = u->jetzt};
    struct schreiben_tx t = {&m, dateien, al, n_dateien, 0};
    rc = db_tx(c, schreiben_tx, &t);
    if (rc == ERR_OK && id)
        *id = t.id;
    return rc;
}

int
postfach_an_buerger(struct db_conn *c, int64_t behoerde_id, int64_t konto_id, int64_t antrag_id,
                    const char *art, const char *betreff, const char *text, int64_t jetzt,
                    int64_t *id)
{
    struct nachricht m = {.behoerde_id = behoerde_id,
                          .konto_id = konto_id,
                          .antrag_id = antrag_id,
                          .richtung = "an_buerger",
                          .art = art,
                          .betreff = betreff,
                          .text = text,
                          .erstellt = jetzt};
    return store_nachricht_insert(c, &m, id);
}
