package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.CodeMode;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolAnnotations;
import dev.codemode.catalog.ToolDescriptor;
import dev.codemode.catalog.ToolResult;
import dev.codemode.catalog.ToolSource;
import dev.codemode.stubs.BindingLevel;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetaToolsTest {

    static CodeMode codeMode;

    static Map<String, Object> schema(String... params) {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        for (String p : params) {
            props.put(p, Map.of("type", "string"));
        }
        return Map.of("type", "object", "properties", props, "required", List.of(params));
    }

    @BeforeAll
    static void setUp() {
        ToolSource crm = FunctionToolSource.builder("crm").description("Customer records")
                .tool(new ToolDescriptor("crm", "lookup-customer", "One customer by id.", schema("customer_id"), null,
                        ToolAnnotations.readOnly()), a -> Map.of("id", a.get("customer_id")))
                .tool("search_customers", "Customers whose name matches a query.", schema("query"), a -> List.of())
                .build();
        ToolSource billing = FunctionToolSource.builder("billing").description("Discounts and refunds")
                .tool("apply_discount", "Give a discount code.", schema("customer_id", "percent"), a -> "SAVE10")
                .tool("refund", "Refund an order in full.", schema("order_id"), a -> ToolResult.error("order is locked"))
                .build();
        ToolSource down = down();
        codeMode = CodeMode.builder().toolSources(crm, billing, down).autoExecute("billing.*").build();
    }

    @AfterAll
    static void tearDown() {
        codeMode.close();
    }

    @Test
    void should_expose_exactly_the_four_meta_tools_with_their_argument_names() {
        assertThat(codeMode.specs()).extracting(MetaToolSpec::name)
                .containsExactly("listToolFiles", "readToolFile", "getToolDocs", "executeToolCode");
        assertThat(codeMode.specs()).extracting(s -> ((Map<?, ?>) s.inputSchema().get("properties")).keySet().toString())
                .containsExactly("[query]", "[fileName, startLine, endLine]", "[server, tool]", "[code]");
        assertThat(codeMode.specs().get(3).description()).contains("try_call").contains("parallel").contains("while");
    }

    @Test
    void should_list_files_with_counts_summaries_and_unavailable_servers() {
        String tree = codeMode.call("listToolFiles", Map.of()).text();
        assertThat(tree).isEqualTo("""
                servers/billing.pyi  2 tools      Discounts and refunds
                servers/crm.pyi      2 tools      Customer records
                servers/weather.pyi  unavailable  connection refused
                Read a file with readToolFile; call tools from executeToolCode as billing.apply_discount(...).""");
    }

    @Test
    void should_summarise_a_server_whose_instructions_start_with_a_markdown_heading_without_its_marks() {
        ToolSource everything = FunctionToolSource.builder("everything")
                .description("# Everything Server \u2013 Server Instructions\n\n**Note:** this server exercises"
                        + " every feature of the protocol.")
                .tool("echo", "Echo the message back.", schema("message"), a -> a.get("message"))
                .tool("add", "Add two numbers.", schema("a", "b"), a -> 0)
                .build();
        try (CodeMode server = CodeMode.builder().toolSources(everything).build();
                CodeMode tool = CodeMode.builder().toolSources(everything).bindingLevel(BindingLevel.TOOL).build()) {
            assertThat(server.call("listToolFiles", Map.of()).text())
                    .startsWith("servers/everything.pyi  2 tools  Everything Server \u2013 Server Instructions\n");
            assertThat(tool.call("listToolFiles", Map.of()).text())
                    .startsWith("servers/everything/  echo, add  # Everything Server \u2013 Server Instructions\n");
            assertThat(server.call("readToolFile", Map.of("fileName", "servers/everything.pyi")).text())
                    .startsWith("# everything: everything Server \u2013 Server Instructions. ");
        }
    }

    @Test
    void should_rank_tools_for_a_query_and_show_each_as_a_signature_under_its_file() {
        assertThat(codeMode.call("listToolFiles", Map.of("query", "refund an order")).text())
                .startsWith("servers/billing.pyi\n  billing.refund(order_id: str) -> Any  # Refund an order in full.\n");
        // billing.* runs without asking here, the crm tools need approval and say so
        assertThat(codeMode.call("listToolFiles", Map.of("query", "customers")).text()).isEqualTo("""
                servers/crm.pyi
                  crm.lookup_customer(customer_id: str) -> Any  # needs approval. One customer by id.
                  crm.search_customers(query: str) -> Any  # needs approval. Customers whose name matches a query.
                servers/billing.pyi
                  billing.apply_discount(customer_id: str, percent: str) -> Any  # Give a discount code.
                Call these in executeToolCode; readToolFile shows a file's types. Unmarked tools run without asking.""");
        assertThat(codeMode.call("listToolFiles", Map.of("query", "zebra")).text()).contains("No tool matches \"zebra\"");
    }

    @Test
    void should_read_files_and_line_ranges_and_accept_loose_names() {
        String full = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi")).text();
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "crm")).text()).isEqualTo(full);
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "/servers/crm.py")).text()).isEqualTo(full);
        List<String> lines = full.lines().toList();
        // a range is numbered, and says where the file goes on
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi", "startLine", 2, "endLine", "3"))
                .text()).isEqualTo("2| " + lines.get(1) + "\n3| " + lines.get(2) + "\n# lines 2-3 of " + lines.size());
        String tail = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi", "startLine", lines.size() - 1))
                .text();
        assertThat(tail).isEqualTo((lines.size() - 1) + "| " + lines.get(lines.size() - 2) + "\n" + lines.size() + "| "
                + lines.get(lines.size() - 1));
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi", "endLine", 1)).text())
                .isEqualTo("1| " + lines.get(0) + "\n# lines 1-1 of " + lines.size());
        MetaToolResult outside = codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi", "startLine", 99));
        assertThat(outside.isError()).isTrue();
        assertThat(outside.text()).contains("which has lines 1-" + lines.size());
    }

    @Test
    void should_suggest_existing_files_for_a_wrong_name() {
        MetaToolResult r = codeMode.call("readToolFile", Map.of("fileName", "servers/crmm.pyi"));
        assertThat(r.isError()).isTrue();
        assertThat(r.text()).isEqualTo("no file servers/crmm.pyi; did you mean servers/crm.pyi?"
                + " Files: servers/billing.pyi, servers/crm.pyi");
    }

    @Test
    void should_document_tools_by_identifier_or_original_name_and_suggest_on_typos() {
        String docs = codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "lookup_customer")).text();
        assertThat(codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "lookup-customer")).text()).isEqualTo(docs);
        assertThat(codeMode.call("getToolDocs", Map.of("server", "crm", "tool", "lookup_custmer")).text())
                .isEqualTo("crm has no tool lookup_custmer; did you mean lookup_customer? crm has: lookup_customer,"
                        + " search_customers");
        assertThat(codeMode.call("getToolDocs", Map.of("server", "billng", "tool", "refund")).text())
                .startsWith("no server billng; did you mean billing?");
    }

    @Test
    void should_return_script_results_and_flag_failures() {
        MetaToolResult ok = codeMode.call("executeToolCode", "{\"code\": \"result = billing.apply_discount("
                + "customer_id='c1', percent='10')\"}");
        assertThat(ok.isError()).isFalse();
        assertThat(ok.text()).startsWith("{\"result\":\"SAVE10\",\"logs\":[],\"toolCalls\":1,\"ms\":");
        MetaToolResult failed = codeMode.call("executeToolCode", Map.of("code", "billing.refund(order_id='o1')"));
        assertThat(failed.isError()).isTrue();
        assertThat(failed.text()).startsWith("{\"error\":\"billing.refund failed: order is locked\",\"line\":1,");
    }

    @Test
    void should_answer_bad_calls_with_errors_not_exceptions() {
        assertThat(codeMode.call("deleteEverything", Map.of()).text()).startsWith("no meta-tool deleteEverything; use");
        assertThat(codeMode.call("readToolFile", Map.of()).text()).isEqualTo("readToolFile: missing argument fileName");
        assertThat(codeMode.call("executeToolCode", "{not json").text()).startsWith("arguments of executeToolCode are not"
                + " valid JSON");
        assertThat(codeMode.call("executeToolCode", "[1]").text()).isEqualTo("arguments of executeToolCode must be a JSON"
                + " object");
        assertThat(codeMode.call("readToolFile", Map.of("fileName", "servers/crm.pyi", "startLine", "x")).text())
                .isEqualTo("readToolFile: startLine must be an integer");
    }

    /** A server that cannot be reached: its tools cannot be listed. */
    static ToolSource down() {
        return new ToolSource() {
            @Override
            public String serverName() {
                return "weather";
            }

            @Override
            public List<ToolDescriptor> listTools() {
                throw new IllegalStateException(new java.net.ConnectException("Connection refused"));
            }

            @Override
            public ToolResult callTool(String toolName, Map<String, Object> arguments) {
                throw new IllegalStateException("unreachable");
            }
        };
    }
}
