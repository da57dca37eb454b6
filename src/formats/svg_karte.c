#include "formats/svg_karte.h"

#include <string.h>

#include <math.h>

#include "formats/svg_xml.h"

/* Five classes of 20 % each; dark enough at the top for white text contrast. */
static const char *const farben[5] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"};

const char *
svg_karte_farbe(int promille)
{
    if (promille < 0)
        return "#d9d9d9";
    int k = promille / 200;
    return farben[k > 4 ? 4 : k];
}

static int
legende(struct buf *out, int x, int y)
{
    static const char *const labels[5] = {"unter 20 %", "20 bis 40 %", "40 bis 60 %", "60 bis 80 %",
                                          "80 % und mehr"};
    int rc = buf_printf(out,
                        "<g font-family=\"sans-serif\" font-size=\"12\" fill=\"#1b1b1b\">"
                        "<text x=\"%d\" y=\"%d\">Anteil online</text>",
                        x, y);
    for (int i = 0; rc == ERR_OK && i < 5; i++)
        rc = buf_printf(out,
                        "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" "
                        "stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"%d\" y=\"%d\">%s</text>",
                        x, y + 8 + i * 20, farben[i], x + 20, y + 19 + i * 20, labels[i]);
    if (rc == ERR_OK)
        rc = buf_printf(out,
                        "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#d9d9d9\" "
                        "stroke=\"#555\" stroke-width=\"0.5\"/><text x=\"%d\" y=\"%d\">keine "
                        "Daten</text></g>",
                        x, y + 108, x + 20, y + 119);
    return rc;
}

static const struct karte_wert *
wert_of(const struct karte_wert *w, size_t n, const char *ags)
{
    for (size_t i = 0; i < n; i++)
        if (w[i].kreis_ags && strcmp(w[i].kreis_ags, ags) == 0)
            return &w[i];
    return NULL;
}

static int
kopf(struct buf *out, int w, int h, const char *titel, const char *desc)
{
    int rc = buf_printf(out,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"t d\"><title "
                        "id=\"t\">",
                        w, h, w, h);
    if (rc == ERR_OK)
        rc = svg_text(out, titel);
    if (rc == ERR_OK)
        rc = buf_puts(out, "</title><desc id=\"d\">");
    if (rc == ERR_OK)
        rc = svg_text(out, desc);
    if (rc == ERR_OK)
        rc = buf_puts(out, "</desc>");
    return rc;
}

int
svg_karte(struct buf *out, const struct geo_karte *k, const struct karte_wert *werte,
          size_t n_werte, const char *titel, int breite)
{
    double lat0 = (k->min_lat + k->max_lat) / 2 * M_PI / 180;
    double kx = cos(lat0), wgeo = (k->max_lon - k->min_lon) * kx, hgeo = k->max_lat - k->min_lat;
    if (breite < 100 || breite > 4000 || wgeo <= 0 || hgeo <= 0)
        return ERR_INVALID;
    int legende_breite = 150;
    double s = (breite - legende_breite - 20) / wgeo;
    int hoehe = (int)(hgeo * s) + 20;
    if (hoehe < 160)
        hoehe = 160;
    int rc = kopf(out, breite, hoehe, titel,
                  "Karte der Stadt- und Landkreise, eingefärbt nach dem Anteil der online "
                  "angebotenen OZG-Leistungen. Die Zahlen stehen in der Tabelle neben der Karte.");
    if (rc == ERR_OK)
        rc = buf_puts(out, "<g stroke=\"#ffffff\" stroke-width=\"0.8\" stroke-linejoin=\"round\">");
    /* two passes: the districts, then the outline of the highlighted one on top */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; rc == ERR_OK && i < k->n; i++) {
            const struct geo_flaeche *f = &k->flaechen[i];
            const struct karte_wert *w = wert_of(werte, n_werte, f->kreis_ags);
            int pm = w ? w->promille : -1;
            char pz[16];
            if (pass == 1 && !(w && w->hervorheben))
                continue;
            if (pass == 0)
                rc = buf_printf(out, "<path fill=\"%s\" d=\"", svg_karte_farbe(pm));
            else
                rc = buf_puts(out, "<path fill=\"none\" stroke=\"#d4002d\" stroke-width=\"2.5\" "
                                   "d=\"");
            for (size_t r = 0; rc == ERR_OK && r < f->n_ringe; r++) {
                const struct geo_ring *g = &f->ringe[r];
                for (size_t j = 0; rc == ERR_OK && j < g->n; j++) {
                    double x = 10 + (g->lonlat[2 * j] - k->min_lon) * kx * s;
                    double y = 10 + (k->max_lat - g->lonlat[2 * j + 1]) * s;
                    rc = buf_printf(out, "%s%.1f %.1f", j == 0 ? "M" : "L", x, y);
                }
                if (rc == ERR_OK)
                    rc = buf_putc(out, 'Z');
            }
            if (rc == ERR_OK && pass == 1) {
                rc = buf_puts(out, "\"/>");
                continue;
            }
            if (rc == ERR_OK)
                rc = buf_puts(out, "\" fill-rule=\"evenodd\"><title>");
            if (rc == ERR_OK)
                rc = svg_text(out, f->name);
            if (rc == ERR_OK && pm >= 0) {
                svg_prozent(pm, pz);
                rc = buf_printf(out, ": %s", pz);
            }
            if (rc == ERR_OK)
                rc = buf_puts(out, "</title></path>");
        }
    }
    if (rc == ERR_OK)
        rc = buf_puts(out, "</g>");
    if (rc == ERR_OK)
        rc = legende(out, breite - legende_breite + 5, 20);
    if (rc == ERR_OK)
        rc = buf_puts(out, "</svg>\n");
    return rc;
}

int
svg_kacheln(struct buf *out, const struct karte_wert *werte, const char *const *namen, size_t n,
            const char *titel)
{
    int spalten = 6, kw = 110, kh = 44;
    int zeilen = (int)((n + (size_t)spalten - 1) / (size_t)spalten);
    int breite = spalten * (kw + 4) + 170, hoehe = zeilen * (kh + 4) + 20;
    if (hoehe < 160)
        hoehe = 160;
    int rc = kopf(out, breite, hoehe, titel,
                  "Kachelkarte der Kreise, eingefärbt nach dem Anteil der online angebotenen "
                  "OZG-Leistungen. Die Zahlen stehen in der Tabelle neben der Karte.");
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        int x = 10 + (int)(i % (size_t)spalten) * (kw + 4),
            y = 10 + (int)(i / (size_t)spalten) * (kh + 4);
        int pm = werte[i].promille;
        char pz[16] = "";
        if (pm >= 0)
            svg_prozent(pm, pz);
        rc = buf_printf(out,
                        "<g><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>"
                        "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"11\" "
                        "fill=\"%s\">",
                        x, y, kw, kh, svg_karte_farbe(pm), x + 4, y + 16,
                        pm >= 600 ? "#ffffff" : "#1b1b1b");
        if (rc == ERR_OK)
            rc = svg_text(out, namen[i]);
        if (rc == ERR_OK)
            rc = buf_printf(out,
                            "</text><text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" "
                            "font-size=\"11\" fill=\"%s\">%s</text></g>",
                            x + 4, y + 34, pm >= 600 ? "#ffffff" : "#1b1b1b", pz);
    }
    if (rc == ERR_OK)
        rc = legende(out, breite - 160, 20);
    if (rc == ERR_OK)
        rc = buf_puts(out, "</svg>\n");
    return rc;
}
