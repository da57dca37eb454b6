#include "formats/textauszug.h"

#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>

#include "util/str.h"

static void
grund_setzen(char *grund, size_t grund_len, const char *text)
{
    if (grund_len)
        snprintf(grund, grund_len, "%s", text);
}

int
textauszug_utf8(const char *p, size_t len, struct buf *out)
{
    /* Windows-1252 0x80..0x9F; other bytes are Latin-1 */
    static const unsigned short cp1252[32] = {
        0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
        0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178};
    int rc = ERR_OK;

    if (str_is_clean_utf8(p, len) || len == 0)
        return buf_append(out, p, len);
    /* str_is_clean_utf8 also refuses controls: copy valid UTF-8 when only those are there */
    bool utf8 = true;
    for (size_t i = 0; i < len && utf8;) {
        unsigned char c = (unsigned char)p[i];
        size_t n = c < 0x80             ? 1
                   : (c & 0xe0) == 0xc0 ? 2
                   : (c & 0xf0) == 0xe0 ? 3
                   : (c & 0xf8) == 0xf0 ? 4
                                        : 0;
        if (n == 0 || i + n > len)
            utf8 = false;
        for (size_t k = 1; utf8 && k < n; k++)
            if (((unsigned char)p[i + k] & 0xc0) != 0x80)
                utf8 = false;
        i += n ? n : 1;
    }
    if (utf8)
        return buf_append(out, p, len);
    for (size_t i = 0; rc == ERR_OK && i < len; i++) {
        unsigned c = (unsigned char)p[i];
        if (c >= 0x80 && c < 0xa0)
            c = cp1252[c - 0x80];
        if (c < 0x80)
            rc = buf_putc(out, (char)c);
        else if (c < 0x800)
            rc = buf_printf(out, "%c%c", (char)(0xc0 | (c >> 6)), (char)(0x80 | (c & 0x3f)));
        else
            rc = buf_printf(out, "%c%c%c", (char)(0xe0 | (c >> 12)),
                            (char)(0x80 | ((c >> 6) & 0x3f)), (char)(0x80 | (c & 0x3f)));
    }
    return rc;
}

static int64_t
jetzt_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child after fork: only async-signal-safe calls. */
static void
kind(int out_fd, const char *dir, char *const argv[])
{
    static char *const envp[] = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "OMP_THREAD_LIMIT=1", NULL};
    struct rlimit cpu = {TEXTAUSZUG_ZEIT_S + 5, TEXTAUSZUG_ZEIT_S + 5};
    struct rlimit fsize = {256UL * 1024 * 1024, 256UL * 1024 * 1024};
    struct rlimit as = {2048UL * 1024 * 1024, 2048UL * 1024 * 1024};
    int null = open("/dev/null", O_RDWR);
    sigset_t leer;

    /* the server blocks SIGTERM in its threads and ignores SIGPIPE: not so the tool */
    sigemptyset(&leer);
    sigprocmask(SIG_SETMASK, &leer, NULL);
    signal(SIGPIPE, SIG_DFL);

    if (null < 0 || chdir(dir) != 0 || dup2(null, 0) < 0 || dup2(null, 2) < 0 ||
        dup2(out_fd < 0 ? null : out_fd, 1) < 0)
        _exit(126);
    close_range(3, ~0U, 0);
    if (setrlimit(RLIMIT_CPU, &cpu) != 0 || setrlimit(RLIMIT_FSIZE, &fsize) != 0 ||
        setrlimit(RLIMIT_AS, &as) != 0)
        _exit(126);
    execve(argv[0], argv, envp);
    _exit(127);
}

/* Run argv in `dir`; its standard output is appended to `out` (NULL: discarded) up to
 * `max_out` bytes. ERR_IO with a reason for a missing tool, a failure, a time-out or too much
 * output. */
