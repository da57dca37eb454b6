#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/migrate.h"

const char *
cli_dsn(const char *flag)
{
    if (flag)
        return flag;
    const char *env = getenv("RATHAUS_DB");
    return env && *env ? env : "sqlite:var/rathaus.db";
}

bool
cli_is_tty(void)
{
    return isatty(STDERR_FILENO) == 1;
}

/* mkdir -p for the folder holding an SQLite file */
static void
make_parent(const char *path)
{
    char dir[4096];
    size_t len = strlen(path);
    if (len >= sizeof(dir))
        return;
    memcpy(dir, path, len + 1);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(dir, 0750) != 0 && errno != EEXIST)
                return;
            *p = '/';
        }
    }
    if (mkdir(dir, 0750) != 0 && errno != EEXIST)
        fprintf(stderr, "rathaus: cannot create folder '%s'\n", dir);
}

int
cli_open_db(const char *dsn, bool migrate, struct db **out)
{
    struct db *db;
    if (strncmp(dsn, "sqlite:", 7) == 0)
        make_parent(dsn + 7);
    int rc = db_open(dsn, 4, &db);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: Datenbank kann nicht geöffnet werden (%s)\n", err_name(rc));
        return rc;
    }
    if (migrate) {
        int from, to;
        rc = migrate_run(db, &from, &to);
    } else {
        rc = migrate_check(db);
    }
    if (rc == ERR_SCHEMA) {
        fprintf(stderr,
                "rathaus: die Datenbank hat ein neueres Schema als dieses Programm "
                "(bis Version %d); bitte ein neueres rathaus verwenden\n",
                migrate_latest(db_kind(db)));
    } else if (rc == ERR_CONFLICT) {
        fprintf(stderr, "rathaus: das Datenbankschema ist veraltet oder fehlt; zuerst "
                        "'rathaus init' ausführen\n");
    } else if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: Datenbankschema kann nicht geprüft werden (%s)\n", err_name(rc));
    }
    if (rc != ERR_OK) {
        db_close(db);
        return rc;
    }
    *out = db;
    return ERR_OK;
}

/* Find --db in argv; returns its value or NULL. */
static const char *
db_flag(int argc, char **argv, int *bad)
{
    const char *v = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc) {
                *bad = 1;
                return NULL;
            }
            v = argv[++i];
        } else if (strncmp(argv[i], "--db=", 5) == 0) {
            v = argv[i] + 5;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            *bad = 2;
        } else {
            *bad = 1;
        }
    }
    return v;
}

int
cmd_init(int argc, char **argv)
{
    int bad = 0;
    const char *flag = db_flag(argc, argv, &bad);
    if (bad) {
        fprintf(bad == 2 ? stdout : stderr,
                "Aufruf: rathaus init [--db DSN]\n\n"
                "Legt das Datenbankschema an oder bringt es auf den neuesten Stand. Jede\n"
                "nummerierte Migration läuft in einer eigenen Transaktion; ein zweiter Aufruf\n"
                "ändert nichts. Eine Datenbank mit neuerem Schema wird abgelehnt.\n"
                "DSN: sqlite:PFAD (Vorgabe sqlite:var/rathaus.db, oder $RATHAUS_DB) oder\n"
                "postgresql://BENUTZER@HOST/DB.\n");
        return bad == 2 ? 0 : 2;
    }
    const char *dsn = cli_dsn(flag);
    struct db *db;
    int from = 0, to = 0;
    if (strncmp(dsn, "sqlite:", 7) == 0)
        make_parent(dsn + 7);
    int rc = db_open(dsn, 1, &db);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: Datenbank kann nicht geöffnet werden (%s)\n", err_name(rc));
        return 1;
    }
    rc = migrate_run(db, &from, &to);
    if (rc == ERR_SCHEMA)
        fprintf(stderr,
                "rathaus: die Datenbank hat ein neueres Schema als dieses Programm "
                "(kennt bis Version %d); bitte ein neueres rathaus verwenden\n",
                migrate_latest(db_kind(db)));
    else if (rc != ERR_OK)
        fprintf(stderr, "rathaus: Migration fehlgeschlagen (%s)\n", err_name(rc));
    else if (from == to)
        printf("Schema ist aktuell (Version %d)\n", to);
    else
        printf("Schema migriert von Version %d auf %d\n", from, to);
    db_close(db);
    return rc == ERR_OK ? 0 : 1;
}
