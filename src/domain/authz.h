/* authz: the one authorization decision of rathaus.
 *
 * Every face (portal, amt, koordination, api, cli) asks authz_check() before it reads or
 * changes anything that is not public, and does what the answer says; no face decides by
 * itself. The decision depends only on who acts (struct actor: the account, its roles with
 * their scope, and how it authenticated), what it wants to do (enum authz_action) and on the
 * object's owner (struct authz_object: owning account, authority, office, district).
 *
 * The separation promise, as rules of this module:
 *   1. No actor (not logged in, invalid/expired/revoked credentials) → ERR_UNAUTHORIZED.
 *   2. Tenant data (an object with a behoerde_id) is visible only to actors holding a role in
 *      that authority (or its office, when the role is bound to one). Anyone else gets
 *      ERR_NOTFOUND, never ERR_FORBIDDEN, so that ids of other tenants cannot be probed.
 *   3. An action marked AUTHZ_PERSONAL (personal data from applications, cases, files,
 *      staff lists) is never granted to koordination or ministerium, whatever their scope;
 *      the table below is checked for this by the unit tests and at run time.
 *   4. Someone else's account, session or token is ERR_NOTFOUND.
 *   5. Visible but not allowed (wrong role in the right tenant, read-only token that wants
 *      to write) → ERR_FORBIDDEN.
 *
 * The action table (authz.c, `actions[]`) lists for each action its object scope, flags and
 * the roles that may do it; later issues add rows (applications, cases, files, documents,
 * coordination) and nothing else. Thread-safe: pure functions over constant tables. */
#ifndef RATHAUS_DOMAIN_AUTHZ_H
#define RATHAUS_DOMAIN_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum rolle {
    ROLLE_BUERGER,         /* citizen or business: own account and own applications */
    ROLLE_SACHBEARBEITUNG, /* clerk: cases of the offices of one authority */
    ROLLE_BEHOERDENADMIN,  /* office admin: staff, offices, services of one authority */
    ROLLE_KOORDINATION,    /* coordinator: a district (kreis_ags) or statewide (NULL) */
    ROLLE_MINISTERIUM,     /* the Land's ministry: statewide picture, no personal data */
    ROLLE_BETRIEB,         /* operator of the installation */
    ROLLE_ANZAHL
};

/* "buerger", "sachbearbeitung", ...; NULL for a value out of range. Cannot fail. */
const char *rolle_name(enum rolle r);
/* Parse a role name. ERR_INVALID for anything else. */
RH_MUST_CHECK int rolle_parse(const char *name, enum rolle *out);
/* True for the roles of staff (every role but buerger). */
bool rolle_is_personal(enum rolle r);

/* One role of an account, with its scope. behoerde_id and oe_id are 0 when unset; kreis_ags
 * is NULL when unset (for koordination: statewide). */
struct rollen_zuordnung {
    enum rolle rolle;
    int64_t behoerde_id;
    int64_t oe_id;
    const char *kreis_ags;
};

/* Who acts. Built by the faces from a session or an API token (http/auth.c) or by the CLI;
 * the strings and the role array are borrowed (usually from the request arena). */
struct actor {
    int64_t konto_id; /* 0: nobody is logged in */
    const struct rollen_zuordnung *rollen;
    size_t n_rollen;
    bool is_read_only; /* API token with scope 'lesen': read actions only */
    bool is_system;    /* the operator's shell (rathaus konto ...): everything */
};

/* What an actor wants to do. Grouped by object; append new actions at the end of a group's
 * block or at the end of the enum, and add one row to the table in authz.c for each. */
