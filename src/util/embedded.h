/* embedded: files compiled into the binary (templates, migrations, the OpenAPI document).
 * The table is generated at build time by tools/embed.py; all memory is static. */
#ifndef RATHAUS_UTIL_EMBEDDED_H
#define RATHAUS_UTIL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name; /* path relative to src/, e.g. "html/templates/start.html" */
    const char *data; /* NUL-terminated */
    size_t len;
};

/* Ends with an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* The file called `name`, or NULL. Cannot fail. */
const struct embedded_file *embedded_find(const char *name);

#endif
