#include "domain/formular_verwaltung.h"

#include <stdio.h>
#include <string.h>

#include "domain/leistung.h"
#include "domain/protokoll.h"
#include "domain/schluessel.h"
#include "store/db.h"
#include "store/formular.h"

/* May `who` manage the definitions of authority `behoerde_id` (0: the Land's)? */
static int
darf_verwalten(const struct actor *who, int64_t behoerde_id)
{
    if (behoerde_id <= 0) {
        if (!who || (who->konto_id <= 0 && !who->is_system))
            return ERR_UNAUTHORIZED;
        return who->is_system ? ERR_OK : ERR_FORBIDDEN;
    }
    return authz_check(who, AUTHZ_BEHOERDE_VERWALTEN,
                       &(struct authz_object){.behoerde_id = behoerde_id});
}

int
formular_darf_verwalten(const struct actor *who, int64_t behoerde_id)
{
    return darf_verwalten(who, behoerde_id);
}

static int
protokollieren(struct db_conn *c, const struct umfeld *u, const struct actor *who,
               int64_t behoerde_id, const char *aktion, int64_t id, int64_t version,
               const char *leistung_id)
{
    char oid[32], detail[160];
    snprintf(oid, sizeof(oid), "%lld", (long long)id);
    /* leistung ids are [a-z0-9-] or digits: no escaping needed */
    int k = snprintf(detail, sizeof(detail), "{\"leistung\":\"%s\",\"version\":%lld}", leistung_id,
                     (long long)version);
    if (k < 0 || (size_t)k >= sizeof(detail))
        return ERR_LIMIT;
    struct protokoll_eintrag e = {.behoerde_id = behoerde_id,
                                  .konto_id = who ? who->konto_id : 0,
                                  .aktion = aktion,
                                  .objekt_typ = "formular",
                                  .objekt_id = oid,
                                  .detail = detail};
    return protokoll_schreiben(c, u, &e);
}

struct import_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t behoerde_id;
    const struct formular *f;
    const char *text;
    const char *sha256;
    bool veroeffentlichen;
    int64_t id, version;
    struct arena *a;
    struct formular_zeile *neu; /* NULL, or the stored row read back in the same transaction */
};

static int
import_tx(struct db_conn *c, void *ctx)
{
    struct import_tx *t = ctx;
    int rc = store_formular_insert(c, t->f->leistung_id, t->behoerde_id,
                                   t->veroeffentlichen ? "veroeffentlicht" : "entwurf", t->f->titel,
                                   t->text, t->sha256, t->u->jetzt, &t->id, &t->version);
    if (rc == ERR_OK)
        rc =
            protokollieren(c, t->u, t->who, t->behoerde_id,
                           t->veroeffentlichen ? "formular_veroeffentlicht" : "formular_importiert",
                           t->id, t->version, t->f->leistung_id);
    if (rc == ERR_OK && t->neu)
        rc = store_formular_get(c, t->a, t->id, t->neu);
    return rc;
}

int
formular_importieren(struct db_conn *c, struct arena *a, const struct umfeld *u,
                     const struct actor *who, int64_t behoerde_id, const char *text, size_t len,
                     bool veroeffentlichen, struct formular_zeile *out,
                     struct formular_fehler **fehler, size_t *n_fehler)
{
    struct formular *f = NULL;
    struct leistung l;
    char sha[SCHLUESSEL_HASH_LEN + 1];
    int rc = darf_verwalten(who, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    rc = formular_parse(a, text, len, &f, fehler, n_fehler);
    if (rc != ERR_OK)
        return rc;
    rc = leistung_get(c, a, f->leistung_id, &l);
    if (rc == ERR_NOTFOUND || rc == ERR_INVALID) {
        struct formular_fehler *fe = arena_zalloc(a, sizeof(*fe));
        if (!fe)
            return ERR_NOMEM;
        *fe = (struct formular_fehler){"$.leistung", NULL, NULL,
                                       "Diese Leistung gibt es im Katalog nicht."};
        *fehler = fe;
        *n_fehler = 1;
        return ERR_NOTFOUND;
    }
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(text, len, sha);
    /* the same text as the newest version of this authority's form: nothing new to store */
    struct formular_zeile *rows;
    size_t n_rows;
    rc = store_formular_list(c, a, behoerde_id, f->leistung_id, &rows, &n_rows);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < n_rows; i++) {
        if (rows[i].behoerde_id != behoerde_id)
            continue;
        bool gleich = rows[i].sha256 && strcmp(rows[i].sha256, sha) == 0;
        bool status_passt =
            strcmp(rows[i].status, veroeffentlichen ? "veroeffentlicht" : "entwurf") == 0;
        if (gleich && status_passt)
            return out ? store_formular_get(c, a, rows[i].id, out) : ERR_OK;
        break; /* only the newest version counts */
    }
    char *copy = arena_strndup(a, text, len);
    if (!copy)
        return ERR_NOMEM;
    struct import_tx t = {.u = u,
                          .who = who,
                          .behoerde_id = behoerde_id,
                          .f = f,
                          .text = copy,
                          .sha256 = sha,
                          .veroeffentlichen = veroeffentlichen,
                          .a = a};
    struct formular_zeile neu = {0};
    if (out)
        t.neu = &neu;
    rc = db_tx(c, import_tx, &t);
    if (rc == ERR_OK && out)
        *out = neu;
    return rc;
}