enum authz_action {
    /* own account (object: konto_id) */
    AUTHZ_KONTO_LESEN,
    AUTHZ_KONTO_AENDERN,
    AUTHZ_KONTO_LOESCHEN,
    AUTHZ_KONTO_EXPORT,
    AUTHZ_SITZUNG_LESEN,
    AUTHZ_SITZUNG_BEENDEN,
    AUTHZ_TOKEN_LESEN,
    AUTHZ_TOKEN_ERSTELLEN,
    AUTHZ_TOKEN_WIDERRUFEN,
    /* staff of an authority (object: behoerde_id) */
    AUTHZ_MITARBEITENDE_LESEN,
    AUTHZ_MITARBEITENDE_EINLADEN,
    AUTHZ_MITARBEITENDE_ENTFERNEN,
    AUTHZ_BEHOERDE_VERWALTEN, /* offices, services offered, forms, file plan */
    /* applications (object: konto_id of the applicant and behoerde_id, oe_id of the office) */
    AUTHZ_ANTRAG_LESEN,
    AUTHZ_ANTRAG_STELLEN,
    AUTHZ_ANTRAG_BEARBEITEN,
    /* back office: cases, files, documents (object: behoerde_id, oe_id) */
    AUTHZ_VORGANG_LESEN,
    AUTHZ_VORGANG_BEARBEITEN,
    AUTHZ_AKTE_LESEN,
    AUTHZ_AKTE_BEARBEITEN,
    AUTHZ_DOKUMENT_LESEN,
    AUTHZ_DOKUMENT_SCHREIBEN,
    AUTHZ_PROTOKOLL_LESEN,
    /* coordination (object: kreis_ags; figures without personal data) */
    AUTHZ_KOORDINATION_LESEN,
    AUTHZ_KOORDINATION_BEARBEITEN,
    AUTHZ_LAND_LESEN, /* the statewide picture, programme, reports */
    /* the installation (no object) */
    AUTHZ_BETRIEB_KONTEN,
    AUTHZ_BETRIEB_METRIKEN,
    /* the citizen's mailbox (object: konto_id of the citizen, behoerde_id of the office) */
    AUTHZ_POSTFACH_LESEN,
    AUTHZ_POSTFACH_SCHREIBEN,
    /* Koordination (issue #7), never personal data: a municipality's support requests
     * (object: behoerde_id) and their processing by the district's coordinators (kreis_ags);
     * knowledge and event registration for staff of any authority (behoerde_id; coordinators
     * and the ministry read through AUTHZ_KOORDINATION_LESEN / AUTHZ_LAND_LESEN); knowledge
     * edited by coordinators (no object); events of a district (kreis_ags); the ministry's
     * settings (no object); a municipality's reports about its Umsetzung, building blocks,
     * checklists and E-Akte stage (behoerde_id of the Gemeinde's own administration) */
    AUTHZ_ANFRAGE_LESEN,
    AUTHZ_ANFRAGE_STELLEN,
    AUTHZ_ANFRAGE_BEARBEITEN,
    AUTHZ_WISSEN_LESEN,
    AUTHZ_WISSEN_BEARBEITEN,
    AUTHZ_TERMIN_VERWALTEN,
    AUTHZ_TERMIN_ANMELDEN,
    AUTHZ_LAND_BEARBEITEN,
    AUTHZ_UMSETZUNG_MELDEN,
    /* retention and hand-over of an authority's files (object: behoerde_id) */
    AUTHZ_AUSSONDERUNG_LESEN,
    AUTHZ_AUSSONDERUNG_DURCHFUEHREN,
    AUTHZ_ACTION_ANZAHL
};

/* The owner of the object an action is about. Zero / NULL fields are unknown or not
 * applicable; which fields matter is part of the action's row in the table. */
struct authz_object {
    int64_t konto_id;      /* owning account (own account, session, token, application) */
    int64_t behoerde_id;   /* owning authority (tenant) */
    int64_t oe_id;         /* owning office inside it, when the object belongs to one */
    const char *kreis_ags; /* district, for coordination objects */
};

/* Decide whether `who` may do `what` to `obj`. Returns ERR_OK (allowed), ERR_UNAUTHORIZED
 * (who is NULL or nobody is logged in), ERR_NOTFOUND (the object belongs to another account
 * or to a tenant the actor has no role in) or ERR_FORBIDDEN (visible, but not allowed).
 * `obj` may be NULL for actions on no object. Cannot fail otherwise; thread-safe. */
RH_MUST_CHECK int authz_check(const struct actor *who, enum authz_action what,
                              const struct authz_object *obj);

/* The action's name for logs and tests ("konto_lesen"); NULL out of range. */
const char *authz_action_name(enum authz_action what);
/* True when the action touches personal data (rule 3). */
bool authz_action_is_personal(enum authz_action what);
/* True when the action changes something (a read-only token may not do it). */
bool authz_action_writes(enum authz_action what);
/* True when `role` may, in principle, do `what` (the table's role set). For tests. */
bool authz_action_allows_role(enum authz_action what, enum rolle role);

/* True when `who` holds `role` (in any scope). */
bool actor_has_rolle(const struct actor *who, enum rolle role);

#endif
