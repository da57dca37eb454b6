#include "formats/svg_xml.h"

#include <stdio.h>

int
svg_text(struct buf *out, const char *s)
{
    int rc = ERR_OK;
    for (const char *p = s; rc == ERR_OK && p && *p; p++) {
        switch (*p) {
        case '&':
            rc = buf_puts(out, "&amp;");
            break;
        case '<':
            rc = buf_puts(out, "&lt;");
            break;
        case '>':
            rc = buf_puts(out, "&gt;");
            break;
        case '"':
            rc = buf_puts(out, "&quot;");
            break;
        case '\'':
            rc = buf_puts(out, "&apos;");
            break;
        default:
            if ((unsigned char)*p < 0x20 && *p != '\t' && *p != '\n')
                rc = buf_putc(out, ' ');
            else
                rc = buf_putc(out, *p);
        }
    }
    return rc;
}

void
svg_prozent(int promille, char out[16])
{
    if (promille < 0)
        promille = 0;
    snprintf(out, 16, "%d,%d %%", promille / 10, promille % 10);
}
