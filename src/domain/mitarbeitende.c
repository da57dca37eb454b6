#include "domain/mitarbeitende.h"

#include <stdio.h>
#include <string.h>

#include "domain/konto_intern.h"
#include "store/db.h"
#include "store/konto.h"
#include "store/sitzung.h"

int
mitarbeitende_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                    int64_t behoerde_id, struct mitarbeiter **out, size_t *n)
{
    struct authz_object obj = {.behoerde_id = behoerde_id};
    int rc = authz_check(who, AUTHZ_MITARBEITENDE_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    return store_mitarbeitende_list(c, a, behoerde_id, out, n);
}

struct einladen {
    struct arena *a;
    const struct umfeld *u;
    int64_t actor_id;
    const char *email;
    struct rollen_zuordnung z;
    int64_t konto_id;
};

static int
einladen_tx(struct db_conn *c, void *ctx)
{
    struct einladen *e = ctx;
    const char *link;
    return konto_rolle_geben_tx(c, e->a, e->u, e->actor_id, e->email, &e->z, &e->konto_id, &link);
}

int
mitarbeitende_einladen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                       const struct actor *who, int64_t behoerde_id, const char *email,
                       const char *rolle, int64_t oe_id, int64_t *konto_id,
                       struct feld_fehler *fehler)
{
    struct authz_object obj = {.behoerde_id = behoerde_id};
    const char *norm;
    enum rolle r;
    int rc = authz_check(who, AUTHZ_MITARBEITENDE_EINLADEN, &obj);
    if (rc != ERR_OK)
        return rc;
    rc = konto_email_normalisieren(a, email, &norm, fehler);
    if (rc != ERR_OK)
        return rc;
    if (rolle_parse(rolle, &r) != ERR_OK ||
        (r != ROLLE_SACHBEARBEITUNG && r != ROLLE_BEHOERDENADMIN)) {
        fehler->feld = "rolle";
        fehler->text = "Die Rolle ist „sachbearbeitung“ oder „behoerdenadmin“.";
        return ERR_INVALID;
    }
    if (oe_id < 0) {
        fehler->feld = "oe_id";
        fehler->text = "Die Organisationseinheit ist eine positive Zahl.";
        return ERR_INVALID;
    }
    struct einladen e = {a, u, who->konto_id, norm, {r, behoerde_id, oe_id, NULL}, 0};
    rc = db_tx(c, einladen_tx, &e);
    if (rc == ERR_NOTFOUND) {
        /* the authority is the caller's own: only the office can be unknown */
        fehler->feld = "oe_id";
        fehler->text = "Diese Organisationseinheit gehört nicht zu Ihrer Behörde.";
        return ERR_INVALID;
    }
    if (rc == ERR_OK)
        *konto_id = e.konto_id;
    return rc;
}

struct entfernen {
    struct arena *a;
    const struct umfeld *u;
    int64_t actor_id, behoerde_id, konto_id;
};

static int
entfernen_tx(struct db_conn *c, void *ctx)
{
    struct entfernen *e = ctx;
    struct mitarbeiter *m;
    size_t n;
    int64_t admins_rest = 0, removed = 0, left = 0;
    bool found = false;
    char objekt[24];
    int rc = store_mitarbeitende_list(c, e->a, e->behoerde_id, &m, &n);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (m[i].konto_id == e->konto_id) {
            found = true;
            continue;
        }
        for (size_t j = 0; j < m[i].n_rollen; j++)
            if (m[i].rollen[j].rolle == ROLLE_BEHOERDENADMIN && strcmp(m[i].status, "aktiv") == 0)
                admins_rest++;
    }
    if (!found)
        return ERR_NOTFOUND;
    if (admins_rest == 0)
        return ERR_CONFLICT; /* an authority keeps at least one active admin */
    rc = store_rolle_delete_behoerde(c, e->konto_id, e->behoerde_id, &removed);
    if (rc == ERR_OK)
        rc = store_rolle_count(c, e->konto_id, &left);
    if (rc == ERR_OK && left == 0) {
        rc = store_konto_set_status(c, e->konto_id, "gesperrt", e->u->jetzt);
        if (rc == ERR_OK)
            rc = store_sitzung_delete_konto(c, e->konto_id, 0);
        if (rc == ERR_OK)
            rc = store_token_revoke_konto(c, e->konto_id, e->u->jetzt);
    }
    snprintf(objekt, sizeof(objekt), "%lld", (long long)e->konto_id);
    struct protokoll_eintrag p = {.behoerde_id = e->behoerde_id,
                                  .konto_id = e->actor_id,
                                  .aktion = "rolle_entzogen",
                                  .objekt_typ = "konto",
                                  .objekt_id = objekt,
                                  .detail = left == 0 ? "{\"konto_gesperrt\":true}"
                                                      : "{\"konto_gesperrt\":false}"};
    if (rc == ERR_OK)
        rc = protokoll_schreiben(c, e->u, &p);
    return rc;
}

int
mitarbeitende_entfernen(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                        int64_t behoerde_id, int64_t konto_id)
{
    struct authz_object obj = {.behoerde_id = behoerde_id};
    int rc = authz_check(who, AUTHZ_MITARBEITENDE_ENTFERNEN, &obj);
    if (rc != ERR_OK)
        return rc;
    struct entfernen e = {arena_new(1024 * 1024), u, who->konto_id, behoerde_id, konto_id};
    if (!e.a)
        return ERR_NOMEM;
    rc = db_tx(c, entfernen_tx, &e);
    arena_free(e.a);
    return rc;
}
