#include "formats/gv100ad.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

struct gv100ad {
    const char *name;
    const char *p;
    size_t len, pos;
    size_t line;
    bool failed;
    char err[512];
};

/* One line being parsed: the byte offset of each character position. */
struct rec {
    const char *p;
    size_t off[GV100AD_CHARS + 1];
};

int
gv100ad_open(const char *name, const char *data, size_t len, struct gv100ad **out)
{
    struct gv100ad *r = calloc(1, sizeof(*r));
    if (!r)
        return ERR_NOMEM;
    r->name = name ? name : "-";
    r->p = data;
    r->len = data ? len : 0;
    if (r->len >= 3 && memcmp(r->p, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    *out = r;
    return ERR_OK;
}

void
gv100ad_free(struct gv100ad *r)
{
    free(r);
}

const char *
gv100ad_error(const struct gv100ad *r)
{
    return r->err;
}

static int fail(struct gv100ad *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(struct gv100ad *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err, sizeof(r->err), "%s:%zu: ", r->name, r->line);
    if (n > 0 && (size_t)n < sizeof(r->err)) {
        va_start(ap, fmt);
        vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
        va_end(ap);
    }
    r->failed = true;
    return ERR_INVALID;
}

const char *
gv100ad_typ(int tk)
{
    switch (tk) {
    case 41:
        return "Kreisfreie Stadt";
    case 42:
        return "Stadtkreis";
    case 43:
        return "Kreis";
    case 44:
        return "Landkreis";
    case 45:
        return "Regionalverband";
    case 50:
        return "Verbandsfreie Gemeinde";
    case 51:
        return "Amt";
    case 52:
        return "Samtgemeinde";
    case 53:
        return "Verbandsgemeinde";
    case 54:
        return "Verwaltungsgemeinschaft";
    case 55:
        return "Kirchspielslandgemeinde";
    case 56:
        return "Verwaltungsverband";
    case 57:
        return "Verbandsgemeinde (Trägermodell)";
    case 58:
        return "Erfüllende Gemeinde";
    case 60:
        return "Markt";
    case 61:
        return "Kreisfreie Stadt";
    case 62:
        return "Stadtkreis";
    case 63:
        return "Stadt";
    case 64:
        return "Kreisangehörige Gemeinde";
    case 65:
        return "Gemeindefreies Gebiet, bewohnt";
    case 66:
        return "Gemeindefreies Gebiet, unbewohnt";
    case 67:
        return "Große Kreisstadt";
    }
    return NULL;
}

/* Character positions of p[0..len) into off[]; returns the number of characters, or more than
 * GV100AD_CHARS when the line is too long (counting stops there). p must be valid UTF-8. */
static size_t
index_chars(const char *p, size_t len, size_t *off)
{
    size_t n = 0, i = 0;
    while (i < len) {
        if (n == GV100AD_CHARS)
            return n + 1;
        off[n++] = i;
        unsigned char c = (unsigned char)p[i];
        i += c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
    }
    off[n] = len;
    return n;
}

/* Characters a..b (1-based, inclusive) of the record. */
static struct str
field(const struct rec *rc, size_t a, size_t b)
{
    return (struct str){rc->p + rc->off[a - 1], rc->off[b] - rc->off[a - 1]};
}

static bool
is_blank(struct str s)
{
    for (size_t i = 0; i < s.len; i++)
        if (s.p[i] != ' ')
            return false;
    return true;
}

static bool
digits(const struct rec *rc, size_t a, size_t b)
{
    return str_is_digits(field(rc, a, b), b - a + 1);
}

/* Copy field a..b without trailing blanks into out (GV100AD_TEXT_MAX bytes). */
static void
copy_text(const struct rec *rc, size_t a, size_t b, char *out)
{
    struct str s = field(rc, a, b);
    while (s.len > 0 && s.p[s.len - 1] == ' ')
        s.len--;
    /* 50 characters of at most 4 bytes always fit */
    memcpy(out, s.p, s.len);
    out[s.len] = '\0';
}

static void
copy_key(char *out, struct str a, struct str b, struct str c)
{
    memcpy(out, a.p, a.len);
    memcpy(out + a.len, b.p, b.len);
    memcpy(out + a.len + b.len, c.p, c.len);
    out[a.len + b.len + c.len] = '\0';
}

static int
parse_number(struct gv100ad *r, const struct rec *rc, size_t a, size_t b, const char *what,
             int64_t *out)
{
    struct str s = field(rc, a, b);
    if (!str_is_digits(s, b - a + 1) || str_to_int64(s, 0, INT64_MAX, out) != ERR_OK)
        return fail(r, "ungültige Zahl '%.*s' für %s (Spalten %zu-%zu)", (int)s.len, s.p, what, a,
                    b);
    return ERR_OK;
}

static int
parse_record(struct gv100ad *r, const struct rec *rc, struct gv100ad_satz *out)
{
    int64_t sa;
    struct str s;
    int rcode;

    memset(out, 0, sizeof(*out));
    out->line = r->line;

    s = field(rc, 1, 2);
    if (!str_is_digits(s, 2) || str_to_int64(s, 0, 99, &sa) != ERR_OK ||
        (sa != 10 && sa != 20 && sa != 30 && sa != 40 && sa != 50 && sa != 60))
        return fail(r, "unbekannte Satzart '%.*s'", (int)s.len, s.p);
    out->satzart = (enum gv100ad_satzart)sa;

    s = field(rc, 3, 10);
    if (!str_is_digits(s, 8) || memcmp(s.p + 4, "01", 2) < 0 || memcmp(s.p + 4, "12", 2) > 0 ||
        memcmp(s.p + 6, "01", 2) < 0 || memcmp(s.p + 6, "31", 2) > 0)
        return fail(r, "ungültiger Gebietsstand '%.*s'", (int)s.len, s.p);
    snprintf(out->gebietsstand, sizeof(out->gebietsstand), "%.4s-%.2s-%.2s", s.p, s.p + 4, s.p + 6);

    if (!digits(rc, 11, 12))
        return fail(r, "ungültiger Landesschlüssel '%.*s'", (int)field(rc, 11, 12).len,
                    field(rc, 11, 12).p);

    struct str none = {"", 0};
    bool ok;
    switch (out->satzart) {
    case GV100AD_LAND:
        ok = is_blank(field(rc, 13, 22));
        copy_key(out->key, field(rc, 11, 12), none, none);
        break;
    case GV100AD_REGIERUNGSBEZIRK:
        ok = digits(rc, 13, 13) && is_blank(field(rc, 14, 22));
        copy_key(out->key, field(rc, 11, 13), none, none);
        break;
    case GV100AD_REGION:
        ok = digits(rc, 13, 14) && is_blank(field(rc, 15, 22));
        copy_key(out->key, field(rc, 11, 14), none, none);
        break;
    case GV100AD_KREIS:
        ok = digits(rc, 13, 15) && is_blank(field(rc, 16, 22));
        copy_key(out->key, field(rc, 11, 15), none, none);
        break;
    case GV100AD_VERBAND:
        ok = digits(rc, 13, 15) && is_blank(field(rc, 16, 18)) && digits(rc, 19, 22);
        copy_key(out->key, field(rc, 11, 15), field(rc, 19, 22), none);
        break;
    case GV100AD_GEMEINDE:
    default:
        ok = digits(rc, 13, 22);
        copy_key(out->key, field(rc, 11, 18), none, none);
        copy_key(out->ars, field(rc, 11, 15), field(rc, 19, 22), field(rc, 16, 18));
        copy_key(out->verband, field(rc, 11, 15), field(rc, 19, 22), none);
        break;
    }
    if (!ok)
        return fail(r, "ungültiger Schlüssel '%.*s' für Satzart %d", (int)field(rc, 11, 22).len,
                    field(rc, 11, 22).p, (int)sa);

    copy_text(rc, 23, 72, out->name);
    if (out->name[0] == '\0')
        return fail(r, "Name fehlt (Spalten 23-72)");
    if (out->name[0] == ' ')
        return fail(r, "Name beginnt mit Leerzeichen");
    copy_text(rc, 73, 122, out->sitz);

    s = field(rc, 123, 124);
    if (sa <= 30) {
        if (!is_blank(s))
            return fail(r, "unerwartetes Textkennzeichen '%.*s' für Satzart %d", (int)s.len, s.p,
                        (int)sa);
    } else {
        int64_t tk;
        if (!str_is_digits(s, 2) || str_to_int64(s, 0, 99, &tk) != ERR_OK || tk / 10 != sa / 10 ||
            !gv100ad_typ((int)tk))
            return fail(r, "unbekanntes Textkennzeichen '%.*s' für Satzart %d", (int)s.len, s.p,
                        (int)sa);
        out->textkennzeichen = (int)tk;
    }

    if (out->satzart != GV100AD_GEMEINDE)
        return ERR_OK;

    rcode = parse_number(r, rc, 129, 139, "Fläche", &out->flaeche_ha);
    if (rcode == ERR_OK)
        rcode = parse_number(r, rc, 140, 150, "Bevölkerung", &out->einwohner);
    if (rcode == ERR_OK)
        rcode = parse_number(r, rc, 151, 161, "Bevölkerung männlich", &out->einwohner_maennlich);
    if (rcode != ERR_OK)
        return rcode;
    if (out->einwohner_maennlich > out->einwohner)
        return fail(r, "mehr männliche Einwohner (%lld) als Einwohner (%lld)",
                    (long long)out->einwohner_maennlich, (long long)out->einwohner);
    s = field(rc, 166, 170);
    if (str_is_digits(s, 5)) {
        memcpy(out->plz, s.p, 5);
        out->plz[5] = '\0';
    } else if (!is_blank(s)) {
        return fail(r, "ungültige Postleitzahl '%.*s'", (int)s.len, s.p);
    }
    s = field(rc, 171, 175);
    if (str_eq(s, "*****"))
        out->plz_eindeutig = false;
    else if (is_blank(s))
        out->plz_eindeutig = out->plz[0] != '\0';
    else
        return fail(r, "ungültige Angabe '%.*s' in Spalten 171-175", (int)s.len, s.p);
    return ERR_OK;
}

int
gv100ad_next(struct gv100ad *r, struct gv100ad_satz *out, bool *has_row)
{
    struct rec rc;

    if (r->failed)
        return ERR_INVALID;
    for (;;) {
        if (r->pos >= r->len) {
            *has_row = false;
            return ERR_OK;
        }
        const char *start = r->p + r->pos;
        const char *nl = memchr(start, '\n', r->len - r->pos);
        size_t n = nl ? (size_t)(nl - start) : r->len - r->pos;
        r->pos += nl ? n + 1 : n;
        r->line++;
        if (n > 0 && start[n - 1] == '\r')
            n--;
        if (n == 0)
            continue; /* empty lines are skipped */
        if (!str_is_clean_utf8(start, n) || memchr(start, '\r', n))
            return fail(r, "ungültiges UTF-8 oder Steuerzeichen");
        rc.p = start;
        size_t chars = index_chars(start, n, rc.off);
        if (chars != GV100AD_CHARS) {
            if (chars > GV100AD_CHARS)
                return fail(r, "Satz länger als %d Zeichen", GV100AD_CHARS);
            return fail(r, "Satz hat %zu statt %d Zeichen", chars, GV100AD_CHARS);
        }
        int e = parse_record(r, &rc, out);
        if (e != ERR_OK)
            return e;
        *has_row = true;
        return ERR_OK;
    }
}

bool
gv100ad_detect(const char *data, size_t len)
{
    size_t off[GV100AD_CHARS + 1];

    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    const char *nl = memchr(data, '\n', len);
    size_t n = nl ? (size_t)(nl - data) : len;
    if (n > 0 && data[n - 1] == '\r')
        n--;
    if (n < 10 || !str_is_clean_utf8(data, n))
        return false;
    if (index_chars(data, n, off) != GV100AD_CHARS)
        return false;
    struct str head = {data, 10};
    if (!str_is_digits(head, 10))
        return false;
    return data[1] == '0' && data[0] >= '1' && data[0] <= '6';
}
