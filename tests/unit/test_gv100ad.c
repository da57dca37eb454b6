/* Tests of formats/gv100ad.h: hand-made records, every kind of damage, and the real
 * GV100AD_30112025.txt checked against bw-gemeinden.csv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/csv.h"
#include "formats/gv100ad.h"
#include "tap.h"
#include "util/log.h"

/* Append `s` padded with blanks to `chars` characters (UTF-8 aware). */
static void
put_padded(char *out, size_t *o, const char *s, size_t chars)
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        out[(*o)++] = *p;
        if (((unsigned char)*p & 0xc0) != 0x80)
            n++;
    }
    for (; n < chars; n++)
        out[(*o)++] = ' ';
    out[*o] = '\0';
}

/* One record: head = positions 1-22, name 23-72, sitz 73-122, tail = 123-220 (ASCII). */
static void
record(char *out, size_t *o, const char *head, const char *name, const char *sitz, const char *tail)
{
    put_padded(out, o, head, 22);
    put_padded(out, o, name, 50);
    put_padded(out, o, sitz, 50);
    put_padded(out, o, tail, 98);
    out[(*o)++] = '\n';
    out[*o] = '\0';
}

/* 123-124 TK, 125-128 blank, 129-139 ha, 140-150 EW, 151-161 m, 162-165, 166-170 PLZ, 171-175 */
#define GEM_TAIL(tk, ha, ew, m, plz, mehr) tk "    " ha ew m "    " plz mehr

/* Read every record of text; *s gets the first. "error", "row" (one or more) or "end". */
static const char *
parse_one(const char *text, size_t len, struct gv100ad_satz *s, char *err, size_t err_len)
{
    struct gv100ad *r = NULL;
    struct gv100ad_satz more;
    bool has = false;
    int rc = gv100ad_open("gv.txt", text, len, &r);
    if (rc == ERR_OK)
        rc = gv100ad_next(r, s, &has);
    bool any = has;
    while (rc == ERR_OK && has)
        rc = gv100ad_next(r, &more, &has);
    snprintf(err, err_len, "%s", r ? gv100ad_error(r) : "");
    gv100ad_free(r);
    return rc != ERR_OK ? "error" : any ? "row" : "end";
}

static void
test_gv100ad_reads_a_gemeinde_with_ars_in_file_order(void)
{
    char text[1024], err[512];
    size_t o = 0;
    struct gv100ad_satz s;

    record(text, &o, "6020251130081150015001", "Böblingen, Stadt", "",
           GEM_TAIL("67", "00000003904", "00000051483", "00000025834", "71032", "*****"));
    CHECK(strlen(text) == 221 + 1); /* ö is two bytes */
    CHECK(strcmp(parse_one(text, o, &s, err, sizeof(err)), "row") == 0);
    CHECK(s.satzart == GV100AD_GEMEINDE);
    CHECK(strcmp(s.key, "08115001") == 0);
    CHECK(strcmp(s.ars, "081155001001") == 0); /* Verband 5001 before Gemeinde 001 */
    CHECK(strcmp(s.verband, "081155001") == 0);
    CHECK(strcmp(s.name, "Böblingen, Stadt") == 0);
    CHECK(s.sitz[0] == '\0');
    CHECK(s.textkennzeichen == 67 && strcmp(gv100ad_typ(67), "Große Kreisstadt") == 0);
    CHECK(s.flaeche_ha == 3904 && s.einwohner == 51483 && s.einwohner_maennlich == 25834);
    CHECK(strcmp(s.plz, "71032") == 0 && !s.plz_eindeutig);
    CHECK(strcmp(s.gebietsstand, "2025-11-30") == 0);
    CHECK(s.line == 1);
}

static void
test_gv100ad_reads_every_satzart(void)
{
    char text[4096];
    size_t o = 0;
    struct gv100ad *r = NULL;
    struct gv100ad_satz s;
    bool has;

    record(text, &o, "102025113008", "Baden-Württemberg", "Stuttgart", "");
    record(text, &o, "2020251130081", "Reg.-Bez. Stuttgart", "Stuttgart", "");
    record(text, &o, "30202511300811", "Region Stuttgart", "Stuttgart", "");
    record(text, &o, "402025113008115", "Böblingen", "Böblingen", "44");
    record(text, &o, "502025113008115   5001", "GVV Aidlingen/Grafenau", "Aidlingen", "56");
    o -= 1; /* CRLF for the last line, and no final newline */
    memcpy(text + o, "\r\n", 3);
    o += 2;
    record(text, &o, "6020251130081150015001", "Aidlingen", "",
           GEM_TAIL("64", "00000002656", "00000009302", "00000004573", "71134", "     "));
    o--; /* no newline at the end */

    CHECK(gv100ad_detect(text, o));
    CHECK(gv100ad_open("gv.txt", text, o, &r) == ERR_OK);
    if (!r)
        return;
    static const char *const keys[] = {"08", "081", "0811", "08115", "081155001", "08115001"};
    for (int i = 0; i < 6; i++) {
        CHECK(gv100ad_next(r, &s, &has) == ERR_OK && has);
        CHECK(s.satzart == (enum gv100ad_satzart)(10 * (i + 1)));
        CHECK(strcmp(s.key, keys[i]) == 0);
        CHECK(s.line == (size_t)i + 1);
    }
    CHECK(gv100ad_next(r, &s, &has) == ERR_OK && !has);
    CHECK(gv100ad_error(r)[0] == '\0');
    gv100ad_free(r);
}

