#include "domain/authz.h"

#include <string.h>

/* How an action finds the owner of its object. */
enum scope {
    SCOPE_EIGEN,              /* the actor's own: obj->konto_id == who->konto_id */
    SCOPE_MANDANT,            /* tenant data: obj->behoerde_id (and obj->oe_id) */
    SCOPE_EIGEN_ODER_MANDANT, /* the applicant's own, or the responsible office's */
    SCOPE_KREIS,              /* coordination: obj->kreis_ags */
    SCOPE_GLOBAL,             /* no owner: the role alone decides */
};

enum flags {
    AUTHZ_WRITES = 1,   /* changes something: not with a read-only token */
    AUTHZ_PERSONAL = 2, /* personal data of others: never koordination or ministerium */
};

#define R(x)    (1u << (x))
#define ALLE    (R(ROLLE_ANZAHL) - 1u)
#define BUERGER R(ROLLE_BUERGER)
#define SB      R(ROLLE_SACHBEARBEITUNG)
#define ADMIN   R(ROLLE_BEHOERDENADMIN)
#define KOORD   R(ROLLE_KOORDINATION)
#define MIN     R(ROLLE_MINISTERIUM)
#define BETRIEB R(ROLLE_BETRIEB)

struct action_row {
    enum authz_action action;
    const char *name;
    enum scope scope;
    unsigned flags;
    unsigned eigen;   /* roles allowed on their own objects (SCOPE_EIGEN*) */
    unsigned mandant; /* roles allowed in a covering scope (tenant, district, global) */
};

/* The table. One row per action, in enum order (checked by the unit tests). Read it as:
 * "action X on an object of scope S may be done by roles E on their own object and by roles
 * M holding the object's tenant / district / the installation". */
