#include "domain/behoerde.h"

#include <string.h>

#include "domain/gebiet.h"
#include "store/behoerde.h"

static int
with_oes(struct db_conn *c, struct arena *a, struct behoerde *b)
{
    return store_oe_list(c, a, b->id, &b->oes, &b->n_oes);
}

int
behoerde_list_ort(struct db_conn *c, struct arena *a, const char *ags, struct behoerde **out,
                  size_t *n)
{
    int rc;
    if (gebiet_is_gemeinde_ags(ags)) {
        struct gemeinde g;
        rc = gebiet_gemeinde(c, a, ags, &g);
        if (rc != ERR_OK)
            return rc;
        char kreis[6];
        memcpy(kreis, ags, 5);
        kreis[5] = '\0';
        rc = store_behoerde_list(c, a, ags, kreis, true, out, n);
    } else if (gebiet_is_kreis_ags(ags)) {
        struct kreis k;
        rc = gebiet_kreis(c, a, ags, &k);
        if (rc != ERR_OK)
            return rc;
        rc = store_behoerde_list(c, a, NULL, ags, false, out, n);
    } else {
        return ERR_INVALID;
    }
    for (size_t i = 0; rc == ERR_OK && i < *n; i++)
        rc = with_oes(c, a, &(*out)[i]);
    return rc;
}

int
behoerde_get(struct db_conn *c, struct arena *a, int64_t id, struct behoerde *out)
{
    int rc = store_behoerde_get(c, a, id, out);
    if (rc == ERR_OK)
        rc = with_oes(c, a, out);
    return rc;
}

int
behoerde_online_angebote(struct db_conn *c, struct arena *a, const char *gemeinde_ags,
                         const char *kreis_ags, struct online_angebot **out, size_t *n)
{
    return store_online_angebote(c, a, gemeinde_ags, kreis_ags, out, n);
}
