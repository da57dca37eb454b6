/* rathaus protokoll verify and rathaus import aktenplan (see cli/archiv.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/archiv.h"
#include "cli/cli.h"
#include "domain/aktenplan.h"
#include "domain/archiv.h"
#include "formats/csv.h"
#include "store/archiv.h"
#include "util/arena.h"
#include "util/buf.h"

static const char help_protokoll[] =
    "Aufruf: rathaus protokoll verify [--db DSN] [--behoerde ID]\n"
    "\n"
    "Prüft die Hash-Ketten des Protokolls: jede Behörde hat ihre eigene Kette, Ereignisse\n"
    "ohne Behörde stehen in Kette 0. Jeder Eintrag wird neu berechnet; ein geänderter,\n"
    "eingefügter oder gelöschter Eintrag bricht die Kette ab dieser Stelle.\n"
    "Ausgabe: eine Zeile je Kette; bei einem Bruch die Kette, die laufende Nummer (folge)\n"
    "und die id des ersten falschen Eintrags.\n"
    "\n"
    "Optionen:\n"
    "  --db DSN        Datenbank (sqlite:PFAD oder postgresql://...; Vorgabe $RATHAUS_DB)\n"
    "  --behoerde ID   nur die Kette dieser Behörde prüfen\n"
    "\n"
    "Exit-Status: 0 alle Ketten unversehrt, 1 eine Kette ist gebrochen (oder Datenbankfehler),\n"
    "2 Aufruffehler.\n";

int
cmd_protokoll(int argc, char **argv)
{
    const char *dsn = NULL;
    int64_t nur = -1;
    struct db *db = NULL;
    struct db_conn *c = NULL;
    struct arena *a = NULL;
    int64_t *ketten = NULL;
    size_t n_ketten = 0, n_gebrochen = 0;
    int status = 1, rc;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(help_protokoll, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "verify") != 0) {
        fprintf(stderr, "rathaus protokoll: unbekannter Unterbefehl '%s' (verify)\n", argv[1]);
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help_protokoll, stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--behoerde") == 0 && i + 1 < argc) {
            if (str_to_int64(str_from(argv[++i]), 0, INT64_MAX, &nur) != ERR_OK) {
                fprintf(stderr, "rathaus protokoll: --behoerde erwartet eine Zahl\n");
                return 2;
            }
        } else {
            fprintf(stderr, "rathaus protokoll: unbekannte Option '%s'\n", argv[i]);
            fputs(help_protokoll, stderr);
            return 2;
        }
    }
    a = arena_new(16u * 1024 * 1024);
    if (!a || cli_open_db(cli_dsn(dsn), false, &db) != ERR_OK)
        goto out;
    rc = db_acquire(db, &c);
    if (rc == ERR_OK && nur >= 0) {
        ketten = &nur;
        n_ketten = 1;
    } else if (rc == ERR_OK) {
        rc = store_archiv_ketten(c, a, &ketten, &n_ketten);
    }
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus protokoll: Datenbankfehler (%s)\n", err_name(rc));
        goto out;
    }
    for (size_t i = 0; i < n_ketten; i++) {
        struct archiv_pruefung p;
        rc = archiv_kette_pruefen(c, ketten[i], &p);
        if (rc != ERR_OK) {
            fprintf(stderr, "rathaus protokoll: Kette %lld: Datenbankfehler (%s)\n",
                    (long long)ketten[i], err_name(rc));
            goto out;
        }
        if (p.is_ok) {
            printf("Kette %lld: %lld Einträge, unversehrt\n", (long long)p.kette,
                   (long long)p.n_zeilen);
        } else {
            n_gebrochen++;
            if (p.bruch_id)
                printf("Kette %lld: GEBROCHEN bei folge %lld (id %lld)\n", (long long)p.kette,
                       (long long)p.bruch_folge, (long long)p.bruch_id);
            else
                printf("Kette %lld: GEBROCHEN bei folge %lld (Eintrag fehlt)\n", (long long)p.kette,
                       (long long)p.bruch_folge);
        }
    }
    printf("%zu Ketten geprüft, %zu gebrochen\n", n_ketten, n_gebrochen);
    status = n_gebrochen ? 1 : 0;
out:
    if (c)
        db_release(c);
    db_close(db);
    arena_free(a);
    return status;
}

static const char help_aktenplan[] =
    "Aufruf: rathaus import aktenplan DATEI --behoerde ID [--db DSN]\n"
    "\n"
    "Importiert den Aktenplan einer Behörde aus einer CSV-Datei (UTF-8, Komma, Kopfzeile;\n"
    "Spalten kennzeichen, titel, aufbewahrung_jahre, archivwuerdigkeit, beschreibung, eltern;\n"
    "siehe docs/aktenplan.md). Die Datei wird zuerst vollständig geprüft; jeder Fehler wird\n"
    "mit DATEI:ZEILE: Grund gemeldet, und dann ändert sich nichts. Ein erneuter Import\n"
    "aktualisiert vorhandene Einträge (gleiches Kennzeichen) und legt neue an; Einträge, die\n"
    "in der Datei fehlen, bleiben unverändert.\n"
    "\n"
    "Beispiel: rathaus import aktenplan demo/aktenplan.csv --behoerde 12\n";

int
cmd_aktenplan_import(int argc, char **argv)
{
    const char *dsn = NULL, *datei = NULL;
    int64_t bid = 0;
    struct buf text = BUF_INIT(CSV_MAX_FILE), err = BUF_INIT(1024 * 1024);
    struct db *db = NULL;
    struct db_conn *c = NULL;
    int status = 1, rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help_aktenplan, stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--behoerde") == 0 && i + 1 < argc) {
            if (str_to_int64(str_from(argv[++i]), 1, INT64_MAX, &bid) != ERR_OK) {
                fprintf(stderr, "rathaus import aktenplan: --behoerde erwartet eine Zahl\n");
                return 2;
            }
        } else if (argv[i][0] != '-' && !datei) {
            datei = argv[i];
        } else {
            fprintf(stderr, "rathaus import aktenplan: unbekannte Option '%s'\n", argv[i]);
            fputs(help_aktenplan, stderr);
            return 2;
        }
    }
    if (!datei || bid <= 0) {
        fputs(help_aktenplan, stderr);
        return 2;
    }
    rc = csv_read_file(datei, CSV_MAX_FILE, &text, &err);
    if (rc != ERR_OK) {
        fprintf(stderr, "%s\n", buf_cstr(&err));
        goto out;
    }
    if (cli_open_db(cli_dsn(dsn), false, &db) != ERR_OK || db_acquire(db, &c) != ERR_OK)
        goto out;
    struct actor sys = {.is_system = true};
    struct umfeld u = {.jetzt = (int64_t)time(NULL), .herkunft = "cli", .geraet = "rathaus import"};
    struct aktenplan_import_ergebnis erg;
    rc = aktenplan_import(c, &u, &sys, bid, datei, text.p ? text.p : "", text.len, false, &erg,
                          &err);
    if (rc == ERR_OK) {
        printf("Aktenplan der Behörde %lld: %lld neu, %lld geändert, %lld unverändert\n",
               (long long)bid, (long long)erg.n_neu, (long long)erg.n_geaendert,
               (long long)erg.n_unveraendert);
        status = 0;
    } else if (err.len) {
        fputs(buf_cstr(&err), stderr);
        fprintf(stderr, "Nichts wurde geändert.\n");
    } else {
        fprintf(stderr, "rathaus import aktenplan: nicht möglich (%s)\n", err_name(rc));
    }
out:
    if (c)
        db_release(c);
    db_close(db);
    buf_free(&text);
    buf_free(&err);
    return status;
}
