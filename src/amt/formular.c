/* The form-definition pages of the Amt face (see amt/formular.h). */
#include "amt/formular.h"

#include <stdio.h>
#include <string.h>

#include <inttypes.h>

#include "amt/amt.h"
#include "app.h"
#include "domain/formular_verwaltung.h"
#include "domain/leistung.h"
#include "http/multipart.h"
#include "portal/antrag_formular.h"
#include "util/str.h"

#define MAX_TEILE  8
#define MAX_ZEILEN 500

const struct route amt_formular_routes[] = {
    {"GET", "/amt/formulare", amt_formulare, ROUTE_PAGE},
    {"POST", "/amt/formulare", amt_formular_hochladen, ROUTE_PAGE},
    {"GET", "/amt/formulare/{id}", amt_formular, ROUTE_PAGE},
    {"POST", "/amt/formulare/{id}/veroeffentlichen", amt_formular_veroeffentlichen, ROUTE_PAGE},
    {"POST", "/amt/formulare/{id}/zurueckziehen", amt_formular_zurueckziehen, ROUTE_PAGE},
    {0, 0, 0, 0},
};

static const char *
status_text(const char *s)
{
    return strcmp(s, "veroeffentlicht") == 0  ? "Veröffentlicht"
           : strcmp(s, "zurueckgezogen") == 0 ? "Zurückgezogen"
                                              : "Entwurf";
}

/* The authority whose forms the caller manages: ?behoerde=ID, else that of its first admin
 * role, else of any role (the domain then says 403), else 0. */
static int64_t
behoerde_von(struct http_req *r, const struct actor *who)
{
    int64_t id = 0;
    const char *q = http_query(r, "behoerde");
    if (q && str_to_int64(str_from(q), 1, INT64_MAX, &id) == ERR_OK)
        return id;
    for (size_t i = 0; i < who->n_rollen; i++)
        if (who->rollen[i].rolle == ROLLE_BEHOERDENADMIN && who->rollen[i].behoerde_id > 0)
            return who->rollen[i].behoerde_id;
    for (size_t i = 0; i < who->n_rollen; i++)
        if (who->rollen[i].behoerde_id > 0)
            return who->rollen[i].behoerde_id;
    return 0;
}

static int
id_param(struct http_req *r, int64_t *out)
{
    return str_to_int64(str_from(http_param(r, "id")), 1, INT64_MAX, out);
}

/* ---- the list, with the upload form ---------------------------------------------------- */

/* Render the list of authority `behoerde_id`; `fehler` (may be NULL) are the errors of a
 * refused upload, shown above the form with their JSONPath. */
static int
liste_zeigen(struct http_req *r, struct http_resp *w, struct aseite *s, int64_t behoerde_id,
             const struct formular_fehler *fehler, size_t n_fehler, int status)
{
    struct formular_zeile *z;
    size_t n;
    const char *leistung = http_query(r, "leistung"), *st = http_query(r, "status");
    if (leistung && (!*leistung || !leistung_is_id(leistung)))
        leistung = NULL;
    if (st && strcmp(st, "entwurf") != 0 && strcmp(st, "veroeffentlicht") != 0 &&
        strcmp(st, "zurueckgezogen") != 0)
        st = NULL;
    int rc = formular_liste(s->c, r->arena, &s->auth.actor, behoerde_id, leistung, &z, &n);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, s, rc);
    json_t *zeilen = json_array(), *fl = json_array();
    for (size_t i = 0; zeilen && i < n && i < MAX_ZEILEN; i++) {
        if (st && strcmp(z[i].status, st) != 0)
            continue;
        json_array_append_new(
            zeilen, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:b}", "id", (json_int_t)z[i].id,
                              "leistung", z[i].leistung_id, "titel", z[i].titel, "version",
                              (json_int_t)z[i].version, "status", z[i].status, "status_text",
                              status_text(z[i].status), "erstellt", amt_datum(r, z[i].erstellt),
                              "land", z[i].behoerde_id == 0));
    }
    for (size_t i = 0; fl && i < n_fehler; i++)
        json_array_append_new(fl,
                              json_pack("{s:s, s:s}", "pfad", fehler[i].pfad ? fehler[i].pfad : "$",
                                        "text", fehler[i].text ? fehler[i].text : ""));
    const char *aktion = arena_printf(r->arena, "/amt/formulare?behoerde=%" PRId64, behoerde_id);
    json_t *d = json_pack("{s:o, s:o, s:b, s:s?, s:s?, s:b, s:b, s:b, s:s?, s:I}", "formulare",
                          zeilen ? zeilen : json_array(), "fehler", fl ? fl : json_array(),
                          "hat_fehler", n_fehler > 0, "leistung", leistung, "status", st,
                          "st_entwurf", st && strcmp(st, "entwurf") == 0, "st_veroeffentlicht",
                          st && strcmp(st, "veroeffentlicht") == 0, "st_zurueckgezogen",
                          st && strcmp(st, "zurueckgezogen") == 0, "aktion", aktion, "behoerde",
                          (json_int_t)behoerde_id);
    rc = aseite_zeigen(r, w, s, "amt/formular_liste", "Formulare", d);
    if (rc == ERR_OK)
        w->status = status;
    return rc;
}

