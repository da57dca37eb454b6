/* Tests of domain/authz.h: the separation promise as a readable table of cases, plus the
 * properties that must hold for every action (rule 3: no personal data for koordination or
 * ministerium; no actor → ERR_UNAUTHORIZED). */
#include <stdio.h>
#include <string.h>

#include "domain/authz.h"
#include "tap.h"

/* Authorities 1 and 2; office 11 in 1, office 12 in 1; Kreis 08115 and 08416. */
static const struct rollen_zuordnung r_buerger[] = {{ROLLE_BUERGER, 0, 0, NULL}};
static const struct rollen_zuordnung r_sb1[] = {{ROLLE_SACHBEARBEITUNG, 1, 0, NULL}};
static const struct rollen_zuordnung r_sb1_oe11[] = {{ROLLE_SACHBEARBEITUNG, 1, 11, NULL}};
static const struct rollen_zuordnung r_admin1[] = {{ROLLE_BEHOERDENADMIN, 1, 0, NULL}};
static const struct rollen_zuordnung r_koord_bb[] = {{ROLLE_KOORDINATION, 0, 0, "08115"}};
static const struct rollen_zuordnung r_koord_land[] = {{ROLLE_KOORDINATION, 0, 0, NULL}};
static const struct rollen_zuordnung r_min[] = {{ROLLE_MINISTERIUM, 0, 0, NULL}};
static const struct rollen_zuordnung r_betrieb[] = {{ROLLE_BETRIEB, 0, 0, NULL}};

#define ACTOR(id, r)                                                                               \
    {                                                                                              \
        (id), (r), sizeof(r) / sizeof((r)[0]), false, false                                        \
    }
static const struct actor buerger = ACTOR(10, r_buerger);
static const struct actor sb1 = ACTOR(20, r_sb1);
static const struct actor sb1_oe11 = ACTOR(21, r_sb1_oe11);
static const struct actor admin1 = ACTOR(30, r_admin1);
static const struct actor koord_bb = ACTOR(40, r_koord_bb);
static const struct actor koord_land = ACTOR(41, r_koord_land);
static const struct actor min = ACTOR(50, r_min);
static const struct actor betrieb = ACTOR(60, r_betrieb);
static const struct actor sb1_lesen = {20, r_sb1, 1, true, false};
static const struct actor buerger_lesen = {10, r_buerger, 1, true, false};
static const struct actor niemand = {0, NULL, 0, false, false};
static const struct actor system_actor = {0, NULL, 0, false, true};

/* objects */
static const struct authz_object konto10 = {.konto_id = 10};
static const struct authz_object konto11 = {.konto_id = 11};
static const struct authz_object behoerde1 = {.behoerde_id = 1};
static const struct authz_object behoerde2 = {.behoerde_id = 2};
static const struct authz_object fall1_oe11 = {.behoerde_id = 1, .oe_id = 11};
static const struct authz_object fall1_oe12 = {.behoerde_id = 1, .oe_id = 12};
static const struct authz_object antrag_von10_an1 = {.konto_id = 10, .behoerde_id = 1};
static const struct authz_object antrag_von11_an2 = {.konto_id = 11, .behoerde_id = 2};
static const struct authz_object kreis_bb = {.kreis_ags = "08115"};
static const struct authz_object kreis_tue = {.kreis_ags = "08416"};

