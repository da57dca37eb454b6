#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "html/template.h"
#include "tap.h"
#include "util/embedded.h"

/* Parse `tpl` as template "t"; the result of template_set_add, errmsg in err. */
static int
parse_rc(const char *tpl, char *err, size_t err_len)
{
    struct template_set *ts = NULL;
    int rc = template_set_new(&ts);
    if (rc == ERR_OK)
        rc = template_set_add(ts, "t", tpl, strlen(tpl), err, err_len);
    template_set_free(ts);
    return rc;
}

static bool
parses(const char *tpl)
{
    char err[256];
    int rc = parse_rc(tpl, err, sizeof(err));
    if (rc != ERR_OK)
        fprintf(stderr, "  unexpected parse error: %s\n", err);
    return rc == ERR_OK;
}

/* True when `tpl` is rejected with ERR_INVALID and a message containing `why`. */
static bool
rejected(const char *tpl, const char *why)
{
    char err[256] = "";
    int rc = parse_rc(tpl, err, sizeof(err));
    if (rc != ERR_INVALID || !strstr(err, why)) {
        fprintf(stderr, "  '%s': rc %d, message '%s', wanted '%s'\n", tpl, rc, err, why);
        return false;
    }
    return true;
}

/* Add a template, printing the parse error if any. */
static int
add(struct template_set *ts, const char *name, const char *text)
{
    char err[256];
    int rc = template_set_add(ts, name, text, strlen(text), err, sizeof(err));
    if (rc != ERR_OK)
        fprintf(stderr, "  %s\n", err);
    return rc;
}

static int
add_quiet(struct template_set *ts, const char *name, const char *text)
{
    return template_set_add(ts, name, text, strlen(text), NULL, 0);
}

/* Render `tpl` with the JSON text `data` into a malloc'd string; NULL on any error. */
static char *
render(const char *tpl, const char *data)
{
    struct template_set *ts = NULL;
    struct buf out = BUF_INIT(1 << 20);
    json_t *j = NULL;
    char err[256] = "";
    char *res = NULL;

    if (template_set_new(&ts) != ERR_OK)
        return NULL;
    if (add(ts, "t", tpl) != ERR_OK) {
        fprintf(stderr, "  parse error: %s\n", err);
        goto out;
    }
    j = json_loads(data, 0, NULL);
    if (!j)
        goto out;
    if (template_render(ts, "t", j, &out) != ERR_OK)
        goto out;
    res = strdup(buf_cstr(&out));
out:
    json_decref(j);
    buf_free(&out);
    template_set_free(ts);
    return res;
}

static bool
renders(const char *tpl, const char *data, const char *want)
{
    char *got = render(tpl, data);
    bool ok = got && strcmp(got, want) == 0;
    if (!ok)
        fprintf(stderr, "  '%s' with %s:\n    got  '%s'\n    want '%s'\n", tpl, data,
                got ? got : "(error)", want);
    free(got);
    return ok;
}

static void
test_template_escapes_text(void)
{
    CHECK(renders("<p>{{x}}</p>", "{\"x\": \"<b>&\\\"'</b>\"}",
                  "<p>&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</p>"));
    CHECK(renders("<p>{{x}}</p>", "{\"x\": \"Grüß Gott = `ok`\"}", "<p>Grüß Gott = `ok`</p>"));
    CHECK(renders("<textarea>{{x}}</textarea>", "{\"x\": \"</textarea><script>\"}",
                  "<textarea>&lt;/textarea&gt;&lt;script&gt;</textarea>"));
    CHECK(renders("<title>{{x}}</title>", "{\"x\": \"a<b\"}", "<title>a&lt;b</title>"));
}

