package io.sluice.console.web;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web apps as built into the jar: every asset is bundled (nothing from another host) and the JavaScript a page loads
 * before its first paint (its module script and the chunks it preloads) stays under 200 KB gzipped.
 */
class WebBundleTest {

    private static final long FIRST_PAINT_BUDGET = 200 * 1024;

    @Test
    void the_dashboard_first_paint_is_under_200_kb_of_gzipped_javascript() throws IOException {
        long size = firstPaintJavaScript("dashboard.html");
        System.out.println("dashboard first paint: " + size + " bytes of gzipped JavaScript");
        assertThat(size).isPositive().isLessThan(FIRST_PAINT_BUDGET);
    }

    @Test
    void the_portal_first_paint_is_under_200_kb_of_gzipped_javascript() throws IOException {
        long size = firstPaintJavaScript("portal.html");
        System.out.println("portal first paint: " + size + " bytes of gzipped JavaScript");
        assertThat(size).isPositive().isLessThan(FIRST_PAINT_BUDGET);
    }

    @Test
    void pages_load_nothing_from_other_hosts() throws IOException {
        for (String page : List.of("dashboard.html", "portal.html")) {
            String html = resource(page);
            assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");
            assertThat(html).doesNotContain("<script>").as("no inline script: the pages' CSP allows only 'self'");
        }
    }

    private static long firstPaintJavaScript(String page) throws IOException {
        String html = resource(page);
        List<String> scripts = new ArrayList<>();
        Matcher m = Pattern.compile("<(?:script[^>]*\\ssrc|link[^>]*rel=\"modulepreload\"[^>]*\\shref)=\"(/assets/[^\"]+\\.js)\"").matcher(html);
        while (m.find()) {
            scripts.add(m.group(1));
        }
        assertThat(scripts).as("the scripts of " + page).isNotEmpty();
        long total = 0;
        for (String script : scripts) {
            total += gzipped(bytes(script.substring(1)));
        }
        return total;
    }

    private static String resource(String name) throws IOException {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = WebBundleTest.class.getClassLoader().getResourceAsStream(SpaPages.ROOT + "/" + name)) {
            assertThat(in).as(SpaPages.ROOT + "/" + name + " in the jar (built by web/build.sh; not with -Dconsole.web.skip=true)").isNotNull();
            return in.readAllBytes();
        }
    }

    private static long gzipped(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        }
        return out.size();
    }
}