static const struct action_row actions[] = {
    {AUTHZ_KONTO_LESEN, "konto_lesen", SCOPE_EIGEN, 0, ALLE, 0},
    {AUTHZ_KONTO_AENDERN, "konto_aendern", SCOPE_EIGEN, AUTHZ_WRITES, ALLE, 0},
    {AUTHZ_KONTO_LOESCHEN, "konto_loeschen", SCOPE_EIGEN, AUTHZ_WRITES, ALLE, 0},
    {AUTHZ_KONTO_EXPORT, "konto_export", SCOPE_EIGEN, 0, ALLE, 0},
    {AUTHZ_SITZUNG_LESEN, "sitzung_lesen", SCOPE_EIGEN, 0, ALLE, 0},
    {AUTHZ_SITZUNG_BEENDEN, "sitzung_beenden", SCOPE_EIGEN, AUTHZ_WRITES, ALLE, 0},
    {AUTHZ_TOKEN_LESEN, "token_lesen", SCOPE_EIGEN, 0, ALLE, 0},
    {AUTHZ_TOKEN_ERSTELLEN, "token_erstellen", SCOPE_EIGEN, AUTHZ_WRITES, ALLE, 0},
    {AUTHZ_TOKEN_WIDERRUFEN, "token_widerrufen", SCOPE_EIGEN, AUTHZ_WRITES, ALLE, 0},

    {AUTHZ_MITARBEITENDE_LESEN, "mitarbeitende_lesen", SCOPE_MANDANT, AUTHZ_PERSONAL, 0, ADMIN},
    {AUTHZ_MITARBEITENDE_EINLADEN, "mitarbeitende_einladen", SCOPE_MANDANT,
     AUTHZ_WRITES | AUTHZ_PERSONAL, 0, ADMIN},
    {AUTHZ_MITARBEITENDE_ENTFERNEN, "mitarbeitende_entfernen", SCOPE_MANDANT,
     AUTHZ_WRITES | AUTHZ_PERSONAL, 0, ADMIN},
    {AUTHZ_BEHOERDE_VERWALTEN, "behoerde_verwalten", SCOPE_MANDANT, AUTHZ_WRITES, 0, ADMIN},

    {AUTHZ_ANTRAG_LESEN, "antrag_lesen", SCOPE_EIGEN_ODER_MANDANT, AUTHZ_PERSONAL, BUERGER, SB},
    {AUTHZ_ANTRAG_STELLEN, "antrag_stellen", SCOPE_EIGEN, AUTHZ_WRITES | AUTHZ_PERSONAL, BUERGER,
     0},
    {AUTHZ_ANTRAG_BEARBEITEN, "antrag_bearbeiten", SCOPE_MANDANT, AUTHZ_WRITES | AUTHZ_PERSONAL, 0,
     SB},

    {AUTHZ_VORGANG_LESEN, "vorgang_lesen", SCOPE_MANDANT, AUTHZ_PERSONAL, 0, SB},
    {AUTHZ_VORGANG_BEARBEITEN, "vorgang_bearbeiten", SCOPE_MANDANT, AUTHZ_WRITES | AUTHZ_PERSONAL,
     0, SB},
    {AUTHZ_AKTE_LESEN, "akte_lesen", SCOPE_MANDANT, AUTHZ_PERSONAL, 0, SB},
    {AUTHZ_AKTE_BEARBEITEN, "akte_bearbeiten", SCOPE_MANDANT, AUTHZ_WRITES | AUTHZ_PERSONAL, 0, SB},
    {AUTHZ_DOKUMENT_LESEN, "dokument_lesen", SCOPE_MANDANT, AUTHZ_PERSONAL, 0, SB},
    {AUTHZ_DOKUMENT_SCHREIBEN, "dokument_schreiben", SCOPE_MANDANT, AUTHZ_WRITES | AUTHZ_PERSONAL,
     0, SB},
    {AUTHZ_PROTOKOLL_LESEN, "protokoll_lesen", SCOPE_MANDANT, AUTHZ_PERSONAL, 0, ADMIN},

    {AUTHZ_KOORDINATION_LESEN, "koordination_lesen", SCOPE_KREIS, 0, 0, KOORD | MIN},
    {AUTHZ_KOORDINATION_BEARBEITEN, "koordination_bearbeiten", SCOPE_KREIS, AUTHZ_WRITES, 0, KOORD},
    {AUTHZ_LAND_LESEN, "land_lesen", SCOPE_GLOBAL, 0, 0, KOORD | MIN},

    {AUTHZ_BETRIEB_KONTEN, "betrieb_konten", SCOPE_GLOBAL, AUTHZ_WRITES | AUTHZ_PERSONAL, 0,
     BETRIEB},
    {AUTHZ_BETRIEB_METRIKEN, "betrieb_metriken", SCOPE_GLOBAL, 0, 0, BETRIEB},

    {AUTHZ_POSTFACH_LESEN, "postfach_lesen", SCOPE_EIGEN_ODER_MANDANT, AUTHZ_PERSONAL, BUERGER, SB},
    {AUTHZ_POSTFACH_SCHREIBEN, "postfach_schreiben", SCOPE_EIGEN_ODER_MANDANT,
     AUTHZ_WRITES | AUTHZ_PERSONAL, BUERGER, SB},

    {AUTHZ_ANFRAGE_LESEN, "anfrage_lesen", SCOPE_MANDANT, 0, 0, SB | ADMIN},
    {AUTHZ_ANFRAGE_STELLEN, "anfrage_stellen", SCOPE_MANDANT, AUTHZ_WRITES, 0, SB | ADMIN},
    {AUTHZ_ANFRAGE_BEARBEITEN, "anfrage_bearbeiten", SCOPE_KREIS, AUTHZ_WRITES, 0, KOORD},
    {AUTHZ_WISSEN_LESEN, "wissen_lesen", SCOPE_MANDANT, 0, 0, SB | ADMIN},
    {AUTHZ_WISSEN_BEARBEITEN, "wissen_bearbeiten", SCOPE_GLOBAL, AUTHZ_WRITES, 0, KOORD},
    {AUTHZ_TERMIN_VERWALTEN, "termin_verwalten", SCOPE_KREIS, AUTHZ_WRITES, 0, KOORD},
    {AUTHZ_TERMIN_ANMELDEN, "termin_anmelden", SCOPE_MANDANT, AUTHZ_WRITES, 0, SB | ADMIN},
    {AUTHZ_LAND_BEARBEITEN, "land_bearbeiten", SCOPE_GLOBAL, AUTHZ_WRITES, 0, MIN},
    {AUTHZ_UMSETZUNG_MELDEN, "umsetzung_melden", SCOPE_MANDANT, AUTHZ_WRITES, 0, SB | ADMIN},

    {AUTHZ_AUSSONDERUNG_LESEN, "aussonderung_lesen", SCOPE_MANDANT, AUTHZ_PERSONAL, 0, ADMIN},
    {AUTHZ_AUSSONDERUNG_DURCHFUEHREN, "aussonderung_durchfuehren", SCOPE_MANDANT,
     AUTHZ_WRITES | AUTHZ_PERSONAL, 0, ADMIN},
};

_Static_assert(sizeof(actions) / sizeof(actions[0]) == AUTHZ_ACTION_ANZAHL,
               "every authz action needs exactly one row in actions[]");

static const char *const rollen_namen[ROLLE_ANZAHL] = {
    "buerger", "sachbearbeitung", "behoerdenadmin", "koordination", "ministerium", "betrieb",
};

const char *
rolle_name(enum rolle r)
{
    return (unsigned)r < ROLLE_ANZAHL ? rollen_namen[r] : NULL;
}

int
rolle_parse(const char *name, enum rolle *out)
{
    if (!name)
        return ERR_INVALID;
    for (unsigned i = 0; i < ROLLE_ANZAHL; i++) {
        if (strcmp(name, rollen_namen[i]) == 0) {
            *out = (enum rolle)i;
            return ERR_OK;
        }
    }
    return ERR_INVALID;
}

bool
rolle_is_personal(enum rolle r)
{
    return r != ROLLE_BUERGER && (unsigned)r < ROLLE_ANZAHL;
}