static void
test_template_escapes_attribute(void)
{
    CHECK(renders("<input value=\"{{x}}\">", "{\"x\": \"\\\" onfocus='a' `=\"}",
                  "<input value=\"&quot; onfocus&#61;&#39;a&#39; &#96;&#61;\">"));
    CHECK(renders("<input value='{{x}}'>", "{\"x\": \"a'b\"}", "<input value='a&#39;b'>"));
    CHECK(renders("<p class=\"a {{c}}\" title = \"{{t}}\">", "{\"c\": \"b\", \"t\": \"<x>\"}",
                  "<p class=\"a b\" title = \"&lt;x&gt;\">"));
}

static void
test_template_url_rejects_unsafe_scheme(void)
{
    const char *tpl = "<a href=\"{{u}}\">x</a>";
    CHECK(renders(tpl, "{\"u\": \"javascript:alert(1)\"}", "<a href=\"#invalid\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"JavaScript:alert(1)\"}", "<a href=\"#invalid\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \" javascript:alert(1)\"}", "<a href=\"#invalid\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"java\\tscript:alert(1)\"}", "<a href=\"#invalid\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"data:text/html,<b>\"}", "<a href=\"#invalid\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"vbscript:x\"}", "<a href=\"#invalid\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"/leistungen?q=a&b=c\"}",
                  "<a href=\"/leistungen?q&#61;a&amp;b&#61;c\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"https://service.bund.de/\"}",
                  "<a href=\"https://service.bund.de/\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"mailto:amt@example.org\"}",
                  "<a href=\"mailto:amt@example.org\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"tel:+497111234\"}", "<a href=\"tel:+497111234\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"seite/a:b\"}", "<a href=\"seite/a:b\">x</a>"));
    CHECK(renders(tpl, "{\"u\": \"#top\"}", "<a href=\"#top\">x</a>"));
    CHECK(renders("<form action=' {{u}}'>", "{\"u\": \"javascript:x\"}",
                  "<form action=' #invalid'>"));
    CHECK(renders("<img src=\"{{u}}\">", "{\"u\": \"x\\\"onerror=\"}",
                  "<img src=\"x&quot;onerror&#61;\">"));
}

static void
test_template_url_part_is_percent_encoded(void)
{
    CHECK(renders("<a href=\"/leistungen/{{id}}\">", "{\"id\": \"../x?y=\\\"<&#\"}",
                  "<a href=\"/leistungen/..%2Fx%3Fy%3D%22%3C%26%23\">"));
    CHECK(renders("<a href=\"/suche?q={{q}}&amp;s={{n}}\">", "{\"q\": \"Grüß Gott\", \"n\": 2}",
                  "<a href=\"/suche?q=Gr%C3%BC%C3%9F%20Gott&amp;s=2\">"));
    CHECK(renders("<a href=\"/a/{{x}}\">", "{\"x\": \"javascript:alert(1)\"}",
                  "<a href=\"/a/javascript%3Aalert%281%29\">"));
    /* a second slot is never at the start, even after an empty first one */
    CHECK(renders("<a href=\"{{a}}{{b}}\">", "{\"a\": \"\", \"b\": \"javascript:x\"}",
                  "<a href=\"javascript%3Ax\">"));
    /* after a section that may have written something, the value is not at its start */
    CHECK(
        renders("<a href=\"{{#if p}}/x/{{/if}}{{u}}\">", "{\"u\": \"a b\"}", "<a href=\"a%20b\">"));
    /* resources load path parts only */
    CHECK(renders("<script src=\"/static/app.js?v={{v}}\"></script>", "{\"v\": \"1&2\"}",
                  "<script src=\"/static/app.js?v=1%262\"></script>"));
}

