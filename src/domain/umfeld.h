/* umfeld: the circumstances of one use case that the domain needs but must not look up
 * itself — the time, where the request came from, how links in e-mails begin, and the
 * server secret for keyed hashes and CSRF tokens. Filled by the face (http/auth.c for web
 * requests, the CLI for commands); every pointer is borrowed for the duration of the call. */
#ifndef RATHAUS_DOMAIN_UMFELD_H
#define RATHAUS_DOMAIN_UMFELD_H

#include <stdint.h>

struct umfeld {
    int64_t jetzt;            /* unix seconds */
    const char *herkunft;     /* client address as given, or NULL (CLI) */
    const char *geraet;       /* user agent, or NULL */
    const char *basis_url;    /* "https://host" without a final slash, for links in e-mails */
    const uint8_t *geheimnis; /* 32 bytes: the installation's server secret */
};

/* A validation error of a use case: the input field it is about ("email", "passwort", ...)
 * and a German sentence for the person. Both static strings. */
struct feld_fehler {
    const char *feld;
    const char *text;
};

#endif
