/* gv100ad: a reader of the Destatis Gemeindeverzeichnis in its fixed-width form GV100AD.
 *
 * The file holds one record (Satz) per line, exactly 220 characters (code points, UTF-8)
 * followed by LF or CRLF. Positions are 1-based character columns, as in Destatis's
 * "Datensatzbeschreibung GV100AD" and checked against the file of 30.11.2025:
 *
 *    1-2   Satzart: 10 Land, 20 Regierungsbezirk, 30 Region (BW only), 40 Kreis,
 *          50 Gemeindeverband, 60 Gemeinde
 *    3-10  Gebietsstand YYYYMMDD
 *   11-12  Land          13 Regierungsbezirk (0 = none)     14-15 Kreis
 *   16-18  Gemeinde      19-22 Gemeindeverband
 *          (Satzart 30 has its Region digit in 14; the ARS of a Gemeinde is
 *          Land+RB+Kreis + Verband(19-22) + Gemeinde(16-18): the Verband comes first there)
 *   23-72  Name          73-122 Sitz der Verwaltung (Satzarten 10-50)
 *  123-124 Textkennzeichen (Satzarten 40-60; see gv100ad_typ())
 *  129-139 Fläche in ha  140-150 Bevölkerung  151-161 davon männlich     (Satzart 60)
 *  166-170 Postleitzahl (of the town hall)  171-175 "*****" when it has several (Satzart 60)
 *
 * Every record is validated (length, digits where keys and numbers are, known Satzart and
 * Textkennzeichen, a name), for every Land, so a damaged file is rejected as a whole. Errors
 * read "FILE:LINE: reason" in German. The reader borrows the input; a record's strings live
 * in the struct passed to gv100ad_next(). One reader per thread. */
#ifndef RATHAUS_FORMATS_GV100AD_H
#define RATHAUS_FORMATS_GV100AD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define GV100AD_CHARS    220
#define GV100AD_TEXT_MAX (50 * 4 + 1) /* 50 characters of up to 4 UTF-8 bytes, plus NUL */

enum gv100ad_satzart {
    GV100AD_LAND = 10,
    GV100AD_REGIERUNGSBEZIRK = 20,
    GV100AD_REGION = 30,
    GV100AD_KREIS = 40,
    GV100AD_VERBAND = 50,
    GV100AD_GEMEINDE = 60,
};

struct gv100ad_satz {
    enum gv100ad_satzart satzart;
    size_t line;
    char gebietsstand[11]; /* "2025-11-30" */
    /* The record's own key: Land "08", Regierungsbezirk "081", Region "0811", Kreis "08115",
     * Verband "081155001" (Kreis + Verband, 9 digits), Gemeinde "08115001" (AGS, 8 digits). */
    char key[13];
    char ars[13];     /* Gemeinde: the 12-digit ARS; else "" */
    char verband[10]; /* Gemeinde: its Verband, 9 digits as in `key` of Satzart 50; else "" */
    char name[GV100AD_TEXT_MAX]; /* trailing blanks removed, never empty */
    char sitz[GV100AD_TEXT_MAX]; /* "" when blank */
    int textkennzeichen;         /* 41-67, or 0 for Satzarten 10-30 */
    /* Satzart 60 only: */
    int64_t flaeche_ha, einwohner, einwohner_maennlich;
    char plz[6];        /* 5 digits, or "" when blank */
    bool plz_eindeutig; /* false when positions 171-175 hold "*****" */
};

struct gv100ad;

/* A reader over data[0..len); `name` (borrowed) is the file name for messages. ERR_NOMEM or
 * ERR_OK with *out set; free with gv100ad_free(), which accepts NULL. */
RH_MUST_CHECK int gv100ad_open(const char *name, const char *data, size_t len,
                               struct gv100ad **out);
void gv100ad_free(struct gv100ad *r);

/* The next record into *out. ERR_OK with *has_row true, or false at the end (an empty last
 * line is allowed); ERR_INVALID with a message in gv100ad_error(). The reader stays failed after
 * an error. */
RH_MUST_CHECK int gv100ad_next(struct gv100ad *r, struct gv100ad_satz *out, bool *has_row);
/* "FILE:LINE: reason", or "" when there was no error. Cannot fail. */
const char *gv100ad_error(const struct gv100ad *r);

/* The German name of a Textkennzeichen: 41 "Kreisfreie Stadt", 42 "Stadtkreis", 43 "Kreis",
 * 44 "Landkreis", 45 "Regionalverband", 50 "Verbandsfreie Gemeinde", 51 "Amt",
 * 52 "Samtgemeinde", 53 "Verbandsgemeinde", 54 "Verwaltungsgemeinschaft",
 * 55 "Kirchspielslandgemeinde", 56 "Verwaltungsverband", 57 "Verbandsgemeinde
 * (Trägermodell)", 58 "Erfüllende Gemeinde", 60 "Markt", 61 "Kreisfreie Stadt",
 * 62 "Stadtkreis", 63 "Stadt", 64 "Kreisangehörige Gemeinde", 65 "Gemeindefreies Gebiet,
 * bewohnt", 66 "Gemeindefreies Gebiet, unbewohnt", 67 "Große Kreisstadt"; NULL for others.
 * Static; cannot fail. */
const char *gv100ad_typ(int textkennzeichen);

/* True when data looks like a GV100AD file: its first line is a record of 220 characters
 * starting with a Satzart and an 8-digit date. Cannot fail. */
bool gv100ad_detect(const char *data, size_t len);

#endif
