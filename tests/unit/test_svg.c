/* Tests of the Lagebild's images: formats/geojson.h (the real district boundaries from
 * ../shared/data/geo when present), formats/svg_karte.h and formats/svg_diagramm.h. */
#include <stdio.h>
#include <string.h>

#include "formats/geojson.h"
#include "formats/svg_diagramm.h"
#include "formats/svg_karte.h"
#include "tap.h"

static void
test_geojson_reads_the_44_districts_and_draws_the_map(void)
{
    struct arena *a = arena_new(64u << 20);
    struct geo_karte k;
    struct buf b = BUF_INIT(8u << 20);
    int rc = geojson_kreise_datei(a, tap_shared("geo/bw-kreise.geojson"), &k);
    if (rc == ERR_NOTFOUND) {
        printf("# no shared/data/geo: skipped\n");
        arena_free(a);
        return;
    }
    CHECK(rc == ERR_OK && k.n == 44);
    CHECK(k.min_lon > 7 && k.max_lon < 11 && k.min_lat > 47 && k.max_lat < 50);
    struct karte_wert w[2] = {{"08115", 950, 1}, {"08111", 100, 0}};
    CHECK(svg_karte(&b, &k, w, 2, "Karte <Test> & \"mehr\"", 720) == ERR_OK);
    const char *s = buf_cstr(&b);
    CHECK(strstr(s, "<title id=\"t\">Karte &lt;Test&gt; &amp; &quot;mehr&quot;</title>") != NULL);
    CHECK(strstr(s, "<title>Böblingen: 95,0 %</title>") != NULL);
    CHECK(strstr(s, "stroke=\"#d4002d\"") != NULL);
    size_t paths = 0;
    for (const char *p = strstr(s, "<path"); p; p = strstr(p + 1, "<path"))
        paths++;
    CHECK(paths == 45); /* 44 districts and the outline of the highlighted one */
    buf_free(&b);
    arena_free(a);
}

static void
test_geojson_rejects_malformed_input(void)
{
    struct arena *a = arena_new(1 << 20);
    struct geo_karte k;
    static const char *const bad[] = {
        "",
        "[]",
        "{\"type\":\"FeatureCollection\",\"features\":[]}",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"kreis_ags\":\"0811\","
        "\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[]}}]}",
        "{\"type\":\"FeatureCollection\",\"features\":[{\"properties\":{\"kreis_ags\":\"08115\","
        "\"name\":\"x\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[1,2],[3,4],[5,6],"
        "[999,1]]]}}]}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK(geojson_kreise(a, bad[i], strlen(bad[i]), &k) == ERR_INVALID);
    arena_free(a);
}

static void
test_svg_tiles_and_charts_escape_labels(void)
{
    struct buf b = BUF_INIT(1 << 20);
    struct karte_wert w[2] = {{"08115", 700, 0}, {"08116", -1, 0}};
    const char *namen[2] = {"Böblingen", "Esslingen <&>"};
    CHECK(svg_kacheln(&b, w, namen, 2, "Kacheln") == ERR_OK);
    CHECK(strstr(buf_cstr(&b), "Esslingen &lt;&amp;&gt;") != NULL);
    CHECK(strstr(buf_cstr(&b), "70,0 %") != NULL);
    buf_reset(&b);
    struct balken bl[2] = {{"Familie & Kind", 425}, {"<script>", 1200}};
    CHECK(svg_balken(&b, bl, 2, "Balken") == ERR_OK);
    CHECK(strstr(buf_cstr(&b), "Familie &amp; Kind") != NULL);
    CHECK(strstr(buf_cstr(&b), "<script>") == NULL);
    CHECK(strstr(buf_cstr(&b), "100,0 %") != NULL); /* clamped */
    buf_reset(&b);
    struct linienpunkt lp[2] = {{"2024 Q1", 3}, {"2024 Q2", 7}};
    CHECK(svg_linie(&b, lp, 2, "Linie", "online") == ERR_OK);
    CHECK(strstr(buf_cstr(&b), "<polyline") != NULL);
    buf_free(&b);
}

int
main(void)
{
    TEST(test_geojson_reads_the_44_districts_and_draws_the_map);
    TEST(test_geojson_rejects_malformed_input);
    TEST(test_svg_tiles_and_charts_escape_labels);
    return tap_done();
}
