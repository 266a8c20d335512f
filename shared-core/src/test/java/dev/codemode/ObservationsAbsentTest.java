package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.codemode.catalog.FunctionToolSource;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: a host built without a registry must run with no Micrometer
 * class on the class path at all. The test class path is loaded again in a class loader that leaves
 * out every {@code io/micrometer} jar, and a host is built and used there.
 */
class ObservationsAbsentTest {

    @Test
    void should_build_and_run_scripts_without_micrometer_on_the_class_path() throws Exception {
        List<URL> urls = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.replace('\\', '/').contains("/io/micrometer/")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        try (URLClassLoader hidden = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> hidden.loadClass("io.micrometer.observation.ObservationRegistry"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> host = hidden.loadClass(WithoutMicrometer.class.getName());
            assertThat(host.getClassLoader()).isSameAs(hidden);

            Object answer = host.getMethod("run").invoke(null);

            assertThat(answer).isEqualTo("{\"result\": {\"id\":\"c1\"}, \"listing\": true}");
        }
    }

    /** Loaded in the class loader without Micrometer: the whole path of a script and a listing. */
    public static final class WithoutMicrometer {
        public static String run() {
            FunctionToolSource crm = FunctionToolSource.builder("crm")
                    .tool("lookup", "Look up.", Map.of("type", "object"), a -> Map.of("id", a.get("id"))).build();
            try (CodeMode codeMode = CodeMode.builder().toolSources(crm).autoExecute("crm.*")
                    .directTools("crm.lookup").build()) {
                String script = codeMode.execute("result = crm.lookup(id=\"c1\")", null).render(1000);
                boolean listing = codeMode.call("listToolFiles", Map.of()).text().contains("crm");
                boolean direct = codeMode.call("crm__lookup", Map.of("id", "c2")).text().contains("c2");
                return "{\"result\": " + script.substring(script.indexOf(":") + 1, script.indexOf("}") + 1).trim()
                        + ", \"listing\": " + (listing && direct) + "}";
            }
        }
    }
}
