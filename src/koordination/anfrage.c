/* The support request pages: the queue, a new request (municipal staff), a request with its
 * replies, replying and (coordinators) changing the status. */
#include "domain/anfrage.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "koordination/koordination.h"

static const char *
datum(struct http_req *r, int64_t t)
{
    char s[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(s, sizeof(s), "%d.%m.%Y", &tm);
    return arena_strdup(r->arena, s);
}

static json_t *
kurz(struct http_req *r, const struct anfrage_row *a, int64_t jetzt)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:I}", "id", (json_int_t)a->id, "betreff",
                     a->betreff, "behoerde", a->behoerde, "kategorie",
                     anfrage_kategorie_label(a->kategorie), "status",
                     anfrage_status_label(a->status), "faellig", datum(r, a->faellig),
                     "ueberfaellig", strcmp(a->status, "erledigt") != 0 && a->faellig < jetzt,
                     "antworten", (json_int_t)a->n_antworten);
}

int
koord_anfragen(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct anfrage_seite seite;
    const char *bad = NULL, *status = http_query(r, "status");
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (status && !*status)
        status = NULL;
    struct anfrage_filter f = {.status = status, .limit = 200, .cursor = http_query(r, "cursor")};
    rc = anfrage_liste(s.c, r->arena, &s.auth.actor, &f, &seite, &bad);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    json_t *items = json_array();
    for (size_t i = 0; items && i < seite.n; i++)
        json_array_append_new(items, kurz(r, &seite.items[i], s.u.jetzt));
    json_t *d = json_pack("{s:o, s:s, s:b}", "anfragen", items ? items : json_array(), "status",
                          status ? status : "", "darf_stellen",
                          anfrage_darf_stellen(&s.auth.actor) == ERR_OK);
    if (d && seite.next_cursor)
        json_object_set_new(d, "weiter", json_string(seite.next_cursor));
    return kseite_zeigen(r, w, &s, "koordination/anfragen", "Anfragen", d);
}

static int
formular_zeigen(struct http_req *r, struct http_resp *w, struct kseite *s, const char *kategorie,
                const char *betreff, const char *text, const struct feld_fehler *f)
{
    json_t *fe = json_object();
    if (fe && f && f->feld)
        json_object_set_new(fe, f->feld, json_string(f->text));
    json_t *d = json_pack("{s:s, s:s, s:s, s:o, s:b, s:b, s:b, s:b, s:b}", "kategorie",
                          kategorie ? kategorie : "", "betreff", betreff ? betreff : "", "text",
                          text ? text : "", "fe", fe ? fe : json_object(), "k_ozg",
                          kategorie && strcmp(kategorie, "ozg_leistung") == 0, "k_plattform",
                          kategorie && strcmp(kategorie, "plattform") == 0, "k_eakte",
                          kategorie && strcmp(kategorie, "eakte") == 0, "k_foerderung",
                          kategorie && strcmp(kategorie, "foerderung") == 0, "k_sonstiges",
                          kategorie && strcmp(kategorie, "sonstiges") == 0);
    int rc = kseite_zeigen(r, w, s, "koordination/anfrage_neu", "Neue Anfrage", d);
    if (rc == ERR_OK && f && f->feld)
        w->status = 400;
    return rc;
}

int
koord_anfrage_neu(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = anfrage_darf_stellen(&s.auth.actor);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    return formular_zeigen(r, w, &s, NULL, NULL, NULL, NULL);
}

int
koord_anfrage_stellen(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct feld_fehler f = {0};
    int64_t id = 0;
    int rc = kseite_post(r, w, &s);
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return w->status ? ERR_OK : rc;
    }
    struct anfrage_neu n = {.kategorie = kseite_feld(&s, "kategorie"),
                            .betreff = kseite_feld(&s, "betreff"),
                            .text = kseite_feld(&s, "text")};
    rc = anfrage_stellen(s.c, &s.u, &s.auth.actor, &n, &id, &f);
    if (rc == ERR_INVALID)
        return formular_zeigen(r, w, &s, n.kategorie, n.betreff, n.text, &f);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    kseite_ende(&s);
    const char *to = arena_printf(r->arena, "/koordination/anfragen/%lld", (long long)id);
    return to ? http_resp_redirect(w, to) : ERR_NOMEM;
}

static int
id_of(struct http_req *r, int64_t *id)
{
    return str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, id);
}

