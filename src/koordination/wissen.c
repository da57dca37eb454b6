/* Knowledge pages (Wissen) and event pages (Termine). Markdown is rendered by the template
 * engine from the tree of formats/markdown.h, never as raw HTML. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "domain/artikel.h"
#include "domain/termin.h"
#include "formats/markdown.h"
#include "html/template.h"
#include "koordination/koordination.h"

enum zeitform { NUR_DATUM, DATUM_UHRZEIT, TERMINZEIT };

static const char *
zeit(struct http_req *r, int64_t t, enum zeitform form)
{
    char s[48];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    if (form == NUR_DATUM)
        strftime(s, sizeof(s), "%d.%m.%Y", &tm);
    else if (form == DATUM_UHRZEIT)
        strftime(s, sizeof(s), "%d.%m.%Y %H:%M", &tm);
    else
        strftime(s, sizeof(s), "%d.%m.%Y, %H:%M UTC", &tm);
    return arena_strdup(r->arena, s);
}

static json_t *
tags(const struct artikel_row *a)
{
    json_t *t = json_array();
    for (size_t i = 0; t && i < a->n_tags; i++)
        json_array_append_new(t, json_string(a->tags[i]));
    return t ? t : json_array();
}

int
koord_wissen(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct artikel_seite seite;
    const char *bad = NULL, *q = http_query(r, "q"), *tag = http_query(r, "tag");
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (q && !*q)
        q = NULL;
    if (tag && !*tag)
        tag = NULL;
    rc = artikel_suche(s.c, r->arena, &s.auth.actor, q, tag, 50, http_query(r, "cursor"), &seite,
                       &bad);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    json_t *items = json_array();
    for (size_t i = 0; items && i < seite.n; i++)
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:b, s:o, s:s}", "id", (json_int_t)seite.items[i].id,
                             "titel", seite.items[i].titel, "loesung", seite.items[i].loesung,
                             "tags", tags(&seite.items[i]), "geaendert",
                             zeit(r, seite.items[i].geaendert, NUR_DATUM)));
    json_t *d =
        json_pack("{s:o, s:s, s:b}", "artikel", items ? items : json_array(), "q", q ? q : "",
                  "darf_schreiben", artikel_darf_schreiben(&s.auth.actor) == ERR_OK);
    return kseite_zeigen(r, w, &s, "koordination/wissen", "Wissen", d);
}

int
koord_artikel(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct artikel_row a;
    struct artikel_version_row *v;
    size_t n_v;
    int64_t id, version = 0;
    const char *vq = http_query(r, "version");
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK ||
        (vq && str_to_int64(str_from(vq), 1, INT64_MAX, &version) != ERR_OK))
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    rc = artikel_get(s.c, r->arena, &s.auth.actor, id, version, &a, &v, &n_v);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    json_t *blocks = NULL, *html = NULL;
    rc = markdown_json(a.text, strlen(a.text), &blocks);
    if (rc == ERR_OK) {
        json_t *md = json_pack("{s:o}", "c", blocks);
        rc = md ? template_render_to_safe(r->app->templates, "koordination/md_bloecke", md,
                                          4u * 1024 * 1024, &html)
                : ERR_NOMEM;
        json_decref(md);
    }
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return rc;
    }
    json_t *vs = json_array();
    for (size_t i = 0; vs && i < n_v; i++)
        json_array_append_new(vs, json_pack("{s:I, s:I, s:s, s:b}", "id", (json_int_t)id, "version",
                                            (json_int_t)v[i].version, "datum",
                                            zeit(r, v[i].erstellt, DATUM_UHRZEIT), "aktuell",
                                            v[i].version == a.version));
    json_t *d = json_pack(
        "{s:I, s:s, s:o, s:I, s:b, s:o, s:o, s:s}", "id", (json_int_t)id, "titel_artikel", a.titel,
        "inhalt", html, "version", (json_int_t)a.version, "loesung", a.loesung, "tags", tags(&a),
        "versionen", vs ? vs : json_array(), "geaendert", zeit(r, a.geaendert, NUR_DATUM));
    return kseite_zeigen(r, w, &s, "koordination/artikel", a.titel, d);
}

static int
artikel_formular(struct http_req *r, struct http_resp *w, struct kseite *s, const char *titel,
                 const char *text, const char *tagtext, const struct feld_fehler *f)
{
    json_t *fe = json_object();
    if (fe && f && f->feld)
        json_object_set_new(fe, f->feld, json_string(f->text));
    json_t *d =
        json_pack("{s:s, s:s, s:s, s:o}", "titel_artikel", titel ? titel : "", "text",
                  text ? text : "", "tags", tagtext ? tagtext : "", "fe", fe ? fe : json_object());
    int rc = kseite_zeigen(r, w, s, "koordination/artikel_neu", "Neuer Artikel", d);
    if (rc == ERR_OK && f && f->feld)
        w->status = 400;
    return rc;
}

int
koord_artikel_neu(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = artikel_darf_schreiben(&s.auth.actor);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    return artikel_formular(r, w, &s, NULL, NULL, NULL, NULL);
}

int
koord_artikel_anlegen(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct feld_fehler f = {0};
    const char *tv[ARTIKEL_TAGS_MAX + 1];
    size_t n_tags = 0;
    int64_t id = 0;
    int rc = kseite_post(r, w, &s);
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return w->status ? ERR_OK : rc;
    }
    const char *tagtext = kseite_feld(&s, "tags");
    char *copy = tagtext ? arena_strdup(r->arena, tagtext) : NULL;
    for (char *p = copy; p && *p && n_tags <= ARTIKEL_TAGS_MAX;) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            break;
        tv[n_tags++] = p;
        while (*p && *p != ',' && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
    }
    struct artikel_in in = {.titel = kseite_feld(&s, "titel"),
                            .text = kseite_feld(&s, "text"),
                            .tags = tv,
                            .n_tags = n_tags,
                            .loesung = kseite_feld(&s, "loesung") != NULL};
    rc = artikel_anlegen(s.c, &s.u, &s.auth.actor, &in, &id, &f);
    if (rc == ERR_INVALID)
        return artikel_formular(r, w, &s, in.titel, in.text, tagtext, &f);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    kseite_ende(&s);
    const char *to = arena_printf(r->arena, "/koordination/wissen/%lld", (long long)id);
    return to ? http_resp_redirect(w, to) : ERR_NOMEM;
}

/* ---- Termine ---- */

