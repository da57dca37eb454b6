/* antrag_postfach: the list of own applications and the mailbox with messages, answers and
 * attachments (see portal/antrag.h). */

#include <string.h>

#include <inttypes.h>
#include <jansson.h>

#include "api/antrag.h"
#include "app.h"
#include "domain/postfach.h"
#include "portal/antrag_intern.h"
#include "store/db.h"

/* ---- own applications and the mailbox ---------------------------------------------- */

int
portal_antraege(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag *list;
    size_t n;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!antrag_seite_angemeldet(&s)) {
        antrag_seite_ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = antrag_liste(s.c, r->arena, &s.auth.actor, &list, &n);
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char zeit[32];
        antrag_zeit_text(list[i].geaendert, zeit);
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)list[i].id, "leistung",
                           list[i].leistung_name, "gemeinde", list[i].gemeinde_name, "status_text",
                           antrag_status_text(list[i].status), "zeit", zeit));
    }
    rc = antrag_seite_zeigen(r, w, &s, "antrag/liste", "Meine Anträge",
                             json_pack("{s:o}", "antraege", arr), 200);
    antrag_seite_ende(&s);
    return rc;
}

int
portal_postfach(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct nachricht *m;
    size_t n;
    int64_t ungelesen = 0;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!antrag_seite_angemeldet(&s)) {
        antrag_seite_ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = postfach_liste(s.c, r->arena, &s.auth.actor, 0, 100, &m, &n, &ungelesen);
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        char zeit[32];
        bool an_buerger = strcmp(m[i].richtung, "an_buerger") == 0;
        antrag_zeit_text(m[i].erstellt, zeit);
        json_array_append_new(
            arr, json_pack("{s:I, s:s, s:s, s:s, s:b, s:b, s:b}", "id", (json_int_t)m[i].id,
                           "betreff", m[i].betreff, "behoerde", m[i].behoerde_name, "zeit", zeit,
                           "ungelesen", an_buerger && m[i].gelesen == 0, "ausgang", !an_buerger,
                           "ist_bescheid", strcmp(m[i].art, "bescheid") == 0));
    }
    rc = antrag_seite_zeigen(
        r, w, &s, "antrag/postfach", "Postfach",
        json_pack("{s:o, s:I}", "nachrichten", arr, "ungelesen", (json_int_t)ungelesen), 200);
    antrag_seite_ende(&s);
    return rc;
}

/* The page of message `id` with its reply form; `fehler` (may be NULL) and the reply text
 * entered are shown again after a refused reply. */
static int
nachricht_seite(struct http_req *r, struct http_resp *w, struct seite *s, int64_t id,
                const struct feld_fehler *fehler, const char *eingabe, int status)
{
    struct nachricht m;
    int rc = postfach_nachricht(s->c, r->arena, &s->u, &s->auth.actor, id, &m);
    if (rc != ERR_OK)
        return antrag_seite_fehlerseite(r, w, s, rc);
    char zeit[32];
    antrag_zeit_text(m.erstellt, zeit);
    json_t *al = json_array();
    for (size_t i = 0; al && i < m.n_anlagen; i++)
        json_array_append_new(al, json_pack("{s:s, s:s, s:I}", "sha256", m.anlagen[i].sha256,
                                            "dateiname", m.anlagen[i].dateiname, "nachricht_id",
                                            (json_int_t)m.id));
    const char *pdf =
        m.antrag_id && strcmp(m.art, "eingangsbestaetigung") == 0
            ? arena_printf(r->arena, "/antrag/%" PRId64 "/eingangsbestaetigung.pdf", m.antrag_id)
            : NULL;
    /* a reply is possible to a message about a submitted application of one's own */
    const char *ziel_betreff = NULL;
    int64_t antrag_id = 0;
    bool antworten =
        !s->auth.actor.is_read_only && postfach_antwort_ziel(s->c, r->arena, &s->auth.actor, id,
                                                             &antrag_id, &ziel_betreff) == ERR_OK;
    const char *antwort_url =
        antworten ? arena_printf(r->arena, "/postfach/%" PRId64 "/antwort", id) : NULL;
    json_t *fl = NULL;
    if (fehler && fehler->text)
        fl = json_pack("[{s:s, s:s}]", "href",
                       strcmp(fehler->feld ? fehler->feld : "", "datei") == 0 ? "#f-datei"
                                                                              : "#f-text",
                       "text", fehler->text);
    json_t *d = json_pack(
        "{s:s?, s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:s?, s:s?, s:o, s:b, s:b, s:i}", "pdf_url", pdf,
        "betreff", m.betreff, "text", m.text, "behoerde", m.behoerde_name, "zeit", zeit, "ausgang",
        strcmp(m.richtung, "an_behoerde") == 0, "anlagen", al, "antrag_id",
        m.antrag_id ? json_integer(m.antrag_id) : json_null(), "antwort_url", antwort_url,
        "eingabe", eingabe, "fehlerliste", fl ? fl : json_null(), "text_fehler",
        fehler && fehler->text && strcmp(fehler->feld ? fehler->feld : "", "datei") != 0,
        "datei_fehler",
        fehler && fehler->text && strcmp(fehler->feld ? fehler->feld : "", "datei") == 0,
        "max_dateien", POSTFACH_MAX_DATEIEN);
    return antrag_seite_zeigen(r, w, s, "antrag/nachricht", m.betreff, d, status);
}

