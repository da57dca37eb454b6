#include "domain/artikel.h"

#include <stdio.h>
#include <string.h>

#include "domain/cursor.h"
#include "domain/gebiet.h"
#include "domain/protokoll.h"
#include "formats/markdown.h"
#include "store/db.h"

static int
fehler(struct feld_fehler *f, const char *feld, const char *text)
{
    f->feld = feld;
    f->text = text;
    return ERR_INVALID;
}

int
artikel_darf_lesen(const struct actor *who)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (authz_check(who, AUTHZ_LAND_LESEN, NULL) == ERR_OK)
        return ERR_OK;
    for (size_t i = 0; i < who->n_rollen; i++) {
        struct authz_object obj = {.behoerde_id = who->rollen[i].behoerde_id};
        if (obj.behoerde_id <= 0)
            continue;
        if (authz_check(who, AUTHZ_WISSEN_LESEN, &obj) == ERR_OK)
            return ERR_OK;
    }
    return ERR_FORBIDDEN;
}

int
artikel_darf_schreiben(const struct actor *who)
{
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = authz_check(who, AUTHZ_WISSEN_BEARBEITEN, NULL);
    return rc == ERR_NOTFOUND ? ERR_FORBIDDEN : rc;
}

static bool
is_tag(const char *t)
{
    size_t n = t ? strlen(t) : 0;
    if (n == 0 || n > ARTIKEL_TAG_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch >= 0x80))
            return false;
    }
    return str_is_clean_utf8(t, n);
}

/* Validate and fill a row (titel, text, tags, suchtext) from `in`, strings in `a`. */
static int
pruefen(struct arena *a, const struct artikel_in *in, struct artikel_row *x, struct feld_fehler *f)
{
    size_t tl = in->titel ? strlen(in->titel) : 0;
    if (tl == 0 || tl > ARTIKEL_TITEL_MAX || !str_is_clean_utf8(in->titel, tl) ||
        strpbrk(in->titel, "\r\n\t"))
        return fehler(f, "titel", "Der Titel ist eine Zeile mit 1 bis 200 Zeichen.");
    if (!in->text || !*in->text)
        return fehler(f, "text", "Der Text (Markdown) fehlt.");
    if (in->n_tags > ARTIKEL_TAGS_MAX)
        return fehler(f, "tags", "Höchstens 10 Schlagwörter.");
    for (size_t i = 0; i < in->n_tags; i++)
        if (!is_tag(in->tags[i]))
            return fehler(f, "tags",
                          "Ein Schlagwort besteht aus Kleinbuchstaben, Ziffern und "
                          "Bindestrichen (höchstens 40 Zeichen).");
    struct buf plain = BUF_INIT(MARKDOWN_MAX_LEN * 2);
    int rc = markdown_text(in->text, strlen(in->text), &plain);
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        buf_free(&plain);
        return fehler(f, "text", "Der Text ist kein gültiger UTF-8-Text oder länger als 256 KB.");
    }
    if (rc == ERR_OK) {
        rc = buf_putc(&plain, ' ');
        for (size_t i = 0; rc == ERR_OK && i < in->n_tags; i++)
            rc = buf_printf(&plain, "%s ", in->tags[i]);
        if (rc == ERR_OK)
            rc = buf_puts(&plain, in->titel);
    }
    if (rc == ERR_OK) {
        x->titel = in->titel;
        x->text = in->text;
        x->tags = (const char **)in->tags;
        x->n_tags = in->n_tags;
        x->loesung = in->loesung;
        x->suchtext = gebiet_name_norm(a, buf_cstr(&plain));
        if (!x->suchtext)
            rc = ERR_NOMEM;
    }
    buf_free(&plain);
    return rc;
}

struct schreiben_tx {
    const struct umfeld *u;
    struct artikel_row *x;
    bool is_neu;
    int64_t id;
};

static int
schreiben_tx(struct db_conn *c, void *ctx)
{
    struct schreiben_tx *t = ctx;
    char oid[24];
    int rc = t->is_neu ? store_artikel_insert(c, t->x, &t->id) : store_artikel_update(c, t->x);
    if (rc != ERR_OK)
        return rc;
    snprintf(oid, sizeof(oid), "%lld", (long long)(t->is_neu ? t->id : t->x->id));
    struct protokoll_eintrag e = {.konto_id = t->x->konto_id,
                                  .aktion = t->is_neu ? "artikel_angelegt" : "artikel_geaendert",
                                  .objekt_typ = "artikel",
                                  .objekt_id = oid};
    return protokoll_schreiben(c, t->u, &e);
}

