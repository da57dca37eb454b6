/* migrate: see migrate.h. The list of migrations is taken from embedded_files[] on every
 * call (a few dozen string compares), so there is no global state. */
#include "store/migrate.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/embedded.h"
#include "util/log.h"
#include "util/str.h"

/* Most migrations one dialect may have; more is a build error worth knowing about. */
#define MIGRATE_MAX 512

struct migration {
    int version;
    const struct embedded_file *file;
};

struct migration_list {
    struct migration items[MIGRATE_MAX];
    size_t n;
};

static const char *
dir_of(enum db_kind kind)
{
    return kind == DB_PG ? "store/migrations/pg/" : "store/migrations/sqlite/";
}

/* The version of a migration file named NNNN_name.sql (the part after the folder); -1 when
 * the name has another form. */
static int
version_of(const char *base)
{
    size_t digits = strspn(base, "0123456789");
    size_t len = strlen(base);
    int64_t v;

    if (digits == 0 || base[digits] != '_' || strchr(base, '/') != NULL || len < 4 ||
        strcmp(base + len - 4, ".sql") != 0)
        return -1;
    if (str_to_int64((struct str){base, digits}, 1, INT_MAX, &v) != ERR_OK)
        return -1;
    return (int)v;
}

static int
cmp_migration(const void *a, const void *b)
{
    const struct migration *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

/* The dialect's migrations into *list, by ascending version. ERR_INVALID (logged) for a
 * misnamed file or a version given twice, ERR_LIMIT for too many. */
static int
collect(enum db_kind kind, struct migration_list *list)
{
    const char *dir = dir_of(kind);
    size_t dir_len = strlen(dir);

    list->n = 0;
    for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
        if (strncmp(f->name, dir, dir_len) != 0)
            continue;
        int v = version_of(f->name + dir_len);
        if (v < 0) {
            log_error("migration '%s' is not named NNNN_name.sql", f->name);
            return ERR_INVALID;
        }
        if (list->n == MIGRATE_MAX) {
            log_error("more than %d migrations in '%s'", MIGRATE_MAX, dir);
            return ERR_LIMIT;
        }
        list->items[list->n].version = v;
        list->items[list->n].file = f;
        list->n++;
    }
    qsort(list->items, list->n, sizeof(list->items[0]), cmp_migration);
    for (size_t i = 1; i < list->n; i++) {
        if (list->items[i].version == list->items[i - 1].version) {
            log_error("migration version %d given twice in '%s'", list->items[i].version, dir);
            return ERR_INVALID;
        }
    }
    return ERR_OK;
}

int
migrate_latest(enum db_kind kind)
{
    const char *dir = dir_of(kind);
    size_t dir_len = strlen(dir);
    int latest = 0;

    for (const struct embedded_file *f = embedded_files; f->name != NULL; f++) {
        if (strncmp(f->name, dir, dir_len) != 0)
            continue;
        int v = version_of(f->name + dir_len);
        if (v > latest)
            latest = v;
    }
    return latest;
}

/* Whether schema_version exists, on the connection `c`. */
static int
has_version_table(struct db_conn *c, bool *out)
{
    static const char sql_sqlite[] =
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
    static const char sql_pg[] = "SELECT 1 WHERE to_regclass('schema_version') IS NOT NULL";
    struct db_rows *r = NULL;
    bool has_row;
    int rc;

    rc = db_query(c, db_conn_kind(c) == DB_PG ? sql_pg : sql_sqlite, NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has_row);
    db_rows_free(r);
    if (rc == ERR_OK)
        *out = has_row;
    return rc;
}

/* The highest version in schema_version (which must exist), 0 when it is empty. */
static int
read_version(struct db_conn *c, int *out)
{
    static const char sql[] = "SELECT MAX(version) FROM schema_version";
    struct db_rows *r = NULL;
    bool has_row;
    int64_t v = 0;
    int rc;

    rc = db_query(c, sql, NULL, 0, &r);
    if (rc != ERR_OK)
        return rc;
    rc = db_rows_next(r, &has_row);
    if (rc == ERR_OK && has_row && !db_rows_is_null(r, 0))
        v = db_rows_int(r, 0);
    db_rows_free(r);
    if (rc != ERR_OK)
        return rc;
    if (v < 0 || v > INT_MAX) {
        log_error("schema_version holds an impossible version");
        return ERR_DB;
    }
    *out = (int)v;
    return ERR_OK;
}

