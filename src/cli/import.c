/* rathaus import: load the official territory (gemeinden) or the service catalogue
 * (leistungen) into the database. Every file is read and checked first; then everything is
 * written in one transaction, so a bad file leaves the database exactly as it was. */
#include <stdio.h>
#include <string.h>

#include "cli/archiv.h"
#include "cli/cli.h"
#include "cli/formular.h"
#include "formats/gemeinden_import.h"
#include "formats/leistungen_import.h"
#include "formats/progress.h"
#include "util/buf.h"
#include "util/str.h"

#define MAX_PATHS 256

static const char help_import[] =
    "Aufruf: rathaus import gemeinden DATEI|ORDNER... [--db DSN] [--land 08]\n"
    "        rathaus import leistungen DATEI|ORDNER... [--db DSN]\n"
    "        rathaus import formular DATEI... [--db DSN]\n"
    "        rathaus import aktenplan DATEI --behoerde ID [--db DSN]\n"
    "\n"
    "Importiert amtliche Daten in die Datenbank. Jede Datei wird zuerst vollständig gelesen\n"
    "und geprüft; danach wird alles in EINER Transaktion geschrieben. Eine fehlerhafte Datei\n"
    "wird mit DATEI:ZEILE: Grund abgewiesen, die Datenbank bleibt dann unverändert.\n"
    "Ein erneuter Import aktualisiert vorhandene Zeilen und legt nie Duplikate an.\n"
    "\n"
    "Hilfe zu einer Art: rathaus import gemeinden --help, rathaus import leistungen --help,\n"
    "rathaus import formular --help\n";

static const char help_gemeinden[] =
    "Aufruf: rathaus import gemeinden DATEI|ORDNER... [--db DSN] [--land 08]\n"
    "\n"
    "Importiert das Gemeindeverzeichnis: Regierungsbezirke, Regionen, Kreise,\n"
    "Gemeindeverbände und Gemeinden (mit Postleitzahl). Erkannt werden (am Inhalt):\n"
    "  bw-gemeinden.csv          Gemeinden; legt auch die darin genannten Kreise,\n"
    "                            Regierungsbezirke, Regionen und Verbände an\n"
    "  bw-kreise.csv             Kreise (mit Verwaltungssitz, Einwohnern, Fläche)\n"
    "  bw-regierungsbezirke.csv  Regierungsbezirke (mit Sitz)\n"
    "  bw-regionen.csv           Regionen (Regionalverbände)\n"
    "  bw-gemeindeverbaende.csv  Verwaltungsverbände und -gemeinschaften (mit Sitz)\n"
    "  GV100AD_*.txt             das amtliche Verzeichnis von Destatis (Festbreitenformat);\n"
    "                            gemeindefreie Gebiete werden übersprungen\n"
    "Ein ORDNER steht für die bw-*.csv-Dateien darin. Geschrieben wird immer von oben nach\n"
    "unten (Regierungsbezirke zuerst), egal in welcher Reihenfolge die Dateien stehen.\n"
    "\n"
    "Optionen:\n"
    "  --db DSN     Datenbank (sqlite:PFAD oder postgresql://...; Vorgabe $RATHAUS_DB oder\n"
    "               sqlite:var/rathaus.db); vorher einmal 'rathaus init'\n"
    "  --land LL    nur Schlüssel dieses Landes (zwei Ziffern; Vorgabe 08 = Baden-Württemberg)\n"
    "\n"
    "Beispiel: rathaus import gemeinden ../shared/data\n";

