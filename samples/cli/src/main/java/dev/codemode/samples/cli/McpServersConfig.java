package dev.codemode.samples.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@code mcpServers} configuration, the format MCP desktop clients use:
 *
 * <pre>
 * {"mcpServers": {
 *   "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": {"K": "v"}},
 *   "crm":   {"url": "http://127.0.0.1:8931/crm/mcp"}
 * }}
 * </pre>
 *
 * A server with {@code command} runs over stdio, one with {@code url} over streamable HTTP. Entries
 * with {@code "disabled": true} are skipped. Every problem is a {@link ConfigException} with one line
 * naming the file, the server and what to write instead.
 */
record McpServersConfig(Path file, List<Server> servers) {

    /** Without the source text in error locations: a message names the line and column only. */
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** One server entry: {@code command} (stdio) or {@code url} (streamable HTTP), never both. */
    record Server(String name, String command, List<String> args, Map<String, String> env, URI url) {

        boolean isStdio() {
            return command != null;
        }

        /** {@code http://host:port} of a streamable HTTP server. */
        String baseUrl() {
            return url.getScheme() + "://" + url.getRawAuthority();
        }

        /** The path (and query) of a streamable HTTP server, {@code /} when the URL has none. */
        String endpoint() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }
    }

    static McpServersConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(file, text);
    }

    static McpServersConfig parse(Path file, String text) {
        Object root;
        try {
            root = JSON.readValue(text, Object.class);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr();
            throw new ConfigException("config file " + file + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("").replaceFirst("\\s*\\(start marker at .*", ""));
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("mcpServers") instanceof Map<?, ?> entries)) {
            throw new ConfigException("config file " + file + " has no \"mcpServers\" object; write"
                    + " {\"mcpServers\": {\"name\": {\"command\": ...} or {\"url\": ...}}}");
        }
        List<Server> servers = new ArrayList<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw new ConfigException(at(file, name) + " must be an object with \"command\" or \"url\"");
            }
            if (Boolean.TRUE.equals(entry.get("disabled"))) {
                continue;
            }
            servers.add(server(file, name, entry));
        }
        if (servers.isEmpty()) {
            throw new ConfigException("config file " + file + " lists no enabled server under \"mcpServers\"");
        }
        return new McpServersConfig(file, List.copyOf(servers));
    }

    private static Server server(Path file, String name, Map<?, ?> entry) {
        if (name.isBlank()) {
            throw new ConfigException("config file " + file + ": a server under \"mcpServers\" has an empty name");
        }
        Object command = entry.get("command");
        Object url = entry.get("url");
        Object type = entry.get("type");
        if (type != null && !List.of("stdio", "http", "streamable-http", "streamableHttp").contains(type)) {
            throw new ConfigException(at(file, name) + " has \"type\": \"" + type + "\"; only stdio (\"command\") and"
                    + " streamable HTTP (\"url\") servers are supported");
        }
        if (entry.containsKey("headers")) {
            throw new ConfigException(at(file, name) + " has \"headers\", which are not supported; put credentials"
                    + " in the server's environment (\"env\") or its URL");
        }
        if (command == null && url == null) {
            throw new ConfigException(at(file, name) + " has neither \"command\" (a stdio server) nor \"url\""
                    + " (a streamable HTTP server)");
        }
        if (command != null && url != null) {
            throw new ConfigException(at(file, name) + " has both \"command\" and \"url\"; keep one");
        }
        if (command != null) {
            if (!(command instanceof String c) || c.isBlank()) {
                throw new ConfigException(at(file, name) + ": \"command\" must be a non-empty string");
            }
            return new Server(name, c, strings(file, name, entry.get("args")), env(file, name, entry.get("env")), null);
        }
        if (entry.containsKey("args") || entry.containsKey("env")) {
            throw new ConfigException(at(file, name) + " has \"url\" with \"args\" or \"env\", which belong to"
                    + " \"command\" servers");
        }
        return new Server(name, null, List.of(), Map.of(), url(file, name, url));
    }

    private static List<String> strings(Path file, String name, Object args) {
        if (args == null) {
            return List.of();
        }
        if (!(args instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new ConfigException(at(file, name) + ": \"args\" must be an array of strings");
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static Map<String, String> env(Path file, String name, Object env) {
        if (env == null) {
            return Map.of();
        }
        if (!(env instanceof Map<?, ?> map) || !map.values().stream().allMatch(String.class::isInstance)) {
            throw new ConfigException(at(file, name) + ": \"env\" must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), (String) v));
        return out;
    }

    private static URI url(Path file, String name, Object url) {
        if (url instanceof String s) {
            try {
                URI uri = new URI(s.strip());
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
        }
        throw new ConfigException(at(file, name) + ": \"url\" must be an http:// or https:// URL, e.g."
                + " \"http://127.0.0.1:8931/mcp\"");
    }

    private static String at(Path file, String name) {
        return "config file " + file + ": server \"" + name + "\"";
    }
}