static int
detail_zeigen(struct http_req *r, struct http_resp *w, struct kseite *s, int64_t id,
              const struct feld_fehler *f)
{
    struct anfrage_detail d;
    int rc = anfrage_get(s->c, r->arena, &s->auth.actor, id, &d);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, s, rc);
    json_t *aw = json_array(), *an = json_array();
    for (size_t i = 0; aw && i < d.n_antworten; i++)
        json_array_append_new(aw, json_pack("{s:s, s:b, s:b, s:s}", "text", d.antworten[i].text,
                                            "intern", d.antworten[i].is_intern, "koordination",
                                            d.antworten[i].von_koordination, "datum",
                                            datum(r, d.antworten[i].erstellt)));
    for (size_t i = 0; an && i < d.n_anlagen; i++)
        json_array_append_new(an, json_pack("{s:I, s:I, s:s}", "id", (json_int_t)d.anlagen[i].id,
                                            "anfrage", (json_int_t)id, "name", d.anlagen[i].name));
    json_t *fe = json_object();
    if (fe && f && f->feld)
        json_object_set_new(fe, f->feld, json_string(f->text));
    const struct anfrage_row *a = &d.anfrage;
    json_t *data = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:b, s:b, s:b, s:b}", "id",
        (json_int_t)a->id, "betreff", a->betreff, "text", a->text, "behoerde", a->behoerde,
        "kategorie", anfrage_kategorie_label(a->kategorie), "status",
        anfrage_status_label(a->status), "erstellt", datum(r, a->erstellt), "faellig",
        datum(r, a->faellig), "antworten", aw ? aw : json_array(), "anlagen",
        an ? an : json_array(), "koordination", d.darf_bearbeiten, "fe", fe ? fe : json_object(),
        "s_neu", strcmp(a->status, "neu") == 0, "s_in_bearbeitung",
        strcmp(a->status, "in_bearbeitung") == 0, "s_wartet", strcmp(a->status, "wartet") == 0,
        "s_erledigt", strcmp(a->status, "erledigt") == 0);
    const char *titel = arena_printf(r->arena, "Anfrage %lld: %s", (long long)a->id, a->betreff);
    if (!titel) {
        json_decref(data);
        kseite_ende(s);
        return ERR_NOMEM;
    }
    rc = kseite_zeigen(r, w, s, "koordination/anfrage", titel, data);
    if (rc == ERR_OK && f && f->feld)
        w->status = 400;
    return rc;
}

int
koord_anfrage(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    int64_t id;
    int rc = kseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (id_of(r, &id) != ERR_OK)
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    return detail_zeigen(r, w, &s, id, NULL);
}

int
koord_anfrage_antworten(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct feld_fehler f = {0};
    int64_t id, aw;
    int rc = kseite_post(r, w, &s);
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return w->status ? ERR_OK : rc;
    }
    if (id_of(r, &id) != ERR_OK)
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    const char *intern = kseite_feld(&s, "intern");
    rc = anfrage_antworten(s.c, &s.u, &s.auth.actor, id, kseite_feld(&s, "text"),
                           intern && strcmp(intern, "1") == 0, &aw, &f);
    if (rc == ERR_INVALID)
        return detail_zeigen(r, w, &s, id, &f);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    kseite_ende(&s);
    const char *to = arena_printf(r->arena, "/koordination/anfragen/%lld#antworten", (long long)id);
    return to ? http_resp_redirect(w, to) : ERR_NOMEM;
}

int
koord_anfrage_status(struct http_req *r, struct http_resp *w)
{
    struct kseite s;
    struct feld_fehler f = {0};
    int64_t id;
    int rc = kseite_post(r, w, &s);
    if (rc != ERR_OK) {
        kseite_ende(&s);
        return w->status ? ERR_OK : rc;
    }
    if (id_of(r, &id) != ERR_OK)
        return kseite_fehler(r, w, &s, ERR_NOTFOUND);
    const char *zu = kseite_feld(&s, "mir_zuweisen");
    rc = anfrage_aendern(s.c, &s.u, &s.auth.actor, id, kseite_feld(&s, "status"),
                         zu && strcmp(zu, "1") == 0 ? s.auth.actor.konto_id : -1, 0, &f);
    if (rc == ERR_INVALID)
        return detail_zeigen(r, w, &s, id, &f);
    if (rc != ERR_OK)
        return kseite_fehler(r, w, &s, rc);
    kseite_ende(&s);
    const char *to = arena_printf(r->arena, "/koordination/anfragen/%lld", (long long)id);
    return to ? http_resp_redirect(w, to) : ERR_NOMEM;
}
