#include "store/backup.h"

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/migrate.h"

/* Parse "[--db DSN] FILE"; returns 0 ok, 1 usage error, 2 help. */
static int
parse(int argc, char **argv, const char **dsn, const char **file)
{
    *dsn = NULL;
    *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 2;
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            *dsn = argv[++i];
        else if (argv[i][0] != '-' && !*file)
            *file = argv[i];
        else
            return 1;
    }
    return *file ? 0 : 1;
}

int
cmd_backup(int argc, char **argv)
{
    const char *dsn, *file;
    int p = parse(argc, argv, &dsn, &file);
    if (p) {
        fprintf(p == 2 ? stdout : stderr,
                "Aufruf: rathaus backup [--db DSN] DATEI\n\n"
                "Schreibt eine konsistente Sicherung der ganzen Datenbank (alle Tabellen, auch\n"
                "Dokumente und Anlagen) nach DATEI, auch während der Server läuft (SQLite\n"
                "Online-Backup). Für PostgreSQL: pg_dump, siehe Hinweis.\n");
        return p == 2 ? 0 : 2;
    }
    dsn = cli_dsn(dsn);
    if (strncmp(dsn, "sqlite:", 7) != 0) {
        fprintf(stderr, "%s\n", backup_pg_hint());
        return 1;
    }
    struct db *db;
    if (cli_open_db(dsn, false, &db) != ERR_OK)
        return 1;
    int rc = backup_write(db, file);
    db_close(db);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: Sicherung fehlgeschlagen (%s)\n", err_name(rc));
        return 1;
    }
    printf("Sicherung geschrieben: %s\n", file);
    return 0;
}

int
cmd_restore(int argc, char **argv)
{
    const char *dsn, *file;
    int p = parse(argc, argv, &dsn, &file);
    if (p) {
        fprintf(p == 2 ? stdout : stderr,
                "Aufruf: rathaus restore [--db DSN] DATEI\n\n"
                "Spielt eine Sicherung von 'rathaus backup' in eine LEERE Datenbank zurück.\n"
                "Eine Datenbank mit Inhalt wird nicht überschrieben.\n");
        return p == 2 ? 0 : 2;
    }
    dsn = cli_dsn(dsn);
    if (strncmp(dsn, "sqlite:", 7) != 0) {
        fprintf(stderr, "%s\n", backup_pg_hint());
        return 1;
    }
    struct db *db;
    if (db_open(dsn, 1, &db) != ERR_OK) {
        fprintf(stderr, "rathaus: Datenbank kann nicht geöffnet werden\n");
        return 1;
    }
    int rc = backup_restore(db, file);
    if (rc == ERR_OK) {
        /* an older backup comes back at its own schema version: bring it up to date */
        int from, to;
        rc = migrate_run(db, &from, &to);
    }
    db_close(db);
    if (rc == ERR_CONFLICT)
        fprintf(stderr, "rathaus: die Zieldatenbank ist nicht leer; Wiederherstellung nur in "
                        "eine leere Datenbank\n");
    else if (rc == ERR_NOTFOUND)
        fprintf(stderr, "rathaus: Sicherung '%s' nicht gefunden\n", file);
    else if (rc != ERR_OK)
        fprintf(stderr, "rathaus: Wiederherstellung fehlgeschlagen (%s)\n", err_name(rc));
    else
        printf("Sicherung wiederhergestellt aus %s\n", file);
    return rc == ERR_OK ? 0 : 1;
}
