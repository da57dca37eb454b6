#include "domain/suchtext.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <assert.h>

/* ---- step 1: folding one code point ---- */

enum fold_kind { FOLD_SEP, FOLD_IGNORE, FOLD_LETTER };

/* U+00C0..U+00FF; NULL is a separator (× and ÷) */
static const char *const latin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+017F, one base letter each; '1' stands for "ij", '2' for "oe" */
static const char latin_ext_a[] = "aaaaaa"
                                  "cccccccc"
                                  "dddd"
                                  "eeeeeeeeee"
                                  "gggggggg"
                                  "hhhh"
                                  "iiiiiiiiii"
                                  "11"
                                  "jj"
                                  "kkk"
                                  "llllllllll"
                                  "nnnnnnnnn"
                                  "oooooo"
                                  "22"
                                  "rrrrrr"
                                  "ssssssss"
                                  "tttttt"
                                  "uuuuuuuuuuuu"
                                  "ww"
                                  "yyy"
                                  "zzzzzz"
                                  "s";
static_assert(sizeof(latin_ext_a) == 129, "one letter per code point U+0100..U+017F");

/* Decode one UTF-8 sequence at p[0..len); returns its length and sets *cp, or returns 1 with
 * *cp = UINT32_MAX for an invalid byte. */
static size_t
utf8_decode(const unsigned char *p, size_t len, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xe0) == 0xc0) {
        n = 2;
        v = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        n = 3;
        v = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        n = 4;
        v = c & 0x07;
    } else {
        *cp = UINT32_MAX;
        return 1;
    }
    if (n > len) {
        *cp = UINT32_MAX;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            *cp = UINT32_MAX;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3f);
    }
    if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10ffff ||
        (v >= 0xd800 && v <= 0xdfff)) {
        *cp = UINT32_MAX;
        return 1;
    }
    *cp = v;
    return n;
}

/* Classify code point `cp` (its bytes raw[0..raw_len)); for a letter, out[0..*n) gets the
 * folded bytes (at most 4). */
static enum fold_kind
fold_cp(uint32_t cp, const unsigned char *raw, size_t raw_len, char out[4], size_t *n)
{
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') {
            out[0] = (char)(cp - 'A' + 'a');
            *n = 1;
            return FOLD_LETTER;
        }
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            out[0] = (char)cp;
            *n = 1;
            return FOLD_LETTER;
        }
        return FOLD_SEP;
    }
    if (cp == UINT32_MAX)
        return FOLD_SEP;
    if (cp == 0xad || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200d) ||
        cp == 0x2060 || cp == 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f))
        return FOLD_IGNORE;
    if (cp < 0xc0)
        return FOLD_SEP;
    if (cp < 0x100) {
        const char *s = latin1[cp - 0xc0];
        if (!s)
            return FOLD_SEP;
        *n = strlen(s);
        memcpy(out, s, *n);
        return FOLD_LETTER;
    }
    if (cp < 0x180) {
        char c = latin_ext_a[cp - 0x100];
        if (c == '1' || c == '2') {
            out[0] = c == '1' ? 'i' : 'o';
            out[1] = c == '1' ? 'j' : 'e';
            *n = 2;
        } else {
            out[0] = c;
            *n = 1;
        }
        return FOLD_LETTER;
    }
    if (cp >= 0x218 && cp <= 0x21b) {
        out[0] = cp < 0x21a ? 's' : 't';
        *n = 1;
        return FOLD_LETTER;
    }
    if (cp == 0x1e9e) {
        out[0] = 's';
        out[1] = 's';
        *n = 2;
        return FOLD_LETTER;
    }
    if ((cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x2e00 && cp <= 0x2e7f) ||
        (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xe000 && cp <= 0xf8ff) ||
        (cp >= 0xfe10 && cp <= 0xfe6f) || (cp >= 0xff00 && cp <= 0xff0f) || cp >= 0xfff0)
        return FOLD_SEP;
    if (cp >= 0x1f000 && cp <= 0x1faff)
        return FOLD_SEP;
    /* a letter of another script: kept as it is */
    memcpy(out, raw, raw_len);
    *n = raw_len;
    return FOLD_LETTER;
}

/* ---- step 3: stop words (folded) ---- */

