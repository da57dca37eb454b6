#include "formats/aktenplan_demo.h"

#include <stdio.h>
#include <time.h>

#include "domain/aktenplan.h"
#include "formats/csv.h"
#include "store/aktenplan.h"
#include "util/arena.h"
#include "util/buf.h"

int
aktenplan_demo_laden(struct db_conn *c, const char *dir, int64_t *n_behoerden, char *err,
                     size_t err_len)
{
    struct buf text = BUF_INIT(CSV_MAX_FILE), msg = BUF_INIT(64 * 1024);
    struct actor sys = {.is_system = true};
    struct umfeld u = {.jetzt = (int64_t)time(NULL), .herkunft = "cli", .geraet = "rathaus demo"};
    struct arena *a = arena_new(1024 * 1024);
    int64_t *ids = NULL;
    size_t n = 0;
    char pfad[1024];
    int rc = a ? ERR_OK : ERR_NOMEM;

    snprintf(pfad, sizeof(pfad), "%s/aktenplan.csv", dir);
    if (rc == ERR_OK)
        rc = csv_read_file(pfad, CSV_MAX_FILE, &text, &msg);
    if (rc == ERR_OK)
        rc = store_aktenplan_demo_behoerden(c, a, &ids, &n);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        struct aktenplan_import_ergebnis erg;
        rc = aktenplan_import(c, &u, &sys, ids[i], pfad, text.p ? text.p : "", text.len, true, &erg,
                              &msg);
    }
    if (rc == ERR_OK)
        *n_behoerden = (int64_t)n;
    else
        snprintf(err, err_len, "Aktenplan: %s", msg.len ? buf_cstr(&msg) : err_name(rc));
    buf_free(&text);
    buf_free(&msg);
    arena_free(a);
    return rc;
}