static int
ausfuehren(char *const argv[], const char *dir, struct buf *out, size_t max_out,
           const atomic_bool *abbruch, char *grund, size_t grund_len)
{
    int fds[2] = {-1, -1};
    int64_t ende = jetzt_ms() + (int64_t)TEXTAUSZUG_ZEIT_S * 1000;
    bool zu_lang = false, zu_viel = false;
    int rc = ERR_OK, status = 0;
    pid_t pid;

    if (access(argv[0], X_OK) != 0) {
        grund_setzen(grund, grund_len, "Das Werkzeug zur Texterkennung ist nicht installiert.");
        return ERR_IO;
    }
    if (out && pipe2(fds, O_CLOEXEC) != 0) {
        grund_setzen(grund, grund_len, "Interner Fehler (pipe).");
        return ERR_IO;
    }
    pid = fork();
    if (pid == 0)
        kind(fds[1], dir, argv);
    if (fds[1] >= 0)
        close(fds[1]);
    if (pid < 0) {
        if (fds[0] >= 0)
            close(fds[0]);
        grund_setzen(grund, grund_len, "Interner Fehler (fork).");
        return ERR_IO;
    }
    if (fds[0] >= 0) {
        char tmp[16384];
        for (;;) {
            int64_t rest = ende - jetzt_ms();
            if (rest <= 0 || (abbruch && atomic_load(abbruch))) {
                zu_lang = true;
                break;
            }
            struct pollfd pf = {fds[0], POLLIN, 0};
            int k = poll(&pf, 1, (int)(rest > 1000 ? 1000 : rest));
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0)
                break;
            if (k == 0)
                continue;
            ssize_t n = read(fds[0], tmp, sizeof(tmp));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            if (out->len + (size_t)n > max_out) {
                zu_viel = true;
                break;
            }
            rc = buf_append(out, tmp, (size_t)n);
            if (rc != ERR_OK)
                break;
        }
        close(fds[0]);
    }
    for (;;) {
        pid_t w = (zu_lang || zu_viel || rc != ERR_OK) ? 0 : waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            status = -1;
            break;
        }
        if (zu_lang || zu_viel || rc != ERR_OK || jetzt_ms() >= ende ||
            (abbruch && atomic_load(abbruch))) {
            if (!zu_viel && rc == ERR_OK)
                zu_lang = true;
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            break;
        }
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (rc != ERR_OK)
        return rc;
    if (zu_lang) {
        grund_setzen(grund, grund_len, "Die Texterkennung hat zu lange gedauert.");
        return ERR_IO;
    }
    if (zu_viel) {
        grund_setzen(grund, grund_len, "Der erkannte Text ist zu lang.");
        return ERR_IO;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        grund_setzen(
            grund, grund_len,
            "Die Texterkennung ist fehlgeschlagen (Datei beschädigt oder verschlüsselt?).");
        return ERR_IO;
    }
    return ERR_OK;
}

/* Remove the files in `dir` (flat) and the directory. */
static void
aufraeumen(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        int dfd = dirfd(d);
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlinkat(dfd, e->d_name, 0);
        closedir(d);
    }
    rmdir(dir);
}

static int
datei_schreiben(const char *dir, const char *name, const void *p, size_t len)
{
    char path[PATH_MAX];
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return ERR_IO;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return ERR_IO;
    const char *s = p;
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            return ERR_IO;
        }
        s += n;
        len -= (size_t)n;
    }
    return close(fd) == 0 ? ERR_OK : ERR_IO;
}

static int
ocr(const char *dir, const char *bild, struct buf *out, const atomic_bool *abbruch, char *grund,
    size_t grund_len)
{
    char *argv[] = {"/usr/bin/tesseract", (char *)bild, "stdout", "-l", "deu", NULL};
    return ausfuehren(argv, dir, out, TEXTAUSZUG_MAX_TEXT + 16384, abbruch, grund, grund_len);
}

static int
namen_cmp(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Render the first pages of eingabe.pdf and read them with OCR. */
static int
pdf_ocr(const char *dir, struct buf *out, const atomic_bool *abbruch, char *grund, size_t grund_len)
{
    char seiten[8];
    snprintf(seiten, sizeof(seiten), "%d", TEXTAUSZUG_OCR_SEITEN);
    char *argv[] = {"/usr/bin/pdftoppm", "-r",    "200", "-gray", "-png", "-l", seiten,
                    "eingabe.pdf",       "seite", NULL};
    int rc = ausfuehren(argv, dir, NULL, 0, abbruch, grund, grund_len);
    if (rc != ERR_OK)
        return rc;
    char *namen[TEXTAUSZUG_OCR_SEITEN + 1];
    size_t n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return ERR_IO;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < TEXTAUSZUG_OCR_SEITEN) {
        if (strncmp(e->d_name, "seite", 5) == 0 && strstr(e->d_name, ".png")) {
            namen[n] = strdup(e->d_name);
            if (!namen[n]) {
                rc = ERR_NOMEM;
                break;
            }
            n++;
        }
    }
    closedir(d);
    if (rc == ERR_OK)
        qsort(namen, n, sizeof(namen[0]), namen_cmp);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        if (out->len && (rc = buf_putc(out, '\n')) != ERR_OK)
            break;
        rc = ocr(dir, namen[i], out, abbruch, grund, grund_len);
    }
    for (size_t i = 0; i < n; i++)
        free(namen[i]);
    return rc;
}

