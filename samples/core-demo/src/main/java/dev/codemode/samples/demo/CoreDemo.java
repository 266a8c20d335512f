package dev.codemode.samples.demo;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.codemode.CodeMode;
import dev.codemode.MetaToolResult;
import dev.codemode.MetaToolSpec;
import dev.codemode.policy.ApprovalPolicy;
import dev.codemode.stubs.BindingLevel;
import java.util.Map;

/**
 * Prints what the model sees for each meta-tool over an in-process catalog (customers, orders,
 * billing, email), with the tokens each answer costs, and runs the seed workflow as one script.
 *
 * <p>Run: {@code mvn -q -B -pl samples/core-demo -am compile exec:java}
 */
public final class CoreDemo {

    private static final Encoding TOKENS = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private CoreDemo() {
    }

    public static void main(String[] args) {
        BindingLevel level = args.length > 0 ? BindingLevel.valueOf(args[0].toUpperCase()) : BindingLevel.SERVER;
        // The demo's tools are in-process and harmless: every script runs without asking.
        try (CodeMode codeMode = CodeMode.builder().toolSources(DemoTools.all()).bindingLevel(level)
                .approvalPolicy(ApprovalPolicy.autoExecuteAll()).build()) {
            section("The four meta-tools the model sees (instead of " + codeMode.view().toolCount() + " tools)");
            StringBuilder specs = new StringBuilder();
            for (MetaToolSpec spec : codeMode.specs()) {
                specs.append(spec.name()).append(": ").append(spec.description()).append('\n');
            }
            print(specs.toString());

            show(codeMode, "listToolFiles()", "listToolFiles", Map.of());
            show(codeMode, "listToolFiles(query=\"discount\")", "listToolFiles", Map.of("query", "discount"));
            show(codeMode, "readToolFile(fileName=\"servers/crm.pyi\")", "readToolFile",
                    Map.of("fileName", level == BindingLevel.SERVER ? "servers/crm.pyi" : "servers/crm/lookup_customer.pyi"));
            show(codeMode, "getToolDocs(server=\"billing\", tool=\"apply_discount\")", "getToolDocs",
                    Map.of("server", "billing", "tool", "apply_discount"));
            show(codeMode, "executeToolCode: the seed workflow in one script", "executeToolCode", Map.of("code", """
                    c = crm.lookup_customer(customer_id="c42")
                    history = orders.order_history(customer_id=c["id"])
                    spent = sum([o["total"] for o in history])
                    percent = 10 if spent > 500 else 5
                    d = billing.apply_discount(customer_id=c["id"], percent=percent, reason="loyalty")
                    email.send_confirmation(to=c["email"], subject="A %d%% discount for you" % percent,
                                            body="Hello %s, your code is %s." % (c["name"], d["code"]))
                    print("orders: %d, spent: %s" % (len(history), spent))
                    result = {"customer": c["id"], "discount": d["code"], "percent": percent, "emailed": True}
                    """));
            show(codeMode, "executeToolCode: a script with a typo", "executeToolCode", Map.of("code", """
                    c = crm.lookup_customr(customer_id="c42")
                    result = c
                    """));
        }
    }

    private static void show(CodeMode codeMode, String title, String tool, Map<String, Object> args) {
        MetaToolResult r = codeMode.call(tool, args);
        section(title + (r.isError() ? "  [error]" : ""));
        if (args.containsKey("code")) {
            print("script:\n" + args.get("code").toString().indent(2) + "returns:");
        }
        print(r.text());
        System.out.println("  (" + TOKENS.countTokens(r.text()) + " tokens)");
    }

    private static void section(String title) {
        System.out.println();
        System.out.println("=== " + title);
    }

    private static void print(String text) {
        System.out.println(text.stripTrailing());
    }
}