static const char *const stopwords[] = {
    "ab",    "aber",   "alle", "als",    "am",    "an",    "auch",  "auf",    "aus",    "bei",
    "beim",  "bin",    "bis",  "bist",   "bzw",   "da",    "das",   "dass",   "dein",   "deine",
    "dem",   "den",    "der",  "des",    "die",   "dies",  "diese", "dieser", "dieses", "du",
    "durch", "ein",    "eine", "einem",  "einen", "einer", "eines", "er",     "es",     "etc",
    "euer",  "fur",    "ggf",  "habe",   "haben", "hat",   "ich",   "ihr",    "ihre",   "im",
    "in",    "ins",    "ist",  "ja",     "kann",  "mein",  "meine", "meinem", "meinen", "meiner",
    "mich",  "mir",    "mit",  "mochte", "muss",  "nach",  "nein",  "nicht",  "noch",   "nur",
    "ob",    "oder",   "ohne", "sich",   "sie",   "sind",  "so",    "soll",   "sowie",  "uber",
    "um",    "und",    "uns",  "unser",  "unter", "usw",   "vom",   "von",    "vor",    "wann",
    "was",   "welche", "wenn", "wer",    "wie",   "will",  "wir",   "wird",   "wo",     "zu",
    "zum",   "zur",
};

static bool
is_stopword(const char *w, size_t len)
{
    for (size_t i = 0; i < sizeof(stopwords) / sizeof(stopwords[0]); i++)
        if (strlen(stopwords[i]) == len && memcmp(stopwords[i], w, len) == 0)
            return true;
    return false;
}

/* ---- step 4: stemming ---- */

