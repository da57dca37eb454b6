#include "cli/konto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "cli/cli.h"
#include "domain/konto.h"
#include "domain/postausgang.h"
#include "domain/token.h"
#include "store/db.h"
#include "util/arena.h"
#include "util/log.h"

static void
usage(FILE *out)
{
    fprintf(out, "Aufruf: rathaus konto BEFEHL [OPTIONEN] [--db DSN]\n\n"
                 "  create --email E --rolle ROLLE [--behoerde ID] [--oe ID] [--kreis AGS]\n"
                 "         [--passwort-stdin]\n"
                 "      legt ein Konto mit einer Rolle an (oder gibt einem bestehenden die Rolle)\n"
                 "      und gibt den Einladungslink aus. ROLLE: buerger, sachbearbeitung,\n"
                 "      behoerdenadmin, koordination, ministerium, betrieb. ID ist die Kennung\n"
                 "      einer Behörde (GET /api/v1/behoerden?ort=AGS). Mit --passwort-stdin wird\n"
                 "      das Passwort aus der ersten Zeile der Standardeingabe gesetzt; für\n"
                 "      Personal wird dann ein TOTP-Geheimnis erzeugt und ausgegeben.\n"
                 "  list\n"
                 "      alle Konten mit Rollen\n"
                 "  token --email E [--scope lesen|voll] [--tage N] [--name NAME]\n"
                 "      gibt ein neues API-Token für das Konto aus (Vorgabe: voll, 30 Tage)\n"
                 "  post [--max N]\n"
                 "      sendet den Postausgang über SMTP ($RATHAUS_SMTP_URL, z. B.\n"
                 "      smtp://localhost:25; Absender $RATHAUS_SMTP_ABSENDER)\n");
}

struct opts {
    const char *db, *email, *rolle, *kreis, *scope, *name;
    int64_t behoerde, oe, tage, max;
    bool passwort_stdin;
};

static int
parse(int argc, char **argv, struct opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--passwort-stdin") == 0) {
            o->passwort_stdin = true;
            continue;
        }
        if (!v)
            return 2;
        i++;
        if (strcmp(a, "--db") == 0)
            o->db = v;
        else if (strcmp(a, "--email") == 0)
            o->email = v;
        else if (strcmp(a, "--rolle") == 0)
            o->rolle = v;
        else if (strcmp(a, "--kreis") == 0)
            o->kreis = v;
        else if (strcmp(a, "--scope") == 0)
            o->scope = v;
        else if (strcmp(a, "--name") == 0)
            o->name = v;
        else if (strcmp(a, "--behoerde") == 0 &&
                 str_to_int64(str_from(v), 1, INT64_MAX, &o->behoerde) == ERR_OK)
            continue;
        else if (strcmp(a, "--oe") == 0 &&
                 str_to_int64(str_from(v), 1, INT64_MAX, &o->oe) == ERR_OK)
            continue;
        else if (strcmp(a, "--tage") == 0 &&
                 str_to_int64(str_from(v), 1, TOKEN_TAGE_MAX, &o->tage) == ERR_OK)
            continue;
        else if (strcmp(a, "--max") == 0 && str_to_int64(str_from(v), 1, 100000, &o->max) == ERR_OK)
            continue;
        else
            return 2;
    }
    return 0;
}

static void
print_fehler(int rc, const struct feld_fehler *f)
{
    if (rc == ERR_INVALID && f->text)
        fprintf(stderr, "rathaus: %s (%s)\n", f->text, f->feld ? f->feld : "-");
    else if (rc == ERR_NOTFOUND)
        fprintf(stderr, "rathaus: nicht gefunden (Konto, Behörde, Organisationseinheit oder "
                        "Kreis)\n");
    else if (rc == ERR_CONFLICT)
        fprintf(stderr, "rathaus: das Konto hat diese Rolle schon oder ist ein Konto der "
                        "anderen Art (Bürger/Personal)\n");
    else
        fprintf(stderr, "rathaus: fehlgeschlagen (%s)\n", err_name(rc));
}

/* The first line of standard input, without the line end, into buf. */
static int
read_password(char *buf, size_t len)
{
    if (!fgets(buf, (int)len, stdin))
        return ERR_INVALID;
    size_t n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
        buf[--n] = '\0';
    return ERR_OK;
}

static int
cmd_create(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct opts *o)
{
    struct actor sys = {.is_system = true};
    struct feld_fehler f = {0};
    enum rolle r;
    int64_t id = 0;
    const char *link = NULL, *totp = NULL;
    char pw[512];
    if (!o->email || !o->rolle) {
        usage(stderr);
        return 2;
    }
    if (rolle_parse(o->rolle, &r) != ERR_OK) {
        fprintf(stderr, "rathaus: unbekannte Rolle '%s'\n", o->rolle);
        return 2;
    }
    if (o->passwort_stdin && read_password(pw, sizeof(pw)) != ERR_OK) {
        fprintf(stderr, "rathaus: kein Passwort auf der Standardeingabe\n");
        return 1;
    }
    int rc =
        konto_anlegen(c, a, u, &sys, o->email, r, o->behoerde, o->oe, o->kreis, &id, &link, &f);
    if (rc == ERR_OK && o->passwort_stdin)
        rc = konto_zugang_setzen(c, a, u, &sys, id, pw, strlen(pw), &totp, &f);
    sodium_memzero(pw, sizeof(pw));
    if (rc != ERR_OK) {
        print_fehler(rc, &f);
        return 1;
    }
    printf("konto %lld\n", (long long)id);
    if (link && !o->passwort_stdin)
        printf("einladung %s\n", link);
    if (totp)
        printf("totp %s\n", totp);
    return 0;
}