static void
test_template_rejects_slot_in_script_and_style(void)
{
    CHECK(rejected("<script>var x = {{x}};</script>", "slot inside <script>"));
    CHECK(rejected("<SCRIPT type=\"module\">\n{{x}}</SCRIPT>", "t:2: slot inside <script>"));
    CHECK(rejected("<style>p { color: {{c}} }</style>", "slot inside <style>"));
    CHECK(rejected("<script>a</scripts>{{x}}</script>", "slot inside <script>"));
    CHECK(parses("<script>if (a </script > b) {}</script>{{x}}"));
    CHECK(rejected("<script><!-- </script>", "'<!--' inside <script>"));
    CHECK(rejected("<noscript><p>x</p></noscript>", "<noscript> is not supported"));
    CHECK(rejected("<xmp>{{x}}</xmp>", "slot inside <xmp>"));
    CHECK(rejected("<textarea></{{x}}</textarea>", "slot inside an end tag"));
    CHECK(parses("<script>var a = '<b>';</script ><p>{{x}}</p><style>a{}</style>{{y}}"));
    CHECK(parses("<script>{{#if dev}}var dev = 1;{{/if}}</script>"));
}

static void
test_template_rejects_slot_in_event_and_style_attributes(void)
{
    CHECK(rejected("<a onclick=\"go('{{x}}')\">", "slot in attribute 'onclick'"));
    CHECK(rejected("<body ONLOAD='{{x}}'>", "slot in attribute 'onload'"));
    CHECK(rejected("<p style=\"color: {{c}}\">", "slot in attribute 'style'"));
    CHECK(rejected("<iframe srcdoc=\"{{c}}\"></iframe>", "slot in attribute 'srcdoc'"));
    CHECK(rejected("<script src=\"{{u}}\"></script>", "start of a URL in <script>"));
    CHECK(rejected("<link rel=\"stylesheet\" href=\"{{u}}\">", "start of a URL in <link>"));
    CHECK(rejected("<base href=\"{{u}}\">", "start of a URL in <base>"));
}

static void
test_template_rejects_slot_in_unquoted_value_name_or_comment(void)
{
    CHECK(rejected("<input value={{x}}>", "unquoted attribute value"));
    CHECK(rejected("<input value=a{{x}}>", "unquoted attribute value"));
    CHECK(rejected("<input {{x}}>", "outside a quoted attribute value"));
    CHECK(rejected("<input data-{{x}}=\"1\">", "outside a quoted attribute value"));
    CHECK(rejected("<input value=\"1\"{{x}}>", "outside a quoted attribute value"));
    CHECK(rejected("<{{x}}>", "slot in a tag name"));
    CHECK(rejected("<h{{n}}>", "slot in a tag name"));
    CHECK(rejected("</{{x}}>", "slot in a tag name"));
    CHECK(rejected("<!-- {{x}} -->", "slot inside an HTML comment"));
    CHECK(rejected("<!-- a -- b --- {{x}} -->", "slot inside an HTML comment"));
    CHECK(rejected("<!DOCTYPE {{x}}>", "slot inside <!"));
    CHECK(rejected("<svg><text>x</text></svg>", "inline <svg> and <math> are not supported"));
    CHECK(rejected("<p><math></math></p>", "inline <svg> and <math> are not supported"));
    CHECK(rejected("<frameset></frameset>", "<frameset> is not supported"));
    CHECK(rejected("<select><title></title></select>", "inside <select>"));
    CHECK(rejected("<select>{{> optionen}}</select>", "partial outside element text or inside"));
    CHECK(rejected("<![CDATA[ x ]]>", "CDATA"));
    CHECK(rejected("<p>\n\n<a href=\"{{u}}:x\">", "t:3: ':' or '&' after a URL slot"));
    CHECK(rejected("<a href=\"{{u}}&#58;x\">", "after a URL slot"));
    /* comments end where browsers end them */
    CHECK(parses("<!-- a --!> {{x}} <!--> {{y}} <!---> {{z}} <!-- <!-- --> {{w}}"));
    CHECK(parses("<select><option>{{x}}</option></select><title>{{y}}</title>"));
    CHECK(parses("<a href=\"{{u}}/x\" title='{{t}}'>{{t}}</a>"));
}

