/* Tests of the outbox sender (domain/postausgang.h) against a small SMTP server in a thread of
 * this test: queued mail is delivered with its headers and body, a recipient the server refuses
 * and a server that is down cost a try each and lose nothing, and the background sender of
 * `rathaus serve` delivers on its own. On SQLite and, when RATHAUS_TEST_PG holds a DSN, on
 * PostgreSQL (fixture: testdb.h). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <poll.h>
#include <pthread.h>

#include "domain/postausgang.h"
#include "store/db.h"
#include "tap.h"
#include "testdb.h"
#include "util/buf.h"

#define T0 1735689600 /* 2025-01-01 */

/* ---- the SMTP server: one connection at a time, everything it received kept in `empfangen` */

static struct {
    int fd;
    int port;
    volatile bool stop;
    pthread_t thread;
    pthread_mutex_t lock;
    struct buf empfangen; /* the DATA of every accepted message, one after the other */
    int n_nachrichten;
} smtp = {.fd = -1, .lock = PTHREAD_MUTEX_INITIALIZER};

static void
say(int fd, const char *line)
{
    size_t n = strlen(line);
    while (n > 0) {
        ssize_t w = write(fd, line, n);
        if (w <= 0)
            return;
        line += w;
        n -= (size_t)w;
    }
}

/* One line (without CRLF) into `line`; false at the end of the connection. */
static bool
read_line(int fd, char *line, size_t cap)
{
    size_t n = 0;
    for (;;) {
        char ch;
        ssize_t r = read(fd, &ch, 1);
        if (r <= 0)
            return false;
        if (ch == '\n')
            break;
        if (ch != '\r' && n + 1 < cap)
            line[n++] = ch;
    }
    line[n] = '\0';
    return true;
}

static void
serve_connection(int fd)
{
    char line[2048];
    struct buf data = BUF_INIT(1 << 20);
    say(fd, "220 test.invalid ESMTP\r\n");
    while (read_line(fd, line, sizeof(line))) {
        if (strncasecmp(line, "EHLO", 4) == 0 || strncasecmp(line, "HELO", 4) == 0) {
            say(fd, "250-test.invalid\r\n250 8BITMIME\r\n");
        } else if (strncasecmp(line, "MAIL FROM:", 10) == 0) {
            say(fd, "250 OK\r\n");
        } else if (strncasecmp(line, "RCPT TO:", 8) == 0) {
            say(fd, strstr(line, "abgelehnt") ? "550 no such user\r\n" : "250 OK\r\n");
        } else if (strcasecmp(line, "DATA") == 0) {
            say(fd, "354 go ahead\r\n");
            buf_reset(&data);
            while (read_line(fd, line, sizeof(line)) && strcmp(line, ".") != 0)
                if (buf_puts(&data, line) != ERR_OK || buf_puts(&data, "\n") != ERR_OK)
                    break;
            pthread_mutex_lock(&smtp.lock);
            if (buf_puts(&smtp.empfangen, buf_cstr(&data)) == ERR_OK)
                smtp.n_nachrichten++;
            pthread_mutex_unlock(&smtp.lock);
            say(fd, "250 queued\r\n");
        } else if (strcasecmp(line, "QUIT") == 0) {
            say(fd, "221 bye\r\n");
            break;
        } else if (strcasecmp(line, "RSET") == 0 || strcasecmp(line, "NOOP") == 0) {
            say(fd, "250 OK\r\n");
        } else {
            say(fd, "502 not implemented\r\n");
        }
    }
    buf_free(&data);
}

static void *
smtp_main(void *arg)
{
    (void)arg;
    while (!smtp.stop) {
        struct pollfd p = {.fd = smtp.fd, .events = POLLIN};
        if (poll(&p, 1, 100) <= 0)
            continue;
        int c = accept(smtp.fd, NULL, NULL);
        if (c < 0)
            continue;
        serve_connection(c);
        close(c);
    }
    return NULL;
}

static bool
smtp_start(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    socklen_t len = sizeof(a);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    smtp.fd = socket(AF_INET, SOCK_STREAM, 0);
    if (smtp.fd < 0 || bind(smtp.fd, (struct sockaddr *)&a, sizeof(a)) != 0 ||
        listen(smtp.fd, 8) != 0 || getsockname(smtp.fd, (struct sockaddr *)&a, &len) != 0)
        return false;
    smtp.port = ntohs(a.sin_port);
    struct buf leer = BUF_INIT(4 << 20);
    smtp.empfangen = leer;
    return pthread_create(&smtp.thread, NULL, smtp_main, NULL) == 0;
}

static void
smtp_stop(void)
{
    smtp.stop = true;
    pthread_join(smtp.thread, NULL);
    close(smtp.fd);
    buf_free(&smtp.empfangen);
}

static int
smtp_count(void)
{
    pthread_mutex_lock(&smtp.lock);
    int n = smtp.n_nachrichten;
    pthread_mutex_unlock(&smtp.lock);
    return n;
}

/* Forget what was received (each database's run starts empty). */
static void
smtp_reset(void)
{
    pthread_mutex_lock(&smtp.lock);
    buf_reset(&smtp.empfangen);
    smtp.n_nachrichten = 0;
    pthread_mutex_unlock(&smtp.lock);
}

static bool
smtp_received(const char *needle)
{
    pthread_mutex_lock(&smtp.lock);
    bool found = strstr(buf_cstr(&smtp.empfangen), needle) != NULL;
    pthread_mutex_unlock(&smtp.lock);
    return found;
}