static json_t *
termin_kurz(struct http_req *r, const struct termin_row *t)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:b}", "id", (json_int_t)t->id, "titel",
                     t->titel, "art", termin_art_label(t->art), "beginn",
                     zeit(r, t->beginn, TERMINZEIT), "ort", t->ort ? t->ort : "", "frei",
                     (json_int_t)(t->kapazitaet > t->belegt ? t->kapazitaet - t->belegt : 0),
                     "warteliste", (json_int_t)t->warteliste, "abgesagt", t->abgesagt);
}

int
koord_termine(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct termin_seite seite;
    const char *bad = NULL;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = termin_liste(s.c, r->arena, &s.auth.actor, s.u.jetzt, 100, http_query(r, "cursor"), &seite,
                      &bad);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    json_t *items = json_array();
    for (size_t i = 0; items && i < seite.n; i++)
        json_array_append_new(items, termin_kurz(r, &seite.items[i]));
    json_t *d = json_pack("{s:o}", "termine", items ? items : json_array());
    return kseite_zeigen(r, w, &s, "koordination/termine", "Termine", d);
}

static int
termin_zeigen(struct http_req *r, struct http_resp *w, struct kseite *s, int64_t id)
{
    struct termin_detail d;
    int rc = termin_get(s->c, r->arena, &s->auth.actor, id, &d);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, s, rc);
    json_t *tn = json_array();
    for (size_t i = 0; tn && i < d.n_teilnehmende; i++)
        json_array_append_new(
            tn, json_pack("{s:s, s:s, s:s}", "email", d.teilnehmende[i].email, "behoerde",
                          d.teilnehmende[i].behoerde ? d.teilnehmende[i].behoerde : "", "status",
                          d.teilnehmende[i].status));
    json_t *t = termin_kurz(r, &d.termin);
    if (t) {
        json_object_set_new(t, "ende", json_string(zeit(r, d.termin.ende, TERMINZEIT)));
        json_object_set_new(t, "beschreibung",
                            json_string(d.termin.beschreibung ? d.termin.beschreibung : ""));
        json_object_set_new(t, "kapazitaet", json_integer(d.termin.kapazitaet));
    }
    json_t *data = json_pack("{s:o, s:s, s:b, s:b, s:b, s:o}", "termin", t ? t : json_object(),
                             "mein_status", d.mein_status ? d.mein_status : "", "angemeldet",
                             d.mein_status && strcmp(d.mein_status, "angemeldet") == 0, "wartet",
                             d.mein_status && strcmp(d.mein_status, "warteliste") == 0, "verwalten",
                             d.darf_verwalten, "teilnehmende", tn ? tn : json_array());
    return kseite_zeigen(r, w, s, "koordination/termin", d.termin.titel, data);
}

int
koord_termin(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    int64_t id;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK)
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    return termin_zeigen(r, w, &s, id);
}

static int
termin_post(struct http_req *r, struct http_resp *w, bool anmelden)
{
    struct kseite s;
    int64_t id;
    const char *status;
    int rc = kseite_post(r, w, &s);
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return w->status ? ERR_OK : rc;
    }
    if (str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, &id) != ERR_OK)
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    rc = anmelden ? termin_anmelden(s.c, &s.u, &s.auth.actor, id, &status)
                  : termin_abmelden(s.c, &s.u, &s.auth.actor, id);
    if (rc == ERR_CONFLICT)
        rc = ERR_OK; /* cancelled or over: the page says so */
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    kseite_ende(&s);
    const char *to = arena_printf(r->arena, "/koordination/termine/%lld", (long long)id);
    return to ? http_resp_redirect(w, to) : ERR_NOMEM;
}

int
koord_termin_anmelden(struct http_req *r, struct http_resp *w)
{
    return termin_post(r, w, true);
}

int
koord_termin_abmelden(struct http_req *r, struct http_resp *w)
{
    return termin_post(r, w, false);
}