static void
test_template_rejects_bad_syntax(void)
{
    CHECK(rejected("{{#if a}}x", "{{#if}} without {{/if}}"));
    CHECK(rejected("x{{/if}}", "{{/if}} without {{#if}}"));
    CHECK(rejected("{{#if a}}{{/each}}", "{{/each}} without {{#each}}"));
    CHECK(rejected("{{else}}", "{{else}} without"));
    CHECK(rejected("{{#if a}}{{else}}{{else}}{{/if}}", "{{else}} without"));
    CHECK(rejected("{{#with a}}{{/with}}", "unknown section 'with'"));
    CHECK(rejected("{{a..b}}", "bad path"));
    CHECK(rejected("{{a b}}", "bad path"));
    CHECK(rejected("{{@foo}}", "bad path"));
    CHECK(rejected("{{}}", "empty tag"));
    CHECK(rejected("{{{x}}}", "'{{{' is not supported"));
    CHECK(rejected("a\nb {{x", "t:2: '{{' without '}}'"));
    CHECK(rejected("{{> ../x}}", "bad partial name"));
    CHECK(rejected("<a href=\"{{> p}}\">", "partial outside element text"));
    CHECK(rejected("<p", "template ends inside a tag"));
    CHECK(rejected("<script>", "template ends inside a tag, a comment or <script>"));
    CHECK(rejected("<select>", "template ends inside <select>"));
    /* branches must leave the HTML context as they found it */
    CHECK(rejected("{{#if a}}<a href=\"{{/if}}\">", "context at {{/if}} differs"));
    CHECK(rejected("{{#if a}}<!-- x {{else}}-->{{/if}}", "context at {{else}} differs"));
    CHECK(rejected("{{#each a}}<script>{{/each}}</script>", "context at {{/each}} differs"));
    CHECK(rejected("<a o{{#if x}}nclick=\"{{y}}\"{{/if}}>", "put a space"));
    CHECK(rejected("<a {{#if x}}href{{/if}} =\"{{y}}\">", "unexpected '='"));
    CHECK(parses("<option value=\"1\" {{#if s}}selected{{/if}}>"));
    CHECK(parses("<option value=\"1\"{{#if s}} selected{{else}} x=\"{{y}}\"{{/if}}>"));
    CHECK(parses("<p class=\"a{{#if b}} b{{else}} c{{/if}}\">{{! a comment }}</p>"));
    CHECK(renders("a{{ ! comment with {{ and \"quotes\" }}b{{!x}}c", "{}", "abc"));
    CHECK(renders("{{ #if  x }}[{{ x }}]{{ / if }}", "{\"x\": 1}", "[1]"));
    CHECK(renders("{{#if\n x }}[{{ x }}]{{/if }}", "{\"x\": 1}", "[1]"));
}

static void
test_template_rejects_bad_text(void)
{
    char err[128] = "";
    struct template_set *ts = NULL;

    CHECK(rejected("a\n\xff", "t:2: invalid UTF-8"));
    CHECK(rejected("\xc0\xaf", "invalid UTF-8"));
    CHECK(rejected("\xed\xa0\x80", "invalid UTF-8"));
    CHECK(rejected("a\x01", "control character"));
    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(template_set_add(ts, "t", "a\0b", 3, err, sizeof(err)) == ERR_INVALID);
    CHECK(strstr(err, "NUL") != NULL);
    CHECK(add_quiet(ts, "../t", "a") == ERR_INVALID);
    CHECK(add_quiet(ts, "", "a") == ERR_INVALID);
    CHECK(add(ts, "t", "a") == ERR_OK);
    CHECK(add_quiet(ts, "t", "b") == ERR_CONFLICT);
    /* a short errmsg is truncated, not overrun */
    char small[6] = "xxxxx";
    CHECK(template_set_add(ts, "u", "{{", 2, small, sizeof(small)) == ERR_INVALID);
    CHECK(strlen(small) < sizeof(small));
    CHECK(template_set_add(ts, "v", "{{", 2, NULL, 0) == ERR_INVALID);
    CHECK(add(ts, "portal/start", "a") == ERR_OK);
    CHECK(add_quiet(ts, "portal/../x", "a") == ERR_INVALID);
    CHECK(add_quiet(ts, "/x", "a") == ERR_INVALID);
    CHECK(add_quiet(ts, "x/", "a") == ERR_INVALID);
    template_set_free(ts);
}

