/* cli/formular: `rathaus import formular DATEI...` — check form definitions (docs/formular.md)
 * and store each as a new version of its Leistung for the whole Land; and `rathaus
 * aufraeumen`, the cleanup of abandoned anonymous drafts. */
#ifndef RATHAUS_CLI_FORMULAR_H
#define RATHAUS_CLI_FORMULAR_H

/* argv[0] is "formular" (the kind after `import`); returns the exit status (0, 1, 2). */
int cmd_formular_import(int argc, char **argv);

/* `rathaus aufraeumen [--db DSN] [--tage N]`: delete abandoned anonymous drafts now
 * (domain/antrag_anonym.h; the server also does it every hour). Exit status 0, 1, 2. */
int cmd_aufraeumen(int argc, char **argv);

#endif
