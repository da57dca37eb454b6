#include "domain/gebiet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/cursor.h"
#include "store/gebiet.h"
#include "util/buf.h"

#define MAX_ORT_LEN 200

static bool
is_digits(const char *s, size_t n)
{
    return s && str_is_digits(str_from(s), n);
}

bool
gebiet_is_rb_ags(const char *s)
{
    return is_digits(s, 3);
}

bool
gebiet_is_kreis_ags(const char *s)
{
    return is_digits(s, 5);
}

bool
gebiet_is_gemeinde_ags(const char *s)
{
    return is_digits(s, 8);
}

char *
gebiet_name_norm(struct arena *a, const char *name)
{
    struct buf b = BUF_INIT(4 * MAX_ORT_LEN);
    const unsigned char *s = (const unsigned char *)name;
    int rc = ERR_OK;
    bool space = true; /* suppress leading and double spaces */

    while (*s && rc == ERR_OK) {
        const char *rep = NULL;
        size_t adv = 1;
        if (s[0] == 0xc3 && s[1]) {
            adv = 2;
            switch (s[1]) {
            case 0xa4: /* ä */
            case 0x84: /* Ä */
            case 0xa0: /* à */
            case 0xa1: /* á */
            case 0xa2: /* â */
                rep = "a";
                break;
            case 0xb6: /* ö */
            case 0x96: /* Ö */
            case 0xb3: /* ó */
            case 0xb4: /* ô */
                rep = "o";
                break;
            case 0xbc: /* ü */
            case 0x9c: /* Ü */
            case 0xba: /* ú */
            case 0xbb: /* û */
                rep = "u";
                break;
            case 0x9f: /* ß */
                rep = "ss";
                break;
            case 0xa8: /* è */
            case 0xa9: /* é */
            case 0xaa: /* ê */
                rep = "e";
                break;
            default:
                rep = "";
            }
        } else if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')) {
            char c = (char)s[0];
            rc = buf_putc(&b, c);
            space = false;
            s++;
            continue;
        } else if (s[0] >= 'A' && s[0] <= 'Z') {
            rc = buf_putc(&b, (char)(s[0] - 'A' + 'a'));
            space = false;
            s++;
            continue;
        } else if (s[0] >= 0x80) {
            /* another non-ASCII letter: skip the whole sequence */
            adv = 1;
            while (s[adv] && (s[adv] & 0xc0) == 0x80)
                adv++;
            rep = "";
        } else {
            rep = space ? "" : " ";
            if (*rep)
                space = true;
        }
        if (*rep) {
            rc = buf_puts(&b, rep);
            if (strcmp(rep, " ") != 0)
                space = false;
        }
        s += adv;
    }
    /* fold the spellings ae/oe/ue for typed umlauts into the plain vowel, on both sides */
    char *out = NULL;
    if (rc == ERR_OK) {
        size_t n = b.len;
        while (n && b.p[n - 1] == ' ')
            n--;
        out = arena_alloc(a, n + 1);
        if (out) {
            size_t j = 0;
            for (size_t i = 0; i < n; i++) {
                out[j++] = b.p[i];
                if ((b.p[i] == 'a' || b.p[i] == 'o' || b.p[i] == 'u') && i + 1 < n &&
                    b.p[i + 1] == 'e')
                    i++;
            }
            out[j] = '\0';
        }
    }
    buf_free(&b);
    return out;
}

int
gebiet_regierungsbezirke(struct db_conn *c, struct arena *a, struct regierungsbezirk **out,
                         size_t *n)
{
    return store_regierungsbezirk_list(c, a, NULL, out, n);
}

int
gebiet_regierungsbezirk(struct db_conn *c, struct arena *a, const char *ags,
                        struct regierungsbezirk *out)
{
    struct regierungsbezirk *arr;
    size_t n;
    if (!gebiet_is_rb_ags(ags))
        return ERR_INVALID;
    int rc = store_regierungsbezirk_list(c, a, ags, &arr, &n);
    if (rc != ERR_OK)
        return rc;
    if (n == 0)
        return ERR_NOTFOUND;
    *out = arr[0];
    return ERR_OK;
}

int
gebiet_kreise(struct db_conn *c, struct arena *a, const char *rb_ags, struct kreis **out, size_t *n)
{
    if (rb_ags && !gebiet_is_rb_ags(rb_ags))
        return ERR_INVALID;
    return store_kreis_list(c, a, rb_ags, NULL, out, n);
}

