#include "domain/bericht.h"

#include <string.h>
#include <time.h>

#include "domain/gebiet.h"
#include "domain/umsetzung.h"

/* Unix seconds of 00:00 UTC of a date "YYYY-MM-DD" (valid). */
static int64_t
tag_beginn(const char *d)
{
    struct tm tm = {0};
    tm.tm_year = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0') - 1900;
    tm.tm_mon = (d[5] - '0') * 10 + (d[6] - '0') - 1;
    tm.tm_mday = (d[8] - '0') * 10 + (d[9] - '0');
    return (int64_t)timegm(&tm);
}

int
bericht_erstellen(struct db_conn *c, struct arena *a, const struct actor *who,
                  const char *kreis_ags, const char *von, const char *bis, int64_t jetzt,
                  struct bericht *out, const char **bad)
{
    struct bericht b = {.kreis_ags = kreis_ags};
    char heute[11], jahr[11];
    time_t t = (time_t)jetzt;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(heute, sizeof(heute), "%Y-%m-%d", &tm);
    strftime(jahr, sizeof(jahr), "%Y-01-01", &tm);
    if (kreis_ags && !gebiet_is_kreis_ags(kreis_ags)) {
        *bad = "kreis";
        return ERR_INVALID;
    }
    if (von && !umsetzung_is_datum(von)) {
        *bad = "von";
        return ERR_INVALID;
    }
    if (bis && (!umsetzung_is_datum(bis) || (von && strcmp(bis, von) < 0))) {
        *bad = "bis";
        return ERR_INVALID;
    }
    b.von = arena_strdup(a, von ? von : jahr);
    b.bis = arena_strdup(a, bis ? bis : heute);
    if (!b.von || !b.bis)
        return ERR_NOMEM;
    /* the Lagebild asks the authorization for the area */
    int rc = lagebild_berechnen(c, a, who, kreis_ags, jetzt, &b.lagebild);
    if (rc != ERR_OK)
        return rc;
    if (kreis_ags && b.lagebild.n_gemeinden == 0)
        return ERR_NOTFOUND;
    int64_t t0 = tag_beginn(b.von), t1 = tag_beginn(b.bis) + 86400;
    rc = store_bericht_anfragen(c, a, kreis_ags, t0, t1, &b.anfragen, &b.n_anfragen);
    for (size_t i = 0; rc == ERR_OK && i < b.n_anfragen; i++)
        b.anfragen_gesamt += b.anfragen[i].n;
    if (rc == ERR_OK)
        rc = store_bericht_unterstuetzt(c, kreis_ags, t0, t1, &b.gemeinden_unterstuetzt);
    if (rc == ERR_OK)
        rc = store_bericht_termine(c, kreis_ags, t0, t1, &b.termine, &b.teilnehmende);
    if (rc == ERR_OK)
        rc = store_foerder_stand(c, a, kreis_ags, &b.foerderung, &b.n_foerderung);
    if (rc != ERR_OK)
        return rc;
    /* online at the start: the time line's value of the quarter before `von` */
    int q = umsetzung_quartal(b.von) - 1;
    for (size_t i = 0; i < b.lagebild.n_verlauf; i++) {
        const struct lagebild_punkt *p = &b.lagebild.verlauf[i];
        int pq = (p->jahr - UMS_QUARTAL_BASIS) * 4 + p->quartal;
        if (pq <= q)
            b.online_zu_beginn = p->online;
    }
    *out = b;
    return ERR_OK;
}
