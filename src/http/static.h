/* static: the static assets (KERN UX styles and fonts, our own CSS, icons), read into memory
 * at start-up from asset folders and served with ETag and cache headers. Immutable after
 * static_files_load(); shared by all threads; owned by the app. */
#ifndef RATHAUS_HTTP_STATIC_H
#define RATHAUS_HTTP_STATIC_H

#include <stddef.h>

#include "util/err.h"

struct static_files;

struct static_file {
    const char *path; /* URL path, e.g. "/static/kern/kern.min.css" */
    const char *data;
    size_t len;
    const char *content_type;
    const char *etag; /* quoted strong ETag */
};

/* Load every file below `dir` (recursively, at most 4,000 files of 8 MiB) under the URL
 * prefix `prefix`. May be called several times. Missing folders are skipped with a warning. */
RH_MUST_CHECK int static_files_new(struct static_files **out);
RH_MUST_CHECK int static_files_add_dir(struct static_files *sf, const char *dir,
                                       const char *prefix);
void static_files_free(struct static_files *sf);
/* The file at `path`, or NULL. */
const struct static_file *static_files_find(const struct static_files *sf, const char *path);

#endif
