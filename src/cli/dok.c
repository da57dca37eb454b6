#include "cli/dok.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/dokument_text.h"
#include "util/str.h"

static const char help_texte[] =
    "Aufruf: rathaus texte [--db DSN] [--max N]\n"
    "\n"
    "Liest den Text neuer Dokumentversionen für die Volltextsuche der E-Akte: Text direkt,\n"
    "PDF mit pdftotext, Scans und Bilder mit Texterkennung (tesseract, deutsch). Arbeitet die\n"
    "Warteschlange einmal ab (höchstens N Versionen; Vorgabe: alle) und endet. Der Server\n"
    "tut das auch selbst im Hintergrund. Fehlgeschlagenes wird bis zu dreimal versucht.\n";

int
cmd_texte(int argc, char **argv)
{
    const char *dsn = NULL;
    int64_t max = 0;
    size_t n_fertig = 0, n_fehler = 0;
    struct db *db = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help_texte, stdout);
            return 0;
        } else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            dsn = argv[++i];
        } else if (strcmp(argv[i], "--max") == 0 && i + 1 < argc &&
                   str_to_int64(str_from(argv[i + 1]), 1, 1000000, &max) == ERR_OK) {
            i++;
        } else {
            fputs(help_texte, stderr);
            return 2;
        }
    }
    if (cli_open_db(cli_dsn(dsn), false, &db) != ERR_OK)
        return 1;
    int rc = dokument_texte_verarbeiten(db, (size_t)max, NULL, &n_fertig, &n_fehler);
    db_close(db);
    if (rc != ERR_OK) {
        fprintf(stderr, "rathaus: texte fehlgeschlagen: %s\n", err_name(rc));
        return 1;
    }
    printf("%zu Dokumentversionen gelesen, %zu fehlgeschlagen\n", n_fertig, n_fehler);
    return 0;
}
