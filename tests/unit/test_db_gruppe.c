/* Tests of the read snapshot (db_read) and the group commit (db_tx_gruppe) of store/db.h, and
 * of the audit entries of reads that use both (protokoll_lesen), on SQLite and, when
 * RATHAUS_TEST_PG holds a DSN, on PostgreSQL (schema rh_test_db_gruppe; fixture testdb.h).
 * Batching is made deterministic: the first job blocks until the others are queued. */
#include <stdio.h>
#include <string.h>

#include <pthread.h>
#include <sched.h>

#include "domain/protokoll.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"

#define N_THREADS 8
#define N_JE      25

static const char sql_insert[] = "INSERT INTO gt (k, v) VALUES (?, ?)";
static const char sql_count[] = "SELECT COUNT(*) FROM gt";

static void
create_gt(struct db_conn *c)
{
    CHECK(db_exec_script(c, "CREATE TABLE gt (k INTEGER PRIMARY KEY, v TEXT NOT NULL)") == ERR_OK);
}

/* ---- db_read -------------------------------------------------------------------------- */

struct snapshot {
    struct db_conn *other;
    int64_t before, after;
};

static int
snapshot_fn(struct db_conn *c, void *ctx)
{
    struct snapshot *s = ctx;
    s->before = testdb_count(c, sql_count, NULL);
    /* another connection commits a row while this snapshot is open */
    int rc =
        db_exec(s->other, sql_insert, (struct db_param[]){DBP_INT(99), DBP_TEXT("neu")}, 2, NULL);
    if (rc != ERR_OK)
        return rc;
    s->after = testdb_count(c, sql_count, NULL);
    return ERR_OK;
}

static int
write_fn(struct db_conn *c, void *ctx)
{
    (void)ctx;
    return db_exec(c, sql_insert, (struct db_param[]){DBP_INT(7), DBP_TEXT("x")}, 2, NULL);
}

static int
count_fn(struct db_conn *c, void *ctx)
{
    int64_t *n = ctx;
    *n = testdb_count(c, sql_count, NULL);
    return *n >= 0 ? ERR_OK : ERR_DB;
}

static void
read_body(enum db_kind kind)
{
    struct db *db = testdb_fresh_n(kind, 3);
    struct db_conn *a = NULL, *b = NULL;
    if (!db)
        return;
    CHECK(db_acquire(db, &a) == ERR_OK);
    CHECK(db_acquire(db, &b) == ERR_OK);
    create_gt(a);
    CHECK(db_exec(a, sql_insert, (struct db_param[]){DBP_INT(1), DBP_TEXT("eins")}, 2, NULL) ==
          ERR_OK);

    /* one snapshot for every statement of the read */
    struct snapshot s = {.other = b, .before = -1, .after = -1};
    CHECK(db_read(a, snapshot_fn, &s) == ERR_OK);
    CHECK(s.before == 1 && s.after == 1);
    CHECK(testdb_count(a, sql_count, NULL) == 2);

    /* a read neither takes nor waits for the write lock: it runs while b holds it */
    CHECK(db_begin(b) == ERR_OK);
    CHECK(db_exec(b, sql_insert, (struct db_param[]){DBP_INT(2), DBP_TEXT("zwei")}, 2, NULL) ==
          ERR_OK);
    int64_t n = -1;
    CHECK(db_read(a, count_fn, &n) == ERR_OK);
    CHECK(n == 2); /* b's row is not committed yet */
    CHECK(db_commit(b) == ERR_OK);
    CHECK(db_read(a, count_fn, &n) == ERR_OK && n == 3);

    /* PostgreSQL refuses a write in a read; nothing is left behind */
    if (kind == DB_PG) {
        CHECK(db_read(a, write_fn, NULL) != ERR_OK);
        CHECK(testdb_count(a, "SELECT COUNT(*) FROM gt WHERE k = 7", NULL) == 0);
    }
    db_release(b);
    db_release(a);
    db_close(db);
}

static void
test_db_read_is_one_snapshot_without_the_write_lock(void)
{
    testdb_on_both(read_body);
}

