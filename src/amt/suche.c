/* amt/suche: the full-text search page of the Amt face (domain/amt_suche.h). */
#include <stdio.h>
#include <string.h>

#include "amt/dok.h"
#include "domain/amt_suche.h"
#include "domain/cursor.h"
#include "util/str.h"

#define SEITE 20

/* The excerpt as parts [{text, treffer}] split at the store's marks; every part is escaped
 * by the template. */
static json_t *
teile(const char *s)
{
    json_t *arr = json_array();
    bool hit = false;
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == AKTE_SUCHTEXT_MARK_AN || *p == AKTE_SUCHTEXT_MARK_AUS || !*p) {
            if (p > start && arr)
                json_array_append_new(arr, json_pack("{s:s%, s:b}", "text", start,
                                                     (size_t)(p - start), "treffer", hit));
            if (!*p)
                break;
            hit = *p == AKTE_SUCHTEXT_MARK_AN;
            start = p + 1;
        }
    }
    return arr;
}

static const char *
art_text(const char *t)
{
    if (strcmp(t, "akte") == 0)
        return "Akte";
    if (strcmp(t, "vorgang") == 0)
        return "Vorgang";
    if (strcmp(t, "vermerk") == 0)
        return "Vermerk";
    return "Dokument";
}

static const char *
ziel(struct http_req *r, const struct akte_suchtreffer *t)
{
    if (strcmp(t->objekt_typ, "akte") == 0)
        return arena_printf(r->arena, "/amt/akten/%lld", (long long)t->objekt_id);
    if (strcmp(t->objekt_typ, "dokument") == 0)
        return arena_printf(r->arena, "/amt/vorgaenge/%lld/dokumente", (long long)t->vorgang_id);
    return arena_printf(
        r->arena, "/amt/vorgaenge/%lld",
        (long long)(strcmp(t->objekt_typ, "vorgang") == 0 ? t->objekt_id : t->vorgang_id));
}

int
amt_suche_seite(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct akte_suchtreffer *hits = NULL;
    size_t n = 0;
    bool weitere = false;
    int64_t offset = 0;
    const char *q = http_query(r, "q"), *cursor = http_query(r, "cursor"), *hinweis = NULL;
    char *part[1];
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    if (cursor && (cursor_decode(r->arena, cursor, 1, part) != ERR_OK ||
                   str_to_int64(str_from(part[0]), 0, 10000, &offset) != ERR_OK))
        return aseite_fehler(r, w, &s, ERR_INVALID);
    if (q && *q) {
        rc = amt_suche(s.c, r->arena, &s.u, &s.auth.actor, q, offset, SEITE, &hits, &n, &weitere);
        if (rc == ERR_INVALID) {
            hinweis = strlen(q) > AMT_SUCHE_Q_MAX
                          ? "Der Suchbegriff ist länger als 200 Zeichen."
                          : "Bitte geben Sie mindestens ein Wort mit zwei Zeichen ein.";
            rc = ERR_OK;
        }
    } else {
        /* the page itself: only for those who may search */
        rc = amt_suche(s.c, r->arena, &s.u, &s.auth.actor, "x", 0, 1, &hits, &n, &weitere);
        if (rc == ERR_INVALID)
            rc = ERR_OK;
        n = 0;
    }
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *data = json_pack("{s:s, s:b, s:s?, s:[]}", "q", q ? q : "", "gesucht", q && *q,
                             "hinweis", hinweis, "treffer");
    json_t *liste = json_object_get(data, "treffer");
    for (size_t i = 0; liste && i < n; i++)
        json_array_append_new(liste,
                              json_pack("{s:s, s:s, s:s, s:o}", "art", art_text(hits[i].objekt_typ),
                                        "titel", hits[i].titel, "href", ziel(r, &hits[i]), "teile",
                                        teile(hits[i].ausschnitt)));
    if (weitere && data) {
        char buf[24];
        snprintf(buf, sizeof(buf), "%lld", (long long)(offset + SEITE));
        const char *p[1] = {buf};
        json_object_set_new(data, "weiter", json_string(cursor_encode(r->arena, p, 1)));
    }
    return aseite_zeigen(r, w, &s, "amt/dok_suche", "Suche", data);
}
