/* The route table of the Amt API (api/amt.h). */
#include "api/amt.h"

const struct route amt_api_routes[] = {
    {"GET", "/api/v1/posteingang", api_posteingang, ROUTE_API},
    {"POST", "/api/v1/posteingang", api_posteingang_create, ROUTE_API},
    {"GET", "/api/v1/posteingang/{id}", api_posteingang_eintrag, ROUTE_API},
    {"POST", "/api/v1/posteingang/{id}/uebernehmen", api_posteingang_uebernehmen, ROUTE_API},
    {"POST", "/api/v1/posteingang/{id}/zuweisen", api_posteingang_zuweisen, ROUTE_API},
    {"POST", "/api/v1/posteingang/{id}/weiterleiten", api_posteingang_weiterleiten, ROUTE_API},
    {"GET", "/api/v1/akten", api_akten, ROUTE_API},
    {"POST", "/api/v1/akten", api_akte_create, ROUTE_API},
    {"GET", "/api/v1/akten/{id}", api_akte, ROUTE_API},
    {"GET", "/api/v1/vorgaenge", api_vorgaenge, ROUTE_API},
    {"POST", "/api/v1/vorgaenge", api_vorgang_create, ROUTE_API},
    {"GET", "/api/v1/vorgaenge/{id}", api_vorgang, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/status", api_vorgang_status, ROUTE_API},
    {"PATCH", "/api/v1/vorgaenge/{id}/status", api_vorgang_status, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/vermerke", api_vorgang_vermerk, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/wiedervorlagen", api_vorgang_wiedervorlage, ROUTE_API},
    {"POST", "/api/v1/vorgaenge/{id}/rueckfrage", api_vorgang_rueckfrage, ROUTE_API},
    {"GET", "/api/v1/wiedervorlagen", api_wiedervorlagen, ROUTE_API},
    {"POST", "/api/v1/wiedervorlagen/{id}/erledigt", api_wiedervorlage_erledigt, ROUTE_API},
    {0, 0, 0, 0},
};
