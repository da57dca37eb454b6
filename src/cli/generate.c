/* `rathaus generate`: benchmark data (bench_data/generate.h) into a database that has the
 * Gemeinden and the catalogue. */
#include "cli/generate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bench_data/generate.h"
#include "cli/cli.h"
#include "util/str.h"

static void
generate_usage(FILE *out)
{
    fprintf(out,
            "Aufruf: rathaus generate [--db DSN] [--faelle N] [--antraege N] [--seed S]\n"
            "                         [--stichtag JJJJ-MM-TT] [--dir ORDNER]\n\n"
            "Erzeugt Testdaten für Lasttests im Maßstab Baden-Württembergs: Behörden, Ämter,\n"
            "Zuständigkeiten und Onlinedienste für alle 1.101 Gemeinden und 44 Kreise (wie die\n"
            "Demo-Daten gekennzeichnet), je Behörde einen Aktenplan und Beschäftigtenkonten, dazu\n"
            "Akten, Vorgänge, Vermerke, Wiedervorlagen, Posteingänge und Anträge. Gleicher Seed,\n"
            "gleiche Größen und gleicher Stichtag ergeben dieselben Daten. Vorher: init, import\n"
            "gemeinden, import leistungen. Nur für eine frische Datenbank; nicht für den Betrieb.\n"
            "  --db DSN       sqlite:PFAD oder postgresql://… (Vorgabe $RATHAUS_DB oder\n"
            "                 sqlite:var/rathaus.db)\n"
            "  --faelle N     Vorgänge, 0 bis %d (Vorgabe 100000)\n"
            "  --antraege N   Anträge, 0 bis %d (Vorgabe 10000)\n"
            "  --seed S       Startwert des Zufallsgenerators (Vorgabe 1)\n"
            "  --stichtag T   der \"heutige\" Tag der Daten (Vorgabe: heute, UTC)\n"
            "  --dir ORDNER   Ordner mit leistungen.json und aemter.json (Vorgabe demo)\n",
            GENERATE_FAELLE_MAX, GENERATE_ANTRAEGE_MAX);
}

/* "YYYY-MM-DD" to unix time at 00:00 UTC. */
static int
parse_tag(const char *s, int64_t *out)
{
    struct tm tm = {0};
    int y, m, d;
    char rest;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3 || y < 2000 ||
        y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
        return ERR_INVALID;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    *out = (int64_t)timegm(&tm);
    return ERR_OK;
}

int
cmd_generate(int argc, char **argv)
{
    const char *dsn_flag = NULL;
    struct generate_opts o = {.seed = 1, .faelle = 100000, .antraege = 10000, .demo_dir = "demo"};
    struct generate_result r;
    struct db *db = NULL;
    char err[1024];
    int64_t seed = 1;
    time_t now = time(NULL);

    o.stichtag = (int64_t)(now - now % 86400);
    for (int i = 1; i < argc; i += 2) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        int bad = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            generate_usage(stdout);
            return 0;
        } else if (strcmp(a, "--db") == 0 && v) {
            dsn_flag = v;
        } else if (strcmp(a, "--faelle") == 0 && v) {
            bad = str_to_int64(str_from(v), 0, GENERATE_FAELLE_MAX, &o.faelle) != ERR_OK;
        } else if (strcmp(a, "--antraege") == 0 && v) {
            bad = str_to_int64(str_from(v), 0, GENERATE_ANTRAEGE_MAX, &o.antraege) != ERR_OK;
        } else if (strcmp(a, "--seed") == 0 && v) {
            bad = str_to_int64(str_from(v), 0, INT64_MAX, &seed) != ERR_OK;
        } else if (strcmp(a, "--stichtag") == 0 && v) {
            bad = parse_tag(v, &o.stichtag) != ERR_OK;
        } else if (strcmp(a, "--dir") == 0 && v) {
            o.demo_dir = v;
        } else {
            fprintf(stderr, "rathaus generate: unbekannte Option '%s'\n", a);
            generate_usage(stderr);
            return 2;
        }
        if (bad) {
            fprintf(stderr, "rathaus generate: ungültiger Wert für %s: '%s'\n", a, v);
            return 2;
        }
    }
    o.seed = (uint64_t)seed;
    o.is_progress = cli_is_tty();

    if (cli_open_db(cli_dsn(dsn_flag), false, &db) != ERR_OK)
        return 1;
    time_t t0 = time(NULL);
    int rc = generate_run(db, &o, &r, err, sizeof(err));
    db_close(db);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus generate: %s\n", err);
        return 1;
    }
    printf("Erzeugt in %lld s: %lld Behörden, %lld Organisationseinheiten, %lld "
           "Aktenplanpositionen, %lld Beschäftigtenkonten, %lld Formulare\n",
           (long long)(time(NULL) - t0), (long long)r.behoerden, (long long)r.oes,
           (long long)r.aktenplan, (long long)r.konten, (long long)r.formulare);
    printf("%lld Akten, %lld Vorgänge, %lld Vermerke, %lld Wiedervorlagen, %lld Posteingänge, "
           "%lld Suchtexte\n",
           (long long)r.akten, (long long)r.vorgaenge, (long long)r.vermerke,
           (long long)r.wiedervorlagen, (long long)r.eingaenge, (long long)r.suchtexte);
    printf("%lld Anträge (%lld Statuszeilen, %lld Eingangsbestätigungen)\n", (long long)r.antraege,
           (long long)r.antrag_status, (long long)r.bestaetigungen);
    return 0;
}
