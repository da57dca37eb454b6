/* rathaus: the command line. One binary for every task of the platform: serve, init, import,
 * demo, backup, restore. Each command lives in src/cli/. */
#include <stdio.h>
#include <string.h>

#include "cli/archiv.h"
#include "cli/cli.h"
#include "cli/dok.h"
#include "cli/formular.h"
#include "cli/generate.h"
#include "cli/konto.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"init", cmd_init, "Datenbankschema anlegen oder migrieren"},
    {"import", cmd_import,
     "Gemeinden (CSV, GV100AD) oder Leistungen (OZG/LeiKa-CSV, JSON) importieren"},
    {"demo", cmd_demo, "Demo-Behörden, Zuständigkeiten und Onlinedienste laden"},
    {"generate", cmd_generate, "Lasttest-Daten im Landesmaßstab erzeugen (nicht für den Betrieb)"},
    {"serve", cmd_serve, "den Webserver starten"},
    {"konto", cmd_konto, "Konten anlegen und auflisten, API-Tokens ausgeben, Post versenden"},
    {"backup", cmd_backup, "eine konsistente Sicherung schreiben (auch im laufenden Betrieb)"},
    {"restore", cmd_restore, "eine Sicherung in eine leere Datenbank zurückspielen"},
    {"protokoll", cmd_protokoll, "die Hash-Ketten des Protokolls prüfen (verify)"},
    {"aufraeumen", cmd_aufraeumen, "verwaiste Antragsentwürfe ohne Konto löschen"},
    {"texte", cmd_texte, "den Text neuer Dokumente für die Volltextsuche lesen (OCR)"},
};

static void
usage(FILE *out)
{
    fprintf(out, "rathaus — die offene E-Government-Plattform für Land und Kommunen\n\n"
                 "Aufruf: rathaus BEFEHL [OPTIONEN]\n\nBefehle:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\nGemeinsame Option: --db DSN (sqlite:PFAD oder postgresql://…; Vorgabe "
                 "$RATHAUS_DB oder sqlite:var/rathaus.db)\n"
                 "Hilfe zu einem Befehl: rathaus BEFEHL --help\n");
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("rathaus 0.1.0\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "rathaus: unbekannter Befehl '%s'\n\n", argv[1]);
    usage(stderr);
    return 2;
}
