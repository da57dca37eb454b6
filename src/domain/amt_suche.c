#include "domain/amt_suche.h"

#include <stdio.h>
#include <string.h>

#include "domain/protokoll.h"
#include "store/db.h"

/* Length of the UTF-8 sequence at p[0..len) and its code point, or 0 for an invalid byte. */
static size_t
dekodieren(const unsigned char *p, size_t len, unsigned *cp)
{
    unsigned c = p[0], v;
    size_t n;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        v = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        v = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        v = c & 0x07;
    } else
        return 0;
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10ffff)) ||
        (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

/* Non-ASCII code points that separate words: Latin-1 punctuation and symbols, general
 * punctuation, symbols, spaces, private use, specials, emoji. */
static bool
trennt(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
           (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x2e00 && cp <= 0x2e7f) ||
           (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xe000 && cp <= 0xf8ff) ||
           (cp >= 0xfe00 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff0f) || cp >= 0xfff0 ||
           (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x300 && cp <= 0x36f);
}

size_t
amt_suche_terme(const char *query, size_t len,
                char terms[AKTE_SUCHTEXT_TERME_MAX][AKTE_SUCHTEXT_TERM_MAX])
{
    const unsigned char *s = (const unsigned char *)query;
    char cur[AKTE_SUCHTEXT_TERM_MAX];
    size_t n = 0, k = 0;
    bool voll = false; /* the current term reached its maximum: the rest of the word is dropped */

    for (size_t i = 0; i <= len && n < AKTE_SUCHTEXT_TERME_MAX;) {
        unsigned cp = 0;
        size_t m = i < len ? dekodieren(s + i, len - i, &cp) : 0;
        bool wort = m > 0 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                              (cp >= '0' && cp <= '9') || (cp >= 0xc0 && !trennt(cp)));
        if (wort) {
            if (!voll && k + m >= AKTE_SUCHTEXT_TERM_MAX)
                voll = true;
            if (!voll) {
                for (size_t j = 0; j < m; j++) {
                    char ch = (char)s[i + j];
                    cur[k++] = (m == 1 && ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
                }
            }
        } else if (k > 0) {
            cur[k] = '\0';
            bool neu = k > 1 || (unsigned char)cur[0] >= 0x80; /* one ASCII letter: no word */
            for (size_t j = 0; j < n && neu; j++)
                if (strcmp(terms[j], cur) == 0)
                    neu = false;
            if (neu)
                memcpy(terms[n++], cur, k + 1);
            k = 0;
            voll = false;
        }
        i += m ? m : 1;
    }
    return n;
}

/* The scopes of `who`: one per role that may read files in its authority (and office). */
static size_t
scopes_von(const struct actor *who, struct akte_suchtext_scope *sc)
{
    size_t n = 0;
    for (size_t i = 0; i < who->n_rollen && n < AKTE_SUCHTEXT_SCOPES_MAX; i++) {
        const struct rollen_zuordnung *r = &who->rollen[i];
        if (r->behoerde_id <= 0)
            continue;
        struct authz_object obj = {.behoerde_id = r->behoerde_id, .oe_id = r->oe_id};
        if (authz_check(who, AUTHZ_AKTE_LESEN, &obj) != ERR_OK)
            continue;
        /* an office-bound role: its office only (authz would allow the office row only) */
        sc[n++] = (struct akte_suchtext_scope){r->behoerde_id, r->oe_id > 0 ? r->oe_id : 0};
    }
    /* a role for the whole authority wins over an office-bound one of the same authority */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j && sc[i].behoerde_id == sc[j].behoerde_id && sc[j].oe_id == 0)
                sc[i].oe_id = 0;
    return n;
}

struct protokoll_tx {
    const struct umfeld *u;
    const struct actor *who;
    const struct akte_suchtext_scope *sc;
    size_t n_sc, n_treffer;
};

static int
protokoll_tx(struct db_conn *c, void *ctx)
{
    struct protokoll_tx *t = ctx;
    char detail[64];
    int rc = ERR_OK;
    snprintf(detail, sizeof(detail), "{\"treffer\":%zu}", t->n_treffer);
    for (size_t i = 0; rc == ERR_OK && i < t->n_sc; i++) {
        bool schon = false;
        for (size_t j = 0; j < i; j++)
            if (t->sc[j].behoerde_id == t->sc[i].behoerde_id)
                schon = true;
        if (schon)
            continue;
        struct protokoll_eintrag e = {
            t->sc[i].behoerde_id, t->who->konto_id, "akte_suche", NULL, NULL, detail};
        rc = protokoll_schreiben(c, t->u, &e);
    }
    return rc;
}

int
amt_suche(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct actor *who,
          const char *q, int64_t offset, int64_t limit, struct akte_suchtreffer **out, size_t *n,
          bool *weitere)
{
    char terms[AKTE_SUCHTEXT_TERME_MAX][AKTE_SUCHTEXT_TERM_MAX];
    const char *tp[AKTE_SUCHTEXT_TERME_MAX];
    struct akte_suchtext_scope sc[AKTE_SUCHTEXT_SCOPES_MAX];
    struct akte_suchtreffer *hits = NULL;
    size_t n_hits = 0;

    if (!who || (who->konto_id <= 0 && !who->is_system))
        return ERR_UNAUTHORIZED;
    if (limit < 1 || limit > 100 || offset < 0 || offset > 10000)
        return ERR_INVALID;
    size_t n_sc = scopes_von(who, sc);
    if (n_sc == 0)
        return ERR_FORBIDDEN;
    size_t qlen = q ? strlen(q) : 0;
    if (qlen == 0 || qlen > AMT_SUCHE_Q_MAX)
        return ERR_INVALID;
    size_t n_terms = amt_suche_terme(q, qlen, terms);
    if (n_terms == 0)
        return ERR_INVALID;
    for (size_t i = 0; i < n_terms; i++)
        tp[i] = terms[i];
    int rc = akte_suchtext_suchen(c, a, sc, n_sc, tp, n_terms, offset, limit + 1, &hits, &n_hits);
    if (rc != ERR_OK)
        return rc;
    *weitere = n_hits > (size_t)limit;
    if (*weitere)
        n_hits = (size_t)limit;
    struct protokoll_tx t = {u, who, sc, n_sc, n_hits};
    rc = db_tx_gruppe(c, protokoll_tx, &t); /* shares commits: see protokoll_lesen() */
    if (rc != ERR_OK)
        return rc;
    *out = hits;
    *n = n_hits;
    return ERR_OK;
}
