#include "store/akte_suchtext.h"

#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/zeile.h"
#include "util/str.h"

/* A malloc'd copy of s, cleaned as the header says and cut to at most `max` bytes. */
static char *
clean(const char *s, size_t max)
{
    size_t len = strlen(s), o = 0;
    char *out = malloc((len < max ? len : max) + 1);

    if (!out)
        return NULL;
    for (size_t i = 0; i < len;) {
        const unsigned char *p = (const unsigned char *)s + i;
        size_t n = str_utf8_laenge((const char *)p, len - i);
        if (n == 0) {
            if (o + 1 > max)
                break;
            out[o++] = '?';
            i++;
            continue;
        }
        if (o + n > max)
            break;
        if (n == 1 && ((p[0] < 0x20 && p[0] != '\n') || p[0] == 0x7f))
            out[o] = ' ';
        else
            memcpy(out + o, p, n);
        o += n;
        i += n;
    }
    out[o] = '\0';
    return out;
}

static bool
is_objekt_typ(const char *t)
{
    return t && (strcmp(t, "akte") == 0 || strcmp(t, "vorgang") == 0 || strcmp(t, "vermerk") == 0 ||
                 strcmp(t, "dokument") == 0);
}

static const char sql_setzen[] =
    "INSERT INTO akte_suchtext (behoerde_id, oe_id, objekt_typ, objekt_id, akte_id, vorgang_id, "
    " titel, text, geaendert) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (objekt_typ, objekt_id) DO UPDATE SET behoerde_id = excluded.behoerde_id, "
    " oe_id = excluded.oe_id, akte_id = excluded.akte_id, vorgang_id = excluded.vorgang_id, "
    " titel = excluded.titel, text = excluded.text, geaendert = excluded.geaendert";

int
akte_suchtext_setzen(struct db_conn *c, int64_t behoerde_id, int64_t oe_id, const char *objekt_typ,
                     int64_t objekt_id, int64_t akte_id, int64_t vorgang_id, const char *titel,
                     const char *text, int64_t jetzt)
{
    char *t = NULL, *x = NULL;
    int rc;

    if (!is_objekt_typ(objekt_typ) || !titel || behoerde_id <= 0 || oe_id <= 0 || objekt_id <= 0)
        return ERR_INVALID;
    t = clean(titel, AKTE_SUCHTEXT_TITEL_MAX);
    x = clean(text ? text : "", AKTE_SUCHTEXT_TEXT_MAX);
    if (!t || !x) {
        rc = ERR_NOMEM;
        goto out;
    }
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(oe_id),  DBP_TEXT(objekt_typ),
                           DBP_INT(objekt_id),   dbp_id(akte_id), dbp_id(vorgang_id),
                           DBP_TEXT(t),          DBP_TEXT(x),     DBP_INT(jetzt)};
    rc = db_exec(c, sql_setzen, p, sizeof(p) / sizeof(p[0]), NULL);
out:
    free(t);
    free(x);
    return rc;
}

static const char sql_loeschen[] =
    "DELETE FROM akte_suchtext WHERE objekt_typ = ? AND objekt_id = ?";

int
akte_suchtext_loeschen(struct db_conn *c, const char *objekt_typ, int64_t objekt_id)
{
    struct db_param p[] = {DBP_TEXT(objekt_typ), DBP_INT(objekt_id)};
    if (!is_objekt_typ(objekt_typ))
        return ERR_INVALID;
    return db_exec(c, sql_loeschen, p, 2, NULL);
}

static const char sql_loeschen_akte[] =
    "DELETE FROM akte_suchtext WHERE behoerde_id = ? AND akte_id = ?";

int
akte_suchtext_loeschen_akte(struct db_conn *c, int64_t behoerde_id, int64_t akte_id)
{
    struct db_param p[] = {DBP_INT(behoerde_id), DBP_INT(akte_id)};
    return db_exec(c, sql_loeschen_akte, p, 2, NULL);
}

static const char sql_oe_setzen[] =
    "UPDATE akte_suchtext SET oe_id = ? WHERE behoerde_id = ? AND vorgang_id = ?";

int
akte_suchtext_oe_setzen(struct db_conn *c, int64_t behoerde_id, int64_t vorgang_id, int64_t oe_id)
{
    struct db_param p[] = {DBP_INT(oe_id), DBP_INT(behoerde_id), DBP_INT(vorgang_id)};
    return db_exec(c, sql_oe_setzen, p, 3, NULL);
}