static const struct {
    const char *why;
    const struct actor *who;
    enum authz_action what;
    const struct authz_object *obj;
    int want;
} cases[] = {
    {"citizen reads own account", &buerger, AUTHZ_KONTO_LESEN, &konto10, ERR_OK},
    {"citizen reads another account", &buerger, AUTHZ_KONTO_LESEN, &konto11, ERR_NOTFOUND},
    {"citizen deletes own account", &buerger, AUTHZ_KONTO_LOESCHEN, &konto10, ERR_OK},
    {"read-only token may not delete", &buerger_lesen, AUTHZ_KONTO_LOESCHEN, &konto10,
     ERR_FORBIDDEN},
    {"read-only token may read", &buerger_lesen, AUTHZ_KONTO_EXPORT, &konto10, ERR_OK},
    {"citizen reads own application", &buerger, AUTHZ_ANTRAG_LESEN, &antrag_von10_an1, ERR_OK},
    {"citizen reads another's application", &buerger, AUTHZ_ANTRAG_LESEN, &antrag_von11_an2,
     ERR_NOTFOUND},
    {"citizen reads staff list", &buerger, AUTHZ_MITARBEITENDE_LESEN, &behoerde1, ERR_NOTFOUND},
    {"clerk reads application of own authority", &sb1, AUTHZ_ANTRAG_LESEN, &antrag_von10_an1,
     ERR_OK},
    {"clerk reads application of other authority", &sb1, AUTHZ_ANTRAG_LESEN, &antrag_von11_an2,
     ERR_NOTFOUND},
    {"clerk reads case of own authority", &sb1, AUTHZ_VORGANG_LESEN, &fall1_oe12, ERR_OK},
    {"clerk reads case of other authority", &sb1, AUTHZ_VORGANG_LESEN, &behoerde2, ERR_NOTFOUND},
    {"clerk writes document of other authority", &sb1, AUTHZ_DOKUMENT_SCHREIBEN, &behoerde2,
     ERR_NOTFOUND},
    {"office-bound clerk reads own office's case", &sb1_oe11, AUTHZ_VORGANG_LESEN, &fall1_oe11,
     ERR_OK},
    {"office-bound clerk reads other office's case", &sb1_oe11, AUTHZ_VORGANG_LESEN, &fall1_oe12,
     ERR_NOTFOUND},
    {"clerk reads own staff list", &sb1, AUTHZ_MITARBEITENDE_LESEN, &behoerde1, ERR_FORBIDDEN},
    {"read-only clerk token writes case", &sb1_lesen, AUTHZ_VORGANG_BEARBEITEN, &fall1_oe11,
     ERR_FORBIDDEN},
    {"read-only clerk token, other tenant", &sb1_lesen, AUTHZ_VORGANG_BEARBEITEN, &behoerde2,
     ERR_NOTFOUND},
    {"admin reads own staff", &admin1, AUTHZ_MITARBEITENDE_LESEN, &behoerde1, ERR_OK},
    {"admin invites to own authority", &admin1, AUTHZ_MITARBEITENDE_EINLADEN, &behoerde1, ERR_OK},
    {"admin reads other authority's staff", &admin1, AUTHZ_MITARBEITENDE_LESEN, &behoerde2,
     ERR_NOTFOUND},
    {"admin reads cases of own authority", &admin1, AUTHZ_VORGANG_LESEN, &fall1_oe11,
     ERR_FORBIDDEN},
    {"admin reads audit log of own authority", &admin1, AUTHZ_PROTOKOLL_LESEN, &behoerde1, ERR_OK},
    {"coordinator reads an application", &koord_bb, AUTHZ_ANTRAG_LESEN, &antrag_von10_an1,
     ERR_NOTFOUND},
    {"coordinator reads a case", &koord_bb, AUTHZ_VORGANG_LESEN, &fall1_oe11, ERR_NOTFOUND},
    {"coordinator reads staff", &koord_bb, AUTHZ_MITARBEITENDE_LESEN, &behoerde1, ERR_NOTFOUND},
    {"coordinator reads own district", &koord_bb, AUTHZ_KOORDINATION_LESEN, &kreis_bb, ERR_OK},
    {"coordinator reads other district", &koord_bb, AUTHZ_KOORDINATION_LESEN, &kreis_tue,
     ERR_NOTFOUND},
    {"statewide coordinator reads any district", &koord_land, AUTHZ_KOORDINATION_LESEN, &kreis_tue,
     ERR_OK},
    {"clerk reads coordination", &sb1, AUTHZ_KOORDINATION_LESEN, &kreis_bb, ERR_FORBIDDEN},
    {"ministry reads the Land", &min, AUTHZ_LAND_LESEN, NULL, ERR_OK},
    {"ministry reads a district", &min, AUTHZ_KOORDINATION_LESEN, &kreis_tue, ERR_OK},
    {"ministry may not edit coordination", &min, AUTHZ_KOORDINATION_BEARBEITEN, &kreis_tue,
     ERR_FORBIDDEN},
    {"ministry reads a case", &min, AUTHZ_VORGANG_LESEN, &fall1_oe11, ERR_NOTFOUND},
    {"ministry reads an application", &min, AUTHZ_ANTRAG_LESEN, &antrag_von10_an1, ERR_NOTFOUND},
    {"operator manages accounts", &betrieb, AUTHZ_BETRIEB_KONTEN, NULL, ERR_OK},
    {"operator reads a case", &betrieb, AUTHZ_VORGANG_LESEN, &fall1_oe11, ERR_NOTFOUND},
    {"citizen manages accounts", &buerger, AUTHZ_BETRIEB_KONTEN, NULL, ERR_FORBIDDEN},
    {"nobody reads an account", &niemand, AUTHZ_KONTO_LESEN, &konto10, ERR_UNAUTHORIZED},
    {"NULL actor", NULL, AUTHZ_KONTO_LESEN, &konto10, ERR_UNAUTHORIZED},
    {"system actor manages accounts", &system_actor, AUTHZ_BETRIEB_KONTEN, NULL, ERR_OK},
    {"citizen reads own mailbox", &buerger, AUTHZ_POSTFACH_LESEN, &konto10, ERR_OK},
    {"citizen reads another's mailbox", &buerger, AUTHZ_POSTFACH_LESEN, &konto11, ERR_NOTFOUND},
    {"citizen writes from own mailbox", &buerger, AUTHZ_POSTFACH_SCHREIBEN, &antrag_von10_an1,
     ERR_OK},
    {"read-only token may not write to the mailbox", &buerger_lesen, AUTHZ_POSTFACH_SCHREIBEN,
     &konto10, ERR_FORBIDDEN},
    {"clerk reads a message of own authority", &sb1, AUTHZ_POSTFACH_LESEN, &antrag_von10_an1,
     ERR_OK},
    {"clerk writes a message of own authority", &sb1, AUTHZ_POSTFACH_SCHREIBEN, &antrag_von10_an1,
     ERR_OK},
    {"clerk reads a message of another authority", &sb1, AUTHZ_POSTFACH_LESEN, &antrag_von11_an2,
     ERR_NOTFOUND},
    {"coordinator reads a mailbox", &koord_land, AUTHZ_POSTFACH_LESEN, &antrag_von10_an1,
     ERR_NOTFOUND},
    {"admin reads a mailbox", &admin1, AUTHZ_POSTFACH_LESEN, &antrag_von10_an1, ERR_FORBIDDEN},
    {"clerk files a support request", &sb1, AUTHZ_ANFRAGE_STELLEN, &behoerde1, ERR_OK},
    {"clerk reads another authority's requests", &sb1, AUTHZ_ANFRAGE_LESEN, &behoerde2,
     ERR_NOTFOUND},
    {"citizen reads support requests", &buerger, AUTHZ_ANFRAGE_LESEN, &behoerde1, ERR_NOTFOUND},
    {"read-only clerk token files a request", &sb1_lesen, AUTHZ_ANFRAGE_STELLEN, &behoerde1,
     ERR_FORBIDDEN},
    {"coordinator processes own district's request", &koord_bb, AUTHZ_ANFRAGE_BEARBEITEN, &kreis_bb,
     ERR_OK},
    {"coordinator processes other district's request", &koord_bb, AUTHZ_ANFRAGE_BEARBEITEN,
     &kreis_tue, ERR_NOTFOUND},
    {"ministry processes a request", &min, AUTHZ_ANFRAGE_BEARBEITEN, &kreis_bb, ERR_FORBIDDEN},
    {"clerk processes a request", &sb1, AUTHZ_ANFRAGE_BEARBEITEN, &kreis_bb, ERR_FORBIDDEN},
    {"admin reads knowledge", &admin1, AUTHZ_WISSEN_LESEN, &behoerde1, ERR_OK},
    {"citizen reads knowledge", &buerger, AUTHZ_WISSEN_LESEN, &behoerde1, ERR_NOTFOUND},
    {"coordinator edits knowledge", &koord_bb, AUTHZ_WISSEN_BEARBEITEN, NULL, ERR_OK},
    {"clerk edits knowledge", &sb1, AUTHZ_WISSEN_BEARBEITEN, NULL, ERR_FORBIDDEN},
    {"ministry edits knowledge", &min, AUTHZ_WISSEN_BEARBEITEN, NULL, ERR_FORBIDDEN},
    {"coordinator manages own district's events", &koord_bb, AUTHZ_TERMIN_VERWALTEN, &kreis_bb,
     ERR_OK},
    {"statewide coordinator manages any event", &koord_land, AUTHZ_TERMIN_VERWALTEN, &kreis_tue,
     ERR_OK},
    {"clerk registers for an event", &sb1, AUTHZ_TERMIN_ANMELDEN, &behoerde1, ERR_OK},
    {"citizen registers for an event", &buerger, AUTHZ_TERMIN_ANMELDEN, &behoerde1, ERR_NOTFOUND},
    {"ministry sets the programme", &min, AUTHZ_LAND_BEARBEITEN, NULL, ERR_OK},
    {"coordinator sets the programme", &koord_land, AUTHZ_LAND_BEARBEITEN, NULL, ERR_FORBIDDEN},
    {"clerk reports own municipality", &sb1, AUTHZ_UMSETZUNG_MELDEN, &behoerde1, ERR_OK},
    {"admin reports another municipality", &admin1, AUTHZ_UMSETZUNG_MELDEN, &behoerde2,
     ERR_NOTFOUND},
    {"coordinator reports as a municipality", &koord_bb, AUTHZ_UMSETZUNG_MELDEN, &behoerde1,
     ERR_NOTFOUND},
};