/* ---- db_tx_gruppe --------------------------------------------------------------------- */

struct job {
    struct db *db;
    int64_t k;
    const char *v;
    size_t warte_auf; /* block inside the transaction until this many jobs are queued */
    bool scheitert;   /* insert, then fail */
    int rc;
    int drin; /* set once its function runs (atomic) */
};

static int
job_fn(struct db_conn *c, void *ctx)
{
    struct job *j = ctx;
    int rc = db_exec(c, sql_insert, (struct db_param[]){DBP_INT(j->k), DBP_TEXT(j->v)}, 2, NULL);
    if (rc != ERR_OK)
        return rc;
    __atomic_store_n(&j->drin, 1, __ATOMIC_RELEASE);
    while (j->warte_auf > 0) {
        uint64_t nb, na;
        size_t nw;
        db_gruppe_zaehler(j->db, &nb, &na, &nw);
        if (nw >= j->warte_auf)
            break;
        sched_yield();
    }
    j->warte_auf = 0; /* a retry alone does not wait again */
    return j->scheitert ? ERR_CONFLICT : ERR_OK;
}

static void *
job_main(void *arg)
{
    struct job *j = arg;
    struct db_conn *c = NULL;
    j->rc = db_acquire(j->db, &c);
    if (j->rc == ERR_OK) {
        j->rc = db_tx_gruppe(c, job_fn, j);
        db_release(c);
    }
    return NULL;
}

/* Job 0 leads a batch of its own and blocks in it until jobs 1..3 are queued; they form the
 * next batch, where job 2 fails: the batch is undone and each runs alone. */
static void
batch_body(enum db_kind kind)
{
    struct db *db = testdb_fresh_n(kind, 5);
    struct db_conn *c = NULL;
    pthread_t th[4];
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    create_gt(c);
    db_release(c);
    struct job jobs[4] = {
        {db, 10, "leitet", 3, false, -1, 0},
        {db, 11, "b", 0, false, -1, 0},
        {db, 12, "c", 0, true, -1, 0},
        {db, 13, "d", 0, false, -1, 0},
    };
    CHECK(pthread_create(&th[0], NULL, job_main, &jobs[0]) == 0);
    /* the others start once job 0 is running its batch */
    while (!__atomic_load_n(&jobs[0].drin, __ATOMIC_ACQUIRE))
        sched_yield();
    for (int i = 1; i < 4; i++)
        CHECK(pthread_create(&th[i], NULL, job_main, &jobs[i]) == 0);
    for (int i = 0; i < 4; i++)
        pthread_join(th[i], NULL);

    CHECK(jobs[0].rc == ERR_OK && jobs[1].rc == ERR_OK && jobs[3].rc == ERR_OK);
    CHECK(jobs[2].rc == ERR_CONFLICT);
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM gt WHERE k IN (10, 11, 13)", NULL) == 3);
    CHECK(testdb_count(c, "SELECT COUNT(*) FROM gt WHERE k = 12", NULL) == 0);
    db_release(c);
    uint64_t nb, na;
    size_t nw;
    db_gruppe_zaehler(db, &nb, &na, &nw);
    CHECK(nb == 2 && na == 4 && nw == 0);
    db_close(db);
}

static void
test_db_tx_gruppe_batches_and_isolates_failures(void)
{
    testdb_on_both(batch_body);
}

/* Many threads at once: every job commits exactly once, whatever the batching. */
struct viele {
    struct db *db;
    int t;
    int fehler;
};

static int
viele_fn(struct db_conn *c, void *ctx)
{
    struct job *j = ctx;
    return db_exec(c, sql_insert, (struct db_param[]){DBP_INT(j->k), DBP_TEXT(j->v)}, 2, NULL);
}

static void *
viele_main(void *arg)
{
    struct viele *v = arg;
    for (int i = 0; i < N_JE; i++) {
        struct db_conn *c = NULL;
        struct job j = {.k = v->t * 1000 + i, .v = "v"};
        if (db_acquire(v->db, &c) != ERR_OK) {
            v->fehler++;
            continue;
        }
        if (db_tx_gruppe(c, viele_fn, &j) != ERR_OK)
            v->fehler++;
        db_release(c);
    }
    return NULL;
}

