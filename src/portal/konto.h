/* portal/konto: the account pages — register, confirm the address, log in (password, for
 * staff then the TOTP code, or through the OpenID provider), log out, forgotten password,
 * the account overview with e-mail and password change, sessions, export and deletion, and
 * taking up an invitation. German, KERN UX, no JavaScript; every form that changes something
 * carries a CSRF token (http/auth.h) and a request without a valid one gets 403 and changes
 * nothing. Handlers are thin: they validate, call domain/konto.h, render the templates in
 * html/templates/konto/. */
#ifndef RATHAUS_PORTAL_KONTO_H
#define RATHAUS_PORTAL_KONTO_H

#include "http/router.h"

extern const struct route konto_portal_routes[];

#endif