static const struct action_row *
row_of(enum authz_action what)
{
    if ((unsigned)what >= AUTHZ_ACTION_ANZAHL || actions[what].action != what)
        return NULL;
    return &actions[what];
}

const char *
authz_action_name(enum authz_action what)
{
    const struct action_row *row = row_of(what);
    return row ? row->name : NULL;
}

bool
authz_action_is_personal(enum authz_action what)
{
    const struct action_row *row = row_of(what);
    return row && (row->flags & AUTHZ_PERSONAL);
}

bool
authz_action_writes(enum authz_action what)
{
    const struct action_row *row = row_of(what);
    return row && (row->flags & AUTHZ_WRITES);
}

/* Roles a row grants, with rule 3 applied: personal data never for koordination/ministerium. */
static unsigned
granted(const struct action_row *row, unsigned mask)
{
    if (row->flags & AUTHZ_PERSONAL)
        mask &= ~(KOORD | MIN);
    return mask;
}

bool
authz_action_allows_role(enum authz_action what, enum rolle role)
{
    const struct action_row *row = row_of(what);
    if (!row || (unsigned)role >= ROLLE_ANZAHL)
        return false;
    return ((granted(row, row->eigen) | granted(row, row->mandant)) & R(role)) != 0;
}

bool
actor_has_rolle(const struct actor *who, enum rolle role)
{
    for (size_t i = 0; who && i < who->n_rollen; i++)
        if (who->rollen[i].rolle == role)
            return true;
    return false;
}

static unsigned
all_roles(const struct actor *who)
{
    unsigned m = 0;
    for (size_t i = 0; i < who->n_rollen; i++)
        if ((unsigned)who->rollen[i].rolle < ROLLE_ANZAHL)
            m |= R(who->rollen[i].rolle);
    return m;
}

/* Roles of `who` that cover the tenant object: same authority, and same office when both the
 * role and the object name one. Only the tenant-bound roles count. */
static unsigned
tenant_roles(const struct actor *who, const struct authz_object *obj)
{
    unsigned m = 0;
    if (!obj || obj->behoerde_id <= 0)
        return 0;
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *z = &who->rollen[i];
        if (z->rolle != ROLLE_SACHBEARBEITUNG && z->rolle != ROLLE_BEHOERDENADMIN)
            continue;
        if (z->behoerde_id != obj->behoerde_id)
            continue;
        if (z->oe_id > 0 && obj->oe_id > 0 && z->oe_id != obj->oe_id)
            continue;
        m |= R(z->rolle);
    }
    return m;
}

/* Roles of `who` that cover the district: ministerium everywhere, koordination statewide
 * (no kreis) or of the same kreis. */
static unsigned
kreis_roles(const struct actor *who, const struct authz_object *obj)
{
    unsigned m = 0;
    const char *k = obj ? obj->kreis_ags : NULL;
    for (size_t i = 0; i < who->n_rollen; i++) {
        const struct rollen_zuordnung *z = &who->rollen[i];
        if (z->rolle == ROLLE_MINISTERIUM)
            m |= MIN;
        else if (z->rolle == ROLLE_KOORDINATION &&
                 (!z->kreis_ags || (k && strcmp(z->kreis_ags, k) == 0)))
            m |= KOORD;
    }
    return m;
}

int
authz_check(const struct actor *who, enum authz_action what, const struct authz_object *obj)
{
    const struct action_row *row = row_of(what);
    unsigned have = 0, allowed = 0;
    bool is_own = false;

    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (!row)
        return ERR_FORBIDDEN; /* an action without a row is never allowed */
    if (who->is_system)
        return ERR_OK;

    /* First: is the object visible to the actor at all? */
    switch (row->scope) {
    case SCOPE_EIGEN:
        if (!obj || obj->konto_id != who->konto_id)
            return ERR_NOTFOUND;
        is_own = true;
        break;
    case SCOPE_EIGEN_ODER_MANDANT:
        if (obj && obj->konto_id > 0 && obj->konto_id == who->konto_id) {
            is_own = true;
            break;
        }
        have = tenant_roles(who, obj);
        if (!have)
            return ERR_NOTFOUND;
        break;
    case SCOPE_MANDANT:
        have = tenant_roles(who, obj);
        if (!have)
            return ERR_NOTFOUND;
        break;
    case SCOPE_KREIS:
        have = kreis_roles(who, obj);
        if (!have && (all_roles(who) & (KOORD | MIN)))
            return ERR_NOTFOUND; /* a coordinator of another district */
        break;
    case SCOPE_GLOBAL:
        have = all_roles(who);
        break;
    }

    /* Then: may it do this? */
    if ((row->flags & AUTHZ_WRITES) && who->is_read_only)
        return ERR_FORBIDDEN;
    if (is_own)
        allowed = granted(row, row->eigen) & all_roles(who);
    else
        allowed = granted(row, row->mandant) & have;
    return allowed ? ERR_OK : ERR_FORBIDDEN;
}
