/* textauszug: the text of a document version, for the search — from the bytes (plain text),
 * with pdftotext (poppler-utils) from a PDF, or by OCR (tesseract, German) from a scan: an
 * image, or a PDF without a text layer, whose first pages pdftoppm renders first.
 *
 * The tools run as child processes with an argument vector (fork/execve, never a shell), in
 * a fresh private temporary directory that is removed afterwards, with stdin and stderr on
 * /dev/null, no inherited descriptors, a small environment, CPU/file-size/memory limits, a
 * wall-clock time limit (then they are killed) and a limit on the text read back. It blocks
 * for as long as a tool runs: call it from a background worker, never a request thread.
 * Thread-safe (nothing shared). */
#ifndef RATHAUS_FORMATS_TEXTAUSZUG_H
#define RATHAUS_FORMATS_TEXTAUSZUG_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define TEXTAUSZUG_MAX_TEXT   (512 * 1024) /* bytes of text kept */
#define TEXTAUSZUG_ZEIT_S     60           /* seconds one tool may run */
#define TEXTAUSZUG_OCR_SEITEN 10           /* pages of a scanned PDF that are read */

/* Extract the text of p[0..len) of media type `typ` into `out` (appended; cut at
 * TEXTAUSZUG_MAX_TEXT on a UTF-8 boundary). *quelle gets "text", "pdftotext" or "ocr" (a
 * static string). ERR_OK (the text may be empty); ERR_INVALID for a type without text;
 * ERR_IO when a tool is missing, fails or runs too long, with a German reason in
 * grund[0..grund_len); ERR_NOMEM. When *abbruch (may be NULL) becomes true, a running tool
 * is killed within a second and ERR_IO returned. */
RH_MUST_CHECK int textauszug(const char *typ, const void *p, size_t len, const atomic_bool *abbruch,
                             struct buf *out, const char **quelle, char *grund, size_t grund_len);

/* Convert text that is not valid UTF-8 (taken as Windows-1252 / Latin-1) to UTF-8; valid
 * UTF-8 is copied as it is. Appends to `out`. ERR_LIMIT / ERR_NOMEM from the buffer. */
RH_MUST_CHECK int textauszug_utf8(const char *p, size_t len, struct buf *out);

#endif