int
amt_formulare(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    return liste_zeigen(r, w, &s, behoerde_von(r, &s.auth.actor), NULL, 0, 200);
}

int
amt_formular_hochladen(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct multipart_teil *t = NULL;
    size_t n = 0;
    const char *grund = NULL, *csrf = NULL;
    const struct multipart_teil *datei = NULL;
    bool veroeffentlichen = false;
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    const char *b = multipart_boundary(r->arena, http_header(r, "Content-Type"));
    rc = b ? multipart_parse(r->arena, b, r->body, r->body_len, MAX_TEILE, &t, &n, &grund)
           : ERR_INVALID;
    if (rc == ERR_NOMEM) {
        aseite_ende(&s);
        return rc;
    }
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (strcmp(t[i].name, "csrf") == 0 && !t[i].dateiname)
            csrf = arena_strndup(r->arena, t[i].daten, t[i].len);
        else if (strcmp(t[i].name, "datei") == 0 && !datei)
            datei = &t[i];
        else if (strcmp(t[i].name, "veroeffentlichen") == 0)
            veroeffentlichen = true;
    }
    /* the token first: without it nothing is looked at */
    rc = aseite_csrf(r, w, &s, rc == ERR_OK ? csrf : NULL);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    int64_t behoerde_id = behoerde_von(r, &s.auth.actor);
    /* authorization before the content: a caller without the right learns nothing from it */
    rc = formular_darf_verwalten(&s.auth.actor, behoerde_id);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    if (!datei || datei->len == 0) {
        struct formular_fehler fe = {.pfad = "$",
                                     .text = "Bitte wählen Sie eine Datei mit der "
                                             "Formulardefinition (JSON) aus."};
        return liste_zeigen(r, w, &s, behoerde_id, &fe, 1, 422);
    }
    struct formular_zeile z;
    struct formular_fehler *fe = NULL;
    size_t n_fe = 0;
    rc = formular_importieren(s.c, r->arena, &s.u, &s.auth.actor, behoerde_id, datei->daten,
                              datei->len, veroeffentlichen, &z, &fe, &n_fe);
    if ((rc == ERR_INVALID || rc == ERR_LIMIT || rc == ERR_NOTFOUND) && n_fe > 0)
        return liste_zeigen(r, w, &s, behoerde_id, fe, n_fe, 422);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    const char *ort = arena_printf(r->arena, "/amt/formulare/%" PRId64, z.id);
    return ort ? aseite_weiter(w, &s, ort) : ERR_NOMEM;
}

/* ---- preview and changes --------------------------------------------------------------- */

/* One field of a definition, flattened for the comparison of two versions. */
struct flach {
    const char *pfad, *label, *beschreibung;
};

struct flachliste {
    struct arena *a;
    struct flach *items;
    size_t n, cap;
};

static int
flach_add(struct flachliste *l, const char *pfad, const struct formular_feld *f)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        struct flach *ni = arena_alloc(l->a, cap * sizeof(*ni));
        if (!ni)
            return ERR_NOMEM;
        if (l->n)
            memcpy(ni, l->items, l->n * sizeof(*ni));
        l->items = ni;
        l->cap = cap;
    }
    /* what a person filling it in would notice: type, label, required, help, choices */
    struct buf b = BUF_INIT(8192);
    int rc = buf_printf(
        &b, "%s, %s%s%s", formular_typ_name(f->typ),
        f->is_pflicht ? "Pflicht" : (f->pflicht_wenn ? "Pflicht unter Bedingung" : "freiwillig"),
        f->sichtbar_wenn ? ", nur unter Bedingung sichtbar" : "",
        f->hilfe ? ", mit Hilfetext" : "");
    for (size_t i = 0; rc == ERR_OK && i < f->n_optionen; i++)
        rc = buf_printf(&b, "%s%s", i ? "/" : "; Optionen: ", f->optionen[i].wert);
    const char *besch = rc == ERR_OK ? arena_strdup(l->a, buf_cstr(&b)) : NULL;
    buf_free(&b);
    if (!besch)
        return rc == ERR_OK ? ERR_NOMEM : rc;
    l->items[l->n++] = (struct flach){pfad, f->label, besch};
    return ERR_OK;
}

