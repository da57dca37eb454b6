/* libFuzzer harness: Markdown (formats/markdown.h) into the JSON tree and through the
 * templates that render it, plus the plain-text form. Checks that no raw "<script" or an
 * event handler attribute ever reaches the HTML. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/markdown.h"
#include "html/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct template_set *ts;

/* True when some tag in `h` has an attribute whose name starts with "on" (an event handler),
 * or a <script> element. Attribute values are skipped as the browser would: text such as
 * " onerror=" inside a quoted value is harmless. */
static int
has_handler(const char *h)
{
    for (const char *p = h; (p = strchr(p, '<')) != NULL;) {
        p++;
        if (strncmp(p, "script", 6) == 0)
            return 1;
        while (*p && *p != '>' && *p != ' ')
            p++; /* tag name */
        while (*p && *p != '>') {
            while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '/')
                p++;
            if ((p[0] == 'o' || p[0] == 'O') && (p[1] == 'n' || p[1] == 'N'))
                return 1;
            while (*p && *p != '=' && *p != ' ' && *p != '>')
                p++; /* attribute name */
            if (*p == '=') {
                p++;
                char q = *p;
                if (q == '"' || q == '\'') {
                    const char *end = strchr(p + 1, q);
                    if (!end)
                        return 0;
                    p = end + 1;
                } else {
                    while (*p && *p != ' ' && *p != '>')
                        p++;
                }
            }
        }
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    json_t *blocks = NULL;
    if (!ts && (template_set_new(&ts) != ERR_OK ||
                template_set_load_embedded(ts, err, sizeof(err)) != ERR_OK))
        abort();
    struct buf text = BUF_INIT(1 << 22);
    RH_IGNORE(markdown_text((const char *)data, size, &text)); /* errors are fine */
    buf_free(&text);
    if (markdown_json((const char *)data, size, &blocks) != ERR_OK)
        return 0;
    json_t *doc = json_pack("{s:o}", "c", blocks);
    struct buf html = BUF_INIT(1 << 24);
    if (doc && template_render(ts, "koordination/md_bloecke", doc, &html) == ERR_OK) {
        const char *h = buf_cstr(&html);
        if (has_handler(h) || strstr(h, "href=\"javascript:") || strstr(h, "src=\"javascript:"))
            abort();
    }
    buf_free(&html);
    json_decref(doc);
    return 0;
}