static void
test_cases_of_the_table(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int got = authz_check(cases[i].who, cases[i].what, cases[i].obj);
        if (got != cases[i].want) {
            fprintf(stderr, "  case '%s': got %s, want %s\n", cases[i].why, err_name(got),
                    err_name(cases[i].want));
            CHECK(got == cases[i].want);
        }
    }
}

static void
test_every_action_has_a_name(void)
{
    for (int a = 0; a < AUTHZ_ACTION_ANZAHL; a++)
        CHECK(authz_action_name((enum authz_action)a) != NULL);
    CHECK(authz_action_name(AUTHZ_ACTION_ANZAHL) == NULL);
}

static void
test_personal_data_never_for_koordination_or_ministerium(void)
{
    const struct authz_object objs[] = {
        behoerde1, fall1_oe11, antrag_von10_an1, kreis_bb, {.konto_id = 40, .behoerde_id = 1}};
    const struct actor *who[] = {&koord_bb, &koord_land, &min};
    for (int a = 0; a < AUTHZ_ACTION_ANZAHL; a++) {
        if (!authz_action_is_personal((enum authz_action)a))
            continue;
        CHECK(!authz_action_allows_role((enum authz_action)a, ROLLE_KOORDINATION));
        CHECK(!authz_action_allows_role((enum authz_action)a, ROLLE_MINISTERIUM));
        for (size_t w = 0; w < 3; w++)
            for (size_t o = 0; o < sizeof(objs) / sizeof(objs[0]); o++)
                CHECK(authz_check(who[w], (enum authz_action)a, &objs[o]) != ERR_OK);
    }
}

