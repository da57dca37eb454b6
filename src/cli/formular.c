/* rathaus import formular: check form definitions and store them (see cli/formular.h). Every
 * file is checked before anything is written; an invalid one is refused with the JSONPath of
 * each error, and then nothing is stored. */
#include "cli/formular.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "domain/antrag_anonym.h"
#include "domain/formular_verwaltung.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/str.h"

#define MAX_DATEIEN 64

static const char help[] =
    "Aufruf: rathaus import formular DATEI... [--db DSN] [--entwurf] [--pruefen] [--schema]\n"
    "\n"
    "Prüft Formulardefinitionen im Format rathaus-formular/1 (docs/formular.md) und speichert\n"
    "jede als neue Version des Formulars ihrer Leistung für das ganze Land. Eine ungültige\n"
    "Definition wird mit dem Pfad jedes Fehlers ($.schritte[0].felder[2].typ) abgewiesen;\n"
    "dann wird nichts gespeichert.\n"
    "\n"
    "Optionen:\n"
    "  --db DSN     Datenbank (sqlite:PFAD oder postgresql://...; Vorgabe $RATHAUS_DB)\n"
    "  --entwurf    als Entwurf speichern statt sofort zu veröffentlichen\n"
    "  --pruefen    nur prüfen, nichts speichern (braucht keine Datenbank)\n"
    "  --schema     nur prüfen und das JSON-Schema (2020-12) der Antworten ausgeben\n"
    "\n"
    "Beispiel: rathaus import formular demo/formulare/*.json\n";

static int
lesen(const char *pfad, struct buf *b)
{
    FILE *fp = fopen(pfad, "rb");
    char chunk[65536];
    size_t n;
    int rc = ERR_OK;
    if (!fp)
        return ERR_IO;
    while (rc == ERR_OK && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        rc = buf_append(b, chunk, n);
    if (ferror(fp))
        rc = ERR_IO;
    fclose(fp);
    return rc;
}

static void
fehler_drucken(const char *pfad, const struct formular_fehler *fe, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s: %s: %s\n", pfad, fe[i].pfad, fe[i].text);
}

int
cmd_formular_import(int argc, char **argv)
{
    const char *dsn = NULL, *dateien[MAX_DATEIEN];
    size_t n_dateien = 0;
    bool entwurf = false, nur_pruefen = false, schema = false;
    struct buf texte[MAX_DATEIEN];
    struct arena *a = NULL;
    struct db *db = NULL;
    struct db_conn *c = NULL;
    int status = 1;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--entwurf") == 0) {
            entwurf = true;
        } else if (strcmp(argv[i], "--pruefen") == 0) {
            nur_pruefen = true;
        } else if (strcmp(argv[i], "--schema") == 0) {
            nur_pruefen = schema = true;
        } else if (argv[i][0] != '-' && n_dateien < MAX_DATEIEN) {
            dateien[n_dateien++] = argv[i];
        } else {
            fputs(help, stderr);
            return 2;
        }
    }
    if (n_dateien == 0) {
        fputs(help, stderr);
        return 2;
    }
    for (size_t i = 0; i < n_dateien; i++)
        texte[i] = BUF_INIT(FORMULAR_MAX_BYTES + 1);
    a = arena_new(256u * 1024 * 1024);
    if (!a) {
        fprintf(stderr, "rathaus: kein Speicher\n");
        goto out;
    }

    /* check all first */
    bool ok = true;
    for (size_t i = 0; i < n_dateien; i++) {
        struct formular *f;
        struct formular_fehler *fe;
        size_t n_fe;
        int rc = lesen(dateien[i], &texte[i]);
        if (rc == ERR_LIMIT) {
            fprintf(stderr, "%s: $: Die Formulardefinition ist größer als 512 KiB.\n", dateien[i]);
            ok = false;
            continue;
        }
        if (rc != ERR_OK) {
            fprintf(stderr, "%s: kann nicht gelesen werden\n", dateien[i]);
            ok = false;
            continue;
        }
        rc = formular_parse(a, texte[i].p ? texte[i].p : "", texte[i].len, &f, &fe, &n_fe);
        if (rc == ERR_INVALID || rc == ERR_LIMIT) {
            fehler_drucken(dateien[i], fe, n_fe);
            ok = false;
            continue;
        }
        if (rc != ERR_OK) {
            fprintf(stderr, "%s: Prüfung fehlgeschlagen: %s\n", dateien[i], err_name(rc));
            ok = false;
            continue;
        }
        if (schema) {
            json_t *s = NULL;
            if (formular_schema(f, NULL, &s) != ERR_OK ||
                json_dumpf(s, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
                json_decref(s);
                fprintf(stderr, "%s: Schema kann nicht geschrieben werden\n", dateien[i]);
                ok = false;
                continue;
            }
            fputc('\n', stdout);
            json_decref(s);
        } else if (nur_pruefen) {
            printf("%s: gültig (%s, Leistung %s, %zu Schritte, %zu Felder)\n", dateien[i], f->titel,
                   f->leistung_id, f->n_schritte, f->n_felder);
        }
    }
    if (!ok || nur_pruefen) {
        status = ok ? 0 : 1;
        goto out;
    }

    if (cli_open_db(cli_dsn(dsn), false, &db) != ERR_OK || db_acquire(db, &c) != ERR_OK)
        goto out;
    struct actor sys = {.is_system = true};
    struct umfeld u = {.jetzt = (int64_t)time(NULL), .herkunft = "cli", .geraet = "rathaus import"};
    status = 0;
    for (size_t i = 0; i < n_dateien; i++) {
        struct formular_zeile z;
        struct formular_fehler *fe = NULL;
        size_t n_fe = 0;
        int rc = formular_importieren(c, a, &u, &sys, 0, texte[i].p, texte[i].len, !entwurf, &z,
                                      &fe, &n_fe);
        if (rc == ERR_OK) {
            printf("%s: Formular „%s“ für Leistung %s als Version %lld %s\n", dateien[i], z.titel,
                   z.leistung_id, (long long)z.version,
                   entwurf ? "als Entwurf gespeichert" : "gespeichert und veröffentlicht");
        } else if (fe && n_fe) {
            fehler_drucken(dateien[i], fe, n_fe);
            status = 1;
        } else {
            fprintf(stderr, "%s: kann nicht gespeichert werden: %s\n", dateien[i], err_name(rc));
            status = 1;
        }
    }
out:
    if (c)
        db_release(c);
    db_close(db);
    for (size_t i = 0; i < n_dateien; i++)
        buf_free(&texte[i]);
    arena_free(a);
    return status;
}

