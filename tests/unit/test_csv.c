/* Tests of formats/csv.h: RFC 4180 reading, line numbers in errors, limits, header look-up,
 * and the real files of ../shared/data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "tap.h"
#include "util/log.h"

/* Read all records of `text` into one string "a|b;c|d;" (fields joined by '|', records ended
 * by ';'); returns the csv status, the reader's message into err. */
static int
read_all(const char *text, size_t len, bool header, char *out, size_t out_len, char *err,
         size_t err_len)
{
    struct csv *r = NULL;
    bool has = false;
    size_t o = 0;
    int rc = csv_open("t.csv", text, len, &r);

    out[0] = err[0] = '\0';
    if (rc != ERR_OK)
        return rc;
    if (header)
        rc = csv_read_header(r);
    while (rc == ERR_OK) {
        rc = csv_next(r, &has);
        if (rc != ERR_OK || !has)
            break;
        for (size_t i = 0; i < csv_n_fields(r); i++) {
            struct str f = csv_field(r, (int)i);
            int n = snprintf(out + o, out_len - o, "%s%.*s", i ? "|" : "", (int)f.len, f.p);
            if (n > 0 && (size_t)n < out_len - o)
                o += (size_t)n;
        }
        if (o + 1 < out_len) {
            out[o++] = ';';
            out[o] = '\0';
        }
    }
    snprintf(err, err_len, "%s", csv_error(r));
    csv_free(r);
    return rc;
}

#define READ(text, header)                                                                         \
    read_all((text), sizeof(text) - 1, (header), out, sizeof(out), err, sizeof(err))

static void
test_csv_reads_plain_and_quoted_fields(void)
{
    char out[512], err[512];
    CHECK(READ("a,b,c\n1,2,3\n", false) == ERR_OK);
    CHECK(strcmp(out, "a|b|c;1|2|3;") == 0);
    CHECK(READ("\"Stuttgart, Landeshauptstadt\",08111000\n", false) == ERR_OK);
    CHECK(strcmp(out, "Stuttgart, Landeshauptstadt|08111000;") == 0);
    CHECK(READ("\"er sagte \"\"ja\"\"\",x\n", false) == ERR_OK);
    CHECK(strcmp(out, "er sagte \"ja\"|x;") == 0);
    CHECK(READ("\"zwei\nZeilen\",x\n", false) == ERR_OK);
    CHECK(strcmp(out, "zwei\nZeilen|x;") == 0);
    CHECK(READ(",,\n", false) == ERR_OK);
    CHECK(strcmp(out, "||;") == 0);
    CHECK(READ("\"\",x\n", false) == ERR_OK);
    CHECK(strcmp(out, "|x;") == 0);
}

static void
test_csv_accepts_crlf_bom_and_missing_final_newline(void)
{
    char out[512], err[512];
    CHECK(READ("\xEF\xBB\xBFname,plz\r\nBöblingen,71032\r\nAidlingen,71134", true) == ERR_OK);
    CHECK(strcmp(out, "Böblingen|71032;Aidlingen|71134;") == 0);
    CHECK(READ("a\r\n\"x\r\ny\"\r\n", false) == ERR_OK);
    CHECK(strcmp(out, "a;x\r\ny;") == 0);
}

static void
test_csv_skips_empty_lines(void)
{
    char out[512], err[512];
    CHECK(READ("a,b\n\n1,2\n\r\n\n", true) == ERR_OK);
    CHECK(strcmp(out, "1|2;") == 0);
    CHECK(READ("", false) == ERR_OK);
    CHECK(strcmp(out, "") == 0);
}

static void
test_csv_rejects_unterminated_quote_with_its_line(void)
{
    char out[512], err[512];
    CHECK(READ("a,b\n1,2\n3,\"offen\n4,5\n", true) == ERR_INVALID);
    CHECK(strcmp(err, "t.csv:3: Anführungszeichen nicht geschlossen") == 0);
}

static void
test_csv_rejects_text_after_closing_quote(void)
{
    char out[512], err[512];
    CHECK(READ("a,b\n\"x\"y,2\n", true) == ERR_INVALID);
    CHECK(strstr(err, "t.csv:2: ") == err);
    CHECK(strstr(err, "nach schließendem Anführungszeichen") != NULL);
}

static void
test_csv_rejects_quote_inside_plain_field(void)
{
    char out[512], err[512];
    CHECK(READ("a\nx\"y\n", true) == ERR_INVALID);
    CHECK(strstr(err, "t.csv:2: ") == err);
}