static bool
is_term(const char *t)
{
    size_t len = strlen(t);

    if (len == 0 || len >= AKTE_SUCHTEXT_TERM_MAX)
        return false;
    for (size_t i = 0; i < len;) {
        const unsigned char *p = (const unsigned char *)t + i;
        if (p[0] < 0x80) {
            if (!((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= '0' && p[0] <= '9')))
                return false;
            i++;
            continue;
        }
        size_t n = str_utf8_laenge((const char *)p, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/* The expression with every term as a prefix, or (praefix false) as a whole word. */
static int
ausdruck(bool is_pg, const char *const *terms, size_t n, bool praefix, struct buf *out)
{
    int rc = ERR_OK;

    buf_reset(out);
    if (n == 0 || n > AKTE_SUCHTEXT_TERME_MAX)
        return ERR_INVALID;
    for (size_t i = 0; i < n; i++)
        if (!terms[i] || !is_term(terms[i]))
            return ERR_INVALID;
    /* a term holds no quote of either kind (is_term), so quoting it is enough */
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (i)
            rc = buf_puts(out, is_pg ? " & " : " ");
        if (rc == ERR_OK)
            rc = is_pg ? buf_printf(out, "'%s'%s", terms[i], praefix ? ":*" : "")
                       : buf_printf(out, "\"%s\"%s", terms[i], praefix ? "*" : "");
    }
    return rc;
}

int
akte_suchtext_ausdruck(bool is_pg, const char *const *terms, size_t n, struct buf *out)
{
    return ausdruck(is_pg, terms, n, true, out);
}

#define SCOPE "(s.behoerde_id = ? AND (? = 0 OR s.oe_id = ?))"
#define SCOPES                                                                                     \
    "(" SCOPE " OR " SCOPE " OR " SCOPE " OR " SCOPE " OR " SCOPE " OR " SCOPE " OR " SCOPE        \
    " OR " SCOPE ")"
#define COLS                                                                                       \
    "SELECT s.id, s.behoerde_id, s.oe_id, s.objekt_typ, s.objekt_id, s.akte_id, s.vorgang_id, "    \
    " s.titel, "

/* The hits are ranked first and only the page's rows get an excerpt (making one reads and
 * tokenizes the row's text). SQLite: the MATCH expression itself holds the scopes (column
 * `bereich`, migration 0008), so FTS yields only the authority's hits and ranks them
 * without touching akte_suchtext; rathaus_rang (store/sqlite_rang.c: BM25 without the
 * document frequency, which would read the whole index) is larger for better hits, the title
 * weighs five times the text, `bereich` nothing. Only the newest candidates are ranked: the lowest
 * rowid among them bounds the ranking pass (FTS5 takes a rowid range into the index scan; rowids
 * grow with time). The page is then joined back to one more pass over the same range of
 * hits (CROSS JOIN keeps that order: a lookup by rowid would evaluate the MATCH once per
 * row) for the excerpt, and the scope is checked once more on the row itself. */
static const char sql_suchen_sqlite[] =
    "WITH k AS (SELECT COALESCE(MIN(rowid), 0) AS ab FROM (SELECT rowid FROM akte_suchtext_fts "
    "  WHERE akte_suchtext_fts MATCH ? ORDER BY rowid DESC LIMIT ?)), "
    " t AS (SELECT rowid AS id, rathaus_rang(akte_suchtext_fts, 5.0, 1.0, 0.0) AS rang "
    " FROM akte_suchtext_fts WHERE akte_suchtext_fts MATCH ? AND rowid >= (SELECT ab FROM k) "
    " ORDER BY rang DESC, rowid LIMIT ? OFFSET ?) " COLS
    "snippet(akte_suchtext_fts, -1, char(2), char(3), '…', 16), t.rang "
    "FROM akte_suchtext_fts CROSS JOIN t CROSS JOIN akte_suchtext s "
    "WHERE akte_suchtext_fts MATCH ? AND akte_suchtext_fts.rowid >= (SELECT ab FROM k) "
    " AND t.id = akte_suchtext_fts.rowid AND s.id = t.id "
    " AND " SCOPES " ORDER BY t.rang DESC, s.id";
/* The query as German stems (for the text) or words as written (the title's 'simple' part,
 * which keeps file numbers whole). ts_headline needs the text: only the first 100 kB. */
static const char sql_suchen_pg[] =
    "WITH x AS (SELECT to_tsquery('german', ?) || to_tsquery('simple', ?) AS q), "
    " k AS (SELECT s.id AS id, s.suchvektor AS v FROM x "
    " JOIN akte_suchtext s ON s.suchvektor @@ x.q "
    " WHERE " SCOPES " ORDER BY s.id DESC LIMIT ?), "
    " t AS (SELECT k.id AS id, ts_rank(k.v, x.q) AS rang FROM k CROSS JOIN x "
    " ORDER BY rang DESC, k.id LIMIT ? OFFSET ?) " COLS
    "ts_headline('german', CASE WHEN s.text = '' THEN s.titel ELSE left(s.text, 100000) END, "
    " x.q, 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || "
    " ', MaxWords=24, MinWords=8, MaxFragments=1, FragmentDelimiter=\" … \"'), t.rang "
    "FROM t JOIN akte_suchtext s ON s.id = t.id CROSS JOIN x ORDER BY t.rang DESC, s.id";

/* Up to `bis` hits of match expression `m` (SQLite: with the scopes in it) or tsquery text
 * `q` (PostgreSQL) in the scopes. */
static const char sql_zaehlen_sqlite[] =
    "SELECT COUNT(*) FROM (SELECT rowid FROM akte_suchtext_fts WHERE akte_suchtext_fts MATCH ? "
    " LIMIT ?)";
static const char sql_zaehlen_pg[] =
    "SELECT COUNT(*) FROM (SELECT 1 FROM akte_suchtext s WHERE s.suchvektor @@ "
    " (to_tsquery('german', ?) || to_tsquery('simple', ?)) AND " SCOPES " LIMIT ?) x";

/* Whether scope i adds nothing to the scopes before it, or is an office of an authority that
 * is searched whole. */
static bool
scope_ueberfluessig(const struct akte_suchtext_scope *sc, size_t n, size_t i)
{
    for (size_t j = 0; j < n; j++) {
        if (j == i || sc[j].behoerde_id != sc[i].behoerde_id)
            continue;
        if (sc[i].oe_id > 0 && sc[j].oe_id == 0)
            return true;
        if (j < i && sc[j].oe_id == sc[i].oe_id)
            return true;
    }
    return false;
}

/* The SQLite MATCH expression: the terms (`ausdruck`) in title or text, and one of the
 * scopes' tokens in `bereich` (an office-bound scope: its office's token; office ids are
 * unique across authorities). A row matches at most one of these tokens, so snippet(), which
 * picks the column with the most distinct hits (the first on a tie), never picks `bereich`. */
static int
fts_ausdruck(const struct akte_suchtext_scope *scopes, size_t n_scopes, const struct buf *ausdruck,
             struct buf *out)
{
    bool erstes = true;
    int rc = buf_printf(out, "{titel text} : (%s) AND (", buf_cstr(ausdruck));
    for (size_t i = 0; rc == ERR_OK && i < n_scopes; i++) {
        const struct akte_suchtext_scope *s = &scopes[i];
        if (scope_ueberfluessig(scopes, n_scopes, i))
            continue;
        rc = buf_printf(out, "%sbereich : %c%lld", erstes ? "" : " OR ", s->oe_id > 0 ? 'o' : 'b',
                        (long long)(s->oe_id > 0 ? s->oe_id : s->behoerde_id));
        erstes = false;
    }
    return rc == ERR_OK ? buf_puts(out, ")") : rc;
}

/* The parameters of SCOPES at p[np..]; unused slots repeat the first scope. Returns the new
 * count. */
static size_t
scope_params(struct db_param *p, size_t np, const struct akte_suchtext_scope *scopes,
             size_t n_scopes)
{
    for (size_t i = 0; i < AKTE_SUCHTEXT_SCOPES_MAX; i++) {
        const struct akte_suchtext_scope *s = &scopes[i < n_scopes ? i : 0];
        p[np++] = DBP_INT(s->behoerde_id);
        p[np++] = DBP_INT(s->oe_id);
        p[np++] = DBP_INT(s->oe_id);
    }
    return np;
}

int
akte_suchtext_suchen(struct db_conn *c, struct arena *a, const struct akte_suchtext_scope *scopes,
                     size_t n_scopes, const char *const *terms, size_t n_terms, int64_t offset,
                     int64_t limit, struct akte_suchtreffer **out, size_t *n_out)
{
    enum { N_SCOPE_PARAMS = 3 * AKTE_SUCHTEXT_SCOPES_MAX };
    struct buf q = BUF_INIT(4096), m = BUF_INIT(4096);
    bool pg = db_conn_kind(c) == DB_PG;
    struct db_param p[6 + N_SCOPE_PARAMS];
    struct akte_suchtreffer *arr = NULL;
    struct db_rows *rows = NULL;
    size_t n = 0, np = 0;
    bool has;
    int rc;

    if (n_scopes == 0 || n_scopes > AKTE_SUCHTEXT_SCOPES_MAX || offset < 0 || limit <= 0 ||
        limit > 1000)
        return ERR_INVALID;
    rc = ausdruck(pg, terms, n_terms, false, &q);
    if (rc == ERR_OK && !pg)
        rc = fts_ausdruck(scopes, n_scopes, &q, &m);
    if (rc != ERR_OK)
        goto out;
    /* whole words when they are found often enough, else prefixes (see the header) */
    int64_t genau = 0;
    np = 0;
    if (!pg) {
        p[np++] = DBP_TEXTN(buf_cstr(&m), m.len);
    } else {
        p[np++] = DBP_TEXTN(buf_cstr(&q), q.len);
        p[np++] = DBP_TEXTN(buf_cstr(&q), q.len);
        np = scope_params(p, np, scopes, n_scopes);
    }
    p[np++] = DBP_INT(AKTE_SUCHTEXT_GENAU_AB);
    bool has_genau = false;
    rc = zeile_query_int(c, pg ? sql_zaehlen_pg : sql_zaehlen_sqlite, p, np, &genau, &has_genau);
    if (rc == ERR_OK && genau < AKTE_SUCHTEXT_GENAU_AB) {
        buf_reset(&m);
        rc = ausdruck(pg, terms, n_terms, true, &q);
        if (rc == ERR_OK && !pg)
            rc = fts_ausdruck(scopes, n_scopes, &q, &m);
    }
    if (rc != ERR_OK)
        goto out;
    np = 0;
    arr = arena_alloc(a, (size_t)limit * sizeof(*arr));
    if (!arr) {
        rc = ERR_NOMEM;
        goto out;
    }
    int64_t kandidaten =
        offset + limit > AKTE_SUCHTEXT_KANDIDATEN ? offset + limit : AKTE_SUCHTEXT_KANDIDATEN;
    if (!pg) {
        p[np++] = DBP_TEXTN(buf_cstr(&m), m.len);
        p[np++] = DBP_INT(kandidaten);
        p[np++] = DBP_TEXTN(buf_cstr(&m), m.len);
        p[np++] = DBP_INT(limit);
        p[np++] = DBP_INT(offset);
        p[np++] = DBP_TEXTN(buf_cstr(&m), m.len);
    } else {
        p[np++] = DBP_TEXTN(buf_cstr(&q), q.len);
        p[np++] = DBP_TEXTN(buf_cstr(&q), q.len);
    }
    np = scope_params(p, np, scopes, n_scopes);
    if (pg) {
        p[np++] = DBP_INT(kandidaten);
        p[np++] = DBP_INT(limit);
        p[np++] = DBP_INT(offset);
    }
    rc = db_query(c, pg ? sql_suchen_pg : sql_suchen_sqlite, p, np, &rows);
    if (rc != ERR_OK)
        goto out;
    while ((rc = db_rows_next(rows, &has)) == ERR_OK && has && n < (size_t)limit) {
        struct akte_suchtreffer *t = &arr[n++];
        t->id = db_rows_int(rows, 0);
        t->behoerde_id = db_rows_int(rows, 1);
        t->oe_id = db_rows_int(rows, 2);
        t->objekt_typ = zeile_dup(a, db_rows_text(rows, 3));
        t->objekt_id = db_rows_int(rows, 4);
        t->akte_id = zeile_int0(rows, 5);
        t->vorgang_id = zeile_int0(rows, 6);
        t->titel = zeile_dup(a, db_rows_text(rows, 7));
        t->ausschnitt = zeile_dup(a, db_rows_text(rows, 8) ? db_rows_text(rows, 8) : "");
        t->rang = db_rows_double(rows, 9);
        if (!t->objekt_typ || !t->titel || !t->ausschnitt) {
            rc = ERR_NOMEM;
            break;
        }
    }
    if (rc == ERR_OK) {
        *out = arr;
        *n_out = n;
    }
out:
    db_rows_free(rows);
    buf_free(&q);
    buf_free(&m);
    return rc;
}