static void
expect_error(const char *text, size_t len, const char *want)
{
    char err[512];
    struct gv100ad_satz s;
    CHECK(strcmp(parse_one(text, len, &s, err, sizeof(err)), "error") == 0);
    CHECK(strstr(err, want) != NULL);
    if (!strstr(err, want))
        fprintf(stderr, "  got '%s', want '%s'\n", err, want);
}

static void
test_gv100ad_rejects_damaged_records(void)
{
    char text[1024];
    size_t o;
    const char *tail = GEM_TAIL("64", "00000002656", "00000009302", "00000004573", "71134", "");

    /* one character short, on line 2 */
    o = 0;
    record(text, &o, "102025113008", "Baden-Württemberg", "Stuttgart", "");
    record(text, &o, "6020251130081150015001", "Aidlingen", "", tail);
    text[o - 2] = '\n';
    text[--o] = '\0';
    expect_error(text, o, "gv.txt:2: Satz hat 219 statt 220 Zeichen");

    o = 0;
    record(text, &o, "7020251130081150015001", "Aidlingen", "", tail);
    expect_error(text, o, "gv.txt:1: unbekannte Satzart '70'");

    o = 0;
    record(text, &o, "6020251330081150015001", "Aidlingen", "", tail);
    expect_error(text, o, "ungültiger Gebietsstand '20251330'");

    o = 0;
    record(text, &o, "602025113008115001500X", "Aidlingen", "", tail);
    expect_error(text, o, "ungültiger Schlüssel");

    o = 0;
    record(text, &o, "6020251130081150015001", "", "", tail);
    expect_error(text, o, "Name fehlt");

    o = 0;
    record(text, &o, "6020251130081150015001", "Aidlingen", "",
           GEM_TAIL("44", "00000002656", "00000009302", "00000004573", "71134", ""));
    expect_error(text, o, "unbekanntes Textkennzeichen '44' für Satzart 60");

    o = 0;
    record(text, &o, "6020251130081150015001", "Aidlingen", "",
           GEM_TAIL("64", "00000002656", "0000000930X", "00000004573", "71134", ""));
    expect_error(text, o, "ungültige Zahl '0000000930X' für Bevölkerung");

    o = 0;
    record(text, &o, "6020251130081150015001", "Aidlingen", "",
           GEM_TAIL("64", "00000002656", "00000000010", "00000000011", "71134", ""));
    expect_error(text, o, "mehr männliche Einwohner");

    o = 0;
    record(text, &o, "6020251130081150015001", "Aidlingen", "",
           GEM_TAIL("64", "00000002656", "00000009302", "00000004573", "7113a", ""));
    expect_error(text, o, "ungültige Postleitzahl '7113a'");

    o = 0;
    record(text, &o, "6020251130081150015001", "Aidlingen", "",
           GEM_TAIL("64", "00000002656", "00000009302", "00000004573", "71134", "**"));
    expect_error(text, o, "Spalten 171-175");

    o = 0;
    record(text, &o, "6020251130081150015001", "Aidl\xC3ngen", "", tail);
    expect_error(text, o, "gv.txt:1: ungültiges UTF-8");

    o = 0;
    record(text, &o, "102025113008", "Baden-Württemberg", "Stuttgart", "12");
    expect_error(text, o, "unerwartetes Textkennzeichen");
    CHECK(!gv100ad_detect("ags,ars,name\n", 13));
    CHECK(!gv100ad_detect("", 0));
}

static void
test_gv100ad_stays_failed_after_an_error(void)
{
    char text[1024];
    size_t o = 0;
    struct gv100ad *r = NULL;
    struct gv100ad_satz s;
    bool has;

    record(text, &o, "7020251130081150015001", "X", "", "");
    record(text, &o, "102025113008", "Baden-Württemberg", "Stuttgart", "");
    CHECK(gv100ad_open("gv.txt", text, o, &r) == ERR_OK);
    CHECK(gv100ad_next(r, &s, &has) == ERR_INVALID);
    CHECK(gv100ad_next(r, &s, &has) == ERR_INVALID);
    gv100ad_free(r);
    gv100ad_free(NULL);
}

