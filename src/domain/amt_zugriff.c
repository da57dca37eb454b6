#include "domain/amt_zugriff.h"

#include <string.h>

#include "store/vorgang.h"

int
amt_vorgang_zugriff(struct db_conn *c, const struct actor *who, int64_t vorgang_id,
                    enum authz_action what, struct amt_vorgang_kopf *out)
{
    struct amt_vorgang_kopf k;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (vorgang_id <= 0)
        return ERR_NOTFOUND;
    int rc = store_vorgang_kopf(c, vorgang_id, &k);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = k.behoerde_id, .oe_id = k.oe_id};
    rc = authz_check(who, what, &obj);
    if (rc != ERR_OK)
        return rc;
    *out = k;
    return ERR_OK;
}

int
amt_akte_zugriff(struct db_conn *c, const struct actor *who, int64_t akte_id,
                 enum authz_action what, struct amt_akte_kopf *out)
{
    struct amt_akte_kopf k;
    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (akte_id <= 0)
        return ERR_NOTFOUND;
    int rc = store_akte_kopf(c, akte_id, &k);
    if (rc != ERR_OK)
        return rc;
    struct authz_object obj = {.behoerde_id = k.behoerde_id, .oe_id = k.oe_id};
    rc = authz_check(who, what, &obj);
    if (rc != ERR_OK)
        return rc;
    *out = k;
    return ERR_OK;
}
