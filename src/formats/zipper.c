#include "formats/zipper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

struct zipper {
    zip_source_t *src;
    zip_t *za;
};

int
zipper_new(struct zipper **out)
{
    zip_error_t ze;
    struct zipper *z = calloc(1, sizeof(*z));
    if (!z)
        return ERR_NOMEM;
    zip_error_init(&ze);
    z->src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (z->src)
        z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &ze);
    zip_error_fini(&ze);
    if (!z->za) {
        if (z->src)
            zip_source_free(z->src);
        free(z);
        return ERR_NOMEM;
    }
    zip_source_keep(z->src); /* keep the buffer after zip_close() */
    *out = z;
    return ERR_OK;
}

void
zipper_free(struct zipper *z)
{
    if (!z)
        return;
    if (z->za)
        zip_discard(z->za);
    if (z->src)
        zip_source_free(z->src);
    free(z);
}

int
zipper_add(struct zipper *z, const char *name, const void *data, size_t len)
{
    if (!z->za)
        return ERR_IO;
    if (zip_name_locate(z->za, name, 0) >= 0)
        return ERR_CONFLICT;
    zip_source_t *s = zip_source_buffer(z->za, len ? data : "", len, 0);
    if (!s)
        return ERR_NOMEM;
    if (zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8) < 0) {
        zip_source_free(s);
        return ERR_IO;
    }
    return ERR_OK;
}

int
zipper_finish(struct zipper *z, struct buf *out)
{
    char chunk[65536];
    zip_int64_t n;
    int rc = ERR_OK;
    if (!z->za)
        return ERR_IO;
    if (zip_close(z->za) != 0) {
        zip_discard(z->za);
        z->za = NULL;
        return ERR_IO;
    }
    z->za = NULL;
    if (zip_source_open(z->src) != 0)
        return ERR_IO;
    while (rc == ERR_OK && (n = zip_source_read(z->src, chunk, sizeof(chunk))) > 0)
        rc = buf_append(out, chunk, (size_t)n);
    if (rc == ERR_OK && n < 0)
        rc = ERR_IO;
    zip_source_close(z->src);
    return rc;
}

void
zipper_safe_name(const char *name, char *out, size_t max)
{
    size_t k = 0;
    if (max == 0)
        return;
    for (size_t i = 0; name && name[i] && k + 1 < max; i++) {
        unsigned char ch = (unsigned char)name[i];
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || (ch == '.' && k > 0);
        if ((ch & 0xC0) == 0x80)
            continue; /* one '_' per multi-byte character */
        out[k++] = ok ? (char)ch : '_';
    }
    if (k == 0) {
        snprintf(out, max, "datei");
        return;
    }
    out[k] = '\0';
}
