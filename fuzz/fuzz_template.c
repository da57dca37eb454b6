/* libFuzzer harness for the template engine.
 *
 * Input: template text, a NUL byte, then a JSON document (json_loadb, any value). The text is
 * added as templates "t" and "p" (so "{{> t}}" and "{{> p}}" recurse), rendered with the data,
 * rendered again as a safe fragment placed in the data as "frag", and rendered once more.
 * Beyond the sanitizers the harness checks that every output is valid UTF-8 without NUL. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "html/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_output(const struct buf *out)
{
    /* json_stringn validates UTF-8 */
    json_t *s = json_stringn(buf_cstr(out), out->len);
    if (!s || memchr(buf_cstr(out), '\0', out->len))
        abort();
    json_decref(s);
}

static void
render_checked(const struct template_set *ts, const json_t *j)
{
    struct buf out = BUF_INIT(256 * 1024);
    int rc = template_render(ts, "t", j, &out);
    if (rc != ERR_OK && out.len != 0)
        abort(); /* a failed render leaves the buffer as it was */
    check_output(&out);
    buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const uint8_t *sep = memchr(data, 0, size);
    size_t text_len = sep ? (size_t)(sep - data) : size;
    struct template_set *ts = NULL;
    json_t *j = NULL, *frag = NULL;
    char err[128];

    if (template_set_new(&ts) != ERR_OK)
        return 0;
    if (template_set_add(ts, "t", text, text_len, err, sizeof(err)) != ERR_OK ||
        template_set_add(ts, "p", text, text_len, err, sizeof(err)) != ERR_OK)
        goto out;
    if (sep)
        j = json_loadb((const char *)sep + 1, size - text_len - 1, JSON_DECODE_ANY, NULL);
    render_checked(ts, j);
    if (template_render_to_safe(ts, "t", j, 64 * 1024, &frag) == ERR_OK) {
        if (json_is_object(j))
            RH_IGNORE(json_object_set_new(j, "frag", frag)); /* failure frees frag */
        else
            json_decref(frag);
        render_checked(ts, j);
    }
out:
    json_decref(j);
    template_set_free(ts);
    return 0;
}
