#include "http/multipart.h"

#include <string.h>
#include <strings.h>

#include "util/str.h"

/* RFC 2046 bchars, without the space (allowed but not at the end; we refuse it to be safe) */
static bool
bchar(char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           strchr("'()+_,-./:=?", ch) != NULL;
}

/* A copy of token or quoted-string at *s (advanced past it), in the arena; NULL if malformed. */
static char *
wert(struct arena *a, const char **s, const char *end)
{
    const char *p = *s;
    if (p < end && *p == '"') {
        p++;
        const char *q = p;
        size_t n = 0;
        /* first pass: length and end quote */
        while (q < end && *q != '"') {
            if (*q == '\\' && q + 1 < end)
                q++;
            q++;
            n++;
        }
        if (q >= end)
            return NULL;
        char *out = arena_alloc(a, n + 1);
        if (!out)
            return NULL;
        size_t k = 0;
        for (const char *r = p; r < q; r++) {
            if (*r == '\\' && r + 1 < q)
                r++;
            out[k++] = *r;
        }
        out[k] = '\0';
        *s = q + 1;
        return out;
    }
    const char *q = p;
    while (q < end && *q != ';' && *q != ' ' && *q != '\t')
        q++;
    if (q == p)
        return NULL;
    *s = q;
    return arena_strndup(a, p, (size_t)(q - p));
}

static void
ws(const char **s, const char *end)
{
    while (*s < end && (**s == ' ' || **s == '\t'))
        (*s)++;
}

/* Parse "; key=value" parameters of a header value; sets *name / *filename when found.
 * Returns false for malformed parameters. */
static bool
parameter(struct arena *a, const char *s, const char *end, const char **name, const char **filename,
          const char **boundary)
{
    for (;;) {
        ws(&s, end);
        if (s == end)
            return true;
        if (*s != ';')
            return false;
        s++;
        ws(&s, end);
        if (s == end)
            return true; /* a trailing ';' */
        const char *k = s;
        while (s < end && *s != '=' && *s != ';' && *s != ' ')
            s++;
        size_t kl = (size_t)(s - k);
        ws(&s, end);
        if (s == end || *s != '=')
            return false;
        s++;
        ws(&s, end);
        char *v = wert(a, &s, end);
        if (!v)
            return false;
        if (name && kl == 4 && strncasecmp(k, "name", 4) == 0) {
            if (*name)
                return false; /* twice */
            *name = v;
        } else if (filename && kl == 8 && strncasecmp(k, "filename", 8) == 0) {
            if (*filename)
                return false;
            *filename = v;
        } else if (boundary && kl == 8 && strncasecmp(k, "boundary", 8) == 0) {
            if (*boundary)
                return false;
            *boundary = v;
        }
    }
}

const char *
multipart_boundary(struct arena *a, const char *content_type)
{
    static const char typ[] = "multipart/form-data";
    const char *b = NULL;
    if (!content_type || strncasecmp(content_type, typ, sizeof(typ) - 1) != 0)
        return NULL;
    const char *s = content_type + sizeof(typ) - 1, *end = s + strlen(s);
    if (!parameter(a, s, end, NULL, NULL, &b) || !b)
        return NULL;
    size_t n = strlen(b);
    if (n < 1 || n > 70)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!bchar(b[i]))
            return NULL;
    return b;
}