static int
flach(struct flachliste *l, const char *prefix, const struct formular_feld *felder, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *pfad = arena_printf(l->a, "%s/%s", prefix, felder[i].id);
        if (!pfad)
            return ERR_NOMEM;
        int rc = flach_add(l, pfad, &felder[i]);
        if (rc == ERR_OK && felder[i].typ == FORMULAR_GRUPPE)
            rc = flach(l, pfad, felder[i].felder, felder[i].n_felder);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

static const struct flach *
finden(const struct flachliste *l, const char *pfad)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].pfad, pfad) == 0)
            return &l->items[i];
    return NULL;
}

/* What changed from `alt` to `neu`: {"hinzugefuegt", "entfernt", "geaendert"} as lists of
 * {pfad, label[, vorher, nachher]}. New reference; NULL on no memory. */
static json_t *
aenderungen(struct arena *a, const struct formular *alt, const struct formular *neu)
{
    struct flachliste la = {.a = a}, ln = {.a = a};
    if (flach(&la, "", alt->felder, alt->n_felder) != ERR_OK ||
        flach(&ln, "", neu->felder, neu->n_felder) != ERR_OK)
        return NULL;
    json_t *plus = json_array(), *minus = json_array(), *anders = json_array();
    for (size_t i = 0; plus && anders && i < ln.n; i++) {
        const struct flach *x = finden(&la, ln.items[i].pfad);
        if (!x)
            json_array_append_new(plus, json_pack("{s:s, s:s}", "pfad", ln.items[i].pfad, "label",
                                                  ln.items[i].label));
        else if (strcmp(x->label, ln.items[i].label) != 0 ||
                 strcmp(x->beschreibung, ln.items[i].beschreibung) != 0)
            json_array_append_new(
                anders, json_pack("{s:s, s:s, s:s, s:s, s:s}", "pfad", ln.items[i].pfad, "label",
                                  ln.items[i].label, "label_vorher", x->label, "vorher",
                                  x->beschreibung, "nachher", ln.items[i].beschreibung));
    }
    for (size_t i = 0; minus && i < la.n; i++)
        if (!finden(&ln, la.items[i].pfad))
            json_array_append_new(minus, json_pack("{s:s, s:s}", "pfad", la.items[i].pfad, "label",
                                                   la.items[i].label));
    if (!plus || !minus || !anders) {
        json_decref(plus);
        json_decref(minus);
        json_decref(anders);
        return NULL;
    }
    return json_pack("{s:o, s:o, s:o, s:b}", "hinzugefuegt", plus, "entfernt", minus, "geaendert",
                     anders, "gleich",
                     json_array_size(plus) + json_array_size(minus) + json_array_size(anders) == 0);
}

/* The previous version of the same Leistung and authority as `z`, parsed; NULL when none. */
static int
vorgaenger(struct http_req *r, struct aseite *s, const struct formular_zeile *z,
           struct formular_zeile *vz, struct formular **vf)
{
    struct formular_zeile *alle;
    size_t n;
    const struct formular_zeile *best = NULL;
    *vf = NULL;
    int rc = z->behoerde_id > 0 ? formular_liste(s->c, r->arena, &s->auth.actor, z->behoerde_id,
                                                 z->leistung_id, &alle, &n)
                                : ERR_NOTFOUND;
    if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
        return ERR_OK; /* nothing to compare with */
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        if (strcmp(alle[i].leistung_id, z->leistung_id) == 0 && alle[i].version < z->version &&
            (!best || alle[i].version > best->version))
            best = &alle[i];
    if (rc != ERR_OK || !best)
        return rc;
    struct formular_fehler *fe;
    size_t n_fe;
    /* the list leaves out the definitions: read the whole row */
    rc = formular_zeile_get(s->c, r->arena, &s->auth.actor, best->id, vz);
    if (rc == ERR_OK && vz->definition)
        rc = formular_parse(r->arena, vz->definition, strlen(vz->definition), vf, &fe, &n_fe);
    else if (rc == ERR_NOTFOUND || rc == ERR_FORBIDDEN)
        rc = ERR_OK;
    if (rc == ERR_INVALID || rc == ERR_LIMIT) {
        *vf = NULL; /* a stored definition always parses; if not, show no comparison */
        rc = ERR_OK;
    }
    return rc;
}

