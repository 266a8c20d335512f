package dev.codemode.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A server made of plain Java functions, for in-process tools and tests.
 *
 * <pre>{@code
 * ToolSource crm = FunctionToolSource.builder("crm")
 *         .description("Customer records")
 *         .tool(ToolDescriptor.of("crm", "lookup_customer", "One customer by id.", schema),
 *               args -> customers.get(args.get("customer_id")))
 *         .build();
 * }</pre>
 *
 * <p>Stubs, docs and argument errors list parameters (and result fields) in the schema maps' iteration
 * order, as an MCP server's JSON gives them: build {@code properties} with a {@link LinkedHashMap}.
 * {@code Map.of} iterates in an order drawn afresh in every JVM, so the text the model reads would
 * change from run to run.
 */
public final class FunctionToolSource implements ToolSource {

    private final String serverName;
    private final String description;
    private final Map<String, ToolDescriptor> descriptors;
    private final Map<String, ToolFunction> functions;

    private FunctionToolSource(Builder builder) {
        this.serverName = builder.serverName;
        this.description = builder.description == null ? "" : builder.description;
        this.descriptors = new LinkedHashMap<>(builder.descriptors);
        this.functions = new LinkedHashMap<>(builder.functions);
    }

    public static Builder builder(String serverName) {
        return new Builder(serverName);
    }

    @Override
    public String serverName() {
        return serverName;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ToolDescriptor> listTools() {
        return new ArrayList<>(descriptors.values());
    }

    @Override
    public ToolResult callTool(String toolName, Map<String, Object> arguments) {
        ToolFunction function = functions.get(toolName);
        if (function == null) {
            throw new ToolCallException(serverName + " has no tool " + toolName);
        }
        try {
            Object value = function.apply(arguments);
            return value instanceof ToolResult result ? result : ToolResult.of(value);
        } catch (ToolCallException e) {
            throw e; // the function says the tool could not be reached, not that it answered with an error
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolCallException(serverName + "." + toolName + " was interrupted");
        } catch (Exception e) {
            return ToolResult.error(Failures.ownMessage(e));
        }
    }

    public static final class Builder {
        private final String serverName;
        private String description;
        private final Map<String, ToolDescriptor> descriptors = new LinkedHashMap<>();
        private final Map<String, ToolFunction> functions = new LinkedHashMap<>();

        private Builder(String serverName) {
            this.serverName = Objects.requireNonNull(serverName, "serverName");
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Adds a tool; the descriptor's server name is replaced by this source's. */
        public Builder tool(ToolDescriptor descriptor, ToolFunction function) {
            Objects.requireNonNull(descriptor, "descriptor");
            Objects.requireNonNull(function, "function");
            ToolDescriptor own = new ToolDescriptor(serverName, descriptor.name(), descriptor.description(),
                    descriptor.inputSchema(), descriptor.outputSchema(), descriptor.annotations());
            descriptors.put(own.name(), own);
            functions.put(own.name(), function);
            return this;
        }

        /** Adds a tool from its parts. */
        public Builder tool(String name, String description, Map<String, Object> inputSchema, ToolFunction function) {
            return tool(ToolDescriptor.of(serverName, name, description, inputSchema), function);
        }

        public FunctionToolSource build() {
            return new FunctionToolSource(this);
        }
    }
}
