/* progress: a one-line progress bar on stderr for long imports, e.g.
 *
 *     gemeinden    [##################............]   612/1101
 *
 * drawn only when enabled (the caller passes cli_is_tty(): a bar is noise in a log file),
 * redrawn in place with '\r' at most once per 1/200 of the way, and ended by a newline in
 * progress_end(). A struct progress lives on the caller's stack; one per thread. Every
 * function accepts NULL and then does nothing, so importers can take an optional bar. */
#ifndef RATHAUS_FORMATS_PROGRESS_H
#define RATHAUS_FORMATS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct progress {
    bool is_enabled;
    bool is_active; /* a bar is on the screen, not yet ended */
    const char *label;
    size_t total, done;
    size_t drawn; /* `done` at the last redraw */
};

/* Set up a bar that draws only when `is_enabled`. Cannot fail. */
void progress_init(struct progress *p, bool is_enabled);
/* Start a new bar for `total` steps under `label` (borrowed until progress_end()); ends the
 * previous one first. Cannot fail. */
void progress_start(struct progress *p, const char *label, size_t total);
/* Advance by `n` steps and redraw when the bar moved visibly. Cannot fail. */
void progress_step(struct progress *p, size_t n);
/* Draw the final state and end the line. Cannot fail. */
void progress_end(struct progress *p);

#endif
