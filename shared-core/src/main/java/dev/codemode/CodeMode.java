package dev.codemode;

import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.catalog.ToolSource;
import dev.codemode.meta.MetaToolResult;
import dev.codemode.meta.MetaToolSpec;
import dev.codemode.meta.MetaTools;
import dev.codemode.sandbox.Interpreter;
import dev.codemode.sandbox.Limits;
import dev.codemode.sandbox.StarlarkInterpreter;
import dev.codemode.sandbox.ToolInvoker;
import dev.codemode.stubs.BindingLevel;
import dev.codemode.stubs.StubGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The entry point of the core: a catalog over tool sources, the stub generator, the interpreter and
 * the four meta-tools, built once and shared by every request.
 *
 * <pre>{@code
 * try (CodeMode codeMode = CodeMode.builder()
 *         .toolSources(crm, orders)
 *         .bindingLevel(BindingLevel.SERVER)
 *         .build()) {
 *     String tree = codeMode.call("listToolFiles", Map.of()).text();
 *     String answer = codeMode.call("executeToolCode", Map.of("code", "result = crm.lookup_customer(customer_id=\"c1\")")).text();
 * }
 * }</pre>
 *
 * <p>Closing stops the interpreter's threads and closes the tool sources this instance was given
 * only when {@link Builder#closeSources(boolean)} says so (off by default: whoever created a
 * source closes it).
 */
public final class CodeMode implements AutoCloseable {

    private final ToolCatalog catalog;
    private final List<ToolSource> sources;
    private final boolean closeSources;
    private final Interpreter interpreter;
    private final boolean ownsInterpreter;
    private final MetaTools metaTools;

    private CodeMode(Builder b) {
        if (b.sources.isEmpty()) {
            throw new IllegalArgumentException("no tool sources: call CodeMode.builder().toolSources(...)");
        }
        this.sources = List.copyOf(b.sources);
        this.closeSources = b.closeSources;
        this.catalog = ToolCatalog.of(sources);
        Limits limits = b.limits == null ? Limits.DEFAULTS : b.limits;
        this.ownsInterpreter = b.interpreter == null;
        this.interpreter = b.interpreter != null ? b.interpreter : StarlarkInterpreter.builder().limits(limits).build();
        ToolInvoker direct = (tool, args) -> catalog.source(tool.serverId())
                .orElseThrow(() -> new dev.codemode.catalog.ToolCallException("server " + tool.serverId() + " is gone"))
                .callTool(tool.descriptor().name(), args);
        BindingLevel level = b.bindingLevel == null ? BindingLevel.SERVER : b.bindingLevel;
        this.metaTools = new MetaTools(new StubGenerator(level), interpreter, direct, limits.maxOutputChars());
    }

    public static Builder builder() {
        return new Builder();
    }

    public ToolCatalog catalog() {
        return catalog;
    }

    public MetaTools metaTools() {
        return metaTools;
    }

    /** The four meta-tools' specifications. */
    public List<MetaToolSpec> specs() {
        return metaTools.specs();
    }

    /** The view every meta-tool works on (the whole catalog until access control narrows it). */
    public CatalogView view() {
        return catalog.view();
    }

    /** Calls a meta-tool with arguments as a map. */
    public MetaToolResult call(String metaTool, Map<String, Object> arguments) {
        return metaTools.call(metaTool, arguments, view());
    }

    /** Calls a meta-tool with arguments as JSON text. */
    public MetaToolResult call(String metaTool, String argumentsJson) {
        return metaTools.call(metaTool, argumentsJson, view());
    }

    @Override
    public void close() {
        if (ownsInterpreter && interpreter instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // Closing thread pools does not fail in practice; nothing else to release.
            }
        }
        if (closeSources) {
            for (ToolSource source : sources) {
                source.close();
            }
        }
    }

    /** Boring on purpose: fields start null, defaults are applied by {@link CodeMode}. */
    public static final class Builder {
        private final List<ToolSource> sources = new ArrayList<>();
        private BindingLevel bindingLevel;
        private Limits limits;
        private Interpreter interpreter;
        private boolean closeSources;

        private Builder() {
        }

        public Builder toolSources(List<? extends ToolSource> sources) {
            this.sources.addAll(sources);
            return this;
        }

        public Builder toolSources(ToolSource... sources) {
            return toolSources(Arrays.asList(sources));
        }

        /** {@link BindingLevel#SERVER} (default): one stub file per server; {@code TOOL}: one per tool. */
        public Builder bindingLevel(BindingLevel bindingLevel) {
            this.bindingLevel = bindingLevel;
            return this;
        }

        /** Script limits; {@link Limits#DEFAULTS} when not set. Ignored when an interpreter is given. */
        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        /** Another interpreter; the caller keeps ownership and closes it. */
        public Builder interpreter(Interpreter interpreter) {
            this.interpreter = interpreter;
            return this;
        }

        /** Whether {@link CodeMode#close()} also closes the tool sources. Off by default. */
        public Builder closeSources(boolean closeSources) {
            this.closeSources = closeSources;
            return this;
        }

        public CodeMode build() {
            return new CodeMode(this);
        }
    }
}
