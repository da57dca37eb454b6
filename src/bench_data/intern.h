/* bench_data/intern: what generate.c (setup: authorities, file plans, accounts, forms) and
 * faelle.c (cases and applications of one office) share. Everything lives in g->a, the
 * generator's arena, for the whole run. Not thread-safe. */
#ifndef RATHAUS_BENCH_DATA_INTERN_H
#define RATHAUS_BENCH_DATA_INTERN_H

#include <stdint.h>

#include "bench_data/generate.h"
#include "bench_data/rows.h"
#include "formats/progress.h"

#define GEN_TAG  86400 /* seconds of a day */
#define GEN_JAHR (365 * GEN_TAG)

/* One subject of an authority's file plan (loaded after the demo plan was written). */
struct gen_plan {
    int64_t id, eltern; /* eltern 0: a main group */
    const char *kennzeichen, *titel;
    int jahre;    /* retention after zdA, inherited from the parents; 0: until evaluated */
    int64_t lauf; /* the last running number of a file under it */
};

struct gen_behoerde {
    int64_t id;
    const char *art, *gemeinde_ags, *kreis_ags;
    int64_t einwohner;
    size_t first_oe, n_oe;
    size_t first_gemeinde, n_gemeinden; /* the Gemeinden it serves, in g->gemeinden */
    struct gen_plan *plan;              /* its file plan (NULL: none, no cases) */
    size_t n_plan;
    int64_t first_konto, n_konten; /* its staff accounts have consecutive ids */
    const char *blob_sha;          /* a scanned letter for its inbox */
    int64_t blob_groesse;
};

struct gen_oe {
    int64_t id;
    size_t behoerde; /* index into g->b */
    const char *amt; /* office type ("buergerbuero"), "" when unknown */
    size_t plan[3];  /* the subjects it files under, indexes into its authority's plan */
    size_t *leistungen, n_leistungen; /* indexes into g->leist it is responsible for */
    uint64_t gewicht;
};

struct gen_leistung {
    const char *id, *name;
    int64_t formular_id, formular_version;
};

struct gen {
    const struct generate_opts *o;
    struct db_conn *c;
    struct arena *a;
    struct rng rng;
    struct gen_behoerde *b;
    size_t n_b;
    struct gen_oe *oe;
    size_t n_oe;
    struct gen_leistung *leist; /* sorted by id */
    size_t n_leist;
    const char **gemeinden; /* AGS, sorted */
    size_t n_gemeinden;
    int64_t next_id[ROWS_N_TABLES];
    struct rows w[ROWS_N_TABLES];
    int64_t first_buerger, n_buerger; /* citizen accounts */
    int64_t since_commit;             /* cases written since the last commit */
    struct progress bar;
    struct generate_result *res;
    char *err;
    size_t err_len;
};

/* Write every buffered row, parents before children. */
RH_MUST_CHECK int gen_flush_all(struct gen *g);
/* Flush all when any writer is full. */
RH_MUST_CHECK int gen_room(struct gen *g);
/* A new id for table t. */
int64_t gen_id(struct gen *g, enum rows_table t);
/* "YYYY-MM-DD" of unix time t into out[11]. */
void gen_datum(int64_t t, char out[11]);

/* The master data: per authority staff accounts with roles and a scanned letter (blob);
 * citizen accounts; a form per Leistung. */
RH_MUST_CHECK int gen_stamm(struct gen *g);

/* Move PostgreSQL's identity sequences past the ids written here. */
RH_MUST_CHECK int gen_pg_sequences(struct gen *g);
/* Bulk-load settings of connection `c` on SQLite (synchronous=OFF, a big page cache); `on`
 * false restores the store's. Only a matter of speed: cannot fail. */
void gen_bulk_mode(struct db_conn *c, bool on);

/* Cases and applications of office `oe`: `n_faelle` cases (those made from applications
 * count), `n_antraege` applications. */
RH_MUST_CHECK int gen_faelle(struct gen *g, size_t oe, int64_t n_faelle, int64_t n_antraege);

#endif
