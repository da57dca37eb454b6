/* libFuzzer harness: the CSV reader (formats/csv.h), the CSV paths of both importers without a
 * database (gemeinden_import and leistungen_import parse and validate only), and the search
 * normalizer (domain/suchtext.h) over every field. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "domain/suchtext.h"
#include "formats/csv.h"
#include "formats/gemeinden_import.h"
#include "formats/leistungen_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
read_all(const char *p, size_t n)
{
    struct csv *r = NULL;
    struct buf st = BUF_INIT(1 << 20);
    char terms[8][SUCHTEXT_TERM_MAX];
    bool has = false;

    if (csv_open("fuzz.csv", p, n, &r) != ERR_OK)
        return;
    if (csv_read_header(r) == ERR_OK) {
        RH_IGNORE(csv_col(r, "ags") >= 0);
        while (csv_next(r, &has) == ERR_OK && has) {
            for (size_t i = 0; i < csv_n_fields(r); i++) {
                struct str f = csv_field(r, (int)i);
                buf_reset(&st);
                RH_IGNORE(suchtext_build(f.p, f.len, &st));
                RH_IGNORE(suchtext_terms(f.p, f.len, terms, 8) > 8);
            }
        }
    }
    RH_IGNORE(strlen(csv_error(r)) > 0);
    csv_free(r);
    buf_free(&st);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct buf err = BUF_INIT(1 << 16);
    struct gemeinden_import *g = NULL;
    struct leistungen_import *l = NULL;

    read_all(p, size);
    if (gemeinden_import_new("08", &g) == ERR_OK)
        RH_IGNORE(gemeinden_import_add_data(g, "fuzz.csv", p, size, &err));
    buf_reset(&err);
    if (leistungen_import_new(&l) == ERR_OK)
        RH_IGNORE(leistungen_import_add_data(l, "fuzz.csv", p, size, &err));
    gemeinden_import_free(g);
    leistungen_import_free(l);
    buf_free(&err);
    return 0;
}
