/* antrag_schritt: the steps of an application's form — showing a step, saving its answers,
 * uploads and repeatable groups (see portal/antrag.h). */

#include <stdio.h>
#include <string.h>

#include <inttypes.h>
#include <jansson.h>

#include "app.h"
#include "portal/antrag_formular.h"
#include "portal/antrag_intern.h"
#include "store/db.h"

/* ---- the steps ----------------------------------------------------------------------- */

/* Render step `n` of application `an` with answers `daten` (borrowed) and errors. */
static int
schritt_zeigen(struct http_req *r, struct http_resp *w, struct seite *s, const struct antrag *an,
               const struct formular *f, size_t n, const json_t *daten,
               const struct formular_fehler *fe, size_t n_fe, bool gespeichert, int status)
{
    struct anlage *al = NULL;
    size_t n_al = 0;
    int rc = antrag_anlagen(s->c, r->arena, &s->z, an->id, &al, &n_al);
    if (rc != ERR_OK)
        return rc;
    json_t *anlagen = antrag_seite_anlagen_json(al, n_al);
    json_t *felder =
        anlagen ? antrag_felder_ansicht(r->arena, f, n, daten, anlagen, fe, n_fe) : NULL;
    json_decref(anlagen);
    const char *fort = NULL, *fort_text = NULL;
    if (s->k && an->konto_id == 0) {
        fort = antrag_seite_url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id, (long)n);
        fort_text =
            s->u.basis_url && fort ? arena_printf(r->arena, "%s%s", s->u.basis_url, fort) : fort;
    }
    const struct formular_schritt *st = &f->schritte[n];
    json_t *d = json_pack(
        "{s:o, s:o, s:s, s:I, s:I, s:s, s:s?, s:s, s:b, s:b, s:b, s:s?, s:s?, s:I}", "felder",
        felder, "fehlerliste", antrag_seite_fehlerliste(r, s, f, an->id, fe, n_fe, false),
        "leistung_name", an->leistung_name, "nummer", (json_int_t)(n + 1), "anzahl_schritte",
        (json_int_t)f->n_schritte, "schritt_titel", st->titel, "schritt_hilfe", st->hilfe,
        "aktion_url", antrag_seite_url(r, s, "/antrag/%" PRId64 "/schritt/%ld", an->id, (long)n),
        "hat_zurueck", n > 0, "letzter", n + 1 == f->n_schritte, "gespeichert", gespeichert,
        "fortsetzen", fort, "fortsetzen_text", fort_text, "antrag_id", (json_int_t)an->id);
    char titel[256];
    snprintf(titel, sizeof(titel), "%s – %s%s", st->titel, an->leistung_name,
             n_fe ? " (Fehler)" : "");
    return antrag_seite_zeigen(r, w, s, "antrag/schritt", titel, d, status);
}

/* Read the application and its form, and check the step number. */
int
antrag_seite_laden(struct http_req *r, struct seite *s, int64_t id, struct antrag *an,
                   struct formular **f)
{
    int rc = antrag_get(s->c, r->arena, &s->z, id, an);
    if (rc == ERR_OK)
        rc = antrag_formular(s->c, r->arena, an, f);
    return rc;
}

