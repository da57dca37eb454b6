/* cli/konto: `rathaus konto ...` — the operator's account commands: create an account with a
 * role (and the invitation link), list accounts, print a new API token for an account, send
 * the e-mail outbox. The shell counts as the operator (authz system actor). */
#ifndef RATHAUS_CLI_KONTO_H
#define RATHAUS_CLI_KONTO_H

/* argv[0] is "konto". Returns the exit status (0, 1 failure, 2 usage). */
int cmd_konto(int argc, char **argv);

#endif
