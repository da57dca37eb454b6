/* Tests of domain/suchtext.h with real German service names and queries: folding, stop words,
 * stemming, and that documents and queries meet in the same stems. */
#include <stdio.h>
#include <string.h>

#include "domain/suchtext.h"
#include "tap.h"
#include "util/log.h"

/* suchtext_build of `text` as a C string in a static buffer */
static const char *
build(const char *text)
{
    static char out[4096];
    struct buf b = BUF_INIT(1 << 20);
    int rc = suchtext_build(text, strlen(text), &b);
    snprintf(out, sizeof(out), "%s", rc == ERR_OK ? buf_cstr(&b) : "<error>");
    buf_free(&b);
    return out;
}

static const char *
fold(const char *text)
{
    static char out[4096];
    struct buf b = BUF_INIT(1 << 20);
    int rc = suchtext_fold(text, strlen(text), &b);
    snprintf(out, sizeof(out), "%s", rc == ERR_OK ? buf_cstr(&b) : "<error>");
    buf_free(&b);
    return out;
}

#define STEMS(text, want)                                                                          \
    do {                                                                                           \
        const char *got_ = build(text);                                                            \
        CHECK(strcmp(got_, (want)) == 0);                                                          \
        if (strcmp(got_, (want)) != 0)                                                             \
            fprintf(stderr, "  '%s' -> '%s', want '%s'\n", (text), got_, (want));                  \
    } while (0)

static void
test_suchtext_word_forms_meet(void)
{
    STEMS("anmelden", "anmeld");
    STEMS("Anmeldung", "anmeld");
    STEMS("angemeldet", "anmeld");
    STEMS("abgemeldet", "abmeld");
    STEMS("beantragen", "beantrag");
    STEMS("Beantragung", "beantrag");
    STEMS("Hund", "hund");
    STEMS("Hunde", "hund");
    STEMS("Hundes", "hund");
    STEMS("Gewerbe", "gewerb");
    STEMS("Gewerbes", "gewerb");
    STEMS("Führerschein", "fuhrerschein");
    STEMS("Führerscheins", "fuhrerschein");
    STEMS("Baugenehmigung", "baugenehm");
    STEMS("Baugenehmigungen", "baugenehm");
    STEMS("Kinder", "kind");
    STEMS("Kindern", "kind");
    STEMS("Ergebnisse", "ergebnis");
    STEMS("Ausstellung", "ausstell");
    STEMS("ausgestellt", "ausstell");
    STEMS("Zulassung", "zulass");
    STEMS("zulassen", "zulass");
    STEMS("Reisepässe", "reisepass");
    STEMS("Ausweise", "ausweis");
    STEMS("Steuererklärung", "steuererklar");
}

static void
test_suchtext_folds_umlauts_and_diacritics(void)
{
    STEMS("Größe", "gross");
    STEMS("ÄRZTE", "arzt");
    STEMS("Straße STRASSE", "strass");
    STEMS("GROẞE", "gross"); /* capital sharp s */
    STEMS("Café Crème", "caf crem");
    STEMS("Łódź Šibenik", "lodz siben");
    STEMS("Mu\xCC\x88ll", "mull"); /* u + combining diaeresis */
    STEMS("Ge\xC2\xAD"
          "werbe",
          "gewerb"); /* soft hyphen inside the word */
    CHECK(strcmp(fold("Schwäbisch Gmünd"), "schwabisch gmund") == 0);
    CHECK(strcmp(fold("Baden-Baden"), "baden baden") == 0);
    CHECK(strcmp(fold("  St. Blasien  "), "st blasien") == 0);
    CHECK(strcmp(fold("Weil der Stadt"), "weil der stadt") == 0);
    CHECK(strcmp(fold("Boeblingen"), "boeblingen") == 0); /* typed "oe" stays */
    CHECK(strcmp(fold("—"), "") == 0);
}

static void
test_suchtext_drops_stop_words_and_single_letters(void)
{
    STEMS("Ich möchte meinen Hund anmelden", "hund anmeld");
    STEMS("Anmeldung eines Hundes bei der Gemeinde", "anmeld hund gemeind");
    STEMS("für die Erteilung von Auskünften", "erteil auskunft");
    STEMS("der die das und oder", "");
    STEMS("A b c", "");
}

static void
test_suchtext_splits_on_punctuation_and_symbols(void)
{
    STEMS("Kfz-Zulassung", "kfz zulass");
    STEMS("ID-Karte/Personalausweis", "id kart personalausweis");
    STEMS("„Elterngeld“ – beantragen…", "elterngeld beantrag");
    STEMS("§ 9 PAuswG", "pauswg");
    STEMS("Müll 🚮 Abfuhr", "mull abfuhr");
    STEMS("a\xFF"
          "bc",
          "bc"); /* an invalid byte separates */
}