static bool
is_v(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static bool
ends(const char *w, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(w + n - k, suf, k) == 0;
}

/* Snowball: b d f g h k l m n r t may precede a deleted -s; the same without r a deleted -st */
static bool
is_s_ending(char c)
{
    return strchr("bdfghklmnrt", c) != NULL && c != '\0';
}

static bool
is_st_ending(char c)
{
    return c != 'r' && is_s_ending(c);
}

/* separable prefixes of German verbs, longest first */
static const char *const verb_prefixes[] = {
    "zusammen", "zuruck", "fest", "nach", "auf", "aus", "bei", "ein", "her",
    "hin",      "mit",    "vor",  "weg",  "ab",  "an",  "um",  "zu",
};

/* PREFIX + "ge" + STEM + "et"/"t" → PREFIX + STEM, for STEM of at least 3 letters */
static size_t
strip_participle(char *w, size_t n)
{
    for (size_t i = 0; i < sizeof(verb_prefixes) / sizeof(verb_prefixes[0]); i++) {
        size_t pl = strlen(verb_prefixes[i]);
        if (n < pl + 2 || memcmp(w, verb_prefixes[i], pl) != 0 || memcmp(w + pl, "ge", 2) != 0)
            continue;
        size_t tl = ends(w, n, "et") ? 2 : ends(w, n, "t") ? 1 : 0;
        if (tl == 0 || n < pl + 2 + tl + 3)
            return n;
        size_t stem_len = n - pl - 2 - tl;
        memmove(w + pl, w + pl + 2, stem_len);
        w[pl + stem_len] = '\0';
        return pl + stem_len;
    }
    return n;
}

size_t
suchtext_stem(char *w, size_t n)
{
    size_t p1 = n, p2 = n, i = 0;

    n = strip_participle(w, n);
    if (n < 3)
        return n;
    /* prelude: u and y between vowels are consonants (marked upper case) */
    for (i = 1; i + 1 < n; i++) {
        if (is_v(w[i - 1]) && is_v(w[i + 1])) {
            if (w[i] == 'u')
                w[i] = 'U';
            else if (w[i] == 'y')
                w[i] = 'Y';
        }
    }
    /* R1 starts after the first non-vowel that follows a vowel, R2 likewise inside R1 */
    p1 = p2 = n;
    i = 0;
    while (i < n && !is_v(w[i]))
        i++;
    if (i < n) {
        i++;
        while (i < n && is_v(w[i]))
            i++;
        if (i < n) {
            p1 = ++i;
            while (i < n && !is_v(w[i]))
                i++;
            if (i < n) {
                i++;
                while (i < n && is_v(w[i]))
                    i++;
                if (i < n)
                    p2 = i + 1;
            }
        }
    }
    if (p1 < 3)
        p1 = 3;

    /* step 1 */
    if (ends(w, n, "ern")) {
        if (n - 3 >= p1)
            n -= 3;
    } else if (ends(w, n, "em") || ends(w, n, "er")) {
        if (n - 2 >= p1)
            n -= 2;
    } else if (ends(w, n, "en") || ends(w, n, "es") || ends(w, n, "e")) {
        size_t k = w[n - 1] == 'e' ? 1 : 2;
        if (n - k >= p1) {
            n -= k;
            if (ends(w, n, "niss"))
                n--;
        }
    } else if (ends(w, n, "s")) {
        if (n - 1 >= p1 && n >= 2 && is_s_ending(w[n - 2]))
            n--;
    }

    /* step 2 */
    if (ends(w, n, "est")) {
        if (n - 3 >= p1)
            n -= 3;
    } else if (ends(w, n, "en") || ends(w, n, "er")) {
        if (n - 2 >= p1)
            n -= 2;
    } else if (ends(w, n, "st")) {
        if (n - 2 >= p1 && n >= 6 && is_st_ending(w[n - 3]))
            n -= 2;
    }

    /* step 3: derivational suffixes in R2 */
    if (ends(w, n, "isch") || ends(w, n, "lich") || ends(w, n, "heit") || ends(w, n, "keit")) {
        if (n - 4 >= p2) {
            bool isch = ends(w, n, "isch"), lich_heit = ends(w, n, "lich") || ends(w, n, "heit");
            if (isch) {
                if (w[n - 5] != 'e')
                    n -= 4;
            } else if (lich_heit) {
                n -= 4;
                if ((ends(w, n, "er") || ends(w, n, "en")) && n - 2 >= p1)
                    n -= 2;
            } else {
                n -= 4;
                if (ends(w, n, "lich") && n - 4 >= p2)
                    n -= 4;
                else if (ends(w, n, "ig") && n - 2 >= p2)
                    n -= 2;
            }
        }
    } else if (ends(w, n, "end") || ends(w, n, "ung")) {
        if (n - 3 >= p2) {
            n -= 3;
            if (ends(w, n, "ig") && n - 2 >= p2 && w[n - 3] != 'e')
                n -= 2;
        }
    } else if (ends(w, n, "ig") || ends(w, n, "ik")) {
        if (n - 2 >= p2 && w[n - 3] != 'e')
            n -= 2;
    }

    /* postlude */
    for (i = 0; i < n; i++) {
        if (w[i] == 'U')
            w[i] = 'u';
        else if (w[i] == 'Y')
            w[i] = 'y';
    }
    w[n] = '\0';
    return n;
}

/* ---- steps 2-4: words ---- */

typedef bool (*term_fn)(void *ctx, const char *w, size_t len);

/* Run the word pipeline over text, calling fn for every stem; stops early (returning false)
 * when fn returns false. */
static bool
each_stem(const char *text, size_t len, term_fn fn, void *ctx)
{
    const unsigned char *p = (const unsigned char *)text;
    char w[SUCHTEXT_TERM_MAX];
    size_t wn = 0, i = 0;
    bool plain = true; /* only ASCII letters so far: the stemmer applies */
    bool full = false; /* the word reached its maximum: the rest of it is dropped */

    for (;;) {
        enum fold_kind k = FOLD_SEP;
        char f[4];
        size_t fn_len = 0;

        if (i < len) {
            uint32_t cp;
            size_t n = utf8_decode(p + i, len - i, &cp);
            k = fold_cp(cp, p + i, n, f, &fn_len);
            i += n;
            if (k == FOLD_IGNORE)
                continue;
            if (k == FOLD_LETTER) {
                if (full || wn + fn_len >= sizeof(w)) {
                    full = true;
                    continue;
                }
                for (size_t j = 0; j < fn_len; j++)
                    plain = plain && f[j] >= 'a' && f[j] <= 'z';
                memcpy(w + wn, f, fn_len);
                wn += fn_len;
                continue;
            }
        }
        /* a separator or the end: finish the word */
        if (wn >= 2) {
            w[wn] = '\0';
            if (!is_stopword(w, wn)) {
                if (plain)
                    wn = suchtext_stem(w, wn);
                if (wn > 0 && !fn(ctx, w, wn))
                    return false;
            }
        }
        wn = 0;
        plain = true;
        full = false;
        if (i >= len)
            return true;
    }
}

/* ---- suchtext_build ---- */

#define SEEN_SLOTS 1024
#define SEEN_MAX   768 /* past this many distinct stems, duplicates are no longer removed */

struct build_ctx {
    struct buf *out;
    int rc;
    size_t n_seen;
    uint32_t seen_off[SEEN_SLOTS]; /* offset + 1 of the stem in out; 0 = empty slot */
    uint8_t seen_len[SEEN_SLOTS];
};

static uint32_t
hash_word(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    return h;
}

static bool
build_add(void *vctx, const char *w, size_t n)
{
    struct build_ctx *b = vctx;
    uint32_t slot = hash_word(w, n) % SEEN_SLOTS;

    if (b->n_seen < SEEN_MAX) {
        while (b->seen_off[slot]) {
            if (b->seen_len[slot] == n && memcmp(b->out->p + b->seen_off[slot] - 1, w, n) == 0)
                return true;
            slot = (slot + 1) % SEEN_SLOTS;
        }
    }
    if (b->out->len > 0 && b->out->p[b->out->len - 1] != ' ') {
        b->rc = buf_putc(b->out, ' ');
        if (b->rc != ERR_OK)
            return false;
    }
    size_t off = b->out->len;
    b->rc = buf_append(b->out, w, n);
    if (b->rc != ERR_OK)
        return false;
    if (b->n_seen < SEEN_MAX && off < UINT32_MAX) {
        b->seen_off[slot] = (uint32_t)off + 1;
        b->seen_len[slot] = (uint8_t)n;
        b->n_seen++;
    }
    return true;
}

int
suchtext_build(const char *text, size_t len, struct buf *out)
{
    struct build_ctx b;

    memset(&b, 0, sizeof(b));
    b.out = out;
    b.rc = ERR_OK;
    if (!text)
        return ERR_OK;
    RH_IGNORE(each_stem(text, len, build_add, &b)); /* b.rc says why it stopped */
    return b.rc;
}

/* ---- suchtext_terms ---- */

struct terms_ctx {
    char (*terms)[SUCHTEXT_TERM_MAX];
    size_t n, max;
};

static bool
terms_add(void *vctx, const char *w, size_t n)
{
    struct terms_ctx *t = vctx;
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->terms[i]) == n && memcmp(t->terms[i], w, n) == 0)
            return true;
    if (t->n == t->max)
        return false;
    memcpy(t->terms[t->n], w, n);
    t->terms[t->n][n] = '\0';
    t->n++;
    return true;
}