static const char help_aufraeumen[] =
    "Aufruf: rathaus aufraeumen [--db DSN] [--tage N]\n"
    "\n"
    "Löscht Anträge, die ohne Konto begonnen und seit N Tagen (Vorgabe 30) nicht mehr\n"
    "geändert wurden, mit ihren Antworten und Anlagen (Dateien nur, wenn nichts anderes sie\n"
    "braucht). Eingereichte Anträge und Entwürfe eines Kontos bleiben immer. Der Server tut\n"
    "das auch selbst, einmal in der Stunde.\n";

int
cmd_aufraeumen(int argc, char **argv)
{
    const char *dsn = NULL;
    int64_t tage = ANTRAG_ENTWURF_AUFBEWAHRUNG / 86400, n_antraege = 0, n_blobs = 0;
    struct db *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help_aufraeumen, stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--tage") == 0 && i + 1 < argc &&
                   str_to_int64(str_from(argv[i + 1]), 0, 3650, &tage) == ERR_OK) {
            i++;
        } else {
            fputs(help_aufraeumen, stderr);
            return 2;
        }
    }
    if (cli_open_db(cli_dsn(dsn), false, &db) != ERR_OK)
        return 1;
    int rc = antrag_aufraeumen(db, (int64_t)time(NULL), tage * 86400, &n_antraege, &n_blobs);
    db_close(db);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: aufräumen fehlgeschlagen: %s\n", err_name(rc));
        return 1;
    }
    printf("%lld verwaiste Entwürfe ohne Konto und %lld Dateien gelöscht\n", (long long)n_antraege,
           (long long)n_blobs);
    return 0;
}