static void
test_suchtext_keeps_numbers_and_other_scripts(void)
{
    STEMS("LeiKa 99008001012000", "leika 99008001012000");
    STEMS("Formular A1 2024", "formular a1 2024");
    STEMS("Ελλάδα", "Ελλάδα");
}

static void
test_suchtext_writes_each_stem_once_and_appends(void)
{
    struct buf b = BUF_INIT(4096);
    CHECK(suchtext_build("Hund Hunde Hundes anmelden Anmeldung", 36, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "hund anmeld") == 0);
    /* a second call appends after a space and may repeat stems */
    CHECK(suchtext_build("Hundesteuer", 11, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "hund anmeld hundesteu") == 0);
    CHECK(suchtext_build("", 0, &b) == ERR_OK);
    CHECK(suchtext_build(NULL, 0, &b) == ERR_OK);
    CHECK(strcmp(buf_cstr(&b), "hund anmeld hundesteu") == 0);
    buf_free(&b);

    /* a full buffer is an error, not a silent cut */
    struct buf small = BUF_INIT(8);
    CHECK(suchtext_build("Personalausweis beantragen", 26, &small) == ERR_LIMIT);
    buf_free(&small);
}

static void
test_suchtext_terms_match_document_stems(void)
{
    char terms[8][SUCHTEXT_TERM_MAX];
    const char *q = "Wie melde ich meinen Hund an? Hundeanmeldung!";
    size_t n = suchtext_terms(q, strlen(q), terms, 8);
    CHECK(n == 3);
    CHECK(n == 3 && strcmp(terms[0], "meld") == 0 && strcmp(terms[1], "hund") == 0 &&
          strcmp(terms[2], "hundeanmeld") == 0);

    q = "Personalausweis beantragen";
    n = suchtext_terms(q, strlen(q), terms, 8);
    CHECK(n == 2);
    /* every query stem is a word of the document's suchtext */
    const char *doc = build("Personalausweis Beantragung Ausweis Perso ID-Karte");
    for (size_t i = 0; i < n; i++)
        CHECK(strstr(doc, terms[i]) != NULL);

    /* duplicates once; the maximum is respected */
    q = "Gewerbe Gewerbes Gewerbe anmelden abmelden ummelden";
    n = suchtext_terms(q, strlen(q), terms, 2);
    CHECK(n == 2 && strcmp(terms[0], "gewerb") == 0 && strcmp(terms[1], "anmeld") == 0);
    CHECK(suchtext_terms("und oder", 8, terms, 8) == 0);
    CHECK(suchtext_terms("Hund", 4, terms, 0) == 0);
}

static void
test_suchtext_cuts_overlong_words(void)
{
    char text[300], terms[2][SUCHTEXT_TERM_MAX];
    memset(text, '7', sizeof(text) - 1);
    text[sizeof(text) - 1] = '\0';
    size_t n = suchtext_terms(text, strlen(text), terms, 2);
    CHECK(n == 1 && strlen(terms[0]) == SUCHTEXT_TERM_MAX - 1);
    /* 40 Greek letters (80 bytes) are cut at a character boundary */
    char greek[200] = "";
    for (int i = 0; i < 40; i++)
        memcpy(greek + 2 * i, "\xCE\xB1", 3);
    n = suchtext_terms(greek, strlen(greek), terms, 2);
    CHECK(n == 1 && strlen(terms[0]) == 62);
}

static void
test_suchtext_stem_is_idempotent_on_stems(void)
{
    static const char *const words[] = {"anmeld",          "beantrag", "hund",   "gewerb",
                                        "personalausweis", "kind",     "zulass", "baugenehm"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        char w[SUCHTEXT_TERM_MAX];
        snprintf(w, sizeof(w), "%s", words[i]);
        size_t n = suchtext_stem(w, strlen(w));
        CHECK(n == strlen(words[i]) && strcmp(w, words[i]) == 0);
    }
    char w[] = "ab";
    CHECK(suchtext_stem(w, 2) == 2);
}

int
main(void)
{
    log_set_quiet(1);
    TEST(test_suchtext_word_forms_meet);
    TEST(test_suchtext_folds_umlauts_and_diacritics);
    TEST(test_suchtext_drops_stop_words_and_single_letters);
    TEST(test_suchtext_splits_on_punctuation_and_symbols);
    TEST(test_suchtext_keeps_numbers_and_other_scripts);
    TEST(test_suchtext_writes_each_stem_once_and_appends);
    TEST(test_suchtext_terms_match_document_stems);
    TEST(test_suchtext_cuts_overlong_words);
    TEST(test_suchtext_stem_is_idempotent_on_stems);
    return tap_done();
}