int
formular_liste(struct db_conn *c, struct arena *a, const struct actor *who, int64_t behoerde_id,
               const char *leistung_id, struct formular_zeile **out, size_t *n)
{
    int rc = darf_verwalten(who, behoerde_id);
    if (rc != ERR_OK)
        return rc;
    return store_formular_list(c, a, behoerde_id, leistung_id, out, n);
}

int
formular_zeile_get(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                   struct formular_zeile *out)
{
    struct formular_zeile z;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    int rc = store_formular_get(c, a, id, &z);
    if (rc != ERR_OK)
        return rc;
    /* the Land's definitions are public anyway (the API shows the current one to all) */
    if (z.behoerde_id > 0 && (rc = darf_verwalten(who, z.behoerde_id)) != ERR_OK)
        return rc;
    *out = z;
    return ERR_OK;
}

struct status_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct formular_zeile *z;
    const char *status;
};

static int
status_tx(struct db_conn *c, void *ctx)
{
    struct status_tx *t = ctx;
    int64_t changes = 0;
    int rc = store_formular_set_status(c, t->z->id, t->status, t->u->jetzt, &changes);
    if (rc == ERR_OK && changes != 1)
        rc = ERR_NOTFOUND;
    if (rc == ERR_OK)
        rc = protokollieren(c, t->u, t->who, t->z->behoerde_id,
                            strcmp(t->status, "veroeffentlicht") == 0 ? "formular_veroeffentlicht"
                                                                      : "formular_zurueckgezogen",
                            t->z->id, t->z->version, t->z->leistung_id);
    return rc;
}

static int
status_setzen(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id,
              const char *status)
{
    struct arena *a = arena_new(64 * 1024);
    struct formular_zeile z;
    int rc;
    if (!a)
        return ERR_NOMEM;
    rc = store_formular_get(c, a, id, &z);
    if (rc == ERR_OK) {
        rc = darf_verwalten(who, z.behoerde_id);
    }
    if (rc == ERR_OK && strcmp(z.status, "zurueckgezogen") == 0)
        rc = strcmp(status, "zurueckgezogen") == 0 ? ERR_OK : ERR_CONFLICT;
    else if (rc == ERR_OK && strcmp(z.status, status) == 0)
        ; /* already so: nothing to do */
    else if (rc == ERR_OK) {
        struct status_tx t = {u, who, &z, status};
        rc = db_tx(c, status_tx, &t);
    }
    arena_free(a);
    return rc;
}

int
formular_veroeffentlichen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                          int64_t id)
{
    return status_setzen(c, u, who, id, "veroeffentlicht");
}

int
formular_zurueckziehen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                       int64_t id)
{
    return status_setzen(c, u, who, id, "zurueckgezogen");
}

/* Parse a stored definition; it was checked when stored, so a failure is a bug or tampering. */
static int
parse_stored(struct arena *a, const struct formular_zeile *z, struct formular **parsed)
{
    struct formular_fehler *fe;
    size_t n_fe;
    int rc = formular_parse(a, z->definition, strlen(z->definition), parsed, &fe, &n_fe);
    if (rc == ERR_INVALID || rc == ERR_LIMIT)
        return ERR_DB;
    if (rc == ERR_OK)
        (*parsed)->version = z->version;
    return rc;
}

int
formular_aktuell(struct db_conn *c, struct arena *a, const char *leistung_id, int64_t behoerde_id,
                 struct formular_zeile *out, struct formular **parsed)
{
    if (!leistung_is_id(leistung_id))
        return ERR_NOTFOUND;
    int rc = store_formular_aktuell(c, a, leistung_id, behoerde_id, out);
    if (rc == ERR_OK && parsed)
        rc = parse_stored(a, out, parsed);
    return rc;
}

int
formular_laden(struct db_conn *c, struct arena *a, int64_t id, struct formular_zeile *zeile,
               struct formular **parsed)
{
    int rc = store_formular_get(c, a, id, zeile);
    if (rc == ERR_OK && parsed)
        rc = parse_stored(a, zeile, parsed);
    return rc;
}
