#include "http/static.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dirent.h>
#include <sodium.h>

#include "util/log.h"

#define MAX_FILES     4000
#define MAX_FILE_SIZE (8 * 1024 * 1024)

struct static_files {
    struct static_file *files;
    size_t n, cap;
};

int
static_files_new(struct static_files **out)
{
    struct static_files *sf = calloc(1, sizeof(*sf));
    if (!sf)
        return ERR_NOMEM;
    *out = sf;
    return ERR_OK;
}

void
static_files_free(struct static_files *sf)
{
    if (!sf)
        return;
    for (size_t i = 0; i < sf->n; i++) {
        free((char *)sf->files[i].path);
        free((char *)sf->files[i].data);
        free((char *)sf->files[i].etag);
    }
    free(sf->files);
    free(sf);
}

static const char *
type_of(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".html", "text/html; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

static int
add_file(struct static_files *sf, const char *file, const char *url, const char *type)
{
    FILE *f = fopen(file, "rb");
    struct stat st;
    char *data = NULL, *path = NULL, *etag = NULL;
    int rc = ERR_IO;

    if (!f)
        return ERR_IO;
    if (fstat(fileno(f), &st) != 0 || st.st_size > MAX_FILE_SIZE)
        goto out;
    rc = ERR_NOMEM;
    data = malloc((size_t)st.st_size + 1);
    path = strdup(url);
    etag = malloc(2 + 32 + 1);
    if (!data || !path || !etag)
        goto out;
    rc = ERR_IO;
    if (fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
        goto out;
    data[st.st_size] = '\0';
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, (unsigned char *)data, (unsigned long long)st.st_size);
    etag[0] = '"';
    sodium_bin2hex(etag + 1, 33, hash, 16);
    etag[33] = '"';
    etag[34] = '\0';
    rc = ERR_LIMIT;
    if (sf->n == MAX_FILES)
        goto out;
    if (sf->n == sf->cap) {
        size_t ncap = sf->cap ? sf->cap * 2 : 64;
        struct static_file *nf = realloc(sf->files, ncap * sizeof(*nf));
        rc = ERR_NOMEM;
        if (!nf)
            goto out;
        sf->files = nf;
        sf->cap = ncap;
    }
    sf->files[sf->n++] = (struct static_file){path, data, (size_t)st.st_size, type, etag};
    data = path = etag = NULL;
    rc = ERR_OK;
out:
    fclose(f);
    free(data);
    free(path);
    free(etag);
    return rc;
}

static int
walk(struct static_files *sf, const char *dir, const char *prefix, int depth)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = ERR_OK;

    if (!d)
        return ERR_IO;
    if (depth > 8) {
        closedir(d);
        return ERR_LIMIT;
    }
    while (rc == ERR_OK && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char file[4096], url[2048];
        int n1 = snprintf(file, sizeof(file), "%s/%s", dir, e->d_name);
        int n2 = snprintf(url, sizeof(url), "%s/%s", prefix, e->d_name);
        if (n1 < 0 || (size_t)n1 >= sizeof(file) || n2 < 0 || (size_t)n2 >= sizeof(url))
            continue;
        struct stat st;
        if (stat(file, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            rc = walk(sf, file, url, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            const char *type = type_of(e->d_name);
            if (type)
                rc = add_file(sf, file, url, type);
        }
    }
    closedir(d);
    return rc;
}

int
static_files_add_dir(struct static_files *sf, const char *dir, const char *prefix)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        log_warn("asset folder '%s' not found", dir);
        return ERR_OK;
    }
    return walk(sf, dir, prefix, 0);
}

const struct static_file *
static_files_find(const struct static_files *sf, const char *path)
{
    for (size_t i = 0; i < sf->n; i++)
        if (strcmp(sf->files[i].path, path) == 0)
            return &sf->files[i];
    return NULL;
}
