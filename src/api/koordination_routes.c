/* The route table of the Koordination API (api/koordination.h). */
#include "api/koordination.h"

const struct route koordination_api_routes[] = {
    {"GET", "/api/v1/umsetzung", api_umsetzung, ROUTE_API},
    {"POST", "/api/v1/umsetzung/meldungen", api_umsetzung_meldung, ROUTE_API},
    {"GET", "/api/v1/lagebild", api_lagebild, ROUTE_API},
    {0, 0, 0, 0},
};
