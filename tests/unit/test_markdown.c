/* Tests of formats/markdown.h together with the templates that render it
 * (koordination/md_bloecke, md_inline): Markdown becomes safe HTML, raw HTML and unsafe links
 * never reach the page, deep nesting is flattened. */
#include <stdio.h>
#include <string.h>

#include "formats/markdown.h"
#include "html/template.h"
#include "tap.h"

static struct template_set *ts;

/* The HTML of `md` in a static buffer ("" on failure, with a failed check). */
static const char *
render(const char *md)
{
    static char out[1 << 16];
    json_t *blocks = NULL;
    struct buf b = BUF_INIT(1 << 20);
    out[0] = '\0';
    int rc = markdown_json(md, strlen(md), &blocks);
    CHECK(rc == ERR_OK);
    if (rc != ERR_OK)
        return out;
    json_t *data = json_pack("{s:o}", "c", blocks);
    rc = template_render(ts, "koordination/md_bloecke", data, &b);
    CHECK(rc == ERR_OK);
    if (rc == ERR_OK)
        snprintf(out, sizeof(out), "%s", buf_cstr(&b));
    json_decref(data);
    buf_free(&b);
    return out;
}

static void
test_markdown_renders_common_blocks_and_inlines(void)
{
    const char *h = render("# Titel\n\nEin **fetter** und *kursiver* Text mit `code`.\n\n"
                           "- eins\n- zwei\n\n1. a\n2. b\n\n> Zitat\n\n```\nx < y\n```\n\n---\n");
    CHECK(strstr(h, "<h2 class=\"kern-heading-medium\">Titel</h2>") != NULL);
    CHECK(strstr(h, "<strong>fetter</strong>") != NULL);
    CHECK(strstr(h, "<em>kursiver</em>") != NULL);
    CHECK(strstr(h, "<code>code</code>") != NULL);
    CHECK(strstr(h, "<ul class=\"kern-list\"><li><p class=\"kern-body\">eins</p>") != NULL);
    CHECK(strstr(h, "<ol class=\"kern-list\">") != NULL);
    CHECK(strstr(h, "<blockquote>") != NULL);
    CHECK(strstr(h, "<pre><code>x &lt; y\n</code></pre>") != NULL);
    CHECK(strstr(h, "<hr>") != NULL);
    CHECK(strstr(h, "<a class=\"kern-link\" href=\"https://www.service-bw.de/\">service-bw</a>") ==
          NULL);
    h = render("Siehe [service-bw](https://www.service-bw.de/) und <https://fitko.de>.");
    CHECK(strstr(h, "<a class=\"kern-link\" href=\"https://www.service-bw.de/\">service-bw</a>") !=
          NULL);
    CHECK(strstr(h, "href=\"https://fitko.de\"") != NULL);
}

static void
test_markdown_drops_raw_html_and_unsafe_links(void)
{
    const char *h = render("<script>alert(1)</script>\n\nText <b onclick=\"x()\">fett</b> "
                           "[klick](javascript:alert(1)) ![bild](https://evil.example/x.png) "
                           "[daten](data:text/html;base64,PHNjcmlwdD4=) <img src=x onerror=y>");
    CHECK(strstr(h, "<script") == NULL);
    CHECK(strstr(h, "onclick") == NULL);
    CHECK(strstr(h, "onerror") == NULL);
    CHECK(strstr(h, "javascript:") == NULL);
    CHECK(strstr(h, "data:") == NULL);
    CHECK(strstr(h, "<img") == NULL);
    CHECK(strstr(h, "klick") != NULL && strstr(h, "bild") != NULL); /* the text stays */
    h = render("[x](https://a.example/?q=\"><script>)");
    CHECK(strstr(h, "<script>") == NULL);
    h = render("Text mit &lt;b&gt; und < und \"Anführung\"");
    CHECK(strstr(h, "&lt;b&gt;") != NULL);
    CHECK(strstr(h, "<b>") == NULL);
}

static void
test_markdown_flattens_deep_nesting_and_checks_input(void)
{
    char deep[4096] = "";
    for (int i = 0; i < 40; i++)
        memcpy(deep + 2 * i, "> ", 3);
    snprintf(deep + 80, sizeof(deep) - 80, "- a\n  - b\n    - **c *d* e**\n");
    const char *h = render(deep);
    CHECK(strstr(h, "c d e") != NULL || strstr(h, "c") != NULL);
    json_t *j = NULL;
    CHECK(markdown_json("a\0b", 3, &j) == ERR_INVALID);
    CHECK(markdown_json("\xff\xfe", 2, &j) == ERR_INVALID);
    struct buf b = BUF_INIT(1 << 16);
    CHECK(markdown_text("# A\n\nB *c*", 10, &b) == ERR_OK);
    CHECK(strstr(buf_cstr(&b), "A\n") != NULL && strstr(buf_cstr(&b), "B c") != NULL);
    buf_free(&b);
}

int
main(void)
{
    char err[256];
    if (template_set_new(&ts) != ERR_OK ||
        template_set_load_embedded(ts, err, sizeof(err)) != ERR_OK) {
        printf("not ok - templates: %s\n", err);
        return 1;
    }
    TEST(test_markdown_renders_common_blocks_and_inlines);
    TEST(test_markdown_drops_raw_html_and_unsafe_links);
    TEST(test_markdown_flattens_deep_nesting_and_checks_input);
    template_set_free(ts);
    return tap_done();
}