static void
test_csv_rejects_lone_cr(void)
{
    char out[512], err[512];
    CHECK(READ("a,b\r1,2\n", false) == ERR_INVALID);
    CHECK(strstr(err, "t.csv:1: ") == err);
}

static void
test_csv_rejects_wrong_field_count_with_line(void)
{
    char out[512], err[512];
    /* the quoted line break moves the later record to line 4 */
    CHECK(READ("a,b,c\n1,\"x\ny\",3\n4,5\n", true) == ERR_INVALID);
    CHECK(strcmp(err, "t.csv:4: 2 Felder statt 3 wie in der Kopfzeile") == 0);
    CHECK(READ("a,b\n1,2,3\n", true) == ERR_INVALID);
    CHECK(strcmp(err, "t.csv:2: 3 Felder statt 2 wie in der Kopfzeile") == 0);
}

static void
test_csv_rejects_invalid_utf8_and_controls(void)
{
    char out[512], err[512];
    CHECK(READ("a,b\nx,\xC3\x28\n", true) == ERR_INVALID);
    CHECK(strstr(err, "t.csv:2: ungültiges UTF-8") == err);
    CHECK(READ("a\n\"x\x01y\"\n", true) == ERR_INVALID);
    CHECK(READ("a\nx\0y\n", true) == ERR_INVALID);         /* a NUL byte */
    CHECK(READ("a\n\xED\xA0\x80\n", true) == ERR_INVALID); /* a UTF-16 surrogate */
}

static void
test_csv_enforces_limits(void)
{
    size_t n = CSV_MAX_FIELD + 10;
    char *big = malloc(n + 8);
    char out[512], err[512];
    CHECK(big != NULL);
    if (!big)
        return;
    memset(big, 'x', n);
    memcpy(big + n, "\n", 2);
    CHECK(read_all(big, n + 1, false, out, sizeof(out), err, sizeof(err)) == ERR_INVALID);
    CHECK(strstr(err, "länger als 65536 Bytes") != NULL);
    free(big);

    /* 257 fields */
    char many[600];
    size_t o = 0;
    for (int i = 0; i < 257; i++) {
        many[o++] = 'a';
        many[o++] = i < 256 ? ',' : '\n';
    }
    CHECK(read_all(many, o, false, out, sizeof(out), err, sizeof(err)) == ERR_INVALID);
    CHECK(strstr(err, "mehr als 256 Felder") != NULL);
    /* exactly 256 are fine */
    CHECK(read_all(many + 2, o - 2, false, out, sizeof(out), err, sizeof(err)) == ERR_OK);
}

static void
test_csv_header_lookup_and_duplicates(void)
{
    static const char text[] = "ags,name,plz\n08111000,Stuttgart,70173\n";
    struct csv *r = NULL;
    bool has = false;
    int idx[2];
    static const char *const want[] = {"plz", "ags"};
    static const char *const missing[] = {"ags", "ars"};

    CHECK(csv_open("h.csv", text, sizeof(text) - 1, &r) == ERR_OK);
    if (!r)
        return;
    CHECK(csv_read_header(r) == ERR_OK);
    CHECK(csv_n_cols(r) == 3);
    CHECK(csv_col(r, "name") == 1);
    CHECK(csv_col(r, "nope") == -1);
    CHECK(csv_require_cols(r, want, 2, idx) == ERR_OK);
    CHECK(idx[0] == 2 && idx[1] == 0);
    CHECK(csv_next(r, &has) == ERR_OK && has);
    CHECK(str_eq(csv_field(r, idx[0]), "70173"));
    CHECK(strcmp(csv_cstr(r, 1), "Stuttgart") == 0);
    CHECK(csv_field(r, -1).len == 0 && csv_field(r, 99).len == 0);
    CHECK(csv_line(r) == 2);
    CHECK(csv_require_cols(r, missing, 2, idx) == ERR_INVALID);
    CHECK(strcmp(csv_error(r), "h.csv:2: Spalte 'ars' fehlt") == 0);
    csv_free(r);

    static const char dup[] = "a,b,a\n";
    CHECK(csv_open("d.csv", dup, sizeof(dup) - 1, &r) == ERR_OK);
    CHECK(csv_read_header(r) == ERR_INVALID);
    CHECK(strstr(csv_error(r), "doppelt") != NULL);
    csv_free(r);

    CHECK(csv_open("e.csv", "", 0, &r) == ERR_OK);
    CHECK(csv_read_header(r) == ERR_INVALID);
    CHECK(strstr(csv_error(r), "leere Datei") != NULL);
    csv_free(r);
}

