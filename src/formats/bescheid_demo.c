#include "formats/bescheid_demo.h"

#include "store/bescheid.h"
#include "store/db.h"

static const struct {
    const char *leistung_id, *name, *betreff, *text;
} vorlagen[] = {
    {"99110009104000", "Hundesteuer – Festsetzung",
     "Festsetzung der Hundesteuer – Aktenzeichen {{vorgang.aktenzeichen}}",
     "Sehr geehrte(r) {{antrag.vorname}} {{antrag.familienname}},\n\n"
     "wir bestätigen die Anmeldung Ihres Hundes zur Hundesteuer (Antrag {{antrag.nummer}}). "
     "Aufgrund der Hundesteuersatzung setzt {{behoerde.name}} die Hundesteuer ab dem Beginn der "
     "Haltung für jedes Kalenderjahr fest. Die Steuer wird jeweils zum 1. Juli fällig; bei "
     "erteiltem SEPA-Lastschriftmandat buchen wir sie von Ihrem Konto ab.\n\n"
     "Die Steuermarke für Ihren Hund geht Ihnen mit getrennter Post zu. Bitte melden Sie uns, "
     "wenn Sie den Hund abgeben oder Ihre Anschrift ({{antrag.anschrift.strasse}} "
     "{{antrag.anschrift.hausnummer}}, {{antrag.anschrift.plz}} {{antrag.anschrift.ort}}) sich "
     "ändert.\n\n"
     "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
     "Bekanntgabe Widerspruch bei {{behoerde.name}} erhoben werden.\n\n"
     "Mit freundlichen Grüßen\nIhr Steueramt\n{{heute}}"},
    {"99108001001000", "Bewohnerparkausweis – Erteilung",
     "Bewohnerparkausweis für {{antrag.kennzeichen}} – Aktenzeichen {{vorgang.aktenzeichen}}",
     "Sehr geehrte(r) {{antrag.vorname}} {{antrag.familienname}},\n\n"
     "auf Ihren Antrag (Nummer {{antrag.nummer}}) erteilt Ihnen {{behoerde.name}} nach § 45 "
     "Abs. 1b Nr. 2a StVO einen Bewohnerparkausweis für das Fahrzeug mit dem amtlichen "
     "Kennzeichen {{antrag.kennzeichen}}, gültig ab {{antrag.gueltig_ab}}.\n\n"
     "Der Ausweis gilt nur in der beantragten Bewohnerparkzone und nur, solange Sie dort "
     "gemeldet sind. Legen Sie ihn gut lesbar hinter die Windschutzscheibe. Die Gebühr wird "
     "mit gesondertem Gebührenbescheid erhoben.\n\n"
     "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
     "Bekanntgabe Widerspruch bei {{behoerde.name}} erhoben werden.\n\n"
     "Mit freundlichen Grüßen\nIhre Straßenverkehrsbehörde\n{{heute}}"},
    {NULL, "Ablehnung (allgemein)",
     "Ablehnung Ihres Antrags – Aktenzeichen {{vorgang.aktenzeichen}}",
     "Sehr geehrte(r) {{antrag.vorname}} {{antrag.familienname}},\n\n"
     "Ihren Antrag ({{vorgang.betreff}}) müssen wir leider ablehnen.\n\n"
     "Begründung: [bitte ergänzen]\n\n"
     "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
     "Bekanntgabe Widerspruch bei {{behoerde.name}} erhoben werden.\n\n"
     "Mit freundlichen Grüßen\n{{behoerde.name}}\n{{heute}}"},
};

struct laden_tx {
    int64_t jetzt, n;
};

static int
laden_tx(struct db_conn *c, void *ctx)
{
    struct laden_tx *t = ctx;
    struct arena *a = arena_new(64 * 1024);
    int64_t *ids = NULL;
    size_t n = 0;
    int rc = a ? store_bescheid_demo_behoerden(c, a, &ids, &n) : ERR_NOMEM;
    t->n = 0;
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        for (size_t k = 0; rc == ERR_OK && k < sizeof(vorlagen) / sizeof(vorlagen[0]); k++) {
            bool konflikt = false;
            struct bescheid_vorlage_row v = {.behoerde_id = ids[i],
                                             .leistung_id = vorlagen[k].leistung_id,
                                             .name = vorlagen[k].name,
                                             .betreff = vorlagen[k].betreff,
                                             .text = vorlagen[k].text,
                                             .is_demo = true,
                                             .erstellt = t->jetzt,
                                             .geaendert = t->jetzt};
            rc = store_bescheid_vorlage_insert(c, &v, &konflikt);
            if (rc == ERR_OK && !konflikt)
                t->n++;
        }
    }
    arena_free(a);
    return rc;
}

int
bescheid_demo_laden(struct db_conn *c, int64_t jetzt, int64_t *n)
{
    struct laden_tx t = {jetzt, 0};
    int rc = db_tx(c, laden_tx, &t);
    if (rc == ERR_OK)
        *n = t.n;
    return rc;
}
