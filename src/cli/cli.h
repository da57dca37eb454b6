/* cli: what the subcommands of build/rathaus share — the database option, opening the
 * database for a command, and the entry points of the subcommands (one file each in src/cli/).
 *
 * Every cmd_* function gets the arguments after its own name (argv[0] is the command name)
 * and returns the process exit status: 0 success, 1 failure (message already printed in
 * German or English on stderr), 2 usage error. */
#ifndef RATHAUS_CLI_CLI_H
#define RATHAUS_CLI_CLI_H

#include <stdbool.h>

#include "store/db.h"

/* The DSN to use: `flag` when given, else $RATHAUS_DB, else "sqlite:var/rathaus.db".
 * Borrowed (static or from the environment). Cannot fail. */
const char *cli_dsn(const char *flag);

/* Open the database at `dsn` with a small pool, creating the parent folder of an SQLite file.
 * When `migrate` is true the schema is created or migrated first (as `rathaus init`); else it
 * must already be current. Prints the reason on failure. */
RH_MUST_CHECK int cli_open_db(const char *dsn, bool migrate, struct db **out);

/* True when stderr is a terminal (progress bars are drawn only then). */
bool cli_is_tty(void);

int cmd_init(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);

#endif