static void
test_template_if_else_truthiness(void)
{
    const char *tpl = "{{#if v}}T{{else}}F{{/if}}";
    CHECK(renders(tpl, "{\"v\": \"x\"}", "T"));
    CHECK(renders(tpl, "{\"v\": \"\"}", "F"));
    CHECK(renders(tpl, "{\"v\": 0}", "F"));
    CHECK(renders(tpl, "{\"v\": -1}", "T"));
    CHECK(renders(tpl, "{\"v\": 0.0}", "F"));
    CHECK(renders(tpl, "{\"v\": 0.5}", "T"));
    CHECK(renders(tpl, "{\"v\": true}", "T"));
    CHECK(renders(tpl, "{\"v\": false}", "F"));
    CHECK(renders(tpl, "{\"v\": null}", "F"));
    CHECK(renders(tpl, "{\"v\": []}", "F"));
    CHECK(renders(tpl, "{\"v\": [0]}", "T"));
    CHECK(renders(tpl, "{\"v\": {}}", "T"));
    CHECK(renders(tpl, "{}", "F"));
    CHECK(renders("{{#if a}}A{{#if b}}B{{/if}}{{/if}}", "{\"a\": 1, \"b\": 1}", "AB"));
    CHECK(renders("{{#if a.b}}yes{{/if}}", "{\"a\": {\"b\": true}}", "yes"));
}

static void
test_template_each_scopes_and_index(void)
{
    const char *data = "{\"gemeinde\": \"Ulm\", \"items\": [{\"name\": \"A\"}, "
                       "{\"name\": \"B\", \"gemeinde\": \"Bonn\"}, {\"name\": \"<C>\"}]}";
    CHECK(renders("<ul>{{#each items}}<li>{{@index}}/{{@number}} {{name}} {{gemeinde}}</li>"
                  "{{/each}}</ul>",
                  data,
                  "<ul><li>0/1 A Ulm</li><li>1/2 B Bonn</li><li>2/3 &lt;C&gt; Ulm</li></ul>"));
    CHECK(renders("{{#each items}}{{#if @first}}[{{/if}}{{name}}{{#if @last}}]{{else}},{{/if}}"
                  "{{/each}}",
                  data, "[A,B,&lt;C&gt;]"));
    CHECK(renders("{{#each xs}}{{.}};{{/each}}", "{\"xs\": [\"a\", 1, 2.5, null, true]}",
                  "a;1;2.5;;;"));
    CHECK(renders("{{#each m}}{{#each .}}{{@index}}{{.}} {{/each}}|{{/each}}",
                  "{\"m\": [[\"a\", \"b\"], [\"c\"]]}", "0a 1b |0c |"));
    CHECK(renders("{{#each xs}}x{{else}}leer{{/each}}", "{\"xs\": []}", "leer"));
    CHECK(renders("{{#each xs}}x{{else}}leer{{/each}}", "{\"xs\": \"no array\"}", "leer"));
    CHECK(renders("{{#each xs}}{{#if .}}{{.}}{{/if}}{{/each}}", "{\"xs\": [\"a\", \"\", \"b\"]}",
                  "ab"));
    CHECK(renders("{{@index}}{{#if @first}}x{{/if}}", "{}", ""));
    CHECK(renders("{{items.1.name}}", data, "B"));
    CHECK(renders("<select>{{#each xs}}<option value=\"{{id}}\"{{#if sel}} selected{{/if}}>"
                  "{{id}}</option>{{/each}}</select>",
                  "{\"xs\": [{\"id\": 1}, {\"id\": 2, \"sel\": true}]}",
                  "<select><option value=\"1\">1</option>"
                  "<option value=\"2\" selected>2</option></select>"));
}

