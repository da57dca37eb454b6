#include "domain/sitzung.h"

#include <string.h>

#include "store/sitzung.h"

/* A user agent is kept for the session list, cut at a character boundary to 200 bytes. */
static void
cut_geraet(const char *in, char out[201])
{
    size_t n = in ? strlen(in) : 0;
    if (n > 200) {
        n = 200;
        while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80)
            n--;
    }
    if (n)
        memcpy(out, in, n);
    out[n] = '\0';
}

int
sitzung_anlegen(struct db_conn *c, const struct umfeld *u, int64_t konto_id, int stufe,
                char out[SCHLUESSEL_TEXT_LEN + 1])
{
    char wert[SCHLUESSEL_TEXT_LEN + 1], hash[SCHLUESSEL_HASH_LEN + 1], geraet[201];
    int rc = schluessel_neu("", wert, sizeof(wert));
    if (rc != ERR_OK)
        return rc;
    schluessel_hash(wert, SCHLUESSEL_TEXT_LEN, hash);
    cut_geraet(u->geraet, geraet);
    int64_t ablauf = u->jetzt + (stufe == 0 ? SITZUNG_HOECHSTDAUER : SITZUNG_FAKTOR_FRIST);
    rc = store_sitzung_insert(c, hash, konto_id, stufe, u->jetzt, ablauf, u->herkunft,
                              geraet[0] ? geraet : NULL);
    if (rc == ERR_OK)
        memcpy(out, wert, sizeof(wert));
    return rc;
}

int
sitzung_aufloesen(struct db_conn *c, struct arena *a, const struct umfeld *u, const char *wert,
                  struct sitzung *out)
{
    char hash[SCHLUESSEL_HASH_LEN + 1];
    struct sitzung s;
    if (!wert || !schluessel_is_wohlgeformt("", wert, strlen(wert)))
        return ERR_UNAUTHORIZED;
    schluessel_hash(wert, strlen(wert), hash);
    int rc = store_sitzung_by_hash(c, a, hash, &s);
    if (rc == ERR_NOTFOUND)
        return ERR_UNAUTHORIZED;
    if (rc != ERR_OK)
        return rc;
    int64_t leerlauf = s.stufe == 0 ? SITZUNG_LEERLAUF : SITZUNG_FAKTOR_FRIST;
    if (u->jetzt >= s.ablauf || u->jetzt - s.zuletzt > leerlauf) {
        RH_IGNORE(store_sitzung_delete_hash(c, hash)); /* cleanup only; the answer stands */
        return ERR_UNAUTHORIZED;
    }
    if (u->jetzt - s.zuletzt >= SITZUNG_BERUEHRT_NACH) {
        rc = store_sitzung_touch(c, s.id, u->jetzt);
        if (rc != ERR_OK)
            return rc;
        s.zuletzt = u->jetzt;
    }
    *out = s;
    return ERR_OK;
}

int
sitzung_beenden_wert(struct db_conn *c, const char *wert)
{
    char hash[SCHLUESSEL_HASH_LEN + 1];
    if (!wert || !schluessel_is_wohlgeformt("", wert, strlen(wert)))
        return ERR_OK;
    schluessel_hash(wert, strlen(wert), hash);
    return store_sitzung_delete_hash(c, hash);
}

int
sitzung_liste(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
              int64_t aktuell, struct sitzung **out, size_t *n)
{
    struct authz_object obj = {.konto_id = who ? who->konto_id : 0};
    struct sitzung *arr;
    size_t cnt, k = 0;
    int rc = authz_check(who, AUTHZ_SITZUNG_LESEN, &obj);
    if (rc != ERR_OK)
        return rc;
    rc = store_sitzung_list(c, a, who->konto_id, &arr, &cnt);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < cnt; i++) {
        int64_t leerlauf = arr[i].stufe == 0 ? SITZUNG_LEERLAUF : SITZUNG_FAKTOR_FRIST;
        if (u->jetzt >= arr[i].ablauf || u->jetzt - arr[i].zuletzt > leerlauf)
            continue; /* expired: not a session any more */
        arr[k] = arr[i];
        arr[k].is_aktuell = arr[i].id == aktuell;
        k++;
    }
    *out = arr;
    *n = k;
    return ERR_OK;
}

int
sitzung_beenden(struct db_conn *c, const struct umfeld *u, const struct actor *who, int64_t id)
{
    struct authz_object obj = {.konto_id = who ? who->konto_id : 0};
    (void)u;
    int rc = authz_check(who, AUTHZ_SITZUNG_BEENDEN, &obj);
    if (rc != ERR_OK)
        return rc;
    /* the owner is part of the statement: another account's session number is ERR_NOTFOUND */
    return store_sitzung_delete(c, who->konto_id, id);
}