/* The whole real file: every record parses, and the Land 08 part agrees with the CSV. */
static void
test_gv100ad_real_file_matches_bw_gemeinden_csv(void)
{
    struct buf data = BUF_INIT(CSV_MAX_FILE), csvdata = BUF_INIT(CSV_MAX_FILE);
    struct buf err = BUF_INIT(1024);
    struct gv100ad *r = NULL;
    struct gv100ad_satz s;
    bool has;
    size_t n_all = 0, n[7] = {0}, n_frei = 0, n_match = 0;
    int64_t einwohner = 0;
    struct gem {
        char ags[13], ars[13], plz[6], name[GV100AD_TEXT_MAX];
        int64_t einwohner;
        bool eindeutig;
    } *g = calloc(1200, sizeof(*g));
    size_t n_g = 0;

    CHECK(g != NULL);
    CHECK(csv_read_file(tap_shared("raw/GV100AD_30112025.txt"), CSV_MAX_FILE, &data, &err) ==
          ERR_OK);
    if (!g || !data.len)
        goto out;
    CHECK(gv100ad_detect(data.p, data.len));
    CHECK(gv100ad_open("GV100AD", data.p, data.len, &r) == ERR_OK);
    while (r && gv100ad_next(r, &s, &has) == ERR_OK && has) {
        n_all++;
        if (strncmp(s.key, "08", 2) != 0)
            continue;
        n[s.satzart / 10]++;
        if (s.satzart != GV100AD_GEMEINDE)
            continue;
        if (s.textkennzeichen == 65 || s.textkennzeichen == 66) {
            n_frei++;
            CHECK(s.einwohner == 0);
            continue;
        }
        einwohner += s.einwohner;
        if (n_g < 1200) {
            snprintf(g[n_g].ags, sizeof(g[n_g].ags), "%s", s.key);
            snprintf(g[n_g].ars, sizeof(g[n_g].ars), "%s", s.ars);
            snprintf(g[n_g].plz, sizeof(g[n_g].plz), "%s", s.plz);
            snprintf(g[n_g].name, sizeof(g[n_g].name), "%s", s.name);
            g[n_g].einwohner = s.einwohner;
            g[n_g].eindeutig = s.plz_eindeutig;
            n_g++;
        }
    }
    CHECK(r && gv100ad_error(r)[0] == '\0');
    CHECK(n_all == 16000);
    CHECK(n[1] == 1 && n[2] == 4 && n[3] == 12 && n[4] == 44 && n[5] == 462);
    CHECK(n[6] == 1103 && n_frei == 2 && n_g == 1101);
    CHECK(einwohner == 11245898);

    /* each row of bw-gemeinden.csv has the same key, ARS, name, population and postcode */
    CHECK(csv_read_file(tap_shared("bw-gemeinden.csv"), CSV_MAX_FILE, &csvdata, &err) == ERR_OK);
    struct csv *c = NULL;
    if (csvdata.len && csv_open("bw-gemeinden.csv", csvdata.p, csvdata.len, &c) == ERR_OK) {
        CHECK(csv_read_header(c) == ERR_OK);
        int ags = csv_col(c, "ags"), ars = csv_col(c, "ars"), name = csv_col(c, "name");
        int ew = csv_col(c, "einwohner"), plz = csv_col(c, "plz");
        int ein = csv_col(c, "plz_eindeutig");
        while (csv_next(c, &has) == ERR_OK && has) {
            for (size_t i = 0; i < n_g; i++) {
                if (strcmp(g[i].ags, csv_cstr(c, ags)) != 0)
                    continue;
                char e[24];
                snprintf(e, sizeof(e), "%lld", (long long)g[i].einwohner);
                if (strcmp(g[i].ars, csv_cstr(c, ars)) == 0 &&
                    strcmp(g[i].name, csv_cstr(c, name)) == 0 && strcmp(e, csv_cstr(c, ew)) == 0 &&
                    strcmp(g[i].plz, csv_cstr(c, plz)) == 0 &&
                    g[i].eindeutig == (strcmp(csv_cstr(c, ein), "ja") == 0))
                    n_match++;
                break;
            }
        }
        csv_free(c);
    }
    CHECK(n_match == 1101);
out:
    gv100ad_free(r);
    free(g);
    buf_free(&data);
    buf_free(&csvdata);
    buf_free(&err);
}

int
main(void)
{
    log_set_quiet(1);
    TEST(test_gv100ad_reads_a_gemeinde_with_ars_in_file_order);
    TEST(test_gv100ad_reads_every_satzart);
    TEST(test_gv100ad_rejects_damaged_records);
    TEST(test_gv100ad_stays_failed_after_an_error);
    TEST(test_gv100ad_real_file_matches_bw_gemeinden_csv);
    return tap_done();
}