static void
test_template_partials(void)
{
    struct template_set *ts = NULL;
    struct buf out = BUF_INIT(4096);
    json_t *data = json_pack("{s:s}", "titel", "Start");

    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(add(ts, "seite", "{{> kopf}}<main>{{titel}}</main>{{> fuss}}") == ERR_OK);
    CHECK(add(ts, "kopf", "<h1>{{titel}}</h1>") == ERR_OK);
    CHECK(add(ts, "ohne", "{{> gibtsnicht}}") == ERR_OK);
    CHECK(add(ts, "rekursiv", "x{{> rekursiv}}") == ERR_OK);
    CHECK(template_render(ts, "seite", data, &out) == ERR_NOTFOUND);
    CHECK(out.len == 0);
    CHECK(add(ts, "fuss", "<footer></footer>") == ERR_OK);
    CHECK(template_render(ts, "seite", data, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out), "<h1>Start</h1><main>Start</main><footer></footer>") == 0);
    buf_reset(&out);
    CHECK(template_render(ts, "ohne", data, &out) == ERR_NOTFOUND);
    CHECK(template_render(ts, "nichtda", data, &out) == ERR_NOTFOUND);
    CHECK(template_render(ts, "rekursiv", data, &out) == ERR_INVALID);
    CHECK(out.len == 0);

    /* a chain of exactly TEMPLATE_MAX_PARTIAL_DEPTH partials is fine, one more is not */
    char name[16], text[32];
    for (int i = 1; i <= TEMPLATE_MAX_PARTIAL_DEPTH + 2; i++) {
        snprintf(name, sizeof(name), "k%d", i);
        if (i <= TEMPLATE_MAX_PARTIAL_DEPTH + 1)
            snprintf(text, sizeof(text), "%d{{> k%d}}", i, i + 1);
        else
            snprintf(text, sizeof(text), "end");
        CHECK(add(ts, name, text) == ERR_OK);
    }
    CHECK(template_render(ts, "k2", data, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out), "234567891011121314151617end") == 0);
    buf_reset(&out);
    CHECK(template_render(ts, "k1", data, &out) == ERR_INVALID);

    json_decref(data);
    buf_free(&out);
    template_set_free(ts);
}

static void
test_template_missing_values_render_empty(void)
{
    CHECK(renders("[{{a}}|{{a.b.c}}|{{n}}|{{t}}|{{o}}|{{l}}|{{s.x}}]",
                  "{\"n\": null, \"t\": true, \"o\": {\"x\": 1}, \"l\": [1], \"s\": \"str\"}",
                  "[||||||]"));
    CHECK(renders("<a href=\"{{u}}\" title=\"{{t}}\">", "{}", "<a href=\"\" title=\"\">"));

    struct template_set *ts = NULL;
    struct buf out = BUF_INIT(64);
    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(add(ts, "t", "[{{x}}{{.}}]") == ERR_OK);
    CHECK(template_render(ts, "t", NULL, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out), "[]") == 0);
    buf_free(&out);
    template_set_free(ts);
}