/* True when the text has a few letters or digits: a PDF with a text layer. */
static bool
hat_text(const struct buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len && n < 20; i++) {
        unsigned char c = (unsigned char)b->p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0xc0)
            n++;
    }
    return n >= 20;
}

/* Cut `b` to at most `max` bytes on a UTF-8 boundary. */
static void
kuerzen(struct buf *b, size_t max)
{
    if (b->len <= max)
        return;
    size_t n = max;
    while (n > 0 && ((unsigned char)b->p[n] & 0xc0) == 0x80)
        n--;
    b->len = n;
    b->p[n] = '\0';
}

int
textauszug(const char *typ, const void *p, size_t len, const atomic_bool *abbruch, struct buf *out,
           const char **quelle, char *grund, size_t grund_len)
{
    bool pdf = strcmp(typ, "application/pdf") == 0;
    const char *endung = strcmp(typ, "image/png") == 0    ? "png"
                         : strcmp(typ, "image/jpeg") == 0 ? "jpg"
                         : strcmp(typ, "image/tiff") == 0 ? "tif"
                                                          : NULL;
    struct buf tmp = BUF_INIT(TEXTAUSZUG_MAX_TEXT + 16384);
    char dir[PATH_MAX], name[32];
    int rc;

    if (strcmp(typ, "text/plain") == 0 || strcmp(typ, "text/csv") == 0) {
        rc = textauszug_utf8(p, len < TEXTAUSZUG_MAX_TEXT ? len : TEXTAUSZUG_MAX_TEXT, &tmp);
        if (rc == ERR_OK) {
            kuerzen(&tmp, TEXTAUSZUG_MAX_TEXT);
            rc = buf_append(out, tmp.p ? tmp.p : "", tmp.len);
        }
        buf_free(&tmp);
        *quelle = "text";
        return rc;
    }
    if (!pdf && !endung)
        return ERR_INVALID;
    const char *t = getenv("TMPDIR");
    if (!t || t[0] != '/')
        t = "/tmp";
    if ((size_t)snprintf(dir, sizeof(dir), "%s/rathaus-text-XXXXXX", t) >= sizeof(dir) ||
        !mkdtemp(dir)) {
        grund_setzen(grund, grund_len, "Interner Fehler (temporäres Verzeichnis).");
        return ERR_IO;
    }
    snprintf(name, sizeof(name), "eingabe.%s", pdf ? "pdf" : endung);
    rc = datei_schreiben(dir, name, p, len);
    if (rc != ERR_OK)
        grund_setzen(grund, grund_len, "Interner Fehler (temporäre Datei).");
    if (rc == ERR_OK && pdf) {
        char *argv[] = {"/usr/bin/pdftotext", "-q", "-enc", "UTF-8", name, "-", NULL};
        rc = ausfuehren(argv, dir, &tmp, TEXTAUSZUG_MAX_TEXT + 16384, abbruch, grund, grund_len);
        *quelle = "pdftotext";
        if (rc == ERR_OK && !hat_text(&tmp)) {
            buf_reset(&tmp);
            rc = pdf_ocr(dir, &tmp, abbruch, grund, grund_len);
            *quelle = "ocr";
        }
    } else if (rc == ERR_OK) {
        rc = ocr(dir, name, &tmp, abbruch, grund, grund_len);
        *quelle = "ocr";
    }
    aufraeumen(dir);
    if (rc == ERR_OK) {
        kuerzen(&tmp, TEXTAUSZUG_MAX_TEXT);
        rc = buf_append(out, tmp.p ? tmp.p : "", tmp.len);
    }
    buf_free(&tmp);
    return rc;
}
