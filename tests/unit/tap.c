#include "tap.h"

#include <stdio.h>
#include <stdlib.h>

int tap_failed_checks;
static int n_passed, n_failed;

void
tap_fail(const char *file, int line, const char *what)
{
    tap_failed_checks++;
    fprintf(stderr, "  %s:%d: check failed: %s\n", file, line, what);
}

void
tap_run(const char *name, void (*fn)(void))
{
    int before = tap_failed_checks;
    fn();
    if (tap_failed_checks == before) {
        n_passed++;
        printf("ok - %s\n", name);
    } else {
        n_failed++;
        printf("not ok - %s\n", name);
    }
    fflush(stdout);
}

int
tap_done(void)
{
    printf("%d passed, %d failed\n", n_passed, n_failed);
    return n_failed ? 1 : 0;
}

const char *
tap_shared(const char *name)
{
    static char path[4096];
    const char *root = getenv("RATHAUS_SHARED");
    snprintf(path, sizeof(path), "%s/data/%s", root ? root : "../shared", name);
    return path;
}
