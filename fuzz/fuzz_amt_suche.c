/* libFuzzer harness: the query parser of the Amt search (domain/amt_suche.h) and the match
 * expressions the store builds from its terms (store/akte_suchtext.h), for both backends.
 * Checks the promise that user input never becomes query syntax: every term the parser makes
 * is accepted by the expression builder, and the expressions hold no quote or operator
 * character except those the builder writes itself. Also the plain-text converter of the text
 * extraction and the field parser of decision templates (domain/bescheid.h): a text that
 * passes the check must fill without error. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/amt_suche.h"
#include "domain/bescheid.h"
#include "formats/textauszug.h"
#include "store/akte_suchtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The expression must be exactly the terms, each quoted, joined by the separator. */
static void
pruefen(bool pg, char terms[][AKTE_SUCHTEXT_TERM_MAX], size_t n, const struct buf *b)
{
    const char *p = buf_cstr(b);
    for (size_t i = 0; i < n; i++) {
        if (i) {
            const char *sep = pg ? " & " : " ";
            if (strncmp(p, sep, strlen(sep)) != 0)
                abort();
            p += strlen(sep);
        }
        if (*p++ != (pg ? '\'' : '"'))
            abort();
        size_t k = strlen(terms[i]);
        if (strncmp(p, terms[i], k) != 0)
            abort();
        p += k;
        if (strncmp(p, pg ? "':*" : "\"*", 3 - !pg) != 0)
            abort();
        p += pg ? 3 : 2;
    }
    if (*p)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char terms[AKTE_SUCHTEXT_TERME_MAX][AKTE_SUCHTEXT_TERM_MAX];
    const char *tp[AKTE_SUCHTEXT_TERME_MAX];
    struct buf b = BUF_INIT(1 << 16);
    size_t n = amt_suche_terme((const char *)data, size, terms);

    if (n > AKTE_SUCHTEXT_TERME_MAX)
        abort();
    for (size_t i = 0; i < n; i++) {
        tp[i] = terms[i];
        if (strpbrk(terms[i], "\"'*:&|!()<>\\ -^{}[]\t\r\n") || strlen(terms[i]) == 0)
            abort();
    }
    for (int pg = 0; pg < 2 && n > 0; pg++) {
        if (akte_suchtext_ausdruck(pg, tp, n, &b) != ERR_OK)
            abort();
        pruefen(pg, terms, n, &b);
    }
    buf_reset(&b);
    RH_IGNORE(textauszug_utf8((const char *)data, size, &b));
    buf_reset(&b);
    /* the template parser takes C strings */
    char *text = malloc(size + 1);
    struct arena *a = arena_new(1 << 16);
    if (text && a) {
        memcpy(text, data, size);
        text[size] = '\0';
        const char *grund = NULL;
        json_t *d = json_pack("{s:s, s:{s:s}, s:b}", "vorname", "Erika", "anschrift", "ort",
                              "Böblingen", "ja", 1);
        struct bescheid_felder f = {d, "EB-1", "1/1-1", "Zaun", "Stadt", "01.01.2025"};
        int ok = bescheid_vorlage_pruefen(a, text, &grund);
        int rc = bescheid_fuellen(text, &f, &b);
        if (ok == ERR_OK && rc != ERR_OK && rc != ERR_LIMIT)
            abort();
        if (ok != ERR_OK && rc == ERR_OK)
            abort();
        json_decref(d);
    }
    arena_free(a);
    free(text);
    buf_free(&b);
    return 0;
}
