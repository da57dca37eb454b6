#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>
#include <signal.h>

#include "amt/amt.h"
#include "amt/archiv.h"
#include "amt/dok.h"
#include "amt/formular.h"
#include "api/amt.h"
#include "api/amt_dok.h"
#include "api/antrag.h"
#include "api/api.h"
#include "api/archiv.h"
#include "api/konto.h"
#include "api/koordination.h"
#include "app.h"
#include "cli/cli.h"
#include "domain/antrag_einreichung.h"
#include "domain/dokument_text.h"
#include "domain/suche.h"
#include "formats/pdf_eingangsbestaetigung.h"
#include "html/template.h"
#include "http/auth.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static.h"
#include "koordination/koordination.h"
#include "portal/antrag.h"
#include "portal/konto.h"
#include "portal/portal.h"
#include "store/leistung.h"
#include "util/log.h"

static void
serve_usage(FILE *out)
{
    fprintf(out,
            "Aufruf: rathaus serve [--db DSN] [--listen ADRESSE:PORT] [--threads N] "
            "[--assets ORDNER]\n\n"
            "Startet den Webserver: Portal, Amt, Koordination und die JSON-API unter /api/v1.\n"
            "  --db DSN         sqlite:PFAD oder postgresql://… (Vorgabe $RATHAUS_DB oder\n"
            "                   sqlite:var/rathaus.db)\n"
            "  --listen A:P     Adresse und Port (Vorgabe $RATHAUS_LISTEN oder 127.0.0.1:8080;\n"
            "                   Port 0 wählt einen freien Port)\n"
            "  --threads N      Arbeits-Threads (Vorgabe 4)\n"
            "  --assets ORDNER  Ordner mit static/ und node_modules/ (Vorgabe $RATHAUS_ASSETS "
            "oder web)\n"
            "SIGTERM oder SIGINT beenden den Server geordnet: laufende Anfragen werden fertig.\n");
}

static int
load_assets(struct static_files *sf, const char *assets)
{
    char dir[4096];
    int rc;
    snprintf(dir, sizeof(dir), "%s/static", assets);
    rc = static_files_add_dir(sf, dir, "/static");
    if (rc == ERR_OK) {
        snprintf(dir, sizeof(dir), "%s/node_modules/@kern-ux/native/dist", assets);
        rc = static_files_add_dir(sf, dir, "/static/kern");
    }
    return rc;
}

int
cmd_serve(int argc, char **argv)
{
    const char *dsn_flag = NULL, *listen = getenv("RATHAUS_LISTEN"),
               *assets = getenv("RATHAUS_ASSETS");
    int64_t threads = 4;
    struct app app = {0};
    struct http_server *server = NULL;
    struct dokument_text_dienst *texte = NULL;
    int status = 1;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            serve_usage(stdout);
            return 0;
        } else if (strcmp(a, "--db") == 0 && v) {
            dsn_flag = v;
            i++;
        } else if (strcmp(a, "--listen") == 0 && v) {
            listen = v;
            i++;
        } else if (strcmp(a, "--assets") == 0 && v) {
            assets = v;
            i++;
        } else if (strcmp(a, "--threads") == 0 && v &&
                   str_to_int64(str_from(v), 1, 64, &threads) == ERR_OK) {
            i++;
        } else {
            serve_usage(stderr);
            return 2;
        }
    }
    if (!listen || !*listen)
        listen = "127.0.0.1:8080";
    if (!assets || !*assets)
        assets = "web";

    /* Signals go to sigwait below, never to the server's threads. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    char errmsg[512] = "";
    const struct route *const tables[] = {api_routes,
                                          portal_routes,
                                          konto_api_routes,
                                          konto_portal_routes,
                                          koordination_api_routes,
                                          antrag_api_routes,
                                          antrag_portal_routes,
                                          koordination_routes,
                                          amt_formular_routes,
                                          archiv_api_routes,
                                          archiv_amt_routes,
                                          amt_dok_api_routes,
                                          amt_api_routes,
                                          amt_routes,
                                          amt_dok_routes};
    if (cli_open_db(cli_dsn(dsn_flag), false, &app.db) != ERR_OK)
        goto out;
    {
        struct db_conn *c;
        struct arena *a = arena_new(4096);
        const char *demo = NULL;
        if (a && db_acquire(app.db, &c) == ERR_OK) {
            if (store_meta_get(c, a, "demo", &demo) == ERR_OK)
                app.has_demo = demo && strcmp(demo, "1") == 0;
            db_release(c);
        }
        arena_free(a);
    }
    if (auth_config_new(app.db, &app.auth) != ERR_OK)
        goto out;
    /* the group-commit queue of submissions */
    if (einreichung_new(app.db, &app.einreichung) != ERR_OK)
        goto out;
    if (template_set_new(&app.templates) != ERR_OK ||
        template_set_load_embedded(app.templates, errmsg, sizeof(errmsg)) != ERR_OK) {
        log_error("cannot load templates: %s", errmsg);
        goto out;
    }
    if (static_files_new(&app.statics) != ERR_OK || load_assets(app.statics, assets) != ERR_OK) {
        log_error("cannot load static assets from '%s'", assets);
        goto out;
    }
    if (router_new(tables, sizeof(tables) / sizeof(tables[0]), &app.router) != ERR_OK ||
        metrics_new(app.router, &app.metrics) != ERR_OK || suche_new(&app.suche) != ERR_OK) {
        log_error("cannot set up the server: out of memory");
        goto out;
    }
    struct http_config cfg = {
        .listen = listen,
        .n_threads = (size_t)threads,
        .max_body = 20 * 1024 * 1024, /* attachments up to the forms' 5 MB, with room */
        .max_connections = 1000,
        .timeout_s = 30,
        .max_header = 32 * 1024,
    };
    if (http_server_start(&cfg, &app, &server) != ERR_OK)
        goto out;
    /* the text extraction of document versions for the search (domain/dokument_text.h) */
    if (dokument_text_dienst_new(app.db, &texte) != ERR_OK) {
        log_error("cannot start the text extraction: out of memory");
        goto out;
    }
    printf("rathaus läuft auf http://%.*s:%u/\n", (int)(strrchr(listen, ':') - listen), listen,
           http_server_port(server));
    fflush(stdout);
    int sig;
    sigwait(&sigs, &sig);
    log_info("signal %d: finishing in-flight requests", sig);
    http_server_stop(server, 5);
    server = NULL;
    status = 0;
out:
    http_server_stop(server, 0);
    dokument_text_dienst_free(texte);
    einreichung_free(app.einreichung);
    pdf_ende();
    suche_free(app.suche);
    auth_config_free(app.auth);
    metrics_free(app.metrics);
    router_free(app.router);
    static_files_free(app.statics);
    template_set_free(app.templates);
    db_close(app.db);
    return status;
}
