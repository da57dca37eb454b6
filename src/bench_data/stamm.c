/* bench_data/stamm: the master data of the generator and its database settings
 * (bench_data/intern.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bench_data/intern.h"
#include "domain/schluessel.h"

#define KONTO_PASSWORT_NULL dbp_null()

static int
add_konto(struct gen *g, int64_t id, const char *email, const char *art, int64_t t)
{
    struct rows *w = &g->w[ROWS_KONTO];
    int rc = gen_room(g);
    if (rc != ERR_OK)
        return rc;
    struct db_param *p = rows_add(w);
    p[0] = dbp_int(id);
    p[1] = rows_text(w, email, strlen(email));
    p[2] = dbp_text(art);
    p[3] = dbp_text("aktiv");
    p[4] = KONTO_PASSWORT_NULL;
    p[5] = dbp_int(t);
    p[6] = dbp_int(t);
    return ERR_OK;
}

static int
add_rolle(struct gen *g, int64_t konto, int64_t behoerde, const char *rolle, int64_t oe, int64_t t)
{
    struct rows *w = &g->w[ROWS_KONTO_ROLLE];
    int rc = gen_room(g);
    if (rc != ERR_OK)
        return rc;
    struct db_param *p = rows_add(w);
    p[0] = dbp_int(gen_id(g, ROWS_KONTO_ROLLE));
    p[1] = behoerde ? dbp_int(behoerde) : dbp_null();
    p[2] = dbp_int(konto);
    p[3] = dbp_text(rolle);
    p[4] = oe ? dbp_int(oe) : dbp_null();
    p[5] = dbp_null();
    p[6] = dbp_int(t);
    return ERR_OK;
}

/* Staff: 1 per 5,000 inhabitants (a Landratsamt 1 per 8,000 of its Kreis), at least one per
 * office, at most 80. Account j works in office j mod n_oe; the first is also admin. */
static int
write_konten(struct gen *g, struct gen_behoerde *b, int64_t t)
{
    int64_t n = strcmp(b->art, "landratsamt") == 0 ? b->einwohner / 8000 : b->einwohner / 5000;
    if (b->einwohner <= 0)
        n = 10;
    n = n < 2 ? 2 : n > 80 ? 80 : n;
    if (n < (int64_t)b->n_oe)
        n = (int64_t)b->n_oe;
    b->first_konto = g->next_id[ROWS_KONTO] + 1;
    b->n_konten = b->n_oe ? n : 0;
    for (int64_t j = 0; j < b->n_konten; j++) {
        char email[96];
        int64_t id = gen_id(g, ROWS_KONTO);
        const struct gen_oe *o = &g->oe[b->first_oe + (size_t)j % b->n_oe];
        snprintf(email, sizeof(email), "gen-%lld-%lld@generiert.invalid", (long long)b->id,
                 (long long)j + 1);
        int rc = add_konto(g, id, email, "personal", t);
        if (rc == ERR_OK)
            rc = add_rolle(g, id, b->id, "sachbearbeitung", o->id, t);
        if (rc == ERR_OK && j == 0)
            rc = add_rolle(g, id, b->id, "behoerdenadmin", 0, t);
        if (rc != ERR_OK)
            return rc;
    }
    g->res->konten += b->n_konten;
    return ERR_OK;
}

static int
write_blob(struct gen *g, struct gen_behoerde *b, int64_t t)
{
    struct rows *w = &g->w[ROWS_BLOB];
    char text[160], sha[SCHLUESSEL_HASH_LEN + 1];
    int n = snprintf(text, sizeof(text),
                     "Eingescanntes Schreiben an Behörde %lld (generierte Benchmark-Daten)\n",
                     (long long)b->id);
    int rc = gen_room(g);
    if (rc != ERR_OK || n < 0)
        return rc != ERR_OK ? rc : ERR_INVALID;
    schluessel_hash(text, (size_t)n, sha);
    b->blob_sha = arena_strdup(g->a, sha);
    b->blob_groesse = n;
    if (!b->blob_sha)
        return ERR_NOMEM;
    struct db_param *p = rows_add(w);
    p[0] = dbp_int(b->id);
    p[1] = dbp_text(b->blob_sha);
    p[2] = dbp_int(n);
    p[3] = dbp_text("text/plain");
    p[4] = rows_text(w, text, (size_t)n);
    p[4].type = DB_BLOB;
    p[5] = dbp_int(t);
    return ERR_OK;
}

/* A simple form for Leistung `l`: who applies and what for. Withdrawn, so that new
 * applications keep using the published forms. */
