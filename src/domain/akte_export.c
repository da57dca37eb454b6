#include "domain/akte_export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/amt_zugriff.h"
#include "domain/protokoll.h"
#include "formats/zipper.h"
#include "store/antrag.h"
#include "store/archiv.h"
#include "store/db.h"

static json_t *
s_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *
i_or_null(int64_t v)
{
    return v ? json_integer(v) : json_null();
}

/* Append a member; a failed json_* constructor (NULL) marks the build as failed. */
static void
set(json_t *o, const char *k, json_t *v, bool *fail)
{
    if (!v || json_object_set_new(o, k, v) != 0)
        *fail = true;
}

static void
push(json_t *arr, json_t *v, bool *fail)
{
    if (!v || json_array_append_new(arr, v) != 0)
        *fail = true;
}

static json_t *
versionen_json(struct arena *a, const struct archiv_akte *k, int64_t dok_id, bool *fail)
{
    json_t *arr = json_array();
    for (size_t m = 0; arr && m < k->n_versionen; m++) {
        const struct archiv_version *v = &k->versionen[m];
        char safe[120];
        if (v->dokument_id != dok_id)
            continue;
        zipper_safe_name(v->dateiname, safe, sizeof(safe));
        const char *datei = arena_printf(a, "dokumente/%lld/v%lld_%s", (long long)dok_id,
                                         (long long)v->version, safe);
        json_t *o = json_object();
        if (!o || !datei) {
            json_decref(o);
            *fail = true;
            continue;
        }
        set(o, "version", json_integer(v->version), fail);
        set(o, "dateiname", json_string(v->dateiname), fail);
        set(o, "typ", json_string(v->typ), fail);
        set(o, "groesse", json_integer(v->groesse), fail);
        set(o, "sha256", json_string(v->sha256), fail);
        set(o, "erstellt", json_integer(v->erstellt), fail);
        set(o, "konto_id", i_or_null(v->konto_id), fail);
        set(o, "datei", json_string(datei), fail);
        push(arr, o, fail);
    }
    if (!arr)
        *fail = true;
    return arr;
}

static json_t *
vorgang_json(struct arena *a, const struct archiv_akte *k, const struct archiv_vorgang *v,
             bool *fail)
{
    json_t *o = json_object(), *ve = json_array(), *wv = json_array(), *dk = json_array();
    if (!o || !ve || !wv || !dk) {
        json_decref(o);
        json_decref(ve);
        json_decref(wv);
        json_decref(dk);
        *fail = true;
        return NULL;
    }
    set(o, "id", json_integer(v->id), fail);
    set(o, "aktenzeichen", json_string(v->aktenzeichen), fail);
    set(o, "betreff", json_string(v->betreff), fail);
    set(o, "status", json_string(v->status), fail);
    set(o, "leistung_id", s_or_null(v->leistung_id), fail);
    set(o, "antrag_id", i_or_null(v->antrag_id), fail);
    set(o, "erstellt", json_integer(v->erstellt), fail);
    set(o, "geaendert", json_integer(v->geaendert), fail);
    set(o, "zda_zeitpunkt", i_or_null(v->zda_zeitpunkt), fail);
    for (size_t i = 0; i < k->n_vermerke; i++) {
        const struct archiv_vermerk *x = &k->vermerke[i];
        if (x->vorgang_id == v->id)
            push(ve,
                 json_pack("{s:I, s:s, s:o, s:I}", "id", (json_int_t)x->id, "text", x->text,
                           "konto_id", i_or_null(x->konto_id), "erstellt", (json_int_t)x->erstellt),
                 fail);
    }
    for (size_t i = 0; i < k->n_wiedervorlagen; i++) {
        const struct archiv_wiedervorlage *x = &k->wiedervorlagen[i];
        if (x->vorgang_id == v->id)
            push(wv,
                 json_pack("{s:I, s:s, s:s, s:o, s:I, s:o}", "id", (json_int_t)x->id, "datum",
                           x->datum, "grund", x->grund, "konto_id", i_or_null(x->konto_id),
                           "erstellt", (json_int_t)x->erstellt, "erledigt", i_or_null(x->erledigt)),
                 fail);
    }
    for (size_t i = 0; i < k->n_dokumente; i++) {
        const struct archiv_dokument *x = &k->dokumente[i];
        if (x->vorgang_id != v->id)
            continue;
        json_t *d = json_pack("{s:I, s:s, s:s, s:I, s:b, s:I, s:I}", "id", (json_int_t)x->id,
                              "titel", x->titel, "art", x->art, "aktuelle_version",
                              (json_int_t)x->aktuelle_version, "is_final", x->is_final, "erstellt",
                              (json_int_t)x->erstellt, "geaendert", (json_int_t)x->geaendert);
        if (d)
            set(d, "versionen", versionen_json(a, k, x->id, fail), fail);
        push(dk, d, fail);
    }
    set(o, "vermerke", ve, fail);
    set(o, "wiedervorlagen", wv, fail);
    set(o, "dokumente", dk, fail);
    return o;
}