static const char help_leistungen[] =
    "Aufruf: rathaus import leistungen DATEI|ORDNER... [--db DSN]\n"
    "\n"
    "Importiert den Leistungskatalog. Erkannt werden (am Inhalt):\n"
    "  ozg-themenfelder.csv   OZG-Themenfelder\n"
    "  ozg-lebenslagen.csv    Lebens- und Geschäftslagen\n"
    "  ozg-leistungen.csv     OZG-Leistungen (Lebenslage und Themenfeld über den Namen)\n"
    "  leika-leistungen.csv   Leistungen des LeiKa (Kennung = 14-stelliger LeiKa-Schlüssel,\n"
    "                         ohne Schlüssel 'n' + 12 Hexziffern eines SHA-256 aus Name und\n"
    "                         OZG-ID; doppelte Zeilen werden mit Warnung übersprungen)\n"
    "  *.json                 Leistungsbeschreibungen im Format rathaus-leistungen/1\n"
    "                         (docs/formats.md); ändert nur die angegebenen Felder\n"
    "Ein ORDNER steht für die vier CSV-Dateien und alle *.json darin. Geschrieben wird immer\n"
    "in der Reihenfolge Themenfelder, Lebenslagen, OZG-Leistungen, LeiKa, JSON.\n"
    "\n"
    "Optionen:\n"
    "  --db DSN     Datenbank (sqlite:PFAD oder postgresql://...; Vorgabe $RATHAUS_DB oder\n"
    "               sqlite:var/rathaus.db); vorher einmal 'rathaus init'\n"
    "\n"
    "Beispiel: rathaus import leistungen ../shared/data/ozg leistungen.json\n";

struct args {
    const char *dsn;
    const char *land;
    const char *paths[MAX_PATHS];
    size_t n_paths;
};

/* 0 ok, 1 usage error (message printed), 2 help wanted */
static int
parse_args(int argc, char **argv, bool gemeinden, struct args *a)
{
    a->dsn = NULL;
    a->land = "08";
    a->n_paths = 0;
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0)
            return 2;
        if (strcmp(s, "--db") == 0 || (gemeinden && strcmp(s, "--land") == 0)) {
            if (i + 1 >= argc) {
                fprintf(stderr, "rathaus import: %s braucht einen Wert\n", s);
                return 1;
            }
            if (s[2] == 'd')
                a->dsn = argv[++i];
            else
                a->land = argv[++i];
            continue;
        }
        if (s[0] == '-' && s[1] != '\0') {
            fprintf(stderr, "rathaus import: unbekannte Option '%s'\n", s);
            return 1;
        }
        if (a->n_paths == MAX_PATHS) {
            fprintf(stderr, "rathaus import: mehr als %d Dateien\n", MAX_PATHS);
            return 1;
        }
        a->paths[a->n_paths++] = s;
    }
    if (gemeinden && !str_is_digits(str_from(a->land), 2)) {
        fprintf(stderr, "rathaus import: --land erwartet zwei Ziffern, z. B. 08\n");
        return 1;
    }
    if (a->n_paths == 0) {
        fprintf(stderr, "rathaus import: keine Datei angegeben\n");
        return 1;
    }
    return 0;
}

/* Open the database and borrow a connection; prints why on failure. */
static int
open_conn(const char *dsn, struct db **db, struct db_conn **c)
{
    int rc = cli_open_db(cli_dsn(dsn), false, db);
    if (rc != ERR_OK)
        return rc;
    rc = db_acquire(*db, c);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus import: keine Datenbankverbindung (%s)\n", err_name(rc));
        db_close(*db);
        *db = NULL;
    }
    return rc;
}

static int
import_gemeinden(const struct args *a)
{
    struct gemeinden_import *g = NULL;
    struct gemeinden_import_stats st;
    struct buf err = BUF_INIT(8192);
    struct progress p;
    struct db *db = NULL;
    struct db_conn *c = NULL;
    int rc, status = 1;

    progress_init(&p, cli_is_tty());
    rc = gemeinden_import_new(a->land, &g);
    for (size_t i = 0; i < a->n_paths && rc == ERR_OK; i++)
        rc = gemeinden_import_add_path(g, a->paths[i], &err);
    if (rc == ERR_OK)
        rc = open_conn(a->dsn, &db, &c);
    else if (err.len == 0)
        RH_IGNORE(buf_puts(&err, err_name(rc)));
    if (rc == ERR_OK)
        rc = gemeinden_import_run(g, c, &p, &st, &err);
    if (rc == ERR_OK) {
        printf("%zu Gemeinden, %zu Kreise, %zu Regierungsbezirke, %zu Regionen, %zu Verbände "
               "importiert (neu: %lld, aktualisiert: %lld)",
               st.n[IMPORT_GEMEINDE], st.n[IMPORT_KREIS], st.n[IMPORT_REGIERUNGSBEZIRK],
               st.n[IMPORT_REGION], st.n[IMPORT_VERBAND], (long long)st.n_neu,
               (long long)st.n_aktualisiert);
        if (st.n_skipped)
            printf("; %zu %s übersprungen", st.n_skipped,
                   st.n_skipped == 1 ? "gemeindefreies Gebiet" : "gemeindefreie Gebiete");
        printf("\n");
        status = 0;
    } else if (err.len) {
        fprintf(stderr, "%s\n", buf_cstr(&err));
        fprintf(stderr, "rathaus import: nichts importiert, die Datenbank ist unverändert\n");
    }
    if (c)
        db_release(c);
    db_close(db);
    gemeinden_import_free(g);
    buf_free(&err);
    return status;
}

