#include "formats/amt_demo.h"

#include <stdio.h>

#include "store/akte_suchtext.h"
#include "store/amt_auswahl.h"
#include "store/db.h"
#include "store/vorgang.h"
#include "util/arena.h"

struct demo_tx {
    int64_t jetzt;
    int64_t n;
};

static int
akte(struct db_conn *c, struct arena *a, const struct amt_demo_ziel *z, int64_t plan,
     const char *kz, const char *titel, int64_t jetzt, struct akte_row *out)
{
    char st[400];
    *out = (struct akte_row){.behoerde_id = z->behoerde_id,
                             .oe_id = z->oe_id,
                             .aktenplan_id = plan,
                             .titel = titel,
                             .erstellt = jetzt};
    int rc = store_akte_insert(c, a, kz, out);
    if (rc != ERR_OK)
        return rc;
    snprintf(st, sizeof(st), "%s %s", out->aktenzeichen, titel);
    return akte_suchtext_setzen(c, z->behoerde_id, z->oe_id, "akte", out->id, out->id, 0, st, "",
                                jetzt);
}

static int
vorgang(struct db_conn *c, struct arena *a, const struct akte_row *k, const char *betreff,
        const char *status, int64_t jetzt, int64_t *id)
{
    char st[400];
    int64_t changes = 0;
    struct vorgang_row v = {.behoerde_id = k->behoerde_id,
                            .oe_id = k->oe_id,
                            .akte_id = k->id,
                            .betreff = betreff,
                            .erstellt = jetzt};
    int rc = store_vorgang_insert(c, a, k->aktenzeichen, &v);
    if (rc == ERR_OK && status)
        rc = store_vorgang_status(c, v.id, "offen", status, jetzt, &changes);
    if (rc != ERR_OK)
        return rc;
    snprintf(st, sizeof(st), "%s %s", v.aktenzeichen, betreff);
    *id = v.id;
    return akte_suchtext_setzen(c, k->behoerde_id, k->oe_id, "vorgang", v.id, k->id, v.id, st,
                                k->titel, jetzt);
}

static int
demo_tx(struct db_conn *c, void *ctx)
{
    struct demo_tx *t = ctx;
    struct amt_demo_ziel *z = NULL;
    size_t n = 0;
    t->n = 0;
    struct arena *a = arena_new(16u << 20) /* at most 1000 authorities, ~2 KB each */;
    if (!a)
        return ERR_NOMEM;
    int rc = store_amt_demo_ziele(c, a, &z, &n);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct akte_row k1, k2;
        int64_t v = 0, m = 0;
        static const char notiz[] = "Projektplan liegt vor; Schulung der Sachbearbeitung im "
                                    "nächsten Quartal.";
        rc = akte(c, a, &z[i], z[i].plan_a, z[i].kz_a, "Einführung E-Akte (Demo)", t->jetzt, &k1);
        if (rc == ERR_OK)
            rc = vorgang(c, a, &k1, "Einführung der E-Akte", "in_bearbeitung", t->jetzt, &v);
        if (rc == ERR_OK)
            rc = store_vermerk_insert(c, z[i].behoerde_id, v, notiz, 0, t->jetzt, &m);
        if (rc == ERR_OK)
            rc = akte_suchtext_setzen(c, z[i].behoerde_id, z[i].oe_id, "vermerk", m, k1.id, v,
                                      "Vermerk (Demo)", notiz, t->jetzt);
        if (rc == ERR_OK)
            rc = akte(c, a, &z[i], z[i].plan_b, z[i].kz_b, "Ordnungswidrigkeiten (Demo)", t->jetzt,
                      &k2);
        if (rc == ERR_OK)
            rc = vorgang(c, a, &k2, "Parken auf dem Gehweg, Marktstraße", "in_bearbeitung",
                         t->jetzt, &v);
        if (rc == ERR_OK)
            rc = vorgang(c, a, &k2, "Lärmbeschwerde Festhalle", NULL, t->jetzt, &v);
        if (rc == ERR_OK)
            t->n += 2;
    }
    arena_free(a);
    return rc;
}

int
amt_demo_laden(struct db_conn *c, int64_t jetzt, int64_t *n_akten)
{
    struct demo_tx t = {jetzt, 0};
    int rc = db_tx(c, demo_tx, &t);
    if (rc == ERR_OK)
        *n_akten = t.n;
    return rc;
}
