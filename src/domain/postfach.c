#include "domain/postfach.h"

#include <string.h>

#include "store/antrag.h"
#include "store/db.h"
#include "util/str.h"

/* The mailbox belongs to the account: the own-object rule of AUTHZ_ANTRAG_LESEN / _STELLEN. */
static int
eigen(const struct actor *who, enum authz_action what, int64_t konto_id)
{
    /* without behoerde_id: staff of the authority do not read the mailbox here */
    return authz_check(who, what, &(struct authz_object){.konto_id = konto_id});
}

int
postfach_liste(struct db_conn *c, struct arena *a, const struct actor *who, int64_t vor_id,
               int64_t limit, struct nachricht **out, size_t *n, int64_t *ungelesen)
{
    int rc = eigen(who, AUTHZ_ANTRAG_LESEN, who ? who->konto_id : 0);
    if (rc != ERR_OK)
        return rc;
    if (limit < 1 || limit > 100)
        return ERR_INVALID;
    rc = store_nachricht_list(c, a, who->konto_id, vor_id, limit, out, n);
    if (rc == ERR_OK)
        rc = store_nachricht_ungelesen(c, who->konto_id, ungelesen);
    return rc;
}

static int
eigene_nachricht(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                 struct nachricht *out)
{
    int rc = store_nachricht_get(c, a, id, out);
    if (rc == ERR_OK)
        rc = eigen(who, AUTHZ_ANTRAG_LESEN, out->konto_id);
    if (rc == ERR_FORBIDDEN)
        rc = ERR_NOTFOUND;
    return rc;
}

int
postfach_nachricht(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, int64_t id, struct nachricht *out)
{
    int rc = eigene_nachricht(c, a, who, id, out);
    if (rc == ERR_OK)
        rc = store_nachricht_anlagen(c, a, id, &out->anlagen, &out->n_anlagen);
    if (rc == ERR_OK && out->gelesen == 0 && strcmp(out->richtung, "an_buerger") == 0 &&
        !who->is_read_only) {
        rc = store_nachricht_gelesen(c, id, u->jetzt);
        if (rc == ERR_OK)
            out->gelesen = u->jetzt;
    }
    return rc;
}

int
postfach_anlage(struct db_conn *c, struct arena *a, const struct actor *who, int64_t id,
                const char *sha256, struct anlage *out, const void **p, size_t *len)
{
    struct nachricht m;
    struct anlage *al;
    size_t n;
    int rc = eigene_nachricht(c, a, who, id, &m);
    if (rc == ERR_OK)
        rc = store_nachricht_anlagen(c, a, id, &al, &n);
    if (rc != ERR_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(al[i].sha256, sha256) == 0) {
            *out = al[i];
            return store_blob_get(c, a, m.behoerde_id, sha256, p, len);
        }
    }
    return ERR_NOTFOUND;
}

static bool
text_ok(const char *s, size_t max, bool zeilen)
{
    size_t n = s ? strlen(s) : 0, k = 0;
    if (n == 0 || !str_is_clean_utf8(s, n) || (!zeilen && (strchr(s, '\n') || strchr(s, '\r'))))
        return false;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k <= max;
}

int
postfach_schreiben(struct db_conn *c, struct arena *a, const struct umfeld *u,
                   const struct actor *who, int64_t antrag_id, const char *betreff,
                   const char *text, int64_t *id, struct feld_fehler *fehler)
{
    struct antrag an;
    struct antrag_zugang z = {who, NULL};
    int rc = antrag_get(c, a, &z, antrag_id, &an);
    if (rc != ERR_OK)
        return rc;
    rc = eigen(who, AUTHZ_ANTRAG_STELLEN, an.konto_id);
    if (rc != ERR_OK)
        return rc == ERR_FORBIDDEN && an.konto_id != who->konto_id ? ERR_NOTFOUND : rc;
    if (strcmp(an.status, "entwurf") == 0)
        return ERR_CONFLICT;
    if (!text_ok(betreff, NACHRICHT_BETREFF_MAX, false)) {
        *fehler = (struct feld_fehler){"betreff", "Bitte geben Sie einen Betreff an (höchstens "
                                                  "200 Zeichen, eine Zeile)."};
        return ERR_INVALID;
    }
    if (!text_ok(text, NACHRICHT_TEXT_MAX, true)) {
        *fehler = (struct feld_fehler){"text", "Bitte schreiben Sie eine Nachricht (höchstens "
                                               "20.000 Zeichen)."};
        return ERR_INVALID;
    }
    struct nachricht m = {.behoerde_id = an.behoerde_id,
                          .konto_id = an.konto_id,
                          .antrag_id = antrag_id,
                          .richtung = "an_behoerde",
                          .art = "nachricht",
                          .betreff = betreff,
                          .text = text,
                          .erstellt = u->jetzt};
    int64_t mid = 0;
    rc = store_nachricht_insert(c, &m, &mid);
    if (rc == ERR_OK && id)
        *id = mid;
    return rc;
}

int
postfach_an_buerger(struct db_conn *c, int64_t behoerde_id, int64_t konto_id, int64_t antrag_id,
                    const char *art, const char *betreff, const char *text, int64_t jetzt,
                    int64_t *id)
{
    struct nachricht m = {.behoerde_id = behoerde_id,
                          .konto_id = konto_id,
                          .antrag_id = antrag_id,
                          .richtung = "an_buerger",
                          .art = art,
                          .betreff = betreff,
                          .text = text,
                          .erstellt = jetzt};
    return store_nachricht_insert(c, &m, id);
}
