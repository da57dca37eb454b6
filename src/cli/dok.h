/* cli/dok: `rathaus texte` — work the text-extraction queue of document versions once
 * (domain/dokument_text.h), for operators and tests; the server does it in the background. */
#ifndef RATHAUS_CLI_DOK_H
#define RATHAUS_CLI_DOK_H

/* argv[0] is "texte"; returns the exit status (0, 1, 2). */
int cmd_texte(int argc, char **argv);

#endif
