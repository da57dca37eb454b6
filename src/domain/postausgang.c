#include "domain/postausgang.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>

#include "store/db.h"
#include "store/protokoll.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/log.h"

int
postausgang_einstellen(struct db_conn *c, const struct umfeld *u, const struct nachricht_raus *n)
{
    if (!n->empfaenger || !n->betreff || !n->text)
        return ERR_INVALID;
    return store_post_insert(c, n, u->jetzt);
}

/* An RFC 5322 message: headers, blank line, body with CRLF line ends. The subject is
 * encoded as RFC 2047 base64 words because it may hold umlauts. */
static int
build_message(struct buf *m, const char *from, const char *to, const char *subject,
              const char *text, int64_t jetzt)
{
    char date[64], b64[1024];
    time_t t = (time_t)jetzt;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
    size_t slen = strlen(subject);
    if (slen > 600)
        return ERR_LIMIT;
    sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)subject, slen,
                      sodium_base64_VARIANT_ORIGINAL);
    int rc = buf_printf(m,
                        "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: =?UTF-8?B?%s?=\r\n"
                        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 8bit\r\n\r\n",
                        date, from, to, b64);
    /* libcurl does the SMTP dot-stuffing itself */
    for (const char *p = text; rc == ERR_OK && *p; p++) {
        if (*p == '\n')
            rc = buf_puts(m, "\r\n");
        else
            rc = buf_putc(m, *p);
    }
    if (rc == ERR_OK)
        rc = buf_puts(m, "\r\n");
    return rc;
}

struct upload {
    const char *p;
    size_t left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
    struct upload *u = ud;
    size_t n = size * nmemb;
    if (n > u->left)
        n = u->left;
    memcpy(dst, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

static int
send_one(const struct smtp_config *cfg, const struct post_offen *o, int64_t jetzt, char *err,
         size_t err_len)
{
    struct buf m = BUF_INIT(1024 * 1024);
    struct curl_slist *rcpt = NULL;
    CURL *h = NULL;
    int rc = build_message(&m, cfg->absender, o->empfaenger, o->betreff, o->text, jetzt);
    if (rc != ERR_OK) {
        snprintf(err, err_len, "message too large");
        goto out;
    }
    h = curl_easy_init();
    rcpt = curl_slist_append(NULL, o->empfaenger);
    if (!h || !rcpt) {
        rc = ERR_NOMEM;
        snprintf(err, err_len, "out of memory");
        goto out;
    }
    struct upload up = {buf_cstr(&m), m.len};
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, cfg->url);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, cfg->absender);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &up);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    if (cfg->benutzer)
        curl_easy_setopt(h, CURLOPT_USERNAME, cfg->benutzer);
    if (cfg->passwort)
        curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->passwort);
    CURLcode cc = curl_easy_perform(h);
    if (cc != CURLE_OK) {
        snprintf(err, err_len, "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
        rc = ERR_IO;
    }
out:
    curl_slist_free_all(rcpt);
    if (h)
        curl_easy_cleanup(h);
    buf_free(&m);
    return rc;
}

int
postausgang_senden(struct db *db, const struct smtp_config *cfg, size_t max, int64_t jetzt,
                   size_t *n_gesendet)
{
    struct arena *a = arena_new(8u * 1024 * 1024);
    struct db_conn *c = NULL;
    struct post_offen *offen = NULL;
    size_t n = 0, sent = 0;
    int rc = a ? db_acquire(db, &c) : ERR_NOMEM;
    if (rc == ERR_OK)
        rc = store_post_offen(c, a, POSTAUSGANG_MAX_VERSUCHE, max, &offen, &n);
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        char err[256] = "";
        /* the connection is not held while talking to the mail server */
        db_release(c);
        c = NULL;
        int sr = send_one(cfg, &offen[i], jetzt, err, sizeof(err));
        rc = db_acquire(db, &c);
        if (rc != ERR_OK)
            break;
        if (sr == ERR_OK) {
            rc = store_post_gesendet(c, offen[i].id, jetzt);
            sent++;
        } else {
            log_warn("cannot send e-mail %lld", (long long)offen[i].id); /* err may name it */
            rc = store_post_fehler(c, offen[i].id, err);
        }
    }
    if (c)
        db_release(c);
    arena_free(a);
    if (rc == ERR_OK)
        *n_gesendet = sent;
    return rc;
}

struct postausgang_sender {
    struct db *db;
    struct smtp_config cfg;
    unsigned takt;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
};

static void *
sender_main(void *arg)
{
    struct postausgang_sender *s = arg;
    pthread_mutex_lock(&s->mu);
    while (!s->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += s->takt;
        pthread_cond_timedwait(&s->cv, &s->mu, &until);
        if (s->stop)
            break;
        pthread_mutex_unlock(&s->mu);
        size_t n = 0;
        int rc = postausgang_senden(s->db, &s->cfg, 100, (int64_t)time(NULL), &n);
        if (rc != ERR_OK)
            log_warn("cannot read the outbox: %s", err_name(rc));
        else if (n)
            log_info("sent %zu e-mails", n);
        pthread_mutex_lock(&s->mu);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

int
postausgang_sender_start(struct db *db, unsigned takt, struct postausgang_sender **out)
{
    const char *url = getenv("RATHAUS_SMTP_URL"), *from = getenv("RATHAUS_SMTP_ABSENDER");
    *out = NULL;
    if (!url || !*url)
        return ERR_OK;
    struct postausgang_sender *s = calloc(1, sizeof(*s));
    if (!s)
        return ERR_NOMEM;
    s->db = db;
    s->takt = takt ? takt : 10;
    s->cfg = (struct smtp_config){url, from && *from ? from : "rathaus@localhost",
                                  getenv("RATHAUS_SMTP_BENUTZER"), getenv("RATHAUS_SMTP_PASSWORT")};
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    if (pthread_create(&s->th, NULL, sender_main, s) != 0) {
        pthread_cond_destroy(&s->cv);
        pthread_mutex_destroy(&s->mu);
        free(s);
        return ERR_NOMEM;
    }
    *out = s;
    return ERR_OK;
}

void
postausgang_sender_stop(struct postausgang_sender *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    s->stop = true;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->th, NULL);
    pthread_cond_destroy(&s->cv);
    pthread_mutex_destroy(&s->mu);
    free(s);
}