int
amt_formular(struct http_req *r, struct http_resp *w)
{
    struct aseite s;
    struct formular_zeile z, vz = {0};
    struct formular *f, *vf = NULL;
    int64_t id;
    if (id_param(r, &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = aseite_beginn(r, &s);
    if (rc != ERR_OK)
        return rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    /* staff only: a citizen's account does not preview authorities' forms */
    if (s.auth.actor.n_rollen == 0 || actor_has_rolle(&s.auth.actor, ROLLE_BUERGER))
        return aseite_fehler(r, w, &s, ERR_FORBIDDEN);
    rc = formular_zeile_get(s.c, r->arena, &s.auth.actor, id, &z);
    if (rc == ERR_OK) {
        struct formular_fehler *fe;
        size_t n_fe;
        rc = formular_parse(r->arena, z.definition, strlen(z.definition), &f, &fe, &n_fe);
        if (rc == ERR_INVALID || rc == ERR_LIMIT)
            rc = ERR_DB;
    }
    if (rc == ERR_OK)
        rc = vorgaenger(r, &s, &z, &vz, &vf);
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    /* every step rendered as the portal renders it, empty and read-only */
    json_t *leer = json_object(), *keine = json_array(), *schritte = json_array();
    for (size_t i = 0; leer && keine && schritte && i < f->n_schritte; i++) {
        json_t *felder = antrag_felder_ansicht(r->arena, f, i, leer, keine, NULL, 0);
        if (!felder ||
            json_array_append_new(schritte,
                                  json_pack("{s:I, s:s, s:s?, s:o}", "nummer", (json_int_t)(i + 1),
                                            "titel", f->schritte[i].titel, "hilfe",
                                            f->schritte[i].hilfe, "felder", felder)) != 0) {
            json_decref(schritte);
            schritte = NULL;
        }
    }
    json_decref(leer);
    json_decref(keine);
    json_t *diff = vf ? aenderungen(r->arena, vf, f) : NULL;
    bool eigen = z.behoerde_id > 0;
    const char *basis = arena_printf(r->arena, "/amt/formulare/%" PRId64, z.id);
    json_t *d =
        schritte && basis
            ? json_pack("{s:I, s:s, s:s, s:s?, s:I, s:s, s:s, s:s, s:s, s:s?, s:o, s:b, s:b, "
                        "s:b, s:s, s:o, s:o}",
                        "id", (json_int_t)z.id, "titel", f->titel, "leistung", z.leistung_id,
                        "beschreibung", f->beschreibung, "version", (json_int_t)z.version, "status",
                        z.status, "status_text", status_text(z.status), "sha256", z.sha256,
                        "erstellt", amt_zeit(r, z.erstellt), "veroeffentlicht",
                        z.veroeffentlicht ? amt_zeit(r, z.veroeffentlicht) : NULL, "schritte",
                        schritte, "land", !eigen, "kann_veroeffentlichen",
                        eigen && strcmp(z.status, "entwurf") == 0, "kann_zurueckziehen",
                        eigen && strcmp(z.status, "zurueckgezogen") != 0, "basis", basis,
                        "aenderungen", diff ? diff : json_null(), "vorversion",
                        vf ? json_integer(vz.version) : json_null())
            : NULL;
    if (!d)
        json_decref(schritte);
    return aseite_zeigen(r, w, &s, "amt/formular_vorschau", f->titel, d);
}

/* ---- publish, retire ------------------------------------------------------------------- */

static int
status_post(struct http_req *r, struct http_resp *w, bool veroeffentlichen)
{
    struct aseite s;
    int64_t id;
    if (id_param(r, &id) != ERR_OK)
        return ERR_NOTFOUND;
    int rc = aseite_post(r, w, &s);
    if (rc != ERR_OK)
        return w->status ? ERR_OK : rc;
    if (s.auth.actor.konto_id <= 0)
        return aseite_fehler(r, w, &s, ERR_UNAUTHORIZED);
    rc = veroeffentlichen ? formular_veroeffentlichen(s.c, &s.u, &s.auth.actor, id)
                          : formular_zurueckziehen(s.c, &s.u, &s.auth.actor, id);
    if (rc == ERR_CONFLICT)
        return aseite_meldung(r, w, &s, 409, "Nicht möglich",
                              "Ein zurückgezogenes Formular kann nicht wieder veröffentlicht "
                              "werden. Laden Sie es als neue Version hoch.");
    if (rc != ERR_OK)
        return aseite_fehler(r, w, &s, rc);
    const char *ort = arena_printf(r->arena, "/amt/formulare/%" PRId64, id);
    return ort ? aseite_weiter(w, &s, ort) : ERR_NOMEM;
}

int
amt_formular_veroeffentlichen(struct http_req *r, struct http_resp *w)
{
    return status_post(r, w, true);
}

int
amt_formular_zurueckziehen(struct http_req *r, struct http_resp *w)
{
    return status_post(r, w, false);
}
