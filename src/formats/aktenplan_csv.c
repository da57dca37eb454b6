#include "formats/aktenplan_csv.h"

#include <stdio.h>
#include <string.h>

#include "formats/csv.h"
#include "util/str.h"

#define MAX_FEHLER 50

static const char *const spalten[] = {"kennzeichen",       "titel",        "aufbewahrung_jahre",
                                      "archivwuerdigkeit", "beschreibung", "eltern"};
enum { S_KZ, S_TITEL, S_JAHRE, S_WUERDIG, S_BESCHR, S_ELTERN, S_ANZAHL };

bool
aktenplan_kennzeichen_ok(const char *kz)
{
    size_t n = kz ? strlen(kz) : 0;
    if (n == 0 || n > AKTENPLAN_KZ_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = kz[i];
        if (ch == '.') {
            if (i == 0 || i + 1 == n || kz[i - 1] == '.')
                return false;
        } else if (ch < '0' || ch > '9') {
            return false;
        }
    }
    return true;
}

bool
aktenplan_kennzeichen_vorfahr(const char *kz, size_t i, char *out)
{
    size_t n = strlen(kz);
    if (n > AKTENPLAN_KZ_MAX)
        return false;
    for (size_t k = 0; k <= i; k++) {
        if (n <= 1)
            return false;
        n--;
        if (kz[n - 1] == '.')
            n--;
    }
    memcpy(out, kz, n);
    out[n] = '\0';
    return true;
}

/* Record one problem; counts them and stops appending after MAX_FEHLER. */
static int
fehler(struct buf *err, size_t *n_fehler, const char *name, size_t zeile, const char *grund,
       const char *wert)
{
    int rc = ERR_OK;
    if (++*n_fehler > MAX_FEHLER)
        return ERR_OK;
    if (*n_fehler == MAX_FEHLER)
        return buf_printf(err, "%s: weitere Fehler nicht angezeigt\n", name);
    if (wert)
        rc = buf_printf(err, "%s:%zu: %s '%.40s'\n", name, zeile, grund, wert);
    else
        rc = buf_printf(err, "%s:%zu: %s\n", name, zeile, grund);
    return rc;
}

static const char *
optional(struct arena *a, struct str s)
{
    return s.len ? arena_strndup(a, s.p, s.len) : NULL;
}

/* Check one record into *z; problems go to err (returns ERR_OK unless memory ran out). */
static int
zeile_lesen(struct csv *r, struct arena *a, const int *idx, struct aktenplan_zeile *z,
            struct buf *err, size_t *n_fehler, bool *ok)
{
    const char *name = csv_name(r);
    size_t ln = csv_line(r);
    struct str kz = csv_field(r, idx[S_KZ]), titel = csv_field(r, idx[S_TITEL]);
    struct str jahre = csv_field(r, idx[S_JAHRE]), wuerdig = csv_field(r, idx[S_WUERDIG]);
    struct str beschr = csv_field(r, idx[S_BESCHR]), eltern = csv_field(r, idx[S_ELTERN]);
    int rc = ERR_OK;

    *ok = false;
    memset(z, 0, sizeof(*z));
    z->zeile = ln;
    z->aufbewahrung_jahre = -1;
    z->kennzeichen = arena_strndup(a, kz.p, kz.len);
    z->titel = arena_strndup(a, titel.p, titel.len);
    z->beschreibung = optional(a, beschr);
    z->eltern = optional(a, eltern);
    if (!z->kennzeichen || !z->titel || (beschr.len && !z->beschreibung) ||
        (eltern.len && !z->eltern))
        return ERR_NOMEM;

    bool gut = true;
    if (!aktenplan_kennzeichen_ok(z->kennzeichen)) {
        gut = false;
        rc = fehler(err, n_fehler, name, ln,
                    "kennzeichen muss aus Ziffern und einzelnen Punkten bestehen (höchstens 32 "
                    "Zeichen):",
                    z->kennzeichen);
    }
    if (rc == ERR_OK && (titel.len == 0 || titel.len > AKTENPLAN_TITEL_MAX)) {
        gut = false;
        rc = fehler(err, n_fehler, name, ln, "titel fehlt oder ist länger als 200 Zeichen", NULL);
    }
    if (rc == ERR_OK && jahre.len) {
        int64_t j = 0;
        if (str_to_int64(jahre, 0, 200, &j) != ERR_OK) {
            gut = false;
            rc = fehler(err, n_fehler, name, ln,
                        "aufbewahrung_jahre ist leer oder eine ganze Zahl von 0 bis 200:",
                        csv_cstr(r, idx[S_JAHRE]));
        } else {
            z->aufbewahrung_jahre = (int)j;
        }
    }
    if (rc == ERR_OK && wuerdig.len) {
        if (wuerdig.len != 1 || !strchr("ABV", wuerdig.p[0])) {
            gut = false;
            rc = fehler(err, n_fehler, name, ln,
                        "archivwuerdigkeit ist leer, A, B oder V:", csv_cstr(r, idx[S_WUERDIG]));
        } else {
            z->archivwuerdigkeit = wuerdig.p[0];
        }
    }
    if (rc == ERR_OK && beschr.len > AKTENPLAN_BESCHREIBUNG_MAX) {
        gut = false;
        rc = fehler(err, n_fehler, name, ln, "beschreibung ist länger als 2000 Zeichen", NULL);
    }
    if (rc == ERR_OK && z->eltern) {
        if (!aktenplan_kennzeichen_ok(z->eltern)) {
            gut = false;
            rc =
                fehler(err, n_fehler, name, ln, "eltern ist kein gültiges Kennzeichen:", z->eltern);
        } else if (strcmp(z->eltern, z->kennzeichen) == 0) {
            gut = false;
            rc = fehler(err, n_fehler, name, ln, "eltern nennt die Zeile selbst:", z->eltern);
        }
    }
    *ok = gut;
    return rc;
}

