package dev.codemode.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.codemode.catalog.CatalogServer;
import dev.codemode.CodeMode;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolPattern;

/**
 * Checks every tool pattern and trusted server of the settings against the catalog once it is known: a
 * pattern that matches no tool of an available server, or a trusted server that does not exist, is a
 * mistake (a typo in a group would silently hide a tool), so start-up fails and names the property.
 * Servers that are unavailable right now are only warned about: the server may come back.
 */
final class SettingsCheck {

    private final CodeModeProperties properties;
    private final CatalogView catalog;
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    SettingsCheck(CodeModeProperties properties, CodeMode codeMode) {
        this.properties = properties;
        this.catalog = codeMode.view();
    }

    /** The warnings; throws {@link IllegalStateException} listing every error when there is one. */
    List<String> check() {
        properties.toolGroups().forEach((group, patterns) -> checkAll("tool-groups." + group, patterns));
        properties.virtualKeys().forEach((key, settings) -> checkAll("virtual-keys." + key + ".tools", settings.tools()));
        checkAll("auto-execute.tools", properties.autoExecute().tools());
        List<String> trusted = properties.autoExecute().trustedServers();
        for (int i = 0; i < trusted.size(); i++) {
            checkServer("auto-execute.trusted-servers[" + i + "]", trusted.get(i));
        }
        checkAll("direct-tools", properties.directTools());
        for (Map.Entry<String, ?> cost : properties.toolCosts().entrySet()) {
            check("tool-costs[" + cost.getKey() + "]", cost.getKey());
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("Code Mode settings name tools or servers the catalog does not have:\n  "
                    + String.join("\n  ", errors) + "\nServers: " + servers());
        }
        return warnings;
    }

    private void checkAll(String property, List<String> patterns) {
        for (int i = 0; i < patterns.size(); i++) {
            check(property + "[" + i + "]", patterns.get(i));
        }
    }

    private void check(String property, String text) {
        ToolPattern pattern = ToolPattern.parse(text);
        if (pattern.server().equals("*")) {
            return;
        }
        String where = CodeModeProperties.PREFIX + "." + property + " = " + text;
        Optional<CatalogServer> server = catalog.servers().stream()
                .filter(s -> s.id().equals(pattern.server()) || s.name().equals(pattern.server())).findFirst();
        if (server.isEmpty()) {
            errors.add(where + ": no server " + pattern.server());
        } else if (!server.get().isAvailable()) {
            warnings.add(where + ": server " + pattern.server() + " is unavailable now (" + server.get().error()
                    + "); the pattern is checked again only when it is used");
        } else if (server.get().tools().stream().noneMatch(pattern::matches)) {
            errors.add(where + ": server " + pattern.server() + " has no such tool (tools: "
                    + String.join(", ", server.get().tools().stream().map(t -> t.toolId()).toList()) + ")");
        }
    }

    /** A trusted server that does not exist is a typo: its read-only tools would ask, unexpectedly. */
    private void checkServer(String property, String name) {
        String where = CodeModeProperties.PREFIX + "." + property + " = " + name;
        Optional<CatalogServer> server = catalog.servers().stream()
                .filter(s -> s.id().equals(name) || s.name().equals(name)).findFirst();
        if (server.isEmpty()) {
            errors.add(where + ": no server " + name);
        } else if (!server.get().isAvailable()) {
            warnings.add(where + ": server " + name + " is unavailable now (" + server.get().error() + ")");
        }
    }

    private String servers() {
        return String.join(", ", catalog.servers().stream()
                .map(s -> s.isAvailable() ? s.id() : s.id() + " (unavailable)").toList());
    }
}