static void
viele_body(enum db_kind kind)
{
    struct db *db = testdb_fresh_n(kind, N_THREADS);
    struct db_conn *c = NULL;
    pthread_t th[N_THREADS];
    struct viele v[N_THREADS];
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    create_gt(c);
    db_release(c);
    for (int t = 0; t < N_THREADS; t++) {
        v[t] = (struct viele){db, t, 0};
        CHECK(pthread_create(&th[t], NULL, viele_main, &v[t]) == 0);
    }
    int fehler = 0;
    for (int t = 0; t < N_THREADS; t++) {
        pthread_join(th[t], NULL);
        fehler += v[t].fehler;
    }
    CHECK(fehler == 0);
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(testdb_count(c, sql_count, NULL) == N_THREADS * N_JE);
    db_release(c);
    uint64_t nb, na;
    size_t nw;
    db_gruppe_zaehler(db, &nb, &na, &nw);
    CHECK(na == N_THREADS * N_JE && nb >= 1 && nb <= na && nw == 0);
    db_close(db);
}

static void
test_db_tx_gruppe_commits_every_job_once(void)
{
    testdb_on_both(viele_body);
}

/* ---- protokoll_lesen ------------------------------------------------------------------ */

struct leser {
    struct db *db;
    int t;
    int fehler;
};

static void *
leser_main(void *arg)
{
    struct leser *l = arg;
    struct umfeld u = testdb_umfeld(1767225600);
    for (int i = 0; i < N_JE; i++) {
        struct db_conn *c = NULL;
        if (db_acquire(l->db, &c) != ERR_OK) {
            l->fehler++;
            continue;
        }
        if (protokoll_objekt_gelesen(c, &u, 1, 20, "vorgang_gelesen", "vorgang", l->t * 1000 + i,
                                     NULL) != ERR_OK)
            l->fehler++;
        db_release(c);
    }
    return NULL;
}

/* Concurrent reads of one authority append to its chain through shared commits; the chain
 * stays whole and holds every entry once. */
static void
protokoll_body(enum db_kind kind)
{
    struct db *db = testdb_fresh_n(kind, N_THREADS);
    struct db_conn *c = NULL;
    pthread_t th[N_THREADS];
    struct leser l[N_THREADS];
    if (!db)
        return;
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_exec_script(c, testdb_seed) == ERR_OK);
    db_release(c);
    for (int t = 0; t < N_THREADS; t++) {
        l[t] = (struct leser){db, t, 0};
        CHECK(pthread_create(&th[t], NULL, leser_main, &l[t]) == 0);
    }
    int fehler = 0;
    for (int t = 0; t < N_THREADS; t++) {
        pthread_join(th[t], NULL);
        fehler += l[t].fehler;
    }
    CHECK(fehler == 0);
    CHECK(db_acquire(db, &c) == ERR_OK);
    int64_t n = -1, bruch = -1;
    CHECK(protokoll_pruefen(c, 1, &n, &bruch) == ERR_OK);
    CHECK(n == N_THREADS * N_JE);
    CHECK(testdb_count(c,
                       "SELECT COUNT(DISTINCT objekt_id) FROM protokoll WHERE kette = 1 AND "
                       "aktion = ?",
                       "vorgang_gelesen") == N_THREADS * N_JE);
    db_release(c);
    db_close(db);
}

static void
test_protokoll_lesen_keeps_the_chain_whole(void)
{
    testdb_on_both(protokoll_body);
}

int
main(void)
{
    if (testdb_init("db_gruppe") != 0)
        return 1;
    TEST(test_db_read_is_one_snapshot_without_the_write_lock);
    TEST(test_db_tx_gruppe_batches_and_isolates_failures);
    TEST(test_db_tx_gruppe_commits_every_job_once);
    TEST(test_protokoll_lesen_keeps_the_chain_whole);
    testdb_done();
    return tap_done();
}
