#include "domain/foerderprogramm.h"

#include <stdio.h>
#include <string.h>

#include "domain/gebiet.h"
#include "domain/protokoll.h"
#include "domain/umsetzung.h"
#include "store/db.h"

static int
fehler(struct feld_fehler *f, const char *feld, const char *text)
{
    f->feld = feld;
    f->text = text;
    return ERR_INVALID;
}

static int
lesen(const struct actor *who, const char *kreis)
{
    if (!kreis)
        return authz_check(who, AUTHZ_LAND_LESEN, NULL);
    struct authz_object obj = {.kreis_ags = kreis};
    return authz_check(who, AUTHZ_KOORDINATION_LESEN, &obj);
}

int
foerderprogramm_stand(struct db_conn *c, struct arena *a, const struct actor *who,
                      const char *kreis_ags, struct foerder_zeile **out, size_t *n)
{
    if (kreis_ags && !gebiet_is_kreis_ags(kreis_ags))
        return ERR_INVALID;
    int rc = lesen(who, kreis_ags);
    return rc == ERR_OK ? store_foerder_stand(c, a, kreis_ags, out, n) : rc;
}

/* Periods and budgets: the ministry (AUTHZ_LAND_BEARBEITEN) or the operator's shell. */
static int
nur_betrieb(const struct actor *who)
{
    return authz_check(who, AUTHZ_LAND_BEARBEITEN, NULL);
}

/* One change of the programme with its audit entry (in the global chain: the programme
 * belongs to no authority; ids and amounts only), in one transaction. */
struct aendern_tx {
    const struct umfeld *u;
    const struct actor *who;
    int64_t periode_id;
    const char *kreis_ags, *verband, *name; /* the position (budget, expense) */
    const char *datum, *zweck, *beginn, *ende, *periode_name;
    int64_t betrag_cent;
    int64_t id; /* out: the new period's id */
};

static int
periode_tx(struct db_conn *c, void *ctx)
{
    struct aendern_tx *t = ctx;
    int rc = store_foerder_periode_insert(c, t->periode_name, t->beginn, t->ende, &t->id);
    return rc == ERR_OK ? protokoll_objekt(c, t->u, 0, t->who->konto_id, "foerderperiode_angelegt",
                                           "foerderperiode", t->id, NULL)
                        : rc;
}

int
foerderprogramm_periode(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                        const char *name, const char *beginn, const char *ende, int64_t *id,
                        struct feld_fehler *f)
{
    int rc = nur_betrieb(who);
    if (rc != ERR_OK)
        return rc;
    if (!name || !*name || strlen(name) > 200)
        return fehler(f, "name", "Der Name hat 1 bis 200 Zeichen.");
    if (!umsetzung_is_datum(beginn))
        return fehler(f, "beginn", "Der Beginn ist ein Datum (JJJJ-MM-TT).");
    if (!umsetzung_is_datum(ende) || strcmp(ende, beginn) < 0)
        return fehler(f, "ende", "Das Ende ist ein Datum nach dem Beginn.");
    struct aendern_tx t = {
        .u = u, .who = who, .periode_name = name, .beginn = beginn, .ende = ende};
    rc = db_tx(c, periode_tx, &t);
    if (rc == ERR_OK)
        *id = t.id;
    return rc;
}

/* The position (created on first use) and the change to it, with its entry. */
static int
position_tx(struct db_conn *c, void *ctx)
{
    struct aendern_tx *t = ctx;
    char detail[96];
    int64_t kid = 0;
    int rc =
        store_foerder_koordinator(c, t->kreis_ags, t->kreis_ags ? NULL : t->verband, t->name, &kid);
    if (rc == ERR_OK && t->zweck)
        rc = store_foerder_ausgabe_insert(c, t->periode_id, kid, t->datum, t->betrag_cent, t->zweck,
                                          t->who->konto_id, t->u->jetzt);
    else if (rc == ERR_OK)
        rc = store_foerder_budget_put(c, t->periode_id, kid, t->betrag_cent);
    if (rc != ERR_OK)
        return rc;
    snprintf(detail, sizeof(detail), "{\"periode_id\":%lld,\"betrag_cent\":%lld}",
             (long long)t->periode_id, (long long)t->betrag_cent);
    return protokoll_objekt(c, t->u, 0, t->who->konto_id,
                            t->zweck ? "foerderausgabe_erfasst" : "foerderbudget_gesetzt",
                            "koordinator", kid, detail);
}