int
portal_antrag_schritt(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    json_t *daten = NULL;
    int64_t id, n;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK ||
        str_to_int64(str_from(http_param(r, "n")), 0, FORMULAR_MAX_SCHRITTE, &n) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    rc = antrag_seite_laden(r, &s, id, &an, &f);
    if (rc == ERR_OK && (size_t)n >= f->n_schritte)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (strcmp(an.status, "entwurf") != 0) {
        antrag_seite_ende(&s);
        const char *z = antrag_seite_url(r, &s, "/antrag/%" PRId64 "", id);
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    rc = antrag_daten(s.c, r->arena, &s.z, id, &daten);
    if (rc == ERR_OK)
        rc = schritt_zeigen(r, w, &s, &an, f, (size_t)n, daten, NULL, 0,
                            http_query(r, "gespeichert") != NULL, 200);
    json_decref(daten);
    antrag_seite_ende(&s);
    return rc;
}

/* Upload the files of a posted step; each becomes a pair (its field path, its SHA-256) in
 * `paare`, each failure an error. */
static int
hochladen(struct http_req *r, struct seite *s, const struct antrag *an, const struct formular *f,
          size_t n, struct http_kv *paare, size_t *n_paare, struct formular_fehler *fe,
          size_t *n_fe)
{
    for (size_t i = 0; i < s->n_dateien; i++) {
        const struct multipart_teil *t = &s->dateien[i];
        if (t->len == 0 && (!t->dateiname || !*t->dateiname))
            continue; /* the browser's empty file input */
        const struct formular_feld *df = antrag_datei_feld(f, n, t->name);
        char *pointer = arena_printf(r->arena, "/%s", t->name);
        char *hid = arena_printf(r->arena, "f-%s", t->name);
        if (!pointer || !hid)
            return ERR_NOMEM;
        for (char *q = pointer; *q; q++)
            if (*q == '.')
                *q = '/';
        for (char *q = hid; *q; q++)
            if (*q == '.')
                *q = '-';
        struct anlage al;
        struct feld_fehler ff = {0};
        int rc =
            df ? antrag_anlage_hinzufuegen(s->c, r->arena, &s->u, r->app->einreichung, &s->z,
                                           an->id, df->id, t->dateiname, t->daten, t->len, &al, &ff)
               : ERR_INVALID;
        if (rc == ERR_OK) {
            char *sha = arena_strdup(r->arena, al.sha256);
            if (!sha)
                return ERR_NOMEM;
            paare[(*n_paare)++] = (struct http_kv){t->name, sha, strlen(sha)};
            continue;
        }
        if (rc != ERR_INVALID && rc != ERR_LIMIT)
            return rc;
        const char *text = arena_printf(r->arena, "„%s“: %s", df ? df->label : "Datei",
                                        ff.text ? ff.text
                                                : "Die Datei kann hier nicht "
                                                  "hochgeladen werden.");
        if (!text)
            return ERR_NOMEM;
        fe[(*n_fe)++] = (struct formular_fehler){pointer, hid, df ? df->label : NULL, text};
    }
    return ERR_OK;
}

int
portal_antrag_schritt_senden(struct http_req *r, struct http_resp *w)
{
    struct seite s;
    struct antrag an;
    struct formular *f;
    json_t *eingabe = NULL, *anzeige = NULL;
    struct formular_fehler *fe = NULL, *hoch = NULL;
    size_t n_fe = 0, n_hoch = 0;
    int64_t id, n;
    if (antrag_seite_id_param(r, "id", &id) != ERR_OK ||
        str_to_int64(str_from(http_param(r, "n")), 0, FORMULAR_MAX_SCHRITTE, &n) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = antrag_seite_post_beginn(r, w, &s);
    if (rc != ERR_OK)
        return antrag_seite_abbruch(w, &s, rc);
    rc = antrag_seite_laden(r, &s, id, &an, &f);
    if (rc == ERR_OK && (size_t)n >= f->n_schritte)
        rc = ERR_NOTFOUND;
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        return antrag_seite_abbruch(w, &s, rc);
    }
    if (strcmp(an.status, "entwurf") != 0) {
        antrag_seite_ende(&s);
        const char *z = antrag_seite_url(r, &s, "/antrag/%" PRId64 "", id);
        return z ? http_resp_redirect(w, z) : ERR_NOMEM;
    }
    /* files first: each upload is stored at once; the form then names it */
    struct http_kv *paare = arena_alloc(r->arena, (s.n_form + s.n_dateien + 1) * sizeof(*paare));
    hoch = arena_alloc(r->arena, (s.n_dateien + 1) * sizeof(*hoch));
    if (!paare || !hoch) {
        antrag_seite_ende(&s);
        return ERR_NOMEM;
    }
    memcpy(paare, s.form, s.n_form * sizeof(*paare));
    size_t n_paare = s.n_form;
    rc = hochladen(r, &s, &an, f, (size_t)n, paare, &n_paare, hoch, &n_hoch);
    if (rc == ERR_OK)
        rc = antrag_formular_lesen(r->arena, f, (size_t)n, paare, n_paare, &eingabe);
    if (rc != ERR_OK)
        goto out;
    const char *aktion = antrag_seite_feld(&s, "aktion");
    if (!aktion)
        aktion = "weiter";
    bool gruppe = strncmp(aktion, "neu:", 4) == 0 || strncmp(aktion, "weg:", 4) == 0;
    if (gruppe)
        RH_IGNORE(antrag_gruppe_aendern(f, (size_t)n, eingabe, aktion)); /* a stale button: no-op */
    bool weiter = strcmp(aktion, "weiter") == 0 && n_hoch == 0;
    rc =
        antrag_daten_speichern(s.c, r->arena, &s.u, &s.z, id, eingabe, true,
                               weiter ? FORMULAR_SCHRITT : FORMULAR_ENTWURF, (size_t)n, &fe, &n_fe);
    if (rc == ERR_INVALID || rc == ERR_LIMIT || n_hoch > 0) {
        /* show the page again with what was typed and every error */
        struct formular_fehler *alle = arena_alloc(r->arena, (n_fe + n_hoch + 1) * sizeof(*alle));
        if (!alle) {
            rc = ERR_NOMEM;
            goto out;
        }
        memcpy(alle, hoch, n_hoch * sizeof(*alle));
        if (rc == ERR_INVALID || rc == ERR_LIMIT)
            memcpy(alle + n_hoch, fe, n_fe * sizeof(*alle));
        else
            n_fe = 0;
        rc = antrag_daten(s.c, r->arena, &s.z, id, &anzeige);
        if (rc != ERR_OK)
            goto out;
        const char *key;
        json_t *v;
        json_object_foreach(eingabe, key, v)
        {
            if (json_object_set(anzeige, key, v) != 0)
                rc = ERR_NOMEM;
        }
        if (rc == ERR_OK)
            rc = schritt_zeigen(r, w, &s, &an, f, (size_t)n, anzeige, alle, n_hoch + n_fe, false,
                                422);
        goto out;
    }
    if (rc == ERR_CONFLICT) {
        const char *z = antrag_seite_url(r, &s, "/antrag/%" PRId64 "", id);
        rc = z ? http_resp_redirect(w, z) : ERR_NOMEM;
        goto out;
    }
    if (rc != ERR_OK) {
        rc = antrag_seite_fehlerseite(r, w, &s, rc);
        goto out;
    }
    const char *ziel;
    if (gruppe) {
        const char *u = antrag_seite_url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)n);
        const char *pfad = aktion + 4, *dot = strrchr(pfad, '.');
        /* back to the group: its fieldset's id */
        size_t len = strncmp(aktion, "weg:", 4) == 0 && dot ? (size_t)(dot - pfad) : strlen(pfad);
        char *anker = arena_printf(r->arena, "f-%.*s", (int)len, pfad);
        for (char *q = anker; q && *q; q++)
            if (*q == '.')
                *q = '-';
        ziel = u && anker ? arena_printf(r->arena, "%s#%s", u, anker) : NULL;
    } else if (strcmp(aktion, "zurueck") == 0) {
        ziel = antrag_seite_url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id,
                                (long)(n > 0 ? n - 1 : 0));
    } else if (strcmp(aktion, "speichern") == 0) {
        const char *u = antrag_seite_url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)n);
        ziel = u ? arena_printf(r->arena, "%s%sgespeichert=1", u, s.k ? "&" : "?") : NULL;
    } else if ((size_t)n + 1 < f->n_schritte) {
        ziel = antrag_seite_url(r, &s, "/antrag/%" PRId64 "/schritt/%ld", id, (long)(n + 1));
    } else {
        ziel = antrag_seite_url(r, &s, "/antrag/%" PRId64 "/pruefen", id);
    }
    rc = ziel ? http_resp_redirect(w, ziel) : ERR_NOMEM;
out:
    json_decref(anzeige);
    json_decref(eingabe);
    antrag_seite_ende(&s);
    return w->status ? ERR_OK : rc;
}
