/* `rathaus demo`: load the demo data set (formats/demo_import.h) into the database. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "formats/aktenplan_demo.h"
#include "formats/amt_demo.h"
#include "formats/bescheid_demo.h"
#include "formats/demo_import.h"

static void
demo_usage(FILE *out)
{
    fprintf(out,
            "Aufruf: rathaus demo [--db DSN] [--dir ORDNER]\n\n"
            "Lädt Demo-Daten: Leistungsbeschreibungen der meistgefragten Verwaltungsleistungen,\n"
            "erfundene Behörden, Ämter, Zuständigkeiten und Onlinedienste für ganze Kreise\n"
            "(Liste in ORDNER/aemter.json), alle als Demo-Daten gekennzeichnet. Das\n"
            "Gemeindeverzeichnis muss vorher importiert sein. Ein zweiter Aufruf ändert keine\n"
            "Anzahl; alles läuft in einer Transaktion.\n"
            "  --db DSN      sqlite:PFAD oder postgresql://… (Vorgabe $RATHAUS_DB oder\n"
            "                sqlite:var/rathaus.db)\n"
            "  --dir ORDNER  Ordner mit leistungen.json und aemter.json (Vorgabe demo)\n");
}

int
cmd_demo(int argc, char **argv)
{
    const char *dsn_flag = NULL, *dir = "demo";
    struct db *db = NULL;
    struct db_conn *c = NULL;
    struct demo_result res;
    char err[1024];
    int status = 1, rc;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            demo_usage(stdout);
            return 0;
        } else if (strcmp(a, "--db") == 0 && v) {
            dsn_flag = v;
            i++;
        } else if (strncmp(a, "--db=", 5) == 0) {
            dsn_flag = a + 5;
        } else if (strcmp(a, "--dir") == 0 && v) {
            dir = v;
            i++;
        } else if (strncmp(a, "--dir=", 6) == 0) {
            dir = a + 6;
        } else {
            fprintf(stderr, "rathaus demo: unbekannte Option '%s'\n", a);
            demo_usage(stderr);
            return 2;
        }
    }

    if (cli_open_db(cli_dsn(dsn_flag), false, &db) != ERR_OK)
        return 1;
    rc = db_acquire(db, &c);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus demo: keine Datenbankverbindung (%s)\n", err_name(rc));
        goto out;
    }
    rc = demo_import(c, dir, &res, err, sizeof(err));
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus demo: %s\n", err);
        goto out;
    }
    printf("Demo: %lld Behörden, %lld Organisationseinheiten, %lld Zuständigkeiten, "
           "%lld Onlinedienste (%s)\n",
           (long long)res.counts.behoerden, (long long)res.counts.oes,
           (long long)res.counts.zustaendigkeiten, (long long)res.counts.onlinedienste,
           res.gebiete);
    printf("Leistungsbeschreibungen: %lld aus %s/leistungen.json\n", (long long)res.n_leistungen,
           dir);
    int64_t n_plan = 0;
    rc = aktenplan_demo_laden(c, dir, &n_plan, err, sizeof(err));
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus demo: %s\n", err);
        goto out;
    }
    printf("Aktenplan: %s/aktenplan.csv für %lld Behörden\n", dir, (long long)n_plan);
    int64_t n_vorlagen = 0;
    rc = bescheid_demo_laden(c, (int64_t)time(NULL), &n_vorlagen);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus demo: Bescheidvorlagen: %s\n", err_name(rc));
        goto out;
    }
    printf("Bescheidvorlagen: %lld\n", (long long)n_vorlagen);
    int64_t n_akten = 0;
    rc = amt_demo_laden(c, (int64_t)time(NULL), &n_akten);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus demo: Akten: %s\n", err_name(rc));
        goto out;
    }
    printf("Akten: %lld neu\n", (long long)n_akten);
    status = 0;
out:
    if (c)
        db_release(c);
    db_close(db);
    return status;
}
