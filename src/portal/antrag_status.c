/* antrag_status: the summary to check before sending, submitting, the status page with
 * timeline, the receipt as PDF and the withdrawal (see portal/antrag.h). */

#include <stdio.h>
#include <string.h>

#include <inttypes.h>
#include <jansson.h>

#include "api/antrag.h"
#include "app.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "portal/antrag_formular.h"
#include "portal/antrag_intern.h"
#include "store/db.h"

/* ---- summary and submitting ------------------------------------------------------------ */

static int
pruefen_zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const struct antrag *an,
               const struct formular *f, const struct formular_fehler *fe_extra, size_t n_extra,
               int status)
{
    json_t *daten = NULL, *b = NULL;
    struct anlage *al = NULL;
    struct formular_fehler *fe = NULL;
    size_t n_al = 0, n_fe = 0;
    char heute[11], schluessel[SCHLUESSEL_TEXT_LEN + 1];
    int rc = antrag_daten(s->c, r->arena, &s->z, an->id, &daten);
    if (rc == ERR_OK)
        rc = antrag_anlagen(s->c, r->arena, &s->z, an->id, &al, &n_al);
    antrag_heute(s->u.jetzt, heute);
    if (rc == ERR_OK)
        rc = formular_daten_pruefen(r->arena, f, daten, FORMULAR_VOLLSTAENDIG, 0, heute, &b, &fe,
                                    &n_fe);
    if (rc == ERR_OK)
        rc = schluessel_neu("", schluessel, sizeof(schluessel));
    if (rc != ERR_OK) {
        json_decref(daten);
        json_decref(b);
        return rc;
    }
    if (n_extra > 0) {
        fe = (struct formular_fehler *)fe_extra;
        n_fe = n_extra;
    }
    json_t *anlagen = antrag_seite_anlagen_json(al, n_al);
    json_t *schritte = anlagen ? antrag_zusammenfassung(r->arena, f, b, anlagen) : NULL;
    size_t i;
    json_t *st;
    json_array_foreach(schritte, i, st)
    {
        json_object_set_new(st, "aendern",
                            json_string(antrag_seite_url(r, s, "/antrag/%" PRId64 "/schritt/%ld",
                                                         an->id, (long)i)));
    }
    json_t *d =
        json_pack("{s:o, s:o, s:s, s:s, s:s, s:s, s:s, s:s}", "schritte", schritte, "fehlerliste",
                  antrag_seite_fehlerliste(r, s, f, an->id, fe, n_fe, true), "leistung_name",
                  an->leistung_name, "oe_name", an->oe_name, "behoerde_name", an->behoerde_name,
                  "schluessel", schluessel, "absenden_url",
                  antrag_seite_url(r, s, "/antrag/%" PRId64 "/einreichen", an->id), "zurueck_url",
                  antrag_seite_url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id,
                                   (long)(f->n_schritte - 1)));
    json_decref(anlagen);
    json_decref(daten);
    json_decref(b);
    char titel[256];
    snprintf(titel, sizeof(titel), "Angaben prüfen – %s", an->leistung_name);
    return antrag_seite_zeigen(r, w, s, "antrag/pruefen", titel, d, status);
}

int
portal_antrag_pruefen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    int64_t id;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = antrag_seite_laden(r, &s, id, &an, &f);
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (strcmp(an.status, "entwurf") != 0) {
        antrag_seite_ende(&s);
        const char *z = antrag_seite_url(r, &s, "/antrag/%" PRId64 "", id);
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    rc = pruefen_zeigen(r, w, &s, &an, f, NULL, 0, 200);
    antrag_seite_ende(&s);
    return rc;
}

int
portal_antrag_einreichen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    struct eingangsbestaetigung eb;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    bool wdh = false;
    int64_t id;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    const char *schluessel = antrag_seite_feld(&s, "schluessel");
    if (schluessel && (!*schluessel || strlen(schluessel) > ANTRAG_IDEM_MAX))
        schluessel = NULL;
    /* hold no connection while the submission waits for its commit */
    antrag_seite_ende(&s);
    rc = antrag_einreichen(r->app->db, r->arena, &s.u, r->app->einreichung, &s.z, id, schluessel,
                           &eb, &wdh, &fe, &n_fe);
    if (rc == ERR_OK || rc == ERR_CONFLICT) {
        /* submitted now, before (a repeat), or not a draft any more: the status page */
        const char *u = antrag_seite_url(r, &s, "/antrag/%" PRId64 "", id);
        const char *z =
            u && rc == ERR_OK ? arena_printf(r->arena, "%s%seingereicht=1", u, s.k ? "&" : "?") : u;
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    int wr;
    if ((wr = db_acquire(r->app->db, &s.c)) != ERR_OK)
        return wr;
    if (rc == ERR_INVALID && n_fe > 0 && antrag_seite_laden(r, &s, id, &an, &f) == ERR_OK)
        rc = pruefen_zeigen(r, w, &s, &an, f, fe, n_fe, 422);
    else
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
    return antrag_seite_abbruch(w, &s, rc);
}

