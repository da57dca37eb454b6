/* antrag: online applications — drafts, answers, attachments, submission with receipt,
 * status timeline, withdrawal.
 *
 * Life of an application: antrag_anlegen() makes a draft for a Leistung at the applicant's
 * place (a Gemeinde); it is routed at once to the office responsible there (Zustaendigkeit,
 * domain/leistung.h: the most specific area wins) and uses the form definition that is current
 * for that authority (domain/formular_verwaltung.h), whose version it keeps. While a draft,
 * its answers are saved (checked as a draft or per step, domain/formular.h) and attachments
 * added. antrag_einreichen() checks everything, computes the SHA-256 over the canonical
 * content (below) and commits the submission durably through the submission queue
 * (domain/antrag_einreichung.h); the receipt (Eingangsbestaetigung) has a number, the time and
 * that hash. After that nothing of the application changes but its status.
 *
 * Access: an application of a logged-in citizen is theirs (AUTHZ_ANTRAG_LESEN / _STELLEN on
 * the object {konto_id, behoerde_id, oe_id}); staff of the responsible authority read it
 * (AUTHZ_ANTRAG_LESEN by tenant); nobody else sees it (ERR_NOTFOUND). An application started
 * without an account is reached only with its private resume secret (`fortsetzung`, given
 * once at creation; the database keeps its SHA-256).
 *
 * Canonical content (what the receipt's hash covers): the JSON object
 *   {"anlagen": [{"dateiname", "groesse", "sha256", "typ"}, ... by sha256],
 *    "antrag": id, "behoerde": behoerde_id, "daten": cleaned answers,
 *    "format": "rathaus-antrag/1", "formular": {"id", "version"}, "gemeinde": ags,
 *    "leistung": id, "organisationseinheit": oe_id}
 * serialized with object keys sorted by bytes, no insignificant white space, UTF-8 unescaped
 * (jansson JSON_SORT_KEYS | JSON_COMPACT); it is stored with the receipt, so anyone holding
 * it can check the hash.
 *
 * Memory: results live in the arena given; json_t results are new references. Thread-safe. */
#ifndef RATHAUS_DOMAIN_ANTRAG_H
#define RATHAUS_DOMAIN_ANTRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain/authz.h"
#include "domain/formular.h"
#include "domain/schluessel.h"
#include "domain/umfeld.h"
#include "util/arena.h"
#include "util/err.h"

struct db;
struct db_conn;
struct einreichung;

#define ANTRAG_MAX_ANLAGEN   30                 /* attachments of one application */
#define ANTRAG_ANLAGE_MAX    (16 * 1024 * 1024) /* bytes of one attachment, whatever the form */
#define ANTRAG_DATEINAME_MAX 200                /* characters of a file name */
#define ANTRAG_IDEM_MAX      200                /* bytes of an Idempotency-Key */
#define ANTRAG_DATEN_MAX     (1024 * 1024)      /* bytes of the answers as JSON */

/* Status names as stored: "entwurf", "eingegangen", "in_bearbeitung", "rueckfrage",
 * "beschieden", "zurueckgezogen". */
bool antrag_status_ok(const char *s);
/* German label of a status ("Eingegangen", "In Bearbeitung", ...); "" for unknown. */
const char *antrag_status_text(const char *s);

struct antrag {
    int64_t id, behoerde_id, oe_id;
    int64_t konto_id; /* 0: started without an account */
    int64_t formular_id, formular_version;
    const char *leistung_id, *leistung_name;
    const char *gemeinde_ags, *gemeinde_name;
    const char *behoerde_name, *oe_name;
    const char *status;
    int64_t schritt, revision;
    int64_t erstellt, geaendert, eingereicht; /* eingereicht 0: a draft */
};

/* How the caller reaches an application: as an actor (may be NULL or nobody), and/or with
 * the resume secret of an application started without an account (may be NULL). */
struct antrag_zugang {
    const struct actor *who;
    const char *fortsetzung;
};

struct anlage {
    int64_t id;
    const char *sha256, *dateiname, *typ;
    int64_t groesse, erstellt;
};

struct antrag_verlauf {
    const char *status;
    int64_t zeitpunkt;
    const char *bemerkung; /* may be NULL */
};

struct eingangsbestaetigung {
    int64_t antrag_id;
    const char *nummer;
    int64_t zeitpunkt;
    const char *sha256;
    const char *inhalt; /* the canonical content */
};

