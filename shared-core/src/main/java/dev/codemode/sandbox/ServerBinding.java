package dev.codemode.sandbox;

import com.google.common.collect.ImmutableList;
import dev.codemode.catalog.CatalogServer;
import dev.codemode.catalog.CatalogTool;
import dev.codemode.catalog.CatalogView;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.starlark.java.annot.StarlarkBuiltin;
import net.starlark.java.eval.Printer;
import net.starlark.java.eval.Structure;
import net.starlark.java.spelling.SpellChecker;

/**
 * A server as a script global: {@code crm.lookup_customer(...)}. Its fields are the tools of the
 * caller's view and nothing else; it has no methods and holds no credentials.
 *
 * <p>Bindings are immutable and find the run they serve through the thread ({@link ScriptRun#of}), so
 * a view's globals are built once ({@link #globals}) and shared by every script run on that view.
 */
@StarlarkBuiltin(name = "server", documented = false)
final class ServerBinding implements Structure {

    private final String id;
    /** Why the server's tools could not be listed, or {@code null}. */
    private final String error;
    private final Map<String, ToolBinding> tools = new LinkedHashMap<>();

    /**
     * {@code builtins} and one binding per server of {@code view}: a script's predeclared globals, built
     * once per view and set of builtins (an interpreter's), and shared.
     */
    static Map<String, Object> globals(CatalogView view, Map<String, Object> builtins) {
        return view.derived(new GlobalsKey(builtins), v -> {
            Map<String, Object> globals = new HashMap<>(builtins);
            for (CatalogServer server : v.servers()) {
                globals.put(server.id(), new ServerBinding(server));
            }
            return Map.copyOf(globals);
        });
    }

    /** The globals of one set of builtins: compared by identity, never by walking the map. */
    private static final class GlobalsKey {
        private final Map<String, Object> builtins;

        GlobalsKey(Map<String, Object> builtins) {
            this.builtins = builtins;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GlobalsKey k && k.builtins == builtins;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(builtins);
        }
    }

    ServerBinding(CatalogServer server) {
        this.id = server.id();
        this.error = server.error();
        for (CatalogTool tool : server.tools()) {
            tools.put(tool.toolId(), new ToolBinding(tool));
        }
    }

    @Override
    public Object getValue(String name) {
        return tools.get(name);
    }

    @Override
    public ImmutableList<String> getFieldNames() {
        return ImmutableList.copyOf(tools.keySet());
    }

    @Override
    public String getErrorMessageForUnknownField(String name) {
        return unknownTool(name);
    }

    boolean hasTool(String name) {
        return tools.containsKey(name);
    }

    /** Why {@code server.name} names nothing, and what it has, in one line: the run-time message. */
    String unknownTool(String name) {
        String hint = unknownToolHint(name);
        return unknownToolMessage(name) + (hint == null ? "" : hint.startsWith("did") ? "; " + hint : ". " + hint);
    }

    /** Why {@code server.name} names nothing: the server is down, or it has no such tool. */
    String unknownToolMessage(String name) {
        return tools.isEmpty() && error != null ? "server " + id + " is unavailable: " + error
                : id + " has no tool " + name;
    }

    /** The closest tool and the tools the server has, or {@code null} when it is down. */
    String unknownToolHint(String name) {
        if (tools.isEmpty() && error != null) {
            return null;
        }
        List<String> names = List.copyOf(tools.keySet());
        String suggestion = SpellChecker.suggest(name, names);
        return (suggestion == null ? "" : "did you mean " + id + "." + suggestion + "? ") + id + " has: "
                + String.join(", ", names);
    }

    @Override
    public boolean isImmutable() {
        return true;
    }

    @Override
    public void repr(Printer printer) {
        printer.append("<server ").append(id).append(">");
    }
}
