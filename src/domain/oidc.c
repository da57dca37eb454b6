#include "domain/oidc.h"

#include <stdlib.h>

int
oidc_config_from_env(struct oidc_config **out)
{
    *out = NULL;
    return ERR_OK;
}

void
oidc_config_free(struct oidc_config *cfg)
{
    free(cfg);
}

int
oidc_start(struct db_conn *c, struct arena *a, const struct umfeld *u, struct oidc_config *cfg,
           const char *redirect_uri, const char **url, char state[44])
{
    return ERR_IO;
}

int
oidc_rueckruf(struct db_conn *c, struct arena *a, const struct umfeld *u, struct oidc_config *cfg,
              const char *redirect_uri, const char *state, const char *cookie_state,
              const char *code, struct oidc_identitaet *out)
{
    return ERR_UNAUTHORIZED;
}