int
gebiet_kreis(struct db_conn *c, struct arena *a, const char *ags, struct kreis *out)
{
    struct kreis *arr;
    size_t n;
    if (!gebiet_is_kreis_ags(ags))
        return ERR_INVALID;
    int rc = store_kreis_list(c, a, NULL, ags, &arr, &n);
    if (rc != ERR_OK)
        return rc;
    if (n == 0)
        return ERR_NOTFOUND;
    *out = arr[0];
    return ERR_OK;
}

static const char *
sort_key(struct arena *a, const struct gemeinde *g, enum gemeinde_sort sort)
{
    switch (sort) {
    case GEMEINDE_SORT_NAME:
        return g->name_norm ? g->name_norm : "";
    case GEMEINDE_SORT_EINWOHNER:
        return arena_printf(a, "%lld", (long long)g->einwohner);
    case GEMEINDE_SORT_AGS:
        return g->ags;
    }
    return g->ags;
}

int
gebiet_gemeinden(struct db_conn *c, struct arena *a, const struct gemeinde_filter *f,
                 struct gemeinde_page *out, const char **bad_param)
{
    const char *after_key = NULL, *after_ags = NULL;
    const char *q_norm = NULL;

    if (f->kreis_ags && !gebiet_is_kreis_ags(f->kreis_ags)) {
        *bad_param = "kreis";
        return ERR_INVALID;
    }
    if (f->q) {
        if (strlen(f->q) > MAX_ORT_LEN) {
            *bad_param = "q";
            return ERR_INVALID;
        }
        q_norm = gebiet_name_norm(a, f->q);
        if (!q_norm)
            return ERR_NOMEM;
        if (!*q_norm)
            q_norm = NULL;
    }
    if (f->cursor) {
        char *parts[3];
        int64_t dummy;
        if (cursor_decode(a, f->cursor, 3, parts) != ERR_OK ||
            strtol(parts[0], NULL, 10) != (long)f->sort || !gebiet_is_gemeinde_ags(parts[2]) ||
            (f->sort == GEMEINDE_SORT_EINWOHNER &&
             str_to_int64(str_from(parts[1]), 0, INT64_MAX, &dummy) != ERR_OK)) {
            *bad_param = "cursor";
            return ERR_INVALID;
        }
        after_key = parts[1];
        after_ags = parts[2];
    }
    struct gemeinde *items;
    size_t n;
    /* one row more than asked tells whether there is a next page */
    int rc = store_gemeinde_page(c, a, q_norm, f->kreis_ags, f->sort, f->desc, after_key, after_ags,
                                 f->limit + 1, &items, &n);
    if (rc != ERR_OK)
        return rc;
    out->next_cursor = NULL;
    if (n > (size_t)f->limit) {
        n = (size_t)f->limit;
        const struct gemeinde *last = &items[n - 1];
        char sortno[4];
        snprintf(sortno, sizeof(sortno), "%d", (int)f->sort);
        const char *parts[3] = {sortno, sort_key(a, last, f->sort), last->ags};
        if (!parts[1])
            return ERR_NOMEM;
        out->next_cursor = cursor_encode(a, parts, 3);
        if (!out->next_cursor)
            return ERR_NOMEM;
    }
    out->items = items;
    out->n = n;
    return ERR_OK;
}

int
gebiet_gemeinde(struct db_conn *c, struct arena *a, const char *ags, struct gemeinde *out)
{
    if (!gebiet_is_gemeinde_ags(ags))
        return ERR_INVALID;
    return store_gemeinde_get(c, a, ags, out);
}

int
gebiet_ort_finden(struct db_conn *c, struct arena *a, const char *ort, size_t max,
                  struct gemeinde **out, size_t *n)
{
    size_t len = ort ? strlen(ort) : 0;
    while (len && ort[len - 1] == ' ')
        len--;
    while (len && *ort == ' ')
        ort++, len--;
    if (len == 0 || len > MAX_ORT_LEN)
        return ERR_INVALID;
    char *t = arena_strndup(a, ort, len);
    if (!t)
        return ERR_NOMEM;
    if (gebiet_is_gemeinde_ags(t)) {
        struct gemeinde *g = arena_alloc(a, sizeof(*g));
        if (!g)
            return ERR_NOMEM;
        int rc = store_gemeinde_get(c, a, t, g);
        if (rc == ERR_NOTFOUND) {
            *n = 0;
            return ERR_OK;
        }
        if (rc != ERR_OK)
            return rc;
        *out = g;
        *n = 1;
        return ERR_OK;
    }
    if (is_digits(t, 5))
        return store_gemeinde_by_plz(c, a, t, max, out, n);
    char *norm = gebiet_name_norm(a, t);
    if (!norm)
        return ERR_NOMEM;
    if (!*norm) {
        *n = 0;
        return ERR_OK;
    }
    return store_gemeinde_by_name(c, a, norm, max, out, n);
}