static const char *
verband_name(const char *v)
{
    if (strcmp(v, "gemeindetag") == 0)
        return "E-Government-Koordination beim Gemeindetag";
    if (strcmp(v, "staedtetag") == 0)
        return "E-Government-Koordination beim Städtetag";
    if (strcmp(v, "landkreistag") == 0)
        return "E-Government-Koordination beim Landkreistag";
    return NULL;
}

int
foerderprogramm_budget(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                       int64_t periode_id, const char *kreis_ags, const char *verband,
                       int64_t betrag_cent, struct feld_fehler *f)
{
    char name[120];
    const char *b, *e;
    int rc = nur_betrieb(who);
    if (rc != ERR_OK)
        return rc;
    if ((kreis_ags && !gebiet_is_kreis_ags(kreis_ags)) ||
        (!kreis_ags && (!verband || !verband_name(verband))))
        return fehler(f, "kreis",
                      "Geben Sie einen Kreis oder einen Verband (gemeindetag, "
                      "staedtetag, landkreistag) an.");
    if (betrag_cent < 0)
        return fehler(f, "betrag", "Der Betrag ist nicht negativ.");
    struct arena *a = arena_new(4096);
    if (!a)
        return ERR_NOMEM;
    rc = store_foerder_periode(c, a, periode_id, &b, &e);
    arena_free(a);
    if (rc == ERR_NOTFOUND)
        return fehler(f, "periode", "Diese Förderperiode gibt es nicht.");
    if (rc != ERR_OK)
        return rc;
    if (kreis_ags)
        snprintf(name, sizeof(name), "E-Government-Koordination Kreis %s", kreis_ags);
    else
        snprintf(name, sizeof(name), "%s", verband_name(verband));
    struct aendern_tx t = {.u = u,
                           .who = who,
                           .periode_id = periode_id,
                           .kreis_ags = kreis_ags,
                           .verband = verband,
                           .name = name,
                           .betrag_cent = betrag_cent};
    return db_tx(c, position_tx, &t);
}

int
foerderprogramm_ausgabe(struct db_conn *c, const struct umfeld *u, const struct actor *who,
                        int64_t periode_id, const char *kreis_ags, const char *datum,
                        int64_t betrag_cent, const char *zweck, struct feld_fehler *f)
{
    char name[80];
    const char *b = NULL, *e = NULL;
    if (!gebiet_is_kreis_ags(kreis_ags))
        return fehler(f, "kreis", "kreis ist der fünfstellige Kreisschlüssel.");
    struct authz_object obj = {.kreis_ags = kreis_ags};
    int rc = authz_check(who, AUTHZ_KOORDINATION_BEARBEITEN, &obj);
    if (rc != ERR_OK)
        return rc;
    if (betrag_cent <= 0 || betrag_cent > 100000000000LL)
        return fehler(f, "betrag_cent", "Der Betrag ist eine positive Zahl in Cent.");
    if (!zweck || !*zweck || strlen(zweck) > 500 || !str_is_clean_utf8(zweck, strlen(zweck)))
        return fehler(f, "zweck", "Der Zweck hat 1 bis 500 Zeichen.");
    struct arena *a = arena_new(4096);
    if (!a)
        return ERR_NOMEM;
    rc = store_foerder_periode(c, a, periode_id, &b, &e);
    if (rc == ERR_NOTFOUND)
        rc = fehler(f, "periode", "Diese Förderperiode gibt es nicht.");
    else if (rc == ERR_OK &&
             (!umsetzung_is_datum(datum) || strcmp(datum, b) < 0 || strcmp(datum, e) > 0))
        rc = fehler(f, "datum", "Das Datum (JJJJ-MM-TT) liegt in der Förderperiode.");
    arena_free(a);
    if (rc != ERR_OK)
        return rc;
    snprintf(name, sizeof(name), "E-Government-Koordination Kreis %s", kreis_ags);
    struct aendern_tx t = {.u = u,
                           .who = who,
                           .periode_id = periode_id,
                           .kreis_ags = kreis_ags,
                           .name = name,
                           .datum = datum,
                           .zweck = zweck,
                           .betrag_cent = betrag_cent};
    return db_tx(c, position_tx, &t);
}
