/* db_fehler: the fault-injection countdown of the database layer (a test hook, see
 * db_fehler.h). One process-wide record: the armed pool, the statements left, and whether
 * the failure happened. */
#include "store/db_fehler.h"

#include <stdatomic.h>

#include "store/db_backend.h"
#include "util/err.h"

static _Atomic(struct db *) ziel;
static _Atomic int64_t rest;
static atomic_bool ausgeloest;
static _Atomic(const char *) fehler_sql;

void
db_fehler_nach(struct db *db, int64_t n)
{
    atomic_store(&rest, 0);
    atomic_store(&ausgeloest, false);
    atomic_store(&fehler_sql, NULL);
    if (n <= 0 || db == NULL)
        return;
    atomic_store(&ziel, db);
    atomic_store(&rest, n);
}

bool
db_fehler_ausgeloest(void)
{
    return atomic_load(&ausgeloest);
}

const char *
db_fehler_sql(void)
{
    return atomic_load(&fehler_sql);
}

int
db_fehler_pruefen(const struct db_conn *c, const char *sql)
{
    int64_t n = atomic_load_explicit(&rest, memory_order_relaxed);

    if (n <= 0 || c->db != atomic_load(&ziel))
        return ERR_OK;
    while (n > 0) {
        if (atomic_compare_exchange_weak(&rest, &n, n - 1)) {
            if (n != 1)
                return ERR_OK;
            atomic_store(&fehler_sql, sql);
            atomic_store(&ausgeloest, true);
            return ERR_DB;
        }
    }
    return ERR_OK;
}
