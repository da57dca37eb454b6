/* cli/archiv: `rathaus protokoll verify` (the audit log's hash chains) and `rathaus import
 * aktenplan` (an authority's file plan from CSV, docs/aktenplan.md). */
#ifndef RATHAUS_CLI_ARCHIV_H
#define RATHAUS_CLI_ARCHIV_H

/* argv[0] is "protokoll"; returns the exit status (0 all chains intact, 1 a chain is broken
 * or the database failed, 2 usage). */
int cmd_protokoll(int argc, char **argv);

/* argv[0] is "aktenplan" (the kind after `import`); returns the exit status (0, 1, 2). */
int cmd_aktenplan_import(int argc, char **argv);

#endif
