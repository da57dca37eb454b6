#include "api/api.h"

/* Literal patterns come before captured ones. */
const struct route api_routes[] = {
    {"GET", "/healthz", api_healthz, ROUTE_API},
    {"GET", "/metrics", api_metrics, ROUTE_API},
    {"GET", "/api/v1/openapi.json", api_openapi, ROUTE_API},
    {"GET", "/api/v1/regierungsbezirke", api_regierungsbezirke, ROUTE_API},
    {"GET", "/api/v1/regierungsbezirke/{ags}", api_regierungsbezirk, ROUTE_API},
    {"GET", "/api/v1/kreise", api_kreise, ROUTE_API},
    {"GET", "/api/v1/kreise/{ags}", api_kreis, ROUTE_API},
    {"GET", "/api/v1/gemeinden", api_gemeinden, ROUTE_API},
    {"GET", "/api/v1/gemeinden/{ags}", api_gemeinde, ROUTE_API},
    {"GET", "/api/v1/leistungen", api_leistungen, ROUTE_API},
    {"GET", "/api/v1/leistungen/{id}", api_leistung, ROUTE_API},
    {"GET", "/api/v1/zustaendigkeiten", api_zustaendigkeiten, ROUTE_API},
    {"GET", "/api/v1/behoerden", api_behoerden, ROUTE_API},
    {"GET", "/api/v1/behoerden/{id}", api_behoerde, ROUTE_API},
    {0, 0, 0, 0},
};