/* Make a draft of Leistung `leistung_id` for the Gemeinde `gemeinde_ags` (8 digits). With a
 * logged-in citizen (AUTHZ_ANTRAG_STELLEN) it is theirs; with nobody it is anonymous and
 * `fortsetzung` receives its resume secret (else it is set to ""). ERR_INVALID (*fehler
 * names "leistung" or "ort") for malformed input; ERR_NOTFOUND (*fehler) when the Leistung
 * or Gemeinde is unknown, no office is responsible there, or there is no published form;
 * ERR_LIMIT (*fehler names "herkunft") when an anonymous draft exceeds the hourly limit of
 * the client address u->herkunft (domain/antrag_anonym.h). */
RH_MUST_CHECK int antrag_anlegen(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                 const struct actor *who, const char *leistung_id,
                                 const char *gemeinde_ags, struct antrag *out,
                                 char fortsetzung[SCHLUESSEL_TEXT_LEN + 1],
                                 struct feld_fehler *fehler);

/* ERR_OK when `who` may start a draft at all: nobody (anonymous) or a citizen
 * (AUTHZ_ANTRAG_STELLEN on the own account); else the authz error. Faces ask this before they
 * read a request body. */
RH_MUST_CHECK int antrag_darf_anlegen(const struct actor *who);

/* ERR_OK when `z` may change application `id` (AUTHZ_ANTRAG_STELLEN: the applicant, or the
 * resume secret); ERR_NOTFOUND / ERR_UNAUTHORIZED / ERR_FORBIDDEN otherwise. Says nothing
 * about its state. Faces ask this before they read a request body. */
RH_MUST_CHECK int antrag_darf_aendern(struct db_conn *c, struct arena *a,
                                      const struct antrag_zugang *z, int64_t id);

/* Application `id` as seen through `z`. ERR_NOTFOUND when it does not exist or is not
 * visible; ERR_UNAUTHORIZED when nobody is logged in and no secret fits. */
RH_MUST_CHECK int antrag_get(struct db_conn *c, struct arena *a, const struct antrag_zugang *z,
                             int64_t id, struct antrag *out);

/* The form definition of application `an` (already read through antrag_get). */
RH_MUST_CHECK int antrag_formular(struct db_conn *c, struct arena *a, const struct antrag *an,
                                  struct formular **out);

/* The stored answers (a new reference; an empty object for a new draft). */
RH_MUST_CHECK int antrag_daten(struct db_conn *c, struct arena *a, const struct antrag_zugang *z,
                               int64_t id, json_t **out);

/* Save answers of a draft. `daten` (borrowed, a JSON object) replaces all answers, or with
 * `schritt_mischen` only those of the fields of step `schritt` (the other steps' answers stay).
 * The result is checked as `pruefung` (FORMULAR_ENTWURF, or FORMULAR_SCHRITT for `schritt`);
 * with errors nothing is saved and ERR_INVALID returns them in *fehler / *n_fehler. Saving
 * also records `schritt` as the step the person is on. ERR_CONFLICT when it is no longer a
 * draft; ERR_LIMIT when the answers are larger than ANTRAG_DATEN_MAX. */
RH_MUST_CHECK int antrag_daten_speichern(struct db_conn *c, struct arena *a, const struct umfeld *u,
                                         const struct antrag_zugang *z, int64_t id,
                                         const json_t *daten, bool schritt_mischen,
                                         enum formular_pruefung pruefung, size_t schritt,
                                         struct formular_fehler **fehler, size_t *n_fehler);

/* Add an attachment to a draft: bytes p[0..len) named `dateiname`. The media type is found
 * from the content (libmagic, through `e`, which may be NULL), never from the name; it must
 * be one that a datei field of the form allows (that field's, when `feld` names one, with its
 * size limit), at most ANTRAG_MAX_ANLAGEN per application. The bytes are stored once per
 * authority under their SHA-256 and never changed. Adding the same bytes twice is ERR_OK and
 * returns the existing attachment. ERR_INVALID (*fehler: "datei" or "feld") for an empty
 * file, a wrong type, a bad name or field; ERR_LIMIT (*fehler) for too large or too many;
 * ERR_CONFLICT when it is no longer a draft. */
