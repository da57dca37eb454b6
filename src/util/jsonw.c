#include "util/jsonw.h"

#include <stdio.h>
#include <string.h>

#include <inttypes.h>

#include "util/str.h"

void
jsonw_beginn(struct jsonw *w, struct buf *b)
{
    memset(w, 0, sizeof(*w));
    w->b = b;
    w->leer[0] = true;
}

static void
roh(struct jsonw *w, const char *p, size_t n)
{
    if (w->rc == ERR_OK)
        w->rc = buf_append(w->b, p, n);
}

/* Before a value or a member name: the separator its position needs. */
static void
trenner(struct jsonw *w)
{
    if (w->nach_name) {
        w->nach_name = false;
        return;
    }
    if (!w->leer[w->tiefe])
        roh(w, ",", 1);
    w->leer[w->tiefe] = false;
}

/* Before a value: inside an object only after its name. False when it may not come. */
static bool
wert(struct jsonw *w)
{
    if (w->rc != ERR_OK)
        return false;
    if (w->objekt[w->tiefe] && !w->nach_name) {
        w->rc = ERR_INVALID;
        return false;
    }
    trenner(w);
    return true;
}

static void
oeffnen(struct jsonw *w, char c)
{
    if (w->rc == ERR_OK && w->tiefe >= JSONW_TIEFE_MAX)
        w->rc = ERR_INVALID;
    if (!wert(w))
        return;
    roh(w, &c, 1);
    w->tiefe++;
    w->leer[w->tiefe] = true;
    w->objekt[w->tiefe] = c == '{';
}

static void
schliessen(struct jsonw *w, char c)
{
    if (w->rc != ERR_OK)
        return;
    if (w->tiefe == 0 || w->nach_name || w->objekt[w->tiefe] != (c == '}')) {
        w->rc = ERR_INVALID;
        return;
    }
    w->tiefe--;
    roh(w, &c, 1);
}

void
jsonw_objekt(struct jsonw *w)
{
    oeffnen(w, '{');
}

void
jsonw_objekt_ende(struct jsonw *w)
{
    schliessen(w, '}');
}

void
jsonw_liste(struct jsonw *w)
{
    oeffnen(w, '[');
}

void
jsonw_liste_ende(struct jsonw *w)
{
    schliessen(w, ']');
}

static void
zeichenkette(struct jsonw *w, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), lauf = 0;
    roh(w, "\"", 1);
    for (size_t i = 0; i < n && w->rc == ERR_OK;) {
        unsigned char c = p[i];
        size_t len = c >= 0x20 && c != '"' && c != '\\' ? str_utf8_laenge(s + i, n - i) : 1;
        if (len > 0 && c >= 0x20 && c != '"' && c != '\\') {
            lauf += len; /* plain bytes are copied in runs */
            i += len;
            continue;
        }
        roh(w, (const char *)p + i - lauf, lauf);
        lauf = 0;
        if (len == 0) {
            roh(w, "\xEF\xBF\xBD", 3); /* U+FFFD for a byte that starts no valid sequence */
        } else if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            roh(w, e, 2);
        } else if (c == '\n') {
            roh(w, "\\n", 2);
        } else if (c == '\t') {
            roh(w, "\\t", 2);
        } else if (c == '\r') {
            roh(w, "\\r", 2);
        } else {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            roh(w, e, 6);
        }
        i++;
    }
    roh(w, (const char *)p + n - lauf, lauf);
    roh(w, "\"", 1);
}

void
jsonw_name(struct jsonw *w, const char *name)
{
    if (w->rc != ERR_OK)
        return;
    if (!w->objekt[w->tiefe] || w->nach_name) {
        w->rc = ERR_INVALID;
        return;
    }
    trenner(w);
    zeichenkette(w, name);
    roh(w, ":", 1);
    w->nach_name = true;
}

void
jsonw_text(struct jsonw *w, const char *s)
{
    if (!s) {
        jsonw_null(w);
        return;
    }
    if (wert(w))
        zeichenkette(w, s);
}

void
jsonw_zahl(struct jsonw *w, int64_t v)
{
    char t[24];
    if (!wert(w))
        return;
    int n = snprintf(t, sizeof(t), "%" PRId64, v);
    roh(w, t, (size_t)n);
}

void
jsonw_id(struct jsonw *w, int64_t v)
{
    if (v > 0)
        jsonw_zahl(w, v);
    else
        jsonw_null(w);
}

void
jsonw_null(struct jsonw *w)
{
    if (wert(w))
        roh(w, "null", 4);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
    if (wert(w))
        roh(w, v ? "true" : "false", v ? 4 : 5);
}

int
jsonw_ende(struct jsonw *w)
{
    if (w->rc == ERR_OK && (w->tiefe != 0 || w->nach_name))
        w->rc = ERR_INVALID;
    return w->rc;
}
