/* The Amt pages of the Aussonderung and the audit log (amt/archiv.h). */
#include <stdlib.h>
#include <string.h>

#include "amt/amt.h"
#include "amt/archiv.h"
#include "api/archiv.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"
#include "util/str.h"

static int
seite_start(struct http_req *r, struct http_resp *w, struct aseite *s, int64_t *bid)
{
    int rc = aseite_beginn(r, s);
    if (rc != ERR_OK)
        return rc;
    if (s->auth.actor.konto_id <= 0)
        rc = ERR_UNAUTHORIZED;
    else
        rc = aktenplan_behoerde(&s->auth.actor, 0, bid);
    if (rc != ERR_OK) {
        int wr = aseite_fehler(r, w, s, rc);
        return wr == ERR_OK ? ERR_FORBIDDEN : wr;
    }
    return ERR_OK;
}

int
amt_aussonderung(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct archiv_faellig *f = NULL;
    struct aussonderung_row *a = NULL;
    size_t n_f = 0, n_a = 0;
    int64_t bid = 0;
    int rc = seite_start(r, w, &s, &bid);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = archiv_faellige(s.c, r->arena, &s.u, &s.auth.actor, bid, &f, &n_f);
    if (rc == ERR_OK)
        rc = archiv_aussonderungen(s.c, r->arena, &s.auth.actor, bid, &a, &n_a);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *d = json_object(), *fl = json_array(), *al = json_array();
    if (!d || !fl || !al) {
        json_decref(d);
        json_decref(fl);
        json_decref(al);
        return ERR_NOMEM;
    }
    int64_t n_ab = 0, n_v = 0;
    for (size_t i = 0; i < n_f; i++) {
        char m[2] = {f[i].archivwuerdigkeit, 0};
        n_ab += m[0] != 'V' && !f[i].is_in_abgabe;
        n_v += m[0] == 'V';
        json_array_append_new(
            fl, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:b}", "id",
                          (json_int_t)f[i].akte.id, "aktenzeichen", f[i].akte.aktenzeichen, "titel",
                          f[i].akte.titel, "bis",
                          f[i].akte.aufbewahrung_bis ? f[i].akte.aufbewahrung_bis : "", "plan",
                          f[i].plan_kennzeichen ? f[i].plan_kennzeichen : "", "mark", m,
                          "vorgaenge", (json_int_t)f[i].akte.n_vorgaenge, "dokumente",
                          (json_int_t)f[i].akte.n_dokumente, "in_abgabe", f[i].is_in_abgabe));
    }
    for (size_t i = 0; i < n_a; i++)
        json_array_append_new(
            al,
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)a[i].id, "art",
                      strcmp(a[i].art, "abgabe") == 0 ? "Abgabe an das Archiv" : "Vernichtung",
                      "status", a[i].status, "kennung",
                      a[i].nachricht_kennung ? a[i].nachricht_kennung : "", "erstellt",
                      amt_zeit(r, a[i].erstellt), "offen", strcmp(a[i].status, "exportiert") == 0));
    json_object_set_new(d, "faellig", fl);
    json_object_set_new(d, "aussonderungen", al);
    json_object_set_new(d, "n_ab", json_integer(n_ab));
    json_object_set_new(d, "n_v", json_integer(n_v));
    const char *m = http_query(r, "ok");
    json_object_set_new(d, "meldung",
                        json_string(m && strcmp(m, "geloescht") == 0
                                        ? "Die Akten wurden vernichtet; der Nachweis bleibt."
                                    : m ? "Die Empfangsbestätigung wurde angenommen; die "
                                          "abgegebenen Inhalte wurden gelöscht."
                                        : ""));
    return aseite_zeigen(r, w, &s, "amt/archiv_aussonderung", "Aussonderung", d);
}

int
amt_aussonderung_export(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    struct buf zip = BUF_INIT(ARCHIV_ZIP_MAX), err = BUF_INIT(16 * 1024);
    char name[128];
    int64_t bid = 0, id = 0;
    const char *xsd = archiv_xsd_pfad(r);
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = xsd ? aktenplan_behoerde(&s.auth.actor, 0, &bid) : ERR_NOMEM;
    if (rc == ERR_OK)
        rc = archiv_abgabe(s.c, &s.u, &s.auth.actor, bid, NULL, 0, xsd, &zip, name, &id, &f, &err);
    buf_free(&err);
    if (rc == ERR_OK) {
        aseite_ende(&s);
        rc = archiv_zip_antwort(r, w, &zip, name);
    } else if (rc == ERR_IO) {
        rc = aseite_meldung(r, w, &s, 503, "xdomea-Schema nicht verfügbar",
                            "Die Nachricht kann nicht gegen xdomea.xsd geprüft werden; es wurde "
                            "nichts exportiert.");
    } else if (rc == ERR_CONFLICT) {
        rc = aseite_meldung(r, w, &s, 409, "Nichts abzugeben",
                            "Keine fällige Akte mit Archivwürdigkeit A oder B wartet auf die "
                            "Abgabe.");
    } else {
        rc = aseite_fehler(r, w, &s, rc);
    }
    buf_free(&zip);
    return rc;
}

