#include "formats/svg_diagramm.h"

#include <stdio.h>

#include "formats/svg_xml.h"

static int
kopf(struct buf *out, int w, int h, const char *titel, const char *desc)
{
    int rc = buf_printf(out,
                        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"t d\" "
                        "font-family=\"sans-serif\" font-size=\"12\"><title id=\"t\">",
                        w, h, w, h);
    if (rc == ERR_OK)
        rc = svg_text(out, titel);
    if (rc == ERR_OK)
        rc = buf_puts(out, "</title><desc id=\"d\">");
    if (rc == ERR_OK)
        rc = svg_text(out, desc);
    if (rc == ERR_OK)
        rc = buf_puts(out, "</desc><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    return rc;
}

int
svg_balken(struct buf *out, const struct balken *b, size_t n, const char *titel)
{
    int label_w = 230, bar_w = 380, zeile = 20;
    if (n > 200)
        return ERR_LIMIT;
    int h = (int)n * zeile + 40;
    int rc = kopf(out, label_w + bar_w + 70, h, titel,
                  "Balkendiagramm: Anteil der online angebotenen OZG-Leistungen. Die Zahlen "
                  "stehen in der Tabelle unter dem Diagramm.");
    for (int t = 0; rc == ERR_OK && t <= 4; t++) {
        int x = label_w + t * bar_w / 4;
        rc = buf_printf(out,
                        "<line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%d\" stroke=\"#cccccc\"/>"
                        "<text x=\"%d\" y=\"14\" text-anchor=\"middle\" fill=\"#1b1b1b\">%d "
                        "%%</text>",
                        x, x, h - 10, x, t * 25);
    }
    for (size_t i = 0; rc == ERR_OK && i < n; i++) {
        int y = 24 + (int)i * zeile, pm = b[i].promille < 0      ? 0
                                          : b[i].promille > 1000 ? 1000
                                                                 : b[i].promille;
        char pz[16];
        svg_prozent(pm, pz);
        rc = buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1b1b\">",
                        label_w - 6, y + 12);
        if (rc == ERR_OK)
            rc = svg_text(out, b[i].label);
        if (rc == ERR_OK)
            rc = buf_printf(out,
                            "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"14\" "
                            "fill=\"#3182bd\"><title>",
                            label_w, y + 2, pm * bar_w / 1000);
        if (rc == ERR_OK)
            rc = svg_text(out, b[i].label);
        if (rc == ERR_OK)
            rc = buf_printf(out,
                            ": %s</title></rect><text x=\"%d\" y=\"%d\" fill=\"#1b1b1b\">%s</text>",
                            pz, label_w + pm * bar_w / 1000 + 4, y + 12, pz);
    }
    if (rc == ERR_OK)
        rc = buf_puts(out, "</svg>\n");
    return rc;
}

int
svg_linie(struct buf *out, const struct linienpunkt *p, size_t n, const char *titel,
          const char *y_label)
{
    int w = 680, h = 300, l = 70, r = 20, t = 30, bo = 50;
    int64_t max = 1;
    if (n > 400)
        return ERR_LIMIT;
    for (size_t i = 0; i < n; i++)
        if (p[i].wert > max)
            max = p[i].wert;
    int rc = kopf(out, w, h, titel,
                  "Liniendiagramm: Zahl der online angebotenen Leistungen je Quartal. Die Zahlen "
                  "stehen in der Tabelle unter dem Diagramm.");
    if (rc == ERR_OK)
        rc = buf_printf(out,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1b1b1b\"/>"
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#1b1b1b\"/>"
                        "<text x=\"%d\" y=\"%d\" fill=\"#1b1b1b\">",
                        l, t, l, h - bo, l, h - bo, w - r, h - bo, 4, 18);
    if (rc == ERR_OK)
        rc = svg_text(out, y_label);
    if (rc == ERR_OK)
        rc = buf_printf(out,
                        "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1b1b\">%lld"
                        "</text><text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#1b1b1b\">0"
                        "</text>",
                        l - 4, t + 4, (long long)max, l - 4, h - bo + 4);
    if (rc == ERR_OK && n > 0)
        rc = buf_puts(out,
                      "<polyline fill=\"none\" stroke=\"#08519c\" stroke-width=\"2\" points=\"");
    double dx = n > 1 ? (double)(w - l - r) / (double)(n - 1) : 0;
    for (size_t i = 0; rc == ERR_OK && i < n; i++)
        rc = buf_printf(out, "%.1f,%.1f ", l + dx * (double)i,
                        (double)(h - bo) - (double)p[i].wert * (h - bo - t) / (double)max);
    if (rc == ERR_OK && n > 0)
        rc = buf_puts(out, "\"/>");
    size_t step = n > 12 ? (n + 11) / 12 : 1;
    for (size_t i = 0; rc == ERR_OK && i < n; i += step) {
        rc = buf_printf(out,
                        "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#1b1b1b\" "
                        "font-size=\"11\">",
                        l + dx * (double)i, h - bo + 18);
        if (rc == ERR_OK)
            rc = svg_text(out, p[i].label);
        if (rc == ERR_OK)
            rc = buf_puts(out, "</text>");
    }
    if (rc == ERR_OK)
        rc = buf_puts(out, "</svg>\n");
    return rc;
}