int
aktenplan_csv_parse(struct arena *a, const char *name, const char *data, size_t len,
                    struct aktenplan_zeile **rows, size_t *n, struct buf *err)
{
    struct csv *r = NULL;
    struct aktenplan_zeile *out = NULL;
    size_t n_out = 0, cap = 0, n_fehler = 0;
    int idx[S_ANZAHL];
    bool has = false;
    int rc;

    if (len > CSV_MAX_FILE)
        return buf_printf(err, "%s: die Datei ist größer als 32 MiB\n", name) == ERR_OK ? ERR_LIMIT
                                                                                        : ERR_NOMEM;
    rc = csv_open(name, data, len, &r);
    if (rc != ERR_OK)
        return rc;
    rc = csv_read_header(r);
    if (rc == ERR_OK)
        rc = csv_require_cols(r, spalten, 2, idx);
    if (rc != ERR_OK) {
        if (rc == ERR_INVALID)
            rc = buf_printf(err, "%s\n", csv_error(r)) == ERR_OK ? ERR_INVALID : ERR_NOMEM;
        goto out;
    }
    for (size_t i = 2; i < S_ANZAHL; i++)
        idx[i] = csv_col(r, spalten[i]);
    for (size_t i = 0; i < csv_n_cols(r); i++) {
        bool bekannt = false;
        for (size_t k = 0; k < S_ANZAHL; k++)
            bekannt = bekannt || idx[k] == (int)i;
        if (!bekannt) {
            rc = buf_printf(err,
                            "%s:1: unbekannte Spalte (erlaubt: kennzeichen, titel, "
                            "aufbewahrung_jahre, archivwuerdigkeit, beschreibung, eltern)\n",
                            name);
            rc = rc == ERR_OK ? ERR_INVALID : rc;
            goto out;
        }
    }
    while ((rc = csv_next(r, &has)) == ERR_OK && has) {
        bool ok = false;
        if (n_out >= AKTENPLAN_MAX_ZEILEN) {
            rc = buf_printf(err, "%s:%zu: mehr als %d Einträge\n", name, csv_line(r),
                            AKTENPLAN_MAX_ZEILEN);
            rc = rc == ERR_OK ? ERR_LIMIT : rc;
            goto out;
        }
        if (n_out == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct aktenplan_zeile *p = arena_alloc(a, ncap * sizeof(*p));
            if (!p) {
                rc = ERR_NOMEM;
                goto out;
            }
            if (n_out)
                memcpy(p, out, n_out * sizeof(*p));
            out = p;
            cap = ncap;
        }
        rc = zeile_lesen(r, a, idx, &out[n_out], err, &n_fehler, &ok);
        if (rc != ERR_OK)
            goto out;
        if (!ok)
            continue;
        for (size_t k = 0; k < n_out; k++) {
            if (strcmp(out[k].kennzeichen, out[n_out].kennzeichen) == 0) {
                char grund[96];
                snprintf(grund, sizeof(grund),
                         "kennzeichen steht schon in Zeile %zu:", out[k].zeile);
                rc = fehler(err, &n_fehler, name, out[n_out].zeile, grund, out[n_out].kennzeichen);
                ok = false;
                break;
            }
        }
        if (rc != ERR_OK)
            goto out;
        if (ok)
            n_out++;
    }
    if (rc == ERR_INVALID) {
        rc = buf_printf(err, "%s\n", csv_error(r));
        rc = rc == ERR_OK ? ERR_INVALID : rc;
        goto out;
    }
    if (rc != ERR_OK)
        goto out;
    if (n_fehler) {
        rc = ERR_INVALID;
        goto out;
    }
    if (n_out == 0) {
        rc = buf_printf(err, "%s:2: die Datei enthält keine Einträge\n", name);
        rc = rc == ERR_OK ? ERR_INVALID : rc;
        goto out;
    }
    *rows = out;
    *n = n_out;
out:
    csv_free(r);
    return rc;
}