static void
test_template_numbers(void)
{
    CHECK(renders("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                  "{\"a\": 42, \"b\": -7, \"c\": 3.14159, \"d\": 2.5, \"e\": 2.0, \"f\": -0.001, "
                  "\"g\": 9223372036854775807}",
                  "42 -7 3.14 2.5 2 0 9223372036854775807"));
    CHECK(renders("<a href=\"/x/{{n}}\" data-n=\"{{r}}\">{{r}} {{b}}</a>",
                  "{\"n\": 12, \"r\": 1234567.891, \"b\": 1e15}",
                  "<a href=\"/x/12\" data-n=\"1234567.89\">1234567.89 1000000000000000</a>"));
    /* the largest double still fits */
    char *big = render("{{x}}", "{\"x\": 1.7976931348623157e308}");
    CHECK(big && strlen(big) == 309);
    free(big);
}

static void
test_template_safe_fragments(void)
{
    struct template_set *ts = NULL;
    struct buf out = BUF_INIT(4096);
    json_t *frag = NULL, *data = NULL, *forged = NULL;

    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(add(ts, "karte", "<div class=\"kern-card\">{{t}}</div>") == ERR_OK);
    const char *page = "<main>{{inhalt}}</main><p title=\"{{inhalt}}\"></p>{{#if inhalt}}!{{/if}}";
    CHECK(add(ts, "seite", page) == ERR_OK);

    data = json_pack("{s:s}", "t", "<i>");
    CHECK(template_render_to_safe(ts, "karte", data, 4096, &frag) == ERR_OK);
    json_decref(data);
    data = json_object();
    CHECK(data && frag && json_object_set_new(data, "inhalt", frag) == 0);
    CHECK(template_render(ts, "seite", data, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out),
                 "<main><div class=\"kern-card\">&lt;i&gt;</div></main>"
                 "<p title=\"&lt;div class&#61;&quot;kern-card&quot;&gt;&amp;lt;i&amp;gt;&lt;/div"
                 "&gt;\"></p>!") == 0);
    json_decref(data);

    /* look-alikes from outside are plain objects and render nothing */
    buf_reset(&out);
    forged =
        json_loads("{\"inhalt\": {\"rathaus-safe-html\": \"<b>\", \"__html\": \"<b>\"}}", 0, NULL);
    CHECK(forged != NULL);
    CHECK(template_render(ts, "seite", forged, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out), "<main></main><p title=\"\"></p>!") == 0);
    json_decref(forged);
    CHECK(json_loads("{\"\\u0000rathaus-safe-html\": \"<b>\"}", 0, NULL) == NULL);

    /* limits and errors */
    frag = NULL;
    CHECK(template_render_to_safe(ts, "karte", NULL, 10, &frag) == ERR_LIMIT);
    CHECK(frag == NULL);
    CHECK(template_render_to_safe(ts, "fehlt", NULL, 10, &frag) == ERR_NOTFOUND);
    CHECK(frag == NULL);

    buf_free(&out);
    template_set_free(ts);
}

static void
test_template_invalid_utf8_in_data(void)
{
    struct template_set *ts = NULL;
    struct buf out = BUF_INIT(4096);
    json_t *data = json_object();
    const char *tpl = "{{s}}|<a title=\"{{s}}\" href=\"/{{s}}\">";

    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(add(ts, "t", tpl) == ERR_OK);
    /* jansson refuses bad UTF-8 from json_string(); the _nocheck calls let it through */
    CHECK(json_object_set_new(data, "s", json_stringn_nocheck("a\xff\xc3\xa4\xe2\x82\0z", 8)) == 0);
    CHECK(template_render(ts, "t", data, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out),
                 "a\xef\xbf\xbd\xc3\xa4\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz|"
                 "<a title=\"a\xef\xbf\xbd\xc3\xa4\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
                 "\xbdz\" href=\"/a%EF%BF%BD%C3%A4%EF%BF%BD%EF%BF%BD%EF%BF%BDz\">") == 0);
    json_decref(data);
    buf_free(&out);
    template_set_free(ts);
}

static void
test_template_output_limit(void)
{
    struct template_set *ts = NULL;
    struct buf out = BUF_INIT(20);
    json_t *data = json_pack("{s:s}", "x", "<<<<<<");

    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(add(ts, "t", "<p>{{x}}</p>") == ERR_OK);
    CHECK(buf_puts(&out, "head") == ERR_OK);
    CHECK(template_render(ts, "t", data, &out) == ERR_LIMIT);
    CHECK(strcmp(buf_cstr(&out), "head") == 0);
    out.max = 100;
    CHECK(template_render(ts, "t", data, &out) == ERR_OK);
    CHECK(strcmp(buf_cstr(&out), "head<p>&lt;&lt;&lt;&lt;&lt;&lt;</p>") == 0);
    json_decref(data);
    buf_free(&out);
    template_set_free(ts);
}