/* Parse the header block h[0..len) of one part. */
static int
kopf(struct arena *a, const char *h, size_t len, struct multipart_teil *t, const char **grund)
{
    const char *s = h, *end = h + len;
    size_t n_kopf = 0;
    bool has_cd = false;
    while (s < end) {
        const char *eol = memchr(s, '\r', (size_t)(end - s));
        if (!eol)
            eol = end;
        else if (eol + 1 >= end || eol[1] != '\n') {
            *grund = "Eine Kopfzeile eines Teils endet nicht mit CRLF.";
            return ERR_INVALID;
        }
        if (++n_kopf > 16) {
            *grund = "Ein Teil hat zu viele Kopfzeilen.";
            return ERR_INVALID;
        }
        const char *colon = memchr(s, ':', (size_t)(eol - s));
        if (!colon || colon == s || memchr(s, '\n', (size_t)(eol - s))) {
            *grund = "Eine Kopfzeile eines Teils ist ungültig.";
            return ERR_INVALID;
        }
        size_t kl = (size_t)(colon - s);
        const char *v = colon + 1;
        ws(&v, eol);
        if (kl == 19 && strncasecmp(s, "Content-Disposition", 19) == 0) {
            if (has_cd || (size_t)(eol - v) < 9 || strncasecmp(v, "form-data", 9) != 0 ||
                !parameter(a, v + 9, eol, &t->name, &t->dateiname, NULL)) {
                *grund = "Content-Disposition eines Teils ist ungültig.";
                return ERR_INVALID;
            }
            has_cd = true;
        } else if (kl == 12 && strncasecmp(s, "Content-Type", 12) == 0) {
            if (t->typ || !(t->typ = arena_strndup(a, v, (size_t)(eol - v))))
                return t->typ ? ERR_INVALID : ERR_NOMEM;
        }
        s = eol < end ? eol + 2 : end;
    }
    if (!has_cd || !t->name || !*t->name) {
        *grund = "Jeder Teil braucht Content-Disposition: form-data mit einem Namen.";
        return ERR_INVALID;
    }
    if (!str_is_clean_utf8(t->name, strlen(t->name)) ||
        (t->dateiname && !str_is_clean_utf8(t->dateiname, strlen(t->dateiname))) ||
        (t->typ && !str_is_clean_utf8(t->typ, strlen(t->typ)))) {
        *grund = "Name, Dateiname oder Typ eines Teils enthält ungültige Zeichen.";
        return ERR_INVALID;
    }
    return ERR_OK;
}

int
multipart_parse(struct arena *a, const char *boundary, const char *body, size_t len,
                size_t max_teile, struct multipart_teil **out, size_t *n, const char **grund)
{
    size_t bl = boundary ? strlen(boundary) : 0;
    char delim[80]; /* "\r\n--" + boundary */
    *grund = "Der Inhalt ist kein gültiges multipart/form-data.";
    if (bl < 1 || bl > 70)
        return ERR_INVALID;
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, bl);
    size_t dl = bl + 4;

    /* the first delimiter: at the very start, or after a preamble line */
    const char *p;
    if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0)
        p = body + dl - 2;
    else {
        p = memmem(body, len, delim, dl);
        if (!p) {
            *grund = "Der Inhalt enthält die Grenze (boundary) nicht.";
            return ERR_INVALID;
        }
        p += dl;
    }
    const char *end = body + len;
    struct multipart_teil *teile = NULL;
    size_t cnt = 0, cap = 0;
    for (;;) {
        /* after a delimiter: "--" closes, CRLF opens a part (transport padding allowed) */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n') {
            *grund = "Nach der Grenze (boundary) fehlt der Zeilenumbruch oder das Ende.";
            return ERR_INVALID;
        }
        p += 2;
        if (cnt == max_teile) {
            *grund = "Der Inhalt hat zu viele Teile.";
            return ERR_LIMIT;
        }
        /* headers up to an empty line */
        const char *hend;
        if (end - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            hend = p; /* no headers at all: refused below */
        } else {
            size_t rest = (size_t)(end - p);
            hend = memmem(p, rest < MULTIPART_MAX_KOPF + 4 ? rest : MULTIPART_MAX_KOPF + 4,
                          "\r\n\r\n", 4);
            if (!hend) {
                *grund = "Die Kopfzeilen eines Teils sind zu lang oder enden nicht.";
                return ERR_INVALID;
            }
        }
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            struct multipart_teil *nt = arena_alloc(a, ncap * sizeof(*nt));
            if (!nt)
                return ERR_NOMEM;
            if (cnt)
                memcpy(nt, teile, cnt * sizeof(*nt));
            teile = nt;
            cap = ncap;
        }
        struct multipart_teil *t = &teile[cnt];
        memset(t, 0, sizeof(*t));
        int rc = kopf(a, p, (size_t)(hend - p), t, grund);
        if (rc != ERR_OK)
            return rc;
        const char *inhalt = hend + (hend == p ? 2 : 4);
        if (inhalt > end) {
            *grund = "Ein Teil endet zu früh.";
            return ERR_INVALID;
        }
        const char *next = memmem(inhalt, (size_t)(end - inhalt), delim, dl);
        if (!next) {
            *grund = "Der Inhalt endet ohne die abschließende Grenze (boundary).";
            return ERR_INVALID;
        }
        t->daten = inhalt;
        t->len = (size_t)(next - inhalt);
        cnt++;
        p = next + dl;
    }
    *out = teile;
    *n = cnt;
    return ERR_OK;
}