/* ---- status, receipt, withdrawal ------------------------------------------------------ */

int
portal_antrag_status(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct antrag_verlauf *v = NULL;
    struct eingangsbestaetigung eb;
    size_t n_v = 0;
    int64_t id;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = antrag_get(s.c, r->arena, &s.z, id, &an);
    if (rc == ERR_OK)
        rc = antrag_verlauf_liste(s.c, r->arena, &s.z, id, &v, &n_v);
    bool has_eb = false;
    if (rc == ERR_OK && an.eingereicht) {
        rc = antrag_eingangsbestaetigung(s.c, r->arena, &s.z, id, &eb);
        has_eb = rc == ERR_OK;
    }
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    json_t *verlauf = json_array();
    for (size_t i = 0; verlauf && i < n_v; i++) {
        char zeit[32];
        antrag_zeit_text(v[i].zeitpunkt, zeit);
        json_array_append_new(verlauf, json_pack("{s:s, s:s, s:s?}", "zeit", zeit, "status_text",
                                                 antrag_status_text(v[i].status), "bemerkung",
                                                 v[i].bemerkung));
    }
    json_t *eingang = json_null();
    if (has_eb) {
        char zeit[32];
        antrag_zeit_text(eb.zeitpunkt, zeit);
        eingang =
            json_pack("{s:s, s:s, s:s}", "nummer", eb.nummer, "zeit", zeit, "sha256", eb.sha256);
    }
    bool offen = strcmp(an.status, "eingegangen") == 0 ||
                 strcmp(an.status, "in_bearbeitung") == 0 || strcmp(an.status, "rueckfrage") == 0;
    json_t *d = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:b, s:s, s:s, s:s}", "antrag_id",
        (json_int_t)id, "leistung_name", an.leistung_name, "status_text",
        antrag_status_text(an.status), "oe_name", an.oe_name, "behoerde_name", an.behoerde_name,
        "gemeinde_name", an.gemeinde_name, "verlauf", verlauf, "eingang", eingang, "ist_entwurf",
        strcmp(an.status, "entwurf") == 0, "kann_zurueckziehen", offen, "neu_eingereicht",
        has_eb && http_query(r, "eingereicht") != NULL, "pdf_url",
        antrag_seite_url(r, &s, "/antrag/%" PRId64 "/eingangsbestaetigung.pdf", id), "zurueck_url",
        antrag_seite_url(r, &s, "/antrag/%" PRId64 "/zurueckziehen", id), "fortsetzen_url",
        antrag_seite_url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)an.schritt));
    if (d && http_query(r, "hinweis"))
        json_object_set_new(d, "hinweis",
                            json_string("Bitte bestätigen Sie, dass Sie den Antrag zurückziehen "
                                        "wollen."));
    rc = antrag_seite_zeigen(r, w, &s, "antrag/status", an.leistung_name, d, 200);
    antrag_seite_ende(&s);
    return rc;
}

int
portal_antrag_pdf(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    struct eingangsbestaetigung eb;
    int64_t id;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = antrag_seite_laden(r, &s, id, &an, &f);
    if (rc == ERR_OK)
        rc = antrag_eingangsbestaetigung(s.c, r->arena, &s.z, id, &eb);
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    antrag_seite_ende(&s);
    struct buf pdf = BUF_INIT(16u * 1024 * 1024);
    rc = pdf_eingangsbestaetigung(f, &an, &eb, &pdf);
    if (rc == ERR_OK) {
        char *name = arena_printf(r->arena, "%s.pdf", eb.nummer);
        rc = name ? api_antrag_datei(r, w, "application/pdf", name, pdf.p, pdf.len) : ERR_NOMEM;
    }
    buf_free(&pdf);
    return rc;
}

int
portal_antrag_zurueckziehen(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    int64_t id;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    const char *sicher = antrag_seite_feld(&s, "sicher");
    const char *u = antrag_seite_url(r, &s, "/antrag/%" PRId64 "", id);
    if (!u) {
        antrag_seite_ende(&s);
        return ERR_NOMEM;
    }
    if (!sicher || strcmp(sicher, "ja") != 0) {
        antrag_seite_ende(&s);
        return http_resp_redirect(w, arena_printf(r->arena, "%s%shinweis=1", u, s.k ? "&" : "?"));
    }
    rc = antrag_zurueckziehen(s.c, &s.u, &s.z, id);
    if (rc == ERR_OK || rc == ERR_CONFLICT) {
        antrag_seite_ende(&s);
        return http_resp_redirect(w, u);
    }
    rc = antrag_seite_fehlerseite(r, w, &s, rc);
    return antrag_seite_abbruch(w, &s, rc);
}
