/* xdomea: the archive hand-over messages of xdomea 3.0.0 (XÖV standard for records management,
 * namespace urn:xoev-de:xdomea:schema:3.0.0).
 *
 * - xdomea_abgabe_schreiben(): the message Aussonderung.Aussonderung.0503 — a header (Kopf:
 *   process id, message type 0503, time, sender authority, receiving archive, the sending
 *   system) and one Schriftgutobjekt per file (Akte → Akteninhalt → Vorgang → Dokument →
 *   Version → Format → Primaerdokument) with the retention data (ArchivspezifischeMetadaten:
 *   years, archive mark as Aussonderungsart A/B/V, end date). Written with libxml2's
 *   xmlTextWriter, which escapes every text; control characters are replaced by spaces.
 * - xdomea_validieren(): validates a message against xdomea.xsd with libxml2 (no network).
 * - xdomea_quittung_lesen(): reads the archive's answer, Aussonderung.AussonderungImport-
 *   Bestaetigen.0506 (per file: imported or not) or Aussonderung.AussonderungEmpfang-
 *   Bestaetigen.0507 (received). A document type declaration is refused (no entities), the
 *   input is limited to XDOMEA_QUITTUNG_MAX bytes, nothing is loaded from the network.
 *
 * Every object of a message is identified by a UUID; xdomea_uuid() derives one from a text
 * seed (a name-based UUID over SHA-256), so the same file gets the same id in the message and
 * when the archive's answer is matched. libxml2 is initialised once (pthread_once); all
 * functions are thread-safe. */
#ifndef RATHAUS_FORMATS_XDOMEA_H
#define RATHAUS_FORMATS_XDOMEA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

#define XDOMEA_UUID_LEN     36
#define XDOMEA_QUITTUNG_MAX (4u * 1024 * 1024)
#define XDOMEA_XSD_RELATIV  "data/schemas/xdomea/3.0.0/xdomea.xsd"

struct xdomea_version {
    const char *uuid; /* of the document: the Primaerdokument is named after it */
    int64_t nummer, erstellt;
    const char *datei;              /* the name in the zip: "<uuid>_<safe name>" */
    const char *dateiname_original; /* as uploaded */
    const char *typ;                /* media type */
};

struct xdomea_dokument {
    const char *uuid, *titel, *art;
    int64_t erstellt;
    const struct xdomea_version *version; /* the final (newest) version; NULL: none */
};

struct xdomea_vorgang {
    const char *uuid, *aktenzeichen, *betreff;
    int64_t erstellt, zda; /* zda 0: not closed */
    const struct xdomea_dokument *dokumente;
    size_t n_dokumente;
};

struct xdomea_akte {
    const char *uuid, *aktenzeichen, *titel;
    const char *plan_kennzeichen, *plan_titel;
    int64_t erstellt, zda;
    int aufbewahrung_jahre;       /* 0: permanently */
    char archivwuerdigkeit;       /* 'A', 'B', 'V' */
    const char *aufbewahrung_bis; /* 'YYYY-MM-DD' or NULL */
    const struct xdomea_vorgang *vorgaenge;
    size_t n_vorgaenge;
};

struct xdomea_abgabe {
    const char *prozess_id; /* UUID */
    int64_t erstellt;
    const char *absender_name, *absender_schluessel, *empfaenger_name;
    const struct xdomea_akte *akten;
    size_t n_akten;
};

/* Write message 0503 into `out` (appended). ERR_NOMEM, ERR_LIMIT (out's maximum), ERR_INVALID
 * for a missing required value. */
RH_MUST_CHECK int xdomea_abgabe_schreiben(const struct xdomea_abgabe *m, struct buf *out);

/* The file name of message 0503 inside the zip: "<prozess_id>_Aussonderung.Aussonderung.0503.xml"
 * into out (at least 96 bytes). Cannot fail. */
void xdomea_abgabe_dateiname(const char *prozess_id, char *out, size_t max);

/* Validate xml[0..len) against the schema at `xsd_pfad`. ERR_OK when valid; ERR_INVALID with
 * the first errors (line and message) appended to `err`; ERR_IO when the schema cannot be read
 * or compiled (message in `err`); ERR_NOMEM. */
RH_MUST_CHECK int xdomea_validieren(const char *xsd_pfad, const char *xml, size_t len,
                                    struct buf *err);

struct xdomea_quittung {
    int nachrichtentyp;     /* 506 or 507 */
    const char *prozess_id; /* of the hand-over being confirmed */
    const char **ids;       /* 0506: ids of the objects reported */
    bool *erfolgreich;      /* 0506: imported? per id */
    size_t n;
};

/* Read an archive's answer. When `xsd_pfad` is not NULL the message is validated first.
 * ERR_INVALID (message in `err`) for anything but a well-formed 0506/0507 with a UUID
 * process id; ERR_LIMIT for a too large input; ERR_IO (schema), ERR_NOMEM. Strings in `a`. */
RH_MUST_CHECK int xdomea_quittung_lesen(struct arena *a, const char *xml, size_t len,
                                        const char *xsd_pfad, struct xdomea_quittung *out,
                                        struct buf *err);

/* A UUID derived from `seed` (lower-case hex, version 8 layout) into out. Cannot fail. */
void xdomea_uuid(const char *seed, char out[XDOMEA_UUID_LEN + 1]);
/* True when s is a UUID in the 8-4-4-4-12 hex layout. */
bool xdomea_is_uuid(const char *s);

#endif