static void
test_template_load_embedded(void)
{
    struct template_set *ts = NULL;
    char err[256] = "";

    CHECK(template_set_new(&ts) == ERR_OK);
    int rc = template_set_load_embedded(ts, err, sizeof(err));
    if (rc != ERR_OK)
        fprintf(stderr, "  %s\n", err);
    CHECK(rc == ERR_OK);
    /* every html/templates/X.html is there as X: adding X again conflicts */
    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        size_t n = strlen(f->name);
        if (strncmp(f->name, "html/templates/", 15) != 0 || n <= 20 ||
            strcmp(f->name + n - 5, ".html") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof(name), "%.*s", (int)(n - 20), f->name + 15);
        CHECK(template_set_add(ts, name, "", 0, NULL, 0) == ERR_CONFLICT);
    }
    template_set_free(ts);
}

struct thread_arg {
    const struct template_set *ts;
    const json_t *data;
    const char *want;
    int failures;
};

static void *
render_many(void *p)
{
    struct thread_arg *a = p;
    struct buf out = BUF_INIT(1 << 16);
    for (int i = 0; i < 2000; i++) {
        buf_reset(&out);
        if (template_render(a->ts, "liste", a->data, &out) != ERR_OK ||
            strcmp(buf_cstr(&out), a->want) != 0)
            a->failures++;
    }
    buf_free(&out);
    return NULL;
}

static void
test_template_renders_from_many_threads(void)
{
    struct template_set *ts = NULL;
    const char *tpl = "{{> kopf}}<ul>{{#each xs}}<li><a href=\"/l/{{id}}\">{{name}}</a></li>"
                      "{{/each}}</ul>";
    json_t *data = json_loads("{\"t\": \"Liste\", \"xs\": [{\"id\": \"a b\", \"name\": \"<A>\"}, "
                              "{\"id\": 7, \"name\": \"B\"}]}",
                              0, NULL);
    const char *want = "<h1>Liste</h1><ul><li><a href=\"/l/a%20b\">&lt;A&gt;</a></li>"
                       "<li><a href=\"/l/7\">B</a></li></ul>";
    struct thread_arg args[4];
    pthread_t th[4];

    CHECK(template_set_new(&ts) == ERR_OK);
    CHECK(add(ts, "liste", tpl) == ERR_OK);
    CHECK(add(ts, "kopf", "<h1>{{t}}</h1>") == ERR_OK);
    for (int i = 0; i < 4; i++) {
        args[i] = (struct thread_arg){ts, data, want, 0};
        CHECK(pthread_create(&th[i], NULL, render_many, &args[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        CHECK(pthread_join(th[i], NULL) == 0);
        CHECK(args[i].failures == 0);
    }
    json_decref(data);
    template_set_free(ts);
}

int
main(void)
{
    TEST(test_template_escapes_text);
    TEST(test_template_escapes_attribute);
    TEST(test_template_url_rejects_unsafe_scheme);
    TEST(test_template_url_part_is_percent_encoded);
    TEST(test_template_rejects_slot_in_script_and_style);
    TEST(test_template_rejects_slot_in_event_and_style_attributes);
    TEST(test_template_rejects_slot_in_unquoted_value_name_or_comment);
    TEST(test_template_rejects_bad_syntax);
    TEST(test_template_rejects_bad_text);
    TEST(test_template_if_else_truthiness);
    TEST(test_template_each_scopes_and_index);
    TEST(test_template_partials);
    TEST(test_template_missing_values_render_empty);
    TEST(test_template_numbers);
    TEST(test_template_safe_fragments);
    TEST(test_template_invalid_utf8_in_data);
    TEST(test_template_output_limit);
    TEST(test_template_load_embedded);
    TEST(test_template_renders_from_many_threads);
    return tap_done();
}