RH_MUST_CHECK int antrag_anlage_hinzufuegen(struct db_conn *c, struct arena *a,
                                            const struct umfeld *u, struct einreichung *e,
                                            const struct antrag_zugang *z, int64_t id,
                                            const char *feld, const char *dateiname, const void *p,
                                            size_t len, struct anlage *out,
                                            struct feld_fehler *fehler);

/* Remove attachment `sha256` from a draft (the blob stays: other rows may use it).
 * ERR_NOTFOUND; ERR_CONFLICT when no longer a draft. */
RH_MUST_CHECK int antrag_anlage_entfernen(struct db_conn *c, const struct umfeld *u,
                                          const struct antrag_zugang *z, int64_t id,
                                          const char *sha256);

/* The attachments of an application, oldest first. */
RH_MUST_CHECK int antrag_anlagen(struct db_conn *c, struct arena *a, const struct antrag_zugang *z,
                                 int64_t id, struct anlage **out, size_t *n);

/* The bytes of attachment `sha256` (in the arena). ERR_NOTFOUND. */
RH_MUST_CHECK int antrag_anlage_lesen(struct db_conn *c, struct arena *a,
                                      const struct antrag_zugang *z, int64_t id, const char *sha256,
                                      struct anlage *out, const void **p, size_t *len);

/* The status timeline, oldest first. */
RH_MUST_CHECK int antrag_verlauf_liste(struct db_conn *c, struct arena *a,
                                       const struct antrag_zugang *z, int64_t id,
                                       struct antrag_verlauf **out, size_t *n);

/* The logged-in citizen's own applications, newest first (at most 500). */
RH_MUST_CHECK int antrag_liste(struct db_conn *c, struct arena *a, const struct actor *who,
                               struct antrag **out, size_t *n);

/* Submit draft `id`. Checks the answers completely (ERR_INVALID with *fehler / *n_fehler,
 * nothing changes), that every file they name is an attachment of the application of an
 * allowed type and size, builds the canonical content and its hash, then commits through the
 * queue `e` (NULL: directly) and returns only after the commit is durable. It borrows
 * connections of `db` itself and holds none while it waits, so the caller must not hold one
 * either. `schluessel` (the Idempotency-Key, may be NULL) makes a repeat harmless:
 * submitting an application that was already submitted with the same key answers the same
 * receipt with *wiederholt = true; with another key or none, ERR_CONFLICT. ERR_CONFLICT also
 * when the answers changed while submitting (try again). */
RH_MUST_CHECK int antrag_einreichen(struct db *db, struct arena *a, const struct umfeld *u,
                                    struct einreichung *e, const struct antrag_zugang *z,
                                    int64_t id, const char *schluessel,
                                    struct eingangsbestaetigung *out, bool *wiederholt,
                                    struct formular_fehler **fehler, size_t *n_fehler);

/* The receipt of a submitted application. ERR_NOTFOUND for a draft. */
RH_MUST_CHECK int antrag_eingangsbestaetigung(struct db_conn *c, struct arena *a,
                                              const struct antrag_zugang *z, int64_t id,
                                              struct eingangsbestaetigung *out);

/* Withdraw a submitted application that is not decided (or delete nothing: a draft is
 * withdrawn too, and stays visible as such). ERR_CONFLICT when decided or withdrawn. */
RH_MUST_CHECK int antrag_zurueckziehen(struct db_conn *c, const struct umfeld *u,
                                       const struct antrag_zugang *z, int64_t id);

/* Build the canonical content of application `an` with cleaned answers `daten` and its
 * attachments; *text (in the arena) and its hex SHA-256 into sha256. ERR_NOMEM. */
RH_MUST_CHECK int antrag_inhalt(struct arena *a, const struct antrag *an, const json_t *daten,
                                const struct anlage *anlagen, size_t n_anlagen, const char **text,
                                char sha256[SCHLUESSEL_HASH_LEN + 1]);

/* The receipt number of application `id` ("EB-" + 10 digits). Into out[24]. Cannot fail. */
void antrag_nummer(int64_t id, char out[24]);

/* Today's date "YYYY-MM-DD" in Germany (Europe/Berlin) at unix time `t`. Cannot fail. */
void antrag_heute(int64_t t, char out[11]);
/* "25.11.2026, 14:07 Uhr": German local time of `t`. Cannot fail. */
void antrag_zeit_text(int64_t t, char out[32]);

#endif