static int
current_version(struct db_conn *c, int *out)
{
    bool has_table = false;
    int rc = has_version_table(c, &has_table);
    if (rc != ERR_OK)
        return rc;
    if (!has_table) {
        *out = 0;
        return ERR_OK;
    }
    return read_version(c, out);
}

static void
log_too_new(int version, int latest)
{
    log_error("database schema version %d is newer than this rathaus (knows up to %d); use a "
              "newer rathaus",
              version, latest);
}

struct step {
    const struct migration *m; /* the migration to apply, NULL: only read the version */
    int latest;
    int before; /* out: the version found inside the transaction */
    bool is_applied;
};

/* One transaction: lock, make sure schema_version exists, read the version, refuse a newer
 * schema, apply step->m when the database is below it. */
static int
step_tx(struct db_conn *c, void *ctx)
{
    static const char create[] = "CREATE TABLE IF NOT EXISTS schema_version ("
                                 "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
    static const char insert[] = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)";
    /* serializes migrating processes on PostgreSQL until the end of the transaction */
    static const char lock_pg[] = "SELECT pg_advisory_xact_lock(7261746861757301)";
    struct step *s = ctx;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    int rc;

    s->is_applied = false;
    if (db_conn_kind(c) == DB_PG) {
        rc = db_exec(c, lock_pg, NULL, 0, NULL);
        if (rc != ERR_OK)
            return rc;
    }
    rc = db_exec_script(c, create);
    if (rc != ERR_OK)
        return rc;
    rc = read_version(c, &s->before);
    if (rc != ERR_OK)
        return rc;
    if (s->before > s->latest) {
        log_too_new(s->before, s->latest);
        return ERR_SCHEMA;
    }
    if (s->m == NULL || s->before >= s->m->version)
        return ERR_OK;
    rc = db_exec_script(c, s->m->file->data);
    if (rc != ERR_OK) {
        log_error("migration '%s' failed", s->m->file->name);
        return rc;
    }
    if (gmtime_r(&t, &tm) == NULL || strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return ERR_INVALID;
    struct db_param params[] = {DBP_INT(s->m->version), DBP_TEXTN(now, strlen(now))};
    rc = db_exec(c, insert, params, 2, NULL);
    if (rc == ERR_OK)
        s->is_applied = true;
    return rc;
}

int
migrate_run(struct db *db, int *from, int *to)
{
    struct migration_list *list;
    struct db_conn *c = NULL;
    struct step s = {0};
    int rc, before = 0, version;

    list = malloc(sizeof(*list));
    if (list == NULL)
        return ERR_NOMEM;
    rc = collect(db_kind(db), list);
    if (rc != ERR_OK)
        goto out;
    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        goto out;
    s.latest = list->n > 0 ? list->items[list->n - 1].version : 0;

    /* the first transaction only creates schema_version and reads (and checks) the version */
    rc = db_tx(c, step_tx, &s);
    if (rc != ERR_OK)
        goto out;
    before = s.before;
    version = before;
    for (size_t i = 0; i < list->n; i++) {
        if (list->items[i].version <= version)
            continue;
        s.m = &list->items[i];
        rc = db_tx(c, step_tx, &s);
        if (rc != ERR_OK)
            goto out;
        if (s.is_applied) {
            version = s.m->version;
            log_info("applied migration '%s'", s.m->file->name);
        } else {
            version = s.before; /* another process got there first */
        }
    }
    *from = before;
    *to = version;
out:
    db_release(c);
    free(list);
    return rc;
}

int
migrate_current(struct db *db, int *version)
{
    struct db_conn *c = NULL;
    int rc;

    rc = db_acquire(db, &c);
    if (rc != ERR_OK)
        return rc;
    rc = current_version(c, version);
    db_release(c);
    return rc;
}

int
migrate_check(struct db *db)
{
    int latest = migrate_latest(db_kind(db));
    int version = 0;
    int rc;

    rc = migrate_current(db, &version);
    if (rc != ERR_OK)
        return rc;
    if (version > latest) {
        log_too_new(version, latest);
        return ERR_SCHEMA;
    }
    if (version == 0 && latest > 0) {
        log_error("the database has no rathaus schema yet; run 'rathaus init' first");
        return ERR_CONFLICT;
    }
    if (version < latest) {
        log_error("database schema version %d is older than this rathaus (%d); run 'rathaus "
                  "init' first",
                  version, latest);
        return ERR_CONFLICT;
    }
    return ERR_OK;
}