int
amt_aussonderung_loeschen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct feld_fehler f = {0};
    int64_t bid = 0, id = 0, n = 0;
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = aktenplan_behoerde(&s.auth.actor, 0, &bid);
    if (rc == ERR_OK)
        rc = archiv_loeschen(s.c, &s.u, &s.auth.actor, bid, NULL, 0,
                             aseite_feld(&s, "bestaetigung") != NULL, &id, &n, &f);
    if (rc == ERR_INVALID)
        return aseite_meldung(r, w, &s, 400, "Bitte bestätigen",
                              "Kreuzen Sie an, dass die Akten vernichtet werden sollen.");
    if (rc == ERR_CONFLICT)
        return aseite_meldung(r, w, &s, 409, "Nichts zu vernichten",
                              "Keine fällige Akte mit Archivwürdigkeit V.");
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, "/amt/aussonderung?ok=geloescht");
}

int
amt_aussonderung_quittung(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct buf err = BUF_INIT(16 * 1024);
    int64_t id = 0, n = 0;
    const char *sid = http_param(r, "id"), *xsd = archiv_xsd_pfad(r);
    if (!sid || str_to_int64(str_from(sid), 1, INT64_MAX, &id) != ERR_OK)
        id = 0;
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    const char *xml = aseite_feld(&s, "xml"), *kennung = aseite_feld(&s, "kennung");
    if (xml && !*xml)
        xml = NULL;
    rc = !id ? ERR_NOTFOUND : !xsd ? ERR_NOMEM : ERR_OK;
    if (rc == ERR_OK)
        rc = archiv_quittung(s.c, &s.u, &s.auth.actor, id, xml, xml ? strlen(xml) : 0, kennung, xsd,
                             &n, &err);
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        const char *t = arena_printf(r->arena, "Nichts wurde gelöscht. %s", buf_cstr(&err));
        buf_free(&err);
        return aseite_meldung(r, w, &s, 400, "Empfangsbestätigung ungültig",
                              t ? t : "Nichts wurde gelöscht.");
    }
    buf_free(&err);
    if (rc == ERR_CONFLICT)
        return aseite_meldung(r, w, &s, 409, "Nicht möglich",
                              "Diese Aussonderung wartet auf keine Empfangsbestätigung.");
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    return aseite_weiter(w, &s, "/amt/aussonderung?ok=quittiert");
}

int
amt_protokoll(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct archiv_protokoll_row *p = NULL;
    struct archiv_pruefung pr = {0};
    struct archiv_protokoll_filter f = {.aktion = http_query(r, "aktion"), .limit = 50};
    const char *cursor = http_query(r, "cursor");
    size_t n = 0;
    if (f.aktion && (!*f.aktion || strlen(f.aktion) > 64))
        f.aktion = NULL;
    if (cursor && str_to_int64(str_from(cursor), 2, INT64_MAX, &f.vor_folge) != ERR_OK)
        f.vor_folge = 0;
    int rc = seite_start(r, w, &s, &f.kette);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    rc = archiv_protokoll(s.c, r->arena, &s.auth.actor, &f, &p, &n, &pr);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    json_t *d = json_object(), *items = json_array();
    if (!d || !items) {
        json_decref(d);
        json_decref(items);
        return ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        char obj[96] = "";
        if (p[i].objekt_typ)
            snprintf(obj, sizeof(obj), "%s %s", p[i].objekt_typ,
                     p[i].objekt_id ? p[i].objekt_id : "");
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "folge", (json_int_t)p[i].folge,
                             "zeit", amt_zeit(r, p[i].zeitpunkt), "aktion", p[i].aktion, "objekt",
                             obj, "detail", p[i].detail, "konto", (json_int_t)p[i].konto_id));
    }
    json_object_set_new(d, "eintraege", items);
    json_object_set_new(d, "ok", json_boolean(pr.is_ok));
    json_object_set_new(d, "n_eintraege", json_integer(pr.n_zeilen));
    json_object_set_new(d, "bruch_folge", json_integer(pr.bruch_folge));
    json_object_set_new(d, "bruch_id", json_integer(pr.bruch_id));
    json_object_set_new(d, "aktion", json_string(f.aktion ? f.aktion : ""));
    if (n > 0 && (int64_t)n == f.limit && p[n - 1].folge > 1)
        json_object_set_new(d, "weiter", json_integer(p[n - 1].folge));
    return aseite_zeigen(r, w, &s, "amt/archiv_protokoll", "Protokoll", d);
}