/* ---- the tests ---- */

struct einstellen_ctx {
    const struct umfeld *u;
    const struct nachricht_raus *n;
    size_t count;
};

static int
einstellen_tx(struct db_conn *c, void *vctx)
{
    struct einstellen_ctx *x = vctx;
    for (size_t i = 0; i < x->count; i++) {
        int rc = postausgang_einstellen(c, x->u, &x->n[i]);
        if (rc != ERR_OK)
            return rc;
    }
    return ERR_OK;
}

static const char sql_status[] =
    "SELECT COUNT(*) FROM postausgang WHERE empfaenger = ? AND gesendet IS NOT NULL";
static const char sql_versuche[] =
    "SELECT versuche FROM postausgang WHERE empfaenger = ? AND gesendet IS NULL "
    "AND fehler IS NOT NULL";

static void
postausgang_body(enum db_kind kind)
{
    struct db *db = testdb_fresh(kind);
    struct db_conn *c = NULL;
    struct umfeld u = testdb_umfeld(T0);
    char url[64], down[64];
    size_t n = 0;
    if (!db)
        return;
    snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", smtp.port);
    const struct smtp_config cfg = {url, "rathaus@test.invalid", NULL, NULL};
    smtp_reset();

    const struct nachricht_raus post[] = {
        {0, 0, "erika@example.org", "Bestätigen Sie Ihre E-Mail-Adresse",
         "Guten Tag,\nbitte bestätigen Sie.\n.\nEnde"},
        {0, 0, "abgelehnt@example.org", "Einladung", "Sie wurden eingeladen."},
    };
    struct einstellen_ctx x = {&u, post, 2};
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_tx(c, einstellen_tx, &x) == ERR_OK);
    /* incomplete messages are refused before they reach the table */
    const struct nachricht_raus leer = {0, 0, NULL, "Betreff", "Text"};
    struct einstellen_ctx y = {&u, &leer, 1};
    CHECK(db_tx(c, einstellen_tx, &y) == ERR_INVALID);
    db_release(c);

    /* a server that is down: both stay in the outbox with one try and the reason */
    snprintf(down, sizeof(down), "smtp://127.0.0.1:%d", 1);
    const struct smtp_config aus = {down, "rathaus@test.invalid", NULL, NULL};
    CHECK(postausgang_senden(db, &aus, 10, T0 + 1, &n) == ERR_OK);
    CHECK(n == 0);
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(testdb_count(c, sql_versuche, "erika@example.org") == 1);
    db_release(c);

    /* the server: one accepted, one refused by RCPT (a second try noted) */
    CHECK(postausgang_senden(db, &cfg, 10, T0 + 2, &n) == ERR_OK);
    CHECK(n == 1);
    CHECK(smtp_count() == 1);
    CHECK(smtp_received("To: erika@example.org"));
    CHECK(smtp_received("From: rathaus@test.invalid"));
    /* the subject as an RFC 2047 word (it has an umlaut), the body as sent, dot-stuffed */
    CHECK(smtp_received("Subject: =?UTF-8?B?QmVzdMOkdGlnZW4gU2llIElocmUgRS1NYWlsLUFkcmVzc2U=?="));
    CHECK(smtp_received("bitte bestätigen Sie."));
    CHECK(smtp_received("\n..\nEnde"));
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(testdb_count(c, sql_status, "erika@example.org") == 1);
    CHECK(testdb_count(c, sql_versuche, "abgelehnt@example.org") == 2);
    db_release(c);

    /* sent mail is not sent again */
    CHECK(postausgang_senden(db, &cfg, 10, T0 + 3, &n) == ERR_OK);
    CHECK(n == 0);
    CHECK(smtp_count() == 1);

    /* the background sender of `rathaus serve`: off without RATHAUS_SMTP_URL, else it
     * delivers what is queued on its own */
    struct postausgang_sender *s = NULL;
    unsetenv("RATHAUS_SMTP_URL");
    CHECK(postausgang_sender_start(db, 1, &s) == ERR_OK);
    CHECK(s == NULL);
    setenv("RATHAUS_SMTP_URL", url, 1);
    setenv("RATHAUS_SMTP_ABSENDER", "hintergrund@test.invalid", 1);
    const struct nachricht_raus spaeter = {0, 0, "max@example.org", "Termin", "Bis bald."};
    struct einstellen_ctx z = {&u, &spaeter, 1};
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(db_tx(c, einstellen_tx, &z) == ERR_OK);
    db_release(c);
    CHECK(postausgang_sender_start(db, 1, &s) == ERR_OK);
    CHECK(s != NULL);
    for (int i = 0; i < 200 && !smtp_received("To: max@example.org"); i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    postausgang_sender_stop(s);
    unsetenv("RATHAUS_SMTP_URL");
    CHECK(smtp_received("To: max@example.org"));
    CHECK(smtp_received("From: hintergrund@test.invalid"));
    CHECK(db_acquire(db, &c) == ERR_OK);
    CHECK(testdb_count(c, sql_status, "max@example.org") == 1);
    db_release(c);
    db_close(db);
}

static void
test_postausgang_senden(void)
{
    testdb_on_both(postausgang_body);
}

int
main(void)
{
    if (testdb_init("postausgang") != 0 || !smtp_start()) {
        fprintf(stderr, "test_postausgang: cannot set up\n");
        return 1;
    }
    TEST(test_postausgang_senden);
    smtp_stop();
    testdb_done();
    return tap_done();
}