static int
write_formular(struct gen *g, struct gen_leistung *l, int64_t t)
{
    struct rows *w = &g->w[ROWS_FORMULAR];
    char sha[SCHLUESSEL_HASH_LEN + 1];
    json_t *def = json_pack(
        "{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:[{s:s, s:s, s:s, s:b, s:i}, {s:s, s:s, s:s, "
        "s:b, s:i}, {s:s, s:s, s:s, s:b}, {s:s, s:s, s:s}]}, {s:s, s:s, s:[{s:s, s:s, s:s, "
        "s:i}]}]}",
        "format", "rathaus-formular/1", "leistung", l->id, "titel", l->name, "beschreibung",
        "Generiertes Formular (Benchmark-Daten).", "schritte", "id", "person", "titel",
        "Antragstellerin oder Antragsteller", "felder", "id", "vorname", "typ", "text", "label",
        "Vorname", "pflicht", 1, "max_laenge", 100, "id", "familienname", "typ", "text", "label",
        "Familienname", "pflicht", 1, "max_laenge", 100, "id", "geburtsdatum", "typ", "datum",
        "label", "Geburtsdatum", "pflicht", 1, "id", "email", "typ", "email", "label",
        "E-Mail-Adresse", "id", "anliegen", "titel", "Ihr Anliegen", "felder", "id", "anliegen",
        "typ", "text", "label", "Ihr Anliegen", "max_laenge", 2000);
    char *text = def ? json_dumps(def, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(def);
    if (!text)
        return ERR_NOMEM;
    int rc = gen_room(g);
    if (rc == ERR_OK) {
        schluessel_hash(text, strlen(text), sha);
        l->formular_id = gen_id(g, ROWS_FORMULAR);
        struct db_param *p = rows_add(w);
        p[0] = dbp_int(l->formular_id);
        p[1] = dbp_text(l->id);
        p[2] = dbp_null();
        p[3] = dbp_int(l->formular_version);
        p[4] = dbp_text("zurueckgezogen");
        p[5] = rows_text(w, l->name, strlen(l->name));
        p[6] = rows_text(w, text, strlen(text));
        p[7] = rows_text(w, sha, strlen(sha));
        p[8] = dbp_int(t - 7 * GEN_JAHR);
        p[9] = dbp_int(t - 7 * GEN_JAHR);
        p[10] = dbp_int(t - GEN_TAG);
    }
    free(text);
    return rc;
}

int
gen_stamm(struct gen *g)
{
    int64_t t = g->o->stichtag - 7 * GEN_JAHR; /* the master data predates every case */
    int rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < g->n_b; i++) {
        struct gen_behoerde *b = &g->b[i];
        rc = write_konten(g, b, t);
        if (rc == ERR_OK)
            rc = write_blob(g, b, t);
    }
    /* one citizen account per three applications */
    g->n_buerger = g->o->antraege ? g->o->antraege / 3 + 1 : 0;
    g->first_buerger = g->next_id[ROWS_KONTO] + 1;
    for (int64_t i = 0; rc == ERR_OK && i < g->n_buerger; i++) {
        char email[64];
        snprintf(email, sizeof(email), "buerger-%lld@generiert.invalid", (long long)i + 1);
        rc = add_konto(g, gen_id(g, ROWS_KONTO), email, "buerger", t);
        if (rc == ERR_OK)
            rc = add_rolle(g, g->next_id[ROWS_KONTO], 0, "buerger", 0, t);
    }
    for (size_t i = 0; rc == ERR_OK && g->o->antraege && i < g->n_leist; i++)
        rc = write_formular(g, &g->leist[i], g->o->stichtag);
    if (rc == ERR_OK)
        g->res->formulare = g->o->antraege ? (int64_t)g->n_leist : 0;
    return rc;
}

/* Move the identity sequences past the ids written here (PostgreSQL only). */
int
gen_pg_sequences(struct gen *g)
{
    static const char *const sql[] = {
        "SELECT setval(pg_get_serial_sequence('konto', 'id'), "
        "GREATEST((SELECT MAX(id) FROM konto), 1))",
        "SELECT setval(pg_get_serial_sequence('konto_rolle', 'id'), "
        "GREATEST((SELECT MAX(id) FROM konto_rolle), 1))",
        "SELECT setval(pg_get_serial_sequence('formular', 'id'), "
        "GREATEST((SELECT MAX(id) FROM formular), 1))",
        "SELECT setval(pg_get_serial_sequence('akte', 'id'), "
        "GREATEST((SELECT MAX(id) FROM akte), 1))",
        "SELECT setval(pg_get_serial_sequence('antrag', 'id'), "
        "GREATEST((SELECT MAX(id) FROM antrag), 1))",
        "SELECT setval(pg_get_serial_sequence('antrag_status', 'id'), "
        "GREATEST((SELECT MAX(id) FROM antrag_status), 1))",
        "SELECT setval(pg_get_serial_sequence('vorgang', 'id'), "
        "GREATEST((SELECT MAX(id) FROM vorgang), 1))",
        "SELECT setval(pg_get_serial_sequence('vermerk', 'id'), "
        "GREATEST((SELECT MAX(id) FROM vermerk), 1))",
        "SELECT setval(pg_get_serial_sequence('wiedervorlage', 'id'), "
        "GREATEST((SELECT MAX(id) FROM wiedervorlage), 1))",
        "SELECT setval(pg_get_serial_sequence('eingang', 'id'), "
        "GREATEST((SELECT MAX(id) FROM eingang), 1))",
        "SELECT setval(pg_get_serial_sequence('akte_suchtext', 'id'), "
        "GREATEST((SELECT MAX(id) FROM akte_suchtext), 1))",
    };
    int rc = ERR_OK;
    for (size_t i = 0; rc == ERR_OK && i < sizeof(sql) / sizeof(sql[0]); i++) {
        struct db_rows *rows;
        bool has;
        rc = db_query(g->c, sql[i], NULL, 0, &rows);
        if (rc == ERR_OK) {
            rc = db_rows_next(rows, &has);
            db_rows_free(rows);
        }
    }
    return rc;
}

/* Bulk-load settings for this connection (SQLite): no fsync per commit, a big page cache.
 * `on` false restores what the store sets. */
void
gen_bulk_mode(struct db_conn *c, bool on)
{
    static const char sql_on_sync[] = "PRAGMA synchronous=OFF";
    static const char sql_on_cache[] = "PRAGMA cache_size=-262144";
    static const char sql_off_sync[] = "PRAGMA synchronous=FULL";
    static const char sql_off_cache[] = "PRAGMA cache_size=-2000";
    if (db_conn_kind(c) != DB_SQLITE)
        return;
    if (db_exec(c, on ? sql_on_sync : sql_off_sync, NULL, 0, NULL) != ERR_OK ||
        db_exec(c, on ? sql_on_cache : sql_off_cache, NULL, 0, NULL) != ERR_OK)
        return; /* only a matter of speed */
}
