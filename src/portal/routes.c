#include "portal/portal.h"

const struct route portal_routes[] = {
    {"GET", "/", portal_start, ROUTE_PAGE},
    {"GET", "/leistungen", portal_suche, ROUTE_PAGE},
    {"GET", "/leistungen/{id}", portal_leistung, ROUTE_PAGE},
    {"GET", "/regierungsbezirke", portal_regierungsbezirke, ROUTE_PAGE},
    {"GET", "/regierungsbezirke/{ags}", portal_regierungsbezirk, ROUTE_PAGE},
    {"GET", "/kreise/{ags}", portal_kreis, ROUTE_PAGE},
    {"GET", "/gemeinden/{ags}", portal_gemeinde, ROUTE_PAGE},
    {"GET", "/behoerden/{id}", portal_behoerde, ROUTE_PAGE},
    {0, 0, 0, 0},
};
