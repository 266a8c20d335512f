package dev.codemode.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Modules tables of the README and docs/architecture.md list every module of the reactor (each
 * folder that builds an artifact, found from the root pom's modules, profiles included) with its
 * artifact, and a row for a folder that builds one names the right artifact.
 */
class ModuleTableTest {

    static final Path ROOT = Path.of("..");

    @Test
    void the_readme_lists_every_module_with_its_coordinates() throws Exception {
        Map<String, String> modules = modules();
        Map<String, String> rows = table(ROOT.resolve("README.md"));

        modules.forEach((folder, artifactId) -> assertThat(rows)
                .as("README.md, Modules: a row for %s", folder)
                .containsEntry(folder, "dev.codemode:" + artifactId));
        rows.forEach((folder, artifact) -> {
            if (modules.containsKey(folder)) {
                assertThat(artifact).as("README.md, Modules: the artifact of %s", folder)
                        .isEqualTo("dev.codemode:" + modules.get(folder));
            }
        });
    }

    @Test
    void the_architecture_page_lists_every_module_with_its_artifact() throws Exception {
        Map<String, String> modules = modules();
        Map<String, String> rows = table(ROOT.resolve("docs").resolve("architecture.md"));

        modules.forEach((folder, artifactId) -> assertThat(rows)
                .as("docs/architecture.md, Modules: a row for %s", folder)
                .containsEntry(folder, artifactId));
    }

    /** Folder (relative to the root, with '/') to artifactId, of every module that has no modules of its own. */
    static Map<String, String> modules() throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        collect(ROOT, "", found);
        assertThat(found).as("the reactor's modules").containsEntry("shared-core", "codemode-core");
        return found;
    }

    private static void collect(Path dir, String folder, Map<String, String> found) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document pom = factory.newDocumentBuilder().parse(dir.resolve("pom.xml").toFile());
        List<String> children = new ArrayList<>();
        NodeList modules = pom.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            children.add(modules.item(i).getTextContent().strip());
        }
        if (children.isEmpty()) {
            found.put(folder, childText(pom.getDocumentElement(), "artifactId"));
        }
        for (String child : children) {
            collect(dir.resolve(child), folder.isEmpty() ? child : folder + "/" + child, found);
        }
    }

    private static String childText(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().strip();
            }
        }
        throw new AssertionError("no <" + name + "> in <" + element.getTagName() + ">");
    }

    /** The rows of the page's "## Modules" table: first cell (the folder) to second (the artifact), backticks off. */
    static Map<String, String> table(Path page) throws Exception {
        List<String> lines = Files.readAllLines(page);
        int start = lines.indexOf("## Modules");
        assertThat(start).as("%s has a '## Modules' section", page).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            rows.put(cells[1].strip().replace("`", ""), cells[2].strip().replace("`", ""));
        }
        return rows;
    }
}