int
portal_postfach_nachricht(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t id;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (!antrag_seite_angemeldet(&s)) {
        antrag_seite_ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = nachricht_seite(r, w, &s, id, NULL, NULL, 200);
    return antrag_seite_abbruch(w, &s, rc);
}

/* POST /postfach/{id}/antwort: the citizen's reply, with files (multipart/form-data). */
int
portal_postfach_antwort(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct feld_fehler ff = {0};
    struct nachricht_datei dateien[POSTFACH_MAX_DATEIEN + 1];
    size_t n_dateien = 0;
    const char *betreff = NULL;
    int64_t id, antrag_id = 0, mid = 0;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    if (!antrag_seite_angemeldet(&s)) {
        antrag_seite_ende(&s);
        return http_resp_redirect(w, "/konto/anmelden");
    }
    rc = postfach_antwort_ziel(s.c, r->arena, &s.auth.actor, id, &antrag_id, &betreff);
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    for (size_t i = 0; i < s.n_dateien; i++) {
        const struct multipart_teil *t = &s.dateien[i];
        if (t->len == 0 && (!t->dateiname || !*t->dateiname))
            continue; /* the empty file input of a form sent without a file */
        if (n_dateien == POSTFACH_MAX_DATEIEN) {
            n_dateien++; /* too many: the domain says so */
            break;
        }
        dateien[n_dateien++] = (struct nachricht_datei){t->dateiname, t->daten, t->len};
    }
    const char *text = antrag_seite_feld(&s, "text");
    rc = postfach_schreiben(s.c, r->arena, &s.u, r->app->einreichung, &s.auth.actor, antrag_id,
                            betreff, text ? text : "", dateien,
                            n_dateien > POSTFACH_MAX_DATEIEN ? POSTFACH_MAX_DATEIEN + 1 : n_dateien,
                            &mid, &ff);
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        rc = nachricht_seite(r, w, &s, id, &ff, text, rc == ERR_LIMIT ? 413 : 422);
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    antrag_seite_ende(&s);
    const char *ziel = arena_printf(r->arena, "/postfach/%" PRId64, mid);
    return ziel ? http_resp_redirect(w, ziel) : ERR_NOMEM;
}

int
portal_postfach_anlage(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct anlage al;
    const void *p;
    size_t len;
    int64_t id;
    const char *sha = http_param(r, "sha256");
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK || !sha || strlen(sha) != 64)
        return ERR_NOTFOUND;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = postfach_anlage(s.c, r->arena, &s.auth.actor, id, sha, &al, &p, &len);
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    antrag_seite_ende(&s);
    return api_antrag_datei(r, w, al.typ, al.dateiname, p, len);
}