static void
test_no_actor_is_always_unauthorized(void)
{
    for (int a = 0; a < AUTHZ_ACTION_ANZAHL; a++) {
        CHECK(authz_check(NULL, (enum authz_action)a, &behoerde1) == ERR_UNAUTHORIZED);
        CHECK(authz_check(&niemand, (enum authz_action)a, &konto10) == ERR_UNAUTHORIZED);
    }
}

static void
test_read_only_tokens_never_write(void)
{
    for (int a = 0; a < AUTHZ_ACTION_ANZAHL; a++) {
        if (!authz_action_writes((enum authz_action)a))
            continue;
        CHECK(authz_check(&sb1_lesen, (enum authz_action)a, &fall1_oe11) != ERR_OK);
        CHECK(authz_check(&buerger_lesen, (enum authz_action)a, &konto10) != ERR_OK);
    }
}

static void
test_other_tenant_is_notfound_for_every_tenant_action(void)
{
    /* whatever a clerk or admin of authority 1 asks about authority 2: "not found" */
    for (int a = 0; a < AUTHZ_ACTION_ANZAHL; a++) {
        int r1 = authz_check(&sb1, (enum authz_action)a, &behoerde2);
        int r2 = authz_check(&admin1, (enum authz_action)a, &behoerde2);
        CHECK(r1 != ERR_OK && r1 != ERR_UNAUTHORIZED);
        CHECK(r2 != ERR_OK && r2 != ERR_UNAUTHORIZED);
        if (r1 == ERR_FORBIDDEN || r2 == ERR_FORBIDDEN) {
            /* only actions that are not about a tenant may say "forbidden" */
            struct authz_object none = {0};
            CHECK(authz_check(&admin1, (enum authz_action)a, &none) != ERR_OK ||
                  authz_check(&sb1, (enum authz_action)a, &none) != ERR_OK || r1 != ERR_NOTFOUND);
        }
    }
}

static void
test_rolle_names_round_trip(void)
{
    for (int r = 0; r < ROLLE_ANZAHL; r++) {
        enum rolle back;
        CHECK(rolle_parse(rolle_name((enum rolle)r), &back) == ERR_OK && (int)back == r);
    }
    enum rolle x;
    CHECK(rolle_parse("admin", &x) == ERR_INVALID);
    CHECK(rolle_parse(NULL, &x) == ERR_INVALID);
    CHECK(!rolle_is_personal(ROLLE_BUERGER) && rolle_is_personal(ROLLE_BETRIEB));
}

int
main(void)
{
    TEST(test_cases_of_the_table);
    TEST(test_every_action_has_a_name);
    TEST(test_personal_data_never_for_koordination_or_ministerium);
    TEST(test_no_actor_is_always_unauthorized);
    TEST(test_read_only_tokens_never_write);
    TEST(test_other_tenant_is_notfound_for_every_tenant_action);
    TEST(test_rolle_names_round_trip);
    return tap_done();
}
