#include "bench_data/rows.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random numbers: splitmix64 for the seed, xoshiro256** for the stream ---- */

static uint64_t
splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t
rng_below(struct rng *r, uint64_t n)
{
    if (n == 0)
        return 0;
    /* rejection sampling: no modulo bias */
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t v;
    do
        v = rng_next(r);
    while (v >= limit);
    return v % n;
}

int64_t
rng_range(struct rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

bool
rng_chance(struct rng *r, unsigned percent)
{
    return rng_below(r, 100) < percent;
}

const char *
rng_pick(struct rng *r, const char *const *arr, size_t n)
{
    return arr[rng_below(r, n)];
}

/* ---- tables ---- */

static const struct {
    const char *name, *cols;
    size_t n_cols;
} tables[ROWS_N_TABLES] = {
    [ROWS_KONTO] = {"konto", "id, email, art, status, passwort_hash, erstellt, geaendert", 7},
    [ROWS_KONTO_ROLLE] = {"konto_rolle",
                          "id, behoerde_id, konto_id, rolle, oe_id, kreis_ags, erstellt", 7},
    [ROWS_FORMULAR] = {"formular",
                       "id, leistung_id, behoerde_id, version, status, titel, definition, "
                       "sha256, erstellt, veroeffentlicht, zurueckgezogen",
                       11},
    [ROWS_BLOB] = {"blob", "behoerde_id, sha256, groesse, typ, inhalt, erstellt", 6},
    [ROWS_AKTE] = {"akte",
                   "id, behoerde_id, oe_id, aktenplan_id, laufnummer, aktenzeichen, titel, "
                   "status, konto_id, erstellt, geaendert, zda_zeitpunkt, aufbewahrung_bis",
                   13},
    [ROWS_ANTRAG] = {"antrag",
                     "id, behoerde_id, oe_id, konto_id, formular_id, leistung_id, gemeinde_ags, "
                     "status, fortsetzung, schritt, revision, erstellt, geaendert, eingereicht",
                     14},
    [ROWS_ANTRAG_DATEN] = {"antrag_daten", "antrag_id, behoerde_id, daten, geaendert", 4},
    [ROWS_ANTRAG_STATUS] = {"antrag_status",
                            "id, behoerde_id, antrag_id, status, zeitpunkt, konto_id, bemerkung",
                            7},
    [ROWS_EINGANGSBESTAETIGUNG] = {"eingangsbestaetigung",
                                   "antrag_id, behoerde_id, nummer, zeitpunkt, sha256, inhalt", 6},
    [ROWS_VORGANG] = {"vorgang",
                      "id, behoerde_id, oe_id, akte_id, laufnummer, aktenzeichen, betreff, "
                      "antrag_id, leistung_id, status, bearbeitung_konto_id, konto_id, "
                      "erstellt, geaendert, zda_zeitpunkt",
                      15},
    [ROWS_VERMERK] = {"vermerk", "id, behoerde_id, vorgang_id, text, konto_id, erstellt", 6},
    [ROWS_WIEDERVORLAGE] = {"wiedervorlage",
                            "id, behoerde_id, vorgang_id, konto_id, datum, grund, erstellt, "
                            "erledigt",
                            8},
    [ROWS_EINGANG] = {"eingang",
                      "id, behoerde_id, oe_id, art, antrag_id, sha256, dateiname, typ, groesse, "
                      "betreff, leistung_id, status, zugewiesen_konto_id, vorgang_id, "
                      "eingegangen, geaendert",
                      16},
    [ROWS_AKTE_SUCHTEXT] = {"akte_suchtext",
                            "id, behoerde_id, oe_id, objekt_typ, objekt_id, akte_id, vorgang_id, "
                            "titel, text, geaendert",
                            10},
};

/* Statement sizes: 64, 32, ..., 1 rows. */
#define N_SIZES  7
#define MAX_ROWS 64
#define SQL_MAX  8192

/* The SQL of every table and size. Built once and never changed afterwards: its addresses
 * key the store's statement cache. */
static char sql_text[ROWS_N_TABLES][N_SIZES][SQL_MAX];
static bool sql_built[ROWS_N_TABLES];

static void
build_sql(enum rows_table t)
{
    if (sql_built[t])
        return;
    for (int k = 0; k < N_SIZES; k++) {
        size_t n_rows = (size_t)MAX_ROWS >> k, off = 0;
        char *s = sql_text[t][k];
        off += (size_t)snprintf(s, SQL_MAX, "INSERT INTO %s (%s) VALUES ", tables[t].name,
                                tables[t].cols);
        for (size_t r = 0; r < n_rows && off < SQL_MAX; r++) {
            off += (size_t)snprintf(s + off, SQL_MAX - off, "%s(", r ? ", " : "");
            for (size_t c = 0; c < tables[t].n_cols && off < SQL_MAX; c++)
                off += (size_t)snprintf(s + off, SQL_MAX - off, "%s?", c ? ", " : "");
            if (off < SQL_MAX)
                off += (size_t)snprintf(s + off, SQL_MAX - off, ")");
        }
    }
    sql_built[t] = true;
}

const char *
rows_table_name(enum rows_table t)
{
    return tables[t].name;
}

int
rows_open(struct rows *w, struct db_conn *c, enum rows_table t)
{
    memset(w, 0, sizeof(*w));
    build_sql(t);
    w->c = c;
    w->t = t;
    w->n_cols = tables[t].n_cols;
    w->p = calloc(ROWS_CAP * w->n_cols, sizeof(*w->p));
    w->text = arena_new(256u * 1024 * 1024);
    if (!w->p || !w->text) {
        rows_close(w);
        return ERR_NOMEM;
    }
    return ERR_OK;
}

void
rows_close(struct rows *w)
{
    free(w->p);
    arena_free(w->text);
    w->p = NULL;
    w->text = NULL;
}

bool
rows_full(const struct rows *w)
{
    return w->n_rows >= ROWS_CAP;
}

struct db_param *
rows_add(struct rows *w)
{
    if (rows_full(w))
        return NULL;
    return &w->p[w->n_rows++ * w->n_cols];
}

const char *
rows_printf(struct rows *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(w->text, fmt, ap);
    va_end(ap);
    if (!s)
        w->is_nomem = true;
    return s;
}

struct db_param
rows_text(struct rows *w, const char *s, size_t len)
{
    char *copy = arena_strndup(w->text, s, len);
    if (!copy)
        w->is_nomem = true;
    return copy ? dbp_textn(copy, len) : dbp_null();
}

int
rows_flush(struct rows *w)
{
    size_t done = 0;
    int rc = w->is_nomem ? ERR_NOMEM : ERR_OK;
    for (int k = 0; rc == ERR_OK && k < N_SIZES; k++) {
        size_t size = (size_t)MAX_ROWS >> k;
        while (rc == ERR_OK && w->n_rows - done >= size) {
            rc = db_exec(w->c, sql_text[w->t][k], &w->p[done * w->n_cols], size * w->n_cols, NULL);
            done += size;
        }
    }
    if (rc == ERR_OK)
        w->written += (int64_t)w->n_rows;
    w->n_rows = 0;
    w->is_nomem = false;
    arena_reset(w->text);
    return rc;
}