static json_t *
akte_json(struct arena *a, const struct archiv_akte *k, int64_t jetzt, bool *fail)
{
    json_t *root = json_object(), *o = json_object(), *vs = json_array();
    if (!root || !o || !vs) {
        json_decref(root);
        json_decref(o);
        json_decref(vs);
        *fail = true;
        return NULL;
    }
    set(root, "format", json_string("rathaus-akte/1"), fail);
    set(root, "exportiert", json_integer(jetzt), fail);
    set(o, "id", json_integer(k->id), fail);
    set(o, "behoerde_id", json_integer(k->behoerde_id), fail);
    set(o, "behoerde", json_string(k->behoerde_name), fail);
    set(o, "oe_id", json_integer(k->oe_id), fail);
    set(o, "organisationseinheit", s_or_null(k->oe_name), fail);
    set(o, "aktenplan_id", json_integer(k->aktenplan_id), fail);
    set(o, "aktenzeichen", json_string(k->aktenzeichen), fail);
    set(o, "titel", json_string(k->titel), fail);
    set(o, "status", json_string(k->status), fail);
    set(o, "erstellt", json_integer(k->erstellt), fail);
    set(o, "geaendert", json_integer(k->geaendert), fail);
    set(o, "zda_zeitpunkt", i_or_null(k->zda_zeitpunkt), fail);
    set(o, "aufbewahrung_bis", s_or_null(k->aufbewahrung_bis), fail);
    for (size_t i = 0; i < k->n_vorgaenge; i++)
        push(vs, vorgang_json(a, k, &k->vorgaenge[i], fail), fail);
    set(root, "akte", o, fail);
    set(root, "vorgaenge", vs, fail);
    return root;
}

static json_t *
protokoll_json(const struct archiv_protokoll_row *p, size_t n, bool *fail)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o = json_pack(
            "{s:I, s:I, s:I, s:s, s:o, s:o, s:o, s:s, s:s}", "id", (json_int_t)p[i].id, "folge",
            (json_int_t)p[i].folge, "zeitpunkt", (json_int_t)p[i].zeitpunkt, "aktion", p[i].aktion,
            "konto_id", i_or_null(p[i].konto_id), "objekt_typ", s_or_null(p[i].objekt_typ),
            "objekt_id", s_or_null(p[i].objekt_id), "detail", p[i].detail, "hash", p[i].hash);
        push(arr, o, fail);
    }
    if (!arr)
        *fail = true;
    return arr;
}

static int
dump(json_t *doc, struct arena *a, const char **out, size_t *len)
{
    char *s = doc ? json_dumps(doc, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;
    if (!s)
        return ERR_NOMEM;
    *len = strlen(s);
    char *copy = arena_strndup(a, s, *len);
    free(s);
    if (!copy)
        return ERR_LIMIT;
    *out = copy;
    return ERR_OK;
}

struct log_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t behoerde_id, akte_id;
};

static int
log_tx(struct db_conn *c, void *ctx)
{
    struct log_tx *t = ctx;
    char oid[24];
    snprintf(oid, sizeof(oid), "%lld", (long long)t->akte_id);
    struct protokoll_eintrag e = {.behoerde_id = t->behoerde_id,
                                  .konto_id = t->who->konto_id,
                                  .aktion = "akte_exportiert",
                                  .objekt_typ = "akte",
                                  .objekt_id = oid,
                                  .detail = NULL};
    return protokoll_schreiben(c, t->u, &e);
}

int
akte_export_zip(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t akte_id,
                struct buf *zip, char *dateiname)
{
    struct amt_akte_kopf kopf;
    struct archiv_akte k;
    struct archiv_protokoll_row *prot = NULL;
    size_t n_prot = 0, len = 0;
    struct zipper *z = NULL;
    const char *text = NULL;
    bool fail = false;
    char safe[100];
    int rc = amt_akte_zugriff(c, who, akte_id, AUTHZ_AKTE_LESEN, &kopf);
    if (rc != ERR_OK)
        return rc;
    if (strcmp(kopf.status, "ausgesondert") == 0)
        return ERR_CONFLICT;
    struct arena *a = arena_new((size_t)AKTE_EXPORT_MAX + (32u << 20));
    if (!a)
        return ERR_NOMEM;
    rc = store_archiv_akte_laden(c, a, akte_id, &k);
    if (rc == ERR_OK)
        rc = store_archiv_protokoll_akte(c, a, k.behoerde_id, akte_id, &prot, &n_prot);
    if (rc == ERR_OK)
        rc = zipper_new(&z);
    if (rc == ERR_OK) {
        json_t *doc = akte_json(a, &k, u->jetzt, &fail);
        rc = fail ? ERR_NOMEM : dump(doc, a, &text, &len);
        json_decref(doc);
    }
    if (rc == ERR_OK)
        rc = zipper_add(z, "akte.json", text, len);
    if (rc == ERR_OK) {
        json_t *doc = protokoll_json(prot, n_prot, &fail);
        rc = fail ? ERR_NOMEM : dump(doc, a, &text, &len);
        json_decref(doc);
    }
    if (rc == ERR_OK)
        rc = zipper_add(z, "protokoll.json", text, len);
    for (size_t m = 0; rc == ERR_OK && m < k.n_versionen; m++) {
        const struct archiv_version *v = &k.versionen[m];
        const void *p = NULL;
        size_t n = 0;
        zipper_safe_name(v->dateiname, safe, sizeof(safe));
        const char *name = arena_printf(a, "dokumente/%lld/v%lld_%s", (long long)v->dokument_id,
                                        (long long)v->version, safe);
        rc = name ? store_blob_get(c, a, k.behoerde_id, v->sha256, &p, &n) : ERR_LIMIT;
        if (rc == ERR_NOMEM)
            rc = ERR_LIMIT;
        if (rc == ERR_OK)
            rc = zipper_add(z, name, p, n);
    }
    if (rc == ERR_OK) {
        struct log_tx t = {u, who, k.behoerde_id, akte_id};
        rc = db_tx(c, log_tx, &t);
    }
    if (rc == ERR_OK)
        rc = zipper_finish(z, zip);
    if (rc == ERR_OK) {
        zipper_safe_name(k.aktenzeichen, safe, sizeof(safe));
        snprintf(dateiname, 128, "akte-%s.zip", safe);
    }
    zipper_free(z);
    arena_free(a);
    return rc;
}
