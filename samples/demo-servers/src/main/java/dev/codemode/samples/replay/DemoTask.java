package dev.codemode.samples.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo task (<i>Give customer c42 a loyalty discount and email them</i>) as the samples' offline
 * replay models play it: list the stub files, read the ones the task needs, run one script, answer
 * from its result. Framework-neutral: each sample's replay model translates its framework's messages
 * into {@link #next} and the {@link Step} back. It reads nothing but the conversation, like a real
 * model, so a sample shows exactly what Code Mode returns.
 */
public final class DemoTask {

    /** The request the samples suggest. */
    public static final String PROMPT = "Give customer c42 a loyalty discount and email them";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CUSTOMER = Pattern.compile("\\bc\\d+\\b");
    private static final List<String> NEEDED_SERVERS = List.of("crm", "orders", "billing", "email");
    private static final List<String> NEEDED_TOOLS = List.of("lookup_customer", "order_history", "apply_discount",
            "send_confirmation");

    private DemoTask() {
    }

    /** One tool result the model was sent since the user's last message. */
    public record ToolOutput(String tool, String text) {
    }

    /** One tool call the model asks for; {@code arguments} is a JSON object. */
    public record Call(String tool, String arguments) {
    }

    /** What the model does next: call tools, or answer. */
    public sealed interface Step {
    }

    /** Call these tools (all in one model response). */
    public record Calls(List<Call> calls) implements Step {
        public Calls {
            calls = List.copyOf(calls);
        }
    }

    /** Answer the user with this text. */
    public record Answer(String text) implements Step {
    }

    /**
     * The next step, from the user's last message and the tool results sent since, oldest first.
     */
    public static Step next(String userMessage, List<ToolOutput> outputsSinceUser) {
        Matcher customer = CUSTOMER.matcher(userMessage == null ? "" : userMessage);
        if (!customer.find()) {
            return new Answer("(replay) I can only replay the demo task. Try: \"" + PROMPT + ".\"");
        }
        if (outputsSinceUser.isEmpty()) {
            return call("listToolFiles", Map.of());
        }
        ToolOutput last = outputsSinceUser.get(outputsSinceUser.size() - 1);
        return switch (last.tool()) {
            case "listToolFiles" -> readNeededFiles(last.text());
            case "readToolFile" -> call("executeToolCode", Map.of("code", script(customer.group())));
            case "executeToolCode" -> new Answer(summarise(last.text()));
            default -> new Answer("(replay) unexpected tool result from " + last.tool());
        };
    }

    /**
     * One readToolFile per listed file that holds a tool the task needs, in one step. With a file per
     * server the listing names the files; with a file per tool it names each server's directory and
     * its tools, and a tool's file is {@code servers/<server>/<tool>.pyi}.
     */
    private static Step readNeededFiles(String listing) {
        List<Call> reads = new ArrayList<>();
        for (String line : listing.lines().toList()) {
            String path = line.split("\\s+")[0];
            if (NEEDED_SERVERS.stream().anyMatch(s -> path.equals("servers/" + s + ".pyi"))) {
                reads.add(new Call("readToolFile", json(Map.of("fileName", path))));
            } else if (path.startsWith("servers/") && path.endsWith("/")) {
                String tools = line.substring(path.length()).split("#", 2)[0];
                for (String tool : tools.split("[,\\s]+")) {
                    if (NEEDED_TOOLS.contains(tool)) {
                        reads.add(new Call("readToolFile", json(Map.of("fileName", path + tool + ".pyi"))));
                    }
                }
            }
        }
        if (reads.isEmpty()) {
            return new Answer("(replay) the tools this task needs are not available to you.");
        }
        return new Calls(reads);
    }

    private static Step call(String tool, Map<String, Object> arguments) {
        return new Calls(List.of(new Call(tool, json(arguments))));
    }

    /** The task as one script for one customer: the two lookups at once, then the discount, then the email. */
    public static String script(String customerId) {
        return """
                pairs = parallel([(crm.lookup_customer, {"customer_id": "%1$s"}),
                                  (orders.order_history, {"customer_id": "%1$s"})])
                for value, error in pairs:
                    if error:
                        fail(error)
                c = pairs[0][0]
                history = pairs[1][0]["orders"]
                spent = round(sum([o["total"] for o in history]), 2)
                percent = 10 if spent > 500 else 5
                d = billing.apply_discount(customer_id=c["id"], percent=percent, reason="loyalty")
                email.send_confirmation(to=c["email"], subject="A %%d%%%% discount for you" %% percent,
                                        body="Hello %%s, your code is %%s." %% (c["name"], d["code"]))
                result = {"customer": c["id"], "name": c["name"], "spent": spent, "discount": d["code"],
                          "percent": percent, "emailed": True}
                """.formatted(customerId);
    }

    /** What the replay model says after the script: the facts of the result, or what went wrong. */
    public static String summarise(String executeToolCodeOutput) {
        Object parsed;
        try {
            parsed = JSON.readValue(executeToolCodeOutput, Object.class);
        } catch (JacksonException e) {
            return "(replay) the script returned something I cannot read: " + executeToolCodeOutput;
        }
        if (!(parsed instanceof Map<?, ?> out)) {
            return "(replay) unexpected result: " + executeToolCodeOutput;
        }
        if (out.get("error") != null) {
            return "I could not do it: " + out.get("error") + (out.get("hint") == null ? "" : " (" + out.get("hint") + ")");
        }
        if (!(out.get("result") instanceof Map<?, ?> r)) {
            return "(replay) the script returned no result: " + executeToolCodeOutput;
        }
        return "Done. %s (%s) has spent %s; I gave them a %s%% loyalty discount, code %s, and emailed them."
                .formatted(r.get("name"), r.get("customer"), r.get("spent"), r.get("percent"), r.get("discount"));
    }

    private static String json(Map<String, Object> value) {
        return JSON.writeValueAsString(value);
    }
}
