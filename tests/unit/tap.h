/* tap: a minimal test runner for the C unit tests. Each test is a function; CHECK records a
 * failure and goes on. The executable exits non-zero when any check failed and prints one
 * "ok"/"not ok" line per test, then "N passed, N failed". */
#ifndef RATHAUS_TESTS_TAP_H
#define RATHAUS_TESTS_TAP_H

#include <stdbool.h>

extern int tap_failed_checks;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            tap_fail(__FILE__, __LINE__, #cond);                                                   \
        }                                                                                          \
    } while (0)

#define TEST(fn) tap_run(#fn, fn)

void tap_fail(const char *file, int line, const char *what);
void tap_run(const char *name, void (*fn)(void));
/* Prints the summary; returns the exit status for main(). */
int tap_done(void);
/* Path of ../shared/data/NAME (from RATHAUS_SHARED), in a static buffer. */
const char *tap_shared(const char *name);

#endif
