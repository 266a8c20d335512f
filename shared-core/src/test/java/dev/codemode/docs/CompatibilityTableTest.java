package dev.codemode.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The README's "Install" section states what the project is built and tested with; the root pom.xml's
 * properties are where those versions are set. This test fails when the two differ, when a Code Mode
 * coordinate in the README names another version than the build's, or when a consumer project is not
 * on the build's versions.
 */
class CompatibilityTableTest {

    private static final Path ROOT = Path.of("..");

    /** README row -> the root pom.xml property it states, and the suffix the README adds. */
    private static final Map<String, String[]> ROWS = rows();

    private static Map<String, String[]> rows() {
        Map<String, String[]> rows = new LinkedHashMap<>();
        rows.put("Java", new String[] {"maven.compiler.release", " or newer"});
        rows.put("LangChain4j", new String[] {"langchain4j.version", ""});
        rows.put("langchain4j-mcp", new String[] {"langchain4j-mcp.version", ""});
        rows.put("Spring Boot", new String[] {"spring-boot.version", ""});
        rows.put("Spring AI", new String[] {"spring-ai.version", ""});
        rows.put("MCP Java SDK", new String[] {"mcp-sdk.version", ""});
        return rows;
    }

    @Test
    void should_state_in_the_install_table_the_versions_the_root_pom_sets() throws Exception {
        Map<String, String> pom = properties(pom("pom.xml"));

        Map<String, String> table = installTable(Files.readString(ROOT.resolve("README.md")));

        Map<String, String> expected = new LinkedHashMap<>();
        ROWS.forEach((row, property) -> expected.put(row, pom.get(property[0]) + property[1]));
        assertThat(table).as("README.md, Install: the compatibility table against pom.xml's properties")
                .containsExactlyEntriesOf(expected);
    }

    @Test
    void should_name_the_build_version_in_every_code_mode_coordinate_of_the_readme() throws Exception {
        String version = text(pom("pom.xml").getDocumentElement(), "version");
        String readme = Files.readString(ROOT.resolve("README.md"));

        List<String> versions = codeModeVersions(readme);

        assertThat(versions).as("dev.codemode versions in README.md").isNotEmpty().containsOnly(version);
    }

    @Test
    void should_build_the_consumer_projects_on_the_versions_of_this_build() throws Exception {
        Document root = pom("pom.xml");
        Map<String, String> pom = properties(root);
        String version = text(root.getDocumentElement(), "version");

        Document langchain4j = pom("consumers/langchain4j/pom.xml");
        Document spring = pom("consumers/spring-boot/pom.xml");

        assertThat(properties(langchain4j)).containsEntry("codemode.version", version);
        assertThat(properties(spring)).containsEntry("codemode.version", version)
                .containsEntry("spring-ai.version", pom.get("spring-ai.version"));
        Element parent = (Element) spring.getElementsByTagName("parent").item(0);
        assertThat(text(parent, "artifactId")).isEqualTo("spring-boot-starter-parent");
        assertThat(text(parent, "version")).isEqualTo(pom.get("spring-boot.version"));
        assertThat(langchain4j.getElementsByTagName("parent").getLength()).as("no parent from this project").isZero();
    }

    @Test
    void should_read_a_changed_table_as_different() {
        String readme = "\n## Install\n\n| | version |\n|---|---|\n| Java | 17 or newer |\n| Spring AI | 9.9.9 |\n\n## Next\n"
                + "| Spring AI | 2.0.1 |\n";

        assertThat(installTable(readme)).containsExactly(Map.entry("Java", "17 or newer"), Map.entry("Spring AI", "9.9.9"));
        assertThat(codeModeVersions("<groupId>dev.codemode</groupId>\n  <artifactId>x</artifactId>\n  <version>1.2</version>"
                + " platform(\"dev.codemode:codemode-bom:3.4\")")).containsExactly("1.2", "3.4");
    }

    /** The two-column table of the "## Install" section, row name to version. */
    static Map<String, String> installTable(String readme) {
        int start = readme.indexOf("\n## Install\n");
        assertThat(start).as("README.md has an Install section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        Map<String, String> table = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| ([^|]+?) \\| ([^|]+?) \\|$").matcher(section);
        while (row.find()) {
            if (!row.group(2).equals("version") && !row.group(1).startsWith("-")) {
                table.put(row.group(1), row.group(2));
            }
        }
        return table;
    }

    static List<String> codeModeVersions(String text) {
        List<String> versions = new ArrayList<>();
        Matcher xml = Pattern.compile("<groupId>dev\\.codemode</groupId>\\s*<artifactId>[^<]+</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(text);
        while (xml.find()) {
            versions.add(xml.group(1));
        }
        Matcher gradle = Pattern.compile("\"dev\\.codemode:[a-z0-9-]+:([^\"]+)\"").matcher(text);
        while (gradle.find()) {
            versions.add(gradle.group(1));
        }
        return versions;
    }

    private static Document pom(String file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(ROOT.resolve(file).toFile());
    }

    private static Map<String, String> properties(Document pom) {
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList blocks = pom.getDocumentElement().getElementsByTagName("properties");
        for (int b = 0; b < blocks.getLength(); b++) {
            if (blocks.item(b).getParentNode() != pom.getDocumentElement()) {
                continue;                                         // profiles' properties are not the build's
            }
            NodeList children = blocks.item(b).getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i).getNodeType() == Node.ELEMENT_NODE) {
                    properties.put(children.item(i).getNodeName(), children.item(i).getTextContent().trim());
                }
            }
        }
        return properties;
    }

    /** The text of {@code element}'s direct child {@code name}. */
    private static String text(Element element, String name) {
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equals(name)) {
                return children.item(i).getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + name + "> under <" + element.getNodeName() + ">");
    }
}