static void
test_csv_fail_names_file_and_record_line(void)
{
    static const char text[] = "a\n\n\"x\ny\"\nz\n";
    struct csv *r = NULL;
    bool has;
    CHECK(csv_open("f.csv", text, sizeof(text) - 1, &r) == ERR_OK);
    if (!r)
        return;
    CHECK(csv_read_header(r) == ERR_OK);
    CHECK(csv_next(r, &has) == ERR_OK && has);
    CHECK(csv_line(r) == 3);
    CHECK(csv_next(r, &has) == ERR_OK && has);
    CHECK(csv_line(r) == 5);
    CHECK(csv_fail(r, "ungültiger AGS '%s'", "123") == ERR_INVALID);
    CHECK(strcmp(csv_error(r), "f.csv:5: ungültiger AGS '123'") == 0);
    CHECK(strcmp(csv_name(r), "f.csv") == 0);
    csv_free(r);
    csv_free(NULL);
}

static void
test_csv_reads_the_real_files(void)
{
    static const struct {
        const char *name;
        size_t rows, cols;
    } files[] = {
        {"bw-gemeinden.csv", 1101, 21},        {"bw-kreise.csv", 44, 12},
        {"bw-regierungsbezirke.csv", 4, 6},    {"bw-regionen.csv", 12, 5},
        {"bw-gemeindeverbaende.csv", 462, 6},  {"ozg/ozg-themenfelder.csv", 14, 2},
        {"ozg/ozg-lebenslagen.csv", 55, 4},    {"ozg/ozg-leistungen.csv", 557, 5},
        {"ozg/leika-leistungen.csv", 5249, 8},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        struct buf data = BUF_INIT(CSV_MAX_FILE), err = BUF_INIT(1024);
        struct csv *r = NULL;
        size_t n = 0;
        bool has = false;
        int rc = csv_read_file(tap_shared(files[i].name), CSV_MAX_FILE, &data, &err);
        CHECK(rc == ERR_OK);
        if (rc == ERR_OK && csv_open(files[i].name, data.p, data.len, &r) == ERR_OK) {
            CHECK(csv_read_header(r) == ERR_OK);
            CHECK(csv_n_cols(r) == files[i].cols);
            while (csv_next(r, &has) == ERR_OK && has)
                n++;
            CHECK(csv_error(r)[0] == '\0');
            CHECK(n == files[i].rows);
            if (n != files[i].rows)
                fprintf(stderr, "  %s: %zu rows\n", files[i].name, n);
        }
        csv_free(r);
        buf_free(&data);
        buf_free(&err);
    }
}

static void
test_csv_read_file_reports_missing_and_too_large(void)
{
    struct buf data = BUF_INIT(CSV_MAX_FILE), err = BUF_INIT(1024);
    CHECK(csv_read_file("/nonexistent/x.csv", CSV_MAX_FILE, &data, &err) == ERR_IO);
    CHECK(strstr(buf_cstr(&err), "/nonexistent/x.csv: ") == buf_cstr(&err));
    buf_reset(&err);
    CHECK(csv_read_file(tap_shared("bw-kreise.csv"), 100, &data, &err) == ERR_LIMIT);
    CHECK(data.len == 0);
    buf_free(&data);
    buf_free(&err);
}

int
main(void)
{
    log_set_quiet(1);
    TEST(test_csv_reads_plain_and_quoted_fields);
    TEST(test_csv_accepts_crlf_bom_and_missing_final_newline);
    TEST(test_csv_skips_empty_lines);
    TEST(test_csv_rejects_unterminated_quote_with_its_line);
    TEST(test_csv_rejects_text_after_closing_quote);
    TEST(test_csv_rejects_quote_inside_plain_field);
    TEST(test_csv_rejects_lone_cr);
    TEST(test_csv_rejects_wrong_field_count_with_line);
    TEST(test_csv_rejects_invalid_utf8_and_controls);
    TEST(test_csv_enforces_limits);
    TEST(test_csv_header_lookup_and_duplicates);
    TEST(test_csv_fail_names_file_and_record_line);
    TEST(test_csv_reads_the_real_files);
    TEST(test_csv_read_file_reports_missing_and_too_large);
    return tap_done();
}
