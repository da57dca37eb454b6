/* cli/formular: `rathaus import formular DATEI...` — check form definitions (docs/formular.md)
 * and store each as a new version of its Leistung for the whole Land. */
#ifndef RATHAUS_CLI_FORMULAR_H
#define RATHAUS_CLI_FORMULAR_H

/* argv[0] is "formular" (the kind after `import`); returns the exit status (0, 1, 2). */
int cmd_formular_import(int argc, char **argv);

#endif
