/* The route table of the Koordination API (api/koordination.h). */
#include "api/koordination.h"

const struct route koordination_api_routes[] = {
    {"GET", "/api/v1/umsetzung", api_umsetzung, ROUTE_API},
    {"POST", "/api/v1/umsetzung/meldungen", api_umsetzung_meldung, ROUTE_API},
    {"GET", "/api/v1/lagebild", api_lagebild, ROUTE_API},
    {"GET", "/api/v1/umsetzung/gemeinden/{ags}", api_gemeinde_stand, ROUTE_API},
    {"POST", "/api/v1/umsetzung/gemeinden/{ags}/bausteine", api_gemeinde_baustein, ROUTE_API},
    {"POST", "/api/v1/umsetzung/gemeinden/{ags}/checkliste", api_gemeinde_schritt, ROUTE_API},
    {"POST", "/api/v1/umsetzung/gemeinden/{ags}/eakte", api_gemeinde_eakte, ROUTE_API},
    {"GET", "/api/v1/anfragen", api_anfragen, ROUTE_API},
    {"POST", "/api/v1/anfragen", api_anfrage_create, ROUTE_API},
    {"GET", "/api/v1/anfragen/{id}", api_anfrage, ROUTE_API},
    {"PATCH", "/api/v1/anfragen/{id}", api_anfrage_patch, ROUTE_API},
    {"POST", "/api/v1/anfragen/{id}/antworten", api_anfrage_antwort, ROUTE_API},
    {"POST", "/api/v1/anfragen/{id}/anlagen", api_anfrage_anlage_create, ROUTE_API},
    {"GET", "/api/v1/anfragen/{id}/anlagen/{anlage_id}", api_anfrage_anlage, ROUTE_API},
    {"POST", "/api/v1/anfragen/{id}/artikel", api_anfrage_artikel, ROUTE_API},
    {"GET", "/api/v1/artikel", api_artikel_liste, ROUTE_API},
    {"POST", "/api/v1/artikel", api_artikel_create, ROUTE_API},
    {"GET", "/api/v1/artikel/{id}", api_artikel, ROUTE_API},
    {"PUT", "/api/v1/artikel/{id}", api_artikel_update, ROUTE_API},
    {"GET", "/api/v1/termine", api_termine, ROUTE_API},
    {"POST", "/api/v1/termine", api_termin_create, ROUTE_API},
    {"GET", "/api/v1/termine/{id}", api_termin, ROUTE_API}, /* also {id}.ics */
    {"POST", "/api/v1/termine/{id}/anmeldungen", api_termin_anmelden, ROUTE_API},
    {"DELETE", "/api/v1/termine/{id}/anmeldungen", api_termin_abmelden, ROUTE_API},
    {"POST", "/api/v1/termine/{id}/absage", api_termin_absagen, ROUTE_API},
    {"GET", "/api/v1/berichte", api_berichte, ROUTE_API},
    {"GET", "/api/v1/foerderprogramm", api_foerderprogramm, ROUTE_API},
    {"POST", "/api/v1/foerderprogramm/ausgaben", api_foerderprogramm_ausgabe, ROUTE_API},
    {0, 0, 0, 0},
};