int
artikel_anlegen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                const struct artikel_in *in, int64_t *id, struct feld_fehler *f)
{
    struct artikel_row x = {0};
    int rc = artikel_darf_schreiben(who);
    if (rc != ERR_OK)
        return rc;
    struct arena *a = arena_new(4u * MARKDOWN_MAX_LEN);
    if (!a)
        return ERR_NOMEM;
    rc = pruefen(a, in, &x, f);
    if (rc == ERR_OK) {
        x.version = 1;
        x.konto_id = who->konto_id;
        x.erstellt = x.geaendert = u->jetzt;
        struct schreiben_tx t = {u, &x, true, 0};
        rc = db_tx(c, schreiben_tx, &t);
        if (rc == ERR_OK)
            *id = t.id;
    }
    arena_free(a);
    return rc;
}

int
artikel_aendern(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
                const struct artikel_in *in, struct feld_fehler *f)
{
    struct artikel_row x = {0};
    int rc = artikel_darf_schreiben(who);
    if (rc != ERR_OK)
        return rc;
    if (in->version < 1)
        return fehler(f, "version", "Geben Sie die Version an, auf der die Änderung beruht.");
    struct arena *a = arena_new(4u * MARKDOWN_MAX_LEN);
    if (!a)
        return ERR_NOMEM;
    struct artikel_row cur;
    rc = store_artikel_get(c, a, id, 0, &cur);
    if (rc == ERR_OK)
        rc = pruefen(a, in, &x, f);
    if (rc == ERR_OK) {
        x.id = id;
        x.version = in->version + 1;
        x.konto_id = who->konto_id;
        x.geaendert = u->jetzt;
        struct schreiben_tx t = {u, &x, false, 0};
        rc = db_tx(c, schreiben_tx, &t);
    }
    arena_free(a);
    return rc;
}

int
artikel_get(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
            int64_t version, struct artikel_row *out, struct artikel_version_row **versionen,
            size_t *n_versionen)
{
    int rc = artikel_darf_lesen(who);
    if (rc != ERR_OK)
        return rc == ERR_FORBIDDEN ? ERR_NOTFOUND : rc;
    rc = store_artikel_get(c, a, id, version, out);
    if (rc == ERR_OK)
        rc = store_artikel_versionen(c, a, id, versionen, n_versionen);
    return rc;
}

int
artikel_suche(struct db_conn *c, struct arena *a, const struct actor *who, const char *q,
              const char *tag, int64_t limit, const char *cursor, struct artikel_seite *out,
              const char **bad)
{
    const char *terms[5];
    size_t n_terms = 0;
    int64_t after_g = 0, after_id = 0;
    char *cur[2];
    int rc = artikel_darf_lesen(who);
    if (rc != ERR_OK)
        return rc;
    if (limit < 1 || limit > 100) {
        *bad = "limit";
        return ERR_INVALID;
    }
    if (q && strlen(q) > 200) {
        *bad = "q";
        return ERR_INVALID;
    }
    if (tag && !is_tag(tag)) {
        *bad = "tag";
        return ERR_INVALID;
    }
    if (cursor && (cursor_decode(a, cursor, 2, cur) != ERR_OK ||
                   str_to_int64(str_from(cur[0]), 0, INT64_MAX, &after_g) != ERR_OK ||
                   str_to_int64(str_from(cur[1]), 1, INT64_MAX, &after_id) != ERR_OK)) {
        *bad = "cursor";
        return ERR_INVALID;
    }
    if (q) {
        char *norm = gebiet_name_norm(a, q);
        if (!norm)
            return ERR_NOMEM;
        for (char *p = norm; *p && n_terms < 5;) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            terms[n_terms++] = p;
            while (*p && *p != ' ')
                p++;
            if (*p)
                *p++ = '\0';
        }
    }
    rc = store_artikel_suche(c, a, terms, n_terms, tag, after_g, after_id, limit + 1, &out->items,
                             &out->n);
    if (rc != ERR_OK)
        return rc;
    out->next_cursor = NULL;
    if (out->n > (size_t)limit) {
        out->n = (size_t)limit;
        char g[24], i[24];
        snprintf(g, sizeof(g), "%lld", (long long)out->items[out->n - 1].geaendert);
        snprintf(i, sizeof(i), "%lld", (long long)out->items[out->n - 1].id);
        const char *parts[2] = {g, i};
        if (!(out->next_cursor = cursor_encode(a, parts, 2)))
            return ERR_NOMEM;
    }
    return ERR_OK;
}
