package dev.codemode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.FunctionToolSource;
import dev.codemode.catalog.ToolSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Models often pass the user's request as the listing query: its question words must not decide the ranking. */
class FileRankerTest {

    static Map<String, Object> schema() {
        return Map.of("type", "object", "properties", Map.of("status", Map.of("type", "string")));
    }

    @Test
    void should_rank_by_the_words_that_name_the_task_when_the_query_is_a_question() {
        List<ToolSource> sources = new ArrayList<>();
        // every server has a tool whose description says "how many": rare words in BM25 terms
        for (String entity : List.of("ticket", "event", "message", "deploy", "report", "item")) {
            sources.add(FunctionToolSource.builder(entity + "s")
                    .tool("list_tags", "List the tags in use, with how many " + entity + "s carry each.", schema(),
                            a -> List.of())
                    .tool("get_" + entity, "One " + entity + " by id.", schema(), a -> Map.of()).build());
        }
        sources.add(FunctionToolSource.builder("payments")
                .tool("count_invoices", "Count invoices matching the filters, by status such as overdue.", schema(),
                        a -> Map.of("count", 3))
                .tool("list_invoices", "Invoices by status, newest first.", schema(), a -> List.of()).build());
        try (CodeMode codeMode = CodeMode.builder().toolSources(sources).build()) {
            List<String> ranked = new ArrayList<>();
            FileRanker.of(codeMode.view(CallContext.anonymous())).rank("How many invoices are overdue?")
                    .forEach(t -> ranked.add(t.id()));

            assertThat(ranked.get(0)).isEqualTo("payments.count_invoices");
            assertThat(ranked).noneMatch(id -> id.endsWith("list_tags"));
            assertThat(FileRanker.tokens("How many of their customers are on each plan tier?"))
                    .containsExactly("customer", "plan", "tier");
        }
    }
}