size_t
suchtext_terms(const char *query, size_t len, char terms[][SUCHTEXT_TERM_MAX], size_t max_terms)
{
    struct terms_ctx t = {terms, 0, max_terms};
    if (!query || max_terms == 0)
        return 0;
    RH_IGNORE(each_stem(query, len, terms_add, &t)); /* false only when full */
    return t.n;
}

/* ---- suchtext_fold ---- */

int
suchtext_fold(const char *text, size_t len, struct buf *out)
{
    const unsigned char *p = (const unsigned char *)text;
    bool pending_space = false, any = false;
    size_t i = 0;

    while (text && i < len) {
        uint32_t cp;
        char f[4];
        size_t fl = 0;
        size_t n = utf8_decode(p + i, len - i, &cp);
        enum fold_kind k = fold_cp(cp, p + i, n, f, &fl);
        i += n;
        if (k == FOLD_IGNORE)
            continue;
        if (k == FOLD_SEP) {
            pending_space = any;
            continue;
        }
        if (pending_space) {
            int rc = buf_putc(out, ' ');
            if (rc != ERR_OK)
                return rc;
            pending_space = false;
        }
        int rc = buf_append(out, f, fl);
        if (rc != ERR_OK)
            return rc;
        any = true;
    }
    if (!any)
        return buf_append(out, "", 0);
    return ERR_OK;
}