static int
import_leistungen(const struct args *a)
{
    struct leistungen_import *l = NULL;
    struct leistungen_import_stats st;
    struct buf err = BUF_INIT(8192);
    struct progress p;
    struct db *db = NULL;
    struct db_conn *c = NULL;
    int rc, status = 1;

    progress_init(&p, cli_is_tty());
    rc = leistungen_import_new(&l);
    for (size_t i = 0; i < a->n_paths && rc == ERR_OK; i++)
        rc = leistungen_import_add_path(l, a->paths[i], &err);
    if (rc == ERR_OK)
        rc = open_conn(a->dsn, &db, &c);
    else if (err.len == 0)
        RH_IGNORE(buf_puts(&err, err_name(rc)));
    if (rc == ERR_OK)
        rc = leistungen_import_run(l, c, &p, &st, &err);
    if (l && leistungen_import_warnings(l)[0])
        fputs(leistungen_import_warnings(l), stderr);
    if (rc == ERR_OK) {
        printf("%zu Themenfelder, %zu Lebenslagen, %zu OZG-Leistungen, %zu Leistungen "
               "importiert (neu: %lld, aktualisiert: %lld)",
               st.n[IMPORT_THEMENFELD], st.n[IMPORT_LEBENSLAGE], st.n[IMPORT_OZG_LEISTUNG],
               st.n[IMPORT_LEISTUNG], (long long)st.n_neu, (long long)st.n_aktualisiert);
        if (st.n_doppelt)
            printf("; %zu %s übersprungen", st.n_doppelt,
                   st.n_doppelt == 1 ? "doppelte Zeile" : "doppelte Zeilen");
        printf("\n");
        status = 0;
    } else if (err.len) {
        fprintf(stderr, "%s\n", buf_cstr(&err));
        fprintf(stderr, "rathaus import: nichts importiert, die Datenbank ist unverändert\n");
    }
    if (c)
        db_release(c);
    db_close(db);
    leistungen_import_free(l);
    buf_free(&err);
    return status;
}

int
cmd_import(int argc, char **argv)
{
    struct args a;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help_import, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "formular") == 0)
        return cmd_formular_import(argc - 1, argv + 1);
    if (strcmp(argv[1], "aktenplan") == 0)
        return cmd_aktenplan_import(argc - 1, argv + 1);
    bool gemeinden = strcmp(argv[1], "gemeinden") == 0;
    if (!gemeinden && strcmp(argv[1], "leistungen") != 0) {
        fprintf(stderr,
                "rathaus import: unbekannte Art '%s' (gemeinden, leistungen oder formular)\n\n",
                argv[1]);
        fputs(help_import, stderr);
        return 2;
    }
    int p = parse_args(argc, argv, gemeinden, &a);
    if (p == 2) {
        fputs(gemeinden ? help_gemeinden : help_leistungen, stdout);
        return 0;
    }
    if (p == 1) {
        fprintf(stderr, "Hilfe: rathaus import %s --help\n", argv[1]);
        return 2;
    }
    return gemeinden ? import_gemeinden(&a) : import_leistungen(&a);
}