static int
cmd_list(struct db_conn *c, struct arena *a)
{
    struct actor sys = {.is_system = true};
    struct konto *k;
    size_t n;
    int rc = konto_liste(c, a, &sys, &k, &n);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: Konten können nicht gelesen werden (%s)\n", err_name(rc));
        return 1;
    }
    printf("%-6s %-40s %-9s %-13s %s\n", "ID", "E-MAIL", "ART", "STATUS", "ROLLEN");
    for (size_t i = 0; i < n; i++) {
        printf("%-6lld %-40s %-9s %-13s", (long long)k[i].id, k[i].email, k[i].art, k[i].status);
        for (size_t j = 0; j < k[i].n_rollen; j++) {
            const struct rollen_zuordnung *z = &k[i].rollen[j];
            printf("%s%s", j ? ", " : " ", rolle_name(z->rolle));
            if (z->behoerde_id)
                printf(" behoerde=%lld", (long long)z->behoerde_id);
            if (z->oe_id)
                printf(" oe=%lld", (long long)z->oe_id);
            if (z->kreis_ags)
                printf(" kreis=%s", z->kreis_ags);
        }
        printf("\n");
    }
    return 0;
}

static int
cmd_token(struct db_conn *c, struct arena *a, const struct umfeld *u, const struct opts *o)
{
    struct actor sys = {.is_system = true};
    struct feld_fehler f = {0};
    struct konto k;
    struct api_token t;
    char geheim[TOKEN_TEXT_LEN + 1];
    if (!o->email) {
        usage(stderr);
        return 2;
    }
    int rc = konto_finden(c, a, &sys, o->email, &k);
    if (rc == ERR_OK)
        rc = token_erstellen(c, a, u, &sys, k.id, o->name ? o->name : "rathaus konto token",
                             o->scope ? o->scope : "voll", o->tage ? o->tage : 30, &t, geheim, &f);
    if (rc != ERR_OK) {
        print_fehler(rc, &f);
        return 1;
    }
    printf("%s\n", geheim);
    sodium_memzero(geheim, sizeof(geheim));
    return 0;
}

static int
cmd_post(struct db *db, const struct opts *o)
{
    const char *url = getenv("RATHAUS_SMTP_URL");
    const char *from = getenv("RATHAUS_SMTP_ABSENDER");
    size_t n = 0;
    if (!url || !*url) {
        fprintf(stderr, "rathaus: kein SMTP-Server eingestellt (RATHAUS_SMTP_URL)\n");
        return 1;
    }
    struct smtp_config cfg = {url, from && *from ? from : "rathaus@localhost",
                              getenv("RATHAUS_SMTP_BENUTZER"), getenv("RATHAUS_SMTP_PASSWORT")};
    int rc = postausgang_senden(db, &cfg, o->max ? (size_t)o->max : 100, (int64_t)time(NULL), &n);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: Postausgang kann nicht gelesen werden (%s)\n", err_name(rc));
        return 1;
    }
    printf("%zu gesendet\n", n);
    return 0;
}

int
cmd_konto(int argc, char **argv)
{
    struct opts o = {0};
    struct db *db = NULL;
    struct db_conn *c = NULL;
    struct arena *a = NULL;
    uint8_t geheimnis[32];
    int status = 1;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "create") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "token") != 0 &&
        strcmp(sub, "post") != 0) {
        fprintf(stderr, "rathaus konto: unbekannter Befehl '%s'\n\n", sub);
        usage(stderr);
        return 2;
    }
    if (parse(argc, argv, &o) != 0) {
        usage(stderr);
        return 2;
    }
    log_set_quiet(1);
    if (schluessel_init() != ERR_OK || cli_open_db(cli_dsn(o.db), false, &db) != ERR_OK)
        return 1;
    if (strcmp(sub, "post") == 0) {
        status = cmd_post(db, &o);
        goto out;
    }
    a = arena_new(64u * 1024 * 1024);
    if (!a || db_acquire(db, &c) != ERR_OK || konto_geheimnis(c, geheimnis) != ERR_OK) {
        fprintf(stderr, "rathaus: Datenbank nicht verfügbar\n");
        goto out;
    }
    const char *basis = getenv("RATHAUS_BASIS_URL");
    struct umfeld u = {.jetzt = (int64_t)time(NULL),
                       .herkunft = "cli",
                       .geraet = "rathaus konto",
                       .basis_url = basis && *basis ? basis : "http://127.0.0.1:8080",
                       .geheimnis = geheimnis};
    if (strcmp(sub, "create") == 0)
        status = cmd_create(c, a, &u, &o);
    else if (strcmp(sub, "list") == 0)
        status = cmd_list(c, a);
    else
        status = cmd_token(c, a, &u, &o);
out:
    sodium_memzero(geheimnis, sizeof(geheimnis));
    if (c)
        db_release(c);
    db_close(db);
    arena_free(a);
    return status;
}
